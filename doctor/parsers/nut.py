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
_BUSY = re.compile(r"(?i)\bResource busy\b")

MESSAGES = rows_of(
    group(
        "NUT 2.7.x-2.8.x drivers/libusb1.c and libusb0.c nut_libusb_open() (`Can't claim USB device [%04x:%04x]@%d/%d/%d: %s`, "
        "2.7.4: `...@%d/%d: %s`; libusb0 adds `could not detach kernel driver from interface %d: %s`)",
        Msg("usb_claim_failed", r"Can't claim USB device \[(?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4})\](?:@[\d/]+)?:\s*(?P<text>.+)$",
            "strong", fail=True,
            example="Can't claim USB device [1cb0:0038]@0/0: could not detach kernel driver from interface 0: Operation not permitted"),
        # (usb-instruments s15) libusb0.c/libusb1.c nut_libusb_open() at debug level 2, each of the 3 claim retries:
        # `failed to claim USB device: %s` (the claim's own error: "Resource busy" is another program, most often a second
        # driver instance, holding the UPS: NUT #602 usbhid-ups -k while the driver ran, #2958), then the detach attempt
        Msg("usb_claim_failed", r"\bfailed to claim USB device: (?P<text>.+?)\s*$", "strong", fail=True,
            example="   0.502085     failed to claim USB device: Resource busy"),
        Msg(None, r"\bfailed to detach kernel driver from USB device: ", "strong",
            example="   0.502196     failed to detach kernel driver from USB device: No such file or directory"),
        # blazer_usb.c, nutdrv_qx.c, riello_usb.c, usbhid-ups.c (2.7-2.8): a read came back EBUSY because another driver
        # claimed the device meanwhile (fatal_with_errno / upslog_with_errno: `Got disconnected by another driver: %s`)
        Msg("usb_claim_failed", r"\bGot disconnected by another driver(?:: (?P<text>.+?))?\s*$", "strong", fail=True,
            attrs={"via": "disconnected"}, example="Got disconnected by another driver: Device or resource busy"),
        Msg("usb_access_denied", r"libusb[01]: Could not open any HID devices: insufficient permissions on everything", "strong", fail=True,
            example="libusb1: Could not open any HID devices: insufficient permissions on everything"),
        # (usb-instruments s15) nut_libusb_open() lists each device it checks (2.7.x `Checking device (1D6B/0003) (003/001)`,
        # 2.8.x `[D2] Checking device 1 of 5 (1D6B/0002)`) and its strings (`- Manufacturer: unknown` where none could be
        # read). libusb-0.1 opens a node it may not write read-only, so without the udev rule every string reads "unknown",
        # a Linux root hub's (1d6b, always "Linux <version> xhci-hcd") included (NUT #477: the driver then crashed)
        Msg(None, r"\bChecking device (?:\d+ of \d+ )?\((?P<vid>[0-9A-Fa-f]{4})/(?P<pid>[0-9A-Fa-f]{4})\)", "none",
            example="   0.069589     Checking device (1D6B/0003) (003/001)"),
        Msg(None, r"(?:^|\s)- (?P<name>Manufacturer|Product): (?P<value>.*?)\s*$", "none", example="   0.069696     - Manufacturer: unknown"),
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
    hints = ("claim usb device", "network ups tools", "hid devices", "usb communication driver", "driver failed to start",
             "detach kernel driver from usb device", "disconnected by another driver", "checking device", "manufacturer:", "product:")
    event_kinds = ("usb_access_denied", "device_busy", "tool_error", "usb_strings_unreadable")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._checking: dict[str, Any] | None = None  # the device nut_libusb_open() is listing: vid, its unknown strings
        self._unreadable = False

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            groups = m.groupdict()
            if groups.get("vid"):
                self._checking = {"vid": groups["vid"].lower(), "unknown": set()}
            elif groups.get("name") and self._checking is not None and groups.get("value") == "unknown":
                self._checking["unknown"].add(groups["name"])
                if self._checking["vid"] == "1d6b" and len(self._checking["unknown"]) == 2 and not self._unreadable:
                    self._unreadable = True  # a Linux root hub without strings: this user could not read the USB nodes
                    self.event("usb_strings_unreadable", lineno, line, vid="1d6b")
            return
        if ev["kind"] == "usb_claim_failed":
            # a claim refused for permissions is the missing udev rule; Resource busy another program holding the UPS
            # (usually a second driver instance); anything else (Entity not found...) neither
            text = ev.get("text") or ""
            if _DENIED.search(text):
                ev["kind"] = "usb_access_denied"
            elif _BUSY.search(text) or ev.get("via") == "disconnected":
                ev["kind"] = "device_busy"
            else:
                ev["kind"] = "tool_error"
