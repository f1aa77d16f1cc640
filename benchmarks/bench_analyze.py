#!/usr/bin/env python3
"""How fast `doctor analyze` reads big texts: a 50 MB klippy.log and a 5 MB mixed forum paste.

    python3 benchmarks/bench_analyze.py [--runs 5] [--sizes 12.5,25,50] [--paste-mb 5] [--tool-mb 2] [--json]

Both texts are generated into a temporary folder (deterministic, seeded): the klippy.log has the shape of
a long-running printer's log (start-up banner, config dump with [mcu] sections, MCU identification,
one `Stats` line a second for two or three MCUs, webhooks and G-code lines, serial dumps, shutdowns,
log rollovers with a fresh config dump); the forum paste interleaves the real case texts of tests/cases
(st-flash, dfu-util, avrdude, flashtool, dmesg, lsusb, klippy.log, .config...) with prose and code fences.

For each file, in the same run: `wc -l FILE` (the floor: reading the bytes once) and doctor's analysis
(parse + rules, in this process: `analyze_files` then `engine.evaluate`), each the median of --runs runs.
Growth: the klippy.log at every --sizes value, seconds per MB and the ratio to the smallest (linear = the
per-MB time stays flat). Memory: `doctor analyze --json FILE` in a fresh child process per size, its peak
RSS (ru_maxrss) beside the bare interpreter's with doctor imported: bounded = the same whatever the size.
A third text is a 50 MB restart-loop klippy.log (a board that never comes up: klippy's start block and
config dump again and again, serial-port failures between), the shape that took 17 s in doctor 0.1.
Target: under 2 s for each 50 MB log.
Three long logs of --tool-mb MB each (st-flash's time-stamped debug log, picotool's progress bar pasted line by
line, a host's syslog where a USB disconnect now and then is all that bears on a board) show the cost per MB of
lines no bulk prefix skips: linear, and far slower per MB than a klippy.log (each line is a new text that every
candidate parser's rows are tried on). Their `cold s` column times the same analysis in a fresh process (after its
imports): the in-process runs after the first find the message tables' and the failure scan's memos warm with this
very text, which a user's run never does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
TARGET_50MB = 2.0

_MCUS = ("mcu", "EBBCan", "rpi")


def _stats_line(rng: random.Random, t: float) -> str:
    parts = [f"Stats {t:.1f}: gcodein={rng.randint(0, 999999)} "]
    for name in _MCUS:
        parts.append(
            f" {name}: mcu_awake=0.{rng.randint(0, 999):03d} mcu_task_avg=0.0000{rng.randint(10, 99)} "
            f"mcu_task_stddev=0.0000{rng.randint(10, 99)} bytes_write={rng.randint(10**5, 10**8)} "
            f"bytes_read={rng.randint(10**5, 10**8)} bytes_retransmit={rng.randint(0, 999)} bytes_invalid=0 "
            f"send_seq={rng.randint(10**3, 10**7)} receive_seq={rng.randint(10**3, 10**7)} retransmit_seq=2 "
            f"srtt=0.00{rng.randint(1, 9)} rttvar=0.00{rng.randint(0, 9)} rto=0.025 ready_bytes=0 "
            f"upcoming_bytes=0 freq={rng.randint(63_990_000, 64_010_000)}"
        )
    parts.append(
        f" heater_bed: target=60 temp={rng.uniform(59, 61):.1f} pwm={rng.random():.3f} "
        f"sysload={rng.uniform(0, 2):.2f} cputime={t / 3:.3f} memavail={rng.randint(10**5, 10**6)} "
        f"print_time={t:.3f} buffer_time={rng.uniform(0, 3):.3f} print_stall=0 "
        f"extruder: target=240 temp={rng.uniform(239, 241):.1f} pwm={rng.random():.3f}"
    )
    return "".join(parts)


_CONFIG = """===== Config file =====
[mcu]
serial = /dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00
restart_method = command

[mcu EBBCan]
canbus_uuid = 7d4b7d3c2a1f

[mcu rpi]
serial = /tmp/klipper_host_mcu

[printer]
kinematics = corexy
max_velocity = 300
max_accel = 3000

[stepper_x]
step_pin = PF13
dir_pin = PF12
enable_pin = !PF14
rotation_distance = 40
microsteps = 16
endstop_pin = tmc2209_stepper_x:virtual_endstop
position_endstop = 300
position_max = 300

[extruder]
step_pin = EBBCan: PD0
dir_pin = EBBCan: PD1
heater_pin = EBBCan: PB13
sensor_type = Generic 3950
sensor_pin = EBBCan: PA3
nozzle_diameter = 0.400
filament_diameter = 1.750
=======================
"""

_BANNER = [
    "Starting Klippy...",
    "Args: ['/home/pi/klipper/klippy/klippy.py', '/home/pi/printer_data/config/printer.cfg', '-I', '/home/pi/printer_data/comms/klippy.serial', '-l', '/home/pi/printer_data/logs/klippy.log', '-a', '/home/pi/printer_data/comms/klippy.sock']",
    "Git version: 'v0.12.0-396-g1e7057e9'",
    "Branch: master",
    "Remote: origin",
    "Tracked URL: https://github.com/Klipper3d/klipper",
    "CPU: 4 core ARMv7 Processor rev 3 (v7l)",
    "Python: '3.11.2 (main, Mar 13 2023, 12:18:29) [GCC 12.2.0]'",
]

_MCU_LINES = [
    "mcu 'mcu': Starting serial connect",
    "Loaded MCU 'mcu' 117 commands (v0.12.0-396-g1e7057e9 / gcc: (15:12.2.rel1-1) 12.2.1 20221205 binutils: (2.40-2+18+b1) 2.40)",
    "MCU 'mcu' config: ADC_MAX=4095 BUS_PINS_i2c1=PB6,PB7 CLOCK_FREQ=180000000 MCU=stm32f446xx PWM_MAX=255 RESERVE_PINS_USB=PA11,PA12 SERIAL_BAUD=250000 STATS_SUMARY_FREQ=1000",
    "mcu 'EBBCan': Starting CAN connect",
    "Loaded MCU 'EBBCan' 102 commands (v0.12.0-396-g1e7057e9 / gcc: (15:12.2.rel1-1) 12.2.1 20221205 binutils: (2.40-2+18+b1) 2.40)",
    "MCU 'EBBCan' config: ADC_MAX=4095 CANBUS_FREQUENCY=1000000 CLOCK_FREQ=64000000 MCU=stm32g0b1xx PWM_MAX=255 STATS_SUMARY_FREQ=1000",
]

_OTHER = [
    "webhooks client 281473023345920: New connection",
    "webhooks client 281473023345920: Client info {'program': 'Moonraker', 'version': 'v0.8.0-325-g2c9a1a7'}",
    "Starting SD card print (position 0)",
    "Exiting SD card print (position 4455125)",
    "toolhead: max_velocity: 300.000000 max_accel: 3000.000000 minimum_cruise_ratio: 0.500000 square_corner_velocity: 5.000000",
    "Upcoming (1234.567): fan_speed=0.5",
    "Finished SD card print",
    "Sent 12 1234.567 1234.567 16: seq: 1c, queue_step oid=3 interval=1234 count=56 add=-7",
    "Receive: 58 1234.567 1234.566 11: seq: 1d, stats count=1234 sum=5678 sumsq=91011",
    "gcode state: absolute_coord=True absolute_extrude=True base_position=[0.0, 0.0, 0.0, 0.0]",
]

_EVENTS = [
    "mcu 'EBBCan': Timeout on connect",
    "Got error -1 in can write: (105)No buffer space available",
    "MCU 'EBBCan' shutdown: Timer too close",
    "Transition to shutdown state: MCU 'EBBCan' shutdown: Timer too close",
    "Lost communication with MCU 'EBBCan'",
    "Dumping serial stats: bytes_write=1234 bytes_read=5678 bytes_retransmit=9 bytes_invalid=0 send_seq=123 receive_seq=123 retransmit_seq=2 srtt=0.001 rttvar=0.000 rto=0.025 ready_bytes=0 upcoming_bytes=0",
    "Restarting printer",
]


def write_klippy_log(path: Path, megabytes: float, seed: int = 1) -> int:
    """Write a klippy.log of about `megabytes` MB; returns its size in bytes."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    size = 0
    t = 100.0
    with open(path, "w", encoding="utf-8") as fh:
        def put(line: str) -> None:
            nonlocal size
            fh.write(line + "\n")
            size += len(line) + 1

        def start() -> None:
            for line in _BANNER:
                put(line)
            for line in _CONFIG.splitlines():
                put(line)
            for line in _MCU_LINES:
                put(line)

        start()
        next_rollover = 10_000_000
        while size < target:
            t += 1.0
            put(_stats_line(rng, t))
            r = rng.random()
            if r < 0.15:
                put(rng.choice(_OTHER))
            elif r < 0.152:
                for line in _EVENTS:
                    put(line)
                for _ in range(rng.randint(20, 60)):
                    put(rng.choice(_OTHER[-3:]))
            if size > next_rollover:
                put(f"=============== Log rollover at {time.strftime('%a %b %d %H:%M:%S %Y', time.gmtime(t))} ===============")
                start()
                next_rollover += 10_000_000
    return size


_SERIAL = "/dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00"


def _big_config(rng: random.Random) -> list[str]:
    """A config dump the size of a real one (printer.cfg plus its includes: about 600 lines)."""
    lines = _CONFIG.splitlines()[:-1]
    for axis in ("x", "y", "z", "z1", "z2", "z3"):
        lines += [f"[stepper_{axis}]", f"step_pin = PF{rng.randint(0, 15)}", f"dir_pin = !PF{rng.randint(0, 15)}",
                  f"enable_pin = !PF{rng.randint(0, 15)}", "rotation_distance = 40", "microsteps = 32",
                  "full_steps_per_rotation = 200", f"endstop_pin = PG{rng.randint(0, 15)}", "position_min = 0",
                  "position_endstop = 0", "position_max = 350", "homing_speed = 50", "",
                  f"[tmc2209 stepper_{axis}]", f"uart_pin = PC{rng.randint(0, 15)}", "interpolate = false",
                  "run_current = 0.8", "sense_resistor = 0.110", "stealthchop_threshold = 0", ""]
    for n in range(24):  # macros, as most printers carry a few dozen
        lines += [f"[gcode_macro MACRO_{n}]", "description = a user macro", "gcode ="]
        lines += [f"\tG1 X{rng.randint(0, 300)} Y{rng.randint(0, 300)} F6000" for _ in range(rng.randint(4, 14))]
        lines.append("")
    lines.append("=======================")
    return lines


def write_restart_loop_log(path: Path, megabytes: float, seed: int = 3) -> int:
    """Write a klippy.log of about `megabytes` MB made of restart loops (issue 9's slow shape): a board that
    does not come up, so every cycle is klippy's start block and full config dump, 18 `Unable to open serial
    port` retries (serialhdl.connect_uart tries every 5 s for 90 s), `MCU error during connect` with its
    traceback and build dump, then a restart. The lines follow klippy.py, serialhdl.py and mcu.py (v0.13)."""
    rng = random.Random(seed)
    config = _big_config(rng)
    target = int(megabytes * 1_000_000)
    size = 0
    t = 5.0
    with open(path, "w", encoding="utf-8") as fh:
        def put(line: str) -> None:
            nonlocal size
            fh.write(line + "\n")
            size += len(line) + 1

        first = True
        while size < target:
            if first or rng.random() < 0.3:
                put("Starting Klippy...")
                for line in _BANNER[1:]:
                    put(line)
            else:
                put("Restarting printer")
            first = False
            put(f"Start printer at {time.strftime('%a %b %d %H:%M:%S %Y', time.gmtime(t))} ({t:.1f} {t + 1000:.1f})")
            for line in config:
                put(line)
            put("mcu 'mcu': Starting serial connect")
            for _ in range(18):
                put(f"mcu 'mcu': Unable to open serial port: [Errno 2] could not open port {_SERIAL}: "
                    f"[Errno 2] No such file or directory: '{_SERIAL}'")
                t += 5.0
            put("MCU error during connect")
            put("Traceback (most recent call last):")
            put('  File "/home/pi/klipper/klippy/klippy.py", line 131, in _connect')
            put("    self.send_event(\"klippy:mcu_identify\")")
            put('  File "/home/pi/klipper/klippy/serialhdl.py", line 191, in connect_uart')
            put("    self._error(\"Unable to connect\")")
            put("serialhdl.error: mcu 'mcu': Unable to connect")
            put("Build file /home/pi/klipper/klippy/../.config(2434): Tue Jun 24 10:11:12 2025")
            put("========= Last MCU build config =========")
            put("CONFIG_MCU=\"stm32f446xx\"")
            put("CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000")
            put("=======================")
            put("webhooks client 281473023345920: New connection")
            put("webhooks client 281473023345920: Client info {'program': 'Moonraker', 'version': 'v0.9.3-12-g1a2b3c4'}")
            t += rng.uniform(5, 60)
    return size


_PROSE = [
    "Hi all, I'm trying to flash my board and it keeps failing. Here is what I get:",
    "I have tried a different cable and a different USB port, same result.",
    "Any idea what I am doing wrong? Thanks in advance!",
    "Edit: here is the output with -v as asked:",
    "> did you double-press reset?",
    "Yes, the LED blinks slowly after the double press.",
    "Printer: Voron 2.4 with an Octopus Pro and an EBB36 on CAN, Raspberry Pi 4.",
]


def write_forum_paste(path: Path, megabytes: float, seed: int = 2) -> int:
    """Write a forum post of about `megabytes` MB mixing the real case texts with prose and code fences."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CASES.glob("*/*")) if p.name != "case.toml" and p.is_file()]
    if not texts:
        raise SystemExit(f"no case texts under {CASES}")
    target = int(megabytes * 1_000_000)
    size = 0
    with open(path, "w", encoding="utf-8") as fh:
        while size < target:
            chunk = "\n".join(rng.sample(_PROSE, 2)) + "\n```\n" + rng.choice(texts).rstrip("\n") + "\n```\n\n"
            if rng.random() < 0.2:  # an unfenced paste straight after another
                chunk += rng.choice(texts) + "\n"
            fh.write(chunk)
            size += len(chunk.encode("utf-8"))
    return size


def write_tool_logs(folder: Path, megabytes: float) -> dict[str, Path]:
    """Long single-tool blocks of about `megabytes` MB each: st-flash's debug log (every line time-stamped, a page erased
    or written per line) and picotool's progress bar pasted line by line after PlatformIO's wait warning. Both took
    time that grew faster than their length before session 13 (stamped lines classified one by one; every progress
    line looking back over every event)."""
    target = int(megabytes * 1_000_000)
    shapes = {
        "st-flash debug log": lambda i: (f"2023-01-01T10:{i // 60 % 60:02d}:{i % 60:02d} "
                                         + ("INFO common.c: Flash page at addr: 0x%08x erased" % (0x08000000 + 2048 * i) if i % 2 else
                                            "DEBUG common.c: *** stlink_write_mem32 %d ***" % (1024 + i % 3072))),
        "picotool progress": lambda i: ("Warning: Picotool did not detect any RPxxxx devices in BOOTSEL mode. Upload might fail." if i == 0
                                        else f"Loading into Flash: [{'=' * (i % 31):<30}]  {i * 100 // 400000 % 101}%"),
    }
    rng = random.Random(5)
    host = ["systemd[1]: Started Session {n} of user pi.",
            "CRON[{p}]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)",
            "sshd[{p}]: Accepted publickey for pi from 192.168.1.{n} port {p} ssh2: RSA SHA256:x{n}Fq{p}",
            "kernel: [{k}.{u:06d}] IPv6: ADDRCONF(NETDEV_CHANGE): wlan0: link becomes ready",
            "moonraker[{p}]: 192.168.1.{n} - - [06/Dec/2026:10:00:{s:02d}] \"GET /server/files/list HTTP/1.1\" 200 {p}",
            "NetworkManager[{p}]: <info>  [{k}.{u}] dhcp4 (wlan0): state changed extended -> extended",
            "kernel: [{k}.{u:06d}] usb 1-1.3: USB disconnect, device number {n}",
            "systemd-timesyncd[{p}]: Initial synchronization to time server 192.168.1.1:123 (ntp).",
            "dbus-daemon[{p}]: [system] Successfully activated service 'org.freedesktop.hostname1'"]
    shapes["host syslog"] = lambda i: (f"Dec  6 10:{i // 60 % 60:02d}:{i % 60:02d} mainsailos " + rng.choice(host).format(
        n=rng.randint(1, 250), p=rng.randint(100, 65000), k=i // 10, u=rng.randint(0, 999999), s=i % 60))
    out = {}
    for name, line in shapes.items():
        path = folder / (name.replace(" ", "-") + ".log")
        size = 0
        with open(path, "w", encoding="utf-8") as fh:
            i = 0
            while size < target:
                text = line(i) + "\n"
                fh.write(text)
                size += len(text)
                i += 1
        out[name] = path
    return out


def analyze_seconds(path: Path) -> tuple[float, float, int]:
    """Seconds to parse `path` and to evaluate the rules on its facts (in this process); and the number of findings."""
    from doctor import engine
    from doctor.parsers import analyze_files

    start = time.perf_counter()
    facts = analyze_files([str(path)])
    parsed = time.perf_counter()
    findings = engine.evaluate(facts)
    return parsed - start, time.perf_counter() - parsed, len(findings)


def _timed(path: Path, runs: int) -> dict[str, float]:
    """Medians over `runs` runs: parse, rules, and their sum (the analysis); findings of the first run."""
    rows = [analyze_seconds(path) for _ in range(runs)]
    return {
        "parse_s": round(statistics.median(r[0] for r in rows), 3),
        "rules_s": round(statistics.median(r[1] for r in rows), 3),
        "analyze_s": round(statistics.median(r[0] + r[1] for r in rows), 3),
        "findings": rows[0][2],
    }


def wc_seconds(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["wc", "-l", str(path)], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def peak_rss_mb(argv: list[str]) -> float:
    """Peak resident memory (MB) of a child process running argv (its own ru_maxrss, via a wrapper)."""
    wrapper = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *argv], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024.0


def cli_seconds(path: Path) -> float:
    """Wall time of `doctor analyze --json FILE` in a fresh process: what a user meets (interpreter start, imports,
    pattern compilation, no memo left warm by an earlier run in this process)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "doctor", "analyze", "--json", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


_COLD = """
import sys, time
from doctor import engine
from doctor.parsers import analyze_files, load_all
load_all()
start = time.perf_counter()
engine.evaluate(analyze_files([sys.argv[1]]))
print(time.perf_counter() - start)
"""


def cold_seconds(path: Path) -> float:
    """Parse + rules of `path` in a fresh process, timed inside it after the imports: no memo (a message table's
    matches, the failure scan's answers) is warm from an earlier run of the same text, as in the in-process runs."""
    out = subprocess.run([sys.executable, "-c", _COLD, str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(1 for _ in fh)


def median_of(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(fn() for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="12.5,25,50", help="klippy.log sizes in MB (comma-separated)")
    ap.add_argument("--paste-mb", type=float, default=5.0)
    ap.add_argument("--tool-mb", type=float, default=2.0, help="size of each long log without bulk lines (st-flash debug, picotool progress, host syslog)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    runs = max(1, args.runs)
    result: dict = {"runs": runs, "python": sys.version.split()[0], "klippy_log": [], "forum_paste": {}, "memory": {}}
    with tempfile.TemporaryDirectory(prefix="doctor-bench-") as tmp:
        folder = Path(tmp)
        logs = {}
        for mb in sizes:
            p = folder / f"klippy-{mb:g}MB.log"
            write_klippy_log(p, mb)
            logs[mb] = p
        paste = folder / "forum-paste.txt"
        write_forum_paste(paste, args.paste_mb)
        loop = folder / "klippy-restart-loop.log"
        write_restart_loop_log(loop, max(sizes))
        analyze_seconds(paste)  # imports and compiles once, outside the timings
        for mb, p in logs.items():
            n_lines = _count_lines(p)
            wc = median_of(lambda: wc_seconds(p), runs)
            row = {"mb": round(p.stat().st_size / 1e6, 2), "lines": n_lines, "wc_l_s": round(wc, 4), **_timed(p, runs)}
            row["s_per_mb"] = round(row["analyze_s"] / row["mb"], 4)
            result["klippy_log"].append(row)
        wc = median_of(lambda: wc_seconds(loop), runs)
        row = {"mb": round(loop.stat().st_size / 1e6, 2), "lines": _count_lines(loop), "wc_l_s": round(wc, 4), **_timed(loop, runs)}
        row["s_per_mb"] = round(row["analyze_s"] / row["mb"], 4)
        row["vs_wc_l"] = round(row["analyze_s"] / row["wc_l_s"], 1) if row["wc_l_s"] else None
        row["fresh_process_s"] = round(median_of(lambda: cli_seconds(loop), runs), 3)
        result["restart_loop"] = row
        wc = median_of(lambda: wc_seconds(paste), runs)
        result["forum_paste"] = {"mb": round(paste.stat().st_size / 1e6, 2), "lines": _count_lines(paste), "wc_l_s": round(wc, 4), **_timed(paste, runs)}
        result["forum_paste"]["cold_s"] = round(median_of(lambda: cold_seconds(paste), runs), 3)
        result["tool_logs"] = {}
        for name, p in write_tool_logs(folder, args.tool_mb).items():
            wc = median_of(lambda: wc_seconds(p), runs)
            row = {"mb": round(p.stat().st_size / 1e6, 2), "lines": _count_lines(p), "wc_l_s": round(wc, 4), **_timed(p, runs)}
            row["s_per_mb"] = round(row["analyze_s"] / row["mb"], 4)
            row["cold_s"] = round(median_of(lambda: cold_seconds(p), runs), 3)
            result["tool_logs"][name] = row
        env_py = [sys.executable, "-c", "import doctor.parsers, doctor.engine; doctor.parsers.load_all() if hasattr(doctor.parsers, 'load_all') else None"]
        result["memory"]["baseline_mb"] = round(peak_rss_mb(env_py), 1)
        for mb, p in logs.items():
            result["memory"][f"klippy_{mb:g}MB_mb"] = round(peak_rss_mb([sys.executable, "-m", "doctor", "analyze", "--json", str(p)]), 1)
        result["memory"]["restart_loop_mb"] = round(peak_rss_mb([sys.executable, "-m", "doctor", "analyze", "--json", str(loop)]), 1)
        result["memory"]["forum_paste_mb"] = round(peak_rss_mb([sys.executable, "-m", "doctor", "analyze", "--json", str(paste)]), 1)
    first = result["klippy_log"][0]["s_per_mb"]
    for row in result["klippy_log"]:
        row["per_mb_vs_smallest"] = round(row["s_per_mb"] / first, 2) if first else None
    biggest = result["klippy_log"][-1]
    result["target_s"] = TARGET_50MB
    loop_row = result["restart_loop"]
    result["meets_target"] = (biggest["analyze_s"] < TARGET_50MB and loop_row["analyze_s"] < TARGET_50MB
                              and loop_row["fresh_process_s"] < TARGET_50MB) if biggest["mb"] >= 49 else None
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"doctor analyze benchmark (median of {runs} runs, Python {result['python']}, {os.cpu_count()} CPUs)")
    print(f"{'input':<22}{'MB':>7}{'lines':>10}{'wc -l s':>10}{'parse s':>9}{'rules s':>9}{'analyze s':>11}{'s/MB':>8}{'x smallest':>11}{'cold s':>8}")
    for row in result["klippy_log"]:
        print(f"{'klippy.log':<22}{row['mb']:>7.2f}{row['lines']:>10}{row['wc_l_s']:>10.4f}{row['parse_s']:>9.3f}{row['rules_s']:>9.3f}"
              f"{row['analyze_s']:>11.3f}{row['s_per_mb']:>8.4f}{row['per_mb_vs_smallest']:>11.2f}")
    lr = result["restart_loop"]
    print(f"{'restart-loop log':<22}{lr['mb']:>7.2f}{lr['lines']:>10}{lr['wc_l_s']:>10.4f}{lr['parse_s']:>9.3f}{lr['rules_s']:>9.3f}"
          f"{lr['analyze_s']:>11.3f}{lr['s_per_mb']:>8.4f}{'':>11}")
    fp = result["forum_paste"]
    print(f"{'forum paste (mixed)':<22}{fp['mb']:>7.2f}{fp['lines']:>10}{fp['wc_l_s']:>10.4f}{fp['parse_s']:>9.3f}{fp['rules_s']:>9.3f}"
          f"{fp['analyze_s']:>11.3f}{fp['analyze_s'] / fp['mb']:>8.4f}{'':>11}{fp['cold_s']:>8.3f}")
    for name, tl in result["tool_logs"].items():
        print(f"{name:<22}{tl['mb']:>7.2f}{tl['lines']:>10}{tl['wc_l_s']:>10.4f}{tl['parse_s']:>9.3f}{tl['rules_s']:>9.3f}"
              f"{tl['analyze_s']:>11.3f}{tl['s_per_mb']:>8.4f}{'':>11}{tl['cold_s']:>8.3f}")
    mem = result["memory"]
    print("peak RSS (doctor analyze --json in a child): " + ", ".join(f"{k.replace('_mb', '')} {v:.1f} MB" for k, v in mem.items()))
    verdict = "meets" if result["meets_target"] else ("MISSES" if result["meets_target"] is False else "(no 50 MB run)")
    print(f"restart-loop log: {lr['analyze_s']:.3f} s = {lr['vs_wc_l']}x wc -l ({lr['wc_l_s']:.4f} s) in the same run; "
          f"`doctor analyze --json` in a fresh process: {lr['fresh_process_s']:.3f} s")
    print(f"target: every 50 MB klippy.log under {TARGET_50MB:g} s: {verdict}")
    return 0 if result["meets_target"] is not False else 1


if __name__ == "__main__":
    sys.exit(main())
