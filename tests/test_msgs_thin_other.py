"""thin-other round, session 9: catalogue ids with few real cases (USB005, SWD005, AVR002, BOOT007, FW003), widened
by family from the tools' own source and checked against real threads.

- Windows names a device by its hardware id (Device Manager > Details, setupapi: `USB\\VID_03EB&PID_2FEF`, with
  `&REV_`, `&MI_` or an instance path after it): windows_usb.py's hardware_id row; 03EB:2FEF/2FEE/2FF7 is an
  Uno/Mega USB-serial co-processor in its Atmel DFU bootloader (USB005), not under QMK Toolbox;
- stlink-tools' NRST notes in every version (1.7 `WARN ... NRST is not connected`, 1.8 `INFO ... NRST is not connected
  --> using software reset via AIRCR`, the debug `NRST not connected --> Reset through SYSRESETREQ`); st-flash asking
  for connect under reset in a run that found NRST unwired (SWD005 warning, below SWD004);
- probe-rs under --connect-under-reset: `Timeout while deasserting hardware reset pin` means NRST still read LOW a
  second after release (probe-rs arm/sequences.rs polls the pin): held low or a probe that misreports pins (SWD008),
  not an unwired pin; the attach under reset on an nRF5x cannot work at all (GEN001), and the run records whether
  the attach was asked under reset (`connect_under_reset`).
"""

from __future__ import annotations

import pytest

from textkit import events, facts, findings, first, serious

# --- Windows hardware ids ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line,vid,pid", [
    ("USB\\VID_03EB&PID_2FEF", "03eb", "2fef"),
    ("USB are not recognized. I'm not able to find the drivers for USB\\VID_03EB&PID_2FEF.", "03eb", "2fef"),
    ("Hardware Ids: USB\\VID_03EB&PID_2FEF&REV_0000", "03eb", "2fef"),
    ("Device instance path: USB\\VID_2341&PID_0043\\75735303131351E0B1A1", "2341", "0043"),
    ("usb\\vid_03eb&pid_2ff7", "03eb", "2ff7"),
])
def test_windows_hardware_id_row(line: str, vid: str, pid: str) -> None:
    evs = [e for e in events(line, "windows") if e["kind"] == "hardware_id"]
    assert evs and evs[0]["vid"] == vid and evs[0]["pid"] == pid


def test_hardware_id_needs_four_hex_digits() -> None:
    assert not [e for e in events("USB\\VID_03EB&PID_2FEF1", "windows") if e["kind"] == "hardware_id"]


@pytest.mark.parametrize("text", [
    "Checked the details on the device.. and found this:\n\nUSB\\VID_03EB&PID_2FEF",
    "USB are not recognized. I'm not able to find the drivers for USB\\VID_03EB&PID_2FEE.",
    "Unknown device, Hardware Ids: USB\\VID_03EB&PID_2FF7&REV_0000",
])
def test_windows_16u2_dfu_id_is_usb005(text: str) -> None:
    assert first(text) == "USB005"


def test_windows_other_atmel_dfu_id_is_not_usb005() -> None:
    # 03EB:2FF4 is an ATmega32U4's bootloader (a keyboard or Pro Micro), not an Uno/Mega co-processor
    assert "USB005" not in [f.id for f in findings("USB\\VID_03EB&PID_2FF4")]


def test_windows_arduino_serial_id_is_healthy() -> None:
    # the Uno R3's USB-serial firmware running: nothing wrong with the co-processor
    assert "USB005" not in [f.id for f in findings("USB\\VID_2341&PID_0043\\75735303131351E0B1A1")]


# --- stlink NRST notes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "2021-03-22T18:26:14 WARN usb.c: NRST is not connected",
    "2023-07-01T10:00:00 INFO common.c: NRST is not connected --> using software reset via AIRCR",
    "2023-07-01T10:00:00 DEBUG common.c: NRST not connected --> Reset through SYSRESETREQ",
])
def test_nrst_note_wordings(line: str) -> None:
    assert "nrst_not_connected" in [e["kind"] for e in events("st-flash 1.8.0\n" + line, "stlink")]


VERIFIED_18 = """st-flash 1.8.0
2024-01-10T10:00:00 INFO common.c: STM32F1xx_MD: 20 KiB SRAM, 64 KiB flash in at least 1 KiB pages.
2024-01-10T10:00:00 INFO common.c: NRST is not connected --> using software reset via AIRCR
file blink.bin md5 checksum: 1b2b, stlink checksum: 0x00043b5e
2024-01-10T10:00:00 INFO common.c: Attempting to write 1024 (0x400) bytes to stm32 address: 134217728 (0x8000000)
2024-01-10T10:00:01 INFO common.c: Starting verification of write complete
2024-01-10T10:00:01 INFO common.c: Flash written and verified! jolly good!"""


def test_nrst_note_after_verified_write_is_no_fault() -> None:
    assert serious(VERIFIED_18) == []


CUR_ADVICE = """st-flash 1.6.1-324-g03ad4a4
WARN common.c: NRST is not connected
ERROR common.c: Soft reset failed: error write to AIRCR
ERROR common.c: Can not connect to target. Please use 'connect under reset' and try again
Failed to connect to target"""


def test_connect_under_reset_advice_without_nrst() -> None:
    found = findings(CUR_ADVICE)
    ids = [f.id for f in found]
    assert ids[0] == "SWD004"
    swd005 = next(f for f in found if f.id == "SWD005")
    assert swd005.severity == "warning" and "wire the probe's RST pin" in swd005.message


def test_advice_alone_has_no_nrst_warning() -> None:
    text = "st-flash 1.7.0\nERROR common.c: Can not connect to target. Please use 'connect under reset' and try again\nFailed to connect to target"
    assert "SWD005" not in serious(text)


# --- probe-rs reset paths ----------------------------------------------------------------------------------------------

GLASGOW = """Running `probe-rs run --probe '20b7:9db1:C3-20240527T113434Z:1:0' --chip STM32F103C8 --connect-under-reset target/thumbv7m-none-eabi/release/fw`
 WARN probe_rs::session: Timeout while deasserting hardware reset pin. This indicates that the reset pin is not properly connected. Please check your hardware setup.
Error: Connecting to the chip was unsuccessful.

Caused by:
    A timeout occurred."""


def test_reset_held_low_row_and_under_reset_field() -> None:
    snap = facts(GLASGOW)
    run = snap["openocd"]["runs"][0]
    assert run.get("connect_under_reset") is True
    assert "reset_held_low" in [e["kind"] for e in run["events"]]


def test_reset_held_low_is_not_an_unwired_pin() -> None:
    ids = [f.id for f in findings(GLASGOW)]
    assert ids[0] == "SWD008"
    assert "SWD005" not in ids


NRF = """     Running `probe-run --chip nRF52840_xxAA --defmt --input target/thumbv7em-none-eabi/release/app --probe '0483:3748:C2xxxx' --connect-under-reset`
Error: An error with the usage of the probe occured

Caused by:
    Operation timed out"""


def test_nrf_under_reset_is_the_option_not_the_wiring() -> None:
    found = findings(NRF)
    assert found[0].id == "GEN001" and "nRF5x" in found[0].message


def test_nrf_without_under_reset_gets_no_such_advice() -> None:
    text = NRF.replace(" --connect-under-reset", "")
    assert not [f for f in findings(text) if f.id == "GEN001" and "nRF5x" in f.message]


STM32_UNDER_RESET = """probe-rs run --chip STM32F103C8 --connect-under-reset target/thumbv7m-none-eabi/release/app
Error: Connecting to the chip was unsuccessful.

Caused by:
    0: Timeout while attaching to target under reset. This can happen if the target is not responding to the reset sequence. Ensure the chip's reset pin is connected, or try attaching without reset (`connectUnderReset = false` for DAP Clients, or remove `connect-under-reset` option from CLI options.)."""


def test_stm32_attach_under_reset_timeout_stays_swd005() -> None:
    assert first(STM32_UNDER_RESET) == "SWD005"


def test_connect_under_reset_false_is_not_recorded() -> None:
    snap = facts('connectUnderReset = false\nError: Connecting to the chip was unsuccessful.')
    runs = (snap.get("openocd") or {}).get("runs") or []
    assert not any(r.get("connect_under_reset") for r in runs)


# --- avrdude -vv: the strings of the USBasp it saw -------------------------------------------------------------------------
# line formats from avrdude src/usbasp.c (5.x-7.x "seen device from vendor ->X<-", 7.x-8.x "Seen device from vendor >X<")

CLONE_63 = """avrdude: Version 6.3-20190619
         Using Port                    : usb
         Using Programmer              : usbasp
avrdude: seen device from vendor ->Protostack Pty Ltd<-
avrdude: seen product ->USBasp<-
avrdude: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'

avrdude done.  Thank you."""

CLONE_81 = """Avrdude version 8.1
Using port            : usb
Using programmer      : usbasp
Seen device from vendor >fischl.de<
Seen product >USBasp<
Error usbasp_open() usbasp.c 658: cannot find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'
Error main() main.c 1503: unable to open port usb for programmer usbasp"""


@pytest.mark.parametrize("text,seen", [(CLONE_63, "Protostack Pty Ltd"), (CLONE_81, "'fischl.de'")])
def test_seen_other_strings_is_a_clone(text: str, seen: str) -> None:
    evs = [e for e in events(text, "avrdude") if e["kind"] == "usb_programmer_not_found"]
    assert evs and seen in evs[0]["strings_other"] and not evs[0].get("strings_matched")
    found = findings(text)
    assert found[0].id == "AVR002" and found[0].confidence >= 0.95


def test_seen_wanted_strings_is_not_a_clone() -> None:
    # the device with the wanted strings was there (-P /dev/usbasp in avrdude 8.1, avrdude issue 2057): not AVR002
    text = CLONE_81.replace(">fischl.de<", ">www.fischl.de<")
    evs = [e for e in events(text, "avrdude") if e["kind"] == "usb_programmer_not_found"]
    assert evs and evs[0].get("strings_matched") and not evs[0].get("strings_other")
    assert first(text) != "AVR002"
