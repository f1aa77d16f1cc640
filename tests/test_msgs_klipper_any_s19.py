"""Rows and rules added for the klipper-any round (session 19): Creality K1's MCU flasher mcu_util.py (cryoz and Fiddl3
k1_mcu_flasher, and the k1_mcu_flasher.sh wrapper) asking the running firmware for its serial bootloader."""

from __future__ import annotations

from tests.textkit import first, kinds, serious

# Fiddl3/k1_mcu_flasher k1_mcu_flasher.sh around mcu_util.py -r: no handshake after the magic request
K1_NO_BOOTLOADER = """======================= Entering bootloader mode =======================
Entering bootloader mode...
Requesting serial bootloader for device /dev/ttyS1:230400...
Failed to enter bootloader mode
Failed to enter bootloader mode!"""

# cryoz/k1_mcu_flasher mcu_util.py -b: five tries, then its own message
K1_CRYOZ_NO_BOOTLOADER = """Cannot enter bootloader, is supported firmware flashed? Exiting..."""

# the same request answered, then a flash that went through
K1_OK = """======================= Entering bootloader mode =======================
Entering bootloader mode...
Requesting serial bootloader for device /dev/ttyS1:230400...
Successfully entered bootloader mode: FV: mcu0_110_G32-mcu0_000_000

======================= Starting firmware update =======================
=========================== Flash successful ==========================="""


def test_k1_flasher_bootloader_request_unanswered_is_not_in_bootloader() -> None:
    assert first(K1_NO_BOOTLOADER) == "BOOT001"
    assert first(K1_CRYOZ_NO_BOOTLOADER) == "BOOT001"


def test_k1_flasher_answered_request_is_healthy() -> None:
    assert "bootloader_found" in kinds(K1_OK, "flash")
    assert serious(K1_OK) == []
