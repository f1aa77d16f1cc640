"""What a running plan reports, and to whom: drivers say what happens as events; the command renders them.

`drivers/base.run_plan(plan, ui)` and every step (through `StepContext.log/say/warn/progress`) report to `ui`, any
object with the `Sink` shape: the command's settings that gate a plan (`yes`, `dry_run`, `json`, `interactive`),
`confirm(question)` (the person's answer; never asked without a terminal) and `emit(event)`. The drivers import
nothing of the terminal or JSON output: doctor.cli's Context is a Sink whose `emit` hands each event to
doctor.plan_view (plan listing, step lines, progress bar/lines/JSON events, findings, the re-diagnosis), and a test
may pass a Sink that records the events.

Event kinds (fields used):
- "plan" (plan): the plan, before anything else; "blocked" (plan, findings): refused by pre-flight findings;
- "step" (index, count, step): step `index` of `count` starts;
- "detail" / "instruction" / "warning" (text): a line of detail (shown with -v), a line the person must read, a
  warning;
- "progress-start" (step), "progress" (completed, total, phase, unit), "progress-end" (step): a long step's progress;
- "refused" (step, findings): a step's own pre-flight refused it; "step-failed" (step, text): a step failed;
- "rediagnosis" (outcome): the plan ran and the diagnosis ran again (outcome.resolved, still_present, findings_after).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from doctor.drivers.base import Outcome, Plan
    from doctor.findings import Finding

EventKind = Literal[
    "plan", "blocked", "step", "detail", "instruction", "warning",
    "progress-start", "progress", "progress-end", "refused", "step-failed", "rediagnosis",
]


@dataclass(frozen=True)
class Event:
    kind: EventKind
    text: str = ""
    step: str = ""
    index: int = 0
    count: int = 0
    plan: "Plan | None" = None
    findings: "tuple[Finding, ...]" = ()
    completed: float | None = None
    total: float | None = None
    phase: str | None = None
    unit: str | None = None
    outcome: "Outcome | None" = None


class Sink(Protocol):
    """Where a running plan reports (see the module's docstring)."""

    json: bool
    yes: bool
    dry_run: bool
    interactive: bool

    def confirm(self, question: str) -> bool: ...

    def emit(self, event: Event) -> None: ...


@dataclass
class Recorder:
    """A Sink that keeps the events (tests, and callers that render afterwards)."""

    yes: bool = True
    dry_run: bool = False
    json: bool = False
    interactive: bool = False
    answer: bool = False
    events: list[Event] | None = None

    def confirm(self, question: str) -> bool:
        return self.yes or (self.interactive and self.answer)

    def emit(self, event: Event) -> None:
        if self.events is None:
            self.events = []
        self.events.append(event)

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events or []]
