"""`doctor report`: a redacted Markdown report for a forum post, plus the JSON snapshot beside it."""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

from doctor import engine, facts as factmod, render
from doctor import report as reportmod
from doctor.cli import Command, Context
from doctor.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--from", dest="snapshot", metavar="SNAPSHOT", help="report on a saved snapshot instead of scanning")
    src.add_argument("--analyze", nargs="+", metavar="FILE", help="report on pasted tool output / logs instead of scanning")
    p.add_argument("-o", "--output", metavar="FILE.md", help="where to write the Markdown (default doctor-report-DATE.md; - for stdout)")
    p.add_argument("--no-redact", action="store_true", help="keep serial numbers, user and host names, paths and addresses")
    p.add_argument("--passive", action="store_true", help="only look: skip the active probes that talk to boards")
    p.add_argument("--home", metavar="DIR", type=Path, help="where to look for klipper/, katapult/ and printer_data/")
    p.add_argument("--printer-cfg", metavar="FILE", type=Path, help="the printer.cfg to check")
    p.add_argument("--klippy-log", metavar="FILE", type=Path, help="the klippy.log to read")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.snapshot:
        facts = factmod.load(args.snapshot)
    elif args.analyze:
        from doctor.parsers import analyze_files

        facts = analyze_files(args.analyze)
    else:
        from doctor.commands.scan import scan

        facts = scan(args)
    findings = engine.evaluate(facts)
    fjson = render.findings_json(findings)
    if not args.no_redact:
        facts, fjson = reportmod.redact(facts, fjson)
    md = reportmod.markdown(facts, fjson)
    if args.output == "-":
        ctx.console.file.write(md)
        return engine.exit_code(findings)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    md_path = Path(args.output or f"doctor-report-{stamp}.md")
    json_path = md_path.with_suffix(".json")
    try:
        md_path.write_text(md, encoding="utf-8")
        json_path.write_text(reportmod.to_json(facts, fjson), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc}", "choose another place with -o FILE.md") from exc
    if ctx.json:
        render.print_json(ctx.console, {"markdown": str(md_path), "snapshot": str(json_path), "findings": fjson})
    else:
        ctx.console.print(f"Wrote {md_path} (paste it into your forum post) and {json_path} (attach it).", highlight=False)
        ctx.console.print("Serial numbers, user and host names, home paths and addresses are replaced by placeholders."
                          if not args.no_redact else "Not redacted (--no-redact): check it before you post it.", style="dim")
    return engine.exit_code(findings)


COMMAND = Command("report", "write a redacted Markdown + JSON report for a forum post", add_arguments, run)
