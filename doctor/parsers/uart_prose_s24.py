"""What people say in prose about a UART link, a ROM bootloader's entry and a Pi's supply, session 24 (uart-serial
gathering: Marlin/OctoPrint front ends, Raspberry Pi GPIO serial, Black Pill DFU threads, OctoPrint blogs).

Families, in their usual wordings (the examples are the gathered threads' own sentences):

- a serial link said to work at one baud rate only, or not to connect at a named rate -> said_baud_only (SER007, `baud`):
  `Simplify3d works only with baud rate 250000.` and `I am no longer able to connect to the printer over Serial using baud
  rate 115200` (InsanityAutomation/Marlin#21: the firmware was built with BAUDRATE 250000), `this will not work with an
  Artillery Sidewinder X1 or any other printer with a 250000 baud rate` (bigtreetech/OctoBTT#14: the host hard-coded 115200).
  A host and a firmware at two rates never understand each other; the person names the one that works or the one that does
  not. Only a standard serial rate, never a CAN bus's speed (can0, bitrate: CAN005's).
- USB DFU of an STM32 ROM bootloader said to come up only while a finger touches a pin -> said_dfu_touch_pin (BOOT007):
  `I have to touch the digital pin with fingers while the USB DFU boot loaders begin. If I don't do it ... the usb
  enumeration will fail` (community.st.com, a Black Pill F411: USART1 RX floating; a fixed level on PA10 fixed it). A
  finger damps a floating input: the ROM then stops taking noise on its USART RX for a host. Not BOOT0, RESET or the
  buttons (a finger on those is how one enters the bootloader).
- the ROM bootloader said to be entered only some of the times, without the word DFU ("getting the controller in
  bootloader mode ... works once in twenty times", diepala/cantor#35), and A10 (the Black Pill's USART1 RX) said tied to
  ground in either order ("a wire between the ground and A10", "connecting pin A10 to ground") -> said_bootloader_intermittent,
  said_a10_grounded (BOOT007). Bare "bootloader" and "A10" are every board's words: the entry reads them only beside an
  STM32 part the text names elsewhere (claims' said_stm32_part), and the rows leave out Katapult, Caterina, ESP and RP2040
  bootloaders.
- a host wired to the board by its GPIO serial pins (a Pi's UART) and the connection said to fail ->
  said_gpio_serial_link and said_cannot_connect (SER006 when both are said): `Connect Raspbery Pi Zero 2 W via the GPIO
  serial connection to prusa MK3` then `Only AUTO was listed and connection kept failing.` (guysoft/OctoPi#779: the Pi's
  Bluetooth and serial console held the UART).
- the Pi's supply said to raise under-voltage warnings -> said_under_voltage (USB003): `trying to once and for all solve my
  under voltage alerts on my raspberry pi` (sarnelli3d.com, prints lost to a cable cut open to stop the back-feed).

Guards (review s22's list), looked for in the claim's own sentence: a question, advice or a plan (claims.py's _STATED),
a conditional at the sentence's start, a negation (per row), someone else's word. Events go to a run under `claims.runs`
(tool "uart-prose-s24"); the entries rank them as warnings below what a tool's printed line shows.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _STATED
from doctor.parsers._common import SENT

# a character of the claim's sentence: a full stop inside a word (printer.cfg, 0.5.1) does not end it
_SENT = SENT  # doctor/parsers/_common.py
# the claim's sentence asks nothing and advises nothing (claims.py's _STATED), and is no guess or hearsay
_NOT_GUESS = (rf"(?!{_SENT}{{0,400}}?\b(?:maybe|perhaps|probably|might|could be|i think|i guess|i suspect|i wonder|someone said"
              r"|people say|docs?|documentation|readme|wiki|apparently)\b)")
_CLAIM = _STATED + _NOT_GUESS

# ---- SER007: one rate works, another does not ----
_STD_BAUD = (r"(?:1200|2400|4800|9600|14400|19200|28800|38400|57600|74880|76800|115200|128000|230400|250000|256000|460800"
             r"|500000|576000|921600|1000000|1500000|2000000)")
# not a CAN bus's speed, nor a rate said not to matter or to work along with others
_NOT_CAN_OR_ANY = (rf"(?!{_SENT}{{0,400}}?\b(?:can\d|can ?bus|canbus\w*|bit ?rate|twai|not only|(?:does ?n[o']t|did ?n[o']t) matter"
                   r"|any (?:baud|rate|speed)|every (?:baud|rate|speed)|all (?:baud|rates|speeds))\b)")
_BAUD_OF = r"(?:(?:a |the |my |its )?(?:baud ?(?:rate)?|speed|rate)(?: of| set to)?\s*[:=]?\s*)?"
_LINK_VERB = r"(?:works?|worked|connects?|connected|communicates?|communicated|talks?|talked|responds?|responded|answers?|answered)"
# (review s24) not a rate said to be the one both ends use ("connects only at 115200 and that is what the firmware is set to",
# "which is what Marlin's BAUDRATE is", "so that matches", "because I set CONFIG_SERIAL_BAUD=250000"), a solved or healthy
# account, nor a boot ROM's own rate (the ESP8266's 74880: another program than the one the host talks to)
_NOT_SAME_RATE = (rf"(?!{_SENT}{{0,400}}?\b(?:that(?: i|')s what|which is what|what (?:it|the firmware|marlin|klipper) (?:is|was) set to"
                  r"|match(?:es|ed|ing)?|because I (?:set|configured|built)|as (?:set|configured)|which I (?:set|configured)|solved|fixed"
                  r"|resolved|fine|great|good|perfect\w*|boot ?ROM|ROM bootloader|74880)\b)")
# (review s24) "works only at X" says a rate works; it tells of a mismatch only beside a contrast in its paragraph: a second,
# other rate, another rate said to fail, "nothing else", "no longer" (the "not at X" rows below carry their own)
_CONTRAST = (r"(?=[^\n]{0,2000}?(?:\b(?P<_r1>" + _STD_BAUD + r")\b[^\n]{0,2000}?\b(?!(?P=_r1)\b)" + _STD_BAUD + r"\b"
             r"|\b(?:nothing else|no other|any other|(?:other|different) (?:baud ?rates?|rates?|speeds?|bauds?|settings?)|no longer"
             r"|not (?:at|with|on|using)\b|(?:does ?n[o']t|did ?n[o']t|won'?t|can'?t|cannot|could ?n[o']t|never|not)\s+(?:\w+\s+){0,3}?"
             r"(?:work|connect|communicat|talk|respond)\w*)))")

# ---- BOOT007 ----
_DFU = r"(?:DFU|df11|STM32 BOOTLOADER|ROM bootloader|system bootloader|boot ?loaders?)"
# the bootloader entries a finger or a double press reaches on purpose, and other families' bootloaders
_NOT_OTHER_BOOT = (rf"(?!{_SENT}{{0,400}}?\b(?:katapult|canboot|klipper|caterina|pro ?micro|leonardo|32u4|avr|arduino (?:uno|nano|mega)"
                   r"|double[- ]?(?:tap|press|click|reset)\w*|esp\w*|rp2040|rp2350|pico|bootsel|uf2|nrf\w*|samd\w*|teensy)\b)")
_NOT_BOOT_PIN = rf"(?!{_SENT}{{0,400}}?\b(?:BOOT ?0|B0|BT0|BOOT ?pin|boot ?(?:button|key|switch|jumper)|reset|NRST|RST|power (?:button|switch))\b)"
# (review s24) not an entry that came and went for a cause the paragraph names and that was put right (a worn, loose or dirty
# BOOT0 switch or jumper, BOOT0 not held long enough), nor a person using the bootloader "sometimes" (how often, not how well)
_NOT_BOOT_CAUSE = (r"(?![^\n]{0,2000}?\b(?:fixed|fixes|solved|resolved|worn\w*|loose|dirty|broken|faulty|bad (?:button|switch|jumper)"
                   r"|new (?:button|switch|jumper)|replac\w+|(?:was|were) not (?:holding|pressing)|not holding|not pressing|long enough)\b)")
_NOT_USE_SOMETIMES = rf"(?!{_SENT}{{0,400}}?\b(?:use|used|using|flash|flashed|flashing|update|updated)\b{_SENT}{{0,60}}?\bsometimes\b)"
_RARELY = (r"(?:once in (?:a )?(?:\w+ )?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundred|while)(?: (?:times?|tries|attempts?))?"
           r"|(?:one|1|\d+) (?:in|out of) (?:\d+|two|three|four|five|ten|twenty|thirty|fifty|hundred)(?: (?:times?|tries|attempts?))?"
           r"|sometimes|intermittent\w*|randomly|hit (?:and|or) miss|unreliabl\w*|not reliabl\w*|rarely"
           r"|every (?:other|second|few|now and then) (?:time|try|tries|attempt)s?)")

# ---- SER006 ----
_GPIO_LINK = (r"\b(?:via|over|through|using|on|with|by|to)\s+(?:the\s+)?(?:(?:pi|raspberry|rpi|sbc|host)(?:'s)?\s+)?"
              r"(?:GPIO(?:\s+(?:serial|uart|pins?|header))?|UART\d?(?:\s+pins?)?|TX/RX(?:\s+pins?)?|RX/TX(?:\s+pins?)?|serial (?:pins|header)"
              r"|hardware serial|/dev/(?:ttyAMA\d|ttyS\d|serial[01]))\b")

MESSAGES = rows_of(
    group(
        "prose: a serial link said to work at one baud rate only, or not to connect at a named rate (SER007)",
        # "X works only with baud rate 250000", "only connects at 115200"
        Msg("said_baud_only",
            r"(?i)^" + _CONTRAST + _CLAIM.removeprefix("(?i)^") + _NOT_CAN_OR_ANY + _NOT_SAME_RATE + r"(?!\s*(?:if|when|unless)\b)"
            rf"{_SENT}{{0,400}}?(?:\b{_LINK_VERB}\b(?:\s+\w+){{0,2}}?\s+only|\bonly\s+{_LINK_VERB})\s+(?:at|with|on|using|when (?:set to|using))\s+"
            + _BAUD_OF + r"(?P<baud>" + _STD_BAUD + r")\b(?!\s*(?:kbps|kbit|k\b))",
            strength="strong", convert=(("baud", int),), example="The board only connects at 57600, nothing else."),
        # "not able to connect to the printer over Serial using baud rate 115200", "can't connect at 250000 baud"
        Msg("said_baud_only",
            _CLAIM + _NOT_CAN_OR_ANY + _NOT_SAME_RATE + r"(?!\s*(?:if|when|unless)\b)" + rf"(?!{_SENT}{{0,400}}?(?:/dev/|\bCOM\d))"
            rf"{_SENT}{{0,400}}?\b(?:not|no longer|unable|can'?t|cannot|could ?n[o']t|could not|never|fails? to|failed to)\b(?:\s+(?:be\s+)?able)?(?:\s+to)?"
            rf"\s+(?:connect|communicate|talk|get (?:a )?connection)\w*\b{_SENT}{{0,60}}?\b(?:at|using|with|on|over)\s+(?:(?:a |the )?(?:baud ?(?:rate)?|speed)(?: of)?\s*)?"
            r"(?P<baud>" + _STD_BAUD + r")\b(?!\s*(?:kbps|kbit|k\b))",
            strength="strong", convert=(("baud", int),),
            example="After updating to the firmware in this repo I am no longer able to connect to the printer over Serial using baud rate 115200."),
        # "this will not work with ... any other printer with a 250000 baud rate"
        Msg("said_baud_only",
            _CLAIM + _NOT_CAN_OR_ANY + _NOT_SAME_RATE + r"(?!\s*(?:if|when|unless)\b)"
            rf"{_SENT}{{0,400}}?\b(?:won'?t|will not|does ?n[o']t|doesn'?t|did ?n[o']t|can'?t|cannot)\s+(?:\w+\s+)?(?:work|connect)\w*\b{_SENT}{{0,100}}?\b(?:with|to|at)\b"
            rf"{_SENT}{{0,60}}?\b(?P<baud>" + _STD_BAUD + r")[ -]?baud\b",
            strength="strong", convert=(("baud", int),),
            example="As it is this will not work with an Artillery Sidewinder X1 or any other printer with a 250000 baud rate."),
    ),
    group(
        "prose: USB DFU said to come up only while a finger touches a pin (a floating USART RX pin, BOOT007)",
        Msg("said_dfu_touch_pin",
            _CLAIM + _NOT_BOOT_PIN + _NOT_OTHER_BOOT
            + rf"(?!{_SENT}{{0,400}}?\b(?:no longer|any ?more|don'?t (?:need|have) to|never)\b)"
            rf"(?={_SENT}{{0,400}}?\b{_DFU}\b)"
            rf"{_SENT}{{0,400}}?(?:\b(?:touch\w*|finger\w*)\b{_SENT}{{0,40}}?\bpins?\b|\bpins?\b{_SENT}{{0,40}}?\b(?:touch\w*|with (?:my |a |the )?fingers?)\b)",
            strength="strong",
            example="I have to touch the digital pin with fingers while the USB DFU boot loaders begin."),
    ),
    group(
        "prose: the ROM bootloader said entered only some of the times, and A10 said tied to ground (BOOT007 beside an STM32 part)",
        Msg("said_bootloader_intermittent",
            r"(?i)^" + _NOT_BOOT_CAUSE + _CLAIM.removeprefix("(?i)^") + _NOT_OTHER_BOOT + _NOT_USE_SOMETIMES + rf"(?!{_SENT}{{0,400}}?\bnever\b)"
            rf"(?={_SENT}{{0,400}}?\b(?:DFU|(?:system |ROM )?bootloader(?: mode)?|BL mode)\b)"
            rf"(?={_SENT}{{0,400}}?\b(?:works?|worked|enters?|entered|gets?|got|goes|went|appears?|appeared|shows? up|showed up|detected|recogni[sz]ed)\b)"
            rf"{_SENT}{{0,400}}?\b{_RARELY}\b",
            strength="strong",
            example="I have a lot of problems getting the controller in bootloader mode, either with the boot0 and nrst buttons or "
                    "with qmk's bootmagic, in that it works once in twenty times maybe."),
        Msg("said_a10_grounded",
            _CLAIM + _NOT_OTHER_BOOT + rf"(?!{_SENT}{{0,400}}?\b(?:not|never|no longer)\b|{_SENT}{{0,400}}?n't\b)"
            rf"(?={_SENT}{{0,400}}?\b(?:DFU|(?:system |ROM )?bootloader(?: mode)?|BL mode)\b)"
            rf"{_SENT}{{0,400}}?(?:\b(?:ground\w*|GND|tied|tie|tying|pull\w*(?: ?up| ?down| high| low)?)\b{_SENT}{{0,25}}?\b(?:PA10|A10)\b"
            rf"|\b(?:PA10|A10)\b{_SENT}{{0,25}}?\b(?:to|and|with)\s+(?:the\s+)?(?:ground|GND|3\.?3 ?V|VCC)\b)",
            strength="strong",
            example="Hence, I soldered a wire between the ground and A10 and can confirm that setting the microcontroller in "
                    "bootloader mode now works reliably every time."),
    ),
    group(
        "prose: a host wired to the board by GPIO serial pins, and the connection said to fail (SER006)",
        Msg("said_gpio_serial_link",
            _CLAIM + r"(?!\s*(?:if|when|unless)\b)"
            rf"(?={_SENT}{{0,400}}?\b(?:connect\w*|wired|wiring|hook\w*|link\w*|attach\w*)\b)"
            rf"{_SENT}{{0,400}}?" + _GPIO_LINK,
            strength="strong", example="Connect Raspbery Pi Zero 2 W via the GPIO serial connection to prusa MK3"),
        Msg("said_cannot_connect",
            _CLAIM + r"(?!\s*(?:if|when|unless)\b)"
            rf"(?!{_SENT}{{0,400}}?\b(?:now (?:it )?(?:works|connects)|solved|fixed|resolved|success\w*)\b)"
            # a person's sentence, not a tool's line naming the port it failed on ("Could not connect to /dev/ttyACM0 at baudrate ...")
            rf"(?!{_SENT}{{0,400}}?(?:/dev/|\bCOM\d|\berror:|\bfatal\b))"
            # (review s24) not another link than the board's: the web page, the network, a phone or a laptop ("I can't connect
            # my phone to the Mainsail page over wifi")
            rf"(?!{_SENT}{{0,400}}?\b(?:wi-?fi|wlan|network|internet|router|mainsail|fluidd|web ?(?:page|ui|interface|site)|browser|ssh"
            r"|phone|laptop|tablet|vnc|hotspot)\b)"
            rf"{_SENT}{{0,400}}?(?:\bconnection (?:kept|keeps|keep) failing\b|\b(?:kept|keeps) failing to connect\b"
            r"|\b(?:I|we|it)\s+(?:(?:still|just|simply)\s+)?(?:can'?t|cannot|can not|could ?n'?t|could not)\s+(?:get\s+it\s+to\s+)?connect\b)",
            # (weak: the sentence is every host's; it is read inside a block this parser holds, never taken from a tool's own
            # block, Chrysalis' "I couldn't connect to the keyboard. It may already be connected in another application")
            strength="weak", example="Only `AUTO` was listed and connection kept failing."),
    ),
    group(
        # (uart-serial s24) the UART adapter said to pass its loopback test (its own RX joined to its own TX echoes what is
        # typed) while the board behind it shows nothing: the adapter works, the link to the board does not (OP-TEE/build#322:
        # "I see literally nothing. I have already tested the USB adapter connecting RXD pin with TXD pin and it works", the
        # adapter's TXD was on the board's TXD). Not a condition ("If I short TXD and RXD ..."), a question or advice
        "prose: the USB-UART adapter said to pass a loopback test (its RX joined to its TX works): the board behind it is silent (SER006)",
        Msg("said_adapter_loopback_ok",
            # (review s24) the board behind it said silent somewhere in the paragraph, and no success told: not "... then I
            # connected it to the board and got the login prompt, everything is great"
            r"(?i)^(?=[^\n]{0,2000}?\b(?:nothing|no output|no response|no answer|silent|silence|blank|no data|no text)\b)"
            r"(?![^\n]{0,2000}?\b(?:prompt|solved|fixed|resolved|everything (?:is|was) (?:fine|great|good|ok)|works? (?:now|fine now))\b)"
            + _CLAIM.removeprefix("(?i)^") + r"(?!\s*(?:if|when|unless)\b)" + rf"(?!{_SENT}{{0,400}}?\b(?:not|never|no longer|nothing)\b|{_SENT}{{0,400}}?n't\b)"
            rf"{_SENT}{{0,400}}?\b(?:connect\w*|short\w*|bridg\w*|jump\w*|loop\w*|join\w*|tie|tied|tying)\b{_SENT}{{0,30}}?\b(?:RXD?|TXD?)\b(?: pins?)?"
            rf"\s+(?:with|to|and)\s+(?:the\s+|its\s+)?(?:TXD?|RXD?)\b(?: pins?)?{_SENT}{{0,60}}?\b(?:works?|worked|echo\w*|fine|ok(?:ay)?)\b",
            strength="strong",
            example="I have already tested the USB adapter connecting RXD pin with TXD pin and it works."),
    ),
    group(
        # (uart-serial s24) no serial port found, said in German (kiscando.de: OctoPrint's „Keine serielle Schnittstelle
        # gefunden“ on a Prusa whose cable carried no data): the family of claims.py's said_no_port_appears, read by USB001
        "prose: no serial port found, in German (claims.py's said_no_port_appears family)",
        Msg("said_no_port_appears",
            _CLAIM + r"(?!\W{0,3}(?:wenn|falls|sobald|ob)\b)" + rf"(?!{_SENT}{{0,400}}?\b(?:bis|nach dem|reset|manchmal|kurz)\b)"
            # (review s24) not a resolved story anywhere in the paragraph ("Mit einem anderen Kabel geht es jetzt, Problem gelöst")
            r"(?![^\n]{0,2000}?(?:\bgelöst|\bbehoben|\bgeht (?:es )?jetzt|\bfunktioniert (?:es )?(?:jetzt|wieder)|\blief alles))"
            rf"{_SENT}{{0,400}}?\bkein(?:e|en)?\W{{0,3}}(?:serielle[nr]?\W+)?(?:Schnittstellen?|COM[- ]?Ports?|Ports?)\b(?:\s+(?:wurde|wird|ist))?"
            r"\s+(?:gefunden|erkannt|angezeigt|vorhanden|verfügbar)\b",
            strength="strong", example="„Keine serielle Schnittstelle gefunden“ lautete die Meldung."),
    ),
    group(
        # (uart-serial s24) ModemManager said to probe, open or talk to the board's port: the verbs claims.py's
        # said_modemmanager_holds row (hogging, grabbing, claiming, interfering) does not list ("ModemManager which tries to
        # talk to anything called /dev/ttyACM*", nick.zoic.org; "ModemManager kept sending AT commands to the board"). Same
        # kind, so SER002 reads it; not a negation ("ModemManager is not probing it"), a question, advice or a condition
        "prose: ModemManager said to probe, open or send AT commands to the board's port (claims.py's said_modemmanager_holds family)",
        Msg("said_modemmanager_holds",
            # (review s24) not advice opening the sentence ("Disable ModemManager: it probes ...") nor general knowledge ("known
            # to probe", "by default"), nor a ModemManager found stopped or removed
            _CLAIM + r"(?!\W{0,3}(?:disable|remove|stop|mask|uninstall|purge|kill|tip|note)\b)"
            + rf"(?!{_SENT}{{0,400}}?\b(?:known to|tends to|by default|is known|(?:was|is|got) (?:stopped|disabled|removed|masked|uninstalled)"
            r"|(?:disabled|removed|uninstalled|masked|stopped|purged) (?:the )?modem[ -]?manager|i (?:disabled|removed|uninstalled|masked|stopped|purged))\b)"
            # (healthy-fw s24) "as this is no modem" / "not a modem" describes the board, it denies nothing (Pulse-Eight/libcec#193);
            # (review s24) but "no modem-manager installed" / "no ModemManager" does deny it
            + r"(?!\s*(?:if|when|unless)\b)" + rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|no|never|without|nicht|kein\w*|no longer)\b(?! (?:a |an )?modem\b(?![ -]?manager))|n't\b))"
            rf"{_SENT}{{0,400}}?\bmodem[ -]?manager\b{_SENT}{{0,60}}?\b(?:(?:tries|tried|trying|keeps?|kept|starts?|started)\s+(?:to\s+)?)?"
            r"(?:prob(?:e|es|ed|ing)|open(?:s|ed|ing)?|talk(?:s|ed|ing)? to|send(?:s|ing)?|sent|poll(?:s|ed|ing)?|reset(?:s|ting)?"
            # (usb-serial s25) "writes/wrote AT commands"; (review s25) only AT commands or bytes written to the port, not what
            # ModemManager writes to its log or journal ("what ModemManager writes to the journal, nothing about the port")
            r"|(?:writ(?:e|es|ing)|wrote)(?=\s+(?:(?:the |some |its |random |garbage )?AT\b|(?:data |bytes |stuff |garbage |commands )?(?:to|on|into) "
            r"(?:the |my |a |every |each |any |its )?(?:[\w-]+ ){0,2}?(?:ports?|tty\w*|/dev/|devices?|boards?|serial|printer|it|them)\b)))\b"
            rf"{_SENT}{{0,40}}?(?:\b(?:ports?|devices?|boards?|tty\w*|printer|it|them|AT commands?|AT\+\w+)\b|/dev/)",
            strength="strong", example="ModemManager kept sending AT commands to /dev/ttyACM0 right after I plugged the board in."),
    ),
    group(
        # (wrappers s24w2) a serial terminal or a ground station's CLI said to show only random characters (diydrones "ACM v2.0.49 w/
        # MP v1.0.89 CLI not reading properly": "All I get on the screen is a bunch of random characters like ???D/?c/?", the
        # port left at the telemetry radio's rate). Bytes read at another rate than they were sent come out as symbols: the
        # family of serial_monitor.py's and serial_errors.py's garbled rows, when the person describes them instead of pasting.
        # A question here is a "?" after a word (the garbage itself is full of "?"); not a condition, a negation ("no more
        # garbage"), a solved story, an ESP's boot chatter (its ROM talks at 74880 whatever the sketch uses) or an LCD/display
        "prose: a serial terminal said to show only random characters (SER007)",
        Msg("said_garbled_output",
            # (wrappers review s24w2) every ESP module and board ("ESP-12F", "ESP-WROOM-32", "the ESP restarts", "D1 mini"), a Nextion
            # screen, and chatter said to be normal or expected
            r"(?i)^(?![^\n]{0,2000}?\b(?:esp|esp-?\w+|esp8266|esp8285|esp32\w*|nodemcu|wemos|d1 ?mini|nextion|74880|lcd|oled|tft|e-?paper|e-?ink|displays?"
            r"|fixed|solved|resolved|readable now|works? now|now works|normal|normally|expected)\b)"
            r"(?=[^\n]{0,2000}?\b(?:serial|monitor|terminal|console|cli|putty|minicom|picocom|tera ?term|coolterm|realterm|hterm|com\d+|tty\w*"
            r"|baud\w*|uart|usart|rs-?232|mission ?planner|mavlink)\b)"
            r"(?:[^\n]*?[.!?]\s+)?(?!\W{0,3}(?:if|when|unless|is|are|does|did|do|can|could|should|would|why|how|what|maybe|perhaps)\b)"
            r"(?![^.!\n]{0,400}?[a-z0-9)]\?(?:\s|$))"
            r"(?![^.!\n]{0,400}?\b(?:make sure|try|tip|you (?:will|would|might|may|can|could) (?:get|see)|boot(?:s|ing)?(?: up)?|on boot|at boot|reset)\b)"
            r"(?![^.!\n]{0,400}?(?:\b(?:not|never|without|no longer|no more)\b|n't\b))"
            rf"{_SENT}{{0,300}}?\b(?:get|gets|got|getting|see|sees|saw|seeing|shows?|showed|showing|prints?|printed|printing|displays?|displayed"
            r"|receiv\w*|reads?|reading|outputs?|spits?|spat|comes? out|came out|is|are|was|were)\b"
            rf"{_SENT}{{0,40}}?(?:\b(?:random|weird|strange|garbled|gibberish|jibberish|funny|odd|unreadable|meaningless|scrambled|corrupted)\s+"
            r"(?:characters?|chars?|symbols?|letters?|text|signs?|bytes|data|output)\b|\b(?:garbage|gibberish|jibberish|nonsense)\b)",
            strength="strong",
            example="All I get on the screen is a bunch of random characters like ???D/?c/?. I triple checked that the slider is in the CLI position."),
    ),
    group(
        "prose: the Raspberry Pi (host) said to raise under-voltage warnings (USB003)",
        Msg("said_under_voltage",
            _CLAIM + rf"(?!{_SENT}{{0,400}}?(?:\b(?:no|not|never|without|nor|ruled? out|isn'?t|wasn'?t)\b|n't\b))"
            # (not the kernel's own "Under-voltage detected!" nor vcgencmd's flags: kernel_log.py's rows)
            rf"(?!{_SENT}{{0,400}}?\b(?:detected|throttled=|kernel:|hwmon\d))"
            # (review s24) not warnings that ended or do no harm, in the paragraph: "went away after I bought the official PSU",
            # "replaced the PSU", "but the printer connection is stable"
            r"(?![^\n]{0,2000}?\b(?:went away|gone|fixed|solved|resolved|replaced|new (?:PSU|supply|power supply)|stable|fine|no longer)\b)"
            # (wrappers s24w2) OctoPrint's throttle icon said a "spark", "indicator" or "sign" (OctoPrint#3857: "shows the under voltage
            # spark while printing", fixed by a dedicated supply for the Pi and its display)
            # (wrappers review s24w2) not someone looking or checking for them, or turning them off ("none", "look for", "check for",
            # "disabled the notifications"); an "indicator" only when it shows, appears or came up
            rf"(?!{_SENT}{{0,400}}?\b(?:none|disabl\w*|look(?:ed|ing)? for|check(?:ed|ing)? for|search(?:ed|ing)? for|hide|hid|turn(?:ed)? off|mute\w*)\b)"
            rf"{_SENT}{{0,400}}?\bunder[- ]?volt(?:age|ed)\b{_SENT}{{0,20}}?(?:\b(?:alerts?|warnings?|errors?|messages?|icons?|symbols?|bolt|lightning"
            r"|sparks?|signs?|notifications?|issues?|problems?)\b|\bindicators?\b(?=[^.!?\n]{0,40}?\b(?:shows?|showed|shown|showing|appears?|appeared"
            r"|came up|comes? up|lights? up|lit)\b))",
            strength="strong", example="This story starts with me trying to once and for all solve my under voltage alerts on my raspberry pi."),
    ),
)


@register
class UartProseS24Parser(TableParser):
    name = "uart-prose-s24"
    namespace = "claims"
    hints = ("baud", "dfu", "bootloader", "bl mode", "a10", "pa10", "gpio", "uart", "tx/rx", "rx/tx", "serial pins", "serial header",
             "hardware serial", "ttyama", "ttys", "serial0", "serial1", "failing", "connect", "under voltage", "under-voltage", "undervolt",
             "df11", "touch", "finger", "rxd", "txd", "schnittstelle", "kein", "modemmanager", "modem manager", "modem-manager",
             # (wrappers s24w2) said_garbled_output (not bare "characters"/"symbols": a build log says them on every line)
             "garbage", "gibberish", "jibberish", "garbled", "random char", "weird char", "strange char", "funny char", "odd char",
             "unreadable", "meaningless", "scrambled", "random symbol", "weird symbol", "strange symbol", "funny symbol", "odd symbol",
             "random letter", "random text", "random data", "random byte", "weird text", "strange text", "corrupted char")
    messages = MESSAGES
    all_matches = True  # (review s24) a paragraph says several things: "... via the GPIO serial pins to my MK3. I can't connect"

    def summary(self) -> dict[str, object]:
        return {}
