"""The gate in front of each condition (doctor/gate.py): it skips a search only when the search could not match.

Checked two ways: the reading of JMESPath forms that could fool it, each against the real search on facts that
make it true and false; and every condition of the knowledge base against the unguarded search on the facts of a
spread of real cases (every 40th case folder, and every example snapshot), where a condition that matches must
never be one the gate would skip. The whole corpus was checked the same way when the gate was written (session 17:
tests/cases and tests/misses, 3,250 texts, no condition skipped that would have matched).
"""

from __future__ import annotations

from typing import Any

import jmespath
import pytest
from jmespath.exceptions import JMESPathError

from doctor import derive, engine, gate
from doctor.knowledge import OPTIONS, load, search

from conftest import CASES


def _need(expr: str) -> gate.Need:
    return gate.need(jmespath.compile(expr), OPTIONS)


def _can_match(expr: str, facts: dict[str, Any]) -> bool:
    n = _need(expr)
    return gate.holds(n, gate.present(facts, gate.Wants([n])))


def _matches(expr: str, facts: dict[str, Any]) -> bool:
    return engine._truthy(search(jmespath.compile(expr), facts))


RUN_K = {"flash": {"runs": [{"tool": "esptool", "events": [{"kind": "k", "line": "x"}]}]}}
RUN_NO_K = {"flash": {"runs": [{"tool": "esptool", "events": [{"kind": "other", "line": "x"}]}]}}


@pytest.mark.parametrize("expr,facts,matches", [
    # a filter needs its literal; without it the search is empty and the gate says so
    ("flash.runs[].events[?kind == 'k'][]", RUN_K, True),
    ("flash.runs[].events[?kind == 'k'][]", RUN_NO_K, False),
    ("flash.runs[].events[] | [?kind == 'k'] | [:1]", RUN_K, True),
    ("flash.runs[?tool == 'esptool'].events[] | [?kind == 'k']", RUN_K, True),
    ("flash.runs[?tool == 'avrdude'].events[] | [?kind == 'k']", RUN_K, False),
    # without the flatten a run with no such event still gives [[]], which is truthy: the gate must let it through
    ("flash.runs[].events[?kind == 'k']", RUN_NO_K, True),
    # negation and other comparisons need nothing; an `||` needs either side
    ("!(flash.runs[].events[?kind == 'k'][])", RUN_NO_K, True),
    ("flash.runs[].events[?kind != 'k'][]", RUN_NO_K, True),
    ("flash.runs[].events[?kind == 'k' || kind == 'other'][]", RUN_NO_K, True),
    ("flash.runs[].events[?kind == 'k'][] || derived.x", {**RUN_NO_K, "derived": {"x": True}}, True),
    ("flash.runs[].events[?kind == 'k'][] && derived.x", {**RUN_K, "derived": {"x": False}}, False),
    # a list of expressions flattened: one non-empty part is enough; a part that is no list may add itself alone
    ("[avrdude.runs[].events[?kind == 'k'][], flash.runs[].events[?kind == 'k'][]][]", RUN_K, True),
    ("[avrdude.runs[].events[?kind == 'k'][], flash.runs[].events[?kind == 'k'][]][]", RUN_NO_K, False),
    ("[flash.runs[0].tool][]", RUN_NO_K, True),
    # a pipe into something that is truthy on a falsy input (a function, a literal) needs nothing of its left side
    ("flash.runs[].events[?kind == 'k'][] | length(@) == `0`", RUN_NO_K, True),
    ("flash.runs[].events[?kind == 'k'][] | !@", RUN_NO_K, True),
    ("flash.runs[].events[?kind == 'k'][] | [@, `1`][1]", RUN_NO_K, True),
    # objects the expression builds itself: no gate at all
    ("[{kind: 'k'}][?kind == 'k']", RUN_NO_K, True),
    ("`[{\"kind\": \"k\"}]`[?kind == 'k']", RUN_NO_K, True),
    # a path of plain fields needs a truthy value there (JMESPath's truthiness: 0 is true)
    ("derived.x", {"derived": {"x": "a"}}, True),
    ("derived.x", {"derived": {"x": []}}, False),
    ("derived.x[:1]", {"derived": {"x": [{"a": 1}]}}, True),
    ("derived.x[?a == 'b']", {"derived": {"x": [{"a": "b"}]}}, True),
])
def test_the_gate_reads_each_form_like_the_search(expr: str, facts: dict[str, Any], matches: bool) -> None:
    assert _matches(expr, facts) is matches
    if matches:
        assert _can_match(expr, facts), f"the gate would skip {expr!r}, which matches"
    else:
        assert not _can_match(expr, facts), f"the gate lets {expr!r} through although nothing can match"


def _views() -> list[tuple[str, dict[str, Any]]]:
    from doctor.parsers import analyze_files

    views = []
    folders = sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())[::40]
    for case in folders:
        facts = analyze_files([str(p) for p in sorted(case.iterdir()) if p.name != "case.toml"])
        views.append((case.name, facts))
    for entry in load(strict=False):
        for i, ex in enumerate(entry.examples):
            views.append((f"{entry.id} example {i}", ex["facts"]))
    return views


def test_no_condition_that_matches_is_ever_skipped() -> None:
    entries = load(strict=False)
    checked = skipped = 0
    for name, facts in _views():
        view = dict(facts)
        view["derived"] = derive.derive(facts, [])
        atoms = engine._atoms(entries, view)
        for entry in entries:
            for when in entry.when:
                can = gate.holds(engine._NEEDS[when.expr], atoms)
                try:
                    result = search(when.compiled, view)
                except JMESPathError:
                    continue
                checked += 1
                skipped += not can
                assert can or not engine._truthy(result), f"{name}: {entry.id} {when.expr!r} matches, but the gate skips it"
    assert checked > 50_000 and skipped > checked // 2  # the gate is checked, and it does skip most searches


def test_the_diagnosis_is_the_same_without_the_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.parsers import analyze_files

    folders = sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())[7::97]
    for case in folders:
        facts = analyze_files([str(p) for p in sorted(case.iterdir()) if p.name != "case.toml"])
        monkeypatch.setattr(engine, "GATE", True)
        gated = [(f.id, f.severity, f.message, f.evidence) for f in engine.evaluate(dict(facts))]
        monkeypatch.setattr(engine, "GATE", False)
        assert [(f.id, f.severity, f.message, f.evidence) for f in engine.evaluate(dict(facts))] == gated, case.name
