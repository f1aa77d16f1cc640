"""The driver framework: plan risk, the gates (dry-run, --yes, JSON, --force), execution, failure, re-diagnosis."""

from __future__ import annotations

import io
import sys
from typing import Any

import pytest
from rich.console import Console

from doctor import drivers
from doctor.cli import Context
from doctor.drivers import base
from doctor.errors import DoctorError, UsageError
from doctor.firmware import finding


def make_ctx(**kw: Any) -> tuple[Context, io.StringIO]:
    out = io.StringIO()
    console = Console(file=out, width=120, no_color=True)
    values = dict(console=console, err=console, json=False, yes=True, dry_run=False, verbosity=0, interactive=False)
    values.update(kw)
    return Context(**values), out  # type: ignore[arg-type]


def plan_of(calls: list[str], *, fail: bool = False, risk: base.Risk = "writes-flash") -> base.Plan:
    def ok(name: str) -> Any:
        def run(sctx: base.StepContext) -> dict[str, Any]:
            calls.append(name)
            sctx.state[name] = True
            return {"did": name}

        return run

    def boom(sctx: base.StepContext) -> None:
        calls.append("boom")
        raise base.StepFailed("the board stopped answering", "double-tap RESET and run it again")

    steps = [
        base.Step("connect", operation="CONNECT", execute=ok("connect")),
        base.Step("write", risk=risk, operation="SEND_BLOCK", execute=boom if fail else ok("write"), long=True),
        base.Step("verify", operation="REQUEST_BLOCK", execute=ok("verify"), verify=True),
        base.Step("restart service", operation="systemctl start klipper", execute=ok("restart"), always=True),
    ]
    return base.Plan("flash test", "test", steps, preconditions=["a board"], resolves=["BOOT001"])


def test_risk_is_the_highest_step() -> None:
    assert plan_of([]).risk == "writes-flash"
    assert plan_of([], risk="erases").risk == "erases"
    assert base.Plan("x", "t", [base.Step("look")]).risk == "safe"


def test_runs_in_order_verifies_and_rediagnoses() -> None:
    calls: list[str] = []
    ctx, out = make_ctx()
    outcome = base.run_plan(plan_of(calls), ctx, rediagnose=lambda: {"schema_version": 1})
    assert calls == ["connect", "write", "verify", "restart"]
    assert outcome.status == "done" and outcome.verified
    assert outcome.resolved == ["BOOT001"] and outcome.findings_after == []
    text = out.getvalue()
    assert "Plan: flash test" in text and "[2/4] write" in text and "BOOT001 is gone" in text
    assert outcome.to_json()["steps"][0]["detail"] == {"did": "connect"}


def test_dry_run_shows_and_stops() -> None:
    calls: list[str] = []
    ctx, out = make_ctx(dry_run=True)
    outcome = base.run_plan(plan_of(calls), ctx, rediagnose=None)
    assert calls == [] and outcome.status == "planned"
    assert "SEND_BLOCK" in out.getvalue()


def test_json_without_yes_refuses() -> None:
    calls: list[str] = []
    ctx, _ = make_ctx(json=True, yes=False)
    with pytest.raises(UsageError, match="not confirmed"):
        base.run_plan(plan_of(calls), ctx, rediagnose=None)
    assert calls == []


def test_erase_needs_force() -> None:
    calls: list[str] = []
    ctx, _ = make_ctx()
    with pytest.raises(UsageError, match="--force"):
        base.run_plan(plan_of(calls, risk="erases"), ctx, rediagnose=None)
    assert calls == []
    base.run_plan(plan_of(calls, risk="erases"), ctx, force=True, rediagnose=None)
    assert calls[-1] == "restart"


def test_blockers_refuse_before_any_step() -> None:
    calls: list[str] = []
    plan = plan_of(calls)
    plan.blockers.append(finding("FW002", "built for stm32f446xx, board is stm32f103xe", [], "rebuild"))
    ctx, out = make_ctx()
    with pytest.raises(DoctorError, match="refused before writing anything: FW002") as info:
        base.run_plan(plan, ctx, rediagnose=None)
    assert calls == [] and info.value.outcome.status == "refused"  # type: ignore[attr-defined]
    assert "FW002" in out.getvalue()


def test_failure_runs_cleanup_and_raises_exit_3() -> None:
    calls: list[str] = []
    ctx, _ = make_ctx()
    with pytest.raises(DoctorError) as info:
        base.run_plan(plan_of(calls, fail=True), ctx, rediagnose=lambda: {})
    assert calls == ["connect", "boom", "restart"]
    err = info.value
    assert int(err.exit_code) == 3 and "double-tap RESET" in (err.hint or "")
    statuses = [s.status for s in err.outcome.steps]  # type: ignore[attr-defined]
    assert statuses == ["ok", "failed", "skipped", "ok"]


def test_argv_step_uses_runner() -> None:
    ctx, _ = make_ctx()
    plan = base.Plan("t", "t", [base.Step("true", argv=[sys.executable, "-c", "print('hi')"])])
    outcome = base.run_plan(plan, ctx, rediagnose=None)
    assert outcome.state["tool_runs"][0]["stdout"] == "hi\n"
    bad = base.Plan("t", "t", [base.Step("false", argv=[sys.executable, "-c", "import sys; print('nope'); sys.exit(2)"], hint="h")])
    with pytest.raises(DoctorError, match="exited with 2"):
        base.run_plan(bad, ctx, rediagnose=None)


def test_every_driver_module_implements_only_registered_actions() -> None:
    """The convention of drivers/base.py: a driver module's ACTIONS maps registered names to plan factories,
    and no two modules implement the same action."""
    seen: dict[str, str] = {}
    for module in base.driver_modules():
        for name, factory in base.driver_actions(module).items():
            assert name in drivers.ACTIONS, f"{module} implements the unregistered action {name}"
            assert name not in seen, f"{name} is implemented by both {seen[name]} and {module}"
            assert callable(factory), name
            seen[name] = module


def test_every_registered_action_is_implemented() -> None:
    """Every name a knowledge entry may use (drivers.ACTIONS) has a driver that plans it."""
    implemented = {name for module in base.driver_modules() for name in base.driver_actions(module)}
    missing = sorted(set(drivers.ACTIONS) - implemented)
    assert not missing, f"registered but not implemented: {missing}"
