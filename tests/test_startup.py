"""Start-up time measures keep their contracts: the knowledge cache serves the same entries, parsers load
when first needed, and `doctor scan` imports only the scan command (benchmarks/bench_scan.py measures)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from doctor import knowledge


def _run(code: str, env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_knowledge_cache_serves_the_same_entries(tmp_path: Path) -> None:
    import os

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    code = (
        "import json; from doctor import knowledge; "
        "print(json.dumps([[e.id, e.title, [w.expr for w in e.when], e.remediation] for e in knowledge.load(strict=False)]))"
    )
    first = json.loads(_run(code, env))  # parses the TOML and writes the cache
    caches = list((tmp_path / "mcu-doctor").glob("knowledge-*.json"))
    assert len(caches) == 1
    second = json.loads(_run(code, env))  # served from the cache
    assert first == second
    strict = [[e.id, e.title, [w.expr for w in e.when], e.remediation] for e in knowledge.load()]
    assert json.loads(json.dumps(strict)) == first
    # a cache that is not JSON is ignored and replaced, never trusted
    caches[0].write_text("{not json")
    assert json.loads(_run(code, env)) == first


def test_knowledge_cache_is_keyed_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    a = knowledge._cache_path([("X.toml", "id = 'A'")])
    b = knowledge._cache_path([("X.toml", "id = 'B'")])
    assert a is not None and b is not None and a != b and a.parent == b.parent == tmp_path / "mcu-doctor"


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    knowledge._write_cache(blocker / "mcu-doctor" / "knowledge-x.json", [("A.toml", {"id": "A"})])  # parent is a file


def test_scan_imports_neither_other_commands_nor_every_parser() -> None:
    import os

    code = (
        "import sys, doctor.cli as c; p, t = c.build_parser(only=c._command_named(['scan', '--json'])); "
        "print(sorted(t), 'doctor.commands.analyze' in sys.modules, 'doctor.parsers.avrdude' in sys.modules)"
    )
    out = _run(code, dict(os.environ)).split()
    assert out == ["['scan']", "False", "False"]


@pytest.mark.parametrize(
    ("argv", "name"),
    [([], "scan"), (["--json"], "scan"), (["-v", "scan", "--passive"], "scan"), (["rules"], "rules"), (["--help"], None), (["nosuch"], None), (["-h", "scan"], None)],
)
def test_command_named(argv: list[str], name: str | None) -> None:
    from doctor import cli

    assert cli._command_named(argv) == name


def test_parsers_load_when_first_needed() -> None:
    import os

    code = (
        "import sys; import doctor.parsers as p; before = len(p.REGISTRY); "
        "p.parse_stream(iter(['Found 0 stlink programmers']), 'x'); print(before, len(p.REGISTRY) > 0)"
    )
    assert _run(code, dict(os.environ)).split() == ["0", "True"]


def test_cached_syntax_trees_equal_fresh_ones(tmp_path: Path) -> None:
    import os

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    code = "import json; from doctor import knowledge; print(json.dumps([w.compiled.parsed for e in knowledge.load(strict=False) for w in e.when]))"
    fresh = json.loads(_run(code, env))
    assert len(list((tmp_path / "mcu-doctor").glob("jmespath-*.json"))) == 1
    cached = json.loads(_run(code, env))
    assert cached == fresh
    strict = [w.compiled.parsed for e in knowledge.load() for w in e.when]
    assert json.loads(json.dumps(strict)) == fresh
