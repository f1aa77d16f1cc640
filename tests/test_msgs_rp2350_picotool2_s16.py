"""rp2350-picotool2, session 16: picotool's elf2uf2 address-range check (an RP2350 image held against the RP2040's memory
map: `uf2 convert` guessing the chip, picotool#339) and elf2flash's libusb open of the BOOTSEL drive's mass-storage
interface (the interface bound to USBSTOR on Windows, no udev access on Linux: elf2flash#1/#2)."""

from __future__ import annotations

import re

import pytest

from doctor.parsers import picotool, uf2_drive
from textkit import events, facts, first, serious

_NEW_ROWS = [r for r in picotool.MESSAGES if r.kind == "segment_out_of_range"] + \
    [r for r in uf2_drive.MESSAGES if "elf2flash" in str(dict(r.attrs or {}).get("via", "")) or r.kind == "msc_open_failed"
     or "plugged in boards" in (r.example or "") or "Insufficient permissions to open usb" in (r.example or "")]


def test_rows_found() -> None:
    assert len(_NEW_ROWS) == 6


@pytest.mark.parametrize("row", _NEW_ROWS, ids=lambda r: (r.example or "")[:50])
def test_example_matches(row) -> None:
    assert row.example and re.search(row.pattern, row.example)


# ---- picotool: a segment outside the chip's memory map ------------------------------------------------------------

_SEGMENT = """\
$ picotool uf2 convert app.elf app.uf2
ERROR: Memory segment 20081000->20081800 is outside of valid address range for device
"""


def test_segment_rp2350_only_is_rp003() -> None:
    evs = [e for e in events(_SEGMENT, "flash") if e["kind"] == "segment_out_of_range"]
    assert evs and evs[0]["built_for"] == "rp2350" and evs[0]["addr"] == "20081000"
    assert first(_SEGMENT) == "RP003"


def test_segment_psram_window_is_rp2350() -> None:
    text = "ERROR: Memory segment 11000000->11000400 is outside of valid address range for device\n"
    evs = [e for e in events(text, "flash") if e["kind"] == "segment_out_of_range"]
    assert evs and evs[0]["built_for"] == "rp2350"


def test_load_invalid_range_in_rp2350_sram_is_rp003() -> None:
    # picotool load onto an RP2040 in BOOTSEL of an image with SRAM past 0x20042000
    text = "ERROR: File to load contained an invalid memory range 0x20040000-0x20081000\n"
    evs = [e for e in events(text, "flash") if e["kind"] == "segment_out_of_range"]
    assert evs and evs[0]["built_for"] == "rp2350"
    assert first(text) == "RP003"


def test_range_ending_at_rp2040_sram_end_names_no_chip() -> None:
    text = "ERROR: File to load contained an invalid memory range 0x20041000-0x20042000\n"
    evs = [e for e in events(text, "flash") if e["kind"] == "segment_out_of_range"]
    assert evs and "built_for" not in evs[0]


def test_segment_in_common_memory_names_no_chip() -> None:
    # an address both chips have (a bad linker script, not the other chip): no RP003 claim
    text = "ERROR: Memory segment 30000000->30000100 is outside of valid address range for device\n"
    evs = [e for e in events(text, "flash") if e["kind"] == "segment_out_of_range"]
    assert evs and "built_for" not in evs[0]
    assert first(text) != "RP003"


# ---- elf2flash: the BOOTSEL drive's mass-storage interface not openable -------------------------------------------

_WIN = """\
Getting input file from "target/thumbv8m.main-none-eabihf/release/blinky"
Getting plugged in boards

Found board(s):
    board: rp2350 (family id: 0xe48bff59)


WARN: Failed to list partitions for board 'rp2350' (family id 0xe48bff59): BlockDeviceOpenFail


Looking for microcontroller serial...
"""

_LINUX = """\
Getting plugged in boards

Found board(s):
    board: rp2350 (family id: 0xe48bff59)


WARN: Failed to list partitions for board 'rp2350' (family id 0xe48bff59): UsbMassStorageError(FailedToOpenUsbDevice)
"""


@pytest.mark.parametrize("text", [_WIN, _LINUX])
def test_elf2flash_open_failed_is_usb004(text: str) -> None:
    kinds = [e["kind"] for e in events(text, "flash")]
    assert "msc_open_failed" in kinds and "uf2_drive_found" in kinds
    assert first(text) == "USB004"


def test_elf2flash_board_found_role() -> None:
    evs = [e for e in events(_WIN, "flash") if e["kind"] == "uf2_drive_found"]
    assert evs and evs[0]["role"] == "rp2350-bootsel"


def test_elf2flash_listing_failure_is_not_access() -> None:
    # ListingPartitionFail: the interface opened, the FAT could not be read: not a driver or permission matter
    text = "WARN: Failed to list partitions for board 'rp2350' (family id 0xe48bff59): ListingPartitionFail\n"
    assert "msc_open_failed" not in [e["kind"] for e in events(text, "flash")]
    assert first(text) != "USB004"


def test_elf2flash_healthy_board_listing_is_quiet() -> None:
    text = "Getting plugged in boards\n\nFound board(s):\n    board: rp2350 (family id: 0xe48bff59)\n"
    assert serious(text) == []


# ---- pico-sdk: the cross compiler not found by find_compiler.cmake -----------------------------------------------

from doctor.parsers import shell  # noqa: E402

_SDK_ROWS = [r for r in shell.MESSAGES if dict(r.attrs or {}).get("via") == "pico-sdk"]


def test_sdk_row_example() -> None:
    assert len(_SDK_ROWS) == 1 and re.search(_SDK_ROWS[0].pattern, _SDK_ROWS[0].example)


_SDK = """\
Configuring toolchain based on PICO_COMPILER 'pico_arm_cortex_m33_gcc'
Defaulting PICO_GCC_TRIPLE to 'arm-none-eabi'
CMake Error at /home/u/pico-sdk/cmake/preload/toolchains/util/find_compiler.cmake:29 (message):
  Compiler 'arm-none-eabi-gcc' not found, you can specify search path with
  "PICO_TOOLCHAIN_PATH".
"""

_SDK_RISCV = """\
CMake Error at /home/u/pico-sdk/cmake/preload/toolchains/util/find_compiler.cmake:29 (message):
  Compiler 'riscv32-unknown-elf-gcc / riscv32-corev-elf-gcc' not found, you can specify search path with
  "PICO_TOOLCHAIN_PATH".
"""


@pytest.mark.parametrize("text,name", [(_SDK, "arm-none-eabi-gcc"), (_SDK_RISCV, "riscv32-unknown-elf-gcc")])
def test_sdk_compiler_missing_is_tool001(text: str, name: str) -> None:
    evs = [e for e in events(text, "shell") if e["kind"] == "tool_missing"]
    assert evs and evs[0]["name"] == name and evs[0].get("via") == "pico-sdk"
    assert first(text) == "TOOL001"
