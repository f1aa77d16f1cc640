"""Session 19, deepen-precision: rules whose conditions were looser than the fault, tightened in general."""

from textkit import first, kinds

# Klipper issue #1470 (SKR 1.3, lpc176x): scripts/flash_usb.py flash_lpc176x() runs dfu-util after the bootloader
# request and, when it fails, prints SMOOTHIE_HELP. An LPC176x has no BOOT0 and no ROM DFU bootloader, so BOOT003
# ("BOOT0 was not held") does not apply: the failure is left to GEN001.
LPC176X_MAKE_FLASH = """\
  Flashing out/klipper.bin to /dev/ttyACM0
Entering bootloader on /dev/ttyACM0
Device reconnect on /sys/devices/pci0000:00/0000:00:01.3/0000:03:00.0/usb1/1-7/1-7:1.0
sudo dfu-util -p 1-7 -D out/klipper.bin

dfu-util 0.9

dfu-util: Invalid DFU suffix signature
dfu-util: A valid DFU suffix will be required in a future dfu-util release!!!
dfu-util: No DFU capable USB device available

Failed to flash to /dev/ttyACM0: Error running dfu-util

If flashing Klipper to a Smoothieboard for the first time it may be
necessary to manually place the board into "bootloader mode" - press
"""


def test_smoothie_help_row():
    assert "lpc176x_help" in kinds(LPC176X_MAKE_FLASH, "flash")


def test_lpc176x_no_dfu_is_not_boot0():
    assert first(LPC176X_MAKE_FLASH) == "GEN001"


def test_stm32_no_dfu_still_boot003():
    # the same make flash on an STM32F446 (Klipper discourse, Manta/Rumba32 form: STM32F4_HELP instead)
    text = LPC176X_MAKE_FLASH.split("\nIf flashing")[0] + "\nIf the device is already in bootloader mode it can be flashed with the\n"
    assert first(text) == "BOOT003"


# MCUboot's boot log on a healthy nRF52840 (mcuboot#2197): "Image not found" is its empty secondary slot, not macOS dyld's
# "Reason: image not found" (a missing library, TOOL001's cue), which still counts.
def test_image_not_found_is_only_the_loaders():
    assert first("I: Image 0 Secondary slot: Image not found\n") is None
    assert first("Error: image not found\n") == "GEN001"
    assert first("OSError: dlopen(libusb-1.0.dylib, 6): image not found\n") == "TOOL001"  # python-libusb1 on macOS Sierra
    assert first("  Reason: image not found\n") == "TOOL001"  # dyld, zsa/wally#29


# Klipper scripts/spi_flash/spi_flash.py (1467, 1521) raises "Checksum Mismatch: Got '%s', expected '%s'"; a bare
# "checksum mismatch" is another tool's packet/record check (stcgal's "Protocol error: packet checksum mismatch").
def test_sd_checksum_mismatch_needs_spi_flash_form():
    assert "sd_checksum_mismatch" in kinds("SD Card Flash Error: Checksum Mismatch: Got 'ABCDEF01', expected '12345678'", "sdcard")
    assert first("Error: checksum mismatch\n") == "GEN001"


# avrdude ser_open() refused with the session's `id` listing dialout (the tty group on Debian/Ubuntu/Pi OS/Fedora): not
# SER004's missing group (prusa forum MMU2 3.0.2 / vscode-arduino#1535 forms); without dialout in `id`, still SER004.
DENIED = 'avrdude: ser_open(): can\'t open device "/dev/ttyACM0": Permission denied\n'


def test_id_with_dialout_is_not_missing_group():
    assert first("$ id\nuid=1000(me) gid=1000(me) groups=1000(me),4(adm),20(dialout),27(sudo)\n" + DENIED) == "GEN001"
    assert first("$ id\nuid=1000(me) gid=1000(me) groups=1000(me),4(adm),27(sudo)\n" + DENIED) == "SER004"
