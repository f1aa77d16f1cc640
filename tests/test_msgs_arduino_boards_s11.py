"""Session 11, arduino-boards: rows and rules for held-out misses (SerialUPDI's device-id mismatch, avrdude's two signature
lines run onto one, a Java launcher's error=13, teensy_post_compile's several-boards auto-search, hid-flash 2.2.1's crash on
an unopened HID device, and bossac's version() answered by the UNO R4 WiFi bridge's ESP32-S3 ROM)."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

T679 = """pymcuprog.serialupdi.application - INFO - Device ID from pyupdi = '1E9221' rev 'B'
pymcuprog.nvm - INFO - Device ID: '1E9221'
pymcuprog.nvm - WARNING - ID read ('1E9221') does not match expected device id! ('1E9223')
Device ID mismatch! Stopping."""


def test_serialupdi_device_id_mismatch_of_a_real_avr_is_fw002() -> None:
    evs = [e for e in events(T679, "flash") if e["kind"] == "device_id_mismatch"]
    assert evs and evs[0]["read"] == "0x1e9221" and evs[0].get("other_part")
    assert first(T679) == "FW002"


@pytest.mark.parametrize("text", [
    "Device ID mismatch! Stopping.\nFailed programming: uploading error: exit status 1",
    "Error: Expected: attiny416 Instead, found: attiny816\n"
    "Device ID mismatch! Ensure chip selected in Tools -> Chip menu and verify identity of chip.",
])
def test_serialupdi_device_id_mismatch_wordings_are_fw002(text: str) -> None:
    assert "device_id_mismatch" in kinds(text, "flash")
    assert first(text) == "FW002"


def test_avrdude_signature_and_expected_on_one_line_is_fw002() -> None:
    text = "Device signature = 0x1e942a (probably t1624). Expected signature for ATtiny1614 is 1E 94 22"
    assert kinds(text, "avrdude") == ["avr_signature", "signature_mismatch"]
    assert first(text) == "FW002"


@pytest.mark.parametrize("line", [
    'java.io.IOException: Cannot run program "/home/me/arduino-1.8.5/portable/packages/SparkFun/tools/bossac/1.4.0/bossac": error=13, Permission denied',
    'java.io.IOException: Cannot run program "C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\bossac\\1.7.0/bossac.exe": CreateProcess error=5, Access is denied',
])
def test_java_launcher_may_not_start_the_tool_is_tool001(line: str) -> None:
    text = "Uploading using selected port: /dev/ttyACM0\n" + line
    assert first(text) == "TOOL001"


def test_teensy_post_compile_two_boards_auto_search_is_boot006() -> None:
    text = """Uploading .pio\\build\\teensy2\\firmware.hex
Opening Teensy Loader...
Found 2 Teensy boards, but using auto-search to find board for upload.
Please use Tools > Ports(Teensy) to select the specific board."""
    assert "multiple_boards" in kinds(text, "flash")
    assert first(text) == "BOOT006"


HIDFLASH = """> Trying to open the [ttyACM0]...
error, counldn't open [/dev/ttyACM0]
> Unable to open the [ttyACM0]
> Searching for [1209:BEBA] device...
#
> [1209:BEBA] device is found !
> Sending <reset pages> command...
Segmentation fault"""


def test_hid_flash_crash_after_device_found_is_usb004() -> None:
    assert first(HIDFLASH) == "USB004"


def test_hid_flash_crash_while_flashing_is_not_the_open_failure() -> None:
    text = HIDFLASH.replace("Segmentation fault", "> Flashing firmware...\nSegmentation fault")
    crashed = [e for e in events(text, "flash") if e["kind"] == "tool_crashed"]
    assert crashed and not crashed[0].get("hid_open_failed")
    assert "USB004" not in serious(text)


def test_bossac_version_answered_by_esp32s3_rom_is_usb005() -> None:
    text = """Device unsupported
Set binary mode
version()=ESP-ROM:esp32s3-20210327
Connected at 921600 baud
readWord(addr=0)=0x450a0d34
Failed uploading: uploading error: exit status 1"""
    assert "bridge_rom_answered" in kinds(text, "flash")
    assert first(text) == "USB005"
