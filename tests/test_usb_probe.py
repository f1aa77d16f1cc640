"""The usb probe: descriptor parsing, failure into facts, and the probe itself under umockdev."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from doctor.checks import usb

BOARDS = Path(__file__).parent / "boards"
umockdev_required = pytest.mark.skipif(shutil.which("umockdev-run") is None, reason="umockdev-run is not installed (apt install umockdev)")


def collect_under(*files: str, code: str = "from doctor.checks import usb; print(json.dumps(usb.collect()))") -> dict:
    argv = ["umockdev-run"]
    for name in files:
        argv += ["-d", name if name.endswith(".umockdev") else str(BOARDS / f"{name}.umockdev")]
    argv += ["--", sys.executable, "-c", f"import json; {code}"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_dfuse_name_f4() -> None:
    regions = usb.parse_dfuse_name(0, "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg")
    assert len(regions) == 1
    r = regions[0]
    assert (r["alt"], r["name"], r["start"], r["size"]) == (0, "Internal Flash", 0x08000000, 1024 * 1024)
    assert r["sectors"] == [
        {"count": 4, "size": 16 * 1024, "flags": "g"},
        {"count": 1, "size": 64 * 1024, "flags": "g"},
        {"count": 7, "size": 128 * 1024, "flags": "g"},
    ]


def test_dfuse_name_bytes_and_several_regions() -> None:
    assert usb.parse_dfuse_name(1, "@Option Bytes  /0x1FFFC000/01*016 e")[0]["size"] == 16
    two = usb.parse_dfuse_name(0, "@Flash/0x08000000/8*1Ka/0x08002000/56*1Kg")
    assert [(r["start"], r["size"]) for r in two] == [(0x08000000, 8 * 1024), (0x08002000, 56 * 1024)]
    assert usb.parse_dfuse_name(0, "candleLight firmware upgrade interface") == []
    assert usb.parse_dfuse_name(0, "@Bad/notanaddress/1*1Kg") == []


def test_dfu_functional_descriptor() -> None:
    fd = usb.parse_dfu_functional(bytes.fromhex("09210BFF0000081A01"))
    assert fd == {"attributes": 0x0B, "detach_timeout": 255, "transfer_size": 2048, "version": "011a"}
    # DFU 1.0 descriptors are 7 bytes (no bcdDFUVersion); other class descriptors are skipped
    assert usb.parse_dfu_functional(bytes.fromhex("0524001001" "0721070A000004")) == {"attributes": 7, "detach_timeout": 10, "transfer_size": 1024}
    assert usb.parse_dfu_functional(b"") is None
    assert usb.parse_dfu_functional(bytes.fromhex("00210B")) is None  # a zero length never loops


def test_no_usb_bus_is_a_fact(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(usb, "SYS_BUS_USB", str(tmp_path / "absent"))
    fact = usb.collect(None)["usb"]
    assert fact["status"] == "unavailable" and "absent" in fact["reason"] and fact["devices"] == []


def test_missing_pyudev_is_a_fact(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(usb, "SYS_BUS_USB", str(tmp_path))
    monkeypatch.setitem(sys.modules, "pyudev", None)  # import pyudev raises ImportError
    fact = usb.collect(None)["usb"]
    assert fact["status"] == "unavailable" and "pyudev" in fact["reason"]


def test_missing_pyusb_is_a_reason_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "usb.core", None)
    monkeypatch.setitem(sys.modules, "usb.backend.libusb1", None)
    found, reason = usb._usb_descriptors()
    assert found == {} and reason and "pyusb" in reason


@pytest.mark.umockdev
@umockdev_required
def test_probe_under_umockdev_fields() -> None:
    fact = collect_under("stm32-dfu-and-klipper")["usb"]
    assert fact["status"] == "ok" and fact["origin"] == "live"
    dfu, klipper = fact["devices"]
    assert (dfu["vid"], dfu["pid"], dfu["bcd_device"], dfu["product"], dfu["serial"]) == ("0483", "df11", "2200", "STM32  BOOTLOADER", "2065325E5748")
    assert (dfu["bus"], dfu["address"], dfu["port_path"], dfu["speed"], dfu["hub_path"]) == (1, 2, "1-1", "full", False)
    assert dfu["interfaces"][0] == {"number": 0, "alt": 0, "class": "fe", "subclass": "01", "protocol": "02", "name": "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg"}
    assert dfu["can_open"] is True and dfu["node_mode"] == "0644"
    assert [i.get("driver") for i in klipper["interfaces"]] == ["cdc_acm", "cdc_acm"]
    assert klipper["driver"] == "cdc_acm" and klipper["ttys"] == ["/dev/ttyACM0"] and klipper["netdevs"] == []
    assert (klipper["manufacturer"], klipper["mcu"], klipper["device_class"]) == ("Klipper", "stm32h723xx", "02")


def test_parse_descriptors_of_a_dfuse_device() -> None:
    # the STM32 ROM bootloader's descriptors as the kernel keeps them (device, configuration, interface, DFU functional)
    blob = bytes.fromhex("1201000100000040830411DF00220102030109021B00010100C0320904000000FE01020409210BFF0000081A01")
    interfaces, dfu_alts, functional = usb.parse_descriptors(blob)
    assert interfaces == [{"number": 0, "alt": 0, "class": "fe", "subclass": "01", "protocol": "02"}]
    assert dfu_alts == [(0, 0, 4)]
    assert functional == {"attributes": 0x0B, "detach_timeout": 255, "transfer_size": 2048, "version": "011a"}
    assert usb.parse_descriptors(b"") is None and usb.parse_descriptors(b"\x09\x02" + bytes(16)) is None
    # a truncated blob ends the walk instead of raising
    assert usb.parse_descriptors(blob[:30])[0] == []


def test_device_descriptor_and_interface_names() -> None:
    blob = bytes.fromhex("12011001FF000040861A2375640200010001")  # CH340: bcdUSB 1.10, class ff
    assert usb.parse_device_descriptor(blob) == {"vid": "1a86", "pid": "7523", "bcd_device": "0264", "device_class": "ff"}
    assert usb.parse_device_descriptor(blob[:10]) is None
    assert usb._interface_number("1-1.2:1.3") == 3 and usb._interface_number("1-2:1.10") == 10
    assert usb._interface_number("garbage") == -1


def test_interface_dirs_of_a_device_and_of_a_root_hub(tmp_path: Path) -> None:
    dev = tmp_path / "1-1"
    for name in ("1-1:1.0", "1-1:1.1", "1-1.4", "power"):
        (dev / name).mkdir(parents=True)
    assert usb._interface_dirs(str(dev), "1-1") == [(0, str(dev / "1-1:1.0")), (1, str(dev / "1-1:1.1"))]
    hub = tmp_path / "usb1"
    (hub / "1-0:1.0").mkdir(parents=True)
    (hub / "1-1").mkdir()
    assert usb._interface_dirs(str(hub), "usb1") == [(0, str(hub / "1-0:1.0"))]
    assert usb._interface_dirs(str(tmp_path / "absent"), "x") == []


@pytest.mark.umockdev
@umockdev_required
def test_sysfs_descriptors_parse_like_libusb() -> None:
    """For every device of the 20-device bench, our parse of sysfs `descriptors` equals pyusb's (libusb's) view."""
    code = (
        "import pyudev, usb.core; from doctor.checks import usb as u; "
        "by = {(int(d.bus), int(d.address)): d for d in usb.core.find(find_all=True)}; out = []\n"
        "for dev in pyudev.Context().list_devices(subsystem='usb', DEVTYPE='usb_device'):\n"
        "    key = (int(dev.attributes.asstring('busnum')), int(dev.attributes.asstring('devnum')))\n"
        "    ours = u.parse_descriptors(u._read_binary(dev.sys_path + '/descriptors'))\n"
        "    theirs = u._interfaces_from_pyusb(by[key])\n"
        "    out.append([list(map(list, ours[1])), ours[2], ours[0], list(map(list, theirs[1])), theirs[2], theirs[0]])\n"
        "print(json.dumps(out))"
    )
    rows = collect_under("bench-20", code=code)
    assert len(rows) == 20
    for ours_alts, ours_fd, ours, theirs_alts, theirs_fd, theirs in rows:
        assert ours == theirs and ours_alts == theirs_alts and ours_fd == theirs_fd
    assert any(fd for _, fd, *_ in rows), "the bench has DFU devices"


@pytest.mark.umockdev
@umockdev_required
def test_probe_without_pyusb_still_reads_the_descriptors() -> None:
    code = (
        "import sys; sys.modules['usb.core'] = None; sys.modules['usb.backend.libusb1'] = None; "
        "from doctor.checks import usb; print(json.dumps(usb.collect()))"
    )
    fact = collect_under("stm32-rom-dfu", code=code)["usb"]
    assert fact["status"] == "ok" and "reason" not in fact
    dev = fact["devices"][0]
    assert [i["alt"] for i in dev["interfaces"]] == [0, 1, 2, 3]
    assert dev["dfu"]["transfer_size"] == 2048


@pytest.mark.umockdev
@umockdev_required
def test_probe_sysfs_fallback_without_descriptors(tmp_path: Path) -> None:
    """No `descriptors` in sysfs and no pyusb: interfaces come from the interface nodes, and the reason says so."""
    text = (BOARDS / "stm32-rom-dfu.umockdev").read_text()
    board = tmp_path / "no-descriptors.umockdev"
    board.write_text("\n".join(line for line in text.splitlines() if not line.startswith("H: descriptors=")) + "\n")
    code = (
        "import sys; sys.modules['usb.core'] = None; sys.modules['usb.backend.libusb1'] = None; "
        "from doctor.checks import usb; print(json.dumps(usb.collect()))"
    )
    fact = collect_under(str(board), code=code)["usb"]
    assert fact["status"] == "ok" and "pyusb" in fact["reason"] and "sysfs" in fact["reason"]
    dev = fact["devices"][0]
    assert dev["role"] == "rom-dfu"
    assert dev["interfaces"] == [{"number": 0, "alt": 0, "class": "fe", "subclass": "01", "protocol": "02", "name": "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg"}]
    assert dev["dfu"]["memory"][0]["start"] == 0x08000000  # the current alt's name, from sysfs


@pytest.mark.umockdev
@umockdev_required
def test_probe_bench_100_is_bounded() -> None:
    code = "import time; from doctor.checks import usb; t = time.monotonic(); f = usb.collect(); f['t'] = time.monotonic() - t; print(json.dumps(f))"
    out = collect_under("bench-100", code=code)
    assert len(out["usb"]["devices"]) == 100
    assert out["t"] < usb.TIMEOUT
    assert [d["port_path"] for d in out["usb"]["devices"]][:3] == ["1-1", "1-1.1", "1-1.2"]


def test_ttys_and_netdevs_below_an_interface(tmp_path: Path) -> None:
    acm = tmp_path / "1-1:1.0"
    (acm / "tty" / "ttyACM0").mkdir(parents=True)
    serial = tmp_path / "1-2:1.0"
    (serial / "ttyUSB3" / "tty" / "ttyUSB3").mkdir(parents=True)
    (serial / "power").mkdir()
    can = tmp_path / "1-3:1.0"
    (can / "net" / "can1").mkdir(parents=True)
    assert usb._below_interface(str(acm)) == (["/dev/ttyACM0"], [])
    assert usb._below_interface(str(serial)) == (["/dev/ttyUSB3"], [])
    assert usb._below_interface(str(can)) == ([], ["can1"])
    assert usb._below_interface(str(tmp_path / "absent")) == ([], [])
    (can / "driver").symlink_to("../../../bus/usb/drivers/gs_usb")
    (acm / "uevent").write_text("DEVTYPE=usb_interface\nDRIVER=cdc_acm\n")
    assert usb._sysfs_driver(str(can)) == "gs_usb" and usb._sysfs_driver(str(acm)) == "cdc_acm"
    assert usb._sysfs_driver(str(serial)) is None
