"""Every read bounded before reading (issue 13, item 5): devices, FIFOs and /dev/zero included.

The code is read for every way it reads a file (`open()` for reading, `read_text()`, `read_bytes()`, a
`read()` without a size); each is either a bounded helper's (doctor.snapshot_check: `read_bounded`,
`open_text`, `read_head`, `open_input`) or listed below with why it is bounded anyway. A new unbounded read
fails here. Then the commands meet a FIFO nobody writes to (which used to block `open()` forever) and
/dev/zero behind a symlink.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from doctor import snapshot_check

ROOT = Path(__file__).resolve().parents[1]

# (file, the call as written) -> why it is bounded
BOUNDED_ANYWAY = {
    ("doctor/can_persist.py", "main.read_bytes()"): "the system's /etc/network/interfaces, edited whole as root (no stranger's file)",
    ("doctor/can_persist.py", "f.read_bytes()"): "files of /etc/network/interfaces.d, edited whole as root",
    ("doctor/cache.py", "open(where, 'rb')"): "doctor's own start-up cache, read at most MAX_BYTES (16 MiB)",
    ("doctor/commands/report.py", "open(path, 'w' if force else 'x', encoding='utf-8')"): "a write, not a read",
    ("doctor/gate.py", "Path(__file__).read_text(encoding='utf-8')"): "doctor's own module source, part of its cache key",
    ("doctor/firmware.py", "cand.read_text(encoding='utf-8', errors='replace')"): "a regular file whose size was checked (at most 1 MiB) just before",
    ("doctor/sim/tools.py", "log.read_text(encoding='utf-8')"): "the simulated tool's own log",
    ("checks/host.py", "open('/var/lib/dpkg/status', encoding='utf-8', errors='replace')"): "read line by line, the system's package database",
    ("checks/serial.py", "open(path, 'rb')"): "/proc attributes, read at most 1 MiB",
    ("checks/usb.py", "open(path, 'rb')"): "sysfs attributes, read at most 64 KiB / 4 KiB",
    ("drivers/base.py", "open(os.path.join(base, 'idVendor'))"): "a sysfs attribute, 16 bytes read",
    ("drivers/base.py", "open(os.path.join(base, 'idProduct'))"): "a sysfs attribute, 16 bytes read",
    ("drivers/base.py", "open(os.path.join(base, 'busnum'))"): "a sysfs attribute, 16 bytes read",
    ("drivers/base.py", "open(os.path.join(base, 'devnum'))"): "a sysfs attribute, 16 bytes read",
    ("drivers/host.py", "path.read_bytes()"): "printer.cfg / interfaces files checked to be regular files first (their size bounds them)",
    ("drivers/host.py", "target.path.read_bytes()"): "the system network config doctor rewrites as root",
    ("drivers/host.py", "source.read_text(encoding='utf-8')"): "the system's brltty udev rule, copied as root",
    ("drivers/katapult.py", "(parent / 'product').read_text()"): "a sysfs attribute (at most a page)",
    ("drivers/sdcard.py", "Path(source).read_bytes()"): "the image firmware.load read bounded (a regular file of at most MAX_IMAGE)",
    ("drivers/sdcard.py", "target.read_bytes()"): "the copy doctor just wrote, read back to compare",
    ("doctor/resemblance.py", "toml.read_text(encoding='utf-8')"): "a case.toml of tests/cases (the project's own case folders), read for the index by its maintainer",
    ("doctor/resemblance.py", "open(path, 'rb')"): "a case file of tests/cases read for the index: at most 2 x SAMPLE + 1 bytes, then its last SAMPLE",
    ("doctor/resemblance.py", "importlib.resources.files('doctor.knowledge').joinpath(name).read_bytes()"): "doctor's own index files (package data, about 0.6 MB)",
    ("doctor/parsers/_prefilter.py", "open(words_at, 'rb')"): "doctor's own pattern-code cache, read to the size its JSON names (at most _MAX_CODE_BYTES, 64 MB)",
}


def _reads() -> list[tuple[str, int, str]]:
    out = []
    for pkg in ("doctor", "checks", "drivers"):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(), rel)):
                if not isinstance(node, ast.Call):
                    continue
                f = node.func
                if isinstance(f, ast.Name) and f.id == "open":
                    mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"), None)
                    if isinstance(mode, ast.Constant) and isinstance(mode.value, str) and "r" not in mode.value:
                        if rel == "doctor/commands/report.py":  # its mode is an expression: listed above
                            pass
                        else:
                            continue
                elif isinstance(f, ast.Attribute) and f.attr in ("read_text", "read_bytes"):
                    if "importlib.resources" in ast.unparse(f) or "joinpath" in ast.unparse(f):
                        continue  # doctor's own data files
                elif not (isinstance(f, ast.Attribute) and f.attr in ("read", "readlines") and not node.args and not node.keywords):
                    continue
                out.append((rel, node.lineno, ast.unparse(node)))
    return out


def test_every_read_is_bounded_or_says_why() -> None:
    unlisted = [f"{rel}:{line}: {call}" for rel, line, call in _reads() if (rel, call) not in BOUNDED_ANYWAY]
    assert unlisted == [], "read through doctor.snapshot_check (read_bounded, open_text, read_head) or say why it is bounded"


def test_read_head_never_waits_and_never_reads_a_device(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    t = time.monotonic()
    with pytest.raises(OSError):
        snapshot_check.read_head(fifo, 100)
    with pytest.raises(OSError):
        snapshot_check.read_head("/dev/zero", 100)
    assert time.monotonic() - t < 5
    (tmp_path / "big").write_bytes(b"x" * 1000)
    assert snapshot_check.read_head(tmp_path / "big", 10) == b"x" * 10


def _doctor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "doctor", *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


@pytest.mark.parametrize(
    ("args", "codes"),
    [
        (["analyze", "IN"], (0, 1, 2, 4)),
        (["replay", "IN"], (4,)),
        (["report", "--from", "IN", "-o", "-"], (4,)),
        (["fix", "--dry-run", "--from", "IN", "USB004"], (4,)),
        (["watch", "--replay", "IN", "--guide", "plug"], (4,)),
        (["flash", "IN", "--via", "dfu", "--dry-run"], (4,)),
        (["recover", "IN", "--dry-run"], (4,)),
        (["scan", "--passive", "--json", "--printer-cfg", "IN"], (0, 1, 2)),
        (["scan", "--passive", "--json", "--klippy-log", "IN"], (0, 1, 2)),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else "",
)
@pytest.mark.parametrize("kind", ["fifo", "zero-link"])
def test_a_fifo_nobody_writes_and_dev_zero_end_quickly(tmp_path: Path, args: list[str], codes: tuple[int, ...], kind: str) -> None:
    """A FIFO without a writer blocked open() forever (every command hung); /dev/zero behind a symlink is refused."""
    target = tmp_path / "in"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    try:
        proc = _doctor(*[str(target) if a == "IN" else a for a in args], cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"doctor {' '.join(args)} on a {kind} did not end")
    assert proc.returncode in codes, proc.stderr[-500:]
    assert "Traceback" not in proc.stderr
