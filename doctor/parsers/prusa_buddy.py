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
)


@register
class PrusaBuddyParser(TableParser):
    name = "prusa-buddy"
    namespace = "flash"
    messages = MESSAGES
    hints = ("looking for bbf", "error mounting usb drive")
