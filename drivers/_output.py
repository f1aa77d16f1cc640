"""Reading a flashing tool's output in a driver step: the analyze parsers, never a second parser.

`tool_check(namespace)` makes a Step.check that feeds the run's output to doctor.parsers.parse_text
(the same parsers `doctor analyze` uses, so a live run is judged exactly like a pasted one), keeps the
facts it produced in the step state (`state["facts"]`, merged run after run), and says the step failed
unless the parser's run record says `success`. `accept` can overrule a failure the knowledge base
calls harmless (dfu-util's get_status error after a complete download with :leave, DFU001).

`facts_of(state)` is the snapshot those runs make, for a re-diagnosis that needs no live probe.

`ProgressReader` / `step_progress` read the tool's own progress bar while it runs (below).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
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


# --- the tool's own progress, read live ------------------------------------------------------------------
#
# Each flashing tool draws its own progress: avrdude's `Writing | ####` bar (one `#` per 2 % when its stderr
# is not a terminal, `\rWriting | ###   | 7% 0.00 s` redrawn when it is), dfu-util's
# `\rDownload\t[=====    ]  20%   2048 bytes`, st-flash's `\r 12/ 16 pages written`, OpenOCD's phase lines
# (`** Programming Started **`, `wrote N bytes from file`, `** Verified OK **`). ProgressReader is fed the
# output as a pipe delivers it (any split, `\r`-only updates) and says where the tool is: the step's bar,
# its line form and its JSON events all come from these updates. The rows are the tools' own format strings
# (avrdude 7.1 main.c update_progress_*, dfu-util 0.11 dfu_progress_bar, libstlink 1.7 common.c, OpenOCD
# 0.12 startup.tcl `program`), checked against the binaries installed here and recorded real outputs.


@dataclass(frozen=True)
class ToolProgress:
    """Where a tool is: its phase (erasing, writing, verifying, reading) and how far, when it says."""

    phase: str
    percent: float | None  # None: the phase started, the tool gives no amount
    done: int | None = None  # in `unit`, when the tool counts (pages, bytes)
    total: int | None = None
    unit: str | None = None


@dataclass(frozen=True)
class _Row:
    pattern: re.Pattern[str]
    make: Callable[[re.Match[str], "ProgressReader"], ToolProgress | None]


def _avrdude_bar(m: re.Match[str], r: "ProgressReader") -> ToolProgress | None:
    what = m.group("what")
    phase = {"Writing": "writing", "Erasing": "erasing"}.get(what) or ("verifying" if r.verifying else "reading")
    if m.group("pct") is not None:
        return ToolProgress(phase, float(min(int(m.group("pct")), 100)))
    if r.carriage:  # the terminal form redraws the whole bar after \r: wait for its percentage
        return None
    return ToolProgress(phase, float(min(2 * len(m.group("hashes")), 100)))


def _set_verifying(value: bool) -> Callable[[re.Match[str], "ProgressReader"], ToolProgress | None]:
    def make(m: re.Match[str], r: "ProgressReader") -> ToolProgress | None:
        r.verifying = value
        return None

    return make


def _fixed(phase: str, percent: float | None, done_group: str | None = None, unit: str | None = None) -> Callable[[re.Match[str], "ProgressReader"], ToolProgress | None]:
    def make(m: re.Match[str], r: "ProgressReader") -> ToolProgress | None:
        done = int(m.group(done_group)) if done_group else None
        return ToolProgress(phase, percent, done, done if done is not None and percent == 100 else None, unit)

    return make


def _counted(phase: str | None, unit: str | None = None) -> Callable[[re.Match[str], "ProgressReader"], ToolProgress | None]:
    def make(m: re.Match[str], r: "ProgressReader") -> ToolProgress | None:
        done, total = int(m.group("done")), int(m.group("total"))
        kind = unit or m.group("unit")
        return ToolProgress(phase or "writing", 100.0 * min(done, total) / total if total else None, done, total, kind)

    return make


def _dfu_bar(m: re.Match[str], r: "ProgressReader") -> ToolProgress | None:
    phase = {"Erase": "erasing", "Download": "writing", "Upload": "reading"}[m.group("what")]
    done = int(m.group("bytes")) if m.group("bytes") is not None else None
    return ToolProgress(phase, float(min(int(m.group("pct")), 100)), done, None, "bytes" if done is not None else None)


PROGRESS_ROWS: dict[str, tuple[_Row, ...]] = {
    "avrdude": (
        # "verifying flash memory against f.hex" (6.x and 7.x: 6.x's verify then says "reading on-chip flash data");
        # a write ("writing 20000 bytes flash", 6.x "writing flash (20000 bytes):") or a read ("reading flash memory")
        # starts an operation that is not a verify
        _Row(re.compile(r"verifying \S+ memory against"), _set_verifying(True)),
        _Row(re.compile(r"(?:^|: )(?:writing \S|reading \S+ memory)"), _set_verifying(False)),
        _Row(re.compile(r"^(?P<what>Writing|Reading|Erasing) \| (?P<hashes>#*)(?:[ #]*\| (?P<pct>\d+)%)?"), _avrdude_bar),
    ),
    "dfu-util": (
        _Row(re.compile(r"^(?P<what>Erase|Download|Upload)\s*\[[= ]*\]\s*(?P<pct>\d+)%(?:\s+(?P<bytes>\d+) bytes)?"), _dfu_bar),
        _Row(re.compile(r"^Erase\s+done\."), _fixed("erasing", 100.0)),
        _Row(re.compile(r"^Download\s+done\."), _fixed("writing", 100.0)),
        _Row(re.compile(r"^Upload\s+done\."), _fixed("reading", 100.0)),
        _Row(re.compile(r"^Starting download: \["), _fixed("writing", None)),  # dfu-util 0.7's bar has no scale
        _Row(re.compile(r"\] finished!"), _fixed("writing", 100.0)),
    ),
    "st-flash": (
        _Row(re.compile(r"Mass erasing"), _fixed("erasing", None)),
        _Row(re.compile(r"Flash page at\s+(?P<done>\d+)/\s*(?P<total>\d+) erased"), _counted("erasing", "pages")),
        _Row(re.compile(r"Starting Flash write"), _fixed("writing", None)),
        _Row(re.compile(r"(?P<done>\d+)/\s*(?P<total>\d+) (?P<unit>pages|halfpages|bytes) written"), _counted("writing")),
        _Row(re.compile(r"Starting verification of write complete"), _fixed("verifying", None)),
        _Row(re.compile(r"Flash written and verified"), _fixed("verifying", 100.0)),
    ),
    "openocd": (
        _Row(re.compile(r"\*\* Programming Started \*\*"), _fixed("writing", None)),
        _Row(re.compile(r"wrote (?P<bytes>\d+) bytes from file"), _fixed("writing", 100.0, "bytes", "bytes")),
        _Row(re.compile(r"\*\* Programming Finished \*\*"), _fixed("writing", 100.0)),
        _Row(re.compile(r"\*\* Verify Started \*\*"), _fixed("verifying", None)),
        _Row(re.compile(r"verified (?P<bytes>\d+) bytes in"), _fixed("verifying", 100.0, "bytes", "bytes")),
        _Row(re.compile(r"\*\* Verified OK \*\*"), _fixed("verifying", 100.0)),
    ),
}
PROGRESS_TOOLS = {"avrdude": "avrdude", "avrdude.exe": "avrdude", "dfu-util": "dfu-util", "dfu-util.exe": "dfu-util",
                  "st-flash": "st-flash", "st-flash.exe": "st-flash", "openocd": "openocd", "openocd.exe": "openocd"}
_SEGMENT_LIMIT = 4096  # a segment (text since the last \r or \n) is never kept longer than this
_SEPARATOR = re.compile(r"[\r\n]")


class ProgressReader:
    """Fed a tool's output in pieces as a pipe delivers them; `feed` returns the progress updates they carry
    (each different from the last; within a phase the amount never goes back)."""

    def __init__(self, tool: str) -> None:
        self.rows = PROGRESS_ROWS.get(PROGRESS_TOOLS.get(os.path.basename(tool), tool), ())
        self.segment = ""
        self.carriage = False  # the current segment began after a \r (a redrawn bar)
        self.verifying = False
        self.last: ToolProgress | None = None

    def feed(self, chunk: str) -> list[ToolProgress]:
        out: list[ToolProgress] = []
        if not self.rows:
            return out
        pos = 0
        for sep in _SEPARATOR.finditer(chunk):
            self._append(chunk[pos:sep.start()])
            self._match(out)
            self.segment = ""
            self.carriage = sep.group(0) == "\r"
            pos = sep.end()
        self._append(chunk[pos:])
        if self.segment:
            self._match(out)  # a bar drawn without a line end yet (avrdude's #s, dfu-util's \r updates)
        return out

    def _append(self, text: str) -> None:
        self.segment = (self.segment + text)[-_SEGMENT_LIMIT:]

    def _match(self, out: list[ToolProgress]) -> None:
        for row in self.rows:
            m = row.pattern.search(self.segment)
            if m is None:
                continue
            update = row.make(m, self)
            last = self.last
            if update is None or update == last:
                continue
            if last is not None and (last.phase, last.percent, last.total) == (update.phase, update.percent, update.total):
                continue  # the same place said again (dfu-util's "Download done." after its 100 % bar)
            if (last is not None and last.phase == update.phase and last.percent is not None and update.percent is not None
                    and update.percent < last.percent and not update.percent == 0):
                continue  # never backwards within a phase (a redraw cut mid-bar); 0 starts it again
            if (last is None or last.phase != update.phase) and update.percent and update.done is None:
                # a phase first seen part-way (the pipe delivered its header with the first #s, or doctor read late
                # on a loaded machine): it began at 0 %, and the line form says so whatever the timing
                out.append(ToolProgress(update.phase, 0.0))
            self.last = update
            out.append(update)


def progress_feed(tool: str, report: Callable[[ToolProgress], None]) -> Callable[[str, str], None]:
    """An `on_output` for doctor.runner.run: parses the tool's progress and hands each update to `report`.
    One reader per stream: st-flash draws its pages on stdout and logs on stderr, and a line of one never
    lands inside a redrawn bar of the other."""
    readers: dict[str, ProgressReader] = {}

    def feed(chunk: str, stream: str = "stdout") -> None:
        reader = readers.get(stream)
        if reader is None:
            reader = readers[stream] = ProgressReader(tool)
        for update in reader.feed(chunk):
            report(update)

    return feed


def step_progress(sctx: StepContext, argv: list[str] | str) -> Callable[[str, str], None]:
    """An `on_output` that moves the running step's progress (bar, lines or JSON events) with the tool's own."""
    tool = argv if isinstance(argv, str) else str(argv[0])

    def report(u: ToolProgress) -> None:
        if u.done is not None and u.total:
            sctx.progress(u.done, u.total, u.phase, u.unit)
        else:
            sctx.progress(u.percent, 100.0 if u.percent is not None else None, u.phase)

    return progress_feed(tool, report)
