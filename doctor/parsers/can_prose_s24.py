"""What CAN users say in prose about the state their bus is in, session 24 (can gathering: Katapult and BTT EBB trackers,
Arduino MCP2515 libraries, Seeed's CAN library).

Three families, in their usual wordings (the examples are the gathered threads' own sentences or the rows' formats):

- the person says they must bring the CAN interface up by hand (every boot, manually, "still need to run ip link set up
  can0") -> said_can_manual_up (CAN001): `EBB36 and octopus on CAN all works fine but i need to manualy up the can0`
  (Arksine/katapult#91, an ifupdown stanza nothing applied at boot), `every time I boot up the orange pi, I need to run
  sudo ip link set up can0 type can bitrate 1000000` (Esoterical/voron_canbus#116), and the interface said not to come up
  on its own ("can0 does not come up automatically after a reboot"). Nothing configured it at boot: CAN001's cause, whatever
  the file that should have done it (interfaces.d not sourced, no `auto`/`allow-hotplug`, networkd not running).
- the bit rate said to be set to one value while the wire runs at another -> said_can_rate_differs (CAN005): `Setting 500
  kbps on the Arduino is actually transmitting at 250 kbps` (Longan-Labs/Arduino_CAN_BUS_MCP2515#16, an 8 MHz MCP2515
  crystal where the library assumed 16 MHz), `bitrate 1000000 ... but it is not 1Mb! ... it is 500000bps`
  (Seeed-Studio/Seeed_Arduino_CAN#67). A CAN controller derives its bit time from its clock: a wrong oscillator setting
  (MCP2515 dtoverlay `oscillator=`, an Arduino library's MCP_8MHz/MCP_16MHz) scales the real bit rate, so that node is at
  another rate than the bus. The rates are CAN's usual ones (10k .. 1M), at least one written with a bit-rate unit (bps,
  bit/s, kbit, baud) or the line naming CAN, so a UART speed or a file size is no claim.
  (can s25) also over two consecutive lines: the rate configured on one (`CAN is configured with 500k and ...`), the rate
  the wire runs at on the next (`But in the error case CAN is working with about 450k only!`, forums.developer.nvidia.com 81812).
- a CAN node said to vanish from the bus, or the bus said to fail, whenever another board or part is connected, and to
  work without it -> said_can_fails_with_part (CAN004): `If I connect the ebb0000 (be it with or without the fans and rgb
  leds connected onto it), the query returns 0 Canbus UUID` (bigtreetech/EBB#190; the same Stealthburner daughter board
  shorted CAN-H/CAN-L through a fan's foil label in bigtreetech/EBB#73). A part whose attachment alone breaks the bus loads
  or shorts it (a third terminator, a short, a bad transceiver): CAN004's electrical cause.

Guards (review s22's list): a question, advice or a plan, a guess, someone else's word, and (per row) a negation or a
success that ended the need, each looked for in the claim's own sentence. Events go to a run under `claims.runs` (tool
"can-prose-s24"); the entries rank them as warnings below what a tool's printed line shows.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.klipper_claims import _NOT_ADVICE, _NOT_ASKED, _S, _SENT

# not a guess, someone else's word or the docs, in the claim's sentence
_NOT_GUESS = (rf"(?!{_SENT}{{0,400}}?\b(?:maybe|perhaps|probably|might|could be|i think|i guess|i suspect|i wonder|someone|somebody|people"
              r"|docs?|documentation|readme|wiki|guide|tutorial|apparently)\b)")
# (review s24) not a car's CAN bus (an ELM327/OBD-II reader, an ECU): another bus than a printer's or a CAN adapter's
_NOT_AUTO = rf"(?!{_SENT}{{0,400}}?\b(?:elm ?327|obd\w*|ecus?|cars?|vehicles?|dashboard)\b)"
# a CAN interface or bus named in the sentence
_CAN_WORD = r"(?:\bcan\d\b|\bcan ?bus\b|\bcanbus\b|\bcan (?:interface|network|link|adapter)\b|\bsocket ?can\b|(?-i:\bCAN\b))"
_CAN_IN_SENT = rf"(?={_SENT}{{0,400}}?{_CAN_WORD})"
# not a question; unlike _NOT_ASKED a sentence may start with "if"/"when" (CAN004's row: "If I connect X, the query returns 0 UUIDs")
_NOT_Q = (r"(?!(?:[^.!\n]|[.!](?=\S)){0,400}?\?)(?!\s*(?:is|was|are|were|could|should|would|does|did|do|can|might|maybe|whether)\b)")

# ---- CAN001: brought up by hand ----
# the need is past or present, not gone: "no longer need", "don't have to anymore", "used to", "now it comes up"
_NEED_KEPT = (rf"(?!{_SENT}{{0,400}}?(?:\b(?:no longer|anymore|any more|used to|not needed|without having to|previously|is (?:that|this|it) normal)\b"
              r"|\b(?:said|says|told me|according to|describes?|described)\b|\b(?:the|its|their|a)\s+(?:\S+\s+){0,2}?manual\b"
              r"|\b(?:do|does|did)(?:n'?t| not) (?:need|have) to\b|\bnever (?:need|needed|have|had) to\b"
              r"|\bnow\s+(?:it\s+)?(?:comes?\s+up|came\s+up|goes\s+up|works?|is\s+(?:up|working|fine|ok))\b|\b(?:comes?|came)\s+up\s+(?:on its own|by itself|automatically)\s+now\b))")
# (review s24) after the claim, in its sentence and the next one: a cure that ended the need ("until I added auto can0", "but since I
# enabled systemd-networkd it works", "... Adding allow-hotplug can0 fixed it.")
_NEED_NOT_ENDED = (r"(?![^\n]{0,300}?\b(?:until|since|fixed|solved|resolved|it works|it's fine|it is fine|now works|works now"
                   r"|before (?:i|we) (?:added|enabled|fixed|changed|installed|switched|set))\b)")
# how often or how: by hand, at every boot
_BY_HAND = (rf"(?={_SENT}{{0,400}}?\b(?:manual\w*|by hand|myself|every\s*(?:time|single time|boot|reboot|restart|start ?up|power[- ]?(?:on|up|cycle))"
            r"|each\s+(?:time|boot|reboot|restart)|after\s+(?:(?:every|each|a)\s+)?(?:re)?boot\w*|on\s+(?:(?:every|each)\s+)?(?:re)?boot|still)\b)")
# bringing the CAN interface up: "up the can0", "bring can0 up", "run ip link set up can0", "ifup can0"
# (review s24) the CAN word is the object of "bring ... up" / "bring up ...": not "bring the Wi-Fi up ..., CAN works fine"
_BR = r"\bbr(?:ing|ings|inging|ought)\s+"
_BRING_UP = (rf"(?:\bup\s+(?:the\s+)?can\d\b|{_BR}(?:(?:the|my|our|that|this)\s+)?{_CAN_WORD}(?:\s+interface)?\s+(?:\S+\s+){{0,2}}?up\b"
             rf"|{_BR}up\s+(?:(?:the|my|our)\s+)?{_CAN_WORD}|\bset\s+(?:the\s+)?can\d\s+up\b"
             r"|\bip\s+link\s+set\s+(?:dev\s+)?(?:up\s+)?can\d\b|\bifup\s+can\d\b|\b(?:start|enable|activate|raise)\s+(?:the\s+)?can\d\b)")

# ---- CAN005: set at one rate, runs at another ----
_KRATE = r"(?:10|20|33[.,]3|50|62[.,]5|83[.,]3|100|125|250|500|800|1000)\s?k(?:bps|bit(?:s|/s)?|b(?:/s|ps)?|baud)?(?![\w/])"
_MRATE = r"1(?:[.,]0)?\s?m(?:bps|bit(?:s|/s)?|b(?:/s|ps)?|baud)?(?![\w/])"
_FRATE = r"(?:(?:10|20|50|100|125|250|500|800)000|1000000)\s?(?:bps|bit/s|b/s|baud)?(?![\w/])"
_RATE = rf"~?(?<![\d.,])(?:{_KRATE}|{_MRATE}|{_FRATE})"
_RATE_SET = rf"~?(?<![\d.,])(?P<_set>{_KRATE}|{_MRATE}|{_FRATE})"
_RATE_REAL = rf"~?(?<![\d.,])(?P<_real>{_KRATE}|{_MRATE}|{_FRATE})"
# a bit-rate unit or a CAN word in the line: a file size ("not 1Mb, it is 500Kb") or a UART speed is no claim
_RATE_CTX = rf"(?=[^\n]*?(?:\d\s?(?:[km]?bps|[km]?bit/s|kbits?|mbits?|k?baud)\b|\bbit ?rate\b|{_CAN_WORD}))"
_NOT_UART = r"(?![^\n]*\b(?:uart|usart|serial port|rs-?232|rs-?485|tty\w*|com\d+|i2c|spi|sck)\b)"
_NOT_HYPO = rf"(?!{_SENT}{{0,400}}?\b(?:will|would|should|could|might|may|expected|expect|supposed|in theory|datasheet|spec)\b)"
# (review s24) not a misreading the person owns up to, nor a rate said to be right: "I misread my own printer.cfg - the CAN bus is fine"
_NOT_FINE = r"(?![^\n]{0,400}?\b(?:misread|misremembered|mistyped|(?:is|was|are|were) (?:fine|correct|right|ok)|which is correct|all good)\b)"
# the measured side: "actually", or an instrument's reading ("the logic analyzer measures 250k", "the scope shows 250k")
_REAL_SIDE = (r"(?:(?<!not )(?<!n't )\b(?:actual(?:ly)?|really|in (?:fact|reality)|effective(?:ly)?|real)\b"
              r"|\b(?:scope|oscilloscope|analy[sz]er)\s+(?:\w+\s+)?(?:measures?|measured|shows?|showed|reads?|says?|gives?)\b)")

# (can s25) the two rates in two sentences on consecutive lines: "CAN is configured with 500k and ip -details ... reflects the 500k
# setting." / "But in the error case CAN is working with about 450k only!" (forums.developer.nvidia.com 81812, a Jetson mttcan
# clock that drifted). The measured side is what an instrument or the peer saw, so any rate with a k/M unit, not only CAN's usual
# ones; the set side a configuring verb and a usual rate. Each line keeps the one-line row's guards.
# (review s25) kilo only: "16MHz", "40 MHz" are a controller's clock, "10 m" a cable's length, none a bus's bit rate
_RATE_MEASURED = r"~?(?<![\d.,])(?P<_real>\d{2,4}(?:[.,]\d+)?\s?k(?:bps|bit(?:s|/s)?|b(?:/s|ps)?|baud|hz)?)(?![\w/])"
# not a question; "CAN is configured ..." opens a statement, not the modal "can" (_NOT_ASKED's list without it)
_NOT_ASKED_CAN = (r"(?!(?:[^.!\n]|[.!](?=\S)){0,400}?\?)(?!\s*(?:is|was|are|were|could|should|would|does|did|do|might|maybe|if|when|whether)\b)"
                  r"(?!\s*can\b(?!\s+(?:bus|is|was|interface|controller|clock|runs?|ran)\b))")
# (review s25) not someone else's words ("My friend said the node is running at 250k")
_NOT_HEARD = rf"(?!{_SENT}{{0,400}}?\b(?:said|says|told|tells|according to|claims?|claimed)\b)"
_GUARDS = rf"{_NOT_UART}{_NOT_FINE}[^\n]*?{_S}{_NOT_ASKED_CAN}{_NOT_ADVICE}{_NOT_GUESS}{_NOT_HYPO}{_NOT_AUTO}{_NOT_HEARD}"
# (review s25) a sentence's character before the verb that is no negation ("I don't think the node is running at 250k")
_SENT_NO_NEG = r"(?:(?!\b(?:not|never)\b|n[’']t\b)(?:[^.!?\n]|[.!?](?=\S)))"
_SET_LINE = re.compile(
    rf"(?i)^{_RATE_CTX}{_GUARDS}{_SENT_NO_NEG}{{0,200}}?\b(?:set|configured|configuring|setup|set up)\s+(?:\S+\s+){{0,3}}?"
    rf"(?:with|to|at|as|for)\s+(?:a\s+)?(?:bit ?rate\s+(?:of\s+)?)?{_RATE_SET}")
_REAL_LINE = re.compile(
    rf"(?i)^{_RATE_CTX}{_GUARDS}{_SENT_NO_NEG}{{0,200}}?\b(?:is|are|was|were|'s)\s+(?:actually\s+|really\s+|only\s+)?"
    rf"(?:working|running|transmitting|sending|clocked|operating|communicating)\s+(?:with|at)\s+(?:only\s+)?"
    rf"(?:about|around|approximately|roughly|just|only)?\s*{_RATE_MEASURED}")
# the cheap cores that bring a line to the parser (its table rows); the guarded forms above run on the core's sentence only
_CTX_CHEAP = r"(?=[^\n]*?(?:\bcan\d\b|\bcan ?bus\b|\bcanbus\b|(?-i:\bCAN\b)|\bbit ?rate\b|\d\s?(?:[km]?bps|[km]?bit/s|kbits?|mbits?)\b))"
_SET_CORE = (rf"(?i)^{_CTX_CHEAP}[^\n]*?\b(?:set|configured|configuring|setup|set up)\s+(?:\S+\s+){{0,3}}?"
             rf"(?:with|to|at|as|for)\s+(?:a\s+)?(?:bit ?rate\s+(?:of\s+)?)?{_RATE}")
_REAL_CORE = (rf"(?i)^{_CTX_CHEAP}[^\n]*?\b(?:is|are|was|were|'s)\s+(?:actually\s+|really\s+|only\s+)?"
              r"(?:working|running|transmitting|sending|clocked|operating|communicating)\s+(?:with|at)\s+(?:only\s+)?"
              r"(?:about|around|approximately|roughly|just|only)?\s*~?\d{2,4}(?:[.,]\d+)?\s?k")
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")


def _sentence_at(text: str, pos: int) -> str:
    """The sentence of `text` around position `pos` (at most 400 characters)."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    end = _SENTENCE_END.search(text, pos)
    return text[start:end.end() if end else len(text)].strip()[:400]


# ---- CAN004: the bus fails only with a part attached ----
_ATTACH = (r"(?:connect\w*|plug\w*(?:\s+in)?|attach\w*|hook\w*\s+(?:\w+\s+)?up|install\w*|insert\w*)"
           # not the host's USB cable or the power, not a configuration line ("when I add the canbus_uuid to printer.cfg")
           r"(?!\s+(?:\w+\s+){0,2}?(?:usb|usb-c|type-c|power|psu|supply|\d+ ?v\b|pi\b|raspberry|pc\b|computer|laptop|host|uuid|config|printer\.cfg|line|section)\b)")
# (review s24) not negated right before the loss ("it doesn't disappear from the CAN bus anymore")
_BUS_LOST = (r"(?<!n't )(?<!not )(?<!never )(?<!no longer )(?:(?P<_uuid>(?:returns?|returned|shows?|showed|finds?|found|gets?|got|gives?|gave|lists?|listed)\s+(?:0|no|zero|none|nothing)\b(?:\s+(?:can ?bus|canbus|can))?(?:\s+uuids?)?"
             r"|\b(?:0|no|zero)\s+(?:can ?bus\s+|canbus\s+)?uuids?\b)"
             r"|\b(?:disappears?|disappeared|vanish\w*|drops?\s+(?:off|out)|dropped\s+(?:off|out)|goes\s+missing|went\s+missing)\b(?:\s+from\s+the\s+bus\b)?"
             r"|\blos(?:e|es|t|ing)\s+(?:the\s+)?(?:communication|connection|contact)\b|\bbus[- ]off\b"
             r"|\b(?:can(?:no|')t|could ?n[o']t|does ?n[o']t|did ?n[o']t)\s+(?:be\s+)?(?:find|see|detect|found|seen|detected|flash|connect)\w*\b)")
_BUS_CTX = r"(?=[^\n]{0,400}?(?:\buuids?\b|\bcanbus_query\b|\bthe bus\b|" + _CAN_WORD + r"))"
# (review s24) guards of CAN004's row, each over the claim's sentence:
# another cause stated ("... because Klipper is running", "already configured in printer.cfg", "as expected", "I had the wrong
# bitrate on can0", "the firmware was built for USB", "the CAN wires were swapped"), or a cure that followed ("so I flashed katapult")
_NO_OTHER_CAUSE = (rf"(?!{_SENT}{{0,400}}?\b(?:because|since|already|as expected|expected|forg[eo]t\w*|wrong|swapped|reversed|built for"
                   r"|klipper (?:is |was )?(?:still )?running|so (?:i|we) (?:re-?)?(?:flash\w*|install\w*|chang\w*|fix\w*))\b)")
# the loss negated or over ("... anymore", "no longer"), or the CAN bus said to be fine ("my can0 is fine", "the CAN bus works")
_NOT_OVER = (rf"(?!{_SENT}{{0,400}}?(?:\b(?:anymore|any more|no longer)\b"
             rf"|{_CAN_WORD}\s+(?:(?:is|was)\s+|still\s+)?(?:fine|ok|okay|good|works?|working|comes? up)\b))")
# the object connected is not the host or a network client ("connect the BTT U2C to the Pi, can0 disappears", "connect to the
# printer over SSH"), up to the clause's end
_NOT_HOST_OBJ = r"(?![^,.;!?\n]{0,120}?\b(?:pi|raspberry|host|ssh|octoprint|mainsail|fluidd|phone|laptop|pc|computer|wi-?fi|wlan\d*)\b)"
# the loss is not from another list than the bus ("disappears from OctoPrint", "from the Wi-Fi", "from lsusb")
_NOT_OTHER_LIST = r"(?![^,.;!?\n]{0,40}?\b(?:octoprint|mainsail|fluidd|wi-?fi|wifi|wlan\d*|lsusb|usb|dmesg|network|router|ssh|/dev/\S*)\b)"

MESSAGES = rows_of(
    group(
        "prose: the CAN interface said to need bringing up by hand (CAN001)",
        # "I need to manually up the can0", "I have to run ip link set up can0 after every boot", "we still must bring can0 up by hand"
        Msg("said_can_manual_up",
            r"(?i)^(?=[^\n]*?(?:can\d|can ?bus|canbus|can interface|(?-i:CAN)))[^\n]*?"
            rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_GUESS}{_NOT_AUTO}{_NEED_KEPT}{_BY_HAND}{_CAN_IN_SENT}"
            rf"{_SENT}{{0,200}}?\b(?:i|we)\s+(?:still\s+|always\s+|then\s+|now\s+)?(?:(?:need|needed|have|had|got)\s+to|must|gotta)\s+(?:\S+\s+){{0,4}}?{_BRING_UP}"
            rf"{_NEED_NOT_ENDED}",
            strength="strong", example="EBB36 and octopus on CAN all works fine but i need to manualy up the can0."),
        # "can0 does not come up automatically after a reboot", "the CAN interface isn't brought up at boot"
        Msg("said_can_manual_up",
            r"(?i)^(?=[^\n]*?(?:can\d|can ?bus|canbus|can interface|(?-i:CAN)))[^\n]*?"
            rf"{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_GUESS}{_NOT_AUTO}{_NEED_KEPT}"
            rf"{_SENT}{{0,200}}?(?:\bcan\d\b|\bcan ?bus\b|\bcanbus\b|\bcan interface\b|(?-i:\bCAN\b)(?: interface)?)\s+(?:interface\s+)?(?:(?:does|did|do|is|was|will)(?:n'?t| not)|never|won'?t|can'?t|cannot)\s+"
            r"(?:(?:come|comes|coming|get|gets|getting|go|being|been)\s+)?(?:up|brought up|started|activated|configured)\s+"
            r"(?:(?:on its own|by itself|automatically)\s*)?(?:at|on|after|when|during)\s+(?:a\s+|each\s+|every\s+)?(?:re)?boot\w*\b"
            rf"{_NEED_NOT_ENDED}",
            strength="strong", example="can0 does not come up automatically after a reboot, only when I run the ip link command."),
    ),
    group(
        "prose: the CAN bit rate said to be set to one value and actually run at another (CAN005)",
        # "Setting 500 kbps on the Arduino is actually transmitting at 250 kbps"
        Msg("said_can_rate_differs",
            rf"(?i)^{_RATE_CTX}{_NOT_UART}{_NOT_FINE}[^\n]*?{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_GUESS}{_NOT_HYPO}{_NOT_AUTO}"
            rf"{_SENT}{{0,200}}?\b(?:set|sets|setting|configur\w*|select\w*|specif\w*|chose|choos\w*)\b{_SENT}{{0,80}}?{_RATE_SET}{_SENT}{{0,80}}?"
            rf"{_REAL_SIDE}{_SENT}{{0,60}}?{_RATE_REAL}",
            strength="strong", example="Setting 500 kbps on the Arduino is actually transmitting at 250 kbps."),
        # "it is not 1Mb! It is more like ~140Kb (UPDATED: it is 500000bps)": the rate denied, then the one measured
        Msg("said_can_rate_differs",
            rf"(?i)^{_RATE_CTX}{_NOT_UART}{_NOT_FINE}[^\n]*?{_S}{_NOT_ASKED}{_NOT_ADVICE}{_NOT_GUESS}{_NOT_HYPO}{_NOT_AUTO}"
            rf"{_SENT}{{0,120}}?\b(?:it|this|that|the (?:bit ?rate|speed|bus|rate))\s*(?:is|was|'s|’s)\s*(?:not|n't)\s+(?:really\s+|actually\s+)?{_RATE_SET}"
            rf"[^\n]{{0,80}}?\b(?:it\s*(?:is|was|'s)|(?:is|was)\s+(?:more\s+)?like|actually|really|in reality|only)\s+(?:about\s+|around\s+|just\s+)?{_RATE_REAL}",
            strength="strong", example="but it is not 1Mb! It is more like ~140Kb  (UPDATED: it is 500000bps)"),
        # (can s25) the two halves of a claim made over two lines (feed() pairs them): the configured rate, then the rate the
        # wire runs at; alone neither is a claim, they only bring the line to this parser
        Msg(None, _SET_CORE, strength="weak",
            example="CAN is configured with 500k and the statistics reflect the 500k setting."),
        Msg(None, _REAL_CORE, strength="weak", example="But in the error case CAN is working with about 450k only!"),
    ),
    group(
        "prose: a CAN node said to vanish, or the bus to fail, whenever another board or part is connected (CAN004)",
        # "If I connect the ebb0000 ..., the query returns 0 Canbus UUID", "as soon as I plug in the second toolhead, both disappear
        # from the bus", "when I attach the front board Klipper loses communication with the EBB"
        Msg("said_can_fails_with_part",
            rf"(?i)^{_BUS_CTX}[^\n]*?{_S}{_NOT_Q}{_NOT_ADVICE}{_NOT_GUESS}{_NOT_AUTO}{_NO_OTHER_CAUSE}{_NOT_OVER}"
            rf"(?!{_SENT}{{0,400}}?\b(?:will|would|could|might|may|you|your)\b)"
            # (a success story another cure ended: "..., but after reflashing Katapult it works"; the part's own cure counts)
            rf"(?!{_SENT}{{0,400}}?\b(?:but|until|after)\s+(?:\w+\s+){{0,3}}?(?:re-?flash\w*|flash\w*|updat\w*|upgrad\w*|compil\w*|rebuil\w*|menuconfig|firmware|bit ?rate)\b)"
            rf"{_SENT}{{0,80}}?\b(?:if|when|whenever|once|as soon as|every time)\s+(?:i|we)\s+(?:also\s+|then\s+)?{_ATTACH}\b{_NOT_HOST_OBJ}{_SENT}{{0,200}}?{_BUS_LOST}{_NOT_OTHER_LIST}",
            strength="strong",
            example="If I connect the ebb0000 (be it with or without the fans and rgb leds connected onto it), the query returns 0 Canbus UUID, and I cannot flash anything to the sb2209."),
    ),
)


@register
class CanProseS24Parser(TableParser):
    name = "can-prose-s24"
    namespace = "claims"
    hints = ("can0", "can1", "canbus", "can bus", "can interface", "CAN",
             "kbps", "kbit", "mbps", "mbit", "bps", "bit/s", "baud", "bitrate", "bit rate",
             "uuid", "query", "klipper", "the bus")
    messages = MESSAGES

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._lines: list[str] = []
        self._uuid_only: set[int] = set()
        self._set_rate: tuple[int, float | None] | None = None

    def feed(self, lineno: int, line: str) -> None:
        self._lines.append(line)
        before = len(self.events)
        super().feed(lineno, line)
        text = line.strip()
        if len(self.events) > before or not text:
            return
        # (can s25) CAN005 over two lines: the rate configured on one line, the rate the wire runs at on the next
        if self._set_rate is not None and lineno - self._set_rate[0] <= 2:
            core = _REAL_CORE_RX.search(text)
            real = _REAL_LINE.search(_sentence_at(text, core.end())) if core else None
            measured = _bps(real.group("_real")) if real else None
            if real is not None and measured and measured != self._set_rate[1]:
                ev = self.event("said_can_rate_differs", lineno, line)
                self.on_event(ev, _ROW_TWO_LINES, real, lineno, line)
                self._set_rate = None
                return
        core = _SET_CORE_RX.search(text)
        found = _SET_LINE.search(_sentence_at(text, core.end())) if core else None
        if found is not None:
            # (review s25) the rate set last in the line ("set 250k first; then I set it to 500k"): an earlier one was replaced
            last = [m.group("_set") for m in _SET_PHRASE_RX.finditer(text)]
            self._set_rate = (lineno, _bps(last[-1] if last else found.group("_set")))
        else:
            # (review s25) two consecutive lines (a blank one between at most), not any line two below
            self._set_rate = None

    def match_line(self, text: str) -> list[tuple[Msg, re.Match[str]]]:
        # (review s24) CAN005: the two rates must differ once written alike ("set 500k ... actually uses 500k CAN" is no claim)
        out = []
        for row, m in super().match_line(text):
            d = m.groupdict()
            if d.get("_set") and d.get("_real") and _bps(d["_set"]) == _bps(d["_real"]):
                continue
            out.append((row, m))
        return out

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and m.groupdict().get("_uuid"):
            self._uuid_only.add(id(ev))

    def finish(self) -> dict[str, Any]:
        # (review s24) CAN004's "the query returns 0 UUIDs" alone has many causes: only with a contrast somewhere in the text
        # (the node found without the part: "as long as the front face is not hooked up, I get the Canbus UUID", "without it ...")
        if self._uuid_only and not any(_CONTRAST.search(x) for x in self._lines):
            self.events = [e for e in self.events if id(e) not in self._uuid_only]
        return super().finish()

    def summary(self) -> dict[str, object]:
        return {}


# the part's absence named beside the loss: "without it", "not hooked up", "unplugged", "disconnect", "removed", "take it off"
_CONTRAST = re.compile(r"(?i)\b(?:without|unplug\w*|disconnect\w*|remov\w*|(?:is|are|was|were)(?:n't| not) (?:hooked|connected|plugged|attached)"
                       r"|tak(?:e|ing|en) (?:\S+\s+){0,3}?(?:off|out)|(?:get|got) (?:\S+\s+){0,3}?off)\b")


def _bps(text: str) -> float | None:
    """A rate as written ("500k", "1 Mbit/s", "500000bps", "33.3k") in bit/s."""
    m = re.match(r"~?\s*(\d+(?:[.,]\d+)?)\s*([km]?)", text.strip(), re.I)
    if not m:
        return None
    scale = {"k": 1e3, "m": 1e6}.get(m.group(2).lower(), 1.0)
    return round(float(m.group(1).replace(",", ".")) * scale, -2)


# the row the two-line reading reports under (its own table rows read one line each)
_ROW_TWO_LINES = Msg("said_can_rate_differs", r"(?!)", strength="strong")
_SET_CORE_RX = re.compile(_SET_CORE)
_SET_PHRASE_RX = re.compile(rf"(?i)\b(?:set|configured|configuring|setup|set up)\s+(?:\S+\s+){{0,3}}?(?:with|to|at|as|for)\s+(?:a\s+)?"
                            rf"(?:bit ?rate\s+(?:of\s+)?)?{_RATE_SET}")
_REAL_CORE_RX = re.compile(_REAL_CORE)
