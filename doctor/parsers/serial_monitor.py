"""What a serial monitor shows when the bytes it receives are not text at its baud rate.

The Arduino IDE's Serial Monitor (1.6.x-2.x) and the arduino-cli monitor decode the port's bytes as UTF-8 and draw an
undecodable byte as U+2E2E REVERSED QUESTION MARK (`⸮`): a sketch printing at 115200 baud read at 9600 (or the other
way round), or a board running at half or twice the clock its sketch was built for (an 8 MHz Pro Mini compiled as
16 MHz: every rate off by two), fills the monitor with rows like `$⸮⸮⸮⸮` or `⸮⸮⸮⸮⸮⸮`. Resolved threads: matching the
monitor to `Serial.begin()` (rdm6300#1, arduino-lmic#245, vscode-arduino#420/#612, Battery-Emulator#134,
platformio-vscode-ide#2222), or the board/clock selection (arduino/Arduino#5930).

An ESP8266's boot ROM prints at 74880 baud, so a monitor at 115200 shows one garbled line at reset and then the
sketch's clean output: garbage followed by readable lines is not reported.

Events (under `serial.runs`, tool "serial-monitor"):
- serial_monitor_garbled (fail): a run of `⸮` that no readable output follows (line: the first garbled line; garbled_lines:
  how many garbled lines)
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._common import BARE_VERDICT
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Arduino IDE 1.6-2.x Serial Monitor / arduino-cli monitor: U+2E2E drawn for each byte that is not UTF-8 text",
        Msg("serial_monitor_garbled", r"⸮[^⸮\n]{0,3}⸮[^⸮\n]{0,3}⸮[^⸮\n]{0,3}⸮", strength="strong",
            example="$⸮⸮⸮⸮⸮"),
    ),
    group(
        "Arduino IDE 1.0-1.6 Serial Monitor (Java, bytes decoded as Windows-1252): the same wrong-rate bytes drawn as Latin-1 "
        "symbols (arduino.stackexchange 30593: `ö’ö’ƒÕ•¬ƒ` for Serial.println(\"Wait...!\") at another rate)",
        Msg("serial_monitor_garbled", r"[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0192\u2022\u2030\u02c6\u0152\u0153\u2122][^\n]{0,2}?[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0192\u2022\u2030\u02c6\u0152\u0153\u2122]"
            r"[^\n]{0,2}?[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0192\u2022\u2030\u02c6\u0152\u0153\u2122][^\n]{0,2}?[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0192\u2022\u2030\u02c6\u0152\u0153\u2122]"
            r"[^\n]{0,2}?[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0192\u2022\u2030\u02c6\u0152\u0153\u2122][^\n]{0,2}?[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0192\u2022\u2030\u02c6\u0152\u0153\u2122]",
            strength="weak", example="ö'ö'ƒÕ•¬ƒ 1⁄4Õƒö\"ƒ2ƒƒƒ¬'1⁄4¬Õ\"'\"ƒ¬•"),
    ),
    group(
        "Arduino IDE 2.x Serial Monitor (UTF-8 decoding in the browser view), PlatformIO/miniterm and any paste of the raw "
        "bytes: U+FFFD REPLACEMENT CHARACTER for each undecodable byte (MiniCore#313: `23:32:20.581 -> I��i�5��۱�W5`, an 8 MHz "
        "ATmega328P read at another rate)",
        Msg("serial_monitor_garbled", r"\ufffd[^\ufffd\n]{0,3}\ufffd[^\ufffd\n]{0,3}\ufffd[^\ufffd\n]{0,3}\ufffd", strength="weak",
            example="23:32:20.581 -> I\ufffd\ufffdi\ufffd5\ufffd\ufffd\u06f1\ufffdW5"),
    ),
)

# (° ± · are left out: a progress bar drawn with them, "±±±± 0%", is no garbage)
_SYMBOLS = re.compile(r"[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0192\u2022\u2030\u02c6\u0152\u0153\u2122\u2e2e\ufffd]")
_LETTERS = re.compile(r"[A-Za-z]")
_MONITOR_STAMP = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} -> ")

# a readable line of a sketch's output: words, no replacement characters
_CLEAN = re.compile(r"[A-Za-z]{3}")
# (framing s21) a shell prompt with a command ("$ uname -a", "pi@host:~ $ python3 --version", "PS C:\\Users\\x> ..."): the
# monitor's output ended there, and what follows is another command's paste, not readable lines from the board
_PROMPT_COMMAND = re.compile(r"^\s*(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s?[$#]|\$|PS [A-Za-z]:\\[^>]*>|[A-Za-z]:\\[^>]*>)\s*[\w./~\"-]")


@register
class SerialMonitorParser(TableParser):
    name = "serial-monitor"
    namespace = "serial"
    messages = MESSAGES
    event_kinds = ("serial_monitor_garbled",)
    hints = ("\u2e2e", "\ufffd", "\u0192", "\u2022", "\u00ac", "\u00d5", "\u00f6")
    CLEAN_AFTER = 2  # readable lines after the last garbled one that show the rate is right after all

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._first: tuple[int, str] | None = None
        self._garbled = 0
        self._clean_after = 0
        self._prompted = False  # (framing s21) a shell prompt ended the monitor's output

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 4000 or self._prompted:
            return
        if self._first is not None and _PROMPT_COMMAND.match(text):
            self._prompted = True
            return
        if BARE_VERDICT.match(text):
            return  # (framing s21) a wrapper's verdict after the monitor ("Make finished with errors"): not the board's output
        if self._garbled_line(text):
            self._garbled += 1
            self._clean_after = 0
            if self._first is None:
                self._first = (lineno, line)
            return
        if self._first is not None and _CLEAN.search(text):
            self._clean_after += 1

    def _garbled_line(self, text: str) -> bool:
        """A row of undecodable bytes: U+2E2E runs, or (the Latin-1 form) symbols outnumbering the ASCII letters, so a
        sentence in French or German with a few accents is no garbage."""
        if not self.match_line(text):
            return False
        if "\u2e2e" in text:
            return True
        body = _MONITOR_STAMP.sub("", text)  # IDE 2.x's "23:32:20.581 -> " time stamp is no part of the received bytes
        symbols = len(_SYMBOLS.findall(body))
        # (pi-uart-hosts s13) a terminal reading a console at the wrong rate shows one long row of them, no line breaks
        # (a Raspberry Pi 3's mini UART off its clock: 600 characters, nearly half U+FFFD, hypriot image-builder-rpi #32)
        return (len(body) <= 300 or (len(body) <= 4000 and 3 * symbols >= len(body))) and symbols > len(_LETTERS.findall(body))

    def finish(self) -> dict[str, Any]:
        if self._first is None or self._clean_after >= self.CLEAN_AFTER:
            return {}
        lineno, line = self._first
        self.event("serial_monitor_garbled", lineno, line, fail=True, garbled_lines=self._garbled)
        return {"serial": {"runs": [self.run(tool="serial-monitor", **self.summary())]}}
