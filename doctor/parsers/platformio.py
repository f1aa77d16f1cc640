"""PlatformIO `pio run -t upload` output (the wrapper; the uploader it runs, dfu-util, st-flash, avrdude or
openocd, is parsed by that tool's own parser in the block that follows).

Facts: one run per block under `flash.runs` (tool "platformio"): the upload protocol and port, the
board's MCU from the HARDWARE line, the result (`[SUCCESS]` / `[FAILED]`, `*** [upload] Error N`), and
PlatformIO's own hint that its udev rules are missing.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_PROTOCOL = re.compile(r"^CURRENT:\s*upload_protocol\s*=\s*(\S+)")
_UPLOAD_ERR = re.compile(r"^\*\*\* \[(upload|program|uploadfs)\] Error (-?\d+)")
_RESULT = re.compile(r"^=+\s*\[(SUCCESS|FAILED|ERROR)\]\s*Took")
_HARDWARE = re.compile(r"^HARDWARE:\s*(\S+)")
_PORT = re.compile(r"^Auto-detected:\s*(\S+)")
_UPLOADING = re.compile(r"^Uploading\s+(\S+\.(?:bin|hex|elf|uf2))")


@register
class PlatformioParser(Parser):
    name = "platformio"
    namespace = "flash"
    hints = ("upload", "program]", "platformio", "processing ", "hardware:", "platform:", "took", "configuring", "available:", "current:")
    strong = (
        r"^\*\*\* \[(?:upload|program|uploadfs)\] Error -?\d+",
        r"^Configuring upload protocol\.\.\.",
        r"^CURRENT:\s*upload_protocol\s*=",
        r"^AVAILABLE:\s*\w+",
        r"^Processing \S+ \(platform: ",
        r"^=+\s*\[(?:SUCCESS|FAILED|ERROR)\]\s*Took",
        r"99-platformio-udev\.rules",
        r"^Looking for upload port\.\.\.",
    )
    weak = (r"^HARDWARE:\s", r"^PLATFORM:\s", r"^Uploading \S+\.(?:bin|hex|elf|uf2)", r"^Auto-detected:\s")
    event_kinds = ("upload_protocol", "upload_failed", "upload_succeeded", "udev_rules_missing", "upload_port")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        s = self.summary
        m = _PROTOCOL.match(text)
        if m:
            s["interface"] = m.group(1)
            self.event("upload_protocol", lineno, line, name=m.group(1))
            return
        m = _UPLOAD_ERR.match(text)
        if m:
            s["success"] = False
            s["returncode"] = int(m.group(2))
            self.event("upload_failed", lineno, line, code=int(m.group(2)))
            return
        m = _RESULT.match(text)
        if m:
            ok = m.group(1) == "SUCCESS"
            s["success"] = ok and s.get("success", True)
            if ok:
                self.event("upload_succeeded", lineno, line)
            return
        m = _HARDWARE.match(text)
        if m:
            s.setdefault("mcu", m.group(1).lower())
            return
        m = _PORT.match(text)
        if m:
            s["device"] = m.group(1)
            self.event("upload_port", lineno, line, device=m.group(1))
            return
        m = _UPLOADING.match(text)
        if m:
            s.setdefault("extra", {})["image"] = m.group(1)
            return
        if "99-platformio-udev.rules" in text and re.search(r"install|missing|outdated", text, re.I):
            self.event("udev_rules_missing", lineno, line)

    def finish(self) -> dict[str, Any]:
        return {self.namespace: {"runs": [self.run(**self.summary)]}}
