"""The SWD/JTAG debug-probe message tables: stlink-tools (stlink.py), STM32CubeProgrammer / ST-LINK Utility
(stm32cubeprog.py), pystlink, OpenOCD, pyOCD and SEGGER J-Link / nrfjprog (jlink.py).

Each row's example is a line the tool prints (from its source or a real paste): it must match its own row
first, a strong row's example must start a block of its parser, and the parser must turn it into the row's
event kind. Then real lines in several releases' and platforms' wordings, and the facts and finding they
lead to.
"""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.facts import merge, new, runs
from doctor.parsers import parse_stream
from doctor.parsers import jlink, openocd, pyocd, pystlink, stlink, stm32cubeprog
from doctor.parsers._messages import Msg, TableParser

PARSERS: list[type[TableParser]] = [
    stlink.StlinkParser, stm32cubeprog.Stm32CubeProgParser, pystlink.PystlinkParser,
    openocd.OpenocdParser, pyocd.PyocdParser, jlink.JlinkParser,
]
ROWS = [(cls, row) for cls in PARSERS for row in cls.messages]


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste.txt")


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return [e for r in runs(parse(text), ns) for e in r["events"]]


def kinds(text: str, ns: str) -> list[str]:
    return [e["kind"] for e in events(text, ns)]


def first_id(text: str) -> str | None:
    findings = engine.evaluate(merge(new("analyze"), parse(text)))
    return findings[0].id if findings else None


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(merge(new("analyze"), parse(text))) if f.severity in ("error", "warning")]


# ---- the tables ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "row"), ROWS, ids=[f"{c.name}:{r.pattern[:40]}" for c, r in ROWS])
def test_row_example_matches_its_own_row_first(cls: type[TableParser], row: Msg) -> None:
    assert row.example, f"{cls.name}: row {row.pattern!r} has no example"
    assert row.src, f"{cls.name}: row {row.pattern!r} names no source"
    matched = cls.table.match(row.example.strip())
    assert matched, f"{cls.name}: example {row.example!r} matches no row"
    assert matched[0][0] is row, f"{cls.name}: example {row.example!r} is taken by {matched[0][0].pattern!r}"


@pytest.mark.parametrize(("cls", "row"), [(c, r) for c, r in ROWS if r.strength == "strong" and r.kind],
                         ids=[f"{c.name}:{r.pattern[:40]}" for c, r in ROWS if r.strength == "strong" and r.kind])
def test_strong_row_example_starts_its_parsers_block_and_yields_its_kind(cls: type[TableParser], row: Msg) -> None:
    out = parse("some prose before the paste\n\n" + row.example)
    blocks = out["sources"][0]["blocks"]
    assert blocks and blocks[-1]["tool"] == cls.name, f"{row.example!r} went to {blocks}"
    got = [e["kind"] for r in out.get(cls.namespace, {}).get("runs", []) for e in r["events"]]
    # a row whose kind the parser rewrites (CubeProgrammer's DEV_* codes) yields the mapped kind
    expected = {"stlink_error": "target_held_reset"}.get(str(row.kind), row.kind)
    assert expected in got, f"{row.example!r} gave {got}"


def test_failure_rows_and_benign_rows_are_distinct() -> None:
    for cls, row in ROWS:
        assert not (row.fail and row.benign), f"{cls.name}: {row.pattern!r} is both a failure and benign"


def test_patterns_are_linear_enough_for_long_lines() -> None:
    import time

    long_line = "Info : " + "x" * 4000 + " Error: " + "a " * 1000
    for cls in PARSERS:
        start = time.perf_counter()
        for _ in range(20):
            cls.table.match(long_line, all_matches=True)
        assert time.perf_counter() - start < 0.5, cls.name


# ---- stlink-tools ------------------------------------------------------------------------------------------


def test_st_flash_13_source_path_log_unknown_chip_id_is_a_newer_chip() -> None:
    text = """wyatt@behemoth:~/stm32f410/led$ /opt/stlink/st-flash write led.bin 0x8000000
2016-05-18T21:59:59 INFO /src/common.c: Loading device parameters....
2016-05-18T21:59:59 WARN /src/common.c: unknown chip id! 0x10006458"""
    (ev,) = [e for e in events(text, "stlink") if e["kind"] == "chip_id_unknown"]
    assert ev["value"] == 0x10006458 and ev["plausible"] is True
    assert first_id(text) == "SWD007"


def test_st_flash_garbage_chip_id_is_wiring_not_a_clone() -> None:
    text = "2021-03-24T10:49:00 WARN common.c: unknown chip id! 0x5fa0004\nFailed to connect to target"
    (ev,) = [e for e in events(text, "stlink") if e["kind"] == "chip_id_unknown"]
    assert ev["plausible"] is False
    assert first_id(text) == "SWD002"


def test_st_flash_18_nrst_info_wording_is_not_a_failure() -> None:
    text = """st-flash 1.8.0
2024-01-01T10:00:00 INFO common.c: NRST is not connected --> using software reset via AIRCR
2024-01-01T10:00:00 INFO common.c: F1xx Medium-density: 20 KiB SRAM, 64 KiB flash in at least 1 KiB pages.
2024-01-01T10:00:01 INFO common.c: Flash written and verified! jolly good!"""
    (run,) = runs(parse(text), "stlink")
    assert run["tool"] == "st-flash" and run["version"] == "1.8.0"
    assert run["verified"] is True and run["success"] is True and run["flash_size"] == 65536
    nrst = [e for e in run["events"] if e["kind"] == "nrst_not_connected"]
    assert nrst and nrst[0]["state"] == "info" and not nrst[0].get("fail")
    assert ids(text) == []


def test_st_flash_17_8bit_fallback_note_is_not_a_low_voltage() -> None:
    text = "2022-01-01T10:00:00 INFO common_flash.c: Target voltage (2560 mV) too low for 32-bit flash, using 8-bit flash writes"
    assert "target_voltage_low" not in kinds(text, "stlink")
    low = "2022-01-01T10:00:00 ERROR flash_loader.c: Target voltage (1450 mV) too low for flash writes!"
    (ev,) = [e for e in events(low, "stlink") if e["kind"] == "target_voltage_low"]
    assert ev["voltage"] == pytest.approx(1.45)
    assert first_id(low) == "SWD003"


@pytest.mark.parametrize("text, kind", [
    ("2023-09-18T14:19:03 ERROR usb.c: Failed to open USB device 0x0483:0x3748, libusb error: -12)", "usb_no_driver"),
    ("ERROR usb.c: Failed to open USB device 0x0483:0x374b, libusb error: -3)", "usb_access_denied"),
    ("2020-01-01T00:00:00 ERROR usb.c: Could not open USB device 0x0483:0x3748, access error.", "usb_access_denied"),
    ("2016-09-24T16:15:33 WARN /home/bare/stlink/src/usb.c: Couldn't find any ST-Link/V2 devices", "stlink_not_found"),
    ("2021-06-01T11:54:52 WARN usb.c: Couldn't find any ST-Link devices", "stlink_not_found"),
    ("WARN usb.c: Stlink usb device found, but unable to claim (probably already in use?)", "probe_busy"),
    ("[!] send_recv send request failed: LIBUSB_ERROR_TIMEOUT", "usb_timeout"),
])
def test_st_link_usb_wordings(text: str, kind: str) -> None:
    assert kind in kinds(text, "stlink")


def test_windows_libusb_not_supported_is_the_missing_driver() -> None:
    text = "st-info --probe\n2023-09-18T14:19:03 ERROR usb.c: Failed to open USB device 0x0483:0x3748, libusb error: -12)\nFound 0 stlink programmers"
    assert first_id(text) == "USB004"


def test_st_info_probe_fields_and_flash_zero_is_protection() -> None:
    text = """> sudo st-info --probe
Found 1 stlink programmers
version: V2J43S28
serial: 0671FF343056363043090732
flash: 0 (pagesize: 16384) <--- 0KB flash
sram: 131072
chipid: 0x431
dev-type: STM32F411xC_xE"""
    (run,) = runs(parse(text), "stlink")
    assert run["tool"] == "st-info" and run["found"] == 1 and run["chipid"] == "0x0431"
    assert run["programmer"] == "V2J43S28" and run["part"] == "STM32F411xC_xE" and run["flash_size"] == 0
    assert first_id(text) == "SWD006"


# ---- STM32CubeProgrammer / ST-LINK Utility / CubeIDE ----------------------------------------------------


def test_cubeprogrammer_cli_block_with_comma_voltage_and_wrapper_prefix() -> None:
    text = """[build]                        STM32CubeProgrammer v2.11.0
[build] ST-LINK SN  : 066FFF515055657867242748
[build] ST-LINK FW  : V2J40M27
[build] Voltage     : 3,26V
[build] Device ID   : 0x438
[build] Flash size  : 64 KBytes
[build] Download verified successfully"""
    (run,) = runs(parse(text), "stlink")
    assert run["tool"] == "stm32cubeprogrammer" and run["version"] == "2.11.0"
    assert run["voltage"] == pytest.approx(3.26) and run["chipid"] == "0x0438" and run["flash_size"] == 65536
    assert run["programmer"] == "V2J40M27" and run["verified"] is True and run["success"] is True
    assert ids(text) == []


def test_cubeprogrammer_gui_log_zero_volts_is_an_unpowered_target() -> None:
    text = """10:02:15 : ST-LINK SN : 3544170029135147324D4E00
10:02:15 : ST-LINK FW : V2J29S7
10:02:15 : Voltage : 0.00V
10:02:17 : Error: No STM32 target found!"""
    assert first_id(text) == "SWD003"


def test_cubeprogrammer_dev_error_codes_map_to_kinds() -> None:
    text = "23:48:10 : Error: ST-LINK error (DEV_TARGET_HELD_UNDER_RESET)\n23:46:58 : Error: ST-LINK error (DEV_TARGET_NOT_HALTED)"
    assert kinds(text, "stlink") == ["target_held_reset", "target_connect_failed"]


def test_cubeprogrammer_no_probe_in_arduino_ide() -> None:
    text = """      -------------------------------------------------------------------
                       STM32CubeProgrammer v2.17.0
      -------------------------------------------------------------------
Error: No debug probe detected."""
    assert kinds(text, "stlink") == ["stlink_not_found"]
    assert first_id(text) == "SWD001"


def test_st_link_utility_readout_protection_even_cut_short() -> None:
    assert first_id("Cannot read memory! Disable Read Out Protection and retry.") == "SWD006"
    assert first_id("Cannot read memory! Disable Read Out Prot") == "SWD006"
    (run,) = runs(parse("Cannot read memory! Disable Read Out Protection and retry."), "stlink")
    assert run["tool"] == "st-link-utility"


def test_cubeide_firmware_upgrade_required() -> None:
    text = "Error in initializing ST-LINK device.\nReason: (6) ST-LINK firmware upgrade required."
    assert "probe_firmware_old" in kinds(text, "stlink")
    assert first_id(text) == "SWD009"


# ---- pystlink ---------------------------------------------------------------------------------------------


def test_pystlink_report_and_errors() -> None:
    text = "DEVICE: ST-Link/V2J29S7\nSUPPLY: 0.02V\n*** Not connected to CPU ***"
    (run,) = runs(parse(text), "stlink")
    assert run["tool"] == "pystlink" and run["programmer"] == "V2J29S7" and run["voltage"] == pytest.approx(0.02)
    assert first_id(text) == "SWD003"
    prot = "*** Connected CPU with DEV_ID: 0x410 and FLASH size: 0KB is not supported. Check Protection ***"
    assert first_id(prot) == "SWD006"


# ---- OpenOCD -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line, volts", [
    ("Info : Target voltage: 3.266045", 3.266045),
    ("Info : VTarget = 0.000 V", 0.0),
    ("Info : Vref = 3.313 TCK = 1 TDI = 0 TDO = 1 TMS = 0 SRST = 0 TRST = 0", 3.313),
    ("[build] Info : Target voltage: 3.302400", 3.3024),
])
def test_openocd_target_voltage_wordings(line: str, volts: float) -> None:
    (ev,) = [e for e in events(line, "openocd") if e["kind"] == "target_voltage"]
    assert ev["voltage"] == pytest.approx(volts)


@pytest.mark.parametrize("line, vid, pid", [
    ("Info : STLINK V2J37M26 (API v2) VID:PID 0483:374B", "0483", "374b"),
    ("Info : STLINK v2 JTAG v17 API v2 SWIM v4 VID 0x0483 PID 0x3748", "0483", "3748"),
    ("Info : Using CMSIS-DAPv2 interface with VID:PID=0x2e8a:0x000c, serial=E6616407E39A712C", "2e8a", "000c"),
])
def test_openocd_adapter_wordings_010_to_012(line: str, vid: str, pid: str) -> None:
    (ev,) = [e for e in events(line, "openocd") if e["kind"] == "adapter_found"]
    assert (ev["vid"], ev["pid"]) == (vid, pid)


def test_openocd_debug_level_prefix_still_names_the_message() -> None:
    text = "Error: 622 746 adi_v5_swd.c:366 swd_connect_single(): Error connecting DP: cannot read IDR"
    assert kinds(text, "openocd") == ["dp_connect_failed"]


def test_openocd_startup_reset_config_is_not_connect_under_reset() -> None:
    text = """srst_only separate srst_nogate srst_open_drain connect_deassert_srst
Info : STLINK V2J37M27 (API v2) VID:PID 0483:374B"""
    (run,) = runs(parse(text), "openocd")
    assert not run.get("connect_under_reset")
    text2 = "$ openocd -f interface/stlink.cfg -c 'reset_config srst_only connect_assert_srst' -f target/stm32f1x.cfg"
    (run2,) = runs(parse(text2), "openocd")
    assert run2["connect_under_reset"] is True


def test_openocd_program_verified_in_platformio_is_healthy() -> None:
    text = """xPack OpenOCD x86_64 Open On-Chip Debugger 0.11.0+dev (2021-10-16-21:19)
Info : Unable to match requested speed 1000 kHz, using 950 kHz
Info : STLINK V2J29S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.240000
** Programming Started **
** Programming Finished **
** Verify Started **
** Verified OK **
** Resetting Target **
shutdown command invoked"""
    (run,) = runs(parse(text), "openocd")
    assert run["success"] is True and run["verified"] is True and run["version"].startswith("0.11.0")
    assert ids(text) == []


def test_openocd_broken_probe_firmware_vid_0000() -> None:
    text = "Info : STLINK V0J8S0 (API v0) VID:PID 0000:0000\nError: init mode failed (unable to connect to the target)"
    assert first_id(text) == "SWD008"


def test_openocd_jtag_unexpected_form_is_a_clone_idcode() -> None:
    text = ("Warn : JTAG tap: stm32f1x.cpu       UNEXPECTED: 0x3ba00477 (mfg: 0x23b (ARM Ltd), part: 0xba00, ver: 0x3)\n"
            "Error: JTAG tap: stm32f1x.cpu  expected 1 of 1: 0x4ba00477 (mfg: 0x23b (ARM Ltd), part: 0xba00, ver: 0x4)")
    assert kinds(text, "openocd") == ["unexpected_idcode", "expected_idcode"]
    assert first_id(text) == "SWD007"


# ---- pyOCD -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, kind", [
    ("No available debug probes are connected", "adapter_open_failed"),
    ("0004258 C Probe 0daa9c0d0daa9c0d01 not found [__main__]", "adapter_open_failed"),
    ("Waiting for a debug probe to be connected...", "adapter_open_failed"),
    ("pyocd.core.exceptions.TransferError: No ACK received", "dp_connect_failed"),
    ("0000882 C STLink error (9): Get IDCODE error [__main__]", "dp_connect_failed"),
    ("0000841:CRITICAL:__main__:SWD/JTAG Transfer Fault @ 0x40034fe0-0x40034fe3", "transfer_fault"),
    ("0000671:WARNING:common:STLink and CMSIS-DAPv2 probes are not supported because no libusb library was found.", "libusb_missing"),
    ("usb.core.USBError: [Errno 13] Access denied (insufficient permissions)", "usb_access_denied"),
])
def test_pyocd_wordings_old_and_new_log_formats(text: str, kind: str) -> None:
    assert kind in kinds(text, "openocd")
    (run,) = runs(parse(text), "openocd")
    assert run["tool"] == "pyocd"


def test_pyocd_load_ok_is_healthy_and_no_probe_is_swd001() -> None:
    ok = """$ pyocd load -t stm32f103c8 ./miniblink.bin
0000971 I Loading /home/u/miniblink.bin [load_cmd]
[==================================================] 100%
0001498 I Erased 1024 bytes (1 sector), programmed 1024 bytes (1 page), skipped 0 bytes (0 pages) at 1.90 kB/s [loader]"""
    (run,) = runs(parse(ok), "openocd")
    assert run["success"] is True and ids(ok) == []
    assert first_id("$ pyocd list\nNo available debug probes are connected") == "SWD001"


# ---- J-Link / nrfjprog ---------------------------------------------------------------------------------------


def test_jlink_commander_vtref_zero_is_an_unpowered_target() -> None:
    text = """SEGGER J-Link Commander V7.86f (Compiled Mar 29 2023 16:34:29)
Connecting to J-Link via USB...O.K.
Firmware: J-Link EDU Mini V1 compiled Mar 28 2023 17:01:59
VTref=0.000V
Connecting to target via SWD
Target voltage too low. Please check https://wiki.segger.com/J-Link_cannot_connect_to_the_CPU#Target_connection."""
    (run,) = runs(parse(text), "openocd")
    assert run["tool"] == "jlink" and run["voltage"] == 0.0 and run["programmer"].startswith("J-Link EDU Mini")
    assert first_id(text) == "SWD003"


def test_jlink_no_probe_and_no_target_at_normal_voltage() -> None:
    assert first_id("Connecting to J-Link via USB...FAILED: Cannot connect to J-Link.") == "SWD001"
    text = """VTref=3.300V
Connecting to target via SWD
InitTarget() start
Error: Failed to initialized DAP.
Can not attach to CPU. Trying connect under reset.
Error occurred: Could not connect to the target device."""
    assert first_id(text) == "SWD002"


def test_nrfjprog_readback_protection_in_west_and_plain() -> None:
    plain = """ERROR: The operation attempted is unavailable due to readback protection in
ERROR: your device. Please use --recover to unlock the device."""
    (run,) = runs(parse(plain), "openocd")
    assert run["tool"] == "nrfjprog"
    assert first_id(plain) == "SWD006"
    assert first_id("[error] [ Worker] - Can't read memory descriptors, ap-protection is enabled.") == "SWD006"
    assert first_id("ERROR: There is no debugger connected to the PC.") == "SWD001"


# ---- across runs: SWD lost after a flash, or reachable only under reset ------------------------------------


def test_flash_then_no_connection_is_swd_disabled_by_the_new_firmware() -> None:
    text = """Info : STLINK V2J37M27 (API v2) VID:PID 0483:374B
Info : Target voltage: 3.281213
** Programming Started **
** Programming Finished **
** Verified OK **
shutdown command invoked

and the second time:

Open On-Chip Debugger 0.11.0
Info : Target voltage: 3.281213
Error: init mode failed (unable to connect to the target)"""
    assert first_id(text) == "SWD004"
    failing_only = text.split("and the second time:")[1]
    assert first_id(failing_only) == "SWD002"


def test_connect_under_reset_works_where_plain_connect_fails() -> None:
    text = """$ st-flash write fw.bin 0x8000000
st-flash 1.7.0
2022-10-28T16:22:59 ERROR common.c: Soft reset failed: timeout
Failed to connect to target
```
```
$ st-flash --connect-under-reset write fw.bin 0x8000000
st-flash 1.7.0
2022-10-28T16:23:30 INFO common.c: Flash written and verified! jolly good!"""
    assert first_id(text) == "SWD004"


def test_openocd_nrf52_without_mem_ap_is_approtect_elsewhere_wiring() -> None:
    nrf = """Info : CMSIS-DAP: Interface ready
Info : SWD DPIDR 0x2ba01477
Error: Could not find MEM-AP to control the core
Warn : target nrf52.cpu examination failed"""
    assert first_id(nrf) == "SWD006"
    assert first_id(nrf.replace("nrf52", "stm32f1x")) == "SWD002"
    assert first_id("nRF52 device has AP lock engaged (see UICR APPROTECT register).\nDebug access is denied.") == "SWD006"


def test_st_link_held_by_another_program() -> None:
    assert first_id("2020-01-01T00:00:00 WARN usb.c: Stlink usb device found, but unable to claim (probably already in use?)") == "SWD001"


@pytest.mark.parametrize("text, fid", [
    ("Error in initializing ST-LINK device.\nReason: (4) No device found on target.", "SWD004|SWD002"),
    ("Error in initializing ST-LINK device.\nReason: Unknown. Please check power and cabling to target.", "SWD004|SWD002"),
    ("Error in initializing ST-LINK device.\nReason: No ST-LINK detected.", "SWD001"),
    ("Target held under reset\nError in initializing ST-LINK device.\nReason: Target held under reset.", "SWD008"),
])
def test_cubeide_gdb_server_reasons(text: str, fid: str) -> None:
    assert first_id(text) in fid.split("|")
