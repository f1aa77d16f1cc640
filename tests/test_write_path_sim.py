"""The write path on the Katapult simulator (issue 10's "Done when"): --dry-run sends nothing to the board, whatever
the command; a flash stopped by Ctrl-C, SIGTERM or SIGHUP part-way says what state the board was left in."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from doctor import cli
from doctor.sim.images import klipper_image
from doctor.sim.katapult import Board, BoardConfig, Fault

FAST = 1_000_000


def _board(tmp_path: Path, *, in_bootloader: bool, baud: int = FAST, **cfg: object) -> Board:
    board = Board(BoardConfig(**{"baud": baud, **cfg}), tmp_path / "port")  # type: ignore[arg-type]
    board.load_app(klipper_image(8 * 1024, seed=5, version="v0.11.0-old"))
    board.request_flag = in_bootloader
    return board.start()


def _untouched(board: Board, mode: str) -> None:
    assert board.stats.frames == 0 and board.stats.commands == {} and board.stats.blocks_written == 0
    assert board.mode == mode


@pytest.mark.parametrize("in_bootloader", [True, False], ids=["katapult", "klipper-running"])
def test_every_command_with_dry_run_sends_nothing_to_the_board(tmp_path: Path, in_bootloader: bool, capsys: pytest.CaptureFixture[str]) -> None:
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(8 * 1024, seed=2))
    board = _board(tmp_path, in_bootloader=in_bootloader)
    mode = board.mode
    port = str(tmp_path / "port")
    cfg = tmp_path / "printer.cfg"
    cfg.write_text(f"[mcu]\nserial: {port}\nbaud: {FAST}\n")
    runs = [
        ["flash", str(fw), "--via", "katapult", "--port", port, "--baud", str(FAST)],
        ["flash", str(fw), "--port", port, "--baud", str(FAST), "--transport", "uart"],
        ["fix", "BOOT001", "--port", port, "--baud", str(FAST), "--firmware", str(fw)],
        ["recover", str(fw), "--port", port, "--baud", str(FAST)],
        ["recover", "--port", port, "--baud", str(FAST)],
        ["watch", "--guide", "request", "--port", port, "--method", "uart", "--baud", str(FAST), "--timeout", "0.5"],
        ["watch", "--guide", "request", "--port", port, "--method", "usb", "--timeout", "0.5"],
        ["identify", port, "--baud", str(FAST)],
        ["scan", "--home", str(tmp_path), "--printer-cfg", str(cfg)],
    ]
    try:
        for argv in runs:
            for extra in (["--dry-run"], ["--dry-run", "--yes"], ["--dry-run", "--json"]):
                rc = cli.main([*extra, *argv])
                capsys.readouterr()
                assert rc in (0, 1, 2, 4), (argv, extra, rc)
                time.sleep(0.05)  # a request would have reached the board by now
                _untouched(board, mode)
    finally:
        board.stop()


# The signals a person's shell delivers, at their defaults and unblocked, then doctor in the same process (exec): a test
# worker's own signal state is inherited across exec (an ignored or blocked SIGHUP stays so), and doctor is tested as a
# shell starts it (seen in session 23: the SIGHUP case hung in full suite runs only, its signal never acted on). A
# launcher rather than preexec_fn, which is not safe while the board simulator's threads run.
_PLAIN_SIGNALS = (
    "import os, signal, sys\n"
    "sigs = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)\n"
    "[signal.signal(s, signal.SIG_DFL) for s in sigs]\n"
    "signal.pthread_sigmask(signal.SIG_UNBLOCK, set(sigs))\n"
    "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])\n"
)


def _signal_state(pid: int) -> str:
    """The child's signal masks as the kernel shows them (for a failure's message)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            return " ".join(line.strip() for line in f if line.startswith(("SigBlk", "SigIgn", "SigCgt", "SigPnd", "ShdPnd")))
    except OSError:
        return "?"


def _flash_process(tmp_path: Path, fw: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-c", _PLAIN_SIGNALS, "-m", "doctor", "--yes", "flash", str(fw), "--via", "katapult", "--port",
         str(tmp_path / "port"), "--baud", "250000", "--transport", "uart", "--no-rediagnose", "--no-identify", "--timeout", "30"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_flash_stopped_mid_write_says_the_board_holds_a_partial_image(tmp_path: Path, sig: int) -> None:
    size = 32 * 1024
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(size, seed=3))
    # from the 65th block on, the board answers each block 1.5 s late (the host waits: --timeout 30), so the flash cannot finish
    # before the signal however busy the machine is (a 10 ms block still let it finish twice under load)
    board = _board(tmp_path, in_bootloader=True, baud=250000, faults=[Fault.parse("delay:SEND_BLOCK@64x100000=1.5")])
    try:
        proc = _flash_process(tmp_path, fw)
        deadline = time.monotonic() + 30
        while board.stats.blocks_written < 64:  # a quarter of the image is in flash
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.01)
        state = _signal_state(proc.pid)
        proc.send_signal(sig)
        try:
            out, err = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            late = _signal_state(proc.pid)
            proc.kill()
            out, err = proc.communicate()
            raise AssertionError(f"no exit 90 s after {signal.Signals(sig).name}: signals before {state}, after {late}; {err[-500:]}")
        written = board.stats.blocks_written
    finally:
        board.stop()
    assert proc.returncode == 3, (out, err)
    text = " ".join(err.split())
    assert signal.Signals(sig).name in text and "partly written" in text and "old application is likely gone" in text
    assert "run the same command again" in text
    assert "writing had reached" in text  # how far it got, from the step's own progress
    assert 64 <= written < size // 64  # the board holds part of the image, not all of it
    assert board.app_image(size) != fw.read_bytes()
