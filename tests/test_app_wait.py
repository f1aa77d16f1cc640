"""After a flash, the wait for the application is sized by its transport, announced at once, and its silence explained
(issue 11): on the Katapult emulator over a UART, USB (with udev-like by-id links that change name from
usb-katapult_ to usb-Klipper_) and CAN (python-can's virtual bus). Each case: COMPLETE, then the driver's
wait_application; the announcement comes within 1 s and the wait ends within the transport's limit."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest

from doctor.drivers.app_wait import AppWait, by_id_parts
from doctor.drivers.katapult import Options, Session
from doctor.sim import images
from doctor.sim.images import klipper_image
from doctor.sim.katapult import Board, BoardConfig, board_in_bootloader

SIZE = 8 * 1024
UUID = "0123456789ab"
SERIAL = "SIM0123456789"
KLIPPER = klipper_image(SIZE, seed=5)


def silent_image() -> bytes:
    return images.silent_image(SIZE)


def board_for(tmp_path: Path, transport: str, app: bytes | None, **cfg: Any) -> Board:
    return board_in_bootloader(tmp_path, transport, app, serial=SERIAL, uuid=UUID, channel=f"wait-{tmp_path.name}", **cfg).start()


def session_for(tmp_path: Path, transport: str) -> Session:
    if transport == "can":
        return Session(Options(can_iface=f"wait-{tmp_path.name}", uuid=UUID, can_interface="virtual", reply_timeout=0.3))
    if transport == "usb":
        return Session(Options(port=str(tmp_path / "by-id" / f"usb-katapult_stm32f103xe_{SERIAL}-if00"), transport="usb"))
    return Session(Options(port=str(tmp_path / "port"), baud=1_000_000, transport="uart"))


def complete_and_wait(tmp_path: Path, transport: str, app: bytes | None) -> tuple[dict[str, Any], float, float]:
    """(result, seconds until the announcement, seconds until the wait ended), both from the call."""
    if transport == "can":
        import can  # noqa: F401  (python-can is a test extra: an import error fails, it never skips)
    board = board_for(tmp_path, transport, app)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        s = session_for(tmp_path, transport)
        s.enter()
        s.complete()
        announced: list[float] = []
        start = time.monotonic()
        result = s.wait_application(announce=lambda text: announced.append(time.monotonic()))
        ended = time.monotonic() - start
        assert len(announced) == 1
        return result, announced[0] - start, ended
    finally:
        sys.setswitchinterval(switch)
        board.stop()


@pytest.mark.parametrize("transport", ["uart", "usb", "can"])
def test_the_application_that_runs_is_found_at_once(tmp_path: Path, transport: str) -> None:
    result, announced, ended = complete_and_wait(tmp_path, transport, KLIPPER)
    assert result["status"] == "answered", result
    assert announced < 1.0 and ended < 2.0
    if transport == "can":
        assert (result["uuid"], result["app"]) == (UUID, "Klipper")
    else:
        assert (result["version"], result["mcu"]) == ("v0.12.0-100-gsimulated", "stm32f103xe")
    if transport == "usb":  # the new name under which the application enumerated
        assert result["by_id"] == f"usb-Klipper_stm32f103xe_{SERIAL}-if00"
        assert result["port"] == str(tmp_path / "by-id" / result["by_id"])


@pytest.mark.parametrize("transport", ["uart", "usb", "can"])
def test_a_silent_application_is_announced_and_explained_within_the_transports_wait(tmp_path: Path, transport: str) -> None:
    result, announced, ended = complete_and_wait(tmp_path, transport, silent_image())
    limit = AppWait(transport, reenumerate=Options().wait_port).limit()
    assert result["status"] == "no answer", result
    assert announced < 1.0 and ended <= limit + 1.0
    assert result["meaning"] and result["reason"]
    if transport == "uart":
        assert ended < 3.0 and "baud" in result["meaning"]  # the UART's wait is the first reply's, not a re-enumeration's
    if transport == "usb":  # it did enumerate (as Klipper), it just does not answer identify
        assert result["by_id"].startswith("usb-Klipper_") and ended < 3.5
    if transport == "can":
        assert "CANBUS_FREQUENCY" in result["meaning"]


def test_usb_on_a_tty_name_waits_for_it_to_go_and_come_back(tmp_path: Path) -> None:
    """A /dev/ttyACMn-like name (no by-id serial to follow): the wait lets the bootloader's port go first, else
    identify would talk to Katapult in its last 100 ms."""
    board = Board(BoardConfig(transport="usb", serial=SERIAL), tmp_path / "port")
    board.load_app(KLIPPER)
    board.request_flag = True
    board.start()
    try:
        s = Session(Options(port=str(tmp_path / "port"), transport="usb"))
        s.enter()
        s.complete()
        result = s.wait_application()
    finally:
        board.stop()
    assert result["status"] == "answered" and result["version"] == "v0.12.0-100-gsimulated", result


@pytest.mark.parametrize("transport", ["usb", "can"])
def test_the_bootloader_coming_back_is_said_at_once(tmp_path: Path, transport: str) -> None:
    """No valid application: Katapult starts again. USB: it re-enumerates as usb-katapult_; CAN: it answers the
    UUID query as Katapult. The wait says so instead of waiting out its limit."""
    result, _, ended = complete_and_wait(tmp_path, transport, None)
    assert result["status"] == "bootloader", result
    assert "bootloader offset" in result["meaning"]
    if transport == "usb":
        assert result["by_id"] == f"usb-katapult_stm32f103xe_{SERIAL}-if00" and ended < 2.0


def test_what_is_awaited_names_the_transports_event() -> None:
    usb = AppWait("usb", port=f"/dev/serial/by-id/usb-katapult_stm32f446xx_{SERIAL}-if00")
    assert f"serial number {SERIAL} to appear in /dev/serial/by-id" in usb.awaited() and usb.limit() == 10.0
    assert "at 250000 baud" in AppWait("uart", port="/dev/ttyAMA0").awaited()
    assert f"node {UUID} on can0" in AppWait("can", can_iface="can0", uuid=UUID).awaited()
    assert by_id_parts(f"usb-Klipper_stm32h723xx_{SERIAL}-if00") == {"maker": "Klipper", "product": "stm32h723xx", "serial": SERIAL, "iface": "00"}
    assert by_id_parts("usb-1a86_USB2.0-Serial-if00-port0") is None or by_id_parts("usb-1a86_USB2.0-Serial-if00-port0")["serial"] == "USB2.0-Serial"
