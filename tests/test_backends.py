"""One place per backend (issue 10): a driver module declares itself, devices.toml says which roles it serves, and
everything else (flash's --via choices and options, the board choice, the pre-flight, the action names knowledge
entries may use) is a lookup over those declarations.

Adding a backend touched six files before (its driver, drivers/__init__.py ACTIONS, devices.toml, doctor/devices.py
BACKENDS, commands/flash.py VIAS and options, drivers/base.py DRIVER_BACKEND; checks/host.py TOOLS for its package
hint); now it is its driver module and its roles in devices.toml: `test_a_new_backend_needs_its_module_and_the_device_table`
adds one in a temporary folder and changes no other file.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator

import pytest

from doctor import devices, knowledge
from doctor.drivers import registry


def test_every_knowledge_action_is_declared_by_a_driver() -> None:
    assert registry.undeclared_actions(knowledge.load()) == []


def test_every_backend_the_device_table_names_is_declared() -> None:
    declared = registry.backends()
    for role, row in devices.table().roles.items():
        assert all(b in declared for b in row.get("backends") or ()), role
    for name, backend in declared.items():
        if backend.opens_usb or backend.target is not None:  # the SD card is no USB device
            assert backend.roles, f"no role in devices.toml is written by {name}"
        assert backend.flash in registry.actions(), f"{name}'s flash action {backend.flash} is not declared"


def test_declarations_are_consistent() -> None:
    seen: dict[str, str] = {}
    for module, d in registry.drivers().items():
        assert d.name == module, f"drivers/{module}.py declares itself as {d.name}: plans name their module"
        for action in d.actions:
            assert action not in seen, f"{action} is declared by {seen[action]} and {module}"
            seen[action] = module
    assert set(seen) >= {"katapult.flash", "dfu.flash", "stlink.flash", "openocd.flash", "avrdude.flash", "sdcard.flash", "host.stop_service"}


def test_knowledge_does_not_import_drivers() -> None:
    source = Path(knowledge.__file__).read_text()
    assert "doctor.drivers" not in source.replace("doctor.drivers.ACTIONS", "").replace("import drivers/", "")
    import subprocess

    code = "import sys, doctor.knowledge as k; k.load(); print(any(m.startswith('doctor.drivers') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


FAKE = '''
"""A throwaway backend for tests/test_backends.py."""
from __future__ import annotations

from typing import Any

from doctor.drivers.base import ActionRequest, Plan, Step
from doctor.drivers.registry import Action, Backend, Driver, Option, Target


def plan_flash(req: ActionRequest) -> Plan:
    argv = ["fakeprog-cli", "--speed", str(req.get("fake_speed") or 1), "write", str(req.get("firmware"))]
    if req.get("device"):
        argv += ["--id", str(req.get("device"))]
    return Plan("write with fakeprog", "fakeprog", [Step("write", risk="writes-flash", argv=argv, verify=True)],
                params={"device": req.get("device")})


def target(dev: dict[str, Any], ports: dict[str, Any]) -> Target | None:
    ident = f"{dev.get('vid')}:{dev.get('pid')}"
    return Target("fakeprog", {"device": ident}, f"fake bootloader ({ident})")


DRIVER = Driver(
    "fakeprog",
    actions={"fakeprog.flash": Action(plan_flash, "write with fakeprog")},
    backend=Backend("fakeprog", flash="fakeprog.flash", summary="the fake bootloader",
                    selected_by=("fake_speed",), options=(Option("--fake-speed", "fakeprog: the speed"),),
                    tools={"fakeprog-cli": "fakeprog-tools"}, opens_usb=True, device_param="device", target=target),
)
'''


@pytest.fixture
def fake_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """drivers/fakeprog.py (in a folder of its own, added to the package's path) and a role in the device table:
    the two places a backend lives. Nothing else is changed."""
    import doctor.drivers

    folder = tmp_path / "more_drivers"
    folder.mkdir()
    (folder / "fakeprog.py").write_text(textwrap.dedent(FAKE))
    monkeypatch.setattr(doctor.drivers, "__path__", [*doctor.drivers.__path__, str(folder)])
    real = devices.table()
    roles = {**real.roles, "fake-bl": {"name": "Fake bootloader", "kind": "bootloader", "raw_access": True, "backends": ["fakeprog"]}}
    table = dataclasses.replace(real, roles=roles, devices={**real.devices, "abcd:1234": {"id": "abcd:1234", "role": "fake-bl"}})
    monkeypatch.setattr(devices, "table", lambda: table)
    registry.refresh()
    yield folder
    registry.refresh()
    sys.modules.pop("doctor.drivers.fakeprog", None)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from doctor.cli import main

    rc = main(argv)
    out = capsys.readouterr()
    return rc, out.out + out.err


def test_a_new_backend_needs_its_module_and_the_device_table(
    fake_backend: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from doctor import boards
    from doctor.cli import build_parser
    from doctor.drivers import ACTIONS
    from doctor.drivers.base import ActionRequest, plan_action

    # its actions are names knowledge entries may use, its backend a --via choice with its own option
    assert ACTIONS["fakeprog.flash"] == "write with fakeprog"
    parser, _ = build_parser("flash")
    args = parser.parse_args(["flash", "fw.bin", "--via", "fakeprog", "--fake-speed", "3"])
    assert args.via == "fakeprog" and args.fake_speed == "3"
    help_text = io.StringIO()
    parser._subparsers._group_actions[0].choices["flash"].print_help(help_text)  # type: ignore[union-attr]
    assert "fakeprog" in help_text.getvalue() and "--fake-speed" in help_text.getvalue()
    # the board choice: its option selects it, its role's devices go to it, a scanned device is a candidate
    assert boards.choose_via({"fake_speed": "3"}) == "fakeprog"
    assert boards.choose_via({"device": "abcd:1234"}) == "fakeprog"
    scan = {"usb": {"devices": [{"vid": "abcd", "pid": "1234", "role": "fake-bl"}]}}
    opts: dict[str, Any] = {}
    assert boards.choose_via(opts, scan) == "fakeprog" and opts["device"] == "abcd:1234"
    # the pre-flight knows its tool's package (TOOL001)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    plan = plan_action("fakeprog.flash", ActionRequest(options={"firmware": "fw.bin"}))
    assert [f.id for f in plan.blockers] == ["TOOL001"]
    assert plan.blockers[0].remediation["commands"] == ["sudo apt install fakeprog-tools"]
    # and `doctor flash` plans and runs it
    from doctor.sim.images import klipper_image

    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(4096))
    tool_dir = tmp_path / "bin"
    tool_dir.mkdir()
    log = tmp_path / "fakeprog.log"
    (tool_dir / "fakeprog-cli").write_text(f"#!/bin/sh\necho \"$@\" > {log}\n")
    (tool_dir / "fakeprog-cli").chmod(0o755)
    monkeypatch.setenv("PATH", f"{tool_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr("doctor.drivers.base._usb_nodes", lambda roles, ident: [])
    rc, out = _run(["--dry-run", "flash", str(fw), "--via", "fakeprog", "--fake-speed", "3"], capsys)
    assert rc == 0 and "write with fakeprog" in out and "fakeprog-cli --speed 3 write" in out and not log.exists()
    rc, out = _run(["--yes", "flash", str(fw), "--fake-speed", "7", "--no-rediagnose"], capsys)
    assert rc == 0, out
    assert log.read_text().split() == ["--speed", "7", "write", str(fw)]


def test_a_backend_that_opens_usb_gets_the_access_check(fake_backend: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """USB004 for the new backend's roles comes from its declaration (opens_usb, device_param)."""
    from doctor.drivers import base
    from doctor.drivers.base import ActionRequest, Plan, Step, host_blockers

    seen: list[Any] = []

    def nodes(roles: tuple[str, ...], ident: str | None) -> list[tuple[str, str, str]]:
        seen.append((roles, ident))
        return [("abcd:1234", "fake-bl", "/nonexistent/001/002")]

    monkeypatch.setattr(base, "_usb_nodes", nodes)
    monkeypatch.setattr(base, "_is_root", lambda: False)
    plan = Plan("t", "fakeprog", [Step("write", argv=[sys.executable], risk="writes-flash")], params={"device": "abcd:1234"})
    assert [f.id for f in host_blockers(plan, ActionRequest())] == ["USB004"]
    assert seen == [(("fake-bl",), "abcd:1234")]


def test_role_tables_in_drivers_are_lookups_or_stay_within_the_backends_roles() -> None:
    """The tty roles come from devices.toml (`tty = true`); a role's AVR programmer is devices.toml's `programmer`,
    given only to roles avrdude serves and naming a programmer row avrdude's driver knows; the DFU driver's roles
    are the table's."""
    from doctor.drivers import avrdude, host

    assert host.TTY_ROLES == frozenset(devices.tty_roles()) and {"klipper", "katapult", "usb-serial"} <= host.TTY_ROLES
    with_programmer = {r for r in devices.table().roles if devices.programmer(r)}
    assert {"usbasp", "usbtiny", "avrisp", "caterina", "usbasploader"} <= with_programmer <= set(devices.roles_for("avrdude"))
    assert not hasattr(avrdude, "USB_ROLES")
    for role in with_programmer:
        assert avrdude.programmer_row(devices.programmer(role) or ""), role
    assert "rom-dfu" in devices.roles_for("dfu") and "stlink" not in devices.roles_for("dfu")
