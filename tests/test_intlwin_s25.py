"""Session 25, intl-winmac gathering: what people say in prose, on Windows and macOS and in other languages, about a cable that
carried no data, Device Manager showing nothing, a debug port reachable only under reset or in BOOT0 mode, a clone STM32 the
debug tools reject, an unpowered hub, a 32U4 board whose COM port left after an upload, a build for the wrong MCU type and a
garbage ISP signature (parsers/intlwin_prose_s25.py). Positives are the gathered threads' sentences (named beside them) and a
few from the rows' formats ("from the row's format"); negatives are questions, advice, conditionals, negations, hearsay and
other cables, boards or links."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "claims")]


# ---- USB001: the cable named as the cause ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # davidphilipbarr/Sweep#87 (Windows did not see either Pro Micro half)
    "EDIT: Sigh, I'm sorry. It was the cable.... the third time was the charm. I'm not quite sure how to reset the keyboard though just the same.\n",
    # iceman1001/ChameleonMini-rebooted#192
    "Forget my stupid question. The problem was related to the provided USB cable. It was not a data cable. Only power ....\n",
    # Xinyuan-LilyGO/T-Display-S3#166
    "I was able to narrow the problem down to a bad USB-A to USB-C cable.  With another cable the device immediately showed up as COM5 when placed in DFU mode.\n",
    # Xinyuan-LilyGO/LilyGo-EPD47#185
    "I tried with another cable and I can see the device in Device Manager, as well as with usbipd now.\n",
    # from the row's format
    "Turns out both of my cables were charge-only.\n",
])
def test_cable_named_as_cause(text: str) -> None:
    assert "said_cable_was_cause" in kinds(text), kinds(text)
    assert first(text) == "USB001"


@pytest.mark.parametrize("text", [
    "Could it be the cable?\n",
    "Try another cable, some are charge-only.\n",
    "Make sure it is a data cable and not a charge-only one.\n",
    "It was not the cable, I tried three of them.\n",
    "With another cable it still does not show up.\n",
    "I changed the cable but nothing changed.\n",
    "If it was the cable, the other board would not work either.\n",
    "It was the CAN cable: CANH and CANL were swapped.\n",
    "The problem was the ribbon cable to the display.\n",
    "Maybe it was the cable.\n",
])
def test_cable_not_named_as_cause(text: str) -> None:
    assert "said_cable_was_cause" not in kinds(text), kinds(text)


def test_cable_cure_yields_to_enumeration_errors() -> None:
    # a cable that enumerates with errors is USB002's: the kernel line is there (from the kernel's format)
    text = ("[ 1234.567] usb 1-1.2: device descriptor read/64, error -71\n"
            "It was the cable.\n")
    assert first(text) != "USB001"


# ---- USB001: Device Manager, more wordings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # ChameleonMini-rebooted#192
    "I purchased a chinese clone of the chameleon mini but it doesn't show up in my device manager. I tries pushing the 2 buttons when connecting but nothing happens.\n",
    # wuxx/nanoDLA#11 (Windows 10)
    "设备管理器连闪都不会闪，感觉是硬件都没识别到，是硬件坏了吗？\n",
    "win10完全没有显示usb设备\n",
])
def test_device_manager_shows_nothing(text: str) -> None:
    assert "said_not_in_device_manager" in kinds(text), kinds(text)
    assert first(text) == "USB001"


@pytest.mark.parametrize("text", [
    "Does it show up in your device manager?\n",
    "It doesn't show up in my device manager until I press reset twice.\n",
    "设备管理器里有没有显示？\n",
    "如果设备管理器没有显示，换一根线试试\n",
    "换了线以后设备管理器里识别了\n",
])
def test_device_manager_not_a_claim(text: str) -> None:
    assert "said_not_in_device_manager" not in kinds(text), kinds(text)


# ---- SWD004: only under reset or in BOOT0 mode -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # WeActStudio/WeActStudio.MiniSTM32F4x1#49
    'I just discovered it connects if I hold the reset button down and do "Connect under reset" using ST-LINK utility.\n',
    # mikrocontroller.net 443631 (CubeMX had left SWD unconfigured)
    "Ich habe hier ein \"komisches\" Problem. Ich habe einen ST-Link V2 ein BluePill Board (STM32F103C8), CubeMX und SW4STM32. Jedoch ist danach"
    " kein weiteres beschreiben des STM32 mehr möglich, ausschließlich wenn ich in den BOOT0 Modus wechsle kann ich den Chip wieder beschreiben.\n",
    # from the row's format
    'The ST-Link only connects with "Connect under reset".\n',
])
def test_only_under_reset(text: str) -> None:
    assert "said_only_under_reset" in kinds(text), kinds(text)
    assert first(text) == "SWD004"


@pytest.mark.parametrize("text", [
    "Does the ST-Link connect if you hold the reset button down?\n",
    "Try to connect with the ST-Link while you hold the reset button.\n",
    "It does not even connect when I hold the reset button down, ST-Link utility says no target.\n",
    "If the ST-Link only connects with \"Connect under reset\", the firmware disables SWD.\n",
    # an RP2040 (RP002's story) and an Arduino (another bootloader) are not this row's
    "The Pico only works if I hold the reset button after plugging in, picotool and SWD both.\n",
    # the DFU story: BOOT0 is how one enters the ROM bootloader, no debug probe in the paragraph
    "Der Chip lässt sich nicht mehr per USB flashen, nur wenn ich BOOT0 setze kann ich ihn wieder flashen.\n",
])
def test_not_only_under_reset(text: str) -> None:
    assert "said_only_under_reset" not in kinds(text), kinds(text)


# ---- SWD007: a clone the debug tools reject --------------------------------------------------------------------------------

def test_clone_named_with_failing_tool() -> None:
    # modm-io/modm#238
    text = ("We were unlucky to buy a bunch of BluePills with chinese clone of STM32 called CKS32F103C8T6. As far as I understand,"
            " it is a perfect replacement, but openocd fails to upload a firmware in it.\n")
    assert "said_clone_mcu_fails" in kinds(text), kinds(text)
    assert first(text) == "SWD007"


@pytest.mark.parametrize("text", [
    "Does openocd support the CKS32F103?\n",
    "The GD32F103 works fine with openocd and st-flash.\n",
    "I flashed the APM32F103 with dfu-util and it fails to boot.\n",
])
def test_clone_not_a_failing_tool(text: str) -> None:
    assert "said_clone_mcu_fails" not in kinds(text), kinds(text)


# ---- USB003: an unpowered hub ----------------------------------------------------------------------------------------------

def test_powered_hub_ended_the_drops() -> None:
    # SHWotever/SimHub#1017
    text = ("Thanks! I think I might have solved it. I changed the usb hub out to a powered unit, and changed the Arduino power supply"
            " to a 12v 5 amp unit. So far so good.\n")
    assert "said_unpowered_hub" in kinds(text), kinds(text)
    assert first(text) == "USB003"


@pytest.mark.parametrize("text", [
    "Should I change to a powered hub?\n",
    "I changed to a powered hub but it still disconnects.\n",
    "Try switching to a powered hub.\n",
    "The printer is plugged into a non powered hub and works fine.\n",
])
def test_hub_not_a_claim(text: str) -> None:
    assert "said_unpowered_hub" not in kinds(text), kinds(text)


# ---- BOOT008: the 32U4's COM port gone after an upload ---------------------------------------------------------------------

def test_pro_micro_no_com_port_after_upload() -> None:
    # CrazyRedMachine/LUFAHybridFightstick#3
    text = ("I'm using a sparkfun qwic pro micro and the upload worked but I got the pinout wrong for my particular project and I"
            " noticed there's no COM port to upload new code anymore. How do I flash new code into the board?\n")
    assert "said_32u4_gone_after_upload" in kinds(text), kinds(text)
    assert first(text) == "BOOT008"


@pytest.mark.parametrize("text", [
    "Is there no COM port anymore after the upload on the Pro Micro?\n",
    "My Nano and my Pro Micro: after the upload the Nano has no COM port anymore.\n",
])
def test_not_32u4_gone(text: str) -> None:
    assert "said_32u4_gone_after_upload" not in kinds(text), kinds(text)


# ---- FW002: the MCU type left at another one -------------------------------------------------------------------------------

def test_wrong_mcu_type_built() -> None:
    # Rappetor/Sovol-SV08-Mainline#187
    text = ("I ran into that issue, and the reason was I overlooked the instruction to switch the mcu type from atmega to stm so"
            " the mcu wasn't booting.\n")
    assert "said_wrong_mcu_built" in kinds(text), kinds(text)
    assert first(text) == "FW002"


@pytest.mark.parametrize("text", [
    "Don't forget to switch the mcu type from atmega to stm32 in menuconfig.\n",
    "If you forget to change the processor from LPC1768 to LPC1769, it will not boot.\n",
    "I did not forget to switch the mcu type from atmega to stm.\n",
])
def test_not_wrong_mcu_type(text: str) -> None:
    assert "said_wrong_mcu_built" not in kinds(text), kinds(text)


# ---- AVR001: a garbage ISP signature in prose ------------------------------------------------------------------------------

def test_usbasp_wrong_signature_prose() -> None:
    # meldco.dk "Solving AVRDUDE USBasp error signature 102"
    text = ("I have bought a\ncheap 2$ USBasp 6pin ISP AVR programmer by ebay from betemcu.cn\n"
            "at the start it return a wrong signiture 0x000102 when i was trying to program a\natmega88pb running at internal 8Mhz rc osc.\n")
    assert "said_isp_garbage_signature" in kinds(text), kinds(text)
    assert first(text) == "AVR001"


@pytest.mark.parametrize("text", [
    "With -B 32 the USBasp reads the correct signature 0x1e950f now.\n",
    "The USBasp reads a wrong signature 0x000000 from the ATmega328P.\n",
    "Through the Arduino bootloader on COM3 avrdude reads a wrong signature 0x000102.\n",
    "Why would the USBasp read a wrong signature 0x000102?\n",
])
def test_not_isp_garbage_signature(text: str) -> None:
    assert "said_isp_garbage_signature" not in kinds(text), kinds(text)


def test_device_manager_unknown_device_is_not_a_missing_board() -> None:
    # from the row's format: Device Manager lists the board as an unknown device (a driver, not the cable)
    text = "设备管理器里没有显示COM口，只有一个未知设备带黄色感叹号\n"
    assert "said_not_in_device_manager" not in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    # from the rows' format (the family's wordings in German, Spanish, French, Chinese and Japanese threads)
    "Es lag am Kabel: das Kabel war ein reines Ladekabel.\n",
    "Mit einem anderen Kabel wird der Arduino sofort erkannt.\n",
    "Al final era el cable: con otro cable funcionó a la primera.\n",
    "Finalement c'était le câble.\n",
    "折腾了半天，原来是数据线的问题\n",
    "换了一根数据线就好了\n",
    "ケーブルを変えたら認識しました。\n",
])
def test_cable_cause_other_languages(text: str) -> None:
    assert "said_cable_was_cause" in kinds(text), kinds(text)
    assert first(text) == "USB001"


@pytest.mark.parametrize("text", [
    "Es lag nicht am Kabel, ich habe drei probiert.\n",
    "Vielleicht lag es am Kabel?\n",
    "No era el cable, probé con tres.\n",
    "Ce n'était pas le câble.\n",
    "是不是数据线的问题？\n",
    "如果换了数据线就好了，说明是线的问题\n",
    "ケーブルを変えても認識しません。\n",
])
def test_cable_cause_other_languages_negatives(text: str) -> None:
    assert "said_cable_was_cause" not in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    # from the rows' format (the family's wordings in Chinese, German and Spanish threads)
    "按住复位键才能连接上ST-LINK，松开就连不上\n",
    "用J-Link下载的时候，一直按着reset才能识别\n",
    "Der ST-Link verbindet nur, wenn ich Reset gedrückt halte.\n",
    "El ST-Link solo conecta si mantengo pulsado el botón de reset.\n",
])
def test_only_under_reset_other_languages(text: str) -> None:
    assert "said_only_under_reset" in kinds(text), kinds(text)
    assert first(text) == "SWD004"


@pytest.mark.parametrize("text", [
    "是不是要按住复位键才能连接ST-LINK？\n",
    "如果按住复位键才能连接ST-LINK，说明程序关掉了SWD\n",
    "Verbindet der ST-Link nur, wenn ich Reset gedrückt halte?\n",
    "Der ST-Link verbindet nicht, auch wenn ich Reset gedrückt halte.\n",
    "¿El ST-Link solo conecta si mantengo pulsado el botón de reset?\n",
])
def test_only_under_reset_other_languages_negatives(text: str) -> None:
    assert "said_only_under_reset" not in kinds(text), kinds(text)


# ---- review s25: what the rows read too widely (sentences written for the review, from the rows' format) --------------------

@pytest.mark.parametrize("text", [
    # someone else's words or another thread's story
    "My friend said it was the cable.\n",
    "Someone on discord told me it was the cable.\n",
    "For other people it was the cable, but in my case it is the board.\n",
    "In the other thread it was the cable.\n",
    # a question or a negation in German, Spanish, French, Chinese
    "Es lag am Kabel?\n",
    "Mit einem anderen Kabel wird er kein bisschen besser erkannt.\n",
    "Con otro cable tampoco funcionó.\n",
    "¿Era el cable?\n",
    "并不是原来是数据线的问题\n",
    "我以为原来是数据线的问题，结果不是\n",
])
def test_review_cable_not_named_as_cause(text: str) -> None:
    assert "said_cable_was_cause" not in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    "Das Kabel war kein Datenkabel.\n",
    "Es lag am Kabel: das Kabel war ein reines Ladekabel.\n",
    "换了一根数据线就好了\n",
    "用J-Link下载的时候，一直按着reset才能识别，非常奇怪\n",
])
def test_review_still_read(text: str) -> None:
    assert {"said_cable_was_cause", "said_only_under_reset"} & set(kinds(text)), kinds(text)


@pytest.mark.parametrize("text", [
    # advice to "you", a one-off, a story that ends cured
    "You can connect if you hold the reset button down and use ST-Link utility.\n",
    "It connected once when I held the reset button, ST-Link, then never again.\n",
    "Before, it only connected with ST-Link when I held the reset button; after I enabled SWD in CubeMX it works normally.\n",
    "The ST-Link connects when I hold reset, and also without holding reset.\n",
    # negations and other boards in Chinese, German and Spanish
    "不按住复位键才能连接上ST-LINK\n",
    "不是按住复位键才能连接上ST-LINK，直接就能连\n",
    "ESP32按住复位键才能连接上下载器\n",
    "Früher verband der ST-Link nur, wenn ich Reset gedrückt halte, jetzt geht es normal.\n",
    "El ST-Link no solo conecta si mantengo pulsado el botón de reset.\n",
    "Ist danach kein weiteres Flashen mit dem ST-Link mehr möglich, nur wenn ich BOOT0 setze kann ich flashen?\n",
    "Mein ESP32 ist nach dem Flashen mit dem ST-Link nicht mehr erreichbar, nur mit BOOT0 kann ich flashen.\n",
])
def test_review_not_only_under_reset(text: str) -> None:
    assert "said_only_under_reset" not in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    # a clone merely named: the tool failed for another reason, on another board, or the clone is denied
    "I have a GD32F103 Blue Pill, openocd fails to flash it because of a wrong wiring, fixed by swapping SWDIO.\n",
    "The GD32F103 board: openocd fails to connect if the BOOT0 jumper is wrong.\n",
    "My GD32F303 board works, but openocd fails to flash my other STM32F103 board.\n",
    "I checked it is a genuine STM32 not a GD32F103, openocd fails to connect.\n",
    "The GD32F103 is supported since 0.11, openocd fails only on old versions.\n",
])
def test_review_clone_merely_named(text: str) -> None:
    assert "said_clone_mcu_fails" not in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    "I switched to a powered USB hub and the disconnects continued.\n",
    "My printer was never on an unpowered hub; it disconnects anyway.\n",
    "The board randomly disconnects; it is not plugged into a non powered USB hub, it is direct.\n",
])
def test_review_hub_not_a_claim(text: str) -> None:
    assert "said_unpowered_hub" not in kinds(text), kinds(text)


def test_review_wrong_mcu_denied() -> None:
    text = "I forgot to change the MCU from atmega to stm, but that wasn't it, still no serial.\n"
    assert "said_wrong_mcu_built" not in kinds(text), kinds(text)
