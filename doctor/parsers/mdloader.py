"""Massdrop Loader (mdloader 1.0.x, Massdrop/mdloader, also shipped by QMK as the flasher of Drop ALT, CTRL, SHIFT and
other SAMD51 keyboards) as a message table.

mdloader looks for the keyboard's SAM-BA bootloader among the serial ports (mdloader.c: `--list` prints "Bootloader port
listing" then one "Device port: PORT (SAMD51J18A)" per bootloader found or "No devices found!"; `--first`/`--port`
scan for 60 seconds, "Scanning for device for 60 seconds", then "Error: Could not find a valid device port!"). The
keyboard only appears there while it sits in its bootloader (Fn+B held for 3 s, or the reset button on the back); on
Linux a port it may not open (group dialout/uucp, QMK's udev rules missing) is skipped the same way, so the same
words cover both. The binary's name says the host (mdloader_linux, mdloader_mac, mdloader_windows.exe), and so does
the port form (COMn, /dev/cu.*, /dev/ttyACM*).

Facts: one run per block under `flash.runs` (tool "mdloader"). `md_no_device` carries `host` (linux, mac, windows)
when the text shows it, and `sudo` when the command ran as root.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "mdloader 1.0.x mdloader.c main(), os/*.c (Massdrop/mdloader 2018-2022)",
        Msg(None, r"^Massdrop Loader(?: \d+\.\d+)?\s*(?:Copyright.*)?$", "strong", example="Massdrop Loader 1.05"),
        Msg(None, r"(?:^|[\s/\\.])mdloader(?:_(?P<host>linux|mac|windows))?(?:\.exe)?\s+-", "strong", example="./mdloader_mac -l"),
        Msg(None, r"^Bootloader port listing", "strong", example="Bootloader port listing"),
        Msg(None, r"^Scanning for device for \d+ seconds", "strong", example="Scanning for device for 60 seconds"),
        Msg("md_device_found", r"^Device port: (?P<port>\S+) \((?P<chip>[^)]+)\)", "strong", example="Device port: /dev/cu.usbmodem1433201 (SAMD51J18A)"),
        Msg("md_no_device", r"^No devices found!", "strong", fail=True, example="No devices found!"),
        Msg("md_no_device", r"^Error: Could not find a valid device port!", "strong", fail=True, example="Error: Could not find a valid device port!"),
        Msg("md_applet_failed", r"^Error: Could not send applet!", "strong", fail=True, example="Error: Could not send applet!"),
        Msg(None, r"^(?:Found MCU|Bootloader version|Applet file|Opening port '[^']+'\.\.\.|Closing port\.\.\.)", "weak",
            example="Opening port 'COM3'... Success!"),
    ),
    group(
        "mdloader 1.0.x mdloader_common.c test_port()/list_devices(), mdloader_win32.c and mdloader_unix.c set_normal_mode()",
        # (keyboards s7) the scan opens every serial port and talks SAM-BA to it: "Setting normal mode... " then the reply.
        # A port that opens but does not answer SAM-BA ("Error writing 2 bytes!", "Error reading N bytes!", with -v), or that
        # answers without a known chip id, is not the keyboard's bootloader: the keyboard's own (application) port or another
        # device. With no "Device port:" line the keyboard was not in its bootloader (Massdrop/mdloader#35, #57).
        Msg("md_port_no_samba", r"^Setting normal mode\.\.\. Error (?:writing|reading) (?P<bytes>\d+) bytes", "strong", fail=True,
            example="Setting normal mode... Error writing 2 bytes! [0](0)"),
        Msg("md_port_no_samba", r"^Error: Could not (?:communicate with device|find matching device ID)!", "strong", fail=True,
            example="Error: Could not communicate with device! (Correct port?)"),
        Msg("md_port_open_failed", r"^Error: Could not (?:open|configure) port! \(Correct port\?\)", "strong", fail=True,
            example="Error: Could not open port! (Correct port?)"),
        # while listing, every COMn / tty that does not exist or is not a serial port fails to open: scan noise, not a fault
        # (a port named with -p fails with its reason in parentheses and is not this row)
        Msg(None, r"^Opening port '[^']+'\.\.\. Failed!$", "weak", benign=True, example="Opening port 'COM2'... Failed!"),
    ),
)

_PORT_HOST = (("windows", re.compile(r"\bCOM\d+\b")), ("mac", re.compile(r"/dev/cu\.|/dev/tty\.usbmodem")),
              ("linux", re.compile(r"/dev/tty(?:ACM|USB)\d")))


@register
class MdloaderParser(TableParser):
    name = "mdloader"
    namespace = "flash"
    messages = MESSAGES
    hints = ("massdrop", "mdloader", "bootloader port listing", "scanning for device", "device port", "no devices found",
             "valid device port", "applet", "found mcu", "opening port", "closing port", "bootloader version", "setting normal mode",
             "correct port", "matching device id")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.host: str | None = None
        self.sudo = False

    def feed(self, lineno: int, line: str) -> None:
        if self.host is None:
            for host, rx in _PORT_HOST:
                if rx.search(line):
                    self.host = host
                    break
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        host = m.groupdict().get("host")
        if host:
            self.host = host
        if host is not None or "mdloader" in m.group(0):
            if re.search(r"(?:^|[\s$#>])sudo\s", line[: m.start() + 1]):
                self.sudo = True
        if ev is not None:
            ev.pop("host", None)

    def finish(self) -> dict[str, Any]:
        for ev in self.events:
            if ev["kind"] == "md_no_device":
                if self.host:
                    ev["host"] = self.host
                if self.sudo:
                    ev["sudo"] = True  # run as root: the port's permissions are not what hid the keyboard
        return super().finish()
