"""Source audit, session 11, of the Linux kernel messages a person pastes from dmesg / journalctl when a board will not
connect: drivers/usb/core (hub.c, config.c, message.c, generic.c, driver.c, devio.c), host/xhci.c's address step,
drivers/usb/class/cdc-acm.c, drivers/usb/serial (usb-serial.c, bus.c, generic.c, ch341.c, cp210x.c, ftdi_sio.c,
pl2303.c), drivers/net/can/usb/gs_usb.c and drivers/net/can/dev (dev.c, netlink.c, bittiming.c), read in Linux 6.1 and
6.12 (Debian linux-source), with the older wordings of the same calls. Lines are the source's format filled in with a
real port, device and errno."""

from __future__ import annotations

import re
from typing import Any

import pytest

from doctor.parsers import can_kernel, ip_link, kernel_log
from textkit import facts, first, serious

KERNEL_NEW = [r for r in kernel_log.MESSAGES if "kernel s11" in r.src]
CAN_NEW = [r for r in can_kernel.MESSAGES if "kernel s11" in r.src]
IP_NEW = [r for r in ip_link.MESSAGES if "kernel s11" in r.src]

P = "[ 1234.567890] "  # dmesg's prefix


def kinds(text: str, ns: str) -> list[str]:
    """The event kinds of namespace `ns`: the kernel log and the CAN logs keep bare `events`, the tools `runs`."""
    snap = facts(text).get(ns) or {}
    evs = [*(snap.get("events") or []), *(e for r in snap.get("runs") or [] for e in r.get("events") or [])]
    return [e["kind"] for e in evs]


def _p(*lines: str) -> str:
    return "\n".join(P + line for line in lines)


def test_the_new_rows_are_there() -> None:
    assert len(KERNEL_NEW) == 25
    assert len(CAN_NEW) == 3
    assert len(IP_NEW) == 1


@pytest.mark.parametrize("row", KERNEL_NEW, ids=lambda r: f"{r.kind}:{r.example[:40]}")
def test_every_new_kernel_row_gives_its_kind(row: Any) -> None:
    proc, msg, _ = kernel_log.split_prefix(row.example)
    result = kernel_log.parse_message(proc, msg)
    assert result is not None and result[0] == row.kind, (row.example, result)


@pytest.mark.parametrize("row", CAN_NEW + IP_NEW, ids=lambda r: f"{r.kind}:{r.example[:40]}")
def test_every_new_can_row_matches_its_example(row: Any) -> None:
    assert re.search(row.pattern, row.example.strip())
    assert row.kind in kinds(P + row.example if row in CAN_NEW else row.example, "can")


# ---- hub.c: enumeration failures that said no failure word were silent ------------------------------------------------

def test_a_bare_power_cycle_is_the_enumeration_failure_most_threads_show() -> None:
    # was GEN001; session 20's rank audit: 13 of 16 resolved threads with the hub's power cycle are USB002
    assert first(P + "usb usb1-port1: attempt power cycle") == "USB002"


@pytest.mark.parametrize("line", [
    "usb 1-1: Invalid ep0 maxpacket: 0",
    "usb 1-1: device reset changed ep0 maxpacket size!",
    "usb 1-1: Busted HC? Not enough HCD resources for old configuration.",
    "usb 1-1: Not enough bandwidth for altsetting 1",
    "usb 1-1: Device is not authorized for usage",
    "ch341 1-1:1.0: Interface 0 is not authorized for usage",
    "usb 1-1: device_add(1-1:1.0) --> -19",
    "usb 1-1: config 0 descriptor??",
    "usb 1-1: interface number 2 out of range",
    "hub 1-1:1.0: bad descriptor, ignoring hub",
    "hub 2-1:1.0: LS/FS devices and hubs may not work under this hub",
])
def test_usb_core_refusals_are_never_silent(line: str) -> None:
    assert first(P + line) == "GEN001"


@pytest.mark.parametrize("line", ["usb 1-1: chopping to 0 config(s)", "usb 1-1: no configurations"])
def test_a_device_left_without_configurations_is_an_enumeration_failure(line: str) -> None:
    assert "usb_descriptor_error" in kinds(P + line, "kernel")
    assert first(P + line) == "USB002"


@pytest.mark.parametrize("line", [
    "usb 1-1: Device not responding to set address.",  # xhci.c 3.x
    "usb 1-1: Device not responding to setup context.",  # xhci.c 4.x-6.x, the address-less step
    "xhci_hcd 0000:00:14.0: Timeout while waiting for address device command",  # xhci.c 3.x
])
def test_xhci_address_step_wordings_are_address_errors(line: str) -> None:
    assert "usb_address_error" in kinds(P + line, "kernel")
    assert first(P + line) == "USB002"


def test_hub_status_urb_errors_count_only_while_the_hub_is_there() -> None:
    assert "usb_hub_error" in kinds(P + "hub 1-1:1.0: resubmit --> -71", "kernel")
    assert serious(P + "hub 1-1:1.0: resubmit --> -71") == ["USB003"]
    assert "usb_hub_error" not in kinds(P + "hub 1-1:1.0: resubmit --> -19", "kernel")  # the hub left the bus


# ---- hub.c / generic.c / message.c: more current than the port gives ---------------------------------------------------

@pytest.mark.parametrize("line", [
    "usb 1-1-port2: 500mA is over 100mA budget!",
    "hub 1-1:1.0: 400mA over power budget!",
    "usb 1-1.4.2: rejected 1 configuration due to insufficient available bus power",
    "usb 1-1.4.2: new config #1 exceeds power limit by 400mA",
    "usb 1-1.4: can't connect bus-powered hub to this port",
])
def test_power_budget_lines_name_the_unpowered_hub(line: str) -> None:
    assert "usb_power_budget" in kinds(P + line, "kernel")
    assert first(P + line) == "USB003"


def test_a_board_rejected_for_bus_power_behind_a_hub() -> None:
    text = _p("usb 1-1.4.2: new full-speed USB device number 9 using xhci_hcd",
              "usb 1-1.4.2: New USB device found, idVendor=2341, idProduct=0042, bcdDevice= 0.01",
              "usb 1-1.4.2: rejected 1 configuration due to insufficient available bus power",
              "usb 1-1.4.2: no configuration chosen from 1 choice")
    assert first(text) == "USB003"


# ---- healthy lines: SuperSpeed announcements, config.c's notes, ch341's simulated break --------------------------------

def test_superspeed_plus_and_reset_wordings_are_enumeration_events() -> None:
    assert kinds(P + "usb 2-1: new SuperSpeed Plus Gen 2x1 USB device number 3 using xhci_hcd", "kernel") == ["usb_new_device"]
    assert kinds(P + "usb 2-1: new SuperSpeedPlus Gen 2 USB device number 3 using xhci_hcd", "kernel") == ["usb_new_device"]
    assert kinds(P + "usb 2-1: reset SuperSpeed USB device number 2 using xhci_hcd", "kernel") == ["usb_reset"]


def test_healthy_plug_ins_with_descriptor_notes_and_simulated_break_are_healthy() -> None:
    ch340 = _p("usb 1-1.3: new full-speed USB device number 7 using xhci_hcd",
               "usb 1-1.3: New USB device found, idVendor=1a86, idProduct=7523, bcdDevice= 2.64",
               "usb 1-1.3: New USB device strings: Mfr=0, Product=2, SerialNumber=0",
               "usb 1-1.3: Product: USB Serial",
               "ch341 1-1.3:1.0: ch341-uart converter detected",
               "ch341-uart ttyUSB0: break control not supported, using simulated break",
               "usb 1-1.3: ch341-uart converter now attached to ttyUSB0")
    assert first(ch340) is None
    notes = _p("usb 2-1: new SuperSpeed Plus Gen 2x1 USB device number 2 using xhci_hcd",
               "usb 2-1: New USB device found, idVendor=0bda, idProduct=8156, bcdDevice=31.04",
               "usb 2-1: config 1 interface 0 altsetting 0 endpoint 0x83 has invalid wMaxPacketSize 0",
               "usb 2-1: config 1 interface 0 altsetting 0 has an invalid endpoint descriptor of length 5, skipping",
               "usb 2-1: invalid SuperSpeed endpoint companion descriptor of length 0, skipping",
               "usb 1-1.2: new full-speed USB device number 5 using xhci_hcd",
               "usb 1-1.2: New USB device found, idVendor=1d50, idProduct=606f, bcdDevice= 0.00",
               "gs_usb 1-1.2:1.0: Configuring for 1 interfaces")
    assert first(notes) is None


# ---- devio.c: usbfs claim conflicts ------------------------------------------------------------------------------------

def test_usbfs_conflicts_brltty_and_others() -> None:
    assert first(P + "usb 3-1: usbfs: interface 0 claimed by ch341 while 'brltty' resets device") == "SER001"
    other = P + "usb 3-1: usbfs: interface 0 claimed by cdc_acm while 'dfu-util' sets config #1"
    assert "usbfs_claim_conflict" in kinds(other, "kernel")
    assert first(other) == "GEN001"
    # a program that used an interface without claiming it is a note (old avrdude/libusb), not a failure
    assert first(P + "usb 1-1: usbfs: process 4321 (avrdude) did not claim interface 0 before use") is None


# ---- cdc-acm.c and usb-serial drivers: the driver refuses the device, no tty appears ---------------------------------

@pytest.mark.parametrize("line", [
    "cdc_acm 1-1:1.0: Zero length descriptor references",
    "cdc_acm 1-1:1.0: Weird descriptor references",
    "cdc_acm 1-1:1.0: This needs exactly 3 endpoints",
    "ch341 1-1:1.0: required endpoints missing",
    "usbserial_generic 1-1:1.0: device has no bulk endpoints",
    "ch341 1-1:1.0: No more free serial minor numbers",
    "ftdi_sio 1-1:1.0: unknown device type: 0x1000",
    "pl2303 1-1:1.0: unknown device type, please report to linux-usb@vger.kernel.org",
    "pl2303 1-1:1.0: required interrupt-in endpoint missing",
    "usbserial: problem -16 when registering driver ch341-uart",
    "cp210x ttyUSB0: malformed event 0x05",
])
def test_usb_serial_driver_refusals_are_failures(line: str) -> None:
    assert "usb_driver_error" in kinds(P + line, "kernel")
    assert first(P + line) == "GEN001"


# ---- gs_usb.c and can dev: the adapter's other errors, CAN FD without a data bitrate ---------------------------------

@pytest.mark.parametrize("line", [
    "gs_usb 1-1:1.0: Couldn't register candev for channel 0 (-EEXIST)",
    "gs_usb 1-1:1.0: Couldn't allocate candev",
    "gs_usb 1-1:1.0: Required endpoints not found",
    "gs_usb 1-1:1.0 can0: failed to set bittiming: -EPIPE",
    "gs_usb 1-1:1.0 can0: usb_submit_urb() failed, error -ENODEV",
    "gs_usb 1-1:1.0 can0: failed to xmit URB 3: -71",
    "gs_usb 1-1:1.0 can0: short read (actual_length=0, minimum_length=12)",
    "gs_usb 1-1:1.0: Disconnect (nodata)",
    "gs_usb 1-1:1.0 can0: No memory left for USB buffer",
    "gs_usb 1-1:1.0 can0: Restart failed, error -ENODEV",
    "gs_usb 1-1:1.0 can0: Error -110 during restart",
])
def test_gs_usb_errors_are_adapter_errors(line: str) -> None:
    assert "can_adapter_error" in kinds(P + line, "can")
    assert first(P + line) == "GEN001"


def test_can_fd_link_without_data_bitrate_is_can001() -> None:
    text = P + "gs_usb 1-1:1.0 can0: incorrect/missing data bit-timing"
    assert "can_no_bitrate" in kinds(text, "can")
    assert first(text) == "CAN001"


def test_ip_prints_the_can_layers_extack_refusal() -> None:
    text = "Error: bitrate error: 2.9% too high."
    assert "can_rtnetlink_error" in kinds(text, "can")
    assert first(text) == "GEN001"
    assert not facts(text).get("openocd")  # not taken for an OpenOCD error line
