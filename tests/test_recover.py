"""doctor recover against simulated boards, with the test playing the person's part."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from rich.console import Console

from doctor import cli
from doctor.cli import Context
from doctor.commands.recover import Recovery
from doctor.sim.images import klipper_image
from doctor.sim.katapult import Board, BoardConfig
from doctor.watch import QueueSource

SIZE = 8 * 1024
BAUD = 1_000_000


class SimPerson:
    """Does what doctor asks, on the simulated board, a moment after being asked (as a person would)."""

    ACTIONS = {"double-reset": "double-reset", "boot0-reset": "boot0-reset", "plug": "plug"}

    def __init__(self, board: Board, *, ignore: tuple[str, ...] = ()) -> None:
        self.board = board
        self.asked: list[str] = []
        self.ignore = ignore

    def instruct(self, action: str, text: str) -> None:
        self.asked.append(action)
        if action in self.ignore:
            return
        threading.Timer(0.2, self.board.action, args=(self.ACTIONS[action],)).start()


def recovery(tmp_path: Path, board: Board, person: SimPerson, *argv: str, events: QueueSource | None = None) -> tuple[Recovery, io.StringIO]:
    parser, _ = cli.build_parser()
    args = parser.parse_args(["recover", *argv, "--port", str(tmp_path / "port"), "--baud", str(BAUD), "--yes", "--timeout", "0.3"])
    out = io.StringIO()
    console = Console(file=out, width=120, no_color=True)
    ctx = Context(console=console, err=console, json=False, yes=True, dry_run=False, verbosity=0, interactive=False)
    return Recovery(ctx, args, person, events=events, wait=5.0), out


def test_recover_through_double_reset_to_a_verified_flash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCTOR_PASSIVE", "1")  # the re-diagnosis at the end scans this host passively
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(SIZE, seed=2, version="v0.12.0-new"))
    board = Board(BoardConfig(baud=BAUD, app_honours_request=False), tmp_path / "port")
    board.load_app(klipper_image(SIZE, seed=5, version="v0.11.0-old"))
    board.start()
    try:
        assert board.mode == "app"
        person = SimPerson(board)
        rec, out = recovery(tmp_path, board, person, str(fw))
        assert rec.run() == 0
        text = out.getvalue()
        stages = [(r["stage"], r.get("result") or r.get("outcome")) for r in rec.log]
        assert stages[:3] == [("identify", "klipper"), ("request", "ignored"), ("double_reset", "katapult")]
        assert person.asked == ["double-reset"]
        assert "Klipper v0.11.0-old on stm32f103xe" in text and "ignored the request (BOOT001)" in text
        assert board.app_image(SIZE) == fw.read_bytes()
        assert board.mode == "app" and "The board runs Klipper v0.12.0-new on stm32f103xe" in text
    finally:
        board.stop()


def test_recover_usb_board_watches_the_bus(tmp_path: Path) -> None:
    """A USB board: the double reset is seen as Katapult's USB add event (QueueSource fed by the simulator)."""
    events = QueueSource()
    board = Board(BoardConfig(transport="usb", app_honours_request=False), tmp_path / "port", events=events)
    board.load_app(klipper_image(SIZE, seed=5))
    board.start()
    try:
        person = SimPerson(board)
        rec, out = recovery(tmp_path, board, person, "--transport", "usb", events=events)
        assert rec.run() == 0  # no firmware given: it stops with the board in Katapult
        assert ("usb_add", "1d50") in [(r["stage"], r.get("vid")) for r in rec.log]
        assert board.mode == "katapult" and "The board is in Katapult" in out.getvalue()
    finally:
        board.stop()


def test_recover_without_katapult_asks_for_boot0(tmp_path: Path) -> None:
    """No Katapult on the board: double resets do nothing, so doctor goes to ROM DFU; without a bootloader image
    it says what to build (the DFU write itself is the dfu driver's, tested there)."""
    events = QueueSource()
    board = Board(BoardConfig(transport="usb", bootloader="none", app_start=0x08000000), tmp_path / "port", events=events)
    board.load_app(klipper_image(SIZE, seed=5, link_address=0x08000000))
    board.start()
    try:
        person = SimPerson(board)
        rec, _ = recovery(tmp_path, board, person, "--transport", "usb", events=events)
        rec.attempts = 1
        rec.wait = 1.5
        with pytest.raises(Exception, match="no Katapult image was given"):
            rec.run()
        assert person.asked == ["double-reset", "boot0-reset"]
        assert board.mode == "rom"
    finally:
        board.stop()


def test_fix_boot001_requests_katapult_then_flashes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """doctor fix BOOT001 from a snapshot of a failed flashtool run: ask the application for Katapult, flash, verify."""
    import json

    snapshot = tmp_path / "snap.json"
    snapshot.write_text(json.dumps({"schema_version": 1, "mode": "analyze", "katapult": {"runs": [
        {"tool": "flashtool", "failed_command": "CONNECT", "success": False}]}}))
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(SIZE, seed=2))
    board = Board(BoardConfig(baud=BAUD), tmp_path / "port")
    board.load_app(klipper_image(SIZE, seed=5))
    board.start()
    try:
        argv = ["fix", "BOOT001", "--from", str(snapshot), "--port", str(tmp_path / "port"), "--baud", str(BAUD), "--firmware", str(fw),
                "--yes", "--no-rediagnose", "--timeout", "0.3", "--no-identify"]
        assert cli.main(["--dry-run", *argv]) == 0
        assert board.mode == "app" and "Plan: enter Katapult" in capsys.readouterr().out
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        assert "Plan: enter Katapult" in out and "Plan: flash klipper.bin through Katapult" in out
        assert board.app_image(SIZE) == fw.read_bytes()
        assert cli.main(["fix", "BOOT001", "--from", str(tmp_path / "empty.json")]) == 4  # no such snapshot
        (tmp_path / "clean.json").write_text(json.dumps({"schema_version": 1, "mode": "analyze"}))
        assert cli.main(["fix", "BOOT001", "--from", str(tmp_path / "clean.json")]) == 0
        assert "not present" in capsys.readouterr().out
    finally:
        board.stop()
