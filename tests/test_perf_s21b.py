"""Session 21's second perf round (a forum paste in a fresh process), each cut checked to be exact.

- `Prefilter._any_matches` reads a pattern list's conditions through an index made once per list (`_prefilter._gate`):
  its prefixes in one `startswith`, its distinct literals in one C loop. It runs the same regexes, in the same order,
  as the loop over each pattern's condition did, and answers alike.
- `derive._stands` looks a failure line up in the recovered runs' merged spans (`derive._spans`, a bisection) instead of
  comparing it with every run: the same answer as the look at every run.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from conftest import CASES


def _case_lines(limit: int) -> list[str]:
    lines: list[str] = []
    for p in sorted(CASES.glob("*/*"))[:3000]:
        if p.name != "case.toml":
            lines += p.read_text(encoding="utf-8", errors="replace").splitlines()
    return list(dict.fromkeys(lines))[:limit]


def _loop(patterns: list[tuple[str, str, Any]], line: str, ran: list[str]) -> bool:
    """The loop `_any_matches` was before the index (session 21's first round): each pattern's condition, then its regex."""
    from doctor.parsers._prefilter import regex

    folded = None
    for src, kind, arg in patterns:
        if kind == "prefix":
            if not line.startswith(arg):
                continue
        elif kind == "any":
            for lit, lit_folded in arg:
                if lit_folded:
                    if folded is None:
                        folded = line.casefold()
                    if lit in folded:
                        break
                elif lit in line:
                    break
            else:
                continue
        ran.append(src)
        if regex(src).search(line):
            return True
    return False


def test_any_matches_runs_the_loops_regexes_in_its_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.parsers import _prefilter, load_all
    from doctor.parsers._prefilter import Prefilter

    pf = Prefilter(load_all())
    lists = [got for i in range(len(pf.patterns)) for strength in pf.patterns[i]
             for got in pf._splits(i, strength) if got]
    assert len(lists) > 50
    kinds = {kind for pats in lists for _, kind, _ in pats}
    assert {"prefix", "any", "always"} <= kinds
    lines = _case_lines(6000)
    lines += [ln.upper() for ln in lines[:300]] + ["", "  ", "İSTANBUL ſtraße ﬁle"]
    ran: list[str] = []
    real = _prefilter.regex
    monkeypatch.setattr(_prefilter, "regex", lambda src: ran.append(src) or real(src))
    hits = 0
    for k, pats in enumerate(lists):
        for line in lines[k % 13::13]:
            ran.clear()
            got = Prefilter._any_matches(pats, line)
            by_index = list(ran)
            ran.clear()
            monkeypatch.setattr(_prefilter, "regex", real)
            expected_ran: list[str] = []
            expected = _loop(pats, line, expected_ran)
            monkeypatch.setattr(_prefilter, "regex", lambda src: ran.append(src) or real(src))
            assert got == expected, (pats[:3], line)
            assert by_index == expected_ran, line
            hits += got
        assert _prefilter._GATES[id(pats)][0] is pats  # the index is made once per list and kept with it
    assert hits > 100


def test_stands_reads_the_merged_spans_like_every_run() -> None:
    from doctor import derive

    rng = random.Random(21)
    for _ in range(300):
        recovered = []
        for _ in range(rng.randint(0, 12)):
            first = rng.randint(1, 80)
            recovered.append((rng.choice(["a.txt", "b.log", None]), first, first + rng.randint(0, 15)))
        overcome = {("a.txt", rng.randint(1, 100)) for _ in range(3)}
        spans = derive._spans(recovered)
        for lineno in [*range(0, 100), None, "7"]:
            for src in ("a.txt", "b.log", None, "c"):
                rec = {"source": src, "lineno": lineno, "line": "x"}
                brute = not ((src, lineno) in overcome or (
                    isinstance(lineno, int) and any(s == src and a <= lineno <= b for s, a, b in recovered)))
                assert derive._stands(rec, overcome, spans) == brute, (recovered, rec)
