"""Session 15, thin ids RP001 RP002 RP003 SD002 SD003 AVR002 SWD005 USB005: the forms a person with the fault pastes.

Families fixed: Klipper's rp2040_flash reboot failure pasted from "Rebooting device" or the failure line on (the reboot
is sent only after every erase and write, lib/rp2040_flash/main.c picoboot_flash()) and picotool `load -x`/`-f` failing
at the reboot after a 100% load (RP001); prose that the RP2040 board appears only after RESET in more wordings, is lost
after the host restarts or after an unplug (RP002); picotool's `info FILE.uf2` family heading beside the chip named, the
drive that "disappears and comes back", a shell session's copy and its later listing in separate blocks (RP003);
prose that flash-sdcard.sh lacks the board or that its board_defs.py entry is wrong (SD003); prose that the USBasp's
vendor string is not fischl.de (AVR002); st-flash --connect-under-reset failing with NRST not connected, and OpenOCD's
connect_assert_srst still failing "init mode failed" (SWD005); a Windows hardware id 03EB:2FEF inside an Arduino IDE
paste, and the Uno's ttyACM gone beside lsusb's 03eb:2fef (USB005)."""

from __future__ import annotations

from tests.textkit import events, first, serious

# ---- RP001 -----------------------------------------------------------------------------------------------------------

# Klipper lib/rp2040_flash/main.c report_error(): the paste starts at the reboot step (format from the source; the full
# make flash output is tests/cases/rp2040-eddy-reboot-command-failed)
RP2040_FLASH_TAIL = """
Rebooting device
Command reboot failed with status 1: unknown command

Failed to flash to 2e8a:0003: Error running rp2040_flash
"""

# the same, with libusb's code when the ROM already left the bus (report_error's format, status_codes_strings)
RP2040_FLASH_IO = """
Rebooting device
Command reboot failed with status -1: LIBUSB_ERROR_IO
"""

# picotool 1.1-2.3 main.cpp load_guts(): the load reached 100%, the -x reboot failed and was caught at the top
PICOTOOL_LOAD_X = """
$ picotool load -x klipper.uf2
Loading into Flash: [==============================]  100%
ERROR: Communication with RP2040 device failed
"""

# the same with -v: the verify said OK, then the reboot's command failed ("device returned an error: <unknown>")
PICOTOOL_LOAD_VX = """
$ sudo picotool load -v -x build/blink.uf2
Loading into Flash: [==============================]  100%
Verifying Flash:    [==============================]  100%
  OK
ERROR: The RP2040 device returned an error: <unknown>
"""

# a failure during the verify is not the reboot
PICOTOOL_VERIFY_CUT = """
$ picotool load -v -x blink.uf2
Loading into Flash: [==============================]  100%
Verifying Flash:    [=====                         ]  17%
ERROR: Communication with RP2040 device failed
"""


def test_rp2040_flash_reboot_failure_cut_at_the_step() -> None:
    assert first(RP2040_FLASH_TAIL) == "RP001"
    assert first(RP2040_FLASH_IO) == "RP001"


def test_rp2040_flash_reboot_failure_with_the_start_but_no_steps_stays_unwritten() -> None:
    text = "Loaded UF2 image with 149 pages\nCommand reboot failed with status 1: unknown command\n"
    assert "reboot_failed" not in [e["kind"] for e in events(text, "flash")]


def test_picotool_load_x_reboot_failure() -> None:
    assert first(PICOTOOL_LOAD_X) == "RP001"
    assert first(PICOTOOL_LOAD_VX) == "RP001"
    assert "RP001" not in serious(PICOTOOL_VERIFY_CUT)


# ---- RP002 -----------------------------------------------------------------------------------------------------------

# FYSETC-R4#2 (used) wording with the board named; katapult#58 (an SB2040 lost after every restart); hid-remapper#42 (an
# RP2040-Zero clone not found after a replug, crystal start-up)
SAID_AFTER_RESET = "Every time I power on the printer the SKR Pico isn't found by Klipper, I have to press the reset button on the board and then it connects."
SAID_ONCE_PRESSED = "After every cold boot Klipper can't connect to the Pico. Once I press the reset button on the Pico it shows up fine."
SAID_LSUSB_UNTIL = "My SKR Pico is not detected after a reboot of the CB1. lsusb does not show it until I press the reset button on the board."
SAID_RESTART_EVERYTHING = """I instaled CanBoot + Klipper on my SB2040 Toolboard
Now every time I restart everything the Toolboard is not recognized."""
SAID_REPLUG = """I have a couple of clones (from ali) of the rp2040-zero.
When I load the uf2 it works fine. But if I pull the connection to the pc and reconnect it's not found by the pc (windows) and I have to reset with the boot button held and get an empty drive (there's just the html/txt file with board info).."""
# SKR-Pico#2 (used): the chore after "always"
SAID_ALWAYS = """So I followed the instructions about getting a new firmware on the Pico.

The problem is that I always need to kill the Klipper service then press the restart button on the board and then restart the Klipper service"""
# the host's view empty "until" RESET is not a board that never enumerates (USB001)
SAID_DMESG_UNTIL = "After a cold boot the SKR Pico is missing, dmesg shows nothing until I press the reset button on the board."
SAID_LSUSB_UNTIL2 = "The Pico does not show up in lsusb until I press the reset button."
# entering BOOTSEL is not the cold-start fault
SAID_BOOTSEL = "After pressing the reset button while holding BOOTSEL on the Pico it shows up as RPI-RP2."


def test_rp_prose_forms() -> None:
    for text in (SAID_AFTER_RESET, SAID_ONCE_PRESSED, SAID_LSUSB_UNTIL, SAID_RESTART_EVERYTHING, SAID_REPLUG, SAID_ALWAYS, SAID_DMESG_UNTIL, SAID_LSUSB_UNTIL2):
        assert first(text) == "RP002", text
    assert "RP002" not in serious(SAID_BOOTSEL)


# ---- RP003 -----------------------------------------------------------------------------------------------------------

# picotool 2.x info_guts() heading ("File %s family ID %s:") and the chip the poster names
PICOTOOL_INFO_FILE = """
$ picotool info -a blink.uf2
File blink.uf2 family ID 'rp2040':

Program Information
 name:          blink
 binary start:  0x10000000

I dragged this onto my Pico 2 and nothing happens, the drive just stays there.
"""
SAID_COMES_BACK = "I copied the uf2 to the RP2350 drive, it disappears and comes back again. Firmware doesn't flash."


# picotool 2.x main.cpp load_command::execute(): the error without the family line before it (cut from the paste)
PICOTOOL_NO_PT = """
$ picotool load blink.uf2 -fx
ERROR: This file cannot be loaded onto a device with no partition table
"""


def test_rp003_forms() -> None:
    assert first(PICOTOOL_NO_PT) == "RP003"
    assert first(PICOTOOL_INFO_FILE) == "RP003"
    assert first(SAID_COMES_BACK) == "RP003"


# arduino-pico 4.x: platform.txt's `picotool uf2 convert ... {build.uf2family}` (boards.txt: --family rp2040 for a Pico build)
# and tools/uf2conv.py's "Flashing %s (%s)" with the drive's Board-ID (paths and sizes realistic)
ARDUINO_PICO_UPLOAD = """
"C:\\Users\\me\\AppData\\Local\\Arduino15\\packages\\rp2040\\tools\\pqt-picotool\\4.1.0-1aec55e/picotool" uf2 convert "C:\\Temp\\A1/Blink.ino.elf" "C:\\Temp\\A1/Blink.ino.uf2" --family rp2040
Sketch uses 53560 bytes (2%) of program storage space. Maximum is 2093056 bytes.
Resetting COM5
Converting to uf2, output size: 130560, start address: 0x2000
Scanning for RP2040 devices
Flashing E: (RP2350)
Wrote 130560 bytes to E:/NEW.UF2
"""


def test_rp003_arduino_pico_build_family_against_the_drive() -> None:
    assert first(ARDUINO_PICO_UPLOAD) == "RP003"
    matching = ARDUINO_PICO_UPLOAD.replace("--family rp2040", "--family rp2350-arm-s --abs-block")
    assert "RP003" not in serious(matching)
    assert "RP003" not in serious(ARDUINO_PICO_UPLOAD.replace("(RP2350)", "(RPI-RP2)"))


def test_rp003_shell_copy_and_later_listing_across_blocks() -> None:
    # tests/cases/klipper-pico2-rp2350-cp-klipper-uf2-drive-comes-back with an `ls /dev/serial/by-id` between
    text = """user@3dprinter:~/klipper $ sudo cp ~/klipper/out/klipper.uf2 /mnt/pico
user@3dprinter:~/klipper $ sudo umount /mnt/pico
user@3dprinter:~/klipper $ ls /dev/serial/by-id/*
/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0
user@3dprinter:~/klipper $ sudo mount /dev/sdb1 /mnt/pico
user@3dprinter:~/klipper $ ls /mnt/pico
INDEX.HTM  INFO_UF2.TXT
"""
    assert "said_uf2_not_applied" in [e["kind"] for e in events(text, "flash", "uf2-drive")]


# ---- SD002 / SD003 ---------------------------------------------------------------------------------------------------

# spi_flash.py verify_flash(): the version did not change and no FIRMWARE.CUR could be read (format from the source)
SD_VALIDATION = """
Verifying Flash...Version unchanged...Checksum skipped...
SD Card Flash Error: Validation failure.
"""
# Klipper #4838 (Fysetc Spider), and the list prose
SAID_DEFS_WRONG = "The profile for the Fysetc Spider flash-sdcard.sh script fails with an OSError.  The board_defs.py configuration appears to be incorrect, and should instead be:"
SAID_NOT_LISTED = "My board (MKS Robin Nano V3) is not in the list from flash-sdcard.sh -l."
NOT_A_BOARD_CLAIM = "I ran flash-sdcard.sh and firmware.bin is not listed on the card afterwards"


def test_sd_forms() -> None:
    assert first(SD_VALIDATION) == "SD002"
    assert first(SAID_DEFS_WRONG) == "SD003"
    assert first(SAID_NOT_LISTED) == "SD003"
    assert "SD003" not in serious(NOT_A_BOARD_CLAIM)


# ---- AVR002 ----------------------------------------------------------------------------------------------------------

# AVRDUDESS#83 (Protostack USBasp)
SAID_VENDOR = 'They use the firmware from [fischl.de](https://www.fischl.de/usbasp/) but the vendor id of the programmers is "Protostack Pty Ltd" instead of "fischl.de".'


def test_avr002_vendor_prose() -> None:
    assert first(SAID_VENDOR) == "AVR002"


# ---- SWD005 ----------------------------------------------------------------------------------------------------------

# stlink 1.8 common.c: --connect-under-reset requested, NRST found unconnected, the connect failed (formats from the source)
STFLASH_CUR = """
$ st-flash --connect-under-reset write firmware.bin 0x8000000
st-flash 1.8.0
2024-03-02T10:11:12 INFO common.c: NRST is not connected --> using software reset via AIRCR
2024-03-02T10:11:13 WARN common.c: Can not connect to target. Please use 'connect under reset' and try again
Failed to connect to target
"""
# tests/cases/pio-openocd-011-l432-...: OpenOCD echoes the reset_config with connect_assert_srst, then init mode failed
OPENOCD_CUR = """
Open On-Chip Debugger 0.12.0
srst_only separate srst_nogate srst_open_drain connect_assert_srst
Info : STLINK V2J29S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.241270
Error: init mode failed (unable to connect to the target)
"""
# the plain connect (no connect_assert_srst) stays SWD004's
OPENOCD_PLAIN = """
Open On-Chip Debugger 0.12.0
Info : STLINK V2J29S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.241270
Error: init mode failed (unable to connect to the target)
"""


# st-info 1.8 under reset with nothing answering (chip id 0): the NRST note comes from the same failed DHCSR read
STINFO_NOTHING = """
$ st-info --probe --connect-under-reset
Found 1 stlink programmers
2023-11-05T14:22:10 WARN common.c: NRST is not connected
  version:    V2J37S7
  serial:     55FF6B064965535126462387
  flash:      0 (pagesize: 0)
  sram:       0
  chipid:     0x000
  dev-type:   unknown
"""


def test_swd005_connect_under_reset_that_failed() -> None:
    assert first(STINFO_NOTHING) == "SWD002"
    assert first(STFLASH_CUR) == "SWD005"
    assert first(OPENOCD_CUR) == "SWD005"
    assert first(OPENOCD_PLAIN) == "SWD004"


# ---- USB005 ----------------------------------------------------------------------------------------------------------

# an Arduino IDE 1.8 upload, then the Device Manager id in the same paste (forum wording, Windows 03EB:2FEF)
IDE_AND_HWID = """
Arduino: 1.8.19 (Windows 10), Board: "Arduino Uno"
Sketch uses 924 bytes (2%) of program storage space. Maximum is 32256 bytes.
avrdude: ser_open(): can't open device "\\\\.\\COM3": The system cannot find the file specified.

In Device Manager the Uno shows as "Unknown USB Device" with hardware id USB\\VID_03EB&PID_2FEF&REV_0000
"""
TTY_GONE_AND_LSUSB = """
avrdude: ser_open(): can't open device "/dev/ttyACM0": No such file or directory
Bus 001 Device 004: ID 03eb:2fef Atmel Corp. atmega16u2 DFU bootloader
"""


def test_usb005_forms() -> None:
    assert first(IDE_AND_HWID) == "USB005"
    assert first(TTY_GONE_AND_LSUSB) == "USB005"
