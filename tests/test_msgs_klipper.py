"""Message tables of the Klipper / Katapult area: Katapult's flashtool.py (and CanBoot's flash_can.py) and
Klipper's state messages as Mainsail, Fluidd and OctoPrint show them. Lines are real (from the tools' sources
and from pasted threads); each test can fail."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import parse_stream
from doctor.parsers.katapult import MESSAGES as KATAPULT_ROWS, KatapultParser
from doctor.parsers.klipper_console import MESSAGES as CONSOLE_ROWS, KlipperConsoleParser


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste")


def runs(text: str) -> list[dict[str, Any]]:
    return facts(text)["katapult"]["runs"]


def log_events(text: str) -> list[dict[str, Any]]:
    return facts(text)["klipper"]["log"]["events"]


@pytest.mark.parametrize("row", [r for r in (*KATAPULT_ROWS, *CONSOLE_ROWS) if r.example], ids=lambda r: r.pattern[:40])
def test_every_row_matches_its_example(row: Any) -> None:
    parser = KatapultParser if row in KATAPULT_ROWS else KlipperConsoleParser
    matched = [r for r, _ in parser.table.match(row.example.strip(), all_matches=True)]
    assert row in matched


@pytest.mark.parametrize(
    "text,command",
    [
        # flashtool.py 2024-2025, the exception line present
        ("Attempting to connect to bootloader\nERROR:root:Flash Tool Error\nFlashError: Error sending command [CONNECT] to Device", "CONNECT"),
        # CanBoot's flash_can.py: Can Read Error during CONNECT, the `finally` clause's COMPLETE fails last
        ("Attempting to connect to bootloader\nERROR:root:Can Read Error\nTraceback (most recent call last):\n…\n"
         "FlashCanError: Error sending command [COMPLETE] to Can Device", "CONNECT"),
        # a traceback cut off before its exception line: the last send_command frame tells
        ("Katapult Connected\nFlashing '/home/admin/klipper/out/klipper.bin'...\n\n[ERROR:root:Flash Tool Error\n"
         "Traceback (most recent call last):\n  File \"/home/admin/katapult/scripts/flashtool.py\", line 427, in send_file\n"
         "    resp = await self.send_command('SEND_BLOCK', prefix +\n...", "SEND_BLOCK"),
        # 2025-07 and later: the write failure names the address
        ("Katapult Connected\nFlashError: Flash write failed, flash address 0x8020000", "SEND_BLOCK"),
    ],
)
def test_failed_command_in_every_wording(text: str, command: str) -> None:
    run = runs(text)[-1]
    assert run["failed_command"] == command
    assert run["success"] is False


def test_progress_bar_glued_to_the_error_line() -> None:
    run = runs("Katapult Connected\nMCU type: stm32h723xx\n[######ERROR:root:Flash Tool Error")[0]
    assert "katapult_error" in [e["kind"] for e in run["events"]]
    assert run["mcu"] == "stm32h723xx"


def test_one_run_per_invocation_with_arguments() -> None:
    text = """~/klipper $ ~/katapult/scripts/flashtool.py -i can0 -q -v
Resetting all bootloader node IDs…
Detected UUID: fc7c3907fd17, Application: Klipper
Query Complete
~/klipper $ ~/katapult/scripts/flashtool.py -i can0 -u fc7c3907fd17 -f ~/klipper/out/klipper.bin
Sending bootloader jump command…
Attempting to connect to bootloader
ERROR:root:Can Read Error
FlashCanError: Error sending command [COMPLETE] to Can Device"""
    query, flash = runs(text)
    assert query["mode"] == "query" and query["success"] is True
    assert (flash["interface"], flash["uuid"], flash["device"]) == ("can", "fc7c3907fd17", "can0")
    assert flash["failed_command"] == "CONNECT"


def test_canboot_flash_can_success_and_usb_request() -> None:
    ok = runs("CanBoot Connected\nBlock Size: 64 bytes\nApplication Start: 0x8002000\nWrite complete: 13 pages\n"
              "Verification Complete: SHA = 68F2BECD8F5259EC79195152106770D87BCD6D4D\nCAN Flash Success")[0]
    assert ok["success"] is True and ok["address"] == 0x8002000 and ok["block_size"] == 64 and ok["verified"]
    req = runs("Flashing Serial Device /dev/serial/by-id/usb-Klipper_stm32h723xx_37-if00, baud 250000\n"
               "Detected USB device running Klipper\nRequesting USB bootloader for /dev/serial/by-id/usb-Klipper_stm32h723xx_37-if00...\n"
               "Waiting for USB Reconnect...Katapult detected\nFlash Success")[0]
    assert req["success"] is True and req["interface"] == "serial" and req["baud"] == 250000


def test_device_errors_carry_the_device() -> None:
    parser = KatapultParser("paste")
    for n, line in enumerate(["Connecting to Serial Device /dev/serial/by-id/usb-Katapult_rp2040_E6-if00, baud 250000",
                              "FlashError: No Serial Device found at /dev/serial/by-id/usb-Katapult_rp2040_E6-if00"], start=1):
        parser.feed(n, line)
    run = parser.finish()["katapult"]["runs"][0]
    ev = [e for e in run["events"] if e["kind"] == "katapult_no_device"][0]
    assert ev["device"] == "/dev/serial/by-id/usb-Katapult_rp2040_E6-if00"
    assert len([e for e in run["events"] if e.get("fail")]) == 1  # the exception line is not counted twice


BANNER_NEW = """Klipper reports: ERROR

MCU Protocol error

This is frequently caused by running an older version of the
firmware on the MCU(s). Fix by recompiling and flashing the
firmware.

Your Klipper version is: v0.12.0-166-g957475421
MCU(s) which should be updated:
mcu: Current version v0.12.0-178-g7e8c7f46
eddy: Current version v0.12.0-206-g3078912f
Up-to-date MCU(s):
<none>

mcu 'eddy': Unknown command: ldc1612_ng_start_stop"""

BANNER_OLD = """mcu 'mcu': Command format mismatch: config is_config=%c crc=%u vs config is_config=%c crc=%u move_count=%hu

This type of error is frequently caused by running an older
version of the firmware on the micro-controller (fix by
recompiling and flashing the firmware).

Known versions: host=v0.10.0-130-g68c92991, mcu=v0.10.0-112-g9ecddd1b
Protocol error connecting to printer"""


@pytest.mark.parametrize("text", [BANNER_NEW, BANNER_OLD, "> " + BANNER_NEW.replace("\n", "\n> ")], ids=["2022+", "v0.10", "quoted"])
def test_protocol_error_banner_in_both_wordings(text: str) -> None:
    events = log_events(text)
    kinds = [e["kind"] for e in events]
    assert "mcu_protocol_error" in kinds and "mcu_command_mismatch" in kinds
    stale = [e for e in events if e["kind"] == "mcu_version" and e.get("state") == "stale"]
    assert stale and all(e["expected"] for e in stale)


def test_console_prefixes_are_recognised() -> None:
    events = log_events("!! MCU 'mcu' shutdown: Timer too close\n// Klipper state: Shutdown\n!! Lost communication with MCU 'nhk'")
    shut = [e for e in events if e["kind"] == "mcu_shutdown"]
    assert shut and shut[0]["reason"] == "Timer too close" and shut[0]["name"] == "mcu"
    assert [e["name"] for e in events if e["kind"] == "mcu_lost_communication"] == ["nhk"]


def test_healthy_banner_says_nothing() -> None:
    out = facts("Printer is ready\nKlipper state: Ready")
    events = (out.get("klipper", {}).get("log", {}) or {}).get("events", [])
    assert not [e for e in events if e.get("fail")]
