"""Session 18 deepening of SER006 (UART MCU never answers), SER007 (baud mismatch), USB003 (the device leaves the bus
under load) and FW001 (another application offset): the forms people paste for these faults beyond the cases at hand.
Each text is a real thread's line or the tool's source format filled in with realistic values (said where)."""

from __future__ import annotations

from tests.textkit import first, serious

# esptool 4.x-5.x loader.py: change_baud() calls flush_input(), a fresh slip_reader, so a first command at the new rate
# that gets no byte fails with the bare "No serial data received." (gaggiuino-esp32-loader#1 wraps it in flash_id's text)
ESP_BAUD_NO_DATA = """esptool.py v4.5.1
Serial port /dev/cu.usbserial-0001
Connecting....
Chip is ESP32-D0WD-V3 (revision v3.0)
Uploading stub...
Running stub...
Stub running...
Changing baud rate to 921600
Changed.
Configuring flash size...

A fatal error occurred: No serial data received."""


def test_esptool_no_data_after_the_baud_change_is_the_rate() -> None:
    assert first(ESP_BAUD_NO_DATA) == "SER007"


def test_esptool_no_data_at_connect_stays_not_in_download_mode() -> None:
    # loader.py connect(): the same text wrapped in "Failed to connect to ESP32: ..." (never reached the ROM)
    assert first("esptool.py v4.5\nSerial port COM3\nConnecting...\n\nA fatal error occurred: Failed to connect to ESP32: No serial data received.") == "BOOT001"


# ESP32 ROM boot log (115200) read cleanly up to "entry", then the sketch's output at another rate (U+FFFD per byte)
ESP32_BOOT_THEN_GARBAGE = """rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)
configsip: 0, SPIWP:0xee
mode:DIO, clock div:1
load:0x3fff0030,len:1344
load:0x40078000,len:13864
load:0x40080400,len:3608
entry 0x400805f0
\ufffd\u2400\u2400\ufffd\u2400\ufffd\ufffd\u2400\ufffd\u2400\ufffd\u2400\u2400\ufffd"""


def test_esp32_boot_log_then_undecodable_output_is_the_monitor_rate() -> None:
    assert first(ESP32_BOOT_THEN_GARBAGE) == "SER007"
    assert serious(ESP32_BOOT_THEN_GARBAGE.rsplit("\n", 1)[0] + "\nHello from setup()") == []


# pyserial 3.x serialposix.py / serialwin32.py after the port had opened: the device left the bus under it
def test_pyserial_io_errors_on_an_open_port_are_the_link_dropping() -> None:
    assert first("serial.serialutil.SerialException: read failed: [Errno 6] Device not configured") == "USB003"
    assert first("serial.serialutil.SerialException: write failed: [Errno 5] Input/output error") == "USB003"
    # pyserial #474's ClearCommError once the USB-serial cable was pulled (winerror 22)
    assert first("serial.serialutil.SerialException: ClearCommError failed (PermissionError(13, 'The device does not recognize the command.', None, 22))") == "USB003"
    assert first("serial.serialutil.SerialException: WriteFile failed (PermissionError(13, 'A device attached to the system is not functioning.', None, 31))") == "USB003"


def test_qgroundcontrol_write_failed_device_not_functioning() -> None:
    # qgroundcontrol#2571 (a Pixhawk on a weak USB 2 port; fixed on a USB 3 / powered port)
    text = "Found device: Pixhawk\nError: Sync: Send Command: Write failed: OS error: A device attached to the system is not functioning.\nUpgrade cancelled"
    assert first(text) == "USB003"


# Raspberry Pi OS cmdline.txt with the console on the UART; picocom 3.x's banner (picocom.c show_status)
CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=3ad7a6a4-02 rootfstype=ext4 fsck.repair=yes rootwait"
PICOCOM = """picocom v3.1

port is        : /dev/serial0
flowcontrol    : none
baudrate is    : 115200

Type [C-a] [C-h] to see available commands
Terminal ready"""


def test_a_terminal_on_the_host_uart_beside_the_serial_console() -> None:
    assert first(CMDLINE + "\n\n" + PICOCOM) == "SER006"
    assert serious(PICOCOM) == []


def test_empty_reads_beside_the_serial_console_are_its_getty() -> None:
    # pyserial serialposix.py read(): the console's getty reads the same UART
    text = CMDLINE + "\n\nserial.serialutil.SerialException: device reports readiness to read but returned no data (device disconnected or multiple access on port?)"
    assert first(text) == "SER006"


# Klipper config/printer-creality-ender3-s1-2021.cfg header with a .config built for another offset (Discourse 2691)
def test_header_offset_against_a_config_with_no_failure_line_stays_healthy() -> None:
    """(lead s18) The header-against-build comparison needs a failure in the paste (deepen-s16's decision, kept): with
    no failure shown, a build for another offset may be deliberate (the stock bootloader replaced or erased)."""
    text = """# This file contains pin mappings for the Creality Ender 3 S1. To use
# this config, during "make menuconfig" select the STM32F401 with a
# "64KiB bootloader" and serial (on USART1 PA10/PA9) communication.

[mcu]
serial: /dev/ttyUSB0

CONFIG_LOW_LEVEL_OPTIONS=y
CONFIG_MACH_STM32=y
CONFIG_BOARD_DIRECTORY="stm32"
CONFIG_MCU="stm32f401xc"
CONFIG_CLOCK_FREQ=84000000
CONFIG_SERIAL=y
CONFIG_FLASH_SIZE=0x40000
CONFIG_FLASH_BOOT_ADDRESS=0x8000000
CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000
CONFIG_STM32_FLASH_START_8000=y
CONFIG_STM32_SERIAL_USART1=y
CONFIG_SERIAL_BAUD=250000"""
    assert "FW001" not in serious(text)


def test_pyserial_configure_failure_at_open_is_not_a_dropped_link() -> None:
    # pyserial serialwin32.py _reconfigure_port(): SetCommState refused at the open (a driver or device that never worked)
    text = "serial.serialutil.SerialException: Cannot configure port, something went wrong. Original message: PermissionError(13, 'A device attached to the system is not functioning.', None, 31)"
    assert first(text) != "USB003"


def test_minicom_banner_on_the_uart_beside_a_console() -> None:
    # minicom 2.6 banner ("Port /dev/ttyAMA0"), Raspbian wheezy cmdline.txt with the console on ttyAMA0
    text = "dwc_otg.lpm_enable=0 console=ttyAMA0,115200 kgdboc=ttyAMA0,115200 console=tty1 root=/dev/mmcblk0p2 rootwait\n\nOPTIONS: I18n\nCompiled on Apr 28 2012, 19:24:31.\nPort /dev/ttyAMA0"
    assert first(text) == "SER006"


def test_cp210x_request_failing_with_enodev_is_the_device_gone() -> None:
    # drivers/usb/serial/cp210x.c cp210x_write_reg_block(): "failed set request 0x%x status: %d"
    assert first("[ 4321.123456] cp210x ttyUSB0: failed set request 0x12 status: -19") == "USB003"


def test_menuconfig_baud_against_printer_cfg_default() -> None:
    # Klipper src/Kconfig SERIAL_BAUD prompt as make menuconfig shows it; printer.cfg without baud (250000)
    text = """    [*] Enable extra low-level configuration options
        Micro-controller Architecture (STMicroelectronics STM32)  --->
        Processor model (STM32F103)  --->
        Communication interface (Serial (on USART1 PA10/PA9))  --->
    (115200) Baud rate for serial port

[mcu]
serial: /dev/ttyAMA0

mcu 'mcu': Starting serial connect
mcu 'mcu': Timeout on connect"""
    assert first(text) == "SER007"


# esptool 3.x output (loader.py/cmds.py formats) after the command MicroPython's download page gives, with 0x0 for 0x1000
MPY_AT_0 = """$ esptool.py --chip esp32 --port /dev/ttyUSB0 write_flash -z 0x0 esp32-20220117-v1.18.bin
esptool.py v3.2
Serial port /dev/ttyUSB0
Connecting....
Chip is ESP32-D0WDQ6 (revision 1)
Uploading stub...
Running stub...
Stub running...
Configuring flash size...
Flash will be erased from 0x00000000 to 0x00179fff...
Compressed 1547136 bytes to 1010713...
Wrote 1547136 bytes (1010713 compressed) at 0x00000000 in 89.4 seconds (effective 138.4 kbit/s)...
Hash of data verified.

Leaving...
Hard resetting via RTS pin..."""


def test_micropython_esp32_image_written_at_0x0() -> None:
    assert first(MPY_AT_0) == "FW001"
    assert serious(MPY_AT_0.replace(" 0x0 esp32-", " 0x1000 esp32-").replace("at 0x00000000", "at 0x00001000")) == []
    # a factory image built for 0x0 (ESPHome, Tasmota) is right there
    assert serious(MPY_AT_0.replace("esp32-20220117-v1.18.bin", "livingroom.factory.bin")) == []


def test_esp_image_invalid_magic_line_cut_by_the_paste() -> None:
    # ESP-IDF esp_image_format.c "image at 0x%x has invalid magic byte", cut by the source (amazon-freertos#158)
    text = "E (108) boot: ota data partition invalid and no factory, will try all partitions\nE (116) esp_image: image at 0x20000 has in..."
    assert first(text) == "FW001"


def test_pi5_serial0_is_the_debug_connector() -> None:
    # `ls -l /dev/serial*` on a Raspberry Pi 5 (serial0 -> ttyAMA10, the 3-pin debug UART), printer.cfg's [mcu] on serial0
    text = """pi@raspberrypi:~ $ ls -l /dev/serial*
lrwxrwxrwx 1 root root 8 Mar  3 10:12 /dev/serial0 -> ttyAMA10

[mcu]
serial: /dev/serial0
restart_method: command

mcu 'mcu': Starting serial connect
mcu 'mcu': Timeout on connect"""
    assert first(text) == "SER006"
    # the same printer.cfg whose [mcu] header line went with the listing's block: serial0 alone still reads as [mcu]
    assert first("serial: /dev/serial0\nrestart_method: command\n\nmcu 'mcu': Starting serial connect\nmcu 'mcu': Timeout on connect") == "SER006"


def test_klipper_2021_timeout_on_connect_without_the_mcu_name() -> None:
    # klippy/serialhdl.py 9d3a3f3f3 (2021-01-30) to 31fcd491f (2021-06-09): logging.info("Timeout on connect"), no warn_prefix
    # (Klipper3d/klipper#4158's paste: printer.cfg in configparser form, a UART MCU)
    text = "[mcu]\nserial = /dev/ttyAMA0\nrestart_method = command\n\nStarting serial connect\nTimeout on connect\nWait for identify_response"
    assert first(text) == "SER006"


def test_cubeprogrammer_writes_klipper_bin_at_the_flash_start() -> None:
    # STM32CubeProgrammer 2.x CLI download block (its format, -w out/klipper.bin 0x08000000) beside Klipper's .config built
    # for a 32KiB bootloader (FYSETC-SPIDER#45 wrote Klipper with STM32CubeProgrammer)
    text = """CONFIG_MCU="stm32f446xx"
CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000
CONFIG_STM32_FLASH_START_8000=y
CONFIG_USBSERIAL=y

$ STM32_Programmer_CLI -c port=usb1 -w out/klipper.bin 0x08000000 -v
      -------------------------------------------------------------------
                        STM32CubeProgrammer v2.14.0
      -------------------------------------------------------------------

Memory Programming ...
Opening and parsing file: klipper.bin
  File          : klipper.bin
  Size          : 29.45 KB
  Address       : 0x08000000

Download in Progress:

File download complete
Verifying ...
Download verified successfully"""
    assert first(text) == "FW001"
    assert serious(text.replace("0x8008000", "0x8000000").replace("FLASH_START_8000", "FLASH_START_0000")) == []
