"""Source audit, session 11, of the debug-probe tools after the session-8 audit: OpenOCD master after 0.12.0
(openocd-org/openocd abbbc2e0: src/flash/nor/stm32*.c, rp2xxx.c, src/jtag/drivers/stlink_usb.c, cmsis_dap*.c,
src/target/arm_adi_v5.c, adi_v5_swd.c, cortex_m.c, target.c, src/jtag/adapter.c, core.c) and its 0.7-0.9 wordings;
stlink-tools develop after 1.8.0 (bfcc1e2) and its 1.0-1.2 wordings; pyOCD after 0.45 (d1974ffd: no new message) and
its 0.10-0.13 wordings; probe-rs after 0.32 (67993c4b: the attach failure with its cause on one line); the Black Magic
Probe main after v2.0.0 (116a72e7: auto_scan naming the transport). Lines are the sources' formats filled in. One test
per family of rows added; the last tests check that what was already right stays so."""

from __future__ import annotations

import pytest

from doctor.parsers import openocd, probe_rs, pyocd, stlink
from textkit import events, first, kinds, serious

OO = "Open On-Chip Debugger 0.12.0+dev-01850-geb6f2745b (2025-02-07-12:07)\n"
ST = "st-flash 1.2.0\n"
PRS = "$ probe-rs download --chip STM32F103C8 target/thumbv7m-none-eabi/release/app\n"

NEW = [(p, r) for p, mod in ((openocd.OpenocdParser, openocd), (stlink.StlinkParser, stlink), (pyocd.PyocdParser, pyocd),
                             (probe_rs.ProbeRsParser, probe_rs))
       for r in mod.MESSAGES if "source audit s11" in r.src]


def test_the_new_rows_are_there() -> None:
    assert len(NEW) == 19  # openocd 8, Black Magic Probe 4, stlink 4, pyOCD 2, probe-rs 1


@pytest.mark.parametrize("parser,row", NEW, ids=lambda x: getattr(x, "pattern", "")[:40])
def test_every_new_row_matches_its_example(parser, row) -> None:  # type: ignore[no-untyped-def]
    assert any(r is row for r, _ in parser.table.match(row.example.strip(), all_matches=True))


# --- OpenOCD master after 0.12.0 ----------------------------------------------------------------------------------------

def test_openocd_master_old_stlink_firmware_notice_is_one_finding() -> None:
    text = OO + "\n".join([
        "Error: The firmware in the ST-Link adapter only supports deprecated HLA.",
        "Error: Please consider updating the ST-Link firmware with a version",
        "Error: newer that V2J24 (2015), available for downloading on ST website:",
        "Error:   https://www.st.com/en/development-tools/stsw-link007.html",
        "Error: In mean time, you can re-run OpenOCD for ST-Link HLA as:",
        "Error:   openocd -f interface/stlink-hla.cfg ...",
    ]) + "\n"
    assert kinds(text, "openocd").count("probe_firmware_old") == 1
    assert [e for e in events(text, "openocd") if e.get("fail")] == [e for e in events(text, "openocd") if e["kind"] == "probe_firmware_old"]
    assert first(text) == "SWD009"


def test_openocd_master_h7_write_protection_error_is_swd006() -> None:
    assert first(OO + "Info : Device: STM32H74x/75x\nError: wait_flash_op_queue, write protection error\n") == "SWD006"


@pytest.mark.parametrize("line,kind", [
    ("Error: RP2040/RP2350 BOOT ROM not found", "flash_write_failed"),
    ("Error: Function FUNC_FLASH_RANGE_PROGRAM not found in RP2xxx ROM", "flash_write_failed"),
    ("Error: RP2xxx flash: failed to exit flash XIP mode", "flash_write_failed"),
    ("Error: RP2xxx: failed to flush flash cache/restore XIP", "flash_write_failed"),
    ("Error: Could not allocate stack for flash programming code -- insufficient space", "flash_write_failed"),
    ("Error: Could not load data into target bounce buffer", "flash_write_failed"),
    ("Error: Unknown SYSINFO CHIP_ID 0x00000927", "flash_probe_failed"),
    ("Error: rp2040.flash, QSPI Flash id = 0x001540ef not recognised", "flash_probe_failed"),
    ("Error: QSPI select failed", "flash_probe_failed"),
])
def test_openocd_master_rp2xxx_flash_failures(line: str, kind: str) -> None:
    assert kind in kinds(OO + line + "\n", "openocd")
    assert first(OO + line + "\n") == "GEN001"


def test_openocd_master_rp2350_a0_notices_and_healthy_flash_id_are_no_failure() -> None:
    text = OO + "\n".join([
        "Warn : Function FUNC_BOOTROM_STATE_RESET not found in RP2xxx ROM. (probably an RP2350 A0)",
        "Warn : Function FUNC_FLASH_RESET_ADDRESS_TRANS not found in RP2xxx ROM. (probably an RP2350 A0)",
        "Info : rp2350.flash, QSPI Flash Winbond W25Q128 id = 0x1840ef size = 16384 KiB in 4096 sectors",
        "Info : [rp2350.cm0] Examination succeed",
    ]) + "\n"
    assert serious(text) == []


@pytest.mark.parametrize("line", [
    "Error: error writing USB data",
    "Error: error reading USB data",
    "Error: error writing USB data, late detect",
    "Error: error submitting USB write: Input/Output Error",
    "Error: error handling USB events: No such device (it may have been disconnected)",
])
def test_openocd_master_cmsis_dap_bulk_usb_failures(line: str) -> None:
    assert "usb_io_error" in kinds(OO + line + "\n", "openocd")
    assert first(line + "\n") == "GEN001"


def test_openocd_0_8_hla_unexpected_idcode_is_a_clone() -> None:
    text = "Open On-Chip Debugger 0.8.0 (2014-04-28-08:39)\nError: hl_interface_init_target: target not found: idcode: 0x2ba01477\n"
    ev = [e for e in events(text, "openocd") if e["kind"] == "unexpected_idcode"]
    assert ev and ev[0]["idcode"] == "0x2ba01477"
    assert first(text) == "SWD007"


# --- Black Magic Probe main after v2.0.0 --------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["Timeout during SWD scan. Is target stuck in WFI?", "Timeout during JTAG scan. Is target stuck in WFI?"])
def test_bmp_auto_scan_timeout_naming_the_transport_is_the_sleeping_target(line: str) -> None:
    assert first(line + "\n") == "SWD004"


def test_bmp_auto_scan_that_finds_nothing_on_every_transport() -> None:
    text = ("(gdb) monitor auto_scan\nTarget voltage: 3.3V\nJTAG scan found no devices.\nSWD scan found no devices.\n"
            "RVSWD scan failed!\nauto scan failed!\n")
    assert first(text) == "SWD002"


def test_bmp_jtag_finding_nothing_before_swd_finds_the_target_is_healthy() -> None:
    text = ("(gdb) monitor auto_scan\nTarget voltage: 3.3V\nJTAG scan found no devices.\nAvailable Targets:\nNo. Att Driver\n"
            " 1      STM32F1 L/M density M3\n")
    assert serious(text) == []


def test_bmp_spi_protocol_unsupported_is_old_probe_firmware() -> None:
    assert first("SPI protocol unsupported by probe, please upgrade your firmware\n") == "SWD009"


# --- stlink-tools 1.0-1.2 --------------------------------------------------------------------------------------------------

def test_stlink_1_2_gdbserver_target_voltage_zero_is_unpowered() -> None:
    line = "2015-01-01T10:00:00 INFO gdbserver/gdb-server.c: Target voltage is 0 mV."
    ev = [e for e in events("st-util 1.2.0\n" + line + "\n", "stlink") if e["kind"] == "target_voltage"]
    assert ev and ev[0]["voltage"] == 0
    assert first(line + "\n") == "SWD003"
    assert serious("2015-01-01T10:00:00 INFO gdbserver/gdb-server.c: Target voltage is 3243 mV.\n") == []


def test_stlink_1_0_usb_open_failure_is_never_silent() -> None:
    line = "2015-01-01T10:00:00 WARN stlink-usb: Couldn't open ST-Link/V2 device 001:005"
    assert "usb_open_failed" in kinds(ST + line + "\n", "stlink")
    assert first(line + "\n") is not None


@pytest.mark.parametrize("line", [
    "2015-01-01T10:00:00 WARN src/stlink-common.c: run_flash_loader(0x8000000) failed! == -1",
    "2015-01-01T10:00:00 WARN src/stlink-common.c: l1_run_flash_loader(0x8000000) failed! == -1",
    "2015-01-01T10:00:00 ERROR src/stlink-common.c: init_flash_loader() == -1",
    "2015-01-01T10:00:00 ERROR src/stlink-common.c: writes operation failure count too high, aborting",
])
def test_stlink_1_0_flash_loader_failures(line: str) -> None:
    assert "flash_write_failed" in kinds(ST + line + "\n", "stlink")
    assert first(ST + line + "\n") == "GEN001"


def test_stlink_1_0_retried_word_write_is_no_failure() -> None:
    assert serious(ST + "invalid write @0x8000000(0x4): 0xff != 0x0. retrying.\n") == []


@pytest.mark.parametrize("line", [
    "Section erase completed successfully.",
    "2024-10-03T10:00:00 WARN flash_loader.c: Aligning data size to 16 bytes",
    "2024-10-03T10:00:00 WARN flash_loader.c: STLINK V1 cannot read voltage, use default voltage 3.2 V",
    " 64/128 halfpages written",
])
def test_stlink_develop_notices_are_no_failure(line: str) -> None:
    assert serious("st-flash 1.8.0-28-gbfcc1e2\n" + line + "\n") == []


# --- pyOCD 0.10-0.13 -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["Error: There is no board connected.", "No connected boards",
                                  "Board 0240000032044e4500235003997900087311000097969900 is not connected"])
def test_pyocd_0_1x_no_board_is_no_probe(line: str) -> None:
    assert "adapter_open_failed" in kinds(line + "\n", "openocd")
    assert first(line + "\n") == "SWD001"


@pytest.mark.parametrize("line", ["ERROR:root:programPage(0x8000000) error: 1", "ERROR:root:programPhrase(0x8000000) error: 1"])
def test_pyocd_0_1x_program_page_failure(line: str) -> None:
    assert "program_failed" in kinds(line + "\n", "openocd")
    assert first(line + "\n") == "GEN001"


# --- probe-rs after 0.32 ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cause,expect", [
    ("An ARM specific error occurred.", "SWD002"),
    ("An operation could not be performed because it lacked the permission to do so: erase_all", "SWD006"),
    ("Timeout while attaching to target under reset. This can happen if the target is not responding to the reset sequence.", "SWD005"),
])
def test_probe_rs_attach_failure_with_its_cause_on_one_line_reads_as_the_chain(cause: str, expect: str) -> None:
    one = PRS + f"Error: Connecting to the chip was unsuccessful: {cause}\n"
    chain = PRS + f"Error: Connecting to the chip was unsuccessful.\n\nCaused by:\n    {cause}\n"
    assert first(one) == first(chain) == expect
    assert sorted(kinds(one, "openocd")) == sorted(kinds(chain, "openocd"))


def test_probe_rs_missing_erase_all_permission_in_the_error_enum_wording_is_protection() -> None:
    assert first("Error: An operation was not performed because the required permissions were not given: erase_all.\n") == "SWD006"


# --- what was already right stays so ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,expect", [
    ("Error: [stm32f4x.cpu] Polling failed, trying to reexamine", "SWD002"),
    ("Error: [stm32f1x.cpu] Examination failed", "GEN001"),
    ("Error: [stm32f4x.cpu] not halted", "GEN001"),
    ("Error: The specified adapter driver was not found (stlink)", "TOOL001"),
    ("Error: Probe not found", "SWD001"),
    ("Error: Probe is already in use", "SWD001"),
])
def test_master_wordings_already_claimed(line: str, expect: str) -> None:
    assert first(OO + line + "\n" if "[" in line or "adapter" in line else line + "\n") == expect


@pytest.mark.parametrize("line", [
    "Info : [stm32f1x.cpu] Examination succeed",
    "Info : [stm32f1x.cpu] Cortex-M3 r1p1 processor detected",
    "Warn : An adapter speed is not selected in the init scripts. OpenOCD will try to run the adapter at very low speed (100 kHz).",
    "Info : device id = 0x20036410",
])
def test_master_healthy_lines_are_no_failure(line: str) -> None:
    assert serious(OO + line + "\n") == []
