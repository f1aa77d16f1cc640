"""fw-build round, session 10b: build and image families read from the tools' sources and checked against real pastes.

- esptool 3.x-5.x check_chip_id(): "This chip is ESP32-S3 not ESP32. Wrong --chip argument?" (4.9 adds a comma, 5.x says
  "Wrong chip argument?"), and espflash 3.x-4.x ChipMismatch / FirmwareChipMismatch: the build targets another ESP (FW002);
- the Arduino IDE's / PlatformIO's size report with the sketch over the board's limit, even without "Sketch too big" (FW004);
  PlatformIO's RAM warning printed inside the RAM bar; ESP-IDF's bootloader "Image length N doesn't fit in partition length M";
- the Arduino IDE's and arduino-cli's compile verdicts ("Error compiling for board X." in its translations, "Compilation
  error: ...", "Error during build: ...") and GCC's errors as the Arduino IDE prints them (sketch:line: error:, a path with a
  space, the bare message under "exit status 1"): the sketch did not build (FW005).
"""

from __future__ import annotations

import pytest

from textkit import events, first, serious


# --- esptool / espflash: another chip answered than the build targets ----------------------------------------------------

@pytest.mark.parametrize("line,chip,value", [
    # esptool 3.0-4.8 loader.py
    ("A fatal error occurred: This chip is ESP32-S3 not ESP32. Wrong --chip argument?", "ESP32-S3", "ESP32"),
    # esptool 4.9 (comma) and 5.x ("Wrong chip argument?")
    ("A fatal error occurred: This chip is ESP32-S3, not ESP32-C3. Wrong --chip argument?", "ESP32-S3", "ESP32-C3"),
    ("A fatal error occurred: This chip is ESP32-C3, not ESP32. Wrong chip argument?", "ESP32-C3", "ESP32"),
])
def test_esptool_wrong_chip_wordings(line: str, chip: str, value: str) -> None:
    evs = [e for e in events(line, "flash") if e["kind"] == "esp_wrong_chip"]
    assert evs and evs[0]["chip"] == chip and evs[0]["value"] == value, evs
    assert first(line) == "FW002"


@pytest.mark.parametrize("line", [
    "  × Chip provided (esp32) with `-c/--chip` does not match the detected chip (esp32s3)",
    "  × Chip provided with `-c/--chip` (esp32) does not match the detected chip (esp32s3)",
    "  × The firmware was built for esp32, but the detected chip is esp32s3",
])
def test_espflash_chip_mismatch(line: str) -> None:
    text = "Error: espflash::chip_mismatch\n\n" + line
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_wrong_chip"]
    assert evs and evs[0]["chip"] == "esp32s3" and evs[0]["value"] == "esp32", evs
    assert first(text) == "FW002"


def test_pio_wrong_chip_upload_is_fw002() -> None:
    # fbiego/dt78-esp32-firmware#1: platformio.ini named an ESP32 board, the board was an ESP32-S3
    text = "A fatal error occurred: This chip is ESP32-S3 not ESP32. Wrong --chip argument?\n*** [upload] Error 2"
    assert first(text) == "FW002"


# --- sizes over the limit -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Sketch uses 1393037 bytes (106%) of program storage space. Maximum is 1310720 bytes.",
    "Le croquis utilise 1442768 octets (110%) de l'espace de stockage de programmes. Le maximum est de 1310720 octets.",
    "Der Sketch verwendet 33.412 Bytes (103%) des Programmspeicherplatzes. Das Maximum sind 32.256 Bytes.",
])
def test_size_report_over_limit_is_fw004(line: str) -> None:
    assert first(line) == "FW004"


def test_size_report_within_limit_is_quiet() -> None:
    # gnea/grbl#298: 94 % and the IDE's low-memory note, then a good upload
    text = ("Sketch uses 30508 bytes (94%) of program storage space. Maximum is 32256 bytes.\n"
            "Global variables use 1633 bytes (79%) of dynamic memory, leaving 415 bytes for local variables. Maximum is 2048 bytes.\n"
            "Low memory available, stability problems may occur.")
    assert serious(text) == []


def test_pio_ram_warning_inside_the_bar() -> None:
    # platformio/platform-atmelavr#333: the warning printed inside the RAM bar; the upload goes on
    text = ("Checking size .pio/build/32u416m/firmware.elf\n"
            "RAM:   [========Warning! The data size (7243 bytes) is greater than maximum allowed (2560 bytes)\n"
            "==]  282.9% (used 7243 bytes from 2560 bytes)\n"
            "Flash: [===       ]  25.9% (used 7432 bytes from 28672 bytes)")
    evs = [e for e in events(text, "flash") if e["kind"] == "data_too_large"]
    assert evs and evs[0]["size"] == 7243 and evs[0]["limit"] == 2560, evs
    assert first(text) == "FW004"


def test_esp_idf_bootloader_image_does_not_fit_partition() -> None:
    # forum.arduino.cc 1351222: a Huge APP build booted from the default 1.25 MB app partition
    text = ("entry 0x400805cc\n"
            "E (553) esp_image: Image length 1723008 doesn't fit in partition length 1310720\n"
            "E (553) boot: OTA app partition slot 0 is not bootable\n"
            "E (554) boot: No bootable app partitions in the partition table")
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_image_too_large"]
    assert evs and evs[0]["size"] == 1723008 and evs[0]["limit"] == 1310720, evs
    assert first(text) == "FW004"


# --- compile failures as the Arduino IDE / arduino-cli print them --------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Error compiling for board Arduino/Genuino Uno.",
    "Erreur de compilation pour la carte Arduino Ethernet",
    "Fehler beim Kompilieren für das Board Arduino Nano.",
    "Errore durante la compilazione per la scheda Arduino Uno.",
    "Error compilando para la tarjeta Arduino Mega or Mega 2560.",
    "Compilation error: exit status 1",
    "Error during build: exit status 1",
])
def test_arduino_compile_verdicts(line: str) -> None:
    evs = [e for e in events(line, "flash") if e["kind"] == "compile_failed"]
    assert evs, (line, events(line, "flash"))
    assert first("exit status 1\n" + line) == "FW005"


def test_compile_verdict_for_size_stays_fw004() -> None:
    # VolosR/PCBDesignClock#3: IDE 2.x says "Compilation error:" for the size check too
    text = ("Sketch too big; see https://support.arduino.cc/hc/en-us/articles/360013825179 for tips on reducing it.\n"
            "text section exceeds available space in board\n\n"
            "Compilation error: text section exceeds available space in board")
    assert not [e for e in events(text, "flash") if e["kind"] == "compile_failed"]
    assert first(text) == "FW004"


@pytest.mark.parametrize("text", [
    # lexus2k/ssd1306#33 (arduino-builder: sketch name and line only)
    "arkanoid:211: error: 'ssd1306_setRamBlock' was not declared in this scope",
    # arendst/Sonoff-MQTT-OTA-Arduino#255 (the IDE's summary under exit status 1)
    "exit status 1\n'WS2812_LEDS' was not declared in this scope",
    # qub1750ul/Arduino_SharpIR#6 (GCC's message without the path)
    "error: 'GP2Y0A21YK0F' is not a member of 'SharpIR'\nexit status 1",
    # SignalK/SensESP#154 (a library folder with a space in its name)
    ".pio\\libdeps\\d1_mini\\Adafruit BME280 Library/Adafruit_BME280.h:26:29: fatal error: Adafruit_Sensor.h: No such file or directory",
    "C:\\Users\\me\\Documents\\Arduino\\blink\\blink.ino:8:3: error: 'digitalWrit' was not declared in this scope",
])
def test_arduino_gcc_errors_are_a_failed_build(text: str) -> None:
    assert first(text) == "FW005"


def test_host_library_header_is_not_a_firmware_build() -> None:
    # the exclusion of the older row holds for the widened one: a host tool's missing libusb header
    text = "/home/me/my tools/src/main.c:1:10: fatal error: libusb.h: No such file or directory"
    assert first(text) != "FW005"


def test_build_verdict_of_a_tool_that_cannot_run_is_not_a_compile_error() -> None:
    # tests/cases/arduino-cli-rpi-stm32l0-dfu-suffix-fork-exec-format-error: the core's x86 tool on a Raspberry Pi
    text = ("Error during build: fork/exec /root/.arduino15/packages/TleraCorp/hardware/stm32l0/0.0.10/tools/linux/"
            "dfu-suffix: exec format error")
    assert not [e for e in events(text, "flash") if e["kind"] == "compile_failed"]
    assert first(text) == "TOOL001"


@pytest.mark.parametrize("line,what", [
    ("Invalid chip id. Expected 9 read 4. Bootloader for wrong chip?", "chip"),
    ("E (123) spi_flash: Detected size(4096k) smaller than the size in the binary image header(16384k). Probe failed.", "flash size"),
    ("E (89) octal_psram: PSRAM chip is not connected, or wrong PSRAM line mode", "PSRAM"),
])
def test_esp_boot_log_built_for_another_board(line: str, what: str) -> None:
    # forum.arduino.cc 1435336: a 16 MB / octal-PSRAM board definition on 4 MB modules without PSRAM
    text = "ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\n" + line
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_build_board_mismatch"]
    assert evs and evs[0]["what"] == what, evs
    assert first(text) == "FW002"


def test_esp_invalid_header_alone_is_not_a_build_verdict() -> None:
    # xiaobeizi (tests/cases): "invalid header: 0xffffffff" followed a flash chip that did not answer: not a build fault
    text = "invalid header: 0xffffffff\ninvalid header: 0xffffffff"
    assert first(text) not in ("FW001", "FW002", "FW004")


@pytest.mark.parametrize("line", [
    # binutils 2.22+
    "/usr/bin/avr-ld: section .version LMA [0000000000007ffe,0000000000007fff] overlaps section .text LMA [0000000000007e00,000000000000800b]",
    # older binutils, as pasted in arduino/Arduino#6339
    "C:/winavr-20100110/bin/../lib/gcc/avr/4.3.3/../../../../avr/bin/ld.exe: section.version [00007ffe - > 00007fff] overlaps section .text [00007000 -> 0000817b]",
])
def test_ld_section_overlap_is_an_image_that_does_not_fit(line: str) -> None:
    assert first(line) == "FW004"
