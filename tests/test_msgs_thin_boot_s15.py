"""(thin-boot s15) The forms a person with KAT001, BOOT009, BOOT002, BOOT005, FW003 or BOOT007 pastes, beyond the few
cases in tests/cases: trimmed flashtool.py runs whose chip shows elsewhere in the paste, a Raspberry Pi OS prompt before
`ls /dev/serial/by-id`, the bus shown by lsusb/dmesg/Device Manager instead of by-id, Klipper flashed over the board's own
USB and then not enumerating, klippy's clock warning with rounded MHz, and the prose of a DFU hijack.

Each text is a real thread's, or the tool's own message (source file named) with realistic values."""

from __future__ import annotations

from tests.textkit import facts, first, kinds, serious

# Katapult scripts/flashtool.py (902f335, 2025-10): FlashError("Flash write failed, flash address 0x%4X") chained from
# "Error sending command [SEND_BLOCK] to Device"; Klipper scripts/flash_usb.py (84104bbbd) call_flashcan(): make flash hands
# flashtool.py the /dev/serial/by-path link, prints "Error running flashtool.py"
MAKE_FLASH_KATAPULT_H723 = """\
pi@voron:~/klipper $ make flash FLASH_DEVICE=/dev/serial/by-id/usb-Klipper_stm32h723xx_2A0023001251313339373836-if00
  Flashing out/klipper.bin to /dev/serial/by-id/usb-Klipper_stm32h723xx_2A0023001251313339373836-if00
Entering bootloader on /dev/serial/by-id/usb-Klipper_stm32h723xx_2A0023001251313339373836-if00
Device reconnect on /sys/devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.3/1-1.3:1.0
/usr/bin/python3 lib/katapult/flashtool.py -d /dev/serial/by-path/platform-fd500000.pcie-pci-0000:01:00.0-usb-0:1.3:1.0 -f out/klipper.bin

Connecting to Serial Device /dev/serial/by-path/platform-fd500000.pcie-pci-0000:01:00.0-usb-0:1.3:1.0, baud 250000
Detected USB device running Katapult
Attempting to connect to bootloader
Katapult Connected
Flashing 'out/klipper.bin'...

[ERROR:root:Flash Tool Error
FlashError: Flash write failed, flash address 0x8020000
Error running flashtool.py
make: *** [src/stm32/Makefile:115: flash] Error 255
"""

FLASHTOOL_TTYACM_WRITE_FAILED = """\
$ python3 ~/katapult/scripts/flashtool.py -d /dev/ttyACM0 -f ~/klipper/out/klipper.bin
Connecting to Serial Device /dev/ttyACM0, baud 250000
Detected USB device running Katapult
Attempting to connect to bootloader
Katapult Connected
Flashing '/home/pi/klipper/out/klipper.bin'...

[ERROR:root:Flash Tool Error
FlashError: Flash write failed, flash address 0x8020000
"""


def test_kat001_chip_from_make_flash_device() -> None:
    assert first(MAKE_FLASH_KATAPULT_H723) == "KAT001"


def test_kat001_chip_from_by_id_listing() -> None:
    # the by-id name of a board in Katapult: usb-katapult_<CONFIG_MCU>_<chip id>-if00 (Katapult src/generic/usb_cdc.c)
    text = "$ ls /dev/serial/by-id/\nusb-katapult_stm32h723xx_2A0023001251313339373836-if00\n" + FLASHTOOL_TTYACM_WRITE_FAILED
    assert first(text) == "KAT001"


def test_kat001_chip_from_lsusb_product() -> None:
    # lsusb of Katapult's 1d50:6177: the product string is the chip (iProduct = CONFIG_MCU)
    text = FLASHTOOL_TTYACM_WRITE_FAILED + "\n$ lsusb\nBus 001 Device 005: ID 1d50:6177 OpenMoko, Inc. stm32h723xx\n"
    assert first(text) == "KAT001"


def test_kat001_not_without_the_chip_or_for_another_chip() -> None:
    assert "KAT001" not in serious(FLASHTOOL_TTYACM_WRITE_FAILED)
    text = "$ ls /dev/serial/by-id/\nusb-katapult_stm32f446xx_37001A001851303439363932-if00\n" + FLASHTOOL_TTYACM_WRITE_FAILED
    assert "KAT001" not in serious(text)


# Klipper klippy/serialhdl.py (84104bbbd) "Unable to open serial port: %s"; Raspberry Pi OS's prompt has a space before the $
def test_boot009_by_id_after_raspberry_pi_os_prompt_canboot() -> None:
    text = (
        "Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32g0b1xx_3D0052001450425539383920-if00: "
        "[Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32g0b1xx_3D0052001450425539383920-if00'\n"
        "pi@sv08:~ $ ls /dev/serial/by-id/\n"
        "usb-CanBoot_stm32g0b1xx_3D0052001450425539383920-if00\n"
    )
    assert first(text) == "BOOT009"


# Mainsail's error for klippy/serialhdl.py's "Unable to connect"; lsusb of Katapult's USB id (Katapult src/Kconfig 1d50:6177)
MAINSAIL_UNABLE = """\
mcu 'mcu': Unable to connect
Once the underlying issue is corrected, use the
"FIRMWARE_RESTART" command to reset the firmware, reload the
config, and restart the host software.
Error configuring printer
"""
LSUSB_KATAPULT_F446 = """\
pi@voron:~ $ lsusb
Bus 001 Device 005: ID 1d50:6177 OpenMoko, Inc. stm32f446xx
Bus 001 Device 002: ID 2109:3431 VIA Labs, Inc. Hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
"""


def test_boot009_lsusb_katapult_and_unable_to_connect() -> None:
    assert first(MAINSAIL_UNABLE + "\n" + LSUSB_KATAPULT_F446) == "BOOT009"


def test_boot009_lsusb_katapult_alone_is_no_fault() -> None:
    assert serious(LSUSB_KATAPULT_F446) == []


def test_boot009_not_when_klipper_runs_beside_it() -> None:
    text = MAINSAIL_UNABLE + "\n" + LSUSB_KATAPULT_F446 + "Bus 001 Device 006: ID 1d50:614e OpenMoko, Inc. stm32h723xx\n"
    assert "BOOT009" not in serious(text)


# Katapult flashtool.py before the bridge detection (v0.0.1-87, 2025-03): the jump on can0, CONNECT never answered; then
# iproute2's answer for a missing interface
CAN_FLASH_CONNECT_FAILED = """\
pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u 154aab036e6a -f ~/klipper/out/klipper.bin
Sending bootloader jump command...
Resetting all bootloader node IDs...
Attempting to connect to bootloader
ERROR:root:Flash Tool Error
FlashError: Error sending command [CONNECT] to Device
"""


def test_boot002_can0_gone_after_the_jump() -> None:
    text = CAN_FLASH_CONNECT_FAILED + 'pi@voron:~ $ ip -details link show can0\nDevice "can0" does not exist.\n'
    assert first(text) == "BOOT002"


def test_boot002_kernel_shows_the_bridge_back_as_katapult() -> None:
    # Linux drivers/net/can/usb/gs_usb.c "Couldn't shutdown device (err=%d)", then the new device's id lines (usb/core/hub.c)
    dmesg = """\
[ 1523.118392] usb 1-1.3: USB disconnect, device number 5
[ 1523.119874] gs_usb 1-1.3:1.0 can0: Couldn't shutdown device (err=-19)
[ 1523.512045] usb 1-1.3: new full-speed USB device number 6 using xhci_hcd
[ 1523.669101] usb 1-1.3: New USB device found, idVendor=1d50, idProduct=6177, bcdDevice= 1.00
[ 1523.669118] usb 1-1.3: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[ 1523.669124] usb 1-1.3: Product: stm32f446xx
[ 1523.669129] usb 1-1.3: Manufacturer: katapult
[ 1523.669133] usb 1-1.3: SerialNumber: 37001A001851303439363932
[ 1523.678912] cdc_acm 1-1.3:1.0: ttyACM0: USB ACM device

"""
    assert first(dmesg + CAN_FLASH_CONNECT_FAILED) == "BOOT002"
    # the invocation after one blank line still starts the run (its -i/-u make it a CAN flash)
    runs = facts(dmesg + CAN_FLASH_CONNECT_FAILED)["katapult"]["runs"]
    assert [r.get("interface") for r in runs] == ["can"] and runs[0].get("uuid") == "154aab036e6a"


def test_boot002_by_id_after_prompt() -> None:
    text = CAN_FLASH_CONNECT_FAILED + "pi@voron:~ $ ls /dev/serial/by-id/\nusb-katapult_stm32f446xx_37001A001851303439363932-if00\n"
    assert first(text) == "BOOT002"


def test_boot002_not_when_can0_never_existed() -> None:
    # flashtool.py binds the socket before the jump: "Unable to bind socket to can0" means no jump went out
    text = """\
pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u 154aab036e6a -f ~/klipper/out/klipper.bin
ERROR:root:Flash Tool Error
FlashError: Unable to bind socket to can0
"""
    assert "BOOT002" not in serious(text)


# dfu-util 0.9-0.11 "No DFU capable USB device available" (src/main.c); STM32CubeProgrammer 2.14's USB answer as the Arduino
# IDE prints it (arduino.stackexchange 93834); lsusb of a CH340 (usb.ids 1a86:7523)
DFU_UTIL_NONE = """\
dfu-util 0.11

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

dfu-util: No DFU capable USB device available
"""
CUBEPROG_NONE = """\
      -------------------------------------------------------------------
                        STM32CubeProgrammer v2.14.0
      -------------------------------------------------------------------

Error: Target device not found
Establishing connection with the device failed
"""


def test_boot005_cubeprogrammer_and_only_a_ch340() -> None:
    text = CUBEPROG_NONE + "\n$ lsusb\nBus 001 Device 004: ID 1a86:7523 QinHeng Electronics CH340 serial converter\nBus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n"
    assert first(text) == "BOOT005"


def test_boot005_windows_device_manager_ch340() -> None:
    # WCH CH341SER.INF's friendly name in Device Manager > Ports (COM & LPT)
    text = "C:\\dfu>dfu-util -a 0 -s 0x08000000:leave -D firmware.bin\n" + DFU_UTIL_NONE + "\nPorts (COM & LPT)\n    USB-SERIAL CH340 (COM5)\n"
    assert first(text) == "BOOT005"
    assert "usb_device_named" in kinds("USB-SERIAL CH340 (COM5)", "windows")


def test_boot005_by_id_names_only_the_bridge() -> None:
    text = DFU_UTIL_NONE + "*** [upload] Error 74\n\n$ ls /dev/serial/by-id/\nusb-1a86_USB_Serial-if00-port0\n"
    assert first(text) == "BOOT005"


def test_boot005_not_from_dfu_util_alone() -> None:
    assert first(DFU_UTIL_NONE) != "BOOT005"


# dfu-util 0.9 download of out/klipper.bin (make flash FLASH_DEVICE=0483:df11), then Linux usb/core/hub.c enumeration errors
MAKE_FLASH_DFU_THEN_ENUM_ERRORS = """\
pi@voron:~/klipper $ make flash FLASH_DEVICE=0483:df11
  Flashing out/klipper.bin to 0483:df11
sudo dfu-util -d ,0483:df11 -R -a 0 -s 0x8000000:leave -D out/klipper.bin

dfu-util 0.9

Opening DFU capable USB device...
ID 0483:df11
Run-time device DFU version 011a
Claiming USB DFU Interface...
Setting Alternate Setting #0 ...
Determining device status: state = dfuIDLE, status = 0
dfuIDLE, continuing
DFU mode device DFU version 011a
Device returned transfer size 1024
DfuSe interface name: "Internal Flash  "
Downloading to address = 0x08000000, size = 26316
Download	[=========================] 100%        26316 bytes
Download done.
File downloaded successfully
Transitioning to dfuMANIFEST state

pi@voron:~/klipper $ dmesg | tail
[  812.712332] usb 1-1.3: new full-speed USB device number 10 using xhci_hcd
[  812.792395] usb 1-1.3: device descriptor read/64, error -32
[  812.980401] usb 1-1.3: device descriptor read/64, error -32
[  814.564370] usb 1-1.3: device not accepting address 12, error -71
[  814.564651] usb 1-1-port3: unable to enumerate USB device
"""


def test_fw003_klipper_over_dfu_then_no_enumeration() -> None:
    assert first(MAKE_FLASH_DFU_THEN_ENUM_ERRORS) == "FW003"


def test_fw003_klipper_over_katapult_usb_then_no_enumeration() -> None:
    text = """\
pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -d /dev/serial/by-id/usb-katapult_stm32f446xx_37001A001851303439363932-if00 -f ~/klipper/out/klipper.bin
Connecting to Serial Device /dev/serial/by-id/usb-katapult_stm32f446xx_37001A001851303439363932-if00, baud 250000
Detected USB device running Katapult
Attempting to connect to bootloader
Katapult Connected
Flashing '/home/pi/klipper/out/klipper.bin'...

[##################################################]

Write complete: 14 pages
Verifying (block count = 412)...

[##################################################]

Verification Complete: SHA = 45576FC974FC4F9694A7F32515AC2D497817CA70
Programming Complete
pi@voron:~ $ dmesg | tail -3
[  912.792395] usb 1-1.3: device descriptor read/64, error -71
[  914.564370] usb 1-1.3: device not accepting address 12, error -71
[  914.564651] usb 1-1-port3: unable to enumerate USB device
"""
    assert first(text) == "FW003"


def test_fw003_not_when_the_new_firmware_enumerates() -> None:
    text = MAKE_FLASH_DFU_THEN_ENUM_ERRORS.replace(
        "[  814.564651] usb 1-1-port3: unable to enumerate USB device\n",
        "[  815.012345] usb 1-1.3: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00\n")
    assert "FW003" not in serious(text)


# Klipper klippy/mcu.py (d99d1a846, 2024-03): "MCU '%s' configured for %dMhz but running at %dMhz!", both rounded to MHz
def test_fw003_clock_warning_with_rounded_mhz() -> None:
    # 64 MHz G0B1 built for a 24 MHz crystal on an 8 MHz board: 21.33 MHz printed as 21
    assert first("MCU 'EBBCan' configured for 64Mhz but running at 21Mhz!\n") == "FW003"
    assert "FW003" in serious("MCU 'EBBCan' configured for 64Mhz but running at 21Mhz!\n")


def test_fw003_hc32f460_clock_speed() -> None:
    # Klipper src/hc32f460/Kconfig Clock Speed 168/200 MHz (printers-for-people/catboat#31: "Flashing a 200mhz config shows a 168mhz clock")
    assert first("MCU 'mcu' configured for 200Mhz but running at 168Mhz!\n") == "FW003"


def test_fw003_busy_host_ratio_stays_a_warning() -> None:
    # KalicoCrew/kalico#427: swap on a Pi 5, "configured for 180Mhz but running at 59Mhz!"
    from tests.textkit import findings

    found = findings("MCU 'mcu' configured for 180Mhz but running at 59Mhz!\n")
    assert found and found[0].id == "FW003" and found[0].severity == "warning"


# betaflight#4122, inav#1804, ardupilot#26980 (the reporter's words)
def test_boot007_prose_receiver_keeps_dfu_away() -> None:
    assert first("I discovered that if the flight controller is receiving serial rx data from a bound receiver it will not enter DFU mode.\n") == "BOOT007"
    assert first("my laptop will not recognize the Omnibus in DFU mode with a GPS plugged in and powered up. Removing power from the "
                 "GPS seems to allow proper DFU mode detection and driver configuration...\n") == "BOOT007"


def test_boot007_prose_beside_the_kernel_lines() -> None:
    text = """\
[ 1032.069068] usb 5-4: new full-speed USB device number 6 using xhci_hcd
[ 1047.524802] usb 5-4: device descriptor read/64, error -110

it seems I was mistaken and it is a hw issue caused by having a ELRS Receiver connected to R3,T3,5V,GND.
The device enumerated after cutting the wires.
"""
    assert first(text) == "BOOT007"


def test_boot007_not_from_dfu_util_alone() -> None:
    assert "BOOT007" not in serious(DFU_UTIL_NONE)


def test_boot009_printer_cfg_pasted_under_the_by_id_listing() -> None:
    # one code block: `ls -l /dev/serial/by-id/` (GNU ls), a blank line, then printer.cfg's [mcu] section
    text = """\
pi@voron:~ $ ls -l /dev/serial/by-id/
total 0
lrwxrwxrwx 1 root root 13 Mar  3 18:22 usb-katapult_stm32h723xx_24003D001751313338343730-if00 -> ../../ttyACM0

[mcu]
serial: /dev/serial/by-id/usb-Klipper_stm32h723xx_24003D001751313338343730-if00
restart_method: command
"""
    assert first(text) == "BOOT009"


def test_printer_cfg_option_alone_is_no_fault() -> None:
    assert serious("serial: /dev/serial/by-id/usb-Klipper_stm32h723xx_24003D001751313338343730-if00\n") == []


def test_boot005_kiauh_usb_search_lists_only_a_ch340_and_dfu_search_is_empty() -> None:
    # KIAUH v6 kiauh/components/klipper_firmware/menus/klipper_flash_menu.py: get_mcu_list() status lines, its standalone
    # list "   ● MCU #{i}: {mcu}" and Logger.print_warn("No MCUs found!")
    text = """\
###### Identifying MCU connected via USB ...
   ● MCU #0: /dev/serial/by-id/usb-1a86_USB_Serial-if00-port0

###### Identifying MCU connected via USB in DFU mode ...
[WARN] No MCUs found!
[WARN] Make sure they are connected and repeat this step.
"""
    assert first(text) == "BOOT005"


def test_kiauh_select_menu_row_is_a_by_id_link() -> None:
    # KIAUH v6 KlipperSelectMcuIdMenu.print_menu(): "║ {i}) {mcu:<51}║" with the path's last part
    from tests.textkit import facts as parse

    snap = parse("║ 0) usb-Klipper_stm32f446xx_37001A001851303439363932-if00  ║\n")
    assert [e["name"] for e in snap["serial"]["by_id"]] == ["usb-Klipper_stm32f446xx_37001A001851303439363932-if00"]


def test_kat001_one_step_flash_from_running_klipper_trimmed() -> None:
    # Katapult flashtool.py 2024-2025 SerialSocket: -d on the Klipper device requests the bootloader ("Requesting USB
    # bootloader for ...", "Detected new USB Device: {usb_id} {mfr} {product}", "Katapult detected on {by-path}") and goes
    # on over the by-path link; the chip is in the -d path and the product string, the "MCU type:" lines are cut
    text = """\
pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -d /dev/serial/by-id/usb-Klipper_stm32h723xx_2A0023001251313339373836-if00 -f ~/klipper/out/klipper.bin
Requesting USB bootloader for /dev/serial/by-id/usb-Klipper_stm32h723xx_2A0023001251313339373836-if00...
Waiting for USB Reconnect.....done
Detected new USB Device: 1d50:6177 katapult stm32h723xx
Katapult detected on /dev/serial/by-path/platform-xhci-hcd.0-usb-0:1:1.0
Connecting to Serial Device /dev/serial/by-path/platform-xhci-hcd.0-usb-0:1:1.0, baud 250000
Detected USB device running Katapult
Attempting to connect to bootloader
Katapult Connected
Flashing '/home/pi/klipper/out/klipper.bin'...

[ERROR:root:Flash Tool Error
FlashError: Flash write failed, flash address 0x8020000
"""
    assert first(text) == "KAT001"
    assert facts(text)["katapult"]["runs"][0]["mcu"] == "stm32h723xx"


def test_fw003_cubeprogrammer_dfu_download_then_windows_descriptor_failure() -> None:
    # STM32CubeProgrammer 2.14 over USB DFU (its DFU block "Product ID : STM32  BOOTLOADER", "File download complete"), then
    # Windows Device Manager's name of a device that failed enumeration (usbhub3)
    text = """\
      -------------------------------------------------------------------
                        STM32CubeProgrammer v2.14.0
      -------------------------------------------------------------------

USB speed   : Full Speed (12MBit/s)
Manuf. ID   : STMicroelectronics
Product ID  : STM32  BOOTLOADER
SN          : 206C38785056
DFU protocol: 1.1
Board       : --
Device ID   : 0x0421
Device name : STM32F446xx
Flash size  : 512 KBytes (default)
Device type : MCU
Device CPU  : Cortex-M4

Memory Programming ...
Opening and parsing file: klipper.bin
  File          : klipper.bin
  Size          : 31.20 KB
  Address       : 0x08008000

Erasing memory corresponding to segment 0:
Erasing internal memory sectors [2 3]
Download in Progress:
[==================================================] 100%

File download complete
Time elapsed during download operation: 00:00:01.512

Unknown USB Device (Device Descriptor Request Failed)
"""
    assert first(text) == "FW003"
