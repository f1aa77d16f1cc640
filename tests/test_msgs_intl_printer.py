"""Families the intl-printer round added in session 7 (OctoPrint's baud detection and garbled replies), each checked
against what the tool prints and what it must not catch."""

from __future__ import annotations

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def first_id(text: str) -> str | None:
    found = engine.evaluate(parse_stream(iter(text.splitlines()), "paste"))
    return found[0].id if found else None


def events(text: str) -> list[dict]:
    facts = parse_stream(iter(text.splitlines()), "paste")
    return ((facts.get("klipper") or {}).get("log") or {}).get("events") or []


_HEADER_13 = "Connecting to: /dev/ttyACM0\nStarting baud rate detection\nTrying baudrate: 250000\nSend: N0 M110 N0*125\n"


@pytest.mark.parametrize("reply", [
    # OctoPrint 1.2-1.3: bytes >= 0x80 decoded as ASCII with errors="replace"
    "Recv: ~\ufffd\ufffd~\ufffd\ufffdf\ufffd\ufffd\ufffd\ufffd\ufffd~ \ufffdfx~fx",
    # OctoPrint on Windows: replacement characters beside escaped control bytes
    "Recv: \ufffdqx\ufffd:&6 Ht\\0\\x0e:H\\C3\\x13\ufffdJB%\ufffd\ufffdJC>",
    # OctoPrint 1.4+ (latin1) / octo4a: escaped C1 controls beside Latin-1 letters
    "Recv: \\x86d\u00e9\\x93\\xff\\x8dtm\u00c1P",
    # serial.log, behind the logger's prefix
    "2016-09-27 00:37:44,607 - SERIAL - DEBUG - Recv: ~\ufffd\ufffd~\ufffd\ufffdf\ufffd\ufffd\ufffd",
])
def test_garbled_reply_during_octoprint_handshake_is_a_baud_mismatch(reply: str) -> None:
    assert first_id(_HEADER_13 + reply + "\n") == "SER007"


def test_garbled_reply_carries_the_baud_tried() -> None:
    garbled = [e for e in events(_HEADER_13 + "Recv: \ufffd\ufffd\ufffd\ufffdxx\n") if e["kind"] == "octoprint_recv_garbled"]
    assert garbled and garbled[0]["baud"] == 250000


def test_baud_of_a_fixed_connection_is_taken_from_connected_to() -> None:
    text = ("Connected to: Serial<id=0x74bcdd8, open=True>(port='COM3', baudrate=115200, bytesize=8, parity='N', stopbits=1, "
            "timeout=10.0, xonxoff=False, rtscts=False, dsrdtr=False), starting monitor\nSend: N0 M110 N0*125\n"
            "Recv: \ufffdqx\ufffd:&6\ufffdJB\n")
    garbled = [e for e in events(text) if e["kind"] == "octoprint_recv_garbled"]
    assert garbled and garbled[0]["baud"] == 115200


@pytest.mark.parametrize("reply", [
    "Recv: ok",
    "Recv: echo:EEPROM version mismatch (EEPROM=? Marlin=V47)",
    "Recv: start",
    # Latin-1 letters alone are text (a localized firmware message), not noise
    "Recv: echo:Ger\u00e4t \u00fcber USB verbunden, Temperatur \u00fcberpr\u00fcfen",
])
def test_plain_replies_are_not_garbled(reply: str) -> None:
    assert not [e for e in events(_HEADER_13 + reply + "\n") if e["kind"] == "octoprint_recv_garbled"]


@pytest.mark.parametrize("line, baud", [
    ("Trying baudrate: 115200", 115200),
    ("2016-09-27 00:37:32,194 - SERIAL - DEBUG - Trying baudrate: 250000", 250000),
    ("2020-08-01 05:43:15,155 - octoprint.util.comm - INFO - Serial detection: Trying port /dev/ttyUSB0, baudrate 115200", 115200),
])
def test_octoprint_baud_detection_steps_are_read_and_benign(line: str, baud: int) -> None:
    tried = [e for e in events(line) if e["kind"] == "octoprint_baud_try"]
    assert tried and tried[0]["baud"] == baud
    assert first_id(line) is None


@pytest.mark.parametrize("line", [
    "Changing monitoring state from 'Offline' to 'Error: No more baudrates to test, and no suitable baudrate found.'",
    'Changing monitoring state from "Detecting serial port" to "Error: No more candidates to test, and no working port/baudrate combination detected."',
])
def test_failed_autodetection_is_never_silent(line: str) -> None:
    assert first_id(line) == "GEN001"
