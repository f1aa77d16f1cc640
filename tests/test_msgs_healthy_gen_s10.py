"""healthy-gen s10b: rows and rules for healthy runs with failure-looking lines and for failures outside the catalogue;
each test fails without its row or rule.

- esptool: a reply that breaks after "Changing baud rate" is the link's speed (SER007) only when the stub had not already
  said it cannot talk to the SPI flash chip ("Failed to communicate with the flash chip": flash id ff/ffff, a strap pin
  or the flash wiring; csdn 152218909, GPIO12 strapped the flash to 1.8 V): then no specific id, GEN001 quotes it;
- the Maple/STM32duino upload scripts poll for the sketch's USB serial port after the download and say when it did not
  come back (Arduino_STM32 maple_upload.bat "timeout waiting for COM5 serial", maple_upload " TIMEOUT :(", stm32duino
  Arduino_Tools maple_upload.sh " Timed out."): the image was already written, not a failure (Keybon #11);
- teensy_loader_cli "error writing to Teensy" on blocks 2-5 with no 2.3+ loader shown: the loader's time-out while the
  chip erase started by block 1 runs (teensy_loader_cli #33; PJRC 7c75c60 "Allow longer timeout on early blocks for
  erase time"), GEN001 with the retry; block 1 (5 s) and later blocks stay the link's (USB003);
- avrdude 7.0's teensy programmer warns "Failed to write page" for the reboot write after the flash (avrdude #1065):
  benign; a page write that fails during programming still shows its failure;
- OpenOCD: "no flash bank found" for an address in the identified target's own flash (an RP2040's XIP window 0x10000000)
  means nothing was written, even when "Programming Finished" follows (raspberrypi/openocd #9): not a success.
"""

from __future__ import annotations

import pytest

from textkit import first, serious

ESP_FLASH_CHIP_DEAD = """Uploading stub...
Running stub...
Stub running...
Changing baud rate to 460800
Changed.
WARNING: Failed to communicate with the flash chip, read/write operations will fail. Try checking the chip connections or removing any other hardware connected to IOs.
Configuring flash size...
Flash will be erased from 0x00001000 to 0x00007fff...
Compressed 26832 bytes to 16431...
A fatal error occurred: Packet content transfer stopped (received 8 bytes)"""


def test_esptool_link_break_after_flash_chip_warning_is_not_baud() -> None:
    assert first(ESP_FLASH_CHIP_DEAD) == "GEN001"
    # the same break without the flash-chip warning is still the link's speed
    without = "\n".join(line for line in ESP_FLASH_CHIP_DEAD.splitlines() if "flash chip" not in line)
    assert first(without) == "SER007"


MAPLE_TAIL = """Starting download: [##################################################] finished!
state(8) = dfuMANIFEST-WAIT-RESET, status(0) = No error condition is present
Done!
Resetting USB to switch back to runtime mode
"""


@pytest.mark.parametrize("last", [
    "timeout waiting for COM5 serial",
    "Waiting for /dev/ttyACM0 serial... TIMEOUT :(",
    "Waiting for /dev/ttyACM0 serial........................................ Timed out.",
])
def test_maple_upload_serial_wait_timeout_after_download_is_benign(last: str) -> None:
    assert serious("maple_loader v0.1\n" + MAPLE_TAIL + last) == []


@pytest.mark.parametrize("dots", [2, 4, 5])
def test_teensy_early_block_write_timeout_is_the_loader_not_the_link(dots: int) -> None:
    assert first("Programming" + "." * dots + "error writing to Teensy") == "GEN001"


@pytest.mark.parametrize("dots", [1, 6, 25])
def test_teensy_first_or_late_block_write_failure_stays_the_link(dots: int) -> None:
    assert first("Programming" + "." * dots + "error writing to Teensy") == "USB003"


def test_teensy_early_block_failure_with_loader_2_3_stays_the_link() -> None:
    # 2.3 waits 45 s for blocks 0-4: an early failure there is not the old time-out
    text = "Teensy Loader, Command Line, Version 2.3\nProgramming....error writing to Teensy"
    assert first(text) == "USB003"


AVRDUDE70_TEENSY_REBOOT = """avrdude.exe: 2950 bytes of flash written
avrdude.exe: WARNING: Failed to write page: hid_write/GetOverlappedResult: (0x0000001F) A device attached to the system is not functioning.

avrdude.exe done.  Thank you."""


def test_avrdude70_teensy_reboot_write_warning_is_benign() -> None:
    assert serious(AVRDUDE70_TEENSY_REBOOT) == []
    # a failed write while programming is still a failure
    failing = AVRDUDE70_TEENSY_REBOOT.replace("avrdude.exe: 2950 bytes of flash written\n", "") + \
        "\navrdude.exe: failed to write flash memory, rc=-1"
    assert serious(failing) != []


OPENOCD_RP2040_SKIPPED = """Info : RP2040 Flash Bank Command
Info : rp2040.core0: hardware has 4 breakpoints, 2 watchpoints
** Programming Started **
Warn : no flash bank found for address {address}
** Programming Finished **"""


def test_openocd_rp2040_flash_window_skipped_is_not_a_success() -> None:
    # the RP2040's XIP flash at 0x10000000 had no flash bank: nothing was written, never silent
    assert first(OPENOCD_RP2040_SKIPPED.format(address="0x10000000")) == "GEN001"
    # a RAM section an ELF carries (0x20000000) is skipped by design
    assert serious(OPENOCD_RP2040_SKIPPED.format(address="0x20000000")) == []
