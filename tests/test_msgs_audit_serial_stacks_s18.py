"""Rows added by the source audit of the serial and USB libraries that new tools wrap (session 18): an unknown tool that
prints the library's own words gets the library's cause. RXTX/nrjavaserial's PortInUseException and Windows termios report,
serialport-rs's Debug struct, .NET's "The port 'COMn' does not exist.", python-libusb1/rusb/pyusb/libusb-win32 and libusb's
own log lines for a held interface, and the failure cues reading a tool table's catch-all `Error: ...` line. Texts: the
sources' format strings filled in, behind a tool prefix doctor has no table for."""

from __future__ import annotations

from tests.textkit import first, serious

P = "mytool: "


def test_rxtx_port_in_use_by_errno_and_owner():
    assert first("gnu.io.PortInUseException: Permission denied in open") == "SER004"
    assert first("gnu.io.PortInUseException: No such file or directory in open") == "SER005"
    assert first("gnu.io.PortInUseException: Unknown Application") == "SER003"
    assert first("Error 0x5 at /home/bob/foo/rxtx-devel/build/../src/termios.c(860): Access is denied.") == "SER003"
    assert first("Error 0x2 at /home/bob/foo/rxtx-devel/build/../src/termios.c(860): The system cannot find the file specified.") == "SER005"


def test_serialport_rs_debug_struct():
    assert first(P + 'Error: Error { kind: Io(PermissionDenied), description: "Permission denied" }') == "SER004"
    assert first(P + 'Error: Error { kind: NoDevice, description: "Device or resource busy" }') == "SER003"
    assert first(P + 'Error: Error { kind: NoDevice, description: "Access is denied." }') == "SER003"
    assert first(P + 'Error: Error { kind: Io(NotFound), description: "No such file or directory" }') == "SER005"


def test_dotnet_port_does_not_exist():
    assert first("Unhandled Exception: System.IO.IOException: The port 'COM3' does not exist.") == "SER005"


def test_mono_serial_port_stream_strerror():
    frame = "\n  at System.IO.Ports.SerialPortStream.ThrowIOException () [0x00000] in <filename unknown>:0"
    assert first("Unhandled Exception:\nSystem.IO.IOException: Permission denied" + frame) == "SER004"
    assert first("Unhandled Exception:\nSystem.IO.IOException: No such file or directory" + frame) == "SER005"


def test_library_words_in_a_tool_tables_catch_all_error_line():
    # OpenOCD's / STM32CubeProgrammer's `Error: <anything>` rows no longer hide the words from the failure cues
    assert first(P + "Error: Resource busy") == "SER003"
    assert first("Error: cannot open device with path /dev/hidraw3") == "USB004"
    # ... and a program's own port object opened twice is no other holder
    assert first("Error: Port is already open") == "GEN001"


def test_libusb_bindings_other_errors():
    assert first("usb1.USBErrorAccess: LIBUSB_ERROR_ACCESS [-3]") == "USB004"
    assert first("usb1.USBErrorPipe: LIBUSB_ERROR_PIPE [-9]") == "GEN001"
    assert first("ValueError: The device has no langid (permission issue, no string descriptors supported or device error)") == "USB004"
    assert first("usb.core.USBError: [Errno 19] No such device (it may have been disconnected)") == "GEN001"


def test_rusb_debug_names():
    assert first("thread 'main' panicked at src/main.rs:12:55:\ncalled `Result::unwrap()` on an `Err` value: Access") == "USB004"
    assert first("thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: Busy', src/main.rs:20:40") == "SER003"


def test_held_usb_interface_in_libusb_logs():
    assert first("libusb: error [op_claim_interface] claim interface failed, error -1 errno 16") == "SER003"
    assert first("libusb: error [winusbx_claim_interface] could not claim interface 0: [170] The requested resource is in use.") == "SER003"
    assert first("libusb0-dll:err [claim_interface] could not claim interface 0, win error: The requested resource is in use.") == "SER003"
    assert first(P + "could not claim interface 0: Device or resource busy") == "SER003"


def test_browser_security_errors_a_page_raised_itself():
    assert "USB004" not in serious("SecurityError: Failed to execute 'requestPort' on 'Serial': Must be handling a user gesture to show a permission request.")
    assert "USB004" not in serious(P + "open_device: (0x00000005) Access is denied.")
