"""Browser flashers: WebUSB and Web Serial errors as Chromium-based browsers (Chrome, Edge, Opera 61+) word them, passed
on by the page (WebDFU / dfu-util.js, NumWorks' updater, DAPjs and micro:bit's WebUSB flashing, STM32 and RP2040 web
flashers, ESP Web Tools and Adafruit's WebSerial ESPTool, Betaflight/ExpressLRS configurators in a browser).

Chromium's usb_device.cc / serial_port.cc reject a call with a DOMException whose text the page usually prints with its own
prefix ("DFUError: OPEN failed --> ", "Error: "):

- `Failed to execute 'open' on 'USBDevice': Access denied.` (SecurityError): the OS refused the open. Windows: the device
  has a driver WinUSB does not own (a vendor driver, libusbK/libusb0 bound by Zadig or another tool) or another program
  has it open; Linux: no udev rule gives the user its /dev/bus/usb node; ChromeOS/Android: a policy -> `usb_access_denied`
  (USB004)
- `Failed to execute 'claimInterface' on 'USBDevice': Unable to claim interface.` (NetworkError): a kernel or vendor driver,
  or another program, holds the interface -> `usb_claim_failed` (USB004 below a stronger reading)
- `A transfer error has occurred.` / `The device was disconnected.` (NetworkError) in a transfer: the device reset or went
  away mid-operation -> `webusb_transfer_failed` (a failure doctor quotes)
- `Failed to execute 'open' on 'SerialPort': Failed to open serial port.` (NetworkError): the OS refused the port. Resolved
  threads on Windows 11 name the USB-serial driver first (an older CH340 driver), another program holding the port
  second -> `serial_open_failed` (`via` webserial; GEN001 with both questions)
- `Failed to execute 'open' on 'SerialPort': The port is already open.` (InvalidStateError): the page itself still holds the
  port open (a connection it never closed, another tab of the same app) -> `serial_port_busy` (SER003)
- `No device selected.` / `No port selected by the user.` (NotFoundError): the chooser was closed or offered nothing to
  pick -> `webusb_no_device` (not a failure by itself; `settle` records it as a stall: the run ended before it had a
  device, which GEN001 quotes only when nothing failed and nothing succeeded anywhere in the text)

(windows-macos s9: numworks/epsilon #2015, 'libusb took it over again')
"""

from __future__ import annotations

from typing import Any

from doctor.facts import mark_stall
from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Chromium 61-140 WebUSB (third_party/blink/renderer/modules/webusb/usb_device.cc) DOMException texts",
        Msg("usb_access_denied", r"Failed to execute 'open' on 'USBDevice': Access denied", strength="strong", fail=True,
            attrs={"text": "webusb open"},
            example="DFUError: OPEN failed --> SecurityError: Failed to execute 'open' on 'USBDevice': Access denied."),
        # (web-flashers s14) Chromium before the ExceptionState rewording (Chrome 58-8x usb_device.cc, OnOpen: ACCESS_DENIED
        # rejected with DOMException(kSecurityError, "Access denied.")) gave the bare text, which pages print as
        # "SecurityError: Access denied." (electro-smith/Programmer#16: Daisy Seed 0483:df11 on Linux, udev rule not in
        # effect; webusb/arduino#29)
        Msg("usb_access_denied", r"\bSecurityError: Access denied\.?\s*$", strength="strong", fail=True,
            attrs={"text": "webusb open"}, example="SecurityError: Access denied."),
        Msg("usb_claim_failed", r"Failed to execute 'claimInterface' on 'USBDevice': Unable to claim interface", strength="strong",
            fail=True, example="NetworkError: Failed to execute 'claimInterface' on 'USBDevice': Unable to claim interface."),
        Msg("webusb_transfer_failed", r"Failed to execute '(?:transferIn|transferOut|controlTransferIn|controlTransferOut|reset|selectConfiguration|selectAlternateInterface)' on 'USBDevice': (?P<text>[^\n]{1,120})",
            strength="strong", fail=True,
            example="NetworkError: Failed to execute 'controlTransferOut' on 'USBDevice': A transfer error has occurred."),
        Msg("webusb_no_device", r"NotFoundError: (?:Failed to execute 'requestDevice' on 'USB': )?No device selected", strength="strong",
            benign=True, example="NotFoundError: Failed to execute 'requestDevice' on 'USB': No device selected."),
    ),
    group(
        # (windows-macos s9) WebDFU (devanlai/webdfu dfu-util/dfu.js, dfuse.js; also in NumWorks', Pinecil's and dapboot's
        # updaters) logs its steps to the page and the console ("dfu-util.js:174 " is Chrome's source location): after the
        # last block it polls the status and resets the device, whose reboot makes the reset call fail ("Ignored reset
        # error", logged at debug level: normal); a status other than 0 or an exception text is a failure
        "WebDFU dfu.js / dfuse.js (2017-2024) log lines",
        Msg("webdfu_done", r"\bIgnored reset error\s*$", strength="strong", benign=True,
            example="dfu-util.js:174 Ignored reset error"),
        Msg("webdfu_done", r"\bFinal DFU status: state=(?P<state>\d+), status=0\b", strength="strong", benign=True,
            convert=(("state", int),), example="dfu-util.js:174 Final DFU status: state=7, status=0"),
        Msg("webdfu_done", r"\bDevice unexpectedly tolerated manifestation\b|\bManifest GET_STATUS poll error\b", strength="strong",
            benign=True, example="Device unexpectedly tolerated manifestation."),
        Msg("webusb_transfer_failed", r"\bFinal DFU status: state=(?P<state>\d+), status=(?P<status>[1-9]\d*)\b", strength="strong",
            fail=True, convert=(("state", int), ("status", int)), example="Final DFU status: state=10, status=14"),
        Msg("webusb_transfer_failed", r"\b(?:Error during (?:final DFU download|DFU download|DfuSe download|DfuSe manifestation|DFU manifest|reset for manifestation|special DfuSe command)"
            r"|DFU (?:DOWNLOAD|MANIFEST) failed state=\d+, status=\d+)(?P<text>[^\n]{0,120})", strength="strong", fail=True,
            example="Error during final DFU download ControlTransferOut failed NetworkError A transfer error has occurred."),
    ),
    group(
        "Chromium 89-140 Web Serial (third_party/blink/renderer/modules/serial/serial_port.cc) DOMException texts",
        Msg("serial_open_failed", r"(?i)Failed to execute 'open' on 'SerialPort': Failed to open serial port", strength="strong", fail=True,
            attrs={"via": "webserial"},
            example="NetworkError: Failed to execute 'open' on 'SerialPort': Failed to open serial port."),
        # (vial-hid-kb s13) serial_port.cc's InvalidStateError when open() is called on a SerialPort this page already holds
        # open (a connection the page never closed, another tab of the same app): the port is held, as Chrysalis words it
        # ("It may already be connected in another application or browser window", keyboardio/Chrysalis#1374)
        Msg("serial_port_busy", r"(?i)Failed to execute 'open' on 'SerialPort': The port is already open", strength="strong", fail=True,
            attrs={"via": "webserial"},
            example="InvalidStateError: Failed to execute 'open' on 'SerialPort': The port is already open."),
        # (misses s20) serial.cc's kNoPortSelected is Chromium's own wording: a page that prints only the exception's message
        # ("Error: No port selected by the user.") is the same chooser closed
        Msg("webusb_no_device", r"(?:NotFoundError: )?(?:Failed to execute 'requestPort' on 'Serial': )?No port selected by the user", strength="strong",
            benign=True, example="NotFoundError: Failed to execute 'requestPort' on 'Serial': No port selected by the user."),
    ),
)


@register
class WebUsbParser(TableParser):
    name = "webusb"
    namespace = "flash"
    messages = MESSAGES
    hints = ("usbdevice", "serialport", "securityerror: access denied", "no device selected", "no port selected", "ignored reset error", "final dfu status",
             "tolerated manifestation", "get_status poll error", "error during", "dfu download failed", "dfu manifest failed")

    def summary(self) -> dict[str, Any]:
        return {"success": False} if any(e.get("fail") for e in self.events) else {}

    @staticmethod
    def settle(out: dict[str, Any]) -> None:
        """(misses s20) A chooser closed without a pick ("No port selected by the user") is what a person cancelling it
        gets, and also what an empty chooser leaves (a snap-confined browser that sees no serial device, no driver, a
        charge-only cable): the page's run ended before it had a device. Like a text that ends with its tool waiting, it is a
        stall (`text.stalls`): GEN001 quotes it only when no failure line and no successful run is shown anywhere."""
        for run in (out.get("flash") or {}).get("runs") or []:
            if not isinstance(run, dict) or run.get("tool") != "webusb":
                continue
            for ev in run.get("events") or []:
                if isinstance(ev, dict) and ev.get("kind") == "webusb_no_device" and isinstance(ev.get("line"), str):
                    mark_stall(out, ev["line"], ev.get("lineno"), run.get("source"), "webusb")
