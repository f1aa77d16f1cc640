"""The face of a running plan: what drivers report as events (drivers/events.py), rendered for this command.

`view_of(ctx).emit(event)` (doctor.cli's `Context.emit`) prints the plan, each step, the person's instructions, a
long step's progress (doctor.progress: a bar, lines or JSON events), the findings that refuse a plan and the
re-diagnosis. In JSON mode nothing is printed here except progress events: the command puts the outcome in its
document. Text from the plan (titles, commands, tool output) reaches the terminal as `Text`, never as markup.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    from doctor.cli import Context
    from doctor.drivers.base import Plan
    from doctor.drivers.events import Event
    from doctor.progress import StepProgress

RISK_STYLE = {"safe": "green", "writes-flash": "yellow", "erases": "bold red"}


def show_plan(plan: "Plan", ctx: "Context") -> None:
    """Print the plan (terminal view). JSON callers put plan.to_json() in their result instead."""
    if ctx.json:
        return
    c = ctx.console
    c.print(Text.assemble(("Plan: ", "bold"), plan.title, "  ", (f"[risk: {plan.risk}]", RISK_STYLE[plan.risk])))
    for pre in plan.preconditions:
        c.print(Text(f"  requires: {pre}", style="dim"))
    for i, step in enumerate(plan.steps, 1):
        line = Text(f"  {i}. {step.name}")
        if step.risk != "safe":
            line.append(f"  ({step.risk})", style=RISK_STYLE[step.risk])
        if step.root:
            line.append("  (needs root)", style="magenta")
        c.print(line)
        described = step.describe()
        if described and step.argv is not None:
            # the command as it runs: alone on its line, flush left, no prompt, never cut or folded by doctor (the
            # terminal wraps a long one), so a triple-click copies exactly it (as render.print_finding_commands)
            c.print(Text(described, style="dim"), soft_wrap=True)
        elif described:
            from doctor import render

            render.say(c, described, style="dim", indent="       ")  # a path in it is never cut
    for note in plan.notes:
        c.print(Text(f"  note: {note}", style="cyan"))


class PlanView:
    """Renders one command's plan events on its Context (terminal or JSON)."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self._progress: StepProgress | None = None
        self._stack: ExitStack | None = None

    def emit(self, event: "Event") -> None:
        handler = getattr(self, "_on_" + event.kind.replace("-", "_"), None)
        if handler is not None:
            handler(event)

    # --- the plan and its steps ---------------------------------------------------------------------------------

    def _on_plan(self, event: "Event") -> None:
        if event.plan is not None:
            show_plan(event.plan, self.ctx)

    def _findings(self, event: "Event") -> None:
        if not self.ctx.json and event.findings:
            from doctor import render

            render.print_findings(self.ctx.console, list(event.findings), self.ctx.verbosity)

    _on_blocked = _findings
    _on_refused = _findings

    def _on_step(self, event: "Event") -> None:
        if not self.ctx.json:
            self.ctx.err.print(Text.assemble((f"[{event.index}/{event.count}] ", "bold"), event.step))

    def _on_step_failed(self, event: "Event") -> None:
        if not self.ctx.json:
            self.ctx.err.print(Text(f"    failed: {event.text}", style="red"))

    def _on_detail(self, event: "Event") -> None:
        if self.ctx.verbosity > 0 and not self.ctx.json:
            self.ctx.err.print(Text(f"    {event.text}", style="dim"))

    def _on_instruction(self, event: "Event") -> None:
        if not self.ctx.json:
            self.ctx.err.print(Text(f"    {event.text}"))

    def _on_warning(self, event: "Event") -> None:
        if not self.ctx.json:
            self.ctx.err.print(Text(f"    {event.text}", style="yellow"))

    # --- a long step's progress ---------------------------------------------------------------------------------

    def _on_progress_start(self, event: "Event") -> None:
        from doctor.progress import step_progress

        self._on_progress_end(event)
        self._stack = ExitStack()
        self._progress = self._stack.enter_context(step_progress(self.ctx, event.step))

    def _on_progress(self, event: "Event") -> None:
        if self._progress is not None:
            self._progress.update(event.completed, event.total, event.phase, event.unit)

    def _on_progress_end(self, event: "Event") -> None:
        stack, self._stack, self._progress = self._stack, None, None
        if stack is not None:
            stack.close()

    # --- after the plan -----------------------------------------------------------------------------------------

    def _on_rediagnosis(self, event: "Event") -> None:
        outcome = event.outcome
        if outcome is None or self.ctx.json:
            return
        from doctor import render

        c = self.ctx.console
        for fid in outcome.resolved:
            c.print(Text(f"{fid} is gone.", style="bold green"))
        for fid in outcome.still_present:
            c.print(Text(f"{fid} is still present.", style="bold red"))
        problems = [f for f in outcome.findings_after or [] if f.severity in ("error", "warning")]
        if problems:
            c.print(Text("After the action, doctor still sees:", style="bold"))
            render.print_findings(c, problems, self.ctx.verbosity)
        else:
            c.print(Text("Re-diagnosis: no faults found.", style="bold green"))


def view_of(ctx: "Context") -> PlanView:
    """The PlanView of this command run (one per Context: a progress bar spans several events)."""
    cache: dict[str, Any] = ctx.__dict__
    view = cache.get("_plan_view")
    if view is None:
        view = cache["_plan_view"] = PlanView(ctx)
    return view
