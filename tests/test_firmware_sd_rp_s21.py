"""(firmware-sd-rp s21) Families the round's unseen firmware / SD-card / RP2040 threads showed missing, mostly said in prose:
the RP2040 crystal start-up (RP002), an image for the other RP chip (RP003), the build's crystal against the board's (FW003),
the bootloader offset (FW001), an empty, misnamed or unbuilt image (FW005), a bootloader that keeps running (BOOT009), the
card swapped back (SD001). Texts are written in the families' wordings (and, for bossac, from BOSSA's source format), not
copied from the threads."""

from __future__ import annotations

from textkit import findings, first


def _ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# --- RP002: the crystal start-up delay named as the cure, or the failure placed at a cold start

def test_xosc_startup_delay_named_is_the_cold_start() -> None:
    assert first("My RP2040 board did not run my program reliably. Setting PICO_XOSC_STARTUP_DELAY_MULTIPLIER to 64 in the board "
                 "header fixed the boot problem.\n") == "RP002"
    assert first("On the Pico clone the firmware only ran after I raised the XOSC startup delay in the clock setup.\n") == "RP002"


def test_cold_start_only_failure_on_an_rp_board() -> None:
    assert first("The Pico hangs in clock init, but only on a cold boot; a reset with the RUN pin starts it fine.\n") == "RP002"
    assert first("My RP2040 custom board enumerates as BOOTSEL fine but does not start the installed program after a power up.\n") == "RP002"


def test_cold_start_wording_without_an_rp_board_is_not_rp002() -> None:
    assert "RP002" not in _ids("The STM32 board hangs in clock init, but only on a cold boot.\n")


# --- RP003: the image for one RP chip said not to flash or run on the other

def test_image_for_the_other_rp_chip_said_in_prose() -> None:
    assert first("The firmware built for the Pico won't boot on my Pico 2 W, the drive just comes back.\n") == "RP003"
    assert first("You cannot use the regular firmware.uf2 with a Pico 2, it needs its own build.\n") == "RP003"
    assert first("The Pico 2 uf2 does not run on my Pico W at all.\n") == "RP003"


def test_a_pico_2_failure_without_the_other_family_is_not_rp003() -> None:
    # (review s21) the row needs a sign of the other family (an RP2040, a Pico that is not a Pico 2, a normal image, "built for")
    assert "RP003" not in _ids("The firmware doesn't work on my Pico 2 W when powered from VSYS, only from USB.\n")
    assert "RP003" not in _ids("The image won't work on the Pico 2 W unless I enable the wifi driver in the config.\n")


# --- FW003: the board's real crystal set against the build's default after "but"

def test_crystal_named_against_the_builds_default() -> None:
    assert first("The board file leaves HSE_VALUE out, so the build assumes 8MHz, but the HSE on this board is 25 MHz.\n") == "FW003"


def test_usb_fails_right_after_flashing_a_fresh_build() -> None:
    text = ("After compiling the CDC example and flashing it, the board is no longer recognized: "
            "usb 1-1: device not accepting address 7, error -71\n")
    assert first(text) == "FW003"


def test_usb_error_without_a_build_story_stays_usb002() -> None:
    assert first("usb 1-1: device not accepting address 7, error -71\nusb 1-1: device not accepting address 8, error -71\n"
                 "usb usb1-port1: unable to enumerate USB device\n") == "USB002"


# --- FW001: the offset said not to work, or no offset said to work; a build without the offset put on the SD card

def test_offset_said_not_to_work() -> None:
    assert first("The manual says to build with a 28KiB bootloader but that does not work on mine; using no bootloader it works fine.\n") == "FW001"


def test_build_without_offset_installed_from_the_sd_card() -> None:
    text = ("In make menuconfig I unchecked the bootloader option and built for the lpc1769.\n"
            "Then I renamed klipper.bin and copied it to the board's SD card and powered on, but no serial device shows up.\n")
    assert first(text) == "FW001"
    text = ("I selected No bootloader in make menuconfig for the SKR 1.4.\n"
            "Then I copied out/klipper.bin to the SD card as firmware.bin and restarted the printer; klipper cannot connect.\n")
    assert first(text) == "FW001"


# --- FW005: the image was empty, misnamed or never built

def test_empty_image_outranks_the_sd_card() -> None:
    assert first("The firmware.bin on the SD card got renamed to FIRMWARE.CUR (0 bytes) but the board still runs the old firmware.\n") == "FW005"


def test_misnamed_image_for_the_sd_bootloader() -> None:
    assert first("I put firmare.bin on the sd card and rebooted, it never flashes.\n") == "FW005"
    assert first("copied firmware.bin.bin to the sd card, nothing happens after the power cycle\n") == "FW005"


def test_the_right_name_is_not_misnamed() -> None:
    assert "FW005" not in _ids("I put FIRMWARE.BIN on the sd card and rebooted, it never flashes.\n")


def test_no_image_built_said_in_prose() -> None:
    assert first("After running make there is no klipper.bin file generated in the out folder.\n") == "FW005"


# --- BOOT009: the bootloader keeps running where the application should start

def test_still_in_bootloader_mode_after_the_transfer() -> None:
    assert first("The hex was transferred, but the program does not run: the chip is still in bootloader mode.\n") == "BOOT009"
    assert first("It stays stuck in the firmware update mode even though the upload finished.\n") == "BOOT009"
    assert first("Something keeps the bootloader from starting the application after the upload.\n") == "BOOT009"


def test_rom_dfu_left_selected_is_not_boot009_prose() -> None:
    assert "BOOT009" not in _ids("With the BOOT0 jumper on, the STM32 is still in DFU bootloader mode after a power cycle.\n")


def test_bossac_without_boot_flash_and_samba_after() -> None:
    # from the source's format: BOSSA src/bossac.cpp (-e -w -v, no -b) then the host's by-id listing of the SAM-BA monitor
    text = ("bossac -U -p /dev/ttyACM0 -e -w out/klipper.bin -v\n\nErase flash\n\nDone in 4.012 seconds\n"
            "Write 20104 bytes to flash (40 pages)\n[==============================] 100% (40/40 pages)\nDone in 0.301 seconds\n"
            "Verify 20104 bytes of flash\n[==============================] 100% (40/40 pages)\nVerify successful\nDone in 0.290 seconds\n\n"
            "afterwards ls /dev/serial/by-id still lists usb-03eb_6124-if00\n")
    assert first(text) == "BOOT009"
    # with -b, bossac prints "Set boot flash true": the chip then starts from flash
    assert "BOOT009" not in _ids(text.replace("Verify successful\n", "Verify successful\nSet boot flash true\n"))


# --- SD001: the files moved back to the old card

def test_files_moved_to_the_old_card() -> None:
    assert first("The new card did not flash, so I had to copy the files onto the older micro SD card and then it updated.\n") == "SD001"


# --- (review s21) the families' must-not-fire wordings: healthy bossac flashes, cable stories, negations, questions, advice

_BOSSAC_OK = ("Erase flash\n\nDone in 5.188 seconds\nWrite 36644 bytes to flash (72 pages)\n[==============================] 100% (72/72 pages)\n"
              "Done in 0.443 seconds\nVerify 36644 bytes of flash\n[==============================] 100% (72/72 pages)\nVerify successful\n"
              "Done in 0.387 seconds\n")


def test_a_healthy_samba_flash_is_not_boot009() -> None:
    # Klipper's make flash through the SAM-BA port (flash_usb.py sets boot-from-flash in a second, silent bossac call)
    text = ("$ make flash FLASH_DEVICE=/dev/serial/by-id/usb-03eb_6124-if00\n  Flashing out/klipper.bin to /dev/serial/by-id/usb-03eb_6124-if00\n"
            "lib/bossac/bin/bossac -U -p /dev/serial/by-id/usb-03eb_6124-if00 -a -e -w out/klipper.bin -v\n\n" + _BOSSAC_OK)
    assert "BOOT009" not in _ids(text)
    # the by-id listing that found the SAM-BA port before the flash
    text = ("After erasing the Duet, ls /dev/serial/by-id shows usb-03eb_6124-if00, so I ran:\n"
            "bossac -U -p /dev/ttyACM0 -e -w out/klipper.bin -v\n" + _BOSSAC_OK)
    assert "BOOT009" not in _ids(text)


def test_samba_after_klippers_make_flash_is_boot009() -> None:
    # the listing after the run still shows the ROM monitor: make flash's silent -b step did not take
    text = ("$ make flash FLASH_DEVICE=/dev/serial/by-id/usb-03eb_6124-if00\n  Flashing out/klipper.bin to /dev/serial/by-id/usb-03eb_6124-if00\n"
            "lib/bossac/bin/bossac -U -p /dev/serial/by-id/usb-03eb_6124-if00 -e -w out/klipper.bin -v\n\n" + _BOSSAC_OK
            + "\nAfter that ls /dev/serial/by-id still returns usb-03eb_6124-if00 and klipper cannot connect.\n")
    found = findings(text)
    assert found and found[0].id == "BOOT009" and "-b -R" in found[0].message


def test_a_cable_story_stays_usb002() -> None:
    assert first("After making a new USB cable and uploading again I still get: usb 1-1: device descriptor read/64, error -71\n") == "USB002"
    assert first("After flashing the compiled bootloader with the ST-Link it works, but on my other hub I get "
                 "usb 1-1: device descriptor read/64, error -110\n") == "USB002"
    assert first("It happened before I flashed anything too. After building and flashing: usb 1-1: device descriptor read/64, error -71\n") == "USB002"


def test_negated_asked_or_advised_claims_do_not_fire() -> None:
    assert "FW005" not in _ids("Is the firmware.bin 0 bytes? No, mine is 24 KB, so it is not empty.\n")
    assert "FW005" not in _ids("I checked, the firmware.bin is not 0 bytes, it is 31 kB.\n")
    assert "FW005" not in _ids("Make sure the file is not named firmware.bin.bin, Windows hides extensions.\n")
    assert "FW005" not in _ids("Creality 4.2.7: I renamed it to firmware (1).bin because the board needs a new name each time, and it flashed fine.\n")
    assert "BOOT009" not in _ids("It is not still in bootloader mode, the application runs, but the serial port is missing.\n")
    assert "BOOT009" not in _ids("Is it still in bootloader mode?\n")
    assert "BOOT009" not in _ids("Put the Katapult bootloader on, then while the board is still in the bootloader run flashtool.py to load klipper.bin.\n")
    assert "RP002" not in _ids("I already set PICO_XOSC_STARTUP_DELAY_MULTIPLIER to 64 and it still hangs, so it is not the crystal.\n")
    assert "RP002" not in _ids("Could it be the xosc startup delay? My Pico flashes fine but the LED never blinks.\n")
    assert "RP002" not in _ids("The board hangs in USB init only on a cold start, it is an STM32 next to a Pico debug probe.\n")
    assert "FW001" not in _ids("Should I build with no bootloader for the Octopus?\nRight now I copy klipper.bin to the SD card as firmware.bin and it works.\n")
    assert "FW001" not in _ids("I disabled the bootloader protection in STM32CubeProgrammer.\nThen I copied firmware.bin to the SD card and it flashed fine.\n")
    assert "SD001" not in _ids("Tip: Make sure your SD card is FAT32. I had to put the files on the old SD card, did not help either.\n")
    assert "FW003" not in _ids("My board has an 8MHz crystal but the HSE is 8MHz in the config too, so it is not the clock.\n")
    assert "FW003" not in _ids("The problem is not the clock: HSE_VALUE is 8MHz but the crystal is 8 MHz as well, fixed it by changing the cable.\n")


def test_a_build_with_the_offset_that_then_fails_is_no_fw001_claim() -> None:
    assert "FW001" not in _ids("Built klipper for the SKR Mini E3 V3 with the 8KiB bootloader offset but it does not work, no device in /dev/serial/by-id.\n")
    assert "FW001" not in _ids("I compiled with a 28KiB bootloader, doesn't connect to klipper, the log says mcu unable to connect.\n")


def test_no_offset_build_and_sd_copy_in_one_sentence() -> None:
    assert first("I unchecked the bootloader box in menuconfig and copied klipper.bin to the SD card as firmware.bin, no serial device.\n") == "FW001"
