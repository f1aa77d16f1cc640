"""`doctor scan --json --passive` under umockdev: every board of tests/boards is found with its VID:PID and
role through the real pyudev and pyusb, and a device node this user cannot open yields USB004."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BOARDS = Path(__file__).parent / "boards"

pytestmark = [
    pytest.mark.umockdev,
    pytest.mark.skipif(shutil.which("umockdev-run") is None, reason="umockdev-run is not installed (apt install umockdev)"),
]

# board file -> (vid, pid, role, what else the scan must show)
EXPECTED: dict[str, tuple[str, str, str, dict[str, Any]]] = {
    "stm32-rom-dfu": ("0483", "df11", "rom-dfu", {"kind": "bootloader", "raw_access": True}),
    "klipper-usb": ("1d50", "614e", "klipper", {"mcu": "stm32h723xx", "ttys": ["/dev/ttyACM0"], "kind": "app"}),
    "katapult-usb": ("1d50", "6177", "katapult", {"mcu": "stm32f446xx", "ttys": ["/dev/ttyACM0"], "kind": "bootloader"}),
    "stlink-v2": ("0483", "3748", "stlink", {"role_name": "ST-Link/V2", "raw_access": True}),
    "stlink-v21": ("0483", "374b", "stlink", {"role_name": "ST-Link/V2-1", "ttys": ["/dev/ttyACM0"]}),
    "ch340": ("1a86", "7523", "usb-serial", {"driver": "ch341", "ttys": ["/dev/ttyUSB0"]}),
    "cp2102": ("10c4", "ea60", "usb-serial", {"driver": "cp210x", "ttys": ["/dev/ttyUSB0"]}),
    "ftdi-ft232r": ("0403", "6001", "usb-serial", {"driver": "ftdi_sio", "ttys": ["/dev/ttyUSB0"]}),
    "rp2040-bootsel": ("2e8a", "0003", "rp2040-bootsel", {"mcu": "rp2040", "raw_access": True}),
    "klipper-usb-can-bridge": ("1d50", "606f", "klipper-can-bridge", {"netdevs": ["can0"], "mcu": "stm32g0b1xx"}),
    "candlelight": ("1d50", "606f", "gs-usb", {"netdevs": ["can0"], "kind": "can-adapter"}),
    "atmel-dfu-32u4": ("03eb", "2ff4", "atmel-dfu", {"mcu": "atmega32u4", "raw_access": True}),
    "caterina-pro-micro": ("1b4f", "9205", "caterina", {"ttys": ["/dev/ttyACM0"], "kind": "bootloader"}),
    "usbasp": ("16c0", "05dc", "usbasp", {"manufacturer": "www.fischl.de", "speed": "low", "kind": "isp"}),
    "usbtiny": ("1781", "0c9f", "usbtiny", {"speed": "low", "kind": "isp"}),
}


def umockdev_scan(*files: str, wrapper: list[str] | None = None, args: tuple[str, ...] = ("--json", "--passive")) -> subprocess.CompletedProcess[str]:
    argv = ["umockdev-run"]
    for name in files:
        argv += ["-d", str(BOARDS / f"{name}.umockdev")]
    argv += ["--", *(wrapper or []), sys.executable, "-m", "doctor", "scan", *args]
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)


def scan_json(*files: str, wrapper: list[str] | None = None) -> dict[str, Any]:
    proc = umockdev_scan(*files, wrapper=wrapper)
    assert proc.returncode in (0, 1, 2), proc.stderr
    return json.loads(proc.stdout)


def test_board_files_are_current() -> None:
    spec = importlib.util.spec_from_file_location("make_boards", BOARDS / "make_boards.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_boards"] = module
    try:
        spec.loader.exec_module(module)
        files = module.files()
    finally:
        del sys.modules["make_boards"]
    stale = [name for name, text in files.items() if not (BOARDS / name).is_file() or (BOARDS / name).read_text(encoding="utf-8") != text]
    assert stale == [], "run python3 tests/boards/make_boards.py"
    assert set(EXPECTED) <= {n.removesuffix(".umockdev") for n in files}


@pytest.mark.parametrize("board", sorted(EXPECTED))
def test_each_board_is_identified(board: str) -> None:
    vid, pid, role, more = EXPECTED[board]
    out = scan_json(board)
    snapshot = out["snapshot"]
    usb = snapshot["usb"]
    assert usb["status"] == "ok", usb
    assert "reason" not in usb, usb["reason"]  # pyusb enumerated the descriptors
    found = [d for d in usb["devices"] if (d["vid"], d["pid"]) == (vid, pid)]
    assert len(found) == 1, usb["devices"]
    dev = found[0]
    assert dev["role"] == role
    for key, value in more.items():
        assert dev.get(key) == value, (key, dev)
    assert dev["interfaces"], "interfaces from the descriptors"
    assert dev["port_path"] == "1-1" and dev["bus"] == 1 and dev["address"] == 2
    assert dev["devnode"] == "/dev/bus/usb/001/002"
    assert out["scan"]["boards_found"] is True
    # a tty below a USB device is a serial port with its USB parent and its by-id link
    ports = {p["device"]: p for p in snapshot["serial"]["ports"]}
    for tty in dev["ttys"]:
        port = ports[tty]
        assert port["usb"]["vid"] == vid and port["usb"]["pid"] == pid
        assert port["role"] == role
        assert port["by_id"] and port["by_id"][0].startswith("/dev/serial/by-id/usb-")
        assert port["kind"] == ("usb-acm" if "ACM" in tty else "usb-serial")


def test_stm32_dfu_memory_map_and_dfu_descriptor() -> None:
    dev = scan_json("stm32-rom-dfu")["snapshot"]["usb"]["devices"][0]
    assert [i["alt"] for i in dev["interfaces"]] == [0, 1, 2, 3]
    dfu = dev["dfu"]
    assert (dfu["version"], dfu["transfer_size"], dfu["attributes"]) == ("011a", 2048, 0x0B)
    assert dfu["alt_names"][0].startswith("@Internal Flash")
    flash = dfu["memory"][0]
    assert (flash["name"], flash["start"], flash["size"]) == ("Internal Flash", 0x08000000, 1024 * 1024)


def test_stm32_dfu_and_klipper_together() -> None:
    out = scan_json("stm32-dfu-and-klipper")
    devices = {(d["vid"], d["pid"]): d for d in out["snapshot"]["usb"]["devices"]}
    assert devices[("0483", "df11")]["role"] == "rom-dfu"
    assert devices[("1d50", "614e")]["role"] == "klipper"
    assert devices[("1d50", "614e")]["port_path"] == "1-2"
    ids = [f["id"] for f in out["findings"]]
    assert "USB004" not in ids or os.geteuid() != 0  # the testbed's nodes are this user's own


def test_terminal_view_lists_the_boards() -> None:
    proc = umockdev_scan("stm32-dfu-and-klipper", args=("--passive",))
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert "0483:df11" in proc.stdout and "STM32 ROM DFU" in proc.stdout
    assert "1d50:614e" in proc.stdout and "/dev/ttyACM0" in proc.stdout


def _unprivileged_wrapper() -> list[str]:
    """Run the scan as a user who may not open the testbed's device nodes.

    As root, access(2) always succeeds, so the scan runs as `nobody` (setpriv). That user needs to read
    the testbed and the Python installation (which may live under /root), so it keeps only
    CAP_DAC_READ_SEARCH: read and search, never write. access(2) checks the real uid with all
    capabilities dropped, so the root-owned 0644 node is honestly not writable for it. The testbed's
    own sockets (umockdev's plumbing, not device nodes) are opened to it so libusb can start.
    As another user, the node is made read-only instead.
    """
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv (util-linux) is missing: cannot drop to an unprivileged user")
        script = (
            'chmod 0777 "$UMOCKDEV_DIR" "$UMOCKDEV_DIR/ioctl" "$UMOCKDEV_DIR/ioctl/_default" && '
            "exec setpriv --reuid=nobody --regid=nogroup --clear-groups "
            '--inh-caps=+dac_read_search --ambient-caps=+dac_read_search "$@"'
        )
    else:
        script = 'chmod 0444 "$UMOCKDEV_DIR/dev/bus/usb/001/002" && exec "$@"'
    return ["sh", "-c", script, "sh"]


def test_node_this_user_cannot_open_yields_usb004() -> None:
    proc = umockdev_scan("stm32-dfu-and-klipper", wrapper=_unprivileged_wrapper())
    if proc.returncode not in (0, 1, 2) and "setpriv" in proc.stderr:
        pytest.skip(f"setpriv cannot drop privileges here: {proc.stderr.strip()[:200]}")
    assert proc.returncode == 2, proc.stderr  # a fault
    out = json.loads(proc.stdout)
    snapshot = out["snapshot"]
    if os.geteuid() == 0:
        assert snapshot["host"]["user"]["name"] == "nobody"
    dfu = next(d for d in snapshot["usb"]["devices"] if d["pid"] == "df11")
    assert dfu["can_open"] is False and dfu["raw_access"] is True
    assert dfu["node_mode"] in ("0644", "0444") and dfu["node_owner"]
    usb004 = [f for f in out["findings"] if f["id"] == "USB004"]
    assert len(usb004) == 1
    assert "0483:df11" in usb004[0]["message"] and "/dev/bus/usb/001/002" in usb004[0]["message"]
    # the Klipper device is reached through its tty, not libusb: no USB004 about it
    assert "1d50:614e" not in usb004[0]["message"]


def test_bench_with_hubs() -> None:
    out = scan_json("bench-20")
    devices = out["snapshot"]["usb"]["devices"]
    assert len(devices) == 20
    hubs = [d for d in devices if d["role"] == "hub"]
    assert len(hubs) == 2 and all(not d["hub_path"] for d in hubs)
    behind = [d for d in devices if d["role"] != "hub"]
    assert all(d["hub_path"] for d in behind)
    assert {d["role"] for d in behind} >= {"rom-dfu", "klipper", "stlink", "usb-serial", "gs-usb", "klipper-can-bridge"}
    ttys = [t for d in devices for t in d["ttys"]]
    assert len(ttys) == len(set(ttys)) and len(ttys) == len(out["snapshot"]["serial"]["ports"])
