"""Session 24 second wave, intl gathering (non-English threads): two prose families and one kernel-log reading.

- parsers/intl_prose_s24w2.py said_swd_worked_once (Chinese) -> SWD004: the debug probe programmed the board once and cannot
  reach it since (CSDN weixin_45716353 145481961).
- parsers/intl_prose_s24w2.py said_baud_change_fixed -> SER007: the upload worked once the baud rate was changed from one
  rate to another, in Portuguese (labdegaragem.com grava-o-bootloader-arduino-nano) and the other forum languages.
- derive.tty_detached_alone (SER001): a tty whose next attach is by another serial driver on the same USB port (ch341 after
  cp210x on 1-3) lost its adapter to an unplug, which `dmesg | grep tty` hides (chrismolony/stm32-ros#2).

Sentences quoted from threads say so; the others are wordings of the same statements written for the guards.
"""

from __future__ import annotations

import pytest

from tests.textkit import events, first, kinds, serious


def _claims(text: str) -> list[str]:
    return kinds(text, "claims")


# ---- SWD004 in Chinese: programmed once, never again ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # CSDN weixin_45716353 145481961 (CubeMX "No Debug", J-Link)
    "使用STM32CubeMX生成程序,然后将代码Download进板卡后,无法再次Download与Debug,魔术棒Debug配置中显示SW Device检测不到芯片,"
    "重新拔插J-Link也没有用,J-Flash也无法Connect。",
    # wordings of the same statement
    "用ST-Link烧录一次之后再也连不上了，换了线也一样。",
    "第一次用J-Link下载成功，之后无法再次下载，Keil提示No Cortex-M SW Device Found。",
])
def test_chinese_worked_once_is_swd004(text: str) -> None:
    assert "said_swd_worked_once" in _claims(text)
    assert first(text) == "SWD004"


@pytest.mark.parametrize("text", [
    # a question, a condition, advice
    "用ST-Link下载一次后无法再次下载，是不是芯片坏了？",
    "如果用ST-Link下载后无法再次下载，需要按住复位键再连接。",
    "注意：CubeMX里不配置SWD的话，用J-Link下载一次后就无法再次下载。",
    # a negation of the failure, a solved story
    "用J-Link下载后并没有出现无法再次下载的问题。",
    "用ST-Link下载一次后无法再次下载，后来把BOOT0拉高就恢复正常了。",
    # a serial bootloader, not a debug probe
    "用FlyMcu串口下载一次后无法再次下载。",
    # no failure after the write
    "用ST-Link下载后程序运行正常。",
])
def test_chinese_worked_once_guards(text: str) -> None:
    assert "said_swd_worked_once" not in _claims(text)


# ---- SER007: it worked once the baud rate was changed ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "baud"), [
    # labdegaragem.com grava-o-bootloader-arduino-nano (Portuguese)
    ("Como isso pode estar relacionado a velocidade de comunicação mudei na linha de comando do avrdude o padrão de 57600 "
     "para 115200. Feito isso funcionou sem problemas.", 115200),
    # the same cure in the other forum languages
    ("I changed the upload speed in boards.txt from 115200 to 57600 and now the upload works.", 57600),
    ("Cambié la velocidad de avrdude de 115200 a 57600 y funcionó.", 57600),
    ("J'ai changé la vitesse de 115200 à 57600 dans la ligne avrdude et ça marche.", 57600),
    ("Ich habe die Baudrate in der boards.txt von 115200 auf 57600 geändert, jetzt funktioniert der Upload.", 57600),
    ("Ho cambiato la velocità di upload da 115200 a 57600 e ha funzionato.", 57600),
])
def test_baud_change_fixed_is_ser007(text: str, baud: int) -> None:
    evs = [e for e in events(text, "claims") if e["kind"] == "said_baud_change_fixed"]
    assert evs and evs[0]["baud"] == baud
    assert first(text) == "SER007"


@pytest.mark.parametrize("text", [
    # a question, advice
    "Did you change the baud rate in avrdude from 57600 to 115200 and did it work?",
    "Try changing the upload speed from 57600 to 115200, that usually works.",
    "Tente mudar a velocidade do avrdude de 57600 para 115200 que funciona.",
    # a change that did not help
    "Mudei a velocidade do avrdude de 57600 para 115200 mas não funcionou.",
    "I changed the baud from 57600 to 115200 in avrdude but it still fails, same error.",
    "Ich habe die Baudrate von 57600 auf 115200 geändert, es funktioniert trotzdem nicht.",
    # the same rate twice, a CAN bus's bitrate, no serial-link word
    "I changed the baud from 115200 to 115200 and it works.",
    "I changed the CAN bitrate from 500000 to 1000000 and now it works.",
    "I moved the delay from 1200 to 2400 and it worked.",
])
def test_baud_change_fixed_guards(text: str) -> None:
    assert "said_baud_change_fixed" not in _claims(text)


# ---- SER001: a tty that another adapter took over was unplugged, not taken by brltty ---------------------------------

def test_adapter_swapped_on_the_same_tty_is_no_brltty() -> None:
    # chrismolony/stm32-ros#2: `dmesg | grep tty` (its "USB disconnect" lines filtered out) while two adapters were swapped
    text = ("[    0.000000] console [tty0] enabled\n"
            "[  276.720181] usb 1-3: cp210x converter now attached to ttyUSB0\n"
            "[ 1647.869293] cp210x ttyUSB0: cp210x converter now disconnected from ttyUSB0\n"
            "[ 1653.379951] usb 1-3: ch341-uart converter now attached to ttyUSB0\n"
            "[ 1702.667815] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0\n"
            "[ 1871.772690] usb 1-3: cp210x converter now attached to ttyUSB0\n")
    assert "SER001" not in serious(text)


def test_same_adapter_taken_again_after_a_replug_is_still_brltty() -> None:
    # from the kernel's format (ch341.c / usb-serial.c): brltty takes the same CH340 each time it is plugged in
    text = ("[ 98.046409] usb 3-2: ch341-uart converter now attached to ttyUSB0\n"
            "[ 98.888541] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0\n"
            "[ 130.112233] usb 3-2: ch341-uart converter now attached to ttyUSB0\n"
            "[ 130.901122] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0\n")
    assert "SER001" in serious(text)


# ---- fixintl s24w2: the review's texts ---------------------------------------------------------------------------------
# (wordings of the statements written for the guards; kernel lines from the kernel's format: usb-serial.c / ftdi_sio.c)

@pytest.mark.parametrize("text", [
    # the same FT232 on 3-2 taken again and again: the attach line names the converter "FTDI USB Serial Device", the
    # detach line the driver ftdi_sio, one adapter all the same
    "[  98.046409] usb 3-2: FTDI USB Serial Device converter now attached to ttyUSB0\n"
    "[  98.888541] ftdi_sio ttyUSB0: FTDI USB Serial Device converter now disconnected from ttyUSB0\n"
    "[ 130.112233] usb 3-2: FTDI USB Serial Device converter now attached to ttyUSB0\n"
    "[ 130.901122] ftdi_sio ttyUSB0: FTDI USB Serial Device converter now disconnected from ttyUSB0\n"
    "[ 160.112233] usb 3-2: FTDI USB Serial Device converter now attached to ttyUSB0\n",
    # brltty took the CH340 on 3-2; the user then plugged a PL2303 into another socket (3-1): no proof of an unplug
    "[  98.046409] usb 3-2: ch341-uart converter now attached to ttyUSB0\n"
    "[  98.888541] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0\n"
    "[ 140.112233] usb 3-1: pl2303 converter now attached to ttyUSB0\n",
    # the same, then a CP2102 and an FTDI tried in the other socket
    "[  98.046409] usb 3-2: ch341-uart converter now attached to ttyUSB0\n"
    "[  98.888541] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0\n"
    "[  98.888600] ch341 3-2:1.0: device disconnected\n"
    "[ 140.112233] usb 3-1: cp210x converter now attached to ttyUSB0\n"
    "[ 141.112233] cp210x ttyUSB0: cp210x converter now disconnected from ttyUSB0\n"
    "[ 150.112233] usb 3-1: ftdi_sio converter now attached to ttyUSB0\n",
])
def test_brltty_grab_kept_across_ftdi_names_and_other_sockets(text: str) -> None:
    assert "SER001" in serious(text)


@pytest.mark.parametrize("text", [
    # advice, imperatives, conditionals, a question without "?"
    "Just change the baud from 115200 to 57600 and it works!",
    "Change the upload speed from 115200 to 57600, that fixed it for me.",
    "If you change the upload speed from 115200 to 57600 it works.",
    "Cambia la velocidad de 115200 a 57600 y funciona.",
    "Hay que cambiar la velocidad de 115200 a 57600 y funciona.",
    "Il faut changer la vitesse de 115200 à 57600 et ça marche.",
    "Changez la vitesse de 115200 à 57600 et ça marche.",
    "Du musst die Baudrate von 115200 auf 57600 ändern, dann geht es.",
    "Ändere die Baudrate von 115200 auf 57600, dann geht es.",
    "Cambia la velocità da 115200 a 57600 e funziona.",
    "Basta cambiare la velocità da 115200 a 57600 e funziona.",
    "É só mudar a velocidade de 57600 para 115200 que funciona.",
    "Alguém sabe por que mudar a velocidade de 57600 para 115200 funcionou",
    # the change did not help, or only for a while
    "Ich habe die Baudrate von 115200 auf 57600 geändert, geht aber nicht.",
    "Ich habe die Baudrate von 115200 auf 57600 geändert, aber es geht nicht.",
    "J'ai changé la vitesse de 115200 à 57600 mais rien ne marche.",
    "I changed the baud from 115200 to 57600 but it never worked.",
    "I changed the baud from 115200 to 57600 but nothing works.",
    "I changed the baud from 115200 to 57600 and it worked for a few days then stopped.",
    # an ISP programmer's SPI clock, a serial monitor's rate
    "I changed the SPI clock from 1000000 to 500000 and the bootloader burn worked.",
    "I changed the avrdude -B from 1000000 to 500000 and the bootloader burn worked.",
    "I changed the monitor baud from 9600 to 115200 and now the Serial Monitor works.",
])
def test_baud_change_fixed_review_guards(text: str) -> None:
    assert "said_baud_change_fixed" not in _claims(text)
    assert "SER007" not in serious(text)


@pytest.mark.parametrize(("text", "baud"), [
    ("Thank you, I switched the avrdude baud from 115200 to 57600 and it worked.", 57600),
    ("I set the upload speed from 115200 to 57600 and it works now.", 57600),
])
def test_baud_change_fixed_first_person(text: str, baud: int) -> None:
    evs = [e for e in events(text, "claims") if e["kind"] == "said_baud_change_fixed"]
    assert evs and evs[0]["baud"] == baud


@pytest.mark.parametrize("text", [
    # a serial or USB bootloader (CubeProgrammer's UART and DFU modes, an IAP loader), a connection to something else
    "用STM32CubeProgrammer的UART模式下载后无法再次下载，提示Timeout error…",
    "用CubeProgrammer USB DFU 模式下载后无法再次下载…",
    "用Keil的IAP程序下载后无法再次下载",
    "用J-Link下载后无法再连接WiFi了",
    "用ST-Link下载后无法再次连接蓝牙",
    # a yes/no question
    "用J-Link下载后还能再次下载吗",
])
def test_chinese_worked_once_review_guards(text: str) -> None:
    assert "said_swd_worked_once" not in _claims(text)


@pytest.mark.parametrize("text", [
    # a request for help about the failure is a report of it
    "用ST-Link下载一次后无法再次下载，怎么办？",
    "求助：用J-Link下载后无法再次连接芯片",
])
def test_chinese_worked_once_help_request(text: str) -> None:
    assert "said_swd_worked_once" in _claims(text)
