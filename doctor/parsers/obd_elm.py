"""ELM327 OBD-II adapter tools on the host: python-OBD's debug log and ddt4all's console, as message tables. The
serial port errors they pass through (pyserial's "could not open port ...: [Errno 13] ...") are serial_errors' rows.

Sources read (session 15, ecu-tuning):
- brendan-w/python-OBD obd/elm327.py (0.6-0.7.x, logger "[obd.elm327]"/"[obd.obd]") and its 0.4.x elm327.py (debug()
  with an "[obd] " prefix). The 0.6+ auto-baud writes b"\\x7F\\x7F\\r" at 38400, 9600, 230400, 115200, 57600, 19200 and
  logs "Response from baud N: <repr>"; a reply ending in the ">" prompt chooses that baud ("Choosing baud N"), else
  "Failed to choose baud" and the init ends "Failed to set baudrate". Then ATZ, ATE0, ATH1, ATL0 ("ATH1 did not return
  'OK', or echoing is still ON" ...), "Adapter connected, but the ignition is off", "Cannot load commands: No connection to
  car". 0.4.x opened the port at the given (or default 38400) baud and logged "read: '<repr>'" and "__read() never recieved
  prompt character". Bytes that come back with no prompt and no text (b'\\xff\\xfd', '~f\\xfa\\x9e') are the adapter
  answering at another UART speed: the ELM327's own default is 38400 (9600 on some), but STN-based and clone adapters,
  and adapters another program reconfigured (Renolink, OBDLink's ST commands), run at 115200-2000000.
- cedricp/ddt4all src/ddt4all/core/elm/port.py and main.py (2017-2026): "Initializing ELM with speed N..." (older
  builds "Initilizing"), "Trying to open port " + "COM4 @ 115200", check_elm()'s "Checking port speed:" per speed it
  probes (38400, 115200, 230400, 57600, 9600, 500000) and "Start COM speed: N" when the prompt came, else "ELM not
  responding"; "ELM not connected or wrong COM port" after a pyserial open error; "Connection to ELM was lost".

Facts: these are connections, not flashes: one run per block under `serial.runs` (tool "python-obd" or "ddt4all") with
`elm_garbled` (bytes with no prompt and no ELM answer anywhere in the run), `elm_no_prompt`, `elm_connected`,
`elm_init_failed`, `elm_port_failed`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_OBD = r"^\[obd(?:\.(?:elm327|obd|utils|OBDCommand))?\]\s*"

PYTHON_OBD = rows_of(
    group(
        "python-OBD 0.6-0.7 obd/elm327.py, obd/obd.py (logger names [obd.elm327], [obd.obd])",
        Msg(None, _OBD + r"=+ python-OBD \(v\d", "strong", example="[obd.obd] ======================= python-OBD (v0.7.1) ======================="),
        Msg(None, _OBD + r"(?:Explicit port defined|Using scan_serial to select port|Available ports: |Attempting to use port: |"
            r"closing port|Closing connection|write: |wait: [\d.]+ seconds|no response; wait: |Detected pseudo terminal|Sending command: )", "strong",
            example="[obd.obd] Explicit port defined"),
        Msg(None, _OBD + r"Initializing ELM327: PORT=\S+ BAUD=\S+ PROTOCOL=", "strong",
            example="[obd.elm327] Initializing ELM327: PORT=/dev/ttyUSB0 BAUD=auto PROTOCOL=auto"),
        Msg("elm_baud_reply", _OBD + r"Response from baud (?P<baud>\d+): (?P<reply>.*)$", "strong", convert=(("baud", int),),
            example="[obd.elm327] Response from baud 230400: b'\\x7f\\xff\\xf8'"),
        Msg("elm_connected", _OBD + r"Choosing baud (?P<baud>\d+)", "strong", convert=(("baud", int),), example="[obd.elm327] Choosing baud 38400"),
        Msg("elm_read", _OBD + r"read: (?P<reply>.*)$", "strong", example="[obd.elm327] read: b'ATZ\\r\\r\\rELM327 v1.5\\r\\r>'"),
        Msg("elm_no_prompt", _OBD + r"(?P<text>Failed to choose baud|Failed to set baudrate)", "strong", fail=True,
            example="[obd.elm327] Failed to set baudrate"),
        Msg("elm_init_failed", _OBD + r"(?P<text>AT[A-Z0-9]+ did not return 'OK'.*|Failed to (?:query protocol|retrieve current protocol|determine protocol).*"
            r"|Adapter connected, but the ignition is off|Connected to the adapter, but failed to connect to the vehicle.*)", "strong", fail=True,
            example="[obd.elm327] ATH1 did not return 'OK', or echoing is still ON"),
        Msg(None, _OBD + r"Failed to read port", "strong", example="[obd.elm327] Failed to read port"),
        Msg(None, _OBD + r"(?:Cannot load commands: No connection to car|Query failed, no connection available|No OBD-II adapters found)", "strong",
            fail=True, example="[obd.obd] Cannot load commands: No connection to car"),
        Msg("elm_connected", _OBD + r"Connected Successfully: PORT=", "strong",
            example="[obd.elm327] Connected Successfully: PORT=/dev/ttyUSB0 BAUD=38400 PROTOCOL=6"),
    ),
    group(
        "python-OBD 0.4.x obd/elm327.py (debug() with an '[obd] ' prefix)",
        Msg(None, r"^\[obd\] (?:Opening serial port '|Serial port successfully opened on |__read\(\) found nothing|Connection successful)", "strong",
            example="[obd] Serial port successfully opened on /dev/ttyUSB1"),
        Msg("elm_no_prompt_seen", r"^\[obd\] __read\(\) never rec(?:ie|ei)ved prompt character", "strong",
            example="[obd] __read() never recieved prompt character"),
        Msg(None, r"^\[obd\] (?:Connection Error:|ELM responded with unknown protocol)", "strong", fail=True,
            example="[obd] Connection Error:"),
    ),
)

DDT4ALL = rows_of(
    group(
        "ddt4all src/ddt4all/main.py, core/elm/port.py, core/elm/elm.py (2017-2026)",
        Msg(None, r"^Initi(?:l|al)izing ELM with speed \d+", "strong", example="Initilizing ELM with speed 115200..."),
        Msg(None, r"^Trying to open port ?\S+ @ \d+", "strong", example="Trying to open portCOM4 @ 115200"),
        Msg("elm_speed_probe", r"^Checking port speed:\s*(?P<baud>\d+)?\s*$", "strong", convert=(("baud", int),), example="Checking port speed: 500000"),
        Msg("elm_connected", r"^Start COM speed: ?(?P<baud>\d+)", "strong", convert=(("baud", int),), example="Start COM speed: 38400"),
        Msg("elm_no_prompt", r"^(?P<text>ELM not responding)\s*$", "strong", fail=True, example="ELM not responding"),
        Msg(None, r"^Port closed(?::.*)?$", "strong", example="Port closed"),
        Msg(None, r"^(?:Serial port opened: )?Serial<id=0x[0-9a-f]+, open=True>\(port=", "strong",
            example="Serial<id=0x22323edc880, open=True>(port='COM5', baudrate=38400, bytesize=8, parity='N', stopbits=1,"),
        Msg("elm_port_failed", r"^ELM not connected or wrong COM port ?(?P<port>\S*)", "strong", fail=True,
            example="ELM not connected or wrong COM port COM3"),
        Msg(None, r"^ELM reset\.\.\.", "strong", example="ELM reset..."),
        Msg(None, r"^\*\s+(?:Connection to ELM was lost|Communication with ELM lost)", "strong", fail=True,
            example="*       Connection to ELM was lost"),
    ),
)

# bytes a repr shows that no ELM327 sends as text: escapes of 0x80-0xff, or of control characters other than \r \n \t
# (its own \x7f echo of python-OBD's probe aside)
_GARBLE = re.compile(r"\\x(?:[89a-f][0-9a-f]|[01][0-689a-cef]|0b)")


def _garbled(reply: str) -> bool:
    body = reply.strip()
    if body.startswith(("b'", 'b"')):
        body = body[1:]
    body = body.strip("'\"")
    if not body or ">" in body or "OK" in body or "ELM" in body or "?" in body:
        return False
    if _GARBLE.search(body):
        return True
    # a few printable bytes with no word of the ELM's answers ('~f\xfa\x9e' starts with printable junk)
    return False


class _ElmParser(TableParser):
    namespace = "serial"

    def on_event(self, ev: dict[str, Any] | None, row: Any, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] in ("elm_baud_reply", "elm_read") and _garbled(m.group("reply")):
            ev["garbled"] = True

    def summary(self) -> dict[str, Any]:
        connected = any(e["kind"] == "elm_connected" or (e["kind"] == "elm_read" and "ELM" in e.get("line", ""))
                        for e in self.events)
        garbled = [e for e in self.events if e.get("garbled")]
        if garbled and not connected:
            first = garbled[0]
            self.event("elm_garbled", first["lineno"], first["line"], fail=True, baud=first.get("baud"))
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if connected else {}


@register
class PythonObdParser(_ElmParser):
    name = "python-obd"
    messages = PYTHON_OBD
    event_kinds = ("elm_garbled",)
    hints = ("[obd",)


@register
class Ddt4allParser(_ElmParser):
    name = "ddt4all"
    messages = DDT4ALL
    event_kinds = ("elm_garbled",)
    hints = ("initilizing elm", "initializing elm", "trying to open port", "checking port speed", "start com speed", "elm not",
             "port closed", "serial<id=", "elm reset", "connection to elm", "communication with elm")
