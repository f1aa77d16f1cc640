"""Session 24, SWD area: the families fixed after the gathering round (heldout25/swd).

- STM32CubeProgrammer's start step with the core held in reset ("Warning: failed to run application!", "Warning: The core is
  kept under Reset!") after a verified download is a note, not a failure (hubmartin/WS2812B_STM32F103#2).
- OpenOCD's "Error: open failed" quoted whole in a person's sentence is the same adapter failure (rust-embedded/book#204).
- SWD004's cause said in prose: the firmware put the chip into a low-power mode or took the SWD pins (ST community 506603).
- SWD001 said in prose: the debug probe is not seen by the host (ST community 652653).

Texts marked "from the source's format" are written from the tool's printed format, not copied from a thread.
"""
from __future__ import annotations

from textkit import events, findings, first, serious


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def said(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "claims")]


# --- STM32CubeProgrammer: start step with the core kept under reset --------------------------------------------------

CUBE_VERIFIED_HELD = """\
14:54:59 : Time elapsed during download operation: 00:00:00.631
14:54:59 : Verifying ...
14:54:59 : Read progress:
14:54:59 : Download verified successfully
14:54:59 : RUNNING Program ...
14:54:59 : Address: : 0x08000000
14:54:59 : Warning: failed to run application!
14:54:59 : Warning: The core is kept under Reset!
14:54:59 : Start operation achieved successfully
"""


def test_cubeprog_core_kept_under_reset_after_verified_download_is_healthy():
    assert serious(CUBE_VERIFIED_HELD) == []


def test_cubeprog_core_kept_under_reset_cli_form_is_healthy():
    # from the source's format: the CLI prints the same lines without the GUI's time stamps
    text = ("Download verified successfully \n\nRUNNING Program ... \n  Address:      : 0x8000000\n"
            "Warning: failed to run application!\nWarning: The core is kept under Reset!\nStart operation achieved successfully\n")
    assert serious(text) == []


def test_cubeprog_failed_download_still_fails_beside_the_start_warnings():
    # from the source's format: a failed write keeps its own finding; the start warnings add none
    text = ("Erasing memory corresponding to segment 0:\nError: failed to erase memory\n"
            "Warning: failed to run application!\nWarning: The core is kept under Reset!\n")
    assert ids(text) and "GEN001" not in ids(text)[:1]


# --- OpenOCD "Error: open failed" quoted in a sentence ---------------------------------------------------------------

def test_openocd_open_failed_quoted_in_prose_is_swd001():
    text = ('OpenOCD would just not see the STM32F3DISCOVERY board even though it shows up fine on device manager.\n\n'
            'It turns out USB 3.0 capable ports do not work with OpenOCD, it fails with "Error: open failed".\n')
    assert first(text) == "SWD001"


def test_openocd_open_failed_quoted_in_a_condition_or_question_is_not_read():
    for line in ('If you get "Error: open failed", plug the probe into a USB 2.0 port.',
                 'Why does openocd say "Error: open failed"?',
                 'You may see "Error: open failed" when the udev rule is missing.',
                 'I used to get "Error: open failed" but it works now.'):
        assert "SWD001" not in ids(line), line


# --- SWD004's cause said in prose ------------------------------------------------------------------------------------

KEIL_NO_TARGET = ("I get the ''No target connected'' message followed by the ''Error: Flash Erase failed - Target DLL has been "
                  "cancelled'' again.\n")


def test_firmware_put_into_standby_beside_a_failed_connect_is_swd004():
    text = KEIL_NO_TARGET + "Edit: It is worth noting that the board bricked because I put it in to standby mode.\n"
    assert first(text) == "SWD004"


def test_firmware_sleeps_said_with_the_probe_named_is_swd004():
    for line in ("After I flashed code that puts the MCU into stop mode, the ST-Link cannot connect anymore.",
                 "I accidentally configured PA13 and PA14 as GPIO outputs and now ST-Link Utility can't connect.",
                 "I think I disabled SWD in CubeMX, now the J-Link cannot attach.",
                 "程序进入待机模式后ST-Link就连不上了"):
        assert "SWD004" in ids(line), line


def test_firmware_sleeps_row_not_on_negation_question_advice_or_other_chips():
    for line in ("The firmware does not use any low power mode, and the ST-Link still cannot connect.",
                 "I never put it into standby mode, but ST-Link Utility says Can not connect to target!",
                 "Could the chip be in standby mode? The ST-Link cannot connect.",
                 "If the firmware enters stop mode you need to connect under reset with the ST-Link.",
                 "Make sure you don't disable SWD in CubeMX, or the ST-Link cannot connect.",
                 "My ESP32 goes into deep sleep mode and esptool cannot connect.",
                 "My laptop went to sleep and the ST-Link disconnected.",
                 "Usually when the ST-Link flashes only once and then cannot connect, the firmware disabled SWD."):
        assert "said_swd_firmware_sleeps" not in said(line), line


def test_firmware_sleeps_said_alone_without_probe_or_failed_run_is_not_swd004():
    line = "The code puts the board into standby mode after ten seconds to save the battery."
    assert "said_swd_firmware_sleeps" in said(line) and "SWD004" not in ids(line)


# --- SWD001 said in prose --------------------------------------------------------------------------------------------

def test_probe_not_seen_by_host_said_in_prose_is_swd001():
    for line in ("tried to update the ST-Link Firmware on my NUCLEO-F429ZI as requested by STM32CubeIDE. Updating failed and "
                 "the board is no longer recognized as a USB device. The COM LED (LD4) on the ST-Link section blinks red.",
                 "My ST-Link V2 is not detected by my PC at all.",
                 "The J-Link isn't recognized by Windows anymore."):
        assert first(line) == "SWD001", line


def test_probe_not_seen_row_not_on_question_target_story_or_listing():
    for line in ("Is the ST-Link recognized by the PC?",
                 "The ST-Link was not detected by the PC until I installed the driver.",
                 "The ST-Link is found but the target is not detected by the PC software.",
                 "If the ST-Link is not detected by Windows, install STSW-LINK009.",
                 "The board is not recognized as a USB device."):
        assert "said_probe_not_seen" not in said(line), line
    # an ST-Link listed on the bus in the same text: not "not seen"
    listed = "Bus 001 Device 007: ID 0483:3748 STMicroelectronics ST-LINK/V2\nMy ST-Link V2 is not detected by my PC at all.\n"
    assert "SWD001" not in ids(listed)


def test_openocd_open_failed_quoted_without_prefix_needs_openocd_named():
    assert first('OpenOCD just says "open failed" every time I start it.') == "SWD001"
    assert "SWD001" not in ids('The tool just says "open failed" and stops.')


# --- (swd review s24) the review's texts, each as a test ----------------------------------------------------------------

def test_review_healthy_sleep_stories_naming_the_probe_are_not_swd004():
    for line in ("The ST-Link flashes it fine and the firmware then puts the MCU into stop mode, which is what I want.",
                 "I use the ST-Link to debug; the firmware enters standby mode after 10 s and wakes on the RTC as expected.",
                 "Keil works and the ST-Link works, I just want to know how to put the STM32 into standby mode.",
                 "I enabled DBGMCU so the ST-Link stays connected while the MCU goes into stop mode.",
                 "I had put it into standby mode, but connect under reset with the ST-Link fixed it and it works now.",
                 "I set PA13 as output after disabling SWD, then flashed with ST-Link; now it blinks the LED as planned."):
        assert "SWD004" not in ids(line), line


def test_review_chinese_negated_sleep_is_not_read():
    for line in ("程序没有进入待机模式，但是ST-Link还是连不上", "我的代码不使用低功耗模式，ST-Link连不上"):
        assert "said_swd_firmware_sleeps" not in said(line), line
        assert "SWD004" not in ids(line), line


def test_review_sleep_said_where_the_probe_was_never_found_is_swd001_only():
    # from the source's format: st-flash's and CubeProgrammer's no-probe lines
    for head in ("Found 0 stlink programmers\n", "Error: No debug probe detected.\n"):
        text = head + "My firmware puts the MCU into stop mode between samples.\n"
        assert first(text) == "SWD001" and "SWD004" not in ids(text), head


def test_review_open_failed_of_another_tool_or_a_past_story_is_not_swd001():
    for line in ('Flashing works fine with OpenOCD, but esptool prints "open failed" for /dev/ttyUSB0.',
                 'OpenOCD flashed it; afterwards minicom says "open failed" on /dev/ttyACM0.',
                 "The log file could not be written by openocd: 'open failed'.",
                 'hid_bootloader_cli just says "Error: open failed" and exits.',
                 'I had "Error: open failed" until I added the udev rule.',
                 'Had "Error: open failed" yesterday; after replugging to a USB 2.0 port OpenOCD connects.',
                 'Everyone on the forum who gets "Error: open failed" from OpenOCD had the wrong udev rules.'):
        assert "SWD001" not in ids(line), line


def test_review_probe_not_seen_beside_a_listing_of_that_probe_is_not_swd001():
    for text in ("Bus 001 Device 005: ID 1366:0105 SEGGER J-Link\nMy J-Link is not recognized by the PC.\n",
                 "Bus 001 Device 005: ID 2e8a:000c Raspberry Pi Debugprobe on Pico (CMSIS-DAP)\n"
                 "The debugprobe is not detected by my computer.\n",
                 "[   12.345678] usb 1-1: New USB device found, idVendor=0483, idProduct=374e, bcdDevice= 1.00\n"
                 "The STLINK-V3 is not detected by my PC.\n"):
        assert "said_probe_not_seen" in said(text) and "SWD001" not in ids(text), text


def test_review_probe_not_seen_story_that_ends_found_is_not_read():
    for line in ("The ST-Link wasn't recognized by Windows; after installing STSW-LINK009 it shows up in Device Manager.",
                 "The ST-Link is not detected by my PC, but it shows in Device Manager as STM32 STLink.",
                 "My ST-Link was not recognized by the PC. I swapped the cable and now everything is fine.",
                 "The ST-Link is not detected by the PC software (STM32 ST-LINK Utility).",
                 "Windows doesn't recognize my ST-Link until I install the driver.",
                 "Does Windows recognize the ST-Link at all?",
                 "Windows doesn't recognize the target through the ST-Link."):
        assert "said_probe_not_seen" not in said(line) and "SWD001" not in ids(line), line


def test_review_probe_not_seen_other_wordings_are_swd001():
    for line in ("Windows doesn't recognize my ST-Link V2",
                 "Device Manager doesn't see the CMSIS-DAP probe",
                 "lsusb does not list the ST-Link",
                 "The ST-Link does not show up in Device Manager",
                 "My Segger J-Link EDU does not appear in lsusb",
                 "Mein ST-Link wird vom PC nicht erkannt."):
        assert first(line) == "SWD001", line


def test_review_cubeprog_start_warnings_without_a_verified_download_are_not_silent():
    # from the source's format: a download without its verify step, and the two warnings pasted alone
    for text in ("Erasing memory corresponding to segment 0:\nDownload in Progress:\nFile download complete\n"
                 "Time elapsed during download operation: 00:00:01.2\nRUNNING Program ...\n"
                 "Warning: failed to run application!\nWarning: The core is kept under Reset!\n",
                 "Warning: failed to run application!\nWarning: The core is kept under Reset!\n"):
        assert ids(text), text


def test_review_board_not_in_lsusb_beside_a_fine_probe_is_not_swd001():
    assert "SWD001" not in ids("lsusb does not list the board but the ST-Link is fine.")
