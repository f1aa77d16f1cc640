"""(gather-intl s20) A non-English gathering round found minicom's "cannot open" line silent under a translated locale:
minicom 2.x src/main.c prints `_("minicom: cannot open %s: %s\n")` with strerror(errno), and its po/*.po translate the
words around the tty (de `Fehler beim Öffnen der Datei »%s«: %s`, ja `%s をオープンできません : %s`, fi `%s:n avaus
epäonnistui: %s`...), glibc translates the strerror. The English form was read; the translated ones were not."""

from __future__ import annotations

import pytest

from textkit import events, first


# forum.manjaro.org/t/61385, as pasted (a Blue Pill CDC port that resets on open): never "No faults found"
MANJARO_DE = """[j0b314:~]$ minicom -b 9600 -D /dev/ttyACM0
minicom: Fehler beim Öffnen der Datei »/dev/ttyACM0«: Eingabe-/Ausgabefehler"""


def test_german_minicom_open_error_is_not_silent() -> None:
    evs = events(MANJARO_DE, "serial")
    assert [(e["kind"], e.get("port")) for e in evs] == [("serial_io_error", "/dev/ttyACM0")]
    assert first(MANJARO_DE) == "GEN001"  # as the English "minicom: cannot open /dev/ttyACM0: Input/output error"


# from the source's format: minicom po/*.po msgstr of "minicom: cannot open %s: %s\n" around glibc libc.po strerror texts
@pytest.mark.parametrize("line, fault", [
    ("minicom: /dev/ttyUSB0 をオープンできません : 許可がありません", "SER004"),                 # ja, EACCES
    ("minicom: невозможно открыть /dev/ttyUSB0: Отказано в доступе", "SER004"),                # ru, EACCES
    ("minicom: Fehler beim Öffnen der Datei »/dev/ttyUSB0«: Keine Berechtigung", "SER004"),    # de, EACCES
    ("minicom: ne peut ouvrir /dev/ttyUSB0: Périphérique ou ressource occupé", "SER003"),      # fr, EBUSY
    ("minicom: no puede abrir /dev/ttyUSB0: No existe el fichero o el directorio", "SER005"),  # es, ENOENT
    ("minicom: /dev/ttyACM0:n avaus epäonnistui: Tiedostoa tai hakemistoa ei ole", "SER005"),  # fi, ENOENT
    ("minicom: kan inte öppna /dev/ttyUSB0: Filen eller katalogen finns inte", "SER005"),      # sv, ENOENT
    ("minicom: 無法開啟檔案 /dev/ttyUSB0: 没有那个文件或目录", "SER005"),                         # zh_TW words, zh_CN strerror
    ("minicom: nie można otworzyć /dev/ttyUSB0: Brak dostępu", "SER004"),                      # pl, EACCES
])
def test_translated_minicom_open_errors_name_the_cause(line: str, fault: str) -> None:
    assert first(line) == fault


def test_translated_minicom_open_error_with_an_unknown_strerror_still_fails() -> None:
    # from the source's format: a strerror text no errno row knows (hu minicom words, an invented errno text)
    line = "minicom: nem tudom megnyitni a(z) /dev/ttyUSB0 fájlt: Ismeretlen hiba 121"
    assert [e["kind"] for e in events(line, "serial")] == ["serial_open_failed"]
    assert first(line) == "GEN001"


def test_other_minicom_lines_stay_quiet() -> None:
    # minicom's own non-error lines (banner, lock notice handled elsewhere) are not open failures
    assert events("minicom: WARNING: configuration file not found, using defaults", "serial") == []


# --- avrdude ser_open() with a localized Windows reason whose accented letters arrived as U+FFFD (an ANSI code-page
# message read as UTF-8 by the console), e.g. forum.arduino.cc/t/685689 (French Windows, Arduino IDE 1.8) ---

FR_685689 = """avrdude: ser_open(): can't open device "\\.\\COM15": Le fichier sp\ufffdcifi\ufffd est introuvable.

avrdude: ser_drain(): read error: Descripteur non valide

avrdude: ser_send(): write error: sorry no info avail
avrdude: stk500_send(): failed to send command to serial port
avrdude: ser_recv(): read error: Descripteur non valide

avrdude: stk500v2_ReceiveMessage(): timeout"""


def test_french_file_not_found_with_replacement_characters_is_a_missing_port() -> None:
    assert first(FR_685689) == "SER005"


# from the source's format: Windows FormatMessage texts of ERROR_FILE_NOT_FOUND / ERROR_ACCESS_DENIED, accents lost to U+FFFD
@pytest.mark.parametrize("reason, fault", [
    ("Acc\ufffds refus\ufffd.", "SER003"),                                            # fr, access denied
    ("Nie mo\ufffdna odnale\ufffd\ufffd okre\ufffdlonego pliku.", "SER005"),          # pl, file not found
    ("Syst\ufffdm nem\ufffd\ufffde nal\ufffdzt uveden\ufffd soubor.", "SER005"),      # cs, file not found
    ("Sistem belirtilen dosyay\ufffd bulam\ufffdyor.", "SER005"),                      # tr, file not found
    ("O sistema n\ufffdo pode encontrar o arquivo especificado.", "SER005"),          # pt-BR, file not found
    ("Det g\ufffdr inte att hitta filen.", "SER005"),                                  # sv, file not found
])
def test_localized_windows_reasons_with_replacement_characters(reason: str, fault: str) -> None:
    assert first('avrdude: ser_open(): can\'t open device "\\\\.\\COM4": ' + reason) == fault


# --- Arduino IDE 1.6-1.8's verdicts in its other languages (arduino-core i18n Resources_*.po); the German, Italian,
# Spanish, French, Portuguese and Dutch ones were read already ---

@pytest.mark.parametrize("line", [
    "スケッチの書き込み中にエラーが発生しました",                                   # ja_JP, upload
    "スケッチ書き込み中にエラーが発生しました",                                     # ja, as blog.adireeek.com quotes it
    "ブートローダの書き込み中にエラーが発生しました。",                               # ja_JP, burn bootloader
    "マイコンボードに書き込もうとしましたが、エラーが発生しました。",                   # ja_JP, problem uploading
    "上传项目出错",                                                             # zh_CN, upload
    "烧录引导程序出错。",                                                         # zh_CN, burn bootloader
    "上传出错。查看http://www.arduino.cc/en/Guide/Troubleshooting#upload 获取建议。",  # zh_CN, problem uploading
    "上傳草稿碼時發生錯誤",                                                       # zh_TW, upload
    "스케치를 업로드 하는 동안 에러가 발생하였습니다.",                                # ko_KR, upload
    "Podczas ładowania szkicu wystąpił błąd",                                    # pl, upload
    "Taslak yüklenirken bir hata oluştu",                                        # tr, upload
    "Problém s přenosem dat na vývojovou desku (board). Na http://www.arduino.cc/en/Guide/Troubleshooting#upload",  # cs_CZ
])
def test_translated_ide_verdict_alone_is_a_failure(line: str) -> None:
    assert [e["kind"] for e in events(line, "flash", "arduino")] == ["upload_failed"]
    assert first(line) == "GEN001"


def test_translated_ide_verdict_does_not_hide_the_cause() -> None:
    # from the source's format: a Japanese Windows console, the port held by another program
    text = ('avrdude: ser_open(): can\'t open device "\\\\.\\COM7": アクセスが拒否されました。\n'
            "スケッチの書き込み中にエラーが発生しました")
    assert first(text) == "SER003"
