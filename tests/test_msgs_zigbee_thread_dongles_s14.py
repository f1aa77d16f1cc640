"""Session 14, zigbee-thread-dongles: flashing and connecting Zigbee/Thread radio sticks (cc2538-bsl, GCFFlasher, ...).

Families fixed: GCFFlasher V2's own lines on a healthy RaspBee flash (the wrapper's `rmmod: ERROR: Module ftdi_sio is not
currently loaded`, "no device specified use RaspBee (/dev/ttyS0)", "SUCCESS"); GCFFlasher given a -d path its own listing
does not show ("retry, failed" while -l lists the stick elsewhere: SER005); an empty `GCFFlasher -l` listing while the
kernel enumerated the ConBee (the by-id/udev records are missing: SER005); cc2538-bsl losing the link mid-write
('Send data (0x24)' without ACK after the chip answered: USB003)."""

from __future__ import annotations

from tests.textkit import events, facts, first, serious

V2_HEALTHY = """
sudo GCFFlasher -f deCONZ_Rpi_0x261e0500.bin.GCF
rmmod: ERROR: Module ftdi_sio is not currently loaded
rmmod: ERROR: Module usbserial is not currently loaded
GCFFlasher V2_11 (c) dresden elektronik ingenieurtechnik gmbh 2017/12/10
no device specified use RaspBee (/dev/ttyS0)
using firmware file: deCONZ_Rpi_0x261e0500.bin.GCF
reset target

RaspBee Bootloader premium
Vers. 1.02
build 2013/08/01

flashing 126124 bytes: |==============================|
verify: ....
SUCCESS
"""


def test_v2_raspbee_flash_with_rmmod_notes_is_healthy() -> None:
    evs = events(V2_HEALTHY, "flash", "gcfflasher")
    assert any(e["kind"] == "gcf_device" and e.get("path") == "/dev/ttyS0" for e in evs)
    assert any(e["kind"] == "flash_succeeded" for e in evs)
    assert serious(V2_HEALTHY) == []


LISTED_TTYS0 = """
GCFFlasher_internal -l
GCFFlasher V3_13 (c) dresden elektronik ingenieurtechnik gmbh
Path             | Vendor | Product | Serial     | Type
-----------------+--------+---------+------------+-------
/dev/ttyS0       | 0x0000 | 0x0000  |            | RaspBee
"""

FLASH_AMA0 = """
sudo GCFFlasher_internal -d /dev/ttyAMA0  -t 10 -f /home/pi/deCONZ_RaspBeeII_0x26610700_many2one.bin.GCF
GCFFlasher V3_13 (c) dresden elektronik ingenieurtechnik gmbh
retry, failed
"""


def test_listing_row_carries_its_path() -> None:
    evs = events(LISTED_TTYS0, "flash", "gcfflasher")
    assert [e["kind"] for e in evs] == ["gcf_list", "gcf_device"]
    assert evs[1]["path"] == "/dev/ttyS0" and evs[1]["listed"] is True


def test_flash_on_a_path_the_listing_does_not_show_is_ser005() -> None:
    assert events(FLASH_AMA0, "flash", "gcfflasher")[0]["device"] == "/dev/ttyAMA0"
    assert first(LISTED_TTYS0 + "\n" + FLASH_AMA0) == "SER005"


def test_flash_on_the_listed_path_is_not_ser005() -> None:
    text = LISTED_TTYS0 + "\n" + FLASH_AMA0.replace("-d /dev/ttyAMA0", "-d /dev/ttyS0")
    assert "SER005" not in serious(text)


def test_retry_failed_without_a_listing_is_not_ser005() -> None:
    assert "SER005" not in serious(FLASH_AMA0)


EMPTY_LIST = """
# GCFFlasher_internal -l
GCFFlasher V3_17 (c) dresden elektronik ingenieurtechnik gmbh
Path             | Vendor | Product | Serial     | Type
-----------------+--------+---------+------------+-------
"""

CONBEE_DMESG = """
[55209365.334638] usb 2-3: new full-speed USB device number 15 using xhci_hcd
[55209365.488837] usb 2-3: New USB device found, idVendor=1cf1, idProduct=0030, bcdDevice= 1.00
[55209365.493029] usb 2-3: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[55209365.497062] usb 2-3: Product: ConBee II
"""

V4_EMPTY_LIST = """
no devices found
Path              | Serial      | Type
------------------+-------------+---------------
"""


def test_empty_listing_while_the_kernel_shows_the_conbee_is_ser005() -> None:
    assert first(EMPTY_LIST + "\n" + CONBEE_DMESG) == "SER005"
    assert first(V4_EMPTY_LIST + "\n" + CONBEE_DMESG) == "SER005"


def test_empty_listing_alone_or_with_another_device_is_not_ser005() -> None:
    assert "SER005" not in serious(EMPTY_LIST)
    other = CONBEE_DMESG.replace("idVendor=1cf1, idProduct=0030", "idVendor=046d, idProduct=c52b").replace("ConBee II", "USB Receiver")
    assert "SER005" not in serious(EMPTY_LIST + "\n" + other)


CC_SEND_DATA = """
python3 cc2538-bsl.py -p /dev/ttyUSB0 -e -v -w --bootloader-sonoff-usb CC1352P2_CC2652P_launchpad_coordinator_20220219.hex -V
sonoff
Opening port /dev/ttyUSB0, baud 500000
Reading data from CC1352P2_CC2652P_launchpad_coordinator_20220219.hex
Firmware file: Intel Hex
Connecting to target...
CC1350 PG2.0 (7x7mm): 352KB Flash, 20KB SRAM, CCFG.BL_CONFIG at 0x00057FD8
Primary IEEE Address: 00:12:4B:00:24:C9:20:33
    Performing mass erase
Erasing all main bank flash sectors
    Erase done
Writing 360448 bytes starting at address 0x00000000
ERROR: Timeout waiting for ACK/NACK after 'Send data (0x24)'
"""


def test_cc2538_send_data_timeout_after_the_chip_answered_is_usb003() -> None:
    assert first(CC_SEND_DATA) == "USB003"


def test_cc2538_send_data_timeout_without_a_chip_answer_is_not_usb003() -> None:
    text = "\n".join(line for line in CC_SEND_DATA.splitlines() if not line.startswith(("CC1350", "Primary IEEE")))
    assert "USB003" not in serious(text)
    assert "USB003" not in serious(CC_SEND_DATA.replace("'Send data (0x24)'", "'Erase memory (0x26)'"))


def test_facts_parse() -> None:
    assert facts(CC_SEND_DATA)["flash"]["runs"][0]["tool"] == "cc2538-bsl"
