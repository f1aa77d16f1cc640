"""Parsers of the Klipper / Katapult / CAN / SD-card side, the splitter's prefilter, and the live probes' use of them."""

from __future__ import annotations

import functools
import random
import re
from pathlib import Path
from typing import Any

import pytest

from doctor import parsers
from doctor.parsers import _Matcher, _prefilter, parse_stream, parse_text

from conftest import CASES

REGISTRY = parsers.registry_order()


def facts_of(text: str, source: str = "t.txt") -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), source)


def kinds(events: list[dict[str, Any]]) -> list[str]:
    return [e["kind"] for e in events]


def one_run(facts: dict[str, Any], ns: str) -> dict[str, Any]:
    runs = facts[ns]["runs"]
    assert len(runs) == 1, runs
    return runs[0]


# --- Katapult flashtool.py / flash_can.py -------------------------------------------------------------

FLASH_OK = """\
Flashing Serial Device /dev/ttyS2, baud 500000
Attempting to connect to bootloader
Katapult Connected
Software Version: v0.0.1-79-g25a23cd
Protocol Version: 1.1.0
Block Size: 64 bytes
Application Start: 0x8002000
MCU type: stm32f103xe
Flashing '/home/mks/klipper/out/klipper.bin'...

[##################################################]

Write complete: 33 pages
Verifying (block count = 514)...

[##################################################]

Verification Complete: SHA = 17F568DAD314AA754EE8E6E5D40B1921E30BDB34
Flash Success
"""


def test_flashtool_success_summary() -> None:
    run = one_run(facts_of(FLASH_OK), "katapult")
    assert run["success"] is True
    assert (run["interface"], run["device"], run["baud"]) == ("serial", "/dev/ttyS2", 500000)
    assert (run["mcu"], run["address"], run["block_size"], run["version"]) == ("stm32f103xe", 0x8002000, 64, "v0.0.1-79-g25a23cd")
    assert run["written"] and run["verified"]
    assert "failed_command" not in run


@pytest.mark.parametrize(
    "tail,command",
    [
        ("ERROR:root:Flash Tool Error\nTraceback (most recent call last):\n  File \"flashtool.py\", line 90\nFlashError: Error sending command [CONNECT] to Device", "CONNECT"),
        ("ERROR:root:Flash Error\nFlashCanError: Error sending command [CONNECT] to Can Device", "CONNECT"),
        ("INFO:root:Response for command CONNECT timed out, 1 tries remaining\nINFO:root:Response for command CONNECT timed out, 0 tries remaining", "CONNECT"),
        ("INFO:root:Response for command CONNECT timed out", "CONNECT"),
        ("Katapult Connected\nFlashError: Error sending command [SEND_BLOCK] to Device", "SEND_BLOCK"),
    ],
)
def test_flashtool_failures_old_and_new_wordings(tail: str, command: str) -> None:
    run = one_run(facts_of("Attempting to connect to bootloader\n" + tail), "katapult")
    assert run["failed_command"] == command
    assert run["success"] is False


def test_flashtool_retry_then_success_is_not_a_failure() -> None:
    text = FLASH_OK.replace("Katapult Connected", "INFO:root:Response for command CONNECT timed out, 4 tries remaining\nKatapult Connected")
    run = one_run(facts_of(text), "katapult")
    assert run["success"] is True and "failed_command" not in run
    assert kinds(run["events"]).count("katapult_timeout") == 1


def test_flashtool_can_uuid_binary_and_usb_reconnect() -> None:
    text = """Connecting to CAN UUID d1669557c4ec on interface can0
Sending bootloader jump command...
Resetting all bootloader node IDs...
Detected Klipper binary version d7c0c933-dirty, MCU: stm32h723xx
Waiting for USB Reconnect.
Detected new USB Device: 1d50:6177 katapult stm32h723xx
Katapult detected at serial port /dev/ttyACM0
"""
    run = one_run(facts_of(text), "katapult")
    assert (run["interface"], run["uuid"], run["binary_mcu"]) == ("can", "d1669557c4ec", "stm32h723xx")
    assert run["device"] == "/dev/ttyACM0"
    assert {"katapult_jump", "katapult_binary", "katapult_usb_reconnect"} <= set(kinds(run["events"]))


def test_flashtool_mcu_mismatch_and_device_errors() -> None:
    run = one_run(facts_of("Attempting to connect to bootloader\nFlashError: MCU returned by Katapult does not match MCU identified in klipper.bin."), "katapult")
    assert "katapult_mcu_mismatch" in kinds(run["events"])
    run = one_run(facts_of("ERROR:root:Flash Tool Error\nUnable to bind socket to can0"), "katapult")
    assert "katapult_bind_error" in kinds(run["events"]) and run["interface"] == "can"
    run = one_run(facts_of("Detected USB device running Katapult\nDevice is not Katapult, exiting..."), "katapult")
    assert "katapult_not_katapult" in kinds(run["events"])


def test_flashtool_query() -> None:
    run = one_run(facts_of("Detected UUID: 0e0d81e4210c, Application: Katapult\nCANBus UUID Query Complete"), "katapult")
    ev = [e for e in run["events"] if e["kind"] == "katapult_uuid"][0]
    assert (ev["uuid"], ev["application"]) == ("0e0d81e4210c", "Katapult")
    assert run["success"] is True


# --- canbus_query.py, ip link ------------------------------------------------------------------------

def test_canbus_query_nodes_and_total() -> None:
    f = facts_of("Found canbus_uuid=11aa22bb33cc, Application: Klipper\nFound canbus_uuid=0e0d81e4210c, Application: CanBoot\nTotal 2 uuids found")
    assert f["can"]["queries"][0]["found"] == 2
    assert [n["uuid"] for n in f["can"]["nodes"]] == ["11aa22bb33cc", "0e0d81e4210c"]
    assert f["can"]["nodes"][1]["application"] == "CanBoot"


@pytest.mark.parametrize("line,kind", [
    ("OSError: [Errno 100] Network is down", "can_network_down"),
    ("OSError: [Errno 19] No such device", "can_no_device"),
    ("can.CanError: Failed to transmit: [Errno 105] No buffer space available", "can_no_buffer"),
])
def test_canbus_query_socket_errors(line: str, kind: str) -> None:
    f = facts_of("Traceback (most recent call last):\n  File \"canbus_query.py\", line 20\n" + line)
    assert kind in kinds(f["can"]["queries"][0]["events"])


IP_DETAILS = """\
3: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 10
    link/can  promiscuity 0 minmtu 0 maxmtu 0
    can state ERROR-PASSIVE (berr-counter tx 128 rx 0) restart-ms 0
	  bitrate 500000 sample-point 0.875
	  tq 125 prop-seg 6 phase-seg1 7 phase-seg2 2 sjw 1 brp 6
	  gs_usb: tseg1 1..16 tseg2 1..8 sjw 1..4 brp 1..1024 brp_inc 1
	  clock 48000000
	  re-started bus-errors arbit-lost error-warn error-pass bus-off
	  0          57         0          1          1          0         numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535
    RX:  bytes packets errors dropped  missed   mcast
         1234      56      3       0       0       0
    TX:  bytes packets errors dropped carrier collsns
         7890      12      0       0       0       0
"""


def test_ip_details_statistics() -> None:
    f = facts_of(IP_DETAILS)
    (iface,) = f["can"]["interfaces"]
    assert iface["name"] == "can0" and iface["up"] is True and iface["txqueuelen"] == 10
    assert (iface["can_state"], iface["berr_tx"], iface["bitrate"], iface["driver"]) == ("ERROR-PASSIVE", 128, 500000, "gs_usb")
    assert (iface["restarts"], iface["bus_errors"], iface["rx_errors"], iface["tx_errors"]) == (0, 57, 3, 0)


def test_ip_link_plain_down_and_listing_without_can() -> None:
    f = facts_of("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n"
                 "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
                 "3: can0: <NOARP,ECHO> mtu 16 qdisc noop state DOWN mode DEFAULT group default qlen 10\n    link/can")
    (iface,) = f["can"]["interfaces"]
    assert iface["up"] is False and iface["operstate"] == "DOWN"
    f = facts_of("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n"
                 "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP mode DEFAULT group default qlen 1000")
    assert "interfaces" not in f["can"] and [l["name"] for l in f["can"]["links"]] == ["lo", "eth0"]


def test_ip_json() -> None:
    text = ('[{"ifindex":3,"ifname":"can0","flags":["NOARP","UP","LOWER_UP","ECHO"],"mtu":16,"qdisc":"pfifo_fast",'
            '"operstate":"UP","linkmode":"DEFAULT","group":"default","txqlen":128,"link_type":"can",'
            '"linkinfo":{"info_kind":"can","info_data":{"restart_ms":0,"state":"ERROR-ACTIVE","berr_counter":{"tx":0,"rx":0},'
            '"bittiming":{"bitrate":1000000,"sample_point":"0.750"},"bittiming_const":{"name":"gs_usb"}},'
            '"info_xstats":{"restarts":0,"bus_error":0,"arbitration_lost":0,"error_warning":0,"error_passive":0,"bus_off":0}}}]')
    (iface,) = facts_of(text)["can"]["interfaces"]
    assert (iface["bitrate"], iface["txqueuelen"], iface["can_state"], iface["driver"], iface["up"]) == (1000000, 128, "ERROR-ACTIVE", "gs_usb", True)


@pytest.mark.parametrize("line,kind", [
    ('Cannot find device "can0"', "can_no_device"),
    ('Device "can0" does not exist.', "can_no_device"),
    ("RTNETLINK answers: Operation not supported", "can_not_supported"),
])
def test_iproute_errors(line: str, kind: str) -> None:
    assert kinds(facts_of(line)["can"]["events"]) == [kind]


# --- klippy.log --------------------------------------------------------------------------------------

KLIPPY = """\
Starting Klippy...
Git version: 'v0.12.0-396-g1e7057e9'
===== Config file =====
[mcu]
serial = /dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00
[mcu EBBCan]
canbus_uuid = 7D4B7D3C2A1F
[printer]
kinematics = corexy
=======================
Loaded MCU 'mcu' 117 commands (v0.12.0-396-g1e7057e9 / gcc: (15:12.2.rel1-1) 12.2.1 20221205)
MCU 'mcu' config: ADC_MAX=4095 CLOCK_FREQ=180000000 MCU=stm32f446xx SERIAL_BAUD=250000
MCU 'EBBCan' config: CANBUS_FREQUENCY=500000 CLOCK_FREQ=64000000 MCU=stm32g0b1xx
Stats 10.0: gcodein=0  mcu: mcu_awake=0.005
Got error -1 in can write: (105)No buffer space available
MCU 'EBBCan' shutdown: Timer too close
Transition to shutdown state: MCU 'EBBCan' shutdown: Timer too close
mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0: [Errno 2] No such file or directory: '/dev/ttyACM0'
mcu 'EBBCan': Timeout on connect
Lost communication with MCU 'EBBCan'
MCU Protocol error
"""


def test_klippy_log_events_config_and_mcus() -> None:
    f = facts_of(KLIPPY, "klippy.log")
    log = f["klipper"]["log"]
    assert log["version"] == "v0.12.0-396-g1e7057e9" and log["lines"] == KLIPPY.count("\n")
    ks = kinds(log["events"])
    assert ks.count("mcu_shutdown") == 1  # the "Transition to shutdown state" repeat is folded
    assert {"can_write_error", "serial_no_such_port", "mcu_connect_timeout", "mcu_lost_communication", "mcu_protocol_error"} <= set(ks)
    shutdown = [e for e in log["events"] if e["kind"] == "mcu_shutdown"][0]
    assert (shutdown["name"], shutdown["reason"]) == ("EBBCan", "Timer too close")
    mcus = {m["name"]: m for m in log["mcus"]}
    assert mcus["mcu"]["mcu"] == "stm32f446xx" and mcus["mcu"]["version"] == "v0.12.0-396-g1e7057e9"
    assert mcus["EBBCan"]["canbus_frequency"] == 500000
    cfg = {m["name"]: m for m in f["klipper"]["printer_cfg"]["mcus"]}
    assert cfg["EBBCan"]["canbus_uuid"] == "7d4b7d3c2a1f" and cfg["mcu"]["serial"].endswith("-if00")


def test_klippy_log_is_bounded() -> None:
    from doctor.parsers.klippy_log import MAX_FIRST, MAX_RECENT

    lines = ["Starting Klippy..."]
    for i in range(20000):
        lines.append(f"Stats {i}.0: gcodein=0  mcu: mcu_awake=0.005")
        if i % 10 == 0:
            lines.append(f"mcu 'mcu{i % 7}': Timeout on connect")
    log = facts_of("\n".join(lines))["klipper"]["log"]
    assert log["counts"]["mcu_connect_timeout"] == 2000
    assert len(log["events"]) <= MAX_FIRST + MAX_RECENT
    last_error = max(n for n, line in enumerate(lines, start=1) if "Timeout on connect" in line)
    assert log["events"][-1]["lineno"] == last_error  # the last error event is kept


def test_klippy_bulk_lines_stay_with_the_log_but_are_classified_elsewhere() -> None:
    # a Stats line outside a klippy.log block still starts one
    f = facts_of("Bus 001 Device 002: ID 1d50:614e OpenMoko, Inc. stm32f446xx\nStats 10.0: gcodein=0  mcu: mcu_awake=0.005")
    assert [b["tool"] for b in f["sources"][0]["blocks"]][-1] == "klippy.log"


# --- .config, menuconfig, printer.cfg, flash-sdcard, make --------------------------------------------

KLIPPER_CONFIG = """\
# Automatically generated file; DO NOT EDIT.
# Klipper Firmware Configuration
CONFIG_LOW_LEVEL_OPTIONS=y
CONFIG_MACH_STM32=y
CONFIG_BOARD_DIRECTORY="stm32"
CONFIG_MCU="stm32f446xx"
CONFIG_CLOCK_FREQ=180000000
CONFIG_FLASH_SIZE=0x80000
CONFIG_FLASH_BOOT_ADDRESS=0x8000000
CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000
CONFIG_STM32_CLOCK_REF_12M=y
CONFIG_CLOCK_REF_FREQ=12000000
CONFIG_USBCANBUS=y
CONFIG_CANBUS_FREQUENCY=1000000
# CONFIG_WANT_GPIO_BITBANGING is not set
"""

KATAPULT_CONFIG = """\
CONFIG_MACH_STM32=y
CONFIG_MCU="stm32f446xx"
CONFIG_CLOCK_REF_FREQ=12000000
CONFIG_STM32_APP_START_8000=y
CONFIG_LAUNCH_APP_ADDRESS=0x8008000
CONFIG_USBSERIAL=y
# CONFIG_ENABLE_DOUBLE_RESET is not set
"""


def test_kconfig_tells_klipper_from_katapult() -> None:
    k = facts_of(KLIPPER_CONFIG)["klipper"]["config"]
    assert (k["kind"], k["arch"], k["mcu"], k["comm"]) == ("klipper", "stm32", "stm32f446xx", "usbcan")
    assert (k["application_address"], k["bootloader_offset"], k["clock_ref_freq"], k["canbus_frequency"]) == (0x8008000, 0x8000, 12000000, 1000000)
    assert k["values"]["CONFIG_WANT_GPIO_BITBANGING"] == "n"
    kat = facts_of(KATAPULT_CONFIG)["klipper"]["katapult_config"]
    assert (kat["kind"], kat["application_address"], kat["double_reset"], kat["comm"]) == ("katapult", 0x8008000, False, "usb")


def test_menuconfig_screen() -> None:
    screen = """Klipper Firmware Configuration
[*] Enable extra low-level configuration options
    Micro-controller Architecture (STMicroelectronics STM32)  --->
    Processor model (STM32F446)  --->
    Bootloader offset (32KiB bootloader)  --->
    Clock Reference (12 MHz crystal)  --->
    Communication interface (USB to CAN bus bridge (USB on PA11/PA12))  --->
(1000000) CAN bus speed
"""
    k = facts_of(screen)["klipper"]["config"]
    assert (k["arch"], k["mcu"], k["bootloader_offset"], k["clock_ref_freq"], k["comm"], k["canbus_frequency"]) == (
        "stm32", "stm32f446", 0x8000, 12000000, "usbcan", 1000000)


def test_printer_cfg_mcus() -> None:
    text = "[mcu]\nserial: /dev/serial/by-id/usb-Klipper_x-if00  # main board\nrestart_method: command\n\n[mcu toolhead]\ncanbus_uuid: 0E0D81E4210C\n\n[mcu rpi]\nserial: /tmp/klipper_host_mcu\nbaud: 250000\n"
    mcus = facts_of(text)["klipper"]["printer_cfg"]["mcus"]
    assert [(m["name"], m.get("serial"), m.get("canbus_uuid"), m.get("baud")) for m in mcus] == [
        ("mcu", "/dev/serial/by-id/usb-Klipper_x-if00", None, None), ("toolhead", None, "0e0d81e4210c", None), ("rpi", "/tmp/klipper_host_mcu", None, 250000)]


def test_sdcard_card_block_and_errors() -> None:
    run = one_run(facts_of((CASES / "seed-skr2-sdcard-version-mismatch" / "flash-sdcard.txt").read_text()), "sdcard")
    assert run["card"]["fs_type"] == "FAT32" and run["card"]["sdhc"] is True and run["card"]["capacity_gib"] == 29.7
    assert kinds(run["events"]).count("sd_version_mismatch") == 1  # the traceback's repeat is folded
    run = one_run(facts_of("Connecting to MCU...Connected\nInitializing SD Card and Mounting file system...\nSD Card Flash Error: Unable to mount SD Card: FR_NOT_READY"), "sdcard")
    assert [e.get("text") for e in run["events"] if e["kind"] == "sd_fatfs_error"] == ["FR_NOT_READY"]
    run = one_run(facts_of("Connecting to MCU...Connected\nMCU Type mismatch: Build MCU = stm32f407xx, Connected MCU = stm32f446xx"), "sdcard")
    assert kinds(run["events"]) == ["sd_mcu_mismatch"]


def test_make_build_overflow() -> None:
    text = "  Linking out/klipper.elf\n/usr/bin/arm-none-eabi-ld: region `rom' overflowed by 385 bytes\ncollect2: error: ld returned 1 exit status\n"
    run = facts_of(text)["klipper"]["build"]["runs"][0]
    assert kinds(run["events"]) == ["build_overflow", "build_error"] and run["success"] is False


# --- derived comparisons -----------------------------------------------------------------------------

def test_canbus_uuid_from_usb_serial() -> None:
    from doctor.derive import canbus_uuid_of_serial

    assert canbus_uuid_of_serial("3D0052001450425539383920") == "154aab036e6a"  # Arksine/katapult#152
    assert canbus_uuid_of_serial("not hex") is None


def test_config_against_katapult_and_can() -> None:
    from doctor import derive

    facts = parse_text(KLIPPER_CONFIG.replace("0x8008000", "0x8000000"), "klipper.config")
    from doctor import facts as factmod
    factmod.merge(facts, facts_of(FLASH_OK.replace("stm32f103xe", "stm32f446xx").replace("0x8002000", "0x8008000")))
    factmod.merge(facts, facts_of(IP_DETAILS))
    d = derive.derive(facts)
    assert d["bootloader_offset_mismatch"][0]["configured"] == "0x8000000" and d["bootloader_offset_mismatch"][0]["bootloader"] == "0x8008000"
    # (thin-can s15) a USB-to-CAN bridge build sets the bus speed itself and ignores can0's bitrate (docs/CANBUS.md)
    assert d["can_bitrate_mismatch"] == []
    facts = parse_text(KLIPPER_CONFIG.replace("CONFIG_USBCANBUS=y", "CONFIG_CANSERIAL=y"), "klipper.config")
    factmod.merge(facts, facts_of(IP_DETAILS))
    d2 = derive.derive(facts)
    assert d2["can_bitrate_mismatch"][0]["bitrate"] == 500000 and d2["can_bitrate_mismatch"][0]["configured"] == 1000000
    assert d["mcu_mismatch"] == []


# --- the splitter: the prefilter decides what the straightforward classifier decides -------------------

def _own_groups(pattern: str, i: int) -> str:
    """`pattern` with every group named for its row (`x` -> `x_i`, the k-th unnamed group -> `g<k>_i`) and every reference
    to one ((?P=x), (?(x)...), \\1, (?(1)...)) by that name: in a join a number counts the groups of the rows before."""
    out: list[str] = []
    names: list[str] = []  # group number - 1 -> its name in the join
    j, n, in_class = 0, len(pattern), False
    while j < n:
        c = pattern[j]
        if c == "\\":
            d = re.match(r"[1-9]\d?", pattern[j + 1:]) if not in_class else None
            if d:
                num = d.group()
                if len(num) == 2 and int(num) > len(names):
                    num = num[0]
                out.append(f"(?P={names[int(num) - 1]})")
                j += 1 + len(num)
            else:
                out.append(pattern[j:j + 2])
                j += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            j += 1
            continue
        if c == "[":
            k = j + 1 + (pattern[j + 1:j + 2] == "^")
            k += pattern[k:k + 1] == "]"  # a "]" first in a class is a literal
            out.append(pattern[j:k])
            in_class, j = True, k
            continue
        if c == "(":
            m = re.match(r"\(\?P<(\w+)>|\(\?P=(\w+)\)|\(\?\((\w+)\)|\(\?", pattern[j:])
            if m is None:  # an unnamed capturing group
                names.append(f"g{len(names) + 1}_{i}")
                out.append(f"(?P<{names[-1]}>")
            elif m.group(1):
                names.append(f"{m.group(1)}_{i}")
                out.append(f"(?P<{names[-1]}>")
            elif m.group(2):
                out.append(f"(?P={m.group(2)}_{i})")
            elif m.group(3):
                ref = m.group(3)
                out.append(f"(?({names[int(ref) - 1] if ref.isdigit() else ref + '_' + str(i)})")
            else:
                out.append("(?")
            j += len(m.group()) if m else 1
            continue
        out.append(c)
        j += 1
    return "".join(out)


def _unnamed(pattern: str, i: int = 0) -> str:
    """A pattern without its group names: message rows of one parser reuse names, which one joined regex cannot.
    (s22) A row that refers back to its own group (esptool's "setting \\((?P<value>\\d+) ?MHz\\)\\. Detected (?P=value)")
    keeps it, renamed for its row (the `i`-th of the join), so the joined regex matches what the row alone does.
    (s23) So does a row with a conditional on its own group (claims' said_tx_to_tx: "(?P<bar>\\|)...(?(bar)...)") or a
    numbered reference (klipper_claims' said_baud_split: "(\\d{5,7})...(?!\\1\\b)", whose \\1 in the join was another row's
    group, so the reference claimed "Klipper is at 250000 while Katapult is at 250000" and the row does not)."""
    if re.search(r"\(\?P=|\(\?\(\w+\)|(?<!\\)(?:\\\\)*\\[1-9]", pattern):
        pattern = _own_groups(pattern, i)
    else:
        pattern = re.sub(r"\(\?P<\w+>", "(?:", pattern)
    m = re.match(r"\(\?([aiLmsux]+)\)", pattern)  # a leading global flag, which a joined regex cannot hold
    return f"(?{m.group(1)}:{pattern[m.end():]})" if m else pattern


_REFERENCE_PARTS: dict[type, tuple[tuple[str, ...], re.Pattern[str] | None, re.Pattern[str] | None, tuple[re.Pattern[str], ...]]] = {}


def _reference_parts(p: Any) -> tuple[tuple[str, ...], re.Pattern[str] | None, re.Pattern[str] | None, tuple[re.Pattern[str], ...]]:
    """A parser's lowered hints, its joined strong and weak patterns and its single patterns, compiled once per
    process: the reference used to rebuild and re-compile them on every line (3800 patterns thrash re's cache of
    512), most of these tests' time. The patterns and the searches are the same."""
    parts = _REFERENCE_PARTS.get(p)
    if parts is None:
        def joined(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
            return re.compile("|".join(f"(?:{_unnamed(r, i)})" for i, r in enumerate(patterns))) if patterns else None
        parts = _REFERENCE_PARTS[p] = (tuple(h.lower() for h in p.hints), joined(p.strong), joined(p.weak),
                                       tuple(re.compile(rx) for rx in (*p.strong, *p.weak)))
    return parts


def reference_classify(parsers_: list[type], line: str) -> tuple[type | None, int]:
    """The classifier as first written: every parser's joined patterns on every line."""
    best: tuple[type | None, int] = (None, 0)
    low = line.lower()
    for p in parsers_:
        hints, strong, weak, _ = _REFERENCE_PARTS.get(p) or _reference_parts(p)
        if hints:
            for h in hints:  # any(h in low for h in hints), without a generator per parser and line
                if h in low:
                    break
            else:
                continue
        if strong is not None and strong.search(line):
            return p, 2
        if best[1] == 0 and weak is not None and weak.search(line):
            best = (p, 1)
    return best


def _claims(cls: Any, line: str) -> bool:
    return any(rx.search(line) for rx in _reference_parts(cls)[3])


def reference_blocks(lines: list[str]) -> list[tuple[str, int, int]]:
    """Block map of the splitter loop written plainly (no prefilter, no bulk lines): a block changes on another
    parser's strong claim, or on any claim by another parser once the block is cold (a blank line and a line
    its parser does not claim since its parser's last claimed line), except a weak one on a line the block's own
    parser claims strongly; in a wrapper's block (Parser.frame) a line the wrapper does not claim is read as cold."""
    out: list[tuple[str, int, int]] = []
    current: list[Any] | None = None  # [cls, first, last]
    pending: list[int] = []
    fence = re.compile(r"^\s*(```|~~~)")
    cold_blank, cold_lines = False, 0
    for lineno, line in enumerate(lines, start=1):
        if fence.match(line):
            if current:
                out.append((current[0].name, current[1], current[2]))
            current = None
            pending.clear()
            continue
        blank = not line.strip()
        cold = current is not None and cold_blank and cold_lines > 0
        framed = None  # (framing s21) inside a wrapper's block (Parser.frame): whether the wrapper claims the line
        if not blank and current is not None and current[0].frame:
            framed = _claims(current[0], line)
            cold = cold or not framed  # another tool's claim starts its block
        if blank:
            cls, strength = None, 0
        elif cold:
            others = [p for p in REGISTRY if p is not current[0]]  # type: ignore[index]
            cls, strength = reference_classify(others, line)
            if cls is not None and strength < 2 and reference_classify([current[0]], line)[1] == 2:  # type: ignore[index]
                cls, strength = None, 0  # a weak claim by another parser does not take what the cold block's parser claims strongly
        else:
            cls, strength = reference_classify(REGISTRY, line)
        if current is not None:
            if blank:
                cold_blank = True
            elif _claims(current[0], line):
                cold_blank, cold_lines = False, 0
            else:
                cold_lines += 1
        switched = False
        if cls is not None and (current is None or (current[0] is not cls and (strength == 2 or cold))):
            cold_blank, cold_lines = False, 0
            if current:
                out.append((current[0].name, current[1], current[2]))
            current = [cls, pending[0] if pending else lineno, lineno]
            pending.clear()
            switched = True
        if current is None:
            pending.append(lineno)
            if len(pending) > 20:
                pending.pop(0)
            continue
        if framed is not None:  # the wrapper's unclaimed lines are held for the tool whose block starts next
            if switched or framed or cls is current[0]:
                pending.clear()
            else:
                pending.append(lineno)
                if len(pending) > 20:
                    pending.pop(0)
        current[2] = lineno
    if current:
        out.append((current[0].name, current[1], current[2]))
    return out


def _case_lines() -> list[str]:
    """Every case text's lines as the splitter sees them (Markdown `> ` quotes unwrapped, which the reference
    loop below does not do itself)."""
    from doctor.parsers import _unquote

    lines: list[str] = []
    for p in sorted(CASES.glob("*/*")):
        if p.name != "case.toml":
            lines += list(_unquote(p.read_text(encoding="utf-8", errors="replace").splitlines()))
    return lines


@functools.lru_cache(maxsize=1)
def _prefilter_lines() -> list[str]:
    rng = random.Random(7)
    lines = list(dict.fromkeys(_case_lines()))  # each distinct line once (half the corpus' lines repeat: the reference is slow)
    # and mutations: case changes, cut lines, prefixes, unicode that folds (ß, K, İ)
    extra = []
    for line in rng.sample(lines, min(400, len(lines))):
        extra += [line.upper(), line.lower(), line[: len(line) // 2], "  " + line, "ß İ K " + line, line.replace(" ", "\t")]
    return list(dict.fromkeys(lines + extra))  # a mutation equal to a line (an upper-case line's .upper()) is checked once


PREFILTER_SHARDS = 4  # every line is checked, in one of four items, so that pytest-xdist's workers share the half minute


@pytest.mark.parametrize("shard", range(PREFILTER_SHARDS))
def test_prefilter_classifies_like_the_reference(shard: int) -> None:
    matcher = _Matcher(REGISTRY)
    for line in _prefilter_lines()[shard::PREFILTER_SHARDS]:
        assert matcher.classify(line) == reference_classify(REGISTRY, line), line


def test_reference_joins_rows_that_refer_to_their_own_groups() -> None:
    """(s23) A row's conditional on its own group ("(?(bar)...)") and a numbered back-reference ("\\1") mean the same in the
    reference's join as in the row alone: the join once failed to compile (claims' said_tx_to_tx) and once claimed a line
    the row does not (klipper_claims' said_baud_split with the same baud twice)."""
    joined = re.compile("|".join(f"(?:{_unnamed(r, i)})" for i, r in enumerate((r"(a)(b)", r"^(?P<bar>\|)?x(?(bar)y|z)", r"(\d)-\1"))))
    assert joined.search("|xy") and joined.search("xz") and not joined.search("|xz")
    assert joined.search("7-7") and not joined.search("7-8")
    matcher = _Matcher(REGISTRY)
    for line in ("Klipper is at 250000 while Katapult is at 250000.", "Klipper is at 250000 while Katapult is at 500000.",
                 "1[TX]    | TXD", "TX -> TX", "TX -> RX"):
        assert matcher.classify(line) == reference_classify(REGISTRY, line), line


def test_splitter_blocks_like_the_reference() -> None:
    rng = random.Random(11)
    # the reference has no bulk regions: a line opening one (klippy.log's "===== Config file =====") is left out of the
    # mix, since a random cut would leave the region open over the lines that follow
    openers = tuple(start for cls in REGISTRY for start, *_ in getattr(cls, "bulk_regions", ()))
    # nor a line with a forum's lone inline-code tick or bold mark at its edge: the splitter reads it without the mark
    # (parsers._unmarked, "ls /**dev/serial/by-id"), the reference as printed
    from doctor.parsers import _unmarked
    lines = [line for line in _case_lines() if not line.startswith(openers) and _unmarked(line) == line]
    mixed: list[str] = []
    for _ in range(300):
        i = rng.randrange(len(lines))
        mixed += lines[i:i + rng.randint(1, 12)]
        if rng.random() < 0.2:
            mixed.append("```")
        if rng.random() < 0.2:
            mixed.append("some prose between the pastes")
    text = "\n".join(mixed)
    got = [(b["tool"], b["start"], b["end"]) for b in facts_of(text)["sources"][0]["blocks"]]
    assert got == reference_blocks(text.splitlines())  # the lines the splitter sees (a trailing empty line is no line)


def test_prefilter_conditions() -> None:
    cond = _prefilter.condition
    assert cond(r"^avrdude(?:\.exe)?: ") == ("prefix", "avrdude")
    assert cond(r"Response for command \w+ timed out") == ("any", (("Response for command ", False),))
    assert cond(r"(?i:Could not exclusively lock port)") == ("any", (("could not exclusively lock port", True),))
    assert cond(r"^(?:Info|Warn|Debug) : ")[0] == "any"
    assert cond(r"^\s*\[\s*\d+\.\d+\]") == ("always", None)


def test_prefilter_conditions_come_from_the_cache_only_when_it_is_sound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """preload() writes the conditions of patterns it has not seen, reads them back in a later run, and
    ignores a cache file of the wrong shape (a damaged or hand-edited file costs time, never a wrong answer)."""
    import json

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(_prefilter, "_CONDITIONS", {})
    patterns = [r"Response for command \w+ timed out", r"^avrdude(?:\.exe)?: ", r"^\s*\[\s*\d+\.\d+\]"]
    _prefilter.preload(patterns)
    files = list((tmp_path / "mcu-doctor").glob("prefilter-*.json"))
    assert len(files) == 1
    stored = json.loads(files[0].read_text())
    assert stored == [["any", [["Response for command ", False]]], ["always", None], ["prefix", "avrdude"]]  # sorted patterns
    # a later run: the conditions come from the file (here altered, to show they are read)
    files[0].write_text(json.dumps([["any", [["Response for", False]]], ["always", None], ["prefix", "avr"]]))
    monkeypatch.setattr(_prefilter, "_CONDITIONS", {})
    _prefilter.preload(patterns)
    assert _prefilter.condition(r"^avrdude(?:\.exe)?: ") == ("prefix", "avr")
    assert _prefilter.condition(r"Response for command \w+ timed out") == ("any", (("Response for", False),))
    for bad in ([["prefix", ""], ["always", None], ["always", None]], [["any", [["x", "yes"]]]] * 3, {"a": 1}, [["always", None]] * 2):
        files[0].write_text(json.dumps(bad))
        monkeypatch.setattr(_prefilter, "_CONDITIONS", {})
        _prefilter.preload(patterns)
        assert _prefilter.condition(r"^avrdude(?:\.exe)?: ") == ("prefix", "avrdude")
    files[0].write_text("not json {")
    monkeypatch.setattr(_prefilter, "_CONDITIONS", {})
    _prefilter.preload(patterns)
    assert _prefilter.condition(r"Response for command \w+ timed out") == ("any", (("Response for command ", False),))


def test_live_probe_use_marks_runs_live() -> None:
    f = parse_text("Attempting to connect to bootloader\nFlashError: Error sending command [CONNECT] to Device", "flashtool", run={"argv": ["flashtool.py", "-r"], "returncode": 1})
    run = f["katapult"]["runs"][0]
    assert run["origin"] == "live" and run["returncode"] == 1 and run["failed_command"] == "CONNECT"


def test_big_klippy_log_is_streamed(tmp_path: Path) -> None:
    import importlib.util
    import time

    spec = importlib.util.spec_from_file_location("bench_analyze", Path(__file__).parents[1] / "benchmarks" / "bench_analyze.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path / "klippy.log"
    bench.write_klippy_log(path, 4)
    start = time.perf_counter()
    facts = parsers.analyze_files([str(path)])
    elapsed = time.perf_counter() - start
    log = facts["klipper"]["log"]
    with open(path, "rb") as fh:
        assert log["lines"] == sum(1 for _ in fh)
    assert log["counts"]["mcu_shutdown"] >= 1
    assert elapsed < 4.0  # 50 MB in < 3 s is the benchmark's target; 4 MB here, with room for slow CI


def test_current_flashtool_wordings() -> None:
    text = """Connecting to Serial Device /dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00, baud 250000
Detected USB device running Klipper
Requesting USB bootloader for /dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00...
Waiting for USB Reconnect.........timed out
Attempting to connect to bootloader
ERROR:root:Flash Tool Error
FlashError: Error sending command [CONNECT] to Device"""
    run = one_run(facts_of(text), "katapult")
    assert run["interface"] == "serial" and run["baud"] == 250000 and run["failed_command"] == "CONNECT"
    assert "katapult_reconnect_timeout" in kinds(run["events"])
    run = one_run(facts_of("Attempting to connect to bootloader\nKatapult Connected\nKatapult MCU: stm32f103xe\nKlipper Binary MCU: stm32f446xx\n"
                           "ERROR:root:Flash Tool Error\nFlashError: Invalid firmware path '/home/pi/klipper/out/klipper.bin'"), "katapult")
    assert (run["mcu"], run["binary_mcu"]) == ("stm32f103xe", "stm32f446xx")
    assert "katapult_image_missing" in kinds(run["events"])


@pytest.mark.parametrize("line,kind", [
    ("SD Card Flash Error: flash_sdcard: SD Card did not come out of IDLE after reset", "sd_card_init_error"),
    ("Unable to find definition for board: skr2", "sd_board_unknown"),
    ("SD Card Flash Error: Invalid CS Pin: PA99", "sd_board_pins"),
    ("No file found at '/home/pi/klipper/out/klipper.bin'", "sd_image_missing"),
    ("This board requires a manual reboot to complete the flash process.", "sd_needs_power_cycle"),
])
def test_spi_flash_messages(line: str, kind: str) -> None:
    run = one_run(facts_of("Connecting to MCU...Connected\n" + line), "sdcard")
    assert kind in kinds(run["events"])


def test_klippy_pipe_and_previous_shutdown() -> None:
    log = facts_of("mcu 'rpi': Unable to open port: [Errno 2] No such file or directory: '/tmp/klipper_host_mcu'\n"
                   "Previous MCU 'mcu' shutdown: Timer too close")["klipper"]["log"]
    assert {"mcu_shutdown"} <= set(kinds(log["events"])) and len(log["events"]) == 2


def test_batch_scan_equals_line_by_line_scan() -> None:
    """The batch scan (joined text, dense needles looked for line by line) marks what one-line scans mark."""
    prefilter = _Matcher(REGISTRY).prefilter
    lines = _case_lines() * 3 + ["ß İ K flash usb tty " * 3, "", "x" * 5000]
    strong, weak = prefilter.scan(lines)
    for j, line in enumerate(lines):
        s1, w1 = prefilter.scan([line])
        assert (strong[j], weak[j]) == (s1[0], w1[0]), line


def test_config_dump_is_a_bulk_region() -> None:
    text = ("Starting Klippy...\n===== Config file =====\n[mcu]\nserial = /dev/ttyACM0\n"
            "#*# CONFIG_MCU=\"stm32f446xx\"\nCONFIG_MCU=\"stm32f446xx\"\n=======================\n"
            "Stats 1.0: gcodein=0\nCONFIG_MCU=\"stm32f446xx\"\n")
    blocks = [(b["tool"], b["start"], b["end"]) for b in facts_of(text)["sources"][0]["blocks"]]
    # the CONFIG_ line inside the dump stays with klippy.log; the one after the dump starts a .config block
    assert blocks == [("klippy.log", 1, 8), ("kconfig", 9, 9)]


def test_a_config_dump_cut_by_the_paste_ends_where_other_lines_begin() -> None:
    # a klippy.log pasted in two pieces: the first stops inside the config dump (no closing =====), the second is the
    # log's tail. The dump's region ends at the first two lines a printer.cfg cannot hold, so the tail's serial failure
    # is read (it was swallowed for up to 20000 lines before)
    text = ("===== Config file =====\n[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f446xx_1A0030-if00\n"
            "restart_method: command\n\n[printer]\nkinematics: corexy\n"
            "mcu 'mcu': Starting serial connect\n"
            "Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32f446xx_1A0030-if00:"
            " [Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32f446xx_1A0030-if00'\n")
    kinds = [e["kind"] for e in facts_of(text)["klipper"]["log"]["events"]]
    assert "serial_no_such_port" in kinds


def test_one_odd_line_inside_a_config_dump_does_not_end_it() -> None:
    # a capitalised option name (configparser takes it) is one line the body shape does not know: the dump goes on,
    # and the comment after it, failure words and all, stays inside
    text = ("===== Config file =====\n[gcode_macro PARK]\nDescription: park the head\ngcode:\n  G28\n"
            "# if klipper says Unable to open serial port, check the cable\n[mcu]\nserial: /dev/ttyACM0\n"
            "=======================\n")
    snap = facts_of(text)
    assert [b["tool"] for b in snap["sources"][0]["blocks"]] == ["klippy.log"]
    assert not snap["klipper"]["log"]["events"]
