"""Copyable output (issue 12 item 2): paths, by-id names, serials, commands and file names are never cut or wrapped
inside a box. At 60, 80 and 120 columns on a terminal, and piped, each by-id path and every suggested command
survives a copy from the output: a command is a line of its own, flush left, exactly the command; a by-id name
is whole on a line with no box border; piped output has no box drawing at all."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from doctor import engine, knowledge, render, snapshot_check
from doctor.findings import Finding

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "bench20-katapult-mcu-snapshot.json"  # the 20-board bench, printer.cfg's [mcu] in Katapult
BOX = re.compile(r"[\u2500-\u257f]")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
WIDTHS = (60, 80, 120)


def facts() -> dict[str, Any]:
    return snapshot_check.load(str(SNAPSHOT))


def by_id_names(f: dict[str, Any]) -> list[str]:
    return [s.rsplit("/", 1)[-1] for p in f["serial"]["ports"] for s in p.get("by_id") or []]


def suggested(findings: list[Finding], snapshot: str | None = None) -> list[str]:
    """The commands a finding suggests; `snapshot`: the view of `doctor replay SNAPSHOT`, whose `doctor fix` line plans
    from the same snapshot."""
    out = []
    for f in findings:
        out += [str(c) for c in (f.remediation or {}).get("commands") or []]
        if f.actions:
            out.append(f"doctor fix {f.id}" + (f" --from {snapshot}" if snapshot else ""))
    return out


def long_command_finding() -> Finding:
    e = knowledge.get("CAN001")
    assert e is not None
    cmd = "printf 'allow-hotplug can0\\niface can0 can static\\n    bitrate 1000000\\n' | sudo tee /etc/network/interfaces.d/can0"
    return Finding(id="CAN001", slug=e.slug, severity="error", confidence=0.9, title=e.title,
                   message="the configured path /dev/serial/by-id/usb-Klipper_stm32h723xx_2B0023000247393439313338-if00 is fine",
                   evidence=[("klipper.printer_cfg.mcus[0].serial", "/dev/serial/by-id/usb-Klipper_stm32h723xx_2B0023000247393439313338-if00")],
                   remediation={"text": "bring it up", "commands": [cmd]}, actions=[{"name": "host.can_up"}])


def rendered(width: int, terminal: bool, findings: list[Finding] | None = None) -> str:
    """What a person sees of `doctor replay SNAPSHOT` (the scan view), as its lines."""
    from doctor.cli import Context
    from doctor.commands.scan import show
    from doctor.output import SafeConsole

    out = io.StringIO()
    console = SafeConsole(file=out, width=width, force_terminal=terminal, color_system="standard" if terminal else None, highlight=False, soft_wrap=False)
    ctx = Context(console=console, err=console, json=False, yes=False, dry_run=False, verbosity=0, interactive=False)
    f = facts()
    show(ctx, f, findings if findings is not None else engine.evaluate(f))
    return ANSI.sub("", out.getvalue())


def check_copyable(text: str, names: list[str], commands: list[str], *, piped: bool) -> None:
    lines = [line.rstrip() for line in text.splitlines()]
    if piped:
        assert not BOX.search(text), [line for line in lines if BOX.search(line)][:3]
    squashed = BOX.sub("", "".join("".join(line.split()) for line in lines))
    for name in names:
        whole = sum(line.count(name) for line in lines)
        assert whole, f"{name} is not shown whole anywhere"
        # never folded across lines: every time the name can be read in the output, it is whole on one line
        assert squashed.count(name) == whole, name
        # never cut with an ellipsis: no line shows a long start of it without all of it
        for line in lines:
            if "…" in line and any(name[:n] + "…" in line for n in range(16, len(name))):  # the prose's own "usb-Klipper_…" is no cut
                raise AssertionError((name, line))
    for command in commands:
        assert command in lines, f"the command is not a line of its own, flush left: {command!r}"


@pytest.mark.parametrize("width", WIDTHS)
def test_scan_view_on_a_terminal_keeps_by_id_and_commands_copyable(width: int) -> None:
    f = facts()
    findings = engine.evaluate(f)
    assert [x.id for x in findings] == ["BOOT009"] and suggested(findings)
    text = rendered(width, terminal=True, findings=findings)
    assert BOX.search(text)  # a terminal still gets its tables
    check_copyable(text, by_id_names(f), suggested(findings), piped=False)
    # the configured path printer.cfg names, whole on a line of its own or with words around it, no border
    configured = "/dev/serial/by-id/usb-Klipper_stm32f446xx_37001A001851303439363932-if00"
    assert any(configured in line and not BOX.search(line) for line in text.splitlines())
    for line in text.splitlines():
        assert "usb-Klipper_stm32f446" not in line or configured in line or "usb-Klipper_stm32f446xx_37001A001851303439363932-if00" in line, line


@pytest.mark.parametrize("width", WIDTHS)
def test_long_commands_and_paths_in_a_finding_at_every_width(width: int) -> None:
    f = long_command_finding()
    for terminal in (True, False):
        out = io.StringIO()
        from doctor.output import SafeConsole

        console = SafeConsole(file=out, width=width, force_terminal=terminal, highlight=False)
        render.print_findings(console, [f])
        text = ANSI.sub("", out.getvalue())
        check_copyable(text, ["usb-Klipper_stm32h723xx_2B0023000247393439313338-if00"], suggested([f]), piped=not terminal)
        assert f.title in text.replace("\n", " ") or f.title.split()[0] in text  # the title is never cut with an ellipsis
        assert "…" not in text


def test_piped_scan_view_is_plain_text_at_any_columns() -> None:
    f = facts()
    findings = engine.evaluate(f)
    for columns in ("60", "80", "120"):
        r = subprocess.run([sys.executable, "-m", "doctor", "replay", str(SNAPSHOT)], capture_output=True, text=True, timeout=120,
                           cwd=ROOT, env={"PATH": "/usr/bin:/bin", "COLUMNS": columns, "HOME": str(ROOT)})
        assert r.returncode == 2, r.stderr
        check_copyable(r.stdout, by_id_names(f), suggested(findings, str(SNAPSHOT)), piped=True)
        # every table row whole on its line: a by-id name and its port on the same line
        for port in f["serial"]["ports"]:
            for link in port.get("by_id") or []:
                assert any(port["device"] in line and link.rsplit("/", 1)[-1] in line for line in r.stdout.splitlines())


@pytest.mark.parametrize("width", (60, 80))
def test_narrow_terminal_gives_by_id_paths_their_own_lines(width: int) -> None:
    text = rendered(width, terminal=True)
    lines = text.splitlines()
    for port in facts()["serial"]["ports"]:
        for link in port.get("by_id") or []:
            assert link in lines  # the whole /dev/serial/by-id path, alone and flush left


def test_wide_terminal_keeps_by_id_in_the_table() -> None:
    text = rendered(200, terminal=True)
    rows = [line for line in text.splitlines() if "/dev/ttyACM0" in line and "usb-acm" in line and "│" in line]
    assert rows and "usb-Klipper_stm32h723xx_2B0023000247393439313338-if00" in rows[0]


ANALYZED = ROOT / "tests" / "cases" / "carto-flash-by-id-usb-Cartographer-glob-missing-actual-IDM-name"


@pytest.mark.parametrize("columns", ("60", "80", "120"))
def test_analyze_result_piped_and_on_a_terminal(columns: str) -> None:
    """`doctor analyze` of a real paste whose fix names a by-id link: the name and every command copy whole."""
    from doctor.output import SafeConsole
    from doctor.parsers import analyze_files

    files = sorted(str(p) for p in ANALYZED.glob("*.txt"))
    findings = engine.evaluate(analyze_files(files))
    name = "usb-IDM_614e_08800D001343304B4E363120-if00"
    assert findings and suggested(findings)
    piped = subprocess.run([sys.executable, "-m", "doctor", "analyze", *files], capture_output=True, text=True, timeout=120, cwd=ROOT,
                           env={"PATH": "/usr/bin:/bin", "COLUMNS": columns, "HOME": str(ROOT)})
    check_copyable(piped.stdout, [name], suggested(findings), piped=True)
    out = io.StringIO()
    render.print_findings(SafeConsole(file=out, width=int(columns), force_terminal=True, highlight=False), findings)
    check_copyable(ANSI.sub("", out.getvalue()), [name], suggested(findings), piped=False)


def long_plan() -> Any:
    from doctor.drivers.base import Plan, Step

    image = "/home/pi/printer_data/firmware/octopus-pro-h723-klipper-v0.12.0-396-g1234abcd-usb-128k-offset.bin"
    return Plan(title="flash the Octopus Pro over ROM DFU", driver="dfu", steps=[
        Step("check the device", argv=["dfu-util", "--list", "--device", "0483:df11"]),
        Step("write and verify", risk="writes-flash", argv=["dfu-util", "--device", "0483:df11", "--path", "1-1.2", "--alt", "0",
                                                            "--dfuse-address", "0x08020000:leave", "--download", image], long=True),
        Step("add pi to dialout", argv=["usermod", "-aG", "dialout", "pi"], root=True),
        Step("wait for the application", operation="wait for /dev/serial/by-id/usb-Klipper_stm32h723xx_2B0023000247393439313338-if00"),
    ])


@pytest.mark.parametrize("width", WIDTHS)
def test_a_plans_commands_are_copyable(width: int) -> None:
    """A plan's step commands (doctor/plan_view.py) as the finding commands: alone on a line, flush left, no `$ `
    prompt, never cut or folded by doctor, at every width, on a terminal and piped."""
    import shlex

    from doctor.cli import Context
    from doctor.output import SafeConsole
    from doctor.plan_view import show_plan

    plan = long_plan()
    commands = [shlex.join(s.argv) for s in plan.steps if s.argv is not None]
    assert max(len(c) for c in commands) > 120
    for terminal in (True, False):
        out = io.StringIO()
        console = SafeConsole(file=out, width=width, force_terminal=terminal, color_system="standard" if terminal else None, highlight=False, soft_wrap=False)
        show_plan(plan, Context(console=console, err=console, json=False, yes=False, dry_run=False, verbosity=0, interactive=False))
        text = ANSI.sub("", out.getvalue())
        check_copyable(text, ["usb-Klipper_stm32h723xx_2B0023000247393439313338-if00"], commands, piped=not terminal)
        assert "$ " not in text
