"""Session 25, fw-rp gathering: (1) GNU ld's overflow line quoted in a sentence without its "region " start (FW004);
(2) "copying over the firmware" onto the RP2350 drive that stays (RP003); (3) a start-up log of an image built for a board
with PSRAM on one without: ESP-IDF's other wordings and the RP2350 psram-bootloader's console (FW002); (4) a GCC -m option
said in a sentence not to be recognized (FW005). Positives are gathered threads' lines (named beside them) or lines from
the sources' formats (marked so)."""

from __future__ import annotations

import pytest

from textkit import events, facts, findings


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def first_id(text: str) -> str | None:
    fs = [f for f in findings(text) if f.severity in ("error", "warning")]
    return fs[0].id if fs else None


# ---- (1) FW004: "NAME' overflowed by N bytes" quoted without "region " ------------------------------------------------

@pytest.mark.parametrize("text", [
    # mriscoc/Ender3V2S1#1437
    'When trying to compile experimental FW I get: "FLASH\' overflowed by 22756 bytes". Is there to little flash for MPC?\n',
    # from the source's format (GNU ld ldlang.c, the start of the line cut off by the person)
    "`rom' overflowed by 1 byte\n",
])
def test_quoted_ld_overflow_without_region_is_fw004(text: str) -> None:
    assert first_id(text) == "FW004"


@pytest.mark.parametrize("text", [
    "My ring buffer overflowed by 12 bytes after an hour of logging.\n",
    "ld: `RAM' overflowed by 2048 bytes\n",  # RAM, not flash: the entry leaves RAM regions out
])
def test_other_overflows_are_not_fw004(text: str) -> None:
    assert "FW004" not in ids(text)


# ---- (2) RP003: "copying over any firmware" onto the Pico 2's drive that stays -----------------------------------------

def test_copy_over_firmware_pico2_drive_stays_is_rp003() -> None:
    # r/raspberrypipico 1jky005 (a Pico 2 W)
    text = ("Hello! I recently bought a Pico2W with the intention of flashing MicroPython. However, when I plug it in and try "
            "copying over any firmware from here, nothing happens (the file just copies over and the device never disconnects "
            "or responds in any way).\n")
    assert first_id(text) == "RP003"


@pytest.mark.parametrize("text", [
    "I copied over the uf2 to my Pico 2, it rebooted and the LED blinks.\n",
    "I copied over the firmware to the Pico 2 and it works now.\n",
])
def test_copy_over_that_took_is_not_rp003(text: str) -> None:
    assert "RP003" not in ids(text)


# ---- (3) FW002: PSRAM the image expects and the board does not have ---------------------------------------------------

@pytest.mark.parametrize("text", [
    # from the source's format (ESP-IDF 3.x-4.x spiram_psram.c, cpu_start.c)
    "E (89) psram: PSRAM ID read error: 0xffffffff\nE (94) cpu_start: Failed to init external RAM!\n",
    # from the source's format (ESP-IDF 5.x esp_psram, octal)
    "E (344) octal_psram: PSRAM ID read error: 0x00000000, PSRAM chip not found or not supported, or wrong PSRAM line mode\n",
    # (reviewfix s25) from the source's format (ESP-IDF 4.x-5.x cpu_start.c, CONFIG_SPIRAM_ALLOW_BSS_SEG_EXTERNAL_MEMORY: abort)
    "E (98) cpu_start: Failed to init external RAM, needed for external .bss segment\n",
])
def test_esp_psram_start_failures_are_fw002(text: str) -> None:
    assert first_id(text) == "FW002"


def test_esp_psram_tolerated_missing_is_not_fw002() -> None:
    # from the source's format (ESP-IDF cpu_start.c with CONFIG_SPIRAM_IGNORE_NOTFOUND: the app continues)
    assert "FW002" not in ids("I (312) cpu_start: Failed to init external RAM; continuing without it.\n")


def test_rp2350_psram_bootloader_on_pico2_is_fw002() -> None:
    # cnx-software 2024-09-03: psram-bootloader.uf2 (RISC-V Linux for RP2350 boards with PSRAM) on a Pico 2
    text = ('cp build/psram-bootloader.uf2 "/media/jaufranc/RP2350"/\n...\nInvalid PSRAM ID: 0\nPSRAM setup failed\n'
            "Press any key to reset.\n")
    assert first_id(text) == "FW002"
    assert [e["kind"] for e in events(text, "flash") if e["kind"] == "rp_image_board_mismatch"]


def test_other_psram_setup_messages_are_not_rp2350_board_mismatch() -> None:
    # a Teensy sketch's own message (a colon and a reason after it), not the RP2350 bootloader's line
    text = "PSRAM detected: 0 bytes\nPSRAM setup failed: no chip\n"
    assert not [e for e in events(text, "flash") if e["kind"] == "rp_image_board_mismatch"]


# ---- (4) FW005: a GCC -m option said not to be recognized -------------------------------------------------------------

def test_march_option_said_not_recognized_is_fw005() -> None:
    # qmk/qmk_firmware#9301
    text = ("however I am getting unrecognized options when building for teensy firmware. In particular \n"
            "`-march=nocona` (gcc) and `-mtune=haswell` (avr-gcc) is not recognized. I am not too familiar with avr-gcc\n")
    assert first_id(text) == "FW005"


@pytest.mark.parametrize("text", [
    "Is -mcpu=cortex-m33 not recognized by gcc 7?\n",
    "Make sure -mcpu=cortex-m33 is not recognized as an error by your IDE.\n",
])
def test_march_question_or_advice_is_no_build_error(text: str) -> None:
    runs = ((facts(text).get("klipper") or {}).get("build") or {}).get("runs") or []
    assert not [e for r in runs for e in r["events"] if e.get("reason") == "toolchain_target"]


# ---- (5) FW003: the board's crystal named, and no USB serial device after a flash that went well -----------------------

_CRYSTAL = "The board is using a 25 MHz crystal on PH0 PH1 and a 32.768kHz on PC14 PC15.\n"


def test_good_flash_no_vcp_with_board_crystal_is_fw003() -> None:
    # betaflight/betaflight#9815 (a WeAct Black Pill F411 given the MATEKF411 target)
    text = ("I have tried to flash MATEKF411 firmware directly and it flashed fine via DFU mode, but no VCP was found after the "
            "flashing.\n" + _CRYSTAL)
    assert first_id(text) == "FW003"


@pytest.mark.parametrize("text", [
    # no crystal named: the same sentence names no cause
    "It flashed fine via DFU mode, but no VCP was found after the flashing.\n",
    # a question
    "It flashed fine via DFU, but no VCP was found. Could the 25 MHz crystal on my board be the reason?\n",
    # a condition
    "If it flashed fine but no COM port appears, the board has a 25 MHz crystal and the target assumes 8 MHz.\n",
    # a story that ends fixed
    "It flashed fine but no COM port showed up; after I replaced the cable it works now.\n" + _CRYSTAL,
])
def test_good_flash_no_vcp_without_its_evidence_is_not_fw003(text: str) -> None:
    assert "FW003" not in ids(text)


# ---- (6) FW001: an upload said to have taken the bootloader with it -----------------------------------------------------

def test_upload_took_bootloader_is_fw001() -> None:
    # stm32duino/Arduino_Core_STM32#360
    text = ('but whenever I upload a sketch using upload methods st-link or serial, "Maple(COM12)" vanished.\n'
            "possibly because upload vector of Arduino_Core_STM32 does not bypass the STM32duino-bootloader, so that the boot "
            "loader is lost.\n")
    assert first_id(text) == "FW001"


@pytest.mark.parametrize("text", [
    "Is the bootloader lost when I upload a sketch with the ST-Link?\n",
    "Make sure the upload does not overwrite the bootloader.\n",
    "If you upload over SWD at 0x08000000 the bootloader is erased.\n",
    "Uploading with the ST-Link will overwrite the bootloader.\n",
    "I checked: the bootloader was not erased by the upload, it still shows up in DFU.\n",
])
def test_bootloader_lost_questions_advice_negations_are_not_fw001(text: str) -> None:
    assert "FW001" not in ids(text)


@pytest.mark.parametrize("text", [
    "I copied over the firmware.bin to the SD card and nothing happens, it is not renamed.\n",
    "I copied over the firmware to the SD card of my Pico 2 printer board, nothing happens.\n",
])
def test_copy_over_to_an_sd_card_is_not_rp003(text: str) -> None:
    assert "RP003" not in ids(text)


# ---- (reviewfix s25) what the review found ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # from the source's format (ESP-IDF 5.5+ esp_psram_impl_ap_quad.c: a PSRAM of another vendor id, used with the default
    # pattern; the boot goes on and finds it)
    "W (240) quad_psram: PSRAM ID read error: 0x00000003, fallback to use default driver pattern\n"
    "I (245) esp_psram: Found 8MB PSRAM device\nI (300) main_task: Calling app_main()\n",
    # from the source's format (ESP-IDF 3.x-4.4 spiram.c / cpu_start.c with CONFIG_SPIRAM_IGNORE_NOTFOUND: "Bailing out" is
    # printed only by a build that tolerates a missing PSRAM, and it boots on)
    "E (440) psram: PSRAM ID read error: 0xffffffff\nE (441) spiram: SPI RAM enabled but initialization failed. Bailing out.\n"
    "I (447) cpu_start: Failed to init external RAM; continuing without it.\nI (460) cpu_start: Pro cpu up.\n",
    # from the source's format (ESP-IDF 5.5+ esp_psram.c, PSRAM_LOG_NOTFOUND a warning in such a build)
    "W (410) quad_psram: PSRAM ID read error: 0xffffffff, PSRAM chip not found or not supported\n"
    "W (415) esp_psram: PSRAM enabled but initialization failed. Bailing out.\n"
    "W (420) cpu_start: Failed to init external RAM; continuing without it.\n",
    # from the source's format: the "Bailing out" line alone (only a tolerant build prints it)
    "E (232) spiram: SPI RAM enabled but initialization failed. Bailing out.\n",
])
def test_esp_psram_lines_of_a_boot_that_goes_on_are_not_fw002(text: str) -> None:
    assert "FW002" not in ids(text)


@pytest.mark.parametrize("text", [
    # the older "copy the firmware over" row (rp-usb s8) and the s25 one, on SD / TF card posts and other boards' UF2 drives
    "I copied the firmware over to the sd card and put it back in the printer. Nothing happens after power cycle.\n",
    "Copy the firmware over to the microSD card, insert it and power on. Nothing happens, the screen stays blank.\n",
    "Copy the firmware over to the card, then put the card in the printer. Nothing happens, the LCD stays blue.\n",
    "I copied over the firmware.uf2 to my Feather M0 (SAMD21) and nothing happens.\n",
    "I copied over the latest uf2 to my nice!nano v2 drive, nothing happens.\n",
    "I copied over the firmware to the ESP32-S3 TinyUF2 drive and nothing happens. Using a pico as a probe.\n",
    # a condition, a question, a negation
    "If nothing happens, try copying over the firmware again to the pico.\n",
    "Did you try copying over the uf2 to the Pico? Nothing happens for me either.\n",
    "I have not copied over any firmware to the Pico yet, nothing happens when I press the button.\n",
])
def test_copy_over_rows_not_on_cards_other_boards_questions(text: str) -> None:
    assert not [e for e in events(text, "flash") if e["kind"] == "said_uf2_copied"]


def test_copy_firmware_over_steps_still_read() -> None:
    # the older row's own example (a steps-to-reproduce list) and a Pico 2 account still read
    assert [e for e in events("- Copy the firmware over\n", "flash") if e["kind"] == "said_uf2_copied"]
    assert first_id("My Pico 2 is connected. I copied over the uf2 file and nothing happens.\n") == "RP003"


@pytest.mark.parametrize("text", [
    # an AVR ISP upload erases the chip; no application offset is involved
    "I uploaded my sketch to the Pro Micro with a USBasp (Upload Using Programmer) and it erased the bootloader, now it no longer "
    "shows up as a COM port.\n",
    "After uploading via ISP, the bootloader was erased and the Nano is not recognized anymore.\n",
    # a deliberate full chip erase, an ESP32, a story that ends fixed
    "I did a full chip erase in STM32CubeProgrammer before flashing, the bootloader was erased, so now katapult is gone.\n",
    "I flashed the ESP32 and the bootloader got erased, now it boot loops.\n",
    "I uploaded the sketch and it erased the bootloader. After I burned the bootloader again it works now.\n",
])
def test_bootloader_erased_without_an_offset_is_not_fw001(text: str) -> None:
    assert "FW001" not in ids(text)


def test_bootloader_erased_by_sketch_upload_on_stm32_still_fw001() -> None:
    assert first_id("The upload worked but the bootloader was erased by the sketch upload on my Maple Mini.\n") == "FW001"


@pytest.mark.parametrize("text", [
    "It flashed fine, but no COM port appears. Turned out the cable was charge-only.\n" + _CRYSTAL,
    "It flashed fine, but no COM port appears, said my friend.\n" + _CRYSTAL,
])
def test_good_flash_no_vcp_with_another_cause_or_voice_is_not_read(text: str) -> None:
    assert not [e for e in events(text, "claims") if e["kind"] == "said_no_usb_after_good_flash"]


def test_march_isnt_recognized_and_not_recognized_as() -> None:
    assert first_id("With the conda env active, -march=nocona isn't recognized by avr-gcc.\n") == "FW005"
    assert "FW005" not in ids("Compiling with -mfpu=fpv5-d16 is not recognized as a problem, the warning is harmless.\n")
