"""What SD-card and Katapult users say in prose, session 25 (sd-katapult gathering).

Three families, and one screen:

- Klipper's serial bootloader request sent by hand and said not to take -> said_bootloader_request_failed (BOOT001's
  prose row, claims.py): the 32-byte block Klipper's serial code waits for (doctor/protocols/entry.py SERIAL_BL_BLOCK,
  Klipper docs/Bootloader_Entry.md "Physical serial"; Katapult scripts/flashtool.py SERIAL_BL_REQ, which prints
  "Requesting serial bootloader for device ...") named in a line that says it did nothing: "if I send echo $'~ \\x1c
  <the request> ~' >> /dev/ttyUSB0 ... it doesn't work" (Klipper Discourse 21251, a GD32F303 on a CH340
  adapter: the request never reached the running Klipper at its line settings). Klipper only honours the block as a
  block of its own at the configured baud, so "sent and nothing happened" is the request not reaching the application.

- the board's SD-card update told as a problem of uploading/flashing the firmware by (via, from, through) the card ->
  said_sd_not_taken (SD001's prose row): "Problem with upload firmware via SD card", "I have a problem with upload
  firmware by SD card ... nothing happens" (bigtreetech/Octopus-Max-EZ#12, fixed by another card), "trouble flashing
  klipper from the SD card", "I can't upload the firmware by TF card". claims.py's negated-verb row reads
  "doesn't flash with sd card"; this one adds the trouble nouns, "upload" and "by".

- the board said not to leave Katapult/CanBoot -> said_stuck_in_bootloader (BOOT009's prose row, claims.py reads "stuck
  in Katapult", "stays in CanBoot"): "can't get back to klipper from katapult" (Klipper Discourse 23819: Katapult had
  erased the flash and no Klipper was flashed yet), "can't get the EBB36 out of CanBoot", "it won't leave Katapult".

- BTT TouchScreenFirmware's SD update screen left at "Updating: %" with no number (tft_update_size, tft_update_no_progress):
  SD001's row for a TFT that never wrote a step of the file from its card (BIGTREETECH-TouchScreenFirmware#12).

Guards (review s22/s24's list): not a question, advice, a plan or a condition; not the host's card (a Raspberry Pi's
image); not a story that ends well in the same line; not "no problem". The SD row is weak, so a line another parser reads
stays that parser's (the request row is strong: the string is Klipper's own, and a weak row cannot read inside a
block another prose parser opened). Events go to a run under `claims.runs` (tool "sdkat-prose-s25").
"""

from __future__ import annotations

from dataclasses import replace

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.klipper_claims import _NOT_ADVICE, _NOT_ASKED, _NOT_HOST_CARD, _SENT
from doctor.parsers.sdkat_prose_s24 import MESSAGES as _S24_MESSAGES

# (review s25) klipper_claims' _NOT_ASKED takes a line that starts with "can" for a question ("Can it ...?"), and so read the
# thread-title form "Can't get back to klipper from katapult" as one (GEN001, not BOOT009): "can't"/"can’t" there is a statement
# (test_sdkat_s25's "Can't ..." test fails if _NOT_ASKED is reworded so that this replace no longer applies)
_NOT_ASKED_S25 = _NOT_ASKED.replace("|can|", "|can(?![’']t)|")
# a line end of the kind people write after "doesn't" (straight or typographic apostrophe)
_NT = r"(?:n[’']?t|\s+not)"
# the sentence says the request did nothing (after it, or before it: "nothing happens when I send ...")
_NO_EFFECT = (rf"(?:\b(?:does|did|do|would|will)(?:{_NT})\s+(?:work|help|do anything|do a thing|react|respond|enter|switch|reboot)\b"
              rf"|\bwo(?:{_NT})\s+(?:work|enter|switch|reboot)\b|\b(?:is|was|are|were)(?:{_NT})\s+working\b|\bnot working\b"
              r"|\bnothing (?:happens|happened|changes|changed)\b|\bno (?:effect|reaction|response)\b|\bstays? in klipper\b"
              r"|\bignor(?:es|ed|ing)\b)")
# not a story that ends well in the same sentence, not someone else's words or the docs
_NOT_WORKED = (rf"(?!{_SENT}{{0,400}}?\b(?:solved|fixed|resolved|works now|now works|(?:it|that|this) worked|succeeded|success\w*"
               r"|(?:docs?|documentation|readme|wiki|guide|manual)\s+(?:says?|said|states?|explains?|describes?|mentions?|warns?)|someone|somebody"
               # (review s25) someone else's story: "my friend had a problem with ...", "some users have trouble ..."
               r"|(?:my|a|his|her|our)\s+(?:friend|buddy|colleague|brother|sister|son|daughter|father|dad)s?|(?:some|other|many)\s+(?:users|people|folks))\b)")

# (review s24: "guard the whole line and the next sentence") a story that ends well anywhere in the line: "I couldn't get
# out of Katapult. Flashing klipper with the 8 KiB offset fixed it."
_NOT_SOLVED_LINE = (r"(?![^\n]{0,400}?(?<!n't )(?<!n’t )(?<!not )(?<!never )\b(?:solved|fixed|resolved|worked|works now|now works"
                    r"|succeeded|renamed|took it|flashed fine)\b)")
# not another MCU family's SD card (an ESP32's OTA from its card)
_NOT_ESP = r"(?![^\n]{0,400}?\b(?:esp32\w*|esp8266|esptool)\b)"

_REQ = r"request(?:ing)? serial bootloader"

_CARD = r"(?:(?:micro[- ]?)?(?:sd|tf)(?:[- ]?cards?)?|sdcard|micro[- ]?sd)\b"
_TROUBLE = r"(?:problems?|troubles?|issues?|difficult(?:y|ies))"
_UPDATE_VERB = r"(?:upload|flash|updat|upgrad|install)\w*"
# (review s25) what is put on the board, when the sentence names it: the firmware, not "gcode files" ("I have a problem loading
# gcode files from the SD card" is a print from the card); "loading" counts only with such an object
_FW_OBJ = (r"(?:(?:the|a|my|new|its|this|that)\s+)?(?:[\w.-]+\s+){0,2}?(?:firmwares?|fw|klipper|marlin|reprap\w*|rrf|smoothie\w*"
           r"|[\w-]+\.bin|bin|binary|update|it|board|mainboard|motherboard|printer|mcu|controller)\s+")
# (review s25) a doubt, not a statement: "Not sure if it's a problem with flashing via SD card or with printer.cfg"
_NOT_DOUBT = rf"(?!{_SENT}{{0,400}}?\b(?:not sure|unsure|wonder\w*|whether|unless)\b)"

# leaving the bootloader said not to happen: "can't get back to klipper from katapult", "can't get it out of CanBoot",
# "won't leave Katapult", "unable to exit katapult mode"
_KAT = r"(?:katapult|canboot)"
_CANT = rf"(?:ca(?:{_NT})|cannot|could(?:{_NT})|unable to|not able to|wo(?:{_NT})|does(?:{_NT})|did(?:{_NT})|never)"
_OBJ = r"(?:(?:it|him|them|(?:the|my|this|that|our)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+)?"
_LEAVE_SAID = (rf"(?:\b{_CANT}\s+(?:(?:get|go|come|boot|switch|return|jump|revert)\w*\s+{_OBJ}back\s+(?:in)?to\s+klipper\s+(?:from|out\s+of)\s+(?:the\s+)?{_KAT}"
               rf"|(?:get|come|go|boot|break|jump|switch)\w*\s+{_OBJ}(?:back\s+)?out\s+of\s+(?:the\s+)?{_KAT}"
               rf"|(?:exit|leave|quit)\w*\s+(?:the\s+)?{_KAT})"
               # (review s25) Katapult the subject: "Katapult didn't exit after the flash", "canboot never jumps to klipper"
               rf"|\b{_KAT}\s+(?:(?:bootloader|mode)\s+)?{_CANT}\s+(?:(?:exit|leave|quit)\w*|(?:jump|boot|go|switch)\w*\s+(?:back\s+)?(?:in)?to\s+klipper))\b")

MESSAGES = rows_of(
    group(
        "prose: the board said not to leave its Katapult/CanBoot bootloader (back to Klipper, out of Katapult)",
        Msg("said_stuck_in_bootloader",
            rf"(?i)^(?=[^\n]*?{_KAT})(?=[^\n]*?\b(?:back|out|exit|leave|quit|klipper))"  # cheap test first, then the guards
            rf"{_NOT_ASKED_S25}{_NOT_ADVICE}{_NOT_WORKED}{_NOT_SOLVED_LINE}"
            # not a plan or a condition about leaving it ("if you can't get back to klipper from katapult, flash it again")
            rf"(?!{_SENT}{{0,400}}?\b(?:if|unless|when|whenever|until|how)\b)"
            rf"{_SENT}{{0,300}}?{_LEAVE_SAID}",
            strength="weak",
            example="So I'm installing a ebb36 following the esoteric canbus guide and can't get back to klipper from katapult"),
    ),
    group(
        "prose: Klipper's serial bootloader request (Klipper docs/Bootloader_Entry.md; Katapult flashtool.py SERIAL_BL_REQ) "
        "sent and said to do nothing",
        Msg("said_bootloader_request_failed",
            rf"(?i)^(?=[^\n]*?{_REQ})"  # cheap test first, then the guards
            rf"{_NOT_ASKED_S25}{_NOT_ADVICE}{_NOT_WORKED}{_NOT_SOLVED_LINE}{_NOT_DOUBT}"
            rf"(?:{_SENT}{{0,300}}?\b{_REQ}\b[!\s~'\"`]*{_SENT}{{0,200}}?{_NO_EFFECT}"
            rf"|{_SENT}{{0,200}}?{_NO_EFFECT}{_SENT}{{0,200}}?\b{_REQ}\b)",
            # strong: the request string is Klipper's own, so the line is read even inside a block another prose
            # parser opened a few lines up (claims' weak said_stm32_part)
            strength="strong",
            example="if I send echo $'~ \\x1c request serial bootloader!! ~' >> /dev/ttyUSB0 it doesn't work."),
    ),
    group(
        "prose: trouble uploading/flashing the board's firmware by its SD (TF) card",
        Msg("said_sd_not_taken",
            rf"(?i)^(?=[^\n]*?{_TROUBLE})(?=[^\n]*?(?:sd|tf))"  # cheap test first, then the guards
            rf"{_NOT_HOST_CARD}{_NOT_ESP}{_NOT_ASKED_S25}{_NOT_ADVICE}{_NOT_WORKED}{_NOT_SOLVED_LINE}{_NOT_DOUBT}"
            # not "no problem", "without any issue", "had no trouble"
            rf"(?!{_SENT}{{0,400}}?\b(?:no|without(?: any)?|never had(?: any| a)?|any)\s+{_TROUBLE})"
            # not a line that says the card took the file after all
            rf"(?!{_SENT}{{0,400}}?(?<!n't )(?<!not )(?<!never )\b(?:renamed|\.cur|took it|it flashed|flashed fine)\b)"
            rf"{_SENT}{{0,200}}?\b{_TROUBLE}\s+(?:with|when|while|in|on)?\s*(?:the\s+|my\s+)?"
            rf"(?:{_UPDATE_VERB}\s+(?:{_FW_OBJ})?|load\w*\s+{_FW_OBJ})"
            r"(?:by|via|from|with|through|using|over|off)\s+(?:the\s+|an?\s+|my\s+|its\s+)?"
            rf"(?:[\w-]+\s+){{0,2}}?{_CARD}",
            strength="weak", example="I have a problem with upload firmware by SD card."),
    ),
)


# BTT TouchScreenFirmware's SD-card update screens (bigtreetech/BIGTREETECH-TouchScreenFirmware 3c46b699c, TFT/src/User/API/
# boot.c updateFont: "Size:    KB" then "Updating:   %", the number drawn only once the progress moves; the TFT
# bootloader's firmware screen prints "Program size: <n>kb" and "Updating: <n>%" the same way). "Updating: %" with no
# number is a screen on which not one step of the file was written yet; pasted, it is a screen that stayed there
# (BIGTREETECH-TouchScreenFirmware#12: a change of card fixed it; the README's "Firmware Update Failed": a new card,
# 8 GB or smaller, FAT32, or the firmware of another TFT model)
TFT_MESSAGES = rows_of(
    group(
        "BTT TouchScreenFirmware update screen (TFT/src/User/API/boot.c 3c46b699c; the TFT bootloader's firmware screen)",
        Msg("tft_update_size", r"(?i)^\s*(?:program size:\s*\d+\s*kb|size:\s*\d+\s*kb)\s*$", strength="weak",
            example="Program size: 82kb"),
        Msg("tft_update_size", r"^\s*Updating (?:Fonts|Icons)\s*$", strength="weak", example="Updating Fonts"),
        Msg("tft_update_no_progress", r"(?i)^\s*updating:\s*%\s*$", strength="weak", example="Updating:  %"),
        # (review s25) the screen copied on the way to a success the next lines tell ("... it finished, the TFT works now"):
        # read inside this block (SD001's screen rule stays quiet then); not "it never finished", "doesn't work now"
        Msg("said_now_working",
            rf"(?i)^{_NOT_ASKED_S25}(?!{_SENT}{{0,400}}?(?:\b(?:not|never|no longer|still)\b|n[’']t\b))"
            rf"{_SENT}{{0,400}}?\b(?:now (?:\w+ ){{0,2}}?(?:works|runs|boots|starts)|works now|(?:finished|completed|succeeded|was successful)"
            r"|(?:solved|fixed|resolved) (?:it|the|my))\b",
            strength="none", example="and after a few seconds it finished, the TFT works now."),
    ),
)
MESSAGES = MESSAGES + TFT_MESSAGES

# (review s25) the request row is strong, so its line is this parser's alone: "Katapult is installed with 8KiB offset, but the
# Request Serial Bootloader string is ignored" lost sdkat_prose_s24's weak said_katapult_installed. That row is read here too
# (all_matches), as a row of this block only
MESSAGES = MESSAGES + tuple(replace(r, strength="none") for r in _S24_MESSAGES if r.kind == "said_katapult_installed")


@register
class SdKatProseS25Parser(TableParser):
    name = "sdkat-prose-s25"
    namespace = "claims"
    hints = ("request serial bootloader", "requesting serial bootloader", "katapult", "canboot", "sd card", "sd-card", "sdcard", "micro sd",
             "microsd", "tf card", "tf-card", "program size", "size:", "updating")
    messages = MESSAGES
    all_matches = True  # (review s25) a line may say the request failed and that Katapult is installed

    def summary(self) -> dict[str, object]:
        return {}
