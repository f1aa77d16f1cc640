"""What people state in prose about the USB bus, when they paste no log because there was nothing to paste.

A board that never reaches the bus (charge-only cable, dead connector, bridge chip without supply) leaves no
kernel line: the only text such a thread holds is the person's own sentence. The families, in their usual
wordings (forum posts, GitHub issues, Discourse):

- the kernel printed nothing on plug-in -> said_no_kernel_event: `no new dmesg messages were created`,
  `dmesg shows nothing`, `dmesg -w doesn't show anything`, `nothing shows up in dmesg`, `dmesg stays silent`,
  `nothing in dmesg`
- lsusb does not list the board -> said_not_in_lsusb: `lsusb doesn't show it`, `it does not show up in lsusb`,
  `not listed in lsusb`, `no new device in lsusb`, `Using lsusb did not show any changes`
- a USB serial port came back under another number -> said_port_renamed (`port`, `old`): `enumerated as
  /dev/ttyUSB1`, `shows up on /dev/ttyACM1 instead of /dev/ttyACM0`; and the old one gone -> said_port_missing
  (`port`): `/dev/ttyUSB0 isn't there`
- Windows shows nothing -> said_not_in_device_manager: `nothing shows up in Device Manager`, `I don't see anything
  in the device manager`, `it does not show up in Device Manager`

Events go to a run under `claims.runs`. A statement is weaker evidence than a log line: the knowledge uses it
only when no pasted kernel line shows an enumeration attempt.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_SAY = r"(?:shows?|showed|shown|displays?|displayed|gives?|gave|prints?|printed|returns?|returned|reports?|reported|says?|said|logs?|logged)"
_NOT = r"(?:doesn't|does not|doesnt|didn't|did not|didnt|won't|will not|don't|do not|can't|cannot|couldn't|could not)"
_Q = r"[`'\"_*]{0,2}"  # a tool name quoted as code or emphasis: `lsusb`, _dmesg_, "lsusb", ``dmesg``
_PIPE = r"(?: ?\| ?(?:tail|grep|less|head)(?: -?[\w.=]+){0,2})?"  # "dmesg | tail", "dmesg | grep -i usb"

# (thin-rp s15) not "... until I press reset": a board that appears after RESET is rp-claims' (RP002), not an absent one (a
# look-ahead after the match, so it costs nothing on lines the row does not match)
_NOT_UNTIL_RESET = r"(?![^.!?\n]*\b(?:until|till|unless)\b[^.!?\n]*\b(?:reset|rst)\b)"
# (review s22) the one guard of the rows that report what the person saw (said_not_in_device_manager's German row,
# said_not_seen_on_plug, said_works_only_as_root, said_modemmanager_holds): the sentence holding the claim asks nothing (it
# does not end in "?"; another sentence of the line may: "Ich war das nicht. WTF? Stellt sich heraus, dass der Modem Manager
# ... sich die Device greift"), gives no advice ("make sure", "you should check whether") and does not open as a question or a condition
# ("Is ModemManager ...", "Could it be ...", "If it works with sudo, ...", "Does it work with sudo", "Ob ..."). A row's
# body follows it and starts at that sentence's first character (its own look-aheads see the whole sentence)
# (s25) the '?' that makes a sentence a question, unless it only closes a plea for help tacked onto an account ("every time
# I home the printer disconnects for half a second, then reconnects, any ideas?", "..., what can I do?"): the account
# before it is stated, not asked
_HELP_TAIL = (r"(?<!any ideas)(?<!any idea)(?<!any help)(?<!any suggestions)(?<!any suggestion)(?<!any thoughts)(?<!any advice)"
              r"(?<!any tips)(?<!any clue)(?<!any clues)(?<!what can i do)(?<!what should i do)(?<!what do i do)(?<!what now)"
              r"(?<!anyone)(?<!anybody)(?<!can anyone help)(?<!can someone help)(?<!please help)")
_STATED = (r"(?i)^(?:[^\n]*?[.!?]\s+)?(?![^.!?\n]{0,400}?" + _HELP_TAIL + r"\?)(?![^.!?\n]{0,400}\b(?:make sure|ensure|check (?:that|if|whether)|you should|(?<!what )should (?:I|we|you)|tip)\b)"
           r"(?!\W{0,3}(?:is|are|was|were|could|should|would|does|did|do|can|might|maybe|perhaps|whether|if|in case"
           r"|check|try|ob|ist)\b)")
# (review s22) said_not_seen_on_plug only as a flat account: not "unless ...", "only directly", "but with the old cable it works"
_NOT_SEEN_EXCEPT = r"(?![^\n]{0,400}?(?:\b(?:unless|only|except)\b|\bbut\b[^\n]{0,80}?\bworks?\b))"
MESSAGES = rows_of(
    group(
        "prose: the kernel log stayed silent when the board was plugged in",
        Msg("said_no_kernel_event", r"(?i)\bno (?:new )?(?:dmesg|kernel) (?:messages?|output|entries|lines?|events?)\b", strength="strong",
            example="When I did the same with the ShaveDuino (in the same USB port, with the same USB cable), no new dmesg messages were created."),
        Msg("said_no_kernel_event", r"(?i)\bno (?:new )?(?:messages?|output|entries|lines?|events?) (?:at all )?(?:in|from|on) (?:the )?(?:dmesg|kernel log|journalctl)" + _NOT_UNTIL_RESET,
            strength="strong", example="There are no new messages in dmesg when I plug the board in."),
        Msg("said_no_kernel_event", rf"(?i)\bdmesg(?: -w| --follow)?{_PIPE}{_Q}(?: output)? {_SAY} (?:absolutely )?(?:nothing|no (?:new |usb |related )?(?:messages?|output|entries|lines?|devices?|events?)|no(?:thing)? new)" + _NOT_UNTIL_RESET,
            strength="strong", example="dmesg shows nothing when I plug in the board"),
        Msg("said_no_kernel_event", rf"(?i)\bdmesg(?: -w| --follow)?{_PIPE}{_Q}(?: output)? {_NOT} (?:show|display|print|report|log|say|list|give)(?:s)? (?:anything|any(?:thing)? new|any (?:new |usb )?(?:messages?|output|devices?|events?|changes?|difference|indication|lines?))" + _NOT_UNTIL_RESET,
            strength="strong", example="dmesg -w doesn't show anything when the board is connected."),
        Msg("said_no_kernel_event", r"(?i)\bnothing (?:at all )?(?:new )?(?:(?:shows?|showed|shown|appears?|appeared|happens|happened|comes?|came|registers|registered|changes|changed) (?:up )?|(?:is|was|gets|got) (?:logged|printed|registered) )?in (?:the )?(?:dmesg|kernel log)\b" + _NOT_UNTIL_RESET,
            strength="strong", example="Nothing shows up in dmesg."),
        Msg("said_no_kernel_event", r"(?i)\bdmesg(?: -w)? (?:is|stays|stayed|remains|remained|was) (?:completely )?(?:silent|empty|quiet)" + _NOT_UNTIL_RESET,
            strength="strong", example="dmesg -w stays silent when I connect it."),
        Msg("said_no_kernel_event", rf"(?i)\bneither {_Q}dmesg{_Q} nor {_Q}lsusb{_Q} (?:shows?|showed|lists?|listed|gives?|gave|reports?|reported)" + _NOT_UNTIL_RESET,
            strength="strong", example="Neither _dmesg_ nor _lsusb_ show any indication of plugging in anything new - as if the Atmel-Chip never establishes the usb-connection."),
    ),
    group(
        "prose: lsusb does not list the board",
        Msg("said_not_in_lsusb", rf"(?i)\blsusb{_Q} {_NOT} (?:show|list|see|detect|display|find|change)" + _NOT_UNTIL_RESET,
            strength="strong", example="lsusb doesn't show the board at all"),
        Msg("said_not_in_lsusb", rf"(?i)\b(?:using|running) {_Q}lsusb{_Q} (?:did not|didn't|does not|doesn't) show any (?:changes?|difference|new)" + _NOT_UNTIL_RESET,
            strength="strong", example="Using `lsusb` did not show any changes before and after plugging the device in."),
        Msg("said_not_in_lsusb", r"(?i)\b(?:not|isn't|is not|wasn't|was not|never) (?:listed|shown|showing|visible|detected|appearing|present|show(?:ing)? up|appear(?:ing)?) (?:at all )?(?:in|on|with|by) (?:the )?(?:output of )?lsusb" + _NOT_UNTIL_RESET,
            strength="strong", example="The board is not listed in lsusb."),
        Msg("said_not_in_lsusb", rf"(?i)\b{_NOT} (?:show up|appear|get listed|get detected) (?:at all )?(?:in|on|with) (?:the )?(?:output of )?lsusb" + _NOT_UNTIL_RESET,
            strength="strong", example="It does not show up in lsusb either."),
        Msg("said_not_in_lsusb", r"(?i)\bno (?:new )?(?:device|entry|entries|line) (?:appears? |shows? up )?(?:in|on) (?:the )?lsusb" + _NOT_UNTIL_RESET,
            strength="strong", example="no new device in lsusb"),
    ),
    group(
        "prose: Windows Device Manager shows nothing new when the board is plugged in",
        Msg("said_not_in_device_manager", r"(?i)\bnothing (?:at all )?(?:new )?(?:shows? up|showed up|appears?|appeared|happens|happened|changes?|changed|pops? up) in (?:the )?device manager",
            strength="strong", example="when I plug it into my computer nothing shows up in Device Manager, and the software shows a red \"Device Not Connected!\""),
        Msg("said_not_in_device_manager", rf"(?i)\b(?:I |we )?{_NOT} see (?:anything|it|the (?:board|device)|any (?:new )?(?:device|entry))(?: [\w\-]+){{0,5}} in (?:the )?device manager",
            strength="strong", example="I don't see anything in the device manager labeled libusbK or Labrador in any category."),
        # (ecosystems s25) "even" before the verb: "it doesn't even show up in device manager" (opentx#8242: a charge-only cable)
        Msg("said_not_in_device_manager", rf"(?i)\b{_NOT} (?:even )?(?:show up|appear|get listed)(?: at all)? in (?:the )?device manager",
            strength="strong", example="The board does not show up in Device Manager at all."),
        Msg("said_not_in_device_manager", r"(?i)\bdevice manager (?:shows|showed|lists|listed) nothing",
            strength="strong", example="Device Manager shows nothing when I connect it."),
        # (tool-host s22) the same statement in German ("auch taucht im Gerätemanager kein “unbekanntes Gerät” auf", the
        # forum typography folded: physik.co-i60.com 2013, a faulty cable): nothing, no entry, no (unknown) device there
        # (review s22) nothing qualifies the noun ("nichts Auffälliges", "kein Gerät mit gelbem Ausrufezeichen" say the list
        # is there), not asked, and no COM port named as there ("der Port COM5 ist da")
        Msg("said_not_in_device_manager", _STATED + r"(?![^\n]{0,400}?\bCOM ?\d+\b[^.!?\n]{0,40}?\b(?:da|vorhanden|sichtbar|angezeigt|present|there)\b)"
            r"[^.!?\n]{0,400}?\bim Ger(?:ä|ae)te-?manager\b\W{0,3}(?:(?:auch|gar|überhaupt|absolut)\W+){0,2}"
            r"(?:nichts\b(?!\s{1,3}(?!(?:neues|mehr|zu|an|auf|da|angezeigt|erkannt)\b)\w)|kein(?:e|en)?\b\W{0,3}(?:(?:neues|unbekanntes)\W+)?(?:Ger(?:ä|ae)t|Eintrag)\b(?!\W{0,3}(?:mit|ohne)\b))",
            strength="strong", example='auch taucht im Gerätemanager kein "unbekanntes Gerät" auf'),
    ),
    group(
        # (tool-host s22) the host never noticed the board being plugged in, said without naming a tool: "Neither computer
        # sees the paperd being plugged into the USB port, which means that a COM port is never created" (paperd.ink #11:
        # both cables were charge-only), "my PC doesn't even see it when I plug it in". Not the host's "does not recognize"
        # (Windows' "USB device not recognized" is a failed enumeration, USB002) and not "doesn't see the COM port" alone
        "prose: the host does not notice the board being plugged in at all",
        # (review s22) not asked or advised, not an exception ("unless ...", "only directly", "but ... works")
        Msg("said_not_seen_on_plug", _STATED + _NOT_SEEN_EXCEPT + r"[^.!?\n]{0,400}?\b(?:neither|none of (?:the|my|our)|no) (?:computers?|pcs?|macs?|laptops?|machines?|hosts?)\b(?: [\w-]+){0,2} "
            r"(?:sees?|saw|detects?|detected|notices?|noticed|reacts?|reacted|registers?|registered)\b[^.!?\n]{0,60}?\b(?:plugged|plugging|connected|connecting)\b",
            strength="strong", example="Neither computer sees the paperd being plugged into the USB port, which means that a COM port is never created."),
        Msg("said_not_seen_on_plug", _STATED + _NOT_SEEN_EXCEPT + r"[^.!?\n]{0,400}?\b(?:computer|pc|mac|macbook|laptop|windows|host|machine)s? (?:doesn't|does not|doesnt|didn't|did not|won't|will not|never) "
            r"(?:even )?(?:see|detect|notice|react to|register)s? (?:it|the board|the device|anything|a thing)\b[^.!?\n]{0,30}?\b(?:plugged|plugging|plug it|connected|connecting|connect it)\b",
            strength="strong", example="my PC doesn't even see it when I plug it in"),
        Msg("said_not_seen_on_plug", _STATED + _NOT_SEEN_EXCEPT + r"[^.!?\n]{0,400}?\bCOM[ -]?ports? (?:is|was|gets|got) never (?:created|added)\b",
            strength="strong", example="which means that a COM port is never created."),
    ),
    group(
        # (tool-host s22) the command works only as root: the user may not open the device node (a raw USB device without
        # a udev rule, USB004; a tty outside the user's groups, SER004, when the sentence names a serial port). "OpenOCD
        # starts. But only when executing with root privileges." (espressif/openocd-esp32#163), "it only worked if I used
        # `sudo`" (a devcontainer's CMSIS-DAP probe), "it does not work without sudo". Not "even with sudo", "also with
        # sudo", "sudo does not help"
        "prose: the same command works only with sudo or as root",
        Msg("said_works_only_as_root", _STATED + r"(?![^.!?\n]{0,400}\b(?:even|also|neither|nor)\b[^.!?\n]{0,400}\b(?:sudo|root)\b)"
            r"[^.!?\n]{0,400}?\bonly (?:(?:works?|worked|working|runs?|ran|succeeds?|succeeded|starts?|started)\b[^.!?\n]{0,40}?"
            r"|(?:when|if) (?:i |we |it is |it's |you )?(?:execut|run|ran|launch|start|us)\w*\b[^.!?\n]{0,30}?)"
            r"\b(?:sudo|root|superuser|administrator privileges)\b",
            strength="strong", example="But only when executing with root privileges."),
        Msg("said_works_only_as_root", _STATED + r"[^.!?\n]{0,400}?\b(?:doesn't|does not|didn't|did not|won't|will not|can't|cannot|fails? to|failed to|unable to)\b[^.!?\n]{0,40}?\bwithout (?:using |running as )?[`'\"]?(?:sudo|root)\b",
            strength="strong", example="The probe does not work without sudo."),
        # "it works with sudo", "with sudo it works": the classic tell-tale, said without "only"; not in a sentence that
        # negates it ("it does not work, not even with sudo")
        Msg("said_works_only_as_root", _STATED + r"(?![^.!?\n]{0,400}(?:\b(?:even|also|neither|nor|not|never)\b|n't\b)[^.!?\n]{0,400}\b(?:sudo|root)\b)"
            r"[^.!?\n]{0,400}?(?:\b(?<!\bshould )(?<!\bwill )(?<!\bwould )(?<!\bmight )(?<!\bmay )(?<!\bcould )(?<!\bmust )(?<!'ll )(?<!\blikely to )(?<!\bsupposed to )(?<!\bexpected to )(?:works?|worked|succeeds?|succeeded)(?: (?:fine|perfectly|ok|okay|well|flawlessly))? (?:with|using|under|as) [`'\"]?(?:sudo|root)\b"
            r"|\b(?:with|using|under|as) [`'\"]?(?:sudo|root)[`'\"]?,? (?:it |everything |the (?:command|tool|upload|flash) )?(?:works?|worked|succeeds?|succeeded)\b"
            # (host s23) "works if you run it as sudo", "worked once I ran it with sudo" (raspberrypi/pico-examples#286: minicom
            # on /dev/ttyACM0, the user not in dialout)
            # (review s23) not a guess or a promise: "it should work if you run it as sudo", "will work", "might work"
            # (healthy-fw s24) nor a hedge: avrdude 7.1+ main.c's own closing note "avrdude is likely to work when run as root"
            r"|\b(?<!\bshould )(?<!\bwill )(?<!\bwould )(?<!\bmight )(?<!\bmay )(?<!\bcould )(?<!\bmust )(?<!'ll )(?<!\blikely to )(?<!\bsupposed to )(?<!\bexpected to )(?:works?|worked|succeeds?|succeeded)\b(?: (?:fine|perfectly|ok|okay|well|flawlessly))? (?:if|when|once) (?:you |i |we )?"
            r"(?:run|ran|start|started|launch|launched|execute|executed|use|used)(?: it| the \w+)? (?:as|with|under|using) [`'\"]?(?:sudo|root)\b)",
            strength="strong", example="Flashing works fine with sudo."),
    ),
    group(
        # (tool-host s22) a person names ModemManager as what took the port ("ModemManager was hogging the /dev/ttyACM0",
        # raspberrypi/pico-examples#379; German "dass der Modem Manager vom Network Manager sich die Device greift",
        # arduino-hausautomation.de 2015): ModemManager opens every new CDC-ACM port to probe it for a modem. Not a
        # sentence that denies or rules it out anywhere in it ("it's not ModemManager", "ModemManager was not hogging it",
        # "blockiert den Port nicht"), nor a question or advice (_STATED); "claims" only with the port it claims
        # ("ModemManager claims to support this modem" is another sense)
        "prose: ModemManager said to take the serial port",
        Msg("said_modemmanager_holds", _STATED + r"(?![^.!?\n]{0,400}(?:\b(?:not|no|never|without|nicht|kein\w*)\b|n't\b))"
            r"[^.!?\n]{0,400}?\bmodem[ -]?manager\b[^.!?\n]{0,60}?\b(?:hogg\w*|grabb?(?:ed|ing|s)?|captur\w*|"
            r"claim(?:s|ed|ing)\b(?=\s+(?:the\s+|my\s+|our\s+|this\s+|a\s+)?(?:port|device|serial|board|it|tty\w*|/dev/|com\d))|occup\w*|interfer\w*|"
            r"greift|gegriffen|schnappt|blockiert|belegt)\b",
            strength="strong", example="ModemManager was hogging the `/dev/ttyACM0` and made it unavailable to the `minicom`.."),
        # (healthy-fw s24) two more verbs: "Modem manager ... gets in the way" (mlt/schwinn810#26), "ModemManager is blocking the
        # device" (guysoft/OctoPi#570; "block" only with the port or device as its object). The guards of uart_prose_s24's
        # probe/open row: not advice opening the sentence ("Disable ModemManager: it blocks ..."), not general knowledge ("is
        # known to", "by default"), not a ModemManager found stopped or removed, not a condition or a negation
        # (review s24) nor advice, a guess or general knowledge anywhere in the sentence ("Just uninstall ModemManager, it gets in
        # the way", "It's probably ModemManager blocking the device", "... is a common problem", "I thought ModemManager was
        # blocking it, but ..."), nor a sentence giving the command that removes it (systemctl, apt; a next sentence "removing
        # that package (apt remove modemmanager) solved it" is the cure of a cause told, guysoft/OctoPi#570)
        Msg("said_modemmanager_holds", _STATED + r"(?!\W{0,3}(?:disable|remove|stop|mask|uninstall|purge|kill|tip|note)\b)"
            r"(?![^.!?\n]{0,400}?\b(?:uninstall|remove|disable|mask|purge|try|common|usually|often|probably|i thought|wait before)\b)"
            r"(?![^.!?\n]{0,400}?\b(?:systemctl|apt(?:-get)?)\b)"
            r"(?![^.!?\n]{0,400}?\b(?:known to|tends to|by default|is known|(?:was|is|got) (?:stopped|disabled|removed|masked|uninstalled)"
            r"|(?:disabled|removed|uninstalled|masked|stopped|purged) (?:the )?modem[ -]?manager|i (?:disabled|removed|uninstalled|masked|stopped|purged))\b)"
            r"(?!\s*(?:if|when|unless)\b)(?![^.!?\n]{0,400}(?:\b(?:not|no|never|without|nicht|kein\w*|no longer)\b|n't\b))"
            r"[^.!?\n]{0,400}?\bmodem[ -]?manager\b[^.!?\n]{0,60}?\b(?:(?:gets?|got|getting) in the way\b|"
            r"block(?:s|ed|ing)\b(?=\s+(?:the\s+|my\s+|our\s+|this\s+|a\s+|all\s+)?(?:serial\s+|virtual\s+)?(?:ports?|devices?|board|tty\w*|/dev/|com\d)))",
            strength="strong", example="After some debugging i found out, the process ModemManager is blocking the device while octoprint starts up."),
    ),
)


_TTY = r"(?P<port>(?:/dev/)?tty(?:USB|ACM)\d+)\b"
MESSAGES = MESSAGES + group(
    "prose: a USB serial port came back under another number (ttyUSB0 -> ttyUSB1: numbers follow plug-in order)",
    Msg("said_port_missing", _TTY + r"\W{0,3} (?:isn't|is not|wasn't|was not|doesn't|does not|didn't|did not|no longer) (?:there|exists?|present|available|found|listed|show up|appear)",
        strength="weak", example="Tried firmware_restart, to no avail (looking at the log file, it's because /dev/ttyUSB0 isn't there)"),
    Msg("said_port_missing", r"(?i)\b(?:doesn'?t|does not|didn'?t|did not|can'?t|cannot|couldn'?t|could not|fails? to|failed to) (?:find|see|detect) " + _TTY,
        strength="weak", example="I checked the log and its says doesnt find ttyUSB0"),
    Msg("said_port_renamed", r"(?i)\b(?:came back|comes back|(?:re-?)?enumerated|showed up|shows up|appeared|reappeared|is now|was now|became|changed to|switched to|moved to|"
        r"renamed to|jumped to|shifted to|appears as|appear as|shows as|comes up as|came up as) (?:as |on |to |at )?" + _TTY,
        strength="strong", example="Looked at /dev, the MCU had enumerated as /dev/ttyUSB1"),
    Msg("said_port_renamed", _TTY + r",? instead of (?:the )?(?:expected )?(?P<old>(?:/dev/)?tty(?:USB|ACM)\d+)", strength="strong",
        example="after a power cycle the board shows up on /dev/ttyACM1 instead of /dev/ttyACM0"),
)


# (klipper-host helper) the board's SD-card bootloader renames the file it flashed (firmware.bin -> FIRMWARE.CUR, on
# Creality/MKS boards e.g. Robin_nano.bin -> .CUR): people report its absence in prose, the only trace of a card the
# bootloader never took (card type, size or format, a file name or folder this bootloader does not look for)
_BIN = r"(?:firmware|klipper|robin_nano\w*|[\w\-]{1,30})\.bin\b"
_NEG = r"(?:doesn'?t|does not|didn'?t|did not|won'?t|will not|never|not|isn'?t|is not|wasn'?t|was not|aren'?t|weren'?t|haven'?t|hasn'?t)"
MESSAGES = MESSAGES + group(
    "prose: the SD-card bootloader did not take the firmware file (it was not renamed to .CUR)",
    Msg("said_sd_not_taken", r"(?i)\b" + _BIN + r".{0,60}?\b" + _NEG + r"\b.{0,25}?\b(?:chang|renam|turn|becom|convert|switch)\w*\b.{0,30}?\.cur\b",
        strength="strong", example="Firmware.bin doesn't change to FIRMWARE.CUR."),
    Msg("said_sd_not_taken", r"(?i)\b(?:files?|\.bin files?)\b.{0,80}?\b" + _NEG + r"\b.{0,10}?\b(?:get |be )?(?:chang|renam)\w*\b.{0,15}?\.cur\b",
        strength="strong", example="the files on the SD card never get renamed to .CUR"),
    Msg("said_sd_not_taken", r"(?i)(?:\b(?:didn'?t|did not|don'?t|do not|doesn'?t|does not|never) (?:get|got|see|saw|find|found|have|has|create|created|make|made|become)|\bno)"
        r" (?:a |an |the |any )?(?:firmware\.cur|\.cur)\b",
        strength="strong", example="I didn't get firmware.cur file on the SD card"),
    Msg("said_sd_not_taken", r"(?i)\b(?:firmware)?\.cur\b(?: file)? (?:is|was|does|did)(?:n'?t| not| never) (?:created|there|appear|written|show)",
        strength="strong", example="FIRMWARE.CUR is not created"),
)


# (review s21) the guards other claims rows use, for the rows below (moved up here in stuck-boot s22 review for BOOT007's rows): not a question (a "?" in the line, or a line that opens
# with a question word), not advice ("make sure", "should I"), not a try that did not help
_S21_NOT_ASKED = r"(?![^\n]{0,400}?\?)(?!\s*(?:is|was|are|were|could|should|would|does|did|do|can|might|maybe)\b)"
_S21_NOT_ADVICE = (r"(?![^\n]{0,400}?\b(?:make sure|ensure|check (?:that|if|whether)|should (?:I|we|you)|tip|tried|trying|did ?n[o']t help|does ?n[o']t help"
                   r"|no (?:change|difference|luck))\b)")


# (thin-boot s15) the STM32 ROM bootloader locked onto a USART ("DFU hijack", BOOT007): flight-controller and dev-board
# threads say it in prose only, a sentence naming DFU/the bootloader, what is wired to the USART RX pin (a receiver, a GPS,
# ELRS/CRSF/SBUS, PA10) and that it keeps DFU from appearing, or that DFU came back once that was disconnected
_HIJACKER = r"(?:GPS|receivers?|Rx(?: module)?|ELRS|ExpressLRS|CRSF|Crossfire|SBUS|FrSky|serial ?rx|PA10|USART1 RX)"
# (boot s23) "BL mode": Betaflight's own name for its bootloader entry (CLI `bl`, "enter BL mode")
_DFU_WORD = r"(?:DFU|BL mode|(?:system |ROM |stm32 )?bootloader)"
# (fix-boot s23 review) _S21_NOT_ADVICE without its "tried/trying" (a BOOT007 post says "when trying to enter BL mode")
_HIJACK_NOT_ADVICE = r"(?![^\n]{0,400}?\b(?:make sure|ensure|check (?:that|if|whether)|should (?:I|we|you)|tip|did ?n[o']t help|does ?n[o']t help)\b)"
MESSAGES = MESSAGES + group(
    "prose: something on a USART RX pin keeps the STM32 ROM bootloader from USB DFU (betaflight#4122, inav#1804, ardupilot#26980)",
    Msg("said_dfu_uart_hijack",
        # anchored: one pass of each look-ahead over the line (a post's sentence), not one per character
        # (boot s23) 600 characters: a forum paragraph is one line, and the verb often comes last (a Betaflight Discord post:
        # "... both RX and a GPS module are connected to 3.3V ... it seems one of the devices is hijacking a UART")
        # (fix-boot s23 review) the 600 window only for the hijack/prevent verbs, 400 for the rest; not asked, not advice or a
        # condition ("If your FC won't enter DFU, disconnect ..."), not a line where DFU/BL mode works ("enters BL mode fine",
        # "Flashing in DFU went fine"), not an ESC's BLHeli bootloader, not a receiver that won't bind or a GPS without a fix
        r"(?i)^" + _S21_NOT_ASKED + _HIJACK_NOT_ADVICE + r"(?!\s*(?:if|when)\b)"
        r"(?![^\n]{0,600}?(?:\b(?:works?|worked|went|goes|enters?|entered)(?: (?:DFU|BL|the bootloader|bootloader))?(?: mode)? (?:fine|ok|okay|well)\b"
        r"|BLHeli|\bESCs? (?:#\s*\d+ )?(?:won'?t|will not|does ?n[o']t|did ?n[o']t|can'?t|cannot) enter\b|\b(?:won'?t|will not|does ?n[o']t|did ?n[o']t) bind\b|\brebind\w*|\bget a fix\b))"
        r"(?=.{0,400}?\b" + _DFU_WORD + r"\b)(?=.{0,400}?\b" + _HIJACKER + r"\b)"
        r"(?=.{0,400}?\b(?:caused by|(?:won'?t|(?:will|would|does|did|do|could|can)(?:n'?t| not)) (?:enter|go|get|show|appear|be (?:recogni[sz]ed|detected))|disconnect\w*|unplug\w*|(?:un|de)solder\w*|remov\w*|cutting)\b"
        r"|.{0,600}?\b(?:prevents?|prevented|preventing|blocks?|blocked|blocking|hijack\w*|interfer\w*)\b)",
        strength="strong",
        example="I discovered that if the flight controller is receiving serial rx data from a bound receiver it will not enter DFU mode."),
    Msg("said_dfu_uart_hijack",
        r"(?i)\b(?:enumerated|(?:DFU|it) (?:works?|worked|appear\w*|show\w* up))\b[^.!?\n]{0,30}\b(?:after|once|when) (?:I )?(?:cut(?:ting)?|disconnect\w*|unplug\w*|remov\w*|unpower\w*)\b[^.!?\n]{0,25}\b(?:wires?|" + _HIJACKER + r")",
        strength="strong", example="The device enumerated after cutting the wires."),
    # (deepen-fw-boot s17) the fix said as a level on the RX pin: "after pulling PA10 high DFU appears every time", "grounding PA10
    # fixed the DFU problem" (MCUDEV_DEVEBOX_F407VET6#2, pyboard#13: a stable level on USART1 RX)
    Msg("said_dfu_uart_hijack",
        r"(?i)^(?=.{0,400}?\b" + _DFU_WORD + r"\b)(?=.{0,400}?\b(?:ground\w*|tied|tie|tying|pull\w*(?: ?up| ?down| high| low)?|pulled)\b[^.!?\n]{0,25}\b(?:PA10|USART1 RX|USART1_RX|RX pin)\b)",
        strength="strong", example="After pulling PA10 up to 3.3V through 10k, DFU appears every time."),
    # (stuck-boot s22) the pin as a Black Pill's silkscreen names it, "A10" (stm32duino t=1807: "Tying A10 to GND successfully makes it
    # enter DFU bootloader mode 100% of the time"; t=1234: "I placed a 10K pulldown resistor at A10")
    Msg("said_dfu_uart_hijack",
        # (review s22) bare "A10" is also an Arduino Mega's analog pin or an Allwinner SoC: only beside an STM32 board's name, BOOT0 or PA10
        r"(?i)^(?=.{0,400}?\b" + _DFU_WORD + r"\b)(?=.{0,400}?\b(?:black ?pill|stm32\w*|\w*f4[01]1\w*|weact|BOOT0|PA10)\b)"
        r"(?=.{0,400}?\b(?:ground\w*|tied|tie|tying|pull\w*(?: ?up| ?down| high| low)?|pulled)\b[^.!?\n]{0,25}\bA10\b)",
        strength="strong", example="Solution: Tying A10 to GND successfully makes it enter DFU bootloader mode 100% of the time."),
    # (stuck-boot s22) the receiver or GPS has to come off before each flash ("will be great if will be no need to take off ELRS from
    # speedy bee wing before flashing", inav-configurator#2109; "I have to unplug the GPS before flashing")
    Msg("said_dfu_uart_hijack",
        # (review s22) not asked, not "don't need to remove ...", not the receiver's own update ("before flashing it", "before
        # updating its firmware", "before flashing the receiver")
        r"(?i)^" + _S21_NOT_ASKED + r"(?![^\n]{0,400}?\b(?:don'?t|do not|doesn'?t|does not|never|won'?t|will not) (?:need|have) to\b)"
        r"[^\n]{0,400}?\b(?:tak(?:e|es|ing) (?:off|out)|took (?:off|out)|remov\w*|disconnect\w*|unplug\w*|desolder\w*|detach\w*|unpower\w*)\b[^.!?\n]{0,40}?\b"
        + _HIJACKER + r"\b[^.!?\n]{0,60}?\bbefore (?:(?:each |every |any )?(?:flash\w*|updat\w*|upload\w*)\b(?!\s+(?:it|its|(?:the |your |my )?"
        + _HIJACKER + r"(?:'s)?)\b)|(?:entering |going into |getting into )?(?:DFU|the bootloader)\b)",
        strength="strong", example="It would be great if there was no need to take off ELRS from the wing before flashing software."),
    # (deepen-fw-boot s17) flight-controller threads say it without the word DFU: the receiver or GPS on a UART keeps the FC from
    # being flashed, or had to be desoldered or unplugged to flash it (ExpressLRS#2051, betaflight#8103)
    Msg("said_dfu_uart_hijack",
        r"(?i)^(?=.{0,400}?\b(?:flash\w*|updat\w*|upload\w*)\b[^.!?\n]{0,30}\b(?:FCs?|flight ?controllers?)\b)(?=.{0,400}?\b" + _HIJACKER + r"\b)"
        r"(?=.{0,400}?\b(?:prevents?|prevented|preventing|blocks?|blocked|blocking|hijack\w*|interfer\w*|desolder\w*|disconnect\w*|unplug\w*|cutting)\b)",
        strength="strong",
        example="Some of the users reported in Betaflight discord that they can't flash their FCs because the receiver blocking it."),
)

# (wrappers s24w2) the removal said first and the flight-controller firmware or its flashing said to work after it ("After I
# disconnected my external GPS and compass, INAV is working now", iNavFlight/inav#1942: the configurator froze flashing an AnyFC
# F7 until then; the GPS talked on UART1, which the ROM bootloader took). Weaker than said_dfu_uart_hijack (no DFU word, the
# flash said elsewhere in the post): its own kind, below it. Not asked, advice or a condition, not arming, binding or a GPS fix
MESSAGES = MESSAGES + group(
    "prose: the flight controller's firmware or flash said to work once the GPS or receiver was disconnected (BOOT007)",
    Msg("said_fc_works_without_uart_device",
        r"(?i)^" + _S21_NOT_ASKED + _HIJACK_NOT_ADVICE + r"(?!\s*(?:if|when|unless)\b)"
        r"(?![^\n]{0,400}?\b(?:arm(?:s|ed|ing)?|bind\w*|rebind\w*|fix(?:es)?|sats?|satellites?|calibrat\w*|osd|vtx|motors?|esc)\b)"
        r"(?![^\n]{0,400}?(?:\b(?:still|no longer|neither)\b|(?:\bnot\b|n't\b)\s+(?:\w+\s+)?(?:work|connect|flash|appear|show|go|help)\w*))"
        # (wrappers review s24w2) not another cause told in the line (a baud rate, a port conflict, a short, the current drawn, the
        # 5 V rail) nor another board (an Arduino's or ESP's RX pin, a Pixhawk's own bootloader)
        r"(?![^\n]{0,400}?\b(?:baud\w*|\d{4,6} ?(?:bps|baud)?|conflict\w*|short\w*|current|drawing|brown\w*|5 ?v|rail|arduino|avr|atmega\w*|esp\w*"
        r"|nodemcu|pixhawk)\b)"
        r"[^\n]{0,300}?\b(?:after|once|since|when)\s+(?:I\s+|we\s+)?(?:had\s+)?(?:disconnect\w*|unplug\w*|remov\w*|unpower\w*|desolder\w*|detach\w*|took (?:off|out))\b"
        r"[^.!?\n]{0,40}?\b" + _HIJACKER + r"\b[^.!?\n]{0,60}?\b(?:INAV|betaflight|cleanflight|emuflight|ardupilot|arducopter|arduplane|configurator"
        r"|DFU|flash\w*|bootloader|BL mode)\b[^.!?\n]{0,30}?\b(?:is |was )?(?:works?|working|worked|connects?|connected|flashed|appears?|appeared"
        r"|shows? up|showed up|went through)\b",
        strength="strong", example="After I disconnected my external GPS and compass, INAV is working now, however GPS, I2C (compass) and voltage sensor is not."),
)

# (stuck-boot s22) after a flash the chip still comes up in its ROM DFU bootloader at a reset with BOOT0 low, and runs the new
# firmware only after a power cycle: the empty-flash check of STM32L4/G0/G4/WB/C0 parts, latched at power-on, keeps choosing the
# system bootloader until a power cycle or an option-byte reload (community.st.com "virgin STM32L4 ... won't exit dfu mode until
# power cycle"; efton.sk STM32 gotcha 44)
MESSAGES = MESSAGES + group(
    "prose: after a flash the chip stays in its ROM bootloader at reset and starts only after a power cycle",
    Msg("said_dfu_until_power_cycle",
        r"(?i)^(?=[^\n]{0,600}?\breset\w*\b[^.!?\n]{0,30}?\b(?:still|again|stays?|remains?|keeps?)\b[^.!?\n]{0,40}?\b(?:DFU|df11|bootloader)\b)"
        r"(?=[^\n]{0,600}?(?<!\beven )(?<!\beven a )(?<!\beven after a )\bpower[- ]?cycl\w*\b(?:(?!\b(?:not|never|even|help\w*)\b|n't)[^.!?\n]){0,80}?\b(?:new firmware|new program|new code|(?:application|app|program|firmware|code) (?:runs|starts|works)|(?:it )?(?:runs|works|starts|boots) (?:normally|fine|the (?:new )?(?:firmware|application|program)))\b)",
        strength="strong",
        example="Even if I return the boot pin to low and reset, it still appears as a DFU device with lsusb. However, when I power cycle the device it behaves as if it has the new firmware."),
)

# (deepen-fw-boot s17) DFU is found only some of the times, BOOT0 done the same way each time: the answer BOOT007's question asks
# for (the ROM bootloader picks the first interface that shows activity; a floating RX pin wins some of the races)
MESSAGES = MESSAGES + group(
    "prose: the ROM DFU device appears only some of the times",
    Msg("said_dfu_intermittent",
        r"(?i)^(?!.{0,400}?\bnever\b)(?=.{0,400}?\b(?:DFU|df11|STM32 BOOTLOADER)\b)(?=.{0,400}?\b(?:sometimes|intermittent\w*|randomly|hit (?:and|or) miss|once in a while|every (?:other|second|few) (?:time|try|tries|attempts?))\b)"
        r"(?=.{0,400}?\b(?:appears?|appeared|shows? up|showed up|detected|recogni[sz]ed|enters?|entered|enumerat\w*|found|finds?|works?|worked)\b)",
        strength="strong", example="DFU mode only works sometimes, even though I hold BOOT0 every time."),
)

# (stuck-boot s22 review) an ESP32's ROM that comes up in its download mode at some resets, said in prose (LilyGo-EPD47#88: "quite
# often" after Reset and on wake from deep sleep): with one ROM download line after a normal boot, what tells a strap read low at
# random from BOOT held on purpose (derive.esp_download_boot_held)
MESSAGES = MESSAGES + group(
    "prose: the ESP's ROM starts its download mode at some resets",
    Msg("said_esp_download_random",
        r"(?i)^(?![^\n]{0,400}?\bnever\b)(?=[^\n]{0,400}?(?:\bdownload(?:_boot| boot| mode)\b|waiting for download))"
        r"(?=[^\n]{0,400}?\b(?:sometimes|intermittent\w*|random(?:ly)?|quite often|once in a while|every (?:other|second|few) (?:time|reset|boot)s?|after (?:a |the )?(?:deep[- ]?sleep|wake\w*)|on wake\w*)\b)",
        strength="strong", example="Randomly after pressing Reset the board stays in waiting for download instead of starting the sketch."),
)


# (thin-avr s15) a USBasp whose vendor string is not fischl.de's, said in prose (the avrdude error itself in a screenshot):
# "the vendor id of the programmers is "Protostack Pty Ltd" instead of "fischl.de"" (AVRDUDESS#83). avrdude's -c usbasp
# matches the vendor and product strings as well as 16c0:05dc (src/usbasp.c usbOpenDevice), so such a programmer needs
# -c usbasp-clone (AVR002). Not avrdude's own "could not find USB device ... vendor='www.fischl.de'" line, its parser's
MESSAGES = MESSAGES + group(
    "prose: the USBasp reports another vendor (manufacturer) string than www.fischl.de",
    Msg("said_usbasp_vendor_other",
        r"(?i)^(?!.*\bvid=0x)(?=.*\bfischl\b)(?=.*\b(?:vendor|manufacturer)\b).*\b(?:instead of|rather than|other than|differs?|different|"
        r"(?:is|was|does|did)(?:n'?t| not) (?:match|the same|fischl|www\.fischl|change)|(?:does|did)(?:n'?t| not) (?:say|show|read|report))\b",
        strength="strong",
        example='They use the firmware from fischl.de but the vendor id of the programmers is "Protostack Pty Ltd" instead of "fischl.de".'),
)


# (thin-mid s15) BOOT004 in prose: after the flash the board is back in (or keeps starting in) STM32 ROM DFU after a power
# cycle, replug or reset, as while BOOT0 is still set (Klipper's and BTT's guides: remove the jumper, then power-cycle). A word
# of persistence (still, again, back, keeps, always) beside DFU/df11 and the event, in either order, within one sentence;
# a negation inside the span ("still not in DFU") is the other problem, never entering DFU
_NNEG = r"(?:(?!\bnot\b|n't\b|n’t\b|\bnever\b|\bcannot\b|\bunable\b)[^.!?\n])"
_RESET_EVENT = (r"(?:power[- ]?cycl\w*|reboot\w*|re-?plug\w*|unplug\w*|re-?connect\w*|disconnect\w*|power(?:ing|ed|s)? (?:it |the board |the printer )?(?:on|off|up|down)"
                r"|reset(?:s|ting)?\b|restart\w*|turn(?:ing|ed|s)? (?:it |the board |the printer )?(?:on|off))")
_POWER_EVENT = (r"(?:power[- ]?cycl\w*|reboot\w*|re-?plug\w*|unplug\w*|power(?:ing|ed|s)? (?:it |the board |the printer )?(?:on|off|up|down)"
                r"|restart\w*|turn(?:ing|ed|s)? (?:it |the board |the printer )?(?:on|off))")
MESSAGES = MESSAGES + group(
    "prose: the board comes back in ROM DFU after a power cycle or reset (BOOT0 still set)",
    # anchored, the rare word first: one look-ahead scan per line, not a nested search from every "when"
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b(?:DFU|df11)\b)[^\n]{0,400}?\b(?:still|again|back|keeps?|always|only ever)\b" + _NNEG + r"{0,40}?\b(?:DFU|df11)\b" + _NNEG
        + r"{0,60}?\b(?:after|when|every ?time|whenever|each time|on every)\b" + _NNEG + r"{0,30}?\b" + _RESET_EVENT,
        strength="strong", example="The board is still in DFU mode after a power cycle."),
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b(?:DFU|df11)\b)[^\n]{0,400}?\b(?:after|when|every ?time|whenever|each time)\b" + _NNEG + r"{0,40}?\b" + _RESET_EVENT + _NNEG
        + r"{0,40}?\b(?:still|again|back|always|keeps?|stays?|stayed|remains?|remained)\b" + _NNEG + r"{0,30}?\b(?:DFU|df11)\b",
        strength="strong", example="After unplugging and replugging, lsusb still shows 0483:df11 STM Device in DFU Mode."),
    # (deepen-fw-boot s17) the reset first and the verb of starting: "every time I power on the printer the board boots into DFU
    # mode", "whenever I restart it, it comes up in DFU"; and "DFU mode again" after the reset ("after a reboot it shows up as STM
    # Device in DFU Mode again"). Not a line that tells how DFU was entered on purpose (holding or pressing BOOT0, putting it in)
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b(?:DFU|df11|STM32\s{1,2}BOOTLOADER)\b)(?![^\n]{0,400}?(?:\b(?:hold\w*|held|press\w*|push\w*)\s+(?:down\s+)?(?:the\s+|a\s+)?(?:boot\w*|dfu|reset|rst|button|b0)\b|\b(?:put|putting|short|shorted|shorting)\b))"
        r"[^\n]{0,400}?\b(?:every ?time|whenever|each time|on every)\b" + _NNEG + r"{0,60}?\b" + _RESET_EVENT + _NNEG
        + r"{0,60}?\b(?:boots?|booting|booted|starts?|starting|started|comes? up|came up|goes|going|went|enters?|entering|entered|ends? up|ended up|shows? up|showed up|appears?|appeared)\b"
        + _NNEG + r"{0,20}?\b(?:in|into|to|as)\b" + _NNEG + r"{0,20}?\b(?:DFU|df11|STM32\s{1,2}BOOTLOADER)\b",
        strength="strong", example="After flashing, every time I power on the printer the board boots into DFU mode and Klipper can't connect."),
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b(?:DFU|df11|STM32\s{1,2}BOOTLOADER)\b)(?![^\n]{0,400}?(?:\b(?:hold\w*|held|press\w*|push\w*)\s+(?:down\s+)?(?:the\s+|a\s+)?(?:boot\w*|dfu|reset|rst|button|b0)\b|\b(?:put|putting|short|shorted|shorting)\b))"
        r"[^\n]{0,400}?\b(?:after|when|every ?time|whenever|each time)\b" + _NNEG + r"{0,40}?\b" + _RESET_EVENT + _NNEG
        + r"{0,80}?\b(?:DFU|df11|BOOTLOADER)\b(?: mode)? (?:again|still)\b",
        strength="strong", example="After a reboot it shows up as STM Device in DFU Mode again"),
    # (deepen-boot006 s19) the power event first (not "reset": BOOT0 + reset is how DFU is entered on purpose), then the board coming back, booting or showing up as the ROM DFU device: "After
    # every power cycle it comes back as STM32 BOOTLOADER", "When I turn the printer off and on it boots into DFU mode every
    # time". Not a line that tells how DFU was entered on purpose (held, pressed, bridged, put, shorted); (review s19) only
    # with a word of repetition (again, still, every, always...), and not a description of `make flash` (Klipper reboots
    # the board into DFU to flash it) or a question
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b(?:DFU|df11|STM32\s{1,2}BOOTLOADER)\b)(?=[^\n]{0,400}?\b(?:again|still|every|each|always|whenever|keeps?)\b)"
        r"(?![^\n]{0,400}?(?:\bmake flash\b|\bdfu-util\b|\bto flash\b|\?\s*$))(?![^\n]{0,400}?(?:\b(?:hold\w*|held|press\w*|push\w*|bridg\w*|put|putting|short|shorted|shorting)\b|\bwith\s+(?:the\s+|a\s+)?(?:boot0?\s+|dfu\s+|b0\s+)?jumper|\b(?:set|setting|install\w*|plac\w*|insert\w*|fitt?\w*)\s+(?:the\s+|a\s+)?(?:boot0?\s+|dfu\s+|b0\s+)?jumper))"
        r"[^\n]{0,400}?\b(?:after|when|whenever|every|each)\b" + _NNEG + r"{0,40}?\b" + _POWER_EVENT + _NNEG
        + r"{0,60}?\b(?:boots?|booted|comes? back|came back|starts?|started|goes|went|shows? up|showed up|appears?|appeared)\b"
        + _NNEG + r"{0,20}?\b(?:in|into|as|to)\b" + _NNEG + r"{0,20}?\b(?:DFU|df11|STM32\s{1,2}BOOTLOADER)\b",
        strength="strong", example="After every power cycle it comes back as STM32 BOOTLOADER in device manager."),
    # (deepen-fw-boot s17) the flight-controller wordings of a BOOT0 held by a stuck button or a bridge on the boot pads
    # (betaflight#4339, inav-configurator#734): "keeps going (straight) into DFU mode", and after a reboot it "goes back /
    # straight into DFU"
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?![^\n]{0,400}?(?:\b(?:hold\w*|held|press\w*|push\w*)\s+(?:down\s+)?(?:the\s+|a\s+)?(?:boot\w*|dfu|reset|rst|button|b0)\b|\b(?:put|putting|short|shorted|shorting)\b))[^\n]{0,400}?"
        r"\b(?:keeps?|kept)\s+(?:going|booting|starting|dropping|rebooting|coming up|jumping|entering)\s+(?:(?:straight|back|right|directly)\s+)?(?:in|into|to|in to)\s+(?:the\s+)?(?:DFU|df11)\b",
        strength="strong", example="some other times it keeps going straight into DFU mode"),
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b(?:DFU|df11)\b)(?![^\n]{0,400}?(?:\b(?:hold\w*|held|press\w*|push\w*)\s+(?:down\s+)?(?:the\s+|a\s+)?(?:boot\w*|dfu|reset|rst|button|b0)\b|\b(?:put|putting|short|shorted|shorting)\b))"
        r"[^\n]{0,400}?\b" + _RESET_EVENT + _NNEG + r"{0,80}?\b(?:go|goes|went|going|boots?|booted|drops?|dropped|falls?|fell|comes?|came)\s+"
        r"(?:(?:straight|right|directly)\s+(?:back\s+)?|back\s+)(?:in|into|to)\s+(?:the\s+)?(?:DFU|df11)\b",
        strength="strong", example="once I pressed save and reboot, it would disconnect and go back into DFU mode."),
)


# (thin-mid s15) the other way round: the bootloader DID take the file (firmware.bin renamed to FIRMWARE.CUR): the card was
# read and the image flashed at the bootloader's application offset. Beside a Klipper build for "No bootloader" that is FW001
MESSAGES = MESSAGES + group(
    "prose: the SD-card bootloader took the firmware file (it was renamed to .CUR)",
    Msg("said_sd_taken",
        # (klipper-side s20) not a rename told and then negated ("expected klipper.bin to be renamed to KLIPPER.CUR, but it was not")
        r"(?i)\b" + _BIN + _NNEG + r"{0,60}?\b(?:renamed|changed|turned|converted|became|becomes)\b" + _NNEG + r"{0,25}?\.cur\b"
        r"(?![^.!?\n]{0,60}?\b(?:which|but) (?:it |that |this )?(?:does|did|is|was|has|had)(?:n'?t| not| never)\b)",
        strength="strong", example="The firmware.bin on the SD card gets renamed to FIRMWARE.CUR but the printer never connects"),
    Msg("said_sd_taken",
        r"(?i)^(?=[^\n]{0,400}?\.cur\b)(?![^\n]{0,400}?(?:\bnot\b|n't\b|n’t\b|\bnever\b|\bcannot\b|\bunable\b))[^\n]{0,400}?\b(?:renamed|changed|turned|converted)\b"
        r"(?: (?:it|itself|the file))? (?:to|into) (?:a |the )?[\w\-]{0,20}\.cur\b",
        strength="strong", example="after a power cycle the file was renamed to FIRMWARE.CUR, so the flash worked"),
)


# (thin-mid s15) SD001 told as its resolution: another (smaller, new, different) SD card made the board's bootloader take the
# firmware (BTT Kraken#25, SKR mini E3 V3#784: "what finally fixed my issue was switching the SD-Card"). Lines about the host's
# own card (a Raspberry Pi's, an OS image, the CB1's) are not the board's, and stay out
_NOT_HOST_CARD = r"(?![^\n]{0,400}?\b(?:raspberry|rpi|pi\d?|imager?|etcher|os|cb1|cm4|sbc|host|klipperscreen|mainsailos|fluiddpi|octopi)\b)"
_SD_CARD = r"(?:micro ?)?sd[- ]?cards?\b"
_SWAP = r"(?:switch\w*|chang\w*|swapp\w*|replac\w*|(?:us(?:e|ing|ed)|tr(?:y|ied|ying)) (?:a |an |the )?(?:another|other|different|new|smaller|older|cheaper|\d+ ?gb)|another|a different|a new|a smaller|an older)"
MESSAGES = MESSAGES + group(
    "prose: another SD card made the board's bootloader take the firmware",
    Msg("said_sd_card_swap_fixed",
        r"(?i)^" + _NOT_HOST_CARD + r"(?=[^\n]{0,400}?\bsd[- ]?cards?\b)[^\n]{0,400}?\b(?:fixed|solved|resolved)\b[^.!?\n]{0,40}?\b" + _SWAP + r"\b[^.!?\n]{0,20}?\b" + _SD_CARD,
        strength="strong", example="But what finally fixed my issue was switching the SD-Card."),
    Msg("said_sd_card_swap_fixed",
        r"(?i)^" + _NOT_HOST_CARD + r"(?=[^\n]{0,400}?\bsd[- ]?cards?\b)[^\n]{0,400}?\b" + _SWAP + r"\b[^.!?\n]{0,20}?\b" + _SD_CARD
        + r"[^.!?\n]{0,60}?\b(?:fixed it|fixed the|solved|resolved|did the trick|(?:it |and it |that )(?:worked|works)|made it work)\b",
        strength="strong", example="Using a different 8GB SD card fixed it, the firmware.bin was flashed right away."),
    # (deepen-misc s17) the swap told as what changed the result: "tried a smaller SD card and now the firmware is correct"
    # (a Klipper Discord thread on a BTT Octopus whose firmware.bin never became .CUR)
    Msg("said_sd_card_swap_fixed",
        r"(?i)^" + _NOT_HOST_CARD + r"(?=[^\n]{0,400}?\bsd[- ]?cards?\b)[^\n]{0,400}?\b(?:tried|used|using|put|took) (?:a |an |the )?(?:another|other|different|new|smaller|older|\d+ ?gb)\b[^.!?\n]{0,20}?\b" + _SD_CARD
        + r"[^.!?\n]{0,10}?\b(?:and|then|,) (?:now |then |it |that )?(?:it |the (?:firmware|board|printer|flash)\w* )?(?:is correct|worked|works|flashed|took it|updated|is updated|was flashed|got renamed|renamed)\b",
        strength="strong", example="I tried a smaller SD card and now the firmware is correct."),
)


# (deepen-fw-boot s17) BOOT005 said in prose, the answer to its question: whatever is done with BOOT0 the host sees only the
# board's USB-serial bridge chip ("The USB still shows up as a CH340 serial device instead of anything DFU-related", r/ender3
# 4.2.7 boards; "lsusb only ever shows the CH340, never 0483:df11")
_BRIDGE_CHIP = r"(?:CH34[01]\w*|CP210\w*|FTDI|FT232\w*|1a86:7523|10c4:ea60|0403:6001|QinHeng|HL-340|PL2303\w*)"
# a separate USB-UART adapter (for stm32flash over the serial ROM bootloader) is not the board's own USB chip
_NOT_ADAPTER = r"(?![^.!?\n]{0,15}?\b(?:adapters?|dongles?|converters?|programmers?|modules?|cables?|usb[- ]?(?:to[- ]?)?(?:ttl|uart))\b)"
# (fix-boot s23 review) the guards of the "shows only CH340" rows
_ONLY_SERIAL_NOT = (
    r"(?!\s*if\b)(?![^\n]{0,400}?(?:\bif (?:it|you)\b|\bdf11\b|\bno longer\b|\bany ?more\b|\bexpected\b"
    # (fix s23) DFU said to come only with no negation before it in its clause either ("No DFU device appears whatever I
    # press, ..." is the s21 claim itself, test_other_ecosystems_s21)
    r"|(?:^|(?<=[.!?,;:]))(?:(?!\b(?:not|never|no)\b|n't)[^.!?,;:\n]){0,200}?"
    r"\b(?:DFU|STM32)\b(?:(?!\b(?:not|never|no)\b|n't)[^.!?\n]){0,30}?\b(?:appears?|appeared|shows? up|showed up|works?|worked|is (?:listed|found|detected))\b"
    r"|\b(?:gives?|would give|finds|found|lists|listed)\b(?:(?!\b(?:not|never|no)\b|n't)[^.!?\n]){0,30}?\bDFU\b"
    r"|\b(?:other|wrong|another) (?:usb[- ]?\w+ )?port\b|\bport meant for\b|\bflash\w* (?:worked|fine|ok)\b|\besp32\w*|\besp8266\b))")
MESSAGES = MESSAGES + group(
    "prose: the board only ever shows its USB-serial bridge chip, never a DFU device",
    # (stuck-boot s22) dfu-util said not to find the board while the only port is a USB-serial bridge's, as each OS names it (macOS
    # /dev/tty.SLAB_USBtoUART and cu.usbserial-*/cu.wchusbserial*, Linux /dev/ttyUSB0): "it cannot find my board while ... the device
    # can be found as /dev/tty.SLAB_USBtoUART" (inav-configurator#784, an SP Racing F3 behind a CP2102)
    Msg("said_only_usb_serial",
        r"(?i)^(?=.{0,400}?\bdfu(?:-util)?\b)(?=.{0,400}?\b(?:cannot|can'?t|could(?:n'?t| not)|does(?:n'?t| not)|did(?:n'?t| not)|won'?t|unable to)\s+(?:find|see|detect|recogni[sz]e|list)\b)"
        r"(?=.{0,400}?(?:\b(?:tty|cu)\.(?:SLAB_USBtoUART\w*|(?:wch)?usbserial\S*)|/dev/ttyUSB\d))",
        strength="strong", example="However, it cannot find my board while using `ls /dev/tty*` the device can be found as `/dev/tty.SLAB_USBtoUART`."),
    Msg("said_only_usb_serial",
        r"(?i)^" + _S21_NOT_ASKED + _ONLY_SERIAL_NOT + r"(?=.{0,400}?\b(?:DFU|df11|BOOT0|boot ?(?:button|pin|pad)|bootloader)\b)"
        r"(?=.{0,400}?(?:\b(?:only|still|always|just)\b[^.!?\n]{0,40}?\b" + _BRIDGE_CHIP + r"\b" + _NOT_ADAPTER + r"|\b" + _BRIDGE_CHIP + r"\b" + _NOT_ADAPTER
        + r"[^.!?\n]{0,60}?\binstead of\b))",
        strength="strong", example="The USB still shows up as a CH340 serial device instead of anything DFU-related."),
    # (other-ecosystems s21) the same said as DFU absent and the bridge named beside it, in English or German (a Betaflight
    # F3 board behind a CP2102: "(wird nicht als DFU angezeigt) ... am PC als Silicon Labs CP210x USB to UART Bridge (COM5)",
    # fpv-community.de 82282); the DFU word negated before it ("not as DFU", "nicht als DFU", "no DFU") or after it ("DFU
    # is never shown", "DFU wird nicht erkannt")
    Msg("said_only_usb_serial",
        # (reviewfix3 s21) the negated DFU must be the device not shown ("not as DFU ... shown", "nicht als DFU angezeigt"), not
        # "not a DFU board/problem", "kein DFU nötig"; and not a board that works or uploads fine over its bridge
        r"(?i)^" + _ONLY_SERIAL_NOT + r"(?![^\n]{0,400}?\b(?:uploads? fine|flash(?:es|ed)? fine|works? (?:fine )?now|now works)\b)"
        r"(?=[^\n]{0,400}?(?:\b(?:not|nicht|no|kein\w*|never|nie)\b[^.!?\n]{0,30}?\b(?:als |as (?:an? )?)?DFU\b"
        r"(?! (?:board|problem|issue|thing|needed|required|n[öo]e?tig|mode needed))"
        r"[^.!?\n]{0,40}?\b(?:shown|shows?|showing|appear\w*|device|ger[äa]e?t|angezeigt|erkannt|gefunden|detected|recogni[sz]ed|listed|found|mode)\b"
        r"|\bDFU\b[^.!?\n]{0,40}?\b(?:not|nicht|never|nie)\b[^.!?\n]{0,20}?\b(?:shown|shows?(?: up)?|appear\w*|detected|recogni[sz]ed|found|listed|angezeigt|erkannt|gefunden)\b))"
        r"(?=[^\n]{0,400}?\b" + _BRIDGE_CHIP + r"\b" + _NOT_ADAPTER + r")",
        strength="strong",
        example="Ich bin mir nicht sicher (wird nicht als DFU angezeigt). Am PC wird der FC als \"Silicon Labs CP210x USB to UART Bridge (COM5)\" angezeigt."),
    # (boot s23) what the host lists, said with "only" before the chip and its usual description after it ("it shows only CH340
    # serial converter and board is not entering in DFU mode at all": a BTT Manta whose USB-C port is the SBC's console bridge,
    # Manta-M8P#157; "Device Manager lists just the CP2102 USB to UART Bridge"): the bridge *is* what the host sees, so the
    # adapter guard above does not apply to a chip named right after a verb of listing. Not a question
    Msg("said_only_usb_serial",
        # (fix-boot s23 review) not advice or a condition ("If it shows only CH340 ..."), not a line where DFU does come (df11
        # listed, "the STM32 DFU device appears", "DFU works over the other port", "no longer"), not the wrong port of a
        # board with two ("the USB-C port meant for the Pi"), not an ESP32's own bridge
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _ONLY_SERIAL_NOT +
        r"(?=.{0,400}?\b(?:DFU|df11|BOOT0|boot ?(?:button|pin|pad)|bootloader)\b)"
        r"(?=.{0,400}?\b(?:shows?|showed|shown|showing|appears?|appeared|lists?|listed|detected|recogni[sz]ed|enumerat\w*|sees?|saw)\b(?: up)?(?: as)?"
        r"\s+(?:only|just)\s+(?:(?:an?|the)\s+)?(?:usb[- ]?)?" + _BRIDGE_CHIP + r"\b)",
        strength="strong", example="When connect the type c cable it shows only CH340 serial converter and board is not entering in DFU mode at all"),
)

# (deepen-fw-boot s17) BOOT002 said in prose: the USB-to-CAN bridge board was flashed over CAN (by its uuid, on can0) and can0
# vanished with it ("I tried to flash my Octopus, which is the USB to CAN bridge, with flashtool -i can0 -u and now can0 is gone")
MESSAGES = MESSAGES + group(
    "prose: the USB-to-CAN bridge was flashed over CAN and can0 went away",
    Msg("said_bridge_flashed_over_can",
        r"(?i)^(?=.{0,400}?\bbridge\b)(?=.{0,400}?\b(?:flash\w*|updat\w*)\b.{0,80}?(?:\b(?:over|via|through|on|using)\s+(?:the\s+)?(?:can0|can ?bus|CAN)\b|-i\s+can0\b|\buuid\b))"
        r"(?=.{0,400}?\bcan0\b(?:\s+(?:interface|device|network|adapter))?\s+(?:(?:is|was|has|had|just|then|completely|also|been|now|got)\s+){0,3}"
        r"(?:gone|disappear\w*|vanish\w*|missing|no longer (?:exists?|there|shows?)|does ?n[o']t exist)\b)",
        strength="strong", example="After flashing the bridge mcu over can0 the can0 interface disappeared."),
)

# (deepen-fw-boot s17) FW003 said in prose, mostly as the resolution: the build's clock (Klipper's Clock Reference, a crystal
# setting, F_CPU, the IDE's 8/16 MHz board choice) did not match the board's crystal ("I had 8 MHz crystal selected but the
# board has a 12 MHz crystal", "Changing the Clock Reference to 12 MHz fixed it"). Not a list of what was tried without effect
MESSAGES = MESSAGES + group(
    "prose: the firmware's clock setting did not match the board's crystal",
    Msg("said_wrong_clock",
        r"(?i)^(?![^\n]{0,400}?\b(?:tried|trying|same (?:result|problem|issue|error)|did ?n[o']t (?:help|work|change)|does ?n[o']t help|no change|no difference"
        r"|(?:is|was|it'?s) not the (?:clock|crystal)|(?:is|was)n'?t the (?:clock|crystal))\b)"  # (review s21) the clock ruled out
        r"(?=[^\n]{0,400}?\b(?:clock ?ref\w*|crystal|xtal|HSE|F_CPU)\b)(?=[^\n]{0,400}?\b(\d{1,2}(?:\.\d+)?) ?MHz\b)"
        r"(?=[^\n]{0,400}?\b(?:wrong|incorrect|instead of|fixed|solved|mismatch\w*|the problem was|was the (?:problem|issue|culprit|cause)|turned out"
        r"|but the board (?:has|is|uses|runs)|should (?:have been|be)|needs? (?:to be )?(?:set|changed) to"
        # (firmware-sd-rp s21) the board's real crystal set against the build's after "but": "compiler get default 8MHz, but HSE on
        # Blackpill F411 is 25MHz" (tinyusb#3516)
        # (review s21) two different numbers (the line's first MHz is not the one after "but"), and not the same value told twice
        # ("8MHz crystal but the HSE is 8MHz in the config too, so it is not the clock")
        r"|(?![^\n]{0,400}?\b(?:too|as well|also|same (?:value|frequency|clock|speed)|not the (?:clock|crystal|problem))\b)"
        r"but\b[^.!?\n]{0,40}?\b(?:crystal|xtal|HSE|oscillator)\b[^.!?\n]{0,40}?\b(?:is|has|uses|runs at)\s+(?:an?\s+)?(?!\1 ?MHz)\d{1,2}(?:\.\d+)? ?MHz)\b)",
        strength="strong", example="The problem was the clock reference: I had 8 MHz crystal selected but the board has a 12 MHz crystal."),
)

# (deepen-fw-boot s17) BOOT009 said in prose: the board "is stuck in Katapult", "stays in CanBoot", "keeps booting into Katapult"
# (its LED blinking, Klipper never starting). Not a question of how to get there (a double press, "how do I")
MESSAGES = MESSAGES + group(
    "prose: the board stays in its Katapult/CanBoot bootloader instead of starting Klipper",
    Msg("said_stuck_in_bootloader",
        r"(?i)^(?![^\n]{0,400}?\b(?:double[- ]?(?:click|press|tap)\w*|how (?:do|to|can)|until (?:you |I |we )?(?:flash|install|load|write)\w*)\b)(?=[^\n]{0,400}?\b(?:katapult|canboot)\b)[^\n]{0,400}?"
        r"\b(?:stuck|stays?|stayed|staying|remains?|remained|remaining|keeps? (?:booting|going|starting|jumping|rebooting)|always (?:boots?|starts?|goes))\b"
        r"[^.!?\n]{0,30}?\b(?:in|into|as|to)\b[^.!?\n]{0,20}?\b(?:katapult|canboot)\b",
        strength="strong", example="After flashing klipper the EBB36 is stuck in Katapult, the query shows Application: Katapult."),
    # (klipper-discourse s18) the same of a bootloader in flash without Katapult's name: an HID bootloader (Serasidis',
    # TheKikGen's tkg-hid, 1209:beba), a vendor's SD bootloader ("after reset, the board is stuck in bootloader mode").
    # Not a sentence naming DFU, BOOT0, BOOTSEL, a jumper or the ROM (the ST ROM bootloader left selected: BOOT004's),
    # not esptool's own "Staying in bootloader.", not an RP2040/RP2350 in its BOOTSEL ROM (a UF2 not taken: RP003's)
    Msg("said_stuck_in_bootloader",
        r"(?i)^(?![^\n]{0,400}?\b(?:double[- ]?(?:click|press|tap)\w*|how (?:do|to|can)|until (?:you |I |we )?(?:flash|install|load|write)\w*"
        r"|dfu|boot0|boot ?sel|jumper|rom|esptool|rp2\w*|rpi-rp2|uf2|pico\w*)\b)[^\n]{0,400}?"
        r"\b(?:stuck (?:in|into|at)|keeps? (?:booting|going|jumping|rebooting|starting) (?:in|into|to)|always (?:boots?|goes|starts?) (?:in|into|to)"
        r"|(?:stays?|stayed|remains?|remained) in)(?: the| its| my| a)?(?: [\w-]+){0,2} bootloader\b",
        strength="strong", example="All is fine but after reset, the board is stuck in bootloader mode:"),
    # (other-ecosystems s21) "R9 RX's start directly into bootloader mode on first power up" (ExpressLRS#149). (reviewfix3 s21)
    # Not the bootloader entered on purpose (a held button, "when you send the reboot command", "if you hold", "expected")
    # nor a question ("Does it boot directly into the bootloader? No, ...")
    Msg("said_stuck_in_bootloader",
        r"(?i)^(?![^\n]{0,400}?\b(?:double[- ]?(?:click|press|tap)\w*|how (?:do|to|can)|until (?:you |I |we )?(?:flash|install|load|write)\w*"
        r"|dfu|boot0|boot ?sel|jumper|rom|esptool|rp2\w*|rpi-rp2|uf2|pico\w*|hold\w*|held|press\w*|button\w*|when you|if you|expected|on purpose)\b)"
        r"(?![^\n]{0,400}?\bbootloader\b[^.!\n]{0,40}\?)[^\n]{0,400}?"
        r"\b(?:(?:boot|start|go|jump)(?:s|ed|ing)?|goes) (?:directly|straight|right) (?:in|into|to)(?: the| its| my| a)?(?: [\w-]+){0,2} bootloader\b",
        strength="strong", example="The receivers start directly into bootloader mode on first power up."),
)

# (deepen-klipper-fw s19) BOOT001 said in prose: a double press of reset does not bring the board into Katapult/CanBoot (its
# build left CONFIG_ENABLE_DOUBLE_RESET off, or the board's reset circuit is too slow for the 500 ms window: Katapult README
# "Double Reset"). The press named with a negation before the bootloader's name, or the bootloader's name and then "doesn't
# work"; not a question of how to do it
MESSAGES = MESSAGES + group(
    "prose: a double press of reset does not enter the Katapult/CanBoot bootloader",
    Msg("said_double_reset_no_bootloader",
        r"(?i)^(?![^\n]{0,400}?(?:\bhow (?:do|to|can)\b|\?\s*$))(?=[^\n]{0,400}?\bdouble[- ]?(?:click|press|tap|reset)\w*)"
        # (sdkat review s24) not the healthy negated forms: "I never need the double click, it does not need the bootloader
        # button since flashtool -r works", "Double-tap reset never fails to enter the bootloader, so that part is fine"
        r"(?![^\n]{0,400}?(?:\bnever fails?\b|\b(?:never|not|no|don'?t|doesn'?t|didn'?t) need(?:s|ed)?\b"
        r"|\b(?:is|are|was|works?|worked) (?:fine|great|perfectly)\b))[^\n]{0,400}?"
        r"(?:\b(?:does ?n[o']t|doesn't|never|won'?t|will not|can'?t|cannot|fails? to|unable to|not)\b[^.!?\n]{0,40}?\b(?:katapult|canboot|bootloader)\b"
        r"|\b(?:katapult|canboot|bootloader)\b[^.!?\n]{0,60}?\b(?:does ?n[o']t|doesn't|won'?t|never) (?:work|do anything|enter|respond|happen)\w*\b)",
        strength="strong", example="I double-clicked the reset button but it never enters Katapult, ls /dev/serial/by-id still shows usb-Klipper_stm32g0b1xx"),
)

# (klipper-side s20) SD001 in other wordings of the same statement (the bootloader never took the file): the rename told
# first and negated after it ("seeing if firmware.bin changes to firmware.cur on the SD, which it does not": an SKR 2 thread
# on answeroverflow), the file said not renamed without naming .CUR ("the file on the sd card is not renamed", MKS Robin E3
# #41), and the bootloader said to ignore the file ("printer ignores the flash file", mriscoc/Ender3V2S1#926; "Using the SD
# card to flash no longer works. Just ignores the file."). Each needs the SD card (or .CUR) in the same line
_SD_LINE = r"(?=[^\n]{0,400}?(?:\b(?:micro ?)?sd[- ]?cards?\b|\bsdcard\b|\btf[- ]?cards?\b|\.cur\b))"
MESSAGES = MESSAGES + group(
    "prose: the SD-card bootloader did not take the file (the rename told then negated, no .CUR named, the file ignored)",
    Msg("said_sd_not_taken",
        r"(?i)\b(?:chang|renam|turn|becom|convert)\w*\b[^.!?\n]{0,25}?\.cur\b[^.!?\n]{0,40}?\b(?:which|but) (?:it |that |this )?(?:does|did|is|was|has|had)(?:n'?t| not| never)\b",
        strength="strong",
        example="The way I'm checking if the flash was successful is by seeing if firmware.bin changes to firmware.cur on the SD, which it does not."),
    Msg("said_sd_not_taken",
        r"(?i)^" + _SD_LINE + r"[^\n]{0,400}?\b(?:file|firmware|\.bin|bin file)\b[^.!?\n]{0,40}?\b(?:(?:is|was|does|did|has|have|gets|got)(?:n'?t| not| never)|never|not)(?: been| get| gets| got| be| being)? renamed\b",
        strength="strong",
        example="hello I'm trying to update my firmware but this is impossible the file on the sd card is not renamed."),
    Msg("said_sd_not_taken",
        r"(?i)^" + _SD_LINE + r"[^\n]{0,400}?\bignor(?:es|ed|ing)\b (?:the |my |any |that |this |its )?(?:flash |firmware |update |new |bin |\.bin )?(?:file|firmware|\.bin|bin)\b",
        strength="strong",
        example="I usually have a 2 GB sd card for my print files. works well. but not for flashing. formatting, empty, whatever, printer ignores the flash file."),
)

# (klipper-side s20) CAN005 said in prose, mostly as the resolution: the nodes' bitrates did not match ("this mismatch is causing
# problems on the bus": a WiCAN at 500K on a 250K RV-C bus, meatpiHQ/wican-fw#33; "Lowering the bitrate of drive to 500 Kbps
# solved the problem": an MCP2515 whose real bitrate was half the one set, linux-can/can-utils#86). A CAN word, a bitrate word
# and a word of mismatch or fix in one line; not a list of what was tried ("tried 1Mbit and 500kbit, identical failure at both")
# (review s20) the mismatch or fix word within a clause of the bitrate word, either order; a fix word only with its object
# ("solved the problem", "fixed it": not "fixed the wiring"); not a question (a question word first, or a "?" after the bitrate)
_CAN_RATE = r"(?:bit ?rates?|baud ?rates?|bus speed|can speed|canbus_frequency)"
_CAN_MISMATCH = (r"(?:mismatch\w*|(?:does|did|do)(?:n'?t| not) match|not matching|wrong|incorrect|instead of"
                 r"|(?:solved|fixed|resolved) (?:the |my |this |that |our )?(?:problem|issue|it)|the (?:problem|issue) was|was the (?:problem|issue|culprit|cause))")
MESSAGES = MESSAGES + group(
    "prose: the CAN bitrates did not match (or matching them fixed it)",
    Msg("said_can_bitrate_mismatch",
        r"(?i)^(?![^\n]{0,400}?\b(?:tried|trying|same (?:result|problem|issue|error|failure)|identical|did ?n[o']t (?:help|change|fix)|does ?n[o']t help|no change|no difference|regardless|how (?:do|to|can))\b)"
        r"(?!\s*(?:is|are|does|do|did|could|should|would|was|were|might)\b)(?![^\n]{0,400}?\b" + _CAN_RATE + r"\b[^.!\n]{0,80}\?)"
        r"(?=[^\n]{0,400}?\b(?:can0|can[- ]?bus|canbus|candump|cansend|socketcan|slcan\d?|mcp2515|can (?:interface|adapter|network|node))\b)"
        r"(?=[^\n]{0,400}?(?:\b" + _CAN_RATE + r"\b[^.!?\n]{0,80}?\b" + _CAN_MISMATCH + r"\b|\b" + _CAN_MISMATCH + r"\b[^.!?\n]{0,80}?\b" + _CAN_RATE + r"\b))",
        strength="strong",
        example="1- When connecting the module to a 1 Mbps CAN bus, I couldn't sniff the messages with `candump`, and couldn't communicate with the node (which was a motor drive). Lowering the bitrate of drive to 500 Kbps solved the problem."),
)

# (klipper-side s20) CAN002 said in prose: the kernel has no driver for the USB-CAN adapter (gs_usb), so no can0 appears while the
# adapter is listed by lsusb ("the maintainers of my SBC ... removed inclusion of CAN adapters' drivers", Esoterical/voron_canbus
# #108 on Armbian; "CONFIG_CAN_GS_USB is not set", an Orin kernel). The driver named right after CAN/gs_usb, missing or removed;
# not "support" (review s20: "Katapult built without CAN support" is a firmware's choice, "so it can support" the verb)
MESSAGES = MESSAGES + group(
    "prose: the kernel lacks the CAN adapter's driver (gs_usb), so no can interface exists",
    Msg("said_can_driver_missing",
        r"(?i)(?:\b(?:remov\w*|drop\w*|missing|lack\w*|without|excluded|disabled|no)\b[^.!?\n]{0,30}?\b(?:gs_usb|can(?:[- ]?bus)?(?: adapters?'?)?|usb[- ]can)\s+(?:kernel\s+)?(?:drivers?|modules?)\b"
        r"|\b(?:gs_usb|can(?:[- ]?bus)?(?: adapters?'?)?|usb[- ]can)\s+(?:kernel\s+)?(?:drivers?|modules?)\b[^.!?\n]{0,30}?\b(?:(?:is|are|was|were)(?: still)? (?:missing|not (?:loaded|included|present|available|built|enabled|compiled))|missing|removed|absent)\b"
        r"|\bCONFIG_CAN_GS_USB is not set\b)",
        strength="strong",
        example="After some digging, I've discovered that the maintainers of my SBC did some cleanups in the OS build configuration, and removed inclusion of CAN adapters' drivers, which in turn rendered CAN devices inoperable (even though the Adapter, BTT U2C, was visible on the `lsusb` list as normal)."),
)

# (klipper-side s20) FW001 said in prose: the bootloader offset was the variable that decided it ("does not work if you select a
# Bootloader offset of 8 KiB ... Compiling the firmware with No bootloader selected works fine": an EBB36 written at 0x08000000
# by STM32CubeProgrammer, maz0r/klipper_canbus#10). An offset word and a word of fix in one line, or a failure said to follow from
# the offset ("does not work if you select ..."), not a list of tries; a build with the offset that then fails is no claim (review s20)
MESSAGES = MESSAGES + group(
    "prose: the firmware's bootloader offset was wrong (or another offset fixed it)",
    Msg("said_wrong_offset",
        r"(?i)^(?![^\n]{0,400}?\b(?:tried|trying|same (?:result|problem|issue|error)|did ?n[o']t (?:help|change|fix)|does ?n[o']t help|no change|no difference|how (?:do|to|can))\b)"
        r"(?=[^\n]{0,400}?\b(?:bootloader offset|no bootloader|\d+ ?ki?b bootloader|offset of \d+ ?ki?b|application (?:start|offset|address))\b)"
        r"(?=[^\n]{0,400}?\b(?:wrong|incorrect|fixed|solved|resolved|the (?:problem|issue) was|was the (?:problem|issue|culprit|cause)|should (?:have been|be)|instead of"
        r"|(?:(?:does|did|do|will|would)(?:n'?t| not)|won'?t) (?:work|start|boot|run|connect|load)\b[^.!?\n]{0,15}?\b(?:if|when|whenever|with)\b[^.!?\n]{0,40}?"
        r"\b(?:bootloader offset|\d+ ?ki?b bootloader|offset of \d+ ?ki?b|no bootloader)"
        # (firmware-sd-rp s21) the offset itself said not to work ("the guide says to use a 16kb bootloader but that unfortunately
        # doesn't work", FYSETC/Hotkey#4), or no offset said to work ("use no bootloader then it works fine")
        # (review s21) only as what a guide, manual or docs told ("a build with the offset that then fails is no claim", above)
        r"|\b(?:guide|manual|docs?|documentation|wiki|instructions?|readme|vendor)\b[^.!?\n]{0,30}?\b(?:says?|said|tells?|told|recommends?|recommended|states?|uses?)\b[^.!?\n]{0,30}?"
        r"\b(?:\d+ ?ki?b (?:bootloader|offset)|bootloader offset)\b[^.!?\n]{0,40}?\b(?:does ?n[o']t|doesn't|won'?t|did ?n[o']t|didn't) (?:work|start|boot|run|connect)"
        r"|\b(?:use|using|select\w*|choos\w*|chose|pick\w*|set\w*|with|compil\w* (?:it )?with|buil[dt]\w* (?:it )?with)\s+(?:the\s+)?[\"'(]?no bootloader[\"')]?"
        r"[^.!?\n]{0,30}?\b(?:works?|worked|working|fixed|solved)"
        # (wrappers s25) what the offset had to be for the board to work, said with its purpose first ("To get the HC CAN board
        # to work and provide a CAN bus ID, the bootloader option must be set for no bootloader", bigtreetech/HermitCrab#12):
        # the purpose clause opens the sentence (no condition), no question in the line, no "still" after it; (wrappers review
        # s25) no "but"/"however" after it either: "..., which I did, but it does not connect" is the setting tried and failing
        r"|(?<![\w,;:] )to (?:get|make)\b(?![^\n]*\?)(?![^\n]*\bstill\b)(?![^\n]*\b(?:but|however|yet)\b)[^.!?\n]{0,80}?\b(?:work|working|run|running|boot|connect|show up|appear)\b"
        r"[^.!?\n]{0,80}?\b(?:must|needs? to|has to|had to|have to)\s+be\s+(?:set|selected|changed|configured)\s+(?:to|for|as)\s+(?:the\s+)?[\"'(]?no bootloader)\b)",
        strength="strong",
        example="Attempting to flash a BTT ebb36 v1.2 with G0B1 does not work if you select a Bootloader offset of 8 KiB. The device will flash but cause the network to go into an ERROR-PASSIVE state as soon as communication is attempted on the canbus. Compiling the firmware with No bootloader selected works fine and the device can successfully communicate with klipper."),
)

# (klipper-side s20) BOOT003 said in prose: the boot button (or jumper) held, and still no DFU device ("it doesn't respond to DFU
# button hold neither does it show up in lsusb,dmesg or dfu-util -l": a faulty DFU switch, greatscottgadgets/hackrf#373). The
# hold and the boot/DFU word in the line, then a negation in the same clause before DFU, a response or the bus listing; not a
# question, not "isn't needed", not a line that ends in success ("with a new cable it entered DFU and dfu-util flashed it")
MESSAGES = MESSAGES + group(
    "prose: the boot/DFU button or jumper was held but no DFU device appeared",
    Msg("said_boot_held_no_dfu",
        r"(?i)^(?![^\n]{0,1000}?(?:\bhow (?:do|to|can)\b|\?\s*$|\b(?:is|are)(?:n'?t| not) (?:needed|necessary|required)\b"
        r"|\b(?:flashed (?:it )?(?:fine|ok|successfully)|(?:dfu-util|cubeprogrammer|it|then) flashed it|(?:it|that|this) worked|works now|now works|success\w*)\b))(?=[^\n]{0,1000}?\b(?:hold\w*|held|press\w*|push\w*|short\w*|jumper\w*|bridg\w*)\b)"
        r"(?=[^\n]{0,1000}?\b(?:DFU|BOOT0?|boot ?(?:button|switch|pin|pad|jumper)|B0)\b)[^\n]{0,1000}?"
        r"\b(?:does ?n[o']t|doesn't|did ?n[o']t|didn't|won'?t|never|neither|nothing|not)\b[^.,;!?\n]{0,25}?\b(?:respond\w* to (?:the )?(?:DFU|BOOT0?|boot)|(?:show|shows|showed) up in (?:lsusb|dmesg|dfu-util)|enter\w* (?:the )?DFU|(?:appear|detected|recogni[sz]ed|listed)\w* (?:in|by|as) (?:lsusb|dfu-util|DFU))\b",
        strength="strong",
        example="The board works since I see the led flashing however it doesn't respond to DFU button hold neither does it show up in lsusb,dmesg or dfu-util -l which makes it impossible for me to change the firmware."),
    # (boot s23) the boot button (or BOOT0 + reset, the jumper) said not to *put* the board into DFU, no verb of holding needed
    # ("the usual reset + boot button method does NOT put the board in DFU mode", BTT Manta-E3EZ#2; "BOOT0 and reset won't get it
    # into DFU mode"). The same guards as the row above (a question, "how to", a line that ends in success)
    Msg("said_boot_held_no_dfu",
        r"(?i)^(?![^\n]{0,1000}?(?:\bhow (?:do|to|can)\b|\?\s*$|\b(?:is|are)(?:n'?t| not) (?:needed|necessary|required)\b"
        r"|\b(?:flashed (?:it )?(?:fine|ok|successfully)|(?:dfu-util|cubeprogrammer|it|then) flashed it|(?:it|that|this) worked|works now|now works|success\w*)\b))"
        # (fix-boot s23 review) not a condition or the guide's advice ("If the boot button does not put ...", "you need to
        # hold it while plugging in", "you must press reset"), not "never failed to", not a story that ends in DFU ("after
        # unplugging that it enters DFU and I flashed Katapult"), not a chip whose boot button is no STM32 DFU (ESP32,
        # RP2040's BOOTSEL, nRF52, Teensy)
        r"(?!\s*(?:if|when|whenever)\b)(?![^\n]{0,1000}?\b(?:if|you (?:need|have|must)|you'?ll need|must|try|never (?:failed|fails)"
        r"|(?:enters|entered|goes into|went into|comes up in|came up in) (?:the )?DFU|(?:and|then) (?:I )?flashed"
        r"|esp32\w*|esp8266|rp2040|rp2350|pico|bootsel|rpi-rp2|nrf5\w*|teensy|samd\w*)\b)"
        r"(?=[^\n]{0,1000}?\b(?:BOOT0?|boot ?(?:button|switch|pin|pad|jumper)|B0)\b)[^\n]{0,1000}?"
        r"\b(?:does ?n[o']t|doesn't|did ?n[o']t|didn't|won'?t|will not|never|not|can'?t|cannot|could ?n[o']t|unable to|fails? to)\b[^.,;!?\n]{0,20}?"
        r"\b(?:put|puts|putting|get|gets|getting|bring|brings|send|sends|force|forces|take|takes|switch|switches)\b[^.,;!?\n]{0,30}?\b(?:in|into|to)\s+(?:the\s+)?DFU\b",
        strength="strong", example="the usual reset + boot button method does NOT put the board in DFU mode, making it impossible to update firmware via STM32Programmer"),
)


# (klipper-side s20) the board's crystal named in prose ("My board is a custom board with STM32F103RCT6 AND 12MHz crystal":
# rogerclarkmelbourne/STM32duino-bootloader#93, whose prebuilt bootloader assumed 8 MHz). Alone it says nothing; beside a USB
# enumeration failure it is FW003's evidence. Not esptool's own "Crystal is 40MHz" (a detection line, not the board's part), nor
# Klipper's menuconfig choice ("Clock Reference (8 MHz crystal)  --->": what the build assumes, not what the board carries).
# Weak: a line that also carries Windows' or the kernel's enumeration error stays that parser's (FW003 reads the crystal there)
MESSAGES = MESSAGES + group(
    "prose: the board's crystal frequency named",
    Msg("said_board_crystal",
        r"(?i)^(?![^\n]{0,400}?\bcrystal (?:is|frequency:?) \d)(?![^\n]{0,400}?(?:clock reference|menuconfig|--->))(?=[^\n]{0,400}?\b(?:board|module|pcb|custom|my|chip|mcu)\b)[^\n]{0,400}?"
        r"(?:\b\d{1,2}(?:\.\d+)? ?MHz (?:external )?(?:crystal|xtal|oscillator|HSE)\b|\b(?:crystal|xtal|HSE)\b[^.!?\n]{0,15}?\b\d{1,2}(?:\.\d+)? ?MHz\b)",
        strength="weak",
        example="My board is a custom board with STM32F103RCT6 AND 12MHz crystal, and when burn the binaries from here, the board PC13 will blink a led, but without a successful usb "),
)


# (fw-rp s25) the flash said to have gone well and no USB serial device after it: "it flashed fine via DFU mode, but no VCP was
# found after the flashing" (betaflight#9815, a 25 MHz Black Pill given an 8 MHz target), "the upload was successful, but no COM
# port appears". Alone it names no cause (FW001/FW002/FW003 all look like this); beside the board's crystal named in the post it
# is FW003's evidence. A statement only: not asked, not advice, not a story that ends fixed
_GOOD_FLASH = (r"\b(?:(?:flash|upload|download|program)(?:ed|ing)?\s+(?:\w+\s+){0,3}?(?:fine|ok(?:ay)?|successfully|without (?:any )?errors?)"
               r"|(?:flash|upload|download|programming)(?:ing)?\s+(?:was|is|went|completed?)\s+(?:\w+\s+)?(?:successful(?:ly)?|fine|ok(?:ay)?|well|done)"
               r"|successfully\s+(?:flash|upload|program)ed)\b")
_NO_USB_AFTER = (r"\b(?:no (?:vcp|virtual com port|com ?port|serial (?:port|device)|usb (?:serial )?device|/dev/tty\w*|tty\w* (?:device|port)) (?:was |is |were )?(?:found|detected|shows? up|showed up|appears?|appeared|created|listed)"
                 r"|(?:vcp|virtual com port|com ?port|serial port|usb (?:serial )?device) (?:does not|doesn't|did not|didn't|never|won't) (?:show up|appear|come up|enumerate))\b")
MESSAGES = MESSAGES + group(
    "prose: the flash went well and no USB serial device came after it",
    Msg("said_no_usb_after_good_flash",
        # advice and "did not help" lists ruled out; "I have tried to flash X and it flashed fine, but ..." is an account
        r"(?i)^" + _S21_NOT_ASKED + r"(?!\W{0,3}(?:if|when|whenever|once|in case|unless)\b)" + r"(?![^\n]{0,400}?\b(?:make sure|ensure|check (?:that|if|whether)|should (?:I|we|you)|tip|did ?n[o']t help|does ?n[o']t help"
        r"|no (?:change|difference))\b)" + r"(?![^\n]{0,400}?(?:\b(?:now|then) (?:it )?works?\b|\b(?:fixed|solved)\b|\bworks? (?:again|now)\b))"
        # (reviewfix s25) nor a line that names another cause or someone else's account ("Turned out the cable was charge-only",
        # "... because I forgot USB support", "my friend said")
        + r"(?![^\n]{0,400}?\b(?:turn(?:s|ed) out|the (?:cause|problem|issue|culprit) (?:was|is)|because|(?:he|she|they|friend|someone|somebody) (?:said|says|told)"
        r"|said my|according to)\b)"
        + r"[^\n]{0,300}?" + _GOOD_FLASH + r"[^.!?\n]{0,30}?\bbut\b[^.!?\n]{0,60}?" + _NO_USB_AFTER,
        strength="weak",
        example="I have tried to flash MATEKF411 firmware directly and it flashed fine via DFU mode, but no VCP was found after the flashing."),
)


# (fw-rp s25) FW001 said as its outcome: uploading a sketch or firmware took the bootloader with it ("whenever I upload a sketch
# using upload methods st-link or serial, \"Maple(COM12)\" vanished ... so that the boot loader is lost", stm32duino
# Arduino_Core_STM32#360: the core linked and wrote sketches at 0x08000000, over the STM32duino bootloader). An account only:
# not asked, advised, conditional or future ("if you upload ... it will be overwritten"), not negated next to the verb
_BL_LOST = (r"\bboot ?loader\b[^.!?\n]{0,40}?\b(?:is|was|gets?|got|has been|had been|have been)\s+(?:(?!not\b|never\b|n't\b)\w+\s+)?"
            r"(?:lost|overwritten|over-written|erased|wiped|deleted|destroyed|gone)\b"
            r"|(?<!\bnot )(?<!n't )(?<!never )\b(?:overwrote|erased|wiped(?: out)?|deleted|destroyed|killed)\s+(?:the\s+|my\s+|its\s+|our\s+)?(?:\w+\s+)?boot ?loader\b")
# (reviewfix s25) not where no application offset is involved: an AVR / Arduino ISP upload or avrdude run (a programmer erases
# the chip, the sketch is linked at 0 and the bootloader sits at the end: burn the bootloader again), an ESP32/ESP8266, a
# deliberate full/mass chip erase; nor a story that ends fixed in the same line ("... burned it again, now it works")
_BL_LOST_NOT = (r"(?![^\n]{0,400}?(?:\b(?:i[cs]sp|usbasp|usbtiny\w*|avrisp\w*|arduino ?as ?isp|using (?:a |the )?programmer|avrdude|atmega\w*|attiny\w*"
                r"|avr|pro ?micro|leonardo|uno|nano|mega\d*|caterina|optiboot|esp(?:32|8266)\w*|esptool\w*|(?:full|mass|whole|entire)[- ](?:chip[- ])?erase"
                r"|chip[- ]erase|erased? (?:the )?(?:whole|entire|full) (?:chip|flash|memory))\b"
                r"|\b(?:now|then) (?:it )?works?\b|\b(?:fixed|solved)\b|\bworks? (?:again|now)\b))")
MESSAGES = MESSAGES + group(
    "prose: an upload took the bootloader with it",
    Msg("said_bootloader_overwritten",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _BL_LOST_NOT + r"(?:[^\n]*?[.!?]\s+)?"
        r"(?![^.!?\n]{0,300}?\b(?:if|unless|will|would|could|might|may|can|should|in case|to avoid|prevent\w*|careful)\b)"
        r"(?=[^.!?\n]{0,300}?\b(?:upload\w*|sketch\w*|flash(?:ed|ing)?|programm?(?:ed|ing))\b)[^.!?\n]{0,300}?(?:" + _BL_LOST + r")",
        strength="weak",
        example="but whenever I upload a sketch using upload methods st-link or serial, \"Maple(COM12)\" vanished. possibly because upload "
                "vector of Arduino_Core_STM32 does not bypass the STM32duino-bootloader, so that the boot loader is lost."),
)


# (boot-dfu s21) families met in the session-21 gathering (prose only; each with its own tool's reading):
# - BOOT006: the board enumerates as the Maple/STM32duino DFU bootloader (1eaf:0003, "Maple DFU" in Device Manager, lsusb's
#   "LeafLabs Maple 003"), which STM32CubeProgrammer does not open: it lists only ST's ROM DfuSe bootloader (0483:df11), so its
#   USB panel says "No DFU detected" (community.st STM32F103C6T6 "USB bootloader flash issue")
# - BOOT002: a board in Klipper's USB-to-CAN bridge mode updated by its CAN uuid: the request drops it into its bootloader (a
#   serial/DFU device appears on USB) but the flash over CAN errors out (Arksine/katapult#41, #62)
# - BOOT004: a flight controller that comes up in DFU each time its battery is plugged in (betaflight#2969: moisture shorting the
#   boot pad); an STM32 that goes back to its ROM ("USB", "system") bootloader at power-on after a good flash, and a floating BOOT0
#   (os3m-hardware#9: "the fix is a jumper that holds BOOT0 to GND")
# - BOOT008: an ATmega32U4 board (Leonardo, Micro, Pro Micro) whose port shows up only for a moment after reset, too short for
#   the upload (the Caterina window), or whose Keyboard/Mouse sketch keeps the upload from working (Arduino's Leonardo guide)
_OTHER_BOARD = r"toolhead|tool ?board|EBB\d*|SB2[02]\d\d|SHT\d*|nitehawk|kraken|U2C|UTOC|canable|candlelight|waveshare"
# (review s21) a CAN word said as such: CAN in capitals ("can" is also the verb), can0, canbus / can bus
_CAN_WORD = r"\b(?:(?-i:CAN)|can0|can ?bus)\b"
# (review s21) a negation, or "no longer", inside a span (_NNEG's characters, and "no longer" as one more word of undoing)
_NLNEG = r"(?:(?!\bno longer\b)" + _NNEG + r")"
# chips whose own bootloaders are not the STM32 ROM's (BOOT004/BOOT008 prose belongs to STM32 resp. ATmega32U4 boards)
_NON_STM32 = r"teensy\w*|nrf\w*|samd\w*|qmk|atmega\w*|esp\w*|rp2\d*|pico"
_MAPLE_NAME = r"\b(?:Maple(?: Mini)? (?:DFU|003)|LeafLabs Maple|STM32duino bootloader|1eaf:0003|VID_1EAF&PID_0003)\b"
MESSAGES = MESSAGES + group(
    "prose: the board shows up as the Maple/STM32duino DFU bootloader (1eaf:0003)",
    # (review s21) the name after the verb of being seen, with no negation in the clause before it ("It is not detected as Maple
    # DFU"), and not a question; Windows' device-instance form USB\VID_1EAF&PID_0003 too
    Msg("said_maple_dfu_device",
        r"(?i)^(?=[^\n]{0,400}?(?:\b(?:Maple|LeafLabs|STM32duino)\b|1eaf))(?:[^\n]{0,400}?[.!?;:,]\s*)?" + _NNEG + r"{0,200}?"
        r"\b(?:detected|recogni[sz]ed|listed|lists?|shows?|showed|shown|appears?|appeared|enumerat\w*|identified|comes? up|came up)\b"
        + _NNEG + r"{0,80}?" + _MAPLE_NAME + r"(?![^.!?\n]{0,80}?\?)"
        # or the name first: "Maple DFU appears under libusb-win32 devices"
        r"|^(?:[^\n]{0,400}?[.!?;:,]\s*)?" + _NNEG + r"{0,200}?" + _MAPLE_NAME + r"(?:\s+(?:device|bootloader))?[\"')\]]?\s+(?:(?:is|was|gets)\s+)?"
        r"(?:detected|recogni[sz]ed|listed|shows? up|showed up|appears?|appeared|enumerat\w*|identified|comes? up|came up)\b(?![^.!?\n]{0,80}?\?)",
        strength="strong", example='On connecting via USB, the board is detected as "Maple DFU" in the Device Manager.'),
)
# (review s21) a character of one sentence (a dot inside a word, as in flashtool.py, ends none), and one that is no negation
_SENT = r"(?:[^.!?\n]|\.(?=\w))"
_NNEG_SENT = r"(?:(?!\bnot\b|n't\b|n’t\b|\bnever\b|\bcannot\b|\bunable\b)" + _SENT + r")"
# (review s21) a flash over CAN told as failing, not a question, not over USB, not one that now works
_BRIDGE_NOT = (r"(?![^\n]{0,400}?\b(?:" + _OTHER_BOARD + r"|how (?:do|to|can))\b)"
               r"(?![^\n]{0,400}?(?:\b(?:over|via|through|with|using|by)\s+(?:the\s+|a\s+)?USB\b|\b(?:now|finally)\s+(?:it\s+)?works?\b|\bworks now\b|\b(?:fixed|solved|resolved)\b))")
_CAN_FLASH_BTL_ONLY = (r"(?=[^\n]{0,400}?\b(?:flash\w*|flashtool)(?:\.py)?\b[^.!?\n]{0,40}?\b(?:over|via|through|on|using|with)\s+(?:the\s+)?(?:can0|can ?bus)\b)"
                       r"[^\n]{0,400}?\b(?:trigger\w*|enter\w*|puts?|putting|reboot\w*|jump\w*|drops?)\b[^.!?\n]{0,40}?\b(?:DFU|bootloader|katapult|canboot)\b"
                       r"[^.!?\n]{0,60}?\b(?:but|yet)\b[^.!?\n]{0,20}?(?:\bnot\b|n't\b|\bnever\b|\bcannot\b|\bunable\b)[^.!?\n]{0,20}?\bflash\w*(?![^.!?\n]{0,80}?\?)")
MESSAGES = MESSAGES + group(
    "prose: a USB-to-CAN bridge updated over CAN by its uuid: the flash errors, the board drops into its bootloader on USB",
    # (review s21) in one sentence naming CAN: the bridge flashed over CAN or by its uuid, with no negation from the clause's start
    # to the CAN/uuid, and then the failure; not a question
    Msg("said_bridge_update_over_can",
        r"(?i)^" + _BRIDGE_NOT + r"(?=[^\n]{0,400}?\bbridge\b)"
        r"(?=(?:[^\n]{0,400}?[.!?]\s+)?(?=" + _SENT + r"{0,300}?" + _CAN_WORD + r")(?:" + _SENT + r"{0,300}?[;:,]\s*)?" + _NNEG_SENT + r"{0,200}?\b(?:flash\w*|updat\w*)\b"
        + _NNEG_SENT + r"{0,80}?(?:\b(?:over|via|through|on|using|with|by)\s+(?:the\s+|its\s+)?(?:can0|can ?bus|CAN)\b|-i\s+can0\b|\buuid\b)"
        + _SENT + r"{0,60}?\b(?:produces? an? error|errors? out|ends? (?:in|with) (?:an? )?error|fails?|failed|(?:does|did)(?:n'?t| not) work|can(?:no|')t (?:be )?flash\w*|not (?:able to )?flash\w*)\b"
        r"(?![^.!?\n]{0,80}?\?))",
        strength="strong",
        example="After successful flash the serial device communication disappears the the bridge is now found with a CAN uuid. Any attempts to flash updated Klipper or CanBoot firmware using the CAN uuid produces an error."),
    Msg("said_bridge_update_over_can",
        r"(?i)^" + _BRIDGE_NOT + r"(?=[^\n]{0,400}?\bbridge\b)" + _CAN_FLASH_BTL_ONLY,
        strength="strong",
        example="On my CAN bridge I can use canboot flash over canbus to trigger DFU mode on the octopus but not flash it over canbus."),
    # (review s21) the same without the word bridge on the line (katapult#62 says "can bridge mode" on the line before): the
    # update over CAN only dropped the board into its bootloader; BOOT002 reads it beside a bridge said elsewhere in the text
    Msg("said_can_flash_enters_btl_only",
        r"(?i)^" + _BRIDGE_NOT + r"(?![^\n]{0,400}?\bbridge\b)" + _CAN_FLASH_BTL_ONLY,
        strength="strong",
        example="I found that I can use canboot flash over canbus to trigger DFU mode on the octopus but not flash it over canbus."),
    Msg("said_can_bridge_mode",
        r"(?i)^(?![^\n]{0,400}?\?)(?![^\n]{0,400}?\b(?:" + _OTHER_BOARD + r")\b)[^\n]{0,400}?\b(?:in|as)\s+(?:the\s+|a\s+)?(?:(?:USB[- ]?(?:to[- ]?)?)?CAN(?:[- ]?bus)?[- ]?)?bridge\s+(?:mode|mcu)\b",
        strength="weak", example="When running octopus pro in can bridge mode."),
)
# (review s21) a character between BOOT0 and "floating" that starts no negation, no contrast and no other pin's name
_PIN_GAP = r"(?:(?!\bnot\b|n't\b|\bnever\b|\bbut\b|\bwhile\b|\bwhereas\b|\bP[A-K]\d{1,2}\b|\bBOOT1\b|\bNRST\b)[^.!?\n])"
MESSAGES = MESSAGES + group(
    "prose: the board starts its ROM bootloader at power-on (BOOT0 high: a battery plug-in, a floating pin)",
    # (review s21) not "no longer", not a question, not DFU entered on purpose (a button or BOOT0 held), not another chip's bootloader
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?=[^\n]{0,400}?\b(?:DFU|df11)\b)(?![^\n]{0,400}?\b(?:hold\w*|held|press\w*|push\w*|set|setting)\s+(?:down\s+)?(?:the\s+|a\s+)?(?:boot\w*|dfu|b0|button|jumper)\b)"
        r"(?![^\n]{0,400}?\b(?:" + _NON_STM32 + r")\b)"
        r"[^\n]{0,400}?\b(?:every ?time|whenever|each time|on every)\b" + _NLNEG + r"{0,40}?\b(?:chang\w*|swap\w*|plug\w*(?: in)?|connect\w*|insert\w*)\s+(?:(?:the|a|my|new|another)\s+){0,2}(?:batter(?:y|ies)|li-?pos?)\b"
        + _NLNEG + r"{0,40}?\b(?:forc\w*|puts?|drops?|boots?|goes|went|comes? up|starts?|enters?)\b" + _NLNEG + r"{0,15}?\b(?:in|into|to)\b" + _NLNEG + r"{0,15}?\b(?:DFU|df11)\b"
        r"(?![^.!?\n]{0,80}?\?)",
        strength="strong", example="after that, every time i change battery it force me to DFU mode."),
    Msg("said_dfu_after_power_cycle",
        r"(?i)^(?![^\n]{0,400}?\b(?:katapult|canboot|hid|maple|stm32duino|uf2|bootsel|caterina|arduino|" + _NON_STM32 + r")\b)"
        r"(?![^\n]{0,400}?\b(?:hold\w*|held|press\w*|push\w*|set|setting)\s+(?:down\s+)?(?:the\s+|a\s+)?(?:boot\w*|dfu|b0|button|jumper)\b)"
        r"(?=[^\n]{0,400}?\b(?:USB|ROM|system|STM32|DFU|built-?in)\s+bootloader\b)[^\n]{0,400}?\b(?:after|on|at|when|whenever|every|each)\s+(?:(?:a|the|every|each)\s+)?"
        r"(?:power[- ]?(?:on|up|cycl\w*)|re-?plug\w*|reboot\w*|restart\w*)\b" + _NLNEG + r"{0,40}?\b(?:go(?:es)?|went|going|comes?|came|falls?|fell|drops?|dropped|returns?|returned|boots?|booted)\s+"
        r"(?:straight\s+|right\s+)?(?:back\s+)?(?:in|into|to)\s+(?:the\s+)?(?:USB|ROM|system|STM32|DFU|built-?in)\s+bootloader\b(?![^.!?\n]{0,80}?\?)",
        strength="strong", example="Using STM32CubeProgrammer, I can connect and flash and start the application, but on power-on, it'll go back to the USB bootloader."),
    # (review s21) not negated ("BOOT0 is not floating"), asked, advised ("make sure BOOT0 is not floating") or a fix that did not
    # help, and not another pin's state ("BOOT0 is grounded but PA9 is floating")
    Msg("said_boot0_floating",
        # (wrappers s24w2) the question asked in the sentence holding BOOT0 only: a post's closing "Any ideas why?" asks nothing of it
        r"(?i)^(?=[^\n]{0,400}?\bBOOT ?0\b)(?![^\n]{0,400}?\bBOOT ?0\b[^.!?\n]{0,400}\?)"
        r"(?![^\n]{0,400}?(?:\b(?:make sure|ensure|check (?:that|if|whether)|(?:should|must)(?:n'?t| not)? be|(?:never|don'?t|do not) leave)\b"
        # (wrappers s24w2) a fix that did not work, not the symptom ("the last program I installed does not work")
        r"|\b(?:did|does|do|has|have)(?:n'?t| not)\s+(?:\w+\s+)?(?:help\w*|fix\w*|change\w*|solv\w*)\b|\bstill\s+(?:does|do|did)(?:n'?t| not)\s+work"
        r"|\b(?:does|do|did)(?:n'?t| not)\s+work\s+either\b|\bno (?:change|difference|effect|luck)\b"
        # (wrappers review s24w2) a failure said after BOOT0 is the fix that did not work ("BOOT0 was floating, so I tied it to GND,
        # but it doesn't work"); ST 96151 says its "does not work" before BOOT0
        r"|\bBOOT ?0\b[^\n]{0,200}?\b(?:did|does|do)(?:n'?t| not)\s+(?:\w+\s+)?work))"
        # (wrappers s24w2) the same said "idle", "unconnected", "left open" or "with no pull-up or pull-down" (ST community 96151: "Boot0
        # end is idle", the program gone after each power cycle; qa-community 23405: "Boot0 pin is idle. (No external pull-up or
        # Pulldown)", the CDC device sometimes enumerating as the DFU bootloader)
        r"(?:[^\n]{0,400}?\bBOOT ?0\b" + _PIN_GAP + r"{0,30}?\b(?:(?:was|is|left|being|pin)\s+)?floating\b"
        # (wrappers review s24w2) the new forms only as a pin left without a pull-down: not "no pull-up" (a pull-down or GND may
        # hold it), not a line saying it is held low or boots fine ("idle (pulled low by R5)", "no external pull-up since there
        # is an internal pull-down", "left open and it boots fine every time"), not "open-drain", not "can be left open"
        r"|(?![^\n]{0,400}?\b(?:esp\w*|rp2\d*|nboot0|option (?:bit|byte)s?)\b)(?![^\n]{0,400}?\bBOOT ?0\b[^.!?\n]{0,80}?(?:\b(?:is|are|was|it's|and)\s+(?:\w+\s+)?(?:tied|pulled|connected|strapped)\s+(?:\w+\s+){0,2}?(?:low|down|GND|ground|0 ?V)\b"
        r"|\bpulled (?:low|down)\b|\bgrounded\b|\b(?:has|with|there is|there's)\s+an?\s+(?:\w+\s+){0,2}?pull[- ]?down\b|\binternal pull[- ]?down\b"
        r"|(?<!now )(?<!now it )\b(?:boots?|starts?|runs?|works?)\s+(?:\w+\s+){0,3}?(?:fine|normally|ok|okay)\b"
        r"|\b(?:can|may|could|should)\s+be\s+left\b))"
        r"[^\n]{0,400}?\bBOOT ?0\b(?:(?!;)" + _PIN_GAP + r"){0,30}?\b(?:(?:was|is|left|being|pin)\s+)?(?:idle|unconnected|left (?:open|unconnected)"
        r"|(?:is|was) (?:left )?open(?![- ]drain)|(?:has|with) no (?:external )?(?:pull[- ]?down|pull[- ]?up (?:or|nor|and|/) ?pull[- ]?down|resistor)"
        r"|without (?:an? )?(?:external )?(?:pull[- ]?down|pull[- ]?up (?:or|nor|and|/) ?pull[- ]?down|resistor))\b"
        r"|[^\n]{0,400}?\bfloating\b" + _PIN_GAP + r"{0,20}?\bBOOT0\b"
        r"|[^\n]{0,400}?\b(?:fix\w*|solv\w*|solution|cure\w*)\b" + _NNEG + r"{0,60}?\b(?:jumper|wire|resistor|pull-?down|tie|tied|holds?|connect\w*|short\w*)\b" + _NNEG + r"{0,40}?\bBOOT0\b"
        r"[^.!?\n]{0,20}?\b(?:to\s+)?(?:GND|ground|low)\b)",
        strength="strong", example="The fix is to add a jumper that holds `PB8` (`BOOT0`) to GND."),
)
MESSAGES = MESSAGES + group(
    "prose: an ATmega32U4 board's port shows up only briefly after reset, or its Keyboard/Mouse sketch blocks uploads (Caterina window)",
    # (review s21) the port shown (not gone) for a moment after reset, then gone or too short; not another chip (their reset
    # re-enumerates too) and not an instruction ("hold reset, the port appears for a few seconds ...")
    Msg("said_port_briefly_after_reset",
        r"(?i)^(?![^\n]{0,400}?\b(?:" + _NON_STM32 + r"|stm32\w*|instructions?|tutorial|guide)\b)(?![^\n]{0,400}?(?:^|[.!?:;,]\s*)(?:hold|press|push|hit|tap)\s+(?:the\s+)?(?:reset|rst)\b)"
        r"(?=[^\n]{0,400}?\b(?:reset|rst)\b)[^\n]{0,400}?\b(?:reset|rst)\b[^.!?\n]{0,60}?\b(?:recogni[sz]\w*|appears?|appeared|shows? up|showed up|detect\w*|comes? back|came back|pops? up)\b"
        r"(?:(?!\bdisappear|\bvanish|\bgone\b)[^.!?\n]){0,40}?(?:\bfor (?:a |about |only |just )?(?:short|brief|few|couple|little|(?:split )?second|moment)\b|\bbriefly\b|\b(?:\d+|one|two|three|eight|few) seconds?\b)"
        r"[^.!?\n]{0,60}?(?:\bnot long enough\b|\btoo short\b|\bbefore (?:I|the upload|avrdude|the IDE)\b|\bthen (?:disappears?|vanish\w*|goes away|is gone)\b|\bdisappears?\b|\bvanish\w*|\bgoes away\b)",
        strength="strong",
        example="If i hit the reset button, it will recognize it for a short time but not long enough to upload a blank sketch."),
    # (review s21) an ATmega32U4 board named (not "micro USB"), its Keyboard/Mouse code or its acting as a keyboard, and the upload
    # said to fail (not "can't tell if the upload worked", not a failure now fixed)
    Msg("said_hid_sketch_blocks_upload",
        r"(?i)^(?![^\n]{0,400}?\b(?:" + _NON_STM32 + r"|stm32\w*)\b)(?![^\n]{0,400}?(?:\bnow (?:fixed|solved|works?)\b|\b(?:fixed|solved|works) now\b))"
        r"(?=[^\n]{0,400}?\b(?:Leonardo|Pro ?Micro|Micro(?![\s-]*(?:USB|SD|B|controller)\b)|32u4|ATmega32U4|Esplora)\b)"
        r"(?=[^\n]{0,400}?(?:\b(?:Keyboard|Mouse)(?:\.(?:write|print\w*|press|move|click|begin)\b|\s+(?:library|sketch|emulation)\b)"
        r"|\b(?:acts?|acting|works?|runs?|shows? up|appears?|enumerates?|is recogni[sz]ed) as (?:a |an )?(?:USB[- ])?(?:HID[- ])?(?:keyboard|mouse)\b))"
        r"(?=[^\n]{0,400}?(?:\b(?:can'?t|cannot|unable to|not able to|won'?t|doesn'?t|does not|no longer|couldn'?t)\s+(?!(?:tell|know|say|see|check|find out|remember|be sure|verify)\b)(?:\w+\s+){0,3}?(?:upload\w*|flash\w*|program\w*)"
        r"|\b(?:upload\w*|flash\w*|hochlad\w*)\b[^.!?\n]{0,60}?(?:\bgeht (?:aber )?nicht\b|\bfunktioniert nicht\b|\bfails?\b|\bfailed\b|\bimpossible\b)))",
        strength="strong",
        example='ich habe auf meinen Arduino Leonardo einen Sketch geladen, der mittels keyboard.write() in einer Endlosschleife "ABC" als Tastatur eingibt. Jetzt möchte ich ihn allerdings mit einem neuen Sketch flashen, das geht aber nicht da der Arduino nichts empfängt sondern dauersendet.'),
)


# (boot-usb s24w2) an ATmega32U4 board (Leonardo, Micro, Pro Micro) said to be gone after an upload, or its upload said to hang at
# 0 % "waiting for avrdude": its port exists only while the Caterina bootloader (~8 s after a reset) or a sketch with working
# USB runs, so a sketch built for the wrong board/clock (a 3.3 V/8 MHz Pro Micro build on the 5 V/16 MHz one), an aborted
# upload or a USB-breaking sketch leaves no port until reset is pressed (twice on a Pro Micro) as the upload starts (SparkFun's
# Pro Micro guide "How to Revive a Bricked Pro Micro", Arduino's Leonardo guide; arduino.stackexchange 57651, forum.arduino.cc
# 1413406; the Ardwiino/Santroller configurator's "Waiting for Avrdude", SantrollerConfigurator#5, #14). The board may be named
# on another line of the post (said_32u4_board, a line's reading when it has no other)
# (review s24w2) not the Pro Micro RP2040 / nRF52840 boards (BOOTSEL or a UF2 drive, no Caterina)
_B32U4 = r"(?:Leonardo|Pro ?Micro(?![\s-]*(?:RP2040|nRF52840|nrf))|Arduino Micro|32u4|ATmega32U4|Esplora)"
_GONE = (r"(?:\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not|weren'?t|were not|not|never)\s+(?:(?:being|even|getting|recogni[sz]ed or)\s+){0,2}(?:detected|recogni[sz]ed|found|seen|listed|showing up)\b"
         r"|\bno longer (?:detected|recogni[sz]ed|found|shows? up|appears?|listed|seen)\b|\b(?:does|did|do|can|could)(?:n'?t| not|nt) (?:even )?(?:see|detect|find|recogni[sz]e) (?:it|the board|my board)\b"
         r"|\bnot (?:even )?detecting (?:it|the board|my board)\b)")
_UPLOADED = r"\b(?:after|since)\b[^.!?\n]{0,60}?\b(?:upload|flash)\w*"
_NOT_FIXED = r"(?![^\n]{0,400}?(?:\b(?:now|then) (?:it )?works?\b|\b(?:fixed|solved)\b|\bworks? (?:again|now)\b))"
# (review s24w2) the gone-after-upload reading holds for its own sentence: the 32U4 board named in it ("It is not the Leonardo;
# after the upload my Uno is not detected", "My Uno is not detected after the upload. I also have a Leonardo"), no other board
# named there, and not a line that names a cable, driver or Device Manager's unknown device as the cause
_OTHER_BOARD = r"(?:Uno|Nano|Mega|Due|Zero|ESP\w*|STM32\w*|Pico\w*|RP2040|RP2350|nRF\w*|Teensy\w*|SKR|Octopus)"
_SENTENCE = r"[^\n]{0,400}?(?:(?<![^\n])|(?<=[.!?;]))"
_NO_OTHER_CAUSE = r"(?![^\n]{0,400}?(?:\bcharge[- ]?only\b|\bcables?\b|\bdrivers?\b|\bunknown (?:usb )?device\b))"
_NOT_OTHER_BOARD = (r"(?![^.!?;\n]{0,400}?\b" + _OTHER_BOARD + r"\b)(?![^.!?;\n]{0,400}?\b(?:not|isn'?t|wasn'?t) (?:the |a |an |my )?(?:Arduino )?"
                    + _B32U4 + r"\b)")
MESSAGES = MESSAGES + group(
    "prose: an ATmega32U4 board gone after an upload, or its upload stuck at 0 % waiting for avrdude (Caterina window)",
    Msg("said_32u4_gone_after_upload",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _NOT_FIXED + _NO_OTHER_CAUSE + _SENTENCE + r"(?=[^.!?;\n]{0,400}?\b" + _B32U4 + r"\b)"
        + _NOT_OTHER_BOARD + r"[^.!?;\n]{0,400}?(?:" + _GONE + r"[^.!?\n]{0,80}?" + _UPLOADED + r"|" + _UPLOADED + r"[^.!?\n]{0,160}?" + _GONE + r")",
        strength="strong",
        example="Arduino Micro isn't being detected at all after aborting code upload from the IDE button."),
    Msg("said_gone_after_upload",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _NOT_FIXED + _NO_OTHER_CAUSE + _SENTENCE + _NOT_OTHER_BOARD
        + r"[^.!?;\n]{0,400}?" + _UPLOADED + r"[^.!?\n]{0,160}?" + _GONE,
        strength="weak",
        example="After the upload completed successfully the board did not run again and is not even detected from the arduino ide anymore."),
    Msg("said_32u4_upload_stuck",
        r"(?i)^" + _S21_NOT_ASKED + _NOT_FIXED + r"(?=[^\n]{0,400}?\b" + _B32U4 + r"\b)[^\n]{0,400}?"
        r"(?:\b(?:stuck|hangs?|hung|stays?|stayed|sits?|sat|frozen|freezes)\b[^.!?\n]{0,30}?\b(?:at|on)\s+0(?:\.0+)?\s?%"
        r"|\bnever (?:moves?|gets?|goes?|progress\w*) (?:past|beyond|above|over) 0(?:\.0+)?(?!\.?\d)|\bwaiting for avrdude\b)",
        strength="strong",
        example='When attempting to program my Arduino Micro, the progress bar was stuck at 0% saying "waiting for Avrdude".'),
    # (review s24w2) not a line naming another board beside it ("I have a Leonardo and an Uno") or saying the board works
    Msg("said_32u4_board", r"(?i)^(?![^\n]{0,400}?\b" + _OTHER_BOARD + r"\b)(?![^\n]{0,400}?\b(?:works?|working|worked)\s+(?:fine|ok|okay|well|perfectly|normally|great)\b)"
        r"[^\n]{0,400}?\b(?P<name>" + _B32U4 + r")\b", strength="none",
        example="I have a Pro Micro board at which tried to upload a sketch with sparkfun's Pro Micro 3.3v processor selected."),
)


# (boot-usb s24w2) USB001 in prose: the RP2040/RP2350 held in BOOTSEL while plugged in, and no drive (RPI-RP2, a mass-storage disk)
# appears at all. The boot ROM's USB mass-storage device needs nothing of the flash, so no drive with BOOTSEL held is a host that
# saw no device: above all a charge-only cable (fault-signals A1; j5s7.de "Startprobleme mit dem Raspberry Pi Pico", the cable a
# charging cable). English and German; not asked, advised, fixed or "only / until / unless ..."
_BOOTSEL_NO_DRIVE_EN = (r"(?:\b(?:does(?:n'?t| not)|did(?:n'?t| not)|won'?t|will not|never|not)\s+(?:\w+\s+){0,2}?(?:show(?:s|ing)? up|appear\w*|mount\w*|come up|pop up|get (?:recogni[sz]ed|detected))"
                        r"(?:\s+\w+){0,3}?\s+as\s+(?:a\s+|an?\s+)?(?:(?:usb|removable|mass[- ]storage|rpi-?rp2)\s+)?(?:drive|disk|storage|rpi-?rp2)\b"
                        r"|\bno (?:rpi-?rp2 |usb |removable |mass[- ]storage )?(?:drive|disk)\b[^.!?\n]{0,20}?\b(?:shows? up|showed up|appears?|appeared|comes? up|pops? up|mounts?)\b"
                        r"|\brpi-?rp2\b(?: drive)? (?:does(?:n'?t| not)|did(?:n'?t| not)|never) (?:show up|appear|mount))")
_BOOTSEL_NO_DRIVE_DE = (r"(?:\bnicht (?:\w+\s+){0,2}?als (?:USB-?)?(?:Massenspeicher|Laufwerk|Wechseldatentr(?:ä|ae)ger)\b[^.!?\n]{0,60}?\b(?:auf(?:tauchen|taucht|getaucht)|erscheinen|erscheint|erkannt|angezeigt)"
                        r"|\bkein (?:neues )?(?:Laufwerk|Massenspeicher|Wechseldatentr(?:ä|ae)ger)\b[^.!?\n]{0,40}?\b(?:auf(?:tauchen|taucht|getaucht)|erscheint|erschienen|angezeigt)"
                        # (review s24w2) the split verb and the verb first ("taucht ... nicht als Laufwerk auf", "erscheint kein Laufwerk",
                        # "erscheint das Laufwerk RPI-RP2 nicht")
                        r"|\b(?:taucht|erscheint)\b[^.!?\n]{0,40}?\b(?:kein|nicht)\b[^.!?\n]{0,40}?\b(?:Laufwerk|RPI-?RP2)\b"
                        r"|\b(?:taucht|erscheint)\b[^.!?\n]{0,40}?\b(?:Laufwerk|RPI-?RP2)\b[^.!?\n]{0,20}?\bnicht\b)")
MESSAGES = MESSAGES + group(
    "prose: BOOTSEL held and no drive appears at all (the host saw no device)",
    Msg("said_bootsel_no_drive",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _NOT_FIXED + r"(?=[^\n]{0,600}?\bBOOTSEL\b)"
        r"(?![^\n]{0,600}?\b(?:until|unless|except|only (?:when|if|after)|bis ich|au(?:ß|ss)er|nur wenn)\b)"
        # (review s24w2) not when the line quotes the host's enumeration error (Windows' "USB device not recognized", an unknown
        # device, a descriptor request failed, code 43: USB002's) or speaks of a serial port / Thonny (MicroPython's REPL, not the boot ROM's drive)
        r"(?![^\n]{0,600}?(?:\bnot recogni[sz]ed|\bnicht erkannt\b|\bunknown (?:usb )?device|\bunbekanntes (?:usb-?)?ger(?:ä|ae)t|\bdescriptor|\bdeskriptor|\bcode 43\b"
        r"|\bthonny\b|\bcom ?\d*\s?port\b|\bserial\b))"
        r"[^\n]{0,600}?(?:" + _BOOTSEL_NO_DRIVE_EN + r"|" + _BOOTSEL_NO_DRIVE_DE + r")",
        strength="strong",
        example="I hold the BOOTSEL button while plugging in the Pico, but it never shows up as a drive."),
)


# (boot-usb s24w2) BOOT006 in prose: a 3D-printer board that takes firmware from its SD card (BTT SKR Mini/SKR 2/Octopus, Creality
# 4.2.x, MKS Robin) named with PlatformIO (VS Code, Atom) and its upload said to fail. PlatformIO's upload target of those Marlin
# environments writes through an ST-Link on the SWD pins (Marlin#17862). Not the LPC176x SKR 1.x (PlatformIO copies to its USB
# disk), not a post about the SD card route itself, not asked, advised or fixed
_PRINTER_BOARD = r"(?:skr(?![\s-]*(?:v?1\.[1-4]|e3 ?turbo|1\.4 ?turbo)\b)|bigtreetech|btt|creality(?: v?4\.2\.\d)?|(?:v|board )?4\.2\.[27]|mks robin|robin nano|octopus)"
# (review s24w2) a debug probe said to be wired to the board ("My ST-Link V2 is wired to the SWD pins of the Creality 4.2.2 board"):
# BOOT006's "no probe is wired" reading of a probe upload that found none does not hold then (SWD001's). A line's reading only
# when it has no other (match_line), not negated, asked or advised
_WIRED_PROBE = r"(?:st-?link(?:[/ ]?v[23](?:\.\d)?)?|j-?link|daplink|cmsis-dap|debug(?:ging)? probe|pico ?probe|black ?magic probe)"
MESSAGES = MESSAGES + group(
    "prose: a debug probe said to be wired to the board's SWD pins",
    Msg("said_probe_wired",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?![^\n]{0,400}?\bif\b)"
        r"(?![^\n]{0,400}?(?:\b(?:not|never|no longer)|n't)\s+(?:\w+\s+)?(?:wired|connected|hooked|attached|soldered|have|own|use)\b)"
        r"(?![^\n]{0,400}?\b(?:without|no (?:st-?link|j-?link|probe|debugger))\b)[^\n]{0,400}?(?:\b" + _WIRED_PROBE
        + r"\b[^.!?\n]{0,20}?(?<![\w-])(?:(?:is|was|are|were|been|have|has|got)\s+(?:\w+\s+)?)?(?:wired|connected|hooked up|attached|soldered)"
        r"|\b(?:I|we)\s+(?:have\s+|had\s+)?(?:wired|connected|hooked up|attached|soldered)\s+(?:up\s+)?(?:an?|the|my|our)\s+" + _WIRED_PROBE + r")\b"
        r"[^.!?\n]{0,40}?\b(?:to|on|with)\b[^.!?\n]{0,40}?\b(?:swd\w*|swclk|swdio|pins?|headers?|board|target|mcu)\b",
        strength="weak", example="I have an ST-Link V2 connected to the SWD header of the SKR Mini E3 V2."),
)
MESSAGES = MESSAGES + group(
    "prose: PlatformIO's upload to a 3D-printer board said to fail (the board takes firmware from its SD card)",
    Msg("said_printer_board_pio_upload_fails",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _NOT_FIXED + r"(?![^\n]{0,400}?\b(?:sd[ -]?card|sdcard|firmware\.bin|lpc17\d\d)\b)"
        # (review s24w2) not a success line ("finished with 0 errors", "upload successful")
        r"(?![^\n]{0,400}?(?:\b(?:0|zero) errors?\b|\bupload\w*\b[^.!?\n]{0,60}?\bsucce(?:ss|ed)\w*|\bsuccess\w*\b[^.!?\n]{0,30}?\bupload))"
        r"(?=[^\n]{0,400}?\b" + _PRINTER_BOARD + r"\b)(?=[^\n]{0,400}?\b(?:platform ?io|pio|vs ?code|vscode|atom)\b)"
        r"[^\n]{0,400}?\bupload\w*\b[^.!?\n]{0,80}?(?<!without )(?<!without any )(?<!\bno )\b(?:errors?|fail\w*|(?:does|did|do)(?:n'?t| not) work|won'?t work|not working|can'?t|cannot)\b",
        strength="strong",
        example="I built Marlin for my SKR Mini E3 in PlatformIO without problems, but when I upload I get an error."),
)


# (firmware-sd-rp s21) FW005 said in prose: the image given to the bootloader was empty, misnamed or never built. An SD-card
# bootloader looks for one exact file name (firmware.bin on BTT/MKS/Creality boards: Klipper docs/Bootloaders.md, the vendors'
# manuals) and flashes what it finds: a 0-byte file is "taken" (renamed to .CUR) and writes nothing (BIGTREETECH-OCTOPUS-V1.0#39),
# a name with a typo ("frimware.bin", Klipper#2033) or a second extension Windows hid ("firmware.bin.bin") is never read. The
# misspelling is told by its letters: a 7-9 letter name made only of firmware's letters that is not "firmware" itself
MESSAGES = MESSAGES + group(
    "prose: the firmware image was empty, misnamed or never built",
    Msg("said_image_empty",
        # (review s21) the size right after is/was/"(" ("is not 0 bytes", "0 bytes free on the card" are no claim), not asked
        r"(?i)^" + _S21_NOT_ASKED + r"(?:[^\n]{0,400}?\b[\w-]+\.(?:bin|cur|hex|uf2|elf)\b[^.!?\n]{0,40}?(?:(?:\b(?:is|was|are|were)\s+(?:only\s+)?|\(\s*)(?:0 ?bytes?|zero bytes?)\b|\b(?:is|was) (?:an? )?empty(?: file)?\b)"
        r"|[^\n]{0,400}?\b(?:firmware|image|\.?bin|\.?hex|\.?uf2)(?: file)? (?:is|was|were|are|had|has) (?:only )?(?:0 ?|zero )bytes?\b)",
        strength="strong", example="firmware.bin is renamed to firmware.cur (0 bytes length) but it is not flashed."),
    Msg("said_image_misnamed",
        # (review s21) not advice or a negation of the name ("make sure the file is not named firmware.bin.bin"); a browser's
        # "firmware (1).bin" copy is no misnaming (Creality 4.2.x bootloaders take any new .bin name)
        # (a try is kept: "i've tried to flash it with the frimware.bin without any success" is the misnaming told, Klipper#2033)
        r"(?i)^(?![^\n]{0,400}?\b(?:make sure|ensure|check (?:that|if|whether)|should (?:I|we|you))\b)(?![^\n]{0,400}?(?:\b(?:not|never)|n't)\s+(?:be\s+)?(?:named|called|renamed)\b)"
        r"[^\n]{0,400}?(?<![\w.-])(?:(?!firmware\.)(?=[firmwae]{7,9}\.(?:bin|cur)\b)[a-z]{7,9}\.(?:bin|cur)|firmware\.bin\.(?:bin|txt))\b",
        strength="weak",
        example="Okay so i have an issue with flashing the klipper to skr v1.3, i've tried to flash it first with the frimware.bin without any success, it does not change the frimware.bin in the sd card to that frimware.cfg as stated in the github."),
    Msg("said_image_not_built",
        r"(?i)\bno\s+(?:\.?bin|\.?uf2|\.?hex|\.?elf|firmware|klipper\.(?:bin|uf2))\s+(?:file\s+|image\s+)?(?:was\s+|is\s+|were\s+|got\s+|gets\s+|has been\s+)?(?:generated|created|produced|built|made|output)\b"
        r"|\b(?:klipper|firmware)\.(?:bin|uf2|hex|elf)\b[^.!?\n]{0,20}?\b(?:is|was)\s+(?:not\s+(?:generated|created|produced|built)|never\s+(?:generated|created|produced|built))\b",
        strength="strong", example="No .bin file generated after following all the steps until the Flashing MCU."),
    # (healthy-fw s24) the image the flash step wants is absent from the build's output, said of any project ("fails with no
    # ch.bin in the build directory", "I run make and the file ch.bin is not there", DiSlord/NanoVNA-D#3): the build failed
    # or never ran. Only with the build named in the sentence (make, the build or out folder), not asked or advised; not an
    # SD card's file the bootloader renamed
    Msg("said_image_not_built",
        # (review s24) the clause ends there ("... is not there.", "... in the build directory but ..."): not "not there in /tmp",
        # "not there until the build finishes", "because USE_BIN is off", "it's in out/"
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?![^\n]{0,400}?\bsd[- ]?card\b)(?=[^\n]{0,400}?(?:\b(?:make|build|built|compil\w*)\b|\bout/))"
        r"(?![^\n]{0,400}?\b(?:until|unless|because|instead|it'?s in|is in)\b)"
        r"[^\n]{0,400}?(?:\bno\s+[\w.-]{1,40}\.(?:bin|uf2|hex|elf|dfu)\s+(?:file\s+)?in\s+the\s+(?:build|out|output)\s+(?:directory|folder|dir)\b"
        r"|\bthe\s+(?:file\s+)?[\w.-]{1,40}\.(?:bin|uf2|hex|elf|dfu)\s+(?:file\s+)?(?:is|was)\s+not\s+there\b)"
        r"(?=\s*(?:[.!;]|$)|\s*,?\s+(?:and|but)\b)",
        strength="strong", example="I run make and the file ch.bin is not there."),
    # (healthy-fw s24) FW004 said in prose: the image (or bootloader plus image) "does not fit into" the chip's flash ("Katapult +
    # Klipper do not fit into this microcontroller version", the maker of an STM32F042 toolboard, RobertLorincz/Orbiter-Toolboards#8;
    # "the firmware won't fit in the flash"). Not asked, advised or conditional; not RAM, EEPROM, an SD card or a physical fit
    # (a case, a socket, a header)
    Msg("said_image_too_big",
        # (review s24) not a condition, a cure or advice anywhere in the sentence ("can't fit ... if you keep the bootloader, so use
        # 8KiB offset", "did not fit ... until I disabled the LCD", "once I enable the LCD", "use an ATtiny85 instead"); RAM and physical objects only as what
        # it should fit into ("the firmware with display support" is still the image); "is too big to fit into" too
        # (s24) not a tool's own log line (ESP-IDF's "E (553) esp_image: Image length N doesn't fit in partition length M" is
        # esptool.py's esp_image_too_large, with its sizes)
        r"(?i)^(?!\s*[EWIDV] \(\d+\) )(?![^\n]{0,400}?\besp_image:)" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?!\W{0,3}(?:if|when|unless)\b)"
        r"(?![^\n]{0,400}?\b(?:if|unless|until|so use|once|instead)\b)"
        r"[^.!?\n]{0,400}?\b(?:firmware|image|binary|build|sketch|program|code|klipper|katapult|canboot|bootloader|app(?:lication)?|[\w-]+\.(?:bin|hex|uf2|elf))\b"
        r"[^.!?\n]{0,80}?\b(?:(?:do|does|did|would|will|could|can)(?:n'?t| not)|won'?t|cannot|can'?t|(?:is|was|are|were)\s+too\s+(?:big|large)\s+to)\s+(?:\w+\s+)?fit\s+(?:in|into|on|onto)\s+"
        r"(?![^.!?\n]{0,40}?\b(?:ram|sram|psram|heap|stack|eeprom|sd[- ]?card|screen|display|case|enclosure|box|socket|connector|header|slot|hole|pcb)\b)"
        r"(?:the\s+|this\s+|that\s+|my\s+|its\s+|an?\s+)?(?:[\w-]+\s+){0,2}?(?:flash|microcontroller|mcu|chip|rom|stm32\w*|atmega\w*|attiny\w*|rp2040|partition)\b",
        strength="strong", example="Unfortunately, Katapult + Klipper do not fit into this microcontroller version."),
)

# (rp-fw s24) FW005's "toolchain too old" said in prose: the failure comes only with an older compiler ("I was able to reproduce
# this error locally. But only if I compile the code on older versions of gcc.", Klipper Discourse 19656: an RP2350 Klipper
# build from Debian's arm-none-eabi-gcc 7.3/8.3 lost its USB, gcc 14 did not; fixed by Klipper c28ed06e9, so a newer checkout or a
# newer compiler), "the gcc version was too old", "the old toolchain was the culprit". Not asked, not advice, not a compiler ruled out
_COMPILER = r"(?:arm-none-eabi-gcc|avr-gcc|xtensa-\w+-gcc|riscv\d*-\S*gcc|gcc|compilers?|toolchains?|cross[- ]compilers?)"
MESSAGES = MESSAGES + group(
    "prose: the failure comes only with an older compiler / toolchain",
    Msg("said_old_toolchain",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE
        + r"(?![^\n]{0,400}?\bnot\s+(?:the|because\s+of\s+the|due\s+to\s+the)\s+(?:gcc|compiler|toolchain)\b)"
        # (review s24) not negated before the age ("I don't think the gcc is too old"), not a conditional ("If your gcc is too old
        # you get this error"), not the older one as the cure ("It works if I build with an older gcc", "fixed when I built with an
        # older toolchain"), not another thread's cause ("an old toolchain was the cause in #1234, but here gcc is 14")
        r"(?![^\n]{0,400}?(?:\b(?:not|never|no)\b|n't)[^.!?\n]{0,60}?\b(?:old|older|outdated|ancient)\b)"
        r"(?![^\n]{0,400}?\b(?:if|when|unless)\s+(?:your|you|the|its?|it'?s|a|an)\b[^.!?\n]{0,60}?\btoo\s+old\b)"
        r"(?![^\n]{0,400}?\b(?:works?|worked|working|fine|fixed|solved|goes\s+away|went\s+away|resolved)\b[^.!?\n]{0,40}?\b(?:if|when|with|after|by)\b[^.!?\n]{0,40}?\b(?:older|old)\b)"
        r"(?![^\n]{0,400}?(?:\bin\s+#\d+|\bbut\s+(?:here|this\s+time|mine|in\s+my\s+case|in\s+this\s+case)\b))"
        r"[^\n]{0,400}?(?:\b(?:only\s+)?(?:if|when|with)\s+(?:i\s+|you\s+|we\s+|it\s+is\s+|it'?s\s+)?(?:compil|buil[dt])\w*\s+(?:\w+\s+){0,3}?(?:with|on|using|by)\s+"
        r"(?:an?\s+|the\s+)?(?:older|old|outdated|ancient)\s+(?:versions?\s+of\s+(?:the\s+)?)?" + _COMPILER + r"\b"
        r"|\b(?:older|old|outdated)\s+(?:versions?\s+of\s+(?:the\s+)?)?" + _COMPILER + r"\s+(?:versions?\s+)?(?:\w+\s+){0,2}?(?:is|was|were)\s+(?:the\s+)?(?:cause|culprit|problem|issue|to\s+blame)\b"
        # (review s24) a few words between ("The gcc in Raspberry Pi OS buster is too old for the RP2350")
        r"|\b" + _COMPILER + r"\s+(?:[\w().-]+\s+){0,6}?(?:is|was|are|were)\s+(?:(?:just|simply|way|much)\s+)?too\s+old\b)",
        strength="strong",
        example="I was able to reproduce this error locally. But only if I compile the code on older versions of gcc."),
)

# (firmware-sd-rp s21) BOOT009 in more wordings: the board "is still in bootloader mode" after the transfer (mphidflash#14, a PIC
# HID bootloader that needs the flash signed), "stuck in the upgrade mode even though I flashed" (the Black Magic Probe's DFU
# bootloader in flash, blackmagic#88), "what prevents the bootloader to start the application". Not the ST ROM's DFU, BOOT0 or a
# jumper (BOOT004's), not an RP2040/RP2350 BOOTSEL drive (RP003's)
_NOT_ROM_BOOT = (r"(?![^\n]{0,400}?\b(?:double[- ]?(?:click|press|tap)\w*|how (?:do|to|can)|until (?:you |I |we )?(?:flash|install|load|write)\w*"
                 r"|dfu-util|df11|boot0|boot ?sel|jumper|rom|esptool|rp2\w*|rpi-rp2|uf2|pico\w*)\b)"
                 # (review s21) not asked, not negated ("it is not still in bootloader mode"), not a how-to's moment ("while the board
                 # is still in the bootloader run flashtool.py")
                 + _S21_NOT_ASKED + r"(?![^\n]{0,400}?(?:\b(?:not|never)|n't)\s+(?:be\s+)?(?:still|stuck)\b)"
                 r"(?![^\n]{0,400}?\b(?:while|when|once|as long as|if)\b[^.!?\n]{0,40}?\bstill\s+in\b)")
MESSAGES = MESSAGES + group(
    "prose: the bootloader keeps running where the application should start",
    Msg("said_stuck_in_bootloader",
        r"(?i)^" + _NOT_ROM_BOOT + r"[^\n]{0,400}?\b(?:is|was|are|were|stays?|remains?)?\s*still\s+in(?: the| its| my| a)?(?: [\w-]+){0,2} (?:bootloader|upgrade mode|update mode)\b",
        strength="strong", example="te aplication isn´t start, te microcontroller is still in bootloader mode"),
    Msg("said_stuck_in_bootloader",
        r"(?i)^" + _NOT_ROM_BOOT + r"[^\n]{0,400}?\b(?:stuck|stays?|stayed|remains?|remained) in (?:the |its |my |a )?(?:firmware[- ])?(?:upgrade|update) mode\b"
        r"[^.!?\n]{0,40}?\b(?:even though|although|though|after|despite)\b",
        strength="strong", example="But it's stuck in the upgrade mode even though I flashed the blackmagic.bin at 0x08002000."),
    Msg("said_stuck_in_bootloader",
        r"(?i)^" + _NOT_ROM_BOOT + r"[^\n]{0,400}?\b(?:prevents?|stops?|keeps?)\s+the\s+bootloader\s+(?:to\s+|from\s+)?(?:start|launch|run|jump|boot)\w*\s+(?:to\s+|into\s+)?"
        r"(?:the\s+|my\s+|its\s+)?(?:[\w-]+\s+)?(?:application|app|firmware|user code|sketch|program)\b",
        strength="strong", example="what prevents the bootloader to start the BMP application?"),
)

# (firmware-sd-rp s21) SD001 told as the cure, the card swapped back: "I had to put the required files on the old microSD card"
# (mpmd_marlin_1.1.x#83: the bootloader reads some cards the running firmware reads, not others)
MESSAGES = MESSAGES + group(
    "prose: another SD card made the board's bootloader take the firmware (the files moved to the other card)",
    Msg("said_sd_card_swap_fixed",
        r"(?i)^" + _NOT_HOST_CARD + _S21_NOT_ADVICE + r"(?![^\n]{0,400}?\beither\b)[^\n]{0,400}?\b(?:had|have|needed|need|went back) to (?:put|copy|use|place|move)\b[^.!?\n]{0,40}?\b(?:on|onto|to)\s+"
        r"(?:the|my|an?)\s+(?:old|older|other|another|different|smaller|original)\s+(?:micro ?)?sd[- ]?cards?\b",
        strength="strong", example="I had to put the required files on the old microSD card."),
)

# (firmware-sd-rp s21) FW001 from two statements: the build was made without its bootloader offset ("Uncheck bootloader box",
# Klipper#2939 on an MKS SGen-L), and the image was then installed by the board's SD-card bootloader (copied to the board's SD
# card, or renamed firmware.bin). An SD-card bootloader writes the image after itself (16 KiB on LPC176x, 28-64 KiB on STM32
# boards), so an image linked for the start of flash never runs
MESSAGES = MESSAGES + group(
    "prose: the build was made without the bootloader offset",
    Msg("said_no_offset_build",
        # (review s21) not asked or advised ("Should I build with no bootloader?"); disabling or clearing names the menu's box,
        # option or offset ("disabled the bootloader protection" is the ST tool's read-out protection)
        # (review s21) never menuconfig's own screen ("Bootloader offset (No bootloader)  --->"): the kconfig parser reads it
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?![^\n]*--->)[^\n]{0,400}?(?:"
        r"\b(?:uncheck\w*|un-?tick\w*|unselect\w*|deselect\w*)\s+(?:the\s+)?[\"']?(?:smoothieware\s+|use\s+)?bootloader(?:\s+(?:box|option|offset|check ?box|setting))?\b"
        r"|\b(?:disabl\w*|turn\w* off|clear\w*)\s+(?:the\s+)?[\"']?(?:smoothieware\s+|use\s+)?bootloader\s+(?:box|option|offset|check ?box|setting)\b"
        # and Klipper's menuconfig choice named: "Bootloader offset (No bootloader)", "selected No bootloader"
        r"|\b(?:select\w*|chose|choos\w*|set|picked|with|built for|compiled for)\s+(?:the\s+)?[\"'(]?no bootloader\b|\bbootloader offset\W{0,3}\(?no bootloader\b)",
        strength="strong", example="- run make menuconfig - pick 176x, 1768, and USB option. Uncheck bootloader box. "),
) + group(
    "prose: the image was put on the board's SD card for its bootloader",
    Msg("said_sd_copied",
        # (review s21) not a copy said to have worked ("... as firmware.bin and it works", "it flashed fine")
        r"(?i)^" + _NOT_HOST_CARD + r"(?![^\n]{0,400}?\b(?:works?|worked|fine|successfully)\b)[^\n]{0,400}?\b(?:copy|copied|copying|put|putting|place|placed|transferr?\w*|drag\w*|mov(?:e|ed|ing)|sav(?:e|ed|ing)|wr[io]te|writing|load(?:ed|ing)?|install(?:ed|ing)?)\b(?:[^.!?\n]|\.(?=\w)){0,60}?\b(?:to|on|onto)\s+(?:the\s+)?"
        r"(?:board'?s\s+|printer'?s\s+|mainboard'?s\s+|controller'?s\s+|its\s+|an?\s+|my\s+)?(?:micro ?)?sd[- ]?cards?\b",
        strength="weak", example="- make, and copy out/klipper.bin to PC. Rename to firmware.bin, and copy to board's SD card. "),
)

# (kbd-dev s22 review) an nRF52 board whose UF2 bootloader reports "SoftDevice: not found" is healthy when it runs a build made
# for no SoftDevice (ZMK's nrf52840-nosd snippet, RMK/MicroPython/SliceMK builds linked at 0x1000) or when its firmware is said
# to run: FW001's missing-SoftDevice cause then stays quiet
_NOSD_BUILD = r"(?i)(?:[\w-]nosd\b|\bnosd\b|\bno[- ]?softdevice\b|\bwithout (?:a |the )?softdevice\b|\b0x0{0,3}1000\b)"
_FW_RUNS = (r"(?i)^(?![^\n]{0,400}?\?)(?:(?!\b(?:not|never|if|when|unless|until)\b|n't\b)(?:[^\n.!?]|\.(?=\w))){0,80}?"
            r"\b(?:firmware|it|keys|keyboard|\w+ v?\d[\w.]*|rmk|zmk|micropython|circuitpython|sketch)\s+(?:runs?|works?|boots?)\s+"
            r"(?:fine|ok(?:ay)?|well|great|perfectly|normally|over usb|via usb|wired)\b")
MESSAGES = MESSAGES + group(
    "prose: a build for a board without SoftDevice, or the firmware said to run",
    Msg("said_nosd_build", _NOSD_BUILD, strength="weak", example="west build -b nice_nano_v2 -S nrf52840-nosd"),
    Msg("said_firmware_runs", _FW_RUNS, strength="weak", example="MicroPython v1.22 runs fine."),
)

# (firmware-sd-rp s21) the USB name of the SAM3/SAM4 ROM's SAM-BA monitor said in prose ("ls /dev/serial/by-id returns
# usb-03eb_6124-if00", Klipper#3990 on a Duet 2 WiFi after a verified bossac write): the chip still starts its ROM
MESSAGES = MESSAGES + group(
    "prose: the SAM-BA ROM monitor's USB name (03eb:6124) is what the host sees",
    # strong, so a sentence after a tool's output starts its own block; never the listings their own parsers read (lsusb's
    # "Bus 001 Device 020: ID 03eb:6124", ls's /dev/serial/by-id/... and lrwxrwxrwx rows, the kernel's idVendor lines; a bare
    # `ls` row "usb-03eb_6124-if00" is kept: it is a sighting). (review s21) never the flash command naming the port it flashes
    # through (bossac, -p/--port, FLASH_DEVICE=, make flash's "Flashing ... to"); BOOT009 counts only sightings after the run
    Msg("said_samba_name",
        r"(?i)^(?!\s*(?:/dev/|lrwx|Bus \d|\[\s*\d+\.\d+\]|usb \d|ID \w{4}:))(?![^\n]*(?:\bidVendor\b|\bbossac\b|\bFLASH_DEVICE\b|(?<!\w)(?:-p|--port)\b|\bFlashing\b))"
        r"[^\n]{0,400}?(?:\busb-03eb_6124\b|\b03eb:6124\b)",
        strength="strong", example="ls /dev/serial/by-id returns usb-03eb_6124-if00"),
)

# (swd-can s22) the answer to SWD002/SWD004's own ask ("Did this probe ever connect to this board?") said in prose: the board was
# programmed once through the debug probe and every later attempt fails ("After flashing the board once (through CubeIDE with
# ST-Link v2) I cannot flash it again", qa-community.st.com 122151; "I was able to program it the first time using the
# STM32Programmer but on all successive attempts it fails", community.arm.com 54111). The firmware that first write put on the
# chip now runs and sleeps or takes PA13/PA14 (fault-signals F3: the first flash worked, later ones fail). One sentence with a
# debug-probe or target word, a once/first-time write and a failure after it; not a question, not a try that was undone
# (review s22) no bare "target" (avrdude's and esptool's word too); the failure is a connect/flash verb, not any symptom after a
# flash ("the LED doesn't blink"); never an AVR/ESP/Arduino/bootloader story, a question, condition or advice (_STATED), "not that
# it flashed once", or a story the line resolves ("Connect under reset fixed it")
_SWD_WORD = (r"(?:st-?link|stlink|swd|serial wire|j-?link|cube ?ide|cube ?programmer|stm32 ?(?:cube ?)?programmer|st-link utility|keil|"
             r"uvision|openocd|pyocd|probe-rs|debugger|daplink|cmsis-dap|pa13|pa14)")
_ONCE_WRITE = (r"(?:\b(?:after|since)\s+(?:flashing|programming|uploading|writing|downloading|loading)\b" + _SENT + r"{0,60}?\b(?:once|(?:the |a )?first time|one time)\b"
               r"|\b(?:was able to|were able to|could|managed to)\s+(?:successfully\s+)?(?:program|flash|upload|write|download|load)\w*\b" + _SENT + r"{0,60}?\b(?:once|(?:the )?first time|one time)\b"
               r"|\b(?:the\s+)?first\s+(?:flash|upload|programming|download|write)\s+(?:worked|went (?:fine|ok|well)|was (?:fine|ok|successful)|succeeded)\b"
               r"|\b(?:flashed|programmed|uploaded|worked)\s+(?:fine\s+|ok\s+)?(?:only\s+)?once\b)")
_LATER_FAILS = (r"\b(?:(?:can(?:no|')t|cannot|unable to|not able to|could(?:n'?t| not)|won'?t|will not|no longer|fails? to|failed to|failing to)\s+(?:\w+\s+){0,2}?"
                r"(?:connect|flash|program|find|detect|reach|attach|download|upload|write|erase)\w*"
                r"|(?:attempts?|tries|flash(?:es|ing)?|programming|uploads?|connections?)\s+(?:\w+\s+){0,2}?fail\w*"
                r"|(?:no|not) (?:target|device) (?:found|detected|connected)|(?:target|device|st-?link|probe|mcu|chip)\s+(?:is\s+|was\s+)?not (?:found|detected|recogni[sz]ed))\b")
MESSAGES = MESSAGES + group(
    "prose: the debug probe programmed the board once, every later connect fails",
    Msg("said_swd_worked_once",
        _STATED + r"(?![^\n]{0,400}?\b(?:how (?:do|to|can)|erased? (?:it|the chip)|mass erase|full chip erase)\b)"
        r"(?![^\n]{0,400}?\b(?:not that|not even|never (?:worked|connected|flashed)|fixed|solved|resolved|works now|working now|now (?:it )?works"
        r"|avrdude|esptool|usbasp|arduino|stk500|esp32|esp8266|bootloader)\b)"
        r"(?=[^\n]{0,400}?\b" + _SWD_WORD + r"\b)[^\n]{0,300}?" + _ONCE_WRITE + r"[^\n]{0,300}?" + _LATER_FAILS,
        strength="strong",
        example="I was able to program it the first time using the STM32Programmer but on all successive attempts it fails saying it can't find the target device."),
)

# (swd s24) SWD004's cause said in prose: the firmware on the chip put it into a low-power mode, or turned the debug port off /
# took PA13-PA14 (SWDIO/SWCLK) as GPIO ("the board bricked because I put it in to standby mode": ST community 506603, F0
# Discovery, recovered with ST-LINK Utility's Connect Under Reset; "I accidentally configured PA13 and PA14 as GPIO outputs").
# The rule (SWD004) takes it beside a debug-probe run that failed in the same text (not one that found no probe at all), or in a
# line that names the probe and a failure ("can't", "unable", "failed", "no target", "bricked", "连不上") and no healthy end.
# Not asked, advised or a condition (_STATED, "if", "you need to", a rule of thumb: "usually when ... the firmware disabled SWD"),
# no negation before the verb ("does not use any low power mode", "I never put it into standby", "程序没有进入待机模式",
# "不使用低功耗模式"), not an ESP's deep sleep (esptool) or an AVR, not the host computer going to sleep; (swd review s24) not a
# healthy or solved story ("which is what I want", "wakes on the RTC as expected", "fixed it and it works now", "as planned",
# "the ST-Link stays connected while ...", "how to put it into standby")
_SWD_SLEEP_CAUSE = (
    r"\b(?:put|putting|puts|sent|send|sends|sending|set|sets|setting|enter\w*|go(?:es|ing)?|went|gone|fall(?:s|ing)?|fell|drop(?:s|ped|ping)?)\s+"
    # (wrappers s24w2) an adverb before the place ("after bootup the MCU goes directly into standby mode", ST community 208670)
    r"(?:(?:directly|straight|right|immediately|instantly|automatically)\s+)?"
    r"(?:(?:it|the\s+(?:chip|mcu|board|micro(?:controller)?|device|processor|cpu|core|stm32\w*)|my\s+\w+)\s+)?(?:(?:in|into|in\s+to|to)\s+)?(?:an?\s+|the\s+)?"
    r"(?:(?:standby|stand-by|deep[- ]?sleep|sleep|low[- ]?power)(?:[- ]?mode)?|(?:stop(?: ?[0-3])?|shutdown|power[- ]?down)[- ]?mode)\b"
    # (wrappers review s24w2) not a person going on to measure it ("went straight into low power mode measurements")
    r"(?!(?:[- ]?mode)?[- ]?(?:measur\w*|current|consumption|tests?|testing)\b)"
    r"|\b(?:disabl\w*|turn\w*\s+off|switch\w*\s+off|deactivat\w*)\s+(?:the\s+)?(?:swd|serial[- ]wire(?:\s+debug)?|debug(?:ging)?(?:\s+(?:pins?|port|interface))?|jtag(?:/swd)?)\b"
    r"|\b(?:PA13|PA14|SWDIO|SWCLK)\b[^.!?\n]{0,40}?\b(?:as|to|into)\s+(?:an?\s+|normal\s+|general\s+)?(?:gpio|outputs?|inputs?|analog|i/?o)\b"
    r"|(?:进入|进了|设置成|设置为|配置成|配置为)?(?:待机|停机|睡眠|低功耗)模式")
_SWD_SLEEP_NEGATED = (r"(?![^\n]{0,400}?(?:\b(?:not|never|no|without)\b|n't\b)\W+(?:\w+\W+){0,3}?"
                      r"(?:put|puts|putting|enter\w*|go(?:es)?|went|us(?:e|es|ed|ing)|sleep\w*|standby|stop|low[- ]?power|disabl\w*|turn\w*|switch\w*"
                      r"|configur\w*|set|sets|setting)\b)"
                      r"(?![^\n]{0,400}?(?:没有|没|未|不|从不|从没|并未|并没有)(?:使用|用|进入|进|设置|设置成|配置|配置成|开启|启用|打开)?(?:了|过)?(?:任何)?(?:的)?"
                      r"(?:待机|停机|睡眠|低功耗))"
                      r"(?![^\n]{0,400}?\b(?:fixed|solved|resolved|works? (?:now|again|fine|as expected)|working (?:now|again)|now (?:it )?works"
                      r"|as expected|as planned|as intended|what i want(?:ed)?|i (?:just )?want to know"
                      r"|how (?:do (?:i|you|we) |to |can (?:i|you|we) )(?:put|set|make|send|enter|use|configure|get)|stays? connected)\b)")
# (swd s24) SWD001 said in prose: the debug probe (or the board its probe sits on, in a line naming the probe) is not seen by
# the host ("Updating [the ST-Link firmware] failed and the board is no longer recognized as a USB device": ST community 652653,
# a NUCLEO-F429ZI in a VirtualBox VM, back on another USB port; "My ST-Link V2 is not detected by my PC"). A host-side object
# names where it is missing (as a USB device, by the PC/Windows, in Device Manager, in lsusb); not the target said not found,
# not asked, advised or a condition, not a story that ends found ("until I installed the driver", "works now")
_PROBE_WORD = r"(?:st-?link(?:/?v[23](?:-1)?)?|stlink|j-?link|daplink|cmsis-dap|debug(?:ging)? probe|debugger|black ?magic probe|pico ?probe|debugprobe)"
# (swd review s24) the host as the object ("not detected by my PC"; not "by the PC software", a program), the probe as the
# subject of "does not show up / appear in" a host listing, the host as the subject ("Windows doesn't recognize my ST-Link",
# "lsusb does not list the ST-Link"), and German "wird vom PC nicht erkannt"
_HOST_OBJ = (r"(?:pc|computer|laptop|windows|host|os|mac|linux|ubuntu|device manager|usb(?:\s+bus)?|system|lsusb)\b"
             r"(?!\s+(?:software|tool|utility|program|application|app)\b)")
_HOST_SEES_NOT = (r"(?:\b(?:no longer|not|never|isn'?t|wasn'?t|aren'?t|weren'?t|cannot be|can'?t be|could(?:n'?t| not) be|won'?t be|is not|was not|are not)\s+"
                  r"(?:\w+\s+){0,2}?(?:recogni[sz]ed|detected|seen|enumerated|listed|showing up|shown|visible|found)\s+"
                  r"(?:(?:as|like)\s+an?\s+usb\s+device|(?:by|on|in|from)\s+(?:the\s+|my\s+|any\s+)?" + _HOST_OBJ + r")"
                  r"|\b" + _PROBE_WORD + r"\b[^.!?\n]{0,30}?\b(?:does(?:n'?t| not)|did(?:n'?t| not)|won'?t|never|no longer)\s+"
                  r"(?:show(?:s|ing)?\s+up|show|appear|enumerate|get (?:recogni[sz]ed|detected|listed))\s+(?:(?:in|on|under|by)\s+)(?:the\s+|my\s+|any\s+)?" + _HOST_OBJ +
                  r"|\b(?:windows|device manager|lsusb|dmesg|(?:my|the)\s+(?:pc|computer|laptop|mac|host)|pc|computer|laptop|ubuntu|linux|macos)\s+"
                  r"(?:still\s+|just\s+|simply\s+)?(?:does(?:n'?t| not)|did(?:n'?t| not)|won'?t|can(?:no|')t|could(?:n'?t| not)|never|no longer)\s+"
                  r"(?:recogni[sz]e|detect|see|list|show|find|enumerate)\w*\s+(?:(?!target|chip|mcu|board|device)\w+\s+){0,3}?" + _PROBE_WORD + r"\b"
                  r"|\b" + _PROBE_WORD + r"\b[^.!?\n]{0,40}?\bwird\s+(?:(?:vom|von\s+\w+|im|unter)\s+\S+\s+)?(?:gar\s+)?nicht\s+(?:mehr\s+)?"
                  r"(?:erkannt|gefunden|angezeigt)\b)")
MESSAGES = MESSAGES + group(
    "prose: the firmware sleeps or took the SWD pins; the debug probe is not seen by the host",
    Msg("said_swd_firmware_sleeps",
        _STATED + _SWD_SLEEP_NEGATED +
        r"(?![^\n]{0,400}?\b(?:if|unless|in case|you (?:need|have to|must|should|can|may|could)|usually|typically|generally|in general|often"
        r"|normally|commonly|probably|perhaps|maybe|might|esp32\w*|esp8266|esptool|esp_deep_sleep\w*|avr|atmega\w*|attiny\w*|arduino (?:uno|nano|mega))\b)"
        r"(?![^\n]{0,400}?\b(?:pc|computer|laptop|notebook|windows|host|mac|monitor|screen)\b[^.!?\n]{0,20}?\b(?:sleep|standby|hibernat))"
        r"[^\n]{0,300}?(?:" + _SWD_SLEEP_CAUSE + r")",
        strength="strong", example="Edit: It is worth noting that the board bricked because I put it in to standby mode."),
    Msg("said_probe_not_seen",
        _STATED + r"(?=[^\n]{0,400}?\b" + _PROBE_WORD + r"\b)"
        r"(?![^\n]{0,400}?\b(?:until|unless|only (?:after|when|with)|except|works? (?:now|fine|again)|now works|working again"
        r"|recogni[sz]ed (?:now|again)|fixed|solved|after install\w*|bis|jetzt|funktioniert)\b)"
        # (swd review s24) a line that ends found: "after installing STSW-LINK009 it shows up", "but it shows in Device Manager as
        # STM32 STLink", "I swapped the cable and now everything is fine"
        r"(?![^\n]{0,400}?\b(?:it|and|but|now|then|which)\s+(?:now\s+|then\s+)?(?:shows?|showed|appears?|appeared)\s+(?:up|in|as|on)\b)"
        r"(?![^\n]{0,400}?\bnow\s+(?:everything|it|all)\b[^\n]{0,30}?\b(?:fine|works?|ok|okay|good)\b)"
        r"(?![^\n]{0,400}?\b(?:target|chip|mcu|microcontroller|stm32\w*|device id|core)\s+(?:is\s+|was\s+)?(?:still\s+)?(?:not|never|no longer)\s+"
        r"(?:\w+\s+){0,2}?(?:recogni[sz]ed|detected|found|seen))"
        r"[^\n]{0,400}?" + _HOST_SEES_NOT,
        strength="strong", example="My ST-Link V2 is not detected by my PC at all."),
)

# (wrappers s24w2) SWD008 said in prose: another debug probe of the same kind cured it, so the first one was faulty ("SOLVED ->
# replaced the ST LINK debugger with another. Problem solved.", ST community 362912: an L053 that no ST-LINK Utility mode reached,
# on two boards; "tried another ST-Link and it connects right away"). The probe named (ST-Link, J-Link, DAPLink, CMSIS-DAP, a
# debugger), replaced by or tried against another one, and the text says it then worked; not asked, advised or a condition,
# not a swap that did not help ("same result", "still", "neither"), not the board or the cable swapped, not an AVR programmer
_SWD_PROBE = r"(?:st[- ]?link(?:[/ ]?v[23](?:-1)?)?|j-?link|daplink|cmsis-dap|debug(?:ging)? probe|debugger|black ?magic probe|pico ?probe)"
_ANOTHER = r"(?:an?other|a (?:new|different|second|genuine|original|real|spare)|the (?:other|new|original|genuine|second|spare))"
_NOT_SAME = (r"(?![^\n]{0,400}?\b(?:did ?n[o']t help|does ?n[o']t help|no (?:change|difference|luck)|same (?:result|error|problem|issue|thing)|still"
             r"|neither|either|also fail\w*|fails? too|usbasp|avrdude|avr|atmega\w*|arduino (?:uno|nano|mega)"
             # (wrappers review s24w2) a driver or firmware did it, or the story names another cause ("needed the driver installed",
             # "only after installing the STSW-LINK009 driver", "the real problem was a broken SWDIO wire")
             r"|drivers?|firmware|only after|turned out|(?:the )?(?:real |actual )?(?:problem|issue|cause|culprit) (?:was|is)"
             r"|(?:the )?(?:first|old|original) (?:one|probe|debugger|st-?link|j-?link)\b[^\n]{0,20}?\bworks?)\b)")
MESSAGES = MESSAGES + group(
    "prose: another debug probe cured it (the first probe faulty, SWD008)",
    Msg("said_other_probe_fixed",
        _STATED + _NOT_SAME + r"(?!\s*(?:if|when|unless)\b)"
        r"[^\n]{0,300}?(?:\b(?:replac\w*|swap\w*|switch\w*|chang\w*|exchang\w*)\s+(?:the\s+|my\s+|our\s+|this\s+)?" + _SWD_PROBE
        + r"(?:\s+(?:debugger|programmer|probe|dongle|clone))?\s+(?:with|for|to|by)\s+" + _ANOTHER + r"\b"
        r"|\b(?:with|using|tried|try(?:ing)?|on)\s+" + _ANOTHER + r"\s+(?:\w+\s+)?" + _SWD_PROBE + r"\b)"
        # (wrappers review s24w2) the probe itself, not its cable, firmware or driver, nor another board tried with it ("a different
        # ST-Link cable", "another ST-Link on a different board", "the new board works", "works on the Nucleo but not on my board")
        r"(?:(?!\b(?:cables?|wires?|leads?|boards?|targets?|mcus?|chips?|nucleo|discovery|firmware|drivers?|not|but)\b)[^\n]){0,80}?"
        r"\b(?:solved|fixed|resolved|works?|worked|working|connects?|connected|flash(?:es|ed) fine|no problems?)\b"
        r"(?![^\n]{0,60}?\b(?:on|with) (?:the|a|my|another|other|this) (?:\w+ )?(?:boards?|nucleo|targets?)\b)",
        strength="strong", example="SOLVED -> replaced the ST LINK debugger with another. Problem solved."),
)

# (swd-can s22) CAN002 said in prose: the can0 interface does not exist ("can0 does not show up", "there is no can0", OpenNept4une#298
# "es wird mir trotzdem kein can netzwerk angezeigt"): no adapter driver, or the bridge/adapter firmware is no CAN adapter. Not the
# bridge flashed over CAN (BOOT002's row above), not can0 said to be down (CAN001), not a question. `ifconfig` without -a leaves a
# DOWN interface out, so the entry asks for `ip -details link show can0` (via=ifconfig)
_NO_CAN0 = (r"\bcan0\b(?:\s+(?:interface|device|network|adapter))?\s+(?:(?:still|just|simply)\s+)?"
            r"(?:(?:does|did|do)(?:n'?t| not)|never|won'?t)\s+(?:show(?:s)? up|appear|exist|get(?:s)? created|show)\b"
            r"|\bcan0\b(?:\s+(?:interface|device|network))?\s+(?:is|was)\s+(?:still\s+)?(?:missing|absent|not (?:there|present|listed|found|shown|created|visible|showing))\b"
            r"|\b(?:there(?: is|'s| was)|i (?:have|get|see|got)|shows?|lists?|showed|listed)\s+no\s+can0\b"
            r"|\bno\s+can0\b(?:\s+(?:interface|device|network))?\s+(?:in|with|from|on|at all|shows?|appears?|exists?|found|listed)\b"
            r"|\b(?P<ifc>ifconfig|ip a(?:ddr)?|ip (?:-\w+ )*link(?: show)?)\b[^.!?\n]{0,30}?\b(?:does(?:n'?t| not)|did(?:n'?t| not))\s+(?:show|list|display)\s+(?:any\s+|the\s+)?can0?\b"
            r"|\bkein(?:e|en)?\s+can0?[- ]?(?:netzwerk|interface|schnittstelle|device|ger(?:ae|ä)t)\b"
            r"|\bcan0\b[^.!?\n]{0,40}?\b(?:nicht|nirgends)\s+(?:angezeigt|vorhanden|sichtbar|aufgelistet|gefunden|da)\b")
MESSAGES = MESSAGES + group(
    "prose: the can0 interface does not exist",
    Msg("said_no_can_interface",
        # (review s22) not asked, advised or a condition (_STATED), not "until/unless/if ...", "not that ...", a can0 said to be down,
        # a story that now works, nor a can0 missing from a config file or a USB printer without CAN
        _STATED + r"(?![^\n]{0,400}?\b(?:how (?:do|to|can)|bridge|disappear\w*|vanish\w*|gone)\b)"
        r"(?![^\n]{0,400}?(?:\b(?:until|till|unless|if|not that|down|now (?:it )?works|works now|(?:works?|working) fine|fine now|there now|printer\.cfg"
        r"|interfaces file|canbus_uuid|use usb|using usb|nur usb)\b|(?:über|ueber) usb\b))[^\n]{0,300}?(?:" + _NO_CAN0 + r")",
        strength="strong", example="I created /etc/network/interfaces.d/can0 but can0 does not show up in ip a."),
)

# (swd-can s22) the answer to CAN007's ask ("Does the same node flash through another adapter?") said in prose: the same bus works
# through another USB-CAN adapter, an older revision of it or a board's USB-to-CAN bridge ("when using U2C v1.1(STM32F072) -
# nothing on problem", bigtreetech/U2C#3; "CanBoot is not working (working with version 1.1 fine)", U2C#4; "I was able to use
# Octopus Pro can bridge without issue", Arksine/katapult#44). An adapter word in the line and a works-with phrase naming the
# other adapter or revision; not a question, not "does not work with"
_ADAPTER_WORD = (r"(?:u2c|usb[- ]?2[- ]?can|usb[- ]to[- ]can|usb[- ]can|can[- ]?(?:bus )?adapters?|canable|candle ?light|utoc|can[- ]?bridge|canboot|katapult"
                 r"|can0|can ?bus|(?-i:CAN))\b")
# (review s22) a bare revision ("with my U2C v2.1") counts as another adapter only where the line contrasts it with the failing one
_CONTRAST = r"(?=[^\n]{0,400}?\b(?:another|other|old(?:er)?|different|but|whereas|while|however|instead|when using|not working|isn'?t working|fails?|failing|failed)\b)"
_OTHER_VERSION = (r"(?:the\s+|my\s+|an?\s+|another\s+|a different\s+|the old(?:er)?\s+|other\s+)?"
                  r"(?:(?:u2c|adapter|board)\s*)?v(?:ersion)?\s?\d(?:\.\d)?\b")
_OTHER_ADAPTER = (r"(?:(?:another|a different|an?other|other|second|old(?:er)?)\s+(?:usb[- ]?can\s+|can\s+)?(?:adapter|dongle|u2c)\b"
                  r"|(?:the\s+|an?\s+|my\s+)?[\w-]+(?: [\w-]+)?\s+can[- ]?bridge\b)")
_WORKS = r"(?:works?|working|worked|flash(?:es|ed)?|fine|(?:no|nothing(?: on| of| wrong)?) (?:problems?|issues?)|without (?:any )?(?:issues?|problems?))"


def _works_with(other: str) -> str:
    return (r"[^\n]{0,300}?(?:\b" + _WORKS + r"\b[^.!?\n]{0,40}?\b(?:with|using|through|on|via)\s+" + other +
            r"|\b(?:with|using|through|on|via|when using)\s+" + other + r"[^.!?\n]{0,50}?\b" + _WORKS + r"\b"
            r"|\b(?:was able to|could|can)\s+use\s+" + other + r"[^.!?\n]{0,30}?\bwithout (?:any )?(?:issues?|problems?)\b)")


MESSAGES = MESSAGES + group(
    "prose: the same CAN bus works through another adapter (or another revision of it)",
    Msg("said_other_adapter_works",
        _STATED + r"(?![^\n]{0,400}?\b(?:how (?:do|to|can)|(?:does|did|do)(?:n'?t| not) work (?:with|on|through)|neither|nor)\b)"
        r"(?=[^\n]{0,400}?\b" + _ADAPTER_WORD + r")(?:" + _CONTRAST + _works_with(r"(?:" + _OTHER_ADAPTER + r"|" + _OTHER_VERSION + r")")
        + r"|" + _works_with(_OTHER_ADAPTER) + r")",
        strength="strong", example="I waste 4 days to get 'not' running your usb-2-can adapter. CanBoot is not working (working with version 1.1 fine)."),
)

# (swd-can s22) klippy.log's bytes_invalid said in prose ("it's found bytes_retransmit=20 and bytes_invalid=10~90 on klippy.log",
# bigtreetech/U2C#3 on a U2C v2.1): Klipper's CANBUS_Troubleshooting.md reads a CAN MCU's growing bytes_invalid as reordered
# messages from the host's CAN software (the adapter's firmware, gs_usb, an old USB-to-CAN bridge), the Stats-line form of
# CAN007 (derived.can_bytes_invalid) said instead of pasted. A non-zero count or a rising word, with CAN or klippy in the line
MESSAGES = MESSAGES + group(
    "prose: klippy.log's bytes_invalid counts on a CAN MCU",
    Msg("said_bytes_invalid",
        _STATED + r"(?![^\n]{0,400}?\b(?:how (?:do|to|can)|stays? (?:at )?0|is 0|are 0|zero)\b)"
        r"(?=[^\n]{0,400}?\b(?:can0|can ?bus|canbus|u2c|ebb\d*|klippy(?:\.log)?|toolhead|candle ?light|(?-i:CAN))\b)"
        r"[^\n]{0,300}?\bbytes_invalid\b(?:\s*[=:]\s*[1-9]|[^.!?\n]{0,30}?\b(?:increas\w*|increment\w*|ris\w*|grow\w*|climb\w*|goes up|going up|keeps? (?:going|counting)))",
        strength="strong", example="but it's found bytes_retransmit=20 and bytes_invalid=10~90 on klippy.log a lots of lines over 1,000 lines."),
)

# (swd-can s22) CAN006 said in prose: the host's CAN transmit queue is (or was) below 128 frames ("can0 is configured with
# txqueuelen 10 (the default)"), or raising it was the fix ("After adding txqueuelen 128 the Timer too close errors are gone",
# the resolution of Klipper#2892 and redrathnure/armbian-mkspi#34's form). A queue word with a number under 128, or a queue word
# and a fix word in one line; not a question, not a list of tries
_TXQ = r"(?:txqueuelen|tx ?queue ?len(?:gth)?|transmitqueuelength|qlen|tx queue|transmit queue)"
_TXQ_SMALL = r"(?:\s*(?:is|was|of|=|:|at|set to|only|just|still|stays? at|stuck at)){0,3}\s*(?:only\s+)?(?:[1-9]|[1-9]\d|1[01]\d|12[0-7])\b(?![.,]?\d|\s*(?:k|ms|%|kb|bytes|frames? per))"
_TXQ_FIX = (r"(?:(?:solved|fixed|resolved|cured) (?:the |my |this |that |our )?(?:problem|issue|it|errors?)|(?:errors?|problems?|issues?|disconnects?|timer too close)\s+(?:are |is |were |was )?(?:gone|went away|disappeared|stopped)"
            # (review s22) "the issue was" only with the queue named right after it ("the issue was the cable termination" is not)
            r"|the (?:problem|issue|culprit) was\b(?=[^.!?,;\n]{0,40}?\b" + _TXQ + r")|was the (?:problem|issue|culprit|cause)|no more (?:errors?|disconnects?|timer too close))")
MESSAGES = MESSAGES + group(
    "prose: the host's CAN transmit queue is too small (or raising it fixed it)",
    Msg("said_small_txqueuelen",
        # never the rows the tools print or read (ip link's "3: can0: <...> ... qdisc ... qlen 10", ifconfig's "txqueuelen 10
        # (UNSPEC)", an ifupdown or systemd-networkd line): those are ip_link's, ifconfig's and can_config's
        r"(?i)^(?!\s*\d+:\s)(?!\s*(?:up|iface|pre-up|post-up)\s)(?![^\n]*(?:\bqdisc\b|\bmtu \d|link/can|\(UNSPEC\)|TransmitQueueLength\s*=))"
        # (review s22) asked, advised or a condition (_STATED); not a cause ruled out ("was not the problem"), advice ("set it to 128"),
        # nor a link that works with it
        + _STATED[len("(?i)^"):] + r"(?![^\n]{0,400}?\b(?:how (?:do|to|can)|tried|trying|did ?n[o']t (?:help|change|fix)|does ?n[o']t help|no (?:change|difference))\b)"
        r"(?![^\n]{0,400}?(?:\b(?:was|is|were)(?: not|n'?t) the (?:problem|cause|issue|culprit)|\bnot the (?:problem|cause|issue|culprit)\b|\bset it to\b|\bshould\b"
        r"|\b(?:works?|worked|working|runs?|running|ran)\s+(?:\w+\s+)?(?:fine|without|flawless\w*|perfect\w*)\b))"
        r"(?=[^\n]{0,400}?\b(?:can0|can[- ]?bus|canbus|(?-i:CAN)|klipper|ebb\d*|toolhead)\b)"
        r"[^\n]{0,300}?(?:\b" + _TXQ + r"\b" + _TXQ_SMALL + r"|\b" + _TXQ + r"\b[^\n]{0,120}?\b" + _TXQ_FIX + r"|\b" + _TXQ_FIX + r"[^\n]{0,120}?\b" + _TXQ + r"\b)",
        strength="strong", example="can0 is configured with txqueuelen 10 (the default), my EBB36 disconnects with Timer too close during prints"),
)

# (swd-can s22) an STM32 part said in prose ("the AFC-Lite (STM32H723 board)", Arksine/katapult#155; "Octopus Pro H723"): KAT001
# reads it beside a Katapult run that failed at SEND_BLOCK and names no chip itself (a trimmed paste without "MCU type:").
# Weak: only a sentence no tool's parser claims; the part's letters as STM32 names them (H723 in capitals on its own)
_STM32_PART_RE = r"(?i:(?<![\w/.-])(?P<part>stm32[a-z]{1,2}\d[0-9a-z]{2}\w*)(?![\w-]))|(?<![\w/.-])(?P<bare>H7[23]3)(?![\w-])"
_STM32_PART = re.compile(_STM32_PART_RE)
# (review) only in a sentence: five words or more, the part right after a word of prose ("the", "an", "board", "is", "with"... and
# up to three words, "(" allowed), never a tool's key-value row ("MCU type: stm32f103xe", "Device name : STM32F405xx",
# "SYSTEM: STM32F103RCT6") nor a path or option (--target=stm32f103re): those lines belong to their tools' blocks
# (review s22) not asked or advised (_STATED), no negation in its sentence ("It is not the H723 board, it's my Manta M8P"), and no
# chip erase already done on the line (KAT001's own cure), nor a line naming a CAN bridge or toolhead (the part is the bridge's);
# never a tool's log line (a pyOCD "0000673 I Target type is stm32l073rz [board]", a time stamp, an Info/Error tag)
# (s22) nor a "#" comment line: a config's comments, such as the header of Klipper's example printer.cfg ('# low-level configuration
# options", select the STM32F446 micro-controller,'), which printer_cfg reads (header_mcus) and FW002/FW003 compare with the build
_PROSE_PART = (r"(?i)^(?!\s*#)(?=(?:\S+\s+){4}\S)(?![^\n]*(?:--\w|\w=|[\\/][\w.-]+[\\/]|\bDetected Klipper\b))(?!\s*(?:\d{3,}\s+[A-Z]\s|\[?\d{4}-\d\d-\d\d|\[?\d\d:\d\d:\d\d|(?:info|warn(?:ing)?|error|debug)\s*:))(?![^\n]*\[\w+\]\s*$)(?![^\n]{0,400}?\b(?:erased?|erasing|mass[- ]erase|bridge|toolhead)\b)"
               + _STATED[len("(?i)^"):] + r"(?![^.!?\n]{0,400}?(?:\bnot\b|n't\b|\bnever\b))"
               r"[^\n]{0,300}?\b(?:board|chip|mcu|micro-?controller|processor|it'?s|is|are|uses?|using|with|based on|my|an?|the|has|have|running|flashing)"
               r"\s+(?:[\w-]+\s+){0,3}\(?(?:(?<![\w/.-])stm32[a-z]{1,2}\d[0-9a-z]{2}\w*(?![\w-])|(?<![\w/.-])(?-i:H7[23]3)(?![\w-]))")
MESSAGES = MESSAGES + group(
    "prose: an STM32 part named",
    Msg("said_stm32_part", _PROSE_PART,
        strength="weak", example="We've been seeing this a fair bit of late, for flashing Klipper to the AFC-Lite (STM32H723 board) after successfully flashing Katapult."),
)

# (sd-rp s22; last in the table, so a line any row above reads keeps that reading) SD001 said as the board not taking the
# update from its card, in the words of vendor-board issues (BTT, MKS,
# Marlin forks): the flash verb negated with the card named after it ("The Marlin Firmware doesn't flash with sd card", BTT SKR-2
# #89; "The board does not update the firmware through the microSD slot (TF CARD)", MKS-Robin-E3-E3D #86; "I can't upgrade the
# MKS Robin Nano V1.2 from TF sd card slot", MKS-Robin-Nano-V1.X #103), the file name the bootloader refused ("Will not flash as
# Robin_nano35.bin", "After removing 35 from the file name it flashed", Klipper-for-MKS-Boards #36), and the issue template's two
# steps: the .bin put on the card, the board not flashing it (BTT SKR-mini-E3 #580). Not the host's card, not a card merely left
# inserted while flashing another way (an ESP32-CAM's slot)
_SD_FILE_CTX = (r"(?i)^(?=[^\n]{0,400}?(?:\b(?:sd|tf)\b|sd-?cards?|sdcard|micro-?sd|\bfirmware\w*\.bin\b|\brobin\w*|\bbootloader\b))"
                r"(?![^\n]{0,400}?(?:\.uf2\b|\besptool|\bmakefile\b))")
_SD_OTHER_TOOL = r"(?![^\n]{0,400}?(?:cube\s*prog\w*|st-?link|\bdfu\w*|openocd|esptool|avrdude|j-?link|picotool))"
_CARD = (r"(?!(?:micro[- ]?)?(?:sd|tf)(?:[- ]?sd)?(?:[- ]?cards?)?(?:[- ]?slots?)?\s+(?:still\s+)?(?:inserted|plugged|attached|connected|installed|mounted|present|in place|in)\b)"
         r"(?:(?:micro[- ]?)?(?:sd|tf)(?:[- ]?sd)?(?:[- ]?cards?)?(?:[- ]?slots?)?|sdcard)\b")
# (review s22) not asked (_S21_NOT_ASKED), advised (_S21_NOT_ADVICE) or a condition ("If the board doesn't flash from the SD card,
# reformat it"), not what a board supports or a person needs, has to or wants to do ("does not need to be flashed from the SD card, use
# DFU instead", "I will not update via SD card again"), not another way used ("I used STM32CubeProgrammer"), and not a failure that the
# line says the bootloader got past ("... but after formatting it took the firmware and renamed it to FIRMWARE.CUR")
_SD_NOT_TAKEN_SAID = (r"(?i)^" + _NOT_HOST_CARD + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?!\s*(?:if|when|whenever|unless|in case)\b)"
                      r"(?![^\n]{0,400}?[.!?]\s+(?:if|when|whenever|unless)\b)"
                      r"(?![^\n]{0,400}?(?:support\w*|\b(?:need\w*|(?:have|has|had) to|want\w*|instead|again|(?:I|we) used)\b))"
                      r"(?![^\n]{0,400}?(?<!n't )(?<!not )(?<!never )(?<!no )(?<!get )(?<!be )\b(?:took|renamed|works?|worked|\.cur)\b)")
MESSAGES = MESSAGES + group(
    "prose: the board's SD-card bootloader did not take the update (the flash verb negated, the card named; the file name refused)",
    Msg("said_sd_not_taken",
        _SD_NOT_TAKEN_SAID + r"[^\n]{0,300}?\b(?:(?:does|did|do|would|will|could|can)(?:n'?t| not)|won'?t|can'?t|cannot|never|unable to|not able to|impossible to|fails? to|failed to)"
        r"\s+(?:\w+\s+){0,5}?(?:flash|updat|upgrad|install|take|accept)\w*\b(?:[^.!?\n]|\.(?=\S)){0,60}?\b(?:from|with|via|through|using|off)\s+(?:the\s+|an?\s+|my\s+|its\s+)?(?:\w+\s+){0,2}?" + _CARD,
        strength="strong", example="The Marlin Firmware doesn't flash with sd card"),
    Msg("said_sd_not_taken",
        _SD_NOT_TAKEN_SAID + r"[^\n]{0,300}?\b(?:flash\w*|updat\w*|upgrad\w*)\s+(?:the\s+firmware\s+)?(?:from|via|with|through|using|by)\s+(?:the\s+|an?\s+)?" + _CARD
        + r"[^.!?\n]{0,20}?\b(?:(?:does|did)(?:n'?t| not) work|won'?t work|never works?|(?:is|was) not working)\b",
        strength="strong", example="Flashing from the SD card doesn't work, the file stays firmware.bin."),
    # (review s22) the two file-name rows: an SD/TF card, a firmware*.bin or Robin name or the bootloader in the line, and not
    # another tool's image or build (.uf2, esptool, a Makefile)
    Msg("said_sd_not_taken",
        _SD_FILE_CTX + r"[^\n]{0,300}?\b(?:won'?t|will not|wouldn'?t|would not|doesn'?t|does not|didn'?t|did not|never)\s+(?:flash|update|install|load)\w*\s+(?:as|when named|named|when (?:it'?s|it is) named)\s+[\w\-]+\.bin\b",
        strength="strong", example="Will not flash as Robin_nano35.bin Will flash as Robin_nano.bin"),
    Msg("said_sd_not_taken",
        _SD_FILE_CTX + r"[^\n]{0,300}?\b(?:after|once|when)\s+(?:i\s+)?(?:renam|remov|chang|delet|shorten)\w*\b[^.!?\n]{0,40}?\b(?:file\s*name|name of the (?:bin )?file|filename)\b[^.!?\n]{0,20}?"
        r"\b(?:it\s+|the (?:board|printer)\s+)?(?:flashed|updated|took it|worked)\b",
        strength="strong", example="After I changed the file name on the SD card it flashed."),
    # (review s22) not a step that the same line says worked ("copied firmware.bin to the SD card and flashed it, works")
    Msg("said_bin_on_card",
        r"(?i)^" + _NOT_HOST_CARD + r"(?![^\n]{0,400}?(?<!n't )(?<!not )(?<!never )\b(?:flashed|works?|worked|took it|renamed|\.cur)\b)[^\n]{0,200}?\b(?:cop(?:y|ied|ying)|mov(?:e|ed|ing)|put|plac(?:e|ed)|transferr?(?:ed)?|sav(?:e|ed)|drag(?:ged)?)\s+(?:the\s+|a\s+|my\s+|new\s+)?"
        r"(?:[\"']?[\w\-]+\.bin[\"']?|firmware(?: file)?|bin file)\s+(?:file\s+)?(?:to|on|onto|into)\s+(?:the\s+|an?\s+|my\s+)?(?:\w+\s+){0,3}?" + _CARD,
        strength="strong", example="2. moved firmware.bin to empty sd card that came with board"),
    # (review s22) not another tool's failure ("The old STM32CubeProgrammer doesn't flash anything"); the board's not flashing also said
    # as a bare "It did not flash.", the old firmware still booting, or the firmware not updated
    Msg("said_sd_not_flashed",
        r"(?i)^" + _SD_OTHER_TOOL + r"[^\n]{0,300}?\b(?:(?:does|did|do|would|will)(?:n'?t| not)|won'?t|never)\s+flash\w*\s+(?:anything|it|the (?:new )?(?:firmware|file|bin)|at all)\b",
        strength="strong", example="nothing. printer boots up marlin bugfix 2.0 and doesn't flash anything."),
    # (review s22) weak, so that another tool's prose row keeps a line it claims ("Firmware doesn't flash." after a UF2 copy); the bare
    # "It did not flash." only as a line of its own (a claimed prose line ends another parser's block: "... ufl will not flash")
    Msg("said_sd_not_flashed",
        r"(?i)^(?:\s*it\s+(?:(?:does|did|would|will)(?:n'?t| not)|won'?t|never)\s+flash\s*[.!]?\s*$|" + _SD_OTHER_TOOL + r"(?![^\n]{0,400}?(?:\.?uf[l2]\b|rpi-?rp2|bootsel))[^\n]{0,300}?(?:"
        r"\bstill\s+(?:boots?|booted|booting|runs?|ran|running|shows?|showed|starts?|started)\s+(?:up\s+)?(?:with\s+|into\s+)?(?:the\s+|my\s+)?(?:old|previous|stock|same|original)\s+(?:firmware|version|marlin)\b"
        r"|\b(?:firmware|board|printer|it)\s+(?:was|is|did|does|has|had)(?:n'?t| not| never)\s+(?:been\s+|get\s+|got\s+)?(?:updated|upgraded|flashed|changed)\b))",
        strength="weak", example="Nothing happens, it still boots the old firmware."),
)


# (boot s23) BOOT004 said without the power event: after the flash the board "remains in DFU mode", "is still in DFU", "stays
# in DFU mode" (a BTT Octopus Max EZ after writing Katapult over DFU, Octopus-Max-EZ#24: "It remains in DFU mode and there is
# no by-id device"; the guides: take it out of DFU by removing the jumper and resetting), and the same in Chinese ("连接usb依旧
# 是usb DFU下载模式": still in USB DFU download mode after flashing, QDrive-Hardware#1: BOOT0 held by the CAN pin) and German
# ("bleibt im DFU-Modus"). Not entering DFU on purpose or for the flash ("stays in DFU until", "so I can flash", "while",
# "long enough", "for a second"), not a question or advice, not a negation before the stay ("doesn't stay in DFU")
_DFU_REMAINS_NOT = (
    r"(?!\s*(?:when|whenever|once)\b)(?![^\n]{0,400}?\b(?:if|until|till|so (?:that )?(?:I|we|you) can|in order to|to flash|for flashing|while"
    r"|long enough|for (?:a|one|\d+) (?:second|sec|moment)|on purpose|when I (?:press|hold|push)|no longer|any ?more"
    r"|solved|fixed|resolved|works? (?:now|fine)|now (?:it )?works|runs?\b[^.!?\n]{0,40}?\bfine|it worked|success\w*"
    r"|(?:have|has|had)(?:n'?t| not) (?:yet )?(?:been )?flashed|not (?:yet )?flashed|before (?:flashing|I flash|the flash)"
    r"|expected|intended|what I want|normal|(?:you|we|I) (?:need|have|must) to|you must|(?:flash\w*|download|upload\w*|write) (?:failed|errored)|failed with"
    r"|particle|photon|electron|argon|boron|esp32\w*|esp8266|esptool|keyboards?|qmk|16u2|8u2|atmega\w*|flip|nrf52\w*|teensy|rp2040|pico)\b)")
MESSAGES = MESSAGES + group(
    "prose: after the flash the board remains in its ROM DFU mode",
    # (fix-boot s23 review) not a condition ("If it stays in DFU mode after flashing, remove ..."), not "no longer", not a
    # story that ends solved ("..., now it runs Klipper fine. Solved."), not before any flash ("since I have not flashed yet"),
    # not on purpose ("which is what I want", "expected"), not a failed flash that left it there ("because the flash failed"),
    # not the guide's "you need to"; and not another board whose DFU mode is no BOOT0 (Particle, ESP32, a QMK keyboard, a 16U2)
    Msg("said_dfu_remains",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _DFU_REMAINS_NOT
        + r"[^\n]{0,400}?(?<!n't )(?<!not )(?<!never )\b(?:remains?|remained|stays?|stayed|is still|was still|keeps? being)\s+(?:in|at)\s+(?:the\s+)?(?:STM32\s+|ROM\s+|usb\s+)?(?:DFU|df11)\b",
        strength="strong", example="It remains in DFU mode and there is no by-id device."),
    # "stuck in DFU" says as often that DFU could not be left as that the person is stuck at that step ("stuck in DFU because
    # I can't find the driver"): only beside the flash that came before it
    Msg("said_dfu_remains",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _DFU_REMAINS_NOT
        + r"(?=[^\n]{0,400}?\b(?:after (?:the |a )?(?:flash\w*|upload\w*|writ\w*|programming)|(?:I |we )?(?:flashed|uploaded|wrote)\b))"
        r"[^\n]{0,400}?(?<!n't )(?<!not )(?<!never )\bstuck\s+in\s+(?:the\s+)?(?:STM32\s+|ROM\s+|usb\s+)?(?:DFU|df11)\b",
        strength="strong", example="After flashing Katapult the board is stuck in DFU mode."),
    # (fix-boot s23 review) not asked (？, 吗), not a success (成功, 没有问题, 正常), not a condition (如果); 一直 ("all along") dropped:
    # "我一直在DFU模式下烧录固件" is flashing in DFU mode on purpose
    Msg("said_dfu_remains",
        r"^(?![^\n]{0,300}?(?:[?？]|吗|成功|没有?问题|没问题|正常|如果|才能))[^\n]{0,300}?(?:依旧|仍然|仍旧|还是|始终)(?:是|在|处于)\s*(?:usb\s*|USB\s*)?(?:DFU|dfu)",
        strength="strong", example="我使用usb烧录了程序，但是程序无法运行，连接usb依旧是usb DFU下载模式"),
    # (fix-boot s23 review) not while or until something is held or removed (solange, bis), not a condition (wenn, falls),
    # not asked, not solved or no longer (gelöst, nicht mehr)
    Msg("said_dfu_remains",
        r"(?i)^(?![^\n]{0,400}?(?:\?|\b(?:solange|bis|wenn|falls|gel[öo]e?st|nicht mehr|funktioniert)\b))"
        r"(?![^\n]{0,400}?\b(?:nicht|nie|kein\w*)\b[^.!?\n]{0,20}\bbleibt\b)[^\n]{0,400}?\bbleibt\s+(?:er\s+|es\s+|sie\s+|das board\s+)?(?:weiterhin\s+|immer noch\s+|noch\s+)?(?:im|in)\s+(?:dem\s+)?DFU",
        strength="strong", example="Nach dem Flashen bleibt das Board im DFU-Modus."),
)

# (dfu-avr s24) BOOT004 said as its consequence: the board is (stuck, stays) in boot / bootloader / DFU mode, so the
# application cannot run ("Seems it's under Boot mode with this setup that results APP code cannot run.": JUMA-IO/STM32_Platform
# #10, the board listed as "STM32 Bootloader" in Device Manager at every plug-in; the fix was BOOT0 to GND), in either order.
# The English form of the Chinese row above ("程序无法运行 ... 依旧是usb DFU下载模式"). "Boot mode" alone names no chip, so the rule
# (BOOT004) takes it only beside the STM32 ROM DFU device listed in the same text. Not asked, advised, a condition, a general
# statement ("won't run while it is in boot mode"), a story that ends solved, a negated boot mode ("not in boot mode"), nor
# another chip's boot mode (ESP download mode, RP2040 BOOTSEL, a Caterina/ATmega bootloader)
_BOOT_MODE = (r"\b(?:under|in|stuck in|stays?\s+in|stayed\s+in|remains?\s+in|remained\s+in|enters?|entering|entered"
              r"|goes?\s+(?:in|into|to)|went\s+(?:in|into|to)|boots?\s+(?:in|into|to)|booted\s+(?:in|into|to))\s+(?:the\s+)?"
              r"(?:boot(?:loader)?|DFU|system(?:\s+memory)?|ROM(?:\s+bootloader)?)\s+mode\b")
_APP_NO_RUN = (r"\b(?:app(?:lication)?s?|user\s+(?:code|program|firmware|app)|(?:my|the|our)\s+(?:own\s+)?(?:code|program|firmware|sketch))\b"
               r"[^.!?\n]{0,20}?\b(?:can\s?not|can'?t|could\s?n[o']t|couldn'?t|does\s?n[o']t|doesn'?t|did\s?n[o']t|didn'?t|won'?t|will\s+not|never)\s+"
               r"(?:be\s+)?(?:run|runs|running|start|starts|started|starting|boot|boots|booted|execute|executes|executed|launch\w*)\b")
MESSAGES = MESSAGES + group(
    "prose: the board sits in its boot/DFU mode, so the application never runs",
    Msg("said_app_held_in_bootloader",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?!\s*(?:if|when|whenever)\b)"
        r"(?![^\n]{0,400}?\b(?:if|until|while|whilst|as long as|during|solved|fixed|resolved|works?\s+(?:now|fine)|now\s+(?:it\s+)?works|no longer|any ?more"
        r"|esp32\w*|esp8266|esp-\d+|esptool|download mode|nodemcu|rp2040|rp2350|pico|bootsel|teensy|caterina|leonardo|pro micro|arduino|nano|uno"
        r"|avr|atmega\w*|attiny\w*|digispark|16u2|qmk)\b)"
        # (dfu-avr s24 review) DFU entered on purpose, to flash: the application is not expected to run then
        r"(?![^\n]{0,400}?\b(?:on purpose|deliberately|intentionally|to (?:flash|update|program|upload)|put (?:it|the board|the chip)\s+(?:in|into)"
        r"|(?:held|hold|holding)\s+(?:down\s+)?(?:the\s+)?BOOT\w*|press\w*\s+(?:the\s+)?BOOT\w*|obviously|of course|expected|as expected)\b)"
        # (dfu-avr s24 review) boot mode negated anywhere in the line ("it is not stuck in boot mode", "doesn't go into DFU mode",
        # "I can't get it into DFU mode"): a negation up to three words before in/into/under the boot mode
        r"(?![^\n]{0,400}?(?:\bnot|n't|\bnever|\bno longer)\s+(?:\w+\s+){0,3}?(?:in|into|under)\s+(?:the\s+)?(?:boot(?:loader)?|DFU|system|ROM)\b)"
        r"[^\n]{0,400}?(?:" + _BOOT_MODE + r"[^\n]{0,160}?" + _APP_NO_RUN + r"|" + _APP_NO_RUN + r"[^\n]{0,160}?" + _BOOT_MODE + r")",
        strength="strong", example="Seems Cannon it's under Boot mode with this setup that results APP code cannot run."),
)

# (boot s23) BOOT001 said in prose of a Klipper/Katapult tool: the request to enter the bootloader did not take ("when
# KlipperFleet tries to get the board into bootloader mode, it fails", JohnBaumb/KlipperFleet#6: a toolhead on a USB-TTL
# adapter, whose by-id never changes). A verb of putting the board into Katapult/CanBoot/the bootloader with a failure
# before it ("can't get it into Katapult") or after it ("..., it fails"), in a line that names Klipper's or Katapult's tools;
# not a question, advice or a double press (said_double_reset_no_bootloader's)
_KLIPPER_TOOL = r"(?:katapult|canboot|klipper\w*|flashtool(?:\.py)?|flash_can(?:\.py)?|kiauh)"
MESSAGES = MESSAGES + group(
    "prose: a Klipper/Katapult tool's request to enter the bootloader failed",
    Msg("said_bootloader_request_failed",
        # (fix-boot s23 review) the tool is the subject: named at most 60 characters (no "but", no clause end) before the
        # failure verb ("flashtool.py can't get the EBB36 into Katapult") or before the verb of putting ("when KlipperFleet
        # tries to get the board into bootloader mode, it fails"); "never" dropped ("I never put the board into Katapult
        # mode"); not a condition ("If flashtool.py can't ...", "When flashtool.py fails to ..."), not the docs' words, not a
        # story that ends solved or working
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + r"(?![^\n]{0,400}?\bdouble[- ]?(?:click|press|tap|reset)\w*)"
        r"(?!\s*(?:if|when)\b)(?![^\n]{0,400}?\b(?:if|when|whenever)\s+(?:the\s+)?" + _KLIPPER_TOOL + r"\s+(?:can'?t|cannot|could ?n[o']t|fails?|failed|won'?t|does ?n[o']t|did ?n[o']t|is unable)\b)"
        r"(?![^\n]{0,400}?\b(?:docs?|documentation|guide|wiki|readme|manual)\b[^.!?\n]{0,20}?\b(?:says?|said|states?|explains?)\b)"
        r"(?![^\n]{0,400}?\b(?:solved|fixed|resolved|(?:it|that|this|flashing|flash) worked|works now|now works|succeeded|success\w*)\b)"
        r"[^\n]{0,400}?\b" + _KLIPPER_TOOL + r"\b(?:(?!\bbut\b)[^.;,!?\n]){0,60}?"
        r"(?:\b(?:can'?t|cannot|could ?n[o']t|unable to|fails? to|failed to|won'?t|does ?n[o']t|did ?n[o']t)\s+"
        r"(?:get|put|bring|reboot|send|switch|force)\w*\s+(?:(?:the|my|a|it|its)\s+)?(?:[\w-]+\s+){0,2}?(?:in|into|to)\s+(?:the\s+)?(?:katapult|canboot|bootloader)\b"
        r"|\b(?:get|put|bring|reboot|send|switch|force)\w*\s+(?:(?:the|my|a|it|its)\s+)?(?:[\w-]+\s+){0,2}?(?:in|into|to)\s+(?:the\s+)?(?:katapult|canboot|bootloader)\b"
        r"(?:\s+mode)?\s*,?\s*(?:it\s+|this\s+|that\s+)?(?:fails|failed|does ?n[o']t work|did ?n[o']t work|won'?t work|never works)\b)",
        strength="strong",
        example="Unfortunately, when KlipperFleet tries to get the board into bootloader mode, it fails (see screenshot below)."),
)

# (boot s23) a Mac's (or a PC's Bluetooth) serial service named as the port the upload was given, in prose: "I am offered two
# ports: /dev/cu.BLTH serial port and /dev/cu.Bluetooth-incoming-Port ... When I select the second port it appears to be happy
# but when I try to upload ... butterfly_recv(): programmer is not responding" (SparkFun forum 65071: a Qwiic Pro Micro that
# never enumerated). macOS's own ports (Bluetooth-Incoming-Port, BLTH, debug-console, wlan-debug, MALS, SOC) and Windows'
# "Standard Serial over Bluetooth link" are never a board. Not a line that also names a board's port (usbmodem, usbserial,
# ttyACM, ttyUSB), not the Arduino IDE's "PORTS {...}" listing, not a port said not to be the one ("not the Bluetooth port")
_BT_CHOOSE = (r"\b(?:select(?:ed|ing|s)?|chose|chosen|choose|choosing|picked|pick|use[ds]?|using|set (?:the )?port to"
              r"|uploaded? to|upload(?:ing)? (?:went|goes) to|went to)\b(?: (?:the|port|it))?")
_BT_PORT_NOT = (r"(?![^\n]{0,400}?(?:\bPORTS \{|\bc[rw-]{9}\s))(?![^\n]{0,400}?(?:usbmodem|usbserial|wchusbserial|SLAB_USBtoUART|ttyACM|ttyUSB))"
                r"(?![^\n]{0,400}?(?:\bnot\b|n't\b|\bnever\b|\binstead of\b)[^!?\n]{0,40}?(?:bluetooth|BLTH))"  # a port path's dot is no sentence end
                r"(?!\s*(?:if|when)\s+(?:you|it|only)\b)(?![^\n]{0,400}?\b(?:if (?:you|it|only)|avoid\w*|wrong (?:one|port)|the wrong|fixed|solved|resolved"
                r"|(?:it|that|this) worked|works now|now works|uploaded fine|upload(?:ed|s)? (?:fine|successfully)|success\w*)\b)")
MESSAGES = MESSAGES + group(
    "prose: the port named for the upload is a Bluetooth (or other built-in) serial service",
    # (fix-boot s23 review) a verb of choosing right before the port ("I selected /dev/cu.Bluetooth-Incoming-Port"): a port
    # only listed or named ("Only ... is listed", QMK Toolbox's "Found port:") is no choice. Not asked or advised, not a
    # condition or a warning ("If you only see ...", "Avoid ...", "is the wrong one"), not a story that ends fixed
    Msg("said_bluetooth_port",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _BT_PORT_NOT
        + r"[^\n]{0,400}?" + _BT_CHOOSE + r"[^.!?\n]{0,25}?(?P<port>/dev/(?:cu|tty)\.(?:Bluetooth-(?:Incoming-Port|Modem)|BLTH|debug-console|wlan-debug|MALS|SOC))\b",
        strength="weak", example="I selected /dev/cu.Bluetooth-Incoming-Port and the upload failed."),
    # Windows: "Standard Serial over Bluetooth link (COMn)" only when that same COM port is the one chosen ("... (COM3) ... I
    # selected COM3"); a Device Manager listing beside the board's own "USB-SERIAL CH340 (COM5)" is no choice
    Msg("said_bluetooth_port",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE + _BT_PORT_NOT
        + r"(?=[^\n]{0,400}?\bStandard Serial over Bluetooth link \((?P<port>COM\d+)\))"
        r"[^\n]{0,400}?" + _BT_CHOOSE + r"[^.!?\n]{0,25}?\b(?P=port)\b(?!\d)",
        strength="weak", example="Device Manager lists Standard Serial over Bluetooth link (COM3) and I selected COM3."),
)


# (host s23) a wiring list or sentence that joins a UART's TX to the other side's TX (or RX to RX): a serial link only works
# crossed (one side's TX to the other's RX), so an ESP/STM32 behind a USB-TTL adapter wired this way never answers
# (tuct/levoit#43: "1[TX] | TXD", "2[RX] | RXD", esptool "no serial data received"). A table row ("TX | TXD") or a
# connection ("TX -> TX", "TX to TXD", "RXD --- RX"); not asked or advised, not a line that says it was swapped, crossed or
# is wrong ("TX to TX was wrong, swapped them"), not a negation ("not TX to TX")
MESSAGES = MESSAGES + group(
    "prose: a UART wired TX to TX (or RX to RX), not crossed",
    Msg("said_tx_to_tx",
        r"(?i)^" + _S21_NOT_ASKED + _S21_NOT_ADVICE
        + r"(?![^\n]{0,400}?\b(?:swap\w*|cross\w*|instead|wrong|reversed?|flipped|not|never)\b)"
        # (review s23) a pin table names one pin's aliases in a row ("GPIO1 | U0TXD | TX", "Pin 18 | TXD1 | TX1", "| TX |
        # TX (GP0) | RXD |"): no name glued to a digit or letter before ("U0TXD"), in a `|` row only the last two cells
        # (nothing but a trailing `|` after the second) and not both numbered (TXD1 | TX1 is one UART's two names)
        r"[^\n]{0,200}?(?<![A-Za-z0-9_-])(?:\[?U?(?P<_a>TX|RX)D?(?P<_n>[01])?\]?)\s*(?:(?P<_bar>\|)|->|-{1,3}>?|={1,2}>?|→|<->|\bto\b|\bgoes to\b|\b(?:is )?connected to\b)\s*"
        r"(?:(?:the |my |adapter'?s? |usb[- ]?(?:to[- ]?)?(?:ttl|serial|uart)'?s? |(?:esp|board|module|stm32)'?s? )?)U?(?P=_a)D?(?(_bar)(?(_n)(?![01])|[01]?)|[01]?)\b"
        r"(?(_bar)(?![^|\n]*\|[ \t]*[^|\s]))",
        strength="weak", example="1[TX]    | TXD"),
)


# (host s23) no serial port (COM port, /dev/tty*) or no board appears at all for the board, said flat: "no COM port shows up"
# (MordFIdel/SOCORAD32#16), "the flasher keeps telling that no boards are found" (airrohr-firmware-flasher#39: a cable
# without data lines), Arduino IDE's "Port" menu greyed out. Not asked or advised, not a condition ("If no COM port shows
# up, ..."), not a port that appears at some moment ("until I press reset", "only after", "when I hold BOOT"), not a negation
MESSAGES = MESSAGES + group(
    "prose: no serial port or board appears for the board at all",
    Msg("said_no_port_appears",
        _STATED + _NOT_SEEN_EXCEPT
        # (review s23) not a condition opened by "when", "whenever", "once" ("When no COM port appears, Windows needs ..."); an
        # account whose "no port" follows the clause's comma is one ("When I plug it in, no COM port shows up")
        + r"(?!\W{0,3}(?:when|whenever|once)\b[^,;:.!?\n]{0,200}?\b(?:no|not|never|doesn't|didn't|don't|won't)\b)"
        + r"(?![^\n]{0,400}?\b(?:until|after|reset|boot(?:sel)?|double|press\w*|hold\w*|sometimes|briefly|for a (?:second|moment))\b)"
        r"[^.!?\n]{0,400}?(?:\bno (?:new )?(?:com|serial|usb|tty)[ -]?ports? (?:at all )?(?:shows?|showed|shown|appears?|appeared|comes? up|came up"
        r"|pops? up|popped up|is (?:shown|listed|detected|found|available|created)|are (?:shown|listed|detected|found|available|created)|gets? (?:created|listed))\b"
        r"|\b(?:com|serial) ?ports? (?:does not|doesn't|did not|didn't|never|won't|will not|do not|don't) (?:(?:show|come|pop) up|appear)"
        # (review s23) "up" or "appear": "the serial port doesn't show any output" is a working port
        # (a tool's own "No devices were found." opens its line: only the words inside a sentence)
        r"|(?<=\w )no (?:boards?|devices?) (?:are|is|were|was) (?:found|detected)\b"
        r"|\bports? (?:menu |option |selection |entry )?(?:is |was |stays |remains |are )?(?:greyed|grayed) out\b)",
        strength="strong", example="Drivers and ESP IDF installed, etc - no COM port shows up. Win 11."),
)


@register
class ClaimsParser(TableParser):
    name = "claims"
    namespace = "claims"
    messages = MESSAGES
    hints = ("dmesg", "lsusb", "kernel", "device manager", "ttyusb", "ttyacm", ".cur", "dfu", "bootloader", "enumerated",
             # (sd-rp s22) the SD bootloader not taking the update: the card named, the file name refused, the flash not done
             "tf card", "tf-card", "tf sd", "sd slot", "micro-sd", "micro sd", "micro tf", "micro-tf", "tf-sd",
             "from sd", "with sd", "via sd", "from tf", "with tf", "via tf", "file name", "filename", "n't flash", "not flash",
             "fischl",  # (thin-avr s15) a USBasp's vendor string said in prose
             "df11",  # (thin-mid s15) the ROM DFU id said in prose
             "sd card", "sd-card", "sdcard", "microsd",  # (thin-mid s15) another SD card fixed it
             "katapult", "canboot",  # (deepen-fw-boot s17) a board said to stay in its Katapult/CanBoot bootloader
             "receiver", "gps",  # (deepen-fw-boot s17) a flight controller's receiver or GPS said to keep it from being flashed
             "elrs", "crsf", "expresslrs", "sbus",  # (stuck-boot s22) the receiver named by its protocol
             "a10",  # (stuck-boot s22) the USART1 RX pin as a Black Pill's silkscreen names it
             "ch34", "cp210", "ftdi", "ft232", "qinheng", "1a86:7523",  # (deepen-fw-boot s17) only the USB-serial bridge chip seen
             "bridge",  # (deepen-fw-boot s17) the USB-to-CAN bridge said to be flashed over CAN
             "mhz",  # (deepen-fw-boot s17) a clock setting said not to match the board's crystal
             "double",  # (deepen-klipper-fw s19) a double press of reset said not to enter the bootloader
             # (klipper-side s20) a CAN bitrate mismatch, a missing CAN driver, a bootloader offset said in prose
             "bitrate", "bit rate", "baud rate", "bus speed", "can speed", "canbus_frequency", "gs_usb", "driver", "module",
             "offset",
             "gcc", "compiler", "toolchain",  # (rp-fw s24) the failure said to come with an older compiler only
             # (boot-dfu s21) a Maple DFU device, a CAN bus update, a battery plug-in or power-on, a floating BOOT0, a 32U4 board's
             # short bootloader window or HID sketch
             "maple", "1eaf", "canbus", "can0", "battery", "batteries", "power-on", "power on", "boot0", "recogni", "briefly",
             "for a few", "for a short", "for a brief", "leonardo", "pro micro", "arduino micro", "32u4", "esplora", "keyboard.",
             "mouse.", "keyboard library", "mouse library",
             "second", "lipo", "li-po", "as a keyboard", "as a mouse",  # (review s21) "for 3 seconds", a LiPo plugged in, a board acting as a keyboard
             # (firmware-sd-rp s21) an empty, misnamed or unbuilt image; a bootloader still running; the SAM-BA ROM's USB name
             "0 bytes", "0byte", "0 byte", "zero byte", "empty", ".bin", "no .", "no bin", "no uf2", "no hex", "no elf", "no firmware",
             "no klipper", "not generated", "not created", "not built",
             "not produced", "never generated", "never created", "never built", "never produced", "upgrade mode", "update mode",
             "fit in", "fit on",  # (healthy-fw s24) an image said not to fit into the chip's flash
             "03eb_6124", "03eb:6124",
             # (swd-can s22) a debug probe that programmed the board once; can0 said to be missing; an STM32 part named
             "once", "first time", "one time", "first flash", "first upload", "first program", "first download", "first write",
             "no can0", "kein can", "stm32", "h723", "h733",
             "txqueuelen", "queue", "qlen",  # (swd-can s22) a small CAN transmit queue said in prose
             # (swd-can s22) another adapter said to work; klippy.log's bytes_invalid said in prose
             "adapter", "u2c", "2-can", "2can", "dongle", "canable", "candle", "utoc", "bytes_invalid",
             # (tool-host s22) German Device Manager, the host not seeing the plug-in, works only as root, ModemManager named
             "gerätemanager", "geraetemanager", "geräte-manager", "plugged", "plugging", "plug it", "com port", "com-port",
             "sudo", "root", "superuser", "modem manager", "modemmanager", "modem-manager",
             # (stuck-boot s22 review) an ESP's download mode said to come up at some resets
             "waiting for download", "download mode", "download_boot", "download boot",
             # (kbd-dev s22 review) a build for no SoftDevice, firmware said to run (FW001's quiet side)
             "nosd", "no softdevice", "no-softdevice", "nosoftdevice", "without softdevice", "without a softdevice", "without the softdevice",
             "0x1000", "0x01000", "0x001000", "0x0001000", "fine", " ok", "okay", "well", "great", "perfectly", "normally",
             "over usb", "via usb", "wired",
             # (boot s23) a board said to remain in DFU (en, zh, de), a Klipper tool's bootloader request, a Bluetooth serial port
             "remain", "stay", "stuck", "is still in", "was still in", "依旧", "仍然", "仍旧", "还是", "一直", "始终", "bleibt",
             "bl mode", "blth", "bluetooth", "debug-console", "wlan-debug", "cu.mals", "cu.soc",
             # (host s23) a UART's TX said or listed as wired to the other side's TX
             "txd", "rxd", "[tx", "[rx", "tx ", "rx ", "tx-", "rx-", "tx|", "rx|", "tx=", "rx=",
             # (host s23) no port or board appears at all
             "serial port", "serialport", "no com", "no usb", "no tty", "greyed", "grayed", "no board", "no device",
             # (dfu-avr s24) a board said to sit in its boot mode so the application cannot run
             "boot mode", "bootmode",
             # (swd s24) the firmware said to sleep or take the SWD pins; a debug probe said not seen by the host
             "standby", "stand-by", "sleep", "low power", "low-power", "lowpower", "stop mode", "stop0", "stop1", "stop2", "stop3",
             "shutdown mode", "power-down", "power down", "pa13", "pa14", "swdio", "swclk", "disable", "turned off", "switched off",
             "待机", "停机", "睡眠", "低功耗", "st-link", "stlink", "j-link", "jlink", "daplink", "cmsis-dap", "debugger", "probe",
             # (boot-usb s24w2) a board gone after an upload; an upload stuck at 0 % waiting for avrdude
             "no longer", "detecting", "not detected", "not even", "not being", "not getting", "n't detected", "n't being", "n't even",
             "n't getting", "never detected", "not recogni", "n't recogni", "not found", "n't found", "not seen", "n't seen", "not listed",
             "not showing", "n't see", "n't detect", "n't find", "not see", "not detect", "not find", "nt see", "nt detect", "waiting for avrdude", "past 0", "at 0%", "at 0 %", "at 0.0", "on 0%",
             # (boot-usb s24w2) PlatformIO's upload to a printer board said to fail: the board's name as people write it (not
             # the build environment's, "STM32F103RC_btt", which stands on every line of a verbose build)
             "skr mini", "skr-mini", "skr 2", "skr2", "skr v", "bigtreetech", "mks robin", "robin nano", "creality 4", "creality v4",
             "4.2.2", "4.2.7",
             # (review s24w2) the other printer boards the row names (Octopus, SKR 3, SKR E3, SKR Pro, Creality)
             "octopus", "skr 3", "skr3", "skr-3", "skr e3", "skr pro", "creality",
             # (boot-usb s24w2) BOOTSEL held and no drive
             "bootsel")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: Any, lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "said_stm32_part":
            # every part the sentence names, in order, without package and temperature letters (stm32h723zgt6 and
            # stm32h723xx are one chip), comma-joined: "the mainboard is an H723 and the toolhead a G0B1" names two
            parts: list[str] = []
            for pm in _STM32_PART.finditer(line):
                name = (pm.group("part") or "").lower()[:9] or "stm32" + (pm.group("bare") or "").lower()
                if name not in parts:
                    parts.append(name)
            ev["mcu"] = ",".join(parts)
        elif ev["kind"] == "said_no_can_interface":
            # (review s22) plain ifconfig named anywhere in the line ("can0 does not show up in ifconfig"), not only before the verb
            ifc = ev.pop("ifc", None)
            if re.search(r"(?i)\bifconfig\b(?!\s+-a\b)", line):
                ev["via"] = "ifconfig"
            elif ifc:
                ev["via"] = "ip"

    def match_line(self, text: str) -> list:  # type: ignore[type-arg]
        """The first matching row, and the port-renaming rows besides it: one sentence often says both ("doesn't find
        ttyUSB0 ... appears as ttyUSB1")."""
        found = self.table.match(text, all_matches=True)
        # (review s22) an STM32 part named is read beside the line's other reading (an SD card's story), never in its place
        found = [f for f in found if f[0].kind != "said_stm32_part"] + [f for f in found if f[0].kind == "said_stm32_part"]
        # (boot-usb s24w2) a 32U4 board named is the line's reading only when it has no other (the board of a post, said on a
        # line of its own, that another line says is gone after an upload)
        found = [f for f in found if f[0].kind != "said_32u4_board"] + [f for f in found if f[0].kind == "said_32u4_board"]
        # (review s24w2) and a debug probe said wired likewise: the line's reading only when it has no other
        found = [f for f in found if f[0].kind != "said_probe_wired"] + [f for f in found if f[0].kind == "said_probe_wired"]
        # (firmware-sd-rp s21) and an image said empty or misnamed beside the SD card's story on the same line ("firmware.bin is
        # renamed to firmware.cur (0 bytes length) but it is not flashed"): what was in the file decides, not the card
        # (review s21) and the SD copy beside the no-offset build it completes ("I unchecked the bootloader box ... and copied
        # klipper.bin to the SD card as firmware.bin": FW001 reads both)
        return found[:1] + [f for f in found[1:] if f[0].kind in ("said_port_missing", "said_port_renamed", "said_image_empty", "said_image_misnamed",
                                                                  "said_sd_copied", "said_stm32_part")
                            and f[0].kind != found[0][0].kind]

    def summary(self) -> dict[str, object]:
        return {}
