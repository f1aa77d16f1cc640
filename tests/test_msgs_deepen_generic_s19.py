"""Rows and rules changed in the deepen-generic round (session 19): image too large in the other vendors' linkers (FW004:
Keil armlink, IAR ILINK/XLINK, MPLAB XC8/XC16), a toolchain too old for its target or an image a script copies that the
build never wrote (FW005), an esptool older than the script's command names (FW005, was GEN001), a missing program in the
older command-not-found and GNU which wordings and an Arduino core not installed (TOOL001), and no board on USB in a Pi's
lsusb that lists only the Pi's own Ethernet, or a Mac's `ls /dev/cu.*` with only the Mac's own ports (USB001)."""

from __future__ import annotations

from tests.textkit import first, serious

# Arm Compiler 5-6 armlink (Keil MDK) error L6220E, as uVision's build output prints it with the scatter file's line
KEIL_L6220E = """linking...
.\\Objects\\app.sct(7): error: L6220E: Load region LR_IROM1 size (70256 bytes) exceeds limit (65536 bytes). Region contains 38 bytes of padding and 0 bytes of veneers (total 70218 bytes of linker generated content).
Finished: 0 information, 0 warning and 1 error messages.
".\\Objects\\app.axf" - 1 Error(s), 0 Warning(s)."""

# Arm Compiler armlink error L6406E (no room left for the .ANY sections)
KEIL_L6406E = """.\\Objects\\app.axf: Error: L6406E: No space in execution regions with .ANY selector matching main.o(.text).
Not enough information to list image symbols.
Finished: 1 information, 0 warning and 1 error messages."""

# IAR ILINK (EWARM 8) Lp011
IAR_LP011 = """Error[Lp011]: section placement failed
            unable to allocate space for sections/blocks with a total estimated minimum size of 0x1'2a4c bytes (max align 0x4) in <[0x0800'0000-0x0800'ffff]> (total uncommitted space 0x1'0000).
Error while running Linker"""

# MPLAB XC8 2.x message 1347 (program memory class CODE full)
XC8_1347 = """mcc_generated_files/tmr0.c:89:: error: (1347) can't find 0x1E words (0x1e withtotal) for psect "text3" in class "CODE" (largest unused contiguous range 0x15)
(908) exit status = 1
make[2]: *** [nbproject/Makefile-default.mk:131: dist/default/production/app.X.production.hex] Error 1"""

# XC16 ld (pic30-ld) "Link Error: Could not allocate section"
XC16_ALLOC = """xc16-ld.exe: Link Error: Could not allocate section .text, size = 3402 bytes, attributes = code
 Link Error: Could not allocate program memory"""

# meshtastic/firmware#8824: device-install.sh run with esptool 4.8.1 (esptool 5's hyphenated command names)
ESPTOOL_OLD = """esptool: error: argument operation: invalid choice: 'erase-flash' (choose from load_ram, dump_mem, read_mem, write_mem, write_flash, run, image_info, make_image, elf2image, read_mac, chip_id, flash_id, read_flash_status, write_flash_status, read_flash, verify_flash, erase_flash, erase_region, read_flash_sfdp, merge_bin, get_security_info, version)"""

# GCC 8-14 arm driver (common/config/arm/arm-common.c: "unrecognized -mcpu target: %s"), an arm-none-eabi-gcc 7 asked for
# the RP2350's cortex-m33
GCC_MCPU = """arm-none-eabi-gcc: error: unrecognized -mcpu target: cortex-m33
arm-none-eabi-gcc: note: valid arguments are: arm2 arm250 arm3 arm6 arm60 cortex-m7 cortex-m4 cortex-m3 cortex-m1 cortex-m0 cortex-m0plus
make: *** [Makefile:94: out/src/sched.o] Error 1"""

# avr-gcc 5-7 (driver-avr.c, device specs): a megaAVR 0-series chip the toolchain has no specs for
AVR_SPECS = """avr-gcc: error: device-specs/specs-atmega4809: No such file or directory
exit status 1
Error compiling for board Arduino Nano Every."""

# a shell script copying the image a pico-sdk build should have written (coreutils cp's "cannot stat '%s'")
CP_UF2 = """cp: cannot stat 'build/firmware.uf2': No such file or directory"""

# Ubuntu 14.04-16.04 command-not-found 0.2 (CommandNotFound.py: "The program '%s' is currently not installed. ...")
CNF_OLD = """pi@raspberrypi:~ $ dfu-util -l
The program 'dfu-util' is currently not installed. You can install it by typing:
sudo apt-get install dfu-util"""

# GNU which 2.x (which.c: "which: no %s in (%s)"), Fedora/Arch
WHICH_NO = """$ which avrdude
/usr/bin/which: no avrdude in (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin)"""

# arduino-cli 0.3 upload (arduino-cli#131: the avr core never installed)
ARDUINO_UPLOAD_TOOL = """Upload tool 'avrdude' not installed."""

# GCC 6-7 wording (RT-Thread#5641, the Env tool's bundled gcc)
GCC7_MCPU = """arm-none-eabi-gcc: error: unrecognized argument in option '-mcpu=cortex-m33'"""

# the mbed online compiler's armlink message without its L6220E number (mbed-os#2971)
MBED_LOAD_REGION = """Error: Load region LR_IROM1 size (69108 bytes) exceeds limit (65536 bytes). Region contains 105 bytes of padding and 0 bytes of veneers (total 105 bytes of linker generated content)."""

# arduino-cli 0.x-1.x cmderrors.PlatformNotFoundError ("Platform '%s' not found: %s", cause "platform not installed")
ARDUINO_CORE = """Error during Upload: Platform 'esp32:esp32' not found: platform not installed"""

# a Raspberry Pi 3B lsusb (usb.ids names) with no board on the bus, and `ls /dev/serial/by-id/*` as Klipper's FAQ writes it
PI_LSUSB_EMPTY = """pi@octopi:~ $ lsusb
Bus 001 Device 003: ID 0424:ec00 Standard Microsystems Corp. SMSC9512/9514 Fast Ethernet Adapter
Bus 001 Device 002: ID 0424:9514 Standard Microsystems Corp. SMC9514 Hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
pi@octopi:~ $ ls /dev/serial/by-id/*
ls: cannot access '/dev/serial/by-id/*': No such file or directory"""

# macOS `ls /dev/cu.*` with nothing but the Mac's own ports (macOS 12: Bluetooth-Incoming-Port, debug-console)
MAC_CU_EMPTY = """me@MacBook ~ % ls /dev/cu.*
/dev/cu.Bluetooth-Incoming-Port
/dev/cu.debug-console"""

# the same listing with a USB-serial adapter on the bus
MAC_CU_BOARD = """me@MacBook ~ % ls /dev/cu.*
/dev/cu.Bluetooth-Incoming-Port
/dev/cu.usbserial-14210"""


def test_vendor_linkers_image_too_large() -> None:
    for text in (KEIL_L6220E, KEIL_L6406E, IAR_LP011, XC8_1347, XC16_ALLOC, MBED_LOAD_REGION):
        assert first(text) == "FW004", text


def test_toolchain_too_old_or_image_never_written() -> None:
    assert first(ESPTOOL_OLD) == "FW005"
    assert first(GCC_MCPU) == "FW005"
    assert first(GCC7_MCPU) == "FW005"
    assert first(AVR_SPECS) == "FW005"
    assert first(CP_UF2) == "FW005"


def test_tool_missing_wordings() -> None:
    assert first(CNF_OLD) == "TOOL001"
    assert first(WHICH_NO) == "TOOL001"
    assert first(ARDUINO_CORE) == "TOOL001"
    assert first(ARDUINO_UPLOAD_TOOL) == "TOOL001"


def test_no_board_on_usb() -> None:
    assert first(PI_LSUSB_EMPTY) == "USB001"
    assert first(MAC_CU_EMPTY) == "USB001"
    assert "USB001" not in serious(MAC_CU_BOARD)
