"""The passive probes of the Klipper side: checks/can.py (recorded `ip -json` output: this kernel has no CAN)
and checks/klipper.py (a temporary home with configs, printer.cfg includes and a long klippy.log)."""

from __future__ import annotations

import json
from pathlib import Path

from doctor import engine
from doctor.checks import ProbeContext, can, klipper

IP_JSON = json.dumps([
    {"ifindex": 1, "ifname": "lo", "flags": ["LOOPBACK", "UP", "LOWER_UP"], "operstate": "UNKNOWN", "txqlen": 1000, "link_type": "loopback"},
    {"ifindex": 5, "ifname": "can0", "flags": ["NOARP", "UP", "LOWER_UP", "ECHO"], "operstate": "UP", "txqlen": 10, "link_type": "can",
     "linkinfo": {"info_kind": "can", "info_data": {"state": "ERROR-ACTIVE", "berr_counter": {"tx": 0, "rx": 0},
                                                    "bittiming": {"bitrate": 500000}, "bittiming_const": {"name": "gs_usb"}},
                  "info_xstats": {"restarts": 0, "bus_error": 0}},
     "stats64": {"rx": {"bytes": 10, "packets": 1, "errors": 0}, "tx": {"bytes": 10, "packets": 1, "errors": 0}}},
])


def test_can_probe_reads_recorded_ip_json() -> None:
    facts = can.from_ip_json(IP_JSON)
    (iface,) = facts["interfaces"]
    assert (iface["name"], iface["bitrate"], iface["txqueuelen"], iface["driver"], iface["origin"]) == ("can0", 500000, 10, "gs_usb", "live")
    assert [l["name"] for l in facts["links"]] == ["lo", "can0"]
    ids = [f.id for f in engine.evaluate({"can": facts})]
    assert "CAN006" in ids  # qlen 10


def test_can_probe_modules(tmp_path: Path) -> None:
    proc = tmp_path / "modules"
    proc.write_text("gs_usb 28672 0 - Live 0x0000000000000000\ncan_dev 40960 1 gs_usb, Live 0x0\nbtusb 65536 0 - Live 0x0\n")
    sysmod = tmp_path / "sys"
    (sysmod / "can").mkdir(parents=True)
    assert can.modules(proc, sysmod) == ["can", "can_dev", "gs_usb"]


def test_can_probe_live_runs_without_can() -> None:
    out = can.collect(None)
    facts = out["can"]
    assert facts["status"] in ("ok", "unavailable", "error")
    assert out["tool_runs"][0]["argv"][:2] == ["ip", "-details"]
    # a host without CAN is not a fault
    if facts["status"] == "ok" and not facts.get("interfaces"):
        assert not [f.id for f in engine.evaluate({"can": facts}) if f.id.startswith("CAN")]


def test_klipper_probe(tmp_path: Path) -> None:
    home = tmp_path
    (home / "klipper").mkdir()
    (home / "klipper" / ".config").write_text('CONFIG_MACH_STM32=y\nCONFIG_MCU="stm32f103xe"\nCONFIG_FLASH_BOOT_ADDRESS=0x8000000\n'
                                              "CONFIG_FLASH_APPLICATION_ADDRESS=0x8000000\nCONFIG_SERIAL=y\nCONFIG_SERIAL_BAUD=250000\n")
    (home / "katapult").mkdir()
    (home / "katapult" / ".config").write_text('CONFIG_MCU="stm32f103xe"\nCONFIG_LAUNCH_APP_ADDRESS=0x8002000\nCONFIG_ENABLE_DOUBLE_RESET=y\n')
    cfgdir = home / "printer_data" / "config"
    cfgdir.mkdir(parents=True)
    (cfgdir / "printer.cfg").write_text("[include boards/*.cfg]\n[include printer.cfg]\n[mcu]\nserial: /dev/ttyS2\nbaud: 500000\n")
    (cfgdir / "boards").mkdir()
    (cfgdir / "boards" / "ebb.cfg").write_text("[mcu EBBCan]\ncanbus_uuid: 0e0d81e4210c\n")
    logdir = home / "printer_data" / "logs"
    logdir.mkdir(parents=True)
    with open(logdir / "klippy.log", "w") as fh:
        fh.write("MCU 'old' shutdown: Timer too close\n")  # before the tail: not read
        for i in range(60000):
            fh.write(f"Stats {i}.0: gcodein=0  mcu: mcu_awake=0.005 mcu_task_avg=0.000012 bytes_write=1234\n")
        fh.write("mcu 'mcu': Timeout on connect\n")
    out = klipper.collect(ProbeContext(home=home))["klipper"]
    assert out["status"] == "ok"
    assert out["config"]["application_address"] == 0x8000000 and out["katapult_config"]["double_reset"] is True
    mcus = {m["name"]: m for m in out["printer_cfg"]["mcus"]}
    assert mcus["mcu"]["baud"] == 500000 and mcus["EBBCan"]["canbus_uuid"] == "0e0d81e4210c"
    assert mcus["EBBCan"]["source"].endswith("ebb.cfg")
    log = out["log"]
    assert log["tail_from"] > 0 and log["origin"] == "live"
    assert [e["kind"] for e in log["events"]] == ["mcu_connect_timeout"]
    ids = [f.id for f in engine.evaluate({"klipper": out})]
    assert "FW001" in ids  # Klipper at 0x8000000, Katapult starts 0x8002000


def test_klipper_probe_nothing_installed(tmp_path: Path) -> None:
    out = klipper.collect(ProbeContext(home=tmp_path, klippy_log=tmp_path / "none.log"))["klipper"]
    assert out["status"] == "unavailable" and str(tmp_path) in out["reason"]
