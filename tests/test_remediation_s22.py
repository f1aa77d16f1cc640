"""(s22) A finding's fix and `doctor fix` actions follow the condition that fired.

A knowledge entry's `[remediation]` and `[[actions]]` were applied whatever `[[when]]` matched, so a form of another
ecosystem (BOOT009's SAM-BA monitor after bossac) printed Katapult's flashtool command and `doctor fix` planned
katapult.flash for a board with no Katapult. A `[[when]]` may now carry its own `remediation` and `actions`
(`actions = []`: no automatic action for this form).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from doctor import engine, knowledge
from doctor.knowledge import KnowledgeError, parse_entry

ROOT = Path(__file__).resolve().parent.parent
SAMBA_CASE = ROOT / "tests/cases/klipper-3990-duet2-wifi-bossac-verify-ok-still-samba-03eb-6124"
KATAPULT_CASE = ROOT / "tests/cases/sv08-both-mcus-left-in-katapult"


def _entry(**when_extra: Any) -> dict[str, Any]:
    """A BOOT009-shaped entry: an inheriting form (any 1d50:6177 device) and a form of another ecosystem (03eb:6124)."""
    return {
        "id": "BOOT009",
        "slug": knowledge.catalogue()["BOOT009"]["slug"],
        "title": "t",
        "remediation": {"text": "flash through Katapult", "commands": ["python3 flashtool.py -d {vid}"]},
        "actions": [{"name": "katapult.flash", "params": {}}],
        "when": [
            {"expr": "usb.devices[?vid=='1d50' && pid=='6177']", "confidence": 0.6, "message": "katapult {vid}"},
            {"expr": "usb.devices[?vid=='03eb' && pid=='6124']", "confidence": 0.7, "message": "sam-ba {vid}", **when_extra},
        ],
    }


# --- the loader ----------------------------------------------------------------------------------------------------

def test_a_when_may_carry_its_own_remediation_and_actions() -> None:
    e = parse_entry(_entry(remediation={"text": "bossac -b -R", "commands": ["bossac -U -p {vid} -b -R"]}, actions=[]), "t.toml")
    assert e.when[0].remediation is None and e.when[0].actions is None  # inherits
    assert e.when[1].remediation == {"text": "bossac -b -R", "commands": ["bossac -U -p {vid} -b -R"]}
    assert e.when[1].actions == []


@pytest.mark.parametrize("extra, words", [
    ({"actions": {"name": "dfu.flash"}}, "array of tables"),
    ({"actions": ["dfu.flash"]}, "must be a table"),
    ({"actions": [{"name": "DFU flash"}]}, "'<driver>.<operation>'"),
    ({"actions": [{"name": "dfu.flash", "when": "now"}]}, "unknown keys"),
    ({"actions": [{"name": "dfu.flash", "params": "x"}]}, "params must be a table"),
    ({"remediation": "bossac -b -R"}, "must be a table"),
    ({"remediation": {}}, "must be a table"),
    ({"remediation": {"text": "x", "command": ["y"]}}, "unknown keys"),
    ({"remediation": {"commands": "bossac -b -R"}}, "list of strings"),
    ({"remediation": {"text": ["x"]}}, "text must be a string"),
])
def test_the_loader_refuses_a_malformed_form_fix(extra: dict[str, Any], words: str) -> None:
    with pytest.raises(KnowledgeError, match=re.escape(words)):
        parse_entry(_entry(**extra), "t.toml")


def test_the_entry_level_shapes_are_checked_the_same_way() -> None:
    data = _entry()
    data["remediation"] = {"text": "x", "cmds": []}
    with pytest.raises(KnowledgeError, match="unknown keys"):
        parse_entry(data, "t.toml")


def test_an_undeclared_action_of_a_form_is_reported() -> None:
    from doctor.drivers.registry import undeclared_actions

    e = parse_entry(_entry(actions=[{"name": "bossac.set_boot_flag"}]), "t.toml")
    assert undeclared_actions([e]) == ["t.toml: bossac.set_boot_flag"]


# --- the engine ----------------------------------------------------------------------------------------------------

def _facts(*ids: tuple[str, str]) -> dict[str, Any]:
    return {"usb": {"devices": [{"vid": v, "pid": p, "origin": "pasted"} for v, p in ids]}}


def test_the_form_that_fires_brings_its_own_fix() -> None:
    e = parse_entry(_entry(remediation={"text": "set boot-from-flash", "commands": ["bossac -U -p {vid} -b -R"]}, actions=[]), "t.toml")
    [f] = engine.evaluate(_facts(("03eb", "6124")), [e])
    assert f.actions == [] and f.remediation == {"text": "set boot-from-flash", "commands": ["bossac -U -p 03eb -b -R"]}
    [f] = engine.evaluate(_facts(("1d50", "6177")), [e])
    assert f.actions == [{"name": "katapult.flash", "params": {}}]
    assert f.remediation == {"text": "flash through Katapult", "commands": ["python3 flashtool.py -d 1d50"]}


def test_the_surest_form_decides_when_both_match() -> None:
    e = parse_entry(_entry(actions=[{"name": "dfu.flash", "params": {"x": 1}}]), "t.toml")
    [f] = engine.evaluate(_facts(("1d50", "6177"), ("03eb", "6124")), [e])  # the SAM-BA form is surer (0.7)
    assert f.message.startswith("sam-ba") and f.actions == [{"name": "dfu.flash", "params": {"x": 1}}]
    assert f.remediation["text"] == "flash through Katapult"  # only actions given: the entry's fix stays


def test_a_findings_actions_are_its_own_copies() -> None:
    e = parse_entry(_entry(actions=[{"name": "dfu.flash", "params": {}}]), "t.toml")
    [f] = engine.evaluate(_facts(("03eb", "6124")), [e])
    f.actions.append({"name": "x.y"})
    assert e.when[1].actions == [{"name": "dfu.flash", "params": {}}]


# --- doctor fix, end to end on a real case -------------------------------------------------------------------------

def _analyze_save(case: Path, tmp_path: Path) -> Path:
    from doctor.cli import main

    snap = tmp_path / "snap.json"
    texts = sorted(str(p) for p in case.iterdir() if p.name != "case.toml")
    main(["analyze", *texts, "--save", str(snap)])
    return snap


def test_doctor_fix_never_plans_katapult_for_sam_ba_after_bossac(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from doctor.cli import main
    from doctor.status import ExitCode

    snap = _analyze_save(SAMBA_CASE, tmp_path)
    capsys.readouterr()
    assert main(["--no-color", "fix", "BOOT009", "--from", str(snap), "--dry-run"]) == int(ExitCode.FAULTS)
    out = capsys.readouterr().out
    assert "katapult.flash" not in out and "flashtool.py -d" not in out  # (the explanation still names Katapult)
    assert "bossac" in out and "-b -R" in out
    assert "no automatic action for BOOT009 as it shows here" in out
    main(["fix", "BOOT009", "--from", str(snap), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["fix"]["actions"] == [] and "bossac" in json.dumps(data["fix"]["remediation"])


def test_the_paste_no_longer_offers_doctor_fix_for_sam_ba(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _analyze_save(SAMBA_CASE, tmp_path)
    out = capsys.readouterr().out
    assert "doctor fix BOOT009" not in out and "flashtool.py -d" not in out


def test_a_katapult_form_still_plans_katapult(tmp_path: Path) -> None:
    from doctor.parsers import analyze_files

    facts = analyze_files(sorted(str(p) for p in KATAPULT_CASE.iterdir() if p.name != "case.toml"))
    f = next(f for f in engine.evaluate(facts) if f.id == "BOOT009")
    assert [a["name"] for a in f.actions] == ["katapult.flash"]


def test_explain_lists_the_forms_with_their_own_fix(capsys: pytest.CaptureFixture[str]) -> None:
    from doctor.cli import main

    assert main(["--no-color", "explain", "BOOT009"]) == 0
    out = capsys.readouterr().out
    assert "the fix is that form's own" in out and "no automatic action" in out and "-b -R" in out
    main(["explain", "BOOT009", "--json"])
    conds = json.loads(capsys.readouterr().out)["explain"]["conditions"]
    assert any(c.get("actions") == [] and "remediation" in c for c in conds)


# --- the guard: a form of another ecosystem never inherits an action of the entry's ---------------------------------

# Per driver, the words that name another ecosystem than the one the driver writes to or changes. A `katapult.*` action
# flashes through Katapult's flashtool: a form about bossac/SAM-BA, a ROM (BOOTSEL, UF2), esptool, a keyboard's or an
# Arduino's bootloader has no Katapult to flash through. `dfu.*` drives dfu-util on an STM32-style ROM DFU: BOOTSEL,
# HID, serial ROM bootloaders, Atmel DFU (dfu-programmer), AVR and the rest are other tools. `stlink.*` runs st-flash,
# which needs an ST-Link and an STM32: J-Link, pyOCD, probe-rs, BMP, CMSIS-DAP, WCH-Link, STM8/SWIM, FPGA JTAG, nRF
# are not. `openocd.*` unlocks/flashes STM32 families through interface/stlink.cfg: nRF APPROTECT, NXP security, the
# serial ROM bootloader, DFU, a configurator, STM8 are not. `avrdude.*` runs avrdude: Atmel Studio, bossac, jtag2updi's
# 1200-baud dance are not. `sdcard.*` runs Klipper's flash-sdcard.sh: a Prusa USB drive or RepRapFirmware's card are
# not. `host.*` changes this Linux host (udev, groups, services, printer.cfg): a Windows or macOS form is not, unless
# the form names Linux too (a mixed "udev rule on Linux, driver on Windows" form keeps the Linux action).
OTHER = {
    "katapult": r"bossac|sam-?ba|rp2040|rp2350|bootsel|\buf2\b|picotool|esptool|espflash|\besp32|esp8266|\bqmk\b|teensy|\bhid\b|"
                r"avrdude|caterina|mcuboot|imgtool|maple|openblt|bootcommander|nrfutil|dfu-programmer|mdloader|stm32flash|blhost|"
                r"opencr|proxmark|cfloader|px4|ardupilot|apm planner|lpc176x|dfu-util",
    "dfu": r"rp2040|rp2350|bootsel|\buf2\b|picotool|\bhid bootloader|wchisp|ch55x|lpc21isp|stm32flash|serial rom|usart|esptool|"
           r"avrdude|caterina|dfu-programmer|atmel dfu|maple|1eaf|bossac|teensy|micronucleus|usbipd|wsl|bluetooth",
    "stlink": r"j-?link|pyocd|probe-rs|black magic|\bbmp\b|cmsis-dap|daplink|wch-link|wlink|minichlink|stm8|swim|openfpgaloader|"
              r"iceprog|linkserver|\bnrf|edbg",
    "openocd": r"\bnrf|blhost|stm32flash|serial rom|stm8|dfu-util|\bdfu\b|configurator|black magic|\bbmp\b|edbg|pyocd",
    "avrdude": r"atmel studio|microchip studio|atmel-studio|bossac|esptool|micronucleus|jtag2updi",
    "sdcard": r"prusa|reprapfirmware|\brrf\b|\.bbf|usb drive",
    "host": r"windows|macos|/dev/cu\.|\bcom[0-9n]\b|device manager",
}
ALSO_THIS = {"host": r"linux|udev|ttyacm|ttyusb|/dev/serial"}  # the form names this host's ecosystem too: mixed
# What a condition names: its message, and the literals it selects on (`tool == 'bossac'`), not those it excludes.
SELECTS = re.compile(r"\b(?:tool|probe|role|target|via|wrapper|flasher|host|programmer|interface)\s*==\s*'([^']+)'")
# Forms that name another ecosystem and still fit the entry's action, each with why.
FITS = {
    ("BOOT003", "dfu-util opened an Apple device"): "the board is to be put in ROM DFU; the Mac's Bluetooth is what dfu-util wrongly opened",
    ("BOOT006", "picotool found no RP2040/RP2350 in BOOTSEL, but the bus shows"): "the board on the bus is a DFU bootloader: dfu.flash is its tool",
    ("SER003", "The serial port is busy"): "OS-neutral EBUSY; Windows' wording is an aside",
    ("SER003", "avrdude could not open {port}: another program holds it"): "OS-neutral; Windows' wording is an aside",
    ("SWD006", "The debug tool (OpenOCD, J-Link/nrfjprog, pyOCD) reports"): "mostly STM32 read-out protection; the unlock plan asks the family first",
    ("USB004", "The FTDI-based adapter is on the USB bus but could not be opened"): "this user may not open it (Linux udev) or a Windows driver: mixed",
}


def _inheriting_other_ecosystem() -> list[str]:
    out = []
    for e in knowledge.load():
        for i, w in enumerate(e.when):
            if w.actions is not None:
                continue
            said = ((w.message or "") + " " + " ".join(SELECTS.findall(w.expr))).lower()
            for a in e.actions:
                driver = str(a["name"]).split(".")[0]
                hit = re.search(OTHER.get(driver, r"(?!)"), said)
                if not hit or (driver in ALSO_THIS and re.search(ALSO_THIS[driver], said)):
                    continue
                if any(e.id == fid and (w.message or "").startswith(prefix) for fid, prefix in FITS):
                    continue
                out.append(f"{e.id} when[{i}] names {hit.group(0)!r} but inherits {a['name']}: {(w.message or w.expr)[:120]}")
    return out


def test_no_form_of_another_ecosystem_inherits_the_entrys_action() -> None:
    assert _inheriting_other_ecosystem() == []


def test_the_guard_can_fail() -> None:
    """The guard sees the defect this session fixed: the SAM-BA form without its own actions."""
    data = _entry()
    data["when"][1]["message"] = "bossac wrote the image, but the board still shows up as the SAM-BA ROM monitor"
    e = parse_entry(data, "t.toml")
    original = knowledge._load
    try:
        knowledge._load = lambda strict=True: (e,)  # type: ignore[assignment]
        assert len(_inheriting_other_ecosystem()) == 1
    finally:
        knowledge._load = original  # type: ignore[assignment]


def test_every_fits_exemption_still_names_a_form() -> None:
    entries = {e.id: e for e in knowledge.load()}
    for fid, prefix in FITS:
        assert any((w.message or "").startswith(prefix) for w in entries[fid].when), (fid, prefix)


# --- (remediation-review s22) the same guard over the commands a form inherits, for every entry --------------------

# The tool a command calls -> the driver whose OTHER words name an ecosystem that command does not serve
# (flashtool.py flashes through Katapult; st-info/st-flash read an ST-Link; ...). Host commands (systemctl, udevadm,
# usermod, stty, ls /dev/...) change or read this Linux host.
COMMAND_DRIVER = {
    "flashtool.py": "katapult", "st-info": "stlink", "st-flash": "stlink", "dfu-util": "dfu", "openocd": "openocd",
    "avrdude": "avrdude", "flash-sdcard.sh": "sdcard", "systemctl": "host", "udevadm": "host", "usermod": "host",
    "stty": "host", "raspi-config": "host", "modprobe": "host", "fuser": "host",
}
# Entries whose commands fit every form that names another ecosystem, each with why.
COMMAND_FITS = {
    ("BOOT007", "dfu"): "the ROM bootloader chose a USART over USB DFU: `dfu-util -l` is how to see whether DFU came up",
}
# Negated mentions of this host ("no udev rule on Windows", "not a Linux problem") do not make a form mixed.
_NEGATED_HOST = re.compile(r"\b(?:no|not|without|never|isn't|is not)\s+(?:\w+\s+){0,2}?(?:linux|udev|/dev/serial)\w*")
# The namespaces an expression reads (`avrdude.runs`, `stlink.runs`): what a form without a message of its own is about.
_NAMESPACE = re.compile(r"(?<![\w.])([a-z_]+)\.(?:runs|devices|log|ports)\b")


def _said(w: Any) -> str:
    said = ((w.message or "") + " " + " ".join(SELECTS.findall(w.expr)) + " " + " ".join(_NAMESPACE.findall(w.expr))).lower()
    return _NEGATED_HOST.sub(" ", said)


def _command_tool(cmd: str) -> str:
    words = [x for x in cmd.split("#", 1)[0].split() if not re.fullmatch(r"[A-Z_]+=\S*", x)]
    while words and words[0] in ("sudo", "exec"):
        words = words[1:]
    if words and words[0] in ("python3", "python") and len(words) > 1:
        words = words[1:]
    return words[0].rsplit("/", 1)[-1] if words else ""


def _inheriting_other_commands() -> list[str]:
    out = []
    for e in knowledge.load():
        commands = (e.remediation or {}).get("commands") or []
        for i, w in enumerate(e.when):
            if w.remediation is not None:
                continue
            said = _said(w)
            for cmd in commands:
                driver = COMMAND_DRIVER.get(_command_tool(cmd))
                hit = driver and re.search(OTHER[driver], said)
                if not hit or (driver in ALSO_THIS and re.search(ALSO_THIS[driver], said)):
                    continue
                if any(e.id == fid and (w.message or "").startswith(prefix) for fid, prefix in FITS) or (e.id, driver) in COMMAND_FITS:
                    continue
                out.append(f"{e.id} when[{i}] names {hit.group(0)!r} but inherits `{cmd[:60]}`: {(w.message or w.expr)[:100]}")
    return out


def test_no_form_of_another_ecosystem_inherits_the_entrys_commands() -> None:
    found = _inheriting_other_commands()
    assert found == [], f"{len(found)}:\n" + "\n".join(found)


def test_a_negated_host_mention_is_no_linux_form() -> None:
    assert "udev" not in _said(type("W", (), {"message": "no udev rule on Windows: the driver", "expr": "x"})())
    assert "udev" in _said(type("W", (), {"message": "a udev rule on Linux, a driver on Windows", "expr": "x"})())
    assert "avrdude" in _said(type("W", (), {"message": None, "expr": "avrdude.runs[].events[]"})())


def test_the_schema_declares_a_conditions_own_fix() -> None:
    schema = json.loads((ROOT / "docs/doctor.schema.json").read_text())
    cond = schema["$defs"]["entry"]["properties"]["conditions"]["items"]["properties"]
    assert {"remediation", "actions"} <= set(cond)


def test_the_reviewed_forms_print_commands_right_for_their_boards() -> None:
    """(remediation-review s22) bossac on a SAMD needs --offset, a SAM3X -b; a Mega takes -c wiring; an ESP form that
    fires on any chip writes no 0x1000 for all; imgtool/nrfutil lines that lack the key or version are gone."""
    es = {e.id: e for e in knowledge.load()}
    cmds = lambda fid: [c for w in es[fid].when if w.remediation for c in w.remediation.get("commands") or []]  # noqa: E731
    boss = [c for c in cmds("BOOT001") if c.startswith("bossac")]
    assert boss and all(("--offset=" in c) != (" -b " in c) for c in boss)
    assert any("-c wiring -p m2560" in c for c in cmds("BOOT001"))
    assert not any("--chip esp32 " in c and "0x1000" in c for c in cmds("FW001"))
    assert not any(c.startswith(("imgtool", "nrfutil pkg")) for fid in ("FW001", "BOOT009") for c in cmds(fid))
    assert not any("cmsis-dap.cfg" in c for w in es["BOOT006"].when if w.remediation and "but the probe on the bus is an ST-Link or a J-Link" in (w.message or "")
                   for c in w.remediation.get("commands") or [])
