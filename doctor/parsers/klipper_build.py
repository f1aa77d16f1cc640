"""The output of building Klipper or Katapult (`make`): compile and link lines, overflows, missing images.

Facts: one run under `klipper.build.runs` (tool "make") with events build_overflow (name = the memory
region, size = bytes over), build_error (a compiler or linker error), image_missing (`mv: cannot stat
'out/klipper.bin'` and the like), toolchain_missing (arm-none-eabi-gcc / avr-gcc not installed),
build_output (the image was created); `success` is True when an image was created and nothing failed.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_OVERFLOW = re.compile(r"region [`'‘]?([\w.]+)['’]? overflowed by (\d+) bytes")
_MISSING = re.compile(r"(?:mv|cp|stat): cannot stat '([^']*out/[^']*)'|No such file or directory: '([^']*out/(?:klipper|katapult|canboot)\.\w+)'")
_TOOLCHAIN = re.compile(r"\b((?:arm-none-eabi|avr|riscv\S*)-gcc)(?::| ) ?(?:Command not found|not found|No such file or directory)")
_ERROR = re.compile(r"(?:collect2: error: ld returned \d+ exit status|^\S+\.[ch]:\d+:\d+: (?:fatal )?error: .*)")
_OUTPUT = re.compile(r"^\s*Creating (?:hex|bin|uf2|binary) file (out/\S+)")


@register
class KlipperBuildParser(Parser):
    name = "make"
    namespace = "klipper"
    strong = (
        r"region [`'‘]?[\w.]+['’]? overflowed by \d+ bytes",
        r"^\s*Linking out/(?:klipper|katapult|canboot)\.elf",
        r"^\s*Creating (?:hex|bin|uf2|binary) file out/",
        r"^\s*Compiling out/src/",
        r"^\s*Building out/autoconf\.h",
        r"collect2: error: ld returned",
        r"(?:mv|cp): cannot stat '[^']*out/(?:klipper|katapult|canboot)\.",
        r"\b(?:arm-none-eabi|avr)-gcc(?::| ) ?(?:Command not found|not found)",
    )
    weak = (r"^\s*Preprocessing out/", r"^\s*Version: v\d", r"^\s*Building out/")
    event_kinds = ("build_overflow", "build_error", "image_missing", "toolchain_missing", "build_output")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.failed = False
        self.created = False

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(self.events) > 200:
            return
        m = _OVERFLOW.search(text)
        if m:
            self.failed = True
            self.event("build_overflow", lineno, text, name=m.group(1), size=int(m.group(2)))
            return
        m = _MISSING.search(text)
        if m:
            self.failed = True
            self.event("image_missing", lineno, text, path=m.group(1) or m.group(2))
            return
        m = _TOOLCHAIN.search(text)
        if m:
            self.failed = True
            self.event("toolchain_missing", lineno, text, name=m.group(1))
            return
        m = _ERROR.search(text)
        if m:
            self.failed = True
            self.event("build_error", lineno, text)
            return
        m = _OUTPUT.match(text)
        if m:
            self.created = True
            self.event("build_output", lineno, text, path=m.group(1))

    def finish(self) -> dict[str, Any]:
        run = self.run(success=self.created and not self.failed)
        return {"klipper": {"build": {"runs": [run]}}}
