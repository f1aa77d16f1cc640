"""Rows and rules of the boot-usb round (session 24, second wave), each written here in other words of the same family than
the threads gathered that round, with the lines that must stay out of them:

- an ATmega32U4 board said to be gone after an upload, or its upload said to hang at 0 % waiting for avrdude (claims.py
  said_32u4_gone_after_upload, said_gone_after_upload + said_32u4_board, said_32u4_upload_stuck): BOOT008;
- PlatformIO's upload through a debug probe (upload_protocol = stlink) on a 3D-printer board's build environment, the probe not
  found: the board takes firmware from its SD card (or its own USB bootloader), no probe is wired: BOOT006 over SWD001;
  and the same said in prose (claims.py said_printer_board_pio_upload_fails)."""

from __future__ import annotations

import pytest

from tests.textkit import first, kinds


# --- BOOT008: an ATmega32U4 board gone after an upload, or its upload stuck at 0 % --------------------------------------------

@pytest.mark.parametrize("said", [
    "My Leonardo is not detected anymore after I uploaded a sketch with the wrong board selected.",
    "The Pro Micro isn't recognized since the last upload, the port is gone.",
    "After flashing the new sketch my Arduino Micro was not even detected by the IDE.",
])
def test_boot008_32u4_gone_after_upload(said):
    assert "said_32u4_gone_after_upload" in kinds(said, "claims")
    assert first(said) == "BOOT008"


def test_boot008_board_named_on_another_line():
    text = ("I have a Pro Micro clone and picked the 8 MHz board by mistake.\n"
            "Since that upload the board is not detected by the computer any more.")
    assert first(text) == "BOOT008"


@pytest.mark.parametrize("said", [
    # asked, advised, fixed, another chip's board, nothing said after an upload
    "Is the Leonardo not detected after the upload because of the cable?",
    "Make sure the Pro Micro is detected after the upload before you open the serial monitor.",
    "My Leonardo was not detected after the upload, but after a double reset it works again.",
    "My Pro Micro is detected fine after the upload.",
])
def test_boot008_gone_rows_stay_out(said):
    found = kinds(said, "claims")
    assert "said_32u4_gone_after_upload" not in found and "said_gone_after_upload" not in found


def test_boot008_gone_after_upload_needs_a_32u4_board():
    # another board (an STM32 printer board) gone after a flash: not the Caterina window
    said = "After flashing Klipper the SKR board is not detected anymore."
    assert first(said) != "BOOT008"


@pytest.mark.parametrize("said", [
    "Flashing my Pro Micro from the configurator, the bar is stuck at 0% and nothing happens.",
    "The tool starts avrdude for the Leonardo and never gets past 0.00 percent.",
    "Programming the Arduino Micro hangs on 'Waiting for avrdude'.",
])
def test_boot008_32u4_upload_stuck(said):
    assert "said_32u4_upload_stuck" in kinds(said, "claims")
    assert first(said) == "BOOT008"


@pytest.mark.parametrize("said", [
    "Why does the Pro Micro upload stay at 0% for a few seconds?",
    "The Leonardo upload was stuck at 0% but after a double reset it works now.",
    "My ESP32 upload is stuck at 0%.",
])
def test_boot008_stuck_row_stays_out(said):
    assert "said_32u4_upload_stuck" not in kinds(said, "claims")


# --- BOOT006: PlatformIO's probe upload on a 3D-printer board's environment ---------------------------------------------------

# from the source's format (PlatformIO core 4.x-6.x platformio run -t upload, xPack OpenOCD 0.10/0.11): the build environment is
# named in the "Uploading .pio/build/<env>/firmware.elf" line
def _pio_stlink_upload(env: str) -> str:
    return f"""Configuring upload protocol...
AVAILABLE: blackmagic, dfu, jlink, serial, stlink
CURRENT: upload_protocol = stlink
Uploading .pio/build/{env}/firmware.elf
xPack OpenOCD, x86_64 Open On-Chip Debugger 0.11.0+dev (2021-10-16-21:19)
Licensed under GNU GPL v2
For bug reports, read
        http://openocd.org/doc/doxygen/bugs.html
debug_level: 1

hla_swd
Error: open failed
in procedure 'program'
** OpenOCD init failed **
shutdown command invoked
*** [upload] Error 1"""


@pytest.mark.parametrize("env", ["STM32F103RE_creality", "STM32F103RC_btt_512K", "mks_robin_nano35", "BIGTREE_SKR_2"])
def test_boot006_pio_probe_upload_on_printer_board(env):
    assert first(_pio_stlink_upload(env)) == "BOOT006"


@pytest.mark.parametrize("env", ["bluepill_f103c8", "nucleo_f446re", "blackpill_f411ce", "genericSTM32F103C8"])
def test_swd001_stays_for_dev_boards(env):
    # a dev board's environment: whether a probe is wired the text cannot tell; the probe not found stays SWD001's
    assert first(_pio_stlink_upload(env)) == "SWD001"


def test_swd001_stays_with_a_probe_on_the_bus():
    lsusb = "Bus 001 Device 005: ID 0483:3748 STMicroelectronics ST-LINK/V2"
    assert first(lsusb + "\n\n" + _pio_stlink_upload("STM32F103RE_creality")) != "BOOT006"


@pytest.mark.parametrize("said", [
    "Marlin compiles fine in VS Code for my Creality 4.2.7 board but the upload fails every time.",
    "I have a BTT SKR Mini E3 V2, PlatformIO builds it, but uploading gives an error.",
])
def test_boot006_printer_board_pio_upload_said(said):
    assert "said_printer_board_pio_upload_fails" in kinds(said, "claims")
    assert first(said) == "BOOT006"


@pytest.mark.parametrize("said", [
    # asked, advised, fixed, the SD card route itself, an LPC176x SKR (PlatformIO copies to its disk), no upload failure
    "Why does the upload to my SKR Mini E3 fail in PlatformIO?",
    "Make sure the SKR Mini E3 upload in PlatformIO does not fail because of the cable.",
    "The SKR Mini E3 upload from PlatformIO failed at first, but it is fixed now.",
    "PlatformIO built it for the SKR Mini E3, but the upload fails, so I copied firmware.bin to the SD card.",
    "The upload to my SKR 1.4 Turbo fails in PlatformIO.",
    "PlatformIO uploads to my SKR Mini E3 without errors.",
])
def test_boot006_printer_board_row_stays_out(said):
    assert "said_printer_board_pio_upload_fails" not in kinds(said, "claims")


# --- USB001: BOOTSEL held, no drive at all -----------------------------------------------------------------------------------

@pytest.mark.parametrize("said", [
    "I hold the BOOTSEL button while plugging in the Pico, but it never shows up as a drive.",
    "Holding BOOTSEL and connecting the cable, no RPI-RP2 drive appears on my Mac.",
    "Mit gedrücktem BOOTSEL-Knopf eingesteckt, aber der Pico wird einfach nicht als Laufwerk erkannt.",
])
def test_usb001_bootsel_no_drive(said):
    assert "said_bootsel_no_drive" in kinds(said, "claims")
    assert first(said) == "USB001"


@pytest.mark.parametrize("said", [
    # asked, advised, an exception, fixed, the drive there
    "Why does the Pico not show up as a drive when I hold BOOTSEL?",
    "Make sure it shows up as a drive when you hold BOOTSEL.",
    "With BOOTSEL held it does not show up as a drive unless I use the port on the back.",
    "With BOOTSEL held it did not show up as a drive, but with another cable it works now.",
    "With BOOTSEL held the RPI-RP2 drive shows up fine.",
])
def test_usb001_bootsel_row_stays_out(said):
    assert "said_bootsel_no_drive" not in kinds(said, "claims")


def test_usb001_bootsel_not_over_an_enumeration_error():
    text = ("I hold BOOTSEL while plugging in and it never shows up as a drive.\n"
            "[ 2418.974093] usb 3-2: new full-speed USB device number 28 using xhci_hcd\n"
            "[ 2434.570047] usb 3-2: device descriptor read/64, error -110")
    assert first(text) != "USB001"


# --- (review s24w2) the texts the read-only review of this round found misread, with what doctor answers first -----------------

def test_review_probe_said_wired_keeps_swd001():
    # the person says an ST-Link is wired (or not seen by the PC): the probe upload that found none is SWD001's, not BOOT006's
    log = _pio_stlink_upload("STM32F103RE_creality")
    said = "My ST-Link V2 is wired to the SWD pins of the Creality 4.2.2 board but it is not detected by the PC."
    assert first(said + "\n" + log) == "SWD001"
    said = "I have an ST-Link V2 connected to the SWD header of the SKR Mini E3 V2."
    assert "said_probe_wired" in kinds(said, "claims")
    assert first(said + "\n" + log) == "SWD001"


@pytest.mark.parametrize("said", [
    "I do not have an ST-Link connected to the board.",
    "If the ST-Link is wired to the SWD pins, use it.",
    "The ST-Link is not connected to the board.",
])
def test_review_probe_wired_row_stays_out(said):
    assert "said_probe_wired" not in kinds(said, "claims")
    assert first(said + "\n" + _pio_stlink_upload("STM32F103RE_creality")) == "BOOT006"


@pytest.mark.parametrize("said", [
    "With BOOTSEL held the Pico does not show up as a drive, Windows says USB device not recognized.",
    "With BOOTSEL held the Pico does not show up as a drive; Device Manager shows Unknown USB Device (Device Descriptor Request Failed).",
])
def test_review_bootsel_with_an_enumeration_error_is_not_usb001(said):
    assert "said_bootsel_no_drive" not in kinds(said, "claims")
    assert first(said) == "USB002"


def test_review_bootsel_serial_port_is_not_the_drive():
    said = "The Pico is in BOOTSEL mode but Thonny can't see it, it does not show up as a device."
    assert "said_bootsel_no_drive" not in kinds(said, "claims")
    assert first(said) != "USB001"


@pytest.mark.parametrize("said", [
    "Der Pico taucht mit gedrückter BOOTSEL-Taste nicht als Laufwerk auf.",
    "Seit dem Upload erscheint kein Laufwerk, wenn ich BOOTSEL drücke.",
    "Mit gedrückter BOOTSEL-Taste erscheint das Laufwerk RPI-RP2 nicht.",
])
def test_review_bootsel_no_drive_german_word_order(said):
    assert "said_bootsel_no_drive" in kinds(said, "claims")
    assert first(said) == "USB001"


@pytest.mark.parametrize("said", [
    # another board in the sentence, the 32U4 board named beside another, a Pro Micro RP2040, a cable or driver named as cause
    "It is not the Leonardo; after the upload my Uno is not detected.",
    "My Uno is not detected after the upload. I also have a Leonardo that works fine.",
    "I have a Leonardo and an Uno.\nAfter the upload the Uno is not detected anymore.",
    "My Pro Micro RP2040 is not detected anymore after flashing QMK.",
    "My Leonardo is not detected after uploading a sketch, turned out the cable was charge-only.",
    "My Leonardo is not detected after uploading a sketch, Device Manager shows it as Unknown Device, the driver is missing.",
])
def test_review_boot008_gone_rows_hold_for_their_sentence(said):
    found = kinds(said, "claims")
    assert "said_32u4_gone_after_upload" not in found
    assert first(said) != "BOOT008"


def test_review_boot008_32u4_board_in_its_sentence_still_reads():
    said = "I also have an Uno that works. My Leonardo is not detected anymore after the upload."
    assert "said_32u4_gone_after_upload" in kinds(said, "claims")
    assert first(said) == "BOOT008"


def test_review_pio_upload_success_is_no_failure():
    said = "PlatformIO upload to my SKR Mini E3 V2 finished with 0 errors."
    assert "said_printer_board_pio_upload_fails" not in kinds(said, "claims")
    assert first(said) is None


@pytest.mark.parametrize("said", [
    "The upload to my SKR Pro fails in PlatformIO.",
    "Uploading to my BTT Octopus in PlatformIO fails with an error.",
    "BTT Octopus Pro: PlatformIO upload fails with an error.",
    "The upload to my SKR 3 fails in PlatformIO.",
    "My Creality board: the upload in VS Code fails.",
])
def test_review_printer_boards_the_row_names(said):
    # the STM32 SKR Pro, Octopus, SKR 3 and a Creality board take firmware from the SD card (the prefilter words now name them)
    assert "said_printer_board_pio_upload_fails" in kinds(said, "claims")
    assert first(said) == "BOOT006"


def test_review_lpc_skr_e3_turbo_is_not_an_sd_card_board():
    said = "The upload to my SKR E3 Turbo fails in PlatformIO."
    assert "said_printer_board_pio_upload_fails" not in kinds(said, "claims")
    assert first(said) != "BOOT006"
