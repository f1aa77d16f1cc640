"""Source-coverage audit, session 8, of esptool (v2.8, v3.3, v4.0-v4.11, v5.0-v5.3: esptool.py, esptool/__init__.py, loader.py,
cmds.py, util.py, bin_image.py), probe-rs (v0.20-v0.32: probe-rs/src error.rs, probe.rs, probe/*, flashing/error.rs,
architecture/arm, probe-rs-tools cli) and the Black Magic Probe (blackmagic v1.6.1-v2.0.0 src/command.c, src/target/*.c,
src/gdb_main.c, BMDA src/platforms/hosted/*.c, as gdb's console or BMDA shows them). Zephyr's `west flash` runners were not
audited (the zephyr snapshot is over the size limit). Lines are the sources' formats filled in."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import esptool, openocd, probe_rs
from textkit import events, first

ESP_NEW = [row for row in esptool.MESSAGES if "source audit s8" in row.src]
PRS_NEW = [row for row in probe_rs.MESSAGES if "source audit s8" in row.src]
BMP_NEW = [row for row in openocd.MESSAGES if "bmp audit s8" in row.src]


def test_the_new_rows_are_there() -> None:
    assert len(ESP_NEW) == 41  # (reviewfix3 s21: the download-mode note split off as its own kind) 33 from the audit, a session 10 row (espflash or boot log), two session 11 boot-log rows (micropython: "entry 0x...", ets_main), two session 12 ESP-IDF size-check lines (the "Part ... (overflow ...)" detail, the "free" summary), a session 16 one (the ESP-IDF bootloader's "Loaded app from partition at offset", FW001's all-clear) and a session 17 one (the ESP8266 boot_v1's "jump to run user1 @" / "2nd boot version", beside "backup boot failed") in the same group
    assert len(PRS_NEW) == 22
    assert len(BMP_NEW) == 14


@pytest.mark.parametrize("row", ESP_NEW + PRS_NEW + BMP_NEW, ids=lambda r: r.pattern[:40])
def test_every_new_row_matches_its_example(row: Any) -> None:
    table = (esptool.EsptoolParser.table if row in ESP_NEW else probe_rs.ProbeRsParser.table if row in PRS_NEW
             else openocd.OpenocdParser.table)
    assert row.example
    assert any(r is row for r, _ in table.match(row.example.strip(), all_matches=True))


# --- esptool ---------------------------------------------------------------------------------------------------------------

ESPTOOL = [
    ("/dev/ttyUSB0 failed to connect: No serial data received.", "esp_connect_failed", {"reason": "no_data", "port": "/dev/ttyUSB0"}),
    ("COM3 failed to connect: Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be in download mode.",
     "esp_connect_failed", {"reason": "boot_mode", "value": "0x13"}),
    ("A fatal error occurred: Could not connect to an Espressif device on any of the 3 available serial ports.", "esp_connect_failed",
     {"chip": "Espressif device"}),
    ("Wrong boot mode detected (0x13)! The chip needs to be in download mode.", "esp_connect_failed", {"reason": "boot_mode"}),
    ("Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down.", "esp_connect_failed",
     {"reason": "no_sync"}),
    ("A fatal error occurred: Unexpected CHIP magic value 0x0000000c. Failed to autodetect chip type.", "esp_unknown_chip", {}),
    ("A fatal error occurred: The chip stopped responding.", "esp_link_failed", {}),
    ("A fatal error occurred: No more data to read from the serial port. This can have many causes, for troubleshooting steps visit: "
     "https://docs.espressif.com/projects/esptool/en/latest/troubleshooting.html", "esp_link_failed", {}),
    ("A fatal error occurred: Timed out waiting for packet content", "esp_link_failed", {}),
    ("A fatal error occurred: Failed to start stub flasher. There was no response.", "esp_link_failed", {}),
    ("A fatal error occurred: Corrupt data, expected 0x1000 bytes but received 0xfe0 bytes", "esp_link_failed", {}),
    ("A fatal error occurred: Failed to set baud rate 921600. The driver may not support this rate.", "esp_baud_failed", {"baud": 921600}),
    ("A serial exception error occurred: Write timeout", "esp_serial_exception", {}),
    ("WARNING: Failed to communicate with the flash chip, read/write operations will fail. Try checking the chip connections or "
     "removing any other hardware connected to IOs.", "esp_flash_unverified", {}),
    ("A fatal error occurred: MD5 of file does not match data in flash!", "esp_verify_failed", {}),
    ("Verification failed (digest mismatch).", "esp_verify_failed", {}),
    ("A fatal error occurred: Write failed, the written flash region is empty.", "esp_write_failed", {}),
    ("A fatal error occurred: File build/app.bin (length 1310720) at offset 65536 will not fit in 1048576 bytes of flash. "
     "Use --flash_size argument, or change flashing address.", "esp_image_too_large", {"limit": 1048576}),
    ("A fatal error occurred: build/app.bin is not an ESP32-S3 image. Use --force to flash anyway.", "esp_image_wrong_chip", {"chip": "ESP32-S3"}),
    ("Warning: Unexpected chip ID in image. Expected ESP32-C3 but value was 0. Is this image for a different chip model?",
     "esp_image_wrong_chip", {"chip": "ESP32-C3"}),
    ("A fatal error occurred: This is not a valid image (invalid magic number: 0x7f).", "esp_image_invalid", {}),
    ("A fatal error occurred: Secure Boot detected, writing to flash regions < 0x8000 is disabled to protect the bootloader. Use --force "
     "to override, please use with caution, otherwise it may brick your device!", "esp_secure_refused", {}),
    ("A fatal error occurred: Active security features detected, erasing flash is disabled as a safety measure. Use --force to override, "
     "please use with caution, otherwise it may brick your device!", "esp_secure_refused", {}),
    ("A fatal error occurred: Specify the --chip argument (choose from esp8266, esp32, esp32s2).", "esp_usage", {}),
    ("Pyserial is not installed for /usr/bin/python3. Check the README for installation instructions.", "tool_missing", {"text": "Pyserial"}),
    ("esptool.py depends on pyserial, but there is a conflict with a currently installed package named 'serial'.", "tool_missing",
     {"text": "pyserial"}),
    ("A fatal error occurred: SPI command did not complete in time", "esp_fatal", {}),
    ("Note: If issues persist, try installing the WCH USB-to-Serial MacOS driver.", "esp_driver_hint", {}),
]


@pytest.mark.parametrize("line,kind,attrs", ESPTOOL, ids=[x[0][:50] for x in ESPTOOL])
def test_esptool_messages_become_their_events(line: str, kind: str, attrs: dict[str, Any]) -> None:
    evs = [e for e in events(line, "flash") if e["kind"] == kind]
    assert evs, [e["kind"] for e in events(line, "flash")]
    for key, value in attrs.items():
        assert evs[0].get(key) == value, (key, evs[0])


@pytest.mark.parametrize("line", [x[0] for x in ESPTOOL if x[1] not in ("esp_driver_hint",)], ids=lambda s: s[:50])
def test_an_esptool_failure_alone_is_never_silent(line: str) -> None:
    assert first(line) is not None


def test_a_fatal_error_about_the_port_stays_the_serial_tables() -> None:
    line = "A fatal error occurred: Could not open /dev/ttyUSB0, the port is busy or doesn't exist."
    assert not [e for e in events(line, "flash") if e["kind"] == "esp_fatal"]


def test_a_port_that_cannot_be_opened_in_the_port_scan_is_no_connect_failure() -> None:
    line = "/dev/ttyS0 failed to connect: Could not open /dev/ttyS0, the port doesn't exist"
    assert not [e for e in events(line, "flash") if e["kind"] == "esp_connect_failed"]


def test_the_auto_port_scan_failing_everywhere_is_no_download_mode() -> None:
    text = ("esptool.py v4.5.1\nFound 3 serial ports\nSerial port /dev/ttyUSB0\nConnecting......................................\n"
            "/dev/ttyUSB0 failed to connect: Failed to connect to Espressif device: No serial data received.\n"
            "A fatal error occurred: Could not connect to an Espressif device on any of the 1 available serial ports.\n")
    assert first(text) == "BOOT001"


def test_the_port_scan_summary_alone_names_no_cause() -> None:
    assert first("A fatal error occurred: Could not connect to an Espressif device on any of the 1 available serial ports.") == "GEN001"


def test_an_image_for_another_chip_is_the_wrong_firmware() -> None:
    assert first("A fatal error occurred: build/app.bin is not an ESP32-S3 image. Use --force to flash anyway.") == "FW002"


def test_an_image_larger_than_the_flash_is_the_size_fault() -> None:
    assert first("A fatal error occurred: File build/app.bin (length 1310720) at offset 65536 will not fit in 1048576 bytes of flash. "
                 "Use --flash_size argument, or change flashing address.") == "FW004"


def test_a_file_that_is_no_image_is_the_missing_or_stale_image() -> None:
    assert first("esptool.py v4.5.1\nA fatal error occurred: Invalid image magic number: 127\n") == "FW005"


def test_no_pyserial_is_the_missing_tool() -> None:
    assert first("Pyserial is not installed for /usr/bin/python3. Check the README for installation instructions.") == "TOOL001"


def test_the_chip_that_stopped_responding_is_quoted() -> None:
    assert first("A fatal error occurred: The chip stopped responding.") == "GEN001"


def test_a_healthy_esptool_5_run_gives_no_warning() -> None:
    text = ("esptool v5.1.0\nConnected to ESP32 on /dev/ttyUSB0:\nChip type:          ESP32-D0WD-V3 (revision v3.1)\n"
            "Uploading stub flasher...\nRunning stub flasher...\nStub flasher running.\nChanging baud rate to 460800...\n"
            "Configuring flash size...\nFlash will be erased from 0x00010000 to 0x000fffff...\n"
            "Wrote 1009296 bytes (633215 compressed) at 0x00010000 in 15.3 seconds (527.5 kbit/s).\n"
            "Hash of data verified.\nHard resetting via RTS pin...\n")
    assert first(text) is None


# --- probe-rs --------------------------------------------------------------------------------------------------------------

PROBE_RS = [
    ("Error: No debug probes available. Make sure your probe is plugged in, supported and up-to-date.", "adapter_open_failed"),
    ("Error: Probe with specified index not found", "adapter_open_failed"),
    ("    1: USB device could not be opened. Please check the permissions.", "usb_access_denied"),
    ("Error: Probe is already in use", "probe_busy"),
    ("    1: Firmware version is not supported.", "probe_firmware_old"),
    ("Error: Multiple probes were found -- please specify a probe with `--probe`", "probe_choice_needed"),
    ("    1: Timeout in USB communication.", "probe_usb_error"),
    ("Error: The requested speed setting (24000 kHz) is not supported by the probe", "probe_unsupported"),
    ("Error launching `probe-rs`: No such file or directory (os error 2)", "tool_missing"),
    ("Error: Failed to attach probe to target", "dp_connect_failed"),
    ("    1: Target device responded with a FAULT response to the request.", "dp_connect_failed"),
    ("    0: Failed to attach to core", "dp_connect_failed"),
    ("    2: JTAG TAP 0 scan chain is empty", "dp_connect_failed"),
    ("Error: An operation could not be performed because it lacked the permission to do so: erase_all", "flash_protected"),
    ("    0: The target could not be reset and halted.", "reset_failed"),
    ("    0: Failed to erase the whole chip.", "flash_erase_failed"),
    ("    1: The initialization of the flash algorithm failed.", "flash_algo_failed"),
    ("Error: Flash content verification failed.", "verify_failed"),
    ("Error: The connected chip could not automatically be determined.", "probe_usage"),
    ("Error: Failed to open the ELF file 'target/thumbv7em-none-eabihf/release/app' for flashing.", "image_missing"),
    ("Finished programming in 1.52s", "program_finished"),
]


@pytest.mark.parametrize("line,kind", PROBE_RS, ids=[x[0][:50] for x in PROBE_RS])
def test_probe_rs_messages_become_their_events(line: str, kind: str) -> None:
    text = "probe-rs download --chip STM32F103C8 target/app\n" + line + "\n"
    assert kind in [e["kind"] for e in events(text, "openocd")]


def test_probe_rs_without_an_image_is_the_missing_image() -> None:
    assert first("probe-rs download --chip nRF52840_xxAA app\n"
                 "Error: Failed to open the ELF file 'target/thumbv7em-none-eabihf/release/app' for flashing.\n") == "FW005"


def test_probe_rs_on_a_locked_nrf_is_the_protection() -> None:
    assert first("probe-rs download --chip nRF52840_xxAA app\n"
                 "Error: An operation could not be performed because it lacked the permission to do so: erase_all\n") == "SWD006"


def test_probe_rs_with_no_probe_is_no_probe() -> None:
    assert first("Error: No debug probes available. Make sure your probe is plugged in, supported and up-to-date.\n") == "SWD001"


def test_probe_rs_locked_core_notice_is_not_a_failure() -> None:
    assert first(" WARN probe_rs::vendor::nordicsemi::sequences::nrf53: Core is locked. Erase procedure will be started to unlock it.\n"
                 "Finished programming in 3.20s\n") is None


# --- Black Magic Probe -----------------------------------------------------------------------------------------------------

BMP = [
    ("SW-DP scan found no devices.", "dp_connect_failed"),
    ("SWD scan found no devices.", "dp_connect_failed"),
    ("adiv5: power-up failed", "dp_connect_failed"),
    ("Lost communications with target", "dp_connect_failed"),
    ("Timeout sending interrupt, is target in WFI?", "swd_wait"),
    ("Halt via DHCSR: Failure DHCSR 00030003 after 1000 ms Try again, evt. with longer timeout or connect under reset", "target_halt_timeout"),
    ("Reset seem to be stuck low!", "target_held_reset"),
    ("Attached in protected mode, please issue 'monitor erase_mass' to regain chip access", "flash_protected"),
    ("Target lost in stub", "flash_write_failed"),
    ("No debugger found. Please check access rights to USB devices!", "adapter_open_failed"),
    ("INFO: Open USB 1d50:6018 failed", "usb_access_denied"),
    ("BMP in bootloader mode found. Restart or reflash!", "probe_in_bootloader"),
]


@pytest.mark.parametrize("line,kind", BMP, ids=[x[0][:50] for x in BMP])
def test_bmp_messages_become_their_events(line: str, kind: str) -> None:
    text = "(gdb) monitor swdp_scan\nTarget voltage: 3.3V\n" + line + "\n"
    evs = [e for e in events(text, "openocd") if e["kind"] == kind]
    assert evs, [e["kind"] for e in events(text, "openocd")]


def test_bmp_halt_failure_is_connect_under_reset() -> None:
    assert first("(gdb) monitor swdp_scan\nTarget voltage: 3.3V\nHalt via DHCSR: Failure DHCSR 00030003 after 1000 ms Try again, "
                 "evt. with longer timeout or connect under reset\n") == "SWD004"


def test_bmp_in_protected_mode_is_the_protection() -> None:
    assert first("(gdb) monitor swdp_scan\nTarget voltage: 3.3V\n"
                 "Attached in protected mode, please issue 'monitor erase_mass' to regain chip access\n") == "SWD006"


def test_bmp_erase_success_gives_no_warning() -> None:
    assert first("(gdb) monitor erase_mass\nErasing flash... This may take a few seconds.\nErase successful!\n") is None


def test_a_port_held_elsewhere_in_the_port_scan_stays_the_held_port() -> None:
    line = "COM17 failed to connect: could not open port 'COM17': PermissionError(13, 'Access is denied.', None, 5)"
    assert not [e for e in events(line, "flash") if e["kind"] == "esp_connect_failed"]
