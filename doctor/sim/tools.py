"""Recorded tool outputs on a temporary PATH: st-info, openocd, dfu-util... that need a board to say anything.

    bindir = install(tmp_path / "bin", SCENARIOS["swd004-under-reset-only"])
    env PATH=bindir:$PATH doctor scan

Each installed tool is a small Python script that looks up its argv in a list of `Reply`s (the first
whose `when` substrings all occur in the joined arguments wins), sleeps `delay`, prints the recorded
stdout/stderr and exits with the recorded code. Every call is appended to `bindir/calls.log`, so a
test can assert what doctor ran. Tools not listed stay the real ones (later on PATH).

The recorded outputs below are taken from public reports (cited per scenario) and from the tools'
own message formats (stlink-tools 1.7.0, OpenOCD 0.12.0); where a case lacked one step of the probe
sequence, the step is completed with that tool's output for the same situation.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Reply:
    when: tuple[str, ...] = ()  # substrings that must all occur in " ".join(argv[1:])
    stdout: str = ""
    stderr: str = ""
    returncode: int = 0
    delay: float = 0.0
    match: str = ""  # a regular expression that must also be found in the joined arguments ("" = any)
    times: int = 0  # answer only the first `times` calls this reply matches (0 = every call)


_SCRIPT = """#!{python} -S
import json, os, re, sys, time
here = __file__
rules = json.load(open(here + ".json"))
args = " ".join(sys.argv[1:])
with open({log!r}, "a") as log:
    log.write(json.dumps([sys.argv[0].rsplit("/", 1)[-1]] + sys.argv[1:]) + "\\n")
used = json.load(open(here + ".used")) if os.path.exists(here + ".used") else {{}}
for i, rule in enumerate(rules):
    if all(w in args for w in rule["when"]) and re.search(rule.get("match", ""), args):
        if rule.get("times"):
            if used.get(str(i), 0) >= rule["times"]:
                continue
            used[str(i)] = used.get(str(i), 0) + 1
            json.dump(used, open(here + ".used", "w"))
        time.sleep(rule["delay"])
        sys.stdout.write(rule["stdout"])
        sys.stderr.write(rule["stderr"])
        sys.exit(rule["returncode"])
sys.stderr.write("recorded tool: no recording for: " + args + "\\n")
sys.exit(127)
"""


def install(bindir: str | os.PathLike[str], tools: dict[str, list[Reply]]) -> Path:
    """Write one replaying executable per tool into `bindir` (created); returns it."""
    path = Path(bindir)
    path.mkdir(parents=True, exist_ok=True)
    log = path / "calls.log"
    for tool, replies in tools.items():
        script = path / tool
        script.write_text(_SCRIPT.format(python=sys.executable, log=str(log)), encoding="utf-8")
        script.chmod(0o755)
        (path / f"{tool}.json").write_text(json.dumps([asdict(r) for r in replies]), encoding="utf-8")
        (path / f"{tool}.used").unlink(missing_ok=True)
    return path


def calls(bindir: str | os.PathLike[str]) -> list[list[str]]:
    """Every recorded invocation so far: [tool, arg1, arg2, ...]."""
    log = Path(bindir) / "calls.log"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def path_with(bindir: str | os.PathLike[str]) -> str:
    """A PATH value with `bindir` first."""
    return f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"


# --- recorded outputs ------------------------------------------------------------------------------

_T = "2024-05-02T10:14:07"

ST_INFO_NONE = "Found 0 stlink programmers\n"  # stlink-tools 1.7.0 with nothing attached (seen on this bench)


def st_info_probe(chipid: str = "0x0000", flash: int = 0, pagesize: int = 0, sram: int = 0, descr: str = "unknown device", version: str = "V2J45S7", serial: str = "32FF6B063051563958342143", pre: str = "") -> str:
    """`st-info --probe` as stlink-tools 1.7.0 prints it (seed-qidi-plus4-stinfo-no-target, seed-qmk-stflash-bluepill-ok)."""
    return (
        pre
        + "Found 1 stlink programmers\n"
        + f"  version:    {version}\n  serial:     {serial}\n  flash:      {flash} (pagesize: {pagesize})\n"
        + f"  sram:       {sram}\n  chipid:     {chipid}\n  descr:      {descr}\n"
    )


def openocd_init(voltage: float | None, tail: str, target: str = "stm32f1x") -> str:
    """`openocd -f interface/stlink.cfg -f target/X.cfg -c init -c exit` (OpenOCD 0.12.0 wording)."""
    head = (
        "Open On-Chip Debugger 0.12.0\nLicensed under GNU GPL v2\nFor bug reports, read\n\thttp://openocd.org/doc/doxygen/bugs.html\n"
        'Info : auto-selecting first available session transport "hla_swd". To override use \'transport select <transport>\'.\n'
        "Info : The selected transport took over low-level target control. The results might differ compared to plain JTAG/SWD\n"
        "Info : clock speed 1000 kHz\nInfo : STLINK V2J45S7 (API v2) VID:PID 0483:3748\n"
    )
    if voltage is not None:
        head += f"Info : Target voltage: {voltage:f}\n"
    return head + tail


_INIT_FAILED = "Error: init mode failed (unable to connect to the target)\n"
_NO_VAPP = "Error: target voltage may be too low for reliable debugging\n" + _INIT_FAILED  # openocd-genuine-stlink-no-vapp
_CLONE = "Warn : UNEXPECTED idcode: 0x2ba01477\nError: expected 1 of 1: 0x1ba01477\nin procedure 'init' \nin procedure 'ocd_bouncer'\n"  # openocd-cks32-clone-idcode
_F4_OK = "Info : [stm32f4x.cpu] Cortex-M4 r0p1 processor detected\nInfo : [stm32f4x.cpu] target has 6 breakpoints, 4 watchpoints\nInfo : starting gdb server for stm32f4x.cpu on 3333\n"
_PIPE = (  # stlink-bad-target-mcu-pipe-errors
    "[!] send_recv read reply failed: LIBUSB_ERROR_PIPE\n[!] send_recv STLINK_DEBUG_RESETSYS\n"
    "[!] send_recv read reply failed: LIBUSB_ERROR_PIPE\n[!] send_recv STLINK_DEBUG_READCOREID\n"
    "[!] send_recv read reply failed: LIBUSB_ERROR_PIPE\n[!] send_recv STLINK_JTAG_READDEBUG_32BIT\n"
)
_NRST = f"{_T} WARN common.c: NRST is not connected\n"  # seed-qmk-stflash-bluepill-ok (stlink 1.7.0 wording)

_NO_TARGET = st_info_probe()
_F4 = st_info_probe("0x0413", 1048576, 16384, 196608, "F4xx")
_F1_PROTECTED = st_info_probe("0x0410", 0, 1024, 20480, "F1xx Medium-density", version="V2J37S7")  # stlink#1024 (flash read as 0)


def _stlink(plain: str, under_reset: str | None = None, openocd: str | None = None, *, delay: float = 0.0, plain_rc: int = 0) -> dict[str, list[Reply]]:
    tools: dict[str, list[Reply]] = {
        "st-info": [
            Reply(("--connect-under-reset",), stdout=under_reset if under_reset is not None else plain, delay=delay),
            Reply(("--probe",), stdout=plain, returncode=plain_rc, delay=delay),
        ]
    }
    if openocd is not None:
        tools["openocd"] = [Reply(("init",), stderr=openocd, returncode=1 if "Error" in openocd else 0, delay=delay)]
    return tools


# One scenario per ST-Link outcome (the id the knowledge base should name for it).
SCENARIOS: dict[str, dict[str, list[Reply]]] = {
    "swd001-no-programmer": _stlink(ST_INFO_NONE),
    "swd002-miswired": _stlink(_NO_TARGET, _NO_TARGET, openocd_init(3.24, _INIT_FAILED)),
    "swd003-no-voltage": _stlink(_NO_TARGET, _NO_TARGET, openocd_init(0.01, _NO_VAPP)),
    "swd004-under-reset-only": _stlink(_NO_TARGET, _F4, openocd_init(3.28, _INIT_FAILED, "stm32f4x")),
    "swd005-nrst-not-connected": _stlink(_NO_TARGET, _NRST + _NO_TARGET, openocd_init(3.30, _INIT_FAILED)),
    "swd006-flash-size-zero": _stlink(_F1_PROTECTED),
    "swd007-clone-idcode": _stlink(_NO_TARGET, _NO_TARGET, openocd_init(3.140492, _CLONE)),
    "swd008-pipe-errors": _stlink(st_info_probe(pre=_PIPE), st_info_probe(pre=_PIPE), openocd_init(3.2, _INIT_FAILED)),
    "ok-f4": _stlink(_F4, _F4, openocd_init(3.3, _F4_OK, "stm32f4x")),
}
