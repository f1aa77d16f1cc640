"""Runs external tools: always an argument list, always a timeout, every run recorded as a fact.

A run never raises for a missing tool, a timeout or a non-zero exit: those are facts
(`status`: ok | failed | missing | timeout | error) that the knowledge base judges.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Mapping, Sequence

OUTPUT_LIMIT = 256 * 1024  # characters kept of stdout and of stderr each


@dataclass
class ToolRun:
    argv: list[str]
    tool: str
    status: str  # ok | failed | missing | timeout | error
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""
    duration: float = 0.0
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_fact(self) -> dict[str, Any]:
        fact = asdict(self)
        if not fact["extra"]:
            del fact["extra"]
        return fact

    @property
    def output(self) -> str:
        """stdout and stderr together, as a person would have seen them in a terminal."""
        if self.stdout and self.stderr:
            return self.stdout.rstrip("\n") + "\n" + self.stderr
        return self.stdout or self.stderr


def run(
    argv: Sequence[str],
    *,
    timeout: float = 10.0,
    env: Mapping[str, str] | None = None,
    input_text: str | None = None,
    cwd: str | None = None,
) -> ToolRun:
    """Run argv[0] with a timeout and capture everything. Never raises for the tool's own failure."""
    argv = [str(a) for a in argv]
    tool = os.path.basename(argv[0])
    path = argv[0] if os.sep in argv[0] else shutil.which(argv[0])
    if path is None:
        return ToolRun(argv=argv, tool=tool, status="missing", error=f"{argv[0]} is not installed (not on PATH)")
    full_env = None
    if env is not None:
        full_env = dict(os.environ)
        full_env.update(env)
    start = time.monotonic()
    try:
        proc = subprocess.run(
            [path, *argv[1:]],
            capture_output=True,
            timeout=timeout,
            env=full_env,
            input=input_text.encode() if input_text is not None else None,
            stdin=None if input_text is not None else subprocess.DEVNULL,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired as exc:
        return ToolRun(
            argv=argv,
            tool=tool,
            status="timeout",
            stdout=_text(exc.stdout),
            stderr=_text(exc.stderr),
            duration=time.monotonic() - start,
            error=f"no result within {timeout:g} s",
        )
    except OSError as exc:
        return ToolRun(argv=argv, tool=tool, status="error", duration=time.monotonic() - start, error=str(exc))
    return ToolRun(
        argv=argv,
        tool=tool,
        status="ok" if proc.returncode == 0 else "failed",
        returncode=proc.returncode,
        stdout=_text(proc.stdout),
        stderr=_text(proc.stderr),
        duration=time.monotonic() - start,
    )


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    return data[:OUTPUT_LIMIT]
