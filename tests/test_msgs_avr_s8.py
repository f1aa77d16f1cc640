"""avr, session 8: urclock's garbled MCU id (7.1-8.x), avrdude 6.x safemode's unreliable fuse read, the benign
"programmer operation not supported", and the rankings the resolved threads of this round showed: a zeros-only sync
is the bootloader's other speed first (SER007) unless the paste names an ISP context (ArduinoISP at 19200, Burn
Bootloader, PlatformIO `program`), a line-end reply is the application running (BOOT001), a non-AVR signature read by
a clock-settable ISP programmer is its clock (AVR001), a USBtiny image over 64 KiB wraps (AVR003), a bare jtag2updi
sign-on failure is the Nano Every's missing 1200-baud touch (BOOT008). Texts are real pastes (sources in comments)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import avrdude
import textkit
from textkit import facts


def events(text: str, ns: str = "avrdude") -> list[dict[str, Any]]:
    return textkit.events(text, ns)


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(facts(text))]


# --- message rows ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, mcuid", [
    ("avrdude warning: uP_table does not know mcuid 1753", 1753),  # 7.x (github.com/MCUdude/MiniCore/issues/280)
    ("Warning: uP_table does not know mcuid 1753", 1753),          # 8.x severity prefix (src/urclock.c set_uP)
])
def test_urclock_unknown_mcuid(line: str, mcuid: int) -> None:
    ev = [e for e in events(line) if e["kind"] == "urclock_unknown_mcuid"]
    assert ev and ev[0]["mcuid"] == mcuid


def test_safemode_unreliable_is_a_failure_with_its_fuse() -> None:
    # tech.margula.pl/2018/02/06/flashing-knockoff-arduino-mega-2560/
    ev = events("avrdude: safemode: Verify error - unable to read hfuse properly. Programmer may not be reliable.")
    assert [e["kind"] for e in ev] == ["safemode_unreliable"] and ev[0]["memory"] == "hfuse" and ev[0]["fail"]


@pytest.mark.parametrize("line", ["avrdude: programmer operation not supported", "avrdude error: programmer operation not supported",
                                  "avrdude pgm_default() error: programmer operation not supported", "Error: programmer operation not supported"])
def test_programmer_operation_not_supported_is_benign(line: str) -> None:
    assert avrdude.AvrdudeParser.table.benign(line)


# github.com/mrWheel/I2C_RelaysMux examples/I2C_ATmega_RelaysMux/avrdude_log.h (a USBtinyISP, verified upload)
USBTINY_OK = """
         Using Programmer              : usbtiny
avrdude: usbdev_open(): Found USBtinyISP, bus:device: 020:005
avrdude: programmer operation not supported

avrdude: Using SCK period of 10 usec
avrdude: AVR device initialized and ready to accept instructions
avrdude: Device signature = 0x1e950f (probably m328p)
avrdude: 3248 bytes of flash written
avrdude: 3248 bytes of flash verified
avrdude: safemode: Fuses OK (E:FF, H:D6, L:FF)

avrdude done.  Thank you.
"""


def test_a_verified_usbtiny_upload_with_an_unsupported_operation_is_healthy() -> None:
    assert not [f for f in engine.evaluate(facts(USBTINY_OK)) if f.severity in ("error", "warning")]


# --- rankings ----------------------------------------------------------------------------------------------------------

# github.com/MCUdude/MiniCore/issues/280
URCLOCK = """
avrdude warning: uP_table does not know mcuid 1753
avrdude warning: programmer is not responding
avrdude error: initialization failed, rc=-1
"""


def test_a_garbled_urclock_mcuid_is_the_baud_rate() -> None:
    found = ids(URCLOCK)
    assert found[0] == "SER007"
    assert ids(URCLOCK.replace("avrdude warning: uP_table does not know mcuid 1753\n", ""))[0] != "SER007"


# dfrobot.com/forum/topic/315204 (-c arduino at 57600, zeros only)
ZEROS_57600 = """
        Using Port                    : COM3
        Using Programmer              : arduino
        Overriding Baud Rate          : 57600
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00
avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0x00
"""


def test_zeros_at_57600_are_the_other_speed_first_and_the_umbrella_next() -> None:
    found = ids(ZEROS_57600)
    assert found[0] == "SER007" and "AVR005" in found


@pytest.mark.parametrize("context", [
    "         Using Programmer              : stk500v1\n         Overriding Baud Rate          : 19200\n",  # ArduinoISP
    "Error while burning bootloader.\n",                                                                 # IDE 1.x
    "Errore durante la scrittura del bootloader\n",                                                      # IDE 1.x, it
    "*** [program] Error 1\n",                                                                           # PlatformIO
])
def test_zeros_from_an_isp_programmer_stay_the_programmer_side(context: str) -> None:
    sync = "avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00\n"
    assert ids(sync + context)[0] == "AVR005"
    assert ids(context + sync)[0] == "AVR005"


# memoteki.net/archives/157 (a breadboard ATmega328P whose reset was wired wrongly)
LINE_END = """
         Using Port                    : COM5
         Using Programmer              : arduino
         Overriding Baud Rate          : 115200
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x0a
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0x0a
"""


def test_a_line_end_reply_is_the_application_running() -> None:
    assert ids(LINE_END)[0] == "BOOT001"
    assert ids(LINE_END.replace("0x0a", "0x0d"))[0] == "BOOT001"
    assert ids(LINE_END.replace("0x0a", "0xf8"))[0] == "SER007"  # the high bits of a faster sender: speed


def test_an_uno_class_image_with_zeros_is_no_bootloader() -> None:
    text = ("Sketch uses 924 bytes (2%) of program storage space. Maximum is 32256 bytes.\n"
            "avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00\n")
    assert ids(text)[0] == "BOOT001"
    assert ids(text.replace("32256", "30720"))[0] == "SER007"  # a Nano-class limit: the old-bootloader speed


# kamae-norihiro.blogspot.com/2023/02 (USBasp, ATtiny44A, fixed by -B 10)
GARBAGE_USBASP = ("$ avrdude -F -c usbasp -p t44 -U signature:r:/dev/stdout:i avrdude: error: program enable: target doesn't answer. 1 "
                  "avrdude: initialization failed, rc=-1 avrdude: AVR device initialized and ready to accept instructions "
                  "avrdude: Device signature = 0x37f912 avrdude: Expected signature for ATtiny44 is 1E 92 07 avrdude done. Thank you.")


def test_a_non_avr_signature_from_a_usbasp_is_its_clock() -> None:
    assert ids(GARBAGE_USBASP)[0] == "AVR001"
    # the same value through an ArduinoISP (fixed, slow SPI clock) or with no programmer shown keeps the wiring reading
    assert ids(GARBAGE_USBASP.replace("-c usbasp", "-c stk500v1"))[0] != "AVR001"
    assert ids("avrdude: Device signature = 0x37f912\navrdude: Expected signature for ATtiny44 is 1E 92 07\n")[0] == "AVR005"


# forum.arduino.cc/t/flashing-marlin-firmware-to-atmega2560-verification-error-content-mismatch/699641
USBTINY_WRAP = """
>>>: avrdude -u -c usbtiny -p m2560 -P usb -b 115200 -e -U flash:w:"Marlin.ino.with_bootloader.mega.hex":a
avrdude.exe: Device signature = 0x1e9801 (probably m2560)
avrdude.exe: writing flash (261406 bytes):
avrdude.exe: 261406 bytes of flash written
avrdude.exe: verifying ...
avrdude.exe: verification error, first mismatch at byte 0x0000
             0xff != 0x0c
avrdude.exe: verification error; content mismatch
"""


def test_a_usbtiny_image_over_64k_wraps_even_when_the_mismatch_is_low() -> None:
    assert ids(USBTINY_WRAP)[0] == "AVR003"
    assert ids(USBTINY_WRAP.replace("261406 bytes", "26140 bytes"))[0] != "AVR003"  # a small image: no wrap
    assert ids(USBTINY_WRAP.replace("-c usbtiny", "-c usbasp"))[0] != "AVR003"


def test_a_bare_jtag2updi_sign_on_failure_is_the_missing_touch() -> None:
    line = "avrdude: jtagmkII_getsync(): sign-on command: status -1\n"  # roboremo.app/blog (Nano Every)
    assert ids(line)[0] == "BOOT008"
    # a DIY jtag2updi programming a tinyAVR is not the Nano Every's bridge
    assert ids("         AVR Part                      : ATtiny1614\n" + line)[0] != "BOOT008"


# tech.margula.pl: the session started, then a fuse could not be read twice alike
SAFEMODE = """
avrdude: stk500v2_ReceiveMessage(): timeout
avrdude: safemode: Verify error - unable to read hfuse properly. Programmer may not be reliable.
avrdude: safemode: To protect your AVR the programming will be aborted
avrdude: stk500v2_ReceiveMessage(): timeout
"""


def test_a_link_that_answered_then_lost_bytes_is_not_a_missing_bootloader() -> None:
    found = ids(SAFEMODE)
    assert found[0] == "GEN001"
    assert ids(SAFEMODE.replace("avrdude: safemode: Verify error - unable to read hfuse properly. Programmer may not be reliable.\n", ""))[0] == "BOOT001"


@pytest.mark.parametrize("line", [
    "avrdude: stk500_getsync(): can't communicate with device: resp=0xeb",         # 6.x (forum.arduino.cc/t/.../1196851)
    "avrdude stk500_getsync() error: cannot communicate with device: resp=0xeb",  # 7.x
    "Error: cannot communicate with device: resp=0xeb",                           # 8.x src/stk500.c
])
def test_getsyncs_last_word_carries_the_reply_byte(line: str) -> None:
    text = "avrdude: stk500_getsync() attempt 9 of 10: not in sync: resp=0xec\n" + line
    ev = [e for e in events(text) if e["kind"] == "not_in_sync"]
    assert [e["resp"] for e in ev] == ["0xec", "0xeb"] and all(e["fail"] for e in ev)
