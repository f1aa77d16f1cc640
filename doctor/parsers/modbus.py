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
        Msg(None, r"^MinimalModbus debug mode\. ", "strong",
            example="MinimalModbus debug mode. Response from instrument: '' () (0 bytes), roundtrip time: 51.0 ms. Timeout setting: 50.0 ms."),
    ),
    group(
        "pymodbus 1.x-2.x client/sync.py / transaction.py (`No Response received from the remote unit/Unable to decode response`), "
        "3.x transaction (`No response received after %d retries`)",
        Msg("modbus_no_answer", r"\[Input/Output\] No Response received from the remote (?:unit|slave|device)", "strong", fail=True,
            example="Modbus Error: [Input/Output] No Response received from the remote unit/Unable to decode response"),
        Msg("modbus_no_answer", r"(?i)\[Input/Output\] No response received after \d+ retries", "strong", fail=True,
            example="pymodbus.exceptions.ModbusIOException: Modbus Error: [Input/Output] No response received after 3 retries, continue with next request"),
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
