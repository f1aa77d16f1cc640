"""The kernel log, as far as this user may read it: `dmesg`, else `journalctl -k -b`, else /dev/kmsg.

Each source that cannot be read is recorded in `kernel.attempts` with the reason (dmesg_restrict, no
journal access, no /dev/kmsg), and when none can be read the namespace is `unavailable` with all reasons:
a fact, never a crash. The text is parsed by the analyze parser of kernel logs (doctor.parsers.kernel_log)
and only USB-relevant events are kept (the most recent MAX_EVENTS), marked origin "live".
"""

from __future__ import annotations

import errno
import os
import time
from typing import Any

from doctor import runner
from doctor.parsers import parse_stream
from doctor.parsers.kernel_log import USB_KINDS, KernelLogParser

NAMESPACE = "kernel"
ACTIVE = False
TIMEOUT = 6.0  # dmesg 2 s + journalctl 3 s + /dev/kmsg 0.5 s in the worst case

KMSG_PATH = "/dev/kmsg"
MAX_LINES = 20000  # the newest lines of a long kernel log that are parsed
MAX_EVENTS = 500  # the newest USB events kept in the snapshot
_NO_JOURNAL = ("No journal files were found", "-- No entries --", "No entries")


def _reason(run: runner.ToolRun) -> str:
    if run.status == "missing":
        return run.error or "not installed"
    text = (run.stderr or run.stdout or run.error or "").strip().splitlines()
    detail = text[-1] if text else ""
    if run.status == "timeout":
        return run.error or "timed out"
    return f"exit code {run.returncode}: {detail}" if detail else f"exit code {run.returncode}, no output"


def _record(run: runner.ToolRun) -> dict[str, Any]:
    """The runner's record without the (large, private) log text itself."""
    fact = run.to_fact()
    lines = len(run.stdout.splitlines())
    fact["stdout"] = ""
    fact["extra"] = {"stdout_lines": lines}
    return fact


def read_kmsg(path: str = KMSG_PATH, *, limit: int = MAX_LINES, seconds: float = 0.5) -> str:
    """The records /dev/kmsg holds now, read without blocking (raises OSError when it cannot be opened)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    lines: list[str] = []
    deadline = time.monotonic() + seconds
    try:
        while len(lines) < limit and time.monotonic() < deadline:
            try:
                data = os.read(fd, 8192)
            except BlockingIOError:
                break  # no more records
            except OSError as exc:
                if exc.errno == errno.EPIPE:
                    continue  # a record was overwritten while we read: skip it
                raise
            if not data:
                break
            for rec in data.decode("utf-8", errors="replace").splitlines():
                if rec and not rec.startswith(" "):  # continuation lines (" SUBSYSTEM=usb") carry no message
                    lines.append(rec)
    finally:
        os.close(fd)
    return "\n".join(lines)


def _sources() -> list[tuple[str, Any]]:
    return [
        ("dmesg", lambda: runner.run(["dmesg"], timeout=2.0)),
        ("journalctl -k", lambda: runner.run(["journalctl", "-k", "-b", "--no-pager", "-n", "2000"], timeout=3.0)),
    ]


def collect(ctx: Any = None) -> dict[str, Any]:
    attempts: list[dict[str, Any]] = []
    tool_runs: list[dict[str, Any]] = []
    text: str | None = None
    source = ""
    for name, call in _sources():
        run = call()
        tool_runs.append(_record(run))
        out = run.stdout.strip()
        if run.status == "ok" and out and not any(out.startswith(m) for m in _NO_JOURNAL):
            text, source = run.stdout, name
            break
        reason = _reason(run) if run.status != "ok" else "no kernel messages in its output"
        attempts.append({"source": name, "status": "unavailable", "reason": reason})
    if text is None:
        try:
            text = read_kmsg()
            source = KMSG_PATH
        except OSError as exc:
            attempts.append({"source": KMSG_PATH, "status": "unavailable", "reason": exc.strerror or str(exc)})
            text = None
    if text is None:
        reasons = "; ".join(f"{a['source']}: {a['reason']}" for a in attempts)
        return {
            NAMESPACE: {"status": "unavailable", "reason": f"the kernel log cannot be read ({reasons})", "attempts": attempts, "origin": "live"},
            "tool_runs": tool_runs,
        }
    lines = text.splitlines()[-MAX_LINES:]
    fragment = parse_stream(iter(lines), source, parsers=[KernelLogParser])
    events = [e for e in (fragment.get("kernel") or {}).get("events") or [] if e.get("kind") in USB_KINDS]
    for e in events:
        e["origin"] = "live"
    facts: dict[str, Any] = {"status": "ok", "source": source, "origin": "live", "events": events[-MAX_EVENTS:]}
    if attempts:
        facts["attempts"] = attempts
    return {NAMESPACE: facts, "tool_runs": tool_runs}
