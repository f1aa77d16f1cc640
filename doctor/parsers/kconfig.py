"""Klipper's and Katapult's `.config` (Kconfig output) and `out/autoconf.h` (the same values as `#define`s), and
`make menuconfig` screens typed or copied out.

Which program a `.config` belongs to is told by its content (Katapult's has LAUNCH_APP_ADDRESS,
ENABLE_DOUBLE_RESET, APP_START choices; Klipper's FLASH_APPLICATION_ADDRESS, WANT_* options). Facts:
`klipper.config` or `klipper.katapult_config` with the interpreted values (mcu, arch,
application_address, flash_start, bootloader_offset, clock_ref_freq, canbus_frequency, serial_baud,
comm, double_reset) and `values` (every CONFIG_ line), and `klipper.menuconfig` for a screen that
lists architectures (`arch_choices`, `selected`). A block holding several builds (a second CONFIG_MCU) keeps the last of
each kind there, and every build with a CAN bus speed in `klipper.can_builds` (kind, comm, mcu, canbus_frequency), so
a USB-to-CAN bridge's build and a toolhead's can be compared (CAN005).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_LINE = re.compile(r"^(CONFIG_[A-Z0-9_]+)=(.*)$")
_UNSET = re.compile(r"^# (CONFIG_[A-Z0-9_]+) is not set")
_CHOICE = re.compile(r"^[\s│|x]*\(([ X*])\)\s+(.+?)[\s│|]*$")
_MENU = re.compile(
    r"^[\s│|x]*(?:\[[ *]\]\s+)?(Micro-controller Architecture|Processor model|Bootloader offset|Application start offset|"
    r"Clock Reference|Communication interface|Communication Interface)\s*\((.*)\)\s*--->"
)
_NUMBER_MENU = re.compile(r"^[\s│|x]*\((\d+)\)\s+(CAN bus speed|Baud rate for serial port)")
_ARCHES = {
    "MACH_STM32": "stm32",
    "MACH_RP2040": "rp2040",
    "MACH_RPXXXX": "rp2040",
    "MACH_LPC176X": "lpc176x",
    "MACH_AVR": "avr",
    "MACH_ATSAM": "atsam",
    "MACH_ATSAMD": "atsamd",
    "MACH_LINUX": "linux",
    "MACH_PRU": "pru",
    "MACH_HC32F460": "hc32f460",
    "MACH_AR100": "ar100",
    "MACH_SIMU": "simulator",
}
_KATAPULT_KEYS = ("CONFIG_LAUNCH_APP_ADDRESS", "CONFIG_ENABLE_DOUBLE_RESET", "CONFIG_BUILD_DEPLOYER", "CONFIG_CANBOOT")
_KLIPPER_KEYS = ("CONFIG_FLASH_APPLICATION_ADDRESS", "CONFIG_WANT_", "CONFIG_HAVE_GPIO", "CONFIG_INLINE_STEPPER_HACK")
_ARCH_LABELS = ("Atmega AVR", "STMicroelectronics STM32", "Linux process", "LPC176x", "SAMD21", "SAM3")


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip().strip('"'), 0)
    except ValueError:
        return None


def interpret(values: dict[str, str], header: str = "") -> dict[str, Any]:
    """The facts of a `.config` given its CONFIG_ values (None when unset: "n")."""
    keys = values.keys()
    katapult = "katapult" in header.lower() or "canboot" in header.lower() or any(
        k.startswith(_KATAPULT_KEYS) or k.startswith(("CONFIG_STM32_APP_START_", "CONFIG_RP2040_APP_START_")) for k in keys
    )
    out: dict[str, Any] = {"kind": "katapult" if katapult else "klipper"}
    mcu = values.get("CONFIG_MCU")
    if mcu:
        out["mcu"] = mcu.strip('"')
    for key, arch in _ARCHES.items():
        if values.get("CONFIG_" + key) == "y":
            out["arch"] = arch
            break
    # (deepen-klipper-fw s19) 0x0 is an address too (an LPC176x or SAMD build for "No bootloader"): not "unset"
    app = _int(values.get("CONFIG_FLASH_APPLICATION_ADDRESS"))
    app = _int(values.get("CONFIG_LAUNCH_APP_ADDRESS")) if app is None else app
    start = _int(values.get("CONFIG_FLASH_BOOT_ADDRESS"))
    start = _int(values.get("CONFIG_FLASH_START")) if start is None else start
    if app is not None:
        out["application_address"] = app
    if start is not None:
        out["flash_start"] = start
    if app is not None and start is not None and app >= start:
        out["bootloader_offset"] = app - start
    for key, field in (
        ("CONFIG_FLASH_SIZE", "flash_size"),
        ("CONFIG_CLOCK_REF_FREQ", "clock_ref_freq"),
        ("CONFIG_CLOCK_FREQ", "clock_freq"),
        ("CONFIG_CANBUS_FREQUENCY", "canbus_frequency"),
        ("CONFIG_SERIAL_BAUD", "serial_baud"),
    ):
        n = _int(values.get(key))
        if n is not None:
            out[field] = n
    if values.get("CONFIG_USBCANBUS") == "y":
        out["comm"] = "usbcan"
    elif values.get("CONFIG_CANSERIAL") == "y" or values.get("CONFIG_CANBUS") == "y" and values.get("CONFIG_USBSERIAL") != "y":
        out["comm"] = "can"
    elif values.get("CONFIG_USBSERIAL") == "y":
        out["comm"] = "usb"
    elif values.get("CONFIG_SERIAL") == "y":
        out["comm"] = "serial"
    if katapult and "CONFIG_ENABLE_DOUBLE_RESET" in values:
        out["double_reset"] = values["CONFIG_ENABLE_DOUBLE_RESET"] == "y"
    return out


_MENU_OFFSET = re.compile(r"(\d+)\s*KiB")
_MENU_CLOCK = re.compile(r"(?i)([\d.]+)\s*MHz")  # 2019's menu spelled it "8Mhz crystal"


def _menu_value(label: str, value: str, out: dict[str, Any]) -> None:
    low = value.lower()
    if label == "Micro-controller Architecture":
        for needle, arch in (("stm32", "stm32"), ("rp2", "rp2040"), ("lpc176", "lpc176x"), ("avr", "avr"), ("samd", "atsamd"), ("sam3", "atsam"), ("linux", "linux")):
            if needle in low:
                out["arch"] = arch
                break
    elif label == "Processor model":
        m = re.search(r"(stm32\w+|rp2\d+\w*|lpc\d+\w*|atmega\w+|at90\w+|sam\w+)", low)
        if m:
            out["mcu"] = m.group(1)
    elif label in ("Bootloader offset", "Application start offset"):
        m = _MENU_OFFSET.search(value)
        out["bootloader_offset"] = int(m.group(1)) * 1024 if m else (0 if "no bootloader" in low else None)
    elif label == "Clock Reference":
        m = _MENU_CLOCK.search(value)
        if m:
            out["clock_ref_freq"] = int(float(m.group(1)) * 1_000_000)
    elif label.startswith("Communication"):
        if "usb to can" in low:
            out["comm"] = "usbcan"
        elif "can" in low.split():
            out["comm"] = "can"
        elif low.startswith("can bus") or low.startswith("can "):
            out["comm"] = "can"
        elif "usb" in low:
            out["comm"] = "usb"
        elif "serial" in low or "uart" in low or "usart" in low:
            out["comm"] = "serial"


# The line shapes of a .config and of a menuconfig screen. Rows have no event kind: the values and the menu's
# choices are the facts (`finish`); the rows say which line is which, once, for the splitter and for `feed`.
MESSAGES = rows_of(
    group(
        "Kconfig .config (Klipper src/Kconfig, Katapult src/Kconfig: scripts/kconfig conf/mconf output)",
        Msg(None, r"^CONFIG_(?P<key>[A-Z0-9_]+)=(?P<value>.*)$", strength="strong", example='CONFIG_MCU="stm32f446xx"'),
        Msg(None, r"^# CONFIG_(?P<key>[A-Z0-9_]+) is not set", strength="weak", example="# CONFIG_USBSERIAL is not set"),
        Msg(None, r"^#define CONFIG_(?P<key>[A-Z0-9_]+) (?P<define>.+)$", strength="weak", example='#define CONFIG_MCU "stm32f446xx"'),
        Msg(None, r"^# (?P<header>(?:Klipper Firmware|Katapult|CanBoot) Configuration)", strength="strong",
            example="# Klipper Firmware Configuration"),
    ),
    group(
        "make menuconfig screens (mconf), typed or copied out of a terminal",
        # (deepen-fw-boot s17) Katapult's and CanBoot's title carries the version (Katapult src/Kconfig: mainmenu "Katapult
        # Configuration $(VERSION)"): "Katapult Configuration v0.0.1-95-g8ba5e5a"
        Msg(None, r"(?P<header>(?:Klipper Firmware|Katapult|CanBoot) Configuration)(?: v?\d[\w.+\-]{0,60})?\s*$", strength="strong",
            example="(Top) Klipper Firmware Configuration"),
        Msg(None, r"^[\s│|x]*(?:\[[ *]\]\s+)?(?P<label>Micro-controller Architecture|Processor model|Bootloader offset|Application start offset|"
            r"Clock Reference|Communication interface|Communication Interface)\s*\((?P<value>.*)\)\s*--->", strength="weak",
            example="    Processor model (STM32F446)  --->"),
        Msg(None, r"Micro-controller Architecture\s*(?:\(.*\)\s*--->)?", strength="strong",
            example="    Micro-controller Architecture (STMicroelectronics STM32)  --->"),
        Msg(None, r"^[\s│|x]*\((?P<number>\d+)\)\s+(?P<label>CAN bus speed|Baud rate for serial port)", example="    (1000000) CAN bus speed"),
        # (deepen-klipper-fw s19) Klipper's LPC176x bootloader choice before it became "Bootloader offset" (src/lpc176x/Kconfig
        # 4344f7fc1, 2018: bool "Target board uses Smoothieware bootloader", FLASH_START 0x4000 when set, else 0x0000)
        Msg(None, r"^[\s│|x]*\[(?P<smark>[ *])\]\s+Target board uses Smoothieware bootloader", strength="weak",
            example="[*] Target board uses Smoothieware bootloader"),
        # (deepen-klipper-fw s19) the interface as a bool before "Communication interface" (src/*/Kconfig 2017-06 to 2021-03:
        # "Use USB for communication (instead of serial)")
        Msg(None, r"^[\s│|x]*\[(?P<umark>[ *])\]\s+Use USB for communication \(instead of serial\)", strength="weak",
            example="     [*] Use USB for communication (instead of serial)"),
        Msg(None, r"^[\s│|x]*\((?P<mark>[ X*])\)\s+(?P<choice>.+?)[\s│|]*$", strength="weak", example="  (X) STMicroelectronics STM32"),
    ),
)
# weak claims the splitter used before the rows: a menu line of these labels anywhere on a screen
_WEAK_EXTRA = (r"^[\s│|x]*(?:Processor model|Bootloader offset|Clock Reference|Communication interface)\s*\(.*\)\s*--->",)


@register
class KconfigParser(TableParser):
    name = "kconfig"
    namespace = "klipper"
    messages = MESSAGES
    weak = _WEAK_EXTRA

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.values: dict[str, str] = {}
        self.header = ""
        self.earlier: list[tuple[dict[str, str], str]] = []  # whole builds this block held before the last one
        self.choices: list[str] = []
        self.selected: str | None = None
        self.menu: dict[str, Any] = {}
        self.first_text: str | None = None

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        if self.first_text is None:
            self.first_text = text[:300]
        found = self.table.match(text)  # the screen rows allow the frame characters mconf draws around a line
        if found:
            self._line(found[0][0], found[0][1])

    def _line(self, row: Msg, m: re.Match[str]) -> None:
        g = m.groupdict()
        if g.get("key") is not None:
            key = "CONFIG_" + g["key"]
            if key == "CONFIG_MCU" and key in self.values and len(self.earlier) < 8:
                # (thin-can s15) a .config never repeats a key: a second CONFIG_MCU starts a second build pasted in the
                # same block (a toolhead's and the USB-to-CAN bridge's, Katapult's and Klipper's)
                self.earlier.append((self.values, self.header))
                self.values, self.header = {}, ""
            if len(self.values) < 5000:
                if g.get("define") is not None:  # out/autoconf.h: a bool is 1, a number or string as in .config
                    value = g["define"].strip().strip('"')
                    numeric = any(w in g["key"] for w in ("FREQ", "BAUD", "ADDRESS", "SIZE", "START", "OFFSET"))
                    self.values["CONFIG_" + g["key"]] = "y" if value == "1" and not numeric else value
                else:
                    self.values["CONFIG_" + g["key"]] = "n" if g.get("value") is None else g["value"].strip().strip('"')
        elif g.get("header") is not None:
            self.header = g["header"]
        elif g.get("number") is not None:
            field = "canbus_frequency" if g["label"].startswith("CAN") else "serial_baud"
            self.menu[field] = int(g["number"])
        elif g.get("label") is not None:
            _menu_value(g["label"], g["value"], self.menu)
        elif g.get("smark") is not None:
            self.menu.update(arch="lpc176x", bootloader_offset=0x4000 if g["smark"] == "*" else 0)
        elif g.get("umark") is not None:
            self.menu["comm"] = "usb" if g["umark"] == "*" else "serial"
        elif g.get("choice") is not None and len(self.choices) < 100:
            label = g["choice"].strip()
            self.choices.append(label)
            if g["mark"] in ("X", "*"):
                self.selected = label

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        current: dict[str, Any] | None = None
        if self.values:
            current = facts = interpret(self.values, self.header)
            facts.update({"path": self.source, "source": self.source, "origin": "pasted", "values": self.values})
            facts["line"] = f"CONFIG_MCU=\"{facts['mcu']}\"" if facts.get("mcu") else (self.first_text or "")
            out["katapult_config" if facts["kind"] == "katapult" else "config"] = facts
        elif self.menu:
            kind = "katapult" if "katapult" in self.header.lower() or "canboot" in self.header.lower() else "klipper"
            current = facts = {k: v for k, v in self.menu.items() if v is not None}
            facts.update({"kind": kind, "path": self.source, "source": self.source, "origin": "pasted", "line": self.first_text or ""})
            out["katapult_config" if kind == "katapult" else "config"] = facts
        builds = [interpret(values, header) | {"values": values} for values, header in self.earlier]
        for b in reversed(builds):  # an earlier build of another kind than the last one is that kind's .config
            key = "katapult_config" if b["kind"] == "katapult" else "config"
            if key not in out:
                b.update({"path": self.source, "source": self.source, "origin": "pasted"})
                b["line"] = f"CONFIG_MCU=\"{b['mcu']}\"" if b.get("mcu") else ""
                out[key] = b
        if current is not None:
            builds.append(current)
        # (thin-can s15) one entry per pasted build with a CAN bus speed: `config` keeps only the last Klipper build
        # of a paste, and a CAN paste often shows two (the USB-to-CAN bridge's and the toolhead's)
        can_builds = [{k: b.get(k) for k in ("kind", "comm", "mcu", "canbus_frequency") if b.get(k) is not None}
                      | {"source": self.source, "line": f"CONFIG_CANBUS_FREQUENCY={b['canbus_frequency']}"}
                      for b in builds if isinstance(b.get("canbus_frequency"), int)]
        if can_builds:
            out["can_builds"] = can_builds
        if self.choices and any(any(a.lower() in c.lower() for a in _ARCH_LABELS) for c in self.choices):
            out["menuconfig"] = {
                "arch_choices": self.choices,
                "selected": self.selected,
                "source": self.source,
                "line": " | ".join(self.choices)[:500],
            }
        return {"klipper": out} if out else {}


def parse_config(text: str, source: str) -> dict[str, Any]:
    """The facts of a `.config` file's text (used by the live klipper probe); {} when it has no CONFIG_ line."""
    values: dict[str, str] = {}
    header = ""
    for line in text.splitlines():
        line = line.strip()
        m = _LINE.match(line)
        if m:
            values[m.group(1)] = m.group(2).strip().strip('"')
            continue
        m = _UNSET.match(line)
        if m:
            values[m.group(1)] = "n"
        elif line.startswith("#") and "Configuration" in line:
            header = line
    if not values:
        return {}
    facts = interpret(values, header)
    facts.update({"path": source, "source": source, "origin": "live", "values": values})
    facts["line"] = f"CONFIG_MCU=\"{facts['mcu']}\"" if facts.get("mcu") else ""
    return facts
