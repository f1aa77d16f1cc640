"""avrdude 5.x to 8.x as a message table: with and without the `avrdude:` / `avrdude error:` /
`avrdude ser_open() error:` prefixes, `avrdude.exe` on Windows, and inside the wrappers that run it
(Arduino IDE and arduino-cli, PlatformIO, QMK's make targets and QMK Toolbox, OctoPrint's firmware updater).

Facts: one run per block under `avrdude.runs` with programmer, part, port and baud (from the command line or
the verbose header), and one event per message of the table below. A verification mismatch records the
memory, the address, the byte the device returned (`received`) and the byte of the input (`expected`), and
`extra_bits_only` when the device's byte only has bits set that the input has clear (what unused fuse bits
read back as), with `extra_mask` (those bits: 0xc0 is a lock byte's unused bits 6-7) and `page_aligned` (the first
differing address starts a 256-byte page, where a block the programmer could not read back begins). An input file with
data beyond the part's memory ("address 0x8010 out of range", 7.1+ "Intel Hex record [..] out of range") is
`image_out_of_range`, not an unreadable file. A USB programmer "not found" although avrdude saw a device with
exactly the wanted vendor and product strings (-vv) gets `strings_matched`: not a clone, the -P value did not
select it (a USBasp's -P must be `usb` or `usb:bus:device`/`usb:serial`). A device signature made only of
bytes a serial bootloader sends as replies (0x0d0d0d: AVR109's carriage-return acknowledgements) gets
`serial_echo`: the bootloader answered commands some other program wrote to the port. A serial-port open failure also carries the shared serial kind (doctor.parsers.serial_errors)
with the Windows and macOS wordings avrdude passes through: `Access is denied` on a COM port is a port another
program holds, `The system cannot find the file specified` a port that does not exist.

State is kept only where a message's meaning depends on what came before: the memory a mismatch belongs to
(7.3+ prints it on the line before), the values line after "first mismatch at byte", and an open failure
that a later successful connection shows was only a retried first attempt (Kaleidoscope's and QMK's flash
scripts retry): that one is no failure.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._common import split_path_fragment, split_path_shown
from doctor.parsers._flashlog import id4
from doctor.parsers._messages import Msg, TableParser, event_attrs, group, rows_of
from doctor.parsers._prefilter import regex


def _serial_kind(line: str) -> tuple[str, dict[str, Any]] | None:
    """The shared serial-port event for an open failure (doctor.parsers.serial_errors.classify), if any."""
    try:
        from doctor.parsers.serial_errors import classify
    except ImportError:
        return None
    return classify(line)


def _foreign_port(port: str | None, line: str) -> str | None:
    try:
        from doctor.parsers.serial_errors import foreign_port
    except ImportError:
        return None
    return foreign_port(port, line)


# (avr-isp s12) the AVRs programmed only over TPI (avrdude.conf parts with prog_modes PM_TPI and no ISP): ATtiny4/5/9/10,
# ATtiny20/40, ATtiny102/104, by avrdude id (t10) or name (ATtiny10)
_TPI_ONLY = re.compile(r"(?i)^(?:t|attiny)(?:4|5|9|10|20|40|102|104)$")

# Windows (FormatMessage) and macOS wordings of an open failure that serial_errors does not name itself
_BLUETOOTH_PORT = re.compile(r"(?i)^/dev/(?:cu|tty)\.[^/]*bluetooth|^/dev/rfcomm\d+$")
# (intl-avr s7b) avrdude's ser_win32.c takes the reason from FormatMessage(..., LANG_NEUTRAL, SUBLANG_DEFAULT): the user's
# Windows language. ERROR_ACCESS_DENIED (5) and ERROR_FILE_NOT_FOUND (2) as localised Windows prints them (de, fr, es, it,
# pt, ja, zh-CN, zh-TW, ru, pl, nl, ko, tr, cs, uk, hu, sv), e.g. "Das System kann die angegebene Datei nicht finden."
# (gather-intl s20) each accented letter of the Latin-script texts also as U+FFFD: the ANSI code-page bytes (cp1250/1252/1254)
# that a UTF-8-decoding console shows as replacement characters (fr "Le fichier sp�cifi� est introuvable.", forum.arduino.cc
# t/685689, Arduino IDE 1.8)
_WIN_BUSY = re.compile(r"(?i)access is denied|the requested resource is in use|resource busy"
                       r"|zugriff verweigert|acc[eè�]s refus[eé�]|acceso denegado|accesso negato|acesso negado"
                       r"|アクセスが拒否されました|拒绝访问|存取被拒|отказано в доступе|odmowa dost[eę�]pu|toegang geweigerd"
                       r"|액세스가 거부되었습니다|eri[sş�]im engellendi|p[rř�][ií�]stup byl odep[rř�]en|відмовлено в доступі"
                       r"|hozz[aá�]f[eé�]r[eé�]s megtagadva|[aå�]tkomst nekad"
                       # (platformio s9) nb, da, fi, el, ro, hr/sr/bs, sl, sk, bg, lt, lv, et, ca, id, he, ar: the same
                       # ERROR_ACCESS_DENIED (platform-atmelavr#219: PlatformIO's monitor held COM3, "Ingen tilgang.")
                       r"|ingen tilgang|adgang n[æae�]gtet|k[äa�]ytt[öo�] estetty|δεν επιτρέπεται η πρόσβαση|acces refuzat"
                       r"|pristup je odbijen|dostop je zavrnjen|pr[ií�]stup (?:je|bol) odmietnut[yý�]|достъпът е отказан"
                       r"|prieiga u[zž�]drausta|piek[lļ�]uve liegta|juurdep[äa�][äa�]s on keelatud|s.ha denegat l.acc[eé�]s"
                       r"|akses ditolak|הגישה נדחתה|تم رفض الوصول"
                       # (byid-common s16) the ja/zh texts as a wrapper shows them after decoding avrdude's Shift-JIS / GBK
                       # stderr as UTF-8 (Arduino IDE 2 / arduino-cli: invalid bytes become U+FFFD) or as cp1252/latin-1
                       # (Java IDE 1.x, its curly quotes folded by _reader): "アクセスが拒否" -> "�A�N�Z�X�����ۂ" / "ƒAƒNƒZƒX'ª‹'"Û", "拒绝访问。" ->
                       # "�ܾ����ʡ�" / "¾Ü¾ø·ÃÎÊ"
                       r"|�A�N�Z�X�����ۂ|ƒAƒNƒZƒX'ª‹'\x22Û|�ܾ����ʡ�|¾Ü¾ø·ÃÎÊ")
_PORT_IN_TEXT = re.compile(r"(?i)\b(COM\d{1,3})\b|(?<!\S)(/dev/[\w./-]+)")
_USB_ID = re.compile(r"^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$")
_WIN_MISSING = re.compile(r"(?i)the system cannot find the (?:file|path) specified|no such file or directory"
                          r"|kann die angegebene datei nicht finden|le fichier sp[eé�]cifi[eé�] est introuvable"
                          r"|no puede (?:encontrar|hallar) el archivo especificado|impossibile trovare il file specificato"
                          r"|n[aã�]o (?:pode|consegue) (?:encontrar|localizar) o (?:arquivo|ficheiro) especificado"
                          r"|指定されたファイルが見つかりません|系统找不到指定的文件|系統找不到指定的檔案"
                          r"|не уда[её]тся найти указанный файл|nie mo[zż�]na odnale[zź�][cć�] okre[sś�]lonego pliku"
                          r"|kan het opgegeven bestand niet vinden|지정된 파일을 찾을 수 없습니다|belirtilen dosyay[ıi�] bulam[ıi�]yor"
                          r"|nem[uů�][zž�]e nal[eé�]zt uveden[yý�] soubor|det g[aå�]r inte att hitta filen"
                          # ERROR_PATH_NOT_FOUND (3), "The system cannot find the path specified."
                          r"|kann den angegebenen pfad nicht finden|chemin d.acc[eè�]s sp[eé�]cifi[eé�] est introuvable"
                          r"|no puede (?:encontrar|hallar) la ruta especificada|impossibile trovare il percorso specificato"
                          r"|n[aã�]o (?:pode|consegue) (?:encontrar|localizar) o caminho especificado|指定されたパスが見つかりません"
                          r"|系统找不到指定的路径|系統找不到指定的路徑|не уда[её]тся найти указанный путь|지정된 경로를 찾을 수 없습니다"
                          r"|nie mo[zż�]na odnale[zź�][cć�] okre[sś�]lonej [sś�]cie[zż�]ki"
                          # (byid-common s16) "指定されたファイル/パスが見つかりません" and "系统找不到指定的..." after a wrong decode of
                          # avrdude's Shift-JIS / GBK stderr: as UTF-8 with U+FFFD (Arduino IDE 2: robo164.com/archives/1138,
                          # "can't open device "\\.\COM3": �w�肳�ꂽ�t�@�C����������܂���B"; a C1 control byte of it may be
                          # dropped by the page), as cp1252/latin-1 (Java IDE 1.x), and GBK's UTF-8/latin-1 mixture
                          r"|�w�肳�ꂽ(?:�t�@�C|�p�X)|Žw'è'³'ê'½ƒ[tp]|ϵͳ(?:�Ҳ���ָ|ÕÒ²»µ½Ö¸)|ÏµÍ³ÕÒ²»µ½Ö¸")

# (printer-vendors s11) also PrusaSlicer's firmware flasher, which logs the avrdude it links in under its own program name:
# "avrdude-slic3r -v -p atmega2560 -c wiring -P COM3 -b 115200 -D -U flash:w:0:C:\\...\\prusa3d_fw_MK3S_3_9_2.hex:i"
# (healthy-fw review s24) a session's end (7.x "avrdude done.  Thank you.", 8.x "Avrdude done.  Thank you.") and the
# micronucleus/teensy -x wait note (micronucleus.c, teensy.c 7.1-main: "press CTRL-C to terminate" after "no device found, waiting")
_SESSION_END = re.compile(r"^[Aa]vrdude(?:\.exe|_git(?:\.exe)?)?:? done\.?\s+Thank you")
_WAIT_CTRL_C = re.compile(r"(?:^|\s)(?:\S+ )?(?:\w+\(\) )?(?:error: |Error: )?press CTRL-C to terminate\s*$")
_COMMAND = re.compile(r"(?:^|[\s$#>\"'])(?:sudo\s+)?(\"?(?:[^\s\"]*[/\\])?avrdude(?:\.exe|_git(?:\.exe)?|-slic3r(?:\.exe)?)?\"?)\s+(\"?-.*)$")
# A paste that lost its line breaks (a blog, a phone, a chat) runs several messages into one line: cut it before
# every further `avrdude:` / `avrdude.exe:` prefix and read the pieces as lines.
# (winmac s6c) also a command line whose last -U operation (...hex:i) ran into the next line with no space at all
# (a GUI flasher's log copied on macOS: `-Uflash:w:FILE.hex:iavrdude.exe: ser_open(): can't open device ...`)
# (printer-vendors s11) PrusaSlicer's flasher log prefixes its messages "avrdude-slic3r: "; the Prusa forum's copy of it often
# keeps no line break at all, and sometimes not even the space ("Overriding Baud Rate : 115200avrdude-slic3r: stk500v2_recv():
# timeoutavrdude-slic3r: ..."): that built-in program name never has a path before it, so a letter or digit before it cuts too
# (intl-forums s11) avrdude 7.1-8.x main.c avrdude_message2() prints the program name, then the message type of warnings and
# errors ("avrdude warning: ", "avrdude error: ", "avrdude OS error: "; from -vv on also " func() file.c 123"), then ": ":
# a reddit or forum copy that ran such a run together ("...(probably m328p) avrdude warning: expected signature ...") cuts there too
_RUN_ON_PREFIX = r"avrdude(?:\.exe|-slic3r)?(?: (?:OS )?error| warning)?(?: \w{1,40}\(\))?(?: [\w.-]{1,40}\.c \d{1,5})?:\s"
_RUN_ON = re.compile(r"(?<=\S)\s+(?=" + _RUN_ON_PREFIX + r")|(?<=:[iasrmhdbeo])(?=avrdude(?:\.exe|-slic3r)?:\s)"
                     r"|(?<=[A-Za-z0-9)])(?=avrdude-slic3r:\s)"
                     # (education-robotics s14) a 7.1-8.x message whose format has no newline (linuxgpio.c "cannot export
                     # GPIO %d, already exported/busy?: %s") runs straight into the next: "Invalid argumentavrdude error: ..."
                     r"|(?<=[a-z])(?=avrdude (?:OS )?(?:error|warning)(?: \w{1,40}\(\))?:\s)"
                     # (serial-tool s21) a page that dropped a code box's line breaks with nothing in their place glues
                     # 6.x's plain "avrdude: " lines to whatever ended the previous one ("Overriding Baud Rate : 115200avrdude:
                     # ser_open(): ...", "...Zugriff verweigertavrdude: ...", mikrocontroller.net 566817): any character but
                     # a path separator (the binary's own path, ".../bin/avrdude: error while loading shared libraries")
                     r"|(?<=[A-Za-z0-9)\]\"'.,!])(?=avrdude(?:\.exe)?:\s)")
# (audit-avr-dfu s18) 8.x with -vv puts the function, the source file and the line between the message type and the text
# ("Error stk500v2_getsync() stk500v2.c 766: timeout communicating with programmer"): read as 7.x -v says it ("avrdude
# stk500v2_getsync() error: ..."), which the rows know with its function, when that form names the message
_VV_FORM = re.compile(r"^(?P<type>OS error|Error|Warning) (?P<func>\w{1,40})\(\) [\w.-]{1,40}\.c \d{1,5}: (?P<text>\S.*)$")


def _flip1_pid(part: str) -> str | None:
    """(audit-avr-dfu s18) The Atmel DFU bootloader's USB product id (vendor 03eb) of the part -c flip1 was used for, so a
    "no matching USB device" names what lsusb should have listed: knowledge/avr_bootloaders.toml's dfu_targets (the same
    ids avrdude.conf's usbpid gives), by avrdude's part name (m32u4 / atmega32u4, usb1286 / at90usb1286)."""
    from doctor.derive import _knowledge_toml  # the knowledge file, read when a flip1 run needs it (not at start-up)

    part = part.lower()
    name = "atmega" + part[1:] if re.fullmatch(r"m\d+u\d+", part) else "at90" + part if part.startswith("usb") else part
    return next((str(row["pid"]) for row in _knowledge_toml("avr_bootloaders.toml").get("dfu_targets", [])
                 if name in row.get("targets", [])), None)


# (audit-avr-dfu s18) whose "programmer is not responding" a message without its function is (7.1-7.3 without -v, 8.x
# without -vv): the serial bootloader protocols' receive functions, by -c (avrdude.conf's arduino and stk500 types, urclock)
_RECV_FUNC = {"arduino": "stk500_recv", "stk500v1": "stk500_recv", "stk500": "stk500_recv", "avrisp": "stk500_recv",
              "arduino_as_isp": "stk500_recv", "urclock": "urclock_recv", "avr109": "butterfly_recv", "butterfly": "butterfly_recv"}
# What the poster's own words around the paste name (prose lines in the same block): the programmer they hold,
# the board, "old bootloader", an ATmega32U4 board that uploads through the Caterina (AVR109) bootloader on a
# native-USB CDC port. Rules read them only beside a message that needs them.
_CATERINA = re.compile(r"(?i)\bleonardo\b|\bpro ?micro\b|\barduino[ :_/]+(?:avr:)?micro\b|\b(?:atmega|m)?32u4\b|\bcaterina\b"
                       r"|\bfeather ?32u4\b|\besplora\b|\blilypad ?usb\b")
_MENTIONS = (
    ("usbtiny", re.compile(r"(?i)\busb ?tiny(?:isp)?\b|\bpocket ?avr\b|\btiny ?programmer\b|\bisp500-tiny\b")),
    ("usbasp", re.compile(r"(?i)\busb ?asp\b")),
    ("nano", re.compile(r"(?i)\bnano\b(?!\s*/)|arduino:avr:nano\b")),
    ("old-bootloader", re.compile(r"(?i)\bold[ -]?boot ?loader\b|cpu=atmega328old|nanoatmega328\b(?!new)")),
    ("caterina", _CATERINA),
)
_MENTION_HINTS = ("tiny", "pocket", "asp", "nano", "old", "328", "leonardo", "micro", "32u4", "caterina", "esplora", "lilypad")
# Printable ASCII: a "not in sync" reply byte in this range is a character, not a bootloader's answer (STK500 answers
# 0x14 0x10). Several different characters over the attempts are text a running sketch prints at avrdude's baud:
# the bootloader never took the sync (it listened at another baud and timed out into the sketch, or never ran).
_PRINTABLE = range(0x20, 0x7F)
# The Arduino IDE 1.x console writes its own verdict (stdout) and avrdude's output (stderr) as they arrive, so the verdict
# can land inside an avrdude line whose rest then follows on the next line ("usbdev_open(): did not finError while burning
# bootloader." / "d any USB device ..."). Wordings: arduino/Arduino 1.6-1.8 app/src/processing/app/Editor.java,
# SketchController.java, arduino-core Uploader.java, and their translations (arduino-core i18n Resources_*.po).
_IDE_VERDICT = re.compile(
    r"(?<=\S)(?:Error while burning bootloader|An error occurred while uploading the sketch|Problem uploading to board\."
    r"|Fehler beim Brennen des Bootloaders|Beim Hochladen des Sketches ist ein Fehler aufgetreten"
    r"|Errore durante la scrittura del bootloader|Errore durante il caricamento dello sketch"
    r"|Error quemando bootloader|Ha ocurrido un error mientras se enviaba el sketch"
    r"|Erreur lors de la gravure de la s\u00e9quence d'initialisation|Une erreur est survenue lors du transfert du croquis"
    r"|Erro ao gravar o bootloader|Ocorreu um erro enquanto o sketch era carregado"
    r"|Fout bij het branden van de bootloader|Er is een fout opgetreden bij het uploaden van de schets"
    r"|Problem beim Hochladen auf das Board\.|Problema di caricamento sulla scheda\.|Problema subiendo a la placa\."
    r"|Probl\u00e8me de t\u00e9l\u00e9versement vers la carte\.|Problema ao carregar para a placa\.|Probleem bij het uploaden naar het board\.)")
_IDE_VERDICT_HINTS = ("rror", "roblem", "ehler", "rrore", "rreur", "Erro", "Fout", "fout", "ocurrido", "Ocorreu", "Probl")
# avrdude as the Arduino tools run it: the IDE's bundled copy (hardware/tools/avr, Arduino.app), the Boards Manager's
# (Arduino15/packages/<core>/tools/avrdude), Debian's arduino package, Sloeber's arduinoPlugin; seen in the command line
# the IDE echoes or in the -v header's "System wide configuration file is ..."
_ARDUINO_PATH = re.compile(r"(?i)arduino15[/\\]packages[/\\]|[/\\]hardware[/\\]tools[/\\]avr[/\\]|arduino\.app[/\\]contents[/\\]"
                           r"|/usr/share/arduino/|arduinoplugin[/\\]packages[/\\]")
_VALUES = re.compile(r"^(?:device\s+)?(0x[0-9a-fA-F]{1,2})\s*!=\s*(?:input\s+)?(0x[0-9a-fA-F]{1,2})(?:\s+at addr (0x[0-9a-fA-F]+))?")

MESSAGES = rows_of(
    group(
        "avrdude 5.x-8.x src/main.c (command line, version, verbose header)",
        Msg(None, r"^avrdude(?:\.exe)?:? [Vv]ersion (?P<version>\d[\w.\-]*)", "strong",
            example="avrdude: Version 6.3-20190619"),
        Msg(None, r"^Avrdude(?:\.exe)? version (?P<version>\d[\w.\-]*)", "strong",
            example="Avrdude version 8.0-arduino.1", src="avrdude 8.x src/main.c (the version line starts with a capital)"),
        Msg(None, r"^(?:Using Programmer|Programmer Type|Using programmer)\s*:\s*(?P<programmer>\S+)", "weak",
            example="         Using Programmer              : usbasp"),
        Msg(None, r"^(?:AVR Part|AVR part)\s*:\s*(?P<part>.+?)\s*$", "weak",
            example="         AVR Part                      : ATmega328P"),
        Msg(None, r"^(?:Using Port|Using port)\s*:\s*(?P<port>\S+)", "weak",
            example="         Using Port                    : /dev/ttyACM0"),
        Msg(None, r"^(?:Overriding Baud Rate|Setting baud rate)\s*:\s*(?P<baud>\d+)", "weak",
            example="         Overriding Baud Rate          : 115200"),
        # the part's timing fields in the -v header ("Timeout : 200"); a paste cut inside the header ends on "Timeout..."
        Msg(None, r"^(?:Timeout|StabDelay|CmdexeDelay|SyncLoops|ByteDelay|PollIndex|PollValue)\s*(?::\s*(?:0x)?\d*)?\s*(?:\.\.\.)?$",
            benign=True, example="         Timeout                       : 200"),
        # the -v header's note that ~/.avrduderc is absent (the usual case): 5.x-7.x "User configuration file does not exist or
        # is not a regular file, skipping", 8.x "User configuration file /home/u/.avrduderc does not exist"; never a failure
        Msg(None, r"^(?:avrdude\S*:?\s+)?[Uu]ser configuration file (?:[^\n]{1,300} )?(?:does not exist|is not a regular file)",
            benign=True, example="User configuration file /home/u/.avrduderc does not exist",
            src="avrdude 5.x-8.x src/main.c (-v notice)"),
        Msg("avrdude_done", r"^avrdude(?:\.exe|_git(?:\.exe)?)?:? done\.?\s+Thank you", "strong",
            example="avrdude done.  Thank you."),
        Msg("tool_missing", r"\bavrdude(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            example="bash: avrdude: command not found"),
        # (serial-host-tools s11) glibc ld.so before main(): `<argv[0]>: error while loading shared libraries: <lib>: cannot open
        # shared object file` (the libusb/libftdi/hidapi package is missing), printed with this tool's name first
        Msg("tool_missing", r"^(?:\S*[/\\])?avrdude(?:\.exe)?: error while loading shared libraries: (?P<name>[\w.+-]+\.so[\w.]*): cannot open shared object file",
            "strong", fail=True, attrs={"text": "shared library (Linux ld.so)"},
            example="avrdude: error while loading shared libraries: libusb-0.1.so.4: cannot open shared object file: No such file or directory"),
        Msg("usage_error", r"avrdude(?:\.exe)?: (?:option requires an argument -- (?P<option>\w)|invalid option -- '?(?P<bad>\w)'?)",
            "strong", fail=True, example="C:\\QMK Toolbox\\0.0.20\\avrdude.exe: option requires an argument -- P"),
        Msg(None, r"^Usage: avrdude(?:\.exe)? \[options\]", "strong", example="Usage: avrdude.exe [options]"),
        # (se-wrappers s8) main.c: 5.x-7.0 `Can't find programmer id "urclock"`, 7.1-7.3 `avrdude error: cannot find programmer
        # id urclock`, 8.x `Error: cannot find programmer id urclock` (then "Valid programmers are:"): the -c id is not in the
        # avrdude.conf that was read (an id newer than this avrdude, a typo, or another -C file)
        Msg("programmer_unknown", r"(?:Can't|cannot) find programmer id \"?(?P<programmer>[\w.+-]+)\"?", "strong", fail=True,
            example='avrdude: Can\'t find programmer id "urclock"'),
        Msg(None, r"^-[A-Za-z?] (?:<[\w-]+>(?::r\|w\|v:<\w+>\[:format\])?)?\s{2,}[A-Z]", benign=True,
            example="-F                         Override invalid signature check."),
    ),
    group(
        "avrdude 5.x-8.x src/main.c, avr.c (signature check)",
        Msg("avr_signature", r"[Dd]evice signature = (?:0x)?(?P<value>[0-9a-fA-F]{6}|(?:[0-9a-fA-F]{2}\s){2}[0-9a-fA-F]{2})"
            r"(?:\s*\((?:probably\s+)?(?P<part>[^)]*)\))?", "strong",
            example="avrdude: Device signature = 0x1e950f (probably m328p)"),
        Msg("signature_invalid", r"Yikes!\s+Invalid device signature|\binvalid device signature\b", "strong", fail=True,
            example="avrdude: Yikes!  Invalid device signature."),
        Msg("signature_mismatch", r"[Ee]xpected signature for (?P<part>\S+) is (?P<expected>[0-9A-Fa-f]{2} [0-9A-Fa-f]{2} [0-9A-Fa-f]{2})",
            "strong", fail=True, example="avrdude: Expected signature for ATmega64 is 1E 96 02"),
        Msg("avr_initialized", r"AVR device initialized and ready to accept instructions", "strong",
            example="avrdude: AVR device initialized and ready to accept instructions"),
        # avr.c avr_write(): a byte-wise write whose read-back differs (" ***failed;  " 5.x-7.0, " ***failed;" 7.1-7.3,
        # " *** failed" 8.x at the end of the progress bar); the memory is the last "writing <mem>" line's. These rows
        # stand before the progress-bar row, which would take the line first
        Msg("byte_write_failed", r"\*\*\*failed;", "strong", fail=True, example="Writing | | 0% 0.00s ***failed;"),
        Msg("byte_write_failed", r"^Writing \|.*\*\*\* failed\s*$", "weak", fail=True,
            example="Writing | | 0% 0.00 s *** failed"),
        # (intl-c s7) not when avrdude's next message is glued to the bar's time ("| 9% 0.16savrdude: stk500_loadaddr():
        # ..." when the paste lost the newline): that line is the message's, read by its own row
        Msg(None, r"^(?:Reading|Writing) \| [# ]*\|? ?\d+%(?! ?[\d.]+ ?s ?avrdude)", "strong",
            example="Reading | ################################################## | 100% 0.01s"),
    ),
    group(
        "avrdude 5.x-8.x src/stk500.c, stk500v2.c, butterfly.c, avr910.c, arduino.c (serial programmers, bootloaders)",
        Msg("not_in_sync", r"attempt (?P<tries>\d+) of (?P<of>\d+): not in sync(?:: resp=(?P<resp>0x[0-9a-fA-F]{2}))?", "strong", fail=True,
            convert=(("tries", int),), example="avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00"),
        Msg("not_in_sync", r"(?:stk500_\w+\(\)|getsync\(\))?:? ?(?:programmer )?not in sync[,:] resp=(?P<resp>0x[0-9a-fA-F]{2})", "strong", fail=True,
            example="avrdude: stk500_getsync(): not in sync: resp=0x30"),
        # (avr s8) stk500.c getsync's last word after the attempts ran out, with the last reply byte: 5.x-6.x
        # "stk500_getsync(): can't communicate with device: resp=0xeb", 7.x "avrdude stk500_getsync() error: cannot
        # communicate ...", 8.x "Error: cannot communicate with device: resp=0xeb": the same event as an attempt's line
        Msg("not_in_sync", r"(?:can't|cannot) communicate with device: resp=(?P<resp>0x[0-9a-fA-F]{2})", "strong", fail=True,
            example="avrdude: stk500_getsync(): can't communicate with device: resp=0xeb",
            src="avrdude 5.x-8.x src/stk500.c stk500_getsync()"),
    ),
    group(
        # (intl-c s7) stk500.c/arduino.c/urclock.c: a reply byte other than STK_INSYNC (0x14) or STK_OK (0x10) to a command
        # sent after the sync had succeeded. 5.x-7.0 "<func>(): (a) protocol error, expect=0x14, resp=0x64"; 7.1-7.3
        # "avrdude <func>() error: protocol expects sync byte 0x14 but got 0x64"; 8.x "Error: protocol expects ...". During
        # the page writes/reads (loadaddr, paged_write, paged_load) the link answered and then broke mid-transfer: phase
        # "transfer"; at the start (program_enable, initialize, getparm, disable) the device answered with something else
        "avrdude 5.x-8.x src/stk500.c, arduino.c, urclock.c (STK500v1 reply bytes)",
        Msg("stk500_protocol_error", r"\b(?P<func>stk500_paged_write|stk500_paged_load|stk500_loadaddr|loadaddr)\(\)(?: error)?:? "
            r"(?:\([ab]\) )?protocol error, expect=(?P<expect>0x[0-9a-fA-F]{2}), resp=(?P<resp>0x[0-9a-fA-F]{2})", "strong", fail=True,
            attrs={"phase": "transfer"}, example="avrdude: stk500_paged_write(): (a) protocol error, expect=0x14, resp=0x64"),
        Msg("stk500_protocol_error", r"\b(?P<func>\w+)\(\)(?: error)?:? (?:\([ab]\) )?protocol error, expect=(?P<expect>0x[0-9a-fA-F]{2}), "
            r"resp=(?P<resp>0x[0-9a-fA-F]{2})", "strong", fail=True,
            example="avrdude: stk500_program_enable(): protocol error, expect=0x14, resp=0x50"),
        Msg("stk500_protocol_error", r"\b(?P<func>stk500_paged_write|stk500_paged_load|stk500_loadaddr)\(\) error: protocol expects "
            r"(?P<byte>sync|OK) byte (?P<expect>0x[0-9a-fA-F]{2}) but got (?P<resp>0x[0-9a-fA-F]{2})", "strong", fail=True,
            attrs={"phase": "transfer"}, example="avrdude stk500_paged_write() error: protocol expects sync byte 0x14 but got 0x64"),
        # (arduino-forum s9) 7.1-7.3 name the function for every command, not only the page transfers: the session's first
        # requests (getparm, initialize, program_enable) keep their function as in 5.x-7.0
        Msg("stk500_protocol_error", r"\b(?P<func>stk500_\w+|arduino_\w+|urclock_\w+)\(\) error: protocol expects "
            r"(?P<byte>sync|OK) byte (?P<expect>0x[0-9a-fA-F]{2}) but got (?P<resp>0x[0-9a-fA-F]{2})", "strong", fail=True,
            example="avrdude stk500_getparm() error: protocol expects sync byte 0x14 but got 0x14",
            src="avrdude 7.1-7.3 src/stk500.c (from the source's format)"),
        # 8.x prints no "avrdude" before it: a line of an avrdude run, not the start of one
        Msg("stk500_protocol_error", r"protocol expects (?P<byte>sync|OK) byte (?P<expect>0x[0-9a-fA-F]{2}) but got (?P<resp>0x[0-9a-fA-F]{2})",
            "weak", fail=True, example="Error: protocol expects OK byte 0x10 but got 0x14"),
        Msg("stk500_out_of_sync", r"\bprogrammer is out of sync\b", "strong", fail=True,
            example="avrdude: stk500_cmd(): programmer is out of sync"),
    ),
    group(
        "avrdude 5.x-8.x src/stk500.c, stk500v2.c, butterfly.c, avr910.c, arduino.c (serial programmers, bootloaders)",
        # (audit-avr-dfu s18) ser_posix.c / ser_win32.c 6.x-8.x (-v): select() was interrupted (EINTR) and is simply called again;
        # no failure ("avrdude: ser_drain(): programmer is not responding, reselecting", 8.x "Warning: ... reselecting")
        Msg(None, r"programmer is not responding, reselecting\s*$", "weak", benign=True,
            example="avrdude: ser_recv(): programmer is not responding, reselecting", src="avrdude 6.x-8.x src/ser_posix.c, ser_win32.c"),
        # (audit-avr-dfu s18) 7.1-7.3 urclock.c says it as a warning ("avrdude urclock_recv() warning: programmer is not responding")
        Msg("programmer_not_responding", r"\b(?P<func>\w+)\(\)(?: error| warning)?:? programmer is not responding", "strong", fail=True,
            example="avrdude: butterfly_recv(): programmer is not responding"),
        # a paste cut inside the message (a forum's line limit, a copied screen): the function and the start of the words
        Msg("programmer_not_responding", r"\b(?P<func>\w+_recv)\(\)(?: error| warning)?:? programmer is not resp(?!onding)\w*\s*(?:\.\.\.|\u2026)?\s*$",
            "strong", fail=True, example="avrdude: stk500_recv(): programmer is not respond"),
        Msg("programmer_not_responding", r"(?P<func>stk500v2)_ReceiveMessage\(\)(?: error)?:? timeout", "strong", fail=True,
            example="avrdude: stk500v2_ReceiveMessage(): timeout"),
        Msg("programmer_not_responding", r"(?P<func>stk500v2)_getsync\(\)(?: error)?:? timeout communicating with programmer", "strong", fail=True,
            example="avrdude: stk500v2_getsync(): timeout communicating with programmer"),
        Msg("programmer_not_responding", r"\bprogrammer is not responding\b", "weak", fail=True,
            example="avrdude error: programmer is not responding"),
        Msg("programmer_not_responding", r"programmer did not respond to command: (?P<command>.+?)\s*$", "strong", fail=True,
            example="avrdude: error: programmer did not respond to command: set addr"),
        # jtagmkII.c 5.x-8.x (JTAG ICE mkII, AVR Dragon, jtag2updi/Nano Every): the sign-on got no reply (status -1 and lower)
        Msg("programmer_not_responding", r"sign-on command: status (?P<code>-\d+)", "strong", fail=True, attrs={"func": "jtagmkII_getsync"},
            convert=(("code", int),), example="avrdude: jtagmkII_getsync(): sign-on command: status -1",
            src="avrdude 5.x-6.x 'jtagmkII_getsync(): sign-on command: status -1', 7.x-8.x 'jtagmkII_getsync() warning: attempt 1 of 10: ...'"),
        # (avr s8) urclock.c 7.1-8.x set_uP(): urclock reads the bootloader's MCU id from its sync reply; an id no AVR has
        # means bytes did come back but garbled (the bootloader's baud rate off: an internal RC clock, a 3.3 V part, another
        # speed than -b), not silence. 7.x "avrdude warning: uP_table does not know mcuid 1753", 8.x "Warning: uP_table ..."
        Msg("urclock_unknown_mcuid", r"uP_table does not know mcuid (?P<mcuid>-?\d{1,6})", "strong", convert=(("mcuid", int),),
            example="avrdude warning: uP_table does not know mcuid 1753", src="avrdude 7.1-8.x src/urclock.c set_uP()"),
        Msg("programmer_found", r"Found programmer: Id = \"(?P<id>[^\"]*)\"", "strong",
            example='Found programmer: Id = "CATERIN"; type = S'),
        # butterfly.c prints this before the first exchange with an AVR109 (Caterina) bootloader; a run that ends on it
        # (nothing after: no "Found programmer", no error) hung waiting for a bootloader that never answered
        Msg("butterfly_connecting", r"^Connecting to programmer: ?\.?$", "strong", example="Connecting to programmer: ."),
        # (6.x-7.0 print it on two lines, "... but does not" / "provide a cmd() method.": the first line is enough)
        # avr.c/stk500.c 7.x "<type> programmer uses avr_write_page() but does not provide a cmd() method", 8.x "... without
        # providing a cmd() method": a paged write failed and the byte-wise fallback does not exist for this programmer
        Msg("paged_fallback_unsupported", r"\b(?P<ptype>\w{1,20}) programmer uses (?P<func>\w{1,30})\(\) (?:but does not(?: provide a cmd\(\) method|$)|without providing a cmd\(\) method)",
            "strong", fail=True, example="avrdude: error: butterfly programmer uses avr_write_page() but does not provide a cmd() method"),
        Msg("bootloader_wrong_protocol", r"buffered memory access not supported\. Maybe it isn't", "strong", fail=True,
            example="avrdude: error: buffered memory access not supported. Maybe it isn't"),
    ),
    group(
        "avrdude 5.x-8.x src/main.c, stk500*.c, usbasp.c, usbtiny.c, jtag3.c (ISP initialisation)",
        # usbasp.c 5.x-8.x program enable: the byte after "answer" is the USBasp firmware's reply, 1 when the chip did not
        # enter programming mode; the reply buffer starts zeroed, so 0 means the USB transfer itself returned no byte
        # (6.x "target doesn't answer. 0", 7.x-8.x "target does not answer (0x00)")
        Msg("target_no_answer", r"target does(?:n't| not) answer(?:(?:\. ?| \(0x)(?P<answer>[0-9a-fA-F]{1,2})\b)?", "strong", fail=True,
            convert=(("answer", lambda t: int(t, 16)),), example="avrdude: error: program enable: target doesn't answer. 1"),
        Msg("target_no_answer", r"device is not responding to program enable", "strong", fail=True,
            example="avrdude: stk500v2_program_enable(): device is not responding to program enable. Check connection."),
        Msg("init_failed", r"initiali[sz]ation failed,?\s*\(?\s*rc\s*=\s*(?P<code>-?\d+)", "strong", fail=True,
            convert=(("code", int),), example="avrdude: initialization failed, rc=-1"),
        # usbtiny.c 5.x-8.x with -vv prints each ISP command and the four bytes that came back; a chip that took the
        # program-enable command (ac 53 00 00) echoes 0x53 in the third byte: anything else is no answer
        Msg("target_no_answer", r"CMD:? \[ac 53 00 00\] \[[0-9a-fA-F]{2} [0-9a-fA-F]{2} (?!53 )(?P<echo>[0-9a-fA-F]{2}) [0-9a-fA-F]{2}\]",
            "strong", fail=True, attrs={"via": "usbtiny program enable"}, example="CMD: [ac 53 00 00] [00 00 00 00]",
            src="avrdude 5.x-8.x src/usbtiny.c usbtiny_cmd (-vv)"),
        Msg("isp_clock_hint", r"ISP clock is too fast for the target|target clock speed error", "strong", fail=True,
            example="        The programmer ISP clock is too fast for the target"),
        # a warning: old USBasp firmware keeps its default clock; uploads to a chip clocked fast enough still succeed
        Msg("sck_unsettable", r"(?i)can ?not set sck period", "strong", benign=True,
            example="avrdude: warning: cannot set sck period. please check for usbasp firmware update."),
        # stk500v2.c stk500v2_program_enable (5.x-8.x): after a failed program enable the AVRISP mkII / STK600 reports what
        # its own line checks found ("RST fail", "SCK fail", "MOSI fail"/"SDO fail", "Target not detected", "Target reverse
        # inserted"); no flag at all ("Unknown status 0x00") means the lines checked out and only the ISP sync failed
        Msg("isp_connection_status", r"bad (?P<programmer>AVRISPmkII|STK600) connection status: (?P<text>.+?)\s*$", "strong", fail=True,
            example="avrdude: stk500v2_program_enable(): bad AVRISPmkII connection status: Unknown status 0x00"),
    ),
    group(
        "avrdude 5.x-8.x src/jtagmkII.c, serialupdi.c, avr.c, main.c (UPDI/JTAG link to the target, signature read)",
        # jtagmkII.c: the programmer (JTAG ICE mkII protocol: jtag2updi, Nano Every, Dragon) answered, the target did not
        # take the command: RSP_ILLEGAL_MCU_STATE is what jtag2updi sends when the UPDI link to the chip is down (no power,
        # no UPDI wire or series resistor, UPDI pin turned into GPIO/RESET); RSP_NO_TARGET_POWER says so outright
        Msg("target_link_failed", r"bad response to (?P<command>enter progmode|reset|read memory|write memory|chip erase|xmega erase|set device descriptor) command: (?P<rsp>RSP_ILLEGAL_MCU_STATE|RSP_NO_TARGET_POWER)\b",
            "strong", fail=True, attrs={"via": "jtagmkII"},
            example="avrdude: jtagmkII_program_enable(): bad response to enter progmode command: RSP_ILLEGAL_MCU_STATE"),
        # (audit-esp-nrf-updi s11) jtagmkII.c 5.x-8.x getsync(): something answered on the port, but not as a JTAG ICE mkII
        # (6.x-7.0 'Programmer is neither ...', 7.1-8.x 'programmer is neither ...'): another device or firmware than jtag2updi
        # (a Nano still running its sketch or Optiboot, the wrong port), or a JTAG ICE mkII answering the sign-on with an error
        Msg("programmer_wrong_type", r"[Pp]rogrammer is neither JTAG ICE mkII nor AVR Dragon|bad response to sign-on command: (?P<rsp>RSP_\w+)", "strong",
            fail=True, example="avrdude: Programmer is neither JTAG ICE mkII nor AVR Dragon",
            src="avrdude 5.x-8.x src/jtagmkII.c jtagmkII_getsync() (from the source's format)"),
        # the frames that came back were not JTAG ICE mkII frames (noise, a sketch printing, another baud)
        Msg(None, r"jtagmkII_recv(?:_frame)?\(\):? (?:msglen \d+ exceeds max message size|unknown state|wrong checksum)|"
            r"jtagmkII_recv_frame\(\) (?:error|warning): (?:msglen \d+ exceeds max message size|unknown state|wrong checksum)", "strong", fail=True,
            example="avrdude: jtagmkII_recv(): msglen 8323072 exceeds max message size 100000, ignoring message",
            src="avrdude 5.x-8.x src/jtagmkII.c jtagmkII_recv_frame() (from the source's format)"),
        # the programmer answered, the command failed on the target for another reason than the UPDI/JTAG link being down
        Msg("jtag_command_failed", r"bad response to (?P<command>enter progmode|reset|read memory|write memory|chip erase|xmega erase|set device descriptor|"
            r"set parameter|leave progmode|GO) command: (?P<rsp>RSP_(?!ILLEGAL_MCU_STATE\b|NO_TARGET_POWER\b)\w+)", "strong", fail=True,
            example="avrdude: jtagmkII_paged_write(): bad response to write memory command: RSP_FAILED",
            src="avrdude 5.x-8.x src/jtagmkII.c (from the source's format)"),
        Msg(None, r"JTAGEN fuse disabled\?", "strong", fail=True, example="avrdude jtagmkII_program_enable() error: JTAGEN fuse disabled?",
            src="avrdude 5.x-8.x src/jtagmkII.c (from the source's format)"),
        Msg(None, r"S_MCU firmware version might be too old to work correctly|OCDEN fuse not programmed, single-byte EEPROM updates not possible",
            "strong", benign=True, example="avrdude: jtagmkII_getsync(): S_MCU firmware version might be too old to work correctly",
            src="avrdude 5.x-8.x src/jtagmkII.c (from the source's format)"),
        # serialupdi.c 7.0-8.x: the UPDI datalink to the chip (USB-serial adapter + resistor/diode) never came up
        Msg("target_link_failed", r"UPDI link initiali[sz]ation failed", "strong", fail=True, attrs={"via": "serialupdi"},
            example="avrdude serialupdi_initialize() [serialupdi.c:569] error: UPDI link initialization failed"),
        # avr.c/main.c: 5.x-6.x 'error reading signature data for part "X", rc=-2' / 'error reading signature data, rc=-2',
        # 7.x-8.x 'unable to read signature data for part X (rc = -2)' / 'unable to read signature data (rc = -2)'
        Msg("signature_unreadable", r"(?:error reading|unable to read) signature data(?: for part \"?(?P<part>[\w-]{1,40})\"?)?,? ?\(?rc ?= ?(?P<code>-?\d{1,4})",
            "strong", fail=True, convert=(("code", int),),
            example='avrdude: error reading signature data for part "ATtiny404", rc=-2'),
    ),
    group(
        "Arduino IDE 1.x-2.x / arduino-cli platform recipes (boards.txt, platform.txt, programmers.txt) as avrdude quotes them",
        # (arduino-forum s9) the IDE builds avrdude's command from the board package's recipe; a property the package does
        # not define for the chosen board or programmer stays as its literal placeholder and avrdude quotes it back:
        # 'invalid baud rate specified '{upload.speed}'' (megaTinyCore#849/#1030), 'invalid byte value
        # ({bootloader.unlock_bits}) specified for immediate mode' and 'read from file '{bootloader.unlock_bits}' failed'
        # (TCWORLD ATTinyCore#31). Not the chip, the port or the image: the core's definition (update or reinstall it)
        Msg("unexpanded_property", r"\{(?P<property>(?:upload|bootloader|build|runtime|program|serial|tools|protocol|cmd)\.[a-z0-9_.-]{1,80})\}",
            fail=True, example="avrdude: invalid baud rate specified '{upload.speed}'",
            src="Arduino platform specification (recipe properties); avrdude main.c / fileio.c quote the argument"),
    ),
    group(
        "avrdude 5.x-8.x src/fileio.c, update.c (the input file: Intel Hex, S-record, ELF)",
        # the image cannot be read: a .hex saved from a web page (HTML), cut short, edited, or not there at all; avrdude
        # stops before (or right after the erase) without writing anything
        Msg("image_unreadable", r"(?:invalid|not supported) record at line (?P<record>\d{1,7}) of (?P<path>.{1,300})$", "strong", fail=True, convert=(("record", int),),
            example='avrdude.exe: invalid record at line 88 of "F:\\firmware\\verdant02_vial.hex"'),
        Msg("image_unreadable", r"checksum mismatch at line (?P<record>\d{1,7}) of (?P<path>.{1,300})$", "strong", fail=True, convert=(("record", int),),
            example="avrdude error: checksum mismatch at line 12 of Blink.ino.hex"),
        Msg("image_unreadable", r"no valid record found in (?:Intel Hex|Motorola S-Record) file|read error in (?:Intel Hex|Motorola S-Record) file",
            "strong", fail=True, example="avrdude error: no valid record found in Intel Hex file firmware.hex"),
        # (avr s7) the file was read but holds data beyond the memory of the part -p names: 5.x-7.0 "ERROR: address 0x8010 out of
        # range at line 129 of FILE" (also "out of range (below fileoffset 0x..)"), 7.1-8.x "Intel Hex record [0x007e00, 0x008010]
        # out of range [0, 0x007fff]" and the S-record twin: an image too big for the chip (a bootloader that outgrew its
        # section) or built for a bigger chip than -p names; the "read from file ... failed" that follows is its consequence
        # (keyboards-arduino s21) the file name ends the line and is often lost when a long path wraps or the paste is cut
        # (profet23/atreus62#6 ends at "at line 1083"): the line is read without it too
        Msg("image_out_of_range", r"\baddress (?P<address>0x[0-9a-fA-F]{1,8}) out of range (?:\(below fileoffset [^)]{1,20}\) )?at line (?P<record>\d{1,7})(?: of(?: (?P<path>.{1,300}))?)?\s*$",
            "strong", fail=True, convert=(("record", int),),
            example="avrdude: ERROR: address 0x8010 out of range at line 129 of 2boots-arduino-atmega328p-16000000L-PD4.hex",
            src="avrdude 5.x-7.0 src/fileio.c ihex2b/srec2b"),
        Msg("image_out_of_range", r"(?:Intel Hex record|Motorola S-Record) \[0x[0-9a-fA-F]{1,8}, (?P<address>0x[0-9a-fA-F]{1,8})\] out of range \[0, (?P<limit>0x[0-9a-fA-F]{1,8})\]",
            "strong", fail=True, example="avrdude error: Intel Hex record [0x007e00, 0x00800f] out of range [0, 0x007fff]",
            src="avrdude 7.1-8.x src/fileio.c ihex2b/srec2b (an error; a warning with -F)"),
        Msg("image_unreadable", r"(?:read from file|reading from file) '?(?P<path>[^']+?)'? failed", "strong", fail=True,
            example="avrdude.exe: read from file 'F:\\firmware\\verdant02_vial.hex' failed"),
        Msg("image_unreadable", r"can(?:'t|not) (?:determine|auto detect) file format for", "strong", fail=True,
            example="avrdude error: cannot determine file format for firmware.bin, specify explicitly"),
        Msg("image_unreadable", r"can(?:'t|not) open input file", "strong", fail=True, attrs={"missing": True},
            example='avrdude: can\'t open input file "firmware.hex": No such file or directory'),
        # (gather-host s20) -U's :<format> letter this avrdude does not know: <=7.1 update.c "invalid file format '%s' in update
        # specifier", 7.2-7.3 "invalid file format :%c in -U %s; known formats are", 8.x fileio.c "invalid file format :%c;
        # known formats are". The letters came in over the versions (5.x a s i r m b d h o; e ELF 6.0; I 7.1; R 7.2), so
        # a newer tool's letter means an older avrdude (avr-rust/blink#21: WinAVR-20100110's 5.10 on PATH and ':e')
        Msg("format_unsupported", r"invalid file format '(?P<format>[^'\s]{1,12})' in update specifier", "strong", fail=True,
            example="avrdude: invalid file format 'e' in update specifier", src="avrdude 5.x-7.1 src/update.c parse_op"),
        Msg("format_unsupported", r"invalid file format :(?P<format>\S)(?: in -U \S*)?; known formats are", "strong", fail=True,
            example="avrdude error: invalid file format :e in -U flash:w:blink.elf:e; known formats are",
            src="avrdude 7.2-8.x src/update.c / fileio.c fileio_format_with_errmsg"),
        # 6.0-8.x built without libelf (configure found no libelf): the ELF format is known but cannot be read
        Msg("format_unsupported", r"can(?:'t|not) handle ELF file (?P<path>.{1,300}?), ELF file support was not compiled in", "strong", fail=True,
            attrs={"format": "e", "reason": "not_compiled_in"},
            example="avrdude: can't handle ELF file blink.elf, ELF file support was not compiled in"),
    ),
    group(
        "avrdude 5.x-8.x src/usbasp.c, usbtiny.c, usb_libusb.c, usbdevs (USB programmers)",
        Msg("usb_programmer_not_found", r"(?:could not|cannot|can't) find USB device(?: \"(?P<product>[^\"]*)\")? with "
            r"vid=(?P<vid>0x[0-9a-fA-F]+) pid=(?P<pid>0x[0-9a-fA-F]+)(?:\s+vendor='(?P<manufacturer>[^']*)')?(?:\s+product='(?P<product2>[^']*)')?",
            "strong", fail=True,
            example="avrdude.exe: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'"),
        Msg("usb_programmer_not_found", r"(?:[Cc]ould not|[Cc]annot|[Cc]an't) find USBtiny device \((?P<vid>0x[0-9a-fA-F]+)/(?P<pid>0x[0-9a-fA-F]+)\)",
            "strong", fail=True, attrs={"product": "USBtiny"}, example="avrdude: Error: Could not find USBtiny device (0x1781/0xc9f)"),
        Msg("usb_programmer_not_found", r"usbdev_open\(\)(?: error)?:? did not find any(?: \(matching\))? USB device \"(?P<product>[^\"]*)\""
            r"(?: \((?:0x)?(?P<vid>[0-9a-fA-F]{4}):(?:0x)?(?P<pid>[0-9a-fA-F]{4})\))?", "strong", fail=True,
            example='avrdude: usbdev_open(): did not find any USB device "usb" (0x03eb:0x2104)',
            src="avrdude 5.x-7.3 src/usb_libusb.c (AVRISP mkII, JTAG ICE mkII, STK600, Dragon: -P usb)"),
        Msg("usb_programmer_not_found", r"did not find any(?: \(matching\))? USB device \"?(?P<product>[^\"\s]+)\"? \((?:0x)?(?P<vid>[0-9a-fA-F]{4}):(?:0x)?(?P<pid>[0-9a-fA-F]{4})\)",
            "strong", fail=True, example="avrdude error: did not find any USB device usb (03eb:2104)",
            src="avrdude 8.x src/usb_libusb.c (an error since 8.0, without the function name and quotes)"),
        Msg("usb_access_denied", r"found but could not access USB device \"?(?P<product>[^\"\s]+)\"? \((?:0x)?(?P<vid>[0-9a-fA-F]{4}):(?:0x)?(?P<pid>[0-9a-fA-F]{4})\)",
            "strong", fail=True, example="avrdude error: found but could not access USB device usb (03eb:2104)",
            src="avrdude 8.x src/usb_libusb.c (the device is on the bus, opening it failed)"),
        Msg("usb_access_denied", r"USB access errors detected", "strong", fail=True, attrs={"session_note": True},
            example="USB access errors detected; this could have many reasons; if it is",
            src="avrdude 8.x src/main.c (summary after any USB open that failed for want of access)"),
        Msg("usb_programmer_not_found", r"(?:[Dd]id not find any device|[Nn]o device found) matching VID (?P<vid>0x[0-9a-fA-F]+) and PID list: (?P<pid>0x[0-9a-fA-F]+)",
            "strong", fail=True, example="Error jtag3_open_common() jtag3.c 1735: no device found matching VID 0x04d8 and PID list: 0x2177, 0x2178, 0x2179",
            src="avrdude 6.x-8.x src/jtag3.c, pickit5.c (Atmel-ICE, JTAGICE3, PICkit 4/5, SNAP, Xplained boards over HID or libusb)"),
        Msg("usb_programmer_not_found", r"USB device with VID: (?P<vid>0x[0-9a-fA-F]+) and PID: (?P<pid>0x[0-9a-fA-F]+) not found", "strong", fail=True,
            example="USB device with VID: 0x03eb and PID: 0x2177 not found",
            src="avrdude 7.1-8.x src/usb_hidapi.c (hid_open failed: not present, or present and not openable)"),
        Msg("usb_programmer_not_found", r"usbhid_open\(\)(?: error)?:? [Nn]o device found|\bno USB HID devices found", "strong", fail=True,
            example="avrdude: usbhid_open(): No device found", src="avrdude 6.x-7.0 src/usb_hidapi.c; 7.1+ with a serial number"),
        Msg("usb_access_denied", r"[Ff]ound device, but hid_open_path\(\) failed", "strong", fail=True,
            example="avrdude usbhid_open() error: found device, but hid_open_path() failed", src="avrdude 7.x-8.x src/usb_hidapi.c"),
        # (audit-avr-dfu s18) dfu.c dfu_init(), the Atmel DFU bootloaders (-c flip1: ATmega16U2/32U4, AT90USB; -c flip2: XMEGA,
        # UC3): no device on the bus with the part's VID:PID (5.x-7.0 "Error: No matching USB device found", 7.1-7.3 "avrdude error:
        # no matching USB device found", 8.x "Error: ..."): not in its DFU bootloader, or (Windows) no libusb driver lets it be
        # listed. Then usb_open() failing on the device found names the bus and device and the C library's reason: EACCES is
        # the Linux node without a udev rule
        Msg("usb_programmer_not_found", r"(?:^avrdude\S*:? Error: |^avrdude(?:\.exe)?(?: dfu_\w{1,12}\(\))? error: |^Error: |dfu_\w{1,12}\(\) dfu\.c \d+: )"
            r"[Nn]o matching USB device found\s*$", "none", fail=True, attrs={"via": "dfu"},
            example="avrdude: Error: No matching USB device found",
            src="avrdude 5.x-8.x src/dfu.c dfu_init (from the source's format)"),
        Msg("usb_access_denied", r"(?:^avrdude\S*:? Error: |[Ee]rror: |dfu\.c \d+: )USB device at \d{1,3}:\d{1,3}: "
            r"(?P<text>[^\n]{0,80}?(?:Permission denied|Access denied|insufficient permissions|Operation not permitted))", "none", fail=True,
            attrs={"via": "dfu"}, example="avrdude: Error: USB device at 001:012: Permission denied",
            src="avrdude 5.x-8.x src/dfu.c dfu_init, usb_strerror() of libusb-compat (from the source's format)"),
        Msg("usb_strings_seen", r"[Ss]een device from vendor -?>(?P<manufacturer>[^<>]*)<-?\s*$", "strong",
            example="Seen device from vendor >www.fischl.de<", src="avrdude 5.x-8.x src/usbasp.c (-vv; 5.x-7.x: ->www.fischl.de<-)"),
        Msg("usb_strings_seen", r"[Ss]een product -?>(?P<product>[^<>]*)<-?\s*$", "strong",
            example="avrdude: seen product ->USBasp<-", src="avrdude 5.x-8.x src/usbasp.c (-vv)"),
        # (audit-avr-dfu s18) jtag3.c 5.11-8.x jtag3_open_common() (Atmel-ICE, JTAGICE3, EDBG/mEDBG boards, PICkit 4, Curiosity
        # Nano), 8.x pickit5.c: -P named a serial port, where these USB programmers take usb[:serial] (the board's own COM port
        # is its USB-serial bridge, not the programmer): 5.x-7.0 'jtag3_open_common(): JTAGICE3/EDBG port names must start
        # with "usb"', 7.1-8.x without the quotes
        Msg("usage_error", r"(?:JTAGICE3/EDBG )?port names must start with \"?usb\"?", "strong", fail=True,
            example='avrdude: jtag3_open_common(): JTAGICE3/EDBG port names must start with "usb"',
            src="avrdude 5.11-8.x src/jtag3.c jtag3_open_common, 8.x src/pickit5.c (from the source's format)"),
        Msg("usage_error", r"invalid -P (?P<port>\S+?);? drop -P option or use -P usb", "strong", fail=True,
            example="avrdude usbdev_open() error: invalid -P /dev/usbasp; drop -P option or use -P usb[:<vid>:<pid>][:<serno>]",
            src="avrdude 8.x src/usb_libusb.c: a USB programmer's -P must be usb or usb:..."),
        Msg("usb_access_denied", r"(?:cannot read|reading) (?:serial number|product name),? \"?[^\n]{0,120}?(?:Operation not permitted|Permission denied|Access denied|LIBUSB_ERROR_ACCESS)",
            "strong", fail=True, example='avrdude: usb_open(): cannot read serial number "error sending control message: Operation not permitted"',
            src="avrdude 5.x-7.x src/usb_libusb.c (usb_open(): cannot read ...), 8.x (warning: reading serial number, ...)"),
        Msg("usb_strings_unreadable", r"usb_open\(\)(?: error| warning)?:? cannot read (?:serial number|product name)|warning: reading (?:serial number|product name), ",
            "strong", fail=True, example='avrdude: usb_open(): cannot read product name "could not get descriptor: Invalid argument"',
            src="avrdude 5.x-8.x src/usb_libusb.c (the device is there, its strings could not be read)"),
        Msg("usb_strings_unreadable", r"cannot query (?P<what>manufacturer|product) for device", "strong", fail=True,
            example="avrdude: Warning: cannot query manufacturer for device: No such file or directory"),
        Msg("usb_access_denied", r"cannot open USB device:? [^\n]{0,120}?(?:Permission denied|Access denied|insufficient permissions|Operation not permitted)",
            "strong", fail=True, example="avrdude: Warning: cannot open USB device: Permission denied"),
        # usb_libusb.c 7.x-8.x usbdev_open (AVRISP mkII, JTAG ICE mkII, STK600, Dragon): 7.x 'avrdude usbdev_open() error: cannot
        # open device: Permission denied', 8.x 'Warning: cannot open device: Permission denied' (on Windows: the device is bound
        # to a driver libusb-1.0 cannot use)
        Msg("usb_access_denied", r"cannot open device:? (?:Permission denied|Access denied|insufficient permissions|Operation not permitted|LIBUSB_ERROR_ACCESS)",
            "strong", fail=True, example="Warning: cannot open device: Permission denied",
            src="avrdude 7.x-8.x src/usb_libusb.c usbdev_open"),
        Msg("usb_access_denied", r"LIBUSB_ERROR_ACCESS|error sending control message: Operation not permitted", fail=True,
            example="avrdude: error: usbasp_transmit: error sending control message: Operation not permitted"),
        # (attiny-vusb s14) a control transfer to the opened programmer failed with another error (EIO, a timeout, Windows'
        # libusb0 "sending control message failed, win error ..."): usbtiny.c 5.x-7.0 "usbtiny_transmit: %s" (usb_control),
        # "usbtiny_receive: %s (expected %d, got %d)" (usb_in), "usbtiny_send: ..." (usb_out); 7.1-8.x the same through
        # pmsg_error from usb_control()/usb_in()/usb_out() ("avrdude usb_in() error: ..."; 8.x -v "Error usb_in() usbtiny.c
        # 139: ..."); usbasp.c 5.x-8.x "usbasp_transmit: %s". The programmer (or a V-USB bootloader posing as one: Trinket,
        # Gemma) stopped answering over USB, so the chip was never reached and the "initialization failed, rc=-1" after it
        # says nothing about the target. A refused transfer (Operation not permitted) is the access row above
        Msg("usb_io_error", r"\b(?:usbtiny_(?:transmit|receive|send)|usbasp_transmit)(?:\(\))?(?: error| usb(?:tiny|asp)\.c \d+)?: (?P<error>\S.*)$",
            "strong", fail=True, example="avrdude: error: usbtiny_transmit: Input/output error",
            src="avrdude 5.x-8.x src/usbtiny.c usb_control/usb_in/usb_out, src/usbasp.c usbasp_transmit"),
        Msg("usb_io_error", r"\busb_(?:control|in|out)\(\)(?: error| usbtiny\.c \d+)?: (?P<error>\S.*)$",
            "strong", fail=True, example="avrdude usb_in() error: Input/output error (expected 4, got -5)",
            src="avrdude 7.1-8.x src/usbtiny.c usb_control/usb_in/usb_out (pmsg_error names the function)"),
    ),
    group(
        "avrdude 5.x-8.x src/main.c, update.c, avr.c (write, verify, fuses)",
        Msg("verify_mismatch", r"verification (?:error|mismatch)[,;:]?\s*first mismatch at byte (?P<address>0x[0-9a-fA-F]+)", "strong", fail=True,
            example="avrdude: verification error, first mismatch at byte 0x0000"),
        Msg(None, r"^(?:avrdude\S*(?:\s+\w+\(\))?(?:\s+(?:error|warning))?:?\s+)?(?P<mem>[a-z]\w*) verification mismatch\b", "strong",
            example="avrdude update_dryrun() error: efuse verification mismatch"),
        Msg(None, r"\(read only location: ignored\)", benign=True,
            example="avrdude: 0x1f != 0x00 at addr 0x7e00 (read only location: ignored)"),
        Msg("fuse_unused_bits", r"invalid value for unused bits in fuse \"?(?P<memory>\w+)\"?", "strong",
            example='avrdude: warning: invalid value for unused bits in fuse "efuse", should be set to 1 according to datasheet'),
        Msg("bytes_written", r"\b(?P<count>\d+) bytes? (?:of )?(?P<memory>\w+) written", "weak", convert=(("count", int),),
            example="avrdude: 28672 bytes of flash written"),
        Msg("bytes_verified", r"\b(?P<count>\d+) bytes? (?:of )?(?P<memory>\w+) verified", "weak", convert=(("count", int),),
            example="avrdude: 28672 bytes of flash verified"),
        # (avr-isp s12) update.c 7.x-8.x names the value and the memory on one line before writing an immediate (-U hfuse:w:0x5f:m);
        # a fuse value that programs RSTDISBL (derive.avr_reset_fuse) shuts ISP out afterwards
        Msg("fuse_input", r"reading input file \"?(?P<value>0x[0-9a-fA-F]{1,2}|0b[01]{1,8})\"? for (?P<memory>[lhe]fuse|fuse[0-9]?)\b", "weak",
            example="avrdude: reading input file 0x5f for hfuse", src="avrdude 7.x-8.x src/update.c"),
        # 5.x-6.x update.c: 'reading input file "0x5f"', the memory on the next line ('writing hfuse (1 bytes):')
        Msg(None, r"reading input file \"(?P<fuse_value>0x[0-9a-fA-F]{1,2}|0b[01]{1,8})\"\s*$",
            example='avrdude: reading input file "0x5f"', src="avrdude 5.x-6.x src/update.c"),
        Msg(None, r"^(?:avrdude\S*:\s+)?(?:writing|verifying|reading on-chip|reading|Writing|Verifying|Reading)\s+(?:input file\s+)?"
            r"(?P<mem>efuse|hfuse|lfuse|fuse[0-9]?|flash|eeprom|lock|lockbits|signature|calibration)\b",
            example="avrdude: writing efuse (1 bytes):"),
        Msg("fuses_ok", r"safemode: Fuses OK", "strong", example="avrdude: safemode: Fuses OK (E:FF, H:D8, L:FF)"),
        # (avr s8) safemode.c 5.x-6.x (safemode is gone in 7.0): the fuse read twice gave two values. The session had got
        # past the sync and the signature, so the link worked and then lost bytes: an unreliable programmer or USB-serial
        # link, not a bootloader that never answered
        Msg("safemode_unreliable", r"safemode: Verify error - unable to read (?P<memory>\w+) properly", "strong", fail=True,
            example="avrdude: safemode: Verify error - unable to read hfuse properly. Programmer may not be reliable.",
            src="avrdude 5.x-6.x safemode.c"),
        # (prusa-sovol s8) main.c 5.x-6.4 after the write: the fuses read back differ from those read before it, or cannot
        # be read twice alike. A bootloader (wiring, avr109, arduino) cannot write fuses at all, so a "changed" fuse
        # (typically to ff, the idle line) is a read over a link that was lost or garbled during the session
        # (avr-isp s12) the two values are kept (`was`, `now`, ints) with `bits_subset` when one has only bits the other has
        # too: an extended fuse whose unused bits read back otherwise than written ("efuse changed! Was fd, and is now 5",
        # "Was ff, and is now 1", "Was f4, and is now fc") is AVR004's, not a lost link
        Msg("safemode_unreliable", r"safemode: (?P<memory>[lhe]?fuse) changed! Was (?P<was>[0-9a-fA-F]{1,2}), and is now (?P<now>[0-9a-fA-F]{1,2})",
            "strong", fail=True, convert=(("was", lambda t: int(t, 16)), ("now", lambda t: int(t, 16))),
            example="avrdude-slic3r: safemode: hfuse changed! Was d8, and is now ff", src="avrdude 5.x-6.4 main.c"),
        Msg("safemode_unreliable", r"safemode: Sorry, reading back fuses was unreliable", "strong", fail=True,
            example="avrdude: safemode: Sorry, reading back fuses was unreliable. I have given up and exited programming mode",
            src="avrdude 5.x-6.4 main.c"),
        # pgm.c 5.x-8.x pgm_default(): the programmer lacks an optional operation avrdude tried (usbtiny, usbasp: no
        # set-SCK or LED call); avrdude carries on, and a real failure prints its own line
        Msg("programmer_op_unsupported", r"^(?:avrdude\S*(?: \w{1,30}\(\))?:? )?(?:[Ee]rror:? )?programmer operation not supported\s*$", benign=True,
            example="avrdude: programmer operation not supported", src="avrdude 5.x-8.x src/pgm.c pgm_default()"),
    ),
    group(
        "avrdude 5.x-8.x src/ser_posix.c, ser_win32.c (serial ports)",
        # a quoted port is taken whole: "2e8a:0003" or "usb:001:004" hold colons of their own
        Msg("serial_open_failed", r"ser_open\(\)(?: error)?:? can't open device (?:\"(?P<port>[^\"]+)\"|(?P<bare>[^\s\"]+?)):\s*(?P<text>.*)$", "strong", fail=True,
            example='avrdude: ser_open(): can\'t open device "\\\\.\\COM4": Access is denied.'),
        Msg("serial_open_failed", r"ser_open\(\)(?: error)?:? can't open device\b", "strong", fail=True,
            example="avrdude: ser_open(): can't open device ...", src="the same, the port and reason cut off by the poster"),
        # (audit-avr-dfu s18) 7.1-7.3 ser_posix.c prints it with pmsg_ext_error: with -v (the Arduino IDE's verbose upload,
        # PlatformIO's -v) "avrdude ser_open() OS error: cannot open port ...", which the " error" alone did not take
        Msg("serial_open_failed", r"(?:ser_open\(\)(?: (?:OS )?error| [\w.-]+\.c \d+)?:?|^avrdude(?:\.exe)?(?: OS)? error:) ?cannot open port (?P<port>\S+?):\s*(?P<text>.*)$",
            "strong", fail=True, example="avrdude ser_open() error: cannot open port /dev/ttyACM0: Permission denied",
            src="avrdude 7.1-8.x src/ser_posix.c, ser_win32.c: 'avrdude ser_open() error:' / 'avrdude ser_open() OS error:' (7.x -v), "
                "'avrdude error:' / 'avrdude OS error:' (7.x), 'Error ser_open() ser_win32.c 249:' (8.x with -vv)"),
        # (avr s7) 8.x as the Arduino tools build it (no program name: src/main.c avrdude_message2 prints the message type
        # with a capital, "OS error" for pmsg_ext_error in ser_posix.c, "Error" in ser_win32.c): IDE 2 and arduino-cli
        Msg("serial_open_failed", r"^(?:OS )?[Ee]rror: cannot open port (?P<port>\S+?):\s*(?P<text>.*)$",
            "strong", fail=True, example="OS error: cannot open port /dev/ttyACM0: Permission denied",
            src="avrdude 8.x src/ser_posix.c ser_open (pmsg_ext_error), src/ser_win32.c ser_open (pmsg_error), Arduino builds"),
        Msg("serial_open_failed", r"can't set com-state for \"?(?P<port>[^\":]+)\"?", "strong", fail=True,
            example='avrdude: ser_open(): can\'t set com-state for "\\\\.\\COM3"'),
        # (intl-c s7) 7.1-8.x ser_win32.c: "cannot set com-state for %s" (pmsg_error: "avrdude ser_open() error: ..." in 7.x,
        # "Error: ..." in the Arduino builds of 8.x), the same failure as 5.x-7.0's "can't set com-state"
        Msg("serial_open_failed", r"cannot set com-state for \"?(?P<port>[^\":\s]+)\"?", "strong", fail=True,
            example="avrdude ser_open() error: cannot set com-state for \\\\.\\COM3",
            src="avrdude 7.1-8.x src/ser_win32.c ser_open (MCUdude/MiniCore #281, avrdude 7.2-arduino.1)"),
        Msg("serial_open_failed", r"unable to open port (?P<port>\S+) for programmer (?P<programmer>\S+)", "strong", fail=True,
            example="avrdude main() error: unable to open port /dev/ttyUSB0 for programmer arduino"),
        # (intl-c s7) 7.1-7.2 main.c worded it the other way round (7.3 changed it to the row above); a USB programmer's
        # "on port usb" stays the generic error line it was (its own "cannot find USB device" line says what failed)
        Msg("serial_open_failed", r"unable to open programmer (?P<programmer>\S+) on port (?P<port>(?!usb\b)\S+)", "strong", fail=True,
            example="avrdude main() error: unable to open programmer urclock on port COM3",
            src="avrdude 7.1-7.2 src/main.c (MCUdude/MiniCore #281, avrdude 7.2-arduino.1)"),
        Msg("serial_open_failed", r"opening programmer \"(?P<programmer>[^\"]+)\" on port \"(?P<port>[^\"]+)\" failed", "strong", fail=True,
            example='avrdude: opening programmer "avr109" on port "/dev/ttyACM0" failed'),
        Msg("serial_io_error", r"ser_(?:recv|send|drain)\(\)(?: error)?:? (?:read|write) error: (?P<text>.+?)\s*$", "strong", fail=True,
            example="avrdude: ser_recv(): read error: Device not configured"),
    ),
    group(
        # (winmac s6c) the FTDI bit-bang/MPSSE programmers (ft232r, ft245r, arduino-ft232r, avrftdi: FT2232H/FT232H) open the
        # chip through libftdi over libusb: found but not openable is the libusb driver binding (Windows: FTDI's own VCP/D2XX
        # driver is bound, WinUSB via Zadig is needed by the MinGW/Linux-style builds) or, on Linux, the node's permissions
        # or ftdi_sio holding it. libftdi 0.x/1.x ftdi_usb_open_desc_index errors -4/-5
        "avrdude 6.x-8.x src/ft245r.c ft245r_open ('cannot open ftdi device: %s'), src/avrftdi.c avrftdi_open (libftdi's string)",
        Msg("ftdi_open_failed", r"(?:cannot open ftdi device: |^avrdude(?:\.exe)?(?: error)?: )(?P<reason>(?:lib)?usb_open\(\) failed|unable to claim usb device\. Make sure the default FTDI driver is not in use)",
            "strong", fail=True, example="avrdude error: cannot open ftdi device: usb_open() failed"),
    ),
    group(
        # (audit s8) messages of avrdude 5.11-8.0 that no row read before, from the source at each tag (git grep of fprintf/
        # avrdude_message/pmsg_*): the program-enable and sync failures of the ISP back ends, TPI, the USB and serial-port
        # opens, the command-line mistakes and the warnings of a run that still succeeds
        "avrdude 5.11-8.0 src/stk500.c, avr.c, usbtiny.c, wiring.c, stk500v2.c, butterfly.c, usb_hidapi.c, usb_libusb.c, ser_posix.c, "
        "main.c, jtag3.c, serialupdi.c, usbasp.c (audit s8)",
        # stk500.c stk500_program_enable(): the STK500v1 programmer (STK500, AVRISP clones) reported that the chip did not enter
        # programming mode: 5.x-6.x "stk500_program_enable(): failed to enter programming mode", 7.1-8.x "unable to enter
        # programming mode" (then "initialization failed, rc=-1"): the chip's power, ISP wiring, RESET or clock
        Msg("init_failed", r"(?:stk500_program_enable\(\)(?: error)?:? )?(?:failed|unable) to enter programming mode\s*$", "weak", fail=True,
            attrs={"via": "stk500 program enable"}, example="avrdude: stk500_program_enable(): failed to enter programming mode",
            src="avrdude 5.x-6.x 'failed to ...', 7.1-8.x 'unable to ...' src/stk500.c stk500_program_enable (from the source's format)"),
        # avr.c avr_tpi_program_enable(): an ATtiny4/5/9/10 (TPI) that never answered: 6.x prints "Error enabling TPI external
        # programming mode:Target does not reply" on one line, 7.1-8.x "target does not reply when enabling TPI external
        # programming mode"; usbtiny.c 6.4-8.x "unable to switch chip into TPI mode" and its wiring check of the TPIDATA line
        # ("MOSI->MISO check failed" 6.4, "SDO->SDI check failed" 7.x-8.x: MOSI and MISO must meet at TPIDATA through a resistor)
        Msg("init_failed", r"(?:target does not reply when enabling|[Ee]rror enabling) TPI external programming mode", "strong", fail=True,
            attrs={"via": "TPI"}, example="avrdude error: target does not reply when enabling TPI external programming mode",
            src="avrdude 6.x-8.x src/avr.c avr_tpi_program_enable (from the source's format)"),
        Msg("init_failed", r"unable to switch chip into TPI mode|(?:MOSI->MISO|SDO->SDI) check failed \(got", "strong", fail=True,
            attrs={"via": "usbtiny TPI"}, example="avrdude usbtiny_initialize() error: SDO->SDI check failed (got 0x00 0x00 0x00 0x00)",
            src="avrdude 6.4-8.x src/usbtiny.c usbtiny_initialize (from the source's format)"),
        # wiring.c 7.3-8.x: the Mega 2560's STK500v2 bootloader never answered the sync (7.3 "-xdelay=n", 8.x "-x delay=n")
        Msg("programmer_not_responding", r"stk500v2_getsync\(\) failed; try -x ?delay=", "strong", fail=True, attrs={"func": "stk500v2"},
            example="avrdude wiring_open() error: stk500v2_getsync() failed; try -xdelay=n with some n in [-80, 100]",
            src="avrdude 7.3-8.x src/wiring.c wiring_open (from the source's format)"),
        # stk500v2.c stk500v2_getsync(): 8.x drops the function name ("Error: timeout communicating with programmer"); 7.1-8.x
        # "unable to communicate with programmer (-1)" when the answer was garbage rather than nothing
        Msg("programmer_not_responding", r"(?:^|[Ee]rror: )timeout communicating with programmer\s*$", "weak", fail=True, attrs={"func": "stk500v2"},
            example="Error: timeout communicating with programmer", src="avrdude 8.x src/stk500v2.c stk500v2_getsync (from the source's format)"),
        Msg("programmer_not_responding", r"unable to communicate with programmer \((?P<code>-?\d{1,4})\)", "strong", fail=True,
            attrs={"func": "stk500v2"}, convert=(("code", int),), example="avrdude stk500v2_getsync() error: unable to communicate with programmer (-4)",
            src="avrdude 7.1-8.x src/stk500v2.c stk500v2_getsync (from the source's format)"),
        # stk500v2.c: the AVR Dragon / JTAG ICE mkII / JTAGICE3 did not answer the ISP-mode sign-on (5.x-6.x "failed to sync
        # with", 7.1-8.x "unable to sync with")
        Msg("programmer_not_responding", r"(?:failed|unable) to sync with the (?:AVR Dragon|JTAG ICE mkII|JTAGICE3) in (?:ISP|HV) mode", "strong",
            fail=True, attrs={"func": "stk500v2_jtag_isp"}, example="avrdude: failed to sync with the AVR Dragon in ISP mode",
            src="avrdude 5.x-8.x src/stk500v2.c (from the source's format)"),
        # butterfly.c butterfly_initialize(): the device on the port answered the AVR109 handshake with something else than an
        # AVR109 bootloader would (5.x "Connection FAILED.", 7.1-8.x "connection failed")
        # (audit-avr-dfu s18) 7.1-7.3 without -v print no function: "avrdude error: connection failed"
        Msg("bootloader_wrong_protocol", r"^Connection FAILED\.?$|butterfly_initialize\(\)(?: error)?:? connection failed|^(?:avrdude(?:\.exe)? error|Error): connection failed\s*$",
            "weak", fail=True, example="Connection FAILED.", src="avrdude 5.x-8.x src/butterfly.c butterfly_initialize (from the source's format)"),
        # usb_hidapi.c 6.4-8.x (Atmel-ICE, PICkit 4, EDBG boards, Curiosity Nano over HID): nothing (matching) on the bus
        Msg("usb_programmer_not_found", r"usbhid_open\(\)(?: error)?:? No USB HID devices found|^(?:avrdude\S*:? )?(?:[Ee]rror: )?No USB HID devices found",
            "strong", fail=True, example="avrdude usbhid_open() error: No USB HID devices found",
            src="avrdude 7.1-7.3 src/usb_hidapi.c usbhid_open (from the source's format)"),
        Msg("usb_programmer_not_found", r"(?:usbhid_open\(\)(?: error)?:? |^Error: |^avrdude(?:\.exe)? error: )[Nn]o matching device found\s*$", "none", fail=True,
            example="Error: no matching device found", src="avrdude 6.4-8.x src/usb_hidapi.c usbhid_open (from the source's format)"),
        # usb_libusb.c (AVRISP mkII, JTAG ICE mkII, STK600, Dragon) and pickit2.c: the device opened, its interface could not be
        # claimed (Linux: another driver or program holds it; Windows: a driver libusb cannot use)
        # ser_posix.c / ser_win32.c 7.1-8.x: reading or writing the open port failed (the 5.x-7.0 "ser_recv(): read error: ..."
        # row's later wording): 7.x "avrdude ser_recv() OS error: unable to read: Device not configured", 8.x "OS error: unable
        # to read: ..." (POSIX), "Error: unable to read: ..." (Windows)
        Msg("serial_io_error", r"(?:ser_(?:recv|send|drain|write)\(\)(?: OS)? error: |^(?:OS )?[Ee]rror: |^avrdude(?:\.exe)? OS error: )unable to (?:read|write|send): (?P<text>.+?)\s*$",
            "weak", fail=True, example="avrdude ser_recv() OS error: unable to read: Device not configured",
            src="avrdude 7.1-8.x src/ser_posix.c, ser_win32.c (from the source's format)"),
        # ... and when the reason is the node's permissions (Linux without a udev rule for the programmer) it is an access
        # failure: "unable to claim interface 0: could not claim interface 0: Operation not permitted" (avrdude 8.x, a real
        # paste), also 7.x-8.x "unable to set configuration 1: ...: Operation not permitted"
        Msg("usb_access_denied", r"(?:claim(?:ing)? interface|set configuration) \d{1,3}:? [^\n]{0,120}?(?:Operation not permitted|Permission denied|Access denied|LIBUSB_ERROR_ACCESS)",
            "weak", fail=True, example="avrdude error: unable to claim interface 0: could not claim interface 0: Operation not permitted",
            src="avrdude 5.x-8.x src/usb_libusb.c usbdev_open (a real paste of 8.x)"),
        Msg("usb_claim_failed", r"(?:error claiming|unable to claim|cannot claim|[Cc]ould not claim) interface(?: \d{1,3})?(?:[:,] (?P<text>.+?))?\s*$",
            "weak", fail=True, example="avrdude: usbdev_open(): error claiming interface 0: Device or resource busy",
            src="avrdude 5.x-6.x 'error claiming interface', 7.x 'unable to claim interface' src/usb_libusb.c; pickit2.c (from the source's format)"),
        # ser_posix.c: the port opened but is no serial line (tcsetattr refused: a wrong node, an adapter that went away)
        Msg("serial_open_failed", r"ser_open\(\)(?: error)?:? can't set attributes for device \"(?P<port>[^\"]+)\":\s*(?P<text>.*)$", "strong", fail=True,
            example='avrdude: ser_open(): can\'t set attributes for device "/dev/ttyS0": Inappropriate ioctl for device',
            src="avrdude 5.x-6.x src/ser_posix.c ser_open (from the source's format)"),
        Msg("serial_open_failed", r"cannot set attributes for port (?P<port>\S+?):\s*(?P<text>.*)$", "strong", fail=True,
            example="OS error: cannot set attributes for port /dev/ttyS0: Inappropriate ioctl for device",
            src="avrdude 7.1-8.x src/ser_posix.c ser_open (from the source's format)"),
        # avr.c avr_write_mem(): a page the programmer could not write (5.x "*** page 3 (addresses 0x0180 - 0x01ff) failed to
        # write", 8.x " *** failed to write page 3 [0x0180, 0x01ff]")
        Msg("byte_write_failed", r"\*\*\* (?:page \d{1,6} \(addresses 0x[0-9a-fA-F]+ - 0x[0-9a-fA-F]+\) failed to write|failed to write page \d{1,6} \[)",
            "strong", fail=True, example="*** failed to write page 3 [0x0180, 0x01ff]", src="avrdude 5.x, 8.x src/avr.c (from the source's format)"),
        # main.c: the command line names no part / port / programmer, or a part or programmer pair that cannot work together
        Msg("usage_error", r"AVR [Pp]art \"?(?P<part>[^\s\"]{1,40})\"? not found", "strong", fail=True,
            example='avrdude: AVR Part "atmega328pb" not found.', src="avrdude 5.x-8.x src/main.c (from the source's format)"),
        Msg("usage_error", r"[Nn]o (?:AVR part|port|programmer) has been specified", "strong", fail=True,
            example="avrdude main() error: no port has been specified on the command line or in the config file",
            src="avrdude 5.x-8.x src/main.c (from the source's format)"),
        Msg("usage_error", r"cannot program \S{1,40} for lack of a common programming mode|and part \S{1,40} have no programming modes in common",
            "strong", fail=True, example="Error: programmer usbasp and part ATtiny416 have no programming modes in common",
            src="avrdude 7.3-8.x src/main.c (from the source's format)"),
        # jtag3.c 6.4-8.x, serialupdi.c 7.0-8.x: the chip's lock bits are set; only a chip erase (-e) opens it again
        # (audit-avr-dfu s18) 7.0 serialupdi.c: "Failed to enter NVM programming mode: device is locked"
        Msg("target_locked", r"[Dd]evice is locked[;!] [Cc]hip erase required to unlock|(?:unable|[Ff]ailed) to enter NVM programming mode: device is locked"
            r"|device locked; chip erase option -e required",  # (audit s11) main after 8.1: PICkit 5 UPDI with -U and no -e
            "strong", fail=True, example="avrdude serialupdi_initialize() error: unable to enter NVM programming mode: device is locked",
            src="avrdude 6.4-8.x src/jtag3.c, 7.0-8.x src/serialupdi.c (from the source's format)"),
        # (microchip-ides s12) jtag3.c 7.2-8.x -x vtarg_switch (Xplained mini/Nano, Curiosity Nano, Power Debugger): the
        # kit's target power switch as read or set; set to 0 the target has no supply, and 7.2 then failed every ISP command
        # ("device is locked; chip erase required"), 8.x stops with "turn on the Vtarg switch to establish connection"
        Msg("vtarg_switch", r"Vtarg switch setting (?:changed from \d to (?P<value>\d)|read as (?P<state>\d): target power is switched)",
            "strong", example="                Vtarg switch setting changed from 1 to 0",
            src="avrdude 7.2-8.x src/jtag3.c (from the source's format)"),
        Msg("vtarg_switch", r"turn on the Vtarg switch to establish connection with the target", "strong", fail=True,
            attrs={"value": "0"}, example="avrdude jtag3_initialize() info: turn on the Vtarg switch to establish connection with the target",
            src="avrdude 7.3-8.x src/jtag3.c (from the source's format)"),
        # warnings of a run that goes on and succeeds
        # (avr-qmk s11) a note, not a failure: a good run stays quiet; beside a fuse write reported "***failed;" it names
        # the cause (AVR004: the unused bits read back as 1). 7.x prints the values on the next line, "(device 0xff !=
        # input 0x07); to prevent this warning set" (the user wrote 0s) or "... fix" (the part's definition), then
        # "unused bits to 1 when writing (double check with datasheet)"; 8.x prints all three at debug level only
        Msg("unused_bits_ignored", r"ignoring mismatch in unused bits of \"?(?P<memory>\w+)\"?", "strong", benign=True,
            example='avrdude: WARNING: ignoring mismatch in unused bits of "efuse"', src="avrdude 6.4-7.x src/avr.c avr_verify (from the source's format)"),
        Msg(None, r"^\(device 0x[0-9a-fA-F]{2} != input 0x[0-9a-fA-F]{2}\); to prevent this warning (?:set|fix)$", benign=True,
            example="(device 0xff != input 0x07); to prevent this warning set", src="avrdude 7.x src/avr.c avr_verify"),
        Msg(None, r"^unused bits to 1 when writing \(double check with datasheet\)$", benign=True,
            example="unused bits to 1 when writing (double check with datasheet)", src="avrdude 7.x src/avr.c avr_verify"),
        # jtagmkII.c (Arduino's 6.3.0-arduino builds, 7.0-8.x): a UPDI/PDI part description without a "boot" memory, printed
        # on every Nano Every / jtag2updi upload that then goes on and succeeds; 6.3-arduino/7.0-7.1 'jtagmkII_initialize():
        # Cannot locate "flash" and "boot" memories in description', 7.2-8.x as an error 'cannot locate flash or boot
        # memories in description'. Arduino's help centre calls it spurious (HC-1181)
        Msg(None, r"[Cc]annot locate \"?flash\"? (?:and|or) \"?boot\"? memories in description", "strong", benign=True,
            example='avrdude: jtagmkII_initialize(): Cannot locate "flash" and "boot" memories in description',
            src="avrdude 6.3.0-arduino, 7.0-8.x src/jtagmkII.c jtagmkII_initialize (from the source's format)"),
        Msg(None, r"[Ff]ound (?:USB device )?\"?USBasp\"? with old VID/PID", "strong", benign=True,  # (audit s11) main: "found USBasp with old VID/PID; please update its firmware"
            example="avrdude usbasp_open() error: found USB device USBasp with old VID/PID; please update firmware of USBasp",
            src="avrdude 5.x-8.x src/usbasp.c usbasp_open (from the source's format)"),
        # (healthy2 s9) the micronucleus and teensy programmers (-x wait) wait for the board's bootloader to be plugged in
        # or reset: a note while waiting (teensy.c prints it as an error); if none comes, "cannot find device ..." follows
        # (healthy-fw review s24) "press CTRL-C to terminate" stays the catch-all's failure (a wait the device never ended, ^C);
        # _usb_open_overcome stands it down when the same session then wrote or verified memory (the device came)
        Msg(None, r"no device found, waiting (?:\d+ seconds )?for device to be plugged in",
            "strong", benign=True,
            example="avrdude: no device found, waiting for device to be plugged in ...",
            src="avrdude 7.1-8.x src/micronucleus.c micronucleus_open, src/teensy.c teensy_open (from the source's format)"),
        # (healthy-gen s10b) avrdude 7.0's teensy programmer reboots HalfKay by writing an empty page at 0xFFFFFFFF after
        # the flash: the board has already left the bootloader, so that write fails and 7.0 warned "Failed to write page"
        # (avrdudes/avrdude#1065: Teensy++ 2.0 and 2.0, after "2950 bytes of flash written"); 7.1 suppresses it for the reboot
        # and names a real page failure "unable to write page", with "failed to write flash memory" after it
        Msg(None, r"WARNING: Failed to write page: ", "strong", benign=True,
            example="avrdude.exe: WARNING: Failed to write page: hid_write/GetOverlappedResult: (0x0000001F) A device attached to the system is not functioning.",
            src="avrdude 7.0 src/teensy.c teensy_write_page (from the source's format)"),
        # (healthy2 s9) warnings after which avrdude goes on by design: PICkit 5 keeps its default UPDI clock, an STK500v2-family
        # UPDI programmer cannot read the chip's revision byte (a note for avrdude.conf), a HID programmer refuses SET_IDLE
        Msg(None, r"failed to set UPDI speed, continuing|failed to change UPDI clock, falling back to \d+ kHz|"
            r"cannot read silicon revision; is avrdude\.conf up to date|\bSET_IDLE failed\b", "strong", benign=True,
            example="avrdude warning: failed to set UPDI speed, continuing",
            src="avrdude 7.x-8.x src/pickit5.c, src/stk500v2.c, src/usb_libusb.c (from the source's format)"),
    ),
    # (audit s11) what a source audit of avrdude main after 8.1 (v8.2 and avrdudes/avrdude main to 2026-08: pickit5.c,
    # usb_hidapi.c, micronucleus.c, jtag3.c, fileio.c, main.c) found that no row knew, or that only the catch-all error row took;
    # the words are ours, the examples fill in the source's formats
    group(
        "avrdude 7.0-main src/pickit5.c, micronucleus.c, usb_hidapi.c, jtag3.c, fileio.c, main.c (PICkit 5 sessions, a locked part, "
        "a programmer switched out of MPLAB mode, an ELF section larger than the memory)",
        # pickit5_read_response(): the PICkit 5 could not start its session with the chip (error 0x51, main after 8.1 says
        # so in words; 8.1 printed only "script error returned: 0x51"), or its script reported NO_TARGET_POWER (0x22) or
        # NO_DEVICE_FOUND (0x20): the programmer answers, the target does not
        Msg("target_link_failed", r"failed to start session; reason might be: no power", "strong", fail=True, attrs={"via": "PICkit 5"},
            example="Error: failed to start session; reason might be: no power, bad connection or missing HV pulse.",
            src="avrdude main after 8.1 src/pickit5.c pickit5_read_response (from the source's format)"),
        Msg("target_link_failed", r"script error returned: 0x(?:51|22|20)\b", "strong", fail=True, attrs={"via": "PICkit 5"},
            example="avrdude pickit5_read_response() error: script error returned: 0x51",
            src="avrdude 8.0-8.1 'script error returned: 0x51', main '... 0x22 - NO_TARGET_POWER' src/pickit5.c (from the source's format)"),
        # main.c after 8.1: a locked UPDI part and no -e on a command line without memory operations: a note, the run ends
        Msg("target_locked", r"device locked; any operation will require chip erase option -e", "strong",
            example="Warning: device locked; any operation will require chip erase option -e",
            src="avrdude main after 8.1 src/main.c (from the source's format)"),
        # micronucleus.c 7.1-main: a Micronucleus bootloader on the bus that avrdude could not open or that did not answer
        # its first request (a missing udev rule or a bootloader that hung): ambiguous, the wait goes on
        Msg("tool_error", r"[Uu]nresponsive Micronucleus device detected, please reconnect", "strong", fail=True,
            attrs={"text": "Micronucleus device found but not answering"},
            example="avrdude micronucleus_open() warning: unresponsive Micronucleus device detected, please reconnect ...",
            src="avrdude 7.1-8.1 'warning: unresponsive ...', main 'Unresponsive Micronucleus device detected' src/micronucleus.c (from the source's format)"),
        # usb_hidapi.c: a HID programmer (Atmel-ICE, PICkit 4/5, Curiosity Nano) answered fewer bytes than asked (an error
        # before main, a warning since)
        Msg("tool_error", r"short read, read only \d+ out of \d+ bytes", "strong", fail=True,
            example="Warning: short read, read only 0 out of 64 bytes",
            src="avrdude 7.1-main src/usb_hidapi.c usbhid_recv (from the source's format)"),
        # jtag3.c: a PICkit 4 / SNAP found in MPLAB (PIC) mode was switched to AVR mode and avrdude exits without
        # programming ("run avrdude again"); in bootloader or PIC mode with a PIC part it exits as well
        Msg("tool_error", r"run avrdude(?:\.exe)? again to continue the session|\bin (?:bootloader|mplab) mode detected; exiting", "strong",
            fail=True, attrs={"text": "the programmer switched mode; nothing was programmed"},
            example="run avrdude again to continue the session",
            src="avrdude 7.1-main src/jtag3.c jtag3_open_common (from the source's format)"),
        # fileio.c elf2b(): a section of the ELF file is larger than the memory it goes to (the image does not fit)
        Msg("image_out_of_range", r"section \"?[\w.]{1,40}\"? (?:of size \d+ |\[0x[0-9a-fA-F]+, (?P<address>0x[0-9a-fA-F]+)\] )?does not fit into \"?(?P<memory>\w+)\"?",
            "strong", fail=True, example="Error: section .text of size 34000 does not fit into flash of size 32768",
            src="avrdude 7.0 'ERROR: section \".text\" does not fit into \"flash\" memory:', 7.1-main src/fileio.c elf2b (from the source's format)"),
    ),
    group(
        # (education-robotics s14) the linuxgpio programmer (a Raspberry Pi's header bit-banging ISP: GoPiGo/BrickPi/GrovePi-style
        # HATs, spi_mfm) exports each pin through sysfs before use. The format has no newline, so the next message runs on
        # ("...: Invalid argumentavrdude error: unable to open ..."). strerror says which: EBUSY the pin is still exported (an
        # earlier run left it, avrdude#932: a reboot freed it) or a driver holds it; EINVAL the kernel has no GPIO of that number
        # (Linux 6.6+ Raspberry Pi kernels number the header from 512, the Pi 5's is on RP1: avrdude#1748, #1734)
        "avrdude 6.x-7.0 linuxgpio.c ('Can't export GPIO %d, already exported/busy?: %s'), 7.1-8.x src/linuxgpio.c "
        "linuxgpio_sysfs_open ('cannot export GPIO %d, already exported/busy?: %s', 'cannot open /sys/class/gpio/export: %s')",
        Msg("gpio_export_failed", r"(?:Can't|cannot) export GPIO (?P<pin>\d{1,4}), already exported/busy\?:? ?"
            r"(?P<reason>Invalid argument|Device or resource busy|Permission denied|No such device|[A-Z][\w ]{2,40}?)"
            r"(?=avrdude|\s*$)", "strong", fail=True, convert=(("pin", int),),
            example="avrdude OS error: cannot export GPIO 22, already exported/busy?: Invalid argument"),
        Msg("gpio_export_failed", r"(?:Can't|cannot) open /sys/class/gpio/export:? (?P<reason>No such file or directory|Permission denied"
            r"|[A-Z][\w ]{2,40}?)(?=avrdude|\s*$)", "strong", fail=True, attrs={"sysfs_open": True},
            example="Can't open /sys/class/gpio/export: No such file or directory"),
    ),
    group(
        "avrdude 5.x-8.x: any other error line",
        Msg("tool_error", r"^avrdude(?:\.exe|_git(?:\.exe)?)?(?:\s+\w+\(\))?(?:\s+OS)? error\b|^avrdude(?:\.exe)?: (?:error|Error|ERROR)\b"
            r"|^(?:OS )?Error \w+\(\) [\w.-]+\.c \d+: ", fail=True,
            example="avrdude error: unable to open programmer usbasp on port usb"),
        # (audit s8) 8.x prints an error without the program's name ("Error: ..."; "OS error: ..." for a system call's):
        # inside an avrdude run it is avrdude's own error line
        Msg("tool_error", r"^(?:OS )?Error: \S", fail=True, example="Error: cannot initialize the programmer",
            src="avrdude 8.x src/main.c avrdude_message2 (MSG2_UCFIRST, no program name; from the source's format)"),
    ),
)


# A signature as only a real AVR answers it: Atmel's manufacturer byte 0x1e, then the flash-size code 0x90 (1 KiB) to
# 0x98 (256 KiB), then the part's number. Noise on the ISP lines reads 0x000000, 0xffffff or random bytes; a different
# genuine signature (0x1e9514 where the ATmega328P's 0x1e950f was expected) is another chip: the ATmega328 beside the
# 328P, the 168 beside the 328, a 328PB, a mislabelled part.
_GENUINE_SIGNATURE = re.compile(r"^0x1e9[0-8][0-9a-f]{2}$")
_SIG_MISMATCH_ROW = next(r for r in MESSAGES if r.kind == "signature_mismatch")
_SYNC_ANSWERED = frozenset(("avr_signature", "bytes_written", "bytes_verified"))  # (healthy2 s9) the chip answered after the sync
_SYNC_FAILED_KINDS = frozenset(("programmer_not_responding", "not_in_sync", "tool_error"))  # (audit-avr-dfu s18) before main.c's open line
_PORT_FAILED_KINDS = frozenset(("serial_open_failed", "serial_port_busy", "serial_no_such_port", "serial_permission_denied", "serial_io_error"))


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

# Bytes an AVR109/Caterina or STK500 bootloader sends as replies, never a chip's signature: '\r' (0x0d, the
# AVR109 acknowledge), '\n' and '?' (0x3f, AVR109's answer to a command it does not know). A "signature" made of
# them is a serial bootloader answering commands another program (ModemManager's AT probes) wrote to the port.
_REPLY_BYTES = {0x0D, 0x0A, 0x3F}


def _serial_reply_bytes(value: str) -> bool:
    try:
        raw = int(value, 16).to_bytes(3, "big")
    except (ValueError, OverflowError):
        return False
    return all(b in _REPLY_BYTES for b in raw) and 0x0D in raw


@register
class AvrdudeParser(TableParser):
    name = "avrdude"
    namespace = "avrdude"
    messages = MESSAGES
    hints = ("jtag ice mkii", "jtagmkii", "jtagen fuse", "ocden fuse", "s_mcu firmware",  # (audit-esp-nrf-updi s11)
             "avrdude", "find programmer id", "signature", "yikes", "target doesn't answer", "target does not answer", "initialization failed",
             "initialisation failed", "sck period", "connection status", "find usb device", "usbtiny", "verification", "bytes of", "safemode",
             "stk500", "ser_open", "ser_recv", "ser_send", "ser_drain", "butterfly", "not in sync", "| #", "avr device initialized",
             "!=", "unused bits", "programmer is not responding", "using programmer", "avr part", "double check",
             "found programmer", "sign-on", "program enable", "using port", "baud rate", "cannot query", "usbdev_open", "did not respond",
             "buffered memory", "cmd() method", "reading |", "writing |", "programmer type", "cannot open usb device", "libusb_error_access",
             "error sending control message", "[ac 53 00 00]", "isp clock", "clock speed error", "usb access", "usb device", "matching vid",
             "seen device", "seen product", "invalid -p", "hid_open", "usbhid", "usb hid", "open port", "error ", "warning ", "connecting to programmer",
             "rsp_", "updi link", "***failed", "signature data", "invalid record", "out of range", "checksum mismatch at line", "read from file", "reading from file",
             "file format for", "invalid file format", "elf file support", "input file", "valid record", "cannot open device", "mcuid", "operation not supported",
             # (audit s8)
             "programming mode", "tpi mode", "check failed (got", "getsync() failed", "communicating with programmer",
             "communicate with programmer", "sync with the", "connection failed", "usb hid devices", "no matching device", "claim",
             "set attributes for", "failed to write", "has been specified", "device is locked", "vtarg switch", "old vid/pid", "unable to read: ",
             "unable to write: ", "unable to send: ", "port names must start",
             # (audit s11)
             "start session", "script error returned", "device locked", "micronucleus device", "short read", "again to continue",
             "mode detected", "does not fit into", "for device to be plugged in",
             # (education-robotics s14) linuxgpio.c sysfs export
             "export gpio", "/sys/class/gpio/export")
    strong = (
        r"^avrdude(?:\.exe)?(?:\s+(?:error|warning|OS error|info|notice))?:\s",
        r"^avrdude(?:\.exe)?\s+\w+\(\) (?:error|warning):",
        r"(?:^|[\s$#>\"])(?:sudo\s+)?(?:\S*[/\\])?avrdude(?:\.exe)?\"?\s+-",
        r"\bstk500v?2?_\w+\(\)",
        r"\b(?:butterfly|usbasp|usbtiny|ser)_\w+\(\)",
        r"^(?:OS )?(?:Error|Warning|Notice|Info) \w+\(\) [\w.-]+\.c \d+: ",  # 8.x with -vv: severity, function, file and line
    )
    weak = (r"^\s*0x[0-9a-fA-F]{1,2} != 0x[0-9a-fA-F]{1,2}\s*$", r"Double check connections and try again")
    event_kinds = ("sync_retried", "ide_verdict", "signature_retry", "usb_access_denied", "serial_permission_denied", "serial_port_busy", "bootloader_silent",
                   "serial_no_such_port", "serial_open_failed", "serial_io_error", "usb_open_overcome")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.memory: str | None = None
        self.pending: dict[str, Any] | None = None  # a mismatch whose values come on the next line
        self.fuse_value: tuple[str, int, str] | None = None  # (avr-isp s12) 5.x-6.x: an immediate's value, before "writing hfuse"
        self.open_failures: list[dict[str, Any]] = []
        self.sync_attempts: list[dict[str, Any]] = []  # (healthy2 s9) "attempt N of M: not in sync" of the sync still going on
        self.mentions: list[str] = []
        self.seen: dict[str, set[str]] = {}  # vendor and product strings avrdude saw on the bus (-vv)
        self.splice: tuple[int, str] | None = None  # a line the Arduino IDE's verdict cut: its head, waiting for the rest
        self.commands: list[dict[str, Any]] = []  # (sbc-hosts s11) each avrdude command line of the block, in order
        self.match_as: str | None = None  # (audit-avr-dfu s18) the 7.x form an 8.x -vv line is read as
        self.path_lines: list[str] = []  # (fw-tool review s23) the latest lines naming a path (split_path_shown)
        self.split_paths: set[str] = set()  # (fw-tool review s23) input paths read as cut at a space
        self.session_ends: list[int] = []  # (healthy-fw review s24) lines of "avrdude done.  Thank you." (any case)

    def match_line(self, text: str) -> list[tuple[Msg, re.Match[str]]]:
        return super().match_line(self.match_as if self.match_as is not None else text)

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if self.splice is not None:
            (at, head), self.splice = self.splice, None
            if text and head[-1:].isalnum() and not line[:1].isspace() and not text.startswith("avrdude"):
                line = text = head + text  # the rest of the line the IDE's verdict cut in two
            else:
                self.feed(at, head)
        if not text:
            return
        if ("\\" in text or "/" in text) and " " in text:
            self.path_lines.append(text[:2000])
            if len(self.path_lines) > 40:
                self.path_lines.pop(0)
        if any(h in text for h in _IDE_VERDICT_HINTS):
            m = _IDE_VERDICT.search(text)
            if m is not None:
                self.event("ide_verdict", lineno, text[m.start():], fail=True, via="arduino")
                self.fields.setdefault("wrapper", "arduino")
                self.splice = (lineno, text[:m.start()])  # its rest may follow on the next line
                return
        if text.count("avrdude") > 1 and _RUN_ON.search(text):
            for piece in _RUN_ON.split(text):
                self._feed_line(lineno, piece)
            return
        self._feed_line(lineno, line)

    def _mention(self, text: str) -> None:
        low = text.lower()
        if not any(h in low for h in _MENTION_HINTS):
            return
        for name, pattern in _MENTIONS:
            if name not in self.mentions and pattern.search(text):
                self.mentions.append(name)

    def _feed_line(self, lineno: int, line: str) -> None:
        text = line.strip()
        if "wrapper" not in self.fields and ("avrdude" in text or "onfiguration file" in text) and _ARDUINO_PATH.search(text):
            self.fields["wrapper"] = "arduino"  # run by the Arduino IDE / arduino-cli (their avrdude, their avrdude.conf)
        if not text.startswith("avrdude"):
            self._mention(text)
        elif "caterina" not in self.mentions and _CATERINA.search(text):
            self.mentions.append("caterina")  # the board named in avrdude's own lines (part, config) or words added to them
        if self.pending is not None:
            pending, self.pending = self.pending, None
            m = _VALUES.match(re.sub(r"^avrdude\S*:?\s+", "", text))
            if m:
                self._mismatch_values(pending, m)
                return
        m = _COMMAND.search(text)
        if m and not re.match(r"^avrdude(?:\.exe)?\S*:", text):
            self._command(text[m.start(1):])
            # (sbc-hosts s11) a block that holds two attempts (a post quoting both) keeps each command's settings and where
            # it began, so the events that follow belong to it (derive.baud_retry_worked: 115200 failed, 57600 worked)
            self.commands.append({k: self.fields[k] for k in ("programmer", "part", "device", "baud") if k in self.fields} | {"lineno": lineno})
            return
        if "(read only location: ignored)" in text:
            return  # 7.3+: a difference in a read-only area (vectors, bootloader) that avrdude itself ignores
        if _SESSION_END.match(text):
            self.session_ends.append(lineno)
        if self.sync_attempts and "done.  Thank you" in text:
            self.sync_attempts.clear()  # (healthy2 s9) the run ended without an answer: its sync failures stand
        m = _VALUES.match(re.sub(r"^avrdude\S*:?\s+", "", text))
        if m and (m.group(3) or "mismatch" in text):
            ev = self.event("verify_mismatch", lineno, line, address=int(m.group(3), 16) if m.group(3) else None,
                            memory=self.memory, fail=True)
            self._mismatch_values(ev, m)
            return
        vv = _VV_FORM.match(text) if text[:1] in "EWO" else None
        if vv is not None:
            kind = vv.group("type") if vv.group("type") == "OS error" else vv.group("type").lower()
            alt = f"avrdude {vv.group('func')}() {kind}: {vv.group('text')}"
            if any(row.kind and row.kind != "tool_error" for row, _ in super().match_line(alt)):
                self.match_as = alt
                try:
                    super().feed(lineno, line)
                finally:
                    self.match_as = None
                return
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        s = self.fields
        g = m.groupdict()
        if ev is None:
            if g.get("version"):
                self.sync_attempts.clear()  # (healthy2 s9) another run of avrdude: its own sync
                s.setdefault("version", g["version"])
            elif g.get("programmer"):
                s.setdefault("programmer", g["programmer"].lower())
            elif g.get("part"):
                s.setdefault("part", g["part"])
            elif g.get("port"):
                s.setdefault("device", g["port"])
            elif g.get("baud"):
                s.setdefault("baud", int(g["baud"]))
            elif g.get("fuse_value"):
                self.fuse_value = (g["fuse_value"], lineno, line)
            elif g.get("mem"):
                self.memory = g["mem"]
                if self.fuse_value and re.match(r"(?:[lhe]fuse|fuse\d?)$", g["mem"]) and line.lstrip().lower().startswith(("avrdude", "writing")):
                    value, at, text = self.fuse_value
                    self.event("fuse_input", at, text, value=value, memory=g["mem"])
                self.fuse_value = None
            return
        kind = ev["kind"]
        if kind == "sck_unsettable":
            # (intl-any s12) only usbasp.c prints "cannot set sck period. please check for usbasp firmware update" (5.x-7.0;
            # 7.1-8.x "cannot set sck period; please check ..."): a paste without the command line or the -v header
            # (the Arduino IDE's plain console, eePe/companion9x) still names its programmer
            s.setdefault("programmer", "usbasp")
        if kind in _SYNC_ANSWERED and self.sync_attempts:
            self._sync_overcome(ev)
        if kind == "avr_signature":
            ev["value"] = "0x" + ev["value"].replace(" ", "").lower()
            if ev.get("part") == "retrying":
                del ev["part"]
            if "(retrying)" in line:
                ev["retry"] = True
            if _serial_reply_bytes(ev["value"]):
                ev["serial_echo"] = True
            s["chipid"] = ev["value"]
            # (arduino-boards s11) both of main.c's signature lines run onto one (an issue title, a flattened paste:
            # megaTinyCore #881 "Device signature = 0x1e942a (probably t1624). Expected signature for ATtiny1614 is 1E 94 22"):
            # the first row only takes the line, so the mismatch is read from its tail here
            tail = regex(_SIG_MISMATCH_ROW.pattern).search(line, m.end())
            if tail is not None:
                self.on_event(self.event("signature_mismatch", lineno, line, **event_attrs(_SIG_MISMATCH_ROW, tail)),
                              _SIG_MISMATCH_ROW, tail, lineno, line)
        elif kind == "signature_invalid":
            ev["value"] = s.get("chipid")
        if kind == "not_in_sync":
            # (healthy2 s9) stk500.c stk500_getsync warns once per failed attempt and tries again (10 by default, -x attempts);
            # the run fails only when the last attempt fails or getsync gives up ("not in sync" without a count)
            tries, of = ev.get("tries"), _int(ev.get("of"))
            if isinstance(tries, int) and of and tries < of:
                self.sync_attempts.append(ev)
            else:
                self.sync_attempts.clear()
        elif kind == "programmer_not_responding":
            if not ev.get("func") and _RECV_FUNC.get(str(s.get("programmer") or "")) and re.search(r"(?i)(?:^|(?:error|warning): )programmer is not responding(?!, reselecting)", line.strip()):
                ev["func"] = _RECV_FUNC[str(s["programmer"])]  # (audit-avr-dfu s18) the message the programmer's protocol prints
            # a reply that did not come during the sync (stk500_recv before an attempt's warning, stk500v2's timeouts);
            # getsync's own last word ("timeout communicating with programmer") ends the run
            if "communicating with programmer" in line:
                self.sync_attempts.clear()
            else:
                self.sync_attempts.append(ev)
        if kind == "not_in_sync" and ev.get("resp"):
            # (avr-c s6c) the reply byte as a number, for rules that read its class: 0x00 nothing came back, a control
            # byte (< 0x20) line noise or a line end, 0x20 and up a byte that something sent at another speed or as text
            ev["resp_value"] = int(str(ev["resp"]), 16)
        elif kind == "image_out_of_range":
            for key in ("address", "limit"):
                if ev.get(key):
                    ev[key] = int(str(ev[key]), 16)
            if ev.get("path"):
                ev["path"] = str(ev["path"]).strip().strip("\"'")
        elif kind == "image_unreadable":
            if not ev.get("path"):
                # "can't open input file PATH: REASON" (5.x-7.x fileio.c; quoted in some builds): the path is read from the line
                opened = re.search(r"open input file\s+(.+?):\s+\S[^:]*$", str(ev.get("line") or ""))
                if opened:
                    ev["path"] = opened.group(1)
            if ev.get("path"):
                ev["path"] = str(ev["path"]).strip().strip("\"'")
                if ev["path"] in self.split_paths or (
                        re.search(r":\s+No such file or directory\s*$", line.strip())
                        and (split_path_fragment(ev["path"]) or split_path_shown(ev["path"], self.path_lines))):
                    # (fw-tool s23) a folder cut at a space (_common.SPLIT_PATH_FRAGMENT), or (review s23) the start of a
                    # longer path the text shows, that is not there: the recipe's -U path was split; a path that exists
                    # ("Is a directory") was given as it is
                    ev["reason"] = "path_split"
                    self.split_paths.add(ev["path"])
        elif kind == "signature_mismatch":
            expected = "0x" + str(ev.get("expected") or "").replace(" ", "").lower()
            read = s.get("chipid")
            if read:
                ev["read"] = read
                if read != expected and _GENUINE_SIGNATURE.match(read):
                    ev["other_part"] = True  # a real AVR's signature, not line noise: another chip than -p names
        elif kind == "usb_strings_seen":
            for key in ("manufacturer", "product"):
                if ev.get(key) is not None:
                    self.seen.setdefault(key, set()).add(ev[key])
        elif kind == "usb_programmer_not_found":
            ev["vid"], ev["pid"] = id4(ev.get("vid")), id4(ev.get("pid"))
            pid = _flip1_pid(str(s.get("part") or "")) if ev.get("via") == "dfu" and not ev["pid"] else None
            if pid:
                ev["vid"], ev["pid"] = "03eb", pid
            if ev.get("product2"):
                ev["product"] = ev.pop("product2")
            if ev.get("manufacturer") and ev["manufacturer"] in self.seen.get("manufacturer", ()) \
                    and (not ev.get("product") or ev["product"] in self.seen.get("product", ())):
                ev["strings_matched"] = True  # the device with the wanted strings was on the bus: a -P mismatch, not a clone
            elif (ev.get("manufacturer") or ev.get("product")) and (self.seen.get("manufacturer") or self.seen.get("product")):
                # (thin-other s9) -vv printed the strings of each device with the wanted VID:PID, none both the wanted vendor
                # and product: the programmer is there with other strings, a clone (AVR002: -c usbasp-clone)
                seen = [f"vendor '{v}'" for v in sorted(map(str, self.seen.get("manufacturer", ())))] \
                    + [f"product '{v}'" for v in sorted(map(str, self.seen.get("product", ())))]
                ev["strings_other"] = ", ".join(seen)[:120]
            if ev.get("product") == "USBtiny":
                s.setdefault("programmer", "usbtiny")
        elif kind == "isp_connection_status":
            status = str(ev.get("text") or "")
            ev["lines_ok"] = bool(re.match(r"(?i)Unknown status 0x00\b", status))
            ev["programmer"] = str(ev.get("programmer") or "").lower()
        elif kind == "byte_write_failed":
            ev["memory"] = self.memory
        elif kind == "safemode_unreliable" and isinstance(ev.get("was"), int) and isinstance(ev.get("now"), int):
            was, now = ev["was"], ev["now"]
            ev["bits_subset"] = was != now and (was & now) in (was, now)
        elif kind == "verify_mismatch":
            ev["address"] = int(ev["address"], 16)
            ev["page_aligned"] = ev["address"] % 256 == 0
            ev["memory"] = self.memory
            self.pending = ev
        elif kind in ("bytes_written", "bytes_verified"):
            s["written" if kind == "bytes_written" else "verified"] = True
        elif kind == "programmer_found":
            if ev.get("id"):
                for prev in self.open_failures:  # a retried open: the programmer answered after all
                    prev.pop("fail", None)
                    prev["retried"] = True
            else:
                ev["fail"] = True  # "Found programmer: Id = """: nothing answered on the port
        elif kind == "serial_open_failed":
            if ev.get("programmer") and not ev.get("text") and any(e["kind"] in _SYNC_FAILED_KINDS for e in self.events) \
                    and not any(e is not ev and e["kind"] in _PORT_FAILED_KINDS for e in self.events):
                # (audit-avr-dfu s18) 7.0-8.x main.c's last word on any failed pgm->open(), here a sync that got no answer
                ev["after_sync"] = True
            self._serial_open(ev, lineno, line)

    def _usb_open_overcome(self) -> None:
        """(healthy s20) usbasp.c usbOpenDevice (5.x-8.x), usbtiny.c and usb_libusb.c walk every device with the programmer's
        VID:PID (16c0:05dc is shared by many V-USB gadgets) and warn about each one they cannot open or whose strings they
        cannot read ("Warning: cannot open USB device: Permission denied", "Warning: cannot query manufacturer for device:
        Operation not permitted"), then try the next. When the same run then read a genuine signature or verified what it
        wrote, one of them was the programmer and it worked: those warnings were other devices, not this run's failure."""
        reached = [e["lineno"] for e in self.events if e["kind"] == "bytes_verified" or (
            e["kind"] == "avr_signature" and _GENUINE_SIGNATURE.match("0x" + str(e.get("value") or "").replace(" ", "").lower()))]
        # (healthy-fw s24) main.c ends every session that saw a failed USB open with "USB access errors detected; ..." (7.1-main;
        # micronucleus.c sets the flag for each open tried while the bootloader re-enumerates under -x wait, micronucleus#260),
        # after the memory operations: when this run wrote or verified memory the open that counted worked, so that
        # closing note, and micronucleus's "unresponsive device ... please reconnect" before the write, were retried opens
        # (healthy-fw review s24) only a write of the same session counts (no "avrdude done" or new command line between): the
        # note after a write, the wait ("press CTRL-C to terminate", which ^C ends when the device never came) and the
        # unresponsive device before it; a write in a later run (say with sudo) leaves the first run's failure standing
        wrote = [e["lineno"] for e in self.events if e["kind"] in ("bytes_written", "bytes_verified")]
        for e in self.events:
            if not (wrote and e.get("fail")):
                continue
            at = e["lineno"]
            if e["kind"] == "usb_access_denied" and e.get("session_note"):
                ok = any(w < at and self._same_session(w, at) for w in wrote)
            elif e["kind"] == "tool_error" and (e.get("text") == "Micronucleus device found but not answering"
                                                or (not e.get("text") and _WAIT_CTRL_C.search(e.get("line") or ""))):
                ok = any(w > at and self._same_session(at, w) for w in wrote)
            else:
                continue
            if ok:
                overcome_event(e, "usb_open_overcome", retried=True)
        if not reached:
            return
        for e in self.events:
            if e["kind"] in ("usb_access_denied", "usb_strings_unreadable") and e.get("fail") and e["lineno"] < min(reached):
                overcome_event(e, "usb_open_overcome", retried=True)

    def _same_session(self, first: int, last: int) -> bool:
        """(healthy-fw review s24) Lines `first` < `last` belong to one avrdude session: no "avrdude done" at or after `first`
        and before `last`, and no new avrdude command line after `first` up to `last`."""
        return not any(first <= d < last for d in self.session_ends) and \
            not any(first < c["lineno"] <= last for c in self.commands)

    def _sync_overcome(self, ev: dict[str, Any]) -> None:
        """(healthy2 s9) The device answered after failed sync attempts of the same run (its signature, or memory
        written or verified): those attempts were retried, no fault; they stay in the run as `sync_retried`."""
        if ev["kind"] == "avr_signature":
            value = "0x" + str(ev.get("value") or "").replace(" ", "").lower()
            if not _GENUINE_SIGNATURE.match(value):
                return  # 0x000000, 0xffffff or bootloader bytes: no answer from the chip
        for prev in self.sync_attempts:
            prev["retried_kind"] = prev["kind"]
            prev["kind"] = "sync_retried"
            prev.pop("fail", None)
            prev["retried"] = True
        self.sync_attempts.clear()

    def _serial_open(self, ev: dict[str, Any], lineno: int, line: str) -> None:
        port = (ev.get("port") or ev.pop("bare", None) or "").strip()
        ev.pop("bare", None)
        if port:
            ev["device"] = ev["port"] = port
        else:
            ev.pop("port", None)  # the poster cut the port off
        reason = ev.get("text") or ""
        if not reason:  # a retyped or mangled paste ("can't open device . com1 the system cannot find ...") keeps the words
            reason = line.split("open device", 1)[-1]
            if not port:
                m = _PORT_IN_TEXT.search(reason)
                if m:
                    port = m.group(1) or m.group(2)
                    ev["device"] = ev["port"] = port
        shared = _serial_kind(line)
        kind: str | None = shared[0] if shared else None
        if _WIN_BUSY.search(reason) and not (kind == "serial_permission_denied" and port.startswith("/dev/")):
            # (byid-common s16) ru "Отказано в доступе" is Windows' ERROR_ACCESS_DENIED and glibc's EACCES alike: on a /dev/
            # port it is the tty's permission, not a port another program holds
            kind = "serial_port_busy"
        elif _WIN_MISSING.search(reason):
            kind = "serial_no_such_port"
        self.open_failures.append(ev)
        if kind and kind != "serial_open_failed":
            attrs = dict(shared[1]) if shared and shared[0] == kind else {}
            attrs["port"] = port or attrs.get("port")
            if kind == "serial_no_such_port" and _USB_ID.match(str(attrs.get("port") or "")):
                # a USB vendor:product id given as avrdude's serial port: Klipper's `make flash FLASH_DEVICE=2e8a:0003`
                # (the syntax for DFU/BOOTSEL devices) with a .config still built for an AVR, so make runs avrdude
                attrs["usb_id"] = True
            if kind == "serial_no_such_port" and not attrs.get("foreign_os"):
                foreign = _foreign_port(attrs["port"], line)
                if foreign:
                    attrs["foreign_os"] = foreign  # -P /dev/ttyUSB0 on Windows, -P COM3 on Linux/macOS
            if attrs.get("port") and _BLUETOOTH_PORT.search(str(attrs["port"])):
                # macOS lists Bluetooth serial ports (/dev/cu.Bluetooth-Incoming-Port, /dev/cu.<phone>-Bluetooth-PD) beside
                # the board's; Linux names them /dev/rfcomm0: never an Arduino, the wrong port was chosen
                attrs["bluetooth"] = True
            self.open_failures.append(self.event(kind, lineno, line, **attrs))

    def _command(self, cmd: str) -> None:
        s = self.fields
        self.sync_attempts.clear()  # (healthy2 s9) another run of avrdude: its own sync
        # (misc-b s6) OctoPrint's Firmware Updater logs its command quoted: "Running '/usr/bin/avrdude -v -q -p m2560 -c wiring
        # -P /dev/ttyACM0 -D -U flash:w:/tmp/tmpX:i' in /usr/bin" (Python 2: u'...'): read the command inside the quotes
        wrapped = re.match(r"^u?'?((?:\S*[/\\])?avrdude[^']*)' in \S*\s*$", cmd)
        if wrapped:
            cmd = wrapped.group(1)
        s.setdefault("command", cmd[:300])
        try:
            argv = shlex.split(cmd, posix=False)
        except ValueError:
            argv = cmd.split()
        s.setdefault("argv", argv[:40])
        for i, a in enumerate(argv):
            nxt = argv[i + 1] if i + 1 < len(argv) else ""
            for flag, key in (("-c", "programmer"), ("-p", "part"), ("-P", "device"), ("-b", "baud"), ("-B", "bitclock")):
                value = nxt if a == flag else (a[2:] if a.startswith(flag) and len(a) > 2 else None)
                if not value:
                    continue
                value = value.strip("\"'")
                if key in ("programmer", "part"):
                    s[key] = value.lower()
                elif key == "baud":
                    if value.isdigit():
                        s["baud"] = int(value)
                elif key == "bitclock":
                    s.setdefault("extra", {})["bitclock"] = value
                else:
                    s[key] = value

    def _mismatch_values(self, ev: dict[str, Any], m: re.Match[str]) -> None:
        received, expected = int(m.group(1), 16), int(m.group(2), 16)
        ev["received"], ev["expected"] = received, expected
        if m.group(3) and ev.get("address") is None:
            ev["address"] = int(m.group(3), 16)
        if isinstance(ev.get("address"), int):
            # (avr s7) a first mismatch on a 256-byte boundary (0x10000, a bootloader at 0x1fc00 or 0x3e000) is where a block
            # starts that the programmer could not read back; one inside a page (0x10141) is a byte that really differs
            ev["page_aligned"] = ev["address"] % 256 == 0
        ev["extra_bits_only"] = received != expected and (received & expected) == expected
        if ev["extra_bits_only"]:
            # (avr s7) which bits the device set that the input has clear: 0xc0 is bits 6-7, the unused bits of an
            # ATmega's lock byte (0x3f written, 0xff read), 0xf8 the unused bits of an ATmega328P's extended fuse
            ev["extra_mask"] = received & ~expected & 0xFF

    def _sketch_text(self) -> str | None:
        """The characters of the "not in sync" replies when they read as text (at least three replies, two or
        more different printable characters); each such event gets it as `sketch_text`."""
        events = [e for e in self.events if e.get("kind") == "not_in_sync" and e.get("resp")]
        chars = [int(e["resp"], 16) for e in events]
        printable = [c for c in chars if c in _PRINTABLE]
        if len(printable) < 3 or len(set(printable)) < 2 or len(printable) * 2 < len(chars):
            return None
        text = "".join(chr(c) for c in printable)[:40]
        for e in events:
            if int(e["resp"], 16) in _PRINTABLE:
                e["sketch_text"] = text
        return text

    def summary(self) -> dict[str, Any]:
        if self.splice is not None:  # the cut line was the last one
            (at, head), self.splice = self.splice, None
            self.feed(at, head)
        s = dict(self.fields)
        m = re.match(r"(\d+)\.(\d+)", str(s.get("version") or ""))
        if m:
            s["version_code"] = int(m.group(1)) * 100 + int(m.group(2))
        if self.mentions:
            s["mentions"] = list(self.mentions)
        if len(self.commands) > 1:
            s["commands"] = self.commands
        text = self._sketch_text()
        if text:
            s["sketch_text"] = text
        if str(s.get("programmer") or "") in ("usbasp", "usbasp-clone") and _TPI_ONLY.match(str(s.get("part") or "")) \
                and any(e["kind"] == "target_no_answer" and isinstance(e.get("answer"), int) for e in self.events):
            # (avr-isp s12) usbasp.c 6.x-8.x usbasp_initialize: use_tpi only when the firmware reports the TPI capability; else
            # the SPI program enable runs, whose "target doesn't answer. 1" / "(0x01)" (the TPI one has no code) on a
            # TPI-only part means a USBasp firmware older than 2011-05-28 (no TPI), not a clock or wiring fault
            s["tpi_unsupported"] = True
        if self.events and self.events[-1]["kind"] == "butterfly_connecting" and not any(e.get("fail") for e in self.events):
            last = self.events[-1]
            self.event("bootloader_silent", last["lineno"], last["line"], fail=True)
        self._usb_open_overcome()
        kinds = {e["kind"] for e in self.events if e.get("fail")}
        done = {e["kind"] for e in self.events}
        if kinds:
            s["success"] = False
        elif "bytes_verified" in done or ("avrdude_done" in done and "avr_signature" in done):
            s["success"] = True
        return s
