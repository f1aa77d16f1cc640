"""A failure line something overcame is marked, never pruned, and every reader sees the standing ones through one view
(derive.failure_lines; unexplained_failures quotes from the same test)."""

from __future__ import annotations

import re
from pathlib import Path

from doctor import derive
from textkit import facts

ROOT = Path(__file__).resolve().parent.parent

# esphome-flasher #46 (tests/cases/esphome-flasher-46-...): a refused open of COM17, then the next click opened it and
# the chip did not answer: the refusal was a moment's holder, the time-out is what counts
BUSY_THEN_TALKED = """\
Connecting.......Using 'COM17' as serial port.
Unexpected error: could not open port 'COM17': PermissionError(13, 'Zugriff verweigert', None, 5)
._____....._____....._____....._____....._____....._____....._____
Unexpected error: ESP Chip Auto-Detection failed: Failed to connect to Espressif device: Timed out waiting for packet header
"""


def test_an_overcome_line_is_marked_and_left_out_of_every_view() -> None:
    snap = facts(BUSY_THEN_TALKED)
    busy = [r for r in snap["text"]["failures"] if "could not open port" in r["line"]]
    assert busy, "the failure scan keeps its copy of the refused open"
    assert {(m["source"], m["lineno"]) for m in snap["text"]["overcome"]} >= {(r["source"], r["lineno"]) for r in busy}
    standing = derive.failure_lines(snap)
    assert not [r for r in standing if "could not open port" in r["line"]]
    assert [r for r in standing if "Timed out waiting for packet header" in r["line"]]
    quoted = derive.unexplained_failures(snap)
    assert not [g for g in quoted if "could not open port" in (g["line"] or "")]


def test_no_entry_reads_the_failure_scan_around_the_marks() -> None:
    """An entry asking whether the text shows a failure reads derived.failure_lines: `text.failures` itself still holds
    lines a parser marked overcome, so reading it would disagree with GEN001 about the same text."""
    direct = [p.name for p in sorted((ROOT / "knowledge" / "entries").glob("*.toml"))
              if re.search(r"(?m)^expr = .*\btext\.failures\b", p.read_text(encoding="utf-8"))]
    assert direct == []
