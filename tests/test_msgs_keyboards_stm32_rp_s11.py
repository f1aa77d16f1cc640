"""Session 11, keyboards-stm32-rp: QMK's split-keyboard debug console (`qmk console` on the master half). The serial
link's failures (drivers/serial.c, platforms/chibios/drivers/serial_protocol.c: "SPLIT: receiving handshake failed";
quantum/split_common/transactions.c and transport.c: "Failed to execute slave_matrix", "Target disconnected, throttling
connection attempts") are SER006 when the halves never connect, and nothing when "Target connected" follows."""

from __future__ import annotations

import pytest

from textkit import first, kinds, serious

NEVER = """SPLIT: receiving handshake failed
Failed to execute slave_matrix
Target disconnected, throttling connection attempts"""

HARITE = """Ψ Console Connected: Dane Lipscombe harite (FEED:0000:1)
Dane Lipscombe:harite:1: Failed to execute slave_matrix
Dane Lipscombe:harite:1: Target disconnected, throttling connection attempts
Dane Lipscombe:harite:1: Failed to execute slave_matrix
Dane Lipscombe:harite:1: Target disconnected, throttling connection attempts
Dane Lipscombe:harite:1: Target connected"""


def test_split_link_never_connects_is_ser006() -> None:
    assert "split_transport_failed" in kinds(NEVER, "flash")
    assert first(NEVER) == "SER006"


@pytest.mark.parametrize("line", [
    "SPLIT: sending handshake failed",
    "SPLIT: receiving buffer failed",
    "Acme:corne:1: SPLIT: sending buffer failed",
    "Dane Lipscombe:harite:1: Target disconnected, throttling connection attempts",
])
def test_each_split_failure_wording_alone_is_ser006(line: str) -> None:
    assert first(line) == "SER006"


def test_split_failures_before_target_connected_are_the_other_half_booting() -> None:
    assert "split_target_connected" in kinds(HARITE, "flash")
    assert serious(HARITE) == []
