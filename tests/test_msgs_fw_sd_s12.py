"""Session 12, fw-sd: rows and rules for held-out misses (Marlin's PlatformIO preflight check of the build environment
against MOTHERBOARD, in its 2.0.x, 2.1.x and 2.0.5-2.0.7 wordings; RepRapFirmware's M997 update prerequisites, 1.21-3.5)."""

from __future__ import annotations

import pytest

from doctor.parsers import reprapfirmware
from textkit import events, first, kinds, serious

ENV_2_0 = """Processing mega2560 (platform: atmelavr; board: megaatmega2560; framework: arduino)
Verbose mode can be enabled via `-v, --verbose` option
Error: Build environment 'mega2560' is incompatible with BOARD_MELZI_CREALITY. Use one of these: melzi_optiboot_optimized, melzi_optiboot, melzi_optimized, melzi
========================= [FAILED] Took 0.64 seconds ========================="""


@pytest.mark.parametrize("line, env, board", [
    ("Error: Build environment 'mega2560' is incompatible with BOARD_MELZI_CREALITY. Use one of these: melzi_optiboot_optimized, melzi",
     "mega2560", "BOARD_MELZI_CREALITY"),
    # 2.1.x (Marlin PR 25915) names them "environments"
    ("Error: Build environment 'simulator_linux_release' is incompatible with BOARD_RAMPS_14_EFB. Use one of these environments: mega2560, mega1280",
     "simulator_linux_release", "BOARD_RAMPS_14_EFB"),
    # 2.0.5-2.0.7 common-dependencies.py
    ("Error: your selected build environment 'STM32F103RET6_creality' is not compatible with MOTHERBOARD=BOARD_RAMPS_14_EFB in "
     "Configuration.h. Please use one of compatible build environments for this board: mega1280,mega2560",
     "STM32F103RET6_creality", "BOARD_RAMPS_14_EFB"),
    # an issue title quoting the message without its list
    ("Error: Build environment 'sanguino1284p' is incompatible with BOARD_MELZI_CREALITY", "sanguino1284p", "BOARD_MELZI_CREALITY"),
])
def test_marlin_build_env_mismatch_wordings_are_fw002(line: str, env: str, board: str) -> None:
    evs = [e for e in events(line, "flash") if e["kind"] == "build_env_mismatch"]
    assert evs and evs[0]["env"] == env and evs[0]["board"] == board
    assert first(line) == "FW002"


def test_marlin_build_env_mismatch_in_a_pio_run_is_fw002_alone() -> None:
    assert "build_env_mismatch" in kinds(ENV_2_0, "flash")
    assert first(ENV_2_0) == "FW002"
    assert "GEN001" not in serious(ENV_2_0)


def test_a_matching_environment_is_not_flagged() -> None:
    text = """Processing melzi_optimized (platform: atmelavr; board: sanguino_atmega1284p; framework: arduino)
Building .pio/build/melzi_optimized/firmware.hex
========================= [SUCCESS] Took 42.10 seconds ========================="""
    assert "build_env_mismatch" not in kinds(text, "flash")
    assert "FW002" not in serious(text)


# --- RepRapFirmware M997 ---------------------------------------------------------------------------------------------

RRF_ROWS = [r for r in reprapfirmware.MESSAGES]


@pytest.mark.parametrize("row", RRF_ROWS, ids=lambda r: r.pattern[:40])
def test_every_rrf_row_matches_its_example(row) -> None:  # type: ignore[no-untyped-def]
    assert any(r is row for r, _ in reprapfirmware.ReprapfirmwareParser.table.match(row.example.strip(), all_matches=True))


@pytest.mark.parametrize("text", [
    # Duet Web Control's console (newest first, the command joined to its reply): RepRapFirmware #374
    '2.4.2020, 11:22:27 | M997 S0Error: M997: In-application programming binary "Duet2CombinedIAP.bin" not found\n'
    "2.4.2020, 11:22:24 | Upload of Duet2CombinedFirmware.bin successful after 1s",
    'M997 S0\nError: M997: In-application programming binary "Duet2CombinedIAP.bin" not found',
    'Error: M997: In-application programming binary "0:/firmware/Duet3_CANiap32_EXP3HC.bin" not found on board 1',
    "IAP file 'Duet2CombinedIAP.bin' not found",
    'Error: M997: Firmware binary "0:/sys/Duet2CombinedFirmware.bin" not found',
])
def test_rrf_missing_iap_or_firmware_file_is_fw005(text: str) -> None:
    assert {"iap_missing", "image_missing"} & set(kinds(text, "flash"))
    assert first(text) == "FW005"


def test_rrf_binary_for_other_electronics_is_fw002() -> None:
    text = 'M997 S0\nError: M997: Firmware binary "Duet2CombinedFirmware.bin" is not valid for this electronics'
    assert "image_wrong_target" in kinds(text, "flash")
    assert first(text) == "FW002"


def test_rrf_binary_too_big_is_fw004() -> None:
    text = 'Error: M997: Firmware binary "Duet3Firmware_Mini5plus.uf2" is too big for the available flash memory'
    assert "image_too_large" in kinds(text, "flash")
    assert first(text) == "FW004"


def test_rrf_m997_echo_alone_is_not_a_fault() -> None:
    assert serious("M997 S0\nUpload of Duet2CombinedFirmware.bin successful after 1s") == []
