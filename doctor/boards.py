"""Which board `flash` and `recover` write to, and through which backend: lookups over the drivers' declarations
(drivers/registry.py) and the device table (knowledge/devices.toml `backends`), never a list of its own.

- `choose_via(opts, facts, ctx)`: the options name the backend (--programmer names avrdude, --port Katapult: each
  backend declares the options that select it), else --device's role in the device table, else the one board a
  scan found. Several boards: the person picks one on a terminal; under --yes, --json or without a terminal doctor
  refuses and lists them, each with the options that name it (flashing one at random is how a printer's mainboard
  gets a toolhead's image).
- `candidates(facts)`: every board of the scan that the usual backend of its role can name by itself.
- `add_target_arguments(parser)` / `options(args)`: the options that say where the board is (flash, fix, recover),
  the common ones and each backend's own (declared in its driver module), as ActionRequest options.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from doctor import devices
from doctor.drivers import registry
from doctor.drivers.registry import Target
from doctor.errors import UsageError

if TYPE_CHECKING:
    from doctor.cli import Context

Candidate = Target  # a board doctor could write to: the backend, the options that name it, and how to say it


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
    for option in registry.options():  # each backend's own options, as its driver module declares them
        p.add_argument(option.flag, help=option.help, metavar=option.metavar)


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
    }
    for option in registry.options():
        opts[option.dest] = getattr(args, option.dest, None)
    if opts["transport"] == "can" and not opts["can"]:
        opts["can"] = "can0"
    return opts


def candidates(facts: dict[str, Any]) -> list[Target]:
    """Every board the scan found that its role's usual backend can name without being told more (Katapult/Klipper
    serial devices, DFU devices, ST-Links...), in the scan's order."""
    ports = {p.get("device"): p for p in ((facts.get("serial") or {}).get("ports") or []) if isinstance(p, dict)}
    found: list[Target] = []
    for d in (facts.get("usb") or {}).get("devices") or []:
        if not isinstance(d, dict):
            continue
        serves = devices.backends(d.get("role")) or (devices.backends("dfu") if d.get("device_class") == "dfu" else ())
        backend = registry.backend(serves[0]) if serves else None
        target = backend.target(d, ports) if backend is not None and backend.target is not None else None
        if target is not None:
            found.append(target)
    return found


def selected_by_options(opts: dict[str, Any]) -> str | None:
    """The backend the options name (each backend declares the options that select it; the lowest precedence
    wins: --programmer with --port is avrdude)."""
    named = [b for b in registry.backends().values() if any(opts.get(o) for o in b.selected_by)]
    return min(named, key=lambda b: (b.precedence, b.name)).name if named else None


def choose_via(opts: dict[str, Any], facts: dict[str, Any] | None = None, ctx: "Context | None" = None) -> str:
    """The backend for the options given, else for the one board a scan finds (see the module's docstring).
    Fills `opts` with the options that name the chosen board."""
    via = selected_by_options(opts)
    if via is not None:
        return via
    device = (opts.get("device") or "").lower()
    if device:
        vid, _, pid = device.partition(":")
        role = devices.classify(vid, pid).role if vid and pid else None
        serves = devices.backends(role)
        if not serves:
            raise UsageError(
                f"doctor does not know which tool writes to {device}" + (f" ({role})" if role and role != "unknown" else ""),
                "name the backend with --via (" + ", ".join(registry.Choices()) + ")",
            )
        return serves[0]
    found = candidates(facts or {})
    chosen: Target | None = None
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


def ask_which(ctx: "Context", found: list[Target]) -> Target:
    """The person picks one of several boards (a terminal only; Enter stops)."""
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
