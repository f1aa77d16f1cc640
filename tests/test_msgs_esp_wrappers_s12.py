"""Session 12, esp-wrappers: rows and rules for the ESP flashing front ends' own wordings (the browser flashers
esp-web-flasher and esptool-js, espflash's Debug form behind a front end's unwrap, ESPHome-Flasher, ESPHome's CLI log,
esptool's argparse errors), a bracketed clock touching the text of a serial log, LittleFS's first mount, and esptool's
connect at a --baud too low for its sync time-out."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious


@pytest.mark.parametrize("text", [
    # NabuCasa esp-web-flasher src/esp_loader.ts sync(), as the page logs it
    "Connecting...\nConnected successfully.\nTry hard reset.\n[Ca.readLoop:1] Finished read loop\nError: Couldn't sync to ESP. Try resetting.",
    "ESP Web Flasher loaded.\nConnecting...\nConnected successfully.\nTry hard reset.\nError: Couldn't sync to ESP. Try resetting.",
    # esptool-js src/esploader.ts connect()
    "esptool.js\nSerial port WebSerial VendorID 0x1a86 ProductID 0x7523\nConnecting...\nError: Failed to connect with the device",
    # espflash's Error::Connection(ConnectionFailed) unwrapped by a front end (esp-workbench)
    "Connecting to port...\nUnable to connect, retrying with extra delay...\nUnable to connect, retrying with default delay...\n"
    "thread 'tokio-runtime-worker' panicked at src/flasher.rs:117:81:\n"
    "called `Result::unwrap()` on an `Err` value: Connection(ConnectionFailed)",
])
def test_front_ends_no_sync_reply_is_boot001(text: str) -> None:
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_connect_failed"]
    assert evs and evs[0]["reason"] == "no_data"
    assert first(text) == "BOOT001"


ESPHOME_FLASHER_HEAD = """Using 'COM4' as serial port.
Connecting.......
Detecting chip type... ESP32
Connecting......

Chip Info:
 - Chip Family: ESP32
 - Chip Model: ESP32-PICO-D4 (revision 1)
 - MAC Address: 94:B9:7E:8D:92:28
Uploading stub...
Running stub...
Stub running...
Changing baud rate to 460800
Changed.
"""


@pytest.mark.parametrize("last", [
    "Unexpected error: Reading chip details failed: Timed out waiting for packet header",
    "Unexpected error: Error changing ESP upload baud rate: Timed out waiting for packet header",
])
def test_esphome_flasher_link_broken_at_460800_is_ser007(last: str) -> None:
    text = ESPHOME_FLASHER_HEAD + last
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_link_failed"]
    assert evs and evs[0]["baud"] == 460800
    assert first(text) == "SER007"


@pytest.mark.parametrize("line, fid", [
    ("Unexpected error: ESP is not in flash boot mode. If your board has a flashing pin, try again while keeping it pressed.", "BOOT001"),
    ("Unexpected error: ESP Chip Auto-Detection failed: Failed to connect to Espressif device: No serial data received.", "BOOT001"),
    ("Unexpected error: ESP Chip Auto-Detection failed: Failed to connect to Espressif device: Timed out waiting for packet header", "BOOT001"),
    ("Unexpected error: The firmware binary is invalid (magic byte=65, should be E9)", "FW005"),
    ("Unexpected error: Error opening binary 'firmware.bin': [Errno 2] No such file or directory: 'firmware.bin'", "FW005"),
    ("Unexpected error: No serial port found!", "USB001"),
])
def test_esphome_flasher_errors(line: str, fid: str) -> None:
    assert first("Using 'COM6' as serial port.\n" + line) == fid


def test_esphome_flasher_healthy_flash_and_first_littlefs_mount() -> None:
    text = """Using 'COM4' as serial port.
Writing at 0x000b8000... (100 %)Wrote 1176096 bytes (701082 compressed) at 0x00010000 in 16.7 seconds (effective 563.2 kbit/s)...
Hash of data verified.

Leaving...
Hard Resetting...
Done! Flashing is complete!

Showing logs:
[13:29:14]
[13:29:14]lib/libesp32/LITTLEFS/src/lfs.c:1003:error: Corrupted dir pair at {0x0, 0x1}
[13:29:14]E (23) esp_littlefs: mount failed,  (-84)
[13:29:15]E (23) esp_littlefs: Failed to initialize LittleFS
[13:29:15]00:00:00.111 UFS: FlashFS mounted with 56 kB free"""
    assert "flash_done" in kinds(text, "flash")
    assert serious(text) == []


def test_bracketed_clock_touching_a_rom_boot_log() -> None:
    # ESPHome's / ESPHome-Flasher's serial log: strftime("[%H:%M:%S]") + line, no space
    text = """[12:32:58]rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
[12:32:58]flash read err, 1000
[12:32:58]ets_main.c 371 
[12:32:58]ets Jun  8 2016 00:22:57"""
    assert "esp_boot_header_invalid" in kinds(text, "flash")
    assert first(text) == "FW001"


def test_esphome_cli_ota_with_first_api_retry_is_healthy() -> None:
    text = """INFO Uploading /config/multisensor01/.pioenvs/multisensor01/firmware.bin (334848 bytes)
Uploading: [============================================================] 100% Done...

INFO Waiting for result...
INFO OTA successful
INFO Successfully uploaded program.
INFO Starting log output from 192.168.1.101 using esphome API
INFO Connecting to 192.168.1.101:6053 (192.168.1.101)
WARNING Initial connection failed. The ESP might not be connected to WiFi yet (Error connecting to 192.168.1.101: timed out). Re-Trying in 1 seconds
INFO Successfully connected to 192.168.1.101"""
    assert "flash_done" in kinds(text, "flash")
    assert serious(text) == []


def test_esphome_cli_running_command_failed_carries_esptools_error() -> None:
    text = """INFO Successfully compiled program.
esptool.py v4.5.1
Serial port /dev/ttyUSB2
Connecting......................................
ERROR Running command failed: Failed to connect to ESP32: No serial data received.
For troubleshooting steps visit: https://docs.espressif.com/projects/esptool/en/latest/troubleshooting.html
ERROR Please try running esptool.py --before default_reset --after hard_reset --baud 460800 --port /dev/ttyUSB2 --chip esp32 write_flash -z --flash_size detect 0x10000 firmware.bin locally."""
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_connect_failed"]
    assert evs and evs[0]["reason"] == "no_data" and evs[0]["chip"] == "ESP32"
    assert first(text) == "BOOT001"


@pytest.mark.parametrize("text", [
    "esptool.py v2.6\nFound 0 serial ports",
    "esptool.py v4.7.0\nFound 0 serial ports\n\nA fatal error occurred: Could not connect to an Espressif device on any of the 0 available serial ports.",
])
def test_esptool_no_serial_port_at_all_is_usb001(text: str) -> None:
    assert "no_upload_port" in kinds(text, "flash")
    assert first(text) == "USB001"


def test_esptool_argparse_image_not_found_is_fw005() -> None:
    text = ("ESPTOOL Using command:--port COM9 write_flash 0x1000 1.2.55.9db7c62/system-info.bin\n"
            "esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: '1.2.55.9db7c62/system-info.bin'")
    evs = [e for e in events(text, "flash") if e["kind"] == "image_missing"]
    assert evs and evs[0]["name"] == "1.2.55.9db7c62/system-info.bin"
    assert first(text) == "FW005"


@pytest.mark.parametrize("name", ["erase-flash", "write-flash", "read-mac", "chip-id"])
def test_esptool_5_command_name_on_an_older_esptool(name: str) -> None:
    text = f"esptool: error: argument operation: invalid choice: '{name}' (choose from load_ram, dump_mem, write_flash, erase_flash, version)"
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_tool_too_old"]
    assert evs and evs[0]["value"] == name
    found = first(text)
    assert found == "FW005"  # (deepen-generic s19) was GEN001: the held-out gatherers of both threads named FW005


def test_esptool_invalid_choice_of_a_port_is_not_too_old() -> None:
    text = "esptool: error: argument operation: invalid choice: '/dev/ttyUSB0' (choose from 'load_ram', 'dump_mem', 'read_mem', 'write_flash')"
    assert "esp_tool_too_old" not in kinds(text, "flash")


def test_esptool_connect_at_1200_baud_is_ser007() -> None:
    text = """esptool.py v4.9.0
Found 1 serial ports
Serial port COM3
Connecting......................................
COM3 failed to connect: Failed to connect to Espressif device: No serial data received.
For troubleshooting steps visit: https://docs.espressif.com/projects/esptool/en/latest/troubleshooting.html

A fatal error occurred: Could not connect to an Espressif device on any of the 1 available serial ports.
ERROR | 16:39:32 19 Error running command: esptool --baud 1200 erase_flash"""
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_connect_failed"]
    assert evs and evs[0]["baud"] == 1200
    assert first(text) == "SER007"


def test_esptool_connect_at_115200_no_data_stays_boot001() -> None:
    text = """esptool.py --chip esp32 --port COM5 --baud 115200 write_flash 0x1000 a.bin
esptool.py v4.5.1
Serial port COM5
Connecting......................................

A fatal error occurred: Failed to connect to ESP32: No serial data received."""
    assert first(text) == "BOOT001"
