"""dfu-usb, session 11: USB DFU and enumeration texts from held-out threads. The host's name for an Uno's 16U2 in its
Atmel DFU bootloader ("ATmega16u2 DFU") with no id printed; a missing COM port explained by that bootloader; dfu-util's
access error on another device (a webcam's DFU interface) before the board is found; ST's generic CDC id 0483:5740
outside any printer context; NXP's LPC43xx ROM DFU 1fc9:000c (HackRF); the HID bootloaders' "not found" (HID-Flash,
WeAct_HID_Flash). Texts are real pastes (sources in comments); a variant changes one line to show the signal decides."""

from __future__ import annotations

from textkit import first, kinds, serious

# forum.arduino.cc/t/no-tty-devices-for-uno-r3-on-macos/118828 (HardwareGrowler's notification for a new Uno R3)
MAC_16U2_DFU = """
USB Connection
ATmega16u2 DFU
"""

# forum.arduino.cc/t/probleme-mit-arduino-uno/691114 (Windows 10, German: Arduino Web Editor upload, Device Manager)
COM4_AND_2FEF = """
Das Gerät USB\\VID_03EB&PID_2FEF\\6&b5d7bd6&0&10 wurde aufgrund einer teilweise ...

Using Port : COM4

Using Programmer : arduino

Overriding Baud Rate : 115200

avrdude: ser_open(): can't open device "\\.\\COM4": Das System kann die angegebene Datei nicht finden.

avrdude done. Thank you.
"""

# github.com/quartiq/booster/issues/242 (dfu-util -l: an unrelated 19ff:0239 refused, then the STM32's ROM DFU listed)
LIST_OTHER_DEVICE_ACCESS = """
dfu-util 0.11

dfu-util: Cannot open DFU device 19ff:0239 found on devnum 3 (LIBUSB_ERROR_ACCESS)
Found DFU: [0483:df11] ver=2200, devnum=87, cfg=1, intf=0, path="3-6.1", alt=3, name="@Device Feature/0xFFFF0000/01*004 e", serial="2064328C5242"
Found DFU: [0483:df11] ver=2200, devnum=87, cfg=1, intf=0, path="3-6.1", alt=2, name="@OTP Memory /0x1FFF7800/01*512 e,01*016 e", serial="2064328C5242"
"""

# github.com/ttrftech/NanoVNA/issues/142 (after a good DFU update the NanoVNA's firmware enumerates as ST's CDC id)
NANOVNA_5740 = """
Bus 003 Device 035: ID 0483:5740 STMicroelectronics STM32F407
"""

# github.com/greatscottgadgets/hackrf/issues/285 (macOS; a dodgy cable: no HackRF in either mode)
HACKRF_NO_DFU = """
Davids-MacBook-Pro-2:~ David$ dfu-util --device 1fc9:000c --alt 0 --download hackrf_one_usb_ram.dfu
dfu-util 0.9

dfu-util: DFU suffix CRC does not match
dfu-util: A valid DFU suffix will be required in a future dfu-util release!!!
dfu-util: No DFU capable USB device available
"""

# github.com/WeActStudio/MiniSTM32H7xx/issues/22 (WeAct_HID_Flash on Windows 10; the K1 key was not held)
WEACT_HID = """
> Soft Version: 1.0.0.0
> Windows Version: 6.2.9200.0
> MCU Enter The Bootloader Method
> Hold down the KEY to Repower or Reboot
> Language: en-US
> Searching for HID Device [0483:572A] ...
> ********************
> Error - HID Device [0483:572A] is not found
> Finish
"""

# Klipper lib/hidflash/main.c v2.2.1's format (the same search by the STM32 HID bootloader's tool)
HIDFLASH = """
> Searching for [1209:BEBA] device...
##########
Error - [1209:BEBA] device is not found :(
"""


def test_host_name_of_16u2_dfu_bootloader_is_usb005() -> None:
    assert "usb_device_named" in kinds(MAC_16U2_DFU, "windows")
    assert first(MAC_16U2_DFU) == "USB005"


def test_16u2_dfu_name_in_prose_about_dfu_mode_is_not_a_device() -> None:
    assert "usb_device_named" not in kinds("How do I put the ATmega16u2 DFU mode on?", "windows")


def test_missing_com_port_is_secondary_to_the_16u2_in_its_bootloader() -> None:
    assert first(COM4_AND_2FEF) == "USB005"
    # without the hardware id the missing port stays the answer
    assert first(COM4_AND_2FEF.replace("Das Gerät USB\\VID_03EB&PID_2FEF\\6&b5d7bd6&0&10 wurde aufgrund einer teilweise ...", "")) == "SER005"


def test_access_error_on_another_dfu_device_before_the_board_is_listed_is_not_usb004() -> None:
    assert "USB004" not in serious(LIST_OTHER_DEVICE_ACCESS)
    # the board's own id refused stays a permission problem
    own = LIST_OTHER_DEVICE_ACCESS.replace("19ff:0239", "0483:df11")
    assert first(own) == "USB004"


def test_st_cdc_id_alone_is_not_a_printer_board_running_other_firmware() -> None:
    assert serious(NANOVNA_5740) == []


def test_lpc43xx_rom_dfu_not_found_is_a_boot_button_not_an_app_bootloader() -> None:
    assert first(HACKRF_NO_DFU) == "BOOT003"


def test_hid_bootloader_not_found() -> None:
    assert "hid_device_not_found" in kinds(WEACT_HID, "flash")
    assert first(WEACT_HID) == "BOOT003"
    assert "hid_device_not_found" in kinds(HIDFLASH, "flash")
    assert first(HIDFLASH) == "BOOT003"


# github.com/guyzmo/avr_nrf_ancs_library/issues/3 (macOS, dfu-programmer 0.6.2: a 328 application into the Uno's 16U2)
DFU_PROGRAMMER_OVER_100 = """
$ sudo dfu-programmer atmega16u2 flash applet/avr_nrf_ancs_library.hex --suppress-bootloader-mem
Validating...
15482 bytes used (125.99%)
"""


def test_dfu_programmer_06_usage_above_100_percent_does_not_fit() -> None:
    assert "image_too_large" in kinds(DFU_PROGRAMMER_OVER_100, "dfu")
    assert first(DFU_PROGRAMMER_OVER_100) == "FW004"
    # at or under 100 % the same line is the validated flash of 0.6 (healthy)
    assert serious(DFU_PROGRAMMER_OVER_100.replace("15482 bytes used (125.99%)", "12288 bytes used (100.00%)")) == []
