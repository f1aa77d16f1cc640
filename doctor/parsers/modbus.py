"""Modbus RTU masters on a serial port as a message table: MinimalModbus, pymodbus, mbpoll / libmodbus.

What they print when the slave never answers a request (the port opened, the request went out, nothing came back):
MinimalModbus `NoResponseError: No communication with the instrument (no answer)` (its debug mode shows the `Response
from instrument: '' () (0 bytes)`), pymodbus `Modbus Error: [Input/Output] No Response received from the remote
unit/slave` (2.x) or `No response received after N retries` (3.x), mbpoll/libmodbus `Connection timed out`. Facts: one
run per block under `flash.runs` (tool "modbus") with a `modbus_no_answer` event. Resolved threads of a slave that never
answers are mostly the line (A/B or TX/RX swapped, a null-modem where a straight cable belongs, no common ground, the
host's serial console on the UART), then the frame settings (baud, parity) and the slave address.
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "MinimalModbus 0.7-2.x minimalmodbus.py _communicate() (IOError in 0.x, NoResponseError in 1.x-2.x)",
        Msg("modbus_no_answer", r"No communication with the instrument \(no answer\)", "strong", fail=True,
            example="minimalmodbus.NoResponseError: No communication with the instrument (no answer)"),
        # (modbus-rs485 s16) debug mode's report of an answer: 0.x "Response from instrument: '...' (01 03 ...) (7 bytes), roundtrip
        # time: 76.4 ms. Timeout setting: 50.0 ms.", 1.x-2.1 _communicate() "Response from instrument: {_describe_bytes(answer)},
        # roundtrip time: {:.1f} ms. Timeout for reading: {:.1f} ms." The word Timeout is the read timeout it used; with one
        # byte or more an answer came (0 bytes is followed by NoResponseError, the row above)
        Msg(None, r"^MinimalModbus debug mode\. Response from instrument: .{0,600}\([1-9]\d* bytes\), roundtrip time: [\d.]+ ms\. "
            r"Timeout (?:for reading|setting): [\d.]+ ms", "strong", benign=True,
            example="MinimalModbus debug mode. Response from instrument: 02 03 02 00 C7 BD D6 (7 bytes), roundtrip time: 0.1 ms. Timeout for reading: 1000.0 ms."),
        Msg(None, r"^MinimalModbus debug mode\. ", "strong",
            example="MinimalModbus debug mode. Response from instrument: '' () (0 bytes), roundtrip time: 51.0 ms. Timeout setting: 50.0 ms."),
    ),
    group(
        # (modbus-rs485 s16) Home Assistant's modbus integration logs each failed pymodbus call with the slave it addressed:
        # "Pymodbus: <hub>: Error: device: <slave> address: <register> -> <pymodbus error>" (2024.x-2025.x; home-assistant/core
        # #119505, #115348). Slave 0 is Modbus' broadcast address, which no slave answers: the pymodbus 3.6+ that
        # 2024.4 brought no longer waits for a reply to it, so a configuration left at `slave: 0` reads nothing from then on
        "Home Assistant homeassistant/components/modbus/modbus.py (2024.1-2025.x) async_pb_call error log",
        Msg("modbus_no_answer", r"Pymodbus: [^:]{1,80}: Error: device: (?P<slave>\d{1,3}) address: (?P<address>\d+) -> Modbus Error: "
            r"\[Input/Output\] (?:ERROR: )?No [Rr]esponse received", "strong", fail=True, convert=(("slave", int), ("address", int)),
            example="Pymodbus: EM_Heizung: Error: device: 0 address: 1024 -> Modbus Error: [Input/Output] ERROR: No response received after 3 retries"),
    ),
    group(
        "pymodbus 1.x-2.x client/sync.py / transaction.py (`No Response received from the remote unit/Unable to decode response`), "
        "3.x transaction (`No response received after %d retries`)",
        Msg("modbus_no_answer", r"\[Input/Output\] No Response received from the remote (?:unit|slave|device)", "strong", fail=True,
            example="Modbus Error: [Input/Output] No Response received from the remote unit/Unable to decode response"),
        Msg("modbus_no_answer", r"(?i)\[Input/Output\] No response received after \d+ retries", "strong", fail=True,
            example="pymodbus.exceptions.ModbusIOException: Modbus Error: [Input/Output] No response received after 3 retries, continue with next request"),
        # pymodbus 3.1-3.7 client/base.py async_execute: ModbusIOException(f"ERROR: No response received after {self.retries} retries")
        Msg("modbus_no_answer", r"(?i)\[Input/Output\] ERROR: No response received after \d+ retries", "strong", fail=True,
            example="Modbus Error: [Input/Output] ERROR: No response received after 3 retries"),
    ),
    group(
        "mbpoll 1.x (libmodbus 3.1 modbus_strerror): a read or write that timed out; libmodbus debug `ERROR Connection timed out: select`",
        Msg("modbus_no_answer", r"^(?:Read|Write) .{3,60} failed: Connection timed out", "strong", fail=True,
            example="Read output (holding) register failed: Connection timed out"),
        Msg("modbus_no_answer", r"^ERROR Connection timed out: select", "strong", fail=True,
            example="ERROR Connection timed out: select"),
        Msg(None, r"^mbpoll \d+\.\d+(?:-\d+)? - FieldTalk\(tm\) Modbus\(R\) Master Simulator", "strong",
            example="mbpoll 1.0-0 - FieldTalk(tm) Modbus(R) Master Simulator"),
        Msg(None, r"^-- Polling slave \d+", "weak", example="-- Polling slave 2..."),
    ),
)


@register
class ModbusParser(TableParser):
    name = "modbus"
    namespace = "flash"
    messages = MESSAGES
    hints = ("no communication with the instrument", "minimalmodbus", "[input/output]", "connection timed out", "fieldtalk",
             "polling slave")
