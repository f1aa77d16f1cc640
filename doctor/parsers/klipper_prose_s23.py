"""What Klipper and CAN users say in prose about the cause that a thread resolved, session 23 (klipper gathering: Klipper PRs
and Discourse, Voron forum, RatOS, Esoterical's CAN guide, vendor trackers, linux-can, python-can, BUSMASTER).

Eight families, in their usual wordings (the examples are the gathered threads' own sentences or the rows' formats):

- the host CAN transmit queue said to be at the kernel's default of 10 -> said_small_txqueuelen (CAN006, the kind claims.py's
  row also emits; that row needs a CAN word in the line): `I'm still getting the qlen=10 instead of qlen=1024` (linux-can/
  can-utils#470, systemd 247 ignoring TransmitQueueLength=), `The default queue length of 10 is unexpectedly set in spite of
  10-can.rules content` (Esoterical/voron_canbus#104). The number 10 is the kernel's default for CAN devices (Linux
  drivers/net/can/dev: `dev->tx_queue_len = 10`), other interfaces start at 1000: "qlen 10" names a CAN device's queue
  without a CAN word.
- the kernel said to lack the USB-CAN driver -> said_can_driver_missing (CAN002, also claims.py's): `Found out the kernel did
  not have the proper can module so I cross compiled my own` (xblax/flashforge_ad5m_klipper_mod#368).
- the board said to need a hard power cycle before its bootloader takes the new firmware.bin -> said_sd_power_cycle_needed
  (SD002): `the Octopus board doesn't seem to pick up the new firmware.bin after a soft-reset and I had to power-cycle it`
  (Klipper PR 5642), `these boards require a hard power reset after a flash in order to reset the sdcard`, `The SD Card itself
  needs to be power cycled` (Klipper PR 5715). Klipper's flash-sdcard.sh prints the same advice (SDIO_WARNING) for boards
  with skip_verify; the prose says it without the script.
- the card's format or cluster size said to be what made the bootloader take the firmware -> said_sd_format_fixed (SD001):
  `i could not flash firmware to my SV06 until i formatted it to FAT32 with 4096 byte allocation unit size` (bassamanator/
  Sovol-SV06-firmware#44), `The fix is to format the SD card in FAT32 with a cluster size of 512 bytes` (BTT SKR-V1.3#52).
- the USB-CAN adapter's firmware said to block CAN flashing, or updating it said to fix it -> said_can_adapter_fw (CAN007):
  `a fix for the u2c not allowing CAN flashing to the EBB` (Voron forum, Arksine/CanBoot#44's BTT firmware).
- the CAN bus termination said to be missing or the fix, or a bus resistance under 50 ohms measured -> said_can_termination,
  said_can_low_resistance (CAN004): `I put a 120 Ohm Resistence in Busmaster Bus` (rbei-etas/busmaster#1180), `I can measure
  117 Ohms at both connectors, but measuring only 40 over all` (r/VORONDesign: 60 is two terminators, 40 three, 0 a short).
- /etc/network/interfaces said not to source interfaces.d (so interfaces.d/can0 is never read) -> said_can_config_not_read
  (CAN001): `interfaces.d is not sourced in /etc/network/interfaces` (Rat-OS/RatOS#73).
- two CAN nodes said to use different sample points / bit timing -> said_can_timing_mismatch (CAN005): `Different sample rate
  on sender and receiver` (Emandhal/MCP251XFD#6, CAN FD with bit-rate switching).
- Katapult said to fail at SEND_BLOCK (a statement, not flashtool's own "Error sending command [SEND_BLOCK]" line) ->
  said_send_block_failed (KAT001 with an STM32H723/H733 named): `On an STM32H723, Katapult returned ACK_ERROR on the first
  SEND_BLOCK at 0x08020000` (Arksine/katapult PR 187).

Guards (review s22's list): a question, advice or a plan, a conditional, a guess, a negated or ruled-out cause, and a list of
tries that did not help, each looked for in the claim's own sentence (`_S` starts it, `_SENT` stays in it). Events go to a run
under `claims.runs` (tool "klipper-prose-s23"); the entries rank them as warnings below a tool's printed line.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.klipper_claims import _NOT_ADVICE, _NOT_ASKED, _NOT_HOST_CARD, _S, _SENT

# not a conditional, a guess or someone else's word, in the claim's sentence
_NOT_IF = (rf"(?!{_SENT}{{0,400}}?\b(?:if|unless|whether|in case|maybe|perhaps|probably|might|could be|i think|i guess|i suspect|i wonder|thought|suspected|assumed|believed"
           r"|someone|somebody|docs?|documentation|readme|wiki|guide says)\b)")


# not a list of tries that did not help ("I put a 120 ohm resistor in but still errors")
def _not_tried(still: str = r"still") -> str:
    """Not a list of tries that did not help; `still` is the word for "still" (a row narrows it when "still getting X" is its claim)."""
    return (rf"(?!{_SENT}{{0,400}}?(?:\b(?:{still}|no (?:change|difference|luck)|same (?:result|problem|issue|error)s?|nothing changed|to no avail"
            r"|did ?n[o']t (?:help|change|fix|work)|does ?n[o']t (?:help|change|fix|work)|not (?:help|fix)\w*)\b))")


_NOT_TRIED = _not_tried()
# a negation in the sentence (for the rows whose claim is itself positive)
_NOT_NEG = rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|never|no longer)\b|n[’']t\b))"

# (review s22's claims.py guard) not a link said to work with it: "Klipper on can0 with txqueuelen 10 works without errors for months"
# (review s23) "has no issues", "was fine for me", "never had a problem"
_NOT_OK_WITH = (rf"(?!{_SENT}{{0,400}}?\b(?:(?:works?|worked|working|runs?|running|ran)\s+(?:\w+\s+)?(?:fine|without|flawless\w*|perfect\w*|ok|okay|well)"
                r"|no (?:issues?|problems?|errors?|trouble)|(?:was|is|were|are|been) (?:fine|ok|okay)|never had)\b)")
_TXQ_TERM = r"(?:qlen|txqueuelen|tx_queue_len|transmitqueuelength)"
# (review s23) "I raised it to 1024, still getting Timer too close" is a try; "still getting the qlen=10" is the claim
_TXQ_TRIED = _not_tried(rf"still(?!\s+(?:\w+\s+){{0,2}}?(?:{_TXQ_TERM}|(?:default\s+)?queue))")
_CAN_ADAPTER = r"(?:u2c|utoc(?:-\d)?|ucan|candle ?light(?:_fw)?|canable|usb[- ]?(?:to[- ]?)?can(?: adapter| bridge)?|can adapter)"
_CARD = r"(?:(?:micro ?)?sd|tf)(?:[- ]?cards?)?"
# the adapter without "bridge": a "usb-can bridge firmware" is Klipper's own firmware on a main board (CAN007's update row)
_CAN_ADAPTER_NB = r"(?:u2c|utoc(?:-\d)?|ucan|candle ?light(?:_fw)?|canable|usb[- ]?(?:to[- ]?)?can(?: adapter)?|can adapter)"
# the SD card or firmware.bin in the sentence (SD002's rows: a power cycle for an ESP32 or a Pi is not the card's)
_SD_CTX = (rf"(?={_SENT}{{0,400}}?(?:\bfirmware\.bin\b|\b(?:micro ?)?sd ?cards?\b|\bsdcard\b|\bsdio\b|flash-sdcard|\bFIRMWARE\.CUR\b|\bsd\b))")
# (review s23) not the docs' general rule quoted: "Boards that use SDIO mode to access their SD Card require a power-cycle", "mine uses
# SPI so a reset is enough"
_NOT_SD_GENERIC = (rf"(?!{_SENT}{{0,400}}?\b(?:(?:boards?|ones|those|devices)\s+(?:that|which)\s+use|sdio\s+mode|their\s+(?:micro ?)?(?:sd|tf)"
                   r"|(?:a\s+)?(?:soft\s+)?reset\s+is\s+enough)\b)")
# (review s23) the terminator put in said as the cure or the missing part ("and the errors are gone", "it now works", "the missing one")
_TERM_CURED = (rf"(?={_SENT}{{0,400}}?\b(?:fix\w*|solv\w*|resolv\w*|cured|gone|missing|now\s+(?:works?|working|connects?|flashes)"
               r"|works?\s+now|working\s+now)\b)")
# a CAN word in the line (CAN004's rows: a 120 ohm resistor or an ohm reading is CAN only with one)
_CAN_CTX = (r"(?=[^\n]{0,400}?(?:\b(?:can[_ -]?[hl]|can ?bus|canbus|can\d|socket ?can|u2c|utoc|ucan|canable|candle ?light|ebb\w*|sb2\d{3}\w*|toolhead"
            r"|busmaster|katapult|canboot)\b|(?-i:\bCAN\b)))")
# not another bus or a part's own resistance
_NOT_OTHER_OHMS = (r"(?![^\n]*\b(?:heater|thermistor|fan|cartridge|continuity|end[- ]to[- ]end|each wire|per wire|rs-?485|rs-?422|modbus|dmx|i2c"
                   r"|leds?|motor|coil|stepper|probe)\b)")


def _need(words: str, guards: str = "") -> str:
    """A row's start: the line holds one of `words` (one scan; most lines are dropped here), and the line-wide `guards` hold (at the
    line's start, once), then the claim's sentence is looked for anywhere in it."""
    return r"(?i)^(?=[^\n]*?(?:" + words + r"))" + guards + r"[^\n]*?"

MESSAGES = rows_of(
    group(
        "prose: the CAN transmit queue at the kernel's default of 10 (CAN006; Linux drivers/net/can/dev sets tx_queue_len = 10)",
        # the queue named in netdev terms (ip link's qlen, ifconfig's txqueuelen, sysfs tx_queue_len, systemd's
        # TransmitQueueLength) with the value 10 in a sentence of four words or more: never ip link's / ifconfig's own row, old or new
        # format ("collisions:0 txqueuelen:10", "txqueuelen 10  (UNSPEC)": ip_link and ifconfig read those), never a config or command
        # line (can_config reads those)
        Msg("said_small_txqueuelen",
            r"(?i)^(?=[^\n]*?(?:qlen|txqueuelen|tx_queue_len|transmitqueuelength))(?!\s*\d+:\s)(?!\s*(?:up|iface|pre-up|post-up)\s)(?!\s*\[)(?![^\n]*(?:\bqdisc\b|\bmtu \d|link/can|\(UNSPEC\)|TransmitQueueLength\s*=|\bip link set\b|\bifconfig \S+ txqueuelen\b|\bcollisions[: ]\d|\btxqueuelen:\d))(?=(?:\S+\s+){3}\S)[^\n]*?"
            rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_NEG}{_TXQ_TRIED}(?!{_SENT}{{0,400}}?\b(?:should|set it to|not the (?:problem|cause|issue))\b){_NOT_OK_WITH}"
            rf"{_SENT}{{0,300}}?\b{_TXQ_TERM}\s*(?:(?:=|:|of|is|was|at|still|only|stays?|stuck at)\s*){{0,3}}10\b(?![.,]?\d)",
            strength="strong", example="I'm still getting the qlen=10 instead of qlen=1024"),
        # "the default queue length of 10", "transmit queue length is 10" with a CAN word in the line (a systemd .link or udev rules
        # file for can counts: 10-can.rules, 80-can.link)
        Msg("said_small_txqueuelen",
            r"(?i)^(?=[^\n]*?queue)(?![^\n]*(?:\bqdisc\b|\bmtu \d|link/can|\(UNSPEC\)|TransmitQueueLength\s*=))"
            r"(?=[^\n]{0,400}?(?:\b(?:can\d|can ?bus|canbus|socketcan)\b|(?-i:\bCAN\b)|\b[\w-]*can\.(?:rules|link|network)\b))[^\n]*?"
            rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_NEG}{_TXQ_TRIED}(?!{_SENT}{{0,400}}?\b(?:should|set it to|not the (?:problem|cause|issue))\b){_NOT_OK_WITH}"
            rf"{_SENT}{{0,300}}?\b(?:(?:default|transmit|tx|send)\s+)?queue\s+(?:length|len|size)\s*(?:(?:=|:|of|is|was|at|still|only|stays?|stuck at)\s*){{1,3}}10\b(?![.,]?\d)",
            strength="strong", example="The default queue length of 10 is unexpectedly set in spite of 10-can.rules content"),
    ),
    group(
        "prose: the kernel said not to have the USB-CAN adapter's driver (CAN002)",
        # claims.py's row has "missing/removed/no ... driver"; this is the negated possession: "the kernel did not have the proper can
        # module", "the image doesn't include the gs_usb driver". A kernel/image/OS word, then the driver or module
        Msg("said_can_driver_missing",
            _need("driver|module") + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_SENT}{{0,200}}?\b(?:kernel|image|os|distro|build|firmware image|system)\b{_SENT}{{0,30}}?"
            r"\b(?:(?:did|does|do)(?:n'?t| not)|never)\s+(?:have|had|has|include|included|contain|ship|come with)\s+"
            # (review s23) articles and adjectives only: "never had a problem with the can driver" is no claim
            r"(?:(?:the|a|an|any|its|their|proper|right|correct|needed|required|necessary|official|mainline|usual)\s+){0,3}(?:gs_usb|can(?:[- ]?bus)?|socket ?can|usb[- ]?can)\s+(?:kernel\s+)?(?:drivers?|modules?)\b",
            strength="strong", example="Found out the kernel did not have the proper can module so I cross compiled my own."),
    ),
    group(
        "prose: the board needs a hard power cycle before its bootloader takes the new firmware.bin (SD002; Klipper scripts/spi_flash "
        "SDIO_WARNING says it for SDIO boards)",
        # a need or a past chore: "I had to power-cycle it before it loaded the new firmware", "these boards require a hard power reset
        # after a flash in order to reset the sdcard", "needed a power cycle to pick up firmware.bin"
        Msg("said_sd_power_cycle_needed",
            _need("power|unplug") + rf"{_S}{_SD_CTX}"
            rf"{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_HOST_CARD}{_NOT_TRIED}{_NOT_SD_GENERIC}(?!{_SENT}{{0,400}}?\b(?:did ?n[o']t|does ?n[o']t|do ?n[o']t|no need|never|without)\s+(?:\w+\s+)?(?:need|have|require)\w*\b)"
            rf"{_SENT}{{0,300}}?\b(?:had|have|has|need|needs|needed|require|requires|required)\s+(?:to\s+(?:be\s+)?|a\s+|an\s+)?(?:full\s+|hard\s+|manual\s+|complete\s+)?"
            r"(?:power[- ]?cycl\w*|power[- ]?reset\w*|power(?:ed)?[- ]off(?: and on)?|unplug\w* (?:the )?power)\b",
            strength="strong",
            example="Only caveat is the the Octopus board doesn't seem to pick up the new firmware.bin after a soft-reset and I had to power-cycle it before it loaded the new firmware."),
        # the card itself: "The SD Card itself needs to be power cycled so that it can switch modes"
        Msg("said_sd_power_cycle_needed",
            _need("power") + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_HOST_CARD}{_NOT_SD_GENERIC}{_SENT}{{0,200}}?\b(?:the\s+)?{_CARD}\s+(?:itself\s+)?(?:needs?|has|had|must)\s+(?:to\s+)?(?:be\s+)?power[- ]?cycled\b",
            strength="strong", example="The SD Card itself needs to be power cycled so that it can switch modes."),
        # the soft reset said not to be enough: "doesn't pick up the new firmware.bin after a soft reset"
        Msg("said_sd_power_cycle_needed",
            _need("soft") + rf"{_S}{_SD_CTX}{_NOT_ASKED}{_NOT_IF}{_NOT_HOST_CARD}{_NOT_SD_GENERIC}{_SENT}{{0,200}}?\b(?:(?:does|did|do)(?:n'?t| not)|won'?t|never)\s+(?:seem to\s+)?(?:pick up|load|take|apply|install|flash|detect|read)\s+"
            r"(?:the\s+)?(?:new\s+)?(?:firmware\.bin|firmware|update)\b(?:[^.!?\n]|[.!?](?=\S)){0,40}?\bafter\s+(?:a\s+|the\s+)?soft[- ]?reset\b",
            strength="strong", example="the board doesn't seem to pick up the new firmware.bin after a soft-reset"),
    ),
    group(
        "prose: the card's format or cluster size was what made the bootloader take the firmware (SD001)",
        # the failure until the format: "i could not flash firmware to my SV06 until i formatted it to FAT32 with 4096 byte allocation
        # unit size"
        Msg("said_sd_format_fixed",
            _need("format") + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_HOST_CARD}{_NOT_IF}{_SENT}{{0,200}}?"
            r"\b(?:(?:could|can|did|does|would|will)(?:n'?t| not)|cannot|won'?t|unable to|never)\s+(?:\w+\s+){0,3}?(?:flash|updat|upgrad|install|load|take|accept)\w*\b"
            rf"{_SENT}{{0,80}}?\b(?:until|till|before)\s+(?:i\s+|we\s+)?(?:re-?)?format\w*\b{_SENT}{{0,60}}?"
            r"\b(?:fat ?32|fat ?16|fat\b|\d+\s*(?:-?bytes?|k|kb|kib)?\s*(?:allocation|cluster)|allocation unit|cluster size)",
            strength="strong",
            example="yes, i could not flash firmware to my SV06 until i formatted it to FAT32 with 4096 byte allocation unit size"),
        # the fix named as the format: "The fix is to format the SD card in FAT32 with a cluster size of 512 bytes"
        Msg("said_sd_format_fixed",
            _need("format") + rf"{_S}{_NOT_ASKED}{_NOT_HOST_CARD}{_NOT_IF}{_SENT}{{0,200}}?\bthe\s+(?:fix|solution|cure|trick)\s+(?:is|was)\s+(?:to\s+)?(?:re-?)?format\w*\s+"
            rf"(?:(?:the|my|a|your)\s+)?(?:{_CARD}\s+|card\s+)?{_SENT}{{0,40}}?"
            r"\b(?:fat ?32|fat ?16|\d+\s*(?:-?bytes?|k|kb|kib)?\s*(?:allocation|cluster)|allocation unit|cluster size)",
            strength="strong", example="The fix is to format the SD card in FAT32 with a cluster size of 512 bytes."),
    ),
    group(
        "prose: the USB-CAN adapter's firmware blocks CAN flashing, or updating it fixed it (CAN007)",
        # "a fix for the u2c not allowing CAN flashing to the EBB": the adapter, then what it does not let through
        Msg("said_can_adapter_fw",
            _need(_CAN_ADAPTER) + rf"{_S}{_NOT_ASKED}{_NOT_IF}{_SENT}{{0,200}}?\b{_CAN_ADAPTER}\b{_SENT}{{0,40}}?"
            # (the verbs of blocking only when not negated: "the u2c is not blocking the flash" is no claim)
            r"(?:\bnot allowing|\b(?:does|did|do)(?:n'?t| not) allow|\bwon'?t allow|(?<!not )(?<!n't )(?<!never )\b(?:blocks?|blocking|breaks?|prevents?|fails?\s+(?:on|during|with|at)))\s+"
            r"(?:the\s+)?(?:can\s+|katapult\s+|canboot\s+)?(?:flash(?:ing)?|firmware uploads?|large transfers?|klipper flash\w*)\b",
            strength="strong", example="Everyone please see issue 44 on the canboot github for a fix for the u2c not allowing CAN flashing to the EBB."),
        # the adapter's firmware updated, then the success: "after updating the U2C firmware, flashing over CAN works"
        Msg("said_can_adapter_fw",
            _need(_CAN_ADAPTER) + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_TRIED}{_SENT}{{0,200}}?"
            # (review s23) an update told as done, then a cure: not a setup step ("Step 3: Flash the U2C firmware and verify it works"), nor
            # Klipper's "usb-can bridge" firmware on a main board
            r"\b(?:updated|updating|upgraded|upgrading|re-?flashed|re-?flashing)\s+(?:the\s+|my\s+)?(?:new\s+|latest\s+)?"
            rf"{_CAN_ADAPTER_NB}(?:'s)?\s+(?:firmware|fw)\b{_SENT}{{0,80}}?"
            r"(?<!n't )(?<!not )\b(?:fixed|solved|resolved|cured|now\s+(?:works?|working|flashes)|works?\s+now|working\s+now|flashes\s+now|worked)\b",
            strength="strong", example="After updating the U2C firmware, flashing the EBB over CAN works now."),
    ),
    group(
        "prose: the CAN bus termination was missing or the fix, or the bus reads under 50 ohms (CAN004)",
        # the terminator put in as what was done: "I put a 120 Ohm Resistence in Busmaster Bus"; not a try that did not help
        Msg("said_can_termination",
            _need(r"120|terminat", _CAN_CTX + _NOT_OTHER_OHMS) + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_TRIED}{_TERM_CURED}{_SENT}{{0,200}}?\b(?:i|we)\s+(?:then\s+|finally\s+)?(?:put|added|installed|soldered|fitted|placed|enabled|set|jumpered)\s+"
            # the terminator itself as the object (a 120 Ω resistor, a termination resistor or jumper), not "a jumper on ..." (review:
            # "I put a jumper on the 120R resistor, as the EBB is my only board", a setup told, discourse 3913), nor its reason
            r"(?:in\s+)?(?:a|an|the|another|the missing|a second|the second)\s+(?:120\s*(?:ohms?|Ω|r)\s*(?:terminat\w+\s*)?(?:resist\w*|terminat\w+)|terminat\w+\s+(?:resist\w*|jumper))\b"
            rf"(?!{_SENT}{{0,80}}?\b(?:as|since|because)\s+(?:the|my|it|this|that)\b)",
            strength="strong", example="I added a 120 ohm termination resistor at the EBB end of the CAN bus and the errors are gone."),
        # the missing terminator named as the cause: "the problem was a missing termination resistor"
        Msg("said_can_termination",
            _need(r"terminat|resistor", _CAN_CTX + _NOT_OTHER_OHMS) + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_SENT}{{0,200}}?\b(?:the\s+(?:problem|issue|cause|culprit)\s+was|it\s+was|turned out to be)\s+(?:a\s+|the\s+)?"
            r"(?:missing|absent|wrong|extra|third)\s+(?:120\s*(?:ohms?|Ω)\s+)?(?:terminat\w+(?:\s+(?:resistors?|jumpers?))?|resistors?)\b",
            strength="strong", example="The problem was a missing termination resistor on the toolhead."),
        # a measured CANH-CANL resistance under 50 ohms (two terminators read about 60, three 40, a short 0): "measuring only 40 over
        # all", "I measure 38 ohms between CANH and CANL"; a number with its unit, or "over all / across / total" after it
        Msg("said_can_low_resistance",
            r"(?i)^(?=[^\n]*?(?:measur|read|get|got|show))"
            # (review s23) the CAN pair, the bus or its terminators named, or the reading taken over the whole bus; never a heater, a fan,
            # another bus, nor a wire's continuity end to end
            r"(?=[^\n]{0,400}?(?:\b(?:can[_ -]?h|can[_ -]?l|can ?bus|canbus|can\d|terminat\w*|120\s*(?:ohms?|Ω|r))\b|(?-i:\bCAN\b)|\b(?:over ?all|overall|in total)\b))"
            rf"{_NOT_OTHER_OHMS}[^\n]*?"
            rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_NEG}{_SENT}{{0,200}}?\b(?:measur\w*|read(?:s|ing)?|get(?:ting)?|got|shows?|showing)\s+(?:only\s+|just\s+|about\s+|around\s+|~\s*)?"
            r"(?P<value>(?<![\d.,])(?:[1-4]\d|\d)(?:[.,]\d+)?)(?:\s*(?:ohms?\b|Ω)|(?=\s+(?:over ?all|overall|across|in total|total|between)\b))",
            strength="strong", example="I checked the wiring, the jumpers on the 120Ohms and I can measure 117 Ohms at both connectors, but measuring only 40 over all."),
    ),
    group(
        "prose: /etc/network/interfaces does not source interfaces.d, so interfaces.d/can0 is never read (CAN001)",
        Msg("said_can_config_not_read",
            _need(r"interfaces\.d") + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}"
            # (review s23) not a host that brings can0 up another way (systemd-networkd's .network file, NetworkManager)
            rf"(?!{_SENT}{{0,400}}?(?:\bsystemd-networkd\b|\bnetworkd\b|\bnetwork ?manager\b|\.network\b|\bdoes ?n[o']t matter\b|\b(?:comes?|came)\s+up\s+(?:fine|ok|okay|normally)\b))"
            rf"{_SENT}{{0,200}}?(?:"
            r"\binterfaces\.d/?(?:\*|can\d)?\b[^.!?\n]{0,40}?\b(?:is|was|are|were|gets?|got)\s+(?:not|never|n't)\s+(?:being\s+)?(?:sourced|included|parsed|read|loaded)\b"
            r"|\b(?:(?:does|did)(?:n'?t| not)|never)\s+(?:source|include|read|parse|load)s?\s+(?:the\s+files?\s+(?:in|from)\s+)?(?:/etc/network/)?interfaces\.d\b)",
            strength="strong", example="interfaces.d is not sourced in /etc/network/interfaces"),
    ),
    group(
        "prose: two CAN nodes with different sample points or bit timing (CAN005)",
        Msg("said_can_timing_mismatch",
            # (review s23) not an accelerometer's or an ADC's sample rate
            _need(r"sample|timing", r"(?![^\n]*\b(?:accelerometers?|adxl\w*|lis2dw\w*|mpu-?\d+|resonances?|input[_ ]shaper|adc|audio|oscilloscope|scope)\b)")
            + rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}(?:"
            # (review s23) a negation in the sentence for the positive wording ("It wasn't different sample points on the nodes")
            rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|never|no longer)\b(?!\s+the\s+same)|n[’']t\b)){_SENT}{{0,200}}?"
            r"(?<!\bno )(?<!\bnot )(?<!\bnot a )(?<!\bnever )\b(?:different|mismatch\w*|wrong|not the same)\s+(?:sample[- ]?(?:points?|rates?)|bit[- ]?timings?|data[- ]phase (?:bit ?rates?|timings?))\b"
            r"[^.!?\n]{0,40}?\b(?:on|between|of|in)\s+(?:the\s+)?(?:sender|transmitter|receiver|nodes?|both (?:sides|ends|nodes))"
            rf"|{_SENT}{{0,200}}?\bsample[- ]?points?\s+(?:(?:did|do|does)(?:n'?t| not)|never)\s+match\b)",
            strength="strong", example="I found my problem. Different sample rate on sender and receiver."),
    ),
    group(
        "prose: Katapult said to fail at SEND_BLOCK (KAT001 with an STM32H723 named)",
        # a statement about the command, not flashtool's own "FlashError: Error sending command [SEND_BLOCK] to Device" line (katapult
        # reads that one): the command and a failure word in one sentence
        Msg("said_send_block_failed",
            r"(?i)^(?=[^\n]*?send_block)(?![^\n]*\berror sending command\b)[^\n]*?"
            # the chip when the same sentence names it ("On an STM32H723, Katapult returned ..."): KAT001 reads it
            rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_IF}{_NOT_NEG}"
            # (review s23) not a failure another cure ended ("after fixing the wiring it works"), unless the cure is an erase
            rf"(?!{_SENT}{{0,400}}?\b(?:after\s+(?:fixing|replacing|changing|swapping|redoing|re-?crimping|re-?seating)|fixed\s+(?:it\s+)?by|turned\s+out)\b(?!{_SENT}{{0,60}}?\berase))"
            rf"(?=(?:{_SENT}{{0,300}}?(?<![\w/.-])(?P<mcu>stm32h7[23]3\w*|H7[23]3)(?![\w-]))?){_SENT}{{0,200}}?(?:"
            r"\b(?:katapult|canboot|the bootloader|flashtool(?:\.py)?)\b[^.!?\n]{0,40}?\b(?:returned|returns|answered|answers|replied|replies|responded|responds|gave|gives|sent|sends)\s+(?:an?\s+)?"
            r"(?:ACK_ERROR|NACK|error)\b[^.!?\n]{0,40}?\bSEND_BLOCK\b"
            r"|\bSEND_BLOCK\b(?![^.!?\n]{0,30}?(?:\b(?:no longer|not|never|no)\b|n't\b))[^.!?\n]{0,30}?\b(?:fails?|failed|failing|errors?|errored|rejected|times? out|timed out)\b)",
            strength="strong",
            example="On an STM32H723, Katapult returned ACK_ERROR on the first SEND_BLOCK at 0x08020000 whenever the 128 KiB application sector already contained firmware."),
    ),
)


@register
class KlipperProseS23Parser(TableParser):
    name = "klipper-prose-s23"
    namespace = "claims"
    hints = ("qlen", "queue length", "queue len", "txqueuelen", "tx_queue_len", "transmitqueuelength",
             "module", "driver",
             "power cycle", "power-cycle", "powercycle", "power reset", "power-reset", "power off", "power-off", "unplug",
             "format", "fat32", "fat 32", "allocation", "cluster",
             "u2c", "utoc", "ucan", "candle", "canable", "usb to can", "usb-to-can", "usb-can", "can adapter",
             "ohm", "Ω", "resist", "terminat",
             "interfaces.d", "sample", "timing", "send_block")
    messages = MESSAGES

    def summary(self) -> dict[str, object]:
        return {}
