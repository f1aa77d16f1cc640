"""The one JSON shape every command prints under `--json` (issue 12; the schema is docs/doctor.schema.json).

    {"doctor_version": "0.1.0", "command": "scan", "exit_code": 2,
     "findings": [...],            # what the engine judged present (empty for commands that judge nothing)
     "scan": {...},                # the command's own result, under the command's name
     "snapshot": {...},            # the facts, for commands that collect or read them (optional)
     "error": {"message": ..., "hint": ...}}   # only when the command failed

A command hands its part to the Context (`result`, `plan_outcome`); `cli.main` writes the document once, after
the command returned or raised, so the exit code and the error are always in it. Standard output under --json is
JSON Lines, the same for every command: the `event` lines a command streams as things happen (watch: USB and
kernel events; flash, fix, recover: progress), each flushed, then the envelope as the last line. A reader takes
the last line; `json.loads` of the whole output works whenever nothing was streamed.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Any

from doctor import __version__

if TYPE_CHECKING:
    from doctor.cli import Context
    from doctor.findings import Finding

SCHEMA_PATH = "docs/doctor.schema.json"


def result(ctx: Context, value: Any, *, findings: list[Finding] | list[dict[str, Any]] | None = None, snapshot: dict[str, Any] | None = None) -> None:
    """The command's result (merged into what plan outcomes already put there), its findings (objects, or their
    JSON as a report redacted it) and facts."""
    doc = ctx.document
    if isinstance(value, dict) and isinstance(doc.get("result"), dict):
        doc["result"] = {**doc["result"], **value}
    else:
        doc["result"] = value
    if findings is not None:
        doc["findings"] = [f if isinstance(f, dict) else f.to_json() for f in findings]
    if snapshot is not None:
        doc["snapshot"] = snapshot


def plan_outcome(ctx: Context, outcome: dict[str, Any]) -> None:
    """One plan's outcome (flash, fix and recover may run several): listed in order under the result's `plans`."""
    current = ctx.document.get("result")
    if not isinstance(current, dict):
        current = {}
        ctx.document["result"] = current
    current.setdefault("plans", []).append(outcome)


def build(command: str | None, exit_code: int, document: dict[str, Any], error: tuple[str, str | None] | None = None) -> dict[str, Any]:
    """The envelope: fixed keys first, the command's result under its name (command None: a usage error that
    names no known command)."""
    out: dict[str, Any] = {
        "doctor_version": __version__,
        "command": command,
        "exit_code": int(exit_code),
        "findings": list(document.get("findings") or []),
    }
    if command is not None:
        out[command] = document.get("result") if document.get("result") is not None else {}
    if document.get("snapshot") is not None:
        out["snapshot"] = document["snapshot"]
    if error is not None:
        out["error"] = {"message": error[0], "hint": error[1]}
    return out


def write(data: Any, stream: IO[str] | None = None, *, line: bool = False) -> None:
    """One document: indented, or (line=True) on one line for a JSON Lines stream; flushed either way."""
    from doctor.snapshot_check import strict_json  # no NaN / Infinity in --json output

    out = stream if stream is not None else sys.stdout
    out.write((strict_json(data, separators=(",", ":")) if line else strict_json(data, indent=2)) + "\n")
    out.flush()


def event(ctx: Context, kind: str, data: dict[str, Any]) -> None:
    """One line of a command's JSON Lines stream (watch: each USB or kernel event as it happens; progress)."""
    ctx.document["streamed"] = True  # (kept for callers that ask whether anything went out before the envelope)
    write({"command": ctx.document.get("command") or "", "event": kind, "data": data}, ctx.console.file, line=True)
