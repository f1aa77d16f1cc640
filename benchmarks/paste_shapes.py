#!/usr/bin/env python3
"""How doctor's diagnosis holds when a paste arrives in another shape than the tool printed it.

    python3 benchmarks/paste_shapes.py [FOLDER] [--shape NAME ...] [--misses N]

Every case of FOLDER (default tests/cases) is rewritten the way a web page or a mail client may hand it to a
user: curly quotes and apostrophes (`curly`), non-breaking spaces (`nbsp`), HTML entities (`entities`), an
ellipsis character (`ellipsis`), en dashes before flags (`dash`), the whole text indented as a Markdown code
block (`indent4`), Windows line endings (`crlf`), mail quoting (`mailquote`), lines cut at a console's 80 or 120 columns (`wrap80`, `wrap120`), a logger's or
terminal's time stamp before every line (`stamp`), a Markdown list marker (`bullet`) or inline-code ticks
(`ticks`) around every line. Each shape's score is the count
of cases whose first finding is still the expected one (healthy: still no error or warning), beside the
unchanged texts' score in the same run. doctor folds forum typography and a shared indentation back
(doctor/parsers/_reader.py `_plain`, doctor/parsers/__init__.py `_dedent_batch`, `_undecorate_batch`,
`_unwrap_batch`); this
measures it.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import score_cases  # noqa: E402


def _curly(t: str) -> str:
    t = re.sub(r"'([^'\n]*)'", "\u2018\\1\u2019", t)
    t = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", t)
    return t.replace("'", "\u2019")


def _entities(t: str) -> str:
    return t.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(line: str, width: int) -> str:
    """A line copied from a console that breaks at its width (Windows' console host): cut every `width` characters."""
    return "\n".join(line[i:i + width] for i in range(0, len(line), width)) if len(line) > width else line


SHAPES: dict[str, Callable[[str], str]] = {
    "plain": lambda t: t,
    "curly": _curly,
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "entities": _entities,
    "ellipsis": lambda t: t.replace("...", "\u2026"),
    "dash": lambda t: t.replace(" -", " \u2013"),
    "indent4": lambda t: "\n".join("    " + line if line else line for line in t.split("\n")),
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "mailquote": lambda t: "\n".join("> " + line for line in t.split("\n")),
    "wrap80": lambda t: "\n".join(_wrap(line, 80) for line in t.split("\n")),
    "wrap120": lambda t: "\n".join(_wrap(line, 120) for line in t.split("\n")),
    "stamp": lambda t: "\n".join("[12:34:56.789] " + line if line.strip() else line for line in t.split("\n")),
    "bullet": lambda t: "\n".join("- " + line if line.strip() else line for line in t.split("\n")),
    "ticks": lambda t: "\n".join("`" + line + "`" if line.strip() else line for line in t.split("\n")),
}


def case_hits(case: Path, shape: Callable[[str], str]) -> tuple[bool, str | None, list[str]]:
    """Whether doctor still names the case's expected cause first when its texts are reshaped (judged as
    benchmarks/score_cases.py judges a case)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in sorted(case.iterdir()):
            if p.is_file() and p.name != "case.toml":
                q = Path(tmp) / p.name
                q.write_text(shape(p.read_text(encoding="utf-8", errors="replace")), encoding="utf-8")
                paths.append(str(q))
        expect, first, hit, _silent = score_cases.judge(case, paths)
    return hit, first, expect


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=ROOT / "tests" / "cases")
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES), help="shapes to try (default: all)")
    ap.add_argument("--misses", type=int, default=0, help="list up to N cases a shape breaks")
    args = ap.parse_args(argv)
    cases = sorted(p.parent for p in args.folder.glob("*/case.toml"))
    for name in args.shape or list(SHAPES):
        results = [(c.name, *case_hits(c, SHAPES[name])) for c in cases]
        hits = sum(r[1] for r in results)
        print(f"{name:10} {hits}/{len(cases)} right first")
        for cname, hit, first, expect in [r for r in results if not r[1]][: args.misses]:
            print(f"    {cname}: expected {'/'.join(expect)}, doctor said {first or 'nothing'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
