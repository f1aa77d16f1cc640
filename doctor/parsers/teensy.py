"""teensy_loader_cli (PJRC's command line loader 2.0-2.3, also as QMK's `:teensy` target, PlatformIO's
tool-teensy and tkg-toolkit's hid_bootloader_cli, which share its source) as a message table.

teensy_loader_cli.c prints, in this order: its banner, "Read "FILE": N bytes, P% usage", then (soft/hard reboot
or -w) "Waiting for Teensy device... (hint: press the reset button)", "Found HalfKay Bootloader", "Programming...",
"Booting". The Linux/BSD libusb-0.1 backend says why a HalfKay device (16c0:0478) it saw was not used: "Found
device but unable to open" (usb_open failed: no udev rule / permission), "Unable to claim interface, check USB permissions"; these become
`usb_access_denied` (USB004). "Device is in use by "usbhid" driver" (the kernel driver could not be detached) too, but libusb-compat's
"dummy" driver is `driver_detach_failed`: this Linux back end built for macOS (the Makefile's default OS=LINUX). Without -w and without a HalfKay device it dies with "Unable to open device (hint:
try -w option)" (`bootloader_not_found`: the Teensy was not in its bootloader). "error reading intel hex file"
is the image (`image_missing`), "error writing to Teensy" a transfer that timed out. The "Soft reboot is not
implemented for OSX/Win32" lines only say -s was ignored. Teensyduino's upload step (teensy_post_compile /
teensy_reboot in the Arduino IDE) says "Teensy did not respond to a USB-based request to enter program mode" or
"No Teensy boards were found on any USB ports of your computer" when the running program did not reboot into
HalfKay (`bootloader_not_found`).

(keyboard-b s6) The Teensy Loader application's verbose log says "HH:MM:SS.mmm: ihex: parse error line N" for a hex it
cannot read (`image_missing`, as the command line's parse error); "error opening -mmcu=at90usb1286: No such file or
directory" is a loader that took an option for its file name, i.e. another program installed under the flasher's name
(bootloadHID run as hid_bootloader_cli) -> `tool_option_unknown` (TOOL001).

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
        # (healthy-misc s8) usb_detach_kernel_driver_np() failed on a device usb_open() had opened. libusb-compat names every
        # kernel driver "dummy"; the Makefile's default OS=LINUX builds this libusb back end on macOS too, where the HID driver
        # cannot be detached, and the loop of 'in use by "dummy" driver' is that build for the wrong OS (teensy_loader_cli #77:
        # rebuilt with OS=MACOSX it worked). A real kernel driver's name (usbhid) is the Linux case below.
        Msg("driver_detach_failed", r'^Device is in use by "dummy" driver', "strong", fail=True, attrs={"driver": "dummy"},
            example='Device is in use by "dummy" driver'),
        Msg("usb_access_denied", r'^Device is in use by "(?P<driver>[^"]*)" driver', "strong", fail=True, attrs={"text": "detach"},
            example='Device is in use by "usbhid" driver'),
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
        # (keyboard-b s6) the Teensy Loader application's verbose log (Help > Verbose Info, 1.4x-1.5x): the hex it was
        # given cannot be read; avr-gcc 8.x builds of TMK/QMK ended in records it rejects (tmk_keyboard #576)
        Msg("image_parse_error", r"(?:^|\d\d:\d\d:\d\d\.\d{3}(?: \(loader\))?:? )ihex: parse error line (?P<lineno_hex>\d+)", "strong", fail=True,
            example="00:11:36.781: ihex: parse error line 1454"),
        # (teensy-pjrc s10) more of the Teensy Loader application's verbose log (1.4x-1.5x, "(loader):" from 1.48): the hex holds
        # data past the code_size of the board it talks to (image too large, or built for a bigger Teensy: Flybrix
        # firmware #21, "161% used"); the file it was given cannot be read (after an ihex parse error: RadioMusic #143); the
        # i.MX RT came up in its NXP ROM serial-download mode instead of PJRC's bootloader (a board-level fault, forum 68285)
        Msg("image_too_large", r"(?:^|\d\d:\d\d:\d\d\.\d{3}(?: \(loader\))?:? )File contains data beyond chip size", "strong", fail=True,
            example="23:02:50.870: File contains data beyond chip size, yikes!"),
        Msg("image_missing", r"(?:^|\d\d:\d\d:\d\d\.\d{3}(?: \(loader\))?:? )attempt to start program operation, but file is not readable", "strong",
            fail=True, attrs={"text": "file not readable"},
            example="01:11:05.506: attempt to start program operation, but file is not readable"),
        Msg("tool_error", r"(?:^|\d\d:\d\d:\d\d\.\d{3}(?: \(loader\))?:? )Opps, NXP ROM in open mode", "strong", fail=True,
            attrs={"text": "nxp rom open mode"},
            example="23:31:18.259 (loader): Opps, NXP ROM in open mode, but we do not yet have code for this case"),
        Msg("tool_error", r'^(?:Unknown MCU type "[^"]*"|No MCU specified\.|Unknown code/block size)', "strong", fail=True,
            example='Unknown MCU type "TEENSY40"'),

        # (audit-kbd s8) teensy_loader_cli 2.0-2.1 (tag 2.1): main() died "Could not find HalfKay" where 2.2+ says "Unable to open
        # device (hint: try -w option)", and the bare "Unable to open device" before the hint was added: no HalfKay device
        # (the board was not in its bootloader, or -w not given)
        Msg("bootloader_not_found", r"^Could not find HalfKay", "strong", fail=True, example="Could not find HalfKay (from the source's format)"),
        Msg("bootloader_not_found", r"^Unable to open device$", "weak", fail=True, example="Unable to open device"),
        # (audit-kbd s8) 2.1-2.3 parse_options(): an option it does not know (a wrapper passing another loader's options)
        # example from the source's format
        Msg("tool_option_unknown", r'^Unknown (?:flag .{3}|option "-[^"]{0,60}")$', "weak", fail=True,
            example='Unknown option "--mcu=atmega32u4"'),
        # (audit-kbd s8) 2.1-2.3 macOS IOKit back end: IOHIDManagerOpen failed (no HID access for the terminal, macOS 10.15+
        # Input Monitoring), nothing is found after it
        Msg("tool_error", r"^(?:Error opening HID Manager|no HID Manager - maybe this is a pre-Leopard)", "strong", fail=True,
            example="Error opening HID Manager (from the source's format)"),
        Msg(None, r"^Supported MCUs are:", "strong", example="Supported MCUs are:"),
        # (audit-kbd s8) the command as QMK's flash.mk runs it (:teensy / LUFA HID targets) and people paste it
        Msg(None, r"^(?:\S*[/\\])?(?:teensy_loader_cli|hid_bootloader_cli)(?:\.exe)? (?:-\w+ )*-?-mmcu=\S+", "strong",
            example="teensy_loader_cli -mmcu=atmega32u4 -w -v .build/ergodox_ez_default.hex"),
        # LUFA's Bootloaders/HID/HostLoaderApp/hid_bootloader_cli.c (LUFA-140302..210130) is teensy_loader_cli 2.2 under that name
        Msg(None, r"^Usage: (?:teensy_loader_cli|hid_bootloader_cli) --mcu=", "strong", example="Usage: teensy_loader_cli --mcu=<MCU> [-w] [-h] [-n] [-b] [-v] <file.hex>"),
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
        # (arduino-boards s11) teensy_post_compile with no port given (PlatformIO's teensy-gui protocol, a Makefile) and more
        # than one Teensy on the bus: Teensy Loader's Auto mode reprograms whichever Teensy enters its bootloader first
        # (platformio-vscode-ide #3761: the Teensy 4.0 keyboard instead of the Teensy 2.0 being uploaded)
        Msg("multiple_boards", r"^Found (?P<count>\d+) Teensy boards, but using auto-search to find board for upload", "strong", fail=True,
            convert=(("count", int),), example="Found 2 Teensy boards, but using auto-search to find board for upload."),
        Msg(None, r"^Please use Tools > Ports\(Teensy\) to select the specific board", "strong",
            example="Please use Tools > Ports(Teensy) to select the specific board."),
    ),
)


# obdev's bootloadHID (V-USB HID bootloader, 16c0:05df "HIDBoot"; ps2avrGB / BootMapper keyboards, QMK's :bootloadhid
# target and QMK Toolbox run it): usbErrorMessage() names why the device could not be opened or talked to
_BOOTLOADHID = group(
    "bootloadHID 2007-2012 commandline/main.c, usb-libusb.c, usb-windows.c (obdev V-USB HID bootloader)",
    # (keyboards-qmk s18) "HIDboot" too: a ps2avrGB user's bootloadHID printed it so (qmk_firmware#1108, macOS, Homebrew)
    Msg("bootloader_not_found", r"Error opening HID[Bb]oot device: The specified device was not found", "strong", fail=True,
        attrs={"loader": "bootloadhid"}, example="Error opening HIDBoot device: The specified device was not found"),
    Msg("usb_access_denied", r"Error opening HID[Bb]oot device: Access to device denied", "strong", fail=True,
        attrs={"loader": "bootloadhid", "text": "bootloadhid"}, example="Error opening HIDBoot device: Access to device denied"),
    Msg("device_busy", r"Error opening HID[Bb]oot device: The device is used by another application", "strong", fail=True,
        attrs={"loader": "bootloadhid"}, example="Error opening HIDBoot device: The device is used by another application"),
    Msg("write_failed", r"Error (?:opening HID[Bb]oot device|reading page size|uploading data block): (?:Communication error with device|Unknown USB error)",
        "strong", fail=True, attrs={"loader": "bootloadhid"}, example="Error uploading data block: Communication error with device"),
    Msg("image_too_large", r"Data \((?P<size>\d+) bytes\) exceeds remaining flash size", "strong", fail=True, convert=(("size", int),),
        attrs={"loader": "bootloadhid"}, example="Data (30842 bytes) exceeds remaining flash size!"),
    Msg("image_missing", r"No data in input file, exiting", "strong", fail=True, attrs={"loader": "bootloadhid"},
        example="No data in input file, exiting."),
    Msg("bootloader_found", r"^Page size\s+= \d+ \(0x[0-9a-f]+\)", "strong", attrs={"loader": "bootloadhid"},
        example="Page size   = 128 (0x80)"),
    Msg(None, r"^(?:\S*[/\\])?bootloadHID(?:\.exe)? (?:-r )?\S+\.hex", "strong", example="bootloadHID -r .build/kb_default.hex"),
    Msg(None, r"^Device size = \d+ \(0x[0-9a-f]+\); \d+ bytes remaining", "strong", example="Device size = 32768 (0x8000); 30720 bytes remaining"),
    Msg("flash_started", r"^Uploading \d+ \(0x[0-9a-f]+\) bytes starting at \d+", "strong", attrs={"loader": "bootloadhid"},
        example="Uploading 22528 (0x5800) bytes starting at 0 (0x0)"),
)
# (keyboard-b s6) a loader that does not know an option takes it for the hex file's name and cannot open it: bootloadHID
# (parseIntelHex "error opening %s: %s") run as hid_bootloader_cli -mmcu=at90usb1286 by QMK's LUFA HID target; the
# program installed under the flasher's name is another one
_OPTION_AS_FILE = group(
    "bootloadHID 2012 commandline/main.c parseIntelHex, teensy_loader_cli 2.x read_intel_hex: an option taken for the file",
    Msg("tool_option_unknown", r"^error opening (?P<option>-\S+): No such file or directory", "strong", fail=True,
        example="error opening -mmcu=at90usb1286: No such file or directory"),
)
MESSAGES = rows_of(MESSAGES, _BOOTLOADHID, _OPTION_AS_FILE)


@register
class TeensyParser(TableParser):
    name = "teensy"
    stamped = True  # its own time stamps (parsers/__init__.py _undecorate_batch)
    namespace = "flash"
    messages = MESSAGES
    hints = ("error opening usb device", "unable to soft reboot", "teensy", "halfkay", "reset button", "unable to open", "in use by", "claim interface", "rebootor", "soft reboot",
             "hard reboot", "reboot performed", "intel hex", "hex parse", "programming", "booting", "usage", "program mode",
             "hidboot", "page size", "uploading data block", "exceeds remaining flash", "no data in input", "device size", "uploading ",
             "ihex", "error opening -", "unknown mcu", "mcu specified", "code/block size", "could not find halfkay",
             "hid manager", "teensy boards, but", "ports(teensy)", "data beyond chip size", "file is not readable", "nxp rom in open mode", "unknown flag", "unknown option", "supported mcus", "usage: teensy_loader_cli", "hid_bootloader_cli", "usage: hid_bootloader_cli", "bootloadhid")

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        named = {"tool": "bootloadhid"} if any(e.get("loader") == "bootloadhid" for e in self.events) else {}
        if not named:
            self._mark_erase_window()
        if any(e.get("fail") for e in self.events):
            return {"success": False, **named}
        return {"success": True, **named} if "flash_booted" in kinds and "bootloader_found" in kinds else named

    def _mark_erase_window(self) -> None:
        """(boot-dfu, healthy-gen, teensy-pjrc s10) A write that timed out while HalfKay still erased: the first block
        starts the chip erase, and teensy_loader_cli before 2.3 gave the blocks right after it 0.5 s (2.3, 2024, waits
        45 s). So `erase_window` marks a failed write on blocks 2-5, or one without the block dots (PlatformIO runs the
        loader without -v) on a flash of 1.9 MB or more (Teensy 4.x, MicroMod, whose erase is longest), when no loader
        2.3 or later is shown. GEN001 names it; USB003 (the link) stands aside for such a run."""
        if any(e["kind"] == "loader_version" and e.get("version") not in ("2.0", "2.1", "2.2") for e in self.events):
            return
        big = any(e["kind"] == "image_read" and (e.get("flash_size") or 0) >= 1900000 for e in self.events)
        for e in self.events:
            if e["kind"] == "write_failed" and (2 <= (e.get("block") or 0) <= 5 or (not e.get("block") and big)):
                e["erase_window"] = True

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "image_parse_error":
            ev["kind"] = "image_missing"
            ev["text"] = "hex parse error"
        elif ev is not None and ev["kind"] == "image_read":
            # (boot-dfu s10) teensy_loader_cli prints the image's share of the MCU's code_size: bytes / usage is the flash the
            # --mcu names (Teensy 2.0 32 KB, 3.x 256 KB-1 MB, 4.0 1984 KB, 4.1 7936 KB, MicroMod 16 MB)
            try:
                usage = float(ev.get("usage") or 0)
            except ValueError:
                usage = 0.0
            if usage >= 0.1:
                ev["flash_size"] = int(ev["bytes"] * 100 / usage)
        elif ev is not None and ev["kind"] == "write_failed" and ev.get("loader") != "bootloadhid":
            # one dot is printed before each block is written: the count is the block whose write timed out
            dots = re.match(r"^\s*Programming(\.*)error writing", line)
            if dots:
                ev["block"] = len(dots.group(1))
