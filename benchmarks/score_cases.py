#!/usr/bin/env python3
"""Score doctor on a folder of cases in the tests/cases format: the right cause first, and silence on a failure.

    python3 benchmarks/score_cases.py FOLDER [--misses]

Used for held-out rounds: a folder of real cases gathered by someone who has not looked at doctor's knowledge is
scored once, before anything is changed for it (docs/architecture.md, "Measuring what generalises"). A case hits
when the first finding is one of its expected ids; a healthy case (expect ["none"]) hits when no finding is an
error or warning. Silent: a failure text with no finding at all.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path


def judge(case: Path, files: list[str] | None = None) -> tuple[list[str], str | None, bool, bool]:
    """A case folder's (expect, doctor's first id, hit, silent on a failure), on its own texts or on `files` (the
    same texts reshaped: benchmarks/paste_shapes.py). A healthy case (expect ["none"]) hits with no error or warning."""
    from doctor import engine
    from doctor.parsers import analyze_files

    expect = list(tomllib.loads((case / "case.toml").read_text(encoding="utf-8")).get("expect") or [])
    if files is None:
        files = [str(p) for p in sorted(case.iterdir()) if p.is_file() and p.name != "case.toml"]
    findings = engine.evaluate(analyze_files(files))
    first = findings[0].id if findings else None
    if expect == ["none"]:
        hit = not any(f.severity in ("error", "warning") for f in findings)
    else:
        hit = first in expect
    return expect, first, hit, expect != ["none"] and not findings


def score(folder: Path) -> list[tuple[str, list[str], str | None, bool, bool]]:
    return [(case.parent.name, *judge(case.parent)) for case in sorted(folder.glob("*/case.toml"))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--misses", action="store_true", help="list the cases doctor got wrong")
    args = ap.parse_args(argv)
    rows = score(args.folder)
    if args.misses:
        for name, expect, first, hit, silent in rows:
            if not hit:
                print(f"MISS {'(silent) ' if silent else ''}{name}: expected {'/'.join(expect)}, doctor said {first or 'nothing'}")
    n = len(rows)
    hits = sum(r[3] for r in rows)
    silences = sum(r[4] for r in rows)
    print(f"{hits}/{n} right cause first ({100 * hits / max(n, 1):.0f}%), {silences} silent on a failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
