"""PrusaSlicer's (and Slic3r PE's) firmware flasher: its own status lines and the Prusa-only messages of its bundled
avrdude (`avrdude-slic3r`), as a message table.

The flasher (src/slic3r/GUI/FirmwareDialog.cpp, Slic3r PE 1.41 to PrusaSlicer 2.9) runs its bundled avrdude for the
Einsy/miniRAMBo (ATmega2560, programmer wiring) and, for the MMU 2/3 and CW1 (ATmega32U4, avr109), first looks for the
Prusa USB id 0x2c99: the application's id (0x2c99/4) is rebooted into the bootloader by a 1200-baud open, and the
bootloader's id (0x2c99/3) is waited for (the bootloader only stays a few seconds). "The %s device was not found",
"%s device not found after reboot" and the older "Original Prusa MMU 2.0 control device could not be found" mean no
bootloader port appeared in that window (`bootloader_not_found`, with the device's name). avrdude-slic3r's
prusa_init_external_flash() messages (bundled_deps/avrdude/avrdude/arduino.c) come from the MK3's second step, the
language data written to the Einsy's external SPI flash through the running firmware (`external_flash_failed`):
"did not boot up on time or serial communication failed", "emitted incorrect start code: `...`", "emitted incorrect cfm
code", "Failed to send command to the printer". avrdude's ordinary messages (stk500v2_..., ser_open()) stay avrdude's.

Facts: one run per block under `flash.runs` (tool "prusaslicer").
"""

from __future__ import annotations

from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_DEVICE = r"(?P<device>Original Prusa [\w .&()/-]{2,80}?)"

MESSAGES = rows_of(
    group(
        "PrusaSlicer 2.0-2.9 / Slic3r PE 1.41-1.42 src/slic3r/GUI/FirmwareDialog.cpp (avr109 devices: MMU 2/3, CW1)",
        Msg(None, r"^Flashing " + _DEVICE + r", looking for VID/PID 0x2c99/", "strong",
            example="Flashing Original Prusa MMU 2.0 Control, looking for VID/PID 0x2c99/3 or 0x2c99/4 ..."),
        Msg("app_rebooted", r"^Found VID/PID 0x2c99/(?P<pid>\d+) at `(?P<port>[^`]*)`, rebooting the device", "strong",
            example="Found VID/PID 0x2c99/4 at `/dev/cu.usbmodem145401`, rebooting the device ..."),
        Msg("bootloader_found", r"^Found VID/PID 0x2c99/(?P<pid>\d+) at `(?P<port>[^`]*)`, flashing", "strong",
            example="Found VID/PID 0x2c99/3 at `/dev/cu.usbmodem145401`, flashing ..."),
        Msg("bootloader_not_found", r"\bThe " + _DEVICE + r" device was not found", "strong", fail=True,
            example="The Original Prusa Multi Material 2 & 3 Upgrade (bootloader) device was not found."),
        Msg("bootloader_not_found", r"^" + _DEVICE + r" (?:device not found after reboot|not found$)", "strong", fail=True,
            example="Original Prusa Multi Material 2 & 3 Upgrade (bootloader) device not found after reboot"),
        # Slic3r PE 1.41-PrusaSlicer 2.0 (MMU 2.0): the same search, older wording; 2.2-2.9's dialog error (avr109_reboot():
        # "The %s device could not have been found", prusa-sovol s8)
        Msg("bootloader_not_found", _DEVICE + r" (?:control )?device could not (?:be|have been) found", "strong", fail=True,
            example="Original Prusa MMU 2.0 control device could not be found"),
        # (prusa-sovol s8) 2.0-2.9 FirmwareDialog.cpp: opening the chosen serial port threw (boost::asio's "open: ..." text)
        Msg("port_access_failed", r"^Error accessing port at (?P<port>\S{1,80}): (?P<text>.{1,200})", "strong", fail=True,
            example="Error accessing port at COM3: open: Access is denied."),
        # (prusa-sovol s8) 2.0-2.9 FirmwareDialog.cpp ensure_model_id(): the .hex's model id (";device = ..." header) is not
        # the printer's own answer (M862.2 Q): an MK3S image on an MK3, an MK2.5S one on an MK3S...
        Msg("model_mismatch", r"This firmware hex file does not match the printer model", "strong", fail=True,
            example="This firmware hex file does not match the printer model."),
        Msg(None, r"^(?:The hex file is intended for: \S{1,40}|Printer reported: \S{1,40})\s*$", "weak",
            example="The hex file is intended for: MK3S"),
        Msg("several_devices", r"(?:Several VID/PID 0x2c99/\d+ devices found|Multiple " + _DEVICE + r" devices found)", "strong", fail=True,
            example="Multiple Original Prusa CW1 devices found. Please only connect one at a time for flashing."),
        Msg("flash_failed", r"^Flashing failed(?:\. Please see the avrdude log below\.|: (?P<text>.{1,200}))", "strong", fail=True,
            example="Flashing failed. Please see the avrdude log below."),
        Msg("flash_succeeded", r"^Flashing succeeded!", "strong", example="Flashing succeeded!"),
        Msg(None, r"^Flashing cancelled\.", "strong", example="Flashing cancelled."),
    ),
    group(
        "PrusaSlicer's bundled avrdude 6.3-20160220-prusa3d bundled_deps/avrdude/avrdude/arduino.c (MK3 language data in "
        "the Einsy's external flash)",
        Msg("external_flash_failed", r"prusa_init_external_flash\(\): (?P<text>MK3 printer (?:did not boot up on time or serial "
            r"communication failed|emitted incorrect (?:start|cfm) code.{0,40})|Failed to send command to the printer)", "strong", fail=True,
            example="avrdude-slic3r: prusa_init_external_flash(): MK3 printer emitted incorrect start code: `start\\n`"),
        # (session 8, vendor-repos) arduino_open()'s own line after any of the above: the "arduino" programmer PrusaSlicer
        # picks for a .hex that carries MK3 language data opened the port, and the Einsy's firmware never entered its
        # external-flash mode (an MK2/MK2.5 miniRAMBo has no such flash and no such handshake)
        Msg("external_flash_failed", r"arduino_open\(\): (?P<text>Failed to initialize MK3 external flash programming mode)",
            "strong", fail=True,
            example="avrdude-slic3r: arduino_open(): Failed to initialize MK3 external flash programming mode"),
    ),
)


@register
class PrusaSlicerParser(TableParser):
    name = "prusaslicer"
    namespace = "flash"
    messages = MESSAGES
    hints = ("original prusa", "0x2c99", "mk3 external flash", "flashing failed", "flashing succeeded", "flashing cancelled", "prusa_init_external_flash",
             "could not be found", "was not found", "not found after reboot", "could not have been found", "error accessing port",
             "does not match the printer model", "intended for:", "printer reported:")

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if "flash_succeeded" in kinds else {}
