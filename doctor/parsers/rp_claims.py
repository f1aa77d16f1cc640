"""What people say in prose about an RP2040/RP2350 board that only appears after RESET, when they paste no log.

The RP2040 cold-start fault (RP002: a slow crystal or flash chip, or Klipper older than 2023-04 stalling after a
USB bus reset) leaves the host nothing to print until RESET is pressed; a thread often holds only the person's
sentences. The families, in their usual wordings (GitHub issues of board makers, Klipper Discourse, Voron docs):

- it connects only after RESET -> said_needs_reset: `RP2040 MCU does not connect until reset is pressed`, `it only
  connects after the RESET button on the picobilical has been pressed`, `I have to press the reset button every
  time the printer boots`, `isn't detected after a power cycle until I press reset`
- it is gone after the host (Raspberry Pi, SBC) restarts -> said_host_reboot_loses: `suddenly won't connect when I
  restart the main RPi board`
- the board is an RP2040/RP2350 one -> said_rp_board (same line or block): `RP2040`, `Pico`, `SKR Pico`,
  `SB2040`, `Picobilical`, `RP2350`

Events go to a run under `claims.runs` (tool "rp-claims"). A statement is weaker evidence than a kernel line: RP002
uses the pair only when no pasted kernel line already explains the board.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_RESET = r"(?:the )?(?:(?:reset|rst|run)(?: button| key| switch)?|button (?:reset|rst))"
_PRESS = r"(?:press|push|hit|click|tap)(?:ed|es|ing|s)?"
_SHOWS = r"(?:see|find|connect|show(?:s|ed|n)? up|(?:be |get |gets |is |are |was )?(?:detected|recogni[sz]ed|found|enumerated)|appear|enumerate|work|boot|start)\w*"

MESSAGES = rows_of(
    group(
        "prose: the board appears only after RESET",
        Msg("said_needs_reset",
            rf"(?i)\b(?:(?:does|did|do|would|will|is|are|was)(?:n'?t| not)|won'?t|never|not|only)\s+(?:\w+\s+){{0,3}}?{_SHOWS}"
            rf"(?:\s+[^\s.!?]+){{0,8}}?\s+(?:until|unless|till|'?til|before|after)\s+(?:(?:i|you|we)\s+)?(?:{_PRESS}\s+{_RESET}|{_RESET}(?:\s+\w+){{0,3}}?\s+(?:is|has been|was|gets)\s+{_PRESS}|{_PRESS}ing\s+{_RESET}|a\s+{_RESET}\b)",
            strength="strong",
            example="RP2040 MCU does not connect until reset is pressed"),
        Msg("said_needs_reset",
            rf"(?i)\b(?:have|has|had|need|needs|needed)\s+to\s+(?:manually\s+)?{_PRESS}\s+{_RESET}\s+(?:\w+\s+){{0,2}}?(?:every|each|after|whenever|when)\b",
            strength="strong",
            example="I have to press the reset button every time the printer is powered on."),
        # (rp2040-pico s9) the purpose after the button: "I have to press the reset button for the uart devices to show up on /dev"
        # (pico-sexa-uart-bridge#4), "need to hit reset to get it detected"
        Msg("said_needs_reset",
            rf"(?i)\b(?:have|has|had|need|needs|needed)\s+to\s+(?:manually\s+)?{_PRESS}\s+{_RESET}\s+(?:for|to get|to make|so|before)\b"
            rf"(?:\s+[^\s.!?]+){{0,8}}?\s+{_SHOWS}",
            strength="strong",
            example="I have to press the reset button for the uart devices to show up on /dev ."),
    ),
    group(
        # (rp-usb s8) the board is lost when the host reboots while the board keeps its power: the host's USB bus reset
        # reaches a running RP2040 (Klipper before 2023-04 kept its old address and stalled, PR #6182); Klipper
        # Discourse #2554 "won't connect when I restart the main RPi board", SKR Pico "not found after a reboot of the Pi"
        "prose: the board is gone after the host (Raspberry Pi, SBC) restarts",
        Msg("said_host_reboot_loses",
            rf"(?i)\b(?:(?:does|did|do|would|will|is|are|was)(?:n'?t| not)|won'?t|can'?t|cannot|never|not|no longer)\s+(?:\w+\s+){{0,3}}?{_SHOWS}"
            r"(?:\s+[^\s.!?]+){0,6}?\s+(?:when|after|whenever|once|if)\s+(?:(?:i|you|we)\s+)?(?:re-?start|re-?boot|power[- ]cycle)\w*\s+(?:of\s+)?"
            r"(?:(?:the|my|our)\s+)?(?:main\s+|host\s+)?(?:rpi|raspberry(?:\s*pi)?|pi\s*\d?\w?|host|sbc|cb1|computer|pc|klipper host|printer host)\b",
            strength="strong",
            example="I have an issue where RPi Pico which I'm using as a fan/adxl controller suddenly won't connect when I restart the main RPi board."),
        # (rp2040-pico s9) the host powered on (or rebooted) with the board already attached: "something prevents the pico zero from
        # intializing if I turn on the host with it connected" (pico-sexa-uart-bridge#4)
        Msg("said_host_reboot_loses",
            r"(?i)\b(?:if|when|whenever|after)\s+(?:i\s+|you\s+|we\s+)?(?:turn(?:ed|ing|s)?\s+on|power(?:ed|ing|s)?\s+(?:on|up)|boot(?:ed|ing|s)?|re-?boot(?:ed|ing|s)?|start(?:ed|ing|s)?)\s+"
            r"(?:the\s+|my\s+|our\s+)?(?:host|rpi|pi|raspberry(?:\s*pi)?|computer|pc|sbc|printer)\s+with\s+(?:it|the\s+\w+|my\s+\w+)\s+(?:already\s+)?(?:connected|plugged(?:\s+in)?|attached)",
            strength="strong",
            example="Like the title says, something prevents the pico zero from intializing if I turn on the host with it connected."),
    ),
    group(
        # (rp2040-pico s9) the same board, cable and port work with another firmware: "Returning to a standard micropython firmware
        # mounts the device correctly again" (LofiFren/PicoCalc#11), "works fine with the official firmware", "CircuitPython
        # connects fine": the USB link is sound and the failing firmware's USB stack is the difference (micropython#18990)
        "prose: another firmware enumerates on the same board, cable and port",
        Msg("said_other_firmware_works",
            r"(?i)\b(?:standard|official|stock|original|older|previous|other|another|earlier|vanilla|upstream|regular)\s+(?:[\w.-]+\s+){0,3}?(?:firmware|uf2|build|release)s?\b"
            r"(?:\s+[^\s.!?]+){0,8}?\s+(?:works?|worked|mounts?|mounted|connects?|connected|enumerates?|enumerated|is (?:fine|recogni[sz]ed|detected)|flashes properly|boots? fine)\b",
            strength="strong",
            example="Returning to a standard micropython firmware mounts the device correctly again."),
        Msg("said_other_firmware_works",
            r"(?i)\b(?:works?|worked|connects?|connected|enumerates?|enumerated|is (?:recogni[sz]ed|detected))\s+(?:fine\s+|normally\s+|perfectly\s+)?with\s+(?:the\s+)?"
            r"(?:standard|official|stock|original|older|previous|other|vanilla|upstream)\s+(?:[\w.-]+\s+){0,3}?(?:firmware|uf2|build|release)",
            strength="strong",
            example="The board works fine with the official MicroPython firmware."),
    ),
    group(
        "prose: the board named is an RP2040/RP2350 one",
        Msg("said_rp_board", r"(?i)\b(?P<name>rp2040(?:[- ]zero)?|rp2350|rp2 boot|(?:skr[ -]?)?pico(?:bilical| 2| w| zero)?|sb2040|sb2209 \(?rp2040)\b",
            strength="none", example="BTT SKR Pico"),
        Msg("said_klipper", r"(?i)\b(?:klipper|katapult|canboot)\b", strength="none",
            example="What's interesting is that this problem only manifests for Pico running Klipper."),
    ),
)


@register
class RpClaimsParser(TableParser):
    name = "rp-claims"
    namespace = "claims"
    hints = ("reset", "rst", "restart", "reboot", "power cycle", "power-cycle", "turn on", "firmware")
    messages = MESSAGES
    all_matches = True  # the claim and the board's name are usually one sentence

    def summary(self) -> dict[str, object]:
        return {}
