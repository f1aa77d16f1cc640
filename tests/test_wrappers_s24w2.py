"""Session 24 second wave, wrappers gathering: what IDEs, ground stations and forum posts around them retell.

- Keil's and ST-LINK Utility's dialogs retyped with their spaces or case lost (parsers/stm32cubeprog.py, Keil group): SWD004.
- the firmware said to go "directly into standby" (claims.py _SWD_SLEEP_CAUSE, an adverb before the place): SWD004.
- BOOT0 said idle, unconnected or left without a pull resistor (claims.py said_boot0_floating): BOOT004.
- OctoPrint's throttle icon called an under-voltage "spark" (uart_prose_s24.py said_under_voltage).
- a serial terminal or a ground station's CLI said to show only random characters (uart_prose_s24.py said_garbled_output): SER007.
- another debug probe said to have cured it (claims.py said_other_probe_fixed): SWD008.

Positives are the gathered threads' sentences (named beside them) or the rows' formats ("from the row's format"); negatives are
questions, advice, conditionals, negations, solved or other-device stories."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str, ns: str = "claims") -> list[str]:
    return [e["kind"] for e in events(text, ns)]


# ---- Keil / ST-LINK Utility dialogs retyped ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # shequ.stmicroelectronics.cn 630243 (PA14 configured as GPIO, recovered over the USART bootloader)
    "这两天调试个传感器,准备使用STM32F030的nucleo板,在配置引脚的时候,就近电源有个PA14脚,就配置了,谁知写程序时崩溃了,"
    "查看发现是“NO TargetConnected”,也就是说无法找到芯片,图我就不插了。",
    "ARM MDK STM32 No Target Found/Connected 解决方案",  # blog.awolon.fun (CubeMX SYS > Debug not set to Serial Wire)
    "Keil shows NO TargetConnected every time I press download.",  # from the row's format (a lost space)
    "出现“could notstop cortex-m device”,要不就是“internalcommand error”等等问题",  # shequ 630243
    "uVision keeps saying Internal Command Error when I erase.",  # from the row's format
])
def test_keil_dialog_retyped(text: str) -> None:
    evs = [e for e in events(text, "stlink") if e["kind"] == "target_connect_failed"]
    assert evs and evs[0].get("via") == "keil", kinds(text, "stlink")
    assert first(text) == "SWD004", ids(text)


@pytest.mark.parametrize("text", [
    "Could not stop the motor device after reset.",  # not a Cortex-M core
    # (wrappers review s24w2) near-misses: another tool, advice, a cause found, prose with the spaced words
    "BUG: An internal command error occurred.",  # another tool's (Fuchsia ffx) wording
    'If you get "no target connected", check the wiring and that the board is powered.',  # advice
    "Keil says no target connected. The fix was to solder the GND wire, it was cold.",  # the spaced words, a cause found
    "Keil says NO TargetConnected, the GND wire was not soldered.",  # a lost space, but the cause is named
    "The STM32 Blue Pill has no target connected LED.",  # prose
    "I could not stop the Cortex-M device because SWD pins were remapped in CubeMX.",  # prose, not the dialog
    "OpenOCD: Error: Could not stop the cortex-m device in time",  # another tool
    "pyocd: no target connected",  # another tool
])
def test_keil_dialog_retyped_not(text: str) -> None:
    assert not [e for e in events(text, "stlink") if e["kind"] == "target_connect_failed" and e.get("via") == "keil"], \
        events(text, "stlink")


def test_keil_dialog_case_only_ranks_as_exact() -> None:
    # (wrappers review s24w2) a case-only change reads as the exact dialog does: both forms rank the same
    assert first("No Target Connected") == first("No target connected"), (ids("No Target Connected"), ids("No target connected"))
    evs = [e for e in events("The ST-LINK Utility says No Target Connected.", "stlink") if e["kind"] == "target_connect_failed"]
    assert evs and evs[0].get("via") is None


def test_exact_utility_line_keeps_its_row() -> None:
    # the ST-LINK Utility's own line still comes from its own row (no "via"), read first
    evs = [e for e in events("20:00:05 : No target connected", "stlink") if e["kind"] == "target_connect_failed"]
    assert evs and evs[0].get("via") is None


# ---- SWD004: the firmware said to go straight into standby -----------------------------------------------------------

def test_standby_directly_said() -> None:
    # ST community 208670 (STM32L062, STM32CubeProgrammer "Error: No STM32 target found!" even under reset)
    text = ("I did a mistake (really dumb one) and I dit not placed any delay into the code so after bootup the MCU goes directly "
            "into standby mode.\nWhen Mode - Under reset is selected, I see that NRST is pulled down, but I still get Error: No STM32 "
            "target found!")
    assert "said_swd_firmware_sleeps" in kinds(text), kinds(text)
    assert first(text) == "SWD004", ids(text)


@pytest.mark.parametrize("text", [
    "The MCU never goes directly into standby mode, and still the ST-Link cannot connect.",  # a negation
    "If the MCU goes directly into standby mode, the ST-Link cannot connect.",  # a conditional
    "Does the MCU go directly into standby mode so the ST-Link cannot connect?",  # a question
    "The MCU goes straight into standby mode as expected and wakes on the RTC; the ST-Link stays connected.",  # healthy
    # (wrappers review s24w2) a person going on to measure, not the firmware
    "Error: No STM32 target found!\nI then went straight into low power mode measurements with the Nucleo, the current is 2 uA.",
])
def test_standby_directly_not(text: str) -> None:
    assert "said_swd_firmware_sleeps" not in kinds(text), kinds(text)


# ---- BOOT004: BOOT0 said idle / unconnected ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # ST community 96151 (STM32L010C6: the program gone after each power cycle; BOOT0 tied to GND through a resistor fixed it)
    "Hi. I am using stm32L010C6Tx. After installing the program with ST-LINK, when I turn off the power and return it, the last "
    "program I installed does not work. I need to reload the code. I wondered if it wasn't writing to your Flash, but it looks full "
    "in cubeprogrammer. The NRST lead is connected to GND with a 100 nF capacitor. Boot0 end is idle. Any ideas as to why it might be?",
    "Boot0 pin is idle. (No external pull-up or Pulldown).",  # qa-community.st.com 23405
    "On my board BOOT0 is left unconnected.",  # from the row's format
    "BOOT0 has no pull-down resistor on this PCB.",  # from the row's format
])
def test_boot0_idle_said(text: str) -> None:
    assert "said_boot0_floating" in kinds(text), kinds(text)


def test_boot0_idle_ranks_over_intermittent_dfu() -> None:
    text = ("I have created a USB sensor project through MX cube as FreeRtos based CDC device in FS mode. The sensor is detected as a "
            "com port in the device manager while I connect to the USB port in my PC. But sometimes it won't, It detected as a "
            "DFU(STM32 Bootloader) device under the USB section. It means the firmware jumps into the bootloader during powerup.\n"
            "Boot0 pin is idle. (No external pull-up or Pulldown).")  # qa-community.st.com 23405
    assert first(text) == "BOOT004", ids(text)


@pytest.mark.parametrize("text", [
    "Is BOOT0 idle on this board?",  # a question in BOOT0's own sentence
    "Make sure BOOT0 is not left unconnected.",  # advice
    "BOOT0 is not idle, it is tied to GND.",  # a negation before the word
    "BOOT0 was left unconnected, so I tied it to GND, but it still does not work.",  # a fix that did not help
    # (wrappers review s24w2) a fix that did not work, said after BOOT0
    "BOOT0 was floating, so I tied it to GND, but it doesn't work.",
    "BOOT0 was floating, I tied it low, it did not work.",
    "I thought BOOT0 was floating and soldered a 10k pull-down, didn't work.",
    "The suggested solution is to tie BOOT0 to ground, which doesn't work for me.",
    # (wrappers review s24w2) a healthy pin: held low, a pull-down, boots fine, open-drain
    "BOOT0 has no pull-up resistor, it is tied to GND through 10k.",
    "My board works fine. BOOT0 has no external pull-up since there is an internal pull-down.",
    "BOOT0 is idle (pulled low by R5), so it boots from flash normally.",
    "Nothing changed: BOOT0 is left open and it boots fine every time.",
    "BOOT0 is open-drain driven by the ESP, so BOOT0 is open-drain.",
    "The datasheet says BOOT0 can be left unconnected on the STM32G0.",
])
def test_boot0_idle_not(text: str) -> None:
    assert "said_boot0_floating" not in kinds(text), kinds(text)


# ---- USB003: OctoPrint's throttle icon called a spark -----------------------------------------------------------------

def test_under_voltage_spark_said() -> None:
    # OctoPrint#3857 (a Pi 3B+ and its 7-inch display on one supply)
    text = ("Now with 1.5.x it seems just to be above the tipping point and also shows the under voltage spark while printing if "
            "having to process rapidly lines of gcode.")
    assert "said_under_voltage" in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    "There is no under voltage spark at all.",  # a negation
    # (wrappers review s24w2) looking or checking for them, turning them off, an indicator that is only there
    "I checked for under voltage signs and there were none.",
    "I disabled the under-voltage notifications in the Pi Support plugin.",
    "Look for under-voltage signs in the OctoPrint navbar.",
    "The Pi Support plugin has an under voltage indicator in the navbar.",
])
def test_under_voltage_spark_not(text: str) -> None:
    assert "said_under_voltage" not in kinds(text), kinds(text)


def test_under_voltage_nouns_not_second_after_pyserial() -> None:
    text = ("serial.serialutil.SerialException: device reports readiness to read but returned no data (device disconnected or "
            "multiple access on port?)\nI checked for under voltage signs and there were none.")
    assert "USB003" not in ids(text), ids(text)


# ---- SER007: the terminal said to show random characters ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # diydrones "ACM v2.0.49 w/ MP v1.0.89 CLI not reading properly" (the port left at the telemetry radio's rate)
    "I am running the latest MP and ACM code but for some reason the Mission Planner cannot read the data properly from the ACM "
    "board. All I get on the screen is a bunch of random characters like ???D/?c/?. I triple checked that the slider is in the CLI "
    "position (back towards the servo in/out pins). Any advice?",
    "The serial monitor prints only gibberish.",  # from the row's format
    "PuTTY shows weird symbols instead of the menu.",  # from the row's format
])
def test_garbled_terminal_said(text: str) -> None:
    assert "said_garbled_output" in kinds(text), kinds(text)
    assert first(text) == "SER007", ids(text)


@pytest.mark.parametrize("text", [
    "Why does the serial monitor show random characters?",  # a question
    "If the serial monitor shows random characters, check the baud rate.",  # a conditional
    "The serial monitor does not show random characters anymore.",  # a negation
    "My ESP8266 prints garbage in the serial monitor at boot.",  # an ESP's boot chatter
    "The LCD shows random characters after the serial port opens.",  # a display
    "The serial monitor showed random characters; fixed by setting 115200.",  # solved
    # (wrappers review s24w2) ESP modules and boards, a Nextion screen, chatter said to be normal
    "On my ESP-12F the serial monitor shows garbage at first, then the sketch output.",
    "My D1 mini prints random characters in the serial monitor before the sketch starts.",
    "The Arduino IDE serial monitor shows random characters every time the ESP restarts.",
    "The ESP-WROOM-32 prints garbage in the serial monitor.",
    "The Nextion screen shows random characters when I send serial data.",
    "The serial console shows garbage from the bootloader before Linux starts, that is normal.",
])
def test_garbled_terminal_not(text: str) -> None:
    assert "said_garbled_output" not in kinds(text), kinds(text)


# ---- SWD008: another probe cured it -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "SOLVED -> replaced the ST LINK debugger with another. Problem solved.",  # ST community 362912 (an L053)
    "I tried another ST-Link and it connects right away.",  # from the row's format
    "Swapped the J-Link for a new one and flashing works.",  # from the row's format
])
def test_other_probe_fixed_said(text: str) -> None:
    assert "said_other_probe_fixed" in kinds(text), kinds(text)
    assert first(text) == "SWD008", ids(text)


@pytest.mark.parametrize("text", [
    "I replaced the ST-Link with another one, same result.",  # a swap that did not help
    "Should I replace the ST-Link with another one so it works?",  # a question
    "If you replace the ST-Link with a genuine one it works.",  # a conditional / advice
    "I replaced the USBasp programmer with another and avrdude works.",  # an AVR programmer
    "I tried another board with the same ST-Link and it still fails.",  # the board swapped
    # (wrappers review s24w2) the cable, the board or a driver/firmware, not the probe
    "Tried a different ST-Link cable, works.",
    "Tried another ST-Link, it works on the Nucleo but not on my board.",
    "With another ST-Link the new board works, so the first board's MCU was dead.",
    "I tried another ST-Link on a different board and it connects, so the board is the problem.",
    "My first ST-Link was a clone that needed the driver installed; I tried another ST-Link and it works.",
    "I swapped the ST-Link for a new one and it worked, but only after installing the STSW-LINK009 driver.",
    "I updated the ST-Link firmware and then switched to the other USB port; with the new ST-Link firmware it works.",
])
def test_other_probe_fixed_not(text: str) -> None:
    assert "said_other_probe_fixed" not in kinds(text), kinds(text)


# ---- BOOT007: the FC's firmware or flash said to work once the GPS or receiver was disconnected -----------------------

@pytest.mark.parametrize("text", [
    # iNavFlight/inav#1942 (AnyFC F7: the configurator froze flashing until the GPS on UART1 came off)
    "After I disconnected my external GPS and compass, INAV is working now, however GPS, I2C (compass) and voltage sensor is not.",
    "After unplugging the GPS, the Betaflight flash went through.",  # from the row's format
])
def test_fc_works_without_uart_device_said(text: str) -> None:
    assert "said_fc_works_without_uart_device" in kinds(text), kinds(text)
    assert first(text) == "BOOT007", ids(text)


@pytest.mark.parametrize("text", [
    "After I unplugged the GPS, INAV arms and the motors spin.",  # arming, not flashing
    "If you disconnect the GPS, flashing works.",  # a conditional
    "Did INAV work after you disconnected the GPS?",  # a question
    "After I disconnected the GPS, Betaflight still doesn't connect.",  # a negation
    "After I removed the receiver, flashing did not work either.",  # a negation
    # (wrappers review s24w2) another cause told (baud, a port conflict, a short, current) or another board
    "After I disconnected the GPS, the Betaflight configurator connects again; the GPS was set to 115200 but the port was at 57600.",
    "After removing the receiver from UART1, Betaflight works; the receiver and MSP were both assigned to UART1, a port conflict.",
    "After I disconnected the GPS, the arducopter firmware is working again, it was a short circuit on the 5V rail.",
    "After I removed the GPS and Rx, Betaflight configurator shows up the COM port again. The receiver was drawing too much current.",
    "After I removed the Bluetooth module from RX, flashing works on my Arduino Uno.",
    "After removing the receiver, the ESP8266 flash went through.",
])
def test_fc_works_without_uart_device_not(text: str) -> None:
    assert "said_fc_works_without_uart_device" not in kinds(text), kinds(text)
