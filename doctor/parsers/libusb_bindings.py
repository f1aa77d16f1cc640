"""The USB-busy errors of the language bindings of libusb as a message table (usb-instruments s15): pyusb, python-libusb1
(usb1), node-usb and gousb, which instrument and radio scripts (python-usbtmc, PyHT6022, pyrtlsdr-free DAQ drivers, the
Glasgow and Tessel CLIs) print when claiming the device's interface fails with LIBUSB_ERROR_BUSY.

Sources read: pyusb usb/backend/libusb1.py (_check: libusb's BUSY becomes USBError errno 16 "Resource busy"), vpelletier
python-libusb1 usb1/__init__.py (USBErrorBusy, `LIBUSB_ERROR_BUSY [-6]`), node-usb (`Error: LIBUSB_ERROR_BUSY` from
Interface.claim), google/gousb (`libusb: device or resource busy [code -6]`). Busy on a claim means the interface already has
a holder: a kernel driver still bound (usbtmc, usbhid, cdc_acm, usbtest, the DVB driver of an RTL dongle) that the script
does not detach, or another program with the device open. Their access-denied twins (`[Errno 13] Access denied`,
`USBErrorAccess`) are read with the probe tools that print them (pyocd.py).
Facts: one run per block under `flash.runs` (tool "libusb-binding"), kind `device_busy`.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "pyusb 1.x usb/backend/libusb1.py, python-libusb1 1.x-3.x usb1/__init__.py, node-usb 1.x-2.x, gousb: LIBUSB_ERROR_BUSY",
        Msg("device_busy", r"\bUSBError: \[Errno 16\] Resource busy\s*$", "strong", fail=True,
            example="usb.core.USBError: [Errno 16] Resource busy"),
        Msg("device_busy", r"\bUSBErrorBusy: LIBUSB_ERROR_BUSY \[-6\]", "strong", fail=True,
            example="usb1.USBErrorBusy: LIBUSB_ERROR_BUSY [-6]"),
        Msg("device_busy", r"^Error: LIBUSB_ERROR_BUSY\s*$", "weak", fail=True, example="Error: LIBUSB_ERROR_BUSY"),
        Msg("device_busy", r"\blibusb: device or resource busy \[code -6\]", "strong", fail=True,
            example="failed to claim interface 0 on vid=413c,pid=2107,bus=1,addr=5,config=1: libusb: device or resource busy [code -6]"),
    ),
)


@register
class LibusbBindingParser(TableParser):
    name = "libusb-binding"
    namespace = "flash"
    messages = MESSAGES
    hints = ("resource busy", "libusb_error_busy")
