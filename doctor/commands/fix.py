"""`doctor fix ID`: perform a finding's actions through the drivers (plan shown, confirmed, verified, re-diagnosed).

The finding must be present: in a fresh scan of this host, or in the snapshot given with --from. Each of its
actions (knowledge entry `[[actions]]`, or the `actions` of the `[[when]]` that fired: a form of another bootloader
or OS has its own, `[]` for none) becomes a plan through doctor.drivers; the plans run one after the
other, and the re-diagnosis at the end says whether ID is gone.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.text import Text

from doctor import engine, envelope, facts as factmod, render
from doctor.cli import Command, Context
from doctor.commands.flash import add_target_arguments, execute, options
from doctor.drivers.base import ActionRequest, plan_action
from doctor.errors import UsageError
from doctor.findings import Finding
from doctor.status import ExitCode


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="the finding's id, e.g. SER003 (doctor scan lists them)")
    p.add_argument("--from", dest="snapshot", help="take the facts from this snapshot instead of scanning")
    p.add_argument("--firmware", help="the image, for actions that flash (Klipper: out/klipper.bin)")
    p.add_argument("--config", help="SER005: the Klipper config to edit (default: the printer.cfg the scan found)")
    p.add_argument("--old", help="SER005: the serial path to replace (default: the configured path that does not exist)")
    p.add_argument("--new", help="SER005: the path to put instead (default: the /dev/serial/by-id link of the same board)")
    add_target_arguments(p)


def find(findings: list[Finding], fid: str) -> Finding | None:
    return next((f for f in findings if f.id == fid), None)


def run(args: argparse.Namespace, ctx: Context) -> int:
    fid = args.id.upper()
    from doctor.knowledge import load

    if fid not in {e.id for e in load()}:
        raise UsageError(f"{fid} is not a fault doctor knows", "doctor rules lists them")
    if args.snapshot:
        facts: dict[str, Any] = factmod.load(args.snapshot)
    else:
        from doctor.checks import collect_all

        facts = collect_all()
    finding = find(engine.evaluate(facts), fid)
    if finding is None:
        if ctx.json:
            envelope.result(ctx, {"id": fid, "present": False, "from": args.snapshot}, findings=[])
        else:
            ctx.console.print(Text(f"{fid} is not present {'in ' + args.snapshot if args.snapshot else 'on this host'}: nothing to fix.", style="green"))
        return int(ExitCode.OK)
    if not finding.actions:
        if not ctx.json:
            render.print_findings(ctx.console, [finding], ctx.verbosity)
            entry = next(e for e in load() if e.id == fid)
            if finding.evidence and finding.evidence[0][0] == "text.resembles":  # (s23) a cause named by resemblance only
                ctx.console.print(Text(f"doctor has no automatic action for {fid} named by resemblance (no message of the text was recognised): compare your case with the threads named, and run the check above."))
            elif entry.actions:  # (s22) the entry has actions, but the form that fired says none fit it (`actions = []`)
                ctx.console.print(Text(f"doctor has no automatic action for {fid} as it shows here (another bootloader, tool or system than the one its action drives): follow the fix above."))
            else:
                ctx.console.print(f"doctor has no automatic action for {fid}: follow the fix above.")
        else:
            envelope.result(ctx, {"id": fid, "present": True, "from": args.snapshot, "actions": [], "remediation": finding.remediation}, findings=[finding])
        return int(ExitCode.FAULTS)
    opts = options(args)
    if args.firmware:
        opts["firmware"] = args.firmware
    for key in ("config", "old", "new"):
        if getattr(args, key, None):
            opts[key] = getattr(args, key)
    if not ctx.json:
        ctx.console.print(Text.assemble(("Fixing ", "bold"), (fid, "bold"), f": {finding.message}"))
    else:  # the plans' outcomes follow under fix.plans
        envelope.result(ctx, {"id": fid, "present": True, "from": args.snapshot, "actions": [str(a["name"]) for a in finding.actions]}, findings=[finding])
    rc = 0
    for action in finding.actions:
        params = dict(action.get("params") or {})
        params.setdefault("resolves", [fid])
        plan = plan_action(str(action["name"]), ActionRequest(params=params, options=dict(opts), facts=facts, finding=finding))
        if not plan.resolves:
            plan.resolves = [fid]
        rc = max(rc, execute(plan, args, ctx))
    return rc


COMMAND = Command("fix", "perform the actions of a finding (e.g. doctor fix SER003): plan, confirm, run, verify, re-diagnose", add_arguments, run)
