"""Source audit, session 11: the DFU, RP2040 and ROM-serial flashers after the session-8 audit.

Read: picotool 2.2.0..master (2.3.0, 2026-07), avrdude v8.1..main (v8.2 and main to 2026-08), stm32flash 0.7 (Debian's
binary's format strings beside stm32duino/stm32flash's 0.5.1 source), BOSSA 1.9.1..master, microsoft/uf2 utils/uf2conv.py
to 2025-11. Each row the audit added is checked on a line in the tool's own format (the source's format filled in), and
on what doctor concludes from it. The words of the rows are the project's own.
"""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious


def _ev(text: str, ns: str, kind: str) -> list[dict]:
    return [e for e in events(text, ns) if e["kind"] == kind]


# ---- picotool after 2.2 ------------------------------------------------------------------------------------------------

PT_NO_PT = """WARNING: Device has no partition table loaded, but has a partition table at the start of flash.
         This may cause picotool to behave unpredictably.
         This could be due to using a custom board which is missing the resistor in series with the BOOTSEL button, or if BOOT_FLAGS0.HASHED_PARTITION_TABLE or BOOT_FLAGS0.SECURE_PARTITION_TABLE is set in OTP and the partition table is not hashed/signed
"""


@pytest.mark.parametrize("text", [
    PT_NO_PT,
    "WARNING: Device has an incorrectly hashed/signed partition table at the start of flash.\n"
    "         This may cause picotool to behave unpredictably.\n",
])
def test_picotool_partition_table_warning_is_a_failure_no_entry_explains(text: str) -> None:
    evs = _ev(text, "flash", "picotool_error")
    assert len(evs) == 1 and evs[0]["fail"], kinds(text, "flash")
    assert first(text) == "GEN001"


def test_picotool_forced_command_needs_one_board() -> None:
    line = "ERROR: Forced command requires a single rebootable RP-series device to be targeted."
    assert [e["kind"] for e in events(line, "flash", "picotool")] == ["multiple_devices"]
    assert first(line) == "GEN001"


def test_picotool_2_3_load_is_healthy() -> None:
    text = """picotool v2.3.0 (Linux, GNU-13.3.0, Release)
Loading into Flash:   [==============================]  100%
Verifying Flash:      [==============================]  100%
  OK

The device was rebooted to start the application.
"""
    assert serious(text) == []


# ---- avrdude after 8.1 -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Error: failed to start session; reason might be: no power, bad connection or missing HV pulse.",
    "Error: failed to start session; reason might be: no power or bad connection",
    "avrdude pickit5_read_response() error: script error returned: 0x51",
    "Error: script error returned: 0x22 - NO_TARGET_POWER",
])
def test_avrdude_pickit5_session_without_target_is_avr005(line: str) -> None:
    evs = _ev(line, "avrdude", "target_link_failed")
    assert evs and evs[0]["fail"] and evs[0]["via"] == "PICkit 5", kinds(line, "avrdude")
    assert first(line) == "AVR005"


def test_avrdude_pickit5_other_script_errors_stay_unexplained() -> None:
    line = "Error: script error returned: 0x39 - INVALID_ALIGNMENT"
    assert not _ev(line, "avrdude", "target_link_failed")
    assert first(line) == "GEN001"


def test_avrdude_locked_part_error_and_note() -> None:
    err = "Error: device locked; chip erase option -e required for unlocking device first"
    evs = _ev(err, "avrdude", "target_locked")
    assert evs and evs[0]["fail"]
    assert first(err) == "GEN001"
    note = "Warning: device locked; any operation will require chip erase option -e"
    evs = _ev(note, "avrdude", "target_locked")
    assert evs and not evs[0].get("fail")
    assert serious(note) == []


@pytest.mark.parametrize("text", [
    "avrdude micronucleus_open() warning: unresponsive Micronucleus device detected, please reconnect ...",
    "Unresponsive Micronucleus device detected, please reconnect ...",
    "Warning: short read, read only 0 out of 64 bytes",
    "Info: pickit4_isp in mplab mode detected\nInfo: switching to AVR mode; run avrdude again to continue the session",
    "Info: pickit4_updi in bootloader mode detected; exiting",
])
def test_avrdude_ambiguous_failures_are_never_silent(text: str) -> None:
    assert any(e.get("fail") for e in events(text, "avrdude")), kinds(text, "avrdude")
    assert first(text) == "GEN001"


@pytest.mark.parametrize("text", [
    "Error: section .text of size 34000 does not fit into flash of size 32768",
    "Error: section .text [0x0000, 0x84cf] does not fit into flash [0, 0x7fff]",
    'avrdude: ERROR: section ".text" does not fit into "flash" memory:\n    0x0 + 34000 > 32768',
])
def test_avrdude_elf_section_larger_than_memory_is_fw004(text: str) -> None:
    evs = _ev(text, "avrdude", "image_out_of_range")
    assert evs and evs[0]["memory"] == "flash"
    assert first(text) == "FW004"


@pytest.mark.parametrize("line", [
    "Error: found USBasp with old VID/PID; please update its firmware",
    "Info: no device found, waiting for device to be plugged in ...",
    "Info: no device found, waiting 10 seconds for device to be plugged in ...",
])
def test_avrdude_main_notes_are_not_failures(line: str) -> None:
    assert serious(line) == []


def test_avrdude_8_2_upload_is_healthy() -> None:
    text = """Avrdude version 8.2
Copyright see https://github.com/avrdudes/avrdude/blob/main/AUTHORS

Using port            : /dev/ttyUSB0
Using programmer      : arduino
AVR part              : ATmega328P
AVR device initialized and ready to accept instructions
Device signature = 1E 95 0F (ATmega328P, ATA6614Q, LGT8F328P)
Reading 924 bytes for flash from input file blink.hex
Writing 924 bytes to flash
Writing | ################################################## | 100% 0.17 s
Reading | ################################################## | 100% 0.13 s
924 bytes of flash verified

Avrdude done.  Thank you.
"""
    assert serious(text) == []


# ---- stm32flash 0.7 ----------------------------------------------------------------------------------------------------

SF_HEAD = "stm32flash 0.7\n\nhttp://stm32flash.sourceforge.net/\n\n"


def test_stm32flash_failed_entry_sequence_is_the_host_not_boot0() -> None:
    text = SF_HEAD + "GPIO 17 not available\nFailed to send boot enter sequence\n"
    assert "rom_no_answer" not in kinds(text, "flash")
    assert [e for e in events(text, "flash", "stm32flash") if e["kind"] == "tool_error" and "entry sequence" in e.get("text", "")]
    assert first(text) == "GEN001"


def test_stm32flash_extended_erase_failure() -> None:
    line = "Extended erase failed. Check the maximum pages your device supports."
    evs = _ev(SF_HEAD + line, "flash", "erase_failed")
    assert evs and evs[0]["fail"]


def test_stm32flash_0_7_write_is_healthy() -> None:
    text = SF_HEAD + """Using Parser : Raw BINARY
Interface serial_posix: 115200 8E1
Version      : 0x31
Option 1     : 0x00
Option 2     : 0x00
Device ID    : 0x0413 (STM32F40xxx/41xxx)
- RAM        : Up to 64KiB  (12288b reserved by bootloader)
- Flash      : Up to 1024KiB (size first sector: 1x16384)
Write to memory
Erasing memory
Wrote address 0x08006880 (100.00%) Done.

Starting execution at address 0x08000000... done.
"""
    assert serious(text) == []


# ---- BOSSA master, uf2conv.py 2025 ------------------------------------------------------------------------------------


def test_bossac_master_arduino_reset_is_healthy() -> None:
    text = """Arduino 1200 baud reset
Arduino reset done
Device       : ATSAMD21G18A
Erase flash
done in 0.836 seconds

Write 11364 bytes to flash (178 pages)
[==============================] 100% (178/178 pages)
done in 0.075 seconds
"""
    assert serious(text) == []


def test_uf2conv_2025_any_uf2_drive_is_healthy() -> None:
    # uf2conv.py since 2025-11 flashes every FAT drive with an INFO_UF2.TXT, not only RPI-RP2
    text = "Converted to uf2, output size: 150528, start address: 0x2000\nFlashing E: (SAMD21G18A-Feather-v0)\nWrote 150528 bytes to E:/NEW.UF2\n"
    assert serious(text) == []
