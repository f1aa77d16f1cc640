"""Session 13, rust-zephyr-probes: rows and rules for held-out misses (cargo's "no such command: `embed`" for a probe-rs
tool that is not installed, probe-rs's "No loadable segments" for an image linked without memory.x / link.x, probe-rs
0.6-0.7's retried "Error while waiting for core halted" warning in a flash that worked, OpenOCD's at91samd/atsame5
"NVM lock error" for a locked or BOOTPROT-protected region, nrfjprog's WrongFamilyForDeviceError)."""

from __future__ import annotations

import pytest

from textkit import events, first, serious


@pytest.mark.parametrize("line", [
    "error: no such command: `embed`",  # cargo 1.65+ (clap 4) src/bin/cargo/main.rs
    "error: no such subcommand: `flash`",  # cargo up to 1.64
])
def test_cargo_missing_probe_rs_subcommand_is_tool001(line: str) -> None:
    text = f"$ cargo {line.split('`')[1]} --chip STM32F411CEUx\n{line}\n\n\tView all installed commands with `cargo --list`"
    ev = [e for e in events(text, "openocd") if e["kind"] == "tool_missing"]
    assert ev and ev[0]["name"].startswith("cargo-")
    assert first(text) == "TOOL001"


@pytest.mark.parametrize("line", [
    "       Error No loadable segments were found in the ELF file.",  # probe-rs 0.1x-0.3x loader.rs / docsplay
    "Error: No loadable ELF sections were found.",  # probe-rs 0.6-0.2x thiserror Display
    " WARN probe_rs::flashing::loader: No loadable segments were found in the UF2 file.",
])
def test_probe_rs_no_loadable_segments_is_fw005(line: str) -> None:
    text = f"     Running `probe-rs run --chip nRF52833_xxAA target/thumbv7em-none-eabihf/debug/app`\n{line}"
    assert first(text) == "FW005"


def test_probe_rs_07_core_halted_retry_warnings_then_flashed_is_healthy() -> None:
    text = """    Flashing /home/u/fw/target/thumbv7em-none-eabihf/release/fw
        WARN probe_rs::flashing::flasher > Error while waiting for core halted: An error with the usage of the probe occured: Operation timed out.
        WARN probe_rs::flashing::flasher > Error while waiting for core halted: An error with the usage of the probe occured: Operation timed out.
     Erasing sectors ✔ [00:00:02] [###########] 128.00KB/128.00KB @  44.14KB/s (eta 0s )
 Programming pages   ✔ [00:00:07] [###########] 128.00KB/128.00KB @  13.10KB/s (eta 0s )"""
    assert serious(text) == []


def test_probe_rs_usage_error_as_final_error_still_reported() -> None:
    text = "Error: An error with the usage of the probe occurred\n\nCaused by:\n    Operation timed out"
    assert serious(text)


@pytest.mark.parametrize("line", [
    "Error: SAMD: NVM lock error",  # openocd at91samd.c samd_check_error() LOCKE
    "Error: SAM: NVM lock error",  # openocd atsame5.c
])
def test_openocd_samd_nvm_lock_error_is_swd006(line: str) -> None:
    text = f"{line}\nError: Failed to erase row containing 00000000\nError: SAMD: failed to erase sector 0 at 0x00000000"
    assert first(text) == "SWD006"


def test_openocd_samd_nvm_programming_error_is_not_protection() -> None:
    assert first("Error: SAMD: NVM programming error\nError: Failed to erase row containing 00000000") != "SWD006"


NRFJPROG_FAMILY = """ERROR: The --family option given with the command (or the default from
ERROR: nrfjprog.ini) does not match the device connected.
Failed to burn bootloader: uploading error: exit status 18"""


def test_nrfjprog_wrong_family_is_fw002() -> None:
    assert first(NRFJPROG_FAMILY) == "FW002"


def test_nrfjprog_wrong_family_after_debug_port_id_0_is_not_fw002() -> None:
    # the same message when the chip did not answer (a west flash of an nRF5340 whose debug port read 0)
    text = """-- west flash: using runner nrfjprog
[error] [ Worker] - Encountered unexpected debug port ID 0, expected 6
ERROR: The --family option given with the command (or the default from
ERROR: nrfjprog.ini) does not match the device connected."""
    assert first(text) != "FW002"


@pytest.mark.parametrize("text", [
    "error: no such subcommand: `objcopy`\n\n\tDid you mean `objdump`?",  # cargo-binutils not installed (cargo <= 1.64)
    "error: no such command: `size`\n\nhelp: view all installed commands with `cargo --list`",  # cargo 1.65+
])
def test_cargo_missing_embedded_tool_subcommand_is_tool001(text: str) -> None:
    assert first(text) == "TOOL001"


def test_cargo_builtin_command_typo_is_not_tool001() -> None:
    assert first("error: no such command: `biuld`\n\n\tDid you mean `build`?") != "TOOL001"
