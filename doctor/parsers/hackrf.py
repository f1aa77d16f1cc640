"""HackRF's host tools (hackrf_info, hackrf_spiflash, hackrf_transfer, hackrf_sweep, hackrf_operacake...), as a message table
(proxmark-sec s13).

Sources read: greatscottgadgets/hackrf host/hackrf-tools/src/hackrf_info.c, hackrf_spiflash.c and host/libhackrf/src/hackrf.c
(2013 to master 8dbb347, 2026). Every tool reports a libhackrf call that failed as "<call>() failed: %s (%d)" with
hackrf_error_name(): before the 2017 rewording (commit 3c2a329) the enum's name ("HACKRF_ERROR_LIBUSB", "HACKRF_ERROR_NOT_FOUND"),
since then a phrase ("HackRF not found", "HackRF busy"), and for HACKRF_ERROR_LIBUSB (-1000) libusb_strerror() of the last
libusb error when libusb has it ("Access denied (insufficient permissions)", "Resource busy", "Input/Output Error").
hackrf_info lists the boards libusb enumerates (no open needed) and prints "No HackRF boards found." when there is none, then
opens each ("hackrf_open() failed: ..."). hackrf_spiflash -w prints "File size N bytes.", "Checking target device
compatibility" (and "Compatibility test failed." for an image built for another board), "Erasing SPI flash.", "Writing N
bytes at 0x000000."; it cannot open the image with "Error opening file %s" (since 2017; before, "Error to open file %s",
which now means the -r output file).

Meanings: the open refused (access denied; the older HACKRF_ERROR_LIBUSB from hackrf_open after the board was listed, which
the HackRF FAQ answers with the udev rule) -> the USB node's permission (USB004); "Resource busy" / "HackRF busy" -> another
program has the HackRF open (GNU Radio, SDR#, a second tool: the maintainers' answer in greatscottgadgets/hackrf #1557);
no board -> the HackRF is not on this host's bus (USB001: cable, port, a VM that did not take the device); the image file
that cannot be opened -> FW005; "Compatibility test failed." -> an image for another board (FW002).

Facts: one run per block under `flash.runs`, tool "hackrf".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_CALL = r"^hackrf_\w{1,60}\(\) failed: "

MESSAGES = rows_of(
    group(
        "greatscottgadgets/hackrf host/hackrf-tools/src/*.c and libhackrf hackrf.c hackrf_error_name (2013-2026)",
        Msg(None, r"^hackrf_info version: \S+", "strong", example="hackrf_info version: 2021.03.1"),
        Msg(None, r"^libhackrf version: \S+ \(\d+\.\d+\)", "strong", example="libhackrf version: 2021.03.1 (0.6)"),
        Msg("hackrf_found", r"^Found HackRF(?: board \d+:)?$", "strong", example="Found HackRF board 0:"),
        Msg(None, r"^Board ID Number: \d+ \(", "strong", example="Board ID Number: 2 (HackRF One)"),
        Msg(None, r"^Part ID Number: 0x[0-9a-f]{8} 0x[0-9a-f]{8}", "strong", example="Part ID Number: 0xa000cb3c 0x00534f4b"),
        Msg("hackrf_not_found", r"^(?i:No HackRF boards? found)\.?$", "strong", fail=True, example="No HackRF boards found."),
        Msg("hackrf_not_found", r"^hackrf_open\(\) failed: (?:HackRF not found|HACKRF_ERROR_NOT_FOUND) \(-5\)", "strong", fail=True,
            example="hackrf_open() failed: HackRF not found (-5)"),
        Msg("usb_access_denied", _CALL + r"(?P<text>Access denied \(insufficient permissions\)) \((?P<code>-\d+)\)", "strong", fail=True,
            convert=(("code", int),), example="hackrf_open() failed: Access denied (insufficient permissions) (-1000)"),
        Msg("device_busy", _CALL + r"(?P<text>Resource busy|HackRF busy|HACKRF_ERROR_BUSY) \((?P<code>-\d+)\)", "strong", fail=True,
            convert=(("code", int),), example="hackrf_open() failed: Resource busy (-1000)"),
        Msg("hackrf_open_failed", r"^hackrf_open\(\) failed: (?P<text>HACKRF_ERROR_LIBUSB|USB error) \((?P<code>-1000)\)", "strong", fail=True,
            convert=(("code", int),), example="hackrf_open() failed: HACKRF_ERROR_LIBUSB (-1000)"),
        Msg("hackrf_call_failed", r"^(?P<name>hackrf_\w{1,60})\(\) failed: (?P<text>.+?) \((?P<code>-?\d+)\)\s*$", "strong", fail=True,
            convert=(("code", int),), example="hackrf_spiflash_erase() failed: Input/Output Error (-1000)"),
        # hackrf_spiflash
        Msg(None, r"^File size \d+ bytes\.$", "weak", example="File size 35444 bytes."),
        Msg(None, r"^Checking target device compatibility$", "strong", example="Checking target device compatibility"),
        Msg("image_incompatible", r"^Compatibility test failed\.$", "strong", fail=True, example="Compatibility test failed."),
        Msg(None, r"^Erasing SPI flash\.$", "strong", example="Erasing SPI flash."),
        Msg("spiflash_writing", r"^Writing \d+ bytes at 0x[0-9a-f]{6}\.?$", "strong", example="Writing 42500 bytes at 0x000000."),
        Msg("image_missing", r"^Error (?:opening|to open) file (?P<file>.+?)\s*$", "strong", fail=True,
            example="Error to open file hackrf_one_usb_rom_to_ram.bin"),
        Msg("usage_error", r"^Specify either read, write, or reset option\.$", "strong", fail=True,
            example="Specify either read, write, or reset option."),
        Msg("hackrf_command", r"^(?:\S*[$#%>] ?)?(?:sudo )?(?:\S*[/\\])?(?P<name>hackrf_(?:info|spiflash|transfer|sweep|operacake|clock|debug"
            r"|cpldjtag|biast))(?:\.exe)?(?P<command>(?: .*)?)$", "strong", example="$ hackrf_spiflash -w hackrf_one_usb.bin"),
    ),
)


@register
class HackRFParser(TableParser):
    name = "hackrf"
    namespace = "flash"
    messages = MESSAGES
    hints = ("hackrf", "spi flash", "file size", "compatibility", "error opening file", "error to open file", "specify either",
             "part id number", "board id number", "writing ")
    event_kinds = ("output_file_failed",)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None or ev["kind"] != "image_missing":
            return
        # "Error to open file" is also -r's output file (since 2017): that is no missing image
        cmds = [e for e in self.events if e["kind"] == "hackrf_command"]
        if cmds and re.search(r"(?:^|\s)(?:-r|--read)\b", cmds[-1].get("command") or ""):
            ev["kind"] = "output_file_failed"
