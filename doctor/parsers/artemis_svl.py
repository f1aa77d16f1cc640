"""SparkFun's Artemis / Apollo3 serial uploader, the SparkFun Variable Loader (SVL), as a message table.

Source read (maker-boards-misc s17): sparkfun/Apollo3_Uploader_SVL svl.py at fc89de7 (2023, script version 1.7; the
Arduino_Apollo3 core ships it as tools/artemis/artemis_svl.py and tools/uploaders/svl, PlatformIO's apollo3blue
platform as framework-arduinoapollo3/tools/uploaders/svl/dist/<os>/svl). main() opens the port at `-b` (default
115200), sends the baud-detect byte 'U' and waits for the bootloader's version packet; a time-out or a CRC error ends the
try with "Failed to enter bootload phase" (verbose only), three tries, then "Target failed to enter bootload mode. Verify
the right COM port is selected and that your board has the SVL bootloader." Then frames go out ("Sending frame #N,
length: L" verbose, a bar of '#' otherwise) and it ends "Upload complete" or "Upload failed". A SerialException on the
open prints phase_serial_port_help's "<port> is currently open..." (read in serial_errors.py).

Facts: runs under `flash.runs` (tool "artemis-svl"), `baud` the command line's -b. Event kinds: `bootloader_found` (the
SVL version packet), `bootloader_no_answer` (no version packet in three tries), `flash_succeeded`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_SRC = "sparkfun/Apollo3_Uploader_SVL svl.py fc89de7 (script 1.7; Arduino_Apollo3 tools/artemis/artemis_svl.py)"

_SVL = rows_of(
    group(
        _SRC,
        # the command line: Arduino's `artemis_svl(.exe) COM3 -f x.bin -b 921600 -v`, PlatformIO's `.../svl /dev/ttyUSB0 -b 921600 -f ...`
        Msg("svl_command", r"(?:^|[\\/\s\"'])(?:artemis_)?svl(?:\.exe)?[\"']?\s+(?P<port>\S+)\s.{0,400}?-b\s+(?P<baud>\d+)", strength="strong",
            convert=(("baud", int),), example="/home/u/.platformio/packages/framework-arduinoapollo3/tools/uploaders/svl/dist/linux/svl "
            "/dev/ttyUSB0 -b 921600 -f .pio/build/SparkFun_RedBoard_Artemis/firmware.bin -v"),
        Msg(None, r"^Artemis SVL Bootloader\s*$", strength="strong", example="Artemis SVL Bootloader"),
        Msg(None, r"^(?:Script version \d+\.\d+|Phase:\s+(?:Setup|Bootload)|Cleared startup blip|Sending 'enter bootloader' command|"
            r"have \d+ bytes to send in \d+ frames|Sending frame #\d+, length: \d+|Nominal bootload bps: )", strength="strong",
            example="Sending frame #1, length: 2048"),
        Msg("bootloader_found", r"^Got SVL Bootloader Version: (?P<version>\d+)", strength="strong", example="Got SVL Bootloader Version: 5"),
        # the bootloader asked for a frame again: it ended well when "Upload complete" follows
        Msg(None, r"^Retrying\.\.\.\s*$", example="Retrying..."),
        # one of the three tries got no version packet (time-out or CRC error); the last line below is the verdict
        Msg(None, r"^Failed to enter bootload phase\s*$", strength="strong", example="Failed to enter bootload phase"),
        Msg("bootloader_no_answer", r"^Target failed to enter bootload mode\. Verify the right COM port is selected", strength="strong",
            fail=True, example="Target failed to enter bootload mode. Verify the right COM port is selected and that your board has the SVL bootloader."),
        # without -v the verdicts follow the progress bar on its line ("[####]Upload complete", "[###Timeout or unknown error")
        Msg(None, r"(?:^|[\[\]#])(?:Error receiving packet|Timeout or unknown error|Upload failed)\s*$", strength="strong", fail=True,
            example="[######Timeout or unknown error"),
        Msg("flash_succeeded", r"(?:^|[\]#])Upload complete\s*$", strength="strong", example="[##############################]Upload complete"),
        Msg(None, r"^Bin file .+ does not exist\.", strength="strong", fail=True, example="Bin file blank.bin does not exist."),
    ),
)


@register
class ArtemisSvlParser(TableParser):
    name = "artemis-svl"
    namespace = "flash"
    messages = _SVL
    hints = ("svl", "script version", "phase:", "cleared startup", "enter bootloader", "bytes to send", "sending frame",
             "bootload", "retrying", "error receiving", "timeout or unknown", "upload failed", "upload complete", "bin file")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.baud: int | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "svl_command":
            self.baud = ev.get("baud")
        elif ev is not None and ev["kind"] == "bootloader_no_answer" and self.baud is not None:
            ev["baud"] = self.baud  # the rate the rule quotes

    def summary(self) -> dict[str, Any]:
        return {**super().summary(), "baud": self.baud}
