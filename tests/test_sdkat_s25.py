"""(sdkat s25) Families the first-contact threads of the sd-katapult round (session 25) showed:

- prose: Klipper's serial bootloader request (`~ \\x1c Request Serial Bootloader!! ~`, Klipper docs/Bootloader_Entry.md;
  Katapult flashtool.py's SERIAL_BL_REQ) sent by hand and said to do nothing: the request never reached the running
  Klipper (BOOT001; Klipper Discourse 21251, a GD32F303 behind a CH340 adapter).
- prose: the board's SD-card update told as trouble uploading/flashing the firmware by/via/from the card (SD001;
  bigtreetech/Octopus-Max-EZ#12, fixed by another card). claims.py's row reads the negated verb ("doesn't flash with sd
  card"); this one reads the trouble nouns, "upload" and "by".

Texts marked "written for the family" or "written for the guard" are written for the test; the others are lines of the
real threads."""

from __future__ import annotations

from textkit import findings, first, kinds, serious

# Klipper Discourse 21251 (trimmed)
_DISCOURSE_21251 = (
    "I am trying to move to katapult bootloader as it gives ability to flash via serial connection.\n"
    "I have a small development board with stm32f103 and checked everything about bootloader on it too.\n"
    "In case klipper/katapult was builded with USART1 on PA10/PA9 (/dev/ttyACM0) all of this methods are not working. "
    "I am using USB TTL converter based on CH340 in this case.\n"
    "I discovered that if klipper firmware was started (led is on) if I send echo $'~ \\x1c Request Serial Bootloader!! ~' "
    ">> /dev/ttyUSB0 (mcu connected with PA10/PA9 through usb ttl converter) it doesn\u2019t work.\n"
    "But if previously klippy was started it works. It doesn't matter if it executing during this command execution or not.\n")


def test_serial_bootloader_request_said_to_do_nothing_is_not_in_bootloader() -> None:
    assert "said_bootloader_request_failed" in kinds(_DISCOURSE_21251, "claims")
    assert first(_DISCOURSE_21251) == "BOOT001"


def test_other_wordings_of_the_request_doing_nothing() -> None:
    # written for the family: the string quoted other ways, the failure before or after it
    for line in ("I sent '~ \\x1c Request Serial Bootloader!! ~' to /dev/ttyS0 at 250000 but nothing happens, Klipper keeps running.",
                 "Nothing happened when I wrote the Request Serial Bootloader block to /dev/ttyAMA0.",
                 "The Request Serial Bootloader string does not work on my SKR Mini over UART, it stays in klipper.",
                 "printf '~ \\x1c Request Serial Bootloader!! ~' > /dev/ttyS0 has no effect on the board."):
        assert "said_bootloader_request_failed" in kinds(line + "\n", "claims"), line
        assert "BOOT001" in serious(line + "\n"), line


def test_request_questions_advice_docs_and_solved_stories_are_not_the_claim() -> None:
    # written for the guards
    for line in ("Does the Request Serial Bootloader string not work over USB-CDC?",
                 "Make sure Klipper runs at the right baud, or the Request Serial Bootloader block does nothing.",
                 "Try sending the Request Serial Bootloader string; if it doesn't work, double press reset.",
                 "The docs say the Request Serial Bootloader block does not work over USB-CDC.",
                 "Sending the Request Serial Bootloader string did not work at first, solved it by stopping klipper.",
                 "Requesting serial bootloader for device /dev/ttyS0..."):
        assert "said_bootloader_request_failed" not in kinds(line + "\n", "claims"), line
        assert "BOOT001" not in serious(line + "\n"), line


# bigtreetech/Octopus-Max-EZ#12 (the post)
_OCTOPUS_MAX_EZ_12 = (
    "Problem with upload firmware via SD card\n"
    "\n"
    "I have a problem with upload firmware by SD card. I do everything as in the user manual but when I power the board, "
    "only one red LED (near reset button) is on continuously and nothing happens :(\n"
    "\n"
    "SD card: SanDisc ultra SD HC, 8Gb, FAT32, \n")


def test_trouble_uploading_firmware_by_the_sd_card_is_a_card_the_bootloader_cannot_use() -> None:
    assert "said_sd_not_taken" in kinds(_OCTOPUS_MAX_EZ_12, "claims")
    assert first(_OCTOPUS_MAX_EZ_12) == "SD001"


def test_other_wordings_of_the_trouble() -> None:
    # written for the family
    for line in ("I have trouble flashing klipper from the SD card on my SKR 2.",
                 "Issue with updating the firmware through the microSD card: the board keeps the old version.",
                 "Problems when installing the new firmware using a TF card on the MKS Robin Nano."):
        assert "said_sd_not_taken" in kinds(line + "\n", "claims"), line
        assert "SD001" in serious(line + "\n"), line


def test_trouble_questions_advice_negations_host_cards_and_solved_stories_are_not_the_claim() -> None:
    # written for the guards
    for line in ("Is there a known problem with flashing firmware via SD card on this board?",
                 "Make sure there is no problem with uploading firmware via SD card: format it FAT32.",
                 "I had no problem with flashing the firmware via SD card, the board renamed it to FIRMWARE.CUR.",
                 "Problem with flashing the firmware via SD card solved: a smaller card fixed it.",
                 "I had a problem with flashing the OS image to the Raspberry Pi SD card using Etcher.",
                 "If you have problems with flashing firmware via SD card, use DFU instead."):
        assert "said_sd_not_taken" not in kinds(line + "\n", "claims"), line
        assert "SD001" not in serious(line + "\n"), line


# Klipper Discourse 23819 (the post)
_DISCOURSE_23819 = (
    "Printer Model: mercury zerog\n"
    "MCU / Printerboard:kraken\n"
    "Describe your issue:\n"
    "So I\u2019m installing a ebb36 following the esoteric canbus guide and can\u2019t get back to klipper from katapult\n")


def test_board_said_not_to_leave_katapult_runs_its_bootloader() -> None:
    assert "said_stuck_in_bootloader" in kinds(_DISCOURSE_23819, "claims")
    assert first(_DISCOURSE_23819) == "BOOT009"


def test_other_wordings_of_not_leaving_katapult() -> None:
    # written for the family
    for line in ("I can't get the EBB36 out of CanBoot after the flash, the LED just keeps blinking.",
                 "The toolhead won't leave Katapult anymore.",
                 "We are unable to exit katapult mode on the SB2209.",
                 "It never boots back to klipper from canboot."):
        assert "said_stuck_in_bootloader" in kinds(line + "\n", "claims"), line
        assert "BOOT009" in serious(line + "\n"), line


def test_leaving_katapult_questions_advice_conditions_and_solved_stories_are_not_the_claim() -> None:
    # written for the guards
    for line in ("How do I get back to klipper from katapult?",
                 "Why can't I get back to klipper from katapult",
                 "If you can't get back to klipper from katapult, flash klipper.bin with flashtool.py.",
                 "Make sure you can get out of Katapult before closing the printer.",
                 "I couldn't get out of Katapult at first, fixed it by flashing klipper with the 8KiB offset.",
                 "Flashtool exits Katapult after the flash and Klipper starts."):
        assert "said_stuck_in_bootloader" not in kinds(line + "\n", "claims"), line
        assert "BOOT009" not in serious(line + "\n"), line


# bigtreetech/BIGTREETECH-TouchScreenFirmware#12 (the post)
_TFT_12 = ("When putting BIGTREE_TFT24_V1.1.21.bin and the TFT24 folder alone at the root of the SD and re-powering. The screen says: \n"
           "\n"
           "Program size: 82kb\n"
           "Updating:  %\n"
           "\n"
           "And stays like this the whole time.\n")


def test_tft_update_screen_without_progress_is_a_card_its_loader_cannot_read() -> None:
    assert {"tft_update_size", "tft_update_no_progress"} <= set(kinds(_TFT_12, "claims"))
    assert first(_TFT_12) == "SD001"


def test_tft_font_update_screen_from_the_source_format() -> None:
    # from the source's format (TFT/src/User/API/boot.c updateFont: "Updating Fonts", the file, "Size:    KB", "Updating:   %")
    text = "Updating Fonts\n0:TFT35/font/byte_ascii.fon\nSize:  256KB\nUpdating:   %\n"
    assert first(text) == "SD001"


def test_tft_update_screen_with_a_number_or_without_its_size_line_is_left_alone() -> None:
    # from the source's format: a screen that moved, and a lone "Updating: %" with no update screen around it
    for text in ("Program size: 82kb\nUpdating:  45%\n",
                 "Program size: 82kb\nUpdating: 100%\n",
                 "Updating:  %\n"):
        assert "SD001" not in serious(text), text


def test_board_missing_from_board_defs_in_both_spellings_spi_flash_printed() -> None:
    # from the source's format: Klipper scripts/spi_flash/spi_flash.py printed "defintion" (sic) until 60879fd29 (2025)
    for word in ("defintion", "definition"):
        text = ("./scripts/flash-sdcard.sh /dev/ttyACM0 btt-skr-2\n"
                "Flashing /home/pi/klipper/out/klipper.bin to /dev/ttyACM0\n"
                f"Unable to find {word} for board: btt-skr-2\n")
        assert "sd_board_unknown" in kinds(text, "sdcard"), word
        assert first(text) == "SD003", word


def test_stories_that_end_well_in_the_next_sentence_and_other_mcus_are_not_the_claims() -> None:
    # written for the guards (review s24: the whole line and the next sentence)
    for line, kind in (("I couldn't get out of Katapult. Flashing klipper with the 8 KiB offset fixed it.", "said_stuck_in_bootloader"),
                       ("The Request Serial Bootloader string did nothing. With the right baud it worked.", "said_bootloader_request_failed"),
                       ("I had a problem with uploading firmware by SD card. After formatting it FAT32 it worked.", "said_sd_not_taken"),
                       ("I have a problem with updating the ESP32 firmware from the SD card.", "said_sd_not_taken")):
        assert kind not in kinds(line + "\n", "claims"), line


# (review s25) what the review found: each test fails without its mend

def test_a_line_that_starts_with_cant_is_a_statement_not_a_question() -> None:
    # written for the family: the thread-title form (klipper_claims' question guard took "Can't" for "Can ...?": GEN001)
    for line in ("Can't get back to klipper from katapult",
                 "can\u2019t get my EBB36 out of CanBoot after flashing"):
        assert "said_stuck_in_bootloader" in kinds(line + "\n", "claims"), line
        assert first(line + "\n") == "BOOT009", line
    # a real question that starts with "Can" stays one
    assert "said_stuck_in_bootloader" not in kinds("Can it not get out of katapult because of the offset\n", "claims")


def test_the_board_named_in_several_words_and_katapult_as_the_subject() -> None:
    # written for the family
    for line in ("I can't get the U2C CAN adapter out of katapult.",
                 "Katapult didn't exit after the flash, klipper never started.",
                 "CanBoot never jumps to klipper after flashing."):
        assert "said_stuck_in_bootloader" in kinds(line + "\n", "claims"), line
        assert "BOOT009" in serious(line + "\n"), line
    for line in ("If katapult does not exit, flash klipper again.",
                 "Katapult will exit when flashtool sends the command."):
        assert "said_stuck_in_bootloader" not in kinds(line + "\n", "claims"), line


def test_trouble_with_the_card_that_is_not_a_firmware_update_is_not_the_claim() -> None:
    # written for the guards: a print from the card, a doubt, someone else's story, the manual's words
    for line in ("I have a problem loading gcode files from the SD card, the print stops.",
                 "Not sure if it's a problem with flashing the firmware via SD card or with the printer.cfg.",
                 "My friend had a problem with flashing the firmware via SD card.",
                 "The manual describes problems with updating the firmware from the SD card on 64 GB cards."):
        assert "said_sd_not_taken" not in kinds(line + "\n", "claims"), line
        assert "SD001" not in serious(line + "\n"), line
    # the firmware named by its file or the board still reads
    for line in ("I have a problem loading the firmware.bin from the SD card on my SKR 1.4.",
                 "Problem with updating the board via SD card, nothing happens."):
        assert "said_sd_not_taken" in kinds(line + "\n", "claims"), line


def test_tft_update_rule_asks_about_the_exp2_cable_the_thread_names() -> None:
    # BIGTREETECH-TouchScreenFirmware#12: for others in the thread, unplugging EXP2 let the update run
    found = [f for f in findings(_TFT_12) if f.id == "SD001"]
    assert found and "EXP2" in (found[0].ask or "")


def test_tft_update_screen_copied_on_the_way_to_a_success_is_no_warning() -> None:
    # written for the guard: the screen typed out, then the update said to have finished (a healthy run)
    ok = "The screen showed:\nProgram size: 82kb\nUpdating:  %\nand after a few seconds it finished, the TFT works now.\n"
    assert "SD001" not in serious(ok)
    stuck = "Program size: 82kb\nUpdating:  %\nIt never finished, it stays like this.\n"
    assert first(stuck) == "SD001"


def test_the_strong_request_row_leaves_the_older_katapult_installed_reading_of_its_line() -> None:
    # written for the family: the request row takes its line from every other parser; sdkat_prose_s24's weak
    # said_katapult_installed on the same line must still be read (BOOT001's double-reset form reads it)
    line = "Katapult is installed with 8KiB offset, but the Request Serial Bootloader string is ignored.\n"
    got = kinds(line, "claims")
    assert "said_bootloader_request_failed" in got and "said_katapult_installed" in got, got
