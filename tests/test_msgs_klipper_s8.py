"""Klipper's stop banners and the host-side shutdown reasons above them (session 8, klipper-host).

klippy.py's message_restart ends with "Printer is halted" (a config or protocol error), error_mcu.py's message_shutdown
with "Printer is shutdown", message_mcu_connect_error with "Error configuring printer". The consoles (Mainsail, Fluidd,
OctoPrint, KlipperScreen) show them below the real message. A paste that shows such a banner shows a stopped printer:
never silence, and GEN001 quotes the message the banner closes (a reason doctor has no row for, or one retyped). The
reasons klippy itself gives (verify_heater.py, mcu.py's spontaneous restart, tmc_uart.py, tmc.py) have rows of their own.
Lines are real (threads named beside them); each test fails without the rows or the finish() step it covers."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream

# Klipper3d/klipper#2765 (2020, Ender 3 Pro): the message block alone, no banner header, no console prefix
HEATER = ("Heater extruder not heating at expected rate\n"
          "See the 'verify_heater' section in config/example-extras.cfg\n"
          "for the parameters that control this check.\n\n"
          "Once the underlying issue is corrected, use the\n"
          "\"FIRMWARE_RESTART\" command to reset the firmware, reload the\n"
          "config, and restart the host software.\n"
          "Printer is shutdown")
# stalab.fun Neptune 4 Pro write-up: a config error retyped from the screen, flattened, misspelt, names unquoted
RETYPED = ("Option serial in section mcu must be specifiled..Once the underlying issue is corrected,use the RESTART. command "
           "to reload the config and restart the host software..Printer is halted.")
# a reason doctor has no row for (max31865.py's fault text), closed by the banner: GEN001 must quote it, not the banner
UNKNOWN_REASON = ("Klipper reports: SHUTDOWN\n\nMAX31865 RTD input is disconnected\n"
                  "Once the underlying issue is corrected, use the\n\"FIRMWARE_RESTART\" command to reset the firmware, reload the\n"
                  "config, and restart the host software.\nPrinter is shutdown")


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste")


def kinds(f: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in f.get("klipper", {}).get("log", {}).get("events", [])]


def gen001_lines(text: str) -> list[str]:
    findings = engine.evaluate(facts(text))
    assert findings and findings[0].id == "GEN001", [f.id for f in findings]
    return [f.message for f in findings if f.id == "GEN001"] + [str(e) for f in findings if f.id == "GEN001" for e in (f.evidence or [])]


def test_bare_heater_block_is_not_silent_and_quotes_the_heater_line() -> None:
    assert "klipper_shutdown" in kinds(facts(HEATER))
    assert any("not heating at expected rate" in line for line in gen001_lines(HEATER))


def test_retyped_flattened_config_error_is_a_config_error() -> None:
    f = facts(RETYPED)
    assert "config_error" in kinds(f)
    assert any("must be specifiled" in line for line in gen001_lines(RETYPED))


def test_banner_quotes_the_unknown_reason_above_it() -> None:
    lines = gen001_lines(UNKNOWN_REASON)
    assert any("MAX31865 RTD input is disconnected" in line for line in lines), lines


# blakadder/klp1#12 (Kingroon KLP1): the banner retyped from the screen, "Printer is shut down."; error_mcu.py's
# message_mcu_connect_error ends with "Error configuring printer"
@pytest.mark.parametrize("text", ["Printer is halted", "Printer is shut down.", "// Printer is shutdown", "Recv: // Printer is shutdown",
                                  "Error configuring printer"])
def test_a_banner_alone_is_a_stopped_printer(text: str) -> None:
    assert engine.evaluate(facts(text)), f"silent on {text!r}"


def test_banner_then_ready_is_healthy() -> None:
    text = "Send: FIRMWARE_RESTART\nRecv: ok\nRecv: // Printer is shutdown\nRecv: // Klipper state: Ready"
    assert not [f for f in engine.evaluate(facts(text)) if f.severity in ("error", "warning")]


@pytest.mark.parametrize(
    "line",
    [
        "MCU 'mcu' spontaneous restart",  # mcu.py _handle_starting
        "TMC 'stepper_x' reports error: GSTAT:      00000001 reset=1(Reset)",  # tmc.py
        # FYSETC/FYSETC-ERB#5 (2023): klippy.log's wording inside the MMU plugin's own message
        "TMC gear_stepper failed to init: Unable to read tmc uart 'gear_stepper' register IFCNT",
        "Heater heater_bed not heating at expected rate",  # verify_heater.py, any heater's name
    ],
)
def test_host_side_shutdown_reasons_are_failures(line: str) -> None:
    text = f"{line}\nOnce the underlying issue is corrected, use the\n\"FIRMWARE_RESTART\" command to reset the firmware, reload the\nconfig, and restart the host software.\nPrinter is shutdown"
    f = facts(text)
    assert "klipper_shutdown" in kinds(f)
    findings = engine.evaluate(f)
    assert findings and findings[0].id == "GEN001"



def test_dumped_mcu_shutdown_alone_is_not_silent() -> None:
    # Klipper3d/klipper#3365 (2020, SKR 1.4 Turbo): the only line pasted is the serial dump's shutdown message
    text = "Receive: 80 58084.691850 58084.691542 12: seq: 10, shutdown clock=1633143497 static_string_id=Timer too close"
    f = facts(text)
    assert [e.get("reason") for e in f["klipper"]["log"]["events"] if e["kind"] == "mcu_shutdown"] == ["Timer too close"]
    findings = engine.evaluate(f)
    assert findings and findings[0].id == "GEN001" and "Timer too close" in findings[0].message


def test_dumped_is_shutdown_is_an_mcu_shutdown() -> None:
    # OpenNeptune3D/OpenNept4une#382 (2026): a shutdown found at connect, as the dump shows it
    text = "Receive: 99 1068.938690 1068.938103 7: seq: 1e, is_shutdown static_string_id=Missed scheduling of next digital out event"
    assert "mcu_shutdown" in kinds(facts(text))
