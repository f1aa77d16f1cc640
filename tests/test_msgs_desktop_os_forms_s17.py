"""Rows and rules added for the desktop-os-forms round (session 17): RXTX's lock-directory refusal (the Java serial
library of Fedora/Arch desktops) is the user's group, not a holder; a busy COM port that a later esphome-flasher/esptool
attempt of the same text opened (its SYNC then timed out) was a moment's holder, and the later failure counts."""

from __future__ import annotations

from tests.textkit import events, first, serious

# kkMulticopterFlashTool#4, Fedora 19: RXTX's check_group_uucp() could not create its test file in the lock directory
RXTX_LOCK = """check_group_uucp(): error testing lock file creation Error details:Permission deniedcheck_lock_status: No permission to create lock file.
please see: How can I use Lock Files with rxtx? in INSTALL"""

# esphome-flasher#46, Windows: the first click's open was refused, the next click's open worked and the SYNC timed out
RETRIED_OPEN = """Connecting.......Using 'COM17' as serial port.
Unexpected error: could not open port 'COM17': PermissionError(13, 'Zugriff verweigert', None, 5)
._____....._____....._____....._____....._____....._____....._____
Unexpected error: ESP Chip Auto-Detection failed: Failed to connect to Espressif device: Timed out waiting for packet header"""

# the refusal alone stays a holder
REFUSED_ONLY = """Using 'COM4' as serial port.
Unexpected error: could not open port 'COM4': PermissionError(13, 'Access is denied.', None, 5)"""


def test_rxtx_lock_directory_is_the_users_group():
    assert [e.get("via") for e in events(RXTX_LOCK, "serial")] == ["rxtx-lock"]
    assert first(RXTX_LOCK) == "SER004"


def test_busy_open_overcome_by_a_later_attempt_is_not_the_cause():
    assert "SER003" not in serious(RETRIED_OPEN)
    assert first(RETRIED_OPEN) == "BOOT001"
    assert first(REFUSED_ONLY) == "SER003"
