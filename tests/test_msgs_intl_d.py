"""intl-d s7: rows and facts added for the families of the round's misses (STM32 debug probes and IDEs pasted in
non-English and vendor forums); each test fails without its change.

- DAPLink/ST-LINK FAIL.TXT ("The interface firmware FAILED to reset/halt the target MCU"): the file exists only on a
  probe with a drag-and-drop drive, i.e. a board's own interface chip -> the run is an on-board probe (SWD004 before
  the wiring cause SWD002);
- the ST-LINK GDB server's unclassified errors ("Target unknown error 32", "Reason: Unknown. Please check power and
  cabling to target.") -> target_error_unknown (GEN001 quotes them), while "Reason: (4) No device found on target."
  stays target_connect_failed;
- "STLINK Error(DEV_TARGET_HELD_UNDER_RESET)" as Keil prints it / posts retype it -> target_held_reset (SWD008);
- Keil's "Could not stop cortex M device, check JTAG cable" retyped -> target_connect_failed;
- the J-Link DLL's "***JLink Error: <text>" lines (Keil/IAR output, also with spaces dropped) -> tool_error, GEN001 at worst.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doctor import engine
from doctor.facts import merge, new, runs
from doctor.parsers import analyze_files, parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste.txt")


def kinds(text: str, ns: str) -> list[str]:
    return [e["kind"] for r in runs(parse(text), ns) for e in r["events"]]


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(merge(new("analyze"), parse(text)))]


FAIL_TXT = "The interface firmware FAILED to reset/halt the target MCU\n"


def test_fail_txt_marks_an_onboard_probe() -> None:
    assert any(r.get("onboard_probe") for r in runs(parse(FAIL_TXT), "openocd"))


def test_fail_txt_ranks_firmware_before_wiring() -> None:
    found = ids(FAIL_TXT)
    assert found[0] == "SWD004"
    assert "SWD002" in found


def test_fail_txt_newer_wording_also_onboard() -> None:
    text = "error: Failed to reset/halt the target MCU\ntype: target\n"
    assert any(r.get("onboard_probe") for r in runs(parse(text), "openocd"))


def test_openocd_init_failure_alone_is_not_onboard() -> None:
    text = "Info : STLINK v2 JTAG v25 API v2 SWIM v14 VID 0x0483 PID 0x3748\nError: init mode failed (unable to connect to the target)\n"
    assert not any(r.get("onboard_probe") for r in runs(parse(text), "openocd"))


GDB_UNKNOWN = """Target unknown error 32

Error in initializing ST-LINK device.
Reason: Unknown. Please check power and cabling to target.
"""


def test_gdbserver_unknown_error_is_not_a_connect_failure() -> None:
    k = kinds(GDB_UNKNOWN, "stlink")
    assert "target_error_unknown" in k
    assert "target_connect_failed" not in k
    assert ids(GDB_UNKNOWN)[0] == "GEN001"


def test_gdbserver_no_device_found_still_connect_failure() -> None:
    text = "Error in initializing ST-LINK device.\nReason: (4) No device found on target.\n"
    assert "target_connect_failed" in kinds(text, "stlink")


def test_keil_stlink_error_held_under_reset_retyped() -> None:
    text = "STLINK Error(DEV_TARGET_HELD_UNDER_RESET)\n"
    assert "target_held_reset" in kinds(text, "stlink")
    assert ids(text)[0] == "SWD008"


def test_keil_could_not_stop_cortex_retyped() -> None:
    text = "Could not stop cortex M device, check JTAG cable\n"
    assert "target_connect_failed" in kinds(text, "stlink")


def test_jlink_dll_error_in_keil_output_is_never_silent() -> None:
    text = "***JLink Error: Can not read register 15 (R15) while CPU is running\n"
    assert "tool_error" in kinds(text, "openocd")
    assert ids(text)[0] == "GEN001"


def test_jlink_dll_error_with_spaces_dropped_by_a_mirror() -> None:
    text = "- ***JLinkError:CouldnotfindsupportedCPUcoreonJTAGchain\n"
    assert "tool_error" in kinds(text, "openocd")


BRIDGE_FILES = {
    "lsusb.txt": "Bus 001 Device 005: ID 1d50:606f OpenMoko, Inc. Geschwister Schneider CAN adapter\n",
    "request.txt": "python3 ~/katapult/scripts/flash_can.py -r -u your-uuid\n",
    "dmesg.txt": "[ 284.055674] usb 1-1.4: USB disconnect, device number 5\n"
                 "[ 284.056028] gs_usb 1-1.4:1.0 can0: Couldn't shutdown device (err=-19)\n",
}


def file_ids(tmp_path: Path, texts: dict[str, str]) -> list[str]:
    paths = []
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    return [f.id for f in engine.evaluate(analyze_files(paths))]


def test_bridge_request_gs_usb_gone_no_katapult_usb_is_katapult_built_for_can(tmp_path: Path) -> None:
    assert file_ids(tmp_path, BRIDGE_FILES)[0] == "FW002"


def test_bridge_request_with_katapult_usb_back_is_not_fw002(tmp_path: Path) -> None:
    texts = dict(BRIDGE_FILES)
    texts["by-id.txt"] = "ls /dev/serial/by-id/\nusb-katapult_stm32h723xx_24003D001751313338343730-if00\n"
    assert "FW002" not in file_ids(tmp_path, texts)[:1]
