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
    plan = dfu_util.plan_flash(ActionRequest(options={"firmware": str(fw), "address": "0x08000000"}, facts=facts))
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


# --- st-flash and openocd ------------------------------------------------------------------------------------


def _f1_image(tmp_path: Path, name: str = "klipper.bin", link: int = 0x08000000) -> Path:
    """A Klipper build as `make` leaves it: out/klipper.bin with the .config that says where it is linked."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    path = out / name
    path.write_bytes(klipper_image(8192, mcu="stm32f103xe", link_address=link, stack_top=0x20005000))
    (tmp_path / ".config").write_text(f'CONFIG_MCU="stm32f103xe"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x{link:x}\n')
    return path


def test_swd004_connect_under_reset_plan_run_and_rediagnosis(tmp_path: Path, tools: FakeTools) -> None:
    bad = diagnose(recorded("st-flash-connect-under-reset-hint.txt"), "st-flash")
    assert "SWD004" in finding_ids(bad)
    name, params = action_of("SWD004")
    assert (name, params) == ("stlink.flash", {"connect_under_reset": True})
    fw = _f1_image(tmp_path)
    plan = plan_action(name, ActionRequest(params=params, options={"firmware": str(fw)}, facts=bad))
    assert argvs(plan) == [["st-flash", "--reset", "--connect-under-reset", "write", str(fw), "0x08000000"]]
    assert plan.steps[0].name == "confirm that RST is wired to NRST" and "SWD004" in plan.resolves
    tools.add("st-flash", stdout=case("seed-qidi-plus4-stflash-katapult-ok", "st-flash.txt"))
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=lambda: facts_of(state), state=state)
    assert outcome.status == "done" and outcome.verified
    assert tools.calls("st-flash") == [["--reset", "--connect-under-reset", "write", str(fw), "0x08000000"]]
    assert "SWD004" in outcome.resolved and not finding_ids(facts_of(state), "error", "warning")


def test_swd005_nrst_not_wired_stops_before_writing(tmp_path: Path, tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = {"stlink": {"runs": [{"tool": "st-flash", "connect_under_reset": True, "events": [
        {"kind": "nrst_not_connected", "line": "2022-03-08T12:16:31 WARN common.c: NRST is not connected"}]}]}}
    assert "SWD005" in finding_ids(bad, "warning")
    fw = _f1_image(tmp_path)
    plan = plan_action("stlink.flash", ActionRequest(params={"connect_under_reset": True, "nrst": "ask"}, options={"firmware": str(fw)}))
    assert plan.resolves == ["SWD004", "SWD005"]
    tools.add("st-flash", stdout=case("seed-qidi-plus4-stflash-katapult-ok", "st-flash.txt"))
    answers = iter(["y", "n"])  # proceed with the plan: yes; is RST wired to NRST: no
    monkeypatch.setattr("builtins.input", lambda: next(answers))
    with pytest.raises(DoctorError) as err:
        base.run_plan(plan, make_ctx(yes=False, interactive=True)[0], rediagnose=None)
    assert "SWD005" in err.value.message and "NRST" in (err.value.hint or "")
    assert tools.calls("st-flash") == []
    answers = iter(["y", "y"])
    outcome = base.run_plan(plan, make_ctx(yes=False, interactive=True)[0], rediagnose=None)
    assert outcome.verified and len(tools.calls("st-flash")) == 1


def test_swd006_unlock_plan_run_and_rediagnosis(tmp_path: Path, tools: FakeTools) -> None:
    bad = diagnose(case("stlink-rdp-readout-protection", "stlink-utility.txt"), "utility")
    assert "SWD006" in finding_ids(bad)
    name, params = action_of("SWD006")
    assert name == "openocd.unlock"
    fw = _f1_image(tmp_path)
    plan = plan_action(name, ActionRequest(params=params, options={"target": "stm32f1x", "firmware": str(fw)}, facts=bad))
    assert argvs(plan) == [
        ["openocd", "-f", "interface/stlink.cfg", "-f", "target/stm32f1x.cfg", "-c", "init; reset halt; stm32f1x unlock 0; reset halt; exit"],
        ["openocd", "-f", "interface/stlink.cfg", "-f", "target/stm32f1x.cfg", "-c", f"program {fw} 0x08000000 verify reset exit"],
    ]
    assert plan.risk == "erases" and plan.steps[0].risk == "erases" and plan.steps[1].name == "power-cycle the board"
    tools.add("openocd", Reply("unlock", stderr=recorded("openocd-unlock-stm32f1x.txt")), Reply("program", stderr=recorded("openocd-program-verified.txt")))
    with pytest.raises(DoctorError, match="--force"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], force=True, rediagnose=lambda: facts_of(state), state=state)
    assert outcome.status == "done" and outcome.verified and outcome.resolved == ["SWD006"]
    assert not finding_ids(facts_of(state), "error", "warning")


def test_swd006_family_from_the_chip_id_the_probe_read() -> None:
    facts = {"stlink": {"runs": [{"tool": "st-info", "chipid": "0x0413", "flash_size": 0, "events": []}]}}
    plan = plan_action("openocd.unlock", ActionRequest(facts=facts))
    assert argvs(plan) == [["openocd", "-f", "interface/stlink.cfg", "-f", "target/stm32f4x.cfg", "-c", "init; reset halt; stm32f2x unlock 0; reset halt; exit"]]


def test_swd007_clone_idcode_with_openocd(tmp_path: Path, tools: FakeTools) -> None:
    bad = diagnose(case("openocd-cks32-clone-idcode", "openocd.txt"), "openocd")
    assert "SWD007" in finding_ids(bad)
    name, params = action_of("SWD007")
    assert (name, params) == ("openocd.flash", {"accept_any_idcode": True})
    fw = _f1_image(tmp_path, link=0x08000000)
    plan = plan_action(name, ActionRequest(params=params, options={"firmware": str(fw)}, facts=bad))
    assert argvs(plan) == [[
        "openocd", "-f", "interface/stlink.cfg", "-c", "set CPUTAPID 0x2ba01477", "-f", "target/stm32f1x.cfg",
        "-c", f"program {fw} 0x08000000 verify reset exit",
    ]]
    tools.add("openocd", stderr=recorded("openocd-program-verified.txt"))
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=lambda: facts_of(state), state=state)
    assert outcome.verified and outcome.resolved == ["SWD007"] and not finding_ids(facts_of(state), "error", "warning")


def test_swd007_clone_flash_size_with_st_flash(tmp_path: Path, tools: FakeTools) -> None:
    fw = _f1_image(tmp_path)
    plan = plan_action("stlink.flash", ActionRequest(params={"flash_size": "64K"}, options={"firmware": str(fw)}))
    assert argvs(plan) == [["st-flash", "--reset", "--flash=64k", "write", str(fw), "0x08000000"]]
    assert plan.resolves == ["SWD007"]
    tools.add("st-flash", stdout=case("seed-qmk-stflash-bluepill-ok", "st-flash.txt"))
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=lambda: facts_of(state), state=state)
    assert outcome.verified and not finding_ids(facts_of(state), "error", "warning")  # NRST not connected: info only


def test_swd004_under_reset_with_openocd(tmp_path: Path) -> None:
    fw = _f1_image(tmp_path)
    plan = plan_action("openocd.flash", ActionRequest(params={"connect_under_reset": True}, options={"firmware": str(fw)}))
    assert argvs(plan) == [[
        "openocd", "-f", "interface/stlink.cfg", "-f", "target/stm32f1x.cfg",
        "-c", "reset_config srst_only srst_nogate connect_assert_srst", "-c", f"program {fw} 0x08000000 verify reset exit",
    ]]


def test_st_flash_write_without_verification_is_a_failure(tmp_path: Path, tools: FakeTools) -> None:
    fw = _f1_image(tmp_path)
    tools.add("st-flash", stdout=case("stlink-connect-under-reset-f4-0xe0042000", "st-flash.txt"), rc=255)
    plan = plan_action("stlink.flash", ActionRequest(options={"firmware": str(fw)}))
    with pytest.raises(DoctorError, match="unknown chip id"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)


def test_st_flash_hex_carries_its_address(tmp_path: Path) -> None:
    from intelhex import IntelHex

    ih = IntelHex()
    ih.frombytes(klipper_image(4096, mcu="stm32f103xe", link_address=0x08002000), offset=0x08002000)
    hexfile = tmp_path / "klipper.hex"
    ih.write_hex_file(str(hexfile))
    plan = plan_action("stlink.flash", ActionRequest(options={"firmware": str(hexfile)}))
    assert argvs(plan) == [["st-flash", "--reset", "--format", "ihex", "write", str(hexfile)]]


# --- avrdude ---------------------------------------------------------------------------------------------------

needs_avrdude = pytest.mark.skipif(not __import__("shutil").which("avrdude"), reason="avrdude is not installed")


def _hex(path: Path, size: int, seed: int) -> bytes:
    import random

    from intelhex import IntelHex

    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(size))
    ih = IntelHex()
    ih.frombytes(data, offset=0)
    ih.write_hex_file(str(path))
    return data


@needs_avrdude
def test_caterina_touch_window_and_real_avrdude_through_the_driver(tmp_path: Path) -> None:
    from doctor.sim.avr import PARTS, AvrChip
    from doctor.sim.avr109 import CaterinaBoard

    data = _hex(tmp_path / "qmk.hex", 12000, seed=7)
    chip = AvrChip(PARTS["m32u4"])
    links = tmp_path / "by-id"
    with CaterinaBoard(chip, links, reenumerate_delay=0.3) as board:  # the real 8 s window
        plan = plan_action("avrdude.flash", ActionRequest(options={
            "programmer": "caterina", "port": str(board.app_link), "firmware": str(tmp_path / "qmk.hex"), "by_id_dir": str(links)}))
        assert plan.steps[1].argv == ["avrdude", "-c", "avr109", "-p", "m32u4", "-P", "<bootloader port>", "-U", f"flash:w:{tmp_path / 'qmk.hex'}:i"]
        state: dict[str, Any] = {}
        outcome = base.run_plan(plan, make_ctx()[0], rediagnose=lambda: facts_of(state), state=state)
        assert outcome.status == "done" and outcome.verified
        assert outcome.steps[0].detail["port"] == str(board.bootloader_link)
        assert outcome.steps[1].detail["argv"][6] == str(board.bootloader_link)
    assert chip.image(len(data)) == data
    assert [h for h, _ in board.history][:4] == ["app", "touch", "bootloader", "exit"]
    assert not finding_ids(facts_of(state), "error", "warning")


@needs_avrdude
def test_caterina_without_the_touch_needs_a_double_reset(tmp_path: Path) -> None:
    from doctor.sim.avr import PARTS, AvrChip
    from doctor.sim.avr109 import CaterinaBoard

    _hex(tmp_path / "kb.hex", 3000, seed=8)
    chip = AvrChip(PARTS["m32u4"])
    links = tmp_path / "by-id"
    with CaterinaBoard(chip, links, honours_touch=False, reenumerate_delay=0.1) as board:
        opts = {"programmer": "caterina", "port": str(board.app_link), "firmware": str(tmp_path / "kb.hex"), "by_id_dir": str(links), "window": 0.6}
        with pytest.raises(DoctorError) as err:
            base.run_plan(plan_action("avrdude.flash", ActionRequest(options=opts)), make_ctx()[0], rediagnose=None)
        assert "no bootloader port appeared" in err.value.message and "BOOT008" in (err.value.hint or "")
        # BOOT008's action, with the person's part: a double reset while doctor watches for the port
        name, params = action_of("BOOT008")
        opts = {**opts, "port": None, "window": 4.0, "programmer": None}
        plan = plan_action(name, ActionRequest(params=params, options=opts))
        assert plan.params["programmer"] == "caterina" and plan.resolves == ["BOOT008"]
        timer = threading.Timer(0.3, board.double_reset)
        timer.start()
        ctx, out = make_ctx()
        outcome = base.run_plan(plan, ctx, rediagnose=None)
        timer.join()
    assert outcome.verified and "RESET button twice" in out.getvalue()


@needs_avrdude
def test_avr004_efuse_written_with_unused_bits_set_through_arduino_as_isp(tmp_path: Path) -> None:
    from doctor.sim.avr import PARTS, AvrChip
    from doctor.sim.stk500v1 import Stk500v1

    bad = diagnose(case("avrdude-efuse-unused-bits-verify", "avrdude.txt"), "avrdude")
    assert "AVR004" in finding_ids(bad)
    name, params = action_of("AVR004")
    assert (name, params) == ("avrdude.write_fuses", {"mask_unused": True})
    chip = AvrChip(PARTS["m328p"])
    chip.fuses[2] = 0xFF
    with Stk500v1(chip, mode="isp") as emu:
        # the pasted mismatch does not name its memory: the efuse value is given, never guessed from it (issue 15)
        plan = plan_action(name, ActionRequest(params=params, options={"programmer": "arduino_as_isp", "port": emu.port, "part": "m328p", "efuse": "0x05"}, facts=bad))
        assert argvs(plan) == [["avrdude", "-c", "stk500v1", "-p", "m328p", "-P", emu.port, "-b", "19200", "-U", "efuse:w:0xFD:m"]]
        assert plan.risk == "erases" and "0x05 is written as 0xFD" in plan.notes[0]
        state: dict[str, Any] = {}
        outcome = base.run_plan(plan, make_ctx()[0], force=True, rediagnose=lambda: facts_of(state), state=state)
    assert outcome.verified and chip.fuses[2] == 0xFD
    assert outcome.resolved == ["AVR004"] and not finding_ids(facts_of(state), "error", "warning")


def test_avr001_slow_clock_plan_run_and_rediagnosis(tmp_path: Path, tools: FakeTools) -> None:
    bad = diagnose(case("avrdude-usbasp-slow-sck-bitclock", "avrdude.txt"), "avrdude")
    assert "AVR001" in finding_ids(bad)
    name, params = action_of("AVR001")
    assert (name, params) == ("avrdude.flash", {"bitclock": "32"})
    fw = tmp_path / "Caterina-Micro.hex"
    _hex(fw, 4000, seed=9)
    plan = plan_action(name, ActionRequest(params=params, options={"programmer": "usbasp", "part": "m32u4", "firmware": str(fw)}, facts=bad))
    assert argvs(plan) == [["avrdude", "-c", "usbasp", "-p", "m32u4", "-B", "32", "-U", f"flash:w:{fw}:i"]]
    tools.add("avrdude", stderr=case("seed-qmk-avrdude-isp-ok", "avrdude.txt"))
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=lambda: facts_of(state), state=state)
    assert outcome.verified and outcome.resolved == ["AVR001"] and not finding_ids(facts_of(state), "error", "warning")


def test_avr001_retry_with_a_slow_clock_when_the_target_does_not_answer(tmp_path: Path, tools: FakeTools) -> None:
    fw = tmp_path / "fw.hex"
    _hex(fw, 1000, seed=10)
    tools.add(
        "avrdude",
        Reply(r"-B 32", stderr=case("seed-qmk-avrdude-isp-ok", "avrdude.txt")),
        Reply("", stderr=case("avrdude-usbasp-slow-sck-bitclock", "avrdude.txt"), rc=1),
    )
    plan = plan_action("avrdude.flash", ActionRequest(options={"programmer": "usbasp", "part": "m32u4", "firmware": str(fw)}))
    assert argvs(plan) == [["avrdude", "-c", "usbasp", "-p", "m32u4", "-U", f"flash:w:{fw}:i"]]
    ctx, out = make_ctx()
    outcome = base.run_plan(plan, ctx, rediagnose=None)
    assert outcome.verified
    assert tools.calls("avrdude") == [["-c", "usbasp", "-p", "m32u4", "-U", f"flash:w:{fw}:i"], ["-c", "usbasp", "-p", "m32u4", "-U", f"flash:w:{fw}:i", "-B", "32"]]
    assert "retrying with -B 32" in out.getvalue()


def test_avr003_usbtiny_refused_before_writing_a_part_over_64k(tmp_path: Path, tools: FakeTools) -> None:
    tools.add("avrdude", stderr="avrdude done.  Thank you.\n")
    fw = tmp_path / "big.hex"
    _hex(fw, 70000, seed=11)
    plan = plan_action("avrdude.flash", ActionRequest(options={"programmer": "usbtiny", "part": "usb1286", "firmware": str(fw)}))
    assert argvs(plan) == [["avrdude", "-c", "usbtiny", "-p", "usb1286", "-U", f"flash:w:{fw}:i"]]
    assert [b.id for b in plan.blockers] == ["AVR003"] and "0x1116f" in plan.blockers[0].message
    with pytest.raises(DoctorError, match="AVR003"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert tools.calls("avrdude") == []
    assert not plan_action("avrdude.flash", ActionRequest(options={"programmer": "usbtiny", "part": "m32u4", "firmware": str(fw)})).blockers
    other = plan_action("avrdude.flash", ActionRequest(options={"programmer": "usbasp", "part": "usb1286", "firmware": str(fw)}))
    assert not other.blockers


def test_avrdude_isp_programmers_argv() -> None:
    fw = str(CASES / "x.hex")
    def argv(**opts: Any) -> list[str]:
        return argvs(plan_action("avrdude.flash", ActionRequest(options={"firmware": fw, "part": "m32u4", **opts})))[0]
    assert argv(programmer="usbasp-clone") == ["avrdude", "-c", "usbasp-clone", "-p", "m32u4", "-U", f"flash:w:{fw}:i"]
    assert argv(programmer="avrisp", port="/dev/ttyACM0") == ["avrdude", "-c", "avrisp", "-p", "m32u4", "-P", "/dev/ttyACM0", "-U", f"flash:w:{fw}:i"]
    assert argv(programmer="arduino_as_isp", port="/dev/ttyUSB0") == ["avrdude", "-c", "stk500v1", "-p", "m32u4", "-P", "/dev/ttyUSB0", "-b", "19200", "-U", f"flash:w:{fw}:i"]
    assert argv(programmer="buspirate", port="/dev/ttyUSB0")[:7] == ["avrdude", "-c", "buspirate", "-p", "m32u4", "-P", "/dev/ttyUSB0"]
    facts = {"usb": {"devices": [{"vid": "1781", "pid": "0c9f", "role": "usbtiny"}]}}
    assert argvs(plan_action("avrdude.flash", ActionRequest(options={"firmware": fw, "part": "m328p"}, facts=facts)))[0][:3] == ["avrdude", "-c", "usbtiny"]
    with pytest.raises(DoctorError, match="which port"):
        argv(programmer="avrisp")


# --- SD card ---------------------------------------------------------------------------------------------------


def test_sd_board_definitions_follow_klippers_list() -> None:
    from doctor.drivers import sdcard

    names = sdcard.boards()
    assert len({b["name"] for b in names.values()}) == 27 and len(names) == 72
    assert names["btt-skr-2-f407"]["name"] == "btt-octopus-f407-v1" and names["btt-skr-2-f407"]["power_cycle"]
    assert names["qidi-plus4"]["firmware"] == "qd_mcu.bin" and names["qidi-plus4"]["mcu"] == "stm32f401xc"
    assert names["fysetc-spider"] == {**names["fysetc-spider"], "firmware": "firmware.bin", "current": "OLD.BIN", "power_cycle": False}
    assert names["mks-robin-e3"]["conversion"] == "scripts/update_mks_robin.py"
    assert names["creality-v4.2.7"]["unique_name"]


def _klipper_checkout(tmp_path: Path, tools: FakeTools, *replies: Reply) -> Path:
    """A Klipper checkout whose scripts/flash-sdcard.sh is a fake printing recorded output."""
    klipper = tmp_path / "klipper"
    (klipper / "scripts").mkdir(parents=True)
    tools.add("flash-sdcard.sh", *replies)
    for suffix in ("", ".json"):  # the replaying script reads its replies beside itself
        (klipper / "scripts" / f"flash-sdcard.sh{suffix}").symlink_to(tools.bin / f"flash-sdcard.sh{suffix}")
    return klipper


DEVICE = "/dev/serial/by-id/usb-Klipper_stm32f446xx_1D0036000851313339373836-if00"
LIST = Reply(r"^-l$", stdout=recorded("flash-sdcard-list.txt"))


def test_sd003_a_board_flash_sdcard_does_not_know_stops_before_klipper_is_touched(tmp_path: Path, tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_is_root", lambda: True)
    klipper = _klipper_checkout(tmp_path, tools, LIST, Reply("", stdout="should not run"))
    tools.add("systemctl")
    facts = {"host": {"services": {"klipper": "active"}}}
    plan = plan_action("sdcard.flash", ActionRequest(options={"port": DEVICE, "board": "btt-skr-2", "klipper_dir": str(klipper)}, facts=facts))
    assert "no definition for 'btt-skr-2'" in plan.notes[0]
    state: dict[str, Any] = {}
    with pytest.raises(DoctorError, match="does not know the board 'btt-skr-2'"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None, state=state)
    assert tools.calls() == [["flash-sdcard.sh", "-l"]]  # klipper was never stopped
    assert "SD003" in finding_ids(facts_of(state))


def test_sd002_power_cycle_then_check_around_a_stopped_klipper(tmp_path: Path, tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_is_root", lambda: True)
    bad = diagnose(case("sdflash-version-mismatch-spider23", "flash-sdcard.txt"), "flash-sdcard")
    assert "SD002" in finding_ids(bad)
    name, params = action_of("SD002")
    assert (name, params) == ("sdcard.flash", {"verify_only": True})
    klipper = _klipper_checkout(tmp_path, tools, LIST, Reply("-c", stdout=recorded("flash-sdcard-check-ok.txt")))
    tools.add("systemctl")
    facts = {**bad, "host": {"services": {"klipper": "active"}}}
    plan = plan_action(name, ActionRequest(params=params, options={"port": DEVICE, "board": "fysetc-spider", "klipper_dir": str(klipper)}, facts=facts))
    script = str(klipper / "scripts" / "flash-sdcard.sh")
    assert argvs(plan) == [
        [script, "-l"], ["systemctl", "stop", "klipper.service"], [script, "-c", DEVICE, "fysetc-spider"], ["systemctl", "start", "klipper.service"]]
    assert [s.name for s in plan.steps][2] == "power-cycle the board" and plan.resolves == ["SD002"]
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=lambda: facts_of(state), state=state)
    assert outcome.verified and outcome.resolved == ["SD002"] and not finding_ids(facts_of(state), "error", "warning")
    assert [c[0] for c in tools.calls()] == ["flash-sdcard.sh", "systemctl", "flash-sdcard.sh", "systemctl"]


def test_sd_upload_on_an_sdio_board_asks_for_a_power_cycle_and_checks(tmp_path: Path, tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_is_root", lambda: True)
    klipper = _klipper_checkout(
        tmp_path, tools, LIST, Reply("-c", stdout=recorded("flash-sdcard-check-ok.txt")), Reply("", stdout=recorded("flash-sdcard-upload-sdio.txt")))
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(22328, mcu="stm32f407xx", link_address=0x08008000, stack_top=0x20020000))
    plan = plan_action("sdcard.flash", ActionRequest(options={"port": DEVICE, "board": "btt-skr-2-f407", "klipper_dir": str(klipper), "firmware": str(fw)}))
    script = str(klipper / "scripts" / "flash-sdcard.sh")
    assert argvs(plan) == [[script, "-l"], [script, "-f", str(fw), DEVICE, "btt-skr-2-f407"], [script, "-c", DEVICE, "btt-skr-2-f407"]]
    assert plan.steps[1].risk == "writes-flash" and not plan.steps[1].verify and plan.steps[3].verify
    state: dict[str, Any] = {}
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=lambda: facts_of(state), state=state)
    assert outcome.verified and state["needs_power_cycle"]
    assert not finding_ids(facts_of(state), "error", "warning")


def test_sd_upload_version_mismatch_fails_and_reports_sd002(tmp_path: Path, tools: FakeTools) -> None:
    klipper = _klipper_checkout(tmp_path, tools, LIST, Reply("", stdout=case("sdflash-version-mismatch-spider23", "flash-sdcard.txt"), rc=255))
    plan = plan_action("sdcard.flash", ActionRequest(options={"port": DEVICE, "board": "fysetc-spider", "klipper_dir": str(klipper)}))
    state: dict[str, Any] = {}
    with pytest.raises(DoctorError, match="Version Mismatch"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None, state=state)
    assert "SD002" in finding_ids(facts_of(state))


def _card(tmp_path: Path, fstype: str = "vfat", opts: str = "rw,nosuid") -> tuple[Path, Path]:
    card = tmp_path / "media" / "SDCARD"
    card.mkdir(parents=True)
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 {card} {fstype} {opts} 0 0\n")
    return card, mounts


def test_sd_copy_to_a_mounted_card(tmp_path: Path) -> None:
    card, mounts = _card(tmp_path)
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(30000, mcu="stm32f401xc", link_address=0x08008000, stack_top=0x20010000))
    plan = plan_action("sdcard.flash", ActionRequest(options={"card": str(card), "board": "qidi-plus4", "firmware": str(fw), "mounts_file": str(mounts)}))
    assert not plan.blockers and plan.params["name"] == "qd_mcu.bin"
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert outcome.verified and (card / "qd_mcu.bin").read_bytes() == fw.read_bytes()
    assert any("renames it qd_mcu.CUR" in n for n in plan.notes)


def test_sd_copy_preflight_reports_sd001_and_sd003_and_wrong_mcu(tmp_path: Path) -> None:
    card, mounts = _card(tmp_path, "exfat")
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(8000, mcu="stm32f103xe", link_address=0x08007000, stack_top=0x20010000))
    plan = plan_action("sdcard.flash", ActionRequest(options={"card": str(card), "board": "my-own-board", "firmware": str(fw), "mounts_file": str(mounts)}))
    assert [b.id for b in plan.blockers] == ["SD001", "SD003"]
    with pytest.raises(DoctorError, match="SD001"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert list(card.iterdir()) == []
    mounts.write_text(f"/dev/sdb1 {card} vfat rw 0 0\n")
    plan = plan_action("sdcard.flash", ActionRequest(options={"card": str(card), "board": "fysetc-spider", "firmware": str(fw), "mounts_file": str(mounts)}))
    assert [b.id for b in plan.blockers] == ["FW002"]  # a stm32f103 image for an f446 board


def test_sd_copy_unique_name_and_conversion(tmp_path: Path) -> None:
    card, mounts = _card(tmp_path)
    (card / "firmware-20240101000000.bin").write_bytes(b"old")
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(8000, mcu="stm32f103xe", link_address=0x08007000, stack_top=0x20010000))
    plan = plan_action("sdcard.flash", ActionRequest(options={"card": str(card), "board": "creality-v4.2.7", "firmware": str(fw), "mounts_file": str(mounts)}))
    name = plan.params["name"]
    assert name.startswith("firmware-") and name != "firmware-20240101000000.bin"
    base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert [p.name for p in card.iterdir()] == [name]
    robin = plan_action("sdcard.flash", ActionRequest(options={"card": str(card), "board": "mks-robin-e3d", "firmware": str(fw), "mounts_file": str(mounts), "klipper_dir": "/k"}))
    assert argvs(robin) == [["python3", "/k/scripts/update_mks_robin.py", str(fw), str(tmp_path / "Robin_e3.bin")]]


def test_sd_without_card_or_script_says_what_to_pass(tmp_path: Path) -> None:
    from doctor.errors import UsageError

    with pytest.raises(UsageError, match="flash-sdcard.sh"):
        plan_action("sdcard.flash", ActionRequest(options={"port": DEVICE, "board": "fysetc-spider", "klipper_dir": str(tmp_path)}))


def test_enter_dfu_waits_for_the_rom_bootloader(tmp_path: Path, tools: FakeTools) -> None:
    tools.add("dfu-util", Reply(r"^-l$", stdout=recorded("dfu-util-list-empty.txt"), times=2), Reply(r"^-l$", stdout=recorded("dfu-util-list-rom-dfu.txt")))
    plan = base.Plan("enter DFU", "dfu_util", dfu_util.enter_dfu_steps(timeout=5, poll=0.05))
    ctx, out = make_ctx()
    outcome = base.run_plan(plan, ctx, rediagnose=None)
    assert outcome.steps[0].detail == {"device": "0483:df11", "port_path": "1-1"}
    assert "BOOT0" in out.getvalue() and len(tools.calls("dfu-util")) == 3
    tools.add("dfu-util", stdout=recorded("dfu-util-list-empty.txt"))
    with pytest.raises(DoctorError) as err:
        base.run_plan(base.Plan("enter DFU", "dfu_util", dfu_util.enter_dfu_steps(timeout=0.3, poll=0.05)), make_ctx()[0], rediagnose=None)
    assert "BOOT003" in (err.value.hint or "")


def test_doctor_flash_reaches_the_avrdude_and_sdcard_drivers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from doctor.cli import main

    fw = tmp_path / "fw.hex"
    _hex(fw, 1000, seed=12)
    assert main(["--dry-run", "flash", str(fw), "--programmer", "usbasp", "--part", "m328p", "--bitclock", "32"]) == 0
    assert f"avrdude -c usbasp -p m328p -B 32 -U flash:w:{fw}:i" in "".join(capsys.readouterr().out.split("\n"))
    assert main(["--dry-run", "flash", str(fw), "--via", "avrdude", "--programmer", "usbtiny", "--part", "usb1286"]) == 3  # AVR003 refuses (avrdude version unknown)
    card, mounts = _card(tmp_path)
    binfile = tmp_path / "klipper.bin"
    binfile.write_bytes(klipper_image(8000, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    # a folder on this machine's own disk, not a FAT card: SD001 before anything is copied
    assert main(["--dry-run", "flash", str(binfile), "--card", str(card), "--board", "fysetc-spider"]) == 3
    seen = capsys.readouterr()
    assert "SD001" in seen.out + seen.err and f"copy to {card}/firmware.bin" in "".join(seen.out.split("\n"))


# --- doctor recover: BOOT0, Katapult through dfu-util, Klipper through Katapult (simulated board) ----------------


class RomPerson:
    """Plays the person (double reset, BOOT0 + reset) and the ROM bootloader's side of dfu-util's download."""

    def __init__(self, board: Any, tools: FakeTools, by_id: Path, katapult_start: int) -> None:
        self.board, self.tools, self.by_id, self.katapult_start = board, tools, by_id, katapult_start
        self.asked: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._rom, daemon=True)
        self.thread.start()

    def instruct(self, action: str, text: str) -> None:
        self.asked.append(action)
        threading.Timer(0.2, self.board.action, args=(action,)).start()

    def _rom(self) -> None:
        done = 0
        while not self.stop.wait(0.02):
            downloads = [c for c in self.tools.calls("dfu-util") if "-D" in c]
            for call in downloads[done:]:
                done += 1
                address = int(call[call.index("-s") + 1].split(":")[0], 16)
                data = Path(call[call.index("-D") + 1]).read_bytes()
                self.board.rom_download(data, address, mass_erase="mass-erase" in call[call.index("-s") + 1], katapult_app_start=self.katapult_start)
            if self.board.mode == "katapult" and not any(self.by_id.iterdir()):
                (self.by_id / "usb-katapult_stm32f103xe_SIM0123456789-if00").symlink_to(self.board.link)


def test_recover_rom_dfu_katapult_then_klipper_on_a_simulated_board(tmp_path: Path, tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.commands.recover import Recovery
    from doctor.cli import Context, build_parser
    from doctor.sim.katapult import Board, BoardConfig
    from doctor.watch import QueueSource

    monkeypatch.setenv("DOCTOR_PASSIVE", "1")
    by_id = tmp_path / "by-id"
    by_id.mkdir()
    monkeypatch.setattr(dfu_util, "BY_ID", str(by_id))
    tools.add("dfu-util", Reply(r"-D ", stdout=recorded("dfu-util-leave-get-status.txt"), rc=74), Reply(r"^-l$", stdout=recorded("dfu-util-list-empty.txt")))
    old_app = klipper_image(32 * 1024, seed=5, link_address=0x08000000, version="v0.11.0-old")  # Klipper without a bootloader
    katapult = tmp_path / "katapult.bin"
    katapult.write_bytes(klipper_image(4096, seed=6, link_address=0x08000000, version="katapult"))
    (tmp_path / "klipper" / "out").mkdir(parents=True)
    klipper = tmp_path / "klipper" / "out" / "klipper.bin"
    klipper.write_bytes(klipper_image(8192, seed=7, link_address=0x08002000, version="v0.12.0-new"))
    (tmp_path / "klipper" / ".config").write_text("CONFIG_FLASH_APPLICATION_ADDRESS=0x8002000\n")  # the build beside it says where it is linked
    events = QueueSource()
    board = Board(BoardConfig(transport="usb", bootloader="none", app_start=0x08000000), tmp_path / "port", events=events)
    board.load_app(old_app)
    board.start()
    person = RomPerson(board, tools, by_id, katapult_start=0x08002000)
    try:
        parser, _ = build_parser()
        args = parser.parse_args(["recover", str(klipper), "--bootloader", str(katapult), "--port", str(tmp_path / "port"),
                                  "--transport", "usb", "--yes", "--timeout", "0.3"])
        ctx, out = make_ctx()
        rec = Recovery(ctx, args, person, events=events, wait=1.5)
        rec.attempts = 1
        assert rec.run() == 0, out.getvalue()
        stages = [r["stage"] for r in rec.log]
        assert "rom_dfu" in stages and "dfu_flash" in stages
        assert person.asked[-1] == "boot0-reset"
        call = [c for c in tools.calls("dfu-util") if "-D" in c][0]
        assert call[:6] == ["-a", "0", "-d", "0483:df11", "-s", "0x08000000:leave"]
        assert board.flash[:4096] == katapult.read_bytes()  # Katapult at the flash base, written through DFU
        assert board.app_image(8192) == klipper.read_bytes()  # Klipper at 0x08002000, written through Katapult
        assert board.mode == "app" and "DFU001" in out.getvalue()
        # without that erase Katapult would start what is left of the old application at 0x08002000
        assert "pad katapult.bin with 0xFF up to 0x08002004" in out.getvalue() and len(Path(call[-1]).read_bytes()) == 0x2004
    finally:
        person.stop.set()
        board.stop()


def test_a_bin_is_written_where_it_is_linked(tmp_path: Path) -> None:
    fw = _f1_image(tmp_path, link=0x08002000)
    st = plan_action("stlink.flash", ActionRequest(options={"firmware": str(fw)}))
    assert argvs(st) == [["st-flash", "--reset", "write", str(fw), "0x08002000"]] and "linked at 0x08002000" in st.notes[0]
    ocd = plan_action("openocd.flash", ActionRequest(options={"firmware": str(fw)}))
    assert argvs(ocd)[0][-1] == f"program {fw} 0x08002000 verify reset exit"
    dfu = plan_action("dfu.flash", ActionRequest(options={"firmware": str(fw)}))
    assert argvs(dfu)[0][6] == "0x08002000:leave"
    assert argvs(plan_action("stlink.flash", ActionRequest(options={"firmware": str(fw), "address": "0x08000000"})))[0][-1] == "0x08000000"


MY_DRIVERS = ("host.", "dfu.", "stlink.", "openocd.", "avrdude.", "sdcard.")


def test_every_knowledge_action_on_these_drivers_plans_from_its_bad_examples(tmp_path: Path) -> None:
    """Each entry's action with its params and the facts of its bad examples gives a plan, or a UsageError
    asking for what is missing: never a crash (a params typo in the knowledge base shows up here)."""
    from doctor.errors import UsageError

    fw = _f1_image(tmp_path)
    hexfile = tmp_path / "fw.hex"
    _hex(hexfile, 2000, seed=13)
    seen = 0
    for entry in kb.load():
        for action in entry.actions:
            name = str(action["name"])
            if not name.startswith(MY_DRIVERS):
                continue
            image = hexfile if name.startswith("avrdude.") else fw
            for example in [e for e in entry.examples if e["kind"] == "bad"]:
                req = ActionRequest(params=dict(action.get("params") or {}), options={"firmware": str(image)}, facts=example["facts"])
                try:
                    plan = plan_action(name, req)
                except UsageError as exc:
                    assert exc.hint, f"{entry.id} {name}: {exc.message} gives no hint"
                    continue
                seen += 1
                assert plan.steps and all(s.argv is not None or s.operation for s in plan.steps), f"{entry.id} {name}"
    assert seen >= 10
