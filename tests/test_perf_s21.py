"""Session 21's speed-ups of a forum paste in a fresh process, each checked to be exact.

- The compiled-code cache (`_prefilter._codes`): every pattern it serves is the Pattern re.compile makes (Pattern objects
  compare their engine code), a malformed cache file is not trusted, and `regex` takes it only past CODE_CACHE_AFTER.
- `MessageTable.benign` tries the rows marked benign only: the same answer as asking every row (`match(all_matches=True)`).
- A varied batch's chunk pieces are made once and read with the needles' pieces in one walk (`_present_chunks`): the
  candidate masks are those of a find per needle over the whole batch.
- A pattern whose only literals are in lookaheads (a prose claim) is conditioned on them: a necessary condition on every
  case line the pattern matches.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import CASES


def _case_lines(limit: int) -> list[str]:
    lines: list[str] = []
    for p in sorted(CASES.glob("*/*"))[:3000]:
        if p.name != "case.toml":
            lines += p.read_text(encoding="utf-8", errors="replace").splitlines()
    return list(dict.fromkeys(lines))[:limit]


def test_the_compiled_code_cache_gives_re_compiles_patterns(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.parsers import _prefilter, load_all

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_all()
    assert len(_prefilter._ALL_PATTERNS) > 3000
    made = _prefilter._codes()  # made and written
    assert made is not None and set(made) == set(_prefilter._ALL_PATTERNS)
    files = list((tmp_path / "mcu-doctor").glob("sre-*.json"))
    assert len(files) == 1
    read = _prefilter._codes()  # read back
    assert read is not None and set(read) == set(made)
    re.purge()
    lines = _case_lines(400)
    for k, pattern in enumerate(sorted(read)):
        fresh = re.compile(pattern)
        cached = _prefilter._from_code(pattern, *read[pattern])
        assert cached == fresh, pattern
        assert (cached.groups, cached.groupindex, cached.flags) == (fresh.groups, fresh.groupindex, fresh.flags)
        if k % 7 == 0:  # and they read lines alike
            for line in lines[k % 50::50]:
                a, b = cached.search(line), fresh.search(line)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))
    words = files[0].with_suffix(".bin")
    assert words.stat().st_size == json.loads(files[0].read_text())["bytes"]
    # a code file cut short, or a JSON that is not, is never trusted: made again
    words.write_bytes(words.read_bytes()[:-4])
    again = _prefilter._codes()
    assert again is not None and all(_prefilter._from_code(p, *again[p]) == re.compile(p) for p in list(again)[::97])
    assert words.stat().st_size == json.loads(files[0].read_text())["bytes"]
    files[0].write_text("{not json")
    assert _prefilter._codes() is not None
    words.unlink()
    assert _prefilter._codes() is not None and words.exists()


def test_regex_takes_the_cache_only_past_its_threshold(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.parsers import _prefilter, load_all

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_all()
    pattern = _prefilter._ALL_PATTERNS[7]
    calls: list[str] = []
    real = re.compile
    monkeypatch.setattr(_prefilter.re, "compile", lambda p, *a: calls.append(p) or real(p, *a))
    monkeypatch.setattr(_prefilter, "_code_state", [0, None])
    assert _prefilter._compile(pattern) == real(pattern)  # a short text: compiled, no cache read
    assert calls == [pattern] and _prefilter._code_state[1] is None
    monkeypatch.setattr(_prefilter, "_code_state", [_prefilter.CODE_CACHE_AFTER, None])
    calls.clear()
    assert _prefilter._compile(pattern) == real(pattern)  # past the threshold: from the cache
    assert _prefilter._code_state[1] and pattern not in calls


def test_benign_asks_the_benign_rows_only_and_answers_alike() -> None:
    from doctor.parsers import _messages, load_all

    load_all()
    lines = [ln.strip() for ln in _case_lines(20000)]
    words = ("error", "fail", "warn", "not ", "cannot", "unable", "timeout", "denied", "invalid")
    lines = [ln for ln in lines if any(w in ln.lower() for w in words)][:1500]
    benign_tables = [t for t in _messages.TABLES if any(r.benign for r in t.rows)]
    assert benign_tables
    seen_true = 0
    for table in benign_tables:
        table._memo.clear()  # (what earlier tests in this process parsed)
        table._benign_memo.clear()
        for line in lines:
            got = table.benign(line)
            assert not table._memo  # the whole table was not run for it
            assert got == any(row.benign for row, _ in table.match(line, all_matches=True)), (table.rows[0].pattern, line)
            table._memo.clear()
            seen_true += got
    assert seen_true  # some lines are benign somewhere


def test_a_varied_batch_reads_its_chunks_once_and_scans_like_a_find_per_needle(monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.parsers import _prefilter, load_all
    from doctor.parsers._prefilter import Prefilter

    parsers = load_all()
    lines = _case_lines(7000)
    early: list[int] = []
    real = Prefilter._present_chunks
    monkeypatch.setattr(Prefilter, "_present_chunks", lambda self, *a: early.append(1) or real(self, *a))
    for batch in (lines[:2048], lines[2048:4096], [ln for ln in lines if ln.isascii()][:3000], lines[-700:]):
        monkeypatch.setattr(_prefilter, "GRAM_FILTER", True)
        filtered = Prefilter(parsers).scan(batch)
        monkeypatch.setattr(_prefilter, "GRAM_FILTER", False)
        plain = Prefilter(parsers).scan(batch)
        assert filtered == plain
    assert early  # the one-walk look was taken


def test_a_pattern_whose_literals_are_all_in_lookaheads_is_conditioned_on_them() -> None:
    from doctor.parsers import _messages, _prefilter, load_all

    parsers = load_all()
    patterns = {r.pattern for t in _messages.TABLES for r in t.rows} | {p for cls in parsers for p in (*cls.strong, *cls.weak)}
    changed = []
    for src in sorted(patterns):
        tree = _prefilter._P.parse(src, 0)
        icase = bool(tree.state.flags & _prefilter._C.SRE_FLAG_IGNORECASE)
        if _prefilter._best(list(tree), icase) is None and _prefilter.condition(src)[0] == "any":
            changed.append(src)
    assert len(changed) >= 5  # the prose claims of the DFU/bootloader and "tried the same" kind
    lines = _case_lines(30000)
    lines += [ln.upper() for ln in lines[:2000]] + [ln.lower() for ln in lines[2000:4000]]
    for src in changed:
        kind, arg = _prefilter.condition(src)
        rx = re.compile(src)
        for line in lines:
            if rx.search(line):
                assert _prefilter.cond_holds(kind, arg, line), (src, line)
