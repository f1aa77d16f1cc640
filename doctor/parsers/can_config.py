"""The files that bring a CAN interface up at boot: ifupdown's /etc/network/interfaces(.d/can0) stanza and
systemd-networkd's .network ([CAN] BitRate=) and .link ([Link] TransmitQueueLength=) files.

Facts: `can.configs`, one per interface stanza or file: name, kind ("ifupdown" | "networkd"), bitrate (the
`bitrate` option, a `type can bitrate N` in an up/pre-up command, or BitRate= with K/M suffixes) and
txqueuelen (`txqueuelen N` in an up command, or TransmitQueueLength=); the line is the stanza's head.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "ifupdown interfaces(5) with the can method (0.7-0.8)",
        Msg(None, r"^iface\s+(?P<name>(?:v|sl)?can\d+)\s+(?:can|inet)\s+(?:static|manual)\b", strength="strong", attrs={"role": "iface"},
            example="iface can0 can static"),
        Msg(None, r"^(?:allow-hotplug|auto)\s+(?P<name>(?:v|sl)?can\d+)\s*$", strength="strong", attrs={"role": "auto"},
            example="allow-hotplug can0"),
        Msg(None, r"^bitrate\s+(?P<bitrate>\d+)\s*$", strength="none", attrs={"role": "bitrate"}, example="bitrate 1000000"),
        Msg(None, r"\btype can bitrate (?P<bitrate>\d+)", strength="none", attrs={"role": "bitrate"},
            example="pre-up ip link set can0 type can bitrate 1000000"),
        Msg(None, r"\btxqueuelen (?P<qlen>\d+)", strength="none", attrs={"role": "qlen"},
            example="up ip link set $IFACE txqueuelen 128"),
    ),
    group(
        "systemd-networkd systemd.network(5) [CAN], systemd.link(5) [Link] (v239-v256)",
        Msg(None, r"^\[CAN\]\s*$", strength="strong", attrs={"role": "networkd"}, example="[CAN]"),
        Msg(None, r"^Name=(?P<name>\*?(?:v|sl)?can\d*\*?)\s*$", strength="weak", attrs={"role": "match"}, example="Name=can0"),
        Msg(None, r"^OriginalName=(?P<name>(?:v|sl)?can\d+)\s*$", strength="weak", attrs={"role": "match"}, example="OriginalName=can0"),
        Msg(None, r"^BitRate=(?P<bitrate>\d+(?:\.\d+)?)(?P<unit>[KkM]?)\s*$", strength="strong", attrs={"role": "bitrate_nd"},
            example="BitRate=1000000"),
        Msg(None, r"^TransmitQueueLength=(?P<qlen>\d+)\s*$", strength="strong", attrs={"role": "qlen_nd"},
            example="TransmitQueueLength=128"),
    ),
)


@register
class CanConfigParser(TableParser):
    name = "can-config"
    namespace = "can"
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.configs: list[dict[str, Any]] = []
        self.cur: dict[str, Any] | None = None

    def _open(self, name: str, kind: str, line: str, lineno: int) -> dict[str, Any]:
        if self.cur is None or self.cur["kind"] != kind or (self.cur.get("name") not in (None, name)):
            self.cur = {"name": name, "kind": kind, "line": line.strip(), "lineno": lineno, "source": self.source, "origin": "pasted"}
            self.configs.append(self.cur)
        elif self.cur.get("name") is None:
            self.cur["name"] = name
        return self.cur

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        role = dict(row.attrs).get("role")  # type: ignore[arg-type]
        if role in ("iface", "auto"):
            cur = self._open(m.group("name"), "ifupdown", line, lineno)
            if role == "iface":
                cur["line"] = line.strip()
        elif role in ("networkd", "match"):
            name = m.group("name").strip("*") if role == "match" else None
            if self.cur is None or self.cur["kind"] != "networkd":
                self.cur = {"name": name or "can0", "kind": "networkd", "line": line.strip(), "lineno": lineno, "source": self.source, "origin": "pasted"}
                self.configs.append(self.cur)
            elif name:
                self.cur["name"] = name
        elif self.cur is None:
            return
        elif role == "bitrate":
            self.cur.setdefault("bitrate", int(m.group("bitrate")))
        elif role == "qlen" or role == "qlen_nd":
            self.cur["txqueuelen"] = int(m.group("qlen"))
        elif role == "bitrate_nd":
            scale = {"k": 1000, "K": 1000, "M": 1000000}.get(m.group("unit"), 1)
            self.cur["bitrate"] = int(float(m.group("bitrate")) * scale)

    def finish(self) -> dict[str, Any]:
        return {"can": {"configs": self.configs}} if self.configs else {}
