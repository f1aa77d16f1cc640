"""The `misc` area's message tables (bossac, stm32flash, teensy_loader_cli, ZSA Wally, the shells' "tool missing"
wordings): real lines in several versions', platforms' and languages' wordings become the events the knowledge
reads, and the entries they feed name the cause."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import bossac, shell, stm32flash, teensy, wally, windows_usb
from doctor.parsers._messages import TableParser
from textkit import events, facts, findings, first

PARSERS: list[type[TableParser]] = [bossac.BossacParser, shell.ShellParser, stm32flash.Stm32flashParser, teensy.TeensyParser,
                                    wally.WallyParser, windows_usb.WindowsUsbParser]
ROWS = [(cls, row) for cls in PARSERS for row in cls.messages]


@pytest.mark.parametrize(("cls", "row"), [r for r in ROWS if r[1].example], ids=lambda x: getattr(x, "name", None) or x.pattern[:40])
def test_every_row_matches_its_example(cls: type[TableParser], row: Any) -> None:
    assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True))


# --- TOOL001: the tool itself is not there, in every shell, launcher and language -------------------------------------

@pytest.mark.parametrize(("line", "name"), [
    ("/bin/sh: stm32flash: command not found", "stm32flash"),                   # macOS make recipe (bash as sh)
    ("/bin/bash: line 1: teensy_loader_cli: command not found", "teensy_loader_cli"),  # bash 5.1+
    ("bash: ./bossac: No such file or directory", "bossac"),                     # a path that is not there
    ("zsh: no such file or directory: ./teensy_loader_cli", "teensy_loader_cli"),
    ("make: stm32flash: No such file or directory", "stm32flash"),               # GNU make without a shell
    ('Der Befehl "avrdude" ist entweder falsch geschrieben oder', "avrdude"),    # cmd.exe, German
    ("'dfu-util' n'est pas reconnu en tant que commande interne", "dfu-util"),  # cmd.exe, French
    ("'bossac' no se reconoce como un comando interno o externo,", "bossac"),   # cmd.exe, Spanish
    ('Die Benennung "dfu-util" wurde nicht als Name eines Cmdlet, einer Funktion, einer Skriptdatei oder eines ausführbaren Programms erkannt.', "dfu-util"),
    ("fork/exec /home/u/.arduino15/packages/arduino/tools/bossac/1.7.0/bossac: no such file or directory", "bossac"),
    ('exec: "/home/u/tools/bossac": stat /home/u/tools/bossac: no such file or directory', "bossac"),
    ('java.io.IOException: Cannot run program "avrdude" (in directory "/Users/r/Documents/sloeber-   ', "avrdude"),
    ("AttributeError: module 'serial' has no attribute 'Serial'", "pyserial"),   # the unrelated `serial` package shadows pyserial
])
def test_tool_missing_in_every_wording(line: str, name: str) -> None:
    # the shell's row, or the tool's own row where the tool's parser knows its name
    ev = [e for ns in ("shell", "flash") for e in events(line, ns) if e["kind"] == "tool_missing"]
    assert ev and ev[0].get("name", name) == name and ev[0]["fail"]
    assert first(line) == "TOOL001"


@pytest.mark.parametrize("line", [
    "bash: /dev/ttyACM0: No such file or directory",   # a missing port, not a missing tool
    "make: *** [src/stm32/Makefile:111: serialflash] Error 1",
])
def test_a_missing_port_or_a_make_error_is_not_a_missing_tool(line: str) -> None:
    assert not [e for e in events(line, "shell") if e["kind"] == "tool_missing"]


def test_the_arduino_wrappers_fork_exec_line_is_a_missing_tool() -> None:
    text = '''"{runtime.tools.bossac-1.9.1-arduino2.path}/bossac" -d --port=ttyACM0 -U -i -e -w "/h/f.bin" --offset 0x0000 -R
Failed to burn bootloader: cannot execute upload tool: fork/exec {runtime.tools.bossac-1.9.1-arduino2.path}/bossac: no such file or directory'''
    assert first(text) == "TOOL001"


@pytest.mark.parametrize("line", [
    "Failed to burn bootloader: cannot execute upload tool: fork/exec {runtime.tools.bossac-1.9.1-arduino2.path}/bossac: no such file or directory",
    "Error during Upload: cannot execute upload tool: fork/exec /usr/bin/bossac: no such file or directory",  # arduino-cli 0.x
    'Failed uploading: cannot execute upload tool: exec: "/x/bossac": stat /x/bossac: no such file or directory',
    'Failed uploading: cannot execute upload tool: exec: "C:/x/bossac.exe": stat C:/x/bossac.exe: no such file or directory',
    "Failed programming: cannot execute upload tool: fork/exec C:\\tools\\avrdude.exe: The system cannot find the file specified.",
])
def test_the_arduino_table_names_a_launcher_that_could_not_start_its_tool(line: str) -> None:
    """arduino-cli's "cannot execute upload tool" lines are the Arduino table's own tool_missing row (via "launcher"),
    and TOOL001 names them with the question about an unexpanded runtime.tools placeholder."""
    ev = [e for e in events(line, "flash") if e["kind"] == "tool_missing"]
    assert ev and ev[0].get("via") == "launcher"
    found = findings(line)
    assert found[0].id == "TOOL001" and found[0].message.startswith("The upload tool could not be started")


# --- teensy_loader_cli ------------------------------------------------------------------------------------------------

def test_teensy_found_but_unable_to_open_is_a_permission() -> None:
    text = '''Teensy Loader, Command Line, Version 2.1
Read "ergodox.hex": 25854 bytes, 80.2% usage
Waiting for Teensy device...
 (hint: press the reset button)
Found device but unable to open
Found device but unable to open'''
    assert "usb_access_denied" in [e["kind"] for e in events(text, "flash")]
    assert first(text) == "USB004"


@pytest.mark.parametrize("line", ["Unable to claim interface, check USB permissions", 'Device is in use by "usbhid" driver'])
def test_teensy_other_open_failures_are_permissions(line: str) -> None:
    assert [e["kind"] for e in events("Teensy Loader, Command Line, Version 2.2\n" + line, "flash")][-1] == "usb_access_denied"


def test_teensy_without_halfkay_is_not_in_its_bootloader() -> None:
    assert first("Teensy Loader, Command Line, Version 2.1\nUnable to open device (hint: try -w option)") == "BOOT001"


def test_teensy_hex_that_cannot_be_read_is_the_image() -> None:
    text = 'Teensy Loader, Command Line, Version 2.0\nWarning, HEX parse error line 8193\nerror reading intel hex file "B.ino.hex"'
    assert first(text) == "FW005"


def test_teensy_write_error_after_the_progress_dots_is_a_failure() -> None:
    ev = events("Teensy Loader, Command Line, Version 2.1\nFound HalfKay Bootloader\nProgramming.error writing to Teensy", "flash")
    assert [e for e in ev if e["kind"] == "write_failed" and e.get("fail")]


def test_teensy_healthy_run_has_no_fault() -> None:
    text = '''Teensy Loader, Command Line, Version 2.2
Read "blink_slow_Teensy2.hex": 2332 bytes, 7.2% usage
Soft reboot is not implemented for OSX
Waiting for Teensy device...
 (hint: press the reset button)
Found HalfKay Bootloader
Programming...................
Booting'''
    found = engine.evaluate(facts(text))
    assert not [f for f in found if f.severity in ("error", "warning")]


# --- ZSA Wally on Windows: the bootloader without a usable driver --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "warning OpenDevices: libusb: not found [code -5]\n   info Waiting for a DFU capable device",
    "11:50:44 - Error - Device handle no good. Error code: 5\n11:50:44 - Info - Target stm32 found, the keyboard is in reset mode.",
    "19:01:22 - Error - Couldn't initialize device.. Error code: 1\n19:01:14 - Info - Target stm32 found, the keyboard is in reset mode.",
])
def test_wally_windows_bootloader_without_driver(text: str) -> None:
    assert "usb_no_driver" in [e["kind"] for e in events(text, "flash")]
    assert first(text) == "USB004"


def test_wally_not_found_while_sending_is_not_a_driver() -> None:
    text = "16:00:06 info Starting Teensy Flash\n16:00:17 error Error while sending firmware bytes: libusb: not found [code -5]"
    assert "usb_no_driver" not in [e["kind"] for e in events(text, "flash")]


def test_wally_control_transfer_timeout_is_not_a_driver() -> None:
    text = "06:13:41 - Error - Couldn't do a control transfer. Error code: 121"
    assert "usb_no_driver" not in [e["kind"] for e in events(text, "flash")]


# --- bossac ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["Device unsupported", "Unsupported processor", "Unsupported Cortex-M3 architecture"])
def test_bossac_unknown_chip_in_every_version(line: str) -> None:
    text = "bossac -i -d --port=ttyACM0 -U -e -w -v -b f.bin -R\n" + line
    assert "device_unsupported" in [e["kind"] for e in events(text, "flash")]
    assert first(text) == "BOOT001"


def test_bossac_auto_scan_found_no_bootloader() -> None:
    assert first("bossac -e -w -v -b f.bin -R\nAuto scan for device failed") == "BOOT001"


def test_bossac_on_the_macs_bluetooth_port_talked_to_the_wrong_device() -> None:
    assert first("No device found on cu.Bluetooth-Incoming-Port") == "BOOT006"


def test_bossac_no_device_found_on_a_board_port_is_not_in_bootloader() -> None:
    assert first("Send auto-baud\nSet binary mode\nNo device found on COM5") == "BOOT001"


@pytest.mark.parametrize(("line", "kind"), [
    ("Flash page is locked", "flash_write_failed"),
    ("Flash command timeout", "flash_write_failed"),
    ("File operation exceeds flash size", "image_too_large"),
    ("bossac.exe: extra arguments found", "usage_error"),
    ("Failed to open port at 1200bps", "port_open_failed"),
])
def test_bossac_other_failures(line: str, kind: str) -> None:
    ev = events("bossac -i -d --port=COM3 -U -e -w f.bin -R\n" + line, "flash")
    assert [e for e in ev if e["kind"] == kind and e.get("fail")]


# --- stm32flash -----------------------------------------------------------------------------------------------------------

def test_stm32flash_image_that_cannot_be_opened_is_the_image() -> None:
    assert first('stm32flash 0.5\n\nhttp://stm32flash.sourceforge.net/\n\nCannot open file "out/klipper.bin"') == "FW005"


def test_stm32flash_terminal_flags_is_a_port_failure() -> None:
    text = "stm32flash 0.7\n\nhttp://stm32flash.sourceforge.net/\n\nFailed to set terminal flags\nError probing interface \"serial_posix\""
    assert "port_open_failed" in [e["kind"] for e in events(text, "flash")]


def test_teensyduino_reboot_request_unanswered_is_not_in_its_bootloader() -> None:
    text = '''Teensy did not respond to a USB-based request to enter program mode.
Please press the PROGRAM MODE BUTTON on your Teensy to upload your sketch.'''
    assert "bootloader_not_found" in [e["kind"] for e in events(text, "flash")]
    assert first(text) == "BOOT001"


def test_canbus_querys_missing_python_can_is_a_missing_tool() -> None:
    text = '''Traceback (most recent call last):
  File "/home/biqu/klipper/scripts/canbus_query.py", line 8, in <module>
    import can
ModuleNotFoundError: No module named 'can\''''
    assert first(text) == "TOOL001"


# --- Windows Device Manager in other languages (non-DFU) -------------------------------------------------------------------

@pytest.mark.parametrize(("line", "kind"), [
    ("Das Gerät wurde von Windows angehalten, da es Probleme gemeldet hat. (Code 43)", "usb_device_stopped"),
    ("Windows ha detenido este dispositivo porque ha informado de problemas. (Código 43)", "usb_device_stopped"),
    ("该设备已被 Windows 停止，因为它报告了问题。 (代码 43)", "usb_device_stopped"),
    ("USB-Gerät nicht erkannt", "usb_not_recognized"),
    ("Périphérique USB non reconnu", "usb_not_recognized"),
])
def test_windows_usb_status_in_other_languages(line: str, kind: str) -> None:
    assert kind in [e["kind"] for e in events(line, "windows")]
    assert first(line) == "USB002"


@pytest.mark.parametrize(("command", "port", "expected"), [
    # bossac 1.3a-1.6.1 opens "/dev/" + the name it is given: a full path cannot be opened
    ("/home/u/.arduino15/packages/arduino/tools/bossac/1.6.1-arduino/bossac --port=/dev/ttyACM1 -U false -e -w -b f.bin -R", "/dev/ttyACM1", "SER005"),
    ("/Users/u/Library/Arduino15/packages/arduino/tools/bossac/1.6.1-arduino/bossac -d -U false -e -w -b -p /dev/cu.usbmodem1411 f.bin -R", "/dev/cu.usbmodem1411", "SER005"),
    # 1.7.0 tries the name as given first; a bare name and a COM port are what 1.6.1 expects
    ("/home/u/.arduino15/packages/arduino/tools/bossac/1.7.0-arduino3/bossac --port=/dev/ttyACM0 -U true -e -w f.bin -R", "/dev/ttyACM0", "BOOT001"),
    ("/home/u/.arduino15/packages/arduino/tools/bossac/1.6.1-arduino/bossac --port=ttyACM0 -U false -e -w -b f.bin -R", "ttyACM0", "BOOT001"),
    # (without -d: with it, a port that opened prints "Send auto-baud"/"Set binary mode" first; test_msgs_healthy_s8.py)
    ("C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\bossac\\1.6.1-arduino/bossac.exe -i --port=COM5 -U false -e -w -v -b f.bin -R", "COM5", "BOOT001"),
])
def test_old_bossac_given_a_full_dev_path(command: str, port: str, expected: str) -> None:
    assert first(f"{command}\nNo device found on {port}") == expected
