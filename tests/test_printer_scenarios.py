"""The printer situations of issue 11, each built as a fake home directory (printer_data, klippy.log) with a umockdev
bed or a pty simulator, scanned by `doctor scan --passive --home` as a separate process: the findings, their order,
the fix offered and the exit code.

- Klipper's Linux MCU running and connected (a simulator holding both pty ends, as klipper_mcu does): no fault.
- The board absent (no USB device, no /dev/serial/by-id): the not-enumerating finding (USB001) first, no path fix.
- The board sitting in Katapult (same serial, usb-katapult_ name): BOOT009 first, no path fix.
- A near match (the path copied while the board was in Katapult): SER005 with `doctor fix SER005`.
- The exact path present (klippy.log still has an old failure): no warning.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

BOARDS = Path(__file__).parent / "boards"
F446 = "/dev/serial/by-id/usb-Klipper_stm32f446xx_37001A001851303439363932-if00"  # katapult-usb.umockdev's board as Klipper
H723 = "usb-Klipper_stm32h723xx_2B0023000247393439313338-if00"  # klipper-usb.umockdev's board
CONNECTED_LINUX = ("Starting Klippy...\nLoaded MCU 'mcu' 100 commands (v0.12.0-302-g87ac69363 / gcc: (Debian 12.2.0-14) 12.2.0)\n"
                   "MCU 'mcu' config: CLOCK_FREQ=50000000 MCU=linux\n")

umockdev = pytest.mark.skipif(shutil.which("umockdev-run") is None, reason="umockdev-run is not installed (apt install umockdev)")


def unable(path: str) -> str:
    return (f"Starting Klippy...\nmcu 'mcu': Unable to open serial port: [Errno 2] could not open port {path}: "
            f"[Errno 2] No such file or directory: '{path}'\n") * 3


def home(tmp_path: Path, serial: str, log: str) -> Path:
    h = tmp_path / "home"
    (h / "printer_data" / "config").mkdir(parents=True)
    (h / "printer_data" / "logs").mkdir()
    (h / "printer_data" / "config" / "printer.cfg").write_text(f"[mcu]\nserial: {serial}\n")
    (h / "printer_data" / "logs" / "klippy.log").write_text(log)
    return h


def scan(h: Path, *boards: str, json_out: bool = True) -> subprocess.CompletedProcess[str]:
    """The scan inside a umockdev bed holding `boards` (none: a host without any USB device)."""
    argv = ["umockdev-run"]
    for b in boards:
        argv += ["-d", str(BOARDS / f"{b}.umockdev")]
    argv += ["--", sys.executable, "-m", "doctor", *(["--json"] if json_out else []), "scan", "--passive", "--home", str(h)]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=dict(os.environ, NO_COLOR="1", COLUMNS="120"))


def findings(proc: subprocess.CompletedProcess[str]) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    doc = json.loads(proc.stdout)
    printer = doc["printer"] if "printer" in doc else doc["scan"]["printer"]
    return proc.returncode, doc["findings"], {r["name"]: r for r in printer}


@contextlib.contextmanager
def holding(*argv: str) -> Iterator[subprocess.Popen[str]]:
    """A process that opens a port and says "held" once it has it (it then sleeps until killed on leaving)."""
    proc = subprocess.Popen([sys.executable, *argv], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def path_fixes(found: list[dict[str, Any]]) -> list[str]:
    return [f["id"] for f in found if any(a.get("name") == "host.fix_serial_path" for a in f.get("actions") or [])]


@pytest.fixture
def host_mcu(tmp_path: Path) -> Iterator[Path]:
    """Klipper's Linux MCU: a simulator process holding both ends of its pty, linked as klipper_host_mcu."""
    link = tmp_path / "klipper_host_mcu"
    proc = subprocess.Popen([sys.executable, "-m", "doctor.sim.klipper_mcu", "--mcu", "linux", "--hold-follower", "--link-file", str(link)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().startswith("/dev/pts/")
        yield link
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


@umockdev
def test_host_mcu_connected_is_no_fault(tmp_path: Path, host_mcu: Path) -> None:
    rc, found, rows = findings(scan(home(tmp_path, str(host_mcu), CONNECTED_LINUX)))
    assert rc == 0 and [f for f in found if f["severity"] != "info"] == []
    assert rows["mcu"]["state"] == "host MCU (Linux process)"
    assert rows["mcu"]["log"]["text"] == "connected: Klipper v0.12.0-302-g87ac69363 linux (line 3)"


@umockdev
def test_host_mcu_held_by_klippy_is_no_fault(tmp_path: Path, host_mcu: Path) -> None:
    """klippy attached: the port is held (a note, said in the printer view), not a fault."""
    with holding("-c", "import os, sys, time; os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY); print('held', flush=True); time.sleep(60)",
                 str(host_mcu)) as klippy:
        rc, found, rows = findings(scan(home(tmp_path, str(host_mcu), CONNECTED_LINUX)))
    assert rc == 0 and [f["id"] for f in found if f["severity"] != "info"] == []
    assert rows["mcu"]["state"].startswith("host MCU (Linux process), held by python") and f"({klippy.pid})" in rows["mcu"]["state"]


@umockdev
def test_board_absent_is_not_enumerating_first_and_no_path_fix(tmp_path: Path) -> None:
    rc, found, rows = findings(scan(home(tmp_path, F446, unable(F446))))
    assert found and found[0]["id"] == "USB001", [f["id"] for f in found]
    assert path_fixes(found) == [] and "SER005" not in [f["id"] for f in found]
    assert rc == 1 and rows["mcu"]["state"].startswith("missing")
    assert rows["mcu"]["log"]["state"] == "unable to connect"


@umockdev
def test_board_in_katapult_is_boot009_first_and_no_path_fix(tmp_path: Path) -> None:
    rc, found, _ = findings(scan(home(tmp_path, F446, unable(F446)), "katapult-usb"))
    assert found and found[0]["id"] == "BOOT009", [f["id"] for f in found]
    assert path_fixes(found) == [] and rc == 2
    assert [a["name"] for a in found[0]["actions"]] == ["katapult.flash"]


@umockdev
def test_near_match_is_ser005_with_its_fix(tmp_path: Path) -> None:
    copied = "/dev/serial/by-id/" + H723.replace("usb-Klipper_", "usb-katapult_")  # copied while the board was in Katapult
    h = home(tmp_path, copied, unable(copied))
    rc, found, _ = findings(scan(h, "klipper-usb"))
    assert found[0]["id"] == "SER005" and path_fixes(found) == ["SER005"] and rc == 2
    assert H723 in found[0]["message"]
    assert "doctor can do this for you:\ndoctor fix SER005\n" in scan(h, "klipper-usb", json_out=False).stdout  # the command alone on its line


@umockdev
def test_exact_path_present_is_no_warning(tmp_path: Path) -> None:
    path = "/dev/serial/by-id/" + H723
    rc, found, rows = findings(scan(home(tmp_path, path, unable(path)), "klipper-usb"))  # klippy.log: an old failure
    assert rc == 0 and [f["id"] for f in found if f["severity"] in ("warning", "error")] == []
    assert rows["mcu"]["state"] == "present (/dev/ttyACM0)"


def test_identify_names_a_simulator_holding_both_pty_ends_within_a_second(host_mcu: Path) -> None:
    """`doctor identify` on Klipper's Linux MCU (both pty ends in one process, klippy not attached): named, not
    refused as a port some program holds; the whole command (a new process) under 1 s, median of 5."""
    times = []
    for _ in range(5):
        start = time.monotonic()
        r = subprocess.run([sys.executable, "-m", "doctor", "--json", "identify", str(host_mcu)], capture_output=True, text=True, timeout=30)
        times.append(time.monotonic() - start)
        doc = json.loads(r.stdout)
        assert r.returncode == 0, r.stdout
        assert "linux" in json.dumps(doc) and "v0.12.0-302-g87ac69363" in json.dumps(doc)
        assert "SER003" not in [f["id"] for f in doc.get("findings") or []]
    assert statistics.median(times) < 1.0, times


@umockdev
def test_host_mcu_held_by_klippy_itself_is_named_and_not_a_note(tmp_path: Path, host_mcu: Path) -> None:
    """Klipper's own process (klippy.py) holding its MCU's port is how Klipper runs: the printer view names klippy and
    says it is normal, and no SER003 note (with its `doctor fix SER003`) is raised for it."""
    script = tmp_path / "klippy.py"
    script.write_text("import os, sys, time\nos.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)\nprint('held', flush=True)\ntime.sleep(60)\n")
    with holding(str(script), str(host_mcu)) as klippy:
        rc, found, rows = findings(scan(home(tmp_path, str(host_mcu), CONNECTED_LINUX)))
    assert rc == 0 and [f["id"] for f in found if f["id"] == "SER003"] == []
    assert f"held by klippy (Klipper is running: normal) ({klippy.pid})" in rows["mcu"]["state"]
