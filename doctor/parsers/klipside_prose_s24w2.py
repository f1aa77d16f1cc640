"""What people say in prose about a bootloader that does not start or take the firmware, session 24 second wave (klipper-side
gathering: STM32 HID/STM32duino bootloaders, PlatformIO's ststm32 platform, STM32GENERIC, an ATmega2560 SD-card bootloader).

Two families:

- the application (program, code, sketch, firmware) said never to start, run or execute from or behind a bootloader, with the
  bootloader or its offset named in the same sentence (the bootloader, a BOOT1 jumper, an application address past the flash
  start, VECT_TAB_OFFSET, the vector table, a linker script) -> said_app_not_started_offset (FW001): `the program never execute
  after I remove the boot1 jumber and reset the board` (bootsector/stm32-hid-bootloader#3: VECT_TAB_OFFSET 0x1000 was missing),
  `the application can not start from the bootloader` (platformio/platform-ststm32#756: the -D offset no longer reached the
  CMSIS system file), `the compiled code flashed to location 0x08010000 does not execute` (danieleff/STM32GENERIC#54), and the
  bootloader said not to jump to the application (`the bootloader never jumps to the application`). An image linked or set up
  for another start than the one the bootloader jumps to is the usual cause; the FW001 form is a warning below a tool's line.

- the new firmware said to be applied only by a power cycle, a reset (software, watchdog) restarting the old one ->
  said_update_needs_cold_boot (SD002): `reset via wdt is not updating firmware where as a power cycle is making it update`,
  `the mcu is restarting without updating but when we plug out power and plugin its successfully updating` (FleetProbe/
  MicroBridge-Arduino-ATMega2560#20, an SD-card bootloader that reads the card only at power-on), `it only takes the new firmware
  after a full power cycle`. A bootloader that applies an update only on a cold start is what flash-sdcard.sh's SDIO warning
  describes (Klipper scripts/spi_flash); a chip that stays in its ROM bootloader until a power cycle is claims.py's
  said_dfu_until_power_cycle, and is left out here.

On STM32F1 boards the BOOT1 (PB2) jumper is the STM32duino/HID bootloaders' "stay in the bootloader" switch, so taking it off
and resetting is how their users start the application; the ROM bootloader is BOOT0's.

Guards (review s22's list, klipper_claims.py's pieces): not a question, advice or a plan, not a conditional or a guess, not a
story that ended well in the same sentence ("now it runs", "fixed"), each looked for in the claim's own sentence. Events go to a
run under `claims.runs` (tool "klipside-prose-s24w2"); weak rows, so a line another parser reads stays that parser's.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.klipper_claims import _NOT_ADVICE, _NOT_ASKED, _S, _SENT

# (fix-klipper-side s24w2) a sentence starts after . ! ? only (klipper_claims._S also starts one after ";"): a guard looks at the
# whole sentence, "..., FIRMWARE_RESTART does not load the new firmware; it only updates after a power cycle" included
_S1 = r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s))"

_APP = r"(?:program|application|app|(?:user |compiled |my |the )?code|sketch|firmware|binary|image)"
_NEVER = r"(?:never|not|(?:does|do|did|will|would|could|can|is|was)n[o'’]?t|cannot|can not|won[’']?t|fails? to|unable to)"
_RUNS = r"(?:execut\w*|run|runs|running|start|starts|starting|boot|boots|booting|launch\w*)"
# the bootloader or its offset in the claim's sentence: the word, a BOOT1 jumper, an application address past an STM32's or an
# RP2040's flash start (0x0800xxxx other than 0x08000000, 0x1000xxxx other than 0x10000000), the vector table, a linker script
_CTX = (r"(?:\bboot ?loader\b|\bboot ?1\b|\bvect(?:or)?[_ ]tab\w*|\bvector table\b|\blinker script\b|\b\w+\.ld\b|\boffset\b"
        r"|\b0x0?80(?!00000\b)[0-9a-f]{5}\b|\b0x100(?!00000\b)[0-9a-f]{5}\b)")
# not a conditional, a guess or someone else's word; not a story that ended well in the same sentence
_NOT_IF = (rf"(?!{_SENT}{{0,400}}?\b(?:if|unless|whether|in case|maybe|perhaps|probably|might|could be|i think|i guess|i wonder"
           r"|not sure|someone|somebody|docs?|documentation|readme|wiki|guide says|how)\b)")
_NOT_WELL = (rf"(?!{_SENT}{{0,400}}?\b(?:now (?:it |the \w+ )?(?:works|runs|boots|starts|executes)|(?:works|runs|boots|starts) now|it worked"
             r"|that worked|this worked|(?:fixed|solved|resolved) (?:it|the|my|this|that)|no longer)\b)")

# (fix-klipper-side s24w2) another cause or another board named in the claim's sentence: a reason given ("because", "turned out",
# "caused by", "it is not the bootloader"), the ROM bootloader and BOOT0 (BOOT004), a clock or crystal, a wrong MCU or chip (FW002),
# AVR bootloaders (Optiboot, Caterina: an ATmega's), an ESP, an SD-card bootloader, a Pico/RP2040, a start only at power-on or
# cold; or a question without "?" ("Question: ...", "could the offset be wrong")
_NOT_OTHER = (rf"(?!{_SENT}{{0,400}}?(?:\b(?:because|turned out|caused by|due to|it is not the|it'?s not the|boot ?0|rom bootloader"
              r"|system bootloader|system memory|crystal|hse|clock\w*|wrong (?:mcu|chip|board|processor|micro\w*|target)|optiboot|caterina"
              r"|atmega\w*|avr|esp(?:32\w*|8266|8285|-idf|\b)|sd ?card|pico|rp2040|power[- ]?(?:on|up)|cold|question|(?:that|this|it) is expected|(?:that|it)'?s expected"
              r"|could\s+(?!not\b|never\b))\b|\dmhz\b|\bmhz\b))")
# (fix-klipper-side s24w2) an update over the air, through an ESP, a UF2 drive, a Pico/RP2040 or Katapult/CanBoot, or no SD card:
# not a bootloader reading its SD card only at power-on
_NOT_OTA = (rf"(?!{_SENT}{{0,400}}?\b(?:ota|over[- ]the[- ]air|esp(?:32\w*|8266|8285|-idf|\b)|uf2|pico|rp2040|katapult|canboot"
            r"|no sd|without (?:an? )?sd)\b)")

# a reset that is not a power cycle; the update verb; the power cycle itself
_RESET = r"(?:reset\w*|reboot\w*|restart\w*|wdt|watchdog)"
_UPDATE = (r"(?:updat\w*|appl(?:y|ies|ied|ying)|load\w*|flash\w*|install\w*|tak(?:e|es|ing)|pick\w* up)"
           r"(?:\s+(?:the\s+|a\s+|my\s+)?(?:new\s+)?(?:firmware|update|image|\.bin|file))?")
_COLD = (r"(?:power[- ]?cycl\w*|power[- ]?(?:off|down)|plug\w* (?:out|off) (?:the )?power|unplug\w*|cut\w* (?:the )?power|remov\w* (?:the )?power"
         r"|cold (?:re)?(?:start|boot)\w*)")
# the chip staying in its ROM bootloader (DFU, BOOT0) until a power cycle is claims.py's said_dfu_until_power_cycle; a host's reboot
_NOT_ROM = (rf"(?!{_SENT}{{0,400}}?\b(?:dfu|boot ?0|rom bootloader|system bootloader|raspberry|rpi|pi \d|host|sbc"
            # (the power cycle not helping either: no claim that it applies the update)
            r"|either|neither|nor|no luck|no change|did ?n[o'’]t (?:help|work|change|apply)|does ?n[o'’]t (?:help|work|change))\b)")

MESSAGES = rows_of(
    group(
        "prose: the new firmware applied only by a power cycle, a (software, watchdog) reset restarting the old one (SD002)",
        # the reset first: "reset via wdt is not updating firmware where as a power cycle is making it update", "the mcu is
        # restarting without updating but when we plug out power and plugin its successfully updating"
        Msg("said_update_needs_cold_boot",
            rf"(?i){_S1}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_ROM}{_NOT_OTA}{_SENT}{{0,200}}?\b{_RESET}\b{_SENT}{{0,80}}?\b(?:not|n[o'’]t|without|never)\s+(?:\w+\s+){{0,2}}?{_UPDATE}\b"
            rf"{_SENT}{{0,120}}?\b{_COLD}\b{_SENT}{{0,80}}?\b(?:updat\w*|flash\w*|appl(?:y|ies|ied)|load\w*|install\w*|tak(?:es|en|ing)\b|works?)",
            strength="weak",
            example="reset via wdt is not updating firmware where as a power cycle is making it update"),
        # the power cycle said to be the only way: "it only takes the new firmware after a full power cycle"
        Msg("said_update_needs_cold_boot",
            rf"(?i){_S1}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_ROM}{_NOT_OTA}{_SENT}{{0,200}}?\bonly\s+(?:\w+\s+){{0,2}}?{_UPDATE}\b{_SENT}{{0,40}}?\b(?:after|on|with|by)\s+(?:a\s+|the\s+)?(?:full\s+|hard\s+|real\s+|complete\s+)?{_COLD}\b",
            strength="weak",
            example="The board only takes the new firmware after a full power cycle, a reset keeps the old one."),
    ),
    group(
        "prose: the application said never to start, run or execute from (or behind) a bootloader, the bootloader or its offset "
        "named in the sentence",
        # the application as the subject: "the program never execute after I remove the boot1 jumper", "the application can not
        # start from the bootloader", "the compiled code flashed to location 0x08010000 does not execute"
        Msg("said_app_not_started_offset",
            rf"(?i){_S1}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_WELL}{_NOT_OTHER}(?={_SENT}{{0,400}}?{_CTX})"
            rf"{_SENT}{{0,300}}?\b{_APP}\b(?!\s+(?:update|upgrade|upload|download|flasher|flashing|tool|updater|process|transfer|file)\b){_SENT}{{0,60}}?\b{_NEVER}\s+(?:\w+\s+){{0,2}}?{_RUNS}\b(?!\s+(?:(?:into|in|to)\s+)?(?:(?:the|a|its)\s+)?(?:boot ?loader|dfu|bootsel)\b)",
            strength="weak",
            example="ignore the warnings and the application can not start from the bootloader."),
        # the bootloader as the subject: "the bootloader never jumps to the application", "bootloader doesn't start my firmware"
        Msg("said_app_not_started_offset",
            rf"(?i){_S1}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_WELL}{_NOT_OTHER}"
            rf"{_SENT}{{0,300}}?\bboot ?loader\b{_SENT}{{0,40}}?\b{_NEVER}\s+(?:\w+\s+){{0,2}}?(?:jump\w*|start\w*|launch\w*|run\w*|boot\w*|load\w*)\s+"
            rf"(?:to\s+|into\s+)?(?:the\s+|my\s+|our\s+|its\s+)?(?:user\s+)?{_APP}\b",
            strength="weak",
            example="The HID bootloader runs, but the bootloader never jumps to the application after the upload."),
    ),
)


@register
class KlipsideProseS24w2Parser(TableParser):
    name = "klipside-prose-s24w2"
    namespace = "claims"
    hints = ("bootloader", "boot loader", "boot1", "vect_tab", "vector table", "linker script",
             # (fix-klipper-side s24w2) the FW001 rows' own context words: an offset, an address past the flash start, a .ld file
             "offset", "0x080", "0x100", ".ld",
             "power cycle", "power-cycle", "powercycle", "plug out", "unplug", "power off", "cold start", "cold boot")
    messages = MESSAGES

    def summary(self) -> dict[str, object]:
        return {}
