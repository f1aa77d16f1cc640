"""Rows and rules of the usb-instruments helper (session 15): librtlsdr and its wrappers (rtl_test, pyrtlsdr, rtl_433,
dump1090), the Airspy tools and URH's open log, libiio's iio_info scan, libsigrok's firmware lookup, NUT's USB claim."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

# --- librtlsdr (osmocom rtl-sdr librtlsdr.c rtlsdr_open, convenience.c) ------------------------------------------------


def test_rtlsdr_kernel_driver_claim_busy_is_held() -> None:
    text = ("Found 1 device(s):\n  0:  Realtek, RTL2838UHIDIR, SN: 00000001\n\nUsing device 0: Generic RTL2832U OEM\n\n"
            "Kernel driver is active, or device is claimed by second instance of librtlsdr.\n"
            "In the first case, please either detach or blacklist the kernel module\n"
            "(dvb_usb_rtl28xxu), or enable automatic detaching at compile time.\n\n"
            "usb_claim_interface error -6\nFailed to open rtlsdr device #0.\n")
    assert "device_busy" in kinds(text, "flash")
    assert first(text) == "SER003"


def test_rtlsdr_claim_busy_alone_and_wrappers_are_held() -> None:
    for text in ("Registered 98 out of 125 device decoding protocols [ 1-4 8 ]\nusb_claim_interface error -6\n",
                 "Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n    sdr = RtlSdr()\n"
                 "OSError: Error code -6 when opening SDR (device index = 0)\n",
                 'rtlsdr.rtlsdr.LibUSBError: <LIBUSB_ERROR_BUSY (-6): Resource busy> "Could not open SDR (device index = 0)"\n',
                 "[ERROR::Device.py::log_retcode] RTLSDR-OPEN (#0): Error Code: -6 (-6)\n"):
        assert first(text) == "SER003", text


def test_rtlsdr_open_access_is_usb_permission() -> None:
    for text in ("usb_open error -3\nPlease fix the device permissions, e.g. by installing the udev rules file rtl-sdr.rules\n"
                 "Failed to open rtlsdr device #0.\n",
                 "Found 1 device(s):\n0: Realtek, RTL2838UHIDIR, SN: 00000001 (currently selected)\nusb_open error -3\n"
                 "Error opening the RTLSDR device: Permission denied\n",
                 "OSError: Error code -3 when opening SDR (device index = 0)\n",
                 "[ERROR::Device.py::log_retcode] RTLSDR-OPEN (#0): Error Code: -3 (-3)\n"):
        assert first(text) == "USB004", text


def test_rtlsdr_windows_open_not_supported_is_driver() -> None:
    text = "Found 1 device(s):\n  0:  Realtek, RTL2838UHIDIR, SN: 00000001\n\nUsing device 0: Generic RTL2832U OEM\nusb_open error -12\n"
    assert "usb_no_driver" in kinds(text, "flash")


def test_rtlsdr_no_devices_is_not_on_bus() -> None:
    for text in ("No supported devices found.\n", "rtl_433 version 21.12 branch at 202112\n[SDR] No supported devices found.\n"):
        assert first(text) == "USB001", text


def test_rtl_test_healthy_run_is_quiet() -> None:
    text = ("Found 1 device(s):\n  0:  Realtek, RTL2838UHIDIR, SN: 00000001\n\nUsing device 0: Generic RTL2832U OEM\n"
            "Found Rafael Micro R820T tuner\nSupported gain values (29): 0.0 0.9 1.4 2.7 3.7\n[R82XX] PLL not locked!\n"
            "Sampling at 2048000 S/s.\n\nInfo: This tool will continuously read from the device, and report if\n"
            "samples get lost. If you observe no further output, everything is fine.\n\nReading samples in async mode...\n"
            "Allocating 15 zero-copy buffers\nlost at least 80 bytes\n")
    assert serious(text) == []


# --- Airspy (airspyone_host airspy_info/airspy_rx, libairspy airspy_open_usb; URH AirSpy-OPEN) --------------------------


def test_airspy_not_found_with_board_registered_is_usb_permission() -> None:
    text = ("airspy 1-2:1.0: Board ID: 00\nairspy 1-2:1.0: Registered as swradio0\n\n"
            "airspy_open() failed: AIRSPY_ERROR_NOT_FOUND (-5)\n")
    assert first(text) == "USB004"
    text = ("[ERROR::Device.py::log_retcode] AirSpy-OPEN: Error Code: -5 (-5)\n\n"
            "[ 2083.1] airspy 1-2:1.0: Registered as swradio0\n")
    assert first(text) == "USB004"


def test_airspy_not_found_alone_is_not_usb_permission() -> None:
    assert first("airspy_open() failed: AIRSPY_ERROR_NOT_FOUND (-5)\n") != "USB004"


# --- libiio iio_info (tests/iio_info.c, iio_common.c) ------------------------------------------------------------------


def test_iio_scan_empty_as_user_but_usb_as_root_is_usb_permission() -> None:
    text = ("$ iio_info -s\nLibrary version: 0.8 (git tag: 6a2c22a)\nNo contexts found.\n\n$ sudo iio_info -s\n"
            "Library version: 0.8 (git tag: 6a2c22a)\nAvailable contexts:\n\t0: 0456:b673 (Analog Devices Inc. PlutoSDR (ADALM-PLUTO)) [usb:3.8.5]\n")
    assert first(text) == "USB004"


def test_iio_local_context_warning_in_a_scan_is_harmless() -> None:
    text = ("Library version: 0.24 (git tag: e598e4b)\nCompiled with backends: local xml ip usb\n"
            "Unable to create Local IIO context : No such file or directory (2)\nAvailable contexts:\n"
            "\t0: 0456:b673 (Analog Devices Inc. PlutoSDR (ADALM-PLUTO)), serial=1044734c96 [usb:3.39.5]\n")
    assert serious(text) == []
    assert [e["via"] for e in events(text, "flash", "iio") if e["kind"] == "iio_context_found"] == ["usb"]


# --- libsigrok firmware files (src/resource.c) -------------------------------------------------------------------------


def test_sigrok_firmware_file_missing_is_tool_missing() -> None:
    for text in ("sr: resource: Failed to locate 'fx2lafw-saleae-logic.fw'.\nsr: resource: Failed to open resource 'fx2lafw-saleae-logic.fw'.\n",
                 "sr: resource: Failed to open resource 'fx2lafw-sigrok-fx2-8ch.fw' (use loglevel 5/spew for details).\n"
                 "sr: fx2lafw: Firmware upload failed for device 20.35 (logical), name fx2lafw-sigrok-fx2-8ch.fw.\n"):
        assert first(text) == "TOOL001", text


# --- NUT USB drivers (drivers/libusb0.c, libusb1.c) ---------------------------------------------------------------------


def test_nut_claim_resource_busy_is_held() -> None:
    text = ("Network UPS Tools - Generic HID driver 0.41 (2.7.4)\nUSB communication driver 0.33\n"
            "   0.501946     Device matches\n   0.502085     failed to claim USB device: Resource busy\n"
            "   0.502196     failed to detach kernel driver from USB device: No such file or directory\n")
    assert "device_busy" in kinds(text, "flash")
    assert first(text) == "SER003"
    assert first("Network UPS Tools - Generic Q* USB/Serial driver 0.28 (2.7.4)\n"
                 "Got disconnected by another driver: Device or resource busy\n") == "SER003"


def test_nut_root_hub_strings_unknown_is_usb_permission() -> None:
    text = ("Network UPS Tools - Generic HID driver 0.38 (2.7.2)\nUSB communication driver 0.32\n"
            "   0.069589     Checking device (1D6B/0003) (003/001)\n   0.069686     - VendorID: 1d6b\n"
            "   0.069693     - ProductID: 0003\n   0.069696     - Manufacturer: unknown\n   0.069699     - Product: unknown\n"
            "   0.069717     Device does not match - skipping\n")
    assert first(text) == "USB004"
    ok = text.replace("Manufacturer: unknown", "Manufacturer: Linux 4.4.0 xhci-hcd")
    assert first(ok) != "USB004"


# --- busy claims: libsigrok, libusb bindings, dump1090-fa/readsb, gr-osmosdr ----------------------------------------------


def test_claim_busy_in_sigrok_and_bindings_is_held() -> None:
    for text in ("sr: fx2lafw: Unable to claim interface: LIBUSB_ERROR_BUSY.\n",
                 "Traceback (most recent call last):\n  File \"t.py\", line 5, in <module>\n    dev.set_configuration()\n"
                 "usb.core.USBError: [Errno 16] Resource busy\n",
                 "usb1.USBErrorBusy: LIBUSB_ERROR_BUSY [-6]\n",
                 "rtlsdr: error opening the RTLSDR device: Device or resource busy\n"):
        assert first(text) == "SER003", text


def test_gr_osmosdr_open_failure_is_read_by_the_sdr_table() -> None:
    text = "usb_claim_interface error -6\nterminate called after throwing an instance of 'std::runtime_error'\n  what():  Failed to open rtlsdr device.\n"
    assert "sdr_open_failed" in kinds(text, "flash")
    assert first(text) == "SER003"


# --- the kernel's usbtmc device (drivers/usb/class/usbtmc.c) -----------------------------------------------------------


def test_usbtmc_node_permission_is_usb_access() -> None:
    for text in ("Traceback (most recent call last):\n  File \"scope.py\", line 3, in <module>\n    f = open('/dev/usbtmc0', 'r+b')\n"
                 "PermissionError: [Errno 13] Permission denied: '/dev/usbtmc0'\n",
                 "$ cat /dev/usbtmc0\ncat: /dev/usbtmc0: Permission denied\n"):
        assert first(text) == "USB004", text
