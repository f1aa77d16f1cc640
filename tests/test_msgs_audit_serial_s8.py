"""Source-coverage audit, session 8, of the serial-port and QMK tools: pyserial 2.7-3.5 (serialposix.py, serialwin32.py,
serialutil.py, tools/miniterm.py), QMK's CLI, flashers, doctor and make targets (lib/python/qmk/flashers.py, cli/flash.py,
cli/doctor/linux.py, builddefs/message.mk, platforms/avr/flash.mk) and QMK Toolbox 0.0.6-0.3.4 (Windows and macOS).
Lines are real pastes (tests/cases) where one exists, else the source's format filled in."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import qmk, serial_errors
from doctor.parsers._messages import TableParser
from textkit import events, findings, first, serious

SERIAL_NEW = [row for row in serial_errors.MESSAGES if "(s8 audit)" in row.src]
QMK_NEW = [row for row in qmk.MESSAGES if "s8 audit" in row.src or row.src.startswith((
    "qmk_firmware lib/python/qmk/flashers.py flasher()", "qmk_firmware lib/python/qmk/cli/doctor/linux.py",
    "qmk_firmware builddefs/message.mk (2021-2025", "qmk_toolbox windows 0.0.6-0.3.4"))]


def test_the_new_rows_are_there() -> None:
    assert len(SERIAL_NEW) == 13
    # 27 of s8, (vial-hid-kb s13) the -kb argument error in the flashers group, and (firmware-build s22) make's
    # "No rule to make target '<kb>:<km>'" in the message.mk group
    assert len(QMK_NEW) == 29


@pytest.mark.parametrize("row", SERIAL_NEW + QMK_NEW, ids=lambda r: r.pattern[:40])
def test_every_new_row_matches_its_example(row: Any) -> None:
    table = serial_errors.TABLE if row in SERIAL_NEW else qmk.QmkParser.table
    assert row.example
    assert any(r is row for r, _ in table.match(row.example.strip(), all_matches=True))


# --- pyserial: each new message parsed into the event it means -------------------------------------------------------------

PYSERIAL = [
    # macOS: ENXIO on open ("Device not configured"): the node is there, no device behind it
    ("serial.serialutil.SerialException: [Errno 6] could not open port /dev/cu.usbmodem14101: [Errno 6] Device not configured: "
     "'/dev/cu.usbmodem14101'", "serial_no_such_port", {"port": "/dev/cu.usbmodem14101", "errno": 6}),
    # a running port whose device left the bus
    ("serial.serialutil.SerialException: read failed: [Errno 6] Device not configured", "serial_io_error", {"errno": 6}),
    ("serial.serialutil.SerialException: write failed: [Errno 5] Input/output error", "serial_io_error", {"errno": 5}),
    ("serial.serialutil.SerialException: device reports error (poll)", "serial_io_error", {}),
    ("serial.serialutil.SerialException: ReadFile failed (PermissionError(13, 'Access is denied.', None, 5))", "serial_io_error", {}),
    ("serial.serialutil.SerialException: GetOverlappedResult failed (OSError(22, 'The device does not recognize the command.', None, 22))",
     "serial_io_error", {}),
    ("serial.serialutil.SerialTimeoutException: Write timeout", "serial_io_error", {}),
    # two readers of one port (2.7's EAGAIN on read)
    ("serial.serialutil.SerialException: read failed: [Errno 11] Resource temporarily unavailable", "serial_multiple_access", {"errno": 11}),
    # the port's settings refused
    ("serial.serialutil.SerialException: Could not configure port: (25, 'Inappropriate ioctl for device')", "serial_config_failed", {}),
    ("serial.serialutil.SerialException: Cannot configure port, something went wrong. Original message: OSError(22, 'The parameter is "
     "incorrect.', None, 87)", "serial_config_failed", {}),
    # a baud rate the OS or driver cannot set (real: tests/cases/klippy-openwrt-cr30-custom-baud-250000-not-a-tty)
    ("ValueError: Failed to set custom baud rate (250000): [Errno 25] Not a tty", "serial_baud_unsupported", {}),
    ("serial.serialutil.SerialException: sorry don't know how to handle non standard baud rate on this platform", "serial_baud_unsupported", {}),
    ("--- ERROR setting baudrate: Invalid baud rate: 250000 ---", "serial_baud_unsupported", {}),
    # the port used after its open failed
    ("serial.serialutil.PortNotOpenError: Attempting to use a port that is not open", "serial_open_failed", {}),
    # `python -m serial.tools.list_ports` with no serial port on the host
    ("no ports found", "serial_no_ports", {}),
]


@pytest.mark.parametrize(("line", "kind", "attrs"), PYSERIAL, ids=[p[0][:50] for p in PYSERIAL])
def test_pyserial_messages_become_their_events(line: str, kind: str, attrs: dict[str, Any]) -> None:
    result = serial_errors.classify(line)
    assert result is not None and result[0] == kind
    for key, value in attrs.items():
        assert result[1].get(key) == value
    evs = events(line, "serial")
    assert evs and evs[0]["kind"] == kind and evs[0].get("fail")


@pytest.mark.parametrize("line", [p[0] for p in PYSERIAL], ids=[p[0][:50] for p in PYSERIAL])
def test_a_pyserial_failure_alone_is_never_silent(line: str) -> None:
    assert serious(line), line


def test_eagain_on_read_is_two_programs_on_the_port() -> None:
    assert first("serial.serialutil.SerialException: read failed: [Errno 11] Resource temporarily unavailable") == "SER003"


def test_a_custom_baud_the_host_cannot_set_stays_unexplained() -> None:
    # no catalogue id for a host that cannot set the baud: GEN001 quotes it (klippy-openwrt-cr30 case's resolution)
    assert first("ValueError: Failed to set custom baud rate (250000): [Errno 25] Not a tty") == "GEN001"


def test_a_windows_handle_denied_mid_run_is_not_read_as_the_port_busy() -> None:
    # "Access is denied" on an open handle (ReadFile/WriteFile) means the device went away, not another program (SER003)
    ids = serious("serial.serialutil.SerialException: WriteFile failed (PermissionError(13, 'Access is denied.', None, 5))")
    assert ids and "SER003" not in ids


# --- QMK: CLI, flashers, doctor, make ----------------------------------------------------------------------------------------

QMK_LINES = [
    ("☒ Please make sure 'teensy_loader_cli' or 'hid_bootloader_cli' is available on your system.", "tool_missing"),
    ("☒ Please make sure 'wb32-dfu-updater_cli' is available on your system.", "tool_missing"),
    ("☒ Specifying the MCU with '-m' is necessary for ISP flashing!", "flash_usage_error"),
    ("☒ Known bootloader found but flashing not currently supported!", "flash_target_unsupported"),
    ("☒ Could not determine keymap!", "flash_usage_error"),
    ("⚠ Missing or outdated udev rules for 'stm32-dfu' boards. Run 'sudo cp /home/me/qmk_firmware/util/udev/50-qmk.rules /etc/udev/rules.d/'.",
     "udev_rules_missing"),
    ("⚠ Detected ModemManager without the necessary udev rules. Please either disable it or set the appropriate udev rules if you are using a Pro Micro.",
     "modemmanager_detected"),
    (" * The firmware is too small! 0/28672", "build_error"),
    ("WARNING: Target folder is not a git repo, you probably downloaded a zip file instead of cloning.", "submodules_dirty"),
    # QMK Toolbox (the disconnected line is real: tests/cases/qmk-toolbox-lagrange-pro-micro-flash-complete-without-avrdude-output)
    ("Caterina device disconnected (usbser): Microsoft USB Serial Device (COM13) (2341:0037:0001) [COM13]", "device_disconnected"),
    ("*** DFU device connected: ATm32U4DFU -- 0x03EB:0x2FF4", "bootloader_connected"),
    ("*** There are no devices available", "bootloader_not_found"),
    ("*** No \"atmega32u4\" DFU device connected", "bootloader_not_found"),
    ("*** File is too large for device", "image_too_large"),
    ("IO Error: The file \"FLASH.BIN\" couldn't be saved in the folder \"KEYBOARD\".", "toolbox_error"),
    ("Could not find mount path for device!", "toolbox_error"),
]


@pytest.mark.parametrize(("line", "kind"), QMK_LINES, ids=[q[0][:50] for q in QMK_LINES])
def test_qmk_messages_become_their_events(line: str, kind: str) -> None:
    assert kind in [e["kind"] for e in events(line, "flash")]


def test_old_toolbox_device_line_gives_the_ids() -> None:
    ev = [e for e in events("*** DFU device connected: ATm32U4DFU -- 0x03EB:0x2FF4", "flash") if e["kind"] == "bootloader_connected"]
    assert ev and ev[0]["vid"] == "03eb" and ev[0]["pid"] == "2ff4"


@pytest.mark.parametrize("line", [
    "☒ Known bootloader found but flashing not currently supported!",
    "☒ Specifying the MCU with '-m' is necessary for HalfKay/HID bootloaders!",
    "*** There are no devices available",
    " * The firmware is too small! 0/28672",
    "Could not find mount path for device!",
])
def test_a_qmk_failure_alone_is_never_silent(line: str) -> None:
    assert serious(line), line


@pytest.mark.parametrize("text", [
    "Compiling: keyboards/crkbd/keymaps/waples/keymap.c                                                [WARNINGS]",
    "⚠ Can't find udev rules, skipping udev rule checking...\nΨ Detected Linux.",
    "Attempting to clear EEPROM, please don't remove device\nEEPROM clear complete",
    "Caterina device disconnected (usbser): Microsoft USB Serial Device (COM13) (2341:0037:0001) [COM13]",
])
def test_normal_qmk_lines_give_no_warning(text: str) -> None:
    assert not serious(text)


def test_a_missing_flasher_is_the_missing_tool() -> None:
    assert first("☒ Please make sure 'teensy_loader_cli' or 'hid_bootloader_cli' is available on your system.") == "TOOL001"


# --- rules: qmk doctor's udev and ModemManager warnings ----------------------------------------------------------------------

UDEV_THEN_NOT_FOUND = """⚠ Missing or outdated udev rules for 'atmel-dfu' boards. Run 'sudo cp /home/me/qmk_firmware/util/udev/50-qmk.rules /etc/udev/rules.d/'.

Making planck/rev4 with keymap default and target dfu
Bootloader not found. Make sure the board is in bootloader mode. See https://docs.qmk.fm/#/newbs_flashing
 Trying again every 0.5s (Ctrl+C to cancel)..........."""


def test_missing_udev_rules_and_no_bootloader_found_is_the_udev_rule() -> None:
    found = findings(UDEV_THEN_NOT_FOUND)
    assert found and found[0].id == "USB004"
    assert found[0].message.startswith("qmk doctor reports no udev rule for atmel-dfu bootloaders")


def test_missing_udev_rules_alone_is_no_diagnosis() -> None:
    assert "USB004" not in serious(UDEV_THEN_NOT_FOUND.splitlines()[0])


def test_missing_caterina_rules_do_not_fire_the_qmk_udev_rule() -> None:
    # Caterina is a serial port (no raw USB access): the rule is for the raw-USB bootloader families only
    text = UDEV_THEN_NOT_FOUND.replace("'atmel-dfu'", "'caterina'")
    assert not [f for f in findings(text) if "qmk doctor reports no udev rule" in f.message]
    assert [f for f in findings(UDEV_THEN_NOT_FOUND) if "qmk doctor reports no udev rule" in f.message]


MM_ALONE = "⚠ Detected ModemManager without the necessary udev rules. Please either disable it or set the appropriate udev rules if you are using a Pro Micro."


def test_modemmanager_without_rules_alone_is_a_warning() -> None:
    found = [f for f in findings(MM_ALONE) if f.severity in ("error", "warning")]
    assert found and found[0].id == "SER002" and found[0].severity == "warning"


def test_modemmanager_without_rules_and_a_failed_avrdude_upload_is_ser002() -> None:
    text = MM_ALONE + """

Connecting to programmer: .
Found programmer: Id = "CATERIN"; type = S
    Software Version = 1.0; No Hardware Version given.
Programmer supports auto addr increment.
Programmer supports buffered memory access with buffersize=128 bytes.

Programmer supports the following devices:
    Device code: 0x44

avrdude: butterfly_recv(): programmer is not responding
avrdude: error: programmer did not respond to command: leave prog mode"""
    found = findings(text)
    assert found and found[0].id == "SER002" and found[0].severity == "error"


# --- lines of real pastes (tests/cases) that no row knew ------------------------------------------------------------------

def test_bare_toolbox_disconnected_line() -> None:
    # tests/cases/qmk-toolbox-macos-caterina-bluetooth-incoming-port-butterfly (macOS Toolbox 0.0.x)
    ev = [e for e in events("*** Caterina device disconnected", "flash") if e["kind"] == "device_disconnected"]
    assert ev and ev[0]["bootloader"] == "Caterina"


def test_a_schema_refusal_of_info_json_is_a_failed_build() -> None:
    # tests/cases/vial-qmk-corne-mini-info-json-serial-usart-invalid
    line = "☒       split.transport.protocol: 'serial_usart' is not one of ['custom', 'i2c', 'serial']"
    assert "build_error" in [e["kind"] for e in events(line, "flash")]
    assert first(line) == "FW005"


def test_a_bare_usb_serial_driver_line_is_the_kernels() -> None:
    from textkit import facts

    evs = (facts("ch34x 3-4.2:1.0: device disconnected").get("kernel") or {}).get("events", [])
    assert [e["kind"] for e in evs] == ["tty_detached"] and evs[0]["port"] == "3-4.2"
    assert not serious("ch341 1-2:1.0: device disconnected")


def test_old_toolbox_no_device_is_a_bootloader_never_entered() -> None:
    assert first("*** QMK Toolbox (http://qmk.fm/toolbox)\n*** There are no devices available") == "BOOT001"


def test_old_toolbox_file_too_large_is_the_image_not_fitting() -> None:
    assert first("*** File is too large for device") == "FW004"
