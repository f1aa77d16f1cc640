"""Round s12, area can-kat-rp: rows and rules added for the held-out threads of that round. Lines are real (from the
threads and the tools' sources); each test can fail."""

from __future__ import annotations

from typing import Any

from doctor.parsers import parse_stream
from tests.textkit import first, serious


def can_kinds(text: str) -> list[str]:
    can: dict[str, Any] = parse_stream(iter(text.strip("\n").splitlines()), "t.txt").get("can") or {}
    out = list(can.get("events") or [])
    for q in can.get("queries") or []:
        out += q.get("events") or []
    return [e["kind"] for e in out]


# Adafruit_CircuitPython_MCP2515 adafruit_mcp2515/__init__.py: send() with all three transmit buffers pending
MCP2515_CP = """\
Sending...
🔴 MSG tx_err=128 rx_err=0
MSG b'505A1' len=5
-------------------------
Sending...
Traceback (most recent call last):
  File "code.py", line 53, in <module>
  File "code.py", line 26, in can_send_msg
  File "adafruit_mcp2515/__init__.py", line 398, in send
RuntimeError: No transmit buffer available to send
"""


def test_circuitpython_mcp2515_no_transmit_buffer_is_the_bus_not_acknowledging() -> None:
    assert "can_tx_buffers_full" in can_kinds(MCP2515_CP)
    assert first(MCP2515_CP) == "CAN004"
    assert "CAN006" not in serious(MCP2515_CP)  # no host transmit queue between the library and the controller


def test_the_bare_library_line_alone() -> None:
    assert first("RuntimeError: No transmit buffer available to send") == "CAN004"


def test_python_can_socketcan_transmit_buffer_full_is_not_the_mcp2515_row() -> None:
    # python-can's SocketCAN ENOBUFS (canbus_query parser) stays its own event, read by the host-queue rules
    assert "can_tx_buffers_full" not in can_kinds("can.exceptions.CanOperationError: Transmit buffer full")


def test_candump_controller_problem_error_frame_stays_can004() -> None:
    text = " (1681229878.879041)  can1  RX - -  20000004   [8]  00 00 00 00 00 00 00 00   ERRORFRAME\n\tcontroller-problem{}\n"
    assert first(text) == "CAN004"
