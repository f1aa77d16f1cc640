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
    assert [(p["name"], p["instance"], p["via"]) for p in doc["scan"]["printer"]] == [
        ("mcu", "printer_data", "/dev/serial/by-id/usb-Klipper_stm32f446xx_AA-if00"),
        ("mcu", "printer_1_data", "/dev/serial/by-id/usb-Klipper_rp2040_BB-if00"),
    ]
    assert doc["snapshot"]["klipper"]["log"]["path"].endswith("printer_1_data/logs/klippy.log")


# --- what klippy.log last said, and the build beside it --------------------------------------------------------------

SERIAL = "37001A001851303439363932"
F446 = f"/dev/serial/by-id/usb-Klipper_stm32f446xx_{SERIAL}-if00"
CONNECTED = """Starting Klippy...
Start printer at Sat Dec  5 10:00:00 2026 (1.0 2.0)
Loaded MCU 'mcu' 117 commands (v0.12.0-85-gd785b396 / gcc: (15:8-2019-q3-1+b1) 8.3.1)
MCU 'mcu' config: ADC_MAX=4095 CLOCK_FREQ=180000000 MCU=stm32f446xx SERIAL_BAUD=250000
Loaded MCU 'rpi' 100 commands (v0.12.0-85-gd785b396 / gcc: (Debian 12.2.0-14) 12.2.0)
MCU 'rpi' config: ADC_MAX=4095 CLOCK_FREQ=50000000 MCU=linux
mcu 'EBBCan': Unable to open CAN port: [Errno 19] No such device
Transition to shutdown state: MCU 'rpi' shutdown: Timer too close
MCU 'rpi' shutdown: Timer too close
"""
UNABLE = (f"mcu 'mcu': Unable to open serial port: [Errno 2] could not open port {F446}: [Errno 2] No such file or "
          f"directory: '{F446}'\n")
KCONFIG = """CONFIG_MACH_STM32=y
CONFIG_MCU="stm32f446xx"
CONFIG_USBSERIAL=y
CONFIG_FLASH_BOOT_ADDRESS=0x8000000
CONFIG_FLASH_APPLICATION_ADDRESS=0x8010000
"""
PRINTER_CFG = f"[mcu]\nserial: {F446}\n\n[mcu rpi]\nserial: /tmp/klipper_host_mcu\n\n[mcu EBBCan]\ncanbus_uuid: 7d4b7d3c2a1f\n"


def _home(tmp_path, log: str, instance: str = "printer_data", cfg: str = PRINTER_CFG, kconfig: str | None = KCONFIG):  # type: ignore[no-untyped-def]
    (tmp_path / instance / "config").mkdir(parents=True, exist_ok=True)
    (tmp_path / instance / "logs").mkdir(exist_ok=True)
    (tmp_path / instance / "config" / "printer.cfg").write_text(cfg)
    (tmp_path / instance / "logs" / "klippy.log").write_text(log)
    if kconfig is not None:
        (tmp_path / "klipper").mkdir(exist_ok=True)
        (tmp_path / "klipper" / ".config").write_text(kconfig)
    return tmp_path


def _scan(home, *extra: str):  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "doctor", *extra, "scan", "--passive", "--home", str(home)],
                       capture_output=True, text=True, timeout=120, env=_env())
    return json.loads(r.stdout) if "--json" in extra else r


def _env() -> dict[str, str]:
    import os

    return dict(os.environ, NO_COLOR="1", COLUMNS="100")


def _rows(doc) -> dict[str, dict]:  # type: ignore[no-untyped-def, type-arg]
    printer = doc["printer"] if "printer" in doc else doc["scan"]["printer"]  # the command's result, in either envelope
    return {r["name"]: r for r in printer}


def test_last_said_orders_identification_against_failures() -> None:
    from doctor.checks.klipper import last_said

    events: list[dict[str, object]] = [
        {"kind": "serial_no_such_port", "name": "mcu", "lineno": 2, "line": "old"},
        {"kind": "mcu_shutdown", "name": "rpi", "lineno": 9, "reason": "Timer too close", "line": "MCU 'rpi' shutdown: Timer too close"}]
    log = {"path": "/l", "mcus": [{"name": "mcu", "mcu": "stm32f446xx", "version": "v0.12.0", "lineno": 4}], "events": events}
    assert last_said(log, "mcu") == {"state": "connected", "lineno": 4, "version": "v0.12.0", "mcu": "stm32f446xx", "path": "/l"}
    events.append({"kind": "mcu_lost_communication", "name": "mcu", "lineno": 20, "line": "Lost communication with MCU 'mcu'"})
    said = last_said(log, "mcu")
    assert said is not None and (said["state"], said["lineno"], said["mcu"]) == ("lost communication", 20, "stm32f446xx")
    rpi = last_said(log, "rpi")
    assert rpi is not None and (rpi["state"], rpi["reason"]) == ("shutdown", "Timer too close")
    assert last_said(log, "EBBCan") is None


def test_each_mcu_shows_what_its_log_last_said_and_its_build(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(_scan(_home(tmp_path, CONNECTED + "Restarting printer\n" + UNABLE), "--json"))
    mcu, rpi, ebb = rows["mcu"]["log"], rows["rpi"]["log"], rows["EBBCan"]["log"]
    assert (mcu["state"], mcu["lineno"], mcu["line"]) == ("unable to connect", 11, UNABLE.strip())
    assert mcu["path"] == str(tmp_path / "printer_data" / "logs" / "klippy.log")
    assert rpi["state"] == "shutdown" and rpi["text"] == "shutdown: Timer too close (line 8)"
    assert ebb["state"] == "unable to connect" and "Errno 19" in ebb["text"]
    build = rows["mcu"]["build"]
    assert (build["match"], build["mcu"], build["bootloader_offset"], build["interface"]) == ("mcu", "stm32f446xx", 0x10000, "usb")
    assert build["path"] == str(tmp_path / "klipper" / ".config")
    assert rows["rpi"]["build"]["match"] == "other" and "this MCU is linux" in rows["rpi"]["build"]["text"]
    assert rows["EBBCan"]["build"]["match"] == "unknown"


def test_a_connected_mcu_says_its_version(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(_scan(_home(tmp_path, UNABLE + CONNECTED), "--json"))
    assert rows["mcu"]["log"]["state"] == "connected"
    assert rows["mcu"]["log"]["text"] == "connected: Klipper v0.12.0-85-gd785b396 stm32f446xx (line 5)"


def test_without_a_build_or_a_mention_the_view_says_unknown(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(_scan(_home(tmp_path, "Starting Klippy...\n", kconfig=None), "--json"))
    assert rows["mcu"]["log"]["state"] == "not mentioned"
    assert rows["mcu"]["build"] == {"match": "unknown", "text": "unknown: no Klipper .config found"}


def test_two_mcus_of_the_built_type_cannot_be_told_apart() -> None:
    facts = {"klipper": {"config": {"mcu": "stm32f446xx", "path": "/h/klipper/.config", "comm": "usb"},
                         "printer_cfg": {"mcus": [{"name": "mcu", "serial": F446},
                                                  {"name": "toolhead", "serial": "/dev/serial/by-id/usb-Klipper_stm32f446xx_BEEF-if00"}]}}}
    rows = {r["name"]: r for r in render.printer_view(facts)}
    assert rows["mcu"]["build"]["match"] == rows["toolhead"]["build"]["match"] == "ambiguous"


def test_every_instance_reads_its_own_log(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """printer_1_data's MCU is judged from printer_1_data/logs/klippy.log even when printer_data's log is newer."""
    import os

    _home(tmp_path, CONNECTED)
    _home(tmp_path, UNABLE, instance="printer_1_data", cfg=f"[mcu]\nserial: {F446}\n")
    os.utime(tmp_path / "printer_1_data" / "logs" / "klippy.log", (1, 1))
    doc = _scan(tmp_path, "--json")
    printer = doc["printer"] if "printer" in doc else doc["scan"]["printer"]
    said = {(r["instance"], r["name"]): r["log"] for r in printer}
    assert said[("printer_data", "mcu")]["state"] == "connected"
    assert said[("printer_1_data", "mcu")]["state"] == "unable to connect"
    assert said[("printer_1_data", "mcu")]["path"] == str(tmp_path / "printer_1_data" / "logs" / "klippy.log")


def test_the_terminal_shows_the_printer_first(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = _scan(_home(tmp_path, CONNECTED + UNABLE)).stdout
    assert out.index("Printer (") < out.index("Findings") and ("Serial ports" not in out or out.index("Printer (") < out.index("Serial ports"))
    assert "klippy.log: unable to connect (line 10)" in out
    assert f"build: {tmp_path / 'klipper' / '.config'}: stm32f446xx, 64 KiB bootloader offset, USB" in out.replace("\n      ", " ")


def test_the_report_has_the_printer_view_redacted(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    home = _home(tmp_path, CONNECTED + UNABLE)
    r = subprocess.run([sys.executable, "-m", "doctor", "report", "--passive", "--home", str(home), "-o", str(tmp_path / "r.md")],
                       capture_output=True, text=True, timeout=120, env=_env())
    md = (tmp_path / "r.md").read_text()
    assert r.returncode in (0, 1, 2), r.stderr
    section = md[md.index("### Printer"):]
    assert "| mcu | /dev/serial/by-id/usb-Klipper_stm32f446xx_`<serial-1>`-if00 |" in section
    assert "unable to connect (line 10)" in section and "stm32f446xx, 64 KiB bootloader offset, USB" in section
    assert SERIAL not in md
