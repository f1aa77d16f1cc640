"""doctor watch's guided sequences: each reaches its success state and its timeout state (recorded sessions, simulators)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator

import pytest

from doctor import cli, engine
from doctor import facts as factmod
from doctor import guide
from doctor.guide import SEQUENCES, run_sequence, scripted
from doctor.watch import QueueSource, ReplaySource, UsbEvent

DATA = Path(__file__).parent / "watch"


def replay(name: str) -> ReplaySource:
    return ReplaySource.load(DATA / f"{name}.json")


def findings_of(*outcomes: guide.Outcome) -> list[str]:
    snap = factmod.new("scan")
    seen = [e for o in outcomes for e in o.seen]
    factmod.merge(snap, guide.facts_of(list(outcomes), seen))
    return [f.id for f in engine.evaluate(snap)]


# --- plug ------------------------------------------------------------------------------------------


def test_plug_success() -> None:
    out = run_sequence(SEQUENCES["plug"], replay("plug-klipper"))
    assert out.state == "success" and out.matched is not None and out.matched.role == "klipper"
    assert out.answers["replugged"] == "yes" and out.seconds == pytest.approx(1.7)
    assert "USB001" not in findings_of(out)


def test_plug_nothing_is_usb001_with_the_differential_test() -> None:
    out = run_sequence(SEQUENCES["plug"], replay("plug-nothing"), asker=scripted({"replugged": "yes", "power_led": "yes", "bootloader_same_cable": "no"}))
    assert out.state == "timeout" and out.fault == "USB001" and out.seconds == pytest.approx(20.0)
    assert out.answers == {"replugged": "yes", "power_led": "yes", "bootloader_same_cable": "no"}
    text = " ".join(out.message)
    assert "charge-only" in text and "bootloader" in text and out.extra["differential"] == "declined"
    assert "USB001" in findings_of(out)


def test_plug_nothing_without_answers_leaves_open_questions() -> None:
    out = run_sequence(SEQUENCES["plug"], replay("plug-nothing"))
    assert out.state == "timeout"
    assert [q["id"] for q in guide.open_questions([out])] == ["replugged", "power_led", "bootloader_same_cable"]


def test_plug_nothing_because_nothing_was_plugged() -> None:
    out = run_sequence(SEQUENCES["plug"], replay("plug-nothing"), asker=scripted({"replugged": "no"}))
    assert out.fault is None and "USB001" not in findings_of(out)


def test_plug_storm_is_usb002_and_stops_when_the_kernel_gives_up() -> None:
    out = run_sequence(SEQUENCES["plug"], replay("storm-71"), asker=scripted({"hub": "yes"}))
    assert out.state == "errors" and out.fault == "USB002" and out.seconds == pytest.approx(3.5)
    assert "without the hub" in " ".join(out.message)
    assert "USB002" in findings_of(out)


# --- bootloader entries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sequence", "success_recording", "role", "timeout_recording", "fault"),
    [
        ("rom-dfu", "dfu-appears", "rom-dfu", "rom-dfu-wrong-device", "BOOT003"),
        ("katapult", "app-to-katapult", "katapult", "plug-nothing", "BOOT001"),
        ("caterina", "caterina-window", "caterina", "plug-nothing", "BOOT008"),
        ("bootsel", "bootsel-appears", "rp2040-bootsel", "plug-nothing", "USB001"),
        ("bootloader", "dfu-appears", "rom-dfu", "plug-nothing", "USB001"),
    ],
)
def test_sequence_success_and_timeout(sequence: str, success_recording: str, role: str, timeout_recording: str, fault: str) -> None:
    seq = SEQUENCES[sequence]
    ok = run_sequence(seq, replay(success_recording))
    assert ok.state == "success" and ok.matched is not None and ok.matched.role == role, ok.message
    late = run_sequence(seq, replay(timeout_recording))
    assert late.state == "timeout" and late.fault == fault and late.seconds == pytest.approx(seq.timeout)
    assert late.message


def test_caterina_window_is_measured() -> None:
    out = run_sequence(SEQUENCES["caterina"], replay("caterina-window"))
    assert out.window == pytest.approx(8.0) and "8.0 s" in " ".join(out.message)


def test_rom_dfu_timeout_names_the_usb_serial_bridge() -> None:
    out = run_sequence(SEQUENCES["rom-dfu"], replay("rom-dfu-wrong-device"), asker=scripted({"boot0_held": "yes"}))
    text = " ".join(out.message)
    assert "1a86:7523" in text and "BOOT005" in text and "BOOT007" in text


def test_interrupt_leaves_a_partial_outcome() -> None:
    class Interrupting:
        def now(self) -> float:
            return 0.0

        def events(self, timeout: float) -> Iterator[UsbEvent]:
            raise KeyboardInterrupt
            yield  # pragma: no cover

    out = run_sequence(SEQUENCES["plug"], Interrupting())
    assert out.state == "interrupted" and out.fault is None


# --- request the bootloader from a running Klipper (simulated boards) ----------------------------------


def test_request_over_usb_follows_the_reenumeration() -> None:
    """The 1200-baud touch resets the app; the simulated board leaves and comes back as Katapult on the same port."""
    from doctor.sim.klipper_mcu import KlipperMcuSim

    events = QueueSource()

    def reenumerate() -> None:
        events.push(UsbEvent("remove", vid="1d50", pid="614e", port_path="1-2", subsystem="usb"))
        events.push(UsbEvent("add", vid="1d50", pid="6177", manufacturer="katapult", product="stm32f103xe", port_path="1-2", subsystem="usb"))

    with KlipperMcuSim(link="usb", on_bootloader_request=reenumerate) as sim:
        out = run_sequence(SEQUENCES["request"], events, timeout=3.0, action=lambda: guide.request_bootloader("usb", sim.port))
        assert sim.bootloader_requests == 1
    assert out.state == "success", out.message
    assert out.matched is not None and out.matched.role == "katapult" and out.matched.port_path == "1-2"
    assert [e.action for e in out.seen] == ["remove", "add"]


def test_request_ignored_is_boot001() -> None:
    from doctor.sim.klipper_mcu import KlipperMcuSim

    events = QueueSource()
    with KlipperMcuSim(link="usb") as sim:  # a firmware without a bootloader to go to: nothing re-enumerates
        out = run_sequence(SEQUENCES["request"], events, timeout=0.5, action=lambda: guide.request_bootloader("usb", sim.port))
    assert out.state == "timeout" and out.fault == "BOOT001"


def test_request_over_uart_then_katapult_answers(tmp_path: Path) -> None:
    from doctor.sim.images import klipper_image
    from doctor.sim.katapult import Board, BoardConfig

    board = Board(BoardConfig(transport="uart", baud=250000, mcu="stm32f103xe"), tmp_path / "ttyS0")
    board.load_app(klipper_image(16 * 1024, mcu="stm32f103xe"))
    with board:
        time.sleep(0.1)
        assert guide.request_bootloader("uart", str(board.link), baud=250000) is None
        out = guide.Outcome("request", "timeout", 0.0)
        guide.follow_uart_request(str(board.link), 250000, out, wait=0.2)
    assert out.state == "success" and out.extra["identify"]["katapult"]["mcu"] == "stm32f103xe", out.message


def test_request_refuses_a_held_port() -> None:
    from doctor.sim.klipper_mcu import KlipperMcuSim

    with KlipperMcuSim(link="usb") as sim, sim.hold_port():
        problem = guide.request_bootloader("usb", sim.port)
        assert problem is not None and "SER003" in problem
        assert sim.bootloader_requests == 0


# --- the command -----------------------------------------------------------------------------------


def test_cli_json_lists_open_questions(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["watch", "--replay", str(DATA / "plug-nothing.json"), "--guide", "plug", "--json"])
    envelope = json.loads(capsys.readouterr().out.splitlines()[-1])  # JSON Lines: the envelope is the last line
    data = envelope["watch"]
    assert code != 0 and envelope["exit_code"] == code
    assert data["sequences"][0]["state"] == "timeout" and data["sequences"][0]["fault"] == "USB001"
    assert {q["id"] for q in data["questions"]} >= {"replugged", "power_led"}


def test_cli_differential_test_runs_the_bootloader_step(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["watch", "--replay", str(DATA / "plug-nothing-then-dfu.json"), "--guide", "plug", "--answer", "replugged=yes", "--answer", "bootloader_same_cable=yes", "--json"]
    cli.main(args)
    envelope = json.loads(capsys.readouterr().out.splitlines()[-1])  # JSON Lines: the envelope is the last line
    data = envelope["watch"]
    states = [(s["name"], s["state"]) for s in data["sequences"]]
    assert states == [("plug", "timeout"), ("bootloader", "success")]
    assert envelope["snapshot"]["answers"]["bootloader_same_cable"] == "yes"


def test_cli_live_view_of_a_replay(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["watch", "--replay", str(DATA / "storm-71.json")]) != 0
    out = capsys.readouterr().out
    assert "device descriptor read/64, error -71" in out and "USB002" in out


def test_cli_bad_answer_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["watch", "--replay", str(DATA / "plug-nothing.json"), "--answer", "nonsense"]) == 4


def test_power_cycle_back_in_dfu_is_boot004() -> None:
    out = run_sequence(SEQUENCES["power-cycle"], replay("dfu-power-cycle"))
    assert out.state == "success" and out.fault == "BOOT004" and out.answers == {"dfu_after_power_cycle": "yes"}
    assert "BOOT004" in findings_of(out)
    app = run_sequence(SEQUENCES["power-cycle"], replay("plug-klipper"))
    assert app.answers == {"dfu_after_power_cycle": "no"} and "BOOT004" not in findings_of(app)
    late = run_sequence(SEQUENCES["power-cycle"], replay("plug-nothing"))
    assert late.state == "timeout" and late.fault is None


def test_request_over_can_sends_the_admin_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import can

    monkeypatch.setenv("DOCTOR_CAN_BUS_INTERFACE", "virtual")
    node = can.Bus(interface="virtual", channel="can-guide")
    try:
        assert guide.request_bootloader("can", uuid="0123456789ab", interface="can-guide") is None
        msg = node.recv(1.0)
    finally:
        node.shutdown()
    assert msg is not None and msg.arbitration_id == 0x3F0 and bytes(msg.data) == bytes.fromhex("020123456789ab")
    assert "uuid" in (guide.request_bootloader("can", uuid=None) or "")


def test_cli_request_dry_run_sends_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from doctor.sim.klipper_mcu import KlipperMcuSim

    with KlipperMcuSim(link="usb") as sim:
        cli.main(["watch", "--guide", "request", "--port", sim.port, "--method", "usb", "--dry-run", "--replay", str(DATA / "plug-nothing.json")])
        time.sleep(0.1)
        assert sim.bootloader_requests == 0 and sim.received == 0
    assert "Nothing was sent" in " ".join(capsys.readouterr().out.split())  # rich may wrap the line anywhere


def test_cli_request_needs_confirmation_without_yes(capsys: pytest.CaptureFixture[str]) -> None:
    from doctor.sim.klipper_mcu import KlipperMcuSim

    with KlipperMcuSim(link="usb") as sim:
        code = cli.main(["watch", "--guide", "request", "--port", sim.port, "--method", "usb", "--json", "--replay", str(DATA / "plug-nothing.json")])
        assert sim.bootloader_requests == 0
    assert code == 4
