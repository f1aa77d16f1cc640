"""The STM32 side of DFU beyond dfu-util's own messages (dfu2 round): dfu-util's warning about another device it may not
open, STM32CubeProgrammer's "No DFU detected" with the ROM bootloader on the bus, and the flight-controller configurators'
flasher (Betaflight / INAV): each row's real line becomes its event, and the family is judged by what separates it."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers.stm32_rom import CONFIGURATOR
from textkit import events, facts as parse, findings, first, serious


# ---- dfu-util: "Cannot open DFU device" about a device it did not use -------------------------------------------------

def test_cannot_open_another_device_before_the_board_is_harmless() -> None:
    # massdrop Infinity thread (dfu-util 0.8, Windows 8.1; the post joined the lines): a Broadcom Bluetooth controller's
    # DFU interface could not be opened, then the keyboard's DFU bootloader was found
    text = ('Cannot open DFU device 0a5c:21e6 Found DFU: [1c11:b007] ver=0000, devnum=23, cfg=1, intf=0, alt=0, '
            'name="Kiibohd DFU", serial="mk20dx128vlf5" ============================================\n')
    kinds = [e["kind"] for e in events(parse(text), "dfu")]
    assert "dfu_open_other" in kinds and "dfu_found" in kinds and "dfu_open_failed" not in kinds
    assert serious(text) == []


def test_cannot_open_another_device_then_opening_the_board() -> None:
    # qmk_firmware#17576 shape: the warning about 0a5c:21e6 comes first, then dfu-util opens 0483:df11
    text = ("dfu-util: Cannot open DFU device 0a5c:21e6\ndfu-util 0.10\n\nOpening DFU capable USB device...\nID 0483:df11\n"
            "Run-time device DFU version 011a\n")
    assert "dfu_open_other" in [e["kind"] for e in events(parse(text), "dfu")]
    assert serious(text) == []


def test_cannot_open_the_device_after_detach_is_still_the_board() -> None:
    # AIOC on Windows: the run-time device 1209:7388 detached and came back as 0483:df11, which has no WinUSB driver
    text = ("dfu-util.exe -d 1209:7388 -a 0 -s 0x08000000:leave -D fw.bin\nOpening DFU capable USB device...\nDevice ID 1209:7388\n"
            "Device really in Run-Time Mode, send DFU detach request...\n"
            "Cannot open DFU device 0483:df11 found on devnum 32 (LIBUSB_ERROR_NOT_SUPPORTED)\nLost device after RESET?\n")
    assert "usb_driver_missing" in [e["kind"] for e in events(parse(text), "dfu")]
    assert first(text) == "USB004"


def test_cannot_open_a_known_bootloader_stays_a_failure_whatever_else_is_listed() -> None:
    # the board's ROM DFU (0483:df11) may not be opened; a Bluetooth controller's run-time interface is listed after it
    text = ('dfu-util -l\nCannot open DFU device 0483:df11 found on devnum 5 (LIBUSB_ERROR_ACCESS)\n'
            'Found Runtime: [05ac:8290] ver=0150, devnum=3, cfg=1, intf=3, path="20-1", alt=0, name="UNKNOWN", serial="UNKNOWN"\n')
    assert "dfu_open_other" not in [e["kind"] for e in events(parse(text), "dfu")]
    assert first(text) == "USB004"


def test_cannot_open_the_only_device_stays_a_failure() -> None:
    text = "Cannot open DFU device 0483:df11\nNo DFU capable USB device available\n"
    assert first(text) == "USB004"


# ---- STM32CubeProgrammer: "No DFU detected" ---------------------------------------------------------------------------

DMESG_DF11 = """[3552008.377434] usb 3-2: new full-speed USB device number 101 using xhci_hcd
[3552008.526223] usb 3-2: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00
[3552008.526229] usb 3-2: Product: STM32  BOOTLOADER
[3552008.526230] usb 3-2: Manufacturer: STMicroelectronics
"""


@pytest.mark.parametrize("line", ["No DFU detected", "14:05:11 : No DFU detected", "'No DFU detected'"])
def test_cubeprog_no_dfu_detected_is_dfu_not_found(line: str) -> None:
    assert "dfu_not_found" in [e["kind"] for e in events(parse(line), "stlink")]


def test_cubeprog_no_dfu_alone_is_boot0() -> None:
    assert first("No DFU detected\n") == "BOOT003"


def test_cubeprog_no_dfu_with_the_rom_bootloader_enumerated_is_access() -> None:
    # community.st STM32F373 thread: dmesg shows 0483:df11 "STM32 BOOTLOADER", CubeProgrammer on Linux "No DFU detected";
    # a udev rule fixed it
    assert first(DMESG_DF11 + "No DFU detected\n") == "USB004"


def test_dfu_util_none_found_with_the_rom_bootloader_enumerated_is_access() -> None:
    assert first(DMESG_DF11 + "dfu-util: No DFU capable USB device available\n") == "USB004"


def test_dfu_util_under_sudo_is_not_access_even_with_the_bootloader_enumerated() -> None:
    # Klipper's make flash runs `sudo dfu-util -p 1-1.3 ...`: as root, access to the USB node is not what failed
    text = DMESG_DF11 + "sudo dfu-util -p 3-2 -R -a 0 -s 0x8000000:leave -D out/klipper.bin\ndfu-util: No DFU capable USB device available\n"
    assert parse(text)["dfu"]["runs"][0].get("sudo") is True
    assert first(text) != "USB004"


def test_cubeprog_no_dfu_is_not_read_in_prose() -> None:
    assert "dfu_not_found" not in [e["kind"] for e in events(parse("I tried again but CubeProgrammer said no DFU detected"), "stlink")]


# ---- Betaflight / INAV Configurator firmware flasher --------------------------------------------------------------------

@pytest.mark.parametrize("row", CONFIGURATOR, ids=[f"{r.kind}:{r.example[:40]}" for r in CONFIGURATOR])
def test_every_configurator_row_example_parses_to_its_kind(row: Any) -> None:
    facts = parse(row.example)
    if row.kind is not None and row.strength == "strong":
        assert row.kind in {e["kind"] for e in events(facts, "flash", "configurator")}, (row.example, facts.get("flash"))


def test_configurator_no_ack_reads_the_bytes() -> None:
    ev = events(parse("STM32 Communication failed, wrong response, expected: 121 (0x79) received: 0 (0x0)"), "flash", "configurator")
    assert ev and ev[0]["kind"] == "serial_protocol_bad_ack" and ev[0]["expected"] == 121 and ev[0]["received"] == 0


def test_configurator_no_ack_is_the_dfu_driver() -> None:
    # INAV Configurator #930 (Matek F411, Windows 10): reinstalling the driver fixed it
    assert first("STM32 Communication failed, wrong response, expected: 121 (0x79) received: 0 (0x0)\n") == "USB004"


def test_configurator_failed_to_open_usb_device_is_the_dfu_driver() -> None:
    assert first("2023-03-16 @12:26:30 -- Failed to open USB device!\n") == "USB004"


def test_configurator_no_response_from_the_bootloader_is_boot0() -> None:
    # Betaflight's docs: the flight controller was not in its bootloader
    assert first("No response from the bootloader, programming: FAILED\n") == "BOOT003"


def test_configurator_success_is_quiet() -> None:
    text = "Initiating reboot to bootloader ...\nUSB device successfully opened with ID: 21\nProgramming: SUCCESSFUL\nUSB device successfully closed\n"
    assert serious(text) == []
