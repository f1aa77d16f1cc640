"""`doctor identify PORT`: ask a serial port what answers (Klipper, Katapult, or nothing) within 3 s."""

from __future__ import annotations

import argparse
from typing import Any

from doctor import engine, envelope, render
from doctor import facts as factmod
from doctor.cli import Command, Context
from doctor.status import ExitCode


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("port", metavar="PORT", help="the serial port, e.g. /dev/serial/by-id/usb-Klipper_... or /dev/ttyAMA0")
    p.add_argument("--baud", type=int, default=None, help="baud rate for a UART (default 250000; USB ports ignore it)")


def snapshot_for(result: dict[str, Any]) -> dict[str, Any]:
    """The facts of one identification (mode "scan": it is a live observation)."""
    snap = factmod.new("scan")
    snap["identify"] = {"status": "ok", "ports": [result]}
    if result.get("outcome") == "held":  # the port's holders, as the serial probe reports them (SER003 reads these)
        port = {"device": result.get("device") or result["port"], "holders": result.get("holders", []), "origin": "live"}
        if result.get("link") in ("usb", "uart", "pty"):
            port["kind"] = {"usb": "usb-acm", "uart": "uart", "pty": "pty"}[result["link"]]
        snap["serial"] = {"status": "ok", "ports": [port]}
    return snap


def run(args: argparse.Namespace, ctx: Context) -> int:
    from doctor.identify import identify_port, meaning

    if ctx.dry_run:  # --dry-run sends nothing to any device (issue 10), not even a read-only question
        said = f"--dry-run: doctor would ask {args.port} Katapult's CONNECT, then Klipper's identify (neither restarts the board); nothing was sent"
        if ctx.json:
            envelope.result(ctx, {"port": args.port, "dry_run": True, "answered": False})
        else:
            ctx.console.print(said, highlight=False, markup=False)
        return int(ExitCode.OK)
    result = identify_port(args.port, args.baud)
    facts = snapshot_for(result)
    findings = engine.evaluate(facts)
    answered = result["outcome"] in ("klipper", "katapult")
    if ctx.json:
        envelope.result(ctx, {**result, "answered": answered}, findings=findings, snapshot=facts)
    else:
        for line in meaning(result):
            ctx.console.print(line, highlight=False)
        if result["outcome"] == "klipper" and ctx.verbosity > 0:
            for key, value in sorted((result["klipper"].get("config") or {}).items()):
                ctx.console.print(f"  {key} = {value}", highlight=False, style="dim")
        ctx.console.print(f"({result['seconds']:.2f} s)", style="dim", highlight=False)
        if findings:
            render.print_findings(ctx.console, findings, ctx.verbosity)
    code = engine.exit_code(findings)
    if code == ExitCode.OK and not answered:
        # README: 4 bad input (not a serial port at all), 2 a fault (no access, gone), 1 nothing identified (held: left alone)
        code = {"error": ExitCode.USAGE, "no-access": ExitCode.FAULTS, "missing": ExitCode.FAULTS}.get(result["outcome"], ExitCode.WARNINGS)
    return int(code)


COMMAND = Command("identify", "ask a serial port what answers: Klipper (version, MCU, clock), Katapult (start address), or nothing", add_arguments, run)
