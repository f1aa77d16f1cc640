"""dfu-programmer 0.6-1.x (Atmel/LUFA/QMK DFU bootloaders of the ATmega16U2/32U4, AT90USB, XMEGA), alone or
as QMK's `make ...:dfu` / `qmk flash` and QMK Toolbox run it (`>>> dfu-programmer.exe atmega32u4 erase --force`).

Facts: one run per block under `dfu.runs` (tool "dfu-programmer"). "no device present" is the same fact as
dfu-util's "No DFU capable USB device available" (`no_dfu_device`), so the same rules judge it: with the
bootloader on the bus it is an access problem (udev rule, or no libusb driver on Windows), without it the
board is not in its bootloader. A run that validated its image is a success even when the final
leave-bootloader step makes the tool (and the make target that runs it) exit non-zero.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "dfu-programmer 0.6-1.1 src/main.c, dfu.c, commands.c",
        Msg("dfu_command", r"(?<![\w-])dfu-programmer(?:\.exe)?\"?\s+(?P<target>(?:at|AT)\w+)(?::\S+)?\s+(?P<command>\w+)",
            "strong", example=">>> dfu-programmer.exe atmega32u4 erase --force"),
        Msg("no_dfu_device", r"dfu-programmer(?:\.exe)?: no device present", "strong", fail=True,
            example="dfu-programmer: no device present."),
        Msg("tool_missing", r"dfu-programmer(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            example="bash: dfu-programmer: command not found"),
        Msg("dfu_found", r"^Bootloader Version: (?P<version>0x[0-9a-fA-F]+)", "strong", example="Bootloader Version: 0x00 (0)"),
        Msg(None, r"^Checking memory from 0x[0-9A-Fa-f]+ to 0x[0-9A-Fa-f]+\.\.\.", "strong",
            example="Checking memory from 0x0 to 0x6FFF...  Empty."),
        Msg("flash_erased", r"^Erasing flash\.\.\.\s+Success", "strong", example="Erasing flash...  Success"),
        Msg("flash_validated", r"^Validating\.\.\.\s+Success", "strong", example="Validating...  Success"),
        Msg("bytes_written", r"^(?P<size>0x[0-9A-Fa-f]+) bytes written into (?P<limit>0x[0-9A-Fa-f]+) bytes memory", "strong",
            example="0x4E00 bytes written into 0x7000 bytes memory (69.64%)."),
        Msg("image_too_large", r"Bootloader and code overlap", "strong", fail=True, example="Bootloader and code overlap."),
        Msg("image_too_large", r"Hex file contains data (?:outside|beyond) (?:of )?(?:the )?(?:available|valid) memory", "strong", fail=True,
            example="Hex file contains data outside of the available memory"),
        Msg("dfu_write_failed", r"Memory write error|Error writing memory data|flash data dfu_download failed|Error while flashing", "strong", fail=True,
            example="Memory write error, use debug for more info."),
        Msg("dfu_write_failed", r"^Validating\.\.\.\s+(?!Success)\S.*", "strong", fail=True, example="Validating...  ERROR"),
        Msg(None, r"^\[>*\]\s+Success", "strong", example="[>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>]  Success"),
    ),
)

_AFTER_SUCCESS = (r"\*\*\* \[[^\]]*flash[^\]]*\] Error \d+", r"^Make finished with errors", r"make(?:\[\d+\])?: \*\*\* \[[^\]]*:flash\] Error \d+")


@register
class DfuProgrammerParser(TableParser):
    name = "dfu-programmer"
    namespace = "dfu"
    messages = MESSAGES
    hints = ("dfu-programmer", "hex file contains", "bootloader version", "checking memory", "erasing flash", "validating", "bytes written into",
             "overlap", "memory write error", "] success", "make finished", "error ")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.after_success: tuple[str, ...] = ()

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "dfu_command":
            self.fields.setdefault("target", ev.get("target"))
            self.fields.setdefault("command", line.strip().lstrip(">").strip()[:300])
            if re.search(r"\bsudo\s+(?:\S*/)?dfu-programmer\b", line) and not any(
                    e.get("kind") == "dfu_command" for e in self.events if e is not ev):
                self.fields["sudo"] = True  # the run's first command ran as root: access to the USB node is not what failed
        elif ev["kind"] in ("flash_validated", "bytes_written"):
            self.fields["verified" if ev["kind"] == "flash_validated" else "written"] = True
            self.after_success = _AFTER_SUCCESS  # the make target's exit status after a validated image is the leave step's
            setattr(self, "benign", _AFTER_SUCCESS)  # the splitter's failure scan asks the block's parser (instance patterns)

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if s.get("verified"):
            s["success"] = True
        elif any(e.get("fail") for e in self.events):
            s["success"] = False
        return s

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if self.after_success and any(re.search(p, text) for p in self.after_success):
            return
        super().feed(lineno, line)
