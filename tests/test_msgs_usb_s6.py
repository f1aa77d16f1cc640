"""The USB layer under every board, session 6 (usb-cables): enumeration failures in the wordings the older rows
did not read (hub.c's connect-debounce, xhci's setup-device time-out, config.c's invalid config descriptor), the Mac's
IOUSBFamily / IOUSBHostFamily messages, Windows' hardware ids and placeholder ids of a device that failed to
enumerate, the descriptor-failure sentence in German and Russian Windows, the Raspberry Pi throttle mask, and kernel
lines that look like failures but are not (cdc-acm's "not a modem", xhci's evaluate-context warning, a control
message to a device already gone). Each becomes the event, and the first finding, the knowledge reads."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import analyze_files, kernel_log, parse_stream, windows_usb


def first(tmp_path: Any, text: str) -> tuple[str | None, list[Any]]:
    p = tmp_path / "paste.txt"
    p.write_text(text.strip("\n") + "\n", encoding="utf-8")
    found = engine.evaluate(analyze_files([str(p)]))
    return (found[0].id if found else None), found


def kernel_event(line: str) -> tuple[str, dict[str, Any]] | None:
    proc, msg, _ = kernel_log.split_prefix(line)
    return kernel_log.parse_message(proc, msg)


@pytest.mark.parametrize("line, kind, port", [
    ("[   30.981076] usb usb2-port1: connect-debounce failed", "usb_cannot_enable", "2-1"),
    ("Feb  4 23:54:39 amd kernel: hub 3-0:1.0: connect-debounce failed, port 1 disabled", "usb_cannot_enable", "3-1"),
    ("xhci_hcd 0000:0b:00.3: Timeout while waiting for setup device command", "usb_address_error", None),
    ("[   33.374333] usb 10-1: hub failed to enable device, error -62", "usb_address_error", "10-1"),
    ("[78841.902089] usb 2-8: invalid descriptor for config index 0: type = 0x0, length = 0", "usb_descriptor_error", "2-8"),
    ("USBF:    585.242    The IOUSBFamily is having trouble enumerating a USB device that has been plugged in.  "
     "It will keep retrying.  (Port 5 of Hub at 0x14000000)", "usb_descriptor_error", None),
    ("USBF:    596.681    The IOUSBFamily gave up enumerating a USB device after 10 retries.  (Port 5 of Hub at 0x14000000)",
     "usb_enumerate_failed", None),
    ("USBF:    12. 87    The IOUSBFamily was not able to enumerate a device.", "usb_enumerate_failed", None),
    ("kernel: (IOUSBHostFamily) usb-drd0-port-hs@00100000: AppleUSBHostPort::enumerateDeviceComplete_block_invoke: "
     "enumeration failed", "usb_enumerate_failed", None),
    ("kernel: (IOUSBHostFamily) usb-drd0-port-hs@00100000: AppleUSBHostPort::terminateDevice: destroying 0x0000/0000/0000 "
     "(IOUSBHostDevice): enumeration failure", "usb_enumerate_failed", None),
    ("[116709.481242]: 116709.481240 AppleUSB20XHCIPort@01400000: AppleUSBHostPort::disconnect: persistent enumeration failures",
     "usb_enumerate_failed", None),
    ("kernel: (IOUSBHostFamily) IOUSBHostDevice@00100000: IOUSBHostDevice::start_block_invoke: device descriptor fragment "
     "is invalid", "usb_descriptor_error", None),
    ("throttled=0x50005", "under_voltage", None),
    ("throttled=0x50000", "under_voltage", None),
    ("env.plugins.pi_support.throttle_state : 0x50005", "under_voltage", None),
])
def test_usb_failure_wordings_become_their_events(line: str, kind: str, port: str | None) -> None:
    got = kernel_event(line)
    assert got is not None and got[0] == kind
    assert got[1].get("port") == port
    # the splitter gives the line to the kernel-log parser
    events = parse_stream(iter([line]), "t").get("kernel", {}).get("events", [])
    assert [e["kind"] for e in events] == [kind]


@pytest.mark.parametrize("mask", ["throttled=0x0", "throttled=0x20002", "throttled=0x80008",
                                  "env.plugins.pi_support.throttle_state : 0x0"])
def test_a_throttle_mask_without_under_voltage_bits_is_no_under_voltage(tmp_path: Any, mask: str) -> None:
    assert kernel_event(mask) is None
    fid, found = first(tmp_path, mask)
    assert not any(f.severity in ("error", "warning") for f in found), fid


@pytest.mark.parametrize("line", [
    "Jan  9 10:10:22 wogglebug kernel: [1066586.156769] cdc_acm 3-2:1.0: This device cannot do calls on its own. It is not a modem.",
    "[   87.608513] usb 2-3: WARN: invalid context state for evaluate context command.",
    "[Fri Apr 10 15:37:33 2026] usb 4-1: failed to send control message: -19",
    "[24017.389225] usb 1-1.5: config 1 interface 0 altsetting 0 endpoint 0x81 has an invalid bInterval 255, changing to 11",
    "[24017.389238] usb 1-1.5: config 1 interface 1 altsetting 0 bulk endpoint 0x82 has invalid maxpacket 64",
    "usb 1-1: config 1 has an invalid descriptor of length 0, skipping remainder of the config",
])
def test_failure_looking_kernel_lines_that_are_not_failures(line: str) -> None:
    assert kernel_log.KernelLogParser.table.benign(line.strip())
    got = kernel_event(line)
    assert got is not None and got[0] == "usb_notice"


def test_a_healthy_cdc_acm_attach_with_the_not_a_modem_line_gives_no_warning(tmp_path: Any) -> None:
    text = """
Jan  9 10:10:21 wogglebug kernel: [1066586.000097] usb 3-2: new full speed USB device using uhci_hcd and address 19
Jan  9 10:10:22 wogglebug kernel: [1066586.153101] usb 3-2: New USB device found, idVendor=16c0, idProduct=0483
Jan  9 10:10:22 wogglebug kernel: [1066586.156769] cdc_acm 3-2:1.0: This device cannot do calls on its own. It is not a modem.
Jan  9 10:10:22 wogglebug kernel: [1066586.156863] cdc_acm 3-2:1.0: ttyACM0: USB ACM device
"""
    fid, found = first(tmp_path, text)
    assert not any(f.severity in ("error", "warning") for f in found), fid


def test_a_control_message_failing_with_another_code_is_not_benign() -> None:
    assert not kernel_log.KernelLogParser.table.benign("usb 4-1: failed to send control message: -71")


def test_the_macs_enumeration_failures_are_usb002(tmp_path: Any) -> None:
    text = """
USBF:    585.242    The IOUSBFamily is having trouble enumerating a USB device that has been plugged in.  It will keep retrying.  (Port 5 of Hub at 0x14000000)
USBF:    590.634    The IOUSBFamily was not able to enumerate a device.
USBF:    596.681    The IOUSBFamily gave up enumerating a USB device after 10 retries.  (Port 5 of Hub at 0x14000000)
"""
    assert first(tmp_path, text)[0] == "USB002"


def test_an_apple_silicon_enumeration_failure_is_usb002(tmp_path: Any) -> None:
    text = """
kernel: (IOUSBHostFamily) IOUSBHostDevice@00100000: IOUSBHostDevice::start_block_invoke: device descriptor fragment is invalid
kernel: (IOUSBHostFamily) usb-drd0-port-hs@00100000: AppleUSBHostPort::enumerateDeviceComplete_block_invoke: enumeration failed
"""
    assert first(tmp_path, text)[0] == "USB002"


def test_connect_debounce_and_setup_device_timeouts_are_usb002(tmp_path: Any) -> None:
    assert first(tmp_path, "[   30.981076] usb usb2-port1: connect-debounce failed")[0] == "USB002"
    text = """
usb 1-7: new full-speed USB device number 55
xhci_hcd: Timeout while waiting for setup device command
"""
    assert first(tmp_path, text)[0] == "USB002"


def test_pi_under_voltage_mask_is_usb003(tmp_path: Any) -> None:
    assert first(tmp_path, "throttled=0x50005")[0] == "USB003"


@pytest.mark.parametrize("line, kind", [
    ('- Hardware ID on the control boards reads "USB\\DEVICE_DESCRIPTOR_FAILURE"', "usb_descriptor_error"),
    ("Matching Device Id: USB\\CONFIGURATION_DESCRIPTOR_VALIDATION_FAILURE", "usb_descriptor_error"),
    ("Device USB\\VID_0000&PID_0006\\5&2d531919&0&1 was configured.", "usb_descriptor_error"),
    ("Windows claims the desciptor is invalid and clasifies the devices with VID_0000&PID_0005.", "usb_descriptor_error"),
    ('it says "USB not recognized" and it shows as Unknown USB Device (Invalid Device Descriptor).', "usb_descriptor_error"),
    ("The USB set address request failed.", "usb_address_error"),
    ('Author Topic: PCB "Unknown USB (Device Descriptor Request Failed)" Issue  (Read 11183 times)', "usb_descriptor_error"),
    ("Now in device mananger I get yellow triangle in USB controllers, Unknown USB Device (Device descriptor failed).",
     "usb_descriptor_error"),
    ("# Windows - Unknown USB Device (Device Descriptor Request Failed", "usb_descriptor_error"),
    ("ConnectionStatus: FailedEnumeration", "usb_descriptor_error"),  # USBView, a black pill thread
    ("Device Descriptor Request Failed", "usb_descriptor_error"),  # quoted bare (a Labrador thread)
    ("Fehler bei einer Anforderung des USB-Gerätedeskriptors", "usb_descriptor_error"),
    ("Сбой запроса дескриптора USB-устройства.", "usb_descriptor_error"),
])
def test_windows_names_of_a_failed_enumeration(tmp_path: Any, line: str, kind: str) -> None:
    runs = parse_stream(iter([line]), "t").get("windows", {}).get("runs", [])
    assert [e["kind"] for r in runs for e in r["events"]] == [kind]
    assert first(tmp_path, line)[0] == "USB002"


def test_a_healthy_vid_pid_is_not_a_placeholder_id() -> None:
    # (s9) a real hardware id is read as one (hardware_id: its vid and pid), never as a failure
    rows = [row for row, _ in windows_usb.WindowsUsbParser.table.match("USB\\VID_0483&PID_DF11\\205F35A03243", all_matches=True)]
    assert [r.kind for r in rows] == ["hardware_id"] and not any(r.fail for r in rows)
    assert not windows_usb.WindowsUsbParser.table.match("USB\\VID_0000&PID_0000")


S6_ROWS = [(cls, row) for cls in (kernel_log.KernelLogParser, windows_usb.WindowsUsbParser)
           for row in cls.messages if "usb-cables s6" in row.src]


def test_the_session_rows_are_there() -> None:
    assert len(S6_ROWS) >= 18


@pytest.mark.parametrize(("cls", "row"), S6_ROWS, ids=[f"{c.name}:{r.pattern[:40]}" for c, r in S6_ROWS])
def test_each_new_row_example_matches_its_own_row_first(cls: Any, row: Any) -> None:
    assert row.example
    matched = cls.table.match(row.example.strip())
    assert matched and matched[0][0] is row, f"{row.example!r} is taken by {matched[0][0].pattern if matched else None!r}"


@pytest.mark.parametrize(("cls", "row"), [(c, r) for c, r in S6_ROWS if r.strength == "strong"],
                         ids=[f"{c.name}:{r.pattern[:40]}" for c, r in S6_ROWS if r.strength == "strong"])
def test_each_new_strong_row_example_starts_its_parsers_block(cls: Any, row: Any) -> None:
    out = parse_stream(iter(["some prose before the paste", "", row.example]), "t")
    blocks = out["sources"][0]["blocks"]
    assert blocks and blocks[-1]["tool"] == cls.name, f"{row.example!r} went to {blocks}"


# usb-devices (usbutils' script): a real paste of a CH340 (launchpad answers), and a root hub alone (a Renesas xHCI report)
USB_DEVICES_CH340 = """
sudo usb-devices
T:  Bus=03 Lev=01 Prnt=01 Port=00 Cnt=01 Dev#=  2 Spd=12  MxCh= 0
D:  Ver= 1.10 Cls=ff(vend.) Sub=00 Prot=00 MxPS= 8 #Cfgs=  1
P:  Vendor=1a86 ProdID=7523 Rev=02.52
S:  Product=USB2.0-Serial
C:  #Ifs= 1 Cfg#= 1 Atr=80 MxPwr=96mA
I:  If#= 0 Alt= 0 #EPs= 3 Cls=ff(vend.) Sub=01 Prot=02 Driver=ch341
"""

USB_DEVICES_ROOT_HUB = """
T:  Bus=01 Lev=00 Prnt=00 Port=00 Cnt=00 Dev#=  1 Spd=480  MxCh= 1
B:  Alloc=  0/800 us ( 0%), #Int=  0, #Iso=  0
D:  Ver= 2.00 Cls=09(hub  ) Sub=00 Prot=01 MxPS=64 #Cfgs=  1
P:  Vendor=1d6b ProdID=0002 Rev= 6.15
S:  Manufacturer=Linux 6.15.0-rc5-00032-g0d8d44db295c-dirty xhci-hcd
S:  Product=xHCI Host Controller
S:  SerialNumber=ee000000.usb
C:* #Ifs= 1 Cfg#= 1 Atr=e0 MxPwr=  0mA
I:* If#= 0 Alt= 0 #EPs= 1 Cls=09(hub  ) Sub=00 Prot=00 Driver=hub
E:  Ad=81(I) Atr=03(Int.) MxPS=   4 Ivl=256ms
"""


def test_usb_devices_records_become_usb_devices() -> None:
    devs = parse_stream(iter(USB_DEVICES_CH340.strip().splitlines()), "t")["usb"]["devices"]
    assert [(d["vid"], d["pid"], d.get("driver"), d.get("product"), d["address"]) for d in devs] == [
        ("1a86", "7523", "ch341", "USB2.0-Serial", 2)]
    assert devs[0]["origin"] == "pasted" and devs[0]["interfaces"][0]["driver"] == "ch341"


def test_usb_devices_with_a_board_is_healthy_and_with_only_a_root_hub_is_usb001(tmp_path: Any) -> None:
    fid, found = first(tmp_path, USB_DEVICES_CH340)
    assert not any(f.severity in ("error", "warning") for f in found), fid
    devs = parse_stream(iter(USB_DEVICES_ROOT_HUB.strip().splitlines()), "t")["usb"]["devices"]
    assert [d.get("kind") for d in devs] == ["hub"]
    assert first(tmp_path, USB_DEVICES_ROOT_HUB)[0] == "USB001"


# macOS System Information / system_profiler SPUSBDataType: real pastes (a proxmark3 thread, a Wemos D1 mini thread)
SYSTEM_PROFILER = """
result for command: **system_profiler SPUSBDataType**
USB:

    USB 3.0 Bus:

      Host Controller Driver: AppleUSBXHCIWPT
      PCI Device ID: 0x9cb1 
      PCI Revision ID: 0x0003 
      PCI Vendor ID: 0x8086 

        Bluetooth USB Host Controller:

          Product ID: 0x8290
          Vendor ID: 0x05ac (Apple Inc.)
          Version: 1.66
          Speed: Up to 12 Mb/sec
          Manufacturer: Broadcom Corp.
          Location ID: 0x14300000 / 4
          Current Available (mA): 500
          Current Required (mA): 0
          Extra Operating Current (mA): 0
          Built-In: Yes

        proxmark3:

          Product ID: 0x4b8f
          Vendor ID: 0x9ac4
          Version: 0.01
          Speed: Up to 12 Mb/sec
          Manufacturer: proxmark.org
          Location ID: 0x14200000 / 14
"""

SYSTEM_PROFILER_CH340 = """
USB2.0-Serial:

  Product ID:\t0x7523
  Vendor ID:\t0x1a86
  Version:\t2.54
  Speed:\tUp to 12 Mb/sec
  Location ID:\t0x14200000 / 12
  Current Available (mA):\t1000
  Extra Operating Current (mA):\t0
"""


def test_system_profiler_entries_become_usb_devices() -> None:
    devs = parse_stream(iter(SYSTEM_PROFILER.strip("\n").splitlines()), "t")["usb"]["devices"]
    assert [(d["vid"], d["pid"], d.get("description"), d.get("manufacturer")) for d in devs] == [
        ("05ac", "8290", "Bluetooth USB Host Controller", "Broadcom Corp."), ("9ac4", "4b8f", "proxmark3", "proxmark.org")]
    devs = parse_stream(iter(SYSTEM_PROFILER_CH340.strip("\n").splitlines()), "t")["usb"]["devices"]
    assert [(d["vid"], d["pid"], d.get("kind")) for d in devs] == [("1a86", "7523", "usb-serial")]


def test_system_profiler_with_devices_is_healthy(tmp_path: Any) -> None:
    fid, found = first(tmp_path, SYSTEM_PROFILER)
    assert not any(f.severity in ("error", "warning") for f in found), fid


def test_a_device_whose_descriptors_the_kernel_corrects_still_enumerates_cleanly(tmp_path: Any) -> None:
    text = """
[24017.310623] usb 1-1.5: new high-speed USB device number 7 using ehci-pci
[24017.389225] usb 1-1.5: config 1 interface 0 altsetting 0 endpoint 0x81 has an invalid bInterval 255, changing to 11
[24017.389238] usb 1-1.5: config 1 interface 1 altsetting 0 bulk endpoint 0x82 has invalid maxpacket 64
[24017.389243] usb 1-1.5: config 1 interface 1 altsetting 0 bulk endpoint 0x1 has invalid maxpacket 64
[24017.389718] usb 1-1.5: New USB device found, idVendor=1234, idProduct=abcd, bcdDevice= 0.10
[24017.389728] usb 1-1.5: Product: usb-echo
"""
    fid, found = first(tmp_path, text)
    assert not any(f.severity in ("error", "warning") for f in found), fid


def test_the_macs_usb_accessories_disabled_alert_is_over_current(tmp_path: Any) -> None:
    line = ("Warning in top right hand corner of Mac screen - USB Accessories Disabled - Unplug the accessory using too much "
            "power to re-enable USB devices.")
    assert kernel_event(line) == ("usb_over_current", {"fail": True})  # (kernel s11) a fail row's event says so
    fid, found = first(tmp_path, line)
    assert fid == "USB003" and "over-current" in found[0].message and "<port>" not in found[0].message
    # USB Restricted Mode's "accessories disabled when locked" is no power fault
    assert kernel_event('log_info "USB accessories disabled when Mac is locked for 1+ hour"') is None
