"""Terminal programs that end without a message of their own: GNU screen opened on a tty.

GNU screen (4.x-5.x, window.c OpenDevice / tty.c OpenTTY) reports a tty it cannot open with `Msg(errno, "Cannot
access line '%s' for R/W")` or `"Cannot open line '%s' for R/W"` in its message line; when that window was the
only one, screen exits at once and the terminal keeps only `[screen is terminating]`. So that line right after a
`screen /dev/ttyUSB0 115200` command means the tty could not be opened, for a reason the paste no longer shows
(the readable messages are rows of serial_errors.py). The same line after a session's output is a normal exit.

Events (under `serial.runs`, tool "screen"):
- serial_terminal_started: the command line naming the tty (port)
- serial_terminal_exited: `[screen is terminating]` within two lines of that command (fail; port of the command), or
  on the same line as the command in a post (`screen /dev/ttyACM0 -> [screen is terminating]`)
- serial_terminal_closed: `[screen is terminating]` after output, or with no command seen (not a failure)
"""

from __future__ import annotations

from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "GNU screen 4.x-5.x: the command line that opens a tty, and the line screen leaves when it exits",
        # (rp-usb s8) the command and its result written on one line of a post: `screen /dev/ttyACM0 -> [screen is
        # terminating]`, `screen /dev/ttyUSB0 115200 gives [screen is terminating]` (intellij-micropython#75)
        Msg("serial_terminal_exited", r"(?:^|[\s`'\"(])(?:sudo )?screen (?:\S+ ){0,4}?(?P<port>/dev/(?:tty[\w.-]+|cu\.[\w.-]+|serial\d|serial/by-(?:id|path)/\S+|rfcomm\d+))"
            r"[^\[\n]{0,60}?\[screen is terminating\]", strength="strong", fail=True,
            example="3. screen /dev/ttyACM0 -> [screen is terminating]"),
        Msg("serial_terminal_started", r"^(?:\S*[$#%>] ?)?(?:sudo )?screen (?:\S+ ){0,4}?(?P<port>/dev/(?:tty[\w.-]+|cu\.[\w.-]+|serial\d|serial/by-(?:id|path)/\S+|rfcomm\d+))",
            strength="strong", example="$ screen /dev/ttyUSB0 115200"),
        Msg("serial_terminal_closed", r"^\[screen is terminating\]$", strength="strong", example="[screen is terminating]"),
    ),
)

@register
class ScreenTerminalParser(TableParser):
    name = "serial-terminal"
    namespace = "serial"
    messages = MESSAGES
    event_kinds = ("serial_terminal_exited",)
    hints = ("screen",)
    WITHIN = 2  # lines between the command and `[screen is terminating]` for an immediate exit

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._started: dict[str, Any] | None = None
        self._since = 0

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 2000:
            return
        matches = self.match_line(text)
        if not matches:
            if self._started is not None:
                self._since += 1
            return
        row, m = matches[0]
        if row.kind == "serial_terminal_exited":
            self.event("serial_terminal_exited", lineno, line, fail=True, port=m.group("port"), command=text[:300])
            self._started = None
            return
        if row.kind == "serial_terminal_started":
            self._started = self.event("serial_terminal_started", lineno, line, port=m.group("port"))
            self._since = 0
            return
        started = self._started
        if started is not None and self._since < self.WITHIN:
            self.event("serial_terminal_exited", lineno, line, fail=True, port=started.get("port"), command=started.get("line", "").strip()[:300])
        else:
            self.event("serial_terminal_closed", lineno, line)
        self._started = None

    def finish(self) -> dict[str, Any]:
        if not self.events:
            return {}
        return {"serial": {"runs": [self.run(tool="screen", **self.summary())]}}
