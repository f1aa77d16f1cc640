"""picotool (raspberrypi/picotool 1.0 to 2.x): the BOOTSEL-mode client for RP2040 and RP2350, as a message table.

Facts: one run per block under `flash.runs` (tool "picotool"), so the same rules judge it as Klipper's
rp2040_flash: `rp2040_not_found` (no device in BOOTSEL mode), `usb_access_denied` (a device in BOOTSEL
mode, or with a USB serial connection, that picotool could not open: Linux permissions, or on Windows no
WinUSB driver), `rp2040_app_mode` (the board runs an application, not the BOOTSEL ROM: picotool names it
and suggests -f), `picotool_error` (the ROM or the connection failed during a command), and the progress
and success lines of `load`/`verify`/`reboot`.

The wordings of both generations are covered: 1.0/1.1 say "RP2040 device(s)" and "Device at bus 1, address 7
appears to be a RP2040 device in BOOTSEL mode, but picotool was unable to connect"; 2.x says "RP-series"
(or "RP2040/RP2350") and "RP2350 device at bus 1, address 2 appears to be in BOOTSEL mode, but picotool
was unable to connect. Maybe try 'sudo' or check your permissions." (Windows: "... install a driver via Zadig").

The wrappers around picotool and the BOOTSEL drive are read here too: arduino-pico's (and QMK's, microsoft/uf2's)
uf2conv.py (its drive listing needs `wmic` or PowerShell on Windows: a traceback out of get_drives() whose program could not
start, or "Unable to build drive list", is `tool_missing`; "Exception executing udisksctl" is harmless), rp2040load of the
Arduino Mbed core and PlatformIO (one dot per failed `picotool info`: twenty and more = `rp2040_not_found`, state
"rp2040load"), PlatformIO's 1200-baud touch watched with `picotool info -d` (state "pio_touch"), picotool 2.x's forced
reboot that found no BOOTSEL device under the tracked serial number (`rp2040_not_found_after_reboot`: the board did
reboot; with Windows' Zadig note, `usb_access_denied`), and building picotool without libusb's development files.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of, to_int

_DEV = r"(?:Device|(?P<chip>RP\d{4}) device) at bus (?P<bus>\d+), address (?P<address>\d+)"
_BUSADDR = (("bus", to_int), ("address", to_int))
# main.cpp missing_device_string(); (rp2040-pico s9) with --bus and --address it names them ("was found at bus 2, address
# 12."): the address the device had when listed, and each replug, reset or reboot into BOOTSEL gives it a new one
_MISSING = (r"(?:No|Despite the reboot attempt, no) accessible RP(?:\d{4}|-series|2040/RP2350)? ?devices? in BOOTSEL mode(?: (?:was|were) found"
            r"(?: at bus (?P<bus>\d+), address (?P<address>\d+))?|\s*$)")
_MISSING_RE = re.compile(_MISSING)

MESSAGES = rows_of(
    group(
        "picotool 1.0-2.1 main.cpp (device selection: missing_device_string and the 'but:' notes)",
        # picotool wraps at the terminal width: "Despite the reboot attempt, ... in BOOTSEL mode" may end the line
        Msg("rp2040_not_found", _MISSING, "strong", fail=True, convert=_BUSADDR, example="No accessible RP2040 devices in BOOTSEL mode were found."),
        # picotool wraps its notes at the terminal width: "..., but" may end the line and "picotool was unable to connect" start the next
        Msg("usb_access_denied", rf"{_DEV} appears to be (?:a RP\d{{4}} device )?in BOOTSEL mode, but(?: picotool was unable to connect|\s*$)",
            "strong", fail=True, convert=_BUSADDR,
            example="Device at bus 1, address 21 appears to be a RP2040 device in BOOTSEL mode, but picotool was unable to connect"),
        Msg("usb_access_denied", rf"{_DEV} appears to have a USB serial connection, but(?: picotool was unable to connect|\s*$)",
            "strong", fail=True, convert=_BUSADDR,
            example="RP2040 device at bus 1, address 9 appears to have a USB serial connection, but picotool was unable to connect. Maybe try 'sudo' or check your permissions."),
        Msg("rp2040_app_mode", rf"{_DEV} appears to (?:have a USB serial connection, so consider -f|be an? RP(?:\d{{4}}|-series) (?:PicoProbe|MicroPython) device not in BOOTSEL mode)",
            "strong", convert=_BUSADDR,
            example="RP2040 device at bus 1, address 16 appears to have a USB serial connection, so consider -f (or -F) to force reboot in order to run the command."),
        Msg("rp2040_app_mode", rf"{_DEV} appears to be a RP\d{{4}} (?:device with a USB serial connection|PicoProbe device not in BOOTSEL mode|MicroPython device not in BOOTSEL mode)",
            "strong", convert=_BUSADDR,
            example="Device at bus 1, address 16 appears to be a RP2040 device with a USB serial connection, so consider -f (or -F) to force reboot in order to run the command."),
        # Windows, RP2040 forced into BOOTSEL with all its interfaces (picotool 2.x): without the Zadig driver it cannot be opened
        Msg(None, r"You may need to install a driver via Zadig\. See Zadig in the README", "none",
            example="You may need to install a driver via Zadig. See Zadig in the README (https://github.com/raspberrypi/picotool#zadig) for more information."),
        Msg(None, r"It is possible the device is not responding, and will have to be manually entered into BOOTSEL mode", "strong",
            example="It is possible the device is not responding, and will have to be manually entered into BOOTSEL mode."),
        Msg("multiple_devices", r"Multiple RP(?:\d{4}|-series) devices in BOOTSEL mode found|Command requires a single RP(?:\d{4}|-series) device"
            r"|Forced command requires a single rebootable RP(?:\d{4}|-series) device",  # (audit s11) -f with several boards running an application
            "strong", fail=True, example="ERROR: Command requires a single RP-series device to be targeted."),
        Msg(None, r"^picotool(?:\.exe)?\s+v?\d+\.\d+", "strong", example="picotool v2.1.1 (Linux, GNU-12.2.0, Release)"),
        Msg("tool_missing", r"\bpicotool(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            attrs={"name": "picotool"}, example="bash: picotool: command not found"),
    ),
    group(
        "picotool 1.0-2.1 main.cpp (commands: load, verify, reboot, info; failures)",
        Msg("rp2040_reboot_requested", r"The device was asked to reboot into BOOTSEL mode", "strong",
            example="The device was asked to reboot into BOOTSEL mode so the command can be executed."),
        Msg("picotool_rebooted", r"The device was (?:asked to reboot back into application mode|rebooted to start the application)", "strong",
            example="The device was rebooted to start the application."),
        Msg("picotool_progress", r"^(?P<name>Loading into|Verifying) (?P<memory>Flash|RAM|XIP RAM|ROM)\s*:\s*\[", "strong",
            example="Loading into Flash: [==============================]  100%"),
        Msg("picotool_verified", r"^OK\s*$", "none", example="OK"),
        Msg("picotool_error", r"^ERROR: The RP(?:\d{4}|-series) device returned an error: (?P<text>.*)$", "strong", fail=True,
            example="ERROR: The RP2040 device returned an error: PICOBOOT_NOT_PERMITTED"),
        Msg("picotool_error", r"^ERROR: Communication with RP(?:\d{4}|-series) device failed", "strong", fail=True,
            example="ERROR: Communication with RP2040 device failed"),
        # (audit s8) 2.x `verify` of a `save`d file says "... did not match the saved file"
        Msg("verify_mismatch", r"ERROR: The device contents did not match the (?:saved )?file", "strong", fail=True,
            example="ERROR: The device contents did not match the file"),
        Msg("picotool_error", r"^ERROR: Unable to connect to device", "weak", fail=True, example="ERROR: Unable to connect to device"),
        # (audit-swd-rp-klipper s18) picotool 1.1-2.x main.cpp: the BOOTSEL device answered but its boot ROM is not the one
        # picotool knows (no ROM tag, an RP2040 B0 ROM on 1.1, a function or entry missing from its table); upper-case ERROR:,
        # unlike OpenOCD's rp2040.c "Error: RP2040 BOOT ROM not found"
        Msg("picotool_error", r"^ERROR: (?P<text>(?:RP2040|RP2350) BOOT ROM not found|Incorrect RP2040 BOOT ROM version|"
            r"(?:Function|Entry) not found in BOOT ROM)", "strong", fail=True, example="ERROR: RP2040 BOOT ROM not found"),
        # picotool 1.1-2.2 load: the image (its flash data, from its start offset) is larger than the flash the device
        # reports, or than the partition chosen (picotool 2.x on RP2350)
        Msg("image_too_large", r"^ERROR: File size 0x[0-9a-fA-F]+ (?:starting at 0x[0-9a-fA-F]+ )?is too big to fit in (?P<memory>flash|partition) size 0x[0-9a-fA-F]+",
            "strong", fail=True, example="ERROR: File size 0x402000 is too big to fit in flash size 0x200000"),
        # (rp2350-picotool2 s16) picotool 2.0-2.3 elf2uf2/elf2uf2.cpp check_address_range() (uf2 convert, load of an ELF; pico-sdk
        # 1.x tools/elf2uf2 main.cpp prints the same): an ELF segment lies outside the memory map of the chip picotool checks
        # against: the device's, or for `uf2 convert` the chip it guessed (RP2040 when no IMAGE_DEF block sits at FLASH_START,
        # picotool#339: --platform rp2350). on_event() names the chip a segment can only be for (`built_for`)
        Msg("segment_out_of_range", r"Memory segment (?P<addr>[0-9a-fA-F]{8})->([0-9a-fA-F]{8}) is outside of valid address range for device",
            "strong", fail=True, example="ERROR: Memory segment 20081000->20081800 is outside of valid address range for device"),
        # picotool 2.0-2.3 main.cpp load_guts(): a range of the file to load that is no memory of the device's model (its
        # get_memory_type: invalid, ROM, unstriped SRAM, or spanning two kinds)
        Msg("segment_out_of_range", r"^ERROR: File to load contained an invalid memory range 0x(?P<addr>[0-9a-fA-F]{8})-0x([0-9a-fA-F]{8})",
            "strong", fail=True, example="ERROR: File to load contained an invalid memory range 0x20080000-0x20081000"),
        # (healthy-misc s8) picotool 1.0-2.2 main.cpp get_file_idx(): the file named on the command line (the image for load,
        # verify, info, uf2 convert) could not be opened: it does not exist under that name (a build that wrote another name,
        # VS Code's Pico extension loading build/<project>.elf after the CMake project was renamed), or is unreadable
        Msg("image_missing", r"^ERROR: Could not open '(?P<name>[^']*)'", "strong", fail=True,
            example="ERROR: Could not open '/Users/aio/Downloads/pico-example-midi-main/build/test_project.elf'"),
        Msg("picotool_error", r"^ERROR: (?P<text>.*)$", "none", fail=True, example="ERROR: File to load contained an invalid memory range 0x10000000-0x1004c2f0"),
    ),
    group(
        "picotool 2.0-2.2 main.cpp (load and info on RP2350: the UF2 family against the device's partitions)",
        # the RP2350 ROM says where blocks of a family may go; none = the image was built for another chip
        Msg("uf2_family_rejected", r"Family (?:ID|id) '?(?P<family>[\w-]+)'? cannot be downloaded anywhere", "strong", fail=True,
            example="Family ID 'rp2040' cannot be downloaded anywhere"),
        Msg("uf2_family_accepted", r"Family (?:ID|id) '?(?P<family>[\w-]+)'? can be downloaded in (?P<text>absolute space|partition \d+)",
            "strong", example="Family id 'rp2350-arm-s' can be downloaded in absolute space:"),
        Msg("picotool_error", r"^ERROR: (?P<text>This file cannot be loaded (?:onto a device with no partition table|into the partition table on the device))",
            "strong", fail=True, example="ERROR: This file cannot be loaded onto a device with no partition table"),
        Msg("picotool_error", r"^ERROR: (?P<text>Cannot autodetect UF2 family.*)$", "strong", fail=True,
            example="ERROR: Cannot autodetect UF2 family - must specify the family"),
        # (rp-usb s7) picotool 2.0-2.2 load (main.cpp): a UF2 holding blocks of several families (a combined RP2040+RP2350
        # image) is loaded with the first family's blocks only; on a board of the other chip nothing bootable is written
        Msg("uf2_multiple_families", r"WARNING: Multiple family IDs in a single UF2 file", "strong",
            example="WARNING: Multiple family IDs in a single UF2 file - only using first one"),
        Msg(None, r"^Tracking device serial number \w+ for reboot", "strong",
            example="Tracking device serial number F5B22EFA0A7A108E for reboot"),
        Msg(None, r"^target chip:\s+(?P<chip>RP\d{4})", "weak", example="target chip:   RP2350"),
    ),
)

# arduino-pico (earlephilhower) uploads by resetting the board into BOOTSEL over its serial port (1200 baud) and
# copying a UF2 to the RPI-RP2 drive (tools/uf2conv.py); its lines say whether the drive appeared
UF2CONV = group(
    "arduino-pico 1.x-4.x tools/uf2conv.py (the UF2 copied to the BOOTSEL drive)",
    # (rp-usb s10) the progress lines may keep the four spaces of a Markdown code block that follows a post's prose (the reader
    # dedents only a paste indented whole)
    # (audit s8) microsoft/uf2 utils/uf2conv.py 2019-2026 says "Converted to uf2, ..." (arduino-pico's older copy "Converting")
    Msg(None, r"^\s*Convert(?:ing|ed) to uf2, output size: \d+, start address: 0x[0-9a-fA-F]+", "strong",
        example="Converting to uf2, output size: 130560, start address: 0x2000"),
    Msg("rp2040_not_found", r"^\s*No drive to deploy\.?", "strong", fail=True, attrs={"state": "no_drive"},
        example="No drive to deploy."),
    # (nrf-lora-zmk s12) microsoft/uf2 utils/uf2conv.py main(): "Flashing %s (%s)" % (drive, board_id(drive)): the Board-ID line of
    # any UF2 bootloader's INFO_UF2.TXT (nRF52840-Feather-Sense, nRF52840-nicenano, SAMD21G18A-Feather-v0, RPI-RP2)
    # (thin-rp s15) the Board-ID of the BOOTSEL drive names the boot ROM, so the chip (RPI-RP2: RP2040; RP2350): settle() in
    # uf2_drive.py holds it against the family the build converted the image to
    Msg("uf2_drive_flashed", r"^\s*Flashing (?P<path>\S+) \((?P<name>RPI-RP2|RP2350)\)\s*$", "strong", example="Flashing E: (RP2350)"),
    Msg(None, r"^\s*Flashing (?P<path>\S+) \((?P<name>RPI-RP2|RP2350|[\w.-]{2,40}-[\w.-]{1,40})\)\s*$", "strong", example="Flashing F: (RPI-RP2)"),
    Msg("picotool_rebooted", r"^\s*Wrote \d+ bytes to (?P<path>\S+\.UF2)\s*$", "strong", example="Wrote 130560 bytes to F:/NEW.UF2"),
    Msg(None, r"^Resetting (?P<device>COM\d+|/dev/\S+)\s*$", "weak", example="Resetting COM13"),
    # get_drives() on Linux first tries `udisksctl mount` ("a heroic attempt") and then scans /media, /run/media...: a
    # missing udisksctl (a flatpak IDE) is harmless when the drive is mounted anyway ("Flashing ... Wrote ..." follows)
    Msg(None, r"^Exception executing udisksctl\. Exception:", "strong", benign=True,
        example="Exception executing udisksctl. Exception: [Errno 2] No such file or directory: 'udisksctl'"),
    # get_drives() on Windows lists the drives with `wmic` and, since 2022 (arduino-pico #476), with PowerShell's
    # Get-WmiObject when wmic fails; both missing (wmic is gone from Windows 11 24H2, PowerShell 7 has no Get-WmiObject)
    # (audit s8) microsoft/uf2 utils/uf2conv.py 2019-2026: the wait for the BOOTSEL drive (--wait), its --info output, a block of a
    # file that is not UF2, and the usage errors it exits with
    Msg(None, r"^\s*Waiting for drive to deploy", "strong", example="Waiting for drive to deploy..."),
    Msg(None, r"^(?:--- UF2 File Header Info ---|Target Address is 0x[0-9a-fA-F]+|All block flag values consistent|Flags were not all the same"
        r"|Skipping block at \S+; bad magic)", "none", example="Target Address is 0x10000000"),
    Msg("tool_error", r"^Family ID needs to be a number or one of: ", "strong", fail=True,
        example="Family ID needs to be a number or one of: SAMD21, SAMD51, RP2040"),
    Msg("tool_error", r"^Need input file\s*$", "none", fail=True, example="Need input file"),
    Msg("tool_missing", r"^Unable to build drive list", "strong", fail=True,
        attrs={"name": "wmic (and PowerShell's Get-WmiObject)", "text": "uf2conv.py lists the drives with it"},
        example="Unable to build drive list"),
)
UF2CONV_TRACEBACK = group(
    "microsoft/uf2 utils/uf2conv.py 2019-2024 and its copies (arduino-pico tools/, QMK util/, Zephyr scripts/build/): a Python "
    "traceback out of get_drives(), whose only program is `wmic` on Windows (older copies have no fallback)",
    Msg(None, r'uf2conv\.py", line \d+, in get_drives', "strong",
        example='  File "./qmk_firmware/util/uf2conv.py", line 213, in get_drives'),
    Msg(None, r'check_output\(\["(?P<prog>wmic|powershell|udisksctl)"', "none",
        example='    r = subprocess.check_output(["wmic", "PATH", "Win32_LogicalDisk",'),
    # the frames of subprocess starting a program: an exception raised here is the program failing to start
    Msg(None, r'subprocess\.py", line \d+, in (?P<frame>check_output|run|__init__|_execute_child)\b', "none",
        example='  File "C:/QMK_MSYS/mingw64/lib/python3.12/subprocess.py", line 1538, in _execute_child'),
    Msg(None, r"(?:FileNotFoundError|OSError|WindowsError): \[(?:WinError|Errno) 2\]", "none",
        example="FileNotFoundError: [WinError 2] The system cannot find the file specified"),
    # the program ran and failed: not a missing program
    Msg(None, r"CalledProcessError: Command .{0,200}? returned non-zero exit status", "none",
        example="subprocess.CalledProcessError: Command '['wmic', 'PATH', 'Win32_LogicalDisk']' returned non-zero exit status 2."),
)
# rp2040load (arduino/rp2040tools 1.0.x, Go): the Arduino Mbed OS RP2040 core's and PlatformIO's (tool-rp2040tools) uploader.
# It runs elf2uf2, then `picotool info` up to 21 times half a second apart, printing one dot per try and nothing of picotool's
# own output; when no try succeeds it prints an empty line and exits 1. Twenty and more dots followed by the wrapper's failure
# = picotool never found an accessible RP2040 in BOOTSEL mode during ten seconds.
RP2040LOAD = group(
    "arduino/rp2040tools 1.0.1-1.0.6 main.go (rp2040load: elf2uf2, then picotool info/load/reboot)",
    Msg(None, r"^rp2040load \d+\.\d+\.\d+ - compiled with go", "strong", example="rp2040load 1.0.6 - compiled with go1.16.2"),
    Msg(None, r"[/\\]rp2040tools[/\\][\d.]+[/\\]rp2040load\b", "strong",
        example="/home/x210/.arduino15/packages/arduino/tools/rp2040tools/1.0.2/rp2040load -v -D /tmp/arduino_build_25821/Blink.ino.elf"),
    # (rp2040-pico s9) the 21 dots of all its tries alone, after the IDE's own lines only (an Arduino IDE in another language,
    # verbose upload off: "Arduino:1.8.13 (Linux), ボード:"Raspberry Pi Pico"", the dots, the localized upload error): no other
    # uploader prints a line of exactly 21 dots
    Msg("rp2040_not_found", r"^\.\.\.\.\.\.\.\.\.\.\.\.\.\.\.\.\.\.\.\.\.\s*$", "weak", fail=True, attrs={"state": "rp2040load"},
        example="....................."),
    Msg("rp2040_not_found", r"^\.{20,}\s*$", "none", fail=True, attrs={"state": "rp2040load"}, example="......................"),
)
_LIBUSB_DEV = "libusb-1.0-0-dev and pkg-config (Homebrew: libusb pkg-config)"
PICOTOOL_BUILD = group(
    "picotool 1.0-2.2 CMakeLists.txt and cmake/FindLIBUSB.cmake (building picotool, also through the pico-sdk and the VS Code "
    "extension); picotool 2.x built without libusb leaves out its USB commands (README: load, save, erase, verify, reboot)",
    Msg("tool_missing", r"picotool cannot be built because libUSB is not found|Cannot build with pico_usb support - LibUSB not found"
        r"|No LibUSB found, please install libusb", "strong", fail=True,
        attrs={"name": _LIBUSB_DEV, "text": "development files of libusb-1.0"},
        example="  picotool cannot be built because libUSB is not found"),
    Msg("tool_missing", r"^-- Could NOT find LIBUSB \(missing: ", "strong", fail=True,
        attrs={"name": _LIBUSB_DEV, "text": "development files of libusb-1.0"},
        example="-- Could NOT find LIBUSB (missing: LIBUSB_INCLUDE_DIR) "),
    # alone not fatal (CMake goes on), but without pkg-config FindLIBUSB finds no libusb either
    Msg(None, r"^-- Could NOT find PkgConfig \(missing: PKG_CONFIG_EXECUTABLE\)", "strong",
        example="-- Could NOT find PkgConfig (missing: PKG_CONFIG_EXECUTABLE) "),
    Msg("tool_missing", r"^ERROR: Unknown command: (?P<command>load|save|erase|verify|reboot)\b", "strong", fail=True,
        attrs={"name": _LIBUSB_DEV, "text": "development files of libusb-1.0 (this picotool was built without them: no USB commands)"},
        example="ERROR: Unknown command: load"),
    # (fw-tool s23) picotool, which the SDK 2.x runs on every build (UF2 output, signing, load maps): tools/Findpicotool.cmake
    # 2.0.0-2.2.0 warns "No installed picotool with version X found - building from source" when find_package() found no
    # installed picotool of that version (a binary on PATH is not a CMake package: picotool#147, fixed by installing it
    # with its CMake config), then fetches and builds it; tools/CMakeLists.txt pico_init_picotool() 2.0.0-2.2.0 stops with
    # "Incompatible picotool installation found: Requires version X, you have version Y" (CMake wraps the rest of the
    # line) and prints "No picotool found" when none could be had at all
    Msg("tool_missing", r"No installed picotool with version (?P<expected>[\w.-]+) found - building from source",
        strength="strong", fail=True, attrs={"via": "pico-sdk-picotool", "name": "picotool", "reason": "building_from_source"},
        src="pico-sdk 2.0.0-2.2.0 tools/Findpicotool.cmake (message WARNING)",
        example="  No installed picotool with version 2.0.0 found - building from source"),
    Msg("tool_missing", r"Incompatible picotool installation found:(?: Requires version (?P<expected>[\w.-]+)(?:, you have(?: version (?P<version>[\w.-]+))?)?)?",
        strength="strong", fail=True, attrs={"via": "pico-sdk-picotool", "name": "picotool", "reason": "version"},
        src="pico-sdk 2.0.0-2.2.0 tools/CMakeLists.txt pico_init_picotool() (message FATAL_ERROR)",
        example="  Incompatible picotool installation found: Requires version 2.1.1, you have"),
    Msg("tool_missing", r"^\s*No picotool found\s*$", strength="strong", fail=True,
        attrs={"via": "pico-sdk-picotool", "name": "picotool", "reason": "not_found"},
        src="pico-sdk 2.0.0-2.2.0 tools/CMakeLists.txt pico_init_picotool()", example="No picotool found"),
    # (rp-usb s10) picotool 2.2 main.cpp built_without_libusb_message, printed by `picotool version` and after an unknown command
    Msg("tool_missing", r"This version of picotool was compiled without USB support", "strong", fail=True,
        attrs={"name": _LIBUSB_DEV, "text": "development files of libusb-1.0 (this picotool was built without them: no USB commands)"},
        example="This version of picotool was compiled without USB support. Some commands are not available."),
    # (rp-usb s10, picotool #245) 2.x without libusb has only the file form of `info` (its synopsis ends in <filename>, no
    # [device-selection] form), so a bare `picotool info` fails on the missing file (clipp's "missing <filename>"); with
    # libusb the same command lists the BOOTSEL devices. The error alone is a usage error; with info's file-only synopsis
    # after it, it is the build without USB support (on_event)
    Msg("picotool_error", r"^ERROR: (?P<text>missing <filename>)\s*$", "weak", fail=True, example="ERROR: missing <filename>"),
    Msg(None, r"^\s*picotool(?:\.exe)? info (?:\[[^\]\n]{1,40}\] ){0,12}<filename>", "strong",
        example="    picotool info [-b] [-m] [-p] [-d] [--debug] [-l] [-a] <filename> [-t <type>]"),
)
# picotool's own command line as wrappers echo it (Arduino IDE, PlatformIO, VS Code tasks, OpenMV): the lines after it are its
PICOTOOL_COMMAND = group(
    "picotool 1.x-2.x command lines echoed by wrappers",
    Msg(None, r"(?:^|[/\\\"'\s])picotool(?:\.exe)?[\"']?\s+(?:load|info|reboot|verify|save|erase)\b", "strong",
        example='"/Users/u/Library/Arduino15/packages/rp2040/tools/pqt-picotool/1.5.0-b-03f2812/picotool" load "/tmp/sketch.ino.uf2" -f'),
    # picotool -f/-F found the device running an application that has no reset interface (no pico_stdio_usb, another USB
    # stack): it cannot reboot it into BOOTSEL; hold BOOTSEL by hand
    Msg("rp2040_app_mode", r"^ERROR: Unable to locate reset interface on the device", "strong", fail=True,
        example="ERROR: Unable to locate reset interface on the device"),
    # (thin-rp s15) arduino-pico 4.x platform.txt recipe.objcopy.uf2.pattern: `picotool uf2 convert X.elf X.uf2 --family rp2040`
    # (boards.txt build.uf2family: rp2040, or rp2350-arm-s / rp2350-riscv with --abs-block): the family the image is built for
    Msg("uf2_file_family", r"(?:^|[/\\\"'\s])picotool(?:\.exe)?[\"']?\s+uf2\s+convert\b.{0,600}?\s--family\s+(?P<family>rp2040|rp2350-arm-s|rp2350-arm-ns|rp2350-riscv|absolute|data|0x[0-9a-fA-F]{8})\b",
        "strong", example='"/home/u/.arduino15/packages/rp2040/tools/pqt-picotool/4.1.0-1aec55e/picotool" uf2 convert "/tmp/arduino/sketches/A1/Blink.ino.elf" "/tmp/arduino/sketches/A1/Blink.ino.uf2" --family rp2040'),
)
PIO_TOUCH = group(
    "maxgerhardt/platform-raspberrypi builder/main.py 2024-2025 (BeforeUpload: the 1200-baud touch, watched with `picotool info -d`, "
    "which counts only devices in BOOTSEL mode that picotool can open)",
    Msg(None, r"^Already found \d+ device\(s\) RPxxxx device in BOOTSEL mode", "strong",
        example="Already found 1 device(s) RPxxxx device in BOOTSEL mode, not trying to do 1200bps reset."),
    Msg(None, r"^Device rebooted into BOOTSEL mode successfully", "strong", example="Device rebooted into BOOTSEL mode successfully."),
    Msg(None, r"^No new RPxxxx device found yet, waiting", "strong", example="No new RPxxxx device found yet, waiting.."),
    Msg("rp2040_not_found", r"^Warning: Picotool did not detect any RPxxxx devices", "strong", fail=True, attrs={"state": "pio_touch"},
        example="Warning: Picotool did not detect any RPxxxx devices in BOOTSEL mode. Upload might fail."),
)
# (audit s8) what a source audit of picotool 1.1.0, 1.1.2, 2.0.0, 2.1.1, 2.2.0 (main.cpp, picoboot_connection/) found that no row
# knew, or that only the catch-all `ERROR: ...` row or the command-line row took; the words are ours, the examples fill in formats
PICOTOOL_AUDIT = group(
    "picotool 1.1-2.2 main.cpp (forced reboot, verify, the reboot notes) and picoboot_connection.c (the PICOBOOT transfer); examples from the source's formats",
    # 1.1.x `-f`/`-F`: the application's USB serial (reset) interface was found but picotool may not open it: Linux
    # permissions (udev rule), Windows without a WinUSB driver on that interface (Zadig); 2.x words it as "unable to connect"
    Msg("usb_access_denied", r"^ERROR: Unable to access device to reboot it; (?:Use sudo or setup a udev rule|Make sure there is a driver installed via Zadig)",
        "strong", fail=True, example="ERROR: Unable to access device to reboot it; Use sudo or setup a udev rule"),
    # 2.x on Windows: -f cannot reboot an RP2040 that runs an application (a BOOTSEL button or `picotool reboot -f -u` first)
    Msg("picotool_error", r"^ERROR: (?P<text>Forced commands do not work with RP\w* on Windows)", "strong", fail=True,
        example="ERROR: Forced commands do not work with RP2040 on Windows - you can force reboot into BOOTSEL mode via 'picotool reboot -f -u' instead."),
    # 2.x `info`/`load` on RP2350: an image without the block loop the RP2350 boot ROM looks for (built for the RP2040, or by
    # an SDK before 2.0) is written but never starts
    Msg("image_not_bootable", r"^WARNING: Binary on RP2350 device does not contain a block loop", "strong", fail=True,
        example="WARNING: Binary on RP2350 device does not contain a block loop - this binary will not boot"),
    Msg("picotool_rebooted", r"^The device was (?:asked to reboot into|rebooted into) application mode", "strong",
        example="The device was rebooted into application mode."),
    Msg(None, r"^The device was rebooted into BOOTSEL mode|^Waiting for device to reboot|^No ranges to verify|^Downloading into partition \d+:"
        r"|^FAILED\s*$", "none", example="The device was rebooted into BOOTSEL mode."),
    Msg("picotool_verified", r"^Verified OK\s*$", "none", example="Verified OK"),
    # picoboot_connection.c prints these whatever the verbosity (Klipper's lib/rp2040_flash copy too): a PICOBOOT command or
    # its data transfer failed on the bus (with libusb's negative code: -7 time-out, -4 gone, -9 pipe)
    Msg("picotool_error", r"^(?:Get status failed|\.\.\.\s*failed(?: to (?:send command|receive data|send data) -?\d+)?\s*(?:\d+/\d+)?\s*$|failed to read memory(?: at 0x[0-9a-fA-F]+)?\s*$"
        r"|Error reading binary info)", "none", fail=True, example="...failed to send command -7"),
    # with -v only: what picoboot_open_device() met on each device it tried (the summary line after it is the finding)
    Msg(None, r"^(?:Failed to read (?:device|config) descriptor|Failed to open device -?\d+|Did not find PICOBOOT interface|Found PICOBOOT interface"
        r"|Failed to claim interface\s*$)", "none", example="Failed to open device -3"),
    # (audit s11) picotool master after 2.2 (2.3.0, 2026-07: main.cpp get_single_bootsel_device_connection): an RP2350 in
    # BOOTSEL whose ROM loaded no partition table although flash holds one (a custom board without the series resistor on
    # the BOOTSEL button, or OTP flags asking for a hashed/signed table), or whose table fails its hash or signature:
    # picotool warns that what it does next may go wrong; the cause is not settled by the line
    Msg("picotool_error", r"^WARNING: (?P<text>Device has (?:no partition table loaded, but has a|an incorrectly hashed/signed) partition table at the start of flash)",
        "strong", fail=True, example="WARNING: Device has no partition table loaded, but has a partition table at the start of flash."),
    Msg(None, r"^\s*This (?:may cause picotool to behave unpredictably|could be due to using a custom board which is missing the resistor)", "none",
        example="         This may cause picotool to behave unpredictably."),
)
# the build's and the command line's rows come first: picotool's catch-all `ERROR: ...` row must not take their lines
# (healthy s17) a 1200-baud touch done with pyserial's miniterm before picotool (a CMake or make `flash` target:
# `python -m serial --dtr 0 /dev/ttyACM0 1200 || true && picotool load -v ...`): an application with pico_stdio_usb reboots
# into BOOTSEL as the port opens at 1200 baud, so miniterm's next ioctl on the vanished tty fails and Python prints a
# traceback (EPROTO/EIO/EPIPE). A load that then writes or verifies shows the touch worked: on_event overcomes it as a wait
PYSERIAL_TOUCH = group(
    "pyserial 3.0-3.5 serial/tools/miniterm.py main() ('--- forcing DTR {}') and serial/serialposix.py (open(), "
    "_update_dtr_state/_update_rts_state: fcntl.ioctl TIOCMBIS/TIOCMBIC; _reconfigure_port: 'Could not configure port: {}')",
    Msg(None, r"^--- forcing (?:DTR|RTS) (?:in)?active\s*$", "none", example="--- forcing DTR inactive"),
    Msg(None, r"^Traceback \(most recent call last\):", "none", example="Traceback (most recent call last):"),
    Msg(None, r'serial[/\\]serialposix\.py", line \d+, in (?P<pyframe>open|_update_dtr_state|_update_rts_state|_reconfigure_port)\b', "none",
        example='  File "/home/noah/.virtualenvs/default/lib/python3.10/site-packages/serial/serialposix.py", line 715, in _update_dtr_state'),
    Msg(None, r"^(?:OSError|BrokenPipeError): \[Errno (?:5|32|71)\] (?:Input/output error|Broken pipe|Protocol error)\s*$"
        r"|^(?:serial\.serialutil\.)?SerialException: Could not configure port: \((?:5|71), '(?:Input/output error|Protocol error)'\)", "none",
        example="OSError: [Errno 71] Protocol error"),
)
MESSAGES = rows_of(PICOTOOL_AUDIT, PICOTOOL_BUILD, PICOTOOL_COMMAND, MESSAGES, UF2CONV, UF2CONV_TRACEBACK, RP2040LOAD, PIO_TOUCH,
                   PYSERIAL_TOUCH)

# UF2 family ids (microsoft/uf2 utils/uf2families.json; pico-sdk boot/uf2.h): picotool names them, UF2 blocks carry the number
UF2_FAMILIES = {
    0xE48BFF55: "cyw43-firmware",
    0xE48BFF56: "rp2040",
    0xE48BFF57: "absolute",
    0xE48BFF58: "data",
    0xE48BFF59: "rp2350-arm-s",
    0xE48BFF5A: "rp2350-riscv",
    0xE48BFF5B: "rp2350-arm-ns",
}
# the chip each family's code runs on (absolute/data: any RP2350 partition that accepts them)
FAMILY_CHIP = {"rp2040": "rp2040", "rp2350-arm-s": "rp2350", "rp2350-arm-ns": "rp2350", "rp2350-riscv": "rp2350"}


# not-found events of wrappers that wait for the board and may still find it later in the same run
_WAITS = ("rp2040load", "pio_touch", "serial_touch")


def _rp2350_only(addr: str, end: bool = False) -> bool:
    """Whether an address lies where only an RP2350 has memory (RP2040 datasheet 2.2 / RP2350 datasheet 2.2 address maps):
    SRAM 0x20042000-0x20081fff (the RP2040's SRAM ends at 0x20042000, the RP2350's SRAM8/9 at 0x20082000) or XIP
    0x11000000-0x11ffffff (the RP2350's second chip select, PSRAM; the RP2040's XIP window is 16 MiB)."""
    try:
        a = int(addr, 16) - (1 if end else 0)  # an end address is exclusive
    except ValueError:
        return False
    return 0x20042000 <= a < 0x20082000 or 0x11000000 <= a < 0x12000000


def family_name(value: str) -> str:
    """picotool's name of a family given as its name or as a hex number (0xe48bff56 -> rp2040)."""
    v = value.strip("'\"").lower()
    if v.startswith("0x"):
        try:
            return UF2_FAMILIES.get(int(v, 16), v)
        except ValueError:
            return v
    return v


@register
class PicotoolParser(TableParser):
    name = "picotool"
    namespace = "flash"
    hints = ("bootsel", "picotool", "rp20", "rp23", "rp-series", "loading into", "verifying", "reboot", "error:", "ok", "family",
             "tracking device", "target chip", "uf2", "no drive", "rpi-rp2", "resetting", "udisksctl", "drive list", "get_drives",
             "rp2040load", "rp2040tools", "libusb", "could not find pkgconfig",
             "unknown command", "reset interface", "rpxxxx",
             "deploy", "family id needs", ".....................",  # (audit s8) uf2conv.py's wait for the drive and its family usage error
             "partition table at the start", "behave unpredictably", "custom board which",
             "forcing dtr", "forcing rts", "traceback", "serialposix", "[errno", "could not configure port",  # (healthy s17) pyserial's touch
             "flashing ")  # (nrf-lora-zmk s12) uf2conv.py's "Flashing <drive> (<Board-ID>)" of any UF2 bootloader  # (audit s11) picotool 2.3's partition-table warning
    messages = MESSAGES
    event_kinds = ("rp2040_not_found_after_reboot", "rp2040_waited", "reboot_failed", "uf2_family_mismatch", "serial_touch_error")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.s: dict[str, Any] = {}
        self.tb: dict[str, Any] = {}  # a uf2conv.py traceback out of get_drives(): program name, subprocess frames, last line
        self.waits: list[dict[str, Any]] = []  # events of a wait (state in _WAITS) not yet overcome by a later load
        self.pytb: dict[str, Any] = {}  # a Python traceback in the block: its first line, and whether pyserial's port code raised it

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if any(row is r for r in PYSERIAL_TOUCH):
            self._serial_touch(row, m, lineno, line)
            return
        if ev is None and row is PICOTOOL_COMMAND[0]:
            # (rp2040-pico s9) a post with the command and its answer on one line (`When I run .\picotool.exe load x.uf2 --bus 2
            # --address 12 I get back "No accessible RP2040 device ..."`): the command row took the line, the answer is in it
            miss = _MISSING_RE.search(line, m.end())
            if miss:
                at = {k: to_int(v) for k, v in (("bus", miss.group("bus")), ("address", miss.group("address"))) if v}
                self.event("rp2040_not_found", lineno, line, fail=True, **at)
            return
        if ev is None:
            g = m.groupdict()
            chip = g.get("chip")
            if chip:
                self.s.setdefault("mcu", chip.lower())
            if "<filename>" in line and " info " in line and any(e["kind"] == "picotool_error" and e.get("text") == "missing <filename>"
                                                                for e in self.events[-3:]):
                # `info` asked for a file and offers no device form: this picotool has no USB support (built without libusb)
                self.event("tool_missing", lineno, line, fail=True, name=_LIBUSB_DEV,
                           text="development files of libusb-1.0 (this picotool was built without them: no USB commands)")
                return
            if "You may need to install a driver via Zadig" in line and self.events \
                    and self.events[-1]["kind"] == "rp2040_not_found_after_reboot":
                self._after_reboot_needs_driver(self.events[-1])
            if "in get_drives" in line:
                self.tb = {"lineno": lineno, "line": line}
            elif self.tb and g.get("prog"):
                self.tb["name"] = g["prog"]
            elif self.tb and g.get("frame"):
                self.tb["subprocess"] = True
            elif self.tb and "CalledProcessError" in line:
                self.tb["done"] = True
            elif self.tb and self.tb.get("subprocess") and "Error" in line and not self.tb.get("done"):
                # the program get_drives() runs could not be started: it is not installed (FileNotFoundError, WinError 2)
                self._drive_tool_missing(lineno, line)
            return
        if ev["kind"] == "tool_missing" and any(e is not ev and e["kind"] == "tool_missing" and e.get("name") == ev.get("name")
                                                for e in self.events):
            self.events.pop()  # CMake's "Could NOT find LIBUSB" and picotool's own FATAL_ERROR: one missing library
            return
        if ev.get("state") in _WAITS:
            self.waits.append(ev)
        if ev["kind"] in ("picotool_progress", "picotool_verified") and self.waits:
            # the board was found after all (rp2040load's last try, PlatformIO's warning before a load that worked): it was
            # a wait, not a failure; the line stays as an overcome wait so the failure scan does not quote it either.
            # Each wait is overcome once (a long load's thousands of progress lines do not look back at every event).
            for e in self.waits:
                if e["kind"] == "rp2040_not_found":
                    e["kind"] = "rp2040_waited"
                    e["retried"] = True
                    e.pop("fail", None)
                elif e["kind"] == "serial_touch_error":
                    e["retried"] = True
                    e.pop("fail", None)
            self.waits.clear()
        if ev.get("family"):
            ev["family"] = family_name(ev["family"])
            built_for = FAMILY_CHIP.get(ev["family"])
            if built_for:
                ev["built_for"] = built_for
        chip = ev.pop("chip", None)
        if chip:
            ev["mcu"] = chip.lower()
        kind = ev["kind"]
        if kind == "segment_out_of_range" and (_rp2350_only(ev.get("addr", "")) or _rp2350_only(m.group(2) or "", end=True)):
            ev["built_for"] = "rp2350"  # SRAM past the RP2040's 264 KiB, or XIP past its 16 MiB (the RP2350's PSRAM window)
        if kind == "picotool_error" and self.s.get("loaded") and re.match(r"ERROR: (?:Communication with|The) RP", line.lstrip()):
            # (thin-rp s15) picotool 1.0-2.3 main.cpp load_guts(): after the last block is written (and verified with -v) the only
            # PICOBOOT command left is the reboot of -x (con.reboot / reboot2) or of -f's reboot back into the application; its
            # failure is caught at the top ("ERROR: Communication with RP2040 device failed", "... returned an error: ...")
            # before "The device was rebooted to start the application.": the image is in flash
            ev["kind"] = "reboot_failed"
            ev["command"] = "reboot"
            ev.pop("fail", None)
        self.s.pop("loaded", None)
        if kind == "usb_access_denied":
            ev["text"] = "zadig" if "Zadig" in line else "permissions"
        elif kind == "picotool_progress":
            if ev.get("name") == "Loading into":
                self.s["written"] = True
                if "100%" in line:
                    self.s["loaded"] = True  # the load completed; a verify's progress (not yet OK) ends it below
        elif kind == "picotool_verified":
            self.s["verified"] = True
            if self.s.get("written"):
                self.s["loaded"] = True
        elif kind == "rp2040_not_found" and line.lstrip().startswith("Despite"):
            # picotool asked the running application to reboot into BOOTSEL (its reset interface answered) and then found no
            # BOOTSEL device with the serial number it tracks: the board did reboot in the threads that show it (dmesg lists
            # RP2 Boot), but under another serial (no_flash binaries, clones, custom USB ids): not a missed BOOTSEL button
            ev["kind"] = "rp2040_not_found_after_reboot"
            ev["state"] = "after_reboot"
            serial = re.search(r"with serial number (\S+?)\.?(?:\s|$)", line)
            if serial:
                ev["serial"] = serial.group(1)
            if "Zadig" in line:
                self._after_reboot_needs_driver(ev)

    @classmethod
    def deferred_row(cls, row: Msg) -> bool:
        """(bulk path) A progress line, once a load has written and no wait is left to overcome, only sets `loaded` from its
        own percentage (on_event): after a run of them the last one's counts."""
        return row.kind == "picotool_progress"

    def defer_now(self) -> bool:
        return not self.waits and bool(self.s.get("written"))

    def _serial_touch(self, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        """pyserial's traceback out of a 1200-baud touch (PYSERIAL_TOUCH): its first line and its last become a wait that a
        later load overcomes (on_event); a traceback pyserial's port code did not raise is left to the failure scan."""
        text = line.strip()
        if text.startswith("Traceback"):
            self.pytb = {"lineno": lineno, "line": line}
        elif m.groupdict().get("pyframe") and self.pytb:
            self.pytb["serial"] = True
        elif self.pytb.get("serial") and not text.startswith("---"):
            for at, said in ((int(self.pytb["lineno"]), str(self.pytb["line"])), (lineno, line)):
                self.waits.append(self.event("serial_touch_error", at, said, fail=True, state="serial_touch"))
            self.pytb = {}

    @staticmethod
    def _after_reboot_needs_driver(ev: dict[str, Any]) -> None:
        # picotool 2.x on Windows adds the Zadig note when it forced an RP2040 into BOOTSEL: the board did reboot, and the
        # BOOTSEL device (all interfaces enabled) has no WinUSB driver, so picotool cannot open it
        ev["kind"] = "usb_access_denied"
        ev["text"] = "zadig"

    def _drive_tool_missing(self, lineno: int, line: str) -> None:
        name = self.tb.get("name") or "wmic"
        self.event("tool_missing", lineno, line, fail=True, name=name,
                   text="uf2conv.py's get_drives() could not start it to list the drives")
        self.tb["done"] = True

    def finish(self) -> dict[str, Any]:
        if self.tb.get("subprocess") and not self.tb.get("done"):
            # a traceback cut off inside subprocess while get_drives() started its program: the start failed (the
            # only exceptions raised there are the program missing or not executable); the paste ends before the message
            self._drive_tool_missing(int(self.tb["lineno"]), str(self.tb["line"]))
        return super().finish()

    def summary(self) -> dict[str, Any]:
        s = dict(self.s)
        s.pop("loaded", None)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        elif any(e["kind"] == "reboot_failed" for e in self.events):
            pass  # written, not started: neither a failed nor a finished load
        elif s.get("written") or any(e["kind"] == "picotool_rebooted" for e in self.events):
            s["success"] = True
        return s
