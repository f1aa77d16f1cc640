"""Digit-blind patterns answer once per line shape (doctor/parsers/_prefilter.py `digit_blind`, `_matches`;
doctor/parsers/_messages.py `MessageTable._match`): a log's lines come back with other time stamps, pids and
addresses, and a pattern that treats every digit alike answers for the line with its digits read as 0."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from doctor.parsers import REGISTRY, load_all
from doctor.parsers._messages import MessageTable, Msg
from doctor.parsers._prefilter import _DIGITS_AS_0, Prefilter, digit_blind

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("pattern,blind", [
    (r"\d+", True), (r"[0-9a-fA-F]+", True), (r"^usb \d+-[\d.]+: ", True), (r"[^\s:]+", True), (r"\bx{2,3}\b", True),
    (r"Code 43", False), (r"[1-9]\d*", False), (r"(\w)\1", False), (r"(?P<a>\d)(?P=a)", False), (r"[^5]", False),
    (r"(?!0)\d", False), (r"0x0000", False), (r"read/(?:64|8|all)", False),
])
def test_a_pattern_is_blind_only_when_every_digit_is_alike_to_it(pattern: str, blind: bool) -> None:
    assert digit_blind(pattern) is blind


def _case_lines() -> list[str]:
    lines: list[str] = []
    for p in sorted(CASES.glob("*/*")):
        if p.name != "case.toml":
            lines += p.read_text(encoding="utf-8", errors="replace").splitlines()
    return [ln for ln in dict.fromkeys(lines) if any(c.isdigit() for c in ln)]


def test_every_blind_pattern_answers_a_case_line_as_it_answers_its_shape() -> None:
    """Soundness over the real tables: each pattern digit_blind calls blind matches a case line exactly when it
    matches the line with its digits read as 0, and with its digits changed at random."""
    load_all()
    rng = random.Random(3)
    lines = _case_lines()
    sample = rng.sample(lines, min(1500, len(lines)))
    variants = [(ln, ln.translate(_DIGITS_AS_0), re.sub(r"\d", lambda _: str(rng.randint(0, 9)), ln)) for ln in sample]
    patterns = sorted({p for cls in REGISTRY for p in (*cls.strong, *cls.weak)} | {
        r.pattern for cls in REGISTRY for r in (cls.__dict__.get("messages") or ())})
    blind = [p for p in patterns if digit_blind(p)]
    assert len(blind) > len(patterns) // 2  # most of the tables: otherwise the memo buys little
    wrong = []
    for p in blind:
        rx = re.compile(p)
        for line, shape, other in variants:
            a = rx.search(line) is not None
            if a != (rx.search(shape) is not None) or a != (rx.search(other) is not None):
                wrong.append((p, line))
                break
    assert wrong == []


def test_a_line_again_with_other_digits_costs_no_blind_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line differs only in its numbers: the blind patterns do not run again, and the answer is the same."""
    pf = Prefilter(load_all())
    i = next(k for k, p in enumerate(pf.parsers) if p.__name__ == "KernelLogParser")
    first = "Dec  6 10:00:01 mainsailos CRON[4242]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)"
    again = "Dec  6 11:17:59 mainsailos CRON[9876]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)"
    assert pf._matches(i, 2, first) is False
    runs: list[int] = []
    real = Prefilter._any_matches

    def counted(pats: list[tuple[str, str, object]], line: str) -> bool:
        runs.append(len(pats))
        return real(pats, line)

    monkeypatch.setattr(Prefilter, "_any_matches", staticmethod(counted))
    assert pf._matches(i, 2, again) is False
    blind, others = pf._split[(i, 2)]
    assert blind and runs == ([len(others)] if others else [])


def test_a_table_gives_the_same_rows_and_fields_for_a_line_with_other_digits() -> None:
    table = MessageTable((
        Msg("page_erased", r"^Flash page at addr: (?P<addr>0x[0-9a-f]+) erased"),
        Msg("chip_id_zero", r"chipid: 0x0000"),
        Msg("chip_id", r"chipid: (?P<id>0x[0-9a-f]{4})"),
    ))
    assert [(r.kind, m.group("addr")) for r, m in table.match("Flash page at addr: 0x08000800 erased")] == [("page_erased", "0x08000800")]
    assert [(r.kind, m.group("addr")) for r, m in table.match("Flash page at addr: 0x08001000 erased")] == [("page_erased", "0x08001000")]
    assert [r.kind for r, _ in table.match("chipid: 0x0413")] == ["chip_id"]
    assert [r.kind for r, _ in table.match("chipid: 0x0000")] == ["chip_id_zero"]  # the same shape, a row that tells digits apart
    assert [r.kind for r, _ in table.match("chipid: 0x0000", all_matches=True)] == ["chip_id_zero", "chip_id"]
    assert [r.kind for r, _ in table.match("chipid: 0x0451", all_matches=True)] == ["chip_id"]


def test_blindness_comes_from_the_start_up_cache_only_when_it_is_sound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """preload() writes each pattern's digit_blind answer beside its condition (reading the parsed forms again cost
    0.1 s a run) and reads it back; a file of the wrong shape is ignored and the answers worked out again."""
    import json

    from doctor.parsers import _prefilter

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(_prefilter, "_CONDITIONS", {})
    monkeypatch.setattr(_prefilter, "_BLIND", {})
    patterns = [r"Code 43", r"^usb \d+-[\d.]+: "]
    _prefilter.preload(patterns)
    files = list((tmp_path / "mcu-doctor").glob("blind-*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text()) == [False, True]  # sorted patterns
    files[0].write_text(json.dumps([True, False]))  # altered, to show a later run reads it
    monkeypatch.setattr(_prefilter, "_BLIND", {})
    _prefilter.preload(patterns)
    assert digit_blind(r"Code 43") is True
    for bad in ([True], ["yes", False], {"a": 1}, "not a list"):
        files[0].write_text(json.dumps(bad))
        monkeypatch.setattr(_prefilter, "_BLIND", {})
        _prefilter.preload(patterns)
        assert digit_blind(r"Code 43") is False and digit_blind(r"^usb \d+-[\d.]+: ") is True
