"""swd s7: rows and rules added for the families of the s7 round's misses (each test fails without its row or rule).

- stlink-tools 1.7-dev..1.8 chipid.c: the chip descriptions directory missing (perror / "Can't find any chip description
  file") -> TOOL001, not SWD007's "unknown chip id";
- ST-LINK Utility 4.x "Can not read memory!" / "Disable Read Out Protection and retry." -> SWD006;
- ST-LINK error DEV_TARGET_NOT_HALTED at a normal voltage -> SWD004 (as DEV_TARGET_CMD_ERR);
- OpenOCD's CMSIS-DAP driver "CMSIS-DAP command CMD_xxx failed." -> SWD008 (the probe), SWO commands left out;
- OpenOCD target config for another STM32 family than the chip (core size or device id) -> GEN001, not SWD007.
"""

from __future__ import annotations

from typing import Any

from doctor import engine
from doctor.facts import merge, new, runs
from doctor.parsers import parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste.txt")


def kinds(text: str, ns: str) -> list[str]:
    return [e["kind"] for r in runs(parse(text), ns) for e in r["events"]]


def findings(text: str) -> list[Any]:
    return engine.evaluate(merge(new("analyze"), parse(text)))


def first_id(text: str) -> str | None:
    f = findings(text)
    return f[0].id if f else None


# ---- stlink-tools: chip descriptions missing ------------------------------------------------------------------

STFLASH_NO_CHIPS = """st-flash write testvectors.bin 0x8000000
st-flash 1.7.0-186-gc4762e6
/usr/local/stlink/chip: No such file or directory
2022-04-09 WARN common.c: unknown chip id! 0x413
Failed to connect to target
"""

STINFO_WIN_NO_CHIPS = """st-info --probe
st-info 1.8.0
2023-04-04T10:12:33 ERROR chipid.c: Can't find any chip description file in C:/Program Files (x86)/stlink/config/chips\\*.chip.
Found 1 stlink programmers
  version:    V2J37S7
  serial:     55FF6B064966545117512187
  flash:      0 (pagesize: 0)
  sram:       0
  chipid:     0x410
"""


def test_stlink_chip_descriptions_missing_linux_is_tool001() -> None:
    assert "chip_db_missing" in kinds(STFLASH_NO_CHIPS, "stlink")
    assert first_id(STFLASH_NO_CHIPS) == "TOOL001"


def test_stlink_chip_descriptions_missing_windows_is_tool001() -> None:
    assert "chip_db_missing" in kinds(STINFO_WIN_NO_CHIPS, "stlink")
    assert first_id(STINFO_WIN_NO_CHIPS) == "TOOL001"


def test_plausible_unknown_chip_id_without_the_missing_directory_stays_swd007() -> None:
    text = STFLASH_NO_CHIPS.replace("/usr/local/stlink/chip: No such file or directory\n", "")
    assert "chip_db_missing" not in kinds(text, "stlink")
    assert first_id(text) != "TOOL001"


# ---- ST-LINK Utility: "Can not read memory!" ----------------------------------------------------------------


def test_st_link_utility_can_not_read_memory_is_readout_protection() -> None:
    text = "Can not read memory!\nDisable Read Out Protection and retry.\n"
    assert kinds(text, "stlink").count("readout_protected") == 2
    assert first_id(text) == "SWD006"


def test_st_link_utility_log_can_not_read_memory_after_connect_is_swd006() -> None:
    text = """09:39:01 : ST-LINK SN : 066AFF544949878667143830
09:39:01 : V2J38M27
09:39:01 : Connected via SWD.
09:39:01 : SWD Frequency = 4,0 MHz.
09:39:01 : Connection mode : Normal.
09:39:01 : Debug in Low Power mode enabled.
09:39:01 : Device ID:0x434
09:39:01 : Device family :STM32F469x/F479x
09:39:01 : Can not read memory!
                  Disable Read Out Protection and retry.
"""
    assert first_id(text) == "SWD006"


# ---- ST-LINK error DEV_TARGET_NOT_HALTED ---------------------------------------------------------------------


def test_dev_target_not_halted_is_swd004_first() -> None:
    assert first_id("ST-LINK error (DEV_TARGET_NOT_HALTED)\n") == "SWD004"


def test_dev_target_not_halted_with_target_held_in_reset_is_not_swd004() -> None:
    text = """23:46:58 : Error: ST-LINK error (DEV_TARGET_NOT_HALTED)
23:48:10 : Error: ST-LINK error (DEV_TARGET_HELD_UNDER_RESET)
"""
    assert first_id(text) != "SWD004"


# ---- OpenOCD CMSIS-DAP: the probe's own command failed -----------------------------------------------------


def test_openocd_cmsis_dap_cmd_info_failed_is_the_probe() -> None:
    text = "Error: CMSIS-DAP command CMD_INFO failed.\n"
    assert kinds(text, "openocd") == ["probe_command_failed"]
    assert first_id(text) == "SWD008"


def test_openocd_cmsis_dap_swo_command_failure_is_not_the_probe_row() -> None:
    text = "Error: CMSIS-DAP: command CMD_SWO_Transport(1) failed.\n"
    assert "probe_command_failed" not in kinds(text, "openocd")


def test_openocd_cmsis_dap_command_not_implemented_stays_old_probe_firmware() -> None:
    text = """Error: CMSIS-DAP command 0x1d not implemented
Error: CMSIS-DAP command SWD_Sequence failed.
"""
    assert first_id(text) == "SWD009"


# ---- OpenOCD: a target config for another STM32 family --------------------------------------------------------

WRONG_FAMILY_CONFIG = """Info : STLINK v2.1 JTAG v28 API v2 M17 VID 0x0483 PID 0x374B
Info : Target voltage: 3.255900
Info : STM32F303RETx.cpu: hardware has 4 breakpoints, 2 watchpoints
Error: Cannot identify target as a stm32x
Error: auto_probe failed
"""


def test_m0_core_under_an_f3_config_is_a_wrong_target_config_not_a_clone() -> None:
    out = runs(parse(WRONG_FAMILY_CONFIG), "openocd")[0]
    assert out.get("config_family") == "f3" and "Cortex-M0" in out.get("config_mismatch", "")
    f = findings(WRONG_FAMILY_CONFIG)
    assert f and f[0].id == "GEN001" and "another STM32 family" in f[0].message


def test_m4_core_under_an_f3_config_stays_swd007() -> None:
    text = WRONG_FAMILY_CONFIG.replace("4 breakpoints, 2 watchpoints", "6 breakpoints, 4 watchpoints")
    assert "config_mismatch" not in runs(parse(text), "openocd")[0]
    assert first_id(text) == "SWD007"


def test_device_id_of_another_family_is_a_wrong_target_config() -> None:
    text = """Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints
Info : device id = 0x10076413
Warn : Cannot identify target as a STM32 family.
Error: auto_probe failed
"""
    out = runs(parse(text), "openocd")[0]
    assert "0x413 is an STM32F4" in out.get("config_mismatch", "")
    assert first_id(text) == "GEN001"


def test_f4_under_stm32f1x_config_unexpected_idcode_is_the_config_not_a_clone() -> None:
    text = """Info : STLINK v2 JTAG v17 API v2 SWIM v4 VID 0x0483 PID 0x3748
Info : Target voltage: 3.24
Warn : UNEXPECTED idcode: 0x2ba01477
Error: expected 1 of 1: 0x1ba01477
Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints
Info : device id = 0x10076413
Warn : Cannot identify target as a STM32 family.
Error: auto_probe failed
"""
    assert first_id(text) == "GEN001"
    assert first_id(text.replace("Info : device id = 0x10076413\n", "")) == "SWD007"


# ---- Arduino IDE, STM32CubeProgrammer (SWD) upload method without a probe --------------------------------------

ARDUINO_SWD_NO_PROBE = """Sketch uses 13312 bytes (2%) of program storage space. Maximum is 524288 bytes.
Global variables use 1216 bytes (0%) of dynamic memory, leaving 129856 bytes for local variables. Maximum is 131072 bytes.
-------------------------------------------------------------------
STM32CubeProgrammer v2.15.0
-------------------------------------------------------------------
Error: No debug probe detected.
Failed uploading: uploading error: exit status 1
"""


def test_arduino_swd_upload_without_a_probe_asks_for_the_upload_method() -> None:
    f = findings(ARDUINO_SWD_NO_PROBE)
    assert [x.id for x in f][:2] == ["BOOT006", "SWD001"]
    assert "Upload method" in (f[0].ask or "")


def test_cubeprogrammer_without_the_arduino_wrapper_stays_swd001() -> None:
    text = "STM32CubeProgrammer v2.15.0\nError: No debug probe detected.\n"
    assert first_id(text) == "SWD001"
