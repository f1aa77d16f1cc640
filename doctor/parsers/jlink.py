"""SEGGER J-Link (J-Link Commander `JLinkExe`, `JLinkGDBServer`, J-Link 6.x-8.x) and Nordic's nrfjprog (9.x-10.x,
also as `west flash`'s nrfjprog runner), as a message table.

Facts: a run under `openocd.runs` (the debug-probe namespace shared with OpenOCD and pyOCD, with the same
event kinds where the meaning is the same) with tool `jlink` or `nrfjprog`: the probe found or not, the
target voltage it measures on VTref, a target that does not answer, access-port / readback protection,
a finished download. Nothing here is copied from SEGGER's or Nordic's programs: the rows describe the
messages as users paste them (their wording is stable across releases).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of


def _volts(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


_V = (("voltage", _volts),)

JLINK = "J-Link Commander / GDB Server 6.x-8.x"
NRFJPROG = "nrfjprog 9.x-10.x (and west flash's nrfjprog runner)"

MESSAGES = rows_of(
    group(
        JLINK + ": banner, probe and target voltage",
        # (debug-probes s9) Zephyr's jlink runner of 2019 (zephyr#15829), before the command-line rows that name the program
        Msg("tool_missing", r"FATAL ERROR: (?P<name>JLink(?:\.exe|Exe|GDBServer\S*)) is not installed or cannot be found", strength="strong",
            fail=True, example="FATAL ERROR: JLink.exe is not installed or cannot be found"),
        Msg(None, r"SEGGER J-Link (?:Commander|GDB Server) V(?P<version>\S+)", strength="strong",
            example="SEGGER J-Link Commander V7.96g (Compiled May  8 2024 15:00:40)"),
        Msg(None, r"(?:^|(?<=[\s$#>/]))JLink(?:Exe|GDBServer(?:CL)?(?:Exe)?)(?:\.exe)?(?:\s|$)", strength="strong",
            example="minasm@lambda-quad:~$ JLinkExe"),
        Msg("adapter_open_failed", r"Connecting to J-Link via USB\.\.\.\s*FAILED|Cannot connect to J-Link|Connecting to J-Link failed",
            strength="strong", fail=True, example="Connecting to J-Link via USB...FAILED: Cannot connect to J-Link."),
        # (debug-probes s9) J-Link DLL 6.x-8.x firmware update/restoration: the probe booted its bootloader ("... compiled Jun 3
        # 2015 BTL": no valid firmware on it) and the firmware written did not come up, or the update itself failed (J-Link OB
        # on Nordic DKs: "ERROR: Firmware update failed."); the probe, not the host or the target (SEGGER forum 6969, 7436)
        Msg("probe_bootloader", r"(?:Replacing|Current) firmware: J-Link .{1,60}\bBTL\b", strength="strong",
            example="Replacing firmware: J-Link V10 compiled Jun 3 2015 BTL"),
        Msg("probe_firmware_broken", r"The connected J-Link is running in bootloader mode|Could not read J-Link capabilities|"
            r"^(?:ERROR: )?Firmware update failed\.?$", strength="strong", fail=True,
            example="Could not read J-Link capabilities."),
        # (audit-probes s18) J-Link DLL 6.x-8.x (Commander, GDB Server, and the IDEs that load it: Keil, IAR, Embedded Studio):
        # the DLL took the probe's firmware for a clone's or a damaged one (V8/V9/OB copies, a probe flashed outside SEGGER's
        # updater) and says so in a dialog; the session may go on: in a run that did not end in a finished download, SWD008's
        # rule names the probe; after one, it was only a warning
        Msg("probe_clone", r"The connected J-Link is defective|The connected probe appears to be a J-Link clone", strength="strong", benign=True,
            src=JLINK + " (audit-probes s18; the DLL's dialog text as users quote it)",
            example="The connected J-Link is defective. Proper operation cannot be guaranteed."),
        Msg(None, r"Connecting to J-Link via USB\.\.\.", strength="strong", example="Connecting to J-Link via USB...O.K."),
        # nrfjprog, pynrfjprog and nRF Connect load SEGGER's JLinkARM library: without the J-Link software package it is missing
        Msg("tool_missing", r"JLINKARM_DLL_(?:NOT_FOUND|COULD_NOT_BE_OPENED)|Errorcode: CouldNotOpenDLL|JLinkARM\.dll (?:not found|could not be (?:found|opened))|"
            r"libjlinkarm\.so[.\d]*: cannot open", strength="strong", fail=True, attrs={"name": "JLinkARM (SEGGER J-Link software)"},
            example="Error while probing devices: Error occured when get serial numbers. Errorcode: CouldNotOpenDLL (0x7) Lowlevel error: JLINKARM_DLL_NOT_FOUND (ffffff9c)"),
        # (devboards s21) pylink (Zephyr's west jlink runner, nrf tools, pyOCD's J-Link backend) opens SEGGER's library beside the
        # J-Link executable it found, or where its own search guessed: FileNotFoundError naming JLink_x64.dll / JLinkARM.dll /
        # libjlinkarm.so / libjlinkarm.dylib when no SEGGER J-Link package is there (zephyr#51825: OpenJDK's own jlink.exe on
        # PATH, the library sought in the JDK's bin; zephyr#48626 / west#601: a renamed library after a J-Link update)
        Msg("tool_missing", r"No such file or directory: '[^']*?(?:JLink(?:_x64|ARM)?\.dll|libjlinkarm[^'/\\]*?\.(?:so|dylib)[.\d]*|jlinkarm\.so[.\d]*)'",
            strength="strong", fail=True, attrs={"name": "SEGGER J-Link software (its JLink library)"},
            src="pylink 0.x-1.x library.py Library.load() opening the SEGGER J-Link library (via Zephyr west runners/jlink.py)",
            example="FileNotFoundError: [Errno 2] No such file or directory: 'C:\\Program Files\\Eclipse Adoptium\\jdk-11.0.16.101-hotspot\\bin\\JLink_x64.dll'"),
        # (reviewfix3 s21) the sibling: pylink's JLink() found no SEGGER library at all (its Library search came back empty) and
        # raises "TypeError: Expected to be given a valid DLL." (pylink 0.x-1.x jlink.py JLink.__init__)
        Msg("tool_missing", r"\bTypeError: Expected to be given a valid DLL\b", strength="strong", fail=True,
            attrs={"name": "SEGGER J-Link software (its JLink library)"},
            src="pylink 0.x-1.x jlink.py JLink.__init__ with no J-Link library found",
            example="TypeError: Expected to be given a valid DLL."),
        # status lines of every J-Link Commander session that read like failures but are not: probes without an uptime
        # counter (EDU, OB, reflashed ST-Links) and a command file connecting on its first command
        Msg(None, r"J-Link uptime \(since boot\): N/A \(Not supported by this model\)|(?:J-Link|Target) connection not established yet but "
            r"required for command", strength="strong", benign=True, example="J-Link uptime (since boot): N/A (Not supported by this model)"),
        # (healthy s7) J-Link Commander on a Linux host without a display (SSH, a Pi): the DLL starts its Qt GUI helper for
        # dialogs (license, unsecure prompts), which cannot reach an X server and whose Qt cannot load ICU; the command-line
        # work goes on ("Flash download: ... O.K."). Not a failure of the flash or the connection
        Msg(None, r"JLinkGUIServerExe: cannot connect to X server|^\s*Unable to load library icu\w* \"Cannot load library icu|"
            r"^\s*qt\.qpa\.xcb: could not connect to display", strength="strong", benign=True,
            example="JLinkGUIServerExe: cannot connect to X server"),
        Msg("adapter_found", r"^(?:\s*-\s*)?(?:Probe/ Programmer firmware|Firmware): (?P<version>J-Link .+?) compiled", strength="strong",
            attrs={"adapter": "jlink"}, example="Firmware: J-Link EDU Mini V1 compiled Mar 28 2023 17:01:59"),
        Msg("target_voltage", r"\bVTref\s*=\s*(?P<voltage>\d+(?:[.,]\d+)?)\s*V", strength="strong", convert=_V, example="VTref=0.530V"),
        Msg("target_voltage", r"\bVTarget\s*=\s*(?P<voltage>\d+(?:[.,]\d+)?)\s*V", convert=_V, example=" - VTarget = 3.167V"),
        Msg("target_voltage_low", r"Target voltage too low", strength="strong", fail=True,
            example="Target voltage too low. Please check https://wiki.segger.com/J-Link_cannot_connect_to_the_CPU#Target_connection."),
        # J-Flash / J-Link DLL 4.x-6.x: the probe measured no voltage on VTref (pin 1) after connecting: its level shifters
        # have no reference (the target's supply is not wired to VTref, or the target is unpowered)
        Msg("target_voltage_low", r"Supply voltage too low, disconnecting target", strength="strong", fail=True,
            example="WARNING: Supply voltage too low, disconnecting target!"),
    ),
    group(
        JLINK + ": connecting to the target",
        Msg(None, r"Connecting to target via (?:SWD|JTAG|cJTAG)", strength="strong", example="Connecting to target via SWD"),
        Msg(None, r"^Device \"[^\"]+\" selected\.", strength="strong", example='Device "NRF52833_XXAA" selected.'),
        Msg(None, r"^(?:\s*-\s*)?InitTarget\(\) (?:start|end)", strength="strong", example="InitTarget() start"),
        # J-Link 7.x-8.x InitTarget of STM32 devices: the first attach failed and the script goes on to connect under reset on
        # the same line; what follows says whether that worked ("Found SW-DP ...", or a failure line): not a failure itself
        Msg(None, r"(?:Can not|Failed to) attach to CPU\. Trying connect under reset", strength="strong", benign=True,
            example="Can not attach to CPU. Trying connect under reset."),
        # (healthy2 s9) the GDB server answering GDB's read of 0xFFFFF000 and above (a Cortex-M EXC_RETURN value, 0xFFFFFFFx,
        # read while GDB unwinds the stack past an exception frame): normal in a debug session; any other address stays
        Msg(None, r"Failed to read memory @ address 0x(?:00000000)?[fF]{5}[0-9a-fA-F]{3}\b", benign=True,
            example="WARNING: Failed to read memory @ address 0xFFFFFFFE"),
        Msg("dp_connect_failed", r"Could not connect to the target device|Cannot connect to target\.?$|Could not establish a connection to target|"
            r"Could not connect to target\.|Connecting to target failed|Failed to attach to CPU", strength="strong", fail=True,
            example="Error occurred: Could not connect to the target device."),
        Msg("dp_connect_failed", r"Failed to initiali[sz]ed? DAP|Can not attach to CPU|ERROR: Failed to connect\.", strength="strong", fail=True,
            example="Error: Failed to initialized DAP."),
        # (intl-stm32 s7) J-Link DLL 4.x in JTAG mode (Keil's "JLink Info"/"JLink Error" lines): the scan chain read back nothing
        # ("Could not measure total IR len. TDO is constant high.", then "Could not find supported CPU core on JTAG chain"):
        # no core answered: the firmware reuses the JTAG/SWD pins (booting the ROM with BOOT0 recovered it), wiring or power
        Msg("dp_connect_failed", r"Could not find supported CPU core on JTAG chain|Could not measure total IR len\. TDO is constant (?:high|low)",
            strength="strong", fail=True, example="***JLink Error: Could not find supported CPU core on JTAG chain"),
        # the second attempt of the same script (J-Link Commander "Connection to CPU via connect under reset failed", J-Flash
        # "ERROR: STM32: Connecting to CPU via connect under reset failed."): neither a normal attach nor one under reset reached the core
        Msg("dp_connect_failed", r"Conn(?:ection|ecting) to CPU via connect under reset failed", strength="strong", fail=True,
            example="Connection to CPU via connect under reset failed"),
        # (swd s21) J-Link DLL 4.x-6.x auto-detection when a connect finds nothing ("No devices found on JTAG chain. Trying to
        # find device on SWD.", "No device found on SWD.", "Did not find any core.", "Failed to identify target. Trying again
        # with slow (4 kHz) speed."; as one line or several, J-Link Commander, Keil's "JLink Info" pane, SEGGER forum thread
        # 1345, Nordic DevZone 1304): the probe ran and no debug port answered on its lines, like "Cannot connect to target."
        # below. Rows in our own words from the messages as users paste them (SEGGER's DLL is closed source)
        # (reviewfix s21) not the first try of the auto-detection that goes on ("No devices found on JTAG chain. Trying to
        # find device on SWD.", "Failed to identify target. Trying again with slow (4 kHz) speed."): the next lines say
        # whether it found a core ("Found SW-DP with ID ...") or failed again (a row of this one on its own)
        Msg("dp_connect_failed", r"No devices? found on SWD\b|No devices? found on JTAG chain\b(?!\.? *Trying to find)|Did not find any core\b"
            r"|Failed to identify target\b(?!\.? *Trying again)",
            strength="strong", fail=True, src=JLINK + " 4.x-6.x auto-detection (swd s21; SEGGER forum 1345, Nordic DevZone 1304)",
            example="No devices found on JTAG chain. Trying to find device on SWD. No device found on SWD. Did not find any core."),
        Msg(None, r"No devices? found on JTAG chain\.? *Trying to find device on SWD\.?\s*$", strength="strong", benign=True,
            src=JLINK + " 4.x-6.x auto-detection, a try that goes on (reviewfix s21)",
            example="JLink Info: No devices found on JTAG chain. Trying to find device on SWD."),
        Msg(None, r"Failed to identify target\. *Trying again with slow \(\d+ kHz\) speed\.?\s*$", strength="strong", benign=True,
            src=JLINK + " 4.x-6.x auto-detection, a try that goes on (reviewfix s21)",
            example="Failed to identify target. Trying again with slow (4 kHz) speed."),
        # J-Link DLL/firmware that predate the chip's debug port architecture (a DPv2 part, DPIDR 0x6BA02477, read by an old
        # on-board J-Link firmware): it falls back to DPv0 and then finds no core; not a failure by itself
        Msg("dp_version_unknown", r"Unknown DP version\. Assuming DPv0", strength="strong",
            example="- Unknown DP version. Assuming DPv0"),
        # (debug-probes s9) J-Link firmware/DLL 4.x-8.x pin checks ("WARNING: RESET (pin 15) high, but should be low. Please
        # check target hardware.", "****** Error: TCK (pin 9) low, but should be high."): the probe drove the line and read
        # back the other level, so something on the board drives that line harder or it is shorted
        Msg("debug_pin_stuck", r"\b(?P<pin>RESET|TCK|TMS|TDI|TDO|TRST|SWCLK|SWDIO) \(pin ?(?P<num>\d+)\) (?P<level>high|low), but should be (?:high|low)",
            strength="strong", fail=True, example="WARNING: RESET (pin 15) high, but should be low. Please check target hardware."),
        Msg(None, r"Trying connect under reset|Connect failed\. Resetting via Reset pin", strength="strong",
            example="Connect failed. Resetting via Reset pin and trying again."),
        Msg("idcode", r"(?:Found SW-DP with ID|DPIDR:?)\s*(?P<idcode>0x[0-9A-Fa-f]{8})", convert=(("idcode", str.lower),),
            example="Found SW-DP with ID 0x2BA01477"),
        # (rank s20) the verdict pasted alone claims its line, so it is not silent: only J-Link's own sentence, not the phrase in prose
        Msg("flash_protected", r"^(?:\W{1,8} ?)?(?:\w+: )?Active read protection detected\.?\s*$", strength="weak", fail=True,
            example="Active read protection detected."),
        # (trim s22) the DLL's Kinetis security check and its core search, in words only SEGGER's DLL prints: they name the
        # tool in a paste cut below the banner (a log's tail), as its other lines ("Found SW-DP with ID", "InitTarget()") do not
        Msg("flash_protected", r"Protection bytes in flash at addr\. 0x[0-9A-Fa-f]+ - 0x[0-9A-Fa-f]+ indicate that readout protection is set",
            strength="strong", fail=True, example="Protection bytes in flash at addr. 0x400 - 0x40F indicate that readout protection is set."),
        Msg("flash_protected", r"(?i)active read protection|device is secured|is secured\b|APPROTECT|AP[- ]?protection is enabled|readout protection",
            fail=True, example="Can't read memory descriptors, ap-protection is enabled."),
        # (trim s22) the DLL goes on to unsecure it (the saved "unsecure" answer: a mass erase): the protection is overcome
        Msg(None, r"^Device will be unsecured now\.?\s*$", example="Device will be unsecured now."),
        # (trim s22) the DLL's core found, below it: the unsecure worked ("Found Cortex-M4 r0p1, Little endian.", "Cortex-M4 identified.")
        Msg(None, r"^(?:Found )?Cortex-M\d+\w* (?:r\d+p\d+, \w+ endian|identified)\.?\s*$", example="Cortex-M4 identified."),
        Msg(None, r"^J-Link>", strength="strong", example="J-Link>connect"),
        Msg(None, r"For troubleshooting steps visit: https://wiki\.segger\.com", strength="strong",
            example="For troubleshooting steps visit: https://wiki.segger.com/J-Link_Troubleshooting"),
    ),
    group(
        JLINK + ": flash download",
        # (trim s22) J-Link Commander's loadfile progress (V6+): "Programming flash   [100%] Done."
        Msg("program_finished", r"^Programming flash\s+\[100%\] Done\.?\s*$", example="Programming flash [100%] Done."),
        Msg("program_finished", r"J-Link: Flash download: (?:Total|Program & Verify)|Downloading file \[.*\]\.\.\.\s*O\.K\.", strength="strong",
            example="J-Link: Flash download: Total: 0.512s (Prepare: 0.041s, Compare: 0.001s, Erase: 0.228s, Program & Verify: 0.218s, Restore: 0.022s)"),
        # (swd s8) J-Link Commander loadbin/loadfile: the named file is no image it can read (a mistyped command line makes a
        # word of it the file name, "Downloading file [loadbin]..."; a .hex given to loadbin): nothing was downloaded
        Msg("tool_error", r"(?P<text>File is of unknown / supported format\.?)", strength="strong", fail=True,
            example="Downloading file [loadbin]...File is of unknown / supported format."),
        Msg("program_failed", r"Error while programming flash|Failed to program flash|(?<!Option Byte )Programming failed", strength="strong", fail=True,
            example="Error while programming flash: Programming failed."),
        # (healthy-intl s11) J-Flash / J-Link DLL 4.x-6.x test the target's RAM before loading their flash loader there: a
        # pattern is written ("Write: 0x03020100 07060504") and read back; "Read: 0x00000000 00000000" or 0xAAAAAAAA
        # is no data from the target at all although the connect step passed, and the erase/program/read-back after it
        # fails ("Failed to erase sectors"): SWDIO/JTAG lines miswired or too long for the speed (a ribbon end re-wired,
        # cnblogs lialong1st 7763528; SEGGER forum thread 75, fixed at 10 kHz), firmware that turned SWD off, an unpowered core
        Msg("ram_check_failed", r"RAM check failed @ address (?P<address>0x[0-9A-Fa-f]+)", strength="strong", fail=True,
            convert=(("address", lambda s: int(s, 16)),), example="- ERROR: RAM check failed @ address 0x20000000."),
    ),
    group(
        NRFJPROG + ": errors and results",
        Msg(None, r"^-- (?:west flash: using runner (?:nrfjprog|nrfutil|jlink)|runners\.(?:nrfjprog|nrfutil|jlink):)", strength="strong",
            example="-- west flash: using runner nrfjprog"),
        Msg(None, r"(?:^|[\s$#>])nrfjprog(?:\.exe)?\s+--?\w", strength="strong", example="$ nrfjprog --program app.hex -f nrf52 --sectorerase"),
        # (debug-probes s9) Zephyr's west flash/debug runners: scripts/west_commands/run_common.py (2019-2025) reports a
        # MissingProgram as "required program X not found; install it or add its location to PATH"; the jlink runner of
        # 2019 (zephyr#15829) "JLink.exe is not installed or cannot be found" / "JLinkGDBServer is not installed ..."
        Msg("tool_missing", r"FATAL ERROR: required program (?P<name>\S+) not found; install it or add its location to PATH", strength="strong",
            fail=True, example="FATAL ERROR: required program nrfjprog not found; install it or add its location to PATH"),
        # (fc-esp-nrf s11) west 0.1-0.5 (2018-2019, main.py `except Exception as exc: log.err(*exc.args, fatal=True)`; log.err
        # prints "fatal error: " and the args: a FileNotFoundError from subprocess is (2, "No such file or directory: 'X'"),
        # then `run as "west -v ... flash ..." for a stack trace`): the runner's program X is not installed (zephyr#8274)
        Msg("tool_missing", r"^fatal error: 2 No such file or directory: '(?:[^']*[/\\])?(?P<name>[\w.+-]+)'", strength="strong", fail=True,
            src="west 0.1-0.5 main.py/log.py (log.err(..., fatal=True) of an OSError's args)",
            example="fatal error: 2 No such file or directory: 'nrfjprog'"),
        # (usb-passthrough s13) nRF Connect for Desktop's device lister (pc-nrfconnect-launcher/-shared and their apps, 2018-
        # 2023: `Error while probing usb device at bus.address ${bus}.${addr}: ${error.message}. ` + on win32 "Please check
        # that a libusb-compatible kernel driver is bound to this device.", on Linux the udev-rules sentence, which the
        # LIBUSB_ERROR_ACCESS row reads): it probes every Nordic/SEGGER USB device and reports each one it cannot open. On
        # Windows a Nordic DFU bootloader (nRF52840 dongle) has no libusb-bound interface at all; the maintainers called the
        # line harmless there (pc-nrfconnect-launcher#208) and later stopped printing it for the bootloader
        Msg(None, r"Error while probing usb device at bus\.address \d+\.\d+(?:: LIBUSB_ERROR_\w+)?\. Please check that a libusb-compatible kernel driver is bound",
            strength="strong", benign=True, src="nRF Connect for Desktop 2.x-4.x device lister (Windows)",
            example="Error while probing usb device at bus.address 1.15: LIBUSB_ERROR_NOT_FOUND. Please check that a libusb-compatible kernel driver is bound to this device."),
        # (vendor-flash-utils s14) nRF Connect for Desktop's Programmer (pc-nrfconnect-programmer src/actions/targetActions.ts,
        # 2019-2022 openDevice): the selected device has none of the traits it programs (a J-Link, an MCUboot bootloader, a
        # Nordic USB DFU bootloader by its VID:PID). The log pane folds the template literal onto one line; on Linux and
        # macOS it adds "Please make sure J-Link Software and nrf-udev are installed"
        Msg("nrfconnect_unsupported_device", r"could not be recognized as\s+neither JLink device nor Nordic USB device", strength="strong",
            fail=True, src="pc-nrfconnect-programmer 1.x-3.x src/actions/targetActions.ts (openDevice)",
            example="Unsupported device. The detected device could not be recognized as neither JLink device nor Nordic USB device."),
        Msg(None, r"^Using runner: (?:nrfjprog|jlink|pyocd|openocd|dfu-util|bossac|nrfutil)\b|^run as \"west -v .{1,80}\" for a stack trace",
            strength="strong", src="Zephyr 1.12-1.13 make flash / west 0.1-0.5 runner and main.py", example="Using runner: nrfjprog"),
        # the runner started a program named "jlink" that is not SEGGER's: a JDK's jlink (the Java module linker) first on PATH
        # answers J-Link's options with its own usage (zephyr#20735)
        Msg("tool_missing", r"^Usage: jlink <options> --module-path <modulepath> --add-modules", strength="strong", fail=True,
            attrs={"name": "SEGGER J-Link (the jlink found first is the JDK's module linker)"},
            example="Usage: jlink <options> --module-path <modulepath> --add-modules <module>[,<module>...]"),
        Msg("flash_protected", r"unavailable due to readback protection|Please use --recover to unlock|Access protection is enabled|"
            r"ap-protection is enabled|readback protection", strength="strong", fail=True,
            example="ERROR: The operation attempted is unavailable due to readback protection in"),
        # (debug-probes s9) the same refusal in the nrfjprog DLL's error name (-90, 0xffffffa6) as nRF Connect for Desktop's
        # Programmer and nrf-device-lib print it, and nrfutil-device's "The Application core access port is protected"
        Msg("flash_protected", r"NOT_AVAILABLE_BECAUSE_PROTECTION|NotAvailableBecauseProtection|\bcore access port is protected\b",
            strength="strong", fail=True,
            example="Error when getting device info: Error: Error occured when get device info. Errorcode: CouldNotCallFunction (0x9) Lowlevel error: NOT_AVAILABLE_BECAUSE_PROTECTION (ffffffa6)"),
        # nrfjprog 9.x-10.x: the J-Link measured VTref below what the nRF needs (printed under "Unable to connect to a
        # debugger", which there names the target, not the probe); 10.1x+ also as a "[error] [ Worker] - ..." line
        Msg("target_voltage_low", r"Low voltage detected at (?:the )?target", strength="strong", fail=True,
            example="ERROR: Low voltage detected at the target. Please make sure the device is"),
        # (rust-zephyr-probes s13) nRF Command Line Tools errorcodes.h WrongFamilyForDeviceError (18, nrfjprog's exit status):
        # "The --family option given with the command (or the default from nrfjprog.ini) does not match the device
        # connected.", wrapped over two "ERROR: " lines: the family the command (a runner, a board package) names is not
        # the chip's (an nRF52833 module where the bootloader was built for the nRF52840). When the chip did not answer
        # at all ("unexpected debug port ID 0") nrfjprog says the same, so the FW002 rule leaves such runs out
        Msg("target_family_mismatch", r"The --family option given with the command", strength="strong", fail=True,
            src="nrfjprog 9.x-10.x errorcodes.h (WrongFamilyForDeviceError = 18)",
            example="ERROR: The --family option given with the command (or the default from"),
        Msg(None, r"^(?:ERROR: )?nrfjprog\.ini\) does not match the device connected\.|^(?:ERROR: )?does not match the device connected\.",
            strength="strong", src="nrfjprog 9.x-10.x errorcodes.h (WrongFamilyForDeviceError = 18)",
            example="ERROR: nrfjprog.ini) does not match the device connected."),
        Msg("adapter_open_failed", r"There is no debugger connected to the PC|Unable to connect to a debugger|No debuggers? (?:were )?found(?!\. Please check access rights)",
            strength="strong", fail=True, example="ERROR: There is no debugger connected to the PC."),
        # (audit-swd-rp-klipper s18) not picotool 1.1-2.x's "ERROR: Unable to connect to device" (no full stop: the BOOTSEL
        # device it listed could not be opened, picotool.py reads it)
        Msg("dp_connect_failed", r"ERROR: (?:Unable to|Could not) connect to (?:the )?(?:target|device(?!\s*$))", strength="strong", fail=True,
            example="ERROR: Unable to connect to target."),
        Msg("program_verified", r"^Verified OK\.?$|Programming and verification completed", strength="strong", example="Verified OK."),
        Msg(None, r"^(?:Parsing image file|Verifying programming|Applying system reset|Run\.|Erasing user available code and UICR flash areas)",
            strength="strong", example="Parsing image file."),
        # (audit-probes s18) nrfjprog 10.x's log (--log, west's output on failure) and pynrfjprog's APIError name the DLL's
        # return code (nrfjprogdll DllCommonDefinitions.h): "[error] [ Client] - Encountered error -11: Command
        # connect_to_device executed for N milliseconds with result -11", "An error was reported by NRFJPROG DLL: -11
        # CANNOT_CONNECT." -10/-13 no J-Link, -11 the target did not answer, -12 the target's supply too low, -90/-94 read-back
        # or block protection
        Msg("adapter_open_failed", r"\bEncountered error -1[03]: Command |\bEMULATOR_NOT_CONNECTED\b|\bNO_EMULATOR_CONNECTED\b",
            strength="strong", fail=True, src=NRFJPROG + " DllCommonDefinitions.h return codes (audit-probes s18; examples: the source's format filled in)",
            example="[error] [ Client] - Encountered error -13: Command enum_emu_snr executed for 12 milliseconds with result -13"),
        Msg("dp_connect_failed", r"\bEncountered error -11: Command |\bNRFJPROG DLL: -11 CANNOT_CONNECT\b", strength="strong", fail=True,
            src=NRFJPROG + " DllCommonDefinitions.h return codes (audit-probes s18; examples: the source's format filled in)",
            example="[error] [ Client] - Encountered error -11: Command connect_to_device executed for 1503 milliseconds with result -11"),
        Msg("target_voltage_low", r"\bEncountered error -12: Command |\bNRFJPROG DLL: -12 LOW_VOLTAGE\b", strength="strong", fail=True,
            src=NRFJPROG + " DllCommonDefinitions.h return codes (audit-probes s18; examples: the source's format filled in)",
            example="pynrfjprog.APIError.APIError: An error was reported by NRFJPROG DLL: -12 LOW_VOLTAGE."),
        Msg("flash_protected", r"\bEncountered error -9[04]: Command |\bNOT_AVAILABLE_BECAUSE_BPROT\b", strength="strong", fail=True,
            src=NRFJPROG + " DllCommonDefinitions.h return codes (audit-probes s18; examples: the source's format filled in)",
            example="[error] [ Client] - Encountered error -90: Command read_device_info executed for 11 milliseconds with result -90"),
        Msg("tool_error", r"^\[error\] \[\s*[\w ]+\] - (?P<text>.*)$", strength="strong", fail=True,
            example="[error] [ Client] - Encountered error -102: Command read_memory_descriptors executed for 15 milliseconds with result -102"),
        Msg("tool_error", r"^ERROR: (?P<text>.*)$", strength="weak", fail=True, example="ERROR: JLinkARM DLL reported an error."),
        Msg(None, r"^\[\s*[#=]*\s*\]\s+\d+\.\d+s \|", example="[ ######               ]   0.000s | Erase file - Check image"),
    ),
    group(
        JLINK + ": any other error line (its own words are the evidence)",
        Msg("tool_error", r"^(?:Error occurred|\*\*\*\*\*\* Error): ?(?P<text>.*)$", fail=True, example="****** Error: Could not find core in Coresight setup"),
        # (intl-d s7) the J-Link DLL's errors in Keil/IAR build output ("***JLink Error: <text>", spaces dropped by some mirrors):
        # any the rows above do not name is still a failure that GEN001 quotes, never silence
        Msg("tool_error", r"\*\*\* ?J-?Link ?Error: ?(?P<text>\S.*)$", strength="strong", fail=True,
            example="***JLink Error: Can not read register 15 (R15) while CPU is running"),
        # inside a J-Link block only: "Error: <text>" is also OpenOCD's, probe-rs's, PlatformIO's and many more tools' form,
        # and a weak claim here took their lone lines for J-Link's (an OpenOCD "Error: No STLINK found" quoted as J-Link's)
        Msg("tool_error", r"^Error: (?P<text>\S.*)$", fail=True, example="Error: Flash download failed"),
        # J-Flash's log pane: "- ERROR: <text>" lines (its other lines start "- ")
        Msg("tool_error", r"^- ERROR: (?P<text>\S.*)$", fail=True, example="- ERROR: Could not find core in Coresight setup"),
    ),
)


@register
class JlinkParser(TableParser):
    name = "jlink"
    namespace = "openocd"
    messages = MESSAGES
    hints = ("ir len", "did not find any core", "unable to load library icu", "j-link", "jlink", "segger", "vtref", "vtarget", "target voltage", "connect", "inittarget", "device", "dap", "cpu",
             "sw-dp", "dpidr", "protect", "secured", "flash", "download", "program", "nrfjprog", "runner", "debugger", "verif",
             "parsing", "reset", "erasing", "error", "run.", "[ ", "dp version", "but should be", "ram check",
             "because_protection", "becauseprotection", "access port is protected")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.tool: str | None = None
        self.unsecured_at: list[int] = []  # (trim s22) the lines of the DLL's "Device will be unsecured now."
        self.core_at: list[int] = []  # (trim s22) the lines of the DLL's "Cortex-M4 identified." (a core found)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if self.tool is None and row.src.startswith(("nrfjprog", "J-Link")):
            self.tool = "nrfjprog" if row.src.startswith("nrfjprog") else "jlink"
        if ev is None:
            if line.strip().startswith("Device will be unsecured now"):
                self.unsecured_at.append(lineno)
            elif "Cortex-M" in line:
                self.core_at.append(lineno)
            if g.get("version"):
                self.fields.setdefault("version", g["version"])
            return
        kind = ev["kind"]
        if kind == "target_voltage" and ev.get("voltage") is not None:
            self.fields["voltage"] = ev["voltage"]
        elif kind == "adapter_found" and ev.get("version"):
            self.fields.setdefault("programmer", str(ev["version"]))
        elif kind == "idcode" and ev.get("idcode"):
            self.fields.setdefault("chipid", ev["idcode"])
        elif kind == "tool_error":
            ev["text"] = (g.get("text") or "")[:200]

    def summary(self) -> dict[str, Any]:
        # (trim s22) a protection the run then got past to program the flash, or unsecured and found the core after, with
        # nothing failing below (not "Timeout while halting CPU" / "Could not find core", nor the protection again), was overcome
        for ev in self.events:
            if ev["kind"] != "flash_protected" or not ev.get("fail"):
                continue
            unsecured = [n for n in self.unsecured_at if n > ev["lineno"]]
            if any(e["kind"] in ("program_finished", "program_verified") and e["lineno"] > ev["lineno"] for e in self.events) or (
                    unsecured and any(n > unsecured[0] for n in self.core_at)
                    and not any(e is not ev and e.get("fail") and e["lineno"] > unsecured[0] for e in self.events)):
                overcome_event(ev, "protection_overcome", retried=True)
        s = dict(self.fields)
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        elif kinds & {"program_finished", "program_verified"}:
            s["success"] = True
            s["written"] = True
        return s

    def finish(self) -> dict[str, Any]:
        run = self.run(**self.summary())
        run["tool"] = self.tool or "jlink"
        return {self.namespace: {"runs": [run]}}
