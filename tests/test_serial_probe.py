"""The serial probe: links, holders, units, UART filtering, and the probe under umockdev."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from doctor.checks import serial

BOARDS = Path(__file__).parent / "boards"
umockdev_required = pytest.mark.skipif(shutil.which("umockdev-run") is None, reason="umockdev-run is not installed (apt install umockdev)")


def collect_under(*files: str) -> dict:
    argv = ["umockdev-run"]
    for name in files:
        argv += ["-d", str(BOARDS / f"{name}.umockdev")]
    argv += ["--", sys.executable, "-c", "import json; from doctor.checks import serial; print(json.dumps(serial.collect()))"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["serial"]


def test_read_links_relative_and_absolute(tmp_path: Path) -> None:
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    (by_id / "usb-Klipper_rp2040_E6616408-if00").symlink_to("../../ttyACM0")
    (by_id / "usb-1a86_USB2.0-Serial-if00-port0").symlink_to("/dev/ttyUSB0")
    (by_id / "not-a-link").write_text("")
    links = serial.read_links(str(by_id))
    assert [(Path(x["name"]).name, x["target"]) for x in links] == [
        ("usb-1a86_USB2.0-Serial-if00-port0", "/dev/ttyUSB0"),
        ("usb-Klipper_rp2040_E6616408-if00", str(tmp_path.parent / "ttyACM0")),
    ]
    assert serial.read_links(str(tmp_path / "absent")) == []


def test_umockdev_testbed_prefix_is_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UMOCKDEV_DIR", "/tmp/umockdev.X1")
    assert serial._testbed_path("/tmp/umockdev.X1/dev/ttyACM0") == "/dev/ttyACM0"
    assert serial._testbed_path("/dev/ttyACM1") == "/dev/ttyACM1"


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("0::/system.slice/klipper.service\n", "klipper.service"),
        ("0::/user.slice/user-1000.slice/user@1000.service/app.slice/octoprint.service\n", "octoprint.service"),
        ("0::/user.slice/user-1000.slice/session-3.scope\n", "session-3.scope"),
        ("12:pids:/system.slice/ModemManager.service\n0::/system.slice/ModemManager.service\n", "ModemManager.service"),
        ("0::/\n", None),
        ("", None),
    ],
)
def test_unit_of_cgroup(text: str, unit: str | None) -> None:
    assert serial.unit_of(text) == unit


def test_holders_finds_a_process_holding_a_tty() -> None:
    """A real pseudo-terminal held open by a child process is reported with its pid, comm and cmdline."""
    leader, follower = os.openpty()
    path = os.ttyname(follower)
    os.close(follower)
    child = subprocess.Popen(
        [sys.executable, "-c", f"import sys, time; f = open({path!r}, 'rb', buffering=0); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ok"
        found = serial.holders({path, "/dev/ttyNOTHERE0"})
        assert list(found) == [path]
        entry = next(h for h in found[path] if h["pid"] == child.pid)
        assert entry["comm"].startswith("python") and "time.sleep(30)" in entry["cmdline"]
    finally:
        child.kill()
        child.wait()
        if child.stdout:
            child.stdout.close()
        os.close(leader)
    assert serial.holders(set()) == {}


def _tty(name: str, parent: object | None, attrs: dict[str, bytes]) -> SimpleNamespace:
    return SimpleNamespace(sys_name=name, parent=parent, attributes=attrs)


def test_only_real_uarts_count() -> None:
    platform = SimpleNamespace(driver="serial8250", properties={})
    assert serial._is_real_uart(_tty("ttyS0", platform, {"type": b"4"}))  # 16550A
    assert not serial._is_real_uart(_tty("ttyS9", platform, {"type": b"0"}))  # one of the 32 placeholders
    assert not serial._is_real_uart(_tty("ttyS1", None, {}))
    assert serial._is_real_uart(_tty("ttyAMA0", platform, {}))  # PL011: no `type` attribute
    assert serial.PORT_NAME.match("ttyAML0") and serial.PORT_NAME.match("ttyACM12")
    assert not serial.PORT_NAME.match("tty1") and not serial.PORT_NAME.match("ttyprintk")


def test_printer_cfg_paths(tmp_path: Path) -> None:
    cfg = tmp_path / "printer.cfg"
    cfg.write_text("[mcu]\nserial: /dev/serial/by-id/usb-Klipper_x-if00\n[mcu host]\nserial = /tmp/klipper_host_mcu\n")
    assert serial._printer_cfg_paths(SimpleNamespace(facts={}, printer_cfg=cfg)) == ["/dev/serial/by-id/usb-Klipper_x-if00", "/tmp/klipper_host_mcu"]
    facts = {"klipper": {"printer_cfg": {"mcus": [{"name": "mcu", "serial": "/dev/ttyAMA0"}]}}}
    assert serial._printer_cfg_paths(SimpleNamespace(facts=facts, printer_cfg=cfg)) == ["/dev/ttyAMA0"]
    assert serial._printer_cfg_paths(None) == []


def test_missing_pyudev_is_a_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyudev", None)
    fact = serial.collect(None)["serial"]
    assert fact["status"] == "unavailable" and "pyudev" in fact["reason"]


@pytest.mark.umockdev
@umockdev_required
def test_ch340_port_under_umockdev() -> None:
    fact = collect_under("ch340")
    assert fact["status"] == "ok"
    (port,) = fact["ports"]
    assert (port["device"], port["kind"], port["driver"], port["role"]) == ("/dev/ttyUSB0", "usb-serial", "ch341", "usb-serial")
    assert port["usb"] == {"vid": "1a86", "pid": "7523", "port_path": "1-1", "product": "USB2.0-Serial"}
    assert port["by_id"] == ["/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0"]
    assert port["by_path"] == ["/dev/serial/by-path/pci-0000:00:14.0-usb-0:1:1.0-port0"]
    assert port["exists"] is True and port["can_open"] is True and port["mode"] and port["owner"]
    assert port["holders"] == []
    assert fact["by_id"] == [{"name": port["by_id"][0], "target": "/dev/ttyUSB0", "origin": "live"}]


@pytest.mark.umockdev
@umockdev_required
def test_stlink_vcp_and_klipper_under_umockdev() -> None:
    fact = collect_under("stlink-v21")
    (port,) = fact["ports"]
    assert (port["device"], port["kind"], port["driver"], port["role"]) == ("/dev/ttyACM0", "usb-acm", "cdc_acm", "stlink")
    assert port["by_id"][0].endswith("-if02")
    fact = collect_under("klipper-usb")
    (port,) = fact["ports"]
    assert port["usb"]["manufacturer"] == "Klipper" and port["role"] == "klipper"
    assert port["by_id"] == ["/dev/serial/by-id/usb-Klipper_stm32h723xx_2B0023000247393439313338-if00"]


@pytest.mark.umockdev
@umockdev_required
def test_modemmanager_ignore_property_is_read(tmp_path: Path) -> None:
    """ID_MM_DEVICE_IGNORE=1 on the tty (our udev rules set it) marks the port as left alone by ModemManager."""
    text = (BOARDS / "klipper-usb.umockdev").read_text()
    marked = tmp_path / "klipper-mm-ignore.umockdev"
    marked.write_text(text.replace("E: DEVNAME=/dev/ttyACM0", "E: DEVNAME=/dev/ttyACM0\nE: ID_MM_DEVICE_IGNORE=1", 1))
    assert marked.read_text() != text
    code = "import json; from doctor.checks import serial; print(json.dumps(serial.collect()))"
    for path, expected in ((BOARDS / "klipper-usb.umockdev", False), (marked, True)):
        proc = subprocess.run(["umockdev-run", "-d", str(path), "--", sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        (port,) = json.loads(proc.stdout)["serial"]["ports"]
        assert port["mm_ignore"] is expected
