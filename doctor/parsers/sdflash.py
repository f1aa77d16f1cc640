"""Klipper's SD-card updater: scripts/flash-sdcard.sh and scripts/spi_flash/spi_flash.py (2021 to now).

Facts: one run under `sdcard.runs` (tool "flash-sdcard") with `device`, `board`, `written` (the upload
was validated), `success` ("Firmware Flash Successful"), `verified` (the MCU runs the upload), `card`
(the "SD Card Information" block: version, sdhc, write_protected, sectors, capacity_gib, fs_type...),
`boards` (a `-l` board list), and events: sd_version_mismatch / sd_checksum_mismatch (after the reset the
MCU does not run the upload), sd_fatfs_error (FR_* codes), sd_mcu_mismatch, sd_board_unknown,
sd_board_pins, sd_card_init_error, sd_image_missing, sd_device_missing, sd_connect_failed, sd_error,
sd_upload_complete, sd_flash_success, sd_needs_power_cycle, sd_not_applied (after the reset the version did
not change and no renamed current-firmware file could be read: the bootloader did not apply the card), and from prose
sd_board_unknown, sd_board_def_wrong and sd_fw_name_expected (the board's SD bootloader said to read a file of another
name, with `name`).

The messages are rows (`MESSAGES`); state is kept only for the two multi-line blocks whose lines mean
nothing alone (the card information block, the `-l` board list) and for the traceback's repetition of
an error line already seen.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _S21_NOT_ADVICE, _S21_NOT_ASKED

# (sdkat s24) the SD-flash path the sentence is about: Klipper's script, its board list, or KIAUH (whose "SD card" flash
# method runs flash-sdcard.sh with the board chosen from that list)
_SD_SCRIPT = r"(?:flash[-_]sd[-_]?card(?:\.sh)?|spi_flash(?:\.py)?|board_defs(?:\.py)?|kiauh)"
# (sdkat s24) a person says the board's SD bootloader reads a firmware file of another name than the one written
# (Klipper #5282 "my motherboard wants firmware called:robin_nano35.bin ... error on spi_flash.py"; KIAUH #782 "the Super
# Racer expects to find the firmware file named robin_nano_v3.bin (instead of firmware.bin)"): flash-sdcard.sh writes the
# board definition's firmware_path (firmware.bin unless the definition names another), so the board may lack a definition
# of its own. Only about Klipper's SD-flash path: the line names the script, KIAUH or Klipper, or contrasts the name with
# firmware.bin while an earlier line of the block names them (SdflashParser.feed); never a line naming another firmware
# (Marlin, RRF/Duet, Smoothie, a TFT) or a card copied by hand; not a question, advice, condition, negation or a story that
# ended well (it flashed fine, connected, "same as board_defs says"), and not the script's own file names (firmware.bin,
# klipper.bin: spi_flash.py's input). Forms: "<expects|wants|needs|looks for> the firmware file named X.bin", "the firmware
# must be / has to be (re)named (to) X.bin", "looks for X.bin instead of firmware.bin"
_SD_CONTEXT = r"\b(?:" + _SD_SCRIPT + r"|klipper\w*)\b"
_FW_CONTRAST = r"\b(?:instead of|rather than|in place of)\s+(?:the\s+)?[\"'`]?firmware\.bin\b"
_FW_NAME_EXPECTED = (
    r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE
    + r"(?![^\n]{0,400}?(?:\b(?:not|never|no longer|nor)\b|n't\b))"
    + r"(?![^\n]{0,400}?\b(?:if|unless|whether)\b)"
    + r"(?![^\n]{0,400}?\b(?:solved|fixed|resolved|worked|works now|now works|fine|success\w*|connected|flashed ok|no problem"
    + r"|same as|as board_defs|(?:per|according to) board_defs|handles?|handled)\b)"
    + r"(?![^\n]{0,400}?\b(?:marlin|rrf|reprap\w*|duet\w*|smoothie\w*|tft\w*|by hand|manually|copied|copy(?:ing)? it)\b)"
    + r"(?=[^\n]{0,400}?(?:" + _SD_CONTEXT + r"|" + _FW_CONTRAST + r"))"
    + r"(?:[^\n]{0,300}?\b(?:expects?|expected|wants?|wanted|needs?|needed|requires?|required|looks? for|looking for|searches for"
    + r"|only (?:accepts?|reads?|takes?|flashes))\b"
    + r"(?:[^.!?\n]{0,40}?\b(?:firmware|file|image|binary)\w*\b[^.!?\n]{0,30}?\b(?:named|called|with the name|name[sd]? as)\b\s*:?\s*"
    + r"|\s+(?:(?:the|a)\s+)?(?:file\s+)?(?=[\"'`]?[\w.-]+\.bin\b[^.!?\n]{0,20}?" + _FW_CONTRAST + r"))"
    + r"|[^\n]{0,300}?\b(?:firmware|file|image|binary)\w*\s+(?:must|has to|have to|needs? to|should)\s+be\s+(?:re)?named\s+(?:to\s+|as\s+)?:?\s*)"
    + r"[\"'`]?(?!(?:firmware|klipper|katapult|canboot)\.bin\b)(?P<name>[\w.-]+\.bin)\b"
)

_SD_CONTEXT_RE = re.compile(r"(?i)" + _SD_CONTEXT)

_CARD_INIT = (r"SD Card did not come|card does not support|SD Card not running in a|CMD8 Error|Invalid CMD8|READ_OCR Error|"
              r"Invalid OCR|failed to set block size|set card's|Error reading CID|Error reading CSD|CID crc mismatch|"
              r"CSD crc mismatch|failed to select the card|write error, SD Card not|Error writing to sector|"
              r"Failed to get status response|Write error")

MESSAGES = rows_of(
    group(
        "prose about flash-sdcard.sh's board list (before the script's own rows: the sentence names the script)",
        # (thin-sd s15) prose beside the script's name: the board is missing from `flash-sdcard.sh -l` (board_defs.py has no
        # entry or alias for it): "My board is not in the list from flash-sdcard.sh -l", "flash-sdcard.sh doesn't support my board"
        Msg("sd_board_unknown", r"(?i)^(?=.*\b(?:flash[-_]sdcard|board_defs|spi_flash)\b)(?:.*\b(?:is|are|was|were)(?:n'?t| not) (?:(?:in|on) (?:the|its|that) (?:board |supported )?list|among (?:the|its) boards"
            r"|(?:listed|supported|defined) (?:by|in|with) (?:\S*flash[-_]sdcard|\S*board_defs|\S*spi_flash|the script|-l))\b"
            r"|.*\b(?:does|did)(?:n'?t| not) (?:support|list|have|know|include) (?:my|the|this|our) (?:[\w.()-]+ ){0,5}?(?:board|printer|mainboard|controller)\b)",
            strength="strong", fail=True, example="My board (MKS Robin Nano V3) is not in the list from flash-sdcard.sh -l."),
        # (thin-sd s15) the board's entry is there but said to be wrong for the board: "The board_defs.py configuration appears to
        # be incorrect" (Klipper #4838, Fysetc Spider), "the board definition for the SKR Mini E3 V3 is wrong"
        Msg("sd_board_def_wrong", r"(?i)\b(?:board[_ ]defs?(?:\.py)?|board definitions?|(?:sd[- ]?card|flash[-_ ]sdcard(?:\.sh)?) (?:profile|definition|entry|config\w*))\b"
            r"[^.!?]{0,60}?\b(?:(?:is|are|was|were|appears? to be|seems? to be|looks?)\s+(?:\w+\s+)?(?:incorrect|wrong|broken|outdated|faulty|invalid)"
            r"|(?:is|are|was)(?:n'?t| not) (?:right|correct|working)|(?:does|did|do)(?:n'?t| not) work)\b",
            strength="strong", fail=True, example="The board_defs.py configuration appears to be incorrect, and should instead be:"),
        Msg("sd_fw_name_expected", _FW_NAME_EXPECTED, strength="strong", fail=True,
            example="It transfers klipper.bin but fails: the Super Racer expects the firmware file named robin_nano_v3.bin (instead of firmware.bin)."),
    ),
    group(
        "flash-sdcard.sh (2021-2025): argument and file checks before spi_flash.py runs",
        Msg("sd_invocation", r"flash-sdcard\.sh\b(?P<args>(?: +\S+)*)\s*$", strength="strong",
            example="~/klipper$ ./scripts/flash-sdcard.sh /dev/ttyACM0 btt-skr-v1.3"),
        Msg("sd_image_missing", r"No file found at '(?P<path>[^']*)'", strength="strong", fail=True,
            example="No file found at '/home/pi/klipper/out/klipper.bin'"),
        Msg("sd_device_missing", r"No device found at '(?P<device>[^']*)'", strength="strong", fail=True,
            example="No device found at '/dev/ttyACM0'"),
        Msg("sd_usage", r"^Invalid number of args: \d+", strength="weak", fail=True, example="Invalid number of args: 1"),
    ),
    group(
        "spi_flash.py (2021-2025): board definitions (board_defs.py)",
        # (sdkat s25) spi_flash.py printed "Unable to find defintion for board" (sic) from 2021 until Klipper 60879fd29
        # (2025, "klippy: fix typos in python code"): both spellings
        Msg("sd_board_unknown", r"Unable to find defini?tion for board: ?(?P<board>\S*)", strength="strong", fail=True,
            example="Unable to find defintion for board: btt-skr-2"),
        Msg("sd_board_unknown", r"(?i:(?:unknown|invalid|unsupported) board\b)\W*'?(?P<board>[\w.-]*)", strength="weak", fail=True,
            example="Invalid board: skr2"),
        Msg("sd_board_pins", r"(?P<text>Invalid (?:SPI Bus|CS Pin|SDIO Bus|Software SPI Pins|SPI pins?)\b|Unknown bus defined in board_defs)",
            strength="strong", fail=True, example="SD Card Flash Error: Invalid CS Pin: PA4"),
        Msg(None, r"^Available Boards:?", strength="strong", example="Available Boards:"),
        Msg(None, r"^Converting Klipper binary to custom format", strength="strong",
            example="Converting Klipper binary to custom format...Done"),
    ),
    group(
        "spi_flash.py (2021-2025): after the reset the MCU reports the old build",
        Msg("sd_version_mismatch", r"Version Mismatch: Got '(?P<received>[^']*)'?(?:, expected '(?P<expected>[^']*)')?",
            strength="strong", fail=True,
            example="SD Card Flash Error: Version Mismatch: Got 'v0.11.0-105-g1e7057e9...', expected 'v0.11.0-110-gaca0c71a...'"),
        # (audit s8) not Katapult's flashtool.py "Checksum mismatch: Expected X, Received Y" (its own row reads that one)
        # (octoprint s9) nor Marlin's line-protocol error "Error:checksum mismatch, Last Line: N" (a corrupted G-code line, in
        # OctoPrint's terminal), which has nothing to do with an SD card
        # (8bit-asia-mcus s14) nor stcgal's "Protocol error: packet checksum mismatch" / "verification checksum mismatch" (an STC
        # bootloader's UART packets, stcgal/protocols.py)
        # (audit-swd-rp-klipper s18) nor stlink-tools' Intel HEX reader "Wrong file format - checksum mismatch" (a damaged
        # .hex record, stlink 1.3-1.8 common.c stlink_parse_ihex; stlink.py reads it)
        # (deepen-precision s19) and in general only spi_flash.py's own forms (1467/1521: "Checksum Mismatch: Got '%s', expected
        # '%s'", raised as SPIFlashError and printed after "SD Card Flash Error: "): a bare "checksum mismatch" is any tool's
        # packet, record or verify check, each exclusion above was one of them, and the next would be another
        Msg("sd_checksum_mismatch", r"(?:(?<=SD Card Flash Error: )|(?<=SPIFlashError: )|(?=(?i:checksum mismatch: got )))(?i:Checksum Mismatch)(?!: Expected )(?!, Last Line)(?:: Got '?(?P<received>[0-9A-Fa-f]+)'?, expected '?(?P<expected>[0-9A-Fa-f]+)'?)?",
            strength="strong", fail=True,
            example="SD Card Flash Error: Checksum Mismatch: Got 'ABCDEF01', expected '12345678'"),
        Msg("sd_mcu_mismatch", r"MCU Type mismatch: Build MCU = (?P<expected>\S+), Connected MCU = (?P<mcu>\S+)", strength="strong",
            fail=True, example="SD Card Flash Error: MCU Type mismatch: Build MCU = stm32f407xx, Connected MCU = stm32f429xx"),
        Msg("sd_needs_power_cycle", r"^This board requires a manual reboot to complete the flash", strength="strong",
            example="This board requires a manual reboot to complete the flash process."),
        # the version did not change and the bootloader left no renamed file to checksum: the card was not applied on
        # that reset (2021 releases raise on the unreadable file, later ones skip the checksum and fail validation)
        Msg("sd_not_applied", r"Failed to read file (?P<path>[\w./-]+)", strength="none", fail=True,
            example="SD Card Flash Error: Failed to read file FIRMWARE.CUR"),
        Msg("sd_not_applied", r"(?:SD Card Flash Error|SPIFlashError): Validation failure", strength="strong", fail=True,
            example="SD Card Flash Error: Validation failure."),
    ),
    group(
        "spi_flash.py (2021-2025): the card and its FAT file system (fatfs_api.c FR_* codes)",
        Msg("sd_fatfs_error", r"\b(?P<text>FR_(?:NOT_READY|NO_FILESYSTEM|DISK_ERR|INT_ERR|NO_FILE|NO_PATH|DENIED|WRITE_PROTECTED|NOT_ENABLED|"
            r"TIMEOUT|INVALID_DRIVE|INVALID_NAME|INVALID_OBJECT|EXIST|MKFS_ABORTED|LOCKED|NOT_ENOUGH_CORE|TOO_MANY_OPEN_FILES|"
            r"INVALID_PARAMETER))\b", strength="strong", fail=True,
            example="OSError: flash_sdcard: failed to mount SD Card, returned FR_NO_FILESYSTEM"),
        Msg("sd_card_init_error", r"flash_sdcard: (?P<text>" + _CARD_INIT + ")", strength="strong", fail=True,
            example="OSError: flash_sdcard: SD Card did not come out of IDLE after reset"),
        Msg(None, r"^SD Card Information:", strength="strong", example="SD Card Information:"),
    ),
    group(
        "spi_flash.py (2021-2025): the serial link to the running Klipper",
        Msg("sd_connect_failed", r"(?P<text>Unable to (?:connect to MCU|reconnect)\b.*)", strength="strong", fail=True,
            example="SD Card Flash Error: Unable to connect to MCU"),
        Msg("sd_image_missing", r"Unable to locate klipper binary at '(?P<path>[^']*)'", strength="strong", fail=True,
            example="SD Card Flash Error: Unable to locate klipper binary at '/home/pi/klipper/out/klipper.bin'"),
        # (klipper-host s6) the same check, one step on (SPIFlash.__init__): out/klipper.dict, which every build writes beside
        # klipper.bin, is missing or unreadable: the out/ folder holds no complete build
        Msg("sd_image_missing", r"Missing or invalid dictionary at '(?P<path>[^']*)'", strength="strong", fail=True,
            example="SD Card Flash Error: Missing or invalid dictionary at '/home/pi/klipper/out/klipper.dict'"),
        Msg(None, r"^Connecting to MCU\.", strength="weak", example="Connecting to MCU...Connected"),
        Msg(None, r"^Checking Current MCU Configuration", strength="strong", example="Checking Current MCU Configuration...Done"),
        Msg(None, r"^MCU needs restart: is_config=", strength="strong", example="MCU needs restart: is_config=1, is_shutdown=0"),
        Msg(None, r"^Attempting MCU Reset", strength="weak", example="Attempting MCU Reset...Done"),
        Msg(None, r"^Waiting for device to reconnect", strength="weak", example="Waiting for device to reconnect....Done"),
        Msg(None, r"^Checking FatFS CFFI Build", strength="strong", example="Checking FatFS CFFI Build..."),
        Msg(None, r"^Initializing SD Card and Mounting file system", strength="strong",
            example="Initializing SD Card and Mounting file system..."),
        # (spent-e s10) spi_flash.py since the fast-SPI commit (Klipper 8a2da852f, PR #6443) prints the clock it asks for:
        # 400000 by default, 4000000 with flash-sdcard.sh -s ("Some SD cards will fail to initialize at the 400KHz clock")
        Msg("sd_spi_clock", r"^Requested SPI Clock Frequency: (?P<text>\d{3,9})\b", strength="strong",
            example="Requested SPI Clock Frequency: 400000"),
        Msg(None, r"^Requested SPI Clock Frequency", strength="strong", example="Requested SPI Clock Frequency: 400000"),
    ),
    group(
        "spi_flash.py (2021-2025): the upload and its check",
        Msg("sd_upload_complete", r"^Firmware Upload Complete: (?P<path>[^,\s]+)", strength="strong",
            example="Firmware Upload Complete: firmware.bin, Size: 26420, Checksum (SHA1): 34545302815A304DC43B8A1AFE60146C95E9E0EB"),
        Msg("sd_flash_success", r"^(?P<text>Firmware Flash Successful|SD Card Flash Complete)", strength="strong",
            example="Firmware Flash Successful"),
        Msg(None, r"^Uploading Klipper Firmware to SD Card", strength="strong", example="Uploading Klipper Firmware to SD Card...Done"),
        Msg(None, r"^Validating Upload", strength="strong", example="Validating Upload...Done"),
        Msg(None, r"^Verifying Flash\.\.\.", strength="strong", example="Verifying Flash...Version matched...Done"),
        Msg(None, r"^Current Firmware: ", strength="weak", example="Current Firmware: v0.12.0-45-g3d1a2b8c"),
        Msg("sd_target", r"^Flashing (?P<path>\S+) to (?P<device>\S+)", strength="weak",
            example="Flashing /home/pi/klipper/out/klipper.bin to /dev/ttyACM0"),
        Msg("sd_error", r"(?:SD Card Flash Error|SPIFlashError): (?P<text>.{1,200})", strength="strong", fail=True,
            example="SD Card Flash Error: Error Uploading Firmware"),
        Msg(None, r"spi_flash\.py", strength="strong",
            example='  File "/home/pi/klipper/scripts/spi_flash/spi_flash.py", line 1647, in main'),
    ),
)

_VERSION_CUT = re.compile(r"\.\.\.$")  # spi_flash.py cuts the versions it quotes with "..."
_KV = re.compile(r"^([A-Za-z_/ ]+?):\s+(.*)$")
_BOARD_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]+$")
_OPT_WITH_VALUE = {"-b", "-f", "-d"}
_CARD_KEYS = {
    "version": "version",
    "sdhc/sdxc": "sdhc",
    "write protected": "write_protected",
    "sectors": "sectors",
    "capacity": "capacity",
    "fs_type": "fs_type",
    "product_name": "product_name",
    "manufacturer_id": "manufacturer_id",
    "volume_label": "volume_label",
}
_STATE_KINDS = ("sd_invocation", "sd_target")


@register
class SdFlashParser(TableParser):
    name = "flash-sdcard"
    namespace = "sdcard"
    messages = MESSAGES
    weak = (r"^(?:SDHC/SDXC|Write Protected|Sectors|fs_type|volume_label|manufacturer_id|oem_id|product_name|capacity): ",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.card: dict[str, Any] | None = None
        self.in_card = False
        self.in_boards = False
        self.boards: list[str] = []
        self.errors = 0
        self.seen_errors: set[str] = set()
        self.verifying = False  # past "Verifying Flash...": the check after the reset (or -c) has started
        self.sd_context = False  # (sdkat s24) a line so far named flash-sdcard.sh, spi_flash.py, board_defs, KIAUH or Klipper

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            self.in_card = False
            return
        if self.in_card and self._card_line(text):
            return
        if self.in_boards:
            # spi_flash.py -l prints one bare name per line (monster8, robin_v3 and qidi-x6 alike)
            if _BOARD_NAME.match(text):
                if len(self.boards) < 500:
                    self.boards.append(text)
                return
            self.in_boards = False
        if text.startswith("SD Card Information"):
            self.in_card, self.card = True, {}
            return
        if text.startswith("Available Boards"):
            self.in_boards = True
            return
        if text.startswith("Verifying Flash..."):
            self.verifying = True
        named_here = _SD_CONTEXT_RE.search(text) is not None
        for row, m in self.match_line(text):
            g = {k: _VERSION_CUT.sub("", v) for k, v in m.groupdict().items() if v is not None}
            if row.kind == "sd_fw_name_expected" and not (named_here or self.sd_context):
                # (sdkat s24) a contrast with firmware.bin alone, no Klipper SD-flash path named in this block so far:
                # state "unnamed", no failure by itself (SD003 takes it only when another fact of the text names Klipper)
                self.event(row.kind, lineno, text, state="unnamed", **g)
                continue
            if row.kind == "sd_invocation":
                self._arguments(g.get("args", ""))
                continue
            if row.kind == "sd_target":
                self.fields["device"] = g["device"]
                continue
            if row.kind is None:
                continue
            if row.fail:
                key = f"{row.kind}:{g.get('expected')}:{g.get('text')}:{g.get('board')}"
                if key in self.seen_errors:
                    continue  # the traceback's exception line repeats the message
                self.seen_errors.add(key)
                self.errors += 1
            if row.kind == "sd_connect_failed" and self.fields.get("written"):
                # (printer-vendors s9) after "Firmware Upload Complete" spi_flash.py resets the board and reconnects to
                # verify: the bootloader has applied the new image by then, so a board that no longer answers on the
                # same port runs a firmware that talks elsewhere (USB vs UART, other pins or baud) or does not start
                g["state"] = "after_upload"
            if row.kind == "sd_checksum_mismatch" and self.verifying:
                # (deepen-misc s17) spi_flash.py verify_flash(): "Version unchanged..." then the bootloader's renamed
                # FIRMWARE.CUR checksummed against the upload: a mismatch here is the old image still on the board
                # (the upload was not applied on that reset), not a bad card; the upload's own check is "Validating Upload"
                g["state"] = "verify"
            if row.kind == "sd_upload_complete":
                self.fields["written"] = True
            elif row.kind == "sd_flash_success":
                self.fields["success"] = True
                if g.get("text", "").startswith("Firmware Flash Successful"):
                    self.fields["verified"] = True  # the MCU runs the uploaded version
            self.event(row.kind, lineno, text, **{**g, **({"fail": True} if row.fail else {})})
        self.sd_context = self.sd_context or named_here

    def _card_line(self, text: str) -> bool:
        m = _KV.match(text)
        if m and m.group(1).strip().lower() in _CARD_KEYS:
            self._card_value(_CARD_KEYS[m.group(1).strip().lower()], m.group(2).strip())
            return True
        if m and len(m.group(1)) < 24 and " " not in m.group(1).strip("_"):
            return True  # another key of the block (oem_id, serial_number, ...)
        self.in_card = False
        return False

    def _arguments(self, args: str) -> None:
        words = args.split()
        positional: list[str] = []
        skip = False
        for w in words:
            if skip:
                skip = False
                continue
            if w in _OPT_WITH_VALUE:
                skip = True
                continue
            if w.startswith("-"):
                continue
            positional.append(w)
        if len(positional) >= 2:
            self.fields.setdefault("device", positional[0])
            self.fields["board"] = positional[1]

    def _card_value(self, key: str, value: str) -> None:
        card = self.card if self.card is not None else {}
        self.card = card
        if key in ("sdhc", "write_protected"):
            card[key] = value.lower() == "true"
        elif key == "sectors":
            if value.isdigit():
                card[key] = int(value)
        elif key == "capacity":
            m = re.match(r"([\d.]+)\s*([KMGT]i?B)", value)
            if m:
                scale = {"K": 1 / 1024 / 1024, "M": 1 / 1024, "G": 1.0, "T": 1024.0}[m.group(2)[0]]
                card["capacity_gib"] = round(float(m.group(1)) * scale, 2)
            card["capacity"] = value
        else:
            card[key] = value

    def finish(self) -> dict[str, Any]:
        s = dict(self.fields)
        if self.card:
            s["card"] = self.card
        if self.boards:
            s["boards"] = self.boards
        if self.errors:
            s["success"] = False
        return {"sdcard": {"runs": [self.run(**s)]}}
