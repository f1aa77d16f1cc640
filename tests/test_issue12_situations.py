"""Issue 12, item 1: every situation its "Why" names, reproduced and pinned here (or named where another test pins
it). Each test below failed before its fix.

Pinned elsewhere: copyable by-id paths and commands (test_copyable_output.py), `fix SER005 --config/--old/--new`
(test_host_fixes.py::test_fix_accepts_the_options_its_hint_names), `{placeholders}` in explain and findings
(test_hints_parse.py), `doctor --passive`, -q/-v, "1 fault, 2 warnings", the JSON envelope, errors under --json and the
watch stream (test_output_contracts.py, test_cli_conventions.py), progress (test_tool_progress.py), completion, man
page and examples (test_cli_conventions.py), no-hardware commands (test_no_hardware_commands.py), the contracts
(test_schema_producers.py, test_fuzz_registry.py, test_catalogue_source.py).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from doctor import cli, engine, knowledge, render
from doctor import facts as factmod
from doctor import report as reportmod
from doctor.findings import Finding
from doctor.output import SafeConsole

ROOT = Path(__file__).resolve().parents[1]
WATCH = ROOT / "tests" / "watch"
BOARDS = ROOT / "tests" / "boards"
UMOCKDEV = pytest.mark.skipif(shutil.which("umockdev-run") is None, reason="umockdev-run is not installed (apt install umockdev)")


def _finding(fid: str) -> Finding:
    e = knowledge.get(fid)
    assert e is not None
    return Finding(id=e.id, slug=e.slug, severity=e.severity, confidence=0.8, title=e.title, message="m",
                   remediation=dict(e.remediation), actions=list(e.actions))


def _printed(findings: list[Finding], **where: Any) -> list[str]:
    out = io.StringIO()
    render.print_findings(SafeConsole(file=out, width=100, highlight=False), findings, **where)
    return out.getvalue().splitlines()


# --- self-contradictions ------------------------------------------------------------------------------------------


def test_a_listed_uart_is_not_denied_by_no_boards_found(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The serial table lists /dev/ttyS0, then "No boards found: ... no serial port"."""
    import doctor.commands.scan as scanmod

    facts = {**factmod.new("scan"), "host": {"status": "ok", "kernel": "6.1"},
             "serial": {"status": "ok", "ports": [{"device": "/dev/ttyS0", "kind": "uart", "exists": True, "group": "dialout"}]}}
    monkeypatch.setattr(scanmod, "scan", lambda args: facts)
    assert cli.main(["scan"]) == 0
    out = capsys.readouterr().out
    assert "/dev/ttyS0" in out and "No boards found" in out
    assert "no serial port" not in out  # it says what is missing: a USB serial port


def test_access_ok_and_a_tool_that_finds_nothing_is_not_usb004() -> None:
    """An ST-Link the user may open (root, or a rule in place): the table's Access `ok` and no USB004 "cannot open"."""
    facts = {**factmod.new("scan"),
             "usb": {"status": "ok", "devices": [{"vid": "0483", "pid": "3748", "role": "stlink", "role_name": "ST-Link/V2", "raw_access": True,
                                                  "can_open": True, "devnode": "/dev/bus/usb/001/002", "kind": "programmer"}]},
             "stlink": {"status": "ok", "runs": [{"tool": "st-info", "origin": "live", "probe_step": "plain", "found": 0, "success": False,
                                                 "events": [{"kind": "stlink_not_found", "line": "Found 0 stlink programmers", "count": 0, "fail": True}]}]}}
    ids = [f.id for f in engine.evaluate(facts)]
    assert "USB004" not in ids and "SWD001" in ids
    facts["usb"]["devices"][0]["can_open"] = False  # the same probe a user may not open: USB004
    assert "USB004" in [f.id for f in engine.evaluate(facts)]


@UMOCKDEV
def test_st_link_scanned_as_its_owner_shows_no_usb004_and_no_dead_fix_line() -> None:
    """Scanning an ST-Link (umockdev; its node is the scanning user's own): Access ok, and neither USB004 nor a
    `doctor fix USB004` that would answer "not present on this host"."""
    from test_scan_umockdev import umockdev_scan

    proc = umockdev_scan("stlink-v2", args=("--json",))
    doc = json.loads(proc.stdout.splitlines()[-1])
    dev = doc["snapshot"]["usb"]["devices"][0]
    assert dev["can_open"] is True
    assert "USB004" not in [f["id"] for f in doc["findings"]]
    text = umockdev_scan("stlink-v2", args=()).stdout
    assert "doctor fix USB004" not in text


def test_doctors_own_st_info_meeting_a_dfu_board_is_not_boot006() -> None:
    """On the 20-device bench the top finding was BOOT006 "wrong device or host", raised by doctor's own
    `st-info --probe` skipping the board in DFU beside the ST-Link; the same lines pasted by a person still are."""
    skip = {"kind": "skipping_st_device", "line": "WARN usb.c: skipping ST device : 0x483:0xdf11)", "vid": "0483", "pid": "df11",
            "role": "rom-dfu", "role_name": "STM32 ROM DFU bootloader"}
    none = {"kind": "stlink_not_found", "line": "Found 0 stlink programmers", "count": 0, "fail": True}
    devices = [{"vid": "0483", "pid": "df11", "role": "rom-dfu", "role_name": "STM32 ROM DFU bootloader", "raw_access": True, "can_open": True},
               {"vid": "0483", "pid": "3748", "role": "stlink", "role_name": "ST-Link/V2", "raw_access": True, "can_open": True}]
    run = {"tool": "st-info", "origin": "live", "probe_step": "plain", "found": 0, "events": [none, skip]}
    facts = {**factmod.new("scan"), "usb": {"status": "ok", "devices": devices}, "stlink": {"status": "ok", "runs": [run]}}
    assert "BOOT006" not in [f.id for f in engine.evaluate(facts)]
    pasted = {k: v for k, v in run.items() if k != "probe_step"} | {"origin": "pasted"}
    assert "BOOT006" in [f.id for f in engine.evaluate({**facts, "stlink": {"runs": [pasted]}})]


@UMOCKDEV
@pytest.mark.skipif(shutil.which("st-info") is None, reason="st-info (stlink-tools) is not installed: doctor's own probe does not run")
def test_bench_20_top_finding_is_not_boot006() -> None:
    from test_scan_umockdev import umockdev_scan

    # Seen failing twice in loaded parallel full runs (never in 12 runs alone or beside CPU hogs): umockdev-run gave no
    # output once; the other time the cause was not kept. Up to three tries, each attempt's evidence kept for the message.
    tries = []
    for _ in range(3):
        proc = umockdev_scan("bench-20", args=("--json",))
        if not proc.stdout.strip():
            tries.append(f"no output, exit {proc.returncode}: {proc.stderr[-800:]}")
            continue
        doc = json.loads(proc.stdout.splitlines()[-1])
        runs = doc["snapshot"].get("stlink", {}).get("runs", [])
        ids = [f["id"] for f in doc["findings"]]
        if any(r.get("probe_step") for r in runs) and "BOOT006" not in ids:  # doctor's own st-info ran; no BOOT006
            return
        tries.append(f"ids {ids}, runs {[(r.get('probe_step'), r.get('status')) for r in runs]}")
    raise AssertionError("\n".join(tries))


def test_ser005_title_claims_no_near_match() -> None:
    """SER005's title said "a near match exists" also when none does (avrdude given a port that is not there)."""
    e = knowledge.get("SER005")
    assert e is not None and "near match" not in e.title
    facts = {**factmod.new("analyze"), "avrdude": {"runs": [{"tool": "avrdude", "events": [
        {"kind": "serial_no_such_port", "port": "/dev/ttyUSB0", "line": 'avrdude: ser_open(): can\'t open device "/dev/ttyUSB0": No such file or directory'}]}]}}
    found = [f for f in engine.evaluate(facts) if f.id == "SER005"]
    assert found and "near" not in found[0].title + found[0].message


RECORDINGS = sorted(WATCH.glob("*.json"))


@pytest.mark.parametrize("guide", [None, "plug", "rom-dfu", "power-cycle"])
@pytest.mark.parametrize("recording", RECORDINGS, ids=[p.stem for p in RECORDINGS])
def test_watch_replay_exit_code_is_what_it_printed(recording: Path, guide: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    """`watch --replay` of a recording with a FAULT exited 0 while `--guide` runs exit 2: the exit code is the worst
    severity printed (2 with a FAULT, 1 with a WARN or a guided step that did not succeed), the same under --json."""
    args = ["watch", "--replay", str(recording), *(["--guide", guide] if guide else [])]
    rc = cli.main(args)
    text = capsys.readouterr().out
    faults = re.findall(r"^FAULT [A-Z]+\d+", text, re.M)
    warns = re.findall(r"^WARN [A-Z]+\d+", text, re.M)
    if faults:
        assert rc == 2, text
    elif warns:
        assert rc == 1, text
    else:
        assert rc in (0, 1) and (rc == 0 or guide is not None), text
    rc_json = cli.main([*args, "--json"])
    doc = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert rc_json == rc == doc["exit_code"]
    assert sorted(f["id"] for f in doc["findings"] if f["severity"] == "error") == sorted(x.split()[1] for x in faults)


# --- hints that lead nowhere ----------------------------------------------------------------------------------------


def test_a_superseded_fix_line_is_not_printed_for_this_host() -> None:
    """SWD001 printed `doctor fix USB004` beside Access `ok`; USB004 supersedes SWD001, so on a scan of this host that
    line always answered "USB004 is not present on this host". From pasted output it is the other computer's fix."""
    swd = _finding("SWD001")
    assert "doctor fix USB004" in swd.remediation["commands"]
    assert "doctor fix USB004" not in _printed([swd])
    assert "doctor fix USB004" in _printed([swd], where="paste")


def test_analyze_says_where_doctor_fix_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """`analyze` said "doctor can do this for you: doctor fix SER004", and `doctor fix SER004` on this host answered
    that SER004 is not present: the line says it is for the computer the output came from."""
    case = ROOT / "tests" / "cases" / "arduino-ide2-ttyusb0-permission-denied" / "ide.txt"
    assert cli.main(["analyze", str(case)]) == 2
    lines = capsys.readouterr().out.splitlines()
    i = lines.index("doctor fix SER004")
    assert "on the computer this output came from" in lines[i - 1]


def test_replay_offers_fix_from_the_same_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    snap = ROOT / "tests" / "data" / "bench20-katapult-mcu-snapshot.json"
    cli.main(["replay", str(snap)])
    lines = capsys.readouterr().out.splitlines()
    fixes = [line for line in lines if line.startswith("doctor fix ")]
    assert fixes and all(line.endswith(f" --from {snap}") for line in fixes)
    fid = fixes[0].split()[2]
    cli.main(["fix", fid, "--from", str(snap), "--dry-run"])  # (BOOT009's flash then asks for the firmware: exit 4)
    out = capsys.readouterr().out
    assert f"Fixing {fid}" in out and "not present" not in out


def test_the_sd_card_hint_names_an_option_flash_takes(tmp_path: Path) -> None:
    """SD003 suggested `--firmware-name`, which did not exist."""
    from doctor.drivers.base import ActionRequest, plan_action
    from doctor.sim.images import klipper_image

    card = tmp_path / "card"
    card.mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/sdb1 {card} vfat rw 0 0\n")
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(8000, mcu="stm32f103xe", link_address=0x08007000, stack_top=0x20010000))
    opts = {"card": str(card), "board": "my-own-board", "firmware": str(fw), "mounts_file": str(mounts)}
    plan = plan_action("sdcard.flash", ActionRequest(options=opts))
    sd003 = next(b for b in plan.blockers if b.id == "SD003")
    named = re.search(r"(--[a-z-]+) (\S+?)\)", sd003.remediation["text"])
    assert named, sd003.remediation
    parser, _ = cli.build_parser()
    args = parser.parse_args(["flash", str(fw), "--card", str(card), named.group(1), named.group(2)])  # argparse exits on an unknown option
    from doctor.boards import options

    plan = plan_action("sdcard.flash", ActionRequest(options={**options(args), "board": "my-own-board", "firmware": str(fw), "mounts_file": str(mounts)}))
    assert "SD003" not in [b.id for b in plan.blockers] and plan.params["name"] == named.group(2)


# --- the report -----------------------------------------------------------------------------------------------------

KCONFIG = 'CONFIG_MACH_STM32=y\nCONFIG_MCU="stm32f446xx"\nCONFIG_USBSERIAL=y\nCONFIG_FLASH_BOOT_ADDRESS=0x8000000\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8008000\n'
PRINTER_CFG = "[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f446xx_ABCDEF0123456789-if00\n\n[mcu EBBCan]\ncanbus_uuid: 7d4b7d3c2a1f\n"
KLIPPY = "Starting Klippy...\nGit version: 'v0.12.0-396-g1234abcd'\nmcu 'mcu': Starting serial connect\n"
DMESG = """[  812.123456] usb 1-1.3: new full-speed USB device number 7 using xhci_hcd
[  812.234567] usb 1-1.3: New USB device found, idVendor=1d50, idProduct=6177, bcdDevice= 1.00
[  812.234570] usb 1-1.3: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[  812.234572] usb 1-1.3: Product: stm32f446xx
[  812.234574] usb 1-1.3: Manufacturer: katapult
[  812.234576] usb 1-1.3: SerialNumber: 3E0032000851303531313638
[  812.240001] cdc_acm 1-1.3:1.0: ttyACM0: USB ACM device
"""


def _env() -> dict[str, str]:
    return dict(os.environ, NO_COLOR="1", COLUMNS="100")


def test_report_has_the_klipper_facts_it_collected(tmp_path: Path) -> None:
    """Klipper's version, the .config's MCU/offset/interface and printer.cfg's [mcu] serial and canbus_uuid."""
    (tmp_path / "printer_data" / "config").mkdir(parents=True)
    (tmp_path / "printer_data" / "logs").mkdir()
    (tmp_path / "klipper").mkdir()
    (tmp_path / "printer_data" / "config" / "printer.cfg").write_text(PRINTER_CFG)
    (tmp_path / "printer_data" / "logs" / "klippy.log").write_text(KLIPPY)
    (tmp_path / "klipper" / ".config").write_text(KCONFIG)
    r = subprocess.run([sys.executable, "-m", "doctor", "report", "--passive", "--home", str(tmp_path), "-o", "-"],
                       capture_output=True, text=True, timeout=120, env=_env())
    md = r.stdout
    assert r.returncode in (0, 1, 2), r.stderr
    klipper = md[md.index("### Klipper"):md.index("### Printer")]
    assert "v0.12.0-396-g1234abcd" in klipper
    assert "stm32f446xx, 32 KiB bootloader offset, USB" in klipper
    printer = md[md.index("### Printer"):]
    assert "usb-Klipper_stm32f446xx_" in printer and "canbus_uuid" in printer


def test_report_indents_a_tools_json_output() -> None:
    """`ip -json` printed one ~2,000-character line into the report."""
    links = [{"ifindex": i, "ifname": f"can{i}", "flags": ["NOARP", "UP", "LOWER_UP"], "mtu": 16, "qdisc": "pfifo_fast",
              "operstate": "UP", "linkinfo": {"info_kind": "can", "info_data": {"bittiming": {"bitrate": 1000000, "sample_point": "0.875"}}}}
             for i in range(12)]
    text = json.dumps(links, separators=(",", ":"))
    assert len(text) > 2000
    facts = {**factmod.new("scan"), "tool_runs": [{"argv": ["ip", "-details", "-statistics", "-json", "link", "show"], "returncode": 0, "stdout": text}]}
    md = reportmod.markdown(facts, [])
    assert max(len(line) for line in md.splitlines()) < 200
    assert '"ifname": "can7"' in md and '"bitrate": 1000000' in md


def test_report_keeps_the_kernel_lines_that_name_the_firmware(tmp_path: Path) -> None:
    """The "Manufacturer: katapult" kernel lines (they tell the bootloader from the application) were dropped."""
    log = tmp_path / "dmesg.txt"
    log.write_text(DMESG)
    r = subprocess.run([sys.executable, "-m", "doctor", "report", "--analyze", str(log), "-o", "-"], capture_output=True, text=True, timeout=120, env=_env())
    assert r.returncode in (0, 1, 2), r.stderr
    kernel = r.stdout[r.stdout.index("Kernel log"):]
    assert "usb 1-1.3: Manufacturer: katapult" in kernel and "usb 1-1.3: Product: stm32f446xx" in kernel
    assert "3E0032000851303531313638" not in r.stdout  # the serial number is still redacted


def test_report_to_stdout_writes_the_json_it_announces(tmp_path: Path) -> None:
    """`-o -` said "Attached as JSON" and wrote none: the JSON part is inside, and replays to the same diagnosis."""
    log = tmp_path / "dmesg.txt"
    log.write_text(DMESG + "[  900.000001] usb 1-1.3: device descriptor read/64, error -71\n")
    r = subprocess.run([sys.executable, "-m", "doctor", "report", "--analyze", str(log), "-o", "-"], capture_output=True, text=True, timeout=120, env=_env())
    assert "Attached as JSON" not in r.stdout
    block = re.search(r"^```json\n(.*?)\n```$", r.stdout, re.S | re.M)
    assert block, r.stdout[-500:]
    saved = tmp_path / "report.json"
    saved.write_text(block.group(1))
    replay = subprocess.run([sys.executable, "-m", "doctor", "--json", "replay", str(saved)], capture_output=True, text=True, timeout=120, env=_env())
    doc = json.loads(replay.stdout.splitlines()[-1])
    assert [f["id"] for f in doc["findings"]] == [f["id"] for f in json.loads(block.group(1))["findings"]] and doc["findings"]
    assert replay.returncode == r.returncode


# --- progress: the event's schema and Katapult's unit (leftovers a and c) ---------------------------------------------


def test_a_real_katapult_progress_event_counts_blocks_and_matches_the_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    from doctor.sim.images import klipper_image
    from doctor.sim.katapult import Board, BoardConfig

    schema = json.loads((ROOT / "docs" / "doctor.schema.json").read_text())
    image = tmp_path / "klipper.bin"
    image.write_bytes(klipper_image(8 * 1024, seed=2))
    board = Board(BoardConfig(baud=1_000_000), tmp_path / "port")
    board.request_flag = True
    board.start()
    try:
        rc = cli.main(["flash", str(image), "--via", "katapult", "--port", str(tmp_path / "port"), "--baud", "1000000", "--yes",
                       "--no-rediagnose", "--no-identify", "--timeout", "0.3", "--json"])
    finally:
        board.stop()
    assert rc == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    progress = [d for d in lines if d.get("event") == "progress"]
    writing = [d["data"] for d in progress if d["data"]["phase"] == "writing"]
    assert writing and all(d["unit"] == "blocks" and d["total"] == 8 * 1024 // 64 for d in writing)
    for d in progress:
        jsonschema.validate(d, schema, cls=jsonschema.Draft202012Validator)
    bad = dict(progress[0], data={**progress[0]["data"], "unit": 3})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)
    missing = dict(progress[0], data={k: v for k, v in progress[0]["data"].items() if k != "done"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(missing, schema, cls=jsonschema.Draft202012Validator)
