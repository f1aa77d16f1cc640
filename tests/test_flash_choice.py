"""`doctor flash` without a named board: the one board found is named; several are listed, never picked at random (issue 10)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console

from doctor.cli import Context
from doctor.commands.flash import candidates, choose_via
from doctor.errors import UsageError

BOARDS: dict[str, Any] = {
    "usb": {
        "devices": [
            {"vid": "1d50", "pid": "614e", "role": "klipper", "product": "stm32f446xx", "ttys": ["/dev/ttyACM0"], "port_path": "1-1.3"},
            {"vid": "0483", "pid": "df11", "role": "rom-dfu", "product": "STM32  BOOTLOADER", "port_path": "1-1.1"},
            {"vid": "0483", "pid": "3748", "role": "stlink", "product": "STM32 STLink", "port_path": "1-1.4"},
            {"vid": "1a86", "pid": "7523", "role": "usb-serial", "ttys": ["/dev/ttyUSB0"]},
        ]
    },
    "serial": {"ports": [{"device": "/dev/ttyACM0", "by_id": ["/dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00"]}]},
}


def _ctx(*, yes: bool = False, json: bool = False, interactive: bool = False) -> tuple[Context, io.StringIO]:
    err = io.StringIO()
    console = Console(file=io.StringIO(), width=200)
    return Context(console=console, err=Console(file=err, width=300), json=json, yes=yes, dry_run=False, verbosity=0, interactive=interactive), err


def test_every_flashable_board_is_a_candidate_with_the_options_that_name_it() -> None:
    found = candidates(BOARDS)
    assert [c.via for c in found] == ["katapult", "dfu", "stlink"]  # the USB-serial adapter is not a board
    assert found[0].flags() == "--port /dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00"
    assert found[1].flags() == "--device 0483:df11 --usb-path 1-1.1"


@pytest.mark.parametrize("mode", [{"yes": True}, {"json": True}, {"interactive": False}])
def test_several_boards_are_listed_and_none_is_picked(mode: dict[str, bool]) -> None:
    ctx, _ = _ctx(**mode)
    opts: dict[str, Any] = {}
    with pytest.raises(UsageError) as info:
        choose_via(opts, BOARDS, ctx)
    assert info.value.exit_code == 4
    assert "3 boards could be flashed" in info.value.message
    for flag in ("--port /dev/serial/by-id/usb-Klipper_stm32f446xx", "--device 0483:df11 --usb-path 1-1.1", "--device 0483:3748"):
        assert flag in info.value.message
    assert "port" not in opts and "device" not in opts  # nothing chosen


def test_on_a_terminal_the_person_picks(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, err = _ctx(interactive=True)
    monkeypatch.setattr("builtins.input", lambda: "2")
    opts: dict[str, Any] = {}
    assert choose_via(opts, BOARDS, ctx) == "dfu"
    assert opts["device"] == "0483:df11" and opts["path"] == "1-1.1"
    assert "1. stm32f446xx (klipper)" in err.getvalue() and "Which one? [1-3" in err.getvalue()
    monkeypatch.setattr("builtins.input", lambda: "")
    with pytest.raises(UsageError, match="no board chosen"):
        choose_via({}, BOARDS, ctx)


def test_the_only_board_is_named() -> None:
    ctx, err = _ctx(yes=True)
    one = {"usb": {"devices": [BOARDS["usb"]["devices"][1]]}}
    opts: dict[str, Any] = {}
    assert choose_via(opts, one, ctx) == "dfu" and opts["path"] == "1-1.1"
    assert "The only board doctor found: STM32  BOOTLOADER in DFU (0483:df11) at USB 1-1.1." in err.getvalue()


def test_a_usb_path_reaches_dfu_util() -> None:
    from doctor.drivers.base import ActionRequest
    from drivers.dfu_util import dfu_device

    assert dfu_device(ActionRequest(options={"device": "0483:df11", "path": "1-1.1"}, facts={})) == ("0483:df11", "1-1.1")


def test_the_backend_of_a_device_comes_from_the_device_table() -> None:
    """An ST-Link V3 (0483:3754, 0483:3757...) goes to st-flash, not dfu-util; an unknown id is refused."""
    from doctor import devices

    for ident in ("0483:3748", "0483:374e", "0483:3754", "0483:3757"):
        assert choose_via({"device": ident}) == "stlink", ident
    assert choose_via({"device": "0483:df11"}) == "dfu"
    assert choose_via({"device": "16c0:05dc"}) == "avrdude"  # USBasp
    with pytest.raises(UsageError, match="does not know which tool"):
        choose_via({"device": "1234:5678"})
    assert "rom-dfu" in devices.roles_for("dfu", raw_access=True) and "katapult" not in devices.roles_for("dfu")
    for role, row in devices.table().roles.items():  # every backend named is one flash offers
        from doctor.commands.flash import VIAS

        assert all(b in VIAS for b in row.get("backends") or ()), role


def test_recover_lists_several_katapult_boards_and_picks_none(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from doctor import checks
    from doctor.commands.recover import Recovery, TerminalPerson

    two = {"usb": {"devices": [
        {"vid": "1d50", "pid": "614e", "role": "klipper", "product": "stm32f446xx", "ttys": ["/dev/ttyACM0"]},
        {"vid": "1d50", "pid": "6177", "role": "katapult", "product": "rp2040", "ttys": ["/dev/ttyACM1"]},
    ]}}
    monkeypatch.setattr(checks, "collect_all", lambda active=False: two)
    ctx, _ = _ctx(yes=True)
    rec = Recovery(ctx=ctx, args=argparse.Namespace(), person=TerminalPerson(ctx))
    with pytest.raises(UsageError) as info:
        rec.find_port()
    assert "2 Katapult/Klipper boards" in info.value.message and "--port /dev/ttyACM0" in info.value.message and "--port /dev/ttyACM1" in info.value.message
    monkeypatch.setattr(checks, "collect_all", lambda active=False: {"usb": {"devices": two["usb"]["devices"][1:]}})
    assert rec.find_port() == "/dev/ttyACM1"
