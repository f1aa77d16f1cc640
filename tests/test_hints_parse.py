"""Every `doctor ...` line doctor prints parses with doctor's own parser, and no text shows an unfilled
{placeholder} (issues 10 and 12): a hint that leads nowhere is worse than none."""

from __future__ import annotations

import re
import shlex
import pytest

from doctor import knowledge
from doctor.cli import COMMAND_MODULES, build_parser, main

_COMMANDS = "|".join(COMMAND_MODULES)
_DOCTOR_LINE = re.compile(r"^\s*(?:\$ )?doctor ((?:" + _COMMANDS + r")\b.*)$", re.MULTILINE)  # a command line of its own
_QUOTED = re.compile(r"`doctor ((?:" + _COMMANDS + r")\b[^`]*)`")  # `doctor ...` quoted in prose
_PLACEHOLDER = re.compile(r"(?<![{$])\{[a-z_][a-z0-9_]*\}(?!\})")


def _parses(line: str) -> str | None:
    """None when `doctor LINE` parses; else the error."""
    parser, _ = build_parser()
    try:
        words = shlex.split(line.rstrip(" .,;:"), comments=True)
    except ValueError as exc:
        return f"not a shell line: {exc}"
    try:
        parser.parse_args(words)
    except SystemExit as exc:
        return f"exit {exc.code}"
    return None


def _entry_lines() -> list[tuple[str, str]]:
    out = []
    for e in knowledge.load():
        rem = e.remediation or {}
        texts = [str(rem.get("text") or "")] + [str(c) for c in rem.get("commands") or []] + [str(e.explanation or "")]
        for text in texts:
            for rx in (_DOCTOR_LINE, _QUOTED):
                for m in rx.finditer(text):
                    out.append((e.id, m.group(1)))
    return out


@pytest.mark.parametrize("fid,line", _entry_lines())
def test_every_doctor_line_of_an_entry_parses(fid: str, line: str) -> None:
    assert _parses(line) is None, f"{fid}: `doctor {line}` does not parse ({_parses(line)})"


@pytest.mark.parametrize("fid", sorted(e.id for e in knowledge.load()))
def test_explain_fills_every_placeholder(fid: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", fid]) == 0
    out = capsys.readouterr().out
    assert not _PLACEHOLDER.search(out), f"doctor explain {fid} shows an unfilled {_PLACEHOLDER.search(out).group(0)}"  # type: ignore[union-attr]


def test_no_finding_shows_an_unfilled_placeholder() -> None:
    """Over every real case and every entry's bad examples: messages, fixes and commands are filled."""
    from pathlib import Path

    from doctor import engine
    from doctor.parsers import analyze_files

    root = Path(__file__).resolve().parents[1] / "tests" / "cases"
    snapshots = []
    pasted: dict[str, str] = {}
    for case in sorted(root.glob("*/case.toml")):
        files = [str(p) for p in sorted(case.parent.iterdir()) if p.is_file() and p.name != "case.toml"]
        snapshots.append((case.parent.name, analyze_files(files)))
        # (s25) a `{word}` the pasted text itself holds is its own (an IDE's launcher line with its path left as
        # "{path}/bin/avrdude"), quoted, not a slot left unfilled
        pasted[case.parent.name] = "\n".join(Path(f).read_text(encoding="utf-8", errors="replace") for f in files)
    for e in knowledge.load():
        for ex in e.examples:
            if ex.get("kind") == "bad" and isinstance(ex.get("facts"), dict):
                snapshots.append((f"{e.id} example", ex["facts"]))
    bad = []
    for name, facts in snapshots:
        for f in engine.evaluate(facts):
            rem = f.remediation or {}
            for text in [f.message, str(rem.get("text") or "")] + [str(c) for c in rem.get("commands") or []]:
                m = _PLACEHOLDER.search(text)
                if m and m.group(0) not in pasted.get(name, ""):
                    bad.append(f"{name}: {f.id} {m.group(0)} in {text[:120]!r}")
    assert not bad, "\n".join(bad[:20])


def test_a_flash_command_takes_the_address_from_the_build() -> None:
    """BOOT003's dfu-util line writes where the Klipper build on this host starts, not a slot, not 0x08000000."""
    from doctor import engine

    facts = {
        "dfu": {"runs": [{"tool": "dfu-util", "events": [{"kind": "no_dfu_device", "line": "dfu-util: No DFU capable USB device available", "fail": True}]}]},
        "klipper": {"config": {"mcu": "stm32f446xx", "application_address": 0x08008000}},
    }
    found = [f for f in engine.evaluate(facts) if "<APP_ADDRESS>" in " ".join(f.remediation.get("commands") or []) or "0x08008000" in " ".join(f.remediation.get("commands") or [])]
    assert found, [f.id for f in engine.evaluate(facts)]
    for f in found:
        assert "<APP_ADDRESS>" not in " ".join(f.remediation.get("commands") or []), f.id
