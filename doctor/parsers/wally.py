"""ZSA Wally (the ErgoDox/Moonlander/Planck flasher, GUI console and wally-cli).

Its log lines read `HH:MM:SS level message`; libusb errors come as `libusb: <text> [code -N]`
(-3 = LIBUSB_ERROR_ACCESS, -4 no device, -5 not found, -1 i/o). Facts: one run per block under
`flash.runs` (tool "wally") with the libusb errors, the "Waiting for a DFU capable device" loop, the
devices it found and the flash result.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_LINE = re.compile(r"^(?:\d\d:\d\d:\d\d\s+)?(info|warning|error|debug)\s+(.*)$", re.I)
_LIBUSB = re.compile(r"libusb: ([\w /-]+?) \[code (-?\d+)\]")
_FOUND = re.compile(r"Found (\d+) compatible device")


@register
class WallyParser(Parser):
    name = "wally"
    namespace = "flash"
    hints = ("libusb:", "dfu capable device", "wally", "compatible device", "teensy", "opendevices", "firmware", "keyboard")
    strong = (
        r"^(?:\d\d:\d\d:\d\d\s+)?(?:info|warning|error)\s+(?:OpenDevices: )?libusb: [\w /-]+ \[code -?\d+\]",
        r"^(?:\d\d:\d\d:\d\d\s+)?info\s+Waiting for a DFU capable device",
        r"^(?:\d\d:\d\d:\d\d\s+)?info\s+(?:Probing compatible usb devices|Found \d+ compatible device|Starting (?:Teensy|DFU) Flash)",
        r"^wally(?:-cli)?\b.*(?:flash|firmware)",
        r"(?:OpenDevices|libusb): (?:libusb: )?bad access \[code -3\]",
        r"^Press the reset button of your keyboard",
        r"Your keyboard was successfully flashed",
    )
    weak = (r"^\d\d:\d\d:\d\d\s+(?:info|warning|error)\s",)
    event_kinds = ("libusb_error", "waiting_for_device", "devices_found", "flash_started", "flash_succeeded", "tool_error")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        m = _LINE.match(text)
        level = m.group(1).lower() if m else None
        msg = m.group(2) if m else text
        lm = _LIBUSB.search(msg)
        if lm:
            code = int(lm.group(2))
            if code == -3 or "access" in lm.group(1):
                self.event("usb_access_denied", lineno, line, code=code, text=lm.group(1))
            else:
                self.event("libusb_error", lineno, line, code=code, text=lm.group(1))
            return
        if "Waiting for a DFU capable device" in msg or re.search(r"Waiting for (?:a )?(?:Teensy|device)", msg):
            existing = next((e for e in self.events if e["kind"] == "waiting_for_device"), None)
            if existing is None:
                self.event("waiting_for_device", lineno, line, count=1)
            else:
                existing["count"] += 1
            return
        fm = _FOUND.search(msg)
        if fm:
            self.event("devices_found", lineno, line, count=int(fm.group(1)))
            return
        if re.search(r"Starting (?:Teensy|DFU) Flash", msg):
            self.event("flash_started", lineno, line)
            return
        if re.search(r"Flash(?:ing)? complete|Your keyboard was successfully flashed|Successfully flashed", msg, re.I):
            self.summary["success"] = True
            self.event("flash_succeeded", lineno, line)
            return
        if level == "error":
            self.event("tool_error", lineno, line, text=msg[:200])

    def finish(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if "flash_succeeded" not in kinds and kinds & {"usb_access_denied", "libusb_error", "tool_error"}:
            self.summary["success"] = False
        return {self.namespace: {"runs": [self.run(**self.summary)]}}
