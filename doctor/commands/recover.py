"""`doctor recover [FIRMWARE]`: from "my board won't connect" to a board running its firmware, in one session.

The flow (diagnose, the cheapest path first, the person's physical steps watched live, then the flash) is
doctor/recovery.py's `Recovery`; this module wires it to the command line.
"""

from __future__ import annotations

import argparse
from typing import Any

from doctor.boards import add_target_arguments
from doctor.cli import Command, Context
from doctor.recovery import PROMPTS, Person, Recovery, TerminalPerson  # noqa: F401 - the names tests and callers use


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("firmware", nargs="?", help="the application image to end with (Klipper: out/klipper.bin)")
    p.add_argument("--bootloader", help="a Katapult image to write through ROM DFU when the board has no working bootloader")
    p.add_argument("--wait", type=float, default=30.0, help="seconds to wait for each physical step (default 30)")
    add_target_arguments(p)


def live_events() -> Any:
    try:
        from doctor.watch import UdevSource

        return UdevSource(kernel=False)
    except Exception:  # noqa: BLE001 - no pyudev/netlink here: UART boards are still polled
        return None


def run(args: argparse.Namespace, ctx: Context) -> int:
    recovery = Recovery(ctx, args, TerminalPerson(ctx), events=live_events(), wait=args.wait)
    try:
        return recovery.run()
    finally:
        if ctx.json:  # the stages walked, beside the plans' outcomes (doctor.envelope)
            from doctor import envelope

            envelope.result(ctx, {"stages": recovery.log})
        close = getattr(recovery.events, "close", None)
        if callable(close):
            close()


COMMAND = Command("recover", "guided recovery: diagnose, walk through the physical steps, flash bootloader and firmware, verify", add_arguments, run)
