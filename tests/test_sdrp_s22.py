"""Session 22, sd-rp: SD-card bootloaders that did not take the update, RP2040 cold starts, RP images on the other chip,
said in prose (the wordings of vendor-board issues, Pico forums and Klipper toolboard threads)."""

from __future__ import annotations

import pytest

from textkit import findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


# ---- SD001: the flash verb negated with the card named, the file name refused, the template's two steps ----------------

@pytest.mark.parametrize("text", [
    "The Marlin Firmware doesn't flash with sd card",  # BTT SKR-2 #89
    "The board does not update the firmware through the microSD slot (TF CARD). Three different FAT32-formatted cards have been tested.",
    "I can't upgrade the MKS Robin Nano V1.2 from TF sd card slot (micro-Sd) in mainboard because it can't read it.",
    "My SKR won't update from the SD card, whatever I try.",
    "Flashing from the SD card doesn't work, the file stays firmware.bin.",
    # Klipper-for-MKS-Boards #36, its two lines (the file-name row needs the card or the board's file in its own line)
    "Will not flash as Robin_nano35.bin Will flash as Robin_nano.bin\n\nWould not flash no matter how I tried. After removing 35 from the file name it flashed.",
    "After I changed the file name on the SD card it flashed.",  # from the row's format
    "Will not flash as Robin_nano35.bin Will flash as Robin_nano.bin",
    "The printer did not update when named firmware1.bin either.",
])
def test_sd_not_taken_said(text: str) -> None:
    assert first(text) == "SD001", ids(text)


def test_bin_put_on_card_and_not_flashed_is_sd001() -> None:
    text = ("### Steps to reproduce\n\n1. downloaded firmware.bin\n2. moved firmware.bin to empty sd card that came with board\n"
            "3. inserted card into printer\n4. turn on printer\n\n**Actual behavior**\n"
            "nothing. printer boots up marlin bugfix 2.0 and doesn't flash anything.\n")  # BTT SKR-mini-E3 #580
    assert first(text) == "SD001", ids(text)


def test_bin_on_card_alone_or_renamed_is_no_sd001() -> None:
    # a step alone is no failure; a rename to .CUR says the bootloader took the file
    assert "SD001" not in ids("I copied firmware.bin to the SD card and powered the printer on.")
    text = ("I copied firmware.bin to the SD card, it was renamed to FIRMWARE.CUR.\n"
            "But Klipper doesn't flash anything new, the version is the same.\n")
    assert "SD001" not in ids(text)


def test_card_left_inserted_or_host_card_is_no_sd001() -> None:
    # an ESP32-CAM flashed over serial with its card in the slot; the Raspberry Pi's own card
    assert "SD001" not in ids("The ESP32-CAM can't be flashed with the SD card inserted.")
    assert "SD001" not in ids("Raspberry Pi Imager could not flash the OS to the SD card.")


# ---- RP002: the cold start said in other wordings ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # arduino-pico#312: the negation first, the replug after it; the port absent from Device Manager is the sketch not starting
    "After successfully compiling and uploading a sketch to an Adafruit ItsyBitsy RP2040, and confirming that the sketch is running "
    "immediately after the upload, I've found that it doesn't run after pressing reset or after unplugging the USB cable.\n"
    "Also, after plugging the USB lead in, the serial port for it does not appear in Device Manager - that only happens after uploading a sketch.",
    # Gi7mo/TinyFan#8: the host rebooted, the button quoted
    "everytime I reboot the Raspberry Pi 4B, the pi after reboot does not see the serial USB ID for the RP2040-zero processor.",
    'I have to press the "RESET" button on the RP2040-zero to get the USB ID back.',
    # makerbase-mks/MKS-THR36-THR42-UTC#20: powered together with the printer it is not found, plugged in later it is
    "The MKS THR42 is only recognized by my RPI Host if I plug it in _after_ powering on the printer.",
    "If I power on my printer _while_ the MKS-THR42 is plugged in it will not be recognized.",
    # the same wordings about a Pico (from the rows' format)
    "My Pico does not boot after I unplug it and plug it back in.",
])
def test_rp_cold_start_said(text: str) -> None:
    assert first(text) == "RP002", ids(text)


def test_power_cycle_tried_as_a_cure_is_not_a_lost_board() -> None:
    # geeekpi/pico_breadboard_kit#8: a Pico 1 image copied to a Pico 2, the power cycle only tried after it
    text = ("I can get this loaded and working as expected on my RPI-RP2 (Pico 1) board. However I'm not able to get it to load on my new "
            "RP2350 (Pico 2) board. When I copy the file to the RP2350 drive it completes and then just sites there. I'm expecting it to "
            "auto reboot like the RPI-RP2 does. I have even tried the steps with a manual reboot (power cycle) but that did not work either.")
    assert first(text) == "RP003", ids(text)


@pytest.mark.parametrize("text", [
    "Trying to upload your firmware to RP2350 and nothing happens, explorer window didn't close and Pico wouldn't reboot.",
    "I flashed the uf2 to the RP2350 drive and waited, I was expecting it to reboot but the drive stayed.",
])
def test_rp2350_drive_upload_not_applied_is_rp003(text: str) -> None:
    assert first(text) == "RP003", ids(text)


def test_ide_upload_of_a_sketch_is_not_a_drive_copy() -> None:
    # an IDE upload names no UF2/firmware object: not the BOOTSEL drive story
    assert "RP003" not in ids("I upload the sketch to the RP2040 with the Arduino IDE and the LED blinks fine.")


# ---- (review s22) what the rows above must not read, and the two-step story's other wordings ---------------------------------
# All texts from the rows' format (reviewer's counter-examples), not from threads.

@pytest.mark.parametrize("text", [
    "My ESP32 does not show up in Device Manager at all.\nIt worked fine after flashing last week with my other cable.",
    "My Nano does not show up in lsusb at all with this cable.\nIt doesn't work after I unplug the good cable and use this one.",
])
def test_usb001_kept_when_the_board_is_no_rp2040(text: str) -> None:
    # the RP exclusion of USB001 is read only in a run that names an RP2040/RP2350 board
    assert "USB001" in ids(text), ids(text)


def test_not_in_lsusb_with_a_replug_story_is_no_rp002() -> None:
    text = "My Nano is not in lsusb at all with this cable.\nIt doesn't work after I unplug the good cable and use this one."
    assert "RP002" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    # advice, conditions, questions, method choices, capability, a failure got past
    "If flashing from the SD card doesn't work, try another card.",
    "If the board doesn't flash from the SD card, reformat the card to FAT32.",
    "The SKR Pico does not support flashing from the SD card, you have to use USB.",
    "The Octopus does not need to be flashed from the SD card, use DFU instead.",
    "I will not update via SD card again, DFU is much faster.",
    "You don't have to update from the SD card, Klipper can flash over USB.",
    "Can't I just flash from the SD card?",
    "I didn't flash from the SD card, I used STM32CubeProgrammer.",
    "Marlin can't update from the SD card because SDSUPPORT is disabled in Configuration.h.",
    "It did not flash from the SD card at first, but after formatting the card it took the firmware and renamed it to FIRMWARE.CUR.",
    # a card left in the slot while flashing another way
    "The ESP32-CAM won't flash with an SD card installed.",
    "The ESP32-CAM won't flash with the SD card still in.",
    # a file name with no card or SD bootloader in sight
    "After removing the space from the file name it flashed with esptool.",
    "After I changed the filename in the Makefile it worked.",
    "The Pico won't flash as blink.bin, it needs a .uf2 file.",
    # the two steps that worked, and another tool's failure
    "I copied firmware.bin to the SD card and flashed it, works.\nThe old STM32CubeProgrammer doesn't flash anything on this PC",
])
def test_sd_not_taken_counter_examples(text: str) -> None:
    assert "SD001" not in ids(text), ids(text)


@pytest.mark.parametrize("second", [
    "It did not flash.",
    "Nothing happens, it still boots the old firmware.",
    "The firmware was not updated.",
])
def test_bin_on_card_then_not_flashed_wordings(second: str) -> None:
    text = "I put firmware.bin on the SD card and powered it on.\n" + second + "\n"
    assert first(text) == "SD001", ids(text)


@pytest.mark.parametrize("text", [
    "On my SKR Pico I have to press the reset button to get back into the menu.",
    "On my SKR Pico I have to press the reset button to get the display back.",
    "Every time I restart the printer, the SKR Pico screen does not show the temperature.",
    "The RPI-RP2 drive does not appear when I reconnect the Pico without holding BOOTSEL.",
    "My Pico doesn't run the old firmware after I unplug it, it runs the new one, great.",
])
def test_rp002_counter_examples(text: str) -> None:
    assert "RP002" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "I flash the firmware to the RP2040 with a Picoprobe over SWD and nothing happens.",
    "I copied the uf2 to the RP2350 drive, I was expecting it to reboot and it did, works fine.",
    "I copied the uf2 to the RP2350 drive. While waiting for it to reboot I opened the serial monitor; it rebooted and runs.",
])
def test_rp003_counter_examples(text: str) -> None:
    assert "RP003" not in ids(text), ids(text)
