"""The Prusa Buddy bootloader's USB-drive update screens (Original Prusa MINI/MINI+, MK4/MK4S, MK3.5, XL, CORE One):
the bootloader (closed source; its messages as users copy them off the screen) looks for a .bbf firmware file on
the USB drive at power-up, or when asked to from the menu.

- "Error mounting USB drive" (with an error number) -> `buddy_usb_mount_failed` (fail): the bootloader could not
  mount the drive (forum.prusa3d.com "Updating Firmware not possible: Error mounting USB drive", MINI: the factory
  stick; another drive worked).
- "Looking for BBF..." -> `buddy_bbf_search`: the search itself; posted alone as where the update stays, the drive
  or the file on it could not be read (forum.prusa3d.com "Problem updating firmware to 6.4.0 from 6.2.6", MK4: the
  same .bbf on another drive installed at once).

Facts: one run under `flash.runs` (tool "prusa-buddy").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Prusa Buddy bootloader (MINI, MK4, MK3.5, XL, CORE One) USB-drive firmware update screens, 2020-2025",
        Msg("buddy_usb_mount_failed", r"^(?:Updating Firmware not possible: )?Error mounting USB drive\b(?P<text>.{0,40})",
            "strong", fail=True, example="Error mounting USB drive"),
        Msg("buddy_bbf_search", r"^[\"']?Looking for BBF\.{0,3}[\"']?\s*$", "strong", example="Looking for BBF..."),
    ),
    group(
        # (prusa-sovol s8) the bootloader's own error screens, category xx6xx of github.com/prusa3d/Prusa-Error-Codes
        # yaml/buddy-error-codes.yaml (XX602-XX614; the code's first digits are the printer: 12 MINI, 13 MK4, 17 XL,
        # 21 MK3.9, 23 MK3.5, 26 MK4S, 31 CORE One...), as users copy the screen's title or its text onto one line
        "Prusa Buddy bootloader error screens XX602-XX614 (Prusa-Error-Codes yaml/buddy-error-codes.yaml, 2023-2025)",
        # XX613 FILE_SYSTEM_ERROR: the bootloader's FAT driver could not read the drive (as "Error mounting USB drive")
        Msg("buddy_usb_mount_failed", r"^[\"']?(?P<text>USB FLASH ERROR\b|File system error! ?Try a different USB)", "strong", fail=True,
            example="File system error! Try a different USB drive or format the drive with FAT32 filesystem (all data will be lost)!"),
        # XX609 HW_VERSION_ERR, XX610 UNSUPPORTED_PRINTER_TYPE, XX611 UNSUPPORTED_PRINTER_VERSION: the .bbf is for another
        # printer model or Buddy board revision
        Msg("buddy_fw_mismatch", r"(?P<text>(?i:FIRMWARE ?x ?PRINTER MISMATCH|UNSUPPORTED PRINTER MODEL|UNSUPPORTED BUDDY FW)"
            r"|Firmware and hardware versions do not match|Firmware/printer (?:types|versions) do not match"
            r"|trying to flash FW meant for other revision)", "strong", fail=True,
            example="Firmware and hardware versions do not match. Make sure you have the right firmware file for your printer."),
        # XX602 USB_NOT_CONNECTED, XX604 NO_FW_ON_USB: asked to update, the bootloader found no drive, or no .bbf on it
        Msg("buddy_no_fw_on_usb", r"(?P<text>(?i:NO FW ON USB(?: FLASH DRIVE)?|USB FLASH DRIVE NOT CONNECTED)|Firmware file missing in the USB"
            r"|USB drive not connected! Please insert)", "strong", fail=True, example="No FW on USB #13604"),
        # XX603 INVALID_FW_SIZE_ON_USB, XX606 SIGNATURE_VERIFICATION_FAILED (unofficial firmware on a locked board),
        # XX607 HASH_VERIFICATION_FAILED (damaged file), XX614 UNSUPPORTED_BBF_VERSION
        Msg("buddy_fw_file_invalid", r"(?P<text>(?i:INVALID FW SIZE ON USB|IMPOSTER! FAKE SIGNATURE|UNSUPPORTED FIRMWARE BBF FILE)"
            r"|^HASH VERIFICATION FAILED|Firmware file has invalid size|Firmware (?:hash|signature) verification failed"
            r"|contains unsupported firmware BBF file)", "strong", fail=True,
            example="Firmware hash verification failed! Firmware file is damaged. Try downloading and copying it onto the USB drive again."),
        # XX605 FLASH_ERASE_ERROR, XX608 FW_IN_INTERNAL_FLASH_CORRUPTED, XX612 NO_FW_IN_INTERNAL_FLASH: the printer's own
        # flash holds no valid firmware (an interrupted update); the bootloader waits for a .bbf on a USB drive
        Msg("buddy_internal_fw", r"(?P<text>(?i:FW IN INTERNAL FLASH CORRUPTED)|No firmware found in the internal flash"
            r"|Firmware in the internal flash corrupted|Error erasing flash! Restart|^(?:FLASH ERASE ERROR|FIRMWARE MISSING)\s*$)",
            "strong", fail=True, example="Firmware in the internal flash corrupted! Please reflash the firmware."),
    ),
)


@register
class PrusaBuddyParser(TableParser):
    name = "prusa-buddy"
    namespace = "flash"
    messages = MESSAGES
    hints = ("looking for bbf", "error mounting usb drive", "usb flash error", "file system error", "mismatch", "do not match",
             "unsupported", "meant for other revision", "no fw on usb", "usb flash drive not connected", "firmware file",
             "usb drive not connected", "invalid fw size", "fake signature", "verification failed", "internal flash",
             "flash erase error", "firmware missing", "error erasing flash")
