"""Klipper's scripts/canbus_query.py (and python-can errors printed by any CAN host tool).

Facts: `can.queries` gets one run (tool "canbus_query") with `found` = the "Total N uuids found" count,
`can.nodes` gets every "Found canbus_uuid=..." line, and `can.events` the socket errors: Errno 100
(network down: the interface exists but is not up), Errno 19 (no such device: the interface does not
exist) and Errno 105 (no buffer space: the transmit queue overflowed).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_FOUND = re.compile(r"Found canbus_uuid=([0-9a-fA-F]{12})(?:,\s*Application:\s*(\S+))?")
_TOTAL = re.compile(r"Total (\d+) uuids? found")
_ERRNO = re.compile(r"\[Errno (\d+)\]\s*([^'\"\n]*)")
_IFACE = re.compile(r"(?:interface|channel|device)[ =:'\"]+(v?can\d+)", re.I)
_ARGV = re.compile(r"canbus_query\.py\s+(v?can\d+)")

_ERRNO_KIND = {100: "can_network_down", 19: "can_no_device", 105: "can_no_buffer", 6: "can_no_device"}


@register
class CanbusQueryParser(Parser):
    name = "canbus_query"
    namespace = "can"
    strong = (
        r"^Found canbus_uuid=[0-9a-fA-F]{12}",
        r"^Total \d+ uuids? found",
        r"canbus_query\.py",
        r"^(?:OSError|can\.CanError|can\.CanOperationError|can\.exceptions\.\w+|CanOperationError)\b.*\[Errno (?:100|19|105|6)\]",
        r"Failed to transmit: \[Errno \d+\]",
    )
    weak = (r"\[Errno (?:100|19|105)\] (?:Network is down|No such device|No buffer space available)",)
    event_kinds = ("can_uuid_found", "can_query_total", "can_network_down", "can_no_device", "can_no_buffer", "can_query_error")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.found: int | None = None
        self.nodes: list[dict[str, Any]] = []
        self.interface: str | None = None
        self.seen_errno: set[int] = set()

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        m = _ARGV.search(text)
        if m:
            self.interface = m.group(1)
        m = _FOUND.search(text)
        if m:
            uuid = m.group(1).lower()
            self.event("can_uuid_found", lineno, text, uuid=uuid, application=m.group(2))
            self.nodes.append({"uuid": uuid, "application": m.group(2), "line": text, "source": self.source})
            return
        m = _TOTAL.search(text)
        if m:
            self.found = int(m.group(1))
            self.event("can_query_total", lineno, text, count=self.found)
            return
        m = _ERRNO.search(text)
        if m:
            errno = int(m.group(1))
            kind = _ERRNO_KIND.get(errno)
            if kind is None:
                if "Error" in text:
                    self.event("can_query_error", lineno, text, errno=errno, text=m.group(2).strip()[:200])
                return
            iface = _IFACE.search(text)
            if errno in self.seen_errno and not iface:
                return  # the same error repeated by the traceback's chained exception
            self.seen_errno.add(errno)
            self.event(kind, lineno, text, errno=errno, interface=iface.group(1) if iface else None)

    def finish(self) -> dict[str, Any]:
        interface = self.interface
        for ev in self.events:
            ev.setdefault("interface", interface) if interface else None
        for node in self.nodes:
            if interface:
                node["interface"] = interface
        run = self.run(found=self.found, interface=interface)
        out: dict[str, Any] = {"queries": [run]}
        if self.nodes:
            out["nodes"] = self.nodes
        return {"can": out}
