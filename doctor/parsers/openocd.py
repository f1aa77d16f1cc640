"""OpenOCD (0.10 to 0.12 and xPack builds): adapter, target voltage, IDCODE, init and programming results.

Facts: one run per block under `openocd.runs` with the target voltage and IDCODE as read, and events
for the messages that separate a missing or inaccessible adapter, an unpowered target, miswiring, a
clone MCU, a protected flash and a successful `program ... verify`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register
from doctor.parsers._flashlog import id4

_LEVEL = re.compile(r"^(Info|Warn|Error|Debug|User)\s*:\s?(.*)$")
_VERSION = re.compile(r"Open On-Chip Debugger\s+v?(\d+\.\d+[\w.+-]*)")
_VOLT = re.compile(r"Target voltage:\s*(-?\d+(?:\.\d+)?)")
_UNEXPECTED = re.compile(r"UNEXPECTED idcode:\s*(0x[0-9a-fA-F]+)")
_EXPECTED = re.compile(r"expected \d+ of \d+:\s*(0x[0-9a-fA-F]+)")
_IDCODE = re.compile(r"(?:SWD DPIDR|JTAG tap: \S+ tap/device found:|idcode)\s*(0x[0-9a-fA-F]{8})", re.I)
_ADAPTER = re.compile(r"(?:STLINK|ST-LINK)\s+(V\w+)\s*\(API (v\d)\)\s*VID:PID\s*([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})"
                      r"|STLINK (v\d\w*) JTAG v\d+ API (v\d).*?VID 0x([0-9A-Fa-f]{4}) PID 0x([0-9A-Fa-f]{4})")
_MISSING = re.compile(r"\bopenocd(?:: command not found|: not found|' is not recognized)")


@register
class OpenocdParser(Parser):
    name = "openocd"
    namespace = "openocd"
    hints = ("openocd", "on-chip debugger", "info :", "warn :", "error:", "idcode", "target voltage", "libusb",
             "programming", "verified ok", "in procedure", "transport", "adapter", "init mode", "hla", "cmsis-dap")
    strong = (
        r"Open On-Chip Debugger",
        r"^(?:Info|Warn|Debug) : ",
        r"UNEXPECTED idcode:",
        r"init mode failed \(unable to connect to the target\)",
        r"target voltage may be too low for reliable debugging",
        r"^\*\* (?:Programming Started|Programming Finished|Programming Failed|Verified OK|Verify Started|Verify Failed)",
        r"Error connecting DP: cannot read IDR",
        r"jtag status contains invalid mode value",
        r"Cannot identify target as a (?:STM32 family|stm32x)",
        r"in procedure '(?:init|ocd_bouncer|program|transport|adapter|hla_)",
        r"libusb_open\(?\)? failed",
        r"unable to find a matching CMSIS-DAP device",
        r"\bopenocd\s+(?:-f|-s|-c|--file|--command)\s",
        r"\bopenocd(?:: command not found|: not found)",
    )
    weak = (r"^Error: ", r"^in procedure '", r"LIBUSB_ERROR_")
    event_kinds = (
        "target_voltage", "target_voltage_low", "init_mode_failed", "unexpected_idcode", "expected_idcode",
        "idcode", "dp_connect_failed", "adapter_open_failed", "adapter_found", "program_finished", "program_verified",
        "program_failed", "flash_protected", "libusb_pipe", "usb_io_error", "target_examine_failed", "tool_missing",
        "tool_error", "srst_config", "flash_unlocked", "target_unidentified",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}
        self.errors = 0

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        level = None
        m = _LEVEL.match(text)
        if m:
            level, text = m.group(1).lower(), m.group(2).strip()
        self._message(lineno, line, text, level)

    def _message(self, lineno: int, line: str, text: str, level: str | None) -> None:
        s = self.summary
        m = _VERSION.search(text)
        if m:
            s.setdefault("version", m.group(1))
            return
        if text.lstrip("$# ").startswith(("openocd ", "sudo openocd ")):
            s.setdefault("command", text.lstrip("$# ")[:300])
            if "connect_assert_srst" in text:
                s["connect_under_reset"] = True
            return
        m = _MISSING.search(text)
        if m:
            self.event("tool_missing", lineno, line, name="openocd")
            return
        m = _VOLT.search(text)
        if m:
            volts = float(m.group(1))
            s["voltage"] = volts
            self.event("target_voltage", lineno, line, voltage=volts)
            return
        if "target voltage may be too low" in text:
            self.event("target_voltage_low", lineno, line, voltage=s.get("voltage"))
            return
        m = _ADAPTER.search(text)
        if m:
            g = m.groups()
            version, vid, pid = (g[0], g[2], g[3]) if g[0] else (g[4], g[6], g[7])
            s.setdefault("programmer", version)
            self.event("adapter_found", lineno, line, vid=id4(vid), pid=id4(pid), version=version)
            return
        m = _UNEXPECTED.search(text)
        if m:
            s.setdefault("chipid", m.group(1).lower())
            self.event("unexpected_idcode", lineno, line, idcode=m.group(1).lower())
            return
        m = _EXPECTED.search(text)
        if m:
            self.event("expected_idcode", lineno, line, idcode=m.group(1).lower())
            return
        if "init mode failed" in text:
            self.event("init_mode_failed", lineno, line)
            return
        if re.search(r"Error connecting DP|cannot read IDR|Could not initialize the debug port|No ACK|SWD ack not OK|JTAG scan chain interrogation failed: all (?:zeroes|ones)"
                     r"|invalid mode value - communication failure|Polling target \S+ failed", text, re.I):
            self.event("dp_connect_failed", lineno, line)
            return
        if "LIBUSB_ERROR_ACCESS" in text or re.search(r"libusb_open\(?\)? failed.*(?:ACCESS|Access denied|-3\b)", text):
            self.event("usb_access_denied", lineno, line)
            return
        if "LIBUSB_ERROR_PIPE" in text:
            self.event("libusb_pipe", lineno, line)
            return
        if "LIBUSB_ERROR_IO" in text:
            self.event("usb_io_error", lineno, line)
            return
        if re.search(r"^open failed$|unable to find a matching CMSIS-DAP device|No J-Link device found|unable to open ftdi device|couldn't open|no device found|Could not find MEM-AP|^No STLINK", text, re.I):
            self.event("adapter_open_failed", lineno, line)
            return
        m = _IDCODE.search(text)
        if m:
            s.setdefault("chipid", m.group(1).lower())
            self.event("idcode", lineno, line, idcode=m.group(1).lower())
            return
        if "** Programming Finished **" in text:
            s["written"] = True
            self.event("program_finished", lineno, line)
            return
        if "** Verified OK **" in text:
            s["verified"] = True
            self.event("program_verified", lineno, line)
            return
        if re.search(r"\*\* (?:Programming|Verify) Failed \*\*", text):
            self.event("program_failed", lineno, line)
            return
        if re.search(r"stm32[a-z0-9]* unlocked|device unlocked|mass erase complete", text, re.I):
            self.event("flash_unlocked", lineno, line)
            return
        if re.search(r"device protected|Security Bit Set|read[- ]?out protection|flash is (?:read|write)[- ]protected|RDP", text, re.I):
            self.event("flash_protected", lineno, line)
            return
        if re.search(r"Cannot identify target as a (?:STM32 family|stm32x)|Device id = 0x[0-9a-f]+ is unknown|Unknown device \(ID", text, re.I):
            self.event("target_unidentified", lineno, line)
            return
        if re.search(r"Examination failed|examine.*failed|Target not examined", text, re.I):
            self.event("target_examine_failed", lineno, line)
            return
        if "connect_assert_srst" in text or "srst_only" in text:
            s["connect_under_reset"] = True
            self.event("srst_config", lineno, line)
            return
        if level == "error" or text.startswith("Error:"):
            self.errors += 1
            self.event("tool_error", lineno, line, text=text[:200])

    def finish(self) -> dict[str, Any]:
        s = self.summary
        kinds = {e["kind"] for e in self.events}
        if "program_verified" in kinds or ("program_finished" in kinds and "program_failed" not in kinds):
            s["success"] = True
        elif "flash_unlocked" in kinds and not self.errors:
            s["success"] = True
        elif self.errors or kinds & {"program_failed", "init_mode_failed", "unexpected_idcode", "dp_connect_failed",
                                     "usb_access_denied", "adapter_open_failed", "target_voltage_low", "tool_missing"}:
            s["success"] = False
        return {self.namespace: {"runs": [self.run(**s)]}}
