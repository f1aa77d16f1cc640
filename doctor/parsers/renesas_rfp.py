"""Renesas Flash Programmer (RFP V3, its GUI log pane and `rfp-cli`; RA, RX, RL78, RH850 over an E1/E2/E2 Lite emulator,
a J-Link or a COM port) as a message table.

RFP ends each operation with "Operation completed." or "Operation failed." and reports a failure as
"Error(EXXXXXXX): <text> (Command: .., Response: ..)", the same code in every language of the program (the Japanese
edition prints "エラー(E100000C): ..."). The codes are RFP's own (its error guide); the one a rule reads is E100000C,
"A serial programming connection is prohibited for this device.": the device's security setting that disables the
serial programming interface is set (RH850, RX), which cannot be undone by the programmer. Every other code stays a
failure whose own words are the evidence (GEN001).

Facts: one run per block under `flash.runs` (tool "rfp").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Renesas Flash Programmer V3 / rfp-cli (log pane and console, English and Japanese editions)",
        Msg(None, r"^(?:Connecting (?:to )?the tool|Disconnecting (?:from )?the tool|ツールに接続します|ツールから切断します)",
            "strong", example="Disconnecting the tool"),
        Msg(None, r"^(?:Tool|使用ツール) ?: ?(?:E1|E2|E2 emulator Lite|E2 Lite|J-Link|COM)\b", "strong",
            example="Tool : E1 emulator (5&14CDDBF3&0&2), Interface : 2 wire UART"),
        # E100000C: the device's serial programming interface is disabled by its security setting (RH850/RX option bytes)
        Msg("flash_protected", r"^(?:Error|エラー) ?\(E100000C\)", "strong", fail=True,
            example="Error(E100000C): A serial programming connection is prohibited for this device. (Command: 00, Response: DC)"),
        Msg("tool_error", r"^(?:Error|エラー) ?\((?P<code>E[0-9A-F]{7})\) ?: ?(?P<text>.*)$", "strong", fail=True,
            example="Error(E1000006): A frequency error occurred in the device. (Command: 32, Response: D2)"),
        Msg(None, r"^(?:Operation completed\.|Operation failed\.|操作は(?:完了|失敗)しました。?)\s*$", "strong", example="Operation failed."),
    ),
)


@register
class RenesasRfpParser(TableParser):
    name = "rfp"
    namespace = "flash"
    messages = MESSAGES
    hints = ("error(", "error (", "エラー", "the tool", "ツール", "operation completed", "operation failed", "操作は")
