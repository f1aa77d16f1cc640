"""Session 14, serial-cable-drivers: USB-serial bridges and the programs that open them (CHIRP, Hamlib, esptool...).

Families fixed: Hamlib's own open failures (src/usb_port.c find_and_open_device() `Cannot open USB device: LIBUSB_ERROR_*`
with the underscores GitHub's Markdown eats, usb_port_open()'s claim/configuration failures, src/serial.c
serial_open()'s `Unable to open <path> - <strerror>`), and an lsusb listing pasted without its Bus/Device/ID columns
under the prompt that ran it (a bricked counterfeit FT232 at 0403:0000)."""

from __future__ import annotations

from tests.textkit import events, facts, first, kinds, serious

HAMLIB_USB_MANGLED = """
rigctl Hamlib 4.5.4 Jan 10 01:31:41Z 2023 SHA=921cc5
usbportopen called
findandopendevice called
findandopendevice: looking for device 16c0:05dc... 05e3:0608, 0403:6010, 16c0:05dc,findandopendevice: Warning: Cannot open USB device: LIBUSBERRORACCESS
 046d:c00e, 14cd:168a, 8086:a2af, 1b4f:9204, -> not found
 1:rig.c(1023):rigopen returning(-6) IO error
"""


def test_hamlib_usb_access_markdown_mangled_is_usb004() -> None:
    assert "usb_access_denied" in kinds(HAMLIB_USB_MANGLED, "flash")
    assert first(HAMLIB_USB_MANGLED) == "USB004"


def test_hamlib_usb_access_with_underscores_is_usb004() -> None:
    text = "find_and_open_device: Warning: Cannot open USB device: LIBUSB_ERROR_ACCESS\n"
    assert [e["tool"] for e in facts(text)["flash"]["runs"]] == ["hamlib"]
    assert first(text) == "USB004"


def test_hamlib_usb_not_supported_is_windows_no_driver() -> None:
    text = "rigctl Hamlib 4.5.4\nfind_and_open_device: Warning: Cannot open USB device: LIBUSB_ERROR_NOT_SUPPORTED\n"
    evs = events(text, "flash", "hamlib")
    assert evs[0]["kind"] == "usb_no_driver" and evs[0]["os"] == "windows"
    assert first(text) == "USB004"


def test_hamlib_claim_busy_is_not_access() -> None:
    text = "usb_port_open:libusb_claim_interface: failed interface 0: LIBUSB_ERROR_BUSY\n"
    assert kinds(text, "flash") == ["tool_error"]
    assert "USB004" not in serious(text)


def test_hamlib_serial_open_strerror_families() -> None:
    busy = "rigctld Hamlib 4.0\nserial_open: Unable to open /dev/ttyUSB0 - Device or resource busy\nrig_open: error = IO error\n"
    denied = "serial_open: Unable to open /dev/ttyUSB0 - Permission denied\n"
    missing = "serial_open: Unable to open /dev/ttyUSB1 - No such file or directory\n"
    assert kinds(busy, "flash") == ["serial_port_busy"]
    assert first(busy) == "SER003"
    assert kinds(denied, "flash") == ["serial_permission_denied"]
    assert first(denied) == "SER004"
    assert kinds(missing, "flash") == ["serial_no_such_port"]


def test_hamlib_banner_alone_is_quiet() -> None:
    text = "rigctl Hamlib 4.5.4 Jan 10 01:31:41Z 2023 SHA=921cc5\nReport bugs to <hamlib-developer@lists.sourceforge.net>\n"
    assert serious(text) == []


BARE_LSUSB = """
$lsusb
0403:0000 Future Technology Devices International, Ltd H4SMK 7 Port Hub / Bricked Counterfeit FT232 Serial (UART) IC
"""


def test_lsusb_without_bus_columns_after_prompt() -> None:
    devs = facts(BARE_LSUSB)["usb"]["devices"]
    assert [(d["vid"], d["pid"]) for d in devs] == [("0403", "0000")]
    assert first(BARE_LSUSB) == "GEN001"


def test_bare_vid_pid_in_prose_is_not_a_device() -> None:
    text = "I think 0403:0000 Future Technology is the bricked chip\n"
    assert not (facts(text).get("usb") or {}).get("devices")


def test_hamlib_port_open_line_alone_reads_strerror() -> None:
    text = """
Hamlib Rig open error -6: IO error
port_open: serial_open(/dev/tty.usbserial-) status=-6, err=No such file or directory
iofunc.c(81):port_open return(-6)
"""
    assert kinds(text, "flash") == ["serial_no_such_port"]
    assert first(text) == "SER005"


K5PROG = """
lion@Shukaku k5prog % sudo ./k5prog -r -v
Quansheng UV-K5 EEPROM programmer v0.9 (c) 2023 Jacek Lipkowski <sq5bpf@lipkowski.org>

open error 2 No such file or directory
Open /dev/ttyUSB0 failed
"""


def test_k5prog_open_failed_takes_the_errno_line() -> None:
    evs = events(K5PROG, "flash", "k5prog")
    assert [(e["kind"], e["port"]) for e in evs] == [("serial_no_such_port", "/dev/ttyUSB0")]
    assert first(K5PROG) == "SER005"
    denied = K5PROG.replace("open error 2 No such file or directory", "open error 13 Permission denied")
    assert kinds(denied, "flash") == ["serial_permission_denied"]
