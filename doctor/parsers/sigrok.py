"""libsigrok (sigrok-cli, PulseView, SmuView) as a message table: the USB side of its logic-analyzer and scope drivers
(fx2lafw, dreamsourcelab-dslogic, saleae-logic16, saleae-logic-pro, hantek-6xxx, the common src/usb.c and
src/ezusb.c firmware loader).

libsigrok logs through sr_log() with its module's LOG_PREFIX, so a line reads `<prefix>: <message>`; sigrok-cli
prints it behind `sr: ` (with `-l 5` also a `[mm:ss.uuuuuu]` stamp), PulseView's console log without it. The
driver's error is libusb_error_name() of the failed call:
- LIBUSB_ERROR_ACCESS opening or claiming the analyzer: its raw USB node (/dev/bus/usb/BBB/DDD) is not writable by
  the user: no udev rule for its VID:PID (libsigrok ships 60-libsigrok.rules and 61-libsigrok-plugdev/uaccess.rules;
  a distribution that does not install them, or a uaccess rule without logind) -> `usb_access_denied` (USB004);
- LIBUSB_ERROR_NOT_SUPPORTED opening it: on Windows no WinUSB/libusb driver is bound to it (Zadig) -> `usb_no_driver`
  (USB004; a shared or overloaded port can fail the same way, USB003);
- LIBUSB_ERROR_NO_DEVICE resubmitting a transfer during a capture: the analyzer left the bus mid-stream (a hub or
  shared port that cannot carry the stream, the cable, power) -> `usb_io_error` with `link_lost` (USB003);
- `Firmware upload failed ...`, `Unable to open device.` and PulseView's `generic/unspecified error` are the
  consequences of those, and `Failed to open resource '<fw>'` a firmware file that is not installed.
A scan that lists its devices (`The following devices were found:`, `<driver> - <name> with N channels: ...`) is
healthy. Facts: one run per block under `flash.runs` (tool "sigrok").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# sigrok-cli's "sr: " and a -l 5 stamp before libsigrok's "<LOG_PREFIX>: "
_P = r"^(?:sr: )?(?:\[[\d:.]+\] )?(?P<driver>[a-z][\w-]{1,40}): "
_ERR = r"(?P<text>LIBUSB_ERROR_[A-Z_]+)"


def _kind_of(err: str) -> str:
    if err == "LIBUSB_ERROR_ACCESS":
        return "usb_access_denied"
    if err == "LIBUSB_ERROR_NOT_SUPPORTED":
        return "usb_no_driver"
    if err == "LIBUSB_ERROR_BUSY":
        return "device_busy"  # (usb-instruments s15) another sigrok program or a kernel driver (usbtest) has the interface
    if err in ("LIBUSB_ERROR_NO_DEVICE", "LIBUSB_ERROR_IO", "LIBUSB_ERROR_PIPE", "LIBUSB_ERROR_TIMEOUT", "LIBUSB_ERROR_OVERFLOW"):
        return "usb_io_error"
    return "tool_error"


MESSAGES = rows_of(
    group(
        "libsigrok 0.5-0.6 src/hardware/{fx2lafw,dreamsourcelab-dslogic}/api.c scan(): libusb_open() of a plausible device "
        "failed (`Failed to open potential device with VID:PID %04x:%04x: %s.`, sr_warn)",
        Msg("usb_open_failed", _P + r"Failed to open potential device with VID:PID (?P<vid>[0-9a-fA-F]{4}):(?P<pid>[0-9a-fA-F]{4}): " + _ERR,
            "strong", fail=True, example="sr: fx2lafw: Failed to open potential device with VID:PID 0925:3881: LIBUSB_ERROR_ACCESS."),
    ),
    group(
        "libsigrok 0.5-0.6 src/usb.c sr_usb_open(), src/ezusb.c ezusb_upload_firmware(), "
        "src/hardware/{fx2lafw,dreamsourcelab-dslogic,hantek-6xxx}/protocol.c and saleae-logic16/api.c "
        "(`Failed to open device: %s.`, ezusb `failed to open device: %s.`), "
        "`Unable to claim interface: %s.` / saleae-logic-pro `Failed to claim interface: %s.`",
        Msg("usb_open_failed", _P + r"[Ff]ailed to open device: " + _ERR, "strong", fail=True,
            example="sr: usb: Failed to open device: LIBUSB_ERROR_ACCESS."),
        Msg("usb_open_failed", _P + r"(?:Unable|Failed) to claim interface: " + _ERR, "strong", fail=True,
            example="sr: fx2lafw: Unable to claim interface: LIBUSB_ERROR_BUSY."),
    ),
    group(
        "libsigrok 0.5-0.6 src/hardware/{fx2lafw,dreamsourcelab-dslogic,saleae-logic16}/protocol.c resubmit_transfer(): "
        "`sr_err(\"%s: %s\", __func__, libusb_error_name(ret))` while a capture runs",
        Msg("usb_transfer_failed", _P + r"resubmit_transfer: " + _ERR, "strong", fail=True,
            example="sr: fx2lafw: resubmit_transfer: LIBUSB_ERROR_NO_DEVICE"),
    ),
    group(
        "libsigrok 0.5-0.6: what follows a device it could not open (fx2lafw/dslogic api.c `Firmware upload failed for device "
        "%d.%d (logical), name %s.`, saleae-logic16/hantek-6xxx `Firmware upload failed, name %s.`), "
        "src/resource.c `Failed to open resource '%s' (use loglevel 5/spew for details).` (the firmware file is not "
        "installed: sigrok-firmware-fx2lafw), PulseView session.cpp `Notifying user of session error: %s`",
        Msg("tool_error", _P + r"Firmware upload failed(?: for device \d+\.\d+ \(logical\))?, name (?P<name>\S+?)\.?$", "strong", fail=True,
            example="sr: fx2lafw: Firmware upload failed for device 20.35 (logical), name fx2lafw-sigrok-fx2-8ch.fw."),
        Msg("firmware_missing", _P + r"Failed to open resource '(?P<name>[^']+)'", "strong", fail=True,
            example="sr: resource: Failed to open resource 'fx2lafw-sigrok-fx2-8ch.fw' (use loglevel 5/spew for details)."),
        # (usb-instruments s15) src/resource.c resource_open_default(): no firmware search path holds the file
        # (sr_err in 0.4, 2015; sr_dbg since 7ade12b4, 2016, so shown with -l 4 and up or by PulseView's log)
        Msg("firmware_missing", _P + r"Failed to locate '(?P<name>[^']+)'", "strong", fail=True,
            example="sr: resource: Failed to locate 'fx2lafw-saleae-logic.fw'."),
        Msg(None, r"^Notifying user of session error: ", "weak", example='Notifying user of session error: "generic/unspecified error"'),
    ),
    group(
        "sigrok-cli 0.7 show.c/main.c --scan: the devices a driver found (healthy)",
        Msg("device_found", r"^The following devices were found:\s*$", "strong", example="The following devices were found:"),
        Msg("device_found", r"^(?P<driver>[a-z][\w-]{1,40})(?::\S+)? - (?P<name>.+?) with \d+ channels?:", "weak",
            example="fx2lafw - sigrok FX2 LA (8ch) with 8 channels: D0 D1 D2 D3 D4 D5 D6 D7"),
        Msg(None, _P + r"(?:Found an fx2lafw device|Firmware upload was not needed|Opening device instance)\.?", "none",
            example="sr: fx2lafw: Found an fx2lafw device."),
    ),
)


@register
class SigrokParser(TableParser):
    name = "sigrok"
    namespace = "flash"
    messages = MESSAGES
    hints = ("libusb_error_", "following devices were found", "firmware upload", "failed to open resource", "session error",
             "failed to locate",
             " channels", "sr: ")
    event_kinds = ("usb_access_denied", "usb_no_driver", "usb_io_error", "tool_error", "device_busy")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] in ("usb_open_failed", "usb_transfer_failed"):
            transfer = ev["kind"] == "usb_transfer_failed"
            ev["kind"] = _kind_of(ev.get("text", ""))
            if ev["kind"] == "usb_no_driver":
                ev["os"] = "windows"  # libusb gives NOT_SUPPORTED on open only where no WinUSB/libusbK driver is bound
            if transfer and ev.get("text") == "LIBUSB_ERROR_NO_DEVICE":
                ev["link_lost"] = True  # the analyzer left the bus while streaming
