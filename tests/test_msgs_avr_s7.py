"""avr, session 7: avrdude's out-of-range image (fileio.c, 5.x-8.x wordings), the lock byte's unused bits (the bits the
device set that the input has clear, `extra_mask`), a signature mismatch in a run that did not print the signature
(quiet mode: "double check chip" follows only a signature that is neither all 0x00 nor all 0xff), and the USBtiny
limit rule staying out of a paste that shows a USBasp. Texts are real pastes (sources in the comments)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def events(text: str, ns: str = "avrdude") -> list[dict[str, Any]]:
    return [e for run in facts(text).get(ns, {}).get("runs", []) for e in run["events"]]


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(facts(text))]


# github.com/thseiler/embedded/issues/9 (a bootloader grown past its 2 KiB section with a newer avr-gcc)
TWOBOOTS = """
avrdude: ERROR: address 0x8010 out of range at line 129 of /home/marcel/Downloads/.arduino-1.6.5-r5/hardware/arduino/avr/bootloaders/atmega/2boots-arduino-atmega328p-16000000L-PD4.hex
avrdude: read from file '/home/marcel/Downloads/.arduino-1.6.5-r5/hardware/arduino/avr/bootloaders/atmega/2boots-arduino-atmega328p-16000000L-PD4.hex' failed
"""
# github.com/ddiakopoulos/hiduino/issues/10 (a 16U2 image flashed with -p at90usb82: the other cause, built for a bigger chip)
HIDUINO = "avrdude: ERROR: address 0x3010 out of range at line 254 of usbserial_mega_16u2.hex\n"


@pytest.mark.parametrize("line, address", [
    ("avrdude: ERROR: address 0x8010 out of range at line 129 of 2boots.hex", 0x8010),
    ("avrdude.exe: ERROR: address 0x8010 out of range at line 2 of .\\USB_bootloader_xmega32a4u_mini_EO.hex", 0x8010),
    ("avrdude: ERROR: address 0x4010 out of range (below fileoffset 0x800000) at line 1 of Boot.hex", 0x4010),
    ("avrdude error: Intel Hex record [0x007e00, 0x00800f] out of range [0, 0x007fff]", 0x800F),
    ("avrdude error: Motorola S-Record [0x007e00, 0x00800f] out of range [0, 0x007fff]", 0x800F),
])
def test_out_of_range_wordings(line: str, address: int) -> None:
    evs = [e for e in events(line) if e["kind"] == "image_out_of_range"]
    assert evs and evs[0]["address"] == address and evs[0].get("fail")


def test_an_image_out_of_range_is_one_that_does_not_fit_not_an_unreadable_file() -> None:
    found = ids(TWOBOOTS)
    assert found and found[0] == "FW004"
    assert "FW005" not in found


def test_an_image_for_a_bigger_chip_is_not_called_unreadable_either() -> None:
    # the text cannot tell "too big" from "built for a bigger chip than -p": FW004 names both, FW002 is its alternative
    found = ids(HIDUINO)
    assert found and found[0] in ("FW004", "FW002") and "FW005" not in found


def test_an_unreadable_file_alone_stays_fw005() -> None:
    text = "avrdude.exe: read from file 'F:\\firmware\\verdant02_vial.hex' failed\n"
    assert ids(text)[0] == "FW005"


# github.com/arduino/Arduino/issues/6340 and arduino/ArduinoCore-avr#436: the lock byte's bits 6-7 read back as 1
LOCK_3F = """
avrdude: verification error, first mismatch at byte 0x0000
         0xff != 0x3f
avrdude: verification error; content mismatch
"""
LOCK_USBTINY = """
$ /usr/bin/avrdude -v -patmega328p -cusbtiny -e -Ulock:w:0x3F:m
avrdude: verifying ...
avrdude: verification error, first mismatch at byte 0x0000
         0xff != 0x3f
avrdude: verification error; content mismatch
"""


def test_extra_mask_is_the_bits_the_device_added() -> None:
    evs = [e for e in events(LOCK_3F) if e["kind"] == "verify_mismatch"]
    assert evs and evs[0]["extra_mask"] == 0xC0


@pytest.mark.parametrize("text", [LOCK_3F, LOCK_USBTINY])
def test_lock_unused_bits_are_avr004(text: str) -> None:
    assert ids(text)[0] == "AVR004"


def test_a_lock_mismatch_in_real_lock_bits_is_not_unused_bits() -> None:
    # arduino/arduino-cli#2884: 0xff != 0xcf differs in bits 4-5 (BLB1x), which exist
    text = """
avrdude: verifying lock memory against 0xCF:
avrdude: verifying ...
avrdude: verification error, first mismatch at byte 0x0000
         0xff != 0xcf
avrdude: verification error; content mismatch
"""
    evs = [e for e in events(text) if e["kind"] == "verify_mismatch"]
    assert evs and evs[0]["extra_mask"] == 0x30
    assert "AVR004" not in ids(text)[:1]


# forum.arduino.cc/t/bootloader-onto-atmega328/57338 (an ATmega328 non-P); .../burning-bootloader-issue/1390219 (a 328PB)
BARE_CHECK_CHIP = """
avrdude: Expected signature for ATMEGA328P is 1E 95 0F
Double check chip, or use -F to override this check.
"""
IDE2_328PB = """
error while burning bootloader of uno using anoter uno avrdude: Expected signature for ATmega328P is 1E 95 0F
Double check chip, or use -F to override this check.
Failed chip erase: uploading error: exit status 1
"""
# github.com/MCUdude/MiniCore/issues/319: invalid signature (no 5 V on the chip): "Yikes" before the expected line
YIKES = """
Error while burning bootloader.
avrdude error: Yikes!  Invalid device signature.
avrdude error: expected signature for ATmega328PB is 1E 95 16
        Double check connections and try again, or use -F to override
        this check.
"""
# a garbled signature printed: line noise, not another chip (no genuine 0x1e9xyy)
GARBLED = """
avrdude: Device signature = 0x009500
avrdude: Expected signature for ATMEGA328P is 1E 95 0F
"""


@pytest.mark.parametrize("text", [BARE_CHECK_CHIP, IDE2_328PB])
def test_a_quiet_signature_mismatch_is_another_chip_first(text: str) -> None:
    found = ids(text)
    assert found[0] == "FW002" and "AVR005" in found


@pytest.mark.parametrize("text", [YIKES, GARBLED])
def test_an_invalid_or_printed_garbled_signature_stays_avr005(text: str) -> None:
    assert ids(text)[0] == "AVR005"


# forum.arduino.cc/t/programar-bootloader-com-usbasp/157897 (a USBasp with old firmware, Mega2560 bootloader at 0x1e000)
USBASP_OLD = """
avrdude: warning: cannot set sck period. please check for usbasp firmware update.
avrdude: verification error, first mismatch at byte 0x1e000
0xff != 0x0d
avrdude: verification error; content mismatch
"""


def test_a_usbasp_paste_is_not_the_usbtiny_limit() -> None:
    assert "AVR003" not in ids(USBASP_OLD)


def test_a_bare_high_mismatch_still_names_the_usbtiny_limit() -> None:
    text = "avrdude: verification error, first mismatch at byte 0x3e000\n         0xff != 0x0d\n"
    assert ids(text)[0] == "AVR003"


# avrdude 8.x as the Arduino tools build it prints no program name: "OS error: cannot open port ..." (ser_posix.c) and
# "Error: cannot open port ..." (ser_win32.c); github.com/speedskater1610/f2avr README (dialout)
@pytest.mark.parametrize("text, kind, first", [
    ("OS error: cannot open port /dev/ttyUSB0: Permission denied\nError: unable to open port /dev/ttyUSB0 for programmer arduino\n",
     "serial_permission_denied", "SER004"),
    ("OS error: cannot open port /dev/ttyACM0: No such file or directory\nError: unable to open port /dev/ttyACM0 for programmer arduino\n",
     "serial_no_such_port", None),
    ("Error: cannot open port \\\\.\\COM7: The system cannot find the file specified.\nError: unable to open port \\\\.\\COM7 for programmer arduino\n",
     "serial_no_such_port", "SER005"),
])
def test_avrdude8_arduino_build_open_failures(text: str, kind: str, first: str | None) -> None:
    evs = events(text)
    assert any(e["kind"] == "serial_open_failed" and e.get("port") for e in evs)
    assert any(e["kind"] == kind for e in evs)
    if first:
        assert ids(text)[0] == first


# github.com/WorldFamousElectronics/PulseSensor_Amped_Arduino/issues/39: the IDE names a Uno (16U2 bridge), so a vanished
# usbmodem port is the wrong port, not a 32U4 board's bootloader window
UNO_MAC = """
Arduino: 1.8.1 (Mac OS X), Board: "Arduino/Genuino Uno"

avrdude: ser_open(): can't open device "/dev/cu.usbmodemfa131": No such file or directory
Problem uploading to board.  See http://www.arduino.cc/en/Guide/Troubleshooting#upload for suggestions.
"""


def test_a_vanished_usbmodem_port_on_a_uno_is_the_wrong_port() -> None:
    assert ids(UNO_MAC)[0] == "SER005"


def test_a_vanished_usbmodem_port_without_a_board_stays_the_32u4_window() -> None:
    text = 'avrdude: ser_open(): can\'t open device "/dev/cu.usbmodem14301": No such file or directory\n'
    assert ids(text)[0] == "BOOT008"


# github.com/MarlinFirmware/Marlin/issues/11082: a Mega2560 upload through its bootloader that failed at 0x10141 while a
# RAMPS was attached: a first mismatch inside a page is a byte that differs, not where a USBtiny stops reading back
@pytest.mark.parametrize("line, aligned", [
    ("avrdude: verification error, first mismatch at byte 0x10141", False),
    ("avrdude: verification error, first mismatch at byte 0x3e000", True),
    ("avrdude.exe: verification error, first mismatch at byte 0x1fc00", True),
])
def test_page_aligned(line: str, aligned: bool) -> None:
    evs = [e for e in events(line) if e["kind"] == "verify_mismatch"]
    assert evs and evs[0]["page_aligned"] is aligned


def test_an_unaligned_high_mismatch_without_a_programmer_is_not_the_usbtiny_limit() -> None:
    assert "AVR003" not in ids("avrdude: verification error, first mismatch at byte 0x10141\n")


def test_an_unaligned_high_mismatch_on_a_named_usbtiny_stays_its_limit() -> None:
    text = "         Using Programmer              : usbtiny\navrdude: verification error, first mismatch at byte 0x10141\n"
    assert ids(text)[0] == "AVR003"
