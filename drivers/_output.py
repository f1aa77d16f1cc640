"""Reading a flashing tool's output in a driver step: the analyze parsers, never a second parser.

`tool_check(namespace)` makes a Step.check that feeds the run's output to doctor.parsers.parse_text
(the same parsers `doctor analyze` uses, so a live run is judged exactly like a pasted one), keeps the
facts it produced in the step state (`state["facts"]`, merged run after run), and says the step failed
unless the parser's run record says `success`. `accept` can overrule a failure the knowledge base
calls harmless (dfu-util's get_status error after a complete download with :leave, DFU001).

`facts_of(state)` is the snapshot those runs make, for a re-diagnosis that needs no live probe.
"""

from __future__ import annotations

from typing import Any, Callable

from doctor import facts as factmod
from doctor.drivers.base import StepContext
from doctor.parsers import parse_text
from doctor.runner import ToolRun

Accept = Callable[[dict[str, Any], ToolRun, StepContext], str | None]


def parse_run(run: ToolRun, source: str) -> dict[str, Any]:
    """The facts fragment of one live run (its run records carry argv, return code, status, duration)."""
    meta = {"argv": run.argv, "returncode": run.returncode, "status": run.status, "duration": round(run.duration, 3)}
    return parse_text(run.output, source, run=meta)


def record(sctx: StepContext, fragment: dict[str, Any]) -> None:
    snapshot = sctx.state.setdefault("facts", factmod.new("fix"))
    factmod.merge(snapshot, fragment)


def runs_of(fragment: dict[str, Any], namespace: str) -> list[dict[str, Any]]:
    value = fragment.get(namespace)
    return list(value.get("runs", [])) if isinstance(value, dict) else []


def first_problem(run_record: dict[str, Any]) -> str | None:
    """The line of the first event that reads like an error, as the tool printed it."""
    for ev in run_record.get("events", []):
        kind = str(ev.get("kind", ""))
        if any(w in kind for w in ("error", "fail", "denied", "not_found", "unknown", "mismatch", "missing", "protected", "invalid", "no_")):
            return str(ev.get("line", "")) or kind
    return None


def tool_check(namespace: str, *, source: str | None = None, accept: Accept | None = None) -> Callable[[ToolRun, StepContext], str | None]:
    """A Step.check that parses the output into `namespace` runs and fails unless one says success."""

    def check(run: ToolRun, sctx: StepContext) -> str | None:
        if run.status == "missing":
            return run.error or f"{run.tool} is not installed"
        if run.status == "timeout":
            return f"{run.tool} gave no result in time ({run.error})"
        fragment = parse_run(run, source or run.tool)
        record(sctx, fragment)
        records = runs_of(fragment, namespace)
        sctx.state.setdefault("runs", []).extend(records)
        last = records[-1] if records else {}
        if accept is not None:
            verdict = accept(last, run, sctx)
            if verdict == "ok":
                return None
            if verdict:
                return verdict
        if last.get("success") is True and run.status == "ok":
            return None
        if last.get("success") is True and run.status != "ok":
            return f"{run.tool} exited with {run.returncode} although its output looks complete"
        problem = first_problem(last) if last else None
        return problem or run.error or f"{run.tool} exited with {run.returncode}"

    return check


def facts_of(state: dict[str, Any]) -> dict[str, Any]:
    """The snapshot built from everything the plan's tool runs printed."""
    snapshot = state.get("facts")
    return snapshot if isinstance(snapshot, dict) else factmod.new("fix")
