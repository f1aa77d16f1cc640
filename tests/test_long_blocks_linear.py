"""Long single blocks are read in time linear in their length, with their events bounded (session 13).

Three shapes that were not: picotool's progress bar pasted line by line (every progress line looked back over every
event for an earlier wait: 20,000 lines took 15 s), a log whose every line carries a time stamp (st-flash's debug log:
each stamped line was classified alone, both with and without its stamp, a full literal scan each: 20,000 lines took
13 s, now 5 s), and any block that records an event for most of its lines (its events grew with the log, and every rule looked
at all of them). Eight times the lines may cost about eight times the time, never the sixty-four of a quadratic pass;
a block keeps at most about 2 x Parser.KEEP_RECENT_EVENTS events plus the first copies of each kind."""

from __future__ import annotations

import time
from typing import Any

from doctor.parsers import Parser, parse_stream
from doctor.parsers._prefilter import Prefilter


def _best(make: Any, n: int) -> tuple[float, dict[str, Any]]:
    """The fastest of three parses, each of a text not seen before (the classifier remembers the lines it saw)."""
    best = float("inf")
    out: dict[str, Any] = {}
    for run in range(3):
        lines = make(n, _best.__dict__.setdefault("seed", [0]))
        t = time.perf_counter()
        out = parse_stream(iter(lines), "long.txt")
        best = min(best, time.perf_counter() - t)
    return best, out


def _progress(n: int, seed: list[int]) -> list[str]:
    seed[0] += 1
    head = ["Warning: Picotool did not detect any RPxxxx devices in BOOTSEL mode. Upload might fail."]  # a wait the load overcomes
    return head + [f"Loading into Flash: [{'=' * (i % 30):<30}]  {(i + seed[0]) % 100}% {seed[0]}" for i in range(n)]


def _stamped(n: int, seed: list[int]) -> list[str]:
    seed[0] += 1
    return [f"2023-01-01T10:{i // 60 % 60:02d}:{i % 60:02d} INFO common.c: Flash page at addr: 0x{0x08000000 + 2048 * (i + seed[0] * n):08x} erased"
            for i in range(n)]


def test_a_picotool_progress_bar_pasted_line_by_line_is_linear() -> None:
    small, _ = _best(_progress, 1_000)
    large, out = _best(_progress, 8_000)
    assert large < small * 16
    runs = out["flash"]["runs"]
    waits = [e for r in runs for e in r["events"] if e["kind"].startswith("rp2040_")]
    assert waits and all(e["kind"] == "rp2040_waited" and not e.get("fail") for e in waits)  # still overcome by the load


def test_a_stamped_log_is_classified_a_batch_at_a_time(monkeypatch: Any) -> None:
    calls = [0]
    scan = Prefilter.scan

    def counted(self: Prefilter, lines: Any) -> Any:
        calls[0] += 1
        return scan(self, lines)

    monkeypatch.setattr(Prefilter, "scan", counted)
    small, _ = _best(_stamped, 1_000)
    large, out = _best(_stamped, 8_000)
    assert large < small * 16
    assert [r["tool"] for r in out["stlink"]["runs"]] == ["st-link"]  # the stamps are st-flash's own: one block
    assert calls[0] < 100  # a few scans a batch of 2,048 lines (it was two for every stamped line: 54,000 here)


class _Counter(Parser):
    """A parser-shaped recorder (not registered): one event per line, a few kinds, numbers in each."""

    name = "counter"

    def feed(self, lineno: int, line: str) -> None:
        kind = ("a", "b", "c")[lineno % 3] if lineno != 7_777 else "rare"
        self.event(kind, lineno, line, addr=lineno)

    def finish(self) -> dict[str, Any]:
        return {"x": {"runs": [self.run()]}}


def test_a_block_keeps_its_events_bounded_every_kind_and_the_latest() -> None:
    p = _Counter("t.txt")
    for i in range(1, 50_001):
        p.feed(i, f"line {i}")
    run = p.finish()["x"]["runs"][0]
    events = run["events"]
    keep = int(Parser.KEEP_RECENT_EVENTS or 0)
    assert len(events) <= 3 * keep + 4 * Parser.FIRSTS_PER_KIND
    assert run["events_omitted"] == 50_000 - len(events)
    assert events[-1]["lineno"] == 50_000  # the latest stay
    assert any(e["kind"] == "rare" for e in events)  # a kind seen once stays, whenever it came
    assert [e["lineno"] for e in events] == sorted(e["lineno"] for e in events)  # in order
    a = [e["lineno"] for e in events if e["kind"] == "a"]
    assert a[:Parser.FIRSTS_PER_KIND] == [3 * k for k in range(1, Parser.FIRSTS_PER_KIND + 1)]  # the first of a kind stay
    assert a[Parser.FIRSTS_PER_KIND] > 50_000 - 3 * keep  # then only the latest


def test_a_short_block_keeps_every_event() -> None:
    p = _Counter("t.txt")
    for i in range(1, 2 * int(Parser.KEEP_RECENT_EVENTS or 0) + 1):
        p.feed(i, f"line {i}")
    run = p.finish()["x"]["runs"][0]
    assert len(run["events"]) == 2 * int(Parser.KEEP_RECENT_EVENTS or 0) and "events_omitted" not in run


def test_the_piece_filter_scans_exactly_like_a_find_per_needle(monkeypatch: Any) -> None:
    """A big ASCII batch is first narrowed to the needles whose 3-character pieces all occur in it (_present): the
    candidate masks must be the same as a find over the batch for every needle (the filter turned off)."""
    from pathlib import Path

    from doctor.parsers import _prefilter, load_all

    parsers = load_all()
    cases = Path(__file__).parent / "cases"
    lines: list[str] = []
    for p in sorted(cases.glob("*/*"))[:3000]:
        if p.name != "case.toml":
            lines += [ln for ln in p.read_text(encoding="utf-8", errors="replace").splitlines() if ln.isascii()]
    lines = list(dict.fromkeys(lines))[:6000]
    lines += [ln.upper() for ln in lines[:500]] + [ln.lower() for ln in lines[500:1000]]
    assert sum(map(len, lines)) > 10 * _prefilter.GRAM_FILTER_CHARS
    filtered = Prefilter(parsers).scan(lines)
    monkeypatch.setattr(_prefilter, "GRAM_FILTER", False)
    plain = Prefilter(parsers).scan(lines)
    assert filtered == plain


def test_a_namespace_keeps_its_runs_events_bounded_whole_runs_first_and_latest() -> None:
    from doctor.facts import bound_run_events

    runs = [{"tool": "t", "events": [{"kind": "k", "lineno": i * 100 + j} for j in range(50)], "n": i} for i in range(1_000)]
    facts = bound_run_events({"x": {"runs": runs}}, budget=5_000)
    kept = facts["x"]["runs"]
    assert sum(len(r["events"]) for r in kept) <= 5_000
    assert kept[0]["n"] == 0 and kept[-1]["n"] == 999  # the first runs and the latest stay
    assert all(len(r["events"]) == 50 for r in kept)  # whole runs: what a rule reads of one run stays true
    assert facts["x"]["runs_omitted"] == 1_000 - len(kept)
    small = {"x": {"runs": [{"events": [{"kind": "k"}] * 10}] * 5}}
    assert bound_run_events(small, budget=5_000) == {"x": {"runs": [{"events": [{"kind": "k"}] * 10}] * 5}}  # below: unchanged


def test_a_text_of_many_eventful_blocks_reaches_the_rules_bounded() -> None:
    from doctor.facts import MAX_RUN_EVENTS

    lines: list[str] = []
    for b in range(1_500):  # 1,500 openocd blocks (another tool's line between), 30 distinct events each
        lines += ["esptool.py v4.5", "Open On-Chip Debugger 0.12.0"] + [f"Info : Target voltage: {b}.{i:03d}" for i in range(30)]
    out = parse_stream(iter(lines), "many.txt")
    runs = out["openocd"]["runs"]
    assert sum(len(r["events"]) for r in runs) <= MAX_RUN_EVENTS
    assert out["openocd"]["runs_omitted"] > 0
