#!/usr/bin/env python3
"""How long `doctor scan` takes with its active probes, on a bench of 10 simulated devices.

    python3 benchmarks/bench_active.py [--runs 5] [--json]

The bench: 8 USB devices in one umockdev testbed (STM32 ROM DFU, Klipper USB, Katapult USB, ST-Link/V2,
CH340, RP2040 BOOTSEL, candleLight, Pro Micro Caterina; from tests/boards/make_boards.py) and 2 boards on
pseudo-terminals named in printer.cfg (a Klipper MCU on a UART: doctor.sim.klipper_mcu; a board sitting in
Katapult on a UART: doctor.sim.katapult). Tools that need a board are recorded outputs on a temporary
PATH (doctor.sim.tools: st-info/openocd of a target that answers only under reset, each call delayed as
the real tools take: st-info 0.25 s, openocd 0.6 s); dfu-util is the real one, listing the testbed's DFU
device. ~/klipper/out/klipper.bin is a synthetic Klipper image.

Each run is one `umockdev-run ... -- python -m doctor scan --json` process, timed from spawn to exit (the
testbed set-up included). Printed: the median wall time of the active scan and of `--passive`, each active
probe's own time, and their sum (what a sequential run of the probes would cost). Target: < 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "boards"))

USB_BOARDS = ["stm32-rom-dfu", "klipper-usb", "katapult-usb", "stlink-v2", "ch340", "rp2040-bootsel", "candlelight", "caterina-pro-micro"]
TARGET = 3.0
ST_INFO_DELAY, OPENOCD_DELAY = 0.25, 0.6
UMOCKDEV_ABORTS: list[str] = []


def build(tmp: Path) -> tuple[Path, Path, Path, list[object]]:
    """Write the testbed, printer.cfg, klipper.bin and recorded tools; start the pty boards. Returns (umockdev, home, bin, boards)."""
    import make_boards  # tests/boards/make_boards.py

    from doctor.sim import tools
    from doctor.sim.images import klipper_image
    from doctor.sim.katapult import Board, BoardConfig
    from doctor.sim.klipper_mcu import KlipperMcuSim
    from doctor.protocols.klipper import example_dictionary

    desc = tmp / "bench-active.umockdev"
    desc.write_text(make_boards.describe([make_boards.BY_KEY[k] for k in USB_BOARDS]), encoding="utf-8")
    home = tmp / "home"
    (home / "klipper" / "out").mkdir(parents=True)
    (home / "klipper" / "out" / "klipper.bin").write_bytes(klipper_image(32 * 1024, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    mcu = KlipperMcuSim(example_dictionary("stm32f446xx"), baud=250000).start()
    uart_mcu = tmp / "ttyKlipper"
    uart_mcu.symlink_to(mcu.port)
    kat = Board(BoardConfig(transport="uart", baud=250000, mcu="stm32f103xe"), tmp / "ttyKatapult")
    kat.start()
    cfg = home / "printer_data" / "config"
    cfg.mkdir(parents=True)
    (cfg / "printer.cfg").write_text(
        f"[mcu]\nserial: {uart_mcu}\nbaud: 250000\n\n[mcu toolhead]\nserial: {tmp / 'ttyKatapult'}\nbaud: 250000\n", encoding="utf-8"
    )
    scenario = tools.SCENARIOS["swd004-under-reset-only"]
    delayed = {
        name: [tools.Reply(r.when, r.stdout, r.stderr, r.returncode, ST_INFO_DELAY if name == "st-info" else OPENOCD_DELAY) for r in replies]
        for name, replies in scenario.items()
    }
    bindir = tools.install(tmp / "bin", delayed)
    return desc, home, bindir, [mcu, kat]


def run_scan(desc: Path, home: Path, bindir: Path, passive: bool) -> tuple[float, dict[str, object]]:
    from doctor.sim import tools

    argv = ["umockdev-run", "-d", str(desc), "--", sys.executable, "-m", "doctor", "scan", "--json", "--home", str(home),
            "--printer-cfg", str(home / "printer_data" / "config" / "printer.cfg")]
    if passive:
        argv.append("--passive")
    env = dict(os.environ, PATH=tools.path_with(bindir), COLUMNS="100", NO_COLOR="1")
    for _attempt in range(3):
        start = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
        wall = time.perf_counter() - start
        # umockdev's preload library asserts when a thread closes an fd while another thread's ioctl is being
        # checked (libumockdev-preload.c is_emulated_device): a bench artefact, counted and run again.
        if proc.returncode in (-6, 134) and "libumockdev-preload" in proc.stderr:
            UMOCKDEV_ABORTS.append(proc.stderr.strip().splitlines()[-1][:200])
            continue
        break
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"doctor scan failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, json.loads(proc.stdout)["snapshot"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="doctor-bench-active-") as t:
        desc, home, bindir, boards = build(Path(t))
        try:
            active: list[float] = []
            passive: list[float] = []
            probe_times: dict[str, list[float]] = {}
            snapshot: dict[str, object] = {}
            for _ in range(args.runs):
                wall, snapshot = run_scan(desc, home, bindir, passive=False)
                active.append(wall)
                for name, info in (snapshot.get("probes") or {}).items():  # type: ignore[union-attr]
                    probe_times.setdefault(name, []).append(float(info.get("seconds", 0.0)))
                passive.append(run_scan(desc, home, bindir, passive=True)[0])
        finally:
            for board in boards:
                board.stop()  # type: ignore[attr-defined]
    from doctor.checks import ACTIVE

    medians = {name: statistics.median(v) for name, v in sorted(probe_times.items())}
    active_sum = sum(v for k, v in medians.items() if k in ACTIVE)
    outcomes = {
        "identify": [(r.get("port", "?").rsplit("/", 1)[-1], r.get("outcome")) for r in (snapshot.get("identify") or {}).get("ports", [])],  # type: ignore[union-attr]
        "stlink": [(r.get("probe_step"), r.get("chipid"), r.get("only_under_reset")) for r in (snapshot.get("stlink") or {}).get("runs", [])],  # type: ignore[union-attr]
        "dfu_found": [r.get("found") for r in (snapshot.get("dfu") or {}).get("runs", [])],  # type: ignore[union-attr]
        "firmware_preflight": [[x["id"] for x in i.get("preflight", [])] for i in (snapshot.get("firmware") or {}).get("images", [])],  # type: ignore[union-attr]
        "usb_devices": len((snapshot.get("usb") or {}).get("devices", [])),  # type: ignore[union-attr]
    }
    result = {
        "devices": len(USB_BOARDS) + 2,
        "runs": args.runs,
        "active_median_s": round(statistics.median(active), 3),
        "passive_median_s": round(statistics.median(passive), 3),
        "active_runs_s": [round(x, 3) for x in active],
        "probe_median_s": {k: round(v, 3) for k, v in medians.items()},
        "active_probes_sequential_sum_s": round(active_sum, 3),
        "target_s": TARGET,
        "outcomes": outcomes,
        "umockdev_aborts_rerun": len(UMOCKDEV_ABORTS),
        "load_average": os.getloadavg(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"doctor scan on {result['devices']} simulated devices, {args.runs} runs each")
        print(f"  active scan  median {result['active_median_s']:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in active)})  target < {TARGET:g} s")
        print(f"  --passive    median {result['passive_median_s']:.2f} s")
        print(f"  active probes, each (median): " + ", ".join(f"{k} {v:.2f} s" for k, v in medians.items() if k in ACTIVE))
        print(f"  their sum (a sequential run would take at least this): {active_sum:.2f} s")
        print(f"  outcomes: {json.dumps(outcomes)}")
        print(f"  runs re-done after a umockdev preload abort: {len(UMOCKDEV_ABORTS)}; load average {os.getloadavg()[0]:.1f}")
    return 0 if result["active_median_s"] < TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
