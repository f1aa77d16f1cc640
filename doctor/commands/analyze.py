"""`doctor analyze FILE...`: diagnose pasted tool output and logs with the rules that judge a live scan."""

from __future__ import annotations

import argparse

from doctor import engine, envelope, render
from doctor import facts as factmod
from doctor.cli import Command, Context


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="text files with tool output or logs; - reads standard input")
    p.add_argument("--facts", action="store_true", help="with --json: include the facts parsed from the texts (as `snapshot`, the key scan uses)")
    p.add_argument("--save", metavar="FILE", help="also write the facts as a snapshot (for `doctor replay` and `doctor report --from`)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    from doctor.parsers import analyze_files  # every parser: imported only when analysing (start-up time)

    facts = analyze_files(args.files)
    findings = engine.evaluate(facts)
    if getattr(args, "save", None):
        factmod.save(facts, args.save)
    if ctx.json:
        envelope.result(ctx, {"recognised": factmod.recognised(facts), "files": list(args.files)}, findings=findings, snapshot=facts if args.facts else None)
    else:
        for src in facts.get("sources", []):
            if isinstance(src, dict) and src.get("truncated_at"):
                ctx.err.print(f"note: only the first {int(src['truncated_at']) // (1024 * 1024)} MiB of {src.get('name')} were read (the size limit for one input)", highlight=False)
        blocks = factmod.recognised(facts)
        if blocks and ctx.verbosity >= 0:  # -q: the findings only
            ctx.console.print(f"Recognised: {', '.join(blocks)}", style="dim", highlight=False)
        elif not blocks:
            ctx.console.print("No tool output or log lines doctor knows were found in the input.", style="yellow")
        render.print_findings(ctx.console, findings, ctx.verbosity, where="paste")
    return engine.exit_code(findings)


COMMAND = Command("analyze", "diagnose pasted tool output and logs (files or - for stdin)", add_arguments, run)
