"""Fuzzing that takes the parser registry (issue 12): every parser doctor.parsers registers is fuzzed, a new one
included, with no list to keep up to date. Each parser's seeds are the real lines the splitter gives it in the
test corpus (tests/cases, tests/recorded, tests/pastes_kernel) plus the examples of its message tables; the
fuzzer cuts, splices, repeats and corrupts them. A parser must never raise, its facts must be JSON and match
doctor/schema.py, and the splitter must record no parse error for it."""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doctor import schema
from doctor.parsers import Parser, _Matcher, parse_stream, registry_order
from doctor.parsers._messages import Msg

TESTS = Path(__file__).parent
REGISTRY = registry_order()
IDS = [f"{cls.name}:{cls.__name__}" for cls in REGISTRY]
SEEDS_PER_PARSER = 150
LINES_PER_FILE = 4000


def _corpus() -> list[Path]:
    files = [p for folder in ("cases", "recorded", "pastes_kernel") for p in sorted((TESTS / folder).rglob("*"))]
    return [p for p in files if p.is_file() and p.suffix not in (".toml", ".md", ".json", ".py")]


def _examples(cls: type[Parser]) -> list[str]:
    """The `example` lines of the message tables in the parser's module, and the parser's own `examples`."""
    module = sys.modules[cls.__module__]
    out: list[str] = [str(x) for x in getattr(cls, "examples", ())]
    for value in vars(module).values():
        items = value if isinstance(value, (list, tuple)) else ()
        out += [m.example for m in items if isinstance(m, Msg) and m.example]
    return out


@lru_cache(maxsize=1)
def seeds() -> dict[type[Parser], list[str]]:
    matcher = _Matcher(REGISTRY)
    pools: dict[type[Parser], list[str]] = {cls: list(dict.fromkeys(_examples(cls)))[:SEEDS_PER_PARSER] for cls in REGISTRY}
    for path in _corpus():
        text = path.read_bytes()[:1_000_000].decode("utf-8", "replace")
        for line in text.splitlines()[:LINES_PER_FILE]:
            cls, strength = matcher.classify(line)
            if cls is not None and strength and len(pools[cls]) < SEEDS_PER_PARSER and line not in pools[cls]:
                pools[cls].append(line)
    return pools


def test_the_registry_is_the_list() -> None:
    """Every registered parser is fuzzed here, and each has seeds of its own (or the fuzz would be blind)."""
    pools = seeds()
    assert len(REGISTRY) >= 40 and set(pools) == set(REGISTRY)
    blind = [cls.name for cls in REGISTRY if not pools[cls]]
    assert not blind, f"parsers with no seed line (add a case or a message-table example): {blind}"


junk = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=120)


@st.composite
def mangled(draw: st.DrawFn, pool: tuple[str, ...]) -> str:
    line = draw(st.sampled_from(pool))
    how = draw(st.sampled_from(["keep", "cut", "splice", "replace", "repeat", "junk"]))
    if how == "cut":
        return line[: draw(st.integers(0, len(line)))]
    if how == "splice":
        at = draw(st.integers(0, len(line)))
        return line[:at] + draw(junk) + line[at:]
    if how == "replace" and line:
        chars = list(line)
        for _ in range(draw(st.integers(1, 5))):
            chars[draw(st.integers(0, len(chars) - 1))] = draw(st.sampled_from(list("-:,()[]'\"/ 0123456789xX\t\x00\u00e9\ufffd")))
        return "".join(chars)
    if how == "repeat":
        return line * draw(st.integers(2, 20))
    if how == "junk":
        return draw(junk)
    return line


FUZZ = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check(cls: type[Parser], out: dict[str, Any]) -> None:
    json.dumps(out)
    assert isinstance(out, dict)
    problems = schema.undeclared(out)
    assert not problems, f"{cls.name} produced undeclared facts: {problems}"


@pytest.mark.parametrize("cls", REGISTRY, ids=IDS)
def test_every_registered_parser_survives_mangled_lines(cls: type[Parser]) -> None:
    pool = tuple(seeds()[cls])
    assert pool

    @FUZZ
    @given(st.lists(mangled(pool), min_size=1, max_size=30))
    def fuzz(lines: list[str]) -> None:
        parser = cls("fuzz.txt")
        for i, line in enumerate(lines, 1):
            parser.feed(i, line)
        _check(cls, parser.finish())
        fragment = parse_stream(iter(lines), "fuzz.txt", [cls])
        assert not fragment.get("parse_errors"), fragment["parse_errors"]
        _check(cls, fragment)

    fuzz()
