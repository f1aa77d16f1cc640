"""The commands that need no hardware (analyze, explain, rules, replay, report of a saved snapshot) are the
ones Windows and macOS users can run: they must work with no pyudev, no pyusb, and without reading /sys or
/dev (issue 12). Each runs in a child Python where those modules cannot be imported and an audit hook
refuses any open() or listdir() under /sys, /dev or /proc."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASE = next(p for p in sorted((ROOT / "tests" / "cases").glob("*/*")) if p.name != "case.toml" and p.is_file())

GUARD = r"""
import sys
for name in ("pyudev", "usb", "usb.core", "serial", "serial.tools", "can"):
    sys.modules[name] = None  # ImportError on import, as on a machine without them
touched = []
def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args:
        path = args[0]
        if isinstance(path, (bytes, str)):
            p = path.decode() if isinstance(path, bytes) else path
            if p.startswith(("/sys", "/dev/", "/proc")) and p not in ("/dev/null", "/dev/tty"):
                touched.append(p)
                raise PermissionError(f"no-hardware command touched {p}")
sys.addaudithook(hook)
import os
def hidden(fn):
    # stat-like calls raise no audit event: /sys, /dev and /proc are hidden from them too (as on macOS / Windows)
    def call(path, *a, **k):
        p = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else ""
        if p.startswith(("/sys", "/dev/", "/proc")) and p not in ("/dev/null", "/dev/tty"):
            touched.append(p)
            raise FileNotFoundError(2, "hidden by the no-hardware guard", p)
        return fn(path, *a, **k)
    return call
for name in ("stat", "lstat", "access", "readlink", "scandir"):
    setattr(os, name, hidden(getattr(os, name)))
from doctor.cli import main
rc = main(sys.argv[1:])
for p in touched:
    sys.stderr.write(f"TOUCHED {p}\n")
sys.exit(rc)
"""


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", GUARD, *argv], capture_output=True, text=True, timeout=120, cwd=ROOT)


def _snapshot(tmp_path: Path) -> Path:
    snap = tmp_path / "snap.json"
    r = _run("analyze", "--json", "--facts", "--save", str(snap), str(CASE))
    assert r.returncode in (0, 1, 2), r.stderr
    assert json.loads(r.stdout)["snapshot"]["sources"] == json.loads(snap.read_text())["sources"]
    return snap


@pytest.mark.parametrize("argv", [["explain", "USB004"], ["rules"], ["explain", "BOOT009", "--json"]])
def test_knowledge_commands(argv: list[str]) -> None:
    r = _run(*argv)
    assert r.returncode == 0, r.stderr
    assert "TOUCHED" not in r.stderr and "Traceback" not in r.stderr, r.stderr


def test_the_guard_sees_a_command_that_reads_sysfs() -> None:
    r = _run("scan", "--passive")
    assert "TOUCHED /sys" in r.stderr or "TOUCHED /proc" in r.stderr or "TOUCHED /dev" in r.stderr


def test_the_guard_hides_sysfs_from_stat_too() -> None:
    r = subprocess.run([sys.executable, "-c", GUARD.replace("from doctor.cli import main\nrc = main(sys.argv[1:])", "rc = int(os.path.exists('/sys/class'))")],
                       capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 0 and "TOUCHED /sys/class" in r.stderr, r.stderr


@pytest.mark.parametrize("command", ["analyze", "replay", "report", "explain", "rules"])
def test_every_no_hardware_command_gives_its_json_envelope(command: str, tmp_path: Path) -> None:
    import jsonschema

    snap = _snapshot(tmp_path)
    argv = {"analyze": ["analyze", str(CASE)], "replay": ["replay", str(snap)], "explain": ["explain", "SER003"], "rules": ["rules"],
            "report": ["report", "--from", str(snap), "-o", str(tmp_path / "r.md")]}[command]
    r = _run(*argv, "--json")
    assert r.returncode in (0, 1, 2) and "TOUCHED" not in r.stderr and "Traceback" not in r.stderr, r.stderr
    doc = json.loads(r.stdout.splitlines()[-1])
    assert doc["command"] == command and "error" not in doc and doc["exit_code"] == r.returncode
    jsonschema.validate(doc, json.loads((ROOT / "docs" / "doctor.schema.json").read_text()), cls=jsonschema.Draft202012Validator)


def test_analyze_replay_and_report(tmp_path: Path) -> None:
    r = _run("analyze", str(CASE))
    assert r.returncode in (0, 1, 2) and "Traceback" not in r.stderr and "TOUCHED" not in r.stderr, r.stderr
    snap = _snapshot(tmp_path)
    r = _run("replay", str(snap))
    assert r.returncode in (0, 1, 2) and "Traceback" not in r.stderr and "TOUCHED" not in r.stderr, r.stderr
    r = _run("report", "--from", str(snap), "-o", str(tmp_path / "report.md"))
    assert r.returncode in (0, 1, 2) and "Traceback" not in r.stderr and "TOUCHED" not in r.stderr, r.stderr
    assert (tmp_path / "report.md").exists()
