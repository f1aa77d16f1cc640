"""OpenOCD (0.10 to 0.12, xPack, GNU MCU Eclipse, sysprogs and vendor builds; Arduino, PlatformIO and IDE
wrappers): adapter, target voltage, IDCODE, init and programming results, as a message table.

Facts: one run per block under `openocd.runs` with the target voltage, the adapter and the IDCODE as read,
and events for the messages that separate a missing or inaccessible adapter, an unpowered target,
miswiring or a sleeping target, a clone MCU, a protected flash and a successful `program ... verify`.
Lines carry an optional level prefix (`Info : `, `Warn : `, `Error: `, and with -d2/-d3 the counter and
source position `Error: 622 746 adi_v5_swd.c:366 swd_connect_single(): ...`); rows search the message
wherever it stands, so wrappers' prefixes (`[build] `, `[upload] `) do not matter.

pyOCD, SEGGER J-Link and nrfjprog runs go to the same namespace (doctor/parsers/pyocd.py, jlink.py) with
the same event kinds where the meaning is the same, so one rule judges them all.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._flashlog import id4, sudo_contrast
from doctor.parsers._messages import Msg, TableParser, group, rows_of


def _volts(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _lower(text: str) -> str:
    return text.lower()


_V = (("voltage", _volts),)
_ID = (("idcode", _lower),)

# (intl s23) SW4STM32's launcher line (openocd.py init_mode_failed rows; failure_cues wrong_target excludes the same forms)
_SW4STM32_WRONG_DEVICE = r"(?i)^(?:.*\bReason:\s*|\s*(?:Error:\s*)?)Wrong device detected\.?\s*$"
_SW4STM32_BARE = re.compile(r"(?i)^\s*Wrong device detected\.?\s*$")
# (fw-tool review s23) a Tcl script's path as Jim prints it before ":LINE: Error: ...", not the compiled-in embedded:startup.tcl
_OCD_SCRIPT = r"(?<![^\s\"'])(?!embedded:)(?P<path>[^\s\"']{1,300}\.(?:cfg|tcl))"
# the scripts an OpenOCD install ships (its scripts/ tree, share/openocd/): an error there is a binary of another version
_OCD_SHIPPED = re.compile(r"(?:^|[\\/])scripts[\\/](?:target|interface|board|cpu|chip|tools|fpga)[\\/]|[\\/]share[\\/]openocd[\\/]", re.IGNORECASE)


MESSAGES = rows_of(
    # (source audit s11) openocd master after 0.12.0 (openocd-org/openocd at abbbc2e0, 2026-08): messages whose wording is new
    # or changed since the 0.12.0 tag, and 0.7-0.9 wordings the s8 audit did not read. First, so a continuation line of the
    # HLA notice is not taken for a command line. Examples are the source's format filled in.
    group(
        "openocd master after 0.12.0 src/jtag/drivers/stlink_usb.c, src/flash/nor/stm32h7x.c, rp2xxx.c, src/jtag/drivers/cmsis_dap_usb_bulk.c (source audit s11; examples: the source's format filled in)",
        # stlink_usb.c (dapdirect, interface/stlink-dap.cfg): the probe's firmware predates V2J24 and speaks only the old
        # high-level API; the six-line notice names the firmware update (or interface/stlink-hla.cfg); its other lines are advice
        Msg("probe_firmware_old", r"The firmware in the ST-Link adapter only supports deprecated HLA", strength="strong", fail=True,
            example="Error: The firmware in the ST-Link adapter only supports deprecated HLA."),
        Msg(None, r"^(?:Error: ?)?\s*(?:Please consider updating the ST-Link firmware with a version|newer that V2J24 \(2015\), available for downloading on ST website|"
            r"https://www\.st\.com/en/development-tools/stsw-link007\.html|In mean time, you can re-run OpenOCD for ST-Link HLA as|"
            r"openocd -f interface/stlink-hla\.cfg \.\.\.)", strength="strong", benign=True,
            example="Error: Please consider updating the ST-Link firmware with a version"),
        # stm32h7x.c (since the H7R/H7S support): the WRPERR wording of 0.12 ("wait_flash_op_queue, WRPERR detected") renamed
        Msg("flash_protected", r"wait_flash_op_queue, write protection error", strength="strong", fail=True,
            example="Error: wait_flash_op_queue, write protection error"),
        # rp2xxx.c (rp2040.c renamed, RP2350 added): the boot ROM's flash functions could not be found or run, or the flash
        # bounce buffer / stack could not be placed in the target's RAM; the A0-stepping warnings are notices
        # (trim s22) and its later wording, "(probably an RP2040 or an RP2350 A0)" (rp2xxx.c since the RP2040 merge): a
        # notice the same, which only a run's success further down had kept from reading as a failure
        Msg(None, r"not found in RP2xxx ROM\. \(probably an (?:RP2040 or an )?RP2350 A0\)", strength="strong", benign=True,
            example="Warn : Function FUNC_BOOTROM_STATE_RESET not found in RP2xxx ROM. (probably an RP2350 A0)"),
        Msg("flash_write_failed", r"RP2040/RP2350 BOOT ROM not found|Function FUNC_\w+ not found in RP2xxx ROM|RP2xxx flash: failed to exit flash XIP mode|"
            r"RP2xxx: failed to flush flash cache/restore XIP|Failed to call ROM function batch|Failed to write ROM batch algorithm to RAM code space|"
            r"Could not allocate (?:stack for flash programming code|RAM code space for ROM calls) -- insufficient space|"
            r"Could not allocate bounce buffer for flash programming|Could not load data into target bounce buffer|"
            r"RP2350 flash: failed to call reset core state|Failed to init (?:ACCESSCTRL|Arm core 0) before ROM call",
            strength="strong", fail=True, example="Error: Function FUNC_FLASH_RANGE_PROGRAM not found in RP2xxx ROM"),
        Msg("flash_probe_failed", r"SYSINFO CHIP_ID read failed|Unknown SYSINFO CHIP_ID 0x[0-9a-fA-F]+|QSPI Flash id = 0x[0-9a-fA-F]+ not recognised|"
            r"QSPI (?:select|Tx/Rx|deselect) failed|QMI DIRECT(?:_CSR read| mode (?:enable|disable)) failed", strength="strong", fail=True,
            example="Error: rp2040.flash, QSPI Flash id = 0x001540ef not recognised"),
        # cmsis_dap_usb_bulk.c (asynchronous transfers): the probe's USB link failed after it was opened
        Msg("usb_io_error", r"error (?:submitting USB (?:read|write)|handling USB events): |^(?:Error: ?)?error (?:writing|reading) USB data(?:, late detect)?$",
            fail=True, example="Error: error submitting USB write: Input/Output Error"),
        # 0.7-0.8 src/jtag/hla/hla_interface.c: the IDCODE an ST-Link read is none of the target script's -expected-id values
        # (0.9+ words it "UNEXPECTED idcode"): the clone MCU reading
        Msg("unexpected_idcode", r"hl_interface_init_target: target not found: idcode: (?P<idcode>0x[0-9a-fA-F]+)", strength="strong", fail=True,
            convert=_ID, src="openocd 0.7-0.8 src/jtag/hla/hla_interface.c (source audit s11; examples: the source's format filled in)",
            example="Error: hl_interface_init_target: target not found: idcode: 0x2ba01477"),
    ),
    group(
        "Black Magic Probe main after v2.0.0 src/command.c, BMDA src/platforms/hosted/bmp_remote.c (source audit s11; examples: the source's format filled in)",
        # auto_scan now names the transport that timed out or found nothing (v2.0 "Timeout during scan. ...")
        Msg("swd_wait", r"^Timeout during (?:JTAG|SWD|RVSWD) scan\. Is target stuck in WFI\?", strength="strong", fail=True,
            example="Timeout during SWD scan. Is target stuck in WFI?"),
        Msg("dp_connect_failed", r"^RVSWD scan failed!", strength="strong", fail=True, example="RVSWD scan failed!"),
        # auto_scan tries JTAG, then SWD (then RVSWD in BMDA): one transport finding nothing is no verdict ("auto scan failed!" is)
        Msg(None, r"^(?:JTAG|RVSWD) scan found no devices\.$", strength="strong", example="JTAG scan found no devices."),
        Msg("probe_firmware_old", r"SPI protocol unsupported by probe, please upgrade your firmware", strength="strong", fail=True,
            example="SPI protocol unsupported by probe, please upgrade your firmware"),
    ),
    group(
        "openocd 0.10-0.12 startup (src/openocd.c, src/helper/command.c) and the shell around it",
        Msg(None, r"Open On-Chip Debugger\s+v?(?P<version>\d+\.\d+[\w.+-]*)", strength="strong",
            example="xPack OpenOCD x86_64 Open On-Chip Debugger 0.11.0+dev (2022-09-01-17:58)"),
        Msg(None, r"(?:^|[\s$#>])(?:sudo\s+)?openocd(?:\.exe)?\s+(?P<command>(?:-f|-s|-c|-d\d?|--file|--command|--search)\s.*)$",
            strength="strong", attrs={"field": "command"}, benign=True,  # (riscv-wch-gd32 s13) its words (`-c "...; shutdown;"`) are no outcome
            example="$ openocd -f interface/stlink.cfg -f target/stm32f1x.cfg -c 'program klipper.bin 0x08000000 verify reset exit'"),
        Msg("tool_missing", r"\bopenocd(?:\.exe)?(?:: command not found|: not found|' is not recognized)", strength="strong", fail=True,
            attrs={"name": "openocd"}, example="bash: openocd: command not found"),
        # the telnet (port 4444) banner has no version; a session pasted from telnet shows the commands typed there
        Msg(None, r"^Open On-Chip Debugger\s*$", strength="strong", example="Open On-Chip Debugger"),
        # (healthy s7) a telnet session to OpenOCD's command port (4444): netkit/inetutils telnet tries each address of the
        # host name and reports each refusal ("connect to address ::1: Connection refused" when OpenOCD listens on IPv4
        # only), then "Connected to ..." or the verdict "telnet: Unable to connect to remote host" (a failure, still counted)
        Msg(None, r"(?:^|[\s$#>])telnet\s+\S+\s+4444\s*$", strength="strong", example="$ telnet localhost 4444"),
        Msg(None, r"^telnet: connect to address \S+: Connection refused$", strength="strong", benign=True,
            example="telnet: connect to address ::1: Connection refused"),
        Msg(None, r"^>?\s*(?:stm32[a-z0-9]+ (?:unlock|lock|mass_erase|options_read|options_write)\b|flash (?:probe|info|banks|erase_sector|"
            r"erase_address|write_image|protect)|reset(?: halt| init)?$|halt$|mdw )", example="stm32f1x unlock 0"),
        Msg(None, r"Unable to match requested speed \d+ kHz", benign=True,
            example="Info : Unable to match requested speed 1000 kHz, using 950 kHz"),
        Msg(None, r"Trying to use configured scan chain anyway", benign=True,
            example="Error: Trying to use configured scan chain anyway..."),
        Msg(None, r"Bypassing JTAG setup events due to errors", benign=True,
            example="Warn : Bypassing JTAG setup events due to errors"),
        Msg(None, r"shutdown command invoked", benign=True, example="shutdown command invoked"),
        # (spent-f s10) src/jtag/drivers/jlink.c 0.10-0.12: no serial or USB location given, so the first J-Link is used (Info)
        Msg(None, r"No device selected, using first device", benign=True,
            src="openocd 0.10-0.12 src/jtag/drivers/jlink.c", example="Info : No device selected, using first device."),
        # (spent-f s10) src/svf/svf.c 0.10-0.12: the end of an `svf` run (FPGA/CPLD programming over JTAG); 0.11+ add the
        # error count ("... with 0 errors"), `-ignore_error` runs print "unsuccessfully ... with N errors"
        Msg("program_finished", r"^svf file programmed successfully for \d+ commands", strength="strong",
            src="openocd 0.10-0.12 src/svf/svf.c", example="svf file programmed successfully for 620 commands with 0 errors"),
        Msg("program_failed", r"^svf file programmed (?:unsuccessfully|failed)", strength="strong", fail=True,
            src="openocd 0.10-0.12 src/svf/svf.c", example="svf file programmed unsuccessfully for 620 commands with 3 errors"),
        # src/helper/command.c script_debug() (0.8-0.12, at -d3): echoes each command as it runs ("command - <name> <args>");
        # the words are the command line (shutdown, reset, flash erase_check...), not its outcome, which is logged apart
        Msg(None, r"script_debug\(\): command - ", benign=True,
            example="Debug: 29353 21255 command.c:145 script_debug(): command - shutdown ocd_shutdown"),
        Msg("srst_config", r"\bconnect_assert_srst\b",
            example="srst_only separate srst_nogate srst_open_drain connect_assert_srst"),
        # src/jtag/adapter.c reset_config: the mode it prints back (0.10-0.12; a target script's reset_config echoes it)
        Msg(None, r"^(?:none|srst_only|trst_only|trst_and_srst) (?:separate|combined|srst_pulls_trst|trst_pulls_srst)\b", strength="strong",
            example="srst_only separate srst_nogate srst_open_drain connect_deassert_srst"),
        # (swd s25) src/transport/transport.c: the transport OpenOCD took when the config named none, 0.8-0.12 as Info
        # ("auto-selecting first available session transport "hla_swd"..."), master as a warning with the full name
        # ("DEPRECATED: auto-selecting transport "swd (dapdirect)"..."); derive.py openocd_stlink_hla_only reads it. Every
        # transport is kept (hla_swd, "swd (hla)", swd, jtag...): a later run's own transport line ends an earlier run's dapdirect
        # (review s25: two invocations pasted in one block)
        Msg("transport_selected", r'auto-selecting (?:first available session )?transport "(?P<transport>\w+(?: \(\w+\))?)"', strength="strong",
            example='Info : auto-selecting first available session transport "dapdirect_swd". To override use \'transport select <transport>\'.'),
        # src/helper/log.c 0.10-0.12: `-d<n>` / `debug_level <n>` prints the level back
        Msg(None, r"^debug_level: \d$", strength="strong", example="debug_level: 1"),
    ),
    group(
        "openocd 0.10-0.12 src/jtag/drivers/stlink_usb.c, cmsis_dap.c, jlink.c, ftdi.c (the adapter)",
        Msg("adapter_found", r"STLINK (?P<version>V\w+) \(API v\d\) VID:PID (?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4})", strength="strong",
            convert=(("vid", id4), ("pid", id4)), attrs={"adapter": "stlink"},
            example="Info : STLINK V2J37M26 (API v2) VID:PID 0483:374B"),
        # stlink_usb.c 0.11-0.12 stlink_usb_open() at -d3 lists every vid:pid the config lets it try, before it opens one:
        # an ST-Link on the bus whose id is not among them is one this config/version cannot open (derive.py
        # openocd_stlink_unopenable)
        Msg("adapter_tried", r"stlink_usb_open\(\): transport: \d+ vid: 0x(?P<vid>[0-9A-Fa-f]{4}) pid: 0x(?P<pid>[0-9A-Fa-f]{4})",
            strength="strong", convert=(("vid", id4), ("pid", id4)), attrs={"adapter": "stlink"},
            example="Debug: 78 8 stlink_usb.c:2831 stlink_usb_open(): transport: 4 vid: 0x0483 pid: 0x3753 serial: "),
        Msg("adapter_found", r"STLINK (?P<version>v\d\w*) JTAG v\d+ API v\d .{0,40}?VID 0x(?P<vid>[0-9A-Fa-f]{4}) PID 0x(?P<pid>[0-9A-Fa-f]{4})",
            strength="strong", convert=(("vid", id4), ("pid", id4)), attrs={"adapter": "stlink"},
            example="Info : STLINK v2 JTAG v17 API v2 SWIM v4 VID 0x0483 PID 0x3748"),
        Msg("adapter_found", r"Using CMSIS-DAPv\d interface with VID:PID=0x(?P<vid>[0-9A-Fa-f]{4}):0x(?P<pid>[0-9A-Fa-f]{4})(?:, serial=(?P<serial>\w+))?",
            strength="strong", convert=(("vid", id4), ("pid", id4)), attrs={"adapter": "cmsis-dap"},
            example="Info : Using CMSIS-DAPv2 interface with VID:PID=0x2e8a:0x000c, serial=E6616407E39A712C"),
        # cmsis_dap.c 0.10-0.11 prints the probe's serial on its own line (0.12 in the line above). A DAPLink serial is its
        # 48-hex-digit unique id whose first four digits are the board id: non-zero when the firmware was built for one
        # board (the interface chip on a FRDM, micro:bit, MAX32xxx FTHR/EVKIT...), 0000 in the stand-alone builds
        Msg(None, r"CMSIS-DAP: Serial# = (?P<serial>[0-9A-Za-z]+)", strength="strong", attrs={"field": "serial"},
            example="Info : CMSIS-DAP: Serial# = 04440001f3fd8aac00000000000000000000000097969906"),
        Msg("adapter_found", r"J-Link (?P<version>.{1,80}?) compiled ", attrs={"adapter": "jlink"},
            example="Info : J-Link V10 compiled Mar 21 2019 15:43:57"),
        Msg("target_voltage", r"Target voltage:\s*(?P<voltage>-?\d+(?:\.\d+)?)", strength="strong", convert=_V,
            example="Info : Target voltage: 3.266045"),
        Msg("target_voltage", r"\bVTarget\s*=\s*(?P<voltage>\d+(?:\.\d+)?)\s*V", convert=_V, example="Info : VTarget = 0.000 V"),
        Msg("target_voltage", r"\bVref\s*=\s*(?P<voltage>\d+(?:\.\d+)?)\b", convert=_V,
            example="Info : Vref = 3.313 TCK = 1 TDI = 0 TDO = 1 TMS = 0 SRST = 0 TRST = 0"),
        Msg("target_voltage_low", r"target voltage may be too low for reliable debugging", strength="strong", fail=True,
            example="Error: target voltage may be too low for reliable debugging"),
        Msg("target_voltage_low", r"Target voltage too low\. Check target power", fail=True,
            example="Target voltage too low. Check target power."),
        # src/jtag/drivers/libusb_helper.c, mpsse.c 0.10-0.12 "libusb_open() failed with %s" (libusb_error_name; older
        # builds print the number): OpenOCD's own wording, so it claims the line even where another tool's block went cold
        Msg("usb_access_denied", r"libusb_open\(\) failed with (?:LIBUSB_ERROR_ACCESS|-3\b|Access denied)", strength="strong", fail=True,
            example="Error: libusb_open() failed with LIBUSB_ERROR_ACCESS"),
        Msg("usb_no_driver", r"libusb_open\(\) failed with (?:LIBUSB_ERROR_NOT_SUPPORTED|-12\b)", strength="strong", fail=True,
            example="Error: libusb_open() failed with LIBUSB_ERROR_NOT_SUPPORTED"),
        # (se-wrappers s8) libusb_open() gives LIBUSB_ERROR_NOT_FOUND only on Windows (libusb os/windows_winusb.c
        # composite_open: no interface of the composite probe has a WinUSB-like or HID driver; Linux reports a missing
        # node as NO_DEVICE and a permission as ACCESS): an ST-Link V2-1 whose VCP and mass storage have drivers but whose
        # debug interface has none (vscode-iot-workbench#403: installing the ST-Link driver STSW-LINK009 fixed it)
        Msg("usb_no_driver", r"libusb_open\(\) failed with (?:LIBUSB_ERROR_NOT_FOUND|-5\b)", strength="strong", fail=True,
            attrs={"os": "windows"}, example="Error: libusb_open() failed with LIBUSB_ERROR_NOT_FOUND"),
        Msg("usb_access_denied", r"LIBUSB_ERROR_ACCESS", strength="weak", fail=True,
            example="Error: libusb_claim_interface() failed: LIBUSB_ERROR_ACCESS"),
        Msg("usb_no_driver", r"LIBUSB_ERROR_NOT_SUPPORTED", strength="weak", fail=True,
            example="Error: libusb_control_transfer error: LIBUSB_ERROR_NOT_SUPPORTED"),
        Msg("libusb_pipe", r"LIBUSB_ERROR_PIPE", strength="weak", fail=True, example="Error: libusb_bulk_read error: LIBUSB_ERROR_PIPE"),
        Msg("usb_timeout", r"LIBUSB_ERROR_TIMEOUT", strength="weak", fail=True, example="Error: libusb_bulk_write error: LIBUSB_ERROR_TIMEOUT"),
        Msg("usb_io_error", r"LIBUSB_ERROR_IO|LIBUSB_ERROR_NO_DEVICE", strength="weak", fail=True,
            example="Error: libusb_bulk_write error: LIBUSB_ERROR_IO"),
        Msg("adapter_open_failed", r"(?:^|(?<!OSError)(?<!IOError): )open failed$", strength="strong", fail=True, example="Error: open failed"),
        # (swd s24) the same line quoted whole in a person's sentence (rust-embedded/book#204: 'OpenOCD would just not see the
        # board ... it fails with "Error: open failed".'): "Error: open failed" between quotes, as OpenOCD 0.9-0.12 print it
        # (or "open failed" alone in a line that names OpenOCD)
        # (src/jtag/drivers/stlink_usb.c, hla_layout.c). Not a question, a condition or advice ("if you get ...", "you may
        # see ..."), nor a line that says it went away ("no longer", "fixed", "works now"). (swd review s24) "Error: open failed"
        # only in a line naming OpenOCD or the probe, bare "open failed" only with OpenOCD as its subject just before the quote
        # ('OpenOCD just says "open failed"'); never a line naming another program or a file/port ("esptool prints "open failed"
        # for /dev/ttyUSB0", minicom, hid_bootloader_cli, "the log file"), nor a past or general story ("I had ... until",
        # "after replugging ... OpenOCD connects", "used to", "everyone who gets ...", "usually")
        Msg("adapter_open_failed",
            r"(?i)^(?![^\n]{0,400}?\?\s*$)(?![^\n]{0,400}?\b(?:if|when(?:ever)?|in case|unless|until|after|afterwards|used to|had|have had"
            r"|everyone|everybody|usually|often|sometimes|make sure|you (?:may|might|will|would|could|can)"
            r"|no longer|not anymore|fixed|solved|resolved|works now|working now|now works)\b)"
            r"(?![^\n]{0,400}?(?:\b(?:esptool|minicom|screen|putty|picocom|avrdude|hid(?:_\w+|api)?|teensy\w*|log|file|dfu-util|stm32flash|bossac)\b|/dev/))"
            r"(?:(?=[^\n]{0,400}?\b(?:openocd|st-?link|stlink|probe|adapter)\b)[^\n]{0,300}?[\"'`]Error: open failed"
            r"|[^\n]{0,300}?\bopenocd\b[^.!?\n\"'`]{0,40}?[\"'`]open failed)[.!]?[\"'`]",
            strength="weak", fail=True, src="OpenOCD 0.9-0.12 'open failed', quoted in a sentence (swd s24)",
            example='It turns out USB 3.0 capable ports do not work with OpenOCD, it fails with "Error: open failed".'),
        # src/jtag/drivers/cmsis_dap_usb.c 0.9-0.10 "unable to find CMSIS-DAP device", cmsis_dap.c 0.11-0.12 "unable to find a
        # matching CMSIS-DAP device": no USB device with a CMSIS-DAP product string (or the configured vid/pid) was found
        Msg("adapter_open_failed", r"unable to find (?:a matching )?CMSIS-DAP device|No CMSIS-DAP device found", strength="strong", fail=True,
            attrs={"wanted": "cmsis-dap"}, example="Error: unable to find a matching CMSIS-DAP device"),
        Msg("adapter_open_failed", r"No J-Link device found|jaylink_open\(\) failed", strength="strong", fail=True, attrs={"wanted": "jlink"},
            example="Error: No J-Link device found"),
        # (daplink-mbed-particle s14) 0.7-0.9 src/jtag/drivers/jlink.c jlink_init() (before libjaylink): jlink_usb_open() found no
        # Segger VID:PID it could open (none plugged in, a board whose interface chip runs other firmware, no driver/permission)
        Msg("adapter_open_failed", r"Cannot find jlink Interface! Please check connection and permissions", strength="strong", fail=True,
            attrs={"wanted": "jlink"}, src="openocd 0.7-0.9 src/jtag/drivers/jlink.c",
            example="Error: Cannot find jlink Interface! Please check connection and permissions."),
        # (arduino-ide2 s12) cmsis_dap_usb.c 0.9-0.10 and cmsis_dap_usb_hid.c 0.11-0.12 print this only after hid_enumerate()
        # matched a CMSIS-DAP device (its vid:pid filled in) and hid_open()/hid_open_path() then failed: the probe is on the
        # bus and this user or OS may not open it (Linux hidraw/usb node without a udev rule, Windows without its HID driver,
        # or another program holds it). "unable to find ..." above is the probe not being there
        Msg("adapter_open_failed", r"unable to open CMSIS-DAP device(?: 0x(?P<vid>[0-9a-fA-F]{1,4}):0x(?P<pid>[0-9a-fA-F]{1,4}))?",
            strength="strong", fail=True, attrs={"wanted": "cmsis-dap", "state": "present"}, convert=(("vid", id4), ("pid", id4)),
            example="Error: unable to open CMSIS-DAP device 0xc251:0xf001"),
        Msg("adapter_open_failed", r"unable to open ftdi device", strength="strong", fail=True,
            example="Error: unable to open ftdi device with vid 0403, pid 6010, description '*', serial '*' at bus location '*'"),
        Msg("adapter_open_failed", r"ST-LINK open failed \((?:vid/pid|serial) mismatch\)", strength="strong", fail=True, attrs={"wanted": "stlink"},
            example="Error: ST-LINK open failed (vid/pid mismatch)"),
        Msg("adapter_open_failed", r"^(?:Error: )?No STLINK", strength="strong", fail=True, attrs={"wanted": "stlink"}, example="Error: No STLINK found"),
        # (usb-passthrough s13) espressif/openocd-esp32 src/jtag/drivers/esp_usb_jtag.c (v0.10.0-esp32-2021 .. v0.12.0-esp32-
        # 2026): the built-in USB-Serial/JTAG of an ESP32-C3/S3/C6/H2 (303a:1001); "Device found" once it opened the unit
        # (libusb_open() errors before it were other devices tried on the way, espressif/openocd-esp32#255)
        Msg("adapter_found", r"esp_usb_jtag: Device found\. Base speed", strength="strong", attrs={"adapter": "esp_usb_jtag"},
            example="Info : esp_usb_jtag: Device found. Base speed 40000KHz, div range 1 to 255"),
        Msg("adapter_open_failed", r"esp_usb_jtag: could not find or open device", strength="strong", fail=True,
            attrs={"wanted": "esp_usb_jtag"}, example="Error: esp_usb_jtag: could not find or open device!"),
        # raspberrypi/openocd rp2040 branch src/jtag/drivers/picoprobe.c (2021-2022): the picoprobe protocol driver
        # (interface/picoprobe.cfg) looks for 2e8a:0004 only; debugprobe/picoprobe firmware since 2022 is a CMSIS-DAP probe
        # (2e8a:000c) that needs interface/cmsis-dap.cfg
        Msg("adapter_open_failed", r"Can't find a picoprobe device", strength="strong", fail=True, attrs={"wanted": "picoprobe"},
            example="Error: Can't find a picoprobe device! Please check device connections and permissions."),
        # src/jtag/drivers/cmsis_dap.c 0.11-0.12: the probe answered a command id as unknown (DAP_SWD_Sequence 0x1d, needed
        # for the RP2040's multidrop SWD, came with CMSIS-DAP 1.2): its firmware is older than what OpenOCD asks of it
        Msg("probe_firmware_old", r"CMSIS-DAP command 0x[0-9a-fA-F]+ not implemented", strength="strong", fail=True,
            example="Error: CMSIS-DAP command 0x1d not implemented"),
        # (swd s7) src/jtag/drivers/cmsis_dap_usb.c 0.10, cmsis_dap.c 0.11-0.12: a DAP command (DAP_Info, Connect, SWJ_Clock,
        # SWJ_Pins, Transfer/SWD_Configure, SWD_Sequence...) came back without DAP_OK or not at all: the probe itself did not
        # carry it out (its firmware, e.g. a DAPLink release that broke a probe, a DIY build, or its USB link), before any
        # target was involved. The SWO commands (CMD_SWO_*) only concern trace and are left out.
        Msg("probe_command_failed", r"CMSIS-DAP command (?P<command>CMD_(?!SWO)[A-Za-z_]+|SWD_Sequence) failed", strength="strong", fail=True,
            example="Error: CMSIS-DAP command CMD_INFO failed."),
        Msg(None, r"^(?:Error: )?Failed to open or find the device$", strength="strong",
            example="Error: Failed to open or find the device"),
        Msg("adapter_missing", r"The specified debug interface was not found|The specified adapter driver was not found", strength="strong",
            fail=True, example="Error: The specified debug interface was not found (picoprobe)"),
    ),
    group(
        "OpenOCD 0.10-0.12 and later src/jtag/drivers/bcm2835gpio.c, linuxgpiod.c (also imx_gpio, am335xgpio): the host's GPIO pins "
        "as the SWD adapter (a Raspberry Pi wired to the board, as Klipper users flash a bootloader)",
        # bcm2835gpio 0.10 opened /dev/mem, 0.11-0.12 /dev/gpiomem then /dev/mem ("open: %s"), later the configured device
        # ("open /dev/gpiomem: %s"): the user may not open it (root, or the gpio group for /dev/gpiomem), or the board has
        # none (not a Pi, or a Pi 5, whose RP1 GPIO bcm2835gpio cannot drive)
        Msg("adapter_open_failed", r"^(?:Error: )?open(?: (?P<device>/dev/\S+))?: (?P<reason>Permission denied|Operation not permitted|"
            r"No such file or directory)\s*$", fail=True, attrs={"adapter": "gpio"}, example="Error: open: Permission denied"),
        # mapping the GPIO registers failed: the peripheral base of another Pi model in the interface script, or a Pi 5
        Msg("adapter_open_failed", r"^(?:Error: )?mmap(?: pads)?: (?P<reason>\S.*)$", fail=True, attrs={"adapter": "gpio"},
            example="Error: mmap: Invalid argument"),
        # linuxgpiod 0.11 "Cannot open LinuxGPIOD gpiochip %d", 0.12 and later "Cannot open LinuxGPIOD chip %d for %s": no such
        # chip (a Pi 5 kernel numbers its header GPIO chip 4 or 0) or no access to /dev/gpiochipN
        Msg("adapter_open_failed", r"Cannot open LinuxGPIOD (?:gpio)?chip (?P<chip>\d+)", strength="strong", fail=True,
            attrs={"adapter": "gpio", "reason": "chip"}, example="Error: Cannot open LinuxGPIOD chip 0 for swclk"),
        # a line of the chip could not be claimed (0.11 "Error get line"/"Error request_output line", 0.12 "Error requesting gpio
        # line", later "Cannot configure LinuxGPIOD line for", "Error configuring gpio line"): taken by another program or
        # a kernel driver (SPI, UART, a Klipper host MCU), or no such line
        Msg("adapter_open_failed", r"(?:Error (?:get|request_(?:in|out)put|requesting gpio|configuring gpio) line|"
            r"Cannot configure LinuxGPIOD line for) (?P<pin>\w+)", strength="strong", fail=True, attrs={"adapter": "gpio", "reason": "line"},
            example="Error: Error requesting gpio line swclk"),
        # the GPIO driver was given no SWD pins (0.12 `adapter gpio swclk/swdio`, 0.11 `bcm2835gpio swd_nums` / `linuxgpiod
        # swd_nums`): an interface script for another OpenOCD version, or one for JTAG
        Msg("adapter_open_failed", r"Require swclk and swdio gpio for SWD mode", strength="strong", fail=True,
            attrs={"adapter": "gpio", "reason": "no SWD pins configured"}, example="Error: Require swclk and swdio gpio for SWD mode"),
    ),
    group(
        "openocd 0.10-0.12 src/jtag/hla/hla_interface.c, src/jtag/core.c, src/target/adi_v5_swd.c, arm_adi_v5.c (the target)",
        Msg("init_mode_failed", r"init mode failed \(unable to connect to the target\)", strength="strong", fail=True,
            example="Error: init mode failed (unable to connect to the target)"),
        # (spent-f s10) src/jtag/drivers/stlink_usb.c 0.7-0.9 logged the same failed ST-Link attach without the reason
        Msg("init_mode_failed", r"(?:^|: )init mode failed\s*$", strength="strong", fail=True,
            src="openocd 0.7-0.9 src/jtag/drivers/stlink_usb.c", example="Error: init mode failed"),
        # (intl s23) System Workbench for STM32 (AC6 SW4STM32, an Eclipse wrapper of its own OpenOCD build) reports a debug
        # launch whose OpenOCD never attached with the bare line "Wrong device detected" above the console: in both threads
        # the probe never reached the chip (community.st.com 407566: its log goes on with "init mode failed (unable to
        # connect to the target)"; w-jiro.hateblo 2019, a Blue Pill that took the write only while RESET was held). Not an
        # image for another chip (failure_cues wrong_target, which excludes these forms): the whole line, bare, after the
        # launcher's "Reason:" ("OpenOCD Problem Occured, Reason: Wrong device detected", "OpenOCD child process termination.
        # Reason: wrong device detected") or as "Error: Wrong device detected"; the bare line alone above another tool's
        # output is not OpenOCD's (settle)
        Msg("init_mode_failed", _SW4STM32_WRONG_DEVICE, strength="strong", fail=True,
            src="SW4STM32 (AC6 System Workbench) OpenOCD launcher", example="Wrong device detected"),
        Msg("unexpected_idcode", r"UNEXPECTED idcode:\s*(?P<idcode>0x[0-9a-fA-F]+)", strength="strong", fail=True, convert=_ID,
            example="Warn : UNEXPECTED idcode: 0x2ba01477"),
        Msg("unexpected_idcode", r"JTAG tap: \S+\s+UNEXPECTED: (?P<idcode>0x[0-9a-fA-F]+)", strength="strong", fail=True, convert=_ID,
            example="Warn : JTAG tap: stm32f1x.cpu       UNEXPECTED: 0x3ba00477 (mfg: 0x23b (ARM Ltd), part: 0xba00, ver: 0x3)"),
        Msg("expected_idcode", r"expected \d+ of \d+:\s*(?P<idcode>0x[0-9a-fA-F]+)", fail=True, convert=_ID,
            example="Error: expected 1 of 1: 0x1ba01477"),
        Msg("dp_connect_failed", r"Error connecting DP: cannot read IDR", strength="strong", fail=True,
            example="Error: Error connecting DP: cannot read IDR"),
        Msg("dp_connect_failed", r"Could not initialize the debug port", strength="strong", fail=True,
            example="Error: Could not initialize the debug port"),
        Msg("dp_connect_failed", r"jtag status contains invalid mode value - communication failure", strength="strong", fail=True,
            example="Error: jtag status contains invalid mode value - communication failure"),
        Msg("dp_connect_failed", r"JTAG scan chain interrogation failed: all (?P<state>zeroes|ones)", strength="strong", fail=True,
            example="Error: JTAG scan chain interrogation failed: all ones"),
        Msg("dp_connect_failed", r"(?:Failed to|Could not) connect multidrop", strength="strong", fail=True,
            example="Error: Failed to connect multidrop rp2040.dap0"),
        Msg("dp_connect_failed", r"SWD ack not OK|\bDAP init failed", fail=True,
            example="Debug: 618 742 cmsis_dap.c:872 cmsis_dap_swd_read_process(): SWD ack not OK @ 0 JUNK"),
        # target.c handle_target: a poll of a target examined before failed (0.7-0.9 "..., GDB will be halted. Polling again
        # in 100ms", 0.10-0.12 "..., trying to reexamine", newer "[stm32f1x.cpu] Polling failed, trying to reexamine")
        Msg("dp_connect_failed", r"Polling target \S+ failed|\] Polling failed, trying to reexamine", fail=True, attrs={"lost": True},
            example="Polling target stm32f1x.cpu failed, trying to reexamine"),
        # (healthy s20) src/jtag/drivers/stlink_usb.c stlink_usb_state() 0.10-0.12: the last state query of the ST-Link failed
        # (the target was reset or lost power), so it enters the debug mode again before asking: the target was lost, not
        # yet found missing; a later examine that prints the core again shows it came back (OpenocdParser._reexamined)
        Msg("state_query_failed", r"Previous state query failed, trying to reconnect", fail=True, attrs={"lost": True},
            src="openocd 0.10-0.12 src/jtag/drivers/stlink_usb.c stlink_usb_state() (healthy s20; example: the source's format)",
            example="Info : Previous state query failed, trying to reconnect"),
        Msg("dp_connect_failed", r"Could not find MEM-AP to control the core", strength="strong", fail=True, attrs={"mem_ap": True},
            example="Error: Could not find MEM-AP to control the core"),
        Msg("target_examine_failed", r"Examination failed|examination failed|Target not examined", fail=True,
            example="Warn : target stm32f3x.cpu examination failed"),
        # tcl/target/nrf52.cfg 0.11-0.12 prints this notice on every run through a high-level adapter (hla: ST-Link): advice,
        # not a failure (with an ST-Link an AP-locked nRF52 only shows as "examination failed")
        Msg(None, r"nRF5\d device has a CTRL-AP dedicated to recover|A high level adapter \(like a ST-Link\) you are currently using cannot access|"
            r"the CTRL-AP so 'nrf5\d_recover' command will not work|^Do not enable UICR APPROTECT", strength="strong", benign=True,
            attrs={"field": "hla_nrf_notice"}, example="A high level adapter (like a ST-Link) you are currently using cannot access"),
        # (healthy s7) flash/nor/nrf5.c: nrf5_protect_check() warns "Flash protection of this nRF device is not supported" on
        # nRF5 parts without BPROT/CLENR0 (nRF52840's ACL, nRF53/91) whenever protection is queried (flash info, erase_check);
        # before 491636c8b (2020-03) `nrf5 mass_erase` queried it after a successful erase and then logged "Failed to check
        # chip's write protection": the erase had been done. Neither line is a failure; what follows (erase_check, program)
        # says whether the work succeeded
        Msg(None, r"Flash protection of this nRF device is not supported|Failed to check chip's write protection", strength="strong",
            benign=True, example="Warn : Flash protection of this nRF device is not supported"),
        Msg("target_halt_timeout", r"timed out while waiting for target halted", fail=True,
            example="Error: timed out while waiting for target halted"),
        Msg("reset_failed", r"\*\* Unable to reset target \*\*", fail=True, example="embedded:startup.tcl:1029: Error: ** Unable to reset target **"),
        # (wrappers s25) the same reset sequence failing when the reset is asked for directly (`-c "reset halt"`, `reset init`,
        # west flash's command list) rather than through `program`: OpenOCD 0.9-0.12 src/target/startup.tcl
        # ocd_process_reset_inner raises "TARGET: %s - Not halted" after its 1 s wait for the halt. Not the gdb-attach form
        # of ST's gdb_helper.tcl ("gdb_helper.tcl:18: Error: TARGET: ... - Not halted"), which is no reset
        Msg("reset_failed", r"^(?:embedded:startup\.tcl:\d+: )?(?:Error: )?TARGET: \S+ - Not halted\s*$", fail=True,
            example="TARGET: stm32f4x.cpu - Not halted"),
        Msg("idcode", r"SWD DPIDR\s*(?P<idcode>0x[0-9a-fA-F]{8})", strength="strong", convert=_ID, example="Info : SWD DPIDR 0x1ba01477"),
        # (byid-swd-avr s16) Black Magic Probe / BMDA 1.10-2.0 src/target/adiv5.c adiv5_dp_init(): the debug port's DPIDR, read
        # and found valid (designer code set, version > 0, bit 0 set): the SWD wires carry data both ways
        Msg("idcode", r"^DP DPIDR (?P<idcode>0x[0-9a-fA-F]{8}) \(v\d", strength="strong", convert=_ID,
            src="Black Magic Probe 1.10-2.0 src/target/adiv5.c adiv5_dp_init() (DEBUG_INFO)",
            example="DP DPIDR 0x2ba01477 (v1 rev2) designer 0x43b partno 0xba"),
        Msg("idcode", r"JTAG tap: \S+ tap/device found: (?P<idcode>0x[0-9a-fA-F]{8})", convert=_ID,
            example="Info : JTAG tap: stm32f1x.cpu tap/device found: 0x3ba00477 (mfg: 0x23b, part: 0xba00, ver: 0x3)"),
        # (swd s7) the target name before ".cpu" is the config's (stm32f1x.cfg: stm32f1x; CubeIDE: STM32F303RETx) and the
        # core's resources are the chip's: Cortex-M0/M0+/M23 have at most 4 breakpoints and 2 watchpoints, M3/M4/M7/M33 6-8
        # and 4 (armv7m/armv8m FPB and DWT sizes): a config for another STM32 family than the chip shows here
        Msg(None, r"\.cpu\d?\]?:? hardware has (?P<bp>\d+) breakpoints(?:, (?P<wp>\d+) watchpoints)?|"
            r"\.cpu\d?(?:\]|:) Cortex-M(?P<core>\d+)\S* r(?P<rev>\d)p\d processor detected", attrs={"field": "examined"},
            example="Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints"),
    ),
    group(
        "openocd 0.10-0.12 src/flash/nor/stm32f1x.c, stm32f2x.c, stm32l4x.c and tcl/target/*.cfg (the flash)",
        # 0.7-0.12 stm32f1x.c/stm32f2x.c/stm32l4x.c "stm32x device protected" (erase, write); "Device Security Bit Set" (the
        # unlock command finding RDP set, f1x in 0.7-0.10, f2x to date); "flash memory write protected" (f2x, h7x, l4x WRP);
        # stm32lx.c "access denied / write protected"; a halted-target paste from telnet has no level prefix
        Msg("flash_protected", r"\bstm32[a-z0-9]{0,8} device protected|Device Security Bit Set|flash memory write protected|device is (?:read|write)[- ]protected|"
            r"access denied / write protected", strength="strong", fail=True, example="Error: stm32x device protected"),
        Msg("flash_protected", r"(?i)read[- ]?out protection (?:is )?(?:enabled|active|set)|\bRDP level [12]\b", fail=True,
            example="Info : read-out protection is enabled"),
        Msg("flash_protected", r"nRF5\d device has AP lock engaged|^Debug access is denied", strength="strong", fail=True,
            example="nRF52 device has AP lock engaged (see UICR APPROTECT register)."),
        # (rust-zephyr-probes s13) 0.8-0.12 at91samd.c samd_check_error() and 0.11-0.12 atsame5.c: the NVM controller's LOCKE
        # status bit, returned as ERROR_FLASH_PROTECTED: the row lies in a locked region, or in the bootloader area the
        # user row's BOOTPROT fuse protects (an Arduino/Adafruit SAMD bootloader); "SAMD: NVM programming error" (PROGE)
        # is another matter and is not this row
        Msg("flash_protected", r"\bSAMD?: NVM lock error\b", strength="strong", fail=True, example="Error: SAMD: NVM lock error"),
        # (probes-vendors s22) 0.9-0.12 kinetis.c and kinetis_ke.c kinetis_check_flash_security_status(): the MDM-AP status
        # reads the System Security bit set (FSEC secured) through the whole wait, and the starred warning block says the
        # debug interface will not work until `kinetis mdm mass_erase`
        Msg("flash_protected", r"\bYour Kinetis MCU is in secured state\b", strength="strong", fail=True, attrs={"family": "kinetis"},
            example="Warn : **** Your Kinetis MCU is in secured state, which means that,  ****"),
        # (review s22) kinetis.c after `kinetis mdm mass_erase` (or a re-examine of an unsecured part): the part is unsecured now
        Msg(None, r"\bMDM: Chip is unsecured\b", strength="strong", attrs={"field": "kinetis_unsecured"},
            example="Info : MDM: Chip is unsecured. Continuing."),
        # (byid-swd-avr s16) 0.11-0.12 src/flash/nor/core.c flash_driver_protect() ("Flash protection is not supported.",
        # 0.11, without the stop since): a `flash protect ... off` was asked of a flash driver that has no protect method
        # (stm32lx, stm32l4x before 0.11, most non-ST drivers). People issue it to lift a protection they met, the
        # read-out protection (RDP) of an STM32L0/L1 in probe-rs#634, which the family's "<driver> unlock 0" removes
        Msg("protect_unsupported", r"\bFlash protection is not supported\b", strength="strong", fail=True,
            example="Error: Flash protection is not supported."),
        Msg("flash_unlocked", r"stm32[a-z0-9]* unlocked|\bdevice unlocked|mass erase complete|device has been successfully erased and unlocked",
            example="stm32x unlocked."),
        Msg("target_unidentified", r"Cannot identify target as an? (?:STM32|stm32x)", fail=True,
            example="Warn : Cannot identify target as a STM32 family."),
        Msg("target_unidentified", r"Device id = 0x[0-9a-f]+ is unknown|Unknown device \(ID", fail=True,
            example="Warn : Device id = 0x10006413 is unknown"),
        Msg(None, r"device id = (?P<device_id>0x[0-9a-fA-F]+)", attrs={"field": "device_id"}, example="Info : device id = 0x20036410"),
        # stm32f1x.c, stm32f2x.c, stm32l4x.c, stm32lx.c: the flash size register could not be read (a warning: a default is taken)
        Msg("flash_size_unread", r"STM32L? flash size failed, probe inaccurate", strength="strong",
            example="Warn : STM32 flash size failed, probe inaccurate - assuming 128k flash"),
        Msg(None, r"^(?:Info : )?flash '\w+' found at 0x[0-9a-fA-F]+", strength="strong", example="flash 'stm32f1x' found at 0x08000000"),
        Msg(None, r"target halted due to (?:breakpoint|debug-request|single-step|watchpoint), current mode:", strength="strong",
            example="target halted due to debug-request, current mode: Thread"),
        Msg(None, r"^xPSR: 0x[0-9a-fA-F]+ pc: 0x", strength="strong", example="xPSR: 0x61000000 pc: 0x2000003a"),
        Msg(None, r"flash size = (?P<flash_kib>\d+) ?[kK](?:bytes|iB)", attrs={"field": "flash_kib"}, example="Info : flash size = 64 KiB"),
    ),
    group(
        "openocd 0.10-0.12 src/flash/startup.tcl (`program`)",
        Msg("program_started", r"\*\* Programming Started \*\*", strength="strong", example="** Programming Started **"),
        Msg("program_finished", r"\*\* Programming Finished \*\*", strength="strong", example="** Programming Finished **"),
        Msg("program_verified", r"\*\* Verified OK \*\*", strength="strong", example="** Verified OK **"),
        Msg("program_failed", r"\*\* (?:Programming|Verify) Failed \*\*", strength="strong", fail=True, example="** Programming Failed **"),
        # src/target/target.c verify_image 0.10-0.12: the CRC of what was written differs, then a byte compare lists the diffs
        Msg("verify_mismatch", r"checksum mismatch - attempting binary compare", strength="strong", fail=True,
            example="Error: checksum mismatch - attempting binary compare"),
        # src/flash/nor/core.c 0.10-0.12: an image section at an address no flash bank covers is skipped (a .bin given no
        # address is written at 0x00000000, where an STM32's flash is only aliased): nothing is written there
        # (0.9-0.10 print the address as bare hex, "%" PRIx32: "for address 0"; 0.11+ TARGET_ADDR_FMT: "0x00000000")
        Msg("no_flash_bank", r"no flash bank found for address (?P<address>(?:0x)?[0-9a-fA-F]+)\b", strength="strong", fail=True,
            example="Warn : no flash bank found for address 0x00000000"),
        # (spent-f s10) openocd 0.4-0.5 worded the same skip as an error (community.sparkfun.com 24300, 0.4.0 on an STM32F103)
        Msg("no_flash_bank", r"^(?:Error: )?No flash at address (?P<address>0x[0-9a-fA-F]+)\b", strength="strong", fail=True,
            src="openocd 0.4-0.5 src/flash/nor/core.c", example="Error: No flash at address 0x0001b358"),
        # src/flash/nor/tcl.c / startup.tcl 0.9-0.12 flash write_image / program: the image gave no byte to any flash bank
        Msg("nothing_written", r"^wrote 0 bytes from file (?P<file>\S+)", strength="strong", fail=True,
            example="wrote 0 bytes from file project.bin in 0.001464s (0.000 KiB/s)"),
        Msg("program_failed", r"\*\* OpenOCD init failed \*\*", strength="strong", fail=True, example="** OpenOCD init failed **"),
        Msg(None, r"\*\* (?:Verify Started|Resetting Target) \*\*", strength="strong", example="** Resetting Target **"),
        Msg(None, r"^in procedure '(?:init|ocd_bouncer|program|transport|adapter|hla_|program_error|reset|flash)", strength="strong",
            example="in procedure 'ocd_bouncer'"),
        Msg(None, r"^in procedure '", strength="weak", example="in procedure 'script'"),
        Msg(None, r"^(?:embedded:startup\.tcl|\S+\.cfg):\d+: Error:\s*$", example="openocd.cfg:16: Error: "),
        Msg("image_missing", r"^(?:Error: )?couldn't open (?P<path>\S.*\.(?:bin|hex|elf|ihex|s19|srec))\s*$", strength="strong", fail=True,
            example="Error: couldn't open C:\\Users\\me\\AppData\\Local\\Arduino15\\packages\\x\\s132_nrf52_2.0.1_softdevice.hex"),
    ),
    group(
        "Black Magic Probe firmware and BMDA 1.6-2.0 src/command.c, src/target/adiv5.c (`monitor swdp_scan`/`swd_scan`/"
        "`jtag_scan`/`auto_scan` through gdb, or `blackmagic -t`): its voltage line is the target_voltage row above",
        # 1.6-1.9 "SW-DP scan failed!", 1.10-2.0 "SWD scan failed!", all "JTAG device scan failed!", 1.9+ "auto scan failed!":
        # nothing answered on the debug pins (the voltage line before it says whether the target had power)
        Msg("dp_connect_failed", r"^(?:SW-DP|SWD|JTAG device|auto) scan failed!", strength="strong", fail=True,
            example="SW-DP scan failed!"),
        # (audit-probes s18) src/command.c "Target voltage: %s" with platform_target_voltage()'s word instead of a reading:
        # the native BMP's hardware version 0 senses only whether VREF is there (1.6-1.10 "ABSENT!"/"OK", 2.0 "Absent"/
        # "Present"); the f072/f3/96b_carbon builds of 1.9-1.10 print "ABSENT!" always (2.0 "Unknown"). So it counts
        # only beside a failed scan (SWD003's rule)
        Msg("target_voltage_absent", r"^Target voltage: (?:ABSENT!|Absent)\s*$", strength="strong",
            src="Black Magic Probe 1.6-2.0 src/command.c, src/platforms/native/platform.c (audit-probes s18; examples: the source's format filled in)",
            example="Target voltage: ABSENT!"),
        Msg(None, r"^Target voltage: (?:OK|Present|Unknown)\s*$", strength="strong",
            src="Black Magic Probe 1.6-2.0 src/command.c, src/platforms/*/platform.c (audit-probes s18; examples: the source's format filled in)",
            example="Target voltage: Unknown"),
        # 1.10-2.0: the scan timed out waiting on the target: its core sleeps in WFI/WFE with the debug clock off
        Msg("swd_wait", r"Timeout during scan\. Is target stuck in WFI\?", strength="strong", fail=True,
            example="Timeout during scan. Is target stuck in WFI?"),
        Msg("tool_error", r"^(?P<text>No usable targets found\.)$", strength="strong", fail=True, example="No usable targets found."),
        # BMDA (hosted) 1.7-1.8 src/target/adiv5_swdp.c: no debug port answered the SWD line reset and IDCODE read (a parity
        # error or no ACK on every try), then the JTAG fallback found nothing: the same reading as "SW-DP scan failed!"
        Msg("dp_connect_failed", r"^No usable DP found$", strength="strong", fail=True, example="No usable DP found"),
        Msg(None, r"^Exception: SWDP Parity error$|^Scan SWD failed, trying JTAG!$|^Trying old JTAG to SWD sequence$", strength="strong",
            benign=True, example="Exception: SWDP Parity error"),
        # src/target/stm32f1.c (1.6-2.0) `monitor option`: the option bytes set read-out protection (F0/F1/F3)
        Msg("flash_protected", r"^Device is Read Protected", strength="strong", fail=True, example="Device is Read Protected"),
        # gdb's own words when the probe refused the flash erase of a `load` (BMP, or any gdb server with a flash map)
        Msg("flash_erase_failed", r"^Error erasing flash with vFlashErase packet", strength="strong", fail=True,
            example="Error erasing flash with vFlashErase packet"),
        # gdb's `compare-sections` after a `load` (gdb/remote.c): a section read back differs from the ELF although the load
        # reported no error (blackmagic#1117: BMDA over CMSIS-DAP at 25 MHz; lower the SWD frequency and compare again)
        Msg("verify_mismatch", r"^Section \S+, range 0x[0-9a-fA-F]+ -- 0x[0-9a-fA-F]+: MIS-MATCHED!$|"
            r"^warning: One or more sections of the target image does not match$", strength="strong", fail=True,
            example="Section .text, range 0x80001ac -- 0x800167c: MIS-MATCHED!"),
        Msg(None, r"^Section \S+, range 0x[0-9a-fA-F]+ -- 0x[0-9a-fA-F]+: matched\.$", strength="strong", benign=True,
            example="Section .isr_vector, range 0x8000000 -- 0x80001ac: matched."),
        Msg(None, r"JTAG scan found no devices, trying SWD", strength="strong", benign=True,
            example="JTAG scan found no devices, trying SWD!"),
        # adiv5.c 1.10-2.0: a debug warning in every verbose scan of some parts (the scan goes on): not a failure
        Msg(None, r"^adiv5: power-down failed$", benign=True, example="adiv5: power-down failed"),
        # (bmp audit s8) blackmagic v1.6.1-v2.0.0 src/command.c, src/target/adiv5*.c, jtag_scan.c, cortexm.c, sam*.c, stm32*.c and
        # BMDA src/platforms/hosted/*.c: gdb_out/tc_printf/DEBUG_WARN texts as the gdb console or BMDA shows them
        # (/work/notes/audit8-bmp lists them; examples are the source's format filled in)
        Msg("dp_connect_failed", r"^(?:SW-?DP scan found no devices|SWD scan found no devices|Can not attach to target \d+|Could not scan \S+: |DEBUG Power-Up failed|"
            r"Read SW-DP IDCODE failed|jtag_scan: (?:Sanity check failed|Maximum (?:device count|IR length|chain length) exceeded|IR does not match)|adi(?:v[56])?: power-up failed)",
            strength="strong", fail=True,
            src="Black Magic Probe 1.7-2.0 src/target/adiv5_swd.c, jtag_scan.c, BMDA src/platforms/hosted/bmp_hosted.c (bmp audit s8; examples: the source's format filled in)",
            example="SW-DP scan found no devices."),
        Msg("dp_connect_failed", r"^(?:Failure powering DBG|Failure reading IDCODE|No device connected|No target found|(?:SWDP|SW-DP|JTAG-DP|DP) ACK timeout)$",
            fail=True, src="Black Magic Probe 1.7-2.0 BMDA src/platforms/hosted/stlinkv2.c, src/target/adiv5_swd.c (bmp audit s8; examples: the source's format filled in)",
            example="SWDP ACK timeout"),
        Msg("dp_connect_failed", r"^Lost communications with target", strength="strong", fail=True, attrs={"lost": True},
            src="Black Magic Probe 1.9-2.0 src/target/adiv5.c (bmp audit s8; examples: the source's format filled in)", example="Lost communications with target"),
        # the core sleeps (WFI/WFE) or never halts: the firmware's own advice is connect under reset
        Msg("swd_wait", r"^Timeout sending interrupt, is target in WFI\?", strength="strong", fail=True,
            src="Black Magic Probe 1.6-2.0 src/gdb_main.c (bmp audit s8; examples: the source's format filled in)", example="Timeout sending interrupt, is target in WFI?"),
        Msg("target_halt_timeout", r"^Halt via DHCSR: Failure DHCSR .{0,120}connect under reset", strength="strong", fail=True,
            src="Black Magic Probe 1.8-1.9 src/target/cortexm.c (bmp audit s8; examples: the source's format filled in)",
            example="Halt via DHCSR: Failure DHCSR 00030003 after 1000 ms Try again, evt. with longer timeout or connect under reset"),
        Msg("target_held_reset", r"^(?:Reset seem to be stuck low!|DP not responding for IDCODE! Reset stuck low\?)", strength="strong", fail=True,
            src="Black Magic Probe 1.7-2.0 src/target/adiv5_swd.c / cortexm.c (bmp audit s8; examples: the source's format filled in)", example="Reset seem to be stuck low!"),
        # the chip's read-out protection / security bit stops the erase or the debug access
        Msg("flash_protected", r"^(?:Erase failed due to a protection error|MBIST not run due to protection error|Attached in protected mode, please issue 'monitor erase_mass'|"
            r"Security bit set! Scan again|Set the security bit! You will need to issue|\S+: Flash Access Protection enabled, UID reads as)", strength="strong", fail=True,
            src="Black Magic Probe 1.6-2.0 src/target/samd.c, sam4l.c, nrf51.c, kinetis.c (bmp audit s8; examples: the source's format filled in)",
            example="Attached in protected mode, please issue 'monitor erase_mass' to regain chip access"),
        Msg(None, r"^Use \"monitor option erase\" to unprotect", strength="strong",
            src="Black Magic Probe 1.6-1.8 src/target/stm32f1.c (bmp audit s8; examples: the source's format filled in)", example='Use "monitor option erase" to unprotect, erasing device'),
        Msg("flash_write_failed", r"^(?:Target lost in stub|flash is not ready, may be hanging mid unfinished command)", strength="strong", fail=True,
            src="Black Magic Probe 1.6-2.0 src/target/cortexm.c, stm32*.c (bmp audit s8; examples: the source's format filled in)", example="Target lost in stub"),
        # BMDA (hosted) 1.7-2.0: finding and opening the probe
        Msg("adapter_open_failed", r"^(?:No usable debugger found|No Black Magic Probes found|No BMP probe found|No debugger found\. Please check access rights to USB devices|"
            r"No cable matching found for |Failed to determine how many USB devices are attached)", strength="strong", fail=True,
            src="Black Magic Probe BMDA 1.7-2.0 src/platforms/hosted/platform.c, bmp_libusb.c, bmp_serial.c (bmp audit s8; examples: the source's format filled in)",
            example="No debugger found. Please check access rights to USB devices!"),
        Msg("adapter_open_failed", r"^No (?:serial devices?|probes) found$", fail=True, src="Black Magic Probe BMDA 1.9-2.0 src/platforms/hosted/bmp_serial.c (bmp audit s8; examples: the source's format filled in)",
            example="No serial devices found"),
        Msg("usb_access_denied", r"Open USB [0-9a-fA-F]{4}:[0-9a-fA-F]{4} (?:class [0-9a-fA-F]+ )?failed", strength="strong", fail=True,
            src="Black Magic Probe BMDA 1.7-1.9 src/platforms/hosted/bmp_libusb.c (bmp audit s8; examples: the source's format filled in)", example="INFO: Open USB 1d50:6018 failed"),
        Msg("probe_in_bootloader", r"^BMP in bootloader mode found\. Restart or reflash!", strength="strong", fail=True,
            src="Black Magic Probe BMDA 1.8-1.9 src/platforms/hosted/bmp_libusb.c (bmp audit s8; examples: the source's format filled in)", example="BMP in bootloader mode found. Restart or reflash!"),
        Msg(None, r"^(?:Erase successful!|Erase OK\.|Mass erase complete|Erasing flash\.\.\. This may take a few seconds|Connecting under reset$|"
            r"You are now detached from the previous target|Target already powered|Select probe with `-s )",
            strength="weak", src="Black Magic Probe 1.6-2.0 src/command.c, src/target/*.c (bmp audit s8; examples: the source's format filled in)", example="Erase successful!"),
        # (swd-probes s12) src/target/cortexm.c cortexm_probe() 1.9-2.0 (gdb_outf, DEBUG_WARN in BMDA): the scan reached a Cortex-M
        # core but no target driver claimed its ROM table's designer/part, so the probe has no flash driver for it; the
        # "Available Targets" row then reads "Unknown <driver> Designer 0x.. Part ID 0x.." (src/command.c 1.9-2.0, hosted cli.c
        # 1.9-1.10 without the 0x; 1.8 command.c/cl_utils.c "Designer %3x Partno %3x"). With ARM's designer 0x43b where an
        # STM32 carries ST's 0x020: an STM32 copy (blackmagic#2020)
        Msg("target_unidentified", r"^Please report unknown device with Designer 0x[0-9a-fA-F]+ Part ID 0x[0-9a-fA-F]+", strength="strong",
            fail=True, src="Black Magic Probe 1.9-2.0 src/target/cortexm.c (swd-probes s12)",
            example="Please report unknown device with Designer 0x43b Part ID 0x4c0"),
        Msg("target_unidentified", r"^\*{0,3}\s*\d+\s*\*?\s*Unknown .{1,40}? Designer +(?:0x)?[0-9a-fA-F]+ (?:Part ID|Partno) +(?:0x)?[0-9a-fA-F]+", strength="strong",
            fail=True, src="Black Magic Probe 1.9-2.0 src/command.c, BMDA src/platforms/hosted/cli.c (swd-probes s12)",
            example="*** 1   Unknown ARM Cortex-M Designer 0x43b Part ID 0x4c0 M0+"),
        Msg(None, r"^(?:Black Magic (?:Debug App|Probe) v?\d|Available Targets:$|No\. Att Driver$)", strength="strong",
            example="Black Magic Debug App v1.10.0-1426-g6cc8286e-dirty"),
    ),
    group(
        "DAPLink interface firmware 0242-0258 source/daplink/error.c, interface/target_flash.c, drag-n-drop/vfs_user.c (FAIL.TXT on the probe's drive after a drag-and-drop flash; "
        "ST-LINK/V2-1 and V3 with the Mbed drive, LPC-Link2, FRDM/micro:bit interfaces)",
        # FAIL.TXT holds one line of error.c's table ("error: " before it and "type: target" after it in the later
        # releases); the wording was shortened in 0257 ("The interface firmware FAILED to ..." became "Failed to ..."). ERROR_RESET: the
        # interface could not reset and halt the target: the debug port did not give it the core (wiring, power, or a
        # firmware that sleeps/disables SWD)
        Msg("dp_connect_failed", r"The interface firmware FAILED to reset/halt the target MCU|\bFailed to reset/halt the target MCU",
            strength="strong", fail=True, example="The interface firmware FAILED to reset/halt the target MCU"),
        # ERROR_ALGO_DL (target_flash.c target_flash_set): the reset/halt above succeeded, then writing the flash
        # algorithm into the target's RAM failed: the SWD wires carry data; the target's bus does not take writes (NRST
        # held low by the board, a damaged or different chip than the interface firmware was built for)
        Msg("flash_algo_download_failed", r"The interface firmware FAILED to download the flash programming algorithms?",
            strength="strong", fail=True,
            example="The interface firmware FAILED to download the flash programming algorithms to the target MCU."),
        Msg("flash_algo_download_failed", r"\bFailed to download flash algorithm to target MCU", strength="strong", fail=True,
            example="error: Failed to download flash algorithm to target MCU"),
        # the other target errors of the table (init, data download, unlock, erase, write, verify): failures GEN001 quotes
        Msg("daplink_error", r"The interface firmware (?:FAILED|ABORTED) ", strength="strong", fail=True,
            example="The interface firmware FAILED to initialize the target MCU"),
        Msg("daplink_error", r"\bFailed to (?:download the flash data contents|initialize the target MCU|uninitialize the target MCU|"
            r"unlock target MCU)|\bFlash algorithm (?:missing for a region|(?:erase sector|erase all|write|write verify) command FAILURE)|"
            r"^(?:error: )?The flash algo missing for a region|\bProgramming aborted: image would lock target MCU", strength="strong",
            fail=True, example="error: Flash algorithm write command FAILURE"),
        # (nrf-lora-zmk s12) ERROR_HEX_INVALID_ADDRESS (type user) and the IAP errors: the file was read in the mode that
        # does not take it. In MAINTENANCE (the interface chip's bootloader) a dropped file is written into the interface
        # chip's own flash by in-application programming, so an application hex fails there (IAP write failed, or its
        # addresses are refused); an interface firmware dropped on the application drive is refused the same way
        # (micro:bit: mirage#1, btlejack-firmware#11)
        Msg("daplink_wrong_mode", r"The hex file you dropped isn't compatible with this mode or device", strength="strong", fail=True,
            example="The hex file you dropped isn't compatible with this mode or device. Are you in MAINTENANCE mode? See HELP FAQ.HTM"),
        Msg("daplink_wrong_mode", r"^(?:error: )?In application programming (?:initialization|uninit|write|sector erase|mass erase) failed\.?\s*$|"
            r"^(?:error: )?In application programming aborted due to an out of bounds address", strength="strong", fail=True,
            attrs={"via": "iap"}, example="In application programming write failed."),
        # ERROR_TRANSFER_TIMEOUT (type user, transient): the host stopped writing the dropped file before its end was seen (a
        # browser's or OS's write pattern the interface firmware mishandles: DAPLink 0247 with Edge's save-as, DAPLink#492)
        Msg("daplink_transfer_timeout", r"^(?:error: )?The transfer timed out\.?\s*$", strength="strong", fail=True,
            example="error: The transfer timed out."),
        # (daplink-mbed-particle s14) the flash decoder's errors (drag-n-drop/flash_decoder.c flash_decoder_get_flash): in the
        # bootloader (MAINTENANCE) a dropped image that does not start at the interface firmware's address is refused with
        # ERROR_FD_INTF_UPDT_ADDR_WRONG: an application image on the MAINTENANCE drive (circuitpython#10730), the same mistake
        # as the IAP errors above
        Msg("daplink_wrong_mode", r"^(?:error: )?The starting address for the interface update is wrong", strength="strong", fail=True,
            example="error: The starting address for the interface update is wrong."),
        # flash_decoder_validate_target_image: with 'Incompatible image detection' on, the interface firmware checks the dropped
        # application against its board (board_detect_incompatible_image: a micro:bit V1 hex on a V2, ERROR_FD_INCOMPATIBLE_IMAGE);
        # ERROR_FD_BL_UPDT_ADDR_WRONG: a bootloader update whose start is not this interface chip's bootloader address (an image
        # for another interface chip). Both: an image built for another board or chip
        Msg("daplink_incompatible_image", r"^(?:error: )?The application image is not compatible with the target|"
            r"^(?:error: )?The starting address for the bootloader update is wrong", strength="strong", fail=True,
            example="error: The application image is not compatible with the target."),
        # a DAPLink release image's name (<version>_<interface chip>_<board>_0x<offset>, or a build's <hic>_<board>_if_crc): an
        # interface firmware, which only the MAINTENANCE drive (the interface chip's bootloader) takes (DAPLink#808: sent as a
        # program through Mbed Studio to the board's drive, FAIL.TXT 'FAILED to uninitialize the target MCU')
        Msg("daplink_interface_image", r"\b(?P<image>0[12]\d{2}_[a-z0-9]+_[a-z0-9_]+?_0x[0-9a-f]{4,5}\.(?:bin|hex)|[a-z0-9][a-z0-9_]{1,60}_if_crc(?:_[a-z0-9]+){0,3}\.(?:bin|hex))\b",
            example="firmware name: 0254_k20dx_frdmkl25z_0x8000.bin"),
        # DETAILS.TXT on the same drive (drag-n-drop/vfs_user.c: the firmware's settings, one 'Name: 0/1' line each): a setting
        # called "Overflow detection" is no failure
        Msg(None, r"^# DAPLink Firmware - see ", strength="strong", example="# DAPLink Firmware - see https://daplink.io"),
        Msg(None, r"^(?:Auto Reset|Automation allowed|Overflow detection|Incompatible image detection|Page erasing): [01]\s*$", strength="weak",
            benign=True, example="Overflow detection: 0"),
        Msg(None, r"^(?:Daplink Mode: (?:Interface|Bootloader)|(?:Interface|Bootloader) Version: \d{4}|HIC ID: [0-9a-fA-F]{8}|"
            r"(?:Interface|Bootloader) CRC: 0x[0-9a-fA-F]{8}|Remount count: \d+|Local Mods: [01]|USB Interfaces: MSD)", strength="weak",
            example="Daplink Mode: Interface"),
        Msg(None, r"^type: (?:target|user|transient|internal|interface)(?:, (?:target|user|transient|internal|interface))*\s*$",
            example="type: transient, user"),
        # (misses s20) ASSERT.TXT (vfs_user.c read_file_assert_txt, DAPLink 0240-0258): the interface or bootloader firmware
        # stopped at one of its own assertions, kept across the reboot ("Assert", "File: <name or (file)>", "Line: <n>",
        # "Source: Bootloader|Application"); NEED_BL.TXT: a bootloader update was cut short. Failures of the probe's own
        # firmware, which GEN001 quotes with the probe's next step
        Msg("daplink_assert", r"^Assert\s*$", strength="weak", fail=True, example="Assert"),
        Msg(None, r"^Source: (?:Bootloader|Application)\s*$", strength="weak", example="Source: Bootloader"),
        Msg("daplink_assert", r"^A bootloader update was started but unable to complete", strength="strong", fail=True,
            example="A bootloader update was started but unable to complete."),
    ),
    # (audit s8) every LOG_ERROR/LOG_WARNING/LOG_INFO/LOG_USER/command_print of the adapter drivers, hla, ADIv5, cortex_m,
    # flash/nor and helper files at v0.10.0-v0.12.0 filled in and run against these rows (/work/notes/audit8-openocd): the
    # messages below were claimed by no row or only by the catch-all "Error: ..." row. Examples: the source's format filled in.
    group(
        "openocd 0.10-0.12 src/jtag/drivers/stlink_usb.c, cmsis_dap.c, cmsis_dap_usb_bulk.c, cmsis_dap_usb_hid.c, jlink.c (the adapter)",
        # stlink_usb.c 0.12 (the stlink-server TCP backend, `st-link backend tcp`): the server sees no ST-Link, or another
        # program (STM32CubeIDE, CubeProgrammer) holds the one selected
        Msg("adapter_open_failed", r"^(?:Error: )?no ST-LINK detected$", strength="strong", fail=True, attrs={"wanted": "stlink"},
            example="Error: no ST-LINK detected"),
        Msg("probe_busy", r"the selected device is already used", strength="strong", fail=True,
            example="Error: the selected device is already used"),
        Msg("adapter_error", r"cannot connect to stlink server|cannot get the stlink-server version", strength="strong", fail=True, example="Error: cannot connect to stlink server, errno: Connection refused"),
        # cmsis_dap_usb_bulk.c 0.11-0.12: libusb_strerror() of libusb_open on the probe named by cmsis_dap_vid_pid/serial
        Msg("usb_access_denied", r"could not open device 0x[0-9a-fA-F]{4}:0x[0-9a-fA-F]{4}: Access denied", strength="strong", fail=True,
            example="Error: could not open device 0x2e8a:0x000c: Access denied (insufficient permissions)"),
        Msg("usb_no_driver", r"could not open device 0x[0-9a-fA-F]{4}:0x[0-9a-fA-F]{4}: Operation not supported", strength="strong", fail=True,
            example="Error: could not open device 0x2e8a:0x000c: Operation not supported or unimplemented on this platform"),
        Msg("adapter_open_failed", r"could not open device 0x(?P<vid>[0-9a-fA-F]{4}):0x(?P<pid>[0-9a-fA-F]{4}): ", strength="strong", fail=True,
            attrs={"wanted": "cmsis-dap"}, convert=(("vid", id4), ("pid", id4)),
            example="Error: could not open device 0xc251:0xf001: Entity not found"),
        Msg("probe_busy", r"could not claim interface: (?:Resource busy|LIBUSB_ERROR_BUSY)", strength="strong", fail=True,
            example="Warn : could not claim interface: Resource busy"),
        # (debug-probes s9) cmsis_dap_usb_bulk.c 0.11: an interface whose string names CMSIS-DAP is used whatever its USB
        # class, so a probe that names its CDC serial (class 2, data 10) or mass-storage (8) interface that way gets it (held
        # by cdc_acm: "could not claim interface: Resource busy", "error reading data", then CMD_INFO fails); 0.12 skips the
        # standard classes 1-0x12 and warns only for class 0 or above 0x12 (KitProg3), which work
        Msg("cmsis_dap_wrong_class", r"Using CMSIS-DAPv2 interface (?P<iface>\d+) with wrong class (?P<cls>\d+) subclass (?P<subclass>\d+)",
            strength="strong", convert=(("iface", int), ("cls", int), ("subclass", int)),
            example="Warn : Using CMSIS-DAPv2 interface 1 with wrong class 10 subclass 0 or protocol 0"),
        # cmsis_dap_usb_bulk.c 0.11-0.12 at -d: every USB device whose product string it read (the probe is on the bus and
        # could be opened when its product names CMSIS-DAP), then why each interface was skipped
        Msg("probe_enumerated", r"cmsis_dap_usb_open\(\): found product string of 0x(?P<vid>[0-9a-fA-F]{4}):0x(?P<pid>[0-9a-fA-F]{4}) "
            r"'(?P<product>[^']{0,80})'", strength="strong", convert=(("vid", id4), ("pid", id4)),
            example="Debug: 109 15 cmsis_dap_usb_bulk.c:157 cmsis_dap_usb_open(): found product string of 0x0d28:0x0204 'DAPLink CMSIS-DAP'"),
        # (gather-wrappers s20) libjaylink 0.1-0.3 discovery_usb.c probe_device() / transport_usb.c open_usb(): after matching a
        # SEGGER VID:PID it calls libusb_open() and on failure logs "Failed to open device: %s." with libusb_error_name()
        # (OpenOCD forwards it as Warn/Error). The J-Link is on the bus: ACCESS (a missing udev rule or group) and NOT_SUPPORTED
        # are read by the LIBUSB_ERROR_* rows above; NOT_FOUND is libusb's other Windows answer for a device whose interface
        # has no WinUSB-like driver (SEGGER's own driver before J-Link software 7.x; Zadig or a newer J-Link driver;
        # Marus/cortex-debug#632)
        Msg("usb_no_driver", r"Failed to open device: LIBUSB_ERROR_NOT_FOUND", strength="strong", fail=True,
            attrs={"wanted": "jlink"}, src="libjaylink 0.1-0.3 discovery_usb.c, transport_usb.c",
            example="Warn : Failed to open device: LIBUSB_ERROR_NOT_FOUND."),
        # jlink.c 0.10-0.12: libjaylink found the probe and could not open it (permissions, another program) or found several
        Msg("adapter_open_failed", r"Failed to open device: (?P<reason>\S.*?)\.?$", fail=True, attrs={"wanted": "jlink"},
            example="Error: Failed to open device: LIBJAYLINK_ERR."),
        Msg("adapter_error", r"Multiple devices found, specify the desired device", strength="strong", fail=True, example="Error: Multiple devices found, specify the desired device."),
        # the adapter cannot do what the configuration asks: the transport (swd/jtag/dapdirect/swim), or the probe failed a
        # command of its own before any target was involved (version read, voltage read, speed, a status OpenOCD does not know)
        Msg("transport_unsupported", r"mode \(transport\) not supported|SWD mode is not available|CMSIS-DAP: (?:SWD|JTAG) not supported|"
            r"CMSIS-DAP failed to connect in mode|Device supports JTAG transport only|Selected transport is not supported by the device|"
            r"ST-Link version does not support DAP direct transport", strength="strong", fail=True,
            example="Error: CMSIS-DAP: SWD not supported"),
        Msg("adapter_error", r"unknown/unexpected STLINK status code|CMSIS-DAP: Interface reset failed|unable to open HIDAPI",
            strength="strong", fail=True, example="Error: CMSIS-DAP: Interface reset failed"),
        Msg("adapter_error", r"^(?:Error: )?(?:read version failed|voltage check failed|Unable to set adapter speed|reset device failed|"
            r"libusb initialization failed)", fail=True, example="Error: read version failed"),
    ),
    group(
        "WCH's OpenOCD 0.11.0+dev (MounRiver Studio, PlatformIO tool-openocd-riscv-wch, jnk0le/openocd-wch) src/jtag/drivers/"
        "wlinke.c, tcl/interface/wlink.cfg: the WCH-Link in RISC-V mode (1a86:8010 only) over WCH's SDI transport",
        Msg(None, r"Transport \"sdi\" was already selected|only one transport option; autoselect 'sdi'", strength="strong",
            attrs={"field": "wch"}, example="Warn : Transport \"sdi\" was already selected"),
        Msg("adapter_found", r"(?P<version>WCH-Link[A-Z]?(?:-CH549)?)\s+mode:RV version (?P<fw>\d+\.\d+)", strength="strong",
            attrs={"adapter": "wch-link"}, example="Info : WCH-LinkE  mode:RV version 2.11 "),
        Msg(None, r"^(?:Info : )?wlink_init ok$", strength="strong", attrs={"field": "wch"}, example="Info : wlink_init ok"),
        # wlink_init: the probe answered with a model byte this build does not know (a newer WCH-Link, or another firmware)
        Msg("adapter_open_failed", r"unknow WCH-LINK|WLink Open Error", strength="strong", fail=True, attrs={"wanted": "wch-link"},
            example="Error: unknow WCH-LINK "),
        Msg("dp_connect_failed", r"WCH-Link failed to connect with riscvchip", strength="strong", fail=True,
            example="Error:  WCH-Link failed to connect with riscvchip"),
        # (riscv-wch-gd32 s13) wlinke.c wlink_init: the two causes WCH itself names after "failed to connect with riscvchip" (the
        # chip's debug interface closed, or the wiring), then, on a CH549-based WCH-Link, that it cannot drive a CH32V00x
        # (one-wire SDI: a WCH-LinkE is needed; the WCH-LinkW likewise for CH56x-CH59x)
        Msg(None, r"1\.Make sure the two-line debug interface has been opened|2\.Please check your physical link connection", strength="strong",
            example="Error:  1.Make sure the two-line debug interface has been opened. If not, set board to boot mode then use ISP tool to open it"),
        Msg("probe_unsupported", r"if your chip is (?P<part>CH32V00X|CH56X/CH57X/CH58X/CH59X),\s*WCH-Link-?(?P<programmer>CH549|W) does not support this chip",
            strength="strong", fail=True,
            example="Error:  if your chip is CH32V00X,WCH-Link-CH549 does not support this chip, please use WCH-LinkE"),
        # wlinke.c: the chip's debug interface is open (not a failure: WCH's reminder to close it before shipping)
        Msg(None, r"The debug interface has been opened,\s*there is a risk of code leakage", strength="strong", benign=True,
            example="Warn :  The debug interface has been opened,there is a risk of code leakage ,ensure that the debug interface has been closed before leaving factory !"),
        # src/flash/nor/wchriscv.c wch_riscv_erase / write: the chip's code read protection is on (CH32V003 parts ship with it set);
        # WCH-LinkUtility, MounRiver or `wlink unprotect` clears it (erasing the chip)
        Msg("flash_protected", r"Read-Protect Status Currently Enabled", strength="strong", fail=True,
            example="Error: Read-Protect Status Currently Enabled"),
        Msg("probe_firmware_old", r"your adapter firmware is likely outdated", strength="strong", fail=True,
            example="Error: response error while setting wlink speed, your adapter firmware is likely outdated"),
    ),
    group(
        "openocd 0.10-0.12 src/helper/startup.tcl find (the -f scripts)",
        # a -f script that is not on the search path: a typo, a script another build or version has (interface/picoprobe.cfg is
        # the Raspberry Pi fork's), or -s pointing elsewhere; printed as "embedded:startup.tcl:NN: Error: Can't find ..."
        Msg("script_missing", r"Can't find (?P<path>\S+\.(?:cfg|tcl))\b", strength="strong", fail=True,
            example="embedded:startup.tcl:21: Error: Can't find interface/picoprobe.cfg"),
    ),
    group(
        "openocd 0.10-0.12 Jim Tcl errors inside its own -f scripts (src/helper/command.c, src/target/target.c, src/jtag/tcl.c)",
        # (fw-tool s23) a -f script uses a command or parameter this OpenOCD binary does not have: the binary and the scripts it
        # reads come from different OpenOCD versions (a distribution's 0.10/0.11 binary with newer scripts or a project's script
        # written for 0.12, or a new binary reading an old scripts folder). Jim's "FILE.cfg:LINE: Error: invalid command name "X""
        # (airbreak#50 'mrh' on brew's 0.10, ilg-archived/openocd#36 'stm32h7x.dap', mjbots/fdcanusb#3 'adapter' and 'dap' on
        # 0.10), 0.11+ target.c "target requires -dap parameter instead of -chain-position!" (a pre-0.11 target script:
        # kanflo/opendps#136, wuxx/nanoDAP#29), 0.11 jtag/tcl.c "Unknown param: -dp-id, try one of: ..." (a 0.12 swj-dp.tcl:
        # raspberrypi/openocd#57). Not a -c typo: the invalid name must be raised from a .cfg/.tcl line
        # (review s23) and not from embedded:startup.tcl (compiled into the binary: a -c command's typo, never another
        # version); a user's own .cfg ('myboard.cfg:4: ... "transprot"', a target's name used before `target create`) is as
        # often a typo or an ordering error, so the version claim is only for the shipped scripts (on_event: reason
        # shipped_script under scripts/target|interface|board/... or share/openocd/); "Unknown param" only for the parameters
        # that came or went between versions (0.11 -dap/-dp-id/-ap-num/-cti/-gdb-port..., 0.12 -instance-id), not a typo
        # such as -expected_id
        Msg("script_version_mismatch", _OCD_SCRIPT + r":\d+: Error: invalid command name \"(?P<name>[^\"]{1,60})\"", strength="strong", fail=True,
            example='tcl/airsense.cfg:75: Error: invalid command name "mrh"'),
        Msg("script_version_mismatch", r"(?:" + _OCD_SCRIPT + r":\d+: Error: )?target requires -dap parameter instead of -chain-position", strength="strong", fail=True,
            attrs={"name": "-chain-position"},
            example="/usr/share/openocd/scripts/target/stm32f4x.cfg:45: Error: target requires -dap parameter instead of -chain-position!"),
        Msg("script_version_mismatch", r"(?:" + _OCD_SCRIPT + r":\d+: )?Error: Unknown param: (?P<name>-(?:dp-id|instance-id|ap-num|dap|cti|"
            r"gdb-port|gdb-max-connections|defer-examine|ignore-syspwrupack|ignore-bypass|ignore-version|coreid|dbgbase|chain-position)), try one of: ",
            strength="strong", fail=True,
            example="/usr/local/bin/../share/openocd/scripts/target/swj-dp.tcl:30: Error: Unknown param: -dp-id, try one of: -irlen, -irmask, -ircapture, -enable, -disable, -expected-id, or -ignore-version"),
    ),
    group(
        "openocd 0.10-0.12 src/target/cortex_m.c, arm_adi_v5.c, adi_v5_swd.c, hla_target.c, target.c (the target)",
        # cortex_m_examine: dap_dp_init() failed (the same reading as "Could not initialize the debug port")
        Msg("dp_connect_failed", r"\bDP initialisation failed", strength="strong", fail=True, example="Error: [stm32f1x.cpu] DP initialisation failed"),
        # (deepen-swd s18) 0.12 cortex_m_examine: the debug port and its MEM-AP answered, and the core's CPUID (0xE000ED00)
        # read back as 0 ("PARTNO 0x0"): the wires carry data, the core's debug domain does not answer (0.10-0.11 went on
        # silently as a "Cortex-M0 r0p0"). A non-zero PARTNO it does not know is another core (GEN001 quotes it)
        Msg("core_cpuid_zero", r"Cortex-M PARTNO 0x0 is unrecognized", strength="strong", fail=True,
            example="Error: [stm32h7x.cpu0] Cortex-M PARTNO 0x0 is unrecognized"),
        # stlink_usb.c 0.11-0.12 dapdirect: a target reached before stopped answering
        Msg("dp_connect_failed", r"Fail reading CTRL/STAT register\. Force reconnect", strength="strong", fail=True, attrs={"lost": True},
            example="Error: Fail reading CTRL/STAT register. Force reconnect"),
        # 0.12 cortex_m_assert_reset: the target was never examined, so its reset cannot be driven through the debug port
        Msg("debug_ap_unavailable", r"Debug AP not available, (?:reset NOT asserted|will not halt after reset)", strength="strong", fail=True,
            example="Error: [stm32f1x.cpu] Debug AP not available, reset NOT asserted!"),
        # (healthy2 s9) src/target/arm_adi_v5.c mem_ap_read: a MEM-AP read that faulted, reported with the address. At
        # 0xFFFFF000 and above (Cortex-M EXC_RETURN values, 0xFFFFFFFx) it is GDB unwinding the stack past an exception
        # frame in a debug session, no fault of the link or the flash; at any other address it stays an error line
        Msg(None, r"^(?:Error: ?|WARNING: )?Failed to read memory (?:at|@ address) 0x(?:00000000)?[fF]{5}[0-9a-fA-F]{3}\b", benign=True,
            example="Error: Failed to read memory at 0xfffffffe"),  # (J-Link's GDB server words it "@ address")
        Msg("memory_access_failed", r"Failed to (?:read|write) memory (?:at|and, additionally)|^(?:Memory (?:read|write) failed|Cannot get AP)$",
            fail=True, example="Error: Failed to read memory at 0x08000000"),
        # normal notices that read like failures: a sticky AP error cleared while connecting, an adapter without NRST control
        Msg(None, r"Connecting DP: stalled AP operation, issuing ABORT|Hardware srst not supported, falling back to software reset",
            benign=True, example="Warn : Connecting DP: stalled AP operation, issuing ABORT"),
        # (healthy s17) 0.4-0.12 src/jtag/core.c jtag_add_reset()/adapter_system_reset(): a script asked for SRST that reset_config
        # does not declare (an ST-Link or CMSIS-DAP without NRST wired, a target cfg's reset handler): the request is dropped
        # and OpenOCD goes on (RIOT's lora-e5-dev flash: "Error: BUG: can't assert SRST", then written, verified, done). A
        # connection that needed the reset fails with its own line ("init mode failed", "unable to connect"), quoted as such
        Msg(None, r"^(?:Error: ?)?BUG: can't assert (?:only )?SRST\s*$", benign=True, example="Error: BUG: can't assert SRST"),
    ),
    group(
        "openocd 0.10-0.12 src/flash/nor/core.c, tcl.c, stm32f1x.c, stm32f2x.c, stm32h7x.c, stm32l4x.c, stm32lx.c, nrf5.c, rp2040.c (the flash)",
        # write protection reported by the driver: h7 WRPERR, nRF5 BPROT/ACL sectors
        Msg("flash_protected", r"wait_flash_op_queue, WRPERR detected|Flash sector \d+ is protected|Write refused, sector \d+ is protected",
            strength="strong", fail=True, example="Error: wait_flash_op_queue, WRPERR detected"),
        # (synth-wearables s13) 0.8-0.10 nrf51.c nrf51_erase_page() / nrf51_erase(): a sector the PROTREG/BPROT bits mark
        # protected refuses the erase (removed from nrf5.c in 0.11, 22b4abc46); w600.c "can not erase protected area"
        Msg("flash_protected", r"Cannot erase protected sector at 0x|Can't erase protected sector @ 0x|can not erase protected area",
            strength="strong", fail=True, example="Error: Cannot erase protected sector at 0x0"),
        # the drivers' own words (strong: no other tool prints them) and the generic ones of core.c/tcl.c and the drivers (only
        # inside an OpenOCD block)
        Msg("flash_write_failed",
            r"stm32x device programming failed|stm32x failed to (?:un)?lock device|error executing stm32\w* flash write algorithm|"
            r"flash not unlocked STM32_FLASH_CR|stm32\w* mass erase failed|STM32Lx (?:un)?lock failed|(?:PRG|PE)LOCK is not cleared|"
            # (audit-swd-rp-klipper s18) not picotool's upper-case "ERROR: RP2040 BOOT ROM not found" (picotool.py reads it)
            r"Error waiting NVMC_READY|Failed to write to nrf5 flash|(?<!ERROR: )RP2040 BOOT ROM not found|(?<!ERROR: )Incorrect RP2040 BOOT ROM version",
            strength="strong", fail=True, example="Error: error executing stm32x flash write algorithm"),
        Msg("flash_write_failed",
            r"flash write failed (?:at|just before) address|flash memory not erased before writing|flash write failed(?: =|, FLASH_SR =)|"
            r"timed out waiting for flash|error writing to flash at address|failed erasing sectors \d+ to \d+|^(?:Error: )?Flash write aborted|"
            r"erase time-out or operation error sector|Error erase sector \d+|Failed to erase the chip|"
            r"Failed to (?:connect internal flash|exit flash XIP mode|flush flash cache|invoke flash programming code on target)",
            fail=True, example="Error: error writing to flash at address 0x08000000 at offset 0x00000000"),
        Msg("flash_probe_failed", r"^(?:Error: )?(?:auto_probe failed|flash bank \d+ does not exist)", fail=True, example="Error: auto_probe failed"),
        # verify_bank (flash verify_bank), verify_image (`verify_image`, `program ... verify`): the bytes read back differ
        Msg("verify_mismatch", r"Verification error address 0x[0-9a-fA-F]+, read back 0x|verify failed in bank at|^diff \d+ address 0x[0-9a-fA-F]+\. Was 0x|"
            r"^Compare failed$", strength="strong", fail=True,
            example="diff 0 address 0x08000000. Was 0xff instead of 0x00"),
        # progress and results of the flash commands (tcl.c, target.c load_image/verify_image): the run got that far
        Msg(None, r"^(?:wrote [1-9]\d* bytes from file |erased sectors \d+ through \d+ on flash bank |erased address 0x[0-9a-fA-F]+ \(length |"
            r"verified \d+ bytes (?:from file |in )|Loaded \d+ bytes in |downloaded \d+ bytes in |read \d+ bytes from file |Bank is erased$|"
            r"Running slow fallback erase check|auto erase enabled$|auto unlock enabled$|No more differences found\.$)", strength="strong",
            example="wrote 8192 bytes from file build/app.bin in 0.543210s (14.727 KiB/s)"),
        Msg(None, r"couldn't use block writes, falling back to single memory accesses|falling back to programming without a flash loader|"
            r"[Cc]ouldn't use loader, falling back to page memory writes", benign=True,
            example="Warn : couldn't use block writes, falling back to single memory accesses"),
    ),
    group(
        "openocd 0.10-0.12: line shapes (src/helper/log.c levels) and any other error line (its own words are the evidence)",
        Msg(None, r"^Info : CMSIS-DAP: ", strength="strong", example="Info : CMSIS-DAP: Interface ready"),
        # src/helper/log.c: OpenOCD pads its level names to five ("Info : ", "Warn : ", "User : ", "Debug: ")
        Msg(None, r"^(?:Info|Warn|User) : |^Debug: \d", strength="strong", example="Info : clock speed 950 kHz"),
        Msg("tool_error", r"^Error: ?\d* ?\d* ?(?P<text>\S.*)$", strength="weak", fail=True, example="Error: Target not halted"),
    ),
)


# (wrappers review s25) target.c 0.10-0.12 "target halted due to debug-request, current mode: ..." and 0.12's
# "[stm32f1x.cpu] halted due to debug-request, current mode: ...": the core is halted
_HALTED_AFTER = re.compile(r"(?:^|\btarget |\] )halted due to (?:debug-request|breakpoint|single-step|watchpoint)")


@register
class OpenocdParser(TableParser):
    name = "openocd"
    namespace = "openocd"
    messages = MESSAGES
    hints = ("openocd", "mdm: chip", "on-chip debugger", "telnet", "write protection", "svf file", "info :", "warn :", "user :", "debug: ", "error", "idcode", "voltage", "vtarget", "vref", "libusb", "programming",
             "verified ok", "procedure", "transport", "adapter", "init mode", "cmsis-dap", "stlink", "j-link", "dpidr", "jtag", "swd",
             "debug port", "mem-ap", "stm32", "unlocked", "device", "verify", "resetting", "open failed", "scan chain", "polling", "state query",
             "examin", "halted", "flash size", "protected", "ftdi", "interface", "multidrop", "breakpoints", "speed", "srst", "**", "xpsr",
             "flash '", "unlock", "picoprobe", "find the device", "separate", "combined", "pulls_", "trst", "debug_level",
             "scan failed", "usable targets", "black magic", "designer", "stuck in wfi", "power-down", "available targets", "no. att", "ctrl-ap",
             "high level adapter", "approtect", "serial#", "usable dp", "wrote 0 bytes", "debug access is denied",
             # (nrf-lora-zmk s12) DAPLink FAIL.TXT: the mode refused the file, the drag-and-drop copy timed out
             "the hex file you dropped", "in application programming", "the transfer timed out", "type: ",
             # (daplink-mbed-particle s14) the flash decoder's FAIL.TXT lines, interface firmware names, DETAILS.TXT
             "the starting address for", "the application image is not compatible", "_0x", "_if_crc", "daplink firmware",
             "auto reset:", "automation allowed:", "overflow detection:", "incompatible image detection:", "page erasing:",
             "daplink mode:", "hic id:", "crc: 0x", "remount count:", "local mods:", "usb interfaces:", "interface version:", "bootloader version:",
             # (misses s20) ASSERT.TXT, NEED_BL.TXT
             "assert", "source: bootloader", "source: application", "a bootloader update",
             # (bmp audit s8)
             "sw-dp", "can not attach", "could not scan", "power-up", "sw-dp idcode", "jtag_scan", "failure powering", "failure reading",
             "no device connected", "no target found", "ack timeout", "lost communications", "sending interrupt", "dhcsr", "stuck low",
             "protection error", "protected mode", "security bit", "monitor option erase", "lost in stub", "flash is not ready", "debugger found",
             "bmp probe", "black magic probes", "cable matching", "serial device", "open usb", "bootloader mode", "erase", "connecting under reset",
             "detached", "already powered", "select probe", "swd scan", "reset stuck", "flash access protection",
             "how many usb devices", "probes found",
             # (audit s8) the rows of the adapter, target and flash groups added from the source audit
             "st-link", "stlink server", "stlink-server", "already used", "open device", "claim interface", "multiple devices", "mode",
             "version failed", "voltage check", "reset device", "status code", "interface reset", "hidapi", "initialisation", "ctrl/stat",
             "debug ap", "memory", "cannot get ap", "stalled", "flash", "sector", "lock", "nvmc", "xip", "boot rom", "auto_probe",
             "diff ", "bytes from file", "erased", "bytes in ", "differences", "compare failed", "erase check", "auto erase", "auto unlock",
             "falling back", "can't find",
             # (debug-probes s9) CMSIS-DAP interface choice, WCH's fork
             "wrong class", "product string", "transport \"sdi\"", "'sdi'", "wch-link", "wlink", "riscvchip", "read-protect", "debug interface", "physical link", "does not support this chip",
             # gdb's compare-sections after a load (blackmagic#1117)
             "mis-matched", "sections of the target image", ": matched.",
             # (source audit s11) openocd master, Black Magic Probe main
             "spi protocol", "rp2xxx", "qspi", "sysinfo", "qmi direct", "usb data", "usb events", "usb read", "usb write", "stsw-link007")
    event_kinds = ("adapter_missing", "program_started", "flash_size_unread", "works_only_with_sudo", "usb_open_overcome",
                   "poll_lost_reexamined")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.sudo = False  # the command last seen ran under sudo
        self.denied_as_user: dict[str, Any] | None = None  # the adapter not found or refused to a command without sudo
        self.device_family: str | None = None  # the STM32 family of the device id read (stm32f1x.c "device id = 0x...")
        self.core_rev: str | None = None  # "Cortex-M3 r2" from "... processor detected"
        self.examined_at: list[int] = []  # the lines where the core was examined ("processor detected", "hardware has N breakpoints")
        self.unsecured_at: list[int] = []  # the lines of kinetis.c's "MDM: Chip is unsecured"
        self.prev_text = ""  # (wrappers review s25) the last non-blank line fed before the current one
        self.resets_pending: list[dict[str, Any]] = []  # (wrappers review s25) reset_failed events no halt has followed yet

    def feed(self, lineno: int, line: str) -> None:
        try:
            self._feed(lineno, line)
        finally:
            if line.strip():
                self.prev_text = line.strip()
        if self.resets_pending and "halted due to" in line and _HALTED_AFTER.search(line):
            # (wrappers review s25) the core halted after a failed reset-and-halt ("> reset halt" typed again, an IDE's retry,
            # or the halt coming late): the reset sequence that failed above was got past
            for ev in self.resets_pending:
                ev["retried"] = True
            self.resets_pending = []

    def _feed(self, lineno: int, line: str) -> None:
        if "target" not in self.fields and ("nrf5" in line or "nRF5" in line):
            self.fields["target"] = "nrf5x"  # Nordic nRF51/52: a missing MEM-AP there is access-port protection
        if "target" not in self.fields and ("RP2040" in line or "rp2040" in line) and _RP2040_TARGET.search(line):
            # (stm32-swd-dfu s10) the target is an RP2040 (BMP's target list, OpenOCD's rp2040 config): its flash is an
            # external QSPI chip with no protection bits, so a refused erase there is never read/write protection
            self.fields["target"] = "rp2040"
        if len(line) > 40 and len(_LEVEL.findall(line, 0, 4000)) > 1:
            # a paste that lost its line breaks (a forum, a chat) runs the messages into one line: read the pieces
            # before every level prefix ("...3.262028Error: init mode failed ...") and every "in procedure"
            for piece in _RUN_ON.split(line[:4000]):
                if piece.strip():
                    super().feed(lineno, piece)
            return
        if len(line) > 120 and len(_BARE_START.findall(line, 0, 4000)) > 2:
            # (debug-probes s9) the same without level prefixes (a blog that kept only the message texts, CSDN): split
            # before the messages OpenOCD starts a line with ("SWD DPIDR", "Polling target", "embedded:startup.tcl:N:")
            for piece in _BARE_SPLIT.split(line[:4000]):
                if piece.strip():
                    super().feed(lineno, piece)
            return
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        s = self.fields
        groups = m.groupdict()
        if ev is not None and ev["kind"] == "flash_unlocked":
            # (riscv-wch-gd32 s13) "stm32f2x unlock 0" after "Device Security Bit Set": the protection reported before it was
            # removed by it (a protection reported after an unlock, pending a power cycle, still counts)
            for prev in self.events[:-1]:
                if prev["kind"] == "flash_protected":
                    prev["retried"] = True
        if ev is None and dict(row.attrs).get("field") == "kinetis_unsecured":  # type: ignore[arg-type]
            self.unsecured_at.append(lineno)
        if ev is None:
            field = dict(row.attrs).get("field")  # type: ignore[arg-type]
            if "version" in groups and groups["version"]:
                s.setdefault("version", groups["version"])
            elif field == "command":
                s.setdefault("command", groups["command"][:300])
                _config_names(s, line)
                self.sudo = bool(re.search(r"(?:^|[\s$#>])sudo\s+(?:-\S+\s+)*(?:\S*/)?openocd", line))
                if "connect_assert_srst" in line:
                    s["connect_under_reset"] = True
            elif field == "device_id":
                value = int(groups["device_id"], 16)
                rev = value >> 16
                if rev in _CLONE_REVISIONS:
                    s.setdefault("clone_suspect", f"{_CLONE_REVISIONS[rev]}, device id 0x{value:08x}")
                fam = _DEV_FAMILY.get(value & 0xFFF)
                self.device_family = fam
                cfg = s.get("config_family")
                if fam and cfg and fam != cfg and {fam, cfg} != {"f2", "f4"}:
                    s.setdefault("config_mismatch", f"the config names an STM32{cfg.upper()} target, the chip's device id 0x{value & 0xFFF:03x} is an STM32{fam.upper()}")
            elif field == "flash_kib":
                s["flash_size"] = int(groups["flash_kib"]) * 1024
            elif field == "examined":
                s["examined"] = True  # the target answered: a later failed poll lost a target it had reached
                self.examined_at.append(lineno)
                if groups.get("core") and groups.get("rev") is not None:
                    self.core_rev = f"Cortex-M{groups['core']} r{groups['rev']}"
                _core_against_config(s, groups, line)
            elif field == "serial":
                _daplink_board(s, groups.get("serial") or "")
            elif field == "hla_nrf_notice":
                s.setdefault("target", "nrf5x")
            elif field == "wch":
                s.setdefault("probe", "wch-link")  # WCH's fork (SDI transport): it opens only a WCH-Link in RISC-V mode
            return
        ev.pop("field", None)
        if ev["kind"] == "reset_failed" and self.prev_text.startswith("Error executing event gdb-attach"):
            # (wrappers review s25) ST's OpenOCD 0.11 fork raises "TARGET: <t> - Not halted" from its gdb-attach handler too,
            # one line under "Error executing event gdb-attach on target <t>:" (STMicroelectronics/OpenOCD#9, a gdb attach
            # that went on to probe the flash): the core did not halt at an attach, no reset sequence failed
            ev["kind"] = "target_halt_timeout"
        kind = ev["kind"]
        if kind == "reset_failed":
            self.resets_pending.append(ev)
        if row.src.startswith("Black Magic"):
            s.setdefault("probe", "bmp")
        elif row.src.startswith("DAPLink interface firmware"):
            # (intl-d s7) FAIL.TXT exists only on a probe with a drag-and-drop drive: a board's own interface chip (Nucleo/
            # Discovery ST-LINK V2-1/V3, DAPLink on FRDM/micro:bit/LPCXpresso), whose SWD lines are traces, not jumper wires
            s["onboard_probe"] = True
            image = _DAPLINK_IMAGE.search(line) if kind != "daplink_interface_image" else None
            if image:
                # (daplink-mbed-particle s14) the error and the file's name on one line ("... type: target firmware name: 0254_...")
                ev["image"] = image.group(1)
        if kind == "target_voltage" and ev.get("voltage") is not None:
            s["voltage"] = ev["voltage"]
        elif kind == "target_voltage_low" and s.get("voltage") is not None:
            ev["voltage"] = s["voltage"]
        # the adapter could not be opened as the user and was with sudo: the user may not open it (udev rules)
        sudo_contrast(self, ev, lineno, line, denied=kind in ("adapter_open_failed", "usb_access_denied"), worked=kind == "adapter_found")
        reached = kind in ("idcode", "unexpected_idcode") and not any(e["kind"] == "adapter_open_failed" for e in self.events)
        if (kind == "adapter_found" and not (self.sudo and self.denied_as_user is not None)) or reached:
            # OpenOCD tries every device that could be the adapter: a libusb_open() failure on another device (or
            # another interface of a composite one, common on Windows) followed by the adapter it found is overcome;
            # (usb-passthrough s13) so is one followed by the scan chain's answer (an FTDI adapter prints no "found" line:
            # "JTAG tap: ... tap/device found" can only come through an adapter that opened, marvell aws_starter_sdk#8)
            for earlier in self.events:
                if earlier is not ev and earlier["kind"] in ("usb_no_driver", "usb_access_denied") and earlier.get("fail"):
                    earlier["kind"] = "usb_open_overcome"
                    earlier["fail"] = False
                    earlier["retried"] = True
            self.denied_as_user = None
        if kind == "adapter_found":
            if ev.get("adapter"):
                s.setdefault("probe", ev["adapter"])
            if ev.get("version"):
                s.setdefault("programmer", str(ev["version"]))
            if ev.get("adapter") == "stlink" and _onboard_stlink(str(ev.get("version") or ""), str(ev.get("pid") or "")):
                s["onboard_probe"] = True
            if ev.get("adapter") == "cmsis-dap" and ev.get("serial"):
                _daplink_board(s, str(ev.pop("serial")))
        elif kind in ("idcode", "unexpected_idcode") and ev.get("idcode"):
            s.setdefault("chipid", ev["idcode"])
        elif kind == "srst_config":
            s["connect_under_reset"] = True
        elif kind == "tool_error":
            ev["text"] = (groups.get("text") or "")[:200]
        elif kind == "script_version_mismatch" and _OCD_SHIPPED.search(str(ev.get("path") or "")):
            ev["reason"] = "shipped_script"  # (fw-tool review s23) the error is in the install's own scripts

    @staticmethod
    def settle(out: dict[str, Any]) -> None:
        """(intl s23) SW4STM32's bare "Wrong device detected" line is all an OpenOCD run holds, and another tool's run
        is in the same text (esptool's "This chip is ESP32 not ESP32-S3", avrdude's signature check below it): the line is
        that tool's paste, not OpenOCD's failed attach, so the run is dropped (its words go to the failure cues)."""
        ns = out.get("openocd")
        if not isinstance(ns, dict):
            return
        runs = ns.get("runs")
        if not isinstance(runs, list) or not runs:
            return

        def bare(run: Any) -> bool:
            evs = run.get("events") if isinstance(run, dict) else None
            if not isinstance(evs, list) or not evs:
                return False
            return all(isinstance(e, dict) and _SW4STM32_BARE.match(str(e.get("line") or "")) for e in evs)

        if not any(bare(r) for r in runs) or not all(bare(r) for r in runs):
            return  # an OpenOCD line anywhere in the text: the launcher's line is OpenOCD's
        other = any(isinstance(r, dict) and r.get("events") for name, v in out.items() if name != "openocd" and isinstance(v, dict)
                    for r in v.get("runs") or [])
        if other:
            ns["runs"] = []
            if set(ns) == {"runs"}:
                out.pop("openocd")

    def _flash_window_skipped(self) -> bool:
        """A "no flash bank found" for an address in the identified target's flash window (RP2040/RP2350 XIP flash)."""
        if self.fields.get("target") != "rp2040":
            return False
        for e in self.events:
            if e["kind"] == "no_flash_bank":
                try:
                    address = int(str(e.get("address") or ""), 16)
                except ValueError:
                    continue
                if 0x10000000 <= address < 0x14000000:
                    return True
        return False

    def _image_past_flash(self, flash_size: Any) -> str | None:
        """(swd-avr s23) src/flash/nor/core.c 0.9-0.12: "no flash bank found for address 0x08010000" (0.9-0.10 bare hex
        "8010000") for an address inside an STM32's main-flash window (above 0x08000000, below 0x0c000000) and at or past
        the end of the flash the target driver probed and printed ("flash size = 64kbytes", 0.12 "flash size = 64 KiB"; no
        reading without that line, nor with a size of 0): the image runs
        on past the flash bank and that part is skipped, so the verify that follows fails. Not the data EEPROM of an
        STM32L0/L1 (0x08080000-0x08083fff, no flash bank in OpenOCD's stm32lx driver) unless the chip is known to be
        another family. Returns the first such address."""
        base = 0x08000000
        for e in self.events:
            if e["kind"] != "no_flash_bank":
                continue
            try:
                address = int(str(e.get("address") or ""), 16)
            except ValueError:
                continue
            if not base < address < 0x0C000000:
                continue
            if not (isinstance(flash_size, int) and flash_size > 0) or address < base + flash_size:
                # no size printed (a cfg without a bank for it, a bootloader offset, a dual-bank or H7 part, a question):
                # nothing says the image outruns the flash; a probed size of 0 is an unreadable or protected chip
                # (SWD006/SWD007 read it), not an image too long
                continue
            if 0x08080000 <= address < 0x08084000 and self.device_family in (None, "l0", "l1"):
                continue
            return f"0x{address:08x}"
        return None

    def _reexamined(self) -> None:
        """(healthy s20) target.c handle_target() 0.10-0.12: a poll of a target that was examined failed ("Polling target
        X failed, trying to reexamine"; newer "[X] Polling failed, trying to reexamine", after "Previous state query failed,
        trying to reconnect") and OpenOCD examined it again: a reset or a power cycle of the board during a session. When
        the examine printed the core again ("processor detected" / "hardware has N breakpoints") and nothing failed after
        the lost poll, the target came back: the poll's line is overcome. A poll lost again, or an examine that failed,
        keeps it (firmware that sleeps or turns the SWD pins off loses the target over and over)."""
        lost = [e for e in self.events if e["kind"] in ("dp_connect_failed", "state_query_failed") and e.get("lost") and e.get("fail")]
        if not lost:
            return
        back = [n for n in self.examined_at if n > min(e["lineno"] for e in lost)]
        if not back or any(e["lineno"] > back[0] for e in lost):
            return  # the core never came back, or was lost again after it did (one episode is overcome, a loop is not)
        for ev in lost:
            if not any(e.get("fail") and not e.get("lost") and e["lineno"] >= ev["lineno"] for e in self.events):
                overcome_event(ev, "poll_lost_reexamined", retried=True)

    def _kinetis_unsecured(self) -> None:
        """(review s22) a secured Kinetis ("Your Kinetis MCU is in secured state") that the same run then reports unsecured
        ("MDM: Chip is unsecured", after `kinetis mdm mass_erase`) or programs/verifies was overcome."""
        for ev in self.events:
            if ev["kind"] != "flash_protected" or ev.get("family") != "kinetis" or not ev.get("fail"):
                continue
            later = [n for n in self.unsecured_at if n > ev["lineno"]] + [
                e["lineno"] for e in self.events if e["kind"] in ("program_verified", "program_finished") and e["lineno"] > ev["lineno"]]
            if later:
                overcome_event(ev, "kinetis_unsecured", retried=True)

    def summary(self) -> dict[str, Any]:
        self._reexamined()
        self._kinetis_unsecured()
        s = dict(self.fields)
        _dp_version_against_config(s, self.events)
        if self.device_family == "f1" and not s.get("clone_suspect"):
            # (swd s8) every STM32F1 is a Cortex-M3 r1p1 whose SW-DP answers 0x1ba01477; the F103 clones that copy ST's device
            # id (CKS32/CS32F103, APM32F103) carry a Cortex-M3 r2p1 with SW-DP 0x2ba01477 (cs32f1x.cfg exists for them)
            if s.get("chipid") == "0x2ba01477":
                s["clone_suspect"] = "an STM32F1 device id behind a Cortex-M3 r2 debug port (SW-DP 0x2ba01477; ST's F1 answer 0x1ba01477)"
            elif self.core_rev == "Cortex-M3 r2":
                s["clone_suspect"] = "an STM32F1 device id on a Cortex-M3 r2 core (ST's F1 parts are Cortex-M3 r1p1)"
        if s.get("clone_suspect"):
            s.pop("config_mismatch", None)  # a clone's id or core need not match ST's family tables (GD32F1x0: M3, F0-like ids)
        past = self._image_past_flash(s.get("flash_size"))
        if past:
            s["image_past_flash"] = past  # the part of the image from there on was skipped: whatever "Programming Finished" says
        kinds = {e["kind"] for e in self.events}
        failed = any(e.get("fail") for e in self.events)
        if "nothing_written" in kinds or self._flash_window_skipped() or s.get("image_past_flash"):
            # "** Programming Finished **" after "wrote 0 bytes": the image reached no flash bank; or (healthy-gen s10b) a
            # section was skipped at the address of the target's own flash (an RP2040's XIP flash window 0x10000000-
            # 0x13ffffff: "no flash bank found for address 0x10000000" then "Programming Finished", raspberrypi/openocd#9
            # on a J-Link branch): not a RAM section an ELF may carry (0x20000000, an STM32's CCM at 0x10000000)
            s["success"] = False
        elif "program_verified" in kinds or ("program_finished" in kinds and "program_failed" not in kinds):
            s["success"] = True
            if "program_finished" in kinds:
                s["written"] = True
            if "program_verified" in kinds:
                s["verified"] = True
        elif "flash_unlocked" in kinds and not failed:
            s["success"] = True
        elif failed:
            s["success"] = False
        return s


# (swd s7) ST's DBGMCU device ids (RM0008, RM0090, RM0360, RM0444...: the low 12 bits of "device id = 0x...") by family,
# and the families whose core is a Cortex-M0/M0+ (the others here are M3, M4, M7 or M33)
_DEV_FAMILY = {
    **dict.fromkeys((0x440, 0x442, 0x444, 0x445, 0x448), "f0"),
    **dict.fromkeys((0x410, 0x412, 0x414, 0x418, 0x420, 0x428, 0x430), "f1"),
    0x411: "f2",
    **dict.fromkeys((0x422, 0x432, 0x438, 0x439, 0x446), "f3"),
    **dict.fromkeys((0x413, 0x419, 0x421, 0x423, 0x431, 0x433, 0x434, 0x441, 0x458, 0x463), "f4"),
    **dict.fromkeys((0x449, 0x451, 0x452), "f7"),
    **dict.fromkeys((0x417, 0x425, 0x447, 0x457), "l0"),
    **dict.fromkeys((0x416, 0x427, 0x429, 0x436, 0x437), "l1"),
    **dict.fromkeys((0x415, 0x435, 0x461, 0x462, 0x464, 0x470, 0x471), "l4"),
    **dict.fromkeys((0x456, 0x460, 0x466, 0x467), "g0"),
    **dict.fromkeys((0x468, 0x469, 0x479), "g4"),
    **dict.fromkeys((0x450, 0x480, 0x483), "h7"),
}
_M0_FAMILIES = {"f0", "g0", "l0", "c0", "u0"}
_M3PLUS_FAMILIES = {"f1", "f2", "f3", "f4", "f7", "g4", "h5", "h7", "l1", "l4", "l5", "u5", "wb", "wl"}
_CFG_FAMILY = re.compile(r"(?i)^stm32([a-z][0-9])")
# a DAPLink interface firmware file: a release's <version>_<interface chip>_<board>_0x<offset>, a build's <hic>_<board>_if_crc
_DAPLINK_IMAGE = re.compile(r"\b(0[12]\d{2}_[a-z0-9]+_[a-z0-9_]+?_0x[0-9a-f]{4,5}\.(?:bin|hex)|[a-z0-9][a-z0-9_]{1,60}_if_crc(?:_[a-z0-9]+){0,3}\.(?:bin|hex))\b")


def _target_name(line: str) -> str:
    """The word before the first ".cpu" of the line (the target name: "stm32f1x", "STM32F303RETx"), read backwards."""
    end = line.find(".cpu")
    start = end
    while start > 0 and end - start < 64 and (line[start - 1].isalnum() or line[start - 1] == "_"):
        start -= 1
    return line[start:end] if end > 0 else ""


def _dp_version_against_config(s: dict[str, Any], events: list[dict[str, Any]]) -> None:
    """(ecu-tuning s15) The SW-DP IDCODE's own design fields against the one the target file expects: ARM's SW-DP of
    Cortex-M3/M4 parts is DPv1 (0x1ba01477, 0x2ba01477: PARTNO 0xba01), that of Cortex-M7/M33 parts DPv2 (STM32F7
    0x5ba02477, STM32H7 0x6ba02477: PARTNO 0xba02). Clone MCUs copy an F1/F4 and answer another DPv1 revision
    (0x2ba01477 under stm32f1x.cfg); a DPv2 answer to a DPv1 expectation (or the reverse) is a chip of another STM32
    generation under the wrong target file (rusefi/rusefi#5486: an H7 Nucleo under stm32f4discovery.cfg)."""
    seen = next((e.get("idcode") for e in events if e["kind"] == "unexpected_idcode" and e.get("idcode")), None)
    wanted = next((e.get("idcode") for e in events if e["kind"] == "expected_idcode" and e.get("idcode")), None)
    if not seen or not wanted:
        return
    try:
        got, want = int(str(seen), 16), int(str(wanted), 16)
    except ValueError:
        return
    design = {0xBA01477: "DPv1 (a Cortex-M3/M4 part)", 0xBA02477: "DPv2 (a Cortex-M7/M33 part such as an STM32F7/H7)"}
    if got & 0x0FFFFFFF in design and want & 0x0FFFFFFF in design and got & 0x0FFFFFFF != want & 0x0FFFFFFF:
        s.setdefault("config_mismatch", f"the chip's debug port answers {seen}, a {design[got & 0x0FFFFFFF]}, where the target file "
                                        f"expects {wanted}, a {design[want & 0x0FFFFFFF]}: a chip of another STM32 generation")


def _core_against_config(s: dict[str, Any], groups: dict[str, Any], line: str) -> None:
    """The config's STM32 family (from the target name) against the core the chip has (from its breakpoints or its
    name): an M0-class core under an M3/M4/M7 family's config, or the other way round, is a config for another family."""
    name = _target_name(line)
    m = _CFG_FAMILY.match(name)
    if not m:
        return
    fam = m.group(1).lower()
    s.setdefault("config_family", fam)
    core = groups.get("core")
    if core is not None:
        small = core in ("0", "23")
    elif groups.get("bp") is not None:
        if int(groups["bp"]) == 0 and groups.get("wp") is not None and int(groups["wp"]) == 0:
            # (spent-f s10) 0 and 0: the FPB/DWT registers read as zero (a core held in reset, asleep, or not really
            # reached), not a Cortex-M0, which has 1-4 breakpoints and 1-2 watchpoints
            s.setdefault("debug_units_zero", True)
            return
        small = int(groups["bp"]) <= 4 and int(groups.get("wp") or 2) <= 2
    else:
        return
    if small and fam in _M3PLUS_FAMILIES:
        s.setdefault("config_mismatch", f"the config names an STM32{fam.upper()} target (a Cortex-M3/M4/M7 family) but the core is a Cortex-M0/M0+ ({name}.cpu: {'Cortex-M' + core if core else groups['bp'] + ' breakpoints'})")
    elif not small and fam in _M0_FAMILIES:
        s.setdefault("config_mismatch", f"the config names an STM32{fam.upper()} target (a Cortex-M0/M0+ family) but the core is larger ({name}.cpu: {'Cortex-M' + core if core else groups['bp'] + ' breakpoints'})")


# DBGMCU_IDCODE revision fields (the high 16 bits of stm32f1x.c's "device id = 0x%08x") that no ST part uses: GigaDevice's
# GD32F1x0/F10x answer 0x1303 ("device id = 0x13030410"); ST's F1 revisions are 0x0000, 0x1000, 0x2000, 0x2001, 0x2003
_CLONE_REVISIONS = {0x1303: "GD32 (revision 0x1303)"}

# OpenOCD's level prefixes (src/helper/log.c) where a message starts; several in one line = lost line breaks
_LEVEL = re.compile(r"(?:Info|Warn|Error|Debug|User) ?: (?=\S)")
# the RP2040 as the target: a row of Black Magic's "Available Targets" table (" 1      Raspberry RP2040 M0+"), OpenOCD's
# target names (rp2040.core0, rp2040.cpu) and config file (target/rp2040.cfg)
_RP2040_TARGET = re.compile(r"^\s*\d+\s+\*?\s*Raspberry RP2040\b|\brp2040\.(?:core[01]|cpu)\b|\btarget/rp2040(?:-core0)?\.cfg\b")
_RUN_ON = re.compile(r"(?<=\S)\s{0,3}(?=(?:Info|Warn|Error|Debug|User) ?: \S|in procedure '|adapter speed: |adapter_nsrst_delay: )")

# (debug-probes s9) messages OpenOCD prints at the start of a line (target.c, adi_v5_swd.c, startup.tcl, flash/nor/core.c),
# to cut a paste whose line breaks and level prefixes were both lost
_BARE_MESSAGES = (r"SWD DPIDR 0x|Polling target \S+ failed|embedded:startup\.tcl:\d+: |in procedure '|timeout waiting for algorithm|"
                  r"flash write failed at|error writing to flash at|Error setting register|target halted due to |xPSR: 0x|"
                  r"\*\* (?:Programming|Verify|Verified|Resetting|Unable)")
_BARE_START = re.compile(_BARE_MESSAGES)
_BARE_SPLIT = re.compile(r"(?<=\S)\s{1,3}(?=" + _BARE_MESSAGES + r")")

_INTERFACE = re.compile(r"interface/(stlink|st-link|cmsis-dap|jlink|picoprobe|raspberrypi-swd|ftdi)[\w.-]*\.cfg")
_TARGET = re.compile(r"target/(rp2040|rp2350)[\w.-]*\.cfg")


def _config_names(s: dict[str, Any], line: str) -> None:
    """The probe family and the chip an OpenOCD command names by its interface and target scripts."""
    i = _INTERFACE.search(line)
    if i and "probe" not in s:
        name = i.group(1)
        s["probe"] = "stlink" if name.startswith("st") else ("cmsis-dap" if name == "picoprobe" else name)
    t = _TARGET.search(line)
    if t and "chip" not in s:
        s["chip"] = t.group(1)


# ST-Links soldered onto Nucleo/Discovery boards: the V2-1 (0483:374b, 0483:3752) and firmware with the mass-storage
# drive ("M" in V2J37M26, V3J7M3), which ST ships on its boards and clones of the stand-alone V2 (V2J..S7) lack.
_ONBOARD_PIDS = {"374b", "3752"}


def _daplink_board(s: dict[str, Any], serial: str) -> None:
    """A CMSIS-DAP serial that is a DAPLink unique id built for one board (board id, its first four hex digits, not
    0000): the probe is that board's own interface chip, its SWD lines are traces (as a Nucleo's ST-Link)."""
    s.setdefault("serial", serial[:64])
    if re.fullmatch(r"[0-9A-Fa-f]{48}", serial) and serial[:4] != "0000":
        s["onboard_probe"] = True


def _onboard_stlink(version: str, pid: str) -> bool:
    """Whether the ST-Link OpenOCD found is a board's own (its SWD lines are PCB traces, not jumper wires)."""
    if pid.lower().removeprefix("0x") in _ONBOARD_PIDS:
        return True
    return bool(re.fullmatch(r"V[23]J\d+M\d+", version))
