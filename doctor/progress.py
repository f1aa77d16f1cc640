"""How a long step's progress is shown: a bar on a terminal, lines when the output is not a terminal, and events
in the `--json` stream. One source of updates for all three (`StepProgress.update`), fed by a driver (Katapult's
blocks) or by the tool's own progress read live (doctor.drivers._output.ProgressReader: avrdude, dfu-util,
st-flash, OpenOCD).

- Terminal (the stream progress is drawn on, stderr, is a terminal): rich's bar with the phase, the percentage,
  the count the tool gives ("12/16 pages") and the time left; it disappears when the step ends.
- Not a terminal (a log, `2>&1 | tee`, CI): one plain line when a phase starts and one per 10 % crossed,
  `    write fw.bin: writing 40% (8192/20480 bytes)`, so a log shows that a write moved and where it stopped.
- `--json`: the same moments as the lines, as events of the command's JSON Lines stream (doctor.envelope.event):
  `{"command": "flash", "event": "progress", "data": {"step": ..., "phase": ..., "percent": ..., "done": ...,
  "total": ..., "unit": ...}}`; `percent` is null while a phase gives no amount (OpenOCD's verify).
- `-q` quells progress (bar and lines), as avrdude's -q does; JSON events stay (a program asked for them).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from doctor.cli import Context

LINE_STEP = 10  # the line form and the JSON events: one per this many percent


class StepProgress:
    """The progress of one step. `update(completed, total, phase, unit)`: total None is "started, no amount"."""

    def __init__(self, step: str) -> None:
        self.step = step
        self.phase: str | None = None
        self.percent: float | None = None
        self.done: float | None = None
        self.total: float | None = None
        self.unit: str | None = None
        self._said: tuple[str | None, int] | None = None  # (phase, percent bucket) of the last line/event

    def update(self, completed: float | None, total: float | None = None, phase: str | None = None, unit: str | None = None) -> None:
        if phase is not None and phase != self.phase:
            self.phase = phase
            self.done = self.total = self.percent = None
            self.unit = None
        if unit is not None:
            self.unit = unit
        if total is not None:
            self.total = total
        self.done = completed
        if completed is not None and self.total:
            self.percent = max(0.0, min(100.0, 100.0 * float(completed) / float(self.total)))
        else:
            self.percent = None
        self.draw()
        bucket = -1 if self.percent is None else int(self.percent // LINE_STEP) * LINE_STEP
        said = (self.phase, bucket)
        if self._said is None or said[0] != self._said[0] or said[1] > self._said[1]:
            self._said = said
            self.tick()

    def data(self) -> dict[str, Any]:
        """The event's stable shape."""
        # a count is shown when it is one (pages, bytes, Katapult's blocks), not when it is a percentage out of 100
        counted = self.done is not None and self.total is not None and (self.unit is not None or self.total != 100.0)
        return {
            "step": self.step,
            "phase": self.phase,
            "percent": None if self.percent is None else round(self.percent, 1),
            "done": int(self.done) if counted and self.done is not None else None,
            "total": int(self.total) if counted and self.total is not None else None,
            "unit": self.unit if counted else None,
        }

    def text(self) -> str:
        d = self.data()
        bits = [f"    {self.step}: {d['phase'] or 'working'}"]
        if d["percent"] is not None:
            bits.append(f"{d['percent']:.0f}%")
        if d["done"] is not None:
            bits.append(f"({d['done']}/{d['total']}{' ' + d['unit'] if d['unit'] else ''})")
        return " ".join(bits)

    def draw(self) -> None:
        """Every update (the terminal bar)."""

    def tick(self) -> None:
        """A phase started or another LINE_STEP percent was crossed (the line form, the JSON event)."""

    def close(self) -> None:
        """The step ended."""


class _Bar(StepProgress):
    def __init__(self, step: str, console: Any) -> None:
        super().__init__(step)
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("    {task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[count]}"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._task = self._progress.add_task(step, total=None, count="")
        self._progress.start()

    def draw(self) -> None:
        d = self.data()
        count = "" if d["done"] is None else f"{d['done']}/{d['total']}" + (f" {d['unit']}" if d["unit"] else "")
        description = f"{self.step}: {self.phase}" if self.phase else self.step
        if self.percent is None:
            self._progress.update(self._task, total=None, completed=0, description=description, count=count)
        else:
            self._progress.update(self._task, total=100.0, completed=self.percent, description=description, count=count)

    def close(self) -> None:
        self._progress.stop()


class _Lines(StepProgress):
    def __init__(self, step: str, console: Any) -> None:
        super().__init__(step)
        self._console = console

    def tick(self) -> None:
        from rich.text import Text

        self._console.print(Text(self.text(), style="dim"), soft_wrap=True)


class _Events(StepProgress):
    def __init__(self, step: str, ctx: Context) -> None:
        super().__init__(step)
        self._ctx = ctx

    def tick(self) -> None:
        from doctor import envelope

        envelope.event(self._ctx, "progress", self.data())


def for_context(ctx: Context, step: str) -> StepProgress:
    """The progress form this run shows: JSON events, none with -q, a bar on a terminal, lines otherwise."""
    if ctx.json:
        return _Events(step, ctx)
    if ctx.verbosity < 0:  # -q quells progress, as in avrdude
        return StepProgress(step)
    if getattr(ctx.err, "is_terminal", False):
        return _Bar(step, ctx.err)
    return _Lines(step, ctx.err)


@contextmanager
def step_progress(ctx: Context, step: str) -> Iterator[StepProgress]:
    view = for_context(ctx, step)
    try:
        yield view
    finally:
        view.close()


@contextmanager
def waiting(ctx: Context, what: str) -> Iterator[None]:
    """A wait with no amount to show (a scan's probes, a board's answer): a spinner on a terminal's stderr, gone
    afterwards; nothing in a pipe, under --json or with -q (the result follows at once)."""
    if ctx.json or ctx.verbosity < 0 or not getattr(ctx.err, "is_terminal", False):
        yield
        return
    with ctx.err.status(what, spinner="dots"):
        yield
