"""Session 13, octoprint-marlin: Marlin's pins-file #error when the Arduino board / PlatformIO environment built for is
not the MOTHERBOARD's MCU ("Oops!  Make sure you have 'Sanguino' selected ...", "Oops! Select an STM32F1 board ...")."""

from __future__ import annotations

import pytest

from textkit import facts, first, serious


def build_events(text: str) -> list[dict]:
    runs = ((facts(text).get("klipper") or {}).get("build") or {}).get("runs", [])
    return [e for r in runs for e in r["events"]]

ENDER2 = """In file included from sketch/pins_SANGUINOLOLU_12.h:41:0,
                 from sketch/pins_MELZI.h:32,
                 from sketch/pins_MELZI_CREALITY.h:35,
                 from sketch/pins.h:207,
                 from sketch/MarlinConfig.h:40,
                 from sketch/G26_Mesh_Validation_Tool.cpp:27:
pins_SANGUINOLOLU_11.h:55: error: #error "Oops!  Make sure you have 'Sanguino' selected from the 'Tools -> Boards' menu."
   #error "Oops!  Make sure you have 'Sanguino' selected from the 'Tools -> Boards' menu."
    ^
exit status 1"""


@pytest.mark.parametrize("line", [
    # Marlin 1.1.x pins_SANGUINOLOLU_11.h through the Arduino IDE (sketch name and line only)
    "pins_SANGUINOLOLU_11.h:55: error: #error \"Oops!  Make sure you have 'Sanguino' selected from the 'Tools -> Boards' menu.\"",
    # Marlin 2.0.x pins in a PlatformIO build (GCC's file:line:col form)
    "Marlin/src/pins/stm32f1/pins_CREALITY_V4.h:26:4: error: #error \"Oops! Select an STM32F1 board in 'Tools > Board.'\"",
    "Marlin/src/pins/mega/pins_MEGATRONICS.h:29:4: error: #error \"Oops! Select 'Arduino/Genuino Mega or Mega 2560' in 'Tools > Board.'\"",
    "Marlin\\src\\pins\\lpc1768\\pins_RAMPS_RE_ARM.h:41:4: error: #error \"Oops!  Make sure you have LPC1768 selected.\"",
    "Marlin/src/pins/stm32f4/pins_BTT_OCTOPUS_V1_common.h:27:2: error: #error \"Oops! Select BTT_OCTOPUS_446 or BTT_OCTOPUS_407 in platformio.ini -> default_envs\"",
    # Prusa-Firmware's pins file (no quotes in some forks)
    "pins_Einsy_1_0.h:10:4: error: #error Oops!  Make sure you have 'Arduino Mega 2560 or Rambo' selected from the 'Tools -> Boards' menu.",
])
def test_marlin_oops_board_errors_are_fw002(line: str) -> None:
    assert [e for e in build_events(line) if e["kind"] == "build_wrong_board"]
    assert first(line) == "FW002"


def test_marlin_oops_in_an_arduino_build_is_fw002_not_fw005() -> None:
    assert first(ENDER2) == "FW002"
    assert "FW005" not in serious(ENDER2)


def test_the_pins_source_line_alone_is_not_a_build_error() -> None:
    # the #error directive as source (a pasted pins file), not a compiler's diagnostic
    src = "#ifndef __AVR_ATmega2560__\n  #error \"Oops! Select 'Arduino/Genuino Mega or Mega 2560' in 'Tools > Board.'\"\n#endif"
    assert not [e for e in build_events(src) if e["kind"] == "build_wrong_board"]
