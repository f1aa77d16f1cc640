"""Session 11, can-katapult: a flashtool.py flash to a USB device already running Katapult whose output stops before
CONNECT answered (no timeout, error or result) is a stall (the `stalled` summary field). The Sovol SV08 mainline threads
resolve it several ways (an open Mainsail session, nothing found, Katapult reinstalled), so it is GEN001's warning with
the step that narrows it down, not a guessed SER003. A UART target, a finished run, a bootloader request and a run that
printed CONNECT timeouts are not stalls."""

from __future__ import annotations

import pytest

from textkit import facts, first, serious

KATAPULT_DEV = "/dev/serial/by-id/usb-katapult_stm32f103xe_35FFD6054748303416732457-if00"


def _runs(text: str) -> list[dict]:
    return facts(text)["katapult"]["runs"]


@pytest.mark.parametrize("tail", [
    ["Detected USB device running Katapult"],
    ["Detected USB device running Katapult", "Attempting to connect to bootloader"],
    ["Detected USB device running Katapult", "Detected Klipper binary version v0.12.0-458-gd886c176, MCU: stm32f103xe"],
])
def test_flash_stopping_before_connect_on_a_katapult_usb_device_is_gen001(tail: list[str]) -> None:
    text = "\n".join([f"Flashing Serial Device {KATAPULT_DEV}, baud 250000", *tail])
    assert _runs(text)[0].get("stalled") == "connect"
    assert first(text) == "GEN001"
    assert serious(text) == ["GEN001"]


def test_newer_wording_on_a_ttyacm_path_reads_the_usb_detection_line() -> None:
    text = "\n".join([
        "Connecting to Serial Device /dev/ttyACM0, baud 250000",
        "Detected USB device running Katapult",
        "Attempting to connect to bootloader",
    ])
    assert first(text) == "GEN001"


def test_a_uart_target_that_stops_at_connect_gets_no_katapult_usb_reading() -> None:
    text = "Connecting to Serial Device /dev/ttyS0, baud 250000\nAttempting to connect to bootloader"
    assert _runs(text)[0].get("stalled") == "connect"
    assert "GEN001" not in serious(text)


def test_connect_timeouts_are_not_a_stall() -> None:
    text = "\n".join([
        f"Flashing Serial Device {KATAPULT_DEV}, baud 250000",
        "Attempting to connect to bootloader",
        "INFO:root:Response for command CONNECT timed out, 4 tries remaining",
    ])
    assert "stalled" not in _runs(text)[0]


@pytest.mark.parametrize("text", [
    "\n".join([
        "Connecting to Serial Device /dev/ttyACM2, baud 230400",
        "Attempting to connect to bootloader",
        "Katapult Connected",
        "MCU type: stm32f103xe",
        "Flashing '/home/orangepi/klipper/out/klipper.bin'...",
        "Write complete: 34 pages",
        "Verification Complete: SHA = 9A0A75F1987338EE8D4E1A5736E793B1E63E8914",
        "Programming Complete",
    ]),
    "\n".join([
        f"~/katapult/scripts/flashtool.py -d {KATAPULT_DEV} -r",
        f"Connecting to Serial Device {KATAPULT_DEV}, baud 250000",
        "Detected USB device running Katapult",
        "Bootloader Request Complete",
    ]),
    "\n".join([
        f"python3 flashtool.py -d {KATAPULT_DEV} -r",
        f"Connecting to Serial Device {KATAPULT_DEV}, baud 250000",
        "Detected USB device running Katapult",
    ]),
])
def test_finished_runs_and_bootloader_requests_are_not_stalls(text: str) -> None:
    assert not any(r.get("stalled") for r in _runs(text))
    assert not serious(text)


def test_a_failed_build_before_the_hang_stays_fw005_first() -> None:
    text = "\n".join([
        "make: *** [Makefile:84: out/compile_time_request.o] Error 255",
        "mv: cannot stat '/home/biqu/klipper/out/klipper.bin': No such file or directory",
        "",
        "Flashing Klipper to HOST MCU.",
        "",
        "Connecting to Serial Device /dev/serial/by-id/usb-katapult_stm32f103xe_36FFDB05334D413225731751-if00, baud 250000",
        "Detected USB device running Katapult",
    ])
    assert first(text) == "FW005"
