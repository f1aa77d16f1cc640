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
from dataclasses import dataclass, field
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
    "completion",
    "man",
]

# The examples each command's --help ends with (and the man page shows); keyed by the command's words ("" is
# `doctor` itself). tests/test_cli_conventions.py checks that every command and subcommand has two or three and
# that each parses with this parser.
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("doctor", "scan this host and say what is wrong"),
        ("doctor analyze klippy.log", "diagnose a log or a tool's output someone pasted"),
        ("doctor fix USB004", "do what a finding's fix says (plan, confirm, run, verify)"),
    ),
    "scan": (
        ("doctor", "scan is the default command"),
        ("doctor scan --passive -v", "only look (nothing talks to a board), with each probe's status and time"),
        ("doctor scan --json --save host.json", "JSON for a script; keep the facts for `doctor replay`"),
    ),
    "watch": (
        ("doctor watch", "show USB and kernel events while you plug the board in"),
        ("doctor watch --guide rom-dfu", "guided: hold BOOT0, tap RESET, and see whether the ROM bootloader appears"),
        ("doctor watch --json --duration 30", "the events as JSON Lines for 30 seconds"),
    ),
    "identify": (
        ("doctor identify /dev/serial/by-id/usb-Klipper_stm32f446xx_30002A000851323235363934-if00", "what answers on a USB port"),
        ("doctor identify /dev/ttyAMA0 --baud 250000", "a board on the Raspberry Pi's UART"),
    ),
    "analyze": (
        ("doctor analyze klippy.log", "a log file"),
        ("sudo dmesg | doctor analyze -", "standard input"),
        ("doctor analyze --json --facts make-flash.txt", "the findings and the facts read, as JSON"),
    ),
    "report": (
        ("doctor report", "scan, redact and write doctor-report-DATE.md and .json for a forum post"),
        ("doctor report --analyze klippy.log dmesg.txt -o report.md", "a report on pasted texts"),
        ("doctor report --from host.json -o -", "a saved snapshot's report on standard output"),
    ),
    "replay": (
        ("doctor replay host.json", "the diagnosis of a snapshot saved by scan --save or report"),
        ("doctor replay --json host.json", "the same as JSON"),
    ),
    "explain": (
        ("doctor explain USB004", "cause, fix and how doctor detects it"),
        ("doctor explain SER005 --json", "the entry as JSON"),
    ),
    "rules": (
        ("doctor rules", "every fault doctor knows"),
        ("doctor rules --json", "the same as JSON"),
        ("doctor rules --markdown", "the docs page (docs/faults.md)"),
    ),
    "flash": (
        ("doctor flash out/klipper.bin --dry-run", "show how it would be written to the board found, and stop"),
        ("doctor flash out/klipper.bin --port /dev/serial/by-id/usb-katapult_stm32f446xx_30002A000851323235363934-if00", "through Katapult"),
        ("doctor flash firmware.hex --via avrdude --programmer usbasp --part m328p", "an AVR through a USBasp"),
    ),
    "fix": (
        ("doctor fix USB004", "install the udev rule a finding asks for"),
        ("doctor fix SER005 --dry-run", "show the plan only"),
        ("doctor fix SER003 --from host.json", "plan from a saved snapshot"),
    ),
    "recover": (
        ("doctor recover out/klipper.bin", "guided: get the board into a bootloader, flash, verify"),
        ("doctor recover out/klipper.bin --bootloader katapult.bin --dry-run", "show the plan, with Katapult written first"),
    ),
    "sim": (
        ("doctor sim katapult --link /tmp/katapult", "a simulated board with the Katapult bootloader on a pseudo-terminal"),
        ("doctor sim image klipper-sim.bin", "a Klipper-like image to flash onto it"),
    ),
    "sim katapult": (
        ("doctor sim katapult --link /tmp/katapult", "an stm32f103 on a UART at 250000 baud, its port at /tmp/katapult"),
        ("doctor sim katapult --link /tmp/katapult --transport usb --mcu stm32f446xx", "a USB board"),
    ),
    "sim image": (
        ("doctor sim image klipper-sim.bin", "for stm32f103xe at 0x8002000"),
        ("doctor sim image app.bin --mcu stm32f446xx --size 32K", "another MCU and size"),
    ),
    "completion": (
        ("doctor completion bash > ~/.local/share/bash-completion/completions/doctor", "bash"),
        ("doctor completion zsh > ~/.zfunc/_doctor", "zsh (with fpath+=~/.zfunc before compinit)"),
        ("doctor completion fish > ~/.config/fish/completions/doctor.fish", "fish"),
    ),
    "man": (
        ("doctor man | man -l -", "read it now"),
        ("doctor man > ~/.local/share/man/man1/doctor.1", "install it for `man doctor`"),
    ),
}


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
    document: dict[str, Any] = field(default_factory=dict)  # --json: what the command hands to the envelope (doctor.envelope)

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

    def emit(self, event: Any) -> None:
        """Render what a running plan reports (drivers emit events, drivers/events.py; doctor.plan_view renders)."""
        from doctor.plan_view import view_of

        view_of(self).emit(event)


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

    last_error: str | None = None  # the message of the last usage error (main puts it in the --json document)

    def error(self, message: str) -> None:  # type: ignore[override]
        _Parser.last_error = message
        self.print_usage(sys.stderr)
        from doctor.output import inert  # argparse quotes the command line as typed: escape sequences included

        sys.stderr.write(f"doctor: error: {inert(message)}\n")
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
    # -v and -q as in avrdude and pip: each repeat says more (-vv) or less (-qq); -q: findings only, no progress
    p.add_argument("-v", "--verbose", action="count", help="more detail (repeat for more)", **({"default": 0} if top else kw))
    p.add_argument("-q", "--quiet", action="count", help="less: findings only, no progress (repeat for less)", **({"default": 0} if top else kw))
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
        epilog="Run `doctor` alone to scan this host. " + EXIT_CODES + "\n\n" + examples_text(""),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"doctor {__version__}")
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    table: dict[str, Command] = {}
    commands = _commands(only) if only else []
    if not commands:
        commands = _commands()
    for cmd in commands:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help, aliases=list(cmd.aliases),
                           epilog=examples_text(cmd.name) or None, formatter_class=_HelpFormatter)
        _global_options(p, top=False)
        cmd.add_arguments(p)
        _nested(p, cmd.name)
        table[cmd.name] = cmd
        for alias in cmd.aliases:
            table[alias] = cmd
    return parser, table


EXIT_CODES = "Exit codes: 0 nothing wrong, 1 warnings, 2 faults, 3 action failed, 4 usage, 5 internal error, 130 interrupted."


def examples_text(words: str) -> str:
    """The "examples:" block a --help ends with: each command flush with two spaces, its purpose after `#`."""
    rows = EXAMPLES.get(words) or ()
    if not rows:
        return ""
    return "examples:\n" + "\n".join(f"  {line}\n      # {why}" for line, why in rows)


def subcommands(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommand parsers of `p` by name, aliases left out (completion, the man page and tests walk them)."""
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            out: dict[str, argparse.ArgumentParser] = {}
            for name, child in action.choices.items():
                if id(child) not in seen:
                    seen.add(id(child))
                    out[name] = child
            return out
    return {}


def _nested(p: argparse.ArgumentParser, words: str) -> None:
    """A command's own subcommands (sim katapult...) take the global options and end with examples too."""
    for name, child in subcommands(p).items():
        path = f"{words} {name}"
        if "--json" not in child._option_string_actions:
            _global_options(child, top=False)
        child.formatter_class = _HelpFormatter
        if EXAMPLES.get(path):
            child.epilog = examples_text(path)
        _nested(child, path)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, but the examples block keeps its lines (a command is never re-wrapped)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out = []
        for block in text.split("\n\n"):
            if block.startswith("examples:"):
                out.append("\n".join(indent + line for line in block.splitlines()))
            else:
                out.append(super()._fill_text(block, width, indent))
        return "\n\n".join(out)


_GLOBAL_FLAGS = ("--json", "-q", "--quiet", "-qq", "-v", "--verbose", "-vv", "--yes", "-y", "--dry-run", "--no-color")


def _default_command(argv: list[str]) -> list[str]:
    """`doctor --passive`, `doctor --home DIR`: options with no command word are scan's (scan is the default)."""
    if not argv or any(a in ("-h", "--help", "--version", "--") for a in argv):
        return argv
    if any(a in COMMAND_MODULES for a in argv if not a.startswith("-")):
        return argv
    if not argv[0].startswith("-") or not any(a.startswith("-") and a not in _GLOBAL_FLAGS for a in argv):
        return argv  # a mistyped command word, or global flags only: the full parser says what is wrong / scans
    return ["scan", *argv]


def _json_error_document(argv: list[str], message: str) -> None:
    """A usage error found by the parser under --json: the envelope all the same (the command is the word named)."""
    from doctor import envelope

    word = next((a for a in argv if not a.startswith("-")), None)
    name = "scan" if word is None else word if word in COMMAND_MODULES else None
    hint = f"doctor {name} --help shows the usage" if name else "doctor --help lists the commands"
    envelope.write(envelope.build(name, int(ExitCode.USAGE), {}, (message, hint)), line=True)


_PARSERS: dict[str | None, tuple[argparse.ArgumentParser, dict[str, Command]]] = {}


def _parser_for(only: str | None) -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    """build_parser's result, made once per command in a process: a parser is only read while it parses (every
    default is a fresh value or a list argparse copies before appending), and building one costs ~6 ms, which the
    test suite's twelve thousand in-process runs paid each time."""
    made = _PARSERS.get(only)
    if made is None:
        made = _PARSERS[only] = build_parser(only=only)
    return made


def main(argv: list[str] | None = None) -> int:
    argv = _default_command(sys.argv[1:] if argv is None else list(argv))
    parser, table = _parser_for(_command_named(argv))
    _Parser.last_error = None
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help / --version exit 0; usage errors were mapped to 4 above
        if exc.code == ExitCode.USAGE and "--json" in argv and _Parser.last_error is not None:
            _json_error_document(argv, _Parser.last_error)
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
        verbosity=(args.verbose or 0) - (args.quiet or 0),
        interactive=sys.stdin.isatty() and not args.json,
    )
    command = table[name].name  # an alias's result goes under the command's own name
    ctx.document["command"] = command
    error: tuple[str, str | None] | None = None
    try:
        code = int(table[name].run(args, ctx))
    except DoctorError as exc:
        from doctor.output import escape

        err.print(f"[bold red]doctor:[/] {escape(exc.message)}", markup=True, highlight=False)
        if exc.hint:
            err.print(f"  hint: {exc.hint}", markup=False, highlight=False)
        code, error = int(exc.exit_code), (exc.message, exc.hint)
    except KeyboardInterrupt:
        err.print("interrupted; nothing was left half done")
        code, error = int(ExitCode.INTERRUPTED), ("interrupted", "nothing was left half done")
    except BrokenPipeError:
        return int(ExitCode.OK)
    except Exception as exc:  # a bug: say so, show where, and exit 5
        import traceback

        err.print("[bold red]doctor: internal error[/] (this is a bug in doctor; please report it with the trace below)", markup=True)
        traceback.print_exc()
        code = int(ExitCode.INTERNAL)
        error = (f"internal error: {type(exc).__name__}: {exc}", "this is a bug in doctor; please report it with the trace printed on stderr")
    if args.json:  # --json promises the envelope on stdout (the last line of the JSON Lines), errors included
        from doctor import envelope

        try:
            envelope.write(envelope.build(command, code, ctx.document, error), ctx.console.file, line=True)
        except BrokenPipeError:
            return int(ExitCode.OK)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
