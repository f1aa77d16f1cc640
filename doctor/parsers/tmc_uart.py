"""PyTmcStepper (Chr157i4n, formerly TMC2209_Raspberry_Pi): a Python library that drives TMC2208/2209/2240 stepper
drivers from a Raspberry Pi's UART (/dev/serial0, ttyAMA0/ttyS0) or a USB-TTL adapter; users paste the output of its
test and debug scripts (test_script_01_uart_connection.py, debug_script_01_uart_connection.py) when the driver does
not answer.

The driver's single-wire UART echoes the Pi's own request bytes (4) and then adds its reply (8): 12 bytes received is a
working link, 4 (only the echo) a driver that never answers (unpowered, wrong address, RX/TX swapped on a board that
labels them from the driver's side), 0 a TX line that is not connected at all. The library reports these as `did not get
the expected 4 data bytes` (0.1-0.2, 2021-2022), `UART Communication Error: N data bytes | M total bytes` (0.3 and
later, one line or split over three by the logger) and, in the debug script, `the Raspberry Pi received only the sent
bytes` / `did not receive anything`. Those are SER006's silence on a host UART. The working exchange prints `received 12
bytes`, `the Raspberry Pi received the sended bits and the answer from the TMC` and `complete`.
Facts: one run per block under `serial.runs` (tool "pytmcstepper").
"""

from __future__ import annotations

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# the library's prefixes: "TMC2209: " (0.1-0.2 print), "TMC2209_0: " (0.3-0.5 logger), "... - TMC2209 0 - ERROR - "
# (0.6 and later, logging.Formatter with time, name and level)
_WHO = r"(?:\bTMC\d{4}(?:_\d+| \d+)?(?::| - (?:ERROR|WARNING|INFO|DEBUG) -)\s*)"

MESSAGES = rows_of(
    group(
        "PyTmcStepper 0.1-0.2 (TMC2209_Raspberry_Pi, 2021-2022) src/TMC_2209/TMC_2209_uart.py read_int()/handle_error()",
        Msg("uart_no_answer", r"\bTMC\d{4}: did not get the expected 4 data bytes\. Instead got (?P<count>\d+) Bytes", "strong", fail=True,
            convert=(("count", int),), example="TMC2209: did not get the expected 4 data bytes. Instead got 0 Bytes"),
        Msg("uart_no_answer", r"\bafter 10 tries not valid answer\b", "strong", fail=True,
            example="TMC2209: after 10 tries not valid answer. exiting"),
        Msg("uart_no_answer", _WHO + r"No answer from Driver\b", "strong", fail=True,
            example="TMC2209: No answer from Driver"),
        Msg(None, _WHO + r"(?:Init|GPIO Init finished|Init finished|Deinit|TEST UART|TEST COM|Motor output active: \w+)\s*$", "weak",
            example="TMC2209: GPIO Init finished"),
    ),
    group(
        "PyTmcStepper 0.3-0.21 src/tmc_driver/com/_tmc_com_uart_base.py read_int(): the reply is shorter than 12 bytes "
        "or all zero; the logger splits the f-string over three lines",
        Msg("uart_no_answer", r"\bUART Communication Error: (?P<count>\d+) data bytes \| (?P<bytes>\d+) total bytes", "strong", fail=True,
            convert=(("count", int), ("bytes", int)), example="TMC2209: UART Communication Error: 0 data bytes | 4 total bytes"),
        Msg("uart_no_answer", r"\bUART Communication Error:\s*$", "strong", fail=True,
            example="2026-04-02 10:49:08,130 - TMC2209 0 - ERROR - UART Communication Error:"),
        Msg(None, r"^\d+ (?:data bytes \||total bytes)$", "none", example="0 data bytes |"),
        Msg("uart_bad_reply", r"\bUART Communication Error: CRC MISMATCH\b", "strong", fail=True,
            example="TMC2209_0: UART Communication Error: CRC MISMATCH"),
    ),
    group(
        "PyTmcStepper 0.2-0.21 test_uart() (debug_script_01_uart_connection.py): what came back for one request",
        Msg("uart_no_answer", r"\bthe Raspberry Pi received only the (?:sended|sent) (?:bits|bytes)\b", "strong", fail=True,
            example="TMC2209_0: the Raspberry Pi received only the sended bits"),
        Msg("uart_no_answer", r"\bthe Raspberry Pi did not receive anything\b", "strong", fail=True,
            example="2026-01-20 10:00:00,000 - TMC2209 0 - ERROR - the Raspberry Pi did not receive anything"),
        Msg("uart_bad_reply", r"\bthe Raspberry Pi received an unexpected amount of bytes: (?P<count>\d+)", "strong", fail=True,
            convert=(("count", int),), example="TMC2209_0: the Raspberry Pi received an unexpected amount of bytes: 8"),
        Msg("uart_bad_reply", r"\bthe Raspberry Pi did not received? the (?:bits|bytes) it has send\b", "strong", fail=True,
            example="TMC2209_0: the Raspberry Pi did not received the bits it has send. the first 4 bits are different"),
        Msg("uart_bad_reply", r"\bNo correct Version from TMC received\b", "strong", fail=True,
            example="TMC2209_0: No correct Version from TMC received: 0"),
        Msg("uart_answer", r"\bthe Raspberry Pi received the (?:sended|sent) (?:bits|bytes) and the answer from\b", "strong",
            example="TMC2209_0: the Raspberry Pi received the sended bits and the answer from the TMC"),
        Msg(None, r"\bthe Raspberry Pi received exactly the (?:bits|bytes) it has send\b", "strong",
            example="TMC2209_0: the Raspberry Pi received exactly the bits it has send. the first 4 bits are the same"),
        Msg(None, _WHO + r"(?:length (?:snd|rtn): \d+|complete(?: messages:)?|just the first 4 (?:bits|bytes):?|---)\s*$", "weak",
            example="TMC2209_0: length rtn: 12"),
        Msg(None, r"^(?:TMC\d{4}(?:_\d+)?: )?received \d+ bytes; \d+ bits\s*$", "weak", example="received 12 bytes; 96 bits"),
        Msg(None, r"^(?:TMC\d{4}(?:_\d+)?: )?(?:hex: [0-9a-f]*|bin: [01]*)\s*$", "none", example="hex: 550006e805ff0621000041c6"),
    ),
)


@register
class PyTmcStepperParser(TableParser):
    name = "pytmcstepper"
    namespace = "serial"
    messages = MESSAGES
    hints = ("tmc2", "tmc5", "data bytes", "total bytes", "not valid answer", "the raspberry pi", "no answer from driver",
             "received ", "hex: ", "bin: ")
