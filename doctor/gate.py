"""What a condition needs before it can match: a cheap gate in front of each JMESPath search.

Most conditions filter on a literal (`[?kind == 'not_in_sync']`, `flash.runs[?tool == 'esptool']`,
`derived.failure_cues[?id == 'SER003']`), and most texts hold a few dozen of the thousand or so literals the
knowledge names. `need(compiled)` reads a condition's syntax tree once and returns what any truthy result of it
implies, as a conjunction of groups: every group is a set of `(key, literal)` atoms, and a group holds when some
object anywhere in the facts has `key == literal`. `present(view, wants)` walks the facts once and collects the
atoms they hold; `holds(need, atoms)` says whether the condition can match at all. When it cannot, the engine
skips the search: its result would have been falsy, so the diagnosis is the same, only without the cost
(JMESPath's tree walk was about five sixths of `doctor analyze`'s time on a pasted text).

The reading is sound node by node, and where it is not sure it needs nothing (the empty conjunction):
- `key == 'literal'` (either side) needs its atom: it is true only on an object holding that pair;
- `a && b` needs both, `a || b` either (the groups are crossed), `!a` and every function or other comparison nothing;
- a filter `left[?cond]` is non-empty only when some element of `left` makes `cond` true, so it needs `left`'s
  and `cond`'s; a projection `left[*].right` is non-empty only when `left` is (its right side may be falsy, so
  nothing of it); a flatten `x[]` is non-empty only when `x` is, and when `x` is a projection whose right side
  gives a list or nothing, only when one of those lists is non-empty (so `runs[].events[?kind == 'k'][]` needs
  `k`, while `runs[].events[?kind == 'k']` does not: a run with no such event gives `[[]]`, which is truthy);
- `a | b` needs `b`'s, and `a`'s too when `b` gives a falsy result on every falsy input: JMESPath has no root
  reference, so `b` is a pure function of its input and that is checked by running `b` on the six falsy values;
- `a.b` needs what `b` needs.
Elements a filter tests come from the facts unless the expression builds objects itself (a `{...}` hash or an
object literal): such a condition gets no gate. tests/test_gate.py checks the reading against the unguarded
search on every condition and every case's facts.
"""

from __future__ import annotations

from typing import Any

import jmespath.exceptions
from jmespath import visitor

_IS_FALSE = visitor.TreeInterpreter()._is_false  # noqa: SLF001 - JMESPath's own falsiness (it reads no options)

Atom = tuple[str, str]
Need = frozenset  # frozenset[frozenset[Atom]]: every group needs one of its atoms present

NOTHING: Need = frozenset()
PATH = "@"  # the key of a path atom: (PATH, "derived.brltty_takes") holds when the facts hold a truthy value there
_MAX_GROUPS = 64
_FALSY: tuple[Any, ...] = (None, [], {}, "", 0, False)


def needs(conditions: dict[str, Any], options: Any = None) -> dict[str, Need]:
    """`need` of every condition (text -> compiled), kept in doctor's start-up cache (doctor/cache.py) keyed by the
    conditions' texts and this module's own source, so a changed reading is never served stale (reading the
    thousand conditions takes about 0.1 s; the cache about 5 ms)."""
    from pathlib import Path

    from doctor import cache

    texts = sorted(conditions)
    where = cache.path([("conditions", "\n".join(texts)), ("gate", Path(__file__).read_text(encoding="utf-8"))], "gates")
    stored = cache.read(where)
    if isinstance(stored, dict) and all(t in stored for t in texts):
        try:
            return {t: frozenset(frozenset((str(k), str(v)) for k, v in group) for group in stored[t]) for t in texts}
        except (TypeError, ValueError):
            pass
    out = {t: need(conditions[t], options) for t in texts}
    cache.write(where, {t: [sorted(group) for group in n] for t, n in out.items()})
    return out


def need(compiled: Any, options: Any = None) -> Need:
    """What a truthy result of this compiled condition implies (NOTHING when it cannot tell)."""
    tree = compiled.parsed
    if _builds_objects(tree):
        return NOTHING
    return _absorb(_truthy(tree, options, True))


class Wants:
    """What `present` must collect for a set of needs: the keys of the literal atoms and the fact paths."""

    def __init__(self, needs: Any) -> None:
        atoms = {a for n in needs for group in n for a in group}
        self.keys = frozenset(k for k, _ in atoms if k != PATH)
        self.paths = tuple(sorted({v for k, v in atoms if k == PATH}))


def present(view: Any, wants: Wants) -> set[Atom]:
    """Every `(key, string value)` pair of the wanted keys held by an object anywhere in these facts, and every
    wanted path that holds a truthy value (JMESPath's truthiness: not null, false, or an empty string, list or object)."""
    found: set[Atom] = set()
    wanted = wants.keys
    stack = [view]
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, str):
                    if k in wanted:
                        found.add((k, v))
                elif isinstance(v, (dict, list)):
                    push(v)
        elif isinstance(node, list):
            for v in node:
                if isinstance(v, (dict, list)):
                    push(v)
    for path in wants.paths:
        value: Any = view
        for name in path.split("."):
            value = value.get(name) if isinstance(value, dict) else None
        if not _IS_FALSE(value):
            found.add((PATH, path))
    return found


def holds(n: Need, atoms: set[Atom]) -> bool:
    """Whether every group of the need has an atom among these."""
    for group in n:
        if atoms.isdisjoint(group):
            return False
    return True


# --- reading the syntax tree ------------------------------------------------------------------------------------


def _and(a: Need, b: Need) -> Need:
    return a | b


def _or(a: Need, b: Need) -> Need:
    if not a or not b:
        return NOTHING
    crossed = frozenset(ga | gb for ga in a for gb in b)
    return crossed if len(crossed) <= _MAX_GROUPS else NOTHING


def _absorb(n: Need) -> Need:
    """Drop a group that holds whenever a smaller one does (it adds nothing)."""
    return frozenset(g for g in n if not any(h < g for h in n))


def _builds_objects(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    t = node.get("type")
    if t in ("multi_select_hash", "multi_select_dict"):  # the name differs between JMESPath versions
        return True
    if t == "literal" and _holds_dict(node.get("value")):
        return True
    return any(_builds_objects(c) for c in node.get("children", []))


def _holds_dict(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    if isinstance(value, list):
        return any(_holds_dict(v) for v in value)
    return False


def _literal_atom(node: dict[str, Any]) -> Need:
    a, b = node["children"]
    for f, lit in ((a, b), (b, a)):
        if f.get("type") == "field" and lit.get("type") == "literal" and isinstance(lit.get("value"), str):
            return frozenset({frozenset({(f["value"], lit["value"])})})
    return NOTHING


def _truthy(node: Any, options: Any, root: bool = False) -> Need:
    """What a truthy result of `node` (on any input taken from the facts; `root`: on the facts themselves) implies."""
    if not isinstance(node, dict):
        return NOTHING
    t = node.get("type")
    ch = node.get("children", [])
    if root:
        path = _path(node)
        if path is not None:
            return frozenset({frozenset({(PATH, path)})})
    if t == "comparator":
        return _literal_atom(node) if node.get("value") == "eq" else NOTHING
    if t == "and_expression":
        return _and(_truthy(ch[0], options, root), _truthy(ch[1], options, root))
    if t == "or_expression":
        return _or(_truthy(ch[0], options, root), _truthy(ch[1], options, root))
    if t == "filter_projection":  # [left, right, condition]
        return _and(_truthy(ch[0], options, root), _truthy(ch[2], options))
    if t == "projection":  # [left, right]: non-empty only when left holds an element that is not null
        left = ch[0]
        if isinstance(left, dict) and left.get("type") == "flatten":  # `x[]`: JMESPath reads it as a projection
            return _flat_element(left["children"][0], options, root)
        return _truthy(left, options, root)
    if t == "flatten":  # non-empty only when its operand is
        return _truthy(ch[0], options, root)
    if t == "subexpression":
        return _truthy(ch[-1], options)
    if t == "index_expression" and len(ch) == 2 and isinstance(ch[1], dict) and ch[1].get("type") in ("index", "slice"):
        return _truthy(ch[0], options, root)  # an element or a slice of a list is truthy only when the list is non-empty
    if t == "pipe" and len(ch) == 2:
        joined = _join(ch[1], ch[0])
        if joined is not None:  # `a | b` read as `b` with `a` in place of the input it starts from
            return _truthy(joined, options, root)
        right = _truthy(ch[1], options)
        return _and(right, _truthy(ch[0], options, root)) if _strict(ch[1], options) else right
    return NOTHING


_BASED = {"projection", "filter_projection", "flatten", "subexpression", "index_expression", "pipe"}


def _join(node: Any, base: Any) -> Any:
    """`node` with `base` evaluated where it reads its input (its leftmost operand: `@`, or a field of the input), or
    None when it has no such place. `base | node` and the joined node give the same result on every input: each of
    these node types evaluates its first child on the value it was given, and only there."""
    if not isinstance(node, dict):
        return None
    t = node.get("type")
    if t in ("current", "identity"):
        return base
    if t == "field":
        return {"type": "subexpression", "children": [base, node]}
    if t in _BASED and node.get("children"):
        first = _join(node["children"][0], base)
        if first is None:
            return None
        return {**node, "children": [first, *node["children"][1:]]}
    return None


def _path(node: dict[str, Any]) -> str | None:
    """`a.b.c` of a chain of plain fields, or None."""
    if node.get("type") == "field":
        return str(node["value"])
    if node.get("type") == "subexpression" and all(isinstance(c, dict) and c.get("type") == "field" for c in node["children"]):
        return ".".join(str(c["value"]) for c in node["children"])
    return None


def _flat_element(node: Any, options: Any, root: bool = False) -> Need:
    """What it implies that flattening `node` gives an element that is not null: `node` is a non-empty list; when
    it is a projection whose right side gives only lists (or nothing), one of those lists is non-empty; when it is
    a list of expressions `[a, b]`, one of those that give only lists is non-empty (an expression that may give
    something else than a list may add that alone, so then nothing is implied)."""
    if isinstance(node, dict) and node.get("type") == "multi_select_list":
        out: Need | None = None
        for child in node["children"]:
            one = _truthy(child, options, root) if _gives_lists(child) else NOTHING
            out = one if out is None else _or(out, one)
        return out or NOTHING
    base = _truthy(node, options, root)
    if isinstance(node, dict) and node.get("type") == "projection" and _gives_lists(node["children"][1]):
        return _and(base, _truthy(node["children"][1], options))
    return base


def _gives_lists(node: Any) -> bool:
    """Whether `node` gives a list or nothing on every input (so an element it adds to a flatten is a list)."""
    if not isinstance(node, dict):
        return False
    t = node.get("type")
    if t == "pipe":
        return _gives_lists(node["children"][-1])
    return t in ("filter_projection", "projection", "flatten", "multi_select_list")


def _strict(node: Any, options: Any) -> bool:
    """Whether `node` gives a falsy result on every falsy input (checked by running it: it reads only its input)."""
    interpreter = visitor.TreeInterpreter(options)
    for value in _FALSY:
        try:
            if not _IS_FALSE(interpreter.visit(node, value)):
                return False
        except Exception:  # noqa: BLE001 - an error (a function on the wrong type) is no falsy result: no gate from it
            return False
    return True
