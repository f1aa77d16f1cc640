"""probe-rs and the tools built on it (probe-rs 0.1x-0.2x `probe-rs run|download|list|info`, the older `probe-rs-cli`,
`cargo flash`, `cargo embed`, and knurling's `probe-run` 0.1-0.3, the Rust embedded runner), as a message table.

Facts: a run under `openocd.runs` (the debug-probe namespace OpenOCD, pyOCD and J-Link share, with the same event
kinds where the meaning is the same) with tool `probe-rs` or `probe-run`: no probe found, a probe it could not
open, the probes it listed, a target that does not answer. These tools talk only to debug probes (ST-Link,
CMSIS-DAP, J-Link, ESP USB-JTAG, WCH-Link) on the SWD/JTAG pins; a board's own USB port in a ROM bootloader
(0483:df11 DFU, RP2040 BOOTSEL) is no probe to them.
Errors end as `Error: <message>` (anyhow) or, in probe-rs 0.2x, `Error: <context>` followed by `Caused by:` lines.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import mark_overcome
from doctor.parsers import register
from doctor.parsers._flashlog import id4, sudo_contrast
from doctor.parsers._messages import Msg, TableParser, event_attrs, group, rows_of
from doctor.parsers.pyocd import probe_run_summary

MESSAGES = rows_of(
    group(
        "probe-rs 0.1x-0.2x, probe-rs-cli, cargo-flash, cargo-embed, probe-run 0.1-0.3: command lines",
        # (not probe-rs 0.30's own "There seems no probe-rs rule to be installed."); (reviewfix s21) also the name looked up
        # by the shell, `sudo $(which probe-rs) list`
        Msg(None, r"(?:^|[\s$#>])(?:sudo\s+)?(?P<tool>probe-run|probe-rs(?:-cli)?|cargo[\s-](?:flash|embed))(?:\.exe)?[)`]?(?!\s+rules?\b)\s+(?P<args>\S.*)?$",
            strength="strong", attrs={"field": "command"}, example="$ probe-run --list-probes"),
        Msg("tool_missing", r"\b(?P<name>probe-run|probe-rs)(?:: command not found|: not found|' is not recognized)", strength="strong",
            fail=True, example="bash: probe-rs: command not found"),
        Msg(None, r"^\s*Running `probe-(?:run|rs)\b", strength="strong",
            example="     Running `probe-run --chip STM32F411CEUx target/thumbv7em-none-eabihf/debug/app`"),
        # (rust-zephyr-probes s13) cargo src/bin/cargo/main.rs execute_external_subcommand(): `cargo embed` / `cargo flash`
        # with no cargo-embed / cargo-flash binary on PATH ("no such subcommand: `X`" up to cargo 1.64, "no such command:
        # `X`" from the clap 4 rewrite in 1.65 on): the probe-rs tool is not installed (rust-embedded/discovery#530)
        Msg("tool_missing", r"^error: no such (?:sub)?command: `(?P<name>embed|flash)`", strength="strong", fail=True,
            src="cargo 1.3x-1.9x src/bin/cargo/main.rs (execute_external_subcommand)",
            example="error: no such command: `embed`"),
    ),
    group(
        "probe-rs src/probe/list.rs, cmd/run.rs and probe-run src/probe.rs (finding and opening the probe)",
        # probe-rs src/probe/stlink/mod.rs, cmsisdap: a probe firmware older than the driver supports (ST-Link below
        # V2J24/V3J7; a picoprobe below 2.x); the fix is the probe's firmware upgrade, not permissions
        Msg("probe_firmware_old", r"(?i)The firmware on the probe is outdated|\bminimum supported firmware version is\b|"
            r"\bprobe firmware (?:is )?(?:too old|outdated)", strength="strong", fail=True,
            example="Error: The firmware on the probe is outdated"),
        # (audit-probes s18) probe-rs 0.12-0.32 src/probe/stlink/mod.rs StlinkError::BanksNotAllowedOnDPRegister: an ST-Link V2
        # firmware before J32 cannot reach banked DP registers (DPv2 parts: STM32H7, L5, U5, G0...); 0.1x-0.20 add "Upgrading
        # the firmware to the newest version might fix this."
        Msg("probe_firmware_old", r"Current version of the STLink firmware does not support accessing banked DP registers", strength="strong",
            fail=True, src="probe-rs 0.12-0.32 src/probe/stlink/mod.rs (audit-probes s18; examples: the source's format filled in)",
            example="    2: Current version of the STLink firmware does not support accessing banked DP registers."),
        # probe-rs 0.2x-0.3x src/probe/cmsisdap: the probe's DAP_Info answers (packet size/count) did not make sense to the
        # driver: a CMSIS-DAP firmware version this probe-rs does not work with (debugprobe 2.3.0 with older probe-rs)
        Msg("probe_protocol_error", r"Could not determine a suitable packet size for this probe", strength="strong", fail=True,
            example="    1: Could not determine a suitable packet size for this probe."),
        # nusb on Windows: the interface's registry entry has no DeviceInterfaceGUID(s): no WinUSB driver was installed for it
        # (a vendor or libusbK driver, or none); probe-rs then reports the probe as not found
        Msg("usb_no_driver", r"Failed to get DeviceInterfaceGUIDs? from registry", strength="strong", fail=True,
            example="ERROR nusb::platform::windows_winusb::enumeration: Failed to get DeviceInterfaceGUIDs from registry: The system cannot find the file specified. (os error 2)"),
        # Windows: the probe's interface has no WinUSB driver (rusb "Entity not found" while opening, nusb's driver
        # lookup), or the wrong one (libusb0/libusbK bound with Zadig); a SEGGER J-Link driver is not usable either
        Msg("usb_no_driver", r"USB error while opening USB device: Entity not found|Could not determine driver for interface|"
            r"Driver is Some\(\"[^\"]+\"\), not usable", strength="strong", fail=True,
            example="       Error An error specific to a probe type occured: USB error while opening USB device: Entity not found"),
        Msg("usb_access_denied", r"USB error while opening USB device: Access denied",
            strength="strong", fail=True, example="Error: USB error while opening USB device: Access denied (insufficient permissions)"),
        # probe-rs 0.2x-0.3x (nusb/rusb) on Linux: opening /dev/bus/usb/BBB/DDD failed with EACCES, printed as the io::Error
        # in the `Caused by:` chain under "USB Communication Error" / "A USB error occurred." (or inline after "error while
        # opening the USB device:"): no udev rule gives this user the probe's node. (Windows' "Access is denied. (os error 5)"
        # is another matter: a program holds the probe, or the driver; not this row)
        Msg("usb_access_denied", r"(?i)error while opening the USB device: Permission denied", strength="strong", fail=True,
            example="    1: error while opening the USB device: Permission denied (os error 13)"),
        Msg("usb_access_denied", r"^\s*(?:\d+: )?Permission denied \(os error 13\)$", fail=True,
            example="    2: Permission denied (os error 13)"),
        Msg("adapter_open_failed", r"(?i)\bno probe was found\b|\bno (?:supported |connected )?(?:debug )?probes? (?:was|were) found\b",
            strength="strong", fail=True, example="Error: no probe was found."),
        Msg("adapter_open_failed", r"(?i)Failed to open (?:the debug )?probe|\bprobe (?:was )?not found\b|probe could not be (?:opened|created)|"
            r"Probe did not appear", strength="strong", fail=True, example="Error: Failed to open probe: Failed to open the debug probe."),
        Msg(None, r"Common reasons for this are faulty cables or missing permissions", strength="strong",
            example="Common reasons for this are faulty cables or missing permissions."),
        # probe-rs 0.30-0.31 src/probe/list.rs (linux::help_linux, when no probe was listed or the one found could not be
        # opened): it checks the setup itself and warns about what is missing: no udev rule file naming probe-rs, no
        # 'plugdev' group, one that is not a system group, the user not in it. Only when all of that is in place does it
        # print the bare reminder to reload the rules: then permissions are not what failed
        Msg("udev_setup_missing", r"There seems no probe-rs rule to be installed|The user does not belong to the group '|"
            r"The '[\w-]+' group (?:does not exist|is not a system group)", strength="strong",
            example="WARN probe_rs::probe::list::linux: The user does not belong to the group 'plugdev'."),
        Msg("udev_setup_ok", r"Make sure you have reloaded udev rules after setting everything up", strength="strong",
            example="WARN probe_rs::probe::list::linux: Make sure you have reloaded udev rules after setting everything up"),
        Msg("udev_hint", r"Make sure you have reloaded udev rules|probe_rs::probe::list::linux", strength="strong",
            example="WARN probe_rs::probe::list::linux: Read more under https://probe.rs/docs/getting-started/probe-setup/"),
        Msg("probe_listed", r"^\s*\[\d+\]: (?P<name>.+?)\s*(?:--\s*|\(VID: )(?P<vid>[0-9a-fA-F]{4})(?::|, PID: )(?P<pid>[0-9a-fA-F]{4})",
            strength="strong", convert=(("vid", id4), ("pid", id4)),
            example="[1]: STLink V2 (VID: 0483, PID: 3748, Serial: 0xxxxxxxxxxxxxxxxxxxxxxE, StLink)"),
        Msg(None, r"The following (?:debug )?probes were found|the following probes were found", strength="strong",
            example="The following debug probes were found:"),
    ),
    group(
        "probe-rs-cli 0.x (2020-2023) cli/src/main.rs list_connected_devices() and cli/src/common.rs CliError::UnableToOpenProbe "
        "(probe-rs@1d9f5da3, @d3346852; examples: the source's format filled in)",
        # `probe-rs-cli list` printed "The following devices were found:" and `[n]: <DebugProbeInfo>` (the probe_listed row
        # above; that header is left to sigrok-cli's scan, which prints the same words), or "No devices were found." when
        # Probe::list_all() returned nothing (no probe, or none this user may open: it skips those silently, probe-rs#357);
        # the other subcommands failed with "Unable to open probe: <why>" (cargo-flash/embed of that time alike)
        Msg("adapter_open_failed", r"^\s*(?:Error: )?No devices were found\.\s*$", fail=True, example="No devices were found."),
        # probe-rs/examples (ram_download.rs and the like, 2020-2025): anyhow!("No probe found.") when Probe::list_all() is empty
        Msg("adapter_open_failed", r"^\s*(?:Error: )?No probe found\.\s*$", fail=True, example="Error: No probe found."),
        Msg("probe_choice_needed", r"Unable to open probe: Multiple probes found", strength="strong", fail=True,
            example="Error: Unable to open probe: Multiple probes found. Please specify which probe to use using the -n parameter."),
        Msg("adapter_open_failed", r"Unable to open probe(?:: (?:No probe detected|Unable to open the specified probe)|\.?\s*$)",
            strength="strong", fail=True, example="Error: Unable to open probe: No probe detected."),
    ),
    group(
        "probe-rs 0.1x-0.3x src/probe/stlink/mod.rs, constants.rs and src/architecture/arm/communication_interface.rs (the target "
        "answers WAIT: its core clock is stopped in WFI/STOP or its bus is stalled)",
        # the ST-Link status 0x14/0x10 (SwdDpWait/SwdApWait) as the final error, in its Display and Debug forms, and a
        # CMSIS-DAP probe's WAIT response; the stlink driver retries a WAIT with back-off and gives up after 13 tries
        # (audit-probes s18) 0.12-0.1x DapError: "Target device responded with WAIT response to request."
        Msg("swd_wait", r"Command failed with status Swd(?:Dp|Ap)Wait\b|CommandFailed\(Swd(?:Dp|Ap)Wait\)|Dap\(WaitResponse\)|"
            r"responded with a WAIT response to the request|responded with WAIT response to request|too many retries, giving up", strength="strong", fail=True,
            example="    1: Command failed with status SwdDpWait"),
        Msg("swd_wait", r"got Swd(?:Dp|Ap)Wait(?:/Swd(?:Dp|Ap)Wait)?, retrying|send_jtag_command \d+ (?:failed: |got )Swd(?:Dp|Ap)Wait\b",
            strength="strong", benign=True, attrs={"retry": True},
            example=" WARN probe_rs::probe::stlink: got SwdDpWait/SwdApWait, retrying."),
    ),
    group(
        "probe-rs 0.1x-0.3x src/error.rs, src/probe.rs (the error chain's wrappers: probe-rs's own words)",
        # (rust-zephyr-probes s13) probe-rs 0.6-0.7 (Mar-Jun 2020, removed in bbaee5aaf) src/flashing/flasher.rs: a log::warn!
        # inside the loop that waits for the core to halt before the flash algorithm runs; it retries, and the flash goes
        # on (a slow ST-Link clone logs it a score of times, then erases and programs: probe-rs#209). Not a failure.
        Msg(None, r"^\s*WARN\s+probe_rs\S*\s*>?\s*Error while waiting for core halted:", strength="strong", benign=True,
            example="        WARN probe_rs::flashing::flasher > Error while waiting for core halted: An error with the usage of the probe occured: Operation timed out."),
        Msg("tool_error", r"(?P<text>An error with the usage of the probe occur+ed)", strength="strong", fail=True,
            example="Error: An error with the usage of the probe occurred"),
        Msg(None, r"An error specific to a probe type occurred|An error which is specific to the debug probe in use occurred|"
            r"The debug probe encountered an error", strength="strong", example="    0: An error specific to a probe type occurred"),
        Msg(None, r"A hard reset during attaching might help", strength="strong",
            example="A hard reset during attaching might help. This will reset the entire chip. Run with `--connect-under-reset` to enable this feature."),
    ),
    group(
        "probe-rs src/architecture/arm, session.rs (the target)",
        # probe-rs 0.2x-0.3x src/session.rs: --connect-under-reset held NRST and the core never halted out of reset; the tool's
        # own advice is to check that the probe's reset pin reaches NRST (or to connect without reset)
        # (thin-other s9) probe-rs 0.2x-0.3x src/session.rs: under --connect-under-reset the probe released NRST and still read
        # it low a second later (architecture/arm/sequences.rs reset_hardware_deassert polls the pin): the line is held low on
        # the board (reset IC, large capacitor, button), or the probe misreports its pins (Glasgow before PR 4073). The
        # tool's own sentence blames an unconnected pin, but an unwired NRST reads high, it never times out here
        Msg("reset_held_low", r"Timeout while deasserting hardware reset pin", strength="strong", fail=True,
            example=" WARN probe_rs::session: Timeout while deasserting hardware reset pin. This indicates that the reset pin is not properly connected. Please check your hardware setup."),
        Msg("reset_attach_timeout", r"Timeout while attaching to target under reset", strength="strong", fail=True,
            example="    0: Timeout while attaching to target under reset. This can happen if the target is not responding to the reset sequence."),
        # probe-rs's own wrapper of every connect failure (src/session.rs): its words start a block
        Msg("dp_connect_failed", r"Connecting to the chip was unsuccessful", strength="strong", fail=True,
            example="Error: Connecting to the chip was unsuccessful."),
        Msg("dp_connect_failed", r"(?i)The target did not respond|Target device did not respond to request|\bSWD (?:protocol )?error\b|"
            r"Received a NACK|An ARM specific error occurred|Error while attaching", fail=True,
            example="    0: An ARM specific error occurred."),
        # probe-rs 0.1x-0.3x src/probe/stlink/constants.rs Status: the ST-Link's own answer to a debug-port or access-port
        # access (FAULT, an error or a parity error on the SWD lines; no device on the JTAG chain; the IDCODE read failed):
        # the wire reached nothing that answered properly (SwdDpWait/SwdApWait are the WAIT rows above)
        Msg("dp_connect_failed", r"(?:status |CommandFailed\()(?:Swd(?:Dp|Ap)(?:Fault|Error|ParityError)|JtagNoDeviceConnected|"
            r"JtagGetIdcodeError)\b", strength="strong", fail=True, example="    1: Command failed with status SwdDpError"),
        # probe-run 0.1-0.3 src/main.rs: its log line once the image is written ("(HOST) INFO  success!")
        Msg("program_finished", r"\(HOST\) INFO\s+success!$", strength="strong", example="  (HOST) INFO  success!"),
        # probe-rs 0.1x (probe-run 0.1-0.3, cargo-flash/embed of 2020-2022) src/architecture/arm/communication_interface.rs:
        # "AP {address:x?} is not a memory AP" (ApInformation::Other): the access port read back no MEM-AP IDR, which on an
        # nRF52 with access-port protection (APPROTECT) is AP 0 itself
        Msg("dp_connect_failed", r"\bAP .{1,60}? is not a memory AP\b", strength="strong", fail=True, attrs={"mem_ap": True},
            example="Error: AP ApAddress { dp: Default, ap: 0 } is not a memory AP"),
        Msg("flash_protected", r"--allow-erase-all|\bAPPROTECT\b|\bApprotect\b", fail=True,
            example="Error: The chip is locked; run again with --allow-erase-all to unlock it"),
        # probe-rs src/flashing/flasher.rs (0.6-0.3x): the chip's flash algorithm (CMSIS-Pack FLM) returned non-zero from
        # EraseSector/EraseChip: the flash refused the erase (protected sectors: nRF ACL/APPROTECT, SAMD BOOTPROT, STM32 WRP)
        Msg("flash_erase_failed", r"The execution of '(?:erase_sector|erase_all|erase_chip)' failed with code (?P<code>-?\d+)|"
            r"Failed to erase flash sector at address", strength="strong", fail=True, convert=(("code", int),),
            example="Error failed to flash app: The execution of 'erase_sector' failed with code 1"),
        Msg("program_finished", r"^\s*Finished in \d+(?:\.\d+)?s?\b|Flashing\s+\S*\s*Finished", example="      Finished in 1.52s"),
    ),
    # (probe-rs audit s8) #[error(...)], bail!/anyhow!/context and warn! texts of probe-rs v0.20-v0.32 (probe-rs/src: error.rs,
    # probe.rs, probe/*, session.rs, flashing/error.rs, architecture/arm; probe-rs-tools cli) that only the catch-all knew
    # (or nothing, on a `Caused by:` line without "Error: "); /work/notes/audit8-probers lists them. Examples are the
    # source's format filled in.
    group(
        "probe-rs 0.20-0.32 src/probe.rs, probe/list.rs, cli util: no probe, the probe selected is not there, or cannot be opened (source audit s8; examples: the source's format filled in)",
        Msg("adapter_open_failed", r"No debug probes available|Probe with specified index not found|\bProbe \S{1,60} does not exist|"
            r"Error opening probe: |device with selector .{1,80} not found|failed to open the specified device|"
            r"failed to enumerate devices to open the correct one", strength="strong", fail=True,
            example="Error: No debug probes available. Make sure your probe is plugged in, supported and up-to-date."),
        Msg("usb_access_denied", r"USB device could not be opened\. Please check the permissions", strength="strong", fail=True,
            example="    1: USB device could not be opened. Please check the permissions."),
        Msg("probe_busy", r"Probe is already in use", strength="strong", fail=True, example="Error: Probe is already in use"),
        Msg("probe_firmware_old", r"^\s*(?:\d+: |Error: )?Firmware version is not supported\.?$", fail=True,
            example="    1: Firmware version is not supported."),
        Msg("probe_choice_needed", r"Multiple probes were found -- please specify a probe|Did not expect multiple probes", strength="strong", fail=True,
            example="Error: Multiple probes were found -- please specify a probe with `--probe`"),
        # the probe's USB link failed after it was opened (unplugged, a hub, a cable)
        Msg("probe_usb_error", r"Timeout in USB communication|USB Communication Error|A USB transport error occurred|Error in the USB (?:HID )?access|"
            r"Usb endpoint not found|the device has been disconnected from the system|Not enough data in response from probe",
            strength="strong", fail=True, example="    1: Timeout in USB communication."),
        # (devboards s21) `probe-rs info` tries JTAG before SWD: a probe without JTAG (CMSIS-DAP debugprobe, ST-Link) prints this
        # for the first attempt and goes on with "Probing target via SWD"; it says nothing about the target
        Msg(None, r"Error identifying target using protocol JTAG: The probe does not support the JTAG protocol", strength="strong", benign=True,
            src="probe-rs info (0.2x) JTAG-then-SWD scan", example="Error identifying target using protocol JTAG: The probe does not support the JTAG protocol."),
        # (healthy-fw s24) `probe-rs info` asks every architecture's sequence on each protocol and reports those it could not run
        # there (probe-rs-tools cmd/info.rs format_info_event: ProtocolNotSupportedByArch "Debugging {arch} targets over {protocol}
        # is not supported. ...", 0.2x "... For these targets, JTAG is the only supported protocol. ..."; ProbeInterfaceMissing
        # "No {interface} interface was found on the connected probe. {arch} specific information cannot be printed."): a note
        # about the other architectures, printed beside a successful ARM identification (rgrr/yapicoprobe#111)
        # (review s24) only info's own line: "Error: Debugging RISC-V targets over SWD is not supported" of a download or run, or
        # the same words in a "Caused by:" chain ("1: Debugging ..."), is that command's failure (probe_unsupported below)
        Msg(None, r"^(?:Debugging [\w-]{2,20} targets over (?:SWD|JTAG) is not supported\.|No \w{2,12} interface was found on the connected probe\. "
            r"[\w-]{2,20} specific information cannot be printed)", strength="strong", benign=True, src="probe-rs-tools cmd/info.rs (0.2x-0.3x)",
            example="Debugging RISC-V targets over SWD is not supported. For these targets, JTAG is the only supported protocol. RISC-V specific information cannot be printed."),
        Msg("probe_unsupported", r"The connected probe does not support the interface|\bJTAG not supported on Probe|Multidrop SWD not supported|"
            r"No support for multidrop SWD|is not supported by the probe|targets over SWD is not supported|[Pp]robe does not support (?:target interface )?\S",
            strength="strong", fail=True, example="Error: The requested speed setting (24000 kHz) is not supported by the probe"),
        # cargo-flash / cargo-embed 0.2x shims: probe-rs itself is not installed (TOOL001 reads tool_missing)
        Msg("tool_missing", r"Error launching `(?P<text>probe-rs)`", strength="strong", fail=True,
            example="Error launching `probe-rs`: No such file or directory (os error 2)"),
        Msg(None, r"binary is a small shim that launches `probe-rs`|Make sure `probe-rs` is installed and available in \$PATH", strength="strong",
            example="Note: the `cargo-flash` binary is a small shim that launches `probe-rs`."),
    ),
    group(
        "probe-rs 0.20-0.32 src/architecture/arm (ArmError, DebugPortError, DapError), probe/cmsisdap, jlink, ftdi, session.rs: the target "
        "does not answer on SWD/JTAG (source audit s8; examples: the source's format filled in)",
        # (audit-probes s18) 0.12-0.1x DapError: "Target device responded with FAULT response to request."
        Msg("dp_connect_failed", r"Failed to attach probe to target|Failed to find the target or attach to the target|Could not attach to target\. Try running|"
            r"Error attaching to core # ?\d+|Error while communicating with debug port|An error occurred in the SWD communication between probe and device|"
            r"Target device responded with a FAULT response|Target device responded with FAULT response to request|Connecting to target failed, received: |"
            r"A protocol error occurred in the \S+ communication between probe and device|Error doing SWD (?:OUT|IN)\b|"
            r"JTAG .{1,40}? scan chain (?:either broken or too long|is empty)|No TAP devices found", strength="strong", fail=True,
            example="    1: Target device responded with a FAULT response to the request."),
        Msg("dp_connect_failed", r"^\s*(?:\d+: |Error: )?(?:Failed to attach to (?:core|chip)|Target power-up failed|Debug power request failed|"
            r"debug power-up request failed|Invalid IDCODE|Truncated IDCODE|Wire error: )", fail=True,
            example="    0: Failed to attach to core"),
        # a locked chip: nRF APPROTECT without --allow-erase-all (MissingPermissions("erase_all")), an ATSAM security bit,
        # a core that would not unlock
        Msg("flash_protected", r"lacked the permission to do so: erase_all|Could not unlock core|Erase all failed: could not unlock the device|"
            r"Chip-Erase is locked|Device is locked\. A Chip-Erase operation is required", strength="strong", fail=True,
            example="Error: An operation could not be performed because it lacked the permission to do so: erase_all"),
        Msg(None, r"is locked\. Erase procedure will be started to unlock it|The Device is locked, unlocking|Core is still locked after erase operation",
            strength="strong", benign=True, example=" WARN probe_rs::vendor::nordicsemi::sequences::nrf53: Core is locked. Erase procedure will be started to unlock it."),
        Msg("reset_failed", r"Failed to reset and halt target|The target could not be reset and halted|The reset of the target failed|System reset timed out|"
            r"Error during reset ?: |The core did not acknowledge a request for reset, resume or halt|Failed to reset, and then halt the CPU|"
            r"^\s*(?:\d+: |Error: )?Failed to reset target$|Reset failed -- trying again", strength="strong", fail=True,
            example="    0: The target could not be reset and halted."),
    ),
    group(
        "probe-rs 0.20-0.32 src/flashing/error.rs, flasher.rs and the cli's download/run: the flash algorithm, the written data, the image (source audit s8; examples: the source's format filled in)",
        Msg("flash_erase_failed", r"Failed to erase the whole chip|^\s*(?:\d+: |Error: )?Chip erase failed\.?$|Chip-Erase failed to complete within", strength="strong", fail=True,
            example="    0: Failed to erase the whole chip."),
        Msg("flash_algo_failed", r"The (?:un)?initialization of the flash algorithm failed|Failed to load flash algorithm into RAM|"
            r"The RAM contents did not match the expected contents after loading the flash algorithm|Failed to verify flash algorithm\. Data mismatch|"
            r"The execution of '(?:program_page|init|uninit|verify|blank_check)\w*' failed with code", strength="strong", fail=True,
            example="    1: The initialization of the flash algorithm failed."),
        Msg("verify_failed", r"Flash content verification failed", strength="strong", fail=True, example="Error: Flash content verification failed."),
        Msg("probe_usage", r"The chip '[^']{1,60}' was not found in the database|The requested chip '[^']{1,60}' was not found in the list of known targets|"
            r"The connected chip could not automatically be determined|No target found for chip |no suitable \(default\) flash loader algorithm|"
            r"more than one suitable flash (?:loader )?algorithm", strength="strong", fail=True,
            example="Error: The connected chip could not automatically be determined."),
        Msg("image_missing", r"Failed to open the ELF file|Failed to open binary file|Failed to open ELF file |No binary artifacts were found|"
            r"Failed to build the cargo project", strength="strong", fail=True,
            example="Error: Failed to open the ELF file 'target/thumbv7em-none-eabihf/release/app' for flashing."),
        # (rust-zephyr-probes s13) probe-rs src/flashing/download.rs FileDownloadError::NoLoadableSegments (0.6-0.2x thiserror
        # "No loadable ELF sections were found."; docsplay and the loader.rs warn! "No loadable segments were found in the
        # ELF file." / "... in the UF2 file."): the image has no PT_LOAD segment to write, "most likely because of a bad
        # linker script" (the source's own note): cortex-m-rt's link.x / memory.x not applied to the build
        Msg("image_no_segments", r"No loadable (?:segments were found in the (?:ELF|UF2) file|ELF sections were found)", strength="strong", fail=True,
            src="probe-rs 0.6-0.3x src/flashing/download.rs, loader.rs (rust-zephyr-probes s13)",
            example="       Error No loadable segments were found in the ELF file."),
        Msg("flash_write_failed", r"^\s*Failed programming in ", strength="strong", fail=True, example="Failed programming in 1.2s"),
        Msg("program_finished", r"^\s*Finished (?:programming in |flashing$)|Firmware exited successfully", strength="strong",
            example="Finished programming in 1.52s"),
        Msg(None, r"^Halting core\.\.|: Erase done$|^Starting flashing test|^Total time for flashing", strength="weak", example="Halting core.."),
    ),
    group(
        "probe-rs 0.24-0.32 and after src/error.rs (source audit s11; examples: the source's format filled in)",
        # Error::MissingPermissions's docsplay text (the session.rs struct's own words are the flash_protected row above): a
        # locked core needs the erase_all permission (--allow-erase-all) to be unlocked by a full erase
        Msg("flash_protected", r"An operation was not performed because the required permissions were not given: erase_all",
            strength="strong", fail=True,
            example="Error: An operation was not performed because the required permissions were not given: erase_all."),
    ),
    group(
        # (healthy s20) probe-rs-cli 0.1x-0.2x `run` (src/bin/probe-rs-cli/main.rs, debugger): after the flash it attaches to
        # RTT and, when it cannot, logs `log::error!("{:?} Continuing without RTT... ", error)`: one record whose error text
        # spans several lines ("Error attempting to attach to RTT: RTT control block not found in target memory." and its
        # "- Make sure RTT is initialized..." hints) and ends with those words; the image was written and the tool goes on.
        # cargo-embed's "Error attaching to RTT" without them stops there, and stays a failure
        "probe-rs-cli 0.1x-0.2x run: RTT not attached after a flash (healthy s20)",
        Msg(None, r"Continuing without RTT\b", "strong", benign=True,
            src="probe-rs-cli run log::error!(\"{:?} Continuing without RTT... \") (example: tests/misses healthy-probe-rs-cli-run-lpc845)",
            example="- Depending on the target, sleep modes can interfere with RTT. Continuing without RTT.."),
    ),
    group(
        "probe-rs / probe-run: any other error line",
        Msg(None, r"^Caused by:$", example="Caused by:"),
        # (healthy-misc s8) probe-rs logs conditions it handles at WARN (tracing level): a core found in lock-up before it
        # resets it, an NXP FlexSPI config block it cannot verify (probe-rs #2560, flashed fine), a retried WAIT; what it
        # cannot handle ends as `Error:` (or an ERROR line). The words of a WARN line ("exception", "failed") are no verdict.
        Msg(None, r"^\s*WARN\s+probe_rs\w*::", "strong", benign=True,
            example=" WARN probe_rs::architecture::arm::core::armv8m: The core is in locked up status as a result of an unrecoverable exception"),
        Msg("tool_error", r"^\s*(?:Error|error): (?P<text>\S.*)$", strength="weak", fail=True, example="Error: The flashing procedure failed."),
    ),
)


_RTT_ATTACH = re.compile(r"Error (?:attempting to attach|attaching) to RTT\b")
_UNDER_RESET = re.compile(r"--connect-under-reset\b|\bconnect_?[Uu]nder_?[Rr]eset\"?\s*[:=]\s*true\b")
_CHIP = re.compile(r"(?:--chip[ =]|\bchip\s*=\s*\")([A-Za-z][A-Za-z0-9_]{2,39})")
_LOCKED = re.compile(r"is locked\. Erase procedure will be started to unlock it")
_ERASED = re.compile(r"^\s*Erasing\b.*(?:\b100\s*%|✔)")  # probe-rs's erase progress bar, done
_ATTACH_CAUSE = re.compile(r"Connecting to the chip was unsuccessful: (\S.*)$")
_DRIVER = re.compile(r"probe_rs::probe::(stlink|cmsisdap|jlink|espusbjtag|wlink|ftdi|blackmagic)\b")
# (reviewfix s21) also through env or the path looked up first, the ways around root's PATH lacking ~/.cargo/bin:
# `sudo env "PATH=$PATH" probe-rs list`, `sudo -E env PATH=... cargo flash`, `sudo $(which probe-rs) list`,
# `sudo $(command -v probe-rs)`, `sudo \`which cargo-flash\``
_SUDO = re.compile(r"(?:^|[\s$#>])sudo\s+(?:-\S+\s+)*(?:env\s+(?:-\S+\s+)*(?:[\"']?\w+=\S*\s+)*)?"
                   r"(?:\$\(\s*(?:which|command\s+-v|type\s+-p)\s+|`\s*(?:which|command\s+-v|type\s+-p)\s+)?"
                   r"(?:\S*/)?(?:probe-r|cargo[\s-](?:flash|embed))")


def _family(name: str) -> str:
    """The probe family of a `probe-rs list` entry's name (STLink V2, CMSIS-DAP, J-Link...)."""
    low = name.lower()
    for key, family in (("stlink", "stlink"), ("st-link", "stlink"), ("j-link", "jlink"), ("jlink", "jlink"),
                        ("cmsis-dap", "cmsis-dap"), ("cmsisdap", "cmsis-dap"), ("picoprobe", "cmsis-dap"), ("debugprobe", "cmsis-dap")):
        if key in low:
            return family
    return ""


@register
class ProbeRsParser(TableParser):
    name = "probe-rs"
    namespace = "openocd"
    messages = MESSAGES
    event_kinds = ("works_only_with_sudo",)
    hints = ("probe-r", "probe", "cargo", "udev", "error", "chip", "running", "finished", "flashing", "caused", "nack", "arm", "swd",
             "locked", "approtect", "permissions", "(vid: ", " -- ", "wait", "retries", "hard reset", "outdated",
             "firmware version", "memory ap", "entity not found", "determine driver", "not usable", "access denied", "(host)", "status",
             "unsuccessful", "under reset", "erase",
             # (probe-rs audit s8)
             "debug probes available", "specified index", "does not exist", "opening probe", "selector", "specified device", "enumerate devices",
             "could not be opened", "already in use", "not supported", "multiple probes", "usb", "not enough data", "interface", "multidrop",
             "shim", "$path", "attach", "debug port", "fault response", "connecting to target", "protocol error", "swd", "scan chain", "tap devices",
             "power", "idcode", "wire error", "unlock", "locked", "reset", "flash algorithm", "verification", "not found", "could not automatically",
             "no target found", "flash loader", "algorithm", "elf file", "binary file", "binary artifacts", "cargo project", "programming",
             "firmware exited", "halting core", "flashing test", "total time", "banked dp",
             # (source audit s11)
             "required permissions",
             # (rust-zephyr-probes s13)
             "no such command", "no such subcommand", "loadable", "waiting for core halted",
             # (healthy s20)
             "continuing without rtt",
             # (host-usb s21) probe-rs-cli 0.x list
             "devices were found")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.tool = "probe-rs"
        self.rtt_record: list[int] = []  # the lines of an RTT attach error record not yet ended
        self.overcome: list[int] = []  # its lines, once the record ended "Continuing without RTT"
        self.sudo = False  # the last command line ran under sudo
        self.denied_as_user: dict[str, Any] | None = None  # the probe not found or not opened as the user
        self.locked_at: tuple[int, str] | None = None  # (devboards s21) the "Core is locked" warning (lineno, line)
        self.locked_erased = False  # the erase's progress reached 100 % after that warning

    def feed(self, lineno: int, line: str) -> None:
        if "RTT" in line:
            if _RTT_ATTACH.search(line):
                self.rtt_record = [lineno]
            elif self.rtt_record and "Continuing without RTT" in line:
                self.overcome += [*self.rtt_record, lineno]
                self.rtt_record = []
        if self.rtt_record and lineno != self.rtt_record[-1] and not _RTT_ATTACH.search(line):
            if re.match(r"\s*-\s|\s{4,}\S", line):
                self.rtt_record.append(lineno)  # a hint line of the same record
            else:
                self.rtt_record = []
        # the chip named on the command line (--chip RP2040, chip = "STM32F103C8" in Embed.toml) and the probe driver
        # named in log lines (probe_rs::probe::stlink): which probe talks to which target
        if "chip" in line and "chip" not in self.fields:
            c = _CHIP.search(line)
            if c:
                self.fields["chip"] = c.group(1).lower()[:40]
                if self.fields["chip"].startswith("nrf5"):
                    self.fields.setdefault("target", "nrf5x")  # as OpenOCD's: a missing MEM-AP there is APPROTECT
        # (thin-other s9) the attach was asked under reset (--connect-under-reset on the command line, connectUnderReset = true
        # in a DAP client's launch.json or Embed.toml's connect_under_reset): which reset path a timeout came from
        if "nder" in line and "connect_under_reset" not in self.fields and _UNDER_RESET.search(line):
            self.fields["connect_under_reset"] = True
        if "probe::" in line and "probe" not in self.fields:
            p = _DRIVER.search(line)
            if p:
                self.fields["probe"] = "stlink" if p.group(1) == "stlink" else p.group(1)
        # (source audit s11) probe-rs after 0.32 (probe-rs-tools util/cli.rs TargetAttachFailed) prints the attach failure and
        # its cause on one line, "Error: Connecting to the chip was unsuccessful: <cause>", where 0.2x-0.32 gave the cause as a
        # `Caused by:` line: both halves are read as those two lines were, each event quoting the whole line
        if "Erasing" in line and self.locked_at is not None and _ERASED.search(line):
            self.locked_erased = True
        cause = _ATTACH_CAUSE.search(line) if "unsuccessful: " in line else None
        if cause:
            for part in (line[:cause.start(1)].rstrip(": ") + ".", cause.group(1)):
                for row, m in self.match_line(part.strip()):
                    ev = self.event(row.kind, lineno, line, **event_attrs(row, m)) if row.kind else None
                    self.on_event(ev, row, m, lineno, line)
            return
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None:
            if _LOCKED.search(line) and self.locked_at is None:
                self.locked_at = (lineno, line.strip()[:500])
            if dict(row.attrs).get("field") == "command":  # type: ignore[arg-type]
                tool = g.get("tool") or ""
                if tool == "probe-run":
                    self.tool = "probe-run"
                self.fields.setdefault("command", f"{tool} {g.get('args') or ''}".strip()[:300])
                self.sudo = bool(_SUDO.search(line))
            elif "probe-run" in line:
                self.tool = "probe-run"
            return
        if ev["kind"] == "tool_error":
            ev["text"] = (g.get("text") or "")[:200]
        elif ev["kind"] == "probe_listed":
            ev["name"] = (g.get("name") or "").strip()[:80]
            family = _family(ev["name"])
            if family:
                ev["family"] = family
            self.fields["found"] = self.fields.get("found", 0) + 1
        elif ev["kind"] == "adapter_open_failed":
            self.fields.setdefault("found", 0)
        elif ev["kind"] == "tool_missing" and ev.get("name") in ("embed", "flash"):
            ev["name"] = "cargo-" + ev["name"]  # cargo's external subcommand `cargo X` is the binary cargo-X
        # (host-usb s21) the same paste: no probe (or none it could open) as the user, then the probe listed or the image
        # written under sudo (probe-rs#357: `probe-rs-cli list` empty, `sudo probe-rs-cli list` lists it)
        sudo_contrast(self, ev, lineno, line, denied=ev["kind"] in ("adapter_open_failed", "usb_access_denied"),
                      worked=ev["kind"] in ("probe_listed", "program_finished"))

    def quiet_now(self) -> bool:
        # after the locked-core warning the erase's progress line (no row of its own) is read (finish)
        return self.locked_at is None or self.locked_erased

    def summary(self) -> dict[str, Any]:
        return probe_run_summary(self.fields, self.events)

    def finish(self) -> dict[str, Any]:
        # (devboards s21) probe-rs found the core locked (nRF APPROTECT: "Core 1 is locked. Erase procedure will be started to
        # unlock it.") and the attach then failed with no cause line pasted after it (probe-rs#3053, nRF5340): the unlock did
        # not happen, which is the locked chip's failure (the erase_all permission row below the warning when it is pasted)
        # (reviewfix3 s21) not when the erase then ran (its progress line reached 100 %: the chip was unlocked) or another
        # failure after the warning names the cause (no probe, a probe without the protocol, a USB error)
        locked = self.locked_at
        if locked and (self.locked_erased or any(
                e["kind"] in ("adapter_open_failed", "probe_unsupported", "probe_usb_error") and e["lineno"] > locked[0] for e in self.events)):
            locked = None
        if locked and not any(e["kind"] in ("flash_protected", "program_finished") for e in self.events):
            after = [e for e in self.events if e["kind"] == "dp_connect_failed" and e["lineno"] > locked[0]]
            if after:
                self.event("flash_protected", locked[0], locked[1], fail=True)
        run = self.run(**self.summary())
        run["tool"] = self.tool
        out: dict[str, Any] = {self.namespace: {"runs": [run]}}
        mark_overcome(out, ((self.source, n) for n in self.overcome))
        return out
