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


def test_a_function_argument_of_any_type_is_called_directly_and_answers_like_call_function() -> None:
    import jmespath

    from doctor import knowledge
    from doctor.knowledge import closures

    functions = knowledge.OPTIONS.custom_functions
    direct = closures._direct(functions, "contains", 2)
    assert direct is not None  # `contains(subject, search)`: its search is any value
    assert all(type(v) in direct[1][1] for v in ("x", 1, None, [1], {"a": 1}, 2.5, True))
    for expr in ("contains(line, 'fail')", "contains(tags, kind)", "contains(line, `3`)", "to_string(n)", "to_array(n)"):
        tree = jmespath.compile(expr).parsed
        fn = closures.closure(tree, knowledge.OPTIONS)
        assert fn is not None
        for facts in ({"line": "it failed", "tags": ["a", "b"], "kind": "b", "n": 3}, {"line": None, "tags": "abc", "kind": "b"},
                      {"line": 5, "tags": [None], "kind": None, "n": [1]}, {"line": ["fail", 3], "tags": {"b": 1}, "kind": "b", "n": "x"}):
            try:
                want: Any = ("value", jmespath.compile(expr).search(facts, options=knowledge.OPTIONS))
            except Exception as exc:  # noqa: BLE001 - the same error either way (a TypeError from `in` too)
                want = ("error", type(exc))
            try:
                got: Any = ("value", fn(facts))
            except Exception as exc:  # noqa: BLE001 - the same error either way (a TypeError from `in` too)
                got = ("error", type(exc))
            assert got == want, (expr, facts)


def test_cached_condition_trees_are_trusted_under_the_key_naming_the_fields_they_were_checked_against(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from doctor import knowledge

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    knowledge._load.cache_clear()
    try:
        first = knowledge.load(strict=False)
        files = list((tmp_path / "mcu-doctor").glob("jmespath-*.json"))
        assert len(files) == 1
        trees = json.loads(files[0].read_text())
        expr = first[0].when[0].expr
        trees[expr] = {"type": "field", "children": [], "value": "no_such_field_s21b"}
        files[0].write_text(json.dumps(trees))
        knowledge._load.cache_clear()
        again = knowledge.load(strict=False)  # checked when written: not walked again
        assert again[0].when[0].compiled.parsed["value"] == "no_such_field_s21b"
        # a process whose fields differ reads another file, and checks the trees it makes
        monkeypatch.setattr(knowledge.schema, "known_fields", lambda: set())
        knowledge._load.cache_clear()
        with pytest.raises(knowledge.KnowledgeError):
            knowledge.load(strict=False)
    finally:
        knowledge._load.cache_clear()
