"""Source-coverage audit, session 8, of the upload wrappers: arduino-cli 0.13.0-1.5.1 (commands/upload, service_upload.go,
arduino/serialutils, cmderrors, discovery, monitor), Arduino IDE 2.0-2.3 (arduino-ide-extension notifications) and
PlatformIO core 3.6-6.1 (builder/tools/pioupload.py, device/finder.py, package and platform exceptions). Lines are real
pastes (tests/cases, held-out threads) where one exists, else the source's format filled in."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import arduino, platformio
from textkit import events, first, serious

ARDUINO_NEW = [row for row in arduino.MESSAGES if "source audit s8" in row.src or "(wrappers audit s8)" in row.src
               or row.src.startswith(("Arduino IDE 2.3 monitor-service.ts", "Arduino IDE 2.0-2.3 burn-bootloader.ts"))]
PIO_NEW = [row for row in platformio.MESSAGES if "source audit s8" in row.src
           or row.src == "PlatformIO core 3.x-6.x builder/tools/pioupload.py (uf2/mbed disk copy)"]


def test_the_new_rows_are_there() -> None:
    assert len(ARDUINO_NEW) == 22  # intl-forums s19: the translated "Couldn't find a Board" row
    assert len(PIO_NEW) == 13  # 12 from the audit, and session 10's image_size_ok row in the same group


@pytest.mark.parametrize("row", ARDUINO_NEW + PIO_NEW, ids=lambda r: r.pattern[:40])
def test_every_new_row_matches_its_example(row: Any) -> None:
    table = arduino.ArduinoParser.table if row in ARDUINO_NEW else platformio.PlatformioParser.table
    assert row.example
    assert any(r is row for r, _ in table.match(row.example.strip(), all_matches=True))


ARDUINO_LINES = [
    # arduino-cli 0.13-0.17: the touch as a logrus line, then no bootloader port
    ('time="2020-10-01T10:00:00+02:00" level=info msg="Touching port /dev/ttyACM0 at 1200bps"', "touch_1200", {"port": "/dev/ttyACM0"}),
    ("No new serial port detected.", "upload_port_fallback", {}),
    # a real paste (tests/cases/arduino-cli-touch-1200bps-serial-port-busy-macos-usbmodem)
    ("TOUCH: error during reset: opening port at 1200bps: Serial port busy", "touch_failed", {}),
    ("Failed uploading: Cannot perform port reset: 1200-bps touch: opening port at 1200bps: Permission denied", "touch_failed", {}),
    ("New upload port: /dev/ttyACM1 (serial)", "upload_port", {"device": "/dev/ttyACM1"}),
    ("Error during Upload: Please specify an FQBN. The board on port /dev/ttyUSB0 with protocol serial can't be identified",
     "board_unidentified", {}),
    ("Error during Upload: no supported board found at /dev/ttyUSB0", "board_unidentified", {}),
    ("Error during Upload: Compiled sketch not found in /tmp/build", "image_missing", {}),
    ("Failed uploading: Missing required upload field: password", "upload_field_missing", {}),
    ("Error during Upload: cannot get upload tool: undefined 'upload.tool' property", "platform_property_missing", {"property": "upload.tool"}),
    ("Error during Upload: invalid 'upload.tool' property: bad", "platform_property_missing", {"property": "upload.tool"}),
    ("Error during Upload: cannot get programmer tool: undefined 'bootloader.tool' in boards.txt", "platform_property_missing",
     {"property": "bootloader.tool"}),
    ("Error during Upload: no programmer specified for burning bootloader", "programmer_required", {}),
    ("Failed to burn bootloader: Missing programmer", "programmer_required", {}),
    ("Failed programming: Programmer 'usbasp2' not found", "programmer_unknown", {"programmer": "usbasp2"}),
    ("Error starting discovery: starting discovery builtin:serial-discovery: exec format error", "discovery_failed", {}),
    ("Error detecting boards: timeout waiting for message", "discovery_failed", {}),
    ("Failed uploading: Missing port address", "no_upload_port", {}),
    ("Error during Upload: Platform 'esp32:esp32' not found: platform not installed", "core_missing", {}),
    ("Warning: tool 'arduino:avrdude@6.3.0-arduino17' is not installed. It might not be available for your OS.", "tool_missing",
     {"name": "arduino:avrdude@6.3.0-arduino17"}),
    # Arduino IDE 2.x
    ("No ports selected for board: 'Arduino Uno'.", "no_upload_port", {}),
    ("Select both a Board and a Port if you want to upload a sketch.", "no_upload_port", {}),
    # a real paste (held-out MightyCore burn bootloader thread)
    ("Error while burning the bootloader: Error: 2 UNKNOWN: chip erase error: uploading error: exit status 1", "upload_failed",
     {"mode": "burn-bootloader"}),
    ("Done uploading.", "upload_succeeded", {}),
    ("The platform for the selected 'Arduino Nano ESP32' board is not installed.", "core_missing", {}),
    # a real paste (tests/cases/arduino-pico-2476-pico2-uf2-upload-ok-no-monitor-uf2conv), both halves
    ("No monitor available for the port protocol uf2conv. Could not connect to UF2_Board uf2conv port", "monitor_failed", {}),
    ("Could not connect to UF2_Board uf2conv port", "monitor_failed", {}),
    ("Not connected to COM5 serial port.", "monitor_failed", {}),
]


@pytest.mark.parametrize("line,kind,attrs", ARDUINO_LINES, ids=lambda v: v[:50] if isinstance(v, str) else None)
def test_arduino_messages_become_their_events(line: str, kind: str, attrs: dict[str, Any]) -> None:
    evs = [e for e in events(line + "\n", "flash", "arduino") if e["kind"] == kind]
    assert evs, (line, events(line + "\n", "flash"))
    for key, value in attrs.items():
        assert evs[0].get(key) == value, (key, evs[0])


PIO_LINES = [
    ("TimeoutError: Could not automatically find serial port for the `esp32dev` board based on the declared HWIDs=['10C4:EA60']",
     "no_upload_port", {}),
    ("TimeoutError: Could not automatically find serial port based on the known UART bridges", "no_upload_port", {}),
    ("Error: Port is not given", "no_upload_port", {"via": "monitor"}),
    ("Firmware has been successfully uploaded.", "upload_succeeded", {}),
    ("Warning! The data size (2300 bytes) is greater than maximum allowed (2048 bytes)", "data_too_large", {"size": 2300, "limit": 2048}),
    ("Error: Could not install 'tool-avrdude' with version requirements '~1.60300.0' for your system 'linux_armv6l'.", "tool_missing",
     {"name": "tool-avrdude"}),
    ("Error: Could not find a version that satisfies the requirement 'tool-openocd' for your system 'linux_aarch64'", "tool_missing",
     {"name": "tool-openocd"}),
    ("========================= 1 failed, 0 succeeded in 00:00:02.331 =========================", "run_failed", {}),
    ("========================= 1 succeeded in 00:00:05.162 =========================", "upload_succeeded", {}),
    ("Error: Unknown development platform 'ststm32x'", "package_failed", {}),
    ("Error: Detected unknown package 'framework-foo'", "package_failed", {}),
    ("Error: You are not connected to the Internet. PlatformIO needs the Internet connection to download dependent packages or to work "
     "with PIO Account.", "package_failed", {"reason": "offline"}),
]


@pytest.mark.parametrize("line,kind,attrs", PIO_LINES, ids=lambda v: v[:50] if isinstance(v, str) else None)
def test_platformio_messages_become_their_events(line: str, kind: str, attrs: dict[str, Any]) -> None:
    evs = [e for e in events(line + "\n", "flash", "platformio") if e["kind"] == kind]
    assert evs, (line, events(line + "\n", "flash"))
    for key, value in attrs.items():
        assert evs[0].get(key) == value, (key, evs[0])


FAILURES = [line for line, kind, _ in ARDUINO_LINES + PIO_LINES if kind not in ("touch_1200", "upload_port_fallback", "upload_port",
                                                                                  "upload_succeeded", "data_too_large")]


@pytest.mark.parametrize("line", FAILURES, ids=lambda v: v[:50])
def test_a_wrapper_failure_alone_is_never_silent(line: str) -> None:
    assert serious(line), line


@pytest.mark.parametrize("line", ["Done uploading.", "Firmware has been successfully uploaded.", "New upload port: /dev/ttyACM1 (serial)",
                                  'level=info msg="Touching port /dev/ttyACM0 at 1200bps"'])
def test_progress_lines_give_no_warning(line: str) -> None:
    assert not serious(line)


def test_the_environment_table_of_a_failed_run_is_read() -> None:
    text = ("Environment    Status    Duration\n-------------  --------  ------------\nuno           FAILED    00:00:02.331\n"
            "========================= 1 failed, 0 succeeded in 00:00:02.331 =========================\n")
    assert [e["kind"] for e in events(text, "flash", "platformio")] == ["run_failed", "run_failed"]
    assert serious(text)


def test_the_touch_failing_on_a_busy_port_is_the_port_held() -> None:
    # serialutils' touch error names why the port would not open: the shared serial reading gives the port-in-use fault
    assert first("TOUCH: error during reset: opening port at 1200bps: Serial port busy") == "SER003"


def test_no_port_found_by_platformio_6_is_the_board_not_on_the_bus() -> None:
    assert first("TimeoutError: Could not automatically find serial port based on the known UART bridges") == "USB001"


def test_no_port_selected_in_the_ide_is_the_board_not_on_the_bus() -> None:
    assert first("No ports selected for board: 'Arduino Uno'.") == "USB001"
    assert first("Failed uploading: Missing port address") == "USB001"


def test_an_uploader_missing_for_this_os_is_the_missing_tool() -> None:
    assert first("Warning: tool 'arduino:avrdude@6.3.0-arduino17' is not installed. It might not be available for your OS.") == "TOOL001"
    assert first("Error: Could not install 'tool-avrdude' with version requirements '~1.60300.0' for your system 'linux_armv6l'.") == "TOOL001"


def test_the_old_cli_falling_back_after_the_touch_with_avrdude_lost_is_the_missed_window() -> None:
    text = ('time="2020-10-01T10:00:00+02:00" level=info msg="Touching port /dev/ttyACM0 at 1200bps"\n'
            "No new serial port detected.\n"
            "avrdude: ser_open(): can't open device \"/dev/ttyACM0\": No such file or directory\n")
    assert first(text) == "BOOT008"


def test_upload_without_a_built_sketch_is_the_missing_build() -> None:
    assert first("Error during Upload: compiled sketch not found in /tmp/arduino-build-1234") == "FW005"
    assert first("Error during Upload: binary file not found in /home/u/Blink/build") == "FW005"


def test_a_missing_serial_discovery_tool_is_the_missing_tool() -> None:
    assert first("Error detecting boards: missing serial-discovery tool") == "TOOL001"
    # another discovery failure names no missing tool: quoted, not TOOL001
    assert first("Error starting discovery: starting discovery builtin:serial-discovery: exec format error") != "TOOL001"
