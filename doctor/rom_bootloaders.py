"""Which interfaces an MCU's factory ROM bootloader listens on (knowledge/rom_bootloaders.toml, from ST AN2606).

`family(mcu=..., chipid=...)` gives the table row of a chip named the way Klipper and the tools print it
("stm32f103xe", "STM32F446", "usb-Klipper_stm32g0b1xx_...") or by its device id ("0x0410", "0x410");
`usb_dfu_in_rom(mcu)` says whether BOOT0 can bring up a USB DFU device at all: True, False, or None when the
chip is not in the table (the caller then must not claim either way). Used by drivers/dfu_util.py (its
plans refuse a ROM-DFU flash of a chip without one), the `rom_dfu` derived fact, and `doctor recover`.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from typing import Any

_MCU = re.compile(r"(?i)(?<![a-z0-9])((?:stm|gd|apm)32[a-z]{1,2}[0-9][a-z0-9]{1,12})")


@functools.lru_cache(maxsize=1)
def families() -> tuple[dict[str, Any], ...]:
    text = importlib.resources.files("doctor.knowledge").joinpath("rom_bootloaders.toml").read_text(encoding="utf-8")
    return tuple(tomllib.loads(text).get("families", []))


def _chipid(value: str | int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip(), 16 if not str(value).strip().lower().startswith("0x") else 0)
    except ValueError:
        return None


def mcu_name(text: str | None) -> str | None:
    """The MCU name inside a string ("usb-Klipper_stm32f103xe_...-if00" -> "stm32f103xe"), lower case."""
    if not text:
        return None
    m = _MCU.search(str(text))
    return m.group(1).lower() if m else None


def family(mcu: str | None = None, chipid: str | int | None = None) -> dict[str, Any] | None:
    """The table row for an MCU name (longest matching prefix) or, failing that, a device id."""
    name = mcu_name(mcu)
    if name:
        best: tuple[int, dict[str, Any]] | None = None
        for row in families():
            for prefix in row.get("mcu", []):
                if name.startswith(prefix) and (best is None or len(prefix) > best[0]):
                    best = (len(prefix), row)
        if best is not None:
            return best[1]
    cid = _chipid(chipid)
    if cid is not None:
        for row in families():
            if any(_chipid(c) == cid for c in row.get("chip_ids", [])):
                return row
    return None


def usb_dfu_in_rom(mcu: str | None = None, chipid: str | int | None = None) -> bool | None:
    """True/False: the chip's ROM bootloader has (has no) USB DFU; None: the chip is not known."""
    row = family(mcu, chipid)
    return None if row is None else bool(row.get("usb_dfu"))


def no_usb_dfu_advice(row: dict[str, Any]) -> str:
    """The sentence a plan or finding says for a chip whose ROM has no USB DFU."""
    usart = row.get("usart") or "its USART"
    return (f"{row.get('name')}: this chip has no USB DFU in ROM (AN2606: {', '.join(row.get('interfaces', []))}), so BOOT0 never "
            f"brings up 0483:df11; use its USART ({usart}) with stm32flash, or SWD (ST-Link), or a bootloader already in flash")
