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

import re

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _S21_NOT_ADVICE, _S21_NOT_ASKED

# (sd-rp s22) the button's name may be quoted as printed on the board: 'press the "RESET" button' (Gi7mo/TinyFan#8)
_RESET = r"(?:the )?[\"'`]?(?:(?:reset|rst|run)(?:/(?:reset|rst|run))?[\"'`]?(?: button| key| switch)?|restart (?:button|key|switch)|button (?:reset|rst))"
_PRESS = r"(?:press|push|hit|click|tap)(?:ed|es|ing|s)?"
_SHOWS = r"(?:see|find|connect|show(?:s|ed|n)? (?:up|it|them|the \w+)|(?:be |get |gets |is |are |was )?(?:detected|recogni[sz]ed|found|enumerated)|appear|enumerate|work|boot|start)\w*"

# (reviewfix klipside s25) the "loaded again every time" row below, not where another cause makes the reload a routine: the
# update routine in other words (the latest Klipper, a release, a build or compile, switching to another firmware), an image
# built to run from RAM (Klipper menuconfig / pico-sdk no_flash, copy_to_ram: nothing is kept at power-off), a UF2 the boot
# ROM drops (another chip's family, the RPI-RP2 drive coming back: RP003), the wrong device flashed, a story already cured
# ("until I swapped the cable. Now it works"), a conditional, "is that normal", "it's not that ...", and a line naming
# another MCU or a Klipper board built on one (STM32 Octopus/Manta/EBB/Spider, ESP32, AVR): the RP board in the run may be
# another one than the board reloaded. A Raspberry Pi computer stays allowed: its restart is the moment the row reads.
# The cured story and the other board hold for the failure-then-replug row too (its passive form, s25)
_NOT_CURED_S25 = (r"(?![^\n]{0,400}?\b(?:until\s+(?:i|we)\s+(?!(?:press|push|hit|reset|re-?flash|flash|re-?cop|cop|re-?load|load|re-?upload|upload)\w*)\w+ed|fixed|solved|solution|works\s+now|now\s+(?:it\s+|everything\s+)?works"
                  r"|turn(?:ed|s)\s+out|the\s+(?:fix|cure)\s+(?:was|is))\b)")
_NOT_OTHER_BOARD_S25 = (
    r"(?![^\n]{0,400}?\b(?:stm32\w*|atmega\w*|esp32\w*|esp8266|samd\w*|sam[34]\w*|lpc\d+\w*|nrf5\w*|gd32\w*|at32\w*|ch32\w*|avr\w*|uno|mega\d*|leonardo"
    r"|octopus|manta|spider|kraken|leviathan|cheetah|huvud|ebb\s?\d*\w*|skr[\s-]*(?:mini|e3|[123])\w*|mks[\s-]*(?:robin|skipr|monster|sgen|gen)\w*)\b)")
_START_S25 = (r"(?:re-?start\w*|re-?boot\w*|boot\w*|start\w*|power\w*[- ]?(?:on|off|up|down|cycl\w*)|(?:turn|switch)\w*\s+(?:\w+\s+){0,2}?(?:on|off)"
              r"|shut\w*\s+(?:\w+\s+){0,2}?down|unplug\w*|re-?plug\w*|plug\w*\s+(?:\w+\s+){0,2}?in|disconnect\w*|reconnect\w*|cold[- ]?(?:boot|start)\w*)")
_RELOAD_NOT_OTHER_CAUSE = _NOT_CURED_S25 + _NOT_OTHER_BOARD_S25 + (
    r"(?![^\n]{0,400}?\b(?:latest|newest|out[- ]of[- ]date|outdated|releas\w*\s+(?:of\s+klipper|comes?\s+out|is\s+out)|klipper\s+releas\w*|mismatch\w*|git\s+pull\w*|pull\w*\s+(?:the\s+)?(?:latest|new\w*)"
    r"|(?:switch|swapp?|go|went|going|chang)\w*\s+(?:back\s+)?(?:to|between|from)\s+(?:\w+\s+){0,2}?(?:marlin|circuitpython|micropython|arduino|other|another|stock)"
    r"|(?:re-?)?build\w*|(?:re-?)?compil\w*|make\s+(?:flash|clean|menuconfig)"
    r"|no[_ -]?flash|copy[_ -]?to[_ -]?ram|ram|sram|run\w*\s+from\s+ram|volatile"
    r"|famil(?:y|ies)|rpi-?rp2|(?:drive|disk|volume)\s+(?:just\s+)?(?:comes?\s+back|reappears?|re-?mounts?|pops?\s+(?:back\s+)?up)"
    r"|wrong\s+(?:device|board|port|mcu|one|uf2|file|image|firmware|chip|serial|uuid|target|family)"
    r"|(?:if|unless)\s+(?:i\s+|we\s+)?(?:every\s*time|each\s+time|whenever|always|have\s+to|need\s+to|must)"
    r"|(?:is|was|are)\s+(?:that|this|it)\s+(?:normal|expected|supposed|intended)|(?:not|n'?t)\s+that)\b)")

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
        # (sd-rp s22) the purpose said as getting the board back: 'I have to press the "RESET" button on the RP2040-zero to get the USB
        # ID back' (Gi7mo/TinyFan#8). (review s22) What comes back is the board or its USB side, not "back into the menu", "the display back"
        Msg("said_needs_reset",
            rf"(?i)\b(?:have|has|had|need|needs|needed)\s+to\s+(?:manually\s+)?{_PRESS}\s+{_RESET}(?:\s+[^\s.!?]+){{0,6}}?\s+to\s+(?:get|bring)\s+"
            r"(?:[^\s.!?]+\s+){0,3}?(?:usb|serial|id|port|device|board|it|pico|mcu)\s+back\b",
            strength="strong",
            example='I have to press the "RESET" button on the RP2040-zero to get the USB ID back (the Raspberry Pi 4B, can see the USB ID again).'),
        # (thin-rp s15) the start-up first, the button after it: "Every time I power on the printer the SKR Pico isn't found by
        # Klipper, I have to press the reset button", "whenever the Pi boots I need to press reset"
        Msg("said_needs_reset",
            r"(?i)\b(?:every\s*time|each\s+time|whenever|after\s+(?:every|each)|at\s+every|on\s+every)\s+(?:[^\s.!?]+\s+){0,4}?(?:power(?:s|ed|ing)?\s+(?:on|up)|"
            r"turn(?:s|ed|ing)?\s+on|boot(?:s|ed|ing)?|re-?boot\w*|start(?:s|ed|ing)?|power[- ]?cycle\w*|cold[- ]boot\w*|power[- ]?up\w*)\b"
            rf"(?:\s+[^\s.!?]+){{0,12}}?\s+(?:i|you|we)\s+(?:have|need|had)\s+to\s+(?:[^\s.!?]+\s+){{0,6}}?{_PRESS}\s+{_RESET}",
            strength="strong",
            example="Every time I power on the printer the SKR Pico isn't found by Klipper, I have to press the reset button on the board and then it connects."),
        # (thin-rp s15) the host's view is empty until the button: "dmesg shows nothing until I press the reset button"
        Msg("said_needs_reset",
            rf"(?i)\b(?:shows?|showed|lists?|listed|prints?|printed|gives?|gave|says?|said)\s+nothing\b[^.!?]{{0,40}}?\s+(?:until|till|unless|before)\s+(?:(?:i|you|we)\s+)?{_PRESS}\s+{_RESET}",
            strength="strong", example="After a cold boot the SKR Pico is missing, dmesg shows nothing until I press the reset button on the board."),
        # (thin-rp s15) "always" before the chore: "I always need to kill the Klipper service then press the restart button on
        # the board" (SKR-Pico#2)
        Msg("said_needs_reset",
            rf"(?i)\b(?:always|every\s*time|each\s+time|whenever)\b[^.!?]{{0,40}}?\b(?:have|has|had|need|needs|needed)\s+to\s+(?:[^\s.!?]+\s+){{0,8}}?{_PRESS}\s+{_RESET}",
            strength="strong",
            example="The problem is that I always need to kill the Klipper service then press the restart button on the board and then restart the Klipper service"),
        # (thin-rp s15) the button first, the board appearing after it, in a sentence that is not about entering a bootloader
        # (BOOTSEL held, a double press, Katapult, DFU): "Once I press the reset button on the Pico it shows up fine",
        # "After pressing the reset button it works"
        Msg("said_needs_reset",
            rf"(?i)^(?!.*(?:bootsel|boot\s+(?:button|key|mode)|double|twice|bootloader|katapult|canboot|dfu|rpi-rp2|\bhold))"
            rf".*\b(?:after|once|when|only\s+after)\s+(?:(?:i|you|we)\s+)?{_PRESS}\s+{_RESET}(?:\s+[^\s.!?]+){{0,5}}?,?\s+"
            r"(?:(?:it|the\s+\w+|everything)\s+)?(?:(?:then|finally|immediately)\s+)?(?:works|connects|shows\s+up|appears|is\s+(?:detected|recogni[sz]ed|found)|comes\s+(?:up|back|online)|gets\s+detected|enumerates)\b",
            strength="strong",
            example="Once I press the reset button on the Pico it shows up fine."),
        # (deepen-rp-can s19) the start-up named, then the chore: "Pico doesn't enumerate after power-up, need to press RUN/reset",
        # "is not detected on a cold boot, I have to press the reset button"; not about entering a bootloader
        Msg("said_needs_reset",
            rf"(?i)^(?!.*(?:bootsel|boot\s+(?:button|key|mode)|double|twice|bootloader|katapult|canboot|dfu|rpi-rp2|\bhold))"
            rf".*\b(?:(?:does|did|do|is|are|was|were)(?:n'?t| not)|won'?t|never)\s+(?:\w+\s+){{0,2}}?{_SHOWS}\s+(?:after|on|at)\s+(?:a\s+|the\s+)?"
            r"(?:power[- ]?(?:up|on)|cold[- ]?(?:boot|start)|boot(?:[- ]?up)?|start[- ]?up|power[- ]?cycle)\b[,;:]?\s+(?:so\s+)?(?:(?:i|you|we)\s+)?(?:have|need|needs|had)\s+to\s+(?:manually\s+)?"
            rf"{_PRESS}\s+{_RESET}",
            strength="strong",
            example="Pico doesn't enumerate after power-up, need to press RUN/reset."),
        # (deepen-rp-can s19) the button in the passive, or the reset as a need at every start: "Both boards have to have their reset
        # buttons pressed, then a firmware start in klipper" (SKR-Pico#2), "needs a reset after every power up"; not a bootloader entry
        Msg("said_needs_reset",
            r"(?i)^(?!.*(?:bootsel|boot\s+(?:button|key|mode)|double|twice|bootloader|katapult|canboot|dfu|rpi-rp2|\bhold))"
            r".*\b(?:have|has|had|need|needs|needed)\s+to\s+(?:have|get)\s+(?:its|their|the|a|his|her)\s+(?:reset|rst|run)(?:\s+(?:buttons?|keys?|switch(?:es)?))?\s+(?:pressed|pushed)\b",
            strength="strong",
            example="Both boards have to have their reset buttons pressed, then a firmware start in klipper for it to work."),
        Msg("said_needs_reset",
            r"(?i)^(?!.*(?:bootsel|boot\s+(?:button|key|mode)|double|twice|bootloader|katapult|canboot|dfu|rpi-rp2|\bhold))"
            r".*\b(?:needs?|needed|requires?|required)\s+(?:a\s+)?(?:manual\s+)?(?:reset|rst)(?:\s+button\s+press)?\s+(?:after|on|at)\s+(?:every|each)\s+"
            r"(?:power[- ]?(?:up|on|cycle)|boot(?:[- ]?up)?|start(?:[- ]?up)?|cold[- ]?(?:boot|start)|re-?boot|re-?start)\b",
            strength="strong",
            example="My SKR Pico needs a reset after every power up, otherwise mcu unable to connect."),
        # (deepen-rp-can s19) the chore, then the board working: "I have to press the reset button on the SKR Pico and then do a
        # FIRMWARE_RESTART and everything works"; not about entering a bootloader
        Msg("said_needs_reset",
            rf"(?i)^(?!.*(?:bootsel|boot\s+(?:button|key|mode)|double|twice|bootloader|katapult|canboot|dfu|rpi-rp2|\bhold))"
            rf".*\b(?:have|has|had|need|needs|needed)\s+to\s+(?:manually\s+)?{_PRESS}\s+{_RESET}(?:\s+[^\s.!?]+){{0,10}}?\s+(?:and\s+)?(?:then\s+)?"
            # (klipper s23) the boards as "they"/"both" and the start as the verb: "I have to press reset in both and then restart the
            # firmware and they boot" (bigtreetech/SKR-Pico#25)
            r"(?:it|everything|all|they|both(?:\s+(?:boards|mcus))?|the\s+(?:boards|mcus))\s+(?:works?|connects?|is\s+fine|are\s+fine|comes?\s+(?:up|back)|boots?|starts?|shows?\s+up)\b",
            strength="strong",
            example="I have to press the reset button on the SKR Pico and then do a FIRMWARE_RESTART and everything works."),
        # (deepen-fw-boot s17) the button as the cure after a start-up: "not found after power on, a reset fixes it", "pressing the
        # reset button fixes it every time"; not about entering a bootloader (BOOTSEL, a double press, Katapult, DFU)
        Msg("said_needs_reset",
            rf"(?i)^(?!.*(?:bootsel|boot\s+(?:button|key|mode)|double|twice|bootloader|katapult|canboot|dfu|rpi-rp2|\bhold))"
            rf"(?=.*\b(?:power(?:s|ed|ing)?\s+(?:on|up)|power[- ]?cycle\w*|cold[- ]?(?:boot|start)\w*|turn(?:s|ed|ing)?\s+on|boot(?:s|ed|ing)?\s+up)\b)"
            rf".*\b(?:(?:a|the)\s+)?(?:{_PRESS}(?:ing)?\s+)?{_RESET}(?:\s+press)?(?:\s+[^\s.!?,]+){{0,4}}?\s+(?:fixes|fixed|solves|solved|cures|cured)\s+it\b",
            strength="strong",
            example="The SKR Pico is not found after power on, a reset fixes it."),
    ),
    group(
        # (rp-usb s8) the board is lost when the host reboots while the board keeps its power: the host's USB bus reset
        # reaches a running RP2040 (Klipper before 2023-04 kept its old address and stalled, PR #6182); Klipper
        # Discourse #2554 "won't connect when I restart the main RPi board", SKR Pico "not found after a reboot of the Pi"
        "prose: the board is gone after the host (Raspberry Pi, SBC) restarts",
        Msg("said_host_reboot_loses",
            rf"(?i)\b(?:(?:does|did|do|would|will|is|are|was)(?:n'?t| not)|won'?t|can'?t|cannot|never|not|no longer)\s+(?:\w+\s+){{0,3}}?{_SHOWS}"
            r"(?:\s+[^\s.!?]+){0,6}?\s+(?:when|after|whenever|once|if)\s+(?:(?:i|you|we)\s+|an?\s+)?(?:re-?start|re-?boot|power[- ]cycle)\w*\s+(?:of\s+)?"
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
        # (thin-rp s15) the restart first, the board missing after it: "Now every time I restart everything the Toolboard is not
        # recognized" (katapult#58, an SB2040)
        Msg("said_host_reboot_loses",
            r"(?i)\b(?:every\s*time|each time|whenever|after)\s+(?:i\s+|we\s+)?(?:re-?start|re-?boot|power[- ]?cycle)\w*\s+(?:everything|the (?:pi|rpi|printer|host|system|machine|sbc)|my (?:pi|rpi|printer))\b"
            r"[^.!?]{0,40}?\b(?:is|are|was|were)(?:n'?t| not) (?:recogni[sz]ed|detected|found|seen|showing up|connect\w*)",
            strength="strong", example="Now every time I restart everything the Toolboard is not recognized."),
        # (sd-rp s22) the host named in full and its own view negated: "everytime I reboot the Raspberry Pi 4B, the pi after reboot does
        # not see the serial USB ID for the RP2040-zero" (Gi7mo/TinyFan#8)
        Msg("said_host_reboot_loses",
            r"(?i)\b(?:every\s*time|each time|whenever|after)\s+(?:i\s+|we\s+)?(?:re-?start|re-?boot|power[- ]?cycle)\w*\s+(?:the|my|our)\s+"
            r"(?:raspberry(?:\s*pi)?|rpi|pi|host|sbc|computer|pc|printer)\b[^.!?]{0,60}?\b(?:(?:does|did|do|can|could)(?:n'?t| not)|won'?t|never)\s+"
            # (review s22) what is not seen is the board or its USB side ("the SKR Pico screen does not show the temperature" is no host's view)
            r"(?:see|find|detect|recogni[sz]e|enumerate)\s+(?:[^\s.!?]+\s+){0,3}?(?:usb|serial|id|port|device|board|mcu|it|pico|rp2040\S*|rp2350|toolboard)\b",
            strength="strong",
            example="everytime I reboot the Raspberry Pi 4B, the pi after reboot does not see the serial USB ID for the RP2040-zero processor."),
        # (sd-rp s22) the board powered together with the printer or host is not found, plugged in after it is: "only recognized by my
        # RPI Host if I plug it in _after_ powering on the printer. If I power on my printer _while_ the board is plugged in it will not
        # be recognized" (makerbase-mks/MKS-THR36-THR42-UTC#20). Markdown emphasis around a word is read past
        Msg("said_host_reboot_loses",
            r"(?i)\b(?:if|when|whenever)\s+(?:i\s+|you\s+|we\s+)?(?:turn(?:ed|ing|s)?\s+on|power(?:ed|ing|s)?\s+(?:on|up)|boot(?:ed|ing|s)?|start(?:ed|ing|s)?)\s+"
            r"(?:the\s+|my\s+|our\s+)?(?:host|rpi|pi|raspberry(?:\s*pi)?|computer|pc|sbc|printer)\s+[_*]{0,2}(?:while|with)[_*]{0,2}\s+(?:it|the\s+[\w-]+|my\s+[\w-]+)\s+"
            r"(?:is\s+|was\s+)?(?:already\s+)?(?:connected|plugged(?:\s+in)?|attached)\b[^.!?]{0,30}?\b(?:(?:is|was|will|would|does|did)(?:n'?t|\s+not)|won'?t|never)\s+"
            r"(?:be\s+)?(?:recogni[sz]ed|detected|found|seen|show(?:n|s)?(?:\s+up)?|appear|enumerate|connect)\w*",
            strength="strong",
            example="If I power on my printer _while_ the board is plugged in it will not be recognized."),
        Msg("said_host_reboot_loses",
            r"(?i)\bonly\s+(?:be\s+)?(?:recogni[sz]ed|detected|found|seen|works?|shows?\s+up|appears?|connects?)\b[^.!?]{0,40}?\b(?:if|when|once)\s+(?:i\s+|you\s+|we\s+)?"
            r"(?:plug|connect|insert)\w*\s+(?:it|the\s+\w+)\s+(?:in\s+)?[_*]{0,2}after[_*]{0,2}\s+(?:powering|turning|booting|starting)\s+(?:on\s+|up\s+)?"
            r"(?:the\s+|my\s+)?(?:host|rpi|pi|raspberry(?:\s*pi)?|computer|pc|sbc|printer)\b",
            strength="strong",
            example="The board is only recognized by my RPI Host if I plug it in _after_ powering on the printer."),
    ),
    group(
        # (thin-rp s15) the image runs when loaded, and after the board is unplugged and replugged (or powered off and on) it
        # does not come up until it is loaded again or reset: "if I pull the connection to the pc and reconnect it's not found
        # by the pc" (hid-remapper#42: an RP2040-Zero clone whose crystal starts too slowly, fixed by the XOSC start-up delay)
        "prose: the board is not found after an unplug / power cycle",
        Msg("said_lost_after_replug",
            r"(?i)\b(?:unplug\w*|pull(?:ed|ing)? (?:the )?(?:connection|cable|usb|plug|power)\w*|disconnect\w*|re-?plug\w*|reconnect\w*|power[- ]?cycl\w*|"
            r"power(?:ed|ing)? (?:it |the board )?(?:off|down)|cold[- ]?boot\w*"
            # (other-ecosystems s21) "plug-off and plug.in" (T-PicoC3#32), "plugged it out"
            r"|plug(?:ged|ging|s)?[- .]?(?:it |the board )?(?:off|out))\b(?:[^.!?]|\.(?=\w)){0,80}?\b(?:(?:is|it'?s|was|gets?)(?:n'?t| not) (?:found|detected|recogni[sz]ed|seen|starting|working|running|booting)"
            r"|(?:does|did|do|would|will)(?:n'?t| not) (?:re-?start|re-?boot|start|boot|run|work|show up|appear|enumerate|come up|come back|get detected|get recogni[sz]ed|be (?:found|detected|recogni[sz]ed))"
            r"|won'?t (?:re-?start|re-?boot|start|boot|run|work|show up|appear|enumerate|come up|be (?:found|detected|recogni[sz]ed))|(?:is|it'?s) (?:gone|dead|lost)"
            # (other-ecosystems s21) the outcome without its auxiliary ("when unplug from USB and reconnect not restart",
            # pico-fido#13), or said as the host's failure to reach it ("it is not possible to reach the RP", T-PicoC3#32)
            # (reviewfix3 s21) the bare form only after its subject or the replug itself ("it not start", "reconnect not start"),
            # not "..., then flash; not starting is normal"
            r"|\b(?:it|board|pico|rp\w*|reconnect\w*|re-?plug\w*|plug(?:ged|ging)?[- .]?in) not (?:re-?start|re-?boot|start|boot|run|work)\w*"
            r"|(?:is|it'?s|was) (?:not|no longer|n'?t) possible to (?:reach|connect to|find|see|access|detect)"
            r"|(?:can'?t|cannot|can not|could ?n[o']t|unable to) (?:reach|connect to|find|see|access|detect) (?:it|the (?:board|device|pico|rp\w*)))\b"
            # (sd-rp s22) not a power cycle tried as a cure: "(power cycle) but that did not work either" (geeekpi/pico_breadboard_kit#8)
            r"(?!\s+either\b)",
            strength="strong",
            example="But if I pull the connection to the pc and reconnect it's not found by the pc (windows) and I have to reset with the boot button held."),
        # (deepen-rp-can s19) working right after the flash "but not after restarting/connecting it again" (FYSETC-ERB#2): a later
        # start (power cycle, reconnect, reboot) is where it fails
        Msg("said_lost_after_replug",
            r"(?i)\bbut\s+not\s+after\s+(?:a\s+|the\s+)?(?:re-?start|re-?boot|re-?connect|re-?plug|unplug|power[- ]?cycl|power(?:ing)?\s+(?:it\s+)?(?:off|on))\w*",
            strength="strong",
            example="Same thing here, it works after flashing but not after restarting/connecting it again."),
        # (sd-rp s22) the failure first, the replug after it: "it doesn't run after pressing reset or after unplugging the USB cable"
        # (earlephilhower/arduino-pico#312: an ItsyBitsy RP2040 whose crystal starts too slowly, fixed by the XOSC start-up delay)
        # (review s22) not the RPI-RP2/BOOTSEL drive that does not appear, and nothing between the verb and the replug but another
        # "after ... or" ("doesn't run the old firmware after I unplug it" is the new image running)
        Msg("said_lost_after_replug",
            r"(?i)^(?![^\n]{0,400}?(?:rpi-?rp2|bootsel|\bdrive\b|mass storage))"
            # (reviewfix klipside s25) not advice ("make sure it will not be detected when you unplug it"), not a cured story
            # ("... after I unplugged it, until I replaced the cable. Now it works"), not a line naming another board
            r"(?![^\n]{0,400}?\b(?:make sure|ensure)\b)" + _NOT_CURED_S25 + _NOT_OTHER_BOARD_S25 + r"[^\n]{0,300}?"
            # (klipside s25) or said in the passive, "it will not be recognized when I unplug and move to my PC running klipper"
            # (FYSETC-PortableInputShaper#5, an RP2040 accelerometer board)
            r"\b(?:(?:does|did|do|would|will)(?:n'?t| not)|won'?t|never)\s+(?:(?:be|get)\s+(?:found|detected|recogni[sz]ed|seen)\b|(?:\w+\s+){0,2}?(?:re-?start|re-?boot|start|boot|run|work|show\s+up|appear|enumerate|come\s+(?:up|back))\b)"
            r"(?:\s+(?:any\s*more|again|properly|correctly|at\s+all|reliably))*(?:\s*,)?\s+(?:(?:after|when|once|if)\s+[^.!?\n]{0,40}?\s+(?:or|and)\s+)?"
            r"(?:after|when|once|if)\s+(?:i\s+|you\s+|we\s+)?(?:unplug\w*|re-?plug\w*|disconnect\w*|reconnect\w*|power[- ]?cycl\w*|"
            r"power(?:ed|ing)?\s+(?:it\s+|the\s+board\s+)?(?:off|down))\b"
            # (reviewfix klipside s25) what is pulled is the board's USB or power, not the CAN wires or an adapter ("will not be
            # detected if I disconnect the CAN wires from the U2C": a CAN node is gone while its bus is)
            r"(?!\s+(?:the\s+|my\s+)?(?:can\b|canbus|can[- ]bus|can[- ]?h|can[- ]?l|u2c|ucan|utoc|wires?|probe|debug\w*|swd|jumper))",
            strength="strong",
            example="I've found that it doesn't run after pressing reset or after unplugging the USB cable, then plugging it back in again."),
        # (klipside s25) the image has to be loaded again at every start: "every time I restart I have to copy the firmware to the
        # 2040 again" (FYSETC-PortableInputShaper#5), "it keep resetting firmware (no LED show) ... and I have to reflash to get it
        # to working again" (Mellow-3D/Fly-SB2040#12): the image is still there, the cold start does not run it, and the reload
        # (BOOTSEL copy or a flash) is the reset that does. Said by the person (I/we), with the repetition (every time, each
        # time, whenever, after every + a start; always before a start; keeps losing/resetting the firmware) and "again"; not a reflash after an update, a rebuild or a
        # config change (Klipper asks for one after each update), not asked, not advice
        Msg("said_lost_after_replug",
            r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _RELOAD_NOT_OTHER_CAUSE
            + r"(?![^\n]{0,400}?\b(?:updat\w*|upgrad\w*|new (?:version|release|firmware|build)|git pull|version mismatch|protocol error"
            r"|chang\w*|edit\w*|modif\w*|tweak\w*|re-?build\w*|re-?compil\w*|menuconfig|settings?|config\w*)\b)"
            # (reviewfix klipside s25) the repetition is a start (a restart, a power-off, an unplug) or the image lost: not "after every
            # print", "whenever I flash it over CAN ... because the first one fails", "keeps disconnecting during prints"
            r"[^\n]{0,300}?\b(?:(?:every\s*time|each\s+time|whenever|after\s+(?:every|each)|at\s+every|on\s+every)\s+(?:[^\s.!?]+\s+){0,5}?" + _START_S25
            + r"|always(?=[^.!?\n]{0,120}?\b" + _START_S25 + r"\b)"
            r"|keeps?\s+(?:resetting|losing|wiping|erasing|forgetting)\s+(?:\w+\s+)?(?:firmware|image|program|code|flash))\b[^\n]{0,120}?"
            r"\b(?:i|we)\s+(?:(?:always|still)\s+)?(?:have|had|need|needed|must)\s+to\s+(?:re-?flash|re-?copy|re-?load|re-?upload|re-?install|flash|copy|load|upload|drag|install|put)\w*\b"
            r"[^.!?\n]{0,60}?\bagain\b",
            strength="strong",
            example="And every time I restart I have to copy the firmware to the 2040 again on the PC I am using to run klipper."),
    ),
    group(
        # (klipper-addons s16) the image runs right after it is flashed, and a later start (power off and on, a reboot) fails:
        # "starts with no issue after flashing / power off and on / mcu 'eddy': Unable to connect" (bigtreetech/Eddy#126, an
        # RP2040 Eddy built at 200 MHz), "board boot only after imediate flash and reboot" (FYSETC-ERB#2, the flash-chip
        # setting), "it works after flashing but not after restarting" (FYSETC-ERB#2): the RP2040 cold start
        "prose: the board runs right after flashing only",
        Msg("said_works_after_flash",
            r"(?i)\b(?:works?|worked|working|starts?|started|starting|runs?|running|boots?|booted|booting|connects?|connected)\b"
            r"(?:\s+(?:with\s+no\s+(?:issues?|problems?|errors?)|without\s+(?:any\s+)?(?:issues?|problems?|errors?)|fine|ok(?:ay)?|normally|perfectly|up))*"
            r"\s+(?:only\s+)?(?:(?:right|immediately|just|directly)\s+)?after\s+(?:the\s+|a\s+|an?\s+)?(?:imm?ediate\s+)?(?:re-?)?(?:flash(?:ing|ed)?|upload(?:ing|ed)?)\b",
            strength="strong",
            example="starts with no issue after flashing"),
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
        # (thin-rp s15) and the Klipper boards built on an RP2040: FYSETC R4 / ERB / PIS, LDO Nitehawk, KUSBA, BTT Eddy
        Msg("said_rp_board", r"(?i)\b(?P<name>rp2040(?:[- ]zero)?|rp2350|rp2 boot|(?:skr[ -]?)?pico(?:bilical| 2| w| zero)?|sb2040|sb2209 \(?rp2040"
            r"|fysetc[ -](?:r4|erb|pis)|nitehawk(?:[- ]sb|[- ]36)?|kusba|btt[ -]eddy(?: duo| usb)?"
            # (deepen-fw-boot s17) MKS THR36/THR42 toolheads (RP2040; Klipper config/sample-mks-thr.cfg, FreeDi's [mcu MKS_THR])
            r"|mks[ _-]?thr(?:36|42)?)\b",
            strength="none", example="BTT SKR Pico"),
        Msg("said_klipper", r"(?i)\b(?:klipper|katapult|canboot)\b", strength="none",
            example="What's interesting is that this problem only manifests for Pico running Klipper."),
    ),
)

# (firmware-sd-rp s21) RP002 told by its cure or by its moment. The cure: the crystal start-up delay (pico-sdk
# src/rp2_common/hardware_xosc/xosc.c: STARTUP_DELAY = ((XOSC_HZ/1000 + 128)/256) * PICO_XOSC_STARTUP_DELAY_MULTIPLIER, the
# board headers of Adafruit, Seeed and others set 64; pico-sdk#457, rp-hal#745, tinygo#4109, hid-remapper#26): naming that knob
# in a thread is naming the slow-crystal cold start. The moment: the firmware hangs or does not boot "only on a cold start",
# "would not boot the installed firmware after a power up" (a warm reset or the load itself runs it)
_NOT_OTHER_MCU = (r"(?![^\n]{0,400}?\b(?:stm32\w*|atmega\w*|esp32\w*|esp8266|samd\w*|sam[34]\w*|lpc\d+\w*|nrf5\w*|gd32\w*|at32\w*|ch32\w*"
                  r"|(?:debug|swd)[- ]?probes?|picoprobe|debugprobe|probes?|programmers?"
                  # (review s24) an AVR Arduino board or a Raspberry Pi computer (not the Arduino Nano RP2040 Connect, not a Pico)
                  r"|avr\w*|uno|mega\d*|leonardo|nano(?![\s-]*(?:rp2040|connect))|arduino(?![\s-]*(?:nano[\s-]*)?(?:rp2040|connect|pico|ide|core|cli))"
                  r"|raspberry\s*pi\s*(?:[0-9]|zero)\w*|rpi\s*[0-9]\w*|pi\s?[345](?:00)?)\b)")
MESSAGES = MESSAGES + group(
    "prose: the crystal start-up delay named (the RP2040/RP2350 cold-start cure)",
    # (review s21) not asked ("Could it be the xosc startup delay?"), not a cure tried without effect ("I already set
    # PICO_XOSC_STARTUP_DELAY_MULTIPLIER to 64 and it still hangs, so it is not the crystal")
    Msg("said_xosc_delay",
        r"(?i)^(?![^\n]{0,400}?(?:\?|\b(?:still|already|tried|trying|not the (?:crystal|xosc|oscillator|clock)|did ?n[o']t (?:help|change|fix)|does ?n[o']t help|no (?:change|difference|luck))\b))"
        r"[^\n]{0,400}?(?:\bPICO_XOSC_STARTUP_DELAY_MULTIPLIER\b|\bxosc[ _]?start[- _]?up[ _]?delay\w*|\b(?:xosc|crystal|oscillator)\b[^.!?\n]{0,40}?\bstart[- ]?up delay\b"
        r"|\bstart[- ]?up delay multiplier\b)",
        strength="strong", example="#define PICO_XOSC_STARTUP_DELAY_MULTIPLIER 10"),
) + group(
    "prose: the image fails only at a cold start (power-on), not after a reset or the load",
    # (review s21) not a line naming another MCU family or a Pico used as a debug probe (RP002's rule reads any said_rp_board
    # in the run: "an STM32 next to a Pico debug probe")
    Msg("said_cold_start_fails",
        r"(?i)^" + _NOT_OTHER_MCU + r"[^\n]{0,400}?\b(?:lock(?:s|ed)?|hang(?:s|ed)?|hung|freez(?:es|ing)|froze|stuck|crash(?:es|ed)?|fail(?:s|ed)?|(?:does|did|do|would|will)(?:n'?t| not) (?:boot|start|run|work)|won'?t (?:boot|start|run|work))\b"
        r"[^!?\n]{0,80}?\bonly\s+(?:on|at|after|from|with)\s+(?:a\s+|the\s+)?[\"'`]?cold[\"'`]?[- ]?(?:start|boot|power[- ]?(?:on|up)|reset)\w*",
        strength="strong", example="My firmware locked in the `RP.Clock.Initialize` but only on a \"cold\" start, so I looked a the startup delay."),
    Msg("said_cold_start_fails",
        r"(?i)^" + _NOT_OTHER_MCU + r"[^\n]{0,400}?\b(?:(?:would|does|did|do|will|could)(?:\s+(?:then|still|now))?(?:n'?t|\s+not)|won'?t|never)\s+(?:\w+\s+){0,2}?(?:boot|start|run)\b[^.!?\n]{0,50}?"
        r"\b(?:after|on|at)\s+(?:a\s+|the\s+|every\s+|each\s+)?(?:power[- ]?(?:up|on)|cold[- ]?(?:boot|start)|power[- ]?cycle)\b",
        strength="strong",
        example="I was initially puzzled by the fact that my board would show up on USB, but would then not boot the installed firmware after a power up."),
    # (rp-fw s24) the start failing when power comes, said with "neither ... nor" or with the power as the moment: "would neither
    # reset properly nor start properly when connected to power" (pico-sdk#401: a QT Py RP2040 fixed by the XOSC start-up delay),
    # "doesn't start when power is applied", "won't boot once plugged into power". Not asked, not advice, not a solved story
    Msg("said_cold_start_fails",
        r"(?i)^" + _NOT_OTHER_MCU + _S21_NOT_ASKED + _S21_NOT_ADVICE
        + r"(?![^\n]{0,400}?\b(?:fixed|solved|works now|now works|turn(?:ed|s) out)\b)"
        # (review s24) not a supply too low for it ("... through VSYS because the supply is 2.5 V", a brown-out)
        r"(?![^\n]{0,400}?(?:\b[0-2](?:[.,]\d+)?\s?v(?:olts?)?\b|\b(?:brown-?outs?|under-?volt\w*|low\s+voltage|voltage\s+(?:drops?|sags?))\b))"
        r"[^\n]{0,400}?(?:\b(?:(?:would|does|did|do|will|could)(?:\s+(?:then|still|now))?(?:n'?t|\s+not)|won'?t|never)|\bneither\b[^.!?\n]{0,60}?\bnor)\s+(?:\w+\s+){0,2}?"
        r"(?:boot|start|run)(?:\s+(?:up|properly|correctly|reliably|at\s+all))?\s+(?:when|once|after|as\s+soon\s+as)\s+"
        r"(?:(?:it\s+is|it'?s|it\s+gets|first)\s+)?(?:(?:connected|plugged(?:\s+in)?|hooked\s+up)\s+(?:in)?to\s+(?:the\s+|usb\s+)?power\b"
        r"|(?:the\s+)?power\s+(?:is|was|gets|comes?)\s+(?:applied|connected|restored|turned\s+on|on)\b)",
        strength="strong",
        example="I have a QtPy RP2040 which was working well on initial program, but would neither reset properly nor start properly when connected to power."),
)

# (firmware-sd-rp s21) RP003 said in prose: the image for one RP chip will not flash or run on the other ("The uf2 file will not
# flash onto the pico 2 w until the board declared as RP2350", GP2040-CE#1423; "you can't use the normal picoflasher.uf2 with a
# Pico 2", PicoFlasher#50). The boot ROM drops UF2 blocks of another chip's family (RP003's explanation); `chip` is the board
# named, the one the image was not built for
_PICO2 = r"(?:raspberry\s+pi\s+)?(?:pico\s*2(?:\s*w)?|rp2350[ab]?)"
_PICO1 = r"(?:raspberry\s+pi\s+)?(?:pico(?!\s*2)(?:\s*w)?|rp2040)"
MESSAGES = MESSAGES + group(
    "prose: the image for one RP chip will not flash or run on the other",
    # (review s21) the other family named on the line (an RP2040, a Pico that is not a Pico 2, a normal/regular image, what it
    # was built for): "doesn't work on my Pico 2 W when powered from VSYS" is no family story
    Msg("said_uf2_for_other_chip",
        r"(?i)^(?=[^\n]{0,400}?\b(?:rp2040|pico(?!\s*2)(?:\s*w)?|normal|regular|standard|(?:built|compiled|made) for|other (?:chip|board|family))\b)"
        r"[^\n]{0,400}?\b(?:uf2|firmware|image|build|binary)\b[^.!?\n]{0,60}?\b(?:won'?t|will not|does ?n[o']t|did ?n[o']t|can'?t|cannot|could ?n[o']t|would ?n[o']t)\s+(?:be\s+)?"
        r"(?:flash|load|install|boot|run|work)\w*\b[^.!?\n]{0,20}?\b(?:on|onto|to|with)\s+(?:a\s+|the\s+|my\s+|an\s+)?(?P<chip>" + _PICO2 + r")\b",
        strength="strong",
        example="The uf2 file will not flash onto the pico 2 w until the board declared as RP2350, other way the SDK will compile the code to RP2040 by default."),
    Msg("said_uf2_for_other_chip",
        r"(?i)\b(?:can'?t|cannot|can not|could ?n[o']t)\s+use\s+(?:the\s+)?(?:normal|regular|standard|original|old|same|default|existing|official)\s+[\w.-]*\.?uf2\b"
        r"[^.!?\n]{0,20}?\b(?:with|on|for)\s+(?:a\s+|the\s+|my\s+|an\s+)?(?P<chip>" + _PICO2 + r")\b",
        strength="strong", example="You cannot use the regular blink.uf2 on the Pico 2 W."),  # (review s21) from the row's format
    # the reverse: an RP2350 (Pico 2) build said not to run on an RP2040 (Pico, Pico W)
    Msg("said_uf2_for_other_chip",
        r"(?i)\b(?:pico\s*2(?:\s*w)?|rp2350)\s+(?:uf2|firmware|image|build|binary|version)\b[^.!?\n]{0,40}?\b(?:won'?t|will not|does ?n[o']t|did ?n[o']t|can'?t|cannot)\s+"
        r"(?:be\s+)?(?:flash|load|install|boot|run|work)\w*\b[^.!?\n]{0,20}?\b(?:on|onto|with)\s+(?:a\s+|the\s+|my\s+|an\s+)?(?P<chip>" + _PICO1 + r")\b",
        strength="strong", example="The Pico 2 uf2 won't boot on my Pico W."),
    # (kbd-dev s22) the two boards set side by side: the same build works on the RP2040 Pico and does not flash/boot on the Pico 2
    # ("It works on original pi pico 2040 but it isn't flashing on pi pico 2 (2350)", qmk_firmware#25302, a Configurator build of
    # an RP2040 keyboard). Not asked, advised, or negated before the "works" ("doesn't work on the pico but ...")
    Msg("said_uf2_for_other_chip",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?![^\n]{0,200}?\b(?:if|when|unless)\b[^.!?\n]{0,40}?\bworks?\b)"
        # (review s22) not a solved story ("turned out my USB cable was bad", "until I hold BOOTSEL, then it works") nor a build
        # already made for the RP2350 (PICO_BOARD=pico2); the negation counts only a few words before the works on the Pico
        # ("It doesn't work on the pico but ...", not "Not sure why, it works on the pico but ...")
        r"(?![^\n]{0,400}?\b(?:fixed|solved|now it'?s fine|works now|turn(?:ed|s) out|until I|then it works)\b)"
        r"(?![^\n]{0,400}?\b(?:(?:does|do|did) ?n[o']?t (?:yet )?support|(?:is|are) ?n[o']?t (?:yet )?supported|not supported|unsupported|no support)\b)"  # a capability
        r"(?![^\n]{0,400}?(?:\bPICO_BOARD\s*=\s*pico2|\bPICO_PLATFORM\s*=\s*rp2350|\b(?:built|compiled|made)\s+(?:it\s+)?for\s+(?:the\s+)?(?:rp2350|pico\s*2)\b))"
        r"(?![^.!?\n]{0,120}?(?:\b(?:does|did|do|is|was)(?:n'?t| not)|\bnot|\bnever|n't)\s+(?:\w+\s+){0,2}?(?:works?|worked|working|runs?|ran|boots?|booted|flash\w*)\b"
        r"(?:\s+(?:fine|ok|okay|well|great|perfectly))?\s+(?:on|with)\s+(?:the\s+|my\s+|an?\s+)?(?:raspberry\s+)?(?:pi\s+)?(?:pico(?!\s*2)|rp2040))"
        r"[^.!?\n]{0,120}?\b(?:works?|worked|working|runs?|ran|boots?|booted|flash(?:es|ed)?)\b"
        r"(?:\s+(?:fine|ok|okay|well|great|perfectly))?\s+(?:on|with)\s+(?:the\s+|my\s+|an?\s+)?(?:original\s+|normal\s+|regular\s+|old(?:er)?\s+|first\s+)?"
        r"(?:raspberry\s+)?(?:pi\s+)?(?:pico(?:\s*(?:1|w|h|2040|rp2040))?(?!\s*2(?:\s*w)?\b)|rp2040)\b[^.!?\n]{0,80}?\bbut\b[^.!?\n]{0,60}?"
        # (review s22) "doesnt work", and a bare "but not on the Pico 2"
        r"(?:\b(?:is ?n[o']?t|does ?n[o']?t|did ?n[o']?t|won'?t|will not|can'?t|cannot|fails? to|not)\s+(?:be\s+)?(?:flash|load|install|boot|run|work)\w*\b[^.!?\n]{0,20}?"
        r"\b(?:on|onto|with)|\bnot\s+(?:on|with))\s+(?:the\s+|my\s+|an?\s+)?(?:new\s+)?(?:raspberry\s+)?(?:pi\s+)?(?P<chip>pico\s*2(?:\s*w)?|rp2350[ab]?)\b",
        strength="strong", example="It works on original pi pico 2040 but it isn't flashing on pi pico 2 (2350)"),
)


# (rp-fw s24) the same RP2040 image that runs on a Raspberry Pi Pico does not run on this other RP2040 board: "I've compiled and
# flashed my rp2040 based "QT PY" board a few times and I can't get it to boot. The same flash boots on a pico." (Klipper#4996:
# the second-stage boot for the Pico's flash chip only; a QT Py / Feather RP2040 / RP2040-Zero carries another flash chip, or
# other pins): the image is built for the Pico's board, not this one (FW002). Said only of the original Pico (not a Pico 2: that is
# RP003's family story), never asked or advised, and not a story of a later start (power cycle, replug: RP002)
MESSAGES = MESSAGES + group(
    "prose: the same image runs on a Raspberry Pi Pico, not on this RP2040 board",
    # (review s24) never on a line naming another MCU or an AVR Arduino ("The I2C sensor does not answer on my ESP32. The same code
    # works on a pico."), a guess ("I bet ..."), or both boards running ("works on a pico too", "on a pico and on the Feather RP2040");
    # the failure of this board is read from the text by FW002's rule (the failure scan's lines), as the Klipper#4996 text says it a
    # line before
    Msg("said_runs_on_pico_only",
        r"(?i)^" + _NOT_OTHER_MCU + _S21_NOT_ASKED + _S21_NOT_ADVICE
        + r"(?![^\n]{0,400}?\b(?:unplug\w*|re-?plug\w*|power[- ]?cycl\w*|power(?:ed|ing)?\s+(?:on|off|up)|cold[- ]?(?:boot|start))\b)"
        r"(?![^\n]{0,400}?\b(?:bet|guess|probably|presumably|assume|think|suppose|expect|should|would|might|maybe|perhaps|too|also|both|as\s+well"
        r"|and\s+(?:on|with|in)|(?:fixed|solved|works now|now works|turn(?:ed|s) out))\b)"
        r"[^\n]{0,300}?\b(?:the\s+)?same\s+(?:\w+\s+){0,2}?(?:firmware|flash|uf2|image|build|binary|file|code|sketch)\s+(?:\w+\s+){0,2}?"
        r"(?:boots?|booted|works?|worked|runs?|ran)\s+(?:fine\s+|ok(?:ay)?\s+|great\s+|perfectly\s+|normally\s+)?on\s+(?:a|the|my|an)\s+"
        r"(?:official\s+|original\s+|regular\s+|plain\s+|normal\s+)?(?:raspberry\s+pi\s+|rpi\s+)?pico(?!\s*(?:2|w\b|h\b))\b",
        strength="strong", example="The same flash boots on a pico."),
    # the two boards side by side: "it works on a Pico but not on my QT Py RP2040", "boots fine on the pico, but doesn't boot on the
    # RP2040-Zero"; never a Pico 2 / RP2350 as the failing board (RP003's family story, said_uf2_for_other_chip)
    Msg("said_runs_on_pico_only",
        r"(?i)^" + _NOT_OTHER_MCU + _S21_NOT_ASKED + _S21_NOT_ADVICE
        + r"(?![^\n]{0,400}?\b(?:pico\s*2|rp2350|unplug\w*|re-?plug\w*|power[- ]?cycl\w*|cold[- ]?(?:boot|start))\b)"
        r"(?![^\n]{0,400}?\b(?:fixed|solved|works now|now works|turn(?:ed|s) out)\b)"
        r"[^\n]{0,300}?\b(?:boots?|booted|works?|worked|runs?|ran)\s+(?:fine\s+|ok(?:ay)?\s+|great\s+|perfectly\s+|normally\s+)?on\s+(?:a|the|my|an)\s+"
        r"(?:official\s+|original\s+|regular\s+|plain\s+|normal\s+)?(?:raspberry\s+pi\s+|rpi\s+)?pico(?!\s*(?:2|w\b|h\b))\b[^.!?\n]{0,30}?\bbut\s+"
        r"(?:not\s+on|(?:does|did|do|will|would)(?:n'?t|\s+not)\s+(?:\w+\s+){0,2}?(?:work|boot|run|start)\w*\s+on|won'?t\s+(?:\w+\s+){0,2}?(?:work|boot|run|start)\w*\s+on)\s+"
        r"(?:a|the|my|an|this)\s+(?:[\w\"'-]+\s+){0,3}?(?:rp2040(?:[- ]zero)?|qt\s?py|feather|xiao|tiny\s?2040|itsybitsy|kb2040|zero)\b",
        strength="strong", attrs={"mode": "side_by_side"},  # the failure said on the line (FW002's rule)
        example="It works on a Pico but not on my Adafruit QT Py RP2040."),
)

@register
class RpClaimsParser(TableParser):
    name = "rp-claims"
    namespace = "claims"
    hints = ("reset", "rst", "restart", "reboot", "power cycle", "power-cycle", "turn on", "firmware",
             "plug", "pull", "disconnect", "reconnect", "power", "cold",  # (thin-rp s15) lost after an unplug / power cycle
             "after flash", "after the flash", "after a flash", "after re-flash", "after reflash", "after imediate flash",
             "after immediate flash",  # (klipper-addons s16) runs right after flashing only
             "after the upload", "after upload", "after an upload",  # (sd-rp s22) runs right after the upload only
             "xosc", "start-up delay", "startup delay", "start up delay",  # (firmware-sd-rp s21) the crystal start-up cure
             "uf2", "pico 2", "pico2", "rp2350",  # (firmware-sd-rp s21) an image for the other RP chip
             # (rp-fw s24) the same image runs on a Pico only; (review s24) never a bare "pico" (every line of a pico-sdk build)
             "on a pico", "on the pico", "on my pico", "on an original pico", "on the original pico", "on a regular pico",
             "on the official pico", "on a normal pico", "on a raspberry pi pico", "on the raspberry pi pico", "on a plain pico",
             # (reviewfix klipside s25) the "loaded again every time" row's repetition, said without a reset/power/firmware word
             # ("each time I turn the printer off I have to reflash the sb2040 again")
             "every time", "everytime", "each time", "whenever", "after every", "after each", "keeps ", "keep ")
    messages = MESSAGES
    all_matches = True  # the claim and the board's name are usually one sentence

    # (reviewfix3 s21) the host's failure to reach it counts only over USB (a port, a drive, Thonny, the PC), not a network or
    # debug-probe link (WiFi, MQTT, ping, SWD, openocd); and never a question ("... not possible to see the drive? No, ...")
    _SENTENCE_END = re.compile(r"[.!?](?!\w)")
    _REACH = re.compile(r"(?i)\b(?:reach|connect to|find|see|access|detect)\b")
    _USB_WORD = re.compile(r"(?i)\b(?:usb|port|com\d+|tty\w*|drive|thonny|pc|computer|windows|mac|laptop|host)\b")
    _NOT_USB = re.compile(r"(?i)\b(?:wi-?fi|wlan|mqtt|ping|access point|network|swd|openocd|jtag|debug ?probe|picoprobe)\b")

    def match_line(self, text: str) -> list[tuple[Msg, re.Match[str]]]:
        matches = super().match_line(text)
        if not any(row.kind == "said_lost_after_replug" for row, _ in matches):
            return matches
        keep = []
        for row, m in matches:
            if row.kind == "said_lost_after_replug":
                end = self._SENTENCE_END.search(text, m.end())
                if end is not None and end.group(0) == "?":  # the sentence the claim is in is a question
                    continue
                if self._REACH.search(m.group(0)[-40:]) and (self._NOT_USB.search(text) or not self._USB_WORD.search(text)):
                    continue
            keep.append((row, m))
        return keep

    def summary(self) -> dict[str, object]:
        return {}
