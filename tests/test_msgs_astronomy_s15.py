"""Rows and rules added for the astronomy round (session 15): OnStep / telescope-controller uploads."""

from __future__ import annotations

from tests.textkit import first, kinds, serious

# pyserial serialwin32.py: "could not open port {!r}: {!r}" of ctypes.WinError() for ERROR_INVALID_NAME (123)
PY2_WINERROR_123 = """esptool.py v2.6
Serial port usb:0/140000/0/1
serial.serialutil.SerialException: could not open port 'usb:0/140000/0/1': WindowsError(123, 'De syntaxis van de bestandsnaam, mapnaam of volumenaam is onjuist.')
Failed to execute script esptool
the selected serial port Failed to execute script esptool
 does not exist or your board is not connected"""

PY3_OSERROR_123 = """esptool.py v4.5.1
Serial port usb:0/140000/0/1
A fatal error occurred: Could not open usb:0/140000/0/1, the port doesn't exist
serial.serialutil.SerialException: could not open port 'usb:0/140000/0/1': OSError(22, 'The filename, directory name, or volume label syntax is incorrect.', None, 123)"""


def test_winerror_123_is_an_invalid_port_name() -> None:
    assert "serial_no_such_port" in kinds(PY2_WINERROR_123, "serial")
    assert first(PY2_WINERROR_123) == "SER005"


def test_python3_oserror_123_is_an_invalid_port_name() -> None:
    assert first(PY3_OSERROR_123) == "SER005"


def test_com_port_access_denied_is_still_busy() -> None:
    text = "serial.serialutil.SerialException: could not open port 'COM3': PermissionError(13, 'Access is denied.', None, 5)"
    assert "SER005" not in serious(text)


# GCC's context line for an Arduino sketch tab named Features (OnStep's Features.ino, Teensyduino) is no esptool line
TEENSY_FEATURES_TAB = """Arduino:1.8.13 (Mac OS X), TD: 1.53, Scheda:"Teensy 3.6, Serial, 180 MHz, Faster, US English"

Features: In function 'void featuresPoll()':
Features:38: error: expected '}' before 'else'
Features:43: error: 'else' without a previous 'if'
Features:44: error: 'i' was not declared in this scope"""


def test_sketch_tab_named_features_is_a_build_error() -> None:
    assert first(TEENSY_FEATURES_TAB) == "FW005"


def test_esptool_features_line_still_esptool() -> None:
    text = """esptool.py v2.6
Serial port COM5
Connecting........_____
Chip is ESP32D0WDQ6 (revision 1)
Features: WiFi, BT, Dual Core, 240MHz, VRef calibration in efuse, Coding Scheme None
MAC: 80:7d:3a:b7:c4:c4
Uploading stub...
Hash of data verified.
Leaving...
Hard resetting via RTS pin..."""
    assert serious(text) == []


# INDI libindi connectionserial.cpp Serial::Connect() and indicom.c tty_error_msg(), as KStars/Ekos and indiserver log them
def test_indi_port_already_used_is_port_held() -> None:
    text = "2019-02-21T13:07:20: [WARNING] Port /dev/focuser is already used by another driver or process."
    assert "serial_port_busy" in kinds(text, "serial")
    assert first(text) == "SER003"


def test_indi_port_failure_permission_denied() -> None:
    text = ("2024-01-01T10:00:00: [ERROR] Failed to connect to port (/dev/ttyUSB0). Error: Port failure Error: Permission denied. "
            "Try adding your user to the dialout group and restart (sudo adduser $USER dialout)")
    assert first(text) == "SER004"


def test_indi_port_failure_no_such_file_in_ekos_log() -> None:
    text = ('[2019-10-04T22:37:17.134 CEST INFO ][           org.kde.kstars.indi] - EQMod Mount :  "[ERROR] Failed to connect to port '
            '(/dev/ttyUSB0). Error: Port failure Error: No such file or directory. Check if device is connected to this port. "')
    assert first(text) == "SER005"


def test_indi_other_port_failure_is_a_failed_open() -> None:
    text = ("[ERROR] Failed to connect to port (/dev/ttyUSB0). Error: Port failure Error: Inappropriate ioctl for device. "
            "Check if device is connected to this port.")
    assert "serial_open_failed" in kinds(text, "serial")
