"""Session 11, micropython-circuitpy: rows and rules for held-out misses (the ESP ROM's boot-header error after an image
written at the wrong offset, esptool 3.0-3.2's "ERROR: ... placed into download mode using GPIO0" note, mpflash's wrapped
esptool FatalError, and the micro-ROS agent's "open device error ... errno: 13")."""

from __future__ import annotations

import pytest

from textkit import events, facts, first, kinds, serious

BOOT_LOOP = """rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
flash read err, 1000
ets_main.c 371
ets Jun 8 2016 00:22:57"""


@pytest.mark.parametrize("text", [
    BOOT_LOOP,
    "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nflash read err, 1000\nFalling back to built-in command interpreter.",
    "ESP-ROM:esp32s3-20210327\nrst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)\ninvalid header: 0xffffffff\ninvalid header: 0xffffffff",
    "12:53:42.808 -> flash read err, 1000\n12:53:42.808 -> ets_main.c 371",
])
def test_rom_boot_header_error_is_fw001(text: str) -> None:
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_boot_header_invalid"]
    assert len(evs) == 1 and not evs[0].get("recovered")
    assert first(text) == "FW001"


def test_one_boot_header_error_then_a_normal_boot_is_no_fault() -> None:
    # esp-idf#3735: a single "flash read err" at power-on, the watchdog reset then boots the application
    text = """ets Jun  8 2016 00:22:57

rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
flash read err, 1000
ets_main.c 371 
ets Jun  8 2016 00:22:57

rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
configsip: 0, SPIWP:0xee
mode:DIO, clock div:2
load:0x3fff0018,len:4
entry 0x400806e8"""
    evs = [e for e in events(text, "flash") if e["kind"] == "esp_boot_header_invalid"]
    assert evs and evs[0].get("recovered")
    assert "FW001" not in serious(text)


@pytest.mark.parametrize("text", [
    "Leaving...\nHard resetting via RTS pin...\nERROR: ESP32-S2 chip was placed into download mode using GPIO0.\n"
    "esptool.py can not exit the download mode over USB. To run the app, reset the chip manually.\n"
    "To suppress this error, set --after option to 'no_reset'.",
    "Hash of data verified.\n\nLeaving...\nWARNING: ESP32-S2FNR2 chip was placed into download mode using GPIO0.\n"
    "esptool.py can not exit the download mode over USB. To run the app, reset the chip manually.\n"
    "To suppress this note, set --after option to 'no_reset'.",
])
def test_usb_download_mode_note_is_healthy(text: str) -> None:
    assert serious(text) == []


MPFLASH = """11:33:34 | ℹ️ Running esptool --chip esp32s2 --port COM38 -b 460800 write_flash --flash_mode keep --flash_size detect
--compress 0x1000 C:\\Users\\josverl\\Downloads\\firmware\\esp32\\ESP32_GENERIC_S2-v1.25.0-preview.408.bin
esptool.py v4.8.1
Serial port COM38
Connecting......................................
11:33:38 | ❌ Failed to flash ESP32_GENERIC_S2 on COM38 : Failed to connect to ESP32-S2: Invalid head of packet (0x08):
Possible serial noise or corruption.
11:33:38 | ❌ Failed to flash ESP32_GENERIC_S2 on COM38
11:33:38 | ❌ No boards were flashed"""


def test_mpflash_wrapped_connect_failure_is_read() -> None:
    evs = [e for e in events(MPFLASH, "flash", "esptool") if e["kind"] == "esp_connect_failed"]
    assert evs and evs[0]["reason"] == "invalid_head" and evs[0]["value"] == "0x08" and evs[0]["port"] == "COM38"
    assert first(MPFLASH) == "BOOT001"


@pytest.mark.parametrize(("text", "kind"), [
    ("[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | "
     "device: /dev/ttyACM0, errno: 13. Please re-run with superuser privileges.", "serial_permission_denied"),
    ("[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | "
     "device: /dev/ttyACM0, errno: 16", "serial_port_busy"),
    ("[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | "
     "device: /dev/ttyACM1, errno: 2", "serial_no_such_port"),
])
def test_micro_ros_agent_open_device_error(text: str, kind: str) -> None:
    assert kind in kinds(text, "serial")


def test_micro_ros_agent_permission_is_ser004() -> None:
    text = ("sejego@pop-os:~/microros_ws$ ros2 run micro_ros_agent micro_ros_agent serial --dev /dev/ttyACM0 baudrate=115200\n"
            "[1646397373.328044] error    | TermiosAgentLinux.cpp | init                     | open device error      | "
            "device: /dev/ttyACM0, errno: 13. Please re-run with superuser privileges.\nError while starting serial agent!")
    assert first(text) == "SER004"


def test_dmesg_stamps_still_kernel() -> None:
    # the kernel-log claim now stops at 9 digits of seconds: real dmesg stamps are still the kernel's
    snap = facts("[212681.152449] usb 1-1: device descriptor read/64, error -110")
    assert [e["kind"] for e in snap["kernel"]["events"]] == ["usb_descriptor_error"]


def test_boot_header_error_after_esptool_flash_chip_warning_is_not_the_offset() -> None:
    # xiaobeizi's DevKitC: esptool warned the flash chip does not answer; the ROM's invalid header follows from that
    text = """Chip is ESP32-D0WD-V3 (revision v3.0)
WARNING: Failed to communicate with the flash chip, read/write operations will fail. Try checking the chip connections or removing any other hardware connected to IOs.
A fatal error occurred: Packet content transfer stopped (received 8 bytes)

invalid header: 0xffffffff
invalid header: 0xffffffff"""
    assert first(text) != "FW001"
