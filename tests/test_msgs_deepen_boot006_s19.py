"""Rules added for the deepen-boot006 round (session 19): BOOT006 where the pasted bus listing shows that the tool's
device type and the device present differ (an ST-Link tool with only the board's own USB device, a USB ISP programmer
missing beside an Arduino board, dfu-util / dfu-programmer beside a bootloader of another kind, picotool beside an STM32
ROM DFU, a virtual machine's own bus), esptool on a Mac's Bluetooth port; BOOT004 where a `dfu-util -l` typed after the
flash or a kernel log shows the board back in its ROM DFU after it ran its firmware."""

from __future__ import annotations

from tests.textkit import first, serious

# stlink st-info.c (1.6-1.8) "Found %u stlink programmers"; lsusb (usbutils) of a Klipper board on its own USB port
STINFO_KLIPPER_BOARD = """pi@voron:~ $ st-info --probe
Found 0 stlink programmers
pi@voron:~ $ lsusb
Bus 001 Device 004: ID 1d50:614e OpenMoko, Inc. stm32f446xx
Bus 001 Device 002: ID 2109:3431 VIA Labs, Inc. Hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""

# avrdude 6.x usbasp.c usbasp_open() "could not find USB device with vid=0x%x pid=0x%x vendor='%s' product='%s'";
# lsusb of an Uno R3 (usb.ids 2341:0043)
USBASP_UNO_ON_BUS = """$ avrdude -c usbasp -p m328p -U flash:w:blink.hex
avrdude: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'

avrdude done.  Thank you.

$ lsusb
Bus 001 Device 005: ID 2341:0043 Arduino SA Uno R3 (CDC ACM)
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""

# dfu-util 0.11 main.c "No DFU capable USB device available"; lsusb of an RP2040 in BOOTSEL (usb.ids 2e8a:0003)
DFU_UTIL_RP2_BOOT = """$ dfu-util -a 0 -s 0x08000000:leave -D firmware.bin
dfu-util 0.11

dfu-util: No DFU capable USB device available
$ lsusb
Bus 001 Device 009: ID 2e8a:0003 Raspberry Pi RP2 Boot
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""

# QMK's dfu flash loop (tmk_core/avr.mk, "ERROR: Bootloader not found. Trying again every 0.5s"), dfu-programmer 0.7
# "no device present."; the Pro Micro sits in Caterina (2341:0036), as in qmk_firmware#12565 (BOOTLOADER = atmel-dfu set)
QMK_DFU_CATERINA = """dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again every 0.5s (Ctrl+C to cancel)..........
$ lsusb
Bus 001 Device 012: ID 2341:0036 Arduino SA Leonardo (bootloader)
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""

# picotool 1.1 main.cpp "No accessible RP2040 devices in BOOTSEL mode were found."; an STM32 in its ROM DFU on the bus
PICOTOOL_STM32_DFU = """$ picotool load -x firmware.uf2
No accessible RP2040 devices in BOOTSEL mode were found.
$ lsusb
Bus 001 Device 011: ID 0483:df11 STMicroelectronics STM Device in DFU Mode
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""

# avrdude ser_posix.c "can't open device \"%s\": %s" in a VirtualBox guest whose lsusb shows only its tablet (80ee:0021)
AVRDUDE_IN_VIRTUALBOX = """user@ubuntu-vm:~$ avrdude -c arduino -p m328p -P /dev/ttyACM0 -b 115200 -U flash:w:firmware.hex
avrdude: ser_open(): can't open device "/dev/ttyACM0": No such file or directory

avrdude done.  Thank you.

user@ubuntu-vm:~$ lsusb
Bus 002 Device 002: ID 80ee:0021 VirtualBox USB Tablet
Bus 002 Device 001: ID 1d6b:0001 Linux Foundation 1.1 root hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""

# esptool 4.x "Serial port %s" then the connect failure, the Arduino IDE 2 on macOS having picked the Bluetooth port
ESPTOOL_BLUETOOTH_PORT = """esptool.py v4.5.1
Serial port /dev/cu.Bluetooth-Incoming-Port
Connecting......................................

A fatal error occurred: Failed to connect to ESP32: No serial data received.
For troubleshooting steps visit: https://docs.espressif.com/projects/esptool/en/latest/troubleshooting.html
Failed uploading: uploading error: exit status 2"""

# Klipper make flash (src/stm32/Makefile, scripts/flash_usb.py) -> dfu-util 0.11 dfuse.c, then `dfu-util -l` typed after it
# still listing the ROM DFU (dfu-util list.c "Found DFU: [%04x:%04x] ver=...")
FLASH_THEN_DFU_LIST = """pi@mainsailos:~/klipper $ make flash FLASH_DEVICE=0483:df11
  Flashing out/klipper.bin to 0483:df11
sudo dfu-util -d ,0483:df11 -R -a 0 -s 0x8008000:leave -D out/klipper.bin

dfu-util 0.11

Opening DFU capable USB device...
Device ID 0483:df11
Device DFU version 011a
Claiming USB DFU Interface...
Setting Alternate Interface #0 ...
Determining device status...
DFU state(2) = dfuIDLE, status(0) = No error condition is present
DFU mode device DFU version 011a
Device returned transfer size 2048
DfuSe interface name: "Internal Flash  "
Downloading element to address = 0x08008000, size = 33996
Erase           [=========================] 100%        33996 bytes
Erase    done.
Download        [=========================] 100%        33996 bytes
Download done.
File downloaded successfully
Submitting leave request...
Transitioning to dfuMANIFEST state
pi@mainsailos:~/klipper $ sudo dfu-util -l
dfu-util 0.11

Found DFU: [0483:df11] ver=2200, devnum=7, cfg=1, intf=0, path="1-1.3", alt=1, name="@Option Bytes  /0x1FFFC000/01*016 e", serial="206E31745646"
Found DFU: [0483:df11] ver=2200, devnum=7, cfg=1, intf=0, path="1-1.3", alt=0, name="@Internal Flash  /0x08000000/04*016Kg,01*064Kg,03*128Kg", serial="206E31745646"
"""

# the kernel's hub.c "New USB device found, idVendor=..." / "Product:" / "USB disconnect": the board ran Klipper, then
# after the next power-up came back as the STM32 ROM bootloader
DMESG_APP_THEN_ROM = """[ 1203.213455] usb 1-1.3: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00
[ 1203.213478] usb 1-1.3: Product: STM32  BOOTLOADER
[ 1251.884410] usb 1-1.3: USB disconnect, device number 5
[ 1252.302187] usb 1-1.3: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00
[ 1252.302207] usb 1-1.3: Product: stm32f446xx
[ 1252.302212] usb 1-1.3: Manufacturer: Klipper
[ 1252.310551] cdc_acm 1-1.3:1.0: ttyACM0: USB ACM device
[ 1402.551208] usb 1-1.3: USB disconnect, device number 6
[ 1410.205512] usb 1-1.3: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00
[ 1410.205536] usb 1-1.3: Product: STM32  BOOTLOADER
[ 1410.205541] usb 1-1.3: Manufacturer: STMicroelectronics"""

# klippy/mcu.py "mcu 'mcu': Unable to connect" with the webhooks' restart help
KLIPPY_UNABLE = """mcu 'mcu': Unable to connect
Once the underlying issue is corrected, use the
"FIRMWARE_RESTART" command to reset the firmware, reload the
config, and restart the host software.
Error configuring printer
"""

# the healthy order: flashed in the ROM DFU, then Klipper enumerates and stays
DMESG_ROM_THEN_APP = "\n".join(DMESG_APP_THEN_ROM.splitlines()[:7])


def test_stlink_tool_with_only_the_boards_own_usb() -> None:
    assert first(STINFO_KLIPPER_BOARD) == "BOOT006"


def test_usb_isp_programmer_missing_beside_an_arduino() -> None:
    assert first(USBASP_UNO_ON_BUS) == "BOOT006"


def test_dfu_util_beside_rp2040_bootsel() -> None:
    assert first(DFU_UTIL_RP2_BOOT) == "BOOT006"


def test_dfu_programmer_beside_caterina() -> None:
    assert first(QMK_DFU_CATERINA) == "BOOT006"


def test_picotool_beside_stm32_rom_dfu() -> None:
    assert first(PICOTOOL_STM32_DFU) == "BOOT006"


def test_virtual_machine_bus_without_the_board() -> None:
    assert first(AVRDUDE_IN_VIRTUALBOX) == "BOOT006"


def test_esptool_on_the_macs_bluetooth_port() -> None:
    assert first(ESPTOOL_BLUETOOTH_PORT) == "BOOT006"


def test_dfu_list_after_the_flash_still_shows_rom_dfu() -> None:
    assert first(FLASH_THEN_DFU_LIST) == "BOOT004"


def test_kernel_log_back_in_rom_dfu_after_the_app() -> None:
    assert first(DMESG_APP_THEN_ROM) == "BOOT004"
    assert first(KLIPPY_UNABLE + DMESG_APP_THEN_ROM) == "BOOT004"


def test_kernel_log_rom_then_app_is_healthy() -> None:
    assert serious(DMESG_ROM_THEN_APP) == []


# arduino-cli 0.35 `board list` (Port / Protocol / Type / Board Name / FQBN / Core), then `upload -p` to the PC's own UART:
# avrdude 6.3 ("Using Port", stk500.c "programmer is not responding") and arduino-cli's "Failed uploading"
ARDUINO_CLI_WRONG_PORT = """$ arduino-cli board list
Port         Protocol Type              Board Name  FQBN            Core
COM4         serial   Serial Port (USB) Arduino Uno arduino:avr:uno arduino:avr
COM1         serial   Serial Port       Unknown

$ arduino-cli upload -p COM1 --fqbn arduino:avr:uno Blink -v
avrdude: Version 6.3-20190619
         Using Port                    : COM1
         Using Programmer              : arduino
         Overriding Baud Rate          : 115200
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00
Failed uploading: uploading error: exit status 1"""


def test_avrdude_port_that_the_listing_shows_is_no_board() -> None:
    assert first(ARDUINO_CLI_WRONG_PORT) == "BOOT006"


def test_prose_power_event_then_back_in_rom_dfu() -> None:
    # the wordings of the BOOT0-left-set threads (JUMA-IO/STM32_Platform#10: "a STM32 Bootloader device in PC's device
    # manager"; Klipper discourse: the printer switched off and on) with the power event first
    assert first("After every power cycle it comes back as STM32 BOOTLOADER in device manager.") == "BOOT004"
    assert first("When I turn the printer off and on it boots into DFU mode every time.") == "BOOT004"
    # how DFU is entered on purpose is no such claim
    assert serious("When I power on the board with the BOOT0 jumper it boots into DFU mode.") == []


# OpenOCD 0.12 with interface/stlink.cfg (hla_swd) failing to open the adapter ("Error: open failed",
# src/jtag/drivers/stlink_usb.c) while lsusb shows only the Klipper board on its own USB port
OPENOCD_KLIPPER_BOARD = """$ openocd -f interface/stlink.cfg -f target/stm32f4x.cfg
Open On-Chip Debugger 0.12.0
Info : auto-selecting first available session transport "hla_swd". To override use 'transport select <transport>'.
Info : clock speed 2000 kHz
Error: open failed
$ lsusb
Bus 001 Device 004: ID 1d50:614e OpenMoko, Inc. stm32f446xx
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""


def test_openocd_with_only_the_boards_own_usb() -> None:
    assert first(OPENOCD_KLIPPER_BOARD) == "BOOT006"


def test_flash_and_the_look_after_it_in_two_texts() -> None:
    from doctor import engine
    from doctor.facts import merge, new

    from tests.textkit import facts

    flash = FLASH_THEN_DFU_LIST.split("pi@mainsailos:~/klipper $ sudo dfu-util -l")[0]
    # coreutils ls "cannot access '%s': No such file or directory", then lsusb, as a second pasted text
    look = """pi@mainsailos:~/klipper $ ls /dev/serial/by-id/
ls: cannot access '/dev/serial/by-id/': No such file or directory
pi@mainsailos:~/klipper $ lsusb
Bus 001 Device 005: ID 0483:df11 STMicroelectronics STM Device in DFU Mode
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""
    found = engine.evaluate(merge(merge(new("analyze"), facts(flash, "1.txt")), facts(look, "2.txt")))
    assert found and found[0].id == "BOOT004"


# dfu-util 0.11 main.c "No DFU capable USB device available"; lsusb (usb.ids 0483:3748 "ST-LINK/V2") shows only the probe
DFU_UTIL_ONLY_STLINK = """$ dfu-util -a 0 -s 0x08000000 -D firmware.bin
dfu-util 0.11

dfu-util: No DFU capable USB device available
$ lsusb
Bus 001 Device 006: ID 0483:3748 STMicroelectronics ST-LINK/V2
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""


def test_dfu_util_with_only_a_debug_probe_on_the_bus() -> None:
    assert first(DFU_UTIL_ONLY_STLINK) == "BOOT006"
