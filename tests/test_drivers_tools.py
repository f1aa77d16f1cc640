"""Drivers for dfu-util, st-flash, openocd, avrdude and SD cards: plans argument by argument for each fault's
action, outcomes read from recorded real outputs (fake tools on a temporary PATH), and the re-diagnosis
after the action (the facts the action's own runs produced) free of the fault."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES, TESTS
from fake_tools import FakeTools, Reply, make_ctx

from doctor import engine
from doctor import knowledge as kb
from doctor.drivers import ACTIONS, base
from doctor.drivers import dfu_util
from doctor.drivers._output import facts_of
from doctor.drivers.base import ActionRequest, plan_action
from doctor.errors import DoctorError
from doctor.parsers import parse_text
from doctor.sim.images import klipper_image

RECORDED = TESTS / "recorded"


def recorded(name: str) -> str:
    return (RECORDED / name).read_text()


def case(name: str, file: str) -> str:
    return (CASES / name / file).read_text()


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    fake = FakeTools(tmp_path / "bin")
    monkeypatch.setenv("PATH", fake.path_env())
    return fake


def finding_ids(facts: dict[str, Any], *severities: str) -> set[str]:
    return {f.id for f in engine.evaluate(facts) if not severities or f.severity in severities}


def diagnose(text: str, source: str = "paste") -> dict[str, Any]:
    return parse_text(text, source)


def action_of(fault: str) -> tuple[str, dict[str, Any]]:
    """The first action the knowledge entry of `fault` names, with its parameters."""
    entry = kb.get(fault)
    assert entry is not None and entry.actions, f"{fault} names no action"
    action = entry.actions[0]
    assert action["name"] in ACTIONS
    return action["name"], dict(action.get("params", {}))


def argvs(plan: base.Plan) -> list[list[str]]:
    return [s.argv for s in plan.steps if s.argv is not None]


# --- dfu-util ----------------------------------------------------------------------------------------------


def _katapult_bin(tmp_path: Path) -> Path:
    path = tmp_path / "katapult.bin"
    path.write_bytes(klipper_image(8192, mcu="stm32h723xx", link_address=0x08000000, stack_top=0x24010000))
    return path


def test_kat001_mass_erase_plan_argument_by_argument(tmp_path: Path) -> None:
    name, params = action_of("KAT001")
    assert name == "dfu.mass_erase"
    fw = _katapult_bin(tmp_path)
    plan = plan_action(name, ActionRequest(params=params, options={"firmware": str(fw), "expect": "usb-katapult_*"}))
    assert argvs(plan) == [["dfu-util", "-a", "0", "-d", "0483:df11", "-s", "0x08000000:mass-erase:force:leave", "-D", str(fw)]]
    assert plan.risk == "erases" and plan.resolves == ["KAT001"] and not plan.blockers
    assert plan.steps[-1].verify


def test_kat001_mass_erase_runs_needs_force_and_leaves_dfu(tmp_path: Path, tools: FakeTools) -> None:
    tools.add("dfu-util", Reply(r"-D ", stdout=recorded("dfu-util-mass-erase-leave.txt")), Reply(r"^-l$", stdout=recorded("dfu-util-list-empty.txt")))
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    (by_id / "usb-katapult_stm32h723xx_1A0039001051313236343430-if00").symlink_to("/dev/null")
    fw = _katapult_bin(tmp_path)
    plan = plan_action("dfu.mass_erase", ActionRequest(options={"firmware": str(fw), "expect": "usb-katapult_*", "by_id_dir": str(by_id)}))
    with pytest.raises(DoctorError, match="--force"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert tools.calls() == []
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], force=True, rediagnose=lambda: facts_of(state), state=state)
    assert outcome.status == "done" and outcome.verified
    assert tools.calls("dfu-util")[0][-4:] == ["-s", "0x08000000:mass-erase:force:leave", "-D", str(fw)]
    assert outcome.resolved == ["KAT001"] and not finding_ids(facts_of(state), "error", "warning")


def test_dfu001_get_status_after_leave_is_success_once_the_app_enumerates(tmp_path: Path, tools: FakeTools) -> None:
    # the real outcome of a real download (dfu-util exits 74 after printing the get_status error)
    tools.add(
        "dfu-util",
        Reply(r"-D ", stdout=recorded("dfu-util-leave-get-status.txt"), rc=74),
        Reply(r"^-l$", stdout=recorded("dfu-util-list-rom-dfu.txt"), times=2),  # still in DFU for two polls
        Reply(r"^-l$", stdout=recorded("dfu-util-list-empty.txt")),
    )
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(20000, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))

    def app_appears() -> None:
        time.sleep(0.4)
        (by_id / "usb-Klipper_stm32f446xx_3E0031000851303437363633-if00").symlink_to("/dev/null")

    plan = plan_action("dfu.flash", ActionRequest(options={"firmware": str(fw), "address": "0x08008000", "expect": "usb-Klipper_*", "by_id_dir": str(by_id)}))
    assert argvs(plan) == [["dfu-util", "-a", "0", "-d", "0483:df11", "-s", "0x08008000:leave", "-D", str(fw)]]
    assert plan.risk == "writes-flash"
    threading.Thread(target=app_appears, daemon=True).start()
    state: dict[str, Any] = {}
    ctx, out = make_ctx()
    outcome = base.run_plan(plan, ctx, rediagnose=lambda: facts_of(state), state=state)
    assert outcome.status == "done" and outcome.verified
    assert len(tools.calls("dfu-util")) >= 4  # download, then -l until the device was gone
    assert "DFU001" in out.getvalue() and "harmless" in out.getvalue()
    after = engine.evaluate(facts_of(state))
    assert not [f for f in after if f.severity in ("error", "warning")]
    assert {f.id for f in after} <= {"DFU001"}  # the info note, never an error


def test_dfu_board_that_stays_in_dfu_fails_with_the_boot0_hint(tmp_path: Path, tools: FakeTools) -> None:
    tools.add("dfu-util", Reply(r"-D ", stdout=recorded("dfu-util-leave-get-status.txt"), rc=74), Reply(r"^-l$", stdout=recorded("dfu-util-list-rom-dfu.txt")))
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(4096, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    plan = plan_action("dfu.flash", ActionRequest(options={"firmware": str(fw), "address": "0x08008000", "leave_timeout": 0.5}))
    with pytest.raises(DoctorError) as err:
        base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert "still in DFU" in err.value.message and "BOOT0" in (err.value.hint or "")


def test_dfu_get_status_error_during_the_download_is_a_failure(tmp_path: Path, tools: FakeTools) -> None:
    tools.add("dfu-util", Reply(r"-D ", stdout=recorded("dfu-util-get-status-during-download.txt"), rc=74), Reply(r"^-l$", stdout=""))
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(4096, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    plan = plan_action("dfu.flash", ActionRequest(options={"firmware": str(fw), "address": "0x08008000"}))
    with pytest.raises(DoctorError, match="get_status"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert [c for c in tools.calls("dfu-util") if c == ["-l"]] == []  # no waiting after a failed write


def test_dfu_refuses_an_image_linked_for_another_offset(tmp_path: Path) -> None:
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(4096, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    plan = plan_action("dfu.flash", ActionRequest(options={"firmware": str(fw), "address": "0x08000000", "mcu": "stm32f446xx"}))
    assert [b.id for b in plan.blockers] == ["FW001"]


def test_dfu_device_and_path_come_from_the_scan(tmp_path: Path) -> None:
    fw = tmp_path / "gd.bin"
    fw.write_bytes(b"\x00\x50\x00\x20" + b"\x01\x01\x00\x08" * 3 + b"\x00" * 1000)
    facts = {"usb": {"devices": [{"vid": "28e9", "pid": "0189", "role": "gd32v-dfu", "port_path": "1-1.2"}]}}
    plan = dfu_util.plan_flash(ActionRequest(options={"firmware": str(fw)}, facts=facts))
    assert argvs(plan)[0][:7] == ["dfu-util", "-a", "0", "-d", "28e9:0189", "-p", "1-1.2"]


def test_dfu_hex_is_converted_to_a_raw_binary(tmp_path: Path, tools: FakeTools) -> None:
    from intelhex import IntelHex

    data = klipper_image(4096, mcu="stm32f103xe", link_address=0x08002000)
    ih = IntelHex()
    ih.frombytes(data, offset=0x08002000)
    hexfile = tmp_path / "klipper.hex"
    ih.write_hex_file(str(hexfile))
    plan = dfu_util.plan_flash(ActionRequest(options={"firmware": str(hexfile)}))
    raw = argvs(plan)[0][-1]
    assert argvs(plan)[0][-3] == "0x08002000:leave" and raw.endswith(".bin")
    tools.add("dfu-util", Reply(r"-D ", stdout=recorded("dfu-util-mass-erase-leave.txt")), Reply(r"^-l$", stdout=""))
    base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert Path(raw).read_bytes() == data
    os.unlink(raw)
