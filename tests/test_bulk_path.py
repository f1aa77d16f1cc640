"""The bulk path (doctor.parsers.BULK, session 17) gives what the per-line path gives.

While a block is open, runs of lines that change nothing are skipped from their shapes (every digit read as 0) and
lines are classified per shape where the shape decides it. Each kind of long log of benchmarks/bench_analyze.py, cut to
a few hundred KB and with lines mixed in that must not be skipped (blank lines, fences, failures, other tools' lines,
lines that only their digits set apart, a probe count waiting for its block), must give the same facts and the same
findings both ways.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

import doctor.parsers as parsers
from doctor import engine
from doctor import facts as factmod
from doctor.parsers import kernel_log
from doctor.parsers._prefilter import _DIGITS_AS_0, digit_blind, digit_upward

ROOT = Path(__file__).resolve().parents[1]


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_analyze", ROOT / "benchmarks" / "bench_analyze.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


# lines a run must stop at, or that only their digits tell apart from lines a run skips
_MIXED = [
    "", "", "```", "~~~", "   ", "Error: flash failed", "exit status 1", "Found 0 serial ports",
    "Dec  6 10:00:01 mainsailos kernel: [12.345678] usb 1-1.3: new full-speed USB device number 7 using xhci_hcd",
    "Dec  6 10:00:02 mainsailos kernel: [12.445678] usb 1-1.3: New USB device found, idVendor=1a86, idProduct=7523, bcdDevice=81.34",
    "Dec  6 10:00:02 mainsailos kernel: [12.445679] usb 1-1.3: Product: USB Serial",
    "Dec  6 10:00:03 mainsailos kernel: [12.545678] ch341 1-1.3:1.0: device disconnected",
    "Dec  6 10:00:03 mainsailos ModemManager[812]: <info>  (ttyACM0) opening serial port...",
    "Dec  6 10:00:04 mainsailos kernel: [13.1] cdc_acm 1-1:1.0: ttyACM0: USB ACM device",
    "2023-01-01T10:00:05 ERROR common.c: Flash loader run error",
    "2023-01-01T10:00:05 WARN md5.c: receiving status failed: -1",
    "2023-01-01T10:00:06 INFO common.c: F1xx Medium-density: 20 KiB SRAM, 128 KiB flash in at least 1 KiB pages.",
    "0x0410", "st-info --probe", "Found 1 stlink programmers", "pi@host:~ $ st-flash write fw.bin 0x8000000",
    "USB device not recognized (Code 43)", "The device cannot start. (Code 10)",
    "Loading into Flash: [==============================]  100%", "OK",
    "avrdude: stk500_recv(): programmer is not responding",
    "Hi, any idea? It just hangs there.", "Waiting for the new upload port...",
    "> quoted: dfu-util: No DFU capable USB device available",
    "mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0",
]


def _kinds(tmp: Path) -> dict[str, Path]:
    bench = _bench()
    out = bench.write_tool_logs(tmp, 0.45)
    bench.write_klippy_log(tmp / "klippy.log", 0.15)
    out["klippy.log"] = tmp / "klippy.log"
    bench.write_restart_loop_log(tmp / "restart.log", 0.15)
    out["restart loop"] = tmp / "restart.log"
    bench.write_forum_paste(tmp / "forum.txt", 0.05)
    out["forum paste"] = tmp / "forum.txt"
    return out


def _facts_both_ways(path: Path) -> tuple[str, str, list[Any], list[Any]]:
    got = []
    old = parsers.BULK
    try:
        for bulk in (True, False):
            parsers.BULK = bulk
            facts = parsers.analyze_files([str(path)])
            facts.pop("created", None)
            findings = engine.evaluate(facts)
            got.append((json.dumps(facts, sort_keys=True, default=str),
                        [json.dumps(f.to_json(), sort_keys=True, default=str) for f in findings]))
    finally:
        parsers.BULK = old
    return got[0][0], got[1][0], got[0][1], got[1][1]


def _mixed(path: Path, seed: int) -> Path:
    """The same text with the _MIXED lines put in at random places (runs of them too)."""
    rng = random.Random(seed)
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    for line in lines:
        out.append(line)
        if rng.random() < 0.01:
            out.extend(rng.choice(_MIXED) for _ in range(rng.randint(1, 4)))
    mixed = path.with_name(path.stem + f"-mixed{seed}" + path.suffix)
    mixed.write_text("\n".join(out), encoding="utf-8")
    return mixed


def test_bulk_path_gives_the_per_line_facts_and_findings(tmp_path: Path) -> None:
    for name, path in _kinds(tmp_path).items():
        for p in (path, _mixed(path, 1)):
            before, fed = parsers.BULK_SKIPPED[0], parsers.BULK_FED[0]
            bulk_facts, line_facts, bulk_findings, line_findings = _facts_both_ways(p)
            assert bulk_findings == line_findings, (name, p.name)
            assert bulk_facts == line_facts, (name, p.name)
            if name in ("st-flash debug log", "host syslog"):
                assert parsers.BULK_SKIPPED[0] - before > 1000, (name, p.name)  # the bulk path did run
            if name == "host syslog":
                assert parsers.BULK_FED[0] - fed > 100, (name, p.name)  # its USB events fed unclassified


@pytest.mark.parametrize("seed", [2])
def test_bulk_path_on_mixed_tool_logs(tmp_path: Path, seed: int) -> None:
    bench = _bench()
    for name, path in bench.write_tool_logs(tmp_path, 0.1).items():
        bulk_facts, line_facts, bulk_findings, line_findings = _facts_both_ways(_mixed(path, seed))
        assert (bulk_facts, bulk_findings) == (line_facts, line_findings), name


def test_parse_text_agrees_both_ways() -> None:
    """parse_text (a live tool's output, no TextReader) takes the bulk path too."""
    lines = [f"2023-01-01T10:00:{i % 60:02d} DEBUG common.c: *** stlink_write_mem32 {1024 + i} ***" for i in range(5000)]
    lines[2500:2500] = ["", "2023-01-01T10:41:40 ERROR common.c: stlink_fwrite_flash() == -1", ""]
    text = "\n".join(lines)
    old = parsers.BULK
    try:
        parsers.BULK = True
        fast = parsers.parse_text(text, "st-flash")
        parsers.BULK = False
        slow = parsers.parse_text(text, "st-flash")
    finally:
        parsers.BULK = old
    assert json.dumps(fast, sort_keys=True, default=str) == json.dumps(slow, sort_keys=True, default=str)


def test_kernel_log_reads_shapes_like_lines() -> None:
    """KernelLogParser.quiet_shape reads a shape with split_prefix and parse_message: every regular expression they use
    must be digit-blind, and a quiet shape's lines must give no event."""
    for name in ("_QUOTE", "_LINENO", "_KMSG", "_LEVEL", "_FACILITY", "_JOURNAL", "_BARE_PROC", "_SYSLOG_UNTAGGED",
                 "_DMESG_ISO", "_DMESG_MONO", "_DMESG_WALL", "_HEAD", "_MM_TTY", "_MM_PROBE"):
        pattern = getattr(kernel_log, name).pattern
        # driver names with digits are read only where the shape does not hold their shapes (quiet_shape says no)
        for driver in ("ch341", "cp210x", "pl2303", "ch9102", "ch34x"):
            assert kernel_log._DRIVER_SHAPES.search(driver.translate(_DIGITS_AS_0)), driver
            pattern = pattern.replace(driver, "driver")
        assert digit_blind(pattern), name
    source = Path(kernel_log.__file__).read_text(encoding="utf-8")
    body = source[source.index("def split_prefix"):source.index("def _vendor_disconnect")]
    inline = re.findall(r"re\.(?:search|match|sub)\(r?\"([^\"]+)\"", body)
    assert all(digit_blind(p) for p in inline), inline
    rng = random.Random(7)
    lines = [m for case in sorted((ROOT / "tests" / "cases").glob("*/*")) if case.name != "case.toml" and case.is_file()
             for m in case.read_text(encoding="utf-8", errors="replace").splitlines()
             if "usb" in m.lower() or "kernel" in m.lower() or "tty" in m.lower()]
    checked = 0
    for line in rng.sample(lines, min(3000, len(lines))):
        line = re.sub(r"\d", lambda _: str(rng.randint(0, 9)), line)
        if kernel_log.KernelLogParser.quiet_shape(line.translate(_DIGITS_AS_0)):
            checked += 1
            assert kernel_log.parse_message(*kernel_log.split_prefix(line)[:2]) is None, line
    assert checked > 100


def test_digit_upward_patterns_match_every_line_of_a_shape_they_match() -> None:
    """digit_upward: a pattern that matches a line's shape matches the line (every registered pattern, case lines with
    their digits changed at random)."""
    rng = random.Random(11)
    patterns = sorted({p for cls in parsers.load_all() for p in (*cls.strong, *cls.weak) if digit_upward(p) and not digit_blind(p)})
    assert patterns
    lines = [m for case in sorted((ROOT / "tests" / "cases").glob("*/*"))[:400] if case.name != "case.toml" and case.is_file()
             for m in case.read_text(encoding="utf-8", errors="replace").splitlines()[:200]]
    compiled = [re.compile(p) for p in patterns]
    for line in rng.sample(lines, min(1500, len(lines))):
        line = re.sub(r"\d", lambda _: str(rng.randint(0, 9)), line)
        shape = line.translate(_DIGITS_AS_0)
        for rx in compiled:
            if rx.search(shape):
                assert rx.search(line), (rx.pattern, line)


def test_collapse_keeps_both_ways_equal_on_a_restart_loop(tmp_path: Path) -> None:
    bench = _bench()
    path = tmp_path / "restart.log"
    bench.write_restart_loop_log(path, 0.2)
    old = parsers.BULK
    try:
        parsers.BULK = True
        fast = factmod.collapse_repeats(parsers.parse_stream(iter(path.read_text().splitlines()), "r"))
        parsers.BULK = False
        slow = factmod.collapse_repeats(parsers.parse_stream(iter(path.read_text().splitlines()), "r"))
    finally:
        parsers.BULK = old
    assert json.dumps(fast, sort_keys=True, default=str) == json.dumps(slow, sort_keys=True, default=str)


def test_undecorate_reads_spans_from_shapes() -> None:
    """_undecorate_shapes takes a line's bare form as the same slice of it as of its shape: the stamp and list-marker
    patterns must be digit-blind, and the spans must give _bare's answer."""
    assert digit_blind(parsers._STAMP.pattern) and digit_blind(parsers._BULLET.pattern)
    rng = random.Random(3)
    for line in ["2023-01-01T10:00:00 DEBUG common.c: x", "[12:34:56.789] -> avrdude: done", "- 12:00:01 ok", "* [1:02:03] x",
                 "12:34:56 : ST-LINK", "  - `ticks`", "17:09:41.123 -> Connecting....", "plain line", ""]:
        for _ in range(5):
            line = re.sub(r"\d", lambda _: str(rng.randint(0, 9)), line)
            span = parsers._bare_span(line.translate(_DIGITS_AS_0))
            if span is not None:
                assert line[span[0]:span[1]] == parsers._bare(line), line


def test_hint_masks_give_every_parsers_hint_state() -> None:
    """Prefilter._hint_masks (one find per hint over a batch's shapes) answers as _hint_state does, parser by parser."""
    pf = parsers._Matcher(parsers.registry_order()).prefilter
    rng = random.Random(13)
    lines = [m for case in sorted((ROOT / "tests" / "cases").glob("*/*"))[::7] if case.name != "case.toml" and case.is_file()
             for m in case.read_text(encoding="utf-8", errors="replace").splitlines()[:40]]
    shapes = [ln.translate(_DIGITS_AS_0) for ln in rng.sample(lines, min(600, len(lines)))] + ["", "RP2040 0", "İstanbul"]
    states = {True: 1, None: 2, False: 0}
    for shape, (yes, maybe) in zip(shapes, pf._hint_masks(shapes)):
        low = shape.lower()
        for i in range(len(pf.parsers)):
            bit = 1 << i
            got = 1 if yes & bit else 2 if maybe & bit else 0
            assert got == states[pf._hint_state(i, low)], (pf.parsers[i].name, shape)


def test_deferred_events_thin_as_one_by_one() -> None:
    """Parser.defer_events then flush_deferred leaves the events, the count omitted and the next thinning's point as
    recording each event with Parser.event does, over runs of many sizes between events of other kinds."""
    from doctor.parsers.picotool import PicotoolParser

    rng = random.Random(5)
    for trial in range(6):
        one, lazy = PicotoolParser("s"), PicotoolParser("s")
        n = 0
        for _ in range(rng.randint(5, 40)):
            count = rng.choice([1, 2, 7, 499, 500, 501, 999, 1000, 1001, 1500, 2049, rng.randint(1, 5000)])
            items = [(n + k + 1, f"Loading into Flash: [{'=' * ((n + k) % 31):<30}]  {(n + k) % 101}%") for k in range(count)]
            n += count
            for lineno, line in items:
                one.event("picotool_progress", lineno, line, name="Loading into", memory="Flash")
            k = 0  # the lazy one defers once the kind is saturated, as the splitter does
            while k < len(items) and "picotool_progress" not in lazy._saturated:
                lazy.event("picotool_progress", items[k][0], items[k][1], name="Loading into", memory="Flash")
                k += 1
            if k < len(items):
                lazy.defer_events(items[k:])
            for _ in range(rng.randint(0, 40) if rng.random() < 0.5 else 0):
                n += 1
                kind = rng.choice(["picotool_error", "rp2040_waited", "flash_succeeded"])
                lazy.flush_deferred()
                for p in (one, lazy):
                    p.event(kind, n, f"other {n % 37}")
        lazy.flush_deferred()
        assert lazy.events == one.events, trial
        assert (lazy.events_omitted, lazy._events_high) == (one.events_omitted, one._events_high), trial


# picotool's own lines and others put between its progress lines: the deferred events must be built before each
_PICO_MIXED = [
    "", "OK", "Verifying Flash: [==============================]  100%", "Loading into Flash: [==============================]  100%",
    "Loading into Flash: [==============================]  99%", "ERROR: Communication with RP2040 device failed",
    "The device was rebooted to start the application.", "No accessible RP2040 devices in BOOTSEL mode were found.",
    "Warning: Picotool did not detect any RPxxxx devices in BOOTSEL mode. Upload might fail.", "Error: flash failed",
    "Hi, any idea? It just hangs there.", "```", "avrdude: stk500_recv(): programmer is not responding",
]


@pytest.mark.parametrize("seed", [1, 2])
def test_deferred_progress_events_give_the_per_line_facts(tmp_path: Path, seed: int) -> None:
    """A progress bar's events are deferred (Parser.defer_events) in long runs: the same facts and findings as the per-line
    path, with picotool's own lines, blank lines, a fence and other tools' lines between runs, a load's end at a run's
    end, and the text ending inside a run."""
    rng = random.Random(seed)
    lines = ["Warning: Picotool did not detect any RPxxxx devices in BOOTSEL mode. Upload might fail."]
    name = "Loading into"
    for i in range(9000):
        if rng.random() < 0.0015:
            lines.extend(rng.choice(_PICO_MIXED) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.0005:
            name = "Verifying" if name == "Loading into" else "Loading into"
        lines.append(f"{name} Flash: [{'=' * (i % 31):<30}]  {rng.choice([i % 101, 100])}%")
    path = tmp_path / "pico.log"
    path.write_text("\n".join(lines), encoding="utf-8")
    before = parsers.BULK_DEFERRED[0]
    bulk_facts, line_facts, bulk_findings, line_findings = _facts_both_ways(path)
    assert parsers.BULK_DEFERRED[0] - before > 1500  # the events were deferred
    assert bulk_findings == line_findings
    assert bulk_facts == line_facts


def test_compaction_reuses_run_keys_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """parse_stream's compactions remember each closed run's content key (facts.collapse_repeats' `keys`): the same facts
    as walking every run again at every compaction, on a forum paste of many blocks compacted often."""
    bench = _bench()
    path = tmp_path / "forum.txt"
    bench.write_forum_paste(path, 0.12)
    monkeypatch.setattr(parsers, "COMPACT_EVERY", 8)
    fresh = factmod.compact
    got = []
    for reuse in (True, False):
        monkeypatch.setattr(factmod, "compact", fresh if reuse else (lambda facts, max_runs, keys=None: fresh(facts, max_runs)))
        facts = parsers.analyze_files([str(path)])
        facts.pop("created", None)
        got.append(json.dumps(facts, sort_keys=True, default=str))
    assert got[0] == got[1]
