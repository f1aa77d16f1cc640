"""The real cases (copied from shared/cases into tests/cases): `doctor analyze --json` names the cause first.

The texts are passed under neutral names (1.txt, 2.txt ...) so nothing can depend on a file name.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from doctor import knowledge
from doctor.cli import main

from conftest import CASES, FIRST_FINDINGS, input_key

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())
_SLOT = re.compile(r"<[a-z][a-z ]*>")


def analyze(tmp_path: Path, case: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    files = []
    for i, text in enumerate(sorted(p for p in case.iterdir() if p.name != "case.toml"), start=1):
        dest = tmp_path / f"{i}.txt"
        shutil.copyfile(text, dest)
        files.append(str(dest))
    capsys.readouterr()
    rc = main(["analyze", "--json", *files])
    return rc, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = tomllib.loads((case / "case.toml").read_text())
    expect = meta["expect"]
    rc, out = analyze(tmp_path, case, capsys)
    findings = out["findings"]
    texts = sorted(p for p in case.iterdir() if p.name != "case.toml")
    FIRST_FINDINGS[input_key([(f"{i}.txt", p.read_bytes()) for i, p in enumerate(texts, start=1)])] = findings[0]["id"] if findings else None
    # A message speaks of the facts: every {field} it names is filled from what matched, never left as a <field> slot
    # (a rule whose expression ended in a boolean, or named a field its match lacks, printed "<vid>:<pid>" to the
    # user); slots stay for commands and questions. A `<word>` the pasted text itself holds (`<module>`) is its own.
    pasted = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in case.iterdir() if p.name != "case.toml")
    for f in findings:
        slots = [m for m in _SLOT.findall(f["message"] or "") if m not in pasted]
        assert not slots, f"{f['id']}: unfilled {slots} in its message: {f['message']}"
    if expect == ["none"]:
        bad = [(f["id"], f["severity"], f["message"]) for f in findings if f["severity"] in ("error", "warning")]
        assert not bad, f"a healthy log produced {bad}"
        assert rc == 0
    else:
        assert findings, f"no finding; expected {expect}"
        assert any(f["severity"] in ("error", "warning") for f in findings) or all(
            knowledge.get(e) is not None and knowledge.get(e).severity == "info" for e in expect  # type: ignore[union-attr]
        ), f"a text that shows a failure got only {[(f['id'], f['severity']) for f in findings]}: never silent (GEN001)"
        first = findings[0]
        assert first["id"] in expect, f"first finding {first['id']} ({first['message']}), expected {expect}; all: {[f['id'] for f in findings]}"
        assert first["evidence"], "the diagnosis quotes its evidence"


def test_cases_in_sync_with_shared() -> None:
    shared = Path(__file__).parents[2] / "shared" / "cases"
    if not shared.exists():
        pytest.skip("no ../shared beside this checkout")
    ours = {p.name for p in CASE_DIRS}
    theirs = {p.name for p in shared.iterdir() if (p / "case.toml").exists()}
    assert theirs <= ours, f"copy the new cases: {sorted(theirs - ours)}"


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case_quoted_in_a_forum_post(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same texts pasted as Markdown quotes (`> ` before every line) into one post give the same diagnosis."""
    meta = tomllib.loads((case / "case.toml").read_text())
    post = ["I tried everything, here is what I got:", ""]
    for text in sorted(p for p in case.iterdir() if p.name != "case.toml"):
        post += [f"> {line}" if line else ">" for line in text.read_text(errors="replace").splitlines()]
        post += ["", "and then:", ""]
    quoted = tmp_path / "post"
    quoted.mkdir()
    (quoted / "1.txt").write_text("\n".join(post) + "\n")
    rc, out = analyze(tmp_path, quoted, capsys)
    findings = out["findings"]
    if meta["expect"] == ["none"]:
        assert not [f["id"] for f in findings if f["severity"] in ("error", "warning")]
    else:
        assert findings and findings[0]["id"] in meta["expect"], [f["id"] for f in findings]
