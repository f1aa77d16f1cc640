"""Session 24, second wave, area avr-swd-tools: families found by unseen threads (heldout26/avr-swd-tools).

- UPDI datalink check failed twice (pyupdi / pymcuprog / megaTinyCore's SerialUPDI): the init raises "UPDI initialisation
  failed" after it, also when the paste stops before the raise -> AVR005.
- Greaseweazle's F1 test firmware (blinky.c): a likely fake STM32F103 and a failed self-test -> SWD007.
- prose: the chip answers only with a slower ISP clock ("connects only if I add -B4") -> AVR001.

Texts marked "from the source's format" are built from the tools' printf/logger formats, not pasted by anyone.
"""

from __future__ import annotations

from textkit import findings


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# pyupdi updi/link.py UpdiDatalink.__init__: init, check ("UPDI not OK"), double break, init, check, raise; the paste stops
# before the raise (mraardvark/pyupdi#66, trimmed)
PYUPDI_CUT = """INFO:phy Opening /dev/ttyUSB0 at 115200 baud
INFO:link LDCS from 0x00
INFO:phy send : [0x55, 0x80]
INFO:phy receive : []
INFO:link UPDI not OK - reinitialisation required
INFO:phy Sending double break
INFO:phy Opening /dev/ttyUSB0 at 115200 baud
INFO:link LDCS from 0x00
INFO:phy send : [0x55, 0x80]
INFO:phy receive : []
INFO:link UPDI not OK - reinitialisation required
Traceback (most recent call last):
  File "pyupdi.py", line 178, in <module>
    _main()
...
"""


def test_pyupdi_two_failed_checks_is_target_not_answering():
    assert ids(PYUPDI_CUT)[0] == "AVR005"


def test_pyupdi_check_recovered_after_double_break_is_healthy():
    # from the source's format: the second check answers ("UPDI init OK"), the session goes on
    text = PYUPDI_CUT.replace("INFO:phy receive : []\nINFO:link UPDI not OK - reinitialisation required\nTraceback",
                              "INFO:phy receive : [0x30]\nINFO:link UPDI init OK\nTraceback", 1)
    text = text.split("Traceback")[0]
    assert "AVR005" not in ids(text)


def test_pymcuprog_serialupdi_cs_register_twice_from_the_source_format():
    # from the source's format: megaTinyCore tools/libs/pymcuprog/serialupdi/link.py _check_datalink (logger.warning), the
    # second failed check after the double break; the raise "UPDI initialisation failed" not pasted
    text = ("pymcuprog.serialupdi.link - INFO - STCS 08 to 0x03\n"
            "pymcuprog.serialupdi.link - WARNING - UPDI init failed: Can't read CS register. likely wiring error.\n"
            "pymcuprog.serialupdi.physical - INFO - Sending double break\n"
            "pymcuprog.serialupdi.link - INFO - STCS 08 to 0x03\n"
            "pymcuprog.serialupdi.link - WARNING - UPDI init failed: Can't read CS register. likely wiring error.\n")
    assert ids(text)[0] == "AVR005"


def test_one_failed_check_alone_is_no_verdict():
    # from the source's format: the first check failed, the double break follows; nothing says how it ended
    text = ("pymcuprog.serialupdi.link - INFO - UPDI not OK - reinitialisation required\n"
            "pymcuprog.serialupdi.physical - INFO - Sending double break\n")
    assert "AVR005" not in ids(text)


# keirf/greaseweazle-firmware#3 (trimmed): a CH32F103 Blue Pill under Greaseweazle's blinky test firmware
BLINKY_FAKE = """** Keir Fraser <keir.xen@gmail.com>
** https://github.com/keirf/Greaseweazle
Serial = abcd:9858:bc56:007b:410f:2000
Flash Size = 64kB (STM32F103x8 Medium-Density)
Device ID = 0x0410
Revision  = 0x2000
**WARNING**: Device returned valid IDCODE! Fake?
Testing I2C1... OK
DMA Test #4... OK
Testing 64kB Flash... **FAILED** [Exception #5]
"""


def test_greaseweazle_blinky_fake_chip_and_failed_test_is_clone_mcu():
    assert ids(BLINKY_FAKE)[0] == "SWD007"


def test_greaseweazle_blinky_fake_warning_with_all_tests_ok_is_no_clone_fault():
    # from the source's format (src/blinky.c): the warning alone, every test passing
    text = BLINKY_FAKE.replace("Testing 64kB Flash... **FAILED** [Exception #5]", "Testing 64kB Flash... OK")
    assert "SWD007" not in ids(text)


def test_greaseweazle_blinky_failed_test_on_a_genuine_id_is_not_clone():
    # from the source's format: no fake marker (IDCODE read 0), an I2C test failing
    text = BLINKY_FAKE.replace("**WARNING**: Device returned valid IDCODE! Fake?\n", "").replace(
        "Testing I2C1... OK", "Testing I2C1... **FAILED**")
    assert "SWD007" not in ids(text)


# MCUdude/MegaCore#191 (trimmed)
MEGACORE_191 = """The difficulty I have is I cannot load the bootloader on my so called "Atmega128 minimum board".
The ISP programmer I am using is a USBasp bought on Aliexpress. My USBasp programmer will connect to m128 with AVRDUDE only if I add the option -B4, as follows:
AVRDUDE -p atmega128 -c usbasp -B4.
"""


def test_prose_connects_only_with_slower_clock_is_isp_clock():
    assert ids(MEGACORE_191)[0] == "AVR001"


def test_prose_only_with_b_variants():
    assert "AVR001" in ids("It only works with -B 32.")
    assert "AVR001" in ids("avrdude reads the chip only when I pass -B 10")


def test_prose_only_with_b_not_on_questions_conditionals_advice_negations():
    for text in ("Does it only work with -B 32?",
                 "If it only works with -B 32, the chip runs at 1 MHz",
                 "When it only works with -B 32 the fuses are set to 1 MHz.",
                 "Try it, it only works with -B 32",
                 "It doesn't work, not even only with -B 32.",
                 "Nothing works, only with -B 32 it doesn't either",
                 "It never works, only if I add -B 4 would it maybe",
                 "It only works with a USBasp, -B 32 does nothing",
                 "It works with -B 32 too."):
        assert "AVR001" not in ids(text), text


# Microchip Studio's dialog message with the details pane's fields run onto it (a forum paste, EE.SE 734065's wording);
# before: the words "security bit" alone were read as flash protection (SWD006)
STUDIO_RUN_ON = ("Failed to enter programming mode. ispEnterProgMode: Error status received: Got 0xc0, expected 0x00 "
                 "(Command has failed to execute on the tool) Unable to enter programming mode. Verify device selection, "
                 "interface settings, target power, security bit, and connections to the target device. Timestamp: "
                 "2024-12-23 16:19:42.666 Severity: ERROR ComponentId: 20100 StatusCode: 1")


def test_studio_prog_mode_failed_run_on_or_prefixed_is_avr_target():
    # from the source's format (the dialog's text) with the fields before it, and with an "Error: " prefix
    run_on = ("Timestamp: 2024-12-23 16:19:42.666 Severity: ERROR ComponentId: 20100 StatusCode: 1 ModuleName: TCF "
              "(TCF command: Device:startSession failed.) Unable to enter programming mode. Verify device selection, "
              "interface settings, target power, security bit, and connections to the target device.")
    assert ids(run_on)[0] == "AVR005"
    assert ids("Error: Unable to enter programming mode. Verify device selection, interface settings, target power, "
               "security bit, and connections to the target device.")[0] == "AVR005"
    assert "SWD006" not in ids(STUDIO_RUN_ON)


def test_stm32flash_read_failed_bare_line_asks_and_never_erases():
    # from the source's format (stm32flash 0.4-0.7 main.c, stm32.c): the read's verdict always guesses "write-protected?";
    # a protected chip NACKs the Read Memory command itself, printed just above ("Got NACK from device on command 0x11"),
    # an address NACK (a dump past the real flash end) prints nothing. The bare line: an ask, never `stm32flash -k`
    fs = findings("Failed to read memory at address 0x08010000, target write-protected?")
    assert fs[0].id == "SWD006" and fs[0].severity == "warning"
    assert not any("-k" in c for c in (fs[0].remediation or {}).get("commands") or [])
    assert "0x11" in (fs[0].ask or "")
    # a garbled link before it is the serial line, not the chip
    assert ids("Got byte 0x00 instead of ACK\nFailed to read memory at address 0x08000000, target write-protected?")[0] != "SWD006"


def test_stm32flash_read_failed_after_progress_is_never_protection():
    # main.c prints "\rRead address 0x%08x (%.2f%%) " only after a chunk was read: that chip was readable (review s24w2)
    text = "Read address 0x08000100 (0.39%) Failed to read memory at address 0x08000100, target write-protected?"
    found = ids(text)
    assert "SWD006" not in found and found  # still a failure (GEN001), never silence


def test_stm32flash_nack_on_read_is_protection_with_unprotect():
    text = "Got NACK from device on command 0x11\nFailed to read memory at address 0x08000000, target write-protected?"
    fs = findings(text)
    assert fs[0].id == "SWD006"
    assert any("-k" in c for c in (fs[0].remediation or {}).get("commands") or [])


# (review s24w2) the test firmware's own fake-chip failures, from the source's format (keirf/greaseweazle-firmware
# src/blinky.c): the marker and "**FAILED**" on one line (i2c_test, dma_test), the SRAM loop's dots with TIM4's ticks
_BLINKY_HEAD = BLINKY_FAKE.split("Testing I2C1")[0]


def test_greaseweazle_blinky_fake_marker_on_the_failed_line_is_clone():
    for tail in ("Testing I2C1... [Fake Chip?] **FAILED**\nTesting I2C2... OK\n",
                 "Testing I2C1... OK\nDMA Test #1... [Spurious IRQ: Fake Chip?] **FAILED**\n",
                 "Testing 64kB Flash... OK\nEnable TIM4 IRQ... OK\nTesting 20kB SRAM (endless loop).........**FAILED**\n"):
        assert ids(_BLINKY_HEAD + tail)[0] == "SWD007", tail
    # the failing line alone, no IDCODE warning pasted
    assert ids("Testing I2C1... [Fake Chip?] **FAILED**")[0] == "SWD007"
    assert ids("DMA Test #1... [Spurious IRQ: Fake Chip?] [Bad Data] **FAILED**")[0] == "SWD007"


def test_prose_only_with_b_review_sentences():
    for text in ("It works fine without -B, and only with -B 32 it fails.",
                 "It should only work with -B 32 if the fuses are wrong.",
                 "Normally it only works with -B 32 when CKDIV8 is set, so check that.",
                 "Make sure it reads only with -B 10.",
                 "You'll find it only connects with -B 32 on new chips.",
                 "I read somewhere that it only works with -B 32.",
                 "Only with -B 32 does it fail."):
        assert "AVR001" not in ids(text), text
    assert "AVR001" in ids("It still only works with -B 32, even after changing the crystal.")


def test_studio_prog_mode_failed_quoted_is_avr_target_not_protection():
    text = ('I get "Unable to enter programming mode. Verify device selection, interface settings, target power, '
            'security bit, and connections to the target device."')
    found = ids(text)
    assert found[0] == "AVR005" and "SWD006" not in found


_CS_FAIL = "pymcuprog.serialupdi.link - WARNING - UPDI init failed: Can't read CS register. likely wiring error.\n"


def test_updi_checks_of_two_recovering_runs_are_no_dead_link():
    # from the source's format (pymcuprog 3.x pymcuprog_main.py prints; "UPDI init OK" is INFO, hidden at the default
    # warning level): each run's first check failed, the double break recovered it, the session went on
    text = ("Connecting to SerialUPDI\n" + _CS_FAIL + "Pinging device...\nPing response: 1E9422\nDone.\n") * 2
    assert "AVR005" not in ids(text)
    # two failed checks, then the session still came up: no dead link either
    text = "Connecting to SerialUPDI\n" + _CS_FAIL * 2 + "Pinging device...\nPing response: 1E9422\nDone.\n"
    assert "AVR005" not in ids(text)


def test_updi_old_check_failed_wording_twice_is_target_not_answering():
    # from the source's format: pymcuprog 3.10.x / megaTinyCore before 2022-01-17, serialupdi/link.py logger.warning("Check failed")
    text = ("pymcuprog.serialupdi.link - WARNING - Check failed\n"
            "pymcuprog.serialupdi.physical - INFO - Sending double break\n"
            "pymcuprog.serialupdi.link - WARNING - Check failed\n")
    assert ids(text)[0] == "AVR005"
