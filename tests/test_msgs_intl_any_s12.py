"""Session 12, intl-any: localised operating-system wording in tool output. pyserial on a non-English Windows prints
repr(ctypes.WinError()) with Windows' own translated text but the same winerror code (121 semaphore timeout, 31 device not
functioning), so a German or Chinese paste must give the same event as the English one; avrdude's ser_open() access
denied in Japanese, Chinese and German stays a busy port; and two held-out German threads keep their causes."""

from __future__ import annotations

import pytest

from textkit import events, facts, first, kinds


@pytest.mark.parametrize("line", [
    "COM4: Schreiben fehlgeschlagen: WriteFile failed (OSError(22, 'Das Zeitlimit für die Semaphore wurde erreicht.', None, 121))",
    "serial.serialutil.SerialException: could not open port 'COM3': OSError(22, '信号灯超时时间已到。', None, 121)",
    "serial.serialutil.SerialException: could not open port 'COM4': OSError(22, 'Ein an das System angeschlossenes Gerät funktioniert nicht.', None, 31)",
])
def test_pyserial_localised_winerror_121_31_is_an_io_error_like_english(line: str) -> None:
    english = line.replace("Das Zeitlimit für die Semaphore wurde erreicht.", "The semaphore timeout period has expired.") \
                  .replace("信号灯超时时间已到。", "The semaphore timeout period has expired.") \
                  .replace("Ein an das System angeschlossenes Gerät funktioniert nicht.", "A device attached to the system is not functioning.")
    assert "serial_io_error" in kinds(line, "serial")
    assert kinds(line, "serial") == kinds(english, "serial")
    assert first(line) == first(english)


def test_pyserial_other_winerror_stays_an_open_failure() -> None:
    line = "serial.serialutil.SerialException: could not open port 'COM5': OSError(22, 'Der Parameter ist falsch.', None, 87)"
    assert "serial_io_error" not in kinds(line, "serial")


@pytest.mark.parametrize("line", [
    'avrdude: ser_open(): can\'t open device "\\\\.\\COM7": アクセスが拒否されました。',
    'avrdude: ser_open(): can\'t open device "\\\\.\\COM5": 拒绝访问。',
    'avrdude: ser_open(): can\'t open device "\\\\.\\COM3": Zugriff verweigert',
])
def test_avrdude_localised_access_denied_on_com_is_a_busy_port(line: str) -> None:
    assert first(line) == "SER003"


NANO_OLD_BOOTLOADER = """         Using Port                    : COM16
         Using Programmer              : arduino
         Overriding Baud Rate          : 115200
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00
avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0x00
avrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x00

avrdude done.  Thank you."""


def test_thing_king_nano_clone_at_115200_is_a_baud_mismatch() -> None:
    assert first(NANO_OLD_BOOTLOADER) == "SER007"


USBASP_M64 = """C:\\Program Files (x86)\\eePe\\avrdude.exe -C C:\\Program Files (x86)\\eePe\\avrdude.conf -p m64 -P usb -c usbasp -u -U efuse:w:0xFF:m -U hfuse:w:0x89:m -U lfuse:w:0x0E:m
avrdude.exe: warning: cannot set sck period. please check for usbasp firmware update.
avrdude.exe: AVR device initialized and ready to accept instructions
avrdude.exe: Device signature = 0x000102
avrdude.exe: Expected signature for ATMEGA64 is 1E 96 02"""


def test_fpv_community_usbasp_old_firmware_signature_000102_is_isp_clock() -> None:
    assert any(e["kind"] == "avr_signature" for e in events(USBASP_M64, "avrdude"))
    assert first(USBASP_M64) == "AVR001"


def test_usbasp_sck_warning_names_the_programmer_without_a_command_line() -> None:
    text = USBASP_M64.split("\n", 1)[1]  # the same paste without eePe's echoed command line
    assert [r.get("programmer") for r in facts(text)["avrdude"]["runs"]] == ["usbasp"]
    assert first(text) == "AVR001"
