"""dbus-serialbattery (Louisvdw/dbus-serialbattery 0.x-1.x, mr-manuel/venus-os_dbus-serialbattery 1.x-2.x): the Venus OS
driver that reads a battery BMS (JK, JBD/LLT, Daly, Seplos, Renogy, EG4...) over a USB-RS485/TTL adapter. Its log
(/data/log/dbus-serialbattery.ttyUSBn/current, `ERROR:SerialBattery:...` / `INFO:SerialBattery:...`, often behind
multilog's `@4000...` stamps) is what users paste.

At start it probes the port with every BMS driver in turn ("Testing <Bms>", up to three "-- Testing BMS: N of 3 rounds"),
and each driver that gets no answer logs `>>> ERROR: No reply - returning` (bms/*.py read_serial_data, 0.x-1.x; later
rv_c_can.py) or, for the wrong protocol, `>>> ERROR: Incorrect Reply` / `Incorrect Data`. Those are expected until one
driver answers: `Connection established to <Bms>` then `Battery <Bms> connected to dbus from /dev/ttyUSBn`. When none
answers the driver ends with `ERROR >>> No battery connection at /dev/ttyUSBn` (1.0) / `>>> No battery connection at
<port>` (1.x-2.x). So the probe misses before a connection are marked `retried` (the generic failure scan skips them);
the ones after it, and the final no-connection line, stay failures. Facts: one run per block under `serial.runs` (tool
"dbus-serialbattery").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "dbus-serialbattery 0.13-2.x dbus-serialbattery.py get_battery()/main and bms/*.py read_serial_data (logger SerialBattery)",
        Msg(None, r"SerialBattery:Testing \w+", "strong", example="INFO:SerialBattery:Testing LltJbd"),
        Msg(None, r"SerialBattery:-- Testing BMS: \d+ of \d+ rounds", "strong",
            example="2024-08-28 02:58:24.737694500 INFO:SerialBattery:-- Testing BMS: 2 of 3 rounds"),
        Msg("bms_no_reply", r"SerialBattery:>>> ERROR: No reply - (?:canceled - )?returning", "strong", fail=True,
            example="@4000000065ace83e192f1afc ERROR:SerialBattery:>>> ERROR: No reply - returning"),
        Msg("bms_no_reply", r"SerialBattery:>>> ERROR: (?:\w+ )?Incorrect (?:Reply|Data)\b", "strong", fail=True,
            example="2024-07-03 22:21:11.283218500 ERROR:SerialBattery:>>> ERROR: Incorrect Reply"),
        Msg("bms_connected", r"SerialBattery:(?:-- )?Connection established to (?P<name>\S+)", "strong",
            example="@4000000065ace84100f6f89c INFO:SerialBattery:Connection established to Seplos"),
        Msg("bms_connected", r"SerialBattery:Battery (?:(?P<name>\S+) )?connected to dbus from (?P<port>\S+)", "strong",
            example="@4000000065ace84101074094 INFO:SerialBattery:Battery Seplos connected to dbus from /dev/ttyUSB1"),
        Msg("bms_not_found", r"SerialBattery:(?:ERROR )?>>> No battery connection at (?P<port>\S+)", "strong", fail=True,
            example="ERROR:SerialBattery:ERROR >>> No battery connection at /dev/ttyUSB0"),
    ),
)


@register
class SerialBatteryParser(TableParser):
    name = "dbus-serialbattery"
    namespace = "serial"
    messages = MESSAGES
    hints = ("serialbattery",)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None or ev["kind"] != "bms_connected":
            return
        # a driver answered: the other drivers' probe misses before it were the probing, not a fault
        for prior in self.events:
            if prior is not ev and prior["kind"] == "bms_no_reply" and not prior.get("retried"):
                prior["retried"] = True

    def summary(self) -> dict[str, Any]:
        if any(e.get("fail") and not e.get("retried") for e in self.events):
            return {"success": False}
        if any(e["kind"] == "bms_connected" for e in self.events):
            return {"success": True}
        return {}
