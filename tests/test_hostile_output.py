"""Printed text is inert (issue 13, item 2): one output helper (doctor/output.py) is the way to the terminal.

The code is read (its syntax trees) for every other way to the console: `print()`, writes to sys.stdout or
sys.stderr, a rich Console built elsewhere than doctor/output.py, rich's own print, and rich markup with
outside text in it (`markup=True` with an interpolated value that is not passed through `escape`). Each
exception below says why it is safe; a new path to the console fails here.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("doctor", "drivers", "checks")

# (file, what) -> why it cannot carry outside text raw
ALLOWED = {
    ("doctor/output.py", "Console"): "the helper itself",
    ("doctor/commands/man.py", "ctx.console.file.write"): "the manual page doctor generates from its own parser",
    ("doctor/commands/completion.py", "ctx.console.file.write"): "the shell completion script doctor generates",
    ("doctor/commands/rules.py", "ctx.console.file.write"): "the knowledge base's own ids and docs page",
    ("doctor/commands/report.py", "ctx.console.file.write"): "the report's Markdown, made inert where it is built (md = inert(...))",
    ("drivers/host.py", "sys.stdout.write"): "the udev rules doctor generates from its device table (the group name is validated)",
    ("doctor/sim/klipper_mcu.py", "print"): "the simulator prints the pty path it created",
    ("doctor/resemblance.py", "print"): "`python -m doctor.resemblance build` prints the index's own path and counts (no outside text)",
}


def _sources() -> list[tuple[str, ast.AST]]:
    out = []
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            out.append((rel, ast.parse(path.read_text(), rel)))
    return out


def _escaped(node: ast.AST) -> bool:
    """A markup template whose outside parts are all passed through escape()/inert() (or constants)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in ("escape", "inert")
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and _escaped(v.value) or _number(v)) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _escaped(node.left) and _escaped(node.right)
    return False


def _number(v: ast.AST) -> bool:
    """`{x:.0%}`-style formatting of a number (a format spec makes it a number, not text)."""
    return isinstance(v, ast.FormattedValue) and v.format_spec is not None


def _console_paths(sources: list[tuple[str, ast.AST]]) -> list[str]:
    found = []
    for rel, tree in sources:
        for node in ast.walk(tree):
            what = None
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name == "print" or name.endswith("rich.print"):
                    what = "print"
                elif name in ("sys.stdout.write", "sys.stderr.write", "sys.stdout.buffer.write", "sys.stderr.buffer.write") or name.endswith(".file.write"):
                    if not (node.args and _inert_arg(node.args[0])):
                        what = name
                elif name in ("os.write",) and node.args and ast.unparse(node.args[0]) in ("1", "2", "sys.stdout.fileno()", "sys.stderr.fileno()"):
                    what = "os.write"
                elif name.split(".")[-1] == "Console":
                    what = "Console"
                for kw in node.keywords:
                    if kw.arg == "markup" and isinstance(kw.value, ast.Constant) and kw.value.value is True:
                        if not (node.args and _escaped(node.args[0])):
                            found.append(f"{rel}:{node.lineno}: markup with unescaped text: {ast.unparse(node)[:100]}")
            elif isinstance(node, ast.ImportFrom) and node.module == "rich" and any(a.name == "print" for a in node.names):
                what = "print"
            if what and (rel, what) not in ALLOWED:
                found.append(f"{rel}:{node.lineno}: {what}: {ast.unparse(node)[:100]}")
    return found


def _inert_arg(node: ast.AST) -> bool:
    """A write whose text interpolates only inert()/escape()d values."""
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Call)
                   and isinstance(v.value.func, ast.Name) and v.value.func.id in ("inert", "escape")) for v in node.values)
    return isinstance(node, ast.Constant)


def test_no_other_path_to_the_console() -> None:
    assert _console_paths(_sources()) == []


def test_the_grep_finds_the_paths_it_forbids() -> None:
    bad = ast.parse(
        "import sys\nfrom rich.console import Console\n"
        "print(x)\nsys.stderr.write(f'error: {message}')\nConsole().print(f'[b]{name}[/b]', markup=True)\nctx.console.file.write(md)\n"
        "sys.stderr.write(f'error: {inert(message)}')\nc.print(f'[b]{escape(name)}[/b] {n:.0%}', markup=True)\n"
    )
    found = _console_paths([("doctor/x.py", bad)])
    assert sorted(f.split(":")[1] for f in found) == ["3", "4", "5", "5", "6"], found


def test_a_usage_error_shows_the_command_line_inert() -> None:
    """argparse repeats unknown arguments as typed: an escape sequence there reached the terminal raw."""
    proc = subprocess.run([sys.executable, "-m", "doctor", "analyze", "x.txt", "--x\x1b]0;PWNED\x07\x1b[2J"], capture_output=True,
                          env=dict(os.environ, COLUMNS="100"), timeout=60)
    assert proc.returncode == 4
    assert b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr and b"\\x1b]0;PWNED" in proc.stderr
