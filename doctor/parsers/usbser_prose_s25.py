"""What people say in prose about the braille daemon, a baud mismatch, a USB link that drops under load and a host that
noticed nothing, session 25 (usb-serial gathering: GitHub issues of Arduino IDE, elementary OS, rp2040 serial flashers,
printer firmware forks, a maker's blog).

Families, in their usual wordings (the examples are the gathered threads' own sentences or the rows' formats):

- brltty (the braille daemon) said to block, grab, steal or take over the USB-serial adapter or its port, or the board said
  to conflict with braille support -> said_brltty_claims (SER001): `brltty silently blocks CH340 USB driver under Linux Mint
  20/21` (arduino/arduino-ide#1788), `Arduino conflicts with Braille support` (elementary/files#2444); and its removal said
  to be the cure -> said_brltty_removed_fixed (SER001): `uninstalling brltty fixed it`. brltty's udev rules claim generic
  CH340/CP210x/FTDI adapters (brltty < 6.5) and detach their tty: the person tells what the dmesg would show.
- the baud rates of the two ends said not to match -> said_baud_mismatch (SER007): `The baud rate doesn't match and so it
  just gets stuck silently.` (usedbytes/serial-flash#1: the tool at 115200, the rp2040 serial bootloader at 921600).
- a link said to fail at a named rate ("unable to flash the board at the default speed of 225000 baud", LONGER3D's Klipper
  fork #5) -> uart_prose_s24's said_baud_only (SER007).
- the USB link said to drop while a heater or motors draw current -> said_usb_drops_under_load (USB003): `Losing USB
  connection during Heat-Up` (mcheah/Marlin4MPMD#59: fixed with a 10 A supply), `every time i home the printer disconnects`
  (from the row's format). A supply that sags or noise coupled from the heater and motor wiring reset the port.
- a serial link said to work only once both sides shared ground -> said_common_ground_fixed (SER006): `I only had success
  after having the Pi and the Mini share ground off the same power supply.` (a gist wiring a Pi's GPIO UART to an SKR Mini).
- the host said to make no plug-in sound, and Device Manager said to show "not a trace" of the board -> claims.py's
  said_not_seen_on_plug and said_not_in_device_manager (USB001): `The computer didn't beep as it normally does when you plug
  something in.` / `I tried looking in the Windows device manager ... not a trace of it.` (jamesmckay.net 2023: two
  power-only micro-USB leads).

Guards (review s22's list), in the claim's own sentence: a question, advice or a plan (claims.py's _STATED), a guess or
hearsay, a conditional, a negation (per row), general knowledge ("can", "may", "known to"). Events go to a run under
`claims.runs` (tool "usbser-prose-s25"); the entries rank them as warnings below what a tool's printed line shows.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _NOT_SEEN_EXCEPT, _STATED
from doctor.parsers._common import SENT

# a character of the claim's sentence: a full stop inside a word (printer.cfg, 0.5.1) does not end it
_SENT = SENT  # doctor/parsers/_common.py
# not a guess, hearsay or general knowledge
_NOT_GUESS = (rf"(?!{_SENT}{{0,400}}?\b(?:maybe|perhaps|probably|might|may|could|can|i think|i guess|i suspect|i wonder|someone said"
              r"|people say|docs?|documentation|readme|wiki|apparently|known|tends? to|usually|often|sometimes|some distros?|seems?"
              # (review s25) a guess the person then drops: "I thought brltty was blocking it, but it was the cable"
              r"|thought|assumed|suspected|was sure)\b)")
_CLAIM = _STATED + _NOT_GUESS
# no negation anywhere in the sentence
_NO_NEG = rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|no|never|without|nor|neither|no longer|nicht|kein\w*)\b|n't\b))"
# not a condition opening the sentence
_NOT_COND = r"(?!\W{0,3}(?:if|when|unless|whenever|once|in case)\b)"

# ---- SER001 ----
_BRL = r"(?:brltty|brl-?tty|braille(?:[ -](?:display|driver|support|daemon|service|package|terminal)s?)?)"
# the paragraph is about a USB-serial adapter, its port or a board
_SERIAL_CTX = (r"(?=[^\n]{0,2000}?\b(?:ch34\d\w*|ch9102\w*|cp210\w*|cp2102\w*|ftdi|ft232\w*|pl2303\w*|usb|serial|tty\w*|ports?"
               r"|arduino|esp\w*|boards?|adapters?|converters?|uart|com ?ports?|dongles?)\b)")
# (not brltty named as what a person would remove, stop or mask: that is advice or a plan, the cure row reads the told cure)
_BRL_VERB = (r"(?:block(?:s|ed|ing)?|grabb?(?:s|ed|ing)?|steal(?:s|ing)?|stole|hijack(?:s|ed|ing)?|claim(?:s|ed|ing)?|eat(?:s|ing)?|ate"
             r"|hog(?:s|ged|ging)?|captur(?:es|ed|ing)|kick(?:s|ed|ing)? (?:out|off)|takes? over|took over|taking over"
             r"|interfer(?:es|ed|ing)|conflicts?|conflicted|conflicting|messes? (?:up|with)|messed (?:up|with)|breaks?|broke)")
_CURE_VERB = r"(?:remov(?:e|ed|ing)|uninstall(?:ed|ing)?|purg(?:e|ed|ing)|disabl(?:e|ed|ing)|mask(?:ed|ing)?|stopp?(?:ed|ing)|kill(?:ed|ing)?)"
_FIXED = (r"(?:fixed|fixes|solved|solves|resolved|helped|did the trick|does the trick|made it work|works?|worked|working|appears?|appeared"
          r"|shows? up|showed up|came back|is back|(?:is|was) (?:there|detected|listed))")

# ---- SER007 ----
_BAUD_WORD = r"(?:baud ?rates?|baudrates?|bauds?|(?:serial|uart|port) speeds?|bit ?rates?)"

# ---- USB003 ----
_DROP = (r"(?:los(?:e|es|ing|t) (?:the |its |my )?(?:usb |serial )?(?:connection|link|communication|comms?)"
         r"|(?:usb |serial )?(?:connection|link|communication|comms?) (?:drops?|dropped|dropping|is lost|was lost|gets? lost|got lost|stops?|stopped|dies|died|cuts? out)"
         r"|disconnect(?:s|ed|ing)?|drops? (?:off|out)|dropped (?:off|out)|usb (?:resets?|disconnects?))")
_LOAD = (r"(?:heat[- ]?up|heat(?:s|ed|ing)? up|heat(?:s|ed|ing)?|heater|(?:heated |hot ?)?bed|hot ?end|nozzle|motors?|steppers?|hom(?:e|es|ed|ing)"
         r"|spindle|extruder|relay|pump|laser)")
_WHEN = r"(?:during|while|when|whenever|as soon as|once|every time|each time)"

MESSAGES = rows_of(
    group(
        "prose: brltty (the braille daemon) said to take the USB-serial adapter or its port (SER001)",
        Msg("said_brltty_claims",
            # (review s25) the row's literal first: a line without it fails here, not after the sentence scans below
            r"(?i)^(?=[^\n]*?(?:brl|braille))" + _SERIAL_CTX + _CLAIM.removeprefix("(?i)^") + _NO_NEG + _NOT_COND
            # (not advice opening the sentence: "Remove brltty, it grabs CH340 adapters")
            + r"(?!\W{0,3}(?:" + _CURE_VERB + r"|apt|sudo|systemctl|tip|note)\b)"
            + rf"{_SENT}{{0,400}}?(?:\b{_BRL}\b{_SENT}{{0,40}}?\b{_BRL_VERB}\b|\b(?:conflicts?|conflicted|conflicting|interfer(?:es|ed|ing)) with (?:the )?{_BRL}\b)",
            strength="strong", example="brltty silently blocks CH340 USB driver under Linux Mint 20/21"),
        # the cure told: removing brltty made the port appear
        Msg("said_brltty_removed_fixed",
            r"(?i)^(?=[^\n]*?(?:brl|braille))" + _SERIAL_CTX + _CLAIM.removeprefix("(?i)^") + _NOT_COND
            # (review s25) not the cure as advice or a plan opening the sentence ("Remove brltty, that fixes it", "You need to
            # uninstall brltty"), nor one that did not hold or helped someone else ("I uninstalled brltty and the board still
            # fails to show up", "appears for a second and then disappears again", "fixed it for others, but my ttyUSB0 stays
            # missing", "should fix it"), nor a cure followed by another fault ("... but now I get permission denied")
            + r"(?!\W{0,3}(?:remove|uninstall|purge|disable|mask|stop|kill|just|simply|you|we|need|try)\b)"
            + rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|never|no longer|nothing|neither|nor|didn't|did not|doesn't|does not|won't|wouldn't"
            r"|still|again|fails?|failed|vanish(?:es|ed)?|disappear(?:s|ed)?|should|would|will|but now|for (?:a )?(?:second|moment|while|few seconds)"
            r"|for (?:others|him|her|them|some|many|most|everyone|people)|someone|somebody|reddit)\b))"
            + rf"{_SENT}{{0,200}}?\b{_CURE_VERB}\b(?: the)?{_SENT}{{0,12}}?\b{_BRL}\b{_SENT}{{0,60}}?\b{_FIXED}\b",
            strength="strong", example="Uninstalling brltty fixed it, the CH340 port is back in the IDE."),
    ),
    group(
        "prose: the two ends' baud rates said not to match (SER007)",
        Msg("said_baud_mismatch",
            _CLAIM + _NOT_COND
            # not a CAN bus's bit rate, nor a mismatch ruled out or denied ("it is not a baud mismatch", "no baud mismatch")
            + rf"(?!{_SENT}{{0,400}}?\b(?:can\d|can ?bus|canbus\w*|twai|ruled? out|not (?:a|the|an) (?:baud|problem|issue|cause)|isn'?t|wasn'?t|no (?:baud|mismatch)"
            # (review s25) nor a mismatch that did not matter or was not it ("... but it works fine", "changed it, but it still
            # fails", "was fixed in v2.1, so that is not it")
            r"|fine|still|fixed in|not it)\b)"
            + rf"{_SENT}{{0,400}}?(?:\b{_BAUD_WORD} (?:do(?:es)?n'?t|do(?:es)? not|did ?n'?t|did not|never) match\b"
            r"|\b(?:baud ?rate|baud|speed) mismatch\b|\bmismatch(?:ed|ing)? (?:in |of )?(?:the )?" + _BAUD_WORD + r"\b"
            r"|\b(?:different|wrong|mismatched) " + _BAUD_WORD + r"\b(?=" + _SENT + r"{0,80}?\b(?:between|than|from|on (?:the )?(?:two|both)|each end)\b))",
            strength="strong", example="The baud rate doesn't match and so it just gets stuck silently."),
    ),
    group(
        # (usb-serial s25) a link said to fail at a named rate, with "unable/failed/could not ... at (the default) speed of N"
        # (LONGER3D/klipper-for-longer-3d-printers#5: "Klipper was unable to flash the board at the default speed of 225000 baud",
        # working after 115200 in menuconfig and printer.cfg). uart_prose_s24's said_baud_only rows read the standard rates
        # with "connect"; this one any rate a person types (225000 is 250000 mistyped) with the link verbs and flash/upload.
        # Same kind, so SER007 reads it. Not a CAN bus, an ISP/SPI clock or an I2C/SWD speed, a question, advice or a condition
        "prose: a link said to fail at a named baud rate (uart_prose_s24's said_baud_only family, SER007)",
        Msg("said_baud_only",
            r"(?i)^(?=[^\n]*?\bat (?:the |a |its )?(?:default )?(?:speed|baud ?rate|rate|baud)(?: of)? \d)" + _CLAIM.removeprefix("(?i)^") + _NOT_COND
            + rf"(?!{_SENT}{{0,400}}?\b(?:can\d|can ?bus|canbus\w*|bit ?rate|twai|spi|isp|i2c|swd|jtag|bitclock|clock|khz|mhz)\b)"
            + rf"{_SENT}{{0,400}}?\b(?:unable|not able|failed|fails|could ?n[o']t|can'?t|cannot)\b(?: to)? (?:connect|talk|communicat|flash|upload|sync|handshake)\w*\b"
            + rf"{_SENT}{{0,60}}?\bat (?:the |a |its )?(?:default )?(?:speed|baud ?rate|rate|baud)(?: of)? (?P<baud>\d{{4,7}})\b(?: ?(?:baud|bps))?",
            strength="strong", convert=(("baud", int),), example="Klipper was unable to flash the board at the default speed of 225000 baud."),
    ),
    group(
        "prose: the USB link said to drop while a heater or motors draw current (USB003)",
        Msg("said_usb_drops_under_load",
            # (review s25) the rows' literals first (here, the ground and the Klipper rows below): a line without them fails at
            # once instead of after the sentence scans (a 5 MB paste of printer prose ran 2x slower with them last)
            r"(?i)^(?=[^\n]*?\b(?:during|while|when|once|every time|each time|as soon as)\b)(?=[^\n]*?(?:heat|bed|hot ?end|nozzle|motor|stepper|hom"
            r"|spindle|extruder|relay|pump|laser))" + _CLAIM.removeprefix("(?i)^") + _NO_NEG + r"(?!\W{0,3}(?:if|unless|in case)\b)"
            # the USB, serial or printer link (not a Wi-Fi, network or Bluetooth link)
            + rf"(?!{_SENT}{{0,400}}?\b(?:wi-?fi|wlan|network|ethernet|bluetooth|ssh|vnc|web ?cam|camera)\b)"
            # (review s25) not a part of the printer that comes loose ("the hotend thermistor disconnects during heat up", "the
            # endstop wire disconnects while homing", "the display disconnects every time I home"), nor the USB said to be fine
            + rf"(?!{_SENT}{{0,400}}?\b(?:thermistors?|thermocouples?|wires?|fans?|displays?|lcds?|screens?|touch ?screens?|endstops?"
            r"|sensors?|probes?|bltouch|filament|heater cartridges?|plugs?|connectors?)\b(?: [\w-]+){0,2} (?:gets? |got |is |was |keeps? |kept )?"
            + _DROP + r"|\busb (?:is|was|stays|stayed|connection is|link is) (?:fine|ok|okay|stable)\b)"
            + rf"(?={_SENT}{{0,400}}?\b(?:usb|serial|printer|board|mcu|octoprint|host|pi|pc|laptop|computer|connection)\b)"
            + rf"{_SENT}{{0,400}}?(?:\b{_DROP}\b{_SENT}{{0,30}}?\b{_WHEN}\b{_SENT}{{0,30}}?\b{_LOAD}\b"
            + rf"|\b{_WHEN}\b{_SENT}{{0,40}}?\b{_LOAD}\b{_SENT}{{0,60}}?\b{_DROP}\b)",
            strength="strong", example="Losing USB connection during Heat-Up"),
    ),
    group(
        # (usb-serial s25) a UART link said to work only once both sides shared ground (gist metaquanta 6103fb77: a Pi's GPIO UART
        # to an SKR Mini, "I only had success after having the Pi and the Mini share ground off the same power supply"): a serial
        # line is read against its own side's ground, and without a common one the receiver sees noise. Only with a host or a
        # serial adapter in the sentence (not an SWD probe, a CAN bus or a USB link's noise), not a question, advice, a condition,
        # a negation or a cure that did not help
        "prose: a serial link said to work only once both sides shared ground (SER006)",
        Msg("said_common_ground_fixed",
            r"(?i)^(?=[^\n]*?(?:ground|gnd))(?=[^\n]*?\b(?:after|once|when)\b)" + _CLAIM.removeprefix("(?i)^") + _NOT_COND + _NO_NEG
            + rf"(?!{_SENT}{{0,400}}?\b(?:can\d|can ?bus|canh|canl|swd|swdio|st-?link|j-?link|jtag|usb cable|ferrite"
            # (review s25) nor an earth to the printer's frame or bed, nor a cure that did not hold ("then died again")
            r"|(?:heated )?bed|frame|chassis|earth(?:ed|ing)?|again)\b)"
            + rf"(?={_SENT}{{0,400}}?\b(?:pi|raspberry|rpi|sbc|host|adapter|ftdi|ch340|cp210\w*|usb-?(?:ttl|uart|serial)|uart|tx|rx|gpio|serial)\b)"
            + rf"{_SENT}{{0,400}}?\b(?:only )?(?:had success|succeeded|works?|worked|connects?|connected|talk(?:s|ed)?|communicat\w+|got it working)\b"
            + rf"{_SENT}{{0,30}}?\b(?:after|once|when)\b{_SENT}{{0,60}}?\b(?:(?:share|shared|sharing|common)\b{_SENT}{{0,30}}?\b(?:ground|gnd)s?"
            r"|(?:connect(?:ed|ing)?|tied|tie|tying|join(?:ed|ing)?|add(?:ed|ing)?|wir(?:ed|ing)) (?:the |a |both |their )?(?:common )?(?:ground|gnd)s?)\b",
            strength="strong", example="I only had success after having the Pi and the Mini share ground off the same power supply."),
    ),
    group(
        # (usb-serial s25) the person says the printer runs Klipper behind OctoPrint (the OctoKlipper plugin, "flashed Klipper"):
        # klippy then holds the MCU's tty, and OctoPrint opening that port instead of /tmp/printer reads against it
        # (Klipper3d/klipper#839: OctoPrint's "device reports readiness to read but returned no data ... multiple access on
        # port?" with the OctoKlipper plugin installed). A fact for SER003's OctoPrint rule; no finding of its own. Not a
        # question, advice, a plan or a negation ("I don't use Klipper", "before installing Klipper")
        "prose: the printer said to run Klipper (the OctoKlipper plugin, Klipper flashed or installed)",
        Msg("said_klipper_host",
            # (review s25) the row's literal first (Klipper threads name it on many lines); "runs Klipper" is the family's own
            # wording; not another printer, a friend's, a setup given up or Klipper taken away ("I installed Klipper on my other
            # printer", "was running Klipper last year but went back to Marlin", "I uninstalled the OctoKlipper plugin", "the
            # klipper service is stopped"), nor Cura's Klipper plugin
            r"(?i)^(?=[^\n]*?(?:octoklipper|(?:installed|running|runs|using|flashed|switched to|moved to|set up)(?: on)? (?:the )?klipper))" + _CLAIM.removeprefix("(?i)^") + _NO_NEG + _NOT_COND
            + rf"(?!{_SENT}{{0,400}}?\b(?:before|want to|going to|plan\w*|would like|thinking"
            r"|other|another|second|friend\w*|back to|went back|revert\w*|used to|previously|last (?:year|month|week)|since then|reflash\w*"
            r"|uninstall\w*|remov\w*|stopped|disabled|cura)\b)"
            # (review s25) nor OctoPrint already on klippy's own port: SER003's join would tell them to do what they did
            + rf"(?!{_SENT}{{0,400}}?(?:/tmp/printer|klippy\.serial|printer_data/comms))"
            + rf"{_SENT}{{0,400}}?(?:\bOctoKlipper\b|\b(?:installed|running|runs|using|flashed|switched to|moved to|set up)(?: on)? (?:the )?klipper\b)",
            strength="strong", example="I also have the OctoKlipper plugin installed on my octroprint server."),
    ),
    group(
        "prose: the host made no plug-in sound, and Device Manager showed no trace of the board (claims.py's USB001 families)",
        Msg("said_not_seen_on_plug",
            r"(?i)^(?=[^\n]*?plug)" + _STATED.removeprefix("(?i)^") + _NOT_SEEN_EXCEPT + _NOT_COND
            # (review s25) not a printer's or CNC machine's own beeper, nor the board found anyway or the sound turned off ("it
            # showed up as COM5 anyway", "because I have sounds turned off"): the sentence and the next
            + r"(?![^\n]{0,400}?\b(?:printers?|cnc|buzzer|beeper|speaker|lcd|display|spindle|power (?:cable|supply|switch|in)|the power"
            r"|because|though|anyway|shows? up|showed up|appears?|appeared|detected|listed|is there|muted|sounds? (?:is |are )?(?:off|turned off|disabled))\b)"
            + rf"{_SENT}{{0,400}}?\b(?:computer|pc|mac|macbook|laptop|windows|host|machine)s? (?:doesn'?t|does not|didn'?t|did not|won'?t|will not|never) "
            r"(?:even )?(?:beep|chime|ding|make (?:a|the|any|its|that) (?:usual )?(?:sound|noise|chime|beep|connect(?:ion)? sound))\b"
            + rf"(?={_SENT}{{0,80}}?\bplug)",
            strength="strong", example="The computer didn't beep as it normally does when you plug something in."),
        Msg("said_not_in_device_manager",
            _STATED + _NOT_COND
            # (review s25) not a trace of an error gone, nor the board there after all ("until I press reset twice", "but after
            # installing the CH340 driver it showed up")
            + rf"(?!{_SENT}{{0,400}}?\b(?:until|anymore|any more|but after|works? now|shows? up|showed up|appeared)\b)"
            + rf"{_SENT}{{0,400}}?(?:\bdevice manager\b{_SENT}{{0,20}}?(?:\.{{3}}|…|,|-|:)?\s*(?:but )?(?:there (?:is|was) )?(?:not a|no) trace\b"
            r"(?! of (?:the |an? |any |that )?(?:\w+ ){0,2}(?:errors?|problems?|issues?|messages?|warnings?)\b)"
            r"|\b(?:not a|no) trace of (?:it|the (?:board|device|arduino))\b" + rf"{_SENT}{{0,20}}?\bdevice manager\b)",
            strength="strong", example="I tried looking in the Windows device manager ... not a trace of it."),
    ),
)


@register
class UsbSerProseS25Parser(TableParser):
    name = "usbser-prose-s25"
    namespace = "claims"
    # (not "home", "bed" or "heat": a klippy.log or printer.cfg says them on many lines; the drop verbs are rare)
    hints = ("brltty", "brl-tty", "braille", "mismatch", "t match", "not match", "losing", "loses", "lose ", " lost ", "drops", "dropped",
             "dropping", "disconnect", "beep", "chime", "ding", "trace", "ground", "gnd", "octoklipper", "installed klipper", "running klipper", "using klipper", "flashed klipper",
             "switched to klipper", "moved to klipper", "set up klipper", "the klipper", "speed of", "baud rate of", "baudrate of", " baud",
             # (review s25) "runs Klipper", and the plug-in sound row's "didn't make a sound" (no hint reached it)
             "runs klipper", "runs on klipper", "running on klipper", "sound", "noise")
    messages = MESSAGES
    all_matches = True

    def summary(self) -> dict[str, object]:
        return {}
