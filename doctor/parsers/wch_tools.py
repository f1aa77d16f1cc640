"""WCH's RISC-V and 8051 parts flashed with the community tools: minichlink (ch32fun / ch32v003fun, a WCH-LinkE or
another programmer on the one-wire SDI/SWIO or two-wire debug pins), wchisp (ch32-rs, the chips' USB/serial ISP
bootloader, 4348:55e0 or 1a86:55e0) and the CH55x uploaders vnproch55x (ch55xduino's Arduino uploader, "CH55x
Programmer by Deqing", formerly "by VNPro") and ch55xtool (MarsTechHAN/ch552tool), the flash console of WCH's own
MounRiver Studio / WCH-LinkUtility, and wlink (ch32-rs, the WCH-Link's own protocol), as message tables.

Sources read (session 13): ch32fun minichlink/minichlink.c and pgm-wch-linke.c (git history 2023-2026: "link error,
nothing connected to linker" gained its reply bytes and "Trying to put processor in hold and retrying" in 2024; the
read-protection warning read "flash [read] locked" before "flash locked (read protected)"); wchisp src/main.rs,
flashing.rs, transport/usb.rs (0.2-0.3; 0.2.x printed rusb's own error, "Error: Access denied (insufficient
permissions)"); vnproch551 main.cpp (2020-2024, VNPro and Deqing headers); ch552tool ch55xtool/ch55xtool.py (2020-2024).

Facts: minichlink is a debug-probe tool, a run under `openocd.runs` (tool "minichlink", with the event kinds OpenOCD's
runs use where the meaning is the same: dp_connect_failed for a target that does not answer, flash_protected,
usb_no_driver / usb_access_denied for a probe the host cannot open) and `probe` naming the WCH programmer model
("wch-linke", "wch-ch549", "wch-unknown"...). wchisp and the CH55x uploaders are flash tools: runs under `flash.runs`
(tools "wchisp", "vnproch55x", "ch55xtool"): isp_not_found when no chip in its ISP bootloader answered.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_MINICHLINK = rows_of(
    group(
        "ch32fun minichlink/minichlink.c 2023-2026 (command line, programmer search, target setup)",
        Msg(None, r"(?:^|[\s/\\$>])minichlink(?:\.exe)?\s+-[a-zA-Z35]", strength="strong",
            example="../../ch32fun//../minichlink/minichlink -w blink.bin flash -b"),
        Msg("adapter_found", r"^Found (?:WCH Link|ESP32S2(?:-Style)? Programmer|NHC-Link042 Programmer|B003Fun Bootloader|Ardulink Programmer|"
            r"rv003-funprog|MCU in bootloader mode)\b", strength="strong", example="Found WCH Link"),
        Msg("adapter_error", r"^Error: Could not initialize (?:any supported programmers|\S+ programmer)", strength="strong", fail=True,
            example="Error: Could not initialize any supported programmers"),
        Msg(None, r"^WARNING: You are not in the plugdev/dialout group, the canned udev rules will not work", strength="strong",
            example="WARNING: You are not in the plugdev/dialout group, the canned udev rules will not work on your system."),
        Msg(None, r"^(?:Already Connected|Setup success|Interface Setup|Writing image|Entering Unbrick Mode|Connection starting|"
            r"Programmer wasn't initialized\? Fixing|Sending unbrick|Done unbrick|Holding in reset|Whole-chip erase|Terminal started|"
            r"GDBServer Running|gdbserver running on port \d+)\s*$", example="Interface Setup"),
        # the programmer's own chip query found nothing it knows and minichlink falls back to probing the chip itself: normal with
        # older WCH-LinkE firmware (ch32fun#591: "I needed to update my LinkE for the unknown chip message to go away")
        Msg(None, r"^(?:Unknown chip fallback|No detected chip\.)\s*$", benign=True, example="No detected chip."),
        Msg(None, r"^Full Chip Type Reply: \[\d+\]", strength="strong", example="Full Chip Type Reply: [4] 81-55-01-01-00-00-00-00-00"),
        Msg(None, r"^(?:Detected:? \S|Chip Type: |Autodetected a |Flash Storage: |Part UUID|PFlags\s*:|Part Type|USER/RDPR\s*:|DATA1/DATA0\s*:|"
            r"WRPR\d/WRPR\d\s*:|R32_ESIG_UNIID\d:|Vendored: |marchid : |HARTINFO: |Read protection: disabled|Using binary blob write)",
            example="Autodetected a SWDIO chip (Enum: 26 from 00630620)"),
        # an id the probe reported that minichlink does not know: it asks for a photo, and goes on (not a failure by itself)
        Msg(None, r"^Unknown chip type\.\s+Report as bug with picture of chip", strength="strong", benign=True,
            example="Unknown chip type.  Report as bug with picture of chip."),
        Msg(None, r"^Read protection: enabled", example="Read protection: enabled"),
        Msg("flash_succeeded", r"^Image written\.\s*$", example="Image written."),
    ),
    group(
        "ch32fun minichlink/pgm-wch-linke.c 2023-2026 (WCH-Link, WCH-LinkE, WCH-LinkW)",
        Msg("adapter_found", r"^WCH Programmer is (?P<programmer>LinkE|LinkW|LinkB|CH549|CH32V307|CH32V203) version (?P<fw>\d+\.\d+)",
            strength="strong", example="WCH Programmer is LinkE version 2.12"),
        # a WCH-Link model byte minichlink has no name for: an old WCH-Link (CH549) firmware or a clone
        Msg("probe_unsupported", r"^Unknown WCH Programmer (?P<value>[0-9a-fA-F]{2}) \(Ver (?P<fw>\d+\.\d+)\)", strength="strong",
            attrs={"programmer": "unknown"}, example="Unknown WCH Programmer 00 (Ver 2.1)"),
        # the reply 81 55 01 01 to "attach chip" (the same reply WCH's OpenOCD reports as "failed to connect with riscvchip"): no
        # target answered on SWIO/SWDIO. Older builds printed the first half alone
        Msg("dp_connect_failed", r"^link error, nothing connected to linker", strength="strong", fail=True, attrs={"state": "no_target"},
            example="link error, nothing connected to linker (4 = [81 55 01 01]).  Trying to put processor in hold and retrying."),
        # a USB transfer of a command to the programmer failed (ch32fun#239: a short in the lead to the target made the attach
        # command 81 0d 01 02 fail this way on two different programmers)
        Msg("dp_connect_failed", r"^Error sending WCH command \(on (?:recv|send)\):", strength="strong", fail=True, attrs={"state": "command"},
            example="Error sending WCH command (on recv): 81 0d 01 02 "),
        Msg("usb_access_denied", r"^Error: couldn't open wch link device \(libusb_open\(\) = -3\)", strength="strong", fail=True,
            example="Error: couldn't open wch link device (libusb_open() = -3)"),
        Msg("usb_no_driver", r"^Error: couldn't open wch link device \(libusb_open\(\) = -?\d+\)", strength="strong", fail=True,
            example="Error: couldn't open wch link device (libusb_open() = -12)"),
        Msg(None, r"^Did you install the WCH Link E Drivers described here", strength="strong",
            example="Did you install the WCH Link E Drivers described here: https://github.com/cnlohr/ch32v003fun/wiki/Installation#windows"),
        Msg(None, r"^(?:Warning: found at least one WCH-LinkE in ARM programming mode|Found programmer in (?:ARM|IAP) mode)", strength="strong",
            example="Warning: found at least one WCH-LinkE in ARM programming mode. Attempting automatic switch to RISC-V.  Will need a to re-attempt."),
        Msg(None, r"^(?:Chip Type unknown \[|Chip type not supported\. Aborting)", strength="strong", fail=True,
            example="Chip type not supported. Aborting..."),
    ),
    group(
        "ch32fun minichlink/pgm-esp32s2-ch32xx.c, pgm-b003fun.c (HID programmers: ESP32-S2 'funprog', rvswdio, b003fun)",
        # hidapi could not exchange the programmer's feature reports: Linux, no udev rule for its hidraw node; Windows, the
        # interface not bound to a driver hidapi can use (rv003usb#93: the maintainer's answer was the WinUSB driver package)
        Msg("hid_report_failed", r"^Error: Got error -?\d+ when (?:sending|getting) hid feature report", strength="strong", fail=True,
            example="Error: Got error -1 when sending hid feature report."),
    ),
    group(
        "ch32fun minichlink/minichlink.c 2023-2026 (the debug module: DMSTATUS, abstract commands, flash)",
        # every debug-module register reads as all ones: nothing drives SWIO (no target, or its debug pin is taken by the firmware)
        Msg("dp_connect_failed", r"^(?:Fault on op \(DMABSTRACTS = ffffffff\)|DMStatus After Halt: /\d/[01]?fffffff\b|Error: Flash is not unlocked \(CTLR = ffffffff\))",
            strength="strong", fail=True, attrs={"state": "no_target"},
            example="Fault on op (DMABSTRACTS = ffffffff) (-1) (Other Error) DMSTATUS: ffffffff"),
        Msg(None, r"^Fault on op \(DMABSTRACTS = [0-9a-f]{8}\)", strength="strong", fail=True,
            example="Fault on op (DMABSTRACTS = 08000302) (100) (Exception executing Abstract Command) DMSTATUS: 000c0382"),
        Msg(None, r"^(?:Could not setup interface\.|Error: Could not read dmstatus|Error: Setup chip failed\. Got code|Error: Could not get hart info|"
            r"Fault on Default(?:Read|Write)\w+|Error reading binary blob at|Error: Fault writing image\.|Error: Flash operation error|"
            r"Error writing block at memory [0-9a-f]{8})", strength="strong", fail=True, example="Could not setup interface."),
        Msg("flash_protected", r"WARNING: Your part appears to have flash (?:\[read\] )?locked", strength="strong", fail=True,
            example="WARNING: Your part appears to have flash [read] locked.  Cannot program unless unlocked."),
        Msg(None, r"^You can unlock flash using 'minichlink -p' command", strength="strong",
            example="You can unlock flash using 'minichlink -p' command."),
        Msg("flash_protected", r"^(?:WRPTRERR is set\.\s+Write failed|Memory Protection Error)", strength="strong", fail=True,
            example="WRPTRERR is set.  Write failed"),
        Msg(None, r"^Error: Flash is not unlocked \(CTLR = [0-9a-f]{8}\)", strength="strong", fail=True,
            example="Error: Flash is not unlocked (CTLR = 00008080)"),
    ),
)


@register
class MinichlinkParser(TableParser):
    name = "minichlink"
    namespace = "openocd"
    messages = _MINICHLINK
    hints = ("minichlink", "found ", "error", "warning", "interface", "writing image", "unbrick", "connection starting", "programmer",
             "holding in reset", "whole-chip erase", "terminal started", "gdbserver", "chip", "full chip type", "detected", "flash storage",
             "part uuid", "pflags", "part type", "user/rdpr", "data1/data0", "wrpr", "r32_esig", "vendored", "marchid", "hartinfo",
             "read protection", "binary blob", "image written", "wch", "link error", "dmstatus", "fault", "wrptrerr", "memory protection",
             "already connected", "setup success", "you can unlock", "hid feature report")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        model = ev.get("programmer")
        if model and "probe" not in self.fields:
            self.fields["probe"] = f"wch-{str(model).lower()}"

    def summary(self) -> dict[str, Any]:
        failed = any(e.get("fail") for e in self.events)
        written = any(e["kind"] == "flash_succeeded" for e in self.events)
        out: dict[str, Any] = dict(self.fields)
        if failed:
            out["success"] = False
        elif written:
            out["success"] = True
        return out


_WCHISP = rows_of(
    group(
        "wchisp 0.2-0.3 src/main.rs, src/flashing.rs (log lines 'HH:MM:SS [INFO] ...', simplelog)",
        Msg(None, r"\[INFO\] (?:Opening USB device #\d+|Opening serial port: |Found \d+ (?:USB devices?|serial ports?)|\s*Device #\d+: |"
            r"hint: use `wchisp info`|Chip UID: |BTVER\(bootloader ver\): |Current config registers: |Reset config registers: |"
            r"Config register restored|Read \S.* as \S+ format|Found loadable segment|Section names: |Firmware size: |Erasing\.\.\.|"
            r"Erased \d+ (?:code|data) flash sectors|Erase done|Writing to code flash|Code flash \d+ bytes written|Verifying\.\.\.|"
            r"Code Flash protected: false|Device reset|Retrying scan)", strength="strong",
            example="17:55:10 [INFO] Opening USB device #0"),
        # (other-tools s25) the command line, its subcommand: `wchisp [-v] [-s -p PORT] flash|erase|verify|info|config ...`
        Msg("wchisp_command", r"^(?:\S*[$#>%]\s*)?(?:\S*[/\\])?wchisp(?:\.exe)?\s+(?:\S+\s+){0,8}?(?P<op>flash|erase|verify|info|probe|config|eeprom|reset)\b",
            strength="strong", example="$ wchisp -s -p /dev/cu.usbserial-0001 config unprotect"),
        # Flashing::dump_info: "Code Flash protected: {}" (chips with code-flash protection, CH32V/F: RDPR != 0xA5). A state
        # the info command prints on healthy chips too (CH32V003/V103 ship protected); with it the ISP bootloader refuses
        # the erase/verify of a flash (wchisp#29, #68, #104: "Error: Verify failed, mismatch"), until `wchisp config unprotect`
        # and a reset of the chip
        Msg("flash_protected", r"\[INFO\] Code Flash protected: true\b", strength="strong",
            example="02:39:09 [INFO] Code Flash protected: true"),
        # Flashing::unprotect (config unprotect): written, takes effect after the chip resets
        Msg("flash_unprotected", r"\[INFO\] Code Flash unprotected\b", strength="strong", example="17:07:44 [INFO] Code Flash unprotected"),
        # wchisp e0fcf8a (PR #81, 2025-01, a fork's build): the flash/erase commands refuse a protected chip, with a hint
        Msg("flash_protected", r"\[ERROR\] Code flash protected, unable to (?:erase flash|flash firmware to device)", strength="strong",
            fail=True, example="12:00:00 [ERROR] Code flash protected, unable to flash firmware to device"),
        Msg(None, r"\[INFO\] hint: use `wchisp config unprotect` to disable the protection", strength="strong",
            example="12:00:00 [INFO] hint: use `wchisp config unprotect` to disable the protection"),
        Msg(None, r"\[INFO\] Chip: \S+\[0x[0-9a-f]{4}\]", strength="strong",
            example="17:55:10 [INFO] Chip: CH32V103(C8T6|C8U6|R8T6)[0x3f15] (Code Flash: 64KiB)"),
        Msg(None, r"\[WARN\] (?:Find chip via alternative id|Skipping (?:erase|verify|reset))", strength="strong",
            example="17:55:10 [WARN] Find chip via alternative id: 0x33"),
        Msg("flash_succeeded", r"\[INFO\] Verify OK", strength="strong", example="17:06:55 [INFO] Verify OK"),
        # the config-register dump of `wchisp info` / `flash`: field names, values and their meanings ("`- Error" is the
        # meaning printed for a reserved field's unexpected value, not a failure)
        # (a paste that put each line in inline-code ticks keeps an outer tick where the line held its own: "`    `- Error`")
        Msg(None, r"^(?:`\s*)?(?:RDPR_USER|USER_CFG|RESERVED|WPROTECT|DATA|WRP): 0x[0-9A-F]{8}\s*`?$", example="RDPR_USER: 0x00FF00FF"),
        # (trim s22) a field line (printed indented by two) opens wchisp's block, weakly, in a dump cut below the tool's own
        # [INFO] lines
        # (other-tools review s25) and wchisp 0.1-0.2.0's order, the binary value first: "  [7:0] RDPR 0b11111111 (0xFF)"
        Msg(None, r"^\s*(?:`\s*)?\[\d+(?::\d+)?\]\s+[A-Z][A-Z0-9_]* (?:0x[0-9A-F]+ \(0b[01]+\)|0b[01]+ \(0x[0-9A-F]+\))", strength="weak",
            example="[27:8]  RESERVED 0xFFF0F (0b11111111111100001111)"),
        Msg(None, r"^(?:`\s*)?`- ", benign=True, example="`- Error"),
        Msg("verify_failed", r"^Error: Verify failed, mismatch", strength="strong", fail=True, example="Error: Verify failed, mismatch"),
    ),
    group(
        "wchisp 0.2-0.3 src/transport/usb.rs (finding and opening the ISP bootloader 4348:55e0 / 1a86:55e0)",
        Msg("isp_not_found", r"No WCH ISP USB device found", strength="strong", fail=True,
            example="Error: No WCH ISP USB device found(4348:55e0 or 1a86:55e0 device not found at index #0)"),
        Msg("isp_not_found", r"\[INFO\] Found 0 USB devices?", strength="strong", fail=True, example="18:16:07 [INFO] Found 0 USB devices"),
        Msg("usb_access_denied", r"Failed to open USB device on Linux due to no enough permission|"
            r"It's likely the udev rules is not installed properly", strength="strong", fail=True,
            example="Error: Failed to open USB device on Linux due to no enough permission"),
        Msg("usb_driver_missing", r"Failed to open USB device on Windows|It's likely no WinUSB/LibUSB drivers installed", strength="strong",
            fail=True, example="Error: Failed to open USB device on Windows"),
        # wchisp 0.2.x: rusb's own error for EACCES on /dev/bus/usb/BBB/DDD, printed bare by anyhow (wchisp#16)
        Msg("usb_access_denied", r"^Error: Access denied \(insufficient permissions\)\s*$", strength="strong", fail=True,
            example="Error: Access denied (insufficient permissions)"),
        # wchisp before be71a08 (2023-02-20, "add driver install link to error message"): rusb's NotSupported from device.open()
        # printed bare by anyhow: libusb's Windows backend, the ISP bootloader bound to WCH's own driver (CH375/WCHUSB) instead
        # of WinUSB/libusb-win32 (wchisp#24, #20: "You might need to install libusb/winusb driver on Windows", Zadig)
        Msg("usb_driver_missing", r"^Error: Operation not supported or unimplemented on this platform\s*$", strength="strong", fail=True,
            example="Error: Operation not supported or unimplemented on this platform"),
    ),
)


@register
class WchispParser(TableParser):
    name = "wchisp"
    namespace = "flash"
    messages = _WCHISP
    hints = ("[info]", "[warn]", "error", "rdpr_user", "user_cfg", "reserved", "wprotect", "data:", "wrp:", "[", "`- ", "wch isp",
             "access denied", "wchisp")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._rdpr_at: int | None = None
        self._unprotected = False
        self._op: str | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        # (other-tools s25) the config dump's RDPR field of CH32V/F chips (wchisp's chip yaml: 0xA5 "Unprotected", any other
        # value "Protected"): "  [7:0]   RDPR 0xFF (0b11111111)" and on the next line "    `- Protected" is the code flash's
        # read protection, as "Code Flash protected: true" (the dump alone is what older wchisp and `wchisp config` print)
        # A protected state is marked with the subcommand it was printed under ("op": flash dumps the chip's info first) and
        # whether this run's own "Code Flash unprotected" came before it
        # (other-tools review s25) only the latest state counts: a later "Code Flash unprotected" (the config was rewritten),
        # "Code Flash protected: false" or RDPR "`- Unprotected" (the chip read back unprotected, e.g. after a power cycle)
        # makes every earlier protected state of the paste stale, and it is dropped (a refusal then a flash that verified,
        # an info that read protected before the unprotect took effect)
        text = line.strip()
        if ev is not None and ev["kind"] == "wchisp_command":
            self._op = ev.get("op")
        elif ev is not None and ev["kind"] == "flash_unprotected":
            self._unprotected = True
            self._drop_protected()
        elif ev is not None and ev["kind"] == "flash_protected":
            self._mark(ev)
        elif ev is None and "Code Flash protected: false" in text:
            self._drop_protected()
        if _RDPR_FIELD.match(text):
            self._rdpr_at = lineno
            return
        if self._rdpr_at is not None and lineno == self._rdpr_at + 1:
            if _RDPR_PROTECTED.match(text):
                self._mark(self.event("flash_protected", lineno, line, via="rdpr"))
            elif _RDPR_UNPROTECTED.match(text):
                self._drop_protected()
        self._rdpr_at = None

    def on_unmatched(self, lineno: int, line: str) -> None:
        # (other-tools review s25) anyhow's top-level "Error: ..." of another cause (a firmware file not found, isp_key
        # checksum failed, a chip name mismatch): the command after the protected state stopped for that reason, not at
        # the verify a protected chip fails
        text = line.strip()
        if text.startswith("Error: "):
            for e in self.events:
                if e["kind"] == "flash_protected" and e.get("op") == "flash" and not e.get("fail") and "ended_by" not in e:
                    e["ended_by"] = text[:200]

    def _drop_protected(self) -> None:
        self.events = [e for e in self.events if e["kind"] != "flash_protected"]

    def _mark(self, ev: dict[str, Any]) -> None:
        if self._op:
            ev["op"] = self._op
        if self._unprotected:
            ev["after_unprotect"] = True


# wchisp 0.2.x-0.3 (d9c421c, 2022-11): "  [7:0]   RDPR 0xFF (0b11111111)"; before it (0.1-0.2.0): "  [7:0] RDPR 0b11111111 (0xFF)"
_RDPR_FIELD = re.compile(r"^(?:`\s*)?\[7:0\]\s+RDPR (?:0x[0-9A-F]{1,2} \(0b[01]+\)|0b[01]+ \(0x[0-9A-F]{1,2}\))")
_RDPR_PROTECTED = re.compile(r"^(?:`\s*)?`- Protected\b")
_RDPR_UNPROTECTED = re.compile(r"^(?:`\s*)?`- Unprotected\b")


_CH55X = rows_of(
    group(
        "vnproch551 (ch55xduino's vnproch55x) main.cpp 2020-2024, KT_BinIO.cpp",
        Msg(None, r"^CH55[1x] Programmer by (?:VNPro|Deqing)", strength="strong", example="CH55x Programmer by Deqing"),
        Msg(None, r"^(?:Load file as hex|\s*Loaded \d+ bytes between: [0-9A-F]{4} to [0-9A-F]{4}|ch375Version \d+|CH375GetUsbID [0-9a-f]+|CH375 open OK|"
            r"using serial port |usbRertySeconds \d+|MCU ID: |ID: (?:[0-9A-F]{2} ){3}|XOR Mask: |Write \d+ bytes from bin file\.|Verify chip|"
            r"Write complete!!!|Skip boot config write\.)", example="CH375GetUsbID 0"),
        Msg(None, r"^DeviceVersion of CH55x: (?P<version>\d+\.\d+)", strength="strong", example="DeviceVersion of CH55x: 2.50 "),
        Msg(None, r"^Found Device CH5[0-9a-f]+", strength="strong", example="Found Device CH552"),
        Msg(None, r"^target: CH5\w+\s*$|^config bytes: ", example="target: CH552"),
        # the board selected in the IDE (passed as -t) names another chip than the one the bootloader reports (ch55xduino#147: the
        # "CH552 Board" selected for a CH554; ch55xduino 0.0.18 and later refuse it, older ones uploaded anyway)
        Msg("target_mismatch", r"^Target in argument (?P<expected>CH5\w+) doesn't match detected target (?P<received>CH5\w+)", strength="strong",
            fail=True, example="Target in argument CH552 doesn't match detected target CH554"),
        Msg(None, r"^Bootloader: \d+\.\d+\.\d+", example="Bootloader: 2.4.0"),
        # the bootloader is looked for again until the time limit: a wait, not yet a failure
        Msg(None, r"^No CH55x USB Found, retry\.\.\.", strength="strong", example="No CH55x USB Found, retry..."),
        Msg("isp_not_found", r"^Found no CH55[1x] USB", strength="strong", fail=True, example="Found no CH55x USB"),
        Msg(None, r"^Time limit reached, exit process", strength="strong", fail=True, example="Time limit reached, exit process"),
        Msg("usb_access_denied", r"^libusb_claim_interface error -3\b", strength="strong", fail=True,
            example="libusb_claim_interface error -3: Access denied (insufficient permissions)"),
        # the bootloader was found and opened, and the very first exchange with it failed (ch55xduino#116: after a driver for it
        # was installed with Zadig, the maintainer's answer was to remove it and let Windows install WCH's CH375 driver)
        Msg("usb_transfer_failed", r"^(?:Send|Read) Detect: Fail", strength="strong", fail=True, example="Send Detect: Fail"),
        Msg(None, r"^(?:CH375 open failed|Detect MCU: Fail|Read bootloader and ID: Fail|Set configuration: Fail|Read Option Fail|Write Option Fail|"
            r"New bootkey: Fail|Erase: Fail|Write Flash: Fail|Verify Flash: Fail|Reset: Fail|Serial open failed|Read file: ERROR|"
            r"Write libusb_bulk_transfer error code|libusb_claim_interface error)", strength="strong", fail=True, example="Erase: Fail"),
        # main.cpp's verify loop after "Verify chip": a packet read back differs from the file ("\nPacket %d doesn't match.\n"); the line
        # says no failure word, so only the event carries it (ch55xduino#74: a CH552G that failed so after each resoldering, a CH551 on
        # the same board verified)
        Msg("verify_failed", r"^Packet \d+ doesn't match\.", strength="strong", fail=True, example="Packet 3 doesn't match."),
        # this uploader does not know the chip's family or bootloader version (the older builds said only "Not support"): a newer
        # ch55xduino / vnproch55x knows it (ch55xduino#13, bootloader 2.4.0)
        Msg("tool_too_old", r"^(?:Not support(?:, (?:family ID|Bootloader version))?\.?|Device not supported 0x[0-9a-f]+)\s*$", strength="strong",
            fail=True, example="Not support"),
        Msg("flash_succeeded", r"^(?:Verify complete!!!|Reset OK)", strength="strong", example="Verify complete!!!"),
    ),
    group(
        "ch552tool ch55xtool/ch55xtool.py 2020-2024",
        Msg("isp_not_found", r"^Failed to get device, please check your libusb installation", strength="strong", fail=True,
            example="Failed to get device, please check your libusb installation."),
        Msg(None, r"^Unable to detect CH5xx\.", strength="strong", fail=True, example="Unable to detect CH5xx."),
        Msg(None, r"^Chip ID: [0-9a-f]+ is not known = not supported", strength="strong", fail=True,
            example="Chip ID: 52 is not known = not supported"),
        Msg(None, r"^Welcome to report this issue with a screen shot from the official CH5xx tool", strength="strong",
            example="Welcome to report this issue with a screen shot from the official CH5xx tool."),
        Msg(None, r"^(?:Found CH5\w+ with SubId:\d+|BTVER:\S+|UID:\S+)", strength="strong", example="Found CH552 with SubId:17"),
    ),
)


@register
class Ch55xParser(TableParser):
    name = "vnproch55x"
    namespace = "flash"
    messages = _CH55X
    hints = ("ch55", "ch5x", "programmer by", "load file", "loaded", "ch375", "serial port", "usbrerty", "mcu id", "id: ", "xor mask",
             "bytes from bin", "verify", "write complete", "skip boot", "deviceversion", "found device", "bootloader:", "found no",
             "time limit", "libusb", "detect", "fail", "error", "packet", "doesn't match", "not support", "device not supported",
             "reset ok", "failed to get device", "unable to detect", "chip id", "welcome to report", "subid", "btver", "uid:",
             "target", "config bytes")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.tool = "vnproch55x"

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if row.src.startswith("ch552tool"):
            self.tool = "ch55xtool"

    def finish(self) -> dict[str, Any]:
        run = self.run(**self.summary())
        run["tool"] = self.tool
        return {self.namespace: {"runs": [run]}}


_MOUNRIVER = rows_of(
    group(
        "MounRiver Studio 1.x (WCH's IDE) flash console and WCH-LinkUtility 2.x log ('HH:MM:SS:mmm >> ...'), as printed in "
        "openwch/ch32v003#18, ch32-rs/wlink#47 and cnlohr/ch32fun#377",
        Msg(None, r"-{4,} Begin flash process of \"", strength="strong", example='------------ Begin flash process of "obj\\gps_rec_v0.hex" ------------ '),
        Msg(None, r">> Current project vendor is WCH, debugger is WCH-Link|>> Attempt to open link device and upgrade firmware if necessary|"
            r">> Starting to Handle Operations|>> Starting to Close Link|>> Close Link Success|>> The choosen WCH-Link is:|"
            r">> Begin to (?:set chip type|Program|Erase|Verify)", strength="strong",
            example="20:10:52:656 >> Current project vendor is WCH, debugger is WCH-Link"),
        Msg("adapter_found", r">> Link Device is (?P<programmer>CH\w+)\. (?:Already the latest version v(?P<fw>[\d.]+)|)", strength="strong",
            example="20:10:52:753 >> Link Device is CH32V305. Already the latest version v2.9, no need to upgrade"),
        # the WCH-Link could not attach the chip: MounRiver's wording for the reply WCH's OpenOCD calls "failed to connect with
        # riscvchip" (openwch/ch32v003#18: the SWIO lead had broken)
        Msg("dp_connect_failed", r"(?:>> )?Failed to configure mcu\.", strength="strong", fail=True, example="20:10:52:858 >> Failed to configure mcu."),
        Msg(None, r"Please refer to \"WCH-LinkUserManual\.pdf\" for more help", strength="strong",
            example='Failed to configure mcu. Please refer to "WCH-LinkUserManual.pdf" for more help.'),
        Msg(None, r">> Failed,\s*please check the status of WCH-Link and the chip|>> Operation is Failed", strength="strong", fail=True,
            example="12:02:14:470>> Failed,please check the status of WCH-Link and the chip! Error:4"),
        Msg(None, r"^-{8,}\s*End\s*-{8,}\s*$", example="--------------------------------End ---------------------------------"),
    ),
)


@register
class MounriverParser(TableParser):
    name = "mounriver"
    namespace = "openocd"
    messages = _MOUNRIVER
    hints = ("begin flash process", ">>", "wch-link", "failed to configure mcu", "wch-linkusermanual", "end ---")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev.get("programmer"):
            self.probe = f"wch-{str(ev['programmer']).lower()}"

    def summary(self) -> dict[str, Any]:
        out = super().summary()
        if getattr(self, "probe", None):
            out["probe"] = self.probe
        return out


_WLINK = rows_of(
    group(
        "wlink 0.0.x-0.1.x (ch32-rs/wlink) src/main.rs, operations.rs, probe.rs, error.rs (log lines 'HH:MM:SS [INFO] ...')",
        Msg("adapter_found", r"\[INFO\] (?:Connected to )?WCH-Link v[\d.]+(?:\(v\d+\))? \((?P<programmer>WCH-Link[\w-]*)\)", strength="strong",
            example="04:22:22 [INFO] Connected to WCH-Link v2.11(v31) (WCH-LinkE-CH32V305)"),
        Msg(None, r"\[INFO\] (?:Found WCH-LinkRV|Attached chip: |Chip ESIG: |Chip UID: |Flash protected: |Read protected: |Flash size \d+KiB|"
            r"RISC-V (?:ISA|arch)|Erase Flash|Erase done|Erase chip by |Flashing \d+ bytes to 0x|Now reset|Resume MCU|Halt MCU|"
            r"(?:Enable|Disable) [35]\.?3?V Output|(?:Un)?[Pp]rotect Flash|Now (?:you can )?connect to the WCH-Link serial port)", strength="strong",
            example="04:22:22 [INFO] Attached chip: CH32V20X [CH32V203C8T6] (ChipID: 0x20310510)"),
        Msg(None, r"\[WARN\] (?:No expected chip type specified|--address is ignored|Flash is protected, unprotecting|"
            r"Flash is write protected, unprotecting|Flash already protected|If the chip is just put into debug mode)", strength="strong",
            example="22:13:47 [WARN] No expected chip type specified, assume CH32V30X (use --chip to specify chip type)"),
        Msg("flash_succeeded", r"\[INFO\] Flash done", strength="strong", example="00:13:11 [INFO] Flash done"),
        # the WCH-Link's "attach chip" got reason 0x55: no chip answered (the same reply minichlink calls "link error, nothing
        # connected to linker"); older wlink printed the raw reply as a protocol error
        Msg("dp_connect_failed", r"^Error: Probe is not attached to an MCU, or debug is not enabled|"
            r"^Error: WCH-Link underlying protocol error: 0x55\b", strength="strong", fail=True, attrs={"state": "no_target"},
            example="Error: Probe is not attached to an MCU, or debug is not enabled. (hint: use wchisp to enable debug)"),
        Msg("probe_unsupported", r"^Error: WCH-Link doesn't support current chip: (?P<part>\w+)", strength="strong", fail=True,
            example="Error: WCH-Link doesn't support current chip: CH32V003"),
        Msg("usb_access_denied", r"It's likely the udev rules are not installed properly", strength="strong", fail=True,
            example="12:00:00 [WARN] It's likely the udev rules are not installed properly. Please refer to README.md for more details."),
        Msg("usb_no_driver", r"It's likely no WinUSB driver installed", strength="strong", fail=True,
            example="12:00:00 [WARN] It's likely no WinUSB driver installed. Please install it from Zadig. See also: https://zadig.akeo.ie"),
        # wlink before 80e15fa (2025-12, rusb -> nusb): src/error.rs `#[error("USB error: {0}")] Rusb(rusb::Error)`, rusb's Display
        # (rusb src/error.rs): NotFound "Entity not found" / NotSupported "Operation not supported or unimplemented on this
        # platform" when the WCH-Link's interface 0 is bound to WCH's WCHLink driver, not WinUSB (wlink#5, #57: Zadig fixed it);
        # Access "Access denied (insufficient permissions)" on Linux without the udev rule
        Msg("usb_no_driver", r"^Error: USB error: (?:Entity not found|Operation not supported or unimplemented on this platform)\s*$",
            strength="strong", fail=True, example="Error: USB error: Entity not found"),
        Msg("usb_access_denied", r"^Error: USB error: Access denied \(insufficient permissions\)\s*$", strength="strong", fail=True,
            example="Error: USB error: Access denied (insufficient permissions)"),
        Msg(None, r"^Error: (?:WCH-Link not found, please check your connection|WCH-Link is connected, but is not in RV mode|Unknown WCH-Link variant: \d+|"
            r"Unknown RISC-V Chip: 0x|Chip mismatch: expected |DMI Status Failed|DM is busy|Operation timeout|Chip doesn't support power off erase)",
            strength="strong", fail=True, example="Error: WCH-Link is connected, but is not in RV mode"),
    ),
)


@register
class WlinkParser(TableParser):
    name = "wlink"
    namespace = "openocd"
    messages = _WLINK
    hints = ("[info]", "[warn]", "error: ", "udev rules", "winusb")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev.get("programmer") and not getattr(self, "probe", None):
            self.probe = str(ev["programmer"]).lower()

    def summary(self) -> dict[str, Any]:
        out = super().summary()
        if getattr(self, "probe", None):
            out["probe"] = self.probe
        return out
