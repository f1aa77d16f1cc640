"""Session 13, usb-passthrough: rows and rules for held-out misses (a libusb_open() failure OpenOCD overcomes once its
adapter or the scan chain answers, nRF Connect's per-device probe error on Windows, usbipd-win's device list and auto-attach
loop, and avrdude's ENOTTY on a /dev/ttyS* port of WSL 2)."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

ESP_USB_JTAG_OK = """Info : esp_usb_jtag: VID set to 0x303a and PID to 0x1001
Info : Listening on port 4444 for telnet connections
Error: libusb_open() failed with LIBUSB_ERROR_NOT_SUPPORTED
Info : esp_usb_jtag: serial (F4:12:FA:C1:A1:64)
Info : esp_usb_jtag: Device found. Base speed 40000KHz, div range 1 to 255
Info : clock speed 40000 kHz"""

FTDI_TAP_OK = """Open On-Chip Debugger 0.9.0 (2015-05-19-12:06)
adapter speed: 3000 kHz
Error: libusb_open() failed with LIBUSB_ERROR_NOT_SUPPORTED
Info : clock speed 3000 kHz
Info : JTAG tap: wmcore.cpu tap/device found: 0x4ba00477 (mfg: 0x23b, part: 0xba00, ver: 0x4)"""


@pytest.mark.parametrize("text", [ESP_USB_JTAG_OK, FTDI_TAP_OK])
def test_libusb_open_failure_overcome_by_the_adapter_or_the_chain(text: str) -> None:
    assert "usb_no_driver" not in kinds(text, "openocd")
    assert serious(text) == []


def test_esp_usb_jtag_not_found_stays_a_failure() -> None:
    text = "Error: libusb_open() failed with LIBUSB_ERROR_ACCESS\nError: esp_usb_jtag: could not find or open device!"
    assert "adapter_open_failed" in kinds(text, "openocd")
    assert first(text) == "USB004"


def test_chain_answer_does_not_hide_an_adapter_that_failed() -> None:
    text = """Error: libusb_open() failed with LIBUSB_ERROR_NOT_SUPPORTED
Error: unable to open ftdi device with vid 0403, pid 6010, description '*', serial '*' at bus location '*'
Info : JTAG tap: esp32.cpu0 tap/device found: 0x120034e5 (mfg: 0x272 (Tensilica), part: 0x2003, ver: 0x1)"""
    assert "usb_no_driver" in kinds(text, "openocd")
    assert serious(text)


def test_nrfconnect_windows_probe_error_is_benign_linux_one_is_usb004() -> None:
    win = ("Error while probing usb device at bus.address 1.15: LIBUSB_ERROR_NOT_FOUND. Please check that a "
           "libusb-compatible kernel driver is bound to this device.")
    assert serious(win) == []
    lin = ("07:41:37.847\tError while probing usb device at bus.address 1.14: LIBUSB_ERROR_ACCESS. Please check your udev "
           "rules concerning permissions for USB devices, see https://github.com/NordicSemiconductor/nrf-udev")
    assert first(lin) == "USB004"


SHARED = """BUSID  VID:PID    DEVICE                                                        STATE
7-2    239a:00b3  USB Serial Device (COM11), USB Mass Storage Device            Shared"""


def test_usbipd_list_rows_and_bound_not_attached_is_boot006() -> None:
    ev = [e for e in events(SHARED, "flash") if e["kind"] == "usbipd_device"]
    assert ev and ev[0]["state"] == "shared" and ev[0]["vid"] == "239a" and ev[0]["busid"] == "7-2"
    assert first(SHARED) == "BOOT006"


@pytest.mark.parametrize("text", [
    SHARED + "\n7-3    1a86:7523  USB-SERIAL CH340 (COM7)                                       Attached",
    """BUSID  VID:PID    DEVICE                                                        STATE
2-2    1a86:7523  USB-SERIAL CH340 (COM7)                                       Attached""",
    """BUSID  DEVICE                                                        STATE
4-1    Prolific USB-to-Serial Comm Port (COM4)                       Attached - Ubuntu
4-3    Generic Bluetooth Radio                                       Not attached""",
    """Connected:
BUSID  VID:PID    DEVICE                                                        STATE
2-1    0403:6015  USB Serial Converter                                          Not shared""",
])
def test_usbipd_list_without_a_bound_only_device_says_nothing(text: str) -> None:
    assert serious(text) == []


def test_usbipd_auto_attach_loop_losing_the_device_is_boot006() -> None:
    text = """usbipd: info: Starting endless attach loop; press Ctrl+C to quit.
Attached
Detached
usbip: error: Attach Request for 1-2 failed - Device busy (exported)
Attached"""
    assert "usbipd_detached" in kinds(text, "flash")
    assert first(text) == "BOOT006"


def test_usbipd_device_busy_without_a_detach_stays_gen001() -> None:
    assert first("usbip: error: Attach Request for 1-2 failed - Device busy (exported)") == "GEN001"


def test_avrdude_enotty_on_ttys_is_boot006_other_errnos_are_not() -> None:
    enotty = 'avrdude: ser_open(): can\'t set attributes for device "/dev/ttyS3": Inappropriate ioctl for device'
    assert first(enotty) == "BOOT006"
    on_usb = 'avrdude: ser_open(): can\'t set attributes for device "/dev/ttyUSB0": Inappropriate ioctl for device'
    assert first(on_usb) != "BOOT006"
