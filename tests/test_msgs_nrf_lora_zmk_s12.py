"""Session 12, nrf-lora-zmk: rows and rules for held-out misses (DAPLink's FAIL.TXT when a file is dropped in the mode that
does not take it, or the copy times out; pyOCD's CMSIS-DAP replies a probe firmware got out of step with; dfu-util trying the
host's Broadcom Bluetooth controller; RIOT's build fetching uf2conv.py and uf2conv's line for any UF2 board; GNU make's
ignored recipe errors)."""

from __future__ import annotations

import pytest

from textkit import facts, first, kinds, serious


@pytest.mark.parametrize("text", [
    "The hex file you dropped isn't compatible with this mode or device. Are you in MAINTENANCE mode? See HELP FAQ.HTM",
    "In application programming write failed.",
    "error: In application programming aborted due to an out of bounds address.\ntype: user",
    "error: In application programming sector erase failed.\ntype: interface",
])
def test_daplink_file_dropped_in_the_wrong_mode_is_boot006(text: str) -> None:
    assert "daplink_wrong_mode" in kinds(text, "openocd")
    assert first(text) == "BOOT006"


def test_daplink_transfer_timeout_is_probe_firmware() -> None:
    text = "error: The transfer timed out.\ntype: transient, user"
    assert kinds(text, "openocd") == ["daplink_transfer_timeout"]
    assert first(text) == "SWD009"


@pytest.mark.parametrize("text", [
    "0001160 E Error during board uninit: [session]\n0001160 E Probe error during disconnect: [session]\n"
    "0001160 C DAP_TRANSFER response error: response is for command 00 [__main__]",
    "0000847 C DAP_TRANSFER_BLOCK response error: response is for command 05 [__main__]",
    "0000539 I Loading build/zephyr/zephyr.hex [load_cmd]\n0000845 E Error during board uninit: [session]\n"
    "0000846 C bytearray index out of range [__main__]",
])
def test_pyocd_reply_for_another_command_is_probe_firmware(text: str) -> None:
    assert "probe_protocol_error" in kinds(text, "openocd")
    assert first(text) == "SWD009"


def test_dfu_util_only_on_the_hosts_broadcom_bluetooth_is_boot006() -> None:
    text = "Cannot open DFU device 0a5c:217f\nCannot open DFU device 0a5c:217f\n\nError writing firmware...Cannot open DFU device 0a5c:217f"
    assert first(text) == "BOOT006"
    assert "USB004" not in serious(text)


def test_dfu_util_cannot_open_the_boards_own_dfu_is_still_usb004() -> None:
    assert first("dfu-util: Cannot open DFU device 0483:df11") == "USB004"


def test_riot_fetching_uf2conv_and_uf2conv_on_a_feather_sense_are_healthy() -> None:
    text = """[INFO] uf2conv.py not found - fetching it from GitHub now
CC= CFLAGS= make -C /home/michel/devel/riot/dist/tools/uf2
[INFO] uf2conv.py successfully fetched!
Flashing /run/media/michel/FTHRSNSBOOT (nRF52840-Feather-Sense)
Wrote 63488 bytes to /run/media/michel/FTHRSNSBOOT/NEW.UF2"""
    assert serious(text) == []


@pytest.mark.parametrize("line", ["[INFO] bossac 1.9 binary not found - building it from source",
                                  "[INFO] edbg binary not found - building it from source now"])
def test_riot_building_a_flasher_is_not_a_failure(line: str) -> None:
    assert serious(line) == []


@pytest.mark.parametrize("line", ["make: [dfu] Error 1 (ignored)", "make: [Makefile:12: dfu] Error 1 (ignored)"])
def test_gnu_make_ignored_recipe_error_is_not_a_failure(line: str) -> None:
    assert serious(line) == []
    assert not (facts(line).get("text") or {}).get("failures")
