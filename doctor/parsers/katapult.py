"""Katapult's host tool: flashtool.py and CanBoot's older flash_can.py (verbose and quiet, every wording).

Facts: one run per invocation under `katapult.runs` (tool "flashtool"); a pasted block that holds several
invocations (a query, then a flash) gives several runs, split at each command line or connect banner.
Summary fields: `interface` ("can" or "serial"), `uuid`, `device`, `baud`, `mode` (flash, request, query,
status: from the command line's -r/-q/-s), `mcu` / `version` / `address` / `block_size` (what CONNECT
reported), `binary_mcu` / `binary_version` (read from klipper.bin), `failed_command` (the command that ran
out of retries), `success` (a final "complete" line and no error), `written`, `verified`.

`failed_command` is read from the exception line ("Error sending command [SEND_BLOCK] to Device"), else
from the last traceback frame that called send_command (tracebacks are often cut off before the
exception line), else from the phase: a failure after "Attempting to connect to bootloader" and before
"Katapult Connected" is a failed CONNECT, whatever the `finally` clause's COMPLETE then reported.

Wordings (Arksine/katapult scripts/flashtool.py 2023-2025, CanBoot scripts/flash_can.py 2022-2023):
`ERROR:root:Flash Tool Error` (2024-08 and later), `ERROR:root:Flash Error`, `ERROR:root:Can Flash Error`,
`FlashCanError: Error sending command [X] to Can Device` (flash_can.py, flashtool.py before 2024),
`FlashError: ... to Device`, `Response for command X timed out, N tries remaining` (-v only), `CanBoot
Connected` / `Katapult Connected`, `CAN Flash Success` / `Flash Success` / `Programming Complete`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register, serial_errors
from doctor.parsers._messages import Msg, TableParser, flat_pieces, group, rows_of, to_int

_LEVEL = r"(?:(?:INFO|ERROR|WARNING|DEBUG):root:)?"
# the rows of lines only flashtool.py's CanSocket prints (the node-id reset, the query, the UUID check after CONNECT)
_CAN_ONLY = (r"^Resetting all bootloader node IDs", r"^Checking for (?:Katapult", r"^Verifying canbus connection")

MESSAGES = rows_of(
    group(
        "invocation (a shell prompt line running the tool)",
        # (thin-boot s15) the command alone on its line, after a prompt or none: strong, so the run starts there even right
        # after another tool's block (a dmesg, then one blank line, then "pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py
        # -i can0 -u ... -f ..."): the -i/-u/-d/-r arguments are what the rules read
        # (audit-swd-rp-klipper s18) Klipper's flash_usb.py v0.11.0-master echoes the command it runs with sys.executable's
        # full path ("/home/pi/klippy-env/bin/python lib/canboot/flash_can.py -d /dev/serial/by-path/... -f out/klipper.bin",
        # lib/katapult/flashtool.py since 2024): its -d is the USB serial device the flash goes over, not CAN
        Msg("katapult_invocation", r"^(?:\S{0,80}? ?[$#] *)?(?:sudo +)?(?:(?:\S*/)?python[\d.]* +)?\S*(?:flashtool|flash_can)\.py\b(?P<args>(?: +\S+)*)\s*$",
            strength="strong", example="pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u 154aab036e6a -f ~/klipper/out/klipper.bin"),
        Msg("katapult_invocation", r"(?:flashtool|flash_can)\.py\b(?P<args>(?: +\S+)*)\s*$", strength="weak",
            example="~/klipper $ ~/katapult/scripts/flashtool.py -i can0 -u fc7c3907fd17 -f ~/klipper/out/klipper.bin"),
    ),
    group(
        "Katapult scripts/flashtool.py 2023-2025 and CanBoot scripts/flash_can.py 2022-2023: the connection",
        Msg("katapult_target", r"^(?:Flashing|Connecting to) CAN UUID (?P<uuid>[0-9a-fA-F]{12})(?: on interface (?P<interface>\S+))?",
            strength="strong", attrs={"mode": "can"},
            example="Connecting to CAN UUID d1669557c4ec on interface can0"),
        Msg("katapult_target", r"^(?:Flashing|Connecting to) Serial Device ?(?P<device>[^\s,]\S*?)?,?(?:\s+baud (?P<baud>\d+))?\s*$",
            strength="strong", attrs={"mode": "serial"},
            example="Connecting to Serial Device /dev/ttyS0, baud 500000"),
        Msg("katapult_jump", r"^Sending bootloader jump command", strength="strong",
            example="Sending bootloader jump command..."),
        Msg(None, r"^Resetting all bootloader node IDs", strength="strong", example="Resetting all bootloader node IDs..."),
        Msg(None, r"^Checking for (?:Katapult|[Cc]an[Bb]oot) nodes", strength="strong", example="Checking for canboot nodes..."),
        Msg("katapult_uuid", r"^Detected UUID: (?P<uuid>[0-9a-fA-F]{12}), Application: (?P<application>\S+)", strength="strong",
            example="Detected UUID: 4220d6e9e9f9, Application: Katapult"),
        Msg("katapult_binary", r"^Detected Klipper binary version (?P<version>.+?), MCU: (?P<mcu>\S+)", strength="strong",
            example="Detected Klipper binary version v0.12.0-458-gd886c1761, MCU: stm32f401xc"),
        Msg("katapult_connecting", r"^Attempting to connect to bootloader", strength="strong",
            example="Attempting to connect to bootloader"),
        Msg("katapult_connected", r"^(?:Katapult|CanBoot) Connected", strength="strong", example="CanBoot Connected"),
        Msg(None, r"Katapult build not reporting software version", strength="strong",
            example="Katapult build not reporting software version!"),
        Msg("katapult_info", r"^Software Version: (?P<version>\S+)", strength="weak", attrs={"field": "version"},
            example="Software Version: v0.0.1-104-gfcb2f84"),
        Msg(None, r"^Protocol Version: \S+", strength="weak", example="Protocol Version: 1.1.0"),
        Msg("katapult_info", r"^(?:Connected, )?Block Size: (?P<size>\d+)(?: bytes)?", strength="weak", attrs={"field": "block_size"},
            example="Block Size: 64 bytes"),
        Msg("katapult_info", r"^Application Start: (?P<address>0x[0-9a-fA-F]+)", strength="weak", attrs={"field": "address"},
            example="Application Start: 0x8020000"),
        Msg("katapult_info", r"^MCU type: (?P<mcu>\S+)", strength="weak", attrs={"field": "mcu"},
            example="MCU type: stm32h723xx"),
        Msg(None, r"^Verifying canbus connection", strength="weak", example="Verifying canbus connection"),
        Msg("katapult_bridge", r"^Canbus Bridge detected at (?P<device>\S+)", strength="strong",
            example="Canbus Bridge detected at /dev/serial/by-id/usb-Klipper_stm32h723xx_1-if00"),
    ),
    group(
        "flashtool.py 2024-2025: USB and serial bootloader requests",
        Msg("katapult_request", r"^Requesting (?P<mode>USB|serial) bootloader for (?:device )?(?P<device>\S+?)\.*$", strength="strong",
            example="Requesting USB bootloader for /dev/serial/by-id/usb-Klipper_stm32h723xx_37002C000551323532363237-if00..."),
        Msg("katapult_reconnect_timeout", r"^(?:Waiting for USB Reconnect|Requesting USB bootloader for )\S*.*timed out\s*$", fail=True,
            example="Waiting for USB Reconnect.....timed out"),
        Msg("katapult_usb_reconnect", r"^Detected USB device running (?P<application>Katapult|Klipper)", strength="strong",
            example="Detected USB device running Klipper"),
        Msg("katapult_usb_reconnect", r"^Waiting for USB Reconnect", strength="strong", example="Waiting for USB Reconnect...done"),
        Msg("katapult_usb_reconnect", r"^Detected new USB Device:?\s*(?P<text>.*)", strength="weak",
            example="Detected new USB Device: 1d50:6177 katapult stm32h723xx"),
        Msg("katapult_usb_reconnect", r"^Katapult detected (?:at serial port|on) (?P<device>\S+)", strength="strong",
            example="Katapult detected on /dev/serial/by-path/platform-xhci-hcd.0-usb-0:1:1.0"),
        Msg("katapult_not_katapult", r"^Device is not Katapult", strength="strong", fail=True,
            example="Device is not Katapult, exiting..."),
        # CanBoot scripts/flash_can.py 2022-06 (b267acc) .. 2023: `-d` on a Klipper USB device asks for the USB bootloader,
        # then prints dots while it waits for the device path: "Entering USB Bootloader.....found" or "...Failed to detect
        # usb device" (the 2024 flashtool's "Waiting for USB Reconnect....timed out")
        Msg("katapult_reconnect_timeout", r"^(?:Entering USB Bootloader\.*\s*)?Failed to detect usb device", strength="strong", fail=True,
            example="Entering USB Bootloader....................Failed to detect usb device"),
        Msg("katapult_usb_reconnect", r"^Entering USB Bootloader", strength="strong", example="Entering USB Bootloader.....found"),
        Msg("katapult_reconnect_timeout", r"(?i:timed out waiting for (?:usb )?(?:reconnect|device))|^USB Reconnect timed out|^timed out$",
            fail=True, example="timed out"),
        Msg(None, r"^Device path \S+ is not a usb device", example="Device path /dev/ttyS0 is not a usb device"),
    ),
    group(
        "flashtool.py / flash_can.py: transfer and verification",
        Msg("katapult_flashing", r"^Flashing ['\u2018](?P<path>[^'\u2019]+)['\u2019]", strength="strong",
            example="Flashing '/home/pi/klipper/out/klipper.bin'..."),
        Msg("katapult_progress", r"^Write complete: (?P<count>\d+) pages", strength="weak", attrs={"field": "written"},
            example="Write complete: 14 pages"),
        Msg("katapult_progress", r"^(?:\]\s*)?Verification Complete: SHA", strength="strong", attrs={"field": "verified"},
            example="Verification Complete: SHA = 45576FC974FC4F9694A7F32515AC2D497817CA70"),
        Msg("katapult_complete", r"^(?P<text>(?:CAN )?Flash Success|Programming Complete|(?:CANBus UUID )?Query Complete|"
            r"Bootloader Request Complete|Status Request Complete|Bootloader request command sent)",
            strength="weak", example="CAN Flash Success"),
        Msg("katapult_complete", r"^(?P<text>(?:CANBus UUID Query|Bootloader Request|Status Request) Complete)", strength="strong",
            example="Bootloader Request Complete"),
        Msg("katapult_write_error", r"(?P<text>Flash write failed), (?:flash|block) address 0x", strength="strong",
            fail=True, attrs={"command": "SEND_BLOCK"}, example="FlashError: Flash write failed, flash address 0x8020000"),
        # CanBoot scripts/flash_can.py 2022-05 (794ccd6) .. 2022: SEND_BLOCK's ACK compared byte for byte; a wrong or empty
        # answer prints "Expected resp: ..., Recd: ..." then raises; a verify read that times out retries
        Msg("katapult_write_error", r"(?P<text>Did not receive ACK for sent block) \d+", strength="strong", fail=True,
            attrs={"command": "SEND_BLOCK"}, example="FlashCanError: Did not receive ACK for sent block 3"),
        Msg(None, r"^Expected resp: .{1,120}, Recd: ", strength="weak",
            example="Expected resp: bytearray(b'\\x01\\x88\\xa1\\x00\\x03\\x03'), Recd: b''"),
        Msg(None, r"^Read Timeout, Retrying", strength="weak", example="Read Timeout, Retrying..."),
        Msg("katapult_write_error", r"(?P<text>Flash write failed|Did not receive ACK for sent block|Block write mismatch)",
            fail=True, attrs={"command": "SEND_BLOCK"}, example="INFO:root:Block write mismatch: expected: 8020000, received: 8020040"),
        # flashtool.py verify_file(): "Checksum mismatch: Expected <sha>, Received <sha>" (Klipper's SD updater says
        # "Checksum Mismatch: Got ..., expected ..."): strong, so a Katapult paste keeps the line
        Msg("katapult_write_error", r"(?P<text>Checksum mismatch): Expected (?:[0-9A-Fa-f]+|%s), Received", strength="strong",
            fail=True, attrs={"command": "REQUEST_BLOCK"},
            example="FlashError: Checksum mismatch: Expected 45576FC974FC4F9694A7F32515AC2D497817CA70, Received 0000"),
        Msg("katapult_write_error", r"(?P<text>Block Request Error), block: \d+", strength="strong", fail=True,
            attrs={"command": "REQUEST_BLOCK"}, example="FlashError: Block Request Error, block: 12"),
        Msg("katapult_write_error", r"(?P<text>Checksum mismatch|Block Request Error)",
            fail=True, example="FlashError: Checksum mismatch: Expected 1234, Received 5678"),
        # (audit s11) CONNECT's answer (connect_btl, 2021+: a block size not 64/128/256/512) and GET_CANBUS_ID's
        # (verify_canbus_uuid, ae687a4 2022-05+: the node on the assigned id reports another UUID) checked before
        # any block is sent: no write failed, so neither is a write error (CAN007/KAT001 read those); GEN001 quotes them
        Msg("katapult_protocol_error", r"(?P<text>Invalid Block Size: \d+|UUID mismatch \(\d+ vs \d+\))", strength="strong",
            fail=True, example="FlashError: UUID mismatch (15452330553612 vs 15452330553613)"),  # (from the source's format)
        Msg("katapult_response_error", r"Command '(?P<command>\w+)': (?P<text>Frame CRC Mismatch|Received NACK|Received Error Response|"
            r"Acknowledged wrong command|Invalid Trailer Received|Received busy signal)",
            example="INFO:root:Command 'SEND_BLOCK': Received NACK"),
    ),
    group(
        "flashtool.py / flash_can.py: failures",
        Msg("katapult_timeout", _LEVEL + r"Response for command (?P<command>\w+) timed out(?:, (?P<tries>\d+) tries remaining)?",
            strength="strong", convert=(("tries", int),),
            example="INFO:root:Response for command CONNECT timed out, 4 tries remaining"),
        Msg("katapult_command_failed", r"Error sending command \[(?P<command>\w+)\] to (?:Can )?Device", strength="strong", fail=True,
            example="FlashCanError: Error sending command [CONNECT] to Can Device"),
        # dd8b0a0 (2024-09) .. 28b873d (2025-03-05): a WARNING ("...does not match MCUstored in klipper.bin.") and the
        # flash goes on; 28b873d: a FlashError ("...MCUidentified in klipper.bin."); 604b7e5 (2025-03-06) adds the space
        # and strips the NUL padding of the bootloader's MCU string, which made the two names differ (the same MCU
        # printed twice) when the bootloader padded it: an equal pair is that bug, not another MCU
        Msg("katapult_mcu_mismatch", r"MCU returned by Katapult does not match", strength="strong", fail=True,
            example="FlashError: MCU returned by Katapult does not match MCU identified in klipper.bin."),
        Msg("katapult_mcu_pair", r"^(?P<which>Katapult MCU|Klipper Binary MCU):(?: +(?P<mcu>\S+))?\s*$", strength="strong",
            example="Klipper Binary MCU: stm32f446xx"),
        Msg("katapult_can_read_error", r"^ERROR:root:(?P<text>Can Read Error|Can Socket Read Error|Device Read Error)", strength="strong",
            example="ERROR:root:Can Read Error"),
        Msg("katapult_error", r"^ERROR:root:(?P<text>Flash Tool Error|Flash Error|Can Flash Error)", strength="strong", fail=True,
            example="ERROR:root:Flash Tool Error"),
        Msg("katapult_image_missing", r"Invalid firmware path '(?P<path>[^']*)'", strength="strong", fail=True,
            example="FlashError: Invalid firmware path '/home/pi/klipper/out/klipper.bin'"),
        Msg("katapult_image_missing", r"No such file or directory: '(?P<path>[^']*\.(?:bin|uf2|elf))'", fail=True,
            example="FileNotFoundError: [Errno 2] No such file or directory: '/home/pi/klipper/out/klipper.bin'"),
        Msg("katapult_node_missing", r"Unable to find node matching UUID:? ?(?P<uuid>[0-9a-fA-F]*)", strength="strong", fail=True,
            example="FlashCanError: Unable to find node matching UUID: 28b14df6273c"),
        # the script itself is not where the command looks (Katapult not cloned; CanBoot's ~/CanBoot/scripts/flash_can.py
        # became ~/katapult/scripts/flashtool.py in 2023; Klipper's lib/canboot/flash_can.py became lib/katapult/flashtool.py
        # on 2026-03-01): CPython "python3: can't open file '...': [Errno 2]", a shell running the path directly
        Msg("katapult_script_missing", r"can't open file ['\"](?P<path>[^'\"]*?(?P<name>flashtool|flash_can)\.py)['\"]: \[Errno 2\]",
            strength="strong", fail=True,
            example="python3: can't open file '/home/pi/klipper/lib/canboot/flash_can.py': [Errno 2] No such file or directory"),
        Msg("katapult_script_missing", r"^(?:-?(?:ba|z|da)?sh: )?(?:line \d+: )?(?P<path>\S*/(?P<name>flashtool|flash_can)\.py): No such file or directory",
            strength="strong", fail=True, example="-bash: /home/pi/katapult/scripts/flashtool.py: No such file or directory"),
        # (audit s11) Moonraker's /machine/peripherals/canbus (moonraker/utils/cansocket.py, 2023+) says it with the
        # interface quoted: "Unable to bind socket to interface 'can0'" (a ServerError 500 Mainsail/Fluidd show)
        Msg("katapult_bind_error", r"Unable to bind socket to (?:interface '(?=[\w.\-]+'))?(?P<interface>[\w.\-]+)", strength="strong", fail=True,
            example="FlashError: Unable to bind socket to can0"),
        # flashtool.py 2024-2025 argument checks (CanSocket / SerialSocket __init__): the command names no target
        Msg("katapult_usage_error", r"(?P<text>The '(?:uuid|device)' option must be specified to flash a(?: CAN)? device)", strength="strong",
            fail=True, example="FlashError: The 'uuid' option must be specified to flash a CAN device"),
        # flashtool.py 2024-2025 SerialSocket: pyserial is not installed for the Python that runs it
        Msg("katapult_pyserial_missing", r"The pyserial python package was not found", strength="strong", fail=True,
            attrs={"name": "python3-serial"}, example="FlashError: The pyserial python package was not found.  To install run the following command in a terminal:"),
        Msg("katapult_holder", r"^Process ID: (?P<pid>\d+)", convert=(("pid", int),), example="Process ID: 1234"),
        Msg("katapult_no_device", r"(?P<text>Failed to locate serial tty path|Detected tty path does not exist)", fail=True,
            example="FlashError: Failed to locate serial tty path"),
        Msg("katapult_serial_open_failed", r"Unable to open serial port: (?P<text>.*)", fail=True,
            example="FlashCanError: Unable to open serial port: [Errno 2] could not open port /dev/ttyUSB0"),
        # (audit s8) flashtool.py (all 50 revisions to 2025) / CanBoot's flash_can.py (29 revisions, 2022-2023) messages no
        # row read: a verify that read back other data, the CanBoot-era header check, the serial or socket link failing
        # under the transfer, the bridge's serial number, the udev lookup of flash_can.py -d, a port held by another program
        Msg("katapult_write_error", _LEVEL + r"(?P<text>Block read mismatch): expected: \S+, received: ", strength="strong", fail=True,
            example="INFO:root:Block read mismatch: expected: 8a1f, received: 0000"),  # (from the source's format)
        Msg("katapult_response_error", _LEVEL + r"Command '(?P<command>\w+)': (?P<text>Invalid Header Received)", strength="strong",
            example="INFO:root:Command 'SEND_BLOCK': Invalid Header Received 0x1f"),  # (from the source's format)
        Msg("katapult_error", _LEVEL + r"(?P<text>Socket Write Error, closing|UUID conversion failed|"
            r"udevadm error|Failed to convert can bridge serial number \S+ to a uuid)", strength="strong", fail=True,
            example="INFO:root:Socket Write Error, closing"),  # (from the source's format)
        # inside a flashtool run only: the pyserial exception below it says why (serial_errors' rows read it, SER003)
        Msg("katapult_error", r"^" + _LEVEL + r"(?P<text>Error on serial (?:read|write))\s*$", fail=True,
            example="ERROR:root:Error on serial read"),  # (from the source's format)
        Msg("katapult_error", r"^(?P<text>Flash Tool Error|Flash Error|Can Flash Error):?\s*$", strength="weak", fail=True,
            example="Can Flash Error:"),  # (from the source's format)
        Msg("serial_in_use", r"^(?:[\w.]*FlashError: )?Serial device (?P<port>\S+) in use\s*$", strength="strong", fail=True,
            example="Serial device /dev/ttyACM0 in use"),  # (from the source's format)
        Msg(None, _LEVEL + r"(?:Detected UUID: [0-9a-fA-F]{12}, provided UUID: |Read Buffer Contents: |udevadm result:)", strength="strong",
            example="INFO:root:Detected UUID: 0e0d81e4210c, provided UUID: 0e0d81e4210c"),  # (from the source's format)
        Msg("katapult_uuid", r"^Detected UUID: (?P<uuid>[0-9a-fA-F]{12})\s*$", strength="strong",
            example="Detected UUID: 0e0d81e4210c"),  # (from the source's format)
        Msg(None, r"^Verifying \(block count = \d+\)", strength="strong", example="Verifying (block count = 412)..."),  # (from the source's format)
        Msg("katapult_frame", r"send_command\(\s*['\"](?P<command>\w+)['\"]",
            example="    ret = await self.send_command('CONNECT')"),
        Msg("katapult_frame_file", r"File \"[^\"]*(?:flashtool|flash_can)\.py\", line \d+", strength="weak",
            example='  File "/home/mks/katapult/scripts/flashtool.py", line 554, in run'),
        Msg("katapult_crash", r"^(?P<text>(?:ValueError|TypeError|KeyError|IndexError|AttributeError|UnicodeDecodeError|"
            r"struct\.error|NameError|AssertionError): .*)", fail=True,
            example="ValueError: not enough values to unpack (expected 2, got 1)"),
        Msg("katapult_exception", r"^(?:[\w.]*(?:FlashError|FlashCanError|Error|Exception)): (?P<text>.*)", fail=True,
            example="OSError: [Errno 19] No such device"),
    ),
)

# the command a failure belongs to when the tool names none (a traceback cut short, a bare "Flash Error")
_PHASE_COMMAND = {"connecting": "CONNECT", "writing": "SEND_BLOCK", "verifying": "REQUEST_BLOCK"}
# (s9b) the by-id name of a Katapult/CanBoot/Klipper USB device is usb-<manufacturer>_<product>_<serial>: the product
# string of all three is the build's CONFIG_MCU (stm32h723xx, rp2040, lpc1769), the chip "MCU type:" reports; a trimmed
# paste without that line still names the chip in the -d path
_DEVICE_MCU = re.compile(r"usb-(?:katapult|CanBoot|Klipper)_((?:stm32|gd32|at32|rp2|lpc|sam|atsam|hc32|n32)[A-Za-z0-9]*)_")
_NEW_USB_CHIP = re.compile(r"^[0-9a-fA-F]{4}:[0-9a-fA-F]{4} (?:katapult|canboot|klipper) ((?:stm32|gd32|at32|rp2|lpc|sam|atsam|hc32|n32)[A-Za-z0-9]*)\b", re.I)
_FIELD_KINDS = ("katapult_info", "katapult_progress", "katapult_mcu_pair", "katapult_holder", "katapult_frame",
                "katapult_frame_file", "katapult_invocation", "katapult_target", "katapult_connecting")
_PROGRESS = re.compile(r"^\[?#*\]?\s*(?=\S)")  # "[####ERROR:root:Flash Tool Error": the progress bar runs into the next line
_BARE_MCU = re.compile(r"^[a-z][a-z0-9_]{3,31}\x00*$")  # an MCU name alone on its line (stm32g0b1xx, rp2040, lpc1768)
_ARG = re.compile(r"(?:^|\s)(-[a-zA-Z]|--[a-z][\w-]*)(?:[ =](?!-)(\S+))?")
# A paste whose line breaks were lost (forum mirrors that flatten a code block: XenForo "Code:" blocks, gitmemories,
# githubissues.com; chat exports): the whole run, or a few of its lines, on one line. Cut it where flashtool.py /
# flash_can.py start a line of their own, so every line is read as printed.
_FLAT_START = re.compile(
    r"(?:^|(?<=\s)|(?<=\.\.\.)|(?<=\u2026)|(?<=#))(?="
    r"(?:Connecting to|Flashing) (?:CAN UUID|Serial Device)|Sending bootloader jump command|Resetting all bootloader node IDs|"
    r"Checking for (?:Katapult|[Cc]an[Bb]oot) nodes|Detected UUID: |Detected Klipper binary version|Attempting to connect to bootloader|"
    r"(?:Katapult|CanBoot) Connected|Software Version: |Protocol Version: |Block Size: |Application Start: |MCU type: |"
    r"Verifying canbus connection|Flashing ['\u2018]|\[#|Write complete: |Verifying \(block count|Verification Complete: |"
    r"(?:CAN )?Flash Success|Programming Complete|(?:CANBus UUID )?Query Complete|Bootloader (?:request command sent|Request Complete)|"
    r"(?:ERROR|INFO|WARNING):root:|Traceback \(most recent call last\)|File [\"\u201c]|During handling of the above|"
    r"[\w.]*Flash(?:Can)?Error: |Requesting (?:USB|serial) bootloader|Waiting for USB Reconnect|Detected USB device running|"
    r"Katapult detected|Canbus Bridge detected)")
_FLAT_MIN = 40  # characters: shorter lines are read whole
# words one of those lines holds: a line with fewer than two of them is read whole without trying the cut (cheap on big logs)
_FLAT_WORDS = ("bootloader", "Katapult", "CanBoot", "canboot", "Flash", "UUID", "Traceback", "Block Size", "MCU type",
               "Verif", "Complete", "Detected", "Connecting to", "ERROR:root:", "INFO:root:", "[#", "File ")


class _Run:
    def __init__(self) -> None:
        self.summary: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.failed: str | None = None  # from an exception line: decisive
        self.frame_command: str | None = None  # the last send_command frame of a traceback
        self.phase = ""  # connecting | connected | writing (after "Flashing '...'") | verifying (after "Write complete")
        self.crash: str | None = None  # a Python error of flashtool.py itself (the device answered)
        self.failed_phase: str | None = None
        self.errors = 0
        self.complete = False
        self.pending_pairs: list[str] = []  # "Katapult MCU:" / "Klipper Binary MCU:" printed with the name on a later line
        self.last: tuple[str, str] = ("", "")  # the kind (and application) of the last line the run printed
        self.chip: str | None = None  # (thin-boot s15) the chip a device path or the reconnected USB device named, first seen

    def busy(self) -> bool:
        return bool(self.events or self.summary)


@register
class KatapultParser(TableParser):
    name = "flashtool"
    namespace = "katapult"
    messages = MESSAGES
    # older kind names conditions may still name (serial-port messages are serial_errors' kinds now)
    event_kinds = ("katapult_reconnect_timeout", "katapult_device_busy", "katapult_permission_denied")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.runs: list[_Run] = []
        self.cur = _Run()

    def _new_run(self) -> None:
        if self.cur.busy():
            self.runs.append(self.cur)
        self.cur = _Run()

    def match_line(self, text: str) -> list[tuple[Msg, re.Match[str]]]:
        if text[:1] in "[#":
            text = _PROGRESS.sub("", text, count=1)
        return self.table.match(text, self.all_matches)

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        pieces = flat_pieces(text, _FLAT_START, min_len=_FLAT_MIN, words=_FLAT_WORDS, min_words=2)
        for piece in pieces or (text,):
            self._feed_one(lineno, piece)

    def _feed_one(self, lineno: int, text: str) -> None:
        line = text
        serial = serial_errors.classify(text)
        if serial is not None:
            # opening the port (in use, no permission, no such device): the words every pyserial tool shares,
            # one table (serial_errors) so one wording is one event kind everywhere
            self._serial_event(serial[0], serial[1], lineno, line)
            return
        if self.cur.pending_pairs and _BARE_MCU.match(text):
            self.cur.summary[self.cur.pending_pairs.pop(0)] = text.strip("\x00")
            return
        matched = self.match_line(text)
        for row, m in matched:
            self.handle(row, m, lineno, line)
        if matched:
            row, m = matched[-1]
            self.cur.last = (row.kind or "", m.groupdict().get("application") or "")

    def _serial_event(self, kind: str, attrs: dict[str, Any], lineno: int, line: str) -> None:
        r = self.cur
        if r.events and any(e["kind"] == kind and e["lineno"] != lineno and e.get("port") == attrs.get("port") for e in r.events[-3:]):
            return  # the traceback's exception line repeats the message
        r.errors += 1
        ev = {"kind": kind, "line": line.strip()[:500], "lineno": lineno, "source": self.source, "fail": True}
        ev.update({k: v for k, v in attrs.items() if v is not None})
        if attrs.get("port") and not r.summary.get("device"):
            r.summary["device"] = attrs["port"]
        r.events.append(ev)
        self.events.append(ev)

    def handle(self, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        kind = row.kind
        conv = dict(row.convert)
        g = {k: (conv[k](v) if k in conv else v) for k, v in m.groupdict().items() if v is not None}
        if kind == "katapult_invocation":
            self._new_run()
            self._arguments(g.get("args", ""))
            return
        r = self.cur
        s = r.summary
        if kind == "katapult_jump" or row.pattern.startswith(_CAN_ONLY):
            # (thin-can s15) lines only CanSocket prints (flashtool.py 2023-2025, flash_can.py 2022-2023): a paste cut
            # below its command line is still a CAN run
            s.setdefault("interface", "can")
        if kind == "katapult_target":
            if r.events and (r.complete or r.errors):
                self._new_run()
                r, s = self.cur, self.cur.summary
            s["interface"] = "can" if row.attrs and dict(row.attrs).get("mode") == "can" else "serial"
            if "uuid" in g:
                s["uuid"] = g["uuid"].lower()
            if "interface" in g:
                s["device"] = g["interface"]
            if "device" in g:
                s["device"] = g["device"]
            if "baud" in g:
                s["baud"] = int(g["baud"])
            return
        if kind == "katapult_connecting":
            r.phase = "connecting"
            return
        if kind == "katapult_flashing":
            r.phase = "writing"
            if g.get("path"):
                s["image"] = g["path"][:300]  # (deepen-klipper-fw s19) a Katapult deployer.bin is no application
            return
        if kind == "katapult_connected":
            r.phase = "connected"
        elif kind == "katapult_info":
            field = dict(row.attrs)["field"]
            if field == "address":
                s["address"] = to_int(g["address"])
            elif field == "block_size":
                s["block_size"] = int(g["size"])
            else:
                s[field] = g[field]
            return
        elif kind == "katapult_progress":
            s[dict(row.attrs)["field"]] = True
            if dict(row.attrs)["field"] == "written":
                r.phase = "verifying"
            return
        elif kind == "katapult_mcu_pair":
            key = "mcu" if g["which"] == "Katapult MCU" else "binary_mcu"
            if g.get("mcu"):
                s[key] = g["mcu"].strip("\x00")
            else:  # the name follows on a line of its own (NUL padding printed as a line break)
                r.pending_pairs.append(key)
            return
        elif kind == "katapult_holder":
            for ev in reversed(r.events):
                if ev["kind"] in ("serial_in_use", "katapult_device_busy"):
                    ev["pid_holder"] = g["pid"]
                    break
            return
        elif kind == "katapult_frame":
            r.frame_command = g["command"]
            return
        elif kind == "katapult_frame_file":
            return
        elif kind == "katapult_usb_reconnect" and "device" in g:
            self._note_chip(s.get("device"))
            s["device"] = g["device"]
        elif kind == "katapult_usb_reconnect" and g.get("text"):
            # "Detected new USB Device: 1d50:6177 katapult stm32h723xx": the USB id, manufacturer and product (= CONFIG_MCU)
            nm = _NEW_USB_CHIP.match(g["text"])
            if nm and not r.chip:
                r.chip = nm.group(1).lower()
        elif kind == "katapult_binary":
            s["binary_version"], s["binary_mcu"] = g["version"], g["mcu"]
        elif kind in ("katapult_uuid",):
            g["uuid"] = g["uuid"].lower()
        elif kind == "katapult_complete":
            r.complete = True
        elif kind == "katapult_timeout":
            tries = g.get("tries")
            if tries == 0 or tries is None:
                r.failed = r.failed or g["command"]
        elif kind == "katapult_command_failed":
            r.failed = g["command"] if r.failed in (None, "COMPLETE") else r.failed
        elif kind == "katapult_write_error" and "command" in dict(row.attrs):
            r.failed = r.failed or "SEND_BLOCK"
        elif kind == "katapult_can_read_error":
            if g["text"].startswith("Can"):
                s["interface"] = "can"
        elif kind == "katapult_bind_error":
            s["interface"] = "can"
        elif kind == "katapult_node_missing":
            s["interface"] = "can"
            r.failed = r.failed or "CONNECT"  # after the jump the node never answered as a bootloader
        elif kind == "katapult_crash":
            r.crash = r.crash or g["text"][:200]
        elif kind == "katapult_exception":
            if any(e["kind"] in ("katapult_command_failed", "katapult_write_error", "katapult_no_device", "katapult_bind_error",
                                 "katapult_device_busy", "katapult_permission_denied", "katapult_serial_open_failed",
                                 "katapult_image_missing", "katapult_mcu_mismatch", "katapult_node_missing",
                                 "katapult_protocol_error") and e["lineno"] == lineno for e in r.events[-2:]):
                return
        if row.fail or kind == "katapult_can_read_error":
            if row.fail:
                r.errors += 1
            if r.failed_phase is None and r.phase in _PHASE_COMMAND:
                r.failed_phase = _PHASE_COMMAND[r.phase]
        attrs = {k: v for k, v in g.items()}
        attrs.update({k: v for k, v in dict(row.attrs).items() if k not in ("mode", "field") and k not in attrs})
        if kind == "katapult_request":
            attrs["mode"] = g["mode"].lower()
        if row.fail:
            attrs["fail"] = True
        ev = {"kind": kind, "line": line.strip()[:500], "lineno": lineno, "source": self.source}
        ev.update({k: v for k, v in attrs.items() if v is not None})
        r.events.append(ev)
        self.events.append(ev)

    def _note_chip(self, device: Any) -> None:
        dm = _DEVICE_MCU.search(str(device or ""))
        if dm and not self.cur.chip:
            self.cur.chip = dm.group(1).lower()

    def _arguments(self, args: str) -> None:
        s = self.cur.summary
        for flag, value in _ARG.findall(args):
            if flag in ("-u", "--uuid") and value and re.fullmatch(r"[0-9a-fA-F]{12}", value):
                s["uuid"] = value.lower()
                s["interface"] = "can"
            elif flag in ("-i", "--interface") and value:
                s["device"] = value
                s["interface"] = "can"
            elif flag in ("-d", "--device") and value:
                s["device"] = value
                s["interface"] = "serial"
                self._note_chip(value)
            elif flag in ("-f", "--firmware") and value:
                s["image"] = value[:300]
            elif flag in ("-b", "--baud") and value and value.isdigit():
                s["baud"] = int(value)
            elif flag in ("-r", "--request-bootloader"):
                s["mode"] = "request"
            elif flag in ("-q", "--query"):
                s["mode"] = "query"
            elif flag in ("-s", "--status"):
                s["mode"] = "status"
        if s.get("uuid") and s.get("device") and not str(s["device"]).startswith("/"):
            s["interface"] = "can"

    def _summary(self, r: _Run) -> dict[str, Any]:
        s = dict(r.summary)
        failed = r.failed
        # flashtool.py prints "Flash Success" / "Programming Complete" only when every step went through: an
        # error before it (a verify read that timed out once, "Can Read Error") was retried and overcome
        finished = any(e.get("kind") == "katapult_complete" and re.search(r"Flash Success|Programming Complete", str(e.get("line", ""))) for e in r.events)
        if r.crash:
            s["crashed"] = r.crash  # flashtool.py itself failed on what the device sent: not a device failure
        if r.failed_phase == "CONNECT" and failed in (None, "COMPLETE") and not r.crash:
            failed = "CONNECT"  # the `finally` clause's COMPLETE fails after a CONNECT that never got through
        if failed is None and r.frame_command and r.errors:
            failed = r.frame_command
        if failed is None and r.frame_command and r.phase != "connected" and r.frame_command == "CONNECT" and not r.crash:
            failed = "CONNECT"
        if failed is None and r.failed_phase in ("SEND_BLOCK", "REQUEST_BLOCK") and not r.crash:
            failed = r.failed_phase
        if finished and not r.crash:
            failed = None
        if failed:
            s["failed_command"] = failed
        s["success"] = r.complete and not failed and (not r.errors or finished)
        # (can-katapult s11) every flashtool.py run ends with a "... Complete" line or an error (scripts/flashtool.py
        # main(), 2023-2025): a flash whose output stops right after "Detected USB device running Katapult", the binary
        # line or "Attempting to connect to bootloader", with no timeout, error or result, hung where SerialSocket.run()
        # opens the port and writes its first command (the prime, then CONNECT): a stall, not a trimmed success
        if (r.last in (("katapult_usb_reconnect", "Katapult"), ("katapult_binary", ""), ("katapult_connecting", ""))
                and not (r.complete or r.errors or failed or r.crash or s.get("mode"))
                and not any(e["kind"] == "katapult_timeout" for e in r.events)):
            s["stalled"] = "connect"
        if not s.get("mcu"):
            dm = _DEVICE_MCU.search(str(s.get("device") or ""))
            if dm:
                s["mcu"] = dm.group(1).lower()
            elif r.chip:
                s["mcu"] = r.chip  # (thin-boot s15) the -d path or reconnect line named it before the by-path link replaced it
        a, b = (str(s.get(k) or "").strip("\x00 ").lower() for k in ("mcu", "binary_mcu"))
        if a and a == b:
            # the same MCU on both lines: flashtool.py's own comparison failed (NUL padding, fixed 2025-03-06), not the image
            for ev in r.events:
                if ev["kind"] == "katapult_mcu_mismatch":
                    ev["kind"] = "katapult_mcu_mismatch_same"
                    ev["mcu"] = a
        return s

    def _vanished_after_flash(self) -> None:
        """A CAN flash that completed, then a later query in the same paste that no longer lists its node."""
        for i, r in enumerate(self.runs):
            uuid = r.summary.get("uuid")
            if not (r.complete and r.summary.get("written") and not r.errors and uuid):
                continue
            for later in self.runs[i + 1:]:
                if later.summary.get("mode") != "query" or not later.complete:
                    continue
                found = {str(e.get("uuid", "")).lower() for e in later.events if e["kind"] == "katapult_uuid"}
                if uuid not in found:
                    r.summary["vanished_after_flash"] = True
                break

    def _still_application(self, i: int, uuid: str) -> bool:
        """The first query after run i, before any flash, lists `uuid` under an application other than the bootloader."""
        for later in self.runs[i + 1:]:
            mode = later.summary.get("mode")
            if mode not in ("request", "query", "status"):
                return False  # a flash came first: what a query shows afterwards is the new firmware
            if mode != "query":
                continue
            for e in later.events:
                if e["kind"] == "katapult_uuid" and str(e.get("uuid", "")).lower() == uuid:
                    return str(e.get("application") or "").lower() not in ("", "katapult", "canboot")
        return False

    def _left_waiting(self) -> None:
        """A bootloader request (-r) that no later flash of the same paste follows: flashtool.py -r only reboots the
        board into Katapult and exits, so the board stays there (a USB board as usb-katapult_..., a USB-to-CAN bridge
        without its CAN adapter) until klipper.bin is flashed to it: over its serial device (-d), or for a CAN node
        with the same uuid."""
        for i, r in enumerate(self.runs):
            s = r.summary
            if s.get("mode") != "request" or r.errors:
                continue
            uuid = s.get("uuid")
            followed = any(
                later.summary.get("mode") not in ("request", "query", "status")
                and (later.summary.get("interface") == "serial" or (uuid and later.summary.get("uuid") == uuid))
                for later in self.runs[i + 1:]
            )
            # (board-vendors s13) a CAN request whose node a later query of the same paste still lists under the
            # application it ran ("Detected UUID: <uuid>, Application: Klipper"): the firmware did not act on the request
            # (Klipper PR #7251: STM32G4 Klipper lacked the Katapult request), so nothing waits in the bootloader
            if uuid and self._still_application(i, uuid):
                s["request_ignored"] = True
                continue
            if not followed:
                s["left_waiting"] = True
                # the paste flashes other boards but not this one: an update sequence (the CAN guides' "mainboard -r,
                # then flash it over its katapult device; toolhead -f") with this board's flash step left out
                if any(o is not r and o.summary.get("mode") not in ("request", "query", "status") and (o.summary.get("uuid") or o.summary.get("device"))
                       for o in self.runs):
                    s["others_flashed"] = True

    def finish(self) -> dict[str, Any]:
        self._new_run()
        self._vanished_after_flash()
        self._left_waiting()
        runs = []
        for r in self.runs:
            events = r.events
            run: dict[str, Any] = {"tool": self.name, "origin": "pasted", "source": self.source, "events": events}
            run.update({k: v for k, v in self._summary(r).items() if v is not None})
            runs.append(run)
        if not runs:
            runs.append({"tool": self.name, "origin": "pasted", "source": self.source, "events": []})
        return {"katapult": {"runs": runs}}
