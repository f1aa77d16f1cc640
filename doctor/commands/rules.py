"""`doctor rules`: list every knowledge entry."""

from __future__ import annotations

import argparse

from rich.table import Table

from doctor import knowledge
from doctor.cli import Command, Context


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--markdown", action="store_true", help="print the docs page of all faults (docs/faults.md)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    entries = knowledge.load()
    if args.markdown:
        from doctor.docs import faults_markdown

        if ctx.json:
            from doctor import envelope

            envelope.result(ctx, {"markdown": faults_markdown()})
        else:
            ctx.console.file.write(faults_markdown())
        return 0
    if ctx.json:
        from doctor import envelope
        from doctor.commands.explain import entry_json

        envelope.result(ctx, {"entries": [entry_json(e) for e in entries]})
        return 0
    if ctx.verbosity < 0:  # -q: the ids only, one a line (for scripts)
        ctx.console.file.write("".join(f"{e.id}\n" for e in entries))
        return 0
    table = Table(title=f"{len(entries)} knowledge entries", title_justify="left")
    table.add_column("ID", no_wrap=True)
    table.add_column("Severity")
    table.add_column("Slug")
    table.add_column("Title")
    for e in entries:
        table.add_row(e.id, e.severity, e.slug, e.title)
    ctx.console.print(table)
    return 0


COMMAND = Command("rules", "list the knowledge base's fault entries", add_arguments, run)
