"""ST-Link open tools: st-info, st-flash, st-util, st-trace (stlink-tools 1.3 to 1.8, src/st-*/ and
src/stlink-lib/*.c), as a message table. STM32CubeProgrammer and ST-LINK Utility are in stm32cubeprog.py,
pystlink in pystlink.py; all write `stlink.runs` (the run's `tool` says which).

Facts: one run per block under `stlink.runs`, with the probe's identity (programmer firmware, serial),
the target's chip id and flash size as read, and events for every message that says something about
the probe, the wiring, the target or the flash (see `event_kinds`). stlink-tools log lines have the form
`YYYY-MM-DDTHH:MM:SS LEVEL file.c: msg` (1.3-1.5 print the source path, `/src/common.c`; pasted text often
lacks the time); rows search the message wherever it stands.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._flashlog import classify_usb, id4, number, sudo_contrast
from doctor.parsers._messages import Msg, TableParser, group, rows_of, to_int
from doctor.parsers._prefilter import regex

# Values a failed DBGMCU read returns instead of an id: the register addresses themselves, AIRCR's VECTKEY pattern.
_GARBAGE = {0xE0042000, 0xE0044000, 0x40015800, 0x5C001000, 0x05FA0004, 0x05FA0000, 0xFFFFFFFF}
_PROBE_PIDS = {0x3744, 0x3748, 0x374A, 0x374B, 0x374D, 0x374E, 0x374F, 0x3752, 0x3753, 0x3754, 0x3755, 0x3757, 0x0748}

READOUT = "Cannot read memory! Disable Read Out Protection"

# DBGMCU_IDCODE revision fields (the high 16 bits st-flash 1.3-1.5 print with the id) that no ST part uses: GigaDevice's
# GD32F1x0/F10x answer 0x1303 (e.g. "id 0x13030410"); ST's F1 revisions are 0x0000, 0x1000, 0x2000, 0x2001, 0x2003.
_CLONE_REVISIONS = {0x1303: "GD32 (revision 0x1303)"}

# The largest flash ST makes for a DBGMCU device id (KiB; the reference manuals' flash size register ranges). A flash
# size read above it for that id is no STM32's: a clone whose size register holds something else (GD32F103 parts
# read 0x0410 there, 1040 KiB, on device id 0x410). 0xFFFF KiB is left out: an erased or unreadable register.
_MAX_FLASH_KIB = {
    0x412: 32, 0x410: 128, 0x414: 512, 0x418: 256, 0x420: 128, 0x428: 512, 0x430: 1024,  # F1
    0x444: 32, 0x445: 32, 0x440: 64, 0x448: 128, 0x442: 256,  # F0
    0x439: 64, 0x438: 64, 0x422: 256, 0x446: 512,  # F3
    0x423: 256, 0x433: 512, 0x431: 512, 0x421: 512, 0x441: 1024, 0x413: 1024, 0x463: 1536, 0x419: 2048, 0x434: 2048,  # F4
    0x466: 64, 0x460: 128, 0x467: 512, 0x468: 128, 0x469: 512,  # G0, G4
}

# the device ids in stlink's chip table since v1.3.0 (include/stlink/chipid.h: F0, F1, F2, F3, F4, F7, L0, L1, L4): every
# st-info release names these with its descr:/dev-type: line, so a paste of one without that line was cut, not a part
# the tool does not know
_KNOWN_SINCE_13 = frozenset((
    0x410, 0x411, 0x412, 0x413, 0x414, 0x415, 0x416, 0x417, 0x418, 0x419, 0x420, 0x421, 0x422, 0x423, 0x425, 0x427,
    0x428, 0x429, 0x430, 0x431, 0x432, 0x433, 0x434, 0x435, 0x436, 0x437, 0x438, 0x439, 0x440, 0x441, 0x442, 0x444,
    0x445, 0x446, 0x447, 0x448, 0x449, 0x451, 0x458))

_LEVEL = r"(?:DEBUG|INFO|WARN|ERROR)"
_FILE = r"(?:\S*/)?(?:stlink-)?(?:usb|common|flash_loader|chipid|sg|option_bytes|read_write|logging|register|map_file|common_flash|helper|gdb-server|semihosting|md5|lib_md5|calculate|chipid_db_old)\.c:"


def _mv_to_volts(text: str) -> float:
    return int(text) / 1000.0


MESSAGES = rows_of(
    group(
        "stlink-tools 1.3-1.8: command lines, versions and the log line shape (src/stlink-lib/logging.c)",
        Msg(None, r"^(?P<tool>st-(?:flash|info|util|trace))\s+v?(?P<version>\d+\.\d+\.\d+\S*)", strength="strong",
            example="st-flash 1.7.0"),
        Msg("tool_missing", r"\b(?P<name>st-(?:flash|info|util))(?:\.exe)?(?:: command not found|: not found|' is not recognized)",
            strength="strong", fail=True, example="bash: st-flash: command not found"),
        Msg(None, r"(?:^|[\s$#>])(?:sudo\s+)?(?:\S*/)?(?P<tool>st-(?:flash|info|util))(?:\.exe)?(?P<args>\s+(?:--?[a-z]|write|read|erase|reset).*)$",
            strength="strong", attrs={"field": "command"},
            example="$ st-flash --connect-under-reset --reset write out/klipper.bin 0x8000000"),
    ),
    group(
        "stlink-tools 1.7.0-dev to 1.8.0 src/stlink-lib/chipid.c init_chipids(): the chip descriptions (*.chip files) are read "
        "from STLINK_CHIPS_DIR at start; a missing or unreadable directory is reported with perror(<dir>) on Linux/macOS and "
        "'Can't find any chip description file in <dir>\\*.chip.' on Windows, and every chip id is then 'unknown'",
        Msg("chip_db_missing", r"^(?P<path>\S*chips?)/?: (?P<text>No such file or directory|Permission denied)\s*$", strength="strong", fail=True,
            example="/usr/local/stlink/chip: No such file or directory"),
        Msg("chip_db_missing", r"Can't find any chip description file in (?P<path>\S.*?)\.?\s*$", strength="strong", fail=True,
            example="2023-04-04T10:12:33 ERROR chipid.c: Can't find any chip description file in C:/Program Files (x86)/stlink/config/chips\\*.chip."),
    ),
    group(
        "stlink-tools 1.3-1.8 src/st-info/info.c, src/stlink-lib/usb.c (finding and opening the probe)",
        Msg("stlink_not_found", r"Found 0 stlink programmers?", strength="strong", fail=True, attrs={"count": 0},
            example="Found 0 stlink programmers"),
        Msg("stlink_found", r"Found (?P<count>[1-9]\d*) stlink programmers?", strength="strong", convert=(("count", int),),
            example="Found 1 stlink programmers"),
        Msg("stlink_not_found", r"Couldn't find (?:any|matched) ST-Link(?:/V2)? devices", strength="strong", fail=True, attrs={"count": 0},
            example="2016-09-24T16:15:33 WARN /home/bare/stlink/src/usb.c: Couldn't find any ST-Link/V2 devices"),
        Msg("stlink_not_found", r"Unable to locate an stlink|Failed to find an stlink v1 by VID:PID|Could not open stlink device",
            fail=True, attrs={"count": 0}, example="ERROR st-trace.c: Unable to locate an stlink"),
        Msg("usb_access_denied", r"Could not open USB device (?P<vid>0x[0-9a-fA-F]+):(?P<pid>0x[0-9a-fA-F]+), access error",
            strength="strong", fail=True, convert=(("vid", id4), ("pid", id4)),
            example="ERROR usb.c: Could not open USB device 0x0483:0x3748, access error."),
        Msg("usb_no_driver", r"Failed to open USB device (?P<vid>0x[0-9a-fA-F]+):(?P<pid>0x[0-9a-fA-F]+), libusb error: (?P<code>-12)\b",
            strength="strong", fail=True, convert=(("vid", id4), ("pid", id4), ("code", int)),
            example="2023-09-18T14:19:03 ERROR usb.c: Failed to open USB device 0x0483:0x3748, libusb error: -12)"),
        Msg("usb_access_denied", r"Failed to open USB device (?P<vid>0x[0-9a-fA-F]+):(?P<pid>0x[0-9a-fA-F]+), libusb error: (?P<code>-3)\b",
            strength="strong", fail=True, convert=(("vid", id4), ("pid", id4), ("code", int)),
            example="ERROR usb.c: Failed to open USB device 0x0483:0x374b, libusb error: -3)"),
        # 1.3-1.8 stlink_open_usb: libusb_open's code and strerror(errno) (which can say "Success"): -3 is LIBUSB_ERROR_ACCESS
        Msg("usb_access_denied", r"Error (?P<code>-3) \([^)]{0,80}\) opening ST-Link", strength="strong", fail=True, convert=(("code", int),),
            example="WARN src/usb.c: Error -3 (Permission denied) opening ST-Link/V2 device 001:005"),
        # (audit-swd-rp-klipper s18) the same line with libusb_open's other telling codes (stlink 1.3-1.8 usb.c
        # stlink_open_usb, st-flash/st-info/st-util): -6 LIBUSB_ERROR_BUSY, another program (st-util, OpenOCD, an IDE's
        # debug session) holds the probe; -12 LIBUSB_ERROR_NOT_SUPPORTED, Windows with no WinUSB driver bound to it
        Msg("probe_busy", r"Error (?P<code>-6) \([^)]{0,80}\) opening ST-Link", strength="strong", fail=True, convert=(("code", int),),
            example="2021-03-02T10:00:00 WARN usb.c: Error -6 (Resource busy) opening ST-Link v2 device 001:005"),
        Msg("usb_no_driver", r"Error (?P<code>-12) \([^)]{0,80}\) opening ST-Link", strength="strong", fail=True, convert=(("code", int),),
            example="2021-03-02T10:00:00 WARN usb.c: Error -12 (No such file or directory) opening ST-Link v2 device 001:005"),
        Msg("usb_open_failed", r"Error (?P<code>-\d+) \([^)]{0,80}\) opening ST-Link", strength="strong", fail=True, convert=(("code", int),),
            example="WARN usb.c: Error -4 (No such file or directory) opening ST-Link v2 device 001:017"),
        Msg("usb_open_failed", r"Failed to open USB device (?P<vid>0x[0-9a-fA-F]+):(?P<pid>0x[0-9a-fA-F]+)", strength="strong", fail=True,
            convert=(("vid", id4), ("pid", id4)), example="ERROR usb.c: Failed to open USB device 0x0483:0x3748, libusb error: -4)"),
        # (gather-wrappers s20) 1.6-1.8 set libusb's log level (LIBUSB_OPTION_LOG_LEVEL, error by default), so libusb's own
        # line for a refused open of /dev/bus/usb/BBB/DDD lands in st-flash/st-info's output (libusb 1.0.24+ os/linux_usbfs.c
        # get_usbfs_fd "libusb couldn't open USB device %s, errno=%d"), and the probe loop then says only "Couldn't find any
        # ST-Link devices": errno 13 (EACCES) is the node's mode, errno 1 (EPERM) a device cgroup or sandbox around the
        # process (a DevContainer without the device: stlink-org/stlink#1471, fixed with --privileged)
        Msg("usb_access_denied", r"libusb couldn't open USB device (?P<path>/\S+?)(?:, errno=1\b|: Operation not permitted)",
            fail=True, attrs={"reason": "sandbox"}, src="libusb 1.0.19-1.0.27 os/linux_usbfs.c get_usbfs_fd, logged by stlink-tools 1.6-1.8",
            example="libusb: error [get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/001/005, errno=1"),
        Msg("usb_access_denied", r"libusb couldn't open USB device (?P<path>/\S+?), errno=13\b",
            fail=True, src="libusb 1.0.19-1.0.27 os/linux_usbfs.c get_usbfs_fd, logged by stlink-tools 1.6-1.8",
            example="libusb: error [get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/001/005, errno=13"),
        Msg("usb_access_denied", r"LIBUSB_ERROR_ACCESS|Permission denied|Access denied \(insufficient permissions\)", fail=True,
            example="libusb_open() failed: LIBUSB_ERROR_ACCESS"),
        Msg("usb_no_driver", r"LIBUSB_ERROR_NOT_SUPPORTED", fail=True, example="libusb: error [_get_usb_device] LIBUSB_ERROR_NOT_SUPPORTED"),
        # (swd s8) src/usb.c (1.3-1.5) and stlink-lib/usb.c (1.6-1.8) stlink_probe_usb: libusb listed a device whose descriptor
        # it could not read and the count of ST-Links stops there ("Found 0 stlink programmers"): on Windows a device with no
        # WinUSB/libusb-compatible driver (or a blocked libusb-win32 one); 1.6+ add "(libusb error: N)"
        Msg("usb_no_driver", r"failed to get libusb device descriptor", strength="strong", fail=True,
            example="2018-10-30T17:29:12 WARN C:\\Users\\Jerry\\Desktop\\stlink-master\\src\\usb.c: failed to get libusb device descriptor"),
        # libusb's Windows backend (the st-*.exe builds) names each interface it cannot open; only ST-Link ids count here
        Msg("usb_no_driver", r"has no driver: '?USB\\VID_(?P<vid>0483)&PID_(?P<pid>37[0-9A-Fa-f]{2})", strength="strong", fail=True,
            example="libusb: info [winusb_get_device_list] The following device has no driver: 'USB\\VID_0483&PID_3754&MI_00\\7&23F3714E&0&0000'"),
        Msg("probe_busy", r"Stlink usb device found, but unable to claim|libusb_claim_interface\(\) failed", strength="strong", fail=True,
            example="WARN usb.c: Stlink usb device found, but unable to claim (probably already in use?)"),
        Msg("libusb_pipe", r"LIBUSB_ERROR_PIPE", strength="weak", fail=True, example="[!] send_recv read reply failed: LIBUSB_ERROR_PIPE"),
        Msg("usb_timeout", r"LIBUSB_ERROR_TIMEOUT", fail=True, example="[!] send_recv send request failed: LIBUSB_ERROR_TIMEOUT"),
        # (byid-swd-avr s16) the ST-Link/V1 SCSI backend (src/stlink-sg.c 1.0-1.2, src/sg.c 1.3-1.6, src/stlink-lib/sg.c
        # 1.7-1.8) prints libusb_bulk_transfer's code as a number after its three LIBUSB_ERROR_PIPE retries: "Receiving
        # failed: %d", "sending failed: %d", "receiving status failed: %d", "<func>: receiving failed: %d"; -9 is
        # LIBUSB_ERROR_PIPE (the probe stalls the transfer), -7 LIBUSB_ERROR_TIMEOUT
        Msg("libusb_pipe", r"(?i)\b(?:receiving|sending)(?: status| sense)? failed: -9\b", strength="strong", fail=True,
            example="2013-07-11T18:18:50 WARN src/stlink-sg.c: Receiving failed: -9"),
        Msg("usb_timeout", r"(?i)\b(?:receiving|sending)(?: status| sense)? failed: -7\b", strength="strong", fail=True,
            example="WARN sg.c: sending failed: -7"),
        Msg(None, r"^\[!\] send_recv", strength="strong", example="[!] send_recv STLINK_GET_VERSION"),
        Msg("skipping_st_device", r"skipping ST device\s*:\s*(?P<vid>0x[0-9a-fA-F]+):(?P<pid>0x[0-9a-fA-F]+)", strength="strong",
            convert=(("vid", id4), ("pid", id4)), example="WARN usb.c: skipping ST device : 0x483:0xdf11)"),
        Msg("probe_firmware_old", r"(?i)Old ST-LINK firmware|ST-LINK firmware (?:version )?(?:is )?(?:not supported|upgrade required)",
            fail=True, example="Error: Old ST-LINK firmware version. Upgrade ST-LINK firmware"),
    ),
    group(
        "stlink-tools 1.3-1.8 src/st-info/info.c `--probe` fields",
        # an id below 0x100 (not 0: that is "nothing answered") is no STM32 DEV_ID: a value came back through the access port
        # but not the DBGMCU register; st-info prints no descr for it and flash 0 (a sleeping core's bus, or a bad line)
        Msg("chip_id_unknown", r"^\s*chipid:\s*(?P<value>0x0*[1-9a-fA-F][0-9a-fA-F]?)\s*$", strength="weak", fail=True,
            convert=(("value", to_int),), example="chipid:     0x0004"),
        Msg("chip_id", r"^\s*chipid:\s*(?P<value>0x[0-9a-fA-F]+)", strength="weak", convert=(("value", to_int),),
            example="  chipid:     0x0410"),
        Msg(None, r"^\s*flash:\s*(?P<flash>\d+)", strength="weak", attrs={"field": "flash"}, example="  flash:      65536 (pagesize: 1024)"),
        Msg(None, r"^\s*sram:\s*(?P<sram>\d+)", strength="weak", example="  sram:       20480"),
        Msg(None, r"^\s*version:\s*(?P<programmer>V\S+)", strength="weak", attrs={"field": "programmer"}, example="  version:    V2J29S7"),
        # stlink-tools 1.6-1.8 st-info --probe: the serial again as the C-escaped string OpenOCD's hla_serial takes; no other
        # tool prints it, so it claims the block (a bare "serial:" line is also a Klipper printer.cfg key)
        Msg(None, r'^\s*hla-serial:\s*"(?:\\x[0-9a-fA-F]{2}){4,}"', strength="strong",
            example='hla-serial: "\\x30\\x36\\x36\\x36\\x46\\x46"'),
        Msg(None, r"^\s*(?:hla-)?serial:\s*\"?(?P<serial>[0-9A-Fa-f]{8,})", strength="weak", attrs={"field": "serial"},
            example="  serial:     16004A002933353739303541"),
        Msg(None, r"^\s*(?:descr|dev-type):\s*(?P<part>\S.*)", strength="weak", attrs={"field": "part"}, example="  descr:      F1xx Medium-density"),
        Msg(None, r"^\s*openocd:\s*\"", example='openocd: "\\x30\\x30"'),
        # `st-info --chipid`, `--flash`, `--sram`, `--pagesize` print the bare number (1.3-1.8); what it is follows the option
        Msg(None, r"^(?P<bare>0x[0-9a-fA-F]+)$", attrs={"field": "bare"}, example="0x0000"),
    ),
    group(
        "stlink-tools 1.3-1.8 src/stlink-lib/common.c, chipid.c (the target)",
        Msg("chip_id_unknown", r"(?i)unknown chip id!?\s*(?P<value>0x[0-9a-fA-F]+|\d+)", strength="strong", fail=True,
            convert=(("value", number),), example="2022-09-29T14:32:12 WARN common.c: unknown chip id! 0x497"),
        Msg("chip_id_missing", r"Could not find chip id!?", strength="strong", fail=True, example="ERROR common.c: Could not find chip id!"),
        Msg("chip_id", r"Device connected is: (?P<part>.+?),? (?:device, )?id (?P<value>0x[0-9a-fA-F]+)", convert=(("value", number),),
            example="2015-10-09T17:29:08 INFO src/stlink-common.c: Device connected is: F7 device, id 0x10016449"),
        Msg(None, r"SRAM size: (?:0x[0-9a-fA-F]+|\d+) bytes.{0,40}?Flash: (?P<flash>0x[0-9a-fA-F]+|\d+) bytes", attrs={"field": "flash"},
            example="INFO src/stlink-common.c: SRAM size: 0x50000 bytes (320 KiB), Flash: 0x100000 bytes (1024 KiB) in pages of 2048 bytes"),
        Msg(None, r"INFO " + _FILE + r" (?P<part>[^:]+?): (?P<sram>\d+) KiB SRAM,\s*(?P<flashk>\d+) KiB flash", attrs={"field": "params"},
            example="2021-03-22T18:26:14 INFO common.c: F1xx Medium-density: 20 KiB SRAM, 128 KiB flash in at least 1 KiB pages."),
        Msg("connect_under_reset_hint", r"Please use 'connect under reset'|Can not connect to target\. Please use", strength="strong", fail=True,
            example="ERROR common.c: Can not connect to target. Please use 'connect under reset' and try again"),
        Msg("nrst_not_connected", r"NRST (?:is )?not connected", strength="strong", benign=True,
            example="2022-10-28T16:22:59 WARN common.c: NRST is not connected"),
        Msg("target_connect_failed", r"Soft reset failed: (?P<reason>timeout|error write to AIRCR)", fail=True,
            example="ERROR common.c: Soft reset failed: timeout"),
        # 1.6-1.8 st-flash/flash.c and stlink-lib/common.c stlink_target_connect: the probe's own STLINK_DEBUG_ENTER_SWD
        # command failed, i.e. the ST-Link got no answer on SWD at all (the command OpenOCD's hla driver reports as "init
        # mode failed"); st-info --probe then prints chip id 0
        Msg("target_connect_failed", r"Failed to enter SWD mode", strength="strong", fail=True, attrs={"stage": "enter_swd"},
            example="Failed to enter SWD mode"),
        Msg("target_connect_failed",
            r"Failed to connect to target|Failed to read core_id|Failed to reset (?:device|JTAG)|"
            r"Failed to halt the core|Your stlink is not connected to a device|Unsupported Target \(Chip ID",
            strength="strong", fail=True, example="Failed to connect to target"),
        Msg("readout_protected", r"Flash memory is write protected", fail=True, example="ERROR common_flash.c: Flash memory is write protected"),
        Msg("unknown_memory_region", r"Unknown memory region", strength="strong", fail=True, example="Unknown memory region"),
        Msg("unknown_coreid", r"unknown coreid,? not sure what flash loader to use.{0,40}?coreid: ?(?P<coreid>[0-9a-fA-F]+), chipid: ?(?P<chipid>[0-9a-fA-F]+)",
            strength="strong", fail=True,
            example="2019-02-14T18:14:06 ERROR flash_loader.c: unknown coreid, not sure what flash loader to use, aborting! coreid: 2ba01477, chipid: 430"),
        # the other wordings of the same refusal (stlink 2012-1.5: stlink-common.c/common.c erase_flash_page "unknown coreid %x, page
        # erase failed", stlink_write_flash "unknown coreid, not sure how to write: %x", run_flash_loader "unknown coreid,
        # not sure what flash loader to use, aborting!: %x", flash.c "unknown coreid 0x%x, can't check written byte count",
        # "unknown coreid: %x"): the chip answered with a core id the tool has no flash routine for
        Msg("unknown_coreid", r"unknown coreid(?::? 0x|:? |, not sure (?:how to write|what flash loader to use, aborting!): )(?P<coreid>[0-9a-fA-F]{6,8})\b",
            strength="strong", fail=True, example="WARN src/stlink-common.c: unknown coreid 2ba01477, page erase failed"),
        # 1.3-1.8 stlink_load_device_params: a chip id whose table entry has no flash type, which is only the "unknown device"
        # entry of id 0 (1.8: unknown_device.chip, chip_id 0x0): the target answered nothing
        Msg("chip_id", r"Invalid flash type, please check device declaration", strength="strong", fail=True, attrs={"value": 0},
            example="2018-12-11T00:52:25 WARN common.c: Invalid flash type, please check device declaration"),
        Msg("flash_type_unknown", r"(?i)unrecognized flash type|Failed to parse flash type|Invalid flash type", fail=True,
            example="Failed to parse flash type or unrecognized flash type"),
        Msg(None, r"Target voltage \(\d+ mV\) too low for 32-bit flash, using 8-bit", benign=True,
            example="INFO common_flash.c: Target voltage (2560 mV) too low for 32-bit flash, using 8-bit flash writes"),
        Msg("target_voltage_low", r"Target voltage \((?P<voltage>\d+) mV\) too low", fail=True, convert=(("voltage", _mv_to_volts),),
            example="ERROR flash_loader.c: Target voltage (1450 mV) too low for flash writes!"),
    ),
    group(
        "stlink-tools 1.3-1.8 src/stlink-lib/common_flash.c, flash_loader.c, src/st-flash/flash.c (writing)",
        Msg("write_verified", r"Flash written and verified! jolly good", strength="strong", example="INFO common.c: Flash written and verified! jolly good!"),
        Msg("verify_failed", r"(?i)Verification of flash failed|\bverify failed|Flash verification failed", fail=True,
            example="ERROR common.c: Verification of flash failed at offset: 0"),
        Msg("pages_written", r"^\s*(?P<count>\d+)/\s*(?P<expected>\d+) pages written", strength="strong",
            convert=(("count", int), ("expected", int)), example="5/5 pages written"),
        Msg("flash_loader_failed",
            r"(?i)flash loader run error|Failed to (?:write|load) flash loader|write_buffer_to_sram\(\) == -1|stlink_flash_loader_run\(.{0,16}\) failed|Flash loader write error",
            fail=True, example="ERROR flash_loader.c: Flash loader run error"),
        Msg(None, r"Mass erase completed successfully|Flash page at addr: 0x[0-9a-fA-F]+ erased|Starting verification of write complete",
            example="Mass erase completed successfully."),
        Msg(None, r"^(?>.*?file ).+ md5 checksum: ", strength="weak", example="file out/klipper.bin md5 checksum: 4636419d5875ac7103da4e6dc66c566, stlink checksum: 0x0006b357"),
    ),
    # (audit s8) every ELOG/WLOG/ILOG/printf/fprintf(stderr) of src/ at v1.3.0-v1.8.0 filled in and run against these rows
    # (/work/notes/audit8-stlink): the messages below were claimed by no row, or only by the catch-all ERROR/WARN row
    group(
        "stlink-tools 1.3-1.8 src/common.c, stlink-lib/map_file.c, common_flash.c, st-flash/flash.c (the image and the address it goes to; "
        "examples: the source's format filled in)",
        # map_file()/stlink_fread: the image named on the command line could not be opened (printed without a level, on stderr)
        Msg("image_missing", r"^open\((?P<path>[^()]{1,300})\) == -1$", strength="weak", fail=True,
            example="open(out/klipper.bin) == -1"),
        Msg("image_unreadable", r"^(?:mmap\(\) == MAP_FAILED|mmap\(\) (?:size_t|uint32_t) overflow|fstat\(.{0,300}\) == -1)", strength="weak", fail=True,
            example="mmap() == MAP_FAILED for file out/klipper.bin"),
        # 1.7-1.8 flash.c: --format ihex given a file that is no Intel HEX; 1.3-1.8 stlink_parse_ihex: a damaged or truncated .hex
        Msg("image_unreadable", r"Cannot parse \S.{0,300} as Intel-HEX file|Wrong file format - |No EoF recond|No data found in file",
            fail=True, example="ERROR common.c: Wrong file format - wrong line length"),
        # stlink_write_flash 1.3-1.7 "addr too high" (ELOG: the image ends past flash_base + the flash size the tool read or was
        # given with --flash), 1.8 common_flash.c "The size exceeds the size of the flash (0x%08x bytes available)"; the
        # fprintf "addr too high" without a level is the SRAM write (st-flash --sram), not the flash
        # (firmware-build s22) a paste that joined the two lines (the ELOG and st-flash's own "stlink_fwrite_flash() == -1")
        Msg("image_too_large", r"ERROR (?:\S*/)?common\.c: addr too high(?:\s+stlink_fwrite_flash\(\) == -1)?\s*$", fail=True, attrs={"memory": "flash"},
            example="2019-05-02T10:00:00 ERROR common.c: addr too high"),
        # (s10) before 1.4 the library file was src/stlink-common.c: same ELOG, the path printed after the level
        Msg("image_too_large", r"ERROR (?:\S*/)?stlink-common\.c: addr too high(?:\s+stlink_fwrite_flash\(\) == -1)?\s*$", fail=True, attrs={"memory": "flash"},
            example="2014-05-28T16:45:50 ERROR src/stlink-common.c: addr too high"),
        Msg("image_too_large", r"The size exceeds the size of the flash \(0x[0-9a-fA-F]+ bytes available\)", strength="strong",
            fail=True, attrs={"memory": "flash"},
            example="2023-01-01T10:00:00 ERROR common_flash.c: The size exceeds the size of the flash (0x00004000 bytes available)"),
        Msg("address_invalid", r"^(?:addr too (?:high|low)|addr overruns|unaligned addr)\b|ERROR (?:\S*/)?common(?:_flash)?\.c: (?:addr too low|addr overruns|"
            r"unaligned addr|addr not a multiple of (?:current )?pagesize|Invalid flash address|Invalid address, it should be within)",
            fail=True, example="ERROR common.c: addr not a multiple of pagesize, not supported"),
        # 1.7-1.8 flash.c: the arguments did not parse (st-flash then prints its usage)
        Msg("usage_error", r"^invalid command line$", fail=True, example="invalid command line"),
    ),
    group(
        "stlink-tools 1.3-1.8 src/stlink-lib/usb.c, common.c, flash_loader.c, st-flash/flash.c (the probe and the target after opening; "
        "examples: the source's format filled in)",
        # the probe did not carry out its own command: STLINK_GET_TARGET_VOLTAGE (printf 1.3-1.6, ELOG 1.7-1.8 before a flash
        # loader run), the DFU-mode exit of 1.7 flash.c, an answer of the wrong length
        Msg("probe_command_failed", r"Failed to read Target voltage|\[!\] wrong length STLINK_GET_TARGET_VOLTAGE", fail=True,
            attrs={"command": "GET_TARGET_VOLTAGE"}, example="ERROR flash_loader.c: Failed to read Target voltage"),
        Msg("probe_command_failed", r"^Failed to exit DFU mode$", strength="strong", fail=True, attrs={"command": "DFU_EXIT"},
            example="Failed to exit DFU mode"),
        # 1.8 common.c: the probe reports JTAG API version 0, a probe (or a clone's firmware) without the debug interface
        Msg("probe_unsupported", r"warning: stlink doesn't support JTAG/SWD interface", strength="strong", fail=True,
            example="WARN common.c:     warning: stlink doesn't support JTAG/SWD interface"),
        # 1.7-1.8 flash.c after connecting: STLINK_DEBUG_GETSTATUS failed, the target stopped answering on SWD
        Msg("target_connect_failed", r"^Failed to get Core's status$", strength="strong", fail=True, attrs={"stage": "status"},
            example="Failed to get Core's status"),
        # 1.7-1.8 flash.c read: the memory could not be read back (main flash, option bytes, OTP)
        Msg("read_failed", r"^could not read (?:main memory|option bytes(?: boot address)?|option control register|OTP area) \(-?\d+\)$",
            fail=True, example="could not read main memory (-1)"),
        # 1.8 chipid.c: a chip description file (*.chip) that does not parse: every chip id is then unknown
        Msg("chip_db_invalid", r"^(?:Failed to parse (?:chip-id|flash size reg|flash page size|SRAM size|BootROM base|BootROM size|option base|"
            r"option size|flash type)|Failed to read keyword or value)", fail=True, example="Failed to parse flash size reg"),
        Msg("chip_db_invalid", r"^Unknown (?:keyword|flags \S+) in \S+\.chip\b", strength="strong", fail=True,
            example="Unknown keyword in /usr/share/stlink/chips/F1xx_MD.chip: flash_sizes_reg"),
    ),
    group(
        "stlink-tools 1.3-1.8 src/stlink-lib/common.c, common_flash.c, flash_loader.c (erasing and writing the flash; examples: the "
        "source's format filled in, save the first, a paste in tests/cases)",
        # the FLASH_SR error bits after a write (1.6.1 "Flash programming error : %x", 1.7-1.8 "Flash programming error: %#010x"),
        # a write over a non-erased word (1.7-1.8), the erase before a write (1.8), the flash loader's own failures, the unlock
        # sequence not taking (F0-F4 "Failed to unlock flash!", 1.6+ "Flash unlock failed! System reset required...", L0/L1
        # "pecr.prglock/pelock not clear"), half-page writes of L0/L1
        Msg("flash_write_failed",
            r"Flash programming error ?: ?(?:0x)?[0-9a-fA-F]+|Flash memory contains a non-erased value|Failed to erase the flash prior to writing|"
            r"Failed to unlock flash!|Flash unlock failed!|pecr\.(?:prg|pe)lock not clear|write_half_pages failed|Failed to erase_flash_page|"
            r"flash_loader\.c: (?:Write error|write error, count ==)|(?:Could not|Failed to) unlock flash option|Flash option (?:unlock|write) failed|"
            r"Option(?:s| flash| bytes)? unlock failed", fail=True,
            example="2025-06-21T18:24:11 ERROR common_flash.c: Flash programming error: 0x00000080"),
        # 1.8 flash_loader.c: the loader failed and st-flash writes word by word instead; the run may still succeed
        Msg(None, r"Failed to use flash loader, fallback to soft write", benign=True, attrs={"field": "soft_fallback"},
            example="WARN flash_loader.c: Failed to use flash loader, fallback to soft write"),
        # progress of an erase and a write (no level): the run got that far
        Msg(None, r"^-> Flash page at (?:0x)?[0-9a-fA-F]+(?:/\d+)? erased|^\d+/\d+ (?:bytes|halfpages) written|^Mass erasing\b|^stlink checksum: 0x|"
            r"^enabling 32-bit flash writes|^Starting \d+ page write", example="Mass erasing..."),
        # normal notices that the catch-all WARN row would read as failures or that look like one
        Msg(None, r"ST-Link firmware does not support frequency setup|STLINK V1 cannot read voltage|\(this is not an error, just a GDB glitch\)",
            benign=True, example="WARN gdb-server.c: (this is not an error, just a GDB glitch)"),
        # (healthy2 s9) usb.c with --freq: the probe runs SWD at the nearest clock it offers (ILOG, a note)
        Msg(None, r"Unable to match requested speed \d+ kHz, using \d+ kHz", benign=True,
            example="2023-01-01T10:00:00 INFO usb.c: Unable to match requested speed 4000 kHz, using 1800 kHz"),
    ),
    # (source audit s11) stlink-tools 1.0-1.2 wordings the s8 audit (1.3-1.8) did not read; develop after 1.8.0 (bfcc1e2,
    # 2024-10) adds only progress and notices ("Section erase completed successfully.", "Aligning data size to 16 bytes"),
    # which no row needs. Examples are the source's format filled in.
    group(
        "stlink-tools 1.0-1.2 src/stlink-usb.c, stlink-common.c, gdbserver/gdb-server.c (source audit s11; examples: the source's format filled in)",
        # st-util 1.0-1.2 reports the probe's reading of the target's VDD at start-up (1.3+ print it only when too low)
        Msg("target_voltage", r"Target voltage is (?P<voltage>\d+) mV\.", convert=(("voltage", _mv_to_volts),),
            example="2015-01-01T10:00:00 INFO gdbserver/gdb-server.c: Target voltage is 3243 mV."),
        # 1.0 stlink_open_usb: libusb_open failed on the ST-Link it found (1.3+ "Error -3 (...) opening ST-Link ...")
        Msg("usb_open_failed", r"Couldn't open ST-Link/V2 device \d{3}:\d{3}", strength="strong", fail=True,
            example="2015-01-01T10:00:00 WARN stlink-usb: Couldn't open ST-Link/V2 device 001:005"),
        # 1.0-1.2 the flash loader in the target's RAM did not run or report back (writing stopped)
        Msg("flash_write_failed", r"^(?:.*: )?(?:l1_)?run_flash_loader\(0x[0-9a-fA-F]+\) failed! == -1|writes operation failure count too high, aborting|"
            r"^(?:.*: )?init_flash_loader\(\) == -1$", fail=True,
            example="2015-01-01T10:00:00 WARN src/stlink-common.c: run_flash_loader(0x8000000) failed! == -1"),
        # 1.0-1.1 a word written without the loader read back wrong and is written again (a retry, not the verdict)
        Msg(None, r"^invalid write @0x[0-9a-fA-F]+\(0x[0-9a-fA-F]+\): 0x[0-9a-fA-F]+ != 0x[0-9a-fA-F]+\. retrying\.$", benign=True,
            example="invalid write @0x8000000(0x4): 0xff != 0x0. retrying."),
    ),
    group(
        "stlink-tools 1.3-1.8: line shapes and any other ERROR/WARN line (its own words are the evidence)",
        Msg("tool_error", r"^(?:\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d)?\s+)?ERROR (?:\S*/)?[\w.-]+\.c: ?(?P<text>.*)$", fail=True,
            example="2019-07-23T16:56:37 ERROR common.c: stlink_fwrite_flash() == -1"),
        Msg("tool_error", r"^(?:\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d)?\s+)?WARN (?:\S*/)?[\w.-]+\.c: ?(?P<text>.*(?:[Ee]rror|[Ff]ailed|[Cc]annot|[Cc]an not).*)$",
            fail=True, example="2015-10-09T17:29:08 WARN src/sg.c: receiving status failed: -1"),
        Msg("tool_error", r"^(?P<text>[\w-]+\(\) == -1)$", fail=True, example="stlink_fwrite_flash() == -1"),
        Msg(None, r"^(?:\d{4}-\d\d-\d\d(?:T\d\d:\d\d:\d\d)?\s+)?" + _LEVEL + r" " + _FILE, strength="strong",
            example="2020-11-09T17:40:59 INFO common.c: Attempting to write 4572 (0x11dc) bytes to stm32 address: 134217728 (0x8000000)"),
    ),
)


@register
class StlinkParser(TableParser):
    name = "st-link"
    stamped = True  # its own time stamps (parsers/__init__.py _undecorate_batch)
    namespace = "stlink"
    messages = MESSAGES
    event_kinds = ("works_only_with_sudo", "flash_size_unread", "skipping_st_device_moot", "raw_write_elf")
    hints = ("st-", "stlink", "st-link", "chip id", "chipid", ".c:", "device connected is", "sram", "programmers", "connect under reset",
             "pages written", "send_recv", "descr:", "dev-type:", "flash:", "version:", "serial:", "openocd:", "libusb", "usb device",
             "permission denied", "access denied", "nrst", "target", "flash", "== -1", "memory region", "firmware", "swd mode", "core",
             "mmap", "fstat", "dfu mode", "jtag/swd", ".chip",
             # (source audit s11) 1.0-1.2
             "mv.", "flash_loader", "failure count", "invalid write",
             # (audit-swd-rp-klipper s18) st-flash 1.6-1.8 flash.c's reset failures carry no other hint
             "failed to reset")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.tool: str | None = None
        self.query: str | None = None  # the st-info option whose bare value comes next (--chipid, --flash)
        self.sudo = False  # the command last seen ran under sudo
        self.elf_said: tuple[int, str, str] | None = None  # (firmware-build s22 review) an st-flash write of an ELF in a sentence
        self.denied_as_user: dict[str, Any] | None = None  # "no probe" or access denied from a command without sudo
        # (byid-swd-avr s16) `st-info --probe` counted a probe ("Found 1 stlink programmers") and nothing printed since
        self.probe_pending: tuple[int, str] | None = None
        self.last_args: list[str] = []  # the options of the command line last seen

    @classmethod
    def silent_row(cls, row: Msg) -> bool:
        """(bulk path) A row with no kind, no `field`, no version group and no `fail` (that one records a failure_message):
        on_event does nothing with it unless a probe's count waits for its block (`quiet_now`)."""
        return row.kind is None and not row.fail and "field" not in dict(row.attrs) and "version" not in regex(row.pattern).groupindex  # type: ignore[arg-type]

    def quiet_now(self) -> bool:
        return self.probe_pending is None

    def _tool(self, tool: str | None) -> None:
        if tool and self.tool is None:
            self.tool = tool

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        s = self.fields
        g = m.groupdict()
        field = dict(row.attrs).get("field")  # type: ignore[arg-type]
        if self.probe_pending is not None and not (ev is not None and ev["kind"] == "stlink_found"):
            pending, self.probe_pending = self.probe_pending, None
            if field == "command":
                # (byid-swd-avr s16) st-info 1.3-1.8 --probe (src/tools/info.c, st-info/info.c stlink_probe): stlink_probe_usb
                # counts every ST-Link but keeps only those stlink_open_usb() opened, and that open reads the target's chip id
                # (stlink_load_device_params); a probe whose target did not answer is left out silently (1.3-1.5) or after
                # "Failed to open USB device" (1.6-1.8), and its serial/flash/sram/chipid block is never printed. The count
                # followed by the next command's prompt, with no block between, is that failed read (stlink#517: an L152
                # Nucleo read only while RESET was held)
                self.event("chip_id_missing", pending[0], pending[1], fail=True)
                s["failed_read"] = True
        if ev is None:
            if g.get("version"):
                self._tool(g.get("tool"))
                s.setdefault("version", g["version"])
            elif field == "command":
                self._tool(g.get("tool"))
                args = (g.get("args") or "").split()
                self.last_args = args
                s.setdefault("command", line.strip()[line.strip().find(g["tool"]):][:300])
                if "--connect-under-reset" in args:
                    s["connect_under_reset"] = True
                self.query = next((a[2:] for a in args if a in ("--chipid", "--flash", "--sram", "--pagesize")), None)
                self.sudo = bool(re.search(r"(?:^|[\s$#>])sudo\s+(?:-\S+\s+)*(?:\S*/)?st-", line))
                for a in args:
                    if a.startswith("--flash="):
                        s.setdefault("extra", {})["forced_flash"] = a[8:]
                # (firmware-build s22) st-flash 1.0-1.8 `write [v1|v2] <file> <addr>` copies the file's bytes to the address as
                # they are (flash.c: a raw binary unless --format ihex; 1.x never reads ELF): an .elf/.axf/.out given there is
                # written with its ELF header and debug sections, past the end of flash ("addr too high") or as a program that
                # cannot start (stlink#203: the .bin worked, the .elf did not)
                if g.get("tool") == "st-flash" and "write" in args:
                    rest = [a for a in args[args.index("write") + 1:] if a not in ("v1", "v2") and not a.startswith("-")]
                    if rest and re.search(r"(?i)\.(?:elf|axf|out)$", rest[0].strip("\"'")):
                        # (firmware-build s22 review) a line that starts as a command (a prompt, sudo) is one; a sentence naming
                        # the command ("Should I use st-flash write main.elf ...?") only with st-flash's own output in the run
                        if _ST_CMD_START.match(line):
                            self.event("raw_write_elf", lineno, line, path=rest[0].strip("\"'"))
                        elif self.elf_said is None:
                            self.elf_said = (lineno, line, rest[0].strip("\"'"))
            elif field == "flash":
                n = number(g["flash"])
                if n is not None:
                    s["flash_size"] = n
                if line.lstrip().startswith("flash:"):
                    self._tool("st-info")
            elif field == "soft_fallback":
                # (stm32-swd-dfu s10) st-flash overcame the loader's failure itself: it writes on without the loader
                # (stlink#1138, an STM32L072: write_buffer_to_sram() == -1, then all 2178 half pages written, "L072 ok");
                # a failure of the soft write that follows is a line of its own
                for e in self.events:
                    if e["kind"] == "flash_loader_failed" and e.get("fail"):
                        e["fail"] = False
                        e["retried"] = True
            elif field == "programmer":
                self._tool("st-info")
                s.setdefault("programmer", g["programmer"])
            elif field == "serial":
                s.setdefault("serial", g["serial"])
            elif field == "part":
                s.setdefault("part", g["part"].strip())
            elif field == "bare" and self.query in ("chipid", "flash"):
                value = number(g["bare"])
                if self.query == "flash" and value is not None:
                    s["flash_size"] = value
                    if value == 0:
                        # (misses s20) st-info 1.3-1.8 `--flash` prints the size stlink_load_device_params() set, which it
                        # leaves at 0 only when it could not identify the chip (chip id 0: nothing answered; an id its
                        # table lacks): the query failed, whatever --chipid would have said (stlink#1127)
                        self._tool("st-info")
                        self.event("flash_size_unread", lineno, line, fail=True)
                elif self.query == "chipid" and value is not None:
                    self._tool("st-info")
                    ev = self.event("chip_id", lineno, line, value=value)
                    self.on_event(ev, row, m, lineno, line)
                self.query = None
            elif field == "params":
                s.setdefault("part", g["part"].strip())
                s.setdefault("flash_size", int(g["flashk"]) * 1024)
            return
        ev.pop("field", None)
        kind = ev["kind"]
        # none found (or access refused) as the user, found with sudo: the user may not open it (udev rules)
        sudo_contrast(self, ev, lineno, line, denied=kind in ("stlink_not_found", "usb_access_denied"), worked=kind == "stlink_found")
        if kind in ("stlink_found", "stlink_not_found") and "programmers" in line:
            self._tool("st-info")
            s["found"] = int(ev.get("count") or 0)
            if kind == "stlink_found" and "--probe" in self.last_args:
                self.probe_pending = (lineno, line)
        elif kind == "stlink_not_found":
            s.setdefault("found", 0)
        elif kind == "chip_id":
            value = ev.get("value")
            if isinstance(value, int):
                if value > 0xFFFF:  # 1.3-1.5 print the whole DBGMCU IDCODE: the device id is its low 12 bits
                    rev = value >> 16
                    if rev in _CLONE_REVISIONS:
                        s.setdefault("clone_suspect", _CLONE_REVISIONS[rev])
                    value &= 0xFFF
                    ev["value"] = value
                if value and s.get("failed_read"):
                    # an earlier attempt in this paste read nothing or garbage, this one reached the chip
                    s["answered_after_failure"] = True
                    s["chipid"] = f"0x{value:04x}"
                s.setdefault("chipid", f"0x{value:04x}")
                if not value:
                    s["failed_read"] = True
            if g.get("part"):
                s.setdefault("part", g["part"].strip())
        elif kind == "chip_id_unknown" and ev.get("value") == 0:
            # 1.5 "unknown chip id! 0": nothing answered (no id at all), the same reading as chipid 0x0000
            ev["kind"] = "chip_id"
            ev["read"] = "unknown_chip_id"
            s.setdefault("chipid", "0x0000")
            s["failed_read"] = True
        elif kind == "target_connect_failed" and s.get("known_unknown") and "Failed to connect to target" in line:
            # 1.6-1.8 st-flash/st-util: stlink_load_device_params refused an id missing from its table (a plausible one:
            # the chip answered), and the tool reports that as "Failed to connect to target": the refusal, not the wiring
            ev["kind"] = "tool_error"
            ev["text"] = "Failed to connect to target (after an unknown chip id)"
        elif kind == "chip_id_unknown":
            value = ev.get("value")
            ev["plausible"] = plausible_device_id(value)
            if ev["plausible"]:
                s["known_unknown"] = True
            if isinstance(value, int):
                s.setdefault("chipid", f"0x{value:04x}")
            if not ev["plausible"]:
                s["failed_read"] = True
                echo = _echoed(value)
                if echo:
                    ev["echo"] = echo
        elif kind == "unknown_coreid":
            s.setdefault("coreid", f"0x{ev.get('coreid')}")
        elif kind == "target_voltage_low" and ev.get("voltage") is not None:
            s["voltage"] = ev["voltage"]
        elif kind == "nrst_not_connected":
            level = re.search(r"\b(WARN|INFO)\b", line)
            if level:
                ev["state"] = level.group(1).lower()
        elif kind == "skipping_st_device":
            info = classify_usb(ev.get("vid"), ev.get("pid"))
            ev.update({k: info[k] for k in ("role", "role_name") if k in info})
        elif kind == "write_verified":
            s["verified"] = True
            s["written"] = True
        elif kind == "tool_error":
            ev["text"] = (g.get("text") or "")[:200]

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        s.pop("failed_read", None)
        s.pop("known_unknown", None)
        oversize = _oversize_flash(s.get("chipid"), s.get("flash_size"))
        if oversize:
            s["clone_flash"] = oversize
        # (deepen-stm32 s19) st-info 1.5-1.8 --probe prints its "descr:"/"dev-type:" line only for an id in its chip table
        # (info.c stlink_print_info) and leaves flash at 0 when stlink_load_device_params refused the id: an STM32-range id
        # with flash 0 and no such line is a part the tool does not know (a clone, or newer than the tool), not protection
        chipid = s.get("chipid")
        part = str(s.get("part") or "")
        if (self.tool == "st-info" and s.get("flash_size") == 0 and (not part or part.lower().startswith("unknown")) and isinstance(chipid, str)
                and chipid != "0x0000" and plausible_device_id(int(chipid, 16)) and int(chipid, 16) & 0xFFF not in _KNOWN_SINCE_13):
            s["unknown_to_tool"] = True
        kinds = {e["kind"] for e in self.events}
        if "write_verified" in kinds:
            # (healthy s20) stlink-tools 1.5-1.8 usb.c warn "skipping ST device : 0x483:0xdf11)" for every 0483 device on
            # the bus that is not an ST-Link they know (a second board in its ROM DFU, an unknown V3 probe) and go on with
            # the ST-Link they did find: a write the same run verified shows the tool reached its probe and target
            for e in self.events:
                if e["kind"] == "skipping_st_device":
                    overcome_event(e, "skipping_st_device_moot")
            kinds = {e["kind"] for e in self.events}
        failed = any(e.get("fail") for e in self.events)
        if "write_verified" in kinds:
            s["success"] = True
        elif failed or "skipping_st_device" in kinds:
            s["success"] = False
        elif s.get("chipid") not in (None, "0x0000"):
            s["success"] = True
        if s.get("chipid") == "0x0000":
            s["success"] = False
        # (deepen-misc s17) stlink 1.8 prints a bare WARN "NRST is not connected" only in stlink_target_connect()'s connect under
        # reset (its reset path says INFO "NRST is not connected --> using software reset via AIRCR"); 1.7 printed the bare
        # WARN on both paths, so only a 1.8+ version line makes it mean --connect-under-reset when the command line was cut
        version = re.match(r"v?(\d+)\.(\d+)", str(s.get("version") or ""))
        if (not s.get("connect_under_reset") and version and (int(version.group(1)), int(version.group(2))) >= (1, 8)
                and any(e["kind"] == "nrst_not_connected" and e.get("state") == "warn" and "-->" not in str(e.get("line") or "")
                        for e in self.events)):
            s["connect_under_reset"] = True
        return s

    def finish(self) -> dict[str, Any]:
        if self.elf_said is not None and (self.fields.get("version") or self.events) \
                and not any(e["kind"] == "raw_write_elf" for e in self.events):
            self.event("raw_write_elf", self.elf_said[0], self.elf_said[1], path=self.elf_said[2])
        run = self.run(**self.summary())
        run["tool"] = self.tool or "st-link"
        return {self.namespace: {"runs": [run]}}


# (firmware-build s22 review) a line that starts like a typed command: an optional prompt ("$ ", "pi@host:~ $ ", "C:\\x> ",
# "# "), sudo, a path, then st-flash
_ST_CMD_START = re.compile(r"^\s*(?:(?:\S+\s)?\S*[$#>%]\s*)?(?:sudo\s+(?:-\S+\s+)*)?(?:\S*[/\\])?st-flash(?:\.exe)?\s")


def _oversize_flash(chipid: Any, flash_size: Any) -> str | None:
    """The flash size read is more than ST makes for this device id (and not the 0xFFFF KiB of an unreadable
    register): a clone MCU's size register."""
    if not isinstance(chipid, str) or not isinstance(flash_size, int) or flash_size <= 0:
        return None
    try:
        dev = int(chipid, 16) & 0xFFF
    except ValueError:
        return None
    top = _MAX_FLASH_KIB.get(dev)
    if top is None or flash_size <= top * 1024 or flash_size >= 0xFFFF * 1024:
        return None
    return f"flash size {flash_size // 1024} KiB read for device id 0x{dev:03x}, at most {top} KiB on an STM32"


def _echoed(value: int | None) -> str | None:
    """(gather-probes s20) What an unidentified chip id of stlink 1.0-1.4 echoes when the DBGMCU read did not happen
    (stlink_chip_id returned the reply buffer unmasked; from 1.5 the id is masked to 12 bits): the register address
    it asked for ("address": 0xe0042000, the M0 0x40015800, 0xe0044000, 0x5c001000), the debug key of the DHCSR
    write before it ("dhcsr_key": 0xa05fxxxx, stlink_run/stlink_soft_reset) or AIRCR's reset key ("aircr_key":
    0x05fa0004, stlink_reset). Only the read's failure is certain; which cause follows the threads (SWD002/SWD004)."""
    if not isinstance(value, int):
        return None
    if value in (0xE0042000, 0xE0044000, 0x40015800, 0x5C001000):
        return "address"
    if value & 0xFFFF0000 == 0xA05F0000:
        return "dhcsr_key"
    if value in (0x05FA0004, 0x05FA0000):
        return "aircr_key"
    return None


def plausible_device_id(value: int | None) -> bool:
    """Whether a chip id the tool did not know looks like a real STM32-family DBGMCU id (a clone's or a chip newer
    than the tool) rather than a failed read: the 12-bit DEV_ID (alone or in a 32-bit IDCODE with its REV_ID)
    in 0x400-0x7ff, not a debug register address, not AIRCR's key pattern, not the probe's own USB product id."""
    if value is None or value <= 0 or value in _GARBAGE or value in _PROBE_PIDS:
        return False
    if value > 0xFFFF:
        if value & 0xF000_0000 == 0xE000_0000 or (value >> 16) & 0xFFF == 0x5FA:
            return False
        value &= 0xFFF
    return 0x400 <= value <= 0x7FF
