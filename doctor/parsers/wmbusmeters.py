"""wmbusmeters (wireless M-Bus meter reader) on Linux: its own lines about the radio dongle on a tty (iM871A, AMB8465,
RC1180, CUL..., behind a CP210x/FTDI or CDC-ACM port), which users paste with the command lines they typed.

When the dongle on the given tty does not answer as the expected type, wmbusmeters says `Expected im871a on /dev/ttyUSB0
but found unknown instead, ignoring it!` (0.9.x-1.8, 2020-2022) or `... but did not find it! Ignoring tty!` (1.9 and
later): the tty could not be opened, or something else answered. Newer versions check access first and say so in
--verbose/--debug (`(serial) you do not have the correct permissions to open the tty ...`, src/serial.cc). A paste with the
same dongle failing as the user and `Started auto im871a[...] on /dev/ttyUSB0` under sudo is a tty the user may not open
(wmbusmeters #222): each event carries `sudo` when the command line before it ran under sudo.
Facts: one run per block under `serial.runs` (tool "wmbusmeters").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_COMMAND = re.compile(r"(?:^|[\s$#>])(?P<sudo>sudo\s+(?:-\S+\s+)*)?wmbusmeters(?:d)?(?:\s|$)")

MESSAGES = rows_of(
    group(
        "a shell prompt running wmbusmeters (the command before its output)",
        Msg(None, r"[$#]\s*(?:sudo\s+(?:-\S+\s+)*)?wmbusmeters(?:d)?\s", "strong",
            example="alvaro@alvaro-Compaq-Presario-CQ61-Notebook-PC:~$ wmbusmeters --debug  /dev/ttyUSB0:im871a:c1"),
    ),
    group(
        "wmbusmeters 0.9.x-1.19 src/wmbus.cc detectBusDeviceOnTTY callers: the dongle on the tty did not answer as the type given",
        Msg("wmbus_not_detected", r"\bExpected (?P<expected>\w+) on (?P<port>/dev/\S+) but found (?P<type>\w+) instead, ignoring it!", "strong",
            fail=True, example="Expected im871a on /dev/ttyUSB0 but found unknown instead, ignoring it!"),
        Msg("wmbus_not_detected", r"\bExpected (?P<expected>\w+) on (?P<port>/dev/\S+) but did not find it! Ignoring tty!", "strong",
            fail=True, example="Expected im871a on /dev/ttyUSB0 but did not find it! Ignoring tty!"),
        Msg(None, r"^No wmbus device (?:detected|found)[,.!]", "strong",
            example="No wmbus device detected, waiting for a device to be plugged in."),
    ),
    group(
        "wmbusmeters 1.10-1.19 src/serial.cc checkAccessAndDetect(): the tty exists but this user may not open it (--verbose)",
        Msg("serial_permission_denied", r"\(serial\) you do not have the correct permissions to open the tty (?P<port>/dev/\S+?),?\s", "strong",
            fail=True, example="(serial) you do not have the correct permissions to open the tty /dev/ttyUSB0 and you do not share the same access group."),
    ),
    group(
        "wmbusmeters 0.9.x-1.19 src/bus.cc: the dongle was found and is in use",
        Msg("wmbus_started", r"\bStarted (?:auto|config) (?P<type>\w+)(?:\[\w*\])? on (?P<port>/dev/\S+)", "strong",
            example="Started auto im871a[00101517] on /dev/ttyUSB0 listening on c1"),
    ),
    group(
        "wmbusmeters 0.9.x-1.19 --debug/--verbose trace lines, `(module) ...` (after the rows above: first match wins)",
        Msg(None, r"^\((?:wmbusmeters|config|lookup|detect|serial|serialtty|im871a|amb8465|rc1180|cul|wmbus|verbose|drivers)\) ", "weak",
            example="(wmbusmeters) version: 1.16.1-101-g901674d"),
    ),
)


@register
class WmbusmetersParser(TableParser):
    name = "wmbusmeters"
    namespace = "serial"
    messages = MESSAGES
    hints = ("wmbusmeters", "expected ", "no wmbus device", "started ", "(serial)", "(serialtty)", "(config)", "(lookup)",
             "(detect)", "(im871a)", "(amb8465)", "(rc1180)", "(cul)", "(wmbus)", "(verbose)", "(drivers)")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.sudo = False

    def on_unmatched(self, lineno: int, line: str) -> None:
        self._command(line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if row.kind is None:
            self._command(line)
        elif self.sudo and ev is not None:
            ev["sudo"] = True  # run as root: the tty's permissions were not in the way

    def _command(self, line: str) -> None:
        m = _COMMAND.search(line)
        if m and ("$" in line[: m.start() + 1] or "#" in line[: m.start() + 1] or m.start() == 0):
            self.sudo = bool(m.group("sudo"))
