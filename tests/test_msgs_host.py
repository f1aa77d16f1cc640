"""Host-side message tables: shells and launchers (shell.py), Windows Device Manager (windows_usb.py), serial-port
open errors (serial_errors.py) and the kernel log's line prefixes (kernel_log.py).

Every row's example must parse into its kind, and each family must be recognised in the wordings of other
shells, platforms, versions and languages, also when it sits inside another tool's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from doctor.cli import main
from doctor.facts import iter_events
from doctor.parsers import parse_stream
from doctor.parsers import shell, windows_usb
from doctor.parsers.kernel_log import parse_message, split_prefix
from doctor.parsers.serial_errors import MESSAGES as SERIAL_ROWS
from doctor.parsers.serial_errors import classify


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "paste")


def events(facts: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for _ns, e in iter_events(facts)]


def first_finding(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> str:
    f = tmp_path / "1.txt"
    f.write_text(text)
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    return findings[0]["id"] if findings else "none"


# ---- every row's example ------------------------------------------------------------------------------------

TABLE_ROWS = [(m.__name__.rsplit(".", 1)[-1], row) for m in (shell, windows_usb) for row in m.MESSAGES if row.kind]


@pytest.mark.parametrize("module,row", TABLE_ROWS, ids=[f"{m}-{i}" for i, (m, _r) in enumerate(TABLE_ROWS)])
def test_table_row_example_yields_its_kind(module: str, row: Any) -> None:
    assert row.example, f"{row.pattern} has no example"
    kinds = [e["kind"] for e in events(parse(row.example))]
    expected = "tool_missing" if row.kind == "module_missing" else row.kind
    assert expected in kinds, (row.example, kinds)


@pytest.mark.parametrize("row", [r for r in SERIAL_ROWS if r.kind], ids=lambda r: r.kind + ":" + r.pattern[:30])
def test_serial_row_example_classifies_as_its_kind(row: Any) -> None:
    result = classify(row.example)
    assert result is not None and result[0] == row.kind, (row.example, result)


# ---- missing tools in every shell's wording -----------------------------------------------------------------

MISSING = [
    ("bash: st-flash: command not found", "st-flash"),
    ("-bash: avrdude: command not found", "avrdude"),
    ("sudo: dfu-util: command not found", "dfu-util"),
    ("./flash.sh: line 12: openocd: command not found", "openocd"),
    ("zsh: command not found: picotool", "picotool"),
    ("sh: 1: dfu-util: not found", "dfu-util"),
    ("/bin/sh: 1: arm-none-eabi-gcc: not found", "arm-none-eabi-gcc"),
    ("-ash: stm32flash: not found", "stm32flash"),
    ("./test_stm32f0.sh: 6: ./test_stm32f0.sh: st-flash: not found", "st-flash"),
    ("fish: Unknown command: openocd", "openocd"),
    ("fish: Unknown command 'dfu-util'", "dfu-util"),
    ("/usr/bin/env: ‘python’: No such file or directory", "python"),
    ("'avrdude' is not recognized as an internal or external command,", "avrdude"),
    ("'dfu-util.exe' is not recognized as an internal or external command,", "dfu-util.exe"),
    ("st-flash : The term 'st-flash' is not recognized as the name of a cmdlet, function, script file, or operable program. Check",
     "st-flash"),
    ("Python was not found; run without arguments to install from the Microsoft Store, or disable this shortcut from Settings", "Python"),
    ('error: failed to flash /tmp/x.hex: exec: "openocd": executable file not found in $PATH', "openocd"),
    ('Error: exec: "dfu-util": executable file not found in %PATH%', "dfu-util"),
    ('java.io.IOException: Cannot run program "avrdude": CreateProcess error=2, The system cannot find the file specified', "avrdude"),
    ('java.io.IOException: Cannot run program "/opt/x/bin/dfu-util" (in directory "/tmp"): error=2, No such file or directory', "dfu-util"),
    ("Error: spawn dfu-util ENOENT", "dfu-util"),
    ("FileNotFoundError: [Errno 2] No such file or directory: 'dfu-util'", "dfu-util"),
    ("ModuleNotFoundError: No module named 'serial'", "pyserial"),
    ("ModuleNotFoundError: No module named 'usb.core'", "pyusb"),
    ("ImportError: No module named serial", "pyserial"),
    ("ImportError: No module named 'elftools'", "pyelftools"),
    ("Python's pyserial module is required to update. Install", "pyserial"),
    ("xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), missing xcrun at: /x", "Xcode command line tools"),
]


@pytest.mark.parametrize("line,name", MISSING, ids=[m[1] + "-" + str(i) for i, m in enumerate(MISSING)])
def test_missing_tool_in_every_wording(line: str, name: str) -> None:
    parser = shell.ShellParser("paste")
    parser.feed(1, line)
    evs = [e for e in parser.events if e["kind"] == "tool_missing"]
    assert evs and evs[0]["name"] == name, (line, evs)
    # through the splitter the line yields a missing tool too (in this parser's run or the run of the tool it names)
    if not line.startswith("/bin/sh: 1: arm-none-eabi-gcc"):  # a compiler: the build parsers judge it (FW005)
        assert "tool_missing" in [e["kind"] for e in events(parse(line))], line


@pytest.mark.parametrize("line", [
    "FileNotFoundError: [Errno 2] No such file or directory: 'out/klipper.bin'",  # a missing file: FW005, not a tool
    "cp: cannot stat 'out/klipper.bin': No such file or directory",
    "dfu-util: No DFU capable USB device available",
    "Error: No such file or directory: klipper.bin not found",
    "the board is not found by my script",
])
def test_other_not_found_lines_are_not_missing_tools(line: str) -> None:
    assert not [e for e in events(parse(line)) if e["kind"] == "tool_missing"], line


def test_missing_module_names_its_package_and_keeps_the_import_name() -> None:
    ev = [e for e in events(parse("Traceback (most recent call last):\n  File \"flashtool.py\", line 20, in <module>\n"
                                  "    import serial\nModuleNotFoundError: No module named 'serial'")) if e["kind"] == "tool_missing"][0]
    assert ev["name"] == "pyserial" and "serial" in ev["text"]


def test_missing_tool_after_prose_and_inside_a_make_recipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = "I followed the guide and then typed the command:\n\n$ picotool load -x firmware.uf2\nzsh: command not found: picotool\n"
    assert first_finding(tmp_path, post, capsys) == "TOOL001"
    recipe = ("  Flashing out/klipper.bin to /dev/serial/by-id/usb-katapult_rp2040_4E36-if00\n"
              "Python's pyserial module is required to update. Install\nwith the following command:\n"
              "/usr/bin/python3 -m pip install pyserial\n\nmake: *** [src/rp2040/Makefile:78: flash] Error 255\n")
    assert first_finding(tmp_path, recipe, capsys) == "TOOL001"


# ---- Windows Device Manager ---------------------------------------------------------------------------------

WINDOWS = [
    ("Unknown USB Device (Device Descriptor Request Failed)", "usb_descriptor_error"),
    ("unknown usb device (device descriptor request failed)", "usb_descriptor_error"),
    ("Unknown USB Device (Set Address Failed)", "usb_address_error"),
    ("Unknown USB Device (Port Reset Failed)", "usb_port_reset_failed"),
    ("Unknown USB Device (Invalid Configuration Descriptor)", "usb_descriptor_error"),
    ("Windows has stopped this device because it has reported problems. (Code 43)", "usb_device_stopped"),
    ("USB device not recognized", "usb_not_recognized"),
    ("The last USB device you connected to this computer malfunctioned, and Windows does not recognize it.", "usb_not_recognized"),
    ("Power surge on the USB port", "usb_over_current"),
    ("This device cannot start. (Code 10)", "device_cannot_start"),
    ("The drivers for this device are not installed. (Code 28)", "driver_not_installed"),
]


@pytest.mark.parametrize("line,kind", WINDOWS)
def test_windows_device_manager_wordings(line: str, kind: str) -> None:
    assert kind in [e["kind"] for e in events(parse(line))]


def test_windows_descriptor_failure_is_an_enumeration_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert first_finding(tmp_path, "Device Manager shows: Unknown USB Device (Device Descriptor Request Failed)\n", capsys) == "USB002"
    assert first_finding(tmp_path, "Power surge on the USB port\n", capsys) == "USB003"


# ---- serial ports: Windows "access denied" is a busy port, Linux errno 13 a permission --------------------------

@pytest.mark.parametrize("line,kind,port", [
    ("serial.serialutil.SerialException: could not open port 'COM3': PermissionError(13, 'Access is denied.', None, 5)", "serial_port_busy", "COM3"),
    ("could not open port 'COM3': WindowsError(5, 'Access is denied.')", "serial_port_busy", "COM3"),
    ("server error: could not open port COM1: [Error 5] Access is denied.", "serial_port_busy", "COM1"),
    ("Unexpected error: could not open port 'COM3': PermissionError(13, 'Acesso negado.', None, 5)", "serial_port_busy", "COM3"),
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM4": Access is denied.', "serial_port_busy", "COM4"),
    ("could not open port 'COM5': FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)", "serial_no_such_port", "COM5"),
    ('avrdude: ser_open(): can\'t open device "\\\\.\\COM1": The system cannot find the file specified.', "serial_no_such_port", "COM1"),
    ("could not open port /dev/ttyUSB0: [Errno 13] Permission denied: '/dev/ttyUSB0'", "serial_permission_denied", "/dev/ttyUSB0"),
    ("Error: Error: Permission denied, cannot open /dev/ttyUSB0", "serial_permission_denied", "/dev/ttyUSB0"),
    ("minicom: Fehler beim Öffnen der Datei »/dev/ttyACM0«: Keine Berechtigung", "serial_permission_denied", "/dev/ttyACM0"),
    ("minicom: Fehler beim Öffnen der Datei »/dev/ttyACM0«: Eingabe-/Ausgabefehler", "serial_io_error", "/dev/ttyACM0"),
    ("cu: /dev/ttyS0: Line in use", "serial_port_busy", "/dev/ttyS0"),
    ("Device /dev/ttyUSB0 is locked.", "serial_port_busy", "/dev/ttyUSB0"),
    ("could not open port /dev/cu.usbmodem14101: [Errno 16] Resource busy: '/dev/cu.usbmodem14101'", "serial_port_busy", "/dev/cu.usbmodem14101"),
    ("could not open port /dev/cu.usbserial-1420: [Errno 2] No such file or directory: '/dev/cu.usbserial-1420'", "serial_no_such_port",
     "/dev/cu.usbserial-1420"),
])
def test_serial_open_errors_across_platforms(line: str, kind: str, port: str) -> None:
    result = classify(line)
    assert result is not None and result[0] == kind and result[1].get("port") == port, result


def test_windows_access_denied_is_a_held_port_not_a_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Could not connect to COM4 at baudrate 115200:\nSerial error: could not open port 'COM4': PermissionError(13, 'Access is denied.', None, 5)\n"
    assert first_finding(tmp_path, text, capsys) == "SER003"
    text = "Serial error: could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'\n"
    assert first_finding(tmp_path, text, capsys) == "SER004"


# ---- kernel log prefixes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "  7 [  788.479921] usb 1-1-port3: attempt power cycle",  # vim / cat -n line numbers
    "12:[  788.479921] usb 1-1-port3: attempt power cycle",  # grep -n
    "[  788.479921] usb 1-1-port3: attempt power cycle",
])
def test_numbered_dmesg_lines_parse(line: str) -> None:
    proc, msg, t = split_prefix(line)
    assert proc == "kernel" and t == pytest.approx(788.479921)
    result = parse_message(proc, msg)
    assert result is not None and result[0] == "usb_power_cycle"


def test_modemmanager_journal_lines_stay_kernel_events() -> None:
    facts = parse("Apr 30 12:56:02 0b848b1 ModemManager[1454]: <warn>  [plugin manager] task 14,ttyACM0: error when checking support "
                  "with plugin 'Nokia': '(tty/ttyACM0) failed to open port: Could not open serial device ttyACM0: No such file or directory'")
    kinds = [e["kind"] for e in events(facts)]
    assert kinds == ["modemmanager_probe"], kinds


# ---- ls / stat of a port ------------------------------------------------------------------------------------

def test_stat_of_a_port_with_id_names_the_missing_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = """$ stat /dev/ttyACM0
  File: /dev/ttyACM0
  Size: 0         \tBlocks: 0          IO Block: 4096   character special file
Access: (0660/crw-rw----)  Uid: (    0/    root)   Gid: (   20/ dialout)
$ id
uid=1000(pi) gid=1000(pi) groups=1000(pi),4(adm),27(sudo)
"""
    nodes = parse(text)["serial"]["nodes"]
    assert nodes[0]["device"] == "/dev/ttyACM0" and nodes[0]["group"] == "dialout" and nodes[0]["mode"] == "crw-rw----"
    assert first_finding(tmp_path, text, capsys) == "SER004"
    assert first_finding(tmp_path, text.replace("27(sudo)", "27(sudo),20(dialout)"), capsys) == "none"


def test_macos_device_listing() -> None:
    nodes = parse("/dev/cu.usbmodem14101  /dev/cu.Bluetooth-Incoming-Port")["serial"]["nodes"]
    assert [n["device"] for n in nodes] == ["/dev/cu.usbmodem14101", "/dev/cu.Bluetooth-Incoming-Port"]


def test_unrelated_kernel_failures_are_not_quoted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    healthy = """[    4.103010] mv64xxx_i2c 7081400.i2c: can't get pinctrl, bus recovery not supported
[    5.120000] brcmfmac: brcmf_c_preinit_dcmds: Firmware: BCM4345/6 failed to load clm_blob
[   12.345678] usb 1-1.3: new full-speed USB device number 5 using xhci_hcd
[   12.456789] cdc_acm 1-1.3:1.0: ttyACM0: USB ACM device
"""
    assert first_finding(tmp_path, healthy, capsys) == "none"
    failing = healthy + "[   13.000001] ch341-uart ttyUSB0: failed to send control message: -110\n"
    assert first_finding(tmp_path, failing, capsys) == "GEN001"
