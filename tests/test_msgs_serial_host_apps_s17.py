"""Rows added for the serial-host-apps round (session 17): Printrun's undecodable-reply messages (a baud rate other than
the firmware's, unless the printer came online), MATLAB's serial()/arduino() open failures, a /sys/class/tty directory
opened as a port (serialport-rs without libudev), and johnny-five opening the first of several ports."""

from __future__ import annotations

from tests.textkit import first, serious

# reprap.org forum 438387: Pronterface at 115200, Marlin at its default 250000
PRONTERFACE_GARBAGE = """Connecting...
án|YL3~D1
Attempted to write invalid text to console, which could be due to an invalid baudrate"""

# Printrun#1211: connected, then M43's output is not UTF-8: not the link's rate
PRINTRUN_ONLINE_THEN_RUBBISH = """Connecting...
Printer is now online.
Got rubbish reply from COM7 at baudrate 250000:
Maybe a bad baudrate?"""

# imathworks/MATLAB Answers: an earlier serial object still holds COM3
MATLAB_FOPEN = ("Open failed: Port: COM3 is not available. No ports are available. Use INSTRFIND to determine if other "
                "instrument objects are connected to the requested device")

# MATLAB Answers 442640: arduino() on macOS, a previous connection still held the port
MATLAB_ARDUINO = """>> a=arduino
Failed to open a connection at serial port /dev/cu.usbmodem1421.
Make sure the port or address is correct and the Arduino hardware
is properly plugged in."""

# tokio-serial#57: serialport-rs without libudev listed /sys/class/tty paths
SYSFS_PORT = "/sys/class/tty/ttyACM0 port: Is a directory"

# johnny-five#967: two ports listed, the first opened, the Mega on the other
J5_FIRST_OF_TWO = """1448365609699 Device(s) COM3,COM5
1448365609707 Connected COM3
1448365619710 Device or Firmware Error A timeout occurred while connecting to the Board."""


def test_printrun_undecodable_reply_before_online_is_baud_mismatch():
    assert first(PRONTERFACE_GARBAGE) == "SER007"


def test_printrun_rubbish_after_online_is_not_baud():
    assert "SER007" not in serious(PRINTRUN_ONLINE_THEN_RUBBISH)


def test_matlab_fopen_port_not_available_is_port_held():
    assert first(MATLAB_FOPEN) == "SER003"


def test_matlab_arduino_open_failed_on_macos_is_port_held():
    assert first(MATLAB_ARDUINO) == "SER003"


def test_sysfs_directory_as_port_is_wrong_path():
    assert first(SYSFS_PORT) == "SER005"


def test_johnny_five_first_of_several_ports_is_wrong_device():
    assert first(J5_FIRST_OF_TWO) == "BOOT006"
