"""`doctor` / `doctor scan`: look at this host, identify every board, report what is wrong."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from doctor import engine, envelope, facts as factmod, render
from doctor.cli import Command, Context
from doctor.findings import Finding

NO_BOARDS_HINT = (
    "No boards found: no USB device with a known role, no USB serial port, no printer MCU and no CAN interface.\n"
    "Try:\n"
    "  1. Plug the board in with a cable you know carries data (many USB cables are charge-only).\n"
    "  2. `doctor watch` while you plug it in: it shows whether the kernel sees anything at all.\n"
    "  3. For a bootloader: hold BOOT0 and tap RESET (STM32 DFU), hold BOOTSEL (RP2040), or double-tap RESET (Katapult)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passive", action="store_true", help="only look: skip the active probes that talk to boards")
    p.add_argument("--save", metavar="FILE", help="also write the facts snapshot to FILE (JSON, not redacted)")
    p.add_argument("--home", metavar="DIR", type=Path, help="where to look for klipper/, katapult/ and printer_data/ (default: ~)")
    p.add_argument("--printer-cfg", metavar="FILE", type=Path, help="the printer.cfg to check (default: found under --home)")
    p.add_argument("--klippy-log", metavar="FILE", type=Path, help="the klippy.log to read (default: found under --home)")
    p.add_argument("--firmware", metavar="FILE", type=Path, action="append", default=[], help="also check this firmware image against the board (bin, hex, elf, uf2); repeatable")


def probe_context(args: argparse.Namespace) -> Any:
    from doctor.checks import ProbeContext

    ctx = ProbeContext()
    if getattr(args, "home", None):
        ctx.home = args.home
    ctx.printer_cfg = getattr(args, "printer_cfg", None)
    ctx.klippy_log = getattr(args, "klippy_log", None)
    ctx.firmware_files = list(getattr(args, "firmware", None) or [])
    return ctx


def scan(args: argparse.Namespace) -> dict[str, Any]:
    from doctor.checks import collect_all

    # --dry-run sends nothing to any device (issue 10): the probes that talk to boards are left out, as with --passive
    return collect_all(probe_context(args), active=not (getattr(args, "passive", False) or getattr(args, "dry_run", False)))


def has_boards(facts: dict[str, Any]) -> bool:
    devices = [d for d in (facts.get("usb") or {}).get("devices") or [] if d.get("role") not in (None, "", "unknown", "hub")]
    ports = [p for p in (facts.get("serial") or {}).get("ports") or [] if p.get("kind") in ("usb-acm", "usb-serial")]
    cans = (facts.get("can") or {}).get("interfaces") or []
    printer = [r for r in render.printer_view(facts) if not str(r.get("state", "")).startswith(("missing", "not configured"))]
    return bool(devices or ports or cans or printer)


def show(ctx: Context, facts: dict[str, Any], findings: list[Finding], snapshot: str | None = None) -> None:
    """-q: the findings only (no host line, printer view or tables; info findings hidden). -v: also each
    probe's status and time, and ports of every kind."""
    c = ctx.console
    if ctx.verbosity >= 0:
        host = facts.get("host") or {}
        os_name = (host.get("os") or {}).get("pretty_name")
        if os_name or host.get("kernel"):
            c.print(f"Host: {os_name or '?'}, kernel {host.get('kernel', '?')}", style="dim", highlight=False)
        if ctx.verbosity > 0:
            for name, probe in sorted((facts.get("probes") or {}).items()):
                if isinstance(probe, dict):
                    why = f": {probe['reason']}" if probe.get("reason") else ""
                    c.print(f"probe {name}: {probe.get('status', '?')} in {float(probe.get('seconds') or 0):.2f} s{why}", style="dim", highlight=False, soft_wrap=True)
        render.print_printer(c, facts)
        render.print_tables(c, facts, every_kind=ctx.verbosity > 0)
    hint = None if has_boards(facts) else NO_BOARDS_HINT
    if hint and findings:
        c.print(hint)
        hint = None
    render.print_findings(c, findings, ctx.verbosity, empty_hint=hint, where="snapshot" if snapshot else "host", snapshot=snapshot)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from doctor.progress import waiting

    with waiting(ctx, "looking at this host (USB, serial ports, CAN, services, kernel log)..."):
        facts = scan(args)
    findings = engine.evaluate(facts)
    if getattr(args, "save", None):
        factmod.save(facts, args.save)
    if ctx.json:
        envelope.result(ctx, {"boards_found": has_boards(facts), "printer": render.printer_view(facts)}, findings=findings, snapshot=facts)
    else:
        show(ctx, facts, findings)
    return engine.exit_code(findings)


COMMAND = Command("scan", "scan this host: boards, ports, permissions, services, kernel log (the default)", add_arguments, run)
