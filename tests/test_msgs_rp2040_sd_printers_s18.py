"""Rule added for the rp2040-sd-printers round (session 18): picotool reports the reboot into the application, and the same
text holds the boot ROM's INFO_UF2.TXT (the board shown as its BOOTSEL drive): the ROM found nothing it boots, most often
an image for the other chip (RP003, a warning)."""

from __future__ import annotations

from tests.textkit import first, serious

# pico-vscode#144: a Pico (RP2040) project created for the default Pico 2 board; the drive reopened after every Run
REBOOTED_THEN_ROM_DRIVE = """The device was rebooted to start the application.

UF2 Bootloader v3.0
Model: Raspberry Pi RP2
Board-ID: RPI-RP2"""

# picotool 1.1 load -f: the reboot back into the application, alone (a healthy load)
REBOOTED_ONLY = """The device was asked to reboot into BOOTSEL mode so the command can be executed.

Loading into Flash: [==============================]  100%

The device was asked to reboot back into application mode."""


def test_picotool_rebooted_beside_rom_drive_is_family_mismatch():
    assert first(REBOOTED_THEN_ROM_DRIVE) == "RP003"


def test_picotool_rebooted_alone_is_healthy():
    assert serious(REBOOTED_ONLY) == []
