"""(serial-daemons s12) Programs that hold serial ports outside Klipper: gpsd's open failures (gpsd/serial.c), NUT's
USB claim (drivers/libusb1.c, libusb0.c) and serial open (drivers/serial.c), Modbus RTU masters that get no answer
(MinimalModbus, pymodbus, mbpoll/libmodbus)."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious


def test_gpsd_busy_and_already_opened_are_port_held() -> None:
    text = ("Apr  1 10:55:36 tocktick gpsd[657]: gpsd:ERROR: /dev/ttyAMA0 already opened by another process\n"
            "Apr  1 10:56:23 tocktick gpsd[657]: gpsd:ERROR: device open of /dev/ttyAMA0 failed: Device or resource busy - retrying read-only\n")
    assert kinds(text, "serial").count("serial_port_busy") == 2
    assert first(text) == "SER003"


def test_gpsd_3_27_permission_denied_with_errno() -> None:
    text = ("gpsd:INFO: SER: opening GPS data source type 12 at '/dev/ttyACM0'\n"
            "gpsd:ERROR: SER: device open of /dev/ttyACM0 failed: Permission denied(13) - retrying read-only\n"
            "gpsd:ERROR: SER: read-only device open of /dev/ttyACM0 failed: Permission denied(13)\n")
    evs = events(text, "serial")
    assert {e["kind"] for e in evs} == {"serial_permission_denied"}
    assert evs[0]["port"] == "/dev/ttyACM0"
    assert first(text) == "SER004"


def test_gpsd_no_such_file_and_other_errors() -> None:
    assert "serial_no_such_port" in kinds("gpsd:ERROR: SER: device open of /dev/ttyUSB0 failed: No such file or directory(2) - retrying read-only", "serial")
    assert "serial_open_failed" in kinds("gpsd:ERROR: SER: read-only device open of /dev/ttyS0 failed: Input/output error(5)", "serial")


def test_nut_serial_driver_unable_to_open() -> None:
    assert first("Unable to open /dev/ttyUSB0: Permission denied\n\nThings to try:\n") == "SER004"
    assert "serial_port_busy" in kinds("Unable to open /dev/ttyUSB0: Device or resource busy", "serial")


def test_nut_cant_claim_usb_permission_is_udev_rule() -> None:
    text = ("Can't claim USB device [1cb0:0038]@0/0: could not detach kernel driver from interface 0: Operation not permitted\n"
            "Driver failed to start (exit status=1)\n")
    assert kinds(text, "flash") == ["usb_access_denied"]
    assert first(text) == "USB004"
    assert kinds("Can't claim USB device [051d:0002]@0/0/0: Access denied (insufficient permissions)", "flash") == ["usb_access_denied"]
    assert first("libusb1: Could not open any HID devices: insufficient permissions on everything") == "USB004"


def test_nut_claim_busy_is_not_permission() -> None:
    text = "Can't claim USB device [051d:0002]@0/0/0: Resource busy"
    assert kinds(text, "flash") == ["device_busy"]  # (usb-instruments s15) another driver holds it: SER003
    assert "USB004" not in serious(text)


def test_minimalmodbus_no_answer_is_the_line() -> None:
    text = ("MinimalModbus debug mode. Response from instrument: '' () (0 bytes), roundtrip time: 51.0 ms. Timeout setting: 50.0 ms.\n"
            "\n"
            "Traceback (most recent call last):\n"
            "  File \"minimalmodbus.py\", line 930, in _communicate\n"
            "    raise IOError('No communication with the instrument (no answer)')\n"
            "IOError: No communication with the instrument (no answer)\n")
    assert "modbus_no_answer" in kinds(text, "flash")
    assert first(text) == "SER006"


def test_pymodbus_and_mbpoll_no_answer() -> None:
    assert first("Modbus Error: [Input/Output] No Response received from the remote unit/Unable to decode response") == "SER006"
    assert first("pymodbus.exceptions.ModbusIOException: Modbus Error: [Input/Output] No response received after 3 retries, continue with next request") == "SER006"
    assert first("-- Polling slave 1...\nRead output (holding) register failed: Connection timed out\n") == "SER006"


def test_mbpoll_healthy_poll_is_clean() -> None:
    text = ("mbpoll 1.0-0 - FieldTalk(tm) Modbus(R) Master Simulator\n"
            "Protocol configuration: Modbus RTU\n"
            "\n"
            "-- Polling slave 2...\n"
            "[1]:    672\n")
    assert serious(text) == []
