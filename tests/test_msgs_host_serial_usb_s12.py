"""Session 12, host-serial-usb: rows and rules for held-out misses and the host wordings around them (SparkFun's SVL
uploader hiding the open's errno behind "is currently open", macOS Cocoa programs' NSError of an open on /dev/cu.*)."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

SVL = "/dev/ttyUSB0 is currently open. Please close any other terminal programs that may be using /dev/ttyUSB0 and try again."


def test_sparkfun_svl_hidden_errno_on_a_linux_tty_is_ser004() -> None:
    evs = [e for e in events(SVL, "serial") if e["kind"] == "serial_open_failed"]
    assert evs and evs[0]["port"] == "/dev/ttyUSB0" and evs[0]["via"] == "sparkfun-svl"
    assert first(SVL) == "SER004"


def test_sparkfun_svl_hidden_errno_on_a_com_port_is_ser003() -> None:
    text = "COM7 is currently open. Please close any other terminal programs that may be using COM7 and try again."
    assert kinds(text, "serial") == ["serial_open_failed"]
    assert first(text) == "SER003"


@pytest.mark.parametrize("text, kind, fid", [
    ('Serial port usbmodem1441 encountered an error: Error Domain=NSPOSIXErrorDomain Code=16 "Resource busy" '
     'UserInfo=0x6080000763c0 {NSFilePath=/dev/cu.usbmodem1441, NSLocalizedDescription=Resource busy}', "serial_port_busy", "SER003"),
    ('Error Domain=NSPOSIXErrorDomain Code=16 "Resource busy" UserInfo={NSLocalizedDescription=Resource busy, '
     'NSFilePath=/dev/cu.usbmodem1441}', "serial_port_busy", "SER003"),
    ('Error Domain=NSPOSIXErrorDomain Code=35 "Resource temporarily unavailable" '
     'UserInfo={NSFilePath=/dev/cu.usbserial-1410, NSLocalizedDescription=Resource temporarily unavailable}', "serial_port_locked", "SER003"),
    ('Error Domain=NSPOSIXErrorDomain Code=13 "Permission denied" '
     'UserInfo={NSFilePath=/dev/cu.usbmodem14101, NSLocalizedDescription=Permission denied}', "serial_permission_denied", "SER004"),
    ('Error Domain=NSPOSIXErrorDomain Code=2 "No such file or directory" '
     'UserInfo={NSFilePath=/dev/cu.SLAB_USBtoUART, NSLocalizedDescription=No such file or directory}', "serial_no_such_port", "SER005"),
])
def test_cocoa_nserror_of_an_open_on_a_serial_node(text: str, kind: str, fid: str) -> None:
    evs = events(text, "serial")
    assert [e["kind"] for e in evs] == [kind] and evs[0]["port"].startswith("/dev/cu.")
    assert first(text) == fid


def test_nserror_of_a_file_that_is_no_serial_node_is_not_a_serial_event() -> None:
    text = ('Error Domain=NSCocoaErrorDomain Code=260 "The file couldn\'t be opened." '
            'UserInfo={NSFilePath=/Users/me/firmware.hex, NSUnderlyingError=0x600 {Error Domain=NSPOSIXErrorDomain Code=2}}')
    assert "serial_no_such_port" not in kinds(text, "serial")


def test_home_assistant_nut_addon_group_audio_is_ser004() -> None:
    text = """Unable to open /dev/ttyS0: Permission denied
  Current user id: nut (100)
Serial port owner: root (0)
Serial port group: audio (18)
     Mode of port: 0660"""
    assert first(text) == "SER004"


def test_healthy_uno_enumeration_has_no_finding() -> None:
    text = """[10492.388028] usb 1-1.4: new full-speed USB device number 13 using ehci-pci
[10492.500520] usb 1-1.4: New USB device found, idVendor=2341, idProduct=0043
[10492.500526] usb 1-1.4: New USB device strings: Mfr=1, Product=2, SerialNumber=220
[10492.500529] usb 1-1.4: Manufacturer: Arduino (www.arduino.cc)
[10492.520354] cdc_acm 1-1.4:1.0: ttyACM0: USB ACM device"""
    assert serious(text) == []


def test_node_serialport_error_inside_json_keeps_only_the_path() -> None:
    text = ('\t{"message":"Error: No such file or directory, cannot open /dev/ttyACM0",'
            '"stack":"Error: Error: No such file or directory, cannot open /dev/ttyACM0"}')
    assert [(e["kind"], e["port"]) for e in events(text, "serial")] == [("serial_no_such_port", "/dev/ttyACM0")]


def test_node_serialport_error_quoted_by_zigbee2mqtt_keeps_only_the_path() -> None:
    text = "Error: Error while opening serialport 'Error: Error: Permission denied, cannot open /dev/ttyUSB0' at SerialPort."
    assert [(e["kind"], e["port"]) for e in events(text, "serial")] == [("serial_permission_denied", "/dev/ttyUSB0")]
    assert first(text) == "SER004"


def test_ls_shows_the_node_the_program_could_not_find_is_ser005() -> None:
    text = """$ ls /dev/ttyACM0 
/dev/ttyACM0

2018-7-27 20:33:14 ERROR Failed to start
	{"message":"Error: No such file or directory, cannot open /dev/ttyACM0","stack":"Error: Error: No such file or directory, cannot open /dev/ttyACM0"}"""
    assert first(text) == "SER005"


@pytest.mark.parametrize("text, port", [
    ("ERROR: for zigbee2mqtt  Cannot start service zigbee2mqtt: b'error gathering device information while adding custom device "
     "\"/dev/ttyACM0\": no such file or directory", "/dev/ttyACM0"),
    ('Error response from daemon: error gathering device information while adding custom device '
     '"/dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0_USB_Dongle_Plus_8c-if00-port0": no such file or directory',
     "/dev/serial/by-id/usb-ITead_Sonoff_Zigbee_3.0_USB_Dongle_Plus_8c-if00-port0"),
])
def test_docker_device_of_a_missing_tty_is_ser005(text: str, port: str) -> None:
    evs = events(text, "serial")
    assert [(e["kind"], e["port"]) for e in evs] == [("serial_no_such_port", port)]
    assert first(text) == "SER005"


def test_docker_device_that_is_no_tty_is_not_a_serial_event() -> None:
    text = 'Error response from daemon: error gathering device information while adding custom device "/dev/kvm": no such file or directory'
    assert kinds(text, "serial") == []


@pytest.mark.parametrize("text", [
    "error 2022-05-27 11:04:55: Adapter disconnected, stopping",
    "Zigbee2MQTT:error 2024-04-06 10:00:01: Adapter disconnected, stopping",
])
def test_zigbee2mqtt_adapter_disconnected_is_usb003(text: str) -> None:
    assert kinds(text, "serial") == ["serial_io_error"]
    assert first(text) == "USB003"
    assert serious(text) == ["USB003"]


def test_groups_of_a_service_user_without_other_groups_against_a_dialout_tty_is_ser004() -> None:
    text = """$ groups homeassistant
homeassistant : homeassistant
$ ls -la /dev/ttyACM0
crw-rw---- 1 root dialout 166, 0 Apr  1 13:24 /dev/ttyACM0"""
    assert first(text) == "SER004"


def test_groups_of_a_user_in_dialout_against_a_dialout_tty_is_no_fault() -> None:
    text = """pi@raspberrypi:~ $ groups
pi adm dialout cdrom sudo audio video plugdev
pi@raspberrypi:~ $ ls -l /dev/ttyACM0
crw-rw---- 1 root dialout 166, 0 Apr  1 13:24 /dev/ttyACM0"""
    assert serious(text) == []
