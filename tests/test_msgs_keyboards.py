"""The keyboards area, session 7: mdloader's SAM-BA refusal on a port that is not the bootloader, the toolchain missing
inside QMK's make, QMK Toolbox's Caterina line without a COM port or with an application id, avrdude's data-space
record (the avr-gcc 8.2 image), ZMK's west build, macOS Finder's spurious errors on a UF2 drive, the Sonix ISP tool, and
the keyboard configurator apps that report dfu-util's exit status. Texts are real pastes (tests/cases) or their lines."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import keyboard_tools, mdloader, qmk
from doctor.parsers._messages import TableParser
from textkit import events, first, kinds, serious

PARSERS: list[type[TableParser]] = [mdloader.MdloaderParser, qmk.QmkParser, keyboard_tools.ZmkBuildParser,
                                    keyboard_tools.Uf2CopyParser, keyboard_tools.SonixIspParser, keyboard_tools.KeyboardAppParser]
NEW_ROWS = [(cls, row) for cls in PARSERS for row in cls.messages
            if "keyboards s7" in row.src or row.kind in ("md_port_no_samba", "md_port_open_failed") or "normal mode" in row.pattern
            or (cls is qmk.QmkParser and (row.kind == "tool_missing" and ("not found" in row.pattern or "gccversion" in row.pattern
                                                                          or "Command not found" in row.pattern)))
            or cls.__module__.endswith("keyboard_tools")]


def test_the_new_rows_are_there() -> None:
    assert len(NEW_ROWS) >= 20


@pytest.mark.parametrize(("cls", "row"), NEW_ROWS, ids=lambda x: getattr(x, "name", None) or x.pattern[:40])
def test_every_new_row_matches_its_example(cls: type[TableParser], row: Any) -> None:
    assert row.example
    assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True))


# --- mdloader ------------------------------------------------------------------------------------------------------------

MD_LIST = """Bootloader port listing
-----------------------------
Opening port 'COM1'... Failed!
Opening port 'COM2'... Failed!
Opening port 'COM3'... Success!
Configuring port...
 Get config... Success!
 Set config... Success!
 Set timeouts... Success!
Setting normal mode... Error writing 2 bytes! [0](0)
Closing port... Success!"""


def test_a_port_that_does_not_speak_samba_is_not_the_bootloader() -> None:
    assert "md_port_no_samba" in kinds(MD_LIST, "flash")
    assert first(MD_LIST) == "BOOT001"


def test_the_scan_noise_of_ports_that_do_not_open_is_not_quoted() -> None:
    # the listing of a keyboard in its bootloader: every absent COMn fails to open, which is not a failure
    text = """Bootloader port listing
-----------------------------
Opening port 'COM1'... Failed!
Opening port 'COM2'... Failed!
Device port: COM7 (SAMD51J18A)"""
    assert "GEN001" not in serious(text)


def test_could_not_communicate_on_a_named_port_is_boot001() -> None:
    text = """Massdrop Loader 1.05

Opening port 'COM1'... Success!
Setting normal mode... Error reading 2 bytes! [0][0000](0)
Error: Could not communicate with device! (Correct port?)
Closing port... Success!"""
    assert first(text) == "BOOT001"


def test_a_listed_bootloader_is_not_boot001() -> None:
    text = MD_LIST + "\nDevice port: COM7 (SAMD51J18A)"
    assert first(text) != "BOOT001"


# --- QMK's make without its toolchain ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    """> Making planck/rev5 with keymap default
> /bin/sh: avr-gcc: command not found
> sh: avr-gcc: command not found
> make[1]: *** [tmk_core/rules.mk:242: gccversion] Error 127
> Make finished with errors""",
    """Making planck/rev6 with keymap default

/bin/sh: arm-none-eabi-gcc: command not found
tmk_core/chibios.mk:89: lib/chibios/os/hal/lib/streams/streams.mk: No such file or directory
make[1]: *** No rule to make target 'lib/chibios/os/hal/lib/streams/streams.mk'.  Stop.
Make finished with errors""",
    """Making fourier/rev1 with keymap valgrahf
make[1]: *** [gccversion] Error 127
make: *** [fourier:valgrahf] Error 1""",
])
def test_the_compiler_missing_inside_qmk_make_is_tool001(text: str) -> None:
    # (framing s21) inside QMK's frame the shell's own "command not found" lines are the shell parser's to read
    assert "tool_missing" in kinds(text, "flash") + kinds(text, "shell")
    assert first(text) == "TOOL001"


def test_a_build_error_without_a_missing_tool_stays_fw005() -> None:
    text = """Making planck/rev6 with keymap default
make[1]: *** No rule to make target 'lib/chibios/os/hal/lib/streams/streams.mk'.  Stop.
Make finished with errors"""
    assert "tool_missing" not in kinds(text, "flash")
    assert first(text) == "FW005"


# --- QMK Toolbox's Caterina line ---------------------------------------------------------------------------------------

EMPTY_P = """>>> avrdude.exe -p atmega32u4 -c avr109 -U flash:w:"C:\\x.hex":i -P 
    C:\\Users\\x\\AppData\\Local\\QMK\\QMK Toolbox\\0.0.17\\avrdude.exe: option requires an argument -- P"""


def test_a_caterina_bootloader_without_a_com_port_is_usb004() -> None:
    text = "*** Caterina device connected:  Arduino Leonardo (2341:0036:0001)\n*** Attempting to flash, please don't remove device\n" + EMPTY_P
    ev = events(text, "flash")[0]
    assert ev["kind"] == "bootloader_connected" and not ev.get("port") and not ev.get("app_id")
    assert first(text) == "USB004"


def test_a_caterina_bootloader_bound_to_libusb_is_usb004() -> None:
    text = "*** Caterina device connected (libusb0): Arduino SA Arduino Micro (2341:0037:0001)\n*** Attempting to flash, please don't remove device\n" + EMPTY_P
    assert first(text) == "USB004"


def test_an_empty_port_with_the_port_found_is_not_usb004() -> None:
    # the bootloader had its COM port and usbser: the Toolbox's own fault (qmk_toolbox#243)
    text = "*** Caterina device connected (usbser): Arduino LLC (www.arduino.cc) Arduino Micro bootloader (COM4) (2341:0037:0001)\n*** Attempting to flash, please don't remove device\n" + EMPTY_P
    assert events(text, "flash")[0]["port"] == "COM4"
    assert first(text) != "USB004"


def test_the_application_id_taken_for_caterina_is_boot008() -> None:
    text = """*** Caterina device connected: Microsoft USB Serial Device (COM4) (2341:8037:0100)
*** Caterina device connected: (Standard USB Host Controller) USB Composite Device (2341:8037:0100)
*** Attempting to flash, please don't remove device
""" + EMPTY_P
    assert events(text, "flash")[0].get("app_id") is True
    assert first(text) == "BOOT008"


@pytest.mark.parametrize(("vid", "pid", "app"), [("2341", "8036", True), ("2341", "0036", False), ("1b4f", "9206", True),
                                                  ("1b4f", "9205", False), ("239a", "000d", False)])
def test_application_ids_beside_the_bootloaders(vid: str, pid: str, app: bool) -> None:
    assert qmk._app_pid(vid, pid) is app


# --- avrdude: a record at a data-memory address -----------------------------------------------------------------------

def test_a_data_space_record_is_the_build_fw005() -> None:
    assert first("avrdude: ERROR: address 0x800293 out of range at line 1027 of ./.build/olympia_carrera_2ter.hex") == "FW005"


def test_a_flash_address_past_the_chip_stays_fw004() -> None:
    assert first("avrdude: ERROR: address 0x8010 out of range at line 129 of 2boots-arduino-atmega328p-16000000L-PD4.hex") == "FW004"


# --- ZMK ---------------------------------------------------------------------------------------------------------------

def test_a_devicetree_error_in_the_zmk_build_is_fw005() -> None:
    text = """devicetree error: /__w/zmk-config/zmk-config/config/kyria_rev3.keymap:85 (column 132): parse error: expected number or parenthesized expression
CMake Error at /__w/zmk-config/zmk-config/zephyr/cmake/dts.cmake:205 (message):
  gen_defines.py failed with return code: 1
FATAL ERROR: command exited with status 1: /usr/local/bin/cmake -DWEST_PYTHON=/usr/bin/python3 -B/__w/zmk-config/zmk-config/build
Error: Process completed with exit code 1."""
    assert "build_error" in kinds(text, "flash")
    assert first(text) == "FW005"


def test_a_zmk_build_that_links_is_healthy() -> None:
    text = """-- west build: generating a build system
-- Zephyr version: 3.5.0 (/__w/Adv360-Pro-ZMK/Adv360-Pro-ZMK/zephyr)
-- Board: adv360_left
[100/100] Linking C executable zephyr/zmk.elf"""
    assert serious(text) == []


# --- macOS Finder on a UF2 drive -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The operation can’t be completed because an unexpected error occurred (error code 100093).",
    "The Finder can’t complete the operation because some data in “left.uf2” can’t be read or written.\n(Error code -36)",
    "cp: /Volumes/NICENANO/zmk.uf2: fcopyfile failed: Input/output error",
])
def test_finder_errors_after_a_uf2_copy_are_not_a_failure(text: str) -> None:
    assert "uf2_copy_os_error" in kinds(text, "flash")
    assert serious(text) == []


# --- Sonix ISP tool ----------------------------------------------------------------------------------------------------

def test_fw_version_not_for_this_chip_is_fw002() -> None:
    text = """Bin File Check Sum : DB60
Open USB HID Device...
----VID: 0C45 PID: 7687----- No. 001
Command Responce :FW Version is not for this chip. Failed!!"""
    assert first(text) == "FW002"


def test_no_answer_from_the_keyboards_own_id_is_boot001() -> None:
    text = """Bin File Check Sum : DB60
Open USB HID Device...
----VID: 320F PID: 502A----- No. 001
Command Header :Get Firmware Version (0x01) Failed!!"""
    assert first(text) == "BOOT001"


# --- keyboard configurator apps ----------------------------------------------------------------------------------------

def test_chrysalis_dfu_util_exit_74_is_usb004() -> None:
    text = """Error while uploading firmware 
{
  error: "dfu-util exited abnormally with an error code of 74"
  level: "error"
}"""
    assert events(text, "flash", "chrysalis")
    assert first(text) == "USB004"


def test_the_kiibohd_configurator_no_device_is_usb004_before_boot0() -> None:
    text = "ERROR: No DFU capable USB device available\n\nExited with code 74 (dfu-util could not find device in flash mode)"
    assert first(text) == "USB004"
    assert "BOOT003" in serious(text)


# --- QMK CLI: keyboard data this tree refuses ----------------------------------------------------------------------------

def test_info_json_this_tree_refuses_is_fw005() -> None:
    text = """☒ Not including data from file: keyboards/tmp/crkbd/rev4_1/info.json
☒       split.transport.protocol: 'serial_usart' is not one of ['custom', 'i2c', 'serial']
☒ tmp/crkbd/rev4_1/mini: RGB_DISABLE_WHEN_USB_SUSPENDED in config.h is no longer a valid option and should be replaced with RGB_MATRIX_SLEEP"""
    assert "build_error" in kinds(text, "flash")
    assert first(text) == "FW005"
