"""Klipper's scripts/canbus_query.py, and the python-can socket errors any CAN host tool prints.

Facts: `can.queries` gets one run (tool "canbus_query") with `found` = the "Total N uuids found" count,
`can.nodes` gets every "Found canbus_uuid=..." line, and the run's events the socket errors: Errno 100
(network down: the interface exists but is not up), Errno 19 / 6 (no such device: the interface does not
exist), Errno 105 (no buffer space: the transmit queue overflowed, or nothing on the bus acknowledges), in
python-can 3.x wording (`OSError: [Errno 100] Network is down`, `can.CanError: Failed to transmit: [Errno
100] ...`) and 4.x wording (`can.exceptions.CanOperationError: Failed to transmit: Network is down [Error
Code 100]`, its receive side `Error receiving: ...` / `Failed to receive: ...`, and `Transmit buffer full` when a
send's timeout ran out on a full queue), plus a klippy-env without python-can (`ModuleNotFoundError: No module named 'can'`).
klippy's own wrapper of these errors (`mcu 'x': Unable to open CAN port: ...`) marks the event `what = "open"` and
names the MCU: an Errno 105 there means not even the first frames left the host (nothing on the bus acknowledges),
not a transmit queue that a burst overflowed.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, flat_pieces, group, rows_of

_IFACE = re.compile(r"(?:interface|channel|device)[ =:'\"]+(v?can\d+)", re.I)

# klippy's CAN connect (klippy/serialhdl.py): "mcu 'EBBCan': Unable to open CAN port: <python-can error>"
_OPEN = re.compile(r"mcu '(?P<name>[^']{1,64})': Unable to open CAN port")

_EXC = r"(?:OSError|can\.CanError|CanError|(?:can\.(?:exceptions\.)?)?Can(?:Operation|Initialization)Error|FlashCanError)"

# a paste whose line breaks were lost (forum mirrors that flatten code blocks): cut the one line where canbus_query.py,
# python-can and Python's traceback start lines of their own
_FLAT_MIN = 160
_FLAT_START = re.compile(
    r"(?<=\s)(?=Traceback \(most recent call last\)|File [\"\u201c]|During handling of the above|Found canbus_uuid=|"
    r"Total \d+ uuids? found|SocketcanBus was not|(?:[\w.]*\.)?(?:OSError|CanError|CanOperationError|CanInitializationError|"
    r"ModuleNotFoundError|FlashCanError): )")

MESSAGES = rows_of(
    group(
        "Klipper scripts/canbus_query.py (2021-2025)",
        Msg(None, r"canbus_query\.py\s+(?P<interface>v?can\d+)", strength="strong", attrs={"role": "argv"},
            example="~/klippy-env/bin/python ~/klipper/scripts/canbus_query.py can0"),
        Msg("can_uuid_found", r"Found canbus_uuid=(?P<uuid>[0-9a-fA-F]{12})(?:,\s*Application:\s*(?P<application>\S+))?",
            strength="strong", example="Found canbus_uuid=44db3d634885, Application: Klipper"),
        Msg("can_query_total", r"Total (?P<count>\d+) uuids? found", strength="strong", convert=(("count", int),),
            example="Total 0 uuids found"),
        Msg(None, r"canbus_query\.py", strength="strong",
            example='  File "/home/pi/klipper/scripts/canbus_query.py", line 64, in <module>'),
    ),
    group(
        "python-can 3.x-4.x can/interfaces/socketcan/socketcan.py, can/exceptions.py: socket errors",
        *(row
          for kind, nums, words in (("can_network_down", "100", "Network is down"),
                                    ("can_no_device", "19|6", "No such device(?: or address)?"),
                                    ("can_no_buffer", "105", "No buffer space available"))
          for row in (
              Msg(kind, rf"^(?!.*/dev/).*?(?:{_EXC}\b.{{0,200}}?|Failed to transmit: )\[Errno (?P<errno>{nums})\]", strength="strong", fail=True,
                  convert=(("errno", int),), example=f"OSError: [Errno {nums.split('|')[0]}] {words.split('(')[0]}"),
              Msg(kind, rf"(?:Failed to transmit|Failed to receive|Error receiving|due to OS Error): (?:{words})(?: [^\[\n]{{0,80}})? \[Error Code (?P<errno>{nums})\]", strength="strong", fail=True,
                  convert=(("errno", int),),
                  example=f"can.exceptions.CanOperationError: Failed to transmit: {words.split('(')[0]} [Error Code {nums.split('|')[0]}]"),
              # (audit-serial-stacks s18) not libusb's ENODEV as pyusb words it, "[Errno 19] No such device (it may have been
              # disconnected)": a USB device that went away, no CAN socket
              Msg(kind, rf"^(?!.*(?:/dev/|\bUSB(?:Timeout)?Error\b|it may have been disconnected)).*?\[Errno (?P<errno>{nums})\] (?:{words})", strength="weak", fail=True, convert=(("errno", int),),
                  example=f"[Errno {nums.split('|')[0]}] {words.split('(')[0]}"),
          )),
        Msg("can_query_error", _EXC + r"\b.{0,200}?\[Errno (?P<errno>\d+)\]\s*(?P<text>[^'\"\n]{0,120})", strength="none", fail=True,
            convert=(("errno", int),), example="OSError: [Errno 22] Invalid argument"),
        Msg("can_query_error", r"Failed to transmit: (?P<text>[^\[\n]{1,80}?) ?\[Error Code (?P<errno>\d+)\]", strength="strong",
            fail=True, convert=(("errno", int),), example="can.exceptions.CanOperationError: Failed to transmit: Invalid argument [Error Code 22]"),
        # python-can 4.x SocketcanBus.send(timeout=...): the socket stayed unwritable (ENOBUFS) for the whole timeout
        Msg("can_no_buffer", r"Can(?:Operation)?Error: Transmit buffer full\b", strength="strong", fail=True,
            attrs={"errno": 105}, example="can.exceptions.CanOperationError: Transmit buffer full"),
        Msg("can_python_missing", r"No module named '?can'?$", strength="strong", fail=True,
            example="ModuleNotFoundError: No module named 'can'"),
        Msg(None, r"SocketcanBus was not properly shut down", strength="weak", benign=True,
            example="SocketcanBus was not properly shut down"),
    ),
)


@register
class CanbusQueryParser(TableParser):
    name = "canbus_query"
    namespace = "can"
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.found: int | None = None
        self.nodes: list[dict[str, Any]] = []
        self.interface: str | None = None
        self.seen_errno: set[int] = set()

    def feed(self, lineno: int, line: str) -> None:
        # the query and its traceback flattened onto one line (forum mirrors)
        pieces = flat_pieces(line.strip(), _FLAT_START, min_len=_FLAT_MIN, words=("Traceback", "uuids found", "Errno"))
        for piece in pieces or (line,):
            super().feed(lineno, piece)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if dict(row.attrs).get("role") == "argv":  # type: ignore[arg-type]
                self.interface = m.group("interface")
            return
        kind = ev["kind"]
        if kind == "can_uuid_found":
            ev["uuid"] = ev["uuid"].lower()
            self.nodes.append({"uuid": ev["uuid"], "application": ev.get("application"), "line": ev["line"], "source": self.source})
        elif kind == "can_query_total":
            self.found = ev["count"]
        elif "errno" in ev:
            errno = ev["errno"]
            iface = _IFACE.search(line)
            if errno in self.seen_errno and not iface:
                self.events.remove(ev)  # the same error repeated by the traceback's chained exception
                return
            self.seen_errno.add(errno)
            if iface:
                ev["interface"] = iface.group(1)
            opening = _OPEN.search(line)
            if opening:  # klippy's connect: the very first frames to this MCU could not be sent
                ev["what"] = "open"
                ev["name"] = opening.group("name")

    def finish(self) -> dict[str, Any]:
        interface = self.interface
        for ev in self.events:
            if interface:
                ev.setdefault("interface", interface)
        for node in self.nodes:
            if interface:
                node["interface"] = interface
        # (deepen-misc s17) one run per query: a paste of two queries ("Total 0 uuids found", then `systemctl stop klipper`
        # and "Total 1 uuids found") keeps the empty one, which is the evidence of nodes a running Klipper claimed
        totals = [i for i, ev in enumerate(self.events) if ev["kind"] == "can_query_total"]
        if len(totals) < 2:
            runs = [self.run(found=self.found, interface=interface)]
        else:
            all_events, runs, start = self.events, [], 0
            for n, end in enumerate(totals):
                last = end + 1 if n < len(totals) - 1 else len(all_events)
                self.events = all_events[start:last]
                runs.append(self.run(found=all_events[end]["count"], interface=interface))
                start = last
            self.events = all_events
        out: dict[str, Any] = {"queries": runs}
        if self.nodes:
            out["nodes"] = self.nodes
        return {"can": out}

