"""Rows added for the klipper-discourse round (session 18): a board said, in prose, to stay in a bootloader in flash that
is not named Katapult/CanBoot (an HID bootloader after its application was loaded), read as BOOT009 like the Katapult
wording; not the ST ROM bootloader left selected (DFU, BOOT0, a jumper: BOOT004), not esptool's own "Staying in
bootloader.", not an RP2040 in BOOTSEL. And BOOT003's wording when Klipper's make flash sent the bootloader request
itself (scripts/flash_usb.py) before dfu-util found nothing: retry with FLASH_DEVICE=0483:df11 before reaching for BOOT0."""

from __future__ import annotations

from tests.textkit import findings, first, kinds, serious

# TheKikGen/USBMidiKliK4x4#42: tkg-hid bootloader written with st-flash, the pre-built application loaded with tkg-flash
TKG_STUCK = """To install firmware

    tkg-flash umk4x4.stm32f103c8-64k-o2.bin

All is fine but after reset, the board is stuck in bootloader mode:

    [ 1015.285731] usb 2-2: Product: TKGL BTL
    [ 1015.285731] usb 2-2: Manufacturer: TKGL BTL"""


def test_board_said_stuck_in_a_flash_bootloader_is_boot009():
    assert first(TKG_STUCK) == "BOOT009"


def test_rom_bootloader_and_esptool_wordings_are_not_read_as_stuck():
    assert "said_stuck_in_bootloader" not in kinds("After flashing, the board is stuck in bootloader mode because the BOOT0 jumper was still on.", "claims")
    assert "said_stuck_in_bootloader" not in kinds("The Pico stays in the bootloader after I copy the uf2.", "claims")
    assert "BOOT009" not in serious("Hard resetting via RTS pin...\nStaying in bootloader.")


# Klipper scripts/flash_usb.py flash_dfuutil: the 1200-baud request, "Device reconnect on" as soon as the sysfs path exists,
# then dfu-util -p <bus path> finding nothing (a Rumba32 on a Pi 4; FLASH_DEVICE=0483:df11 worked right after)
MAKE_FLASH_REQUEST_NO_DFU = """Flashing out/klipper.bin to /dev/serial/by-id/usb-Klipper_stm32f446xx_44002B000B50563046363120-if00
Entering bootloader on /dev/serial/by-id/usb-Klipper_stm32f446xx_44002B000B50563046363120-if00
Device reconnect on /sys/devices/platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.3/1-1.3:1.0
sudo dfu-util -p 1-1.3 -R -a 0 -s 0x8000000:leave -D out/klipper.bin
dfu-util: No DFU capable USB device available
Failed to flash to /dev/serial/by-id/usb-Klipper_stm32f446xx_44002B000B50563046363120-if00: Error running dfu-util"""


def test_make_flash_request_then_no_dfu_device_says_to_retry_with_the_dfu_id():
    found = findings(MAKE_FLASH_REQUEST_NO_DFU)
    assert found[0].id == "BOOT003" and found[0].message.startswith("make flash asked the running Klipper")
