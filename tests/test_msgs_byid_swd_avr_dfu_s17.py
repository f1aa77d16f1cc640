"""Rows and rules changed by the byid-swd-avr-dfu helper in session 17."""

from __future__ import annotations

from textkit import first, kinds

GDB_SERVER_STATUS_LOST = """Debugger connected
STM32CubeProgrammer v2.1.0
ST-LINK FW : V2J34S7
Voltage : 3.23V
Connect mode: Under Reset
Device ID : 0x448
Memory Programming ...
Download in Progress:
File download complete
Verifying ...
Download verified successfully
Error! Failed to read target status
Debugger connection lost.
Shutting down...
"""


def test_gdb_server_failed_to_read_target_status_after_verified_download_is_swd004() -> None:
    assert "target_status_failed" in kinds(GDB_SERVER_STATUS_LOST, "stlink")
    assert first(GDB_SERVER_STATUS_LOST) == "SWD004"
    # after a failed erase the line only closes a lost session: not read as the firmware taking SWD
    failed_erase = GDB_SERVER_STATUS_LOST.replace("Download verified successfully\n", "Error: failed to erase memory\n")
    assert first(failed_erase) != "SWD004"
