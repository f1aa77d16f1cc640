"""Session 14, web-flashers: browser and web-based flashers/configurators (WebUSB DFU pages, WebHID configurators,
Web Serial ESP installers, the ExpressLRS Configurator's flasher).

Families fixed: WebUSB's open() refusal in the older Chromium wording ("SecurityError: Access denied.", no "Failed to
execute 'open' on 'USBDevice':" prefix); WebHID's open() refusal as other pages than VIA print it (Chrome's
"Uncaught (in promise) DOMException: Failed to open the device.", or the NotAllowedError with the exception object after
it); ExpressLRS serials_find.py's "You don't have permission to use serial port!" (also as the traceback's raise line);
the Web Serial "Failed to open serial port" fallback now asks the Linux question too."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

DAISY_LSUSB = """
$ lsusb
Bus 002 Device 002: ID 8087:0024 Intel Corp. Integrated Rate Matching Hub
Bus 001 Device 005: ID 0483:df11 STMicroelectronics STM Device in DFU Mode
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
"""


def test_bare_securityerror_access_denied_is_webusb_usb004() -> None:
    assert kinds("SecurityError: Access denied.", "flash") == ["usb_access_denied"]
    assert first("SecurityError: Access denied.") == "USB004"
    assert first(DAISY_LSUSB + "\nSecurityError: Access denied.\n") == "USB004"
    # the newer wording still reads the same
    assert first("DFUError: OPEN failed --> SecurityError: Failed to execute 'open' on 'USBDevice': Access denied.") == "USB004"


def test_securityerror_other_text_is_not_webusb_refusal() -> None:
    text = "SecurityError: Failed to execute 'requestPort' on 'Serial': Access to the feature \"serial\" is disallowed by permissions policy."
    assert "usb_access_denied" not in kinds(text, "flash")


VIAL_WEB = """
Uncaught (in promise) DOMException: Failed to open the device.
connect @ (index):182
await in connect (async)
onclick @ (index):73
"""

VERYVERILOG = ("Failed to connect to HID device: NotAllowedError: Failed to open the device. {stack: 'NotAllowedError: Failed "
               "to open the device.', code: 0, name: 'NotAllowedError', message: 'Failed to open the device.'}")


def test_webhid_open_refused_in_console_is_usb004() -> None:
    assert [e["kind"] for e in events(VIAL_WEB, "flash", "webhid")] == ["hid_open_denied"]
    assert first(VIAL_WEB) == "USB004"
    assert [e["kind"] for e in events(VERYVERILOG, "flash", "webhid")] == ["hid_open_denied"]
    assert first(VERYVERILOG) == "USB004"


def test_via_pane_refusal_stays_via() -> None:
    text = "NotAllowedError: Failed to open the device.\nDevice: Keychron Keychron K10 Pro\nVid: 0x3434\nPid: 0x02A0\n"
    assert [e["kind"] for e in events(text, "flash", "via")] == ["hid_open_denied"]
    assert first(text) == "USB004"


ELRS_TRACEBACK = """
File "/home/user/.shiv/flasher.pyz_5bad46fb/site-packages/serials_find.py", line 56, in serial_ports
    raise Exception("You don't have permission to use serial port!")
"""


def test_elrs_serials_find_permission_is_ser004() -> None:
    assert "serial_permission_denied" in kinds("Exception: You don't have permission to use serial port!", "serial")
    assert first("Exception: You don't have permission to use serial port!") == "SER004"
    assert first(ELRS_TRACEBACK) == "SER004"


def test_other_raise_lines_stay_source_lines() -> None:
    text = """
  File "/usr/lib/python3/dist-packages/serial/serialposix.py", line 325, in open
    raise SerialException(msg.errno, "could not open port {}: {}".format(self._port, msg))
"""
    assert not kinds(text, "serial")


def test_webserial_open_failed_asks_linux_question_too() -> None:
    text = """
esptool.js
Serial port WebSerial VendorID 0x10c4 ProductID 0xea60
Connecting...
NetworkError: Failed to execute 'open' on 'SerialPort': Failed to open serial port.
"""
    assert serious(text)[:1] == ["GEN001"]
