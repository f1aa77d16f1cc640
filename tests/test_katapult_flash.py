"""doctor flash --via katapult against the Katapult emulator: byte-for-byte images, faults, pre-flight refusals.

Most tests run the simulated board in a thread at 1 Mbaud with 8 KiB images (line and flash models on);
one runs `doctor sim katapult` as its own process at 250000 baud with a 64 KiB image, as a person would.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

from doctor import cli
from doctor.drivers.katapult import NotInBootloader, Options, Session, Stuck, Vanished, port_holders
from doctor.protocols import katapult as kp
from doctor.sim.images import klipper_image
from doctor.sim.katapult import Board, BoardConfig, Fault

FAST = 1_000_000
SIZE = 8 * 1024


def start_board(tmp_path: Path, *, app: bytes | None = None, in_bootloader: bool = True, **cfg: object) -> Board:
    config = BoardConfig(**{"baud": FAST, **cfg})  # type: ignore[arg-type]
    board = Board(config, tmp_path / "port")
    if app is not None:
        board.load_app(app)
    board.request_flag = in_bootloader
    return board.start()


@pytest.fixture
def image(tmp_path: Path) -> Path:
    p = tmp_path / "klipper.bin"
    p.write_bytes(klipper_image(SIZE, seed=2))
    return p


def flash(image: Path, port: Path, *extra: str, baud: int = FAST) -> int:
    return cli.main(["flash", str(image), "--via", "katapult", "--port", str(port), "--baud", str(baud), "--yes",
                     "--no-rediagnose", "--timeout", "0.3", *extra])


def connects(port: Path, baud: int = FAST) -> bool:
    try:
        with kp.KatapultClient(str(port), baud, timeout=0.3, tries=2) as client:
            client.connect()
        return True
    except kp.KatapultError:
        return False


def test_flash_writes_verifies_and_identifies(tmp_path: Path, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5, version="v0.11.0-old"))
    try:
        assert flash(image, tmp_path / "port", "--json") == 0
        out = json.loads(capsys.readouterr().out.splitlines()[-1])["flash"]["plans"][0]
        assert board.app_image(SIZE) == image.read_bytes()
        assert out["status"] == "done" and out["verified"] is True
        write = next(s for s in out["steps"] if s["name"].startswith("write and verify"))
        assert len(write["detail"]["sha1"]) == 40 and write["detail"]["pages"] == SIZE // 2048
        app = out["steps"][-1]["detail"]["application"]
        assert app["version"] == "v0.12.0-100-gsimulated" and app["mcu"] == "stm32f103xe"
        assert board.mode == "app" and board.stats.lost_rx == 0 and board.stats.pages_erased == SIZE // 2048
    finally:
        board.stop()


def test_flash_64k_at_250000_through_doctor_sim_process(tmp_path: Path) -> None:
    """The issue's acceptance run: a separate `doctor sim katapult` process, its --dump compared byte for byte."""
    size = 64 * 1024
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(size, seed=3))
    old = tmp_path / "old.bin"
    old.write_bytes(klipper_image(size, seed=4, version="old"))
    port, dump = tmp_path / "ttyKatapult", tmp_path / "dump.bin"
    sim = subprocess.Popen(
        [sys.executable, "-m", "doctor", "sim", "katapult", "--link", str(port), "--baud", "250000", "--flash-size", "128K",
         "--start", "0x8002000", "--mcu", "stm32f103xe", "--app", str(old), "--in-bootloader", "--dump", str(dump)],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not port.exists():
            assert time.monotonic() < deadline and sim.poll() is None
            time.sleep(0.02)
        start = time.monotonic()
        rc = cli.main(["flash", str(fw), "--via", "katapult", "--port", str(port), "--baud", "250000", "--flash-size", "128K", "--yes", "--no-rediagnose", "--no-identify"])
        took = time.monotonic() - start
        assert rc == 0
        assert port_holders(str(port)) == []  # the simulator never holds the host's side
    finally:
        sim.send_signal(signal.SIGTERM)
        sim.wait(10)
    flash_image = dump.read_bytes()
    assert len(flash_image) == 128 * 1024
    assert flash_image[0x2000 : 0x2000 + size] == fw.read_bytes()
    assert flash_image[:12] == b"KATAPULT-SIM"  # the bootloader region is untouched
    assert took < 30  # performance is the benchmark's job (benchmarks/bench_flash.py); this bounds a hang


@pytest.mark.parametrize(
    "fault",
    [
        "no_reply:CONNECT@0",
        "no_reply:SEND_BLOCK@5",
        "no_reply:REQUEST_BLOCK@7",
        "corrupt_crc:SEND_BLOCK@3x2",
        "corrupt_crc:REQUEST_BLOCK@10",
        "wrong_address:SEND_BLOCK@4",
        "wrong_address:REQUEST_BLOCK@4",
        "delay:SEND_BLOCK@6=0.5",
        "no_reply:SEND_EOF@0",
    ],
)
def test_fault_ends_in_a_verified_image(tmp_path: Path, image: Path, fault: str) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), faults=[Fault.parse(fault)])
    try:
        assert flash(image, tmp_path / "port", "--no-identify") == 0
        assert board.app_image(SIZE) == image.read_bytes()
    finally:
        board.stop()


def test_line_damage_wedges_katapult_clear_error_then_reset(tmp_path: Path, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Katapult's resync restarts at the damaged frame's own 0x01, so it stops answering until a reset (the
    emulator is faithful to that): doctor says so, never sends COMPLETE, and after a double reset it answers."""
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), faults=[Fault.parse("drop_bytes@400=2")])
    try:
        assert flash(image, tmp_path / "port", "--no-identify") == 3
        err = capsys.readouterr().err
        assert "no longer answers" in err and "Double-tap RESET" in err
        assert board.wedged and board.stats.commands.get("COMPLETE") is None
        board.action("double-reset")
        time.sleep(0.3)
        assert connects(tmp_path / "port")
        assert board.mode == "katapult"
    finally:
        board.stop()


def test_uart_link_lost_for_a_moment(tmp_path: Path, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The link drops for 0.3 s in the middle: either the flash goes on to a verified image, or it stops with a
    clear error and, after the person's double reset, Katapult answers; COMPLETE only ever follows a verified image."""
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), faults=[Fault.parse("vanish:SEND_BLOCK@20=0.3")])
    try:
        rc = flash(image, tmp_path / "port", "--no-identify")
        if rc == 0:
            assert board.app_image(SIZE) == image.read_bytes()
        else:
            assert rc == 3 and "RESET" in capsys.readouterr().err
            assert board.stats.commands.get("COMPLETE") is None
            board.action("double-reset")
            time.sleep(0.3)
            assert connects(tmp_path / "port")
    finally:
        board.stop()


def test_line_damage_with_a_person_at_hand_finishes(tmp_path: Path) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), faults=[Fault.parse("drop_bytes@400=2")])
    img = klipper_image(SIZE, seed=2)
    try:
        session = Session(Options(port=str(tmp_path / "port"), baud=FAST, reply_timeout=0.3))
        session.on_stuck = lambda message: (board.action("double-reset"), True)[1]
        session.enter()
        session.write_and_verify(img)
        assert board.app_image(SIZE) == img and session.counters["resets_by_person"] == 1
        session.close()
    finally:
        board.stop()


def test_fixed_resync_recovers_without_reset(tmp_path: Path, image: Path) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), faults=[Fault.parse("drop_bytes@400=2")], fixed_resync=True)
    try:
        assert flash(image, tmp_path / "port", "--no-identify") == 0
        assert board.app_image(SIZE) == image.read_bytes() and board.stats.nacks >= 1
    finally:
        board.stop()


def test_usb_glitch_is_followed(tmp_path: Path, image: Path) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), transport="usb", faults=[Fault.parse("vanish:SEND_BLOCK@20=0.3")])
    try:
        assert flash(image, tmp_path / "port", "--transport", "usb", "--no-identify") == 0
        assert board.app_image(SIZE) == image.read_bytes()
    finally:
        board.stop()


def test_usb_vanished_for_good_is_a_clear_error_and_katapult_waits(tmp_path: Path) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), transport="usb", faults=[Fault.parse("vanish:SEND_BLOCK@30")])
    try:
        session = Session(Options(port=str(tmp_path / "port"), transport="usb", reply_timeout=0.3, wait_port=1.0))
        session.enter()
        with pytest.raises(Vanished, match="did not come back"):
            session.write_and_verify(klipper_image(SIZE, seed=2))
        board.action("plug")  # the person fixes the cable: the MCU never left Katapult
        time.sleep(0.3)
        assert connects(tmp_path / "port")
    finally:
        board.stop()


def test_double_buffered_usb_first_reply_stuck_is_primed(tmp_path: Path) -> None:
    board = start_board(tmp_path, transport="usb", faults=[Fault("stuck_first_reply")])
    try:
        session = Session(Options(port=str(tmp_path / "port"), transport="usb", usb_product="stm32f103xe"))
        info = session.enter()
        assert info.mcu == "stm32f103xe"
        assert session.client is not None and session.client.stats.retries == 0  # the prime took the stuck reply
        session.close()
    finally:
        board.stop()


def test_wrong_baud_is_found_and_named(tmp_path: Path, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Katapult built for 115200, flashed at 250000: the noise that comes back makes doctor try the common
    rates; it finds 115200, says so (SER007) and flashes there."""
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), baud=115200, faults=[Fault.parse("wrong_baud=115200")])
    try:
        assert flash(image, tmp_path / "port", "--no-identify", baud=250000) == 0
        err = capsys.readouterr().err
        assert "answered at 115200 baud, not at 250000" in err and "SER007" in err
        assert board.app_image(SIZE) == image.read_bytes()
    finally:
        board.stop()


def test_wrong_baud_on_silence_is_a_clear_error(tmp_path: Path, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), in_bootloader=False, app_honours_request=False, bootloader="none")
    try:
        assert flash(image, tmp_path / "port", "--no-identify") == 3
        err = capsys.readouterr().err
        assert "did not answer CONNECT" in err and "BOOT001" in err
    finally:
        board.stop()


def test_application_entry_by_uart_request(tmp_path: Path, image: Path) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5, version="v0.11.0-old"), in_bootloader=False)
    try:
        assert board.mode == "app"
        session = Session(Options(port=str(tmp_path / "port"), baud=FAST, request_wait=0.2))
        info = session.enter()
        assert session.entered_by == "uart-request" and info.app_start == 0x08002000
        assert session.app_before is not None and session.app_before["version"] == "v0.11.0-old"
        session.close()
    finally:
        board.stop()


def test_application_ignoring_the_request_is_boot001(tmp_path: Path) -> None:
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), in_bootloader=False, app_honours_request=False)
    try:
        session = Session(Options(port=str(tmp_path / "port"), baud=FAST, request_wait=0.2))
        with pytest.raises(NotInBootloader, match="did not enter it") as info:
            session.enter()
        assert "BOOT001" in (info.value.hint or "")
        session.close()
    finally:
        board.stop()


@pytest.mark.parametrize(
    ("kwargs", "fid"),
    [
        ({"mcu": "stm32f446xx"}, "FW002"),
        ({"link_address": 0x08000000}, "FW001"),
        ({"size": 120 * 1024}, "FW004"),
    ],
)
def test_mismatched_firmware_refused_before_any_write(tmp_path: Path, kwargs: dict[str, object], fid: str, capsys: pytest.CaptureFixture[str]) -> None:
    fw = tmp_path / "klipper.bin"
    size = int(kwargs.pop("size", SIZE))  # type: ignore[call-overload]
    fw.write_bytes(klipper_image(size, seed=2, mcu=str(kwargs.pop("mcu", "stm32f103x8")), **kwargs))  # type: ignore[arg-type]
    board = start_board(tmp_path, mcu="stm32f103x8", flash_size=128 * 1024)
    try:
        assert flash(fw, tmp_path / "port", "--json") == 3
        out = json.loads(capsys.readouterr().out.splitlines()[-1])["flash"]["plans"][0]
        assert out["status"] == "refused" and [f["id"] for f in out["refused_by"]] == [fid]
        assert board.stats.blocks_written == 0 and "SEND_BLOCK" not in board.stats.commands
        assert connects(tmp_path / "port")
    finally:
        board.stop()


def test_dry_run_and_json_without_yes(tmp_path: Path, image: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = tmp_path / "nothing"
    assert cli.main(["flash", str(image), "--via", "katapult", "--port", str(port), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Plan: flash klipper.bin through Katapult" in out and "writes-flash" in out and "SEND_BLOCK" in out
    assert cli.main(["flash", str(image), "--via", "katapult", "--port", str(port), "--json"]) == 4
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["flash"]["plans"][0]["status"] == "refused"


def test_fault_spec_parsing() -> None:
    f = Fault.parse("corrupt_crc:REQUEST_BLOCK@5x2")
    assert (f.kind, f.cmd, f.at, f.count) == ("corrupt_crc", kp.Cmd.REQUEST_BLOCK, 5, 2)
    assert Fault.parse("wrong_baud=115200").param == 115200
    with pytest.raises(ValueError):
        Fault.parse("melt")


def test_port_holders_finds_this_process(tmp_path: Path) -> None:
    master, slave = os.openpty()
    try:
        name = os.ttyname(slave)
        code = f"import os,time; fd=os.open({name!r}, os.O_RDWR|os.O_NOCTTY); print('open', flush=True); time.sleep(10)"
        with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE) as child:
            try:
                assert child.stdout is not None and child.stdout.readline().strip() == b"open"
                holders = port_holders(name)
                assert child.pid in [h["pid"] for h in holders]
                assert os.getpid() not in [h["pid"] for h in holders]
            finally:
                child.kill()
    finally:
        os.close(master)
        os.close(slave)


def test_board_ignores_host_when_nobody_listens(tmp_path: Path) -> None:
    board = start_board(tmp_path)
    try:
        time.sleep(0.1)  # no one has the port open: the simulator copes (EIO on its side)
        assert connects(tmp_path / "port")
        assert connects(tmp_path / "port")  # and again after the host closed it
    finally:
        board.stop()


def _unused(_: Iterator[None]) -> None:  # keep the Iterator import honest for type checkers
    pass


class CanBridge:
    """The CAN side of a simulated node: python-can's in-process virtual bus <-> the board's byte stream.

    Admin frames on 0x3f0 are handled as Katapult's canserial does (SET_NODEID with this node's UUID assigns
    the data ids, CLEAR drops them); data for the assigned id goes to the board, the board's bytes come back in
    8-byte frames on id + 1."""

    def __init__(self, channel: str, port: Path, uuid: str) -> None:
        import can
        import serial

        self.can = can
        self.bus = can.Bus(interface="virtual", channel=channel)
        self.serial = serial.Serial(str(port), FAST, timeout=0)
        self.uuid = bytes.fromhex(uuid)
        self.rx_id: int | None = None
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop:
            msg = self.bus.recv(0.001)
            if msg is not None:
                data = bytes(msg.data)
                if msg.arbitration_id == kp.CAN_ADMIN_ID and data[:1] == bytes([kp.CAN_SET_KATAPULT_NODEID]) and data[1:7] == self.uuid:
                    self.rx_id = data[7] * 2 + 0x100
                elif msg.arbitration_id == kp.CAN_ADMIN_ID and data[:1] == bytes([kp.CAN_CLEAR_KATAPULT_NODEID]):
                    self.rx_id = None
                elif self.rx_id is not None and msg.arbitration_id == self.rx_id:
                    self.serial.write(data)
            waiting = self.serial.in_waiting
            if waiting and self.rx_id is not None:
                out = self.serial.read(waiting)
                for i in range(0, len(out), 8):
                    self.bus.send(self.can.Message(arbitration_id=self.rx_id + 1, data=out[i : i + 8], is_extended_id=False))

    def close(self) -> None:
        self.stop = True
        self.thread.join(2)
        self.serial.close()
        self.bus.shutdown()


def test_flash_over_can(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CAN: node id 129 assigned by UUID, GET_CANBUS_ID checked, the same flash over 8-byte frames."""
    uuid = "0123456789ab"
    board = start_board(tmp_path, app=klipper_image(SIZE, seed=5), canbus_uuid=uuid)
    bridge = CanBridge("doctor-test", tmp_path / "port", uuid)
    img = klipper_image(SIZE, seed=2)
    try:
        session = Session(Options(can_iface="doctor-test", uuid=uuid, can_interface="virtual", reply_timeout=0.5))
        info = session.enter()
        assert info.mcu == "stm32f103xe" and bridge.rx_id == 0x202
        session.write_and_verify(img)
        session.close()
        assert board.app_image(SIZE) == img
        wrong = Session(Options(can_iface="doctor-test", uuid="ffffffffffff", can_interface="virtual", connect_timeout=0.2))
        assert wrong._try_connect(tries=1) is None  # a UUID no node has: no node takes the id, nothing answers
        wrong.close()
    finally:
        bridge.close()
        board.stop()


def test_doctor_sim_control_fifo_and_dump_on_sigint(tmp_path: Path) -> None:
    from doctor.commands.sim import size

    assert (size("512K"), size("1M"), size("0x10000"), size("65536")) == (512 * 1024, 1 << 20, 65536, 65536)
    app = tmp_path / "app.bin"
    app.write_bytes(klipper_image(SIZE, seed=5))
    port, control, dump = tmp_path / "ttySim", tmp_path / "control", tmp_path / "dump.bin"
    sim = subprocess.Popen(
        [sys.executable, "-m", "doctor", "sim", "katapult", "--link", str(port), "--baud", str(FAST), "--flash-size", "64K",
         "--app", str(app), "--control", str(control), "--dump", str(dump)],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not (port.exists() and control.exists()):
            assert time.monotonic() < deadline and sim.poll() is None
            time.sleep(0.02)
        assert not connects(port)  # Klipper runs: Katapult does not answer
        with open(control, "w") as fifo:
            fifo.write("double-reset\n")
        time.sleep(0.4)
        assert connects(port)
    finally:
        sim.send_signal(signal.SIGINT)
        sim.wait(10)
    data = dump.read_bytes()
    assert len(data) == 64 * 1024 and data[0x2000 : 0x2000 + SIZE] == app.read_bytes()
    assert not control.exists()


def test_plan_stops_and_restarts_the_service_holding_the_port(tmp_path: Path, image: Path) -> None:
    from doctor import firmware
    from doctor.drivers.base import ActionRequest, plan_action
    from doctor.errors import DoctorError

    holders = [{"pid": 812, "comm": "python", "cmdline": "klippy.py printer.cfg", "unit": "klipper.service"}]
    req = ActionRequest(options={"port": "/dev/ttyACM0", "image": firmware.load(image)}, facts={"holders": holders})
    plan = plan_action("katapult.flash", req)
    names = [s.name for s in plan.steps]
    assert names[0].startswith("stop klipper.service") and names[-1] == "start klipper.service again"
    assert plan.steps[0].argv == ["systemctl", "stop", "klipper.service"] and plan.steps[0].root
    assert plan.steps[-1].always and plan.risk == "writes-flash"
    assert plan.params["transport"] == "usb"  # ttyACM: the board's own USB
    bare = [{"pid": 99, "comm": "screen", "cmdline": "screen /dev/ttyACM0", "unit": None}]
    with pytest.raises(DoctorError, match="in use by another program: screen"):
        plan_action("katapult.flash", ActionRequest(options={"port": "/dev/ttyACM0", "image": firmware.load(image)}, facts={"holders": bare}))


def test_choose_via() -> None:
    from doctor.commands.flash import choose_via
    from doctor.errors import UsageError

    assert choose_via({"port": "/dev/ttyACM0"}) == "katapult"
    assert choose_via({"device": "0483:df11"}) == "dfu" and choose_via({"device": "0483:3748"}) == "stlink"
    opts: dict[str, object] = {}
    facts = {"usb": {"devices": [{"vid": "1d50", "pid": "6177", "role": "katapult", "ttys": ["/dev/ttyACM3"]}]}}
    assert choose_via(opts, facts) == "katapult" and opts["port"] == "/dev/ttyACM3"
    with pytest.raises(UsageError):
        choose_via({}, {"usb": {"devices": []}})
