"""JMESPath conditions turned into Python closures once, then run many times (session 20, issue 9 item 7).

JMESPath's TreeInterpreter walks a condition's syntax tree on every search: a dictionary look-up and a method call per
node per element, and an equality that asks four isinstance questions per comparison. A mixed forum paste has many runs
and events, and ~800 conditions read them: two thirds of its analysis went there. `closure(parsed)` builds, once per
syntax tree, one Python function per node that does exactly what the interpreter's `visit_<type>` does for that node
(jmespath/visitor.py, versions 1.0 and 1.1: same results, same truthiness, same errors raised in the same order; the
functions are called through the same `Functions.call_function`, so their type checks stay). The only shortcuts are
those the interpreter's own code reduces to: `x == 'text'` for an equality with a string literal (JMESPath's 0/1 versus
true/false special case cannot arise with a string), a field read straight from a dict. A node type it does not know
makes the whole condition fall back to the interpreter. tests/test_perf_s20.py compares both on every condition.
"""

from __future__ import annotations

import operator
from numbers import Number
from typing import Any, Callable

from jmespath import functions as jmespath_functions
from jmespath import visitor

Fn = Callable[[Any], Any]

_equals = visitor._equals  # noqa: SLF001 - JMESPath's own equality (0/1 against true/false)
_ORDER = {"lt": operator.lt, "gt": operator.gt, "lte": operator.le, "gte": operator.ge}


class Unsupported(Exception):
    """A node type the closures do not cover: the caller keeps the interpreter for this condition."""


def _false(value: Any) -> bool:
    """TreeInterpreter._is_false: '' [] {} null false (0 is true)."""
    if value is None or value is False:
        return True
    t = type(value)
    if t is str or t is list or t is dict:
        return not value
    if t is int or t is float or t is bool:
        return False
    return value == "" or value == [] or value == {} or value is None or value is False


def _actual_number(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, Number)


def _comparable(x: Any) -> bool:
    return _actual_number(x) or isinstance(x, str)


def _get(value: Any, name: str) -> Any:
    if type(value) is dict:
        return value.get(name)
    try:
        return value.get(name)
    except AttributeError:
        return None


class _Adaptor:
    """What a function given an expref (sort_by, max_by, map) calls: `expref.visit(expref.expression, x)`."""

    __slots__ = ("fn",)

    def __init__(self, fn: Fn) -> None:
        self.fn = fn

    def visit(self, node: Any, value: Any) -> Any:
        return self.fn(value)


def build(node: dict[str, Any], functions: Any, dict_cls: Any = dict) -> Fn:
    """One closure for this syntax tree node (raises Unsupported for a node type it does not know)."""
    t = node["type"]
    children = node.get("children") or []

    if t == "field":
        name = node["value"]

        def field(value: Any) -> Any:
            if type(value) is dict:
                return value.get(name)
            try:
                return value.get(name)
            except AttributeError:
                return None

        return field

    if t in ("subexpression", "index_expression", "pipe"):
        parts = [build(c, functions, dict_cls) for c in children]
        if all(c["type"] == "field" for c in children):
            names = [c["value"] for c in children]

            def path(value: Any) -> Any:
                for name in names:
                    if type(value) is dict:
                        value = value.get(name)
                    else:
                        value = _get(value, name)
                return value

            return path
        if len(parts) == 2:
            first, second = parts
            return lambda value: second(first(value))

        def chain(value: Any) -> Any:
            for part in parts:
                value = part(value)
            return value

        return chain

    if t == "comparator":
        op = node["value"]
        a, b = children
        left, right = build(a, functions, dict_cls), build(b, functions, dict_cls)
        if op in ("eq", "ne"):
            lit = None
            if b["type"] == "literal" and type(b["value"]) is str:
                lit, other, other_node = b["value"], left, a
            elif a["type"] == "literal" and type(a["value"]) is str:
                lit, other, other_node = a["value"], right, b
            if lit is not None:
                # _equals(x, 'text'): the special case needs a bool on one side and a number on the other: plain ==
                if other_node["type"] == "field":
                    name = other_node["value"]
                    if op == "eq":
                        def eq_field(value: Any) -> Any:
                            if type(value) is dict:
                                return value.get(name) == lit
                            return _get(value, name) == lit
                        return eq_field

                    def ne_field(value: Any) -> Any:
                        if type(value) is dict:
                            return not value.get(name) == lit
                        return not _get(value, name) == lit
                    return ne_field
                if op == "eq":
                    return lambda value: other(value) == lit
                return lambda value: not other(value) == lit
            if op == "eq":
                return lambda value: _equals(left(value), right(value))
            return lambda value: not _equals(left(value), right(value))
        order = _ORDER[op]

        def compare(value: Any) -> Any:
            x = left(value)
            y = right(value)
            if not (_comparable(x) and _comparable(y)):
                return None
            return order(x, y)

        return compare

    if t in ("current", "identity"):
        return _identity

    if t == "literal":
        lit_value = node["value"]
        return lambda value: lit_value

    if t == "expref":
        inner = build(children[0], functions, dict_cls)
        adaptor = _Adaptor(inner)
        expression_node = children[0]
        return lambda value: visitor._Expression(expression_node, adaptor)  # noqa: SLF001 - functions check its type name

    if t == "function_expression":
        fname = node["value"]
        args = [build(c, functions, dict_cls) for c in children]
        call = functions.call_function
        direct = _direct(functions, fname, len(args))
        if direct is not None and len(args) == 1:
            (only,) = args
            func, (types0,) = direct

            def call1(value: Any) -> Any:
                a = only(value)
                if type(a) in types0:
                    return func(functions, a)
                return call(fname, [a])
            return call1
        if direct is not None and len(args) == 2:
            first, second = args
            func, (types0, types1) = direct

            def call2(value: Any) -> Any:
                a = first(value)
                b = second(value)
                if type(a) in types0 and type(b) in types1:
                    return func(functions, a, b)
                return call(fname, [a, b])
            return call2
        if len(args) == 1:
            (only,) = args
            return lambda value: call(fname, [only(value)])
        if len(args) == 2:
            first, second = args
            return lambda value: call(fname, [first(value), second(value)])
        return lambda value: call(fname, [arg(value) for arg in args])

    if t == "filter_projection":
        left = build(children[0], functions, dict_cls)
        cond = build(children[2], functions, dict_cls)
        if children[1]["type"] == "identity":
            def filter_same(value: Any) -> Any:
                base = left(value)
                if not isinstance(base, list):
                    return None
                out = []
                for e in base:
                    r = cond(e)
                    if (r is True or (r is not False and not _false(r))) and e is not None:
                        out.append(e)
                return out
            return filter_same
        right = build(children[1], functions, dict_cls)

        def filter_projection(value: Any) -> Any:
            base = left(value)
            if not isinstance(base, list):
                return None
            collected = []
            for element in base:
                if not _false(cond(element)):
                    current = right(element)
                    if current is not None:
                        collected.append(current)
            return collected

        return filter_projection

    if t == "flatten":
        inner = build(children[0], functions, dict_cls)

        def flatten(value: Any) -> Any:
            base = inner(value)
            if not isinstance(base, list):
                return None
            merged: list[Any] = []
            for element in base:
                if isinstance(element, list):
                    merged.extend(element)
                else:
                    merged.append(element)
            return merged

        return flatten

    if t == "index":
        index = node["value"]

        def at(value: Any) -> Any:
            if not isinstance(value, list):
                return None
            try:
                return value[index]
            except IndexError:
                return None

        return at

    if t == "slice":
        bounds = slice(*children)
        return lambda value: value[bounds] if isinstance(value, list) else None

    if t == "key_val_pair":
        return build(children[0], functions, dict_cls)

    if t == "multi_select_dict":
        pairs = [(c["value"], build(c, functions, dict_cls)) for c in children]

        def select_dict(value: Any) -> Any:
            if value is None:
                return None
            collected = dict_cls()
            for key, fn in pairs:
                collected[key] = fn(value)
            return collected

        return select_dict

    if t == "multi_select_list":
        items = [build(c, functions, dict_cls) for c in children]
        return lambda value: None if value is None else [fn(value) for fn in items]

    if t == "or_expression":
        first, second = (build(c, functions, dict_cls) for c in children)

        def either(value: Any) -> Any:
            matched = first(value)
            if _false(matched):
                matched = second(value)
            return matched

        return either

    if t == "and_expression":
        first, second = (build(c, functions, dict_cls) for c in children)
        test = _field_test(children[0])
        if test is not None:  # `kind == 'x' && ...`, most filters: the comparison inline
            name, lit, equal = test

            def both_field(value: Any) -> Any:
                x = value.get(name) if type(value) is dict else _get(value, name)
                matched = (x == lit) if equal else (not x == lit)
                if matched is False:
                    return False
                if matched is True or not _false(matched):
                    return second(value)
                return matched
            return both_field

        def both(value: Any) -> Any:
            matched = first(value)
            if _false(matched):
                return matched
            return second(value)

        return both

    if t == "not_expression":
        inner = build(children[0], functions, dict_cls)

        def negate(value: Any) -> Any:
            original = inner(value)
            if _actual_number(original) and original == 0:
                return False
            return not original

        return negate

    if t == "projection":
        left = build(children[0], functions, dict_cls)
        if children[1]["type"] == "identity":
            def project_same(value: Any) -> Any:
                base = left(value)
                if not isinstance(base, list):
                    return None
                return [e for e in base if e is not None]
            return project_same
        right = build(children[1], functions, dict_cls)

        def projection(value: Any) -> Any:
            base = left(value)
            if not isinstance(base, list):
                return None
            collected = []
            for element in base:
                current = right(element)
                if current is not None:
                    collected.append(current)
            return collected

        return projection

    if t == "value_projection":
        left = build(children[0], functions, dict_cls)
        right = build(children[1], functions, dict_cls)

        def value_projection(value: Any) -> Any:
            base = left(value)
            try:
                base = base.values()
            except AttributeError:
                return None
            collected = []
            for element in base:
                current = right(element)
                if current is not None:
                    collected.append(current)
            return collected

        return value_projection

    raise Unsupported(t)


def _field_test(node: dict[str, Any]) -> tuple[str, str, bool] | None:
    """(field, text, equal) of a `field == 'text'` or `field != 'text'` comparison (either side), else None."""
    if node.get("type") != "comparator" or node.get("value") not in ("eq", "ne"):
        return None
    a, b = node["children"]
    if a.get("type") == "literal":
        a, b = b, a
    if a.get("type") == "field" and b.get("type") == "literal" and type(b.get("value")) is str:
        return a["value"], b["value"], node["value"] == "eq"
    return None


_BUILTIN_TYPES = {t.__name__: t for t in (str, int, float, bool, list, dict, type(None))}


class _AnyType:
    """The types of an argument whose signature names none (`{'types': []}`): call_function checks nothing, so every
    value's type is in it."""

    def __contains__(self, _: object) -> bool:
        return True


_ANY_TYPE = _AnyType()


def _direct(functions: Any, name: str, arity: int) -> tuple[Any, tuple[frozenset[type], ...]] | None:
    """(the function, per argument the built-in types its signature takes) when a call with arguments of those types
    may skip `call_function`: what it checks (arity, each argument's type name, no element types) passes for them, so
    the function runs as it would there; any other argument goes through `call_function` and its errors. None: always
    through it (a variadic function, element types, an arity the signature does not have, an unknown name)."""
    spec = getattr(functions, "FUNCTION_TABLE", {}).get(name)
    if not isinstance(spec, dict) or not callable(spec.get("function")):
        return None
    signature = spec.get("signature") or ()
    if len(signature) != arity or any(not isinstance(a, dict) or a.get("variadic") for a in signature):
        return None
    kinds: list[Any] = []
    for a in signature:
        types = a.get("types")
        if types == []:  # (s21b) an argument call_function does not check (`contains`'s search): any value passes
            kinds.append(_ANY_TYPE)
            continue
        if not types or any("-" in t for t in types):  # no types key, or element types: left to call_function
            return None
        names = {n for t in types for n in jmespath_functions.REVERSE_TYPES_MAP.get(t, ())}
        kinds.append(frozenset(_BUILTIN_TYPES[n] for n in names if n in _BUILTIN_TYPES))
    return spec["function"], tuple(kinds)


def _identity(value: Any) -> Any:
    return value


_BUILT: dict[int, tuple[Any, Any, Fn | None]] = {}  # id(syntax tree) -> (the tree, kept alive; options; closure or None)


def closure(parsed: dict[str, Any], options: Any) -> Fn | None:
    """The closure for this syntax tree under these options (made once per tree), or None: use the interpreter."""
    key = id(parsed)
    known = _BUILT.get(key)
    if known is not None and known[0] is parsed and known[1] is options:
        return known[2]
    functions = options.custom_functions if options is not None and options.custom_functions is not None else None
    dict_cls = options.dict_cls if options is not None and options.dict_cls is not None else dict
    fn: Fn | None
    if functions is None:
        fn = None  # the interpreter makes a fresh Functions() per search; keep its way
    else:
        try:
            fn = build(parsed, functions, dict_cls)
        except (Unsupported, KeyError, TypeError, ValueError):
            fn = None
    if len(_BUILT) >= 20_000:  # conditions are a few thousand; a caller making trees without end cannot grow this
        _BUILT.clear()
    _BUILT[key] = (parsed, options, fn)
    return fn
