"""Rows and rules added for the Modbus RTU / RS-485 round (session 16): MinimalModbus, pymodbus, Home Assistant's modbus
integration and Supervisor, EdgeX device-modbus, ebusd."""

from __future__ import annotations

from tests.textkit import first, kinds, serious

# MinimalModbus 1.x-2.1 debug mode: two requests both answered (7 bytes each); "Timeout for reading" is only the setting
MINIMALMODBUS_ANSWERED = """MinimalModbus debug mode. Create serial port /dev/ttyUSB0
MinimalModbus debug mode. Will write to instrument (expecting 7 bytes back): 02 03 03 EC 00 01 45 88 (8 bytes)
MinimalModbus debug mode. Clearing serial buffers for port /dev/ttyUSB0
MinimalModbus debug mode. No sleep required before write. Time since previous read: 20340262.24 ms, minimum silent period: 2.01 ms.
MinimalModbus debug mode. Response from instrument: 02 03 02 00 C7 BD D6 (7 bytes), roundtrip time: 0.1 ms. Timeout for reading: 1000.0 ms."""

# MinimalModbus 0.x debug mode: the answer shown as a repr and as hex
MINIMALMODBUS_07_ANSWERED = """MinimalModbus debug mode. Writing to instrument (expecting 7 bytes back): '\\x01\\x03\\x00\\x00\\x00\\x01\\x84\\n' (01 03 00 00 00 01 84 0A)
MinimalModbus debug mode. Response from instrument: '\\x01\\x03\\x02\\x00\\x00\\xb8D' (01 03 02 00 00 B8 44) (7 bytes), roundtrip time: 76.4 ms. Timeout setting: 10000.0 ms."""

# ... and the same debug line with nothing received, then the exception: still the slave never answering
MINIMALMODBUS_NO_ANSWER = """MinimalModbus debug mode. Response from instrument: '' () (0 bytes), roundtrip time: 51.0 ms. Timeout setting: 50.0 ms.
IOError: No communication with the instrument (no answer)"""

# pymodbus 3.7 logs the exception text only: the unrelated `serial` package shadows pyserial (pymodbus#2293)
PYMODBUS_SERIAL_SHADOWED = """>>> client = ModbusSerialClient('COM6', baudrate=9600)
>>> client.connect()
2024-08-15 11:07:41,014 ERROR logging:115 module 'serial' has no attribute 'serial_for_url'
False"""

# pymodbus 3.1-3.5 without pyserial (imported under suppress(ImportError)): NameError in client/serial.py
PYMODBUS_NAMEERROR = """Traceback (most recent call last):
  File "/home/u/.local/lib/python3.10/site-packages/pymodbus/client/serial.py", line 206, in connect
    self.socket = serial.serial_for_url(
NameError: name 'serial' is not defined"""

PYMODBUS_TRANSPORT_NAMEERROR = "WARNING:pymodbus.logging:Failed to connect UNKNOWN EXCEPTION name 'serial' is not defined"

# pymodbus 3.6+ client/serial.py
PYMODBUS_REQUIRES_PYSERIAL = 'RuntimeError: Serial client requires pyserial Please install with "pip install pyserial" and try again.'

# pyserial serialposix.py: a port string that is no path (a TCP port number given as the serial port)
PYSERIAL_PORT_NUMBER = "WARNING logging:108 Failed to start server [Errno 2] could not open port 502: [Errno 2] No such file or directory: '502'"

# Home Assistant Supervisor refusing an add-on's device option
SUPERVISOR_NO_DEVICE = "Device '/dev/ttyUSB0' does not exist in Sunsynk Inverter Add-on (dev) (4bb530c7_hass-addon-sunsynk-dev)."

# EdgeX device-modbus-go driver.go for an RTU device
EDGEX_NO_SUCH_FILE = ('level=INFO ts=2020-11-09T16:08:21.589754748Z app=edgex-device-modbus source=driver.go:111 '
                      'msg="Read command OpenConnection failed. err:no such file or directory \\n"')
EDGEX_PERMISSION = "Read command OpenConnection failed. err:open /dev/ttyUSB0: permission denied"

# ebusd: flock refused (another ebusd holds the tty) and open() failed
EBUSD_LOCKED = """2019-08-05 01:15:58.708 [bus error] unable to open /dev/ttyUSB0: ERR: generic device error
2019-08-05 01:15:58.709 [bus notice] bus started with own address 31/36
2019-08-05 01:15:58.709 [bus notice] device invalid"""
EBUSD_NOT_FOUND = "2021-03-01 10:00:00.000 [bus error] unable to open /dev/ttyUSB1: ERR: element not found"

# Home Assistant modbus integration: slave (device) 0 is the broadcast address; another slave is the line's question
HA_SLAVE_0 = """Logger: homeassistant.components.modbus.modbus
Source: components/modbus/modbus.py:318
integration: Modbus (documentation, issues)

Pymodbus: EM_Heizung: Error: device: 0 address: 1024 -> Modbus Error: [Input/Output] ERROR: No response received after 3 retries"""
HA_SLAVE_1 = "Pymodbus: hub1: Error: device: 1 address: 28310 -> Modbus Error: [Input/Output] ERROR: No response received after 3 retries"
PYMODBUS_ERROR_RETRIES = "pymodbus.exceptions.ModbusIOException: Modbus Error: [Input/Output] ERROR: No response received after 3 retries"


def test_minimalmodbus_answers_are_healthy() -> None:
    assert serious(MINIMALMODBUS_ANSWERED) == []
    assert serious(MINIMALMODBUS_07_ANSWERED) == []


def test_minimalmodbus_zero_bytes_is_still_no_answer() -> None:
    assert first(MINIMALMODBUS_NO_ANSWER) == "SER006"


def test_pymodbus_pyserial_shadowed_or_missing_is_tool001() -> None:
    assert first(PYMODBUS_SERIAL_SHADOWED) == "TOOL001"
    assert first(PYMODBUS_NAMEERROR) == "TOOL001"
    assert first(PYMODBUS_TRANSPORT_NAMEERROR) == "TOOL001"
    assert first(PYMODBUS_REQUIRES_PYSERIAL) == "TOOL001"


def test_port_string_that_is_no_path() -> None:
    assert "serial_no_such_port" in kinds(PYSERIAL_PORT_NUMBER, "serial")
    assert first(PYSERIAL_PORT_NUMBER) == "SER005"


def test_supervisor_device_missing() -> None:
    assert first(SUPERVISOR_NO_DEVICE) == "SER005"


def test_edgex_open_connection() -> None:
    assert first(EDGEX_NO_SUCH_FILE) == "SER005"
    assert first(EDGEX_PERMISSION) == "SER004"


def test_ebusd_open_failures() -> None:
    assert first(EBUSD_LOCKED) == "SER003"
    assert first(EBUSD_NOT_FOUND) == "SER005"


def test_home_assistant_slave_0_is_broadcast() -> None:
    assert first(HA_SLAVE_0) == "GEN001"
    assert "SER006" not in serious(HA_SLAVE_0)
    assert first(HA_SLAVE_1) == "SER006"
    assert first(PYMODBUS_ERROR_RETRIES) == "SER006"


# dbus-serialbattery (Venus OS): the start-up probe tries every BMS driver; the misses before one connects are expected
SERIALBATTERY_CONNECTED = """@4000000065ace83e192f1afc ERROR:SerialBattery:>>> ERROR: No reply - returning
@4000000065ace83e19f608c4 INFO:SerialBattery:Testing LltJbd
@4000000065ace83e38f0a324 ERROR:SerialBattery:>>> ERROR: No reply - returning
@4000000065ace83e398fb5cc INFO:SerialBattery:Testing Renogy at address "\\x30"
@4000000065ace83f1652784c ERROR:SerialBattery:>>> ERROR: No reply - returning
@4000000065ace83f2a2e39b4 INFO:SerialBattery:Testing Seplos
@4000000065ace84100f6f89c INFO:SerialBattery:Connection established to Seplos
@4000000065ace84101074094 INFO:SerialBattery:Battery Seplos connected to dbus from /dev/ttyUSB1"""

SERIALBATTERY_NONE = """2024-07-03 22:21:09.305412500 INFO:SerialBattery:Testing Jkbms
2024-07-03 22:21:09.579215500 ERROR:SerialBattery:>>> ERROR: No reply - returning
2024-07-03 22:21:11.283218500 ERROR:SerialBattery:>>> ERROR: Incorrect Reply
2024-07-03 22:21:13.557328500 ERROR:SerialBattery:>>> No battery connection at /dev/ttyUSB0"""


def test_serialbattery_probe_misses_before_a_connection_are_healthy() -> None:
    assert "bms_connected" in kinds(SERIALBATTERY_CONNECTED, "serial")
    assert serious(SERIALBATTERY_CONNECTED) == []


def test_serialbattery_no_battery_is_still_a_failure() -> None:
    assert "bms_not_found" in kinds(SERIALBATTERY_NONE, "serial")
    assert serious(SERIALBATTERY_NONE) == ["GEN001"]
