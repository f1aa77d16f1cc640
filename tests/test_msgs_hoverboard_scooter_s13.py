"""Session 13, hoverboard-scooter: ST-LINK Utility's "Can not connect to target!" popup as threads retype it, without
its "!" (Gen2 hoverboard, Lime scooter controller threads), read as the failed connect it is; st-flash's and J-Link's
neighbouring wordings stay theirs."""

from __future__ import annotations

import pytest

from textkit import events, first, serious


@pytest.mark.parametrize("line", [
    "Can not connect to target",
    "Can not connect to target.",
    '"Can not connect to target"',
    "14:04:17 : Can not connect to target",
])
def test_retyped_stlink_utility_connect_failure_is_a_failed_connect(line: str) -> None:
    assert [e["kind"] for e in events(line, "stlink")] == ["target_connect_failed"]
    assert first(line) in ("SWD002", "SWD004")
    assert "GEN001" not in serious(line)


def test_stlink_utility_popup_with_its_advice_stays_swd004() -> None:
    text = """20:00:04 : Can not connect to target!
Please select "Connect Under Reset" mode from Target->Settings menu and try again.
If you're trying to connect to a low frequency application , please select a lower SWD Frequency mode from Target->Settings menu.
20:00:05 : No target connected"""
    assert first(text) == "SWD004"


def test_st_flash_connect_under_reset_wording_is_not_the_utility_row() -> None:
    line = "2023-01-01T10:00:00 WARN common.c: Can not connect to target. Please use 'connect under reset' and try again"
    assert "target_connect_failed" not in [e["kind"] for e in events(line, "stlink")]
    assert first(line) == "SWD004"


def test_jlink_cannot_connect_is_not_the_utility_row() -> None:
    assert "target_connect_failed" not in [e["kind"] for e in events("Cannot connect to target.", "stlink")]
