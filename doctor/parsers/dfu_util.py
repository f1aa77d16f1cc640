"""dfu-util (0.5 to 0.11, and the copies wrappers ship): device list, download, DfuSe `:leave`, and its
error and warning messages, as a message table.

Facts: one run per block under `dfu.runs` (argv summary: device filter, alt, DfuSe address, `leave`,
image), events for each message, and the devices a `Found DFU:` / `Found Runtime:` line lists are
added to `usb.devices` (origin "pasted"). The messages are recognised with or without the `dfu-util: `
prefix (0.9 prints several without it; QMK Toolbox indents them; forum posts wrap them in `_`), and when
a paste cut them short.

State, where a message's meaning depends on what came before:
- "Error during download get_status" (and the control-transfer error that precedes it in 0.9) after
  "File downloaded successfully" or the leave request is the DfuSe bootloader resetting before its last
  status answer (DFU001, harmless); before it, a real failure.
- "DFU state(10) = dfuERROR" before any download is the ROM reporting an empty or unbootable flash,
  which dfu-util clears; after a download started it reports the failure.
- `dfu-util -l` that lists nothing means no DFU device, like "No DFU capable USB device available".
- "Last page at ... is not writeable" / "Page at ..." is placed against the download's start and the DfuSe memory
  layout (`_not_writeable`): past the declared flash end it becomes `image_too_large`; otherwise `where` says whether
  the start lies in the bootloader's read-only sectors, outside the device's flash, in other memory, or the image is empty.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._flashlog import classify_usb, id4, number, truncated
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _S21_NOT_ADVICE, _S21_NOT_ASKED

_ID = r"(?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})"
_OPEN = rf"Cannot open DFU device {_ID}(?: found on devnum (?P<devnum>\d+))?"
# (boot s23) a wrapper's failure line that carries dfu-util's own message after it (particle-cli 1.x: its failure, then stderr)
# (fix-boot s23) particle-cli prints "Error writing firmware..." and "Error saving key (to|from) device..." (1.x: "from")
_WRAPPER_FAILED_ON = re.compile(r"^(?:Error writing firmware|Error saving key (?:to|from) device)\.{0,3}\s*\S")
# (fix-boot s23) vendors whose DFU-capable devices are a host's own (Bluetooth adapters, webcams), never a board: Foxconn
# 0489, Broadcom 0a5c, Intel 8087, Qualcomm Atheros 0cf3, Apple 05ac, IMC/AzureWave 13d3, Realtek 0bda, Lite-On 04ca,
# MediaTek 0e8d, Chicony 04f2, Logitech 046d, Microsoft 045e
_NOT_A_BOARD_VIDS = frozenset(("0489", "0a5c", "8087", "0cf3", "05ac", "13d3", "0bda", "04ca", "0e8d", "04f2", "046d", "045e"))
_FOUND = re.compile(
    r"Found (DFU|Runtime): \[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\](?:\s*ver=(\w+))?(?:,\s*devnum=(\d+))?.*?"
    r"(?:path=\"([^\"]*)\")?(?:,\s*alt=(\d+))?(?:,\s*name=\"([^\"]*)\")?(?:,\s*serial=\"([^\"]*)\")?\s*$"
)
_COMMAND_AFTER = re.compile(r"(?:\.exe)?\s+-(?=[-\w])")  # an option ("dfu-util - (C) 2007-2008 by OpenMoko" is the Maple dfu-util's banner)
_SUDO_BEFORE = re.compile(r"sudo\s+$")


def _command_at(text: str) -> tuple[int, int] | None:
    """(where the command starts, sudo included; where the program path starts) of a `dfu-util -...` command line
    in `text`, or None. Found from the literal name outward, so a long line costs one pass (a regex with a
    leading `\\S*` path would be quadratic)."""
    i = text.find("dfu-util")
    while i >= 0:
        if _COMMAND_AFTER.match(text, i + 8):
            start = i
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            path = text[start:i]
            if path and not (path.endswith("/") or path.endswith("\\")):
                i = text.find("dfu-util", i + 8)
                continue
            sudo = _SUDO_BEFORE.search(text, max(0, start - 16), start)
            return (sudo.start() if sudo else start), start
        i = text.find("dfu-util", i + 8)
    return None

MESSAGES = rows_of(
    group(
        "dfu-util 0.5-0.11 src/main.c (banner, argument errors, device selection)",
        Msg(None, r"^dfu-util(?:\.exe)?\s+v?(?P<version>\d+\.\d+[\w.+-]*)\s*$", "strong", example="dfu-util 0.11"),
        Msg(None, r"Copyright 20\d\d-20\d\d Tormod Volden", "strong",
            example="Copyright 2010-2021 Tormod Volden and Stefan Schmidt"),
        # the banner's first copyright line, in every release since 0.1: a blank line follows the version, so without it
        # the block goes cold before the run's own messages
        Msg(None, r"Copyright 2005-20\d\d Weston Schmidt, Harald Welte and OpenMoko", "strong",
            example="Copyright 2005-2008 Weston Schmidt, Harald Welte and OpenMoko Inc."),
        Msg("tool_missing", r"\bdfu-util(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            attrs={"name": "dfu-util"}, example="bash: dfu-util: command not found"),
        # (serial-host-tools s11) glibc ld.so before main(): `<argv[0]>: error while loading shared libraries: <lib>: cannot open
        # shared object file` (the libusb/libftdi/hidapi package is missing), printed with this tool's name first
        Msg("tool_missing", r"^(?:\S*[/\\])?dfu-util(?:\.exe)?: error while loading shared libraries: (?P<name>[\w.+-]+\.so[\w.]*): cannot open shared object file",
            "strong", fail=True, attrs={"text": "shared library (Linux ld.so)"},
            example="dfu-util: error while loading shared libraries: libusb-1.0.so.0: cannot open shared object file: No such file or directory"),
        # (dfu-sd s7) wrappers that check for their bundled dfu-util first: Flash Multi (RunCommand.cs "{0} does not exist",
        # Windows; linux/flash-multi "ERROR: Required tool $DFU_UTIL does not exist or is not executable!")
        Msg("tool_missing", r"^(?:ERROR: Required tool )?(?P<name>\S*(?:dfu-util|maple-reset)[\w.-]*) does not exist", "strong", fail=True,
            example=r".\tools\dfu-util-multi.exe does not exist"),
        # (dfu-sd s7) getopt refusing an option of the command line (glibc "invalid option -- 's'", "unrecognized option
        # '--dfuse-address'"; older C libraries and Cygwin without quotes or with `'): this dfu-util predates the option
        # (DfuSe's -s/--dfuse-address came with 0.5; STM32duino's Windows dfu-util.exe was 0.1+svn until 2026)
        Msg("option_unsupported", r"^dfu-util(?:\.exe)?: (?:invalid|unrecognized) option (?:-- )?['`\"]?(?P<option>-*\w[\w-]*)",
            "strong", fail=True, example="dfu-util.exe: invalid option -- s"),
        Msg("usb_access_denied", rf"{_OPEN} \(LIBUSB_ERROR_ACCESS\)", "strong", fail=True,
            example="dfu-util: Cannot open DFU device 0483:df11 found on devnum 12 (LIBUSB_ERROR_ACCESS)"),
        # Windows: libusb has no WinUSB/libusbK driver bound to the device (Zadig), so it cannot open it.
        Msg("usb_driver_missing", rf"{_OPEN} \(LIBUSB_ERROR_NOT_SUPPORTED\)", "strong", fail=True,
            example="Cannot open DFU device 0483:df11 found on devnum 32 (LIBUSB_ERROR_NOT_SUPPORTED)"),
        # (synth-wearables s13) the Axoloti / Ksoloti Patcher (usb4java; axoloti Usb.java, ksoloti USBBulkConnection.java
        # 1.0-2.x): LibUsb.open() of the STM32 ROM DFU device (0483:df11) failed, with libusb_strerror(): "Operation not
        # supported or unimplemented on this platform" (LIBUSB_ERROR_NOT_SUPPORTED: Windows, no WinUSB driver bound; the
        # Patcher then prints "Please install the WinUSB driver for the "STM32 Bootloader":" and the Zadig steps) or "Access
        # denied (insufficient permissions)" (LIBUSB_ERROR_ACCESS: Linux, no udev rule, "Probably need to add a udev rule.")
        Msg("usb_driver_missing", r"DFU device found,? but (?:can'?t get access|cannot access) ?: ?(?:Operation not supported or unimplemented|LIBUSB_ERROR_NOT_SUPPORTED)",
            "strong", fail=True,
            example="DFU device found, but can't get access : Operation not supported or unimplemented on this platform"),
        Msg("usb_access_denied", r"DFU device found,? but (?:can'?t get access|cannot access) ?: ?(?:Access denied|LIBUSB_ERROR_ACCESS)",
            "strong", fail=True, example="DFU device found but cannot access: Access denied (insufficient permissions)"),
        Msg("usb_driver_missing", r"^Please install the WinUSB driver for the \"STM32 Bootloader\"", "strong", fail=True,
            example='Please install the WinUSB driver for the "STM32 Bootloader":'),
        Msg("usb_io_error", rf"{_OPEN} \(LIBUSB_ERROR_IO\)", "strong", fail=True,
            example="dfu-util: Cannot open DFU device 28e9:0189 found on devnum 31 (LIBUSB_ERROR_IO)"),
        Msg("dfu_open_failed", rf"{_OPEN}(?: \((?P<text>LIBUSB_ERROR_\w+)\))?", "strong", fail=True,
            example="Cannot open DFU device 0483:df11"),
        # (intl s22) the same message quoted in a post with its VID:PID elided ("cannot open DFU device ... と表示される",
        # "it says Cannot open DFU device ..."): every dfu-util since 0.8 prints "Cannot open DFU device VID:PID", so the
        # words followed by an ellipsis or a closing quote are that line; not a question or a condition ("if you get ...")
        Msg("dfu_open_failed", r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?!\W{0,3}(?:if|when|in case|whenever|try)\b)"
            r"(?![^\n]{0,400}?(?:\b(?:no longer|never|not)\b|n't\b|\banymore\b))"
            # (review s22) a story of the fix ("I used to get ...", "[SOLVED]", "fixed the ... error", "... is gone", "after
            # installing WinUSB ... it flashed fine"), and the negations of the languages this row serves (ja, ru, de, zh)
            r"(?![^\n]{0,400}?(?:\b(?:used to|fixed|solved|resolved|gone|after (?:installing|adding)|works?|worked|flashed fine)\b"
            r"|出なく|消え|なくなり|больше не|nicht mehr|不再))[^\n]{0,200}?\b[Cc]annot open DFU device"
            r"(?=\s*(?:\.{2,}|\u2026|[\"'`\u201d\u300d]|$))",
            "weak", fail=True, example="cannot open DFU device ... と表示される"),
        # main.c 0.5-0.7 (and forks built on it: dfu-util-multi 0.7): libusb_open() of the device it found failed, printed on
        # the "Opening..." line; 0.8+ says "Cannot open DFU device VID:PID" instead (no access: udev rule, Windows driver)
        Msg("dfu_open_failed", r"^Opening DFU (?:capable )?USB [Dd]evice\.*\s*Cannot open device", "strong", fail=True,
            example="Opening DFU capable USB device... Cannot open device"),
        Msg("usb_access_denied", r"LIBUSB_ERROR_ACCESS", "none", fail=True,
            example="dfu-util: Cannot open device: LIBUSB_ERROR_ACCESS"),
        Msg("no_dfu_device", r"(?i)\bno dfu capable usb device\b", "strong", fail=True,
            example="dfu-util: No DFU capable USB device available"),
        # the Maple dfu-util (2007-2008, Arduino_STM32, Flash Multi) prints its note and the failure on one line
        Msg("no_dfu_device", r"(?i)(?<=[a-z])No DFU capable USB device (?:found|available)", "strong", fail=True,
            example="Lost Device after reset, assuming prod_id was incremented by oneNo DFU capable USB device found"),
        Msg("multiple_dfu", r"More than one DFU capable USB device found", "strong", fail=True,
            example="dfu-util: More than one DFU capable USB device found! Try `--list' and specify the serial number or disconnect all but one device"),
        # Windows: the interface (often a composite device's DFU run-time interface) has no WinUSB driver: libusb
        # can open the device but not claim that interface (Zadig: bind WinUSB to that interface)
        # (audit-avr-dfu s18) main.c 0.10-0.11 says it two ways: "Cannot claim interface %d: %s" (run-time) and "Cannot claim
        # interface - %s" (the DFU-mode device)
        Msg("usb_driver_missing", r"Cannot claim interface(?: \d+)?(?::| -) LIBUSB_ERROR_NOT_SUPPORTED", "strong", fail=True,
            example="Cannot claim interface 6: LIBUSB_ERROR_NOT_SUPPORTED", src="dfu-util 0.10-0.11 src/main.c"),
        Msg("claim_failed", r"Cannot claim interface", "weak", fail=True,
            example="dfu-util: Cannot claim interface - Device or resource busy"),
        # (boot-dfu s10) main.c 0.9-0.11, run-time mode only (before the detach request): the running application's DFU
        # run-time interface refused SET_INTERFACE (libusb_set_interface_alt_setting). The board is in its application, and
        # the detach that would start its bootloader was never sent (Arduino UNO R4 Minima 2341:0069, forum.arduino.cc
        # 1269620: a double press of reset, bootloader waiting, and the upload went through)
        Msg("runtime_alt_failed", r"Cannot set alternate interface zero(?::\s*(?P<text>LIBUSB_ERROR_\w+))?", "strong", fail=True,
            example="dfu-util: Cannot set alternate interface zero: LIBUSB_ERROR_OTHER"),
        Msg("lost_device", r"Lost device after RESET", "strong", fail=True, example="Lost device after RESET?"),
        # libusb itself would not start (0.5-0.9 print the number, 0.10-0.11 its name): no USB subsystem on this system
        # (WSL without usbipd, a container or VM without the device passed through); -99 is LIBUSB_ERROR_OTHER
        Msg("libusb_init_failed", r"(?i)unable to initiali[sz]e libusb(?::\s*(?P<text>-?\d+|LIBUSB_ERROR_\w+))?", "weak", fail=True,
            example="dfu-util: unable to initialize libusb: LIBUSB_ERROR_OTHER"),
        # a listing line is never a failure itself: its name="..." is the device's own alt-setting label, and some bootloaders
        # put failure words in it (STM32duino bootloader v1.0, alt 0: name="STM32duino bootloader v1.0  ERROR. Upload to RAM
        # not supported.", dfu-util 0.9 on Windows)
        Msg(None, r"Found (?:DFU|Runtime): \[[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\]", "strong", benign=True,
            example='Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path="1-1.2", alt=0, name="@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", serial="375C38573132"'),
        # main.c: the device dfu-util opened ("Opening DFU capable USB device... ID 05ac:8218" in 0.5-0.7, "ID 0483:df11" on
        # a line of its own in 0.8-0.9, "Device ID 0483:df11" in 0.10-0.11). Without -d it opens the first DFU-capable device
        # on the bus: on a Mac that can be the Bluetooth controller's DFU run-time interface (05ac:82xx), not the board
        Msg("dfu_opened", r"^(?:Opening DFU (?:capable )?USB [Dd]evice\.*\s*)?(?:Device )?ID (?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})\s*$", "none",
            example="Opening DFU capable USB device... ID 05ac:8218"),
        Msg(None, r"^Opening DFU (?:capable )?USB [Dd]evice", "strong", example="Opening DFU capable USB device..."),
        Msg(None, r"Match (?:vendor|product) ID from file", "weak", example="Match vendor ID from file: 28e9"),
        Msg(None, r"^(?:Run-[Tt]ime|DFU mode) device DFU version", "weak", example="DFU mode device DFU version 011a"),
        Msg(None, r"^Claiming USB DFU (?:\(Run-Time\) |Run-?[Tt]ime )?Interface", "weak", example="Claiming USB DFU Interface..."),
        Msg(None, r"^Setting Alternate (?:Setting|Interface)", "weak", example="Setting Alternate Interface #0 ..."),
        Msg(None, r"^Determining device status", "weak", example="Determining device status..."),
        Msg(None, r"Device returned transfer size", "weak", example="Device returned transfer size 2048"),
        Msg(None, r"DfuSe interface name:", "strong", example='DfuSe interface name: "Internal Flash  "'),
        Msg(None, r"^Deducing device DFU version", "weak", example="Deducing device DFU version from functional descriptor length"),
        Msg(None, r"^Device really in Run-?[Tt]ime Mode, send DFU detach request", "weak",
            example="Device really in Run-Time Mode, send DFU detach request..."),
    ),
    group(
        "dfu-util 0.5-0.11 src/dfu_file.c (the suffix of the image file)",
        # (stm32-dfu-serial s8) the image named by -D cannot be read: 0.8-0.11 dfu_file.c dfu_load_file() err(EX_NOINPUT,
        # "Could not open file %s for reading") adds the C library's reason (": No such file or directory"); 0.5-0.7 main.c
        # perror(file.name) prints only "<file>: <reason>" (openmv-ide #154: a firmware file the IDE does not ship)
        Msg("image_missing", r"Could not open file (?P<name>\S+) for reading(?::\s*(?P<text>.*))?", "strong", fail=True,
            example="dfu-util: Could not open file /home/pi/klipper/out/klipper.bin for reading: No such file or directory"),
        Msg("image_missing", r"^(?P<name>\S+\.(?:bin|dfu|hex|elf)): (?P<text>No such file or directory|Permission denied|Is a directory)$", "none",
            fail=True, example="out/klipper.bin: No such file or directory"),
        Msg("invalid_suffix", r"Invalid DFU suffix signature", "strong", benign=True,
            example="dfu-util: Warning: Invalid DFU suffix signature"),
        # (kbd-forums s10) the same warning in lower case, as older and vendor builds print it (Input Club's Ergodox
        # Infinity/WhiteFox instructions, qmk_firmware#1789: "dfu-util: invalid DFU suffix signature"): harmless too
        # (overfit s20) and without the prefix: dfu-util's Windows (MinGW) builds print warnx()/errx() text bare (src/portable.h)
        Msg("invalid_suffix", r"(?:^|dfu-util: )invalid DFU suffix signature", "strong", benign=True,
            example="dfu-util: invalid DFU suffix signature"),
        Msg("invalid_suffix", r"DFU suffix CRC does not match|^File too short for DFU suffix", "strong", benign=True,
            example="dfu-util: DFU suffix CRC does not match"),
        # (fc-drones s12) 0.5-0.7 wording of the same: dfu_file.c parse_dfu_suffix() "No valid DFU suffix signature", then
        # main.c "Warning: File has no DFU suffix" and the download goes on (OpenTX/EdgeTX Companion ships 0.7: opentx #3345,
        # "File downloaded successfully" just before them)
        Msg("invalid_suffix", r"^(?:dfu-util: )?No valid DFU suffix signature|^(?:dfu-util: )?Warning: File has no DFU suffix", "strong",
            benign=True, example="Warning: File has no DFU suffix", src="dfu-util 0.5-0.7 src/dfu_file.c, src/main.c"),
        # (dfu-sd s7) 0.5-0.6 parse_dfu_suffix(): a file without a valid DFU 1.0/1.1a suffix is refused ("DFU CRC does not
        # match", then "Unsupported DFU file revision 0000"); 0.7 and later only warn ("Invalid DFU suffix signature")
        Msg("suffix_refused", r"^Unsupported DFU file revision [0-9a-fA-F]+|^DFU format revision \d+ not supported|^Unsupported DFU suffix length",
            "strong", fail=True, example="Unsupported DFU file revision 0000"),
        Msg(None, r"A valid DFU suffix will be required in a future dfu-util release", "strong", benign=True,
            example="dfu-util: A valid DFU suffix will be required in a future dfu-util release!!!"),
        # main.c 0.8-0.11: the image's DFU suffix names another device (the build appended the suffix of another
        # bootloader: 1eaf:0003 Maple, 0483:df11 ST ROM...) and dfu-util refuses it; 0.5-0.7 only warned
        # ("Warning: File vendor ID 1eaf does not match device 0483") and went on
        Msg("dfu_suffix_mismatch", r"File ID (?P<file_vid>[0-9a-fA-F]{4}):(?P<file_pid>[0-9a-fA-F]{4}) does not match device "
            r"\((?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})", "strong", fail=True,
            example="dfu-util: Error: File ID 1eaf:0003 does not match device (0483:df11 or 0483:df11)"),
        Msg(None, r"Warning: File (?:vendor|product) ID [0-9a-fA-F]{4} does not match device [0-9a-fA-F]{4}", "strong", benign=True,
            example="Warning: File vendor ID 1eaf does not match device 0483"),
    ),
    group(
        # (stm32-dfu-serial s8) WebDFU in the browser (devanlai/webdfu dfuse.js; the flipperdevices/freshollie fork index.ts
        # that EdgeTX Buddy, Flipper and web flashers use): the same DfuSe requests as dfu-util, its own words. A DfuSe
        # special command the bootloader answers with an error status: 65 (0x41) is ERASE, refused by the ROM for a
        # write- or read-protected sector (as dfu-util's "ERASE_PAGE" get_status); 33 (0x21) is SET_ADDRESS
        "WebDFU dfuse.js / index.ts (browser DFU flashers: EdgeTX Buddy, Flipper web updater)",
        Msg("erase_error", r"Special DfuSe command (?:65|ERASE_SECTOR|0x41) failed", "strong", fail=True,
            attrs={"command": "ERASE", "flasher": "webdfu"}, example="Special DfuSe command 65 failed"),
        Msg("download_error", r"Special DfuSe command \S+ failed|Error during special DfuSe command \w+", "strong", fail=True,
            attrs={"flasher": "webdfu"}, example="Error during special DfuSe command SET_ADDRESS:NetworkError: A transfer error has occurred."),
        Msg("download_error", r"^(?:\w*Error: )?(?:DFU (?:DOWNLOAD|MANIFEST) failed state=\d+, status=\d+|Error during (?:DFU|DfuSe|final DFU) download: )",
            "strong", fail=True, attrs={"flasher": "webdfu"}, example="DFU DOWNLOAD failed state=10, status=10"),
    ),
    group(
        "dfu-util 0.5-0.11 src/dfu_load.c, src/dfuse.c (download, DfuSe address and leave)",
        Msg("download_started", r"Downloading (?:element )?to address = (?P<address>0x[0-9a-fA-F]+), size = (?P<size>\d+)", "weak",
            convert=(("address", lambda v: int(v, 16)), ("size", int)),
            example="Downloading element to address = 0x08000000, size = 26588"),
        # dfuse_mem.c 0.10-0.11 with -v: the memory layout the device declares, one line per run of sectors (r/e/w)
        Msg("memory_segment", r"^Memory segment at (?P<address>0x[0-9a-fA-F]+)\s+(?P<count>\d+) x\s*(?P<size>\d+) = \d+ \((?P<type>[rew]*)\)", "weak",
            convert=(("address", lambda v: int(v, 16)), ("count", int), ("size", int)),
            example="Memory segment at 0x08009800 237 x 2048 = 485376 (rew)"),
        # a DfuSe (.dfu) file: each element's address and size (dfuse.c 0.5-0.9 "parsing element", 0.10-0.11 "Parsing element")
        Msg("download_started", r"^[Pp]arsing element \d+, address = (?P<address>0x[0-9a-fA-F]+), size = (?P<size>\d+)", "weak",
            convert=(("address", lambda v: int(v, 16)), ("size", int)),
            example="Parsing element 1, address = 0x08000000, size = 4972"),
        Msg("download_complete", r"^File downloaded successfully", "strong", example="File downloaded successfully"),
        Msg("download_complete", r"^Download done\.?\s*$", "weak", example="Download done."),
        Msg("download_error", r"^Download\s*\[[= ]*\]\s*\d+%.*\bfailed!", "strong", fail=True,
            example="Download        [                         ]   0%            0 bytes failed!"),
        Msg(None, r"^Download\s*\[[= ]*\]", "strong", example="Download\t[=========================] 100%        26588 bytes"),
        Msg("get_status_error", r"Error during download get_status", "strong", benign=True,
            example="dfu-util: Error during download get_status"),
        Msg("leave_requested", r"^Submitting leave request", "strong", example="Submitting leave request..."),
        # dfu_load.c (after the manifestation) and main.c's -R reset run only once the whole file is down (a failed
        # transfer exits before them); 0.10 then returned the reset's libusb result as its exit status ("exit status 251")
        Msg("final_reset", r"^Resetting USB to switch back to (?:runtime|Run-Time) mode", "weak",
            example="Resetting USB to switch back to Run-Time mode"),
        Msg("leave_requested", r"^Transitioning to dfuMANIFEST", "weak", example="Transitioning to dfuMANIFEST state"),
        Msg("dfu_error_state", r"dfuERROR|status\((?!0\))\d+\) = ", "weak", benign=True,
            example="DFU state(10) = dfuERROR, status(10) = Device's firmware is corrupt. It cannot return to run-time (non-DFU) operations"),
        # dfuse.c 0.7-0.11 dfuse_special_command(READ_UNPROTECT) (-s ...:unprotect): the chip removes its read-out protection
        # by erasing all of its flash and resetting, so the status dfu-util asks for next is wrong or missing; the request
        # went through (flashfloppy #584, an Artery Gotek: ignore it, replug, flash again without :unprotect)
        Msg("unprotect_reset", r'(?:Wrong state after command|Error during special command) "READ_UNPROTECT"', "strong", fail=True,
            example='dfu-util: Wrong state after command "READ_UNPROTECT" download'),
        # (overfit s20) dfuse.c's own sentence, claimed on its own: without the "dfu-util: " prefix (Windows builds) it may open a paste
        Msg("dfu_protected", r"^Device is read-protected; use -s \S+:unprotect", "strong", fail=True,
            example="Device is read-protected; use -s 0x08000000:unprotect to remove the protection"),
        Msg("dfu_protected", r"(?i)read[- ]?protect|readout protect|Device is read-protected", "none", fail=True,
            example="dfu-util: Device is read-protected; use -s 0x08000000:unprotect to remove the protection"),
        Msg("erase_error", r'ERASE_PAGE|MASS_ERASE|special command "ERASE', "none", fail=True,
            example="dfu-util: Error during special command \"ERASE_PAGE\" get_status"),
        # dfuse.c 0.8-0.11 checks the element's last byte against the DfuSe memory layout first ("Last page at"), then each
        # page from the start ("Page at": the last page was writeable, an earlier one is not, e.g. the bootloader's own
        # read-only sectors). finish() compares the address with the layout and the download's start and size.
        Msg("address_not_writeable", r"(?:(?P<which>Last|First) page|^(?:Error: )?(?P<page>Page)) at (?P<address>0x[0-9a-fA-F]+) (?:is not writeable|can not be erased)", "strong", fail=True,
            convert=(("address", lambda v: int(v, 16)),),
            example="dfu-util: Last page at 0x90061c6f is not writeable"),
        Msg("address_not_writeable", r"No valid DFU memory segment|Segment at 0x[0-9a-fA-F]+ is not writeable|is not within the memory", "none", fail=True,
            example="dfu-util: Segment at 0x08000000 is not writeable"),
        Msg("download_error", r"dfuse_download: libusb_control_transfer returned (?P<code>-?\d+)", "strong", benign=True,
            convert=(("code", int),), example="dfuse_download: libusb_control_transfer returned -9"),
        # main.c 0.5-0.11, the final reset (-R, or a plain-DFU download): the detach request and the USB reset after the
        # transfer; the board has usually left already (new firmware running), so both fail harmlessly once the file is
        # down. Maple's dfu-util (2007-2008, Arduino_STM32) adds the libusb0 reason ("usb_reset: could not reset device").
        Msg("download_error", r"(?:^|: )can't detach\b", "none", benign=True, example="dfu-util: can't detach"),
        Msg("download_error", r"(?:^|: )error resetting after download\b", "weak", benign=True,
            example="error resetting after download: usb_reset: could not reset device, win error: A device which does not exist was specified."),
        Msg("download_error",
            r"^Error during download|Error sending completion packet|Wrong state after command|^Error during special command"
            r"|^Error during abort|^Error sending dfu abort|Error during download\b", "none",
            fail=True, example="dfu-util: Error during download"),
        # main.c 0.5-0.11: -a names an alternate setting (by number or by name) the device does not have
        # (stm32-dfu-serial s8) dfu-util 0.9-0.11 errx() exits a text would otherwise show as healthy: dfuse.c polling a special
        # command (erase, set address) that never leaves dfuDNBUSY; the :mass-erase / :unprotect modifiers without :force;
        # a build without libusb port numbers given -p (Klipper's `make flash FLASH_DEVICE=/dev/serial/by-id/...` passes
        # -p); main.c after the detach: the device came back still in its run-time mode (no DFU bootloader behind it)
        Msg("download_error", r"Device stuck after special command request", "strong", fail=True,
            example="dfu-util: Device stuck after special command request"),
        Msg("dfu_usage_error", r"The (?:mass erase|read unprotect) command (?:will erase the flash memory ?and )?can only be used with force",
            "strong", fail=True, example="dfu-util: The mass erase command can only be used with force"),
        Msg("dfu_usage_error", r"This dfu-util was built without USB path support", "strong", fail=True,
            example="dfu-util: This dfu-util was built without USB path support"),
        # (audit s8) 0.8-0.10 spell it "Runtime Mode!", 0.11 "Run-Time Mode!"
        Msg("runtime_not_detached", r"^(?:dfu-util: )?(?:Device still in Run-?[Tt]ime Mode!|Device is not in DFU mode)", "strong", fail=True,
            example="dfu-util: Device still in Run-Time Mode!"),
        Msg("alt_setting_missing", r"^No such Alternate Setting: \"?(?P<name>[^\"]*)\"?", "strong", fail=True,
            example='No such Alternate Setting: "o"'),
        Msg("tool_error", r"^(?:Error|error):|^Cannot |\bcan't |\bfailed\b", "none", fail=True,
            example="dfu-util: Cannot set alternate interface zero"),
    ),
    group(
        "dfu-util 0.8-0.11 src/main.c, src/dfuse_mem.c (DfuSe download of a raw file)",
        # a raw .bin given without -s/--dfuse-address: dfu-util takes it for a DfuSe (.dfu) file and refuses it
        Msg("dfuse_address_missing", r"Only DfuSe file version (?P<text>[\w.]+) is supported", "strong", fail=True,
            example="dfu-util: Only DfuSe file version 1.1a is supported"),
        Msg("dfuse_address_missing", r"\(?for raw binary download, use the --dfuse-address option\)?", "strong", fail=True,
            example="dfu-util: (for raw binary download, use the --dfuse-address option)"),
        # (dfu-sd s7) dfu_file.c keeps the image size in an int (0.8-0.9 `size.total`): a file of 2 GiB or more is refused
        # before any USB traffic, with err() so usually ": Success" after it. A raw .bin that large is objcopy filling the
        # gap between two memory regions far apart (internal flash 0x08000000 and external QSPI 0x90000000)
        Msg("file_too_large", r"\bFile size is too big\b", "strong", fail=True, example="dfu-util: File size is too big: Success"),
        Msg(None, r"Device has DFU interface, but has no DFU functional descriptor", "strong", benign=True,
            example="dfu-util: Device has DFU interface, but has no DFU functional descriptor"),
    ),
    group(
        "maple_loader v0.1 (Arduino_STM32 tools/src/maple_loader DFUUploader.java; the Windows upload of the STM32duino/Maple "
        "bootloader) and the Maple dfu-util it runs",
        Msg(None, r"^maple_loader v\d", "strong", example="maple_loader v0.1"),
        # (stm32-dfu-serial s8) benlye/maple-reset 0.1-0.5 (Flash Multi's Windows reset of the Maple/STM32duino bootloader
        # over the module's USB serial port): it could not open the port (0.1 opened COM10 and up without the \\.\ prefix,
        # flash-multi #1), could not toggle DTR, or no DFU device appeared before its timeout
        Msg(None, r"^maple-reset \d+\.\d+", "strong", example="maple-reset 0.5"),
        Msg("reset_port_failed", r"^ERROR: Failed to (?:open (?P<device>\S+)|set DTR|clear DTR|send string)\s*$", "weak", fail=True,
            attrs={"command": "maple-reset"}, example="ERROR: Failed to open COM32"),
        Msg("no_dfu_device", r"^ERROR: Device reset timed out", "weak", fail=True, attrs={"command": "maple-reset"},
            example="ERROR: Device reset timed out."),
        Msg(None, r"^Resetting to bootloader via DTR pulse", "weak", example="Resetting to bootloader via DTR pulse"),
        # the serial port of the running sketch could not be opened for the DTR/"1EAF" reset: the sketch has no USB serial,
        # or another port is selected; maple_loader goes on hoping the board already sits in its bootloader
        Msg("maple_reset_failed", r"Reset via USB Serial Failed!", "strong", benign=True,
            example="Reset via USB Serial Failed! Did you select the right serial port?"),
        Msg(None, r"^Assuming the board is in perpetual bootloader mode", "weak", benign=True,
            example="Assuming the board is in perpetual bootloader mode and continuing to attempt dfu programming..."),
        Msg(None, r"^Searching for DFU device \[[0-9A-Fa-f]{4}:[0-9A-Fa-f]{3,4}\]", "strong", example="Searching for DFU device [1EAF:0003]..."),
        # 7 s of `dfu-util -l` listed no such device: the bootloader was not running, or (Windows) it has no libusb driver
        Msg("no_dfu_device", r"Couldn't find the DFU device: \[(?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{3,4})\]", "strong", fail=True,
            attrs={"command": "maple_loader"}, example="Couldn't find the DFU device: [1EAF:0003]"),
        Msg("no_dfu_device", r"Problem uploading via dfu-util: No Maple found", "strong", fail=True, attrs={"command": "maple_loader"},
            example="Problem uploading via dfu-util: No Maple found"),
        Msg("usb_access_denied", r"Problem uploading via dfu-util: Insufficient privil", "strong", fail=True,
            example="Problem uploading via dfu-util: Insufficient privilages"),
        # (dfu-sd s7) STM32duino's maple_upload script (Arduino_Core_STM32 STM32Tools 2.x: port, alt, vid, pid, file;
        # Arduino_STM32 tools: port, alt, vid:pid, file) runs dfu-util for the Maple/STM32duino bootloader with the
        # ids it is given; ST's ROM DFU id there (0483:df11, stm32duino/Arduino_Core_STM32 #2436) finds no Maple
        Msg("maple_upload_ids", r"maple_upload(?:\.sh|\.bat)?[\"']?\s+\S+\s+\d+\s+(?P<vid>(?:0x)?[0-9a-fA-F]{4})[\s:]+(?P<pid>(?:0x)?[0-9a-fA-F]{4})\b",
            "strong", convert=(("vid", id4), ("pid", id4)),
            example='"C:/STM32Tools/2.2.2/win/busybox.exe" sh "C:/STM32Tools/2.2.2/maple_upload.sh" COM1 2 0x0483 0xdf11 "sketch.ino.bin"'),
        # (healthy-gen s10b) after the download the upload script polls for the sketch's USB serial port (~4 s) and says so
        # when it did not come back: Arduino_STM32 tools/win/maple_upload.bat echoes "timeout waiting for COM5 serial",
        # tools/linux|macosx/maple_upload " TIMEOUT :(", stm32duino Arduino_Tools maple_upload.sh " Timed out." (exit 1).
        # The image was already written (a sketch without USB serial, e.g. HID, never brings the port back): not a failure
        Msg(None, r"^timeout waiting for \S+ serial\s*$", "strong", benign=True, example="timeout waiting for COM5 serial"),
        Msg(None, r"^Waiting for \S+ serial\.\.\.\.* ?(?:TIMEOUT :\(| Timed out\.)\s*$", "strong", benign=True,
            example="Waiting for /dev/ttyACM0 serial... TIMEOUT :("),
        Msg(None, r"^Found it!", "none", example="Found it!"),
        # the Maple dfu-util after its reset: the device did not come back as 1eaf:0003, it looks for the next product id
        Msg(None, r"^Lost Device after reset, assuming prod_id was incremented by one", "strong",
            example="Lost Device after reset, assuming prod_id was incremented by one"),
        Msg(None, r"^dfu-util - \(C\) 20\d\d-20\d\d by OpenMoko", "strong", example="dfu-util - (C) 2007-2008 by OpenMoko Inc."),
        Msg("download_complete", r"^Starting download: \[#+\] finished!", "strong",
            example="Starting download: [##################################################] finished!"),
    ),
    group(
        # (wrappers audit s11) stm32duino/Arduino_Tools tags STM32Tools-2017.1.19, 1.3.0, 1.4.0, 2.0.0, 2.1.0, 2.2.0, 2.3.0,
        # 2.4.0 and master (2025-12): maple_upload(.sh), dfu-util.sh, hid-flash.sh, linux/upload_router,
        # src/upload_reset/unix|win/upload_reset.c: the wrappers around dfu-util and hid-flash of Arduino_Core_STM32's
        # "Maple DFU bootloader" and "HID bootloader 2.2" upload methods
        "stm32duino Arduino_Tools 1.x-2.4 maple_upload, dfu-util.sh, hid-flash.sh, upload_reset (source audit s11; examples: the source's format filled in)",
        # the wrapper found no dfu-util / hid-flash build of its own for this host (a package unpacked only in part, an
        # antivirus that removed it, the Maple scripts' dfu-util/ folder missing): TOOL001
        Msg("tool_missing", r"^(?P<script>\S*(?:dfu-util|hid-flash|maple_upload)(?:\.sh)?): error: cannot find (?P<name>\S.{0,300}?)\s*$", "strong",
            fail=True, attrs={"via": "stm32tools"},
            example="/home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.2.1/dfu-util.sh: error: cannot find "
                    "/home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.2.1/linux/x86_64/dfu-util"),
        # 2.2+ ship dfu-util, hid-flash and upload_reset for x86_64 and aarch64 Linux only: a 32-bit Raspberry Pi OS (armv7l)
        # has none of them
        Msg("tool_missing", r"^Unsupported Linux architecture: (?P<arch>\S+?)\.?\s*$", "strong", fail=True,
            attrs={"reason": "wrong_arch", "name": "STM32Tools (dfu-util, hid-flash, upload_reset)"},
            example="Unsupported Linux architecture: armv7l."),
        Msg("host_os_unknown", r"^Unknown host OS: \S.{0,80}\.\s*$", "strong", fail=True,
            example="Unknown host OS: MINGW64_NT-10.0-19045."),
        # upload_reset (1.x-2.x) could not open the sketch's serial port for the DTR/"1EAF" reset (no such port, no access,
        # a sketch without USB serial) or could not set its modem lines; maple_upload says so in a box and goes on with
        # dfu-util, which finds the bootloader only if the board already sits in it (as maple_loader's "Reset via USB Serial
        # Failed!"): dfu-util's own result decides
        Msg("maple_reset_failed", r"^Failed to open serial device\.?\s*$", "strong", benign=True, attrs={"command": "upload_reset"},
            example="Failed to open serial device."),
        Msg("maple_reset_failed", r"^\* ?Could not automatically reset device ?\*\s*$", "strong", benign=True,
            attrs={"command": "maple_upload"}, example="* Could not automatically reset device *"),
        Msg(None, r"^\* ?Please manually reset device! *\*\s*$", "strong", benign=True, example="* Please manually reset device!        *"),
        Msg(None, r"^set(?:RTS|DTR)(?:\(\))?: TIOCM[GS]ET: ", "strong", benign=True, example="setRTS(): TIOCMGET: Inappropriate ioctl for device"),
        # dfu-util ended with 74 (EX_IOERR: no DFU device yet): maple_upload runs it again, up to 5 times in all
        Msg("dfu_retry", r"^Trying (?P<left>\d+) more time\(s\)\s*$", "strong", attrs={"command": "maple_upload"},
            convert=(("left", int),), example="Trying 4 more time(s)"),
        Msg(None, r"^Waiting for \S+ serial\.\.\.\.* ?Done\.\s*$", "strong", example="Waiting for /dev/ttyACM0 serial... Done."),
        # Arduino_Tools 0.1-1.0 linux/upload_router: lsusb lists no 1eaf device at all (neither the bootloader 1eaf:0003 nor a
        # sketch's 1eaf:0004): not plugged in, no Maple bootloader on the board, or a sketch without USB
        Msg("maple_not_found", r"^STM32 Maple Bootloader compatible board not found\.?", "strong", fail=True,
            attrs={"command": "upload_router"}, example="STM32 Maple Bootloader compatible board not found."),
    ),
    # (audit s8) what a source audit of dfu-util 0.8-0.11 (src/main.c, dfu.c, dfu_load.c, dfu_file.c, dfuse.c, dfuse_mem.c,
    # dfu_util.c, quirks.c) found that no row above knew; the words are our own, the examples fill in the source's formats
    group(
        "dfu-util 0.8-0.11 src/main.c (command line, detach and the first status request); examples from the source's formats where no paste had one",
        # errx() on a command line it cannot use: a -s address or modifier it cannot read, -D/-U missing, a number it cannot
        # parse; 0.8 built without libusb port paths refuses -p (Klipper's make flash passes -p for a by-path FLASH_DEVICE)
        Msg("dfu_usage_error", r"Invalid dfuse (?:address|modifier): |^You need to specify one of -D or -U|^Transfer size must be specified"
            r"|^Unable to parse '|^(?:Something went wrong with|No digits were found from) the argument of --"
            r"|^USB device paths are not supported by this dfu-util|^This is a DfuSe file, not meant for raw download",
            "none", fail=True, example="dfu-util: Invalid dfuse modifier: leav"),
        # the run-time device's detach and the USB reset after it: a reset that fails ends the run (errx); a detach request the
        # device does not answer only warns (many reset at once), and a device already in DFU mode is a note
        Msg("detach_error", r"^error resetting after detach\b", "none", fail=True,
            example="dfu-util: error resetting after detach: LIBUSB_ERROR_NOT_FOUND"),
        Msg(None, r"^error detaching\s*$|^WARNING: (?:Runtime device already in DFU state|Device already in DFU mode\?)", "none", benign=True,
            example="dfu-util: error detaching"),
        # the status request before the transfer: the device does not answer it, or answers an error dfu-util cannot clear
        Msg("dfu_status_error", r"^(?:USB communication error|error get_status\b|Status is not OK: \d+|error clear_status\b|Failed to enter idle state on abort)",
            "none", fail=True, example="dfu-util: error get_status: LIBUSB_ERROR_PIPE"),
        # a status that is not OK is first cleared and asked again (the two lines above follow only when that fails too)
        Msg(None, r"^WARNING: DFU Status: '", "none", benign=True,
            example="WARNING: DFU Status: 'Device's firmware is corrupt. It cannot return to run-time (non-DFU) operations'"),
        Msg(None, r"^(?:Setting Configuration \d+|Resetting USB\.\.\.|Device will detach and reattach|Waiting for device, exit with ctrl-C"
            r"|Device does not implement get_status|dfuIDLE, continuing|[Aa]borting previous incomplete transfer|Clearing status"
            r"|(?:Limited|Adjusted) transfer size to \d+|libusb version \d|Run-Time device DFU version|Detach timeout \d+ ms"
            r"|DFU attributes: \(0x|bitCan(?:Dnload|Upload)|bitManifestationTolerant|bitWillDetach)", "none",
            example="Device will detach and reattach..."),
        Msg(None, r"^(?:Warning: (?:DfuSe option used on non-DfuSe device|Overriding device-reported transfer size|Assuming DFU version 1\.0"
            r"|Transfer size can not be detected)|libusb version is ancient|Error obtaining DFU functional descriptor|Please report this as a bug!"
            r"|Invalid descriptor list|Failed to retrieve (?:language identifiers|string descriptor)|Broken LANGID string descriptor"
            r"|String descriptor \d+ too short|Malformed string descriptor|Patching string descriptor)", "none", benign=True,
            example="Warning: DfuSe option used on non-DfuSe device"),
    ),
    group(
        "dfu-util 0.8-0.11 src/dfu_load.c, dfu_file.c, dfuse.c (transfer, image file, DfuSe file and memory layout); examples from the source's formats where no paste had one",
        Msg(None, r"^(?:Copying data from (?:PC to DFU device|DFU device to PC)|Sent a total of \d+ bytes|Done!\s*$|Performing mass erase"
            r"|Device disconnects, erases flash and resets now|Poll timeout \d+ ms|Setting timeout to \d+ seconds|Download from image offset"
            r"|Erasing page size \d+ at address|Setting address pointer to|Chunk extends into next page|DfuSe command mode|Target name: |No target name"
            r"|[Ff]ile contains \d+ DFU images|[Pp]arsing DFU image \d+|[Ii]mage for alternate setting \d+|[Dd]one parsing DfuSe file"
            r"|DFU suffix version [0-9a-fA-F]+|Received a total of \d+ bytes|Limiting (?:default )?upload to|state = \w+, status = \d+\s*$"
            r"|Multiple alternate interfaces for DfuSe file|\* Device stalled USB pipe|Please note that the next version of dfu-util"
            r"|set alternate interfaces based on the DfuSe file)", "none",
            example="Copying data from PC to DFU device"),
        Msg(None, r"^(?:Erase|Upload)\s*\[[= ]*\]", "strong", example="Erase   \t[=========================] 100%        36440 bytes"),
        Msg(None, r"^(?:Erase|Upload)\s+done\.\s*$", "none", example="Erase    done."),
        # the plain-DFU status request after the last block (dfu_load.c): the board has often left already, as after DfuSe's leave;
        # dfu-util 0.5-0.7 printed it without "after completion" at the same place (the transition to MANIFEST_SYNC)
        Msg("get_status_error", r"^unable to read DFU status(?: after completion\b|\s*$)", "none", benign=True,
            example="dfu-util: unable to read DFU status after completion (LIBUSB_ERROR_IO)"),
        # a DfuSe special command (set address, erase) whose final status is not OK; the erase commands are the rows above
        # (overfit s20) the DfuSe command's failure is dfuse.c's own wording: strong, so that it opens a block where Windows builds
        # print it without the "dfu-util: " prefix (dfu-util-09-macos-f415-erase-page-not-correctly-executed-aborted-rdp-regression
        # pasted only this line)
        Msg("download_error", r"^(?P<command>SET_ADDRESS|READ_UNPROTECT|ERASE_PAGE|MASS_ERASE) not correctly executed",
            "strong", fail=True, example="dfu-util: SET_ADDRESS not correctly executed"),
        Msg("download_error", r"^Failed to write whole chunk", "none", fail=True, example="dfu-util: Failed to write whole chunk"),
        # the file named by -D is not what its form says: a damaged or truncated DfuSe (.dfu) file, a suffix that cannot be
        # read, or a file that cannot be read in full
        Msg("image_invalid", r"^(?:Corrupt DfuSe file|File too small for (?:a DfuSe file|element size)|No valid (?:DfuSe|target) signature"
            r"|Valid DFU suffix needed|Invalid DFU suffix length|Could (?:not|only) read \d+ (?:of \d+ )?bytes from|Could not seek to beginning)",
            "none", fail=True, example="dfu-util: No valid DfuSe signature"),
        Msg("file_too_large", r"^File too large for memory allocation on this platform", "strong", fail=True,
            example="dfu-util: File too large for memory allocation on this platform: Cannot allocate memory"),
        # a DfuSe file's image for another alternate setting (option bytes, another memory) than the one -a chose: 0.8-0.10
        # warn and download it to the chosen one anyway; 0.11 skips its elements
        Msg("dfuse_alt_mismatch", r"^Warning: Image does not match current alternate setting|^Please rerun with the correct -a option"
            r"|^No alternate setting \d+ \(skipping elements\)", "none",
            example="Warning: Image does not match current alternate setting."),
        # the DfuSe memory layout in the alternate setting's name cannot be read (a clone's or a custom bootloader's name)
        Msg("tool_error", r"^Failed to parse memory layout|^Page at 0x[0-9a-fA-F]+ is not readable|^(?:Error during upload|Received too many bytes"
            r"|Unexpected number of bytes uploaded)|^Could not (?:write \d+ bytes to file|open file \S+ for writing|allocate firmware buffer)"
            r"|^Out of memory|^Non-supported special command|^Unsupported mode|^Failed\.\s*$|^(?:dfuse_upload|\w+: libusb_control_msg) returned -?\d+"
            r"|^dfuse_upload: libusb_control_transfer returned", "none", fail=True,
            example="dfu-util: Failed to parse memory layout"),
        Msg(None, r"^(?:Could not read name, sscanf returned|Non-valid multiplier '|No valid type for segment|\d+ bytes leftover"
            r"|Unbound upload not supported|Could not fix GD32VF103 layout|Unknown flash size '|Found GD32VF103, which reports a bad page size"
            r"|Fixed layout based on part number)", "none", benign=True,
            example="dfu-util: Non-valid multiplier 'x', assuming bytes"),
    ),
    group(
        "wrappers around dfu-util: make (Klipper, QMK, Particle), PlatformIO, Arduino IDE (the exit status they report)",
        # dfu-util exits 74 (EX_IOERR) after the get_status error; what the wrapper then prints says nothing new
        Msg("wrapper_exit", r"\*\*\* \[(?P<name>[^\]]+)\] Error (?P<code>\d+)", "none",
            convert=(("code", int),), example="make[1]: *** [program-dfu] Error 74"),
        Msg("wrapper_exit", r"(?:exit status|exited with code|Error code:?) (?P<code>-?\d+)", "none",
            convert=(("code", int),), example="exit status 74"),
        # a build script's own one-line report of the exit status (eurorack-blocks' "Error 74" after dfu-util)
        Msg("wrapper_exit", r"^Error (?P<code>\d{1,3})\s*$", "none", convert=(("code", int),), example="Error 74"),
        # QMK's top-level Makefile after a failed sub-make (the flash target): the same failure in its own words
        Msg("wrapper_exit", r"^Make finished with errors\s*$", "none", example="Make finished with errors"),
        # (fc-esp-nrf s11) particle-cli 1.x (2015, `particle flash --usb` / `particle keys doctor|save|load`, which run dfu-util
        # and print their own line when it exits non-zero; as pasted in particle-cli#68, where the Photon had been written and
        # only the get_status after :leave failed; gone from today's particle-cli, whose snapshot here has no history)
        Msg("wrapper_exit", r"^(?:Error writing firmware|Error saving key to device|Error loading key (?:to|from) device)\.{0,3}\s*$", "none",
            example="Error writing firmware..."),
        Msg("wrapper_exit", r"^Error -\s*$", "none", example="Error -"),
        Msg(None, r"^Make sure your device is in DFU mode \(blinking yellow\)", "none", benign=True,
            example="Make sure your device is in DFU mode (blinking yellow), and that your computer is online."),
    ),
    group(
        "particle-cli 3.x (src/cmd/usb-util.js, src/lib/flash-helper.js) over particle-usb 2.x (src/usb-device-node.js, usb-device-webusb.js)",
        # (daplink-mbed-particle s14) particle-usb's UsbDevice.open(): libusb could not open a Particle device it listed
        # ("Unable to open USB device", the libusb error after ": " when the CLI prints the cause): on Linux LIBUSB_ERROR_ACCESS
        # (no udev rule), on Windows no WinUSB binding for that interface (a stale driver entry: the Argon of forum topic
        # 66704, fixed by removing the hidden devices in Device Manager)
        Msg("usb_open_failed", r"^(?:Error: )?Unable to open USB device(?:: (?P<error>\S.*))?\s*$", "strong", fail=True,
            attrs={"via": "particle-usb"}, example="Unable to open USB device"),
        # usb-util.js: after a reset into DFU (or back) the CLI did not find the device again
        Msg("reconnect_failed", r"^(?:Error: )?Unable to reconnect to the device\. Try again or run particle update", "strong", fail=True,
            example="Unable to reconnect to the device. Try again or run particle update to repair the device"),
        Msg(None, r"\| Flash (?:failed|success!)\.?\s*$", "none", example="[██████████████░░░░░░░░░░░] 57% | Flash failed."),
    ),
)

# A paste whose lines were joined (a forum post that lost its line breaks, a phone transcription): cut it where
# dfu-util's own messages start, so each is matched as a line of its own. Long lines are cut; a shorter one only where
# every piece is a message of its own (wrappers that show dfu-util's output as one line of text, the Pine64 Updater:
# "Invalid DFU suffix signature A valid DFU suffix will be required ... Error during special command "MASS_ERASE"
# get_status": a benign warning must not hide the failure run into it).
_JOINED_MIN = 160
_JOINED_SHORT = 40
_GLUED = re.compile(r"\S(?=dfu-util: )")
_JOINED = re.compile(
    r"(?:(?<=\S)(?=dfu-util: )|(?<!dfu-util:)\s+(?=(?:dfu-util: |Opening DFU |Claiming USB DFU |Setting Alternate |Determining device status"
    r"|DFU mode device |Device returned transfer|DfuSe interface name|Downloading (?:element )?to address|Download\s+\[|Download done"
    r"|Erase\s+\[|Erase\s+done|File downloaded successfully|Submitting leave|Transitioning to dfuMANIFEST|Failed to flash to "
    r"|Found (?:DFU|Runtime): |No DFU capable|Lost device after|Cannot open DFU device|Error during |If the device is already"
    r"|A valid DFU suffix will be required)))"
)

# DfuSe memory layout of an alternate setting's name: "/0x08000000/04*016Kg,01*064Kg" (count * size unit type; type a-g,
# bit 4 of (type - 'a' + 1) = writeable); the flash sizes STM32/GD32/AT32 parts have (their ends, when no layout is known)
_LAYOUT = re.compile(r"/\s*0x([0-9a-fA-F]+)\s*/\s*([^/]+)")
_SECTOR = re.compile(r"(\d+)\*(\d+)([BKM ]?)([a-g])")
_FLASH_BASE = 0x08000000
_FLASH_SIZES = tuple(k * 1024 for k in (16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048))


def _segments(name: str) -> list[tuple[int, int, bool]]:
    """(start, end, writeable) of each run of sectors a DfuSe alternate-setting name declares."""
    out: list[tuple[int, int, bool]] = []
    for m in _LAYOUT.finditer(name):
        addr = int(m.group(1), 16)
        for sm in _SECTOR.finditer(m.group(2)):
            n = int(sm.group(1)) * int(sm.group(2)) * {"K": 1024, "M": 1024 * 1024}.get(sm.group(3), 1)
            out.append((addr, addr + n, bool((ord(sm.group(4)) - ord("a") + 1) & 4)))
            addr += n
    return out


def _elsewhere(addr: int) -> str:
    """An image wholly outside the memory the device declares: inside the internal-flash window of STM32/GD32/AT32 parts
    (0x08000000-0x08ffffff) it was built for another, larger chip or board ("outside"); elsewhere (QSPI at 0x90000000, SRAM)
    for memory only a second-stage bootloader maps, the Daisy bootloader's QSPI say, while the ROM DFU runs ("other_memory")."""
    return "outside" if _FLASH_BASE <= addr < _FLASH_BASE + 0x01000000 else "other_memory"


# Messages recognised when a paste cut them short (at least that many characters of them).
_TRUNCATABLE = (("No DFU capable USB device available", 8), ("Invalid DFU suffix signature", 12),
                ("Error during download get_status", 18))
# errors of the transfer's last steps (DfuSe's control transfer after the leave request; the final detach and USB reset):
# harmless once the file is down, a failure before
_FINAL_RESET = re.compile(r"libusb_control_transfer|can't detach|error resetting after download")
_AFTER_DOWNLOAD_ONLY = re.compile(r"can't detach|error resetting after download")
_PREFIX = re.compile(r"^[_*>\s]*(?:dfu-util(?:\.exe)?:\s*)?(?:Warning:\s*)?")




@register
class DfuUtilParser(TableParser):
    name = "dfu-util"
    namespace = "dfu"
    hints = ("dfu", "could not open file", "parsing element", "error: failed to", "download", "dfuse", "leave request", "dfumanifest", "get_status", "erase_page", "tormod volden", "weston schmidt", "timeout waiting for", "serial...",
             "alternate", "device status", "transfer size", "libusb_error", "not writeable", "lost device", "found runtime",
             "match vendor", "match product", "file id", "run-time", "runtime", "segment at", "*** [", "exit status", "exited with", "error code",
             "maple", "claim interface", "reset via usb serial", "resetting to bootloader", "initialize libusb", "initialise libusb", "detach", "found it!",
             # (wrappers audit s11) stm32duino Arduino_Tools' scripts
             "error: cannot find", "unsupported linux architecture", "unknown host os", "failed to open serial device", "reset device",
             "tiocm", "more time(s)",
             # (synth-wearables s13) the Axoloti/Ksoloti Patcher's Windows driver hint after its DFU open failed
             "install the winusb driver for the",
             # (daplink-mbed-particle s14) particle-cli over particle-usb
             "unable to open usb device", "unable to reconnect to the device", "| flash ",
             "erase", "upload",  # (audit s8) dfu_file.c's progress bar of the DfuSe erase and of -U
             # (overfit s20) messages whose words hold none of the above once Windows builds drop the "dfu-util: " prefix
             "file size is too big", "file too large for memory", "not correctly executed", "read-protected", "device stuck",
             "memory layout", "non-valid multiplier", "write whole chunk")
    strong = (
        r"^[_*]?dfu-util(?:\.exe)?: ",
        r"(?:^|[\s$#>])(?:sudo\s+)?(?:\S*[/\\])?dfu-util(?:\.exe)?\s+-",
        r"No DFU ca",
    )
    messages = MESSAGES
    event_kinds = ("dfu_found", "dfu_runtime_found", "dfu_command", "wrong_tool_for_device", "dfu_open_other", "image_too_large",
                   "no_dfu_device_retried", "dfu_open_wrong_device")
    _by_kind = {r.kind: r for r in MESSAGES if r.kind}

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.s: dict[str, Any] = {}
        self.devices: list[dict[str, Any]] = []
        self.complete = False  # "File downloaded successfully" (or "Download done.") was printed
        self.leaving = False  # the leave request was submitted
        self.started = False  # a download began
        self.quoted_open: list[dict[str, Any]] = []  # dfu_open_failed events of the weak row (the message quoted in prose)
        self.bar_full = False  # (printer-vendors s9) its progress bar reached 100%

    def benign_now(self, line: str) -> bool:
        """Whether a failure-looking line is harmless at this point of the run (the splitter asks before feeding it):
        "unable to read DFU status [after completion]" (0.5-0.7 leave out the last words) is the board leaving after the last block only when the text
        shows a download; quoted with nothing of one, it stays a failure to quote (GEN001). The rows are written for
        the message after dfu-util's "dfu-util: " (and QMK Toolbox's or a forum's) prefix, as `feed` reads it, so a row
        anchored at the message's start ("^Failed to retrieve language identifiers") is asked without it too
        (healthy2 s9)."""
        if "unable to read dfu status" in line.lower() and not (self.complete or self.leaving or self.bar_full or self.started):
            return False
        text = line.strip()
        return self.table.benign(text) or self.table.benign(_PREFIX.sub("", text, count=1))

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        glued = "dfu-util: " in text[1:] and _GLUED.search(text) is not None  # a progress bar and the message after it
        short = not glued and _JOINED_SHORT <= len(text) < _JOINED_MIN
        if len(text) >= _JOINED_MIN or glued or (short and _JOINED.search(text, 1)):
            parts = [p for p in _JOINED.split(text) if p and p.strip()]
            # two messages run together ("Cannot open DFU device 0a5c:21e6 Found DFU: [1c11:b007] ..."): cut only when
            # each half is a message of its own (two parts of one message must not be cut apart)
            two = (len(parts) == 2 or short) and len(parts) > 1 and not glued and all(self.match_line(q.strip()) for q in parts)
            if (not short and len(parts) > (1 if glued else 2)) or two:
                for part in parts:
                    self._feed_one(lineno, part.strip())
                return
        self._feed_one(lineno, text)

    def _feed_one(self, lineno: int, text: str) -> None:
        line = text
        m = _command_at(text)
        prefix = _PREFIX.match(text)
        if m and m[0] > 0 and text[m[0] - 1] in " \t":
            # a post that lost its line breaks: dfu-util's output, then prose, then the next command ("Found DFU: [...] ...
            # Used command line dfu-util.exe --device ..."): the output before the command is read as its own line
            head = text[:m[0]].strip()
            if head and self.match_line(head):
                self._feed_one(lineno, head)
                self._command(lineno, line, text[m[1]:])
                return
        if m and not (prefix.group(0).strip(" _*>") if prefix else "") and (m[0] == 0 or text[m[0] - 1] in " \t$#>\"'"):
            self._command(lineno, line, text[m[1]:])
            return
        matched = self.match_line(text)
        body = _PREFIX.sub("", text, count=1)
        if not matched and body != text:
            matched = self.match_line(body)  # rows anchored at the message itself, after the `dfu-util: ` prefix
        if not matched:
            for message, minimum in _TRUNCATABLE:
                if truncated(body, message, minimum):
                    kind = {"No DFU": "no_dfu_device", "Invalid": "invalid_suffix", "Error d": "get_status_error"}
                    k = next(v for p, v in kind.items() if message.startswith(p))
                    row = self._by_kind[k]
                    self.on_event(self.event(k, lineno, line, **({"fail": True} if row.fail else {})), row, None, lineno, line)
                    return
            return
        for row, mm in matched:
            if row.kind is None:
                if text.startswith("Download") and "[" in text:
                    # (printer-vendors s9) the download's progress bar: the transfer is in the text; at 100% every
                    # block was written and its status read, so a get_status error after it is the final step's
                    self.started = True
                    if "100%" in text:
                        self.bar_full = True
                v = mm.groupdict().get("version")
                if v:
                    self.s.setdefault("version", v)
                found = _FOUND.search(text) if "Found " in text else None
                if found:
                    self._found(lineno, line, found)
                continue
            if row.kind == "tool_error" and text.startswith("Copyright"):
                continue
            attrs = {k: v for k, v in mm.groupdict().items() if v is not None}
            for key, fn in row.convert:
                if key in attrs:
                    attrs[key] = fn(attrs[key])
            attrs.update(dict(row.attrs))  # type: ignore[arg-type]
            if row.fail:
                attrs["fail"] = True
            if row.kind in ("usb_access_denied", "usb_driver_missing", "usb_io_error", "dfu_open_failed", "dfu_opened"):
                attrs["vid"], attrs["pid"] = id4(attrs.get("vid")), id4(attrs.get("pid"))
                attrs.pop("devnum", None)
            self.on_event(self.event(row.kind, lineno, line, **attrs), row, mm, lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str] | None, lineno: int, line: str) -> None:
        s = self.s
        if ev is None:
            return
        kind = ev["kind"]
        if kind == "dfu_open_failed" and row.strength == "weak":
            self.quoted_open.append(ev)  # the message quoted in a sentence (the weak row)
        if kind == "download_started":
            self.started = True
            s.setdefault("address", ev.get("address"))
        elif kind == "download_complete":
            if self.complete:
                self.events.remove(ev)
                return
            self.complete = True
            s["download_complete"] = True
        elif kind == "leave_requested":
            self.leaving = True
            s["leave"] = True
        elif kind == "final_reset":
            if not any(e.get("fail") for e in self.events):
                self.complete = True
                s["download_complete"] = True
        elif kind == "get_status_error":
            after = self.complete or self.leaving or self.bar_full
            ev["state"] = "after_download" if after else "during_download"
            if not after and not self.started:
                # (printer-vendors s9) nothing of the download is in the text (no "Downloading to address", no progress
                # bar): the paste starts at this line, as notes and forum posts quote it with Klipper's "Failed to flash"
                # under it. dfu-util prints it for the status request after each block; a transfer that broke mid-way
                # shows its progress bar first, so a bare line is most often the harmless one after :leave (DFU001)
                ev["state"] = "unseen_download"
            elif not after:
                ev["fail"] = True
        elif kind == "dfu_suffix_mismatch":
            # another vendor's id in the suffix: the build targeted another bootloader (Maple 1eaf:0003 on an ST ROM DFU);
            # the same vendor with another product (0483:0000) is a suffix the release tooling filled in wrongly
            # (0000:0000 is no suffix at all, which dfu-util 0.10 refused when -d named the device: not a build fault)
            file_vid = str(ev.get("file_vid", "")).lower()
            ev["other_vendor"] = file_vid not in ("0000", "ffff") and file_vid != str(ev.get("vid", "")).lower()
        elif kind == "download_error" and _FINAL_RESET.search(ev["line"]):
            ev["state"] = "after_download" if (self.complete or self.leaving) else "during_download"
            if ev["state"] == "during_download" and not self.started and _AFTER_DOWNLOAD_ONLY.search(ev["line"]):
                # (arduino-forum-arm s18) main.c 0.5-0.11 prints "can't detach" / "error resetting after download" only in
                # the final reset (-R), after the whole file went down (a failed download exits first): with nothing of
                # the transfer in the text, the paste starts after a download that worked (Seeed Wio LTE forum t/259429)
                ev["state"] = "unseen_download"
            elif ev["state"] == "during_download":
                ev["fail"] = True
        elif kind == "dfu_error_state":
            # before a download, dfuERROR is the ROM saying the flash holds no bootable image (dfu-util clears it)
            ev["text"] = ev["line"][:200]
            if self.started:
                ev["fail"] = True
            else:
                ev["state"] = "before_download"
        elif kind == "invalid_suffix":
            if sum(1 for e in self.events if e["kind"] == "invalid_suffix") > 1:
                self.events.remove(ev)
        elif kind == "tool_error":
            ev["text"] = ev["line"][:200]
        elif kind == "wrapper_exit":
            after = any(e["kind"] in ("get_status_error", "download_error") and e.get("state") == "after_download" for e in self.events)
            # the whole file was written and dfu-util printed no failure: a non-zero exit can only come from its last steps
            # (the final status request, the detach or USB reset after the download; 0.10 also returned the reset's libusb
            # code, "exit status 251"), which the board, already running the new firmware, no longer answers
            after = after or (self.complete and not any(e.get("fail") for e in self.events if e is not ev and e["kind"] != "wrapper_exit"))
            if ev.get("code") == 0:
                self.events.remove(ev)
            elif after:
                ev["state"] = "after_download"  # the exit status of the harmless get_status error (DFU001)
            else:
                ev["fail"] = True
        elif kind == "dfuse_address_missing":
            if sum(1 for e in self.events if e["kind"] == "dfuse_address_missing") > 1:
                self.events.remove(ev)

    def _command(self, lineno: int, line: str, cmd: str) -> None:
        s = self.s
        s.setdefault("command", cmd[:300])
        at = line.find(cmd[:20]) if cmd else -1
        if at > 0 and re.search(r"\bsudo\s+$", line[:at]):
            s["sudo"] = True  # run as root: access to the USB node is not what failed
        try:
            argv = shlex.split(cmd, posix="\\" not in cmd)
        except ValueError:
            argv = cmd.split()
        s.setdefault("argv", argv[:40])
        vid = pid = None
        address = None
        i = 1
        while i < len(argv):
            a = argv[i]
            val = argv[i + 1] if i + 1 < len(argv) else ""
            if a in ("-d", "--device"):
                # vid:pid[,vid:pid]: the part after the comma is the DFU-mode id (what a board in its bootloader shows)
                parts = [p for p in val.split(",") if p]
                ids = parts[-1] if parts else ""
                if ":" in ids:
                    vid, pid = (id4(x) for x in ids.split(":", 1)[:2])
                s["device"] = val
                i += 2
                continue
            if a in ("-a", "--alt"):
                s.setdefault("extra", {})["alt"] = val
                i += 2
                continue
            if a in ("-s", "--dfuse-address"):
                addr, _, mods = val.partition(":")
                address = number(addr)
                if address is not None:
                    s["address"] = address
                if "leave" in mods.split(":"):
                    s["leave"] = True
                i += 2
                continue
            if a in ("-D", "--download"):
                s.setdefault("extra", {})["image"] = val
                i += 2
                continue
            if a in ("-R", "--reset"):
                s.setdefault("extra", {})["reset"] = True
            i += 1
        info = classify_usb(vid, pid)
        prog = argv[0] if argv else ""
        # the program's path tells the host: dfu-util.exe, a drive letter or backslashes are Windows (where a device dfu-util
        # cannot find or open usually lacks its WinUSB/libusb driver)
        host = "windows" if prog.lower().endswith(".exe") or "\\" in prog or re.match(r"^[A-Za-z]:[\\/]", prog) else None
        self.event("dfu_command", lineno, line, command="dfu-util", vid=vid, pid=pid, address=address,
                   role=info.get("role"), role_name=info.get("role_name"), **({"host": host} if host else {}))
        role = (info.get("role") or "") + " " + (info.get("role_name") or "")
        if info.get("role") and "dfu" not in role.lower():
            self.event("wrong_tool_for_device", lineno, line, command="dfu-util", vid=vid, pid=pid,
                       role=info.get("role"), role_name=info.get("role_name"), expected="dfu")

    def _found(self, lineno: int, line: str, m: re.Match[str]) -> None:
        kind, vid, pid = m.group(1), id4(m.group(2)), id4(m.group(3))
        path, name, serial = m.group(6), m.group(8), m.group(9)
        info = classify_usb(vid, pid)
        self.event("dfu_found" if kind == "DFU" else "dfu_runtime_found", lineno, line, vid=vid, pid=pid,
                   path=path, name=name, role=info.get("role"), role_name=info.get("role_name"))
        key = (vid, pid, path, serial)
        for known in self.devices:
            if (known.get("vid"), known.get("pid"), known.get("port_path"), known.get("serial")) == key:
                if name:
                    known.setdefault("dfu", {}).setdefault("alt_names", []).append(name)
                return
        dev: dict[str, Any] = {"vid": vid, "pid": pid, "origin": "pasted", "source": self.source, "line": line.strip()[:500],
                               "lineno": lineno, "device_class": "dfu" if kind == "DFU" else "dfu-runtime"}
        if path:
            dev["port_path"] = path
        if serial:
            dev["serial"] = serial
        if m.group(5):
            dev["address"] = int(m.group(5))
        if name:
            dev["dfu"] = {"alt_names": [name]}
        dev.update(info)
        self.devices.append(dev)

    def _other_devices(self) -> None:
        """main.c probe_devices() (0.5-0.11) tries to open every device that has a DFU interface, the board's and any
        other (a Broadcom or Apple Bluetooth controller's DFU run-time interface, a webcam's), and warns "Cannot open DFU
        device VID:PID" for each it may not open, then goes on. When a later line names another device as the one found
        or opened (`Found DFU: [...]`, `ID ...`), the failure was about a device dfu-util did not use: not a failure of
        this run (`dfu_open_other`). After a detach (run-time -> DFU mode) the id changes too, so only a failure *before*
        the device in use counts as another's."""
        # (boot s23) the open failure printed on a wrapper's own failure line: particle-cli 1.x ends a failed `particle flash
        # --usb` with "Error writing firmware..." and dfu-util's stderr after it ("Error writing firmware...Cannot open DFU
        # device 0489:e07a", a laptop's Bluetooth adapter, community.particle.io 16264). That run stopped there: the tool went
        # to a DFU-capable device that is not a known bootloader, whatever a listing later in the text shows
        # (fix-boot s23) only when the id is known not to be a board (a host's Bluetooth/webcam vendor) or the text lists a
        # *different* DFU device: an id the table does not know may well be the board (Particle 2b04:d0xx, AT32 2e3c:df11),
        # and the failing id listed by "Found DFU" is the board's own open failure
        listed = {(e.get("vid"), e.get("pid")) for e in self.events
                  if e["kind"] in ("dfu_opened", "dfu_found", "dfu_runtime_found") and e.get("vid")}
        for ev in self.events:
            if (ev["kind"] in ("usb_access_denied", "usb_driver_missing", "usb_io_error", "dfu_open_failed") and ev.get("vid")
                    and _WRAPPER_FAILED_ON.match(ev.get("line") or "")):
                key = (ev.get("vid"), ev.get("pid"))
                info = classify_usb(*key)
                if (str(info.get("role") or "").endswith("dfu") or info.get("kind") == "bootloader") or key in listed:
                    continue
                if str(key[0]).lower() in _NOT_A_BOARD_VIDS or listed:
                    ev["kind"] = "dfu_open_wrong_device"
                    # (fix-boot s23 review) probe_devices()'s own warning on that same id is the same stop, said first
                    for other in self.events:
                        if (other is not ev and other["kind"] in ("usb_access_denied", "usb_driver_missing", "usb_io_error", "dfu_open_failed")
                                and (other.get("vid"), other.get("pid")) == key):
                            overcome_event(other, "dfu_open_other")
        opened = [(e["lineno"], e.get("vid"), e.get("pid")) for e in self.events
                  if e["kind"] in ("dfu_opened", "dfu_found", "dfu_runtime_found") and e.get("vid")]
        if not opened:
            return
        downloads = [e["lineno"] for e in self.events if e["kind"] in ("download_started", "download_complete")]
        for ev in self.events:
            if ev["kind"] not in ("usb_access_denied", "usb_driver_missing", "usb_io_error", "dfu_open_failed") or not ev.get("vid"):
                continue
            key = (ev.get("vid"), ev.get("pid"))
            # (boot-dfu s10) probe_devices() warns for every DFU interface it may not open, then main() opens the device it
            # chose: when that same VID:PID is opened later and the download starts, the open that failed was overcome
            # (Arduino's dfu-util 0.9 on a Portenta H7 2341:035b, Windows: "Cannot open DFU device 2341:035b", then "ID
            # 2341:035b", dfuIDLE and the whole image written, platform-ststm32 #511)
            reopened = [o[0] for o in opened if o[0] > ev["lineno"] and (o[1], o[2]) == key]
            if reopened and any(d > min(reopened) for d in downloads):
                overcome_event(ev, "dfu_open_other", retried=True)
                continue
            info = classify_usb(*key)
            if str(info.get("role") or "").endswith("dfu") or info.get("kind") == "bootloader":
                continue  # a known DFU bootloader (0483:df11, 1eaf:0003...) is the board, whatever else was listed
            later = [o for o in opened if o[0] >= ev["lineno"]]
            if later and all((v, p) != key for _, v, p in opened):
                overcome_event(ev, "dfu_open_other")

    def _not_writeable(self) -> None:
        """Where an unwriteable address lies, from the download's start and size (or -s) and the DfuSe memory layout
        (dfu-util -v's "Memory segment at" lines, or the name a `Found DFU` line gives, "@Internal Flash
        /0x08000000/8*001Ka,056*001Kg": a = read-only, g = writeable):
        - the image starts in writeable flash and runs past its end (or, with no layout, straddles a flash size an
          STM32/GD32/AT32 has, 16 KiB to 2 MiB): it is larger than the flash the bootloader declares -> image_too_large
          (a Blue Pill's F103C8 declares 64 KiB; BMP firmware of 60 KiB at 0x08002000 ends past it);
        - "Page at" inside the layout (the last page was writeable): the start lies in read-only sectors, the
          bootloader's own -> where="protected" (an image linked for the start of flash written through a bootloader);
        - an element of size 0 (last = start - 1): an empty image -> where="empty";
        - a start inside the layout's read-only sectors -> where="protected" as well;
        - otherwise the whole image lies outside the device's writeable memory: where="outside" within the internal-flash
          window (built for another device: a Photon user part at 0x080a0000 sent to a Boron), "other_memory" beyond it
          (QSPI at 0x90040000: built for the board's own bootloader while the ROM DFU runs)."""
        segs = [(e["address"], e["address"] + e["count"] * e["size"], "w" in e.get("type", "")) for e in self.events
                if e["kind"] == "memory_segment" and isinstance(e.get("address"), int)]
        if not segs:
            for dev in self.devices:
                for name in (dev.get("dfu") or {}).get("alt_names", []):
                    if "flash" in name.lower():
                        segs += _segments(name)
        start = self.s.get("address")
        size = None
        for ev in self.events:
            if ev["kind"] == "download_started":
                start, size = ev.get("address", start), ev.get("size")
            if ev["kind"] != "address_not_writeable" or not isinstance(ev.get("address"), int):
                continue
            addr = ev["address"]
            ev["at"] = f"0x{addr:08x}"
            if ev.get("page"):
                inside = any(a <= addr < b for a, b, _ in segs)
                ev["where"] = "protected" if inside or not segs else _elsewhere(addr)
                continue
            if not isinstance(start, int):
                continue
            ev["start"] = start
            ev["start_hex"] = f"0x{start:08x}"
            if size == 0 or addr < start:
                ev["where"] = "empty"
                continue
            if segs:
                start_ok = any(a <= start < b and w for a, b, w in segs)
                end = max(b for _, b, _ in segs)
                past = start_ok and addr >= end
                limit = end
                if not start_ok and any(a <= start < b for a, b, _ in segs):
                    ev["where"] = "protected"  # the start lies in sectors the device declares read-only (the bootloader's)
                    continue
            else:
                # the largest flash size the image passes: the end it most likely ran over
                limit = max((_FLASH_BASE + n for n in _FLASH_SIZES if start < _FLASH_BASE + n <= addr), default=None)
                past = start >= _FLASH_BASE and limit is not None
            if past:
                ev["kind"] = "image_too_large"
                ev["limit"] = limit
                ev["where"] = "past_end"
            else:
                ev["where"] = _elsewhere(start)

    def _retried(self) -> None:
        """(wrappers audit s11) STM32duino's maple_upload(.sh) runs dfu-util again ("Trying N more time(s)") while it finds no
        DFU device (exit 74), up to five times, to give the Maple bootloader time to come up after the reset: a "No DFU
        capable USB device" before a retry that a completed download follows was waited out, not this run's failure."""
        retries = [e["lineno"] for e in self.events if e["kind"] == "dfu_retry"]
        done = [e["lineno"] for e in self.events if e["kind"] == "download_complete"]
        if not retries or not done:
            return
        for ev in self.events:
            if ev["kind"] == "no_dfu_device" and any(ev["lineno"] < r < d for r in retries for d in done):
                overcome_event(ev, "no_dfu_device_retried", retried=True)

    def finish(self) -> dict[str, Any]:
        self._retried()
        if any(e["kind"] == "download_complete" for e in self.events):
            for ev in self.quoted_open:  # (review s22) a quoted "Cannot open DFU device" in a run that downloaded: not its failure
                overcome_event(ev, "dfu_open_quoted_done")
        self._other_devices()
        self._not_writeable()
        s = self.s
        kinds = [e["kind"] for e in self.events]
        argv = s.get("argv") or []
        if ("-l" in argv or "--list" in argv) and not {"dfu_found", "dfu_runtime_found", "no_dfu_device"} & set(kinds) \
                and not any(e.get("fail") for e in self.events):
            # `dfu-util -l` says nothing when it finds nothing: an empty list is the same fact as "No DFU capable..."
            cmd = next((e for e in self.events if e["kind"] == "dfu_command"), None)
            if cmd is not None:
                self.event("no_dfu_device", cmd["lineno"], cmd["line"], text="dfu-util -l listed no device")
                kinds.append("no_dfu_device")
        if self.complete:
            s["success"] = not any(k in kinds for k in ("erase_error", "address_not_writeable")) and not any(
                e.get("fail") and e["kind"] == "download_error" for e in self.events)
        elif any(e.get("fail") for e in self.events):
            s["success"] = False
        if self.devices:
            s["found"] = len({(d["vid"], d["pid"], d.get("port_path")) for d in self.devices if d.get("device_class") == "dfu"})
        out: dict[str, Any] = {self.namespace: {"runs": [self.run(**s)]}}
        if self.devices:
            out["usb"] = {"devices": self.devices}
        return out

