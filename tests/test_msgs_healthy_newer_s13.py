"""Session 13, healthy-newer: healthy runs of the core tools in their newest wordings. One family fixed: a probe that
reads the target supply as about 0 V while the target answers in the same run (STM32CubeProgrammer reads its Device
ID, st-info a chip id, OpenOCD examines the core) has a powered target whose supply that pin does not sense (an
STLINK-V3SET on a board powered on its own): no SWD003. A 0 V reading with a target that never answered stays SWD003."""

from __future__ import annotations

from textkit import first, serious

CUBEPROG_V3SET_0V_DEVICE_READ = """      -------------------------------------------------------------------
                       STM32CubeProgrammer v2.13.0
      -------------------------------------------------------------------

ST-LINK SN  : 0023003E3137510539383538
ST-LINK FW  : V3J10M3B5S1
Board       : STLINK-V3SET
Voltage     : 0.00V
SWD freq    : 8000 KHz
Connect mode: Under Reset
Reset mode  : Hardware reset
Device ID   : 0x410
Revision ID : Rev X
Device name : STM32F101/F102/F103 Medium-density
Flash size  : 64 KBytes
Device type : MCU
Device CPU  : Cortex-M3
BL Version  : --

Memory Programming ...
Opening and parsing file: Blink.ino.bin
  File          : Blink.ino.bin
  Size          : 23.30 KB
  Address       : 0x08002000
"""


def test_cubeprog_0v_with_device_id_read_is_no_fault() -> None:
    # STM32CubeProgrammer 2.13 (stm32duino PR #1993): the V3SET reads 0.00V, then the device id and flash size are read
    assert "SWD003" not in serious(CUBEPROG_V3SET_0V_DEVICE_READ)


def test_cubeprog_0v_and_no_target_found_stays_swd003() -> None:
    text = """ST-LINK SN  : 066DFF555185754867182432
ST-LINK FW  : V2J40S7
Board       : --
Voltage     : 0.00V
Error: No STM32 target found! If your product embeds Debug Authentication, please perform a discovery using Debug Authentication"""
    assert first(text) == "SWD003"


def test_openocd_0v_but_core_examined_and_verified_is_no_fault() -> None:
    text = """Open On-Chip Debugger 0.12.0
Info : clock speed 4000 kHz
Info : STLINK V3J10M3B5S1 (API v3) VID:PID 0483:374F
Info : Target voltage: 0.006348
Info : [stm32f1x.cpu] Cortex-M3 r1p1 processor detected
Info : [stm32f1x.cpu] target has 6 breakpoints, 4 watchpoints
** Programming Started **
** Programming Finished **
** Verify Started **
** Verified OK **
** Resetting Target **
shutdown command invoked"""
    assert "SWD003" not in serious(text)


def test_openocd_0v_and_init_mode_failed_stays_swd003() -> None:
    text = """Open On-Chip Debugger 0.12.0
Info : clock speed 1000 kHz
Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 0.006348
Error: init mode failed (unable to connect to the target)"""
    assert first(text) == "SWD003"


def test_cubeprog_partial_voltage_with_device_id_read_stays_swd003() -> None:
    # a browned-out or half-wired supply still lets the probe read the id (ST community: a genuine ST-LINK/V2 reading
    # 1.53 V reads the flash but fails to erase; a custom F411 board at 0.52 V connects and fails every write)
    text = """ST-LINK SN  : 35FF72064D53373251552143
ST-LINK FW  : V2J37S7
Board       : --
Voltage     : 0.52V
SWD freq    : 4000 KHz
Connect mode: Normal
Reset mode  : Software reset
Device ID   : 0x431
Device name : STM32F411xC/E
Flash size  : 512 KBytes
Error: failed to erase memory"""
    assert first(text) == "SWD003"
