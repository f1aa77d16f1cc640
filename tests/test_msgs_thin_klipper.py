"""Session 9b, thin Klipper/Katapult ids (BOOT009, KAT001, RP001, BOOT005): the families widened this round.

- katapult: a trimmed flashtool.py paste without its "MCU type:" line still names the chip in the -d path
  (usb-katapult_<CONFIG_MCU>_<serial>), so an STM32H723 SEND_BLOCK failure is KAT001 in either form;
- BOOT009 (`derived.in_bootloader_seen`): a board Klipper cannot connect to, seen running its bootloader: the CAN query
  lists the configured canbus_uuid as "Application: Katapult/CanBoot", lsusb lists Katapult's USB id (1d50:6177) for the
  chip of the usb-Klipper_ path klippy could not open, or /dev/serial/by-id holds only bootloader names;
  never without a failure of Klipper to connect (a query during Katapult's installation is the normal first half).
Texts are written in the tools' own formats (Katapult scripts/flashtool.py, Klipper scripts/canbus_query.py,
klippy.log, lsusb, ls); the identifiers in them are made up.
"""

from __future__ import annotations

from typing import Any

from doctor import derive, engine
from doctor.facts import merge, new
from doctor.parsers import parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste.txt")


def findings(text: str) -> list[Any]:
    return engine.evaluate(merge(new("analyze"), parse(text)))


def first_id(text: str) -> str | None:
    fs = findings(text)
    return fs[0].id if fs else None


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def problems(text: str) -> list[Any]:
    return [f for f in findings(text) if f.severity in ("error", "warning")]


H723_TRIMMED = """\
biqu@BTT-CB1:~$ python3 ~/katapult/scripts/flashtool.py -f ~/klipper/out/klipper.bin -d /dev/serial/by-id/usb-katapult_stm32h723xx_1D0028000B51323532393433-if00
Attempting to connect to bootloader
Katapult Connected
Protocol Version: 1.1.0
Block Size: 64 bytes
Application Start: 0x8020000
Flashing '/home/biqu/klipper/out/klipper.bin'...

[ERROR:root:Flash Error
FlashError: Error sending command [SEND_BLOCK] to Device
"""


def test_katapult_run_takes_the_chip_from_the_device_path() -> None:
    runs = parse(H723_TRIMMED)["katapult"]["runs"]
    assert runs[0]["mcu"] == "stm32h723xx"
    assert runs[0]["failed_command"] == "SEND_BLOCK"


def test_h723_send_block_without_mcu_type_line_is_kat001() -> None:
    assert first_id(H723_TRIMMED) == "KAT001"


def test_canboot_path_names_the_chip_too() -> None:
    text = H723_TRIMMED.replace("usb-katapult_stm32h723xx_", "usb-CanBoot_stm32h723xx_")
    assert parse(text)["katapult"]["runs"][0]["mcu"] == "stm32h723xx"


def test_mcu_type_line_wins_over_the_path() -> None:
    text = H723_TRIMMED.replace("Block Size: 64 bytes\n", "Block Size: 64 bytes\nMCU type: stm32g0b1xx\n")
    assert parse(text)["katapult"]["runs"][0]["mcu"] == "stm32g0b1xx"
    assert first_id(text) != "KAT001"


def test_other_chip_path_is_not_kat001() -> None:
    text = H723_TRIMMED.replace("stm32h723xx", "stm32f446xx")
    assert "KAT001" not in ids(text)


def test_a_tty_path_gives_no_chip() -> None:
    text = H723_TRIMMED.replace("/dev/serial/by-id/usb-katapult_stm32h723xx_1D0028000B51323532393433-if00", "/dev/ttyACM0")
    assert "mcu" not in parse(text)["katapult"]["runs"][0]


CAN_QUERY_KATAPULT = """\
$ ~/klippy-env/bin/python ~/klipper/scripts/canbus_query.py can0
Found canbus_uuid=11aa22bb33cc, Application: Katapult
Total 1 uuids found
"""

KLIPPY_CFG_TIMEOUT = """\
Starting Klippy...
Args: ['/home/pi/klipper/klippy/klippy.py', '/home/pi/printer_data/config/printer.cfg', '-l', '/home/pi/printer_data/logs/klippy.log']
Git version: 'v0.12.0-171-ga2b5fd0b'
===== Config file =====
[mcu]
serial = /dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00

[mcu EBBCan]
canbus_uuid = 11aa22bb33cc
=======================
mcu 'EBBCan': Starting CAN connect
mcu 'EBBCan': Timeout on connect
"""


def test_configured_node_in_katapult_is_boot009() -> None:
    fs = findings(CAN_QUERY_KATAPULT + KLIPPY_CFG_TIMEOUT)
    assert fs[0].id == "BOOT009"
    assert fs[0].confidence >= 0.8
    assert "11aa22bb33cc" in fs[0].message


def test_canboot_application_name_counts_too() -> None:
    text = CAN_QUERY_KATAPULT.replace("Application: Katapult", "Application: CanBoot") + KLIPPY_CFG_TIMEOUT
    assert first_id(text) == "BOOT009"


def test_node_in_katapult_with_a_bare_timeout_is_a_weaker_boot009() -> None:
    text = CAN_QUERY_KATAPULT + "mcu 'EBBCan': Starting CAN connect\nmcu 'EBBCan': Timeout on connect\n"
    fs = findings(text)
    assert fs[0].id == "BOOT009"
    assert fs[0].confidence < 0.8


def test_other_node_in_katapult_is_not_the_configured_one() -> None:
    text = CAN_QUERY_KATAPULT.replace("11aa22bb33cc", "99ff88ee77dd") + KLIPPY_CFG_TIMEOUT
    facts = merge(new("analyze"), parse(text))
    assert not [x for x in derive.in_bootloader_seen(facts) if x["via"] == "can"]


def test_node_in_katapult_without_klipper_failing_is_quiet() -> None:
    # the query right after Katapult was installed, before klipper.bin is flashed: the normal first half
    assert not problems(CAN_QUERY_KATAPULT)


def test_node_running_klipper_is_not_in_bootloader() -> None:
    text = CAN_QUERY_KATAPULT.replace("Application: Katapult", "Application: Klipper") + KLIPPY_CFG_TIMEOUT
    assert "BOOT009" not in ids(text)


LSUSB_KATAPULT = """\
pi@voron:~ $ lsusb
Bus 001 Device 005: ID 1d50:6177 OpenMoko, Inc. stm32f446xx
Bus 001 Device 002: ID 2109:3431 VIA Labs, Inc. Hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub
"""
KLIPPY_NO_PORT = (
    "mcu 'mcu': Unable to open serial port: [Errno 2] could not open port "
    "/dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00: [Errno 2] No such file or directory: "
    "'/dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00'\n"
)


def test_lsusb_katapult_id_of_the_missing_klipper_chip_is_boot009() -> None:
    fs = findings(LSUSB_KATAPULT + KLIPPY_NO_PORT)
    assert fs[0].id == "BOOT009"
    assert "stm32f446xx" in fs[0].message


def test_lsusb_katapult_of_another_chip_is_not_boot009_by_usb() -> None:
    text = LSUSB_KATAPULT.replace("stm32f446xx", "stm32g0b1xx") + KLIPPY_NO_PORT
    facts = merge(new("analyze"), parse(text))
    assert not [x for x in derive.in_bootloader_seen(facts) if x["via"] == "usb"]


def test_lsusb_with_klipper_device_of_that_chip_is_not_boot009_by_usb() -> None:
    text = LSUSB_KATAPULT + "Bus 001 Device 006: ID 1d50:614e OpenMoko, Inc. stm32f446xx\n" + KLIPPY_NO_PORT
    facts = merge(new("analyze"), parse(text))
    assert not [x for x in derive.in_bootloader_seen(facts) if x["via"] == "usb"]


def test_lsusb_katapult_alone_is_quiet() -> None:
    assert not problems(LSUSB_KATAPULT)


BY_ID_CANBOOT = """\
$ ls /dev/serial/by-id/
usb-CanBoot_rp2040_E66138935F5B5A2C-if00
$ sudo service klipper restart
mcu 'mcu': Unable to connect
Once the underlying issue is corrected, use the
"FIRMWARE_RESTART" command to reset the firmware, reload the
config, and restart the host software.
Error configuring printer
"""


def test_only_bootloader_names_in_by_id_and_no_connection_is_boot009() -> None:
    assert first_id(BY_ID_CANBOOT) == "BOOT009"


def test_by_id_with_a_klipper_name_is_not_boot009_by_id() -> None:
    text = BY_ID_CANBOOT.replace(
        "usb-CanBoot_rp2040_E66138935F5B5A2C-if00\n",
        "usb-CanBoot_rp2040_E66138935F5B5A2C-if00\nusb-Klipper_stm32f446xx_2E0029000951363131363530-if00\n",
    )
    facts = merge(new("analyze"), parse(text))
    assert not [x for x in derive.in_bootloader_seen(facts) if x["via"] == "by-id"]


def test_by_id_bootloader_listing_alone_is_quiet() -> None:
    assert not problems("$ ls /dev/serial/by-id/\nusb-katapult_stm32f446xx_2E0029000951363131363530-if00\n")


def test_rp2040_flash_reboot_failure_without_status_is_rp001() -> None:
    text = """\
Flashing out/klipper.uf2 to 2e8a:0003
sudo lib/rp2040_flash/rp2040_flash out/klipper.uf2
Loaded UF2 image with 160 pages
Found rp2040 device on USB bus 3 address 9
Flashing...
Resetting interface
Locking
Exiting XIP mode
Erasing
Flashing
Rebooting device
Command reboot failed, and it was not possible to query PICOBOOT status
"""
    assert first_id(text) == "RP001"


def test_make_flash_over_a_cp2102_bridge_is_boot005() -> None:
    dev = "/dev/serial/by-id/usb-Silicon_Labs_CP2102N_USB_to_UART_Bridge_Controller_6a2b9e62b5a7eb11a8d8a4b0a2fd4b8a-if00-port0"
    text = (f"  Flashing out/klipper.bin to {dev}\n"
            "sudo dfu-util -d ,0483:df11 -R -a 0 -s 0x8008000:leave -D out/klipper.bin\n"
            "dfu-util: No DFU capable USB device available\n"
            f"Failed to flash to {dev}: Error running dfu-util\n")
    assert first_id(text) == "BOOT005"
