"""What people say in prose, on Windows and macOS and in other languages, about a cable that carried no data, a board that
Device Manager never showed, a debug port reachable only under reset, a clone MCU the debug tools reject, a USB link dropped by
an unpowered hub and an ATmega32U4 board whose COM port left after an upload: session 25 (intl-winmac gathering: GitHub issues
of keyboard, radio and instrument projects, mikrocontroller.net, stm32duino; Chinese and German threads).

Families, in their usual wordings (the examples are the gathered threads' own sentences or the rows' formats):

- the USB cable named as what was wrong, or another cable named as what made the board appear -> said_cable_was_cause (USB001):
  `It was the cable.... the third time was the charm.` (Sweep#87: Windows did not see either Pro Micro), `The problem was
  related to the provided USB cable.` / `It was not a data cable. Only power` (ChameleonMini-rebooted#192), `With another cable
  the device immediately showed up as COM5` (T-Display-S3#166), `I tried with another cable and I can see the device in Device
  Manager` (LilyGo-EPD47#185), `I was able to narrow the problem down to a bad USB-A to USB-C cable`. A power-only or broken
  lead gives the host no device at all (fault-signals A1); a cable that enumerates with errors is USB002's (the entry leaves
  texts that show enumeration errors to it). The same told in German, Spanish, French, Chinese and Japanese: `Es lag am Kabel`,
  `das Kabel war ein reines Ladekabel`, `con otro cable funcionó`, `c'était le câble`, `原来是数据线的问题`, `换了一根数据线就好了`,
  `ケーブルを変えたら認識しました` (from the rows' format).
- Device Manager said to show nothing, as people write it beside claims.py's rows: `it doesn't show up in my device manager`,
  and in Chinese `设备管理器连闪都不会闪` (Device Manager does not even flicker), `win10完全没有显示usb设备` (nanoDLA#11: Windows 10
  showed no USB device; another port through a USB 2.0 hub worked) -> claims.py's said_not_in_device_manager (USB001).
- the debug port said to answer only while reset is held, or only in BOOT0 mode after a firmware was flashed -> said_only_under_reset
  (SWD004): `I just discovered it connects if I hold the reset button down and do "Connect under reset" using ST-LINK utility.`
  (WeActStudio.MiniSTM32F4x1#49), `Jedoch ist danach kein weiteres beschreiben des STM32 mehr möglich, ausschließlich wenn ich in
  den BOOT0 Modus wechsle kann ich den Chip wieder beschreiben.` (mikrocontroller.net 443631: CubeMX had left SWD unconfigured,
  so the firmware took PA13/PA14). The running firmware sleeps or takes the SWD pins; held in reset (or in the ROM bootloader)
  it cannot (fault-signals F3). The same in Chinese, German and Spanish (from the rows' format): `按住复位键才能连接上ST-LINK`,
  `Der ST-Link verbindet nur, wenn ich Reset gedrückt halte`, `El ST-Link solo conecta si mantengo pulsado el botón de reset`.
- a clone STM32 part (CKS32, CS32, APM32, GD32, HK32, AT32, N32, BLM32) named with a debug tool that fails on it ->
  said_clone_mcu_fails (SWD007): `chinese clone of STM32 called CKS32F103C8T6. ... openocd fails to upload a firmware in it.`
  (modm#238: it reports the idcode 0x2ba01477; `set CPUTAPID 0x2ba01477` made it work).
- an unpowered hub named with the USB drops, or a powered hub (a stronger supply) said to have ended them ->
  said_unpowered_hub (USB003): `I changed the usb hub out to a powered unit, and changed the Arduino power supply to a 12v 5 amp
  unit. So far so good.` (SimHub#1017: random USB disconnects while an Uno drove motors through a non-powered hub).
- the firmware said to have been built with the MCU type left at another one -> said_wrong_mcu_built (FW002): `the reason was I
  overlooked the instruction to switch the mcu type from atmega to stm so the mcu wasn't booting` (Sovol-SV08-Mainline#187:
  Katapult built with menuconfig's AVR default for an STM32F103, so no by-id entry appeared).
- an ISP programmer (USBasp, USBtiny, AVRISP) said to read a wrong signature that is neither an Atmel id nor all zeros or ones ->
  said_isp_garbage_signature (AVR001): `I have bought a cheap 2$ USBasp ... at the start it return a wrong signiture 0x000102 when
  i was trying to program a atmega88pb running at internal 8Mhz rc osc.` (meldco.dk: the clone's firmware ignored -B; with
  new firmware and -B 3 the signature read 0x1e9316). Bits shifted by a too-fast ISP clock: AVR001's reading of avrdude's own
  signature line, told in prose.
- an ATmega32U4 board (Pro Micro, Leonardo, Micro) said to have no COM port any more after an upload -> claims.py's
  said_32u4_gone_after_upload (BOOT008): `I'm using a sparkfun qwic pro micro and the upload worked but ... there's no COM port
  to upload new code anymore.` (LUFAHybridFightstick#3: a LUFA sketch without the 1200-baud touch; a double tap of reset as
  the upload starts reached the Caterina bootloader).

Guards (review s22/s24 lists), in the claim's own sentence (clause, for the Chinese rows): a question, advice or a plan
(claims.py's _STATED), a guess, a conditional, a negation (per row), general knowledge; the cable row also not another kind of
cable (CAN, ribbon, SWD, jumper, HDMI, network) and not a cable that did not help. (review s25) Also: someone else's words or another thread's
story; in German, Spanish, French and Chinese their negations and questions; the reset rows not advice to "you", a one-off
or a story cured on the same line, nor an ESP/AVR/RP2040 board in the sentence; the clone row not a clone merely named while
the tool failed for another reason or on another board. Each row first looks for its own claim words, so a log with a hint
on every line ("reset" in OpenOCD or dmesg) costs little. Events go to a run under `claims.runs` (tool
"intlwin-prose-s25"); the entries rank them as warnings below what a tool's printed line shows.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _B32U4, _STATED
from doctor.parsers._common import SENT

# a character of the claim's sentence: a full stop inside a word (printer.cfg, 0.5.1) or an ellipsis does not end it
_SENT = SENT  # doctor/parsers/_common.py
_BODY = _STATED.removeprefix("(?i)^")
# not a guess, a plan, advice or general knowledge in the sentence
_NOT_GUESS = (rf"(?!{_SENT}{{0,400}}?\b(?:maybe|perhaps|probably|might|may|could|i think|i guess|i suspect|i wonder|try|trying to|suggest\w*"
              r"|recommend\w*|should|would|need to|have to|make sure|check|known|tends? to|usually|often|sometimes|in general"
              r"|thought|assumed|suspected)\b)")
# not a condition opening the sentence
_NOT_COND = r"(?!\W{0,3}(?:if|when|unless|whenever|once|in case)\b)"
# no negation in the sentence
_NO_NEG = rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|no|never|nor|neither|no longer|still|same)\b|n't\b))"

# (review s25) not someone else's words or cable, nor another thread's story ("My friend said it was the cable", "For other people
# it was the cable", "In the other thread it was the cable")
_NOT_HEARSAY = (rf"(?!{_SENT}{{0,400}}?\b(?:said|says|told|tells|according to|other people|others|someone|somebody|some people|friend\w*"
                r"|his|her|their|for (?:him|them)|(?:the|that|another|other|an?) (?:other )?(?:thread|post|issue|video|forum|comment))\b)")

# ---- USB001: the cable ----
# not another kind of cable or lead, nor a cable that changed nothing
_NOT_OTHER_CABLE = (rf"(?!{_SENT}{{0,400}}?\b(?:can|can-?bus|ribbon|swd|jtag|jumper|dupont|hdmi|ethernet|network|lan|ffc|fpc|display|lcd|screen"
                    r"|motor|stepper|endstop|thermistor|heater|power supply|serial|uart|ttl|ftdi|programming|isp|st-?link)\b[- ]?(?:cables?|leads?|wires?)\b)")
_CABLE = r"(?:usb[- ]?(?:[a-c]|micro|mini)?(?:[- ]?(?:to|-)[- ]?(?:usb[- ]?)?(?:[a-c]|micro|mini))?[- ]?)?(?:cable|lead|cord)s?"
_GOOD = r"(?:another|other|different|new|second|third|better|proper|good|known[- ]good|real|data|shorter|original)"
_APPEARS = (r"(?:immediately |instantly |right away |now |then |finally )?(?:shows? up|showed up|shown up|appears?|appeared|(?:is|was|got|gets) (?:recogni[sz]ed|detected"
            r"|listed|found|enumerated|visible)|(?:i|we) (?:can|could) see (?:it|the (?:device|board|port))|connects?|connected|works?|worked)\b")
_NOT_ANY_NEG = rf"(?!{_SENT}{{0,400}}?(?:\b(?:no|never|nor|neither|still|same)\b|\bnot\b(?! a data cable)|n't\b(?! a data cable)))"
_CABLE_ROWS = (
    # "It was the cable", "The problem was related to the provided USB cable", "the culprit was a cheap cable"
    Msg("said_cable_was_cause",
        r"(?i)^(?=[^\n]*?\b(?:cable|lead|cord)s?\b)" + _BODY + _NOT_COND + _NOT_GUESS + _NO_NEG + _NOT_HEARSAY + _NOT_OTHER_CABLE
        + rf"{_SENT}{{0,400}}?\b(?:it|the (?:problem|issue|culprit|cause|fault|reason)|that|this)\s+(?:was|is|turned out to be|ended up being)\s+"
        r"(?:(?:all\s+)?(?:related to|due to|caused by|down to|because of)\s+)?(?:the|my|a|an|that|this|its|his|her|our)\s+(?:[\w-]+\s+){0,3}?" + _CABLE + r"\b",
        strength="strong", example="Sigh, I'm sorry. It was the cable.... the third time was the charm."),
    # "It was not a data cable. Only power", "the cables were power-only", "was a charge-only cable"
    Msg("said_cable_was_cause",
        r"(?i)^(?=[^\n]*?(?:data\s+(?:cable|lead|cord)|(?:charg(?:e|ing)|power)[- ]?only))" + _BODY + _NOT_COND + _NOT_GUESS + _NOT_ANY_NEG + _NOT_HEARSAY + _NOT_OTHER_CABLE
        + rf"{_SENT}{{0,400}}?(?:\b(?:it|the (?:usb )?(?:cable|lead|cord)|that (?:cable|lead)|this (?:cable|lead))\s+(?:was|is)(?:\s+not|n't)\s+a\s+data\s+(?:cable|lead|cord)\b"
        r"|\b(?:cable|lead|cord|ones?|them|both)s?\s+(?:was|were|is|are)\s+(?:(?:a|an|just|only|both|all)\s+)*(?:charg(?:e|ing)|power)[- ]?only\b"
        r"|\b(?:was|were|is|are)\s+(?:(?:a|an|just|only)\s+)*(?:charg(?:e|ing)|power)[- ]?only\s+" + _CABLE + r"\b)",
        strength="strong", example="It was not a data cable. Only power ...."),
    # "With another cable the device immediately showed up as COM5", "I tried with another cable and I can see the device"
    Msg("said_cable_was_cause",
        r"(?i)^(?=[^\n]*?\b(?:cable|lead|cord)s?\b)" + _BODY + _NOT_COND + _NOT_GUESS + _NO_NEG + _NOT_HEARSAY + _NOT_OTHER_CABLE
        + rf"{_SENT}{{0,400}}?(?:\b(?:with|using|via|on)\s+(?:a|an|the|my)?\s*{_GOOD}\s+(?:[\w-]+\s+){{0,2}}?{_CABLE}\b{_SENT}{{0,80}}?\b{_APPEARS}"
        rf"|\b(?:swapp|chang|replac|switch)(?:ed|ing)\s+(?:(?:out|to)\s+)?(?:the|my|a|an)?\s*(?:[\w-]+\s+){{0,2}}?{_CABLE}\b{_SENT}{{0,80}}?\b{_APPEARS}"
        rf"|\b{_APPEARS}{_SENT}{{0,40}}?\b(?:with|using)\s+(?:a|an|the)?\s*{_GOOD}\s+(?:[\w-]+\s+){{0,2}}?{_CABLE}\b)",
        strength="strong", example="With another cable the device immediately showed up as COM5 when placed in DFU mode."),
    # "I was able to narrow the problem down to a bad USB-A to USB-C cable", "turned out to be a faulty cable"
    Msg("said_cable_was_cause",
        r"(?i)^(?=[^\n]*?\b(?:cable|lead|cord)s?\b)" + _BODY + _NOT_COND + _NOT_GUESS + _NO_NEG + _NOT_HEARSAY + _NOT_OTHER_CABLE
        + rf"{_SENT}{{0,400}}?\b(?:narrow(?:ed)?\s+(?:the problem|the issue|it)\s+down\s+to|traced\s+(?:it|the (?:problem|issue))\s+(?:back\s+)?to|turned out to be)\s+"
        r"(?:a|an|the|my)\s+(?:bad|faulty|broken|defective|dodgy|damaged|cheap|worn|charge-only|power-only|charging)\s+(?:[\w-]+\s+){0,4}?" + _CABLE + r"\b",
        strength="strong", example="I was able to narrow the problem down to a bad USB-A to USB-C cable."),
)

# ---- USB001: Device Manager, more wordings ----
# (the Chinese rows judge the clause: a comma ends it, a question or a condition there voids it)
_ZH_CLAUSE = r"[^，,。！？?!；;\n]"
_ZH_NOT_ASKED = rf"(?!{_ZH_CLAUSE}{{0,80}}?(?:吗|么|呢|是不是|会不会|有没有|如果|假如|要是|能用了|可以了|正常了|识别了|出来了|[？?]))"
# the claim may stand in any clause of the line (what came before it is skipped)
_ZH_ANY_CLAUSE = r"(?:[^\n]*?[，,；;。！？!?]\s*)?"
# (review s25) a negation in the claim's own clause ("原来不是数据线的问题", "不按住复位键"), or on the line a guess, hearsay or a
# later denial ("我以为原来是数据线的问题，结果不是")
_ZH_NOT_NEG = rf"(?!{_ZH_CLAUSE}{{0,60}}?(?:不(?!过|错|断|少|久|管)|没|未(?!知)|非(?!常)|无需|直接))"
_ZH_NOT_GUESS = r"(?![^\n]{0,300}?(?:以为|可能|也许|大概|估计|怀疑|听说|据说|他说|别人|结果不是|并不是|其实不是|不是(?:数据)?线的问题))"
# nor a clause that opens with a condition or a question word before the claim, nor a line that names an unknown device, a
# warning sign or a driver (the board is there, without its driver: not USB001)
_ZH_NOT_COND = (rf"(?!{_ZH_CLAUSE}{{0,60}}?(?:如果|假如|要是|万一|是否|是不是|要不要|会不会|有没有|能不能|为什么|为啥|怎么))"
                r"(?![^\n]{0,200}?(?:未知|感叹号|其他设备|其它设备|驱动|驅動))")
_DM_ROWS = (
    Msg("said_not_in_device_manager",
        r"(?i)^(?=[^\n]*?device manager)" + _BODY + _NOT_COND
        + rf"(?!{_SENT}{{0,400}}?\b(?:until|anymore|any more|but after|works? now|now works?|shows? up now|unless|only)\b)"
        + rf"{_SENT}{{0,400}}?(?:\b(?:doesn'?t|does not|didn'?t|did not|won'?t|will not|never)\s+(?:even\s+)?(?:show up|appear|get listed)(?:\s+at all)?\s+in\s+"
        r"(?:my|your|our|windows'?|the windows|win\s?(?:7|8|10|11)(?:'s)?)\s+device manager\b)",
        strength="strong", example="I purchased a chinese clone of the chameleon mini but it doesn't show up in my device manager."),
    Msg("said_not_in_device_manager",
        r"^(?=[^\n]*?(?:设备管理器|裝置管理員|装置管理员))" + _ZH_ANY_CLAUSE + _ZH_NOT_COND + rf"{_ZH_CLAUSE}{{0,60}}?(?:设备管理器|裝置管理員|装置管理员)(?:里|里面|中|内|上)?" + _ZH_NOT_ASKED
        + rf"{_ZH_CLAUSE}{{0,12}}?(?:(?:连|都|也|完全|根本|什么都|任何)\S{{0,4}}?)?(?:没有反应|没反应|毫无反应|无反应|不会闪|没闪|不闪|看不到|找不到|不显示|没有显示|没显示|不出现|没出现|没有出现|识别不到|没有任何|什么都没有)",
        strength="strong", example="设备管理器连闪都不会闪，感觉是硬件都没识别到，是硬件坏了吗？"),
    Msg("said_not_in_device_manager",
        r"(?i)^(?=[^\n]*?(?:设备|裝置|装置))(?=[^\n]*?(?:usb|USB))" + _ZH_ANY_CLAUSE + _ZH_NOT_COND + rf"{_ZH_CLAUSE}{{0,40}}?(?:win\s?(?:7|8|10|11)|windows|电脑|系统)?" + _ZH_NOT_ASKED
        + rf"{_ZH_CLAUSE}{{0,6}}?(?:完全|根本|都|也)(?:没有|没|不)(?:显示|识别|出现)(?:任何|出)?\s*usb\s*(?:设备|裝置|装置)",
        strength="strong", example="win10完全没有显示usb设备"),
)

# the same told in German, Spanish, French, Chinese and Japanese threads: "Es lag am Kabel", "das Kabel war ein reines Ladekabel",
# "mit einem anderen Kabel wird er erkannt"; "era el cable", "con otro cable funcionó"; "c'était le câble"; "原来是数据线的问题",
# "换了一根数据线就好了"; "ケーブルを変えたら認識しました", "充電専用ケーブルでした" (from the rows' format). A negation, a question or a
# condition in the sentence (clause for the Chinese and Japanese rows) voids it; "kein Datenkabel" is the claim itself
_DE_NOT = (r"(?![^.!?\n]{0,300}?(?:\b(?:nicht|nie|niemals|ob|wenn|falls|vielleicht|eventuell|vermutlich|sollte|probier\w*|versuch\w*|sagte|meinte|laut)\b"
           r"|\bkein\w*\b(?!\s*(?:usb-?)?daten-?kabel)|\?))")
_ES_FR_NOT = (r"(?![^.!?\n]{0,300}?(?:\b(?:no|nunca|si|quizás|quizas|tal vez|prueba|intenta|tampoco|sin|ni|nada|sigue|todav[ií]a|a[uú]n|dijo|seg[uú]n"
              r"|ne|pas|jamais|rien|toujours|peut-être|peut-etre|essaie|essayez|a dit|selon)\b|[?¿]))")
_JA_NOT = r"(?![^。！？?!\n]{0,80}?(?:ません|ない|なかった|か？|か\?|かな|もし|たら良い|てみて|てください))"
_CABLE_INTL_ROWS = (
    Msg("said_cable_was_cause",
        r"(?i)^(?=[^\n]*?kabel)" + _DE_NOT + r"[^.!?\n]{0,300}?(?:\b(?:es|das problem|der fehler|die ursache)\s+(?:lag|war)\s+(?:am|an dem|an meinem|das)\s+(?:usb-?)?kabel\b"
        r"|\bkabel\s+(?:war|ist)\s+(?:ein\s+)?(?:reines\s+|nur\s+ein\s+)?lade-?kabel\b|\bkabel\s+(?:war|ist)\s+kein\s+daten-?kabel\b"
        r"|\bmit\s+(?:einem\s+)?(?:anderen|neuen|zweiten|richtigen)\s+(?:usb-?|daten-?)?kabel\b[^.!?\n]{0,60}?\b(?:wird|wurde|ist|war|klappt|klappte|geht|ging|funktioniert|funktionierte|erkannt|erscheint|erschien)\b)",
        strength="strong", example="Es lag am Kabel: das Kabel war ein reines Ladekabel."),
    Msg("said_cable_was_cause",
        r"(?i)^(?=[^\n]*?c(?:a|â)ble)" + _ES_FR_NOT + r"[^.!?\n]{0,300}?(?:\b(?:era|fue|es)\s+el\s+cable\b|\bel\s+cable\s+(?:era|es)\s+(?:solo\s+)?de\s+carga\b"
        r"|\bcon\s+otro\s+cable\b[^.!?\n]{0,60}?\b(?:funcion(?:ó|o|a)|lo\s+(?:reconoce|reconoció|detecta|detectó)|apareci(?:ó|o)|aparece)\b"
        r"|\bc'(?:é|e)tait\s+le\s+c(?:â|a)ble\b|\bavec\s+un\s+autre\s+c(?:â|a)ble\b[^.!?\n]{0,60}?\b(?:fonctionne|marche|reconnu|appara(?:î|i)t)\b)",
        strength="strong", example="Al final era el cable: con otro cable funcionó a la primera."),
    Msg("said_cable_was_cause",
        r"^(?=[^\n]*?(?:线|線))" + _ZH_NOT_GUESS + _ZH_ANY_CLAUSE + _ZH_NOT_COND + _ZH_NOT_NEG + rf"{_ZH_CLAUSE}{{0,60}}?"
        r"(?:原来是(?:数据线|數據線|usb线|USB线|线|線)(?:的)?问题|(?:数据线|數據線|线|線)是(?:充电线|只能充电|充電線)"
        r"|换(?:了)?(?:一根|一条|根|条|个)?(?:好的|新的|别的|其他的|其它的)?(?:数据线|數據線|usb线|USB线|线|線)(?:之后|以后|后)?(?:就|终于|马上)?(?:好了|可以了|能用了|正常了|识别了|出来了|能识别了))" + _ZH_NOT_ASKED,
        strength="strong", example="折腾了半天，原来是数据线的问题"),
    Msg("said_cable_was_cause",
        r"^(?=[^\n]*?ケーブル)" + _JA_NOT + r"[^。！？?!\n]{0,80}?(?:ケーブルを(?:変え|替え|交換し)たら[^。！？?!\n]{0,20}?(?:認識|書き込め|直り|直っ|動き|動い|表示)"
        r"|充電専用(?:の)?ケーブル(?:でした|だった)|ケーブルが原因(?:でした|だった))",
        strength="strong", example="ケーブルを変えたら認識しました。"),
)

# ---- SWD004: only under reset ----
_SWD_WORD = (r"(?:st-?link|stlink|swd|serial wire|j-?link|cube ?ide|cube ?programmer|stm32 ?(?:cube ?)?programmer|st-link utility|keil|uvision"
             r"|openocd|pyocd|probe-rs|debugger|daplink|cmsis-dap|pa13|pa14)")
_HOLD_RESET = r"(?:hold(?:ing)?|held|keep(?:ing)?|kept|press(?:ing)?(?: and hold(?:ing)?)?|pressed(?: and held)?)\s+(?:down\s+)?(?:the\s+)?(?:reset|nrst|rst)(?:\s+(?:button|key|pin|line))?(?:\s+down)?\b"
# (review s25) not advice addressed to "you", nor a line whose story ends cured or was a one-off ("Before, it only connected ...;
# after I enabled SWD in CubeMX it works normally", "It connected once when I held the reset button, then never again"), nor an
# ESP, AVR or RP2040 board on the line
_NOT_CURED_RESET = (r"(?![^\n]{0,600}?(?:\b(?:now (?:it )?(?:works|connects)|(?:works?|connects?) (?:normally|again|fine now)|also without|without (?:holding|pressing)"
                    r"|never again|fixed|solved|no longer|jetzt (?:geht|funktioniert|klappt|verbindet)|ahora (?:funciona|conecta)|ya no)\b|现在(?:可以|能|正常)|已经解决))")
# (in the claim's sentence: a Chinese sentence ends at 。！？)
_NOT_ONCE = rf"(?!{_SENT}{{0,400}}?(?:\b(?:you|once|before|früher|antes)\b|以前|之前))"
_NOT_OTHER_MCU = rf"(?!{_SENT}{{0,400}}?(?:\b(?:rp2040|rp2350|pico|esp\w*|arduino|avr|atmega\w*|attiny\w*|bootsel|stc\w*)\b|ESP\d|51单片机))"
_NOT_OTHER_MCU_ZH = r"(?![^。！？!?\n]{0,200}?(?:\b(?:rp2040|rp2350|pico|esp\w*|arduino|avr|atmega\w*|attiny\w*|stc\w*)\b|ESP\d|51单片机))"
_RESET_ROWS = (
    Msg("said_only_under_reset",
        r"(?i)^(?=[^\n]*?\b(?:hold|held|keep|kept|press)\w*\s+(?:down\s+)?(?:the\s+)?(?:reset|nrst|rst)\b)(?=[^\n]*?" + _SWD_WORD + r")" + _NOT_CURED_RESET + _BODY + _NOT_COND + _NOT_GUESS + _NOT_HEARSAY + _NOT_ONCE
        + rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|no|never|even)\b|n't\b){_SENT}{{0,40}}?\b(?:hold|held|press|reset)\w*\b)"
        + rf"(?!{_SENT}{{0,400}}?\b(?:rp2040|rp2350|pico|esp\w*|arduino|avr|atmega\w*|bootsel)\b)"
        + rf"{_SENT}{{0,400}}?\b(?:connects?|connected|(?:only )?works?|worked|(?:i |we )?can (?:connect|flash|program|upload)|could (?:connect|flash|program|upload)|is (?:detected|found|recogni[sz]ed))\b"
        + rf"{_SENT}{{0,40}}?\b(?:if|when|while|after|as long as)\s+(?:i |we |you )?{_HOLD_RESET}",
        strength="strong", example='I just discovered it connects if I hold the reset button down and do "Connect under reset" using ST-LINK utility.'),
    Msg("said_only_under_reset",
        r"(?i)^(?=[^\n]*?connect[- ]under[- ]reset)" + _BODY + _NOT_COND + _NOT_GUESS
        + rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|no|never|even)\b|n't\b))"
        + rf"{_SENT}{{0,400}}?\b(?:only\s+(?:connects?|works?|worked|connected)\s+(?:with|using|in|via)\s+[\"'“]?connect[- ]under[- ]reset"
        r"|(?:connects?|works?|worked|connected)\s+only\s+(?:with|using|in|via)\s+[\"'“]?connect[- ]under[- ]reset)",
        strength="strong", example='The ST-Link only connects with "Connect under reset".'),
    # (German) after the flash, the chip can be written again only in BOOT0 mode or under reset ("kein weiteres beschreiben ...
    # mehr möglich, ausschließlich wenn ich in den BOOT0 Modus wechsle"); the debug probe named in the paragraph
    Msg("said_only_under_reset",
        r"(?i)^(?=[^\n]*?\b(?:kein\w*\s+(?:weiter|erneut)|nicht\s+mehr)\w*\s)(?=[^\n]*?" + _SWD_WORD + r")(?=[^\n]*?\b(?:BOOT0|Reset)\b)" + _NOT_CURED_RESET
        + r"(?:[^\n]*?[.!?]\s+)?(?![^.!?\n]{0,400}?\?)" + _NOT_OTHER_MCU + _NOT_ONCE + _NOT_HEARSAY +
        rf"{_SENT}{{0,400}}?\b(?:kein(?:e|en)?\s+(?:weiteres?|erneutes?)\s+(?:Beschreiben|Flashen|Programmieren|Verbinden)|nicht\s+mehr\s+(?:beschreib|flash|programmier|verbind|erreich)\w*)"
        rf"{_SENT}{{0,160}}?\b(?:ausschlie(?:ß|ss)lich|nur|lediglich)\b[^.!?\n]{{0,60}}?\b(?:BOOT0|Reset)\b[^.!?\n]{{0,80}}?\b(?:beschreib|flash|programmier|verbind|erreich)\w*",
        strength="strong", example="Jedoch ist danach kein weiteres beschreiben des STM32 mehr möglich, ausschließlich wenn ich in den BOOT0 Modus wechsle kann ich den Chip wieder beschreiben."),
)

# the same told in Chinese, German and Spanish threads (from the rows' format): "按住复位键才能连接上ST-LINK", "Der ST-Link verbindet
# nur, wenn ich Reset gedrückt halte", "El ST-Link solo conecta si mantengo pulsado el botón de reset"; the probe named on the line
_SWD_WORD_ZH = r"(?:st-?link|stlink|j-?link|jlink|swd|keil|mdk|下载器|仿真器|cubeprogrammer|openocd|daplink|cmsis-dap)"
_RESET_INTL_ROWS = (
    Msg("said_only_under_reset",
        r"(?i)^(?=[^\n]*?(?:按住|按着|按下不放))(?=[^\n]*?" + _SWD_WORD_ZH + r")(?=[^\n]*?(?:复位|復位|reset|rst))" + _NOT_CURED_RESET + _ZH_NOT_GUESS + _ZH_ANY_CLAUSE + _NOT_OTHER_MCU_ZH + _ZH_NOT_COND + _ZH_NOT_NEG
        + r"[^，,。！？!?；;\n]{0,40}?(?:按住|按着|按下不放|一直按着)\s*(?:复位|復位|reset|rst|nrst)\s*(?:键|鍵|按键|按鍵|按钮|按鈕)?(?:的同时|的时候|不放)?[^，,。！？!?；;\n]{0,12}?"
        r"(?:才能|才可以|才会|才)(?:\S{0,6}?)(?:连接|连上|連接|连|下载|下載|烧录|燒錄|识别|識別)" + _ZH_NOT_ASKED,
        strength="strong", example="按住复位键才能连接上ST-LINK，松开就连不上"),
    Msg("said_only_under_reset",
        r"(?i)^(?=[^\n]*?\b(?:nur|erst)\b)(?=[^\n]*?" + _SWD_WORD + r")(?=[^\n]*?reset)" + _NOT_CURED_RESET + _NOT_OTHER_MCU + _NOT_ONCE + r"(?![^.!?\n]{0,300}?(?:\b(?:nicht|kein\w*|nie|niemals|ob|falls|vielleicht|eventuell|vermutlich|sollte|probier\w*|versuch\w*)\b|\?))"
        r"[^.!?\n]{0,300}?\b(?:nur|erst)\s*,?\s*(?:wenn|w(?:ä|ae)hrend|solange)\s+ich\s+(?:den\s+)?(?:reset|nrst)(?:-?(?:taster|knopf|taste|pin))?\s+(?:gedr(?:ü|ue)ckt\s+)?(?:halte|festhalte|dr(?:ü|ue)cke)\b",
        strength="strong", example="Der ST-Link verbindet nur, wenn ich Reset gedrückt halte."),
    Msg("said_only_under_reset",
        r"(?i)^(?=[^\n]*?\bsolo\b)(?=[^\n]*?" + _SWD_WORD + r")(?=[^\n]*?reset)" + _NOT_CURED_RESET + _NOT_OTHER_MCU + _NOT_ONCE + r"(?![^.!?\n]{0,300}?(?:\b(?:no|nunca|quizás|quizas|tal vez|prueba|intenta)\b|\?|¿))"
        r"[^.!?\n]{0,300}?\bsolo\s+(?:conecta|funciona|lo\s+(?:detecta|reconoce)|se\s+conecta|puedo\s+(?:conectar|grabar|programar))\b[^.!?\n]{0,20}?\b(?:si|cuando|mientras)\s+(?:mantengo|tengo|dejo)\s+(?:pulsado|presionado|apretado)\s+(?:el\s+(?:bot(?:ó|o)n\s+(?:de\s+)?)?)?(?:reset|rst)\b",
        strength="strong", example="El ST-Link solo conecta si mantengo pulsado el botón de reset."),
)

# ---- SWD007: a clone part the debug tools reject ----
_CLONE = r"(?:CKS32F\w*|CS32F\w*|APM32F\w*|GD32F\w*|HK32F\w*|AT32F\w*|N32F\w*|BLM32\w*|MM32F\w*)"
_SWD_TOOL = (r"(?:openocd|st-?link|stlink|st-flash|st-info|st-util|cube ?programmer|stm32 ?cube ?programmer|st-link utility|keil|uvision|pyocd"
             r"|j-?link|swd|daplink|cmsis-dap|probe-rs)")
# (review s25) not a line that merely names a clone board while the tool failed for another reason or on another board, denies
# the clone, or makes it conditional ("I have a GD32F103 Blue Pill, openocd fails to flash it because of a wrong wiring", "My
# GD32F303 board works, but openocd fails to flash my other STM32F103 board", "a genuine STM32 not a GD32F103", "... if the BOOT0
# jumper is wrong", "supported since 0.11, openocd fails only on old versions")
_NOT_CLONE_DENIED = rf"(?!{_SENT}{{0,400}}?(?:\b(?:genuine|original|real stm32)\b|\bnot\s+(?:an?\s+)?{_CLONE}))"
_NOT_CLONE_FINE = r"(?:(?!\b(?:works?|worked|working|fine|supported|other|another)\b)[^\n])"
_NOT_OTHER_REASON = (r"(?![^.!?\n]{0,160}?\b(?:because|due to|caused by|if|when|unless|fixed|solved|wiring|wired|only|versions?|other|another"
                     r"|any board|every board)\b)")
_CLONE_ROWS = (
    Msg("said_clone_mcu_fails",
        r"(?i)^(?=[^\n]*?\b" + _CLONE + r")(?=[^\n]*?" + _SWD_TOOL + r")" + _BODY + _NOT_CLONE_DENIED
        + rf"{_SENT}{{0,400}}?\b{_CLONE}\b{_NOT_CLONE_FINE}{{0,300}}?{_SWD_TOOL}\w*\s+(?:(?:always|just|still)\s+)?"
        r"(?:fails?|failed|errors?|errored|refuses|refused|rejects?|rejected|(?:can(?:no|')t|cannot|won'?t|doesn'?t|does not|did not|didn'?t)\s+(?:\w+\s+){0,2}?"
        r"(?:upload|flash|program|connect|recogni[sz]e|identify|detect|work))\w*" + _NOT_OTHER_REASON,
        strength="strong", example="We were unlucky to buy a bunch of BluePills with chinese clone of STM32 called CKS32F103C8T6. As far as I understand, it is a perfect replacement, but openocd fails to upload a firmware in it."),
)

# ---- USB003: an unpowered hub ----
_HUB_ROWS = (
    Msg("said_unpowered_hub",
        r"(?i)^(?=[^\n]*?\bpowered\s+(?:usb\s+)?(?:hub|unit|one)\b)" + _BODY + _NOT_COND + _NOT_GUESS
        + rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|no|never|didn'?t|did not|same|still)\b(?!\s*(?:-\s*)?powered)|n't\b))"
        # (review s25) nor when the drops went on ("the disconnects continued", "... again", "anyway")
        + r"(?![^\n]{0,400}?\b(?:continu\w*|persist\w*|anyway|again|keeps?|kept|as well|too)\b)"
        + rf"{_SENT}{{0,400}}?\b(?:changed|swapped|switched|replaced|moved|upgraded)\b{_SENT}{{0,40}}?\b(?:to|for|with|into|onto)\s+a\s+(?:self-?\s*)?powered\s+(?:usb\s+)?(?:hub|unit|one)\b",
        strength="strong", example="I changed the usb hub out to a powered unit, and changed the Arduino power supply to a 12v 5 amp unit."),
    Msg("said_unpowered_hub",
        r"(?i)^(?=[^\n]*?\bhub\b)(?=[^\n]*?\b(?:disconnect\w*|drops?|dropped|dropping|resets?|reconnect\w*)\b)" + _BODY + _NOT_COND + _NOT_GUESS + _NOT_HEARSAY
        # (review s25) not "never on an unpowered hub", "it is not plugged into a non powered USB hub"
        + r"(?![^\n]{0,400}?(?:\b(?:not|never|no|without|anyway)\b|n't\b)[^.!?;\n]{0,60}?\b(?:non[- ]?powered|unpowered|passive|bus[- ]powered)\s+(?:usb\s+)?hub\b)"
        + rf"{_SENT}{{0,400}}?\b(?:non[- ]?powered|unpowered|passive|bus[- ]powered)\s+(?:usb\s+)?hub\b",
        strength="strong", example="The board randomly disconnects; it is plugged into a non powered USB hub."),
)

# ---- BOOT008: the 32U4's COM port gone after an upload ----
_GONE_ROWS = (
    Msg("said_32u4_gone_after_upload",
        r"(?i)^(?=[^\n]*?\b" + _B32U4 + r")(?=[^\n]*?\b(?:upload|flash)\w*)" + _BODY
        + r"(?![^\n]{0,400}?\b(?:Uno|Nano|Mega|ESP\w*|STM32\w*|RP2040|RP2350|nRF\w*)\b)"
        + r"[^\n]{0,400}?\b(?:upload|flash)\w*\b[^\n]{0,200}?\b(?:there'?s|there is|there was|it has|it had|i have|i had)\s+no\s+(?:more\s+)?(?:com|serial)[ -]?ports?\b[^.!?\n]{0,60}?\b(?:any ?more|no longer)\b",
        strength="strong", example="I'm using a sparkfun qwic pro micro and the upload worked but I got the pinout wrong for my particular project and I noticed there's no COM port to upload new code anymore."),
)


# ---- FW002: the firmware built for another MCU ----
_MCU_WORD = r"(?:mcu|micro-?controller|processor|architecture|chip|cpu)(?:\s+(?:type|model|architecture|family))?"
_WRONG_MCU_ROWS = (
    Msg("said_wrong_mcu_built",
        r"(?i)^(?=[^\n]*?\b(?:mcu|micro-?controller|processor|architecture|chip|cpu)\b)(?=[^\n]*?\b(?:forgot|forgotten|overlooked|missed|neglected|failed)\b)" + _BODY + _NOT_COND
        + r"(?![^\n]{0,400}?\b(?:if|when|whenever|unless|make sure|don'?t|do not|remember to)\b[^.!?\n]{0,30}?\b(?:forget|overlook|miss)\w*)"
        + rf"(?!{_SENT}{{0,400}}?(?:\b(?:not|never|didn'?t|did not)\s+(?:\w+\s+){{0,2}}?(?:forg[eo]t|overlook|miss|neglect)))"
        # (review s25) nor when the line says that was not it ("I forgot to change the MCU from atmega to stm, but that wasn't it")
        + r"(?![^\n]{0,400}?\b(?:(?:that|it|this)\s+(?:wasn'?t|was not|is not|isn'?t)\s+(?:it|the (?:problem|issue|cause))|didn'?t help|did not help|still)\b)"
        + rf"{_SENT}{{0,400}}?\b(?:forgot|forgotten|overlooked|missed|neglected|failed)\s+(?:the\s+(?:instruction|step|part)\s+)?(?:to\s+)?"
        r"(?:switch|change|set|select|pick|choose)(?:ing)?\s+(?:the\s+)?" + _MCU_WORD + r"\b[^.!?\n]{0,40}?\bfrom\s+\S+\s+to\s+\S+",
        strength="strong", example="I ran into that issue, and the reason was I overlooked the instruction to switch the mcu type from atmega to stm so the mcu wasn't booting."),
)

# ---- AVR001: an ISP programmer said to read a garbage signature ----
# (avrdude's own "Device signature = 0x000102" line is the avrdude parser's; this is the same reading told in prose, with the
# ISP programmer or the AVR part named on the line (a blog wraps its lines): not 0x1e... (a real Atmel id), not 0x000000 or 0xffffff (no answer at all: AVR005))
_WRONG_SIG_ROWS = (
    Msg("said_isp_garbage_signature",
        r"(?i)^(?=[^\n]*?\b(?:usbasp|usbtiny|usb-?asp|avrisp|isp|atmega\w*|attiny\w*|at90\w*|avr|program\w*)\b)(?=[^\n]*?sign[ai]tu?re?)" + _BODY + _NOT_COND
        # (the line names the ISP programmer or the AVR part; not a serial bootloader's read over a COM port)
        + r"(?![^\n]{0,400}?\b(?:bootloader|optiboot|arduino|stk500v?1?|urclock|serial|com ?\d+|tty\w+|uart)\b)"
        + r"(?![^\n]{0,400}?\b(?:correct|right|expected|ok|okay|valid)\s+sign[ai]tu?re?\b)"
        + r"[^\n]{0,400}?\b(?:wrong|bad|invalid|incorrect|strange|weird|garbage|random|bogus)\s+(?:device\s+)?sign[ai]tu?re?\s*(?:=|:|of|is|was)?\s*"
        r"(?P<value>0x(?!1e)(?!000000\b)(?!ffffff\b)[0-9a-f]{6})\b",
        strength="strong", example="at the start it return a wrong signiture 0x000102 when i was trying to program a atmega88pb running at internal 8Mhz rc osc."),
)

MESSAGES = rows_of(
    group("prose: the USB cable named as the cause, or another cable as what made the board appear (USB001)", *_CABLE_ROWS),
    group("prose: Device Manager said to show nothing, in more wordings and in Chinese (claims.py's USB001 family)", *_DM_ROWS),
    group("prose: the cable named as the cause in German, Spanish, French, Chinese and Japanese (USB001)", *_CABLE_INTL_ROWS),
    group("prose: the debug port said to answer only while reset is held or in BOOT0 mode (SWD004)", *_RESET_ROWS),
    group("prose: the same in Chinese, German and Spanish (SWD004)", *_RESET_INTL_ROWS),
    group("prose: a clone STM32 part named with a debug tool that fails on it (SWD007)", *_CLONE_ROWS),
    group("prose: an unpowered hub named with the drops, or a powered hub said to end them (USB003)", *_HUB_ROWS),
    group("prose: an ATmega32U4 board said to have no COM port after an upload (claims.py's BOOT008 family)", *_GONE_ROWS),
    group("prose: the firmware said to have been built with the MCU type left at another one (FW002)", *_WRONG_MCU_ROWS),
    group("prose: an ISP programmer said to read a garbage signature (AVR001)", *_WRONG_SIG_ROWS),
)


@register
class IntlWinProseS25Parser(TableParser):
    name = "intlwin-prose-s25"
    namespace = "claims"
    hints = ("cable", "kabel", "câble", "线", "線", "ケーブル", "lead", "cord", "device manager", "设备管理器", "裝置管理員", "装置管理员", "usb设备", "usb 设备", "under reset",
             "reset", "boot0", "复位", "復位", "cks32", "cs32f", "apm32", "gd32f", "hk32", "at32f", "n32f", "blm32", "mm32f", "powered", "com port", "serial port", "forgot", "overlooked", "missed", "neglected", "signature", "signiture", "signatur")
    messages = MESSAGES
    all_matches = True

    def summary(self) -> dict[str, object]:
        return {}
