"""The command line: exit codes, errors that say what to do, explain/rules, report → replay round trip, redaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doctor import engine, facts as factmod
from doctor.cli import main
from doctor.status import ExitCode

SECRET_SERIAL = "2B0023000247393439313338"


def denied_snapshot() -> dict:
    snap = factmod.new("scan")
    snap["host"] = {
        "status": "ok",
        "hostname": "voron-pi",
        "user": {"name": "alice", "uid": 1000, "groups": ["alice", "dialout"], "home": "/home/alice"},
        "boot_cmdline": "console=tty1 ip=192.168.1.77 mac=b8:27:eb:12:34:56",
    }
    snap["usb"] = {
        "status": "ok",
        "devices": [
            {
                "vid": "0483", "pid": "df11", "role": "rom-dfu", "role_name": "STM32 ROM DFU", "kind": "bootloader",
                "raw_access": True, "can_open": False, "devnode": "/dev/bus/usb/001/005", "serial": "STM32FxSTM32",
                "node_owner": "root", "node_group": "root", "node_mode": "0664",
            },
            {
                "vid": "1d50", "pid": "614e", "role": "klipper", "role_name": "Klipper", "kind": "app", "raw_access": False,
                "can_open": True, "serial": SECRET_SERIAL, "ttys": ["/dev/ttyACM0"],
            },
        ],
    }
    snap["serial"] = {
        "status": "ok",
        "ports": [
            {
                "device": "/dev/ttyACM0", "kind": "usb-acm", "group": "dialout", "can_open": True,
                "by_id": [f"/dev/serial/by-id/usb-Klipper_stm32h723xx_{SECRET_SERIAL}-if00"],
                "usb": {"vid": "1d50", "pid": "614e", "serial": SECRET_SERIAL},
            }
        ],
    }
    snap["klipper"] = {"printer_cfg": {"path": "/home/alice/printer_data/config/printer.cfg", "mcus": []}}
    return snap


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "doctor" in capsys.readouterr().out
    assert main(["--version"]) == 0


def test_unknown_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == ExitCode.USAGE
    assert "invalid choice" in capsys.readouterr().err


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "USB004"]) == 0
    out = capsys.readouterr().out
    assert "USB004" in out and "udev" in out
    assert main(["explain", "usb-access-denied", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["explain"]["id"] == "USB004"


def test_explain_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "XYZ999"]) == ExitCode.USAGE
    assert "no knowledge entry" in capsys.readouterr().err


def test_rules_lists_entries(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json"]) == 0
    ids = [e["id"] for e in json.loads(capsys.readouterr().out)["rules"]["entries"]]
    assert "USB004" in ids and ids == sorted(ids)


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"", "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not valid JSON"),
        (b"[1, 2]", "top level is not an object"),
        (b'{"usb": {}}', "no schema_version"),
        (b'{"schema_version": 99}', "newer than this doctor"),
        (b'{"schema_version": 1, "usb": []}', "should be an object"),
    ],
)
def test_replay_bad_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, needle: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    assert main(["replay", str(bad)]) == ExitCode.USAGE
    assert needle in capsys.readouterr().err
    assert bad.read_bytes() == content  # nothing lost


def test_replay_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(tmp_path / "nope.json")]) == ExitCode.USAGE
    assert "cannot read snapshot" in capsys.readouterr().err


def test_analyze_unreadable_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "missing.txt")]) == ExitCode.USAGE
    assert "cannot read" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path)]) == ExitCode.USAGE
    assert "is a folder" in capsys.readouterr().err


def test_report_replay_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap = denied_snapshot()
    expected = [f.id for f in engine.evaluate(snap)]
    assert "USB004" in expected
    src = tmp_path / "snap.json"
    factmod.save(snap, src)
    md = tmp_path / "report.md"
    assert main(["report", "--from", str(src), "-o", str(md)]) == ExitCode.FAULTS
    capsys.readouterr()
    report_json = md.with_suffix(".json")
    assert report_json.exists()
    assert main(["replay", "--json", str(report_json)]) == ExitCode.FAULTS
    replayed = [f["id"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert replayed == expected


def test_report_redacts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "snap.json"
    factmod.save(denied_snapshot(), src)
    md = tmp_path / "r.md"
    assert main(["report", "--from", str(src), "-o", str(md)]) == ExitCode.FAULTS
    for path in (md, md.with_suffix(".json")):
        text = path.read_text()
        for secret in (SECRET_SERIAL, "STM32FxSTM32", "alice", "voron-pi", "192.168.1.77", "b8:27:eb:12:34:56"):
            assert secret not in text, f"{secret} leaked into {path.name}"
        assert "<serial-1>" in text and "<user>" in text
    # the same serial gets the same placeholder everywhere
    data = json.loads(md.with_suffix(".json").read_text())["snapshot"]
    assert data["redacted"] is True
    port = data["serial"]["ports"][0]
    assert port["usb"]["serial"] in port["by_id"][0]


def test_report_no_redact(tmp_path: Path) -> None:
    src = tmp_path / "snap.json"
    factmod.save(denied_snapshot(), src)
    md = tmp_path / "r.md"
    main(["report", "--from", str(src), "-o", str(md), "--no-redact"])
    assert SECRET_SERIAL in md.read_text()


def test_report_markdown_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "snap.json"
    factmod.save(denied_snapshot(), src)
    assert main(["report", "--from", str(src), "-o", "-"]) == ExitCode.FAULTS
    md = capsys.readouterr().out
    assert md.startswith("## doctor report")
    assert "### Diagnosis" in md and "**FAULT USB004**" in md
    assert "| 0483:df11 |" in md
    assert md.count("<details>") == md.count("</details>")


def test_scan_on_this_host_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """On a machine with nothing attached, doctor still does its job."""
    rc = main(["scan", "--json", "--passive"])
    out = json.loads(capsys.readouterr().out)
    assert rc in (0, 1, 2)
    assert out["snapshot"]["host"]["status"] == "ok"
    assert isinstance(out["findings"], list)


def test_scan_terminal_says_no_boards(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import doctor.commands.scan as scanmod

    monkeypatch.setattr(scanmod, "scan", lambda args: {**factmod.new("scan"), "host": {"status": "ok", "kernel": "6.1"}})
    assert main(["scan"]) == 0
    out = capsys.readouterr().out
    assert "No boards found" in out and "doctor watch" in out


def test_the_same_output_pasted_twice_is_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from doctor.parsers import analyze_files

    text = (Path(__file__).parent / "cases" / "dfu-get-status-error-is-normal" / "dfu-util.txt").read_text()
    once = tmp_path / "once.txt"
    once.write_text(text)
    twice = tmp_path / "twice.txt"
    twice.write_text(text + "\n```\n" + text)
    one, two = analyze_files([str(once)]), analyze_files([str(twice)])
    assert len(two["dfu"]["runs"]) == len(one["dfu"]["runs"]) == 1
    assert two["dfu"]["runs"][0]["repeats"] == 2 and "repeats" not in one["dfu"]["runs"][0]
    assert [f.id for f in engine.evaluate(two)] == [f.id for f in engine.evaluate(one)]


def test_sim_image_writes_a_klipper_like_bin(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from doctor import firmware

    out = tmp_path / "klipper.bin"
    assert main(["sim", "image", str(out), "--mcu", "stm32f446xx", "--link-address", "0x8008000", "--size", "32K"]) == 0
    image = firmware.load(out)
    assert image.size == 32 * 1024
    assert image.klipper and image.klipper["mcu"] == "stm32f446xx"
    assert firmware.linked_at(image) is None  # a raw .bin alone does not say where it is linked: no guess
    (tmp_path / ".config").write_text('CONFIG_MCU="stm32f446xx"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8008000\n')
    assert firmware.linked_at(firmware.load(out)) == 0x08008000  # the build beside it does
    assert main(["sim", "image", str(tmp_path / "no" / "such" / "dir.bin")]) == ExitCode.USAGE
    assert main(["sim", "image", str(out), "--size", "100"]) == ExitCode.USAGE
    assert "too small" in capsys.readouterr().err
