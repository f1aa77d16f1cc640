"""Contracts that check themselves (issue 12), producer side: the facts doctor writes match doctor/schema.py
exactly, over every real case, recorded tool output, kernel paste, watch recording, simulated tool scenario,
simulated board and umockdev board; and every knowledge condition names a path the schema has (path-aware: a
field name declared somewhere else does not pass)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jmespath
import pytest

from doctor import cli, schema
from doctor.parsers import analyze_files

TESTS = Path(__file__).parent
CASES = sorted(p for p in (TESTS / "cases").iterdir() if p.is_dir())
RECORDINGS = sorted((TESTS / "watch").glob("*.json"))
BOARDS = sorted((TESTS / "boards").glob("*.umockdev"))


def _files(folder: Path) -> list[str]:
    return [str(f) for f in sorted(folder.rglob("*")) if f.is_file() and f.name not in ("case.toml", "README.md")]


def test_the_check_finds_what_it_should() -> None:
    """The two undeclared paths the issue names, a wrong shape, and nothing under an "any" node."""
    facts = {"schema_version": 1, "serial": {"by_id": [{"name": "x", "colour": "red"}], "ports": {"device": "/dev/ttyACM0"}},
             "sources": [{"name": "a", "pages": 3}], "probes": {"whatever": {"deep": 1}}}
    assert schema.undeclared(facts) == ["serial.by_id[].colour (not declared)", "serial.ports (object, declared list)", "sources[].pages (not declared)"]
    assert schema.undeclared({"serial": {"by_id": [{"name": "x", "source": "ls.txt"}]}, "sources": [{"name": "a", "lines": 3}]}) == []


def test_every_case_and_recorded_output_produces_declared_facts() -> None:
    folders = CASES + sorted(p for p in (TESTS / "pastes_kernel").iterdir() if p.is_dir())
    assert len(CASES) > 400
    bad: dict[str, list[str]] = {}
    for folder in folders:
        files = _files(folder)
        if files:
            problems = schema.undeclared(analyze_files(files))
            if problems:
                bad[folder.name] = problems
    for f in sorted((TESTS / "recorded").glob("*.txt")):
        problems = schema.undeclared(analyze_files([str(f)]))
        if problems:
            bad[f.name] = problems
    assert not bad, json.dumps(bad, indent=1)[:3000]


def _envelope(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict[str, Any]:
    cli.main([*argv, "--json"])
    out = capsys.readouterr().out
    return dict(json.loads(out.splitlines()[-1]))  # JSON Lines: the envelope is the last line


@pytest.mark.parametrize("recording", RECORDINGS, ids=[p.stem for p in RECORDINGS])
def test_every_watch_recording_produces_declared_facts(recording: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for extra in ([], ["--guide", "plug"], ["--guide", "bootloader"]):
        doc = _envelope(capsys, ["watch", "--replay", str(recording), *extra])
        assert doc["command"] == "watch" and "snapshot" in doc, doc.get("error")
        assert schema.undeclared(doc["snapshot"]) == [], (extra, schema.undeclared(doc["snapshot"]))


@pytest.mark.parametrize("scenario", sorted(__import__("doctor.sim.tools", fromlist=["SCENARIOS"]).SCENARIOS))
def test_every_simulated_tool_scenario_produces_declared_facts(scenario: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor import facts as factmod
    from doctor.checks import ProbeContext, stlink
    from doctor.sim import tools

    bindir = tools.install(tmp_path / "bin", tools.SCENARIOS[scenario])
    monkeypatch.setenv("PATH", tools.path_with(bindir))
    snap = factmod.new("scan")
    factmod.merge(snap, stlink.collect(ProbeContext(facts={"usb": {"devices": [{"role": "stlink", "vid": "0483", "pid": "3748"}]}})))
    assert (snap.get("stlink") or {}).get("runs"), snap
    assert schema.undeclared(snap) == []


def test_simulated_boards_produce_declared_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """identify against the Klipper MCU simulator and the Katapult board simulator (answering, and gone)."""
    from doctor.protocols.klipper import example_dictionary
    from doctor.sim.katapult import Board, BoardConfig
    from doctor.sim.klipper_mcu import KlipperMcuSim

    with KlipperMcuSim(example_dictionary("stm32h723xx", "v0.12.0-400-gabcdef", clock_freq=400_000_000), baud=250000) as sim:
        doc = _envelope(capsys, ["identify", sim.port])
    assert doc["identify"]["outcome"] == "klipper"
    assert schema.undeclared(doc["snapshot"]) == []
    board = Board(BoardConfig(baud=250000), tmp_path / "port")
    board.request_flag = True
    board.start()
    try:
        doc = _envelope(capsys, ["identify", str(tmp_path / "port")])
    finally:
        board.stop()
    assert doc["identify"]["outcome"] == "katapult", doc["identify"]
    assert schema.undeclared(doc["snapshot"]) == []
    doc = _envelope(capsys, ["identify", str(tmp_path / "gone")])
    assert schema.undeclared(doc["snapshot"]) == []


SCANS = [(b.stem, ("--passive",)) for b in BOARDS if not b.stem.startswith("bench-")] + [("stm32-dfu-and-klipper", ())]


# (s23) one item per scan (a fresh `doctor scan` process each, ~20 of them): pytest-xdist shares them between its workers
@pytest.mark.parametrize(("name", "extra"), SCANS, ids=[f"{n}{' ' + ' '.join(e) if e else ''}" for n, e in SCANS])
def test_every_umockdev_board_scan_produces_declared_facts(name: str, extra: tuple[str, ...]) -> None:
    """A live scan (passive) of each umockdev board, and one with the active probes."""
    assert shutil.which("umockdev-run"), "umockdev-run is missing: tests/run.sh installs it (apt install umockdev)"
    env = dict(os.environ, NO_COLOR="1")
    bad: dict[str, list[str]] = {}
    argv = ["umockdev-run", "-d", str(TESTS / "boards" / f"{name}.umockdev"), "--", sys.executable, "-m", "doctor", "scan", "--json", *extra]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode in (0, 1, 2), proc.stderr[-2000:]
    problems = schema.undeclared(json.loads(proc.stdout)["snapshot"])
    if problems:
        bad[f"{name} {' '.join(extra)}"] = problems
    assert not bad, json.dumps(bad, indent=1)[:3000]


# --- conditions: path-aware --------------------------------------------------------------------------------


def test_every_condition_names_paths_the_schema_has() -> None:
    from doctor import knowledge
    from doctor.parsers import load_all

    load_all()
    import doctor.derive  # noqa: F401  (declares derived.*)

    bad = []
    for e in knowledge.load():
        exprs = [(f"when[{i}]", w.expr) for i, w in enumerate(e.when)] + [("answers", a.expr) for a in e.answers]
        for where, expr in exprs:
            problems = schema.condition_problems(jmespath.compile(expr).parsed)
            bad += [f"{e.id} {where}: {expr}\n    {p}" for p in problems]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    "expr, ok",
    [
        ("usb.devices[?role=='klipper'].ttys[]", True),
        ("kernel.events[?kind=='usb_descriptor_error'].code", True),
        ("stlink.runs[].events[] | [?kind=='x' && voltage < `1.0`]", True),
        ("sort_by(kernel.events, &lineno)[-1].line", True),
        ("host.services.klipper", True),  # under an "any" node
        ("length(derived.tty_denied) > `0`", True),
        ("usb.ttys", False),  # a field that exists, but elsewhere (usb.devices[].ttys)
        ("serial.by_id[].vid", False),  # vid is declared, not on a by-id link
        ("usb.devices.vid", False),  # a field of a list: always null
        ("host.kernel.version", False),  # a field of a string
        ("kernel.events[?kind=='x'].vidd", False),
        ("stlink.runs[?tool=='st-info'].events[] | [?kind=='x' && cod == `1`]", False),
        ("sort_by(kernel.events, &linenumber)", False),
    ],
)
def test_path_aware_validation(expr: str, ok: bool) -> None:
    import doctor.derive  # noqa: F401

    assert (schema.condition_problems(jmespath.compile(expr).parsed) == []) is ok


@pytest.mark.parametrize("expr", ["usb.ttys", "serial.by_id[].vid", "usb.devices.vid", "host.kernel.version"])
def test_names_declared_elsewhere_pass_the_global_check_only(expr: str) -> None:
    """What the path-aware check adds: each name here is declared somewhere, so the loader's global name check
    lets the condition through; the path does not exist, and only the path-aware check says so."""
    fields = schema.known_fields()
    assert all(n["value"] in fields for n in _fields(jmespath.compile(expr).parsed))
    assert schema.condition_problems(jmespath.compile(expr).parsed)


def _fields(node: Any) -> list[dict[str, Any]]:
    if not isinstance(node, dict):
        return []
    own = [node] if node.get("type") == "field" else []
    return own + [f for c in node.get("children", []) for f in _fields(c)]


# --- skips that would hide failures -------------------------------------------------------------------------


def test_a_skip_for_a_missing_tool_fails_under_strict(tmp_path: Path) -> None:
    """tests/run.sh sets DOCTOR_TEST_STRICT=1 after installing every tool: a test skipped because a tool is not
    installed then fails (tests/conftest.py); a skip for what the machine cannot do stays a skip."""
    (tmp_path / "test_s.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.skipif(True, reason='frobtool is not installed (apt install frobtool)')\n"
        "def test_tool() -> None:\n    pass\n\n"
        "def test_machine() -> None:\n    pytest.skip('no private network namespace here')\n"
    )
    run = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest", "-rA", "test_s.py"]
    results = {}
    for strict in ("0", "1"):
        env = dict(os.environ, DOCTOR_TEST_STRICT=strict, PYTHONPATH=str(TESTS))
        results[strict] = subprocess.run([sys.executable, *run], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert results["0"].returncode == 0 and "2 skipped" in results["0"].stdout
    assert results["1"].returncode != 0 and "1 skipped, 1 error" in results["1"].stdout
    assert "run.sh" in (TESTS / "run.sh").read_text() and "DOCTOR_TEST_STRICT=1" in (TESTS / "run.sh").read_text()
