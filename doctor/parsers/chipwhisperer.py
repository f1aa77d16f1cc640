"""ChipWhisperer's Python API (cw.scope(), scope.upgrade_firmware(), SAMFWLoader) talking to the capture board's SAM3U over
USB, as a message table (hwhacking-tools s13).

Sources read: newaetech/chipwhisperer (develop a9527b5, 2024; the 5.x API) software/chipwhisperer/hardware/naeusb/naeusb.py,
capture/scopes/cwhardware/ChipWhispererSAM3Update.py, hardware/naeusb/bootloader_sam3u.py and __init__.py. naeusb lists
the NewAE devices (VID 2b3e) libusb enumerates and reads each one's serial number; when every found device refuses that,
it raises "Unable to communicate with found ChipWhisperer. Check that \\nanother process isn't connected to it and that
you have permission to communicate with it." (found, not opened: on Linux the udev rule did not give the user the device,
newaetech/chipwhisperer #551 and #554, systemd 258 ignoring the rule's non-system group; or another process, another
Jupyter kernel, has it open). With none found it is "USB Device not found. Did you connect it first?" (no board on this
host's bus, a VM that kept it, or a board whose firmware was erased and now shows as its SAM-BA serial port: no rule,
the text cannot tell them apart). The firmware update prints "Entering bootloader mode...", "Detected com port X",
"Loading cwlite firmware...", "Opened!", "Connecting...", "Connected!", "Erasing...", "Erased!", "Programming file X...",
"Programmed!", "Verifying...", "Verify OK!", "Resetting...", "Upgrade successful" (or "Verify FAILED!").

Facts: one run per block under `flash.runs`, tool "chipwhisperer".
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "newaetech/chipwhisperer 5.x software/chipwhisperer/hardware/naeusb/naeusb.py (2019-2024)",
        Msg("cw_open_failed", r"(?:^|OSError: )Unable to communicate with found ChipWhisperer\b", "strong", fail=True,
            example="OSError: Unable to communicate with found ChipWhisperer. Check that "),
        Msg(None, r"^another process isn't connected to it and that you have permission to communicate with it", "strong",
            example="another process isn't connected to it and that you have permission to communicate with it."),
        Msg("cw_not_found", r"(?:^|OSError: )USB Device not found\. Did you connect it first\?", "strong", fail=True,
            example="OSError: USB Device not found. Did you connect it first?"),
        Msg("cw_driver_warning", r"Invalid driver (?P<driver>\S+) detected\. If you have connection problems, try upgrading your driver", "strong",
            example="WARNING:ChipWhisperer NAEUSB:Invalid driver libusb0 detected. If you have connection problems, try upgrading your driver"),
    ),
    group(
        "newaetech/chipwhisperer 5.x capture/scopes/cwhardware/ChipWhispererSAM3Update.py, hardware/naeusb/bootloader_sam3u.py",
        Msg("bootloader_request", r"^\s*Entering bootloader mode\.\.\.\s*$", "weak", example="Entering bootloader mode..."),
        Msg("bootloader_port", r"^Detected com port (?P<port>\S+)", "strong", example="Detected com port /dev/ttyACM1"),
        Msg(None, r"^Loading (?:cwlite|cw1200|cwnano|cwhusky|cwhuskyplus|cw305|cw310|cwbergen|cw2200) firmware\.\.\.", "strong", example="Loading cwlite firmware..."),
        Msg(None, r"^(?:Opened!|Connected!|Erased!|Programmed!)\s*$", "weak", example="Programmed!"),
        Msg(None, r"^Programming file \S.*\.\.\.\s*$", "weak", example="Programming file SAM3U_CW1173.bin..."),
        Msg("flash_verified", r"^Verify OK!", "weak", example="Verify OK!"),
        Msg("flash_done", r"^Upgrade succe(?:ssful|ded)\s*$", "strong", example="Upgrade successful"),
        Msg("verify_failed", r"^Verify FAILED!", "strong", fail=True, example="Verify FAILED!"),
        Msg("bootloader_chip_unsupported", r"FWUP: Unsupported ChipID = (?P<chipid>[0-9a-fA-F]+)", "strong", fail=True,
            example="AttributeError: FWUP: Unsupported ChipID = 289c0ce0"),
        Msg("bootloader_not_found", r"Could not find bootloader serial port, please see ", "strong", fail=True,
            example="OSError: Could not find bootloader serial port, please see https://chipwhisperer.readthedocs.io/en/latest/firmware.html"),
    ),
)


@register
class ChipWhispererParser(TableParser):
    name = "chipwhisperer"
    namespace = "flash"
    messages = MESSAGES
    hints = ("chipwhisperer", "another process isn't connected", "usb device not found", "invalid driver", "bootloader mode",
             "com port", "firmware...", "opened!", "connected!", "erased!", "programmed!", "programming file", "verify ok",
             "verify failed", "upgrade succe", "chipid", "bootloader serial port")
