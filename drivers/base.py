"""The framework every driver uses: a pure plan, then one executor (show → confirm → execute → verify → re-diagnose).

A driver module `doctor.drivers.<driver>` (file drivers/<driver>.py) does two things:

1. It builds plans. A plan factory is pure: it reads its `ActionRequest` (the action's parameters, the
   command-line options, the facts snapshot, the finding) and returns a `Plan`; it never touches the host
   or a board. Missing input raises `UsageError` saying which option to add.
2. It declares itself (`DRIVER = Driver(...)`, drivers/registry.py): the actions it plans, with a line each, and
   when it writes firmware its backend (the --via name, the options that select it, its own options, its tools,
   whether it opens the USB device itself). `plan_action(name, request)` finds the factory there; nothing else
   lists drivers, actions or backends.

A `Step` is one named thing the person sees: an external command (`argv`, run through doctor.runner with a
timeout; `check` interprets its ToolRun), or a protocol operation (`operation` describes it, `execute`
performs it). Each has a risk: "safe" < "writes-flash" < "erases" (mass erase, option bytes, unlock,
overwriting a bootloader); the plan's risk is the highest of its steps.

`run_plan(plan, ui)` is the only way a plan runs. `ui` is the command's Sink (drivers/events.py): the settings
that gate the plan and `emit(event)`; the driver reports the plan, its steps, lines, progress and the re-diagnosis
as events and never prints (doctor/plan_view.py renders them):
- the plan is always shown (text, or in the JSON result);
- refused at once when the plan carries blocking findings (pre-flight: FW001/FW002/FW004...), before any write;
- `--dry-run` stops after showing it;
- confirmation unless `--yes`; JSON mode never prompts, so without `--yes` it refuses; "erases" also needs
  `--force`;
- steps run in order, named, with a progress bar when a step says it is long (`Step.long`); a step that
  fails stops the plan (steps marked `always` still run, e.g. restarting a stopped service) and the run
  raises DoctorError (exit 3) with the step's hint;
- at the end the diagnosis is re-run on fresh facts (doctor.engine.evaluate) and the result says whether the
  findings the plan meant to fix (`Plan.resolves`) are gone, and what is still wrong.

Steps share state through `StepContext.state` (e.g. a CONNECT step stores what the bootloader reported for
the write step). A step's `execute` returns a dict of facts about what it did (kept in the outcome) or None.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Literal, Mapping

from doctor.drivers.events import Event, Sink
from doctor.errors import DoctorError, UsageError
from doctor.findings import Finding
from doctor.status import ExitCode

if TYPE_CHECKING:
    from doctor.runner import ToolRun

Risk = Literal["safe", "writes-flash", "erases"]
RISKS: tuple[Risk, ...] = ("safe", "writes-flash", "erases")


def max_risk(risks: list[Risk]) -> Risk:
    return max(risks, key=RISKS.index, default="safe")


class StepFailed(DoctorError):
    """A step could not do its job. Raised by a step's execute/check; run_plan adds the step's name."""


class Refused(DoctorError):
    """A pre-flight check inside a step (one that needs the board's answer first, e.g. Katapult's CONNECT)
    found blocking problems before anything was written. run_plan shows `findings`; the outcome is "refused"."""

    def __init__(self, message: str, hint: str | None, findings: list[Finding]) -> None:
        super().__init__(message, hint, exit_code=ExitCode.ACTION_FAILED)
        self.findings = findings


@dataclass
class StepContext:
    """What a running step may use: shared state, the person (questions), and the lines and progress it reports
    (as events to the run's Sink: drivers/events.py; the command renders them)."""

    ui: Sink
    plan: "Plan"
    state: dict[str, Any] = field(default_factory=dict)
    step: str = ""  # the running step's name (progress events carry it)
    _progress: bool = False  # the running step shows progress
    reached: tuple[float, float | None, str | None, str | None] | None = None  # the last progress: done, total, phase, unit

    def log(self, message: str) -> None:
        """A line of detail (shown with -v, or always when it matters: use warn())."""
        self.ui.emit(Event("detail", message))

    def say(self, message: str) -> None:
        """A line the person should read (instructions during a guided step). Never in JSON mode."""
        self.ui.emit(Event("instruction", message))

    def warn(self, message: str) -> None:
        self.ui.emit(Event("warning", message))

    def progress(self, completed: float | None, total: float | None = None, description: str | None = None, unit: str | None = None) -> None:
        """Move the step's progress (a no-op when the step has none); `description` is the phase ("writing")."""
        if self._progress:
            if completed is not None:
                self.reached = (completed, total, description, unit)
            self.ui.emit(Event("progress", step=self.step, completed=completed, total=total, phase=description, unit=unit))

    @property
    def can_ask(self) -> bool:
        """A person at a terminal can answer a question now (not JSON, not a script)."""
        return self.ui.interactive and not self.ui.json

    def confirm(self, question: str) -> bool:
        return self.ui.confirm(question)


@dataclass
class Step:
    """One named step. Exactly one of `argv` (an external tool) or `operation` (a protocol operation)."""

    name: str
    risk: Risk = "safe"
    argv: list[str] | None = None
    operation: str | None = None  # what it does on the wire, e.g. "SEND_BLOCK ×1024 from 0x08002000"
    execute: Callable[[StepContext], dict[str, Any] | None] | None = field(default=None, repr=False, compare=False)
    check: Callable[["ToolRun", StepContext], str | None] | None = field(default=None, repr=False, compare=False)
    timeout: float = 60.0  # for argv steps
    long: bool = False  # show a progress bar
    always: bool = False  # run even when an earlier step failed (cleanup: restart a service...)
    verify: bool = False  # this step verifies what was written
    hint: str | None = None  # what to do when this step fails
    root: bool = False  # changes the system (udev rules, groups, services): needs root; doctor never runs sudo
    manual: str | None = None  # the shell line a person runs instead (default: "sudo " + argv), for root steps

    def describe(self) -> str:
        if self.argv is not None:
            import shlex

            return shlex.join(self.argv)
        return self.operation or ""

    def manual_command(self) -> str:
        """What a person types to do this step themselves (root steps: with sudo)."""
        if self.manual:
            return self.manual
        if self.argv is not None:
            import shlex

            return ("sudo " if self.root else "") + shlex.join(self.argv)
        return self.operation or self.name

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "risk": self.risk,
            "argv": self.argv,
            "operation": self.operation,
            "verify": self.verify,
            "always": self.always,
            "root": self.root,
        }


@dataclass
class Plan:
    """What a driver will do, computed without side effects."""

    title: str
    driver: str
    steps: list[Step]
    preconditions: list[str] = field(default_factory=list)
    blockers: list[Finding] = field(default_factory=list)  # pre-flight findings that refuse the plan before any write
    notes: list[str] = field(default_factory=list)
    resolves: list[str] = field(default_factory=list)  # fault ids this plan is meant to make disappear
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def risk(self) -> Risk:
        return max_risk([s.risk for s in self.steps])

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "driver": self.driver,
            "risk": self.risk,
            "preconditions": list(self.preconditions),
            "steps": [s.to_json() for s in self.steps],
            "blockers": [f.to_json() for f in self.blockers],
            "notes": list(self.notes),
            "resolves": list(self.resolves),
            "params": {k: v for k, v in self.params.items() if isinstance(v, (str, int, float, bool, type(None)))},
        }


@dataclass
class ActionRequest:
    """Everything a plan factory may read: the action's params (from the knowledge entry), the command
    line's options (port, baud, firmware, ...), the facts snapshot and the finding that asked for it."""

    params: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    finding: Finding | None = None

    def get(self, key: str, default: Any = None) -> Any:
        """An option from the command line, else the action's parameter, else `default`."""
        value = self.options.get(key)
        if value is None:
            value = self.params.get(key, default)
        return value


PlanFactory = Callable[[ActionRequest], Plan]


def driver_modules() -> list[str]:
    """The driver modules of doctor.drivers (framework modules excluded): see drivers/registry.py."""
    from doctor.drivers import registry

    return sorted(registry.drivers())


def driver_actions(module: str) -> Mapping[str, PlanFactory]:
    """The plan factories doctor.drivers.<module> declares (empty when there is no such driver)."""
    from doctor.drivers import registry

    declared = registry.driver(module)
    return declared.plans() if declared is not None else {}


def implemented_actions() -> dict[str, PlanFactory]:
    """Every action some driver module declares (module names need not equal the action prefix: "stlink.flash"
    lives in drivers/st_flash.py)."""
    from doctor.drivers import registry

    return {name: action.plan for name, action in registry.actions().items()}


def plan_action(name: str, request: ActionRequest) -> Plan:
    """The plan for a declared action name ("<driver>.<operation>")."""
    factory = implemented_actions().get(name)
    if factory is None:
        raise UsageError(f"unknown action {name!r}", "doctor rules lists the findings and their actions")
    plan = factory(request)
    plan.blockers.extend(host_blockers(plan, request))
    return plan


SYSFS_USB = "/sys/bus/usb/devices"
DEV_USB = "/dev/bus/usb"


def _usb_nodes(roles: tuple[str, ...], ident: str | None) -> list[tuple[str, str, str]]:
    """(vid:pid, role, /dev/bus/usb node) of the devices on this host with one of `roles` (or exactly `ident`),
    read from sysfs (nothing opened)."""
    from doctor import devices

    out: list[tuple[str, str, str]] = []
    try:
        names = sorted(os.listdir(SYSFS_USB))
    except OSError:
        return out
    for name in names:
        base = os.path.join(SYSFS_USB, name)
        try:
            with open(os.path.join(base, "idVendor")) as fh:
                vid = fh.read(16).strip().lower()
            with open(os.path.join(base, "idProduct")) as fh:
                pid = fh.read(16).strip().lower()
            with open(os.path.join(base, "busnum")) as fh:
                bus = int(fh.read(16).strip())
            with open(os.path.join(base, "devnum")) as fh:
                dev = int(fh.read(16).strip())
        except (OSError, ValueError):
            continue
        vp = f"{vid}:{pid}"
        role = devices.classify(vid, pid).role
        if (ident and vp == ident.lower()) or (not ident and role in roles):
            out.append((vp, role, os.path.join(DEV_USB, f"{bus:03d}", f"{dev:03d}")))
    return out


def host_blockers(plan: Plan, request: ActionRequest) -> list[Finding]:
    """What stops a plan on this host before it starts, said as the findings a scan would give: a tool
    the plan runs that is not installed (TOOL001), and a USB device the backend must open that this user
    may not open (USB004). Without them the tool fails half-way with its own words ("No DFU capable USB
    device available") and the hint blames the board."""
    from doctor.firmware import finding

    out: list[Finding] = []
    seen: set[str] = set()
    for step in plan.steps:
        if not step.argv or step.root:
            continue
        tool = str(step.argv[0])
        if tool in seen or os.sep in tool:
            continue
        seen.add(tool)
        if shutil.which(tool) is None:
            from checks.host import TOOLS
            from doctor.drivers import registry

            package = registry.tool_package(tool) or (TOOLS.get(tool) or (None, None))[0]
            out.append(finding(
                "TOOL001",
                f"{tool} is not installed, and this plan runs it: nothing was written",
                [("plan step", step.name), ("PATH", os.environ.get("PATH", ""))],
                "Install it, then run the same command again." + ("" if package else " Its vendor's installer provides it."),
                [f"sudo apt install {package}"] if package else [],
            ))
    from doctor import devices
    from doctor.drivers import registry

    backend = registry.backend_of_driver(plan.driver)
    roles = devices.roles_for(backend.name, raw_access=True) if backend is not None and backend.opens_usb else ()
    if roles and not _is_root():
        ident = plan.params.get(backend.device_param) if backend is not None and backend.device_param else None
        nodes = _usb_nodes(roles, str(ident) if ident else None)
        if nodes and not any(os.access(node, os.R_OK | os.W_OK) for _, _, node in nodes):
            vp, role, node = nodes[0]
            out.append(finding(
                "USB004",
                f"{vp} ({role}) is on the bus, but this user may not open {node}: the tool would fail with a misleading message",
                [("device", f"{vp} {node}"), ("user", str(os.geteuid()))],
                "Let doctor install its udev rule (or run this one command as root), then unplug and replug the device.",
                ["doctor fix USB004"],
            ))
    return out


# --- execution -------------------------------------------------------------------------------------------


@dataclass
class StepResult:
    name: str
    status: str  # ok | failed | refused | skipped | interrupted
    seconds: float = 0.0
    detail: dict[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass
class Outcome:
    """What run_plan did: status planned | done | failed | refused | interrupted, per-step results, the re-diagnosis."""

    plan: Plan
    status: str = "planned"
    steps: list[StepResult] = field(default_factory=list)
    findings_after: list[Finding] | None = None
    resolved: list[str] = field(default_factory=list)
    still_present: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    refused_by: list[Finding] = field(default_factory=list)  # findings of a Refused step

    @property
    def verified(self) -> bool:
        verifying = [s for s in self.plan.steps if s.verify]
        done = {r.name for r in self.steps if r.status == "ok"}
        return bool(verifying) and all(s.name in done for s in verifying)

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan.to_json(),
            "status": self.status,
            "verified": self.verified,
            "steps": [
                {"name": r.name, "status": r.status, "seconds": round(r.seconds, 3), "detail": r.detail, "error": r.error}
                for r in self.steps
            ],
            "findings_after": None if self.findings_after is None else [f.to_json() for f in self.findings_after],
            "resolved": self.resolved,
            "still_present": self.still_present,
            "refused_by": [f.to_json() for f in self.refused_by],
        }


Rediagnose = Callable[[], dict[str, Any]]


def default_rediagnose() -> dict[str, Any]:
    """A fresh scan of this host (the same probes as `doctor scan`)."""
    from doctor.checks import collect_all

    return collect_all()


def run_plan(
    plan: Plan,
    ui: Sink,
    *,
    force: bool = False,
    rediagnose: Rediagnose | None = default_rediagnose,
    state: dict[str, Any] | None = None,
) -> Outcome:
    """Show, gate, execute, verify and re-diagnose one plan, reporting to `ui` (drivers/events.py: doctor.cli's
    Context renders the events on the terminal or in JSON). Raises DoctorError when refused or failed (the outcome
    is attached to the error as `.outcome`); returns the Outcome otherwise."""
    outcome = Outcome(plan)
    ui.emit(Event("plan", plan=plan))
    if plan.blockers:
        outcome.status = "refused"
        ui.emit(Event("blocked", plan=plan, findings=tuple(plan.blockers)))
        first = plan.blockers[0]
        raise _attach(
            DoctorError(
                f"refused before writing anything: {first.id} {first.message}",
                (first.remediation or {}).get("text") or "rebuild the firmware for this board (doctor explain " + first.id + ")",
            ),
            outcome,
        )
    if ui.dry_run:
        return outcome
    root_steps = [s for s in plan.steps if s.root]
    if root_steps and not _is_root():
        # doctor never calls sudo: it prints what to run and stops before changing anything
        outcome.status = "refused"
        commands = "\n".join(f"    {s.manual_command()}" for s in root_steps)
        raise _attach(
            DoctorError(
                f"{plan.title} needs root, and doctor does not run sudo itself: nothing was changed",
                f"run these commands yourself, in this order:\n{commands}",
            ),
            outcome,
        )
    if plan.risk == "erases" and not force:
        outcome.status = "refused"
        raise _attach(
            UsageError(
                f"this plan erases ({', '.join(s.name for s in plan.steps if s.risk == 'erases')}): it needs --force",
                "read the plan above, then run the same command with --force (and --yes)",
            ),
            outcome,
        )
    if not ui.yes:
        if ui.json or not ui.interactive:
            outcome.status = "refused"
            raise _attach(
                UsageError("not confirmed: nothing was changed", "JSON mode and scripts never prompt: add --yes to proceed"),
                outcome,
            )
        if not ui.confirm(f"Proceed with {plan.title}?"):
            outcome.status = "refused"
            raise _attach(DoctorError("cancelled: nothing was changed", None, exit_code=ExitCode.ACTION_FAILED), outcome)

    sctx = StepContext(ui, plan, state if state is not None else {})
    outcome.state = sctx.state
    failure: DoctorError | None = None
    total = len(plan.steps)
    current: Step | None = None
    changed: list[str] = []  # steps that wrote, erased or changed something and completed
    start = time.monotonic()
    try:
        with _signals_as_interrupts():
            for i, step in enumerate(plan.steps, 1):
                current = None
                if failure is not None and not step.always:
                    outcome.steps.append(StepResult(step.name, "skipped"))
                    continue
                ui.emit(Event("step", step=step.name, index=i, count=total))
                start = time.monotonic()
                current = step
                try:
                    detail = _execute(step, sctx)
                except Refused as exc:
                    outcome.steps.append(StepResult(step.name, "refused", time.monotonic() - start, error=exc.message))
                    outcome.refused_by = list(exc.findings)
                    ui.emit(Event("refused", step=step.name, findings=tuple(exc.findings)))
                    if failure is None:
                        failure = exc
                    continue
                except DoctorError as exc:
                    outcome.steps.append(StepResult(step.name, "failed", time.monotonic() - start, error=exc.message))
                    ui.emit(Event("step-failed", exc.message, step=step.name))
                    if failure is None:
                        failure = exc if exc.hint or not step.hint else StepFailed(exc.message, step.hint)
                    if step.risk != "safe":
                        changed.append(step.name)  # a write that failed part-way has changed the board too
                    continue
                outcome.steps.append(StepResult(step.name, "ok", time.monotonic() - start, detail or {}))
                if step.risk != "safe" or step.root:
                    changed.append(step.name)
            current = None
    except KeyboardInterrupt as exc:
        error = _interrupted(plan, outcome, current, changed, getattr(exc, "signame", "SIGINT"), time.monotonic() - start, sctx.reached)
        raise _attach(error, outcome) from None
    if isinstance(failure, Refused):
        outcome.status = "refused"
        raise _attach(DoctorError(f"refused before writing anything: {failure.message}", failure.hint), outcome)
    if failure is not None:
        outcome.status = "failed"
        failed = next(r for r in outcome.steps if r.status == "failed")
        raise _attach(
            DoctorError(f"{plan.title}: step '{failed.name}' failed: {failure.message}", failure.hint, exit_code=ExitCode.ACTION_FAILED),
            outcome,
        )
    outcome.status = "done"
    if rediagnose is not None:
        _rediagnose(outcome, ui, rediagnose)
    return outcome


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP while a plan runs (a closed SSH session, `systemctl stop`, a killed terminal):
    handled like Ctrl-C, so the outcome says what state the board was left in."""

    def __init__(self, signame: str) -> None:
        super().__init__(signame)
        self.signame = signame


@contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """While a plan runs, SIGTERM and SIGHUP raise Interrupted (the main thread only: signal handlers
    cannot be set elsewhere); the previous handlers come back afterwards."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: Any) -> None:
        raise Interrupted(signal.Signals(signum).name)

    old: dict[int, Any] = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            old[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):  # pragma: no cover - not settable here
            pass
    try:
        yield
    finally:
        for signum, previous in old.items():
            signal.signal(signum, previous)


def _interrupted(
    plan: Plan, outcome: Outcome, current: Step | None, changed: list[str], signame: str, seconds: float,
    reached: tuple[float, float | None, str | None, str | None] | None = None,
) -> DoctorError:
    """The error for a plan stopped by a signal: which step, and whether the board was changed (exit 3: it may
    hold a partial image or no application; exit 130: nothing had been written yet)."""
    outcome.status = "interrupted"
    if current is not None:
        outcome.steps.append(StepResult(current.name, "interrupted", seconds, error=signame))
    done = {r.name for r in outcome.steps}
    for step in plan.steps:
        if step.name not in done:
            outcome.steps.append(StepResult(step.name, "skipped"))
    during = current is not None and (current.risk != "safe" or current.root)
    if not changed and not during:
        where = f" before step '{current.name}' changed anything" if current is not None else ""
        return DoctorError(f"{signame}: {plan.title} stopped{where}: nothing was written", None, exit_code=ExitCode.INTERRUPTED)
    what = f"during step '{current.name}' ({current.risk})" if during and current is not None else f"after {', '.join(repr(n) for n in changed)}"
    state = {
        "erases": "the erase may be partial: the board may hold no application now",
        "writes-flash": "the flash may be partly written: the old application is likely gone and the new one incomplete",
    }.get(current.risk if during and current is not None else "writes-flash", "the change may be incomplete")
    if during and reached is not None:
        amount, total, phase, unit = reached
        how_far = f"{amount:g}/{total:g}" if total else f"{amount:g}"
        state += f" ({phase or 'the step'} had reached {how_far}{' ' + unit if unit else ''} when it stopped)"
    return DoctorError(
        f"{signame} {what} of {plan.title}: {state}",
        "run the same command again to completion: a bootloader (Katapult, ROM DFU) or SWD can still take a new image; "
        "until a write has been verified, do not expect the application to start",
        exit_code=ExitCode.ACTION_FAILED,
    )


def _execute(step: Step, sctx: StepContext) -> dict[str, Any] | None:
    sctx.step = step.name
    sctx.reached = None
    if step.long:
        sctx._progress = True
        sctx.ui.emit(Event("progress-start", step=step.name))
        try:
            return _execute_inner(step, sctx)
        finally:
            sctx._progress = False
            sctx.ui.emit(Event("progress-end", step=step.name))
    return _execute_inner(step, sctx)


def _execute_inner(step: Step, sctx: StepContext) -> dict[str, Any] | None:
    if step.execute is not None:
        return step.execute(sctx)
    if step.argv is not None:
        from doctor import runner

        from doctor.drivers._output import step_progress

        run = runner.run(step.argv, timeout=step.timeout, on_output=step_progress(sctx, step.argv) if step.long else None)
        sctx.state.setdefault("tool_runs", []).append(run.to_fact())
        if step.check is not None:
            problem = step.check(run, sctx)
        else:
            problem = None if run.status == "ok" else (run.error or f"{run.tool} exited with {run.returncode}")
        if problem:
            last = (run.output.strip().splitlines() or [""])[-1]
            raise StepFailed(problem + (f" ({last})" if last and last not in problem else ""), step.hint)
        return {"argv": run.argv, "returncode": run.returncode, "seconds": round(run.duration, 3)}
    return None  # a step that only informs (its operation text was shown)


def _rediagnose(outcome: Outcome, ui: Sink, rediagnose: Rediagnose) -> None:
    from doctor import engine

    facts = rediagnose()
    findings = engine.evaluate(facts)
    outcome.findings_after = findings
    present = {f.id for f in findings}
    outcome.resolved = [i for i in outcome.plan.resolves if i not in present]
    outcome.still_present = [i for i in outcome.plan.resolves if i in present]
    ui.emit(Event("rediagnosis", outcome=outcome))


def _is_root() -> bool:
    """Whether doctor runs as root (steps marked `root` may then run; tests monkeypatch this)."""
    return os.geteuid() == 0


def _attach(error: DoctorError, outcome: Outcome) -> DoctorError:
    error.outcome = outcome  # type: ignore[attr-defined]
    return error
