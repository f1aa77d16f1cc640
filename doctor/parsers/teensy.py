"""teensy_loader_cli (PJRC's command line loader 2.0-2.3, also as QMK's `:teensy` target, PlatformIO's
tool-teensy and tkg-toolkit's hid_bootloader_cli, which share its source) as a message table.

teensy_loader_cli.c prints, in this order: its banner, "Read "FILE": N bytes, P% usage", then (soft/hard reboot
or -w) "Waiting for Teensy device... (hint: press the reset button)", "Found HalfKay Bootloader", "Programming...",
"Booting". The Linux/BSD libusb-0.1 backend says why a HalfKay device (16c0:0478) it saw was not used: "Found
device but unable to open" (usb_open failed: no udev rule / permission), "Device is in use by "X" driver" (the
kernel driver could not be detached), "Unable to claim interface, check USB permissions"; these become
`usb_access_denied` (USB004). Without -w and without a HalfKay device it dies with "Unable to open device (hint:
try -w option)" (`bootloader_not_found`: the Teensy was not in its bootloader). "error reading intel hex file"
is the image (`image_missing`), "error writing to Teensy" a transfer that timed out. The "Soft reboot is not
implemented for OSX/Win32" lines only say -s was ignored. Teensyduino's upload step (teensy_post_compile /
teensy_reboot in the Arduino IDE) says "Teensy did not respond to a USB-based request to enter program mode" or
"No Teensy boards were found on any USB ports of your computer" when the running program did not reboot into
HalfKay (`bootloader_not_found`).

Facts: one run per block under `flash.runs` (tool "teensy").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "teensy_loader_cli 2.0-2.3 teensy_loader_cli.c (main, open_usb_device, soft_reboot, read_intel_hex)",
        Msg("loader_version", r"^Teensy Loader, Command Line, Version (?P<version>[\d.]+)", "strong",
            example="Teensy Loader, Command Line, Version 2.1"),
        Msg("image_read", r'^Read "(?P<file>[^"]+)": (?P<bytes>\d+) bytes, (?P<usage>[\d.]+)% usage', "strong",
            convert=(("bytes", int),), example='Read "blink_slow_Teensy2.hex": 2332 bytes, 7.2% usage'),
        Msg("waiting_for_device", r"^Waiting for Teensy device\.\.\.", "strong", example="Waiting for Teensy device..."),
        Msg(None, r"^\(hint: press the reset button\)", "weak", example=" (hint: press the reset button)"),
        Msg("bootloader_found", r"^Found HalfKay Bootloader", "strong", example="Found HalfKay Bootloader"),
        Msg("flash_started", r"^Programming\.*$", "weak", example="Programming..................."),
        Msg("flash_booted", r"^Booting$", "weak", example="Booting"),
        Msg("reboot_done", r"^(?:Soft|Hard) [Rr]eboot performed", "strong", example="Soft reboot performed"),
        Msg("usb_access_denied", r"^Found device but unable to open", "strong", fail=True, attrs={"text": "usb_open"},
            example="Found device but unable to open"),
        Msg("usb_access_denied", r'^Device is in use by "(?P<driver>[^"]*)" driver', "strong", fail=True, attrs={"text": "detach"},
            example='Device is in use by "dummy" driver'),
        Msg("usb_access_denied", r"^Unable to claim interface, check USB permissions", "strong", fail=True, attrs={"text": "claim"},
            example="Unable to claim interface, check USB permissions"),
        Msg("bootloader_not_found", r"^Unable to open device \(hint: try -w option\)", "strong", fail=True,
            example="Unable to open device (hint: try -w option)"),
        Msg("bootloader_not_found", r"^Unable to find rebootor", "strong", fail=True, example="Unable to find rebootor"),
        Msg("soft_reboot_failed", r"^(?:Error opening USB device|Unable to soft reboot with USB error): (?P<text>.*)$", "weak",
            example="Error opening USB device: No error"),
        Msg(None, r"^Soft reboot is not implemented for (?:OSX|Win32|UHID)", "strong", benign=True,
            example="Soft reboot is not implemented for OSX"),
        Msg("image_missing", r'^error reading intel hex file "(?P<file>[^"]*)"', "strong", fail=True,
            example='error reading intel hex file "BritepadSketch.ino.hex"'),
        Msg("image_parse_error", r"^Warning, HEX parse error line (?P<lineno_hex>\d+)", "strong", fail=True,
            example="Warning, HEX parse error line 8193"),
        Msg("write_failed", r"(?:^|\.)error writing to Teensy", "strong", fail=True, example="Programming.error writing to Teensy"),
        Msg("tool_error", r'^(?:Unknown MCU type "[^"]*"|No MCU specified\.|Unknown code/block size)', "strong", fail=True,
            example='Unknown MCU type "TEENSY40"'),
    ),
    group(
        "Teensyduino 1.4x-1.5x teensy_post_compile / teensy_reboot (Arduino IDE 1.8, 2.x upload output)",
        Msg("bootloader_not_found", r"Teensy did not respond to a USB-based request to (?:enter program mode|automatically reboot)", "strong", fail=True,
            example="Teensy did not respond to a USB-based request to enter program mode."),
        Msg("bootloader_not_found", r"No Teensy boards were found on any USB ports of your computer", "strong", fail=True,
            example="No Teensy boards were found on any USB ports of your computer."),
        Msg(None, r"Please press the PROGRAM MODE BUTTON on your Teensy to upload your sketch", "strong",
            example="Please press the PROGRAM MODE BUTTON on your Teensy to upload your sketch."),
        Msg(None, r"^Attempting to put your teensy in program mode", "weak", example="Attempting to put your teensy in program mode."),
    ),
)


@register
class TeensyParser(TableParser):
    name = "teensy"
    namespace = "flash"
    messages = MESSAGES
    hints = ("teensy", "halfkay", "reset button", "unable to open", "in use by", "claim interface", "rebootor", "soft reboot",
             "hard reboot", "reboot performed", "intel hex", "hex parse", "programming", "booting", "usage", "program mode")

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if "flash_booted" in kinds and "bootloader_found" in kinds else {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "image_parse_error":
            ev["kind"] = "image_missing"
            ev["text"] = "hex parse error"
