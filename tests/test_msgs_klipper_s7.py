"""Klipper's protocol-version mismatch as people paste it (session 7, klipper-host): msgproto.py's own line
"Command format mismatch: <host format> vs <mcu format>" (the same words from 2016 to today), pasted alone, at the
end of klippy's "Protocol error" traceback behind "error: ", or inside a console's framing (OctoPrint's "Recv: // ",
"!! ", a time stamp). Each is the MCU running firmware built from another Klipper version than the host: FW005.
Lines are real (threads named beside them); each test fails without the rows it covers."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream

# Klipper3d/klipper#1683 (2019, OctoPrint): pasted on its own
BARE = ("Command format mismatch: schedule_soft_pwm_out oid=%c clock=%u on_ticks=%u vs schedule_soft_pwm_out "
        "oid=%c clock=%u value=%hu")
# Klipper3d/klipper#3393 (2020): the last line of klippy.log's "Protocol error" traceback
TRACEBACK = ("error: Command format mismatch: schedule_soft_pwm_out oid=%c clock=%u on_ticks=%u off_ticks=%u vs "
             "schedule_soft_pwm_out oid=%c clock=%u on_ticks=%u")


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste")


def kinds(f: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in f.get("klipper", {}).get("log", {}).get("events", [])]


def first_id(f: dict[str, Any]) -> str | None:
    findings = engine.evaluate(f)
    return findings[0].id if findings else None


@pytest.mark.parametrize(
    "text",
    [
        BARE,
        TRACEBACK,
        # the consoles' framing of the same line (OctoPrint's terminal, its "!!" error lines, OctoKlipper's time stamp)
        "Recv: // " + BARE,
        "Recv: !! " + BARE,
        "10:41:36 " + BARE,
        # the newer wording, "mcu 'name': " in front (klipper#4898's line)
        "mcu 'rpi': Command format mismatch: config is_config=%c crc=%u is_shutdown=%c move_count=%hu vs config "
        "is_config=%c crc=%u move_count=%hu is_shutdown=%c",
    ],
)
def test_command_format_mismatch_alone_is_a_stale_mcu(text: str) -> None:
    f = facts(text)
    assert "mcu_command_mismatch" in kinds(f)
    assert first_id(f) == "FW005"


def test_traceback_case_with_the_protocol_error_header() -> None:
    f = facts("Protocol error\nTraceback (most recent call last):\n"
              "  File \"/home/pi/klipper/klippy/msgproto.py\", line 303, in lookup_command\n"
              "    msgformat, mp.msgformat))\n" + TRACEBACK)
    assert "mcu_command_mismatch" in kinds(f)
    assert first_id(f) == "FW005"


def test_unknown_command_alone_is_not_claimed_strongly() -> None:
    # the other msgproto errors stay weak: "Unknown command: M106" is also what a G-code firmware or Klipper's own
    # G-code layer says about a G-code, not about the MCU protocol
    assert "mcu_command_mismatch" not in kinds(facts("Unknown command: M106"))
