"""Rows and rules added for the keyboards-qmk round (session 18): bootloadHID's "Error opening HIDBoot device" as some
builds spell it ("HIDboot", a ps2avrGB user's, qmk_firmware#1108), and a DFU tool that finds nothing while the bus
shows only a Topre-made keyboard (VID 0853: HHKB Professional 2 / Realforce stock controller, which has no DFU
bootloader; tmk_keyboard#209), and QMK Toolbox listing a device named as a bootloader that it has no flasher for
(K.T.E.C. ErgoDone's HID FLASH bootloader, qmk_toolbox#491)."""

from __future__ import annotations

from tests.textkit import first

# qmk_firmware#1108: ps2avrGB board, bootloadHID run while the board was not in its bootloader
BOOTLOADHID_LOWER_B = """bootloadHID -r ../../Ps2avrGB_default.hex
Error opening HIDboot device: The specified device was not found"""

# tmk_keyboard#209: `make ... dfu` on an HHKB Pro 2 with its stock controller; lsusb shows only the keyboard
HHKB_STOCK = """dfu-programmer atmega32u4 erase --force
dfu-programmer: no device present.

Bus 005 Device 004: ID 0853:0100 Topre Corporation HHKB Professional"""

# the same DFU failure with an ordinary keyboard in application mode stays "not in the bootloader"
OTHER_KEYBOARD = """dfu-programmer atmega32u4 erase --force
dfu-programmer: no device present.

Bus 005 Device 004: ID feed:6060 OLKB Planck"""


def test_bootloadhid_hidboot_spelling_is_not_in_bootloader():
    assert first(BOOTLOADHID_LOWER_B) == "BOOT001"


def test_dfu_tool_with_only_topre_keyboard_on_bus_is_wrong_device():
    assert first(HHKB_STOCK) == "BOOT006"


def test_dfu_tool_with_other_keyboard_is_not_topre_rule():
    assert first(OTHER_KEYBOARD) != "BOOT006"


# qmk_toolbox#491: Toolbox 0.3.3 on macOS lists the ErgoDone's vendor HID bootloader as a plain USB device
TOOLBOX_UNKNOWN_BOOTLOADER = """USB device connected: K.T.E.C. Ergodone (1209:2328:0001)
USB device disconnected: K.T.E.C. Ergodone (1209:2328:0001)
USB device connected: Dean Camera ErgoDone HID FLASH (1209:2327:0001)"""


def test_toolbox_lists_bootloader_it_cannot_flash_is_wrong_device():
    assert first(TOOLBOX_UNKNOWN_BOOTLOADER) == "BOOT006"
