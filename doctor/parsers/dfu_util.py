"""dfu-util (0.9 to 0.11): device list, download, DfuSe `:leave`, and its error and warning messages.

Facts: one run per block under `dfu.runs` (argv summary: device filter, alt, DfuSe address, `leave`,
image), events for each message, and the devices a `Found DFU:` / `Found Runtime:` line lists are
added to `usb.devices` (origin "pasted"). The messages are recognised with or without the `dfu-util: `
prefix (0.9 prints several without it) and when a paste cut them short.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from doctor.parsers import Parser, register
from doctor.parsers._flashlog import classify_usb, id4, number, truncated

_PREFIX = re.compile(r"^(?:dfu-util(?:\.exe)?:\s*)?(?:Warning:\s*)?")
_VERSION = re.compile(r"^dfu-util\s+v?(\d+\.\d+[\w.+-]*)\s*$")
_FOUND = re.compile(
    r"Found (DFU|Runtime): \[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\](?:\s*ver=(\w+))?(?:,\s*devnum=(\d+))?.*?"
    r"(?:path=\"([^\"]*)\")?(?:,\s*alt=(\d+))?(?:,\s*name=\"([^\"]*)\")?(?:,\s*serial=\"([^\"]*)\")?\s*$"
)
_OPEN = re.compile(r"Cannot open DFU device ([0-9a-fA-F]{4}):([0-9a-fA-F]{4})(?: found on devnum (\d+))?(?: \((LIBUSB_ERROR_\w+)\))?")
_ADDRESS = re.compile(r"Downloading (?:element )?to address = (0x[0-9a-fA-F]+), size = (\d+)")
_COMMAND = re.compile(r"(?:^|[\s$#>])(?:sudo\s+)?((?:\S*/)?dfu-util(?:\.exe)?)\s+(-.*)$")
_MISSING = re.compile(r"\bdfu-util(?:: command not found|: not found|' is not recognized)")

NO_DEVICE = "No DFU capable USB device available"
GET_STATUS = "Error during download get_status"
SUFFIX = "Invalid DFU suffix signature"


@register
class DfuUtilParser(Parser):
    name = "dfu-util"
    namespace = "dfu"
    hints = ("dfu", "download", "dfuse", "leave request", "dfumanifest", "get_status", "erase_page", "tormod volden",
             "alternate", "device status", "transfer size")
    strong = (
        r"^dfu-util(?:\.exe)?: ",
        r"^dfu-util(?:\.exe)?\s+v?\d+\.\d+",
        r"Found (?:DFU|Runtime): \[[0-9a-fA-F]{4}:[0-9a-fA-F]{4}\]",
        r"No DFU ca",
        r"Cannot open DFU device",
        r"File downloaded successfully",
        r"^Download\s*\[[= ]*\]",
        r"Error during download get_status",
        r"Invalid DFU suffix signature",
        r"Opening DFU capable USB device",
        r"Copyright 20\d\d-20\d\d Tormod Volden",
        r"DfuSe interface name:",
        r"Submitting leave request",
        r"(?:^|[\s$#>])(?:sudo\s+)?(?:\S*/)?dfu-util(?:\.exe)?\s+-",
        r"\bdfu-util(?:: command not found|: not found)",
    )
    weak = (
        r"^Download done\.",
        r"^Downloading (?:element )?to address = ",
        r"^Claiming USB DFU Interface",
        r"^Setting Alternate (?:Setting|Interface)",
        r"^Determining device status",
        r"dfuERROR, clearing status",
        r"^Transitioning to dfuMANIFEST",
        r"^(?:Run-time|DFU mode) device DFU version",
        r"Device returned transfer size",
        r"Match (?:vendor|product) ID from file",
    )
    event_kinds = (
        "dfu_found", "dfu_runtime_found", "no_dfu_device", "dfu_open_failed", "usb_io_error", "multiple_dfu",
        "claim_failed", "download_started", "download_complete", "get_status_error", "leave_requested",
        "lost_device", "invalid_suffix", "dfu_error_state", "download_error", "erase_error", "dfu_command",
        "wrong_tool_for_device", "tool_missing", "tool_error", "dfu_protected",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}
        self.devices: list[dict[str, Any]] = []
        self.complete = False

    def feed(self, lineno: int, line: str) -> None:
        raw = line.strip()
        if not raw:
            return
        m = _VERSION.match(raw)
        if m:
            self.summary.setdefault("version", m.group(1))
            return
        m = _COMMAND.search(raw)
        if m and not raw.startswith("dfu-util:"):
            self._command(lineno, line, raw[m.start(1):])
            return
        if _MISSING.search(raw):
            self.event("tool_missing", lineno, line, name="dfu-util")
            return
        text = _PREFIX.sub("", raw, count=1)
        self._message(lineno, line, text)

    def _command(self, lineno: int, line: str, cmd: str) -> None:
        s = self.summary
        s.setdefault("command", cmd[:300])
        try:
            argv = shlex.split(cmd)
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
        self.event("dfu_command", lineno, line, command="dfu-util", vid=vid, pid=pid, address=address,
                   role=info.get("role"), role_name=info.get("role_name"))
        role = (info.get("role") or "") + " " + (info.get("role_name") or "")
        if info.get("role") and "dfu" not in role.lower():
            self.event("wrong_tool_for_device", lineno, line, command="dfu-util", vid=vid, pid=pid,
                       role=info.get("role"), role_name=info.get("role_name"), expected="dfu")

    def _message(self, lineno: int, line: str, text: str) -> None:
        s = self.summary
        m = _FOUND.search(text)
        if m:
            self._found(lineno, line, m)
            return
        if truncated(text, NO_DEVICE, 8) or "No DFU capable USB device found" in text:
            self.event("no_dfu_device", lineno, line)
            return
        m = _OPEN.search(text)
        if m:
            vid, pid, err = id4(m.group(1)), id4(m.group(2)), m.group(4)
            if err == "LIBUSB_ERROR_ACCESS":
                self.event("usb_access_denied", lineno, line, vid=vid, pid=pid)
            elif err == "LIBUSB_ERROR_IO":
                self.event("usb_io_error", lineno, line, vid=vid, pid=pid)
            else:
                self.event("dfu_open_failed", lineno, line, vid=vid, pid=pid, text=err)
            return
        if "LIBUSB_ERROR_ACCESS" in text:
            self.event("usb_access_denied", lineno, line)
            return
        if text.startswith("More than one DFU capable USB device found"):
            self.event("multiple_dfu", lineno, line)
            return
        if text.startswith("Cannot claim interface") or "Cannot claim interface" in text:
            self.event("claim_failed", lineno, line)
            return
        m = _ADDRESS.search(text)
        if m:
            self.event("download_started", lineno, line, address=int(m.group(1), 16), size=int(m.group(2)))
            s.setdefault("address", int(m.group(1), 16))
            return
        if text.startswith("File downloaded successfully") or text.startswith("Download done"):
            if not self.complete:
                self.complete = True
                s["download_complete"] = True
                self.event("download_complete", lineno, line)
            return
        if truncated(text, GET_STATUS, 18):
            self.event("get_status_error", lineno, line, state="after_download" if self.complete else "during_download")
            return
        if text.startswith("Submitting leave request") or text.startswith("Transitioning to dfuMANIFEST"):
            s["leave"] = True
            self.event("leave_requested", lineno, line)
            return
        if "Lost device after RESET" in text:
            self.event("lost_device", lineno, line)
            return
        if (truncated(text, SUFFIX, 12) or "DFU suffix CRC does not match" in text or text.startswith("File too short for DFU suffix")
                or text.startswith("A valid DFU suffix will be required")):
            if not any(e["kind"] == "invalid_suffix" for e in self.events):
                self.event("invalid_suffix", lineno, line)
            return
        if re.search(r"dfuERROR|status\((?!0\))\d+\) = ", text):
            self.event("dfu_error_state", lineno, line, text=text[:200])
            return
        if re.search(r"read[- ]?protect|readout protect|Device is read-protected", text, re.I):
            self.event("dfu_protected", lineno, line)
            return
        if re.search(r'ERASE_PAGE|MASS_ERASE|special command "ERASE', text):
            self.event("erase_error", lineno, line)
            return
        if re.search(r"^Error during download|^Error sending completion packet|Wrong state after command|^Error during special command|dfuse_download|^Error during abort|^Error sending dfu abort", text):
            self.event("download_error", lineno, line)
            return
        if re.search(r"^(?:Error|error):|\bfailed\b|Cannot |can't ", text) and not text.startswith("Copyright"):
            self.event("tool_error", lineno, line, text=text[:200])

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

    def finish(self) -> dict[str, Any]:
        s = self.summary
        kinds = [e["kind"] for e in self.events]
        argv = s.get("argv") or []
        if ("-l" in argv or "--list" in argv) and not {"dfu_found", "dfu_runtime_found", "no_dfu_device"} & set(kinds):
            # `dfu-util -l` says nothing when it finds nothing: an empty list is the same fact as "No DFU capable..."
            cmd = next((e for e in self.events if e["kind"] == "dfu_command"), None)
            if cmd is not None:
                self.event("no_dfu_device", cmd["lineno"], cmd["line"], text="dfu-util -l listed no device")
                kinds.append("no_dfu_device")
        if self.complete:
            s["success"] = "download_error" not in kinds and "erase_error" not in kinds
        elif any(k in kinds for k in ("no_dfu_device", "usb_access_denied", "dfu_open_failed", "usb_io_error", "download_error",
                                      "erase_error", "multiple_dfu", "claim_failed", "tool_missing", "lost_device")):
            s["success"] = False
        if self.devices:
            s["found"] = len({(d["vid"], d["pid"], d.get("port_path")) for d in self.devices if d.get("device_class") == "dfu"})
        out: dict[str, Any] = {self.namespace: {"runs": [self.run(**s)]}}
        if self.devices:
            out["usb"] = {"devices": self.devices}
        return out
