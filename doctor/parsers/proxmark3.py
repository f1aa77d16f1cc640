"""The Proxmark3 flasher (RFID tool; its USB CDC-ACM port on Linux is /dev/ttyACM*), as a message table
(serial-host-tools s11).

Sources read: Proxmark/proxmark3 client/flasher.c, flash.c, comms.c (2014-2021, tag v3.1.0 and master 6116334): the
`flasher <port> [-b] image.elf` run prints "Loading ELF file '%s'...", "Loading usable ELF segments:", the segment
table, "Waiting for Proxmark to appear on %s" (dots while it waits) and " Found.", "Entering bootloader...", "(Press and
release the button only to abort)", "Flashing...", "Writing segments for file: %s", one line per segment
(" 0x%08x..0x%08x [0x%x / %d blocks]" then a dot per block and " OK"), "Error writing block %d of %d", "Resetting
hardware...", "All done." and "Have a nice day!". When the device stops answering a command for three seconds,
comms.c prints "Waiting for a response from the proxmark..." and "You can cancel this operation by pressing the pm3
button" (it keeps waiting). RfidResearchGroup/proxmark3 (client/src/flash.c, comms.c, proxmark3.c, 2018-2026, master
1c8c3b7) prints the same steps with its log prefixes ("[+] Waiting for Proxmark3 to appear on %s", "[=] UART Setting
serial baudrate %d", "Waiting for a response from the Proxmark3...").

Both flashers' usage text on Linux says that a flasher stuck waiting for the Proxmark to (re)appear needs ModemManager
told to leave the device alone (RRG doc/md/Installation_Instructions/ModemManager-Must-Be-Discarded.md); the resolved
threads with the wait in the middle of writing the segments were ModemManager too (Proxmark/proxmark3#707 and #657,
RfidResearchGroup/proxmark3#35 and #437).

Facts: one run per block under `flash.runs`, tool "proxmark3".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

SRC = "Proxmark/proxmark3 client/flasher.c, flash.c, comms.c (2014-2021); RfidResearchGroup/proxmark3 client/src/flash.c, comms.c (2018-2026)"

MESSAGES = rows_of(
    group(
        SRC,
        # the mid-command wait (comms.c): a notice while any command runs long (the client keeps waiting); in a flasher run,
        # after "Writing segments", it means the bootloader stopped answering while blocks were written (a failure: on_event)
        Msg("pm3_wait_response", r"Waiting for a response from the (?:proxmark|Proxmark3)\.\.\.", "strong",
            example=" 0x00102000..0x0012ef87 [0x2cf88 / 360 blocks].....................Waiting for a response from the proxmark...          "),
        Msg(None, r"You can cancel this operation by pressing the pm3 button", "strong",
            example="You can cancel this operation by pressing the pm3 button   "),
        Msg("pm3_wait_port", r"Waiting for Proxmark3? to (?:re)?appear on (?P<port>/dev/\S+|COM\d+|\S+)", "strong",
            example="Waiting for Proxmark to appear on /dev/ttyACM1 ......"),
        Msg(None, r"^(?:\[\S\] )?Loading (?:ELF file|usable ELF segments)", "strong", example="Loading ELF file 'armsrc/obj/fullimage.elf'..."),
        Msg(None, r"^\d+: V 0x[0-9a-fA-F]+ P 0x[0-9a-fA-F]+ \(0x[0-9a-fA-F]+->0x[0-9a-fA-F]+\) \[[RWX ]+\] @0x[0-9a-fA-F]+",
            example="0: V 0x00102000 P 0x00102000 (0x0002b660->0x0002b660) [R X] @0x94"),
        Msg(None, r"^Note: Extending previous segment from 0x[0-9a-fA-F]+ to 0x[0-9a-fA-F]+ bytes",
            example="Note: Extending previous segment from 0x2b660 to 0x2cf88 bytes"),
        Msg(None, r"^\(Press and release the button only to abort\)", "strong", example="(Press and release the button only to abort)"),
        Msg(None, r"^(?:\[\S\] )?(?:Entering bootloader\.\.\.|Flashing\.\.\.|\.*\s*Found\.?)\s*$", example="Entering bootloader..."),
        Msg("pm3_writing", r"^(?:\[\S\] )?Writing segments for file: (?P<file>\S+)", "strong",
            example="Writing segments for file: armsrc/obj/fullimage.elf"),
        Msg(None, r"^0x[0-9a-fA-F]{8}\.\.0x[0-9a-fA-F]{8} \[0x[0-9a-fA-F]+ / \d+ blocks?\]\.* ?OK\s*$",
            example=" 0x00102000..0x0013ad03 [0x38d04 / 455 blocks].......... OK "),
        Msg("pm3_write_error", r"Error writing block \d+ of \d+", "strong", fail=True,
            example="Error writing block 12 of 360"),
        Msg(None, r"^(?:\[\S\] )?Resetting hardware\.\.\.", example="Resetting hardware..."),
        Msg("flash_succeeded", r"^(?:\[\S\] )?All done\.?\s*$", example="All done."),
        Msg(None, r"^(?:\[\S\] )?Have a nice day!", "strong", example="Have a nice day!"),
    ),
)


@register
class Proxmark3FlasherParser(TableParser):
    name = "proxmark3"
    namespace = "flash"
    messages = MESSAGES
    hints = ("proxmark", "pm3", "elf", "segment", "found", "entering bootloader", "press and release", "flashing", "blocks",
             "resetting hardware", "all done", "have a nice day", "error writing block")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "pm3_wait_response" and any(e["kind"] == "pm3_writing" for e in self.events):
            ev["fail"] = True  # stalled while writing the firmware, not a long command of an interactive session
