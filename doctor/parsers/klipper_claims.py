"""What Klipper users say in prose about the fix that worked, when the thread holds sentences more than a log (session 22,
klipper-eco gathering: Sovol/Creality/QIDI fork trackers, BTT/Mellow/MKS board trackers, the Esoterical CAN guide's issues).

Six families, in their usual wordings:

- the board's bootloader took the firmware only from another card: the card named by its make or by "TF card" (the
  vendors' word for microSD), the success said after it -> said_sd_card_swap_fixed (SD001, the kind claims.py's rows
  also emit): `All work with original TF card.` (0xD34D/ender3-v3-se-klipper-config#11), `The solution was also the
  same; I used a SanDisk 16GB micro SD card` (bassamanator/Sovol-SV06-firmware#52), `Replaced new card and formatted
  to FAT32 not in quick mode. It works now.` (makerbase-mks/MKS-SBASE#41).
- the serial path in printer.cfg was what had to change -> said_serial_path_fixed (SER005): `resolved by updating
  printer.cfg [mcu] serial # to match the SN` (Rappetor/Sovol-SV08-Mainline#182), the by-id name's letter case `It
  needs to be a capital "K" on Klipper_stm32_xxxx` (Sovol-SV08-Mainline#142: /dev/serial/by-id names are
  case-sensitive, usb-Klipper_ vs usb-klipper_).
- the CAN interface said to be down -> said_can_down (CAN001): `I saw the actual interface appear in ifconfig output,
  but with status DOWN and queue of only 10` (Esoterical/voron_canbus#81: /etc/network/interfaces did not source
  interfaces.d), `ip -s -d link show can0 ... writes the CAN state as DOWN` (voron_canbus#84). The kernel's link state
  (ip link's "state DOWN", ifconfig without UP) is what the words repeat.
- the firmware said to have been built with the wrong CAN/USB pins or communication interface -> said_wrong_comm_pins
  (FW002): `i was flashing the manta with wrong can pins under canbus comms` (bigtreetech/EBB#34).
- the UUID query said to find nothing because the running Klipper claims the nodes -> said_can_uuid_claimed (CAN003):
  `flashtool.py -i can0 -q won't find anything if the UUID is claimed by the running Klipper` (Esoterical/voron_canbus#28).
- the bootloader and Klipper said to run at two different serial baud rates -> said_baud_split (SER007), either order:
  `Katapult runs at 250000, Klipper at 500000` (Phil1988/FreeDi#559).

The guards each row really has (all look at the claim's sentence unless "line" is said):
- SD001: a question (_NOT_ASKED), advice or a plan (_NOT_ADVICE), the host's card (_NOT_HOST_CARD), a denied or hoped-for
  success (_OK's look-behinds). The first row also: a negation, conditional, doubt, hearsay or the docs (_NOT_SAID), a
  success that was lost ("used to", "before", "but ... still/nothing/failed").
- SER005: question, advice, a negated fix; the first row also a rule ("usually/normally ... fixed by"); the letter-case row
  only "needs to be / must be / should have been / was missing" (not a plain "it's a lowercase k").
- CAN001: question, the future or a default ("will", "by default", "goes down"), ip link's / ifconfig's own line (line).
- CAN003: question, advice, and the person ruling it out ("with Klipper stopped ... nothing", "that's expected": line).
- SER007: question, the two numbers equal, and CAN bus speeds (can0, bitrate, canbus_frequency: line), which are CAN005's.
- FW002: claims.py's _STATED (question, advice, a condition at the sentence's start) and _NOT_SAID, plus a guess
  ("maybe", "probably", "I think", "could be": line).
Events go to a run under `claims.runs` (tool "klipper-claims"); the entries rank these statements as warnings below what
a pasted tool run shows.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _STATED
from doctor.parsers._common import SENT

# a sentence's start; the guards look at that sentence only (a question or advice after it in the line is another sentence)
_S = r"(?:^|(?<=[.!?;]\s)|(?<=[.!?;]\s\s))"
# a character of the sentence: a full stop inside a word (flashtool.py, printer.cfg) does not end it
# not a question, not advice, not a conditional or a wish
_NOT_ASKED = r"(?!(?:[^.!\n]|[.!](?=\S)){0,400}?\?)(?!\s*(?:is|was|are|were|could|should|would|does|did|do|can|might|maybe|if|when|whether)\b)"
_NOT_ADVICE = (r"(?!(?:[^.!?\n]|[.!?](?=\S)){0,400}?\b(?:make sure|ensure|check (?:that|if|whether)|should|you (?:need|have) to|try(?:ing)?|tried|if you"
               r"|did ?n[o']t help|does ?n[o']t help|no (?:change|difference|luck)|i will|i'll|going to|gonna)\b)")
# the host's own card (a Raspberry Pi's, an OS image, the CB1's) is not the board's
_NOT_HOST_CARD = r"(?!(?:[^.!?\n]|[.!?](?=\S)){0,400}?\b(?:raspberry|rpi|pi\d?|imager?|etcher|os image|cb1|cm4|sbc|host|emmc|klipperscreen|mainsailos|fluiddpi|octopi)\b)"
_CARD = r"(?:(?:micro ?)?sd|tf|micro ?sd)(?:[- ]?cards?)?"
_MAKE = r"(?:sandisk|samsung|kingston|lexar|toshiba|transcend|pny|kioxia|verbatim|intenso)"
# (review s22) a sentence that denies, doubts, supposes or repeats someone else's word: "it was not built with the wrong CAN
# pins", "I don't think ...", "if the firmware was built ...", "someone said ..., but that wasn't it", "the docs say ...",
# "some users report ...", "apparently ... for some people"; it looks at the claim's own sentence only
_SENT = SENT  # doctor/parsers/_common.py
_NOT_SAID = (rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|never|no longer|if|unless|whether|nor|docs?|documentation|manual|wiki|readme|guide says"
             r"|someone|somebody|some (?:users|people|folks)|others|users report|people (?:say|report)|reportedly|apparently|supposedly"
             r"|for some|wasnt|didnt|isnt|dont|doesnt)\b|n[’']t\b))")
_NOT_CAN_RATE = r"(?![^\n]{0,400}?\b(?:can\d|can ?bus\w*|bit ?rates?|canbus_frequency)\b)"
_OTHER = r"(?:original|other|old|older|another|different|new|smaller|stock|bundled|supplied|included|\d+ ?gb)"
# a success the person states, not one they deny or only hope for
_OK = (r"(?<!n't )(?<!not )(?<!never )(?<!no longer )(?<!seem to )(?<!seems to )(?<!supposed to )(?<!should )(?<!might )(?<!would )"
       r"(?:works?|worked|working|flashed|flashes|took it|takes it|did the trick|fixed it|solved it)\b")

MESSAGES = rows_of(
    group(
        "prose: another SD card made the board's bootloader take the firmware (SD001)",
        # the success first, the card after it: "All work with original TF card."
        # (review s22) not hearsay or docs (_NOT_SAID), not a success that was lost ("used to work with ..., but now nothing
        # flashes", "flashed fine ... before", "flashed with a new SD card but still shows the old version")
        Msg("said_sd_card_swap_fixed",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_HOST_CARD}{_NOT_SAID}(?!{_SENT}{{0,400}}?\b(?:used to|before|previously|at first)\b)"
            rf"(?!{_SENT}{{0,400}}?\b(?:but|until|till|though|however|then|now)\b{_SENT}{{0,80}}?\b(?:still|nothing|fail\w*|stopp\w*|again|old version|error\w*)\b)"
            rf"(?:[^.!?\n]|[.!?](?=\S)){{0,300}}?\b{_OK}(?:[^.!?\n]|[.!?](?=\S)){{0,25}}?\bwith\s+(?:the\s+|an?\s+|my\s+)?"
            rf"(?:{_MAKE}\s+)?{_OTHER}\s+(?:{_MAKE}\s+)?(?:\d+ ?gb\s+)?{_CARD}\b(?!(?:[- ]?cards?)?\s*(?:adapters?|readers?|slots?|sockets?)\b)",
            strength="strong", example="All work with original TF card."),
        # the fix named as the card used: "The solution was also the same; I used a SanDisk 16GB micro SD card"
        Msg("said_sd_card_swap_fixed",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_HOST_CARD}(?:[^.!?\n]|[.!?](?=\S)){{0,300}}?\bthe (?:solution|fix|cure) (?:was|is)\b(?:[^.!?\n]|[.!?](?=\S)){{0,40}}?"
            rf"\b(?:us(?:e|ed|ing)|buy|bought|get|got|switch(?:ed|ing)? to|chang(?:e|ed|ing) to)\s+(?:the\s+|an?\s+)?"
            rf"(?:{_MAKE}\s+)?(?:{_OTHER}\s+)?(?:{_MAKE}\s+)?(?:\d+ ?gb\s+)?{_CARD}\b(?!(?:[- ]?cards?)?\s*(?:adapters?|readers?|slots?|sockets?)\b)",
            strength="strong", example="The solution was also the same; I used a SanDisk 16GB micro SD card, formatted as directed in the Readme."),
        # the card replaced, then a success in the same line: "Replaced new card and formatted to FAT32 not in quick mode. It works now."
        Msg("said_sd_card_swap_fixed",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_HOST_CARD}(?=[^\n]{{0,400}}?\b(?:sd|tf|micro ?sd)[- ]?cards?\b)[^\n]{{0,300}}?"
            rf"\b(?:replaced|swapped|changed)\s+(?:it\s+|the\s+card\s+)?(?:with\s+|to\s+|for\s+)?(?:an?\s+)?(?:{_MAKE}\s+)?(?:new|another|different|smaller)\s+"
            rf"(?:{_MAKE}\s+)?(?:{_CARD}|card)\b[^\n]{{0,120}}?\b(?:it|that|now|and it)\s+(?:now\s+)?{_OK}",
            strength="strong", example="It is SDCard unstable. Replaced new card and formatted to FAT32 not in quick mode. It works now."),
    ),
    group(
        "prose: the serial path in printer.cfg was what had to change (SER005)",
        # the fix: the [mcu] serial updated in printer.cfg (to match what /dev/serial/by-id shows)
        Msg("said_serial_path_fixed",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_ADVICE}(?!{_SENT}{{0,300}}?\b(?:usually|normally|typically|often|generally|commonly|mostly)\b)"  # advice as a rule
            rf"(?:[^.!?\n]|[.!?](?=\S)){{0,300}}?(?<!not )(?<!n\'t )(?<!never )\b(?:resolved|fixed|solved|worked|works)\b(?:[^.!?\n]|[.!?](?=\S)){{0,20}}?\b(?:by|after)\s+"
            r"(?:updat\w*|chang\w*|correct\w*|fix\w*|edit\w*|replac\w*)\s+(?:the\s+|my\s+)?(?:printer\.cfg\s+)?(?:\[mcu[^\]\n]{0,30}\]\s+)?"
            r"(?:serial|by-id|mcu (?:id|serial|path)|device (?:id|path))\b",
            strength="strong", example="resolved by updating printer.cfg [mcu] serial # to match the SN in the image posted earlier in this thread."),
        # the by-id name's letter case: "It needs to be a capital "K" on Klipper_stm32_xxxx"
        Msg("said_serial_path_fixed",
            rf"(?i){_S}{_NOT_ASKED}(?:[^.!?\n]|[.!?](?=\S)){{0,200}}?\b(?:needs? to be|has to be|must be|should have been|was missing)\s+(?:a\s+|an\s+)?"
            r"(?:capital|upper ?case|lower ?case|small)\s+[\"'`]?k[\"'`]?\s+(?:on|in|for)\s+(?:the\s+)?(?:usb-)?(?:klipper|katapult)_",
            strength="strong", example='It needs to be a capital "K" on Klipper_stm32_xxxxxxxxxxxxxx'),
    ),
    group(
        "prose: the CAN interface said to be down (CAN001)",
        Msg("said_can_down",
            rf"(?i){_S}{_NOT_ASKED}(?![^\n]{{0,400}}?\b(?:will|would|going to|by default|should|goes down|go down|went down|after (?:flash|reset))\b)"
            r"(?![^\n]{0,400}?(?:\bmtu \d|<[A-Z_,-]+>|\bqdisc\b))"  # not ip link's / ifconfig's own output line
            r"(?=[^\n]{0,400}?\b(?:can\d|can ?bus|can interface|interface|ifconfig|ip (?:-\w+ )*(?:link|a|addr))\b)"
            r"[^\n]{0,300}?\b(?:(?:can\d?\s+)?(?:state|status)\s+(?:is\s+|was\s+|as\s+|of\s+)?[\"'`]?down\b(?!\s+to\b)"
            # (review s22) "can0 was DOWN until I added the interfaces file, now works": the interface itself, then what brought it up
            r"|can\d\s+(?:was|is|stayed|stays)\s+(?:still\s+)?[\"'`]?down\b[\"'`]?\s+(?:until|till)\b)",
            strength="strong",
            example="I saw the actual interface appear in `ifconfig` output, but with status DOWN and queue of only 10."),
    ),
    group(
        "prose: a UUID query finds nothing because the running Klipper claims the nodes (CAN003)",
        # the query's empty answer and the claimer in one sentence: "flashtool.py -i can0 -q won't find anything if the UUID is
        # claimed by the running Klipper" (Esoterical/voron_canbus#28); "canbus_query showed nothing because Klipper was still running"
        Msg("said_can_uuid_claimed",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_ADVICE}"
            # (review s22) not when the person rules it out: "even with Klipper stopped it finds nothing", "so I stopped klipper, and
            # still 0 uuids", "that's expected"
            r"(?![^\n]{0,400}?(?:\b(?:with|after)\s+(?:the\s+)?klipper(?:\s+service)?\s+(?:being\s+)?stopped\b"
            r"|\bstop(?:ped|ping)?\s+(?:it|klipper|the klipper service)\b[^\n]{0,40}?(?:\bstill\b|\bnothing\b|\b(?:0|no|zero) uuids?\b)"
            r"|\bthat'?s\s+(?:normal|expected)\b))"
            rf"(?=(?:[^.!?\n]|[.!?](?=\S)){{0,400}}?\b(?:quer\w*|-q\b|canbus_query|flashtool|flash_can|uuids?)\b)(?:[^.!?\n]|[.!?](?=\S)){{0,300}}?"
            r"\b(?:(?:wo|do|did|does|could|ca)n'?t|(?:will|do|did|does|could|can) ?not|never)\s+(?:find|show|list|return|detect|see)\w*\b(?:[^.!?\n]|[.!?](?=\S)){0,60}?"
            r"\b(?:if|because|since|as|while|when)\b(?:[^.!?\n]|[.!?](?=\S)){0,40}?(?:\b(?:claimed|used|taken|assigned|in use)\s+by\s+(?:the\s+)?(?:running\s+)?klipper\b"
            r"|\bklipper\s+(?:is|was)\s+(?:still\s+)?running\b)",
            strength="strong",
            example="It would be beneficial to describe that `python3 ~/katapult/scripts/flashtool.py -i can0 -q` won't find anything if the UUID is claimed by the running Klipper."),
    ),
    group(
        "prose: the bootloader and the application said to run at two different baud rates (SER007)",
        # "Katapult runs at 250000, Klipper at 500000" (Phil1988/FreeDi#559: a QIDI Plus4 toolhead whose Katapult was built for
        # 250000 while printer.cfg's [mcu] baud is 500000, and flashtool.py takes one -b); the two numbers must differ
        # (review s22) not a CAN bus's speeds (a node's CANBUS_FREQUENCY is CAN005's, not a serial baud)
        Msg("said_baud_split",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_CAN_RATE}(?:[^.!?\n]|[.!?](?=\S)){{0,200}}?\b(?:katapult|canboot|the bootloader)\b[^.!?;\n]{{0,20}}?\b(?:runs?\s+(?:at|with)|is\s+(?:at|set to|built for)|at|uses|listens\s+at|built\s+(?:for|with))\s+"
            r"(\d{5,7})\b[^.!?;\n]{0,40}?\b(?:klipper|printer\.cfg|the firmware|the application)\b[^.!?;\n]{0,20}?\b(?:runs?\s+at|is\s+at|at|uses|is|=|:)\s*"
            r"(?!\1\b)\d{5,7}\b",
            strength="strong",
            example="FreeDi — Plus4 toolhead flash wizard fails: Katapult runs at 250000, Klipper at 500000, `flashtool.py` takes one `-b`"),
        # the application first: "Klipper is at 250000 while Katapult is at 500000"
        Msg("said_baud_split",
            rf"(?i){_S}{_NOT_ASKED}{_NOT_CAN_RATE}(?:[^.!?\n]|[.!?](?=\S)){{0,200}}?\b(?:klipper|printer\.cfg|the firmware|the application)\b[^.!?;\n]{{0,20}}?\b(?:runs?\s+(?:at|with)|is\s+(?:at|set to|built for)|at|uses|built\s+(?:for|with))\s+"
            r"(\d{5,7})\b[^.!?;\n]{0,40}?\b(?:katapult|canboot|the bootloader)\b[^.!?;\n]{0,20}?\b(?:runs?\s+at|is\s+(?:at|set to|built for)|at|uses|is|=|:)\s*"
            r"(?!\1\b)\d{5,7}\b",
            strength="strong", example="Klipper is at 250000 while Katapult is at 500000."),
    ),
    group(
        "prose: the firmware was built with the wrong CAN/USB pins or communication interface (FW002)",
        Msg("said_wrong_comm_pins",
            # (review s22) a stated sentence (_STATED) that denies, doubts or quotes nothing (_NOT_SAID)
            _STATED + _NOT_SAID + r"(?![^\n]{0,400}?\b(?:make sure|ensure|check|if you|could be|might be|maybe|probably|i think|i guess|i suspect|i wonder)\b)"
            + _SENT + r"{0,200}?"
            r"\b(?:i was|i had|i'd|it was|was|were|had been|turned out|the problem was|the issue was|my mistake)\b(?:[^.!?\n]|[.!?](?=\S)){0,40}?"
            r"\b(?:flash\w*|buil[dt]\w*|compil\w*|select\w*|configur\w*|set|chose|picked)\b(?:[^.!?\n]|[.!?](?=\S)){0,40}?\bwith\s+(?:the\s+)?wrong\s+"
            r"(?:can|can ?bus|usb|uart|serial|communication|comms?)\s+(?:pins?|interface|port)\b",
            strength="strong", example="yes...it works now. i was flashing the manta with wrong can pins under canbus comms. thank you"),
    ),
)


@register
class KlipperClaimsParser(TableParser):
    name = "klipper-claims"
    namespace = "claims"
    hints = ("quer", "-q", "canbus_query", "flashtool", "baud", "katapult runs", "canboot runs", "katapult at", "bootloader runs",
             "sd card", "sd-card", "sdcard", "microsd", "micro sd", "tf card", "tf-card", "printer.cfg", "klipper_", "katapult_",
             "down", "wrong can", "wrong usb", "wrong uart", "wrong serial", "wrong comm",
             # (review s22) the wordings the rows are for that hold none of the above
             "by-id", "serial", "uuid", "flash_can", "katapult", "canboot", "bootloader")
    messages = MESSAGES

    def summary(self) -> dict[str, object]:
        return {}
