"""Who holds a tty: `fuser -v /dev/ttyACM0`, plain `fuser /dev/ttyACM0`, `lsof /dev/ttyACM0`
-> serial.ports [{device, holders: [{pid, comm, user, access}]}] (the same field the live serial probe fills
from /proc/*/fd)."""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_FUSER_HEADER = re.compile(r"^\s*USER\s+PID\s+ACCESS\s+COMMAND\s*$")
_FUSER_FIRST = re.compile(r"^(?P<path>/\S+?):\s+(?P<user>\S+)\s+(?P<pid>\d+|kernel)\s+(?P<access>[Ffcerm.]{1,6})\s+(?P<cmd>\S.*?)\s*$")
_FUSER_MORE = re.compile(r"^\s+(?P<user>\S+)\s+(?P<pid>\d+)\s+(?P<access>[Ffcerm.]{1,6})\s+(?P<cmd>\S.*?)\s*$")
_FUSER_PLAIN = re.compile(r"^(?P<path>/\S+?):\s*(?P<pids>(?:\s*\d+[a-zA-Z]*)+)\s*$")
_LSOF_HEADER = re.compile(r"^COMMAND\s+PID\s+(?:TID\s+(?:TASKCMD\s+)?)?USER\s+FD\s+TYPE\s+DEVICE\s+SIZE/OFF\s+NODE\s+NAME")
_LSOF_ROW = re.compile(r"^(?P<cmd>\S+)\s+(?P<pid>\d+)\s+(?:\d+\s+(?:\S+\s+)?)?(?P<user>\S+)\s+(?P<fd>\d+[rwu]?|\w+)\s+CHR\s+\d+,\d+\s+\S+\s+\d+\s+(?P<name>/\S+)")


@register
class FuserParser(Parser):
    name = "fuser"
    namespace = "serial"
    strong = (
        r"^\s*USER\s+PID\s+ACCESS\s+COMMAND\s*$",
        r"^COMMAND\s+PID\s+(?:TID\s+(?:TASKCMD\s+)?)?USER\s+FD\s+TYPE\s+DEVICE\s+SIZE/OFF\s+NODE\s+NAME",
        r"^/dev/(?:tty\w+|serial/by-\w+/\S+):\s+\S+\s+\d+\s+[Ffcerm.]{5}\s+\S",
        r"^/dev/(?:tty\w+|serial/by-\w+/\S+):(?:\s+\d+[a-zA-Z]*)+\s*$",
    )
    weak = (
        r"^\s+\S+\s+\d+\s+[Ffcerm.]{5}\s+\S",
        r"^\S+\s+\d+\s+\S+\s+\d+[rwu]\s+CHR\s+\d+,\d+\s",
    )
    hints = ("user", "command", "/dev/", " chr ", "f....")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.ports: dict[str, dict[str, Any]] = {}
        self._path: str | None = None

    def _holder(self, path: str, line: str, **holder: Any) -> None:
        if path not in self.ports and len(self.ports) >= 200:
            return
        port = self.ports.setdefault(path, {"device": path, "holders": [], "origin": "pasted", "source": self.source, "line": line.strip()[:500]})
        if len(port["holders"]) < 100 and not any(h.get("pid") == holder.get("pid") for h in port["holders"]):
            port["holders"].append({k: v for k, v in holder.items() if v not in (None, "")})

    def feed(self, lineno: int, line: str) -> None:
        if len(line) > 2000 or _FUSER_HEADER.match(line) or _LSOF_HEADER.match(line):
            return
        m = _FUSER_FIRST.match(line)
        if m:
            self._path = m.group("path")
            if m.group("pid") != "kernel":
                self._holder(self._path, line, pid=int(m.group("pid")), comm=m.group("cmd")[:64], user=m.group("user"), access=m.group("access"))
            return
        m = _FUSER_MORE.match(line)
        if m and self._path:
            self._holder(self._path, line, pid=int(m.group("pid")), comm=m.group("cmd")[:64], user=m.group("user"), access=m.group("access"))
            return
        m = _FUSER_PLAIN.match(line.strip())
        if m:
            for word in m.group("pids").split():
                digits = re.match(r"\d+", word)
                if digits:
                    self._holder(m.group("path"), line, pid=int(digits.group(0)))
            return
        m = _LSOF_ROW.match(line.strip())
        if m:
            self._holder(m.group("name"), line, pid=int(m.group("pid")), comm=m.group("cmd")[:64], user=m.group("user"), access=m.group("fd"))

    def finish(self) -> dict[str, Any]:
        ports = [p for p in self.ports.values() if p["holders"]]
        return {"serial": {"ports": ports}} if ports else {}
