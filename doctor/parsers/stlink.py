"""ST-Link tools: st-info, st-flash, st-util (stlink-tools 1.4 to 1.8), ST-LINK Utility and STM32CubeProgrammer.

Facts: one run per block under `stlink.runs`, with the probe's identity (programmer firmware, serial),
the target's chip id and flash size as read, and events for every message that says something about
the probe, the wiring, the target or the flash (see `event_kinds`). stlink-tools log lines have the form
`YYYY-MM-DDTHH:MM:SS LEVEL file.c: msg` (older and newer releases alike; pasted text often lacks the time).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register
from doctor.parsers._flashlog import classify_usb, hexint, id4, number, truncated

_LOG = re.compile(r"^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\s+)?(DEBUG|INFO|WARN|WARNING|ERROR)\s+((?:\S*/)?[\w.-]+\.c):\s?(.*)$")
# 1.3-1.5: "Device connected is: F1 Medium-density device, id 0x20036410", "SRAM size: 0x5000 bytes (20 KiB), Flash: 0x20000 bytes"
_CONNECTED = re.compile(r"Device connected is: (.+?),? (?:device, )?id (0x[0-9a-fA-F]+)")
_SIZES = re.compile(r"SRAM size: (0x[0-9a-fA-F]+|\d+) bytes.*?Flash: (0x[0-9a-fA-F]+|\d+) bytes")
# Values a failed DBGMCU read returns instead of an id: the register addresses themselves, AIRCR's VECTKEY pattern.
_GARBAGE = {0xE0042000, 0xE0044000, 0x40015800, 0x5C001000, 0x05FA0004, 0x05FA0000, 0xFFFFFFFF}
_PROBE_PIDS = {0x3744, 0x3748, 0x374A, 0x374B, 0x374D, 0x374E, 0x374F, 0x3752, 0x3753, 0x3754, 0x3755, 0x3757, 0x0748}
_FIELD = re.compile(r"^\s*(version|serial|hla-serial|flash|sram|chipid|descr|dev-type)\s*:\s*(.*?)\s*$")
_CUBE_FIELD = re.compile(r"^\s*:?\s*(ST-LINK SN|ST-LINK FW|Voltage|Device ID|Device name|Flash size|Board|Device type|Device CPU)\s*:\s*(.*?)\s*$")
_TOOL_VERSION = re.compile(r"^(st-(?:flash|info|util|trace))\s+v?(\d+\.\d+\.\d+\S*)")
_COMMAND = re.compile(r"(?:^|[\s$#>])(?:sudo\s+)?(st-(?:flash|info|util))(\s.*)?$")
_FOUND = re.compile(r"Found (\d+) stlink programmers?")
_UNKNOWN_ID = re.compile(r"unknown chip id!?\s*(0x[0-9a-fA-F]+|\d+)", re.I)
_SKIPPING = re.compile(r"skipping ST device\s*:\s*(0x[0-9a-fA-F]+):(0x[0-9a-fA-F]+)", re.I)
_OPEN_ACCESS = re.compile(r"Could not open USB device (0x[0-9a-fA-F]+):(0x[0-9a-fA-F]+), access error", re.I)
_PAGES = re.compile(r"^\s*(\d+)/\s*(\d+) pages written")
_PARAMS = re.compile(r"^(.+?):\s*(\d+) KiB SRAM,\s*(\d+) KiB flash")
_VOLT_LOW = re.compile(r"Target voltage \((\d+) mV\) too low", re.I)
_VOLT = re.compile(r"Target voltage:?\s*\(?(\d+(?:\.\d+)?)\s*(mV|V)?", re.I)
_MISSING = re.compile(r"\b(st-(?:flash|info|util)|STM32_Programmer_CLI)(?:: command not found|: not found|' is not recognized)")
_ERR_WORD = re.compile(r"\b(error|failed|cannot|can not)\b", re.I)

READOUT = "Cannot read memory! Disable Read Out Protection"


@register
class StlinkParser(Parser):
    name = "st-link"
    namespace = "stlink"
    hints = ("st-", "stlink", "st-link", "chip id", "chipid", ".c:", "device connected is", "sram size", "read out protection", "programmers",
             "connect under reset", "stm32cubeprogrammer", "no debug probe", "stm32 target", "pages written",
             "send_recv", "descr:", "dev-type:", "flash:", "sram:", "version:", "serial:")
    strong = (
        r"^(?:\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\s+)?(?:DEBUG|INFO|WARN|ERROR) (?:\S*/)?(?:stlink-)?(?:usb|common|flash_loader|chipid|sg|option_bytes|read_write|logging|register|map_file|common_flash|helper|gdb-server|semihosting|md5)\.c:",
        r"^st-(?:flash|info|util|trace)\s+v?\d+\.\d+",
        r"Found \d+ stlink programmers?",
        r"unknown chip id!",
        r"Could not find chip id!",
        r"Please use 'connect under reset'",
        r"Cannot read memory! Disable Read Out Prot",
        r"^\[!\] send_recv",
        r"STM32CubeProgrammer v\d",
        r"^\s*:?\s*ST-LINK (?:SN|FW)\s*:",
        r"Error: No debug probe detected",
        r"Error: No STM32 target found",
        r"No ST-LINK detected",
        r"Couldn't find any ST-Link",
        r"Stlink usb device found, but unable to claim",
        r"Could not open USB device 0x[0-9a-f]+:0x[0-9a-f]+, access error",
        r"^\s*\d+/\s*\d+ pages written",
        r"Flash written and verified! jolly good",
        r"skipping ST device",
        r"(?:^|\s)(?:sudo\s+)?st-(?:flash|info|util)\s+(?:--|write|read|erase|reset)",
        r"\bst-(?:flash|info|util): (?:command )?not found",
    )
    weak = (
        r"^\s*(?:chipid|dev-type|descr)\s*:\s",
        r"^\s*(?:flash|sram)\s*:\s*\d+",
        r"^\s*version\s*:\s*V\d",
        r"^\s*(?:serial|hla-serial)\s*:\s*\"?[0-9A-Fa-f]{8,}",
        r"file .+ md5 checksum: ",
    )
    event_kinds = (
        "stlink_found", "stlink_not_found", "chip_id", "chip_id_unknown", "chip_id_missing",
        "connect_under_reset_hint", "target_connect_failed", "nrst_not_connected", "libusb_pipe",
        "skipping_st_device", "probe_busy", "readout_protected", "unknown_memory_region",
        "flash_type_unknown", "write_verified", "verify_failed", "target_voltage", "target_voltage_low",
        "flash_loader_failed", "tool_missing", "probe_firmware_old", "tool_error", "pages_written",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}
        self.tool: str | None = None
        self.errors = 0

    # -- helpers ---------------------------------------------------------------------------------

    def _tool(self, tool: str) -> None:
        if self.tool is None:
            self.tool = tool

    def _chip(self, lineno: int, line: str, value: int | None) -> None:
        if value is None:
            return
        self.summary.setdefault("chipid", f"0x{value:04x}")
        self.event("chip_id", lineno, line, value=value)

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        m = _LOG.match(text)
        level = None
        if m:
            level, _file, text = m.group(1), m.group(2), m.group(3).strip()
        self._message(lineno, line, text, level)

    def _message(self, lineno: int, line: str, text: str, level: str | None) -> None:
        m = _TOOL_VERSION.match(text)
        if m:
            self._tool(m.group(1))
            self.summary.setdefault("version", m.group(2))
            return
        m = _COMMAND.search(text)
        if m and not text.startswith(("Found", "file ")):
            self._tool(m.group(1))
            args = (m.group(2) or "").split()
            self.summary.setdefault("command", text[m.start(1):][:300])
            if "--connect-under-reset" in args:
                self.summary["connect_under_reset"] = True
            for a in args:
                if a.startswith("--flash="):
                    self.summary.setdefault("extra", {})["forced_flash"] = a[8:]
            if not _MISSING.search(text):
                return
        m = _MISSING.search(text)
        if m:
            self.event("tool_missing", lineno, line, name=m.group(1))
            return
        m = _FOUND.search(text)
        if m:
            self._tool("st-info")
            count = int(m.group(1))
            self.summary["found"] = count
            self.event("stlink_found" if count else "stlink_not_found", lineno, line, count=count)
            return
        if re.search(r"Couldn't find any ST-Link|No ST-LINK detected|No debug probe detected|ST-LINK not found|No STLink detected", text, re.I):
            self.summary.setdefault("found", 0)
            self.event("stlink_not_found", lineno, line, count=0)
            return
        m = _FIELD.match(text) if level is None else None
        if m:
            self._field(lineno, line, m.group(1), m.group(2))
            return
        m = _CUBE_FIELD.match(text)
        if m:
            self._cube_field(lineno, line, m.group(1), m.group(2))
            return
        m = _UNKNOWN_ID.search(text)
        if m:
            value = number(m.group(1))
            self.event("chip_id_unknown", lineno, line, value=value, plausible=plausible_device_id(value))
            if value is not None:
                self.summary.setdefault("chipid", f"0x{value:04x}")
            return
        m = _CONNECTED.search(text)
        if m:
            self.summary.setdefault("part", m.group(1).strip())
            value = number(m.group(2))
            if value is not None:
                self._chip(lineno, line, value & 0xFFF if value > 0xFFFF else value)
            return
        m = _SIZES.search(text)
        if m:
            flash = number(m.group(2))
            if flash is not None:
                self.summary["flash_size"] = flash
            return
        if "Could not find chip id" in text:
            self.event("chip_id_missing", lineno, line)
            return
        if "connect under reset" in text.lower() and ("Please use" in text or "Can not connect" in text):
            self.event("connect_under_reset_hint", lineno, line)
            return
        if "NRST is not connected" in text:
            self.event("nrst_not_connected", lineno, line, state=(level or "").lower() or None)
            return
        m = _SKIPPING.search(text)
        if m:
            vid, pid = id4(m.group(1)), id4(m.group(2))
            self.event("skipping_st_device", lineno, line, vid=vid, pid=pid, **_role(vid, pid))
            return
        m = _OPEN_ACCESS.search(text)
        if m or "LIBUSB_ERROR_ACCESS" in text or re.search(r"\baccess error\b|Permission denied", text):
            vid = id4(m.group(1)) if m else None
            pid = id4(m.group(2)) if m else None
            self.event("usb_access_denied", lineno, line, vid=vid, pid=pid)
            return
        if "unable to claim" in text or "already in use" in text:
            self.event("probe_busy", lineno, line)
            return
        if "LIBUSB_ERROR_PIPE" in text:
            self.event("libusb_pipe", lineno, line)
            return
        if truncated(text, READOUT, 14) or re.search(r"read\s*out protection|readout protection|read[- ]protected|write[- ]protected|RDP level [12]", text, re.I):
            self.event("readout_protected", lineno, line)
            return
        if "Unknown memory region" in text:
            self.event("unknown_memory_region", lineno, line)
            return
        if re.search(r"unrecognized flash type|Failed to parse flash type|Invalid flash type", text, re.I):
            self.event("flash_type_unknown", lineno, line)
            return
        m = _VOLT_LOW.search(text)
        if m and "8-bit" in text:
            return  # 1.7+: below 2.7 V the flash loader falls back to 8-bit writes, and says so: not a fault
        if m:
            self.event("target_voltage_low", lineno, line, voltage=int(m.group(1)) / 1000.0)
            self.summary["voltage"] = int(m.group(1)) / 1000.0
            return
        if "Flash written and verified" in text:
            self.summary["verified"] = True
            self.summary["written"] = True
            self.event("write_verified", lineno, line)
            return
        if re.search(r"Verification of flash failed|verification failed|Verify failed|Flash verification failed", text, re.I):
            self.event("verify_failed", lineno, line)
            return
        m = _PAGES.match(text)
        if m:
            done, total = int(m.group(1)), int(m.group(2))
            self.event("pages_written", lineno, line, count=done, expected=total)
            return
        m = _PARAMS.match(text)
        if m and level is not None:
            self.summary.setdefault("part", m.group(1).strip())
            self.summary.setdefault("flash_size", int(m.group(3)) * 1024)
            return
        if re.search(r"flash loader run error|Failed to (?:write|load) flash loader|write_buffer_to_sram\(\) == -1|Failed to run flash loader", text, re.I):
            self.event("flash_loader_failed", lineno, line)
            return
        if re.search(r"Failed to connect to target|Failed to enter SWD mode|No STM32 target found|Unable to get core ID|Can not connect to target|target not found|Failed to reset target", text, re.I):
            self.event("target_connect_failed", lineno, line)
            return
        if re.search(r"Old ST-LINK firmware|ST-LINK firmware (?:version )?(?:is )?(?:not supported|upgrade required)|Upgrade ST-LINK firmware", text, re.I):
            self.event("probe_firmware_old", lineno, line)
            return
        if level == "ERROR" or text.startswith("Error:") or (level in ("WARN", "WARNING") and _ERR_WORD.search(text)):
            self.errors += 1
            self.event("tool_error", lineno, line, text=text[:200])

    def _field(self, lineno: int, line: str, key: str, value: str) -> None:
        self._tool("st-info")
        if key == "version":
            self.summary.setdefault("programmer", value)
        elif key in ("serial", "hla-serial"):
            self.summary.setdefault("serial", value)
        elif key == "flash":
            n = number(value.split()[0]) if value.split() else None
            if n is not None:
                self.summary["flash_size"] = n
        elif key == "chipid":
            self._chip(lineno, line, hexint(value.split()[0]) if value.split() else None)
        elif key in ("descr", "dev-type"):
            self.summary.setdefault("part", value)

    def _cube_field(self, lineno: int, line: str, key: str, value: str) -> None:
        self._tool("stm32cubeprogrammer")
        if key == "ST-LINK FW":
            self.summary.setdefault("programmer", value)
        elif key == "ST-LINK SN":
            self.summary.setdefault("serial", value)
        elif key == "Voltage":
            m = re.match(r"(\d+(?:\.\d+)?)\s*V", value)
            if m:
                volts = float(m.group(1))
                self.summary["voltage"] = volts
                self.event("target_voltage", lineno, line, voltage=volts)
        elif key == "Device ID":
            self._chip(lineno, line, hexint(value.split()[0]) if value.split() else None)
        elif key == "Device name":
            self.summary.setdefault("part", value)
        elif key == "Flash size":
            m = re.match(r"(\d+)\s*(K|M)?", value)
            if m:
                self.summary["flash_size"] = int(m.group(1)) * (1024 if m.group(2) == "K" else 1024 * 1024 if m.group(2) == "M" else 1)

    def finish(self) -> dict[str, Any]:
        if self.tool is None:
            text = " ".join(e["line"] for e in self.events[:3])
            self.tool = "st-link-utility" if READOUT[:14] in text else "st-link"
        s = self.summary
        kinds = {e["kind"] for e in self.events}
        if "write_verified" in kinds:
            s["success"] = True
        elif kinds & {"stlink_not_found", "chip_id_unknown", "chip_id_missing", "target_connect_failed", "usb_access_denied",
                      "readout_protected", "unknown_memory_region", "verify_failed", "flash_loader_failed", "libusb_pipe",
                      "target_voltage_low", "flash_type_unknown", "tool_missing", "skipping_st_device"} or self.errors:
            s["success"] = False
        elif s.get("chipid") not in (None, "0x0000"):
            s["success"] = True
        if s.get("chipid") == "0x0000":
            s["success"] = False
        run = self.run(**s)
        run["tool"] = self.tool
        return {self.namespace: {"runs": [run]}}


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


def _role(vid: str | None, pid: str | None) -> dict[str, Any]:
    info = classify_usb(vid, pid)
    return {k: info[k] for k in ("role", "role_name") if k in info}
