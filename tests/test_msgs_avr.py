"""The AVR and Arduino-style uploaders' message tables (avrdude, dfu-programmer, bossac, QMK, Arduino IDE):
real lines in several versions' and platforms' wordings become the events the knowledge reads."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get(ns, {}).get("runs", []) for e in run["events"]]


def kinds(text: str, ns: str) -> list[str]:
    return [e["kind"] for e in events(text, ns)]


@pytest.mark.parametrize("line, resp", [
    ("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00", "0x00"),          # 6.x
    ("avrdude.exe: stk500_getsync() attempt 5 of 10: not in sync: resp=0xe0", "0xe0"),      # Windows
    ("avrdude stk500_getsync() warning: attempt 10 of 10: not in sync: resp=0x6f", "0x6f"),  # 7.x
    ("avrdude: stk500_getsync(): not in sync: resp=0x30", "0x30"),                          # 5.x
])
def test_not_in_sync_in_every_wording(line: str, resp: str) -> None:
    ev = events(line, "avrdude")
    assert ev and ev[0]["kind"] == "not_in_sync" and ev[0]["resp"] == resp and ev[0]["fail"]


@pytest.mark.parametrize("line, kind, port", [
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM4": Access is denied.', "serial_port_busy", "\\\\.\\COM4"),
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM1": The system cannot find the file specified.', "serial_no_such_port", "\\\\.\\COM1"),
    ('avrdude: ser_open(): can\'t open device "/dev/ttyACM0": Permission denied', "serial_permission_denied", "/dev/ttyACM0"),
    ("avrdude ser_open() error: cannot open port /dev/ttyUSB0: Permission denied", "serial_permission_denied", "/dev/ttyUSB0"),
    ('avrdude: ser_open(): can\'t open device "/dev/cu.usbmodem1411": Resource busy', "serial_port_busy", "/dev/cu.usbmodem1411"),
])
def test_serial_open_failures_carry_the_shared_kind(line: str, kind: str, port: str) -> None:
    ev = events(line, "avrdude")
    assert [e["kind"] for e in ev] == ["serial_open_failed", kind]
    assert ev[1]["port"] == port


def test_retried_open_is_not_a_failure() -> None:
    text = '''avrdude: ser_open(): can't open device "/dev/ttyACM0": Input/output error
Connecting to programmer: .
Found programmer: Id = "CATERIN"; type = S'''
    ev = events(text, "avrdude")
    assert ev[0]["kind"] == "serial_open_failed" and ev[0].get("retried") and not ev[0].get("fail")


def test_empty_programmer_id_is_a_failure() -> None:
    ev = events('Found programmer: Id = ""; type =\navrdude: butterfly_recv(): programmer is not responding', "avrdude")
    assert ev[0]["kind"] == "programmer_found" and ev[0]["fail"]
    assert ev[1]["kind"] == "programmer_not_responding" and ev[1]["func"] == "butterfly_recv"


def test_usbasp_not_found_and_unreadable_strings() -> None:
    text = '''avrdude: Warning: cannot query manufacturer for device: No such file or directory
avrdude: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp\''''
    ev = events(text, "avrdude")
    assert ev[0]["kind"] == "usb_strings_unreadable"
    assert ev[1]["kind"] == "usb_programmer_not_found" and (ev[1]["vid"], ev[1]["pid"]) == ("16c0", "05dc")
    assert ev[1]["manufacturer"] == "www.fischl.de" and ev[1]["product"] == "USBasp"


def test_signature_values_and_mismatch() -> None:
    text = '''avrdude: Device signature = 0x000000 (retrying)
avrdude: Device signature = 0xff8000
avrdude: Expected signature for ATmega64 is 1E 96 02'''
    ev = events(text, "avrdude")
    assert ev[0]["value"] == "0x000000" and ev[0]["retry"] and "part" not in ev[0]
    assert ev[1]["value"] == "0xff8000"
    assert ev[2]["kind"] == "signature_mismatch" and ev[2]["part"] == "ATmega64"


def test_efuse_mismatch_values_on_the_next_line() -> None:
    text = '''avrdude: reading on-chip efuse data:
avrdude: verification error, first mismatch at byte 0x0000
         0xfc != 0xf4'''
    ev = [e for e in events(text, "avrdude") if e["kind"] == "verify_mismatch"][0]
    assert (ev["memory"], ev["received"], ev["expected"], ev["extra_bits_only"]) == ("efuse", 0xFC, 0xF4, True)


def test_header_and_command_line() -> None:
    text = '''C:\\arduino\\avrdude -CC:\\avrdude.conf -v -patmega328p -carduino -PCOM3 -b115200 -D -Uflash:w:Blink.ino.hex:i
         Using Port                    : COM3
         Using Programmer              : arduino
         Overriding Baud Rate          : 115200
avrdude: stk500_recv(): programmer is not responding'''
    run = facts(text)["avrdude"]["runs"][0]
    assert (run["programmer"], run["part"], run["baud"], run["device"]) == ("arduino", "atmega328p", 115200, "COM3")


def test_dfu_programmer_no_device_and_validated_run() -> None:
    assert kinds(">>> dfu-programmer.exe atmega32u4 erase --force\n    dfu-programmer: no device present.", "dfu") == ["dfu_command", "no_dfu_device"]
    ok = facts("Validating...  Success\n0x4E00 bytes written into 0x7000 bytes memory (69.64%).")["dfu"]["runs"][0]
    assert ok["success"] is True


def test_qmk_size_check_and_toolbox_devices() -> None:
    ev = events(" * The firmware is too large! 31030/28672 (2358 bytes over)", "flash")
    assert ev[0]["kind"] == "image_too_large" and (ev[0]["size"], ev[0]["limit"], ev[0]["over"]) == (31030, 28672, 2358)
    f = facts("Caterina device connected (usbser): Microsoft Serial USB (COM4) (2341:0036:0001) [COM4]")
    assert f["usb"]["devices"][0]["role"] == "caterina"
    f = facts("*** DFU device connected: ATm32U4DFU -- 03EB:2FF4:0001 {88bae032-5a81-49f0-bc3d-a4ff138216d6}")
    assert (f["usb"]["devices"][0]["vid"], f["usb"]["devices"][0]["pid"]) == ("03eb", "2ff4")
    assert kinds("Atmel DFU device connected (NO DRIVER): ATMEL ATm32U4DFU (03EB:2FF4:0000)", "flash") == ["bootloader_connected", "driver_missing"]


def test_bossac_and_arduino_ide() -> None:
    assert kinds("Send auto-baud\nNo device found on /dev/ttyACM0", "flash") == ["bootloader_not_found"]
    assert "upload_port_missing" in kinds("Couldn't find a Board on the selected port. Check that you have the correct port selected.", "flash")
    assert kinds("Sketch too big; see https://support.arduino.cc/hc/en-us/articles/360013825179 for tips on reducing it.", "flash") == ["image_too_large"]
