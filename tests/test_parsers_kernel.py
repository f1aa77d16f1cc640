"""Kernel log, serial-port and host-permission parsers: real wordings (old and new) in, facts out; the live
kernel probe's fallbacks; the derived facts and entries they feed."""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from pathlib import Path
from typing import Any

import pytest

from doctor import engine, knowledge, runner
from doctor.checks import kernel as kernel_probe
from doctor.parsers import parse_stream, parse_text
from doctor.parsers.boot_cmdline import BootCmdlineParser
from doctor.parsers.fuser import FuserParser
from doctor.parsers.id_groups import IdGroupsParser
from doctor.parsers.kernel_log import KernelLogParser, parse_message, split_prefix
from doctor.parsers.ls_dev import LsDevParser
from doctor.parsers.serial_errors import SerialErrorsParser, classify
from doctor.parsers.systemctl import SystemctlParser


def parse(text: str, parsers: list[type] | None = None) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "paste", parsers=parsers)


def kinds(facts: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in (facts.get("kernel") or {}).get("events", [])]


MY_ENTRIES = ("USB001", "USB002", "USB003", "SER001", "SER002", "SER003", "SER004", "SER005", "SER006", "SER007")


@functools.lru_cache(maxsize=1)
def _mine() -> tuple[knowledge.Entry, ...]:
    """This share's entries, loaded one by one (the tests do not depend on other entries being loadable)."""
    import doctor.derive  # noqa: F401  (declares derived.*)
    from doctor.parsers import load_all

    load_all()  # every parser declares its event kinds (other parsers' kinds are named by some conditions)

    folder = importlib.resources.files("doctor.knowledge").joinpath("entries")
    return tuple(knowledge.parse_entry(tomllib.loads(folder.joinpath(f"{i}.toml").read_text()), f"{i}.toml") for i in MY_ENTRIES)


def evaluate(facts: dict[str, Any]) -> list[Any]:
    return engine.evaluate(facts, _mine())


def ids(facts: dict[str, Any]) -> list[str]:
    return [f.id for f in evaluate(facts)]


# ---- kernel log: prefixes ---------------------------------------------------------------------------------

PREFIXES = [
    "usb 1-1.4: device descriptor read/64, error -71",
    "[  123.456789] usb 1-1.4: device descriptor read/64, error -71",
    "[Mon Jun  3 12:34:56 2024] usb 1-1.4: device descriptor read/64, error -71",
    "Jun 03 12:34:56 raspberrypi kernel: usb 1-1.4: device descriptor read/64, error -71",
    "Jun  3 12:34:56 raspberrypi kernel: [  123.456789] usb 1-1.4: device descriptor read/64, error -71",
    "2024-06-03T12:34:56.123456+02:00 pi kernel: usb 1-1.4: device descriptor read/64, error -71",
    "2024-06-03T12:34:56,123456+02:00 usb 1-1.4: device descriptor read/64, error -71",
    "kernel: usb 1-1.4: device descriptor read/64, error -71",
    "<3>[  123.456789] usb 1-1.4: device descriptor read/64, error -71",
    "kern  :err   : [  123.456789] usb 1-1.4: device descriptor read/64, error -71",
    "3,1234,123456789,-;usb 1-1.4: device descriptor read/64, error -71",
    "[  +0.000123] usb 1-1.4: device descriptor read/64, error -71",
    "[Jun 3 12:34] usb 1-1.4: device descriptor read/64, error -71",
    "> [  123.456789] usb 1-1.4: device descriptor read/64, error -71",
    "ноя 25 12:24:57 valik-comp kernel: usb 1-1.4: device descriptor read/64, error -71",
    "Mär 02 14:11:07 drucker kernel: usb 1-1.4: device descriptor read/64, error -71",
    "[Sa Mär  2 14:11:07 2024] usb 1-1.4: device descriptor read/64, error -71",
    "Jun 03 12:34:56.123456 raspberrypi kernel: usb 1-1.4: device descriptor read/64, error -71",
    "[98822.391791]` usb 1-1.4: device descriptor read/64, error -71",
    "  284.973396] usb 1-1.4: device descriptor read/64, error -71",
]


@pytest.mark.parametrize("line", PREFIXES)
def test_every_prefix_gives_the_same_event(line: str) -> None:
    facts = parse(line)
    events = facts["kernel"]["events"]
    assert len(events) == 1, events
    assert events[0]["kind"] == "usb_descriptor_error"
    assert events[0]["port"] == "1-1.4"
    assert events[0]["code"] == -71
    assert events[0]["line"] == line.strip().removeprefix("> ")  # a Markdown quote is not part of the evidence


def test_split_prefix_keeps_time_and_process() -> None:
    assert split_prefix("[  5.250000] usb 1-1: x") == ("kernel", "usb 1-1: x", 5.25)
    proc, msg, _t = split_prefix("Jul 20 11:50:04 host ModemManager[1242]: <warn>  (ttyACM0) could not open serial device (2)")
    assert proc == "ModemManager" and msg.startswith("<warn>")
    # a dmesg line whose driver name looks like a host and a process is still the kernel's
    assert split_prefix("[  3.1] ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0")[0] == "kernel"


# ---- kernel log: message families, old and new wordings ---------------------------------------------------

MESSAGES = [
    ("usb 1-1.4: new full-speed USB device number 26 using xhci_hcd", "usb_new_device", {"port": "1-1.4", "address": 26, "speed": "full"}),
    ("usb 1-1: new full speed USB device using uhci_hcd and address 2", "usb_new_device", {"address": 2, "driver": "uhci_hcd"}),
    ("usb 2-1: new SuperSpeed Gen 1 USB device number 2 using xhci_hcd", "usb_new_device", {"port": "2-1"}),
    ("usb 1-1: new high-speed USB device number 3 using ehci-pci", "usb_new_device", {"speed": "high"}),
    ("usb 1-4: New USB device found, idVendor=1a86, idProduct=7523, bcdDevice= 2.64", "usb_device_ids", {"vid": "1a86", "pid": "7523"}),
    ("usb 1-1.3: New USB device found, idVendor=03eb, idProduct=2fef", "usb_device_ids", {"vid": "03eb", "pid": "2fef"}),
    ("usb 1-1: device descriptor read/8, error -110", "usb_descriptor_error", {"code": -110}),
    ("usb 1-1: device descriptor read/all, error -71", "usb_descriptor_error", {"code": -71}),
    ("usb 1-1: string descriptor 0 read error: -71", "usb_descriptor_error", {"code": -71}),
    ("usb 1-1: can't read configurations, error -71", "usb_descriptor_error", {"code": -71}),
    ("usb 1-1: unable to read config index 0 descriptor/start: -71", "usb_descriptor_error", {"code": -71}),
    ("usb 1-1: can't set config #1, error -71", "usb_descriptor_error", {"code": -71}),
    ("usb 1-2: device not accepting address 9, error -71", "usb_address_error", {"address": 9, "code": -71}),
    ("usb 1-2: Device not responding to setup address.", "usb_address_error", {"port": "1-2"}),
    ("usb usb1-port3: unable to enumerate USB device", "usb_enumerate_failed", {"port": "1-3"}),
    ("usb 1-3: unable to get BOS descriptor or descriptor too short", "usb_descriptor_error", {"port": "1-3"}),
    ("hub 1-1:1.0: hub_ext_port_status failed (err = -71)", "usb_hub_error", {"code": -71}),
    ("usb usb3-port2: Cannot enable. Maybe the USB cable is bad?", "usb_cannot_enable", {"port": "3-2"}),
    ("hub 1-0:1.0: unable to enumerate USB device on port 2", "usb_enumerate_failed", {"port": "1-2"}),
    ("usb 1-1-port1: Cannot enable. Maybe the USB cable is bad?", "usb_cannot_enable", {"port": "1-1.1"}),
    ("hub 2-1:1.0: Cannot enable port 3.  Maybe the USB cable is bad?", "usb_cannot_enable", {"port": "2-1.3"}),
    ("usb 1-1-port4: attempt power cycle", "usb_power_cycle", {"port": "1-1.4"}),
    ("usb 2-1.2: USB disconnect, device number 3", "usb_disconnect", {"port": "2-1.2", "address": 3}),
    ("usb 1-1: USB disconnect, address 2", "usb_disconnect", {"address": 2}),
    ("usb 1-1: reset full-speed USB device number 4 using dwc_otg", "usb_reset", {"address": 4}),
    ("usb 2-1-port2: disabled by hub (EMI?), re-enabling...", "usb_emi_disabled", {"port": "2-1.2"}),
    ("hub 2-1:1.0: port 2 disabled by hub (EMI?), re-enabling...", "usb_emi_disabled", {"port": "2-1.2"}),
    ("usb usb1-port1: over-current condition", "usb_over_current", {"port": "1-1"}),
    ("hub 1-0:1.0: over-current change on port 1", "usb_over_current", {"port": "1-1"}),
    ("Under-voltage detected! (0x00050005)", "under_voltage", {}),
    ("hwmon hwmon1: Undervoltage detected!", "under_voltage", {}),
    ("Voltage normalised (0x00000000)", "voltage_normal", {}),
    ("ch341-uart ttyUSB0: usb_serial_generic_write_bulk_callback - nonzero urb status: -71", "urb_error", {"code": -71}),
    ("cdc_acm 1-1:1.0: acm_ctrl_irq - urb shutting down with status: -71", "urb_error", {"code": -71}),
    ("ch341-uart ttyUSB0: usb_serial_generic_read_bulk_callback - urb stopped: -32", "urb_error", {"code": -32}),
    ("usb 2-1.2: ch341_read_int_callback - usb_submit_urb failed: -19", "urb_error", {"code": -19}),
    ("cdc_acm 1-1.4:1.0: failed status -71", "urb_error", {"code": -71}),
    ("ch341 1-4:1.0: ch341-uart converter detected", "usb_serial_detected", {"driver": "ch341", "port": "1-4"}),
    ("usb 1-4: ch341-uart converter now attached to ttyUSB0", "tty_attached", {"tty": "ttyUSB0", "driver": "ch341-uart"}),
    ("usb 1-1: FTDI USB Serial Device converter now attached to ttyUSB0", "tty_attached", {"tty": "ttyUSB0"}),
    ("usb 1-1: cp210x converter now attached to ttyUSB1", "tty_attached", {"tty": "ttyUSB1", "driver": "cp210x"}),
    ("cdc_acm 1-1.4:1.0: ttyACM0: USB ACM device", "tty_attached", {"tty": "ttyACM0", "driver": "cdc_acm", "port": "1-1.4"}),
    ("ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0", "tty_detached", {"tty": "ttyUSB0"}),
    ("ch34x 3-4.2:1.0: device disconnected", "tty_detached", {"port": "3-4.2"}),
    ("usb 3-4.2: usbfs: interface 0 claimed by ch341 while 'brltty' sets config #1", "usbfs_claim_conflict", {"process": "brltty", "driver": "ch341"}),
    ("usb 1-2: usbfs: process 4021 (brltty) did not claim interface 0 before use", "usbfs_claim_conflict", {"process": "brltty"}),
    ("input: BRLTTY 6.4 Linux Screen Driver Keyboard as /devices/virtual/input/input22", "brltty_activity", {}),
    ("can: controller area network core", "can_core", {}),
    ("gs_usb 1-1.2:1.0: Configuring for 1 interfaces", "gs_usb_probe", {"count": 1}),
    ("gs_usb 1-1:1.0 can0: bus-off", "can_bus_off", {"interface": "can0"}),
    ("usbcore: registered new interface driver cdc_acm", "driver_registered", {"driver": "cdc_acm"}),
    ("usbserial: USB Serial support registered for ch341-uart", "driver_registered", {"driver": "ch341-uart"}),
    ("cdc_acm: probe of 1-1:1.0 failed with error -22", "driver_probe_failed", {"code": -22}),
]


@pytest.mark.parametrize("msg,kind,attrs", MESSAGES, ids=[m[1] + "-" + str(i) for i, m in enumerate(MESSAGES)])
def test_message_families(msg: str, kind: str, attrs: dict[str, Any]) -> None:
    if kind == "can_bus_off":  # the CAN log parser (can_kernel.py) owns `canN: bus-off` lines in a paste now
        result = parse_message("kernel", msg)
        assert result is not None and result[0] == kind and all(result[1].get(k) == v for k, v in attrs.items())
        return
    events = parse(f"[   12.000000] {msg}")["kernel"]["events"]
    assert [e["kind"] for e in events] == [kind]
    for key, value in attrs.items():
        assert events[0].get(key) == value, (key, events[0])


def test_brltty_started_by_systemd() -> None:
    facts = parse("""
Jun 10 10:00:00 desk kernel: usb 1-1: ch341-uart converter now attached to ttyUSB0
Jun 10 10:00:01 desk systemd[1]: Started Braille Device Support.
Jun 10 10:00:01 desk kernel: ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0
""")
    assert kinds(facts) == ["tty_attached", "brltty_activity", "tty_detached"]
    assert ids(facts)[0] == "SER001"


def test_unrelated_kernel_lines_are_ignored() -> None:
    assert parse_message("kernel", "EXT4-fs (mmcblk0p2): mounted filesystem with ordered data mode") is None
    assert parse_message("kernel", "Bluetooth: hci0: Frame reassembly failed (-84)") is None
    assert parse_message("sshd", "usb 1-1: device descriptor read/64, error -71") is None


def test_device_strings_attach_to_the_device() -> None:
    facts = parse("""
usb 1-1.3: new full-speed USB device number 5 using xhci_hcd
usb 1-1.3: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00
usb 1-1.3: New USB device strings: Mfr=1, Product=2, SerialNumber=3
usb 1-1.3: Product: stm32f446xx
usb 1-1.3: Manufacturer: Klipper
usb 1-1.3: SerialNumber: 2E0043000551313133353932
cdc_acm 1-1.3:1.0: ttyACM0: USB ACM device
""")
    ev = [e for e in facts["kernel"]["events"] if e["kind"] == "usb_device_ids"][0]
    assert (ev["vid"], ev["pid"], ev["product"], ev["manufacturer"], ev["serial"]) == (
        "1d50", "614e", "stm32f446xx", "Klipper", "2E0043000551313133353932")
    assert kinds(facts) == ["usb_new_device", "usb_device_ids", "tty_attached"]


def test_modemmanager_journal_lines() -> None:
    facts = parse("""
Jul 20 11:50:10 desk ModemManager[1242]: <info>  [base-manager] couldn't check support for device '/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2': not supported by any plugin
Jul 20 11:50:04 desk ModemManager[1242]: <warn>  (ttyACM0) could not open serial device (2)
Jul 20 11:50:05 desk ModemManager[1242]: <info>  ModemManager (version 1.18.6) starting in system bus...
""")
    events = facts["kernel"]["events"]
    assert [e["kind"] for e in events] == ["modemmanager_probe", "modemmanager_probe"]
    assert events[1]["tty"] == "ttyACM0"


def test_mixed_paste_keeps_kernel_block_separate() -> None:
    facts = parse("""
Here is my dmesg:
[ 5.1] usb 1-1: new full-speed USB device number 2 using xhci_hcd
[ 5.2] usb 1-1: device descriptor read/64, error -71
and then pronterface says
Serial error: could not open port /dev/ttyACM0: [Errno 2] No such file or directory: '/dev/ttyACM0'
""")
    assert kinds(facts) == ["usb_new_device", "usb_descriptor_error"]
    ev = facts["serial"]["runs"][0]["events"][0]
    assert ev["kind"] == "serial_no_such_port" and ev["port"] == "/dev/ttyACM0"


# ---- serial-port error messages --------------------------------------------------------------------------

SERIAL = [
    ("Serial error: could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'", "serial_permission_denied", "/dev/ttyACM0"),
    ("serial.serialutil.SerialException: [Errno 13] could not open port /dev/ttyUSB0: [Errno 13] Permission denied: '/dev/ttyUSB0'", "serial_permission_denied", "/dev/ttyUSB0"),
    ('avrdude: ser_open(): can\'t open device "/dev/ttyACM0": Permission denied', "serial_permission_denied", "/dev/ttyACM0"),
    ("FATAL: cannot open /dev/ttyUSB0: Permission denied", "serial_permission_denied", "/dev/ttyUSB0"),
    ("No permission to access device /dev/serial/by-id/usb-katapult_rp2040_E66-if00", "serial_permission_denied", "/dev/serial/by-id/usb-katapult_rp2040_E66-if00"),
    ("SerialException: '[Errno 11] Could not exclusively lock port /dev/ttyACM0: [Errno 11] Resource temporarily unavailable'", "serial_port_locked", "/dev/ttyACM0"),
    ("serial.serialutil.SerialException: device reports readiness to read but returned no data (device disconnected or multiple access on port?)", "serial_multiple_access", None),
    ("could not open port /dev/ttyACM0: [Errno 16] Device or resource busy: '/dev/ttyACM0'", "serial_port_busy", "/dev/ttyACM0"),
    ("minicom: cannot open /dev/ttyUSB0: Device or resource busy", "serial_port_busy", "/dev/ttyUSB0"),
    ("Error opening serial port '/dev/ttyUSB0'. (Port busy)", "serial_port_busy", "/dev/ttyUSB0"),
    ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyUSB0: [Errno 2] No such file or directory: '/dev/ttyUSB0'", "serial_no_such_port", "/dev/ttyUSB0"),
    ("No Serial Device found at /dev/ttyACM1", "serial_no_such_port", "/dev/ttyACM1"),
    ("Unable to find tty device", "serial_tty_not_found", None),
    ("Serial device /dev/ttyACM0 in use by another program.", "serial_in_use", "/dev/ttyACM0"),
    ("could not open port /dev/ttyACM0: [Errno 5] Input/output error: '/dev/ttyACM0'", "serial_io_error", "/dev/ttyACM0"),
    ("Failed to open serial port '/dev/ttyACM0': Device or resource busy", "serial_port_busy", "/dev/ttyACM0"),
    ("OSError: [Errno 16] Device or resource busy: '/dev/ttyUSB0'", "serial_port_busy", "/dev/ttyUSB0"),
    ("could not open port '/dev/ttyACM0': [Errno 5] could not open port /dev/ttyACM0: [Errno 5] Input/output error: '/dev/ttyACM0'", "serial_io_error", "/dev/ttyACM0"),
]


@pytest.mark.parametrize("line,kind,port", SERIAL, ids=[s[1] + "-" + str(i) for i, s in enumerate(SERIAL)])
def test_serial_messages(line: str, kind: str, port: str | None) -> None:
    result = classify(line)
    assert result is not None and result[0] == kind, result
    assert result[1].get("port") == port


@pytest.mark.parametrize("line", [
    "OSError: [Errno 19] No such device",  # a CAN socket, not a tty
    "Error: libusb_open() failed with LIBUSB_ERROR_ACCESS",
    "libusb: error [_get_usbfs_fd] libusb couldn't open USB device /dev/bus/usb/001/005: Permission denied",
    "cp: cannot stat 'out/klipper.bin': No such file or directory",
    "mv: cannot move 'a' to 'b': Permission denied",
])
def test_non_serial_errors_are_not_claimed(line: str) -> None:
    assert classify(line) is None


def test_serial_messages_pasted_alone_are_recognised() -> None:
    """Alone in a paste, each wording yields its kind (in serial.runs, or in the run of the tool that printed
    it: avrdude's parser emits the same kinds through classify())."""
    from doctor.facts import iter_events

    for line, kind, _port in SERIAL:
        facts = parse(line)
        assert kind in [e.get("kind") for _ns, e in iter_events(facts)], (line, facts)


def test_katapult_in_use_block_names_the_holder() -> None:
    facts = parse("""
Serial device /dev/ttyACM0 in use by another program.
Process ID: 812
Process Systemd Unit Name: klipper.service
""")
    port = facts["serial"]["ports"][0]
    assert port["device"] == "/dev/ttyACM0"
    assert port["holders"] == [{"pid": 812, "unit": "klipper.service"}]
    facts = parse("""
Serial device /dev/ttyUSB0 in use by another program.
Process ID: 4242
Command Line: /home/pi/klippy-env/bin/python /home/pi/klipper/klippy/klippy.py /home/pi/printer.cfg
""")
    assert facts["serial"]["ports"][0]["holders"][0]["comm"] == "klippy.py"


# ---- ls, id, systemctl, fuser ------------------------------------------------------------------------------

def test_ls_by_id_long_and_plain() -> None:
    facts = parse("""
$ ls -l /dev/serial/by-id/
total 0
lrwxrwxrwx 1 root root 13 Jun  2 22:02 usb-Klipper_stm32f446xx_2E0043000551313133353932-if00 -> ../../ttyACM0
lrwxrwxrwx 1 root root 13 Jun  2 22:02 usb-1a86_USB2.0-Serial-if00-port0 -> ../../ttyUSB0
""")
    by_id = facts["serial"]["by_id"]
    assert [(e["name"], e["target"]) for e in by_id] == [
        ("usb-Klipper_stm32f446xx_2E0043000551313133353932-if00", "/dev/ttyACM0"),
        ("usb-1a86_USB2.0-Serial-if00-port0", "/dev/ttyUSB0"),
    ]
    plain = parse("/dev/serial/by-id/usb-katapult_rp2040_E6614C311B4B5A2B-if00\n")
    assert plain["serial"]["by_id"][0]["name"] == "usb-katapult_rp2040_E6614C311B4B5A2B-if00"


def test_ls_by_path_and_nodes() -> None:
    facts = parse("""
lrwxrwxrwx 1 root root 13 Jan  1 10:00 platform-fd500000.pcie-pci-0000:01:00.0-usb-0:1.3:1.0 -> ../../ttyACM0
crw-rw---- 1 root dialout 166, 0 Jun  2 22:02 /dev/ttyACM0
crw-rw----+ 1 root uucp 188, 0 2024-06-02 22:02 /dev/ttyUSB0
crw-rw-r-- 1 root root 189, 4 Jun  2 22:02 /dev/bus/usb/001/005
ls: cannot access '/dev/ttyUSB*': No such file or directory
/dev/ttyUSB1  /dev/ttyACM1
""")
    s = facts["serial"]
    assert s["by_path"][0]["target"] == "/dev/ttyACM0"
    nodes = {n["device"]: n for n in s["nodes"]}
    assert nodes["/dev/ttyACM0"]["group"] == "dialout" and nodes["/dev/ttyACM0"]["mode"] == "crw-rw----"
    assert nodes["/dev/ttyUSB0"]["group"] == "uucp" and nodes["/dev/ttyUSB0"]["acl"] is True
    assert "/dev/ttyUSB1" in nodes and "/dev/ttyACM1" in nodes
    assert s["missing"][0]["path"] == "/dev/ttyUSB*"
    usb = facts["usb"]["devices"][0]
    assert (usb["bus"], usb["address"], usb["node_mode"], usb["node_group"]) == (1, 5, "0664", "root")


@pytest.mark.parametrize("line", [
    "crw-rw---- 1 root dialout 166, 0  2. Jun 22:02 /dev/ttyACM0",
    "crw-rw---- 1 root dialout 166, 0 juin   2 22:02 /dev/ttyACM0",
    "crw-rw---- 1 root dialout 166, 0 6月  2 22:02 /dev/ttyACM0",
    "crw-rw---- 1 root dialout 166, 0 Jun  2  2023 /dev/ttyACM0",
    "crw-rw---- 1 root dialout 166, 0 2024-06-02 22:02:10.123456789 +0200 /dev/ttyACM0",
])
def test_ls_dates_in_any_locale(line: str) -> None:
    node = parse(line)["serial"]["nodes"][0]
    assert (node["device"], node["group"], node["mode"]) == ("/dev/ttyACM0", "dialout", "crw-rw----")


def test_ls_missing_in_another_language() -> None:
    facts = parse("ls: Zugriff auf '/dev/ttyUSB*' nicht möglich: Datei oder Verzeichnis nicht gefunden")
    assert facts["serial"]["missing"][0]["path"] == "/dev/ttyUSB*"


def test_id_and_groups() -> None:
    facts = parse("uid=1000(pi) gid=1000(pi) groups=1000(pi),4(adm),20(dialout),27(sudo)")
    assert facts["host"]["user"] == {"uid": 1000, "name": "pi", "groups": ["pi", "adm", "dialout", "sudo"]}
    assert parse("pi : pi adm sudo plugdev")["host"]["user"]["groups"] == ["pi", "adm", "sudo", "plugdev"]
    assert parse("alice wheel uucp lock")["host"]["user"]["groups"] == ["alice", "wheel", "uucp", "lock"]
    assert "host" not in parse("my user is in the dialout and tty groups", [IdGroupsParser])
    assert parse("uid=1000(pi) gid=1000(pi) Gruppen=1000(pi),20(dialout)")["host"]["user"]["groups"] == ["pi", "dialout"]
    assert parse("uid=0(root) gid=0(root) groups=0(root)")["host"]["is_root"] is True


def test_systemctl_status_and_is_active() -> None:
    facts = parse("""
● ModemManager.service - Modem Manager
     Loaded: loaded (/lib/systemd/system/ModemManager.service; enabled; vendor preset: enabled)
     Active: active (running) since Wed 2022-07-20 11:50:04 MSK; 8h ago
   Main PID: 1242 (ModemManager)
     CGroup: /system.slice/ModemManager.service
             └─1242 /usr/sbin/ModemManager
Jul 20 11:50:04 desk ModemManager[1242]: <warn>  (ttyACM0) could not open serial device (2)
""")
    assert facts["host"]["services"] == {"ModemManager": "active"}
    assert kinds(facts) == ["modemmanager_probe"]
    facts = parse("""
$ systemctl is-active ModemManager brltty klipper
inactive
active
active
Unit brltty-udev.service could not be found.
○ klipper-mcu.service - Klipper MCU
     Loaded: loaded (/etc/systemd/system/klipper-mcu.service; disabled; preset: enabled)
     Active: inactive (dead)
""")
    assert facts["host"]["services"] == {
        "ModemManager": "inactive", "brltty": "active", "klipper": "active", "brltty-udev": "not-found", "klipper-mcu": "inactive"}


def test_boot_cmdline_serial_console() -> None:
    facts = parse("console=serial0,115200 console=tty1 root=PARTUUID=738a4d67-02 rootfstype=ext4 fsck.repair=yes rootwait")
    assert facts["host"]["serial_console"] is True
    facts = parse("console=tty1 root=PARTUUID=738a4d67-02 rootfstype=ext4 rootwait quiet splash")
    assert facts["host"]["serial_console"] is False
    facts["klipper"] = {"printer_cfg": {"mcus": [{"name": "mcu", "serial": "/dev/ttyAMA0"}]}}
    assert "SER006" not in ids(facts)
    facts["host"]["boot_cmdline"] = "console=serial0,115200 console=tty1 root=PARTUUID=1 rootwait"
    assert ids(facts)[0] == "SER006"


def test_fuser_and_lsof() -> None:
    facts = parse("""
                     USER        PID ACCESS COMMAND
/dev/ttyACM0:        pi          812 F.... python
                     pi         1240 F.... octoprint
""")
    port = facts["serial"]["ports"][0]
    assert port["device"] == "/dev/ttyACM0" and [h["pid"] for h in port["holders"]] == [812, 1240]
    facts = parse("""
COMMAND  PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME
python3  812   pi    7u   CHR  166,0      0t0  530 /dev/ttyACM0
""")
    assert facts["serial"]["ports"][0]["holders"][0] == {"pid": 812, "comm": "python3", "user": "pi", "access": "7u"}
    assert parse("/dev/ttyUSB0:          812  913")["serial"]["ports"][0]["holders"] == [{"pid": 812}, {"pid": 913}]


# ---- facts -> findings --------------------------------------------------------------------------------------

def test_enumeration_failure_that_recovered_is_not_an_error() -> None:
    facts = parse("""
usb 1-1: new full-speed USB device number 2 using xhci_hcd
usb 1-1: device descriptor read/64, error -71
usb 1-1: new full-speed USB device number 3 using xhci_hcd
usb 1-1: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00
""")
    found = evaluate(facts)
    usb002 = [f for f in found if f.id == "USB002"]
    assert usb002 and usb002[0].severity == "info"


def test_enumeration_failure_on_a_port_that_now_holds_a_device_is_not_an_error() -> None:
    facts = parse("usb 1-1.4: device descriptor read/64, error -71")
    assert [f.severity for f in evaluate(facts) if f.id == "USB002"] == ["error"]
    facts["usb"] = {"devices": [{"vid": "1d50", "pid": "614e", "port_path": "1-1.4"}]}
    assert [f.severity for f in evaluate(facts) if f.id == "USB002"] == ["info"]


def test_enumeration_failure_asks_cable_or_clock() -> None:
    facts = parse("usb 1-1.4: device descriptor read/64, error -32\nusb 1-1.4: device descriptor read/64, error -32")
    first = evaluate(facts)[0]
    assert first.id == "USB002" and first.severity == "error"
    assert first.ask and "firmware" in first.ask and "FW003" in first.alternatives


def test_brltty_from_systemctl_and_lsusb_like_facts() -> None:
    facts = parse("""
$ systemctl is-active brltty-udev
active
ls: cannot access '/dev/ttyUSB*': No such file or directory
""")
    facts["usb"] = {"devices": [{"vid": "1a86", "pid": "7523", "kind": "usb-serial", "role_name": "CH340", "line": "Bus 001 Device 004: ID 1a86:7523 QinHeng Electronics CH340 serial converter"}]}
    assert ids(facts)[0] == "SER001"


def test_permission_with_ls_and_id_names_the_group() -> None:
    facts = parse("""
crw-rw---- 1 root uucp 166, 0 Jun  2 22:02 /dev/ttyACM0
uid=1000(alice) gid=1000(alice) groups=1000(alice),998(wheel)
""")
    first = evaluate(facts)[0]
    assert first.id == "SER004" and "uucp" in first.message


def test_in_group_user_gets_no_permission_finding() -> None:
    facts = parse("""
crw-rw---- 1 root dialout 166, 0 Jun  2 22:02 /dev/ttyACM0
uid=1000(pi) gid=1000(pi) groups=1000(pi),20(dialout)
""")
    assert "SER004" not in ids(facts)


def test_katapult_path_swap_is_ser005() -> None:
    facts = parse("""
lrwxrwxrwx 1 root root 13 Jun  2 22:02 usb-Klipper_stm32f446xx_2E0043000551313133353932-if00 -> ../../ttyACM0
""")
    facts["klipper"] = {"printer_cfg": {"path": "printer.cfg", "mcus": [
        {"name": "mcu", "serial": "/dev/serial/by-id/usb-katapult_stm32f446xx_2E0043000551313133353932-if00", "line": "[mcu]"}]}}
    first = evaluate(facts)[0]
    assert first.id == "SER005" and "katapult-prefix" in first.message


def test_held_port_live_is_information_pasted_is_error() -> None:
    live = {"serial": {"ports": [{"device": "/dev/ttyACM0", "origin": "live", "holders": [{"pid": 812, "comm": "minicom"}]}]}}
    f = [x for x in evaluate(live) if x.id == "SER003"][0]
    assert f.severity == "info"
    # Klipper holding its own port is how it runs (issue 11): no note; klippy beside another holder is a warning
    klippy = {"pid": 812, "comm": "python3", "unit": "klipper.service", "cmdline": "/home/pi/klippy-env/bin/python /home/pi/klipper/klippy/klippy.py"}
    assert [x for x in evaluate({"serial": {"ports": [{"device": "/dev/ttyACM0", "origin": "live", "holders": [klippy]}]}}) if x.id == "SER003"] == []
    both = {"serial": {"ports": [{"device": "/dev/ttyACM0", "origin": "live", "holders": [klippy, {"pid": 900, "comm": "minicom"}]}]}}
    assert [x.severity for x in evaluate(both) if x.id == "SER003"][:1] == ["warning"]
    pasted = parse("/dev/ttyACM0:          812")
    f = [x for x in evaluate(pasted) if x.id == "SER003"][0]
    assert f.severity == "error"


def test_baud_mismatch_only_on_uart() -> None:
    def facts(serial: str) -> dict[str, Any]:
        return {"klipper": {"config": {"values": {"CONFIG_SERIAL_BAUD": "250000"}},
                            "printer_cfg": {"mcus": [{"name": "mcu", "serial": serial, "baud": 115200}]}}}

    assert "SER007" in ids(facts("/dev/ttyS0"))
    assert "SER007" not in ids(facts("/dev/ttyACM0"))


# ---- the live kernel probe ------------------------------------------------------------------------------

def _fake(results: dict[str, runner.ToolRun]) -> Any:
    def run(argv: list[str], **_kw: Any) -> runner.ToolRun:
        return results[argv[0]]
    return run


DMESG = "[    5.100000] usb 1-1: new full-speed USB device number 2 using xhci_hcd\n[    5.200000] EXT4-fs (sda1): mounted\n[    5.300000] usb 1-1: device descriptor read/64, error -71\n"


def test_probe_reads_dmesg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "run", _fake({"dmesg": runner.ToolRun(["dmesg"], "dmesg", "ok", 0, stdout=DMESG)}))
    facts = kernel_probe.collect(None)
    k = facts["kernel"]
    assert k["status"] == "ok" and k["source"] == "dmesg"
    assert [e["kind"] for e in k["events"]] == ["usb_new_device", "usb_descriptor_error"]
    assert all(e["origin"] == "live" for e in k["events"])
    assert facts["tool_runs"][0]["stdout"] == "" and facts["tool_runs"][0]["extra"]["stdout_lines"] == 3


def test_probe_falls_back_to_journal_then_kmsg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    denied = runner.ToolRun(["dmesg"], "dmesg", "failed", 1, stderr="dmesg: read kernel buffer failed: Operation not permitted\n")
    journal = runner.ToolRun(["journalctl"], "journalctl", "ok", 0, stdout="Jun 03 12:34:56 pi kernel: usb 1-1: USB disconnect, device number 3\n")
    monkeypatch.setattr(runner, "run", _fake({"dmesg": denied, "journalctl": journal}))
    k = kernel_probe.collect(None)["kernel"]
    assert k["source"] == "journalctl -k" and k["events"][0]["kind"] == "usb_disconnect"
    assert k["attempts"][0]["source"] == "dmesg" and "Operation not permitted" in k["attempts"][0]["reason"]

    empty = runner.ToolRun(["journalctl"], "journalctl", "ok", 0, stdout="-- No entries --\n")
    kmsg = tmp_path / "kmsg"
    kmsg.write_text("6,100,5000000,-;usb 1-1: new full-speed USB device number 4 using xhci_hcd\n SUBSYSTEM=usb\n")
    monkeypatch.setattr(runner, "run", _fake({"dmesg": denied, "journalctl": empty}))
    monkeypatch.setattr(kernel_probe, "KMSG_PATH", str(kmsg))
    monkeypatch.setattr(kernel_probe.read_kmsg, "__defaults__", (str(kmsg),))
    k = kernel_probe.collect(None)["kernel"]
    assert k["status"] == "ok" and k["events"][0]["kind"] == "usb_new_device"
    assert [a["source"] for a in k["attempts"]] == ["dmesg", "journalctl -k"]


def test_probe_unavailable_is_a_fact(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = runner.ToolRun(["dmesg"], "dmesg", "missing", error="dmesg is not installed (not on PATH)")
    monkeypatch.setattr(runner, "run", _fake({"dmesg": missing, "journalctl": missing}))
    monkeypatch.setattr(kernel_probe.read_kmsg, "__defaults__", (str(tmp_path / "absent"),))
    k = kernel_probe.collect(None)["kernel"]
    assert k["status"] == "unavailable"
    assert "dmesg" in k["reason"] and "absent" not in k["reason"] and len(k["attempts"]) == 3


def test_parse_text_marks_live_origin() -> None:
    fragment = parse_text("could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'", "pyserial")
    assert fragment["serial"]["runs"][0]["origin"] == "live"


def test_parser_classes_are_registered() -> None:
    from doctor.parsers import load_all

    registry = load_all()
    for cls in (KernelLogParser, SerialErrorsParser, LsDevParser, IdGroupsParser, SystemctlParser, FuserParser, BootCmdlineParser):
        assert cls in registry


@pytest.mark.parametrize("facts", [
    {},
    {"kernel": {}, "serial": {}, "host": {}, "usb": {}, "klipper": {}},
    {"kernel": {"events": []}, "serial": {"ports": [{"device": "/dev/ttyACM0"}], "runs": [{"events": []}]}},
    {"kernel": {"events": [{"kind": "usb_reset"}]}, "serial": {"ports": [{"holders": None}]}, "host": {"services": {"ModemManager": "active"}}},
    {"answers": {"replugged": "no"}, "klipper": {"printer_cfg": {"mcus": [{"name": "mcu"}]}, "log": {"events": [{"kind": "mcu_connect_timeout"}]}}},
])
def test_entries_never_raise_on_sparse_facts(facts: dict[str, Any]) -> None:
    assert all(f.severity in ("error", "warning", "info") for f in evaluate(facts))


PASTES = Path(__file__).parent / "pastes_kernel"
PASTE_DIRS = sorted(p for p in PASTES.iterdir() if (p / "expect").exists())


@pytest.mark.parametrize("case", PASTE_DIRS, ids=[p.name for p in PASTE_DIRS])
def test_pastes_first_finding(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Whole pastes through `doctor analyze --json` with every entry: the first finding is one of `expect`."""
    import json
    import shutil

    from doctor.cli import main

    files = []
    for i, text in enumerate(sorted(p for p in case.iterdir() if p.name != "expect"), start=1):
        dest = tmp_path / f"{i}.txt"
        shutil.copyfile(text, dest)
        files.append(str(dest))
    capsys.readouterr()
    main(["analyze", "--json", *files])
    findings = json.loads(capsys.readouterr().out)["findings"]
    expect = (case / "expect").read_text().split()
    assert findings and findings[0]["id"] in expect, [(f["id"], f["message"]) for f in findings]
    assert findings[0]["evidence"]
    assert "{" not in findings[0]["message"], findings[0]["message"]  # every {field} of the message was filled


@pytest.mark.parametrize("entry_id", MY_ENTRIES)
def test_bad_examples_fill_every_message_field(entry_id: str) -> None:
    entry = next(e for e in _mine() if e.id == entry_id)
    for example in entry.examples:
        if example["kind"] != "bad":
            continue
        finding = next(f for f in engine.evaluate(example["facts"], [entry]) if f.id == entry_id)
        assert "{" not in finding.message, (example["name"], finding.message)
        assert finding.evidence, example["name"]


def test_long_logs_stay_bounded_and_keep_first_and_latest() -> None:
    parser = KernelLogParser("big")
    lines = ["usb 1-1: device descriptor read/64, error -71"]
    lines += [f"[{i}.000000] ch341-uart ttyUSB0: usb_serial_generic_read_bulk_callback - nonzero urb status: -71" for i in range(10_000)]
    lines += ["usb 2-1-port2: disabled by hub (EMI?), re-enabling..."]
    for i, line in enumerate(lines, start=1):
        parser.feed(i, line)
    kernel = parser.finish()["kernel"]
    events = kernel["events"]
    assert len(events) <= KernelLogParser.KEEP_RECENT + 10
    assert events[0]["kind"] == "usb_descriptor_error" and events[-1]["kind"] == "usb_emi_disabled"
    assert kernel["counts"]["urb_error"] == 10_000
    assert [e["lineno"] for e in events] == sorted(e["lineno"] for e in events)


# ---- the message table (kernel_log.MESSAGES) ------------------------------------------------------------------

from doctor.parsers import kernel_log as _kl  # noqa: E402


@pytest.mark.parametrize("row", _kl.MESSAGES, ids=[f"{r.kind}-{i}" for i, r in enumerate(_kl.MESSAGES)])
def test_every_kernel_row_example_gives_its_kind(row: Any) -> None:
    assert row.example and row.src, row
    result = _kl.parse_message("kernel", row.example)
    assert result is not None and result[0] == row.kind, (row.example, result)


@pytest.mark.parametrize("row", [r for r in _kl.MESSAGES if r.kind not in ("usb_string", "can_bus_off", "can_core", "gs_usb_probe")],
                         ids=lambda r: str(r.kind))
def test_every_kernel_row_is_taken_by_the_kernel_parser_with_a_dmesg_prefix(row: Any) -> None:
    facts = parse(f"[ 4242.123456] {row.example}")
    assert row.kind in [e["kind"] for e in facts.get("kernel", {}).get("events", [])]


def test_a_disconnect_forgets_the_device_strings_of_its_port() -> None:
    """State: Product/Manufacturer lines after a disconnect and re-enumeration belong to the new device."""
    facts = parse(
        "[ 1.0] usb 1-1: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00\n"
        "[ 1.1] usb 1-1: Product: stm32f103xe\n"
        "[ 9.0] usb 1-1: USB disconnect, device number 13\n"
        "[ 9.5] usb 1-1: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00\n"
        "[ 9.6] usb 1-1: Product: STM32  BOOTLOADER\n"
    )
    ids = [e for e in facts["kernel"]["events"] if e["kind"] == "usb_device_ids"]
    assert [e.get("product") for e in ids] == ["stm32f103xe", "STM32  BOOTLOADER"]
