"""fc-esp-nrf, session 11: esptool's "Unable to verify flash chip connection (<link error>)" after the baud change
(SER007), west 0.x's "fatal error: 2 No such file or directory: 'nrfjprog'" (TOOL001), click's "Path '/dev/ttyACM0'
is not readable" from idf.py -p (SER004) and particle-cli 1.x's own lines after dfu-util's harmless get_status error
(DFU001, no GEN001). Texts are real pastes (sources in comments) unless marked as the source's format filled in."""

from __future__ import annotations

from textkit import first, kinds, serious

# github.com/a4vgx7b2M/gaggiuino-esp32-loader/issues/1 (worked without -b 921600)
GAGGIUINO = """
esptool.py v4.8.1
Serial port /dev/cu.usbserial-11440
Connecting....
Detecting chip type... ESP32-S3
Chip is ESP32-S3 (QFN56) (revision v0.2)
Uploading stub...
Running stub...
Stub running...
Changing baud rate to 921600
Changed.

A fatal error occurred: Unable to verify flash chip connection (No serial data received.).
"""

# github.com/earlephilhower/arduino-littlefs-upload/issues/38 (worked with --baud 115200)
LITTLEFS = """
esptool.py v4.6
Serial port /dev/cu.usbserial-110
Connecting....
Chip is ESP32-D0WD-V3 (revision v3.1)
Stub running...
Changing baud rate to 921600
Changed.

A fatal error occurred: Unable to verify flash chip connection (Invalid head of packet (0xE0): Possible serial noise or corruption.).
"""


def test_verify_flash_wrapping_a_link_error_is_the_link():
    assert "esp_link_failed" in kinds(GAGGIUINO, "flash")
    assert "esp_flash_unverified" not in kinds(GAGGIUINO, "flash")
    assert first(GAGGIUINO) == "SER007"
    assert first(LITTLEFS) == "SER007"


def test_flash_chip_warning_stays_unverified():
    # the flash answering 0/0xFFFFFF is the flash, not the link (csdn 152218909, xiaobeizi: GEN001)
    text = ("Changing baud rate to 921600\nChanged.\nWARNING: Failed to communicate with the flash chip, read/write operations "
            "will fail. Try checking the chip connections or removing any other hardware connected to IOs.\n"
            "A fatal error occurred: Packet content transfer stopped (received 8 bytes)\n")
    assert "esp_flash_unverified" in kinds(text, "flash")
    assert first(text) != "SER007"


# github.com/zephyrproject-rtos/zephyr/issues/8274
WEST_OLD = """
Using runner: nrfjprog
fatal error: 2 No such file or directory: 'nrfjprog'
run as "west -v ... flash ..." for a stack trace
"""


def test_west_0x_missing_program():
    assert first(WEST_OLD) == "TOOL001"


# github.com/project-chip/connectedhomeip/pull/72208
IDF_PORT = """
$ idf.py -p /dev/ttyACM0 flash
Error: Invalid value for '-p' / '--port': Path '/dev/ttyACM0' is not readable.
"""


def test_click_path_not_readable_is_permission():
    assert first(IDF_PORT) == "SER004"


# github.com/particle-iot/particle-cli/issues/68 (the Photon had been written)
PARTICLE_KEYS = """
Downloading to address = 0x00000022, size = 610
Download        [=========================] 100%          610 bytes
Download done.
File downloaded successfully
Error during download get_status
Error saving key to device...
Make sure your device is in DFU mode (blinking yellow), and that your computer is online.
Error -
"""
PARTICLE_FLASH = """
Downloading to address = 0x080a0000, size = 79996
Download        [=========================] 100%        79996 bytes
Download done.
File downloaded successfully
Error during download get_status
Error writing firmware...
"""


def test_particle_cli_wrapper_lines_after_get_status():
    for text in (PARTICLE_KEYS, PARTICLE_FLASH):
        assert first(text) == "DFU001"
        assert "GEN001" not in serious(text)


def test_particle_cli_wrapper_line_after_a_real_failure():
    # the source's format filled in: dfu-util's own failure still decides
    assert first("dfu-util: No DFU capable USB device available\nError writing firmware...\n") == "BOOT003"
