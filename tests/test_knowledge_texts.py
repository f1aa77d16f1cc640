"""Every knowledge entry names the real texts it must diagnose first, and `doctor analyze` does.

An entry lists `[[texts]]`: a case folder of tests/cases (whose texts go in under neutral names) or a short
quoted text with its source. An id that only live probes or guided steps can see says why in `no_texts`.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from doctor import knowledge
from doctor.cli import main

from conftest import FIRST_FINDINGS, input_key

ROOT = Path(__file__).parents[1]
ENTRIES = knowledge.load()
TEXTS = [(e.id, i, t) for e in ENTRIES for i, t in enumerate(e.texts)]


def test_every_entry_has_texts_or_says_why() -> None:
    bare = [e.id for e in ENTRIES if not e.texts and not e.no_texts]
    assert not bare, f"entries with no [[texts]] and no no_texts reason: {bare}"


@pytest.mark.parametrize(("fid", "i", "text"), TEXTS, ids=[f"{fid}-{i}" for fid, i, _ in TEXTS])
def test_entry_text_is_diagnosed_first(fid: str, i: int, text: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = []
    accept = {fid}
    if "case" in text:
        case = ROOT / text["case"]
        assert (case / "case.toml").exists(), f"{fid}: no case folder {text['case']}"
        meta = tomllib.loads((case / "case.toml").read_text())
        assert fid in meta["expect"], f"{fid} lists {text['case']}, whose expect is {meta['expect']}"
        accept |= set(meta["expect"])
        texts = sorted(p for p in case.iterdir() if p.name != "case.toml")
        # the case's texts as tests/test_cases.py::test_case analyzes them (same names, same bytes): its first finding,
        # when this worker has it (conftest.FIRST_FINDINGS), answers; anything else is analyzed here, as before
        key = input_key([(f"{n}.txt", src.read_bytes()) for n, src in enumerate(texts, start=1)])
        if FIRST_FINDINGS.get(key) in accept:
            return
        for n, src in enumerate(texts, start=1):
            dest = tmp_path / f"{n}.txt"
            shutil.copyfile(src, dest)
            files.append(str(dest))
    else:
        dest = tmp_path / "1.txt"
        dest.write_text(text["text"] + "\n")
        files.append(str(dest))
    capsys.readouterr()
    main(["analyze", "--json", *files])
    findings = json.loads(capsys.readouterr().out)["findings"]
    if "case" in text:
        FIRST_FINDINGS[key] = findings[0]["id"] if findings else None
    assert findings, f"{fid}: no finding for {text}"
    assert findings[0]["id"] in accept, f"{fid}: first finding {findings[0]['id']}; all {[f['id'] for f in findings]}"
