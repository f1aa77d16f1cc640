"""Host fixes: the udev rules generated from the device table, and the plans for groups, brltty, ModemManager,
services, CAN and serial paths (fake system tools on a temporary PATH; doctor never runs sudo)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import TESTS, have
from fake_tools import FakeTools, Reply, make_ctx

from doctor import devices
from doctor.drivers import base, host
from doctor.drivers.base import ActionRequest
from doctor.errors import DoctorError, UsageError

BOARDS = TESTS / "boards"


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    fake = FakeTools(tmp_path / "bin")
    monkeypatch.setenv("PATH", fake.path_env())
    return fake


@pytest.fixture
def as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_is_root", lambda: True)


@pytest.fixture
def not_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_is_root", lambda: False)


def facts(**host_facts: Any) -> dict[str, Any]:
    h = {"user": {"name": "pi", "groups": ["pi", "dialout", "plugdev"]}, "is_root": False, "services": {}}
    h.update(host_facts)
    return {"host": h}


# --- the rules file -------------------------------------------------------------------------------------


def rules_by_id(text: str) -> dict[str, tuple[str, str]]:
    """vid:pid -> (comment, rule) from a generated file."""
    out: dict[str, tuple[str, str]] = {}
    lines = text.splitlines()
    for comment, rule in zip(lines, lines[1:]):
        if comment.startswith("# ") and rule.startswith("SUBSYSTEMS"):
            out[comment.split()[1]] = (comment, rule)
    return out


def test_rules_cover_every_id_and_every_role_of_the_device_table() -> None:
    table = devices.table()
    rules = rules_by_id(host.udev_rules())
    assert set(rules) == set(table.devices)
    roles_in_table = {row["role"] for row in table.devices.values()} | {r["role"] for rows in table.collisions.values() for r in rows}
    roles_in_file = {m for comment, _ in rules.values() for m in re.findall(r"([a-z0-9-]+): ", comment)}
    assert roles_in_table <= roles_in_file
    for ident, (_comment, rule) in rules.items():
        vid, pid = ident.split(":")
        assert f'ATTRS{{idVendor}}=="{vid}"' in rule and 'TAG+="uaccess"' in rule
        assert (f'ATTRS{{idProduct}}=="{pid}"' in rule) == (pid != "*")


def test_raw_devices_get_group_and_mode_serial_boards_get_modemmanager_ignore() -> None:
    rules = rules_by_id(host.udev_rules())
    dfu = rules["0483:df11"][1]
    assert dfu == 'SUBSYSTEMS=="usb", ATTRS{idVendor}=="0483", ATTRS{idProduct}=="df11", TAG+="uaccess", GROUP="plugdev", MODE="0660"'
    for caterina in ("1b4f:9205", "2341:0036"):
        assert rules[caterina][1].endswith('TAG+="uaccess", ENV{ID_MM_DEVICE_IGNORE}="1"')
        assert "GROUP" not in rules[caterina][1]  # the tty keeps dialout
    assert 'ENV{ID_MM_DEVICE_IGNORE}="1"' in rules["1d50:614e"][1]  # Klipper
    assert 'ENV{ID_MM_DEVICE_IGNORE}="1"' in rules["1d50:6177"][1]  # Katapult
    assert 'GROUP="plugdev"' in rules["16c0:05dc"][1]  # USBasp and USBaspLoader share it
    assert 'GROUP="dialout"' in host.udev_rules("dialout")


def test_every_serial_role_is_classified() -> None:
    """A role added to the device table must be sorted into tty / not-tty here (ModemManager matters)."""
    table = devices.table()
    not_raw = {k for k, r in table.roles.items() if not r["raw_access"]}
    assert not_raw <= host.TTY_ROLES | host.NON_TTY_ROLES
    assert not (host.TTY_ROLES & host.NON_TTY_ROLES)


def _udevadm_has_verify() -> bool:
    return have("udevadm") and subprocess.run(["udevadm", "verify", "--help"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _udevadm_has_verify(), reason="this udevadm has no verify (systemd < 253)")
def test_udevadm_verify_accepts_the_rules(tmp_path: Path) -> None:
    path = tmp_path / host.RULES_NAME
    path.write_text(host.udev_rules())
    res = subprocess.run(["udevadm", "verify", "--resolve-names=never", str(path)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def _udevadm_test(rules_dir: Path, board: str, devpath: str) -> str:
    """`udevadm test` of a umockdev board with only `rules_dir` in /etc/udev/rules.d (a private mount namespace)."""
    # /run gets a private tmpfs too: `udevadm test` writes the device database under /run/udev, and the host's
    # /run must not change (umockdev testbeds fall back to the host's udev database for properties)
    script = (
        f"mount --bind {rules_dir} /etc/udev/rules.d && mount -t tmpfs tmpfs /run && mkdir -p /run/udev"
        f" && exec umockdev-run -d {BOARDS / board} -- udevadm test {devpath}"
    )
    ns = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    res = subprocess.run([*ns, "sh", "-c", script], capture_output=True, text=True, timeout=30)
    if "Reading rules file" not in res.stdout + res.stderr:  # unshare refused (no user/mount namespaces) or no umockdev
        pytest.skip(f"cannot run udevadm test in a private mount namespace here: {res.stderr.strip()[:200]}")
    return res.stdout + res.stderr


needs_udevadm_test = pytest.mark.skipif(
    not (have("udevadm") and have("umockdev-run") and have("unshare")) or _udevadm_has_verify(),
    reason="udevadm verify is used where it exists; otherwise needs udevadm, umockdev-run and unshare",
)


@needs_udevadm_test
def test_udevadm_test_loads_the_rules_and_applies_them_to_boards(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules.d"
    rules_dir.mkdir()
    (rules_dir / host.RULES_NAME).write_text(host.udev_rules())
    usb = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1"

    dfu = _udevadm_test(rules_dir, "stm32-rom-dfu.umockdev", usb)
    assert f"Reading rules file: /etc/udev/rules.d/{host.RULES_NAME}" in dfu
    assert not re.search(rf"{host.RULES_NAME}:\d+ (Invalid|Unknown|Failed)", dfu), dfu
    assert re.search(rf"{host.RULES_NAME}:\d+ MODE 0660", dfu) and re.search(rf"{host.RULES_NAME}:\d+ GROUP \d+", dfu)
    assert re.search(r"^TAGS=.*:uaccess:", dfu, re.MULTILINE)

    tty = _udevadm_test(rules_dir, "caterina-pro-micro.umockdev", f"{usb}/1-1:1.0/tty/ttyACM0")
    assert "ID_MM_DEVICE_IGNORE=1" in tty
    assert not re.search(rf"{host.RULES_NAME}:\d+ GROUP", tty)  # ttyACM0 stays in dialout

    probe = _udevadm_test(rules_dir, "stlink-v2.umockdev", usb)
    assert re.search(rf"{host.RULES_NAME}:\d+ GROUP \d+", probe)  # (stlink-tools' own rule may fix MODE with :=)


# --- plans and their execution -----------------------------------------------------------------------------


def test_install_rules_runs_as_root_with_the_exact_commands(tmp_path: Path, tools: FakeTools, as_root: None) -> None:
    for name in ("groupadd", "udevadm", "usermod"):
        tools.add(name)
    rules_dir = tmp_path / "rules.d"
    req = ActionRequest(options={"rules_dir": str(rules_dir)}, facts=facts())
    plan = host.plan_install_udev_rules(req)
    assert [s.argv for s in plan.steps if s.argv] == [
        ["groupadd", "-f", "--system", "plugdev"],
        ["udevadm", "control", "--reload-rules"],
        ["udevadm", "trigger", "--action=add", "--subsystem-match=usb", "--subsystem-match=tty"],
    ]
    ctx, _ = make_ctx()
    outcome = base.run_plan(plan, ctx, rediagnose=None)
    assert outcome.status == "done"
    assert (rules_dir / host.RULES_NAME).read_text() == host.udev_rules()
    path = str(rules_dir / host.RULES_NAME)
    assert tools.calls() == [
        ["udevadm", "verify", "--help"],  # this (fake) udevadm has verify: the written file is checked
        ["udevadm", "verify", "--resolve-names=never", path],
        ["groupadd", "-f", "--system", "plugdev"],
        ["udevadm", "control", "--reload-rules"],
        ["udevadm", "trigger", "--action=add", "--subsystem-match=usb", "--subsystem-match=tty"],
    ]


def test_install_rules_adds_the_user_to_plugdev_when_missing() -> None:
    req = ActionRequest(facts=facts(user={"name": "pi", "groups": ["pi", "dialout"]}))
    plan = host.plan_install_udev_rules(req)
    assert ["usermod", "-aG", "plugdev", "pi"] in [s.argv for s in plan.steps]


def test_not_root_prints_sudo_commands_and_changes_nothing(tmp_path: Path, tools: FakeTools, not_root: None) -> None:
    tools.add("usermod")
    tools.add("id", stdout="pi dialout\n")
    plan = host.plan_add_user_to_group(ActionRequest(params={"group": "dialout"}, facts=facts()))
    ctx, out = make_ctx()
    with pytest.raises(DoctorError) as err:
        base.run_plan(plan, ctx, rediagnose=None)
    assert "does not run sudo" in err.value.message
    assert "sudo usermod -aG dialout pi" in (err.value.hint or "")
    assert tools.calls() == []  # nothing ran
    assert "usermod -aG dialout pi" in out.getvalue() and "(needs root)" in out.getvalue()

    rules = host.plan_install_udev_rules(ActionRequest(facts=facts()))
    with pytest.raises(DoctorError) as err:
        base.run_plan(rules, ctx, rediagnose=None)
    hint = err.value.hint or ""
    assert "-m doctor.drivers.host udev-rules --group plugdev | sudo tee /etc/udev/rules.d/70-mcu-doctor.rules" in hint
    assert hint.index("tee") < hint.index("sudo udevadm control --reload-rules")


def test_udev_rules_command_prints_the_file() -> None:
    import sys

    res = subprocess.run([sys.executable, "-m", "doctor.drivers.host", "udev-rules"], capture_output=True, text=True, check=True)
    assert res.stdout == host.udev_rules()


def test_add_user_to_group_verifies_membership(tools: FakeTools, as_root: None) -> None:
    tools.add("usermod")
    tools.add("id", stdout="pi adm uucp\n")
    facts_ = facts()
    facts_["serial"] = {"nodes": [{"device": "/dev/ttyACM0", "owner": "root", "group": "uucp", "mode": "crw-rw----"}]}
    plan = host.plan_add_user_to_group(ActionRequest(facts=facts_))
    assert plan.steps[0].argv == ["usermod", "-aG", "uucp", "pi"]  # Arch: the tty's group, read from the facts
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert outcome.verified and tools.calls("usermod") == [["-aG", "uucp", "pi"]]

    tools.add("id", stdout="pi adm\n")  # usermod "worked" but the group is not there: the check says so
    with pytest.raises(DoctorError, match="still not in uucp"):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)


def test_root_without_a_user_asks_for_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUDO_USER", raising=False)
    with pytest.raises(UsageError, match="which user"):
        host.plan_add_user_to_group(ActionRequest(facts=facts(user={"name": "root", "groups": ["root"]})))
    monkeypatch.setenv("SUDO_USER", "pi")
    assert host.plan_add_user_to_group(ActionRequest(facts=facts(user={"name": "root", "groups": ["root"]}))).params["user"] == "pi"


def test_brltty_mask_tolerates_units_that_do_not_exist(tools: FakeTools, as_root: None) -> None:
    tools.add(
        "systemctl",
        *[
            Reply(r"brltty\.service", stderr="Failed to mask unit: Unit file brltty.service does not exist.\n", rc=1),
            Reply("", stdout=""),
        ],
    )
    plan = host.plan_disable_brltty(ActionRequest(facts=facts()))
    assert [s.argv for s in plan.steps] == [["systemctl", "mask", "--now", u] for u in host.BRLTTY_UNITS]
    outcome = base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert outcome.status == "done" and plan.resolves == ["SER001"]


BRLTTY_SAMPLE = """# Device: 1A86:7523
# Baum [NLS eReader Zoomax (20 cells)]
ENV{PRODUCT}=="1a86/7523/*", ENV{BRLTTY_BRAILLE_DRIVER}="bm", GOTO="brltty_usb_run"
# Device: 10C4:EA60
ENV{PRODUCT}=="10c4/ea60/*", ENV{BRLTTY_BRAILLE_DRIVER}="sk", GOTO="brltty_usb_run"
# Device: 0403:6001
ENV{PRODUCT}=="403/6001/*", ENV{BRLTTY_BRAILLE_DRIVER}="at", GOTO="brltty_usb_run"
"""


def test_brltty_override_rule_comments_out_only_ch340_and_cp210x(tmp_path: Path, tools: FakeTools, as_root: None) -> None:
    tools.add("udevadm")
    source = tmp_path / "85-brltty.rules"
    source.write_text(BRLTTY_SAMPLE)
    rules_dir = tmp_path / "etc-rules"
    rules_dir.mkdir()
    plan = host.plan_disable_brltty(ActionRequest(params={"method": "override-rule"}, options={"rules_dir": str(rules_dir), "brltty_rule": str(source)}, facts=facts()))
    assert "sed -E" in plan.steps[0].manual_command() and "sudo tee" in plan.steps[0].manual_command()
    base.run_plan(plan, make_ctx()[0], rediagnose=None)
    out = (rules_dir / "85-brltty.rules").read_text().splitlines()
    assert out[2].startswith('# ENV{PRODUCT}=="1a86/7523') and out[4].startswith('# ENV{PRODUCT}=="10c4/ea60')
    assert out[6].startswith('ENV{PRODUCT}=="403/6001')  # FTDI rules untouched
    # the manual command does the same as doctor
    sed = subprocess.run(["sh", "-c", plan.steps[0].manual_command().split(" | ")[0]], capture_output=True, text=True)
    assert sed.stdout == (rules_dir / "85-brltty.rules").read_text()


def test_modemmanager_rule_or_disable() -> None:
    rule = host.plan_modemmanager_ignore(ActionRequest(facts=facts()))
    assert any(s.argv == ["udevadm", "control", "--reload-rules"] for s in rule.steps) and rule.resolves == ["SER002"]
    disable = host.plan_modemmanager_ignore(ActionRequest(params={"method": "disable"}, facts=facts()))
    assert [s.argv for s in disable.steps] == [["systemctl", "disable", "--now", "ModemManager.service"]]
    with pytest.raises(UsageError):
        host.plan_modemmanager_ignore(ActionRequest(params={"method": "purge"}))


def test_stop_service_around_a_flash_restarts_even_when_the_flash_fails(tools: FakeTools, as_root: None) -> None:
    tools.add("systemctl")
    req = ActionRequest(facts=facts(services={"klipper": "active", "moonraker": "active", "octoprint": "inactive"}))
    before, after = host.stop_steps(req, ["klipper", "octoprint"])
    assert [s.argv for s in before] == [["systemctl", "stop", "klipper.service"]]  # octoprint is not running
    assert [s.argv for s in after] == [["systemctl", "start", "klipper.service"]] and after[0].always

    def boom(sctx: base.StepContext) -> None:
        raise base.StepFailed("the board did not answer")

    plan = base.Plan("flash", "test", [*before, base.Step("flash", risk="writes-flash", execute=boom), *after])
    with pytest.raises(DoctorError):
        base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert tools.calls("systemctl") == [["stop", "klipper.service"], ["start", "klipper.service"]]


def test_stop_service_alone_says_how_to_start_it_again() -> None:
    plan = host.plan_stop_service(ActionRequest(facts=facts(services={"klipper": "active"})))
    assert [s.argv for s in plan.steps] == [["systemctl", "stop", "klipper.service"]]
    assert "sudo systemctl start klipper.service" in plan.notes[0]


def test_can_plans() -> None:
    up = host.plan_can_up(ActionRequest(facts={"klipper": {"config": {"CONFIG_CANBUS_FREQUENCY": "1000000"}}}))
    assert [s.argv for s in up.steps] == [
        ["ip", "link", "set", "can0", "down"],  # a running link refuses a new bitrate (EBUSY)
        ["ip", "link", "set", "can0", "type", "can", "bitrate", "1000000"],
        ["ip", "link", "set", "can0", "up"],
        None,  # made permanent in the interface's configuration (tests/test_msgs_can.py)
        ["ip", "-details", "link", "show", "can0"],
    ]
    with pytest.raises(UsageError, match="bitrate"):
        host.plan_can_up(ActionRequest())
    q = host.plan_can_txqueuelen(ActionRequest(params={"interface": "can1"}))
    assert q.steps[0].argv == ["ip", "link", "set", "can1", "txqueuelen", "128"]


def test_fix_serial_path_from_facts(tmp_path: Path) -> None:
    cfg = tmp_path / "printer.cfg"
    old = "/dev/serial/by-id/usb-katapult_stm32f446xx_1D0036-if00"
    new = "/dev/serial/by-id/usb-Klipper_stm32f446xx_1D0036-if00"
    cfg.write_text(f"[mcu]\nserial: {old}  # octopus\nrestart_method: command\n")
    f = {
        "klipper": {"printer_cfg": {"path": str(cfg), "mcus": [{"name": "mcu", "serial": old}]}},
        "serial": {"by_id": [{"name": "usb-Klipper_stm32f446xx_1D0036-if00"}]},
    }
    plan = host.plan_fix_serial_path(ActionRequest(facts=f))
    assert plan.params["old"] == old and plan.params["new"] == new
    base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert cfg.read_text() == f"[mcu]\nserial: {new}  # octopus\nrestart_method: command\n"
    assert (tmp_path / "printer.cfg.doctor-backup").read_text().startswith(f"[mcu]\nserial: {old}")


def test_every_host_action_is_implemented() -> None:
    from doctor.drivers import ACTIONS

    names = {n for n in ACTIONS if n.startswith("host.")}
    assert names == set(host.ACTIONS)
    assert shutil.which("sh")  # the manual commands are shell lines


def test_doctor_fix_ser004_from_a_snapshot_prints_the_sudo_command(tmp_path: Path, not_root: None, tools: FakeTools, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from doctor import knowledge as kb
    from doctor.cli import main

    tools.add("usermod")
    entry = kb.get("SER004")
    assert entry is not None
    bad = next(e["facts"] for e in entry.examples if e["kind"] == "bad")
    snapshot = tmp_path / "snap.json"
    snapshot.write_text(json.dumps({"schema_version": 1, "mode": "analyze", **bad}))
    assert main(["fix", "SER004", "--from", str(snapshot), "--yes"]) == 3
    seen = capsys.readouterr()
    assert "does not run sudo" in seen.out + seen.err and "sudo usermod -aG " in seen.out + seen.err
    assert tools.calls() == []


def test_fix_serial_path_is_byte_exact(tmp_path: Path) -> None:
    """CRLF line ends, a Latin-1 comment, no final newline and the file mode survive; only the path changes;
    an earlier backup is never overwritten (issue 10)."""
    cfg = tmp_path / "printer.cfg"
    old = "/dev/ttyACM0"
    new = "/dev/serial/by-id/usb-Klipper_stm32f446xx_1D0036-if00"
    before = b"# Drucker f\xfcr Werkstatt\r\n[mcu]\r\nserial: /dev/ttyACM0\r\nbaud: 250000\r\n[mcu toolhead]\r\nserial = /dev/ttyACM0 ; same\r\nlast line"
    cfg.write_bytes(before)
    os.chmod(cfg, 0o640)
    (tmp_path / "printer.cfg.doctor-backup").write_bytes(b"an earlier backup")
    plan = host.plan_fix_serial_path(ActionRequest(options={"config": str(cfg), "old": old, "new": new}))
    base.run_plan(plan, make_ctx()[0], rediagnose=None)
    assert cfg.read_bytes() == before.replace(b"/dev/ttyACM0", new.encode())
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o640
    assert (tmp_path / "printer.cfg.doctor-backup").read_bytes() == b"an earlier backup"
    assert (tmp_path / "printer.cfg.doctor-backup.1").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["printer.cfg", "printer.cfg.doctor-backup", "printer.cfg.doctor-backup.1"]


def test_fix_serial_path_never_writes_a_bootloader_path(tmp_path: Path) -> None:
    """The board sits in Katapult (BOOT009): its usb-katapult_ path is not Klipper's and is never written."""
    cfg = tmp_path / "printer.cfg"
    old = "/dev/serial/by-id/usb-Klipper_stm32f446xx_1D0036-if00"
    cfg.write_text(f"[mcu]\nserial: {old}\n")
    f = {
        "klipper": {"printer_cfg": {"path": str(cfg), "mcus": [{"name": "mcu", "serial": old}]}},
        "serial": {"by_id": [{"name": "usb-katapult_stm32f446xx_1D0036-if00"}]},
    }
    with pytest.raises(UsageError, match="doctor needs the config file"):
        host.plan_fix_serial_path(ActionRequest(facts=f))
    with pytest.raises(UsageError, match="bootloader"):
        host.plan_fix_serial_path(ActionRequest(options={"config": str(cfg), "old": old, "new": "/dev/serial/by-id/usb-CanBoot_stm32f446xx_1D0036-if00"}))
    assert cfg.read_text() == f"[mcu]\nserial: {old}\n"


def test_fix_accepts_the_options_its_hint_names() -> None:
    from doctor.cli import build_parser

    args = build_parser()[0].parse_args(["fix", "SER005", "--config", "p.cfg", "--old", "/dev/ttyACM0", "--new", "/dev/serial/by-id/x"])
    assert (args.config, args.old, args.new) == ("p.cfg", "/dev/ttyACM0", "/dev/serial/by-id/x")


@needs_udevadm_test
def test_udevadm_reads_the_brltty_override_and_it_no_longer_claims_a_ch340(tmp_path: Path, tools: FakeTools, as_root: None,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """issue 15 item 4: the copy doctor writes over brltty's rule is read by udev without an error, and the CH340's
    match is gone from it (udevadm test of a CH340 board: brltty's property is set by the original, not by the copy)."""
    tools.add("udevadm")
    sample = BRLTTY_SAMPLE + 'LABEL="brltty_usb_run"\n'
    source = tmp_path / "85-brltty.rules"
    source.write_text(sample)
    rules_dir = tmp_path / "etc-rules"
    rules_dir.mkdir()
    plan = host.plan_disable_brltty(ActionRequest(params={"method": "override-rule"}, options={"rules_dir": str(rules_dir), "brltty_rule": str(source)}, facts=facts()))
    base.run_plan(plan, make_ctx()[0], rediagnose=None)
    fake_dir = str(tmp_path / "bin")  # the real udevadm reads the files, not the plan's fake one
    monkeypatch.setenv("PATH", os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != fake_dir))
    interface = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0"
    original = tmp_path / "original"
    original.mkdir()
    (original / "85-brltty.rules").write_text(sample)
    before = _udevadm_test(original, "ch340.umockdev", interface)
    after = _udevadm_test(rules_dir, "ch340.umockdev", interface)
    for out in (before, after):
        assert "Reading rules file: /etc/udev/rules.d/85-brltty.rules" in out, out[-1500:]
        assert not re.search(r"85-brltty\.rules:\d+ (Invalid|Unknown|Failed|invalid|GOTO)", out), out[-1500:]
    assert "BRLTTY_BRAILLE_DRIVER=bm" in before  # the control: udev applies the original rule to this CH340
    assert "BRLTTY_BRAILLE_DRIVER" not in after


@pytest.mark.skipif(not (have("ifquery") or Path("/sbin/ifquery").exists()), reason="ifupdown is not installed here (tests/run.sh installs it)")
@pytest.mark.parametrize("existing", [
    None,  # no can0 file: a whole stanza is written
    b"# r\xe9seau\r\nallow-hotplug can0\r\niface can0 can static\r\n\tbitrate 500000\r\n",  # CRLF, Latin-1: edited in place
    b"auto can0\niface can0 can static\n    bitrate 250000\n    up ifconfig $IFACE txqueuelen 16\n",
])
def test_can_persist_files_are_read_by_ifquery(tmp_path: Path, existing: bytes | None) -> None:
    """issue 15 item 4: what doctor leaves in /etc/network/interfaces.d/can0 is read by the real ifupdown (ifquery on
    the written file), with the new bitrate and txqueuelen; and the plan itself asked ifquery before writing."""
    from doctor import can_persist

    d = tmp_path / "etc" / "network" / "interfaces.d"
    d.mkdir(parents=True)
    (tmp_path / "etc" / "network" / "interfaces").write_bytes(b"source /etc/network/interfaces.d/*\n\nauto lo\niface lo inet loopback\n")
    if existing is not None:
        (d / "can0").write_bytes(existing)
    plan = host.plan_can_up(ActionRequest(options={"config_root": str(tmp_path), "bitrate": 1000000}))
    (step,) = [s for s in plan.steps if s.execute is not None]
    out = step.execute(SimpleNamespace(warn=lambda m: None, log=lambda m: None))
    assert out["system"] == "ifupdown" and out["ifquery"] is not None, out
    binary = shutil.which("ifquery") or "/sbin/ifquery"
    with_state = tmp_path / "state"
    with_state.mkdir()
    res = subprocess.run([binary, f"--interfaces={d / 'can0'}", f"--state-dir={with_state}", "can0"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "bitrate: 1000000" in res.stdout and re.search(r"^up: .*\btxqueuelen 128$", res.stdout, re.MULTILINE), res.stdout
    assert can_persist.check_ifupdown((d / "can0").read_bytes()) == []


def _install_rules_with(tools: FakeTools, rules_dir: Path, test_output: str) -> Any:
    """Run the install plan with a udevadm that has no `verify` (systemd < 253) and answers `udevadm test` so."""
    tools.add("groupadd")
    tools.add("usermod")
    tools.add("udevadm", Reply(r"verify", rc=1, stderr="Unknown command verb 'verify'.\n"),
              Reply(r"^test ", stderr=test_output), Reply(""))
    plan = host.plan_install_udev_rules(ActionRequest(options={"rules_dir": str(rules_dir)}, facts=facts()))
    return base.run_plan(plan, make_ctx()[0], rediagnose=None)


def test_without_udevadm_verify_the_written_rules_are_parsed_by_udevadm_test(tmp_path: Path, tools: FakeTools, as_root: None) -> None:
    """issue 15 item 4 on systemd < 253 (Debian 12, Raspberry Pi OS Bookworm): `udevadm test` of /dev/null loads every
    rules file; a line of ours it cannot parse fails the plan (wording of systemd 252's udevadm test)."""
    rules_dir = tmp_path / "rules.d"
    path = rules_dir / host.RULES_NAME
    broken = f"Reading rules file: {path}\n{path}:7 Invalid key/value pair, ignoring.\n"
    with pytest.raises(DoctorError, match=rf"udev cannot parse {re.escape(str(path))}: .*:7 Invalid key/value pair"):
        _install_rules_with(tools, rules_dir, broken)
    assert ["test", "/sys/devices/virtual/mem/null"] in tools.calls("udevadm")
    assert ["control", "--reload-rules"] not in tools.calls("udevadm")  # no reload of a file udev rejects


def test_without_udevadm_verify_a_clean_udevadm_test_passes(tmp_path: Path, tools: FakeTools, as_root: None) -> None:
    rules_dir = tmp_path / "rules.d"
    path = rules_dir / host.RULES_NAME
    outcome = _install_rules_with(tools, rules_dir, f"Reading rules file: /usr/lib/udev/rules.d/50-udev-default.rules\nReading rules file: {path}\n")
    assert outcome.status == "done"
    assert tools.calls("udevadm")[1:3] == [["test", "/sys/devices/virtual/mem/null"], ["control", "--reload-rules"]]


@needs_udevadm_test
def test_udevadm_test_of_dev_null_reports_no_error_in_the_generated_rules(tmp_path: Path) -> None:
    """The real udevadm (systemd 252 here) parses the generated file the way the check above reads it: every
    `Reading rules file` line, and no `FILE:LINE Invalid ...` line for ours; a broken copy does produce one."""
    rules_dir = tmp_path / "rules.d"
    rules_dir.mkdir()
    (rules_dir / host.RULES_NAME).write_text(host.udev_rules())
    ns = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]

    def udevadm_test() -> str:
        script = (f"mount --bind {rules_dir} /etc/udev/rules.d && mount -t tmpfs tmpfs /run && mkdir -p /run/udev"
                  " && exec udevadm test /sys/devices/virtual/mem/null")
        res = subprocess.run([*ns, "sh", "-c", script], capture_output=True, text=True, timeout=30)
        if "Reading rules file" not in res.stdout + res.stderr:
            pytest.skip(f"cannot run udevadm test in a private mount namespace here: {res.stderr.strip()[:200]}")
        return res.stdout + res.stderr

    good = udevadm_test()
    ours = f"/etc/udev/rules.d/{host.RULES_NAME}"
    assert f"Reading rules file: {ours}" in good
    assert not re.search(rf"{re.escape(ours)}:\d+ .*(?i:invalid|unknown|failed|error|ignoring)", good), good[-1500:]
    (rules_dir / host.RULES_NAME).write_text(host.udev_rules().replace('MODE="0660"', 'MODE="0660', 1))
    assert re.search(rf"{re.escape(ours)}:\d+ .*(?i:invalid|unknown|failed|error|ignoring)", udevadm_test())
