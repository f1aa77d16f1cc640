"""The emulator's USB full-speed CDC and CAN link models, and doctor's transport-sized pipelining on them.

The link models are checked event by event on a board that is not started (no thread, no pty: the virtual clock
is driven by hand), so the timings are exact; the flashes run the threaded emulator with 8 KiB images.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

from doctor.drivers import katapult as dk
from doctor.drivers.katapult import Options, Session
from doctor.protocols import katapult as kp
from doctor.sim.images import klipper_image
from doctor.sim.katapult import Board, BoardConfig, Fault, can_frame_bits

SIZE = 8 * 1024
UUID = "0123456789ab"


def idle_board(tmp_path: Path, **cfg: Any) -> Board:
    """A board in Katapult whose clock the test drives (nothing runs until _simulate is called)."""
    board = Board(BoardConfig(**cfg), tmp_path / "port")
    board.mode = "katapult"
    return board


def replies(board: Board) -> list[tuple[float, kp.Frame]]:
    """(delivery time, frame) of everything the board has sent towards the host."""
    reader = kp.FrameReader()
    out = []
    for when, data in board.to_host:
        reader.feed(data)
        out += [(when, f) for f in reader.frames() if isinstance(f, kp.Frame)]
    return out


# --- USB full-speed CDC --------------------------------------------------------------------------------------------


def test_usb_data_moves_at_frame_boundaries(tmp_path: Path) -> None:
    """A CONNECT written 0.3 ms into a frame reaches the board at the next boundary (1 ms), is answered at once,
    and the answer reaches the host at the boundary after that (2 ms): a round trip costs two frames."""
    board = idle_board(tmp_path, transport="usb")
    board._host_bytes(kp.connect_frame(), board._next_usb_frame(0.0003))
    board._simulate(0.00099)
    assert board.stats.commands == {}  # still with the host
    board._simulate(0.005)
    assert board.stats.commands == {"CONNECT": 1}
    (when, frame), = replies(board)
    assert when == pytest.approx(0.002) and frame.word(0) == kp.Cmd.CONNECT


def test_usb_endpoint_naks_instead_of_dropping(tmp_path: Path) -> None:
    """Twenty SEND_BLOCKs written at once: the board takes them as it programs (the OUT endpoint holds one packet
    and NAKs the next), none is lost, and the board is never idle: the write takes the flash time."""
    board = idle_board(tmp_path, transport="usb", flash_size=64 * 1024)
    start = board.cfg.app_start
    for i in range(20):
        board._host_bytes(kp.send_block_frame(start + 64 * i, bytes([i]) * 64), 0.0)
    board._simulate(0.0005)
    assert len(board.rx) <= 128 and len(board.ep_out) <= 64 and board.host_q  # held back, not dropped
    board._simulate(1.0)
    assert board.stats.lost_rx == 0 and board.stats.blocks_written == 20
    assert [f.word(1) for _, f in replies(board)] == [start + 64 * i for i in range(20)]
    assert board.busy_until == pytest.approx(20 * 0.0017, abs=0.0015)  # back to back: no gap to wait for bytes


def test_usb_frame_split_over_two_packets_completes(tmp_path: Path) -> None:
    """Each host write is its own transfer: a 76-byte frame is a 64-byte packet and a 12-byte one."""
    board = idle_board(tmp_path, transport="usb", flash_size=64 * 1024)
    board._host_bytes(kp.send_block_frame(board.cfg.app_start, b"\x00" * 64) + kp.connect_frame(), 0.0)
    assert [len(c[1]) for c in board.host_q] == [76, 8]
    board._simulate(0.1)
    assert [f.word(0) for _, f in replies(board)] == [kp.Cmd.SEND_BLOCK, kp.Cmd.CONNECT]


def test_usb_transmit_buffer_drops_replies_that_do_not_fit(tmp_path: Path) -> None:
    """usb_cdc.c's console_sendf drops a reply that does not fit its 192-byte buffer: a board that reads instantly
    cannot hold twelve 80-byte replies, and two always fit."""
    for count, lost in ((2, False), (12, True)):
        board = idle_board(tmp_path, transport="usb", read_time=0.0)
        for i in range(count):
            board._host_bytes(kp.request_block_frame(board.cfg.app_start + 64 * i), 0.0)
        board._simulate(0.1)
        assert (board.stats.dropped_replies > 0) is lost
        assert len(replies(board)) == count - board.stats.dropped_replies


# --- CAN ------------------------------------------------------------------------------------------------------------


def test_can_frame_bits() -> None:
    assert can_frame_bits(8) == 135 and can_frame_bits(4) == 95 and can_frame_bits(0) == 55


def test_can_frames_are_paced_on_one_bus(tmp_path: Path) -> None:
    """A SEND_BLOCK is ten frames (9 x 8 + 4 bytes): 1.310 ms at 1 Mbit/s before the node can program it; its
    16-byte ACK is two more frames on the same bus."""
    board = idle_board(tmp_path, transport="can", flash_size=64 * 1024)
    frame = kp.send_block_frame(board.cfg.app_start, b"\x00" * 64)
    for i in range(0, len(frame), 8):
        board._host_bytes(frame[i : i + 8], 0.0)
    board._simulate(0.0013)
    assert board.stats.commands == {}
    board._simulate(0.1)
    arrival = (9 * 135 + 95) / 1e6
    (when, ack), = replies(board)
    assert ack.word(1) == board.cfg.app_start
    assert when == pytest.approx(arrival + board.cfg.program_time + 2 * 135 / 1e6)  # the page was erased already


def test_can_node_buffer_overrun_drops_frames(tmp_path: Path) -> None:
    """canserial.c drops a frame that does not fit its 192-byte receive buffer (no flow control on CAN)."""
    board = idle_board(tmp_path, transport="can", flash_size=64 * 1024)
    board.load_app(b"\x00" * 2048)  # an old application: the first block erases the page (20 ms, no input read)
    stream = b"".join(kp.send_block_frame(board.cfg.app_start + 64 * i, b"\x00" * 64) for i in range(4))
    for i in range(0, len(stream), 8):
        board._host_bytes(stream[i : i + 8], 0.0)
    board._simulate(0.5)
    assert board.stats.lost_rx > 0 and board.stats.blocks_written < 4


# --- doctor on the models ---------------------------------------------------------------------------------------------


def usb_board(tmp_path: Path, **cfg: Any) -> Board:
    board = Board(BoardConfig(transport="usb", **cfg), tmp_path / "port")
    board.load_app(klipper_image(SIZE, seed=5))
    board.request_flag = True
    return board.start()


def test_usb_writes_one_frame_per_write_and_reads_back_during_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over USB every write() holds exactly one whole frame (Katapult's usb_cdc.c could never complete a frame whose
    first 65..75 bytes shared a packet with the rest), the write window is deeper than a UART's, and blocks are
    read back while the board programs: only the last USB_READ_LAG are read after EOF."""
    writes: list[bytes] = []
    real = Session._write

    def record(self: Session, client: kp.KatapultClient, data: bytes) -> None:
        writes.append(data)
        real(self, client, data)

    monkeypatch.setattr(Session, "_write", record)
    board = usb_board(tmp_path)
    img = klipper_image(SIZE, seed=2)
    try:
        session = Session(Options(port=str(tmp_path / "port"), transport="usb"))
        session.enter()
        session.write_and_verify(img)
        session.close()
        assert board.app_image(SIZE) == img
    finally:
        board.stop()
    for data in writes:
        assert kp.decode(data).encode() == data  # exactly one valid frame
    blocks = SIZE // 64
    assert session.counters["blocks_read_during_write"] == blocks - dk.USB_READ_LAG
    assert board.stats.commands["REQUEST_BLOCK"] == blocks and board.stats.dropped_replies == 0


@pytest.mark.parametrize(
    "fault",
    [
        "no_reply:SEND_BLOCK@5",  # a lost acknowledgement in the middle of a deep window
        "corrupt_crc:SEND_BLOCK@3",
        "wrong_address:SEND_BLOCK@4",
        "delay:SEND_BLOCK@6=0.05",  # a reply out of order: it comes after the next blocks'
        "no_reply:REQUEST_BLOCK@7",  # a read-back reply lost during the write: read again after EOF
        "corrupt_crc:REQUEST_BLOCK@10",
        "wrong_address:REQUEST_BLOCK@4",
        "corrupt_bytes@4000=1",  # a damaged SEND_BLOCK in the middle of the window: NACK, the firmware wedges

        "no_reply:REQUEST_BLOCK@100",  # one lost after EOF
        "no_reply:SEND_EOF@0",
    ],
)
def test_usb_faults_end_in_a_verified_image(tmp_path: Path, fault: str) -> None:
    board = usb_board(tmp_path, faults=[Fault.parse(fault)])
    img = klipper_image(SIZE, seed=2)
    try:
        session = Session(Options(port=str(tmp_path / "port"), transport="usb", reply_timeout=0.3))
        session.enter()
        if fault.startswith("corrupt_bytes"):
            # Katapult's resync stays on the damaged frame (as on a UART): the same clear error, no COMPLETE
            with pytest.raises(dk.Stuck, match="no longer answers|no reply"):
                session.write_and_verify(img)
            assert board.stats.nacks == 1 and board.wedged and board.stats.commands.get("COMPLETE") is None
            return
        session.write_and_verify(img)
        session.close()
        assert board.app_image(SIZE) == img
        if fault in ("no_reply:REQUEST_BLOCK@7", "wrong_address:REQUEST_BLOCK@4"):
            assert session.counters["blocks_read_during_write"] < SIZE // 64 - dk.USB_READ_LAG  # read again after EOF
        elif fault != "no_reply:SEND_EOF@0":
            assert session.counters["write_retries"] + session.counters["read_retries"] + session.counters["stale_acks"] >= 1
    finally:
        board.stop()


def test_usb_nacked_block_is_sent_again(tmp_path: Path) -> None:
    """A SEND_BLOCK damaged inside a deep USB window is NACKed; with a resync that skips the damaged frame, the
    blocks behind it are processed (or refused) out of order, doctor goes back to the NACKed block and the image is
    written and verified."""
    board = usb_board(tmp_path, faults=[Fault.parse("corrupt_bytes@4000=1")], fixed_resync=True)
    img = klipper_image(SIZE, seed=2)
    try:
        session = Session(Options(port=str(tmp_path / "port"), transport="usb", reply_timeout=0.3))
        session.enter()
        session.write_and_verify(img)
        session.close()
        assert board.app_image(SIZE) == img and board.stats.nacks >= 1
    finally:
        board.stop()


def test_usb_timeout_mid_pipeline_is_the_same_clear_error(tmp_path: Path) -> None:
    """A block the board never acknowledges: after `tries` the same StepFailed as before, naming the block, with
    the board still in Katapult (it answers CONNECT) and no COMPLETE sent."""
    board = usb_board(tmp_path, faults=[Fault.parse("no_reply:SEND_BLOCK@5x100000")])
    try:
        session = Session(Options(port=str(tmp_path / "port"), transport="usb", reply_timeout=0.2, tries=2))
        session.enter()
        start = time.monotonic()
        with pytest.raises(dk.StepFailed, match=r"Flash write failed at 0x8002140: no reply for the block at 0x8002140 \(5 of 128"):
            session.write_and_verify(klipper_image(SIZE, seed=2))
        assert time.monotonic() - start < 10
        assert session.counters["bootloader_answers_after_failure"] == 1
        assert board.stats.commands.get("COMPLETE") is None
    finally:
        board.stop()


def test_usb_lost_read_reply_halves_the_read_window(tmp_path: Path) -> None:
    """A board that reads instantly overruns its transmit buffer with eight replies in flight: doctor loses one,
    asks again, halves its window and still verifies the image."""
    board = usb_board(tmp_path, read_time=0.0, usb_rate=200_000)
    img = klipper_image(SIZE, seed=2)
    try:
        session = Session(Options(port=str(tmp_path / "port"), transport="usb", reply_timeout=0.3))
        session.enter()
        session.write_and_verify(img)
        session.close()
        assert board.app_image(SIZE) == img
        assert board.stats.dropped_replies >= 1 and session.counters["read_retries"] >= 1
        assert session.usb_read_window < dk.USB_READ_WINDOW
    finally:
        board.stop()


def can_session(channel: str, **opts: Any) -> Session:
    return Session(Options(can_iface=channel, uuid=UUID, can_interface="virtual", **opts))


@pytest.mark.parametrize("fault", [None, "no_reply:SEND_BLOCK@5", "corrupt_crc:REQUEST_BLOCK@5", "delay:SEND_BLOCK@6=0.05"])
def test_flash_over_paced_can(tmp_path: Path, fault: str | None) -> None:
    """The node on python-can's virtual bus with paced frames: doctor never overruns its 192-byte receive buffer
    nor its 96-byte transmit buffer, and faults end in the same verified image."""
    import can  # noqa: F401  (python-can is a test extra: missing is a failure, not a skip)
    channel = f"paced-{tmp_path.name}"
    cfg = BoardConfig(transport="can", canbus_uuid=UUID, can_channel=channel, faults=[Fault.parse(fault)] if fault else [])
    board = Board(cfg, tmp_path / "unused")
    board.load_app(klipper_image(SIZE, seed=5))
    board.request_flag = True
    board.start()
    img = klipper_image(SIZE, seed=2)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        session = can_session(channel, reply_timeout=0.3)
        session.enter()
        session.write_and_verify(img)
        session.close()
        assert board.app_image(SIZE) == img
        if fault is None:
            assert board.stats.lost_rx == 0 and board.stats.dropped_replies == 0
    finally:
        sys.setswitchinterval(switch)
        board.stop()


def test_bench_limits() -> None:
    """The benchmark's limits from the model: UART as before, USB the board's time plus the bytes, CAN the bus."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import bench_flash as bf
    finally:
        sys.path.pop(0)
    uart = bf.wire_limit(64 * 1024, 250000)
    assert uart["write"] == pytest.approx(3.12, abs=0.01) and uart["erase"] == pytest.approx(0.64)
    usb = bf.usb_limit(64 * 1024)
    assert usb["total"] == pytest.approx(1024 * 0.0017 + 32 * 0.020 + 1024 * 0.00005 + (8 + 1024 * 76 + 8) / 1e6 + 1024 * 80 / 1e6, abs=1e-3)
    can = bf.can_limit(64 * 1024)
    assert can["write"] == pytest.approx(1024 * 0.0017 + 32 * 0.020) and can["bus_verify"] == pytest.approx(1.59, abs=0.01)
