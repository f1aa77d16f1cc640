"""Source-coverage audit, session 8: the keyboard loaders. teensy_loader_cli (tags 2.1, 2.2, 2.3), Massdrop's mdloader
(1.0.3, 1.05, master), ZSA's wally-cli (2.0.0, 2.0.1, master) and WestberryTech's wb32-dfu-updater_cli (0.0.2, 1.0.0).
Each line below is a message these print that no row read before, filled in from the source's format; each rule added for
them gets a short text diagnosed as expected."""

from __future__ import annotations

from typing import Any

import pytest

from textkit import events, first


def _one(line: str, tool: str) -> dict[str, Any]:
    evs = [e for e in events(line, "flash", tool) if e.get("kind")]
    assert evs, f"no {tool} event for {line!r}"
    return evs[0]


@pytest.mark.parametrize("line,tool,kind,fail", [
    # teensy_loader_cli 2.0-2.1 and 2.1-2.3
    ("Could not find HalfKay", "teensy", "bootloader_not_found", True),
    ('Unknown option "--mcu=atmega32u4"', "teensy", "tool_option_unknown", True),
    ("Unknown flag 'x'", "teensy", "tool_option_unknown", True),
    ("Error opening HID Manager", "teensy", "tool_error", True),
    ("No MCU specified.", "teensy", "tool_error", True),
    ("Unknown code/block size", "teensy", "tool_error", True),
    # mdloader
    ("Opening port '/dev/ttyACM0'... Failed! (Permission denied)", "mdloader", "serial_permission_denied", True),
    ("Opening port '/dev/ttyACM0'... Failed! (Device or resource busy)", "mdloader", "serial_port_busy", True),
    ("Opening port 'COM3'... Failed! (Access is denied.)", "mdloader", "serial_port_busy", True),
    ("Opening port '/dev/ttyACM9'... Failed! (No such file or directory)", "mdloader", "md_port_open_failed", True),
    ("Writing firmware... Complete!", "mdloader", "flash_succeeded", False),
    ("Booting device... Failed! (Input/output error)", "mdloader", "tool_error", True),
    ("Attempt to write to bootloader section denied!", "mdloader", "md_bootloader_section", True),
    ("Error: Attempt to write to bootloader section!", "mdloader", "md_bootloader_section", True),
    ("RUN: Applet return ERROR!", "mdloader", "md_applet_failed", True),
    ("Setting normal mode... Failed! (Input/output error)", "mdloader", "md_port_no_samba", True),
    ("Error writing port [W41000000,#](Input/output error)", "mdloader", "md_port_io_error", True),
    ("Error reading 4 bytes! [-1](Resource temporarily unavailable)", "mdloader", "md_port_io_error", True),
    ("Version: Error retrieving!", "mdloader", "md_port_io_error", True),
    # wally-cli
    ("2020/07/04 17:17:37 Error while sending firmware bytes: device not responding", "wally", "tool_error", True),
    ("2020/07/04 17:17:37 Error while extracting DFU Suffix: EOF", "wally", "tool_error", True),
    ("2020/07/04 17:17:37 Error while claiming the usb interface: libusb: bad access [code -3]", "wally", "usb_access_denied", True),
    ("The file path you specified does not exist: moonlander.bin", "wally", "image_missing", True),
    ("Please provide a valid firmware file: a .hex file (ErgoDox EZ) or a .bin file (Moonlander / Planck EZ)", "wally", "firmware_invalid", True),
    # wb32-dfu-updater_cli
    ("Found DFU: [0x342D:0xDFA0] ver=0x0100, devnum=12, cfg=1, intf=0", "wb32-dfu-updater", "device_found", False),
    ("The device bootloader version: 1.2", "wb32-dfu-updater", "bootloader_found", False),
    ("Download completed!", "wb32-dfu-updater", "flash_succeeded", False),
    ("Cannot open device: LIBUSB_ERROR_ACCESS", "wb32-dfu-updater", "usb_access_denied", True),
    ("Cannot open device: LIBUSB_ERROR_NOT_SUPPORTED", "wb32-dfu-updater", "usb_no_driver", True),
    ("Cannot Claim Interface", "wb32-dfu-updater", "usb_no_driver", True),
    ("Cannot open device: LIBUSB_ERROR_IO", "wb32-dfu-updater", "usb_open_failed", True),
    ("Not found device!", "wb32-dfu-updater", "bootloader_not_found", True),
    ("The write transmission error: LIBUSB_ERROR_PIPE", "wb32-dfu-updater", "write_failed", True),
    ("DFU_CMD_ERASE command failed! (error code: 0x05)", "wb32-dfu-updater", "write_failed", True),
    ("Check Failed in page address 0x08004000", "wb32-dfu-updater", "write_failed", True),
    ("Error parsing hex file, checksum error", "wb32-dfu-updater", "image_missing", True),
])
def test_source_line_parses(line: str, tool: str, kind: str, fail: bool) -> None:
    ev = _one(line, tool)
    assert ev["kind"] == kind
    assert bool(ev.get("fail")) is fail


def test_wally_prompt_and_fatal_on_one_line_both_read() -> None:
    line = "⠦ Press the reset button of your keyboard.2020/07/04 17:17:37 Error while claiming the usb interface: libusb: bad access [code -3]"
    assert "usb_access_denied" in [e["kind"] for e in events(line, "flash", "wally")]


@pytest.mark.parametrize("text,expected", [
    ("wb32-dfu-updater_cli version 1.0.0\nNot found device!", "BOOT001"),
    ("Opening DFU capable USB device ...\nCannot open device: LIBUSB_ERROR_NOT_SUPPORTED", "USB004"),
    ("Cannot open device: LIBUSB_ERROR_ACCESS", "USB004"),
    # dfu-util's own wording, which wb32-dfu-updater_cli copied: read by the dfu-util parser
    ("Cannot open DFU device 342d:dfa0 found on devnum 9 (LIBUSB_ERROR_ACCESS)", "USB004"),
    ("Could not open file build/kb.bin for reading", "FW005"),  # dfu-util's wording too
    ("wb32-dfu-updater_cli version 1.0.0\nThe file isn't bin file, no support!", "FW005"),
    ("The file path you specified does not exist: /home/u/moonlander.bin", "FW005"),
    ("Massdrop Loader 1.05\nApplet Version: 2\nError: Attempt to write to bootloader section!", "FW001"),
    ("Attempt to write to bootloader section denied!", "FW001"),
    ("Massdrop Loader 1.05\nOpening port '/dev/ttyACM0'... Failed! (Permission denied)", "SER004"),
    ("Opening port 'COM3'... Failed! (Access is denied.)", "SER003"),
    ("Teensy Loader, Command Line, Version 2.1\nCould not find HalfKay", "BOOT001"),
    ('Unknown option "-mmcu=atmega32u4"', "TOOL001"),
    # failures no entry explains are quoted, never silent
    ("2020/07/04 17:17:37 Error while sending firmware bytes: device not responding", "GEN001"),
    ("Error opening HID Manager", "GEN001"),
    ("The write transmission error: LIBUSB_ERROR_PIPE", "GEN001"),
])
def test_rules(text: str, expected: str) -> None:
    assert first(text) == expected


@pytest.mark.parametrize("text", [
    "Writing firmware... Complete!\nBooting device... Success!",
    "Start Download ...\nDownload block start address: 0x08000000\nWriting ...\nDownload completed!\nReset device completed!",
])
def test_healthy_runs_stay_quiet(text: str) -> None:
    assert first(text) is None


@pytest.mark.parametrize("line,tool", [
    ("teensy_loader_cli -mmcu=atmega32u4 -w -v .build/ergodox_ez_default.hex", "teensy"),
    ("hid_bootloader_cli -mmcu=atmega32u4 -w -v .build/kb_default.hex", "teensy"),
    ("bootloadHID -r .build/kb_default.hex", "teensy"),
    ("wb32-dfu-updater_cli -t -s 0x8000000 -D .build/kb_default.bin", "wb32-dfu-updater"),
])
def test_qmk_flash_commands_open_the_loaders_block(line: str, tool: str) -> None:
    from textkit import facts
    runs = (facts(line).get("flash") or {}).get("runs", [])
    assert tool in [r.get("tool") for r in runs]


# micronucleus (tags v1.11, v2.03, v2.5, v2.6): lines the session's parser did not read
@pytest.mark.parametrize("line,kind", [
    (">> Flash write error -1 has occured ...", "flash_error"),
    (">> Flash erase error -7 has occured ...", "flash_error"),
    ("> Warning: Checksum error between address 0x1c0 and 0x1d0", "image_unreadable"),
    ("Neither filename nor --erase-only given!", "tool_error"),
    ("Did not understand --timeout value", "tool_error"),
])
def test_micronucleus_source_line_parses(line: str, kind: str) -> None:
    text = "> Please plug in the device (will time out in 60 seconds) ...\n" + line
    ev = [e for e in events(text, "flash", "micronucleus") if e["kind"] == kind]
    assert ev and ev[0].get("fail")


def test_micronucleus_numeric_write_error_is_not_silent() -> None:
    assert first("> Device is found!\n> Starting to upload ...\n>> Flash write error -1 has occured ...\n"
                 ">> Please unplug the device and restart the program.") == "GEN001"
