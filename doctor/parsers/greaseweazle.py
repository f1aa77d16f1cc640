"""Greaseweazle's host tools (`gw info`, `gw update`, `gw read`...; the floppy-flux interface on an STM32F1/F7 or AT32F403A),
as a message table (retro-radio-power s16).

Sources read: keirf/greaseweazle (2019-2026, tools 0.x-1.23) src/greaseweazle/cli.py, tools/info.py, tools/update.py and
tools/util.py. An uncaught error ends every command as `** FATAL ERROR:` followed by the exception's text on the next
lines (pyserial's `(22, 'Invalid argument')`, requests' HTTPSConnectionPool error of a rate-limited download, zipfile's
"File is not a zip file" of tools older than the release's naming); the row keeps the line after it as the failure.
A Greaseweazle switches between its main firmware and its update bootloader by re-enumerating: usb_reopen() then looks
for the device again for 5 s and gives up with `Could not reopen port after mode switch` (tools 0.x-1.21), since
2024-12 (64d37e8) `Could not find the Greaseweazle device after switching firmware mode.` with the maintainer's own
"If you are connected via a USB hub, instead try connecting directly." (keirf/greaseweazle#338: through a hub the
re-enumerated device was not found; on a port of the computer itself it worked). The update-mode checks print
`ERROR: Device is in Firmware Update Mode` (0.27-0.x: `ERROR: Greaseweazle is in Firmware Update Mode`, 0.1x:
`Greaseweazle is in Firmware Update Mode:`), `... is not in Firmware Update Mode`, `ERROR: Device firmware v%u.%u is
unsupported` (a version the tools do not drive, e.g. a clone's own numbering); `gw update` prints `Updating Main
Firmware to version %u.%u...`, `Done.` or `** UPDATE FAILED: Please retry!`.

Facts: one run per block under `flash.runs`, tool "greaseweazle".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_FATAL = re.compile(r"^\s*\*\* FATAL ERROR:\s*$")

MESSAGES = rows_of(
    group(
        "keirf/greaseweazle 0.x-1.23 src/greaseweazle/tools/util.py usb_reopen() (`Could not reopen port after mode switch`; "
        "since 64d37e8, 2024-12: `Could not find the Greaseweazle device after switching firmware mode.` / `If you are "
        "connected via a USB hub, instead try connecting directly.`) and usb_mode_check()",
        Msg("gw_mode_switch_lost", r"^\s*Could not (?:reopen port after mode switch|find the Greaseweazle device after switching firmware mode)",
            "strong", fail=True, example="Could not reopen port after mode switch"),
        Msg(None, r"^\s*If you are connected via a USB hub, instead try connecting directly", "strong",
            example="If you are connected via a USB hub, instead try connecting directly."),
        Msg("gw_mode_switch_failed", r"^\s*(?:Device|Greaseweazle(?: F7)?) did not (?:change to Firmware Update Mode|mode switch) as requested",
            "strong", fail=True, example="Device did not change to Firmware Update Mode as requested."),
        Msg("gw_in_update_mode", r"^\s*(?:ERROR: )?(?:Device|Greaseweazle) is in Firmware Update Mode", "strong", fail=True,
            example="ERROR: Device is in Firmware Update Mode"),
        Msg("gw_not_in_update_mode", r"^\s*ERROR: (?:Device|Greaseweazle) is not in Firmware Update Mode", "strong", fail=True,
            example="ERROR: Device is not in Firmware Update Mode"),
        Msg("gw_firmware_unsupported", r"^\s*ERROR: (?:Device|Greaseweazle) firmware (?:version |v)(?P<version>\d+\.\d+) is unsupported", "strong",
            fail=True, example="ERROR: Greaseweazle firmware v1.0 is unsupported"),
        Msg("gw_device_not_found", r"^\s*Cannot find the Greaseweazle device", "strong", fail=True, example="Cannot find the Greaseweazle device"),
        Msg(None, r"^\s*(?:[^\w\s]\s*)?The only available action is \W*(?:gw )?update", "none",
            example=' - The only available action is "gw update"'),
        Msg(None, r"^\s*(?:[^\w\s]\s*)?(?:For normal operation disconnect from USB and remove|Remove) the Update Jumper", "none",
            example=" Remove the Update Jumper for normal operation"),
        Msg(None, r"^\s*To perform an Update:", "strong", example="To perform an Update:"),
        Msg(None, r'^\s*- Run "gw update" to', "strong", example='- Run "gw update" to download and install latest firmware'),
    ),
    group(
        "keirf/greaseweazle 0.x-1.23 src/greaseweazle/tools/update.py (`Downloading latest firmware: %s`, `Updating %s to version "
        "%u.%u...`, `** UPDATE FAILED: Please retry!`, `** SKIPPING UPDATE:`, `%s: Not a valid UPD file`, 0.x `%s: No match for "
        "hardware type %x`, `** Bootloader v%u.%u [%s], Host Tools v%u.%u`)",
        Msg(None, r"^\s*Downloading latest firmware: \S+", "strong", example="Downloading latest firmware: greaseweazle-firmware-1.3.upd"),
        Msg(None, r"^\s*Updating (?:Main Firmware|Bootloader) to (?:version )?v?\d+\.\d+", "strong",
            example="Updating Main Firmware to version 1.3..."),
        Msg("gw_update_failed", r"^\s*\*\* UPDATE FAILED", "strong", fail=True, example="** UPDATE FAILED: Please retry!"),
        Msg("gw_update_failed", r"^\s*ERROR: (?:Bootloader update unsupported on this device|New firmware is too large for this device)", "strong",
            fail=True, example="ERROR: New firmware is too large for this device (insufficient Flash memory)"),
        Msg("gw_update_failed", r"\S: (?:Not a valid UPD file|UPD file is corrupt|No match for hardware type \w+)", "strong", fail=True,
            example="../Greaseweazle-v0.16/Greaseweazle-F1-v0.16.hex: No match for hardware type 1"),
        Msg(None, r"^\s*\*\* SKIPPING UPDATE:", "strong", example="** SKIPPING UPDATE:"),
        Msg(None, r"^\s*\*\* Unplug device and remove the Update Jumper", "strong", example="** Unplug device and remove the Update Jumper"),
        Msg(None, r"^\s*\*\* (?:Bootloader|Firmware) v\d+\.\d+ \[\w+\], Host Tools v\d+\.\d+", "strong",
            example="** Bootloader v0.15 [F1], Host Tools v0.15"),
    ),
    group(
        "keirf/greaseweazle 0.x-1.23 src/greaseweazle/tools/info.py (`Host Tools: %s`, `Device:`, `  Model:`, `  Not found`, "
        "`*** New firmware version %d.%d is available`) and cli.py (`** FATAL ERROR:`)",
        Msg(None, r"^\s*Host Tools: v?\d+\.\d+", "strong", example="Host Tools: 1.22"),
        Msg(None, r"^\s*Model:\s+Greaseweazle\b", "strong", example="Model:    Greaseweazle V4.1"),
        Msg(None, r"^\s*\*\*\* New firmware (?:version )?v?\d+\.\d+ is available", "strong", example="*** New firmware version 1.3 is available"),
        Msg("gw_device_not_found", r"^\s*Not found\s*$", "none", fail=True, example="Not found"),
        Msg(None, r"^\s*\*\* FATAL ERROR:\s*$", "strong", example="** FATAL ERROR:"),
    ),
    group(
        # (avr-swd-tools s24w2) the F1 test firmware's console (keirf/greaseweazle-firmware src/blinky.c, 2020-2023): a
        # banner, the chip's serial, flash size and DBGMCU id, then "Testing <part>... OK" or "**FAILED**" (a fault handler
        # prints "**FAILED** [Exception #%u]" and stops). A genuine STM32F103 reads IDCODE 0 from its own firmware
        # (erratum 2.3), so a valid one is reported as a likely fake; fake parts also fail the I2C ACK latch and DMA IRQ
        # tests with "[Fake Chip?]" / "[Spurious IRQ: Fake Chip?]"
        "keirf/greaseweazle-firmware src/blinky.c (blinky test firmware, 2020-2023, from the source's format)",
        # (fix after review) a test's own "[Fake Chip?] " (I2C) or "[Spurious IRQ: Fake Chip?] [Bad Data] " (DMA) stands on
        # the line of its "**FAILED**", and the first matching row wins: the failure row comes first, and SWD007 reads the
        # marker from its line. The SRAM test prints "Testing 20kB SRAM (endless loop)..." with no space and TIM4's "." ticks
        # run on after it until "**FAILED**"
        Msg("gw_selftest_failed", r"^\s*(?:Testing [^.]{1,40}|DMA Test #\d+|Enable TIM\d IRQ)\.{3,}\s*.{0,60}?\*\*FAILED\*\*", "strong", fail=True,
            example="Testing 64kB Flash... **FAILED** [Exception #5]"),
        Msg("gw_fake_chip", r"\*\*WARNING\*\*: Device returned valid IDCODE! Fake\?|\[(?:Spurious IRQ: )?Fake Chip\?\]", "strong",
            example="**WARNING**: Device returned valid IDCODE! Fake?"),
        Msg(None, r"^\s*\*\* Keir Fraser <keir\.xen@gmail\.com>|^\s*Flash Size = \d+kB \(|^\s*(?:Testing [^.]{1,40}|DMA Test #\d+|Enable TIM\d IRQ)\.\.\.\s*OK\s*$",
            "strong", example="Flash Size = 64kB (STM32F103x8 Medium-Density)"),
    ),
)


@register
class GreaseweazleParser(TableParser):
    name = "greaseweazle"
    namespace = "flash"
    messages = MESSAGES
    hints = ("greaseweazle", "host tools", "fatal error", "mode switch", "firmware update mode", "update jumper", "gw update",
             "firmware:", "updating main firmware", "updating bootloader", "update failed", "upd file", "hardware type",
             "skipping update", "new firmware", "not found", "usb hub", "firmware v", "firmware version", "perform an update",
             "keir fraser", "flash size = ", "fake chip", "valid idcode", "**failed**",
             # (s24 review) the self-test's passing lines ("Testing TIM1... OK", "DMA Test #1... OK")
             "...ok", "... ok")
    event_kinds = ("gw_fatal",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._after_fatal = False  # the line after `** FATAL ERROR:` is the exception's text

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        after = self._after_fatal
        self._after_fatal = bool(_FATAL.match(text))
        if after and not any(row.kind for row, _ in self.match_line(text)):
            self.event("gw_fatal", lineno, line, text=text, fail=True)
            return
        super().feed(lineno, line)
