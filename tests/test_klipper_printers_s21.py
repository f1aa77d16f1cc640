"""(klipper-printers s21) Klipper cannot reach its MCU while the bus shows that chip's ROM bootloader, one Klipper never runs
from: the RP2040/RP2350 BOOTSEL ROM (2e8a:0003 "RP2 Boot", 2e8a:000f "RP2350 Boot") or the SAM3/SAM4 SAM-BA monitor
(03eb:6124). The board waits there for a flash that never ran or never finished (BOOT009; KlipperFleet#17, Klipper#3990),
as the STM32 ROM DFU device (0483:df11) reads as BOOT004 (BOOT0 left set). And lsusb's result told in a sentence ("lsusb
shows 2e8a:0003 Raspberry Pi RP2 Boot") is a listed device, never a negated one. Texts are from the source's format
(usbutils lsusb, Klipper klippy.py's connect error, the kernel's usb core messages)."""

from __future__ import annotations

import pytest

from textkit import facts, first, serious

KLIPPY = ("mcu 'mcu': Unable to connect\n"
          "Once the underlying issue is corrected, use the\n"
          "\"FIRMWARE_RESTART\" command to reset the firmware, reload the\n"
          "config, and restart the host software.\n"
          "Error configuring printer\n")


@pytest.mark.parametrize("device", [
    "2e8a:0003 Raspberry Pi RP2 Boot",
    "2e8a:000f Raspberry Pi RP2350 Boot",
    "03eb:6124 Atmel Corp. at91sam SAMBA bootloader",
])
def test_klipper_unreachable_with_rom_bootloader_on_bus_is_boot009(device: str) -> None:
    # from the source's format
    text = ("$ lsusb\n"
            f"Bus 001 Device 005: ID {device}\n"
            "Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n\n" + KLIPPY)
    assert first(text) == "BOOT009"


def test_klipper_unreachable_with_rp2_boot_in_kernel_log_is_boot009() -> None:
    # from the source's format (the kernel's usb core lines at enumeration)
    text = ("[    4.120000] usb 1-1.3: new full-speed USB device number 5 using xhci_hcd\n"
            "[    4.260000] usb 1-1.3: New USB device found, idVendor=2e8a, idProduct=0003, bcdDevice= 1.00\n"
            "[    4.260010] usb 1-1.3: Product: RP2 Boot\n"
            "[    4.260020] usb 1-1.3: Manufacturer: Raspberry Pi\n\n" + KLIPPY)
    assert first(text) == "BOOT009"


def test_stm32_rom_dfu_stays_boot004() -> None:
    text = ("Bus 001 Device 005: ID 0483:df11 STMicroelectronics STM Device in DFU Mode\n\n" + KLIPPY)
    assert first(text) == "BOOT004"


def test_rom_bootloader_listed_without_klipper_failure_is_no_fault() -> None:
    # entering BOOTSEL to flash is the normal first step: no Klipper failure, no BOOT009
    text = "Bus 001 Device 005: ID 2e8a:0003 Raspberry Pi RP2 Boot\n"
    assert "BOOT009" not in serious(text)


def test_klipper_device_beside_bootsel_is_not_boot009() -> None:
    # another board runs Klipper; the RP2040 in BOOTSEL may be a board being set up
    text = ("Bus 001 Device 006: ID 1d50:614e OpenMoko, Inc. stm32f446xx\n"
            "Bus 001 Device 005: ID 2e8a:0003 Raspberry Pi RP2 Boot\n\n" + KLIPPY)
    assert first(text) != "BOOT009"


@pytest.mark.parametrize("line, vidpid", [
    ("lsusb shows 2e8a:0003 Raspberry Pi RP2 Boot", ("2e8a", "0003")),
    ("When I run lsusb it now lists ID 0483:df11 STMicroelectronics STM Device in DFU Mode.", ("0483", "df11")),
    ("- Device is left stuck in RP2 Boot mode (lsusb shows 2e8a:0003 Raspberry Pi RP2 Boot)", ("2e8a", "0003")),
])
def test_lsusb_result_told_in_a_sentence_is_a_device(line: str, vidpid: tuple[str, str]) -> None:
    devs = facts(line).get("usb", {}).get("devices") or []
    assert [(d["vid"], d["pid"]) for d in devs] == [vidpid]


@pytest.mark.parametrize("line", [
    "lsusb doesn't show 1d50:614e any more",
    "lsusb does not list 0483:df11 even with the jumper on",
    "lsusb never shows 2e8a:0003",
    "I expected 2e8a:0003 but got nothing",
    # (review s21) with lsusb in them: a hypothetical, a question, a condition, the past
    "lsusb should show 1d50:614e when klipper runs",
    "does lsusb list 2e8a:0003 Raspberry Pi RP2 Boot",
    "if lsusb shows 2e8a:0003 the board is in bootsel",
    "lsusb used to show 2e8a:0003 Raspberry Pi RP2 Boot",
    "Before flashing, lsusb showed 2e8a:0003 Raspberry Pi RP2 Boot",
])
def test_negated_or_unverbed_mentions_are_not_devices(line: str) -> None:
    assert not (facts(line).get("usb", {}).get("devices") or [])


def test_klipperfleet_sentence_report_is_boot009() -> None:
    # from the source's format (a bug report that tells lsusb's result and Klipper's error in sentences)
    text = ("- Device is left stuck in RP2 Boot mode (lsusb shows 2e8a:0003 Raspberry Pi RP2 Boot)\n"
            "- Services are restarted, Klipper enters error state:\n"
            "mcu 'eddy': Unable to connect\n")
    assert first(text) == "BOOT009"
