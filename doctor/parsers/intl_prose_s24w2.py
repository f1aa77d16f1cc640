"""What people say in prose in other languages than English, session 24 second wave (intl gathering: Chinese CSDN blogs,
Brazilian, Spanish, French, German and Italian Arduino forums).

Families, in their usual wordings (the gathered threads' own sentences are the examples):

- the debug probe programmed the board once and cannot reach it since, said in Chinese -> claims.py's said_swd_worked_once
  (SWD004): `将代码Download进板卡后,无法再次Download与Debug,魔术棒Debug配置中显示SW Device检测不到芯片` (CSDN
  weixin_45716353 145481961: CubeMX's SYS > Debug left at "No Debug", the firmware took PA13/PA14; BOOT0 high let J-Flash
  erase it). One sentence with a probe or tool word (J-Link, ST-Link, SWD, "SW Device", Keil, 仿真器, 下载器), a first
  write ("下载...后", "第一次...成功", "烧录一次") and the failure after it said as "again" or "any more" ("无法再次下载",
  "再也连不上", "下载不进去了"). Not a guess at the cause (吗, 是不是, 会不会, 是否; a "？" only with a request for help:
  怎么办, 求助, 为什么), a condition or advice (如果, 若, 万一, 建议, 注意, 记得, 一定要, 防止, 避免), a negation of the failure
  (不会, 不再, 没有出现), a solved story in the line (解决, 搞定, 恢复正常, 正常了, 下载成功), a serial or USB bootloader
  (串口, ISP, FlyMcu, mcuisp, CH340, Arduino, ESP, CubeProgrammer's UART or DFU mode, Ymodem/IAP), nor a connection to
  something else than the chip (WiFi, 蓝牙, 网络, 串口, 屏).
- the upload worked once the baud rate was changed from one rate to another, said in Portuguese, Spanish, French,
  German, Italian or English -> said_baud_change_fixed (SER007, `baud` the rate that worked): `mudei na linha de comando do
  avrdude o padrão de 57600 para 115200. Feito isso funcionou sem problemas` (labdegaragem.com: a Nano clone given the
  Uno's 115200-baud Optiboot by an Uno as ISP, while the Nano entry uploads at 57600). The cure names the fault: the tool and
  the bootloader (or the firmware) were at two rates. Two different standard serial rates, a word of the serial link in the
  line (baud, avrdude, upload speed, velocidade, velocidad, vitesse, Geschwindigkeit, velocità, bootloader), a change someone
  made (past or first person: changed, I set, mudei, cambié, j'ai changé, geändert, ho cambiato; never an imperative or an
  infinitive) and the success after it; not a question (why, por que, alguém sabe), advice or a condition (try, if, you,
  just, basta, é só, hay que, il faut, du musst, tente, intenta, essaie, prova, versuch), a change that did not help (não
  funcionou, no funcionó, ne fonctionne pas, rien ne marche, funktioniert/geht nicht, non funziona, didn't work, never,
  nothing works, then stopped, still, continua, sigue, immer noch, toujours, ancora), a CAN bus's bitrate, an ISP
  programmer's SPI/bit clock (-B) nor a serial monitor's or terminal's rate (no upload in it).

Events go to a run under `claims.runs` (tool "intl-prose-s24w2"); the entries rank them as warnings below what a tool's printed
line shows.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers._common import SENT

# ---- SWD004 in Chinese ----
_ZH_PROBE = (r"(?:st-?link|stlink|swd|sw ?device|serial wire|j-?link|j-?flash|daplink|cmsis-dap|keil|mdk|cube ?ide|cube ?programmer"
             r"|openocd|pyocd|仿真器|下载器|调试器|烧录器)")
_ZH_CLAUSE = r"[^。！？!?\n]"
_ZH_ONCE = (r"(?:(?:下载|烧录|烧写|烧进|写入|download|flash|program)" + _ZH_CLAUSE + r"{0,20}?(?:之后|以后|后)"
            r"|第一次" + _ZH_CLAUSE + r"{0,12}?(?:可以|能|成功|正常)|(?:下载|烧录|烧写)(?:了)?一次)")
_ZH_AGAIN_FAILS = (r"(?:(?:无法|不能|没法|没办法)(?:再次|再)" + _ZH_CLAUSE + r"{0,6}?(?:下载|烧录|烧写|download|debug|调试|(?:连接|connect)(?![^\n]{0,6}?(?:wifi|wi-fi|蓝牙|网络|串口|屏|服务器|手机|电脑))|识别|flash|program)"
                   r"|再也(?:无法|不能|没法|下载不|烧不|识别不|检测不)|再也连不上(?![^\n]{0,6}?(?:wifi|wi-fi|蓝牙|网络|串口|屏))|(?:下载|烧录|烧写)不进(?:去)?了|连不上了)")
# (the prefilter's needle: the failure's "again / any more" words, literal, so a text without them costs no regex)
_ZH_NEEDLE = r"(?=[^\n]*?(?:无法再|不能再|没法再|办法再|再也无|再也不|再也没|再也下|再也烧|再也连|再也识|再也检|不进去|不进了|连不上))"
# (fixintl s24w2) a guess at the cause is no report (是不是, 会不会, 是否, 吗); a request for help about the failure is one
# ("...无法再次下载，怎么办？", 求助)
_ZH_NOT_ASKED = (r"(?![^\n]*?(?:吗|是不是|会不会|是否|难道))"
                 r"(?:(?=[^\n]*?(?:怎么办|咋办|求助|怎么解决|如何解决|怎么回事|为什么|为啥))|(?![^\n]*?(?:\?|？)))")
_ZH_NOT_ADVICE = r"(?![^\n]*?(?:如果|若是|假如|万一|建议|注意|记得|一定要|防止|避免|应该))"
_ZH_NOT_NEGATED = r"(?![^\n]*?(?:不会|不再|没有出现|没出现|并没有|并不))"
# (a first write that succeeded is the claim's own half: "第一次下载成功"; a success after the failure is a solved story)
_ZH_NOT_SOLVED = r"(?![^\n]*?(?:解决|搞定|恢复正常|正常了|终于|又可以|可以了|(?:后来|最后|然后)[^\n]{0,30}?成功))"
# (fixintl s24w2) CubeProgrammer's UART and USB DFU modes, mcuisp, Ymodem/IAP loaders are serial or USB bootloaders too
# (ASCII words beside Chinese ones: no \b between "IAP" and "程序", both are word characters)
_ZH_NOT_SERIAL = (r"(?![^\n]*?(?:串口|(?<![a-z])(?:isp|dfu|iap)(?![a-z])|flymcu|mcuisp|ch340|arduino|avrdude|esp32|esp8266|bootloader"
                  r"|usart|uart|ymodem))")

# ---- SER007: the upload worked once the baud rate was changed ----
_STD_BAUD = (r"(?:1200|2400|4800|9600|14400|19200|28800|38400|57600|74880|76800|115200|128000|230400|250000|256000|460800"
             r"|500000|576000|921600|1000000)")
_SENT = SENT  # doctor/parsers/_common.py
_LINK_WORD = (r"(?=[^\n]{0,600}?(?:\bbaud\w*|\bavrdude\b|(?<!\w)-b\s?\d|\bupload[ _.]?speed\b|\bvelocidade\b|\bvelocidad\b|\bvitesse\b"
              r"|\bgeschwindigkeit\b|\bvelocit[àa]\b|\bbootloader\b|\btaxa de transmiss))")
_NOT_CAN = r"(?![^\n]{0,600}?\b(?:can\d|can ?bus|canbus\w*|bit ?rate|bitrate|twai)\b)"
_NOT_ASKED = r"(?![^\n]{0,600}?\?)"
_NOT_ADVICE = (r"(?![^\n]{0,600}?\b(?:try|trying|(?<!thank )you|just|if|basta|[ée] s[óo]|hay que|il faut|du musst|musst|cambia|changez|[äa]ndere"
               r"|mude|tente|tentar|experimente|intenta|intentar|prueba|essaie|essayez|prova|provare|versuch\w*|probier\w*"
               r"|algu[ée]m sabe|por que|why)\b)")
# (fixintl s24w2) another rate than the serial link's (an ISP programmer's SPI clock, avrdude's -B bit clock, I2C) and a serial
# monitor's or terminal's rate (a sketch's Serial.begin against the monitor, no upload)
_NOT_OTHER_RATE = (r"(?![^\n]{0,600}?(?:\b(?:spi|sck|i2c|clock|bit ?clock|monitor|terminal|putty|minicom|picocom|miniterm)\b"
                   r"|(?-i:(?<!\w)-B\s?\d)))")
_NOT_FAILED = (r"(?![^\n]{0,600}?(?:\bn[ãa]o (?:funcionou|funciona|deu certo|resolveu)|\bno (?:funcion[óo]|funciona|sirvi[óo]|resolvi[óo])"
               r"|\bne (?:fonctionne|marche)\w* (?:pas|plus)|\bn'a (?:pas|rien) (?:fonctionn|march|chang)|\bfunktioniert\w* (?:immer noch |trotzdem |auch )?nicht"
               r"|\bklappt\w* (?:immer noch |trotzdem |auch )?nicht|\bnon (?:funziona|ha funzionato|va)\b|\bdid ?n[o']t (?:work|help|fix)"
               r"|\bdoes ?n[o']t (?:work|help)|\bno (?:luck|change|difference)\b|\bsame (?:error|problem|result)\b|\bstill\b|\bcontinua\b|\bsigue\b"
               r"|\bimmer noch\b|\btoujours\b|\bancora\b|\bsem sucesso\b|\bsin [ée]xito\b|\bohne erfolg\b|\bnada\b"
               r"|\bgeht\w* (?:aber |immer noch |trotzdem |auch )?nicht|\bes geht nicht|\brien ne (?:marche|fonctionne)|\bnever\b"
               r"|\bnothing (?:works|worked|changed)|\bstopped\b|\bparou\b|\bdej[óo] de\b|\ba cess[ée]\b))")
# (fixintl s24w2) a change someone made, in the past or the first person: an imperative or infinitive ("change", "cambia",
# "changez", "ändere", "mudar") is advice or a question
_CHANGE = (r"(?:\b(?:changed|switched|moved|lowered|raised|dropped|increased|reduced|went|bumped|mudei|mudou|mudamos|alterei|alterou"
           r"|troquei|trocou|passei|passou|coloquei|cambi[ée]|cambiamos|cambiado|modifiqué|puse|pasé|bajé|subí"
           r"|changé|(?<=ai )change|modifié|(?<=ai )modifie|mis|baissé|passé|umgestellt|ge[äa]ndert|[äa]nderte|eingestellt|gestellt|stellte"
           r"|cambiato|modificato|impostato|portato|messo|abbassato)\b|\bI (?:set|switch|change)\b)")
# "from 57600 to 115200" in each language; the second rate differs from the first
_FROM_TO = (r"\b(?:from|de|da|von|of)\s+(?P<_from>" + _STD_BAUD + r")(?:\s*(?:baud|bps|bauds))?\s+"
            r"(?:to|para|pra|a|à|au|auf|zu|in)\s+(?!(?P=_from)\b)(?P<baud>" + _STD_BAUD + r")\b")
# (the prefilter's needle: the success words as literals, so an avrdude log's every line costs one lookup, not the row)
_WORKED_NEEDLE = (r"(?=[^\n]*?(?:work|fix|sol|trick|succe|funcion|certo|fonction|march|funktion|klappt|geht|gelöst|funziona))")
_WORKED_ = (r"\b(?:worked|works|working|fixed|solved|did the trick|succeeded|funcionou|funciona|deu certo|resolveu|resolvido|funcion[óo]"
           r"|solucion\w*|resolvi[óo]|fonctionne|a fonctionn[ée]|marche|a march[ée]|r[ée]solu|funktioniert|klappt|geht|gel[öo]st"
           r"|funziona|ha funzionato|risolto)\b")
# (fixintl s24w2) and no negation right after the success word ("geht aber nicht", "works not", "marche pas")
_WORKED = _WORKED_ + r"(?!\s+(?:\w+\s+){0,2}?(?:nicht|not|pas|no|non|n[ãa]o)\b)"


MESSAGES = rows_of(
    group(
        "prose: the debug probe programmed the board once and cannot reach it since, in Chinese (claims.py's said_swd_worked_once family, SWD004)",
        Msg("said_swd_worked_once",
            r"(?i)^" + _ZH_NEEDLE + _ZH_NOT_ASKED + _ZH_NOT_ADVICE + _ZH_NOT_NEGATED + _ZH_NOT_SOLVED + _ZH_NOT_SERIAL
            + r"(?=[^\n]{0,400}?" + _ZH_PROBE + r")[^\n]{0,300}?" + _ZH_ONCE + r"[^\n]{0,300}?" + _ZH_AGAIN_FAILS,
            strength="strong",
            example="然后将代码Download进板卡后,无法再次Download与Debug,魔术棒Debug配置中显示SW Device检测不到芯片,重新拔插J-Link也没有用。"),
    ),
    group(
        "prose: the upload worked once the baud rate was changed from one rate to another (SER007)",
        Msg("said_baud_change_fixed",
            r"(?i)^" + _WORKED_NEEDLE + _LINK_WORD + _NOT_CAN + _NOT_OTHER_RATE + _NOT_ASKED + _NOT_ADVICE + _NOT_FAILED
            + rf"[^\n]{{0,600}}?{_CHANGE}{_SENT}{{0,120}}?{_FROM_TO}[^\n]{{0,200}}?{_WORKED}",
            strength="strong", convert=(("baud", int),),
            example="Como isso pode estar relacionado a velocidade de comunicação mudei na linha de comando do avrdude o padrão de "
                    "57600 para 115200. Feito isso funcionou sem problemas."),
        # the verb after the rates (German's verb-final clause: "die Baudrate von 115200 auf 57600 geändert")
        Msg("said_baud_change_fixed",
            r"(?i)^" + _WORKED_NEEDLE + _LINK_WORD + _NOT_CAN + _NOT_OTHER_RATE + _NOT_ASKED + _NOT_ADVICE + _NOT_FAILED
            + rf"[^\n]{{0,600}}?{_FROM_TO}{_SENT}{{0,40}}?{_CHANGE}[^\n]{{0,200}}?{_WORKED}",
            strength="strong", convert=(("baud", int),),
            example="Ich habe die Baudrate in der boards.txt von 115200 auf 57600 geändert, jetzt funktioniert der Upload."),
    ),
)


@register
class IntlProseS24w2Parser(TableParser):
    name = "intl-prose-s24w2"
    namespace = "claims"
    hints = ("下载", "烧录", "烧写", "再也", "再次", "baud", "avrdude", "velocidade", "velocidad", "vitesse", "geschwindigkeit",
             "velocità", "upload speed", "upload_speed", "bootloader")
    messages = MESSAGES

    def summary(self) -> dict[str, object]:
        return {}
