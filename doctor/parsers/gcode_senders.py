"""G-code senders of GRBL-family controllers (grbl 0.9-1.1, grblHAL, FluidNC) and what their consoles and logs say
about the serial connection: Universal G-Code Sender, LaserGRBL, Candle, bCNC.

A sender opens the controller's port at a baud rate, resets the controller and waits for GRBL to speak (its welcome
`Grbl 1.1f ['$' for help]`, a status report `<Idle|MPos:...>`, `[VER:...]`). The messages (cnc-laser s12):

- Universal G-Code Sender 2.x (ugs-core GrblController.java / FluidNCController.java connect(), GrblUtils.java
  queryForStatusReport(), AbstractController.java closeCommPort(), GUIBackend.java): `*** Connecting to
  jserialcomm://COM6:9600` (protocol, port, baud), `*** Fetching device status` then `*** Fetching device status (N of
  10)...` while GRBL does not answer the `?` status query (older 2.0 builds: "of 3"), and `**** Connection closed ****`
  when it gives up; its log: `Connecting to GRBL on port ttyACM0`.
- LaserGRBL 2.x-7.x session log (ComWrapper/UsbSerial.cs, RJCPSerial.cs Open(); Core/GrblCore.cs): `OpenCom  Open
  COM3 @ 115200 baud` (later builds append the reset mode and "(UsbSerial)"), `VersionInfo  Detected Grbl v1.1f` when
  GRBL answered, `OpenCom  Connection timeout!` when nothing did within 10 s, and the .NET open errors (`OpenCom
  Error: Access to the port 'COM3' is denied.`, read by serial_errors.classify).
- Candle 1.x (frmmain.cpp onSerialPortError): `Serial port error N: <QSerialPort::errorString()>`; Candle 2.x
  (serialportconnection.cpp, frmmain.cpp onConnectionErrorOccurred): `Connection error N: <errorString>`. N is the
  QSerialPort::SerialPortError code: 1 DeviceNotFound, 2 Permission (on Windows: another program has the port), 3 Open
  (already open), 7 Write, 8 Read, 9 Resource (the device went away), 11 Unknown (Windows' "A device attached to the
  system is not functioning"), 12 Timeout, 13 NotOpen.
- bCNC (bCNC/Sender.py serialIO(), the thread that polls and streams while connected): a pyserial exception raised
  through its frame (`File "...bCNC/Sender.py", line N, in serialIO`), e.g. `SerialTimeoutException: Write timeout`.

Events (under `serial.runs`, tool "ugs" | "lasergrbl" | "candle" | "bcnc"):
- sender_connect: the sender opened the port (port; baud when the line names it)
- sender_status_query: UGS asked GRBL for its status again (tries: this query's number, count: how many it will make)
- sender_controller_answered: the controller spoke (status report, [VER:], welcome, LaserGRBL's "Detected Grbl")
- sender_no_answer (fail): nothing answered the connection: UGS's status queries ran out and it closed the port, or
  LaserGRBL's 10 s timeout (port and baud of the connection it closed)
- sender_port_lost (fail): the open port failed under a connected session (Candle's read/write/resource/unknown/timeout
  errors, bCNC's serialIO thread ending in a serial exception); what a dropped USB link (noise from a spindle or
  steppers, the cable, the supply) looks like from the sender's side
- the serial-open kinds of serial_errors.py for open errors printed inside a sender's block (Candle's codes 1-3 too)
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.serial_errors import classify

_PORT = r"(?P<port>(?:\\\\\.\\)?COM\d+|/dev/\S+|tty(?:USB|ACM|S|AMA)\d+|cu\.\S+)"

MESSAGES = rows_of(
    group(
        "Universal G-Code Sender 2.x ugs-core GrblController.java / FluidNCController.java, GrblUtils.java, "
        "AbstractController.java, model/GUIBackend.java (cnc-laser s12; examples: UGS #2660, #2452, #2295)",
        Msg("sender_connect", r"^\*\*\* Connecting to (?:\w+://)?" + _PORT + r":(?P<baud>\d+)\s*$", "strong",
            attrs={"tool": "ugs"}, example="*** Connecting to jserialcomm://COM6:9600"),
        Msg("sender_connect", r"GUIBackend\]?: Connecting to \S{1,40}(?: \S{1,40}){0,3} on port " + _PORT + r"\s*$", "strong",
            attrs={"tool": "ugs"}, example="INFO [com.willwinder.universalgcodesender.model.GUIBackend]: Connecting to GRBL on port ttyACM0"),
        Msg("sender_status_query", r"^\*\*\* Fetching device status(?: \((?P<tries>\d+) of (?P<count>\d+)\)\.\.\.)?\s*$", "strong",
            attrs={"tool": "ugs"}, example="*** Fetching device status (2 of 10)..."),
        Msg(None, r"^\*{3,4} Connection closed(?: \*{1,4})?\s*$", "strong", attrs={"tool": "ugs", "role": "closed"},
            example="**** Connection closed ****"),
    ),
    group(
        "LaserGRBL 2.x-7.x session log: ComWrapper/UsbSerial.cs and RJCPSerial.cs Open(), Core/GrblCore.cs (cnc-laser s12; "
        "examples: LaserGRBL #583, #2241, #1140)",
        Msg("sender_connect", r"\bOpenCom\s+Open " + _PORT + r" @ (?P<baud>\d+) baud\b", "strong", attrs={"tool": "lasergrbl"},
            example="19/02/2019 16:00:37\tOpenCom     \tOpen COM5 @ 115200 baud "),
        Msg("sender_no_answer", r"\bOpenCom\s+Connection timeout!", "strong", fail=True, attrs={"tool": "lasergrbl"},
            example="19/02/2019 16:00:47\tOpenCom     \tConnection timeout!"),
        Msg("sender_controller_answered", r"\bVersionInfo\s+Detected Grbl v(?P<version>\S+)", "strong", attrs={"tool": "lasergrbl"},
            example="10/11/2020 12:40:22\tVersionInfo \tDetected Grbl v1.1f"),
        Msg(None, r"\b(?:SetStatus\s+Machine status \[\w+\]|CloseCom\s+Close \S+|SendImmediate\s+Send Immediate Command|"
            r"Program\s+-{3,} LaserGRBL v\S+)", "strong", example="19/02/2019 16:00:47\tCloseCom    \tClose COM5 [CORE]"),
    ),
    group(
        "Candle 1.x frmmain.cpp onSerialPortError() / Candle 2.x onConnectionErrorOccurred(): QSerialPort::SerialPortError "
        "and errorString() (cnc-laser s12; example: Candle #250)",
        Msg(None, r"^(?:Serial port|Connection) error (?P<code>\d+): (?P<text>\S.*)$", "strong",
            attrs={"tool": "candle", "role": "serial_error"},
            example="Serial port error 11: A device attached to the system is not functioning."),
    ),
    group(
        "bCNC bCNC/Sender.py serialIO(): the thread that polls and streams while connected; a pyserial exception that ends it "
        "prints the traceback through this frame (cnc-laser s12; example: bCNC #1271)",
        Msg(None, r"""File "[^"]{0,300}?bCNC[\\/]Sender\.py", line \d+, in serialIO""", "strong", attrs={"tool": "bcnc", "role": "io_thread"},
            example='  File "c:\\Python27\\lib\\site-packages\\bCNC\\Sender.py", line 657, in serialIO'),
        Msg(None, r"^(?:serial\.serialutil\.)?(?P<exc>SerialTimeoutException|SerialException|PortNotOpenError|OSError|IOError): (?P<text>\S.*)$",
            attrs={"role": "io_exception"}, example="SerialTimeoutException: Write timeout"),
    ),
    group(
        "GRBL 0.9-1.1 / grblHAL / FluidNC replies a sender shows (report.c: the welcome, status reports, $I): the controller spoke",
        Msg("sender_controller_answered", r"^<(?:Idle|Run|Hold|Jog|Alarm|Door|Check|Home|Sleep|Tool)[|,:]", example="<Idle|MPos:0.000,0.000,0.000|FS:0,0>"),
        Msg("sender_controller_answered", r"^\[VER:|^Grbl \d+\.\d+\w* \[.\$' for help\]|^GrblHAL \d", example="[VER:1.1f.20170801:]"),
    ),
)

# QSerialPort::SerialPortError: errors of a port that was open and working (the link failed under it)
_LOST_CODES = {7, 8, 9, 11, 12}


@register
class GcodeSenderParser(TableParser):
    name = "gcode-sender"
    namespace = "serial"
    messages = MESSAGES
    event_kinds = ("sender_port_lost", "sender_no_answer", "serial_no_such_port", "serial_port_busy", "serial_permission_denied", "serial_io_error")
    hints = ("connecting to", "fetching device status", "connection closed", "opencom", "closecom", "versioninfo", "setstatus",
             "sendimmediate", "lasergrbl", "serial port error", "connection error", "bcnc", "serialio", "<idle", "[ver:", "grbl")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.tool: str | None = None
        self._conn: dict[str, Any] | None = None  # the last sender_connect
        self._answered = False
        self._queries = 0
        self._io_thread = False
        self._lost = False

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 2000:
            return
        matches = self.match_line(text)
        if not matches:
            found = classify(text)
            if found is not None:
                open_kind, open_attrs = found
                if self._lost and open_kind == "serial_no_such_port":
                    return  # the port vanished after the link failed: the same loss
                self.event(open_kind, lineno, line, fail=True, **open_attrs)
            return
        row, m = matches[0]
        attrs = {k: v for k, v in m.groupdict().items() if v is not None}
        tool = dict(row.attrs).get("tool")  # type: ignore[arg-type]
        if tool:
            self.tool = self.tool or tool
        kind = row.kind or dict(row.attrs).get("role")  # type: ignore[arg-type]
        if kind is None:
            return
        if kind == "sender_connect":
            if "baud" in attrs:
                attrs["baud"] = int(attrs["baud"])
            self._conn = self.event(kind, lineno, line, **attrs)
            self._answered, self._queries = False, 0
            return
        conn = {k: self._conn[k] for k in ("port", "baud") if self._conn and self._conn.get(k) is not None}
        if kind == "sender_controller_answered":
            self._answered = True
            self.event(kind, lineno, line, **attrs)
        elif kind == "sender_status_query":
            self._queries += 1
            self.event(kind, lineno, line, **{k: int(v) for k, v in attrs.items()})
        elif kind == "closed":
            # UGS closes the port itself when its status queries ran out with no reply (GrblUtils: "Could not query the
            # device status"); a close after GRBL spoke is a disconnect the user asked for
            if self._queries and not self._answered:
                self.event("sender_no_answer", lineno, line, fail=True, tries=self._queries, **conn)
            self._conn, self._queries = None, 0
        elif kind == "sender_no_answer":
            if not self._answered:
                self.event(kind, lineno, line, fail=True, **conn)
        elif kind == "serial_error":
            code = int(attrs.get("code") or 0)
            if code in _LOST_CODES or (self._lost and code == 1):
                self._lost = True
                self.event("sender_port_lost", lineno, line, fail=True, code=code, text=attrs.get("text"))
                return
            found = classify(f"could not open port {self._conn.get('port') if self._conn else 'COM0'}: {attrs.get('text', '')}")
            if code == 1:
                self.event("serial_no_such_port", lineno, line, fail=True, code=code)
            elif code in (2, 3):
                self.event("serial_permission_denied" if found and found[0] == "serial_permission_denied" else "serial_port_busy",
                           lineno, line, fail=True, code=code)
            else:
                self.event("serial_io_error", lineno, line, fail=True, code=code)
        elif kind == "io_thread":
            self._io_thread = True
        elif kind == "io_exception":
            if self._io_thread:
                self._lost = True
                self.event("sender_port_lost", lineno, line, fail=True, text=attrs.get("text"), exc=attrs.get("exc"))
            else:
                found = classify(text)
                if found is not None:
                    self.event(found[0], lineno, line, fail=True, **found[1])

    def finish(self) -> dict[str, Any]:
        if not self.events:
            return {}
        return {"serial": {"runs": [self.run(tool=self.tool or "gcode-sender", **self.summary())]}}

    def summary(self) -> dict[str, Any]:
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if any(e["kind"] == "sender_controller_answered" for e in self.events) else {}
