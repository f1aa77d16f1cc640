"""Families the lead added in session 7, each checked against what the tool prints and what it must not catch."""

from __future__ import annotations

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def first_id(text: str) -> str | None:
    found = engine.evaluate(parse_stream(iter(text.splitlines()), "paste"))
    return found[0].id if found else None


@pytest.mark.parametrize("text", [
    "10:15:43:610 : Error: Mass erase operation failed.Please verify flash protection",
    "Error: Mass erase operation failed! Please verify flash protection",
    "Error: Mass erase operation failed. Please verify flash protection.",
])
def test_cubeprogrammer_erase_refused_names_protection(text: str) -> None:
    assert first_id(text) == "SWD006"


@pytest.mark.parametrize("text, expected", [
    ("0000545 C Memory transfer fault (read) @ 0x08000000-0x0800003f [__main__]", "SWD006"),
    ("0004466 C Memory transfer fault @ 0x08000000-0x0800001f [__main__]", "SWD006"),
    # a write to RAM (the flash algorithm's area) or a read of the ROM table is not protected flash
    ("C Memory transfer fault (write) @ 0x20001000-0x2000107f [__main__]", "GEN001"),
    ("pyocd.core.exceptions.TransferFaultError: Memory transfer fault (read) @ 0xf0000fd0-0xf000102f", "GEN001"),
    ("0000545 C Memory transfer fault (write) @ 0x08000000-0x0800003f [__main__]", "GEN001"),
])
def test_pyocd_transfer_fault_is_protection_only_on_a_flash_read(text: str, expected: str) -> None:
    assert first_id(text) == expected


# ST's STLinkUSBDriver.dll trace log (the ST-LINK Utility's log file): the lines as the driver writes them
_DRIVER_LOG = """cErrLog::SetLogTraceOn
STLinkUSBDriver.dll loaded
ST-Link/V2 device detected
Target voltage detected: {volts}
Error getting target IDCODE: if SWD, check SWD connection
Error (4) while initializing ST-Link in SWD mode
"""


@pytest.mark.parametrize("volts, expected", [("2.893326", "SWD002"), ("3.241", "SWD002"), ("0.012345", "SWD003")])
def test_st_driver_log_no_idcode_is_wiring_at_normal_voltage_and_power_at_zero(volts: str, expected: str) -> None:
    assert first_id(_DRIVER_LOG.format(volts=volts)) == expected


def test_st_driver_log_of_a_probe_alone_is_no_failure() -> None:
    assert first_id("cErrLog::SetLogTraceOn\nSTLinkUSBDriver.dll loaded\nST-Link/V2 device detected\nTarget voltage detected: 3.2\n") is None


_PICOTOOL_APP = """No accessible RP2040 devices in BOOTSEL mode were found.

but:

RP2040 device at bus 1, address 16 appears to have a USB serial connection, so consider -f (or -F) to force reboot in order to run the command.
"""


def test_picotool_finding_the_application_running_is_no_entry_request() -> None:
    assert first_id(_PICOTOOL_APP) == "BOOT001"


def test_picotool_force_reboot_without_a_reset_interface_leaves_the_bootsel_button() -> None:
    assert first_id(_PICOTOOL_APP + "ERROR: Unable to locate reset interface on the device\n") == "BOOT003"


def test_a_harmless_line_just_before_its_tools_first_line_is_no_failure() -> None:
    """Lines before a block's first claimed line are judged when no tool is known yet; once the block's parser reads
    them, its benign rows clear them (avrdude -v's configuration lines, cut above the version line in a paste)."""
    text = ("Timeout                       : 200\nUser configuration file /home/u/.avrduderc does not exist\n"
            "avrdude: AVR device initialized and ready to accept instructions\n"
            "avrdude: Device signature = 0x1e950f (probably m328p)\navrdude: 32768 bytes of flash verified\n\navrdude done.  Thank you.\n")
    assert first_id(text) is None
    # a failure line in the same place is still one, and now names the tool that reads it
    facts = parse_stream(iter(text.replace("does not exist", "does not exist\nthe first try failed").splitlines()), "paste")
    assert [(f["line"], f["tool"]) for f in facts["text"]["failures"]] == [("the first try failed", "avrdude")]


def test_canboot_request_that_ends_in_flash_success_still_loses_the_bridge() -> None:
    """CanBoot's 2022 flash_can.py -r printed "Flash Success" after the request; the bridge's gs_usb adapter then
    vanished and no Katapult USB device came: Katapult on the bridge built for CAN (FW002), as for flashtool -r."""
    text = ("Sending bootloader jump command...\nBootloader request command sent\nFlash Success\n"
            "[  284.055674] usb 1-1.4: USB disconnect, device number 5\n"
            "[  284.056028] gs_usb 1-1.4:1.0 can0: Couldn't shutdown device (err=-19)\n")
    assert first_id(text) == "FW002"
    # a request with the board coming back as Katapult on USB is not this
    assert first_id(text + "\nls /dev/serial/by-id/*\n/dev/serial/by-id/usb-katapult_stm32g0b1xx_1A002B001050415833323520-if00\n") != "FW002"
