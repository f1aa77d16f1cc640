"""Opening a serial port, whatever the program: the shells' and terminals' wordings (bash/zsh/dash redirection, cat,
stty, GNU screen, cu, tio, picocom), arduino-cli's monitor, esptool 4.x's wrapper, pyserial on macOS /dev/tty.* and
/dev/cu.* names, a mail-wrapped brltty kernel line, and GNU screen's silent exit. Each becomes the event (and the
first finding) the knowledge reads."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import analyze_files, parse_stream
from doctor.parsers import serial_errors, serial_terminal


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def serial_events(text: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get("serial", {}).get("runs", []) for e in run["events"]]


def first_id(tmp_path: Any, text: str) -> str | None:
    p = tmp_path / "paste.txt"
    p.write_text(text.strip("\n") + "\n", encoding="utf-8")
    found = engine.evaluate(analyze_files([str(p)]))
    return found[0].id if found else None


@pytest.mark.parametrize("line, kind, port", [
    ("bash: /dev/ttyACM0: Permission denied", "serial_permission_denied", "/dev/ttyACM0"),          # `> /dev/ttyACM0` as a user
    ("sh: 1: cannot create /dev/ttyACM0: Permission denied", "serial_permission_denied", "/dev/ttyACM0"),  # dash
    ("zsh: permission denied: /dev/ttyUSB0", "serial_permission_denied", "/dev/ttyUSB0"),
    ("stty: /dev/ttyUSB0: Permission denied", "serial_permission_denied", "/dev/ttyUSB0"),
    ("cat: /dev/ttyAMA0: Device or resource busy", "serial_port_busy", "/dev/ttyAMA0"),
    ("stty: /dev/ttyUSB0: No such file or directory", "serial_no_such_port", "/dev/ttyUSB0"),
    ("Cannot access line '/dev/ttyUSB0' for R/W: Permission denied", "serial_permission_denied", "/dev/ttyUSB0"),  # GNU screen
    ("Cannot open line '/dev/ttyUSB0' for R/W: Resource busy", "serial_port_busy", "/dev/ttyUSB0"),
    ("Cannot exec '/dev/ttyUSB0': No such file or directory", "serial_no_such_port", "/dev/ttyUSB0"),
    ("cu: open (/dev/ttyUSB0): Permission denied", "serial_permission_denied", "/dev/ttyUSB0"),
    ("FATAL: cannot lock /dev/ttyUSB0: Resource temporarily unavailable", "serial_port_locked", "/dev/ttyUSB0"),  # picocom
    ("Port monitor error: command 'open' failed: Permission denied. Could not connect to /dev/ttyACM0 serial port.",
     "serial_permission_denied", "/dev/ttyACM0"),                                                     # arduino-cli monitor
    ("could not open port /dev/tty.usbserial-0001: [Errno 16] Resource busy: '/dev/tty.usbserial-0001'",
     "serial_port_busy", "/dev/tty.usbserial-0001"),                                                  # macOS dial-in name
    ("OSError: [Errno 16] Resource busy: '/dev/tty.usbserial-1420'", "serial_port_busy", "/dev/tty.usbserial-1420"),
    ("FileNotFoundError: [Errno 2] No such file or directory: '/dev/tty.wchusbserial1410'", "serial_no_such_port",
     "/dev/tty.wchusbserial1410"),
    # esptool v4.2-v4.6 (not 3.x): these words for ANY open failure, pyserial's errno dropped (serial-host s10b)
    ("A fatal error occurred: Could not open COM3, the port doesn't exist", "serial_open_failed", "COM3"),
    ("A fatal error occurred: Could not open /dev/ttyUSB1, the port is busy or doesn't exist.", "serial_open_failed", "/dev/ttyUSB1"),
    ("  x The serial port '/dev/ttyACM0' could not be found", "serial_no_such_port", "/dev/ttyACM0"),  # espflash 3.x
    ("  × Failed to open serial port /dev/ttyUSB0", "serial_open_failed", "/dev/ttyUSB0"),             # espflash 3.x-4.x
])
def test_terminal_and_shell_wordings_name_the_port_and_the_cause(line: str, kind: str, port: str) -> None:
    assert serial_errors.classify(line) is not None
    got, attrs = serial_errors.classify(line)  # type: ignore[misc]
    assert (got, attrs.get("port")) == (kind, port)
    ev = serial_events(line)
    assert ev and ev[0]["kind"] == kind and ev[0]["fail"]


@pytest.mark.parametrize("line, kind", [
    ("[tio 12:00:01] Error: Could not open tty device (Permission denied)", "serial_permission_denied"),
    ("[tio 09:14:02] Error: Could not open tty device (No such file or directory)", "serial_no_such_port"),
    ("[tio 10:01:33] Error: Device file is locked by another process", "serial_port_locked"),
    ("Hint: Try to add user into dialout or uucp group.", "serial_permission_denied"),  # esptool 4.x, Linux
    ("Hint: Check if the port is not used by another task", "serial_port_busy"),       # esptool 4.x, Windows
])
def test_messages_without_a_port_still_say_why(line: str, kind: str) -> None:
    assert [e["kind"] for e in serial_events(line)] == [kind]


def test_a_shell_line_that_is_not_about_a_tty_is_not_a_serial_failure() -> None:
    assert serial_errors.classify("bash: ./flash.sh: Permission denied") is None
    assert serial_errors.classify("cat: /etc/shadow: Permission denied") is None


def test_esptool_block_ranks_by_the_parenthesised_cause(tmp_path: Any) -> None:
    linux = """
A fatal error occurred: Could not open /dev/ttyUSB1, the port is busy or doesn't exist.
([Errno 13] could not open port /dev/ttyUSB1: [Errno 13] Permission denied: '/dev/ttyUSB1')

Hint: Try to add user into dialout or uucp group.
"""
    windows = """
A fatal error occurred: Could not open COM3, the port is busy or doesn't exist.
(could not open port 'COM3': PermissionError(13, 'Access is denied.', None, 5))

Hint: Check if the port is not used by another task
"""
    assert first_id(tmp_path, linux) == "SER004"
    assert first_id(tmp_path, windows) == "SER003"


def test_shell_redirect_permission_is_the_group(tmp_path: Any) -> None:
    assert first_id(tmp_path, "$ sudo cat chip.bin >/dev/ttyACM0\nbash: /dev/ttyACM0: Permission denied") == "SER004"


def test_screen_exit_right_after_the_command_is_a_failed_open(tmp_path: Any) -> None:
    text = "$ screen /dev/ttyUSB0 115200\n[screen is terminating]"
    ev = serial_events(text)
    assert [e["kind"] for e in ev] == ["serial_terminal_started", "serial_terminal_exited"]
    assert ev[1]["port"] == "/dev/ttyUSB0" and ev[1]["fail"]
    assert first_id(tmp_path, text) == "SER004"  # a Linux tty: the group
    assert first_id(tmp_path, "$ screen /dev/tty.usbserial-A50285BI 115200\n[screen is terminating]") == "SER003"  # macOS: 0666 nodes


def test_screen_exit_after_a_session_is_not_a_failure(tmp_path: Any) -> None:
    text = "$ screen /dev/ttyACM0 115200\nhello from pico\nhello from pico\n[screen is terminating]"
    ev = serial_events(text)
    assert [e["kind"] for e in ev] == ["serial_terminal_started", "serial_terminal_closed"]
    assert not any(e.get("fail") for e in ev)
    # (s24) no rule finds anything; a note by resemblance may follow (doctor/engine.py _resembles), never a warning
    p = tmp_path / "session.txt"
    p.write_text(text)
    found = engine.evaluate(analyze_files([str(p)]))
    assert all(f.severity == "info" and all(path == "text.resembles" for path, _ in f.evidence) for f in found)


def test_screen_rows_name_their_tool() -> None:
    assert serial_terminal.ScreenTerminalParser.name == "serial-terminal"
    # (rp-usb s8) and the command with its "[screen is terminating]" on one line of a post: serial_terminal_exited
    assert {r.kind for r in serial_terminal.MESSAGES} == {"serial_terminal_started", "serial_terminal_closed", "serial_terminal_exited"}


def test_brltty_claim_wrapped_by_a_mail_client(tmp_path: Any) -> None:
    text = """
Sep 14 18:16:51 fine-2 kernel: [ 1409.396000] usb 2-1: FTDI USB Serial Device 
converter now attached to ttyUSB0
Sep 14 18:16:51 fine-2 kernel: [ 1409.600000] usb 2-1: usbfs: interface 0 
claimed by ftdi_sio while 'brltty' sets config #1
"""
    ev = facts(text).get("kernel", {}).get("events", [])
    claims = [e for e in ev if e["kind"] == "usbfs_claim_conflict"]
    assert claims and claims[0]["process"] == "brltty" and claims[0]["driver"] == "ftdi_sio"
    assert first_id(tmp_path, text) == "SER001"


@pytest.mark.parametrize("row", [r for r in serial_terminal.MESSAGES if r.example], ids=lambda r: r.kind)
def test_screen_rows_match_their_examples(row: Any) -> None:
    table = serial_terminal.ScreenTerminalParser.table
    assert any(r is row for r, _ in table.match(row.example.strip(), all_matches=True))
