"""(sdkat s24) Families the first-contact threads of the sd-katapult round showed:

- prose: the board's SD bootloader said to read a firmware file of another name than the one written, beside Klipper's
  SD-flash script (flash-sdcard.sh, spi_flash.py, board_defs.py, KIAUH) or a contrast with firmware.bin (SD003:
  Klipper #5282, KIAUH #782): flash-sdcard.sh writes its board definition's firmware_path, so the board needs a
  definition of its own. A hand-copied card (no script named), another firmware (Marlin, RRF), the script's own input
  (klipper.bin) and a story that ended well are left alone (review s24).
- prose: Katapult/CanBoot said to have been put on the board, as the context for BOOT001's double-press row when the
  double-press sentence does not name Katapult (FreeDi #318); not when another bootloader is named or the story ended
  well (review s24).

Texts marked "from the source's format" or "written for the guard" are written for the test; the others are lines of
the real threads."""

from __future__ import annotations

from textkit import first, kinds, serious

# Klipper3d/klipper#5282, the whole post
_KLIPPER_5282 = ("Hi, why we are locked on 8+3 namefile, my motherboard wants firmware called:robin_nano35.bin, is longer, "
                 "I also added on ffconf.h long file name, but give error on spi_flash.py at retreive fileinfo on "
                 "robin_nano.bin fileinfo when validate uploaded firmware.\n")
# dw-0/kiauh#782 (the problem part of the post)
_KIAUH_782 = ("Hi,\n"
              "i tried to flash the printer with kiauh (USB with SDCard), using the profile 70 (Nano V3).\n"
              "It transfers klipper.bin to the sdcard but fails to flash.\n"
              "That's because the Super Racer expects to find the firmware file named robin_nano_v3.bin (instead of firmware.bin).\n")


def test_board_wanting_another_file_name_beside_spi_flash_is_a_board_definition_matter() -> None:
    assert "sd_fw_name_expected" in kinds(_KLIPPER_5282, "sdcard")
    assert first(_KLIPPER_5282) == "SD003"


def test_board_expecting_another_name_instead_of_firmware_bin_is_a_board_definition_matter() -> None:
    assert "sd_fw_name_expected" in kinds(_KIAUH_782, "sdcard")
    assert first(_KIAUH_782) == "SD003"


def test_other_wordings_of_the_same_statement() -> None:
    # written for the family: other verbs and the script named in the line
    for line in ("flash-sdcard.sh uploads firmware.bin, but my Robin Nano's bootloader only accepts a file named Robin_nano35.bin.",
                 "The ZNP Robin Nano DW needs the firmware file called ZNP_ROBIN_NANO.bin, and spi_flash.py stops at the validation.",
                 "KIAUH copies the image but this board requires a binary named mks_skipr.bin."):
        assert "sd_fw_name_expected" in kinds(line + "\n", "sdcard"), line
        assert "SD003" in serious(line + "\n"), line


def test_file_name_statement_without_the_script_or_a_contrast_is_left_alone() -> None:
    # written for the guard: a hand-copied card, renamed by the person (no board definition involved)
    for line in ("My MKS Robin Nano expects a firmware file named Robin_nano35.bin on the SD card.",
                 "The board wants a firmware file called elegoo.bin in the root of the card."):
        assert "sd_fw_name_expected" not in kinds(line + "\n", "sdcard"), line
        assert "SD003" not in serious(line + "\n"), line


def test_questions_advice_negations_conditions_and_solved_stories_are_not_the_claim() -> None:
    # written for the guards
    for line in ("Does flash-sdcard.sh expect a firmware file named robin_nano35.bin for this board?",
                 "Make sure the board expects the file named robin_nano_v3.bin instead of firmware.bin before you use kiauh.",
                 "The board does not need a file named robin_nano35.bin, flash-sdcard.sh's firmware.bin works.",
                 "If your board expects a file named robin_nano35.bin, spi_flash.py needs long file names.",
                 "Solved: it expects the firmware file named robin_nano_v3.bin (instead of firmware.bin), renaming worked.",
                 "flash-sdcard.sh writes what the board expects, a firmware file named firmware.bin."):
        assert "sd_fw_name_expected" not in kinds(line + "\n", "sdcard"), line
        assert "SD003" not in serious(line + "\n"), line


# Phil1988/FreeDi#318 (trimmed)
_FREEDI_318 = ("I followed the wizard and all went well until the flashing off the tool head.\n"
               'The wizard showed "connect tool head via ST-LINK V2" and flashed katapult plus4\n'
               "Now the wizard is stuck at requesting the tool head bootloader mode, asked multiple times to double tap de reset button on de tool head without success.\n"
               "I cannot get the tool head into bootloader, tried boot, rst buttons sequence or double tap rst, nothing works.\n"
               "Klipper shows Toolhead command mismatch.\n")


def test_double_press_without_bootloader_after_katapult_was_said_flashed_is_not_in_bootloader() -> None:
    assert "said_katapult_installed" in kinds(_FREEDI_318, "claims")
    assert first(_FREEDI_318) == "BOOT001"


def test_double_press_sentence_alone_without_katapult_named_stays_unattributed() -> None:
    # the same double-press sentence with no Katapult anywhere (a UF2 or SAM-BA board's double tap is another bootloader)
    text = "I cannot get the tool head into bootloader, tried boot, rst buttons sequence or double tap rst, nothing works.\n"
    assert "said_katapult_installed" not in kinds(text, "claims")
    assert "BOOT001" not in serious(text)


def test_katapult_installed_guards() -> None:
    # written for the guards: a question, a plan, a negation, a condition
    for line in ("Have you flashed katapult on the toolhead?",
                 "I will flash katapult on it tomorrow.",
                 "I never installed Katapult on this board.",
                 "If Katapult is installed, a double press should enter it.",
                 "Katapult was not flashed because the ST-Link was missing."):
        assert "said_katapult_installed" not in kinds(line + "\n", "claims"), line
    for line in ("I have flashed canboot following the instructions here.",
                 "Katapult is installed on the EBB36 and the LED blinks.",
                 "Katapult was successfully flashed to the Octopus."):
        assert "said_katapult_installed" in kinds(line + "\n", "claims"), line


def test_katapult_installed_alone_is_no_fault() -> None:
    text = "Katapult is installed on the EBB36 and the LED blinks.\n"
    assert "BOOT001" not in serious(text)


# review s24: the texts below were written by the reviewer for the guards (not from threads)

def test_sd_file_name_of_other_firmwares_hand_copies_and_script_inputs_are_not_sd003() -> None:
    for line in ("The MKS Robin Nano needs the firmware file named Robin_nano35.bin instead of firmware.bin, I am on Marlin 2.1.",
                 "On the Duet the bootloader only accepts a file named Duet2CombinedFirmware.bin rather than firmware.bin, RRF 3.4.",
                 "For the Ender 3 V2 Marlin expects a firmware file named something new every time instead of firmware.bin; I used ender3v2-123.bin.",
                 "My Creality 4.2.7 board wants a firmware file with a new name each time, e.g. firmware2.bin instead of firmware.bin.",
                 "ZNP Robin Nano: board wants file named ZNP_ROBIN_NANO.bin; I compiled with KIAUH and copied it by hand to the SD card.",
                 "spi_flash.py needs the binary named klipper.bin, so I copied out/klipper.bin and ran flash-sdcard.sh again.",
                 "Flashing with KIAUH over SD: my SKR Mini E3 V3 expects a firmware file named firmware.bin, and it gets stuck."):
        assert "SD003" not in serious(line + "\n"), line


def test_sd_file_name_in_a_story_that_went_well_or_matches_board_defs_is_not_sd003() -> None:
    for line in ("Thanks! flash-sdcard.sh -l lists it: the board expects the firmware file named Robin_e3.bin and it flashed fine.",
                 "KIAUH wanted a file called klipper.bin, I renamed it, and then it flashed and klipper connected.",
                 "flash-sdcard.sh wrote it fine. The Robin E3 looks for the firmware file named Robin_e3.bin, same as board_defs says.",
                 "Per board_defs.py the mks-robin-e3 board requires a firmware file named Robin_e3.bin, which the script handles."):
        assert "sd_fw_name_expected" not in kinds(line + "\n", "sdcard"), line
        assert "SD003" not in serious(line + "\n"), line


def test_sd_file_name_passive_and_bare_contrast_forms_beside_the_script() -> None:
    for line in ("flash-sdcard.sh finished but nothing happened; the Robin Nano looks for Robin_nano35.bin instead of firmware.bin.",
                 "flash-sdcard.sh finished but nothing happened; on this board the firmware must be named Robin_nano35.bin.",
                 "Used KIAUH SD card method. The file has to be renamed to Robin_nano35.bin for the bootloader to pick it up.",
                 "spi_flash.py: the bootloader of my board expects firmware named Robin_nano35.bin."):
        assert "sd_fw_name_expected" in kinds(line + "\n", "sdcard"), line
        assert "SD003" in serious(line + "\n"), line


def test_katapult_installed_plans_instructions_and_beliefs_are_not_the_claim() -> None:
    for line in ("I will have flashed katapult on it by then.",
                 "I will have installed Katapult before the print.",
                 "I am going to flash Katapult on the EBB36 next week.",
                 "After Katapult was installed you can flash klipper over CAN.",
                 "I thought I had flashed katapult, turns out the ST-Link wrote to the wrong address.",
                 "Before that, I had installed CanBoot years ago, now I use the stock bootloader of the SKR Pico (RP2040 BOOTSEL)."):
        assert "said_katapult_installed" not in kinds(line + "\n", "claims"), line


_NO_ENTRY = "I double-clicked the reset button but it never enters the bootloader.\n"


def test_double_press_with_katapult_elsewhere_but_another_bootloader_or_a_solved_story_is_not_boot001() -> None:
    for before in ("I flashed Katapult on the Octopus last month, it works great.\nMy Raspberry Pi Pico on the toolhead: RPI-RP2 never appears.\n",
                   "Katapult was flashed on the mainboard.\nMy Arduino Leonardo (Caterina) is the problem.\n",
                   "Before that, I had installed CanBoot years ago, now I use the stock bootloader of the SKR Pico (RP2040 BOOTSEL).\n",
                   "Katapult is installed on the EBB36.\nThe UUID in printer.cfg was wrong; I fixed canbus_uuid and now klipper connects.\n",
                   "My SAMD21 Feather uses the UF2 bootloader, the Katapult I flashed to my other board is fine.\n",
                   "I am going to flash Katapult on the EBB36 next week, I think.\n",
                   "Someone on Discord said I should have installed Katapult first.\n",
                   "After Katapult was installed you can flash klipper over CAN.\n"):
        assert "BOOT001" not in serious(before + _NO_ENTRY), before
    # the claim itself, with the same double-press sentence
    assert first("Installed katapult: yes, via flashtool.\n" + _NO_ENTRY) == "BOOT001"


def test_double_press_row_leaves_healthy_negated_forms() -> None:
    for text in ("Katapult is installed on the EBB36.\nI never need the double click, it does not need the bootloader button since flashtool -r works.\n",
                 "Katapult was flashed to the Octopus.\nDouble-tap reset never fails to enter the bootloader, so that part is fine.\n"):
        assert "said_double_reset_no_bootloader" not in kinds(text, "claims"), text
        assert "BOOT001" not in serious(text), text


def test_katapult_claim_does_not_take_the_line_from_the_stm32_part_row() -> None:
    # review s24: said_katapult_installed is weak, so claims' said_stm32_part keeps the line (test_swdcan_s22's KAT001 text)
    assert "said_stm32_part" in kinds("My board is an Octopus Pro H723 and Katapult is installed.\n", "claims")
