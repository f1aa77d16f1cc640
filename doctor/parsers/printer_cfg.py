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
_HEADLESS = re.compile(r"^(?:serial\s*:\s*/dev/(?:serial/by-(?:id|path)/|tty)\S+|canbus_uuid\s*:\s*[0-9a-fA-F]{12})\s*(?:#.*)?$")


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

    def feed(self, lineno: int, line: str) -> None:
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
        if not self.sections.mcus:
            return {}
        return {"klipper": {"printer_cfg": {"path": self.source, "mcus": self.sections.mcus, "origin": "pasted"}}}


def parse_config(text: str, source: str) -> list[dict[str, Any]]:
    """The `[mcu]` sections of a printer.cfg's text (used by the live klipper probe)."""
    sections = McuSections(source)
    for lineno, line in enumerate(text.splitlines(), start=1):
        sections.feed(lineno, line)
    return sections.mcus
