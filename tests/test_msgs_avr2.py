"""avrdude and its wrappers, second AVR round: a genuine signature of another part, the UPDI/JTAG link to the target
(jtag2updi, SerialUPDI in avrdude and in megaTinyCore/DxCore's pymcuprog), unreadable input files, a USB id given as
avrdude's serial port, and a dfu-programmer run while the chip runs its application. Real lines in the wordings of
several avrdude versions become the events the knowledge reads, and the knowledge names the cause they show."""

from __future__ import annotations


import pytest

from textkit import events, facts, first


@pytest.mark.parametrize("text, other", [
    ("avrdude: Device signature = 0x1e9514\navrdude: Expected signature for ATMEGA328P is 1E 95 0F", True),      # a 328 for a 328P
    ("avrdude: Device signature = 0x1e950F \navrdude: Expected signature for ATMEGA328 is 1E 95 14 ", True),    # and back
    ("avrdude: device signature = 0x1e950f (probably m328p)\navrdude error: expected signature for ATmega328PB is 1E 95 16", True),  # 7.x
    ("avrdude: device signature = 1E 95 14 (ATmega328)\navrdude error: expected signature for ATmega328P is 1E 95 0F", True),  # 8.x
    ("avrdude: Device signature = 0x656570\navrdude: Expected signature for ATtiny814 is 1E 93 22", False),    # noise
    ("avrdude: Device signature = 0x685ba2\navrdude: Expected signature for ATtiny13 is 1E 90 07", False),     # clock too fast
])
def test_signature_of_another_real_part_is_told_from_noise(text: str, other: bool) -> None:
    ev = [e for e in events(text, "avrdude") if e["kind"] == "signature_mismatch"]
    assert ev and bool(ev[0].get("other_part")) is other
    if other:
        assert first(text) == "FW002"
    else:
        assert first(text) in ("AVR001", "AVR005")


@pytest.mark.parametrize("line, via", [
    ("avrdude: jtagmkII_program_enable(): bad response to enter progmode command: RSP_ILLEGAL_MCU_STATE", "jtagmkII"),
    ("avrdude: jtagmkII_reset(): bad response to reset command: RSP_ILLEGAL_MCU_STATE", "jtagmkII"),
    ("avrdude jtagmkII_program_enable() warning: bad response to enter progmode command: RSP_NO_TARGET_POWER", "jtagmkII"),
    ("avrdude serialupdi_initialize() [serialupdi.c:569] error: UPDI link initialization failed", "serialupdi"),
    ("avrdude_git serialupdi_initialize() [serialupdi.c:569] error: UPDI link initialization failed", "serialupdi"),
])
def test_updi_link_failures_are_the_target_not_answering(line: str, via: str) -> None:
    ev = events(line, "avrdude")
    assert ev and ev[0]["kind"] == "target_link_failed" and ev[0]["via"] == via and ev[0]["fail"]
    assert first(line) == "AVR005"


@pytest.mark.parametrize("line", [
    "pymcuprog.pymcuprog_errors.PymcuprogError: UPDI initialisation failed",   # megaTinyCore/DxCore prog.py traceback
    "ERROR - Operation failed with PymcuprogError: UPDI initialisation failed",  # pymcuprog CLI
])
def test_pymcuprog_updi_failure_is_read_and_named(line: str) -> None:
    assert [e["kind"] for e in events(line, "flash")] == ["target_link_failed"]
    assert first(line) == "AVR005"


@pytest.mark.parametrize("line", [
    'avrdude: error reading signature data for part "ATtiny404", rc=-2',   # 6.x
    "avrdude: error reading signature data, rc=-2",
    "avrdude error: unable to read signature data for part ATtiny404 (rc = -2)",  # 7.x
    "avrdude main() error: unable to read signature data (rc = -2)",
])
def test_unreadable_signature_in_every_wording(line: str) -> None:
    ev = events(line, "avrdude")
    assert ev and ev[0]["kind"] == "signature_unreadable" and ev[0]["code"] == -2 and ev[0]["fail"]


@pytest.mark.parametrize("line", [
    'avrdude.exe: invalid record at line 88 of "F:\\firmware\\verdant02_vial.hex"',     # 6.x
    "avrdude error: invalid record at line 88 of verdant02_vial.hex",                   # 7.x-8.x
    "avrdude error: checksum mismatch at line 12 of Blink.ino.hex",
    "avrdude.exe: read from file 'F:\\firmware\\verdant02_vial.hex' failed",           # 6.x
    "avrdude error: reading from file verdant02_vial.hex failed",                       # 8.x
    "avrdude error: no valid record found in Intel Hex file firmware.hex",
    "avrdude error: cannot determine file format for firmware.bin, specify explicitly",
    'avrdude: can\'t open input file "firmware.hex": No such file or directory',
])
def test_unreadable_image_is_a_bad_or_missing_file(line: str) -> None:
    ev = events(line, "avrdude")
    assert ev and ev[0]["kind"] == "image_unreadable" and ev[0]["fail"]
    assert first(line) == "FW005"


def test_usb_id_as_serial_port_is_an_avr_build_for_another_chip() -> None:
    line = 'avrdude: ser_open(): can\'t open device "2e8a:0003": No such file or directory'
    ev = [e for e in events(line, "avrdude") if e["kind"] == "serial_no_such_port"]
    assert ev and ev[0]["port"] == "2e8a:0003" and ev[0]["usb_id"]
    assert first(line) == "FW002"
    # a port name without the /dev/ path stays a wrong path
    plain = 'avrdude: ser_open(): can\'t open device "usb-Arduino__www.arduino.cc__0042_95730-if00": No such file or directory'
    assert first(plain) == "SER005"


def test_arduino_protocol_at_115200_with_garbled_reply_and_no_part_is_the_old_bootloader() -> None:
    text = """Using Port                    : COM4
Using Programmer              : arduino
Overriding Baud Rate          : 115200
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0xf6
avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0xf6"""
    assert first(text) == "SER007"


def test_dfu_programmer_with_the_atmel_application_on_the_bus_is_not_in_its_bootloader() -> None:
    text = """Bus 004 Device 008: ID 03eb:2042 Atmel Corp. LUFA Keyboard Demo Application
sudo dfu-programmer atmega16u2:4,8 erase
dfu-programmer: no device present."""
    assert first(text) == "BOOT001"
    # with the DFU bootloader itself listed, it is not this
    dfu = """Bus 004 Device 008: ID 03eb:2fef Atmel Corp. atmega16u2 DFU bootloader
sudo dfu-programmer atmega16u2 erase
dfu-programmer: no device present."""
    assert first(dfu) != "BOOT001"


def test_platformio_older_manual_port_wording_names_the_port() -> None:
    text = "Looking for upload port...\nUse manually specified: COM4"
    ev = [e for run in facts(text)["flash"]["runs"] for e in run["events"]]
    assert ev and ev[0]["kind"] == "upload_port" and ev[0]["device"] == "COM4"


def test_arduino_cli_burn_bootloader_erase_step_failure_is_a_burn_bootloader_failure() -> None:
    ev = [e for run in facts("Failed chip erase: uploading error: exit status 1")["flash"]["runs"] for e in run["events"]]
    assert ev and ev[0]["kind"] == "upload_failed" and ev[0]["mode"] == "burn-bootloader" and ev[0]["fail"]


@pytest.mark.parametrize("line", [
    "avrdude usbdev_open() error: cannot open device: Permission denied",   # 7.x
    "Warning: cannot open device: Permission denied",                        # 8.x
])
def test_usbdev_open_permission_denied_is_access_not_absence(line: str) -> None:
    text = line + '\navrdude: usbdev_open(): did not find any USB device "usb" (0x03eb:0x2104)'
    assert "usb_access_denied" in [e["kind"] for e in events(text, "avrdude")]
    assert first(text) == "USB004"
