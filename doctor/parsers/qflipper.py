"""qFlipper's log (the Flipper Zero desktop updater, 0.9-1.3), as a message table (proxmark-sec s13).

Sources read: flipperdevices/qFlipper (master 51196a2, 2024) dfu/libusb/usbdevicedetector.cpp, backend/deviceregistry.cpp,
backend/serialfinder.cpp, backend/flipperzero/helper/deviceinfohelper.cpp, serialinithelper.cpp, recovery.cpp,
dfu/dfusedevice.cpp. Each log line is "<ms> [<CATEGORY>] <message>". The USB detector opens every Flipper it is told about
(0483:5740 in CDC mode, 0483:df11 in DFU) with libusb to read its strings and logs "[USB] Failed to open device:
<libusb_strerror>"; "Access denied (insufficient permissions)" there is the Linux USB node without qFlipper's udev rule
(42-flipperzero.rules, installed by `qFlipper-x86_64-*.AppImage rules install`; qFlipper #148 shows the Flipper then
ignored as "Invalid device detected"). The registry logs "Detected new device: VID_0x483:PID_0x5740" and "Device went
offline"; the serial side "Trying serial port ... at /dev/ttyACM0", "Using  serial port ... at ...", "Failed to open serial
port: <QSerialPort error>"; recovery "Can't flash firmware: ...".

Facts: one run per block under `flash.runs`, tool "qflipper".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_T = r"^\d{1,9} \["

MESSAGES = rows_of(
    group(
        "flipperdevices/qFlipper 0.9-1.3 (usbdevicedetector.cpp, deviceregistry.cpp, serialfinder.cpp, deviceinfohelper.cpp, "
        "serialinithelper.cpp, recovery.cpp)",
        Msg(None, _T + r"APP\] qFlipper version \S+", "strong", example="580 [APP] qFlipper version 1.3.2 commit 7b0839e1 2023-06-08T04:58:22"),
        Msg(None, _T + r"APP\] OS info: ", "strong", example="580 [APP] OS info: Debian GNU/Linux 12 (bookworm) 12 6.1.0-10-amd64 Qt 6.4.3"),
        Msg("usb_access_denied", _T + r"USB\] Failed to open device: (?P<text>Access denied \(insufficient permissions\))", "strong", fail=True,
            example="204 [USB] Failed to open device: Access denied (insufficient permissions)"),
        Msg("qflipper_usb_open_failed", _T + r"USB\] Failed to open device(?:: (?P<text>.+))?$", "strong", fail=True,
            example="861 [USB] Failed to open device"),
        Msg("qflipper_device", _T + r"REG\] Detected new device: VID_0x(?P<vid>[0-9a-fA-F]{1,4}):PID_0x(?P<pid>[0-9a-fA-F]{1,4})", "strong",
            example="862 [REG] Detected new device: VID_0x483:PID_0x5740"),
        Msg("qflipper_invalid_device", _T + r"REG\] Invalid device detected: VID_0x(?P<vid>[0-9a-fA-F]{1,4}):PID_0x(?P<pid>[0-9a-fA-F]{1,4})",
            "strong", example="858 [REG] Invalid device detected: VID_0x483:PID_0x5740, ignoring it"),
        Msg("qflipper_device_offline", _T + r"REG\] Device went offline: VID_0x(?P<vid>[0-9a-fA-F]{1,4}):PID_0x(?P<pid>[0-9a-fA-F]{1,4})", "strong",
            example="20843 [REG] Device went offline: VID_0x483:PID_0xdf11"),
        Msg("qflipper_serial_port", _T + r"DBG\] (?:Trying|Using) +serial port \S* ?at (?P<port>\S+)", "strong",
            example="15145 [DBG] Using  serial port flip_Ryol at /dev/ttyACM0"),
        Msg("serial_port_busy", r"Failed to open serial port: Device or resource busy", "strong", fail=True, attrs={"errno": 16},
            example="2020 [RPC] Failed to start RPC session: Failed to open serial port: Device or resource busy"),
        Msg("qflipper_init_failed", _T + r"REG\] Device initialization failed: (?P<text>.+)$", "strong", fail=True,
            example="29102 [REG] Device initialization failed: Failed to find a suitable serial port"),
        Msg("qflipper_flash_failed", r"Can't flash (?:co-processor )?firmware(?: image)?: (?P<text>.+)$", "strong", fail=True,
            example="21958 [RCY] Firmware Download @Ellwt1n3 ERROR: Can't flash firmware: An error has occured during the operation."),
    ),
)


@register
class QFlipperParser(TableParser):
    name = "qflipper"
    namespace = "flash"
    messages = MESSAGES
    hints = ("[app]", "[usb]", "[reg]", "[dbg]", "[rpc]", "[rcy]", "[dev]", "[bkd]", "[upd]", "serial port")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "serial_port_busy" and not ev.get("port"):
            ports = [e.get("port") for e in self.events if e["kind"] == "qflipper_serial_port" and e.get("port")]
            if ports:
                ev["port"] = ports[-1]  # the port qFlipper said it uses
