"""PX4's `uavcan status` (older firmware: `uavcan info`) on the NuttX shell: the CAN interfaces' counters.

The command prints, per interface, a block the UAVCAN driver fills from its CAN driver's statistics (PX4-Autopilot
src/drivers/uavcan/uavcan_main.cpp print_info(): "CAN%u status:" then "HW errors: %llu", "IO errors: %llu", "RX frames:
%llu", "TX frames: %llu", one per line, tab-indented; the same in v1.6 through v1.15):

    CAN1 status:
    	HW errors: 55619
    	IO errors: 55619
    	RX frames: 0
    	TX frames: 461

HW errors are the controller's error interrupts (bit, stuff, form, ACK errors and error-passive / bus-off changes). An
interface that transmits but receives nothing while its HW error count runs into the hundreds is on a bus whose frames are
not acknowledged or are corrupted: no other node on the wire, a missing or extra terminator, CAN-H/CAN-L swapped or open
(PX4-Autopilot#7334: a Zubax GNSS2 unseen on CAN1, 55619 HW errors and no RX frame, found at once on CAN2), or a node at
another bit rate (CAN005, the entry's alternative). A healthy block (PX4-Autopilot#21486: 0 errors, 4157 RX frames) and a few
errors beside many received frames give nothing.

Events: can.events `can_iface_errors` (interface "CAN1", count = the HW errors, lineno of the block's header).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# how many controller errors, with no frame received (or fewer frames than errors), make a bus fault rather than noise
_MIN_ERRORS = 100

MESSAGES = rows_of(
    group(
        "PX4-Autopilot src/drivers/uavcan/uavcan_main.cpp print_info() (`uavcan status` / `uavcan info`, v1.6-v1.15)",
        # (review s25) the node's own counters printed just before: "RX transfers" above 0 means some node is heard through a working
        # interface, so an interface with errors and no frame is then most likely a port with nothing on it (PX4 sends its NodeStatus on
        # every interface; unacknowledged, each try counts an error)
        Msg(None, r"^\s*UAVCAN node status:\s*$", strength="strong", attrs={"role": "node"}, example="UAVCAN node status:"),
        Msg(None, r"^\s*RX transfers:\s*(?P<_n>\d+)\s*$", attrs={"role": "rx_transfers"}, example="\tRX transfers:      0"),
        Msg(None, r"^\s*(?:nsh>\s*)?CAN(?P<_if>\d)\s+status:\s*$", strength="strong", attrs={"role": "header"}, example="CAN1 status:"),
        Msg(None, r"^\s*(?P<_what>HW|IO)\s+errors:\s*(?P<_n>\d+)\s*$", strength="strong", attrs={"role": "count"},
            # (review s25) a counter, not a failure line: finish() judges it (an unused port beside a working one counts errors too)
            benign=True, example="\tHW errors: 55619"),
        Msg(None, r"^\s*(?P<_what>RX|TX)\s+frames:\s*(?P<_n>\d+)\s*$", strength="strong", attrs={"role": "count"}, example="\tRX frames: 0"),
    ),
)


@register
class Px4UavcanParser(TableParser):
    name = "px4-uavcan"
    namespace = "can"
    hints = (" status:", "errors:", "frames:", "transfers:")
    messages = MESSAGES
    event_kinds = ("can_iface_errors",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._blocks: list[dict[str, Any]] = []
        self._rx_transfers: int | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        role = dict(row.attrs).get("role")  # type: ignore[arg-type]
        if role == "rx_transfers":
            self._rx_transfers = int(m.group("_n"))
        elif role == "header":
            self._blocks.append({"interface": "CAN" + m.group("_if"), "lineno": lineno, "line": line})
        elif role == "count" and self._blocks and lineno - self._blocks[-1]["lineno"] <= 6:
            self._blocks[-1][m.group("_what").upper()] = int(m.group("_n"))

    def finish(self) -> dict[str, Any]:
        if self._rx_transfers:
            return {}  # the node hears others: an erroring interface beside it is most likely an unused port
        for b in self._blocks:
            hw, rx, tx = b.get("HW"), b.get("RX"), b.get("TX")
            if hw is None or rx is None:
                continue
            if hw >= _MIN_ERRORS and (rx == 0 or hw > rx) and (tx is None or tx > 0):
                self.event("can_iface_errors", b["lineno"], b["line"], interface=b["interface"], count=hw)
        return {"can": {"events": self.events}} if self.events else {}

    def summary(self) -> dict[str, object]:
        return {}
