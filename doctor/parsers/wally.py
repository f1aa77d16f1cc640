"""ZSA Wally (the ErgoDox/Moonlander/Planck/Voyager flasher: GUI console, wally-cli, Wally for Windows 3.x) as a
message table.

The GUI console's lines read `HH:MM:SS level message` (Wally 1.x/2.x, wally/*.go), Wally for Windows 3.x
`HH:MM:SS - Level - message`, wally-cli prints its prompt and Go's `2020/07/04 17:17:37 ...` log lines. libusb
errors come as `libusb: <text> [code -N]` (-3 LIBUSB_ERROR_ACCESS: no udev rule / permission; -4 no device,
-5 not found, -1 i/o, -9 pipe, -10 interrupted). Facts: one run per block under `flash.runs` (tool "wally")
with the libusb errors (code -3 as `usb_access_denied`, the kind USB004 reads), the "Waiting for a DFU capable
device" loop (one event with a count), the devices it found, the flash steps and the result.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_LEVEL = r"^(?:\d\d:\d\d:\d\d\s+(?:-\s+)?)?"  # the GUI console's time stamp (and Wally 3.x's " - ")

MESSAGES = rows_of(
    group(
        "Wally 1.x-2.x wally/usb.go, dfu.go, teensy.go, state.go (GUI console)",
        Msg("libusb_error", r"libusb: (?P<text>[\w /-]+?) \[code (?P<code>-?\d+)\]", "strong", fail=True, convert=(("code", int),),
            example="10:39:20 warning OpenDevices: libusb: bad access [code -3]"),
        Msg("tool_error", r"OpenDevices: (?P<text>(?!libusb: ).+)$", "strong", fail=True,
            example="OpenDevices: config 1 interface at index 2 has number 3, USB standard states they should be identical"),
        Msg("waiting_for_device", _LEVEL + r"(?:info|Info)\s+(?:-\s+)?Waiting for a DFU capable device", "strong",
            example="10:39:21 info Waiting for a DFU capable device"),
        Msg(None, _LEVEL + r"(?:info|Info)\s+(?:-\s+)?Probing compatible usb devices", "strong",
            example="15:59:58 info Probing compatible usb devices"),
        Msg("devices_found", r"Found (?P<count>\d+) compatible device", "strong", convert=(("count", int),),
            example="15:59:58 info Found 1 compatible device(s)"),
        Msg("flash_started", r"Starting (?P<what>Teensy|DFU) Flash", "strong", example="16:00:06 info Starting Teensy Flash"),
        Msg(None, r"Sent \d+ bytes out of \d+", "weak", example="16:00:09 info Sent 32768 bytes out of 32768"),
        Msg("firmware_invalid", r"Invalid vendor or product id, expected|File extension \S+ is not supported|Error while (?:opening|parsing) firmware",
            "strong", fail=True, example="12:00:01 error Invalid vendor or product id, expected 0x3297:0x1969 got 0xfeed:0x1307"),
        Msg("flash_succeeded", _LEVEL + r"(?:info|Info)\s+(?:-\s+)?Flash complete", "strong", example="16:00:12 info Flash complete"),
        Msg("tool_error", _LEVEL + r"error\s+(?P<text>Error while .+|OpenDevices: .+)$", "strong", fail=True,
            example="16:00:17 error Error while sending the set address command: device not responding"),
        Msg(None, r"^\d\d:\d\d:\d\d\s+(?:info|warning|debug)\s", "weak", example="15:59:57 info Application UI / State initialized"),
    ),
    group(
        "wally-cli 1.x-2.x main.go (terminal prompt and result)",
        Msg(None, r"Press the reset button of your keyboard", "strong", example="Press the reset button of your keyboard."),
        Msg("flash_succeeded", r"Your keyboard was successfully flashed", "strong",
            example="Your keyboard was successfully flashed and rebooted. Enjoy the new firmware!"),
        Msg(None, r"^wally(?:-cli)?\s+\S+\.(?:hex|bin)\b", "strong", example="wally-cli ergodox-keyboard-firmware.hex"),
        # (audit-kbd s8) wally-cli 2.0.0-2.0.1 dfu.go / teensy.go: every failure is log.Fatal("Error while <step>: <err>") after Go's
        # date stamp; a libusb error inside it is the libusb row above (first match). The rest: the transfer failed mid-way
        Msg("tool_error", r"^(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d )?Error while (?P<step>extracting DFU Suffix|claiming the usb interface"
            r"|clearing the device status|erasing flash|sending the erase address command|sending the set address command"
            r"|sending firmware bytes|rebooting device)(?::\s*(?P<text>.*))?$", "strong", fail=True,
            example="2020/07/04 17:17:37 Error while sending firmware bytes: device not responding (from the source's format)"),
        Msg("firmware_invalid", r"^Please provide a valid firmware file: a \.hex file", "strong", fail=True,
            example="Please provide a valid firmware file: a .hex file (ErgoDox EZ) or a .bin file (Moonlander / Planck EZ)"),
        Msg("image_missing", r"^The file path you specified does not exist:", "strong", fail=True,
            example="The file path you specified does not exist: moonlander.bin (from the source's format)"),
        Msg(None, r"^wally-cli v\d+\.\d+", "strong", example="wally-cli v2.0.1"),
    ),
    group(
        "Wally for Windows 3.x (wally-win: `HH:MM:SS - Level - message`)",
        Msg("flash_started", r"^\d\d:\d\d:\d\d - Info - Starting flash process", "strong",
            example="12:26:00 - Info - Starting flash process, targeting teensy devices."),
        # the native WinUSB layer of 3.0.x reports the Win32 error of CreateFile / WinUsb_Initialize: 5 (access denied) and
        # 1 (invalid function) when the bootloader device has no WinUSB driver bound yet (driver just installed, Windows not
        # restarted; another vendor's driver took the device), 121 (semaphore timeout) when a transfer timed out
        Msg("win_usb_error", r"- Error - (?P<text>Device handle no good|Couldn't initialize device|Couldn't do a control transfer)\.* Error code: (?P<code>\d+)",
            "strong", fail=True, convert=(("code", int),),
            example="11:50:44 - Error - Device handle no good. Error code: 5"),
        Msg("bootloader_found", r"- Info - Target (?P<target>\w+) found, the keyboard is in reset mode", "strong",
            example="11:50:44 - Info - Target stm32 found, the keyboard is in reset mode."),
        Msg(None, r"^\d\d:\d\d:\d\d - (?:Info|Warning|Error) - ", "weak", example="12:25:56 - Info - Application started"),
    ),
)


@register
class WallyParser(TableParser):
    name = "wally"
    stamped = True  # its own time stamps (parsers/__init__.py _undecorate_batch)
    namespace = "flash"
    messages = MESSAGES
    hints = ("libusb:", "dfu capable device", "wally", "compatible device", "teensy", "opendevices", "firmware", "keyboard",
             "flash complete", "flash process", "probing compatible", "- info -", "- warning -", "- error -", "bytes out of", "error while", "invalid vendor", "file extension", " info ", " warning ", " debug ", "error code", "reset mode",
             "file path you specified", "valid firmware file", "extracting dfu suffix")
    event_kinds = ("usb_access_denied", "usb_no_driver")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.waiting: dict[str, Any] | None = None

    def feed(self, lineno: int, line: str) -> None:
        # wally-cli runs its spinner and Go's log line together: "⠦ Press the reset button of your keyboard.2020/07/04 ..."
        text = line.strip()
        if text and text[0] in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏":
            text = text[1:].strip()
        # (audit-kbd s8) the prompt and the log.Fatal line it ran into are two messages: the error after the prompt is fed too
        cut = text.find("keyboard.20") if text.startswith("Press the reset button") else -1
        if cut > 0 and re.match(r"\d{4}/\d\d/\d\d ", text[cut + 9:]):
            super().feed(lineno, text[: cut + 9])
            text = text[cut + 9:]
        super().feed(lineno, text)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        kind = ev["kind"]
        if kind == "libusb_error" and (ev.get("code") == -3 or "access" in str(ev.get("text", ""))):
            ev["kind"] = "usb_access_denied"
        elif kind == "libusb_error" and ev.get("code") == -5 and "OpenDevices" in line:
            # libusb_open's LIBUSB_ERROR_NOT_FOUND on a device it enumerated: on Windows, no WinUSB/libusbK driver is
            # bound to it (Linux says -3 for a missing udev rule); a -5 while sending is the device leaving mid-transfer
            ev["kind"] = "usb_no_driver"
        elif kind == "win_usb_error" and ev.get("code") in (1, 5) and "control transfer" not in str(ev.get("text", "")):
            ev["kind"] = "usb_no_driver"
        elif kind == "waiting_for_device":
            if self.waiting is None:
                self.waiting = ev
                ev["count"] = 1
            else:
                self.waiting["count"] += 1
                self.events.remove(ev)
