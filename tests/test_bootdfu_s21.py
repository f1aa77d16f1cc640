"""Rows and rules of the boot-dfu round (session 21): the prose in which BOOT002, BOOT004, BOOT006 and BOOT008 arrived in
the threads gathered that round, each written here in other words of the same family (claims.py said_maple_dfu_device,
said_bridge_update_over_can, said_dfu_after_power_cycle's battery and ROM-bootloader rows, said_boot0_floating,
said_port_briefly_after_reset, said_hid_sketch_blocks_upload), and the lines that must stay out of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.textkit import first, kinds, serious

# STM32CubeProgrammer 2.x GUI's USB port field ("No DFU detected"), retyped in a post, beside the device the post names
CUBEPROG_NO_DFU = 'STM32CubeProgrammer only says "No DFU detected" when I refresh the USB port list.'


@pytest.mark.parametrize("said", [
    "In Device Manager the board shows up as Maple DFU under libusb devices.",
    "lsusb lists it as 1eaf:0003 LeafLabs Maple 003 while the LED blinks fast.",
    "The board is recognized as STM32duino bootloader after I flashed generic_boot20_pc13.bin.",
    # Windows' device-instance path of the same device
    "Windows lists it as USB\\VID_1EAF&PID_0003 under libusb devices.",
    # the name before the verb
    "Device Manager: Maple DFU appears under libusb-win32 devices.",
])
def test_boot006_cubeprogrammer_against_maple_dfu(said):
    assert "said_maple_dfu_device" in kinds(said, "claims")
    assert first(said + "\n" + CUBEPROG_NO_DFU) == "BOOT006"


@pytest.mark.parametrize("said", [
    "The board is detected as a COM port in Device Manager.",
    # (review s21) the Maple device named only to say it is not there
    "It is not detected as Maple DFU either.",
])
def test_boot003_stays_for_cubeprogrammer_without_maple(said):
    # no other bootloader on the bus: the ROM bootloader was not entered (BOOT003), as before
    assert "said_maple_dfu_device" not in kinds(said, "claims")
    assert first(said + "\n" + CUBEPROG_NO_DFU) == "BOOT003"


@pytest.mark.parametrize("line", [
    # (review s21) the bootloader flashed, the Maple device never said to be seen; a question
    "I flashed the STM32duino bootloader, but the LED shows nothing",
    "Does it show up as Maple DFU when the LED blinks?",
    "Maple DFU is not detected anymore.",
])
def test_maple_row_stays_out(line):
    assert "said_maple_dfu_device" not in kinds(line, "claims")


@pytest.mark.parametrize("said", [
    "My Octopus runs as the USB to CAN bridge; updating it with flashtool by its uuid fails every time.",
    "The bridge board shows up with a CAN uuid, but flashing it over can0 ends with an error.",
    "Using flash_can.py over canbus only puts the Manta, my CAN bridge, into the bootloader, but I can't flash it that way.",
    # a dot inside a word (flashtool.py) ends no sentence; flashtool's own -i can0
    "I tried to update my bridge MCU with flashtool.py -i can0 -u <uuid> and it failed.",
])
def test_boot002_bridge_updated_over_can(said):
    assert kinds(said, "claims") == ["said_bridge_update_over_can"]
    assert first(said) == "BOOT002"


def test_boot002_bridge_mode_said_on_another_line():
    # (review s21) katapult#62's order, in other words: bridge mode on one line, the update over CAN that only reached the
    # bootloader on the next; neither line alone is BOOT002's
    mode = "The Octopus Pro runs in CAN bridge mode."
    only = "I can use flash_can.py over canbus to put the Octopus into DFU mode but not flash it over canbus."
    assert first(mode + "\n" + only) == "BOOT002"
    assert first(mode) != "BOOT002" and first(only) != "BOOT002"


@pytest.mark.parametrize("line", [
    # another board flashed through the bridge: not the bridge itself
    "The Octopus is my USB-CAN bridge; flashing the EBB36 over can0 by its uuid fails with a CONNECT timeout.",
    "The Octopus is the bridge; flashing the SB2040 over can0 by its uuid fails",
    "My Octopus is the bridge and flashing the Kraken over can0 by its uuid fails.",
    # (review s21) no bridge on the line
    "Running flashtool.py over can0 puts the board into katapult but it does not flash, it just times out.",
    # (review s21) the bridge flashed over USB, or not flashed over CAN; the failure is another one
    "My Octopus is the CAN bridge and I flashed it over USB; now Klipper fails to start and says the uuid is not found.",
    "I did not flash the bridge over CAN; flashing it via USB fails",
    # (review s21) a USB-serial bridge chip, no CAN
    "The CH340 serial bridge: flashing the ESP32 with the uuid of the device fails.",
    # (review s21) a question; a failure that is over
    "Why does flashing the bridge over CAN fail?",
    "Flashing the bridge over can0 by its uuid now works after I pulled katapult, it failed before.",
])
def test_bridge_rows_stay_out(line):
    assert "said_bridge_update_over_can" not in kinds(line, "claims")
    assert first(line) != "BOOT002"


@pytest.mark.parametrize("said", [
    "Each time I plug in the battery the quad goes into DFU mode instead of Betaflight.",
    "Whenever I connect a battery it boots to DFU, I have to replug several times.",
    "After flashing with dfu-util the app runs once, but after a power cycle it goes back into the ROM bootloader.",
    "It flashes fine, yet on every power-up it returns to the system bootloader.",
    # (review s21) a LiPo is the battery
    "Every time I plug in the lipo the FC boots into DFU mode.",
])
def test_boot004_power_event_back_to_rom(said):
    assert "said_dfu_after_power_cycle" in kinds(said, "claims")
    assert first(said) == "BOOT004"


@pytest.mark.parametrize("said", [
    "BOOT0 was left floating on my PCB, so it randomly started the bootloader.",
    "Solved it: a 10k pull-down on BOOT0 to GND, now it boots the firmware every time.",
])
def test_boot004_floating_boot0(said):
    assert "said_boot0_floating" in kinds(said, "claims")
    assert first(said) == "BOOT004"


@pytest.mark.parametrize("line", [
    # entering DFU on purpose: BOOT0 held, a battery plugged in to power the FC
    "Hold the boot button, plug in the battery and it goes into DFU mode.",
    # (review s21) a fault that is gone; DFU entered on purpose (BOOT0 jumper set, a button held); another chip's bootloader
    "After a power cycle it no longer goes back to the system bootloader, thanks!",
    "To flash, set the BOOT0 jumper: after a power cycle it goes into the system bootloader",
    "Teensy: on every power-up it goes into the built-in bootloader",
    "Since I dried the board, every time I plug in the battery it no longer goes into DFU, fixed.",
    "Every time I plug in the battery it goes into DFU, but only when I hold the button.",
    # (review s21) a question
    "Every time I plug in the battery it boots to DFU? Is that normal for flashing?",
    # (review s21) BOOT0 said not floating, advice, a question, another pin floating, a fix that did not help
    "I checked with a meter: BOOT0 is not floating, it has a 10k pull-down to GND.",
    "Make sure BOOT0 is not floating",
    "Could BOOT0 be floating on this board?",
    "BOOT0 is grounded but PA9 is floating",
    "The suggested fix, a jumper from BOOT0 to GND, did not help.",
])
def test_boot004_rows_stay_out(line):
    found = kinds(line, "claims")
    assert "said_dfu_after_power_cycle" not in found and "said_boot0_floating" not in found
    assert first(line) != "BOOT004"


def test_boot0_not_floating_adds_no_warning_to_a_good_read():
    # (review s21) beside a healthy CubeProgrammer DFU connect and read, a BOOT0 measured as not floating warns of nothing
    case = (Path(__file__).parent / "cases" / "cubeprogrammer-dfu-connect-read-ok-mlite880" / "cubeprogrammer.log").read_text()
    said = "I checked with a meter: BOOT0 is not floating, it has a 10k pull-down to GND."
    assert "BOOT004" not in serious(case + "\n" + said)


@pytest.mark.parametrize("said", [
    "When I press the reset button the port appears for a few seconds, then disappears before the upload starts.",
    "After hitting reset the Pro Micro is detected for a brief moment but not long enough for avrdude.",
    # (review s21) a number of seconds, a second, a split second
    "After reset the port shows up for 3 seconds then disappears.",
    "After pressing reset the port shows up for a split second, then disappears.",
    "When I press reset the Leonardo's port appears for a second and then disappears.",
])
def test_boot008_port_briefly_after_reset(said):
    assert kinds(said, "claims") == ["said_port_briefly_after_reset"]
    assert first(said) == "BOOT008"


@pytest.mark.parametrize("said", [
    "My Pro Micro runs a Keyboard.print loop and now I can't upload a new sketch to it.",
    "Mein Arduino Micro tippt per Keyboard.write dauernd Zeichen, das Hochladen eines neuen Sketches geht nicht.",
    # (review s21) Keyboard.begin(), a board said to act as a keyboard
    "My Leonardo calls Keyboard.begin() in setup and now I can't upload anything.",
    "The Pro Micro acts as a keyboard (HID) and now the upload fails.",
])
def test_boot008_hid_sketch_blocks_upload(said):
    assert kinds(said, "claims") == ["said_hid_sketch_blocks_upload"]
    assert first(said) == "BOOT008"


@pytest.mark.parametrize("line", [
    # a board that uploads fine with a Keyboard sketch
    "The Leonardo runs my Keyboard.write sketch and uploads without problems.",
    # (review s21) another chip whose port goes away at reset; an instruction
    "When I press reset the ttyACM0 port of my Pico disappears for a few seconds before it comes back.",
    "I wrote an instruction: hold reset, the port appears for a few seconds then disappears, start the upload before that.",
    # (review s21) an ESP32 and a micro USB cable; a failure now fixed; an upload not said to fail
    "My ESP32-S3 uses the USB Keyboard library over a micro USB cable and now I can't upload anymore.",
    "My Leonardo runs a Keyboard.print sketch; the upload failed once because I picked the wrong port, now fixed.",
    "My Pro Micro types with Keyboard.write and I can't tell if the upload worked.",
])
def test_boot008_rows_stay_out(line):
    found = kinds(line, "claims")
    assert "said_hid_sketch_blocks_upload" not in found and "said_port_briefly_after_reset" not in found
    assert first(line) != "BOOT008"
