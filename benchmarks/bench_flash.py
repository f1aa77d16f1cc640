#!/usr/bin/env python3
"""How close doctor's Katapult flash comes to the limit of each transport: a 64 KiB image on the emulator.

    python3 benchmarks/bench_flash.py [--transport uart,usb,can] [--runs 5] [--size 64K] [--baud 250000]
                                      [--flashtool PATH] [--json]

The emulated board (doctor.sim.katapult) has 2 KiB pages, 20 ms erase, 1.7 ms per 64-byte block programmed and
50 us per block read back, an older application already in flash (so every page is erased, as on a real
re-flash) and starts in Katapult. Per transport:

- uart: `doctor sim katapult` as its own process, 10 bits per byte at --baud, 192-byte receive buffer (bytes
  beyond it are lost), 96-byte transmit buffer.
- usb: `doctor sim katapult --transport usb` as its own process: full-speed CDC, data moving at 1 ms frame
  boundaries at 1 MB/s each way, the OUT endpoint NAKing while the 128-byte receive buffer is full, replies that
  do not fit the 192-byte transmit buffer dropped.
- can: python-can's virtual bus (in this process: SocketCAN needs a kernel this machine lacks), the node in a
  thread of this process, 8-byte frames paced at 1 Mbit/s on one shared bus (135 bits per full frame with
  worst-case stuffing), 192-byte receive buffer (frames beyond it are lost), 96-byte transmit buffer.

Measured, each the median of --runs runs, every image checked byte for byte in the emulator's flash:
- doctor: CONNECT, write, EOF and read-back verification with SHA-1 (drivers.katapult.Session, in this process);
- doctor CLI (uart, usb): the whole `doctor flash --via katapult --yes --no-identify --no-rediagnose` process;
- flashtool (uart, usb): Katapult's own host tool (Arksine/katapult scripts/flashtool.py, read from --flashtool;
  never copied into this repository), whole process, against the same emulator in the same run. CAN: flashtool
  needs a SocketCAN interface, so doctor is measured against the limit only.

The limit (what no host can beat on the model), per phase:
- uart: the larger of the bytes to the board and the bytes back at B/10 bytes per second, plus the page erases
  (katapult-protocol.md "What fast means"). During an erase the bytes already sent keep arriving, so a host that
  keeps the buffer full can come in slightly under it.
- usb: the issue's board limit: programming + erases + reads (the board's own time) + the bytes at 1 MB/s
  (the larger direction), per phase. The board programs while the bus moves the next block, so the bytes can be
  hidden and a ratio a little above 100 % is possible; the "tight" figure (per phase the larger of the board's
  time and the bytes) is printed too.
- can: per phase the larger of the bus time (every byte each way in whole 8-byte frames on the one bus) and the
  board's own time (programming + erases; reads).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from doctor.drivers.katapult import Options, Session
from doctor.protocols import katapult as kp
from doctor.sim.images import klipper_image
from doctor.sim.katapult import Board, BoardConfig, can_frame_bits

PAGE, ERASE, PROGRAM, READ = 2048, 0.020, 0.0017, 0.00005
MCU, START = "stm32f103xe", 0x08002000
USB_RATE = 1_000_000
CAN_BITRATE = 1_000_000
CAN_UUID = "0123456789ab"


def _phase_bytes(size: int, block: int = 64, reply: int = 80) -> dict[str, int]:
    blocks = -(-size // block)
    connect_reply = len(kp.encode(kp.Resp.ACK, kp.connect_payload(START, block, MCU, "v0.0.1-sim")))
    return {
        "blocks": blocks,
        "write_to": 8 + blocks * kp.send_block_size(block) + 8,  # CONNECT, SEND_BLOCKs, EOF
        "write_from": connect_reply + blocks * 16 + 16,  # their ACKs
        "verify_to": blocks * 12,
        "verify_from": blocks * reply,
    }


def wire_limit(size: int, baud: int, *, reply: int = 80, block: int = 64) -> dict[str, float]:
    """UART: the seconds the link itself needs for a flash + verify of `size` bytes, phase by phase."""
    rate = baud / 10
    b = _phase_bytes(size, block, reply)
    write = max(b["write_to"], b["write_from"]) / rate
    verify = max(b["verify_to"], b["verify_from"]) / rate
    erase = -(-size // PAGE) * ERASE
    return {"write": write, "verify": verify, "erase": erase, "total": write + verify + erase}


def usb_limit(size: int, rate: int = USB_RATE) -> dict[str, float]:
    """USB: the board's own time (program, erase, read) plus the bytes at `rate`, per phase (the issue's sum),
    and the tight figure (per phase the larger of the two)."""
    b = _phase_bytes(size)
    board_write = b["blocks"] * PROGRAM + -(-size // PAGE) * ERASE
    board_read = b["blocks"] * READ
    bytes_write = max(b["write_to"], b["write_from"]) / rate
    bytes_verify = max(b["verify_to"], b["verify_from"]) / rate
    total = board_write + bytes_write + board_read + bytes_verify
    tight = max(board_write, bytes_write) + max(board_read, bytes_verify)
    return {"write": board_write + bytes_write, "verify": board_read + bytes_verify, "total": total, "tight": tight}


def can_bus_time(nbytes: int, bitrate: int = CAN_BITRATE) -> float:
    """Seconds `nbytes` need on the bus in whole 8-byte frames (the last one shorter)."""
    full, rest = divmod(nbytes, 8)
    return (full * can_frame_bits(8) + (can_frame_bits(rest) if rest else 0)) / bitrate


def can_limit(size: int, bitrate: int = CAN_BITRATE) -> dict[str, float]:
    """CAN: per phase the larger of the bus time (both directions share the bus) and the board's own time."""
    b = _phase_bytes(size)
    bus_write = can_bus_time(b["write_to"], bitrate) + can_bus_time(b["write_from"], bitrate)
    bus_verify = can_bus_time(b["verify_to"], bitrate) + can_bus_time(b["verify_from"], bitrate)
    board_write = b["blocks"] * PROGRAM + -(-size // PAGE) * ERASE
    board_read = b["blocks"] * READ
    write, verify = max(bus_write, board_write), max(bus_verify, board_read)
    return {"write": write, "verify": verify, "bus_write": bus_write, "bus_verify": bus_verify, "total": write + verify}


class Sim:
    """`doctor sim katapult` in its own process, with an old application and the board in Katapult."""

    def __init__(self, folder: Path, transport: str, baud: int, old: Path, size: int) -> None:
        self.port = folder / f"ttySim{time.monotonic_ns()}"
        self.dump = folder / "dump.bin"
        flash_size = max(128 * 1024, 2 * (START - 0x08000000 + size))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "doctor", "sim", "katapult", "--link", str(self.port), "--transport", transport, "--baud", str(baud),
             "--flash-size", str(flash_size), "--start", hex(START), "--mcu", MCU, "--app", str(old), "--in-bootloader",
             "--dump", str(self.dump)],
            stderr=subprocess.DEVNULL,
            preexec_fn=_raise_priority,
        )
        deadline = time.monotonic() + 10
        while not self.port.exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)

    def stop(self) -> bytes:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)
        return self.dump.read_bytes()


SIM_NICE = -10  # relative to the benchmark's own
HOST_NICE = -5


def _raise_priority() -> None:
    """The emulator stands for a microcontroller, which never waits for a CPU: when allowed (root), it runs at a
    higher priority than the host tools, so a busy machine delays the host under test rather than the "board"."""
    if os.environ.get("BENCH_FLASH_NO_PRIORITY") == "1":
        return
    try:
        os.nice(SIM_NICE)
    except OSError:
        pass


def check(dump: bytes, image: bytes) -> None:
    off = START - 0x08000000
    if dump[off : off + len(image)] != image:
        raise SystemExit("the emulator's flash does not hold the image: the run does not count")


def run_doctor(folder: Path, transport: str, baud: int, old: Path, image: bytes) -> float:
    sim = Sim(folder, transport, baud, old, len(image))
    try:
        session = Session(Options(port=str(sim.port), baud=baud, transport=transport))
        start = time.monotonic()
        session.enter()
        session.write_and_verify(image)
        seconds = time.monotonic() - start
        session.close()
    finally:
        dump = sim.stop()
    check(dump, image)
    return seconds


def run_doctor_can(old: bytes, image: bytes, run: int) -> float:
    """CAN: the node in a thread of this process on python-can's virtual bus (frames paced by the emulator).

    The emulator's thread gets the higher priority (as the emulator's process does for uart and usb), and
    Python's thread switch interval is lowered from 5 ms to 0.2 ms for the run, so that the emulated node,
    which shares this process's interpreter, is not held up for 5 ms at a time by the host's thread."""
    channel = f"bench-can-{os.getpid()}-{run}"
    flash_size = max(128 * 1024, 2 * (START - 0x08000000 + len(image)))
    cfg = BoardConfig(transport="can", mcu=MCU, flash_size=flash_size, app_start=START, canbus_uuid=CAN_UUID, can_channel=channel,
                      can_bitrate=CAN_BITRATE)
    board = Board(cfg, Path(tempfile.gettempdir()) / f"unused-{channel}")
    board.load_app(old)
    board.request_flag = True
    nice = None if os.environ.get("BENCH_FLASH_NO_PRIORITY") == "1" or os.geteuid() != 0 else os.nice(0) + SIM_NICE
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    board.start(nice=nice)
    try:
        session = Session(Options(can_iface=channel, uuid=CAN_UUID, can_interface="virtual"))
        start = time.monotonic()
        session.enter()
        session.write_and_verify(image)
        seconds = time.monotonic() - start
        session.close()
    finally:
        board.stop()
        sys.setswitchinterval(switch)
    check(bytes(board.flash), image)
    return seconds


def run_process(folder: Path, transport: str, baud: int, old: Path, image: bytes, argv: list[str]) -> float:
    sim = Sim(folder, transport, baud, old, len(image))
    try:
        start = time.monotonic()
        proc = subprocess.run([a.replace("{port}", str(sim.port)) for a in argv], capture_output=True, timeout=300, cwd=tempfile.gettempdir())
        seconds = time.monotonic() - start
        if proc.returncode != 0:
            raise SystemExit(f"{argv[1]} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-500:]}")
    finally:
        dump = sim.stop()
    check(dump, image)
    return seconds


def _stats(runs: list[float]) -> dict[str, Any]:
    return {"median": round(statistics.median(runs), 3), "all": [round(x, 3) for x in runs]}


def bench_transport(transport: str, args: argparse.Namespace, folder: Path, image: bytes, old: Path, fw: Path) -> dict[str, Any]:
    """One transport: the limit, then doctor, doctor's process and flashtool interleaved run by run (so a change
    in the machine's load hits all three alike)."""
    result: dict[str, Any] = {"transport": transport}
    if transport == "uart":
        limit = wire_limit(args.size, args.baud)
        result["limit_84_byte_replies"] = round(wire_limit(args.size, args.baud, reply=84)["total"], 3)
    elif transport == "usb":
        limit = usb_limit(args.size)
    else:
        limit = can_limit(args.size)
    result["limit_seconds"] = {k: round(v, 3) for k, v in limit.items()}
    doctor_runs: list[float] = []
    cli_runs: list[float] = []
    tool_runs: list[float] = []
    cli = [sys.executable, "-m", "doctor", "flash", str(fw), "--via", "katapult", "--port", "{port}", "--baud", str(args.baud),
           "--transport", transport, "--flash-size", "128K", "--yes", "--no-identify", "--no-rediagnose"]
    tool = [sys.executable, str(args.flashtool), "-d", "{port}", "-b", str(args.baud), "-f", str(fw)]
    have_tool = transport != "can" and args.flashtool.exists()
    for run in range(args.runs):
        if transport == "can":
            doctor_runs.append(run_doctor_can(old.read_bytes(), image, run))
            continue
        doctor_runs.append(run_doctor(folder, transport, args.baud, old, image))
        if not args.no_cli:
            cli_runs.append(run_process(folder, transport, args.baud, old, image, cli))
        if have_tool:
            tool_runs.append(run_process(folder, transport, args.baud, old, image, tool))
    median = statistics.median(doctor_runs)
    result["doctor_seconds"] = _stats(doctor_runs)
    result["ratio"] = round(limit["total"] / median, 3)
    if "tight" in limit:
        result["ratio_tight"] = round(limit["tight"] / median, 3)
    if cli_runs:
        result["doctor_cli_seconds"] = _stats(cli_runs)
    if tool_runs:
        result["flashtool_seconds"] = _stats(tool_runs)
        result["flashtool_over_doctor"] = round(statistics.median(tool_runs) / median, 2)
        if cli_runs:
            result["flashtool_over_doctor_cli"] = round(statistics.median(tool_runs) / statistics.median(cli_runs), 2)
    elif transport == "can":
        result["flashtool"] = "not run: flashtool.py needs SocketCAN (no vcan in this kernel); doctor against the bus limit only"
    else:
        result["flashtool"] = f"{args.flashtool} not found: fetch Arksine/katapult and pass --flashtool scripts/flashtool.py"
    return result


def show(r: dict[str, Any], size: int, baud: int, runs: int) -> None:
    t = r["transport"]
    lim = r["limit_seconds"]
    what = {"uart": f"UART at {baud} baud", "usb": "USB full-speed CDC (1 ms frames, 1 MB/s, NAK flow control)",
            "can": f"CAN at {CAN_BITRATE // 1000} kbit/s (paced 8-byte frames, one bus)"}[t]
    print(f"{what}: {size // 1024} KiB, median of {runs} runs, images checked byte for byte")
    if t == "uart":
        detail = f"write {lim['write']:.3f} + verify {lim['verify']:.3f} + erase {lim['erase']:.3f}; with 84-byte replies {r['limit_84_byte_replies']:.3f}"
    elif t == "usb":
        detail = f"write {lim['write']:.3f} + verify {lim['verify']:.3f}; tight {lim['tight']:.3f}"
    else:
        detail = f"write {lim['write']:.3f} (bus {lim['bus_write']:.3f}) + verify {lim['verify']:.3f} (bus {lim['bus_verify']:.3f})"
    print(f"  limit                 {lim['total']:.3f} s  ({detail})")
    tight = f", {r['ratio_tight']:.1%} of the tight limit" if "ratio_tight" in r else ""
    print(f"  doctor flash+verify   {r['doctor_seconds']['median']:.3f} s  -> {r['ratio']:.1%} of the limit{tight} (goal >= 90%)  {r['doctor_seconds']['all']}")
    if "doctor_cli_seconds" in r:
        print(f"  doctor flash process  {r['doctor_cli_seconds']['median']:.3f} s  {r['doctor_cli_seconds']['all']}")
    if "flashtool_seconds" in r:
        cli = f", {r['flashtool_over_doctor_cli']}x doctor's process" if "flashtool_over_doctor_cli" in r else ""
        print(f"  Katapult flashtool.py {r['flashtool_seconds']['median']:.3f} s  {r['flashtool_seconds']['all']}"
              f"  ({r['flashtool_over_doctor']}x doctor{cli})")
    else:
        print(f"  flashtool: {r['flashtool']}")


def main() -> int:
    from doctor.commands.sim import size as parse_size

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--transport", default="uart,usb,can", help="comma-separated: uart, usb, can (default all three)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--size", type=parse_size, default=64 * 1024)
    p.add_argument("--baud", type=int, default=250000)
    p.add_argument("--flashtool", type=Path, default=Path("/tmp/katapult-upstream/flashtool.py"),
                   help="Katapult's scripts/flashtool.py (fetched outside this repository); skipped when missing")
    p.add_argument("--no-cli", action="store_true", help="skip the `doctor flash` process runs")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-priority", action="store_true", help="do not raise the priorities (they are raised only as root)")
    args = p.parse_args()
    transports = [t.strip() for t in args.transport.split(",") if t.strip()]
    if not set(transports) <= {"uart", "usb", "can"}:
        p.error("--transport: uart, usb, can")
    args.flashtool = args.flashtool.resolve()

    host_nice = 0
    if args.no_priority:
        os.environ["BENCH_FLASH_NO_PRIORITY"] = "1"
    elif os.geteuid() == 0:
        # a shared, busy machine delays whoever is not running; both host tools (doctor and flashtool, its
        # children) get the same raised priority, the emulator a higher one still (see _raise_priority)
        host_nice = os.nice(HOST_NICE)
    folder = Path(tempfile.mkdtemp(prefix="bench-flash-"))
    image = klipper_image(args.size, seed=3)
    fw = folder / "klipper.bin"
    fw.write_bytes(image)
    old = folder / "old.bin"
    old.write_bytes(klipper_image(args.size, seed=4, version="v0.11.0-old"))

    results = [bench_transport(t, args, folder, image, old, fw) for t in transports]
    summary: dict[str, Any] = {
        "image_bytes": args.size,
        "baud": args.baud,
        "runs": args.runs,
        "host_niceness": host_nice,
        "emulator_niceness": 0 if args.no_priority or os.geteuid() != 0 else host_nice + SIM_NICE,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "transports": results,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"load average {summary['load_average'][0]}, niceness: hosts {host_nice}, emulator {summary['emulator_niceness']}")
        for r in results:
            show(r, args.size, args.baud, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
