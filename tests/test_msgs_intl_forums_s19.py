"""Rows added for the intl-forums round (session 19): the Arduino IDE 1.6-1.8 prints SerialUploader's "Couldn't find a Board
on the selected port" RunnerException in the IDE's language (arduino-core i18n/Resources_*.po); the translations are the
same fact (no bootloader port after the 1200-baud touch) as the English row."""

from __future__ import annotations

from tests.textkit import first

# Resources_de_DE.po msgstr, after a German IDE's header and size report (a Leonardo: the 1200-baud touch board)
DE_NO_BOARD = """Arduino: 1.8.15 (Windows 10), Board: "Arduino Leonardo"

Der Sketch verwendet 3956 Bytes (13%) des Programmspeicherplatzes. Das Maximum sind 28672 Bytes.
An dem ausgewählten Port konnte kein Board gefunden werden. Bitte überprüfen Sie die korrekte Auswahl des seriellen Ports. Ist diese korrekt, bitte das Board über die Reset-Taste nach dem Start des Hochladens neu starten."""

# Resources_zh_CN.po msgstr, pasted alone
ZH_NO_BOARD = "所选串口上没有找到开发板。请检查是否选择了正确的端口。如果端口正确，请在开始上传后按板卡上的重启按键。"


def test_translated_couldnt_find_a_board_is_the_missed_bootloader_window():
    assert first(DE_NO_BOARD) == "BOOT008"
    assert first(ZH_NO_BOARD) == "BOOT008"
