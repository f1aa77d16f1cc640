"""Rows added for the ham-gnss-serial round (session 17): serial-open messages of amateur-radio and GNSS programs
(Dire Wolf's PTT/KISS/GPS port opens with the strerror on the next line, ROS ublox_gps's "Could not open serial port",
graywolf-modem's CreateFileW on a COM port)."""

from __future__ import annotations

from tests.textkit import first, kinds

# Dire Wolf 1.5 src/ptt.c: the open message, then dw_printf("%s\n", strerror(e)) on its own line
DIREWOLF_PTT_MISSING = """Converted COM6 device 'PTT' to Linux equivalent '/dev/ttyS5'
ERROR can't open device /dev/ttyS5 for channel 0 PTT control.
No such file or directory
Note: PTT not configured for channel 0. (Ignore this if using VOX.)"""

DIREWOLF_PTT_DENIED = """ERROR can't open device /dev/ttyUSB0 for channel 0 PTT control.
Permission denied"""

# Dire Wolf src/serial_port.c (KISS / CAT serial port)
DIREWOLF_SERIAL = "ERROR - Could not open serial port /dev/ttyS0."

# KumarRobotics ublox_gps src/gps.cpp
UBLOX_MISSING = """[ublox_gps_node-1] terminate called after throwing an instance of 'std::runtime_error'
[ublox_gps_node-1]   what():  U-Blox: Could not open serial port :/dev/ttyUSB0 open: No such file or directory"""

# graywolf-modem src/tx/ptt_win.rs
GRAYWOLF_BUSY = ("graywolf-modem: ConfigurePtt: build driver for channel 6 (serial_rts): "
                 "CreateFileW COM4: Access is denied. (0x80070005)")


def test_direwolf_strerror_next_line() -> None:
    assert kinds(DIREWOLF_PTT_MISSING, "serial") == ["serial_no_such_port"]
    assert first(DIREWOLF_PTT_MISSING) == "SER005"
    assert kinds(DIREWOLF_PTT_DENIED, "serial") == ["serial_permission_denied"]
    assert first(DIREWOLF_PTT_DENIED) == "SER004"


def test_could_not_open_serial_port() -> None:
    assert kinds(DIREWOLF_SERIAL, "serial") == ["serial_open_failed"]
    assert kinds(UBLOX_MISSING, "serial") == ["serial_no_such_port"]
    assert first(UBLOX_MISSING) == "SER005"


def test_graywolf_createfilew_access_denied() -> None:
    assert kinds(GRAYWOLF_BUSY, "serial") == ["serial_port_busy"]
    assert first(GRAYWOLF_BUSY) == "SER003"


# OpenMower xbot driver_gps (open_mower_ros#230): the port is named on the line before the failure; `ls` of that one
# by-id name says it is missing (a named entry, not the by-id folder: USB001 is not the reading)
OPENMOWER_BY_ID = """[INFO] [1755287238.635966222]: [driver_gps] opening serial port: /dev/serial/by-id/usb-u-blox_AG_-_www.u-blox.com_u-blox_GNSS_receiver-if00 with baudrate: 921600
[ERROR] [1755287238.636235292]: [driver_gps] error opening serial port.

ls -l /dev/serial/by-id/usb-u-blox_AG_-_www.u-blox.com_u-blox_GNSS_receiver-if00
ls: cannot access '/dev/serial/by-id/usb-u-blox_AG_-_www.u-blox.com_u-blox_GNSS_receiver-if00': No such file or directory"""

BY_ID_GLOB_MISSING = "ls: cannot access '/dev/serial/by-id/*': No such file or directory"


def test_open_failure_takes_port_from_previous_line() -> None:
    assert first(OPENMOWER_BY_ID) == "SER005"
    assert first(BY_ID_GLOB_MISSING) == "USB001"
