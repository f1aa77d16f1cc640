"""micronucleus, the USB bootloader uploader of Digispark / ATtiny boards (the `micronucleus` command line 1.x-2.6 and
Digistump's `launcher` that the Arduino cores run in front of it), as a message table.

Sources (commandline/micronucleus.c and library/micronucleus_lib.c of micronucleus 1.x-2.6, Digistump's launcher):
the tool waits for the device ("> Please plug in the device (will time out in 60 seconds) ...", older builds
"> Please plug in the device ... " and "> Press CTRL+C to terminate the program."; the launcher "Running Digispark
Uploader..." / "Plug in device now... (will timeout in 60 seconds)": prompts, not failures), then "> Device is
found!", "> Device has firmware version 2.5", erases, writes and ends ">> Micronucleus done. Thank you!". Failures:
"> Device search timed out" (nothing with 16d0:0753 answered in time), "Warning: device with unknown new version of
Micronucleus detected. This tool doesn't know how to upload to this new device ... Device reports version as: 2.3"
(the bootloader's major version is newer than this tool knows: the uploader is too old, it never uploads),
"usb_open(): Permission denied. For Linux, copy file .../49-micronucleus.rules to /etc/udev/rules.d." (no udev
rule), "Error opening bus ... device ...: ...", "... Micronucleus device seems to be inactive", ">> Flash erase /
write / Run error: ... has occured", "> Program file is N bytes too big for the bootloader!", "> Error loading or
parsing hex file." / "> Error opening FILE: ...". ">> Eep! Connection to device lost during erase! Not to worry"
with "Reconnected!" is the tool's own normal recovery.

Facts: one run per block under `flash.runs` (tool "micronucleus") with these events.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "micronucleus 1.x-2.6 commandline/micronucleus.c (prompt, progress, result)",
        Msg(None, r"^(?:>+\s*)?Please plug in the device(?: \(will time out in \d+ seconds\))? \.\.\.", "strong", benign=True,
            example="> Please plug in the device (will time out in 60 seconds) ... "),
        Msg(None, r"^(?:>+\s*)?Press CTRL\+C to terminate the program", example="> Press CTRL+C to terminate the program."),
        Msg("device_not_found", r"^(?:>+\s*)?Device search timed out", "weak", fail=True, example="> Device search timed out!"),
        Msg("device_found", r"^(?:>+\s*)?Device is found!", "weak", example="> Device is found!"),
        Msg("bootloader_version", r"^(?:>+\s*)?Device has firmware version (?P<version>\d+\.\d+)", "strong",
            example="> Device has firmware version 2.5"),
        Msg(None, r"^(?:>+\s*)?(?:Device signature: 0x1e|Available space for user applications:|Suggested sleep time between sending pages:"
            r"|Whole page count:|Erase function sleep duration:|Bootloader (?:entry|exit) condition:|Erasing the memory \.\.\."
            r"|Starting to upload \.\.\.|Starting the user app \.\.\.)",
            example="> Available space for user applications: 6012 bytes"),
        Msg(None, r"^(?:connecting|parsing|erasing|writing|running): \d+% complete", "weak", example="erasing: 55% complete"),
        Msg("flash_succeeded", r"^(?:>+\s*)?Micronucleus done\. Thank you!?", "strong", example=">> Micronucleus done. Thank you!"),
        # the tool's own recovery of a re-enumeration during the erase: normal on some hosts, the upload goes on
        Msg(None, r"^(?:>+\s*)?(?:Eep! Connection to device lost during erase! Not to worry|This happens on some computers - reconnecting"
            r"|Reconnected! Continuing upload sequence)", "strong", benign=True,
            example=">> Eep! Connection to device lost during erase! Not to worry"),
        Msg("reconnect_failed", r"^(?:>+\s*)?\(!\) Automatic reconnection not working", "strong", fail=True,
            example=">> (!) Automatic reconnection not working. Unplug and reconnect"),
        Msg("flash_error", r"^(?:>+\s*)?(?P<step>Flash erase|Flash write|Run) error: (?P<text>.+?) +has occured", "strong", fail=True,
            example=">> Flash write error: Input/output error has occured ..."),
        # (audit-kbd s8) micronucleus 1.x (tags v1.06-v1.11) printed the libusb result as a number, not strerror's words
        Msg("flash_error", r"^(?:>+\s*)?(?P<step>Flash erase|Flash write|Run) error (?P<code>-?\d+) has occured", "strong", fail=True,
            example=">> Flash write error -1 has occured ... (from the source's format)"),
        Msg(None, r"^(?:>+\s*)?Please unplug the device and restart the program", "strong", fail=True,
            example=">> Please unplug the device and restart the program."),
        # 2.5-2.6: after an erase/write failure it suggests another port or re-flashing the bootloader
        Msg(None, r"^(?:>+\s*)?Consider to use another USB port or to restore the bootloader with an ISP", "strong",
            example=">> Consider to use another USB port or to restore the bootloader with an ISP, if this continues to happen."),
        Msg("image_unreadable", r"^(?:>+\s*)?Warning: Checksum error between address 0x[0-9a-fA-F]+ and 0x", "strong", fail=True,
            example="> Warning: Checksum error between address 0x1c0 and 0x1d0 (from the source's format)"),
        Msg("tool_error", r"^(?:Neither filename nore? --erase-only|Did not understand --timeout value|Unknown File Type specified with --type option)",
            "strong", fail=True, example="Neither filename nor --erase-only given!"),
        Msg("tool_error", r"^Unrecognized option: \S", "weak", fail=True, example="Unrecognized option: -cdigispark (from the source's format)"),
        # 2.6 --info
        Msg(None, r"^(?:>+\s*)?(?:Device has application version: |Bootloader saves MCUSR contents|The bootloader (?:is (?:always )?activated|exits) )",
            example="> Device has application version: 1.0"),
        Msg("image_too_large", r"^(?:>+\s*)?Program file is (?P<excess>\d+) bytes too big for the bootloader", "strong", fail=True,
            convert=(("excess", int),), example="> Program file is 128 bytes too big for the bootloader!"),
        Msg("image_unreadable", r"^(?:>+\s*)?(?:Error loading or parsing hex file|Error loading raw file)", "strong", fail=True,
            example="> Error loading or parsing hex file."),
        # fopen of the image (the same words other tools print about ports: only inside a micronucleus block, only a file name)
        Msg("image_unreadable", r"^(?:>+\s*)?(?:No data in input file|Error (?:opening|reading) (?P<path>\S+\.(?:hex|bin|raw|eep)): )", fail=True,
            example="> Error opening /tmp/x.hex: No such file or directory"),
    ),
    group(
        "micronucleus 1.x-2.6 commandline/library/micronucleus_lib.c (finding and opening the device)",
        Msg("tool_too_old", r"device with unknown new version of Micronucleus detected", "strong", fail=True,
            example="Warning: device with unknown new version of Micronucleus detected."),
        Msg(None, r"This tool doesn't know how to upload to this new device", "strong",
            example="This tool doesn't know how to upload to this new device. Updates may be available."),
        Msg("bootloader_version", r"^Device reports version as: (?P<version>\d+\.\d+)", "strong", attrs={"newer": True},
            example="Device reports version as: 2.5"),
        Msg("usb_access_denied", r"usb_open\(\): (?P<text>[^.]+)\. For Linux, copy file \S*49-micronucleus\.rules", "strong", fail=True,
            example="usb_open(): Permission denied. For Linux, copy file https://github.com/micronucleus/micronucleus/blob/master/commandline/49-micronucleus.rules to /etc/udev/rules.d."),
        Msg("usb_open_failed", r"^Error opening bus \S+ device \S+: (?P<text>.+)$", "weak", fail=True,
            example="Error opening bus 001 device 005: Operation not permitted"),
        Msg("device_inactive", r"Micronucleus device seems to be inactive", "strong", fail=True,
            example="Input/output error. Micronucleus device seems to be inactive. Please unplug and replug or reset the device."),
    ),
    group(
        "micronucleus 2.x commandline/library/micronucleus_lib.c micronucleus_writeFlash(), micronucleus.c --info and --dump-progress "
        "(source audit s11, from the source's format)",
        # the bootloader patches the program's reset vector; a first instruction that is no rjmp/jmp cannot be patched: the write
        # then fails with 'Exec format error' (ENOEXEC). The image was not built as an AVR program starting with its vector table
        Msg("image_rejected", r"^The reset vector of the user program does not contain a branch instruction", "strong", fail=True,
            example="The reset vector of the user program does not contain a branch instruction,"),
        Msg(None, r"^therefore the bootloader can not be inserted\. Please rearrange your code", "strong", fail=True,
            example="therefore the bootloader can not be inserted. Please rearrange your code."),
        Msg(None, r"^(?:>+\s*)?(?:Unknown entry condition 0x[0-9a-f]|The bootloader is activated if the D- pin is high)", "strong",
            example="Unknown entry condition 0x7"),
        Msg(None, r'^\{status:"(?:connecting|parsing|erasing|writing|running)",step:\d+,steps:\d+,progress:[\d.]+\}$', "weak",
            example='{status:"erasing",step:2,steps:5,progress:0.500000}'),
    ),
    group(
        "Digistump launcher (Digistump AVR Boards, ATTinyCore, ArminJo's DigistumpArduino: the IDE's upload tool)",
        Msg(None, r"^Running Digispark Uploader\.\.\.", "strong", example="Running Digispark Uploader..."),
        Msg(None, r"^Plug in device now\.\.\. \(will timeout in \d+ seconds\)", "strong", benign=True,
            example="Plug in device now... (will timeout in 60 seconds)"),
        Msg(None, r"[/\\]micronucleus[/\\][\w.-]{1,40}[/\\](?:launcher|micronucleus)(?:\.exe)?\"? -(?:cdigispark|-timeout|-run)", "strong",
            example="/home/u/.arduino15/packages/digistump/tools/micronucleus/2.0a4/launcher -cdigispark --timeout 60 -Uflash:w:/tmp/b/Blink.ino.hex:i"),
    ),
)


@register
class MicronucleusParser(TableParser):
    name = "micronucleus"
    namespace = "flash"
    messages = MESSAGES
    hints = ("micronucleus", "plug in the device", "plug in device", "ctrl+c", "device search", "device is found", "firmware version",
             "device signature", "available space", "suggested sleep", "page count", "erase function", "bootloader entry",
             "bootloader exit", "erasing the memory", "starting to", "% complete", "eep!", "this happens on some", "reconnect",
             "error", "too big", "no data in input", "reports version", "usb_open", "digispark", "this tool doesn't know",
             "restart the program", "another usb port", "neither filename", "did not understand", "unknown file type", "unrecognized option",
             "application version", "mcusr", "the bootloader is", "the bootloader exits",
             "reset vector", "bootloader can not be inserted", "entry condition", "{status:")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "tool_too_old":
            ev["version_note"] = ""
        elif ev["kind"] == "bootloader_version" and ev.get("newer"):
            # the version of the bootloader this tool refused: carried to the tool_too_old event it explains
            for prev in reversed(self.events[:-1]):
                if prev["kind"] == "tool_too_old" and "version" not in prev:
                    prev["version"] = ev["version"]
                    prev["version_note"] = f"; the bootloader reports version {ev['version']}"
                    break
