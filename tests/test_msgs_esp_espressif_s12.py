"""Session 12, esp-espressif: rows and rules for the Espressif-side tools' own wordings: ESP-IDF's build-time size check
(check_sizes.py), the ESP ROM loading an application image from the bootloader offset, esptool's write_flash image
argument with its path wrapped or retyped, rustc's missing linker (esp-rs), and a port given to esptool without /dev/."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious


@pytest.mark.parametrize("text", [
    # ESP-IDF 4.1-5.x components/partition_table/check_sizes.py check_partition(), one app partition
    "FAILED: esp-idf/esptool_py/CMakeFiles/app_check_size\n"
    "Error: app partition is too small for binary esp_hid_device.bin size 0x130230:\n"
    "  - Part 'factory' 0/0 @ 0x10000 size 0x100000 (overflow 0x30230)\n"
    "ninja: build stopped: subcommand failed.",
    # several app partitions, all too small
    "Error: All app partitions are too small for binary hello.bin size 0x1c1740:\n"
    "  - Part 'ota_0' 0/16 @ 0x10000 size 0x100000 (overflow 0xc1740)\n"
    "  - Part 'ota_1' 0/17 @ 0x110000 size 0x100000 (overflow 0xc1740)",
    # check_bootloader()
    "Error: Bootloader binary size 0x8170 bytes is too large for partition table offset 0x8000. Bootloader binary can be "
    "maximum 0x7000 (28672) bytes unless the partition table offset is increased in the Partition Table section of the "
    "project configuration menu.",
])
def test_idf_check_sizes_overflow_is_fw004(text: str) -> None:
    assert "esp_partition_overflow" in kinds(text, "flash")
    assert first(text) == "FW004"


def test_idf_check_sizes_fits_is_healthy() -> None:
    text = ("hello_world.bin binary size 0x25f10 bytes. Smallest app partition is 0x100000 bytes. 0xda0f0 bytes (85%) free.\n"
            "Bootloader binary size 0x5570 bytes. 0x1a90 bytes (24%) free.\n"
            "Warning: 1/2 app partitions are too small for binary big.bin size 0x180000:")
    assert "esp_partition_overflow" not in kinds(text, "flash")
    assert serious(text) == []


def test_rom_loading_a_flash_mapped_segment_is_fw001() -> None:
    text = ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
            "configsip: 0, SPIWP:0xee\n"
            "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\n"
            "mode:DIO, clock div:2\n"
            "load:0x3f400020,len:30732")
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_boot_app_at_bootloader"]
    assert evs and evs[0]["addr"] == "3f400020"
    assert first(text) == "FW001"


@pytest.mark.parametrize("text", [
    # a normal ESP32 boot: the second-stage bootloader into RAM
    "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nconfigsip: 0, SPIWP:0xee\nmode:DIO, clock div:2\n"
    "load:0x3fff0030,len:1184\nload:0x40078000,len:13192\nload:0x40080400,len:3028\nentry 0x400805e4",
    # ESP32-S3 (IRAM at 0x403c...), hex lengths
    "ESP-ROM:esp32s3-20210327\nrst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\nmode:DIO, clock div:1\n"
    "load:0x3fce3808,len:0x44c\nload:0x403c9700,len:0xbe4\nload:0x403cc700,len:0x2a38\nentry 0x403c98d4",
    # ESP32-S2
    "ESP-ROM:esp32s2-rc4-20191025\nrst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\nmode:DIO, clock div:2\n"
    "load:0x3ffe6100,len:0x4\nload:0x4004c000,len:0x162c\nload:0x40050000,len:0x20fc\nentry 0x4004c",
])
def test_rom_loading_the_bootloader_into_ram_is_healthy(text: str) -> None:
    assert "esp_boot_app_at_bootloader" not in kinds(text, "flash")
    assert serious(text) == []


def test_app_segment_then_a_later_good_boot_is_not_a_fault() -> None:
    text = ("rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nmode:DIO, clock div:2\nload:0x3f400020,len:30732\n"
            "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nmode:DIO, clock div:2\n"
            "load:0x3fff0030,len:1184\nload:0x40078000,len:13192\nentry 0x400805e4")
    assert "FW001" not in serious(text)


@pytest.mark.parametrize("text", [
    # arduino-esp32#4723: the console wrapped the path onto the next line
    "esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: \n"
    "C:\\\\Users\\\\u\\\\Documents\\\\Arduino\\\\hardware\\\\espressif\\\\esp32/tools/sdk/bin/bootloader_dio_80m.bin",
    # a forum reply retyping the line with " :"
    "esp_tool write_flas : error: argument <address> <filename> : [Errno 2] No such file or directory: 'firmware/0x40000.bin'",
])
def test_write_flash_image_missing_variants_are_fw005(text: str) -> None:
    assert "image_missing" in kinds(text, "flash")
    assert first(text) == "FW005"


@pytest.mark.parametrize(("text", "name"), [
    ("error: linker `xtensa-esp32-elf-gcc` not found\n  |\n  = note: No such file or directory (os error 2)\n\n"
     "error: could not compile `app` (bin \"app\") due to previous error", "xtensa-esp32-elf-gcc"),
    ("   Compiling esp-idf-svc v0.50.1\nerror: linker `ldproxy` not found\n  |\n  = note: No such file or directory (os error 2)", "ldproxy"),
])
def test_rustc_linker_not_found_is_tool001(text: str, name: str) -> None:
    evs = [e for e in events(text, "shell") if e["kind"] == "tool_missing"]
    assert evs and evs[0]["name"] == name
    assert first(text) == "TOOL001"


def test_esptool_port_without_dev_folder_is_ser005() -> None:
    text = (" fatal error occurred: Could not open ttyUSB0, the port doesn't exist\n"
            "CMake Error at run_serial_tool.cmake:55 (message):")
    assert first(text) == "SER005"


def test_esptool_full_path_port_keeps_its_own_reading() -> None:
    # a full /dev path: esptool 4.2-4.6 says "doesn't exist" for any failed open, read as before (not a relative name)
    text = "A fatal error occurred: Could not open /dev/ttyUSB0, the port doesn't exist"
    assert first(text) == "SER004"
