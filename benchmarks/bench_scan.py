#!/usr/bin/env python3
"""How long `doctor scan` takes: the median wall time over umockdev benches of 2, 20 and 100 USB devices.

    python3 benchmarks/bench_scan.py [--runs 7] [--json]

Each bench (tests/boards/stm32-dfu-and-klipper.umockdev, bench-20.umockdev, bench-100.umockdev) gets its
own umockdev testbed, and in it each command runs --runs times: `python -c pass` (the interpreter
starting bare), `doctor scan --json --passive` and the terminal view `doctor scan --passive` (output to
/dev/null, 100 columns). Times are wall-clock per process, from spawn to exit; the testbeds' own set-up
is not counted. Benches and commands are measured round-robin, so load from other work on the machine
hits every figure alike; the child's CPU time (with its own children) is shown beside the wall time.
The children use a private bytecode cache (PYTHONPYCACHEPREFIX in a temporary folder), as an installed
doctor runs from compiled bytecode. Targets (20 devices): --json under 0.25 s, terminal under 0.35 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BOARDS = ROOT / "tests" / "boards"
BENCHES = {2: "stm32-dfu-and-klipper.umockdev", 20: "bench-20.umockdev", 100: "bench-100.umockdev"}
TARGETS = {"json": 0.25, "terminal": 0.35}


def commands(python: str) -> dict[str, list[str]]:
    return {
        "bare": [python, "-c", "pass"],
        "json": [python, "-m", "doctor", "scan", "--json", "--passive"],
        "terminal": [python, "-m", "doctor", "scan", "--passive"],
    }


def time_runs(argv: list[str], runs: int) -> list[float]:
    """Wall time of `runs` sequential runs of argv (stdout discarded)."""
    return [t for t, _ in measure(argv, runs)]


def measure(argv: list[str], runs: int) -> list[tuple[float, float]]:
    """(wall, cpu) seconds of `runs` sequential runs of argv; cpu = the child's user + system time."""
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1")
    out = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.append((wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)))
        if proc.returncode not in (0, 1, 2):
            raise SystemExit(f"{' '.join(argv)} failed with exit code {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return out


def inner(python: str) -> int:
    """Inside one testbed: warm up, say "ready", then for every "go" line on stdin run each command once and
    print {name: [wall, cpu]} as one JSON line (the outer process interleaves the testbeds this way)."""
    cmds = commands(python)
    measure(cmds["json"], 1)  # warm the page cache, the bytecode and the knowledge caches
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            break
        print(json.dumps({name: measure(argv, 1)[0] for name, argv in cmds.items()}), flush=True)
    return 0


def run_benches(runs: int, python: str) -> dict[int, dict[str, dict[str, list[float]]]]:
    """Every bench in its own testbed, measured round-robin (bench after bench, command after command),
    so a burst of load from elsewhere on the machine hits every figure alike."""
    procs: dict[int, subprocess.Popen[str]] = {}
    try:
        for n, name in BENCHES.items():
            argv = ["umockdev-run", "-d", str(BOARDS / name), "--", python, str(Path(__file__).resolve()), "--inner", "--python", python]
            procs[n] = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n, proc in procs.items():
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise SystemExit(f"the {n}-device bench failed:\n{proc.stderr.read() if proc.stderr else ''}")
        out: dict[int, dict[str, dict[str, list[float]]]] = {n: {} for n in procs}
        for _ in range(runs):
            for n, proc in procs.items():
                assert proc.stdin is not None and proc.stdout is not None
                proc.stdin.write("go\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
                if not line:
                    raise SystemExit(f"the {n}-device bench stopped:\n{proc.stderr.read() if proc.stderr else ''}")
                for name, (wall, cpu) in json.loads(line).items():
                    fig = out[n].setdefault(name, {"wall": [], "cpu": []})
                    fig["wall"].append(wall)
                    fig["cpu"].append(cpu)
        return out
    finally:
        for proc in procs.values():
            if proc.stdin:
                proc.stdin.close()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="runs per command (at least 7; default 7)")
    ap.add_argument("--python", default=sys.executable, help="the interpreter that has doctor installed (default: this one)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    runs = max(7, args.runs)
    python = os.path.realpath(args.python)  # not a pyenv shim: its bash wrapper would be timed too
    if args.inner:
        return inner(python)
    if shutil.which("umockdev-run") is None:
        print("umockdev-run is not installed: apt install umockdev", file=sys.stderr)
        return 4
    missing = [n for n in BENCHES.values() if not (BOARDS / n).is_file()]
    if missing:
        print(f"missing benches {missing}: run python3 tests/boards/make_boards.py", file=sys.stderr)
        return 4

    # As installed, doctor runs from compiled bytecode (pip compiles it). A machine that sets
    # PYTHONDONTWRITEBYTECODE would compile every module from source on every run; give the children
    # a private bytecode cache instead (nothing is written into the source tree).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    cache = tempfile.mkdtemp(prefix="doctor-bench-pycache-")
    os.environ["PYTHONPYCACHEPREFIX"] = cache
    try:
        return report(args, runs, python)
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def report(args: argparse.Namespace, runs: int, python: str) -> int:
    time_runs(commands(python)["bare"], 1)
    bare_outside = statistics.median(time_runs(commands(python)["bare"], runs))
    raw = run_benches(runs, python)
    med = {n: {name: statistics.median(v["wall"]) for name, v in r.items()} for n, r in raw.items()}
    cpu = {n: {name: statistics.median(v["cpu"]) for name, v in r.items()} for n, r in raw.items()}
    m20 = med[20]
    bare = m20["bare"]  # measured in the same testbed, interleaved with the scans
    figures: dict[str, Any] = {
        "runs": runs,
        "python": f"{platform.python_implementation()} {platform.python_version()} ({python})",
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "bare_start": bare,
        "bare_start_outside_testbed": bare_outside,
        "median_wall": {str(n): m for n, m in med.items()},
        "median_cpu": {str(n): c for n, c in cpu.items()},
        "ratio_to_bare": {"json": m20["json"] / bare, "terminal": m20["terminal"] / bare},
        "cpu_ratio_to_bare": {"json": cpu[20]["json"] / cpu[20]["bare"], "terminal": cpu[20]["terminal"] / cpu[20]["bare"]},
        "targets": {k: {"limit": v, "median_20": m20[k], "met": m20[k] < v} for k, v in TARGETS.items()},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"doctor scan benchmark: median of {runs} runs per figure; {figures['python']}; {figures['cpus']} CPUs")
    print(f"  load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in figures['load_average'])} (other work on the machine inflates wall times)")
    print(f"  bare start (python -c pass): {bare * 1000:.1f} ms in the testbed, {bare_outside * 1000:.1f} ms outside")
    print(f"  {'devices':<30}{'2':>18}{'20':>18}{'100':>18}")
    print(f"  {'':<30}{'wall (cpu)':>18}{'wall (cpu)':>18}{'wall (cpu)':>18}")
    for key, label in (("bare", "python -c pass"), ("json", "scan --json --passive"), ("terminal", "scan --passive (terminal)")):
        row = "".join(f"{med[n][key] * 1000:.0f} ({cpu[n][key] * 1000:.0f}) ms".rjust(18) for n in (2, 20, 100))
        print(f"  {label:<30}{row}")
    for key, label in (("json", "--json"), ("terminal", "terminal")):
        g1 = med[20][key] - med[2][key]
        g2 = med[100][key] - med[20][key]
        print(
            f"  {label:<9} 20 devices: {m20[key] / bare:4.1f}x the bare start (cpu {cpu[20][key] / cpu[20]['bare']:.1f}x); "
            f"growth 2->20: {g1 * 1000:+.1f} ms ({g1 / 18 * 1000:+.2f} ms/device), 20->100: {g2 * 1000:+.1f} ms ({g2 / 80 * 1000:+.2f} ms/device)"
        )
    for key, t in figures["targets"].items():
        verdict = "met" if t["met"] else "MISSED"
        print(f"  target {key} (20 devices): {t['median_20'] * 1000:.1f} ms < {t['limit'] * 1000:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
