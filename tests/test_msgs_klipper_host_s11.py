"""Session 11, klipper-host: rows for held-out misses of a failed Klipper firmware build (GCC's internal compiler
error and collect2's "lto-wrapper returned N exit status", GNU make's recipe killed by a signal and make 3.82-4.1's
"recipe for target ... failed")."""

from __future__ import annotations

import pytest

from textkit import facts, first, serious


def build_kinds(text: str) -> list[str]:
    return [e["kind"] for run in facts(text).get("klipper", {}).get("build", {}).get("runs", []) for e in run["events"]]

BUILD_HEAD = """pi@octopi:~/klipper $ make
  Creating symbolic link out/board
  Compiling out/src/sched.o
  Compiling out/src/avr/serial.o
  Building out/compile_time_request.o
Version: v0.6.0-61-gf70fefa-20180510_073612-print
  Linking out/klipper.elf"""

LTO_ICE = BUILD_HEAD + """
lto1: internal compiler error: Segmentation fault
Please submit a full bug report,
with preprocessed source if appropriate.
See <http://gcc.gnu.org/bugs.html> for instructions.
lto-wrapper: avr-gcc returned 1 exit status
collect2: error: lto-wrapper returned 1 exit status
Makefile:87: recipe for target 'out/klipper.elf' failed"""


def test_gcc_lto_internal_compiler_error_in_a_klipper_build_is_fw005() -> None:
    assert "build_error" in build_kinds(LTO_ICE)
    assert first(LTO_ICE) == "FW005"


@pytest.mark.parametrize("line", [
    "lto1: internal compiler error: Segmentation fault",
    "src/sched.c:301:1: internal compiler error: Segmentation fault",
    "collect2: error: lto-wrapper returned 1 exit status",
    "lto-wrapper: avr-gcc returned 1 exit status",
    "Makefile:87: recipe for target 'out/klipper.elf' failed",
    "make: *** [Makefile:86: out/src/sched.o.ctr] Segmentation fault",
    "make: *** [out/klipper.elf] Killed",
    "make: *** [Makefile:72: out/klipper.elf] Aborted (core dumped)",
    "arm-none-eabi-gcc: fatal error: Killed signal terminated program cc1",
])
def test_each_build_crash_line_after_a_klipper_build_is_fw005(line: str) -> None:
    text = BUILD_HEAD + "\n" + line
    assert "build_error" in build_kinds(text)
    assert first(text) == "FW005"


def test_make_signal_crash_at_the_ctr_step_is_fw005() -> None:
    text = """pi@octopi:~/klipper $ make
  Build Kconfig config file
  Creating symbolic link out/board
  Compiling out/src/sched.o
  Compiling out/src/generic/serial_irq.o
make: *** [Makefile:86: out/src/sched.o.ctr] Segmentation fault"""
    assert first(text) == "FW005"


def test_recipe_for_a_non_build_target_is_not_a_build_error() -> None:
    # make 4.1's line for `make flash` (the flash parser's) is not a failed firmware build
    assert "build_error" not in build_kinds("src/stm32/Makefile:55: recipe for target 'flash' failed")


def test_a_clean_klipper_build_stays_quiet() -> None:
    text = BUILD_HEAD + "\n  Creating bin file out/klipper.bin"
    assert serious(text) == []
