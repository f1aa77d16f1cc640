"""`doctor flash FIRMWARE`: write an image with the backend that fits the board (or the one named with --via).

Every run shows its plan (steps, exact commands, preconditions, risk) first; --dry-run stops there; otherwise it
asks for confirmation unless --yes; erasing also needs --force. A mismatched image (another MCU, another
application offset, too large) is refused before anything is written, with its finding (FW001, FW002, FW004).
At the end the diagnosis runs again.
"""

from __future__ import annotations

import argparse
import os
import shlex
from dataclasses import dataclass
from typing import Any

from doctor import devices, firmware, render
from doctor.cli import Command, Context
from doctor.drivers.base import ActionRequest, Outcome, Plan, default_rediagnose, plan_action, run_plan
from doctor.errors import DoctorError, UsageError

VIAS = {
    "katapult": "katapult.flash",
    "dfu": "dfu.flash",
    "stlink": "stlink.flash",
    "openocd": "openocd.flash",
    "avrdude": "avrdude.flash",
    "sdcard": "sdcard.flash",
}


def add_target_arguments(p: argparse.ArgumentParser) -> None:
    """The options that say where the board is (shared by flash, fix and recover)."""
    p.add_argument("--port", help="the board's serial port (Katapult over UART or USB CDC; avrdude)")
    p.add_argument("--baud", type=int, help="baud rate on a UART (Katapult's default: 250000)")
    p.add_argument("--transport", choices=("uart", "usb", "can"), help="how the port reaches the board (default: usb for ttyACM*, else uart)")
    p.add_argument("--device", metavar="VID:PID", help="a USB device (DFU, ST-Link, programmer)")
    p.add_argument("--usb-path", metavar="BUS-PORT", help="which of several identical USB devices: its port path, e.g. 1-1.2 (dfu-util -p)")
    p.add_argument("--can", metavar="IFACE", help="flash over CAN on this interface (with --uuid)")
    p.add_argument("--uuid", help="the CAN node's UUID (12 hex digits)")
    p.add_argument("--address", help="where to write (tools that need it: dfu, stlink, openocd)")
    p.add_argument("--mcu", help="the MCU, when no bootloader reports it (pre-flight checks)")
    p.add_argument("--flash-size", help="the MCU's flash size, e.g. 512K (pre-flight size check)")
    p.add_argument("--force", action="store_true", help="allow plans that erase (mass erase, unlock, bootloader overwrite)")
    p.add_argument("--timeout", type=float, help="seconds to wait for each reply from the board (Katapult default 5)")
    p.add_argument("--no-identify", action="store_true", help="do not wait for the new application and identify it")
    p.add_argument("--no-rediagnose", action="store_true", help="do not scan again at the end")
    p.add_argument("--programmer", help="avrdude: usbasp, usbasp-clone, usbtiny, avrisp, arduino_as_isp, buspirate, caterina, arduino")
    p.add_argument("--part", help="avrdude: the AVR part (-p), e.g. m32u4, m328p")
    p.add_argument("--bitclock", help="avrdude: the ISP clock period -B, e.g. 32 (a slow target, AVR001)")
    p.add_argument("--card", help="sdcard: the folder where the board's SD card is mounted")
    p.add_argument("--board", help="sdcard: the board name of flash-sdcard.sh -l (knowledge/sdcard_boards.toml)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("firmware", help="the image: .bin, .hex, .elf or .uf2 (Klipper: out/klipper.bin)")
    p.add_argument("--via", choices=sorted(VIAS), help="the backend (default: chosen from the options and the boards found)")
    add_target_arguments(p)


def options(args: argparse.Namespace) -> dict[str, Any]:
    """The command line as ActionRequest options (None where not given)."""
    from doctor.commands.sim import size

    flash_size = getattr(args, "flash_size", None)
    opts: dict[str, Any] = {
        "port": getattr(args, "port", None),
        "baud": getattr(args, "baud", None),
        "transport": getattr(args, "transport", None),
        "device": getattr(args, "device", None),
        "path": getattr(args, "usb_path", None),
        "can": getattr(args, "can", None),
        "uuid": getattr(args, "uuid", None),
        "address": getattr(args, "address", None),
        "mcu": getattr(args, "mcu", None),
        "flash_size": size(flash_size) if flash_size else None,
        "force": getattr(args, "force", False),
        "reply_timeout": getattr(args, "timeout", None),
        "identify": False if getattr(args, "no_identify", False) else None,
        "programmer": getattr(args, "programmer", None),
        "part": getattr(args, "part", None),
        "bitclock": getattr(args, "bitclock", None),
        "card": getattr(args, "card", None),
        "board": getattr(args, "board", None),
    }
    if opts["transport"] == "can" and not opts["can"]:
        opts["can"] = "can0"
    return opts


@dataclass
class Candidate:
    """A board `doctor flash` could write to: the backend, the options that name it, and how to say it."""

    via: str
    opts: dict[str, str]
    label: str

    def flags(self) -> str:
        return " ".join(f"--{k.replace('_', '-')} {shlex.quote(v)}" for k, v in self.opts.items())


def candidates(facts: dict[str, Any]) -> list[Candidate]:
    """Every board the scan found that a backend can flash without being told more: Katapult/Klipper serial
    devices, DFU devices, ST-Links (in the scan's order)."""
    ports = {p.get("device"): p for p in ((facts.get("serial") or {}).get("ports") or []) if isinstance(p, dict)}
    found: list[Candidate] = []
    for d in (facts.get("usb") or {}).get("devices") or []:
        if not isinstance(d, dict):
            continue
        role = d.get("role")
        ident = f"{d.get('vid')}:{d.get('pid')}"
        where = f" at USB {d['port_path']}" if d.get("port_path") else ""
        name = d.get("product") or d.get("role_name") or role or ident
        serves = devices.backends(role) or (("dfu",) if d.get("device_class") == "dfu" else ())
        via = serves[0] if serves else None
        if via == "katapult" and d.get("ttys"):
            tty = str(d["ttys"][0])
            by_id = (ports.get(tty) or {}).get("by_id") or []
            port = str(by_id[0]) if by_id else tty
            found.append(Candidate("katapult", {"port": port}, f"{name} ({role}) on {port}"))
        elif via == "dfu":
            opts = {"device": ident}
            if d.get("port_path"):
                opts["usb_path"] = str(d["port_path"])
            found.append(Candidate("dfu", opts, f"{name} in DFU ({ident}){where}"))
        elif via == "stlink":
            found.append(Candidate("stlink", {"device": ident}, f"{name} ({ident}){where}"))
    return found


def choose_via(opts: dict[str, Any], facts: dict[str, Any] | None = None, ctx: Context | None = None) -> str:
    """The backend for the options given, else for the one board a scan finds. Several boards: the person
    picks one on a terminal; under --yes, --json or without a terminal doctor refuses and lists them, each
    with the options that name it (flashing one at random is how a printer's mainboard gets a toolhead's image)."""
    if opts.get("programmer") or opts.get("part"):
        return "avrdude"
    if opts.get("card") or opts.get("board"):
        return "sdcard"
    if opts.get("can") or opts.get("port"):
        return "katapult"
    device = (opts.get("device") or "").lower()
    if device:
        vid, _, pid = device.partition(":")
        role = devices.classify(vid, pid).role if vid and pid else None
        serves = devices.backends(role)
        if not serves:
            raise UsageError(
                f"doctor does not know which tool writes to {device}" + (f" ({role})" if role and role != "unknown" else ""),
                "name the backend with --via (" + ", ".join(sorted(VIAS)) + ")",
            )
        return serves[0]
    found = candidates(facts or {})
    chosen: Candidate | None = None
    if len(found) == 1:
        chosen = found[0]
        if ctx is not None and not ctx.json:
            ctx.err.print(f"The only board doctor found: {chosen.label}.")
    elif len(found) > 1:
        if ctx is not None and ctx.interactive and not ctx.yes and not ctx.json:
            chosen = ask_which(ctx, found)
        else:
            listing = "; ".join(f"{c.label}: {c.flags()}" for c in found)
            raise UsageError(
                f"{len(found)} boards could be flashed, doctor will not pick one: {listing}",
                "name the board with the options shown (or run on a terminal without --yes to choose from a list)",
            )
    if chosen is None:
        raise UsageError(
            "doctor cannot tell which board to flash: no Katapult/Klipper serial device, DFU device or ST-Link found",
            "name it: --port /dev/serial/by-id/... (Katapult), --device VID:PID (DFU, ST-Link), --can can0 --uuid U, or --via",
        )
    opts.update(chosen.opts)
    if "usb_path" in chosen.opts:
        opts["path"] = chosen.opts["usb_path"]
    return chosen.via


def ask_which(ctx: Context, found: list[Candidate]) -> Candidate:
    ctx.err.print("Several boards could be flashed:")
    for n, c in enumerate(found, 1):
        ctx.err.print(f"  {n}. {c.label}")
    ctx.err.print(f"Which one? [1-{len(found)}, Enter to stop] ", end="")
    try:
        answer = input().strip()
    except EOFError:
        answer = ""
    if answer.isdigit() and 1 <= int(answer) <= len(found):
        return found[int(answer) - 1]
    raise UsageError("no board chosen: nothing was written", "run again and pick a number, or name the board with --port / --device")


def rediagnose_for(args: argparse.Namespace) -> Any:
    return None if getattr(args, "no_rediagnose", False) else default_rediagnose


def show_outcome(ctx: Context, outcome: Outcome | None, error: DoctorError | None = None) -> None:
    """JSON mode: the plan, the steps and the re-diagnosis as one document."""
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
    data: dict[str, Any] = outcome.to_json() if outcome is not None else {}
    if error is not None:
        data["error"] = {"message": error.message, "hint": error.hint, "exit_code": int(error.exit_code)}
    render.print_json(ctx.console, data)


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
    plan = plan_action(VIAS[via], ActionRequest(params={}, options=opts, facts=facts))
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


COMMAND = Command("flash", "write a firmware image to a board (Katapult, DFU, ST-Link, openocd, avrdude, SD card), verify it", add_arguments, run)
