"""Rows and rules added for the deepen-rp-can round (session 19): rp2040_flash's reboot failure pasted from "Flashing"
on, a bridge's bootloader request over CAN followed by can0 gone, a failed CAN flash beside a link listing without can0,
a UF2 file's family held against the chip lsusb shows in BOOTSEL, and prose forms of RP002 and RP003."""

from __future__ import annotations

from tests.textkit import first, serious

# Klipper lib/rp2040_flash/main.c picoboot_flash() report_error() when the status query fails too, the paste cut above
# "Erasing" (the steps print in a fixed order: Flashing then Rebooting device means the write completed)
RP2040_FLASH_REBOOT_CUT = """Flashing
Rebooting device
Command reboot failed, and it was not possible to query PICOBOOT status"""

# Katapult scripts/flashtool.py (v0.0.1-7x, 2024): -r over CAN to the bridge's UUID ("Bootloader Request Complete"), then
# the next run cannot bind to can0 (CanSocket: raise FlashError(f"Unable to bind socket to {self._can_interface}"))
BRIDGE_REQUEST_THEN_NO_CAN0 = """pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u 4ad8d43c6d5b -r
Sending bootloader jump command...
Bootloader Request Complete
pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -q
ERROR:root:Flash Tool Error
flashtool.FlashError: Unable to bind socket to can0"""

# CanBoot scripts/flash_can.py (2023-03) flash by UUID dying at CONNECT, then iproute2 `ip a` with no CAN link
CANBOOT_CONNECT_THEN_IP_A_NO_CAN = """pi@voron:~ $ python3 ~/CanBoot/scripts/flash_can.py -i can0 -f ~/klipper/out/klipper.bin -u 4ad8d43c6d5b
Sending bootloader jump command...
Resetting all bootloader node IDs...
Attempting to connect to bootloader
ERROR:root:Can Flash Error
FlashCanError: Error sending command [CONNECT] to Can Device
pi@voron:~ $ ip a
1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc mq state DOWN group default qlen 1000
    link/ether dc:a6:32:12:34:56 brd ff:ff:ff:ff:ff:ff"""

# picotool 2.x main.cpp info_command ("File NAME family ID 'rp2040':") and lsusb of an RP2350 in BOOTSEL (2e8a:000f)
PICOTOOL_INFO_RP2040_FILE_RP2350_BOOTSEL = """$ picotool info klipper.uf2
File klipper.uf2 family ID 'rp2040':

Program Information
 name:          klipper
 binary start:  0x10000000
 binary end:    0x10008a2c

$ lsusb
Bus 001 Device 007: ID 2e8a:000f Raspberry Pi RP2350 Boot"""

# file(1) magic/Magdir/uf2 on an RP2350 build, and lsusb of an RP2040 in BOOTSEL (2e8a:0003)
FILE_RP2350_UF2_RP2040_BOOTSEL = """$ file build/blink.uf2
build/blink.uf2: UF2 firmware image, family Raspberry Pi RP2350, Secure Arm image, address 0x10000000, 52 total blocks
$ lsusb
Bus 003 Device 012: ID 2e8a:0003 Raspberry Pi RP2 Boot"""

# prose as in the BOOTSEL-drive threads (pimoroni-pico#1093, pico-feedback): the drive named in one sentence, "onto it" in
# the next, the drive "comes straight back"
PROSE_ONTO_IT_COMES_BACK = ("I held BOOTSEL on my Pico 2 and plugged it in, the RP2350 drive shows up in Windows Explorer. "
                            "I dragged the .uf2 onto it, the drive disappears and comes straight back, and the program never runs.")

# prose: a copy onto RPI-RP2 and the board "reboots straight back into the RPI-RP2 drive"
PROSE_REBOOTS_BACK_INTO = ("I copy klipper.uf2 onto RPI-RP2 and the board reboots straight back into the RPI-RP2 drive. "
                           "I built it with make menuconfig selecting rp2350.")

# prose as in bigtreetech/SKR-Pico#2 and the Picobilical reset guide: the chore, then the board working
PROSE_RESET_THEN_WORKS = ("Every time I turn on the printer, Klipper says mcu 'mcu': Unable to connect. I have to press the reset "
                          "button on the SKR Pico and then do a FIRMWARE_RESTART and everything works.")


def test_rp2040_flash_reboot_failed_cut_above_erase() -> None:
    assert first(RP2040_FLASH_REBOOT_CUT) == "RP001"


def test_bridge_request_over_can_then_can0_gone() -> None:
    assert first(BRIDGE_REQUEST_THEN_NO_CAN0) == "BOOT002"


def test_can_flash_connect_failed_then_listing_without_can() -> None:
    assert first(CANBOOT_CONNECT_THEN_IP_A_NO_CAN) == "BOOT002"


def test_uf2_file_family_against_lsusb_bootsel_chip() -> None:
    assert first(PICOTOOL_INFO_RP2040_FILE_RP2350_BOOTSEL) == "RP003"
    assert first(FILE_RP2350_UF2_RP2040_BOOTSEL) == "RP003"


def test_uf2_prose_onto_it_and_back_into_drive() -> None:
    assert "RP003" in serious(PROSE_ONTO_IT_COMES_BACK)
    assert "RP003" in serious(PROSE_REBOOTS_BACK_INTO)


def test_rp_reset_then_everything_works() -> None:
    assert first(PROSE_RESET_THEN_WORKS) == "RP002"


# prose as in the pico-feedback / SKR Pico threads, with the Pico's RUN pin named beside reset
PROSE_RUN_RESET_AFTER_POWER_UP = "Pico doesn't enumerate after power-up, need to press RUN/reset."

# Katapult flashtool.py (2024) CanSocket.run(): no can0 to bind for a flash by UUID, and ls /dev/serial/by-id shows the
# bridge board waiting in Katapult (usb-katapult_<mcu>_<serial>, Katapult src/generic/usb_cdc.c)
BIND_ERROR_BRIDGE_IN_KATAPULT = """pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u 4ad8d43c6d5b -f ~/klipper/out/klipper.bin
ERROR:root:Flash Tool Error
Traceback (most recent call last):
  File "/home/pi/katapult/scripts/flashtool.py", line 636, in run
    self.cansock.bind((self._can_interface,))
OSError: [Errno 19] No such device

During handling of the above exception, another exception occurred:

flashtool.FlashError: Unable to bind socket to can0
pi@voron:~ $ ls /dev/serial/by-id/
usb-katapult_stm32f446xx_3A0037000851303436353937-if00"""


def test_rp_run_reset_after_power_up() -> None:
    assert first(PROSE_RUN_RESET_AFTER_POWER_UP) == "RP002"


def test_flash_by_uuid_no_can0_bridge_waits_in_katapult() -> None:
    assert first(BIND_ERROR_BRIDGE_IN_KATAPULT) == "BOOT002"


# prose as in bigtreetech/SKR-Pico#2 (a Picobilical comment): the buttons in the passive
PROSE_RESET_BUTTONS_PRESSED = ("I have a LDO Voron 0.2 with a SKR Pico and Picobilical. If the RPI is powered from the Picobilcal, "
                               "neither MCU will start. Both boards have to have their reset buttons pressed, then a firmware start "
                               "in klipper for it to work.")

# prose: the reset as a need at every start
PROSE_NEEDS_RESET_EVERY_POWER_UP = "My SKR Pico needs a reset after every power up, otherwise mcu unable to connect."

# prose as in FYSETC/FYSETC-ERB#2: works right after flashing, not after a restart or reconnect
PROSE_WORKS_AFTER_FLASH_NOT_AFTER_RESTART = ("Same thing here with my RP2040 board, it works after flashing but not after "
                                             "restarting/connecting it again.")


def test_rp_reset_prose_forms() -> None:
    assert first(PROSE_RESET_BUTTONS_PRESSED) == "RP002"
    assert first(PROSE_NEEDS_RESET_EVERY_POWER_UP) == "RP002"
    assert first(PROSE_WORKS_AFTER_FLASH_NOT_AFTER_RESTART) == "RP002"


# CanBoot scripts/flash_can.py (2023) flash by UUID: right after the jump the CAN socket is closed (a write to can0 failed),
# so the node reader ends with asyncio's IncompleteReadError (as pasted in Arksine/katapult#102 and #44)
CAN_SOCKET_CLOSED_AFTER_JUMP = """./katapult/scripts/flash_can.py -u 284a47d52c0a -f ~/klipper/out/klipper.bin -i can0
Sending bootloader jump command...
Resetting all bootloader node IDs...
Attempting to connect to bootloader
ERROR:root:Can Read Error
Traceback (most recent call last):
  File "/usr/lib/python3.9/asyncio/streams.py", line 629, in readuntil
    raise exceptions.IncompleteReadError(chunk, None)
asyncio.exceptions.IncompleteReadError: 0 bytes read on a total of undefined expected bytes
FlashCanError: Error sending command [CONNECT] to Can Device"""


def test_can_socket_closed_after_jump_is_the_bridge() -> None:
    assert first(CAN_SOCKET_CLOSED_AFTER_JUMP) == "BOOT002"


# prose without a board name, and printer.cfg's [mcu] serial naming the RP2040 (Klipper src/generic/usb_cdc.c: the USB product
# is CONFIG_MCU, so the by-id link is usb-Klipper_rp2040_<serial>)
PROSE_RESET_PRINTER_CFG_RP2040 = """After every power on I have to press the reset button, otherwise Klipper cannot connect.

[mcu]
serial: /dev/serial/by-id/usb-Klipper_rp2040_E66138935F3A3C28-if00"""


def test_rp_reset_board_named_by_klipper_usb_name() -> None:
    assert first(PROSE_RESET_PRINTER_CFG_RP2040) == "RP002"


# systemd v246+ src/shared/netlink-util.c rtnl_resolve_interface_or_warn(), as networkctl prints it for a missing can0
NETWORKCTL_NO_CAN0 = """$ networkctl status can0
Failed to resolve interface "can0": No such device"""


def test_networkctl_cannot_resolve_can0() -> None:
    assert first(NETWORKCTL_NO_CAN0) == "CAN002"


# picotool 1.1.x main.cpp build_rmap_uf2() keeps only rp2040-family blocks; find_binary_info() then fails on an RP2350 build
PICOTOOL1_NO_RP2040_BLOCKS = """$ picotool load -x blink.uf2
ERROR: UF2 file does not contain a valid RP2 executable image"""

# prose of raspberrypi/pico-examples#544: an RP2040-only flash_nuke.uf2 copied to a Pico 2's drive
PROSE_NOTHING_HAPPENS_EXPLORER_OPEN = """Experiment: Copy over the flash_nuke.uf2 to RP2350 based PICO 2 board
Observation: nothing happens.
Actual behaviour: Nothing happens, the file explorer remains open, until any other uf2 is copied which contains executable code."""


def test_picotool1_uf2_without_rp2040_blocks() -> None:
    assert first(PICOTOOL1_NO_RP2040_BLOCKS) == "RP003"


def test_uf2_prose_nothing_happens_explorer_open() -> None:
    assert "RP003" in serious(PROSE_NOTHING_HAPPENS_EXPLORER_OPEN)
