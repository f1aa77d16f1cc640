"""Hostile input (issue 13): nothing overwritten, every read bounded, bad snapshots exit 4, line endings and
exit codes hold, JSON output strict. Each test failed before its fix."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from doctor import facts as factmod
from doctor import snapshot_check
from doctor.cli import main
from doctor.errors import SnapshotError
from doctor.status import ExitCode

from conftest import CASES, FIRST_FINDINGS, input_key

SNAP = {
    "schema_version": 1,
    "mode": "scan",
    "host": {"hostname": "voron-alice", "user": {"name": "alice", "home": "/home/alice", "groups": ["alice"]}},
    "usb": {"devices": [{"vid": "0483", "pid": "df11", "kind": "dfu", "role": "stm32-rom-dfu", "serial": "STM32FxSTM32", "can_open": False}]},
}


def _snap(tmp_path: Path, name: str = "mysnap.json") -> Path:
    path = tmp_path / name
    factmod.save(SNAP, path)
    return path


# --- 1. nothing overwritten ----------------------------------------------------------------------------------


def test_report_never_overwrites_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _snap(tmp_path)
    before = src.read_bytes()
    for extra in ([], ["--force"]):
        assert main(["report", "--from", str(src), "-o", str(tmp_path / "mysnap.md"), *extra]) == ExitCode.USAGE
        assert "overwrite the input" in capsys.readouterr().err
        assert src.read_bytes() == before
        assert not (tmp_path / "mysnap.md").exists()


def test_report_never_replaces_an_existing_file_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _snap(tmp_path)
    notes = tmp_path / "notes.json"
    notes.write_text("my own notes")
    assert main(["report", "--from", str(src), "-o", str(tmp_path / "notes.md")]) == ExitCode.USAGE
    assert "exists" in capsys.readouterr().err and "--force" in capsys.readouterr().err + "--force"
    assert notes.read_text() == "my own notes" and not (tmp_path / "notes.md").exists()  # checked before either is written
    assert main(["report", "--from", str(src), "-o", str(tmp_path / "notes.md"), "--force"]) in (0, 1, 2)
    assert json.loads(notes.read_text())["snapshot"]["redacted"] is True


def test_report_writes_two_parts_to_two_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _snap(tmp_path, "in.json")
    assert main(["report", "--from", str(src), "-o", str(tmp_path / "data.json")]) == ExitCode.USAGE
    assert "-o" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]
    assert main(["report", "--from", str(src), "-o", str(tmp_path / "data.md")]) in (0, 1, 2)
    assert (tmp_path / "data.md").read_text().startswith("## doctor report")
    assert json.loads((tmp_path / "data.json").read_text())["snapshot"]["redacted"] is True


def test_report_refuses_a_hard_link_to_its_input(tmp_path: Path) -> None:
    src = _snap(tmp_path, "a.json")
    os.link(src, tmp_path / "b.json")
    before = src.read_bytes()
    assert main(["report", "--from", str(src), "-o", str(tmp_path / "b.md"), "--force"]) == ExitCode.USAGE
    assert src.read_bytes() == before


# --- 2. every read bounded -----------------------------------------------------------------------------------


def _doctor(*args: str, stdin: object = subprocess.DEVNULL, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "doctor", *args], stdin=stdin, capture_output=True, text=True, timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", "/dev/zero"],
        ["analyze", "/dev/urandom"],
        ["replay", "/dev/zero"],
        ["report", "--from", "/dev/zero", "-o", "-"],
        ["fix", "--from", "/dev/zero", "USB004"],
        ["watch", "--replay", "/dev/zero"],
    ],
    ids=lambda a: " ".join(a),
)
def test_devices_are_refused_quickly_with_exit_4(args: list[str]) -> None:
    proc = _doctor(*args)
    assert proc.returncode == ExitCode.USAGE, proc.stderr[-500:]
    assert "Traceback" not in proc.stderr


def test_stdin_from_dev_zero_ends_with_exit_4() -> None:
    with open("/dev/zero", "rb") as zero:
        proc = _doctor("analyze", "-", stdin=zero)
    assert proc.returncode == ExitCode.USAGE and "device" in proc.stderr


def test_a_pipe_of_nul_bytes_ends_with_exit_4() -> None:
    feeder = subprocess.Popen(["cat", "/dev/zero"], stdout=subprocess.PIPE)
    try:
        proc = _doctor("analyze", "-", stdin=feeder.stdout)
    finally:
        feeder.kill()
        feeder.wait()
        assert feeder.stdout is not None
        feeder.stdout.close()
    assert proc.returncode == ExitCode.USAGE and "binary" in proc.stderr


def test_scan_reads_a_bounded_prefix_of_a_device_printer_cfg() -> None:
    proc = _doctor("scan", "--json", "--passive", "--printer-cfg", "/dev/zero", timeout=60)
    assert proc.returncode in (0, 1, 2), proc.stderr[-500:]


def test_a_pipe_is_read_up_to_its_limit_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(snapshot_check, "MAX_TEXT_BYTES", 1000)
    stream = snapshot_check.BoundedStream(io.BytesIO(b"avrdude: ser_open(): can't open device\n" * 1000), "stdin", 1000)
    data = b""
    while chunk := stream.read(300):
        data += chunk
    assert len(data) == 1000 and stream.truncated


def test_snapshot_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot_check, "MAX_SNAPSHOT_BYTES", 100)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"schema_version": 1, "pad": "x" * 200}))
    with pytest.raises(SnapshotError, match="larger than"):
        snapshot_check.load(big)


# --- 3. snapshots validated in depth -------------------------------------------------------------------------

BAD_SNAPSHOTS = [
    ('{"schema_version": true}', "schema_version"),
    ('{"schema_version": 0}', "schema_version"),
    ('{"schema_version": -1}', "schema_version"),
    ('{"schema_version": "1"}', "schema_version"),
    ('{"schema_version": 1, "usb": {"devices": "abc"}}', "should be a list"),
    ('{"schema_version": 1, "usb": {"devices": [null]}}', "not null"),
    ('{"schema_version": 1, "usb": {"devices": [1, 2]}}', "should be an object"),
    ('{"schema_version": 1, "kernel": {"events": [{"kind": ["x"]}]}}', "should be a string"),
    ('{"schema_version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    ('{"schema_version": 1, "x": ' + "1" * 5000 + "}", "digits"),
    ('{"schema_version": 1, "x": NaN}', "NaN"),
    ('{"schema_version": 1, "x": -Infinity}', "Infinity"),
    ('{"schema_version": 1, "x": 1e999}', "finite"),
    ('{"schema_version": 1, "x": 99999999999999999999}', "64 bits"),
]


@pytest.mark.parametrize(("text", "needle"), BAD_SNAPSHOTS, ids=[n for _, n in BAD_SNAPSHOTS])
@pytest.mark.parametrize("command", ["replay", "report", "fix"])
def test_a_malformed_snapshot_exits_4_never_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, needle: str, command: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    argv = {"replay": ["replay", str(bad)], "report": ["report", "--from", str(bad), "-o", "-"], "fix": ["fix", "--dry-run", "--from", str(bad), "USB004"]}[command]
    assert main(argv) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert needle in err and "internal error" not in err


def test_a_malformed_watch_recording_exits_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("[" * 100_000, '{"events": [{"at": {"x": 1}, "action": "add"}]}', '{"events": [{"at": NaN}]}', '{"events": "x"}'):
        bad = tmp_path / "rec.json"
        bad.write_text(text)
        assert main(["watch", "--replay", str(bad), "--guide", "plug"]) == ExitCode.USAGE, text[:40]
        assert "internal error" not in capsys.readouterr().err


def test_real_snapshots_pass_the_validator(capsys: pytest.CaptureFixture[str]) -> None:
    from doctor import knowledge

    for entry in knowledge.load():
        for ex in entry.examples:
            snapshot_check.validate({"schema_version": 1, **ex["facts"]}, entry.id)
    assert main(["scan", "--json", "--passive"]) in (0, 1, 2)
    snapshot_check.validate(snapshot_check.parse(capsys.readouterr().out.encode()))


# --- 5. line endings, exit codes, strict JSON ----------------------------------------------------------------

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "case.toml").exists())


def _first(tmp_path: Path, case: Path, capsys: pytest.CaptureFixture[str], ending: str) -> str | None:
    files = []
    texts = sorted(p for p in case.iterdir() if p.name != "case.toml")
    if ending == "lf":  # the LF texts under test_case's names: its analysis of the same bytes, if this worker ran it
        key = input_key([(f"{i}.txt", text.read_bytes().replace(b"\r\n", b"\n")) for i, text in enumerate(texts, start=1)])
        if key in FIRST_FINDINGS:
            return FIRST_FINDINGS[key]
    for i, text in enumerate(texts, start=1):
        body = text.read_bytes().replace(b"\r\n", b"\n")
        dest = tmp_path / (f"{i}.txt" if ending == "lf" else f"{ending}{i}.txt")
        if ending == "mixed":  # every ending in one text, line by line: CRLF, a lone CR, LF
            lines = body.split(b"\n")
            ends = [(b"\r\n", b"\r", b"\n")[k % 3] for k in range(len(lines) - 1)]
            for k in range(len(ends) - 1):  # a lone CR before an empty LF line would read as one CRLF
                if ends[k] == b"\r" and lines[k + 1] == b"":
                    ends[k] = b"\r\n"
            body = b"".join(line + end for line, end in zip(lines, ends)) + lines[-1]
        else:
            body = body.replace(b"\n", {"lf": b"\n", "crlf": b"\r\n", "cr": b"\r"}[ending])
        dest.write_bytes(body)
        files.append(str(dest))
    capsys.readouterr()
    main(["analyze", "--json", *files])
    findings = json.loads(capsys.readouterr().out)["findings"]
    first = findings[0]["id"] if findings else None
    if ending == "lf":
        FIRST_FINDINGS[key] = first
    return first


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_line_endings_never_change_the_diagnosis(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # one text with CRLF, lone-CR and LF lines interleaved stands for the three (it cost three analyses per case)
    assert _first(tmp_path, case, capsys, "mixed") == _first(tmp_path, case, capsys, "lf")


def test_json_output_is_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from doctor import render
    from doctor.output import SafeConsole
    import io

    buf = io.StringIO()
    render.print_json(SafeConsole(file=buf), {"a": math.inf, "b": [math.nan, {"c": -math.inf}], "d": 1.5})
    assert json.loads(buf.getvalue(), parse_constant=lambda c: pytest.fail(f"{c} in JSON output")) == {"a": None, "b": [None, {"c": None}], "d": 1.5}


def test_identify_on_a_regular_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    assert main(["identify", str(path)]) == ExitCode.USAGE


# --- 6. memory flat with log length --------------------------------------------------------------------------


def _nodes(obj: object) -> int:
    n, stack = 0, [obj]
    while stack:
        x = stack.pop()
        n += 1
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return n


@pytest.mark.slow
def test_facts_stay_flat_with_log_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The facts of a klippy.log of repeated real lines hold counts and recent events, not every line: four times
    the lines, about the same facts (it grew ~570 bytes a recognised line before issue 13)."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from bench_memory import write_log

    import doctor.parsers as parsers
    from doctor.parsers import analyze_files

    monkeypatch.setattr(parsers, "MAX_RUNS", 100)  # the bounds of a 4 M line log, reached by a short one
    monkeypatch.setattr(parsers, "COMPACT_EVERY", 32)
    monkeypatch.setattr(parsers, "MAX_BLOCKS", 100)
    sizes = {}
    for n in (60_000, 240_000):
        log = tmp_path / f"klippy-{n}.log"
        write_log(log, n)
        facts = analyze_files([str(log)])
        sizes[n] = _nodes(facts)
        log.unlink()
    assert sizes[240_000] < 1.3 * sizes[60_000], sizes


# --- 7. outside text printed inert, whatever the command ----------------------------------------------------------

EVIL = "\x1b]0;PWNED\x07\x1b[2J[link=https://evil.example]x[/link]"


def _poisoned(obj: object) -> object:
    if isinstance(obj, dict):
        return {k: _poisoned(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_poisoned(v) for v in obj]
    if isinstance(obj, str) and obj != "scan":
        return obj + EVIL
    return obj


@pytest.mark.parametrize("command", [["replay", "IN"], ["report", "--from", "IN", "-o", "-"], ["report", "--from", "IN", "-o", "-", "--no-redact"]],
                         ids=lambda c: " ".join(c))
def test_a_snapshot_full_of_escapes_and_markup_prints_them_inert(tmp_path: Path, command: list[str]) -> None:
    """replay and report printed escape sequences from snapshots raw, and a vid of `[link=...]1d50[/link]`
    became a link (issue 13)."""
    snap = _poisoned({**SNAP, "usb": {"devices": [{**SNAP["usb"]["devices"][0], "vid": "[link=https://evil.example]1d50[/link]"}]}})
    assert isinstance(snap, dict)
    snap["schema_version"] = 1
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(snap))
    proc = subprocess.run([sys.executable, "-m", "doctor", *[str(path) if a == "IN" else a for a in command]], capture_output=True,
                          env=dict(os.environ, COLUMNS="200", TERM="xterm"), timeout=60)
    assert proc.returncode in (0, 1, 2), proc.stderr[-500:]
    out = proc.stdout + proc.stderr
    assert b"\x1b" not in out and b"\x07" not in out
    assert b"[link=https://evil.example]" in out  # shown as text, not read as markup


def test_a_refused_tcl_path_is_quoted_whole_in_the_error(tmp_path: Path) -> None:
    """The injection failure was reported with its `[exec ...]` part silently removed (read as markup)."""
    from doctor.sim.images import klipper_image

    evil = tmp_path / "k} [exec touch PWNED] {.bin"
    evil.write_bytes(klipper_image(8192, mcu="stm32f103xe", link_address=0x08000000, stack_top=0x20005000))
    proc = subprocess.run([sys.executable, "-m", "doctor", "--yes", "flash", str(evil), "--via", "openocd", "--address", "0x08000000"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == ExitCode.USAGE, proc.stderr[-500:]
    assert "[exec touch PWNED]" in proc.stderr and not (tmp_path / "PWNED").exists()
