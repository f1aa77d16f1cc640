"""Drivers import nothing from the face (issue 10): a plan reports its steps, lines, progress and re-diagnosis as
events to a Sink; the command renders them (doctor/plan_view.py through doctor.cli's Context)."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from doctor.cli import Context
from doctor.drivers.base import Plan, Step, StepContext, run_plan
from doctor.drivers.events import Recorder
from doctor.errors import DoctorError

DRIVERS = Path(__file__).parents[1] / "drivers"
FACE = ("doctor.cli", "doctor.render", "doctor.output", "doctor.plan_view", "doctor.progress", "doctor.envelope", "rich")


def test_no_driver_module_imports_the_face() -> None:
    for path in sorted(DRIVERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            bad = [n for n in names if n.startswith(FACE)]
            assert not bad, f"drivers/{path.name}:{node.lineno} imports {bad}"
    code = (
        "import sys; from doctor.drivers import registry; registry.drivers(); import doctor.drivers._output; "
        f"print(sorted(m for m in sys.modules if m.startswith({FACE!r})))"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def _long_step(sctx: StepContext) -> dict[str, int]:
    sctx.log("connected")
    sctx.say("press RESET")
    for done in (0, 512, 1024):
        sctx.progress(done, 1024, "writing", "bytes")
    sctx.warn("slow board")
    return {"written": 1024}


def test_a_plan_reports_events_to_any_sink() -> None:
    ui = Recorder(yes=True)
    plan = Plan("write", "t", [Step("write", risk="writes-flash", execute=_long_step, long=True), Step("check", execute=lambda s: None)])
    outcome = run_plan(plan, ui, rediagnose=lambda: {"schema_version": 1})
    assert outcome.status == "done"
    assert ui.kinds() == [
        "plan", "step", "progress-start", "detail", "instruction", "progress", "progress", "progress",
        "warning", "progress-end", "step", "rediagnosis",
    ]
    progress = [e for e in ui.events or [] if e.kind == "progress"]
    assert [(e.step, e.completed, e.total, e.phase, e.unit) for e in progress][-1] == ("write", 1024, 1024, "writing", "bytes")
    assert ui.events is not None and ui.events[-1].outcome is outcome


def test_the_gates_read_the_sink_settings() -> None:
    plan = Plan("write", "t", [Step("write", risk="writes-flash", execute=lambda s: None)])
    with pytest.raises(DoctorError, match="not confirmed"):
        run_plan(plan, Recorder(yes=False), rediagnose=None)
    ui = Recorder(yes=False, dry_run=True)
    assert run_plan(plan, ui, rediagnose=None).status == "planned" and ui.kinds() == ["plan"]
    ui = Recorder(yes=False, interactive=True, answer=True)
    assert run_plan(plan, ui, rediagnose=None).status == "done"


def test_the_command_renders_them_on_the_terminal() -> None:
    out, err = io.StringIO(), io.StringIO()
    ctx = Context(console=Console(file=out, width=200), err=Console(file=err, width=200), json=False, yes=True, dry_run=False, verbosity=1, interactive=False)
    plan = Plan("write [red]x[/red]", "t", [Step("write", risk="writes-flash", execute=_long_step, long=True)])
    run_plan(plan, ctx, rediagnose=lambda: {"schema_version": 1})
    assert "Plan: write [red]x[/red]" in out.getvalue() and "Re-diagnosis: no faults found." in out.getvalue()
    text = err.getvalue()
    for line in ("[1/1] write", "connected", "press RESET", "slow board", "write: writing 100% (1024/1024 bytes)"):
        assert line in text, line
