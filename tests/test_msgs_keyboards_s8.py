"""The keyboards area, session 8: VIA's WebHID refusals on Linux (the hidraw node without a udev rule), Zephyr's configure step refusing a SHIELD or BOARD and ZMK's workflow/revision mismatch
(zmk-config builds), QMK's dfu / dfu-ee / dfu-split-* make targets failing only in the step after a validated image, and
QMK Toolbox on macOS taking the Bluetooth serial service for the Caterina bootloader. Texts are real pastes (tests/cases)
or lines of them."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import dfu_programmer, keyboard_tools
from doctor.parsers._messages import TableParser
from textkit import events, findings, first, serious


def analyzed(text: str, tmp_path: Any) -> list[str]:
    """The serious findings as `doctor analyze FILE` gives them (analyze_files also lets a later successful run of a
    tool overcome its earlier failed ones, which the stream parser of textkit does not)."""
    from doctor import engine
    from doctor.parsers import analyze_files

    f = tmp_path / "paste.txt"
    f.write_text(text)
    return [x.id for x in engine.evaluate(analyze_files([str(f)])) if x.severity in ("error", "warning")]

NEW_ROWS = [(keyboard_tools.ZmkBuildParser, row) for row in keyboard_tools.ZmkBuildParser.messages
            if any(w in row.pattern for w in ("named '", "Invalid (?P<what>", "choose from among", "qualifiers", "zephyr\\S*/cmake"))]
NEW_ROWS += [(keyboard_tools.KeyboardAppParser, row) for row in keyboard_tools.KeyboardAppParser.messages if "VIA" in row.src]


def test_the_new_rows_are_there() -> None:
    assert len(NEW_ROWS) == 13  # 12 of s8, and (vial-hid-kb s13) VIA's "Fetching v3 definition failed" in the VIA group


@pytest.mark.parametrize(("cls", "row"), NEW_ROWS, ids=lambda x: getattr(x, "name", None) or x.pattern[:40])
def test_every_new_row_matches_its_example(cls: type[TableParser], row: Any) -> None:
    assert row.example
    assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True))


# --- Zephyr / ZMK: a SHIELD or BOARD no module provides -------------------------------------------------------------------

INVALID_SHIELD = """CMake Error at /tmp/zmk-config/zephyr/cmake/modules/shields.cmake:134 (message):
  Invalid SHIELD; see above.
Call Stack (most recent call first):
  /tmp/zmk-config/zephyr/cmake/modules/zephyr_default.cmake:134 (include)
  /tmp/zmk-config/zephyr/share/zephyr-package/cmake/ZephyrConfig.cmake:66 (include)"""


def test_invalid_shield_is_a_failed_build_naming_the_shield() -> None:
    # englmaxi/zmk-config#8: before, GEN001 only
    found = findings(INVALID_SHIELD)
    assert found and found[0].id == "FW005"
    assert "no SHIELD" in found[0].message


def test_a_bare_no_shield_named_line_is_recognised() -> None:
    # carrefinho/prospector-zmk-module#13: before, silent
    text = "No shield named 'prospector_adapter' found"
    assert [e["kind"] for e in events(text, "flash", "zmk")] == ["build_error"]
    assert first(text) == "FW005"


def test_invalid_board_after_the_board_list_is_not_an_sd_board_definition() -> None:
    # Tarakkie_v2's CI log: the board list before it read as SD-flash board names (SD003) before
    text = """adafruit_feather_m4_express
adafruit_itsybitsy_m4_express
adafruit_itsybitsy
CMake Error at /__w/Tarakkie_v2/Tarakkie_v2/zephyr/cmake/modules/boards.cmake:228 (message):
  Invalid BOARD; see above.
Call Stack (most recent call first):
  CMakeLists.txt:9 (find_package)


-- Configuring incomplete, errors occurred!"""
    assert first(text) == "FW005"
    assert "SD003" not in serious(text)


def test_newer_zephyr_wording_with_suggestions_is_the_same_fact() -> None:
    text = """No board named 'stm32_f4ve' found. Did you mean:

stm32f411e_disco
stm32f4_disco"""
    assert [e["kind"] for e in events(text, "flash", "zmk")][:1] == ["build_error"]


def test_the_workflow_and_the_pinned_zmk_of_different_eras() -> None:
    text = """Traceback (most recent call last):
  File "/usr/local/bin/west", line 8, in <module>
    sys.exit(main())
KeyError: 'qualifiers'"""
    found = findings(text)
    assert found and found[0].id == "FW005"
    assert "different versions" in found[0].message


def test_an_unrelated_key_error_is_not_the_workflow_mismatch() -> None:
    text = """Traceback (most recent call last):
  File "x.py", line 3, in <module>
KeyError: 'name'"""
    assert all("different versions" not in f.message for f in findings(text))


# --- QMK's dfu make targets after a validated image ----------------------------------------------------------------------

CAJAL_TAIL = """QMK Firmware 0.12.47
Making walletburner/cajal with keymap default_ortho and target dfu

Copying walletburner_cajal_default_ortho.hex to qmk_firmware folder                                 [OK]
Checking file size of walletburner_cajal_default_ortho.hex                                          [OK]
 * The firmware size is fine - 23292/28672 (81%, 5380 bytes free)
dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again in 5s.
Bootloader Version: 0x00 (0)
Validating...
23292 bytes used (81.24%)
make[1]: *** [tmk_core/avr.mk:137: dfu] Error 1
Make finished with errors
make: *** [Makefile:523: walletburner/cajal:default_ortho:dfu] Error 1"""


def test_the_dfu_target_failing_after_a_validated_image_is_not_a_fault(tmp_path: Any) -> None:
    # qmk_firmware#12858: the new keymap was running; before, GEN001 on the make lines
    assert analyzed(CAJAL_TAIL, tmp_path) == []


@pytest.mark.parametrize("target", ["dfu-ee", "dfu-split-left", "dfu-split-right"])
def test_the_other_dfu_targets_likewise(target: str, tmp_path: Any) -> None:
    text = CAJAL_TAIL.replace("avr.mk:137: dfu]", f"avr.mk:137: {target}]").replace(":default_ortho:dfu]", f":default_ortho:{target}]")
    assert analyzed(text, tmp_path) == []


def test_the_dfu_target_failing_without_a_validated_image_still_fails(tmp_path: Any) -> None:
    text = """dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again in 5s.
Bootloader Version: 0x00 (0)
Checking memory from 0x0 to 0x6FFF... Empty.
Chip already blank, to force erase use --force.
0% 100% Programming 0x6E00 bytes...
[ X ERROR
Memory write error
make[1]: *** [tmk_core/avr.mk:137: dfu] Error 1"""
    assert analyzed(text, tmp_path)


def test_the_after_success_patterns_name_the_dfu_targets() -> None:
    import re
    pats = dfu_programmer._AFTER_SUCCESS
    assert any(re.search(p, "make[1]: *** [tmk_core/avr.mk:137: dfu] Error 1") for p in pats)
    assert any(re.search(p, "make: *** [Makefile:523: walletburner/cajal:default_ortho:dfu] Error 1") for p in pats)
    assert not any(re.search(p, "make[1]: *** [tmk_core/rules.mk:372: .build/obj_x/keymap.o] Error 1") for p in pats)


# --- QMK Toolbox on macOS: the Bluetooth serial service taken for the bootloader's port --------------------------------

def test_toolbox_taking_the_bluetooth_port_is_the_wrong_device() -> None:
    text = """*** Caterina device connected
    Found port: /dev/cu.Bluetooth-Incoming-Port"""
    assert first(text) == "BOOT006"


def test_toolbox_finding_the_boards_port_is_healthy() -> None:
    text = """*** Caterina device connected
    Found port: /dev/cu.usbmodem14101"""
    assert serious(text) == []


# --- VIA (WebHID) on Linux ----------------------------------------------------------------------------------------------

Q11 = """NotAllowedError: Failed to open the device.
Device: Keychron Keychron Q11
Vid: 0x3434
Pid: 0x01E0
17:31:01.047
Received invalid protocol version from device
Device: Keychron Keychron Q11
Vid: 0x3434
Pid: 0x01E0"""


def test_via_refused_to_open_the_device_is_the_hidraw_permission() -> None:
    # Keychron Q11 notes (fix: chown /dev/hidraw*); before, GEN001
    found = findings(Q11)
    assert found and found[0].id == "USB004"
    assert found[0].confidence >= 0.8


def test_via_write_refusal_and_the_device_log_line_are_the_same_fact() -> None:
    assert first("NotAllowedError: Failed to write the report.\nReceived invalid protocol version from device") == "USB004"
    assert [e["kind"] for e in events("Failed to open '/dev/hidraw2': FILE_ERROR_ACCESS_DENIED", "flash", "via")] == ["hid_open_denied"]


def test_a_bare_invalid_protocol_version_ranks_below_an_explicit_refusal() -> None:
    found = findings("Received invalid protocol version from device\nDevice: Keychron Keychron K10 Pro\nVid: 0x3434\nPid: 0x02A0")
    assert found and found[0].id == "USB004" and found[0].confidence < 0.8
