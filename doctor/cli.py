"""The command line: global options, the subcommand registry, error and exit-code handling.

Each subcommand is one module in doctor/commands/ defining `COMMAND`, an instance of Command
(pyOCD's subcommands are the model): its name, help, arguments and `run(args, ctx) -> int`.
Computing lives elsewhere; a command only wires probes, engine, drivers and rendering together.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from doctor import __version__
from doctor.errors import DoctorError
from doctor.status import ExitCode

if TYPE_CHECKING:
    from rich.console import Console

# Module names under doctor.commands, in the order `doctor --help` lists them.
COMMAND_MODULES = [
    "scan",
    "watch",
    "identify",
    "analyze",
    "report",
    "replay",
    "explain",
    "rules",
    "flash",
    "fix",
    "recover",
    "sim",
]


@dataclass
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, "Context"], int]
    aliases: tuple[str, ...] = ()


@dataclass
class Context:
    console: Console  # stdout
    err: Console  # stderr
    json: bool
    yes: bool
    dry_run: bool
    verbosity: int
    interactive: bool

    def confirm(self, question: str) -> bool:
        """Ask yes/no. Never prompts in JSON mode or without a terminal: then only --yes says yes."""
        if self.yes:
            return True
        if self.json or not self.interactive:
            return False
        self.err.print(f"{question} [y/N] ", end="")
        try:
            answer = input()
        except EOFError:
            return False
        return answer.strip().lower() in ("y", "yes")


class _LazyConsole:
    """A rich Console made on first use, so output that only writes JSON to `.file` never imports rich
    (start-up time). `.file` is the stream the Console would write to."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def file(self) -> Any:
        if self._console is not None:
            return self._console.file
        return sys.stderr if self._options.get("stderr") else sys.stdout

    def _real(self) -> Console:
        if self._console is None:
            from doctor.output import SafeConsole

            self._console = SafeConsole(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    def __enter__(self) -> Console:
        return self._real().__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._real().__exit__(*exc)


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors; doctor's usage exit code is 4."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"doctor: error: {message}\n")
        raise SystemExit(ExitCode.USAGE)


def _commands(only: str | None = None) -> list[Command]:
    out = []
    for name in [only] if only else COMMAND_MODULES:
        try:
            module = importlib.import_module(f"doctor.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"doctor.commands.{name}":
                continue  # not part of this build
            raise
        out.append(module.COMMAND)
    return out


def _global_options(p: argparse.ArgumentParser, top: bool) -> None:
    # Global options are accepted before and after the subcommand.
    kw: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    p.add_argument("--json", action="store_true", help="print JSON instead of the terminal view (never prompts)", **kw)
    p.add_argument("-y", "--yes", action="store_true", help="answer yes to confirmations", **kw)
    p.add_argument("--dry-run", action="store_true", help="show the plan and stop", **kw)
    p.add_argument("-v", "--verbose", action="count", help="more detail", **({"default": 0} if top else kw))
    p.add_argument("-q", "--quiet", action="store_true", help="findings only", **kw)
    p.add_argument("--no-color", action="store_true", help="no colours (NO_COLOR is honoured too)", **kw)


def _command_named(argv: list[str]) -> str | None:
    """The subcommand argv runs, when it is certain without importing every command module (start-up time:
    some import heavy machinery); None when the full parser is needed (--help, an unknown word...)."""
    for arg in argv:
        if arg in ("-h", "--help", "--version", "--"):
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMAND_MODULES else None
    return "scan"  # `doctor` alone scans


def build_parser(only: str | None = None) -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    """The parser with every command, or with only the command `only` (what `main` uses when argv names one)."""
    parser = _Parser(
        prog="doctor",
        description="Find out why a microcontroller board will not connect or will not flash, and fix it.",
        epilog="Run `doctor` alone to scan this host. Exit codes: 0 nothing wrong, 1 warnings, 2 faults, "
        "3 action failed, 4 usage, 5 internal error, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"doctor {__version__}")
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    table: dict[str, Command] = {}
    commands = _commands(only) if only else []
    if not commands:
        commands = _commands()
    for cmd in commands:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help, aliases=list(cmd.aliases))
        _global_options(p, top=False)
        cmd.add_arguments(p)
        table[cmd.name] = cmd
        for alias in cmd.aliases:
            table[alias] = cmd
    return parser, table


def _json_documents() -> int:
    render = sys.modules.get("doctor.render")
    return int(render.JSON_DOCUMENTS[0]) if render is not None else 0


_GLOBAL_FLAGS = ("--json", "-q", "--quiet", "-v", "--verbose", "-vv", "--yes", "-y", "--dry-run", "--no-color")


def _default_command(argv: list[str]) -> list[str]:
    """`doctor --passive`, `doctor --home DIR`: options with no command word are scan's (scan is the default)."""
    if not argv or any(a in ("-h", "--help", "--version", "--") for a in argv):
        return argv
    if any(a in COMMAND_MODULES for a in argv if not a.startswith("-")):
        return argv
    if not argv[0].startswith("-") or not any(a.startswith("-") and a not in _GLOBAL_FLAGS for a in argv):
        return argv  # a mistyped command word, or global flags only: the full parser says what is wrong / scans
    return ["scan", *argv]


def main(argv: list[str] | None = None) -> int:
    argv = _default_command(sys.argv[1:] if argv is None else list(argv))
    parser, table = build_parser(only=_command_named(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help / --version exit 0; usage errors were mapped to 4 above
        return int(exc.code or 0)
    name = args.command or "scan"
    if args.command is None:
        # `doctor` alone is `doctor scan`: fill in scan's defaults
        scan_parser = _Parser(prog="doctor scan")
        table["scan"].add_arguments(scan_parser)
        for key, value in vars(scan_parser.parse_args([])).items():
            if not hasattr(args, key):
                setattr(args, key, value)
    no_color = args.no_color or bool(os.environ.get("NO_COLOR"))
    # JSON output needs no rich: there the consoles are made on first use (the terminal view gets real ones).
    make: Any = _LazyConsole
    if not args.json:
        make = importlib.import_module("doctor.output").SafeConsole
    err = make(stderr=True, no_color=no_color, highlight=False, soft_wrap=True)
    ctx = Context(
        console=make(no_color=no_color, highlight=False, soft_wrap=False),
        err=err,
        json=args.json,
        yes=args.yes,
        dry_run=args.dry_run,
        verbosity=(args.verbose or 0) - (1 if args.quiet else 0),
        interactive=sys.stdin.isatty() and not args.json,
    )
    documents = _json_documents()
    try:
        return int(table[name].run(args, ctx))
    except DoctorError as exc:
        from doctor.output import escape

        if args.json and _json_documents() == documents:  # --json promises a document on stdout, errors included
            import json as _json

            sys.stdout.write(_json.dumps({"command": name, "error": {"message": exc.message, "hint": exc.hint, "exit_code": int(exc.exit_code)}}, indent=2) + "\n")

        err.print(f"[bold red]doctor:[/] {escape(exc.message)}", markup=True, highlight=False)
        if exc.hint:
            err.print(f"  hint: {exc.hint}", markup=False, highlight=False)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted; nothing was left half done")
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception:  # a bug: say so, show where, and exit 5
        import traceback

        err.print("[bold red]doctor: internal error[/] (this is a bug in doctor; please report it with the trace below)", markup=True)
        traceback.print_exc()
        return int(ExitCode.INTERNAL)


if __name__ == "__main__":
    raise SystemExit(main())
