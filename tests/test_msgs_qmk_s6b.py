"""The keyboard-b area, session 6: QMK Toolbox's file-format refusal and its macOS crash on a non-executable flasher,
QMK's avrdude target when several ports appear at once (WSL / MSYS remapping) and its WSL refusal, compiler errors of
QMK's tree without the banner, the Teensy Loader application's ihex log, a loader that takes an option for its file,
and usbguard's device list next to QMK's "Bootloader not found"."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import qmk, teensy, usbguard
from doctor.parsers._messages import TableParser
from textkit import events, first, kinds, serious

PARSERS: list[type[TableParser]] = [qmk.QmkParser, teensy.TeensyParser, usbguard.UsbguardParser]
NEW_ROWS = [(cls, row) for cls in PARSERS for row in cls.messages
            if row.kind in ("image_format_mismatch", "wsl_no_usb", "tool_option_unknown", "usbguard_device")
            or "several" in dict(row.attrs) or "remapped" in dict(row.attrs) or "ihex" in row.pattern
            or "launch path" in row.pattern or row.pattern.startswith("^(?:\\./)?(?:keyboards")]


def test_the_new_rows_are_there() -> None:
    assert len(NEW_ROWS) >= 8


@pytest.mark.parametrize(("cls", "row"), NEW_ROWS, ids=lambda x: getattr(x, "name", None) or x.pattern[:40])
def test_every_new_row_matches_its_example(cls: type[TableParser], row: Any) -> None:
    assert row.example
    assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True))


# --- QMK Toolbox -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Only firmware files in .bin format can be flashed with dfu-util!",
    "*** Only firmware files in .bin format can be flashed with this bootloader!",
    "Only firmware files in .bin or .hex format can be flashed with wb32-dfu-updater_cli!",
])
def test_a_file_the_bootloader_cannot_take_is_fw002(line: str) -> None:
    text = "STM32 DFU device connected: STMicroelectronics STM32  BOOTLOADER (0483:DF11:2200)\nAttempting to flash, please don't remove device\n" + line
    assert "image_format_mismatch" in kinds(text, "flash")
    assert first(text) == "FW002"


def test_the_macos_toolbox_crash_on_its_flasher_is_tool001() -> None:
    text = """Application Specific Information:
*** Terminating app due to uncaught exception 'NSInvalidArgumentException', reason: 'launch path not accessible'
abort() called"""
    assert first(text) == "TOOL001"


# --- QMK's avrdude target: which port ------------------------------------------------------------------------------

def test_two_ports_at_once_then_no_answer_is_boot006() -> None:
    text = """Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)..........
Device /dev/ttyS0 /dev/ttyS7 has appeared; assuming it is the controller.
Remapped USB port to COM1 /dev/ttyS7

Connecting to programmer: .avrdude.exe: butterfly_recv(): programmer is not responding"""
    ev = [e for e in events(text, "flash") if e["kind"] == "upload_port"]
    assert ev and ev[0].get("several")
    assert first(text) == "BOOT006"


def test_one_port_then_no_answer_stays_the_missed_window() -> None:
    text = """Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)..........
Device /dev/ttyACM0 has appeared; assuming it is the controller.
Waiting for /dev/ttyACM0 to become writable.

Connecting to programmer: .avrdude: butterfly_recv(): programmer is not responding"""
    assert first(text) == "BOOT008"


def test_a_remapped_single_port_that_answers_is_healthy() -> None:
    text = """Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)......
Device /dev/ttyS3 has appeared; assuming it is the controller.
Remapped USB port to COM4

Connecting to programmer: .
Found programmer: Id = "CATERIN"; type = S"""
    assert [e.get("remapped") for e in events(text, "flash") if e["kind"] == "upload_port"][-1]
    assert not serious(text)


def test_the_wsl_refusal_is_boot006() -> None:
    text = ("ERROR: AVR flashing cannot be automated within the Windows Subsystem for Linux (WSL) currently. Instead, take the .hex "
            "file generated and flash it using AVRDUDE, AVRDUDESS, or XLoader.")
    assert first(text) == "BOOT006"


# --- builds and images ------------------------------------------------------------------------------------------------

def test_a_compiler_error_in_qmks_tree_without_banner_is_fw005() -> None:
    text = """./keyboards/cheapis/keymaps/default/keymap.c:15:11: error: implicit declaration of function 'LAYOUT_ortho_4x10' [-Werror=implicit-function-declaration]
     [0] = LAYOUT_ortho_4x10("""
    assert "build_error" in kinds(text, "flash")
    assert first(text) == "FW005"


def test_a_compiler_error_elsewhere_is_not_claimed_by_qmk() -> None:
    text = "src/main.c:15:11: error: 'foo' undeclared (first use in this function)"
    assert "build_error" not in kinds(text, "flash")


def test_the_teensy_loader_apps_ihex_error_is_fw005() -> None:
    text = """00:11:33.327: Open File event
00:11:36.781: ihex: parse error line 1454"""
    assert "image_missing" in kinds(text, "flash")
    assert first(text) == "FW005"


def test_an_option_taken_for_the_file_is_tool001() -> None:
    text = """true && \thid_bootloader_cli -mmcu=at90usb1286 -w -v .build/cgc56_pico.hex
error opening -mmcu=at90usb1286: No such file or directory
make[1]: *** [platforms/avr/flash.mk:185: flash] Error 1"""
    assert "tool_option_unknown" in kinds(text, "flash")
    assert first(text) == "TOOL001"


def test_a_missing_hex_file_is_not_an_unknown_option() -> None:
    assert "tool_option_unknown" not in kinds("error opening .build/cgc56_pico.hex: No such file or directory", "flash")


# --- usbguard next to "Bootloader not found" ----------------------------------------------------------------------------

NOT_FOUND = """Bootloader not found. Make sure the board is in bootloader mode. See https://docs.qmk.fm/#/newbs_flashing
 Trying again every 0.5s (Ctrl+C to cancel)..."""


def test_a_blocked_bootloader_is_usb004() -> None:
    text = ('42: block id 03eb:2ff4 serial "1.0.0" name "ATm32U4DFU" hash "x" parent-hash "y" via-port "1-6" with-interface 00:00:00 '
            'with-connect-type "hotplug"\n\n' + NOT_FOUND)
    assert first(text) == "USB004"


def test_an_allowed_bootloader_on_the_bus_is_still_usb004() -> None:
    text = ('40: allow id 0483:df11 serial "3377337E3539" name "STM32  BOOTLOADER" via-port "1-2" with-connect-type "hotplug"\n\n'
            + NOT_FOUND)
    assert first(text) == "USB004"


def test_not_found_without_any_device_stays_boot001() -> None:
    assert first(NOT_FOUND) == "BOOT001"


def test_an_allowed_keyboard_alone_is_healthy() -> None:
    text = '40: allow id f1f1:0315 serial "0" name "YD3xn15mx" via-port "1-6" with-interface { 03:01:01 03:00:00 } with-connect-type "hotplug"'
    assert not serious(text)
