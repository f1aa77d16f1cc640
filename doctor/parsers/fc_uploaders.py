"""Flight-controller ground-station uploaders, as message tables (fc-dfu s9): the PX4/ArduPilot bootloader uploader
(`Tools/scripts/uploader.py`, PX4's `Tools/px_uploader.py`, run by `./waf --upload`, `make ... upload` and companion
computers), QGroundControl's firmware upgrade page, Mission Planner's Install Firmware, and the ExpressLRS flasher
(`UARTupload.py` / `binary_flash.py` through a flight controller's serial passthrough).

Sources read: ArduPilot Tools/scripts/uploader.py (2017-2024; px_uploader.py shares it): "Loaded firmware for %x,%x, size:
%d bytes, waiting for the bootloader..." (PX4's newer "Loaded firmware for board id: %s,%s size: %d bytes (%.2f%%)"), the
reboot attempts ("attempting reboot on %s..." in old PX4 copies, "Attempting reboot on %s with baudrate=%d..."), "Found
board %x,%x bootloader rev %x on %s" (PX4: "Found board id: %s,%s bootloader version: %s on %s"), the board check
"WARNING: Firmware not suitable for this board (board_type=%u board_id=%u)" (PX4: "(Firmware board_type=%u board_id=%u)")
unless "FORCED WRITE, FLASHING ANYWAY!", the protocol errors it raises and main() prints as "ERROR: %s" ("unexpected %s
instead of INSYNC", "bootloader reports OPERATION FAILED / INVALID OPERATION", "timed out waiting for erase", "Program CRC
failed", "Verification failed", "Firmware image is too large for this board", "timeout waiting for data (%u bytes)"), the
ModemManager warning, and success ("Rebooting.", "Identification complete"). QGroundControl's FirmwareUpgrade page and its
Bootloader class print "Found device: ...", "Connected to bootloader:", "Board ID: %d", "Erasing previous program...",
"Programming new version...", "Error: <step> failed: <reason>" / "Error: Sync: Send Command: Invalid sync response: 0x%1
0x%2" and "Upgrade cancelled"; FirmwareUpgradeLog lines "Erase complete" / "Program complete" / "Verify complete".
Mission Planner: "Error: No response from board" (no bootloader answered while it scanned the ports), "ERROR: Firmware not
suitable for this board fw:%d - board:%d", "Upload succeeded but verify failed: exp %s got %s at %d" (its AVR path).
The ExpressLRS flasher: the passthrough banner, "We were already in bootloader", "Got into bootloader after: %d attempts",
"Verified RX target '%s'", "Wrong target selected your RX is '%s', trying to flash '%s'", python xmodem's "send error:
expected ACK; got %r for block %s" and "NAK received %d times, aborting", "[FAILED] Upload failed!", "[FAILED] Unable to
communicate with bootloader...".

EdgeTX Buddy (locales/en/flashing.json, src/shared/backend/services/dfu.ts): "Could not connect to DFU interface", "Device
does not have any USB DFU interfaces.", "Could not erase existing firmware", "DFU GETSTATUS failed: ...".

Mission Planner's "No response from board" stays a quoted failure (GEN001): the resolved threads split between a board
that was not caught in its bootloader (replugging while it waits, ArduPilot discuss 85876) and Mission Planner versions
that did not know the board's bootloader (discuss 30196, 30364, MissionPlanner #1614).

APM Planner 2 (src/ui/configuration/ApmCustomFirmwareConfig.cpp, PX4FirmwareUploader.cc): "Waiting for replug of fc connected
to %s", "Flight controller reconnected - reading bootloader data.", the bootloader's "Board ID: %d", "Erase failed - took too
long.", "CRC mismatch! Firmware write failed, please try again", "Verify successful, rebooting", "Error during upload: %s".

Facts: one run per block under `flash.runs`, tool "px4-uploader", "qgc", "mission-planner", "apm-planner", "elrs-flasher" or
"edgetx-buddy".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of


PX4_UPLOADER = rows_of(
    group(
        "ArduPilot Tools/scripts/uploader.py 2017-2024, PX4 Tools/px_uploader.py 1.x (waf --upload, make upload)",
        Msg("firmware_loaded", r"^Loaded firmware for (?:board id: )?(?P<board>[0-9a-fA-F]+),\d+,? size: (?P<size>\d+) bytes",
            "strong", convert=(("size", int),),
            example="Loaded firmware for 8f,0, size: 1484192 bytes, waiting for the bootloader..."),
        Msg(None, r"If the board does not respond(?: within 1-2 seconds)?, unplug and re-plug the USB connector", "strong",
            example="If the board does not respond within 1-2 seconds, unplug and re-plug the USB connector."),
        Msg("reboot_attempt", r"(?i:attempting reboot on) (?P<port>\S+?)(?: with baudrate=(?P<baud>\d+))?\.\.\.", "strong",
            convert=(("baud", int),), example="Attempting reboot on /dev/ttyACM0 with baudrate=57600..."),
        Msg("bootloader_found", r"^Found board (?:id: )?(?P<board>[0-9a-fA-F]+),\d+ bootloader (?:rev|version:) ?(?P<version>\d+) on (?P<port>\S+)",
            "strong", example="Found board 8f,0 bootloader rev 5 on /dev/serial/by-id/usb-ArduPilot_MatekF765-Wing-BL_1A0-if00"),
        Msg(None, r"^(?:Bootloader Protocol: \d+|OTP:|ChipDes:|Chip:|Info:|(?:flash size|board_type|board_rev|family|revision|sn|coa|vid|pid|type|idtype): )",
            example="Bootloader Protocol: 5"),
        Msg("firmware_board_mismatch", r"Firmware not suitable for this board \((?:Firmware )?board_type=(?P<received>\d+).*?board_id=(?P<expected>\d+)",
            "strong", fail=True, convert=(("received", int), ("expected", int)),
            example="WARNING: Firmware not suitable for this board (Firmware board_type=1063 board_id=140)"),
        Msg("forced_write", r"FORCED WRITE, FLASHING ANYWAY!", "strong", example="FORCED WRITE, FLASHING ANYWAY!"),
        Msg("image_too_large", r"Firmware image is too large for this board", "strong", fail=True,
            example="ERROR: Firmware image is too large for this board"),
        Msg("insync_lost", r"^(?:ERROR: )?unexpected (?P<byte>.{0,12}?) ?instead of INSYNC", "strong", fail=True,
            example="ERROR: unexpected  instead of INSYNC"),
        Msg("bootloader_refused", r"bootloader reports (?P<text>OPERATION FAILED|INVALID OPERATION)", "strong", fail=True,
            example="ERROR: bootloader reports OPERATION FAILED"),
        Msg("erase_timeout", r"timed out waiting for erase", "strong", fail=True, example="ERROR: timed out waiting for erase"),
        Msg("verify_failed", r"^(?:ERROR: )?(?:Program CRC failed|Verification failed)", "weak", fail=True,
            example="ERROR: Program CRC failed"),
        Msg("uploader_timeout", r"timeout waiting for data \(\d+ bytes\)", "strong", fail=True,
            example="ERROR: timeout waiting for data (4 bytes)"),
        Msg("uploader_error", r"^(?:ERROR: )?(?:Bootloader protocol mismatch|Unsupported bootloader protocol \d+|Programing not supported for this version of silicon)",
            "strong", fail=True, example="Unsupported bootloader protocol 1"),
        Msg("uploader_error", r"^ERROR: (?P<text>.{1,200})", fail=True, example="ERROR: could not open port"),
        # the ArduPilot uploader's note for a bootloader older than the external-flash query: harmless
        Msg(None, r"^Could not get external flash size, assuming 0", "strong", benign=True,
            example="Could not get external flash size, assuming 0"),
        # a hint, not a failure: the uploader prints it whenever /usr/sbin/ModemManager exists
        Msg(None, r"WARNING: You should uninstall ModemManager as it conflicts", "strong", benign=True,
            example="WARNING: You should uninstall ModemManager as it conflicts with any non-modem serial device (like Pixhawk)"),
        Msg(None, r"^(?:Erase  |Program|Verify ): \[[= ]*\] ?\d+(?:\.\d)?%", "strong", example="Erase  : [====================] 100.0%"),
        Msg("flash_succeeded", r"^(?:Rebooting\.|Identification complete)\s*$", "weak", example="Identification complete"),
    ),
)


@register
class Px4UploaderParser(TableParser):
    """The PX4/ArduPilot serial bootloader uploader (uploader.py, px_uploader.py). Facts: a run under `flash.runs`, tool
    "px4-uploader": `firmware_loaded`, `reboot_attempt`, `bootloader_found` (board id, bootloader version),
    `firmware_board_mismatch` (expected: the image's board id, received: the board's; not a failure once FORCED WRITE
    follows), protocol errors, and `bootloader_not_caught` when reboot attempts went on without the bootloader ever
    answering."""

    name = "px4-uploader"
    namespace = "flash"
    hints = ("loaded firmware for", "unplug and re-plug", "attempting reboot", "found board", "bootloader protocol", "otp:",
             "chipdes:", "chip:", "info:", "flash size", "board_type", "board_rev", "family", "revision", "sn:", "coa:", "vid:", "pid:", "type:", "not suitable for this board", "forced write", "too large for this board",
             "insync", "bootloader reports", "waiting for erase", "crc failed", "verification failed", "timeout waiting for data",
             "bootloader protocol", "unsupported bootloader", "not supported for this version", "error: ", "modemmanager",
             "erase  :", "program:", "verify :", "rebooting.", "identification complete", "external flash size")
    messages = PX4_UPLOADER
    event_kinds = ("bootloader_not_caught",)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "forced_write":
            for e in self.events:
                if e["kind"] == "firmware_board_mismatch":
                    e["fail"] = False  # --force: the uploader writes it anyway

    def summary(self) -> dict[str, Any]:
        kinds = [e["kind"] for e in self.events]
        attempts = [e for e in self.events if e["kind"] == "reboot_attempt"]
        waiting = [e for e in self.events if e["kind"] == "firmware_loaded"]
        if "bootloader_found" not in kinds and "flash_succeeded" not in kinds and not any(e.get("fail") for e in self.events):
            # the uploader kept knocking (its own loop) and no bootloader ever answered on the ports it tried, or the paste
            # ends at "waiting for the bootloader..." (PX4 #11624: it sat there for good): the bootloader was never caught
            last = attempts[-1] if len(attempts) >= 3 else (waiting[-1] if waiting and self.events[-1] is waiting[-1] else None)
            if last is not None:
                extra = {"port": last["port"]} if last.get("port") else {}
                self.event("bootloader_not_caught", last["lineno"], last["line"], fail=True, count=len(attempts), **extra)
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        if "flash_succeeded" in kinds:
            return {"success": True}
        return {}


QGC = rows_of(
    group(
        "QGroundControl 2.x-4.x src/VehicleSetup/FirmwareUpgradeController.cc, PX4FirmwareUpgradeThread.cc, Bootloader.cc",
        Msg(None, r"Plug in your device via USB to start firmware upgrade|QGroundControl(?: Daily)? can upgrade the firmware on Pixhawk devices"
            r"|All QGroundControl(?: Daily)? connections to vehicles must be disconnected", "strong",
            example="Plug in your device via USB to start firmware upgrade."),
        Msg("device_found", r"^Found device: (?P<name>.+)", "weak", example="Found device: PX4 FMU V2"),
        Msg("bootloader_found", r"^Connected to bootloader:", "strong", example="Connected to bootloader:"),
        Msg(None, r"^(?:Version|Board ID|Flash size): \d+", example="Board ID: 255"),
        Msg(None, r"^(?:Erasing previous program\.\.\.|Programming new version\.\.\.|Verifying program\.\.\.|Downloading firmware\.\.\.)", "weak",
            example="Programming new version..."),
        # (deepen-ser-usb-fw s18) Bootloader.cc _write()/_read(): "Write failed: %1" with QSerialPort's errorString, the OS's
        # text for the failed call: Windows' winerror 31/22, Linux EIO/ENODEV, macOS ENXIO are the board leaving the bus under
        # the open port mid-upgrade (qgroundcontrol#2571, fixed on a USB 3 / powered port): `link_lost` (USB003)
        Msg("serial_io_error", r"^Error: (?:[A-Z][\w ]{0,40}: )*(?:Write|Read) failed: (?:OS error: )?(?:A device attached to the system is not functioning|"
            r"The device does not recognize the command|Input/output error|Device not configured|No such device)", "strong", fail=True,
            attrs={"link_lost": True}, example="Error: Sync: Send Command: Write failed: OS error: A device attached to the system is not functioning."),
        Msg("qgc_sync_failed", r"^Error: Sync: (?P<text>.{1,160})", "strong", fail=True,
            example="Error: Sync: Send Command: Invalid sync response: 0x21 0x20"),
        Msg("qgc_flash_failed", r"^Error: (?P<step>Flash|Erase|Verify|Program|Board info|Get board info|Reboot) failed: (?P<text>.{1,200})", "strong", fail=True,
            example="Error: Flash failed: Get Command Response: Timeout waiting for bytes to be available at address 0x000004c0"),
        Msg("qgc_error", r"^Error: (?P<text>Unable to .{1,160}|Invalid sync response.{0,80}|Timeout waiting for bytes.{0,80})", "weak", fail=True,
            example="Error: Unable to open port: /dev/ttyACM0 error: Permission denied"),
        Msg("qgc_cancelled", r"^Upgrade cancelled", "strong", fail=True, example="Upgrade cancelled"),
        # any other step error inside the page's log ("Error: CRC mismatch: board(0x47ab3584) file(0xf902b46f)", PX4 #10309)
        Msg("qgc_error", r"^Error: (?P<text>.{1,200})", fail=True, example="Error: CRC mismatch: board(0x47ab3584) file(0xf902b46f)"),
        Msg(None, r"If upgrade failed, make sure to connect directly to a powered USB port", "strong", benign=True,
            example="If upgrade failed, make sure to connect directly to a powered USB port on your computer, not through a USB hub."),
        Msg(None, r"^FirmwareUpgradeLog: (?:Erase|Program) complete", "strong", example="FirmwareUpgradeLog: Erase complete"),
        Msg("flash_succeeded", r"^FirmwareUpgradeLog: (?:Verify complete|Upgrade complete)", "strong", example="FirmwareUpgradeLog: Verify complete"),
        Msg(None, r"^(?:Erase|Program) complete\s*$", "weak", example="Erase complete"),
        Msg("flash_succeeded", r"^(?:Verify complete|Upgrade complete)\s*$", "weak", example="Upgrade complete"),
        Msg(None, r"^FirmwareUpgradeLog: ", "strong", example="FirmwareUpgradeLog: PX4FirmwareUpgradeThreadWorker::_erase"),
    ),
)


@register
class QgcFirmwareUpgradeParser(TableParser):
    """QGroundControl's firmware upgrade page and FirmwareUpgradeLog. Facts: a run under `flash.runs`, tool "qgc":
    `qgc_sync_failed` (the bootloader's sync reply was not INSYNC/OK), `qgc_flash_failed` (a step's failure and reason),
    `qgc_cancelled`, `flash_succeeded`."""

    name = "qgc"
    namespace = "flash"
    hints = ("firmware upgrade", "can upgrade the firmware", "connections to vehicles", "found device:", "connected to bootloader",
             "version:", "board id:", "flash size:", "erasing previous", "programming new", "verifying program", "downloading firmware",
             "error: ", "upgrade cancelled", "if upgrade failed", "firmwareupgradelog", "erase complete", "program complete",
             "verify complete", "upgrade complete")
    messages = QGC


MISSION_PLANNER = rows_of(
    group(
        "Mission Planner 1.3.x (Firmware.cs, px4uploader/Uploader.cs, ArduinoSTK): Install Firmware status lines",
        Msg(None, r"^(?:Detecting board version|Is this a Pixhawk|Scanning comports|Trying Bootloader Mode|Trying with default firmware)", "weak",
            example="Scanning comports (flashing left hand light)"),
        Msg("mp_no_response", r"(?i)^(?:Error: |Error uploading firmware - )?No response from board", "strong", fail=True,
            example="Error: No response from board"),
        Msg("firmware_board_mismatch", r"(?i)Firmware not suitable for this board fw: ?(?P<expected>\d+) ?- ?board:? ?(?P<received>\d+)", "strong",
            fail=True, convert=(("expected", int), ("received", int)),
            example="ERROR: Firmware not suitable for this board fw:1063 - board: 11063"),
        Msg("verify_failed", r"Upload succeeded but verify failed: exp (?P<expect>\S+) got (?P<byte>\S+) at (?P<address>\d+)", "strong", fail=True, convert=(("address", int),),
            example="Upload succeeded but verify failed: exp C got 14 at 0"),
        Msg("mp_comm_error", r"Communication Error - No connection", "weak", fail=True, example="Communication Error - No connection"),
    ),
)


@register
class MissionPlannerFirmwareParser(TableParser):
    """Mission Planner's Install Firmware messages. Facts: a run under `flash.runs`, tool "mission-planner":
    `mp_no_response` (no bootloader answered while it scanned), `firmware_board_mismatch` (expected: the image's board
    id, received: the board's), `verify_failed`."""

    name = "mission-planner"
    namespace = "flash"
    hints = ("detecting board version", "is this a pixhawk", "scanning comports", "trying bootloader mode", "trying with default",
             "no response from board", "not suitable for this board", "verify failed", "no connection")
    messages = MISSION_PLANNER


_APM_PLANNER = ("APM Planner 2.0.x src/ui/configuration/ApmCustomFirmwareConfig.cpp and PX4FirmwareUploader.cc "
                "(ArduPilot/apm_planner cd2f779, 2025): the Install Firmware page's status pane for a local .apj/.px4")

APM_PLANNER = rows_of(
    group(
        "APM Planner 2 firmware upload (PX4 bootloader protocol over the board's USB serial port)",
        Msg(None, r"^Successfully opened \S.{0,200}\.(?:apj|px4)\s*$", "strong", src=_APM_PLANNER,
            example="Successfully opened MatekH743-bdshot_Copter_4.5.4.apj"),
        Msg("firmware_open_failed", r"^Failed to open  ?\S.{0,200}\.(?:apj|px4)\s*$", "strong", fail=True, src=_APM_PLANNER,
            example="Failed to open  arducopter.apj"),
        Msg("wrong_file_format", r"^Only \*\.apj or \*\.px4 files can be flashed", "strong", fail=True, src=_APM_PLANNER,
            example="Only *.apj or *.px4 files can be flashed. All other formats need external tools."),
        Msg(None, r"^Start flashing firmware\.\s*$", "strong", src=_APM_PLANNER, example="Start flashing firmware."),
        # the board is to be unplugged and plugged back: the next serial port to appear is taken as its bootloader
        Msg("replug_wait", r"^Waiting for replug of fc connected to (?P<port>\S+)", "strong", src=_APM_PLANNER,
            example="Waiting for replug of fc connected to tty.usbmodem365A385D33301"),
        Msg("bootloader_read", r"^Flight controller reconnected - reading bootloader data\.?", "strong", src=_APM_PLANNER,
            example="Flight controller reconnected - reading bootloader data."),
        # the bootloader's answers to the device-info queries
        Msg("bootloader_found", r"^Board ID: (?P<board>\d+)\s*$", src=_APM_PLANNER, example="Board ID: 1013"),
        Msg(None, r"^(?:Board Rev: \d+|Flash rom Size: \d+|Requesting Vec Area|Requesting board Serial Number|Serial Number: 0x[0-9a-fA-F]*"
            r"|Erasing board\. This may take a while|Erase Complete|Flashing Firmware|Flashing complete, verifying firmware|Flashing done\.)",
            src=_APM_PLANNER, example="Erasing board. This may take a while - do not disconnect or power off!"),
        Msg("erase_timeout", r"^Erase failed - took too long\.", "strong", fail=True, src=_APM_PLANNER, example="Erase failed - took too long."),
        Msg(None, r"^Flashing process stopped\. Perhaps you should try again or use a different tool\.", "strong", src=_APM_PLANNER,
            example="Flashing process stopped. Perhaps you should try again or use a different tool."),
        Msg("verify_failed", r"^CRC mismatch! Firmware write failed", "strong", fail=True, src=_APM_PLANNER,
            example="CRC mismatch! Firmware write failed, please try again"),
        Msg("flash_succeeded", r"^Verify successful, rebooting", "strong", src=_APM_PLANNER, example="Verify successful, rebooting"),
        Msg("uploader_error", r"^Error during upload: ?(?P<text>.{1,200})", "strong", fail=True, src=_APM_PLANNER,
            example="Error during upload: CRC mismatch! Firmware write failed, please try again"),
    ),
)


@register
class ApmPlannerFirmwareParser(TableParser):
    """APM Planner 2's firmware upload status lines. Facts: a run under `flash.runs`, tool "apm-planner": `replug_wait`,
    `bootloader_read` (a new serial port appeared after the replug and the PX4-protocol device queries went to it),
    `bootloader_found` (its Board ID answer), the failures it prints, and `bootloader_no_answer` when the text ends at
    the bootloader read: whatever came back on that port never answered as ArduPilot's bootloader."""

    name = "apm-planner"
    namespace = "flash"
    hints = ("successfully opened", "failed to open", "can be flashed", "start flashing firmware", "waiting for replug",
             "reading bootloader data", "board id:", "board rev:", "flash rom size", "requesting vec area", "serial number",
             "erasing board", "erase complete", "flashing firmware", "flashing complete", "flashing done", "erase failed",
             "flashing process stopped", "crc mismatch", "verify successful", "error during upload")
    messages = APM_PLANNER
    event_kinds = ("bootloader_no_answer",)

    def summary(self) -> dict[str, Any]:
        kinds = [e["kind"] for e in self.events]
        if self.events and kinds[-1] == "bootloader_read":
            # (boot-stm32 s12) PX4FirmwareUploader sends the device-info queries to the port that appeared after the replug
            # and waits for the answers with no time-out: a paste that ends here got none (discuss.ardupilot.org 120057: a
            # MatekH743 running iNav, which has no ArduPilot bootloader to answer)
            last = self.events[-1]
            self.event("bootloader_no_answer", last["lineno"], last["line"], fail=True)
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        if "flash_succeeded" in kinds:
            return {"success": True}
        return {}


def _tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in re.split(r"[^0-9a-z]+", name.lower()) if t)


ELRS = rows_of(
    group(
        "ExpressLRS 1.x-3.x src/python (UARTupload.py, binary_flash.py, BFinitPassthrough.py) and python xmodem",
        Msg(None, r"^=+ (?:PASSTHROUGH INIT|PASSTHROUGH DONE|FIRMWARE UPLOAD|RESET TO BOOTLOADER) =+", "strong",
            example="======== PASSTHROUGH INIT ========"),
        Msg(None, r"^(?:Trying to initialize \S+ @ \d+|Enabling serial passthrough\.\.\.|CMD: 'serialpassthrough |\*\* Serial RX config detected"
            r"|Attempting to detect FC UART configuration|Attempting to reboot into bootloader)", "weak",
            example="Enabling serial passthrough..."),
        Msg("bootloader_found", r"^(?:We were already in bootloader|Got into bootloader after: \d+ attempts)", "strong",
            example="We were already in bootloader"),
        Msg(None, r"^Verified RX target '", "strong", example="Verified RX target 'HAPPYMODEL_EP_2400_RX'"),
        Msg("wrong_target", r"Wrong target selected your RX is '(?P<name>[^']{1,80})', trying to flash '(?P<target>[^']{1,80})'", "strong", fail=True,
            example="Wrong target selected your RX is 'HAPPYMODEL_PP_2400_RX', trying to flash 'happymodel.rx_2400.pp'"),
        Msg("xmodem_no_ack", r"xmodem\.XMODEM:send error: expected ACK; got (?P<byte>b'[^']{0,8}'|None) for block (?P<index>\d+)", "strong", fail=True,
            convert=(("index", int),), example="ERROR:xmodem.XMODEM:send error: expected ACK; got b'C' for block 1"),
        Msg("xmodem_aborted", r"xmodem\.XMODEM:send error: NAK received \d+ times, aborting", "strong", fail=True,
            example="ERROR:xmodem.XMODEM:send error: NAK received 11 times, aborting."),
        Msg("elrs_failed", r"\[FAILED\] (?P<text>Upload failed!|Unable to communicate with bootloader\.*)", "strong", fail=True,
            example="[FAILED] Unable to communicate with bootloader..."),
        # BFinitPassthrough.py 3.x: the FC's CLI listed no UART with Serial RX set, so there is nothing to pass through
        Msg("passthrough_no_rx_uart", r"!!! RX Serial not found !!!", "strong", fail=True, example="!!! RX Serial not found !!!!"),
        Msg(None, r"^(?:Cannot detect RX target, blindly flashing!|Force flashing \S+, detected |Ok, flashing anyway!)", "strong",
            example="Cannot detect RX target, blindly flashing!"),
        Msg("elrs_failed", r"^WIFI upload FAILED!", "strong", fail=True, example="WIFI upload FAILED!"),
        Msg(None, r"^Warning: 'No CLI available\. Already in passthrough mode\?", "strong", benign=True,
            example="  Warning: 'No CLI available. Already in passthrough mode?, If this fails reboot FC and try again!'"),
    ),
)


@register
class ElrsFlasherParser(TableParser):
    """The ExpressLRS flasher's passthrough/UART upload. Facts: a run under `flash.runs`, tool "elrs-flasher":
    `xmodem_no_ack` (byte: what came back instead of ACK), `wrong_target` (the receiver names another target) or
    `target_renamed` (the same words in another spelling, or one name's words all in the other's: the firmware package's
    target name changed or split into variants, not the board),
    `elrs_failed`."""

    name = "elrs-flasher"
    namespace = "flash"
    hints = ("passthrough", "firmware upload", "reset to bootloader", "trying to initialize", "serialpassthrough", "serial rx config",
             "detect fc uart", "reboot into bootloader", "already in bootloader", "got into bootloader", "verified rx target",
             "wrong target selected", "xmodem", "[failed]", "no cli available", "rx serial not found", "blindly flashing",
             "force flashing", "flashing anyway", "wifi upload")
    messages = ELRS
    event_kinds = ("target_renamed", "xmodem_not_received")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "wrong_target" and ev.get("name") and ev.get("target"):
            # (fc-dfu s9) ExpressLRS 3.x renamed its targets (HAPPYMODEL_PP_2400_RX -> happymodel.rx_2400.pp); a receiver
            # flashed under the old name is refused although it is the same board when the package lacks the prior
            # name (ExpressLRS #2191): the same words in another order and case are a rename, other words another board.
            # (fc-drones s12) BFinitPassthrough.py compares the name the receiver's running firmware reports with the
            # image's target and its one prior_target_name, so a target split off an older shared one is refused too when
            # one name's words hold all of the other's (MATEK_2400_RX -> MATEK_2400_RX_R24D, ExpressLRS-Configurator #385;
            # BETAFPV_2400_RX -> BETAFPV_NANO_2400_RX, ExpressLRS #1512): both flashed fine once forced
            a, b = _tokens(ev["name"]), _tokens(ev["target"])
            if a == b or (a and b and (a < b or b < a)):
                ev["kind"] = "target_renamed"
        elif ev is not None and ev["kind"] == "xmodem_no_ack" and ev.get("byte") == "b'C'":
            # (fc-dfu s9) 'C' is the XMODEM receiver's request to start a CRC transfer: the receiver's bootloader is there
            # and hears nothing of the blocks sent to it, so the line from the flight controller's (or adapter's) TX to its
            # RX does not carry them (ExpressLRS #446: a dead TX pad on the FC); a NAK (b'\x15') is a block that arrived
            # damaged, a CAN (b'\x18') a receiver that gave up
            ev["kind"] = "xmodem_not_received"


BUDDY = rows_of(
    group(
        "EdgeTX Buddy 0.x-1.x (locales/en/flashing.json stage errors; src/shared/backend/services/dfu.ts; src/shared/dfu)",
        # the stage that failed; the reason (a WebUSB DOMException, "Device does not have any USB DFU interfaces.") follows
        Msg("dfu_connect_failed", r"Could not connect to DFU interface", "strong", fail=True, example="Could not connect to DFU interface"),
        Msg("no_dfu_interface", r"Device does not have any USB DFU interfaces", "strong", fail=True,
            example="Error: Device does not have any USB DFU interfaces."),
        Msg("buddy_step_failed", r"Could not (?P<step>erase existing (?:firmware|bootloader)|write new (?:firmware|bootloader) to radio|reboot into bootloader)",
            "strong", fail=True, example="Could not erase existing firmware"),
        Msg("buddy_step_failed", r"Timed out waiting for device to disconnect|Timeout reconnecting!|DFU GET(?:STATE|STATUS) failed: (?P<text>.{1,120})",
            "strong", fail=True, example="DFU GETSTATUS failed: NetworkError: A transfer error has occurred."),
    ),
)


@register
class EdgeTxBuddyParser(TableParser):
    """EdgeTX Buddy's (browser/desktop) flashing stages. Facts: a run under `flash.runs`, tool "edgetx-buddy":
    `dfu_connect_failed` (the stage), `no_dfu_interface` (the chosen USB device has no DFU interface: the radio is not in
    its DFU bootloader, or another device was picked), `buddy_step_failed`."""

    name = "edgetx-buddy"
    namespace = "flash"
    hints = ("dfu interface", "could not erase existing", "could not write new", "could not reboot into bootloader",
             "waiting for device to disconnect", "timeout reconnecting", "dfu getstate", "dfu getstatus")
    messages = BUDDY


RADIO = rows_of(
    group(
        # (other-ecosystems s21) the radio flashing a module or receiver over its module bay / S.Port serial line (OpenTX 2.3
        # radio/src/io/frsky_firmware_update.cpp: TR("Not responding", "Device not responding"), TR("Not responding", "Not S.Port
        # 1"); translations en.h TR_FIRMWARE_UPDATE_ERROR TR("FW update error", "Firmware update error"); EdgeTX 2.x the same
        # popup title, reason TR_DEVICE_NO_RESPONSE "Device not responding"). People transcribe the popup's title and reason
        # on one line ("FW update error Not responding", ExpressLRS#1125). (reviewfix3 s21) The reason ends the line or its
        # quoted sentence: not "OTA firmware update error: not responding to ping", not '"... - not responding" when over WiFi'
        "OpenTX 2.3 / EdgeTX 2.x radio popups: flashing a module or receiver over the radio's serial line",
        Msg("radio_device_no_response",
            r"(?i)\b(?:FW|firmware) update error\b[\s:,.\"'-]*(?:device )?not (?:responding|S\.Port ?\d)(?=\W*$|[\"'”]?\s*[.!]\s)", "strong", fail=True,
            example="FW update error Not responding"),
        Msg("radio_device_no_response", r"(?i)^\W*(?:Device not responding|Not S\.Port [12])\W*$", "strong", fail=True,
            example="Device not responding"),
        Msg("radio_fw_update_error", r"(?i)\b(?:FW|firmware) update error\b", "strong", fail=True, example="Firmware update error"),
    ),
)


@register
class RadioFlashParser(TableParser):
    """An OpenTX/EdgeTX radio's popups when it flashes a module or receiver over its serial line. Facts: a run under
    `flash.runs`, tool "edgetx-radio": `radio_device_no_response` (the device never answered the radio's bootloader
    requests), `radio_fw_update_error` (the popup's title, its reason not given)."""

    name = "edgetx-radio"
    namespace = "flash"
    hints = ("update error", "device not responding", "not s.port")
    messages = RADIO

    # (reviewfix3 s21) the bare reason line ("Device not responding") is printed by many tools (a Python traceback, a
    # serial tool, a kernel driver): it is the radio's only with a radio word in the lines this parser reads
    _RADIO_WORD = re.compile(r"(?i)\b(?:Open ?TX|Edge ?TX|S\.Port|(?<!<)module|receiver|radio)\b")
    _BARE = re.compile(r"(?i)^\W*(?:Device not responding|Not S\.Port [12])\W*$")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._radio_word = False

    def quiet_now(self) -> bool:
        return False  # every line of its block is read for a radio word

    def feed(self, lineno: int, line: str) -> None:
        if not self._radio_word and self._RADIO_WORD.search(line) and not self._BARE.match(line.strip()):
            self._radio_word = True
        super().feed(lineno, line)

    def finish(self) -> dict[str, Any]:
        if not self._radio_word:
            self.events = [e for e in self.events
                           if not (e.get("kind") == "radio_device_no_response" and self._BARE.match(e.get("line", "")))]
        return super().finish()
