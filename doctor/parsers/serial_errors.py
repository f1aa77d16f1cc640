"""Messages of the programs that open serial ports: pyserial (and everything built on it: OctoPrint,
Pronterface/Printrun, klippy, Katapult flashtool.py, esptool), avrdude's ser_open(), terminals (picocom,
minicom, screen), the Arduino IDE. Each message becomes an event of a run under `serial.runs`.

Kinds (port = the path the program tried, errno when the text gives one):
- serial_permission_denied: `[Errno 13] Permission denied: '/dev/ttyACM0'`, `No permission to access device`,
  `ser_open(): can't open device "/dev/ttyACM0": Permission denied`, `cannot open /dev/ttyUSB0: Permission denied`
- serial_port_locked: `Could not exclusively lock port /dev/... [Errno 11] Resource temporarily unavailable`
- serial_multiple_access: `device reports readiness to read but returned no data (device disconnected or
  multiple access on port?)`
- serial_port_busy: `[Errno 16] Device or resource busy`, `(Port busy)`
- serial_in_use: Katapult's `Serial device /dev/ttyACM0 in use by another program.` block, with the holder's
  `Process ID:`, `Process Systemd Unit Name:`, `Command Line:` or `Executable:` (also recorded as the port's
  `holders` under serial.ports)
- serial_no_such_port: `[Errno 2] No such file or directory: '/dev/ttyUSB0'`, `No Serial Device found at ...`,
  `(Port not found)`, `[Errno 19] No such device` on a tty
- serial_tty_not_found: `Unable to find tty device`
- serial_io_error: `[Errno 5] Input/output error` on a port
- serial_open_failed: `could not open port ...` with no cause the text names

`classify(line)` is public: parsers of tools that print these messages inside their own output (klippy.log,
flashtool, avrdude) call it so that one wording maps to one event kind everywhere.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

EVENT_KINDS = (
    "serial_permission_denied", "serial_port_locked", "serial_multiple_access", "serial_port_busy",
    "serial_in_use", "serial_no_such_port", "serial_tty_not_found", "serial_io_error", "serial_open_failed",
)

_SERIAL_PATH = r"(?:/dev/(?:tty\w+|serial/by-(?:id|path)/\S+|rfcomm\d+|pts/\d+|cu\.\S+)|/tmp/klipper_host_mcu|/tmp/\w*serial\w*|COM\d+)"
_PATH_RX = re.compile(_SERIAL_PATH)
_QUOTED_PATH = re.compile(r"""['"](?P<p>/[^'"\s]+|COM\d+)['"]""")
_PORT_WORD = re.compile(r"\bport '?(?P<p>/\S+?|COM\d+)'?(?::|,|\s|$)")
_ERRNO = re.compile(r"\[Errno (\d+)\]|\bOSError\((\d+),|\berror\((\d+),|PermissionError\((\d+),")
_SERIAL_CONTEXT = re.compile(r"(?i)serial|could not open port|\bport\b|/dev/tty|/dev/serial|klipper_host_mcu|ser_open|\bCOM\d")

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("serial_port_locked", re.compile(r"(?i)could not exclusively lock port")),
    ("serial_multiple_access", re.compile(r"(?i)device reports readiness to read but returned no data|multiple access on port\?")),
    ("serial_in_use", re.compile(r"(?i)(?:serial device|device) (?P<p>\S+) (?:is )?in use by another (?:program|process)|FlashError: Serial device (?P<p2>\S+) in use")),
    ("serial_tty_not_found", re.compile(r"(?i)unable to find tty device")),
    ("serial_permission_denied", re.compile(r"(?i)no permission to access device|permission denied|\bEACCES\b")),
    ("serial_port_busy", re.compile(r"(?i)device or resource busy|\(port busy\)|\bEBUSY\b|port is busy|resource busy")),
    ("serial_no_such_port", re.compile(r"(?i)no such file or directory|no serial device found at|\(port not found\)|no such device|port doesn't exist|is not available")),
    ("serial_io_error", re.compile(r"(?i)input/output error|\bEIO\b")),
    ("serial_open_failed", re.compile(r"(?i)could not open port|can't open device|cannot open (?:line )?'?(?:/dev/|COM)|error opening serial port|unable to open serial port|failed to open (?:serial )?port")),
]
_ERRNO_KIND = {13: "serial_permission_denied", 16: "serial_port_busy", 2: "serial_no_such_port", 19: "serial_no_such_port", 5: "serial_io_error"}

_HOLDER = re.compile(r"^\s*(?:Process ID|PID): (?P<pid>\d+)|^\s*Process Systemd Unit Name: (?P<unit>\S+)|^\s*(?:Command Line|Executable|Process Command Line): (?P<cmd>.+)$")

_TOOLS = (
    ("octoprint", re.compile(r"(?i)octoprint|comm\.py|Unexpected error while connecting to serial port|Failed to autodetect")),
    ("pronterface", re.compile(r"(?i)pronterface|printrun|printcore|Could not connect to \S+ at baudrate")),
    ("klippy", re.compile(r"(?i)klippy|serialhdl|Unable to open serial port")),
    ("flashtool", re.compile(r"(?i)flashtool|flash_can|Flash Tool Error|FlashError|in use by another program|No Serial Device found")),
    ("avrdude", re.compile(r"(?i)avrdude|ser_open\(\)")),
    ("esptool", re.compile(r"(?i)esptool|A fatal error occurred")),
    ("picocom", re.compile(r"(?i)picocom|FATAL: cannot open")),
    ("minicom", re.compile(r"(?i)minicom")),
    ("screen", re.compile(r"(?i)Cannot open line|\[screen")),
    ("arduino", re.compile(r"(?i)Error opening serial port|Board at \S+ is not available")),
)


def _clean(path: str) -> str:
    return path.strip().rstrip("'\".,:;)]").lstrip("'\"(")


def _port(line: str) -> str | None:
    m = _QUOTED_PATH.search(line)
    if m and (_PATH_RX.match(m.group("p")) or m.group("p").startswith("/dev/")):
        return _clean(m.group("p"))
    m = _PORT_WORD.search(line)
    if m:
        return _clean(m.group("p"))
    m = _PATH_RX.search(line)
    if m:
        return _clean(m.group(0))
    return None


def classify(line: str) -> tuple[str, dict[str, Any]] | None:
    """The event (kind, {port, errno}) a message about opening a serial port means, or None."""
    if len(line) > 2000:
        line = line[:2000]
    errnos = [int(next(g for g in m.groups() if g)) for m in _ERRNO.finditer(line)]
    kind = None
    for k, rx in _RULES:
        m = rx.search(line)
        if m:
            kind = k
            if k == "serial_in_use":
                p = m.group("p") or m.group("p2")
                return k, {"port": _clean(p) if p else _port(line)}
            break
    if kind in (None, "serial_open_failed"):
        for e in reversed(errnos):
            if e in _ERRNO_KIND:
                kind = _ERRNO_KIND[e]
                break
    if kind is None:
        return None
    port = _port(line)
    if kind not in ("serial_port_locked", "serial_multiple_access", "serial_tty_not_found"):
        # a generic message (permission denied, no such file) only counts when it is about a serial port
        if not _SERIAL_CONTEXT.search(line) or (port is None and kind != "serial_open_failed" and "serial" not in line.lower()):
            return None
        if port is not None and port.startswith("/dev/") and not _PATH_RX.match(port) and kind != "serial_open_failed":
            return None  # e.g. /dev/bus/usb/...: raw USB access, not a tty (see the libusb parsers)
    attrs: dict[str, Any] = {"port": port}
    if errnos:
        attrs["errno"] = errnos[-1]
    elif kind == "serial_permission_denied":
        attrs["errno"] = 13
    return kind, attrs


@register
class SerialErrorsParser(Parser):
    name = "serial-open"
    namespace = "serial"
    strong = (
        r"(?i:could not exclusively lock port)",
        r"(?i:multiple access on port\?)",
        r"(?i:in use by another program)",
        r"(?i:could not open port)",
        r"(?i:(?:failed|unable) to open (?:the )?(?:serial )?port)",
        r"(?i:unable to find tty device)",
        r"(?i:no permission to access device|no serial device found at)",
        r"(?i:error opening serial port)",
        r"(?i:Could not connect to \S+ at baudrate)",
        r"(?i:cannot open (?:line )?'?/dev/tty)",
        r"\[Errno (?:13|16|11)\][^\n]*(?:/dev/tty|/dev/serial/|klipper_host_mcu)",
        r"(?i:Unexpected error while connecting to serial port)",
    )
    weak = (
        r"^\s*Process (?:ID|Systemd Unit Name): ",
        r"^\s*(?:Command Line|Executable): ",
        r"\[Errno \d+\][^\n]*(?:/dev/tty|/dev/serial/)",
        r"(?i:SerialException)",
        r"(?i:^\s*Serial error:)",
    )
    hints = ("port", "errno", "serial", "tty device", "process", "command line", "executable", "permission", "/dev/", "baudrate")
    event_kinds = EVENT_KINDS
    MAX_SAME = 20  # events kept of one kind on one port

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._tool: str | None = None
        self._in_use: dict[str, Any] | None = None
        self._holders: dict[str, list[dict[str, Any]]] = {}
        self._seen: dict[tuple[str, Any], int] = {}

    def feed(self, lineno: int, line: str) -> None:
        if len(line) > 2000:
            line = line[:2000]
        if self._tool is None:
            for tool, rx in _TOOLS:
                if rx.search(line):
                    self._tool = tool
                    break
        if self._in_use is not None:
            m = _HOLDER.match(line)
            if m:
                self._holder_line(m)
                return
        result = classify(line)
        if result is None:
            return
        kind, attrs = result
        if kind == "serial_in_use" and self._in_use is not None and self._in_use.get("port") == attrs.get("port"):
            return  # the FlashError repeating the same message
        if self._seen.get((kind, attrs.get("port")), 0) >= self.MAX_SAME:
            self._seen[(kind, attrs.get("port"))] += 1
            return  # a log repeating the same failure: the first few say it all (bounded memory)
        self._seen[(kind, attrs.get("port"))] = self._seen.get((kind, attrs.get("port")), 0) + 1
        ev = self.event(kind, lineno, line, **attrs)
        if kind == "serial_in_use":
            self._in_use = ev

    def _holder_line(self, m: re.Match[str]) -> None:
        ev = self._in_use
        assert ev is not None
        port = ev.get("port") or ""
        holders = self._holders.setdefault(port, [])
        if m.group("pid"):
            ev["pid_holder"] = int(m.group("pid"))
            holders.append({"pid": int(m.group("pid"))})
        elif holders:
            if m.group("unit"):
                ev["unit"] = m.group("unit")
                holders[-1]["unit"] = m.group("unit")
            elif m.group("cmd"):
                ev["command"] = m.group("cmd").strip()[:300]
                holders[-1]["cmdline"] = m.group("cmd").strip()[:300]
                holders[-1]["comm"] = _comm(m.group("cmd"))

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {"serial": {"runs": [self.run(tool=self._tool or "serial")]}}
        ports = []
        for port, holders in self._holders.items():
            if port and holders:
                del holders[50:]
                ports.append({"device": port, "holders": holders, "origin": "pasted", "source": self.source,
                              "line": (self._in_use or {}).get("line")})
        if ports:
            out["serial"]["ports"] = ports
        return out


def _comm(cmdline: str) -> str:
    """A process name from a command line: the script for interpreters (klippy.py, octoprint)."""
    words = cmdline.split()
    if not words:
        return ""
    first = words[0].rsplit("/", 1)[-1]
    if first.startswith("python") and len(words) > 1:
        for w in words[1:]:
            if not w.startswith("-"):
                return w.rsplit("/", 1)[-1]
    return first
