"""Audit s8 (issue 9 item 2): stlink-tools 1.3-1.8, OpenOCD 0.10-0.12 and pyOCD 0.14-0.45 messages found in their
sources (every printing call at each tag, filled in: /work/notes/audit8-*) that no row claimed, or only the catch-all
error row. Lines are the source's format filled in, except where a real paste in tests/cases is quoted. Each test checks
the event a row gives and, for the rows that feed a rule, the first finding of a short text.
"""

from __future__ import annotations


import pytest

from textkit import events, first as first_id, kinds


ST = "st-flash 1.7.0\n"  # the version line opens an stlink block, as in every st-flash paste

STLINK = [
    ("open(out/klipper.bin) == -1", "image_missing"),
    ("mmap() == MAP_FAILED for file out/klipper.bin", "image_unreadable"),
    ("fstat(out/klipper.bin) == -1", "image_unreadable"),
    ("Cannot parse out/klipper.bin as Intel-HEX file", "image_unreadable"),
    ("2019-05-02T10:00:00 ERROR common.c: Wrong file format - wrong line length", "image_unreadable"),
    ("2019-05-02T10:00:00 ERROR common.c: addr too high", "image_too_large"),
    ("2023-01-01T10:00:00 ERROR common_flash.c: The size exceeds the size of the flash (0x00004000 bytes available)", "image_too_large"),
    ("2019-05-02T10:00:00 ERROR common.c: addr not a multiple of pagesize, not supported", "address_invalid"),
    ("addr too low", "address_invalid"),
    ("invalid command line", "usage_error"),
    ("Failed to read Target voltage", "probe_command_failed"),
    ("2023-01-01T10:00:00 ERROR flash_loader.c: Failed to read Target voltage", "probe_command_failed"),
    ("[!] wrong length STLINK_GET_TARGET_VOLTAGE", "probe_command_failed"),
    ("Failed to exit DFU mode", "probe_command_failed"),
    ("2023-01-01T10:00:00 WARN common.c:     warning: stlink doesn't support JTAG/SWD interface", "probe_unsupported"),
    ("Failed to get Core's status", "target_connect_failed"),
    ("could not read main memory (-1)", "read_failed"),
    ("Unknown keyword in /usr/share/stlink/chips/F1xx_MD.chip: flash_sizes_reg", "chip_db_invalid"),
    ("Failed to parse flash size reg", "chip_db_invalid"),
    ("2025-06-21T18:24:11 ERROR common_flash.c: Flash programming error: 0x00000080", "flash_write_failed"),  # tests/cases (g0b1)
    ("2020-12-22T22:07:26 WARN common.c: Failed to unlock flash!", "flash_write_failed"),  # tests/cases (gd32f103)
    ("2023-01-01T10:00:00 ERROR common.c: Flash memory contains a non-erased value", "flash_write_failed"),
    ("2023-01-01T10:00:00 ERROR common_flash.c: Failed to erase the flash prior to writing", "flash_write_failed"),
    ("2019-05-02T10:00:00 WARN common.c: pecr.prglock not clear (00000007)", "flash_write_failed"),
    ("2019-05-02T10:00:00 ERROR flash_loader.c: write error, count == 0", "flash_write_failed"),
    ("2019-05-02T10:00:00 ERROR common.c: unknown coreid, not sure how to write: 2ba01477", "unknown_coreid"),
]


@pytest.mark.parametrize("line,kind", STLINK)
def test_stlink_source_rows(line: str, kind: str) -> None:
    ev = [e for e in events(ST + line + "\n", "stlink") if e["kind"] == kind]
    assert ev and ev[0].get("fail") is True, events(ST + line + "\n", "stlink")


@pytest.mark.parametrize("line", [
    "2023-01-01T10:00:00 WARN flash_loader.c: Failed to use flash loader, fallback to soft write",
    "2023-01-01T10:00:00 WARN gdb-server.c: (this is not an error, just a GDB glitch)",
    "2023-01-01T10:00:00 WARN usb.c: ST-Link firmware does not support frequency setup",
    "-> Flash page at 0x8000000 erased (size: 0x400)",
    "128/128 bytes written",
])
def test_stlink_notices_and_progress_are_no_failure(line: str) -> None:
    assert not [e for e in events(ST + line + "\n", "stlink") if e.get("fail")]


def test_stlink_image_missing_is_fw005_but_not_for_a_read() -> None:
    write = "$ st-flash write out/klipper.bin 0x8000000\nst-flash 1.7.0\nopen(out/klipper.bin) == -1\n"
    assert first_id(write) == "FW005"
    read = "$ st-flash read dump/flash.bin 0x8000000 0x10000\nst-flash 1.7.0\nopen(dump/flash.bin) == -1\n"
    assert first_id(read) != "FW005"


def test_stlink_image_past_the_flash_is_fw004() -> None:
    text = (
        "st-flash 1.8.0\n"
        "2024-01-01T10:00:00 INFO common.c: STM32F1xx_MD: 20 KiB SRAM, 64 KiB flash in at least 1 KiB pages.\n"
        "2024-01-01T10:00:00 ERROR common_flash.c: The size exceeds the size of the flash (0x00010000 bytes available)\n"
        "stlink_fwrite_flash() == -1\n"
    )
    assert first_id(text) == "FW004"
    old = "st-flash 1.5.1\n2019-05-02T10:00:00 ERROR common.c: addr too high\n"
    assert first_id(old) == "FW004"


OO = "Open On-Chip Debugger 0.12.0\n"

OPENOCD = [
    ("Error: no ST-LINK detected", "adapter_open_failed"),
    ("Error: the selected device is already used", "probe_busy"),
    ("Warn : could not claim interface: Resource busy", "probe_busy"),
    ("Error: cannot connect to stlink server, errno: Connection refused", "adapter_error"),
    ("Error: could not open device 0x2e8a:0x000c: Access denied (insufficient permissions)", "usb_access_denied"),
    ("Error: could not open device 0x2e8a:0x000c: Operation not supported or unimplemented on this platform", "usb_no_driver"),
    ("Error: could not open device 0xc251:0xf001: Entity not found", "adapter_open_failed"),
    ("Error: Failed to open device: LIBJAYLINK_ERR.", "adapter_open_failed"),
    ("Error: Multiple devices found, specify the desired device", "adapter_error"),
    ("Error: CMSIS-DAP: SWD not supported", "transport_unsupported"),
    ("Error: mode (transport) not supported by device", "transport_unsupported"),
    ("Error: read version failed", "adapter_error"),
    ("Error: voltage check failed", "adapter_error"),
    ("Error: [stm32f1x.cpu] DP initialisation failed", "dp_connect_failed"),
    ("Error: DP initialisation failed", "dp_connect_failed"),
    ("Error: Fail reading CTRL/STAT register. Force reconnect", "dp_connect_failed"),
    ("Error: [stm32f1x.cpu] Debug AP not available, reset NOT asserted!", "debug_ap_unavailable"),
    ("Error: Failed to read memory at 0x08000000", "memory_access_failed"),
    ("Error: wait_flash_op_queue, WRPERR detected", "flash_protected"),
    ("Error: Write refused, sector 3 is protected", "flash_protected"),
    ("Error: stm32x device programming failed / flash not erased", "flash_write_failed"),
    ("Error: flash write failed at address 0x8000400", "flash_write_failed"),
    ("Error: error executing stm32x flash write algorithm", "flash_write_failed"),
    ("Error: error writing to flash at address 0x08000000 at offset 0x00000000", "flash_write_failed"),
    ("Error: failed erasing sectors 0 to 7", "flash_write_failed"),
    ("Error: timed out waiting for flash", "flash_write_failed"),
    ("stm32x failed to unlock device", "flash_write_failed"),
    ("stm32h7x mass erase failed", "flash_write_failed"),
    ("Error: PRGLOCK is not cleared :(", "flash_write_failed"),
    ("Error: Failed to connect internal flash", "flash_write_failed"),
    ("Error: auto_probe failed", "flash_probe_failed"),
    ("diff 0 address 0x08000000. Was 0xff instead of 0x00", "verify_mismatch"),
    ("Error: Verification error address 0x08000000, read back 0xff, expected 0x00", "verify_mismatch"),
]


@pytest.mark.parametrize("line,kind", OPENOCD)
def test_openocd_source_rows(line: str, kind: str) -> None:
    assert kind in kinds(OO + line + "\n", "openocd"), events(OO + line + "\n", "openocd")


@pytest.mark.parametrize("line", [
    "Warn : Connecting DP: stalled AP operation, issuing ABORT",
    "Error: Hardware srst not supported, falling back to software reset",
    "Warn : couldn't use block writes, falling back to single memory accesses",
    "wrote 8192 bytes from file build/app.bin in 0.543210s (14.727 KiB/s)",
    "erased sectors 0 through 7 on flash bank 0 in 0.305812s",
    "verified 8192 bytes in 0.104651s (76.446 KiB/s)",
])
def test_openocd_notices_and_progress_are_no_failure(line: str) -> None:
    assert not [e for e in events(OO + line + "\n", "openocd") if e.get("fail")]


def test_openocd_probe_held_by_another_program_is_swd001() -> None:
    assert first_id(OO + "Info : Listening on port 6666 for tcl connections\nError: the selected device is already used\n") == "SWD001"


def test_openocd_cmsis_dap_access_denied_is_usb004() -> None:
    assert first_id(OO + "Error: could not open device 0x2e8a:0x000c: Access denied (insufficient permissions)\n") == "USB004"


def test_openocd_wrperr_is_swd006() -> None:
    assert first_id(OO + "Info : Device: STM32H74x/75x\nError: wait_flash_op_queue, WRPERR detected\n") == "SWD006"


PYOCD = [
    ("0000412 C STLink 066DFF485550755187121836 is using an unsupported, older firmware version. Please update to the latest "
     "STLink firmware. Current version is V2J22S4, must be at least version V2J24. [__main__]", "probe_firmware_old"),
    ("0000201 C No USB backend found [__main__]", "libusb_missing"),
    ("0000187 C unable to open JLink DLL [__main__]", "tool_missing"),
    ("0000190 C could not find JLink probe with serial number '000260012345' [__main__]", "adapter_open_failed"),
    ("0000412 C requested wire protocol JTAG not supported by the debug probe [__main__]", "transport_unsupported"),
    ("0001544 C Bad parity in SWD read [__main__]", "dp_connect_failed"),
    ("0000673 E No cores were discovered! [coresight_target]", "target_examine_failed"),
    ("0000142 C Target type stm32f103rc not recognized. Use 'pyocd list --targets' to see currently available target types. [__main__]",
     "target_unknown"),
    ("0001323 C erase_sector(0x8000000) error: 1 [__main__]", "flash_erase_failed"),
    ("0002210 C flash program page failure (address 0x08000000; result code 0x1) [__main__]", "program_failed"),
    ("0002210 C flash init failure (result code 0x1) [__main__]", "program_failed"),
    ("pyocd.core.exceptions.FlashFailure: target was not halted as expected after calling flash algorithm routine (IPSR=3)", "program_failed"),
    ("0000873 C no memory region defined for address 0x00000000 [__main__]", "no_flash_bank"),
]


@pytest.mark.parametrize("line,kind", PYOCD)
def test_pyocd_source_rows(line: str, kind: str) -> None:
    ev = [e for e in events(line + "\n", "openocd") if e["kind"] == kind]
    assert ev and ev[0].get("fail") is True, events(line + "\n", "openocd")


def test_pyocd_old_stlink_firmware_is_swd009() -> None:
    assert first_id(PYOCD[0][0] + "\n") == "SWD009"


def test_pyocd_no_flash_region_keeps_the_address() -> None:
    ev = [e for e in events(PYOCD[-1][0] + "\n", "openocd") if e["kind"] == "no_flash_bank"]
    assert ev and ev[0]["address"] == 0


def test_openocd_missing_script_is_a_quoted_failure() -> None:
    text = OO + "embedded:startup.tcl:21: Error: Can't find interface/picoprobe.cfg\nin procedure 'script'\n"
    ev = [e for e in events(text, "openocd") if e["kind"] == "script_missing"]
    assert ev and ev[0]["path"] == "interface/picoprobe.cfg"
    assert first_id(text) == "GEN001"


@pytest.mark.parametrize("line", [
    "open(out/klipper.bin) == -1",
    "Failed to get Core's status",
    "Unknown keyword in /usr/share/stlink/chips/F1xx_MD.chip: flash_sizes_reg",
    "Error: the selected device is already used",
    "0000673 E No cores were discovered! [coresight_target]",
])
def test_a_lone_new_failure_line_is_never_silent(line: str) -> None:
    assert first_id(line + "\n") is not None
