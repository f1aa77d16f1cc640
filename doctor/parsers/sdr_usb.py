"""USB software-defined radios as a message table (usb-instruments s15): librtlsdr (osmocom rtl-sdr) and the programs built
on it (rtl_test/rtl_fm/rtl_sdr/rtl_tcp, pyrtlsdr, rtl_433, dump1090), the Airspy host tools (airspyone_host) and URH's
device log.

Sources read: osmocom/rtl-sdr src/librtlsdr.c rtlsdr_open() and src/convenience/convenience.c verbose_device_search()
(0.5 to 2.0.2, 2012-2024); pyrtlsdr rtlsdr/rtlsdr.py (`Error code %d when opening SDR (device index = %d)` up to 0.2.9x,
LibUSBError `<LIBUSB_ERROR_X (-n): text> "Could not open SDR (device index = %d)"` since 2020, 0c73d4e); merbanan/rtl_433
src/sdr.c sdr_open_rtl() (`[SDR] ...` log lines since 2019); dump1090's modesInitRTLSDR (`Error opening the RTLSDR device:
%s`, strerror); airspy/airspyone_host airspy-tools airspy_info.c/airspy_rx.c (`airspy_open() failed: %s (%d)`,
airspy_error_name) and libairspy airspy.c airspy_open_usb(); jopohl/urh src/urh/dev/native/Device.py log_retcode()
(`<Class>-<ACTION> (<msg>): <error> (<code>)`).

Meanings. rtlsdr_open() returns the failing libusb call's code, and so do pyrtlsdr and URH's RTLSDR-OPEN:
- libusb_open() refused with LIBUSB_ERROR_ACCESS (-3): `usb_open error -3` and librtlsdr's own `Please fix the device
  permissions, e.g. by installing the udev rules file rtl-sdr.rules` -> the dongle's raw USB node is not writable by the
  user (USB004); -12 (NOT_SUPPORTED) is Windows without a WinUSB driver bound (Zadig, USB004).
- libusb_claim_interface() refused with LIBUSB_ERROR_BUSY (-6): `usb_claim_interface error -6`, after `Kernel driver is
  active, or device is claimed by second instance of librtlsdr` when a kernel driver is bound -> the DVB-T driver
  dvb_usb_rtl28xxu (built without DETACH_KERNEL_DRIVER, librtlsdr does not detach it) or another program (rtl_tcp,
  dump1090, a second rtl_433, a container's daemon) has the dongle (SER003).
- `Failed to open rtlsdr device #0.` is what the program prints after either; `No supported devices found.` means
  libusb listed no RTL2832U at all (listing needs no permission): the dongle is not on this host's bus (USB001).
- libairspy's airspy_open() skips every Airspy it cannot open or claim and then returns AIRSPY_ERROR_NOT_FOUND (-5), so
  with an Airspy on the bus that is a node the user may not open (the Airspy udev rule) or, less often, another program
  holding it.
- `[R82XX] PLL not locked!` at start-up and a first `lost at least N bytes` are normal in a working rtl_test run.
Facts: one run per block under `flash.runs` (tool "sdr").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# libusb error codes as librtlsdr/pyrtlsdr/URH print them
_ACCESS, _BUSY, _NOT_SUPPORTED = -3, -6, -12
_DENIED = re.compile(r"(?i)permission denied|access denied|insufficient permissions|operation not permitted")
_BUSY_TEXT = re.compile(r"(?i)resource busy|device or resource busy")

MESSAGES = rows_of(
    group(
        "osmocom rtl-sdr 0.5-2.0.2 src/librtlsdr.c rtlsdr_open(): libusb_open() and libusb_claim_interface() failures",
        Msg("rtl_usb_error", r"^usb_open error (?P<code>-\d+)$", "strong", fail=True, attrs={"via": "open"},
            convert=(("code", int),), example="usb_open error -3"),
        Msg("usb_access_denied", r"^Please fix the device permissions, e\.g\. by installing the udev rules file rtl-sdr\.rules",
            "strong", fail=True, example="Please fix the device permissions, e.g. by installing the udev rules file rtl-sdr.rules"),
        Msg("device_busy", r"Kernel driver is active, or device is claimed by second instance of librtlsdr", "strong", fail=True,
            attrs={"via": "kernel_driver"},
            example="Kernel driver is active, or device is claimed by second instance of librtlsdr."),
        Msg(None, r"^In the first case, please either detach or blacklist the kernel module", "strong",
            example="In the first case, please either detach or blacklist the kernel module"),
        Msg(None, r"^\(dvb_usb_rtl28xxu\), or enable automatic detaching at compile time", "strong",
            example="(dvb_usb_rtl28xxu), or enable automatic detaching at compile time."),
        Msg("rtl_usb_error", r"^usb_claim_interface error (?P<code>-\d+)", "strong", fail=True, attrs={"via": "claim"},
            convert=(("code", int),), example="usb_claim_interface error -6"),
        Msg(None, r"^Detached kernel driver$", "strong", example="Detached kernel driver"),
        Msg("tool_error", r"^Detaching kernel driver failed!?", "strong", fail=True, example="Detaching kernel driver failed!"),
        Msg("tool_error", r"^rtlsdr_(?:demod_)?(?:read|write)_reg failed with (?P<code>-\d+)$", "strong", fail=True,
            convert=(("code", int),), example="rtlsdr_demod_write_reg failed with -4"),
        Msg("tool_error", r"^cb transfer status: (?P<code>\d+), canceling\.\.\.$", "strong", fail=True, convert=(("code", int),),
            example="cb transfer status: 1, canceling..."),
        Msg("tool_error", r"^Failed to submit transfer \d+$", "strong", fail=True, example="Failed to submit transfer 0"),
        Msg(None, r"^Please increase your allowed usbfs buffer size", "strong",
            example="Please increase your allowed usbfs buffer size with the following command:"),
    ),
    group(
        "osmocom rtl-sdr 0.5-2.0.2 src/convenience/convenience.c, rtl_test.c, rtl_fm.c, rtl_sdr.c, rtl_tcp.c, rtl_power.c, "
        "rtl_eeprom.c, rtl_adsb.c: the device search and the tools' start-up lines",
        Msg("sdr_not_found", r"^No supported devices found\.?$", "weak", fail=True, example="No supported devices found."),
        Msg("sdr_not_found", r"^No matching devices found\.?$", "weak", fail=True, example="No matching devices found."),
        Msg("device_found", r"^Found \d+ device\(s\):$", "weak", example="Found 1 device(s):"),
        Msg(None, r"^\d+:\s+.*, SN: \S*$", "none", example="0:  Realtek, RTL2838UHIDIR, SN: 00000001"),
        Msg(None, r"^Using device \d+: .+", "weak", example="Using device 0: Generic RTL2832U OEM"),
        # also gr-osmosdr rtl_source_c.cc's std::runtime_error("Failed to open rtlsdr device.") (gqrx, GNU Radio)
        Msg("sdr_open_failed", r"\bFailed to open rtlsdr device(?: #\d+)?\.?\s*$", "strong", fail=True, example="Failed to open rtlsdr device #0."),
        Msg("device_found", r"^Found (?:Elonics E4000|Fitipower FC001[23]|Rafael Micro R82[08][TD]|FCI 2580) tuner$", "strong",
            example="Found Rafael Micro R820T tuner"),
        Msg("tool_error", r"^No supported tuner found$", "strong", fail=True, example="No supported tuner found"),
        Msg(None, r"^\[R82XX\] PLL not locked!?$", "strong", benign=True, example="[R82XX] PLL not locked!"),
        Msg(None, r"^Supported gain values \(\d+\):", "strong", example="Supported gain values (29): 0.0 0.9 1.4 2.7 3.7"),
        Msg(None, r"^Sampling at \d+ S/s\.?$", "weak", example="Sampling at 2048000 S/s."),
        Msg(None, r"^Exact sample rate is: [\d.]+ Hz$", "strong", example="Exact sample rate is: 1000000.026491 Hz"),
        Msg(None, r"^Info: This tool will continuously read from the device, and report if$", "strong",
            example="Info: This tool will continuously read from the device, and report if"),
        Msg(None, r"^samples get lost\. If you observe no further output, everything is fine\.$", "none",
            example="samples get lost. If you observe no further output, everything is fine."),
        Msg(None, r"^Reading samples in async mode\.\.\.$", "strong", example="Reading samples in async mode..."),
        Msg(None, r"^Allocating \d+ zero-copy buffers$", "strong", example="Allocating 15 zero-copy buffers"),
        Msg(None, r"^lost at least \d+ bytes$", "strong", benign=True, example="lost at least 80 bytes"),
    ),
    group(
        "pyrtlsdr rtlsdr/rtlsdr.py RtlSdr.open(): `Error code %d when opening SDR (device index = %d)` (IOError, to 0.2.9x) "
        "and LibUSBError `<LIBUSB_ERROR_X (-n): text> \"Could not open SDR (device index = %d)\"` (2020+): rtlsdr_open()'s code",
        Msg("rtl_usb_error", r"Error code (?P<code>-\d+) when opening SDR \(device index = \d+\)", "strong", fail=True,
            attrs={"via": "pyrtlsdr"}, convert=(("code", int),),
            example="OSError: Error code -6 when opening SDR (device index = 0)"),
        Msg("rtl_usb_error", r"<LIBUSB_ERROR_[A-Z_]+ \((?P<code>-\d+)\): [^>]{0,200}> \"?Could not open SDR", "strong", fail=True,
            attrs={"via": "pyrtlsdr"}, convert=(("code", int),),
            example='rtlsdr.rtlsdr.LibUSBError: <LIBUSB_ERROR_BUSY (-6): Resource busy> "Could not open SDR (device index = 0)"'),
    ),
    group(
        "merbanan/rtl_433 2019-2025 src/sdr.c sdr_open_rtl() and the start-up banner; dump1090 (antirez, mutability, "
        "FlightAware) modesInitRTLSDR()",
        Msg(None, r"^rtl_433 version \S+", "strong", example="rtl_433 version 18.12-204-gb1b62f2 branch master at 201905030920 inputs file rtl_tcp RTL-SDR"),
        Msg("device_found", r"^\[SDR\] Found \d+ device\(s\)$", "strong", example="[SDR] Found 1 device(s)"),
        Msg(None, r"^\[SDR\] trying device \d+: ", "strong", example="[SDR] trying device 0: Realtek, RTL2838UHIDIR, SN: 00000001"),
        Msg("sdr_not_found", r"^\[SDR\] No supported devices found\.?$", "strong", fail=True, example="[SDR] No supported devices found."),
        Msg("sdr_open_failed", r"^\[sdr_open_rtl\] Failed to open rtlsdr device #\d+\.?$", "strong", fail=True,
            example="[sdr_open_rtl] Failed to open rtlsdr device #0."),
        Msg("rtl_open_errno", r"^(?:rtlsdr: )?[Ee]rror opening the RTLSDR device: (?P<text>.+?)\s*$", "strong", fail=True,
            example="Error opening the RTLSDR device: Permission denied"),
    ),
    group(
        "airspy/airspyone_host airspy-tools airspy_info.c, airspy_rx.c (`<call>() failed: %s (%d)`, airspy_error_name()), "
        "libairspy airspy_open_usb(): an Airspy that cannot be opened or claimed is skipped, then AIRSPY_ERROR_NOT_FOUND",
        Msg("airspy_open_failed", r"^airspy_open(?:_sn)?\(\)(?: board \d+)? failed: (?P<text>AIRSPY_ERROR_NOT_FOUND) \((?P<code>-5)\)",
            "strong", fail=True, convert=(("code", int),), example="airspy_open() failed: AIRSPY_ERROR_NOT_FOUND (-5)"),
        Msg("tool_error", r"^airspy_\w{1,40}\(\)(?: board \d+)? failed: (?P<text>AIRSPY_\w+) \((?P<code>-?\d+)\)", "strong", fail=True,
            convert=(("code", int),), example="airspy_set_samplerate() failed: AIRSPY_ERROR_LIBUSB (-1000)"),
        Msg(None, r"^airspy_lib_version: \S+", "strong", example="airspy_lib_version: 1.0.9"),
        Msg("device_found", r"^Found AirSpy board \d+$", "strong", example="Found AirSpy board 1"),
    ),
    group(
        "Linux drivers/media/usb/airspy/airspy.c, hackrf/hackrf.c, msi2500/msi2500.c and dvb-frontends/rtl2832_sdr.c probe: "
        "the kernel's own SDR driver bound the device (`Registered as %s`, v4l2 swradio node): it is on this host's bus",
        Msg("sdr_registered", r"\b(?P<name>[a-z][\w-]{1,30}) \S+: Registered as swradio\d+\s*$", "strong",
            example="airspy 1-2:1.0: Registered as swradio0"),
        Msg(None, r"\bSDR API is still slightly experimental and functionality changes may follow", "strong",
            example="airspy 1-2:1.0: SDR API is still slightly experimental and functionality changes may follow"),
    ),
    group(
        "jopohl/urh 2.x src/urh/dev/native/Device.py log_retcode(): `<Class>-OPEN (<msg>): <error> (<code>)` for the native "
        "backends (RTLSDR, AirSpy, HackRF, LimeSDR, BladeRF, PlutoSDR, SDRPlay, USRP)",
        Msg("urh_open_failed", r"\b(?P<name>RTLSDR|AirSpy|HackRF|LimeSDR|BladeRF|PlutoSDR|SDRPlay|USRP)-OPEN(?: \([^)]*\))?: "
            r"(?P<text>.{1,300}?) \((?P<code>-?\d+)\)\s*$", "strong", fail=True, convert=(("code", int),),
            example="[ERROR::Device.py::log_retcode] AirSpy-OPEN: Error Code: -5 (-5)"),
    ),
)


@register
class SdrUsbParser(TableParser):
    name = "sdr"
    namespace = "flash"
    messages = MESSAGES
    hints = ("usb_open error", "device permissions", "kernel driver", "blacklist the kernel", "dvb_usb_rtl28xxu", "claim_interface",
             "supported devices found", "matching devices found", "device(s)", "using device", "rtlsdr", " tuner", "pll not locked",
             "gain values", "sampling at", "sample rate is", "continuously read", "samples get lost", "async mode", "zero-copy",
             "lost at least", "cb transfer status", "submit transfer", "usbfs buffer", "_reg failed", "when opening sdr",
             "could not open sdr", "rtl_433 version", "[sdr]", "airspy", "-open", "swradio", "sdr api", "rtlsdr device")
    event_kinds = ("usb_access_denied", "usb_no_driver", "device_busy", "tool_error")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        kind = ev["kind"]
        if kind == "rtl_usb_error":
            code = ev.get("code")
            if code == _ACCESS:
                ev["kind"] = "usb_access_denied"
            elif code == _BUSY:
                ev["kind"] = "device_busy"
            elif code == _NOT_SUPPORTED:
                ev["kind"] = "usb_no_driver"
                ev["os"] = "windows"  # libusb_open() gives NOT_SUPPORTED where no WinUSB/libusbK driver is bound
            else:
                ev["kind"] = "tool_error"
        elif kind == "rtl_open_errno":
            text = ev.get("text", "")
            ev["kind"] = "usb_access_denied" if _DENIED.search(text) else "device_busy" if _BUSY_TEXT.search(text) else "tool_error"
        elif kind == "urh_open_failed":
            name, code = ev.get("name"), ev.get("code")
            if name == "RTLSDR" and code in (_ACCESS, _BUSY):
                ev["kind"] = "usb_access_denied" if code == _ACCESS else "device_busy"
            elif name == "AirSpy" and code == -5:
                ev["kind"] = "airspy_open_failed"
            else:
                ev["kind"] = "tool_error"
