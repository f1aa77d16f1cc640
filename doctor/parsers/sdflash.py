"""Klipper's scripts/flash-sdcard.sh (scripts/spi_flash/spi_flash.py): SD-card updates through a running Klipper.

Facts: one run under `sdcard.runs` (tool "flash-sdcard") with `device`, `board`, `written` (the upload
was validated), `success` ("Firmware Flash Successful"), `card` (the "SD Card Information" block:
version, sdhc, write_protected, sectors, capacity_gib, fs_type...), `boards` (a `-l` board list), and
events: sd_version_mismatch / sd_checksum_mismatch (after the reset the MCU does not run the upload),
sd_fatfs_error (FR_* codes), sd_mcu_mismatch, sd_board_unknown, sd_connect_failed, sd_error,
sd_upload_complete.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_FR = re.compile(r"\b(FR_[A-Z_]+)\b")
_VERSION = re.compile(r"Version Mismatch: Got '([^']*)'?(?:, expected '([^']*)')?")  # pastes often cut the long line
_CHECKSUM = re.compile(r"Checksum Mismatch(?:: Got '?([0-9A-Fa-f]+)'?, expected '?([0-9A-Fa-f]+)'?)?", re.I)
_MCU = re.compile(r"MCU Type mismatch: Build MCU = (\S+), Connected MCU = (\S+)")
_FLASHING = re.compile(r"^Flashing (\S+) to (\S+)")
_ARGV = re.compile(r"flash-sdcard\.sh\s+(?:-[a-z]\s+(?:\S+\s+)?)*?(?:-b\s+\d+\s+)?(/dev/\S+|\S+)\s+([a-z0-9][\w.-]*)\s*$")
_BOARD_BAD = re.compile(r"(?i)(?:unknown|invalid|unsupported) board\W*'?([\w.-]*)|board '?([\w.-]+)'? (?:is )?not (?:found|supported|defined|in)|Unable to find definition for board:\s*(\S*)")
_CARD_INIT = re.compile(r"flash_sdcard: (SD Card did not come|card does not support|SD Card not running in a|CMD8 Error|Invalid CMD8|READ_OCR Error|Invalid OCR|failed to set block size|Error reading CID|Error reading CSD|CID crc mismatch|CSD crc mismatch|failed to select the card|write error, SD Card not|Error writing to sector|Failed to get status response|Write error)")
_BOARD_PINS = re.compile(r"Invalid (SPI Bus|CS Pin|SDIO Bus|SPI pins?)\b")
_IMAGE = re.compile(r"No file found at '([^']*)'|Unable to locate klipper binary at '([^']*)'")
_KV = re.compile(r"^([A-Za-z_/ ]+?):\s+(.*)$")
_BOARD_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]+$")
_UPLOAD = re.compile(r"^Firmware Upload Complete: (\S+?),")

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


@register
class SdFlashParser(Parser):
    name = "flash-sdcard"
    namespace = "sdcard"
    strong = (
        r"^SD Card Information:",
        r"SD Card Flash Error",
        r"^Uploading Klipper Firmware to SD Card",
        r"^Firmware Upload Complete: ",
        r"^Checking FatFS CFFI Build",
        r"^Initializing SD Card and Mounting file system",
        r"^Firmware Flash Successful",
        r"^SD Card Flash Complete",
        r"^Unable to find definition for board: ",
        r"flash_sdcard: ",
        r"^This board requires a manual reboot to complete the flash process",
        r"^MCU needs restart: is_config=",
        r"SPIFlashError: ",
        r"^Verifying Flash\.\.\.",
        r"^Validating Upload\.\.\.",
        r"^MCU Type mismatch: Build MCU = ",
        r"flash-sdcard\.sh",
        r"spi_flash\.py",
        r"\bFR_(?:NOT_READY|NO_FILESYSTEM|DISK_ERR|INT_ERR|NO_FILE|NO_PATH|DENIED|WRITE_PROTECTED|NOT_ENABLED|TIMEOUT|INVALID_DRIVE)\b",
    )
    weak = (
        r"^Connecting to MCU\.\.\.",
        r"^Attempting MCU Reset\.\.\.",
        r"^Waiting for device to reconnect",
        r"^Current Firmware: ",
        r"^(?:SDHC/SDXC|Write Protected|Sectors|fs_type|volume_label|manufacturer_id|oem_id|product_name|capacity): ",
        r"^Available Boards",
    )
    event_kinds = (
        "sd_version_mismatch",
        "sd_checksum_mismatch",
        "sd_fatfs_error",
        "sd_mcu_mismatch",
        "sd_board_unknown",
        "sd_connect_failed",
        "sd_error",
        "sd_upload_complete",
        "sd_flash_success",
        "sd_card_init_error",
        "sd_board_pins",
        "sd_image_missing",
        "sd_needs_power_cycle",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}
        self.card: dict[str, Any] | None = None
        self.in_card = False
        self.in_boards = False
        self.boards: list[str] = []
        self.errors = 0
        self.seen_errors: set[str] = set()

    def _error(self, kind: str, lineno: int, line: str, **attrs: Any) -> None:
        key = f"{kind}:{attrs.get('expected')}:{attrs.get('text')}"
        if key in self.seen_errors:
            return  # the traceback's exception line repeats the message
        self.seen_errors.add(key)
        self.errors += 1
        self.event(kind, lineno, line, **attrs)

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            self.in_card = False
            return
        if self.in_card:
            m = _KV.match(text)
            if m and m.group(1).strip().lower() in _CARD_KEYS:
                self._card_value(_CARD_KEYS[m.group(1).strip().lower()], m.group(2).strip())
                return
            if m and len(m.group(1)) < 24 and " " not in m.group(1).strip("_"):
                return  # another key of the block
            self.in_card = False
        if self.in_boards:
            # spi_flash.py -l prints one bare name per line (monster8, robin_v3 and qidi-x6 alike)
            if _BOARD_NAME.match(text):
                if len(self.boards) < 500:
                    self.boards.append(text)
                return
            if text.endswith(":") and "alias" in text.lower():
                return
            self.in_boards = False
        if text.startswith("SD Card Information"):
            self.in_card = True
            self.card = {}
            return
        if text.startswith("Available Boards"):
            self.in_boards = True
            return
        m = _VERSION.search(text)
        if m:
            self._error("sd_version_mismatch", lineno, text, received=m.group(1), expected=m.group(2))
            return
        if "Checksum Mismatch" in text or "checksum mismatch" in text.lower() and "SD" in text:
            c = _CHECKSUM.search(text)
            self._error("sd_checksum_mismatch", lineno, text, received=c.group(1) if c else None, expected=c.group(2) if c else None)
            return
        m = _MCU.search(text)
        if m:
            self._error("sd_mcu_mismatch", lineno, text, expected=m.group(1), received=m.group(2), mcu=m.group(2))
            return
        m = _FR.search(text)
        if m and m.group(1) != "FR_OK":
            self._error("sd_fatfs_error", lineno, text, text=m.group(1))
            return
        m = _BOARD_BAD.search(text)
        if m:
            board = m.group(1) or m.group(2) or m.group(3)
            self._error("sd_board_unknown", lineno, text, board=board or None)
            return
        m = _CARD_INIT.search(text)
        if m:
            self._error("sd_card_init_error", lineno, text, text=m.group(1))
            return
        m = _BOARD_PINS.search(text)
        if m:
            self._error("sd_board_pins", lineno, text, text=m.group(1))
            return
        m = _IMAGE.search(text)
        if m:
            self._error("sd_image_missing", lineno, text, path=m.group(1) or m.group(2))
            return
        if text.startswith("This board requires a manual reboot to complete the flash"):
            self.event("sd_needs_power_cycle", lineno, text)
            return
        if text.startswith(("Unable to connect", "Unable to reconnect")) or "Unable to connect to MCU" in text:
            self._error("sd_connect_failed", lineno, text, text=text[:200])
            return
        if text.startswith("SD Card Flash Error") or text.startswith("SPIFlashError"):
            self._error("sd_error", lineno, text, text=text.split(":", 1)[-1].strip()[:200])
            return
        m = _UPLOAD.match(text)
        if m:
            self.summary["written"] = True
            self.event("sd_upload_complete", lineno, text, path=m.group(1))
            return
        if text.startswith(("Firmware Flash Successful", "SD Card Flash Complete")):
            self.summary["success"] = True
            if text.startswith("Firmware Flash Successful"):
                self.summary["verified"] = True  # the MCU runs the uploaded version
            self.event("sd_flash_success", lineno, text)
            return
        m = _FLASHING.match(text)
        if m:
            self.summary["device"] = m.group(2)
            return
        m = _ARGV.search(text)
        if m:
            self.summary.setdefault("device", m.group(1))
            self.summary["board"] = m.group(2)

    def _card_value(self, key: str, value: str) -> None:
        card = self.card if self.card is not None else {}
        self.card = card
        if key in ("sdhc", "write_protected"):
            card[key] = value.lower() == "true"
        elif key == "sectors":
            try:
                card[key] = int(value)
            except ValueError:
                pass
        elif key == "capacity":
            m = re.match(r"([\d.]+)\s*([KMGT]i?B)", value)
            if m:
                scale = {"K": 1 / 1024 / 1024, "M": 1 / 1024, "G": 1.0, "T": 1024.0}[m.group(2)[0]]
                card["capacity_gib"] = round(float(m.group(1)) * scale, 2)
            card["capacity"] = value
        else:
            card[key] = value

    def finish(self) -> dict[str, Any]:
        s = dict(self.summary)
        if self.card:
            s["card"] = self.card
        if self.boards:
            s["boards"] = self.boards
        if self.errors:
            s["success"] = False
        return {"sdcard": {"runs": [self.run(**s)]}}
