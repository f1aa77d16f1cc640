"""Network UPS Tools (NUT) drivers and upsdrvctl as a message table: the USB side (usbhid-ups, nutdrv_qx,
blazer_usb, tripplite_usb... through drivers/libusb1.c and libusb0.c) and the driver controller.

A NUT driver starts as root and drops to the `nut` user (ups.conf `user=`), so it opens the UPS's raw USB node
(/dev/bus/usb/BBB/DDD) as that user: without the udev rule NUT ships for the UPS's VID:PID (or with a device the
rule does not list) the claim fails with libusb's LIBUSB_ERROR_ACCESS (`Access denied (insufficient permissions)`)
or, when the kernel's usbhid driver must first be detached, `could not detach kernel driver from interface 0:
Operation not permitted`. Facts: one run per block under `flash.runs` (tool "nut"); a claim refused for
permissions is `usb_access_denied` (the kind USB004 reads), any other claim failure (`Resource busy`: another
driver instance holds it; `Entity not found`) a `tool_error`. The serial drivers' `Unable to open /dev/ttyUSB0:
Permission denied` (drivers/serial.c ser_open_error) is read by serial_errors.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_DENIED = re.compile(r"(?i)Operation not permitted|Access denied|insufficient permissions|Permission denied")

MESSAGES = rows_of(
    group(
        "NUT 2.7.x-2.8.x drivers/libusb1.c and libusb0.c nut_libusb_open() (`Can't claim USB device [%04x:%04x]@%d/%d/%d: %s`, "
        "2.7.4: `...@%d/%d: %s`; libusb0 adds `could not detach kernel driver from interface %d: %s`)",
        Msg("usb_claim_failed", r"Can't claim USB device \[(?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})\](?:@[\d/]+)?:\s*(?P<text>.+)$",
            "strong", fail=True,
            example="Can't claim USB device [1cb0:0038]@0/0: could not detach kernel driver from interface 0: Operation not permitted"),
        Msg("usb_access_denied", r"libusb[01]: Could not open any HID devices: insufficient permissions on everything", "strong", fail=True,
            example="libusb1: Could not open any HID devices: insufficient permissions on everything"),
        Msg(None, r"^Network UPS Tools - .+(?:driver|controller)\b", "strong",
            example="Network UPS Tools - UPS driver controller 2.7.4"),
        Msg(None, r"^USB communication driver(?: \(libusb [01]\.\d+\))? \d", "weak", example="USB communication driver (libusb 1.0) 0.46"),
        Msg(None, r"^Driver failed to start \(exit status=\d+\)", "strong", example="Driver failed to start (exit status=1)"),
    ),
)


@register
class NutParser(TableParser):
    name = "nut"
    namespace = "flash"
    messages = MESSAGES
    hints = ("claim usb device", "network ups tools", "hid devices", "usb communication driver", "driver failed to start")
    event_kinds = ("usb_access_denied", "tool_error")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "usb_claim_failed":
            # a claim refused for permissions is the missing udev rule; Resource busy / Entity not found are not
            ev["kind"] = "usb_access_denied" if _DENIED.search(ev.get("text", "")) else "tool_error"
