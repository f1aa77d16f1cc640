"""rp-usb, session 8: brltty seen through its screen driver's keyboard (X server, gdm-x-session, Xorg.0.log) and the usbfs
message quoted in prose; MicroPython's pyboard.py / mpremote "failed to access <port>" (errno hidden); GNU screen's
command and "[screen is terminating]" on one line; espflash's "Failed to open serial port" + "Serial port not found"
(the port never opened: not a SYNC failure); an RP2040 board stalling the kernel (-32) after a host reboot; a UF2 copied
onto "the removable disk" of an RP2350 that does not take it; a Windows "USB device not recognised" right after a UF2
copy (the ROM enumerated over that cable: the new image's USB fails, not the cable)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from doctor.parsers import kernel_log, rp_claims, serial_errors, serial_terminal, uf2_drive
from doctor.parsers._messages import Msg
from textkit import events as _events, facts as parse, first, serious


def events(text: str, ns: str) -> list[dict[str, Any]]:
    if ns == "kernel":  # the kernel log's events are not in runs
        return list((parse(text).get("kernel") or {}).get("events") or [])
    return _events(parse(text), ns)


_NEW_ROWS = [r for r in kernel_log.MESSAGES if "Screen Driver Keyboard: always" in (r.example or "") or "\u201abrltty" in (r.example or "")] + \
    [r for r in serial_errors.MESSAGES if r.attrs and dict(r.attrs).get("via") in ("pyboard", "esptool-ck")] + \
    [r for r in serial_terminal.MESSAGES if r.kind == "serial_terminal_exited"] + \
    [r for r in rp_claims.MESSAGES if r.kind in ("said_host_reboot_loses", "said_klipper")] + \
    [r for r in uf2_drive.MESSAGES if "removable disk" in (r.example or "") or "firmware over" in (r.example or "")
     or "impossible to copy" in (r.example or "")]


def test_the_new_rows_are_all_there() -> None:
    assert len(_NEW_ROWS) >= 11  # the s8 rows are all still there (later rounds add rows of the same selection)


@pytest.mark.parametrize("row", _NEW_ROWS, ids=[f"{r.kind}:{(r.example or '')[:40]}" for r in _NEW_ROWS])
def test_new_row_example_matches(row: Msg) -> None:
    assert row.example and re.search(row.pattern, row.example.strip()), row.pattern


# ---- brltty: its screen driver's keyboard in any log, the usbfs message quoted in prose --------------------------

@pytest.mark.parametrize("text", [
    "Jun 16 19:10:07 kuhn /usr/libexec/gdm-x-session[994]: (**) BRLTTY 6.4 Linux Screen Driver Keyboard: always reports core events",
    "Jun 16 19:10:07 kuhn /usr/libexec/gdm-x-session[994]: (II) XINPUT: Adding extended input device \"BRLTTY 6.4 Linux Screen Driver Keyboard\" (type: KEYBOARD, id 17)",
    "[    25.123] (II) event17 - BRLTTY 6.5 Linux Screen Driver Keyboard: is tagged by udev as: Keyboard",
])
def test_brltty_keyboard_in_x_logs_is_ser001(text: str) -> None:
    assert any(e["kind"] == "brltty_activity" for e in events(text, "kernel"))
    assert first(text) == "SER001"


@pytest.mark.parametrize("text", [
    "Wir sehen, ein interface 0 claimed by cp210x while \u201abrltty\u2018 und ein device disconnected:",
    "dmesg says: interface 0 claimed by ch341 while \u201ebrltty\u201c sets config #1",
    "it showed `claimed by ch341 while brltty` and then the port was gone",
])
def test_usbfs_brltty_message_quoted_in_prose(text: str) -> None:
    evs = [e for e in events(text, "kernel") if e["kind"] == "usbfs_claim_conflict"]
    assert evs and evs[0]["process"] == "brltty"
    assert first(text) == "SER001"


def test_brltty_keyboard_with_a_tty_that_stays_attached_is_not_the_quiet_rule() -> None:
    text = ("[ 2898.904184] usb 3-8.3: ch341-uart converter now attached to ttyUSB0\n"
            "[ 2899.501293] input: BRLTTY 6.4 Linux Screen Driver Keyboard as /devices/virtual/input/input35\n")
    # a tty that stays attached: no SER001 from brltty's presence alone (the detach or the usbfs line decides)
    assert first(text) != "SER001"


# ---- pyboard.py / mpremote "failed to access": Linux tty -> groups (SER004), COM / cu.* -> held (SER003) ---------

@pytest.mark.parametrize(("text", "fid"), [
    ("ampy.pyboard.PyboardError: failed to access /dev/ttyUSB0", "SER004"),
    ("rshell.pyboard.PyboardError: failed to access /dev/ttyACM0", "SER004"),
    ("mpremote: failed to access /dev/ttyACM0 (it may be in use by another program)", "SER004"),
    ("failed to access COM5 (it may be in use by another program)", "SER003"),
    ("ampy.pyboard.PyboardError: failed to access /dev/cu.usbserial-1420", "SER003"),
])
def test_pyboard_failed_to_access(text: str, fid: str) -> None:
    evs = [e for e in events(text, "serial") if e["kind"] == "serial_open_failed"]
    assert evs and evs[0].get("via") == "pyboard"
    assert first(text) == fid


@pytest.mark.parametrize(("text", "fid"), [
    ("error: cannot access /dev/ttyUSB0\nerror: espcomm_open failed", "SER004"),
    ("If on Ubuntu flashing using any method gives access error `cannot access /dev/ttyUSB0` on Arduino or `error: espcomm_open failed` in Terminal", "SER004"),
    ("error: cannot access /dev/cu.wchusbserial1420\nerror: espcomm_open failed", "SER003"),
])
def test_esptool_ck_cannot_access(text: str, fid: str) -> None:
    assert [e for e in events(text, "serial") if e.get("via") == "esptool-ck"]
    assert first(text) == fid


@pytest.mark.parametrize("text", [
    "ls: cannot access /dev/ttyUSB0: No such file or directory",
    "chmod: cannot access '/dev/ttyUSB0': No such file or directory",
])
def test_ls_and_chmod_cannot_access_are_not_esptool_ck(text: str) -> None:
    assert not [e for e in events(text, "serial") if e.get("via") == "esptool-ck"]


def test_pyboard_traceback_source_line_is_not_the_error() -> None:
    # the frame's source line (`raise PyboardError('failed to access ' + device)`) names no port
    text = "    raise PyboardError('failed to access ' + device)"
    assert not [e for e in events(text, "serial") if e.get("via") == "pyboard"]


# ---- GNU screen: the command and "[screen is terminating]" on one line --------------------------------------------

@pytest.mark.parametrize("text", [
    "3. screen /dev/ttyACM0 -> [screen is terminating]",
    "running `screen /dev/ttyUSB0 115200` just gives [screen is terminating]",
])
def test_screen_command_and_termination_on_one_line(text: str) -> None:
    evs = [e for e in events(text, "serial") if e["kind"] == "serial_terminal_exited"]
    assert evs and evs[0]["port"].startswith("/dev/tty")
    assert first(text) == "SER004"


def test_screen_session_closing_normally_is_not_a_failure() -> None:
    assert not [e for e in events("[screen is terminating]", "serial") if e["kind"] == "serial_terminal_exited"]


# ---- espflash: the port never opened ----------------------------------------------------------------------------

ESPFLASH = """espflash /dev/ttyUSB0 target/riscv32imc-esp-espidf/debug/esp32-hellow
Error: espflash::connection_failed

  × Failed to open serial port /dev/ttyUSB0
  ├─▶ Error while connecting to device
  ╰─▶ Serial port not found
  help: Ensure that the device is connected and your host recognizes the serial
        adapter
"""

ESPFLASH_SYNC = """Error: espflash::connection_failed

  × Error while connecting to device
  ╰─▶ Failed to connect to the device
  help: Ensure that the device is connected and the reset and boot pins are not being held down
"""


def test_espflash_serial_port_not_found_is_not_a_sync_failure() -> None:
    assert first(ESPFLASH) == "SER005"


def test_espflash_failed_to_connect_stays_boot001() -> None:
    assert first(ESPFLASH_SYNC) == "BOOT001"


# ---- RP2040: -32 stalls of a Klipper RP2040 after a host reboot -------------------------------------------------

PICO = """I have an issue where RPi Pico which I'm using as a fan/adxl controller suddenly won't connect when I restart the main RPi board.
What's interesting is that this problem only manifests for Pico running Klipper.
[146678.744199] usb 1-1.1: device descriptor read/64, error -32
[146678.964188] usb 1-1.1: device descriptor read/64, error -32
[146679.624574] usb 1-1-port1: attempt power cycle
"""


def test_rp2040_stall_after_host_reboot_is_rp002() -> None:
    assert first(PICO) == "RP002"


def test_same_kernel_lines_without_an_rp2040_stay_usb002() -> None:
    kernel_only = "\n".join(line for line in PICO.splitlines() if line.startswith("["))
    assert first(kernel_only) == "USB002"


def test_rp2040_with_protocol_errors_stays_usb002() -> None:
    # -71 is garbled bits on the wire: the cable, whatever the board
    text = PICO.replace("error -32", "error -71")
    assert first(text) == "USB002"


def test_host_reboot_claim_alone() -> None:
    text = "My SKR Pico is not detected after I reboot the Raspberry Pi, only a replug brings it back."
    assert any(e["kind"] == "said_host_reboot_loses" for e in events(text, "claims"))
    assert first(text) == "RP002"


# ---- RP2350: a UF2 copied onto "the removable disk" that does not take ---------------------------------------------

def test_rp2350_drag_and_drop_not_taken_is_rp003() -> None:
    text = ("The test found that the current rp2350 firmware compiled by klipper cannot drag and drop the uf2 file to the removable disk for flash.\n"
            "But it is impossible to copy the uf2 file to the removable disk flash of RP2350.\n")
    kinds = {e["kind"] for e in events(text, "flash")}
    assert {"said_uf2_copied", "said_uf2_not_applied"} <= kinds
    assert first(text) == "RP003"


# ---- Windows "not recognised" right after a UF2 copy: the image's USB, not the cable ------------------------------

def test_not_recognised_after_uf2_copy_is_not_the_cable() -> None:
    text = ("- Hold boot sel down and plug usb cable into PC\n- Copy the firmware over\n"
            "- The explorer window should disappear and window will alert with \"USB device not recognised. The last USB device "
            "you connected to this computer malfunctioned, and windows does not recognise it\"\n")
    assert first(text) != "USB002"
    assert serious(text)  # never silent: the failure is quoted (GEN001)


def test_not_recognised_alone_stays_usb002() -> None:
    text = "Windows says: USB device not recognised. The last USB device you connected to this computer malfunctioned, and Windows does not recognise it."
    assert first(text) == "USB002"
