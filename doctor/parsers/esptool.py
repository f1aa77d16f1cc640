"""The Espressif serial flashers as a message table: esptool (esptool.py 1.x-4.x, esptool 5.x, as run by the Arduino
ESP32/ESP8266 cores, PlatformIO, ESP-IDF's idf.py, Thonny, ESPHome and web front ends), espflash / cargo-espflash
(esp-rs, 1.x-4.x) and esptool-ck (igrr's C uploader of the Arduino ESP8266 core before 2.4).

How esptool reaches a chip (esptool/loader.py connect()): it resets the chip into its ROM download mode (DTR/RTS on
EN and GPIO0: `--before default_reset`; USB-Serial/JTAG and USB-OTG have their own sequences) and sends SYNC until
the ROM answers, printing a dot per try ("Connecting......."). When no try succeeds it raises FatalError
"Failed to connect to <chip>: <last error>" (2.x-5.x; <chip> is "ESP8266", "ESP32", "ESP32-S3"... or, before the
chip is known, "Espressif device"), printed as "A fatal error occurred: ..." or, when a wrapper calls esptool.main,
as a traceback ending "esptool.FatalError: ..." / "esptool.util.FatalError: ...". The last error is the signal:
- "No serial data received." / "Timed out waiting for packet header" (2.x-3.x): nothing answered the SYNC at all:
  the chip is not in download mode (the auto-reset did not pull GPIO0 low: no BOOT press on boards without the
  DTR/RTS circuit, a DIP switch or jumper, a slow EN capacitor), the port is another device, or TX/RX are not
  connected (external adapters);
- "Wrong boot mode detected (0xNN)! The chip needs to be in download mode." (4.x-5.x): esptool read the ROM's boot
  banner ("boot:0x13 (SPI_FAST_FLASH_BOOT)"): the chip reset but its strapping pins chose flash boot, GPIO0 was high;
- "Invalid head of packet (0xNN): Possible serial noise or corruption." (3.x-5.x; "Invalid head of packet (0xNN)"
  in 2.x): a byte other than SLIP's 0xC0 came back; a printable ASCII byte is text from the running application or
  the ROM's boot log, so the chip was not in download mode; a binary byte is line noise or a wrong baud;
- "Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down." (4.x-5.x):
  the ROM's banner was read, so the chip IS in download mode and its output reaches the host, but the host's SYNC
  does not reach the chip: the host TX to chip RX line (wiring, level shifter, a device on U0RXD).
espflash's equivalent is the miette error espflash::connection_failed, "Error while connecting to device" /
"Failed to connect to the device" (help: "Ensure that the device is connected and the reset and boot pins are not
being held down"). esptool-ck prints "warning: espcomm_sync failed" / "error: espcomm_open failed" and, when the
port cannot be opened, "error: Failed to open COM1".

Port opening failures ("Could not open /dev/ttyUSB0, the port is busy or doesn't exist", "could not open port ...",
espflash's serial_not_found) are read by the serial-error table (serial_errors.py); this table leaves them to it.

Facts: one run per block under `flash.runs` (tool "esptool"). `esp_connect_failed` carries `reason` (no_data,
boot_mode, invalid_head, no_sync, stream_stopped, other), `value` (the boot mode or the packet's first byte, 0xNN)
and `printable` (that byte is printable ASCII), `chip` the chip named. The healthy path (Chip is ..., Wrote ...,
Hash of data verified, Hard resetting via RTS pin) is recorded so a clean upload is a success.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_FATAL = r"(?:A fatal error occurred: |(?:esptool\.(?:util\.)?)?FatalError: |esptool\.FatalError: |Exception: |^)"

MESSAGES = rows_of(
    group(
        "esptool 2.x-5.x esptool/__init__.py main(), loader.py connect() (the header and progress of a run)",
        Msg(None, r"^esptool(?:\.py)? v\d+\.\d+", "strong", example="esptool.py v4.5.1"),
        Msg(None, r"(?:^|[\s/\\\"'])esptool(?:\.py|\.exe)?[\"']? +(?:--chip|-c|--port|-p|--baud|-b|--before|--trace|write_flash|write-flash|erase_flash|erase-flash|chip_id|flash_id|read_mac|read-mac)\b",
            "strong", example='"C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\esp32\\tools\\esptool_py\\4.5.1/esptool.exe" --chip esp32 --port "COM6" --baud 115200 write_flash -z 0x1000 a.bin'),
        Msg(None, r"^Serial port (?:COM\d+|/dev/\S+)$", "weak", example="Serial port /dev/ttyUSB0"),
        Msg(None, r"^Connecting\.\.", "weak", example="Connecting........_____....._____....._____"),
        # (healthy s7) esptool 4.x cmds.py detect_chip(): ROMs without GET_SECURITY_INFO (ESP8266, ESP32, ESP32-S2) make the
        # first detection step fail; esptool says so and falls back to the magic-register check (removed in 5.0, 05553a4)
        Msg(None, r"Detecting chip type\.\.\. Unsupported detection protocol, switching and trying again", "strong", benign=True,
            example="Detecting chip type... Unsupported detection protocol, switching and trying again..."),
        Msg("esp_chip", r"^(?:Chip is (?P<chip>ESP\S+)|Detecting chip type\.\.\. (?P<chip2>ESP\S+)|Chip type:\s+(?P<chip3>ESP\S+)|Connected to (?P<chip4>ESP\S+) on \S+:)",
            "strong", example="Chip is ESP8266EX"),
        Msg(None, r"^Changing baud rate to (?P<baud>\d+)", "weak", example="Changing baud rate to 921600"),
        Msg(None, r"^(?:Uploading stub\.\.\.|Running stub\.\.\.|Stub running\.\.\.|Stub flasher running\.|Stub is already running\. No upload is necessary\.|Configuring flash size\.\.\.|Auto-detected Flash size:|Flash will be erased from|Compressed \d+ bytes to \d+\.\.\.|Writing at 0x[0-9a-fA-F]+\.\.\. \(\d+ ?%\)|Leaving\.\.\.|Staying in bootloader\.)",
            "weak", example="Compressed 320400 bytes to 231688..."),
        Msg("flash_written", r"^Wrote \d+ bytes(?: \(\d+ compressed\))? at 0x[0-9a-fA-F]+ in [\d.]+ seconds", "strong",
            example="Wrote 320400 bytes (231688 compressed) at 0x00000000 in 5.7 seconds (effective 448.1 kbit/s)..."),
        Msg("flash_verified", r"^Hash of data verified\.", "strong", example="Hash of data verified."),
        Msg("flash_done", r"^Hard resetting (?:via RTS pin|with RTC WDT|with a watchdog)\.\.\.", "strong", example="Hard resetting via RTS pin..."),
    ),
    group(
        "esptool 2.x-5.x loader.py connect()/_connect_attempt(): FatalError 'Failed to connect to <chip>: <last error>'",
        Msg("esp_connect_failed",
            _FATAL + r"Failed to connect to (?P<chip>ESP\w*(?:-\w+)?|Espressif device)(?:: (?P<text>.*))?$", "strong", fail=True,
            example="A fatal error occurred: Failed to connect to ESP32: No serial data received."),
        Msg("esp_connect_failed", r"^(?:Exception|esptool\.FatalError): Failed to connect\s*$", "strong", fail=True,
            src="esptool 0.x-1.x (2014-2016): raise Exception('Failed to connect')", example="Exception: Failed to connect"),
        Msg("esp_link_failed", _FATAL + r"(?:Invalid head of packet \((?P<text>[^)]{1,12})\)|Serial data stream stopped|Packet content transfer stopped)", "strong", fail=True,
            src="esptool 1.x-5.x loader.py read()/command(): a reply that is not SLIP after the connection (during the stub upload or the "
                "transfer, often right after 'Changing baud rate to 921600')",
            example="A fatal error occurred: Invalid head of packet (0x01)"),
        Msg("esp_flash_unverified", r"Unable to verify flash chip connection(?: \((?P<text>[^)]*)\))?", "strong", fail=True,
            src="esptool 4.x-5.x esptool/__init__.py: the stub ran but reads the flash id as 0 or 0xFFFFFF",
            example="A fatal error occurred: Unable to verify flash chip connection (No serial data received.)."),
        Msg("esp_wrong_chip", r"This chip is (?P<chip>ESP\S+) not (?P<value>ESP\S+?)\. Wrong --chip argument\?", "strong", fail=True,
            src="esptool 3.x-5.x loader.py check_chip_id()", example="A fatal error occurred: This chip is ESP32-S3 not ESP32. Wrong --chip argument?"),
    ),
    group(
        "espflash 1.x-4.x src/error.rs (miette code espflash::connection_failed)",
        Msg("esp_connect_failed", r"\bespflash::connection_failed\b", "strong", fail=True, attrs={"reason": "no_data", "flasher": "espflash"},
            example="Error: espflash::connection_failed"),
        Msg("esp_connect_failed", r"Failed to connect to the device\s*$", "none", fail=True,
            attrs={"reason": "no_data", "flasher": "espflash"}, example="    ╰─▶ Failed to connect to the device"),
        Msg(None, r"(?:Error while connecting to device|Unable to connect, retrying with (?:extra|default) delay)", "strong",
            example="    × Error while connecting to device"),
        Msg(None, r"Ensure that the device is connected and (?:the )?reset and boot pins are not being held down", "strong", benign=True,
            example="  help: Ensure that the device is connected and the reset and boot pins are not being held down"),
    ),
    group(
        "esptool-ck 0.4.x espcomm/espcomm.c (Arduino ESP8266 core 1.6-2.3 uploader)",
        Msg("esp_port_open_failed", r"^error: Failed to open (?P<port>COM\d+|/dev/\S+)\s*$", "strong", fail=True,
            example="error: Failed to open COM1"),
        Msg(None, r"^error: espcomm_open failed\s*$", "strong", fail=True, example="error: espcomm_open failed"),
        Msg("esp_connect_failed", r"^(?:warning|error): espcomm_sync failed\s*$", "strong", fail=True, attrs={"reason": "no_data", "flasher": "esptool-ck"},
            example="warning: espcomm_sync failed"),
    ),
)

_REASONS = (
    ("boot_mode", re.compile(r"Wrong boot mode detected \((?P<v>0x[0-9a-fA-F]+)\)")),
    ("invalid_head", re.compile(r"Invalid head of packet \((?:b?'?)?(?P<v>0x[0-9a-fA-F]+|\\[rnt]|\\x[0-9a-fA-F]{2}|.)'?\)")),
    ("no_sync", re.compile(r"getting no sync reply|TX path seems to be down")),
    ("stream_stopped", re.compile(r"Serial data stream stopped")),
    ("no_data", re.compile(r"No serial data received|Timed out waiting for packet header|Timed out waiting for packet content")),
)


_CMD_BAUD = re.compile(r"(?:\s-b|--baud)[\s=]+(\d{4,7})\b")


def _byte(text: str) -> int | None:
    if text.startswith("0x"):
        return int(text, 16)
    if text.startswith("\\x"):
        return int(text[2:], 16)
    if text in ("\\r", "\\n", "\\t"):
        return {"\\r": 13, "\\n": 10, "\\t": 9}[text]
    return ord(text) if len(text) == 1 else None


@register
class EsptoolParser(TableParser):
    name = "esptool"
    namespace = "flash"
    messages = MESSAGES
    hints = ("fatal error occurred", "fatalerror", "esptool", "espflash", "espcomm", "failed to connect", "serial port", "connecting", "chip is", "chip type", "detecting chip",
             "stub", "baud rate", "flash", "compressed", "writing at", "wrote", "hash of data", "hard resetting", "leaving", "staying",
             "error while connecting", "unable to connect", "ensure that the device", "wrong --chip", "failed to open")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.baud: int | None = None

    def feed(self, lineno: int, line: str) -> None:
        if self.baud is None and "esptool" in line:
            b = _CMD_BAUD.search(line)
            if b:
                self.baud = int(b.group(1))
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if g.get("baud"):
            self.baud = int(g["baud"])
        if ev is None:
            return
        if ev["kind"] == "esp_chip":
            ev["chip"] = next((g[k] for k in ("chip", "chip2", "chip3", "chip4") if g.get(k)), None)
            for k in ("chip2", "chip3", "chip4"):
                ev.pop(k, None)
        elif ev["kind"] == "esp_connect_failed":
            # one failure can print twice (the FatalError and a wrapper's copy): keep the first
            if any(e is not ev and e["kind"] == "esp_connect_failed" for e in self.events):
                self.events.remove(ev)
                return
            text = ev.pop("text", None) or ""
            ev.setdefault("chip", "ESP chip")  # espflash and esptool-ck do not name it
            if "reason" not in ev:
                ev["reason"] = "other"
                for reason, rx in _REASONS:
                    r = rx.search(text)
                    if r:
                        ev["reason"] = reason
                        v = r.groupdict().get("v")
                        if v:
                            b = _byte(v)
                            if b is not None:
                                ev["value"] = f"0x{b:02X}"
                                if reason == "invalid_head":
                                    ev["printable"] = 0x20 <= b < 0x7F or b in (9, 10, 13)
                        break
        elif ev["kind"] == "esp_link_failed":
            v = _REASONS[1][1].search("Invalid head of packet (" + (ev.pop("text", None) or "") + ")")
            b = _byte(v.group("v")) if v else None
            if b is not None:
                ev["value"] = f"0x{b:02X}"
                ev["printable"] = 0x20 <= b < 0x7F or b in (9, 10, 13)
        elif ev["kind"] == "esp_flash_unverified":
            ev.pop("text", None)

    def finish(self) -> dict[str, Any]:
        for ev in self.events:
            if ev["kind"] == "esp_link_failed" and self.baud:
                ev["baud"] = self.baud  # the rate the link ran at when the reply broke
        return super().finish()

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if kinds & {"flash_verified", "flash_done", "flash_written"} else {}
