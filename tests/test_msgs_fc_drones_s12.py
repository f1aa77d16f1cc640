"""fc-drones round, session 12: flight controllers, radios and receivers (ArduPilot/PX4 uploaders, QGroundControl,
ExpressLRS, OpenTX/EdgeTX Companion's dfu-util), read from the tools' sources and checked on real pastes.

- Qt QSerialPort's "Permission error while locking the device" (qserialport_unix.cpp: QLockFile::tryLock failed), as
  QGroundControl prints it: another program, often QGC's own auto-connect link, holds the port (SER003);
- dfu-util 0.5-0.7's "No valid DFU suffix signature" / "Warning: File has no DFU suffix" after a successful download:
  harmless, like the later "Invalid DFU suffix signature";
- the ExpressLRS flasher's "Wrong target selected" where one target name holds all of the other's words (a target split
  into variants: MATEK_2400_RX -> MATEK_2400_RX_R24D): the flasher's name check, not another board (GEN001);
- uploader.py / px_uploader.py knocking on a hardware UART with no bootloader answering: the bootloader does not serve
  that UART (BOOT001); the same loop over USB stays GEN001.
"""

from __future__ import annotations

import pytest

from textkit import events, first, serious


@pytest.mark.parametrize("line", [
    "Error on link Test1. Error connecting: Could not create port. Permission error while locking the device",
    '"Link Error" "Error on link /dev/cu.usbmodem1. Error connecting: Could not create port. Permission error while locking the device"',
    "Error on link Serial Device on ttyUSB0. Error connecting: Could not create port. Permission error while locking the device",
])
def test_qt_lock_failure_is_a_held_port(line: str) -> None:
    assert [e["kind"] for e in events(line, "serial")] == ["serial_port_locked"]
    assert first(line) == "SER003"


def test_qt_lock_failure_keeps_the_port() -> None:
    line = '"Link Error" "Error on link /dev/cu.usbmodem1. Error connecting: Could not create port. Permission error while locking the device"'
    assert [e.get("port") for e in events(line, "serial")] == ["/dev/cu.usbmodem1"]


def test_dfu_util_07_no_suffix_after_success_is_healthy() -> None:
    text = ("Device returned transfer size 2048\n"
            'DfuSe interface name: "Internal Flash  "\n'
            "Downloading to address = 0x08000000, size = 369216\n"
            "....................\n"
            "File downloaded successfully\n"
            "No valid DFU suffix signature\n"
            "Warning: File has no DFU suffix\n")
    assert serious(text) == []
    assert {e["kind"] for e in events(text, "dfu")} >= {"invalid_suffix", "download_complete"}


@pytest.mark.parametrize("name,target,expected", [
    ("MATEK_2400_RX", "MATEK_2400_RX_R24D", "GEN001"),        # ExpressLRS-Configurator #385: a variant split off
    ("BETAFPV_2400_RX", "BETAFPV_NANO_2400_RX", "GEN001"),    # ExpressLRS #1512 / Configurator PR #308
    ("HAPPYMODEL_PP_2400_RX", "happymodel.rx_2400.pp", "GEN001"),  # the same words (ExpressLRS #2191)
    ("BETAFPV_2400_RX", "DIY_2400_RX_ESP8285_SX1280", "FW002"),    # other words: another receiver's image
])
def test_elrs_target_names(name: str, target: str, expected: str) -> None:
    line = f"Wrong target selected your RX is '{name}', trying to flash '{target}'"
    assert first(line) == expected


_UART_LOOP = """./uploader.py --port {port} --baud-flightstack 921600 ardurover.apj
Loaded firmware for 8c,0, size: 1441796 bytes, waiting for the bootloader...
If the board does not respond within 1-2 seconds, unplug and re-plug the USB connector.
Attempting reboot on {port} with baudrate=921600...
If the board does not respond, unplug and re-plug the USB connector.
Attempting reboot on {port} with baudrate=921600...
If the board does not respond, unplug and re-plug the USB connector.
Attempting reboot on {port} with baudrate=921600...
If the board does not respond, unplug and re-plug the USB connector.
"""


@pytest.mark.parametrize("port,expected", [
    ("/dev/ttyTHS0", "BOOT001"),   # ArduPilot #17051: a Jetson's UART to TELEM: the bootloader does not serve it
    ("/dev/ttyAMA0", "BOOT001"),
    ("/dev/ttyUSB0", "BOOT001"),   # an FTDI adapter on a TELEM port
    ("/dev/ttyACM0", "GEN001"),    # over USB the loop has other causes (companion PR #398: an old px_uploader)
    ("/dev/serial/by-id/usb-ArduPilot_CubeOrange_1F0033001851303039333833-if00", "GEN001"),
])
def test_uploader_loop_on_a_uart(port: str, expected: str) -> None:
    text = _UART_LOOP.format(port=port)
    assert first(text) == expected
    caught = [e for e in events(text, "flash", "px4-uploader") if e["kind"] == "bootloader_not_caught"]
    assert caught and caught[0].get("port") == port
