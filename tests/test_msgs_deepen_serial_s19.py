"""Rows, derived facts and rules changed in the deepen-serial round (session 19): the serial port missing (SER005, against
a listing of the ports that do exist: `arduino-cli board list`, a Windows COM listing, a macOS /dev/cu.* listing, with
avrdude's ser_open() counted), held (SER003: a holder named by fuser beats ModemManager's inference), refused (SER004: the
strerror after a port an open message names), and brltty's grab (SER001: a bridge of its table on the bus and no tty at
all; a driver that unloaded is not brltty)."""

from __future__ import annotations

from tests.textkit import first, serious

# arduino-cli internal/cli/board/list.go listResult.String (Port, Protocol, Type, Board Name, FQBN, Core) and avrdude 6.3
# ser_posix.c ser_open() ("can't open device \"%s\": %s"): the Uno is listed on ttyACM1, the upload was given ttyACM0
BOARD_LIST_ACM1 = """$ arduino-cli board list
Port         Protocol Type              Board Name  FQBN            Core
/dev/ttyACM1 serial   Serial Port (USB) Arduino Uno arduino:avr:uno arduino:avr
/dev/ttyS0   serial   Serial Port       Unknown
$ arduino-cli upload -p /dev/ttyACM0 --fqbn arduino:avr:uno Blink
avrdude: ser_open(): can't open device "/dev/ttyACM0": No such file or directory
Failed uploading: uploading error: exit status 1"""

# real thread (arduino/arduino-cli#458): arduino-cli 0.6's board list (no Protocol column) shows ttyACM0, the upload was
# given /dev/ttyAMC0 (two letters swapped)
CLI_458 = """No new serial port detected.
avrdude: ser_open(): can't open device "/dev/ttyAMC0": No such file or directory
Error during Upload: uploading error: exit status 1

Port         Type              Board Name FQBN Core
/dev/ttyACM0 Serial Port (USB) Unknown
/dev/ttyS0   Serial Port       Unknown"""

# Klipper scripts/flash_usb.py translate_serial_to_tty() and its STM32F4_HELP block: no /dev/serial/by-path at all
FLASH_USB_NO_BY_PATH = """  Flashing out/klipper.bin to /dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00

Failed to flash to /dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00: Unable to find serial 'by-path' folder

If the device is already in bootloader mode it can be flashed with the
following command:
  make flash FLASH_DEVICE=0483:df11"""

# PlatformIO core 6.x `pio device list` (platformio/device/list/command.py) and esptool v4.2-v4.6 loader.py ("Could not open
# %s, the port doesn't exist" for any SerialException): the CP2102 is COM6, the upload was given COM4
PIO_LIST_COM6 = """> pio device list
COM1
----
Hardware ID: ACPI\\PNP0501\\0
Description: Communications Port (COM1)

COM6
----
Hardware ID: USB VID:PID=10C4:EA60 SER=0001 LOCATION=1-3
Description: Silicon Labs CP210x USB to UART Bridge (COM6)

> pio run -t upload --upload-port COM4
Uploading .pio\\build\\esp32dev\\firmware.bin
esptool.py v4.5.1
Serial port COM4

A fatal error occurred: Could not open COM4, the port doesn't exist
*** [upload] Error 2"""

# Windows Device Manager's Ports (COM & LPT) name of the CP210x (Silicon Labs driver) and esptool v4.2-v4.6's any-failure
# wording for the port the IDE still had selected
DEVMGR_COM6 = """Silicon Labs CP210x USB to UART Bridge (COM6)
A fatal error occurred: Could not open COM3, the port doesn't exist"""

# macOS `ls /dev/cu.*` and esptool v4.4 (the same any-failure wording): the adapter's name carries the USB location, and
# the one given is not listed in either the cu. or the tty. form
MAC_LIST = """$ ls /dev/cu.*
/dev/cu.Bluetooth-Incoming-Port /dev/cu.usbserial-14210
$ esptool.py --port /dev/cu.usbserial-1420 flash_id
esptool.py v4.4
Serial port /dev/cu.usbserial-1420

A fatal error occurred: Could not open /dev/cu.usbserial-1420, the port doesn't exist"""

# real log line (p1_prometheus_exporter_rs troubleshooting docs): the cause after the port on the same line
SAME_LINE_DENIED = "ERROR p1_prometheus_exporter_rs] Failed to open serial port /dev/ttyUSB0: Permission denied"

# a program's own existence check (pymodbus-based logger: logger.error("Serial port %s does not exist", port)) and the
# openHAB 1.x Z-Wave binding's PortInUseException ("Serial port %s is in use")
OWN_CHECK_MISSING = "Serial port /dev/ttyUSB0 does not exist"
OWN_CHECK_IN_USE = "ZWaveException: Serial port /dev/ttyACM0 is in use"

# minicom 2.7 ("minicom: cannot open %s: %s") with psmisc fuser -v naming klippy as the holder: no ModemManager guess
BUSY_ACM_HOLDER_NAMED = """minicom: cannot open /dev/ttyACM0: Device or resource busy
$ sudo fuser -v /dev/ttyACM0
                     USER        PID ACCESS COMMAND
/dev/ttyACM0:        pi         812 F.... klippy.py"""

# usbutils lsusb (CH340 1a86:7523) and coreutils ls on the tty glob: the bridge is on the bus, no tty exists
CH340_NO_TTY = """$ lsusb
Bus 001 Device 005: ID 1a86:7523 QinHeng Electronics CH340 serial converter
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
$ ls /dev/ttyUSB*
ls: cannot access '/dev/ttyUSB*': No such file or directory"""

# usbutils lsusb with the Arduino IDE 2 / arduino-cli upload's "no upload port provided" (arduino-cli 0.x-1.x): the bridge is
# on the bus, the tools see no port for it
CH340_NO_UPLOAD_PORT = """$ lsusb
Bus 001 Device 005: ID 1a86:7523 QinHeng Electronics CH340 serial converter
Failed uploading: no upload port provided"""

# systemd's `systemctl status brltty-udev` (Debian/Ubuntu unit) running, no tty listed
BRLTTY_UNIT_NO_TTY = """$ systemctl status brltty-udev
● brltty-udev.service - Braille Device Support
     Loaded: loaded (/lib/systemd/system/brltty-udev.service; static)
     Active: active (running) since Mon 2026-12-07 07:00:01 UTC; 5min ago
$ ls /dev/ttyUSB*
ls: cannot access '/dev/ttyUSB*': No such file or directory"""

# real dmesg (wjakob/libftdi#2): usb-serial.c usb_serial_deregister() before the detach: the driver was unloaded
FTDI_DRIVER_UNLOADED = """[   10.110208] usbserial: USB Serial support registered for FTDI USB Serial Device
[   10.117813] ftdi_sio 2-1:1.0: FTDI USB Serial Device converter detected
[   10.631320] usb 2-1: FTDI USB Serial Device converter now attached to ttyUSB0
[   70.117061] usbserial: USB Serial deregistering driver FTDI USB Serial Device
[   70.142658] ftdi_sio ttyUSB0: FTDI USB Serial Device converter now disconnected from ttyUSB0"""


def test_board_list_names_the_port_avrdude_missed() -> None:
    assert first(BOARD_LIST_ACM1) == "SER005"


def test_old_board_list_and_a_swapped_name() -> None:
    assert first(CLI_458) == "SER005"


def test_flash_usb_without_any_serial_device() -> None:
    assert first(FLASH_USB_NO_BY_PATH) == "SER005"


def test_com_listing_lacks_the_port_given() -> None:
    assert first(PIO_LIST_COM6) == "SER005"
    assert first(DEVMGR_COM6) == "SER005"


def test_macos_listing_lacks_the_port_given() -> None:
    assert first(MAC_LIST) == "SER005"


def test_cause_after_the_named_port() -> None:
    assert first(SAME_LINE_DENIED) == "SER004"


def test_own_port_checks() -> None:
    assert first(OWN_CHECK_MISSING) == "SER005"
    assert first(OWN_CHECK_IN_USE) == "SER003"


def test_named_holder_beats_modemmanager_guess() -> None:
    assert first(BUSY_ACM_HOLDER_NAMED) == "SER003"


def test_brltty_bridge_without_tty() -> None:
    assert first(CH340_NO_TTY) == "SER001"
    assert first(CH340_NO_UPLOAD_PORT) == "SER001"
    assert first(BRLTTY_UNIT_NO_TTY) == "SER001"


def test_driver_unloaded_is_not_brltty() -> None:
    assert "SER001" not in serious(FTDI_DRIVER_UNLOADED)
