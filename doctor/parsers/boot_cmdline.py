"""The kernel command line (`cat /boot/cmdline.txt`, `/boot/firmware/cmdline.txt`, `/proc/cmdline`) ->
host.boot_cmdline and host.serial_console (a Linux console on a UART: console=serial0 / ttyAMA0 / ttyS0...),
the fact SER006 compares with a printer.cfg MCU on that UART."""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_CMDLINE = re.compile(r"^\s*(?:\S+=\S*\s+|\S+\s+)*?root=\S+")
_SERIAL_CONSOLE = re.compile(r"(?:^|\s)console=(?:serial\d|ttyAMA\d|ttyS\d|ttyAML\d|ttymxc\d|ttyO\d|ttyTHS\d)\b")


@register
class BootCmdlineParser(Parser):
    name = "cmdline"
    namespace = "host"
    strong = (r"^\s*(?:\S+\s+)*?console=\S+(?:\s+\S+)*?\s+root=\S+", r"^\s*(?:\S+\s+)*?root=(?:PARTUUID|UUID|/dev/)\S*(?:\s+\S+)*?\s+console=\S+")
    hints = ("console=",)
    # a line this parser reads (Raspberry Pi OS's default cmdline.txt): the registry fuzz test seeds from it
    examples = ("console=serial0,115200 console=tty1 root=PARTUUID=738a4d67-02 rootfstype=ext4 fsck.repair=yes rootwait",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.cmdline: str | None = None

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if self.cmdline is None and 0 < len(text) <= 4096 and "console=" in text and _CMDLINE.match(text):
            self.cmdline = text

    def finish(self) -> dict[str, Any]:
        if self.cmdline is None:
            return {}
        return {"host": {"boot_cmdline": self.cmdline, "serial_console": bool(_SERIAL_CONSOLE.search(self.cmdline)), "origin": "pasted"}}
