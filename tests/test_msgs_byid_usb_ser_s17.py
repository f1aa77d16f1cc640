"""Rows and rules added for the byid-usb-ser round (session 17): the USB/serial-layer fault ids in forms doctor had
not met (a bare CPython BlockingIOError EAGAIN from a tty: pyserial's flock or a hand-written reader)."""

from __future__ import annotations

from tests.textkit import facts, first, kinds

# wiseman/arduino-serial#2: a hand-written reader's os.read() on a non-blocking tty while the Arduino IDE held the port
PY_READ_EAGAIN = """  File "/home/vince/ArduinoPython/arduinoserial.py", line 111, in read_until
    n = os.read(self.fd, 1)
BlockingIOError: [Errno 11] Resource temporarily unavailable"""


def test_bare_blockingioerror_eagain_is_a_port_held():
    assert kinds(PY_READ_EAGAIN, "serial") == ["serial_multiple_access"]
    assert first(PY_READ_EAGAIN) == "SER003"


def test_blockingioerror_of_other_text_is_not_claimed():
    # the message must be the whole line: a log sentence that quotes it in passing is not the error itself
    assert kinds("retrying after BlockingIOError: [Errno 11] Resource temporarily unavailable on the socket", "serial") == []


# arduino-cli internal/cli/board/list.go: the port list is empty (every serial port is listed, a board's or not)
BOARD_LIST_EMPTY = """$ arduino-cli board list
No boards found."""

# arduino-cli#1715: the serial-discovery did not start, so the empty list says nothing about the board
BOARD_LIST_DISCOVERY_FAILED = """Error detecting boards: Error starting board discoveries: [starting discovery builtin:serial-discovery: calling START: timeout waiting for message from builtin:serial-discovery]
No boards found."""


def test_arduino_cli_empty_board_list_is_no_usb_device():
    assert first(BOARD_LIST_EMPTY) == "USB001"


def test_arduino_cli_empty_list_after_discovery_failure_is_not_blamed_on_the_cable():
    assert first(BOARD_LIST_DISCOVERY_FAILED) != "USB001"


# macOS's over-current alert copied as shown (title, then its body on a line of its own), and its older wording
MAC_ACCESSORIES_DISABLED = """USB Accessories Disabled
Unplug the accessory using too much power to re-enable USB devices."""
MAC_OVER_CURRENT_NOTICE = "USB Over Current Notice"


def test_macos_over_current_alert_on_its_own_lines():
    assert "usb_over_current" in [e["kind"] for e in facts(MAC_ACCESSORIES_DISABLED)["kernel"]["events"]]
    assert first(MAC_ACCESSORIES_DISABLED) == "USB003"
    assert first(MAC_OVER_CURRENT_NOTICE) == "USB003"
