"""johnny-five (rwaldron/johnny-five 0.x-2.x, the Node.js robotics framework; Node-RED's johnny-five nodes use it too):
what its board logger prints while it finds and opens an Arduino running Firmata (serial-host-apps s17).

lib/board.js (094bf6c, 2023): Serial.detect() lists the serial ports node-serialport finds and takes the FIRST one
(`this.info("Available", portPaths)`; 0.x printed the list as `Device(s)`), Board.connect() logs `Connected <port>` and
arms a 10 s timer; when Firmata never reports ready it logs `Device or Firmware Error A timeout occurred while connecting
to the Board.` (and emits Error("A timeout occurred while connecting to the Board.")). No port at all: `Board Looking for
connected device`, then `Board No connected device found`. Each line starts with the time in milliseconds
(`1448365609699 Connected COM3`), in a REPL often behind an ANSI colour code.

Events (under `serial.runs`, tool "johnny-five"):
- j5_ports: the ports johnny-five found (text: the list as printed; count: how many)
- j5_connected: the port it opened (port)
- j5_timeout (fail): no Firmata answer within the timeout (port: the port it opened; count: how many ports it had to
  choose from, when the paste shows the list)
- j5_no_device (fail): no serial port was found at all
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_STAMP = r"^\s*(?:\x1b?\[\d+m)?\d{13}\s+"
_PORT = r"(?:(?i:COM)\d+|/dev/[^\s,]+)"

MESSAGES = rows_of(
    group(
        "rwaldron/johnny-five 0.x-2.x lib/board.js Serial.detect(), Board.connect() and the ready timer (examples: johnny-five#967, #1206, #156)",
        Msg("j5_ports", _STAMP + r"(?:Device\(s\)|Available)\s+(?P<text>" + _PORT + r"(?:,\s?" + _PORT + r")*)", "strong",
            example="1448365609699 Device(s) COM3,COM5"),
        Msg("j5_connected", _STAMP + r"Connected\s+(?P<port>" + _PORT + r")", "strong", example="1448365609707 Connected COM3"),
        Msg("j5_timeout", r"\bDevice or Firmware Error\s{0,4}A timeout occurred while connecting to the Board\b", "strong", fail=True,
            example="1448365619710 Device or Firmware Error A timeout occurred while connecting to the Board."),
        Msg("j5_no_device", _STAMP + r"Board\s+No connected device found", "strong", fail=True,
            example="1642108720067 Board No connected device found"),
        Msg(None, _STAMP + r"(?:Board\s+Looking for connected device|Repl\s+Initialized)", "strong",
            example="1514300642562 Repl Initialized"),
    ),
)


@register
class JohnnyFiveParser(TableParser):
    name = "johnny-five"
    namespace = "serial"
    messages = MESSAGES
    hints = ("device(s)", "available", "connected", "device or firmware error", "no connected device", "looking for connected",
             "repl initialized")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.ports: list[str] = []
        self.port: str | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "j5_ports":
            self.ports = [p.strip() for p in str(ev.get("text") or "").split(",") if p.strip()]
            ev["count"] = len(self.ports)
        elif ev["kind"] == "j5_connected":
            self.port = ev.get("port")
        elif ev["kind"] == "j5_timeout":
            if self.port:
                ev["port"] = self.port
            if self.ports:
                ev["count"] = len(self.ports)
