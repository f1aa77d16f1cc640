"""Klipper's printer.cfg: the `[mcu]` and `[mcu NAME]` sections (serial, canbus_uuid, canbus_interface,
baud, restart_method) into `klipper.printer_cfg.mcus`.

`McuSections` is the section reader; klippy.log's parser reuses it for the config that Klipper copies
into its log at every start. The parser claims config lines only weakly, so a printer.cfg pasted
inside another tool's block stays with it, while a printer.cfg pasted on its own (or fenced) is read.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_SECTION = re.compile(r"^\[([^\]]+)\]")
_OPTION = re.compile(r"^([A-Za-z_][\w]*)\s*[:=]\s*(.*?)\s*$")
_COMMENT = re.compile(r"[#;]")
_MCU_OPTIONS = ("serial", "canbus_uuid", "canbus_interface", "baud", "restart_method")
# an [mcu] option that only an [mcu] section has, at the start of a block (see PrinterCfgParser.feed)
# (deepen-ser-usb-fw s18) also the Raspberry Pi's /dev/serial0 / serial1 links (a UART-wired MCU)
_HEADLESS = re.compile(r"^(?:serial\s*[:=]\s*/dev/(?:serial/by-(?:id|path)/\S+|tty\S+|serial[01])|canbus_uuid\s*[:=]\s*[0-9a-fA-F]{12})\s*(?:#.*)?$")


# (deepen-s16) the header comment of Klipper's example configs (config/printer-*.cfg, generic-*.cfg @84104bb) names the build the
# board's bootloader needs: "To use this config, the firmware should be compiled for the STM32F103 with a "28KiB bootloader"
# and USB communication.", "select the 28KiB bootloader", "Bootloader offset: 64KiB", "with "No bootloader"". People keep it
# at the top of their printer.cfg and paste it beside their menuconfig or .config (FW001: derive.config_header_offset_mismatch)
_HEADER_OFFSET = re.compile(r'^\s*#.*?(?:\b(?P<kib>\d+)\s?KiB\s+[Bb]ootloader|[Bb]ootloader offset(?: of|:)\s*"?(?P<kib2>\d+)\s?KiB|'
                            r'(?P<kib512>\d+)\s?KiB \+ 512 byte offset|(?P<none>"No [Bb]ootloader"|\bNO BOOTLOADER\b))')
# a header line about the offset that _HEADER_OFFSET cannot read (Tronxy's "bootloader offset at 0x8008800"): the header's
# offsets are then not all known, and none is compared
_HEADER_OFFSET_TALK = re.compile(r"(?i)bootloader offset|\bKiB\b.{0,30}bootloader|bootloader\W{0,3}\s*(?:and|option)|\b0x80[0-9a-f]{5}\b")
_HEADER_MCU = re.compile(r"\b(?P<mcu>STM32[A-Z]\d[0-9A-Z]{2,3}|RP2040|RP2350|LPC17\d\d|HC32F460|ATSAM[A-Z0-9]+)\b")
# (deepen-klipper-fw s19) the crystal and the interface the same headers name, read over the header's lines joined (they wrap
# mid-phrase): 'a "12MHz crystal" clock reference', 'an 8MHz crystal and USB for communication', '"8 MHz crystal"',
# 'Clock Reference 12 MHz crystal'; 'USB communication', '"USB (on PA11/PA12)"', 'serial (on USART1 PA10/PA9) communication',
# '"CAN bus (on PB0/PB1)"'. A header naming two crystals (board revisions) or two interfaces ("USB ... or CAN bus") names none
_HEADER_CRYSTAL = re.compile(r"(?i)\b(\d{1,2})\s?MHz\W{0,2}\s?crystal")
_HEADER_COMM = (
    ("usb", re.compile(r"(?i)\bUSB (?:communication|for communication|\(on PA11/PA12\))")),
    ("serial", re.compile(r"(?i)\bserial \(on U?S?ART\d|\bU?S?ART\d PA\d+/PA\d+\)? (?:communication|for)|\bUART communication")),
    ("can", re.compile(r"(?i)\bCAN bus \(on P[A-Z]\d+/P[A-Z]\d+\)")),
)


class McuSections:
    """Collects `[mcu ...]` sections from config lines fed one at a time (bounded: at most 64 MCUs)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.mcus: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None

    def feed(self, lineno: int, line: str) -> None:
        first = line.lstrip()[:1]
        if first != "[" and (self.current is None or line[:1] in (" ", "\t")):
            return  # outside an [mcu] section, or a continuation line: nothing to read (the common case)
        text = _COMMENT.split(line, 1)[0].rstrip()
        if not text.strip():
            return
        if line[:1] in (" ", "\t"):
            return  # a continuation line of a multi-line option (gcode, lists)
        m = _SECTION.match(text.strip())
        if m:
            words = m.group(1).split()
            if words and words[0] == "mcu" and len(self.mcus) < 64:
                name = " ".join(words[1:]) or "mcu"
                self.current = {"name": name, "line": text.strip(), "lineno": lineno}
                self.mcus.append(self.current)
            else:
                self.current = None
            return
        if self.current is None:
            return
        m = _OPTION.match(text.strip())
        if not m or m.group(1) not in _MCU_OPTIONS:
            return
        key, value = m.group(1), m.group(2).strip()
        if key == "baud":
            try:
                self.current["baud"] = int(value)
            except ValueError:
                pass
        elif key == "canbus_uuid":
            self.current[key] = value.lower()
        else:
            self.current[key] = value

    def reset(self) -> None:
        self.mcus = []
        self.current = None


# What of a printer.cfg matters here, as rows: the splitter's claims (all weak: config lines also appear inside
# other tools' blocks) and the options `McuSections` reads. The reading itself is structural (sections, comments,
# continuation lines), so `feed` hands every line to McuSections.
MESSAGES = rows_of(
    group(
        "Klipper config reference (docs/Config_Reference.md): [mcu] and [mcu NAME] sections",
        Msg(None, r"^\[mcu(?: [^\]]+)?\]\s*(?:#.*)?$", strength="weak", example="[mcu EBBCan]"),
        # a serial option names a port (a path, COMn); a bare run of hex digits is a probe's serial number (st-info --probe)
        Msg(None, r"^(?:serial\s*:\s*(?![0-9A-Fa-f]{16,}\s*$)|(?:canbus_uuid|restart_method)\s*:\s*)\S", strength="weak",
            example="serial: /dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00"),
        Msg(None, r"^(?:canbus_interface|baud)\s*:\s*\S", example="baud: 250000"),
        # (deepen-s16) the example config's header line that names the bootloader offset (see _HEADER_OFFSET)
        Msg(None, r'^\s*#.*(?:\b\d+\s?KiB\s+[Bb]ootloader\b|"No [Bb]ootloader")',
            strength="weak", example='# STM32F103 with a "28KiB bootloader" and USB communication. Also,'),
        # (deepen-s16) the same options as klippy.log's config dump writes them back ("serial = /dev/ttyS0": configparser's
        # `key = value`), copied out of the log into a post on their own; only with a value no other program's `serial =`
        # has (a device path, a 12-digit uuid, a restart method)
        Msg(None, r"^(?:serial\s*=\s*/dev/\S|canbus_uuid\s*=\s*[0-9a-fA-F]{12}\s*$|restart_method\s*=\s*(?:command|arduino|cheetah|rpi_usb)\s*$)",
            strength="weak", example="serial = /dev/ttyS0"),
    ),
    group(
        "Klipper config reference: sections that show a text is a printer.cfg",
        Msg(None, r"^\[(?:printer|stepper_[a-z]|extruder\d*|heater_bed|virtual_sdcard|include [^\]]+|board_pins[^\]]*|tmc\d+ [^\]]+)\]",
            strength="weak", example="[stepper_x]"),
    ),
)


@register
class PrinterCfgParser(TableParser):
    name = "printer.cfg"
    namespace = "klipper"
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.sections = McuSections(source)
        self._section_seen = False  # a "[section]" header came in this block (then no option is read headless)
        self._header: list[tuple[int, int, str]] = []  # (offset, lineno, line) of the header's bootloader lines
        self._header_mcus: set[str] = set()
        self._header_unread = False  # a header line talks about the offset in a way _HEADER_OFFSET does not read
        self._head_lines: list[tuple[int, str]] = []  # the header's comment lines (crystal, interface)

    def feed(self, lineno: int, line: str) -> None:
        if line.lstrip()[:1] == "#" and not self._section_seen:
            if len(self._header) < 16:
                m = _HEADER_OFFSET.match(line)
                if m:
                    kib = m.group("kib") or m.group("kib2")
                    off = int(kib) * 1024 if kib else (int(m.group("kib512")) * 1024 + 512 if m.group("kib512") else 0)
                    self._header.append((off, lineno, line.strip()))
                elif _HEADER_OFFSET_TALK.search(line):
                    self._header_unread = True
            self._header_mcus.update(x.lower() for x in _HEADER_MCU.findall(line))
            if len(self._head_lines) < 24:
                self._head_lines.append((lineno, line.strip()))
        if line.lstrip()[:1] == "[":
            self._section_seen = True
        elif not self._section_seen and not self.sections.mcus and _HEADLESS.match(line):
            # (thin-boot s15) the block starts at an [mcu] option: its "[mcu]" header line stayed with the block before
            # (printer.cfg claims config lines only weakly: `ls /dev/serial/by-id/` output, a blank line, then "[mcu]" and
            # "serial: ..."), so the option is read as the [mcu] section's
            self.sections.current = {"name": "mcu", "line": "[mcu]", "lineno": lineno, "header_lost": True}
            self.sections.mcus.append(self.sections.current)
        self.sections.feed(lineno, line)

    def finish(self) -> dict[str, Any]:
        offsets = {off for off, _, _ in self._header}
        # one offset named; a header offering two (stock bootloader or none), or one it could not read, decides nothing
        header = len(offsets) == 1 and not self._header_unread
        build = self._header_build()
        if not self.sections.mcus and not header and not build:
            return {}
        cfg: dict[str, Any] = {"path": self.source, "mcus": self.sections.mcus, "origin": "pasted", **build}
        if header:
            off, lineno, text = self._header[0]
            cfg.update({"header_offset": off, "header_line": text, "header_lineno": lineno, "header_mcus": sorted(self._header_mcus)})
        elif build:
            cfg["header_mcus"] = sorted(self._header_mcus)
        return {"klipper": {"printer_cfg": cfg}}


    def _header_build(self) -> dict[str, Any]:
        """(deepen-klipper-fw s19) The one crystal and the one interface the example config's header names, with the line
        each was read from (see _HEADER_CRYSTAL, _HEADER_COMM)."""
        out: dict[str, Any] = {}
        lines = [text.lstrip("#").strip() for _, text in self._head_lines]
        joined = " ".join(lines)
        if not joined or "crystal" not in joined.lower() and "communication" not in joined.lower() and " on P" not in joined:
            return out

        def line_of(word: re.Pattern[str]) -> str:
            for _, text in self._head_lines:
                if word.search(text):
                    return text
            return self._head_lines[0][1]

        crystals = {int(m) for m in _HEADER_CRYSTAL.findall(joined)}
        if len(crystals) == 1:
            mhz = crystals.pop()
            out.update(header_crystal=mhz * 1_000_000, header_crystal_line=line_of(re.compile(rf"(?i)\b{mhz}\s?MHz")))
        comms = [(kind, pat) for kind, pat in _HEADER_COMM if pat.search(joined)]
        if len(comms) == 1:
            kind, _pat = comms[0]
            word = {"usb": r"\bUSB\b", "serial": r"(?i)\bserial\b|\bU?S?ART\d", "can": r"\bCAN bus\b"}[kind]
            out.update(header_comm=kind, header_comm_line=line_of(re.compile(word)))
        return out


def parse_config(text: str, source: str) -> list[dict[str, Any]]:
    """The `[mcu]` sections of a printer.cfg's text (used by the live klipper probe)."""
    sections = McuSections(source)
    for lineno, line in enumerate(text.splitlines(), start=1):
        sections.feed(lineno, line)
    return sections.mcus
