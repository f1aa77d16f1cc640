"""Session 12, avr-isp: rows and rules for held-out misses (avrdude's safemode "efuse changed!" when only unused bits
differ, a USBtiny write over 64 KiB whose verify is not shown, a USBasp without TPI firmware on a TPI-only ATtiny, and a
high-fuse value that programs RSTDISBL before ISP stops answering)."""

from __future__ import annotations

import pytest

from textkit import events, findings, first, serious


@pytest.mark.parametrize("line", [
    "avrdude: safemode: efuse changed! Was fd, and is now 5",  # linuxgpio m328: the read keeps only the used bits
    "\tavrdude: safemode: efuse changed! Was ff, and is now 1",  # a one-bit extended fuse (ATtiny)
    "avrdude: safemode: efuse changed! Was f4, and is now fc",  # hiduino 16U2
])
def test_safemode_efuse_change_in_unused_bits_is_avr004(line: str) -> None:
    ev = [e for e in events(line, "avrdude") if e["kind"] == "safemode_unreliable"][0]
    assert ev["bits_subset"] is True and isinstance(ev["was"], int) and isinstance(ev["now"], int)
    assert first(line) == "AVR004"


@pytest.mark.parametrize("line", [
    "avrdude-slic3r: safemode: hfuse changed! Was d8, and is now ff",  # a lost bootloader link reads ff: not a fuse matter
    "avrdude: safemode: efuse changed! Was fd, and is now ff",  # ff: the idle line, left to the other rows
    "avrdude: safemode: efuse changed! Was fd, and is now 02",  # bits both ways: a real change
])
def test_safemode_change_that_is_no_unused_bit_matter_is_not_avr004(line: str) -> None:
    assert first(line) != "AVR004"


USBTINY_1284P = """avrdude -e -p atmega1284p -c usbtiny   -U flash:w:bootloader.hex -U lfuse:w:0xc6:m -U hfuse:w:0xd8:m -U efuse:w:0xff:m

avrdude: AVR device initialized and ready to accept instructions

Reading | ################################################## | 100% 0.00s

avrdude: Device signature = 0x1e9705 (probably m1284p)
avrdude: erasing chip
avrdude: writing flash (124512 bytes):

Writing | ################################################## | 100% 0.00s

avrdude: 124512 bytes of flash written
avrdude: verifying flash memory against bootloader.hex:
avrdude: reading on-chip flash data:"""


def test_usbtiny_writing_over_64k_with_the_verify_cut_off_is_avr003() -> None:
    assert first(USBTINY_1284P) == "AVR003"


def test_usbtiny_small_write_or_a_verified_one_says_nothing() -> None:
    small = USBTINY_1284P.replace("124512", "32512")
    assert serious(small) == []
    verified = USBTINY_1284P + "\n\nReading | ################################################## | 100% 9.00s\n\navrdude: verifying ...\navrdude: 124512 bytes of flash verified"
    assert "AVR003" not in serious(verified)
    newer = "avrdude: Version 7.2\n" + USBTINY_1284P
    assert "AVR003" not in serious(newer)


TPI_OLD_FW = """avrdude -c usbasp -p t10 -t
avrdude: warning: cannot set sck period. please check for usbasp firmware update.
avrdude: error: program enable: target doesn't answer. 1 
avrdude: initialization failed, rc=-1
         Double check connections and try again, or use -F to override
         this check.

avrdude done.  Thank you."""


def test_usbasp_spi_program_enable_on_a_tpi_only_part_is_old_firmware() -> None:
    found = serious(TPI_OLD_FW)
    assert found == ["GEN001"]
    assert first(TPI_OLD_FW) == "GEN001"


def test_the_same_failure_on_an_isp_part_stays_avr001() -> None:
    assert first(TPI_OLD_FW.replace("-p t10", "-p t13")) == "AVR001"


RSTDISBL_WRITE = """avrdude: reading input file 0x5f for hfuse
         with 1 byte in 1 section within [0, 0]
avrdude: writing 1 byte hfuse ...
avrdude: 1 byte of hfuse written
avrdude: verifying hfuse memory against 0x5f
avrdude: 1 byte of hfuse verified

avrdude done.  Thank you."""

RSTDISBL_READ = """$ avrdude -c usbasp -p t85 -U lfuse:r:-:h -U hfuse:r:-:h -U efuse:r:-:h -n -B 125kHz

avrdude: set SCK frequency to 93750 Hz
avrdude error: program enable: target does not answer (0x01)
avrdude error: initialization failed, rc=-1

avrdude done.  Thank you."""


def test_high_fuse_with_rstdisbl_then_no_answer_is_avr005() -> None:
    assert [e["value"] for e in events(RSTDISBL_WRITE, "avrdude") if e["kind"] == "fuse_input"] == ["0x5f"]
    assert first(RSTDISBL_WRITE + "\n\n" + RSTDISBL_READ) == "AVR005"


def test_high_fuse_keeping_reset_is_not_the_rstdisbl_rule() -> None:
    text = RSTDISBL_WRITE.replace("0x5f", "0xdf") + "\n\n" + RSTDISBL_READ
    assert not any("RSTDISBL" in f.message for f in findings(text))
    assert any("RSTDISBL" in f.message for f in findings(RSTDISBL_WRITE + "\n\n" + RSTDISBL_READ))
    assert serious(RSTDISBL_WRITE) == []


def test_avrdude6_fuse_value_line_then_memory_line_is_read() -> None:
    text = 'avrdude: reading input file "0x05"\navrdude: writing hfuse (1 bytes):\n\navrdude: 1 bytes of hfuse written'
    assert [(e["value"], e["memory"]) for e in events(text, "avrdude") if e["kind"] == "fuse_input"] == [("0x05", "hfuse")]
    failing = "$ avrdude -c usbtiny -p m328p -U hfuse:w:0x05:m\n\navrdude: initialization failed, rc=-1\n\navrdude done. Thank you."
    assert first(failing) == "AVR005"
    assert any("RSTDISBL" in f.message for f in findings(failing))
    # an Arduino core's high fuse keeps RESET: no RSTDISBL finding
    assert not any("RSTDISBL" in f.message for f in findings(failing.replace("0x05", "0xDE")))
