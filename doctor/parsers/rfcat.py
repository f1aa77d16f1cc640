"""rfcat's firmware tools for the YARD Stick One and other CC1111 dongles (rfcat --bootloader, rfcat_bootloader), as a
message table (hwhacking-tools s13).

Sources read: atlas0fd00m/rfcat (master, 2016-2026) CC-Bootloader/rfcat_bootloader, rflib/__init__.py and
etc/udev/rules.d/20-rfcat.rules. `rfcat --bootloader --force` prints "Entering RfCat Bootloader mode, ready for new
image..." and the dongle re-enumerates as its CC-Bootloader (1d50:605c on a YS1), a CDC-ACM tty that rfcat's udev rule
names /dev/RFCAT_BL_YS1 (and marks ID_MM_DEVICE_IGNORE). rfcat_bootloader then opens that port with pyserial; on any
SerialException it prints "Something is talking to the RfCat dongle (Modem Manager, most likely).  Retrying again after 5
seconds..." and tries again forever. Since 2019-04 (commit 109f887) the line ends with "(error: SerialException(...))",
pyserial's own reason, which the serial parser reads (Errno 2: the path is not there; 13: permission); before, the line
ends at "please be patient.", and the reason is not in the text. The threads that found it (the YARD Stick list, May 2016;
rfcat #98, #20) were the bootloader's tty missing or wrong because 20-rfcat.rules was not installed or did not match, not
ModemManager. The download, erase and verify steps print "Writing <record> RC = 0 (OK)", "Error downloading code!",
"Error erasing all user flash!", "Failed! Expected: ... Got: ...".

Facts: one run per block under `flash.runs`, tool "rfcat".
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "atlas0fd00m/rfcat CC-Bootloader/rfcat_bootloader and rflib/__init__.py (2015-2026)",
        Msg("rfcat_bootloader_entered", r"^Entering RfCat Bootloader mode, ready for new image\.\.\.", "strong",
            example="Entering RfCat Bootloader mode, ready for new image..."),
        # the bare retry line (rfcat before 2019-04): pyserial's reason is not printed. With "(error: ...)" it is the serial
        # parser's (pyserial's own message names the cause), so this row ends where the old line ends
        Msg("rfcat_bl_port_retry", r"^Something is talking to the RfCat dongle \(Modem Manager, most likely\)\.\s+Retrying again after 5 seconds\."
            r"(?:\s+This can take a minute, please be patient\.)?\s*$", "strong", fail=True,
            example="Something is talking to the RfCat dongle (Modem Manager, most likely).  Retrying again after 5 seconds.  "
                    "This can take a minute, please be patient."),
        Msg(None, r"^Writing :[0-9A-Fa-f]{10,} +RC = b?'?0'?\s*\(OK\)", "strong", example="Writing :0614000002148B024B3FB9  RC = 0 (OK)"),
        Msg("rfcat_bl_write_failed", r"^Writing :[0-9A-Fa-f]{10,} +RC = b?'?(?P<code>[1-9])'?\s*\((?P<text>[^)]*)\)", "strong", fail=True,
            example="Writing :0600000002017B02140363 RC = 3(Bad Address)"),
        Msg("rfcat_bl_failed", r"^(?P<text>Error (?:downloading code|resetting bootloader|erasing all user flash|erasing user flash page))!",
            "strong", fail=True, example="Error downloading code!"),
        Msg("rfcat_bl_verify_failed", r"^Failed! Expected: ", "strong", fail=True, example="Failed! Expected: 0614000002148B Got: FFFFFFFFFFFFFF"),
        Msg(None, r"^Verifying \d{4} bytes at address: [0-9A-F]{4}", "strong", example="Verifying 0003 bytes at address: 5AF1 (OK)"),
        Msg(None, r"^Skipping non data record: ", "strong", example="Skipping non data record: ':00000001FF'"),
        Msg("rfcat_command", r"^(?:\S*[$#] +)?(?:sudo )?(?:\S*/)?(?P<name>rfcat_bootloader) (?P<port>\S+) (?P<command>erase_all|download|verify|run|read)\b",
            "strong", example="rfcat_bootloader /dev/RFCAT_BL_YS1 erase_all"),
    ),
)


@register
class RfcatParser(TableParser):
    name = "rfcat"
    namespace = "flash"
    messages = MESSAGES
    hints = ("rfcat", "rc = ", "error downloading", "error resetting", "error erasing", "failed! expected", "verifying ",
             "skipping non data")
