"""The host tools that talk to a MicroPython/CircuitPython board's REPL over its USB serial port: Thonny, mpremote,
rshell, ampy and pyboard.py (also inside wrappers: MicroPico/Pico-W-Go, PyCharm's MicroPython plugin).

They all open the board's serial port and then need MicroPython's REPL to answer (Ctrl-C, then Ctrl-A for the raw REPL).
What they print separates three situations:

- no port at all -> mp_device_not_found: Thonny 3.3-4.x "Couldn't find the device automatically." (its hint: the device
  may be in bootloader mode), Thonny's installer "Could not find port in 10 seconds" (the new firmware did not come up as a
  serial port), mpremote "no device found", rshell "No MicroPython boards connected", Mu "Could not find an attached device."
- the port opened but the REPL does not answer -> mp_repl_unresponsive: Thonny "Device is busy or does not respond" and
  "Device is busy -- can't perform this action now.", rshell "Unable to connect to REPL", pyboard.py (mpremote, ampy,
  rshell, Thonny's own copy, PyCharm's microupload) "could not enter raw repl". In the threads this is a program running on
  the board (main.py/boot.py in a loop, a script that disabled USB or stdin) far more often than a host fault: the fix was
  Ctrl-C, or flash_nuke.uf2 (a new MicroPython UF2 keeps the files, so the same main.py runs again)
- the port could not be opened: mpremote "failed to access PORT (it may be in use by another program)", ampy/pyboard
  "PyboardError: failed to access" are serial_errors.py's rows (SER003/SER004 by the OS and the port's name)
- Thonny's back end died with a host-side exception -> mp_backend_error: "PROBLEM IN THONNY'S BACK-END: Internal error
  (serial.serialutil.SerialTimeoutException: Write timeout)": the exception names what failed, not why

Healthy sessions print MicroPython's banner (mp_banner: "MicroPython v1.20.0 on 2023-04-26; Raspberry Pi Pico W with
RP2040", CircuitPython's "Adafruit CircuitPython 8.1.0 on ...; ... with rp2040") and the tools' own connect lines
(mp_connected: mpremote "Connected to MicroPython at PORT", rshell "Retrieving sysname ... rp2"). Connecting interrupts
the running program: Thonny's shell then shows a KeyboardInterrupt traceback before the banner, which is no failure;
rshell's "File '/pyboard/x' doesn't exist" answers a command about a file, not the connection.

Thonny's "Unable to connect to PORT: could not open port ..." lines are serial_errors.py's (the OS error names the cause).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "MicroPython 1.x / CircuitPython 6-9 REPL banner (py/modsys, main.c), as Thonny's shell, mpremote and terminals show it",
        Msg("mp_banner", r"^MicroPython v\d+\.\d+[\w.+-]*(?:, \S+ v[\w.+-]+)? on \d{4}-\d\d-\d\d; (?P<board>.{1,120}?) with (?P<chip>\w+)\s*$",
            strength="strong", example="MicroPython v1.20.0 on 2023-04-26; Raspberry Pi Pico W with RP2040"),
        Msg("mp_banner", r"^Adafruit CircuitPython \d+\.\d+[\w.+-]* on \d{4}-\d\d-\d\d; (?P<board>.{1,120}?) with (?P<chip>\w+)\s*$",
            strength="strong", example="Adafruit CircuitPython 8.1.0 on 2023-03-30; Adafruit Feather RP2040 with rp2040"),
        Msg(None, r"^Type \"help\(\)\" for more information\.", example='Type "help()" for more information.'),
        Msg(None, r"^MPY: soft reboot\s*$", example="MPY: soft reboot"),
        # the REPL interrupted a running program (Thonny and mpremote send Ctrl-C on connecting): no failure
        Msg(None, r"^Traceback \(most recent call last\):\s*$", benign=True, example="Traceback (most recent call last):"),
        Msg(None, r"^KeyboardInterrupt:?\s*$", benign=True, example="KeyboardInterrupt:"),
    ),
    group(
        "Thonny 3.3-4.1 plugins/micropython (bare-metal back end, its shell messages and the firmware installer)",
        Msg("mp_device_not_found", r"Couldn't find the device automatically", strength="strong", fail=True,
            example="Couldn't find the device automatically."),
        Msg("mp_device_not_found", r"\bCould not find port in \d+ seconds", strength="strong", fail=True,
            example="Could not find port in 10 seconds"),
        Msg(None, r"^\"?Check the connection \(making sure the device is not in bootloader mode\)", example=
            "Check the connection (making sure the device is not in bootloader mode) or choose"),
        Msg("mp_repl_unresponsive", r"Device is busy or does not respond|Device is busy -- can't perform this action now|"
            r"Device is busy or not respon", strength="strong", fail=True,
            example="Device is busy or does not respond. Your options:"),
        Msg("mp_backend_error", r"PROBLEM (?:IN|WITH) THONNY'S BACK-END:?(?: Internal error \((?P<text>[^\n]{1,300})\))?", strength="strong",
            fail=True, example="PROBLEM IN THONNY'S BACK-END: Internal error (serial.serialutil.SerialTimeoutException: Write timeout)."),
        Msg(None, r"^Backend terminated or disconnected\.", example="Backend terminated or disconnected. Use 'Stop/Restart' to restart."),
        Msg(None, r"^Process ended with exit code", benign=True, example="Process ended with exit code 1."),
        Msg(None, r"^See Thonny's backend\.log for more info", example="See Thonny's backend.log for more info."),
        Msg(None, r"^You may need to press \"Stop/Restart\" or hard-reset your MicroPython device",
            example='You may need to press "Stop/Restart" or hard-reset your MicroPython device and try again.'),
    ),
    group(
        "mpremote 1.x main.py/transport_serial.py, pyboard.py (also vendored by ampy, rshell, Thonny, PyCharm's microupload)",
        Msg("mp_connected", r"^Connected to MicroPython at (?P<port>\S+)", strength="strong",
            example="Connected to MicroPython at /dev/ttyACM0"),
        Msg(None, r"^Use Ctrl-\](?: or Ctrl-x)? to exit this shell", strength="strong", example="Use Ctrl-] or Ctrl-x to exit this shell"),
        Msg("mp_device_not_found", r"^mpremote: no device found", strength="strong", fail=True, example="mpremote: no device found"),
        # the source line a traceback quotes above the exception (`raise PyboardError('could not enter raw repl')`): not the message
        Msg(None, r"^raise (?:Pyboard|Transport)Error\(", example="raise PyboardError('could not enter raw repl')"),
        Msg("mp_repl_unresponsive", r"(?i)could not enter raw repl", strength="strong", fail=True,
            example="mpremote.transport.TransportError: could not enter raw repl"),
    ),
    group(
        "Mu editor 1.0-1.2 mu/interface/main.py and modes (Pico / RP2040, ESP, CircuitPython modes), in its dialog and its log",
        Msg("mp_device_not_found", r"Could not find an attached (?:[\w-]+ )?device", strength="strong", fail=True,
            example="2022-07-19 12:14:33,682 - mu.interface.main:723(show_message) DEBUG: Could not find an attached device."),
    ),
    group(
        "rshell 0.0.2x-0.0.3x main.py (connect, autoscan, and its file commands)",
        Msg("mp_connecting", r"^Connecting to (?P<port>\S+) \(buffer-size \d+\)", strength="strong",
            example="Connecting to /dev/ttyACM0 (buffer-size 512)..."),
        Msg("mp_connected", r"^Trying to connect to REPL\s+connected", strength="strong", example="Trying to connect to REPL  connected"),
        Msg("mp_repl_unresponsive", r"Unable to connect to REPL", strength="strong", fail=True,
            example="Trying to connect to REPL ....................Unable to connect to REPL"),
        Msg("mp_connected", r"^Retrieving sysname \.\.\. (?P<board>\w+)", strength="strong", example="Retrieving sysname ... rp2"),
        Msg(None, r"^Welcome to rshell\.", strength="strong", example="Welcome to rshell. Use Control-D (or the exit command) to exit rshell."),
        Msg("mp_device_not_found", r"^No MicroPython boards connected", strength="strong", fail=True,
            example="No MicroPython boards connected - use the connect command to add one"),
        # a file command's answer about a file on the board (cat, cp, rm of a path that is not there): no connection failure
        Msg(None, r"^File '[^']{1,300}' doesn't exist", benign=True, example="File '/pyboard/this.machine.cfg' doesn't exist"),
    ),
)


@register
class MicroPythonToolsParser(TableParser):
    name = "micropython-tools"
    namespace = "serial"
    messages = MESSAGES
    hints = ("micropython", "circuitpython", "thonny", "repl", "mpremote", "rshell", "find the device", "busy", "find port", "attached",
             "failed to access", "buffer-size", "sysname", "traceback", "keyboardinterrupt", "to exit this shell")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.s: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "mp_banner" and ev.get("chip"):
            ev["chip"] = ev["chip"].lower()
            self.s.setdefault("mcu", ev["chip"])

    def summary(self) -> dict[str, Any]:
        s = dict(self.s)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        elif any(e["kind"] in ("mp_banner", "mp_connected") for e in self.events):
            s["success"] = True
        return s
