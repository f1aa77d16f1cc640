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
- `Cannot mount SD card 0: ...`, `Unable to mount SD card` (the STM32/LPC port) -> `sd_mount_failed`: the firmware
  could not mount its SD card (exFAT, no FAT volume); `Cannot initialise SD card 0: ...` -> `sd_init_failed`: the card
  did not answer at all (on Duets mostly the socket).

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
    group(
        # (printer-sd-screens s14) the firmware could not mount its own SD card (which holds config.g, the IAP and the
        # firmware/WiFi binaries M997 flashes): Duet3D/RepRapFirmware 3.5 (fc1cd16c) src/Storage/MassStorage.cpp Mount():
        # "Cannot initialise SD card %u: %s" (TranslateCardError: Card not found / Card is unusable / Communication error...),
        # "Cannot mount SD card %u: no FAT filesystem found on card (EXFAT is not supported)", "Cannot mount SD card %u: code %d";
        # gloomyandy/RepRapFirmware (the STM32/LPC port run on BTT SKR/Fly boards) v3.5.3 src/Hardware/STM32/BoardConfig.cpp
        # InitSDCard: "Unable to mount SD card, config %d." / "Unable to mount SD card using config %d" / "Failed to mount SD
        # card", src/Platform/RepRap.cpp: "Warning: unable to mount SD card". BTT SKR-3 #7: fixed by an 8 GB card for a 32 GB one
        "RepRapFirmware 3.x (Duet3D fc1cd16c, gloomyandy STM32/LPC port v3.5.3) SD card mount errors",
        # the card did not answer (sd_mmc_check failed): on Duet boards the forum resolves it mostly as the board's SD
        # socket (forum.duet3d.com 14395: warranty replacement; 2646, 10603: the slot), so it has its own kind
        Msg("sd_init_failed", r"Cannot initiali[sz]e SD card (?P<card>\d)(?:: (?P<text>[^\n<]{1,100}))?", "strong", fail=True,
            example="M21: Cannot initialise SD card 0: Card is unusable"),
        Msg("sd_mount_failed", r"Cannot mount SD card (?P<card>\d)(?:: (?P<text>[^\n<]{1,100}))?", "strong", fail=True,
            example="Error: Cannot mount SD card 0: no FAT filesystem found on card (EXFAT is not supported)"),
        Msg("sd_mount_failed", r"^(?:Error: |Warning: |Fatal error: |FatalError: )?(?:[Uu]nable to mount SD card(?P<text>(?:,| using) config \d{1,2})?"
            r"|Failed to mount SD card)\.?\s*$", "strong", fail=True, example="Unable to mount SD card using config 1"),
    ),
    group(
        # (printers-other-firmware s17) SBC mode: Duet Software Framework's DuetControlServer talks to RepRapFirmware over
        # SPI and says when the firmware's protocol is not its own. Duet3D/DuetSoftwareFramework src/DuetControlServer/SPI/
        # DataTransfer.cs (3.x, main): Logger.LogOutput(Warning, "Incompatible firmware, please upgrade as soon as possible")
        # when the header's protocol version differs; "RepRapFirmware refused protocol version". Before 3.3 (84c19c9f, CRC16
        # headers, since 15751076 of 2019-04): _logger.Warn("Bad header checksum (expected 0x{0}, got 0x{1})",
        # _rxHeader.ChecksumHeader, computed): "expected" is the checksum field the firmware sent, and 0x0000 is a firmware
        # older than the checksummed protocol (forum.duet3d.com 16404: a v0.6 board as shipped, cured by a bossac flash)
        "Duet Software Framework 2.x-3.x src/DuetControlServer/SPI/DataTransfer.cs (SBC-to-RRF SPI protocol)",
        Msg("firmware_incompatible", r"Incompatible firmware, please upgrade as soon as possible", "strong", fail=True,
            example="Warning: Incompatible firmware, please upgrade as soon as possible"),
        Msg("firmware_incompatible", r"RepRapFirmware refused protocol version", "strong", fail=True,
            example="[error] RepRapFirmware refused protocol version"),
        Msg("firmware_incompatible", r"Bad header checksum \(expected 0x0{4}, got 0x[0-9a-fA-F]{4}\)", "strong", fail=True,
            example="[warn] Bad header checksum (expected 0x0000, got 0xec9a)"),
    ),
    group(
        # (printers-other-firmware s17) the ESP8266 WiFi module's firmware (DuetWiFiServer) answers the main firmware in
        # another message format: Duet3D/RepRapFirmware 1.19-1.2x src/Network2/ESP8266/Network.cpp / SAME70_TEST/
        # WiFiInterface.cpp "Error: Failed to initialise WiFi module, code %" PRIi32; 3.x src/Networking/ESP8266WiFi/
        # WiFiInterface.cpp "failed to initialise WiFi module: %s" (TranslateWiFiResponse). Duet3D/DuetWiFiSocketServer
        # src/include/MessageFormats.h: ResponseBadRequestFormatVersion = -2 ("bad request format version"),
        # ResponseBadReplyFormatVersion = -10 ("bad reply format version"): the module and the main firmware are from
        # different releases (RepRapFirmware #114: 1.19beta7 over a 1.18 WiFi server). Consoles retyped by hand drop the
        # comma and misspell 'initialise' (initialize, initiaise), so both are loose; the other codes (SPI timeout, busy...) are not a version question and stay generic
        "RepRapFirmware 1.19-3.x WiFiInterface.cpp (ESP8266 WiFi module start-up, DuetWiFiSocketServer MessageFormats.h)",
        Msg("wifi_firmware_mismatch", r"(?i:failed to initia[a-z]{0,4}) WiFi module(?:,? code -(?:2|10)\b|: bad (?:request|reply) format version)",
            "strong", fail=True, example="Error: Failed to initialise WiFi module, code -10"),
    ),
)


@register
class ReprapfirmwareParser(TableParser):
    name = "reprapfirmware"
    namespace = "flash"
    messages = MESSAGES
    hints = ("in-application programming", "firmware binary", "iap file", "iap not found", "missing iap", "m997", "mount sd card",
             "initialise sd card", "initialize sd card", "incompatible firmware", "refused protocol version",
             "bad header checksum", "wifi module")
