"""(misses s20) Silent misses of tests/misses whose texts show a failure: each mechanism that kept doctor silent, as a family.

Texts marked "from the source's format" are written from the tool's printf/format strings, not pasted by anyone."""

from __future__ import annotations

from textkit import events, findings, first, serious

# Chromium's Web Serial / WebUSB chooser closed with nothing picked (serial_port.cc / usb.cc NotFoundError), as pages print it
NO_PORT = "NotFoundError: Failed to execute 'requestPort' on 'Serial': No port selected by the user."
NO_DEVICE = "NotFoundError: Failed to execute 'requestDevice' on 'USB': No device selected."


def test_chooser_closed_alone_is_quoted_not_silent() -> None:
    for line in (NO_PORT, NO_DEVICE, "Error: " + NO_PORT, "Error: No port selected by the user."):
        found = findings(line)
        assert found and found[0].id == "GEN001", line
        assert "chooser" in found[0].message
        assert any("No " in v for _, v in found[0].evidence)


def test_chooser_closed_then_a_flash_that_succeeded_is_healthy() -> None:
    # from the source's format: esptool's lines after the page got a port on a second try (esptool.js prints esptool's words)
    text = NO_PORT + """
Connecting...
Chip is ESP32-D0WD-V3 (revision v3.1)
Writing at 0x00010000... (100 %)
Wrote 1048576 bytes (654321 compressed) at 0x00010000 in 9.1 seconds (effective 921.6 kbit/s)...
Hash of data verified.

Leaving...
Hard resetting via RTS pin...
"""
    assert "GEN001" not in serious(text)


def test_chooser_closed_beside_a_real_open_failure_leaves_the_failure_to_speak() -> None:
    text = NO_PORT + "\nNetworkError: Failed to execute 'open' on 'SerialPort': Failed to open serial port."
    found = findings(text)
    assert found and "chooser" not in found[0].message


# DAPLink vfs_user.c read_file_assert_txt (0240-0258): "Assert", "File: %s", "Line: %u", "Source: Bootloader|Application"
ASSERT_TXT = """\
Assert
File: vfs_manager.c
Line: 365
Source: Application
"""


def test_daplink_assert_txt_is_the_probe_firmware_failing() -> None:
    # from the source's format
    assert [e["kind"] for e in events(ASSERT_TXT, "openocd")] == ["daplink_assert"]
    found = findings(ASSERT_TXT)
    assert found[0].id == "GEN001" and "DAPLink" in found[0].message
    assert "MAINTENANCE" in (found[0].ask or "")


def test_daplink_need_bl_txt_is_a_failure() -> None:
    # from the source's format (vfs_user.c read_file_need_bl_txt)
    text = "A bootloader update was started but unable to complete.\nReload the bootloader to fix this error message.\n"
    assert first(text) == "GEN001"


def test_daplink_details_txt_alone_stays_healthy() -> None:
    # from the source's format (vfs_user.c read_file_details_txt)
    text = """\
# DAPLink Firmware - see https://daplink.io
Unique ID: 9904360258994e45003f500f000000310000000097969901
HIC ID: 97969901
Auto Reset: 1
Automation allowed: 0
Overflow detection: 0
Daplink Mode: Interface
Interface Version: 0255
Bootloader Version: 0255
Git SHA: 1436bdcc67029fdfc0ff03b73e12045bb6a9f272
Local Mods: 0
USB Interfaces: MSD, CDC, HID, WebUSB
Bootloader CRC: 0x828c6069
Interface CRC: 0x5b5cc0f4
Remount count: 0
"""
    assert not serious(text)


def test_st_info_flash_zero_is_a_failed_query() -> None:
    # stlink 1.3-1.8 st-info --flash prints printf("0x%x\n", flash_size): 0 when the chip was not identified (stlink#1127)
    text = "$ st-info --flash\n0x0\n"
    assert [e["kind"] for e in events(text, "stlink")] == ["flash_size_unread"]
    found = findings(text)
    assert found[0].id == "GEN001" and "st-info" in found[0].message


def test_st_info_flash_size_read_is_healthy() -> None:
    assert not serious("$ st-info --flash\n0x10000\n")
    assert not serious("$ st-info --flash\n0x10000\n$ st-info --chipid\n0x0410\n")


def test_st_info_flash_zero_with_chip_id_zero_stays_the_wiring_reading() -> None:
    # stlink 1.3-1.8 st-info --chipid prints printf("0x%.4x\n", chip_id)
    assert first("$ st-info --flash\n0x0\n$ st-info --chipid\n0x0000\n") != "GEN001"
