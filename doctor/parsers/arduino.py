"""The Arduino IDE (1.x Java and 2.x) and arduino-cli around an upload: the header, the size report, the
1200-baud touch of native-USB boards and the final verdict. The uploader they run (avrdude, bossac, ...) is
parsed by its own parser.

Facts: one run per block under `flash.runs` (tool "arduino"): the board name from the IDE's header (kept as
`board`), `image_too_large` ("Sketch too big", "text section exceeds available space in board"),
`upload_port_missing` ("Couldn't find a Board on the selected port": after the 1200-baud touch no
bootloader port appeared, so the Caterina/SAM-BA window was missed) and `upload_failed` (with `mode`
"upload" for an upload through the board's bootloader, "programmer" for Upload Using Programmer /
`arduino-cli upload --programmer`, "burn-bootloader", where the wrapper says which).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import clear_run_failure, mark_overcome, overcome_event
from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.shell import ASH_CANT_OPEN, SH_CANNOT_OPEN, SH_CANT_OPEN

# (spent-d s10) the IDE's and arduino-cli's size report in their translations (their i18n catalogues): "<sketch uses> N
# <bytes> (P%) <of program storage space>. <maximum is> M <bytes>", thousands grouped with a dot, comma or space as the
# locale does; the limit may be wrapped onto the next line, and is then not read
_N = r"\d{1,3}(?:[ .,]\d{3})+|\d+"
_SIZE_REPORTS = (  # (sketch uses, unit, of the program storage space, maximum is, a real line)
    ("Der Sketch verwendet", "Bytes", "des Programmspeicherplatzes", "Das Maximum sind",
     "Der Sketch verwendet 19.666 Bytes (64%) des Programmspeicherplatzes. Das Maximum sind 30.720 Bytes."),
    ("Le croquis utilise", "octets", "de l'espace de stockage de programmes", "Le maximum est de",
     "Le croquis utilise 1 066 octets (3%) de l'espace de stockage de programmes. Le maximum est de 32 256 octets."),
    ("El Sketch usa", "bytes", "del espacio de almacenamiento de programa", "El máximo es",
     "El Sketch usa 5998 bytes (18%) del espacio de almacenamiento de programa. El máximo es 32256 bytes."),
    ("Lo sketch usa", "byte", "dello spazio disponibile per i programmi", "Il massimo è",
     "Lo sketch usa 24.558 byte (76%) dello spazio disponibile per i programmi. Il massimo è 32.256 byte."),
    ("O sketch usa", "bytes", "de espaço de armazenamento para programas", "O máximo são",
     "O sketch usa 4362 bytes (14%) de espaço de armazenamento para programas. O máximo são 32256 bytes."),
    ("Скетч использует", "байт", "памяти устройства", "Всего доступно",
     "Скетч использует 25962 байт (84%) памяти устройства. Всего доступно 30720 байт."),
)
_TRANSLATED_SIZE_REPORTS = tuple(
    Msg("image_size_ok", rf"^{lead} (?P<size>{_N}) {unit} \(\d+%\) {space}\.(?: {most} (?P<limit>{_N}) {unit})?", "strong",
        example=example)
    for lead, unit, space, most, example in _SIZE_REPORTS)


# (gather-intl s20) Arduino IDE 1.6-1.8's three verdicts in its other languages (arduino/Arduino master 2024-10,
# arduino-core/src/processing/app/i18n Resources_*.po beyond de/it/es/fr/pt_BR/nl: ja_JP, zh_CN, zh_TW, ko_KR, ru, uk, pl,
# cs_CZ, sk, tr, hu, sv, nb_NO, fi, pt/pt_PT, ca, gl, el_GR, bg, ro, vi, in, ar, fa, iw, th, ...), each cut before its link:
# "Error while burning bootloader.", "An error occurred while uploading the sketch", "Problem uploading to board.  See ..."
# (a Japanese or Chinese console's "スケッチの書き込み中にエラーが発生しました" / "上传项目出错" alone was read as nothing)
_VERDICT_BURN_L10N = (
    'துவக்கு நிரலை பதிவேற்றும்போது பிழை ஏற்பட்டுவிட்டது', 'bootloader-ի սխալ տեղի ունեցավ գրանցման ժամանակ',
    'Feil oppstod under skriving av oppstartslaster', 'Eroare în timpul încărcării bootloader-ului',
    'Neizdevāš iededzināt sāknēšanas ielādētāju', 'Errorea abiarazte-kudeatzailea kargatzean',
    'Napaka pri pečenju zagonskega nalagalnika', 'Грешка при записа на зареждащата програма',
    'May mali habang naglalagay ng bootloader', 'Produciuse un erro gravando o bootloader',
    'Error mientres se escribía o bootloader', 'حدث خطأ خلال تثبيت محمل برنامج الإقلاع',
    'Önyükleyici yazdırılırken hata oluştu', 'Памылка падчас прашывання загрузчыка',
    'Erro ao grabar o cargador de inicio', 'Gabim gjate djegjes se bootloaderit',
    'Virhe polttaessa käynnistinlataajaa', 'Σφάλμα κατά την εγγραφή bootloader',
    'אירעה שגיאה בעת צריבת תוכנת הפעלה', 'Galat ketika membakar bootloader', 'Błąd przy wgrywaniu bootloadera',
    'Lỗi khi đang burning bootloader', 'შეცდომა ჩამტვირთველის ჩაწერისას', 'Chyba pri vypaľovaní zavádzača',
    'Error al carrega el bootloader', 'Fel vid bränning av bootloader', 'خطای به هنگام سوزاندن بوت\u200cلودر',
    'Chyba při vypalování zavaděče', 'Greska pri zapisu bootloadera', 'خطا در هنگام سوزاندن بوت لودر',
    'Hiba a bootloader égetésekor', 'Viga alglaaduri kirjutamisel', 'Ошибка при записи загрузчика',
    'Помилка запису завантажувача', 'बूटलोडर डालते समय त्रुटी', 'ブートローダの書き込み中にエラーが発生しました', '燒錄bootloader時發生錯誤',
    '부트로더 굽는중 에러발생', '烧录引导程序出错',
)
_VERDICT_UPLOAD_L10N = (
    'Une erreur est survenue lors du téléversement du croquis',
    'In flater die harren foar wylst de skets upload weard',
    "S'ha produït un error mentre s'enviava el programari", 'Er trad een error op gedurende laden van de schets',
    'Ett fel inträffade under uppladdning av sketchen', 'Προέκυψε ένα σφάλμα κατά το ανέβασμα του σχεδίου',
    'Det oppstod en feil under opplasting av skissen', 'Errorea gertatu da programa kargatzerakoan',
    'ပုံကြမ်း ကို အပ်လုဒ်လုပ်နေစဉ် အမှားတွေ့သည်', 'Възникна грешка при качването на скицата',
    'A apărut o eroare la încărcarea schiţei', 'Hiba történt a vázlat feltöltése közben',
    'Ob nalaganju skice se je zgodila napaka', 'Сталася помилка при вивантаженні скетча',
    'წარმოიშვა შეცდომა ჩანახატის ატვირთვისას', 'Galat terjadi ketika mengunggah sketsa',
    'Luonnoksen lataamisessa esiintyi virhe', 'Lỗi xảy ra không lúc nạp bản phác thảo',
    'Podczas ładowania szkicu wystąpił błąd', 'Գծագիրը վերբեռնելիս սխալ տեղի ունեցավ',
    'یک خطا در هنگام آپلود کردن طرح رخ داد', 'Nastala chyba pri nahrávaní projektu',
    'Nastala chyba při nahrávaní projektu', 'Адбылася памылка пры выгрузцы скетча',
    'Произошла ошибка при загрузке скетча', 'Ocorreu um erro a enviar o rascunho',
    'Produciuse un erro subindo o sketch', 'Taslak yüklenirken bir hata oluştu',
    'در هنگام آپلود برنامه خطایی رخ داد', 'אירעה שגיאה במהלך העלאת סקיצה', 'स्केच अपलोड करताना त्रुटी आली',
    'เกิดข้อผิดผลาดขณะกำลังอัปโหลด', 'Viga visandi üleslaadimisel', '스케치를 업로드 하는 동안 에러가 발생하였습니다',
    'حدث خطأ أثناء رفع الرسمة', 'スケッチの書き込み中にエラーが発生しました', 'スケッチ書き込み中にエラーが発生しました', '上傳草稿碼時發生錯誤', '上传项目出错',
)
_VERDICT_PROBLEM_L10N = (
    'Masalah dalam mengunggah program pada microcontroller',
    'பலகைக்கு பதிவேற்றம் செய்வதில் பிரச்சனை எழுந்துள்ளது', 'Problém s přenosem dat na vývojovou desku (board)',
    'Problém s prenosom dat na vývojovú dosku (board)', 'Problem vid uppladdning till brädan',
    'Problemer ved opplasting til kortet', 'May problema sa pagupload sa board',
    'Probléma az alaplapra feltöltéskor', 'Проблем при качването към платката',
    'Probleem plaadile üleslaadimisega', 'Probleme la încărcarea aplicaţiei',
    'Πρόβλημα ανεβάσματος στην πλακέτα', 'Problema a carregar para a placa', 'Težava pri nalaganju na ploščico',
    'Problem gjate ngarkimit ne bord', 'Karta yüklenirken sorun oluştu', 'Problem z wgrywaniem na płytkę',
    'マイコンボードに書き込もうとしましたが、エラーが発生しました', 'Neizdevās augšupielādēt platē', 'Ongelma lähetettäessä levylle',
    'Проблема вивантаження в плату', 'बोर्ड मे अपलोड करने मे समस्या', 'Problem prijenosa na pločicu',
    'Vấn đề liên quan đến bo mạch', 'Problema cargando á tarjeta', 'Problema puyando a la placa',
    'Problema pujant a la placa', 'Arazoa plakara kargatzean', 'Праблема выгрузкі ў плату',
    'Проблема загрузки в плату', 'مشكلة في الرفع الى البورد', 'Խնդիր հարթակ վերբեռնելիս',
    'اشکال در بارگذاری به برد', 'დაფაზე ატვირთვის შეცდომა', 'בעיה בטעינה ללוח', '보드에 업로딩중에 문제 발생', '上傳到板子時發生問題',
    '上传出错',
)


def _starts(texts: tuple[str, ...]) -> str:
    return "^(?:" + "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)) + ")"


# (review s22) the start of a command line: indentation, a virtualenv tag, a shell prompt ("$ ", "pi@host:~ $ ", "C:\\> ",
# "PS C:\\x> "), sudo with its options, then a Python interpreter (bare, a path or quoted) with its flags (-u, -m)
_CMD_START = (r"^\s*(?:\([\w.\-]{1,40}\)\s*)?(?:PS [^>]{0,160}>\s*|[^\s$#>]{0,80}(?:\s[~\w/.\-]{0,80})?[$#>]\s*)?(?:sudo\s+(?:-\S{1,40}\s+){0,8})?"
              r"(?:(?:\"[^\"]{0,300}python[\w.]*\"|\S{0,300}python[\w.]*)\s+(?:-\w{1,40}\s+){0,8})?")

MESSAGES = rows_of(
    group(
        # first: their wordings also follow "Error during Upload: " / "Failed uploading: ", which the verdict rows below take
        # (wrappers audit s8) arduino-cli tags 0.13.0, 0.18.3, 0.29.0, 0.35.3, 1.0.4, 1.5.1: commands/upload/upload.go,
        # commands/service_upload.go, arduino/serialutils/serialutils.go, commands/cmderrors, internal/cli/upload, board, monitor
        "arduino-cli 0.13-1.5 commands/upload, serialutils, cmderrors, discovery, monitor (source audit s8; examples: the source's format filled in)",
        # 0.13-0.17: the 1200-bps touch as a logrus info line, and no bootloader port after it (the old port is used)
        Msg("touch_1200", r"Touching port (?P<port>[^\s\"]+) at 1200 ?bps", "strong",
            example='time="2020-10-01T10:00:00+02:00" level=info msg="Touching port /dev/ttyACM0 at 1200bps"'),
        # (arduino-forum-avr s18) an info line, never a failure: the upload goes on with the old port and the uploader's
        # own lines tell whether it worked; benign keeps the generic failure scan ("No ... detected") off it
        Msg("upload_port_fallback", r"^No new serial port detected\.?$", "strong", benign=True,
            example="No new serial port detected."),
        # 0.18+ serialutils.Reset: the touch itself failed (the port could not be opened at 1200 baud); the serial
        # words after it are read by serial_errors (on_event)
        Msg("touch_failed", r"^TOUCH: error during reset:|[Cc]annot perform (?:port )?reset: ", "strong", fail=True,
            example="TOUCH: error during reset: opening port at 1200bps: Serial port busy"),
        # 0.35+: the bootloader's port that appeared after the upload (a board that re-enumerates)
        Msg("upload_port", r"^New upload port: (?P<device>\S+) \(\w+\)", "strong",
            example="New upload port: /dev/ttyACM1 (serial)"),
        # the port's board could not be identified (board attach / upload / compile -u without -b): a board not known to
        # any installed core, or a generic USB-serial chip
        Msg("board_unidentified", r"Please specify an FQBN\. (?:The board on port \S+ with protocol \S+ can't be identified|Multiple possible boards detected on port)"
            r"|^(?:Error during Upload: )?[Nn]o supported board found at ", "strong", fail=True,
            example="Error during Upload: Please specify an FQBN. The board on port /dev/ttyUSB0 with protocol serial can't be identified"),
        # no compiled image for the upload (upload without compile, or --input-dir/--input-file wrong)
        Msg("image_missing", r"(?:[Cc]ompiled sketch|binary file) not found in \S", "strong", fail=True,
            example="Error during Upload: compiled sketch not found in /tmp/arduino-build-1234"),
        Msg("upload_field_missing", r"Missing required upload field: \S", "strong", fail=True,
            example="Missing required upload field: username"),
        # 0.13-0.18 wordings of the undefined upload/program/bootloader tool (0.19+ say "Property '...' is undefined")
        Msg("platform_property_missing", r"cannot get (?:upload|programmer) tool: undefined '(?P<property>[\w.]{1,80})' (?:property|in boards\.txt)"
            r"|invalid '(?P<prop2>upload\.tool)' property", "strong", fail=True,
            example="Error during Upload: cannot get upload tool: undefined 'upload.tool' property"),
        Msg("programmer_required", r"no programmer specified for burning bootloader|a programmer is required to upload for this board"
            r"|^(?:Error during Upload: )?(?:Failed (?:uploading|programming|to burn bootloader): )?(?:programmer not specified|Missing programmer)$"
            # (audit-wrappers s18) Arduino IDE 1.6-1.8 arduino-core SerialUploader.java (burnBootloader, uploadUsingProgrammer)
            r"|^Please select a programmer from Tools->Programmer menu",
            "strong", fail=True, example="Error during Upload: no programmer specified for burning bootloader"),
        Msg("programmer_unknown", r"[Pp]rogrammer '(?P<programmer>[^'\n]{1,80})' (?:not available|not found)", "strong", fail=True,
            example="Failed programming: Programmer 'usbasp2' not found"),
        # the pluggable discovery (serial-discovery, mdns-discovery) did not run: the tool not installed, or it crashed
        Msg("discovery_failed", r"missing serial-discovery tool|^Error (?:starting discovery|detecting boards): |\b[Dd]iscovery \S+ failed to run: ", "strong", fail=True,
            example="Error starting discovery: starting discovery builtin:serial-discovery: exec format error"),
        # (byid-usb-ser s17) `arduino-cli board list` with an empty port list (internal/cli/board/list.go listResult.String):
        # every serial port is listed, known board or not (/dev/ttyS*, a Bluetooth port), so an empty list means no serial
        # device at all; after "Error detecting boards" / "Error starting discovery" it is the discovery that failed instead
        Msg("board_list_empty", r"^No boards found\.$", "strong", fail=True,
            example="No boards found.", src="arduino-cli 0.x-1.x internal/cli/board/list.go (listResult.String)"),
        # 0.29+ cmderrors MissingPortError / MissingPortAddressError / MissingPortProtocolError: upload with no port
        Msg("no_upload_port", r"^(?:Error during Upload: )?(?:Failed (?:uploading|programming|to burn bootloader): )?Missing port(?: address| protocol)?$", "strong", fail=True,
            example="Failed uploading: Missing port address"),
        # the board's core (platform) is not installed, or not in any index
        Msg("core_missing", r"^(?:Error during Upload: )?(?:Failed (?:uploading|programming|to burn bootloader): )?Platform '[^'\n]+' not found|^Platform \S+ is not found in any known index",
            "strong", fail=True, example="Error during Upload: Platform 'esp32:esp32' not found: platform not installed"),
        # (deepen-generic s19) arduino-cli 0.2-0.3 (2018-2019) upload command: the platform's upload tool is not among the
        # installed tools ("Upload tool 'avrdude' not installed.", arduino-cli#131: the avr core was never installed) or
        # cannot be resolved ("Upload tool 'avrdude' not found.", arduino-cli#83: a third-party core naming arduino's tool)
        Msg("tool_missing", r"^Upload tool '(?P<name>[^'\n]{1,120})' not (?:installed|found)\.?\s*$", "strong", fail=True,
            example="Upload tool 'avrdude' not installed."),
        # 0.20-1.x packagemanager: a tool the core needs has no build for this OS/CPU (a later upload cannot run it)
        Msg("tool_missing", r"^Warning: tool '(?P<name>[^'\n]{1,120})' is not installed\. It might not be available for your OS", "strong", fail=True,
            attrs={"via": "package"},
            example="Warning: tool 'arduino:avrdude@6.3.0-arduino17' is not installed. It might not be available for your OS."),
        Msg("monitor_failed", r"No monitor available for the port protocol \S|monitor port has been closed externally|^Port monitor error(?!: command .open. failed: (?:Permission denied|Resource busy|Device or resource busy|No such file|Serial port (?:busy|not found)|Invalid serial port))", "strong", fail=True,
            example="Port monitor error: monitor port has been closed externally"),
    ),
    group(
        "Arduino IDE 1.6-1.8 (arduino-core SerialUploader, Compiler) and 2.x / arduino-cli 0.x-1.x (upload, builder)",
        Msg(None, r"^Arduino ?: ?\d+\.\d+\.\d+ \([^)]*\), (?:Board|Scheda|Placa|Platine|Karte): \"(?P<board>[^\"]+)\"", "strong",
            example='Arduino: 1.8.10 (Windows 10), Board: "Arduino/Genuino Mega or Mega 2560, ATmega2560 (Mega 2560)"'),
        # Arduino IDE 1.6-1.8 (Java, arduino-core Uploader.executeUploadCommand): the upload tool's path did not resolve to a
        # program ("{runtime.tools.bossac-1.7.0.path}/bossac" left unexpanded, or the tool not installed). Listed before the
        # size report so a paste whose lines ran together still names the missing tool
        Msg("tool_missing", r'java\.io\.IOException: Cannot run program "(?P<name>[^"\n]{1,300})"(?: \(in directory "[^"\n]*"\))?: (?:CreateProcess )?error=2\b',
            "strong", fail=True, attrs={"via": "launcher"},
            example='java.io.IOException: Cannot run program "{runtime.tools.bossac-1.7.0-arduino3.path}/bossac.exe": CreateProcess error=2, The system cannot find the file specified',
            src="Arduino IDE 1.6-1.8 arduino-core cc/arduino/packages/Uploader.java (Java ProcessBuilder)"),
        # (arduino-boards s11) the tool is there but may not be started: errno 13 (Linux/macOS: no execute bit, a board
        # package unpacked without it: sparkfun/Arduino_Boards #32 bossac 1.4.0), CreateProcess error=5 (Windows: access denied)
        Msg("tool_missing", r'java\.io\.IOException: Cannot run program "(?P<name>[^"\n]{1,300})"(?: \(in directory "[^"\n]*"\))?: (?:error=13\b|CreateProcess error=5\b)',
            "strong", fail=True, attrs={"via": "launcher", "reason": "not_executable"},
            example='java.io.IOException: Cannot run program "/home/me/arduino-1.8.5/portable/packages/SparkFun/tools/bossac/1.4.0/bossac": error=13, Permission denied',
            src="Arduino IDE 1.6-1.8 arduino-core cc/arduino/packages/Uploader.java (Java ProcessBuilder: UNIXProcess errno, Windows GetLastError)"),
        # (healthy s20) the build's library check (Arduino IDE 1.6-1.8 arduino-builder, arduino-cli 0.x-1.x legacy/builder and
        # internal/arduino/builder: "WARNING: library %[1]s claims to run on %[2]s architecture(s) and may be incompatible
        # with your current board which runs on %[3]s architecture(s)."): a note, the build and the upload go on; a library
        # that really does not build says so in its own compiler errors
        Msg(None, r"^WARNING: library \S.{0,79}? claims to run on .{1,120} architecture\(s\) and may be incompatible with your current board", "strong",
            benign=True, src="Arduino IDE 1.6-1.8 arduino-builder, arduino-cli legacy/builder (healthy s20; example: the source's format)",
            example="WARNING: library LiquidCrystal_I2C claims to run on avr architecture(s) and may be incompatible with your current board "
                    "which runs on esp32 architecture(s)."),
        Msg("image_size_ok", r"^Sketch uses (?P<size>[\d,.]+) bytes \(\d+%\) of program storage space\. Maximum is (?P<limit>[\d,.]+) bytes", "strong",
            example="Sketch uses 10,578 bytes (32%) of program storage space. Maximum is 32,256 bytes."),
        # (spent-d s10) the same report where the system's locale groups thousands with a space (a no-break space, folded
        # by the reader): "Sketch uses 32 008 bytes (99%) of program storage space. Maximum is 32 256 bytes."
        Msg("image_size_ok", r"^Sketch uses (?P<size>\d{1,3}(?: \d{3})+) bytes \(\d+%\) of program storage space\. Maximum is (?P<limit>\d{1,3}(?: \d{3})+) bytes", "strong",
            example="Sketch uses 32 008 bytes (99%) of program storage space. Maximum is 32 256 bytes."),
        # (spent-d s10) the same report in the IDE's and arduino-cli's translations (their i18n catalogues; thousands grouped
        # with a dot or a space as the locale does; the limit may be wrapped onto the next line, and is then not read)
        *_TRANSLATED_SIZE_REPORTS,
        # (spent-d s10) Arduino IDE 0018-1.0.x (processing.app.Sketch size check) printed the size report in this wording
        Msg("image_size_ok", r"^Binary sketch size: (?P<size>[\d,.]+) bytes \(of a (?P<limit>[\d,.]+) byte maximum\)", "strong",
            example="Binary sketch size: 30700 bytes (of a 32256 byte maximum)",
            src="Arduino IDE 0018-1.0.6 app/src/processing/app/Sketch.java size()"),
        Msg("image_too_large", r"^Sketch too big|(?:text|data) section exceeds available space in board|^Not enough memory; see ", "strong", fail=True,
            example="Sketch too big; see https://support.arduino.cc/hc/en-us/articles/360013825179 for tips on reducing it."),
        Msg("upload_port_missing", r"(?i)Couldn't find a Board on the selected port", "strong", fail=True,
            example="Couldn't find a Board on the selected port. Check that you have the correct port selected.  If it is correct, try pressing the board's reset button after initiating the upload.",
            src="Arduino IDE 1.6-1.8 SerialUploader ('a Board'), PlatformIO core 3.x-6.x builder/tools/pioupload.py WaitForNewSerialPort ('Error: ... a board')"),
        # (intl-forums s19) the same RunnerException in the IDE's translations (SerialUploader.java tr(); the first sentence of
        # each msgstr in arduino-core/src/processing/app/i18n/Resources_{de_DE,es,fr,it_IT,pt_BR,pt_PT,ru,uk,pl,nl,tr,cs_CZ,
        # sv,hu,ca,ja_JP,zh_CN,zh_TW,ko_KR}.po, arduino/Arduino 1.8.x): a German/Spanish/... IDE prints it in its own language
        Msg("upload_port_missing", r"An dem ausgewählten Port konnte kein Board gefunden werden|No pude encontrar una placa en el puerto seleccionado"
            r"|Impossible de trouver une carte sur le port sélectionné|Impossibile trovare una scheda sulla porta selezionata"
            r"|Não foi possível encontrar uma placa na porta selecionada|Não consegui encontrar uma Placa na porta selecionada"
            r"|На выбранном порту плата не найдена|Не вдалося знайти плату на обраному порті|Nie można znaleźć płytki na wybranym porcie"
            r"|Kan op de geselecteerde poort geen board vinden|Seçilen portta bir Kart bulunamadı|Na vybraném portu nemohu nalézt příslušný board"
            r"|Kunde inte hitta ett kort på den valda porten|Nem található alaplap a kiválasztott porton|No es pot trobar la placa en el port seleccionat"
            r"|指定されたポートには、ボードが接続されていません|所选串口上没有找到开发板|無法在選定的傳輸埠上找到板子|선택한 포트에 보드를 찾을 수 없습니다",
            "strong", fail=True,
            example="An dem ausgewählten Port konnte kein Board gefunden werden. Bitte überprüfen Sie die korrekte Auswahl des seriellen Ports. Ist diese korrekt, bitte das Board über die Reset-Taste nach dem Start des Hochladens neu starten.",
            src="Arduino IDE 1.6-1.8 arduino-core SerialUploader.java + i18n/Resources_*.po (translations of 'Couldn't find a Board on the selected port')"),
        # (avr-serial s22) Sloeber (Eclipse) prints the same line as 'Forcing reset using 1200bps open/close on port : "COM1"'
        # (io.sloeber.core messages.properties since 2018-05) and, in 2016-2017 builds, with the port glued on ("...on portCOM1")
        Msg("touch_1200", r"^Forcing reset using 1200 ?bps open/close on port ?(?::\s*)?\"?(?P<port>[^\s\"]+)\"?", "strong",
            example="Forcing reset using 1200bps open/close on port /dev/ttyACM0",
            src="Arduino IDE 1.6-1.8 SerialUploader, PlatformIO platform-atmelavr/-atmelsam builders (the 1200-baud touch of a native-USB board)"),
        Msg("touch_1200", r"^Performing 1200-bps touch reset on serial port (?P<port>\S+)", "strong",
            example="Performing 1200-bps touch reset on serial port COM5", src="arduino-cli 0.x-1.x commands/upload (verbose)"),
        Msg("waiting_new_port", r"^Waiting for upload port\.\.\.", "strong", example="Waiting for upload port...",
            src="arduino-cli 0.x-1.x commands/upload (verbose); PlatformIO prints 'Waiting for the new upload port...'"),
        Msg("upload_port_fallback", r"^No upload port found, using (?P<port>\S+) as fallback", "strong", benign=True,
            example="No upload port found, using COM5 as fallback",
            src="arduino-cli 0.x-1.x commands/service_upload.go (a logrus Infof, then the upload goes on): no new port "
                "appeared after the touch, the old one is used"),
        Msg("upload_port", r"^Found upload port: (?P<device>\S+)", "strong", example="Found upload port: COM8"),
        # (arduino-newer-boards s14) Arduino IDE 1.6-1.8 SerialUploader.waitForUploadPort (verbose upload), every 250 ms after the
        # 1200-bps touch: "PORTS {before} / {now} => {new}". An empty diff is the wait for the bootloader's port (as arduino-cli's
        # "Waiting for upload port..."); a port in it is followed by "Found upload port: X"; after 5 s with the touched port
        # still listed it gives up waiting and uses that port ("Uploading using selected port: X", arduino-cli's fallback)
        Msg("waiting_new_port", r"^PORTS \{[^{}]*\} / \{[^{}]*\} => \{\}\s*$", "strong",
            example="PORTS {COM3, COM4, COM9, } / {COM3, COM4, COM9, } => {}",
            src="Arduino IDE 1.6-1.8 arduino-core SerialUploader.waitForUploadPort (verbose upload)"),
        # (avr-serial s22) a port in the diff is the one that newly appeared after the touch: the bootloader's port, the upload's
        # port from then on (IDE 1.8 then prints "Found upload port: X"; Sloeber's io.sloeber.core ArduinoSerial returns the diff's
        # first port and prints 'Using port "X" from now onwards', 2016-2017 builds "Using comportX from now onwards")
        Msg("upload_port", r"^PORTS \{[^{}]*\} / \{[^{}]*\} => \{\s*(?P<device>[^\s,{}]+)\s*,[^{}]*\}", "strong",
            example="PORTS {COM18, } / {COM8, } => {COM8, }"),
        Msg("upload_port", r"^Using (?:com)?port\s*:?\s*\"?(?P<device>[^\s\"]+?)\"?\s*from now onwards", "strong",
            example='Using port "COM5" from now onwards', src="Sloeber io.sloeber.core ArduinoSerial.makeArduinoUploadready"),
        Msg("upload_port_fallback", r"^Uploading using selected port: (?P<port>\S+)", "strong",
            example="Uploading using selected port: COM11",
            src="Arduino IDE 1.6-1.8 SerialUploader.waitForUploadPort: no new port within 5 s of the touch, the selected one is used"),
        Msg("upload_port", r"^Upload port found on (?P<device>\S+)", "strong", example="Upload port found on /dev/ttyACM1",
            src="arduino-cli 0.x-1.x commands/service_upload.go (verbose, after the 1200-bps touch)"),
        # the board wants the 1200-bps touch and no port was selected: nothing resets it into its bootloader
        Msg("touch_skipped", r"^Skipping 1200-bps touch reset: no serial port selected", "strong",
            example="Skipping 1200-bps touch reset: no serial port selected!", src="arduino-cli 0.x-1.x commands/service_upload.go"),
        # the upload tool itself is not there: Go's os/exec error as arduino-cli 0.x-1.x / IDE 2.x print it after "cannot execute
        # upload tool:" (a core's tool path unexpanded, or the tool package not installed): TOOL001, not a failed upload
        # (review s24) Go's "file does not exist" only for a tool's path: not the sketch's image (.ino.uf2, .bin, .hex, .elf) nor a bare
        # user folder (`exec: "C:\\Users\\John"`: a command line cut at the space of the user's name)
        Msg("tool_missing", r"^(?![^\n]*?exec: \"(?:[^\"\n]*\.(?:ino|uf2|bin|hex|elf)|[A-Za-z]:(?:\\+|/)Users(?:\\+|/)[^\\/\"\n]*)\": file does not exist)"
            r"(?:Error during Upload: )?(?:Failed (?P<mode>uploading|programming|to burn bootloader|chip erase): )?cannot execute (?:\w+ )?tool: "
            r"(?:fork/exec (?P<name>(?:[A-Za-z]:)?[^:\n]{1,300})|exec: \"(?P<cmd>[^\"\n]{1,300})\")"
            # (rp-fw s24) Go's LookPath on Windows for a command given with its path: `exec: "C:\\...\\picotool": file does not exist`
            # (os/exec lp_windows.go findExecutable -> fs.ErrNotExist; earlephilhower/arduino-pico#2008)
            r": (?:no such file or directory|[Tt]he system cannot find the (?:file|path) specified|executable file not found|file does not exist|stat (?:[A-Za-z]:)?[^:\n]{1,300}: no such file)",
            "strong", fail=True, attrs={"via": "launcher"},
            example="Failed to burn bootloader: cannot execute upload tool: fork/exec {runtime.tools.bossac-1.9.1-arduino2.path}/bossac: no such file or directory",
            src="arduino-cli 0.30-1.x commands/upload (cannot execute upload tool), Go os/exec StartProcess errors"),
        # (rp-usb s10) the same with the tool's path still the platform's unexpanded {runtime.tools.NAME.path} placeholder: the
        # core's tool dependency was never installed, whatever follows (a paste cut after the path, a localized errno text)
        Msg("tool_missing", r'cannot execute (?:\w+ )?tool: (?:fork/exec |exec: ")(?P<name>\{runtime\.tools\.[^}\n]{1,200}\}[^\s":]{0,200})',
            "strong", fail=True, attrs={"via": "launcher"},
            example="Error during Upload: cannot execute upload tool: fork/exec {runtime.tools.bossac-1.7.0-arduino3.path}/bossac: no such file o...",
            src="arduino-cli 0.x-1.x commands/upload (cannot execute upload tool) with an unexpanded platform.txt tool path"),
        # (rp-usb s10) Arduino IDE 1.6-1.8 echoes the upload recipe before running it (verbose upload): a tool path the board package
        # never resolved stays a {runtime.tools.NAME.path} placeholder or becomes ___REMOVE___ (PreferencesMap), so the command
        # starts with it and cannot run, whatever the Java error after it says (or where a paste cuts it)
        # (gather-wrappers s20) a recipe that runs its tool through an interpreter (stm32duino's Linux/macOS upload pattern
        # `sh "{path}/stm32CubeProg.sh" ...`, a core's python script) echoes the interpreter first: "sh ___REMOVE___/stm32CubeProg.sh 0
        # ...", then dash's "sh: 0: Can't open ___REMOVE___/stm32CubeProg.sh" (stm32duino/Arduino_Tools#39)
        Msg("tool_missing", r'^"?(?:(?:/bin/|/usr/bin/)?(?:ba|da)?sh|python3?|cmd(?:\.exe)? /[cC]) +"?(?P<name>(?:___REMOVE___|\{runtime\.tools\.[^}\s]{1,120}\})[/\\][^\s"]{1,200})"? ',
            "strong", fail=True, attrs={"via": "launcher"},
            example="sh ___REMOVE___/stm32CubeProg.sh 0 /tmp/arduino_build_688077/Blink.ino.bin -g ",
            src="Arduino IDE 1.6-1.8 arduino-core SerialUploader (the recipe echoed with verbose upload)"),
        # the shell's own line for that script inside the IDE's output (dash 0.5.3-0.5.10 "Can't open %s", 0.5.11+ "cannot open
        # %s: No such file", busybox ash "can't open '%s': ..."; shell.py reads the same outside an IDE's block)
        Msg("tool_missing", SH_CANT_OPEN, "weak", fail=True,
            attrs={"via": "launcher"}, example="sh: 0: Can't open ___REMOVE___/stm32CubeProg.sh",
            src="dash 0.5.3-0.5.10 src/input.c setinputfile, run by an Arduino core's upload recipe"),
        Msg("tool_missing", SH_CANNOT_OPEN,
            "weak", fail=True, attrs={"via": "launcher"}, example="sh: 0: cannot open /home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.2.2/stm32CubeProg.sh: No such file",
            src="dash 0.5.11-0.5.12 src/redir.c sh_open_fail"),
        Msg("tool_missing", ASH_CANT_OPEN,
            "weak", fail=True, attrs={"via": "launcher"}, example="sh: can't open './upload.sh': No such file or directory",
            src="busybox 1.x shell/ash.c setinputfile"),
        Msg("tool_missing", r'^"?(?P<name>(?:___REMOVE___|\{runtime\.tools\.[^}\s]{1,120}\})[/\\][^\s"]{1,200})"? ', "strong", fail=True,
            attrs={"via": "launcher"},
            example="___REMOVE___/bin/avrdude -C___REMOVE___/etc/avrdude.conf -v -patmega328p -carduino -PCOM57 -b115200 -D -Uflash:w:C:\\Users\\x\\AppData\\Local\\Temp\\build3815d80754a2f55168879c0f4a6e5e2b.tmp/receiver.ino.hex:i",
            src="Arduino IDE 1.6-1.8 arduino-core SerialUploader (the recipe echoed with verbose upload)"),
        # (winmac s6c) the upload tool is there but this computer cannot run it (Go os/exec StartProcess: macOS EBADARCH, Linux
        # ENOEXEC, Windows ERROR_BAD_EXE_FORMAT): a 32-bit avrdude 6.3.0-arduino8/9/14 on macOS 10.15+, an x86-64 tool on
        # Apple Silicon without Rosetta 2, an x86 tool on a Raspberry Pi: TOOL001 (shell.py words the same for other launchers)
        Msg("tool_missing", r"^(?:Error during Upload: )?(?:Failed (?:uploading|programming|to burn bootloader|chip erase): )?cannot execute (?:\w+ )?tool: "
            r"fork/exec (?P<name>(?:[A-Za-z]:)?[^:\n]{1,300}): (?:bad CPU type in executable|exec format error|%1 is not a valid Win32 application)",
            "strong", fail=True, attrs={"via": "launcher", "reason": "wrong_arch"},
            example="Failed uploading: cannot execute upload tool: fork/exec /Users/u/Library/Arduino15/packages/arduino/tools/avrdude/6.3.0-arduino9/bin/avrdude: bad CPU type in executable",
            src="arduino-cli 0.30-1.x / Arduino IDE 2.x commands/upload (cannot execute upload tool), Go os/exec StartProcess errors"),
        # arduino-cli 0.x-1.x commands/service_upload.go runTool: the upload recipe needs {serial.port} and no port was given
        # (Arduino IDE 2.x: no port selected, usually because none appeared for the board)
        # (se-wrappers s8) arduino-cli 0.19+ commands/service_upload.go getToolID: the board defines neither
        # <action>.tool.<protocol> nor <action>.tool.default (cmderrors MissingPlatformPropertyError "Property '%s' is
        # undefined"): a board package written for IDE 1.x (only upload.tool), or a menu-defined tool the CLI did not
        # translate (arduino-cli#1444); and ProgrammerRequiredForUploadError: the board has no upload.protocol and no
        # programmer was selected
        Msg("platform_property_missing", r"Property '(?P<property>(?:upload|bootloader|program|erase)\.tool\.[\w-]+)' is undefined", "strong",
            fail=True, example="Error during Upload: Property 'upload.tool.serial' is undefined",
            src="arduino-cli 0.19-1.x commands/cmderrors/cmderrors.go MissingPlatformPropertyError"),
        Msg("programmer_required", r"A programmer is required to upload", "strong", fail=True,
            example="A programmer is required to upload", src="arduino-cli 0.19-1.x commands/cmderrors/cmderrors.go ProgrammerRequiredForUploadError"),
        Msg("no_upload_port", r"^(?:Error during Upload: )?(?:Failed (?:uploading|programming|to burn bootloader): )?no upload port provided\b", "strong", fail=True,
            example="Failed uploading: no upload port provided", src="arduino-cli 0.x-1.x commands/service_upload.go (runTool)"),
        # Arduino IDE 1.6-1.8 app Editor.java: an upload with no port selected while the Port menu is empty ("Serial port not
        # selected."), or with a selected port that is gone ("Serial port COM3 not found.")
        Msg("no_upload_port", r"^Serial port not selected\.?$", "strong", fail=True,
            example="Serial port not selected.", src="Arduino IDE 1.6-1.8 app/src/processing/app/Editor.java"),
        Msg("serial_no_such_port", r"^Serial port (?P<port>\S{1,200}) not found\.$", "strong", fail=True,
            example="Serial port COM3 not found.", src="Arduino IDE 1.6-1.8 app/src/processing/app/Editor.java (serialPrompt)"),
        # arduino-core processing/app/Serial.java (IDE 1.6-1.8): the port could not be opened; on Linux with jssc's
        # TYPE_PERMISSION_DENIED the IDE points at the permissions page, and a port that is not there at all says so
        Msg("serial_permission_denied", r"Error opening serial port '(?P<port>[^'\n]{1,200})'\. Try consulting the documentation at http://playground\.arduino\.cc/Linux/All#Permission",
            "strong", fail=True,
            example="Error opening serial port '/dev/ttyACM0'. Try consulting the documentation at http://playground.arduino.cc/Linux/All#Permission",
            src="Arduino IDE 1.6-1.8 arduino-core/src/processing/app/Serial.java"),
        Msg("serial_no_such_port", r"Serial port '(?P<port>[^'\n]{1,200})' not found\. Did you select the right one from the Tools > Serial Port menu",
            "strong", fail=True,
            example="Serial port 'COM3' not found. Did you select the right one from the Tools > Serial Port menu?",
            src="Arduino IDE 1.6-1.8 arduino-core/src/processing/app/Serial.java (SerialNotFoundException)"),
        Msg("upload_failed", r"^(?:Error during Upload: )?Failed (?P<mode>uploading|programming|to burn bootloader)(?=:|\s*$)(?:: (?:uploading error|(?P<text>.+)))?",
            "strong", fail=True, example="Failed uploading: uploading error: exit status 1",
            src="arduino-cli 0.20-1.x commands/upload: 'Failed uploading' (upload.pattern: the board's bootloader), 'Failed programming' "
                "(program.pattern: Upload Using Programmer / --programmer), 'Failed to burn bootloader'; 0.x prefixes 'Error during Upload: '"),
        Msg("upload_failed", r"^Error during Upload: (?P<text>.+)$", "strong", fail=True,
            example="Error during Upload: uploading error: exit status 1", src="arduino-cli 0.x (before the Failed ... wording)"),
        Msg("upload_failed", r"^Problem uploading to board\.|^An error occurred while uploading the sketch"
            r"|^Upload error: Error: \d+ \w+: uploading error", "strong", fail=True,
            example="An error occurred while uploading the sketch"),
        Msg("upload_failed", r"^Error while burning bootloader", "strong", fail=True, attrs={"mode": "to burn bootloader"},
            example="Error while burning bootloader.", src="Arduino IDE 1.6-1.8 (Tools > Burn Bootloader)"),
        # arduino-cli 0.30-1.x commands/upload (burn bootloader): the erase step that runs the core's erase.pattern (fuses,
        # lock bits) before the bootloader is written failed
        Msg("upload_failed", r"^Failed chip erase(?:: (?:uploading error|(?P<text>.+)))?", "strong", fail=True, attrs={"mode": "to burn bootloader"},
            example="Failed chip erase: uploading error: exit status 1", src="arduino-cli 0.30-1.x / Arduino IDE 2.x (Tools > Burn Bootloader, erase step)"),
    ),
    group(
        # (arduino-ide2 s12) the Arduino Cloud Agent (arduino-create-agent 1.x upload/upload.go) runs the upload for Arduino Cloud's
        # editor: reset() logs "Restarting in bootloader mode" and then does arduino-cli's serialutils.Reset (the 1200-baud
        # touch), program() logs "Flashing with command:<tool> <args>" (left to the uploader's parser, which reads its own
        # command line) and each line the uploader prints, and a failed run
        # ends in errors.Wrapf(err, "Executing command") ("Executing command: exit status 1"; "Start command: fork/exec ..."
        # when the tool could not start). The Cloud Editor prints "Upload started" and "Programming with: Serial" first.
        # Its debug console shows the same as JSON ("Msg": ...), unwrapped by the reader (parsers/__init__.py _AGENT_MSG)
        "arduino-create-agent 1.x upload/upload.go and conn.go, Arduino Cloud editor (the agent's upload log)",
        Msg("touch_1200", r"^Restarting in bootloader mode$", "strong", example="Restarting in bootloader mode"),
        Msg(None, r"^(?:Upload started|Programming with: \w+)$", "strong", example="Programming with: Serial"),
        Msg("upload_failed", r"^Executing command: (?P<text>exit status -?\d+)$", "strong", fail=True,
            example="Executing command: exit status 1"),
    ),
    group(
        # (fw-build s10b) the compile verdicts: Arduino IDE 1.6.6-1.8.19 arduino-core cc/arduino/Compiler.java RunnerException
        # "Error compiling for board {0}." in its translations (arduino-core/src/processing/app/i18n/Resources_*.po), 1.6.0-1.6.5
        # "Error compiling.", Arduino IDE 2.x "Compilation error: <the first error>", arduino-cli internal/cli/compile
        # "Error during build: <error>". The sketch did not build, so nothing was uploaded; the size verdicts above
        # ("Compilation error: text section exceeds available space in board") stay image_too_large
        "Arduino IDE 1.6-2.x / arduino-cli compile verdicts (arduino-core Compiler.java and its i18n catalogues, arduino-cli compile.go)",
        Msg("compile_failed", r"^(?:Error compiling for board|Error compilando para la tarjeta|Erreur de compilation pour la carte|Fehler beim Kompilieren für das Board"
            r"|Errore durante la compilazione per la scheda|Erro compilando para a placa|Ошибка компиляции для платы|Fout bij het compileren voor board"
            r"|Błąd kompilacji dla płytki|Nastala chyba při kompilaci u desky) (?P<board>[^\n]{1,160}?)\.?\s*$", "strong", fail=True,
            example="Error compiling for board Arduino/Genuino Uno."),
        Msg("compile_failed", r"^Error compiling\.\s*$|kartı için derleme hatası\.\s*$|に対するコンパイル時にエラーが発生しました|编译时出错", "strong", fail=True,
            example="Error compiling."),
        # not when a tool of the core could not be run at all (arduino-cli's "Error during build: fork/exec .../dfu-suffix:
        # exec format error": the shell rows read it, TOOL001) or the board/core is unknown (its own rows)
        Msg("compile_failed", r"^(?:Compilation error|Error during build): (?!(?:text|data) section exceeds|Sketch too big)"
            r"(?!.{0,300}?(?:fork/exec |exec format error|executable file not found|Invalid FQBN|not installed|[Pp]latform '[^'\n]{0,80}' not found))(?P<text>\S.{0,300})$",
            "strong", fail=True, example="Compilation error: exit status 1"),
    ),
    group(
        # (wrappers audit s8) arduino-ide tags 2.0.0, 2.2.1, 2.3.6, master: arduino-ide-extension/src/browser/contributions/
        # upload-sketch.ts, burn-bootloader.ts, boards-service-provider.ts, monitor-manager/monitor-service.ts (nls messages)
        "Arduino IDE 2.0-2.3 notifications and output panel (source audit s8; examples: the source's format filled in)",
        Msg("no_upload_port", r"^Select both a Board and a Port if you want to upload a sketch|^No ports selected for board: '", "strong", fail=True,
            example="No ports selected for board: 'Arduino Uno'."),
        Msg("upload_failed", r"^Error while burning the bootloader: (?P<text>.+)", "strong", fail=True, attrs={"mode": "to burn bootloader"},
            example="Error while burning the bootloader: Error: 2 UNKNOWN: chip erase error: uploading error: exit status 1",
            src="Arduino IDE 2.0-2.3 burn-bootloader.ts (a real paste: MightyCore burn bootloader with a USB-serial chip selected as USBasp)"),
        Msg("board_unidentified", r"^Please pick a board connected to the port you have selected", "strong", fail=True,
            example="Please pick a board connected to the port you have selected."),
        Msg("upload_succeeded", r"^Done uploading\.$", "strong", example="Done uploading."),
        Msg("core_missing", r"^The platform for the selected '[^'\n]+' board is not installed|^The FQBN is not available for the selected board \"", "strong", fail=True,
            example="The platform for the selected 'Arduino Nano ESP32' board is not installed."),
        Msg("monitor_failed", r"(?<!Permission denied\.)(?<!Serial port busy\.)(?<!Serial port not found\.)(?<!Invalid serial port\.)(?:^|\s)(?:Could not connect to|Not connected to) \S+ \w+ port(?:\.|$)|The IDE has not received the 'success' message from the monitor",
            "strong", fail=True, example="Could not connect to UF2_Board uf2conv port", src="Arduino IDE 2.3 monitor-service.ts (real: tests/cases/arduino-pico-2476-pico2-uf2-upload-ok-no-monitor-uf2conv)"),
    ),
    group(
        "Arduino IDE 1.6-1.8.19 arduino-core SerialUploader.java, BaseNoGui.java, app Base.java (audit-wrappers s18)",
        # the tool a board's or a programmer's recipe names is not installed ("Could not find tool {0} from package {1}",
        # "Could not find tool {0}")
        Msg("tool_missing", r"^Could not find tool (?P<name>[\w.+-]{1,80})(?: from package [\w.+-]{1,80})?\s*$", "strong", fail=True,
            attrs={"via": "package"}, example="Could not find tool avrdude from package arduino"),  # (from the source's format)
        # the selected board's core was removed or never installed ("Selected board depends on '{0}' core (not installed).",
        # "The current selected board needs the core '{0}' that is not installed."); and a burn whose boards.txt names a
        # bootloader file that is not there
        Msg("core_missing", r"^Selected board depends on '[^'\n]{1,80}' core \(not installed\)|^The current selected board needs the core '[^'\n]{1,80}' that is not installed",
            "strong", fail=True, example="Selected board depends on 'arduino' core (not installed)."),  # (from the source's format)
        Msg(None, r"^Bootloader file specified but missing: \S", "strong", fail=True,
            example="Bootloader file specified but missing: /home/me/.arduino15/packages/MiniCore/hardware/avr/2.2.2/bootloaders/optiboot_flash/bootloaders/atmega328p/16000000L/optiboot_flash_atmega328p_UART0_115200_16000000L_B5.hex"),  # (from the source's format)
    ),
    group(
        "Arduino IDE 1.6-1.8 translated verdicts (arduino-core/src/processing/app/i18n Resources_*.po: de, it, es, fr, pt_BR, nl)",
        # "Error while burning bootloader." and "An error occurred while uploading the sketch" as the IDE prints them in the
        # user's language; a German or Italian console otherwise says nothing a failure scan reads as one
        Msg("upload_failed", r"^(?:Fehler beim Brennen des Bootloaders|Errore durante la scrittura del bootloader|Error quemando bootloader"
            r"|Erreur lors de la gravure de la séquence d'initialisation|Erro ao gravar o bootloader|Fout bij het branden van de bootloader)",
            "strong", fail=True, attrs={"mode": "to burn bootloader"},
            example="Fehler beim Brennen des Bootloaders."),
        Msg("upload_failed", r"^(?:Beim Hochladen des Sketches ist ein Fehler aufgetreten|Errore durante il caricamento dello sketch"
            r"|Ha ocurrido un error mientras se enviaba el sketch|Une erreur est survenue lors du transfert du croquis"
            r"|Ocorreu um erro enquanto o sketch era carregado|Er is een fout opgetreden bij het uploaden van de schets)",
            "strong", fail=True,
            example="Errore durante il caricamento dello sketch"),
        # "Problem uploading to board.  See ... for suggestions." (arduino-core Uploader.java), translated
        Msg("upload_failed", r"^(?:Problem beim Hochladen auf das Board\.|Problema di caricamento sulla scheda\.|Problema subiendo a la placa\."
            r"|Problème de téléversement vers la carte\.|Problema ao carregar para a placa\.|Probleem bij het uploaden naar het board\.)",
            "strong", fail=True, attrs={"mode": "upload"},
            example="Problem beim Hochladen auf das Board. Hilfestellung dazu unter http://www.arduino.cc/en/Guide/Troubleshooting#upload."),
    ),
    group(
        "Arduino IDE 1.6-1.8 translated verdicts, the other languages (arduino-core i18n Resources_*.po, see _VERDICT_*_L10N)",
        Msg("upload_failed", _starts(_VERDICT_BURN_L10N), "strong", fail=True, attrs={"mode": "to burn bootloader"},
            example="ブートローダの書き込み中にエラーが発生しました。"),
        Msg("upload_failed", _starts(_VERDICT_UPLOAD_L10N), "strong", fail=True, example="上传项目出错"),
        Msg("upload_failed", _starts(_VERDICT_PROBLEM_L10N), "strong", fail=True, attrs={"mode": "upload"},
            example="マイコンボードに書き込もうとしましたが、エラーが発生しました。"),
    ),
    group(
        "megaTinyCore / DxCore 2.x-1.x tools/prog.py (SerialUPDI through pymcuprog) and pymcuprog 3.x CLI",
        Msg(None, r"^Arduino <-+> pymcuprog bridge by", "strong", example="Arduino <---> pymcuprog bridge by Quentin Bolsee and Spence Konde"),
        # the UPDI datalink to the chip never answered: the USB-serial adapter, its resistor or diode between TX and RX, the
        # UPDI wire, target power, or a baud the adapter cannot keep (230400/345600 on CH340-class adapters)
        Msg("target_link_failed", r"PymcuprogError: UPDI initiali[sz]ation failed", "strong", fail=True, attrs={"via": "serialupdi"},
            example="pymcuprog.pymcuprog_errors.PymcuprogError: UPDI initialisation failed"),
        # (arduino-forum s9) pyupdi (mraardvark, the SerialUPDI predecessor megaTinyCore shipped as "pyupdi-style" uploads) raises
        # the same from updi/link.py after 'UPDI not OK - reinitialisation required' twice: no UPDI reply at all
        Msg("target_link_failed", r"^Exception: UPDI initiali[sz]ation failed", "strong", fail=True, attrs={"via": "pyupdi"},
            example="Exception: UPDI initialisation failed", src="pyupdi updi/link.py UpdiDatalink.__init__"),
        # (arduino-boards s11) the chip answered over UPDI with another signature than the part selected (Tools > Chip):
        # pymcuprog nvmupdi.py (warning) / megaTinyCore nvmserialupdi.py (error) log the two ids, prog.py then stops
        # ("Device ID mismatch! Stopping." 2.2-2.6, "... Ensure chip selected in Tools -> Chip menu and verify identity of
        # chip." 2.6.x+, after "Error: Expected: <part> Instead, found: <part>"). megaTinyCore #1099 (an ATtiny816 fitted for a
        # 416), #679 (412s that read as 416s)
        Msg("device_id_mismatch", r"ID read \('(?P<read>[0-9A-Fa-f]{6})'\) does not match expected device id! \('(?P<expected>[0-9A-Fa-f]{6})'\)",
            "strong", fail=True, example="pymcuprog.nvm - WARNING - ID read ('1E9221') does not match expected device id! ('1E9223')",
            src="pymcuprog 3.x nvmupdi.py, megaTinyCore 2.6.x tools/libs/pymcuprog/nvmserialupdi.py"),
        Msg("device_id_mismatch", r"^Error: Expected: (?P<part>\w+) Instead, found: (?P<value>\w+)", "strong", fail=True,
            example="Error: Expected: attiny416 Instead, found: attiny816", src="megaTinyCore 2.6.x tools/libs/pymcuprog/nvmserialupdi.py"),
        Msg("device_id_mismatch", r"^Device ID mismatch! (?:Stopping\.|Ensure chip selected)", "strong", fail=True,
            example="Device ID mismatch! Stopping.", src="megaTinyCore 2.2-2.6.x / DxCore tools/prog.py"),
    ),
    group(
        # (wrappers audit s11) arduino/arduino-fwuploader tags 0.1.10, 2.0.0, 2.2.2, 2.4.1 (flasher/, cli/firmware/flash.go) and
        # arduino/nina-fwuploader-plugin 1.0.0: the NINA/WINC module updater that first uploads a passthrough (loader)
        # sketch, then talks to it at 1000000 baud. Its serial open errors are serial_errors' rows; what is left:
        "arduino-fwuploader 0.1-2.4 and nina-fwuploader-plugin (source audit s11; examples: the source's format filled in)",
        # the board answered, but not the FirmwareUpdater sketch this updater needs (an older passthrough sketch, another
        # sketch): ambiguous, quoted
        Msg("fwuploader_failed", r"(?i)programmer reports \d+ as maximum payload size \(1024 is needed\)", "strong", fail=True,
            example="2021/03/02 10:12:30 Programmer reports 256 as maximum payload size (1024 is needed)"),
        # every retry failed (logrus, as text or as a key=value line)
        Msg("fwuploader_failed", r"Operation failed\. :-\(", "strong", fail=True,
            example='time="2023-01-10T10:00:00+01:00" level=fatal msg="Operation failed. :-("'),
        Msg("upload_succeeded", r"Operation completed: success! :-\)", "strong",
            example="INFO[0012] Operation completed: success! :-)"),
    ),
    # (audit-esp-nrf-updi s11) pymcuprog 3.x (microchip-pic-avr-tools/pymcuprog: pymcuprog_main.py, backend.py, programmer.py,
    # nvmserialupdi.py, serialupdi/link.py, application.py, nvmp*.py, readwrite.py) and the copy megaTinyCore/DxCore ship in
    # tools/libs/pymcuprog under tools/prog.py (SerialUPDI 1.1-1.3.1, megaTinyCore 2.3-2.6.11). Logged lines read
    # "<logger> - <LEVEL> - <text>". Examples are the source's format filled in.
    group(
        "pymcuprog 3.x and megaTinyCore/DxCore tools/libs/pymcuprog + tools/prog.py: the target over UPDI (source audit s11, from the source's format)",
        Msg("device_id_mismatch", r"Device ID mismatch: read out '(?P<read>[0-9A-Fa-f]{6})'; expected '(?P<expected>[0-9A-Fa-f]{6})'", "strong", fail=True,
            example="pymcuprog.pymcuprog_main - ERROR - Operation failed with PymcuprogSessionError: Device ID mismatch: read out '1E9221'; expected '1E9223'.",
            src="pymcuprog 3.x nvmserialupdi.py"),
        # the SIB read got no answer even after the double break: nothing speaks UPDI on the wire (as 'UPDI initialisation failed')
        Msg("target_link_failed", r"Double-break recovery failed\.\s+Unable to contact device|(?:PymcuprogSerialUpdiError|RuntimeError): Failed to read device info",
            "strong", fail=True, attrs={"via": "serialupdi"},
            example="pymcuprog.serialupdi.application - ERROR - Double-break recovery failed.  Unable to contact device."),
        # the tool's own retries and recovery: a failure only if the run then ends in one of the rows above
        # (avr-swd-tools s24w2) the datalink check's own verdicts, UpdiDatalink.init_datalink/_check_datalink of pyupdi
        # updi/link.py (2018-2021), pymcuprog 3.x serialupdi/link.py (to 3.17) and megaTinyCore/DxCore's copy
        # (tools/libs/pymcuprog/serialupdi/link.py): one failed check, a double break, a second check; the second failed
        # check is always followed by the raise "UPDI initialisation failed" (see on_event: the text may be cut before it).
        # (fix after review) "Check failed" (logger.warning, "<logger> - WARNING - <text>" of logging.yaml) is the older
        # wording: pymcuprog 3.10.x serialupdi/link.py (git history to 2022-01, version.py 3.10.2.133) and megaTinyCore's
        # copy before commit 34396f7d (2022-01-17, which made it "UPDI init failed: Can't read CS register.")
        Msg(None, r"(?P<updi_check>UPDI init failed: Can't read CS register|UPDI not OK - reinitialisation required|UPDI datalink check failed|"
            r"(?<=serialupdi\.link - WARNING - )Check failed|UPDI init OK)\b", "strong", benign=True,
            example="pymcuprog.serialupdi.link - WARNING - UPDI init failed: Can't read CS register. likely wiring error."),
        Msg(None, r"Unable to read SIB from device; attempting double-break recovery|"
            r"^Locked state detected, performing chip erase|Device is locked\. Performing unlock with chip erase|Device locked, performing chip erase to unlock",
            "strong", benign=True,
            example="pymcuprog.serialupdi.application - WARNING - Unable to read SIB from device; attempting double-break recovery..."),
        # lock bits set: only a chip erase opens the part again (pymcuprog erase --chip-erase-locked-device; prog.py does it itself on write)
        Msg("target_locked", r"The device is in a locked state and is not accessible; a chip erase is required|Failed to enter NVM programming mode: device is locked|"
            r"Unable to enter programming mode: device is locked", "strong", fail=True,
            example="The device is in a locked state and is not accessible; a chip erase is required."),
        Msg(None, r"^Locked AVR UPDI devices can:|^\s*- (?:be unlocked using command: erase --chip-erase-locked-device|write user row values using command: write -m user_row)",
            "strong", example=" - be unlocked using command: erase --chip-erase-locked-device"),
        Msg("updi_failed", r"(?P<text>Timeout waiting for (?:flash|NVM(?: controller)?) (?:to be )?ready\b.{0,60}|Wait NVM ready timed out|Key not accepted|"
            r"Failed to (?:chip erase|enter UROW write mode) using key|[Ee]xpecting ACK after ST|Error with st(?:_ptr(?:_inc(?:16)?)?)?\s*$|"
            r"Unexpected number of bytes in response|Verify failed (?:for \w+ memory|at address|:)|Unsupported NVM revision|NVM error(?: \(\d+\))?\s*$|Hard reset failed)",
            "strong", fail=True, example="pymcuprog.pymcuprog_main - ERROR - Operation failed with PymcuprogSerialUpdiNvmTimeout: Timeout waiting for NVM controller to be ready after page write"),
        Msg("updi_failed", r"\b(?P<exc>Pymcuprog\w*(?:Error|Timeout)): (?P<text>\S.{0,200})$", "strong", fail=True,
            example="pymcuprog.pymcuprog_errors.PymcuprogSerialUpdiProtocolError: UPDI cannot read 600 words in one go"),
    ),
    group(
        "pymcuprog 3.x pymcuprog_main.py, backend.py and megaTinyCore/DxCore tools/prog.py: the tool, the session, the run (source audit s11, from the source's format)",
        # (avr-serial s22) the serial port SerialUPDI was given: pymcuprog's own command line (`-u/--uart PORT`, with `-t uart`)
        # and prog.py's "Using serial port X at N baud." (the run's device, so an onboard SBC UART can be told from an adapter)
        # (review s22) only a command line (a prompt, sudo, an interpreter with its flags, a path may lead), never prose
        # that names the command; megaTinyCore/DxCore's IDE upload runs `"<python3>" -u "<core>/tools/prog.py" -t uart -u PORT`
        Msg(None, _CMD_START + r"(?:\"[^\"]{0,300}[/\\]|[^\s\"]{0,300}[/\\])?pymcuprog(?:\.exe|\.py)?\"?\s+(?:ping|erase|write|read|verify|reset|getvoltage|getsupplyvoltage|getusbvoltage|setsupplyvoltage|reboot-debugger|makeuf2|info)\b"
            r".*?(?:\s-u\s*|\s--uart[=\s]\s*)(?P<device>[^\s\"']+)", "strong",
            example="$ sudo pymcuprog ping -d atmega4809 -t uart -u  /dev/serial1", src="pymcuprog 3.x pymcuprog.py (argparse: -u/--uart)"),
        Msg(None, _CMD_START + r"(?:\"[^\"]{0,300}[/\\]|[^\s\"]{0,300}[/\\])?prog\.py\"?\s.*?(?:\s-u\s*|\s--uart[=\s]\s*)(?P<device>[^\s\"']+)", "strong",
            example='"/home/pi/.arduino15/packages/megaTinyCore/tools/python3/3.7.2-post1/python3" -u "/home/pi/.arduino15/packages/megaTinyCore/hardware/megaavr/2.6.10/tools/prog.py" -t uart -u /dev/ttyAMA0 -b 230400 -d attiny1614 -a write',
            src="megaTinyCore/DxCore platform.txt tools.serialupdi.upload.pattern (prog.py -t uart -u PORT)"),
        Msg(None, r"^Using serial port (?P<device>\S+) at \d+ baud\.\s*$", "strong",
            example="Using serial port /dev/ttyUSB0 at 230400 baud.", src="megaTinyCore/DxCore tools/prog.py"),
        # pymcuprog_main.pymcuprog(): any other exception of the programming actions is logged as "Operation failed with
        # <class>: <text>" (logger.error). A serial-layer class (pyserial's SerialException/SerialTimeoutException, termios'
        # `error`, OSError) means the port itself refused or failed, before any UPDI byte mattered
        Msg("serial_io_error", r"Operation failed with (?P<exc>SerialException|SerialTimeoutException|error|OSError|IOError): (?P<text>\S.{0,200})$",
            "strong", fail=True, attrs={"via": "serialupdi"},
            example="pymcuprog.pymcuprog - ERROR - Operation failed with error: (22, 'Invalid argument')",
            src="pymcuprog 3.x pymcuprog_main.py (logger.error('Operation failed with %s: %s'))"),
        Msg("updi_failed", r"^(?P<text>Error: Cannot connect, '.{0,200}'|Error: device selection failed|Unable to setup stack for device \S+|Unable to start session: .{1,200}|"
            r"Unable to connect to USB device(?: \(.{1,120}\))?|Error: cannot parse fuse, .{1,120}|ERROR: \w+ memory can't be erased)", "strong", fail=True,
            example="Error: Cannot connect, 'Unable to connect to USB device'"),
        Msg("updi_failed", r"PyMcuException: (?P<text>Failed to unlock!|Cannot start session!|Call to \w+ failed)", "strong", fail=True,
            example="__main__.PyMcuException: Failed to unlock!"),
        Msg(None, r"^(?:SerialUPDI|UPDI programming for Arduino using a serial adapter|Based on pymcuprog, with significant modifications|"
            r"By Quentin Bolsee and Spence Konde|Version \d+\.\d+\.\d+ - \w{3} \d{4}|Using serial port \S+ at \d+ baud\.|Connecting to SerialUPDI|"
            r"Pinging device\.\.\.|Ping response: [0-9A-Fa-f]{6}|Setting fuse 0x[0-9a-f]+=0x[0-9a-f]+|Finished writing fuses\.|Action took [\d.]+s|"
            r"Erasing device before writing from hex file|Writing from (?:hex|binary) file\.\.\.|Verify successful\. Data in)\s*$|^Verify successful\. Data in",
            # (s22) "Using serial port X at N baud." is now the device row's above (it reads the port), so the example is another line
            "strong", example="Connecting to SerialUPDI"),
    ),
)


# (fix after review) what pymcuprog (pymcuprog_main.py 3.x: printed, not logged) and megaTinyCore's prog.py print only once
# a UPDI session is up: the ping's answer, an erase/read/write/verify, "Done." (printed after the session, not when
# start_session failed), prog.py's "Action took"
_UPDI_LINK_UP = re.compile(r"\bUPDI init OK\b|Ping response: [0-9A-Fa-f]{6}|^\s*(?:Done|Erased)\.\s*$|Writing from (?:hex|binary) file|"
                           r"^\s*Reading\.\.\.\s*$|Verify successful|Finished writing fuses|Action took [\d.]+s")
# avrdude's own line run on after text of the IDE's (a flattened paste): the cut before it
_AVRDUDE_TAIL = re.compile(r"(?<=\S)\s+(?=avrdude(?:\.exe)?:\s)")
# (serial-tool s21) some page renderings drop the line breaks of a code box with nothing in their place: avrdude's lines
# then run on glued to the IDE's and to each other (mikrocontroller.net topic 566817: `...:i"avrdude: Version 6.3-20190619
# Copyright...` and `...: 115200avrdude: ser_open(): can't open device "\\.\COM12": Zugriff verweigertavrdude done.`).
# "avrdude:" after any character but a path separator (".../bin/avrdude: error while loading shared libraries" is the
# loader's line about the binary) starts one of avrdude's lines
_AVRDUDE_GLUED = re.compile(r"(?<=[^\s/\\])(?=avrdude(?:\.exe)?: )")


def _serial_kind(line: str) -> tuple[str, dict[str, Any]] | None:
    """The shared serial-port event a wrapper's verdict names (doctor.parsers.serial_errors.classify), if any."""
    try:
        from doctor.parsers.serial_errors import classify
    except ImportError:
        return None
    return classify(line)


# what the wrapper was doing when it failed: through the board's bootloader, through a programmer, burning a bootloader
_MODES = {"uploading": "upload", "programming": "programmer", "to burn bootloader": "burn-bootloader"}


def _int(text: str) -> int | None:
    digits = re.sub(r"[,.\s]", "", text)
    return int(digits) if digits.isdigit() else None


@register
class ArduinoParser(TableParser):
    name = "arduino"
    namespace = "flash"
    frame = True  # (framing s21) its header and verdict stand around an uploader's output (Parser.frame)
    messages = MESSAGES
    event_kinds = ("serial_permission_denied", "serial_port_busy", "serial_no_such_port", "serial_io_error",
                   "exit_status_after_success")  # (platformio-community s18) settle_exit_status_after_success
    hints = (  # (audit-esp-nrf-updi s11) pymcuprog / SerialUPDI
             "can't open ",  # (gather-wrappers s20) dash's "Can't open SCRIPT" inside an upload's output (shell.SH_CANT_OPEN)
             "device id mismatch", "double-break", "device info", "can't read cs", "reinitialisation", "sib from device", "locked", "chip erase",
             "timeout waiting", "nvm ready", "key not accepted", "using key", "expecting ack", "error with st", "bytes in response", "verify failed",
             "nvm revision", "nvm error", "hard reset failed", "pymcuprog", "cannot connect", "device selection", "pymcuexception", "setup stack",
             "start session", "usb device", "parse fuse", "can't be erased", "serialupdi", "updi", "quentin", "serial port", "pinging device",
             "ping response", "setting fuse", "writing fuses", "action took", "from hex file", "from binary file", "verify successful",
             "arduino", "claims to run on", "is undefined", "programmer is required", "sketch uses", "sketch too big", "section exceeds", "not enough memory", "couldn't find a board", "1200bps", "1200-bps", "upload port",
             "problem uploading", "uploading error", "while uploading", "error during upload", "failed programming", "failed uploading",
             "burn bootloader", "burning bootloader", "pymcuprog", "updi initiali", "expected device id", "device id mismatch", "instead, found", "failed chip erase", "bootloader", "sketch", "croquis", "schets", "hochladen", "caricamento", "subiendo", "carregar", "verseme", "uploaden", "gravure", "upload port provided", "serial port", "cannot run program",
             "touching port", "touch: error", "ports {", "from now onwards", "using selected port", "cannot perform reset", "specify an fqbn", "no supported board", "binary file not found",
             "upload field", "tool: undefined", "upload.tool", "programmer", "discovery", "monitor", "select both a board",
             "no ports selected", "done uploading", "could not connect to", "not connected to", "pick a board",
             "perform port reset", "detecting boards", "boards found", "error compiling", "compilation error", "error during build", "compilazione", "kompilieren", "compilation pour", "compilando", "компиляции", "missing port", "скетч", "platform '", "known index", "is not installed", "is not installed", "fqbn is not available", "serial port detected",
             # (wrappers audit s11) arduino-fwuploader
             "maximum payload size", "operation failed. :-(", "operation completed: success",
             # (arduino-ide2 s12) the Arduino Cloud Agent's upload log
             "executing command", "upload started", "programming with",
             # (audit-wrappers s18) Arduino IDE 1.8 SerialUploader
             "upload tool '",  # (deepen-generic s19) arduino-cli 0.2-0.3
             "could not find tool", "depends on '", "needs the core", "bootloader file specified",
             # (intl-forums s19) the IDE's translations of "Couldn't find a Board on the selected port"
             "kein board gefunden", "encontrar una placa", "trouver une carte", "trovare una scheda", "encontrar uma placa",
             "плата не найдена", "знайти плату", "znaleźć płytki", "geen board vinden", "kart bulunamadı", "nalézt příslušný board",
             "hitta ett kort", "nem található alaplap", "trobar la placa", "ボードが接続されていません", "没有找到开发板", "找到板子",
             "보드를 찾을 수 없습니다") + tuple(t.lower() for t in _VERDICT_BURN_L10N + _VERDICT_UPLOAD_L10N + _VERDICT_PROBLEM_L10N)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.uploader: Any = None  # (spent-d s10) avrdude's parser for avrdude lines run onto one of the IDE's lines
        self._waiting = False  # (arduino-ide2 s12) the last claimed line so far is "Waiting for upload port..."
        self._updi_checks = 0  # (avr-swd-tools s24w2) failed UPDI datalink checks since the last "UPDI init OK"
        self._updi_event: dict[str, Any] | None = None  # the target_link_failed those checks made

    def feed(self, lineno: int, line: str) -> None:
        if (self._updi_checks or self._updi_event is not None) and _UPDI_LINK_UP.search(line):
            # (fix after review) the UPDI link came up after the failed checks: pymcuprog's "UPDI init OK" is INFO, hidden at
            # the default warning level (megaTinyCore's prog.py too), so a check that recovered after its double break shows
            # only by what the session did next. Two runs that each recovered once are no dead link
            self._updi_checks = 0
            for i, e in enumerate(self.events):
                if e is self._updi_event:
                    del self.events[i]
                    break
            self._updi_event = None
        # (spent-d s10) a paste whose line breaks were lost (forum mirrors) runs avrdude's lines on after the IDE's own
        # ("... Maximum is 2,048 bytes. avrdude: verification error, first mismatch at byte 0x7800 ..."): the line is
        # this parser's, so what starts at the first "avrdude:" is cut off and read by avrdude's own parser
        if "avrdude" in line:
            m = _AVRDUDE_TAIL.search(line)
            g = _AVRDUDE_GLUED.search(line, 0, m.start() if m is not None else len(line))
            if m is not None or g is not None:
                start, end = (g.start(), g.end()) if g is not None else (m.start(), m.end())  # type: ignore[union-attr]
                super().feed(lineno, line[:start])
                if self.uploader is None:
                    from doctor.parsers.avrdude import AvrdudeParser

                    self.uploader = AvrdudeParser(self.source)
                # (a tail glued from several of avrdude's lines: avrdude's own feed cuts it at each, _RUN_ON)
                self.uploader.feed(lineno, line[end:])
                return
        super().feed(lineno, line)

    def finish(self) -> dict[str, Any]:
        out = super().finish()
        if self.uploader is not None:
            from doctor import facts as factmod

            factmod.merge(out, self.uploader.finish())
        return out

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        self._waiting = ev is not None and ev["kind"] == "waiting_new_port"
        if ev is None:
            check = g.get("updi_check")
            if check:
                # (avr-swd-tools s24w2) init_datalink checks twice (a double break between): a second failed check with no
                # "UPDI init OK" since means the link never came up, the raise "UPDI initialisation failed" follows
                # (pyupdi 'Exception', pymcuprog 'PymcuprogSerialUpdiError'), also where the paste stops before it
                self._updi_checks = 0 if check == "UPDI init OK" else self._updi_checks + 1
                if self._updi_checks == 2 and not any(e["kind"] == "target_link_failed" for e in self.events):
                    via = "pyupdi" if "UPDI not OK" in check and "pymcuprog" not in line else "serialupdi"
                    self._updi_event = self.event("target_link_failed", lineno, line, fail=True, via=via)
                return
            if g.get("board"):
                self.fields.setdefault("board", g["board"])
            if g.get("device"):
                self.fields.setdefault("device", g["device"])  # (avr-serial s22) SerialUPDI's port (pymcuprog -u, prog.py)
            return
        if ev["kind"] == "serial_io_error" and ev.get("via") == "serialupdi":
            # (review s22) pyserial's open refusals ("SerialException: [Errno 13] could not open port X: ... Permission denied")
            # are the shared open-error kinds (SER004/SER003/SER005), not a port that opened and then failed
            shared = _serial_kind(line)
            if shared is not None and shared[0] in ("serial_permission_denied", "serial_port_busy", "serial_no_such_port"):
                ev["kind"] = shared[0]
                ev.update({k: v for k, v in shared[1].items() if v is not None})
        if ev.get("mode"):
            ev["mode"] = _MODES.get(ev["mode"], ev["mode"])
        if ev.get("prop2"):
            ev["property"] = ev.pop("prop2")
        if ev["kind"] in ("upload_failed", "touch_failed"):
            shared = _serial_kind(line)
            if shared is not None and shared[0] != "serial_open_failed":
                # "Error during Upload: cannot perform reset: opening port: Permission denied": the wrapper's verdict names
                # why the port could not be opened (the 1200-baud touch); one wording, one serial event everywhere
                self.event(shared[0], lineno, line, fail=True, **shared[1])
        for key in ("size", "limit"):
            if isinstance(ev.get(key), str):
                ev[key] = _int(ev[key])
        if ev["kind"] == "device_id_mismatch":
            # (arduino-boards s11) a genuine AVR signature (0x1e, flash-size code 0x90-0x98) other than the selected part's, or
            # a part name SerialUPDI found for it: another chip is fitted than the one selected, not a garbled UPDI read
            read = str(ev.get("read") or "").lower()
            if ev.get("value") or (re.match(r"^1e9[0-8][0-9a-f]{2}$", read) and read != str(ev.get("expected") or "").lower()):
                ev["other_part"] = True
            if read:
                ev["read"] = "0x" + read

    @staticmethod
    def settle(out: dict[str, Any]) -> None:
        settle_exit_status_after_success(out)

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        # (arduino-ide2 s12) arduino-cli 0.x-1.x commands/service_upload.go (verbose): after "Waiting for upload port..."
        # serialutils.Reset always ends with "Upload port found on X" or "No upload port found, using X as fallback" and the
        # uploader's command: output that stops at the wait is an upload stuck waiting for the bootloader's port
        if self._waiting and "success" not in s:
            s["stalled"] = "new_port"
        return s


_EXIT_ONLY = re.compile(r"(?:uploading error: )?exit status -?\d+\s*$")


def settle_exit_status_after_success(out: dict[str, Any]) -> None:
    """(platformio-community s18) The IDE's verdict that says nothing but the uploader's exit status ("Failed uploading:
    uploading error: exit status 1", arduino-cli commands/service_upload.go) after the uploader's own output in the same
    text ended in its success line (STM32CubeProgrammer "File download complete" ... "Start operation achieved
    successfully", avrdude's "bytes of flash verified"): the image was written and started, only the tool's exit code
    was not 0 (bbs.21ic.com 3491298: STM32CubeProgrammer via stm32CubeProg.sh `exit $?` after a good flash). The
    verdict is then moot, not a failure to explain."""
    done: list[tuple[Any, int]] = []  # (source, last line) of an uploader run that ended in success
    # not dfu-util's: its exit status after "Download done." is DFU001's own finding (the reset after the download)
    for name, ns in out.items():
        if name == "dfu":
            continue
        for run in (ns.get("runs") or []) if isinstance(ns, dict) else []:
            if not isinstance(run, dict) or run.get("tool") == "arduino" or run.get("success") is not True:
                continue
            at = [int(e["lineno"]) for e in run.get("events") or [] if isinstance(e, dict) and isinstance(e.get("lineno"), int)]
            # a run known only by its summary (STM32CubeProgrammer's success line sets `success`, no event): a success of
            # that text, before or after the verdict (a retry that went through moots the verdict just as well)
            done.append((run.get("source"), max(at) if at else 0))
    if not done:
        return
    moot: set[tuple[Any, int]] = set()
    for run in (out.get("flash") or {}).get("runs") or []:
        if not isinstance(run, dict) or run.get("tool") != "arduino":
            continue
        for ev in run.get("events") or []:
            if not isinstance(ev, dict) or ev.get("kind") != "upload_failed" or not ev.get("fail"):
                continue
            text, n = ev.get("text"), ev.get("lineno") or 0
            if text is not None and not _EXIT_ONLY.match(str(text)):
                continue
            if not _EXIT_ONLY.search(str(ev.get("line") or "")):
                continue
            if any(src == ev.get("source") and last < n for src, last in done):
                overcome_event(ev, "exit_status_after_success")
                moot.add((ev.get("source"), n))
        if moot:
            clear_run_failure(run)
    mark_overcome(out, moot)  # the failure scan's copy of the verdict: marked, never pruned (derive.failure_lines)
