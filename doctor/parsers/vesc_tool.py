"""VESC Tool (vedderb/vesc_tool, the desktop and mobile configurator of VESC motor controllers) opening the controller's
USB serial port, as a message table (motor-controllers s15).

VescInterface::connectSerial() (vescinterface.cpp, 2.x-6.x) refuses a Unix tty that exists but is not writable for the
user before opening it: the status bar says "Serial port is not writable" and MainWindow::serialPortNotWritable()
(mainwindow.cpp) offers "The serial port is not writable. This can usually be fixed by adding your user to the dialout,
uucp and/or lock groups. Would you like to do that?" (SER004). A port name that is not among the listed ports gives
"Invalid serial port: %1". Once open, VescInterface::serialPortError() reports QSerialPort's error as
"Serial port error: " + errorString(): Qt's qserialport_unix.cpp (5.x-6.x) getSystemError() passes strerror() through,
so EACCES is "Permission denied" (the tty group, SER004) and EBUSY "Device or resource busy"; its lock-file step says
"Permission error while locking the device" when another program holds the port's lock (SER003); on Windows the
FormatMessage text of ERROR_ACCESS_DENIED, "Access is denied.", is a COM port another program has open (SER003).
When the port opens but no firmware packet comes back after 25 polls it says "No firmware read response" and "Could
not read firmware version. Make sure that the selected port really belongs to the VESC. If you are using UART, ..."
(a failure without one cause: kept as a failing event for the unexplained-failure finding).

Facts: one run per block under `serial.runs` (tool "vesc_tool").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "vedderb/vesc_tool 2.x-6.x vescinterface.cpp connectSerial() / serialPortError() / the firmware poll, "
        "mainwindow.cpp serialPortNotWritable(); Qt 5.x-6.x qtserialport src/serialport/qserialport_unix.cpp, "
        "qserialport_win.cpp (the errorString after \"Serial port error: \")",
        Msg("serial_permission_denied", r"\bSerial port is not writable\b", "strong", fail=True, attrs={"errno": 13},
            example="Serial port is not writable"),
        Msg("serial_permission_denied", r"\bThe serial port is not writable\. This can usually be fixed by adding your user to the dialout",
            "strong", fail=True, attrs={"errno": 13},
            example="The serial port is not writable. This can usually be fixed by adding your user to the dialout, uucp "
                    "and/or lock groups. Would you like to do that?"),
        Msg("serial_permission_denied", r"\bSerial port error: Permission denied\b", "strong", fail=True, attrs={"errno": 13},
            example="Serial port error: Permission denied"),
        Msg("serial_port_busy", r"\bSerial port error: (?:Device or resource busy|Resource busy|Permission error while locking the device)\b",
            "strong", fail=True, attrs={"errno": 16}, example="Serial port error: Device or resource busy"),
        Msg("serial_port_busy", r"\bSerial port error: Access is denied\.?", "strong", fail=True, attrs={"errno": 16, "os": "windows"},
            example="Serial port error: Access is denied."),
        Msg("serial_no_such_port", r"\bInvalid serial port: (?P<port>\S{1,200})", "strong", fail=True,
            example="Invalid serial port: /dev/ttyACM0"),
        Msg("vesc_no_fw_response", r"\bCould not read firmware version\. Make sure that the selected port really belongs to the VESC|"
            r"^No firmware read response\s*$", "strong", fail=True,
            example="Could not read firmware version. Make sure that the selected port really belongs to the VESC. If you are "
                    "using UART, make sure that the port is enabled, connected correctly (rx to tx and tx to rx) and uses the "
                    "correct baudrate"),
    ),
)


@register
class VescToolParser(TableParser):
    name = "vesc_tool"
    namespace = "serial"
    messages = MESSAGES
    hints = ("serial port", "vesc", "firmware read response")
