"""intl-stm32 s7: rows added for the families of the round's misses (STM32 flashing pasted in non-English blogs and
forums); each test fails without its row.

- stm32flash "Failed to init device" retyped in lower case -> rom_no_answer (BOOT003);
- jsnyder stm32loader's older "Can't init. Ensure BOOT0=1, BOOT1=0, and reset device" -> rom_no_answer;
- ST's Flash Loader Demonstrator (GUI popup, STMFlashLoader.exe) "No response from the target, the Boot loader can not
  be started" and its retyped forms -> rom_no_answer (BOOT003), a run of its own tool;
- STM32CubeProgrammer UART "Activating device: KO. Please verify the boot mode" quoted without "Error: " -> rom_no_answer;
- Keil "target DLL has been cancelled" in lower case, "RDDI-DAP Error", "SWD/JTAG Communication Failure" ->
  target_connect_failed via keil (SWD004);
- STM32CubeProgrammer "Error: failed to erase memory" -> flash_erase_failed (SWD006), not a generic download failure;
- J-Link DLL 4.x JTAG "Could not find supported CPU core on JTAG chain" / "TDO is constant high" -> dp_connect_failed.
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


def tools(text: str, ns: str) -> list[str]:
    return [r.get("tool") for r in runs(parse(text), ns)]


def first_id(text: str) -> str | None:
    f = engine.evaluate(merge(new("analyze"), parse(text)))
    return f[0].id if f else None


# ---- the STM32 serial ROM bootloader's clients ------------------------------------------------------------------------

def test_stm32flash_lower_case_failed_to_init_is_no_answer() -> None:
    assert "rom_no_answer" in kinds("failed to init device\n", "flash")
    assert first_id("failed to init device\n") == "BOOT003"


def test_stm32flash_failed_to_init_still_matches_as_printed() -> None:
    text = "stm32flash 0.5\n\nInterface serial_posix: 57600 8E1\nFailed to init device.\n"
    assert kinds(text, "flash").count("rom_no_answer") == 1


def test_stm32loader_old_wording_boot0_boot1() -> None:
    text = "Can't init. Ensure BOOT0=1, BOOT1=0, and reset device\n"
    assert "rom_no_answer" in kinds(text, "flash")
    assert first_id(text) == "BOOT003"


FLASHLOADER_CLI = """No response from the target, the Boot loader can not be started.
Please, verify the boot mode configuration, reset your device then try again.
"""


def test_flash_loader_demonstrator_no_response() -> None:
    assert kinds(FLASHLOADER_CLI, "flash") == ["rom_no_answer"]
    assert tools(FLASHLOADER_CLI, "flash") == ["stm32flashloader"]
    assert first_id(FLASHLOADER_CLI) == "BOOT003"


def test_flash_loader_demonstrator_retyped_forms() -> None:
    for text in ("no response from the target the bootloader cannot be started\n",
                 "No response from the target, the bootloader cannot be started.\n"):
        assert "rom_no_answer" in kinds(text, "flash"), text


def test_flash_loader_advice_line_alone_is_no_failure() -> None:
    assert "rom_no_answer" not in kinds("Please, verify the boot mode configuration, reset your device then try again.\n", "flash")


def test_cubeprogrammer_uart_activating_ko_quoted_without_error_prefix() -> None:
    text = "Activating device: KO. Please verify the boot mode configuration and check the serial port configuration. Reset your device and try again.\n"
    assert "rom_no_answer" in kinds(text, "flash")
    assert first_id(text) == "BOOT003"


# ---- Keil MDK debug drivers ---------------------------------------------------------------------------------------------

def test_keil_target_dll_cancelled_lower_case() -> None:
    text = "Error: Flash Download failed - target DLL has been cancelled\n"
    assert "target_connect_failed" in kinds(text, "stlink")
    assert first_id(text) == "SWD004"


def test_keil_cmsis_dap_rddi_dap_error_and_swd_jtag_failure() -> None:
    for text in ("RDDI-DAP Error\n", "SWD/JTAG Communication Failure\n"):
        assert "target_connect_failed" in kinds(text, "stlink"), text
        assert first_id(text) == "SWD004", text


# ---- STM32CubeProgrammer erase refused ----------------------------------------------------------------------------------

def test_cubeprogrammer_failed_to_erase_memory_is_protection() -> None:
    text = "Erasing internal memory sectors [8 10]\nError: failed to erase memory\nError: failed to erase memory\n"
    ks = kinds(text, "stlink")
    assert "flash_erase_failed" in ks and "program_failed" not in ks
    assert first_id(text) == "SWD006"
    assert first_id("error: failed to erase memory\n") == "SWD006"


# ---- J-Link DLL 4.x over JTAG -------------------------------------------------------------------------------------------

def test_jlink_v4_no_cpu_core_on_jtag_chain() -> None:
    text = """* JLink Info: Could not measure total IR len. TDO is constant high.
** JLink Warning: No matching core found.
***JLink Error: Could not find supported CPU core on JTAG chain
"""
    assert kinds(text, "openocd").count("dp_connect_failed") == 2
    assert first_id(text) is not None
