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
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of, to_int

_DEV = r"(?:Device|(?P<chip>RP\d{4}) device) at bus (?P<bus>\d+), address (?P<address>\d+)"
_BUSADDR = (("bus", to_int), ("address", to_int))

MESSAGES = rows_of(
    group(
        "picotool 1.0-2.1 main.cpp (device selection: missing_device_string and the 'but:' notes)",
        Msg("rp2040_not_found",
            r"(?:No|Despite the reboot attempt, no) accessible RP(?:\d{4}|-series|2040/RP2350)? ?devices? in BOOTSEL mode (?:was|were) found",
            "strong", fail=True, example="No accessible RP2040 devices in BOOTSEL mode were found."),
        Msg("usb_access_denied", rf"{_DEV} appears to be (?:a RP\d{{4}} device )?in BOOTSEL mode, but picotool was unable to connect",
            "strong", fail=True, convert=_BUSADDR,
            example="Device at bus 1, address 21 appears to be a RP2040 device in BOOTSEL mode, but picotool was unable to connect"),
        Msg("usb_access_denied", rf"{_DEV} appears to have a USB serial connection, but picotool was unable to connect",
            "strong", fail=True, convert=_BUSADDR,
            example="RP2040 device at bus 1, address 9 appears to have a USB serial connection, but picotool was unable to connect. Maybe try 'sudo' or check your permissions."),
        Msg("rp2040_app_mode", rf"{_DEV} appears to (?:have a USB serial connection, so consider -f|be an? RP(?:\d{{4}}|-series) (?:PicoProbe|MicroPython) device not in BOOTSEL mode)",
            "strong", convert=_BUSADDR,
            example="RP2040 device at bus 1, address 16 appears to have a USB serial connection, so consider -f (or -F) to force reboot in order to run the command."),
        Msg("rp2040_app_mode", rf"{_DEV} appears to be a RP\d{{4}} (?:device with a USB serial connection|PicoProbe device not in BOOTSEL mode|MicroPython device not in BOOTSEL mode)",
            "strong", convert=_BUSADDR,
            example="Device at bus 1, address 16 appears to be a RP2040 device with a USB serial connection, so consider -f (or -F) to force reboot in order to run the command."),
        Msg(None, r"It is possible the device is not responding, and will have to be manually entered into BOOTSEL mode", "strong",
            example="It is possible the device is not responding, and will have to be manually entered into BOOTSEL mode."),
        Msg("multiple_devices", r"Multiple RP(?:\d{4}|-series) devices in BOOTSEL mode found|Command requires a single RP(?:\d{4}|-series) device",
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
        Msg("verify_mismatch", r"ERROR: The device contents did not match the file", "strong", fail=True,
            example="ERROR: The device contents did not match the file"),
        Msg("picotool_error", r"^ERROR: Unable to connect to device", "weak", fail=True, example="ERROR: Unable to connect to device"),
        Msg("picotool_error", r"^ERROR: (?P<text>.*)$", "none", fail=True, example="ERROR: File to load contained an invalid memory range 0x10000000-0x1004c2f0"),
    ),
)


@register
class PicotoolParser(TableParser):
    name = "picotool"
    namespace = "flash"
    hints = ("bootsel", "picotool", "rp20", "rp23", "rp-series", "loading into", "verifying", "reboot", "error:", "ok")
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.s: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        chip = ev.pop("chip", None)
        if chip:
            ev["mcu"] = chip.lower()
        kind = ev["kind"]
        if kind == "usb_access_denied":
            ev["text"] = "zadig" if "Zadig" in line else "permissions"
        elif kind == "picotool_progress":
            if ev.get("name") == "Loading into":
                self.s["written"] = True
        elif kind == "picotool_verified":
            self.s["verified"] = True
        elif kind == "rp2040_not_found" and line.lstrip().startswith("Despite"):
            ev["state"] = "after_reboot"

    def summary(self) -> dict[str, Any]:
        s = dict(self.s)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        elif s.get("written") or any(e["kind"] == "picotool_rebooted" for e in self.events):
            s["success"] = True
        return s
