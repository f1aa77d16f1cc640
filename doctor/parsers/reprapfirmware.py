"""RepRapFirmware's in-application firmware update (M997, which Duet Web Control sends after a firmware upload), as a
message table: the checks RRF makes before it hands over to the IAP loader (Duet3D/RepRapFirmware
src/Platform/RepRap.cpp CheckFirmwareUpdatePrerequisites, 3.x; Platform.cpp in 1.2x-2.x), as its reply reaches the DWC
console, PanelDue or a USB terminal ("Error: M997: ...", DWC's console joining the command: "M997 S0Error: M997: ...").

- `In-application programming binary "X" not found` (also "... on board N" from a CAN expansion board), `IAP file 'X'
  not found`, `IAP not found`, `Missing IAP` -> `iap_missing`: the IAP loader the update needs is not in 0:/sys or
  0:/firmware (an upgrade that skipped the release shipping it, an IAP renamed between releases: 3.2's *_SDiap32_*).
- `Firmware binary "X" not found` -> `image_missing`.
- `Firmware binary "X" is too big for the available flash memory` -> `image_too_large`.
- `Firmware binary "X" is not valid for this electronics` -> `image_wrong_target`: its first word is not this board's
  top of RAM, the binary is for another Duet.

Facts: one run per block under `flash.runs` (tool "reprapfirmware").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        # (fw-sd s12) RepRapFirmware 1.21-3.5 (tags 1.21, 2.05.1, 3.1.1, 3.3; main fc1cd16c) CheckFirmwareUpdatePrerequisites
        # and UpdateFirmware, CAN/CommandProcessor.cpp (expansion boards)
        "RepRapFirmware 1.21-3.5 src/Platform/RepRap.cpp / Platform.cpp (M997 firmware update prerequisites)",
        Msg("iap_missing", r"In-application programming binary \"(?P<path>[^\"\n]{1,120})\" not found(?: on board (?P<board>\d{1,3}))?",
            "strong", fail=True,
            example='Error: M997: In-application programming binary "Duet2CombinedIAP.bin" not found'),
        Msg("iap_missing", r"^(?:Error: )?(?:M997: )?(?:IAP file '(?P<path>[^'\n]{1,120})' not found|IAP not found|Missing IAP)\s*$",
            "strong", fail=True, example="IAP file 'Duet2CombinedIAP.bin' not found"),
        Msg("image_missing", r"Firmware binary \"(?P<path>[^\"\n]{1,120})\" not found", "strong", fail=True,
            example='Error: M997: Firmware binary "0:/firmware/Duet3Firmware_MB6HC.bin" not found'),
        Msg("image_too_large", r"Firmware binary \"(?P<path>[^\"\n]{0,120})\" is too big for the available flash memory", "strong",
            fail=True, example='Error: M997: Firmware binary "Duet3Firmware_Mini5plus.uf2" is too big for the available flash memory'),
        Msg("image_wrong_target", r"Firmware binary \"(?P<path>[^\"\n]{1,120})\" is not valid for this electronics", "strong",
            fail=True, example='Error: M997: Firmware binary "Duet2CombinedFirmware.bin" is not valid for this electronics'),
        # the command as DWC's console or a terminal echoes it: the update that the errors above refuse
        Msg(None, r"^M997(?: S\d{1,2})?(?: [A-Z]\S{0,120})*(?=Error:|\s*$)", "weak", example="M997 S0"),
    ),
)


@register
class ReprapfirmwareParser(TableParser):
    name = "reprapfirmware"
    namespace = "flash"
    messages = MESSAGES
    hints = ("in-application programming", "firmware binary", "iap file", "iap not found", "missing iap", "m997")
