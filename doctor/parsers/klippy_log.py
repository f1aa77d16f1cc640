"""klippy.log: Klipper's host log, streamed (a 50 MB log is read line by line and never held).

Memory is bounded: the parser keeps counts per event kind, the first event of each (kind, MCU) pair
and the last MAX_RECENT events, the MCUs' identification lines, and the `[mcu]` sections of the last
config dump the log holds. The bulk of a long log (`Stats ...` lines) costs one `startswith`.

Facts: `klipper.log` {lines, counts, version, mcus: [{name, mcu, version, clock_freq, canbus_frequency,
serial_baud}], events}, and `klipper.printer_cfg.mcus` from the embedded config. Event kinds:
mcu_shutdown (name, reason), serial_open_failed (name, errno, device), mcu_connect_timeout,
mcu_unable_to_connect, mcu_can_open_failed (errno), mcu_lost_communication, mcu_protocol_error,
can_write_error (errno 105: the CAN transmit queue overflowed), timer_in_past.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from doctor.parsers import Parser, register

MAX_RECENT = 100
MAX_FIRST = 200

_KEY = re.compile(
    r"(?:Transition to shutdown state: |Previous )?(?:"
    r"MCU '(?P<sd_name>[^']+)' shutdown: (?P<sd_reason>.*)"
    r"|mcu '(?P<m_name>[^']+)': (?P<m_msg>.*)"
    r"|(?:Lost communication with|Timeout with) MCU '(?P<lost>[^']+)'"
    r"|Loaded MCU '(?P<ld_name>[^']+)' \d+ commands \((?P<ld_ver>[^ /)]+)"
    r"|MCU '(?P<cf_name>[^']+)' config: (?P<cf>.*)"
    r"|(?P<proto>MCU Protocol error)"
    r"|Got error -?\d+ in can write: \((?P<can_errno>\d+)\)"
    r"|(?P<cfg_start>===== Config file =====)"
    r"|Git version: '?(?P<git>[^'\s]+)"
    r"|(?P<resched>Rescheduled timer in the past)"
    r")"
)
_ERRNO = re.compile(r"\[Errno (\d+)\]")
_PORT = re.compile(r"could not open port (\S+?):|: '(/dev/[^']+)'|(/dev/\S+)")
_CONFIG_KEYS = {"MCU": "mcu", "CLOCK_FREQ": "clock_freq", "CANBUS_FREQUENCY": "canbus_frequency", "SERIAL_BAUD": "serial_baud"}


@register
class KlippyLogParser(Parser):
    name = "klippy.log"
    namespace = "klipper"
    strong = (
        r"^Stats \d+(?:\.\d+)?: gcodein=",
        r"^Starting Klippy\.\.\.",
        r"^Args: \[",
        r"^Git version: ",
        r"^===== Config file =====",
        r"^(?:Transition to shutdown state: )?MCU '[^']+' shutdown: ",
        r"^mcu '[^']+': (?:Unable to open (?:serial |CAN )?port|Timeout on connect|Unable to connect|Starting (?:serial |CAN )?connect)",
        r"^(?:Lost communication with|Timeout with) MCU '",
        r"^Loaded MCU '[^']+' \d+ commands",
        r"^MCU '[^']+' config: ",
        r"^Got error -?\d+ in can write",
        r"^=+ Log rollover at ",
        r"^MCU Protocol error",
    )
    # The bulk of a long log: a Stats line a second while Klipper runs, the serial dumps of every shutdown
    # ("Sent N t t n: seq: ...", "Receive: N t t n: seq: ..."), Moonraker's connections and G-code states.
    bulk = ("Stats ", "Receive: ", "Sent ", "webhooks client ", "gcode state: ", "Dumping ")
    bulk_regions = (("===== Config file =====", "======================="),)  # dumped at every start
    weak = (r"^Start printer at ", r"^webhooks client \d+: ", r"^Restarting printer", r"^Dumping serial stats")
    event_kinds = (
        "mcu_shutdown",
        "serial_open_failed",
        "mcu_connect_timeout",
        "mcu_unable_to_connect",
        "mcu_can_open_failed",
        "mcu_lost_communication",
        "mcu_protocol_error",
        "can_write_error",
        "timer_in_past",
    )

    def __init__(self, source: str) -> None:
        # imported here, not at module level: importing another parser module first would register it
        # ahead of this one and change which parser wins a line both claim strongly
        from doctor.parsers.printer_cfg import McuSections

        super().__init__(source)
        self._sections = McuSections
        self.lines = 0
        self.counts: dict[str, int] = {}
        self.first: dict[tuple[str, str], dict[str, Any]] = {}
        self.recent: deque[dict[str, Any]] = deque(maxlen=MAX_RECENT)
        self.mcus: dict[str, dict[str, Any]] = {}
        self.version: str | None = None
        self.config = McuSections(source)
        self.config_lines: Any = None
        self.last_shutdown: tuple[str, str, int] | None = None

    def _record(self, kind: str, lineno: int, line: str, **attrs: Any) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        ev = {"kind": kind, "line": line.strip()[:500], "lineno": lineno, "source": self.source}
        ev.update({k: v for k, v in attrs.items() if v is not None})
        key = (kind, str(attrs.get("name")))
        if key not in self.first and len(self.first) < MAX_FIRST:
            self.first[key] = ev
        else:
            self.recent.append(ev)

    def feed(self, lineno: int, line: str) -> None:
        self.lines += 1
        if line.startswith("Stats "):
            return
        if self.config_lines is not None:
            if line.startswith("======================="):
                self.config = self.config_lines
                self.config_lines = None
            else:
                self.config_lines.feed(lineno, line)
            return
        m = _KEY.match(line)
        if m is None:
            return
        g = m.groupdict()
        if g["sd_name"] is not None:
            name, reason = g["sd_name"], g["sd_reason"].strip()
            if self.last_shutdown and self.last_shutdown[:2] == (name, reason) and lineno - self.last_shutdown[2] < 50:
                return  # the same shutdown reported again by "Transition to shutdown state"
            self.last_shutdown = (name, reason, lineno)
            self._record("mcu_shutdown", lineno, line, name=name, reason=reason[:200])
        elif g["m_name"] is not None:
            self._mcu_message(lineno, line, g["m_name"], g["m_msg"])
        elif g["lost"] is not None:
            self._record("mcu_lost_communication", lineno, line, name=g["lost"])
        elif g["ld_name"] is not None:
            self.mcus.setdefault(g["ld_name"], {"name": g["ld_name"]})["version"] = g["ld_ver"]
        elif g["cf_name"] is not None:
            info = self.mcus.setdefault(g["cf_name"], {"name": g["cf_name"]})
            info["line"] = line.strip()[:300]
            info["source"] = self.source
            for token in g["cf"].split():
                key, _, value = token.partition("=")
                field = _CONFIG_KEYS.get(key)
                if field is None:
                    continue
                if field == "mcu":
                    info["mcu"] = value
                else:
                    try:
                        info[field] = int(float(value))
                    except ValueError:
                        pass
        elif g["proto"] is not None:
            self._record("mcu_protocol_error", lineno, line)
        elif g["can_errno"] is not None:
            self._record("can_write_error", lineno, line, errno=int(g["can_errno"]))
        elif g["cfg_start"] is not None:
            self.config_lines = self._sections(self.source)
        elif g["git"] is not None:
            self.version = g["git"]
        elif g["resched"] is not None:
            self._record("timer_in_past", lineno, line)

    def _mcu_message(self, lineno: int, line: str, name: str, msg: str) -> None:
        if msg.startswith(("Unable to open serial port", "Unable to open port")):
            e = _ERRNO.search(msg)
            p = _PORT.search(msg)
            device = next((x for x in p.groups() if x), None) if p else None
            from doctor.parsers.serial_errors import classify as classify_serial

            found = classify_serial(msg)
            kind, attrs = found if found else ("serial_open_failed", {})
            attrs = {k: v for k, v in attrs.items() if k not in ("name", "line", "lineno", "source", "kind")}
            attrs.setdefault("errno", int(e.group(1)) if e else None)
            attrs.setdefault("port", device)
            self._record(kind, lineno, line, name=name, device=device, **attrs)
        elif msg.startswith("Unable to open CAN port"):
            e = _ERRNO.search(msg)
            self._record("mcu_can_open_failed", lineno, line, name=name, errno=int(e.group(1)) if e else None)
        elif msg.startswith("Timeout on connect"):
            self._record("mcu_connect_timeout", lineno, line, name=name)
        elif msg.startswith("Unable to connect"):
            self._record("mcu_unable_to_connect", lineno, line, name=name)

    def finish(self) -> dict[str, Any]:
        if self.config_lines is not None and self.config_lines.mcus:
            self.config = self.config_lines  # a log cut inside its config dump
        seen: set[int] = set()
        events = []
        for ev in sorted([*self.first.values(), *self.recent], key=lambda e: e["lineno"]):
            if ev["lineno"] not in seen:
                seen.add(ev["lineno"])
                events.append(ev)
        log: dict[str, Any] = {
            "path": self.source,
            "source": self.source,
            "origin": "pasted",
            "lines": self.lines,
            "counts": dict(self.counts),
            "events": events,
        }
        if self.version:
            log["version"] = self.version
        if self.mcus:
            log["mcus"] = list(self.mcus.values())
        out: dict[str, Any] = {"log": log}
        if self.config.mcus:
            out["printer_cfg"] = {"path": self.source, "mcus": self.config.mcus, "origin": "pasted"}
        return {"klipper": out}
