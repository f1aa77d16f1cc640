"""The failure cues (knowledge/failure_cues.toml, derived.failure_cues): what an unexplained failure line's own words
say, read by the entries' `fallback = true` conditions in the engine's fallback phase only (docs/architecture.md,
"Failure cues").

The engine tests below put a cue's words in a frame doctor has no table for ("zorbo:", an invented tool), which is
what a cue is for; the real lines are the table's examples."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest

from doctor import derive
from doctor.knowledge import load
from textkit import findings, first

ROOT = Path(__file__).resolve().parent.parent
TABLE = tomllib.loads((ROOT / "knowledge" / "failure_cues.toml").read_text(encoding="utf-8"))["cue"]


def _cue_of(line: str) -> str | None:
    for name, _fid, _says, pattern in derive._cue_table():
        if pattern.search(line):
            return name
    return None


@pytest.mark.parametrize("cue", TABLE, ids=[c["name"] for c in TABLE])
def test_every_cue_has_real_examples_that_it_names(cue: dict) -> None:
    assert cue["examples"], f"{cue['name']}: no example line"
    for line, case in cue["examples"]:
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in (ROOT / case).iterdir() if p.name != "case.toml"]
        assert any(line in t for t in texts), f"{cue['name']}: {line!r} is not a line of {case}"
        assert _cue_of(line) == cue["name"], f"{line!r}: the first cue that matches is {_cue_of(line)}, not {cue['name']}"
        expect = tomllib.loads((ROOT / case / "case.toml").read_text(encoding="utf-8"))["expect"]
        assert cue["id"] in expect, f"{case} expects {expect}, not the cue's {cue['id']}"


def test_every_cue_id_has_a_fallback_condition_and_every_such_condition_a_cue() -> None:
    entries = {e.id: e for e in load()}
    cue_ids = {c["id"] for c in TABLE}
    with_condition = set()
    for e in entries.values():
        for w in e.when:
            if "failure_cues" in w.expr:
                assert w.fallback, f"{e.id}: a condition on derived.failure_cues must carry fallback = true"
                assert f"id=='{e.id}'" in w.expr, f"{e.id}: its cue condition names another id: {w.expr}"
                with_condition.add(e.id)
            if w.fallback:
                assert "failure_cues" in w.expr, f"{e.id}: a fallback condition reads derived.failure_cues: {w.expr}"
    assert with_condition == cue_ids


def test_status_lines_and_gpio_pins_are_not_cues() -> None:
    for line in ("Flash ROM read protection: off", "Write Protected: False", "Read protection: disabled",
                 "[  +0.007998] sd 9:0:0:0: [sdc] Write Protect is off",
                 "Can't export GPIO 25, already exported/busy?: Device or resource busy",
                 "Please check input parameters, hardware connections, security bit, target power, and clock"):
        assert _cue_of(line) is None, line


def test_the_order_decides_between_two_cues() -> None:
    # Windows refuses a COM port another program holds with "Access is denied" (SER003), a Unix node's mode gives
    # EACCES (SER004); a locked port is busy, a locked flash is protected
    assert _cue_of("zorbo: could not open port 'COM7': PermissionError(13, 'Access is denied.', None, 5)") == "windows_port_denied"
    assert _cue_of("zorbo: error: cannot open /dev/ttyUSB0: Permission denied") == "tty_permission"
    assert _cue_of("check_lock_status: device is locked by another application") == "port_busy"
    assert _cue_of("WARNING: Your part appears to have flash [read] locked.  Cannot program unless unlocked.") == "flash_protected"


def test_an_unknown_tools_failure_gets_the_cause_its_words_say() -> None:
    text = "zorbo v1.2\nzorbo: error: the adapter is already opened by another program\n"
    found = findings(text)
    assert [f.id for f in found] == ["SER003"]
    assert found[0].severity == "warning" and found[0].confidence == pytest.approx(0.4)
    assert "already opened by another program" in found[0].message


def test_gen001_quotes_only_the_lines_no_cue_explains() -> None:
    text = "zorbo v1.2\nzorbo: error: linker `ldproxy` not found\nzorbo: error: unexpected reply 0x33\n"
    found = findings(text)
    assert [f.id for f in found] == ["TOOL001", "GEN001"]
    gen = found[1]
    assert any("unexpected reply" in line for _, line in gen.evidence)
    assert not any("ldproxy" in line for _, line in gen.evidence)


def test_a_known_finding_leaves_the_cues_unread() -> None:
    # a failure doctor explains (Klipper's Errno 13 on its serial port: SER004) beside a line a cue would read
    text = ("mcu 'mcu': Unable to open serial port: [Errno 13] could not open port /dev/ttyUSB0: [Errno 13] Permission denied: "
            "'/dev/ttyUSB0'\nzorbo: error: linker `ldproxy` not found\n")
    ids = [f.id for f in findings(text)]
    assert ids[0] == "SER004" and "TOOL001" not in ids


def test_the_second_half_of_a_wrapped_message_is_not_read_alone() -> None:
    # nrfjprog wraps WrongFamilyForDeviceError over two ERROR: lines; when the chip did not answer at all (debug port id
    # 0) no entry explains the first half, and the second half's words alone ("does not match the device") must not
    # make it FW002 (tests/test_msgs_rust_zephyr_probes_s13.py)
    text = ("[error] [ Worker] - Encountered unexpected debug port ID 0, expected 6\n"
            "ERROR: The --family option given with the command (or the default from\n"
            "ERROR: nrfjprog.ini) does not match the device connected.\n")
    assert "FW002" not in [f.id for f in findings(text)]


def test_a_healthy_text_gets_no_cue() -> None:
    assert first("zorbo v1.2\nzorbo: wrote 4096 bytes\nzorbo: done\n") is None


@pytest.mark.parametrize("cue", TABLE, ids=[c["name"] for c in TABLE])
def test_cue_patterns_stay_linear_on_hostile_lines(cue: dict) -> None:
    pattern = re.compile(cue["pattern"])
    for unit in ("a ", "/dev/tty", "COM1 ", "flash ", "device ", "permission denied ", "protect", "lock", "- "):
        line = (unit * (500 // len(unit) + 1))[:500]
        start = time.perf_counter()
        pattern.search(line)
        assert time.perf_counter() - start < 0.05, f"{cue['name']}: {unit!r} * 500 took too long"
