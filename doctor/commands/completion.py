"""`doctor completion bash|zsh|fish`: the shell completion script, generated from the argument parser."""

from __future__ import annotations

import argparse

from doctor.cli import Command, Context


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=["bash", "zsh", "fish"], help="the shell to complete doctor in")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from doctor.completion import script

    text = script(args.shell)
    if ctx.json:
        from doctor import envelope

        envelope.result(ctx, {"shell": args.shell, "script": text})
        return 0
    ctx.console.file.write(text)
    return 0


COMMAND = Command("completion", "print the shell completion script for bash, zsh or fish", add_arguments, run)
