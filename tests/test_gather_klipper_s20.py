"""Session 20, gathering round klipper-side: prose families that real threads of this area state and doctor missed.

Families fixed (each row in doctor/parsers/claims.py, each reading in the entry named):
- SD001: the SD-card bootloader did not take the file, said as the rename then its negation ("changes to firmware.cur on
  the SD, which it does not"), as "the file ... is not renamed" without naming .CUR, and as the bootloader ignoring the file;
- CAN005: the CAN bitrates did not match, or matching them fixed it (not a list of bitrates tried without effect);
- CAN002: the kernel lacks the CAN adapter's driver (gs_usb), the adapter still in lsusb;
- FW001: the bootloader offset decided it ("does not work with an 8 KiB offset ... No bootloader works fine");
- BOOT003: the boot/DFU button held and still no DFU device;
- FW003: the board's crystal named beside a USB enumeration failure (same line or another).

Texts marked "thread" are sentences from the public threads named; the others are other wordings of the same statement,
written for these tests (not pasted by anyone)."""

from __future__ import annotations

import pytest

from tests.textkit import first, kinds, serious


def _said(text: str) -> list[str]:
    return [k for k in kinds(text, "claims") if k.startswith("said_")]


# ---- SD001 -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # thread: answeroverflow.com/m/1048635846682746930 (BTT SKR 2)
    "The way I'm checking if the flash was successful is by seeing if firmware.bin changes to firmware.cur on the SD, which it does not.",
    # thread: makerbase-mks/MKS-Robin-E3-E3D#41
    "hello I'm trying to update my firmware but this is impossible the file on the sd card is not renamed.",
    # thread: mriscoc/Ender3V2S1#926
    "I usually have a 2 GB sd card for my print files. works well. but not for flashing. formatting, empty, whatever, printer ignores the flash file.",
    # other wordings
    "I expected klipper.bin to be renamed to KLIPPER.CUR after the power cycle, but it was not.",
    "The firmware.bin on the microSD card never got renamed, whatever I did.",
    "The board just ignores the firmware file on the SD card.",
])
def test_sd001_bootloader_did_not_take_the_file_prose(text: str) -> None:
    assert "said_sd_not_taken" in _said(text)
    assert first(text) == "SD001"


@pytest.mark.parametrize("text", [
    "The firmware.bin was renamed to FIRMWARE.CUR, so the flash worked.",
    "I renamed the file on the SD card to firmware.bin as the guide says.",
    "Klipper ignores the [bed_mesh] section in my printer.cfg.",
])
def test_sd_prose_not_taken_rows_stay_off_other_sentences(text: str) -> None:
    assert "said_sd_not_taken" not in _said(text)


# ---- CAN005 ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # thread: linux-can/can-utils#86
    "1- When connecting the module to a 1 Mbps CAN bus, I couldn't sniff the messages with `candump`, and couldn't communicate "
    "with the node (which was a motor drive). Lowering the bitrate of drive to 500 Kbps solved the problem.",
    # thread: meatpiHQ/wican-fw#33
    "I am attempting to use the WICAN to interface with an CAN bus running the rv-c spec. My guess is that this is because the "
    "device defaults to the 500K bitrate when it boots and the RV-C standard uses 250K and this mismatch is causing problems on the bus.",
    # other wordings
    "The problem was the bitrate: can0 was at 500000 while the EBB36 was built for 1000000.",
    "Setting the can0 bitrate to 1000000 fixed it, the toolhead answers now.",
    "My CAN bus speed in menuconfig did not match the bitrate in /etc/network/interfaces.d/can0.",
])
def test_can005_bitrate_mismatch_prose(text: str) -> None:
    assert "said_can_bitrate_mismatch" in _said(text)
    assert first(text) == "CAN005"


@pytest.mark.parametrize("text", [
    # klipper.discourse.group/t/26031: both bitrates tried, the same failure (a wiring or load problem, not a mismatch)
    "Bitrate: tried 1Mbit and 500kbit on both adapters, identical failure at both",
    "How do I change the can0 bitrate so that it is not wrong after a reboot?",
    "The serial baud rate was wrong, 115200 instead of 250000.",
])
def test_can005_prose_stays_off_tries_questions_and_serial(text: str) -> None:
    assert "said_can_bitrate_mismatch" not in _said(text)


# ---- CAN002 ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # thread: Esoterical/voron_canbus#108
    "After some digging, I've discovered that the maintainers of my SBC did some cleanups in the OS build configuration, and removed "
    "inclusion of CAN adapters' drivers, which in turn rendered CAN devices inoperable (even though the Adapter, BTT U2C, was visible "
    "on the `lsusb` list as normal).",
    # other wordings
    "The gs_usb module is missing from this kernel, so the U2C shows in lsusb but there is no can0.",
    "orin currently has kernel compiled without CONFIG_CAN_GS_USB is not set",
    "Turns out the image ships without gs_usb driver support.",
])
def test_can002_driver_missing_prose(text: str) -> None:
    assert "said_can_driver_missing" in _said(text)
    assert first(text) == "CAN002"


@pytest.mark.parametrize("text", [
    "There is no way I can install the driver on this Windows machine.",
    "I can load the gs_usb module by hand and then can0 appears.",
])
def test_can002_prose_stays_off_the_verb_can(text: str) -> None:
    assert "said_can_driver_missing" not in _said(text)


# ---- FW001 -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # thread: maz0r/klipper_canbus#10 (the githubissues.com mirror)
    "Attempting to flash a BTT ebb36 v1.2 with G0B1 does not work if you select a Bootloader offset of 8 KiB. The device will flash "
    "but cause the network to go into an ERROR-PASSIVE state as soon as communication is attempted on the canbus. Compiling the "
    "firmware with No bootloader selected works fine and the device can successfully communicate with klipper.",
    # other wordings
    "The problem was the bootloader offset: I had 32KiB selected but the board needs the 28KiB bootloader.",
    "It was the wrong bootloader offset, after switching to 64KiB bootloader the board connects.",
])
def test_fw001_offset_said_to_decide_it(text: str) -> None:
    assert "said_wrong_offset" in _said(text)
    assert first(text) == "FW001"


@pytest.mark.parametrize("text", [
    "I tried 28KiB bootloader and 32KiB bootloader, same problem with both.",
    "Which bootloader offset should I use for the SKR mini E3 V3, how do I know?",
])
def test_fw001_prose_stays_off_tries_and_questions(text: str) -> None:
    assert "said_wrong_offset" not in _said(text)


# ---- BOOT003 -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # thread: greatscottgadgets/hackrf#373 (a line of 551 characters: the statement sits past the 400th)
    "I flashed the board as instructed in the wiki and the board worked . It shows up as openmoko which again is perfectly fine however "
    "I can't put the board into DFU . In my attempt to correct it I accidentally flashed it with blinky using spiflash while the board "
    "previously had hackrf_usb firmware using dfu and now the board isn't recognized either . The board works since I see the led "
    "flashing however it doesn't respond to DFU button hold neither does it show up in lsusb,dmesg or dfu-util -l which makes it "
    "impossible for me to change the firmware.",
    # other wordings
    "I am holding the BOOT0 button while plugging it in but it does not enter DFU mode at all.",
    "Even with the boot jumper fitted and pressing reset it never enters DFU mode.",
])
def test_boot003_button_held_no_dfu_prose(text: str) -> None:
    assert "said_boot_held_no_dfu" in _said(text)
    assert first(text) == "BOOT003"


def test_boot003_prose_is_not_a_question() -> None:
    assert "said_boot_held_no_dfu" not in _said("Do I have to hold the BOOT0 button so it shows up in lsusb as DFU?")


def test_boot005_still_wins_when_only_the_usb_serial_chip_is_seen() -> None:
    # thread: r/ender3 "Second 4.2.7 Board, Same DFU Issue": BOOT0 held, only the CH340 seen (BOOT005 before BOOT003)
    text = ("I cannot get either board into DFU mode no matter what combination I try. Holding the BOOT0 pad to 3.3v while powering on "
            "does absolutely nothing. The USB still shows up as a CH340 serial device instead of anything DFU-related.")
    assert first(text) == "BOOT005"


# ---- FW003 -------------------------------------------------------------------------------------------------------------

def test_fw003_crystal_named_in_the_same_line_as_windows_descriptor_failure() -> None:
    # thread: rogerclarkmelbourne/STM32duino-bootloader#93
    text = ('I hope someone here might be able to help me out. My problem is when I connect up to the usb I get unrecognized device '
            '"Unknown USB Device (Device Descriptor Request Failed)". My board is a custom board with STM32F103RCT6 AND 12MHz crystal, '
            'and when burn the binaries from here, the board PC13 will blink a led, but without a successful usb ')
    assert first(text) == "FW003"


def test_fw003_crystal_named_apart_from_kernel_descriptor_errors() -> None:
    # the kernel lines in the format of drivers/usb/core/hub.c (Linux 5.x), the sentence another wording
    text = """
My board is a custom STM32F401 board with a 25 MHz crystal.
[ 1234.567890] usb 1-1.3: new full-speed USB device number 9 using xhci_hcd
[ 1234.647912] usb 1-1.3: device descriptor read/64, error -32
[ 1234.835915] usb 1-1.3: device descriptor read/64, error -32
[ 1235.023883] usb 1-1.3: new full-speed USB device number 10 using xhci_hcd
[ 1235.103911] usb 1-1.3: device descriptor read/64, error -32
[ 1235.291912] usb 1-1.3: device descriptor read/64, error -32
[ 1235.399991] usb 1-1-port3: attempt power cycle
"""
    assert "said_board_crystal" in _said(text)
    assert first(text) == "FW003"


def test_fw003_crystal_alone_is_no_finding_and_esptool_crystal_line_is_not_the_board() -> None:
    assert not serious("My board is a custom board with a 12MHz crystal.")
    assert "said_board_crystal" not in _said("Crystal is 40MHz")
