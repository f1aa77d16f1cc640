"""A paste reshaped by a web page or a mail client diagnoses like the tool's own text (benchmarks/paste_shapes.py).

The cases below each lost their diagnosis under one shape before forum typography and a shared indentation were
folded back (doctor/parsers/_reader.py `_plain`, doctor/parsers/__init__.py `_dedent_batch`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from doctor.parsers import _reader
from doctor.parsers import _dedent_batch, _undecorate_batch, _unwrap_batch
from doctor.parsers import _Matcher, registry_order
from textkit import benchmark

ROOT = Path(__file__).resolve().parent.parent
paste_shapes = benchmark("paste_shapes")

BROKEN_BEFORE = {
    "curly": ["aos-upload-st-flash-150-win10-couldnt-find-stlink-v2-utility-works", "arduino-169-macos-nano-bluetooth-port-resource-busy"],
    "nbsp": ["arduino-blackpill-f411-cubeprog-214-target-device-not-found-running-cdc", "arduino-cli-166-linux-port-does-not-exist-tiocmget"],
    "entities": ["aos-upload-st-flash-150-win10-couldnt-find-stlink-v2-utility-works", "arduino-169-macos-nano-bluetooth-port-resource-busy"],
    "ellipsis": ["healthy-arduino-cli-uno-avrdude63-verbose-header-linux", "healthy-qmk-fc660c-dfu-programmer-retries-then-validated"],
    "dash": ["can-mcp251x-probe-error-34-oscillator-out-of-range", "dfu-util-on-rp2040-bootsel-2e8a-0003-sb2209-katapult"],
    "indent4": ["arduino-cli-021-ubuntu-micro-connecting-to-programmer-hangs", "arduino-ide-win7-model01-1200bps-ports-unchanged-com36-not-found",
                "mcu-command-format-mismatch-old-wording-ender3v2"],
    "stamp": ["can-orangepi-zero2-can0-down-at-boot", "katapult-make-no-rule-timer-irq-broken-checkout",
              "dfu-util-09-macos-f415-erase-page-not-correctly-executed-aborted-rdp-regression", "can-write-no-buffer-txqueuelen-slcan"],
    "wrap80": ["qmk-dfu-programmer-061-no-force-option-usage", "arduino-169-macos-nano-bluetooth-port-resource-busy",
               "stflash-131-f103-0xe0042000-only-with-reset-held"],
}


@pytest.mark.parametrize("shape,case", [(s, c) for s, cs in BROKEN_BEFORE.items() for c in cs])
def test_reshaped_case_keeps_its_diagnosis(shape: str, case: str) -> None:
    hit, first, expect = paste_shapes.case_hits(ROOT / "tests" / "cases" / case, paste_shapes.SHAPES[shape])
    assert hit, f"{case} as {shape}: expected {expect}, doctor said {first}"


def test_typography_folds_to_the_tools_ascii() -> None:
    text = "mcu \u2018mcu\u2019: Unable\u00a0to connect\u2026 avrdude \u2013c usbasp &quot;x&quot; \u200bok"
    assert _reader._plain(text) == "mcu 'mcu': Unable to connect... avrdude -c usbasp \"x\" ok"
    assert _reader._plain("a && b; plain ascii") == "a && b; plain ascii"  # no entity: untouched


def test_shared_indentation_is_removed_only_when_every_line_has_it() -> None:
    assert _dedent_batch(["    a", "", "      b", "\t"]) == ["a", "", "  b", ""]
    assert _dedent_batch(["Traceback (most recent call last):", '  File "x"']) == ["Traceback (most recent call last):", '  File "x"']
    assert _dedent_batch(["  a", "\tb"]) == ["  a", "\tb"]  # no shared prefix: as it was


def test_lines_cut_at_a_console_width_are_joined_and_keep_their_numbers() -> None:
    cut = ["x" * 79 + "a", "bc", "short", "y" * 79 + "z", "end"]
    assert _unwrap_batch(cut, {}) == (["x" * 79 + "abc", "short", "y" * 79 + "zend"], {1: 1, 3: 1})  # 3: after the last
    one = ["x" * 79 + ".", "Next line"]  # a single line at 80 columns may be just that long: left alone when
    assert _unwrap_batch(one, {}) == (one, {})  # nothing shows a cut (tests/test_wrapped_pastes_s12.py: when it does)
    rules = ["=" * 80, "text", "=" * 80, "more"]  # rulers drawn at the console width are not cut lines
    assert _unwrap_batch(rules, {}) == (rules, {})


def _unstamp(lines: list[str]) -> list[str]:
    return _undecorate_batch(lines, _Matcher(registry_order()).prefilter)


def test_list_markers_and_inline_code_ticks_are_read_past() -> None:
    pasted = ["- `dfu-util: No DFU capable USB device available`", "* avrdude: stk500_recv(): programmer is not responding",
              "`mcu 'mcu': Unable to connect`"]
    assert _unstamp(pasted) == ["dfu-util: No DFU capable USB device available", "avrdude: stk500_recv(): programmer is not responding",
                                "mcu 'mcu': Unable to connect"]
    own = ["** Programming Started **", "** Programming Finished **", "*** DFU device connected"]  # OpenOCD's, QMK Toolbox's own stars
    assert _unstamp(own) == own


def test_time_stamps_before_every_line_are_read_past() -> None:
    stamped = ["[12:34:56.789] avrdude: ser_open(): can't open device \"/dev/ttyUSB0\": Permission denied",
               "2024-01-02 03:04:05,123 - dfu-util: No DFU capable USB device available", "", "12:34:57 -> can0: <NOARP,ECHO> mtu 16"]
    assert _unstamp(stamped) == ["avrdude: ser_open(): can't open device \"/dev/ttyUSB0\": Permission denied",
                                 "dfu-util: No DFU capable USB device available", "", "can0: <NOARP,ECHO> mtu 16"]


def test_stamps_a_tool_prints_itself_and_the_kernels_stay() -> None:
    utility = ["12:25:10 : ST-LINK SN : 066DFF485550755187121640", "12:25:10 : Can not read memory!"]  # ST-LINK Utility's own
    assert _unstamp(utility) == utility
    dmesg = ["[  12.345678] usb 1-1: device descriptor read/64, error -71", "[  12.400000] usb usb1-port1: unable to enumerate USB device"]
    assert _unstamp(dmesg) == dmesg
    few = ["avrdude: stk500_recv(): programmer is not responding", "avrdude done.  Thank you.", "12:00:00 start"]  # a stamp on a minority
    assert _unstamp(few) == few
