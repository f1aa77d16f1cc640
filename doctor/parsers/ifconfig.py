"""net-tools `ifconfig` output, new (2.10: `can0: flags=193<UP,RUNNING,NOARP>  mtu 16`) and old (1.60:
`can0      Link encap:UNSPEC  HWaddr ...` / `UP RUNNING NOARP  MTU:16  Metric:1`) layouts, and its errors.

Facts: like `ip link` (doctor.parsers.ip_link): `can.interfaces` for CAN links (name, up, flags, txqueuelen,
rx_errors, tx_errors), `can.links` for every link listed, and `can.events` for ifconfig's errors:
`can0: ERROR while getting interface flags: No such device` / `can0: error fetching interface information:
Device not found` / `SIOCSIFTXQLEN: No such device` (can_no_device), `SIOCSIFFLAGS: Invalid argument` when
bringing a CAN link up without a bitrate (can_no_bitrate), `SIOCSIFFLAGS: Network is down` (can_network_down).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.ip_link import _is_can

MESSAGES = rows_of(
    group(
        "net-tools 2.10 ifconfig.c / lib/interface.c ife_print_long (new layout)",
        Msg(None, r"^(?P<name>[\w.@-]+): flags=(?P<num>\d+)<(?P<flags>[A-Z0-9_,-]*)>\s+mtu (?P<mtu>\d+)", strength="strong",
            attrs={"role": "head"}, example="can0: flags=193<UP,RUNNING,NOARP>  mtu 16"),
        Msg(None, r"^(?P<hw>unspec|ether|loop|infiniband|ppp|tunnel)\b.*?\btxqueuelen (?P<qlen>\d+)\s+\((?P<encap>[^()]*)\)", strength="weak",
            attrs={"role": "hw"}, example="unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 1024  (UNSPEC)"),
        Msg(None, r"^(?P<way>RX|TX) errors (?P<errors>\d+)\s", strength="none", attrs={"role": "errors"},
            example="TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0"),
    ),
    group(
        "net-tools 1.60 ifconfig (old layout)",
        Msg(None, r"^(?P<name>[\w.@-]+)\s+Link encap:(?P<encap>\w+)", strength="strong", attrs={"role": "head_old"},
            example="can0      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00"),
        Msg(None, r"^(?P<flags>(?:[A-Z]+ )*[A-Z]+)\s+MTU:(?P<mtu>\d+)", strength="none", attrs={"role": "flags_old"},
            example="UP RUNNING NOARP  MTU:16  Metric:1"),
        Msg(None, r"^(?P<way>RX|TX) packets:\d+ errors:(?P<errors>\d+)", strength="none", attrs={"role": "errors"},
            example="TX packets:0 errors:0 dropped:0 overruns:0 carrier:0"),
        Msg(None, r"\btxqueuelen:(?P<qlen>\d+)", strength="none", attrs={"role": "qlen_old"}, example="collisions:0 txqueuelen:10"),
    ),
    group(
        "net-tools ifconfig.c: errors",
        Msg("can_no_device", r"^(?P<interface>[\w.@-]+): (?:ERROR while getting interface flags: No such device|error fetching interface information: Device not found)",
            strength="strong", fail=True, example="can0: ERROR while getting interface flags: No such device"),
        # BusyBox's ifconfig prefixes its applet name ("ifconfig: SIOCSIFFLAGS: Invalid argument", libbb bb_perror_msg)
        Msg("can_no_device", r"^(?:ifconfig: )?SIOC[GS]IF\w+: No such device", strength="strong", fail=True, example="SIOCSIFTXQLEN: No such device"),
        Msg("can_no_bitrate", r"^(?:ifconfig: )?SIOCSIFFLAGS: Invalid argument", strength="strong", fail=True,
            example="ifconfig: SIOCSIFFLAGS: Invalid argument"),
        Msg("can_network_down", r"^(?:ifconfig: )?SIOCSIFFLAGS: Network is down", strength="strong", fail=True, example="SIOCSIFFLAGS: Network is down"),
    ),
)


@register
class IfconfigParser(TableParser):
    name = "ifconfig"
    namespace = "can"
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.links: list[dict[str, Any]] = []
        self.cur: dict[str, Any] | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        role = dict(row.attrs).get("role")  # type: ignore[arg-type]
        if ev is not None:
            if ev["kind"] == "can_no_device" and ev.get("interface") and not _is_can(ev["interface"], None):
                self.events.remove(ev)
            return
        text = line.strip()
        if role in ("head", "head_old"):
            self.cur = {"name": m.group("name"), "line": text, "lineno": lineno, "source": self.source, "exists": True, "link_type": None}
            if role == "head":
                flags = [f for f in m.group("flags").split(",") if f]
                self.cur.update(flags=flags, up="UP" in flags)
                if m.group("mtu") in ("16", "72") and "NOARP" in flags:
                    self.cur["link_type"] = "can"
            else:
                self.cur["link_type"] = {"UNSPEC": "can" if re.match(r"(?:v|sl)?can\d", m.group("name")) else "other",
                                         "Ethernet": "ether", "Local": "loopback"}.get(m.group("encap"), "other")
            self.links.append(self.cur)
            return
        cur = self.cur
        if cur is None:
            return
        if role == "hw":
            cur["txqueuelen"] = int(m.group("qlen"))
            cur["link_type"] = {"unspec": cur.get("link_type") or "other", "ether": "ether", "loop": "loopback"}.get(m.group("hw"), "other")
        elif role == "flags_old":
            flags = m.group("flags").split()
            cur.update(flags=flags, up="UP" in flags)
        elif role == "qlen_old":
            cur["txqueuelen"] = int(m.group("qlen"))
        elif role == "errors":
            cur["rx_errors" if m.group("way") == "RX" else "tx_errors"] = int(m.group("errors"))

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        interfaces = [{k: v for k, v in l.items() if v is not None} | {"link_type": "can"}
                      for l in self.links if _is_can(l["name"], l.get("link_type"))]
        if interfaces:
            out["interfaces"] = interfaces
        if self.links:
            out["links"] = [{"name": l["name"], "link_type": l.get("link_type") or "other", "source": self.source, "line": l["line"], "origin": "pasted"}
                            for l in self.links]
        if self.events:
            out["events"] = self.events
        return {"can": out} if out else {}
