"""What people say in prose about programming an AVR over ISP, when the thread holds their sentences more than a log.

Two families, in their usual wordings (GitHub issues of the Arduino cores and of avrdude, Savannah bugs, forums):

- a USBtiny programmer (USBtinyISP, SparkFun Pocket AVR Programmer, Tiny AVR Programmer) and flash above 64 KiB in one
  sentence, with what went wrong there -> said_usbtiny_64k: `Using a USBtinyISP with AT90USB1286, the memory above
  0x10000 is getting read incorrectly` (avrdudes/avrdude#255), `on the USBtinyISP 64k "limit" - ... it'll always give an
  error message saying verification failed at 10000` (Printrboard-HID-Arduino-IDE-Support#4), `USBtinyISP ... DO NOT
  support AVR chips with more than 64 KiB of flash` (qmk/qmk_firmware#3286). The usbtiny protocol sends 16-bit
  addresses and no extended-address command (avrdude before 7.1, usbtiny.c), so reads and verifies above 0x10000 fail
  while the write went through (AVR003).
- it works once the ISP clock is slowed -> said_bitclock_fix: `I have to change the bit clock period to something like
  -B 4 or -B 10 for the first time programming for this to work` (MCUdude/MiniCore#300), `Using -B 3 parameter on
  avrdude solved my problem` (aleh/usbisp#5), `Once I change the bit clock period, it just works`: the chip's clock
  (a fresh chip's 1 MHz, CKDIV8) was too slow for the programmer's default SCK (AVR001); also `-B 32 fixed it` and the
  necessity `avrdude needs the parameter '-B 5' appended` (MCUdude/MiniCore#41). Only a stated success: "tried -B 32,
  still doesn't work" and a question ("With -B 32, does it work?") are no claim.

Events go to a run under `claims.runs` (tool "avr-claims"). A statement is weaker evidence than avrdude's own lines:
the entries rank them below what a pasted run shows.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _S21_NOT_ADVICE

_TINY = r"(?:\busb ?tiny(?:[ -]?isp)?\b|\bpocket ?avr\b|\btiny ?avr ?programmer\b)"
# flash above 64 KiB: "64k", "64 KiB", "64kB", an address 0x10000-0x3ffff, or avrdude's "at 10000" written without 0x
_ABOVE_64K = r"(?:\b64 ?k(?:i?b|bytes?)?\b|\b0x[1-3][0-9a-f]{4}\b|\bat (?:byte |address )?[1-3][0-9a-f]000\b)"
_WHAT = r"(?:verif|read|mismatch|fail|error|limit|support|cannot|can't|unable|not able|bug|wrong|incorrect)"
_B = (r"(?:(?-i:-B) ?\d+(?:\.\d+)?(?: ?[kKmM]?[hH]z)?|bit ?clock(?: period)?|isp (?:clock|speed|frequency)"
      r"|sck (?:period|clock|frequency|speed)|slow(?:er)? (?:isp |sck )?clock|slow sck)")
_ACT = (r"(?:with|using|adding|added|add|append(?:ed|ing)?|set(?:ting)?|chang(?:e|ed|ing)|lower(?:ed|ing)?|slow(?:ed|ing)? down"
        r"|reduc(?:e|ed|ing)|select(?:ed|ing)?|passing)")
# a success the person states, not one they deny ("doesn't work", "not working", "never worked", "didn't really help")
# (reviewfix s21) nor one only hoped, heard of or advised: "doesn't seem to work", "should work according to the wiki", "is
# supposed to work", "nothing works", "that usually works", "works for some people, but not for me"
_OK = (r"(?<!n't )(?<!not )(?<!never )(?<!n't really )(?<!no longer )"
       r"(?<!seem to )(?<!seems to )(?<!supposed to )(?<!should )(?<!should be )(?<!might )(?<!may )(?<!would )(?<!could )"
       r"(?<!nothing )(?<!usually )(?<!normally )(?<!often )"
       r"(?:works?\b|worked\b|working\b|solved\b|fixed\b|helped\b|succeeded\b|successful|did the trick|does the trick"
       r"|(?:for )?(?:this|it) to work\b|(?:was|is) able to\b)"
       r"(?![^.!?\n]*?(?:\bfor (?:some|other|many|most) (?:people|users|folks)\b|\bfor others\b|,? but not\b))")
# (reviewfix s21) a limit the sentence rules out: "The 64k limit of the USBtiny was fixed in avrdude 7.1, so that's not it"
_NOT_DENIED = (r"(?!.*(?:\bnot it\b|\bfixed in\b|\bno longer\b|\bnot the (?:issue|problem|cause)\b|\bisn't the (?:issue|problem|cause)\b"
               r"|\bnot (?:an issue|a problem)\b))")
_NOT_ASKED = r"(?![^.!\n]*\?)"  # a question ("With -B 32, does it work?", "Do you need to use -B 32?") states nothing
# (avr-swd-tools s24w2) what the chip does once the clock is slowed (the "only with -B" row)
_VERB = r"\b(?:connects?|works?|worked|answers?|responds?|talks?|reads?|detects?|programs?|flashes)\b"
# (fix after review) the "only with -B" sentence as a whole: no negation anywhere in it ("It doesn't work, not even only
# with -B 32"), no hedge, rule of thumb, advice or hearsay ("It should only work with -B 32 if the fuses are wrong", "Normally
# it only works with -B 32 when CKDIV8 is set", "Make sure it reads only with -B 10", "You'll find it only connects with -B
# 32", "I read somewhere that it only works with -B 32"); put right after the sentence's start
_ONLY_B_SENTENCE = (r"(?![^.!?\n]*?(?:\bnot\b|n't\b|\bnever\b|\bno longer\b|\bnothing\b|\bnor\b))"
                    r"(?![^.!?\n]*?\b(?:should|would|could|might|may|normally|usually|typically|generally|supposed(?:ly)?|make sure"
                    r"|ensure|you'll|you will|you'd|read (?:somewhere|online|on)|heard|apparently|according to|they say|people say)\b)")
# nor a failure that the -B clause leads to: "It works fine without -B, and only with -B 32 it fails"
_NOT_B_FAILS = (r"(?!\s*,?\s*(?:(?:then\s+)?(?:it|this|that|they|avrdude|the (?:chip|programmer|board|upload|programming|flashing))\s+)?"
                r"(?:does (?:it |this |that )?)?(?:fail(?:s|ed)?|errors?|breaks?|stops?|hangs?|crash(?:es|ed)?|gives? (?:an |the )?error)\b)")
# (reviewfix s21) nor advice: a sentence that starts "Try ..." or "You could/should/can ..." ("Try adding -B 32, that
# usually works"). Put first in a row: from the start of the sentence to where the row's words begin
_NOT_ADVICE = (r"(?:^|(?<=[.!?] )|(?<=[.!?]\t))(?!\s*(?:try(?:ing)?|you (?:could|should|can|might|may|need to))\b)"
               r"[^.!?\n]*?")

MESSAGES = rows_of(
    group(
        "prose: a USBtiny programmer and flash above 64 KiB (AVR003)",
        Msg("said_usbtiny_64k",
            rf"(?i)^(?=.*{_WHAT}){_NOT_DENIED}.*?(?:{_TINY}[^.!?\n]{{0,200}}?{_ABOVE_64K}|{_ABOVE_64K}[^.!?\n]{{0,200}}?{_TINY}){_NOT_ASKED}",
            strength="strong",
            example="Using a USBtinyISP with AT90USB1286, the memory above 0x10000 is getting read incorrectly with the -U flash:r/v commands."),
    ),
    group(
        "prose: programming works once the ISP clock is slowed (AVR001)",
        Msg("said_bitclock_fix",
            rf"(?i){_NOT_ADVICE}\b{_ACT}\s+(?:the\s+|a\s+|an\s+|parameter\s+|option\s+|flag\s+)?[`'\"]?{_B}[^.!?\n]{{0,100}}?{_OK}{_NOT_ASKED}",
            strength="strong",
            example="I have to change the bit clock period to something like `-B 4` or `-B 10` for the first time programming for this to work."),
        # the option first, the success after it: "-B 32 fixed it", "the -B10 option did the trick"
        Msg("said_bitclock_fix", rf"(?i){_NOT_ADVICE}(?:^|(?<=[\s(`'\"]))(?:the\s+)?[`'\"]?(?-i:-B) ?\d+(?:\.\d+)?(?: ?[kKmM]?[hH]z)?[`'\"]?(?:\s+(?:option|flag|parameter|switch))?\s+{_OK}{_NOT_ASKED}",
            strength="strong", example="-B 32 fixed it, thanks!"),
        # a necessity stated as the way it goes: "avrdude needs the parameter '-B 5' appended" (MCUdude/MiniCore#41), "I
        # have to use -B 10 for new chips"
        Msg("said_bitclock_fix",
            rf"(?i){_NOT_ADVICE}\b(?:(?:have|has|had|need|needs|needed|must) to (?:use|add|append|set|pass|give)|needs?|required?)\s+"
            rf"(?:the\s+|a\s+)?(?:parameter\s+|option\s+|flag\s+)?[`'\"]?(?-i:-B) ?\d+{_NOT_ASKED}",
            strength="strong", example="When selecting low clock frequencies avrdude needs the parameter '-B 5' appended to slow down the flashing."),
        # (avr-swd-tools s24w2) the chip answers only with the slower clock: "My USBasp programmer will connect to m128 with
        # AVRDUDE only if I add the option -B4" (MCUdude/MegaCore#191), "it only works with -B 32", "avrdude reads the chip
        # only when I pass -B 10". Not a negation before it ("it doesn't even work with -B 32 only")
        Msg("said_bitclock_fix",
            rf"(?i)(?:^|(?<=[.!?] )|(?<=[.!?]\t))(?!\s*(?:if|when|whether|unless|in case)\b){_ONLY_B_SENTENCE}{_S21_NOT_ADVICE}{_NOT_ADVICE}(?<!n't )(?<!not )(?<!never )(?<!nothing )(?:{_VERB}[^.!?\n]{{0,80}}?\bonly\s+|\bonly\s+{_VERB}\s+)"
            rf"(?![^.!?\n]*?\b(?:not|n't|never|no longer)\b)"
            rf"(?:with|(?:if|when|after)\s+(?:I\s+|we\s+|you\s+)?(?:add|use|pass|set|append|give|put)\w*)\s+(?:the\s+|a\s+)?(?:option\s+|parameter\s+|flag\s+|switch\s+)?"
            rf"[`'\"]?(?-i:-B) ?\d+(?:\.\d+)?(?!\.?\d){_NOT_B_FAILS}{_NOT_ASKED}",
            strength="strong", example="My USBasp programmer will connect to m128 with AVRDUDE only if I add the option -B4, as follows:"),
    ),
)


@register
class AvrClaimsParser(TableParser):
    name = "avr-claims"
    namespace = "claims"
    hints = ("tiny", "pocket avr", "-b", "bit clock", "bitclock", "isp clock", "isp speed", "isp frequency", "sck", "slow")
    messages = MESSAGES
    all_matches = True  # both statements can be one sentence

    def summary(self) -> dict[str, object]:
        return {}
