"""Session 24, uart-serial gathering: what people say in prose about a UART link, a ROM bootloader's entry and a Pi's supply
(parsers/uart_prose_s24.py), and a terminal program's banner followed by undecodable bytes only (parsers/serial_errors.py
serial_terminal_garbled). Positives are the gathered threads' sentences (named beside them) and a few from the rows' formats
("from the source's format"); negatives are questions, advice, conditionals, negations, other buses and tools' own lines."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "claims")]


# ---- SER007: one baud rate works, another does not -------------------------------------------------------------------

@pytest.mark.parametrize("text,baud", [
    ("It works only with baud rate 250000, not with 115200.", 250000),  # from the row's format (Marlin#21's "works only with baud rate")
    ("After updating to the firmware in this repo I am no longer able to connect to the printer over Serial using baud rate "
     "115200. Luckily I can still re-flash and I have re-flashed to make sure it was not a one-off issue.", 115200),  # Marlin#21
    ("As it is this will not work with an Artillery Sidewinder X1 or any other printer with a 250000 baud rate.", 250000),  # OctoBTT#14
    ("The board only connects at 57600, nothing else.", 57600),  # from the row's format
    ("I can't connect at 250000 baud from OctoPrint.", 250000),  # from the row's format
])
def test_baud_only_said(text: str, baud: int) -> None:
    evs = [e for e in events(text, "claims") if e["kind"] == "said_baud_only"]
    assert evs and evs[0]["baud"] == baud, kinds(text)
    assert "SER007" in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "Does it only work at 115200?",  # a question
    "Make sure it only connects at 115200 baud.",  # advice
    "If it only works at 115200, rebuild the firmware at 250000.",  # a conditional
    "It works at 115200 and at 250000.",  # no rate singled out
    "The CAN bus only works at 500000 bitrate.",  # a CAN bus's speed (CAN005's)
    "It does not matter, it connects at any baud rate, 115200 or 250000.",  # any rate
    "It not only works at 115200 but at every rate I tried.",  # not only
    "Could not connect to /dev/ttyACM0 at baudrate 115200:",  # Printrun's own line (serial_errors.py's)
    "Maybe it only works with baud rate 250000.",  # a guess
    "Simplify3d works only with baud rate 250000.",  # Marlin#21's line alone: a rate that works, no other said to fail
    # (review s24) the rate said to be the one both ends use, or a boot ROM's own
    "My Ender 3 with Marlin works fine. OctoPrint connects only at 115200 and that is what the firmware is set to, so everything "
    "is good. Prints are perfect.",
    "Solved: The printer only works at 250000 baud, which is what Marlin's BAUDRATE is. I set OctoPrint to 250000 and it prints "
    "great now.",
    "Note: the ESP8266 boot ROM only talks at 74880 baud, so the first line in the monitor looks like garbage. After that the "
    "sketch runs at 115200.",
    "Voron 2.4 with Klipper: the MCU works only at 250000 because I set CONFIG_SERIAL_BAUD=250000 and baud: 250000. Running great.",
    "Marlin 2.1 on an SKR 1.4. Pronterface connects only at 250000, and BAUDRATE is 250000 in Configuration.h, so that matches.",
    "ESP32 boot ROM prints at 115200; the app talks at 9600 and works only at 9600, which is what I configured. All fine.",
    "My SKR Pico connects over UART with 250000 baud. Klipper works fine, no issues, the baud rate only matters at 250000 as set.",
])
def test_baud_only_not_said(text: str) -> None:
    assert "said_baud_only" not in kinds(text), kinds(text)
    assert "SER007" not in ids(text), ids(text)


# ---- BOOT007: DFU only while a finger touches a pin ------------------------------------------------------------------

def test_dfu_touch_pin_said() -> None:
    text = ("I have to touch the digital pin with fingers while the USB DFU boot loaders begin. If I don't do it. The 25 Mhz clock "
            "will show up for a small while, then fall flat. And the usb enumeration will fail on my computer.")  # community.st.com 620019
    assert "said_dfu_touch_pin" in kinds(text), kinds(text)
    assert first(text) == "BOOT007", ids(text)


@pytest.mark.parametrize("text", [
    "Should I touch the pin with a finger to get into DFU?",  # a question
    "Touch the BOOT0 pin to 3.3V with a finger while plugging in to enter DFU.",  # BOOT0: how DFU is entered
    "Press the reset button and touch the pin to get the bootloader.",  # the reset button
    "Make sure you don't touch the pins while DFU is running.",  # advice
    "I no longer need to touch the pin, DFU comes up every time now.",  # the need ended
    "I touch the pin on the ESP32 to get the bootloader.",  # another family's bootloader
    "STM32F411 Black Pill. I have to touch the B0 pin with my finger to get it into DFU mode.",  # (review s24) B0 is BOOT0
])
def test_dfu_touch_pin_not_said(text: str) -> None:
    assert "said_dfu_touch_pin" not in kinds(text), kinds(text)


# ---- BOOT007: the bootloader's entry said to come and go, A10 tied to ground, beside an STM32 part ------------------

def test_a10_grounded_beside_stm32_part() -> None:
    text = ("I used the blackpill stm32f401ccu6 v3 from ali express, which seems to be working fine otherwise.\n"
            "Hence, I soldered a wire between the ground and A10 and can confirm that setting the microcontroller in bootloader "
            "mode now works reliably every time, either with the buttons or with bootmagic.")  # diepala/cantor#35
    assert "said_a10_grounded" in kinds(text), kinds(text)
    assert first(text) == "BOOT007", ids(text)


def test_bootloader_intermittent_beside_stm32_part() -> None:
    text = ("My board is a WeAct stm32f411 black pill.\n"
            "Getting it into bootloader mode works once in twenty times.")  # from the row's format (cantor#35's wording)
    assert "said_bootloader_intermittent" in kinds(text), kinds(text)
    assert first(text) == "BOOT007", ids(text)


@pytest.mark.parametrize("text", [
    "Hence, I soldered a wire between the ground and A10 and now the bootloader mode works every time.",  # no STM32 part named
    "Getting the board into bootloader mode works once in twenty times.",  # no STM32 part named
])
def test_bootloader_claims_alone_are_not_boot007(text: str) -> None:
    assert "BOOT007" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "Should I tie A10 to ground to get the bootloader?",  # a question
    "I did not connect A10 to ground, the bootloader still fails.",  # negated
    "My Katapult bootloader only works once in twenty times with the double reset.",  # Katapult's double reset
    "The Pro Micro bootloader mode works once in twenty times.",  # a Caterina board
    "Entering the bootloader never works on this board.",  # never
    # (review s24) a cause named and put right, a person using the bootloader "sometimes"
    "STM32F411 Black Pill. Getting it into bootloader mode works only sometimes; the BOOT0 button was worn out, a new switch fixed it.",
    "STM32F411 Black Pill: I use the bootloader sometimes to flash, it gets detected right away and works great.",
    "STM32F103 blue pill. Entering the bootloader works only sometimes. Cause was the BOOT0 jumper being loose.",
    "STM32F411 Black Pill. Getting into DFU works only sometimes with the BOOT0 button; turned out the BOOT0 button was dirty.",
    "STM32F401 board, Klipper over UART to the Pi. I flash it via DFU sometimes and it works great.",
])
def test_bootloader_claims_not_said(text: str) -> None:
    got = kinds(text)
    assert "said_a10_grounded" not in got and "said_bootloader_intermittent" not in got, got


# ---- SER006: GPIO serial link said to fail ----------------------------------------------------------------------------

def test_gpio_serial_link_that_fails_cant() -> None:
    # (review s24) "can't", not only "cannot"/"couldn't" (from the row's format, OctoPi#779's setting)
    text = "Pi Zero 2 W connected via the GPIO serial pins to my MK3. I can't connect, only AUTO is listed."
    assert "said_cannot_connect" in kinds(text), kinds(text)
    assert first(text) == "SER006", ids(text)


def test_gpio_serial_link_that_fails() -> None:
    text = ("1. Flash OctoPi on to SD card for a Raspberry Pi Zero 2 W (with wifi config)\n"
            "2. Connect Raspbery Pi Zero 2 W via the GPIO serial connection to prusa MK3\n"
            "#### What happened instead?\n\n"
            "Only `AUTO` was listed and connection kept failing.")  # guysoft/OctoPi#779
    got = kinds(text)
    assert "said_gpio_serial_link" in got and "said_cannot_connect" in got, got
    assert first(text) == "SER006", ids(text)


@pytest.mark.parametrize("text", [
    "Connect the Pi to the printer via the GPIO serial pins. It works fine.",  # no failure said
    "Only AUTO was listed and connection kept failing.",  # no GPIO link said (a USB cable's port may be missing)
    "If you connect it via the GPIO UART and the connection keeps failing, disable the console.",  # advice / a conditional
    # (review s24) another link fails (the web page over wifi), or the failure was put right
    "My Klipper runs on a Pi 4 wired to the Octopus via the GPIO serial pins. I can't connect my phone to the Mainsail page over wifi though.",
    "Klipper on a Pi 4 wired to the Octopus via the GPIO UART, prints fine. I cannot connect to Mainsail from my laptop over wifi though.",
    "Klipper setup on a Pi 4 with the SKR Mini E3 connected over the GPIO UART pins (/dev/ttyAMA0). Everything works, prints are "
    "great. I could not connect at first until I disabled the serial console, now works.",
])
def test_gpio_serial_link_alone_is_not_ser006(text: str) -> None:
    assert "SER006" not in ids(text), ids(text)


# ---- USB003: under-voltage warnings said ------------------------------------------------------------------------------

def test_under_voltage_said() -> None:
    text = ("This story starts with me trying to once and for all solve my under voltage alerts on my raspberry pi. As you know "
            "from previous posts, my Pi is leeching power from my Ender's PSU.\n...\n"
            "My printer stopped about 30% through the job and Octoprint showed that it received too many GCODE errors in a "
            "row.")  # sarnelli3d.com "EMI, the phantom menace"
    assert "said_under_voltage" in kinds(text), kinds(text)
    assert first(text) == "USB003", ids(text)


def test_under_voltage_said_without_a_failure_is_not_usb003() -> None:
    # (review s24) warnings alone, no drop or failure shown beside them
    text = ("This story starts with me trying to once and for all solve my under voltage alerts on my raspberry pi. As you know "
            "from previous posts, my Pi is leeching power from my Ender's PSU.")  # sarnelli3d.com, its first lines only
    assert "USB003" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "There are no under-voltage warnings on the Pi.",  # negated
    "Do you get under voltage warnings on the Pi?",  # a question
    "Make sure you don't get under-voltage warnings.",  # advice
    "I checked, the Pi shows no undervoltage errors at all.",  # negated
    # (review s24) warnings that ended, or that do no harm
    "I had under voltage warnings on my raspberry pi for months, replaced the PSU with the official one. The board connects over "
    "USB fine, klipper works.",
    "The under voltage warnings on my Pi went away after I bought the official PSU. My printer board connects fine.",
    "My Pi shows the under-voltage lightning bolt icon, but the printer connection is stable and prints finish fine.",
])
def test_under_voltage_not_said(text: str) -> None:
    assert "said_under_voltage" not in kinds(text), kinds(text)
    assert "USB003" not in ids(text), ids(text)


def test_kernel_under_voltage_line_stays_the_kernels() -> None:
    text = "[ 1234.567890] Under-voltage detected! (0x00050005)"
    assert "said_under_voltage" not in kinds(text), kinds(text)
    assert first(text) == "USB003", ids(text)  # kernel_log.py's under_voltage


# ---- SER007: a terminal's banner, then only undecodable bytes ----------------------------------------------------------

def test_miniterm_banner_then_garbage() -> None:
    text = ("python nodemcu-uploader.py -B 115200 terminal\n"
            "--- Miniterm on /dev/ttyUSB0: 9600,8,N,1 ---\n"
            "--- Quit: Ctrl+]  |  Menu: Ctrl+T | Help: Ctrl+T followed by Ctrl+H ---\n"
            "\ufffd\ufffd\ufffd\ufffd}\ufffd\ufffdu}wu\ufffd\ufffd}wu}u}\ufffd\ufffd\ufffd\ufffd\ufffd\n")  # kmpm/nodemcu-uploader#49
    evs = [e for e in events(text, "serial") if e["kind"] == "serial_terminal_garbled"]
    assert evs and evs[0]["port"] == "/dev/ttyUSB0" and evs[0]["baud"] == 9600, events(text, "serial")
    assert first(text) == "SER007", ids(text)


def test_picocom_banner_then_garbage() -> None:
    # from the source's format (picocom 1.x-3.x show_status: "port is        : %s", "baudrate is    : %d"), U+FFFD rows (a
    # terminal's UTF-8 decoding of wrong-rate bytes; U+2E2E rows are serial_monitor.py's own strong row)
    text = ("picocom v3.1\n\nport is        : /dev/ttyAMA0\nflowcontrol    : none\nbaudrate is    : 9600\n\nTerminal ready\n"
            "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd}u\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\n\ufffd\ufffd\ufffdw\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\n")
    evs = [e for e in events(text, "serial") if e["kind"] == "serial_terminal_garbled"]
    assert evs and evs[0]["port"] == "/dev/ttyAMA0" and evs[0]["baud"] == 9600, events(text, "serial")
    assert first(text) == "SER007", ids(text)


def test_picocom_garbage_then_its_exit_lines() -> None:
    # (review s24) picocom's exit lines are the terminal's own, no readable board output (from the source's format)
    text = ("picocom v3.1\n\nport is        : /dev/ttyUSB0\nflowcontrol    : none\nbaudrate is    : 9600\n\nTerminal ready\n"
            "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd}u\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\n\ufffd\ufffd\ufffdw\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\n\n"
            "Terminating...\nThanks for using picocom\n")
    assert any(e["kind"] == "serial_terminal_garbled" for e in events(text, "serial")), events(text, "serial")
    assert first(text) == "SER007", ids(text)


@pytest.mark.parametrize("text", [
    # (review s24) a healthy session that ends on one garbled line (the cable pulled), or a ROM's one garbled line then the
    # sketch's readable one (from miniterm's format)
    "--- Miniterm on /dev/ttyACM0  115200,8,N,1 ---\n--- Quit: Ctrl+] | Menu: Ctrl+T | Help: Ctrl+T followed by Ctrl+H ---\n"
    "Booting firmware v1.2\nSensor init OK\nTemperature 21.5 C\nTemperature 21.6 C\nTemperature 21.5 C\n\ufffd\ufffd\ufffd\ufffd\ufffd\n--- exit ---\n",
    "--- Miniterm on /dev/ttyUSB0  115200,8,N,1 ---\n--- Quit: Ctrl+] | Menu: Ctrl+T | Help: Ctrl+T followed by Ctrl+H ---\n"
    "\ufffd\ufffd\ufffd\ufffdl\ufffd\ufffd\ufffd\ufffd\ufffd\nHello from ESP8266, all good\n",
])
def test_terminal_mostly_readable_is_no_wrong_rate(text: str) -> None:
    assert not any(e["kind"] == "serial_terminal_garbled" for e in events(text, "serial")), events(text, "serial")
    assert "SER007" not in ids(text), ids(text)


def test_terminal_session_ends_before_another_tools_lines() -> None:
    # (review s24) terminal garbage, a shell prompt, then avrdude's failure: avrdude's own account ranks first (from the tools' formats)
    text = ("--- Miniterm on /dev/ttyUSB0  9600,8,N,1 ---\n\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\n\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\n"
            "$ make flash\navrdude: stk500_recv(): programmer is not responding\n")
    assert first(text) != "SER007", ids(text)
    assert "SER007" in ids(text), ids(text)  # still told, below


def test_terminal_garbage_then_readable_text_is_no_wrong_rate() -> None:
    # an ESP8266's ROM line at 74880 read at 115200, then the sketch's own text at 115200: the rate is right
    text = ("--- Miniterm on /dev/ttyUSB0  115200,8,N,1 ---\n"
            "\ufffd\ufffd\ufffd\ufffdl\ufffd\ufffd\ufffd\ufffd\ufffd\n"
            "Connecting to WiFi network\n"
            "Connected, IP address 192.168.1.20\n")
    assert not any(e["kind"] == "serial_terminal_garbled" for e in events(text, "serial")), events(text, "serial")
    assert "SER007" not in ids(text), ids(text)


def test_terminal_readable_output_is_no_wrong_rate() -> None:
    text = ("--- Miniterm on /dev/ttyUSB0  115200,8,N,1 ---\n"
            "invalid header: 0xffffffff\n"
            "invalid header: 0xffffffff\n")
    assert not any(e["kind"] == "serial_terminal_garbled" for e in events(text, "serial")), events(text, "serial")


# ---- SER006: the adapter passes its loopback test, the board stays silent ---------------------------------------------

def test_adapter_loopback_ok_said() -> None:
    text = ("If I try to connect it with a UART cable I see literally nothing. I have already tested the USB adapter connecting "
            "RXD pin with TXD pin and it works. I am a windows user and for listening to the serial connection I am using Termite.")  # OP-TEE/build#322
    assert "said_adapter_loopback_ok" in kinds(text), kinds(text)
    assert first(text) == "SER006", ids(text)


@pytest.mark.parametrize("text", [
    "Should I connect RXD with TXD to test the adapter?",  # a question
    "If I short TXD and RXD the adapter works.",  # a condition at the sentence's start
    "Connect RXD to TXD on the adapter to check that it works.",  # advice ("check that")
    "I connected RXD to TXD on the adapter and nothing works.",  # the loopback failed
    # (review s24) success stories and advice: the board answered
    "I tested the FTDI adapter by connecting RX to TX and it works, echo is fine. Then I connected it to the board and got the "
    "login prompt, everything is great.",
    "I shorted RX to TX on the CP2102 and it works, then wired it to the board and got the U-Boot prompt. Solved.",
    "Tip: after the UART loopback test (connect RX to TX, type, it echoes fine) wire it to the board TX to RX.",
])
def test_adapter_loopback_ok_not_said(text: str) -> None:
    assert "said_adapter_loopback_ok" not in kinds(text), kinds(text)


# ---- USB001: no serial port found, said in German ---------------------------------------------------------------------

def test_no_serial_port_found_in_german() -> None:
    text = ("Allerdings stießen wir auf ein kleines Hindernis, da wir uns nicht mit dem Prusa Drucker verbinden konnten. „Keine "
            "serielle Schnittstelle gefunden“ lautete die Meldung. Wir versuchten verschiedene USB-Anschlüsse am Raspberry Pi 4.")  # kiscando.de
    assert "said_no_port_appears" in kinds(text), kinds(text)
    assert first(text) == "USB001", ids(text)


@pytest.mark.parametrize("text", [
    "Wenn keine serielle Schnittstelle gefunden wird, das Kabel tauschen.",  # a condition
    "Wird keine serielle Schnittstelle gefunden?",  # a question
    "Nach dem Reset wurde kein Port gefunden, dann kam er wieder.",  # only after a reset
    # (review s24) a question, and resolved stories
    "Keine serielle Schnittstelle gefunden? Dann prüfe das Kabel.",
    "Zuerst kam \"Keine serielle Schnittstelle gefunden\", nach dem Kabeltausch lief alles.",
    "OctoPrint meldete: Keine serielle Schnittstelle gefunden. Mit einem anderen Kabel geht es jetzt, Problem gelöst.",
])
def test_no_serial_port_found_in_german_not_said(text: str) -> None:
    assert "said_no_port_appears" not in kinds(text), kinds(text)


# ---- SER002: ModemManager said to probe or talk to the port -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "ModemManager kept sending AT commands to /dev/ttyACM0 right after I plugged the board in.",  # from the row's format
    "Turns out ModemManager was probing the port for about ten seconds after each plug-in.",  # from the row's format
    "An annoying thing called ModemManager tries to talk to anything called /dev/ttyACM*.",  # nick.zoic.org's sentence, without its "If you're ..." opening
])
def test_modemmanager_probes_said(text: str) -> None:
    assert "said_modemmanager_holds" in kinds(text), kinds(text)
    assert first(text) == "SER002", ids(text)


@pytest.mark.parametrize("text", [
    "Is ModemManager probing the port?",  # a question
    "ModemManager is not probing the port, I removed it.",  # negated
    "If ModemManager opens the port, add a udev rule.",  # a condition
    "Make sure ModemManager doesn't send AT commands to your board.",  # advice
    # (review s24) advice, general knowledge, a ModemManager found stopped or removed
    "Disable ModemManager: it probes every ttyACM device and sends AT commands to the board.",
    "ModemManager is known to probe /dev/ttyACM devices, so I removed it before flashing. Flashing works.",
    "I checked whether ModemManager was running; it was stopped, so I opened the port with picocom and the board answered.",
    "Tip for everyone: disable ModemManager, since ModemManager probes every new ttyACM port it sees. Run sudo systemctl disable ModemManager.",
    "I disabled ModemManager because ModemManager sends AT commands to devices. After that flashing went fine.",
])
def test_modemmanager_probes_not_said(text: str) -> None:
    assert "said_modemmanager_holds" not in kinds(text), kinds(text)
