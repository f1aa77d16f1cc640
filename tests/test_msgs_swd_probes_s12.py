"""Session 12, swd-probes: rows and rules for held-out misses (pyOCD's ST-Link "Debug power error", Keil's ST-Link driver
"Connection refused due to device mismatch", the Black Magic Probe's unknown-device report)."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

PYOCD_DEBUG_POWER = """  File "C:\\Python37\\lib\\site-packages\\pyocd\\probe\\stlink_probe.py", line 114, in connect
    self._link.enter_debug(STLink.Protocol.SWD)
  File "C:\\Python37\\lib\\site-packages\\pyocd\\probe\\stlink\\stlink.py", line 294, in _check_status
    raise exceptions.ProbeError(error_message)
pyocd.core.exceptions.ProbeError: STLink error (11): Debug power error"""


@pytest.mark.parametrize("line", [
    "pyocd.core.exceptions.ProbeError: STLink error (11): Debug power error",
    "0000882 C STLink error (11): Debug power error [__main__]",
])
def test_pyocd_stlink_debug_power_error_is_a_dp_connect_failure(line: str) -> None:
    evs = [e for e in events(line, "openocd") if e["kind"] == "dp_connect_failed"]
    assert evs and evs[0]["ack"] == "power"


def test_pyocd_debug_power_error_is_swd004() -> None:
    assert first(PYOCD_DEBUG_POWER) == "SWD004"
    assert "GEN001" not in serious(PYOCD_DEBUG_POWER)


def test_pyocd_other_stlink_codes_keep_their_reading() -> None:
    text = "0000882 C STLink error (9): Get IDCODE error [__main__]"
    evs = [e for e in events(text, "openocd") if e["kind"] == "dp_connect_failed"]
    assert evs and evs[0].get("ack") is None


@pytest.mark.parametrize("line", [
    "Connection refused due to device mismatch; Device connected to debug unit is different from device selected for project target "
    "STMicroelectronics STM32F103C8.",
    "Connection refused due to device mismatch!",
])
def test_keil_device_mismatch_is_a_clone(line: str) -> None:
    assert "clone_rejected" in kinds(line, "stlink")
    assert first(line) == "SWD007"


def test_keil_genuine_check_then_mismatch_stays_swd007() -> None:
    text = "Not a genuine ST Device! Abort connection\nConnection refused due to device mismatch!"
    assert first(text) == "SWD007"


BMP_UNKNOWN = """Target voltage: 3.07V
Please report unknown device with Designer 0x43b Part ID 0x4c0
Available Targets:
No. Att Driver
*** 1   Unknown ARM Cortex-M Designer 0x43b Part ID 0x4c0 M0+"""


@pytest.mark.parametrize("line", [
    "Please report unknown device with Designer 0x43b Part ID 0x4c0",
    "*** 1   Unknown ARM Cortex-M Designer 0x43b Part ID 0x4c0 M0+",
    # hosted cli.c 1.9-1.10 (no 0x) and 1.8 command.c ("Partno", %3x)
    "***  1 * Unknown ARM Cortex-M Designer 43b Part ID 4c0 M0+",
    "*** 1 Unknown ARM Cortex-M Designer 43b Partno 4c0 M3",
])
def test_bmp_unknown_device_rows(line: str) -> None:
    assert "target_unidentified" in kinds(line, "openocd")


def test_bmp_unknown_device_is_swd007() -> None:
    assert first(BMP_UNKNOWN) == "SWD007"
    assert "GEN001" not in serious(BMP_UNKNOWN)


def test_bmp_known_target_list_is_healthy() -> None:
    text = """(gdb) monitor swdp_scan
Target voltage: 3.3V
Available Targets:
No. Att Driver
 1      STM32F1 medium density M3"""
    assert "target_unidentified" not in kinds(text, "openocd")
    assert serious(text) == []
