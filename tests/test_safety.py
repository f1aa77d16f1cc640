"""Defects that could hurt a user, each pinned by a test that failed before its fix (issues 10, 13, 15).

- a file that is not firmware (a Markdown text, an archive) is refused before anything reaches a board;
- a raw .bin is written where the build says it is linked, never at a guessed address;
- no value from outside reaches OpenOCD's Tcl or a printed shell command as code;
- outside text reaches the terminal inert (no markup, no escape sequences);
- `doctor recover --dry-run` sends nothing to the board, and a reboot request is never sent unasked.
"""

from __future__ import annotations

import argparse
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from doctor import engine, firmware
from doctor.drivers.base import ActionRequest, plan_action
from doctor.errors import DoctorError, UsageError
from doctor.sim.images import klipper_image
from doctor.status import ExitCode

from fake_tools import make_ctx

ROOT = Path(__file__).parents[1]


# --- is it firmware at all -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        ((ROOT / "README.md").read_bytes(), "text file"),
        (b"PK\x03\x04" + bytes(2000), "ZIP archive"),
        (b"\x1f\x8b\x08" + bytes(2000), "gzip archive"),
        (bytes(range(256)) * 40, "no ARM Cortex-M vector table"),
    ],
)
def test_a_file_that_is_not_firmware_is_refused(tmp_path: Path, content: bytes, looks: str) -> None:
    path = tmp_path / "fw.bin"
    path.write_bytes(content)
    found = firmware.check(firmware.load(path), firmware.Target(mcu="stm32f103xe", app_start=0x08002000, arm=True))
    assert [f.id for f in found] == ["FW005"] and looks in found[0].message


def test_markdown_through_katapult_flash_plan_is_refused(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_bytes((ROOT / "README.md").read_bytes())
    found = firmware.check(firmware.load(readme), firmware.Target.for_mcu("stm32f103xe", 0x08002000, bootloader="Katapult"))
    assert found and found[0].id == "FW005"


def test_a_real_klipper_like_image_is_firmware(tmp_path: Path) -> None:
    path = tmp_path / "klipper.bin"
    path.write_bytes(klipper_image(20000, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    assert firmware.not_firmware(firmware.load(path), firmware.Target(mcu="stm32f446xx", arm=True)) is None


def test_devices_and_truncated_elves_are_refused_not_read(tmp_path: Path) -> None:
    link = tmp_path / "fw.bin"
    link.symlink_to("/dev/zero")
    with pytest.raises(UsageError, match="not a regular file"):
        firmware.load(link)
    for raw in (b"\x7fELF", b"\x7fELF\x01\x01" + bytes(30), b"\x7fELF\x01\x01" + bytes(22) + (60).to_bytes(4, "little") + bytes(20)):
        elf = tmp_path / "fw.elf"
        elf.write_bytes(raw)
        with pytest.raises(UsageError):
            firmware.load(elf)


# --- addresses from facts, never a guess ----------------------------------------------------------------------


def test_a_raw_bin_without_its_build_is_not_written_at_a_guess(tmp_path: Path) -> None:
    fw = tmp_path / "klipper.bin"
    # Klipper's reset handler lies deep in the image: the old guess took the largest offset below it
    fw.write_bytes(klipper_image(48 * 1024, mcu="stm32f103xe", link_address=0x08002000, stack_top=0x20005000))
    image = firmware.load(fw)
    assert firmware.linked_at(image) is None
    for action in ("stlink.flash", "openocd.flash", "dfu.flash"):
        with pytest.raises(UsageError, match="where should"):
            plan_action(action, ActionRequest(options={"firmware": str(fw), "mcu": "stm32f103xe"}))


def test_the_build_beside_the_image_says_where_it_goes(tmp_path: Path) -> None:
    out = tmp_path / "klipper" / "out"
    out.mkdir(parents=True)
    fw = out / "klipper.bin"
    fw.write_bytes(klipper_image(48 * 1024, mcu="stm32f103xe", link_address=0x08002000, stack_top=0x20005000))
    (tmp_path / "klipper" / ".config").write_text('CONFIG_MCU="stm32f103xe"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8002000\n')
    plan = plan_action("stlink.flash", ActionRequest(options={"firmware": str(fw)}))
    assert plan.steps[0].argv[-1] == "0x08002000"


def test_an_image_built_for_another_offset_is_refused_with_that_offset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fw = out / "klipper.bin"
    fw.write_bytes(klipper_image(56 * 1024, mcu="stm32f103xe", link_address=0x08008000, stack_top=0x20005000))
    (tmp_path / ".config").write_text('CONFIG_MCU="stm32f103xe"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8008000\n')
    found = firmware.check(firmware.load(fw), firmware.Target.for_mcu("stm32f103xe", 0x08002000, bootloader="Katapult"))
    assert [f.id for f in found] == ["FW001"] and "0x08008000" in found[0].message and "32 KiB" in found[0].message


def test_the_wrong_mcu_comes_before_the_offset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fw = out / "klipper.bin"
    fw.write_bytes(klipper_image(30 * 1024, mcu="stm32f446xx", link_address=0x08008000, stack_top=0x20020000))
    (tmp_path / ".config").write_text('CONFIG_MCU="stm32f446xx"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8008000\n')
    found = firmware.check(firmware.load(fw), firmware.Target.for_mcu("stm32f103xe", 0x08002000, bootloader="Katapult"))
    assert [f.id for f in found] == ["FW002"]


# --- nothing from outside is code -----------------------------------------------------------------------------


def test_openocd_refuses_a_path_tcl_would_run(tmp_path: Path) -> None:
    evil = tmp_path / "k} [exec touch PWNED] {.bin"
    evil.write_bytes(klipper_image(8192, mcu="stm32f103xe", link_address=0x08000000, stack_top=0x20005000))
    with pytest.raises(UsageError, match="Tcl"):
        plan_action("openocd.flash", ActionRequest(options={"firmware": str(evil), "address": "0x08000000", "mcu": "stm32f103xe"}))
    assert not (tmp_path / "PWNED").exists()


def test_openocd_refuses_an_idcode_that_is_not_one(tmp_path: Path) -> None:
    fw = tmp_path / "klipper.bin"
    fw.write_bytes(klipper_image(8192, mcu="stm32f103xe", link_address=0x08000000, stack_top=0x20005000))
    facts = {"openocd": {"runs": [{"events": [{"kind": "unexpected_idcode", "idcode": "0x2ba01477; exec touch PWNED"}]}]}}
    with pytest.raises(UsageError, match="IDCODE"):
        plan_action("openocd.flash", ActionRequest(options={"firmware": str(fw), "address": "0x08000000", "mcu": "stm32f103xe", "accept_any_idcode": True}, facts=facts))
    plan = plan_action("openocd.flash", ActionRequest(options={"firmware": str(fw), "address": "0x08000000", "mcu": "stm32f103xe", "cputapid": "0x2ba01477"}))
    assert "set CPUTAPID 0x2ba01477" in plan.steps[0].argv


def test_a_suggested_command_quotes_a_value_from_the_facts() -> None:
    facts = {"can": {"interfaces": [{"name": "can0;reboot", "exists": True, "state": "DOWN", "line": "x"}]}}
    from doctor.engine import _format

    assert _format("sudo ip link set {name} up", facts["can"]["interfaces"][0], {}, for_shell=True) == "sudo ip link set 'can0;reboot' up"
    assert _format("sudo ip link set {name} up", {"name": "can0"}, {}, for_shell=True) == "sudo ip link set can0 up"


def test_a_command_named_in_prose_quotes_a_value_from_the_facts() -> None:
    """An entry's message or question names commands in `backticks` ("does `sudo fuser -v {port}` name it?"): a value
    filled there is one quoted shell word (a pasted port name is not a second command); outside the backticks it is
    prose, and an unknown field inside them is a plain word (`<port>` copied into a shell would be a redirection)."""
    from doctor.engine import _format

    hostile = {"port": "/dev/ttyUSB0; rm -rf ~"}
    said = _format("Does `sudo fuser -v {port}` name a program on {port}?", hostile, {})
    assert said == "Does `sudo fuser -v '/dev/ttyUSB0; rm -rf ~'` name a program on /dev/ttyUSB0; rm -rf ~?"
    assert _format("Does `ls -l {port}` list it?", {}, {}) == "Does `ls -l PORT` list it?"
    assert _format("Is {port} in `ls /dev`?", {"port": "/dev/ttyACM0"}, {}) == "Is /dev/ttyACM0 in `ls /dev`?"


def test_a_can_interface_name_from_a_snapshot_is_refused() -> None:
    with pytest.raises(UsageError, match="not a network interface name"):
        plan_action("host.can_up", ActionRequest(options={"interface": "can0;reboot", "bitrate": 1000000}))


# --- the terminal sees inert text -----------------------------------------------------------------------------


def _doctor(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, COLUMNS="100", TERM="xterm")
    return subprocess.run([sys.executable, "-m", "doctor", *args], capture_output=True, env=env, input=stdin, timeout=60)


def test_file_names_and_pastes_are_not_markup_or_escapes(tmp_path: Path) -> None:
    odd = tmp_path / "[bold red]x[/bold red]"
    r = _doctor("analyze", str(tmp_path / "x" / "[/]"))
    assert r.returncode == ExitCode.USAGE and b"[/]" in r.stderr and b"Traceback" not in r.stderr
    r = _doctor("analyze", str(odd / "missing.txt"))
    assert r.returncode == ExitCode.USAGE and b"[bold red]x[/bold red]" in r.stderr
    paste = tmp_path / "paste.txt"
    paste.write_bytes(b"avrdude: \x1b]0;PWNED\x07\x1b[2J error [link=https://evil.example]x[/link] failed\n")
    r = _doctor("analyze", str(paste))
    assert b"\x1b]0;" not in r.stdout and b"\x1b[2J" not in r.stdout and b"\\x1b" in r.stdout
    assert b"[link=https://evil.example]" in r.stdout


def test_confirmation_prompts_show_their_choices(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from doctor.cli import Context
    from doctor.output import SafeConsole

    err = SafeConsole(stderr=True, width=100, no_color=True)
    ctx = Context(console=err, err=err, json=False, yes=False, dry_run=False, verbosity=0, interactive=True)
    monkeypatch.setattr("builtins.input", lambda: "n")
    assert ctx.confirm("Write it?") is False
    assert "[y/N]" in capsys.readouterr().err


# --- recover: nothing reaches the board unasked ---------------------------------------------------------------


def _recover_args(port: str, firmware_path: str | None) -> argparse.Namespace:
    from doctor.cli import build_parser

    argv = ["recover", "--port", port] + ([firmware_path] if firmware_path else [])
    return build_parser()[0].parse_args(argv)


def test_recover_dry_run_sends_nothing(tmp_path: Path) -> None:
    from doctor.commands.recover import Recovery, TerminalPerson

    master, slave = os.openpty()
    try:
        port = os.ttyname(slave)
        fw = tmp_path / "klipper.bin"
        fw.write_bytes(klipper_image(8192, mcu="stm32f103xe", link_address=0x08002000, stack_top=0x20005000))
        ctx, out = make_ctx(dry_run=True, yes=False)
        rec = Recovery(ctx, _recover_args(port, str(fw)), TerminalPerson(ctx))
        assert rec.run() == ExitCode.OK
        readable, _, _ = select.select([master], [], [], 0.3)
        assert not readable, "a dry run wrote to the board"
        assert "nothing is sent" in out.getvalue()
    finally:
        os.close(master)
        os.close(slave)


def test_recover_refuses_a_text_file_before_touching_the_board(tmp_path: Path) -> None:
    from doctor.commands.recover import Recovery, TerminalPerson

    master, slave = os.openpty()
    try:
        ctx, _ = make_ctx(yes=True)
        rec = Recovery(ctx, _recover_args(os.ttyname(slave), str(ROOT / "README.md")), TerminalPerson(ctx))
        with pytest.raises(UsageError, match="not a firmware image"):
            rec.run()
        readable, _, _ = select.select([master], [], [], 0.3)
        assert not readable
    finally:
        os.close(master)
        os.close(slave)


def test_recover_never_reboots_a_running_klipper_unasked() -> None:
    from doctor.commands.recover import Recovery, TerminalPerson

    ctx, _ = make_ctx(yes=False, interactive=False)
    rec = Recovery(ctx, _recover_args("/dev/ttyACM0", None), TerminalPerson(ctx))
    with pytest.raises(DoctorError, match="reboots the MCU"):
        rec.confirm_request("/dev/ttyACM0")
    with pytest.raises(DoctorError, match="needs a person"):
        rec.person.instruct("double-reset", "Double-tap RESET")


def test_engine_format_is_used_for_remediation_commands() -> None:
    facts = {"can": {"interfaces": [{"name": "can0;reboot", "exists": True, "state": "DOWN", "txqueuelen": 10}]}}
    for f in engine.evaluate(facts):
        for cmd in (f.remediation or {}).get("commands") or []:
            assert "can0;reboot " not in cmd and not cmd.endswith("can0;reboot")


# --- real Klipper builds (facts kept in tests/data/klipper_images: vectors, size, link address, pointer map) ---

IMAGES = sorted((ROOT / "tests" / "data" / "klipper_images").glob("stm32*.json"))


def _rebuild(tmp_path: Path, name: str) -> tuple[Path, dict]:
    """An image with the real build's vector table and flash pointers at their offsets (0xFF elsewhere)."""
    import json
    import struct

    facts = json.loads((ROOT / "tests" / "data" / "klipper_images" / f"{name}.json").read_text())
    data = bytearray(b"\xff" * facts["size"])
    struct.pack_into("<16I", data, 0, *facts["vectors"])
    for offset, value in facts["pointers"]:
        struct.pack_into("<I", data, offset, value)
    path = tmp_path / f"{name}.bin"
    path.write_bytes(bytes(data))
    return path, facts


@pytest.mark.parametrize("path", IMAGES, ids=[p.stem for p in IMAGES])
def test_real_builds_pass_at_their_own_address_and_fail_elsewhere(tmp_path: Path, path: Path) -> None:
    fw, facts = _rebuild(tmp_path, path.stem)
    image = firmware.load(fw)
    link = facts["flash_application_address"]
    target = firmware.Target(mcu=facts["mcu"], app_start=link, ram=[(0x20000000, 0x80000), (0x24000000, 0x80000)], arm=True)
    assert not [f.id for f in firmware.check(image, target) if f.id in ("FW001", "FW005")]
    for wrong in (0x08002000, 0x08008000, 0x08010000):
        if abs(wrong - link) >= 0x4000:
            bad = firmware.Target(mcu=facts["mcu"], app_start=wrong, ram=target.ram, arm=True)
            found = firmware.check(image, bad)
            assert found and found[0].id == "FW001", (wrong, [f.message for f in found])
            if wrong < link:
                assert f"{link:#010x}" in found[0].message  # names where it was really linked


def test_a_real_32k_f103_build_grown_past_52k_is_refused_at_8k(tmp_path: Path) -> None:
    fw, facts = _rebuild(tmp_path, "stm32f103_32k_big")
    assert facts["size"] > 52 * 1024
    found = firmware.check(firmware.load(fw), firmware.Target.for_mcu("stm32f103xe", 0x08002000, flash_size=512 * 1024, bootloader="Katapult"))
    assert found and found[0].id == "FW001" and "0x08008000, 32 KiB" in found[0].message


def test_too_large_for_the_smallest_f103_is_refused_and_says_what_was_assumed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fw = out / "klipper.bin"
    fw.write_bytes(klipper_image(200 * 1024, mcu="stm32f103xe", link_address=0x08002000, stack_top=0x20005000))
    (tmp_path / ".config").write_text('CONFIG_MCU="stm32f103xe"\nCONFIG_FLASH_APPLICATION_ADDRESS=0x8002000\n')
    found = firmware.check(firmware.load(fw), firmware.Target.for_mcu("stm32f103xe", 0x08002000, bootloader="Katapult"))
    assert [f.id for f in found] == ["FW004"] and "assumed" in found[0].remediation["text"]
    found = firmware.check(firmware.load(fw), firmware.Target.for_mcu("stm32f103xe", 0x08002000, flash_size=128 * 1024))
    assert [f.id for f in found] == ["FW004"]
