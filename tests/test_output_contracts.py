"""Output conventions (issue 12): --json always leaves a document on stdout, errors included; -q shows the
findings only and -v more; the summary counts in words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _doctor(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "doctor", *argv], capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_an_error_under_json_is_a_json_document() -> None:
    r = _doctor("--json", "analyze", "/nonexistent/x.log")
    assert r.returncode == 4
    doc = json.loads(r.stdout)
    assert doc["command"] == "analyze" and doc["error"]["exit_code"] == 4 and "cannot read" in doc["error"]["message"]
    r = _doctor("explain", "NOPE", "--json")
    assert r.returncode == 4 and json.loads(r.stdout)["error"]["message"].startswith("no knowledge entry")


def test_quiet_shows_findings_only_and_verbose_shows_the_probes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    quiet = _doctor("-q", "--passive", "--home", str(home))
    assert "Host:" not in quiet.stdout and "Serial ports" not in quiet.stdout and "USB devices" not in quiet.stdout
    loud = _doctor("-v", "--passive", "--home", str(home))
    assert "probe usb:" in loud.stdout and "Host:" in loud.stdout


def test_passive_alone_is_a_scan(tmp_path: Path) -> None:
    r = _doctor("--passive", "--json", "--home", str(tmp_path))
    assert r.returncode in (0, 1, 2) and "findings" in json.loads(r.stdout)


def test_the_summary_counts_in_words() -> None:
    import io

    from rich.console import Console

    from doctor import knowledge, render
    from doctor.findings import Finding

    def f(sev: str) -> Finding:
        e = knowledge.get("SER003")
        assert e is not None
        return Finding(id="SER003", slug=e.slug, severity=sev, confidence=0.9, title=e.title, message="m", evidence=[], remediation={})

    out = io.StringIO()
    render.print_findings(Console(file=out, width=120), [f("error"), f("warning"), f("warning"), f("info")])
    assert "Findings: 1 fault, 2 warnings, 1 note" in out.getvalue()


def test_commands_are_printed_whole_outside_the_box() -> None:
    """A long command is never wrapped with a box border inside it, nor cut; the title is never cut."""
    import io

    from rich.console import Console

    from doctor import knowledge, render
    from doctor.findings import Finding

    e = knowledge.get("CAN001")
    assert e is not None
    cmd = "printf 'allow-hotplug can0\\niface can0 can static\\n    bitrate 1000000\\n' | sudo tee /etc/network/interfaces.d/can0"
    f = Finding(id="CAN001", slug=e.slug, severity="error", confidence=0.9, title=e.title, message="m", evidence=[],
                remediation={"text": "bring it up", "commands": [cmd]}, actions=[{"name": "host.can_up"}])
    out = io.StringIO()
    render.print_findings(Console(file=out, width=50, no_color=True), [f])
    text = out.getvalue()
    assert f"  $ {cmd}" in text.replace("\n", "")  # one soft-wrapped line: no border characters inside
    assert not any("│" in line and "allow-hotplug" in line for line in text.splitlines())
    assert e.title.replace(" ", "") in text.replace("│", "").replace("\n", "").replace(" ", "")
    assert "doctor fix CAN001" in text


def test_repeated_evidence_is_folded_with_a_count(tmp_path: Path) -> None:
    from doctor import engine
    from doctor.parsers import analyze_files

    line = ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00: "
            "[Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00'")
    log = tmp_path / "klippy.log"
    log.write_text("mcu 'mcu': Starting serial connect\n" + (line + "\n") * 30)
    findings = engine.evaluate(analyze_files([str(log)]))
    assert findings
    quoted = [(w, v) for w, v in findings[0].evidence if v == line]
    assert len(quoted) == 1, findings[0].evidence
    assert "×30" in quoted[0][0] and "last at line 31" in quoted[0][0]
