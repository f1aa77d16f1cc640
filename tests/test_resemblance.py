"""What a text resembles (doctor/resemblance.py): the index follows the case folders, a stream's sample reads as its
file does, and the engine names a cause by resemblance only where no rule names one, never with an action."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from doctor import engine, resemblance
from doctor.cli import main
from doctor.parsers import analyze_files

from conftest import CASES

ROOT = Path(__file__).resolve().parent.parent


def test_index_matches_the_case_folders() -> None:
    """knowledge/resemblance.json.gz is made from tests/cases (tests/misses stays out: it is scored as threads the
    index has not seen): a case added, moved or relabelled without `python -m doctor.resemblance build` fails here."""
    fresh = resemblance.build([CASES])
    shipped = resemblance._raw()
    assert shipped is not None, "knowledge/resemblance.json.gz is missing: python -m doctor.resemblance build"
    assert len(shipped["threads"]) == len(fresh["threads"]), "the index is stale: python -m doctor.resemblance build"
    assert shipped == json.loads(json.dumps(fresh)), "the index is stale: python -m doctor.resemblance build"


@pytest.mark.parametrize("size", [10_000, 150_000, 450_000])
def test_a_streams_sample_reads_as_its_file(tmp_path: Path, size: int) -> None:
    """What analyze keeps of a stream (head and tail) gives the words the index took from the same file."""
    line = "stm32 DFU 0483:df11 — Zadig WinUSB libusb_error_not_supported Größe 0x08000000\n"
    text = (line * (size // len(line.encode()) + 1)).encode()[:size]
    path = tmp_path / "t.txt"
    path.write_bytes(text)
    sampler = resemblance.Sampler(io.BytesIO(text))
    while sampler.read(65_536):
        pass
    assert resemblance.words_of(sampler.text()) == resemblance.words_of(resemblance.file_text(path))
    assert sampler.total == size


def _case(folder: Path, name: str, expect: str, text: str) -> None:
    d = folder / name
    d.mkdir(parents=True)
    (d / "case.toml").write_text(f'source = "https://example.org/{name}"\nexpect = ["{expect}"]\n')
    (d / "1.txt").write_text(text)


@pytest.fixture
def small_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sixteen threads: three resolved as USB004 (a Windows DFU driver), two as SER003, one healthy like the USB004
    ones, ten healthy of other words."""
    folder = tmp_path / "idx"
    driver = "quokkaflash reports frobnitz handle refused zadig winusb driver swapped afterwards"
    _case(folder, "a1", "USB004", driver + " alpha")
    _case(folder, "a2", "USB004", driver + " beta")
    _case(folder, "a3", "USB004", driver + " gamma")
    _case(folder, "b1", "SER003", "serialthing port busy another program holds com7 alpha")
    _case(folder, "b2", "SER003", "serialthing port busy another program holds com7 beta")
    _case(folder, "c1", "none", "quokkaflash wrote 4096 bytes verified done gamma")
    for i in range(10):  # threads of other words: a word more than 30 % of the threads hold says nothing (MAX_DF)
        _case(folder, f"f{i}", "none", f"unrelated{i} words{i} here{i}")
    raw = json.loads(json.dumps(resemblance.build([folder])))
    idx = resemblance.Index(raw)
    monkeypatch.setattr(resemblance, "_raw", lambda: raw)
    monkeypatch.setattr(resemblance, "_vocab", lambda: frozenset(raw["vocab"]))
    monkeypatch.setattr(resemblance, "index", lambda: idx)


def _ids(findings: list) -> list[str]:
    return [f.id for f in findings]


def test_an_unexplained_failure_takes_the_cause_its_nearest_threads_share(tmp_path: Path, small_index: None) -> None:
    text = tmp_path / "paste.txt"
    text.write_text("$ quokkaflash -w fw.bin\nError: quokkaflash reports frobnitz handle refused\n")
    findings = engine.evaluate(analyze_files([str(text)]))
    assert _ids(findings)[:2] == ["USB004", "GEN001"], _ids(findings)
    first = findings[0]
    assert first.actions == [] and first.severity == "warning"
    assert first.evidence and all(path == "text.resembles" for path, _ in first.evidence)
    assert "https://example.org/a1" in first.links
    # (s25) no commands to copy from a guess (an entry's commands may erase or flash); the fix is said in words
    assert first.remediation.get("commands") == [] and first.remediation.get("text"), first.remediation
    assert first.remediation["text"].startswith("If your case is one of those threads' kind: ")
    assert "resemblance" in first.message


def test_a_rule_that_names_the_cause_keeps_it(tmp_path: Path, small_index: None) -> None:
    """st-flash's chipid 0x0000 is a recognised message: no resemblance is asked for."""
    text = tmp_path / "paste.txt"
    text.write_text(
        "st-flash 1.7.0\nquokkaflash reports frobnitz handle refused\nWARN common.c: unknown chip id! 0x0000\n"
        "Failed to connect to target\nFailed to parse flash type or unrecognized flash type\n"
    )
    findings = engine.evaluate(analyze_files([str(text)]))
    assert findings and findings[0].id != "USB004"
    assert all(path != "text.resembles" for f in findings for path, _ in f.evidence)


def test_a_text_without_failure_needs_both_readings(tmp_path: Path, small_index: None) -> None:
    """Silent texts: the vote's share and the Bayes reading must agree; a text like the healthy thread says nothing."""
    healthy = tmp_path / "ok.txt"
    healthy.write_text("quokkaflash wrote 4096 bytes verified done\n")
    assert not [f for f in engine.evaluate(analyze_files([str(healthy)])) if f.severity in ("error", "warning")]
    words = ["serialthing", "port", "busy", "holds", "com7"]
    assert resemblance.guess(words, failed=False)["id"] == "SER003"  # type: ignore[index]
    assert resemblance.guess(["gamma"], failed=False) is None  # the vote is split (a3 and the healthy c1)


def test_words_from_a_snapshot_are_data(tmp_path: Path, small_index: None) -> None:
    """A snapshot's words are matched against the index's list only: markup, non-strings and unknown words do nothing."""
    facts = analyze_files([str(_write(tmp_path, "Error: quokkaflash reports frobnitz handle refused\n"))])
    facts["text"]["words"] = facts["text"]["words"] + ["[bold red]x[/]", 7, None, "__import__('os')"]
    findings = engine.evaluate(facts)
    assert findings[0].id == "USB004"
    facts["text"]["words"] = "not a list"
    assert "USB004" not in _ids(engine.evaluate(facts))


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "paste.txt"
    p.write_text(text)
    return p


def test_fix_plans_nothing_from_a_resemblance(tmp_path: Path, small_index: None, capsys: pytest.CaptureFixture[str]) -> None:
    snap = tmp_path / "snap.json"
    paste = _write(tmp_path, "Error: quokkaflash reports frobnitz handle refused\n")
    assert main(["analyze", "--save", str(snap), str(paste)]) in (0, 1)
    capsys.readouterr()
    rc = main(["fix", "USB004", "--from", str(snap)])
    out = capsys.readouterr().out
    assert rc == 2  # the finding stands (as for any fault without an action), nothing ran
    assert "no automatic action for USB004 named by resemblance" in " ".join(out.split())
    assert "Plan" not in out


def test_a_healthy_tool_run_gets_a_note_never_a_warning(tmp_path: Path, small_index: None) -> None:
    """(s24) A tool's run read whole without a failure (avrdude's successful run, in the format of its source), beside
    words the USB004 threads share: the resemblance is a note, so a healthy log still has no warning or error. With a
    rule's note on the same text, that reading stands."""
    run = (
        "avrdude: AVR device initialized and ready to accept instructions\n"
        "avrdude: Device signature = 0x1e950f (probably m328p)\n"
        "avrdude: 1024 bytes of flash verified\n\navrdude done.  Thank you.\n"
    )
    text = _write(tmp_path, run + "frobnitz handle zadig winusb driver swapped afterwards\n")
    findings = engine.evaluate(analyze_files([str(text)]))
    assert _ids(findings) == ["USB004"], _ids(findings)
    assert findings[0].severity == "info" and findings[0].actions == []
    assert "Nothing in this text reads as a failure" in findings[0].message
    plain = _write(tmp_path, run)
    assert engine.evaluate(analyze_files([str(plain)])) == []  # no neighbour's words: silence stays silence


def test_a_tools_parser_that_read_only_sentences_is_no_tool_run(tmp_path: Path, small_index: None) -> None:
    """(s24) uf2-drive reads a person's sentences about the BOOTSEL drive (its events all `said_*`): a text of such
    sentences alone is a person's account, so the resemblance speaks as after a person's words (a warning), not as a
    note beside a healthy tool run."""
    text = _write(tmp_path, "I dragged blink.uf2 onto RPI-RP2.\nfrobnitz handle zadig winusb driver swapped afterwards\n")
    facts = analyze_files([str(text)])
    assert "uf2-drive" in [b["tool"] for s in facts["sources"] for b in s["blocks"]]
    findings = engine.evaluate(facts)
    assert _ids(findings)[:1] == ["USB004"] and findings[0].severity == "warning", [(f.id, f.severity) for f in findings]
