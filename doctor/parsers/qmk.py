"""QMK: the build and flash output of `qmk compile` / `qmk flash` / `make <kb>:<km>[:flash|:dfu|:avrdude]`
(qmk_firmware builddefs/ and tmk_core/ rules, platforms/avr/flash.mk, lib/python/qmk/flashers.py) and the
log pane of QMK Toolbox (Windows and macOS).

Facts: one run per block under `flash.runs` (tool "qmk" or "qmk-toolbox"):
- the size check: "The firmware is too large! 28698/28672 (26 bytes over)" -> `image_too_large` with size, limit
  and over (the same fact as a linker's region overflow: the image does not fit the flash the bootloader leaves);
  "The firmware size is fine" -> `image_size_ok`;
- waiting for a bootloader: "Bootloader not found. Make sure the board is in bootloader mode" (CLI) and
  "Error: Bootloader not found. Trying again in 5s." (older make targets) -> `bootloader_not_found`;
  "Device /dev/tty.usbmodem14101 has appeared; assuming it is the controller." -> `upload_port`;
- QMK Toolbox: "Caterina device connected (usbser): ... (2341:0036:0001) [COM4]", "*** DFU device connected:
  ATm32U4DFU -- 03EB:2FF4:0001" -> `bootloader_connected` (and the device under usb.devices, so the device
  table's role applies); "(NO DRIVER)" or "has X driver assigned but should be Y" -> `driver_missing`.
The tools these run (avrdude, dfu-programmer, dfu-util) are parsed by their own parsers.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._flashlog import classify_usb, id4
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_INT = (("size", int), ("limit", int), ("over", int))

MESSAGES = rows_of(
    group(
        "qmk_firmware builddefs/build_keyboard.mk, common_rules.mk, tmk_core/rules.mk (0.6-0.2x): build and size check",
        Msg(None, r"^QMK Firmware \d+\.\d+\.\d+", "strong", example="QMK Firmware 0.14.29"),
        Msg(None, r"^Making (?P<keyboard>\S+) with keymap (?P<keymap>\S+)(?: and target (?P<target>\S+))?", "strong",
            example="Making crkbd/rev1 with keymap default and target flash"),
        Msg(None, r"^Ψ Compiling keymap with ", "strong", example="Ψ Compiling keymap with make --jobs=1 crkbd:waples"),
        Msg(None, r"^Checking file size of \S+", "strong", example="Checking file size of crkbd_rev1_default.hex"),
        Msg("image_too_large", r"The firmware is too large! (?P<size>\d+)/(?P<limit>\d+) \((?P<over>\d+) bytes over\)", "strong", fail=True,
            convert=_INT, example=" * The firmware is too large! 28698/28672 (26 bytes over)"),
        Msg("image_size_ok", r"The firmware size is (?:fine|approaching the maximum) - (?P<size>\d+)/(?P<limit>\d+)", "strong",
            convert=(("size", int), ("limit", int)), example=" * The firmware size is fine - 24856/28672 (3816 bytes free)"),
    ),
    group(
        "qmk_firmware platforms/avr/flash.mk, lib/python/qmk/flashers.py: waiting for the bootloader",
        Msg("bootloader_not_found", r"Bootloader not found\.", "strong", fail=True,
            example="Bootloader not found. Make sure the board is in bootloader mode. See https://docs.qmk.fm/#/newbs_flashing"),
        Msg(None, r"Trying again every [\d.]+s \(Ctrl\+C to cancel\)", "strong", example=" Trying again every 0.5s (Ctrl+C to cancel)..."),
        Msg(None, r"^Flashing for bootloader: (?P<bootloader>\S+)", "strong", example="Flashing for bootloader: caterina"),
        Msg(None, r"^(?:Detecting USB port, reset your controller now|Waiting for USB serial port - reset your controller now)", "strong",
            example="Detecting USB port, reset your controller now.........."),
        Msg("upload_port", r"^Device (?P<device>\S+) has appeared; assuming it is the controller", "strong",
            example="Device /dev/tty.usbmodem14101 has appeared; assuming it is the controller."),
        # platforms/avr/flash.mk (tmk_core avr.mk 2019+): after the port appears, the make target loops printing dots until the
        # user may write to it; a paste that ends in that loop hung there (the port stays unwritable: its group or udev rule)
        Msg("port_wait_writable", r"^Waiting for (?P<device>\S+) to become writable", "strong",
            example="Waiting for /dev/tty.usbmodem14101 to become writable."),
        Msg("bootloader_not_writable", r"The Caterina bootloader was found but is not writable", "strong", fail=True,
            example="The Caterina bootloader was found but is not writable. Check 'qmk doctor' output for advice."),
    ),
    group(
        "qmk_toolbox windows/QMK Toolbox/MainWindow.cs, Usb/*.cs; macos/QMK Toolbox (0.0.x-0.3.x): device log",
        Msg("bootloader_connected", r"^(?:\*\*\* )?(?P<bootloader>[\w/ ]{1,40}?) device connected(?: \((?P<driver>[^)]*)\))?:? .*?"
            r"(?:\((?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4}):[0-9A-Fa-f]{4}\)|-- (?P<vid2>[0-9A-Fa-f]{4}):(?P<pid2>[0-9A-Fa-f]{4}):[0-9A-Fa-f]{4})",
            "strong", example="Caterina device connected (usbser): Microsoft Serieel USB-apparaat (COM4) (2341:0036:0001) [COM4]"),
        Msg("driver_missing", r"device has (?P<driver>\S+) driver assigned but should be (?P<preferred>\S+)", "strong", fail=True,
            example="STM32 DFU device has HidUsb driver assigned but should be WinUSB. Flashing may not succeed."),
        Msg(None, r"^(?:\*\*\* )?Attempting to flash, please don't remove device", "strong",
            example="*** Attempting to flash, please don't remove device"),
        Msg(None, r"^(?:\*\*\* |\* )QMK Toolbox", "strong", example="* QMK Toolbox 0.3.1 (https://qmk.fm/toolbox)"),
        Msg("flash_succeeded", r"^(?:\*\*\* )?Flash complete", "strong", example="*** Flash complete"),
    ),
)


@register
class QmkParser(TableParser):
    name = "qmk"
    namespace = "flash"
    messages = MESSAGES
    hints = ("qmk", "making ", "firmware is too large", "firmware size is", "checking file size", "bootloader not found", "trying again",
             "flashing for bootloader", "reset your controller", "has appeared", "become writable", "caterina", "device connected",
             "driver assigned", "attempting to flash", "flash complete")
    event_kinds = ("image_too_large",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.devices: list[dict[str, Any]] = []

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None:
            for key in ("keyboard", "target", "bootloader"):
                if g.get(key):
                    self.fields.setdefault("extra", {})[key] = g[key]
            return
        if ev["kind"] == "bootloader_connected":
            self.name_as("qmk-toolbox")
            vid, pid = id4(ev.pop("vid2", None) or ev.get("vid")), id4(ev.pop("pid2", None) or ev.get("pid"))
            ev["vid"], ev["pid"] = vid, pid
            if ev.get("driver") and ev["driver"].upper() == "NO DRIVER":
                ev["fail"] = True
                self.event("driver_missing", lineno, line, vid=vid, pid=pid, fail=True)
            if vid and pid:
                dev: dict[str, Any] = {"vid": vid, "pid": pid, "origin": "pasted", "line": line.strip()[:300]}
                dev.update(classify_usb(vid, pid))
                self.devices.append(dev)
        elif ev["kind"] in ("driver_missing", "flash_succeeded"):
            self.name_as("qmk-toolbox")
        elif ev["kind"] == "image_too_large":
            self.fields["success"] = False

    def name_as(self, tool: str) -> None:
        self.fields["tool"] = tool

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if self.events and self.events[-1]["kind"] == "port_wait_writable":
            # nothing of QMK's after the wait: the port never became writable, unless the uploader's own output follows
            # (another parser's block: the rules look for an avrdude run)
            self.events[-1]["unfinished"] = True
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        elif any(e["kind"] == "flash_succeeded" for e in self.events):
            s["success"] = True
        return s

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {self.namespace: {"runs": [self.run(**self.summary())]}}
        if self.devices:
            out["usb"] = {"devices": self.devices}
        return out
