"""What active probes share: run a tool, parse its output with the analyze parsers, keep the runner's record.

`observe(argv, timeout, source)` returns (fragment, run): the facts fragment that
`doctor.parsers.parse_text` made of the output (its runs marked origin "live" and carrying argv,
returncode, status and duration), and the runner's own record for `tool_runs`. A tool that is
missing, timed out or printed nothing the parsers know still yields one run under `namespace`, so
the knowledge base sees that it ran and how it ended.
"""

from __future__ import annotations

from typing import Any, Sequence

from doctor import runner
from doctor.parsers import parse_text


def observe(argv: Sequence[str], *, timeout: float, namespace: str, tool: str | None = None, **summary: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run argv, parse its output; `summary` fields are added to every run it produced (e.g. connect_under_reset)."""
    result = runner.run(argv, timeout=timeout)
    record = result.to_fact()
    meta: dict[str, Any] = {"argv": result.argv, "status": result.status, "duration": round(result.duration, 3)}
    if result.returncode is not None:
        meta["returncode"] = result.returncode
    if result.error:
        meta["error"] = result.error
    fragment = parse_text(result.output, " ".join(result.argv), run=meta) if result.output.strip() else {}
    runs = ((fragment.get(namespace) or {}).get("runs")) or []
    if not runs:
        run = {"tool": tool or result.tool, "origin": "live", "source": " ".join(result.argv), "events": [], **meta}
        if result.output.strip():
            run["stdout"], run["stderr"] = result.stdout, result.stderr
        fragment.setdefault(namespace, {}).setdefault("runs", []).append(run)
        runs = fragment[namespace]["runs"]
    for run in runs:
        run.update({k: v for k, v in summary.items() if v is not None})
    fragment.pop("sources", None)
    return fragment, record
