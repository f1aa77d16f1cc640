"""What Katapult users say in prose, session 24 (sd-katapult gathering: Katapult's and FreeDi's trackers).

One family so far:

- Katapult (or CanBoot, its old name) said to have been put on the board -> said_katapult_installed: `The wizard showed
  "connect tool head via ST-LINK V2" and flashed katapult plus4` (Phil1988/FreeDi#318), `I have flashed canboot following
  the instructions`, `Katapult is installed on the EBB36`. Alone it is no fault; it tells BOOT001's double-press row that
  the bootloader the person means is Katapult when the sentence about the double press does not name it (a UF2, SAM-BA or
  Caterina board's double tap is another bootloader's).

- another bootloader than Katapult named (UF2/RPI-RP2/BOOTSEL, SAM-BA/bossac, Caterina/Arduino, DFU) -> said_other_bootloader,
  and a story that ended well (now klipper connects, it works now, fixed) -> said_now_working, in the lines after the
  Katapult claim: BOOT001's Katapult branch
  (the double press not naming Katapult) needs both absent, since Katapult on one board says nothing about a Pico's BOOTSEL.

Review s24: said_katapult_installed is weak, so a line another parser's row reads (claims' said_stm32_part, the double-press
row) stays that parser's (registry order puts claims.py first); the two context rows have no strength at all, so they read
only the unclaimed lines of a block the Katapult claim opened and never move how a text is split.

Guards (review s22's list, klipper_claims.py's pieces): not a question, advice or a plan, not a conditional or a guess,
not negated, each looked for in the claim's own sentence. Events go to a run under `claims.runs` (tool "sdkat-prose-s24").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.klipper_claims import _NOT_ADVICE, _NOT_ASKED, _S, _SENT

_KATAPULT = r"(?:katapult|canboot)"
# bootloaders a double press means on other boards (RP2040's BOOTSEL drive, SAMD's UF2/SAM-BA, AVR's Caterina, STM32's DFU)
_OTHER_BL = r"(?:uf2|rpi-rp2|bootsel|sam-?ba|bossac?|caterina|arduino|dfu)"
# not a conditional, a guess or someone else's word; not negated, in the claim's sentence
_NOT_IF = (rf"(?!{_SENT}{{0,400}}?\b(?:if|unless|whether|in case|maybe|perhaps|probably|might|could be|i think|i guess|i wonder"
           r"|someone|somebody|docs?|documentation|readme|wiki|guide says|how"
           # (review s24) an instruction, a belief that turned out wrong, a plan: "After Katapult was installed you can flash
           # klipper", "I thought I had flashed katapult, turns out ...", "I will have flashed katapult by then"
           r"|you can|after|once|thought|supposed to|will|going to|tomorrow|next (?:week|time)|plan\w*"
           # another bootloader in the same sentence ("installed CanBoot years ago, now I use ... BOOTSEL")
           r"|years ago|used to|now (?:i|we) use|switched|" + _OTHER_BL + r")\b)")
_NOT_NEG = rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|never|no longer|without)\b|n[’']t\b))"

MESSAGES = rows_of(
    group(
        "prose: Katapult/CanBoot said to be on the board (flashed, installed, loaded)",
        Msg("said_katapult_installed",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_NEG}{_SENT}{{0,300}}?"
            rf"(?:\b(?:flashed|installed|loaded|burned|burnt|wrote|written|deployed)\s+(?:the\s+|a\s+|my\s+|our\s+)?{_KATAPULT}\b"
            rf"|\b{_KATAPULT}\s+(?:(?:is|was|has been|had been|got|gets)\s+)?(?:(?:successfully|correctly|already)\s+)?"
            r"(?:installed|flashed|loaded)\b)",
            strength="weak",
            example='The wizard showed "connect tool head via ST-LINK V2" and flashed katapult plus4'),
        # (review s24) another bootloader named in a line of the text (the board meant may not be Katapult's)
        Msg("said_other_bootloader",
            rf"(?i)^{_SENT}{{0,400}}?(?<![\w-]){_OTHER_BL}(?![\w-])",
            strength="none", example="My Raspberry Pi Pico on the toolhead: RPI-RP2 never appears."),
        # (review s24) the story ended well ("I fixed canbus_uuid and now klipper connects")
        Msg("said_now_working",
            rf"(?i)^{_NOT_ASKED}{_SENT}{{0,400}}?\b(?:now (?:\w+ ){{0,2}}?(?:connects|works|connected|runs)|works now|(?:solved|fixed|resolved) (?:it|the|my)\b)",
            strength="none", example="The UUID in printer.cfg was wrong; I fixed canbus_uuid and now klipper connects."),
    ),
)


@register
class SdKatProseS24Parser(TableParser):
    name = "sdkat-prose-s24"
    namespace = "claims"
    hints = ("katapult", "canboot")
    messages = MESSAGES

    def summary(self) -> dict[str, object]:
        return {}
