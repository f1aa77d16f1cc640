"""pyOCD (0.1x to 0.4x: `pyocd list|flash|load|erase|gdbserver|commander`, the old `pyocd-flashtool` /
`pyocd-gdbserver`), as a message table.

Facts: a run under `openocd.runs` with tool `pyocd` (the debug-probe namespace: OpenOCD, pyOCD and J-Link
runs share it, and the event kinds where the meaning is the same, so one rule judges them all): no probe,
a probe it may not open, a target that does not answer (no ACK), a protected device, a finished load.
Log lines have the form `0000882 C message [module]` (0.29 and later) or `0000203:INFO:board:message`
(earlier); exceptions end a traceback as `pyocd.core.exceptions.TransferError: No ACK received`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._flashlog import sudo_contrast
from doctor.parsers._messages import Msg, TableParser, group, rows_of, to_int


_SUDO = re.compile(r"(?:^|[\s$#>])sudo\s+(?:-\S+\s+)*(?:\S*/)?(?:python3? -m )?pyocd")


def _lower(text: str) -> str:
    return text.lower()


MESSAGES = rows_of(
    group(
        "pyOCD 0.1x-0.4x pyocd/core/helpers.py, probe/*.py (finding and opening the probe)",
        Msg(None, r"(?:^|[\s$#>])(?:python3? -m )?pyocd(?:\.exe)?\s+(?P<command>(?:list|flash|load|erase|gdbserver|gdb|commander|cmd|reset|pack|rtt)\b.*)$",
            strength="strong", attrs={"field": "command"}, example="$ pyocd load -t stm32f103c8 ./miniblink.bin"),
        Msg(None, r"\b(?P<command>pyocd-(?:flashtool|gdbserver)\b.*)$", strength="strong", attrs={"field": "command"}, example="$ pyocd-flashtool -l"),
        # (healthy s7) Zephyr's `west flash` with the pyocd runner (scripts/west_commands/runners/pyocd.py): its progress lines,
        # and the warning it gives when the build made no .hex: it flashes the .bin instead (harmless; the pyOCD lines that
        # follow say whether the flash worked)
        Msg(None, r"^-- (?:west flash: using runner pyocd|runners\.pyocd:)", strength="strong", example="-- west flash: using runner pyocd"),
        Msg(None, r"^WARNING: runners\.\w+: hex file \(.*\) does not exist; falling back on \.bin", strength="strong", benign=True,
            example="WARNING: runners.pyocd: hex file (build/zephyr/zephyr.hex) does not exist; falling back on .bin (build/zephyr/zephyr.bin). Consider enabling CONFIG_BUILD_OUTPUT_HEX."),
        # (healthy2 s9) notes pyOCD logs on a normal connect: a DAPLink board id its board list lacks (board/mbed_board.py: the
        # target comes from -t or the probe), a ROM-table entry that is no CoreSight component (coresight/rom_table.py)
        Msg(None, r"Board ID \w+ is not recognized", benign=True,
            example="0000415 W Board ID 0720 is not recognized [mbed_board]"),
        Msg("tool_missing", r"\bpyocd(?:: command not found|: not found|' is not recognized)", strength="strong", fail=True,
            attrs={"name": "pyocd"}, example="bash: pyocd: command not found"),
        Msg("adapter_open_failed", r"No available debug probes are connected|No connected debug probes|No available boards are connected",
            strength="strong", fail=True, example="No available debug probes are connected"),
        Msg("adapter_open_failed", r"Waiting for a debug probe (?:matching unique ID '\S*' )?to be connected", strength="strong", fail=True,
            example="Waiting for a debug probe to be connected..."),
        # subcommands/load_cmd.py, reset_cmd.py, rtt_cmd.py: no session, because no probe was chosen (none there, or --no-wait)
        Msg("adapter_open_failed", r"No target device available", fail=True, example="0000163 E No target device available [load_cmd]"),
        # pyOCD's DeviceError texts (probe/pydapaccess dap_access_cmsis_dap.py, hidapi_backend.py, pywinusb_backend.py): "Unable to
        # open device: <exc>", "... with no interface", "... <serial>" (proxmark-sec s13: not sigrok's or spsdk's "Unable to open device")
        Msg("adapter_open_failed", r"\bProbe \S+ not found\b|Unable to open device(?:: | with no interface| [0-9A-Za-z]{6,}\b)", strength="weak", fail=True,
            example="0004258 C Probe 0daa9c0d0daa9c0d01 not found [__main__]"),
        # (daplink-mbed-particle s14) probe/pydapaccess/interface/pywinusb_backend.py open() on Windows: the CMSIS-DAP HID
        # interface could not be opened exclusively within OPEN_TIMEOUT_S, so "another process has locked this device" (its
        # comment); 0.8-0.2x ended in `assert False` (pyOCD#313: the maintainer read it so), since 5c90e5f1 "Timed out
        # attempting to open device <serial>"
        Msg("probe_busy", r"Timed out attempting to open device\b", strength="strong", fail=True,
            example="0000507:CRITICAL:__main__:Timed out attempting to open device 0240000034544e45001b00038b6c0003e0d1"),
        # (audit-probes s18) probe/pydapaccess/interface/pyusb_backend.py, pyusb_v2_backend.py 0.2x-0.45: the probe opened but
        # libusb would not let pyOCD claim its CMSIS-DAP interface (LIBUSB_ERROR_BUSY: another OpenOCD, pyOCD or IDE session
        # holds it)
        Msg("probe_busy", r"\bUnable to claim interface for probe \S+", strength="strong", fail=True,
            src="pyOCD 0.2x-0.45 pyocd/probe/pydapaccess/interface/pyusb_backend.py, pyusb_v2_backend.py (audit-probes s18; examples: the "
                "source's format filled in)",
            example="0000211 C Unable to claim interface for probe 0240000034544e45001b00038b6c0003e0d1 [__main__]"),
        Msg(None, r"pywinusb_backend\.py\"?, line \d+, in open\s*$", strength="strong", attrs={"field": "pywinusb_open"},
            example='  File "build\\bdist.win32\\egg\\pyOCD\\pyDAPAccess\\interface\\pywinusb_backend.py", line 93, in open'),
        Msg(None, r"^assert False$", attrs={"field": "assert_false"}, example="    assert False"),
        Msg("libusb_missing", r"probes are not supported because no libusb library was found|probes may not be detected because no libusb library",
            strength="strong", fail=True,
            example="0000671:WARNING:common:STLink and CMSIS-DAPv2 probes are not supported because no libusb library was found."),
        Msg("libusb_missing", r"No backend available", fail=True, example="0000775:CRITICAL:__main__:No backend available"),
        Msg("usb_access_denied", r"\[Errno 13\] Access denied|Access denied \(insufficient permissions\)|LIBUSB_ERROR_ACCESS",
            strength="weak", fail=True, example="usb.core.USBError: [Errno 13] Access denied (insufficient permissions)"),
        Msg("usb_no_driver", r"LIBUSB_ERROR_NOT_SUPPORTED|\[Errno 40\] Operation not supported", fail=True,
            example="usb.core.USBError: [Errno 40] Operation not supported or unimplemented on this platform"),
    ),
    group(
        "pyOCD 0.1x-0.4x pyocd/probe/pydapaccess, probe/stlink, coresight/dap.py (the target)",
        # (cmsis_dap: the DAP_Transfer response held no ACK at all; the target does not respond to SWD at all: usually
        # powered down or in a deep sleep state, in its maintainer's words)
        Msg("dp_connect_failed", r"No ACK received|communication failure \(No ACK\)", strength="strong", fail=True, attrs={"ack": "none"},
            example="pyocd.core.exceptions.TransferError: No ACK received"),
        Msg("dp_connect_failed", r"Unexpected ACK value|communication failure \(Unexpected ACK", strength="strong", fail=True,
            example="0000795 C Unexpected ACK value (5) returned by probe [__main__]"),
        Msg("dp_connect_failed", r"STLink error \((?P<code>9|18|19|20|22)\): (?P<text>[^\[]+?)\s*(?:\[|$)", strength="strong", fail=True,
            example="0000882 C STLink error (9): Get IDCODE error [__main__]"),
        # (swd s25) constants.py Status.BAD_AP 0x1d, "STLink error (29): Bad AP": the ST-Link's firmware refused the access
        # port pyOCD asked for (it serves only the APs it knows, and its recent firmware only ST's own parts: an nRF52 behind a
        # V2J37 failed, V2J34 worked, pyOCD#918); the SWD link itself answered. Quoted bare in a title as well. (review s25)
        # 29 is 0x1d in every version (stlink.py's "STLink error ({})" is decimal since 0.18); before 0.33 MESSAGES had no
        # entry for it and printed "STLink error (29): Unknown error", read here too
        Msg("probe_ap_refused", r"STLink error \(29\)(?::\s*Bad AP)?", strength="strong", fail=True,
            example="0001093 C STLink error (29): Bad AP [__main__]"),
        # (swd-probes s12) pyocd/probe/stlink/constants.py Status.JTAG_DBG_POWER_ERROR 0x0b, printed in decimal by
        # get_error_message ("STLink error ({}): {}"): the probe's debug power-up request (CDBGPWRUPREQ) was never
        # acknowledged, the target's debug domain stays off: a core asleep in a low-power mode (connect under reset,
        # pyOCD#698) or a target without power; the ST-Link answered, so it is not the probe
        Msg("dp_connect_failed", r"STLink error \(11\): Debug power error", strength="strong", fail=True, attrs={"ack": "power"},
            example="pyocd.core.exceptions.ProbeError: STLink error (11): Debug power error"),
        # coresight/ap.py TransferFaultError "Memory transfer fault (read|write) @ 0xSTART-0xEND": the bus refused the access.
        # Where it is a read of the flash (0x08000000.. on STM32, GD32, AT32) the flash is read-out protected (a debugger
        # read of protected flash is a bus error); at the ROM table (0xE00FF000, 0xF0000000), in RAM or at a peripheral it
        # is the target's state or a wrong target type instead
        Msg("transfer_fault", r"Memory transfer fault (?:\((?P<op>read|write)\) )?@ (?P<address>0x[0-9a-fA-F]+)", strength="strong", fail=True,
            convert=(("address", to_int),), example="0000545 C Memory transfer fault (read) @ 0x08000000-0x0800003f [__main__]"),
        Msg("transfer_fault", r"Memory transfer fault|SWD/JTAG Transfer Fault|Transfer fault while", strength="strong", fail=True,
            example="0000841:CRITICAL:__main__:SWD/JTAG Transfer Fault @ 0x40034fe0-0x40034fe3"),
        # (audit-probes s18) target/family/target_kinetis.py, target_nRF52.py, target_nRF91.py, target_lpc5500.py 0.2x-0.45:
        # a secured/APPROTECT part with auto_unlock off ("... not automatically unlocking"), or whose unlocking mass erase
        # failed ("<part>: mass erase failed", "Mass erase disabled. MDM status: 0x..", "Failed to unlock. MDM status:",
        # "unable to unlock device", nRF91 "ERASEPROTECT is enabled.", LPC55 "received error from unlock attempt"): the
        # part stays locked
        Msg("flash_protected", r"\b(?:in secure state|APPROTECT enabled): not automatically unlocking|: mass erase failed\s*(?:\[|$)|"
            r"\b(?:Mass erase disabled|Failed to unlock)\. MDM status: 0x|\bunable to unlock device\b|\bERASEPROTECT is enabled\b|"
            r"\breceived error from unlock attempt\b", strength="strong", fail=True, attrs={"state": "locked"},
            src="pyOCD 0.2x-0.45 pyocd/target/family/target_kinetis.py, target_nRF52.py, target_nRF91.py, target_lpc5500.py (audit-probes s18; "
                "examples: the source's format filled in)",
            example="0003452 E Mass erase disabled. MDM status: 0x4 [target_kinetis]"),
        # the same families with auto_unlock on (the default): pyOCD mass-erases the part and goes on; a load that then
        # finishes was not stopped by the protection (summary() marks the line retried)
        Msg("flash_protected", r"\b(?:in secure state|APPROTECT enabled): will try to unlock via mass erase", strength="strong", fail=True,
            attrs={"state": "unlocking"},
            src="pyOCD 0.2x-0.45 pyocd/target/family/target_kinetis.py, target_nRF52.py, target_nRF91.py (audit-probes s18; examples: the "
                "source's format filled in)",
            example="0000443 W K64F in secure state: will try to unlock via mass erase [target_kinetis]"),
        # (rank s20) pyOCD's own verdict pasted alone claims its line, so it is not silent (pyOCD 0.2x-0.3x commands/commander.py
        # "Warning: Target is locked, limited operations available. Use 'unlock' ...", commands.py/values.py "Target is locked")
        Msg("flash_protected", r"\bTarget is locked(?:, limited operations available\b|\s*$)", strength="weak", fail=True,
            example="Warning: Target is locked, limited operations available. Use 'unlock' command to mass erase and unlock, then execute 'reinit'."),
        Msg("flash_protected", r"(?i)\bis locked\b|device is (?:secured|protected)|APPROTECT (?:is )?enabled|mass erase to unlock|readout protection",
            fail=True, example="0001234 W ACCESSCTRL is locked.  Unable to reset. [target_rp2]"),
        Msg("idcode", r"DP IDR = (?P<idcode>0x[0-9a-fA-F]{8})", convert=(("idcode", _lower),), example="0000218:INFO:dap:DP IDR = 0x0bc11477"),
        Msg(None, r"Target type is (?P<target>\S+)", attrs={"field": "target"}, example="0000203:INFO:board:Target type is stm32l072xz"),
    ),
    group(
        "pyOCD 0.1x-0.4x pyocd/flash/loader.py, eraser.py (flashing)",
        Msg("program_finished", r"Erased (?:chip|\d+ bytes \(\d+ sectors?\)), programmed \d+ bytes", strength="strong",
            example="0001498 I Erased 1024 bytes (1 sector), programmed 1024 bytes (1 page), skipped 0 bytes (0 pages) at 1.90 kB/s [loader]"),
        Msg(None, r"Chip erase complete|Erasing chip\.\.\.", example="0001164 I Chip erase complete [eraser]"),
        Msg("program_failed", r"program_page\(0x[0-9a-fA-F]+\) error|Flash algo(?:rithm)? (?:init|erase|program) (?:error|failed)", fail=True,
            example="0000633:ERROR:flash:program_page(0x8000000) error: 1"),
        # the chip's flash algorithm refused an erase: pyOCD 0.1x (pyocd-flashtool) "eraseAll error: N" / "erasePage(0x..) error: N",
        # 0.2x-0.4x flash/flash.py FlashEraseFailure "flash erase sector/all failure (...; result code 0x..)": protected
        # sectors or a locked part (Kinetis FSEC/FCF, nRF52 APPROTECT on a new micro:bit v2, STM32 WRP), which a mass erase clears
        Msg("flash_erase_failed", r"\berase(?:All|Page\(0x[0-9a-fA-F]+\)) error: -?\d+|(?<!Failure: )flash erase (?:sector|all|chip) failure",
            strength="strong", fail=True, example="ERROR:root:eraseAll error: 104"),
    ),
    # (source audit s11) pyOCD after 0.45 (0.45.1 and master at d1974ffd, 2026-07) adds no message; pyOCD 0.10-0.13 (pyOCD/board/
    # mbed_board.py, tools/flash_tool.py, flash/flash.py) had these, which the s8 audit (0.14-0.45) did not read
    group(
        "pyOCD 0.10-0.13 pyOCD/board/mbed_board.py, tools/flash_tool.py, flash/flash.py (source audit s11; examples: the source's format filled in)",
        # no CMSIS-DAP board was found at all, or not the one whose unique id -b gave (0.14+ "No connected debug probes")
        Msg("adapter_open_failed", r"^(?:Error: There is no board connected\.|No connected boards|Board \w+ is not connected)$", strength="strong",
            fail=True, example="Error: There is no board connected."),
        # the flash algorithm's ProgramPage returned non-zero (0.14+ "program_page(0x...) error: N")
        Msg("program_failed", r"program(?:Page|Phrase)\(0x[0-9a-fA-F]+\) error: -?\d+", strength="strong", fail=True,
            example="ERROR:root:programPage(0x8000000) error: 1"),
    ),
    # (audit s8) every LOG.error/warning/critical/info, print and raise X("...") of pyocd/{probe,flash,coresight,core,board,
    # subcommands} at v0.14.0, v0.24.0, v0.29.0, v0.32.0, v0.36.0, v0.45.1 filled in and run against these rows
    # (/work/notes/audit8-pyocd): the messages below were claimed only by the catch-all "NNNNNNN C/E ..." row (or by none in
    # the exception form). Examples: the source's format filled in, in the 0.29+ log shape.
    group(
        "pyOCD 0.2x-0.4x pyocd/probe/stlink/stlink.py, jlink_probe.py, picoprobe.py, pydapaccess/interface/__init__.py, coresight/dap.py, "
        "coresight_target.py, board/board.py (the probe and the target)",
        # stlink.py check_version 0.2x-0.4x: the ST-Link's firmware is older than pyOCD supports (V2 before J24, V3 before J2);
        # 0.3x+ also refuses banked DP registers (multi-drop, ADIv6) on older V2/V3 firmware
        Msg("probe_firmware_old", r"STLink \S+ is using an unsupported, older firmware version|"
            r"STLinkV\d firmware version does not support accessing banked DP registers", strength="strong", fail=True,
            example="0000412 C STLink 066DFF485550755187121836 is using an unsupported, older firmware version. Please update to the latest STLink firmware. Current version is V2J22S4, must be at least version V2J24. [__main__]"),
        Msg("libusb_missing", r"No USB backend found", strength="strong", fail=True, example="0000201 C No USB backend found [__main__]"),
        # (nrf-lora-zmk s12) pydapaccess/dap_access_cmsis_dap.py 0.3x-0.4x _decode_transfer(_block)_data: the probe's reply is
        # not the DAP_Transfer's (its first byte names another command), or too short to read (the IndexError of indexing it):
        # probe firmware out of step with pyOCD (YaPicoprobe 1.20-1.21, yapicoprobe#112/#130)
        Msg("probe_protocol_error", r"DAP_TRANSFER(?:_BLOCK)? response error: response is for command [0-9a-fA-F]{2}|"
            r"^\d{7} C bytearray index out of range \[__main__\]\s*$", strength="strong", fail=True,
            example="0001160 C DAP_TRANSFER response error: response is for command 00 [__main__]"),
        # jlink_probe.py: pylink could not load SEGGER's JLink library (the J-Link Software pack is not installed)
        Msg("tool_missing", r"unable to open JLink DLL", strength="strong", fail=True, attrs={"name": "SEGGER J-Link software (its JLink library)"},
            example="0000187 C unable to open JLink DLL [__main__]"),
        Msg("adapter_open_failed", r"could not find JLink probe with serial number", strength="strong", fail=True, attrs={"wanted": "jlink"},
            example="0000190 C could not find JLink probe with serial number '000260012345' [__main__]"),
        Msg("transport_unsupported", r"requested wire protocol \S+ not supported by the debug probe|"
            r"J-Link probe \S+ does not support any known wire protocols", strength="strong", fail=True,
            example="0000412 C requested wire protocol JTAG not supported by the debug probe [__main__]"),
        # picoprobe.py 0.3x-0.4x: the SWD data came back with a bad parity bit (signal integrity: long or loose wires, speed)
        Msg("dp_connect_failed", r"Bad parity in SWD read", strength="strong", fail=True, attrs={"ack": "parity"},
            example="0001544 C Bad parity in SWD read [__main__]"),
        # coresight_target.py: the DP answered but no AP held a core (a locked or sleeping part, or an AP the target type does not expect)
        Msg("target_examine_failed", r"No cores were discovered!", strength="strong", fail=True,
            example="0000673 E No cores were discovered! [coresight_target]"),
        # (debug-probes s9) coresight/rom_table.py, component.py 0.2x-0.3x: the AP answered but the ROM table it points at read
        # back as no CoreSight component (a CIDR of 0, 0x90909090, all ones): the bus behind the AP gives garbage, as it does
        # while the core sleeps with its clocks gated (pyOCD PR #890 on STM32 in low-power modes; #743 STM32G0 running Zephyr)
        # benign as a line (healthy2 s9: pyOCD warns so on some chips and goes on); the event counts only beside a failed
        # examination (SWD004's rule)
        Msg("rom_table_garbage", r"Invalid coresight component, cidr=(?P<cidr>0x[0-9a-fA-F]+)|ROM table @ 0x[0-9a-fA-F]+ has unexpected CIDR component class",
            strength="strong", benign=True, example="0000711:WARNING:rom_table:Invalid coresight component, cidr=0x90909090"),
        Msg("target_unknown", r"Target type (?P<target>\S+) not recognized\. Use 'pyocd list --targets'", strength="strong", fail=True,
            example="0000142 C Target type stm32f103rc not recognized. Use 'pyocd list --targets' to see currently available target types. See <https://pyocd.io/docs/target_support.html> for how to install additional target support. [__main__]"),
    ),
    group(
        "pyOCD 0.1x-0.4x pyocd/flash/flash.py, builder.py, loader.py, file_programmer.py (flashing)",
        # flash.py FlashEraseFailure: 0.2x "erase_all error: N" / "erase_sector(0x..) error: N", 0.3x+ "flash erase all|sector failure
        # (...result code 0x..)": the chip's flash algorithm refused the erase (the row above takes the 0.3x wording)
        Msg("flash_erase_failed", r"\berase_(?:all|sector\(0x[0-9a-fA-F]+\)) error: -?\d+", strength="strong", fail=True,
            example="0001323 C erase_sector(0x8000000) error: 1 [__main__]"),
        Msg("program_failed", r"flash program (?:page|phrase) (?:failure|timeout|timed out)|\bprogram_(?:page|phrase)\(0x[0-9a-fA-F]+\) error: -?\d+|"
            r"flash (?:erase all|erase sector|init|uninit) timed out|flash init failure|^\d{7} [CE] init error: -?\d+|flash algorithm overflowed stack|"
            r"target was not halted as expected after calling flash algorithm routine", strength="strong", fail=True,
            example="0002210 C flash program page failure (address 0x08000000; result code 0x1) [__main__]"),
        # loader.py, builder.py: the image has data at an address no flash region covers (a .bin given no base address lands at 0)
        Msg("no_flash_bank", r"no memory region defined for address (?P<address>0x[0-9a-fA-F]+)|memory region at address 0x[0-9a-fA-F]+ is not flash|"
            r"attempt to program invalid flash address|Attempt to program flash at invalid address|flash memory region at address \S+ has no flash instance",
            strength="strong", fail=True, convert=(("address", to_int),), example="0000873 C no memory region defined for address 0x00000000 [__main__]"),
    ),
    group(
        "pyOCD 0.1x-0.4x: line shapes (pyocd/core/session.py log format, tracebacks) and any other error line",
        Msg(None, r"^\s*File \"[^\"]*pyocd[/\\]", strength="strong",
            example='  File "/usr/lib/python3/site-packages/pyocd/probe/cmsis_dap_probe.py", line 297, in read_ap_result_callback'),
        Msg("tool_error", r"\bpyocd\.core\.exceptions\.(?P<exc>\w+): (?P<text>.*)$", strength="strong", fail=True,
            example="pyocd.core.exceptions.FlashEraseFailure: flash erase sector failure (address 0x08000000; result code 0x1)"),
        Msg("tool_error", r"^\d{7} [CE] (?P<text>.*?)(?: \[[\w.]+\])?$", fail=True,
            example="0001186 E Failed to get unique id for open [dap_access_cmsis_dap]"),
        Msg("tool_error", r"^\d{7}:(?:ERROR|CRITICAL):[\w.]+:(?P<text>.*)$", strength="strong", fail=True,
            example="0000963:ERROR:board:link exception during target disconnect:"),
        Msg(None, r"^\d{7} [WIDT] .*\[[\w.]+\]$", example="0000932 I Loading /home/pi/build/zephyr.hex [load_cmd]"),
        Msg(None, r"^\d{7}:(?:INFO|WARNING|DEBUG):[\w.]+:", strength="strong", example="0000229:INFO:dap:AP#0 IDR = 0x04770031"),
        Msg(None, r"^\s*#\s+Probe(?:/Board)?\s+Unique ID", strength="strong", example="  #   Probe/Board        Unique ID            Target"),
    ),
    group(
        "pyOCD 0.1x-0.4x pyocd/core/helpers.py list_connected_probes (the probes listed): 0.1x `N => Board [target] boardId => UID`,"
        " 0.2x `N   Board [target]   UID`, 0.3x and later a table `N   Probe/Board   UID   ✔︎ target` (n/a: no board known)",
        Msg("probe_listed", r"^\s*(?P<index>\d+) => (?P<name>.+?)(?: \[(?P<board_target>[\w.-]+)\])? boardId => (?P<uid>[0-9A-Fa-f]{8,})",
            strength="strong", example="0 => Microbit [nrf51] boardId => 9900000037024e45001b200f000000320000000097969901"),
        Msg("probe_listed", r"^\s*(?P<index>\d+)\s{2,}(?P<name>\S.*?) \[(?P<board_target>[\w.-]+)\]\s{2,}(?P<uid>[0-9A-Fa-f]{8,})\s*$",
            strength="weak", example=" 0   ep_agora [nrf52840]   2600360253274e450012800df7c3002fd811000097969900 "),
        Msg("probe_listed", r"^\s*(?P<index>\d+)\s{2,}(?P<name>\S.*?)\s{2,}(?P<uid>[0-9A-Fa-f]{8,})\s{2,}(?:[✔✖]\S*\s*(?P<board_target>[\w.-]+)|n/a)\s*$",
            strength="weak", example="  0   Arm DAPLink CMSIS-DAP   0240000034544e45001b00038b6c0003e0d1   ✔︎ k64f"),
    ),
)


def probe_run_summary(fields: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """A debug-probe tool's run (pyOCD, probe-rs): failed when a line said so, else written when it finished."""
    s = dict(fields)
    if any(e.get("fail") for e in events):
        s["success"] = False
    elif any(e.get("kind") == "program_finished" for e in events):
        s["success"] = True
        s["written"] = True
    return s


@register
class PyocdParser(TableParser):
    name = "pyocd"
    namespace = "openocd"
    messages = MESSAGES
    hints = ("pyocd", "probe", "ack", "stlink error", "transfer fault", "libusb", "backend", "access denied", "errno", "locked", "approtect",
             "protect", "dp idr", "target type", "erase", "program", "unique id", "firmware", "backend", "jlink", "wire protocol",
             "parity", "cores", "flash", "memory region", "traceback", " c ", " e ", ":error:", ":critical:",
             ":info:", ":warning:", ":debug:", " w ", " i ", " d ", "boards", "] ", "boardid", "n/a", "\u2714", "\u2716",
             # (source audit s11) pyOCD 0.10-0.13
             "no board connected", "no connected boards", "is not connected", "programpage", "programphrase",
             # (daplink-mbed-particle s14) pywinusb_backend's open timeout
             "timed out attempting to open device", "pywinusb_backend", "assert false", "claim interface",
             # (audit-probes s18) locked Kinetis/nRF/LPC55 parts
             "unlock", "mdm status")
    event_kinds = ("libusb_missing", "transfer_fault", "works_only_with_sudo", "libusb_missing_moot")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.sudo = False  # the command last seen ran under sudo
        self.denied_as_user: dict[str, Any] | None = None  # "no probe" from a command without sudo
        self.pywinusb_open = False  # a traceback frame in pywinusb_backend.open() was seen

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None:
            field = dict(row.attrs).get("field")  # type: ignore[arg-type]
            if field == "command":
                self.fields.setdefault("command", g["command"][:300])
                self.sudo = bool(_SUDO.search(line))
            elif field == "target":
                self.fields.setdefault("target", g["target"])
            elif field == "pywinusb_open":
                self.pywinusb_open = True
            elif field == "assert_false" and self.pywinusb_open:
                # the traceback's last frame was pywinusb_backend's open(): its timeout assert (see the row's comment)
                self.event("probe_busy", lineno, line, fail=True)
            return
        ev.pop("field", None)
        # none found as the user, found with sudo: the user may not open it (permissions, udev rules)
        sudo_contrast(self, ev, lineno, line, denied=ev["kind"] == "adapter_open_failed", worked=ev["kind"] == "probe_listed")
        if ev["kind"] == "probe_listed":
            self.fields["found"] = self.fields.get("found", 0) + 1
            if ev.get("board_target"):
                # DAPLink firmware built for one board (its board id opens the unique id): the probe is that board's
                # own interface chip, its SWD lines are traces; pyOCD names the board and its target
                self.fields["onboard_probe"] = True
        elif ev["kind"] == "idcode" and ev.get("idcode"):
            self.fields.setdefault("chipid", ev["idcode"])
        elif ev["kind"] in ("tool_error", "dp_connect_failed") and g.get("text"):
            ev["text"] = g["text"].strip()[:200]
            ev.pop("exc", None)
        if "code" in ev:
            try:
                ev["code"] = int(ev["code"])
            except (TypeError, ValueError):
                ev.pop("code", None)

    def summary(self) -> dict[str, Any]:
        done = [e["lineno"] for e in self.events if e["kind"] == "program_finished"]
        # (healthy s20) pyOCD 0.2x-0.3x warns at start-up, on every command, that the libusb-only probe kinds (ST-Link,
        # CMSIS-DAPv2, Picoprobe) are unsupported when no libusb library loads (pyocd/probe/*: "... probes are not supported
        # because no libusb library was found."); a CMSIS-DAPv1 (HID) probe or J-Link still works. A later line of the same
        # run that read the target's DP IDR or finished a load shows a probe was opened after all: the warning is moot
        reached = [e["lineno"] for e in self.events if e["kind"] in ("program_finished", "idcode")]
        for e in self.events:
            if e["kind"] == "libusb_missing" and reached and e["lineno"] < max(reached):
                overcome_event(e, "libusb_missing_moot")
        for e in self.events:
            if e.get("state") == "unlocking" and done and e["lineno"] < max(done):
                # (audit-probes s18) the unlocking mass erase worked: the load after it finished
                e["fail"] = False
                e["retried"] = True
        return probe_run_summary(self.fields, self.events)
