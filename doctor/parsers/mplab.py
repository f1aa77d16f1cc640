"""Microchip MPLAB X IDE / MPLAB IPE (1.x-6.x) and MPLAB IDE 8.x programming output with their PIC programmers and
debuggers (PICkit 2/3/4/5, MPLAB ICD 2-5, Snap, REAL ICE, the on-board PKOB of Curiosity boards), as a message table.

The programmer talks ICSP (PGC/PGD clock and data, MCLR/VPP, VDD, GND) to a PIC or dsPIC. Before anything else it
measures the target's VDD: with no voltage on its VDD pin (target unpowered, VDD not wired to the header, "power target
circuit from tool" off) MPLAB X says "Target device was not found (could not detect target voltage VDD). You must connect
to a target device to use PICkit 3." (the tool's name at the end), MPLAB 8 prints the same as "PK3Err0045: You must
connect to a target device to use PICkit 3.", and newer IPE/PICkit 4-5 builds say "Target Vdd not detected. Please
ensure the target device is connected." With voltage but no answer to the programming entry it reads the device id as
0 (or all ones, PGD held high): "Target Device ID (0x0) is an Invalid Device ID. Please check your connections to the
Target Device.", "Target Device ID (00000000) does not match expected Device ID (00000e20).", MPLAB 8 with an ICD 2
"ICDWarn0020: Invalid target device id (expected=0x4D, read=0x0)". A good run ends "Programming/Verify complete".

The tools are closed source: the rows cite the versions of real pastes (Microchip forum, edaboard, electro-tech-online,
allaboutcircuits, ecomodder, cytron, GitHub issues 2011-2025). Lines about the tool being unable to supply the voltage
asked for, verify mismatches and "Failed to program device" are left to the generic failure scan (GEN001): their cause
is not in the line.

Facts: a run under `openocd.runs` (the debug-probe namespace) with tool "mplab": target_voltage_low when no target VDD
was detected, device_id_invalid (value, expected, blank: the id read is 0 or all ones, the PIC did not answer),
flash_succeeded on "Programming/Verify complete".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_TOOLS = r"(?:MPLAB )?(?:PICkit ?\d|ICD ?\d|REAL ICE|Snap|PKOB\w*)"


def _printed(message: str) -> str:
    """(review s22) the message as the tool prints it (the line starts with it), or inside a sentence that neither denies it
    (no longer, never, anymore, n't, a "not" before it) nor is about it being gone: "it no longer says Target device was not
    found ..." is a success story, not the failure."""
    bare = re.sub(r"\(\?P<\w+>", "(?:", message)  # the lookaheads repeat it without its named groups
    return (r"(?:^\W{0,3}(?=" + bare + r")|^(?![^\n]{0,400}?(?:\b(?:no longer|anymore|never)\b|n't\b))"
            r"(?![^\n]{0,300}?\bnot\b[^\n]{0,300}?" + bare + r")[^\n]{0,300}?)" + message)

MESSAGES = rows_of(
    group(
        "MPLAB X IDE/IPE 1.x-6.x and MPLAB IDE 8.x tool output (closed source: the wordings of real pastes, 2011-2025)",
        # no voltage on the programmer's VDD pin: the target is not powered (or its VDD not wired to the ICSP header)
        Msg("target_voltage_low", _printed(r"Target device was not found \(could not detect target voltage VDD\)"), strength="strong", fail=True,
            example="Target device was not found (could not detect target voltage VDD). You must connect to a target device to use PICkit 3."),
        # MPLAB 8's numbered form of the same (PK3Err0045, PK2Error0045, ICD3Err0045...)
        Msg("target_voltage_low", r"\b[A-Z]{2,4}\d?Err(?:or)?0045: You must connect to a target device", strength="strong", fail=True,
            example="PK3Err0045: You must connect to a target device to use PICkit 3."),
        # newer MPLAB X / IPE with a PICkit 4-5 or ICD 4-5
        Msg("target_voltage_low", _printed(r"Target Vdd not detected\. Please ensure the target device is connected"), strength="strong", fail=True,
            example="Target Vdd not detected. Please ensure the target device is connected."),
        # the second half alone, when a paste breaks the line after the parenthesis
        Msg("target_voltage_low", r"^You must connect to a target device to use " + _TOOLS, strength="strong", fail=True,
            example="You must connect to a target device to use MPLAB PICkit 4."),
        # voltage present, the id read back is not the selected PIC's (0 or all ones: no answer to the programming entry)
        Msg("device_id_invalid", _printed(r"Target Device ID \((?P<value>(?:0x)?[0-9a-fA-F]+)\) (?:is an Invalid Device ID|does not match expected Device"
            r"(?: ?ID \((?P<expected>(?:0x)?[0-9a-fA-F]+)\))?)"), strength="strong", fail=True,
            example="Target Device ID (0x0) is an Invalid Device ID. Please check your connections to the Target Device."),
        Msg("device_id_invalid", r"\bICDWarn0020: Invalid target device id \(expected=(?P<expected>0x[0-9a-fA-F]+), read=(?P<value>0x[0-9a-fA-F]+)\)",
            strength="strong", fail=True, example="ICDWarn0020: Invalid target device id (expected=0x4D, read=0x0)"),
        Msg("flash_succeeded", r"^Programming/Verify complete\b", strength="strong", example="Programming/Verify complete"),
        Msg(None, r"^Connecting to (?:MPLAB )?(?:PICkit ?\d|ICD ?\d|REAL ICE|Snap|PKOB\w*)\.\.\.|^Currently loaded (?:firmware|versions) on |"
            r"^Firmware Suite Version\.{3,}|^Firmware type\.{3,}|^Target (?:voltage )?detected\s*$|^Target device \S+ found\.|"
            r"^Device (?:ID )?Revision(?: ID)? = |^Device Erased\.\.\.|^The following memory area\(s\) will be programmed:|"
            r"^Programmer to target power is enabled - VDD = ", strength="strong",
            example="Firmware Suite Version.....01.56.07"),
        Msg(None, r"^(?:PICkit ?\d|ICD ?\d) (?:detected|Connected\.)\s*$|^\*{20,}\s*$|^program memory: start address = 0x|"
            r"^configuration memory\s*$|^Programming\.\.\.\s*$|^Erasing\.\.\.\s*$|^Calculating memory ranges for operation\.\.\.",
            example="program memory: start address = 0x0, end address = 0x17ff"),
        # (review s22) MPLAB X's debugger halted where no source line maps to the PC (a library, the reset vector): normal
        Msg(None, r"^No source code lines were found at current PC\.?\s*$", strength="strong", benign=True,
            example="No source code lines were found at current PC."),
    ),
)


@register
class MplabParser(TableParser):
    name = "mplab"
    namespace = "openocd"
    messages = MESSAGES
    hints = ("target device", "target voltage", "0045", "target vdd", "must connect to a target", "device id", "icdwarn",
             "programming/verify", "connecting to", "currently loaded", "firmware suite", "firmware type", "target detected",
             "device erased", "memory area", "programmer to target power", "pickit", "icd", "****", "program memory",
             "configuration memory", "programming...", "erasing...", "calculating memory", "revision", "no source code lines")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "flash_succeeded":
            # (review s22) "Programming/Verify complete" after a failed attempt in the same paste (no VDD, id 0, then the
            # target powered or wired and programmed): the earlier failures were overcome
            for e in self.events:
                if e is not ev and e.get("fail") and e["kind"] in ("target_voltage_low", "device_id_invalid"):
                    overcome_event(e, e["kind"] + "_overcome", retried=True)
            return
        if ev is None or ev["kind"] != "device_id_invalid":
            return
        raw = str(ev.get("value") or "")
        digits = raw[2:] if raw.lower().startswith("0x") else raw
        try:
            number = int(digits, 16)
        except ValueError:
            return
        ev["value"] = "0x%x" % number
        if ev.get("expected"):
            exp = str(ev["expected"])
            try:
                ev["expected"] = "0x%x" % int(exp[2:] if exp.lower().startswith("0x") else exp, 16)
            except ValueError:
                pass
        # 0, or every bit set (0x3fff on a 14-bit midrange, 0xffff, 0xffffffff): PGD never driven by the PIC
        ev["blank"] = number == 0 or (bool(digits) and set(digits.lower()) == {"f"}) or number == 0x3FFF
