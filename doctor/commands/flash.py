"""`doctor flash FIRMWARE`: write an image with the backend that fits the board (or the one named with --via).

Every run shows its plan (steps, exact commands, preconditions, risk) first; --dry-run stops there; otherwise it
asks for confirmation unless --yes; erasing also needs --force. A mismatched image (another MCU, another
application offset, too large) is refused before anything is written, with its finding (FW001, FW002, FW004).
At the end the diagnosis runs again.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from doctor import firmware, render
from doctor.boards import Candidate, add_target_arguments, ask_which, candidates, choose_via, options  # noqa: F401 - in doctor.boards
from doctor.cli import Command, Context
from doctor.drivers import registry
from doctor.drivers.base import ActionRequest, Outcome, Plan, default_rediagnose, plan_action, run_plan
from doctor.errors import DoctorError, UsageError

VIAS = registry.Choices()  # the --via names: every driver module that declares a backend (drivers/registry.py)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("firmware", help="the image: .bin, .hex, .elf or .uf2 (Klipper: out/klipper.bin)")
    p.add_argument("--via", choices=VIAS, metavar="BACKEND", help="the backend: %(choices)s (default: chosen from the options and the boards found)")
    add_target_arguments(p)


def rediagnose_for(args: argparse.Namespace) -> Any:
    return None if getattr(args, "no_rediagnose", False) else default_rediagnose


def show_outcome(ctx: Context, outcome: Outcome | None, error: DoctorError | None = None) -> None:
    """JSON mode: the plan, the steps and the re-diagnosis, one entry of the envelope's `plans` (doctor.envelope;
    an error is the envelope's `error`)."""
    if not ctx.json:
        if outcome is not None and outcome.status == "done":
            for r in outcome.steps:
                app = r.detail.get("application") if isinstance(r.detail, dict) else None
                if isinstance(app, dict) and app.get("version"):
                    ctx.console.print(f"The board runs {app.get('app', 'Klipper')} {app['version']} on {app.get('mcu')}.")
                sha = r.detail.get("sha1") if isinstance(r.detail, dict) else None
                if sha:
                    ctx.console.print(f"Verified: SHA-1 {sha}.")
        return
    if outcome is not None:
        from doctor import envelope

        envelope.plan_outcome(ctx, outcome.to_json())


def run(args: argparse.Namespace, ctx: Context) -> int:
    if not os.path.exists(args.firmware):
        raise UsageError(f"{args.firmware} does not exist", "build it first (Klipper: make; the image is out/klipper.bin)")
    image = firmware.load(args.firmware)
    opts = options(args)
    facts: dict[str, Any] = {}
    via = args.via
    if via is None:
        if not (opts.get("port") or opts.get("can") or opts.get("device")):
            from doctor.checks import collect_all

            facts = collect_all(active=False)
        via = choose_via(opts, facts, ctx)
    opts["firmware"] = args.firmware
    opts["image"] = image
    backend = registry.backend(via)
    assert backend is not None  # argparse's choices, or a name choose_via took from the registry
    plan = plan_action(backend.flash, ActionRequest(params={}, options=opts, facts=facts))
    return execute(plan, args, ctx)


def execute(plan: Plan, args: argparse.Namespace, ctx: Context) -> int:
    """run_plan with the command line's --force and re-diagnosis; JSON output of the outcome."""
    try:
        outcome = run_plan(plan, ctx, force=getattr(args, "force", False), rediagnose=rediagnose_for(args))
    except DoctorError as exc:
        show_outcome(ctx, getattr(exc, "outcome", None), exc)
        raise
    show_outcome(ctx, outcome)
    if outcome.still_present:
        return 2
    return 0


COMMAND = Command("flash", "write a firmware image to a board through the backend that fits it (--via), verify it", add_arguments, run)
