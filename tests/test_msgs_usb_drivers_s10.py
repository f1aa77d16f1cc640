"""usb-drivers, session 10: Device Manager names retyped with typos, Atmel FLIP / batchisp (AtLibUsbDfu), a post saying
Device Manager shows the board in DFU mode, the kernel's "(EMI?)" tag as people retell it, and USB002's Windows and
kernel rules standing aside when the same text shows a flash over the board's own USB that went through (the new
application's USB is what fails, not the cable)."""

from __future__ import annotations

import re

import pytest

from doctor.parsers import dfu_programmer, kernel_log, windows_usb
from doctor.parsers._messages import Msg
from textkit import facts, first, kinds, serious

_NEW_ROWS = [r for r in windows_usb.MESSAGES if (r.example or "").startswith(("Unknow USB device (A request forthe", "I see the Photon"))] + \
    [r for r in dfu_programmer.MESSAGES if "AtLibUsbDfu" in r.pattern and r.kind is not None] + \
    [r for r in kernel_log.MESSAGES if (r.example or "").startswith("ehci_hub: USB disconnect on port")]


def test_the_new_rows_are_all_there() -> None:
    # (s25) the rows that read something; dfu_programmer's harmless mention of the DLL (advice, a question) has no kind
    assert len(_NEW_ROWS) == 5


@pytest.mark.parametrize("row", _NEW_ROWS, ids=[f"{r.kind}:{(r.example or '')[:40]}" for r in _NEW_ROWS])
def test_new_row_example_matches(row: Msg) -> None:
    assert row.example and re.search(row.pattern, row.example.strip()), row.pattern


# ---- Windows: the Device Manager name retyped ------------------------------------------------------------------------

def test_retyped_descriptor_name_is_a_descriptor_error() -> None:
    text = "Unknow USB device (A request forthe USB device descriptor failed) - Code 43"
    assert "usb_descriptor_error" in kinds(text, "windows")
    assert first(text) == "USB002"


def test_a_request_forthe_usb_device_descriptor_failed() -> None:
    assert "usb_descriptor_error" in kinds("A request forthe USB device descriptor failed.", "windows")


def test_unknown_device_without_descriptor_is_not_a_descriptor_error() -> None:
    # the row needs the descriptor wording: a plain unknown device is no enumeration failure
    assert "usb_descriptor_error" not in kinds("Unknow USB device (Code 28)", "windows")


# ---- Atmel FLIP / batchisp ------------------------------------------------------------------------------------------

def test_flip_atlibusbdfu_dll_not_found_is_the_missing_atmel_driver() -> None:
    text = "atlibusbdfu.dll not found"
    assert "usb_driver_missing" in kinds(text, "dfu")
    assert first(text) == "USB004"


def test_batchisp_no_device_present_is_no_dfu_device() -> None:
    text = ("Opening port........................... AtLibUsbDfu: 3EB 2FEF no device present.\n"
            "FAIL    Could not open USB device.")
    evs = [k for k in kinds(text, "dfu")]
    assert "no_dfu_device" in evs
    assert serious(text)


# ---- a post: Device Manager shows the board in DFU mode ----------------------------------------------------------

_PHOTON = """Invalid DFU suffix signature
A valid DFU suffix will be required in a future dfu-util release!!!
No DFU capable USB device available

The Photon is flashing yellow.
I see the Photon in Device Manager and it says it is in DFU mode."""


def test_device_manager_shows_dfu_mode_makes_no_dfu_device_a_driver_problem() -> None:
    assert "dfu_device_listed" in kinds(_PHOTON, "windows")
    assert first(_PHOTON) == "USB004"


def test_device_manager_not_in_dfu_mode_is_not_listed() -> None:
    text = "No DFU capable USB device available\nIn Device Manager it does not show up in DFU mode."
    assert "dfu_device_listed" not in kinds(text, "windows")
    assert first(text) != "USB004"


# ---- kernel: the (EMI?) tag retold ------------------------------------------------------------------------------------

def test_emi_tag_retold_is_usb003() -> None:
    text = "ehci_hub: USB disconnect on port 3 (EMI?)"
    assert "usb_emi_disabled" in [e["kind"] for e in facts(text)["kernel"]["events"]]
    assert first(text) == "USB003"


# ---- USB002 stands aside after a flash over the same USB went through -------------------------------------------------

_BOSSAC_OK = """Atmel SMART device 0x10010005 found
Device : ATSAMD21G18A
Erase flash
done in 0.848 seconds

Write 47880 bytes to flash (749 pages)

[==============================] 100% (749/749 pages)
done in 0.400 seconds

Verify 47880 bytes of flash with checksum.
Verify successful
done in 0.046 seconds
CPU reset."""


def test_descriptor_failure_alone_is_the_cable() -> None:
    assert first("USB\\DEVICE_DESCRIPTOR_FAILURE") == "USB002"


def test_descriptor_failure_after_a_verified_bossac_upload_is_not_the_cable() -> None:
    text = _BOSSAC_OK + "\n\nUSB\\DEVICE_DESCRIPTOR_FAILURE"
    assert first(text) == "GEN001"
    assert "USB002" not in serious(text)


_DMESG_FAIL = """[ 1395.921051] usb 2-3: new full-speed USB device number 30 using xhci_hcd
[ 1396.041175] usb 2-3: device descriptor read/64, error -71
[ 1396.269135] usb 2-3: device descriptor read/64, error -71
[ 1396.497109] usb 2-3: new full-speed USB device number 31 using xhci_hcd
[ 1396.617169] usb 2-3: device descriptor read/64, error -71
[ 1396.845177] usb 2-3: device descriptor read/64, error -71
[ 1397.073163] usb 2-3: new full-speed USB device number 32 using xhci_hcd
[ 1397.489086] usb 2-3: device not accepting address 32, error -71
[ 1398.025235] usb usb2-port3: unable to enumerate USB device"""


def test_kernel_enumeration_failure_alone_is_the_cable() -> None:
    assert first(_DMESG_FAIL) == "USB002"


def test_kernel_enumeration_failure_after_a_verified_bossac_upload_is_not_the_cable() -> None:
    text = _BOSSAC_OK + "\n" + _DMESG_FAIL
    assert "USB002" not in serious(text)
