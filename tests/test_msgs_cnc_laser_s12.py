"""Session 12, cnc-laser: G-code senders of GRBL controllers (Universal G-Code Sender, LaserGRBL, Candle, bCNC) and
esptool's port scan under the FluidNC installer: rows of doctor/parsers/gcode_senders.py, jSerialComm's invalid port
descriptor (serial_errors.py), esptool.settle_port_scan(), and the SER007 / USB003 rules that read them."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

UGS_9600 = """*** Connecting to jserialcomm://COM6:9600
*** Fetching device status
>>> ?
*** Fetching device status (2 of 10)...
>>> ?
*** Fetching device status (3 of 10)...
>>> ?
*** Fetching device status (10 of 10)...
>>> ?
**** Connection closed ****"""


def test_ugs_no_status_answer_at_9600_is_baud_ser007() -> None:
    ev = [e for e in events(UGS_9600, "serial", "ugs") if e["kind"] == "sender_no_answer"]
    assert ev and ev[0]["baud"] == 9600 and ev[0]["port"] == "COM6" and ev[0]["fail"]
    assert first(UGS_9600) == "SER007"


def test_ugs_no_status_answer_at_115200_is_not_baud() -> None:
    text = UGS_9600.replace("COM6:9600", "ttyUSB0:115200")
    assert "SER007" not in serious(text)
    assert first(text) == "GEN001"  # no answer at GRBL's own rate: not GRBL, or the wrong port; the lines are quoted


def test_ugs_connect_that_gets_a_status_report_is_healthy() -> None:
    text = """*** Connecting to jserialcomm://ttyUSB0:115200
*** Fetching device status
>>> ?
<Idle|MPos:0.0000,0.0000,0.0000|F:0.0|WCO:-0.3630,-0.0149,-1.2425>
ok
>>> $I
[VER:1.1f.20170801:]
[OPT:S,15,128]
ok"""
    assert "sender_controller_answered" in kinds(text, "serial")
    assert serious(text) == []


def test_ugs_closed_after_grbl_spoke_is_no_failure() -> None:
    text = """*** Connecting to jserialcomm://COM3:115200
*** Fetching device status
Grbl 1.1h ['$' for help]
<Idle|MPos:0.000,0.000,0.000|FS:0,0>
**** Connection closed ****"""
    assert serious(text) == []


@pytest.mark.parametrize("baud, expected", [(9600, "SER007"), (115200, "GEN001")])
def test_lasergrbl_connection_timeout(baud: int, expected: str) -> None:
    text = f"""19/02/2019 16:00:37\tSetStatus   \tMachine status [Connecting]
19/02/2019 16:00:37\tOpenCom     \tOpen COM5 @ {baud} baud 
19/02/2019 16:00:37\tSendImmediate\tSend Immediate Command [0x18]
19/02/2019 16:00:47\tOpenCom     \tConnection timeout!
19/02/2019 16:00:47\tCloseCom    \tClose COM5 [CORE]"""
    ev = [e for e in events(text, "serial", "lasergrbl") if e["kind"] == "sender_no_answer"]
    assert ev and ev[0]["baud"] == baud
    assert first(text) == expected


def test_lasergrbl_timeout_at_both_rates_is_not_baud() -> None:
    # LaserGRBL #308: 9600 and 115200 both timed out (Benbox firmware): the rate is not what is wrong
    text = """21.3.2018 17:36:02\tOpenCom     \tOpen COM3 @ 9600 baud
21.3.2018 17:36:12\tOpenCom     \tConnection timeout!
21.3.2018 17:37:01\tOpenCom     \tOpen COM3 @ 115200 baud
21.3.2018 17:37:11\tOpenCom     \tConnection timeout!"""
    assert "SER007" not in serious(text)


def test_lasergrbl_detected_grbl_then_timeout_is_not_baud() -> None:
    text = """10/11/2020 12:40:20\tOpenCom     \tOpen COM4 @ 57600 baud 
10/11/2020 12:40:22\tVersionInfo \tDetected Grbl v1.1f
10/11/2020 12:40:30\tOpenCom     \tConnection timeout!"""
    assert "SER007" not in serious(text)


def test_lasergrbl_access_denied_is_port_held_ser003() -> None:
    text = """18/01/2023 13:17:23.772\tOpenCom     \tOpen COM3 @ 115200 baud Ctrl-X (UsbSerial)
18/01/2023 13:17:23.775\tOpenCom     \tError: Access to the port 'COM3' is denied.
18/01/2023 13:17:23.775\tSetStatus   \tMachine status [Disconnected]"""
    assert first(text) == "SER003"


def test_candle_device_not_functioning_is_link_lost_usb003() -> None:
    text = """M3 S200 < ok
Serial port error 11: A device attached to the system is not functioning.
Serial port error 1: No such file or directory
[CTRL+X] < Grbl 1.1f ['$' for help]"""
    ev = events(text, "serial", "candle")
    assert [e["kind"] for e in ev] == ["sender_port_lost", "sender_port_lost"]
    assert first(text) == "USB003"


def test_candle_access_denied_at_open_is_port_held() -> None:
    assert first("Serial port error 2: Access is denied.") == "SER003"


def test_bcnc_serialio_write_timeout_is_link_lost_usb003() -> None:
    text = """Exception in thread Thread-2:
Traceback (most recent call last):
  File "c:\\Python27\\lib\\threading.py", line 754, in run
    self.__target(*self.__args, **self.__kwargs)
  File "c:\\Python27\\lib\\site-packages\\bCNC\\Sender.py", line 657, in serialIO
    self.mcontrol.viewStatusReport()
  File "c:\\Python27\\lib\\site-packages\\serial\\serialwin32.py", line 313, in write
    raise writeTimeoutError
SerialTimeoutException: Write timeout"""
    assert "sender_port_lost" in kinds(text, "serial")
    assert first(text) == "USB003"


def test_jserialcomm_invalid_port_descriptor_is_missing_port_ser005() -> None:
    text = ("Caused: com.fazecast.jSerialComm.SerialPortInvalidPortException: Unable to create a serial port object from the "
            "invalid port descriptor: /dev/ttyACM0")
    ev = [e for e in events(text, "serial") if e["kind"] == "serial_no_such_port"]
    assert ev and ev[0]["port"] == "/dev/ttyACM0"
    assert first(text) == "SER005"


SCAN_OK = """esptool.py --chip esp32 --baud 230400 dump_mem 0x3ff5a018 4 SecurityFuses.bin
esptool.py v3.1
Found 3 serial ports
Serial port /dev/cu.wlan-debug
/dev/cu.wlan-debug failed to connect: [Errno 16] could not open port /dev/cu.wlan-debug: [Errno 16] Resource busy: '/dev/cu.wlan-debug'
Serial port /dev/ttyS0
Connecting........_____....._____
/dev/ttyS0 failed to connect: Failed to connect to ESP32: Timed out waiting for packet header
Serial port /dev/cu.usbserial-0001
Connecting........_____....._____.....__
Chip is ESP32-D0WDQ6 (revision 1)
Features: WiFi, BT, Dual Core, 240MHz, VRef calibration in efuse, Coding Scheme None
Crystal is 40MHz
Uploading stub...
Running stub...
Stub running...
Read 4 bytes
Done!
Hard resetting via RTS pin..."""


def test_esptool_scan_failures_before_a_connected_port_are_benign() -> None:
    assert serious(SCAN_OK) == []
    skipped = [e for ns in ("serial", "flash") for e in events(SCAN_OK, ns) if e["kind"] == "port_scan_skipped"]
    assert len(skipped) == 2 and all(e.get("benign") and not e.get("fail") for e in skipped)


def test_esptool_scan_that_found_no_chip_keeps_its_failures() -> None:
    text = """Serial port COM17
COM17 failed to connect: could not open port 'COM17': PermissionError(13, 'Access is denied.', None, 5)

A fatal error occurred: Could not connect to an Espressif device on any of the 1 available serial ports."""
    assert first(text) == "SER003"
