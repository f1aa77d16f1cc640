"""iproute2 `ip link` output: plain, `-details -statistics` (`-d -s`, `-s -s`), and `-json` (one line or `-p`
pretty), with the errors `ip` prints when a link is missing or cannot be configured.

Facts: `can.interfaces` (CAN links only: name, up, operstate, flags, txqueuelen, bitrate, can_state,
berr_tx / berr_rx, restarts, bus_errors, rx_errors / tx_errors, driver), `can.links` (every link of the
listing, so "no can0 in a full listing" is a fact), and `can.events` for iproute2's errors:
`Cannot find device "can0"` / `Device "can0" does not exist` (can_no_device),
`RTNETLINK answers: Operation not supported` (can_not_supported: the kernel or the device cannot be a CAN link; after
an `ip link set ... fd on` / `dbitrate` command line it is can_fd_unsupported instead: the link exists, its driver or
adapter firmware has no CAN FD; after an `ip link set <link> type can bitrate ...` / `restart-ms` ... command line it
is can_option_unsupported, `option` = what was asked: the link exists (a missing one answers `Cannot find device`)
and the kernel's CAN netlink code (drivers/net/can/dev/netlink.c, 3.x-6.x) answers EOPNOTSUPP because the link's
driver takes no bit timing or mode from netlink: slcan (its bitrate is slcand's -s option), vcan, or a vendor
driver; not a missing interface),
`RTNETLINK answers: Device or resource busy` (can_busy: the bitrate cannot change while the link is up),
`RTNETLINK answers: Invalid argument` after an `ip link set can0 up` that gives no bitrate (can_no_bitrate: the kernel
refuses to open a CAN link without bit timing),
`RTNETLINK answers: Network is down` / `No such device` and any other RTNETLINK or extack `Error:` answer
(can_rtnetlink_error), `either "dev" is duplicate, or "type" is garbage` (can_ip_unknown_word, `option` = the word
`ip` did not know: "type" from BusyBox's ip or a pre-CAN iproute2, a CAN setting when `type can` was left out).

The listing is a sequence of records: a head line (`3: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 ... qlen 10`)
followed by its detail lines, so the rows below only classify lines; which link a detail belongs to is the
parser's state. `parse_json(text)` is shared with the live probe (checks/can.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, flat_pieces, group, rows_of

CAN_KINDS = ("can", "vcan", "vxcan", "slcan")
_CAN_NAME = re.compile(r"^(?:v|vx|sl)?can\d+$|^can[\w-]*\d$")
_QLEN = re.compile(r"\bqlen (\d+)")
_STATE = re.compile(r"\bstate (\S+)")
_FD_ARGS = re.compile(r"\bfd on\b|\bdbitrate\b|\bdsample-point\b")
# CAN settings of `ip link set <link> type can ...` (ip-link(8), iplink_can.c) that need the driver's bit-timing or mode
# support; `up`/`down`/`dev` may come before the link name ("ip link set up can0 type can bitrate 250000")
_CAN_OPTS = re.compile(r"\btype\s+can\b.*?\b(?P<option>bitrate|sample-point|tq|prop-seg|phase-seg[12]|sjw|restart-ms|restart|loopback|listen-only|triple-sampling|one-shot|berr-reporting|presume-ack|cc-len8-dlc|termination)\b")
_SET_WORDS = ("up", "down", "dev")
# a bit timing given on the command line (ip-link(8): bitrate, or tq with the segments)
_CMD_BITRATE = re.compile(r"\btype\s+can\b.*?\bbitrate\s+(\d{4,8})\b")
_TIMING = re.compile(r"\b(?:bitrate|tq)\b")
# `ip -details -statistics link show can0` pasted where the line breaks were lost (forum mirrors that flatten code blocks):
# cut the one line where iproute2 starts a line of its own (link/, can state, bitrate, the driver's bit-timing limits,
# clock, the xstats and RX/TX headers and the numbers under them)
_FLAT_MIN = 160
_FLAT_HEAD = re.compile(r"^(?:\d+:\s+)?(?:v|vx|sl)?can\d+:\s+<[A-Z0-9_,-]*>\s+mtu \d+")
_FLAT_CUT = re.compile(
    r"(?<=\s)(?=link/\w|can (?:<[^>]*> )?state [A-Z]|bitrate \d|[\w-]+: tseg1 |clock \d|re-started |RX: |TX: |RX errors|TX errors)"
    r"|(?<=bus-off )(?=\d)|(?<=mcast )(?=\d)|(?<=collsns )(?=\d)|(?<=bus-off  )(?=\d)")
_NUMS = re.compile(r"^(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)")


def _is_can(name: str, kind: str | None) -> bool:
    return (kind or "") in CAN_KINDS or bool(_CAN_NAME.match(name))


MESSAGES = rows_of(
    group(
        "iproute2 ip/ipaddress.c print_linkinfo (2.6.31-6.x): the record head and its link/ line",
        Msg(None, r"^(?P<index>\d+):\s+(?P<name>[^:@\s]+)(?:@\S+)?:\s+<(?P<flags>[A-Z0-9_,-]*)>(?P<rest>.*)$", strength="none",
            attrs={"role": "head"}, example="3: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 10"),
        # the same head pasted without its index ("can0: <NOARP,ECHO> mtu 16 qdisc noop state DOWN ..."): people cut it
        Msg(None, r"^(?P<name>(?:v|vx|sl)?can\d+):\s+<(?P<flags>[A-Z0-9_,-]*)>(?P<rest>\s+mtu \d+.*)$", strength="strong",
            attrs={"role": "head"}, example="can0: <NOARP,ECHO> mtu 16 qdisc noop state DOWN mode DEFAULT group default qlen 128"),
        Msg(None, r"^link/(?P<linktype>[\w.]+)\b", strength="none", attrs={"role": "link"},
            example="link/can  promiscuity 0 minmtu 0 maxmtu 0"),
    ),
    group(
        "iproute2 ip/iplink_can.c can_print_opt (3.x-6.x): CAN state, bit timing, controller, xstats",
        # a healthy state line says "ERROR-ACTIVE" and its headers say "bus-errors", "errors": not failures (benign)
        Msg(None, r"^can\s+(?:<[^>]*>\s+)?state\s+(?P<can_state>ERROR-ACTIVE|STOPPED|SLEEPING)\b(?:\s+\(berr-counter tx (?P<berr_tx>\d+) rx (?P<berr_rx>\d+)\))?(?:\s+restart-ms (?P<restart_ms>\d+))?",
            strength="none", benign=True, attrs={"role": "canstate"},
            example="can state ERROR-ACTIVE restart-ms 100"),
        Msg(None, r"^can\s+(?:<[^>]*>\s+)?state\s+(?P<can_state>[A-Z-]+)(?:\s+\(berr-counter tx (?P<berr_tx>\d+) rx (?P<berr_rx>\d+)\))?(?:\s+restart-ms (?P<restart_ms>\d+))?",
            strength="none", attrs={"role": "canstate"},
            example="can state ERROR-PASSIVE (berr-counter tx 128 rx 0) restart-ms 0"),
        Msg(None, r"^bitrate (?P<bitrate>\d+)(?: sample-point (?P<sp>[\d.]+))?", strength="none", attrs={"role": "bitrate"},
            example="bitrate 1000000 sample-point 0.875"),
        Msg(None, r"^(?P<driver>[\w-]+): tseg1 ", strength="none", attrs={"role": "driver"},
            example="gs_usb: tseg1 1..16 tseg2 1..8 sjw 1..4 brp 1..1024 brp-inc 1"),
        Msg(None, r"^re-started\s+bus-errors", strength="none", benign=True, attrs={"role": "xstats"},
            example="re-started bus-errors arbit-lost error-warn error-pass bus-off"),
        Msg(None, r"^(?P<way>RX|TX):\s+bytes", strength="none", benign=True, attrs={"role": "rxtx"},
            example="RX: bytes  packets  errors  dropped overrun mcast"),
        Msg(None, r"^\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+", strength="none", attrs={"role": "nums"},
            example="0          0          0          26129      26130      0"),
    ),
    group(
        "iproute2 ip-link(8) command lines people paste above the answer (the answer's meaning depends on them)",
        Msg(None, r"^[`>\s]*(?:\S*\s?[$#]\s+)?(?:sudo\s+)?(?:/s?bin/)?ip\s+link\s+set\s+(?:dev\s+)?(?P<interface>[\w.@$-]+)\s(?P<args>[^`\n]*)",
            strength="strong", attrs={"role": "argv"}, example="sudo ip link set can0 type can bitrate 500000 dbitrate 1000000 fd on"),
        # `ip link add`: creating a link; an EOPNOTSUPP answer then means the kernel cannot make that link type here
        Msg(None, r"^[`>\s]*(?:\S*\s?[$#]\s+)?(?:sudo\s+)?(?:/s?bin/)?ip\s+link\s+add\b", strength="strong",
            attrs={"role": "argv_add"}, example="sudo ip link add can0 type can bitrate 1000000"),
    ),
    group(
        "iproute2 ip/iplink.c, lib/libnetlink.c (2.6-6.x): a missing link, the kernel's refusals",
        Msg("can_no_device", r"Cannot find device \"(?P<interface>[^\"]+)\"", strength="strong", fail=True,
            example='Cannot find device "can0"'),
        Msg("can_no_device", r"^Device \"(?P<interface>[^\"]+)\" does not exist", strength="strong", fail=True,
            example='Device "can0" does not exist.'),
        # lib/utils.c invarg() for a `dev NAME` argument that names no link (ip -s -d link show dev can0, ip addr ... dev)
        Msg("can_no_device", r"^Error: argument \"(?P<interface>[^\"]+)\" is wrong: Device does not exist", strength="strong", fail=True,
            example='Error: argument "can0" is wrong: Device does not exist'),
        # (can s15) also as people retype it into a post ("RTnetlink answers operation not supported", cantact-pro-fw#1)
        Msg("can_not_supported", r"(?i:RTNETLINK answers):? (?i:Operation not supported)", strength="strong", fail=True,
            example="RTNETLINK answers: Operation not supported"),
        Msg("can_busy", r"(?i:RTNETLINK answers):? (?i:Device or resource busy)", strength="strong", fail=True,
            example="RTNETLINK answers: Device or resource busy"),
        Msg("can_rtnetlink_error", r"RTNETLINK answers: (?P<text>.{1,200})", strength="strong", fail=True,
            example="RTNETLINK answers: Invalid argument"),
        # iproute2 lib/utils.c duparg2 ("Error: either \"dev\" is duplicate, or \"X\" is garbage." 4.x-6.x, "is a garbage" 2.6-3.x)
        # and BusyBox networking/libiproute/utils.c ("ip: either \"dev\" is duplicate, or \"X\" is garbage"): a word of
        # `ip link set` it does not know was taken for a second link name. X = "type": this ip cannot configure a link
        # type at all (BusyBox's ip before 1.37, an iproute2 before 2.6.31); X = a CAN setting: `type can` is missing before it
        Msg("can_ip_unknown_word", r"either \\?\"dev\\?\" is duplicated?,? or \\?\"(?P<option>[\w.-]+)\\?\" is (?:a )?garbage",
            strength="strong", fail=True, example='ip: either "dev" is duplicate, or "type" is garbage'),
        Msg("can_rtnetlink_error", r"^Error: (?P<text>.{1,200})", strength="none", fail=True,
            example="Error: Unknown device type."),
    ),
    group(
        "Linux 6.x drivers/net/can/dev/netlink.c, bittiming.c, calc_bittiming.c: the CAN layer's extack refusals, which "
        "`ip link set can0 ... type can bitrate N` prints as 'Error: ...' (kernel s11, from the source's format): a CAN "
        "link's settings were refused, whatever block they stand in",
        Msg("can_rtnetlink_error", r"^Error: (?P<text>bitrate error: [\d.]+% too high|bitrate \d+ bps not supported|(?:arbitration|CANFD data) bitrate \d+ bps surpasses transceiver capabilities[^\n]{0,40}|Device doesn't support restart from Bus Off|sample point must be between 0 and 100%|sjw: \d+ greater than [^\n]{0,40}|(?:prop-seg \+ phase-seg1|phase-seg2|resulting brp): \d+ (?:less|greater) than [^\n]{0,40})",
            strength="strong", fail=True, example="Error: bitrate error: 2.9% too high."),
    ),
)


@register
class IpLinkParser(TableParser):
    name = "ip-link"
    namespace = "can"
    messages = MESSAGES
    strong = (
        r"^\s*\d+:\s+[^:\s]+:\s+<[A-Z0-9_,-]*>\s+mtu \d+",  # indented when pasted from a code block
        r"^\s+link/(?:can|ether|loopback|none|ieee802\.11|sit|ipip|gre)\b",
        r"^\s*can\s+(?:<[^>]*>\s+)?state\s+(?:ERROR-ACTIVE|ERROR-WARNING|ERROR-PASSIVE|BUS-OFF|STOPPED|SLEEPING)",
        r"^\s*\[\s*\{\s*\"ifindex\"\s*:",
    )
    event_kinds = ("can_fd_unsupported", "can_option_unsupported", "can_no_bitrate")
    weak = (
        r"^\s+bitrate \d+ sample-point",
        r"^\s+re-started\s+bus-errors",
        r"^\s+(?:RX|TX):\s+bytes",
        r"\"ifname\"\s*:",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.links: list[dict[str, Any]] = []
        self.cur: dict[str, Any] | None = None
        self.expect: str | None = None  # the numbers line that follows an xstats or RX/TX header
        self.json_buf: list[str] = []
        self.json_size = 0
        self.missing: list[dict[str, Any]] = []  # interfaces iproute2 said do not exist
        self.argv_iface: str | None = None
        self.fd_requested = False  # the last pasted `ip link set` asked for CAN FD (fd on, dbitrate)
        self.can_option: str | None = None  # the CAN setting (bitrate, restart-ms...) the last pasted `ip link set ... type can` asked for
        self.up_no_bitrate = False  # the last pasted `ip link set` brought a CAN link up and gave it no bit timing
        # (deepen-misc s17) `ip link set can0 up type can bitrate N` pasted with no refusal after it: the bitrate the person
        # gave the link (can.configs kind "ip-command"), for CAN005's comparison with the firmware's CAN bus frequency
        self.commands: list[dict[str, Any]] = []
        self.command_open = False

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        # a whole `ip -details link show` block flattened onto one line (forum mirrors)
        pieces = None if self.json_buf else flat_pieces(text, _FLAT_CUT, min_len=_FLAT_MIN, head=_FLAT_HEAD)
        for piece in pieces or (text,):
            self._feed_one(lineno, piece)

    def _feed_one(self, lineno: int, text: str) -> None:
        if self.json_buf or text.startswith("[{") or (text == "[" and not self.links):
            if self.json_size < 2_000_000:
                self.json_buf.append(text)
                self.json_size += len(text)
            return
        super().feed(lineno, text)

    def on_unmatched(self, lineno: int, line: str) -> None:
        self.expect = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        role = dict(row.attrs).get("role")  # type: ignore[arg-type]
        if role == "argv":
            args = m.group("args")
            iface = m.group("interface")
            if iface in _SET_WORDS:  # "ip link set up can0 ...": the link name follows the keyword
                words = args.split()
                iface = next((w for w in words if w not in _SET_WORDS), iface)
            self.fd_requested = bool(_FD_ARGS.search(args))
            opt = _CAN_OPTS.search(args)
            self.can_option = opt.group("option") if opt else None
            self.argv_iface = iface
            words = m.group(0).split()
            self.up_no_bitrate = "up" in words and _is_can(iface, None) and not _TIMING.search(args)
            bit = _CMD_BITRATE.search(args)
            self.command_open = bool(bit) and _is_can(iface, None) and len(self.commands) < 16
            if bit and self.command_open:
                self.commands.append({"name": iface, "kind": "ip-command", "bitrate": int(bit.group(1)), "line": line.strip(),
                                      "lineno": lineno, "source": self.source, "origin": "pasted"})
            return
        if role == "argv_add":
            self.command_open = False
            self.fd_requested = False
            self.can_option = None
            self.up_no_bitrate = False
            self.argv_iface = None
            return
        if ev is not None and row.fail and self.command_open:
            self.commands.pop()  # the kernel refused that command: the link kept its old bitrate
            self.command_open = False
        if ev is not None:
            if row.kind == "can_not_supported" and self.fd_requested:
                ev["kind"] = "can_fd_unsupported"  # the CAN link exists; its driver or firmware has no CAN FD
                if self.argv_iface and _is_can(self.argv_iface, None):
                    ev["interface"] = self.argv_iface
                return
            if row.kind == "can_not_supported" and self.can_option:
                # the link exists (else "Cannot find device"); its driver takes no bit timing / mode from netlink
                ev["kind"] = "can_option_unsupported"
                ev["option"] = self.can_option
                if self.argv_iface:
                    ev["interface"] = self.argv_iface
                return
            if row.kind == "can_rtnetlink_error" and self.up_no_bitrate and ev.get("text", "").startswith("Invalid argument"):
                # (thin-can s15) Linux drivers/net/can/dev/dev.c open_candev(): a CAN link brought up before any bitrate was
                # set answers EINVAL ("bit-timing not yet defined" in dmesg): `ip link set can0 up` without `type can bitrate N`
                ev["kind"] = "can_no_bitrate"
                ev["interface"] = self.argv_iface
                return
            if row.kind == "can_no_device":
                name = m.group("interface")
                self.missing.append({"name": name, "exists": False, "line": ev["line"], "lineno": lineno, "source": self.source})
            return
        text = line.strip()
        expect, self.expect = self.expect, None
        if role == "head":
            flags = [f for f in m.group("flags").split(",") if f]
            rest = m.group("rest")
            q = _QLEN.search(rest)
            st = _STATE.search(rest)
            self.cur = {
                "name": m.group("name"),
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
            return
        cur = self.cur
        if cur is None and role == "canstate":
            # (thin-can s15) the CAN state line quoted without its record head ("my can0 says `can state BUS-OFF
            # restart-ms 0`"): only a CAN link prints it (iplink_can.c), so it is the interface the command named
            cur = self.cur = {"name": self.argv_iface or "can0", "flags": [], "line": text, "lineno": lineno,
                              "source": self.source, "link_type": "can", "exists": True}
            self.links.append(cur)
        if cur is None:
            return
        if role == "link":
            cur["link_type"] = m.group("linktype")
        elif role == "canstate":
            cur["link_type"] = cur.get("link_type") or "can"
            cur["details"] = True
            cur["can_state"] = m.group("can_state")
            if m.group("berr_tx") is not None:
                cur["berr_tx"] = int(m.group("berr_tx"))
                cur["berr_rx"] = int(m.group("berr_rx"))
            cur["state_line"] = text
        elif role == "bitrate":
            cur["bitrate"] = int(m.group("bitrate"))
        elif role == "driver":
            cur["driver"] = m.group("driver")
        elif role == "xstats":
            self.expect = "xstats"
        elif role == "rxtx":
            self.expect = m.group("way")
        elif role == "nums" and expect is not None:
            n = _NUMS.match(text)
            if n is None:
                return
            if expect == "xstats":  # re-started bus-errors arbit-lost error-warn error-pass bus-off
                cur["restarts"] = int(n.group(1))
                cur["bus_errors"] = int(n.group(2))
                cur["error_warn"] = int(n.group(4))
                cur["error_pass"] = int(n.group(5))
                cur["bus_off"] = int(n.group(6))
            else:  # bytes packets errors ...
                cur["rx_errors" if expect == "RX" else "tx_errors"] = int(n.group(3))

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
                if link.get("state_line") and link.get("can_state") not in (None, "ERROR-ACTIVE", "STOPPED"):
                    link["line"] = link["state_line"]  # the evidence of a bus fault is the state line
                link.pop("state_line", None)
                interfaces.append({k: v for k, v in link.items() if v is not None})
            else:
                link.pop("state_line", None)
        interfaces += [m for m in self.missing if _is_can(m["name"], None)]
        if interfaces:
            out["interfaces"] = interfaces
        if links:
            out["links"] = [{"name": l["name"], "link_type": l.get("link_type") or "other", "source": self.source, "line": l.get("line"), "origin": "pasted"} for l in links]
        if self.events:
            out["events"] = self.events
        if self.commands:
            out["configs"] = self.commands
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
            for key, field in (("restarts", "restarts"), ("bus_error", "bus_errors"), ("error_warning", "error_warn"),
                               ("error_passive", "error_pass"), ("bus_off", "bus_off")):
                if isinstance(xstats.get(key), int):
                    link[field] = xstats[key]
        stats = item.get("stats64") or item.get("stats")
        if isinstance(stats, dict):
            for way in ("rx", "tx"):
                part = stats.get(way)
                if isinstance(part, dict) and isinstance(part.get("errors"), int):
                    link[f"{way}_errors"] = part["errors"]
        out.append(link)
    return out
