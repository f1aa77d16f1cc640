"""`doctor replay SNAPSHOT`: the same diagnosis from a saved snapshot, no hardware needed."""

from __future__ import annotations

import argparse

from doctor import engine, envelope, snapshot_check
from doctor.cli import Command, Context


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("snapshot", metavar="SNAPSHOT", help="a .json snapshot written by `doctor report` or `doctor scan --json`")


def run(args: argparse.Namespace, ctx: Context) -> int:
    facts = snapshot_check.load(args.snapshot)
    findings = engine.evaluate(facts)
    if ctx.json:
        envelope.result(ctx, {"from": args.snapshot}, findings=findings, snapshot=facts)
    else:
        from doctor.commands.scan import show

        show(ctx, facts, findings, snapshot=args.snapshot)
    return engine.exit_code(findings)


COMMAND = Command("replay", "diagnose a saved snapshot (no hardware)", add_arguments, run)
