"""(serial-host s10b) Open failures whose words hide or misname the cause: esptool v4.2-v4.6's "the port doesn't exist"
for any failed open, purejavacomm's PortInUseException("errno() == N") (JMRI), Go's `open <tty>: <strerror>` (mos flash),
and serial ports a computer has of its own (Bluetooth serial profiles, macOS consoles) that a tool picked instead of
the board. Each row is checked for the event it makes and for the finding it leads to."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import serial_errors
from test_msgs_serial import first_id, serial_events  # the same helpers, written once


@pytest.mark.parametrize("line, port", [
    ("A fatal error occurred: Could not open /dev/cu.usbserial-10, the port doesn't exist", "/dev/cu.usbserial-10"),
    ("/dev/ttyUSB1 failed to connect: Could not open /dev/ttyUSB1, the port doesn't exist", "/dev/ttyUSB1"),
    ("A fatal error occurred: Could not open COM5, the port doesn't exist", "COM5"),
])
def test_esptool_4_2_to_4_6_port_doesnt_exist_is_any_open_failure(line: str, port: str) -> None:
    # loader.py caught every SerialException and printed these words: no errno, so not "missing" by itself
    kind, attrs = serial_errors.classify(line)  # type: ignore[misc]
    assert (kind, attrs.get("port"), attrs.get("via"), attrs.get("errno")) == ("serial_open_failed", port, "esptool4", None)


@pytest.mark.parametrize("text, expected", [
    ("A fatal error occurred: Could not open /dev/cu.usbserial-10, the port doesn't exist", "SER003"),  # macOS: no groups
    ("A fatal error occurred: Could not open COM5, the port doesn't exist", "SER003"),                  # Windows: no groups
    ("esptool.py v4.6.2\nSerial port /dev/ttyUSB0\n"
     "/dev/ttyUSB0 failed to connect: Could not open /dev/ttyUSB0, the port doesn't exist\n", "SER004"),  # Linux tty
])
def test_esptool_4_x_port_doesnt_exist_ranks_by_the_os(tmp_path: Any, text: str, expected: str) -> None:
    assert first_id(tmp_path, text) == expected


@pytest.mark.parametrize("line, kind, errno", [
    ("ERROR - ttyUSB0 port is in use: errno() == 13 [main];", "serial_permission_denied", 13),
    ("purejavacomm.PortInUseException: errno() == 16", "serial_port_busy", 16),
    ("ERROR - ttyACM0 port is in use: errno() == 2 [main];", "serial_no_such_port", 2),
])
def test_purejavacomm_errno_decides_not_the_words_in_use(line: str, kind: str, errno: int) -> None:
    got, attrs = serial_errors.classify(line)  # type: ignore[misc]
    assert (got, attrs.get("errno")) == (kind, errno)
    assert [e["kind"] for e in serial_events(line)] == [kind]


def test_jmri_in_use_errno_13_is_the_users_groups(tmp_path: Any) -> None:
    assert first_id(tmp_path, "ERROR - ttyUSB0 port is in use: errno() == 13 [main];") == "SER004"


@pytest.mark.parametrize("line, builtin", [
    ("failed to open control port: open /dev/cu.BoseColorIISoundLink-SP: resource busy", "bluetooth"),
    ("could not open port /dev/tty.Bluetooth-Incoming-Port: [Errno 16] Resource busy: '/dev/tty.Bluetooth-Incoming-Port'", "bluetooth"),
    ("could not open port /dev/cu.JBLCharge4-SPPDev: [Errno 16] Resource busy: '/dev/cu.JBLCharge4-SPPDev'", "bluetooth"),
    ("could not open port /dev/rfcomm0: [Errno 13] Permission denied: '/dev/rfcomm0'", "bluetooth"),
    ("could not open port /dev/cu.debug-console: [Errno 16] Resource busy: '/dev/cu.debug-console'", "macos-internal"),
])
def test_a_port_of_the_computer_itself_is_marked(line: str, builtin: str) -> None:
    _, attrs = serial_errors.classify(line)  # type: ignore[misc]
    assert attrs.get("builtin_port") == builtin


@pytest.mark.parametrize("line", [
    "avrdude: ser_open(): can't open device \"/dev/cu.usbserial-1420\": Resource busy",
    "could not open port /dev/cu.usbmodem14101: [Errno 16] Resource busy: '/dev/cu.usbmodem14101'",
    "could not open port /dev/cu.SLAB_USBtoUART: [Errno 16] Resource busy: '/dev/cu.SLAB_USBtoUART'",
])
def test_a_boards_usb_serial_port_is_not_marked(line: str) -> None:
    _, attrs = serial_errors.classify(line)  # type: ignore[misc]
    assert "builtin_port" not in attrs


def test_go_os_open_error_is_read_as_a_serial_open(tmp_path: Any) -> None:
    # mongoose-os-smart-light#1: `mos flash` took the first port, a Bluetooth speaker's; the fix was choosing the board's port
    text = ("Using port /dev/cu.BoseColorIISoundLink-SP\n"
            "Error: Failed to talk to bootloader.: failed to open control port: open /dev/cu.BoseColorIISoundLink-SP: resource busy\n")
    assert [e["kind"] for e in serial_events(text)] == ["serial_port_busy"]
    # the tool talked to the wrong device: BOOT006, as the corpus has the Mac's own wireless ports (4 threads)
    assert first_id(tmp_path, text) == "BOOT006"


def test_a_busy_usb_serial_port_stays_a_holder(tmp_path: Any) -> None:
    text = "Error: failed to open control port: open /dev/cu.usbserial-0001: resource busy\n"
    assert first_id(tmp_path, text) == "SER003"


_MINI_UART = ("pi@test-kit:~ $ sudo stm32flash -v -w blink.bin -b 9600 {dev}\nstm32flash 0.7\n\nUsing Parser : Raw BINARY\n"
              "Failed to set terminal flags\nError probing interface \"serial_posix\"\nCannot handle device \"{dev}\"\n"
              "Failed to open port: {dev}\n")


def test_stm32flash_8e1_refused_on_the_pi_mini_uart_is_the_hosts_uart(tmp_path: Any) -> None:
    # stm32flash ticket #165: the Pi 3's /dev/serial0 is the mini UART, which has no parity for the ROM's 8E1
    assert first_id(tmp_path, _MINI_UART.format(dev="/dev/serial0")) == "SER006"


def test_stm32flash_8e1_refused_on_a_usb_adapter_is_not_the_pi_uart(tmp_path: Any) -> None:
    assert first_id(tmp_path, _MINI_UART.format(dev="/dev/ttyUSB0")) != "SER006"


def test_a_sync_failure_on_an_opened_port_outranks_another_attempts_open_failure(tmp_path: Any) -> None:
    # the port that opened is the board's; the chip behind it did not answer (danielbkr.net NodeMCU)
    both = ("Auto-detected: COM9\nwarning: espcomm_sync failed\nerror: espcomm_open failed\n*** [upload] Error 2\n"
            "error: Failed to open COM7\nerror: espcomm_open failed\n")
    assert first_id(tmp_path, both) == "BOOT001"
    assert first_id(tmp_path, "error: Failed to open COM7\nerror: espcomm_open failed\n") == "SER003"
