"""`doctor man`: the manual page doctor(1), generated from the argument parser (roff, on standard output)."""

from __future__ import annotations

import argparse

from doctor.cli import Command, Context


def add_arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, ctx: Context) -> int:
    from doctor.manpage import page

    text = page()
    if ctx.json:
        from doctor import envelope

        envelope.result(ctx, {"format": "roff", "page": text})
        return 0
    ctx.console.file.write(text)
    return 0


COMMAND = Command("man", "print the manual page doctor(1), generated from the argument parser (roff)", add_arguments, run)
