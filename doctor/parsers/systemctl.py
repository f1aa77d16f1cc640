"""`systemctl status UNIT` (header, Loaded:, Active:, Main PID:, CGroup: tree and the journal lines below it),
`systemctl is-active UNIT...` (with its command line), `systemctl list-units` rows and
`Unit X.service could not be found.` -> host.services {unit: state} and host.processes.

Journal lines of the status output (ModemManager probing ttyACM0, brltty, kernel) are handed to the kernel
log parser's message classifier, so they become the same `kernel.events` a pasted journal gives.
Unit names are kept without `.service` (`ModemManager`, `brltty-udev`, `klipper`); other unit types keep
their suffix (`brltty.path`). States are the first word of `Active:` (active, inactive, failed...), or
`not-found` / `masked`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register
from doctor.parsers.kernel_log import parse_message, split_prefix

_UNIT = r"[\w@.:\\\-]+?"
_HEADER = re.compile(rf"^[●○×*↻]?\s*(?P<unit>{_UNIT}\.(?:service|path|socket|timer))(?: - (?P<desc>.*))?$")
_LOADED = re.compile(rf"^Loaded: (?P<load>\S+)(?: \((?:[^;)]*/)?(?P<unit>{_UNIT}\.(?:service|path|socket|timer))?)?")
_ACTIVE = re.compile(r"^Active: (?P<state>active|inactive|failed|activating|deactivating|reloading|maintenance)\b(?: \((?P<sub>[^)]*)\))?")
_MAIN_PID = re.compile(r"^Main PID: (?P<pid>\d+)(?: \((?P<comm>[^)]*)\))?")
_CGROUP = re.compile(rf"^CGroup: \S*?/(?P<unit>{_UNIT}\.(?:service|scope))\b")
_TREE = re.compile(r"^[│├└`|\-─ ]*[└├`|]\s*[─-]\s*(?P<pid>\d+) (?P<cmd>.+)$")
_NOT_FOUND = re.compile(rf"Unit (?P<unit>{_UNIT}\.(?:service|path|socket|timer)) could not be found")
# (thin-can s15) systemctl start/enable/restart of a masked unit (systemd 232-256, src/systemctl): "Failed to start
# systemd-networkd.service: Unit systemd-networkd.service is masked."
_MASKED = re.compile(rf"Failed to \w+ {_UNIT}\.(?:service|path|socket|timer): Unit (?P<unit>{_UNIT}\.(?:service|path|socket|timer)) is masked")
_COMMAND = re.compile(r"^(?:\S*[$#]\s*)?(?:sudo\s+)?systemctl\s+(?:--\S+\s+)*(?P<verb>is-active|status|is-enabled|is-failed)\s+(?P<units>[^|;&>]+)")
_BARE_STATE = re.compile(r"^(?P<state>active|inactive|failed|activating|deactivating|unknown|reloading)$")
_LIST_ROW = re.compile(rf"^[●*]?\s*(?P<unit>{_UNIT}\.(?:service|path|socket))\s+(?P<load>loaded|not-found|masked|error)\s+(?P<active>active|inactive|failed|activating|deactivating)\s+\S+")


def unit_key(unit: str) -> str:
    """The key of host.services for a unit name: `.service` dropped, other suffixes kept."""
    unit = unit.strip()
    return unit[: -len(".service")] if unit.endswith(".service") else unit


@register
class SystemctlParser(Parser):
    name = "systemctl"
    namespace = "host"
    strong = (
        rf"^\s*[●○×*↻]\s*{_UNIT}\.(?:service|path|socket|timer) - ",
        r"^\s*Loaded: (?:loaded|not-found|masked|error|bad-setting) \(",
        r"^\s*Active: (?:active|inactive|failed|activating|deactivating|reloading|maintenance) \(",
        rf"Unit {_UNIT}\.(?:service|path|socket|timer) could not be found",
        rf"Failed to \w+ {_UNIT}\.(?:service|path|socket|timer): Unit {_UNIT}\.(?:service|path|socket|timer) is masked",
        r"^\s*(?:\S*[$#]\s*)?(?:sudo\s+)?systemctl\s+(?:--\S+\s+)*(?:is-active|status|is-failed)\s+\S",
        rf"^\s*(?:[●*]\s*)?[\w@.:\\\-]+\.service\s+(?:loaded|not-found|masked)\s+(?:active|inactive|failed)\s+\w+",  # no two adjacent \s*: linear
    )
    weak = (
        r"^\s*CGroup: /",
        r"^\s*Main PID: \d+",
        r"^\s*(?:Docs|Tasks|Memory|CPU|TriggeredBy|Triggers|Process|Status): ",
    )
    hints = ("loaded:", "active:", "cgroup:", "main pid", "systemctl", ".service", ".path -", "could not be found", "is masked")
    event_kinds = ()

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.services: dict[str, str] = {}
        self.processes: list[dict[str, Any]] = []
        self._unit: str | None = None  # the unit the status block is about
        self._pending_state: str | None = None  # Active: seen before the unit name was known
        self._asked: list[str] = []  # units of a `systemctl is-active A B` command, answered in order

    def _set(self, state: str) -> None:
        if self._unit:
            self.services[unit_key(self._unit)] = state
            self._pending_state = None
        else:
            self._pending_state = state

    def _unit_found(self, unit: str) -> None:
        if self._unit and unit.split(".")[0].endswith("@") and self._unit.startswith(unit.split("@")[0] + "@"):
            return  # (deepen-misc s17) Loaded: names the template file (serial-getty@.service) of the instance in the header
        if self._unit is None or unit_key(self._unit) != unit_key(unit):
            self._unit = unit
            if self._pending_state:
                self.services[unit_key(unit)] = self._pending_state
                self._pending_state = None

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 2000:
            return
        m = _COMMAND.match(text)
        if m:
            units = [u for u in m.group("units").split() if not u.startswith("-")]
            if m.group("verb") in ("is-active", "is-failed"):
                self._asked = units
            elif units:
                self._unit, self._pending_state = units[0], None
            return
        m = _BARE_STATE.match(text)
        if m and self._asked:
            self.services[unit_key(self._asked.pop(0))] = m.group("state")
            return
        m = _NOT_FOUND.search(text)
        if m:
            self.services[unit_key(m.group("unit"))] = "not-found"
            return
        m = _MASKED.search(text)
        if m:
            self.services[unit_key(m.group("unit"))] = "masked"
            return
        m = _LIST_ROW.match(text)
        if m:
            state = m.group("active") if m.group("load") == "loaded" else m.group("load")
            self.services[unit_key(m.group("unit"))] = state
            return
        m = _HEADER.match(text)
        if m:
            self._unit, self._pending_state = m.group("unit"), None
            return
        m = _LOADED.match(text)
        if m:
            if m.group("unit"):
                self._unit_found(m.group("unit"))
            if m.group("load") in ("not-found", "masked"):
                self._set(m.group("load"))
            return
        m = _ACTIVE.match(text)
        if m:
            self._set(m.group("state"))
            return
        m = _MAIN_PID.match(text)
        if m:
            self._process(int(m.group("pid")), m.group("comm") or "", "")
            return
        m = _CGROUP.match(text)
        if m:
            self._unit_found(m.group("unit"))
            return
        m = _TREE.match(text)
        if m:
            cmd = m.group("cmd").strip()
            comm = cmd.split()[0].rsplit("/", 1)[-1] if cmd else ""
            self._process(int(m.group("pid")), comm, cmd)
            if self._unit is None and comm:
                self._unit_found(comm + ".service")
            return
        proc, msg, t = split_prefix(text)
        result = parse_message(proc, msg)
        if result is not None:
            kind, attrs = result
            if t is not None:
                attrs["time"] = t
            self.event(kind, lineno, line, **attrs)
            if self._unit is None and proc not in ("kernel", ""):
                self._unit_found(proc + ".service")

    def _process(self, pid: int, comm: str, cmd: str) -> None:
        if len(self.processes) >= 200:
            return
        for p in self.processes:
            if p["pid"] == pid:
                if cmd:
                    p["cmdline"] = cmd[:300]
                return
        item: dict[str, Any] = {"pid": pid, "comm": comm[:64]}
        if cmd:
            item["cmdline"] = cmd[:300]
        if self._unit:
            item["unit"] = self._unit
        self.processes.append(item)

    def finish(self) -> dict[str, Any]:
        if self._pending_state and self.processes:
            comm = self.processes[0].get("comm") or ""
            if comm:
                self.services[unit_key(comm)] = self._pending_state
        for p in self.processes:
            if self._unit and "unit" not in p:
                p["unit"] = self._unit
        out: dict[str, Any] = {}
        host: dict[str, Any] = {}
        if self.services:
            host["services"] = self.services
        if self.processes:
            host["processes"] = self.processes
        if host:
            host["origin"] = "pasted"
            out["host"] = host
        if self.events:
            out["kernel"] = {"events": self.events}
        return out
