"""MobiFlight Connector's firmware updater, as its log shows it (game-controllers-sim s14).

MobiFlight (home cockpits for flight simulators) flashes its own firmware onto Arduino Mega/Nano/Pro Micro boards by
running its bundled avrdude, and onto Raspberry Pi Picos by copying the UF2 to the BOOTSEL drive
(MobiFlight/MobiFlightFirmwareUpdater.cs, RunAvrDude() and FlashViaUsbDrive()). Its log (Settings > log level Debug)
carries avrdude's own lines, which the avrdude table reads; this table reads only the updater's verdicts around them:
the firmware file it looked for and did not find (a community board's repository downloaded instead of its release zip:
elral/MF_FCU_EFIS_OLEDs #5), avrdude's exit code, and avrdude overrunning the board's TimeoutForFirmwareUpdate (the
flash may have gone through: elral/MF_FCU_EFIS_OLEDs #16), and the Pico's BOOTSEL drive not found.

Facts: one run per block under `flash.runs` (tool "mobiflight"), events image_missing (path), flash_timeout,
flash_exit_code (code), uf2_drive_missing.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_SRC = "MobiFlight-Connector 9.x-10.x MobiFlight/MobiFlightFirmwareUpdater.cs (source read s14; real log lines as examples)"

MESSAGES = rows_of(
    group(
        _SRC,
        # RunAvrDude() / FlashViaUsbDrive(): IsValidFirmwareFilepath() failed for <board BasePath>\firmware\<FirmwareName>
        Msg("image_missing", r"\bFirmware not found: (?P<path>\S.{0,400}?)\.?\s*$", "strong", fail=True,
            example="Error\t01/22/2024 19:35:01\tFirmware not found: E:\\MobiFlight\\MobiFlight Connector\\Community\\nomega\\firmware\\gagagu_fcu_efis_mega_0_9_0.hex."),
        # Process.WaitForExit(board.AvrDudeSettings.Timeout) returned false: MobiFlight killed avrdude. A large image on a slow
        # bootloader (a Mega's verify) can outlast the board's TimeoutForFirmwareUpdate although the flash itself went on
        Msg("flash_timeout", r"\bavrdude timed out! Something went wrong when flashing with command", "strong", fail=True,
            example="MobiFlightFirmwareUpdater.RunAvrDude(): avrdude timed out! Something went wrong when flashing with command "),
        Msg("flash_failed", r"\bExitCode: (?P<code>-?\d+) => Something went wrong when flashing with command", "strong", fail=True,
            convert=(("code", int),), example="ExitCode: 1 => Something went wrong when flashing with command "),
        # "Firmware upload exit code: {p.ExitCode}." (older releases: "Firmware Upload Exit Code: 0")
        Msg("flash_exit_code", r"\bFirmware [Uu]pload [Ee]xit [Cc]ode: (?P<code>-?\d+)", "strong", convert=(("code", int),),
            example="7/13/2021 9:48:35 PM(102): Firmware Upload Exit Code: 0"),
        Msg(None, r"\bFirmware update for .{1,80} \(\S+\) completed successfully", "strong",
            example="Firmware update for MobiFlight Mega (COM5) completed successfully"),
        # FlashViaUsbDrive(): a Pico toggled over its COM port did not come back as the UF2 drive its .board.json names
        Msg("uf2_drive_missing", r"\bNo mounted USB drives? (?:found|named \S.{0,60} found|letter \S{1,8} found)"
            r"|\bA mounted USB drive named \S.{0,60} was found but verification file", "strong", fail=True,
            example="No mounted USB drives named RPI-RP2 found."),
    ),
)


@register
class MobiFlightParser(TableParser):
    name = "mobiflight"
    namespace = "flash"
    messages = MESSAGES
    hints = ("firmware not found", "avrdude timed out", "something went wrong when flashing", "exit code", "completed successfully",
             "mounted usb drive")
