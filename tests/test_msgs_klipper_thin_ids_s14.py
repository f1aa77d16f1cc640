"""Session 14, area klipper-thin-ids: the rows and derived facts fixed for the threads gathered in
/work/heldout15/klipper-thin-ids."""

from __future__ import annotations

from doctor import engine
from doctor.derive import derive
from doctor.facts import merge, new
from tests.textkit import facts, serious

# answeroverflow 1102882975688970250 (Rat Rig Octopus V1.1): the dmesg paste ends at the descriptor strings, and the
# /dev/serial/by-id listing pasted beside it names the same board, so its tty exists
DMESG = """
[ 5602.331123] usb 1-1.3: new full-speed USB device number 7 using xhci_hcd
[ 5602.442537] usb 1-1.3: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00
[ 5602.442556] usb 1-1.3: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[ 5602.442562] usb 1-1.3: Product: stm32f446xx
[ 5602.442567] usb 1-1.3: Manufacturer: Klipper
[ 5602.442572] usb 1-1.3: SerialNumber: btt-octopus-11
"""
BY_ID = "usb-Klipper_stm32f446xx_btt-octopus-11-if00"


def _both(dmesg: str, by_id: str) -> dict:
    snap = merge(new("analyze"), facts(dmesg, "dmesg.txt"))
    return merge(snap, facts(by_id, "ls.txt"))


def test_a_by_id_link_naming_the_device_means_its_tty_exists() -> None:
    snap = _both(DMESG, BY_ID)
    assert derive(snap)["serial_bridge_no_tty"] == []
    assert [f.id for f in engine.evaluate(snap) if f.severity in ("error", "warning")] == []


def test_the_cut_dmesg_alone_still_asks_for_the_driver() -> None:
    # without the listing the paste may be a kernel without cdc_acm (gumstix/linux#4 ends the same way)
    assert serious(DMESG)[:1] == ["GEN001"]


def test_a_by_id_link_of_another_board_does_not_hide_it() -> None:
    other = "usb-Klipper_stm32h723xx_2B0040001750344D30353320-if00"
    snap = _both(DMESG, other)
    assert [g["port"] for g in derive(snap)["serial_bridge_no_tty"]] == ["1-1.3"]


def test_a_usb_serial_bridge_by_id_name_matches_by_maker_and_product() -> None:
    ch340 = """
usb 1-1.2: new full-speed USB device number 5 using xhci_hcd
usb 1-1.2: New USB device found, idVendor=1a86, idProduct=7523, bcdDevice= 2.64
usb 1-1.2: New USB device strings: Mfr=0, Product=2, SerialNumber=0
usb 1-1.2: Product: USB Serial
"""
    # no manufacturer string: udev puts the vendor id in its place (usb-1a86_USB_Serial-if00-port0)
    assert derive(_both(ch340, "usb-1a86_USB_Serial-if00-port0"))["serial_bridge_no_tty"] == []
    assert [g["port"] for g in derive(_both(ch340, "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"))["serial_bridge_no_tty"]] == ["1-1.2"]
