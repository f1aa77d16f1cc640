"""bossac (BOSSA 1.3-1.9 and Arduino's 1.6.1-arduino/1.7.0 builds): the SAM-BA flasher of the Arduino Due,
Zero/MKR and SAMD/SAME/SAM3/SAM4 boards, as Klipper's `make flash`, the Arduino IDE and PlatformIO run it.

Facts: one run per block under `flash.runs` (tool "bossac"). "No device found on PORT" means nothing answered
the SAM-BA monitor's auto-baud on that port: the board runs its application (no 1200-baud touch or ERASE
reset reached it, or the port changed on the reset) rather than its bootloader (`bootloader_not_found`).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "BOSSA 1.3-1.9 src/bossac.cpp, Samba.cpp, Flasher.cpp",
        Msg("flash_command", r"(?:^|[\s>$#\"])(?:sudo\s+)?(?:\S*[/\\])?bossac(?:\.exe)?\"?\s+-", "strong",
            example="./bossac -i -d -p /dev/ttyACM0 -U true -e -w -v -b zephyr.bin -R"),
        Msg("bootloader_not_found", r"^No device found on (?P<port>\S+)", "strong", fail=True, example="No device found on /dev/ttyACM0"),
        Msg("device_unsupported", r"^Device unsupported", "strong", fail=True, example="Device unsupported"),
        Msg("device_found", r"^(?:Atmel SMART device|Device\s*:) ?(?P<name>\S+)", "weak", example="Atmel SMART device 0x285e0a60 found"),
        Msg(None, r"^(?:Set binary mode|Send auto-baud|Connected at \d+ baud)", "strong", example="Send auto-baud"),
        Msg("flash_erased", r"^(?:Erase flash|Flash is erased)", "weak", example="Erase flash"),
        Msg(None, r"^Write \d+ bytes to flash \(\d+ pages\)", "strong", example="Write 93760 bytes to flash (184 pages)"),
        Msg("flash_write_failed", r"^Flash command failed", "strong", fail=True, example="Flash command failed"),
        Msg("flash_write_failed", r"^SAM-BA operation failed", "strong", fail=True, example="SAM-BA operation failed"),
        Msg("verify_failed", r"^Verify failed", "strong", fail=True, example="Verify failed"),
        Msg("flash_verified", r"^Verify successful", "strong", example="Verify successful"),
        Msg("flash_written", r"^Write successful", "weak", example="Write successful"),
        Msg("tool_missing", r"bossac(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            example="bash: bossac: command not found"),
    ),
)


@register
class BossacParser(TableParser):
    name = "bossac"
    namespace = "flash"
    messages = MESSAGES
    hints = ("bossac", "no device found on", "device unsupported", "auto-baud", "binary mode", "bytes to flash", "flash command failed",
             "sam-ba", "verify", "write successful", "atmel smart device", "erase flash", "flash is erased")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "bootloader_not_found":
            ev["device"] = ev.get("port")

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if "flash_verified" in kinds or "flash_written" in kinds else {}
