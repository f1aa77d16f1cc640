"""iproute2 `ip link` output: plain, `-details -statistics` (`-d -s`), and `-json` (one line or `-p` pretty).

Facts: `can.interfaces` (CAN links only: name, up, operstate, flags, txqueuelen, bitrate, can_state,
berr_tx / berr_rx, restarts, bus_errors, rx_errors / tx_errors, driver), `can.links` (every link of the
listing, so "no can0 in a full listing" is a fact), and `can.events` for iproute2's errors:
`Cannot find device "can0"` / `Device "can0" does not exist` (can_no_device) and
`RTNETLINK answers: Operation not supported` (can_not_supported: the kernel or the device cannot be a CAN link).
`parse_json(text)` is shared with the live probe (checks/can.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

from doctor.parsers import Parser, register

_HEAD = re.compile(r"^(\d+):\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>(.*)$")
_QLEN = re.compile(r"\bqlen (\d+)")
_STATE = re.compile(r"\bstate (\S+)")
_CANSTATE = re.compile(r"^can\s+(?:<[^>]*>\s+)?state\s+(\S+)(?:\s+\(berr-counter tx (\d+) rx (\d+)\))?(?:\s+restart-ms (\d+))?")
_BITRATE = re.compile(r"^bitrate (\d+)")
_CLOCK = re.compile(r"^clock (\d+)")
_DRIVER = re.compile(r"^([\w-]+): tseg1 ")
_XSTATS_HEAD = re.compile(r"^re-started\s+bus-errors")
_NUMS = re.compile(r"^(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)")
_RXTX = re.compile(r"^(RX|TX):")
_NODEV = re.compile(r"(?:Cannot find device|Device) \"([^\"]+)\"(?: does not exist)?")
_RTNL = re.compile(r"RTNETLINK answers: (.+)")

CAN_KINDS = ("can", "vcan", "vxcan", "slcan")


def _is_can(name: str, kind: str | None) -> bool:
    return (kind or "") in CAN_KINDS or bool(re.match(r"^v?can\d+$", name))


@register
class IpLinkParser(Parser):
    name = "ip-link"
    namespace = "can"
    strong = (
        r"^\d+:\s+[^:\s]+:\s+<[A-Z0-9_,-]*>\s+mtu \d+",
        r"^\s+link/(?:can|ether|loopback|none|ieee802\.11|sit|ipip|gre)\b",
        r"^\s*can\s+(?:<[^>]*>\s+)?state\s+(?:ERROR-ACTIVE|ERROR-WARNING|ERROR-PASSIVE|BUS-OFF|STOPPED|SLEEPING)",
        r"^RTNETLINK answers: ",
        r"^Cannot find device \"",
        r"^Device \"[^\"]+\" does not exist",
        r"^\s*\[\s*\{\s*\"ifindex\"\s*:",
    )
    weak = (
        r"^\s+bitrate \d+ sample-point",
        r"^\s+re-started\s+bus-errors",
        r"^\s+(?:RX|TX):\s+bytes",
        r"\"ifname\"\s*:",
    )
    event_kinds = ("can_no_device", "can_not_supported", "can_rtnetlink_error")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.links: list[dict[str, Any]] = []
        self.cur: dict[str, Any] | None = None
        self.xstats_next = False
        self.stat_next: str | None = None
        self.json_buf: list[str] = []
        self.json_size = 0
        self.missing: list[dict[str, Any]] = []  # interfaces iproute2 said do not exist

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        if self.json_buf or text.startswith("[{") or (text == "[" and not self.links):
            if self.json_size < 2_000_000:
                self.json_buf.append(text)
                self.json_size += len(text)
            return
        m = _HEAD.match(text)
        if m:
            flags = [f for f in m.group(3).split(",") if f]
            rest = m.group(4)
            q = _QLEN.search(rest)
            st = _STATE.search(rest)
            self.cur = {
                "name": m.group(2),
                "flags": flags,
                "up": "UP" in flags,
                "operstate": st.group(1) if st else None,
                "txqueuelen": int(q.group(1)) if q else None,
                "line": text,
                "lineno": lineno,
                "source": self.source,
                "link_type": None,
                "exists": True,
            }
            self.links.append(self.cur)
            self.xstats_next = False
            self.stat_next = None
            return
        m = _NODEV.search(text)
        if m and ("Cannot find device" in text or "does not exist" in text):
            self.event("can_no_device", lineno, text, interface=m.group(1))
            self.missing.append({"name": m.group(1), "exists": False, "line": text, "lineno": lineno, "source": self.source})
            return
        m = _RTNL.search(text)
        if m:
            msg = m.group(1).strip()
            kind = "can_not_supported" if "not supported" in msg.lower() else "can_rtnetlink_error"
            self.event(kind, lineno, text, text=msg[:200])
            return
        cur = self.cur
        if cur is None:
            return
        if text.startswith("link/"):
            kind = text[5:].split(" ", 1)[0]
            cur["link_type"] = "can" if kind == "can" else kind
            return
        if self.xstats_next:
            self.xstats_next = False
            n = _NUMS.match(text)
            if n:
                cur["restarts"] = int(n.group(1))
                cur["bus_errors"] = int(n.group(2))
            return
        if self.stat_next:
            which, self.stat_next = self.stat_next, None
            nums = text.split()
            if len(nums) >= 3 and nums[2].isdigit():
                cur["rx_errors" if which == "RX" else "tx_errors"] = int(nums[2])
            return
        m = _CANSTATE.match(text)
        if m:
            cur["link_type"] = cur.get("link_type") or "can"
            cur["details"] = True
            cur["can_state"] = m.group(1)
            if m.group(2) is not None:
                cur["berr_tx"] = int(m.group(2))
                cur["berr_rx"] = int(m.group(3))
            return
        m = _BITRATE.match(text)
        if m:
            cur["bitrate"] = int(m.group(1))
            return
        m = _DRIVER.match(text)
        if m:
            cur["driver"] = m.group(1)
            return
        if _XSTATS_HEAD.match(text):
            self.xstats_next = True
            return
        m = _RXTX.match(text)
        if m:
            self.stat_next = m.group(1)

    def finish(self) -> dict[str, Any]:
        links = list(self.links)
        if self.json_buf:
            links.extend(parse_json("\n".join(self.json_buf), self.source))
        out: dict[str, Any] = {}
        interfaces = []
        for link in links:
            if _is_can(link["name"], link.get("link_type")):
                if link.get("details") is None and link.get("link_type") == "can" and "bitrate" in link:
                    link["details"] = True
                interfaces.append({k: v for k, v in link.items() if v is not None})
        interfaces += [m for m in self.missing if _is_can(m["name"], None)]
        if interfaces:
            out["interfaces"] = interfaces
        if links:
            out["links"] = [{"name": l["name"], "link_type": l.get("link_type") or "other", "source": self.source, "line": l.get("line"), "origin": "pasted"} for l in links]
        if self.events:
            out["events"] = self.events
        return {"can": out} if out else {}


def parse_json(text: str, source: str) -> list[dict[str, Any]]:
    """Links from `ip -json [-details] [-statistics] link` output (CAN fields filled in when present)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return []
    out = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("ifname"), str):
            continue
        flags = [f for f in item.get("flags") or [] if isinstance(f, str)]
        raw_info = item.get("linkinfo")
        linkinfo: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
        kind = linkinfo.get("info_kind") if isinstance(linkinfo.get("info_kind"), str) else None
        link: dict[str, Any] = {
            "name": item["ifname"],
            "flags": flags,
            "up": "UP" in flags,
            "operstate": item.get("operstate") if isinstance(item.get("operstate"), str) else None,
            "txqueuelen": item.get("txqlen") if isinstance(item.get("txqlen"), int) else None,
            "link_type": kind or (item["link_type"] if isinstance(item.get("link_type"), str) else None),
            "exists": True,
            "source": source,
            "line": json.dumps({k: item.get(k) for k in ("ifname", "flags", "operstate", "txqlen") if k in item})[:300],
        }
        data_ = linkinfo.get("info_data") if isinstance(linkinfo.get("info_data"), dict) else None
        if data_ is not None:
            link["details"] = True
            state = data_.get("state")
            if isinstance(state, str):
                link["can_state"] = state
            timing = data_.get("bittiming")
            if isinstance(timing, dict) and isinstance(timing.get("bitrate"), int):
                link["bitrate"] = timing["bitrate"]
            berr = data_.get("berr_counter")
            if isinstance(berr, dict):
                if isinstance(berr.get("tx"), int):
                    link["berr_tx"] = berr["tx"]
                if isinstance(berr.get("rx"), int):
                    link["berr_rx"] = berr["rx"]
            const = data_.get("bittiming_const")
            if isinstance(const, dict) and isinstance(const.get("name"), str):
                link["driver"] = const["name"]
        elif kind == "can":
            link["details"] = "linkinfo" in item
        xstats = linkinfo.get("info_xstats")
        if isinstance(xstats, dict):
            if isinstance(xstats.get("restarts"), int):
                link["restarts"] = xstats["restarts"]
            if isinstance(xstats.get("bus_error"), int):
                link["bus_errors"] = xstats["bus_error"]
        stats = item.get("stats64") or item.get("stats")
        if isinstance(stats, dict):
            for way in ("rx", "tx"):
                part = stats.get(way)
                if isinstance(part, dict) and isinstance(part.get("errors"), int):
                    link[f"{way}_errors"] = part["errors"]
        out.append(link)
    return out
