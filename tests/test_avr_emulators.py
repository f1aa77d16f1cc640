"""The real avrdude against the STK500v1 and AVR109 (Caterina) emulators on pseudo-terminals."""

from __future__ import annotations

import random
import subprocess
import time
from pathlib import Path

import pytest
import serial
from intelhex import IntelHex

from doctor.sim import stk500v1 as stk
from doctor.sim.avr import PARTS, AvrChip
from doctor.sim.avr109 import Avr109, CaterinaBoard
from doctor.sim.stk500v1 import Stk500v1

from conftest import have

needs_avrdude = pytest.mark.skipif(not have("avrdude"), reason="avrdude is not installed")


def make_hex(path: Path, size: int, seed: int, offset: int = 0) -> bytes:
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(size))
    ih = IntelHex()
    ih.frombytes(data, offset=offset)
    ih.write_hex_file(str(path))
    return data


def avrdude(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["avrdude", *args], capture_output=True, text=True, timeout=60)


def wait_for(path: Path, timeout: float) -> float:
    start = time.monotonic()
    while not path.exists():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{path} did not appear within {timeout} s")
        time.sleep(0.01)
    return time.monotonic() - start


@needs_avrdude
def test_arduino_bootloader_flash_written_and_verified(tmp_path: Path) -> None:
    data = make_hex(tmp_path / "app.hex", 6000, seed=1)
    chip = AvrChip(PARTS["m328p"])
    with Stk500v1(chip) as emu:
        res = avrdude("-c", "arduino", "-p", "m328p", "-P", emu.port, "-b", "115200", "-U", f"flash:w:{tmp_path / 'app.hex'}:i")
    assert res.returncode == 0, res.stderr
    assert "device signature = 0x1e950f" in res.stderr
    assert "6000 bytes of flash verified" in res.stderr
    assert chip.image(len(data)) == data
    assert chip.image()[len(data) :] == b"\xff" * (len(chip.flash) - len(data))
    # the commands avrdude sent are the ones AVR061 defines, in a sensible order
    sent = [c for c, _ in emu.log]
    assert sent[0] == stk.GET_SYNC and stk.READ_SIGN in sent and stk.PROG_PAGE in sent and stk.READ_PAGE in sent
    assert sent.index(stk.ENTER_PROGMODE) < sent.index(stk.PROG_PAGE) < sent.index(stk.LEAVE_PROGMODE)


@needs_avrdude
def test_isp_efuse_unused_bits_read_back_as_one() -> None:
    """AVR004 on a simulated ATmega328P: 0x05 reads back 0xFD; 0xFD (unused bits set) verifies cleanly."""
    chip = AvrChip(PARTS["m328p"])
    chip.fuses[2] = 0xFF
    with Stk500v1(chip, mode="isp") as emu:
        bad = avrdude("-c", "avrisp", "-p", "m328p", "-P", emu.port, "-b", "19200", "-U", "efuse:w:0x05:m")
        good = avrdude("-c", "avrisp", "-p", "m328p", "-P", emu.port, "-b", "19200", "-U", "efuse:w:0xFD:m")
    assert "0xfd != input 0x05" in bad.stderr  # avrdude 7.1 warns where older versions failed
    assert good.returncode == 0 and "mismatch" not in good.stderr and "failed" not in good.stderr
    assert chip.fuses[2] == 0xFD


@needs_avrdude
def test_avr109_flash_written_and_verified(tmp_path: Path) -> None:
    data = make_hex(tmp_path / "kb.hex", 9000, seed=2)
    chip = AvrChip(PARTS["m32u4"])
    with Avr109(chip) as emu:
        res = avrdude("-c", "avr109", "-p", "m32u4", "-P", emu.port, "-b", "57600", "-U", f"flash:w:{tmp_path / 'kb.hex'}:i")
    assert res.returncode == 0, res.stderr
    assert "device signature = 0x1e9587" in res.stderr and "9000 bytes of flash verified" in res.stderr
    assert chip.image(len(data)) == data
    assert emu.commands[-1] == "E" and "e" in emu.commands  # erased, then left the bootloader


@needs_avrdude
def test_caterina_touch_opens_the_window_and_avrdude_flashes(tmp_path: Path) -> None:
    data = make_hex(tmp_path / "qmk.hex", 7000, seed=3)
    chip = AvrChip(PARTS["m32u4"])
    with CaterinaBoard(chip, tmp_path / "by-id", window=3.0) as board:
        assert board.app_link.exists() and not board.bootloader_link.exists()
        with serial.Serial(str(board.app_link), 9600):
            pass  # opening at another speed is not a touch
        time.sleep(0.2)
        assert not board.bootloader_link.exists()
        serial.Serial(str(board.app_link), 1200).close()  # the 1200-baud touch
        wait_for(board.bootloader_link, 2.0)
        assert not board.app_link.exists()  # the application's port went away: the board re-enumerated
        res = avrdude("-c", "avr109", "-p", "m32u4", "-P", str(board.bootloader_link), "-U", f"flash:w:{tmp_path / 'qmk.hex'}:i")
        assert res.returncode == 0, res.stderr
        wait_for(board.app_link, 2.0)  # 'E' started the application again
    assert chip.image(len(data)) == data
    assert [h for h, _ in board.history] == ["app", "touch", "bootloader", "exit", "app"]


def test_caterina_window_closes_after_idle(tmp_path: Path) -> None:
    """Without a command Caterina leaves after its window (scaled down from 8 s here)."""
    chip = AvrChip(PARTS["m32u4"])
    window = 0.8
    with CaterinaBoard(chip, tmp_path / "by-id", window=window, reenumerate_delay=0.1) as board:
        serial.Serial(str(board.app_link), 1200).close()
        wait_for(board.bootloader_link, 2.0)
        opened = time.monotonic()
        wait_for(board.app_link, window + 2.0)
        stayed = time.monotonic() - opened
    assert not board.bootloader_link.exists()
    assert window * 0.9 <= stayed <= window + 1.0
    assert [h for h, _ in board.history] == ["app", "touch", "bootloader", "idle", "app"]


def test_caterina_without_touch_support_needs_a_double_reset(tmp_path: Path) -> None:
    chip = AvrChip(PARTS["m32u4"])
    with CaterinaBoard(chip, tmp_path / "by-id", window=0.5, honours_touch=False, reenumerate_delay=0.05) as board:
        serial.Serial(str(board.app_link), 1200).close()
        time.sleep(0.3)
        assert not board.bootloader_link.exists()
        board.double_reset()
        wait_for(board.bootloader_link, 2.0)


def _exchange(port: str, data: bytes, n: int) -> bytes:
    with serial.Serial(port, 115200, timeout=1) as s:
        s.write(data)
        return s.read(n)


def test_stk500_frames_without_eop_lose_sync_and_unknown_commands_are_reported() -> None:
    chip = AvrChip(PARTS["m328p"])
    with Stk500v1(chip) as emu:
        assert _exchange(emu.port, bytes((stk.GET_SYNC, stk.EOP)), 2) == bytes((stk.RESP_INSYNC, stk.RESP_OK))
        assert _exchange(emu.port, bytes((stk.GET_SYNC, 0x00)), 1) == bytes((stk.RESP_NOSYNC,))
        assert _exchange(emu.port, bytes((0x99, stk.EOP)), 1) == bytes((stk.RESP_UNKNOWN,))
        assert _exchange(emu.port, bytes((stk.GET_SIGN_ON, stk.EOP)), 9) == b"\x14AVR STK\x10"


def test_stk500_isp_slow_target_answers_only_with_a_long_sck_period() -> None:
    """A 128 kHz target needs SCK >= 4 target cycles (31.25 us): SCK_DURATION 29 = 31.5 us."""
    chip = AvrChip(PARTS["m328p"])
    with Stk500v1(chip, mode="isp", target_clock_hz=128_000) as emu:
        enter = bytes((stk.ENTER_PROGMODE, stk.EOP))
        assert _exchange(emu.port, enter, 2) == bytes((stk.RESP_INSYNC, stk.RESP_NODEVICE))
        set_sck = bytes((stk.SET_PARAMETER, stk.PARM_SCK_DURATION, 29, stk.EOP))
        assert _exchange(emu.port, set_sck, 2) == bytes((stk.RESP_INSYNC, stk.RESP_OK))
        assert _exchange(emu.port, enter, 2) == bytes((stk.RESP_INSYNC, stk.RESP_OK))


def test_avr109_unknown_command_and_signature_order() -> None:
    chip = AvrChip(PARTS["m32u4"])
    with Avr109(chip) as emu:
        assert _exchange(emu.port, b"Z", 1) == b"?"
        assert _exchange(emu.port, b"s", 3) == bytes((0x87, 0x95, 0x1E))  # last byte first
        assert _exchange(emu.port, b"S", 7) == b"CATERIN"
        assert _exchange(emu.port, b"b", 3) == b"Y\x00\x80"
