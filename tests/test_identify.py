"""doctor identify against emulators on pseudo-terminals: Klipper, Katapult, nothing, wrong baud, held port."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator

import pytest

from doctor import cli
from doctor.identify import identify_port
from doctor.errors import UsageError
from doctor.protocols import katapult
from doctor.protocols.klipper import example_dictionary
from doctor.sim.klipper_mcu import Faults, KlipperMcuSim


class KatapultPty:
    """A minimal Katapult bootloader on a pty that answers CONNECT (framing from doctor.protocols.katapult)."""

    def __init__(self, mcu: str = "stm32f103xe", app_start: int = 0x08002000) -> None:
        self.fd, follower = os.openpty()
        import tty

        tty.setraw(follower)
        self.port = os.ttyname(follower)
        os.close(follower)
        os.set_blocking(self.fd, False)
        self.reply = katapult.ack(katapult.Cmd.CONNECT, katapult.connect_payload(app_start, 64, mcu, "v0.0.1-104-gfcb2f84")[4:])
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self) -> None:
        reader = katapult.FrameReader()
        while not self.stop.is_set():
            try:
                data = os.read(self.fd, 512)
            except (BlockingIOError, OSError):
                time.sleep(0.005)
                continue
            if b"\x01\x88" not in data:
                os.write(self.fd, katapult.encode(katapult.Resp.NACK))  # bad start of frame: one NACK, as the firmware
                continue
            reader.feed(data)
            for item in reader.frames():
                if isinstance(item, katapult.Frame) and item.cmd == katapult.Cmd.CONNECT:
                    os.write(self.fd, self.reply)
                else:
                    os.write(self.fd, katapult.encode(katapult.Resp.NACK))

    def __enter__(self) -> "KatapultPty":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(2)
        os.close(self.fd)


@pytest.fixture
def mcu() -> Iterator[KlipperMcuSim]:
    with KlipperMcuSim(example_dictionary("stm32h723xx", "v0.12.0-400-gabcdef", clock_freq=400_000_000), baud=250000) as sim:
        yield sim


def test_klipper_is_named_with_version_mcu_and_clock(mcu: KlipperMcuSim) -> None:
    result = identify_port(mcu.port)
    assert result["outcome"] == "klipper"
    k = result["klipper"]
    assert (k["mcu"], k["version"], k["clock_freq"], k["serial_baud"]) == ("stm32h723xx", "v0.12.0-400-gabcdef", 400_000_000, 250000)
    assert k["config"]["RECEIVE_WINDOW"] == 192
    assert result["seconds"] < 1.0 and result["tried"] == ["katapult", "klipper"]  # Klipper's NAK of CONNECT ends that try at once


def test_katapult_is_named_with_start_address() -> None:
    with KatapultPty() as kat:
        result = identify_port(kat.port)
    assert result["outcome"] == "katapult", result
    info = result["katapult"]
    assert (info["mcu"], info["app_start"], info["block_size"], info["proto_version"]) == ("stm32f103xe", 0x08002000, 64, "1.1.0")
    assert result["tried"] == ["katapult"] and result["seconds"] < 1.0


def test_wrong_baud_is_noise_within_the_budget(mcu: KlipperMcuSim) -> None:
    start = time.monotonic()
    result = identify_port(mcu.port, 115200, budget=1.2)
    assert time.monotonic() - start < 1.5
    assert result["outcome"] == "noise" and result["bytes_received"] > 0
    assert mcu.garbled > 0


def test_silent_board_is_silent() -> None:
    with KlipperMcuSim(faults=Faults(silent=True)) as sim:
        result = identify_port(sim.port, budget=1.0)
    assert result["outcome"] == "silent" and result["bytes_received"] == 0
    assert result["tried"] == ["katapult", "klipper"]


def test_garbage_board_is_noise() -> None:
    with KlipperMcuSim(faults=Faults(garbage=True)) as sim:
        result = identify_port(sim.port, budget=1.0)
    assert result["outcome"] == "noise"


def test_slow_board_still_answers() -> None:
    with KlipperMcuSim(faults=Faults(delay=0.08)) as sim:
        result = identify_port(sim.port)
    assert result["outcome"] == "klipper"


def test_held_port_is_never_opened(mcu: KlipperMcuSim) -> None:
    with mcu.hold_port() as pid:
        result = identify_port(mcu.port)
    assert result["outcome"] == "held"
    assert [h["pid"] for h in result["holders"]] == [pid]
    assert mcu.received == 0  # doctor sent nothing


def test_missing_and_not_a_port(tmp_path: os.PathLike[str]) -> None:
    assert identify_port(os.path.join(tmp_path, "ttyACM9"))["outcome"] == "missing"
    plain = os.path.join(tmp_path, "file")
    open(plain, "w").close()
    assert identify_port(plain)["outcome"] == "error"


def test_1200_baud_is_refused() -> None:
    with pytest.raises(UsageError):
        identify_port("/dev/null", 1200)


def test_cli_json_and_text(mcu: KlipperMcuSim, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["identify", mcu.port, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["identify"]["answered"] is True and data["identify"]["klipper"]["mcu"] == "stm32h723xx"
    assert data["snapshot"]["identify"]["ports"][0]["outcome"] == "klipper"
    assert cli.main(["identify", mcu.port]) == 0
    out = capsys.readouterr().out
    assert "Klipper v0.12.0-400-gabcdef" in out and "stm32h723xx" in out and "400 MHz" in out


def test_cli_says_what_silence_means(capsys: pytest.CaptureFixture[str]) -> None:
    with KlipperMcuSim(faults=Faults(silent=True)) as sim:
        code = cli.main(["identify", sim.port])
    out = capsys.readouterr().out
    assert code != 0
    assert "Nothing answered" in out and "SER006" in out and "BOOT001" in out


def test_a_char_device_that_is_not_a_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("doctor.identify.port_holders", lambda port: [])  # every shell holds /dev/null
    result = identify_port("/dev/null", budget=0.5)
    assert result["outcome"] == "error" and "/dev/null" in result["error"] and result["tried"] == []


def test_emulator_as_a_process(tmp_path: os.PathLike[str]) -> None:
    """`python -m doctor.sim.klipper_mcu --link-file X` serves until SIGTERM and removes its link."""
    import subprocess
    import sys

    link = os.path.join(tmp_path, "klipper_host_mcu")
    proc = subprocess.Popen([sys.executable, "-m", "doctor.sim.klipper_mcu", "--mcu", "rp2040", "--link-file", link], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().startswith("/dev/pts/")
        assert identify_port(link)["klipper"]["mcu"] == "rp2040"
    finally:
        proc.terminate()
        proc.wait(5)
        if proc.stdout is not None:
            proc.stdout.close()
    assert not os.path.lexists(link)


def test_cli_held_port_is_judged_ser003(mcu: KlipperMcuSim, capsys: pytest.CaptureFixture[str]) -> None:
    with mcu.hold_port():
        code = cli.main(["identify", mcu.port, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["identify"]["outcome"] == "held"
    assert code == (2 if any(f["severity"] == "error" for f in data["findings"]) else 1)  # README: the exit code follows the findings (issue 13)
    assert "SER003" in [f["id"] for f in data["findings"]]
