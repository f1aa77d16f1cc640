"""Hypothesis fuzzing of the Klipper / Katapult / CAN / SD-card parsers: they never raise, whatever the input,
and the splitter's prefilter decides like the straightforward classifier on arbitrary lines."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doctor import derive, parsers
from conftest import reader_lines

from doctor.parsers import Parser, _Matcher, parse_stream
from doctor.parsers.canbus_query import CanbusQueryParser
from doctor.parsers.ip_link import IpLinkParser, parse_json
from doctor.parsers.katapult import KatapultParser
from doctor.parsers.kconfig import KconfigParser, parse_config
from doctor.parsers.klipper_build import KlipperBuildParser
from doctor.parsers.klippy_log import KlippyLogParser
from doctor.parsers.printer_cfg import PrinterCfgParser
from doctor.parsers.sdflash import SdFlashParser

from test_parsers_klipper import reference_classify

REGISTRY = parsers.registry_order()
MINE: list[type[Parser]] = [KatapultParser, SdFlashParser, CanbusQueryParser, KlippyLogParser, IpLinkParser, KconfigParser,
                            PrinterCfgParser, KlipperBuildParser]

# Real line shapes of every tool these parsers read, to be cut, mutated and recombined.
SEEDS = [
    "Attempting to connect to bootloader", "Katapult Connected", "Application Start: 0x8002000", "MCU type: stm32f103xe",
    "INFO:root:Response for command CONNECT timed out, 4 tries remaining", "ERROR:root:Flash Tool Error",
    "FlashCanError: Error sending command [SEND_BLOCK] to Can Device", "Flashing CAN UUID 154aab036e6a on interface can0",
    "Flashing Serial Device /dev/ttyS2, baud 500000", "Detected Klipper binary version v0.12, MCU: stm32h723xx",
    "Serial device /dev/ttyACM0 in use by another program.", "Process ID: 1234", "Detected UUID: 0e0d81e4210c, Application: Katapult",
    "SD Card Information:", "capacity: 29.7 GiB", "fs_type: FAT32", "SDHC/SDXC: True", "Sectors: 62333952",
    "SD Card Flash Error: Version Mismatch: Got 'a', expected 'b'", "FR_NO_FILESYSTEM", "Available Boards:", "  btt-skr-2",
    "MCU Type mismatch: Build MCU = stm32f407xx, Connected MCU = stm32f446xx", "Firmware Upload Complete: firmware.bin, Size: 1",
    "Found canbus_uuid=11aa22bb33cc, Application: Klipper", "Total 0 uuids found", "OSError: [Errno 100] Network is down",
    "3: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 10",
    "    link/can  promiscuity 0", "    can state BUS-OFF (berr-counter tx 255 rx 0) restart-ms 0", "	  bitrate 500000 sample-point 0.875",
    "	  re-started bus-errors arbit-lost error-warn error-pass bus-off", "	  0          57         0          1          1          0",
    "    RX:  bytes packets errors dropped  missed   mcast", '[{"ifindex":3,"ifname":"can0","flags":["UP"],"txqlen":10,"linkinfo":{"info_kind":"can"}}]',
    'Cannot find device "can0"', "RTNETLINK answers: Operation not supported",
    "Stats 12.0: gcodein=0  mcu: mcu_awake=0.005", "MCU 'sht36' shutdown: Timer too close", "===== Config file =====", "=======================",
    "mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0", "Loaded MCU 'mcu' 117 commands (v0.12.0 / gcc)",
    "MCU 'mcu' config: CANBUS_FREQUENCY=1000000 MCU=stm32g0b1xx CLOCK_FREQ=x", "Got error -1 in can write: (105)No buffer space available",
    "CONFIG_MCU=\"stm32f446xx\"", "CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000", "CONFIG_LAUNCH_APP_ADDRESS=zz", "# CONFIG_ENABLE_DOUBLE_RESET is not set",
    "    Bootloader offset (32KiB bootloader)  --->", "( ) Atmega AVR", "(X) Linux process", "(250000) Baud rate for serial port",
    "[mcu EBBCan]", "canbus_uuid: 0e0d81e4210c", "serial: /dev/serial/by-id/usb-Klipper_x-if00", "baud: not-a-number", "[printer]",
    "  Linking out/klipper.elf", "ld: region `rom' overflowed by 385 bytes", "mv: cannot stat 'out/klipper.bin': No such file or directory",
    "```", "",
]

junk = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


@st.composite
def mutated(draw: Any) -> str:
    line = draw(st.sampled_from(SEEDS))
    how = draw(st.integers(0, 5))
    if how == 0:
        return line
    if how == 1:
        return line[: draw(st.integers(0, len(line)))]
    if how == 2:
        i = draw(st.integers(0, len(line)))
        return line[:i] + draw(junk) + line[i:]
    if how == 3:
        return line.upper() if draw(st.booleans()) else line.replace(" ", "\t")
    if how == 4:
        return line * draw(st.integers(2, 30))
    return draw(junk)


texts = st.lists(mutated(), max_size=40)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _feed_all(cls: type[Parser], lines: list[str]) -> dict[str, Any]:
    p = cls("fuzz")
    for n, line in enumerate(lines, start=1):
        p.feed(n, line)
    out = p.finish()
    json.dumps(out)  # JSON-serialisable
    return out


@FUZZ
@given(lines=texts)
def test_each_parser_never_raises(lines: list[str]) -> None:
    for cls in MINE:
        _feed_all(cls, lines)


@FUZZ
@given(lines=texts)
def test_splitter_and_rules_never_raise(lines: list[str]) -> None:
    facts = parse_stream(iter(lines), "fuzz")
    mine = {c.name for c in MINE}
    assert not [e for e in facts.get("parse_errors", []) if e["parser"] in mine], facts.get("parse_errors")
    for name in ("can_bridge_over_can", "bootloader_offset_mismatch", "mcu_mismatch", "can_bitrate_mismatch", "clock_mismatch", "mcu_shutdowns"):
        json.dumps(derive.DERIVERS[name](facts))


@FUZZ
@given(data=st.binary(max_size=3000))
def test_binary_junk(data: bytes) -> None:
    lines = reader_lines(data)
    facts = parse_stream(iter(lines), "bin")
    assert facts["sources"][0]["lines"] == len(lines)


@FUZZ
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
                              ["ifname", "flags", "operstate", "txqlen", "linkinfo", "info_kind", "info_data", "bittiming", "bitrate",
                               "state", "berr_counter", "tx", "rx", "stats64", "errors", "info_xstats", "restarts", "link_type"]), inner, max_size=6),
                          max_leaves=30))
def test_ip_json_never_raises(value: Any) -> None:
    parse_json(json.dumps(value), "fuzz")
    parse_json(json.dumps([value]), "fuzz")
    parse_config(json.dumps(value), "fuzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(line=mutated())
def test_prefilter_decides_like_the_reference(line: str) -> None:
    line = line.replace("\n", " ")
    assert _Matcher(REGISTRY).classify(line) == reference_classify(REGISTRY, line)
