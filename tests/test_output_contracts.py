"""Output conventions (issue 12): --json always leaves a document on stdout, errors included; -q shows the
findings only and -v more; the summary counts in words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _doctor(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "doctor", *argv], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_an_error_under_json_is_a_json_document() -> None:
    r = _doctor("--json", "analyze", "/nonexistent/x.log")
    assert r.returncode == 4
    doc = json.loads(r.stdout)
    assert doc["command"] == "analyze" and doc["exit_code"] == 4 and "cannot read" in doc["error"]["message"]
    r = _doctor("explain", "NOPE", "--json")
    assert r.returncode == 4 and json.loads(r.stdout)["error"]["message"].startswith("no knowledge entry")


def test_quiet_shows_findings_only_and_verbose_shows_the_probes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    quiet = _doctor("-q", "--passive", "--home", str(home))
    assert "Host:" not in quiet.stdout and "Serial ports" not in quiet.stdout and "USB devices" not in quiet.stdout
    loud = _doctor("-v", "--passive", "--home", str(home))
    assert "probe usb:" in loud.stdout and "Host:" in loud.stdout


def test_passive_alone_is_a_scan(tmp_path: Path) -> None:
    r = _doctor("--passive", "--json", "--home", str(tmp_path))
    assert r.returncode in (0, 1, 2) and "findings" in json.loads(r.stdout)


def test_the_summary_counts_in_words() -> None:
    import io

    from rich.console import Console

    from doctor import knowledge, render
    from doctor.findings import Finding

    def f(sev: str) -> Finding:
        e = knowledge.get("SER003")
        assert e is not None
        return Finding(id="SER003", slug=e.slug, severity=sev, confidence=0.9, title=e.title, message="m", evidence=[], remediation={})

    out = io.StringIO()
    render.print_findings(Console(file=out, width=120), [f("error"), f("warning"), f("warning"), f("info")])
    assert "Findings: 1 fault, 2 warnings, 1 note" in out.getvalue()


def test_commands_are_printed_whole_outside_the_box() -> None:
    """A long command is never wrapped with a box border inside it, nor cut; the title is never cut."""
    import io

    from rich.console import Console

    from doctor import knowledge, render
    from doctor.findings import Finding

    e = knowledge.get("CAN001")
    assert e is not None
    cmd = "printf 'allow-hotplug can0\\niface can0 can static\\n    bitrate 1000000\\n' | sudo tee /etc/network/interfaces.d/can0"
    f = Finding(id="CAN001", slug=e.slug, severity="error", confidence=0.9, title=e.title, message="m", evidence=[],
                remediation={"text": "bring it up", "commands": [cmd]}, actions=[{"name": "host.can_up"}])
    out = io.StringIO()
    render.print_findings(Console(file=out, width=50, no_color=True), [f])
    text = out.getvalue()
    assert cmd in text.splitlines()  # one soft-wrapped line, flush left: no border, prompt or indent to copy along
    assert not any("│" in line and "allow-hotplug" in line for line in text.splitlines())
    assert e.title.replace(" ", "") in text.replace("│", "").replace("\n", "").replace(" ", "")
    assert "doctor fix CAN001" in text


def test_repeated_evidence_is_folded_with_a_count(tmp_path: Path) -> None:
    from doctor import engine
    from doctor.parsers import analyze_files

    line = ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00: "
            "[Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00'")
    log = tmp_path / "klippy.log"
    log.write_text("mcu 'mcu': Starting serial connect\n" + (line + "\n") * 30)
    findings = engine.evaluate(analyze_files([str(log)]))
    assert findings
    quoted = [(w, v) for w, v in findings[0].evidence if v == line]
    assert len(quoted) == 1, findings[0].evidence
    assert "×30" in quoted[0][0] and "last at line 31" in quoted[0][0]


# --- one JSON envelope for every command (docs/doctor.schema.json) ------------------------------------------

SCHEMA = json.loads((ROOT / "docs" / "doctor.schema.json").read_text())
CASE = next(p for p in sorted((ROOT / "tests" / "cases").glob("*/*")) if p.name != "case.toml" and p.is_file())
RECORDING = ROOT / "tests" / "watch" / "plug-klipper.json"


def _validate(doc: object) -> None:
    import jsonschema

    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)


def _documents(stdout: str) -> tuple[list[dict[str, object]], dict[str, object]]:
    """JSON Lines for every command: the stream's event lines, then the envelope as the last line."""
    lines = [json.loads(line) for line in stdout.splitlines()]
    return lines[:-1], lines[-1]


def _argvs(tmp: Path) -> list[tuple[list[str], bool]]:
    """(argv, fails) for every command: a run that works and one that fails, each under --json."""
    from doctor import facts as factmod
    from doctor.parsers import analyze_files

    snap = tmp / "snap.json"
    factmod.save(analyze_files([str(CASE)]), snap)
    image = tmp / "klipper.bin"
    home = tmp / "home"
    home.mkdir()
    return [
        (["scan", "--passive", "--home", str(home)], False),
        (["--passive", "--home", str(home), "--firmware", str(tmp / "missing.bin")], False),
        (["scan", "--passive", "--home", str(home), "--save", str(tmp / "no" / "dir" / "s.json")], True),
        (["watch", "--replay", str(RECORDING), "--guide", "plug"], False),
        (["watch", "--replay", str(tmp / "nothing.json")], True),
        (["watch", "--answer", "nonsense"], True),
        (["identify", str(tmp / "no-such-tty")], False),
        (["identify", str(tmp / "x"), "--baud", "1200"], True),
        (["analyze", str(CASE)], False),
        (["analyze", "--facts", str(CASE)], False),
        (["analyze", str(tmp / "missing.log")], True),
        (["analyze"], True),
        (["report", "--from", str(snap), "-o", str(tmp / "r.md")], False),
        (["report", "--from", str(snap), "-o", "-"], False),
        (["report", "--from", str(snap), "-o", str(tmp / "r.json")], True),
        (["replay", str(snap)], False),
        (["replay", str(CASE)], True),
        (["explain", "USB004"], False),
        (["explain", "NOPE"], True),
        (["rules"], False),
        (["rules", "--markdown"], False),
        (["rules", "--no-such-option"], True),
        (["sim", "image", str(image)], False),
        (["sim", "image", str(tmp / "no" / "dir" / "x.bin")], True),
        (["flash", str(image), "--via", "katapult", "--port", str(tmp / "nothing")], True),
        (["flash", str(tmp / "missing.bin")], True),
        (["fix", "USB004", "--from", str(snap)], False),
        (["fix", "XYZ999"], True),
        (["recover", "--port", str(tmp / "no-such-tty")], True),
        (["completion", "bash"], False),
        (["completion", "tcsh"], True),
        (["man"], False),
        (["man", "extra-word"], True),
        (["nosuch"], True),
    ]


def test_every_command_prints_one_envelope_that_the_schema_accepts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each command, working and failing, under --json: one envelope on stdout (watch: JSON Lines ending in it)
    that validates against docs/doctor.schema.json, its exit code the process's, `error` exactly on failure."""
    from doctor.cli import COMMAND_MODULES, main

    seen: dict[str, set[bool]] = {}
    for argv, fails in _argvs(tmp_path):
        code = main(["--json", *argv])
        out = capsys.readouterr().out
        word = next((a for a in argv if a in COMMAND_MODULES), "scan" if argv[0].startswith("-") else None)
        events, doc = _documents(out)
        for item in [*events, doc]:
            _validate(item)
        assert all("event" in e for e in events) and "exit_code" in doc, argv
        assert doc["command"] == word and doc["exit_code"] == code, (argv, doc.get("error"))
        assert ("error" in doc) == fails, (argv, code, doc.get("error"))
        if fails:
            assert code != 0 and doc["error"]["message"]
        if word:
            seen.setdefault(word, set()).add(fails)
    missing = set(COMMAND_MODULES) - {"flash", "recover"} - {w for w, kinds in seen.items() if kinds == {True, False}}
    assert not missing, f"no working and failing --json case for {missing}"
    assert set(seen) == set(COMMAND_MODULES), "a command without a --json case here"
    assert set(SCHEMA["$defs"]["envelope"]["properties"]["command"]["enum"]) == {*COMMAND_MODULES, None}


def test_an_internal_error_is_an_envelope_too(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.cli import main
    from doctor.commands import explain

    def boom(args: object, ctx: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(explain.COMMAND, "run", boom)
    assert main(["explain", "USB004", "--json"]) == 5
    doc = json.loads(capsys.readouterr().out)
    _validate(doc)
    assert doc["exit_code"] == 5 and "RuntimeError: a bug" in doc["error"]["message"]


def test_the_schema_rejects_what_it_should() -> None:
    """The schema is not a rubber stamp: a missing key, a stray key, the result under another name all fail."""
    import jsonschema

    good = {"doctor_version": "0.1.0", "command": "explain", "exit_code": 4, "findings": [], "explain": {}, "error": {"message": "m", "hint": None}}
    _validate(good)
    bad = [
        {k: v for k, v in good.items() if k != "exit_code"},
        {**good, "extra": 1},
        {k: v for k, v in good.items() if k != "explain"} | {"rules": {}},
        {k: v for k, v in good.items() if k != "error"},  # explain {} without an error: its result must have an id
        {**good, "exit_code": 0},  # an error with exit code 0
        {**good, "findings": [{"id": "USB004"}]},
    ]
    for doc in bad:
        with pytest.raises(jsonschema.ValidationError):
            _validate(doc)


def test_watch_json_is_a_stream_read_line_by_line_while_it_runs(tmp_path: Path) -> None:
    """One event per line, flushed as it happens: the first line is there long before the watch ends."""
    import time

    rec = tmp_path / "slow.json"
    rec.write_text(json.dumps({"name": "slow", "description": "two events 4 s apart", "events": [
        {"at": 0.2, "action": "kernel", "line": "usb 1-2: new full-speed USB device number 9 using xhci_hcd"},
        {"at": 4.2, "action": "add", "vid": "1d50", "pid": "614e", "product": "stm32f446xx", "port_path": "1-2", "devnode": "/dev/bus/usb/001/009"},
    ]}))
    with subprocess.Popen([sys.executable, "-m", "doctor", "watch", "--json", "--replay", str(rec), "--speed", "1"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT) as proc:
        assert proc.stdout is not None
        first = json.loads(proc.stdout.readline())
        at_first = time.monotonic()
        assert first["event"] == "kernel" and first["data"]["action"] == "kernel"
        _validate(first)
        second = json.loads(proc.stdout.readline())
        assert time.monotonic() - at_first > 2.0, "the first event was held back until the next one (not flushed)"
        rest = [second, *(json.loads(line) for line in proc.stdout)]
        proc.wait(timeout=30)
    assert [r.get("event") for r in rest] == ["usb", None]
    assert rest[-1]["command"] == "watch" and rest[-1]["watch"]["events"] == 2 and rest[-1]["exit_code"] == proc.returncode
    for doc in rest:
        _validate(doc)


# --- a deriver that fails is recorded, never silent nor a crash -----------------------------------------------


@pytest.mark.parametrize("exc", [KeyError("port"), RuntimeError("a bug")])
def test_a_failing_deriver_is_recorded_like_a_parse_error(exc: Exception, monkeypatch: pytest.MonkeyPatch) -> None:
    """KeyError used to become None silently, RuntimeError to stop the diagnosis (exit 5): both are now an entry
    of parse_errors, the other derivers and rules still run, and evaluating twice does not record it twice."""
    from doctor import derive, engine
    from doctor.parsers import analyze_files

    def broken(facts: dict[str, object]) -> object:
        raise exc

    monkeypatch.setitem(derive.DERIVERS, "broken", broken)
    facts = analyze_files([str(CASE)])
    findings = engine.evaluate(facts)
    engine.evaluate(facts)
    errors = [e for e in facts.get("parse_errors", []) if e["parser"] == "derive.broken"]
    assert len(errors) == 1 and type(exc).__name__ in errors[0]["error"] and errors[0]["source"] == "derived"
    monkeypatch.delitem(derive.DERIVERS, "broken")
    assert [f.id for f in findings] == [f.id for f in engine.evaluate(analyze_files([str(CASE)]))]


def test_the_readme_shows_the_envelope(capsys: pytest.CaptureFixture[str]) -> None:
    """The README's JSON section: the schema file named, and its example is what doctor prints (keys, values)."""
    import re

    from doctor.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### JSON output"):]
    assert "docs/doctor.schema.json" in section and "JSON Lines" in section
    block = re.search(r"\$ doctor explain NOPE --json \| python3 -m json.tool\n(\{.*?\n\})\n```", section, re.S)
    assert block
    shown = json.loads(block.group(1))
    _validate(shown)
    assert main(["explain", "NOPE", "--json"]) == 4
    real = json.loads(capsys.readouterr().out)
    assert list(shown) == list(real) and shown["error"]["message"] == real["error"]["message"]
    assert {k: v for k, v in shown.items() if k != "error"} == {k: v for k, v in real.items() if k != "error"}
