"""nitropy (pynitrokey), the Nitrokey command line tool, updating a Nitrokey 3 over its bootloader, as a message table
(proxmark-sec s13).

Sources read: Nitrokey/pynitrokey (master b3579ac, 2026; 0.4.x-0.12.x) pynitrokey/cli/trussed/update.py, helpers.py
local_critical, cli/__init__.py. `nitropy nk3 update` prints the versions ("Current firmware version:", "Updated firmware
version:"), then "Please press the touch button to reboot the device into bootloader mode ...": the key re-enumerates as
its NXP LPC55 bootloader (20a0:42dd), a new HID device nitropy opens through spsdk's mboot (libusbsio's HID Open). When
that open fails the run ends in spsdk's connection error: "Exception encountered: SPSDKConnectionError()" (or
McuBootConnectionError, "MBoot: Connection issue -> Unable to open device '/dev/hidrawN'") under "Critical error:" (helpers.py
local_critical, which on Linux adds "Please check if you have udev rules installed"), or, with older libusbsio, a traceback
from libusbsio.py's Open (the handle came back None). The threads that found the cause name the udev rules for the
bootloader (Nitrokey/pynitrokey #153, fixed by 41-nitrokey.rules; #167 and pull request 177: the rules not yet applied when
nitropy connects; #770: missing permissions).

Facts: one run per block under `flash.runs`, tool "nitropy".
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Nitrokey/pynitrokey 0.4-0.12 cli/trussed/update.py, helpers.py local_critical (2022-2026)",
        Msg(None, r"^(?:Command line tool to interact with Nitrokey devices|Nitrokey tool for Nitrokey FIDO2, Nitrokey Start, Nitrokey 3)",
            "strong", example="Command line tool to interact with Nitrokey devices 0.12.3"),
        Msg(None, r"^(?:Current|Updated|Latest) firmware version:\s+\S+", "weak", example="Current firmware version:  v1.8.1"),
        Msg(None, r"^Please do not remove the (?:device|Nitrokey 3) or insert any other Nitrokey", "strong",
            example="Please do not remove the Nitrokey 3 or insert any other Nitrokey 3 devices during the update."),
        Msg("nk_bootloader_request", r"^Please press the touch button to reboot the device into bootloader mode", "strong",
            example="Please press the touch button to reboot the device into bootloader mode ..."),
        Msg("nk_bootloader_open_failed", r"Exception encountered: (?P<text>SPSDKConnectionError|McuBootConnectionError)\(", "strong", fail=True,
            example="\tException encountered: SPSDKConnectionError()"),
        Msg("nk_bootloader_open_failed", r"(?P<text>McuBootConnectionError|SPSDKConnectionError): MBoot: Connection issue -> Unable to open device",
            "strong", fail=True,
            example="psdk.mboot.exceptions.McuBootConnectionError: MBoot: Connection issue -> Unable to open device 'b'/dev/hidraw7'' VID=8352 PID=17117 SN=''"),
        # libusbsio (NXP, under spsdk) logs the handle of the HID device it opened: a None handle is an open that failed
        Msg("nk_bootloader_open_failed", r'libusbsio[/\\]libusbsio\.py", line \d+, in Open', "strong", fail=True, attrs={"text": "libusbsio Open"},
            example='  File "/home/jens/.local/lib/python3.10/site-packages/libusbsio/libusbsio.py", line 1322, in Open'),
        Msg(None, r"^Critical error occurred, exiting now", "strong", example="Critical error occurred, exiting now"),
        Msg("udev_hint", r"Please check if you have udev rules installed", "strong", attrs={"text": "linux"},
            example="- Please check if you have udev rules installed: https://docs.nitrokey.com/nitrokeys/nitrokey3/firmware-update#troubleshooting-linux"),
    ),
)


@register
class NitropyParser(TableParser):
    name = "nitropy"
    namespace = "flash"
    messages = MESSAGES
    hints = ("nitrokey", "bootloader mode", "connectionerror", "libusbsio", "critical error", "udev rules", "firmware version")
