"""The STM32 serial (USART) ROM bootloader seen through other tools than stm32flash: stm32loader (jsnyder's
original script and florisla/stm32loader 0.5-0.7) and STM32CubeProgrammer's UART connection, as a message table.

Facts: one run per block under `flash.runs` (tool "stm32loader" or "stm32cubeprogrammer"), with the same
event kinds as the stm32flash parser, so one rule judges every client of the ROM bootloader:
`rom_no_answer` (no ACK to the 0x7F sync: BOOT0, wiring, port), `rom_bad_reply` (an answer that is not the
bootloader's), `rom_answered` (the bootloader identified the chip), `verify_mismatch`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

LOADER = rows_of(
    group(
        "stm32loader (jsnyder/stm32loader stm32loader.py; florisla/stm32loader 0.5-0.7 bootloader.py, main.py)",
        Msg("rom_no_answer", r"Can't init(?: into bootloader)?\. Ensure that BOOT0 is enabled and reset (?:the )?device", "strong", fail=True,
            example="Can't init. Ensure that BOOT0 is enabled and reset device"),
        Msg("rom_no_answer", r"^(?:ERROR: )?(?:Failed to (?:reset|activate) (?:the )?(?:device|bootloader)|Can't read port or timeout)", "strong",
            fail=True, example="Can't read port or timeout"),
        Msg("rom_bad_reply", r"(?:CmdException: )?(?:Unknown response|NACK)\. (?:(?P<command>0x[0-9a-fA-F]+|[\w ]+)): (?P<value>0x[0-9a-fA-F]+)",
            "strong", fail=True, example="__main__.CmdException: Unknown response. 0x0: 0xf8"),
        Msg("rom_answered", r"^(?:Chip id|Chip ID): (?P<value>0x[0-9a-fA-F]+)(?: \((?P<text>[^)]*)\))?", "strong",
            example="Chip id: 0x410 (STM32F10x Medium-density)"),
        Msg(None, r"^(?:Bootloader version|Bootloader version:) ?(?:0x[0-9a-fA-F]+|[\d.]+)", "strong", example="Bootloader version: 0x31"),
        Msg(None, r"^Activating bootloader \(select UART\)", "strong", example="Activating bootloader (select UART)"),
        Msg("verify_mismatch", r"^Verification FAILED", "strong", fail=True, example="Verification FAILED"),
        Msg(None, r"File \"[^\"]*stm32loader[^\"]*\", line \d+", "strong",
            example='  File "./stm32loader.py", line 436, in <module>'),
    ),
)

CUBEPROG = rows_of(
    group(
        "STM32CubeProgrammer 2.x CLI and GUI log, UART (serial bootloader) connection",
        Msg(None, r"Serial Port (?P<device>\S+) is successfully opened", "strong", example="Serial Port COM6 is successfully opened."),
        Msg("rom_no_answer", r"Timeout error occured while waiting for acknowledgement", "strong", fail=True,
            example="Timeout error occured while waiting for acknowledgement."),
        Msg("rom_no_answer", r"Error: Activating device: KO\. Please, verify the boot mode configuration", "strong", fail=True,
            example="Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port configuration. Reset your device then try again..."),
        Msg(None, r"Port configuration: parity = ", "weak",
            example="Port configuration: parity = none, baudrate = 9600, data-bit = 8,                     stop-bit = 1.0, flow-control = off"),
        Msg("rom_answered", r"Activating device: OK", "strong", example="Activating device: OK"),
        # the ROM bootloader answers NACK to a command it refuses: READ/WRITE/ERASE/GO under read-out protection
        # level 1, GETID on some parts; CubeProgrammer names the command (AN3155's codes in `command`)
        Msg("rom_nack", r"Error: (?P<name>GETID|GET|READ|WRITE|ERASE|EXTENDED ERASE|GO|Write Unprotect|Readout Unprotect) command not acknowledged",
            "strong", fail=True, example="Error: GETID command not acknowledged!"),
        Msg("rom_nack", r"Error: Number of bytes to be (?:be )?read at address: \S+ not acknowledged", "strong", fail=True,
            attrs={"command": "0x11"}, example="Error: Number of bytes to be be read at address: 0x40023C1C not acknowledged!"),
        Msg("readout_protected", r"Error: RDP is set to level [12]|try using Read UnProtect|remove the Read Out Protection", "strong", fail=True,
            example="Error: RDP is set to level 1, try using Read UnProtect (-rdu) command in order to remove the Read Out Protection."),
    ),
)

# AN3155 (USART bootloader protocol) command codes, as stm32flash reports them
_COMMANDS = {"GET": "0x00", "GETID": "0x02", "READ": "0x11", "GO": "0x21", "WRITE": "0x31", "ERASE": "0x43", "EXTENDED ERASE": "0x44",
             "WRITE UNPROTECT": "0x73", "READOUT UNPROTECT": "0x92"}


@register
class Stm32loaderParser(TableParser):
    name = "stm32loader"
    namespace = "flash"
    hints = ("boot0", "stm32loader", "unknown response", "nack", "chip id", "bootloader", "verification", "can't read port",
             "failed to reset", "failed to activate")
    messages = LOADER

    def summary(self) -> dict[str, Any]:
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {}


@register
class CubeProgrammerUartParser(TableParser):
    name = "stm32cubeprogrammer"
    namespace = "flash"
    hints = ("serial port", "acknowledgement", "activating device", "port configuration", "not acknowledged", "rdp is set",
             "read unprotect", "read out protection")
    messages = CUBEPROG

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        dev = m.groupdict().get("device")
        if ev is None and dev:
            self.s_device = dev.rstrip(".")
        name = m.groupdict().get("name")
        if ev is not None and name:
            ev.pop("name", None)
            ev["command"] = _COMMANDS.get(name.upper(), "")

    def summary(self) -> dict[str, Any]:
        s: dict[str, Any] = {"interface": "uart"}
        dev = getattr(self, "s_device", None)
        if dev:
            s["device"] = dev
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s
