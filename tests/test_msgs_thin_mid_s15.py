"""Session 15, thin ids BOOT004 FW001 SD001 AVR003 SER006 DFU001 AVR004: the forms a person with the fault pastes.

Families fixed: a dfu-util `:leave` download followed, lower in the same paste, by an lsusb that still lists the ROM DFU
device and no Klipper device, and prose that the board is back in DFU after a power cycle (BOOT004); a Klipper build for
"No bootloader" (menuconfig screen or .config) flashed through the SD-card bootloader that renamed firmware.bin to .CUR
(FW001); the Raspberry Pi's serial console in a pasted cmdline.txt beside klippy's "Unable to connect", and printer.cfg on
/dev/ttyAMA0 while `ls -l /dev/serial*` shows serial0 -> ttyS0 (SER006); PlatformIO's "*** [upload] Error 74" and
"[FAILED]" lines and the Arduino IDE's "exit status 74" after the get_status error (DFU001); avrdude 7.0-7.3's
"ignoring mismatch in unused bits" note in a run that verified (AVR004, a note)."""

from __future__ import annotations

from tests.textkit import events, findings, first, serious

# ---- BOOT004 ---------------------------------------------------------------------------------------------------------

# Klipper scripts/flash_usb.py make flash over dfu-util 0.11 (dfuse.c messages; "Transitioning to dfuMANIFEST state", the
# get_status error after the leave request), then the person's lsusb below it: the ROM device again, no usb-Klipper
MAKE_FLASH_THEN_LSUSB = """
pi@voron:~/klipper $ make flash FLASH_DEVICE=0483:df11
  Flashing out/klipper.bin to 0483:df11
  DFU mode device DFU version 011a
Device returned transfer size 1024
DfuSe interface name: "Internal Flash  "
Downloading element to address = 0x08008000, size = 26212
Erase   	[=========================] 100%        26212 bytes
Erase    done.
Download	[=========================] 100%        26212 bytes
Download done.
File downloaded successfully
Submitting leave request...
Transitioning to dfuMANIFEST state
dfu-util: Error during download get_status

Failed to flash to 0483:df11: Error running dfu-util

pi@voron:~/klipper $ lsusb
Bus 001 Device 007: ID 0483:df11 STMicroelectronics STM Device in DFU Mode
Bus 001 Device 003: ID 0424:ec00 Microchip Technology, Inc. (formerly SMSC) SMSC9512/9514 Fast Ethernet Adapter
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
pi@voron:~/klipper $ ls /dev/serial/by-id/
ls: cannot access '/dev/serial/by-id/': No such file or directory
"""

# the lsusb ABOVE the flash is the usual proof the board was in DFU before it: no BOOT004 warning
LSUSB_THEN_MAKE_FLASH = """
pi@voron:~ $ lsusb
Bus 001 Device 007: ID 0483:df11 STMicroelectronics STM Device in DFU Mode
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
pi@voron:~ $ cd klipper && make flash FLASH_DEVICE=0483:df11
  Flashing out/klipper.bin to 0483:df11
Downloading element to address = 0x08008000, size = 26212
Download	[=========================] 100%        26212 bytes
Download done.
File downloaded successfully
Submitting leave request...
Transitioning to dfuMANIFEST state
dfu-util: Error during download get_status

Failed to flash to 0483:df11: Error running dfu-util
"""


def test_boot004_rom_dfu_listed_below_a_complete_leave_download() -> None:
    assert first(MAKE_FLASH_THEN_LSUSB) == "BOOT004"
    assert "GEN001" not in serious(MAKE_FLASH_THEN_LSUSB)


def test_boot004_lsusb_above_the_flash_is_not_after_it() -> None:
    assert first(LSUSB_THEN_MAKE_FLASH) == "DFU001"
    assert "BOOT004" not in serious(LSUSB_THEN_MAKE_FLASH)


def test_boot004_prose_back_in_dfu_after_power_cycle() -> None:
    for text in (
        "The board is still in DFU mode after a power cycle.",
        "After unplugging and replugging, lsusb still shows 0483:df11 STM Device in DFU Mode.",
        "It goes back into DFU mode every time I power it on.",
        "after a reboot it comes back as 0483:df11 again",
        "I flashed it fine, but it always starts in DFU when I turn the printer on",
    ):
        assert first(text) == "BOOT004", text
    for text in (
        "After reset it is still not in DFU mode.",
        "To flash, hold BOOT0 and press reset to put it back into DFU mode.",
        "when I press reset with the button held it goes into DFU",
        "It never shows up in DFU mode after reset",
    ):
        assert "said_dfu_after_power_cycle" not in [e["kind"] for e in events(text, "claims")], text


# ---- FW001 -----------------------------------------------------------------------------------------------------------

# Klipper's make menuconfig screen (src/stm32/Kconfig: "Bootloader offset" choice "No bootloader"), then the person's prose
MENUCONFIG_NO_BOOTLOADER_SD = """
    Micro-controller Architecture (STMicroelectronics STM32)  --->
    Processor model (STM32F103)  --->
    Bootloader offset (No bootloader)  --->
    Clock Reference (8 MHz crystal)  --->
    Communication interface (Serial (on USART1 PA10/PA9))  --->
(250000) Baud rate for serial port

I copied klipper.bin to the SD card as firmware.bin; after a reboot the file was renamed to FIRMWARE.CUR.
Now the screen stays blank and klippy says:
mcu 'mcu': Timeout on connect
"""

# the same with a bootloader offset: the SD flash fits it, nothing for FW001
MENUCONFIG_28K_SD = MENUCONFIG_NO_BOOTLOADER_SD.replace("Bootloader offset (No bootloader)", "Bootloader offset (28KiB bootloader)")


def test_fw001_no_bootloader_build_through_the_sd_bootloader() -> None:
    assert first(MENUCONFIG_NO_BOOTLOADER_SD) == "FW001"
    assert "FW001" not in serious(MENUCONFIG_28K_SD)


def test_sd_taken_and_not_taken_prose() -> None:
    assert [e["kind"] for e in events("firmware.bin was renamed to firmware.cur", "claims")] == ["said_sd_taken"]
    assert [e["kind"] for e in events("Firmware.bin doesn't change to FIRMWARE.CUR.", "claims")] == ["said_sd_not_taken"]
    assert "said_sd_taken" not in [e["kind"] for e in events("It is not renamed to FIRMWARE.CUR", "claims")]


# ---- SER006 ----------------------------------------------------------------------------------------------------------

# Raspberry Pi OS's default cmdline.txt (console=serial0,115200) and klippy's serialhdl.py "Unable to connect" error
CMDLINE_CONSOLE_UNABLE = """
pi@raspberrypi:~ $ cat /boot/cmdline.txt
console=serial0,115200 console=tty1 root=PARTUUID=738a4d67-02 rootfstype=ext4 fsck.repair=yes rootwait

mcu 'mcu': Unable to connect
Once the underlying issue is corrected, use the
"FIRMWARE_RESTART" command to reset the firmware, reload the
config, and restart the host software.
Error configuring printer
"""

# ls -l /dev/serial* on a Pi 3/4 with Bluetooth on the PL011 (serial0 -> ttyS0), then klippy.log (klippy.py's config dump,
# serialhdl.py's "Timeout on connect") with [mcu] on ttyAMA0
BT_UART_TTYAMA0 = """
pi@raspberrypi:~ $ ls -l /dev/serial*
lrwxrwxrwx 1 root root 5 Mar  2 20:01 /dev/serial0 -> ttyS0
lrwxrwxrwx 1 root root 7 Mar  2 20:01 /dev/serial1 -> ttyAMA0
Starting Klippy...
Args: ['/home/pi/klipper/klippy/klippy.py', '/home/pi/printer_data/config/printer.cfg', '-l', '/home/pi/printer_data/logs/klippy.log']
Git version: 'v0.12.0-85-gd785b396'
===== Config file =====
[mcu]
serial = /dev/ttyAMA0
baud = 250000
restart_method = command

=======================
mcu 'mcu': Starting serial connect
mcu 'mcu': Timeout on connect
mcu 'mcu': Timeout on connect
"""


def test_ser006_console_in_cmdline_beside_unable_to_connect() -> None:
    assert first(CMDLINE_CONSOLE_UNABLE) == "SER006"
    # a USB MCU in printer.cfg: the console is not what blocks it
    usb = CMDLINE_CONSOLE_UNABLE + "\n[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f446xx_390032000851303531313638-if00\n"
    assert "SER006" not in serious(usb)


def test_ser006_ttyama0_while_serial0_is_the_mini_uart() -> None:
    found = findings(BT_UART_TTYAMA0)
    assert found[0].id == "SER006"
    assert "USB001" not in [f.id for f in found]  # serial1 -> ttyAMA0 shows the node exists


# ---- DFU001 ----------------------------------------------------------------------------------------------------------

# sipeed/Longan_GD32VF_examples#5: the two lines quoted alone (PlatformIO's upload over dfu-util 0.9)
PIO_TWO_LINES = """
dfu-util: Error during download get_status
*** [upload] Error 74
"""

# PlatformIO's whole upload tail (platformio builder: "*** [upload] Error 74", then its "[FAILED] Took" result line)
PIO_FULL_TAIL = """
Downloading to address = 0x08000000, size = 20480
Download	[=========================] 100%        20480 bytes
Download done.
File downloaded successfully
Submitting leave request...
dfu-util: Error during download get_status
*** [upload] Error 74
========================= [FAILED] Took 3.21 seconds =========================
"""

# Arduino IDE 2 / arduino-cli's upload failure line for dfu-util's exit status 74
ARDUINO_74 = """
dfu-util: Error during download get_status
Failed uploading: uploading error: exit status 74
"""


def test_dfu001_wrapper_lines_after_the_get_status_error() -> None:
    for text in (PIO_TWO_LINES, PIO_FULL_TAIL, ARDUINO_74):
        assert first(text) == "DFU001", text
        assert serious(text) == [], text


# ---- AVR004 ----------------------------------------------------------------------------------------------------------

# avrdude 7.1-7.3 src/avr.c avr_verify(): the unused-bits note in a run that verified (values as avrdudes/avrdude#1371 shows)
AVRDUDE_73_NOTE = """
avrdude: processing -U efuse:w:0x05:m
avrdude: reading input file 0x05 for efuse
         with 1 byte in 1 section within [0, 0]
avrdude: writing 1 byte efuse ...
avrdude: 1 byte of efuse written
avrdude: verifying efuse memory against 0x05
avrdude warning: ignoring mismatch in unused bits of efuse
        (device 0xfd != input 0x05); to prevent this warning set
        unused bits to 1 when writing (double check with datasheet)
avrdude: 1 byte of efuse verified
"""

# avrdude 7.0 src/avr.c: the same note in 7.0's wording
AVRDUDE_70_NOTE = """
avrdude: verifying ...
avrdude: WARNING: ignoring mismatch in unused bits of "efuse"
         (0xfd != 0x05). To prevent this warning set unused bits
         to 1 when writing (double check with datasheet)
avrdude: 1 bytes of efuse verified
"""


def test_avr004_unused_bits_note_in_a_verified_run_is_a_note() -> None:
    for text in (AVRDUDE_73_NOTE, AVRDUDE_70_NOTE):
        assert first(text) == "AVR004", text
        assert serious(text) == [], text


# ---- SD001 -----------------------------------------------------------------------------------------------------------


def test_sd001_another_card_fixed_it_prose() -> None:
    # BTT-Kraken#25's sentence; the others are the same family in other words
    for text in (
        "But what finally fixed my issue was switching the SD-Card. Could you add troubleshooting guides to the docs?",
        "Using a different 8GB SD card fixed it, the firmware.bin was flashed right away.",
        "I tried another micro SD card and it worked.",
    ):
        assert first(text) == "SD001", text
    for text in (
        "I re-flashed the Raspberry Pi SD card with a new image and that fixed it",
        "Changing the SD card did not help.",
        "The SD card is inserted and formatted FAT32.",
    ):
        assert "said_sd_card_swap_fixed" not in [e["kind"] for e in events(text, "claims")], text


def test_ser006_console_rule_stays_quiet_beside_a_usb_serial_bridge() -> None:
    # lsusb (usbutils) listing an Ender 3's CH340: the MCU is on USB, the console in cmdline.txt is not what blocks it
    text = CMDLINE_CONSOLE_UNABLE + "\nBus 001 Device 004: ID 1a86:7523 QinHeng Electronics CH340 serial converter\n"
    assert "SER006" not in serious(text)


def test_boot004_dfu_util_list_below_the_flash() -> None:
    # dfu-util 0.11 `-l` (main.c probe listing) run after the make flash above: the ROM device is still there
    head = MAKE_FLASH_THEN_LSUSB.split("pi@voron:~/klipper $ lsusb")[0]
    text = head + (
        "pi@voron:~/klipper $ dfu-util -l\n"
        'Found DFU: [0483:df11] ver=2200, devnum=8, cfg=1, intf=0, path="1-1.3", alt=0, '
        'name="@Internal Flash  /0x08000000/04*016Kg,01*064Kg,03*128Kg", serial="386A34603330"\n'
    )
    assert first(text) == "BOOT004"
