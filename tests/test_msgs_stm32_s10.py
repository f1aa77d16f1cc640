"""Round s10 (stm32-swd-dfu): rows and rules added for real pastes of STM32 flashing tools (tests/cases named below).
Each test checks the event a row gives and, where a row feeds a rule, the first finding of a short text; a negative
twin shows the rule does not fire without the row's evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from textkit import events, facts, first as first_id, kinds


# --- STM32CubeProgrammer: "Connection to device 0x... is lost", "fail to erase memory" (cubeprog-nucleo-wb55-...) ---

ROOT = Path(__file__).parents[1]
DEVICE = "0x431"
WB55 = "Error: fail to erase memory\nWarning: Connection to device 0x431 is lost.\n"


def test_cubeprog_connection_lost_row() -> None:
    ev = [e for e in events(WB55, "stlink", "stm32cubeprogrammer") if e["kind"] == "target_connection_lost"]
    assert ev and ev[0].get("fail") is True and ev[0].get("device") == DEVICE, ev


def test_cubeprog_fail_to_erase_wording_is_erase_failed() -> None:
    ev = [e for e in events("Error: fail to erase memory\n", "stlink", "stm32cubeprogrammer") if e["kind"] == "flash_erase_failed"]
    assert ev and ev[0].get("fail") is True, events("Error: fail to erase memory\n", "stlink")


def test_cubeprog_erase_failed_with_connection_lost_is_swd004() -> None:
    assert first_id(WB55) == "SWD004"


def test_cubeprog_erase_failed_alone_is_not_the_connection_rule() -> None:
    assert first_id("Error: fail to erase memory\n") == "SWD006"


# --- STM32CubeProgrammer over UART: the Read Memory byte count NACKed (cubeprog-cli-230-uart-f407-...) ---

RANGE_NACK = "16:07:44:341 Error: Number of bytes to be be read at address: 0x1FFFF7CC not acknowledged!\n"


def _all_events(text: str) -> list[dict]:
    snap = facts(text)
    return [e for ns in snap.values() if isinstance(ns, dict)
            for r in ns.get("runs", []) if isinstance(r, dict) for e in r.get("events", [])]


def test_rom_read_range_nack_row() -> None:
    ev = [e for e in _all_events(RANGE_NACK) if e["kind"] == "rom_read_range_nack"]
    assert ev, _all_events(RANGE_NACK)
    assert not [e for e in _all_events(RANGE_NACK) if e["kind"] == "rom_nack"]


def test_cubeprog_uart_flash_size_read_nack_is_tool_fault() -> None:
    text = (ROOT / "tests/cases/cubeprog-cli-230-uart-f407-flash-size-read-nack-worked-with-220/cli-v230.log").read_text()
    assert first_id(text) == "SWD009"


# --- st-flash before 1.4: "ERROR src/stlink-common.c: addr too high" (st-flash-2014-f407-ccm-...) ---

OLD_ST = ("2014-05-28T16:45:48 INFO src/stlink-common.c: Loading device parameters....\n"
          "2014-05-28T16:45:48 INFO src/stlink-common.c: Device connected is: F4 device, id 0x10016413\n"
          "2014-05-28T16:45:50 INFO src/stlink-common.c: Attempting to write 134241388 (0x8005c6c) bytes to stm32 address: 134217728 (0x8000000)\n")


def test_old_stlink_common_addr_too_high_row() -> None:
    text = OLD_ST + "2014-05-28T16:45:50 ERROR src/stlink-common.c: addr too high\nstlink_fwrite_flash() == -1\n"
    assert "image_too_large" in kinds(text, "stlink"), kinds(text, "stlink")
    assert first_id(text) == "FW004"


def test_old_stlink_common_without_addr_error_is_no_image_fault() -> None:
    assert "image_too_large" not in kinds(OLD_ST, "stlink")


# --- st-flash: the flash loader failed, then the soft write finished (healthy-st-flash-l072-...) ---

L072 = ("st-flash 1.6.1-329-gaa70b89\n"
        "2021-06-24T12:55:15 INFO flash_loader.c: Successfully loaded flash loader in sram\n"
        "2021-06-24T12:55:15 ERROR flash_loader.c: write_buffer_to_sram() == -1\n"
        "2021-06-24T12:55:15 WARN common.c: Failed to use flash loader, fallback to soft write\n")


def test_stlink_soft_write_fallback_overcomes_loader_failure() -> None:
    ev = [e for e in events(L072, "stlink") if e["kind"] == "flash_loader_failed"]
    assert ev and all(e.get("fail") is False for e in ev), events(L072, "stlink")


def test_stlink_loader_failure_without_fallback_stays_a_failure() -> None:
    text = "\n".join(L072.splitlines()[:3]) + "\n"
    ev = [e for e in events(text, "stlink") if e["kind"] == "flash_loader_failed"]
    assert ev and ev[0].get("fail") is True, events(text, "stlink")


# --- Black Magic Probe on an RP2040: vFlashErase error (bmp-rp2040-vflasherase-error-with-nrst-connected) ---

BMP_RP = ("(gdb) mon s\nTarget voltage: 2.93V\nAvailable Targets:\nNo. Att Driver\n 1      Raspberry RP2040 M0+\n"
          "(gdb) att 1\n(gdb) load\nError erasing flash with vFlashErase packet\n")
BMP_STM = ("(gdb) mon s\nTarget voltage: 3.30V\nAvailable Targets:\nNo. Att Driver\n 1      STM32F1 medium density M3\n"
           "(gdb) att 1\n(gdb) load\nError erasing flash with vFlashErase packet\n")


def test_bmp_rp2040_target_field() -> None:
    runs = (facts(BMP_RP).get("openocd") or {}).get("runs", [])
    assert [r for r in runs if r.get("target") == "rp2040"], runs


def test_bmp_rp2040_vflasherase_is_not_protection() -> None:
    assert first_id(BMP_RP) == "GEN001"


def test_bmp_stm32_vflasherase_still_counts_as_erase_failure() -> None:
    runs = (facts(BMP_STM).get("openocd") or {}).get("runs", [])
    assert not [r for r in runs if r.get("target") == "rp2040"], runs
    assert first_id(BMP_STM) == "SWD006"


# --- dfu-util: "Error during special command ... get_status" is a USB transfer failure (dfu-util-09-erase-page-...) ---

DFU_HEAD = ("dfu-util 0.9\nOpening DFU capable USB device...\nID 0483:df11\nDfuSe interface name: \"Internal Flash  \"\n"
            "Downloading to address = 0x08000000, size = 35724\n")


@pytest.mark.parametrize("line", [
    'Download [= ] 5% 2048 bytesdfu-util: Error during special command "ERASE_PAGE" get_status',
    'dfu-util: Error during special command "SET_ADDRESS" get_status',
])
def test_dfu_special_command_get_status_is_not_protection(line: str) -> None:
    assert first_id(DFU_HEAD + line + "\n") == "GEN001"
