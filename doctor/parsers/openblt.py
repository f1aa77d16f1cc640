"""OpenBLT's BootCommander (Feaser's command-line host of the OpenBLT bootloader: XCP over RS232, CAN, USB, TCP/IP and
Modbus RTU; rusEFI/FOME/epicEFI ECUs and other STM32 boards carry it), as a message table.

Source read (session 15, ecu-tuning): Host/Source/BootCommander/main.c of feaser/openblt (openblt_v012101, 2026; the
same step lines in 1.04.x, whose output rusEFI's threads paste). Each step prints its name and then a trailer on the
same line: "[OK]", "[ERROR]", "[ABORT]" or "[SKIP]" (GetLineTrailerByResult), with "[ 55%]" progress trailers erased
by backspaces in between. "Connecting to target bootloader..." gets "[TIMEOUT]" when the bootloader did not answer the
first XCP CONNECT (the application is running): BootCommander then prints "Attempting backdoor entry (reset system if
this takes too long)..." and retries for ever until OpenBLT answers (after a reset, its backdoor window), then "[OK]".
That TIMEOUT is the normal start of an update from a running application, not a failure. The settings it echoes ("  ->
Timeout T1: 1000 ms") are not failures either. A paste that ends at the backdoor line never reached the bootloader.
"Loading firmware data from file...[ERROR]" is an unreadable or empty S-record file; "Performing info table
check...[ABORT]" (1.2+) is the bootloader refusing a firmware whose info table does not match its product; erase and
program "[ERROR]" are failures inside the session. A run ends "Finishing programming session...[OK]".

Facts: one run per block under `flash.runs` (tool "bootcommander"): `bootloader_timeout` (benign), `backdoor_wait`,
`bootloader_connected`, `image_unreadable`, `info_table_rejected`, `erase_failed`, `write_failed`, `flash_succeeded`,
and `bootloader_no_answer` when the text ends while BootCommander waits at the backdoor entry.
"""

from __future__ import annotations

from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# the trailer after a step's "...": progress trailers "[ 55%]" (erased with backspaces on a terminal, kept in a captured
# log), then the result in brackets, optionally coloured
_PCT = r"(?:\[(?:\x1b\[[\d;]*m)?[ \d]{1,3}%(?:\x1b\[[\d;]*m)?\][\x08 ]*)*"


def _res(word: str) -> str:
    return r"\.\.\.\s*" + _PCT + r"\[(?:\x1b\[[\d;]*m)?" + word + r"(?:\x1b\[[\d;]*m)?\]"


MESSAGES = rows_of(
    group(
        "OpenBLT Host/Source/BootCommander/main.c (1.04-1.21): banner, settings, steps and their trailers",
        Msg(None, r"^BootCommander version \d+\.\d+\.\d+\. Performs firmware updates", "strong",
            example="BootCommander version 1.04.03. Performs firmware updates on a micro-"),
        Msg(None, r"^controller based system that runs the OpenBLT bootloader", "strong",
            example="controller based system that runs the OpenBLT bootloader."),
        Msg(None, r"^Copyright \(c\) \d{4} by Feaser", "strong", example="Copyright (c) 2017 by Feaser  http://www.feaser.com"),
        Msg(None, r"^Usage:\s+BootCommander \[options\]", "strong", example="Usage:    BootCommander [options] [firmware file]"),
        Msg(None, r"^Processing command line parameters" + _res("OK"), "strong",
            example="Processing command line parameters...[OK]"),
        Msg("tool_error", r"^Processing command line parameters" + _res("ERROR"), "strong", fail=True,
            example="Processing command line parameters...[ERROR]"),
        Msg(None, r"^(?:Detected firmware file: \S|Using LibOpenBLT version: \d|Detected session protocol: |Using session protocol settings:"
            r"|Detected transport layer: |Using transport layer settings:)", "strong",
            example="Detected transport layer: XCP on USB"),
        # the settings it echoes: "Timeout T1: 1000 ms" is a setting, not a time-out
        Msg(None, r"^->\s+(?:Timeout T[1-7]: \d+ ms|Seed/Key file: |Connection mode: \d|Device: |(?:BRS )?Baudrate: \d+ bit/sec|Checksum type: "
            r"|Parity: |Stopbits: \d|Destination address: \d|Transmit CAN identifier: |Receive CAN identifier: |Use 29-bit CAN identifiers: "
            r"|Use CAN FD |No additional settings required|No settings specified|Number of segments: \d|Base memory address: 0x"
            r"|Total data size: \d+ bytes|Address: |Port: \d)", "weak", benign=True,
            example="  -> Timeout T1: 1000 ms"),
        Msg(None, r"^->\s+Invalid settings specified", "weak", fail=True, example="  -> Invalid settings specified"),
        Msg(None, r"^Loading firmware data from file" + _res("OK"), "strong", example="Loading firmware data from file...[OK]"),
        Msg("image_unreadable", r"^Loading firmware data from file" + _res("ERROR"), "strong", fail=True,
            example="Loading firmware data from file...[ERROR]"),
        Msg("bootloader_connected", r"^Connecting to target bootloader" + _res("OK"), "strong",
            example="Connecting to target bootloader...[OK]"),
        # no answer to the first CONNECT: the application runs; BootCommander goes on to the backdoor entry by itself
        Msg("bootloader_timeout", r"^Connecting to target bootloader" + _res("TIMEOUT"), "strong", benign=True,
            example="Connecting to target bootloader...[TIMEOUT]"),
        Msg("backdoor_wait", r"^Attempting backdoor entry \(reset system if this takes too long\)\.\.\.", "strong", benign=True,
            example="Attempting backdoor entry (reset system if this takes too long)...libusb: error [udev_hotplug_event] ignoring udev action bind"),
        # the backdoor line's own trailer, alone on a line when a library printed into the middle of it
        Msg("bootloader_connected", r"^(?:\x1b\[[\d;]*m)?\[(?:\x1b\[[\d;]*m)?OK(?:\x1b\[[\d;]*m)?\]\s*$", "none", example="[OK]"),
        Msg(None, r"^Performing info table check" + _res("(?:OK|SKIP)"), "strong", example="Performing info table check...[SKIP]"),
        Msg("info_table_rejected", r"^Performing info table check" + _res("ABORT"), "strong", fail=True,
            example="Performing info table check...[ABORT]"),
        Msg(None, r"^Performing info table check" + _res("ERROR"), "strong", fail=True, example="Performing info table check...[ERROR]"),
        Msg(None, r"^(?:Erasing|Programming) \d+ bytes starting at 0x[0-9a-fA-F]+" + _res("OK"), "strong",
            example="Erasing 417446 bytes starting at 0x08008210...[OK]  "),
        Msg("erase_failed", r"^Erasing (?P<size>\d+) bytes starting at (?P<address>0x[0-9a-fA-F]+)" + _res("ERROR"), "strong", fail=True,
            example="Erasing 520 bytes starting at 0x08008000...[ERROR]"),
        Msg("write_failed", r"^Programming (?P<size>\d+) bytes starting at (?P<address>0x[0-9a-fA-F]+)" + _res("ERROR"), "strong", fail=True,
            example="Programming 520 bytes starting at 0x08008000...[ERROR]"),
        Msg(None, r"^(?:Erasing|Programming) \d+ bytes starting at 0x[0-9a-fA-F]+\.\.\.", "weak",
            example="Erasing 107404 bytes starting at 0x0806e0b8...[ 55%]"),
        Msg("flash_succeeded", r"^Finishing programming session" + _res("OK"), "strong", example="Finishing programming session...[OK]"),
        Msg(None, r"^Finishing programming session" + _res("ERROR"), "strong", fail=True, example="Finishing programming session...[ERROR]"),
        # rusEFI's tree runs it as ext/openblt/Host/BootCommander (flash_can.sh, flash_usb.sh)
        Msg(None, r"(?:^|[\s/\\$>])BootCommander(?:\.exe)?\s+(?:-[a-z]{1,3}=\S+\s+)+\S", "strong",
            example="$ ext/openblt/Host/BootCommander -t=xcp_can -d=can0 deliver/rusefi_update.srec"),
    ),
)


@register
class BootCommanderParser(TableParser):
    fail_wins = True  # a failed erase or write after a success line still failed
    name = "bootcommander"
    namespace = "flash"
    messages = MESSAGES
    event_kinds = ("bootloader_no_answer",)
    hints = ("bootcommander", "openblt", "feaser", "processing command line", "detected firmware file", "libopenblt", "detected session",
             "session protocol", "detected transport", "transport layer", "->", "loading firmware data", "connecting to target bootloader",
             "backdoor entry", "[ok]", "info table check", "bytes starting at", "finishing programming session")

    def summary(self) -> dict[str, Any]:
        kinds = [e["kind"] for e in self.events]
        if "backdoor_wait" in kinds and not any(k in ("bootloader_connected", "erase_failed", "write_failed", "flash_succeeded",
                                                      "info_table_rejected") for k in kinds[kinds.index("backdoor_wait"):]):
            # BootCommander retries the backdoor entry for ever: a text that stops here never reached OpenBLT
            last = next(e for e in self.events if e["kind"] == "backdoor_wait")
            self.event("bootloader_no_answer", last["lineno"], last["line"], fail=True)
        return super().summary()
