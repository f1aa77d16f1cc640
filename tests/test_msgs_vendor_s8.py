"""(session 8, vendor-repos) Vendor threads: PrusaSlicer's MK3 external-flash handshake failure and boards that still
enumerate as their stock firmware (Marlin, ST's CDC) after a Klipper SD-card flash. Each test reads a real wording
and checks the event or derived fact the knowledge reads, so it fails if the row or the deriver goes."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import derive
from textkit import facts


def flash_events(text: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get("flash", {}).get("runs", []) if run.get("tool") == "prusaslicer" for e in run["events"]]


@pytest.mark.parametrize("line, text", [
    # forum.prusa3d.com "Dead after Firmware Update attempt" (MK2S sent the MK3 image, macOS)
    ("avrdude-slic3r: arduino_open(): Failed to initialize MK3 external flash programming mode",
     "Failed to initialize MK3 external flash programming mode"),
    # the prusa_init_external_flash() line that precedes it (bundled_deps/avrdude/avrdude/arduino.c)
    ("avrdude-slic3r: prusa_init_external_flash(): MK3 printer did not boot up on time or serial communication failed",
     "MK3 printer did not boot up on time or serial communication failed"),
])
def test_mk3_external_flash_failures_are_one_event(line: str, text: str) -> None:
    ev = [e for e in flash_events(line) if e["kind"] == "external_flash_failed"]
    assert ev and ev[0]["fail"] and ev[0]["text"] == text


@pytest.mark.parametrize("listing, vendor", [
    # BTT SKR mini E3 V3 #784: the BTT/ST Marlin build's CDC name
    ("pi@mainsailos:~/klipper$ ls /dev/serial/by-id\nusb-STMicroelectronics_MARLIN_STM32G0B1RE_CDC_in_FS_Mode_203D32775841-if00",
     "Marlin"),
    # Marlin's own USB strings (marlinfw.org)
    ("/dev/serial/by-id/usb-marlinfw.org_Marlin_USB_Device_2053376C5242-if00", "Marlin"),
    # lsusb: ST's CDC id 0483:5740 (RatOS Octopus still on Marlin), beside Klipper's error; (dfu-usb s11) the id alone is
    # any STM32 CDC product's (a NanoVNA, a flight controller) and needs the printer context
    ("Bus 001 Device 011: ID 0483:5740 STMicroelectronics Virtual COM Port\nmcu 'mcu': Unable to connect",
     "ST's CDC (Marlin on STM32)"),
])
def test_stock_firmware_usb_names_are_derived(listing: str, vendor: str) -> None:
    got = derive.board_runs_other_firmware(facts(listing))
    assert got and got[0]["vendor"] == vendor and not got[0]["klipper_seen"]


def test_st_cdc_id_alone_is_not_stock_printer_firmware() -> None:
    # (dfu-usb s11) ttrftech/NanoVNA #142: a NanoVNA's firmware after a good DFU update
    assert derive.board_runs_other_firmware(facts("Bus 003 Device 035: ID 0483:5740 STMicroelectronics STM32F407")) == []


def test_klipper_and_bridge_names_are_not_stock_firmware() -> None:
    listing = ("usb-Klipper_stm32g0b1xx_3E0009000A504B4633373520-if00\n"
               "usb-1a86_USB2.0-Serial-if00-port0\n"
               "Bus 001 Device 005: ID 1d50:614e OpenMoko, Inc. stm32g0b1xx")
    assert derive.board_runs_other_firmware(facts(listing)) == []


def buddy_events(text: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get("flash", {}).get("runs", []) if run.get("tool") == "prusa-buddy" for e in run["events"]]


@pytest.mark.parametrize("line, kind, fail", [
    # forum.prusa3d.com (MINI, factory USB stick), title and screen wording
    ("Error mounting USB drive", "buddy_usb_mount_failed", True),
    ("Updating Firmware not possible: Error mounting USB drive", "buddy_usb_mount_failed", True),
    # forum.prusa3d.com (MK4 6.2.6 -> 6.4.0), the search the update stayed at: progress, not a failure by itself
    ("Looking for BBF...", "buddy_bbf_search", False),
    ('"Looking for BBF..."', "buddy_bbf_search", False),
])
def test_buddy_bootloader_screens(line: str, kind: str, fail: bool) -> None:
    ev = buddy_events(line)
    assert ev and ev[0]["kind"] == kind and bool(ev[0].get("fail")) is fail


def test_printer_cfg_naming_a_btt_marlin_board_is_other_firmware() -> None:
    # printer.cfg copied from `ls /dev/serial/by-id` while the board still ran BTT's Marlin build (BOOT009's rule)
    cfg = ("[mcu]\n"
           "serial: /dev/serial/by-id/usb-STMicroelectronics_MARLIN_STM32G0B1RE_CDC_in_FS_Mode_203D32775841-if00\n"
           "restart_method: command\n\n[printer]\nkinematics: cartesian")
    got = derive.klipper_cfg_not_klipper(facts(cfg))
    assert got and got[0]["reason"] == "other-firmware"


def test_lsusb_verbose_marlin_strings_are_stock_firmware() -> None:
    # Klipper3d/klipper#3050 (SKR 1.4 Turbo): lsusb -v of a board still running Marlin
    text = ("Bus 001 Device 008: ID 1d50:6029 OpenMoko, Inc.\n"
            "Device Descriptor:\n"
            "  idVendor           0x1d50 OpenMoko, Inc.\n"
            "  idProduct          0x6029\n"
            "  iManufacturer           1 marlinfw.org\n"
            "  iProduct                2 Marlin USB Device\n")
    got = derive.board_runs_other_firmware(facts(text))
    assert got and got[0]["vendor"] == "Marlin" and got[0]["how"] == "lsusb"
