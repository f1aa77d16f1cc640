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
    expected = "tool_missing" if row.kind in ("module_missing", "library_missing") else row.kind
    assert expected in kinds, (row.example, kinds)


@pytest.mark.parametrize("row", [r for r in SERIAL_ROWS if r.kind], ids=lambda r: r.kind + ":" + r.pattern[:30])
def test_serial_row_example_classifies_as_its_kind(row: Any) -> None:
    result = classify(row.example)
    # a generic open failure whose example carries an errno is named by that errno (13 permission, 16 busy, 2 missing)
    refined = row.kind == "serial_open_failed" and result is not None and result[1].get("errno") is not None
    assert result is not None and (result[0] == row.kind or refined), (row.example, result)


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
    ("cu: /dev/ttyS0: Line in use", "serial_open_failed", "/dev/ttyS0"),  # (serial-host-tools s11) cu's lock failed: holder or permission
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


# ---- session 3: held-out wordings, prose claims, issue-15 advice ---------------------------------------------

def test_syslog_kernel_line_without_kernel_tag() -> None:
    """Old sysklogd / forum pastes: `Jun 9 15:38:28 alpha usb 1-7.4: ...` (host, then the message, no `kernel:`)."""
    proc, msg, _t = split_prefix("Jun 9 15:38:28 alpha usb 1-7.4: device descriptor read/64, error -32")
    assert (proc, msg) == ("kernel", "usb 1-7.4: device descriptor read/64, error -32")
    facts = parse("Jun 9 15:38:30 alpha hub 1-7:1.0: unable to enumerate USB device on port 4\n"
                  "Jun 9 15:38:29 alpha usb 1-7.4: device descriptor read/64, error -32")
    kinds = [e["kind"] for e in facts.get("kernel", {}).get("events", [])]
    assert kinds == ["usb_enumerate_failed", "usb_descriptor_error"]


def test_syslog_untagged_needs_a_usb_head() -> None:
    """A host-prefixed line of another program is not taken for a kernel line."""
    facts = parse("Jun 9 15:38:28 alpha sshd: Accepted password for pi from 10.0.0.2")
    assert not facts.get("kernel", {}).get("events")


@pytest.mark.parametrize("text,kind", [
    ("When I did the same with the ShaveDuino (in the same USB port, with the same USB cable), no new dmesg messages were created.", "said_no_kernel_event"),
    ("dmesg shows nothing when I plug the board in", "said_no_kernel_event"),
    ("Running dmesg -w doesn't show anything at all when the board is connected.", "said_no_kernel_event"),
    ("Nothing shows up in dmesg.", "said_no_kernel_event"),
    ("There are no new messages in dmesg after plugging it in.", "said_no_kernel_event"),
    ("dmesg -w stays silent when I connect the printer", "said_no_kernel_event"),
    ("Nothing registers in dmesg when plugging/unplugging the USB same with lsusb command.", "said_no_kernel_event"),
    ("``dmesg | tail`` doesn't list any events in regard to USB when I'm connecting the printer", "said_no_kernel_event"),
    ("sudo dmesg | grep -i usb shows nothing new after plugging it in", "said_no_kernel_event"),
    ("The board is not listed in lsusb.", "said_not_in_lsusb"),
    ("It does not show up in lsusb either.", "said_not_in_lsusb"),
    ("lsusb doesn't show the board at all", "said_not_in_lsusb"),
])
def test_prose_claims(text: str, kind: str) -> None:
    facts = parse(text)
    assert [e["kind"] for e in events(facts)] == [kind]


def test_prose_claim_gives_usb001_only_without_enumeration_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    said = "dmesg shows nothing when I plug the board in.\n"
    assert first_finding(tmp_path, said, capsys) == "USB001"
    errors = said + "[ 1341.772925] usb 1-1.2: device descriptor read/64, error -32\n[ 1342.837758] usb 1-1-port2: unable to enumerate USB device\n"
    assert first_finding(tmp_path, errors, capsys) == "USB002"


def _entry(fault: str) -> Any:
    from doctor import knowledge
    entry = knowledge.get(fault)
    assert entry is not None
    return entry


def _advice(fault: str) -> str:
    import tomllib
    data = tomllib.loads((Path(__file__).parents[1] / "knowledge" / "entries" / f"{fault}.toml").read_text())
    rem = data.get("remediation", {})
    return "\n".join([data.get("explanation", ""), data.get("ask", ""), rem.get("text", ""), *rem.get("commands", [])])


def test_ser001_device_list_matches_brltty_table() -> None:
    """brltty's table (Programs/usb_devices.c, 6.3-6.9) holds FTDI 0403:6001 and CP210x, CH340 from 6.4 (behind hub
    1a40:0101 from 6.5), never PL2303: the entry must say so and not name PL2303 as a victim."""
    text = _advice("SER001")
    assert "0403:6001" in text and "10c4:ea60" in text and "1a86:7523" in text
    assert "1a40:0101" in text and "6.5" in text and "6.4" in text
    assert "PL2303" not in text.split("Prolific PL2303 (067b:2303) is in no version")[0]
    assert "is in no version" in text


def test_ser001_fix_covers_both_unit_names_and_rule_shadowing() -> None:
    text = _advice("SER001")
    assert "brltty-udev.service" in text and "brltty-device@.service" in text
    assert "/etc/udev/rules.d" in text and "/dev/null" in text
    assert "apt remove brltty" in text


def test_ser001_live_scan_ignores_bridges_brltty_never_claims() -> None:
    from doctor.derive import brltty_takes
    def scan(vid: str, pid: str) -> list[dict[str, Any]]:
        return brltty_takes({"host": {"services": {"brltty-udev": "active"}},
                             "usb": {"devices": [{"vid": vid, "pid": pid, "kind": "usb-serial", "ttys": []}]}})
    assert scan("067b", "2303") == []  # PL2303: in no brltty table
    assert scan("0403", "6014") == []  # FT232H: not in the table
    assert scan("0403", "6001")[0]["since"] == "6.3"
    assert scan("1a86", "7523")[0]["since"] == "6.4"


def test_ser006_advice_per_raspberry_pi_os_release() -> None:
    text = _advice("SER006")
    assert "systemctl disable hciuart" in text
    assert "do_serial_hw 0" in text and "do_serial_cons 1" in text
    assert "/boot/firmware/config.txt" in text and "/boot/config.txt" in text
    assert "Bookworm" in text and "Bullseye" in text


def test_ser002_follows_klippers_faq() -> None:
    """Klipper's docs (FAQ.md, 'Can I run Klipper on something other than a Raspberry Pi 3?') say to disable the
    ModemManager package; the udev ignore rule is the fallback for machines with a modem, for Klipper's 1d50:614e."""
    import tomllib
    data = tomllib.loads((Path(__file__).parents[1] / "knowledge" / "entries" / "SER002.toml").read_text())
    commands = data["remediation"]["commands"]
    assert commands[0].startswith("sudo systemctl disable --now ModemManager")
    assert any('ATTRS{idProduct}==\\"614e\\"' in c or 'idProduct}=="614e"' in c for c in commands)
    assert any("klipper3d.org/FAQ" in link for link in data["links"])
    assert "Lost communication with MCU" in data["explanation"]


@pytest.mark.parametrize("text,kind", [
    ("Neither _dmesg_ nor _lsusb_ show any indication of plugging in anything new", "said_no_kernel_event"),
    ("Using `lsusb` did not show any changes before and after plugging the device in.", "said_not_in_lsusb"),
    ("when I plug it into my computer nothing shows up in Device Manager", "said_not_in_device_manager"),
    ("I don't see anything in the device manager labeled libusbK or Labrador in any category.", "said_not_in_device_manager"),
    ("The board does not show up in Device Manager at all.", "said_not_in_device_manager"),
])
def test_prose_claims_other_wordings(text: str, kind: str) -> None:
    assert [e["kind"] for e in events(parse(text))] == [kind]


def test_device_manager_claim_yields_to_a_windows_enumeration_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    said = "Nothing shows up in Device Manager.\n"
    assert first_finding(tmp_path, said, capsys) == "USB001"
    assert first_finding(tmp_path, said + 'It is labelled as "Unknown USB Device (Device Descriptor Request Failed)".\n', capsys) == "USB002"


@pytest.mark.parametrize("line", [
    "刷好固件之后显示未知 USB 设备(设备描述符请求失败)",
    "Im Geräte-Manager steht Unbekanntes USB-Gerät (Fehler beim Anfordern einer Gerätebeschreibung)",
    "Périphérique USB inconnu (échec de la demande de descripteur de périphérique)",
])
def test_windows_descriptor_failure_in_other_languages(line: str) -> None:
    assert "usb_descriptor_error" in [e["kind"] for e in events(parse(line))]


def test_permission_denied_on_the_pi_uart_is_the_serial_console(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """On a Pi the getty of the serial console owns ttyAMA0 (root:tty): Permission denied there is SER006, while the
    same error on a USB tty stays SER004."""
    assert first_finding(tmp_path, "could not open port /dev/ttyAMA0: [Errno 13] Permission denied: '/dev/ttyAMA0'\n", capsys) == "SER006"
    assert first_finding(tmp_path, "could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'\n", capsys) == "SER004"


def test_avr109_failing_in_the_middle_of_the_write_is_modemmanager(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("Writing | ###########avrdude: error: programmer did not respond to command: set addr\n"
            "###########avrdude: error: programmer did not respond to command: set addr\n")
    assert first_finding(tmp_path, text, capsys) == "SER002"


def test_lsusb_with_only_hubs_and_no_serial_node_is_no_board_on_the_bus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hubs = ("Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub\n"
            "Bus 001 Device 002: ID 2109:3431 VIA Labs, Inc. Hub\n"
            "Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n")
    missing = "\n$ ls /dev/serial/by-id/\nls: cannot access '/dev/serial/by-id/': No such file or directory\n"
    facts = parse(hubs)
    assert [d.get("kind") for d in facts["usb"]["devices"]] == ["hub", "hub", "hub"]
    assert first_finding(tmp_path, hubs + missing, capsys) == "USB001"
    with_board = hubs + "Bus 001 Device 003: ID 1a86:7523 QinHeng Electronics CH340 serial converter\n"
    assert first_finding(tmp_path, with_board + missing, capsys) != "USB001"


# ---- Windows: a COM port another program holds is "access denied" in every library's wording -------------------

@pytest.mark.parametrize("line,kind,port", [
    ("Error starting serial port on Arduino Uno (COM4) Error: Opening COM4:  Access denied", "serial_port_busy", "COM4"),  # Node serialport
    ("events.js:2817: Uncaught Error: Opening \\\\.\\COM1: Access denied", "serial_port_busy", "COM1"),  # Node serialport, old
    ("System.UnauthorizedAccessException: Access to the port 'COM3' is denied.", "serial_port_busy", "COM3"),  # .NET
    ("Caught: System.UnauthorizedAccessException Access to the path 'com3' is denied", "serial_port_busy", "com3"),
    ("Got exception: System.UnauthorizedAccessException: Access to the port is denied.", "serial_port_busy", None),
    ("SerialPortError: Access is denied., errno = 5", "serial_port_busy", None),  # libserialport
    ("jssc.SerialPortException: Port name - COM3; Method name - openPort(); Exception type - Port busy.", "serial_port_busy", "COM3"),
    ("Error opening connection (jssc.serialportexception): Port name- COM3; Method name-openport(); Exception type- port busy!",
     "serial_port_busy", "COM3"),
    ("Port monitor error: command 'open' failed: Serial port busy. Could not connect to COM4 serial port.", "serial_port_busy", "COM4"),
    ("Port monitor error: command 'open' failed: Serial port not found. Could not connect to COM10 serial port.", "serial_no_such_port", "COM10"),
    ("jssc.SerialPortException: Port name - COM7; Method name - openPort(); Exception type - Port not found.", "serial_no_such_port", "COM7"),
    ("Error: Opening COM9: File not found", "serial_no_such_port", "COM9"),
    # the same libraries on Linux: a refused open there is a permission, not a holder
    ("System.UnauthorizedAccessException: Access to the port '/dev/ttyUSB0' is denied.", "serial_permission_denied", "/dev/ttyUSB0"),
    ("jssc.SerialPortException: Port name - /dev/ttyACM0; Method name - openPort(); Exception type - Permission denied.",
     "serial_permission_denied", "/dev/ttyACM0"),
])
def test_windows_held_port_in_every_library(line: str, kind: str, port: str | None) -> None:
    result = classify(line)
    assert result is not None and result[0] == kind and result[1].get("port") == port, result


@pytest.mark.parametrize("text,expect", [
    ("Error starting serial port on Arduino Uno (COM4) Error: Opening COM4:  Access denied\n", "SER003"),
    ("System.UnauthorizedAccessException: Access to the port 'COM3' is denied.\n   at System.IO.Ports.SerialPort.Open()\n", "SER003"),
    ("Error opening serial COM 5 port busy\n", "SER003"),
    ("System.UnauthorizedAccessException: Access to the port '/dev/ttyUSB0' is denied.\n", "SER004"),
])
def test_held_port_wordings_name_the_holder_not_the_group(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expect: str) -> None:
    assert first_finding(tmp_path, text, capsys) == expect


# ---- a port name of another OS (held-out round 2) -----------------------------------------------------------

@pytest.mark.parametrize("line, port, where", [
    ("serial.serialutil.SerialException: could not open port '/dev/cu.SLAB_USBtoUART': FileNotFoundError(2, 'The system cannot find the path specified.', None, 3)",
     "/dev/cu.SLAB_USBtoUART", "windows"),
    ("serial.serialutil.SerialException: could not open port '/dev/ttyUSB0': FileNotFoundError(2, 'Das System kann den angegebenen Pfad nicht finden.', None, 3)",
     "/dev/ttyUSB0", "windows"),
    ("serial.serialutil.SerialException: [Errno 2] could not open port COM3: [Errno 2] No such file or directory: 'COM3'", "COM3", "posix"),
    ("could not open port com22: [Errno 2] No such file or directory: 'com22'", "com22", "posix"),
    ("Error: No such file or directory, cannot open COM3", "COM3", "posix"),
])
def test_port_name_of_another_os(line: str, port: str, where: str) -> None:
    found = classify(line)
    assert found is not None and found[0] == "serial_no_such_port"
    assert found[1]["port"] == port and found[1].get("foreign_os") == where


@pytest.mark.parametrize("line", [
    "serial.serialutil.SerialException: could not open port 'COM34': FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)",
    "serial.serialutil.SerialException: [Errno 2] could not open port /dev/ttyUSB1: [Errno 2] No such file or directory: '/dev/ttyUSB1'",
    "Error: Opening COM3: File not found",
])
def test_a_missing_port_of_this_os_is_not_foreign(line: str) -> None:
    found = classify(line)
    assert found is not None and found[0] == "serial_no_such_port" and not found[1].get("foreign_os")


def test_traceback_source_line_is_not_an_open_failure() -> None:
    assert classify('    raise SerialException("could not open port {!r}: {!r}".format(self.portstr, ctypes.WinError()))') is None


@pytest.mark.parametrize("text", [
    'File "c:\\users\\u\\.platformio\\penv\\lib\\site-packages\\serial\\serialwin32.py", line 64, in open\n'
    '    raise SerialException("could not open port {!r}: {!r}".format(self.portstr, ctypes.WinError()))\n'
    "serial.serialutil.SerialException: could not open port '/dev/cu.usbserial-0001': FileNotFoundError(2, 'The system cannot find the path specified.', None, 3)",
    "avrdude: ser_open(): can't open device \"/dev/ttyUSB0\": The system cannot find the path specified.",
    "avrdude: ser_open(): can't open device \"COM3\": No such file or directory",
])
def test_port_of_another_os_is_a_wrong_path(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert first_finding(tmp_path, text, capsys) == "SER005"


# ---- held-out round 4 (fixer s4): host serial / USB families -------------------------------------------------

def all_findings(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    f = tmp_path / "1.txt"
    f.write_text(text)
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    return json.loads(capsys.readouterr().out)["findings"]


@pytest.mark.parametrize(
    "line,name",
    [
        ("Package libusb-1.0 was not found in the pkg-config search path.", "libusb-1.0-0-dev"),
        ("No package 'libusb-1.0' found", "libusb-1.0-0-dev"),
        ("Package 'libusb-1.0', required by 'virtual:world', not found", "libusb-1.0-0-dev"),
        ("picoboot_connection.h:13:10: fatal error: libusb.h: No such file or directory", "libusb-1.0-0-dev"),
        ("main.c:3:10: fatal error: hidapi/hidapi.h: No such file or directory", "libhidapi-dev"),
        ("/usr/bin/ld: cannot find -lusb-1.0: No such file or directory", "libusb-1.0-0-dev"),
    ],
)
def test_missing_build_library_names_its_dev_package(line: str, name: str) -> None:
    evs = [e for _ns, e in iter_events(parse_stream(iter([line]), "paste")) if e.get("kind") == "tool_missing"]
    assert evs and evs[0]["name"] == name and evs[0]["text"].startswith("development files")


def test_a_missing_header_of_the_project_itself_is_no_missing_library() -> None:
    line = "out/board/internal.h:8:10: fatal error: stm32f0xx.h: No such file or directory"
    assert not [e for _ns, e in iter_events(parse_stream(iter([line]), "paste")) if e.get("kind") == "tool_missing"]


def test_make_flash_rp2040_without_libusb_is_tool001(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("pi@fluiddpi:~/klipper $ make flash FLASH_DEVICE=2e8a:0003\n  Building rp2040_flash\n"
            "gcc -c -Wall -ggdb -I../rp2040/ `pkg-config libusb-1.0 --cflags` main.c -o main.o\n"
            "Package libusb-1.0 was not found in the pkg-config search path.\nNo package 'libusb-1.0' found\n"
            "picoboot_connection.h:13:10: fatal error: libusb.h: No such file or directory\ncompilation terminated.\n"
            "make[1]: *** [Makefile:17: main.o] Error 1\n")
    found = all_findings(tmp_path, text, capsys)
    assert found[0]["id"] == "TOOL001" and "libusb-1.0-0-dev" in found[0]["message"]


def test_ebusy_on_a_linux_ttyacm_names_modemmanager_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "[Errno 16] could not open port /dev/ttyACM0: [Errno 16] Device or resource busy: '/dev/ttyACM0'\n"
    assert first_finding(tmp_path, text, capsys) == "SER002"
    # a lock (EAGAIN) is klippy's or pyserial's exclusive mode: another program, not ModemManager
    locked = "could not exclusively lock port /dev/ttyACM0: [Errno 11] Resource temporarily unavailable\n"
    assert first_finding(tmp_path, locked, capsys) == "SER003"
    # macOS and Windows have no ModemManager
    mac = "could not open port /dev/cu.usbmodem1101: [Errno 16] Resource busy: '/dev/cu.usbmodem1101'\n"
    assert first_finding(tmp_path, mac, capsys) == "SER003"


def test_dtr_rts_failure_is_a_failure_line_not_silence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ev = parse_message("kernel", "cdc_acm 1-1.1.3:2.0: failed to set dtr/rts")
    assert ev and ev[0] == "acm_dtr_rts_failed"
    text = ("[142381.796034] cdc_acm 1-1.1.3:2.0: ttyACM0: USB ACM device\n"
            "[142397.562400] cdc_acm 1-1.1.3:2.0: failed to set dtr/rts\n")
    assert first_finding(tmp_path, text, capsys) == "SER002"


HEALTHY_REENUMERATIONS = [
    # a Klipper board jumps to Katapult (flashtool -r, make flash): it comes back as the bootloader
    ("[171231.030762] cdc_acm 6-1:1.0: ttyACM1: USB ACM device\n[171251.791634] usb 6-1: USB disconnect, device number 3\n"
     "[171253.119422] usb 6-1: new full-speed USB device number 4 using ohci-platform\n"
     "[171253.354492] usb 6-1: New USB device found, idVendor=1d50, idProduct=6177, bcdDevice= 1.00\n"
     "[171253.354562] usb 6-1: Product: stm32h723xx\n[171253.354578] usb 6-1: Manufacturer: katapult\n"),
    # a replug: the same board comes back as it was
    ("[195076.138745] usb 5-1: USB disconnect, device number 12\n"
     "[195076.630171] usb 5-1: new full-speed USB device number 13 using ohci-platform\n"
     "[195076.865050] usb 5-1: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00\n"
     "[195076.865065] usb 5-1: Product: lpc1769\n[195076.865068] usb 5-1: Manufacturer: Klipper\n"
     "[195076.867287] cdc_acm 5-1:1.0: ttyACM0: USB ACM device\n"),
]


@pytest.mark.parametrize("text", HEALTHY_REENUMERATIONS)
def test_one_reenumeration_is_no_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    assert not [f["id"] for f in all_findings(tmp_path, text, capsys) if f["severity"] in ("error", "warning")]


def test_a_can_bridge_lost_while_can0_was_up_is_usb003(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("[14259.518702] usb 1-1.2: USB disconnect, device number 11\n"
            "[14259.519228] gs_usb 1-1.2:1.0 can0: Couldn't shutdown device (err=-19)\n"
            "[14259.765049] usb 1-1.2: new full-speed USB device number 12 using xhci_hcd\n"
            "[14259.876533] usb 1-1.2: New USB device found, idVendor=1d50, idProduct=606f, bcdDevice= 0.00\n"
            "[14259.887285] gs_usb 1-1.2:1.0: Configuring for 1 interfaces\n")
    found = all_findings(tmp_path, text, capsys)
    assert found[0]["id"] == "USB003" and found[0]["severity"] == "warning"


@pytest.mark.parametrize(
    "text",
    [
        "ls: cannot access '/dev/serial/by-id/*': No such file or directory\n",
        "ls: cannot access '/ dev / serial / by-id / *': No such file or directory\n",
        "ls: cannot access '/dev/serial/by-id/': No such file or directory\n",
    ],
)
def test_no_by_id_listing_is_usb001(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    assert first_finding(tmp_path, text, capsys) == "USB001"


def test_mount_of_the_bootsel_drive_failing_while_the_app_runs_is_boot003(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("mks@mkspi:~/katapult$ ls /dev/serial/by-id/*\n/dev/serial/by-id/usb-Klipper_rp2040_95A67A96550B4F53-if00\n"
            "mks@mkspi:~/katapult$ sudo mount /dev/sda1 /mnt\n"
            "mount: /mnt: wrong fs type, bad option, bad superblock on /dev/sda1, missing codepage or helper program, or other error.\n")
    assert first_finding(tmp_path, text, capsys) == "BOOT003"
    # the mount failing alone is a failure quoted, never silence
    alone = "mount: /mnt: special device /dev/sda1 does not exist.\n"
    assert first_finding(tmp_path, alone, capsys) == "GEN001"


def test_dtr_rts_failures_then_a_disconnect_are_the_link_not_modemmanager(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("[230081.202682] cdc_acm 1-1.4.4:1.0: failed to set dtr/rts\n[230082.844899] cdc_acm 1-1.4.4:1.0: failed to set dtr/rts\n"
            "[230083.050069] usb 1-1.4.4: USB disconnect, device number 91\n")
    ids = [f["id"] for f in all_findings(tmp_path, text, capsys)]
    assert ids[0] == "USB003" and "SER002" not in ids


@pytest.mark.parametrize(
    "text",
    [
        # Klipper issue 299 and issue 270: the reporter's own words
        "3. Tried firmware_restart, to no avail (looking at the log file, it's because /dev/ttyUSB0 isn't there)\n"
        "4. Looked at /dev, the MCU had enumerated as /dev/ttyUSB1\n",
        "I checked the log and its says doesnt find ttyUSB0, i checked my system and after turning off and on the printer appears as ttyUSB1, not as configured in printer.cfg\n",
    ],
)
def test_prose_of_a_renumbered_tty_is_ser005(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    assert first_finding(tmp_path, text, capsys) == "SER005"


def test_prose_naming_the_configured_tty_is_no_renumbering(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert first_finding(tmp_path, "[mcu]\nserial: /dev/ttyACM0\n\nthe board shows up as /dev/ttyACM0 and works\n", capsys) == "none"


def test_new_rows_match_their_examples() -> None:
    from doctor.parsers import claims, kernel_log, uf2_drive

    rows = [r for r in (*claims.MESSAGES, *uf2_drive.MESSAGES, *kernel_log.MESSAGES)
            if r.kind in ("said_port_missing", "said_port_renamed", "mount_failed", "acm_dtr_rts_failed", "can_dev_gone")]
    assert len(rows) >= 6
    for row in rows:
        table = (claims.ClaimsParser if row in claims.MESSAGES else uf2_drive.Uf2DriveParser if row in uf2_drive.MESSAGES
                 else kernel_log.KernelLogParser).table
        assert row in [r for r, _ in table.match(row.example.strip(), all_matches=True)], row.example


@pytest.mark.parametrize(
    "line",
    [
        # dmesg lines a post quotes: in double quotes (Stack Exchange prose), in GitHub inline code
        "\"[ 2899.502800] usb 3-8.3: usbfs: interface 0 claimed by ch341 while 'brltty' sets config #1\"",
        "`[21442.667867] usb 1-1: usbfs: interface 0 claimed by cp210x while 'brltty' sets config #1",
    ],
)
def test_a_quoted_dmesg_line_is_still_the_kernels(tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str) -> None:
    kinds = [e["kind"] for e in parse(line).get("kernel", {}).get("events", [])]
    assert kinds == ["usbfs_claim_conflict"]
    assert first_finding(tmp_path, line, capsys) == "SER001"


@pytest.mark.parametrize(
    "configured,listed",
    [
        # a chip name mistyped in the path (stm32f100xe for stm32f103xe), the board listed under its real name
        ("/dev/serial/by-id/usb-Klipper_stm32f100xe_35FFD6054246303613811057-if00", "usb-Klipper_stm32f103xe_35FFD6054246303613811057-if00"),
        # a path copied from an example config or another board: same kind of device, another serial number
        ("/dev/serial/by-id/usb-Klipper_stm32g0b1xx_12345-if00", "usb-Klipper_stm32g0b1xx_4A001B000C504B5735313920-if00"),
        # CH340 boards name themselves USB2.0-Serial or USB_Serial depending on the chip and kernel
        ("/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0", "usb-1a86_USB_Serial-if00-port0"),
    ],
)
def test_a_missing_by_id_path_with_the_board_listed_under_another_name_is_ser005(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], configured: str, listed: str) -> None:
    text = f"[mcu]\nserial: {configured}\nrestart_method: command\n\npi@octopi:~ $ ls /dev/serial/by-id/*\n/dev/serial/by-id/{listed}\n"
    assert first_finding(tmp_path, text, capsys) == "SER005"


def test_a_missing_by_id_path_with_only_another_configured_board_listed_is_not_a_near_match(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the listed board is the [mcu toolhead] one: the [mcu] board is simply not on the bus
    text = ("[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f446xx_1E0030000851363131363530-if00\n\n[mcu toolhead]\n"
            "serial: /dev/serial/by-id/usb-Klipper_rp2040_E6625C05E7385B2B-if00\n\n$ ls /dev/serial/by-id/*\n"
            "/dev/serial/by-id/usb-Klipper_rp2040_E6625C05E7385B2B-if00\n")
    assert first_finding(tmp_path, text, capsys) == "USB001"


def test_an_lsusb_listing_run_together_on_one_line_is_still_read() -> None:
    # answeroverflow and Discord mirrors drop the line breaks of a pasted listing
    line = ("pi@ratos:~ $ lsusb Bus 002 Device 001: ID 1d6b:0003 Linux Foundation 3.0 root hub Bus 001 Device 009: ID 1d50:614e "
            "OpenMoko, Inc. stm32f446xx Bus 001 Device 012: ID 1d50:614e OpenMoko, Inc. stm32g0b1xx Bus 001 Device 001: ID 1d6b:0002 "
            "Linux Foundation 2.0 root hub")
    devices = parse(line)["usb"]["devices"]
    assert [(d["vid"], d["pid"]) for d in devices] == [("1d6b", "0003"), ("1d50", "614e"), ("1d50", "614e"), ("1d6b", "0002")]
    assert [d.get("product") for d in devices if d.get("role") == "klipper"] == ["stm32f446xx", "stm32g0b1xx"]


def test_an_ls_l_of_the_serial_links_run_together_on_one_line_is_still_read() -> None:
    line = ("pi@ratos:~ $ ls -la /dev/serial/by-id/* lrwxrwxrwx 1 root root 13 Apr 19 00:28 /dev/serial/by-id/usb-Klipper_stm32f446xx_"
            "300056000E51313133353932-if00 -> ../../ttyACM0 lrwxrwxrwx 1 root root 13 Apr 19 00:32 /dev/serial/by-id/usb-Klipper_stm32g0b1xx_"
            "38002E000C50425539393020-if00 -> ../../ttyACM1")
    links = parse(line)["serial"]["by_id"]
    assert [(x["name"].split("_")[1], x["target"]) for x in links] == [("stm32f446xx", "/dev/ttyACM0"), ("stm32g0b1xx", "/dev/ttyACM1")]


@pytest.mark.parametrize(
    "text",
    [
        "Unexpected error while connecting to serial port /tmp/printer, baudrate 115200 from hook default: SerialException: "
        "'[Errno 13] could not open port /tmp/printer: [Errno 13] Permission denied: '/tmp/printer'' @ comm.py:_open_serial:3775",
        "Unable to open port: [Errno 13] Permission denied: '/tmp/klipper_host_mcu'",
    ],
)
def test_a_refused_klipper_pty_is_the_tty_group(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    f = tmp_path / "1.txt"
    f.write_text(text)
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    first = json.loads(capsys.readouterr().out)["findings"][0]
    assert first["id"] == "SER004" and "pseudo-terminal" in first["message"]


@pytest.mark.parametrize(
    "line,kind",
    [
        # RatOS names the board's port with a udev alias; pyserial's message is the same as for any tty
        ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/btt-octopus-11: [Errno 2] No such file or "
         "directory: '/dev/btt-octopus-11'", "serial_no_such_port"),
        ("[Errno 2] could not open port /dev/btt-octopus-11: [Errno 2] No such file or directory: '/dev/btt-octopus-11'", "serial_no_such_port"),
    ],
)
def test_a_udev_alias_of_a_serial_port_is_still_a_serial_port(line: str, kind: str) -> None:
    assert classify(line.split(": ", 1)[1] if line.startswith("mcu ") else line)[0] == kind
    assert classify("OSError: [Errno 2] No such file or directory: '/dev/bus/usb/001/004'") is None  # raw USB: not a tty
