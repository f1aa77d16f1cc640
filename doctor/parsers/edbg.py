"""edbg (Alex Taradov's CMSIS-DAP programmer for Atmel/Microchip SAM, and later GD32, RP2040, STM32G0/G4, PY32...:
`edbg -bpv -t <target> -f image.bin`; RIOT's `make flash` for SAM boards, Arduino SAMD builds), as a message table.

Facts: a run under `openocd.runs` with tool `edbg` (the debug-probe namespace OpenOCD, pyOCD and J-Link share, with
the same event kinds where the meaning is the same): the probe found or not, a target that did not answer the SWD
transfer (the CMSIS-DAP transfer status: 7 is no acknowledge at all, SWDIO high), a device id edbg's table lacks, a
locked target, a verification mismatch, and the "done." of programming and verification.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.pyocd import probe_run_summary


def _ack(status: str) -> str:
    """The CMSIS-DAP DAP_Transfer response (ACK bits 0-2, protocol error bit 3) as pyocd.py names it."""
    try:
        value = int(status)
    except ValueError:
        return "unknown"
    if value & 8:
        return "parity"
    return {1: "ok", 2: "wait", 4: "fault", 7: "none"}.get(value & 7, "unknown")


MESSAGES = rows_of(
    group(
        "edbg 2015-2025 edbg.c, utils.c (error_exit prints 'Error: ', warning 'Warning: '): the debugger and the actions",
        Msg(None, r"(?:^|[\s$#>/])edbg(?:\.exe)?\s+(?P<command>-\S.*)$", strength="strong", attrs={"field": "command"},
            example="$ edbg -bpv -t samd21 -f bootloader.bin"),
        Msg("adapter_found", r"^Debugger: (?P<version>.{1,120}?) \((?:S|J|SJ|S, ?\d)\)\s*$", strength="strong",
            attrs={"adapter": "cmsis-dap"}, example="Debugger: ATMEL Atmel-ICE CMSIS-DAP J41800049111 01.26.0081 (SJ)"),
        Msg(None, r"^Clock frequency: \d+(?:\.\d+)? [kM]Hz$", strength="strong", example="Clock frequency: 16.0 MHz"),
        # the words other tools print too (gcc -v "Target: arm-none-eabi", "Erasing..."): only inside an edbg block
        Msg(None, r"^Target: (?P<target>.+?)(?: \(Rev [A-Z]\))?$", attrs={"field": "target"},
            example="Target: SAM D21J18A (Rev D)"),
        Msg(None, r"^(?:Unlocking|Erasing|Locking|Reading)\.*\s*(?:done\.)?$", example="Erasing... done."),
        Msg("program_finished", r"^Programming\.*\s*done\.$", strength="weak", example="Programming........................... done."),
        Msg("program_verified", r"^Verification\.*\s*done\.$", strength="weak", example="Verification... done."),
        Msg(None, r"^Attached debuggers:$", strength="strong", example="Attached debuggers:"),
        Msg("probe_listed", r"^\s*\d+: (?P<uid>\S+) - (?P<name>.+)$", example="  0: 07000000323391aa073932363836374da5a5a5a597969908 - ARM CMSIS-DAP (1)"),
        # dbg_lin.c / dbg_mac.c / dbg_win.c: no HID device whose product names CMSIS-DAP (unplugged, or no access on Linux)
        Msg("adapter_open_failed", r"^Error: no debuggers found$", strength="strong", fail=True, attrs={"wanted": "cmsis-dap"},
            example="Error: no debuggers found"),
        Msg("adapter_open_failed", r"^Error: unable to (?:open device \S+: .*|find a debugger with a specified serial number)$",
            strength="strong", fail=True, attrs={"wanted": "cmsis-dap"}, example="Error: unable to open device /dev/hidraw3: Permission denied"),
        # dap.c since 2021 (the combined transfer interface): the DAP_Transfer of a read or write came back without OK
        Msg("dp_connect_failed", r"^Error: invalid response during transfer \(count = \d+/\d+, status = (?P<status>\d+)\)", strength="strong",
            fail=True, example="Error: invalid response during transfer (count = 0/1, status = 7)"),
        # dap.c 2015-2021: the same per register and per block
        Msg("dp_connect_failed", r"^Error: invalid response while (?:reading|writing) the (?:register 0x[0-9a-fA-F]+ \(count = \d+, |block at "
            r"0x[0-9a-fA-F]+ \()value = (?P<status>\d+)\)", strength="strong", fail=True,
            example="Error: invalid response while writing the register 0x00 (count = 0, value = 7)"),
        # target_*.c: the chip answered with an id the target's table does not list (a newer revision or another part)
        Msg("target_unidentified", r"^Error: unknown target device(?: \(\w+ = (?P<chipid>0x[0-9a-fA-F]+)\))?$", strength="strong",
            fail=True, example="Error: unknown target device (DSU_DID = 0x10010306)"),
        Msg("flash_protected", r"^Error: target is locked, unlock is necessary$", strength="strong", fail=True,
            example="Error: target is locked, unlock is necessary"),
        Msg("verify_mismatch", r"^Error: verification failed$|^at address 0x[0-9a-fA-F]+ expected 0x[0-9a-fA-F]{2}, read 0x[0-9a-fA-F]{2}$",
            strength="strong", fail=True, example="at address 0x0 expected 0x38, read 0xff"),
        Msg("tool_error", r"^Error: (?P<text>\S.*)$", fail=True, example="Error: no target type specified (use '-t' option)"),
    ),
)


@register
class EdbgParser(TableParser):
    name = "edbg"
    namespace = "openocd"
    messages = MESSAGES
    hints = ("edbg", "debugger:", "clock frequency", "target:", "programming", "verification", "attached debuggers", "no debuggers",
             "invalid response", "unknown target device", "target is locked", "expected 0x", "error:")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None:
            field = dict(row.attrs).get("field")  # type: ignore[arg-type]
            if field == "command":
                self.fields.setdefault("command", g["command"][:300])
            elif field == "target":
                self.fields.setdefault("target", g["target"][:80])
            return
        ev.pop("field", None)
        kind = ev["kind"]
        if kind == "adapter_found":
            self.fields.setdefault("probe", "cmsis-dap")
            self.fields.setdefault("programmer", str(ev.get("version") or "")[:120])
        elif kind == "dp_connect_failed" and g.get("status"):
            ev["ack"] = _ack(g["status"])
        elif kind == "target_unidentified" and g.get("chipid"):
            self.fields.setdefault("chipid", g["chipid"].lower())
        elif kind == "tool_error":
            ev["text"] = (g.get("text") or "")[:200]

    def summary(self) -> dict[str, Any]:
        return probe_run_summary(self.fields, self.events)
