"""Ranking (prior) audit, session 9, avr-keyboards family: a bare, ambiguous line puts first the cause that the resolved
threads with exactly that text most often had (issue 9, item 6).

Counts are over the corpus (tests/cases, /work/heldout9, /work/heldout10; each thread once by its source URL): threads
whose only failing event is the line's kind (an Arduino "Failed uploading"/"exit status 1" summary line beside it not
counted as a second one). `CHANGED` rows were changed in this audit; `AGREES` rows already agreed and are kept here so
that a later change cannot silently turn the bare line away from the corpus majority.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doctor.cli import main

CHANGED = [
    # BOOT006 (prior s9): bare 'usbdev_open(): did not find any USB device "usb"': BOOT006 3 (2 confirmed), USB004 1 of 4
    ('avrdude: usbdev_open(): did not find any USB device "usb" (0x03eb:0x2104)', "BOOT006"),
    ('avrdude: usbdev_open(): did not find any USB device "usb"', "BOOT006"),
    ("avrdude error: did not find any USB device usb (03eb:2104)", "BOOT006"),
]

AGREES = [
    # butterfly_recv alone: BOOT008 7, BOOT006 2 of 9
    ("avrdude: butterfly_recv(): programmer is not responding", "BOOT008"),
    # jtagmkII sign-on status -1 alone (Nano Every, jtag2updi): BOOT008 4 of 4
    ("avrdude: jtagmkII_getsync(): sign-on command: status -1", "BOOT008"),
    # not in sync, resp=0x00, alone or after stk500_recv: SER007 12, GEN001 2, BOOT001 1
    ("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00", "SER007"),
    ("avrdude: stk500_recv(): programmer is not responding\navrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00", "SER007"),
    # ser_open Access is denied: SER003 5, FW002 1; Permission denied: SER004 7 of 7; can't set com-state: GEN001 5 of 5
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM4": Access is denied.', "SER003"),
    ('avrdude: ser_open(): can\'t open device "/dev/ttyUSB0": Permission denied', "SER004"),
    ('avrdude: ser_open(): can\'t set com-state for "\\\\.\\COM3"', "GEN001"),
    # ser_open on a Windows COM port, the system cannot find the file: SER005 4, BOOT008 1
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM1": The system cannot find the file specified.', "SER005"),
    # expected signature for the 328P, no value printed: FW002 7 of 7
    ("avrdude: Expected signature for ATmega328P is 1E 95 0F\n         Double check chip, or use -F to override this check.", "FW002"),
    # Yikes! invalid signature: AVR005 7 of 7; initialization failed alone: AVR005 4, AVR005/AVR001 2
    ("avrdude: Yikes!  Invalid device signature.", "AVR005"),
    ("avrdude: initialization failed, rc=-1", "AVR005"),
    # target doesn't answer + initialization failed: AVR001 10, AVR005/AVR001 2, USB004 2, AVR005 1 of 15
    ("avrdude: error: program enable: target doesn't answer. 1\navrdude: initialization failed, rc=-1", "AVR001"),
    # bossac "No device found on <port>" (a well-formed port): BOOT001 7, SER003 1, BOOT006 1
    ("No device found on COM5", "BOOT001"),
    # micronucleus "unknown new version": GEN001 4 of 4; dfu-programmer validation failure: GEN001 5 of 5
    ("Warning: device with unknown new version of Micronucleus detected.", "GEN001"),
    ("Memory did not validate. Did you erase?", "GEN001"),
]


def first_id(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> str:
    path = tmp_path / "1.txt"
    path.write_text(text + "\n")
    capsys.readouterr()
    main(["analyze", "--json", str(path)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings, f"no finding for {text!r}"
    return findings[0]["id"]


@pytest.mark.parametrize("text,expected", CHANGED + AGREES, ids=[t.splitlines()[-1][:60] for t, _ in CHANGED + AGREES])
def test_bare_line_puts_the_corpus_majority_first(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    assert first_id(tmp_path, capsys, text) == expected


def test_mkii_with_access_error_stays_usb004(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The prior stands down when the text shows USB004's own evidence: the mkII found but not opened."""
    text = ('avrdude: usb_open(): cannot read serial number "error sending control message: Operation not permitted"\n'
            'avrdude: usbdev_open(): did not find any USB device "usb"')
    assert first_id(tmp_path, capsys, text) == "USB004"
