"""Source audit, session 18, of OpenOCD (0.10.0-master), stlink-tools (1.6.1-1.8.0), picotool (1.1-2.3) and Klipper's
flashing and connection scripts (flash_usb.py, lib/rp2040_flash, flash-sdcard.sh, canbus_query.py, serialhdl.py/mcu.py):
the families whose messages were claimed by another tool's row or led to the wrong cause. Lines are the sources' formats
filled in, with the lines each tool prints around them."""

from __future__ import annotations

from tests.textkit import first, serious

ST18 = "st-flash 1.8.0\n"
BY = "/dev/serial/by-id/usb-Klipper_stm32f446xx_1D0032000851303531313638-if00"


# stlink 1.3-1.8 usb.c stlink_open_usb: libusb_open's code before strerror(errno); -6 BUSY, -12 NOT_SUPPORTED (Windows)
def test_stlink_open_busy_and_no_driver_codes() -> None:
    assert first(ST18 + "2021-03-02T10:00:00 WARN usb.c: Error -6 (Resource busy) opening ST-Link v2 device 001:005\n"
                 "Failed to connect to target\n") == "SWD001"
    assert first(ST18 + "2021-03-02T10:00:00 WARN usb.c: Error -12 (No such file or directory) opening ST-Link v2 device 001:005\n"
                 "Failed to connect to target\n") == "USB004"


# stlink 1.3-1.8 stlink_parse_ihex: a damaged .hex (not Klipper's SD-card checksum)
def test_stlink_intel_hex_damaged_is_the_image() -> None:
    assert first(ST18 + "2024-05-01T10:00:00 ERROR common.c: Wrong file format - checksum mismatch\n") == "FW005"
    assert first(ST18 + "2024-05-01T10:00:00 ERROR common.c: Wrong file format - wrong line length\n") == "FW005"


# st-flash 1.6-1.8 flash.c: stlink_reset() failed; the line is st-flash's, not stm32loader's BOOT0 advice
def test_st_flash_reset_failure_stays_with_st_flash() -> None:
    assert first("$ st-flash reset\n" + ST18 + "Failed to reset device\n") in ("SWD002", "SWD004")


# picotool 1.1-2.x: its own upper-case ERROR lines, not nrfjprog's or OpenOCD's
def test_picotool_errors_are_picotool_s() -> None:
    assert first("$ picotool load -x build/blink.uf2\nERROR: Unable to connect to device\n") == "GEN001"
    assert first("$ picotool load -x blink.uf2\nERROR: RP2040 BOOT ROM not found\n") == "GEN001"
    assert first("ERROR: Unable to connect to target.\n") == "SWD002"  # nrfjprog keeps its row


# flash_usb.py translate_serial_to_usb_path(): a tty that is not on USB is a UART-connected MCU, not a missing path
def test_make_flash_tty_not_on_usb() -> None:
    text = ("make flash FLASH_DEVICE=/dev/ttyAMA0\n  Flashing out/klipper.bin to /dev/ttyAMA0\n"
            "Failed to flash to /dev/ttyAMA0: Unable to find tty usb device\n"
            "make: *** [src/stm32/Makefile:107: flash] Error 255\n")
    assert first(text) == "BOOT005"
    assert first(text.replace("tty usb device", "tty device")) == "SER005"


# lib/rp2040_flash main.c: the UF2 make flash hands it is missing
def test_rp2040_flash_image_missing() -> None:
    assert first("make flash FLASH_DEVICE=2e8a:0003\nsudo lib/rp2040_flash/rp2040_flash out/klipper.uf2\n\n"
                 "Could not open image file out/klipper.uf2\nCould not load flash image, exiting\n\n"
                 "Failed to flash to 2e8a:0003: Error running rp2040_flash\n") == "FW005"


# flash_usb.py v0.11-v0.13 runs lib/canboot/flash_can.py with sys.executable's path and -d the USB serial device: a
# failure at SEND_BLOCK there is no USB-CAN adapter's
def test_flash_usb_katapult_over_usb_is_not_a_can_adapter() -> None:
    bp = "/dev/serial/by-path/platform-fd500000.pcie-pci-0000:01:00.0-usb-0:1.3:1.0"
    text = (f"make flash FLASH_DEVICE={BY}\n  Flashing out/klipper.bin to {BY}\nEntering bootloader on {BY}\n"
            "Device reconnect on /sys/devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.3/1-1.3:1.0\n"
            f"/home/pi/klippy-env/bin/python lib/canboot/flash_can.py -d {bp} -f out/klipper.bin\n\n"
            "Attempting to connect to bootloader\nCanBoot Connected\nProtocol Version: 1.0.0\nBlock Size: 64 bytes\n"
            "Application Start: 0x8008000\nMCU type: stm32f446xx\nFlashing 'out/klipper.bin'...\n\n[##########\n"
            "ERROR:root:Can Flash Error\nTraceback (most recent call last):\n"
            "FlashCanError: Error sending command [SEND_BLOCK] to Can Device\nError running flash_can.py\n")
    assert "CAN007" not in serious(text)


# klippy/serialhdl.py connect_pipe(): the host MCU's pty is missing: its service, said as GEN001 with that question
def test_host_mcu_pty_missing_names_the_service() -> None:
    from tests.textkit import findings
    found = findings("mcu 'rpi': Starting connect\n"
                     + "mcu 'rpi': Unable to open port: [Errno 2] No such file or directory: '/tmp/klipper_host_mcu'\n" * 2)
    assert found[0].id == "GEN001" and "klipper-mcu" in found[0].ask
