"""The block reader (doctor/parsers/_reader.py), the repeat memos, and the restart-loop log (issue 9 point 7)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from doctor import engine
from doctor import facts as factmod
from doctor.parsers import _reader, analyze_files, parse_stream

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

REGION = [("===== Config file =====", "=======================")]


def _read(data: bytes, regions: list[tuple[str, str]] | None = None, **kw: int) -> tuple[list[str], int]:
    reader = _reader.TextReader(io.BytesIO(data), **kw)
    lines: list[str] = []
    skipped = 0
    for b in reader.batches(3, regions or []):
        assert len(b) <= 3
        for j, line in enumerate(b):
            if j in b.skips:
                skipped += b.skips[j]
                lines.append(f"<{b.skips[j]} left out>")
            lines.append(line)
        if len(b) in b.skips:
            skipped += b.skips[len(b)]
            lines.append(f"<{b.skips[len(b)]} left out>")
    return lines, skipped


@pytest.mark.parametrize("block", [1, 2, 3, 7, 1 << 20])
def test_line_endings_are_one(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "BLOCK", block)
    want = ["first", "", "second \u00e9", "third"]
    for sep in ("\n", "\r\n", "\r"):
        data = sep.join(want).encode() + sep.encode()
        assert _read(data)[0] == want, repr(sep)
    assert _read(b"a\r\nb\rc\nd")[0] == ["a", "b", "c", "d"]  # mixed, and no final newline


def test_nuls_dropped_bad_bytes_replaced_long_lines_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "BLOCK", 5)
    lines, _ = _read(b"ab\x00c\n\xff\xfeok\n" + b"x" * 50 + b"\nend\n", max_line=10)
    assert lines == ["abc", "\ufffd\ufffdok", "x" * 10, "end"]


def test_a_line_without_newline_is_never_held_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "BLOCK", 1000)
    data = b"start\n" + b"y" * 200_000 + b"\nafter\n"
    lines, _ = _read(data, max_line=100)
    assert lines == ["start", "y" * 100, "after"]


def _config(n: int, tag: str = "") -> str:
    body = "\n".join(f"key{k} = {k}{tag}" for k in range(n))
    return f"===== Config file =====\n[mcu]\n{body}\n=======================\n"


@pytest.mark.parametrize("block", [4, 33, 1 << 20])
def test_a_repeated_region_is_left_out_and_counted(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "BLOCK", block)
    text = "Start printer at A\n" + _config(5) + "err 1\nStart printer at B\n" + _config(5) + "err 2\n" + _config(5, "x") + "tail\n"
    lines, skipped = _read(text.encode(), REGION)
    assert skipped == 8  # the second dump: its 8 lines, once
    assert lines.count("===== Config file =====") == 2  # the first and the edited third are read whole
    assert "<8 left out>" in lines and lines[-1] == "tail"
    assert len(lines) - 1 + skipped == text.count("\n")  # every line accounted for


def test_an_unclosed_region_is_read_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_reader, "BLOCK", 16)
    text = _config(3) + "===== Config file =====\n[mcu]\nkey0 = 0\n"  # cut off inside the second dump
    lines, skipped = _read(text.encode(), REGION)
    assert skipped == 0 and lines[-1] == "key0 = 0" and len(lines) == text.count("\n")


def test_line_numbers_after_a_left_out_region_are_true(tmp_path: Path) -> None:
    cfg = _config(30)
    text = cfg + cfg + "mcu 'mcu': Unable to open serial port: [Errno 13] could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'\n"
    path = tmp_path / "klippy.log"
    path.write_text(text)
    facts = analyze_files([str(path)])
    assert facts["text"]["failures"][0]["lineno"] == text.count("\n")


def test_line_endings_never_change_a_diagnosis(tmp_path: Path) -> None:
    """The same case texts saved with LF, CRLF and CR-only line ends diagnose the same."""
    cases = sorted((ROOT / "tests" / "cases").glob("*/case.toml"))[::7]
    assert len(cases) > 20
    for case in cases:
        texts = [p for p in sorted(case.parent.iterdir()) if p.name != "case.toml" and p.is_file()]
        ids = []
        for sep in ("\n", "\r\n", "\r"):
            paths = []
            for p in texts:
                q = tmp_path / f"{case.parent.name}-{len(sep)}-{sep == chr(13)}-{p.name}"
                q.write_bytes(sep.join(p.read_text(encoding="utf-8", errors="replace").splitlines()).encode())
                paths.append(str(q))
            ids.append([f.id for f in engine.evaluate(analyze_files(paths))][:1])
        assert ids[0] == ids[1] == ids[2], case.parent.name


def test_restart_loop_diagnosis_unchanged_by_leaving_repeats_out(tmp_path: Path) -> None:
    """The block reader (repeated config dumps left out) and every line parsed agree."""
    import bench_analyze

    path = tmp_path / "restart.log"
    bench_analyze.write_restart_loop_log(path, 0.6)
    fast = engine.evaluate(analyze_files([str(path)]))
    slow = engine.evaluate(factmod.collapse_repeats(parse_stream(iter(path.read_text().splitlines()), "restart.log")))
    assert [f.id for f in fast] == [f.id for f in slow] == ["SER005"]
    assert [f.evidence for f in fast] == [f.evidence for f in slow]


def test_identical_events_fold_into_a_count() -> None:
    ev = {"kind": "serial_no_such_port", "line": "mcu 'mcu': Unable to open serial port: x", "source": "klippy.log"}
    facts = {"klipper": {"log": {"events": [dict(ev, lineno=n) for n in range(1, 1001)] + [{"kind": "other", "line": "y", "lineno": 1001}]}}}
    factmod.collapse_repeats(facts)
    events = facts["klipper"]["log"]["events"]
    assert len(events) == factmod.MAX_SAME_EVENTS + 1
    assert events[0]["repeats"] == 1000 and events[0]["last_lineno"] == 1000 and events[-1]["kind"] == "other"
    few = {"kernel": {"events": [dict(ev, lineno=n) for n in range(3)]}}
    factmod.collapse_repeats(few)
    assert len(few["kernel"]["events"]) == 3  # counts that rules compare (>= 3) are kept exact


def test_memos_give_the_answers_a_fresh_classifier_gives() -> None:
    from doctor.parsers import _Matcher, registry_order

    lines = []
    for case in sorted((ROOT / "tests" / "cases").glob("*/*"))[:400]:
        if case.name != "case.toml" and case.is_file():
            lines += case.read_text(encoding="utf-8", errors="replace").splitlines()[:40]
    matcher = _Matcher(registry_order())
    pf = matcher.prefilter
    twice = pf.scan(lines + lines)
    pf._scan_memo.clear()
    fresh = pf._scan(lines)
    assert twice[0][: len(lines)] == fresh[0] == twice[0][len(lines):]
    assert twice[1][: len(lines)] == fresh[1]
    for line, s, w in zip(lines, fresh[0], fresh[1]):
        assert pf.decide(line, s, w, None) == pf._decide(line, s, w, None)


def test_a_wait_a_later_successful_write_ended_is_not_a_failure(tmp_path: Path) -> None:
    """QMK / dfu-programmer retry until RESET is pressed: "no device present" then a validated write is healthy;
    the same wait with no write after it is still a finding."""
    waits = ("dfu-programmer: no device present.\nError: Bootloader not found. Trying again in 5s.\n"
             "dfu-programmer: no device present.\nError: Bootloader not found. Trying again in 5s.\n")
    success = ("Bootloader Version: 0x00 (0)\nErasing flash...  Success\nChecking memory from 0x0 to 0x6FFF...  Empty.\n"
               "0%                            100%  Programming 0x5B00 bytes...\n[>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>]  Success\n"
               "Validating...  Success\n0x5B00 bytes written into 0x7000 bytes memory (81.25%).\n")
    healthy = tmp_path / "qmk.txt"
    healthy.write_text(waits + success)
    assert [f.id for f in engine.evaluate(analyze_files([str(healthy)])) if f.severity in ("error", "warning")] == []
    failed = tmp_path / "qmk-failed.txt"
    failed.write_text(waits)
    assert [f.id for f in engine.evaluate(analyze_files([str(failed)]))][:1] in (["BOOT001"], ["BOOT003"])  # no device ever came
