"""Fake command-line tools on a temporary PATH for the driver tests, on top of doctor.sim.tools.

`FakeTools(bin_dir).add("st-flash", Reply(r"write", stdout=...), ...)` installs one replaying executable
(doctor.sim.tools.install); the first reply whose regex is found in the joined arguments answers (a
reply with `times` only for its first calls). `calls()` lists what ran. Outputs come from tests/recorded
and tests/cases (real, or rebuilt from a tool's exact strings).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from doctor.sim import tools as recorded_tools

if TYPE_CHECKING:
    import io

    from doctor.cli import Context


@dataclass
class Reply:
    """What the fake prints when `match` (a regex) is found in the joined arguments."""

    match: str = ""
    stdout: str = ""
    stderr: str = ""
    rc: int = 0
    delay: float = 0.0
    times: int = 0  # answer only the first `times` matching calls (0: always)

    def recorded(self) -> recorded_tools.Reply:
        return recorded_tools.Reply(stdout=self.stdout, stderr=self.stderr, returncode=self.rc, delay=self.delay, match=self.match, times=self.times)


class FakeTools:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.bin.mkdir(parents=True, exist_ok=True)

    def add(self, name: str, *replies: Reply, stdout: str = "", stderr: str = "", rc: int = 0) -> None:
        """Install `name`; without replies it always prints stdout/stderr and exits rc."""
        spec = list(replies) or [Reply("", stdout, stderr, rc)]
        recorded_tools.install(self.bin, {name: [r.recorded() for r in spec]})

    def calls(self, name: str | None = None) -> list[list[str]]:
        """Every recorded call in order: [tool, args...] for all tools, or the args of `name`'s calls."""
        everything = recorded_tools.calls(self.bin)
        if name is None:
            return everything
        return [c[1:] for c in everything if c[0] == name]

    def path_env(self) -> str:
        return recorded_tools.path_with(self.bin)


def make_ctx(**kw: object) -> tuple["Context", "io.StringIO"]:
    """A non-interactive Context (--yes) whose console writes into a StringIO."""
    import io

    from rich.console import Console

    from doctor.cli import Context

    out = io.StringIO()
    console = Console(file=out, width=120, no_color=True)
    values: dict[str, object] = dict(console=console, err=console, json=False, yes=True, dry_run=False, verbosity=0, interactive=False)
    values.update(kw)
    return Context(**values), out  # type: ignore[arg-type]
