#!/usr/bin/env python3
"""Does doctor's answer to a bare failure message follow what resolved threads show for it?

    python3 benchmarks/rank_audit.py [FOLDER] [--min-cases 5] [--share 0.6] [--exact]

For every (tool, event kind) a failure row of a message table produces, the cases of FOLDER (default
tests/cases) in which it appears are counted by their expected cause: that is what resolved threads say the
message most often meant. Each failure row's own example is then analysed alone, as a user pasting just that
line would, and doctor's first finding is compared with the majority. A row is listed when the message was
seen in at least --min-cases cases, one cause holds at least --share of them, and doctor's bare answer is
another cause that fewer cases show (issue 9: "the likelier one comes first, by what your corpus shows is more
common for that exact text"). A bare answer of GEN001 is listed too: the corpus says the message means more.
The counts are crude where one case holds several failure messages; read a listed row with its cases.
With --exact (rank s20) each failure row is judged on its own: only the cases holding a line of that kind which the
row's own pattern matches are counted (the per-kind counts mix every message a tool prints under one kind, so a row's
example was often judged by other messages' threads).
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def failure_lines(facts: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """The lines of every failure event in a snapshot, by (namespace, kind)."""
    out: dict[tuple[str, str], list[str]] = collections.defaultdict(list)

    def walk(obj: Any, ns: str) -> None:
        if isinstance(obj, dict):
            if isinstance(obj.get("kind"), str) and "line" in obj and obj.get("fail"):
                out[(ns, obj["kind"])].append(str(obj["line"]))
            for value in obj.values():
                walk(value, ns)
        elif isinstance(obj, list):
            for value in obj:
                walk(value, ns)

    for key, value in facts.items():
        if key not in ("sources", "schema_version", "text"):
            walk(value, key)
    return out


def failure_events(facts: dict[str, Any]) -> set[tuple[str, str]]:
    """(namespace, kind) of every failure event in a snapshot."""
    return set(failure_lines(facts))


def corpus_lines(folder: Path) -> dict[tuple[str, str], list[tuple[str, list[str]]]]:
    """Per (namespace, kind): each case's first expected id with the lines of its events of that kind."""
    from doctor.parsers import analyze_files

    out: dict[tuple[str, str], list[tuple[str, list[str]]]] = collections.defaultdict(list)
    for case in sorted(folder.glob("*/case.toml")):
        expect = list(tomllib.loads(case.read_text(encoding="utf-8")).get("expect") or [])
        if not expect or expect == ["none"]:
            continue
        files = [str(p) for p in sorted(case.parent.iterdir()) if p.is_file() and p.name != "case.toml"]
        for event, lines in failure_lines(analyze_files(files)).items():
            out[event].append((expect[0], lines))
    return out


def corpus_counts(folder: Path) -> dict[tuple[str, str], collections.Counter[str]]:
    from doctor.parsers import analyze_files

    counts: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for case in sorted(folder.glob("*/case.toml")):
        expect = list(tomllib.loads(case.read_text(encoding="utf-8")).get("expect") or [])
        if not expect or expect == ["none"]:
            continue
        files = [str(p) for p in sorted(case.parent.iterdir()) if p.is_file() and p.name != "case.toml"]
        for event in failure_events(analyze_files(files)):
            counts[event][expect[0]] += 1
    return counts


def bare_answers() -> list[tuple[str, tuple[str, str], str, str | None]]:
    """(table, event, example, doctor's first id) for every failure row's example analysed alone."""
    from doctor import engine
    from doctor.parsers import analyze_files, load_all

    out = []
    seen: set[tuple[str, str]] = set()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paste.txt"
        for cls in load_all():
            for row in getattr(cls, "messages", ()) or ():
                if not (row.fail and row.example and row.kind):
                    continue
                path.write_text(row.example + "\n", encoding="utf-8")
                facts = analyze_files([str(path)])
                findings = engine.evaluate(facts)
                first = findings[0].id if findings else None
                for event in failure_events(facts):
                    if event[1] == row.kind and event not in seen:
                        seen.add(event)
                        out.append((cls.__name__, event, row.example, first))
    return out


def exact_counts(corpus: dict[tuple[str, str], list[tuple[str, list[str]]]], event: tuple[str, str], rx: Any) -> collections.Counter[str]:
    """The cases' first expected ids, counting only the cases with a line of `event` that `rx` (one row's pattern) matches."""
    return collections.Counter(exp for exp, lines in corpus.get(event, ()) if any(rx.search(line) for line in lines))


def exact_disagreements(folder: Path, min_cases: int, share: float) -> list[dict[str, Any]]:
    """Every failure row judged on the cases whose event line its own pattern matches."""
    import re
    import tempfile

    from doctor import engine
    from doctor.parsers import analyze_files, load_all

    corpus = corpus_lines(folder)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "paste.txt"
        for cls in load_all():
            for row in getattr(cls, "messages", ()) or ():
                if not (row.fail and row.example and row.kind):
                    continue
                try:
                    rx = re.compile(row.pattern)
                except re.error:
                    continue
                path.write_text(row.example + "\n", encoding="utf-8")
                facts = analyze_files([str(path)])
                events = sorted(e for e in failure_events(facts) if e[1] == row.kind)  # a set: one order every run
                if not events:
                    continue
                c = exact_counts(corpus, events[0], rx)
                n = sum(c.values())
                if not n:
                    continue
                findings = engine.evaluate(facts)
                first = findings[0].id if findings else None
                top, k = c.most_common(1)[0]
                if n >= min_cases and k >= share * n and first != top and c.get(first or "", 0) < k:
                    rows.append({"table": cls.__name__, "event": "/".join(events[0]), "bare": first, "cases": dict(c.most_common()),
                                 "example": row.example})
    return rows


def disagreements(folder: Path, min_cases: int, share: float) -> list[dict[str, Any]]:
    counts = corpus_counts(folder)
    rows = []
    for table, event, example, first in bare_answers():
        c = counts.get(event)
        if not c:
            continue
        n = sum(c.values())
        top, k = c.most_common(1)[0]
        if n >= min_cases and k >= share * n and first != top and c.get(first or "", 0) < k:
            rows.append({"table": table, "event": "/".join(event), "bare": first, "cases": dict(c.most_common()), "example": example})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "cases")
    ap.add_argument("--min-cases", type=int, default=5)
    ap.add_argument("--share", type=float, default=0.6)
    ap.add_argument("--exact", action="store_true", help="count, per failure row, only the cases its own pattern matches")
    args = ap.parse_args(argv)
    rows = (exact_disagreements if args.exact else disagreements)(args.folder, args.min_cases, args.share)
    for r in rows:
        print(f"{r['table']:24} {r['event']:38} bare={r['bare']}  cases={r['cases']}  {r['example'][:80]!r}")
    print(f"{len(rows)} failure messages whose bare answer is not what most resolved threads show")
    return 0


if __name__ == "__main__":
    sys.exit(main())
