"""Session 6 (swd area): message rows and rules added for the held-out round in /work/heldout7/swd.

- stlink-tools 2012-1.5: the other wordings of "unknown coreid" (no chip id in them) are a chip the tool has no flash
  routine for (SWD007), not an unexplained failure.
- two tools of one paste disagree on the chip id (STM32CubeProgrammer reads a real id, stlink-tools an id they do not
  know that is no failed-read pattern): the tool lacks the chip (SWD007), not the wiring.
- Keil uVision's ST-Link/ULINK messages ("Could not stop Cortex-M device!", "Target DLL has been cancelled", "Internal
  command error") are an IDE debug session that could not reach the MCU (SWD004 first, as for CubeIDE and IAR).
- pyOCD "No ACK received" with a separate probe: the target does not answer at all (SWD004 first, with the power and
  wiring questions); with a board's own DAPLink it stays SWD003.
Each test can fail: it names the id a text must get first, or the event a line must give.
"""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.facts import merge, new, runs
from doctor.parsers import parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste.txt")


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return [e for r in runs(parse(text), ns) for e in r["events"]]


def first_id(text: str) -> str | None:
    findings = engine.evaluate(merge(new("analyze"), parse(text)))
    return findings[0].id if findings else None


@pytest.mark.parametrize("line, coreid", [
    ("WARN src/stlink-common.c: unknown coreid 2ba01477, page erase failed", "2ba01477"),
    ("2014-04-23T11:08:32 ERROR src/stlink-common.c: unknown coreid, not sure how to write: 2ba01477", "2ba01477"),
    ("ERROR flash_loader.c: unknown coreid, not sure what flash loader to use, aborting!: 1ba01477", "1ba01477"),
    ("unknown coreid 0x2ba01477, can't check written byte count", "2ba01477"),
])
def test_old_unknown_coreid_wordings_are_a_chip_the_tool_cannot_flash(line: str, coreid: str) -> None:
    evs = [e for e in events(line, "stlink") if e["kind"] == "unknown_coreid"]
    assert evs and evs[0]["coreid"] == coreid
    assert first_id(line + "\nstlink_fwrite_flash() == -1") == "SWD007"


def test_the_newer_coreid_wording_keeps_its_chip_id() -> None:
    line = "2019-02-14T18:14:06 ERROR flash_loader.c: unknown coreid, not sure what flash loader to use, aborting! coreid: 2ba01477, chipid: 430"
    ev = [e for e in events(line, "stlink") if e["kind"] == "unknown_coreid"][0]
    assert ev["chipid"] == "430"
    assert first_id(line) == "SWD007"


ST_INFO_0x90 = """st-flash 1.7.0
2023-11-20T20:17:44 WARN common.c: unknown chip id! 0x90
Failed to connect to target"""
CUBEPROG_467 = """20:19:37 : ST-LINK SN : 066BFF485671664867182946
20:19:37 : ST-LINK FW : V2J43M28
20:19:37 : Voltage : 3.24V
20:19:37 : Device ID : 0x467"""


def test_stlink_tools_and_cubeprogrammer_disagreeing_on_the_id_is_the_tool() -> None:
    assert first_id(ST_INFO_0x90 + "\n\n" + CUBEPROG_467) == "SWD007"
    # without ST's reading the same stlink output stays the wiring's (an id that is no STM32's)
    assert first_id(ST_INFO_0x90) != "SWD007"
    # a failed-read pattern (AIRCR's key) beside ST's reading is no disagreement on the chip
    aircr = "st-flash 1.6.1\n2021-04-06T18:32:05 WARN common.c: unknown chip id! 0x5fa0004\nFailed to connect to target"
    assert first_id(aircr + "\n\n" + CUBEPROG_467) != "SWD007"


@pytest.mark.parametrize("line", [
    "Could not stop Cortex-M device! please check the JTAG cable",
    "Couldn't stop ARM device! Please check the JTAG cable.",
    "Error: Flash Download failed - Target DLL has been cancelled",
    "Erase Failed!Internal command errorInternal command errorError: Flash Download failed - \"Cortex-M4\"Flash Load finished at 15:23:40",
    "Cannot access target. Shutting down debug session.",
])
def test_keil_connect_failures_are_an_ide_session_that_did_not_reach_the_mcu(line: str) -> None:
    evs = [e for e in events(line, "stlink") if e["kind"] == "target_connect_failed"]
    assert evs and evs[0].get("via") == "keil"
    assert first_id(line) == "SWD004"


def test_keil_no_target_connected_with_the_dll_line_puts_the_firmware_first() -> None:
    assert first_id("No target connected.\nError: Flash Download failed - Target DLL has been cancelled") == "SWD004"


def test_keil_flash_download_failed_for_a_core_is_a_program_failure() -> None:
    evs = events('Error: Flash Download failed - "Cortex-M3"', "stlink")
    assert [e["kind"] for e in evs] == ["program_failed"]


def test_pyocd_no_ack_is_a_target_that_does_not_answer() -> None:
    evs = [e for e in events("pyocd.core.exceptions.TransferError: No ACK received", "openocd") if e["kind"] == "dp_connect_failed"]
    assert evs and evs[0]["ack"] == "none"
    assert first_id("pyocd.core.exceptions.TransferError: No ACK received") == "SWD004"
    # other acknowledges (a garbled reply) are no "no answer": not this rule's
    unexpected = [e for e in events("0000795 C Unexpected ACK value (5) returned by probe [__main__]", "openocd")
                  if e["kind"] == "dp_connect_failed"]
    assert unexpected and "ack" not in unexpected[0]
