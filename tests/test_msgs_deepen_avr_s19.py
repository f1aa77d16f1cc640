"""(deepen-avr s19) The forms of the thin AVR ids that the knowledge did not yet hold."""

from __future__ import annotations

from textkit import findings, first, serious

# Arduino's avrdude 6.3.0-arduinoNN warning, as arduino/Arduino#11907 pastes it (Burn Bootloader writes the lock as 0x3F)
LOCK_WARNING = """\
avrdude: WARNING: invalid value for unused bits in fuse "lock", should be set to 1 according to datasheet
This behaviour is deprecated and will result in an error in future version
You probably want to use 0xff instead of 0x3f (double check with your datasheet first).
"""

# avrdude 6.3 update.c / avr.c lines of a lock write that verified (Burn Bootloader's first run)
LOCK_VERIFIED = """\
avrdude: reading input file "0x3F"
avrdude: writing lock (1 bytes):

Writing | ################################################## | 100% 0.02s

avrdude: 1 bytes of lock written
avrdude: verifying lock memory against 0x3F:
avrdude: 1 bytes of lock verified

avrdude done.  Thank you.
"""


def test_lock_unused_bits_warning_in_a_run_that_verified_is_a_note() -> None:
    text = LOCK_WARNING + LOCK_VERIFIED
    assert first(text) == "AVR004"
    assert not serious(text)


def test_lock_unused_bits_warning_does_not_lead_a_real_fuse_difference() -> None:
    # arduino/Arduino#11907 (Atmel-ICE, ATmega32U4): 0xf3 != 0xcb differs in bits that exist, not only in unused ones
    text = LOCK_WARNING + """\
avrdude: verification error, first mismatch at byte 0x0000
0xf3 != 0xcb
avrdude: verification error; content mismatch
Failed chip erase: uploading error: exit status 1
"""
    found = findings(text)
    assert found[0].id != "AVR004"
    assert [f.severity for f in found if f.id == "AVR004"] == ["info"]


def test_unused_bits_warning_with_the_efuse_write_failing_still_leads() -> None:
    # avrdude 6.3 main.c/avr.c: the efuse byte write "***failed;" and its verify 0xfd != 0x05 (forum.arduino.cc 402856)
    text = 'avrdude: WARNING: invalid value for unused bits in fuse "efuse", should be set to 1 according to datasheet\n' + """\
avrdude: reading input file "0x05"
avrdude: writing efuse (1 bytes):

Writing | ***failed;
################################################## | 100% 0.03s

avrdude: 1 bytes of efuse written
avrdude: verifying efuse memory against 0x05:
avrdude: verifying ...
avrdude: verification error, first mismatch at byte 0x0000
         0xfd != 0x05
avrdude: verification error; content mismatch
"""
    assert first(text) == "AVR004"
    assert "AVR004" in serious(text)


# dfu-programmer 0.7 (src/main.c, commands.c output) updating an Uno R3's ATmega16U2 as Arduino's 16U2 guide does, with
# lsusb's usb.ids name for 03eb:2fef
DFU_16U2_UPDATE = """\
$ lsusb | grep Atmel
Bus 001 Device 012: ID 03eb:2fef Atmel Corp. atmega16u2 DFU bootloader
$ sudo dfu-programmer atmega16u2 erase
Checking memory from 0x0 to 0x2FFF...  Empty.
$ sudo dfu-programmer atmega16u2 flash Arduino-usbserial-atmega16u2-Uno-Rev3.hex
Checking memory from 0x0 to 0xFFF...  Empty.
0%                            100%  Programming 0x1000 bytes...
[>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>]  Success
0%                            100%  Reading 0x3000 bytes...
[>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>]  Success
Validating...  Success
0x1000 bytes written into 0x3000 bytes memory (33.33%).
"""


def test_a_16u2_in_dfu_being_reflashed_is_a_note_not_the_fault() -> None:
    assert first(DFU_16U2_UPDATE) == "USB005"
    assert not serious(DFU_16U2_UPDATE)


def test_a_16u2_in_dfu_alone_stays_the_fault() -> None:
    text = DFU_16U2_UPDATE.split("$ sudo")[0]
    assert first(text) == "USB005"
    assert "USB005" in serious(text)
