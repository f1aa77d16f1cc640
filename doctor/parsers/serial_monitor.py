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

# (fix s23) bytes only Windows-1252 draws so (a C1 control, ƒ ˆ ‰ Œ œ ‹ › •): the scattered form's row needs one on its
# line, and they are the hints that open the parser to it (hints and row agree). Not ™ (of _CP1252_ONLY): as a hint it would
# open the older rows to "© 2024 ® ™ § 3" (test_host_s23)
_CP1252_HINTED = r"[\u0080-\u009f\u0192\u02c6\u2030\u0152\u0153\u2039\u203a\u2022]"

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
        # (host s23) the same Windows-1252 drawing when the wrong-rate bytes fall between ASCII ones (a byte >= 0x80 every few
        # characters, as random bytes do): MarlinFirmware/Marlin#5373, `ánP<nVH5Œèk<H.]áNp|$nHÌÈ+.p|H.8]«ˆZŒŒ%ˆh€ONL}H+MJm`
        # in the Arduino IDE 1.x Serial Monitor at another rate than Marlin's BAUDRATE. _garbled_line decides (symbols no
        # Western language uses, no word)
        "Arduino IDE 1.x Serial Monitor, PuTTY, Tera Term (Windows-1252 / Latin-1): wrong-rate bytes scattered among ASCII",
        # (fix s23) only on a line that holds a byte only Windows-1252 draws so (the hints below are those bytes)
        Msg("serial_monitor_garbled", r"^(?=[^\n]*?" + _CP1252_HINTED + r")[^\n]*?"
            r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
            r"(?:[^\n]{0,10}?[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]){3}",
            strength="weak", example="ánP<nVH5Œèk<H.]áNp|$nHÌÈ+.p|H.8]«ˆZŒŒ%ˆh€ONL}H+MJm>&~‹H'ˆHÈxñJ3ð~èŠ"),
    ),
    group(
        "Arduino IDE 2.x Serial Monitor (UTF-8 decoding in the browser view), PlatformIO/miniterm and any paste of the raw "
        "bytes: U+FFFD REPLACEMENT CHARACTER for each undecodable byte (MiniCore#313: `23:32:20.581 -> I��i�5��۱�W5`, an 8 MHz "
        "ATmega328P read at another rate)",
        Msg("serial_monitor_garbled", r"\ufffd[^\ufffd\n]{0,3}\ufffd[^\ufffd\n]{0,3}\ufffd[^\ufffd\n]{0,3}\ufffd", strength="weak",
            example="23:32:20.581 -> I\ufffd\ufffdi\ufffd5\ufffd\ufffd\u06f1\ufffdW5"),
    ),
)

# (host s23) Windows-1252 / Latin-1 drawings of bytes >= 0x80 seldom in a sentence: the symbols of 0xA1-0xBF but
# ° ± · ª º « » ¿ ¡ © ® §, ÿ, and cp1252's ƒ ˆ ˜ ‰ ‹ › † ‡ • € ™ (and what replaces an undecodable byte); (review s23) not
# Icelandic þ ð Þ Ð, nor Spanish/French quotes and marks ("¿Y tú? ¡Sí!", "«Où ça ?»"), nor "© 2024 ® ™ § 3"
_NOISE = re.compile(r"[\u0080-\u009f\u00a2-\u00a6\u00a8\u00ac\u00ad\u00af\u00b2-\u00b6\u00b8\u00b9\u00bc-\u00be\u00d7\u00f7\u00ff"
                    r"\u0192\u02c6\u02dc\u2030\u2039\u203a\u2020\u2021\u2022\u20ac\u2122\u2e2e\ufffd]")
# (review s23) and at least one byte only Windows-1252 draws so (a C1 control, ƒ ˆ ‰ Œ œ ‹ › • ™): a Latin-1, cp437 box
# drawing ("ÚÄÄÄÄ¿", "³ COM3 ³") or cp1251 text read as Latin-1 ("Íå óäàåòñÿ îòêðûòü ïîðò") has none
_CP1252_ONLY = re.compile(r"[\u0080-\u009f\u0192\u02c6\u2030\u0152\u0153\u2039\u203a\u2022\u2122]")
# UTF-8 read as Windows-1252 ("Ã¤ Ã¶ Ã¼ ÃŸ"): lead bytes Ã Â (Latin-1) or Ð Ñ (Cyrillic) before each symbol
_UTF8_LEADS = re.compile(r"[\u00c2\u00c3\u00d0\u00d1]")
# a hex editor's or hexdump's row: an offset, then bytes as hex pairs (its text column draws the high bytes)
_HEX_ROW = re.compile(r"^\s*(?:0x)?[0-9a-fA-F]{4,16}:?\s+(?:[0-9a-fA-F]{2}\s+){4}")
_WIDE_SYMBOLS = re.compile(r"[\u0080-\u00af\u00b2-\u00b6\u00b8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                           r"\u2018-\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\u2e2e\ufffd]")
# an ASCII word: four letters or more with a vowel (random bytes make consonant clusters, "HKHJ", "MJm", seldom a word)
_WORD = re.compile(r"[A-Za-z]*[AEIOUYaeiouy][A-Za-z]*")

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
    hints = ("\u2e2e", "\ufffd", "\u0192", "\u2022", "\u00ac", "\u00d5", "\u00f6",
             # (host s23) symbols of the scattered Windows-1252 form; (review s23) only those the form needs (one cp1252-only
             # byte): «, ¿, ©, þ, ÿ... of a sentence, a cp437 table or cp1251 text must not open the older rows to them
             "\u02c6", "\u2039", "\u203a", "\u0152", "\u0153", "\u2030",
             # (fix s23) and the rest of _CP1252_HINTED, which the scattered row needs on its line: the C1 controls (never in
             # a sentence; the hints must hold every line that row claims)
             *(chr(c) for c in range(0x80, 0xA0)),
             # (s23) ÷: the older symbols row claims Simplify3D's garbled replies (Marlin#5373: "RECEIVED: ánp|n6HÈp|...÷è-L"),
             # which hold no other hint; a sentence rarely holds it
             "\u00f7")
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
        if (len(body) <= 300 or (len(body) <= 4000 and 3 * symbols >= len(body))) and symbols > len(_LETTERS.findall(body)):
            return True
        # (host s23) wrong-rate bytes scattered among ASCII ones (Windows-1252 drawing): a sixth of the row or more are such
        # symbols, two of them ones no Western sentence uses, and no ASCII word of four letters or more
        wide = len(_WIDE_SYMBOLS.findall(body))
        return (8 <= len(body) <= 4000 and wide >= 4 and 6 * wide >= len(body) and len(_NOISE.findall(body)) >= 2
                and not any(len(w) >= 4 for w in _WORD.findall(body))
                and _CP1252_ONLY.search(body) is not None and 2 * len(_UTF8_LEADS.findall(body)) < wide
                and not _HEX_ROW.match(body))

    def finish(self) -> dict[str, Any]:
        if self._first is None or self._clean_after >= self.CLEAN_AFTER:
            return {}
        lineno, line = self._first
        self.event("serial_monitor_garbled", lineno, line, fail=True, garbled_lines=self._garbled)
        return {"serial": {"runs": [self.run(tool="serial-monitor", **self.summary())]}}
