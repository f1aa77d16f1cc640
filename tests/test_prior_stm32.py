"""Issue 9 item 6 (ambiguity stays honest), the stm32-swd family (dfu-util, stlink-tools, OpenOCD, STM32CubeProgrammer,
stm32flash, pyOCD, J-Link, probe-rs/probe-run, Windows driver forms): a bare failing line, with nothing else in the paste,
gets first the cause the resolved threads show most often for exactly that text. Each row names the counts it rests on
(the comment beside the rule in knowledge/entries says the same); the other causes stay in the finding's question."""

from __future__ import annotations

import pytest

from textkit import findings

BARE = [
    # STM32CubeProgrammer 'Error: Data read failed' alone: SWD006 3, BOOT006 1 of 4 threads
    ("14:29:24 : Error: Data read failed", "SWD006"),
    ("Error: Data read failed", "SWD006"),
    # probe-run 'no probe was found' alone: BOOT006 4 of 4 threads (one also SWD001)
    ("$ probe-run --list-probes\nError: no probe was found.", "BOOT006"),
    ("probe-run --list-probes\nError: no probe was found.\n\nCommon reasons for this are faulty cables or missing permissions.",
     "BOOT006"),
]


@pytest.mark.parametrize("text,first", BARE, ids=[f"{i}-{f}" for i, (_, f) in enumerate(BARE)])
def test_bare_line_gets_the_corpus_majority_first(text: str, first: str) -> None:
    found = findings(text)
    assert found and found[0].id == first, [(f.id, f.confidence) for f in found[:3]]


def test_bare_data_read_failed_keeps_the_dfu_reading_as_its_question() -> None:
    found = findings("Error: Data read failed")
    assert found[0].ask and "BOOT006" in found[0].ask and "RDP" in found[0].ask


def test_probe_rs_no_probe_stays_a_missing_probe() -> None:
    # probe-rs (not probe-run): its threads with this line were udev or probe firmware, not a board on its own USB
    found = findings("$ probe-rs list\nError: no probe was found.")
    assert found and found[0].id == "SWD001"


def test_probe_run_with_a_probe_listed_is_not_the_wrong_device() -> None:
    # an ST-Link seen on the bus: the probe is there, so it is not a board on its own USB port
    text = ("$ lsusb\nBus 001 Device 005: ID 0483:3748 STMicroelectronics ST-LINK/V2\n"
            "$ probe-run --list-probes\nError: no probe was found.")
    found = findings(text)
    assert found and found[0].id != "BOOT006"
