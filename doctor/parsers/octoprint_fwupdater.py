"""OctoPrint's Firmware Updater plugin (OctoPrint-FirmwareUpdater 1.x, octoprint_firmwareupdater/__init__.py and
methods/*.py) as a message table: the plugin's own lines in octoprint.log (`... - octoprint.plugins.firmwareupdater -
ERROR - Flashing failed. <reason>.`), its console log's verdict and the same reason as its pop-up shows it
("Flashing failed" + the reason).

Each flash method runs a tool and turns the tool's output into one short reason: avrdude ("Timeout communicating with
programmer" for stk500v2's timeout, "Error opening serial device" for can't open device, "Error verifying flash",
"Avrdude says: 'not in sync..." with avrdude's own lines, "Avrdude returned code N"), stm32flash ("Cannot enter
bootloader, check your BOOT0/Reset pins settings": stm32flash's "Failed to init device", the ROM bootloader never
answered), dfu-util ("No DFU device found", "Cannot access DFU device": the device is there but may not be opened),
dfu-programmer ("No device found"), bossac (its line, or "bossac returned code N"), lpc1768 (the board's SD card as a USB
drive: "Firmware folder path is not writeable", "Unable to copy firmware file"), marlinbft (Marlin's binary file
transfer onto the SD card, then a reset: "Board reset too quickly - firmware could not have updated", the bootloader
cannot have applied it). A tool path that is not set or not executable, a missing Python package, and exit code 127
(the shell could not start the tool: not installed, or a shared library it needs is missing) are `tool_missing`.
avrdude's and bossac's own lines (the plugin's console log, "Running '/usr/bin/avrdude ...'") stay theirs: "Avrdude says:
'not in sync: resp=0x65" is read by the avrdude parser, so it is not claimed here.

Facts: one run per block under `flash.runs` (tool "octoprint-firmwareupdater").
"""

from __future__ import annotations

from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_FAILED = r"Flashing failed(?:\.| ?[-:])? "  # the log's "Flashing failed. X." and the pop-up's "Flashing failed" + X, as users
# copy the pop-up's title and text onto one line: "Flashing failed - bossac returned code 1", "Flashing failed: ..."
_TOOLS = r"(?P<name>[Aa]vrdude|bossac|dfu-programmer|dfu-util|[Ee]stool|stm32flash|BootCommander)"
# (octoprint s9) the pop-up puts "Flashing failed" in its title and the reason in its body: pasted, the reason stands on a line of
# its own. Only the plugin's own distinctive reasons may start a line this way (avrdude's and bossac's lines carry their prefixes)
_REASON = r"(?:" + _FAILED + r"|^)"

MESSAGES = rows_of(
    group(
        "OctoPrint-FirmwareUpdater 1.x octoprint_firmwareupdater/__init__.py (profile, method, result)",
        Msg("flash_method", r"octoprint\.plugins\.firmwareupdater - INFO - Flash method: (?P<name>\w+)", "strong",
            example="2023-01-15 20:59:44,491 - octoprint.plugins.firmwareupdater - INFO - Flash method: avrdude"),
        Msg(None, r"octoprint\.plugins\.firmwareupdater - INFO - (?:Firmware update (?:started|profile)|Printer port: |Disconnecting from printer"
            r"|Reconnecting to printer|Writing memory|Verifying memory)", "strong",
            example="2020-04-13 15:34:18,151 - octoprint.plugins.firmwareupdater - INFO - Firmware update started"),
        Msg("flash_succeeded", r"(?:octoprint\.plugins\.firmwareupdater - INFO - |^(?:\d{4}-\d\d-\d\d [\d:,]+ )?)Flashing successful\.",
            "strong", example="2019-03-28 16:50:08,390 Flashing successful."),
        Msg("unsupported_method", r"Unsupported flashing method: (?P<name>\S+)", "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Unsupported flashing method: foo"),
        # (octoprint s9) the command the plugin runs ("Running '<tool> <args> <port>' in <dir>"): the tool and the port it was given
        Msg("flash_tool_command", r"octoprint\.plugins\.firmwareupdater - INFO - Running '\S*?(?P<name>stm32flash|avrdude|bossac|dfu-programmer|dfu-util"
            r"|BootCommander)\b[^']{0,400}?\s(?P<port>/dev/tty\w+|/dev/serial/by-(?:id|path)/[^\s']+|COM\d+)", "strong",
            example="2020-12-02 20:31:31,010 - octoprint.plugins.firmwareupdater - INFO - Running '/usr/bin/stm32flash -v -i dtr,-rts,rts,-dtr "
                    "-g 0x8000000 -w /tmp/tmp037qdizc /dev/ttyACM0' in /usr/bin"),
        Msg("flash_failed", r"octoprint\.plugins\.firmwareupdater - ERROR - (?:Flashing failed\. Unexpected error|Error while attempting to flash)",
            "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Unexpected error."),
    ),
    group(
        "OctoPrint-FirmwareUpdater 1.x methods/avrdude.py, bossac.py, dfuprog.py, dfuutil.py, esptool.py, stm32flash.py, "
        "bootcmdr.py (tool paths and the reason of a failed flash)",
        Msg("tool_missing", r"Path to " + _TOOLS + r" (?:is not valid|does not exist|is not a file|is not executable|is not set)",
            "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Path to avrdude does not exist: /usr/bin/avrdude"),
        Msg("tool_missing", r"Python package '(?P<name>marlin-binary-protocol)' is not installed", "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Python package 'marlin-binary-protocol' is not installed"),
        Msg("tool_exit", _REASON + _TOOLS + r" returned code (?P<code>-?\d+)", "strong", fail=True, convert=(("code", int),),
            example="2020-04-13 15:34:19,394 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Avrdude returned code 1."),
        Msg("programmer_timeout", _REASON + r"Timeout communicating with programmer", "strong", fail=True,
            example="2024-10-26 22:35:30,621 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Timeout communicating with programmer."),
        Msg("serial_open_failed", _FAILED + r"Error opening serial device", "strong", fail=True,
            example="2021-01-13 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Error opening serial device."),
        Msg("verify_failed", _FAILED + r"Error verifying flash", "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Error verifying flash."),
        # stm32flash's "Failed to init device": the STM32 ROM bootloader never answered its 0x7F (the kind BOOT003 reads)
        Msg("rom_no_answer", _REASON + r"Cannot enter bootloader, check your BOOT0/Reset pins", "strong", fail=True,
            example="2020-12-02 20:31:32,477 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Cannot enter bootloader, check your "
                    "BOOT0/Reset pins settings and try again."),
        Msg("usb_access_denied", _FAILED + r"Cannot access DFU device", "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Cannot access DFU device."),
        Msg("bootloader_not_found", _FAILED + r"(?P<text>No DFU device found|No device found)\.?\s*$", "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. No DFU device found."),
        Msg("flash_failed", _FAILED + r"(?P<text>stm32flash error .{0,120}|Error resetting target|Connection timeout"
            r"|Reset failed|Wrong boot mode detected.{0,80}|No serial data received|Could not open the port|Patching (?:MMU|CW1) firmware file failed)",
            "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Error resetting target."),
        # (prusa-sovol s8) methods/avrdude.py: after the 1200-baud open of the MMU's / CW1's application port, no port with
        # the bootloader's USB id (2c99:0003 for the MMU) was listed 3 s later: the same event as PrusaSlicer's "The
        # Original Prusa MMU ... (bootloader) device was not found"
        Msg("mmu_bootloader_missing", _FAILED + r"(?P<text>Reboot (?P<name>MMU|CW1) to bootloader failed)", "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Reboot MMU to bootloader failed."),
    ),
    group(
        "OctoPrint-FirmwareUpdater 1.x methods/lpc1768.py and marlinbft.py (firmware.bin copied to the board's SD card, then a reset)",
        Msg("sd_copy_failed", r"(?P<text>Firmware folder path (?:is not writeable|is not valid|is not set|does not exist|is not a folder)"
            r"|Flashing failed\. Unable to copy file|Unable to (?:copy firmware file to firmware folder|unmount SD card|access firmware folder)"
            r"|Error executing (?:unmount command|'sync' command))", "strong", fail=True,
            example="2021-04-27 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Firmware folder path is not writeable: /media/usb"),
        Msg("reset_failed", r"octoprint\.plugins\.firmwareupdater - ERROR - (?P<text>Board reset failed|Reset failed|Timeout waiting for board "
            r"(?:reset to (?:init|complete)|to reset))", "strong", fail=True,
            example="2023-06-10 12:28:58,000 - octoprint.plugins.firmwareupdater - ERROR - Board reset failed"),
        # the port came back within a second of the reset: too soon for a bootloader to have written an SD card's firmware
        Msg("not_applied", r"Board reset too quickly - firmware could not have updated", "strong", fail=True,
            example="2023-09-20 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Board reset too quickly - firmware could not have updated"),
        Msg("bft_unsupported", r"Marlin BINARY_FILE_TRANSFER capability is not supported", "strong", fail=True,
            example="2021-02-16 14:34:27,433 - octoprint.plugins.firmwareupdater - ERROR - Marlin BINARY_FILE_TRANSFER capability is not supported"),
        Msg("bft_failed", r"Unable to (?:open binary file transfer connection|transfer firmware file to printer.{0,40})", "strong", fail=True,
            example="2021-01-01 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Unable to transfer firmware file to printer"),
    ),
)


@register
class OctoPrintFirmwareUpdaterParser(TableParser):
    name = "octoprint-firmwareupdater"
    namespace = "flash"
    messages = MESSAGES
    hints = ("firmwareupdater", "flashing failed", "cannot enter bootloader", "returned code", "timeout communicating with programmer", "flashing successful", "path to ", "python package", "flash method", "board reset",
             "firmware folder", "unable to", "error executing", "binary_file_transfer", "timeout waiting", "unsupported flashing")

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if "flash_succeeded" in kinds else {}
