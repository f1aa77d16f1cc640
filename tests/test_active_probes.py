"""Active probes: ST-Link (recorded tool outputs on a temporary PATH), DFU (real dfu-util), identify, CAN, firmware."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from doctor import checks
from doctor.checks import ProbeContext
from doctor.checks import can_query, dfu, firmware as fw_probe, identify as id_probe, stlink
from doctor.sim import tools
from doctor.sim.klipper_mcu import Faults, KlipperMcuSim

BOARDS = Path(__file__).parent / "boards"
STLINK_FACTS = {"usb": {"devices": [{"role": "stlink", "vid": "0483", "pid": "3748"}]}}


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(scenario: dict[str, list[tools.Reply]]) -> Path:
        bindir = tools.install(tmp_path / "bin", scenario)
        monkeypatch.setenv("PATH", tools.path_with(bindir))
        return bindir

    return install


def runs(out: dict[str, Any], ns: str) -> dict[str, dict[str, Any]]:
    return {r["probe_step"]: r for r in (out.get(ns) or {}).get("runs", [])}


def kinds(run: dict[str, Any]) -> set[str]:
    return {e["kind"] for e in run.get("events", [])}


# What each ST-Link outcome must leave in the facts (the knowledge base's SWD entries read these).
def test_swd001_no_programmer(recorded) -> None:  # type: ignore[no-untyped-def]
    bindir = recorded(tools.SCENARIOS["swd001-no-programmer"])
    r = runs(stlink.collect(ProbeContext(facts=STLINK_FACTS)), "stlink")
    assert r["plain"]["found"] == 0 and "stlink_not_found" in kinds(r["plain"])
    assert [c[0] for c in tools.calls(bindir)] == ["st-info"]  # nothing else is tried without a programmer


def test_swd002_miswired_normal_voltage_no_change_under_reset(recorded) -> None:  # type: ignore[no-untyped-def]
    recorded(tools.SCENARIOS["swd002-miswired"])
    out = stlink.collect(ProbeContext(facts=STLINK_FACTS))
    st, ocd = runs(out, "stlink"), runs(out, "openocd")
    assert st["plain"]["chipid"] == "0x0000" and st["plain"]["target_found"] is False
    assert st["under-reset"]["connect_under_reset"] is True and st["under-reset"]["target_found"] is False
    assert st["under-reset"]["only_under_reset"] is False
    assert ocd["openocd-init"]["voltage"] == pytest.approx(3.24) and "init_mode_failed" in kinds(ocd["openocd-init"])


def test_swd003_no_target_voltage(recorded) -> None:  # type: ignore[no-untyped-def]
    recorded(tools.SCENARIOS["swd003-no-voltage"])
    ocd = runs(stlink.collect(ProbeContext(facts=STLINK_FACTS)), "openocd")["openocd-init"]
    assert ocd["voltage"] < 0.1 and "target_voltage_low" in kinds(ocd)


def test_swd004_answers_only_under_reset(recorded) -> None:  # type: ignore[no-untyped-def]
    bindir = recorded(tools.SCENARIOS["swd004-under-reset-only"])
    facts = dict(STLINK_FACTS, klipper={"config": {"mcu": "stm32f446xx"}})
    st = runs(stlink.collect(ProbeContext(facts=facts)), "stlink")
    assert st["under-reset"]["only_under_reset"] is True and st["under-reset"]["chipid"] == "0x0413"
    called = tools.calls(bindir)
    assert ["st-info", "--probe", "--connect-under-reset"] in called
    assert any(c[0] == "openocd" and "target/stm32f4x.cfg" in c for c in called)  # the family from the Klipper config


def test_swd005_nrst_not_connected(recorded) -> None:  # type: ignore[no-untyped-def]
    recorded(tools.SCENARIOS["swd005-nrst-not-connected"])
    st = runs(stlink.collect(ProbeContext(facts=STLINK_FACTS)), "stlink")
    assert "nrst_not_connected" in kinds(st["under-reset"]) and st["under-reset"]["target_found"] is False


def test_swd006_valid_chip_id_flash_zero(recorded) -> None:  # type: ignore[no-untyped-def]
    bindir = recorded(tools.SCENARIOS["swd006-flash-size-zero"])
    st = runs(stlink.collect(ProbeContext(facts=STLINK_FACTS)), "stlink")
    assert st["plain"]["target_found"] is True and st["plain"]["flash_size"] == 0 and st["plain"]["chipid"] == "0x0410"
    assert len(tools.calls(bindir)) == 1  # the target answered: no openocd, no reset retry


def test_swd007_clone_idcode(recorded) -> None:  # type: ignore[no-untyped-def]
    recorded(tools.SCENARIOS["swd007-clone-idcode"])
    ocd = runs(stlink.collect(ProbeContext(facts=STLINK_FACTS)), "openocd")["openocd-init"]
    assert "unexpected_idcode" in kinds(ocd) and ocd["chipid"] == "0x2ba01477"


def test_swd008_pipe_errors(recorded) -> None:  # type: ignore[no-untyped-def]
    recorded(tools.SCENARIOS["swd008-pipe-errors"])
    st = runs(stlink.collect(ProbeContext(facts=STLINK_FACTS)), "stlink")
    assert "libusb_pipe" in kinds(st["plain"]) and st["plain"]["target_found"] is False


@pytest.mark.parametrize("scenario", sorted(tools.SCENARIOS))
def test_stlink_outcome_is_reported_with_its_id(recorded, scenario: str) -> None:  # type: ignore[no-untyped-def]
    """Each scenario's facts make the knowledge base name its id (once the SWD entries exist)."""
    from doctor import engine
    from doctor.knowledge import load as load_rules

    expected = scenario.split("-")[0].upper()
    entries = {r.id: r for r in load_rules()}
    # asserts, not skips (issue 12): an entry that disappears or stops reading the probe's fact is a failure
    assert not expected.startswith("SWD") or expected in entries, f"knowledge entry {expected} is missing"
    needs = {"SWD004": "only_under_reset"}  # the probe-only fact the entry must read
    if expected in needs:
        assert any(needs[expected] in w.expr for w in entries[expected].when), f"{expected} no longer reads stlink.runs[].{needs[expected]}"
    recorded(tools.SCENARIOS[scenario])
    snapshot: dict[str, Any] = {"schema_version": 1, "mode": "scan", "kernel": {"status": "ok", "events": []}, **STLINK_FACTS}
    from doctor import facts as factmod

    factmod.merge(snapshot, stlink.collect(ProbeContext(facts=STLINK_FACTS)))
    ids = [f.id for f in engine.evaluate(snapshot)]
    if expected.startswith("SWD"):
        assert expected in ids, ids
    else:
        assert not [i for i in ids if i.startswith("SWD")], ids


def test_stlink_skipped_without_a_programmer() -> None:
    out = stlink.collect(ProbeContext(facts={"usb": {"devices": [{"role": "klipper"}]}}))
    assert out["stlink"]["status"] == "skipped"


def test_real_st_info_without_a_board() -> None:
    assert tools_available("st-info"), "stlink-tools is not installed (tests/run.sh installs it)"
    r = runs(stlink.collect(ProbeContext(facts=STLINK_FACTS)), "stlink")
    assert r["plain"]["found"] == 0 and r["plain"]["origin"] == "live" and r["plain"]["argv"] == ["st-info", "--probe"]


def tools_available(name: str) -> bool:
    import shutil

    return shutil.which(name) is not None


# --- DFU ---------------------------------------------------------------------------------------------

DFU_ACCESS = (
    "dfu-util 0.11\n\n"
    "Cannot open DFU device 0483:df11 found on devnum 12 (LIBUSB_ERROR_ACCESS)\n"
    "No DFU capable USB device available\n"
)
DFU_LIST = (
    "dfu-util 0.11\n\n"
    'Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path="1-1", alt=1, name="@Option Bytes  /0x1FFFC000/01*016 e", serial="366B38743337"\n'
    'Found DFU: [0483:df11] ver=2200, devnum=5, cfg=1, intf=0, path="1-1", alt=0, name="@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", serial="366B38743337"\n'
)
DFU_FACTS = {"usb": {"devices": [{"role": "rom-dfu", "vid": "0483", "pid": "df11"}]}}


def test_dfu_access_error_is_recorded(recorded) -> None:  # type: ignore[no-untyped-def]
    recorded({"dfu-util": [tools.Reply(("-l",), stdout=DFU_ACCESS, returncode=74)]})
    out = dfu.collect(ProbeContext(facts=DFU_FACTS))
    run = out["dfu"]["runs"][0]
    assert run["probe_step"] == "list" and run["returncode"] == 74 and run["origin"] == "live"
    assert any("LIBUSB_ERROR_ACCESS" in e["line"] for e in run["events"])
    assert "usb" not in out  # dfu-util's listing does not duplicate the USB scan's devices


def test_dfu_memory_map_from_alt_names(recorded) -> None:  # type: ignore[no-untyped-def]
    recorded({"dfu-util": [tools.Reply(("-l",), stdout=DFU_LIST)]})
    out = dfu.collect(ProbeContext(facts=DFU_FACTS))
    dev = out["dfu"]["devices"][0]
    assert dev["vid"] == "0483" and dev["origin"] == "live"
    assert any(name.startswith("@Internal Flash") for name in dev["dfu"]["alt_names"])
    memory = dev["dfu"].get("memory") or []
    assert any(m.get("start") == 0x08000000 for m in memory), memory


def test_dfu_skipped_without_dfu_device() -> None:
    assert dfu.collect(ProbeContext(facts={"usb": {"devices": [{"role": "stlink"}]}}))["dfu"]["status"] == "skipped"


@pytest.mark.umockdev
@pytest.mark.skipif(not (os.path.exists("/usr/bin/umockdev-run") and tools_available("dfu-util")), reason="umockdev or dfu-util missing")
def test_real_dfu_util_lists_the_fake_dfuse_device() -> None:
    script = (
        "import json\n"
        "from doctor.checks import ProbeContext, usb, dfu\n"
        "facts = usb.collect(ProbeContext())\n"
        "print(json.dumps(dfu.collect(ProbeContext(facts=facts))))\n"
    )
    proc = subprocess.run(["umockdev-run", "-d", str(BOARDS / "stm32-rom-dfu.umockdev"), "--", sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["dfu"]["runs"][0]["found"] >= 1
    assert {(d["vid"], d["pid"]) for d in out["dfu"]["devices"]} == {("0483", "df11")}


# --- identify ----------------------------------------------------------------------------------------


def test_identify_probe_asks_printer_cfg_ports_and_skips_held_ones() -> None:
    with KlipperMcuSim(baud=250000) as free, KlipperMcuSim(baud=250000) as held, KlipperMcuSim(faults=Faults(silent=True)) as silent:
        facts = {
            "klipper": {
                "printer_cfg": {"mcus": [{"name": "mcu", "serial": free.port, "baud": 250000}, {"name": "tool", "serial": held.port}, {"name": "x", "serial": silent.port}]},
                "config": {"values": {"CONFIG_SERIAL_BAUD": "250000"}},
            },
            "serial": {"ports": [{"device": "/dev/ttyACM7", "role": "usb-serial"}]},  # an adapter nobody named: left alone
        }
        with held.hold_port():
            start = time.monotonic()
            out = id_probe.collect(ProbeContext(facts=facts))
            elapsed = time.monotonic() - start
    by_port = {r["port"]: r for r in out["identify"]["ports"]}
    assert set(by_port) == {free.port, held.port, silent.port}
    assert by_port[free.port]["outcome"] == "klipper" and by_port[free.port]["baud_source"] == "printer.cfg"
    assert by_port[held.port]["outcome"] == "held" and held.received == 0
    assert by_port[held.port]["baud_source"] == "klipper .config"
    assert by_port[silent.port]["outcome"] == "silent"
    assert elapsed < 3.0  # the ports are asked concurrently


def test_identify_probe_picks_klipper_usb_ports() -> None:
    with KlipperMcuSim(link="usb") as sim:
        out = id_probe.collect(ProbeContext(facts={"serial": {"ports": [{"device": sim.port, "role": "klipper"}]}}))
    assert out["identify"]["ports"][0]["outcome"] == "klipper"


# --- CAN ---------------------------------------------------------------------------------------------


class VirtualNode(threading.Thread):
    """A node on python-can's virtual bus that answers the admin query like an unassigned Klipper/Katapult."""

    def __init__(self, channel: str, uuid: str, app: int) -> None:
        super().__init__(daemon=True)
        import can

        self.bus = can.Bus(interface="virtual", channel=channel)
        self.uuid, self.app = bytes.fromhex(uuid), app
        self.stop = threading.Event()

    def run(self) -> None:
        import can

        while not self.stop.is_set():
            msg = self.bus.recv(0.02)
            if msg is not None and msg.arbitration_id == 0x3F0 and bytes(msg.data[:1]) == b"\x00":
                self.bus.send(can.Message(arbitration_id=0x3F1, data=b"\x20" + self.uuid + bytes([self.app]), is_extended_id=False))

    def close(self) -> None:
        self.stop.set()
        self.join(1)
        self.bus.shutdown()


def test_can_query_finds_unassigned_nodes_and_marks_claimed_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCTOR_CAN_BUS_INTERFACE", "virtual")
    node = VirtualNode("can-test-1", "0123456789ab", 0x11)
    node.start()
    try:
        facts = {
            "can": {"interfaces": [{"name": "can-test-1", "up": True}, {"name": "can-down", "up": False}]},
            "host": {"services": {"klipper": "active"}},
            "klipper": {"printer_cfg": {"mcus": [{"name": "ebb", "canbus_uuid": "AABBCCDDEEFF", "canbus_interface": "can-test-1"}]}},
        }
        out = can_query.collect(ProbeContext(facts=facts))
    finally:
        node.close()
    query = out["can"]["queries"][0]
    assert query["found"] == 1 and query["origin"] == "live" and query["interface"] == "can-test-1"
    nodes = {n["uuid"]: n for n in out["can"]["nodes"]}
    assert nodes["0123456789ab"]["application"] == "Katapult" and nodes["0123456789ab"]["claimed"] is False
    assert nodes["aabbccddeeff"]["claimed"] is True


def test_can_query_zero_nodes_without_klipper_claims_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCTOR_CAN_BUS_INTERFACE", "virtual")
    facts = {"can": {"interfaces": [{"name": "can-test-2", "up": True}]}, "klipper": {"printer_cfg": {"mcus": [{"canbus_uuid": "aabbccddeeff"}]}}}
    out = can_query.collect(ProbeContext(facts=facts))
    assert out["can"]["queries"][0]["found"] == 0 and out["can"]["nodes"] == []


def test_can_query_error_is_a_fact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCTOR_CAN_BUS_INTERFACE", "socketcan")
    out = can_query.collect(ProbeContext(facts={"can": {"interfaces": [{"name": "can9", "up": True}]}}))
    query = out["can"]["queries"][0]
    assert query["status"] == "failed" and query["origin"] == "live" and query["error"].startswith("OSError")  # no CAN in this kernel, or no can9


# --- firmware ----------------------------------------------------------------------------------------


def test_firmware_probe_checks_klipper_bin_against_the_board(tmp_path: Path) -> None:
    from doctor.sim.images import klipper_image

    out_dir = tmp_path / "klipper" / "out"
    out_dir.mkdir(parents=True)
    (out_dir / "klipper.bin").write_bytes(klipper_image(mcu="stm32f103xe", link_address=0x08002000))
    named = tmp_path / "other.bin"
    named.write_bytes(klipper_image(mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    facts = {"usb": {"devices": [{"role": "katapult", "mcu": "stm32f446xx"}]}, "klipper": {"katapult_config": {"application_address": 0x08008000}}}
    out = fw_probe.collect(ProbeContext(home=tmp_path, facts=facts, firmware_files=[named]))
    images = {Path(i["path"]).name: i for i in out["firmware"]["images"]}
    wrong = images["klipper.bin"]
    assert wrong["role"] == "klipper-out" and wrong["klipper"]["mcu"] == "stm32f103xe"
    assert {p["id"] for p in wrong["preflight"]} >= {"FW002"}
    assert wrong["target"] == {"mcu": "stm32f446xx", "app_start": 0x08008000, "flash_size": wrong["target"]["flash_size"], "source": "usb+katapult .config"}
    assert images["other.bin"]["role"] == "named" and images["other.bin"]["preflight"] == []


def test_firmware_probe_without_files(tmp_path: Path) -> None:
    assert fw_probe.collect(ProbeContext(home=tmp_path))["firmware"]["status"] == "skipped"


def test_active_probes_are_registered() -> None:
    assert set(checks.ACTIVE) >= {"stlink", "dfu", "identify", "can_query", "firmware"}
    for name in ("stlink", "dfu", "identify", "can_query", "firmware"):
        module = __import__(f"doctor.checks.{name}", fromlist=["collect"])
        assert module.ACTIVE is True and module.TIMEOUT <= 10


def test_scan_firmware_option_reaches_the_probe(tmp_path: Path) -> None:
    import argparse

    from doctor.commands import scan

    p = argparse.ArgumentParser()
    scan.add_arguments(p)
    args = p.parse_args(["--home", str(tmp_path), "--firmware", "a.bin", "--firmware", "b.uf2"])
    assert scan.probe_context(args).firmware_files == [Path("a.bin"), Path("b.uf2")]
