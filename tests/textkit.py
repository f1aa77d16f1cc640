"""What the message-table tests (tests/test_msgs_*.py) ask of a pasted text, in one place: its facts, the events a
namespace's runs hold, their kinds, and what the engine concludes (all findings, the first, the serious ones).

A text is parsed as the splitter reads a paste (`parse_stream`), surrounding blank lines stripped; the findings are
the engine's on that snapshot merged into a fresh analyze snapshot, as `doctor analyze` judges it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from doctor import engine
from doctor.facts import merge, new
from doctor.parsers import parse_stream


def facts(text: str, source: str = "t.txt") -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), source)


def events(text_or_facts: str | dict[str, Any], ns: str, tool: str | None = None) -> list[dict[str, Any]]:
    """The events of namespace `ns`'s runs (of one tool's runs when `tool` is given)."""
    snap = facts(text_or_facts) if isinstance(text_or_facts, str) else text_or_facts
    return [e for r in (snap.get(ns) or {}).get("runs", []) if tool is None or r.get("tool") == tool for e in r["events"]]


def kinds(text_or_facts: str | dict[str, Any], ns: str) -> list[str]:
    return [e["kind"] for e in events(text_or_facts, ns)]


def findings(text: str) -> list[Any]:
    return engine.evaluate(merge(new("analyze"), facts(text)))


def first(text: str) -> str | None:
    found = findings(text)
    return found[0].id if found else None


def serious(text: str) -> list[str]:
    return [f.id for f in findings(text) if f.severity in ("error", "warning")]


def benchmark(name: str) -> ModuleType:
    """A script of benchmarks/ loaded as a module (it is no package): `benchmark("paste_shapes")`."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent.parent / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
