"""avr-c, session 6: the reply byte of avrdude's STK500v1 "not in sync" as a number (resp_value), and the ranking of a
bare not-in-sync by it: a byte of 0x20 or more that is no STK500 reply and no run of text is something answering at
another baud (SER007); nothing at all at 115200 with the Arduino protocol is the old 57600 bootloader (SER007); control
bytes and 0x00 without those signals stay the target that does not answer (AVR005). Texts are real pastes (sources in
the comments)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get(ns, {}).get("runs", []) for e in run["events"]]


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(facts(text))]


@pytest.mark.parametrize("line, value", [
    ("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x10", 0x10),
    ("avrdude: stk500_getsync(): not in sync: resp=0x0d", 0x0D),
    ("Avrdude says: 'not in sync: resp=0x73", 0x73),
    ("avrdude stk500_getsync() warning: attempt 10 of 10: not in sync: resp=0xE0", 0xE0),
])
def test_the_reply_byte_becomes_a_number(line: str, value: int) -> None:
    evs = [e for e in events(line, "avrdude") if e["kind"] == "not_in_sync"]
    assert evs and evs[0]["resp_value"] == value


def test_no_reply_byte_no_value() -> None:
    evs = [e for e in events("avrdude: stk500_getsync() attempt 1 of 10: not in sync", "avrdude") if e["kind"] == "not_in_sync"]
    assert evs and "resp_value" not in evs[0]


# github.com/OctoPrint/OctoPrint-FirmwareUpdater/issues/57 (Anet V1.0, fixed with the avrdude baud at 57600)
ANET = "Avrdude says: 'not in sync: resp=0x73\n"
# forum.arduino.cc/t/failed-to-load-bootloader-on-arduino-nano/1023600 (a Nano clone at 57600, a steady '7')
NANO_37 = """
Using Port : COM4
Using Programmer : arduino
Overriding Baud Rate : 57600
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x37
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0x37
"""


@pytest.mark.parametrize("text", [ANET, NANO_37])
def test_a_lone_byte_of_0x20_or_more_is_another_baud_before_a_dead_target(text: str) -> None:
    found = ids(text)
    assert found[0] == "SER007" and "AVR005" in found


# forum.mysensors.org/topic/4158 (a loose wire between the USB-serial cable and the Pro Mini)
PRO_MINI_10 = """
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x10
"""


def test_a_control_byte_reply_stays_the_target_not_answering() -> None:
    assert ids(PRO_MINI_10)[0] == "AVR005"


def test_marlins_echo_byte_alone_stays_the_missing_bootloader() -> None:
    assert ids("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x65\n")[0] == "BOOT001"


# forum.arduino.cc/t/arduino-nano-avrdude-stk500_getsync-not-in-sync-resp-0x00/92787
NANO_115200_SILENT = """
Using Port : \\.\\COM5
Using Programmer : arduino
Overriding Baud Rate : 115200
avrdude: Send: 0 [30] [20]
avrdude: Send: 0 [30] [20]
avrdude: Send: 0 [30] [20]
avrdude: Recv:
avrdude: stk500_getsync(): not in sync: resp=0x00
avrdude done. Thank you.
"""


def test_nothing_back_at_115200_is_the_old_bootloader_first() -> None:
    found = ids(NANO_115200_SILENT)
    assert found[0] == "SER007" and "AVR005" in found


def test_nothing_back_at_57600_or_an_unknown_baud_is_the_other_speed_first() -> None:
    # (avr s8) resolved threads of zeros-only syncs: the bootloader's other speed first (DFRobot forum 315204 at 57600),
    # the umbrella (AVR005) stays among the alternatives
    found = ids(NANO_115200_SILENT.replace("115200", "57600"))
    assert found[0] == "SER007" and "AVR005" in found
    found = ids("avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0x00\n")
    assert found[0] == "SER007" and "AVR005" in found


def test_a_verified_upload_is_not_judged_by_an_earlier_sync_byte() -> None:
    text = NANO_37 + """
avrdude: AVR device initialized and ready to accept instructions
avrdude: Device signature = 0x1e950f (probably m328p)
avrdude: 924 bytes of flash verified
"""
    found = ids(text)
    assert not found or found[0] != "SER007"


# github.com/jeelabs/esp-link/issues/237 (a Mega 2560 behind an esp-link bridge; fixed by esp-link 3.2's reset)
MEGA_TIMEOUT = """
avrdude: stk500v2_ReceiveMessage(): timeout
avrdude: stk500v2_ReceiveMessage(): timeout
avrdude: stk500v2_ReceiveMessage(): timeout
avrdude: stk500v2_getsync(): timeout communicating with programmer
"""


def test_a_bare_stk500v2_timeout_is_the_bootloader_never_reached_first() -> None:
    found = ids(MEGA_TIMEOUT)
    assert found[0] == "BOOT001" and "AVR005" in found


def test_an_stk500v2_programmer_on_usb_is_not_read_as_the_megas_bootloader() -> None:
    text = "avrdude -c stk500v2 -P usb -p m2560 -U flash:w:x.hex:i\n" + MEGA_TIMEOUT
    assert "BOOT001" not in ids(text)


def test_a_busy_port_before_the_timeout_is_the_busy_port() -> None:
    text = 'avrdude: ser_open(): can\'t open device "\\\\.\\COM3": Access is denied.\n' + MEGA_TIMEOUT
    assert ids(text)[0] != "BOOT001"
