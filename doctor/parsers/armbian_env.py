"""Armbian's boot environment (`cat /boot/armbianEnv.txt`; BIGTREETECH's CB1/CB2 images call it BoardEnv.txt) ->
host.boot_config: the device-tree overlays it loads and its overlay_prefix; host.serial_console when `console=serial` or
`both` puts the Linux console on an Allwinner board's UART0 (see _CONSOLE).

Armbian's boot scripts (config/bootscripts/boot-sunxi.cmd, boot-rockchip64.cmd...) load each word of `overlays=` as
`${overlay_prefix}-${word}.dtbo`, so a word that already carries the prefix (`overlays=sun8i-h3-uart1` beside
`overlay_prefix=sun8i-h3`, as armbian-config wrote it: armbian/configng #344, #592) names a file that does not exist
and that UART stays disabled (derive.uart_overlay_problems, SER006).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_PREFIX = re.compile(r"^\s*overlay_prefix=(?P<prefix>[\w.-]+)\s*$")
_OVERLAYS = re.compile(r"^\s*(?:user_)?overlays=(?P<names>[\w.\- ]*)$")
# (deepen-s16) Armbian's boot scripts (boot-sunxi.cmd and the vendor copies: Orange Pi, BTT CB1's BoardEnv.txt) turn
# `console=serial` or `console=both` into the kernel argument console=ttyS0,115200 on Allwinner (sunxi) boards (Rockchip
# scripts use ttyS2): the Linux console then owns UART0, the GPIO UART a Klipper MCU is wired to (SER006)
_CONSOLE = re.compile(r"^\s*console=(?P<where>both|serial|display)\s*$")
_FDT = re.compile(r"^\s*fdtfile=(?P<name>\S+)\s*$")


@register
class ArmbianEnvParser(Parser):
    name = "armbian-env"
    namespace = "host"
    strong = (r"^\s*overlay_prefix=[\w.-]+\s*$",)
    weak = (r"^\s*(?:user_)?overlays=[\w.-]+(?: [\w.-]+)*\s*$", r"^\s*rootdev=UUID=[0-9a-fA-F-]+\s*$",
            r"^\s*console=(?:both|serial|display)\s*$", r"^\s*(?:verbosity|bootlogo|disp_mode|rootfstype|usbstoragequirks)=\S+\s*$")
    hints = ("overlay", "rootdev=", "console=", "verbosity=", "bootlogo=", "disp_mode=", "rootfstype=", "usbstoragequirks=")
    examples = ("overlay_prefix=sun8i-h3",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.prefix: str | None = None
        self.overlays: list[dict[str, Any]] = []
        self.console: str | None = None
        self.fdt: str | None = None

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text or len(text) > 500:
            return
        m = _PREFIX.match(text)
        if m:
            self.prefix = m.group("prefix")
            return
        m = _OVERLAYS.match(text)
        if m:
            for name in m.group("names").split():
                self.overlays.append({"name": name, "section": "all", "line": text, "lineno": lineno, "source": self.source})
            return
        m = _CONSOLE.match(text)
        if m:
            self.console = m.group("where")
            return
        m = _FDT.match(text)
        if m:
            self.fdt = m.group("name")

    def finish(self) -> dict[str, Any]:
        if not self.overlays and self.prefix is None:
            return {}
        config: dict[str, Any] = {"overlays": self.overlays}
        if self.prefix is not None:
            config["overlay_prefix"] = self.prefix
        host: dict[str, Any] = {"boot_config": config, "origin": "pasted"}
        sunxi = any(str(x or "").lower().startswith("sun") for x in (self.prefix, self.fdt))
        if self.console in ("serial", "both") and sunxi:
            host["serial_console"] = True  # console=ttyS0,115200 from the boot script (see _CONSOLE)
        return {"host": host}
