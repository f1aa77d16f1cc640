"""Fake command-line tools on a temporary PATH: each prints recorded output and logs how it was called.

`FakeTools(bin_dir).add("st-flash", stdout=..., rc=0)` writes an executable `st-flash` that appends its
argv to `calls.jsonl` and prints the given output (a list of `Reply` chooses one by the first regex
that matches the joined arguments). Used where a real tool needs a real board; the outputs are real
ones recorded in tests/cases.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import io

    from doctor.cli import Context

SCRIPT = """#!{python}
import json, os, re, sys, time
spec = json.load(open({spec!r}))
with open({log!r}, "a") as fh:
    fh.write(json.dumps([{name!r}] + sys.argv[1:]) + "\\n")
args = " ".join(sys.argv[1:])
used_path = {spec!r} + ".used"
used = json.load(open(used_path)) if os.path.exists(used_path) else {{}}
for i, reply in enumerate(spec):
    if re.search(reply["match"], args):
        if reply["times"]:
            if used.get(str(i), 0) >= reply["times"]:
                continue
            used[str(i)] = used.get(str(i), 0) + 1
            json.dump(used, open(used_path, "w"))
        if reply["delay"]:
            time.sleep(reply["delay"])
        sys.stdout.write(reply["stdout"])
        sys.stderr.write(reply["stderr"])
        sys.exit(reply["rc"])
sys.stderr.write("fake {name}: no recorded reply for: " + args + "\\n")
sys.exit(99)
"""


@dataclass
class Reply:
    """What the fake prints when the arguments match `match` (a regex searched in the joined argv)."""

    match: str = ""
    stdout: str = ""
    stderr: str = ""
    rc: int = 0
    delay: float = 0.0
    times: int = 0  # answer only the first `times` matching calls (0: always)


class FakeTools:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.bin.mkdir(parents=True, exist_ok=True)
        self.log = self.bin / "calls.jsonl"
        self.log.touch()

    def add(self, name: str, *replies: Reply, stdout: str = "", stderr: str = "", rc: int = 0) -> None:
        """Install `name`; without replies it always prints stdout/stderr and exits rc."""
        spec = [r.__dict__ for r in replies] or [Reply("", stdout, stderr, rc).__dict__]
        spec_path = self.bin / f".{name}.json"
        spec_path.write_text(json.dumps(spec))
        Path(f"{spec_path}.used").unlink(missing_ok=True)
        tool = self.bin / name
        tool.write_text(SCRIPT.format(python=sys.executable, spec=str(spec_path), log=str(self.log), name=name))
        tool.chmod(0o755)

    def calls(self, name: str | None = None) -> list[list[str]]:
        """Every recorded call (argv without the tool name), in order; all tools' when name is None."""
        out = []
        for line in self.log.read_text().splitlines():
            argv = json.loads(line)
            if name is None:
                out.append(argv)
            elif argv[0] == name:
                out.append(argv[1:])
        return out

    def path_env(self) -> str:
        return f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}"


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
