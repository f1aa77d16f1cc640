"""Klipper `make flash` / scripts/flash_usb.py, and the rp2040_flash (picoboot) step it runs.

Facts: one run per block under `flash.runs` (tool "make-flash"): the image and FLASH_DEVICE it flashed
(`flash_target`, with the device table's role when FLASH_DEVICE is a VID:PID), bootloader entry and
reconnect lines, rp2040_flash's progress (`flash_step`: erasing, flashing, rebooting) and its
failures (`reboot_failed`: the image was written, only the final reboot command failed), the final
`Failed to flash to DEVICE: REASON` line (`flash_failed`, with the failing helper in `command`), and the
per-family help texts flash_usb.py prints. The dfu-util step inside make flash is parsed by the
dfu-util parser (its block follows), so `dfu.runs` holds what dfu-util said about the same device.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register
from doctor.parsers._flashlog import classify_usb, id4

_TARGET = re.compile(r"^\s*Flashing (\S+) to (\S+)\s*$")
_VIDPID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")
_FAILED = re.compile(r"^Failed to flash to (\S+):\s+(.*)$")
_RUNNING = re.compile(r"Error running (\S+)")
_UF2 = re.compile(r"^Loaded UF2 image with (\d+) pages")
_FOUND_RP = re.compile(r"^Found (rp2040|rp2350|RP2040|RP2350) device on USB bus (\d+) address (\d+)")
_CMD_FAILED = re.compile(r"^Command (\w+) failed with status (-?\d+)(?::\s*(.*))?$")
_STEP = re.compile(r"^(Resetting interface|Locking|Exiting XIP mode|Erasing|Flashing|Flashing\.\.\.|Rebooting device|Verifying)\s*$")
_MAKE_ERR = re.compile(r"^make(?:\[\d+\])?: \*\*\* \[([^\]]*)\] Error (\d+)")
_UNSUPPORTED = re.compile(r"USB flashing is not supported for MCU '([^']*)'")


@register
class MakeFlashParser(Parser):
    name = "make-flash"
    namespace = "flash"
    hints = ("flashing", "flash", "bootloader", "reconnect", "uf2", "rp2040", "rp2350", "command ", "make", "tty device", "bootsel",
             "xip", "erasing", "locking", "resetting interface", "rebooting")
    strong = (
        r"^\s*Flashing \S+\.(?:bin|uf2|elf|hex) to \S+\s*$",
        r"^Failed to flash to \S+: ",
        r"^Entering bootloader on /dev/",
        r"^Device reconnect on ",
        r"^Loaded UF2 image with \d+ pages",
        r"^Found (?:rp2040|rp2350) device on USB bus",
        r"^Command \w+ failed with status -?\d+",
        r"No (?:rp2040|rp2350) in BOOTSEL mode was found",
        r"No accessible RP(?:2040|2350|-series) devices in BOOTSEL mode were found",
        r"appears to be in BOOTSEL mode, but picotool was unable to connect",
        r"USB flashing is not supported for MCU",
        r"If the device is already in bootloader mode it can be flashed",
        r"^\s*make (?:flash|serialflash) FLASH_DEVICE=",
        r"Unable to find tty device",
        r"lib/rp2040_flash/rp2040_flash",
        r"scripts/flash_usb\.py",
    )
    weak = (
        r"^(?:Resetting interface|Locking|Exiting XIP mode|Erasing|Rebooting device)\s*$",
        r"^make(?:\[\d+\])?: \*\*\* \[",
        r"If attempting to flash via 3\.3V serial",
    )
    event_kinds = (
        "flash_target", "entering_bootloader", "device_reconnect", "flash_failed", "flash_help", "mcu_unsupported",
        "serial_tty_not_found", "uf2_loaded", "rp2040_found", "rp2040_not_found", "flash_step", "reboot_failed",
        "command_failed", "make_error", "tool_missing",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}
        self.steps: list[str] = []

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        s = self.summary
        m = _TARGET.match(text)
        if m:
            image, device = m.group(1), m.group(2)
            s.setdefault("extra", {})["image"] = image
            s["device"] = device
            vm = _VIDPID.match(device)
            vid = id4(vm.group(1)) if vm else None
            pid = id4(vm.group(2)) if vm else None
            info = classify_usb(vid, pid)
            self.event("flash_target", lineno, line, path=image, device=device, vid=vid, pid=pid,
                       role=info.get("role"), role_name=info.get("role_name"), mcu=info.get("mcu"))
            return
        if text.startswith("Entering bootloader on "):
            self.event("entering_bootloader", lineno, line, device=text[len("Entering bootloader on "):].strip())
            return
        if text.startswith("Device reconnect on "):
            self.event("device_reconnect", lineno, line, path=text.rsplit(" ", 1)[-1])
            return
        m = _FAILED.match(text)
        if m:
            reason = m.group(2).strip()
            rm = _RUNNING.search(reason)
            self.event("flash_failed", lineno, line, device=m.group(1), text=reason[:200], command=rm.group(1) if rm else None)
            if "Unable to find tty device" in reason:
                self.event("serial_tty_not_found", lineno, line, device=m.group(1), port=m.group(1))
            s["success"] = False
            return
        m = _UNSUPPORTED.search(text)
        if m:
            self.event("mcu_unsupported", lineno, line, mcu=m.group(1))
            s["success"] = False
            return
        if "Unable to find tty device" in text:
            self.event("serial_tty_not_found", lineno, line)
            s["success"] = False
            return
        if "If the device is already in bootloader mode" in text or "If attempting to flash via 3.3V serial" in text:
            if not any(e["kind"] == "flash_help" for e in self.events):
                self.event("flash_help", lineno, line)
            return
        m = _UF2.match(text)
        if m:
            self.event("uf2_loaded", lineno, line, count=int(m.group(1)))
            s.setdefault("tool", "rp2040_flash")
            return
        m = _FOUND_RP.match(text)
        if m:
            self.event("rp2040_found", lineno, line, mcu=m.group(1).lower(), address=int(m.group(3)))
            return
        if "picotool was unable to connect" in text or ("BOOTSEL" in text and "check your permissions" in text):
            self.event("usb_access_denied", lineno, line)
            return
        if re.search(r"No (?:rp2040|rp2350) in BOOTSEL mode was found|No accessible RP(?:2040|2350|-series) devices in BOOTSEL mode", text, re.I):
            self.event("rp2040_not_found", lineno, line)
            s["success"] = False
            return
        if "LIBUSB_ERROR_ACCESS" in text or re.search(r"(?:Permission denied|access denied).*(?:usb|device)", text, re.I):
            self.event("usb_access_denied", lineno, line)
            return
        m = _CMD_FAILED.match(text)
        if m:
            command, code, reason = m.group(1), int(m.group(2)), (m.group(3) or "").strip()
            kind = "reboot_failed" if command == "reboot" and self._written() else "command_failed"
            self.event(kind, lineno, line, command=command, code=code, text=reason or None)
            return
        m = _STEP.match(text)
        if m:
            step = m.group(1).rstrip(".").lower()
            self.steps.append(step)
            self.event("flash_step", lineno, line, name=step)
            if step == "rebooting device" and "flashing" in self.steps:
                s["written"] = True
            return
        m = _MAKE_ERR.match(text)
        if m:
            self.event("make_error", lineno, line, name=m.group(1), code=int(m.group(2)))
            return
        tm = re.search(r"\b(dfu-util|rp2040_flash|hid-flash|bossac|flashtool\.py|picotool|sudo)(?:: command not found|: not found|: No such file or directory)", text)
        if tm:
            self.event("tool_missing", lineno, line, name=tm.group(1))
            return
        # flash_usb.py runs the helper with subprocess: a missing program ends its traceback like this
        fm = re.match(r"^(?:FileNotFoundError|OSError): \[Errno 2\] No such file or directory: '([^'/]*/)*([\w.+-]+)'", text)
        if fm and not text.count("/dev/"):
            self.event("tool_missing", lineno, line, name=fm.group(2))

    def _written(self) -> bool:
        """rp2040_flash erased and flashed before this line (its steps come in a fixed order)."""
        if "erasing" not in self.steps:
            return False
        return "flashing" in self.steps[self.steps.index("erasing") + 1:]

    def finish(self) -> dict[str, Any]:
        s = self.summary
        if self._written():
            s["written"] = True
        run = self.run(**{k: v for k, v in s.items() if k != "tool"})
        if s.get("tool"):
            run["extra"] = {**(run.get("extra") or {}), "helper": s["tool"]}
        return {self.namespace: {"runs": [run]}}
