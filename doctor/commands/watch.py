"""`doctor watch`: USB hot-plug and kernel-log events as they happen, and guided bootloader-entry steps.

    doctor watch                         live view until Ctrl-C (or --duration)
    doctor watch --guide plug            "plug the board in now": USB001 / USB002 / success
    doctor watch --guide rom-dfu | katapult | caterina | bootsel | bootloader
    doctor watch --guide request --port /dev/serial/by-id/usb-Klipper_... [--method usb|uart|can]
    doctor watch --replay recording.json --guide plug     (a recorded session instead of the live bus)

Watching only reads; the one step that changes anything is `--guide request`, which asks first
(unless --yes). Ctrl-C stops at once and leaves everything as it was.
"""

from __future__ import annotations

from doctor.output import escape

import argparse
from typing import Any

from doctor import engine, envelope, render
from doctor import facts as factmod
from doctor.cli import Command, Context
from doctor.errors import UsageError
from doctor.status import ExitCode


def add_arguments(p: argparse.ArgumentParser) -> None:
    from doctor.guide import SEQUENCES

    p.add_argument("--guide", choices=sorted(SEQUENCES), help="run one guided step (prompt, time window, verdict)")
    p.add_argument("--timeout", type=float, help="seconds the guided step waits (default: the step's own)")
    p.add_argument("--duration", type=float, help="without --guide: stop watching after this many seconds")
    p.add_argument("--replay", metavar="FILE", help="replay a recorded session (JSON) instead of watching the bus")
    p.add_argument("--speed", type=float, default=0.0, help="replay speed (1 = real time; default 0: at once)")
    p.add_argument("--port", help="--guide request: the running Klipper's serial port")
    p.add_argument("--method", choices=("usb", "uart", "can"), help="--guide request: how to ask (default: usb for ttyACM, uart otherwise, can with --uuid)")
    p.add_argument("--baud", type=int, default=250000, help="--guide request --method uart: the firmware's baud")
    p.add_argument("--uuid", help="--guide request --method can: the node's canbus_uuid")
    p.add_argument("--interface", default="can0", help="--guide request --method can: the CAN interface")
    p.add_argument("--answer", action="append", default=[], metavar="ID=VALUE", help="answer a question ahead (e.g. power_led=yes); repeatable")


def _answers(items: list[str]) -> dict[str, str]:
    from doctor.guide import QUESTIONS

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in QUESTIONS:
            raise UsageError(f"--answer {item!r}: expected ID=VALUE with ID one of {', '.join(sorted(QUESTIONS))}")
        out[key] = value
    return out


def _asker(ctx: Context, preset: dict[str, str]) -> Any:
    from doctor.guide import Question

    def ask(question: Question) -> str | None:
        if question.id in preset:
            return preset[question.id]
        if ctx.json or not ctx.interactive:
            return None
        ctx.err.print(f"{question.text} [{'/'.join(question.choices)}/skip] ", end="")
        try:
            answer = input().strip().lower()
        except EOFError:
            return None
        return answer if answer in question.choices else None

    return ask


def _source(args: argparse.Namespace) -> tuple[Any, dict[str, bool], list[str]]:
    from doctor import watch

    if args.replay:
        try:
            from doctor.snapshot_check import load_recording

            src = watch.ReplaySource(load_recording(args.replay), speed=args.speed)  # bounded read, checked (exit 4)
        except (OSError, ValueError, TypeError) as exc:
            raise UsageError(f"cannot replay {args.replay}: {exc}", "pass a recording written as in tests/watch/*.json") from exc
        return src, {"replay": True}, []
    live = watch.UdevSource()
    return live, live.available, live.problems


def _printer(ctx: Context) -> Any:
    from rich.text import Text

    from doctor.watch import UsbEvent, is_descriptor_error

    def show(ev: UsbEvent) -> None:
        if ctx.json:  # JSON Lines: one line per event as it happens (flushed), the envelope last
            envelope.event(ctx, "kernel" if ev.action == "kernel" else "usb", ev.to_fact())
            return
        if ev.action == "kernel":
            style = "red" if is_descriptor_error(ev) else "dim"
            ctx.console.print(Text(f"  kernel  {ev.line}", style=style))
        else:
            style = "green" if ev.action == "add" else "yellow"
            ctx.console.print(Text(f"  {ev.action:<7} {ev.describe()}", style=style))

    return show


def _method(args: argparse.Namespace) -> str:
    if args.method:
        return str(args.method)
    if args.uuid:
        return "can"
    import os

    from doctor.identify import link_of

    return "usb" if args.port and link_of(args.port) == "usb" and "ttyACM" in os.path.realpath(args.port) else "uart"


def run(args: argparse.Namespace, ctx: Context) -> int:
    from doctor import guide
    from doctor.watch import UsbEvent

    preset = _answers(args.answer)
    asker = _asker(ctx, preset)
    source, available, problems = _source(args)
    show = _printer(ctx)
    if not ctx.json:
        for problem in problems:
            ctx.err.print(f"[yellow]{escape(problem)}[/yellow]", markup=True)
    outcomes: list[guide.Outcome] = []
    seen: list[UsbEvent] = []
    interrupted = False
    try:
        if args.guide:
            outcomes.extend(_guided(args, ctx, source, asker, show))
            for o in outcomes:
                seen.extend(o.seen)
                interrupted = interrupted or o.state == "interrupted"
        else:
            if not ctx.json:
                ctx.console.print("Watching USB and the kernel log (Ctrl-C to stop)...", style="bold")
            try:
                end = guide_now(source) + args.duration if args.duration is not None else None
                while not (args.replay and source.exhausted):
                    remaining = 1.0 if end is None else end - guide_now(source)
                    if remaining <= 0:
                        break
                    for ev in source.events(min(remaining, 1.0)):
                        seen.append(ev)
                        show(ev)
            except KeyboardInterrupt:
                interrupted = True
    finally:
        close = getattr(source, "close", None)
        if callable(close):
            close()
    facts = factmod.new("scan")
    factmod.merge(facts, guide.facts_of(outcomes, seen, available))
    findings = engine.evaluate(facts)
    questions = guide.open_questions(outcomes)
    if ctx.json:
        envelope.result(
            ctx,
            {"sequences": [o.to_fact() | {"message": o.message} for o in outcomes], "events": len(seen), "questions": questions, "interrupted": interrupted},
            findings=findings,
            snapshot=facts,
        )
    else:
        for o in outcomes:
            for line in o.message:
                ctx.console.print(line)
        if findings:
            render.print_findings(ctx.console, findings, ctx.verbosity)
        if interrupted:
            ctx.console.print("Stopped: nothing was changed.")
    if interrupted:
        return int(ExitCode.INTERRUPTED)
    code = engine.exit_code(findings)
    if code == ExitCode.OK and any(o.state not in ("success",) for o in outcomes):
        code = ExitCode.WARNINGS
    return int(code)


def guide_now(source: Any) -> float:
    from doctor.watch import now_of

    return now_of(source)


def _guided(args: argparse.Namespace, ctx: Context, source: Any, asker: Any, show: Any) -> list[Any]:
    from doctor import guide

    seq = guide.SEQUENCES[args.guide]
    if not ctx.json:
        ctx.console.print(f"[bold]{escape(seq.title)}[/bold]: {escape(seq.prompt)}", markup=True)
        ctx.console.print(f"Waiting up to {args.timeout or seq.timeout:g} s...", style="dim")
    action: Any = None
    method = None
    if seq.name == "request":
        method = _method(args)
        target = args.port if method != "can" else f"{args.interface} node {args.uuid}"
        if ctx.dry_run:
            how = {"usb": "open it at 1200 baud and drop DTR", "uart": "send Klipper's 32-byte bootloader request string", "can": "send admin command 0x02 + the UUID to 0x3f0"}[method]
            out = guide.Outcome("request", "dry-run", 0.0, message=[f"Dry run: doctor would {how} on {target}, then wait {args.timeout or seq.timeout:g} s for a bootloader. Nothing was sent."])
            return [out]
        if not ctx.confirm(f"Ask the firmware on {target} to enter its bootloader ({method})? The board resets."):
            raise UsageError("the bootloader request needs your confirmation", "run again and answer y, or add --yes")

        def action() -> str | None:
            return guide.request_bootloader(method or "usb", args.port, baud=args.baud, uuid=args.uuid, interface=args.interface)

    if seq.name == "request" and method == "uart":
        problem = action() if action is not None else None
        out = guide.Outcome("request", "timeout", 0.0)
        if problem:
            out.state, out.message = "error", [problem]
        else:
            guide.follow_uart_request(args.port, args.baud, out)
        return [out]
    outcome = guide.run_sequence(seq, source, timeout=args.timeout, asker=asker, on_event=show, action=action)
    outcomes = [outcome]
    if seq.name == "plug" and outcome.state == "timeout" and outcome.answers.get("bootloader_same_cable") == "yes":
        follow = guide.SEQUENCES["bootloader"]
        if not ctx.json:
            ctx.console.print(f"[bold]{escape(follow.title)}[/bold]: {escape(follow.prompt)}", markup=True)
        outcomes.append(guide.run_sequence(follow, source, timeout=args.timeout, asker=asker, on_event=show))
    return outcomes


COMMAND = Command("watch", "watch USB and the kernel log live; guided steps to plug in and enter bootloaders", add_arguments, run)
