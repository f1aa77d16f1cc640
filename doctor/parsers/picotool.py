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
        Msg(None, r"WARNING: Multiple family IDs in a single UF2 file", "strong",
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
    Msg(None, r"^Converting to uf2, output size: \d+, start address: 0x[0-9a-fA-F]+", "strong",
        example="Converting to uf2, output size: 130560, start address: 0x2000"),
    Msg("rp2040_not_found", r"^No drive to deploy\.?", "strong", fail=True, attrs={"state": "no_drive"},
        example="No drive to deploy."),
    Msg(None, r"^Flashing (?P<path>\S+) \((?P<name>RPI-RP2|RP2350)\)", "strong", example="Flashing F: (RPI-RP2)"),
    Msg("picotool_rebooted", r"^Wrote \d+ bytes to (?P<path>\S+\.UF2)\s*$", "strong", example="Wrote 130560 bytes to F:/NEW.UF2"),
    Msg(None, r"^Resetting (?P<device>COM\d+|/dev/\S+)\s*$", "weak", example="Resetting COM13"),
)
MESSAGES = rows_of(MESSAGES, UF2CONV)

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
             "tracking device", "target chip", "uf2", "no drive", "rpi-rp2", "resetting")
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.s: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            chip = m.groupdict().get("chip")
            if chip:
                self.s.setdefault("mcu", chip.lower())
            return
        if ev.get("family"):
            ev["family"] = family_name(ev["family"])
            built_for = FAMILY_CHIP.get(ev["family"])
            if built_for:
                ev["built_for"] = built_for
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
