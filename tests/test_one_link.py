"""The links to a board and the bootloader requests are written once (issue 10): doctor/protocols/transport.py holds
the serial, USB CDC and CAN links with the CRC, doctor/protocols/entry.py the 1200-baud touch, the UART request
string and the CAN admin request. Production code elsewhere uses them (the simulators keep their own side)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
HOMES = {"doctor/protocols/transport.py", "doctor/protocols/entry.py"}
COPIES = {
    "a CRC-16 of its own": re.compile(r"^\s*def crc16\("),
    "a serial port opened by hand": re.compile(r"serial\.Serial\("),
    "a CAN bus opened by hand": re.compile(r"can\.Bus\("),
    "the CAN admin id": re.compile(r"arbitration_id=0x3[fF]0|= 0x3[fF]0\b"),
    "the UART request string": re.compile(r"Request Serial Bootloader"),
}


def _production() -> list[Path]:
    files = [p for folder in ("doctor", "drivers", "checks") for p in (ROOT / folder).rglob("*.py")]
    return [p for p in files if "sim" not in p.relative_to(ROOT).parts and str(p.relative_to(ROOT)) not in HOMES]


def test_no_copy_of_a_link_or_a_bootloader_request_outside_their_modules() -> None:
    found = []
    for path in _production():
        for n, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            for what, pattern in COPIES.items():
                if pattern.search(code):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {what}")
    assert found == []


def test_the_protocols_use_the_one_crc_and_request() -> None:
    from doctor.protocols import entry, katapult, klipper, transport

    assert katapult.crc16 is transport.crc16 and klipper.crc16 is transport.crc16
    assert katapult.SerialTransport is transport.SerialTransport and katapult.KatapultError is transport.TransportError
    assert klipper.SERIAL_BOOTLOADER_REQUEST_WIRE == entry.SERIAL_BL_REQ == katapult.SERIAL_BL_REQ
    assert transport.crc16(b"123456789") == 0x6F91
