"""Session 14, printer-sd-screens: printer firmware updates from a card or USB drive.

- RepRapFirmware's own SD-card mount errors (Duet3D/RepRapFirmware 3.5 fc1cd16c src/Storage/MassStorage.cpp Mount();
  gloomyandy/RepRapFirmware v3.5.3, the STM32/LPC port, src/Hardware/STM32/BoardConfig.cpp and src/Platform/RepRap.cpp)
  -> `sd_mount_failed` under the reprapfirmware tool -> SD001.
- The Prusa Buddy bootloader's XX602 USB_NOT_CONNECTED screen (Prusa-Firmware-Buddy 818d812f
  lib/Prusa-Error-Codes/yaml/buddy-error-codes.yaml) -> SD001; XX604 "No FW on USB" stays GEN001.
"""

from __future__ import annotations

import pytest

from textkit import events, first, serious


@pytest.mark.parametrize("line", [
    "Error: Cannot mount SD card 0: no FAT filesystem found on card (EXFAT is not supported)",  # MassStorage.cpp
    "Cannot mount SD card 0: code 3",
    "Unable to mount SD card",  # BTT SKR-3 #7, the STM32 port on an SKR 3 EZ
    "Unable to mount SD card using config 1",  # BoardConfig.cpp InitSDCard, card not needed
    "Unable to mount SD card, config 2.",  # BoardConfig.cpp InitSDCard, FatalError
    "Warning: unable to mount SD card",  # RepRap.cpp after Mount() failed
    "Failed to mount SD card",
])
def test_rrf_sd_mount_failures_are_the_card(line: str) -> None:
    ev = [e for e in events(line, "flash", "reprapfirmware") if e["kind"] == "sd_mount_failed"]
    assert ev and ev[0]["fail"]
    assert first(line) == "SD001"


@pytest.mark.parametrize("line", [
    "OSError: flash_sdcard: failed to mount SD Card, returned FR_NOT_READY",  # Klipper spi_flash.py, not RRF
    "SD Card Flash Error: Failed to Initialize SD Card. Is it inserted?",
    "[E][sd_diskio.cpp:806] sdcard_mount(): f_mount failed: (3) The physical drive cannot work",
])
def test_other_tools_mount_lines_are_not_rrf(line: str) -> None:
    assert not events(line, "flash", "reprapfirmware")


@pytest.mark.parametrize("line", [
    "M21: Cannot initialise SD card 0: Card is unusable<LF>ok<LF>",  # forum.duet3d.com 10603 (the slot)
    '"M21: Cannot initialize SD card 0: Card is unusable<LF>ok<LF>"',  # forum.duet3d.com 14395 (warranty board)
    "SENDING:M21 Cannot initialise SD card 0: Card is unusable",  # forum.duet3d.com 2646 (socket slop)
])
def test_rrf_card_unusable_is_mostly_the_socket_so_unexplained(line: str) -> None:
    ev = [e for e in events(line, "flash", "reprapfirmware") if e["kind"] == "sd_init_failed"]
    assert ev and ev[0]["fail"]
    assert first(line) == "GEN001"


def test_rrf_card_mounted_is_healthy() -> None:
    text = "SDHC card mounted in slot 0, capacity 7.95Gb"
    assert not events(text, "flash", "reprapfirmware")
    assert not serious(text)


@pytest.mark.parametrize("text", [
    '"USB drive not connected! Please insert a USB drive with a valid firmware file."',  # Buddy #2862, MINI+ 12602
    "USB FLASH DRIVE NOT CONNECTED",
])
def test_buddy_usb_not_connected_is_the_drive(text: str) -> None:
    assert first(text) == "SD001"


def test_buddy_no_fw_on_usb_stays_unexplained() -> None:
    assert first("No FW on USB #13604") == "GEN001"
