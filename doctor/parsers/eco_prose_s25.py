"""What people in other ecosystems (flight controllers, DroneCAN/VESC CAN nodes, Marlin SD-card flashing, RP2040 boards,
Arduino/PlatformIO serial monitors) say in prose about the cause, session 25 (ecosystems gathering).

Four families, in their usual wordings (the examples are the gathered threads' own sentences or the rows' formats):

- the CAN bus's termination named as the cause or the cure -> said_can_termination_cause (CAN004): `Termination resistor was
  not enabled. Whoopsie!` (dronecan/gui_tool#70: two ARK RTK GPS on one CubeOrange CAN port, found only one at a time), `the
  canbus termination resistor have wrong value and this cause the problems` (vedderb/bldc#100: VESC status frames lost),
  `I forgot to enable the 120 ohm terminator`, `after enabling the termination jumper both nodes show up`. A bus without its two
  120 ohm ends (or with a third) reflects and corrupts frames: error counters rise, nodes vanish (CAN004's cause). Only with
  CAN named somewhere in the text; an RS-485/Modbus/DMX line's termination is another bus.
- the RP2040/RP2350 crystal said to start too slowly, as the cause found -> said_xosc_slow_start (RP002): `the problem was
  the oscillator not starting quick enough and the problem was solved with correct placement of XOSC STARTUP MULTIPLIER`
  (a custom RP2040 board's debug notes): the cold-start fault told by its cause (pico-sdk xosc.c's start-up delay). Only
  with an RP chip, a Pico or the XOSC named in the text.
- the SD-card bootloader said to take the file (FIRMWARE.CUR created or renamed) while the board then does not start ->
  said_cur_but_no_boot (FW001): `Firmware flashes (firmware.cur gets created/renamed)` / `but screen stays blank.`
  (MarlinFirmware/Marlin#15767: PlatformIO 4.1 dropped Marlin's linker script, the image was linked for the flash start instead
  of after the SKR's bootloader). The bootloader ran and wrote the image at its offset; an image that never starts is linked
  for another address (fault-signals C1), less often built for another MCU (FW002, the entry's ask).
- the serial output said to be garbage at one baud rate and readable at another -> said_baud_garbage_other_works (SER007):
  `the baud rate at 9600 did not give any human readable results. Only when I set it on 115200 it gave some proper response.`
  (openenergymonitor/guide#31, emonTH with PlatformIO's monitor). Two different standard rates, the bad one with garbage, the
  good one with readable output: the monitor and the firmware were at different rates.

Guards (review s22's list), in the claim's own sentence: a question, advice or a plan (claims.py's _STATED), a guess or
hearsay, a conditional opening the sentence, per row a negation or a success another cure brought. Events go to a run under
`claims.runs` (tool "eco-prose-s25"); the entries rank them as warnings below what a tool's printed line shows.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _STATED
from doctor.parsers.klipper_prose_s23 import MESSAGES as _KLIPPER_S23_ROWS
from doctor.parsers._common import SENT

# a character of the claim's sentence: a full stop inside a word (printer.cfg, 0.5.1) does not end it
_SENT = SENT  # doctor/parsers/_common.py
# not a guess, hearsay, general knowledge or advice
_NOT_GUESS = (rf"(?!{_SENT}{{0,400}}?\b(?:maybe|perhaps|probably|might|may|could|i think|i guess|i suspect|suspect\w*|i wonder|someone|somebody"
              r"|people|docs?|documentation|readme|wiki|guide|apparently|known|tends? to|usually|often|sometimes|in general|check|verify"
              r"|make sure|ensure|try|should|would|need to|have to|recommend\w*|suggest\w*)\b)")
_CLAIM = _STATED + _NOT_GUESS
# not a condition opening the sentence
_NOT_COND = r"(?!\W{0,3}(?:if|when|unless|whenever|once|in case)\b)"

# ---- CAN004: the termination ----
_TERM = (r"(?:(?:can ?bus |can |canbus )?(?:terminat(?:ion|ing) (?:resistors?|jumpers?|switch(?:es)?|dip ?switch(?:es)?)|terminators?"
         r"|termination)|120 ?(?:ohm|Ω|r)(?: (?:terminat\w+ )?(?:resistors?|terminators?))?)")
# not another bus's termination, in the sentence
_NOT_OTHER_BUS = rf"(?!{_SENT}{{0,400}}?\b(?:rs-?485|rs-?422|modbus|dmx|scsi|ethernet|i2c|hdmi|vga|antenna|lvds|obd\w*|elm ?327)\b)"
# (review s25) not a line klipper-prose-s23's said_can_termination rows read: this parser comes first in the splitter's order and a
# strong row takes the line, so without this "The problem was a missing termination resistor on the toolhead." (the CAN bus named by
# the toolhead, not by a CAN word) was taken here, then dropped in finish() for want of a CAN word: read by neither
_OLDER_TERM = "(?!" + "|".join("(?:" + r.pattern.removeprefix("(?i)") + ")" for r in _KLIPPER_S23_ROWS if r.kind == "said_can_termination") + ")"
_TERM_ROWS = (
    # the termination said not to be in place: "Termination resistor was not enabled", "the 120 ohm terminator wasn't fitted"
    Msg("said_can_termination_cause",
        r"(?i)^" + _OLDER_TERM + r"(?=[^\n]*?(?:terminat|120 ?(?:ohm|Ω|r)))" + _CLAIM.removeprefix("(?i)^") + _NOT_COND + _NOT_OTHER_BUS
        # (not the termination ruled out or found fine: "still fails although the terminators are on", "both ends are terminated")
        + rf"(?!{_SENT}{{0,400}}?\b(?:still|although|even though|even with|already|both ends)\b)"
        + rf"{_SENT}{{0,200}}?\b{_TERM}\s+(?:was|were|is|are|had|has|have)\s*(?:not|n't|never)\s+(?:been\s+|even\s+)?"
        r"(?:enabled|fitted|installed|connected|set|on|switched on|turned on|present|populated|soldered|added|in place|activated|closed|jumpered)\b",
        strength="strong", example="The CAN termination resistor was not enabled. Whoopsie!"),
    # the termination said to be wrong, missing or faulty: "the canbus termination resistor have wrong value", "the problem was the
    # missing termination", "a missing 120 ohm terminator on the toolhead"
    Msg("said_can_termination_cause",
        r"(?i)^" + _OLDER_TERM + r"(?=[^\n]*?(?:terminat|120 ?(?:ohm|Ω|r)))" + _CLAIM.removeprefix("(?i)^") + _NOT_COND + _NOT_OTHER_BUS
        + rf"(?!{_SENT}{{0,400}}?\b(?:is ?n'?t|was ?n'?t|not the|not a|no (?:problem|issue)|fine|correct(?:ly)?|good|ok)\b)"
        + rf"{_SENT}{{0,200}}?(?:\b{_TERM}\s+(?:had|has|have|was|were|is|are)\s+(?:(?:a|an|the)\s+)?(?:wrong|incorrect|bad|faulty|missing|broken|defective|damaged|absent)\b"
        r"|\b(?:the\s+)?(?:problem|issue|culprit|cause|fault|reason)\s+(?:was|is|turned out to be)\s+(?:a\s+|an\s+|the\s+)?(?:missing\s+|wrong\s+|bad\s+|faulty\s+|no\s+|incorrect\s+)?" + _TERM + r"\b)",
        strength="strong", example="the canbus termination resistor have wrong value and this cause the problems"),
    # forgot it, or enabling it was the cure: "I forgot to enable the terminator", "after adding a 120 ohm resistor both nodes show up"
    Msg("said_can_termination_cause",
        r"(?i)^" + _OLDER_TERM + r"(?=[^\n]*?(?:terminat|120 ?(?:ohm|Ω|r)))" + _CLAIM.removeprefix("(?i)^") + _NOT_COND + _NOT_OTHER_BUS
        + rf"(?!{_SENT}{{0,400}}?(?:\b(?:still|no|never|nothing|same)\b|\b(?:did|does|do|is|was|has|had)(?:n'?t| not)\b(?! (?:enable|add|fit|install|put|solder|set|connect))))"
        + rf"{_SENT}{{0,200}}?(?:\b(?:i|we)\s+(?:had\s+)?(?:forgot|forgotten|missed|neglected|(?:did|had)(?:n'?t| not))\s+(?:to\s+)?"
        r"(?:enable|add|fit|install|put|solder|set|connect|jumper|switch on|turn on)\s+(?:in\s+|on\s+)?(?:the\s+|a\s+|an\s+|any\s+)?" + _TERM + r"\b"
        r"|\b(?:after|once|since)\s+(?:i\s+|we\s+)?(?:enabl|add|fitt|install|putt|solder|connect|jumper|switch|turn)\w*\s+(?:on\s+|in\s+)?(?:the\s+|a\s+|an\s+)?" + _TERM
        + rf"\b{_SENT}{{0,80}}?\b(?:works?|worked|working|fixed|solved|found|detected|appears?|appeared|shows? up|showed up|fine|answer(?:s|ed)?|respond(?:s|ed)?|came up|come up)\b"
        r"|\b(?:enabling|adding|fitting|installing|soldering|jumpering)\s+(?:the\s+|a\s+|an\s+)?" + _TERM + rf"\b{_SENT}{{0,40}}?\b(?:fixed|solved|did the trick)\b)",
        strength="strong", example="I forgot to enable the 120 ohm terminator on the EBB36 CAN bus, after that both nodes show up."),
)
_CAN_TEXT = re.compile(r"(?i)\b(?:can\d|can ?bus|canbus|dronecan|uavcan|socket ?can|can ?(?:fd|h|l|hi|lo|high|low|port|interface|network|node|adapter))\b|(?-i:\bCAN\d?\b)")

# ---- RP002: the crystal starts too slowly ----
_XOSC = r"(?:crystal|oscillator|xosc|xtal)"
_SLOW = (r"(?:(?:was|is|were|are)\s+)?(?:not\s+(?:starting|start(?:ing)?\s+up|stabili[sz]ing|settling|coming\s+up)\s+(?:quick(?:ly)?|fast)(?:\s+enough)?"
         r"|too\s+slow\s+(?:to|in)\s+(?:start|stabili[sz]e|settle)\w*|(?:tak(?:es|ing|e)|took|needs?|needed)\s+(?:too\s+long|longer(?:\s+than\s+[\w.]+){0,2})\s+to\s+(?:start|stabili[sz]e|settle)\w*)")
_NOT_GUESS_NEAR = _NOT_GUESS.replace("{0,400}", "{0,150}")
_XOSC_ROWS = (
    Msg("said_xosc_slow_start",
        # (the guess guard over the claim and the words around it: a run-on note's later "as per the docs" or "probably caused by
        # tolerances" qualifies the cure, not the cause)
        r"(?i)^(?=[^\n]*?(?:crystal|oscillator|xosc|xtal))" + _STATED.removeprefix("(?i)^") + _NOT_GUESS_NEAR + _NOT_COND
        # a cause found ("the problem was ...") or a cure told in the sentence ("... solved with ...")
        + rf"(?={_SENT}{{0,400}}?\b(?:(?:the\s+)?(?:problem|issue|cause|culprit|fault)\s+(?:was|is|turned out to be)|solved|fixed|resolved|solution)\b)"
        + rf"(?!{_SENT}{{0,400}}?\b(?:not the|is ?n'?t|was ?n'?t|ruled out|no (?:change|difference|luck)|did ?n[o']t (?:help|change|fix))\b)"
        + rf"{_SENT}{{0,200}}?\b{_XOSC}\b{_SENT}{{0,20}}?\b{_SLOW}",
        strength="strong",
        example="seems as though the problem was the oscillator not starting quick enough and the problem was solved with correct placement of XOSC STARTUP MULTIPLIER"),
)
_RP_TEXT = re.compile(r"(?i)\b(?:rp2040|rp2350|pico(?:[\s_-]?(?:2|w|sdk))?|xosc|pico_xosc\w*|raspberry pi pico)\b")

# ---- FW001: the bootloader took the file, the board then does not start ----
_CUR_TAKEN = re.compile(
    r"(?i)(?:\b(?:firmware|robin\w*|\w+)?\.cur\b[)\s]{0,3}(?:file\s+)?(?:(?:gets?|got|was|is|were|has been|have been)\s+)?"
    r"(?:created|renamed|made|written|generated|(?:changed|turned|converted)\s+(?:to|into))\b"
    r"|\b(?:renamed|changed|turned|converted)\s+(?:it\s+|itself\s+)?(?:to|into)\s+(?:a\s+|the\s+)?[\w-]{0,20}\.cur\b"
    r"|\bturns?\s+(?:it\s+)?into\s+(?:a\s+)?\.cur\b)")
_NO_BOOT = re.compile(
    r"(?i)\b(?:(?:screen|display|lcd|tft)\s+(?:just\s+)?(?:stays?|stayed|remains?|remained|is|was|goes|went|keeps?)\s+(?:\w+\s+)?(?:blank|black|blue|dark|empty)"
    r"|(?:board|printer|mcu|it|controller|machine)\s+(?:still\s+)?(?:won'?t|doesn'?t|does not|did ?n'?t|did not|never|will not|would not|wouldn'?t)\s+(?:boot|start|come up|connect|respond|run)\w*"
    r"|(?:is|was|stays?|became|becomes?)\s+(?:completely\s+)?(?:unresponsive|dead|bricked)"
    r"|(?:not|isn'?t|wasn'?t)\s+(?:recogni[sz]ed|detected|found)\s+(?:by|on|in)\s+(?:the\s+|my\s+)?(?:pc|computer|usb|windows|host|pi)"
    r"|no\s+(?:usb|com ?port|serial port|connection))\b")
# not asked, not a condition, not a story another cure ended
_CUR_NOT = re.compile(r"(?i)\?|^\W{0,3}(?:if|when|unless|whenever|in case)\b|\b(?:now (?:it )?works?|works? now|fixed|solved|resolved|make sure|ensure|should)\b")
# (review s25) the image did start: the board said to run, boot or answer a host while only the screen stays dark, or the display's
# own configuration named ("firmware.cur was created. The board runs, octoprint connects. Only the screen stays black."): a
# screen the firmware does not drive is its display setting, not an image linked for another offset
_CUR_RUNS = re.compile(
    r"(?i)\b(?:(?:board|printer|mcu|it|marlin|firmware|klipper|machine)\s+(?:still\s+)?(?:runs|boots|is running|starts|works|responds)"
    r"|(?:octoprint|pronterface|repetier|cura|host|klipper|usb|serial)\s+(?:still\s+)?(?:connects|works)|only\s+the\s+(?:screen|display|lcd|tft)"
    r"|configuration(?:_adv)?\.h|wrong\s+(?:display|lcd|screen|controller)|(?:display|lcd|screen)\s+(?:type|setting|config\w*|option))\b")

# ---- SER007: garbage at one baud rate, readable at another ----
_BAUDS = r"(?:300|1200|2400|4800|9600|14400|19200|28800|31250|38400|57600|74880|76800|115200|128000|230400|250000|256000|460800|500000|921600|1000000|1500000|2000000)"
_GARBAGE = re.compile(
    r"(?i)\b(?P<rate>" + _BAUDS + r")\b[^.!?\n]{0,80}?(?:gibberish|garbage|garbled|junk|weird (?:characters|symbols|chars)|strange (?:characters|symbols|chars)"
    r"|random (?:characters|symbols|chars)|nonsense|unreadable|not (?:human[- ]?)?readable|(?:no|any) (?:human[- ]?)?readable|hieroglyph\w*)"
    r"|(?:gibberish|garbage|garbled|junk|weird (?:characters|symbols|chars)|strange (?:characters|symbols|chars)|random (?:characters|symbols|chars)|unreadable)"
    r"[^.!?\n]{0,40}?\b(?:at|with|on)\s+(?P<rate2>" + _BAUDS + r")\b")
_READABLE = re.compile(
    r"(?i)\b(?:(?:only\s+)?(?:when|after|once)\s+(?:i|we)\s+(?:set|change|switch|select|put|chang\w+|switch\w+|select\w+)\w*\s+(?:it\s+|the\s+(?:baud ?rate|speed|monitor|serial monitor|terminal)\s+)?(?:to|on|at)\s+(?P<rate>" + _BAUDS + r")\b"
    r"[^.!?\n]{0,60}?\b(?:works?|worked|proper|readable|correct(?:ly)?|fine|gave|gives|shows?|showed|prints?|printed|response|text|output)\b"
    r"|\b(?:at|with|on)\s+(?P<rate2>" + _BAUDS + r")\s*(?:baud|bps)?\s*(?:it\s+)?(?:works?|worked|is (?:fine|readable|correct)|prints? (?:fine|correctly)|gives? (?:a )?proper))")
_GARB_HEARSAY = re.compile(r"(?i)\b(?:you|people|others|someone|somebody|they|users?|he|she)\s+(?:\w+\s+)?(?:get|gets|see|sees|got|saw|will|may|might|would)\b")
_READ_TAKEN_BACK = re.compile(r"(?i)\b(?:still|but|however|not|never|no)\b|n't\b|\b(?:gibberish|garbage|garbled|junk|unreadable)\b")
_SER_NOT = re.compile(r"(?i)\?|\b(?:can\d|can ?bus|canbus|twai|esp\w*|bootloader outputs?|rom (?:outputs?|prints?)|make sure|should|try)\b")


# ---- BOOT004: ROM DFU at every power-up ----
# (flight controllers: "My SpeedyBee F405V3 always goes into DFU / Bootloader when I connect it to Bat or to USB", "it is in DFU on
# every start", r/Multicopter 16jgks2): the ROM bootloader starts at every power-on, as while BOOT0 is held (a stuck or shorted
# boot button, a solder ball on the boot pads: inav-configurator#734, betaflight#4339). claims.py's said_dfu_after_power_cycle
# rows read a reset or replug; these the power-up said as connecting the battery or the USB cable, or "every start"
_DFU_WORD = r"(?:DFU|df11|STM32\s{1,2}BOOTLOADER)"
_NOT_ON_PURPOSE = (rf"(?!{_SENT}{{0,400}}?(?:\b(?:hold\w*|held|press\w*|push\w*)\s+(?:down\s+)?(?:the\s+|a\s+)?(?:boot\w*|dfu|reset|rst|button|b0|bind)\b"
                   # (review s25) the button named before its holding: "with the boot button held down", "the bind button pressed"
                   r"|\b(?:boot\w*|dfu|b0|bind)\s+(?:button|key|switch)\s+(?:is\s+|was\s+)?(?:held|pressed|pushed|down)\b"
                   r"|\b(?:bridg\w*|short|shorted|shorting|jumper\w*)\b|\b(?:bl|dfu) (?:command|cli)\b|\btype[ds]? (?:bl|dfu)\b))")
_NOT_CURED = rf"(?!{_SENT}{{0,400}}?\b(?:until|fixed|solved|now (?:it )?works?|works? now)\b)"
# (review s25) not an AVR's DFU (a QMK keyboard's Atmel DFU bootloader stays in after an erase, or by its HWB pin/BOOTRST fuse): no
# BOOT0 there. The STM32 ROM's DFU only
_NOT_AVR_DFU = r"(?![^\n]*\b(?:atmel|atmega\w*|\w*32u[24]|at90usb\w*|qmk|keyboard|keeb|caterina|dfu-programmer)\b)"
_NO_NEG_SPAN = r"(?:(?!\bnot\b|n't\b|n’t\b|\bnever\b|\bcannot\b|\bunable\b)[^.!?\n])"
_DFU_ROWS = (
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b" + _DFU_WORD + r"\b)" + _STATED.removeprefix("(?i)^") + _NOT_ON_PURPOSE
        + _NOT_CURED + _NOT_AVR_DFU
        + r"[^\n]{0,400}?\b(?:always|every ?time|each time|keeps?)\b" + _NO_NEG_SPAN + r"{0,40}?\b(?:goes|going|went|boots?|booting|booted|starts?|starting|started"
        r"|enters?|entering|entered|comes? up|came up|ends? up)\b" + _NO_NEG_SPAN + r"{0,20}?\b(?:in|into|to)\b" + _NO_NEG_SPAN + r"{0,12}?\b" + _DFU_WORD + r"\b"
        + _NO_NEG_SPAN + r"{0,40}?\b(?:when|whenever|once|as soon as)\s+(?:i\s+|you\s+)?(?:connect|plug|power)\w*\s+(?:it|the (?:board|fc|flight controller|usb|cable|battery|lipo)|in|up|on)\b",
        strength="strong", example="My SpeedyBee F405V3 always goes into DFU / Bootloader when I connect it to Bat or to USB."),
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b" + _DFU_WORD + r"\b)" + _STATED.removeprefix("(?i)^") + _NOT_ON_PURPOSE
        + _NOT_CURED + _NOT_AVR_DFU
        + r"[^\n]{0,400}?\b(?:is|stays?|remains?|sits?|ends? up|comes? up|boots?|starts?)\s+(?:up\s+)?(?:in|into)\s+(?:the\s+)?" + _DFU_WORD
        + r"\b(?:\s+mode)?\s+(?:on|at|after)\s+every\s+(?:start|start-?up|boot|power[- ]?(?:up|on)|power cycle)\b",
        strength="strong", example="But obviously I can't fly with it because it is in DFU on every start."),
)

# ---- FW003: the clock set-up named as what fixed USB ----
# (libopencm3-examples#192: "rcc_clock_setup_in_hsi_out_48mhz() produces a "USB Device not recognized" error." /
# "rcc_clock_setup_in_hse_8mhz_out_72mhz(); fixes it.": the USB clock from the internal RC oscillator instead of the board's
# crystal). The firmware's clock configuration (the crystal/HSE it assumes, the PLL, the USB 48 MHz clock) named as the change that
# made the board enumerate: FW003's cause told by its cure. Only beside a USB enumeration failure in the facts (FW003's rule)
# (review s25: the names' tails bounded; an unbounded \w* tried at each of 200 starts took 1.6 s on a 20 KB line of word characters,
# tests/test_hostile_regex.py)
_CLOCK = (r"(?:rcc_clock_setup\w{0,40}|SystemClock_Config|HSE_VALUE|hse_\w{1,40}|hsi_\w{1,40}|\bHSE\b|\bHSI(?:48)?\b|\b(?:crystal|xtal)\b"
          r"|\busb clock\b|\bclock (?:config(?:uration)?|set-?up|source|tree)\b|\bpll\b)")
_CLOCK_ROWS = (
    Msg("said_clock_setup_fixed_usb",
        r"(?i)^(?=[^\n]*?(?:clock|hse|hsi|crystal|xtal|pll))" + _CLAIM.removeprefix("(?i)^") + _NOT_COND
        # (review s25) nor "fixes nothing", "... but that did nothing": a clock change tried without effect
        + rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|no|never|still|same|nothing|none|neither|nor|but|however)\b|n't\b))"
        + rf"{_SENT}{{0,200}}?{_CLOCK}{_SENT}{{0,120}}?\b(?:fix(?:es|ed)?\s+(?:it|this|the (?:problem|issue))|fixes|solved|solves|resolved|did the trick|does the trick)\b",
        strength="strong", example="rcc_clock_setup_in_hse_8mhz_out_72mhz(); fixes it."),
)

MESSAGES = rows_of(
    group("prose: the CAN bus's termination named as the cause or the cure (CAN004)", *_TERM_ROWS),
    group("prose: the firmware's clock set-up named as what made USB enumerate (FW003)", *_CLOCK_ROWS),
    group("prose: the board in ROM DFU at every power-up, said with the battery or USB connected (BOOT004)", *_DFU_ROWS),
    group("prose: the RP2040/RP2350 crystal said to start too slowly, as the cause found (RP002)", *_XOSC_ROWS),
    group(
        "prose: the SD-card bootloader took the file (.CUR) but the board then does not start (FW001)",
        # the pair is judged over the line and the next two lines (feed()); this row only brings the line here
        Msg(None, r"(?i)\.cur\b", strength="weak", example="Firmware flashes (firmware.cur gets created/renamed)"),
    ),
    group(
        "prose: the brltty removal command, then the success a few lines below (SER001)",
        # the pair is judged in finish(); these rows only bring the lines here
        Msg(None, r"(?i)\bbrltty\b", strength="weak", example="3 remove brltty services : sudo apt-get autoremove brltty"),
        # (narrow: a broad "shows up"/"works" row would take weak lines from other parsers, e.g. windows-usb's "shows up as DFU")
        Msg(None, r"(?i)^\W{0,3}(?:success(?:ful(?:ly)?)?|solved|fixed)\b\W", strength="weak", example="success : cura detected the printer"),
    ),
    group(
        "prose: the serial output garbage at one baud rate, readable at another (SER007)",
        Msg(None, r"(?i)\b(?:gibberish|garbage|garbled|junk|unreadable|readable|weird (?:characters|symbols|chars)|strange (?:characters|symbols|chars)|hieroglyph\w*)\b",
            strength="weak", example="the baud rate at 9600 did not give any human readable results."),
    ),
)

# ---- SER001: the brltty removal command, then the success ----
# (Ultimaker/Cura#15821, an issue template's steps: "3 remove brltty services : sudo apt-get autoremove brltty" / "### Actual results"
# / "success : cura detected the printer"): the cure as a command in the steps and the result a few lines below; usbser-prose-s25's
# said_brltty_removed_fixed reads the cure told in one sentence
_BRLTTY_CMD = re.compile(r"(?i)\b(?:(?:sudo\s+)?apt(?:-get)?\s+(?:-y\s+)?(?:auto)?(?:remove|purge)|(?:sudo\s+)?(?:dnf|yum|pacman\s+-R\w*|zypper)\s*(?:remove|erase)?"
                         r"|(?:sudo\s+)?systemctl\s+(?:stop|disable|mask)(?:\s+--now)?)\s+(?:\S+\s+)*?brltty\b")
_SUCCESS = re.compile(r"(?i)\b(?:success\w*|(?:is|was|got|gets|now)\s+(?:detected|recogni[sz]ed|found|listed|connected)|detected the|(?:now|then)\s+(?:it\s+)?works?"
                      r"|works? (?:now|again|fine)|(?:port|ttyusb\d*|ttyacm\d*|printer|board|device) (?:is back|appears?|appeared|shows? up|showed up))\b")
_NEGATED = re.compile(r"(?i)\b(?:not|no|never|still|nothing|neither|nor|fail\w*|didn'?t|doesn'?t|won'?t|can'?t|cannot)\b|n't\b|\?")
_CMD_NOT = re.compile(r"(?i)\?|\b(?:try|should|you (?:can|could|need|must|have)|if|maybe|might|suggest\w*|recommend\w*)\b")
_BRLTTY_ROW = Msg("said_brltty_removed_fixed", r"(?!)", strength="strong")

_CUR_ROW = Msg("said_cur_but_no_boot", r"(?!)", strength="strong")
_BAUD_ROW = Msg("said_baud_garbage_other_works", r"(?!)", strength="strong")


@register
class EcoProseS25Parser(TableParser):
    name = "eco-prose-s25"
    namespace = "claims"
    # the two pairs judged in finish() (over lines, not one row)
    event_kinds = ("said_cur_but_no_boot", "said_baud_garbage_other_works", "said_brltty_removed_fixed")
    # (not a bare "clock": Klipper's logs say it on every line; the clock row wants one of these beside it)
    hints = ("brltty", "success", "solved", "fixed", "rcc_clock", "systemclock", "clock config", "clock set", "clock source", "clock tree", "usb clock", "hse", "hsi", "xtal",
             "pll", "dfu", "df11", "terminat", "120 ohm", "120ohm", "120 Ω", "120r", "crystal", "oscillator", "xosc", "xtal", ".cur", ".CUR", ".Cur",
             "gibberish", "garbage", "garbled", "junk", "readable", "weird char", "strange char", "random char", "hieroglyph")
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._lines: list[tuple[int, str]] = []

    def feed(self, lineno: int, line: str) -> None:
        self._lines.append((lineno, line))
        super().feed(lineno, line)

    def finish(self) -> dict[str, Any]:
        text = "\n".join(x for _, x in self._lines)
        # CAN004's termination only on a CAN bus; RP002's crystal only on an RP chip
        if not _CAN_TEXT.search(text):
            self.events = [e for e in self.events if e.get("kind") != "said_can_termination_cause"]
        # (FW003's rule asks for the USB failure in the facts: a "not recognized" line is mostly another parser's)
        if _RP_TEXT.search(text):
            self.events = [e for e in self.events if e.get("kind") != "said_clock_setup_fixed_usb"]
        if not _RP_TEXT.search(text):
            self.events = [e for e in self.events if e.get("kind") != "said_xosc_slow_start"]
        self._pair_cur()
        self._pair_baud()
        self._pair_brltty()
        return super().finish()

    def _pair_cur(self) -> None:
        for i, (lineno, line) in enumerate(self._lines):
            m = _CUR_TAKEN.search(line)
            if not m or _CUR_NOT.search(line):
                continue
            window = " ".join([line[m.end():]] + [x for _, x in self._lines[i + 1:i + 3]])
            if _CUR_NOT.search(" ".join(x for _, x in self._lines[i + 1:i + 3])):
                continue
            if _CUR_RUNS.search(window):
                continue
            if _NO_BOOT.search(window):
                ev = self.event("said_cur_but_no_boot", lineno, line)
                self.on_event(ev, _CUR_ROW, m, lineno, line)
                return

    def _pair_brltty(self) -> None:
        if any(e.get("kind") == "said_brltty_removed_fixed" for e in self.events):
            return
        for i, (lineno, line) in enumerate(self._lines):
            m = _BRLTTY_CMD.search(line)
            if not m:
                continue
            if _CMD_NOT.search(line):
                return  # advice or a question, not a step taken
            # the next lines up to a result: the first one that tells one (a success without a negation)
            for _, nxt in self._lines[i + 1:i + 8]:
                if _SUCCESS.search(nxt):
                    if not _NEGATED.search(nxt):
                        ev = self.event("said_brltty_removed_fixed", lineno, line)
                        self.on_event(ev, _BRLTTY_ROW, m, lineno, line)
                    return
            return

    def _pair_baud(self) -> None:
        bad: tuple[int, str, int] | None = None
        good: list[tuple[int, str, int]] = []
        for lineno, line in self._lines:
            for sent in re.split(r"(?<=[.!?])\s+", line):
                if _SER_NOT.search(sent):
                    continue
                g = _GARBAGE.search(sent)
                # (review s25) not someone else's or anyone's garbage ("You get gibberish at 9600", "Other people get garbage")
                if g and bad is None and not _GARB_HEARSAY.search(sent):
                    bad = (lineno, line, int(g.group("rate") or g.group("rate2")))
                r = _READABLE.search(sent)
                # (review s25) not a readable rate the same sentence takes back ("it shows text, but still garbage"), nor 74880: the
                # ESP8266 ROM prints its boot log at 74880 whatever rate the firmware uses, so reading it there finds no firmware rate
                if r and not _READ_TAKEN_BACK.search(sent[r.start():]) and int(r.group("rate") or r.group("rate2")) != 74880:
                    good.append((lineno, line, int(r.group("rate") or r.group("rate2"))))
        if bad is None:
            return
        for lineno, line, rate in good:
            if rate != bad[2]:
                ev = self.event("said_baud_garbage_other_works", lineno, line, baud=rate, garbage_baud=bad[2])
                if ev is not None:
                    return

    def summary(self) -> dict[str, object]:
        return {}
