"""`doctor report`: a redacted Markdown report for a forum post, plus the JSON snapshot beside it.

Nothing is lost: the two parts go to two distinct names (FILE.md and FILE.json), neither may be one of the
inputs (--from, --analyze), and an existing file is only replaced with --force. All of it is checked before
either part is written.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
from pathlib import Path

from doctor import engine, envelope, render
from doctor import report as reportmod
from doctor import snapshot_check
from doctor.cli import Command, Context
from doctor.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--from", dest="snapshot", metavar="SNAPSHOT", help="report on a saved snapshot instead of scanning")
    src.add_argument("--analyze", nargs="+", metavar="FILE", help="report on pasted tool output / logs instead of scanning")
    p.add_argument("-o", "--output", metavar="FILE.md", help="where to write the Markdown (default doctor-report-DATE.md; - for stdout); "
                   "the JSON snapshot goes beside it as FILE.json")
    p.add_argument("--force", action="store_true", help="replace existing report files (never one of the inputs)")
    p.add_argument("--no-redact", action="store_true", help="keep serial numbers, user and host names, paths and addresses")
    p.add_argument("--passive", action="store_true", help="only look: skip the active probes that talk to boards")
    p.add_argument("--home", metavar="DIR", type=Path, help="where to look for klipper/, katapult/ and printer_data/")
    p.add_argument("--printer-cfg", metavar="FILE", type=Path, help="the printer.cfg to check")
    p.add_argument("--klippy-log", metavar="FILE", type=Path, help="the klippy.log to read")


def _same(a: Path, b: Path) -> bool:
    try:
        if os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b):  # hard links, symlinks
            return True
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def output_paths(output: str | None, inputs: list[str], force: bool, stamp: str) -> tuple[Path, Path]:
    """The Markdown and JSON names, checked before anything is written: two distinct files, neither an input,
    neither existing unless `force`. Raises UsageError (exit 4) otherwise."""
    md_path = Path(output or f"doctor-report-{stamp}.md")
    if md_path.suffix.lower() == ".json":
        raise UsageError(
            f"-o {md_path} names the Markdown part; the JSON snapshot is written beside it as FILE.json",
            f"give the Markdown name, e.g. -o {md_path.with_suffix('.md')}",
        )
    json_path = md_path.with_suffix(".json")
    if _same(md_path, json_path):
        raise UsageError(f"-o {md_path}: the Markdown and the JSON part would be the same file", "give a name ending in .md")
    for target in (md_path, json_path):
        for src in inputs:
            if src != "-" and _same(target, Path(src)):
                raise UsageError(f"writing {target} would overwrite the input {src}", "choose another name with -o FILE.md")
        if os.path.isdir(target):
            raise UsageError(f"{target} is a folder", "choose a file name with -o FILE.md")
        if not force and os.path.lexists(target):
            raise UsageError(f"{target} exists: doctor report does not replace files", "choose another name with -o FILE.md, or add --force")
    return md_path, json_path


def _write(path: Path, text: str, force: bool) -> None:
    # "x" refuses a file that appeared since the check (no race into an existing file)
    with open(path, "w" if force else "x", encoding="utf-8") as fh:
        fh.write(text)


def run(args: argparse.Namespace, ctx: Context) -> int:
    inputs: list[str] = [args.snapshot] if args.snapshot else list(args.analyze or [])
    if getattr(args, "printer_cfg", None):
        inputs.append(str(args.printer_cfg))
    if getattr(args, "klippy_log", None):
        inputs.append(str(args.klippy_log))
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    paths = None if args.output == "-" else output_paths(args.output, inputs, args.force, stamp)
    if args.snapshot:
        facts = snapshot_check.load(args.snapshot)
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
    from doctor.output import inert

    # -o -: nothing is written beside it, so the JSON part goes inside the Markdown (it says it is there)
    inline = reportmod.to_json(facts, fjson) if paths is None and not ctx.json else None
    md = inert(reportmod.markdown(facts, fjson, snapshot_json=inline))  # the terminal, a forum post: outside text shows its escapes, never runs them
    if paths is None:
        if ctx.json:  # -o - under --json: the Markdown inside the one document
            envelope.result(ctx, {"markdown": None, "json": None, "text": md, "redacted": not args.no_redact}, findings=fjson)
        else:
            ctx.console.file.write(md)
        return engine.exit_code(findings)
    md_path, json_path = paths
    try:
        _write(md_path, md, args.force)
        try:
            _write(json_path, reportmod.to_json(facts, fjson), args.force)
        except OSError:
            md_path.unlink(missing_ok=True)  # never half a report
            raise
    except FileExistsError as exc:
        raise UsageError(f"{exc.filename} appeared while the report was made; nothing was replaced", "run again, or add --force") from exc
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc}", "choose another place with -o FILE.md") from exc
    if ctx.json:
        envelope.result(ctx, {"markdown": str(md_path), "json": str(json_path), "redacted": not args.no_redact}, findings=fjson)
    else:
        ctx.console.print(f"Wrote {md_path} (paste it into your forum post) and {json_path} (attach it).", highlight=False)
        ctx.console.print("Serial numbers, user and host names, home paths and addresses are replaced by placeholders."
                          if not args.no_redact else "Not redacted (--no-redact): check it before you post it.", style="dim")
    return engine.exit_code(findings)


COMMAND = Command("report", "write a redacted Markdown + JSON report for a forum post", add_arguments, run)
