"""Long-tail flashers (longtail s6c): esptool / espflash / esptool-ck connect failures, Massdrop's mdloader, NXP's blhost,
and two more serial-lock wordings (OpenZWave, node serialport). Real lines in several versions' wordings become the
events the knowledge reads, and the knowledge names the cause the resolved threads found."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def events(text: str, ns: str = "flash") -> list[dict[str, Any]]:
    return [e for run in facts(text).get(ns, {}).get("runs", []) for e in run["events"]]


def ids(text: str) -> list[str]:
    from doctor import engine
    return [f.id for f in engine.evaluate(facts(text))]


@pytest.mark.parametrize("line, reason, value", [
    ("A fatal error occurred: Failed to connect to ESP32: No serial data received.", "no_data", None),                # 3.x-4.x
    ("A fatal error occurred: Failed to connect to Espressif device: No serial data received.", "no_data", None),
    ("esptool.FatalError: Failed to connect to ESP8266: Timed out waiting for packet header", "no_data", None),       # 2.x traceback
    ("esptool.util.FatalError: Failed to connect to ESP32-S2: No serial data received.", "no_data", None),            # 4.x wrapper
    ("A fatal error occurred: Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in download mode.", "boot_mode", "0x13"),
    ("A fatal error occurred: Failed to connect to ESP32-C3: Wrong boot mode detected (0x1)! The chip needs to be in download mode.", "boot_mode", "0x01"),
    ("A fatal error occurred: Failed to connect to Espressif device: Invalid head of packet (0x4F): Possible serial noise or corruption.", "invalid_head", "0x4F"),
    ("A fatal error occurred: Failed to connect to ESP8266: Invalid head of packet (b'\\r')", "invalid_head", "0x0D"),
    ("A fatal error occurred: Failed to connect to ESP32: Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down.", "no_sync", None),
    ("Error: espflash::connection_failed", "no_data", None),
    ("warning: espcomm_sync failed", "no_data", None),
])
def test_esptool_connect_failures_carry_their_reason(line: str, reason: str, value: str | None) -> None:
    ev = [e for e in events(line) if e["kind"] == "esp_connect_failed"]
    assert ev and ev[0]["reason"] == reason and ev[0]["fail"]
    assert ev[0].get("value") == value


def test_invalid_head_byte_printable_or_not() -> None:
    text = events("A fatal error occurred: Failed to connect to ESP32: Invalid head of packet (0x4F): Possible serial noise or corruption.")
    assert text[0]["printable"] is True
    noise = events("A fatal error occurred: Failed to connect to ESP32: Invalid head of packet (0xE0): Possible serial noise or corruption.")
    assert noise[0]["printable"] is False


def test_healthy_esptool_upload_is_a_success() -> None:
    text = """esptool.py v2.8
Serial port COM3
Connecting....
Chip is ESP8266EX
Compressed 320400 bytes to 231688...
Wrote 320400 bytes (231688 compressed) at 0x00000000 in 5.7 seconds (effective 448.1 kbit/s)...
Hash of data verified.

Leaving...
Hard resetting via RTS pin...
"""
    runs = facts(text)["flash"]["runs"]
    assert runs[0]["tool"] == "esptool" and runs[0]["success"] is True
    assert not [e for e in runs[0]["events"] if e.get("fail")]


def test_esptool_ck_port_open_failure() -> None:
    ev = events("error: Failed to open COM1\nerror: espcomm_open failed\nerror: espcomm_open failed")
    # (s17) the kindless `espcomm_open failed` rows are failed lines too (failure_message), not another cause
    assert [e["kind"] for e in ev if e["kind"] != "failure_message"] == ["esp_port_open_failed"] and ev[0]["port"] == "COM1"


def test_traceback_source_line_is_not_the_failure() -> None:
    text = """    raise FatalError('Failed to connect to %s: %s' % (self.CHIP_NAME, last_error))
esptool.FatalError: Failed to connect to ESP8266: Timed out waiting for packet header
esptool.FatalError: Failed to connect to ESP8266: Timed out waiting for packet header"""
    ev = [e for e in events(text) if e["kind"] == "esp_connect_failed"]
    assert len(ev) == 1 and ev[0]["chip"] == "ESP8266"


@pytest.mark.parametrize("text, host, sudo", [
    ("❯ ./mdloader_mac -l\nMassdrop Loader 1.05\n\nBootloader port listing\n-----------------------------\nNo devices found!", "mac", None),
    ("$ sudo mdloader_linux -l\nMassdrop Loader 1.03\n\nBootloader port listing\nNo devices found!", "linux", True),
    ("mdloader_windows.exe --first --download a.bin --restart\nMassdrop Loader 1.04\nScanning for device for 60 seconds\nError: Could not find a valid device port!", "windows", None),
])
def test_mdloader_no_device_knows_its_host(text: str, host: str, sudo: bool | None) -> None:
    ev = [e for e in events(text) if e["kind"] == "md_no_device"]
    assert ev and ev[0]["host"] == host and ev[0].get("sudo") == sudo


def test_mdloader_found_device() -> None:
    ev = events("Bootloader port listing\n-----------------------------\nDevice port: /dev/cu.usbmodem1433201 (SAMD51J18A)")
    assert [e["kind"] for e in ev] == ["md_device_found"]


def test_blhost_usb_ids_reach_the_timeout() -> None:
    text = """sudo ./blhost --u 0x1FC9,0x0135 -- get-property 1
Inject command 'get-property'
usb hid write, time left = 5000
sendCommandGetResponse.readPacket error 5.
Response status = 10004 (0x2714) No response packet from target device."""
    ev = [e for e in events(text) if e["kind"] == "blhost_no_response"]
    assert ev and (ev[0]["vid"], ev[0]["pid"]) == ("1fc9", "0135")


def test_blhost_uart_ping_failure() -> None:
    ev = events("Desktop>blhost -p COM4 -- get-property 1\nError: Initial ping failure: No response received for ping command.")
    assert [e["kind"] for e in ev] == ["blhost_no_response"] and "vid" not in ev[0]


@pytest.mark.parametrize("line", [
    "ERROR: Cannot get exclusive lock for serial port /dev/ttyUSB0. Error code 11",
    "Error: Error Resource temporarily unavailable Cannot lock port",
])
def test_other_libraries_lock_refusals(line: str) -> None:
    ev = events(line, "serial")
    assert ev and ev[0]["kind"] == "serial_port_locked"


@pytest.mark.parametrize("text, first", [
    ("A fatal error occurred: Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in download mode.", "BOOT001"),
    ("A fatal error occurred: Failed to connect to ESP32: No serial data received.", "BOOT001"),
    ("A fatal error occurred: Failed to connect to Espressif device: Invalid head of packet (0x4F): Possible serial noise or corruption.", "BOOT001"),
    ("A fatal error occurred: Failed to connect to ESP32: Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down.", "SER006"),
    ("error: Failed to open COM1\nerror: espcomm_open failed", "SER005"),
    ("$ mdloader_linux -l\nMassdrop Loader 1.03\nBootloader port listing\nNo devices found!", "SER004"),
    ("$ sudo mdloader_linux -l\nMassdrop Loader 1.03\nBootloader port listing\nNo devices found!", "BOOT001"),
    ("sudo ./blhost --u 0x1FC9,0x0135 -- get-property 1\nResponse status = 10004 (0x2714) No response packet from target device.", "BOOT006"),
    ("blhost -p COM4 -- get-property 1\nError: Initial ping failure: No response received for ping command.", "BOOT001"),
    ("ERROR: Cannot get exclusive lock for serial port /dev/ttyUSB0. Error code 11", "SER003"),
])
def test_the_resolved_cause_comes_first(text: str, first: str) -> None:
    got = ids(text)
    assert got and got[0] == first, got


def test_wrong_chip_is_not_silent() -> None:
    got = ids("A fatal error occurred: This chip is ESP32-S3 not ESP32. Wrong --chip argument?")
    assert got, "a failure must never be silent"
