"""What Simplify3D's Machine Control Panel shows while it connects to a printer's serial port.

Simplify3D (3.x-5.x, closed source; the lines below are the ones its Communication tab prints in real posts) opens the
port at the baud rate of its connection settings and waits for the firmware's greeting:
`Attempting connection at COM5...` (`\\\\.\\COM5`, `/dev/cu.wchusbserial1410`), each line the printer sent as
`READ: <text>` (older builds `RECEIVED: <text>`), its own commands as `SENT: <text>`, then, when nothing usable came
back, the protocols it tries in turn (`Testing plaintext communication protocol...`, `Testing binary communication
protocol...`, `Testing alternate communication protocols...`, `Attempting RTS reset and trying again...`) and
`Connection failed.`.

A G-code firmware (Marlin, Repetier, Prusa, Smoothieware, RepRapFirmware) answers in plain ASCII ("start", "ok",
"echo:..."). Read at another baud rate than the firmware's (Marlin's BAUDRATE, 250000 by default, 115200 on many
vendor builds) the same bytes arrive as Latin-1 letters, symbols and control bytes: a `READ:` line of them is the rate
mismatch (sambuls/MarlinOnTrinus#8: fixed by 250000; MarlinFirmware/Marlin#5373: the same garbage in the Arduino Serial
Monitor, Repetier-Host and Simplify3D).

Events (under `serial.runs`, tool "simplify3d"):
- host_connect: Simplify3D opened a port (port)
- host_reply_garbled (fail): a line the printer sent that is mostly no text (reply: the line as read)
- host_reply_text: a line the printer sent in a firmware's own words (ok, start, echo:, a temperature report)
- host_connect_failed (fail): `Connection failed.` after a connection attempt
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Simplify3D 3.x-5.x Machine Control Panel, Communication tab (closed source; lines of MarlinOnTrinus#8 and "
        "MarlinFirmware/Marlin#5373)",
        Msg("host_connect", r"^Attempting connection at (?P<port>\S+?)\.{3}\s*$", "strong",
            example="Attempting connection at /dev/cu.wchusbserial1410..."),
        Msg(None, r"^(?:Testing (?:plaintext|binary|alternate) communication protocols?|Attempting RTS reset and trying again)\.{3}\s*$",
            "strong", example="  Testing plaintext communication protocol..."),
        Msg("host_reply_text", r"^(?:READ|RECEIVED): ?(?P<reply>.*)$", "strong", example="READ: ok T:21.4 /0.0 B:21.1 /0.0"),
        Msg(None, r"^SENT: \S", "weak", example="SENT: M105"),
        Msg("host_connect_failed", r"^Connection failed\.\s*$", "weak", fail=True, example="  Connection failed."),
    ),
)

# what a firmware's reply byte cannot be at the right rate: a byte >= 0x80 (drawn as a Latin-1/CP1252 letter or symbol,
# or U+FFFD) or a control byte; (review s23) not a `\\x19` escape: Simplify3D draws the bytes, a Python debug print
# (`READ: b'\\x01\\x03...'`, a Modbus dump) writes escapes
_ODD = re.compile(r"[\u0080-\uffff]|[\x00-\x08\x0e-\x1f\x7f]")
# a reply in a G-code firmware's own words: the rate is right
_FIRMWARE_WORDS = re.compile(r"^(?:ok\b|start\b|echo:|Error:|!!|wait\b|T:-?\d|FIRMWARE_NAME:|Marlin\b|Repetier\b|Prusa|Smoothie|RepRapFirmware)", re.I)


def garbled(reply: str) -> bool:
    """A received line that is no text: three or more bytes no ASCII firmware sends, a tenth of the line or more."""
    odd = len(_ODD.findall(reply))
    return odd >= 3 and odd * 10 >= len(reply)


@register
class Simplify3dParser(TableParser):
    name = "simplify3d"
    namespace = "serial"
    messages = MESSAGES
    event_kinds = ("host_reply_garbled",)
    hints = ("attempting connection at", "communication protocol", "rts reset", "read:", "received:", "sent:", "connection failed")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._connected = False

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "host_connect":
            self._connected = True
        elif ev["kind"] == "host_reply_text":
            reply = (m.groupdict().get("reply") or "").strip()
            # (review s23) only after Simplify3D's own "Attempting connection at ..." (a LoRa or Modbus log's READ:/RECEIVED:
            # is not it), and a reply in the firmware's words is text however many accented letters it has ("echo:Température")
            if not self._connected:
                self.events.remove(ev)
            elif _FIRMWARE_WORDS.match(reply):
                pass
            elif garbled(reply):
                ev["reply"] = reply[:120]
                ev["kind"] = "host_reply_garbled"
                ev["fail"] = True
            else:
                self.events.remove(ev)  # a reply that is neither: says nothing about the rate
        elif ev["kind"] == "host_connect_failed" and not self._connected:
            self.events.remove(ev)  # "Connection failed." of another program: only after Simplify3D's attempt

    def finish(self) -> dict[str, Any]:
        if not self.events:
            return {}
        return {"serial": {"runs": [self.run(tool="simplify3d", **self.summary())]}}
