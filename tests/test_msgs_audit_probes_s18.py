"""Source audit, session 18, of the debug-probe tools: pyOCD 0.45.1 (d1974ffd) pyocd/target/family/*.py, probe-rs 0.12-0.32
src/probe/stlink, the Black Magic Probe 1.6-2.0 src/command.c and src/platforms/*/platform.c, the J-Link DLL's probe
dialogs, nrfjprog's DLL return codes (DllCommonDefinitions.h) and STM32CubeProgrammer 2.x lines as users paste them.
Lines are the sources' formats filled in (or the tools' words as quoted in the threads named in the rows). One test per
family of rows added."""

from __future__ import annotations

import pytest

from doctor.derive import unexplained_failures
from doctor.parsers import jlink, openocd, probe_rs, pyocd, stm32cubeprog
from textkit import events, facts, first, serious

NEW = [(p, r) for p, mod in ((openocd.OpenocdParser, openocd), (jlink.JlinkParser, jlink), (pyocd.PyocdParser, pyocd),
                             (probe_rs.ProbeRsParser, probe_rs), (stm32cubeprog.Stm32CubeProgParser, stm32cubeprog))
       for r in mod.MESSAGES if "audit-probes s18" in r.src]


@pytest.mark.parametrize("parser,row", NEW, ids=lambda x: getattr(x, "pattern", "")[:40])
def test_every_new_row_matches_its_example(parser, row) -> None:  # type: ignore[no-untyped-def]
    assert any(r is row for r, _ in parser.table.match(row.example.strip(), all_matches=True))


# --- pyOCD: a secured Kinetis / nRF / LPC55 part that stays locked ------------------------------------------------------

PYOCD = "$ pyocd flash -t k64f build/app.bin\n"


@pytest.mark.parametrize("lines", [
    "0000443 W K64F in secure state: not automatically unlocking [target_kinetis]\n",
    "0000443 W K64F in secure state: will try to unlock via mass erase [target_kinetis]\n"
    "0003452 E Mass erase disabled. MDM status: 0x4 [target_kinetis]\n0003460 C unable to unlock device [__main__]\n",
    "0001013 W ERASEPROTECT is enabled. [target_nRF91]\n0004000 C unable to unlock device [__main__]\n",
])
def test_pyocd_part_left_locked_is_swd006(lines: str) -> None:
    assert first(PYOCD + lines) == "SWD006"


def test_pyocd_unlocking_mass_erase_then_a_finished_load_is_healthy() -> None:
    text = PYOCD + ("0000443 W K64F in secure state: will try to unlock via mass erase [target_kinetis]\n"
                    "0004498 I Erased 1024 bytes (1 sector), programmed 1024 bytes (1 page), skipped 0 bytes (0 pages) at 1.90 kB/s [loader]\n")
    assert serious(text) == []


def test_pyocd_interface_it_cannot_claim_is_a_busy_probe() -> None:
    assert first(PYOCD + "0000211 C Unable to claim interface for probe 0240000034544e45001b00038b6c0003e0d1 [__main__]\n") == "SWD001"


# --- probe-rs: ST-Link firmware without banked DP registers ------------------------------------------------------------

def test_probe_rs_stlink_banked_dp_firmware_is_swd009() -> None:
    text = ("$ probe-rs run --chip STM32H743ZITx app\nError: Connecting to the chip was unsuccessful.\n\nCaused by:\n"
            "    0: An ARM specific error occurred.\n"
            "    1: Current version of the STLink firmware does not support accessing banked DP registers.\n")
    assert first(text) == "SWD009"


@pytest.mark.parametrize("older,newer", [("WAIT response to request", "a WAIT response to the request"),
                                         ("FAULT response to request", "a FAULT response to the request")])
def test_probe_rs_0_1x_dap_responses_read_as_the_newer_wording(older: str, newer: str) -> None:
    text = ("$ probe-rs download --chip STM32F103C8 app\nError: Connecting to the chip was unsuccessful.\n\nCaused by:\n"
            "    0: An ARM specific error occurred.\n    1: Target device responded with {}.\n")
    assert first(text.format(older)) == first(text.format(newer)) != "GEN001"


# --- Black Magic Probe: "Target voltage: ABSENT!" ------------------------------------------------------------------------

GDB = "(gdb) target extended-remote /dev/ttyACM0\nRemote debugging using /dev/ttyACM0\n"


@pytest.mark.parametrize("absent,scan", [("ABSENT!", "monitor swdp_scan\n"), ("Absent", "monitor swd_scan\n")])
def test_bmp_no_vref_beside_a_failed_scan_is_swd003(absent: str, scan: str) -> None:
    failed = "SW-DP scan failed!" if "swdp" in scan else "SWD scan failed!"
    assert first(f"{GDB}(gdb) {scan}Target voltage: {absent}\n{failed}\n") == "SWD003"


def test_bmp_absent_on_a_build_that_cannot_sense_is_no_fault_when_the_scan_works() -> None:
    text = GDB + "(gdb) monitor swdp_scan\nTarget voltage: ABSENT!\nAvailable Targets:\nNo. Att Driver\n 1      STM32F1 medium density M3\n"
    assert serious(text) == []


def test_bmp_unexplained_failure_names_the_probe_not_openocd() -> None:
    text = GDB + "(gdb) monitor swdp_scan\nTarget voltage: 3.3V\nAvailable Targets:\nNo. Att Driver\nNo usable targets found.\n"
    assert first(text) == "GEN001"
    assert {u["tool"] for u in unexplained_failures(facts(text))} == {"blackmagic"}


# --- J-Link DLL: a probe it takes for a clone ----------------------------------------------------------------------------

JL = "SEGGER J-Link Commander V7.94e (Compiled Jan 15 2024 15:19:22)\nConnecting to J-Link via USB...O.K.\n"


def test_jlink_defective_or_clone_probe_is_swd008_unless_the_download_finished() -> None:
    failed = JL + ("The connected J-Link is defective. Proper operation cannot be guaranteed.\nFirmware: J-Link ARM V8 compiled Nov 28 2014 "
                   "13:44:46\nVTref=3.300V\nJ-Link>connect\nConnecting to target via SWD\nCannot connect to target.\n")
    assert first(failed) == "SWD008"
    done = JL + ("The connected probe appears to be a J-Link clone. Proper operation cannot be guaranteed.\nVTref=3.300V\n"
                 "J-Link: Flash download: Total: 0.512s (Prepare: 0.041s, Compare: 0.001s, Erase: 0.228s, Program & Verify: 0.218s, Restore: 0.022s)\n")
    assert serious(done) == []


# --- nrfjprog: the DLL's return codes in its log and pynrfjprog ----------------------------------------------------------

@pytest.mark.parametrize("line,fid", [
    ("[error] [ Client] - Encountered error -90: Command read_device_info executed for 11 milliseconds with result -90", "SWD006"),
    ("[error] [ Client] - Encountered error -13: Command enum_emu_snr executed for 12 milliseconds with result -13", "SWD001"),
    ("pynrfjprog.APIError.APIError: An error was reported by NRFJPROG DLL: -12 LOW_VOLTAGE.", "SWD003"),
])
def test_nrfjprog_dll_return_codes(line: str, fid: str) -> None:
    assert first("-- runners.nrfjprog: Flashing file: build/zephyr/zephyr.hex\n" + line + "\n") == fid


# --- STM32CubeProgrammer ------------------------------------------------------------------------------------------------

def test_cubeprogrammer_no_dfu_retyped_in_capitals_is_boot003() -> None:
    assert first('when I select USB in STM32 Cube Programmer it sees nothing and says "NO DFU DEVICE FOUND"\n') == "BOOT003"


def test_cubeprogrammer_hex_it_cannot_parse_is_read_as_an_unreadable_image() -> None:
    # tests/cases/cubeprogrammer-gui-hex-parsing-fail-page-saved-as-hex: the same cause as avrdude's and Teensy's
    # unreadable-image cases, so the same id (FW005; relabelled from GEN001 in session 19)
    text = ("  14:48:45 : Memory Programming ...\n  14:48:45 : Opening and parsing file: Bootloader_FYSETC_SPIDER.hex\n"
            "  14:48:45 : Error: Parsing fail\n  14:48:45 : Error: In line 38 :\n"
            "  14:48:45 : Error: parsing count, expecting hex digit, found ' '\n")
    assert [e["kind"] for e in events(text, "stlink") if e.get("fail")] == ["image_unreadable", "image_unreadable"]
    assert first(text) == "FW005"
