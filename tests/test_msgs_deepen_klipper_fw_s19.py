"""Session 19 deepening of the Klipper forms of BOOT009 (stuck in Katapult), FW001 (offset), FW002 (target), FW003 (crystal)
and USB003 (a lossy link): the forms people paste beside klippy's failure that doctor had not read. Each text is the tool's
source format filled in with realistic values (said where)."""

from __future__ import annotations

from tests.textkit import first, serious

# klippy/serialhdl.py connect_uart(): "Unable to open serial port: %s" with pyserial's ENOENT text
OPEN_FAIL = ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32f446xx_"
             "2A0047000F51313133383438-if00: [Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32f446xx_"
             "2A0047000F51313133383438-if00'")

# the kernel's enumeration (drivers/usb/core/hub.c announce_device) of Katapult's USB CDC (src/generic/usb_cdc.c: manufacturer
# "katapult", product = CONFIG_MCU, 1d50:6177)
DMESG_KATAPULT = """[ 5123.456789] usb 1-1.3: new full-speed USB device number 7 using xhci_hcd
[ 5123.612345] usb 1-1.3: New USB device found, idVendor=1d50, idProduct=6177, bcdDevice= 1.00
[ 5123.612360] usb 1-1.3: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[ 5123.612367] usb 1-1.3: Product: stm32f446xx
[ 5123.612373] usb 1-1.3: Manufacturer: katapult
[ 5123.612379] usb 1-1.3: SerialNumber: 2A0047000F51313133383438
[ 5123.620011] cdc_acm 1-1.3:1.0: ttyACM0: USB ACM device"""


def test_boot009_kernel_enumerates_katapult_where_klipper_path_is_missing() -> None:
    assert first(OPEN_FAIL + "\n\n" + DMESG_KATAPULT) == "BOOT009"
    assert "BOOT009" not in serious(DMESG_KATAPULT)  # Katapult on the bus alone: a board being flashed


# Katapult scripts/flashtool.py (CanFlasher.connect_btl/verify_file output, main()'s "Programming Complete"), then Klipper's
# scripts/canbus_query.py ("Found canbus_uuid=%s, Application: %s")
FLASH = """pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u e5a7c42b8ac4 -f ~/klipper/out/klipper.bin
Application Start: 0x8002000
MCU type: stm32g0b1xx
Flashing '/home/pi/klipper/out/klipper.bin'...
Write complete: 13 pages
Verification Complete: SHA = 3F1A7C0D2B9E8F6A5C4D3E2F1A0B9C8D7E6F5A4B
Programming Complete"""
QUERY = """pi@voron:~ $ python3 ~/klipper/scripts/canbus_query.py can0
Found canbus_uuid=e5a7c42b8ac4, Application: Katapult
Total 1 uuids found"""


def test_boot009_node_still_in_katapult_after_a_completed_flash() -> None:
    assert first(FLASH + "\n" + QUERY) == "BOOT009"
    # the query that found the uuid before the flash is the normal first step
    assert serious(QUERY + "\n" + FLASH) == []


# config/generic-ldo-leviathan-v1.2.cfg's header (@84104bb) above the person's printer.cfg, a .config built for an 8 MHz
# crystal (src/stm32/Kconfig STM32_CLOCK_REF_8M), and klippy's open failure
OCTOPUS_HEADER = """# This file contains common pin mappings for the LDO Leviathan v1.2.

# To use this config, during "make menuconfig", select "Enable
# low-level configuration options", select the STM32F446 micro-controller,
# select a "32KiB bootloader", and select a "12Mhz crystal".

[mcu]
serial: /dev/serial/by-id/usb-Klipper_stm32f446xx_2A0047000F51313133383438-if00
"""
OCTOPUS_BUILD = """CONFIG_MCU="stm32f446xx"
CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000
CONFIG_STM32_FLASH_START_8000=y
CONFIG_STM32_CLOCK_REF_8M=y
CONFIG_CLOCK_REF_FREQ=8000000
CONFIG_USBSERIAL=y
"""


def test_fw003_header_crystal_against_the_build() -> None:
    assert first(OCTOPUS_HEADER + "\n" + OCTOPUS_BUILD + "\n" + OPEN_FAIL) == "FW003"
    assert "FW003" not in serious(OCTOPUS_HEADER + "\n" + OCTOPUS_BUILD)  # no failure shown: nothing to explain
    right = OCTOPUS_BUILD.replace("CLOCK_REF_8M", "CLOCK_REF_12M").replace("=8000000", "=12000000")
    assert "FW003" not in serious(OCTOPUS_HEADER + "\n" + right + "\n" + OPEN_FAIL)


# config/printer-creality-cr10-smart-cr-fdm-v2.5.s1-2022.cfg's header (@84104bb) with a build for another MCU, then klippy's timeout
S1_HEADER = """# This file contains pin mappings for the Creality CR-10 Smart
# with a CR-FDM-v2.5.S1 mainboard (STM32F103RET6).

# To use this config, during "make menuconfig" select the STM32F103
# with a "64KiB bootloader" and serial (on USART1 PA10/PA9) communication.
"""
TIMEOUT = "mcu 'mcu': Starting serial connect\nmcu 'mcu': Timeout on connect\nmcu 'mcu': Wait for identify_response"


def test_fw002_header_mcu_against_the_build() -> None:
    build = 'CONFIG_MCU="stm32f401xc"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8010000\nCONFIG_SERIAL=y\n'
    assert first(S1_HEADER + "\n" + build + "\n" + TIMEOUT) == "FW002"
    right = build.replace("stm32f401xc", "stm32f103xe")
    assert "FW002" not in serious(S1_HEADER + "\n" + right + "\n" + TIMEOUT)


def test_fw002_header_interface_against_the_build() -> None:
    # config/generic-bigtreetech-skr-mini-e3-v2.0.cfg's header: USB; the build is for USART1
    header = """# This file contains common pin mappings for the BIGTREETECH SKR mini
# E3 v2.0. To use this config, the firmware should be compiled for the
# STM32F103 with a "28KiB bootloader" and USB communication. Also,
# select "Enable extra low-level configuration options" and configure
# "GPIO pins to set at micro-controller startup" to "!PA14".
"""
    build = 'CONFIG_MCU="stm32f103xe"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8007000\nCONFIG_SERIAL=y\nCONFIG_STM32_SERIAL_USART1=y\n'
    assert first(header + "\n" + build + "\n" + "mcu 'mcu': Unable to connect") == "FW002"
    usb = build.replace("CONFIG_SERIAL=y\nCONFIG_STM32_SERIAL_USART1=y", "CONFIG_USBSERIAL=y")
    assert "FW002" not in serious(header + "\n" + usb + "\n" + "mcu 'mcu': Unable to connect")


def test_fw002_usb_build_on_a_ch340_board() -> None:
    # .config for USB (src/stm32/Kconfig USBSERIAL), /dev/serial/by-id listing only the board's CH340 (udev's usb-1a86_ name)
    text = """CONFIG_MCU="stm32f103xe"
CONFIG_FLASH_APPLICATION_ADDRESS=0x8007000
CONFIG_USBSERIAL=y

pi@octopi:~ $ ls /dev/serial/by-id/
usb-1a86_USB_Serial-if00-port0

""" + TIMEOUT
    assert first(text) == "FW002"
    assert "FW002" not in serious(text.replace("CONFIG_USBSERIAL=y", "CONFIG_SERIAL=y"))


def test_fw001_lpc176x_build_without_its_bootloader() -> None:
    # make menuconfig on Klipper src/lpc176x/Kconfig (Bootloader offset "No bootloader"), then klippy's failure
    text = """    Micro-controller Architecture (LPC176x (Smoothieboard))  --->
    Processor model (lpc1769 (120 MHz))  --->
    Bootloader offset (No bootloader)  --->
    Communication interface (USB)  --->

mcu 'mcu': Unable to connect"""
    assert first(text) == "FW001"
    assert "FW001" not in serious(text.replace("(No bootloader)", "(16KiB bootloader)"))
    # the 2018-2020 menu (src/lpc176x/Kconfig 4344f7fc1): the bootloader box left unticked
    assert first(text.replace("    Bootloader offset (No bootloader)  --->", "[ ] Target board uses Smoothieware bootloader")) == "FW001"


# klippy/mcu.py stats (serialhdl.py: bytes_retransmit) once a second, then klippy's loss of the MCU
_STATS = ("Stats {t}: gcodein=0  mcu: mcu_awake=0.005 mcu_task_avg=0.000011 mcu_task_stddev=0.000011 bytes_write={w} "
          "bytes_read=301822 bytes_retransmit={r} bytes_invalid=0 send_seq=51244 receive_seq=51244 retransmit_seq=2 srtt=0.003 "
          "rttvar=0.002 rto=0.025 ready_bytes=0 upcoming_bytes=0 freq=180000623 sysload=0.35 cputime=120.311 memavail=612232")
LOST = "Timeout with MCU 'mcu' (eventtime=4513.452144)\nTransition to shutdown state: Lost communication with MCU 'mcu'"


def _stats(values: list[int]) -> str:
    return "\n".join(_STATS.format(t=4500 + i, w=1500000 + 1000 * i, r=r) for i, r in enumerate(values))


def test_usb003_retransmits_growing_before_the_loss() -> None:
    assert first(_stats([9, 9, 9, 371, 914, 1802]) + "\n" + LOST) == "USB003"
    assert first(_stats([9, 9, 9, 9, 9, 9]) + "\n" + LOST) != "USB003"  # a flat count: nothing says the link was lossy
    assert serious(_stats([9, 9, 371, 914])) == []  # retransmits without a loss are no fault
    # the MCU on CAN (klippy.log's config dump): the CAN bus's matter, not USB
    can = "[mcu]\ncanbus_uuid = 0e0d81e4210c\n\n"
    assert first(can + _stats([9, 9, 9, 371, 914, 1802]) + "\n" + LOST) != "USB003"


def test_boot001_double_press_said_not_to_enter_katapult() -> None:
    # the prose of the threads where Katapult was built without CONFIG_ENABLE_DOUBLE_RESET
    assert first("I double-clicked the reset button but it never enters Katapult, ls /dev/serial/by-id still shows usb-Klipper_stm32g0b1xx") == "BOOT001"
    assert first("The double reset into katapult doesn't work on my EBB36.") == "BOOT001"
    assert serious("How do I double click reset to enter katapult?") == []
    assert serious("Double pressing reset enters Katapult fine, but Klipper does not start after flashing.") == []


def test_ser006_console_py_on_a_host_uart_times_out() -> None:
    # klippy/console.py's banner and connect line, serialhdl.py's messages through logging's default format
    text = """pi@raspberrypi:~ $ ~/klippy-env/bin/python ~/klipper/klippy/console.py /dev/ttyAMA0 250000
  This is a debugging console for the Klipper micro-controller.
==================== attempting to connect ====================
INFO:root:Starting serial connect
INFO:root:Timeout on connect"""
    assert first(text) == "SER006"
    assert first(text.replace("/dev/ttyAMA0", "/dev/ttyACM0")) != "SER006"


def test_boot009_usb_board_still_katapult_in_by_id_after_a_completed_flash() -> None:
    # flashtool.py over the usb-katapult_ device (SerialSocket + CanFlasher output), then `ls /dev/serial/by-id/`
    flash = """pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -d /dev/serial/by-id/usb-katapult_stm32f446xx_2A0047000F51313133383438-if00 -f ~/klipper/out/klipper.bin
Connecting to Serial Device /dev/serial/by-id/usb-katapult_stm32f446xx_2A0047000F51313133383438-if00, baud 250000
Detected USB device running Katapult
Attempting to connect to bootloader
Katapult Connected
Application Start: 0x8008000
MCU type: stm32f446xx
Flashing '/home/pi/klipper/out/klipper.bin'...
Write complete: 29 pages
Verification Complete: SHA = 45576FC974FC4F9694A7F32515AC2D497817CA70
Programming Complete"""
    listing = "pi@voron:~ $ ls /dev/serial/by-id/\nusb-katapult_stm32f446xx_2A0047000F51313133383438-if00"
    assert first(flash + "\n" + listing) == "BOOT009"
    assert serious(listing + "\n" + flash) == []
    assert serious(flash + "\n" + listing.replace("usb-katapult_", "usb-Klipper_")) == []


def test_katapult_deployer_leaves_the_board_in_katapult_by_design() -> None:
    # Katapult README "Updating Katapult": flashing out/deployer.bin replaces the bootloader; the node then waits in Katapult
    deployer = FLASH.replace("klipper/out/klipper.bin", "katapult/out/deployer.bin")
    assert serious(deployer + "\n" + QUERY) == []
