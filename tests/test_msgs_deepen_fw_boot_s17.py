"""Rows and rules changed in the deepen-fw-boot round (session 17): the forms in which BOOT004, BOOT007, BOOT009, FW003 and
KAT001 arrive that doctor had not read (a bare dfu-util listing or the kernel's ROM DFU enumeration beside Klipper's
connection failure, the prose of a board back in DFU or stuck in Katapult or finding DFU only sometimes, Katapult's
menuconfig title with its version, a Caterina upload followed by enumeration errors, the H723 named by its Klipper USB
name)."""

from __future__ import annotations

from tests.textkit import first, kinds, serious

# Klipper klippy/mcu.py (Mainsail's error box) with dfu-util 0.9's `dfu-util -l` listing (dfu-util src/main.c list_dfu_interfaces,
# an STM32F446's ROM DFU alt settings)
KLIPPY_UNABLE = """mcu 'mcu': Unable to connect
Once the underlying issue is corrected, use the
"FIRMWARE_RESTART" command to reset the firmware, reload the
config, and restart the host software.
Error configuring printer"""

DFU_LIST = """pi@voron:~ $ sudo dfu-util -l
dfu-util 0.9

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2016 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

Found DFU: [0483:df11] ver=2200, devnum=8, cfg=1, intf=0, path="1-1.4", alt=1, name="@Option Bytes  /0x1FFFC000/01*016 e", serial="206A35A25748"
Found DFU: [0483:df11] ver=2200, devnum=8, cfg=1, intf=0, path="1-1.4", alt=0, name="@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", serial="206A35A25748\""""

# the kernel's enumeration of the STM32 ROM bootloader at the host's boot (drivers/usb/core/hub.c announce_device, generic.c)
DMESG_ROM_DFU = """[    3.112331] usb 1-1.4: new full-speed USB device number 5 using xhci_hcd
[    3.241402] usb 1-1.4: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00
[    3.241421] usb 1-1.4: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[    3.241429] usb 1-1.4: Product: STM32  BOOTLOADER
[    3.241436] usb 1-1.4: Manufacturer: STMicroelectronics
[    3.241443] usb 1-1.4: SerialNumber: 206A35A25748"""


def test_boot004_dfu_util_listing_beside_klipper_failure():
    assert first(KLIPPY_UNABLE + "\n" + DFU_LIST) == "BOOT004"
    assert "BOOT004" not in serious(DFU_LIST)  # a listing alone: the board may just have been put in DFU to flash it


def test_boot004_kernel_rom_dfu_beside_klipper_failure():
    assert first(KLIPPY_UNABLE + "\n" + DMESG_ROM_DFU) == "BOOT004"
    assert "BOOT004" not in serious(DMESG_ROM_DFU)


def test_boot004_prose_forms():
    # wordings of the BOOT0-left-set threads (the reset first, then the verb of starting; "DFU Mode again")
    assert first("After flashing, every time I power on the printer the board boots into DFU mode and Klipper can't connect.") == "BOOT004"
    assert first("After a reboot it shows up as STM Device in DFU Mode again") == "BOOT004"
    # how DFU is entered on purpose is not it
    assert "BOOT004" not in serious("Every time I power it on while holding BOOT0 it goes into DFU mode, as expected.")
    assert "BOOT004" not in serious("After the reset I had to put it into DFU mode again.")


def test_boot007_prose_intermittent_and_rx_level():
    # the answer BOOT007's question asks for; the fix as a level on PA10 (MCUDEV_DEVEBOX_F407VET6#2, pyboard#13)
    assert first("DFU mode only works sometimes, even though I hold BOOT0 every time.") == "BOOT007"
    assert first("After pulling PA10 up to 3.3V through 10k, DFU appears every time.") == "BOOT007"
    assert "BOOT007" not in serious("I tried many times, DFU never appears, sometimes I hold boot0 longer.")


def test_boot009_prose_stuck_in_katapult():
    assert first("After flashing klipper the EBB36 is stuck in Katapult, the query shows Application: Katapult.") == "BOOT009"
    assert "BOOT009" not in serious("How do I get the board to stay in katapult? double click reset does nothing.")


# Katapult src/Kconfig: mainmenu "Katapult Configuration $(VERSION)" (the mconf title carries the version); Klipper's screen
KATAPULT_SCREEN = """                          Katapult Configuration v0.0.1-95-g8ba5e5a
    Micro-controller Architecture (STMicroelectronics STM32)  --->
    Processor model (STM32F401)  --->
    Clock Reference (12 MHz crystal)  --->
    Communication interface (USB (on PA11/PA12))  --->"""
KLIPPER_SCREEN = """                          Klipper Firmware Configuration
[*] Enable extra low-level configuration options
    Micro-controller Architecture (STMicroelectronics STM32)  --->
    Processor model (STM32F401)  --->
    Bootloader offset (32KiB bootloader)  --->
    Clock Reference (8 MHz crystal)  --->
    Communication interface (USB (on PA11/PA12))  --->"""


def test_fw003_katapult_screen_with_version_against_klipper_screen():
    from doctor.engine import evaluate
    from doctor.facts import merge, new
    from tests.textkit import facts

    snap = merge(merge(new("analyze"), facts(KATAPULT_SCREEN, "k.txt")), facts(KLIPPER_SCREEN, "c.txt"))
    assert snap["klipper"]["katapult_config"]["clock_ref_freq"] == 12000000
    found = evaluate(snap)
    assert found and found[0].id == "FW003"


# avrdude 6.3's butterfly/avr109 output through the Pro Micro's Caterina bootloader (Arduino IDE upload), then the kernel's
# enumeration errors of the sketch (as in tests/cases/usb-enum-32-pro-micro-wrong-clock-sketch)
CATERINA_UPLOAD = """Connecting to programmer: .
Found programmer: Id = "CATERIN"; type = S
    Software Version = 1.0; No Hardware Version given.
avrdude: AVR device initialized and ready to accept instructions
avrdude: Device signature = 0x1e9587 (probably m32u4)
avrdude: writing flash (4890 bytes):
avrdude: 4890 bytes of flash written
avrdude: verifying flash memory against /tmp/arduino_build_12345/sketch.ino.hex:
avrdude: 4890 bytes of flash verified

avrdude done.  Thank you.
"""
DMESG_32 = """[61.861588] usb 1-3.2: new full-speed USB device number 4 using ehci-pci
[61.937708] usb 1-3.2: device descriptor read/64, error -32
[62.113869] usb 1-3.2: device descriptor read/64, error -32
[63.603456] hub 1-3:1.0: unable to enumerate USB device on port 2"""


def test_fw003_caterina_upload_then_enumeration_errors():
    assert first(CATERINA_UPLOAD + "\n" + DMESG_32) == "FW003"
    assert first(DMESG_32) == "USB002"


# Katapult scripts/flashtool.py (2024-08 and later: "Flash Tool Error") over a tty, the chip named only by the board's Klipper
# by-id name (Klipper src/generic/usb_cdc.c: product = CONFIG_MCU)
H723_BY_ID = """pi@voron:~ $ ls /dev/serial/by-id/
usb-Klipper_stm32h723xx_1D0028000951313339373836-if00"""
SEND_BLOCK_TTY = """biqu@BTT-CB1:~$ python3 ~/katapult/scripts/flashtool.py -d /dev/ttyACM0 -f ~/klipper/out/klipper.bin
Connecting to Serial Device /dev/ttyACM0, baud 250000
Attempting to connect to bootloader
Katapult Connected
Flashing '/home/biqu/klipper/out/klipper.bin'...

[
ERROR:root:Flash Tool Error
FlashError: Error sending command [SEND_BLOCK] to Device"""


def test_kat001_chip_from_klipper_usb_name():
    assert first(H723_BY_ID + "\n" + SEND_BLOCK_TTY) == "KAT001"
    assert "KAT001" not in serious(SEND_BLOCK_TTY)
    other = H723_BY_ID + "\nusb-Klipper_stm32f446xx_2E0029000951363131363530-if00"
    assert "KAT001" not in serious(other + "\n" + SEND_BLOCK_TTY)


def test_claims_rows_kinds():
    assert kinds("Whenever I turn the printer on it starts in DFU mode, lsusb shows 0483:df11.", "claims") == ["said_dfu_after_power_cycle"]
    assert kinds("DFU works after I grounded PA10.", "claims") == ["said_dfu_uart_hijack"]


def test_rp002_mks_thr_and_reset_cures_it():
    # MKS THR36/42 is an RP2040 toolhead (Klipper config/sample-mks-thr.cfg); the reset as the cure after a power-on
    assert first("The MKS THR toolhead is not detected after a power cycle until I press reset.") == "RP002"
    assert first("The SKR Pico is not found after power on, a reset fixes it.") == "RP002"
    assert "RP002" not in serious("After flashing the pico with BOOTSEL held, a reset fixes it.")


def test_boot005_platformio_upload_port_is_a_usb_serial_tty():
    # PlatformIO (upload_protocol = dfu) as in platform-ststm32#644 (STM32F103RE_creality): its port search found a ttyUSB
    text = """Looking for upload port...
Auto-detected: /dev/ttyUSB0
Uploading .pio/build/STM32F103RE_creality/firmware.bin
No DFU capable USB device found
*** [upload] Error 74"""
    assert first(text) == "BOOT005"
    assert first(text.replace("/dev/ttyUSB0", "/dev/ttyACM0")) != "BOOT005"


def test_boot004_dfu_util_011_listing_with_root_hub_noise():
    # dfu-util 0.11 -l: probe_devices() (src/main.c) warns for another device's DFU run-time interface it may not open (a
    # Broadcom Bluetooth controller's) and lists the ROM DFU
    listing = """dfu-util 0.11

Deducing device DFU version from functional descriptor length
dfu-util: Cannot open DFU device 0a5c:21e8 found on devnum 3 (LIBUSB_ERROR_ACCESS)
Found DFU: [0483:df11] ver=0200, devnum=4, cfg=1, intf=0, path="1-1.3", alt=0, name="@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", serial="STM32FxSTM32\""""
    assert first(KLIPPY_UNABLE + "\n" + listing) == "BOOT004"


def test_boot007_receiver_keeps_fc_from_flashing_without_the_word_dfu():
    # ExpressLRS#2051 (flight controllers whose ROM bootloader takes the receiver's UART)
    assert first("Some of the users reported in Betaflight discord that they can't flash their FCs because the receiver "
                 "blocking it. I experienced this as well and I had to desolder the receiver to flash my FC.") == "BOOT007"
    assert "BOOT007" not in serious("I flashed the FC and then bound the receiver, everything works.")


def test_boot004_flight_controller_wordings():
    # betaflight#4339, inav-configurator#734 wordings (a BOOT0 held by a stuck button or dirt on the boot pads)
    assert first("Quad keeps going into DFU mode") == "BOOT004"
    assert first("however, once I pressed \"save and reboot\", it would disconnect and go back into DFU mode.") == "BOOT004"
    assert "BOOT004" not in serious("Every time I press the boot button and reset it goes into DFU mode.")


def test_boot005_prose_only_the_bridge_chip():
    # r/ender3 Creality 4.2.7 wording: BOOT0 held every way, the host sees only the CH340
    assert first("Tried holding it during reset, tried different USB cables and ports, tried letting it sit with BOOT held for "
                 "longer — no change. The USB still shows up as a CH340 serial device instead of anything DFU-related.") == "BOOT005"
    assert "BOOT005" not in serious("I only have a CH340 adapter to use the ROM bootloader.")


def test_boot002_prose_bridge_flashed_over_can():
    assert first("After flashing the bridge mcu over can0 the can0 interface disappeared.") == "BOOT002"
    assert "BOOT002" not in serious("I flashed the U2C with bridge firmware via DFU and can0 doesn't exist.")


def test_fw003_prose_clock_setting_against_crystal():
    assert first("The problem was the clock reference: I had 8 MHz crystal selected but the board has a 12 MHz crystal.") == "FW003"
    assert "FW003" not in serious("I tried switching clock between 8 MHz and 12 MHz, same problem.")
