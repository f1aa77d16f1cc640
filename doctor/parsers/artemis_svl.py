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
        Msg(None, r"[\[\]#](?:Error receiving packet|Timeout or unknown error|Upload failed)\s*$|^(?:Error receiving packet|Timeout or unknown error)\s*$",
            strength="strong", fail=True, example="[######Timeout or unknown error"),
        # (arduino-forum-arm s18) a bare "Upload failed" is also the last line of SparkFun's ASB uploader (ambiq_asb.py):
        # it stays with the block it ends rather than start one
        Msg(None, r"^Upload failed\s*$", fail=True, example="Upload failed"),
        Msg("flash_succeeded", r"(?:^|[\]#])Upload complete\s*$", strength="strong", example="[##############################]Upload complete"),
        Msg(None, r"^Bin file .+ does not exist\.", strength="strong", fail=True, example="Bin file blank.bin does not exist."),
        # (arduino-forum-arm s18) phase_serial_port_help (svl.py 1.7 and the 1.0.x cores' artemis_svl.py): the port would not
        # open and list_ports does not list it; the ports it does list follow ("...: Likely an Arduino or derivative. Try COM5.")
        Msg("serial_no_such_port", r"^(?P<port>\S+) not found but we detected the following serial ports:", strength="strong", fail=True,
            example="COM7 not found but we detected the following serial ports:"),
    ),
    group(
        # (arduino-forum-arm s18) the older script, Arduino_Apollo3 tools/artemis/artemis_svl.py up to 977cad9 (2019-12, the
        # 1.0.x cores; "Add checking of return value to setup phase", 2020-02, brought the wording above): lower-case
        # verbose lines; phase_setup's result was ignored, so a bootloader that never sent its version packet shows only
        # phase_bootload's always-printed "error receiving packet" and the packet dict wait_for_packet started from
        # ({'len': 0, ..., 'timeout': 1}: nothing read; timeout 0 with a CRC: bytes arrived garbled), then "unknown error".
        # Those cores' IDE menu offered 921600 first (boards.txt svl_baud), the rate a CH340 bridge does not carry
        "sparkfun/Arduino_Apollo3 tools/artemis/artemis_svl.py 977cad9 (cores 1.0.x, 2019)",
        Msg(None, r"^(?:phase:\s+(?:setup|bootload)|cleared startup blip|sending frame #\d+, length: \d+)\s*$", strength="strong",
            example="sending frame #0, length: 0"),
        Msg("bootloader_no_answer", r"^error receiving packet\s*$", strength="weak", fail=True, example="error receiving packet"),
        # the dict's crc and timeout (read in on_event): timeout 0 with a non-zero crc is a packet that came whole, garbled
        Msg("svl_packet", r"^\{'len': \d+, 'cmd': \d+, 'data': .{0,2000}'crc': (\d+), 'timeout': ([01])\}$", strength="strong",
            example="{'len': 0, 'cmd': 0, 'data': 0, 'crc': 1, 'timeout': 1}"),
        Msg(None, r"^unknown error\s*$", fail=True, example="unknown error"),
    ),
)


@register
class ArtemisSvlParser(TableParser):
    name = "artemis-svl"
    namespace = "flash"
    messages = _SVL
    hints = ("svl", "script version", "phase:", "cleared startup", "enter bootloader", "bytes to send", "sending frame",
             "bootload", "retrying", "error receiving", "timeout or unknown", "upload failed", "upload complete", "bin file",
             "'timeout':", "unknown error", "not found but we detected")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.baud: int | None = None
        self.legacy = False  # the 1.0.x cores' script (lower-case wording): their IDE menu's first rate was 921600
        self.garbled = False  # a packet arrived whole but failed its CRC: bytes corrupted on the way (the rate)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "svl_command":
            self.baud = ev.get("baud")
        elif ev is not None and ev["kind"] == "bootloader_no_answer":
            self.legacy = self.legacy or ev["line"].strip() == "error receiving packet"
            if self.baud is not None:
                ev["baud"] = self.baud  # the rate the rule quotes
        elif ev is not None and ev["kind"] == "svl_packet":
            self.garbled = self.garbled or (m.group(2) == "0" and m.group(1) != "0")

    def summary(self) -> dict[str, Any]:
        return {**super().summary(), "baud": self.baud, "legacy": self.legacy, "garbled": self.garbled}
