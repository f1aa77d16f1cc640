"""Before a backend runs: a missing tool is TOOL001 and a USB device this user may not open is USB004,
said before anything is written (issue 10), not the tool's own misleading failure half-way."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from doctor.drivers import base
from doctor.drivers.base import ActionRequest, Plan, Step, host_blockers


def _device(root: Path, name: str, vid: str, pid: str, bus: int, dev: int) -> None:
    d = root / name
    d.mkdir(parents=True)
    for key, value in (("idVendor", vid), ("idProduct", pid), ("busnum", str(bus)), ("devnum", str(dev))):
        (d / key).write_text(value + "\n")


@pytest.fixture
def usb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sysfs, dev = tmp_path / "sys", tmp_path / "dev"
    _device(sysfs, "1-1.1", "0483", "df11", 1, 7)
    _device(sysfs, "1-1.4", "0483", "3748", 1, 9)
    (dev / "001").mkdir(parents=True)
    for n in ("007", "009"):
        (dev / "001" / n).write_bytes(b"")
        os.chmod(dev / "001" / n, 0)
    monkeypatch.setattr(base, "SYSFS_USB", str(sysfs))
    monkeypatch.setattr(base, "DEV_USB", str(dev))
    monkeypatch.setattr(base, "_is_root", lambda: False)
    monkeypatch.setattr(os, "access", lambda path, mode: bool(os.stat(path).st_mode & stat.S_IWUSR))  # as a non-root user would see it
    return dev


def _plan(driver: str, argv: list[str], **params: str) -> Plan:
    return Plan(title="t", driver=driver, steps=[Step(name="write", argv=argv, risk="writes-flash")], params=dict(params))


def test_a_dfu_device_this_user_may_not_open_is_usb004(usb: Path) -> None:
    found = host_blockers(_plan("dfu_util", ["sh", "-c", "true"], device="0483:df11"), ActionRequest())
    assert [f.id for f in found] == ["USB004"]
    assert "0483:df11" in found[0].message and "doctor fix USB004" in found[0].remediation["commands"]
    os.chmod(usb / "001" / "007", 0o666)
    assert host_blockers(_plan("dfu_util", ["sh"], device="0483:df11"), ActionRequest()) == []


def test_an_stlink_this_user_may_not_open_is_usb004(usb: Path) -> None:
    assert [f.id for f in host_blockers(_plan("st_flash", ["sh"]), ActionRequest())] == ["USB004"]
    assert host_blockers(_plan("katapult", ["sh"]), ActionRequest()) == []  # a serial port: SER004's business


def test_a_missing_tool_is_tool001(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    found = host_blockers(_plan("dfu_util", ["dfu-util", "-l"]), ActionRequest())
    assert [f.id for f in found] == ["TOOL001"]
    assert found[0].remediation["commands"] == ["sudo apt install dfu-util"]


def test_plan_action_carries_them(usb: Path, tmp_path: Path) -> None:
    from doctor import firmware

    image = tmp_path / "fw.bin"
    image.write_bytes(bytes(range(256)) * 64)
    plan = base.plan_action("dfu.flash", ActionRequest(options={"device": "0483:df11", "address": "0x08008000", "image": firmware.load(str(image)), "firmware": str(image)}))
    assert "USB004" in [f.id for f in plan.blockers]
