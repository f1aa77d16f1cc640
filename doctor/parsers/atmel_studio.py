"""Atmel Studio 7 / Microchip Studio device programming and atprogram (Microchip's command-line front end of the same
backend, atbackend's TCF service), as a message table: what the Device Programming dialog's details, the Output
window and `atprogram` print when a tool (Atmel-ICE, Power Debugger, AVRISP mkII, JTAGICE3, (m/n)EDBG kits, PICkit 4
/ Snap in AVR mode) cannot start a session on an AVR or SAM target.

Facts: a run under `avrdude.runs` (the AVR programming namespace) with tool `atmel-studio`: the tool's ISP command
that failed with its status byte (ispEnterProgMode 0xc0: the AVR did not echo the programming-enable command, the
tool's "command failed"; ispSetBaud: the ISP clock asked for is one the tool cannot make), debugWIRE that could not
be enabled, a device id that does not match the device selected in the dialog (SAM: "Unexpected Chip Identifier
0x... (expected 0x...)"), and the dialog's generic "Unable to enter programming mode" / atprogram's "Could not
establish connection to device" that every one of them ends with.

The wording comes from real pastes of Atmel Studio 7.0 (2016-2019) and Microchip Studio 7.0.2542 (2020-2024) and
of atprogram in the same installs; the backend is closed source, so the rows cite those versions and the example
lines are lines users pasted.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Atmel Studio 7.0 / Microchip Studio 7.0 atbackend (Device Programming details, Output window) and atprogram 7.0",
        # the ISP command the tool ran and the status byte it got back: 0xc0 (STATUS_CMD_FAILED of the STK500v2 /
        # JTAGICE3 ISP protocol) from ispEnterProgMode is the AVR not echoing the programming-enable command
        Msg("isp_enter_failed", r"(?i)\bispEnterProgMode: Error status received: Got (?P<status>0x[0-9a-f]{2}), expected 0x00\b",
            strength="strong", fail=True,
            example="Failed to enter programming mode. ispEnterProgMode: Error status received: Got 0xc0, expected 0x00 "
                    "(Command has failed to execute on the tool)"),
        # the same, as the debugWIRE-enable dialog words it ("Failed to enable DW. Failed to enter programming mode.
        # Error status received: Got 0xC0. Expected 0x00.")
        Msg("isp_enter_failed", r"(?i)\bFailed to enter programming mode\.? ?Error status received: Got (?P<status>0x[0-9a-f]{2})\. Expected 0x00\b",
            strength="strong", fail=True,
            example="Failed to enable DW. Failed to enter programming mode.Error status received: Got 0xC0. Expected 0x00."),
        # ispSetBaud: the tool refused the ISP clock asked for (below the slowest it can make: 8 kHz on the Atmel-ICE)
        Msg("isp_clock_rejected", r"(?i)\bispSetBaud: Error status received: Got (?P<status>0x[0-9a-f]{2}), expected 0x00\b",
            strength="strong", fail=True,
            example="[ERROR] ispSetBaud: Error status received: Got 0xcd, expected 0x00 (Unknown status message). (TCF Error code: 1)"),
        # debugWIRE: Studio set DWEN over ISP, then could not talk debugWIRE on RESET (and ISP is off while DWEN is set)
        Msg("debugwire_failed", r"(?i)\bSetting debugWire fuse seems to have failed\b|\bFailed to (?:enable DW|launch debug session with debugWIRE)\b",
            strength="strong", fail=True,
            example="Setting debugWire fuse seems to have failed. Check your clock and fuse settings"),
        # SAM (and AVR): the id read is another device's than the one selected in the dialog
        Msg("chip_id_mismatch", r"(?i)\bUnexpected Chip Identifier (?P<value>0x[0-9a-f]+) \(expected (?P<expected>0x[0-9a-f]+)\)",
            strength="strong", fail=True, example="Unexpected Chip Identifier 0x10010205 (expected 0x1001000a)."),
        Msg("chip_id_mismatch", r"(?i)\bThe read device ID does not match the selected device\b", strength="strong", fail=True,
            example="Unable to enter programming mode. The read device ID does not match the selected device or any other supported devices."),
        # the dialog's and atprogram's generic end of every failed session start
        # (avr-swd-tools s24w2) also where a paste runs the details pane's fields onto it ("Timestamp: ... ModuleName: TCF
        # (TCF command: Device:startSession failed.) Unable to enter programming mode. Verify device selection, ...") or
        # prefixes it ("Error: ", "[ERROR] "): the sentence with Studio's own hint after it is the dialog's wherever it stands
        # (fix after review) or quotes it ('I get "Unable to enter programming mode. Verify ...'): any word start, not only after a word
        Msg("prog_mode_failed", r"^Unable to enter programming mode\.|\bCould not establish connection to device\. Please check input parameters\b|"
            r"\bUnable to enter programming mode\. (?:Please )?[Vv]erify device selection, interface settings, target power\b",
            strength="strong", fail=True,
            example="Unable to enter programming mode. Verify device selection, interface settings, target power, security bit, "
                    "and connections to the target device."),
        Msg(None, r"^Please verify device selection, interface settings, target power\b|^Verify device selection, interface settings, target power\b",
            example="Please verify device selection, interface settings, target power and connections to the target device."),
        # the details pane's record of the failed TCF command
        Msg(None, r"^ModuleName:\s+TCF \(TCF command: \S+ failed\.\)", strength="strong",
            example="ModuleName: TCF (TCF command: Device:startSession failed.)"),
        Msg(None, r"^(?:Timestamp:\s+\d{4}-\d\d-\d\d [\d:.]+|Severity:\s+(?:ERROR|INFO|WARNING)|ComponentId:\s+\d+|StatusCode:\s+\d+)\s*$",
            example="ComponentId: 20100"),
        Msg(None, r"^Reading device ID\.\.\.\s*Failed!?$", example="Reading device ID...Failed!"),
    ),
)


@register
class AtmelStudioParser(TableParser):
    name = "atmel-studio"
    namespace = "avrdude"
    messages = MESSAGES
    hints = ("ispenterprogmode", "ispsetbaud", "programming mode", "debugwire", "chip identifier", "read device id",
             "establish connection to device", "tcf command", "verify device selection", "timestamp:", "severity:",
             "componentid", "statuscode", "reading device id")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev.get("status"):
            ev["status"] = str(ev["status"]).lower()
        if ev["kind"] == "chip_id_mismatch":
            for key in ("value", "expected"):
                if ev.get(key):
                    ev[key] = str(ev[key]).lower()
