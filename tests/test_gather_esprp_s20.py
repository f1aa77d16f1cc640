"""(esp-rp-serial s20) Families the round's unseen ESP/RP/serial threads showed missing: esptool's pre-release chip names,
the ESP32 brownout detector, ESP-IDF's crystal check and ModemManager's probe as a Python REPL evaluates it.
Texts are written from the source's format (esptool targets/*.py CHIP_NAME, esp-idf brownout.c and rtc_clk_init.c,
reset_reasons.h; ModemManager mm-port-probe.c as MicroPython/CircuitPython echo it), not copied from the threads."""

from __future__ import annotations

from textkit import findings, first


# --- esptool check_chip_id(): CHIP_NAME of the pre-release targets carries "(betaN)" (esptool targets/esp32s3beta2.py ...)

def test_wrong_chip_with_a_beta_chip_name_is_the_wrong_target() -> None:
    # from the source's format: 3.x-4.8 "This chip is %s not %s. Wrong --chip argument?"
    assert first("A fatal error occurred: This chip is ESP32-S3(beta3) not ESP32. Wrong --chip argument?\n") == "FW002"
    # 4.9+ with the comma, 5.x "Wrong chip argument?", the beta name in the second place
    assert first("A fatal error occurred: This chip is ESP32-C6, not ESP32-C6(beta). Wrong chip argument?\n") == "FW002"
    assert first("A fatal error occurred: This chip is ESP32-H2(beta2), not ESP32-H2(beta1). Wrong --chip argument?\n") == "FW002"


def test_failed_to_connect_with_a_beta_chip_name_keeps_its_chip() -> None:
    # from the source's format: loader.py "Failed to connect to %s: %s" with a pre-release target's CHIP_NAME
    found = findings("esptool.py v3.0\nSerial port /dev/ttyUSB0\nConnecting........_____....._____\n\n"
                     "A fatal error occurred: Failed to connect to ESP32-S3(beta2): Timed out waiting for packet header\n")
    assert found and found[0].id != "GEN001"


# --- ESP-IDF brownout detector (3.x-4.x ets_printf/esp_rom_printf, 5.x ESP_DRAM_LOGE with TAG "BOD"), ROM reset reason 0x0F

_BOOT = """\
ets Jun  8 2016 00:22:57

rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
configsip: 0, SPIWP:0xee
mode:DIO, clock div:2
load:0x3fff0018,len:4
load:0x3fff001c,len:1044
load:0x40078000,len:8896
load:0x40080400,len:5828
entry 0x400806ac
"""


def test_brownout_detector_line_is_under_voltage() -> None:
    assert first("Brownout detector was triggered\n\n" + _BOOT) == "USB003"
    # 5.x log form, with and without the timestamp
    assert first("E BOD: Brownout detector was triggered\n") == "USB003"
    assert first("E (1532) BOD: Brownout detector was triggered\n\n" + _BOOT) == "USB003"


def test_brownout_loop_is_one_finding() -> None:
    text = ("Connecting to WiFi...\n\nBrownout detector was triggered\n\n" + _BOOT) * 4
    found = [f for f in findings(text) if f.id == "USB003"]
    assert len(found) == 1


def test_rom_brownout_reset_reason_is_under_voltage() -> None:
    # from the source's format: S2/S3/C3 ROM reset line with reason 0x0F, the ESP32 ROM's name for it
    assert first("ESP-ROM:esp32c3-api1-20210207\nBuild:Feb  7 2021\nrst:0xf (BROWNOUT_RST),boot:0xc (SPI_FAST_FLASH_BOOT)\n"
                 "SPIWP:0xee\nmode:DIO, clock div:2\nentry 0x403ce000\n") == "USB003"
    assert first("ets Jun  8 2016 00:22:57\n\nrst:0xf (RTCWDT_BROWN_OUT_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n") == "USB003"


def test_a_plain_boot_log_is_not_a_brownout() -> None:
    text = _BOOT.replace("rst:0xc (SW_CPU_RESET)", "rst:0x1 (POWERON_RESET)")
    assert not any(f.id == "USB003" for f in findings(text))


# --- ESP-IDF rtc_clk_init.c (esp32): the crystal the build names against the one measured

def test_xtal_frequency_warning_is_the_wrong_clock() -> None:
    # 3.x-4.4 SOC_LOGW form and 5.x ESP_HW_LOGW form
    assert first("W (56) rtc_clk_init: Possibly invalid CONFIG_ESP32_XTAL_FREQ setting (40MHz). Detected 26 MHz.\n") == "FW003"
    assert first("W (31) rtc_clk_init: Possibly invalid CONFIG_XTAL_FREQ setting (40MHz). Detected 26MHz.\n") == "FW003"


# --- ModemManager's AT probe evaluated by a Python REPL

def test_repl_name_error_on_at_is_modemmanager() -> None:
    # from the source's format: MicroPython 1.x "name '%q' isn't defined", CPython-style "name 'AT' is not defined"
    # a burst: ModemManager sends several probes (review s20: one NameError alone is also a person typing AT; tests/test_lead_s20.py)
    at = ">>> AT\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name 'AT' isn't defined\n>>> "
    ati = "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name 'ATI' is not defined\n"
    assert first(at + ati) == "SER002"
    assert first(ati + ">>> ~x~\n") == "SER002"


def test_repl_name_error_on_another_name_is_not_modemmanager() -> None:
    text = "Traceback (most recent call last):\n  File \"main.py\", line 3, in <module>\nNameError: name 'ATTEMPTS' isn't defined\n"
    assert not any(f.id == "SER002" for f in findings(text))
