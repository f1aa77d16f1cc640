"""Session 20's speed-ups of the rules part, each checked to be exact.

Conditions run as closures made once per syntax tree (knowledge/closures.py) instead of JMESPath's TreeInterpreter:
every condition and answer of the knowledge base gives the same result (or the same error) both ways, on the facts of a
spread of real cases (every 50th case folder), on every example snapshot, and on JMESPath forms the knowledge base does
not use yet, on values that tell JMESPath's truthiness and equality apart from Python's (0, 1, true, false, '', [], {}).
The whole corpus (tests/cases and tests/misses, 3,498 texts, 3.8 million condition runs, the gate off) was compared the
same way when the closures were written.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import jmespath
import pytest
from jmespath import visitor

from doctor import derive, engine
from doctor.knowledge import OPTIONS, load, search
from doctor.knowledge.closures import closure
from doctor.parsers import analyze_files

from conftest import CASES

ENTRIES = load(strict=False)
COMPILED = [w.compiled for e in ENTRIES for w in e.when] + [a.compiled for e in ENTRIES for a in e.answers]


def _run(fn: Any, view: Any) -> tuple[Any, ...]:
    try:
        result = fn(view)
    except Exception as exc:  # the same error, raised the same way, is part of being the same
        return ("error", type(exc).__name__, str(exc))
    return ("ok", json.dumps(result, sort_keys=True, default=repr))  # json tells true from 1, 0.0 from 0


def _differences(compiled: list[Any], view: Any) -> list[str]:
    out = []
    for c in compiled:
        fn = closure(c.parsed, OPTIONS)
        assert fn is not None, f"no closure for {c.expression!r}"
        slow = _run(lambda v: c.search(v, options=OPTIONS), view)
        fast = _run(fn, view)
        if slow != fast:
            out.append(f"{c.expression[:160]!r} on {str(view)[:80]}: interpreter {slow[:3]} closures {fast[:3]}")
    return out


def _case_view(folder: Any) -> dict[str, Any]:
    facts = analyze_files([str(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != "case.toml"])
    view = dict(facts)
    view["derived"] = derive.derive(facts, [])
    return view


@pytest.mark.parametrize("folder", sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())[3::50], ids=lambda p: p.name)
def test_every_condition_is_the_same_as_the_interpreter_on_real_cases(folder: Any) -> None:
    assert not _differences(COMPILED, _case_view(folder))


def test_every_condition_is_the_same_as_the_interpreter_on_the_examples() -> None:
    bad = []
    for entry in ENTRIES:
        for ex in entry.examples:
            view = dict(ex["facts"])
            view["derived"] = derive.derive(ex["facts"], [])
            bad += _differences(COMPILED, view)
    assert not bad, bad[:5]


# forms and values beyond the knowledge base's: every node type JMESPath's parser makes, and the values where
# JMESPath's rules differ from Python's (0 and 1 against true and false, 0 is true, '' [] {} are false, ordering
# only between numbers or strings, a function's type check)
FORMS = [
    "a", "a.b", "a.b.c", "a[0]", "a[-1]", "a[5]", "a[1:3]", "a[::-1]", "a[*].b", "a[].b", "a[][]", "*.b", "a.*",
    "{x: a, y: b.c}", "[a, b]", "a | b", "a | [0]", "@", "a[?b]", "a[?!b]", "a[?b == `1`]", "a[?b == `0`]",
    "a[?b == `true`]", "a[?b == `false`]", "a[?b != `true`]", "a[?b == 'x']", "a[?'x' == b]", "a[?b != 'x']",
    "a[?b == c]", "a[?b != c]", "a[?b < `1`]", "a[?b >= `0`]", "a[?b > 'a']", "a[?b <= c]", "!a", "!b", "a && b",
    "a || b", "!(a || b) && c", "a[?b && c || !d].b", "contains(a, 'x')", "contains(b || '', 'x')", "length(a)",
    "lower(b)", "matches(b, '^x')", "to_int(b)", "version_lt(b, '1.2')", "sort_by(a, &b)", "max_by(a, &b)",
    "map(&b, a)", "a[?contains(b, 'x')]", "starts_with(b, 'x')", "a[?b].c | [0]", "not_null(b, c)", "[b, c][?@]",
    "a[?b == `[]`]", "a[?b == `{}`]", "a[?b == `null`]", "a[].[b, c]", "a[].{b: b}", "b.c.d", "a[?c.d == 'x']",
    "a[?b == 'x' && c]", "a[?b != 'x' && c]", "a[?'x' == b && !c]", "a[?d == 'x' && c == `0`]", "[b, c][?@ == 'x' && @]",
    "b == 'x' && c", "a[?b == 'x' && c || d]",
]
VALUES = [0, 1, 0.0, 1.0, 2, True, False, None, "", "x", "xy", [], {}, [0], {"d": "x"}]


def _views() -> list[Any]:
    views: list[Any] = [None, 0, "x", [], {}, [1, 2]]
    for b, c in itertools.product(VALUES, VALUES[::2]):
        views.append({"a": [{"b": b, "c": c, "d": b}, {"b": c, "c": b}, None, 3, [b]], "b": b, "c": c})
        views.append({"a": b, "b": c, "c": b})
    return views


@pytest.mark.parametrize("form", FORMS)
def test_the_closures_keep_jmespaths_rules_on_every_form(form: str) -> None:
    compiled = jmespath.compile(form)
    assert not _differences([compiled], None)
    bad = [d for view in _views() for d in _differences([compiled], view)]
    assert not bad, bad[:3]


def test_no_condition_is_walked_by_the_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the gain rests on: a diagnosis runs no condition through TreeInterpreter (each one's closure is made once)."""
    walked = []
    real = visitor.TreeInterpreter.visit

    def counting(self: Any, node: Any, *args: Any, **kwargs: Any) -> Any:
        walked.append(node.get("type"))
        return real(self, node, *args, **kwargs)

    monkeypatch.setattr(visitor.TreeInterpreter, "visit", counting)
    folder = sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())[11]
    facts = analyze_files([str(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != "case.toml"])
    monkeypatch.setattr(engine, "GATE", False)  # every condition runs
    assert engine.evaluate(facts) is not None
    assert search(jmespath.compile("a[?b == 'x']"), {"a": [{"b": "x"}]}) == [{"b": "x"}]
    assert walked == []


def _case_lines(limit: int) -> list[str]:
    lines: list[str] = []
    for p in sorted(CASES.glob("*/*"))[:3000]:
        if p.name != "case.toml":
            lines += p.read_text(encoding="utf-8", errors="replace").splitlines()
    return list(dict.fromkeys(lines))[:limit]


# characters whose lower-casing or case-folding is not one ASCII character for one (the final sigma depends on its
# neighbours, "İ" lowers to two characters, "ß" folds to "ss", the Kelvin sign lowers to "k"), beside plain non-ASCII
_WIDE = ["İ", "ß", "ΣΑΣ ", "K", "Ω", "ﬁ", "•", "“", "é", "０１", "\u00a0", "ǅ"]


def test_a_non_ascii_batch_scans_exactly_like_a_find_per_needle(monkeypatch: Any) -> None:
    """A non-ASCII batch (a forum paste's, nearly always) is narrowed by its pieces too (_wide_shapes), and a long batch
    whose pieces leave many needles is looked through by chunks (_find_chunked): the candidate masks must be those of a
    find over the batch for every needle (the filter turned off), on the case texts' lines with non-ASCII characters
    written into them where lower-casing and case-folding change lengths or are not character by character."""
    from doctor.parsers import _prefilter, load_all
    from doctor.parsers._prefilter import Prefilter

    parsers = load_all()
    lines = _case_lines(6000)
    assert any(not ln.isascii() for ln in lines)
    wide = []
    for k, ln in enumerate(lines[:3000]):
        ch = _WIDE[k % len(_WIDE)]
        at = (k * 7) % (len(ln) + 1)
        wide.append(ln[:at] + ch + ln[at:])
    # letters whose case-folding or lower-casing is ASCII: the Kelvin sign lowers to "k", a long s folds to "s", "ß" to "ss"
    lookalike = [ln.replace("k", "\u212a").replace("K", "\u212a") for ln in lines[600:1400] if "k" in ln.lower()]
    lookalike += [ln.replace("s", "\u017f") for ln in lines[1400:2200] if "s" in ln]
    lookalike += [ln.replace("ss", "ß").replace("SS", "ß") for ln in lines if "ss" in ln.lower()][:500]
    lines += wide + lookalike + [ln.upper() for ln in lines[:300]] + [ln.casefold() for ln in lines[300:600]]
    chunked = []
    real = Prefilter._find_in_chunks  # (session 21: both chunked looks end there; a varied batch no longer passes _find_chunked)
    monkeypatch.setattr(Prefilter, "_find_in_chunks", staticmethod(lambda *a: chunked.append(1) or real(*a)))
    for batch in (lines, lines[:2048], lines[-1500:], wide[:700], lookalike):
        assert not "\n".join(batch).isascii()
        monkeypatch.setattr(_prefilter, "GRAM_FILTER", True)
        filtered = Prefilter(parsers).scan(batch)
        monkeypatch.setattr(_prefilter, "GRAM_FILTER", False)
        plain = Prefilter(parsers).scan(batch)
        assert filtered == plain
    assert chunked  # the chunked look was taken


def test_an_ascii_batch_by_chunks_scans_exactly_like_a_find_per_needle(monkeypatch: Any) -> None:
    from doctor.parsers import _prefilter, load_all
    from doctor.parsers._prefilter import Prefilter

    parsers = load_all()
    lines = [ln for ln in _case_lines(9000) if ln.isascii()][:5000]
    lines += [ln.upper() for ln in lines[:500]]
    filtered = Prefilter(parsers).scan(lines)
    monkeypatch.setattr(_prefilter, "CHUNK_NEEDLES", 10**9)  # the batch's pieces only
    whole = Prefilter(parsers).scan(lines)
    monkeypatch.setattr(_prefilter, "GRAM_FILTER", False)
    plain = Prefilter(parsers).scan(lines)
    assert filtered == whole == plain


def test_compaction_skips_only_runs_whose_folding_would_change_nothing(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """collapse_repeats does not walk again the events of the runs the previous compaction folded and keyed (closed
    runs, unchanged since): the facts are the same as when every run is folded at every compaction, on a forum paste
    of case texts (bench_analyze's) compacted every 8 blocks."""
    import sys
    from pathlib import Path

    from doctor import facts as factmod
    from doctor import parsers

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    try:
        from bench_analyze import write_forum_paste
    finally:
        sys.path.pop(0)
    paste = tmp_path / "paste.txt"
    write_forum_paste(paste, 0.3, seed=11)
    monkeypatch.setattr(parsers, "COMPACT_EVERY", 8)
    walked: list[int] = []
    real = factmod._collapse_events

    def counting(obj: Any, depth: int, done: Any = None) -> None:
        walked.append(depth)
        real(obj, depth, done)

    monkeypatch.setattr(factmod, "_collapse_events", counting)

    def facts() -> str:
        got = parsers.analyze_files([str(paste)])
        got.pop("created", None)
        return json.dumps(got, sort_keys=True, default=repr)

    skipping = facts()
    skipped_walks = len(walked)
    monkeypatch.setattr(factmod, "_collapse_events", lambda obj, depth, done=None: real(obj, depth, None))
    assert facts() == skipping
    assert skipped_walks  # (the wrapper saw the walks)
    walked.clear()
    monkeypatch.setattr(factmod, "_collapse_events", lambda obj, depth, done=None: (walked.append(depth), real(obj, depth, None))[1])
    facts()
    assert skipped_walks < len(walked) / 2  # what the gain rests on: most runs are not walked again
