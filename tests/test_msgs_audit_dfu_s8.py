"""Source audit, session 8: dfu-util 0.8-0.11, stm32flash 0.4-0.5.1, picotool 1.1-2.2 and Klipper's lib/rp2040_flash.

Each row the audit added is checked on a line in the tool's own format (a real pasted line where one exists, else the
source's format filled in), and each rule it added on a short text. The words of the rows are the project's own.
"""

from __future__ import annotations

import pytest

import textkit
from doctor.parsers.dfu_util import DfuUtilParser
from doctor.parsers.make_flash import MakeFlashParser
from doctor.parsers.picotool import PicotoolParser
from doctor.parsers.stm32flash import Stm32flashParser
from textkit import events, kinds


def findings(text: str) -> list[str]:
    return [f.id for f in textkit.findings(text)]


DFU_CMD = "$ dfu-util -a 0 -d 0483:df11 -s 0x08000000:leave -D out/klipper.bin\n"


# ---- dfu-util 0.8-0.11 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, kind",
    [
        # 0.8-0.10 spell the run-time mode without the hyphen
        ("dfu-util: Device still in Runtime Mode!", "runtime_not_detached"),
        ("dfu-util: USB device paths are not supported by this dfu-util.", "dfu_usage_error"),
        ("dfu-util: Invalid dfuse modifier: leav", "dfu_usage_error"),
        ("dfu-util: Invalid dfuse address: 0x0800000g", "dfu_usage_error"),
        ("dfu-util: You need to specify one of -D or -U", "dfu_usage_error"),
        ("dfu-util: This is a DfuSe file, not meant for raw download", "dfu_usage_error"),
        ("dfu-util: error resetting after detach: LIBUSB_ERROR_NOT_FOUND", "detach_error"),
        ("dfu-util: error get_status: LIBUSB_ERROR_PIPE", "dfu_status_error"),
        ("dfu-util: USB communication error", "dfu_status_error"),
        ("dfu-util: Status is not OK: 10", "dfu_status_error"),
        ("dfu-util: error clear_status", "dfu_status_error"),
        ("dfu-util: Failed to enter idle state on abort", "dfu_status_error"),
        ("dfu-util: SET_ADDRESS not correctly executed", "download_error"),
        ("dfu-util: Failed to write whole chunk: 1024 of 2048 bytes", "download_error"),
        ("dfu-util: No valid DfuSe signature", "image_invalid"),
        ("dfu-util: Corrupt DfuSe file: Cannot read 274 bytes from 100 bytes", "image_invalid"),
        ("dfu-util: Could only read 100 of 2048 bytes from out/klipper.bin: Success", "image_invalid"),
        ("dfu-util: File too large for memory allocation on this platform: Cannot allocate memory", "file_too_large"),
        ("dfu-util: Failed to parse memory layout", "tool_error"),
        ("dfu-util: Could not write 4096 bytes to file dump.bin: No space left on device", "tool_error"),
    ],
)
def test_dfu_util_failures_from_the_source(line: str, kind: str) -> None:
    evs = [e for e in events(line, "dfu") if e["kind"] == kind]
    assert evs and all(e.get("fail") for e in evs), kinds(line, "dfu")


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Warning: Image does not match current alternate setting.", "dfuse_alt_mismatch"),
        ("Please rerun with the correct -a option setting to download this image!", "dfuse_alt_mismatch"),
        ("dfu-util: No alternate setting 1 (skipping elements)", "dfuse_alt_mismatch"),
    ],
)
def test_dfu_util_dfuse_alt_mismatch(line: str, kind: str) -> None:
    assert kind in kinds(DFU_CMD + line, "dfu")


@pytest.mark.parametrize(
    "line, benign",
    [
        ("dfu-util: error detaching", True),
        ("dfu-util: WARNING: Device already in DFU mode? (bState=2 dfuIDLE)", True),
        ("WARNING: DFU Status: 'Device's firmware is corrupt. It cannot return to run-time (non-DFU) operations'", True),
        ("Warning: DfuSe option used on non-DfuSe device", True),
        ("dfu-util: Non-valid multiplier 'x', assuming bytes", True),
        ("Device will detach and reattach...", False),
        ("Copying data from PC to DFU device", False),
        ("Erase   \t[=========================] 100%        36440 bytes", False),
        ("Erase    done.", False),
        ("Determining device status: state = dfuIDLE, status = 0", False),
        ("Claiming USB DFU Runtime Interface...", False),
    ],
)
def test_dfu_util_notes_and_progress_are_claimed(line: str, benign: bool) -> None:
    p = DfuUtilParser("paste.txt")
    body = line.removeprefix("dfu-util: ")
    rows = p.match_line(line) or p.match_line(body)
    assert rows, line
    assert rows[0][0].benign is benign and not rows[0][0].fail


def test_dfu_util_plain_dfu_status_after_the_download_is_harmless() -> None:
    text = (
        "$ dfu-util -a 0 -d 1209:2003 -D firmware.dfu\n"
        "Copying data from PC to DFU device\n"
        "Download\t[=========================] 100%        28672 bytes\n"
        "Download done.\n"
        "dfu-util: unable to read DFU status after completion\n"
    )
    ev = next(e for e in events(text, "dfu") if e["kind"] == "get_status_error")
    assert ev["state"] == "after_download" and not ev.get("fail")
    assert findings(text)[:1] == ["DFU001"]


def test_dfu_util_status_error_before_any_download_is_a_failure() -> None:
    text = "$ dfu-util -a 0 -d 1209:2003 -D firmware.dfu\ndfu-util: unable to read DFU status after completion\n"
    assert findings(text)[:1] == ["GEN001"]


@pytest.mark.parametrize(
    "line",
    ["dfu-util: Device still in Runtime Mode!", "dfu-util: USB device paths are not supported by this dfu-util.",
     "dfu-util: No valid DfuSe signature", "dfu-util: error get_status: LIBUSB_ERROR_PIPE"],
)
def test_dfu_util_source_failures_are_never_silent(line: str) -> None:
    assert findings(line), line


# ---- stm32flash 0.4-0.5.1 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, kind",
    [
        ("Can't initiate chip erase!", "erase_failed"),  # 0.4's wording
        ("Can't initiate chip page erase!", "erase_failed"),  # 0.6's page erase
        ("illegal option -- x", "tool_error"),  # the Windows build's own getopt
        ("Intel HEX ERROR: System Error", "image_missing"),
        ("Raw BINARY ERROR: Invalid File", "image_invalid"),
        ("Invalid baud rate, valid options are:", "tool_error"),
        ("Invalid serial mode", "tool_error"),
        ("GPIO 17 not available", "tool_error"),
        ("Character 'x' is not a valid signal or separator", "tool_error"),
        ("Error: WRITE address must be 4 byte aligned", "tool_error"),
        ("Reset failed.", "tool_error"),
    ],
)
def test_stm32flash_failures_from_the_source(line: str, kind: str) -> None:
    text = "stm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\n" + line
    evs = [e for e in events(text, "flash") if e["kind"] == kind]
    assert evs and all(e.get("fail") for e in evs), kinds(text, "flash")


def test_stm32flash_missing_hex_file_is_an_image_fault() -> None:
    text = "stm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\nIntel HEX ERROR: System Error\nout/klipper.hex: No such file or directory\n"
    assert "image_missing" in kinds(text, "flash")
    assert findings(text)[:1] == ["FW005"]


@pytest.mark.parametrize(
    "line, benign",
    [
        ("Warning: the interface was not closed properly.", True),
        ("This bootloader returns 2 extra bytes in PID: 04 10", True),
        ("Resetting device...", False),
        ("Reset done.", False),
        ("http://stm32flash.googlecode.com/", False),
    ],
)
def test_stm32flash_notes_are_claimed(line: str, benign: bool) -> None:
    rows = Stm32flashParser("paste.txt").match_line(line)
    assert rows and rows[0][0].benign is benign and not rows[0][0].fail


# ---- picotool 1.1-2.2 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, kind",
    [
        ("ERROR: Unable to access device to reboot it; Use sudo or setup a udev rule", "usb_access_denied"),
        ("ERROR: Unable to access device to reboot it; Make sure there is a driver installed via Zadig", "usb_access_denied"),
        ("ERROR: Forced commands do not work with RP2040 on Windows - you can force reboot into BOOTSEL mode via 'picotool reboot -f -u' instead.",
         "picotool_error"),
        ("WARNING: Binary on RP2350 device does not contain a block loop - this binary will not boot", "image_not_bootable"),
        ("ERROR: The device contents did not match the saved file", "verify_mismatch"),
    ],
)
def test_picotool_failures_from_the_source(line: str, kind: str) -> None:
    evs = [e for e in events(line, "flash") if e["kind"] == kind]
    assert evs and all(e.get("fail") for e in evs), kinds(line, "flash")


def test_picotool_reboot_access_names_the_driver_or_the_permission() -> None:
    zadig = events("ERROR: Unable to access device to reboot it; Make sure there is a driver installed via Zadig", "flash")
    udev = events("ERROR: Unable to access device to reboot it; Use sudo or setup a udev rule", "flash")
    assert zadig[0]["text"] == "zadig" and udev[0]["text"] == "permissions"
    assert findings("ERROR: Unable to access device to reboot it; Use sudo or setup a udev rule")[:1] == ["USB004"]


def test_picotool_rp2350_binary_without_block_loop_is_rp003() -> None:
    text = "picotool v2.1.1 (Linux, GNU-12.2.0, Release)\nWARNING: Binary on RP2350 device does not contain a block loop - this binary will not boot\n"
    assert findings(text)[:1] == ["RP003"]


@pytest.mark.parametrize(
    "line, kind",
    [
        ("   ...failed to send command -7", "picotool_error"),
        ("Get status failed", "picotool_error"),
        ("The device was rebooted into application mode.", "picotool_rebooted"),
        ("  Verified OK", "picotool_verified"),
    ],
)
def test_picotool_transfer_and_reboot_lines(line: str, kind: str) -> None:
    text = "picotool v2.1.1 (Linux, GNU-12.2.0, Release)\n" + line
    assert kind in kinds(text, "flash")


# ---- microsoft/uf2 utils/uf2conv.py (arduino-pico, QMK copies) -------------------------------------------------------------


@pytest.mark.parametrize(
    "line, kind, fail",
    [
        ("Converted to uf2, output size: 130560, start address: 0x2000", None, False),
        ("Waiting for drive to deploy...", None, False),
        ("Target Address is 0x10000000", None, False),
        ("Skipping block at 0x1200; bad magic", None, False),
        ("Family ID needs to be a number or one of: SAMD21, SAMD51, RP2040", "tool_error", True),
        ("Need input file", "tool_error", True),
    ],
)
def test_uf2conv_lines_are_claimed(line: str, kind: str | None, fail: bool) -> None:
    rows = PicotoolParser("paste.txt").match_line(line)
    assert rows and rows[0][0].kind == kind and rows[0][0].fail is fail


def test_uf2conv_wait_then_no_drive_is_not_found() -> None:
    text = "Converted to uf2, output size: 130560, start address: 0x2000\nWaiting for drive to deploy...\nNo drive to deploy.\n"
    assert "rp2040_not_found" in kinds(text, "flash")


# ---- Klipper lib/rp2040_flash (make flash) ------------------------------------------------------------------------------

RP_FLASH = (
    "Flashing out/klipper.uf2 to 2e8a:0003\n"
    "Loaded UF2 image with 124 pages\n"
    "Found rp2040 device on USB bus 1 address 9\n"
    "Flashing...\n"
    "Resetting interface\n"
)


def test_rp2040_flash_picoboot_transfer_line_is_claimed_and_the_command_line_decides() -> None:
    assert MakeFlashParser("paste.txt").match_line("...failed to send command -7")  # the parser sees the line stripped
    text = RP_FLASH + "   ...failed to send command -7\nCommand exclusive_access failed with status -7: LIBUSB_ERROR_TIMEOUT\n"
    assert findings(text)[:1] == ["GEN001"]


def test_rp2040_flash_failed_reboot_after_the_write_stays_rp001() -> None:
    text = RP_FLASH + "Locking\nExiting XIP mode\nErasing\nFlashing\nRebooting device\n  ...failed\nCommand reboot failed with status -1: LIBUSB_ERROR_IO\n"
    assert findings(text)[:1] == ["RP001"]


def test_rp2040_flash_usage_line_is_a_failure() -> None:
    evs = events(RP_FLASH + "Usage: lib/rp2040_flash/rp2040_flash <uf2 image> [bus addr]\n", "flash")
    assert any(e["kind"] == "tool_error" and e.get("fail") for e in evs)
