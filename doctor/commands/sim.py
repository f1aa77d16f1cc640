"""`doctor sim katapult`: a simulated board with Katapult on a pseudo-terminal, for trying doctor without hardware.

    doctor sim katapult --link /tmp/katapult --baud 250000 --flash-size 512K --start 0x8002000 --mcu stm32f103xe --dump out.bin

The pty's slave is linked at --link; point `doctor flash --port` (or any Katapult tool) at it. --transport picks the
link model: uart (paced at --baud, bytes beyond the 192-byte buffer lost), usb (full-speed CDC: 1 ms frames, NAK
flow control) or can (the node on a python-can bus, --can-interface/--can-channel, frames paced at --can-bitrate;
python-can's "virtual" bus only reaches programs in the same process, so from the shell use a real interface). A person's actions
(reset, double-reset, boot0-on, boot0-off, power-cycle, unplug, plug) are read line by line from --control (a
FIFO it creates). On exit, including SIGINT and SIGTERM, the whole flash image from the flash base is written to
--dump.
"""

from __future__ import annotations

import argparse
import re
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from doctor.cli import Command, Context
from doctor.errors import UsageError


def size(text: str) -> int:
    """A size like 65536, 0x10000, 64K, 512K, 1M."""
    m = re.fullmatch(r"\s*(0x[0-9a-fA-F]+|\d+)\s*([kKmM]?)(?:i?[bB])?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 65536, 64K, 1M)")
    value = int(m.group(1), 0)
    return value * {"": 1, "k": 1024, "m": 1024 * 1024}[m.group(2).lower()]


def address(text: str) -> int:
    try:
        return int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an address: {text!r} (e.g. 0x8002000)") from None


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="board", metavar="BOARD", required=True)
    k = sub.add_parser("katapult", help="a board with the Katapult bootloader (and a Klipper application once flashed)")
    k.add_argument("--link", type=Path, help="where to link the pty (the board's port; required unless --transport can)")
    k.add_argument("--baud", type=int, default=250000, help="the UART's baud rate (default 250000)")
    k.add_argument("--flash-size", type=size, default=size("128K"), help="flash size, e.g. 512K (default 128K)")
    k.add_argument("--flash-base", type=address, default=0x08000000, help="flash base address (default 0x08000000)")
    k.add_argument("--start", type=address, default=0x08002000, help="Katapult's application start (default 0x8002000)")
    k.add_argument("--mcu", default="stm32f103xe", help="the MCU Katapult reports (default stm32f103xe)")
    k.add_argument("--version", dest="bl_version", default="v0.0.1-sim", help="Katapult's version string")
    k.add_argument("--transport", choices=("uart", "usb", "can"), default="uart",
                   help="a UART (paced at --baud), USB full-speed CDC (1 ms frames, NAK flow control) or CAN (paced frames)")
    k.add_argument("--usb-rate", type=int, default=1_000_000, help="USB: bytes per second each way (default 1000000)")
    k.add_argument("--can-bitrate", type=int, default=1_000_000, help="CAN: the bus bitrate (default 1000000)")
    k.add_argument("--can-interface", default="virtual", help="CAN: python-can interface the node listens on (default virtual)")
    k.add_argument("--can-channel", default="katapult-sim", help="CAN: python-can channel (default katapult-sim)")
    k.add_argument("--canbus-uuid", default="0123456789ab", help="CAN: the node's UUID (12 hex digits)")
    k.add_argument("--page-size", type=size, default=2048, help="flash page size (default 2K)")
    k.add_argument("--erase-ms", type=float, default=20.0, help="page erase time in ms (default 20)")
    k.add_argument("--program-ms", type=float, default=1.7, help="time to program one 64-byte block in ms (default 1.7)")
    k.add_argument("--read-us", type=float, default=50.0, help="time to answer one REQUEST_BLOCK in us (default 50)")
    k.add_argument("--no-line-model", action="store_true", help="no pacing, no receive-buffer overrun")
    k.add_argument("--no-flash-model", action="store_true", help="flash operations take no time")
    k.add_argument("--app", type=Path, help="an application image already in flash (at --start)")
    k.add_argument("--in-bootloader", action="store_true", help="start in Katapult even when an application is present")
    k.add_argument("--ignore-requests", action="store_true", help="the application ignores bootloader requests (double reset still works)")
    k.add_argument("--no-katapult", action="store_true", help="a board without Katapult: requests and double resets do nothing")
    k.add_argument("--fault", action="append", default=[], metavar="SPEC",
                   help="inject a fault: KIND[:CMD][@N][xCOUNT][=PARAM], KIND one of no_reply, corrupt_crc, wrong_address, "
                   "delay, drop_bytes, corrupt_bytes, vanish, stuck_first_reply, wrong_baud (repeatable)")
    k.add_argument("--fixed-resync", action="store_true", help="resync past a damaged frame (the firmware wedges instead)")
    k.add_argument("--control", type=Path, help="a FIFO to create for a person's actions (reset, double-reset, ...)")
    k.add_argument("--dump", type=Path, help="write the whole flash image here on exit")
    img = sub.add_parser("image", help="write a Klipper-like firmware image to flash onto a simulated board")
    img.add_argument("output", type=Path, metavar="FILE", help="where to write the .bin")
    img.add_argument("--mcu", default="stm32f103xe", help="the MCU in its embedded data dictionary (default stm32f103xe)")
    img.add_argument("--link-address", type=address, default=0x08002000, help="the address it is linked for (default 0x8002000)")
    img.add_argument("--size", type=size, default=size("64K"), help="its size (default 64K)")


def run(args: argparse.Namespace, ctx: Context) -> int:
    if args.board == "image":
        return write_image(args, ctx)
    from doctor.sim.katapult import Board, BoardConfig, Fault

    try:
        faults = [Fault.parse(f) for f in args.fault]
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    if args.link is None and args.transport != "can":
        raise UsageError("--link is required (where to link the board's port)", "e.g. --link /tmp/katapult")
    if not args.flash_base <= args.start < args.flash_base + args.flash_size:
        raise UsageError(f"--start {args.start:#x} is outside the flash ({args.flash_base:#x} + {args.flash_size:#x})")
    cfg = BoardConfig(
        mcu=args.mcu, flash_base=args.flash_base, flash_size=args.flash_size, app_start=args.start, baud=args.baud,
        transport=args.transport, page_size=args.page_size, erase_time=args.erase_ms / 1000, program_time=args.program_ms / 1000,
        line_model=not args.no_line_model, flash_model=not args.no_flash_model, bootloader="none" if args.no_katapult else "katapult",
        bootloader_version=args.bl_version, app_honours_request=not args.ignore_requests, faults=faults,
        fixed_resync=args.fixed_resync, usb_rate=args.usb_rate, can_bitrate=args.can_bitrate, can_interface=args.can_interface,
        can_channel=args.can_channel, canbus_uuid=args.canbus_uuid if args.transport == "can" else None, read_time=args.read_us / 1e6,
    )
    board = Board(cfg, args.link or Path(f"/tmp/katapult-sim-{args.can_channel}"), control=args.control)
    if args.app:
        from doctor.snapshot_check import read_bounded

        board.load_app(read_bounded(args.app, 16 * 1024 * 1024, "application image"))
    board.request_flag = args.in_bootloader

    def stop(signum: int, frame: FrameType | None) -> None:
        board._stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if not ctx.json:
        where = f"{cfg.can_interface}:{cfg.can_channel} (UUID {cfg.canbus_uuid})" if cfg.transport == "can" else str(args.link)
        speed = {"uart": f"{cfg.baud} baud", "usb": f"{cfg.usb_rate} B/s", "can": f"{cfg.can_bitrate} bit/s"}[cfg.transport]
        ctx.err.print(f"simulated {cfg.mcu} with Katapult at {where} ({cfg.transport}, {speed}); Ctrl-C to stop")
    sys.stderr.flush()
    if ctx.json:
        from doctor import envelope

        place: dict[str, Any] = {"link": str(args.link)} if cfg.transport != "can" else {"interface": cfg.can_interface, "canbus_uuid": cfg.canbus_uuid}
        envelope.result(ctx, {"board": cfg.mcu, "transport": cfg.transport, **place})
    try:
        board.run()
    finally:
        if args.dump:
            board.dump(args.dump)
        if args.control:
            try:
                args.control.unlink()
            except OSError:
                pass
    return 0


COMMAND = Command("sim", "run a simulated board (Katapult bootloader on a pseudo-terminal) to try doctor without hardware", add_arguments, run)


def write_image(args: argparse.Namespace, ctx: Context) -> int:
    """`doctor sim image FILE`: a synthetic Klipper .bin (vector table, data dictionary) for the simulated boards."""
    from doctor.sim.images import klipper_image

    try:
        data = klipper_image(args.size, mcu=args.mcu, link_address=args.link_address)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    try:
        args.output.write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    if not ctx.json:
        ctx.console.print(f"Wrote {args.output}: {len(data)} bytes, Klipper for {args.mcu}, linked at {args.link_address:#x}", highlight=False)
    else:
        from doctor import envelope

        envelope.result(ctx, {"image": str(args.output), "bytes": len(data), "mcu": args.mcu, "link_address": args.link_address})
    return 0

