"""Session 13, synth-wearables: rows and rules for held-out misses (OpenOCD 0.8-0.10's nRF51 "Cannot erase protected
sector", the Axoloti/Ksoloti Patcher's "DFU device found, but can't get access : <libusb error>", and dfu-programmer
finding nothing while the pasted bus listing shows no board or bootloader at all)."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious


@pytest.mark.parametrize("line", [
    "Error: Cannot erase protected sector at 0x0",  # openocd 0.8-0.10 nrf51.c nrf51_erase_page()
    "Error: Can't erase protected sector @ 0x00001000",  # the same file's older/async erase path
    "Error: can not erase protected area",  # w600.c
])
def test_openocd_protected_sector_erase_is_swd006(line: str) -> None:
    assert "flash_protected" in kinds(line, "openocd")
    assert first(line) == "SWD006"


def test_openocd_nrf51_smartwatch_protected_sector_block_is_swd006() -> None:
    text = """auto erase enabled
Info : nRF51822-QFAC(build code: A1) 256kB Flash
Error: Cannot erase protected sector at 0x0
Error: failed erasing sectors 0 to 18"""
    assert first(text) == "SWD006"


@pytest.mark.parametrize("text", [
    "DFU device found, but can't get access : Operation not supported or unimplemented on this platform",  # Axoloti Usb.java
    "DFU device found but cannot access: Operation not supported or unimplemented on this platform",  # Ksoloti
    'Please install the WinUSB driver for the "STM32 Bootloader":',
])
def test_axoloti_patcher_dfu_no_winusb_driver_is_usb004(text: str) -> None:
    assert "usb_driver_missing" in [e["kind"] for e in events(text, "dfu")]
    assert first(text) == "USB004"


def test_axoloti_patcher_dfu_access_denied_is_usb004() -> None:
    text = "DFU device found but cannot access: Access denied (insufficient permissions)\nProbably need to add a udev rule."
    assert "usb_access_denied" in kinds(text, "dfu")
    assert first(text) == "USB004"


LSUSB_HOST_ONLY = """Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub
Bus 001 Device 005: ID 0bda:0139 Realtek Semiconductor Corp. RTS5139 Card Reader Controller
Bus 001 Device 003: ID 04f2:b3fd Chicony Electronics Co., Ltd
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub"""


def test_dfu_programmer_nothing_on_bus_is_boot003_not_wrong_tool() -> None:
    text = "$ sudo ./update_firmware.command\ndfu-programmer: no device present.\n\n" + LSUSB_HOST_ONLY
    assert first(text) == "BOOT003"
    assert "BOOT006" not in serious(text)


def test_dfu_programmer_with_caterina_on_bus_stays_wrong_tool() -> None:
    text = ("dfu-programmer: no device present.\n\n" + LSUSB_HOST_ONLY
            + "\nBus 001 Device 007: ID 2341:0036 Arduino SA Leonardo (bootloader)")
    assert first(text) == "BOOT006"


def test_bare_dfu_programmer_no_device_keeps_its_plurality() -> None:
    assert first("dfu-programmer: no device present.") == "BOOT006"
