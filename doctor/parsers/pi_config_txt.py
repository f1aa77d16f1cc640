"""A Raspberry Pi's firmware configuration file (`cat /boot/config.txt`, `/boot/firmware/config.txt` on Bookworm and
later) -> host.boot_config: the device-tree overlays it loads with the conditional section each sits in, and
enable_uart.

The firmware (start*.elf, documented in the Raspberry Pi "config.txt" pages) applies a line only on the models its
section names: `[pi4]`, `[pi3]`, `[pi0w]`, `[cm4]`... filter, `[all]` ends the filter. A `dtoverlay=disable-bt` left in
the `[pi4]` section that Raspberry Pi OS writes (its vc4-kms-v3d lines) does nothing on a Pi 3, so Bluetooth keeps the
PL011 (ttyAMA0) and /dev/serial0 stays the mini UART (genmon #389: moved under `[all]` it worked). An overlay name the
firmware does not know is skipped (`dtoverlay=pi3-diable-bt`, GrovePi #389): the near-miss names of the UART
overlays are what derive.uart_overlay_problems reads (SER006). `pi3-disable-bt` and `pi3-miniuart-bt` are the older
names of `disable-bt` and `miniuart-bt`, still loaded by the firmware.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_OVERLAY = re.compile(r"^\s*dtoverlay\s*=\s*(?P<name>[\w.-]+)(?:,[^\s#]*)?\s*(?:#.*)?$")
_SECTION = re.compile(r"^\s*\[(?P<section>all|none|pi\d[\w+]*|pi0w?|cm\d\w*|board-type=\w+|EDID=[^\]]+|gpio\d+=[01]|HDMI:\d)\]\s*$", re.I)
_UART = re.compile(r"^\s*enable_uart\s*=\s*(?P<value>\d)\s*(?:#.*)?$")


@register
class PiConfigTxtParser(Parser):
    name = "pi-config-txt"
    namespace = "host"
    strong = (r"^\s*dtoverlay\s*=\s*[\w.-]+(?:,[^\s#]*)?\s*(?:#.*)?$", r"^\s*enable_uart\s*=\s*\d\s*(?:#.*)?$")
    weak = (r"^\s*\[(?:all|pi\d[\w+]*|pi0w?|cm\d\w*)\]\s*$",
            r"^\s*(?:dtparam|core_freq|force_turbo|gpu_mem|max_framebuffers|disable_overscan|camera_auto_detect|"
            r"display_auto_detect|arm_64bit|auto_initramfs)\s*=\s*\S+\s*(?:#.*)?$")
    hints = ("dtoverlay", "enable_uart", "[all]", "[pi", "[cm", "dtparam", "core_freq", "force_turbo", "gpu_mem", "framebuffers", "overscan",
             "auto_detect", "arm_64bit", "initramfs")
    examples = ("dtoverlay=disable-bt", "enable_uart=1")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.section = "all"
        self.overlays: list[dict[str, Any]] = []
        self.enable_uart: str | None = None

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 300 or text.startswith("#"):
            return
        m = _SECTION.match(text)
        if m:
            self.section = m.group("section").lower()
            return
        m = _OVERLAY.match(text)
        if m:
            self.overlays.append({"name": m.group("name"), "section": self.section, "line": text, "lineno": lineno,
                                  "source": self.source})
            return
        m = _UART.match(text)
        if m and self.section == "all":
            self.enable_uart = m.group("value")

    def finish(self) -> dict[str, Any]:
        if not self.overlays and self.enable_uart is None:
            return {}
        config: dict[str, Any] = {"overlays": self.overlays}
        if self.enable_uart is not None:
            config["enable_uart"] = self.enable_uart
        return {"host": {"boot_config": config, "origin": "pasted"}}
