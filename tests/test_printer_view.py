"""The printer view: printer.cfg's MCUs, each with how it is reached and what the scan saw (issue 11)."""

from __future__ import annotations

import io

from rich.console import Console

from doctor import render
from doctor.commands.scan import has_boards

BY_ID = "/dev/serial/by-id/usb-Klipper_stm32h723xx_2B0023001051313236343430-if00"

FACTS = {
    "klipper": {"printer_cfg": {"path": "/home/pi/printer_data/config/printer.cfg", "mcus": [
        {"name": "mcu", "serial": BY_ID},
        {"name": "rpi", "serial": "/tmp/klipper_host_mcu"},
        {"name": "EBBCan", "canbus_uuid": "7d4b7d3c2a1f"},
        {"name": "old", "serial": "/dev/serial/by-id/usb-Klipper_stm32f103xe_FF00-if00"},
    ]}},
    "serial": {
        "ports": [
            {"device": "/dev/ttyACM0", "kind": "usb-acm", "exists": True, "by_id": [BY_ID], "holders": [{"pid": 812, "comm": "python"}]},
            {"device": "/tmp/klipper_host_mcu", "kind": "pty", "exists": True, "holders": []},
            {"device": "/dev/serial/by-id/usb-Klipper_stm32f103xe_FF00-if00", "kind": "other", "exists": False},
            {"device": "/dev/ttyS0", "kind": "uart", "exists": True},
        ],
        "by_id": [{"name": BY_ID, "target": "/dev/ttyACM0"}],
    },
    "can": {"interfaces": [{"name": "can0", "up": True, "bitrate": 1000000}]},
}


def test_each_configured_mcu_is_shown_with_what_the_scan_saw() -> None:
    rows = {r["name"]: r for r in render.printer_view(FACTS)}
    assert rows["mcu"]["via"] == BY_ID and rows["mcu"]["state"] == "present (/dev/ttyACM0), held by python (812)"
    assert rows["rpi"]["state"] == "host MCU (Linux process)"
    assert rows["EBBCan"]["state"] == "can0 up, 1000000 bit/s"
    assert rows["old"]["state"].startswith("missing")


def test_paths_are_printed_whole_at_any_width() -> None:
    out = io.StringIO()
    render.print_printer(Console(file=out, width=40, no_color=True), FACTS)
    assert BY_ID in out.getvalue().replace("\n", "")  # wrapped by the terminal, never cut with an ellipsis
    assert "…" not in out.getvalue()


def test_a_host_mcu_alone_is_a_board() -> None:
    """Klipper's Linux MCU running: not "No boards found"."""
    only_host = {"klipper": {"printer_cfg": {"mcus": [{"name": "rpi", "serial": "/tmp/klipper_host_mcu"}]}},
                 "serial": {"ports": [{"device": "/tmp/klipper_host_mcu", "kind": "pty", "exists": True}]}}
    assert has_boards(only_host)
    gone = {"klipper": {"printer_cfg": {"mcus": [{"name": "mcu", "serial": BY_ID}]}}, "serial": {"ports": []}}
    assert not has_boards(gone)


def test_every_printer_instance_of_a_home_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """KIAUH's layout for two printers: ~/printer_data and ~/printer_1_data, each with its MCUs; the newest
    klippy.log is the one read."""
    import json
    import os
    import subprocess
    import sys

    for name, serial in (("printer_data", "/dev/serial/by-id/usb-Klipper_stm32f446xx_AA-if00"), ("printer_1_data", "/dev/serial/by-id/usb-Klipper_rp2040_BB-if00")):
        (tmp_path / name / "config").mkdir(parents=True)
        (tmp_path / name / "logs").mkdir()
        (tmp_path / name / "config" / "printer.cfg").write_text(f"[mcu]\nserial: {serial}\n")
        (tmp_path / name / "logs" / "klippy.log").write_text("Starting Klippy...\n")
    os.utime(tmp_path / "printer_data" / "logs" / "klippy.log", (1, 1))
    r = subprocess.run([sys.executable, "-m", "doctor", "--json", "scan", "--passive", "--home", str(tmp_path)], capture_output=True, text=True, timeout=120)
    doc = json.loads(r.stdout)
    assert [(p["name"], p["instance"], p["via"]) for p in doc["printer"]] == [
        ("mcu", "printer_data", "/dev/serial/by-id/usb-Klipper_stm32f446xx_AA-if00"),
        ("mcu", "printer_1_data", "/dev/serial/by-id/usb-Klipper_rp2040_BB-if00"),
    ]
    assert doc["snapshot"]["klipper"]["log"]["path"].endswith("printer_1_data/logs/klippy.log")
