"""Silicon Labs Simplicity Commander's command line (`commander device recover|masserase|info`, `commander flash`,
`commander adapter ...`; EFM32/EFR32 through a WSTK, a Simplicity Link debugger or a J-Link) as a message table.

Commander prints each step ("Resetting device...", "Attempting to connect to DCI..."), retries the debug-port accesses
of a step and reports "Success after N attempts (T ms)" once one went through: an "ERROR: DP write failed" printed
before such a line was a failed attempt that a later one overcame, not the outcome (a `device recover` that
ended "DONE" with every step succeeding; silabs.com community "adapter not able to read MCU info"). A failure that
ends the command is an "ERROR: <text>" line without a success after it, followed by "DONE" as well.

Facts: one run per block under `flash.runs` (tool "commander").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_COMMANDS = r"(?:device|flash|verify|adapter|readmem|extract|convert|security|tokens?|util|gbl|ebl|rps|nvm3|serialnumber|ota|postbuild|aem|swo|vcom)"

MESSAGES = rows_of(
    group(
        "Simplicity Commander 1.x (Silicon Labs, 2016-2025) command-line output",
        Msg(None, r"(?:^|[\s$#>])commander(?:\.exe)?\s+" + _COMMANDS + r"\b", "strong", example="commander device recover"),
        Msg(None, r'^Recovering "bricked" device\.\.\.', "strong", example='Recovering "bricked" device...'),
        Msg(None, r"^Attempting to connect to DCI\.\.\.", "strong", example="Attempting to connect to DCI..."),
        Msg(None, r"^Running device erase command\.\.\.", "strong", example="Running device erase command..."),
        Msg(None, r"^Resetting device\.\.\.$", example="Resetting device..."),
        # the step's retry loop: the access went through at attempt N
        Msg("retry_succeeded", r"^Success after (?P<tries>\d+) attempts? \(\d+ ms\)", "strong", convert=(("tries", int),),
            example="Success after 2 attempts (5 ms)"),
        Msg("tool_error", r"^ERROR: (?P<text>\S.*)$", "weak", fail=True, example="ERROR: DP write failed"),
        Msg("commander_done", r"^DONE\s*$", example="DONE"),
    ),
)


@register
class SilabsCommanderParser(TableParser):
    name = "commander"
    namespace = "flash"
    messages = MESSAGES
    hints = ("commander", "bricked", "dci", "device erase", "resetting device", "success after", "error:", "done")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "retry_succeeded" and isinstance(ev.get("tries"), int) and ev["tries"] > 1:
            # the step's earlier attempts failed: their ERROR lines since the previous step's result were overcome
            for prev in reversed(self.events[:-1]):
                if prev["kind"] == "retry_succeeded":
                    break
                if prev.get("fail") and not prev.get("retried"):
                    prev["retried"] = True

    def summary(self) -> dict[str, Any]:
        if any(e.get("fail") and not e.get("retried") for e in self.events):
            return {"success": False}
        if any(e["kind"] == "commander_done" for e in self.events) and any(e["kind"] == "retry_succeeded" for e in self.events):
            return {"success": True}
        return {}
