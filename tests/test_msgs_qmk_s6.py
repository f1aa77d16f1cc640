"""The avr-keyboard area, session 6: QMK's build failures (builddefs/message.mk wordings), dfu-programmer's image and
usage messages (atmel.c, intel_hex.c, arguments.c), the old macOS QMK Toolbox log, avrdude 6.x's two-line butterfly
fallback message, and how a bare "no device present" is ranked with and without QMK's wait loop."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import dfu_programmer, qmk
from doctor.parsers._messages import TableParser
from textkit import events, first, kinds, serious

PARSERS: list[type[TableParser]] = [qmk.QmkParser, dfu_programmer.DfuProgrammerParser]
ROWS = [(cls, row) for cls in PARSERS for row in cls.messages]


@pytest.mark.parametrize(("cls", "row"), [r for r in ROWS if r[1].example], ids=lambda x: getattr(x, "name", None) or x.pattern[:40])
def test_every_row_matches_its_example(cls: type[TableParser], row: Any) -> None:
    assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True))


# --- FW005: QMK's build failed, in each of its wordings -----------------------------------------------------------------

BUILD_FAILURES = [
    # a compile step's status and the compiler's log behind " | " (0.6-0.1x)
    """QMK Firmware 0.12.3
Making crkbd/rev1 with keymap waples

Compiling: keyboards/crkbd/keymaps/waples/keymap.c                                    [ERRORS]
 |
 | keyboards/crkbd/keymaps/waples/keymap.c:42:5: error: 'KC_FOO' undeclared here (not in a function)
 |
make[1]: *** [tmk_core/rules.mk:372: .build/obj_crkbd_rev1_waples/keyboards/crkbd/keymaps/waples/keymap.o] Error 1
Make finished with errors""",
    # the link step (MSYS2)
    """Linking: .build/dz60_Aggelos.elf                                                                    [ERRORS]
 |
 | C:\\qmk_firmware/quantum/keymap_common.c:212: undefined reference to `keymaps'
 | collect2.exe: error: ld returned 1 exit status
make[1]: *** [tmk_core/rules.mk:292: .build/dz60_Aggelos.elf] Error 1
Make finished with errors""",
    # newer trees: the compiler's lines first, the status alone
    """keyboards/ergodox_ez/keymaps/default/keymap.c:206:1: error: expected identifier or '(' before '}' token
cc1: all warnings being treated as errors
 [ERRORS]
 |
make[1]: *** [tmk_core/rules.mk:372: .build/obj_ergodox_ez_default/keyboards/ergodox_ez/keymaps/default/keymap.o] Error 1
Make finished with errors""",
    # a checkout without its submodules
    """QMK Firmware 0.8.58
WARNING: Some git submodules are out of date or modified.
 Please consider running make git-submodule.

Making ergodash/rev1 with keymap custom and target avrdude

tmk_core/protocol/lufa.mk:14: lib/lufa/LUFA/makefile: No such file or directory
make[1]: *** No rule to make target 'lib/lufa/LUFA/makefile'.  Stop.
Make finished with errors""",
    # the CLI's own data checks
    """Ψ Compiling keymap with gmake --jobs=1 cantor:default
QMK Firmware 0.16.0
Making cantor with keymap default

☒ Matrix data out of bounds for layout LAYOUT_split_3x6_3 at index 6 (k4A): 4, 0
gmake[1]: *** [builddefs/build_keyboard.mk:335: .build/obj_cantor/src/layouts.h] Error 1
Make finished with errors""",
    # `make <kb>:all`: each keymap's status on its Making line
    """Making keebio/viterbi/rev2 with keymap default                                                         [OK]
Making keebio/viterbi/rev2 with keymap pmc222                                                          [ERRORS]
Make finished with errors""",
]


@pytest.mark.parametrize("text", BUILD_FAILURES, ids=["compile", "link", "compiler-first", "submodules", "cli-check", "make-all"])
def test_a_failed_qmk_build_is_fw005(text: str) -> None:
    assert first(text) == "FW005"


def test_the_size_check_stays_fw004_though_it_also_says_errors() -> None:
    text = """Checking file size of crkbd_rev1_default.hex
 * The firmware is too large! 28698/28672 (26 bytes over)
 [ERRORS]

make[1]: *** [tmk_core/rules.mk:473: check-size] Error 1
Make finished with errors"""
    assert first(text) == "FW004"


def test_a_healthy_build_line_is_not_a_build_error() -> None:
    text = """Making crkbd/rev1 with keymap default
Compiling: keyboards/crkbd/keymaps/default/keymap.c                                    [OK]
Linking: .build/crkbd_rev1_default.elf                                                 [OK]
 * The firmware size is fine - 21574/28672 (75%, 7098 bytes free)"""
    assert "build_error" not in kinds(text, "flash")
    assert not serious(text)


def test_qmk_doctor_missing_compiler_is_tool001() -> None:
    assert first("☒ Can't find avr-gcc in your path.") == "TOOL001"


# --- dfu-programmer: the image ---------------------------------------------------------------------------------------

def test_data_outside_the_application_flash_is_fw004() -> None:
    text = """atmel.c:1335: Flash available from 0x0 to 0x6FFF (64kB p. 0 to 0), 0x7000 bytes.
atmel.c:1353: ERROR: Data exists outside of the valid target flash region.
Hex file error, use debug for more info."""
    assert "image_too_large" in kinds(text, "dfu")
    assert first(text) == "FW004"


def test_a_bare_hex_file_error_leans_to_fw004() -> None:
    text = """dfu-programmer atmega32u4 flash bootloader.hex
Hex file error, use debug for more info."""
    assert "hex_file_error" in kinds(text, "dfu")
    assert first(text) == "FW004"


def test_an_unreadable_hex_is_fw005() -> None:
    text = """> dfu-programmer.exe atmega32u4 flash --force "C:\\Users\\me\\Downloads\\kb_layout_mine.hex"
> Error opening C:\\Users\\me\\Downloads\\kb_layout_mine.hex
> See --debug=51 or greater for more information."""
    assert "image_unreadable" in kinds(text, "dfu")
    assert first(text) == "FW005"


def test_usage_printed_on_a_flattened_wrapper_line_is_a_failure() -> None:
    text = ('"Choose .hexFlash When Ready dfu-programmer atmega32u4 erase --force Erasing flash... Success dfu-programmer atmega32u4 '
            'flash C:\\Users\\me\\KBD75 layout\\kbd75.hex dfu-programmer 0.7.0 https://github.com/dfu-programmer/dfu-programmer '
            'Usage: dfu-programmer target[:usb-bus,usb-addr] command [options] [global-options] [file|data]')
    ev = [e for e in events(text, "dfu") if e["kind"] == "usage_printed"]
    assert ev and ev[0]["fail"]
    assert first(text) == "GEN001"


# --- a bare "no device present": QMK's loop or not ---------------------------------------------------------------

def test_bare_dfu_programmer_no_device_is_another_bootloader() -> None:
    text = """1005 ~ » dfu-programmer atmega32u4 erase --force
dfu-programmer: no device present."""
    assert first(text) == "BOOT006"


def test_qmk_loop_around_no_device_is_not_in_bootloader() -> None:
    text = """ * The firmware size is fine - 21836/28672 (76%, 6836 bytes free)
dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again in 5s.
dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again in 5s."""
    assert first(text) == "BOOT001"


def test_the_loop_that_ends_validated_is_healthy(tmp_path: Any) -> None:
    # as `doctor analyze` reads a file: the waits a later validated write ended are overcome
    from doctor import engine
    from doctor.parsers import analyze_files
    text = """ * The firmware size is fine - 21836/28672 (76%, 6836 bytes free)
dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again in 5s.
Bootloader Version: 0x00 (0)
Erasing flash...  Success
Checking memory from 0x0 to 0x557F...  Empty.
Validating...  Success
0x5580 bytes written into 0x7000 bytes memory (76.34%)."""
    f = tmp_path / "make.txt"
    f.write_text(text, encoding="utf-8")
    found = engine.evaluate(analyze_files([str(f)]))
    assert not [x.id for x in found if x.severity in ("error", "warning")]


# --- Caterina: the macOS Toolbox's Bluetooth port, the butterfly fallback --------------------------------------------

def test_old_macos_toolbox_on_the_bluetooth_port_is_boot006() -> None:
    text = """*** Caterina device connected
Found port: /dev/cu.Bluetooth-Incoming-Port
*** Attempting to flash, please don't remove device
>>> avrdude -p atmega32u4 -c avr109 -U flash:w:xxx.hex:i -P /dev/cu.Bluetooth-Incoming-Port -C avrdude.conf
Connecting to programmer: .avrdude: butterfly_recv(): programmer is not responding
*** Caterina device disconnected"""
    assert [e for e in events(text, "flash") if e["kind"] == "upload_port" and "Bluetooth" in e["device"]]
    assert first(text) == "BOOT006"


def test_the_usbmodem_port_with_no_answer_stays_boot008() -> None:
    text = """>>> avrdude -p atmega32u4 -c avr109 -U flash:w:xxx.hex:i -P /dev/cu.usbmodem14101
Connecting to programmer: .avrdude: butterfly_recv(): programmer is not responding"""
    assert first(text) == "BOOT008"


def test_avrdude6_two_line_butterfly_fallback_on_linux_is_ser002() -> None:
    text = """avrdude: Error: butterfly programmer uses avr_write_page() but does not
provide a cmd() method."""
    assert "paged_fallback_unsupported" in kinds(text, "avrdude")
    assert first(text) == "SER002"


def test_the_butterfly_fallback_on_a_windows_port_is_not_modemmanager() -> None:
    text = """avrdude.exe -p atmega32u4 -c avr109 -U flash:w:kb.hex:i -P COM7
avrdude.exe: error: butterfly programmer uses avr_write_page() but does not provide a cmd() method"""
    assert first(text) != "SER002"


def test_healthy_avrdude8_qmk_flash() -> None:
    text = """Flashing for bootloader: caterina
Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)........
Device /dev/ttyACM0 has appeared; assuming it is the controller.
Waiting for /dev/ttyACM0 to become writable.
Reading 24462 bytes for flash from input file atreus.hex
Writing 24462 bytes to flash
Writing | ################################################## | 100% 1.88 s
Reading | ################################################## | 100% 0.22 s
24462 bytes of flash verified

Avrdude done.  Thank you."""
    assert not serious(text)


# --- QMK Toolbox's own errors (Windows 0.1-0.3) and QMK's Caterina wait that never ends -------------------------------

def test_toolbox_com_port_not_found_is_the_caterina_window() -> None:
    text = """Caterina device connected (usbser): Microsoft USB Serial Device (2341:0037:0001)
Attempting to flash, please don't remove device
COM port not found!"""
    assert first(text) == "BOOT008"


def test_toolbox_com_port_not_found_with_a_wrong_driver_is_not_the_window() -> None:
    text = """Caterina device connected (libusb0): Arduino SA Arduino Micro (2341:0037:0001)
Caterina device has libusb0 driver assigned but should be usbser. Flashing may not succeed.
Attempting to flash, please don't remove device
COM port not found!"""
    assert first(text) != "BOOT008"


@pytest.mark.parametrize(("line", "cause"), [
    ("Could not start process: avrdude.exe", "TOOL001"),
    ("File does not exist!", "FW005"),
])
def test_toolbox_errors_before_the_flasher_runs(line: str, cause: str) -> None:
    text = f"""Atmel DFU device connected (libusb0): Atmel Corp. ATmega32U4 (03EB:2FF4:0000)
Attempting to flash, please don't remove device
{line}"""
    assert first(text) == cause


def test_the_caterina_wait_that_never_ends_is_not_silent() -> None:
    text = """ * The firmware size is fine - 26998/28672 (94%, 1674 bytes free)
Flashing for bootloader: caterina
Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)........................................"""
    assert first(text) == "BOOT001"


def test_the_caterina_wait_followed_by_a_port_is_not_a_hang() -> None:
    text = """Waiting for USB serial port - reset your controller now (Ctrl+C to cancel)........
Device /dev/ttyACM0 has appeared; assuming it is the controller.
Waiting for /dev/ttyACM0 to become writable.

Connecting to programmer: .
Found programmer: Id = "CATERIN"; type = S"""
    assert not [e for e in events(text, "flash") if e["kind"] == "serial_port_wait" and e.get("unfinished")]


def test_teensy_write_error_after_halfkay_is_the_usb_link() -> None:
    text = """>>> teensy_loader_cli -mmcu=atmega32u4 /Users/e/kinesis_stapelberg.hex -v
Teensy Loader, Command Line, Version 2.1
Read "/Users/e/kinesis_stapelberg.hex": 17056 bytes, 52.9% usage
Found HalfKay Bootloader
Programming.error writing to Teensy"""
    assert first(text) == "USB003"


@pytest.mark.parametrize("middle", ["", '> avrdude.exe -p atmega32u4 -c avr109 -U flash:w:"C:\\kb.hex":i -P COM11\n'])
def test_toolbox_flash_complete_without_flasher_output_is_not_a_success(middle: str) -> None:
    text = ("Caterina device connected (usbser): Microsoft USB Serial Device (COM11) (2341:0037:0001) [COM11]\n"
            "Attempting to flash, please don't remove device\n" + middle + "Flash complete")
    assert first(text) == "GEN001"


def test_toolbox_flash_complete_after_avrdude_output_is_healthy() -> None:
    text = """Caterina device connected (usbser): Microsoft USB Serial Device (COM4) (2341:0036:0001) [COM4]
Attempting to flash, please don't remove device
> Connecting to programmer: .
> Found programmer: Id = "CATERIN"; type = S
> avrdude.exe: 22814 bytes of flash verified
> avrdude.exe done.  Thank you.
Flash complete"""
    assert not serious(text)


# --- bootloadHID (obdev V-USB HID bootloader: ps2avrGB keyboards) ----------------------------------------------------

@pytest.mark.parametrize(("line", "cause"), [
    ("Error opening HIDBoot device: The specified device was not found", "BOOT001"),
    ("Error opening HIDBoot device: Access to device denied", "USB004"),
    ("Error uploading data block: Communication error with device", "USB003"),
    ("Data (30842 bytes) exceeds remaining flash size!", "FW004"),
])
def test_bootloadhid_messages(line: str, cause: str) -> None:
    text = f"bootloadHID -r ps2avrgb_default.hex\n{line}"
    assert first(text) == cause


def test_bootloadhid_healthy_upload() -> None:
    text = """bootloadHID -r ps2avrgb_default.hex
Page size   = 128 (0x80)
Device size = 32768 (0x8000); 30720 bytes remaining
Uploading 22528 (0x5800) bytes starting at 0 (0x0)
0x05780 ... 0x05800"""
    assert not serious(text)


def test_toolbox_usbasp_with_winusb_and_avrdude_not_finding_it_is_the_driver() -> None:
    text = """USBasp device connected (WinUSB): Van Ooijen Technische Informatica USBasp (16C0:05DC:0102)
Attempting to flash, please don't remove device
> avrdude.exe -p atmega32a -c usbasp -U flash:w:"D:\\kb_vial.hex":i
> avrdude.exe: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'
Flash complete"""
    assert first(text) == "USB004"


def test_libusb_access_error_from_a_tool_without_a_table_is_usb004() -> None:
    text = """$ teck-firmware-upgrade ../TrulyErgonomic_v4_00.hex
Found device in normal mode on bus 1, device 4.
Switching to program mode.
Error: LIBUSB_ERROR_ACCESS"""
    assert first(text) == "USB004"
