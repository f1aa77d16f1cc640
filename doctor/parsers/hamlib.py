"""Hamlib (rigctl, rigctld, rotctl and the programs built on libhamlib: WSJT-X's rigctl-wsjtx, fldigi, flrig, JS8Call,
CQRLOG) as a message table: how it opens the radio's port.

A rig on a serial CAT port (a USB-serial cable, or the radio's own CP210x/FTDI/CDC-ACM bridge) goes through
src/serial.c serial_open(), which logs `serial_open: Unable to open <path> - <strerror>` before rig_open returns
`IO error`: Permission denied is the tty group (SER004), Device or resource busy another program holding the port
(SER003), No such file or directory a path that does not exist (SER005). A rig that is a raw USB device (SoftRock /
KTH-SDR Si570 kits, FUNcube, the 16c0:05dc V-USB family, some Elecraft and Peaberry boards) goes through
src/usb_port.c find_and_open_device(), which lists every device's VID:PID and, for the one it wants, logs
`find_and_open_device: Warning: Cannot open USB device: <libusb_error_name()>`: LIBUSB_ERROR_ACCESS is the user's
access to the raw node (no udev rule; USB004), LIBUSB_ERROR_NOT_SUPPORTED a device Windows binds no WinUSB/libusb
driver to (Zadig; USB004). GitHub's Markdown eats the underscores of these names when the output is pasted outside a
code block (`findandopendevice: ... LIBUSBERRORACCESS`), so the rows accept them with or without.
Facts: one run per block under `flash.runs` (tool "hamlib"). iofunc.c port_open() repeats serial_open's failure as
`port_open: serial_open(<path>) status=-6, err=<strerror>` (the only line of it at the default verbosity).

k5prog (Quansheng UV-K5/K6 EEPROM programmer, k5prog.c) opens its serial port (default /dev/ttyUSB0, the Linux name:
there is none on macOS or Windows) and on failure prints `open error <errno> <strerror>` then `Open <path> failed`;
the pair reads like serial_open's. Facts: tool "k5prog".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_U = "_?"  # an underscore Markdown may have eaten
_ERR = r"(?P<text>LIBUSB" + _U + r"ERROR" + _U + r"[A-Z_]+)"


def _usb_kind(err: str) -> str:
    name = err.replace("_", "")
    if name == "LIBUSBERRORACCESS":
        return "usb_access_denied"
    if name == "LIBUSBERRORNOTSUPPORTED":
        return "usb_no_driver"
    return "tool_error"


def _serial_kind(text: str) -> str:
    low = text.lower()
    if "permission denied" in low:
        return "serial_permission_denied"
    if "resource busy" in low:
        return "serial_port_busy"
    if "no such file or directory" in low:
        return "serial_no_such_port"
    return "serial_open_failed"


MESSAGES = rows_of(
    group(
        "Hamlib 3.x-4.7 src/usb_port.c find_and_open_device() (`%s: Warning: Cannot open USB device: %s`, "
        "libusb_error_name()) and usb_port_open() (`%s:libusb_claim_interface: failed interface %d: %s`, Windows "
        "`%s: libusb_set_configuration: failed conf %d: %s`)",
        Msg("usb_open_failed", r"\bfind" + _U + "and" + _U + "open" + _U + r"device: Warning: Cannot open USB device: " + _ERR,
            "strong", fail=True,
            example="find_and_open_device: Warning: Cannot open USB device: LIBUSB_ERROR_ACCESS"),
        Msg("usb_open_failed", r"\blibusb" + _U + "claim" + _U + r"interface: failed interface \d+: " + _ERR, "strong", fail=True,
            example="usb_port_open:libusb_claim_interface: failed interface 0: LIBUSB_ERROR_BUSY"),
        Msg("usb_open_failed", r"\blibusb" + _U + "set" + _U + r"configuration: failed conf \d+: " + _ERR, "strong", fail=True,
            example="usb_port_open: libusb_set_configuration: failed conf 1: LIBUSB_ERROR_NOT_SUPPORTED"),
    ),
    group(
        "Hamlib 3.x-4.7 src/serial.c serial_open() (`%s: Unable to open %s - %s`, strerror(errno)) and its checks "
        "(`%s: serial port %s is already open`, `%s: serial port %s does not exist`)",
        Msg("serial_open", r"\bserial" + _U + r"open: Unable to open (?P<port>\S+) - (?P<text>.+?)\s*$", "strong", fail=True,
            example="serial_open: Unable to open /dev/ttyUSB0 - Device or resource busy"),
        Msg("serial_port_busy", r"\bserial" + _U + r"open: serial port (?P<port>\S+) is already open", "strong", fail=True,
            example="serial_open: serial port /dev/ttyUSB0 is already open"),
        Msg("serial_no_such_port", r"\bserial" + _U + r"open: serial port (?P<port>\S+) does not exist", "strong", fail=True,
            attrs={"errno": 2}, example="serial_open: serial port /dev/ttyUSB1 does not exist"),
    ),
    group(
        "Hamlib 4.x src/iofunc.c port_open() (`%s: serial_open(%s) status=%d, err=%s`)",
        Msg("serial_open", r"\bport" + _U + r"open: serial" + _U + r"open\((?P<port>[^)\s]*)\) status=-?\d+, err=(?P<text>.+?)\s*$", "strong",
            fail=True, example="port_open: serial_open(/dev/ttyUSB0) status=-6, err=No such file or directory"),
    ),
    group(
        "Hamlib 3.x-4.7 tests/rigctl.c / rigctld.c / rotctl.c version banner (`%s Hamlib %s %s SHA=%s`, 3.x `%s, %s`)",
        Msg(None, r"^(?:rigctld?|rotctld?|ampctld?)(?:-wsjtx)?,? Hamlib \d+\.\d", "strong",
            example="rigctl Hamlib 4.5.4 Jan 10 01:31:41Z 2023 SHA=921cc5"),
    ),
)


@register
class HamlibParser(TableParser):
    name = "hamlib"
    namespace = "flash"
    messages = MESSAGES
    hints = ("hamlib", "open" + "device", "open_device", "claim", "setconfiguration", "set_configuration", "serial_open", "serialopen")
    event_kinds = ("usb_access_denied", "usb_no_driver", "tool_error", "serial_permission_denied", "serial_port_busy",
                   "serial_no_such_port", "serial_open_failed")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "usb_open_failed":
            ev["kind"] = _usb_kind(ev.get("text", ""))
            if ev["kind"] == "usb_no_driver":
                ev["os"] = "windows"  # libusb_open gives NOT_SUPPORTED only where Windows binds no WinUSB/libusb driver
        elif ev["kind"] == "serial_open":
            ev["kind"] = _serial_kind(ev.get("text", ""))


K5_MESSAGES = rows_of(
    group(
        "k5prog 0.9 k5prog.c openport() (`open error %d %s`, errno and strerror) and main() (`Open %s failed`), banner "
        "`Quansheng UV-K5 EEPROM programmer v%s`",
        Msg(None, r"^Quansheng UV-K5 EEPROM programmer v\d", "strong",
            example="Quansheng UV-K5 EEPROM programmer v0.9 (c) 2023 Jacek Lipkowski <sq5bpf@lipkowski.org>"),
        Msg(None, r"^open error (?P<errno>\d+) (?P<text>\S.*?)\s*$", "weak", example="open error 2 No such file or directory"),
        Msg("serial_open", r"^Open (?P<port>/dev/\S+|COM\d+) failed\s*$", "weak", fail=True, example="Open /dev/ttyUSB0 failed"),
    ),
)


@register
class K5progParser(TableParser):
    name = "k5prog"
    namespace = "flash"
    messages = K5_MESSAGES
    hints = ("uv-k5 eeprom", "open error", "failed")
    event_kinds = ("serial_permission_denied", "serial_port_busy", "serial_no_such_port", "serial_open_failed")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._error = ""  # the strerror of the last `open error` line

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if "errno" in m.groupdict():
                self._error = m.group("text")
            return
        ev["kind"] = _serial_kind(self._error)
        if ev["kind"] == "serial_no_such_port":
            ev["errno"] = 2
