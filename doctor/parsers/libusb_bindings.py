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
    group(
        # (audit-serial-stacks s18) the other libusb errors as python-libusb1 names them: it raises USBError<Name>
        # ("LIBUSB_ERROR_<NAME> [<code>]"). ACCESS is the user's (Linux: no udev rule); a timeout, a stall (PIPE), an I/O
        # error or a vanished device say only that a transfer failed, which the lines before decide (not a probe that fails
        # every command: no ST-Link is in these scripts). gousb's "libusb: <text> [code <n>]" is wally.py's and the cues'
        "python-libusb1 1.x-3.x usb1/__init__.py (USBError subclasses, __str__ `%s [%i]`)",
        Msg("usb_access_denied", r"\bUSBErrorAccess: LIBUSB_ERROR_ACCESS \[-3\]", "strong", fail=True,
            example="usb1.USBErrorAccess: LIBUSB_ERROR_ACCESS [-3]"),
        Msg(None, r"\bUSBError(?:Timeout|Pipe|IO|NoDevice|Overflow|Interrupted|Other): LIBUSB_ERROR_[A-Z_]+ \[-\d+\]", "strong", fail=True,
            example="usb1.USBErrorPipe: LIBUSB_ERROR_PIPE [-9]"),
    ),
    group(
        # (audit-serial-stacks s18) rusb (Rust, libusb-1.0): its `enum Error` derives Debug, so a tool that unwraps the open or
        # the claim panics with "called `Result::unwrap()` on an `Err` value: Access" and one that returns it from main()
        # prints "Error: Access" (Busy likewise; Rust before 1.73 quotes the panic: "panicked at 'called ... value: Access', src/..");
        # Display would give libusb's strerror text, which the cues read
        "rusb 0.5-0.9 src/error.rs (#[derive(Debug)] pub enum Error { Io, InvalidParam, Access, NoDevice, NotFound, Busy, ... })",
        Msg("usb_access_denied", r"^(?:Error: Access\s*$|.*\bcalled `Result::unwrap\(\)` on an `Err` value: Access(?:\s*$|', ))", "weak", fail=True,
            example="called `Result::unwrap()` on an `Err` value: Access"),
        Msg("device_busy", r"^(?:Error: Busy\s*$|.*\bcalled `Result::unwrap\(\)` on an `Err` value: Busy(?:\s*$|', ))", "weak", fail=True,
            example="called `Result::unwrap()` on an `Err` value: Busy"),
    ),
    group(
        # (audit-serial-stacks s18) pyusb's get_string() when the device returned no LANGID table: 1.0.x "The device has no
        # langid", 1.1+ adds "(permission issue, no string descriptors supported or device error)". Reading a string
        # descriptor needs the device opened; on Linux without a udev rule the open is refused and pyusb sees no langids
        # (its own words name the permission first), on Windows without a WinUSB/libusb driver the same
        "pyusb 1.0.0-1.3.1 usb/util.py get_string()",
        Msg("usb_access_denied", r"\bThe device has no langid\b", "weak", fail=True,
            example="ValueError: The device has no langid (permission issue, no string descriptors supported or device error)"),
    ),
    group(
        # (audit-serial-stacks s18) libusb-win32 (libusb0.sys, the driver Zadig installs as "libusb-win32"): claiming an
        # interface another handle holds fails with Windows' ERROR_BUSY text, logged by the DLL as
        # "libusb0-dll:err [claim_interface] could not claim interface <n>, win error: <FormatMessage>" (pyusb's libusb0 backend
        # quotes it as "USBError: [Errno None] libusb0-dll:err ..."); Windows' text in its language (German seen in a script)
        "libusb-win32 1.2.x libusb0.dll usb_claim_interface() error text (as pyusb 1.x's libusb0 backend quotes it)",
        Msg("device_busy", r"\bcould not claim interface \d+, win error: (?:The requested resource is in use|Die angeforderte Ressource wird bereits verwendet)", "strong", fail=True,
            example="libusb0-dll:err [claim_interface] could not claim interface 0, win error: The requested resource is in use."),
    ),
)


@register
class LibusbBindingParser(TableParser):
    name = "libusb-binding"
    namespace = "flash"
    messages = MESSAGES
    hints = ("resource busy", "libusb_error_busy", "usberror", "no langid", "resource is in use", ": access", ": busy")
