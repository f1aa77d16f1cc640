"""(deepen-s16) The forms people paste for the thin ids BOOT004, SWD004, SER006 and BOOT003/USB004 (a Bluetooth DFU
interface in dfu-util's list), each text from a real thread or from the tool's own message with realistic values."""

from __future__ import annotations

from textkit import facts, first, serious

# --- SWD004: OpenOCD examined the core, then could not halt it ------------------------------------------------------

# codelv.com 2020 "Attaching to STM32 with OpenOCD during sleep" (mbed-os sleeping on an STM32H7x3I-EVAL)
CODELV = """\
Info : clock speed 1800 kHz
Info : STLINK V3J2M1 (API v3) VID:PID 0483:374E
Info : Target voltage: 3.290837
Info : stm32h7x.cpu0: hardware has 8 breakpoints, 4 watchpoints
Error: mem2array: Read @ 0x5c001004, w=4, cnt=1, failed
Error executing event examine-end on target stm32h7x.cpu0:
Info : Listening on port 3333 for gdb connections
Info : accepting 'gdb' connection on tcp/3333
Info : Halt timed out, wake up GDB.
Error: timed out while waiting for target halted
Error executing event gdb-attach on target stm32h7x.cpu0:

Warn : Cannot identify target as a STM32H7xx family.
Error: auto_probe failed
"""

# vsergeev/arm-bmw-sw#1: OpenOCD 0.8 with an ST-Link v2, LPC1114 examined, then the reset's halt timed out
ARM_BMW = """\
srst_only separate srst_gates_jtag srst_open_drain connect_deassert_srst
Info : This adapter doesn't support configurable speed
Info : STLINK v2 JTAG v17 API v2 SWIM v0 VID 0x0483 PID 0x3748
Info : using stlink api v2
Info : Target voltage: 2.898221
Info : lpc1114.cpu: hardware has 4 breakpoints, 2 watchpoints
Error: timed out while waiting for target halted
TARGET: lpc1114.cpu - Not halted
"""


def test_openocd_halt_timeout_after_examine_is_swd004():
    assert first(CODELV) == "SWD004"
    assert first(ARM_BMW) == "SWD004"


def test_halt_timeout_under_connect_assert_srst_is_the_reset_line():
    # OpenOCD's reset_config echo (src/jtag/adapter.c) when connect_assert_srst is configured: the core held in reset at the
    # attach would halt at its reset vector, so a halt that still times out is a reset that never reached NRST (SWD005)
    text = ARM_BMW.replace("srst_only separate srst_gates_jtag srst_open_drain connect_deassert_srst",
                           "srst_only separate srst_nogate srst_open_drain connect_assert_srst")
    assert first(text) == "SWD005"


def test_family_check_after_a_halt_timeout_is_no_clone():
    # the DBGMCU id read failed on the sleeping core: "Cannot identify target" is no clone id (SWD007)
    assert "SWD007" not in serious(CODELV)


def test_halt_timeout_after_a_verified_write_keeps_its_own_reading():
    text = ARM_BMW.replace("Error: timed out", "** Verified OK **\n** Resetting Target **\nError: timed out")
    assert first(text) == "SWD004"


# --- BOOT004: the board runs its ROM DFU bootloader where Klipper's serial port is looked for -----------------------

# lsusb lines as in stm32flash ticket #147 (an Octopus Pro in ROM DFU), `ls` as Klipper's docs have it run
LSUSB_DFU = """\
pi@fluiddpi:~/klipper$ lsusb
Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub
Bus 001 Device 038: ID 0483:df11 STMicroelectronics STM Device in DFU Mode
Bus 001 Device 002: ID 2109:3431 VIA Labs, Inc. Hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
"""
LS_MISSING = """\
pi@fluiddpi:~/klipper$ ls /dev/serial/by-id/*
ls: cannot access '/dev/serial/by-id/*': No such file or directory
"""
# klippy.log's serialhdl.py "Unable to open serial port: %s" with pyserial's Errno 2 text
KLIPPY_ERRNO2 = ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port "
                 "/dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00: [Errno 2] No such file or directory: "
                 "'/dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00'\n")
# the kernel's hub.c lines for the STM32 ROM bootloader ("STM32  BOOTLOADER", two spaces, as the ROM names itself)
DMESG_DFU = """\
[  345.123456] usb 1-1.3: new full-speed USB device number 8 using dwc_otg
[  345.258765] usb 1-1.3: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00
[  345.258790] usb 1-1.3: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[  345.258801] usb 1-1.3: Product: STM32  BOOTLOADER
[  345.258810] usb 1-1.3: Manufacturer: STMicroelectronics
[  345.258819] usb 1-1.3: SerialNumber: 377C35783438
"""


def test_rom_dfu_on_the_bus_and_no_by_id_is_boot004():
    assert first(LSUSB_DFU + LS_MISSING) == "BOOT004"
    assert first(DMESG_DFU + LS_MISSING) == "BOOT004"


def test_no_by_id_with_a_board_in_its_bootloader_is_not_a_dead_usb_link():
    assert "USB001" not in serious(DMESG_DFU + LS_MISSING)


def test_klippy_missing_port_with_rom_dfu_on_the_bus_is_boot004_before_the_path():
    assert first(KLIPPY_ERRNO2 + LSUSB_DFU) == "BOOT004"


def test_rom_dfu_alone_is_healthy():
    assert serious(LSUSB_DFU) == []
    assert serious(DMESG_DFU) == []


# --- BOOT003: dfu-util could not open the computer's Bluetooth controller and found no board ------------------------

# dfu-util 0.9-0.11 dfu_util.c probe_devices(): "Cannot open DFU device %04x:%04x found on devnum %d (%s)" for a DFU
# interface the user may not open (a laptop's Broadcom Bluetooth controller, 0a5c:21e8), then main.c's "No DFU capable USB
# device available"
DFU_BT = """\
$ dfu-util -a 0 -D firmware.bin -s 0x08000000:leave
dfu-util 0.11

dfu-util: Cannot open DFU device 0a5c:21e8 found on devnum 4 (LIBUSB_ERROR_ACCESS)
dfu-util: No DFU capable USB device available
"""


def test_denied_bluetooth_dfu_interface_is_no_permission_problem_of_the_board():
    assert first(DFU_BT) == "BOOT003"
    assert "USB004" not in serious(DFU_BT)


def test_denied_board_dfu_interface_stays_usb004():
    assert first(DFU_BT.replace("0a5c:21e8", "0483:df11")) == "USB004"


# --- SER006: the serial console or the config dump's form ------------------------------------------------------------

# BTT CB1 / Armbian BoardEnv.txt (klipper.discourse.group 15211: console=display changed to console=serial, MCU on ttyS0)
BOARDENV = """\
bootlogo=false
overlay_prefix=sun50i-h616
fdtfile=sun50i-h616-biqu-sbc
console={console}
overlays=uart0

[mcu]
serial: /dev/ttyS0
restart_method: command
"""
# klippy.log serialhdl.py "%sStarting serial connect" / "%sTimeout on connect"
TIMEOUTS = "mcu 'mcu': Starting serial connect\nmcu 'mcu': Timeout on connect\nmcu 'mcu': Timeout on connect\n"


def test_armbian_console_on_serial_is_ser006():
    assert first(BOARDENV.format(console="serial") + TIMEOUTS) == "SER006"
    assert facts(BOARDENV.format(console="both"))["host"].get("serial_console") is True


def test_armbian_console_on_display_is_no_serial_console():
    assert not facts(BOARDENV.format(console="display"))["host"].get("serial_console")


def test_armbian_console_of_a_rockchip_board_is_not_assumed_on_ttys0():
    text = BOARDENV.format(console="serial").replace("sun50i-h616", "rk3566")
    assert not facts(text)["host"].get("serial_console")


# klipper.discourse.group 10736 (Pi Zero 2 and SKR Pico over UART): `ls -l /dev/serial*`, then [mcu] as klippy.log's dump
# writes it (`serial = /dev/ttyS0`)
LS_SERIAL_DUMP = """\
lrwxrwxrwx 1 root root 7 Sep 29 20:17 /dev/serial0 -> ttyAMA0
lrwxrwxrwx 1 root root 5 Sep 29 20:17 /dev/serial1 -> ttyS0

[mcu]
serial = /dev/ttyS0
restart_method = command

"""


def test_mcu_section_in_config_dump_form_is_read_after_another_block():
    mcus = facts(LS_SERIAL_DUMP)["klipper"]["printer_cfg"]["mcus"]
    assert mcus[0]["serial"] == "/dev/ttyS0"
    assert first(LS_SERIAL_DUMP + TIMEOUTS) == "SER006"


def test_python_serial_assignment_is_no_printer_cfg():
    assert "klipper" not in facts("import serial\nserial = serial.Serial('COM3', 9600)\n")


# --- FW001: the example config's header names the offset, the build has another ---------------------------------------

# Klipper config/generic-bigtreetech-skr-mini-e3-v2.0.cfg @84104bb, kept at the top of a printer.cfg
SKR_MINI_HEADER = """\
# This file contains common pin mappings for the BIGTREETECH SKR mini
# E3 v2.0. To use this config, the firmware should be compiled for the
# STM32F103 with a "28KiB bootloader" and USB communication. Also,
# select "Enable extra low-level configuration options" and configure
# "GPIO pins to set at micro-controller startup" to "!PA14".

# See docs/Config_Reference.md for a description of parameters.

[stepper_x]
step_pin: PB13
dir_pin: !PB12

[mcu]
serial: /dev/serial/by-id/usb-Klipper_stm32f103xe_32FFD8054E58313732640643-if00

"""
# the menuconfig screen as mconf draws it, with Klipper's src/stm32/Kconfig choice labels
MENUCONFIG = """\
    [*] Enable extra low-level configuration options
        Micro-controller Architecture (STMicroelectronics STM32)  --->
        Processor model (STM32F103)  --->
        Bootloader offset ({offset})  --->
        Clock Reference (8 MHz crystal)  --->
        Communication interface (USB (on PA11/PA12))  --->

"""
# klippy.log serialhdl.py
NO_PORT = ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port "
           "/dev/serial/by-id/usb-Klipper_stm32f103xe_32FFD8054E58313732640643-if00: [Errno 2] No such file or directory: "
           "'/dev/serial/by-id/usb-Klipper_stm32f103xe_32FFD8054E58313732640643-if00'\n")


def test_build_offset_other_than_the_example_configs_header_is_fw001():
    assert first(SKR_MINI_HEADER + MENUCONFIG.format(offset="No bootloader") + NO_PORT) == "FW001"
    assert first(SKR_MINI_HEADER + MENUCONFIG.format(offset="32KiB bootloader") + NO_PORT) == "FW001"


def test_build_offset_as_the_header_says_is_not_fw001():
    assert "FW001" not in serious(SKR_MINI_HEADER + MENUCONFIG.format(offset="28KiB bootloader") + NO_PORT)


def test_header_and_build_without_a_failure_stay_healthy():
    assert serious(SKR_MINI_HEADER + MENUCONFIG.format(offset="No bootloader")) == []


def test_header_offset_with_katapult_in_the_paste_is_not_compared():
    katapult = SKR_MINI_HEADER.replace("usb-Klipper_stm32f103xe", "usb-katapult_stm32f103xe")
    assert "FW001" not in serious(katapult + MENUCONFIG.format(offset="8KiB bootloader") + NO_PORT)


def test_header_offering_two_offsets_decides_nothing():
    # config/generic-prusa-buddy.cfg @84104bb: the stock bootloader's offset, or "No bootloader"
    buddy = """\
# To use this config, the firmware should be compiled for the STM32F407. When
# running "make menuconfig", enable "extra low-level configuration setup",
# select the "128KiB + 512 byte offset" bootloader, and USB communication.
# If you prefer to remove Prusa's stock bootloader entirely, select the
# "No bootloader" option.

[stepper_x]
step_pin: PD1
"""
    assert "header_offset" not in (facts(buddy).get("klipper") or {}).get("printer_cfg", {})
    assert "FW001" not in serious(buddy + MENUCONFIG.format(offset="No bootloader").replace("STM32F103", "STM32F407") + NO_PORT)
