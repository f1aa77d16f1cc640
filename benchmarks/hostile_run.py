#!/usr/bin/env python3
"""A hostile run of every command (issue 13): inputs tried, crashes, hangs, leaks, overwrites, injections.

    python3 benchmarks/hostile_run.py [--jobs 2] [--timeout 60] [--memory 250000,1000000,4000000] [--no-memory] [--json]

Each command meets inputs made to hurt it: huge, binary, NUL-filled and one-line files, deep and malformed
JSON, FIFOs nobody writes to, /dev/zero (directly, behind a symlink, on stdin), folders, names carrying
rich markup, terminal escapes, `$()`, quotes and Tcl braces, snapshots whose values are shell or Tcl code,
snapshots holding private values (for the report's redaction), and report outputs pointing at files that
must survive (the input, an existing file, a symlink or hard link to the input). Every input runs
`python -m doctor ...` in a fresh process in a scratch folder, and is counted as:

- crash: a traceback, exit 5 (internal error), or an exit code the README does not list;
- hang: no exit within --timeout seconds;
- leak: a planted private value in a report's output (stdout or the files written);
- overwrite: a protected file changed (hashes before and after);
- injection: a file named PWNED appeared (a value ran as a command, in a shell or in Tcl);
- raw escape: an ESC or BEL byte in the output (outside text must be shown inert; stdout is not a terminal,
  so doctor's own colours are off).

Then the peak memory of `doctor analyze` on klippy.logs of 0.25, 1 and 4 million lines (benchmarks/bench_memory.py).
Exit status 1 when any count is not zero.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXIT_CODES = {0, 1, 2, 3, 4, 130}  # README: ok, warnings, faults, action failed, bad input, interrupted

# private values planted in snapshots: none may appear in a report
SECRETS = {
    "serial": "3F004B000C51383038383339",
    "user": "zelda",
    "host": "voron-zelda",
    "mac": "b8:27:eb:4a:1c:9f",
    "ip": "192.168.1.77",
    "email": "zelda@example.org",
    "api_key": "a9f3c2e1d4b5a6978877665544332211",
    "uuid": "d1e2f3a4b5c6",
    "ssid": "ZeldaNet",
    "psk": "hunter2hunter2",
}
NASTY_NAMES = ["[bold red]x[/bold red]", "$(touch PWNED)", "x'; touch PWNED; '", "\x1b]0;PWNED\x07\x1b[2J", "k} [exec touch PWNED] {", "[/]",
               "a\nb", "-rf", "\u202eevil"]
NASTY_TEXT = "avrdude: \x1b]0;PWNED\x07\x1b[2J error [link=https://evil.example]x[/link] failed [/] $(touch PWNED)\n"


@dataclass
class Case:
    command: str
    label: str
    argv: list[str]
    stdin: str | None = None  # a path, "zero" for /dev/zero, "pipe" for an endless pipe of NULs
    protect: list[Path] = field(default_factory=list)  # files that must not change
    secrets: bool = False  # a report whose output must hold no planted value
    outputs: list[Path] = field(default_factory=list)  # files the command writes (checked for leaks)
    codes: set[int] = field(default_factory=lambda: set(EXIT_CODES))
    wrap: list[str] = field(default_factory=list)  # a command the run goes through (umockdev-run: a fake bed of devices)


@dataclass
class Result:
    case: Case
    rc: int | None
    seconds: float
    problems: list[str]


# --- inputs ------------------------------------------------------------------------------------------------------


def _real_lines() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "tests" / "cases").glob("*/*")):
        if path.name != "case.toml" and path.is_file():
            out += [ln for ln in path.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    return out


def _snapshot(**extra: Any) -> dict[str, Any]:
    s = SECRETS
    snap: dict[str, Any] = {
        "schema_version": 1,
        "mode": "scan",
        "host": {"hostname": s["host"], "user": {"name": s["user"], "home": f"/home/{s['user']}", "groups": ["dialout"]}},
        "usb": {"devices": [{"vid": "1d50", "pid": "614e", "kind": "usb-serial", "product": "stm32f446xx", "serial": s["serial"],
                             "ttys": ["/dev/ttyACM0"]}]},
        "serial": {"by_id": [{"name": f"usb-Klipper_stm32f446xx_{s['serial']}-if00", "target": "/dev/ttyACM0"}]},
        "kernel": {"events": [{"kind": "usb_new", "line": f"usb 1-1: SerialNumber: {s['serial']}"}]},
        "klipper": {"printer_cfg": {"path": f"/home/{s['user']}/printer_data/config/printer.cfg",
                                    "mcus": [{"name": "mcu", "serial": f"/dev/serial/by-id/usb-Klipper_stm32f446xx_{s['serial']}-if00"}]}},
        "tool_runs": [{"tool": "ip", "argv": ["ip", "addr"], "returncode": 0, "origin": "live",
                       "stdout": f"link/ether {s['mac']} inet {s['ip']}/24 canbus_uuid: {s['uuid']} {s['email']} api_key: {s['api_key']} "
                                 f"ssid=\"{s['ssid']}\" psk=\"{s['psk']}\"\n"}],
    }
    snap.update(extra)
    return snap


def _elf(load: int, payload: bytes) -> bytes:
    import struct

    ehdr = b"\x7fELF\x01\x01\x01" + bytes(9) + struct.pack("<HHIIIIIHHHHHH", 2, 40, 1, load, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    phdr = struct.pack("<IIIIIIII", 1, 84, load, load, len(payload), len(payload), 5, 4)
    return ehdr + phdr + payload


def build(work: Path) -> list[Case]:
    rnd = random.Random(13)
    d = work / "in"
    d.mkdir()
    real = _real_lines()

    def put(name: str, data: bytes | str) -> Path:
        p = d / name
        p.write_bytes(data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data)
        return p

    fifo = d / "fifo"
    os.mkfifo(fifo)
    zero_link = d / "zero-link"
    zero_link.symlink_to("/dev/zero")
    folder = d / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("x\n")
    devices = {"dev-zero": Path("/dev/zero"), "dev-urandom": Path("/dev/urandom"), "dev-null": Path("/dev/null"), "fifo": fifo,
               "zero-link": zero_link, "folder": folder, "missing": d / "no" / "such.txt"}

    # texts for analyze / scan --printer-cfg / --klippy-log
    texts: dict[str, Path] = {
        "empty": put("empty.txt", b""),
        "real-lines-x20": put("big.log", "\n".join(real * 20) + "\n"),
        "one-8MB-line": put("line.txt", "avrdude: stk500_getsync(): not in sync: resp=0x00 " * (8 << 20 // 50)),
        "random-binary": put("rand.bin", rnd.randbytes(1 << 20)),
        "nul-bytes": put("nul.txt", bytes(1 << 20)),
        "invalid-utf8": put("bad-utf8.txt", b"avrdude: \xff\xfe\xc3(\xa0\xa1 ser_open(): can't open device \"/dev/ttyUSB0\"\n" * 1000),
        "cr-only": put("cr.txt", "\r".join(real[:2000]) + "\r"),
        "escapes-and-markup": put("nasty.txt", NASTY_TEXT * 50),
        "not-in-sync-4KB-lines": put("sync.txt", "\n".join([("avrdude: stk500_getsync() attempt 1 of 10: not in sync " * 80)[:4000]] * 2000)),
        "deep-brackets": put("brackets.txt", "[" * 200_000 + "\n" + "{" * 200_000 + "\n"),
        "many-short-lines": put("short.txt", "a\n" * 2_000_000),
        "utf16": put("utf16.txt", "\n".join(real[:500]).encode("utf-16")),
    }
    for i, name in enumerate(NASTY_NAMES):
        safe = name.replace("/", "_")
        texts[f"name:{name!r}"] = put(f"{safe}.txt", "\n".join(real[i * 40 : i * 40 + 40]) + "\n")
    texts.update(devices)

    # snapshots
    snaps: dict[str, Path] = {}

    def snap_file(label: str, text: str) -> None:
        snaps[label] = put(f"snap-{len(snaps)}.json", text)

    snap_file("valid-with-secrets", json.dumps(_snapshot()))
    snap_file("values-are-code", json.dumps(_snapshot(
        can={"interfaces": [{"name": "can0;touch PWNED", "exists": True, "state": "DOWN", "line": "x"}]},
        openocd={"runs": [{"tool": "openocd", "origin": "pasted", "events": [{"kind": "unexpected_idcode", "idcode": "0x2ba01477; exec touch PWNED",
                                                                          "line": "x"}]}]},
        holders=[{"pid": 1, "comm": "x", "unit": "klipper;touch PWNED", "cmdline": "x"}])))
    escapes = _snapshot()

    def poison(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: poison(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [poison(v) for v in obj]
        if isinstance(obj, str) and obj not in ("scan",):
            return obj + " \x1b]0;PWNED\x07\x1b[2J[link=https://evil.example]x[/link][/]"
        return obj

    snap_file("escapes-in-every-string", json.dumps(poison(escapes) | {"schema_version": 1}))
    for label, text in [
        ("schema_version-true", '{"schema_version": true}'), ("schema_version-0", '{"schema_version": 0}'),
        ("schema_version-neg", '{"schema_version": -1}'), ("schema_version-str", '{"schema_version": "1"}'),
        ("devices-string", '{"schema_version": 1, "usb": {"devices": "abc"}}'), ("devices-null", '{"schema_version": 1, "usb": {"devices": [null]}}'),
        ("devices-ints", '{"schema_version": 1, "usb": {"devices": [1, 2]}}'), ("event-kind-list", '{"schema_version": 1, "kernel": {"events": [{"kind": ["x"]}]}}'),
        ("nested-100000", '{"schema_version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("int-5000-digits", '{"schema_version": 1, "x": ' + "1" * 5000 + "}"), ("NaN", '{"schema_version": 1, "x": NaN}'),
        ("Infinity", '{"schema_version": 1, "x": -Infinity}'), ("1e999", '{"schema_version": 1, "x": 1e999}'),
        ("2**66", '{"schema_version": 1, "x": 99999999999999999999}'), ("not-json", "hello"), ("list", "[1, 2]"),
        ("truncated", json.dumps(_snapshot())[:500]), ("redactor-depth-900", '{"schema_version": 1, "x": ' + '{"a": ' * 900 + "1" + "}" * 900 + "}"),
        ("string-8MB", json.dumps({"schema_version": 1, "x": "y" * (8 << 20)})), ("1M-nulls", json.dumps({"schema_version": 1, "x": [None] * 1_000_000})),
    ]:
        snap_file(label, text)
    snaps["random-binary"] = texts["random-binary"]
    snaps["nul-bytes"] = texts["nul-bytes"]
    snaps["utf16"] = put("snap-utf16.json", json.dumps(_snapshot()).encode("utf-16"))
    snaps["over-64MB"] = put("huge.json", b'{"schema_version": 1, "x": "' + b"a" * (65 << 20) + b'"}')
    snaps.update({k: v for k, v in devices.items()})

    # firmware images
    images: dict[str, Path] = {
        "elf-4-bytes": put("a.elf", b"\x7fELF"), "elf-truncated": put("b.elf", b"\x7fELF\x01\x01" + bytes(30)),
        "elf-truncated-segment": put("c.elf", _elf(0x08000000, b"abcd")[:60]), "empty": put("empty.bin", b""),
        "random": put("rand.img", rnd.randbytes(200_000)), "zlib-bombs": put("bomb.bin", zlib.compress(b"\0" * (4 << 20), 9) * 500),
        "zlib-nested": put("nested.bin", bytes(4096) + _nested_zlib()), "hex-garbage": put("g.hex", b":10000000ZZ\n:xx\n" * 1000),
        "hex-top-address": put("top.hex", b":02000004FFFF\n:10000000" + b"00" * 16 + b"F0\n:00000001FF\n"),
        "uf2-huge-counts": put("u.uf2", _uf2_huge()), "text-file": texts["escapes-and-markup"],
        "over-max-image": put("big.bin", bytes(40 << 20)),
    }
    for i, name in enumerate(NASTY_NAMES):
        images[f"name:{name!r}"] = put(f"{name.replace('/', '_')}.bin", _klipperish())
    images.update({k: v for k, v in devices.items() if k != "missing"})

    # watch recordings
    recs: dict[str, Path] = {}
    base_rec = json.loads((ROOT / "tests" / "watch" / "plug-klipper.json").read_text())
    for label, text in [
        ("deep", "[" * 100_000), ("at-object", '{"events": [{"at": {"x": 1}, "action": "add"}]}'), ("NaN", '{"events": [{"at": NaN}]}'),
        ("events-string", '{"events": "x"}'), ("escapes", json.dumps(poison(base_rec))), ("events-1M", json.dumps({"events": [{}] * 1_000_000})),
        ("binary", rnd.randbytes(10000).decode("latin-1")),
    ]:
        recs[label] = put(f"rec-{label}.json", text)
    recs.update({k: v for k, v in devices.items()})

    cases: list[Case] = []
    for label, path in texts.items():
        cases.append(Case("analyze", label, ["analyze", str(path)]))
        cases.append(Case("analyze", label + " --json", ["analyze", "--json", str(path)]))
    cases.append(Case("analyze", "stdin /dev/zero", ["analyze", "-"], stdin="zero"))
    cases.append(Case("analyze", "stdin endless NUL pipe", ["analyze", "-"], stdin="pipe"))
    cases.append(Case("analyze", "stdin escapes", ["analyze", "-"], stdin=str(texts["escapes-and-markup"])))
    for arg in ["USB004", "usb-access-denied", "[bold]x[/bold]", "\x1b]0;PWNED\x07", "../../etc/passwd", "$(touch PWNED)", "X" * 100_000, "", "-"]:
        cases.append(Case("explain", repr(arg[:30]), ["explain", arg]))
        cases.append(Case("explain", repr(arg[:30]) + " --json", ["explain", "--json", arg]))
    for extra in ([], ["--json"], ["--markdown"]):
        for env in ("COLUMNS=0", "COLUMNS=-5", "COLUMNS=100000", "TERM=dumb"):
            cases.append(Case("rules", f"{' '.join(extra)} {env}", ["rules", *extra, f"ENV:{env}"]))
    for label, path in snaps.items():
        cases.append(Case("replay", label, ["replay", str(path)]))
        cases.append(Case("replay", label + " --json", ["replay", "--json", str(path)]))
        secret = label in ("valid-with-secrets", "escapes-in-every-string")
        cases.append(Case("report --from", label, ["report", "--from", str(path), "-o", "-"], secrets=secret))
        out = work / "out" / f"r-{len(cases)}.md"
        cases.append(Case("report --from", label + " -o FILE", ["report", "--from", str(path), "-o", str(out)], secrets=secret,
                          outputs=[out, out.with_suffix(".json")]))
        for fid in ("USB004", "SER005", "SWD007", "CAN002"):
            cases.append(Case("fix", f"{label} {fid}", ["fix", "--dry-run", "--from", str(path), fid]))
    cases += _overwrite_cases(work, snaps["valid-with-secrets"])
    for label, path in images.items():
        for via in (["--via", "dfu", "--address", "0x8000000", "--mcu", "stm32f446xx"], ["--via", "openocd", "--address", "0x8000000", "--mcu", "stm32f103xe"],
                    ["--via", "stlink", "--address", "0x8000000"], ["--via", "katapult", "--port", "/dev/null"]):
            cases.append(Case("flash --dry-run", f"{label} {via[1]}", ["flash", "--dry-run", str(path), *via]))
        cases.append(Case("recover --dry-run", label, ["recover", "--dry-run", str(path)]))
    for label, path in {**devices, "regular-file": texts["escapes-and-markup"], **{f"name:{n!r}": d / "no" / n for n in NASTY_NAMES}}.items():
        cases.append(Case("identify", label, ["identify", str(path)]))
        cases.append(Case("identify", label + " --json", ["identify", "--json", str(path)]))
    for label, path in texts.items():
        cases.append(Case("scan --passive", f"--printer-cfg {label}", ["scan", "--passive", "--json", "--printer-cfg", str(path)]))
        cases.append(Case("scan --passive", f"--klippy-log {label}", ["scan", "--passive", "--printer-cfg", str(texts["empty"]), "--klippy-log", str(path)]))
    cases += _bed_cases(work)
    for label, path in recs.items():
        for guide in ("plug", "rom-dfu", "katapult"):
            cases.append(Case("watch --replay", f"{label} {guide}", ["watch", "--replay", str(path), "--guide", guide]))
        cases.append(Case("watch --replay", f"{label} (no guide)", ["watch", "--replay", str(path)]))
    return cases


def _bed_cases(work: Path) -> list[Case]:
    """scan, watch and identify on a fake bed (umockdev): a Klipper board whose USB strings are hostile."""
    if not Path("/usr/bin/umockdev-run").exists():
        return []
    src = (ROOT / "tests" / "watch" / "klipper-usb-serial.umockdev").read_text()
    cases = []
    for i, evil in enumerate(["\x1b]0;PWNED\x07\x1b[2J[link=https://evil.example]x[/link]", "$(touch PWNED)`touch PWNED`;touch PWNED", "[/]", "\u202e\x00"]):
        plain = evil.replace("/", "_")
        bed = src.replace("A: product=stm32h723xx", f"A: product=stm32h723xx{evil}").replace("A: manufacturer=Klipper", f"A: manufacturer=Klipper{evil}")
        bed = bed.replace("A: serial=2B0023000247393439313338", f"A: serial=2B00230002{plain}")
        bed = bed.replace("usb-Klipper_stm32h723xx_2B0023000247393439313338-if00", f"usb-Klipper_stm32h723xx_{plain}-if00")
        desc = work / f"bed-{i}.umockdev"
        desc.write_text(bed)
        wrap = ["umockdev-run", "-d", str(desc), "--"]
        for label, argv in [("scan --passive", ["scan", "--passive"]), ("scan --passive --json", ["scan", "--passive", "--json"]),
                            ("report -o -", ["report", "--passive", "-o", "-"])]:
            cases.append(Case("scan --passive", f"fake bed {i}: {label}", argv, wrap=wrap))
        for label, argv in [("watch --duration 2", ["watch", "--duration", "2"]), ("watch --guide plug", ["watch", "--guide", "plug", "--timeout", "2"]),
                            ("watch --json --duration 2", ["watch", "--json", "--duration", "2"])]:
            cases.append(Case("watch (fake bed)", f"bed {i}: {label}", argv, wrap=wrap))
        cases.append(Case("identify", f"fake bed {i}: /dev/ttyACM0", ["identify", "/dev/ttyACM0"], wrap=wrap))
    return cases


def _overwrite_cases(work: Path, valid: Path) -> list[Case]:
    """Report outputs aimed at files that must survive."""
    out: list[Case] = []
    o = work / "ow"
    o.mkdir()

    def fresh(name: str) -> Path:
        p = o / name
        p.write_bytes(valid.read_bytes())
        return p

    src = fresh("mysnap.json")
    out.append(Case("report --from", "-o over its input (mysnap.md)", ["report", "--from", str(src), "-o", str(o / "mysnap.md")], protect=[src]))
    out.append(Case("report --from", "-o over its input --force", ["report", "--from", str(src), "-o", str(o / "mysnap.md"), "--force"], protect=[src]))
    notes = o / "notes.json"
    notes.write_text("my own notes")
    out.append(Case("report --from", "-o notes.md (notes.json exists)", ["report", "--from", str(src), "-o", str(o / "notes.md")], protect=[notes]))
    out.append(Case("report --from", "-o data.json (both parts one file)", ["report", "--from", str(src), "-o", str(o / "data.json")], protect=[src]))
    link = o / "link.json"
    link.symlink_to(src)
    out.append(Case("report --from", "-o link.md (link.json -> input)", ["report", "--from", str(src), "-o", str(o / "link.md"), "--force"], protect=[src]))
    hard = o / "hard.json"
    os.link(src, hard)
    out.append(Case("report --from", "-o hard.md (hard link of input)", ["report", "--from", str(src), "-o", str(o / "hard.md"), "--force"], protect=[src]))
    mdlink = o / "other.md"
    mdlink.symlink_to(src)
    out.append(Case("report --from", "-o other.md (a symlink to input)", ["report", "--from", str(src), "-o", str(mdlink), "--force"], protect=[src]))
    existing = o / "existing.md"
    existing.write_text("keep me")
    out.append(Case("report --from", "-o existing.md (no --force)", ["report", "--from", str(src), "-o", str(existing)], protect=[existing]))
    out.append(Case("report --from", "-o /dev/full", ["report", "--from", str(src), "-o", "/dev/full"], protect=[src]))
    out.append(Case("report --from", "-o into a missing folder", ["report", "--from", str(src), "-o", str(o / "no" / "x.md")], protect=[src]))
    return out


def _klipperish() -> bytes:
    from doctor.sim.images import klipper_image

    return klipper_image(8192, mcu="stm32f103xe", link_address=0x08000000, stack_top=0x20005000)


def _nested_zlib() -> bytes:
    blob = b'{"app": "Klipper", "config": {"MCU": "stm32f103xe"}}'
    for _ in range(30):
        blob = zlib.compress(blob)
    return blob


def _uf2_huge() -> bytes:
    import struct

    return struct.pack("<8I", 0x0A324655, 0x9E5D5157, 0, 0x08000000, 0xFFFFFFFF, 0, 0xFFFFFFFF, 0) + bytes(476) + struct.pack("<I", 0x0AB16F30)


# --- running -------------------------------------------------------------------------------------------------------


_PRELUDE = 'command_not_found_handle() { printf "%s\\037" "$@" >> "$__LOG"; printf "\\036" >> "$__LOG"; return 0; }\n'


def printed_commands(text: str) -> list[str]:
    """The shell lines doctor printed for a person to run: `$ ...` lines and indented `sudo ...` lines."""
    out = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("$ "):
            out.append(s[2:])
        elif s.startswith("sudo ") and line.startswith(" "):
            out.append(s)
    return out


def runs_touch(line: str, work: Path) -> bool:
    """Would this printed line run `touch` (a value turned into a command)? bash parses and runs it with no
    command found (every command only recorded, nothing executed)."""
    box = Path(tempfile.mkdtemp(dir=work, prefix="sh"))
    log = box / ".log"
    try:
        subprocess.run(["/bin/bash", "--norc", "--noprofile", "-c", _PRELUDE + line.replace(sys.executable, "python3")], cwd=box,
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=20, env={"PATH": "/nonexistent", "__LOG": str(log), "HOME": str(box)})
        ran = [c.split("\x1f") for c in log.read_text().split("\x1e")] if log.exists() else []
        return any(c[:1] == ["touch"] for c in ran) or (box / "PWNED").exists()
    except subprocess.TimeoutExpired:
        return True
    finally:
        import shutil

        shutil.rmtree(box, ignore_errors=True)


def _digest(p: Path) -> str | None:
    try:
        return hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
    except OSError:
        return None


def run_case(case: Case, work: Path, timeout: float) -> Result:
    box = Path(tempfile.mkdtemp(dir=work, prefix="run"))
    env = dict(os.environ, COLUMNS="100", PYTHONPATH=str(ROOT), HOME=str(box))
    env.pop("NO_COLOR", None)
    argv = []
    for a in case.argv:
        if a.startswith("ENV:"):
            k, _, v = a[4:].partition("=")
            env[k] = v
        else:
            argv.append(a)
    before = {p: _digest(p) for p in case.protect}
    stdin: Any = subprocess.DEVNULL
    feeder = None
    if case.stdin == "zero":
        stdin = open("/dev/zero", "rb")
    elif case.stdin == "pipe":
        feeder = subprocess.Popen(["cat", "/dev/zero"], stdout=subprocess.PIPE)
        stdin = feeder.stdout
    elif case.stdin:
        stdin = open(case.stdin, "rb")
    problems: list[str] = []
    t0 = time.perf_counter()
    rc: int | None
    try:
        proc = subprocess.run([*case.wrap, sys.executable, "-m", "doctor", *argv], cwd=box, env=env, stdin=stdin, capture_output=True, timeout=timeout)
        rc = proc.returncode
        out, err = proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc, out, err = None, exc.stdout or b"", exc.stderr or b""
        problems.append(f"hang: no exit after {timeout:.0f} s")
    finally:
        if feeder is not None:
            feeder.kill()
            feeder.wait()
        if hasattr(stdin, "close"):
            stdin.close()
    seconds = time.perf_counter() - t0
    if rc is not None and (rc not in case.codes or rc == 5 or b"Traceback" in err):
        problems.append(f"crash: exit {rc}: {err.decode('utf-8', 'replace')[-300:]!r}")
    if b"\x1b" in out or b"\x1b" in err or b"\x07" in out or b"\x07" in err:
        problems.append("raw escape: ESC/BEL in the output")
    for line in printed_commands((out + err).decode("utf-8", "replace")):
        if "PWNED" in line and runs_touch(line, work):
            problems.append(f"injection: the printed command {line[:120]!r} runs touch")
            break
    pwned = [p for p in (box / "PWNED", work / "PWNED", ROOT / "PWNED", Path.cwd() / "PWNED") if p.exists()]
    if pwned:
        problems.append(f"injection: {pwned[0]} was created")
        for p in pwned:
            p.unlink()
    for p, h in before.items():
        if _digest(p) != h:
            problems.append(f"overwrite: {p.name} changed")
    if case.secrets:
        written = out + b"".join(p.read_bytes() for p in case.outputs if p.is_file())
        text = written.decode("utf-8", "replace").lower()
        leaked = [k for k, v in SECRETS.items() if v.lower() in text]
        if leaked:
            problems.append(f"leak: {', '.join(leaked)}")
    import shutil

    shutil.rmtree(box, ignore_errors=True)
    return Result(case, rc, seconds, problems)


KINDS = ("crash", "hang", "leak", "overwrite", "injection", "raw escape")


def summarise(results: list[Result]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for r in results:
        row = table.setdefault(r.case.command, {"inputs": 0, **{k: 0 for k in KINDS}})
        row["inputs"] += 1
        for k in KINDS:
            if any(p.startswith(k + ":") for p in r.problems):
                row[k] += 1
    return table


def memory(sizes: list[int]) -> dict[str, Any]:
    """benchmarks/bench_memory.py in a process of its own: a child's peak RSS counts the memory of the process it
    was forked from, so it must not be forked from this one (which holds the inputs' results)."""
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_memory.py"), "--json", "--lines", ",".join(map(str, sizes))],
                          capture_output=True, text=True, check=True)
    return dict(json.loads(proc.stdout))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--memory", default="250000,1000000,4000000")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--memory-only", action="store_true")
    ap.add_argument("--only", help="run only the commands whose name starts with this")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp)
        (work / "out").mkdir()
        cases = [] if args.memory_only else [c for c in build(work) if not args.only or c.command.startswith(args.only)]
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            results = list(pool.map(lambda c: run_case(c, work, args.timeout), cases))
    table = summarise(results)
    bad = [r for r in results if r.problems]
    mem = None if args.no_memory else memory([int(float(x)) for x in args.memory.split(",")])
    if args.json:
        print(json.dumps({"commands": table, "problems": [{"command": r.case.command, "input": r.case.label, "exit": r.rc, "problems": r.problems}
                                                          for r in bad], "memory": mem, "seconds": round(time.perf_counter() - t0)}, indent=2))
    else:
        print(f"{'command':<20}{'inputs':>7}" + "".join(f"{k:>12}" for k in KINDS))
        for cmd, row in table.items():
            print(f"{cmd:<20}{row['inputs']:>7}" + "".join(f"{row[k]:>12}" for k in KINDS))
        total = {k: sum(r[k] for r in table.values()) for k in ("inputs", *KINDS)}
        print(f"{'all':<20}{total['inputs']:>7}" + "".join(f"{total[k]:>12}" for k in KINDS))
        for r in bad:
            print(f"  {r.case.command} [{r.case.label}] exit {r.rc}: {'; '.join(r.problems)}")
        if mem:
            print(f"\nanalyze peak memory (bare interpreter with doctor imported: {mem['baseline_rss_mib']} MiB)")
            for m in mem["runs"]:
                print(f"  {m['lines']:>9} lines ({m['bytes'] / 1e6:6.1f} MB): peak {m['peak_rss_mib']:6.1f} MiB  {m['seconds']:6.1f} s  exit {m['exit']}")
        print(f"\n{len(results)} inputs in {time.perf_counter() - t0:.0f} s")
    return 1 if bad or (mem and any(m["exit"] not in (0, 1, 2) for m in mem["runs"])) else 0


if __name__ == "__main__":
    raise SystemExit(main())
