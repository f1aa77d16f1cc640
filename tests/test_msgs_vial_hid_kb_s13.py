"""Session 13, vial-hid-kb: rows and rules for held-out misses of keyboard configurators and HID-level tools (a macOS
crash report's dyld "Library not loaded", Web Serial's "The port is already open", the QMK CLI's invalid -kb keyboard, hidapi's
hidraw "Permission denied", OpenLinkHub's HID open failures, VIA's "Fetching v3 definition failed")."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious


def test_macos_crash_report_dyld_library_not_loaded_is_tool001() -> None:
    text = """Termination Reason:    DYLD, [0x1] Library missing

Application Specific Information:
dyld: launch, loading dependent libraries

Dyld Error Message:
  Library not loaded: /usr/local/opt/libusb/lib/libusb-1.0.0.dylib
  Referenced from: /Applications/Wally.app/Contents/MacOS/Wally
  Reason: image not found"""
    ev = [e for e in events(text, "shell") if e["kind"] == "tool_missing"]
    assert ev and ev[0]["name"] == "libusb-1.0.0.dylib"
    assert first(text) == "TOOL001"


@pytest.mark.parametrize("line", [
    "InvalidStateError: Failed to execute 'open' on 'SerialPort': The port is already open.",
    "I couldn't connect to the keyboard. It may already be connected in another application or browser window. The error I got "
    "was: InvalidStateError: Failed to execute 'open' on 'SerialPort': The port is already open.",
])
def test_webserial_port_already_open_is_ser003(line: str) -> None:
    assert "serial_port_busy" in kinds(line, "flash")
    assert first(line) == "SER003"


def test_webserial_failed_to_open_stays_serial_open_failed() -> None:
    line = "NetworkError: Failed to execute 'open' on 'SerialPort': Failed to open serial port."
    assert "serial_port_busy" not in kinds(line, "flash")


@pytest.mark.parametrize("line", [
    "qmk compile: error: argument -kb/--keyboard: invalid keyboard_folder_or_all value: 'tmp/crkbd/rev4/standard'",
    "qmk flash: error: argument -kb/--keyboard: invalid keyboard_folder_or_all value: 'crkbd/rev5'",
    "qmk info: error: argument -kb/--keyboard: invalid keyboard_folder value: 'planck/rev9'",
])
def test_qmk_cli_invalid_keyboard_is_fw005(line: str) -> None:
    ev = [e for e in events(line, "flash", "qmk") if e["kind"] == "build_error"]
    assert ev and ev[0]["what"].startswith("keyboard_folder")
    assert first(line) == "FW005"


@pytest.mark.parametrize("line", [
    '[opendeck::elgato][WARN] Failed to connect to Elgato device: HidError(HidApiError { message: "Failed to open a device '
    "with path '/dev/hidraw0': Permission denied\" })",
    "OSError: Failed to open a device with path '/dev/hidraw3': Permission denied",
])
def test_hidapi_hidraw_permission_denied_is_usb004(line: str) -> None:
    assert "usb_access_denied" in kinds(line, "flash")
    assert first(line) == "USB004"


def test_hidapi_other_errno_is_not_usb004() -> None:
    line = "Failed to open a device with path '/dev/hidraw3': No such file or directory"
    assert "usb_access_denied" not in kinds(line, "flash")


@pytest.mark.parametrize("line", [
    '{"error":{},"level":"error","message":"Unable to open HID device","path":"/dev/hidraw4","productId":11015,'
    '"timestamp":"2025-11-27T10:08:47+01:00","vendorId":6940}',
    '{"device":"K65 PLUS Wireless Receiver","level":"warning","message":"Invalid permissions","path":"/dev/hidraw4",'
    '"productId":11015}',
])
def test_openlinkhub_hidraw_open_failures_are_usb004(line: str) -> None:
    assert first(line) == "USB004"


def test_via_definition_fetch_failed_is_not_a_permission_refusal() -> None:
    text = """17:51:44.135
Fetching v3 definition failed
Device: MCRO 2.0
Vid: 0x2345
Pid: 0x0548

17:51:56.402
Received invalid protocol version from device
Device: MCRO 2.0
Vid: 0x2345
Pid: 0x0548"""
    assert "via_definition_missing" in kinds(text, "flash")
    assert "USB004" not in serious(text)
    assert first(text) == "GEN001"


def test_via_open_refusal_with_definition_line_stays_usb004() -> None:
    text = """NotAllowedError: Failed to open the device.
Device: Keychron Q11
Vid: 0x3434
Pid: 0x01E0
Fetching v2 definition failed
Device: Keychron Q11
Received invalid protocol version from device"""
    assert first(text) == "USB004"


def test_via_bare_invalid_protocol_stays_usb004() -> None:
    text = """Received invalid protocol version from device
Device: Winry Winry315
Vid: 0xF1F1
Pid: 0x0315"""
    assert first(text) == "USB004"


@pytest.mark.parametrize("line", [
    "[DeviceUnauthorizedAccessException:Error]\tNot permitted to open HID class device at /dev/hidraw8.",  # OpenTabletDriver
    "<E>service: not opening device /dev/hidraw4: Permission denied",  # keyledsd
    "<E>service: not opening device /dev/hidraw1: Permesso negato",
])
def test_other_hid_stacks_hidraw_eacces_is_usb004(line: str) -> None:
    assert "usb_access_denied" in kinds(line, "flash")
    assert first(line) == "USB004"


def test_keyleds_other_error_is_not_usb004() -> None:
    assert "usb_access_denied" not in kinds("<I>service: not opening device /dev/hidraw2: unsupported device", "flash")
