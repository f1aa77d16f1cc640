"""Ranking (prior) audit, session 9, klipper-host family: a bare, ambiguous line puts first the cause that the resolved
threads with exactly that text most often had, and where that is GEN001 it names the alternatives and the question
that decides (issue 9, item 6).

Counts are over the corpus (tests/cases, /work/heldout9, /work/heldout10; each thread once by its source URL; an
unconfirmed thread counted with half weight): threads whose only failing event is the line's kind. klippy.log, the
Mainsail/Fluidd/OctoPrint consoles, Katapult's flashtool.py, `make` / `make flash`, flash-sdcard.sh, canbus_query.py,
ip link / can-utils, the kernel log, picotool and prose claims. Every audited row already had the corpus majority
first: `AGREES` keeps it so (a later change cannot silently turn a bare line away from it); `NAMED` are the GEN001 rows
of this audit, which leave GEN001 first and add the minority causes and the deciding question to its message and ask.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from doctor.cli import main

AGREES = [
    # mcu_shutdown alone: GEN001 33, CAN006 1 (a CAN toolhead's name) of 34 threads
    ("MCU 'mcu' shutdown: Timer too close", "GEN001"),
    ("MCU 'mcu' shutdown: Rescheduled timer in the past", "GEN001"),
    ("Recv: // MCU 'mcu' shutdown: Stepper too far in past", "GEN001"),
    # usbfs claim conflict with brltty: SER001 20, USB005 1 (fwupd, not brltty) of 21
    ("usb 3-1: usbfs: interface 0 claimed by cp210x while 'brltty' sets config #1", "SER001"),
    ("[  173.655257] usb 3-3: usbfs: interface 0 claimed by ch341 while 'brltty' sets config #1", "SER001"),
    # lost communication: GEN001 15 of 15
    ("Lost communication with MCU 'mcu'", "GEN001"),
    # picotool / its build missing: TOOL001 10 of 10
    ("bash: picotool: command not found", "TOOL001"),
    ("-- Could NOT find LIBUSB (missing: LIBUSB_INCLUDE_DIR)", "TOOL001"),
    # mcu 'mcu': Unable to connect: GEN001 6, SER005 2, SD001 1 of 9
    ("mcu 'mcu': Unable to connect", "GEN001"),
    # OctoPrint connect failures, split by their text: "timeout while trying to connect" SER007 4, SER005/SER007 1 of 5;
    # "no more candidates" / "failed to autodetect": GEN001 4 of 4
    ("There was a timeout while trying to connect to the printer", "SER007"),
    ("No more candidates to test, and no working port/baudrate combination detected.", "GEN001"),
    ("Failed to autodetect serial port, please set it manually.", "GEN001"),
    # Klipper's make failing: FW005 8 of 8
    ("make: *** [Makefile:67: out/src/sched.o] Error 1", "FW005"),
    # Unable to open serial port, a by-id path that does not exist: SER005 5 of 5 (host-mcu socket, ttyACM errno 6: GEN001 1 each)
    ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0: "
     "[Errno 2] No such file or directory: '/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0'", "SER005"),
    # Klipper's state line: GEN001 6, SER003 1 of 7; shutdown / config reasons: GEN001 6 of 6, 5 of 5
    ("Printer is not ready", "GEN001"),
    ("Heater extruder not heating at expected rate", "GEN001"),
    ("Option 'control' in section 'heater_bed' must be specified", "GEN001"),
    # CAN: no device CAN002 6 of 6; network down CAN001 5 of 5
    ('Cannot find device "can0"', "CAN002"),
    ("OSError: [Errno 100] Network is down", "CAN001"),
    # ENOBUFS, split by the sender: cansend GEN001 2, CAN004 1 (unconfirmed) of 3; python-can / Klipper CAN006 2, CAN004 1
    ("cansend can0 000#0301\nwrite: No buffer space available", "GEN001"),
    ("OSError: [Errno 105] No buffer space available", "CAN006"),
    # Katapult: Can Read Error BOOT001 2, CAN007 2, BOOT002 1, none 1 of 7 (no majority); Flash Error as the last line
    # of 33 flashtool failures: BOOT001 12, CAN002 5, ... (no majority)
    ("ERROR:root:Can Read Error", "GEN001"),
    ("ERROR:root:Flash Error", "GEN001"),
    # kernel descriptor read errors: USB002 5 of 5
    ("usb 1-1.4: device descriptor read/64, error -32", "USB002"),
    # no RP2040 in BOOTSEL (picotool, Klipper's make flash): BOOT003 in all 4 expects (2 with USB004 or BOOT001 beside)
    ("No accessible RP2040 devices in BOOTSEL mode were found.", "BOOT003"),
    ("No rp2040 in BOOTSEL mode was found", "BOOT003"),
    # picotool found the device and could not open it: USB004 40 of 40 threads holding the line
    ("RP2040 device at bus 1, address 5 appears to be in BOOTSEL mode, but picotool was unable to connect", "USB004"),
    # MCU Protocol error: FW005 4 of 4
    ("MCU Protocol error", "FW005"),
    # flash-sdcard.sh errors, split by their text: init failure SD003/SD001 2 of 2; command format mismatch GEN001 2 of 2
    ("SD Card Flash Error: Failed to Initialize SD Card. Is it inserted?", "SD003"),
    ("SD Card Flash Error: Command format mismatch: config is_config=%c crc=%u move_count=%hu is_shutdown=%c vs config "
     "is_config=%c crc=%u is_shutdown=%c move_count=%hu", "GEN001"),
    # a claim that dmesg shows nothing: USB001 4 of 4
    ("There are no new messages in dmesg when I plug the board in.", "USB001"),
]

# (text, words the GEN001 message must hold, words its ask must hold)
NAMED = [
    # Lost communication / Timeout with MCU: GEN001 15 of 15; 5 resolved as the MCU unpowered or just powered
    ("Lost communication with MCU 'mcu'", ["unpowered", "USB003"], ["switched on", "dmesg"]),
    ("Recv: // Lost communication with MCU 'mcu'", ["unpowered", "USB003"], ["switched on", "dmesg"]),
    ("Timeout with MCU 'mcu' (eventtime=3040.583039)", ["unpowered", "USB003"], ["switched on", "dmesg"]),
    # Unable to connect: GEN001 6, SER005 2, SD001 1
    ("mcu 'mcu': Unable to connect", ["SER005", "SD001"], ["/dev/serial/by-id/", "serial:"]),
    ("04:17:22 Unable to connect", ["SER005", "SD001"], ["/dev/serial/by-id/", "serial:"]),
    # Can Read Error: BOOT001 2, CAN007 2, BOOT002 1, none 1
    ("ERROR:root:Can Read Error", ["BOOT001", "CAN007"], ["Attempting to connect to bootloader", "progress bar"]),
    ("[#######ERROR:root:Can Read Error", ["BOOT001", "CAN007"], ["Attempting to connect to bootloader", "progress bar"]),
    # flashtool.py's last line alone: BOOT001 9 (+2 mixed), CAN002 5, GEN001 3, FW005 2, KAT001 2, SER005 2, ... of 28
    ("ERROR:root:Flash Error", ["BOOT001", "CAN002"], ["Attempting to connect to bootloader", "can0"]),
    ("[ERROR:root:Flash Tool Error", ["BOOT001", "CAN002"], ["Attempting to connect to bootloader", "can0"]),
]


def analyze(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> list[dict[str, Any]]:
    path = tmp_path / "1.txt"
    path.write_text(text + "\n")
    capsys.readouterr()
    main(["analyze", "--json", str(path)])
    findings: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["findings"]
    assert findings, f"no finding for {text!r}"
    return findings


@pytest.mark.parametrize("text,expected", AGREES, ids=[t.splitlines()[-1][:60] for t, _ in AGREES])
def test_bare_line_puts_the_corpus_majority_first(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    assert analyze(tmp_path, capsys, text)[0]["id"] == expected


@pytest.mark.parametrize("text,message_words,ask_words", NAMED, ids=[t[:60] for t, _, _ in NAMED])
def test_gen001_names_the_alternatives_and_the_question(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str,
                                                         message_words: list[str], ask_words: list[str]) -> None:
    first = analyze(tmp_path, capsys, text)[0]
    assert first["id"] == "GEN001"
    assert first["evidence"] and first["evidence"][0]["value"] == text
    for word in message_words:
        assert word in first["message"], (word, first["message"])
    for word in ask_words:
        assert word in (first.get("ask") or ""), (word, first.get("ask"))


def test_a_second_unexplained_failure_keeps_the_generic_quote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The named rows speak only when their line is all that failed: beside another unexplained failure GEN001 quotes both."""
    first = analyze(tmp_path, capsys, "Lost communication with MCU 'mcu'\nMCU 'mcu' shutdown: Timer too close")[0]
    assert first["id"] == "GEN001"
    assert "unpowered" not in first["message"]
    assert len(first["evidence"]) == 2


def test_a_retried_can_read_error_stays_healthy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Can Read Error that flash_can.py retried before 'CAN Flash Success' is no failure: the named row must not wake GEN001."""
    text = (Path(__file__).parent / "cases" / "healthy-canboot-flash-retried-can-read-error-verify" / "flash_can.txt").read_text()
    path = tmp_path / "1.txt"
    path.write_text(text)
    capsys.readouterr()
    main(["analyze", "--json", str(path)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert not [f["id"] for f in findings if f["severity"] in ("error", "warning")]


def test_the_step_above_the_last_line_decides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """With the line above it, the same 'Flash Error' is no longer bare: a failure right after 'Attempting to connect to
    bootloader' is a CONNECT that got no answer (BOOT001)."""
    assert analyze(tmp_path, capsys, "Attempting to connect to bootloader\nERROR:root:Flash Error")[0]["id"] == "BOOT001"
