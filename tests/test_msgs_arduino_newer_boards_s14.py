"""Session 14, arduino-newer-boards: uploads to Arduino's native-USB and newer boards (Nano 33 BLE/IoT, MKR, UNO R4,
GIGA/Portenta, Nano Every, Nano ESP32).

Family fixed: the Arduino IDE 1.6-1.8 wait for the bootloader's port after the 1200-bps touch (SerialUploader.
waitForUploadPort, verbose upload): "PORTS {before} / {now} => {}" is the wait (as arduino-cli's "Waiting for upload
port..."), a port in the diff precedes "Found upload port: X", and "Uploading using selected port: X" is its fallback to
the touched port. Output stopping in that wait on a non-Caterina board is BOOT001 (the sketch did not take the touch);
Leonardo/Micro-class boards by the IDE header's board name stay out of it (BOOT008's short window)."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

NANO33_STALLED = """
Arduino: 1.8.9 (Windows Store 1.8.21.0) (Windows 10), Board: "Arduino Nano 33 BLE"

Sketch uses 72492 bytes (7%) of program storage space. Maximum is 983040 bytes.
Global variables use 1408 bytes (0%) of dynamic memory, leaving 260736 bytes for local variables. Maximum is 262144 bytes.
Forcing reset using 1200bps open/close on port COM9
PORTS {COM3, COM4, COM9, } / {COM3, COM4, COM9, } => {}
PORTS {COM3, COM4, COM9, } / {COM3, COM4, COM9, } => {}
PORTS {COM3, COM4, COM9, } / {COM3, COM4, COM9, } => {}
"""

PRO_MICRO_FOUND = """
Forcing reset using 1200bps open/close on port COM18
PORTS {COM18, } / {} => {}
PORTS {} / {COM8, } => {COM8, }
Found upload port: COM8
"""

SELECTED_PORT = """
Forcing reset using 1200bps open/close on port COM11
PORTS {COM11, } / {COM11, } => {}
Uploading using selected port: COM11
"""

LEONARDO_STALLED = """
Arduino: 1.8.9 (Windows 10), Board: "Arduino Leonardo"

Forcing reset using 1200bps open/close on port COM9
PORTS {COM3, COM9, } / {COM3, COM9, } => {}
PORTS {COM3, COM9, } / {COM3, COM9, } => {}
"""


def test_ide1_ports_wait_stalled_on_native_usb_board_is_boot001() -> None:
    assert "waiting_new_port" in kinds(NANO33_STALLED, "flash")
    assert first(NANO33_STALLED) == "BOOT001"


def test_ide1_ports_found_is_no_stall() -> None:
    ks = kinds(PRO_MICRO_FOUND, "flash")
    assert ks.count("waiting_new_port") == 1 and "upload_port" in ks
    assert serious(PRO_MICRO_FOUND) == []


def test_ide1_uploading_using_selected_port_is_the_fallback() -> None:
    ev = [e for e in events(SELECTED_PORT, "flash") if e["kind"] == "upload_port_fallback"]
    assert ev and ev[0]["port"] == "COM11"
    assert serious(SELECTED_PORT) == []


def test_ide1_ports_wait_on_leonardo_is_not_boot001() -> None:
    assert first(LEONARDO_STALLED) != "BOOT001"
