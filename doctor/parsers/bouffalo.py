"""blisp (pine64/blisp, the open-source flasher of Bouffalo Lab's BL60x/BL70x/BL61x over their ROM's UART/USB bootloader,
also what PineFlash runs for the Pinecil V2), as a message table.

Source read (session 13): blisp tools/blisp/src/common.c, cmd/write.c, cmd/iot.c and lib/blisp.c, lib/blisp_easy.c
(0.0.3-0.0.5 and master 2023-2025). A write runs: the ROM handshake ("Sending a handshake..." / "Handshake successful!",
newer builds first "Testing if we can skip the handshake..."), the chip info ("BootROM version 1.0.2.7, ChipID: ..."),
the eflash loader sent to RAM with a progress line per chunk ("4092b / 59200 (6.91%)"), a second handshake with that
loader ("Handshake with eflash_loader successful."), then erase, write, "Checking program...", "Program OK!",
"Flash complete!". lib/blisp.c prints "Received no response from chip." and the tool "Failed to handshake with device."
when a handshake gets no answer; "Received incorrect handshake response from chip (attempt 1/5)." is a retry.

Facts: one run per block under `flash.runs` (tool "blisp"): handshake_failed with `stage` "rom" (the chip's ROM never
answered: not in its bootloader, or the wrong port) or "eflash_loader" (the ROM answered and took the loader, and the
loader then did not: the link dropped in between), flash_succeeded at "Flash complete!" / "Download complete!".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "blisp tools/blisp/src/common.c, cmd/write.c, cmd/iot.c (0.0.3-0.0.5, master 2023-2025)",
        Msg(None, r"(?:^|[\s/\\$>])blisp(?:\.exe)?\s+(?:write|iot)\b", strength="strong", example="blisp write -c bl70x --reset Pinecilv2_EN.bin"),
        Msg(None, r"^Testing if we can skip the handshake\.\.\.|^Skipping handshake!", strength="strong",
            example="Testing if we can skip the handshake..."),
        # the skip test failed as expected: the tool says so itself and goes on to the real handshake
        Msg(None, r"^We can't; ignore the previous error\.", strength="strong", benign=True, example="We can't; ignore the previous error."),
        Msg(None, r"^Failed to receive response, ret: -?\d+", benign=True, example="Failed to receive response, ret: 0"),
        Msg("handshake_sent", r"^Sending a handshake\.\.\.", strength="weak", example="Sending a handshake..."),
        Msg("handshake_ok", r"^Handshake successful!|^Sending a handshake\.\.\. OK$", strength="strong", example="Handshake successful!"),
        Msg(None, r"^Getting chip info\.\.\.", strength="strong", example="Getting chip info..."),
        Msg(None, r"^BootROM version \d+\.\d+\.\d+\.\d+, ChipID: ", strength="strong", example="BootROM version 1.0.2.7, ChipID: 0000271821A890C8"),
        # a chunk the chip took (lib/blisp.c's write loop): its ROM (or the loader) answered
        Msg(None, r"^\d+b / \d+b? \(\d+\.\d+%\)$", attrs={"field": "chunk_sent"}, example="4092b / 59200 (6.91%)"),
        Msg(None, r"^(?:Loading the eflash loader file from disk|Loading eflash_loader\.\.\.|Device already in eflash_loader\.|"
            r"Flashing \d+\. segment|Input file identified as a \.\w+ file|Erasing flash to flash boot header|Flashing boot header\.\.\.|"
            r"Erasing flash for firmware, this might take a while\.\.\.|Flashing the firmware \d+ bytes @ 0x[0-9a-fA-F]+|Checking program\.\.\.|"
            r"Program OK!|Resetting the chip\.|Setting (?:clock|flash) parameters \.\.\.|Performing a chip erase|Erase complete!|"
            r"Erasing the area, this might take a while|Writing the data\.\.\.)", strength="strong", example="Flashing boot header..."),
        Msg("handshake_ok", r"^Handshake with eflash_loader successful\.", strength="strong", attrs={"stage": "eflash_loader"},
            example="Handshake with eflash_loader successful."),
        # a retry: blisp tries five times before it gives up ("Did not receive correct response from chip after 5 attempts.")
        Msg(None, r"^Received incorrect handshake response from chip \(attempt \d/\d\)\.|^Could not find 0x4F 0x4B \('O', 'K'\) in:",
            strength="strong", benign=True, example="Received incorrect handshake response from chip (attempt 1/5)."),
        Msg(None, r"^(?:Received no response from chip\.?|Did not receive correct response from chip after \d+ attempts\.)", strength="strong",
            fail=True, example="Received no response from chip."),
        Msg("handshake_failed", r"^Failed to handshake with device(?:, ret: -?\d+|\.)", strength="strong", fail=True,
            example="Failed to handshake with device."),
        Msg("flash_succeeded", r"^(?:Flash complete!|Download complete!)", strength="strong", example="Flash complete!"),
        Msg("device_not_found", r"^Device not found$", fail=True, example="Device not found"),
        Msg(None, r"^(?:Failed to (?:open|init(?:ialize)?) device, ret: -?\d+|Failed to (?:get boot info|load eflash_loader|check image|"
            r"set (?:clock|flash) parameters)|Failed to load (?:boot|segment) header|Failed to load segment data|Failed to erase|"
            r"Failed to write (?:boot header|app to flash|data to flash|firmware)|Failed to check program|Failed to reset chip|"
            r"Could not open the eflash loader file from disk|Input firmware not found: |Chip type is invalid\.)", strength="strong", fail=True,
            example="Failed to load eflash_loader, ret: -4"),
    ),
)


@register
class BlispParser(TableParser):
    name = "blisp"
    namespace = "flash"
    messages = MESSAGES
    hints = ("blisp", "handshake", "chip info", "bootrom version", "b / ", "eflash", "segment", "input file", "boot header", "erasing",
             "flashing", "checking program", "program ok", "resetting the chip", "parameters", "chip erase", "erase complete",
             "writing the data", "response from chip", "could not find 0x4f", "complete!", "device not found", "failed to",
             "chip type", "firmware not found", "we can't")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.rom_answered = False

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if dict(row.attrs).get("field") == "chunk_sent":  # type: ignore[arg-type]
                # (trim s22) chunks went to the chip: its ROM had answered, although a paste cut to its tail lost the
                # "Handshake successful!" above them; a handshake failing after them is the eflash loader's
                self.rom_answered = True
            return
        if ev["kind"] == "handshake_ok" and "stage" not in ev:
            self.rom_answered = True
        elif ev["kind"] == "handshake_failed":
            # the second handshake (with the eflash loader the ROM just took) or the ROM's own
            ev["stage"] = "eflash_loader" if self.rom_answered else "rom"
