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
from typing import Any, Callable, Mapping, Sequence

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
    on_output: Callable[[str, str], None] | None = None,
) -> ToolRun:
    """Run argv[0] with a timeout and capture everything. Never raises for the tool's own failure.

    `on_output` (optional) is called with each piece of output as the pipes deliver it and the stream's name
    ("stdout" or "stderr"): a progress bar reads the tool's own progress from it, carriage-return updates
    included. The run and its result are the same."""
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
    if on_output is not None:
        return _streamed([path, *argv[1:]], argv, tool, timeout, full_env, input_text, cwd, on_output, start)
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


def _streamed(
    command: list[str],
    argv: list[str],
    tool: str,
    timeout: float,
    env: Mapping[str, str] | None,
    input_text: str | None,
    cwd: str | None,
    on_output: Callable[[str, str], None],
    start: float,
) -> ToolRun:
    """`run` with both pipes read as the tool writes them (selectors, in this thread: a Ctrl-C reaches the
    loop, which kills the tool before re-raising, as subprocess.run does)."""
    import codecs
    import selectors

    try:
        proc = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.PIPE if input_text is not None else subprocess.DEVNULL,
            env=env,
            cwd=cwd,
        )
    except OSError as exc:
        return ToolRun(argv=argv, tool=tool, status="error", duration=time.monotonic() - start, error=str(exc))
    chunks: dict[int, list[str]] = {1: [], 2: []}
    sizes = {1: 0, 2: 0}
    decoders = {1: codecs.getincrementaldecoder("utf-8")(errors="replace"), 2: codecs.getincrementaldecoder("utf-8")(errors="replace")}
    assert proc.stdout is not None and proc.stderr is not None
    streams = {proc.stdout.fileno(): 1, proc.stderr.fileno(): 2}
    timed_out = False
    display_error: str | None = None
    try:
        if input_text is not None and proc.stdin is not None:
            try:
                proc.stdin.write(input_text.encode())
                proc.stdin.close()
            except OSError:
                pass
        with selectors.DefaultSelector() as sel:
            for fd in streams:
                sel.register(fd, selectors.EVENT_READ)
            while sel.get_map():
                left = timeout - (time.monotonic() - start)
                if left <= 0:
                    timed_out = True
                    break
                for key, _ in sel.select(min(left, 0.5)):
                    data = os.read(key.fd, 65536)
                    which = streams[key.fd]
                    text = decoders[which].decode(data, final=not data)
                    if not data:
                        sel.unregister(key.fd)
                    if not text:
                        continue
                    if sizes[which] < OUTPUT_LIMIT:
                        chunks[which].append(text)
                        sizes[which] += len(text)
                    try:
                        on_output(text, "stdout" if which == 1 else "stderr")
                    except Exception as exc:  # a display problem never stops a write half-way: kept, not raised
                        display_error = display_error or f"{type(exc).__name__}: {exc}"
        if timed_out:
            proc.kill()
        proc.wait(timeout=max(timeout - (time.monotonic() - start), 0) + 5 if not timed_out else 5)
    except subprocess.TimeoutExpired:
        timed_out = True
        proc.kill()
        proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        proc.stdout.close()
        proc.stderr.close()
    stdout = "".join(chunks[1])[:OUTPUT_LIMIT]
    stderr = "".join(chunks[2])[:OUTPUT_LIMIT]
    extra = {"on_output_error": display_error} if display_error else {}
    if timed_out:
        return ToolRun(argv=argv, tool=tool, status="timeout", stdout=stdout, stderr=stderr,
                       duration=time.monotonic() - start, error=f"no result within {timeout:g} s", extra=extra)
    return ToolRun(
        argv=argv,
        tool=tool,
        status="ok" if proc.returncode == 0 else "failed",
        returncode=proc.returncode,
        stdout=stdout,
        stderr=stderr,
        duration=time.monotonic() - start,
        extra=extra,
    )


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    return data[:OUTPUT_LIMIT]
