"""(thin-can s15) The forms a person with CAN001 / CAN003 / CAN005 / CAN006 / CAN007 pastes that doctor missed at the
session start: each text is a tool's own message with realistic values (the source file and version named beside it)
or a real thread's paste (the thread named)."""

from __future__ import annotations

from textkit import facts, first, findings, serious

# ---- CAN001: the interface is down -------------------------------------------------------------------------------

# Klipper klippy/chelper/serialqueue.c do_write() / input_event(): report_errno("can write" / "can read", ret) prints
# "Got error %d in %s: (%d)%s" (pyhelper.c); errno 100 once the interface was taken down under klippy
KLIPPY_WRITE_DOWN = """\
Got error -1 in can write: (100)Network is down
Got error -1 in can write: (100)Network is down
Halting reads due to CAN write errors.
"""
KLIPPY_READ_DOWN = "Got error -1 in can read: (100)Network is down\n"

# iproute2 `ip link set can0 up` on a CAN link that has no bitrate: the kernel's open_candev() refuses it (EINVAL)
IP_UP_NO_BITRATE = """\
pi@voron:~ $ sudo ip link set can0 up
RTNETLINK answers: Invalid argument
"""
IP_UP_KEYWORD_FIRST = """\
pi@voron:~ $ sudo ip link set up can0
RTNETLINK answers: Invalid argument
"""
IP_UP_WITH_BITRATE = """\
pi@voron:~ $ sudo ip link set can0 up type can bitrate 1000000
RTNETLINK answers: Invalid argument
"""


def test_klippy_can_write_network_down_is_can001() -> None:
    assert first(KLIPPY_WRITE_DOWN) == "CAN001"
    assert first(KLIPPY_READ_DOWN) == "CAN001"


def test_klippy_can_read_error_is_its_own_event() -> None:
    events = facts(KLIPPY_READ_DOWN)["klipper"]["log"]["events"]
    assert [(e["kind"], e["errno"]) for e in events] == [("can_read_error", 100)]


def test_klippy_can_write_no_buffer_stays_can006() -> None:
    assert first("Got error -1 in can write: (105)No buffer space available\n") == "CAN006"


def test_ip_link_up_without_bitrate_is_can001() -> None:
    assert first(IP_UP_NO_BITRATE) == "CAN001"
    assert first(IP_UP_KEYWORD_FIRST) == "CAN001"


def test_ip_link_up_with_bitrate_invalid_argument_is_not_can001() -> None:
    # the bitrate was given: EINVAL says something else (a timing the controller cannot reach)
    assert "CAN001" not in serious(IP_UP_WITH_BITRATE)


# ---- CAN003: a query while Klipper runs ------------------------------------------------------------------------------

# Katapult scripts/flashtool.py 2023-2025 CanSocket.run() with -q
FLASHTOOL_QUERY_EMPTY = """\
pi@voron:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -q
Resetting all bootloader node IDs...
Checking for Katapult nodes...
CANBus UUID Query Complete
"""
# Klipper3d/klipper#5541 (CanBoot's flash_can.py -q, 2022)
FLASH_CAN_QUERY_EMPTY = """\
pi@mainsail:~/klipper/lib/canboot $ python3 flash_can.py -q
Resetting all bootloader node IDs...
Checking for canboot nodes...
Query Complete
"""
PRINTER_CFG_CAN = """\
[mcu]
canbus_uuid: 0e0d81e4210c

[mcu EBBCan]
canbus_uuid: 4c5ebf2b8ed2
"""
# systemd 247-252 `systemctl status klipper`
KLIPPER_ACTIVE = """\
pi@voron:~ $ systemctl status klipper
● klipper.service - Klipper 3D Printer Firmware SV1
     Loaded: loaded (/etc/systemd/system/klipper.service; enabled; vendor preset: enabled)
     Active: active (running) since Sat 2024-01-13 10:12:01 GMT; 2h 3min ago
   Main PID: 612 (python)
"""
# iproute2 `ip link show can0` of a link with the kernel's default queue
IP_QLEN10 = """\
3: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 10
    link/can 
"""
CANBUS_QUERY_EMPTY = """\
pi@voron:~ $ ~/klippy-env/bin/python ~/klipper/scripts/canbus_query.py can0
Total 0 uuids found
"""


def _best(text: str, fid: str) -> float:
    return max(f.confidence for f in findings(text) if f.id == fid)


def test_flashtool_query_with_printer_cfg_uuids_is_can003() -> None:
    text = FLASHTOOL_QUERY_EMPTY + "\n" + PRINTER_CFG_CAN
    assert first(text) == "CAN003"
    assert _best(text, "CAN003") >= 0.75
    assert _best(FLASH_CAN_QUERY_EMPTY + "\n" + PRINTER_CFG_CAN, "CAN003") >= 0.75


def test_flashtool_query_while_klipper_active_is_can003() -> None:
    text = FLASHTOOL_QUERY_EMPTY + "\n" + KLIPPER_ACTIVE
    assert first(text) == "CAN003"
    assert _best(text, "CAN003") >= 0.85


def test_empty_query_beside_a_short_queue_names_the_query_first() -> None:
    # a query is one frame: qlen 10 does not hide nodes, so the short queue comes after the query's finding
    for query in (CANBUS_QUERY_EMPTY, FLASHTOOL_QUERY_EMPTY):
        found = [f.id for f in findings(query + "\n" + IP_QLEN10)]
        assert found[0] == "CAN003" and "CAN006" in found


# ---- CAN005: two sides of the speed ----------------------------------------------------------------------------------

# Klipper .config (src/Kconfig, src/stm32/Kconfig) of a toolhead built for CAN on PB0/PB1
def _klipper_config(freq: int, usbcan: bool = False) -> str:
    comm = "CONFIG_USBCANBUS=y\nCONFIG_USB=y\n" if usbcan else "CONFIG_CANSERIAL=y\n"
    return ('CONFIG_LOW_LEVEL_OPTIONS=y\nCONFIG_MACH_STM32=y\nCONFIG_BOARD_DIRECTORY="stm32"\nCONFIG_MCU="stm32g0b1xx"\n'
            "CONFIG_CLOCK_FREQ=64000000\nCONFIG_FLASH_SIZE=0x20000\nCONFIG_FLASH_BOOT_ADDRESS=0x8000000\n"
            "CONFIG_FLASH_APPLICATION_ADDRESS=0x8002000\nCONFIG_STM32_FLASH_START_2000=y\nCONFIG_CLOCK_REF_FREQ=8000000\n"
            f"{comm}CONFIG_CANBUS=y\nCONFIG_CANBUS_FREQUENCY={freq}\n")


# Katapult .config (src/Kconfig, src/stm32/Kconfig 2023-2025)
KATAPULT_CONFIG_500K = """\
CONFIG_MACH_STM32=y
CONFIG_BOARD_DIRECTORY="stm32"
CONFIG_MCU="stm32g0b1xx"
CONFIG_CLOCK_FREQ=64000000
CONFIG_FLASH_APPLICATION_ADDRESS=0x8002000
CONFIG_STM32_APP_START_2000=y
CONFIG_CLOCK_REF_FREQ=8000000
CONFIG_CANSERIAL=y
CONFIG_CANBUS_FREQUENCY=500000
CONFIG_ENABLE_DOUBLE_RESET=y
"""
# ifupdown interfaces(5) stanza as Klipper's docs/CANBUS.md writes it, with another bitrate
CAN0_STANZA_500K = """\
pi@voron:~ $ cat /etc/network/interfaces.d/can0
allow-hotplug can0
iface can0 can static
    bitrate 500000
    up ip link set $IFACE txqueuelen 128
"""
# klippy.log of Klipper 0.12 (klippy/mcu.py "MCU '%s' config: %s"): a USB-to-CAN bridge (CANBUS_BRIDGE=1) at 1000000
KLIPPY_BRIDGE_1M = """\
Loaded MCU 'mcu' 117 commands (v0.12.0-85-gd785b396 / gcc: (15:8-2019-q3-1+b1) 8.3.1 20190703 (release) [gcc-8-branch revision 273027] binutils: (2.35.2-2+14+b2) 2.35.2)
MCU 'mcu' config: ADC_MAX=4095 BUS_PINS_i2c1=PB6,PB7 CANBUS_BRIDGE=1 CANBUS_FREQUENCY=1000000 CLOCK_FREQ=180000000 MCU=stm32f446xx PWM_MAX=255 RECEIVE_WINDOW=192 RESERVE_PINS_CAN=PD0,PD1 RESERVE_PINS_USB=PA11,PA12 RESERVE_PINS_crystal=PH0,PH1 STATS_SUMMARY_MAX=5000000 STEPPER_BOTH_EDGE=1
mcu 'EBBCan': Starting CAN connect
"""
# iproute2 `ip -details link show can0` (iplink_can.c) at 500000
IP_DETAILS_500K = """\
4: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 128
    link/can  promiscuity 0 minmtu 0 maxmtu 0
    can state ERROR-ACTIVE (berr-counter tx 0 rx 0) restart-ms 0
          bitrate 500000 sample-point 0.875
          gs_usb: tseg1 1..16 tseg2 1..8 sjw 1..4 brp 1..1024 brp-inc 1
          clock 48000000
"""


def test_can0_stanza_bitrate_against_config_is_can005() -> None:
    assert first(CAN0_STANZA_500K + "\n" + _klipper_config(1000000)) == "CAN005"
    assert "CAN005" not in serious(CAN0_STANZA_500K + "\n" + _klipper_config(500000))


def test_katapult_and_klipper_built_for_different_speeds_is_can005() -> None:
    assert first(KATAPULT_CONFIG_500K + "\n" + _klipper_config(1000000)) == "CAN005"
    assert "CAN005" not in serious(KATAPULT_CONFIG_500K + "\n" + _klipper_config(500000))


def test_two_klipper_builds_bridge_and_toolhead_is_can005() -> None:
    text = _klipper_config(1000000, usbcan=True) + "\n" + _klipper_config(500000)
    assert first(text) == "CAN005"


def test_toolhead_build_against_the_bridge_in_klippy_log_is_can005() -> None:
    assert first(KLIPPY_BRIDGE_1M + "\n" + _klipper_config(500000)) == "CAN005"
    assert "CAN005" not in serious(KLIPPY_BRIDGE_1M + "\n" + _klipper_config(1000000))


def test_a_bridge_ignores_can0_bitrate() -> None:
    # docs/CANBUS.md: in USB to CAN bus bridge mode the bus speed is the one chosen in menuconfig, Linux's is ignored
    assert "CAN005" not in serious(IP_DETAILS_500K + "\n" + KLIPPY_BRIDGE_1M)
    assert "CAN005" not in serious(IP_DETAILS_500K + "\n" + _klipper_config(1000000, usbcan=True))


def test_klippy_log_records_the_bridge_flag() -> None:
    mcus = facts(KLIPPY_BRIDGE_1M)["klipper"]["log"]["mcus"]
    assert mcus[0]["canbus_bridge"] == 1 and mcus[0]["canbus_frequency"] == 1000000


# ---- CAN007: a flash cut below its command line ---------------------------------------------------------------------

# Katapult scripts/flashtool.py 2024-2025 on CAN (the jump, node-id reset and UUID check only CanSocket prints), the
# command line left out of the paste
FLASHTOOL_CAN_SEND_BLOCK_NO_CMD = """\
Sending bootloader jump command...
Resetting all bootloader node IDs...
Attempting to connect to bootloader
Katapult Connected
Software Version: v0.0.1-95-g3a4f4a4
Protocol Version: 1.1.0
Block Size: 64 bytes
Application Start: 0x8002000
MCU type: stm32g0b1xx
Verifying canbus connection
Flashing '/home/pi/klipper/out/klipper.bin'...

[##########################
ERROR:root:Flash Tool Error
Traceback (most recent call last):
  File "/home/pi/katapult/scripts/flashtool.py", line 431, in send_file
    resp = await self.send_command('SEND_BLOCK', prefix + buf)
  File "/home/pi/katapult/scripts/flashtool.py", line 407, in send_command
    raise FlashError("Error sending command [%s] to Device" % (cmdname))
FlashError: Error sending command [SEND_BLOCK] to Device
"""


def test_can_flash_without_command_line_is_can007() -> None:
    assert first(FLASHTOOL_CAN_SEND_BLOCK_NO_CMD) == "CAN007"
    runs = facts(FLASHTOOL_CAN_SEND_BLOCK_NO_CMD)["katapult"]["runs"]
    assert runs[0]["interface"] == "can"


# CanBoot scripts/flash_can.py 2022-2023 / flashtool.py before 2024-08 (3f28ae2): the exception line alone
FLASH_CAN_SEND_BLOCK_LINE = "FlashCanError: Error sending command [SEND_BLOCK] to Can Device\n"


def test_can_device_send_block_line_alone_is_can007() -> None:
    assert first(FLASH_CAN_SEND_BLOCK_LINE) == "CAN007"
    # a run with a serial device printed the same words (flashtool.py before 2024 on /dev/ttyS2): not CAN
    serial = "pi@q1:~ $ python3 flashtool.py -d /dev/ttyS2 -b 115200\n" + FLASH_CAN_SEND_BLOCK_LINE
    assert "CAN007" not in serious(serial)


# ---- CAN004: the state line quoted alone ---------------------------------------------------------------------------

# iproute2 ip/iplink_can.c can_print_opt(): "can state %s" (+ berr-counter, restart-ms), quoted without its record head


def test_can_state_line_alone() -> None:
    assert first("can state BUS-OFF restart-ms 0\n") == "CAN004"
    assert first("    can state ERROR-PASSIVE (berr-counter tx 128 rx 0) restart-ms 0\n") == "CAN004"
    assert serious("can state ERROR-ACTIVE (berr-counter tx 0 rx 0) restart-ms 0\n") == []


# ---- CAN001: systemd-networkd not running under a .network file -----------------------------------------------------

# the file the Esoterical CAN guide (Getting_Started.md) writes, as `cat` shows it
NETWORKD_CAN_FILE = """\
pi@voron:~ $ cat /etc/systemd/network/25-can.network
[Match]
Name=can*

[CAN]
BitRate=1M

[Link]
RequiredForOnline=no
"""
# systemd 247-252 systemctl status of a disabled networkd; systemctl start of a masked one (src/systemctl)
NETWORKD_INACTIVE = """\
pi@voron:~ $ systemctl status systemd-networkd
○ systemd-networkd.service - Network Configuration
     Loaded: loaded (/lib/systemd/system/systemd-networkd.service; disabled; vendor preset: enabled)
     Active: inactive (dead)
"""
NETWORKD_MASKED = """\
pi@voron:~ $ sudo systemctl start systemd-networkd
Failed to start systemd-networkd.service: Unit systemd-networkd.service is masked.
"""
IP_UP_1M = """\
4: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 128
    link/can 
"""


def test_networkd_file_without_running_networkd_is_can001() -> None:
    assert first(NETWORKD_CAN_FILE + "\n" + NETWORKD_INACTIVE) == "CAN001"
    assert first(NETWORKD_CAN_FILE + "\n" + NETWORKD_MASKED) == "CAN001"
    assert facts(NETWORKD_MASKED)["host"]["services"]["systemd-networkd"] == "masked"


def test_networkd_stopped_but_can0_up_is_no_can001() -> None:
    assert "CAN001" not in serious(NETWORKD_CAN_FILE + "\n" + NETWORKD_INACTIVE + "\n" + IP_UP_1M)


# ---- CAN006: Timer too close beside a queue of 128 ------------------------------------------------------------------

# klippy/mcu.py "MCU '%s' shutdown: %s" of a CAN node named in printer.cfg, and `ip link show can0` with Klipper's queue
TTC_CAN = """\
[mcu nhk]
canbus_uuid: 61755fe321ac

MCU 'nhk' shutdown: Timer too close
"""


def test_timer_too_close_on_can_is_can006_unless_the_queue_is_128() -> None:
    assert first(TTC_CAN) == "CAN006"
    assert "CAN006" not in serious(TTC_CAN + "\n" + IP_UP_1M)


# Klipper docs/CANBUS_Troubleshooting.md: "Got error -1 in can write: (105)No buffer space available" with qlen 128 is
# a bus that transmits nothing (CAN004); with qlen 10 the short queue (CAN006)
KLIPPY_WRITE_105 = "Got error -1 in can write: (105)No buffer space available\n" * 3


def test_write_105_beside_the_queue_size() -> None:
    assert first(KLIPPY_WRITE_105 + "\n" + IP_UP_1M) == "CAN004"
    assert first(KLIPPY_WRITE_105 + "\n" + IP_QLEN10) == "CAN006"
    assert first(KLIPPY_WRITE_105) == "CAN006"


def test_a_bridge_in_the_text_makes_can0_bitrate_moot() -> None:
    # the toolhead (500000) and the bridge (500000) both identified; can0 says 1000000, which the bridge ignores
    log = KLIPPY_BRIDGE_1M.replace("CANBUS_FREQUENCY=1000000", "CANBUS_FREQUENCY=500000") + (
        "MCU 'EBBCan' config: ADC_MAX=4095 CANBUS_FREQUENCY=500000 CLOCK_FREQ=64000000 MCU=stm32g0b1xx RECEIVE_WINDOW=192\n")
    assert "CAN005" not in serious(IP_DETAILS_500K.replace("bitrate 500000", "bitrate 1000000") + "\n" + log)


KLIPPER_STOPPED = KLIPPER_ACTIVE.replace("active (running) since Sat 2024-01-13 10:12:01 GMT; 2h 3min ago",
                                         "inactive (dead) since Sat 2024-01-13 10:12:01 GMT; 2min ago")


def test_empty_query_with_klipper_stopped_is_the_bus_not_can003() -> None:
    for query in (CANBUS_QUERY_EMPTY, FLASHTOOL_QUERY_EMPTY):
        found = serious(query + "\n" + KLIPPER_STOPPED)
        assert found and found[0] == "CAN004" and "CAN003" not in found
