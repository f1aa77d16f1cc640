"""A plan stopped by Ctrl-C, SIGTERM or SIGHUP says which step and what state the board is in (issue 10):
exit 3 when something was written or erased (the board may hold a partial image), 130 when nothing was."""

from __future__ import annotations

import io
import os
import signal
from typing import Any

import pytest
from rich.console import Console

from doctor.cli import Context
from doctor.drivers.base import Plan, Step, StepContext, run_plan
from doctor.errors import DoctorError


def _ctx() -> Context:
    return Context(console=Console(file=io.StringIO()), err=Console(file=io.StringIO()), json=False, yes=True, dry_run=False, verbosity=0, interactive=False)


def _signal(sig: int) -> Any:
    def run(_s: StepContext) -> dict[str, Any] | None:
        if sig == signal.SIGINT:
            raise KeyboardInterrupt
        os.kill(os.getpid(), sig)
        return None

    return run


def _plan(interrupt_at: int, sig: int) -> Plan:
    steps = [
        Step(name="check the board", execute=lambda s: None),
        Step(name="write flash", risk="writes-flash", execute=lambda s: None),
        Step(name="verify", verify=True, execute=lambda s: None),
    ]
    steps[interrupt_at].execute = _signal(sig)
    return Plan(title="flash fw.bin", driver="t", steps=steps)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_interrupted_during_the_write(sig: int) -> None:
    with pytest.raises(DoctorError) as info:
        run_plan(_plan(1, sig), _ctx(), rediagnose=None)
    err = info.value
    assert err.exit_code == 3
    assert signal.Signals(sig).name in err.message and "during step 'write flash'" in err.message and "partly written" in err.message
    outcome = err.outcome  # type: ignore[attr-defined]
    assert outcome.status == "interrupted"
    assert [(r.name, r.status) for r in outcome.steps] == [("check the board", "ok"), ("write flash", "interrupted"), ("verify", "skipped")]


def test_interrupted_after_the_write_still_says_so() -> None:
    with pytest.raises(DoctorError) as info:
        run_plan(_plan(2, signal.SIGTERM), _ctx(), rediagnose=None)
    assert info.value.exit_code == 3 and "after 'write flash'" in info.value.message


def test_interrupted_before_anything_was_written() -> None:
    with pytest.raises(DoctorError) as info:
        run_plan(_plan(0, signal.SIGINT), _ctx(), rediagnose=None)
    assert info.value.exit_code == 130 and "nothing was written" in info.value.message


def test_the_handlers_are_given_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    run_plan(Plan(title="t", driver="t", steps=[Step(name="a", execute=lambda s: None)]), _ctx(), rediagnose=None)
    assert signal.getsignal(signal.SIGTERM) is before
