"""debug-probes round, session 9: message families read from OpenOCD 0.11/0.12 (src/jtag/drivers/cmsis_dap_usb_bulk.c),
WCH's OpenOCD fork (src/jtag/drivers/wlinke.c), the SEGGER J-Link DLL's pin checks and firmware restoration, the nrfjprog
DLL / nRF Connect / nrfutil-device protection refusals and pyOCD's ROM-table reads, checked against real pastes (GitHub
issues of pyOCD, probe-rs, Black Magic Debug, DAPLink, PlatformIO platforms, Nordic DevZone, the SEGGER forum, qiita, CSDN).

- OpenOCD 0.11 took a probe's CDC/MSC interface (USB class 1-0x12) as its CMSIS-DAP v2 one ("wrong class"): SWD008 with
  its own message; class 0 or above 0x12 (KitProg3) is a legal warning;
- OpenOCD's -d listing of a CMSIS-DAP probe before "unable to find a matching CMSIS-DAP device": the probe is on the bus,
  not SWD001;
- WCH's fork opens only a WCH-Link in RISC-V mode (1a86:8010): "open failed" there is not an ST-Link missing (GEN001);
- J-Link "RESET (pin 15) high, but should be low": the board drives the line (GEN001, quiet in a run that succeeded);
- a J-Link stuck in its bootloader after a firmware restoration: the probe (SWD008);
- NOT_AVAILABLE_BECAUSE_PROTECTION / "core access port is protected": access port protection (SWD006);
- pyOCD reading garbage behind a good DP/AP (cidr=0x90909090, "No cores were discovered!"): a sleeping core (SWD004);
- a flattened OpenOCD paste without level prefixes is cut before its messages; a DP read before a lost poll is not wiring.
"""

from __future__ import annotations

from typing import Any

import pytest

from textkit import events, facts, findings, first, serious

NANODAP_011 = """\
Open On-Chip Debugger 0.11.0-rc2
Licensed under GNU GPL v2
Info : Listening on port 6666 for tcl connections
Warn : Using CMSIS-DAPv2 interface 1 with wrong class 10 subclass 0 or protocol 0
Info : Using CMSIS-DAPv2 interface with VID:PID=0xc251:0xf001, serial=0001A0000001
Warn : could not claim interface: Resource busy
Error: error writing data: Input/Output Error
Error: CMSIS-DAP command CMD_INFO failed.
"""


# --- OpenOCD 0.11 CMSIS-DAP v2 interface choice ---------------------------------------------------------------------------

@pytest.mark.parametrize("line,iface,cls", [
    ("Warn : Using CMSIS-DAPv2 interface 1 with wrong class 10 subclass 0 or protocol 0", 1, 10),
    ("Warn : Using CMSIS-DAPv2 interface 0 with wrong class 2 subclass 2 or protocol 1", 0, 2),
    # -d3 form of the same LOG_WARNING
    ("Warn : 168 53 cmsis_dap_usb_bulk.c:273 cmsis_dap_usb_open(): Using CMSIS-DAPv2 interface 4 with wrong class 0 subclass 0 or protocol 0", 4, 0),
])
def test_wrong_class_row(line: str, iface: int, cls: int) -> None:
    evs = [e for e in events("Open On-Chip Debugger 0.11.0\n" + line, "openocd") if e["kind"] == "cmsis_dap_wrong_class"]
    assert evs and evs[0]["iface"] == iface and evs[0]["cls"] == cls


def test_wrong_class_cdc_interface_is_swd008_with_its_own_message() -> None:
    found = findings(NANODAP_011)
    assert found[0].id == "SWD008"
    assert "serial-port or mass-storage interface" in found[0].message


def test_wrong_class_zero_is_not_the_cdc_interface() -> None:
    # KitProg3 names a class-0 interface CMSIS-DAP: OpenOCD 0.12 still warns and it works; a later CMD_INFO failure is
    # the generic probe-command reading, not the interface choice
    text = NANODAP_011.replace("wrong class 10 subclass 0", "wrong class 0 subclass 0")
    found = findings(text)
    assert found[0].id == "SWD008"
    assert "serial-port or mass-storage interface" not in found[0].message


# --- a CMSIS-DAP probe OpenOCD enumerated is on the bus -----------------------------------------------------------------------

NOT_MATCHING = """\
Open On-Chip Debugger 0.11.0+dev-00056-g6448f70-dirty (2021-03-20-23:58)
Info : Listening on port 4444 for telnet connections
Error: unable to find a matching CMSIS-DAP device
"""
ENUMERATED = """\
Debug: 109 15 cmsis_dap_usb_bulk.c:157 cmsis_dap_usb_open(): found product string of 0x0d28:0x0204 'DAPLink CMSIS-DAP'
Debug: 111 15 cmsis_dap_usb_bulk.c:244 cmsis_dap_usb_open(): skipping interface 0, endpoint[0] is not bulk out
"""


def test_probe_enumerated_row() -> None:
    evs = [e for e in events(ENUMERATED, "openocd") if e["kind"] == "probe_enumerated"]
    assert evs and evs[0]["vid"] == "0d28" and evs[0]["pid"] == "0204" and evs[0]["product"] == "DAPLink CMSIS-DAP"


def test_cmsis_dap_not_matching_alone_is_swd001() -> None:
    assert first(NOT_MATCHING) == "SWD001"


def test_cmsis_dap_not_matching_after_enumeration_is_not_swd001() -> None:
    found = findings(NOT_MATCHING + ENUMERATED)
    assert found[0].id == "GEN001"
    assert "on the bus" in found[0].message


# --- WCH's OpenOCD fork ---------------------------------------------------------------------------------------------------------

WCH_OPEN_FAILED = """\
Open On-Chip Debugger 0.11.0+dev-02415-gfad123a16-dirty (2023-02-22-15:09)
debug_level: 1

Warn : Transport "sdi" was already selected
Ready for Remote Connections
Error: open failed
"""


def test_wch_fork_marks_the_run() -> None:
    runs = facts(WCH_OPEN_FAILED)["openocd"]["runs"]
    assert runs[0]["probe"] == "wch-link"


@pytest.mark.parametrize("lsusb,expect_text", [
    ("Bus 003 Device 012: ID 1a86:8012 QinHeng Electronics WCH-Link", "ARM/CMSIS-DAP mode"),
    ("Bus 003 Device 012: ID 1a86:8011 QinHeng Electronics WCH-Link", "ARM/CMSIS-DAP mode"),
    ("", "could not open and use a WCH-Link"),
])
def test_wch_open_failed_is_not_an_stlink_missing(lsusb: str, expect_text: str) -> None:
    found = findings(WCH_OPEN_FAILED + ("\n$ lsusb\n" + lsusb if lsusb else ""))
    assert found[0].id == "GEN001", [(f.id, f.message) for f in found]
    assert expect_text in found[0].message
    assert "SWD001" not in [f.id for f in found]


def test_wch_unknown_model_and_rv_banner() -> None:
    text = "Open On-Chip Debugger 0.11.0+dev-g266d7c8d3 (2023-12-28-12:40)\nReady for Remote Connections\nError: unknow WCH-LINK \n"
    assert first(text) == "GEN001"
    ok = "Open On-Chip Debugger 0.11.0+dev\nInfo : only one transport option; autoselect 'sdi'\nInfo : WCH-LinkE  mode:RV version 2.11 \nInfo : wlink_init ok\n"
    evs = [e for e in events(ok, "openocd") if e["kind"] == "adapter_found"]
    assert evs and evs[0]["adapter"] == "wch-link"
    assert serious(ok) == []


# --- J-Link pin checks and firmware restoration ------------------------------------------------------------------------------

@pytest.mark.parametrize("line,pin,level", [
    ("WARNING: RESET (pin 15) high, but should be low. Please check target hardware.", "RESET", "high"),
    ("RESET (pin15) high, but should be low. Please check target hardware.", "RESET", "high"),
    ("****** Error: TCK (pin 9) low, but should be high. Please check target hardware.", "TCK", "low"),
])
def test_debug_pin_stuck_rows(line: str, pin: str, level: str) -> None:
    evs = [e for e in events(line, "openocd") if e["kind"] == "debug_pin_stuck"]
    assert evs and evs[0]["pin"] == pin and evs[0]["level"] == level and evs[0]["fail"] is True
    assert first(line) == "GEN001"


JLINK_BTL = """\
SEGGER J-Link Commander V6.82b (Compiled Jul 23 2020 16:45:46)
DLL version V6.82b, compiled Jul 23 2020 16:45:35
Connecting to J-Link via USB...Updating firmware: J-Link V10 compiled Jul 17 2020 16:23:38
Replacing firmware: J-Link V10 compiled Jun 3 2015 BTL
Waiting for new firmware to boot
FAILED: Communication timed out: Requested 4 bytes, received 0 bytes !
Could not read J-Link capabilities.
Cannot connect to J-Link
"""


def test_jlink_stuck_in_bootloader_is_the_probe() -> None:
    assert first(JLINK_BTL) == "SWD008"


def test_jlink_restored_from_bootloader_is_healthy() -> None:
    text = JLINK_BTL.split("FAILED:")[0] + "New firmware booted successfully\nO.K.\nFirmware: J-Link V10 compiled Jul 17 2020 16:23:38\nVTref=3.300V\n"
    assert serious(text) == []


# --- Nordic access port protection in the DLL's and nrfutil's words ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "16:47:36.937Error when getting device info: Error: Error: Error occured when get device info. Errorcode: CouldNotCallFunction (0x9) Lowlevel error: NOT_AVAILABLE_BECAUSE_PROTECTION (ffffffa6)",
    "x Failed to erase 1050389761, Failed to attach to target: The Application core access port is protected (All)",
    "* 1050389761: Failed to attach to target: The Application core access port is protected (All) (NotAvailableBecauseProtection)",
])
def test_nordic_protection_wordings(text: str) -> None:
    assert first(text) == "SWD006"


# --- pyOCD: a good DP and AP, garbage behind them ------------------------------------------------------------------------------

PYOCD_G071 = """\
0000603:INFO:board:Target type is stm32g071rbtx
0000669:INFO:dap:DP IDR = 0x0bc11477 (v1 MINDP rev0)
0000706:INFO:ap:AP#0 IDR = 0x04770031 (AHB-AP var3 rev0)
0000711:WARNING:rom_table:Invalid coresight component, cidr=0x90909090
0000711:WARNING:rom_table:Warning: ROM table @ 0xf0000000 has unexpected CIDR component class (0x0)
0000712:CRITICAL:__main__:No cores were discovered!
"""


def test_pyocd_rom_table_garbage_rows() -> None:
    kinds = [e["kind"] for e in events(PYOCD_G071, "openocd")]
    assert kinds.count("rom_table_garbage") == 2 and "target_examine_failed" in kinds


def test_pyocd_garbage_behind_good_dp_is_a_sleeping_core() -> None:
    assert first(PYOCD_G071) == "SWD004"
    # without a DP read the same "No cores" line says nothing of the wires: not this rule
    assert first(PYOCD_G071.replace("0000669:INFO:dap:DP IDR = 0x0bc11477 (v1 MINDP rev0)\n", "")) != "SWD004"


# --- a flattened OpenOCD paste without level prefixes; a DP read before a lost target --------------------------------------

FLAT = (">at32f421xx Write offset: 0x0 Write count: 0xaa4 SWD DPIDR 0x2ba01477 Error setting register xPSR SWD DPIDR 0x2ba01477 "
        "Error setting register pc SWD DPIDR 0x2ba01477 timeout waiting for algorithm, a target reset is recommended flash write "
        "failed at address 0x8000000 error writing to flash at address 0x08000000 at offset 0x00000000 embedded:startup.tcl:1194: "
        "Error: in procedure 'program' Polling target at32f421xx.cpu failed, trying to reexamine")


def test_flattened_paste_without_levels_is_cut() -> None:
    kinds = [e["kind"] for e in events("Open On-Chip Debugger 0.11.0\n" + FLAT, "openocd")]
    assert "idcode" in kinds and "flash_write_failed" in kinds and "dp_connect_failed" in kinds


def test_dp_read_then_lost_is_not_wiring() -> None:
    assert first("Open On-Chip Debugger 0.11.0\n" + FLAT) != "SWD002"
    # a DP that never answered still reads as wiring
    assert first("Open On-Chip Debugger 0.12.0\nInfo : clock speed 1000 kHz\nError: Error connecting DP: cannot read IDR\n") != "GEN001"


# --- edbg (ataradov): its own wordings, 2015-2025 -------------------------------------------------------------------------------

@pytest.mark.parametrize("line,ack", [
    ("Error: invalid response during transfer (count = 0/1, status = 7)", "none"),
    ("Error: invalid response while writing the register 0x00 (count = 0, value = 7)", "none"),
    ("Error: invalid response while reading the register 0x0d (count = 1, value = 2)", "wait"),
    ("Error: invalid response while reading the block at 0x20000000 (value = 4)", "fault"),
])
def test_edbg_transfer_status(line: str, ack: str) -> None:
    evs = [e for e in events("$ edbg -bpv -t samd21 -f app.bin\n" + line, "openocd") if e["kind"] == "dp_connect_failed"]
    assert evs and evs[0]["ack"] == ack


def test_edbg_no_ack_reads_as_wiring_and_unknown_id_as_missing_table_entry() -> None:
    assert first("./edbg -t atmel_cm0p\nError: invalid response while writing the register 0x00 (count = 0, value = 7)\n") == "SWD002"
    found = findings("./edbg -e -t atmel_cm0p\nError: unknown target device (DSU_DID = 0x10010306)\n")
    assert found[0].id == "SWD007" and "edbg's device table" in found[0].message


def test_edbg_good_run_is_quiet() -> None:
    ok = ("Debugger: ATMEL Atmel-ICE CMSIS-DAP J41800049111 01.26.0081 (SJ)\nClock frequency: 16.0 MHz\nTarget: SAM D21J18A (Rev D)\n"
          "Programming........................... done.\nVerification... done.\n")
    assert serious(ok) == []
    runs = facts(ok)["openocd"]["runs"]
    assert runs[0]["tool"] == "edbg" and runs[0]["success"] is True


# --- gdb's compare-sections after a load through a gdb server (blackmagic#1117) ---------------------------------------------

GDB_COMPARE = """\
(gdb) monitor frequency 25000000
Max SWJ freq 017d7840
(gdb) load
Loading section .text, size 0x14d0 lma 0x80001ac
Start address 0x80015b8, load size 5860
Transfer rate: 22 KB/sec, 488 bytes/write.
(gdb) compare-sections
Section .isr_vector, range 0x8000000 -- 0x80001ac: matched.
Section .text, range 0x80001ac -- 0x800167c: MIS-MATCHED!
warning: One or more sections of the target image does not match
the loaded file
"""


def test_gdb_compare_sections_mismatch_is_quoted() -> None:
    assert [e["kind"] for e in events(GDB_COMPARE, "openocd") if e.get("fail")] == ["verify_mismatch", "verify_mismatch"]
    assert first(GDB_COMPARE) == "GEN001"
    assert "MIS-MATCHED" in findings(GDB_COMPARE)[0].message


def test_gdb_compare_sections_all_matched_is_quiet() -> None:
    ok = "(gdb) compare-sections\nSection .isr_vector, range 0x8000000 -- 0x80001ac: matched.\nSection .text, range 0x80001ac -- 0x800167c: matched.\n"
    assert serious(ok) == []


# --- every row added this round matches its own example first, and a strong one starts its parser's block --------------------

from doctor.parsers import edbg, jlink, openocd, pyocd  # noqa: E402
from doctor.parsers import parse_stream  # noqa: E402

_NEW = ([(openocd.OpenocdParser, r) for r in openocd.MESSAGES if r.kind in ("cmsis_dap_wrong_class", "probe_enumerated") or r.src.startswith("WCH's OpenOCD")]
        + [(jlink.JlinkParser, r) for r in jlink.MESSAGES if r.kind in ("debug_pin_stuck", "probe_bootloader", "probe_firmware_broken")
           or "NOT_AVAILABLE_BECAUSE_PROTECTION" in r.pattern]
        + [(pyocd.PyocdParser, r) for r in pyocd.MESSAGES if r.kind == "rom_table_garbage"]
        + [(openocd.OpenocdParser, r) for r in openocd.MESSAGES if "MIS-MATCHED" in r.pattern or r.pattern.endswith(": matched\\.$")]
        + [(edbg.EdbgParser, r) for r in edbg.MESSAGES])


def test_the_new_rows_are_there() -> None:
    assert len(_NEW) == 2 + 6 + 4 + 1 + 2 + len(edbg.MESSAGES) + 4  # + 4: WCH's OpenOCD rows of riscv-wch-gd32 s13


@pytest.mark.parametrize(("cls", "row"), _NEW, ids=[f"{c.name}:{r.pattern[:40]}" for c, r in _NEW])
def test_new_row_example_matches_its_own_row_first(cls: type, row: Any) -> None:
    assert row.example and row.src
    matched = cls.table.match(row.example.strip())
    assert matched and matched[0][0] is row, f"{row.example!r} is taken by {matched[0][0].pattern if matched else None!r}"


@pytest.mark.parametrize(("cls", "row"), [(c, r) for c, r in _NEW if r.strength == "strong" and r.kind],
                         ids=[f"{c.name}:{r.pattern[:40]}" for c, r in _NEW if r.strength == "strong" and r.kind])
def test_new_strong_row_starts_its_parsers_block(cls: type, row: Any) -> None:
    out = parse_stream(iter(["some prose before the paste", "", row.example]), "t")
    blocks = out["sources"][0]["blocks"]
    assert blocks and blocks[-1]["tool"] == cls.name, f"{row.example!r} went to {blocks}"
