"""pystlink (pavelrevak/pystlink, the Python ST-Link tool): its `-v` report and its `*** message ***` errors, as a
message table. Runs go to `stlink.runs` with tool `pystlink`, in stlink-tools' event kinds (stlink.py) where
the meaning is the same.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of


def _volts(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


SRC = "pystlink (pystlink.py, lib/stlinkusb.py, lib/stm32*.py)"

MESSAGES = rows_of(
    group(
        SRC + ": the report",
        Msg(None, r"(?:^|[\s$#>])(?:python3? )?(?:\S*/)?pystlink(?:\.py)?\s", strength="strong", example="$ ./pystlink.py -v flash:erase:verify:app.bin"),
        Msg(None, r"^DEVICE:\s+ST-Link/(?P<programmer>\S+)", strength="strong", attrs={"field": "programmer"}, example="DEVICE: ST-Link/V2J29S7"),
        Msg("target_voltage", r"^SUPPLY:\s+(?P<voltage>\d+(?:\.\d+)?)V", strength="strong", convert=(("voltage", _volts),), example="SUPPLY: 3.25V"),
        Msg(None, r"^(?:CORE|MCU|SRAM|EEPROM|FLASH|IDCODE|CPUID):\s+\S", strength="strong", example="CORE:   CortexM3"),
    ),
    group(
        SRC + ": errors (`*** message ***`)",
        Msg("stlink_not_found", r"^\*\*\* ST-Link/V2 is not connected \*\*\*", strength="strong", fail=True, attrs={"count": 0},
            example="*** ST-Link/V2 is not connected ***"),
        Msg("target_connect_failed", r"^\*\*\* Not connected to CPU \*\*\*", strength="strong", fail=True, example="*** Not connected to CPU ***"),
        Msg("chip_id_unknown", r"^\*\*\* (?:DEV_ID|PART_NO): (?P<value>0x[0-9a-fA-F]+) is not supported \*\*\*", strength="strong", fail=True,
            example="*** DEV_ID: 0x413 is not supported ***"),
        Msg("readout_protected", r"^\*\*\* Connected CPU with DEV_ID: 0x[0-9a-fA-F]+ and FLASH size: \d+KB is not supported\. Check Protection",
            strength="strong", fail=True, example="*** Connected CPU with DEV_ID: 0x410 and FLASH size: 0KB is not supported. Check Protection ***"),
        Msg("target_voltage_low", r"^\*\*\* Supply voltage is (?P<voltage>\d+(?:\.\d+)?)V, but minimum for FLASH", strength="strong", fail=True,
            convert=(("voltage", _volts),), example="*** Supply voltage is 0.00V, but minimum for FLASH program or erase is 2.0V ***"),
        Msg("verify_failed", r"^\*\*\* Verify error at", strength="strong", fail=True, example="*** Verify error at block address: 0x08000400 ***"),
        Msg("tool_error", r"^\*\*\* (?P<text>.+?) \*\*\*$", strength="strong", fail=True, example="*** Error unlocking FLASH ***"),
    ),
)


@register
class PystlinkParser(TableParser):
    name = "pystlink"
    namespace = "stlink"
    messages = MESSAGES
    hints = ("pystlink", "device:", "supply:", "core:", "mcu:", "sram:", "eeprom:", "flash:", "idcode:", "cpuid:", "***")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None:
            if g.get("programmer"):
                self.fields.setdefault("programmer", g["programmer"])
            return
        kind = ev["kind"]
        if kind in ("target_voltage", "target_voltage_low") and ev.get("voltage") is not None:
            self.fields["voltage"] = ev["voltage"]
        elif kind == "chip_id_unknown":
            try:
                value = int(str(ev.get("value")), 16)
            except ValueError:
                value = 0
            ev["value"] = value
            ev["plausible"] = 0x400 <= value <= 0x7FF
        elif kind == "tool_error":
            ev["text"] = (g.get("text") or "")[:200]

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s

    def finish(self) -> dict[str, Any]:
        run = self.run(**self.summary())
        run["tool"] = "pystlink"
        return {self.namespace: {"runs": [run]}}
