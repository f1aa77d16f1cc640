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
        Msg("pm3_entering_bootloader", r"^(?:\[\S\] )?Entering bootloader\.\.\.\s*$", example="[+] Entering bootloader..."),
        Msg("pm3_found", r"^(?:\[\S\] |\S{1,2}\s+)?(?:\d+\s+)?\.*\s*[Ff]ound\.?\s*$", example="[|] 59 found"),
        Msg(None, r"^(?:\[\S\] )?(?:Entering bootloader\.\.\.|Flashing\.\.\.|\.*\s*Found\.?)\s*$", example="Entering bootloader..."),
        Msg("pm3_writing", r"^(?:\[\S\] )?Writing segments for file: (?P<file>\S+)", "strong",
            example="Writing segments for file: armsrc/obj/fullimage.elf"),
        Msg(None, r"^0x[0-9a-fA-F]{8}\.\.0x[0-9a-fA-F]{8} \[0x[0-9a-fA-F]+ / \d+ blocks?\]\.* ?OK\s*$",
            example=" 0x00102000..0x0013ad03 [0x38d04 / 455 blocks].......... OK "),
        Msg("pm3_write_error", r"Error writing block \d+ of \d+", "strong", fail=True,
            example="Error writing block 12 of 360"),
    ),
    group(
        "RfidResearchGroup/proxmark3 client/src/comms.c OpenProxmark, flash.c flash_start_flashing (2019-2026, master 1c8c3b7)",
        # uart_open() gives CLAIMED_SERIAL_PORT when its advisory fcntl(F_SETLK) lock fails: another process (a second client,
        # pm3 script, a terminal) has the port; INVALID_SERIAL_PORT when open() fails (missing, EACCES after ten tries) or,
        # on Windows, CreateFile fails (the COM number is gone)
        Msg("serial_port_busy", r"ERROR: serial port (?P<port>\S+) +is claimed by another process", "strong", fail=True, attrs={"errno": 11},
            example="[!] ERROR: serial port /dev/ttyACM0  is claimed by another process"),
        Msg("pm3_invalid_port", r"ERROR:\s+invalid serial port (?P<port>\S+)", "strong", fail=True,
            example="[!] ERROR: invalid serial port COM5"),
        Msg("pm3_not_found", r"Error:\s+Proxmark3 not found\.", "strong", fail=True, example="[!!] Error: Proxmark3 not found."),
        Msg("pm3_send_failed", r"Sending bytes to [Pp]roxmark3? failed", "strong", fail=True,
            example="[!] Sending bytes to Proxmark3 failed.offline"),
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
             "resetting hardware", "all done", "have a nice day", "error writing block", "serial port")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "pm3_wait_response" and any(e["kind"] == "pm3_writing" for e in self.events):
            ev["fail"] = True  # stalled while writing the firmware, not a long command of an interactive session
        if ev is not None and ev["kind"] == "flash_succeeded" and any(e.get("fail") for e in self.events[:-1]):
            self.events.pop()  # RRG prints "All done" after a flash that never started too (flash.c: the exit path)
            return
        if ev is None or ev["kind"] not in ("pm3_wait_port", "pm3_invalid_port"):
            return
        if ev.get("port"):
            ev["port"] = ev["port"].rstrip(".")  # the old flasher prints its progress dots right after the port
        # the wait (or the failed open) after the request to reboot into the bootloader: the device must come back
        if "reappear" in line or any(e["kind"] == "pm3_entering_bootloader" for e in self.events):
            ev["stage"] = "reappear"
        if ev["kind"] == "pm3_wait_port" and re.search(r"\bFound\b", line):
            ev["answered"] = True

    def summary(self) -> dict[str, Any]:
        # the run ends waiting for the port: the last wait got no "Found" and nothing followed it
        waits = [i for i, e in enumerate(self.events) if e["kind"] == "pm3_wait_port"]
        if waits:
            last = self.events[waits[-1]]
            later = self.events[waits[-1] + 1:]
            if not last.get("answered") and not any(e["kind"] in ("pm3_found", "pm3_writing", "flash_succeeded") for e in later):
                last["unfinished"] = True
        return super().summary()
