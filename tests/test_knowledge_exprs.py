"""A JMESPath trap the knowledge must not fall into: `runs[?a].events[?b]` applies `[?b]` to the list of
`events` lists (whose items have no `kind`), so it never matches; `runs[?a].events[] | [?b]` is what is meant.
Two conditions were silently dead this way."""

from __future__ import annotations

from typing import Any

import jmespath
from jmespath.parser import Parser

from doctor import knowledge


def _dead_filters(node: Any) -> int:
    if not isinstance(node, dict):
        return 0
    found = 0
    if node.get("type") == "filter_projection":
        left = node["children"][0]
        if isinstance(left, dict) and left.get("type") in ("filter_projection", "projection") and left["children"][1].get("type") != "identity":
            found += 1
    return found + sum(_dead_filters(c) for c in node.get("children", []))


def test_the_trap_is_real() -> None:
    facts = {"a": {"runs": [{"tool": "x", "events": [{"kind": "k"}]}]}}
    assert jmespath.search("a.runs[?tool=='x'].events[?kind=='k'][]", facts) == []
    assert jmespath.search("a.runs[?tool=='x'].events[] | [?kind=='k']", facts) == [{"kind": "k"}]
    assert _dead_filters(Parser().parse("a.runs[?tool=='x'].events[?kind=='k'][]").parsed) == 1
    assert _dead_filters(Parser().parse("a.runs[].events[?kind=='k'][]").parsed) == 0


def test_no_condition_filters_a_list_of_lists() -> None:
    parser = Parser()
    bad = []
    for e in knowledge.load():
        exprs = [(f"when[{i}]", w.expr) for i, w in enumerate(e.when)] + [("answers", a.expr) for a in e.answers]
        bad += [f"{e.id} {where}: {expr}" for where, expr in exprs if _dead_filters(parser.parse(expr).parsed)]
    assert not bad, "\n".join(bad)
