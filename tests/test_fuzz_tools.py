"""Fuzz the programmer / bootloader tools' parsers: binary junk, truncated and spliced real lines, mixed
encodings. A parser never raises (the splitter would record a parse error; none may appear)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import reader_lines

from doctor.parsers import load_all, parse_stream
from doctor.parsers.avrdude import AvrdudeParser
from doctor.parsers.dfu_util import DfuUtilParser
from doctor.parsers.lsusb import LsusbParser
from doctor.parsers.make_flash import MakeFlashParser
from doctor.parsers.openocd import OpenocdParser
from doctor.parsers.platformio import PlatformioParser
from doctor.parsers.stlink import StlinkParser
from doctor.parsers.wally import WallyParser

PARSERS = [AvrdudeParser, DfuUtilParser, LsusbParser, MakeFlashParser, OpenocdParser, PlatformioParser, StlinkParser, WallyParser]

# Real lines of every tool (the shapes the regexes look for), to be cut, spliced and corrupted.
SAMPLES = [
    "Found 1 stlink programmers",
    "  chipid:     0x0410",
    "  flash:      65536 (pagesize: 1024)",
    "2018-06-18T13:04:46 WARN common.c: unknown chip id! 0x5fa0004",
    "WARN usb.c: skipping ST device : 0x483:0xdf11",
    "2023-01-01T00:00:00 ERROR usb.c: Could not open USB device 0x0483:0x3748, access error.",
    "2023-01-01T00:00:00 ERROR common.c: Target voltage (1540 mV) too low for flash writes!",
    "  8/  8 pages written",
    "ST-LINK FW  : V2J42S7",
    "Voltage     : 3.23V",
    "Device ID   : 0x410",
    "Flash size  : 64 KBytes",
    "Info : Target voltage: 3.140492",
    "Warn : UNEXPECTED idcode: 0x2ba01477",
    "Info : STLINK V2J42S7 (API v2) VID:PID 0483:3748",
    "openocd -f interface/stlink.cfg -c 'reset_config srst_only connect_assert_srst'",
    "sudo dfu-util -d ,2e8a:0003 -R -a 0 -s 0x8000000:leave -D out/klipper.bin",
    'Found DFU: [28e9:0189] ver=1000, devnum=31, cfg=1, intf=0, path="3-4", alt=0, name="@Internal Flash  /0x08000000/512*002Kg", serial="5VCC"',
    "dfu-util: Cannot open DFU device 0483:df11 found on devnum 12 (LIBUSB_ERROR_ACCESS)",
    "Downloading element to address = 0x08000000, size = 26588",
    "DFU state(10) = dfuERROR, status(10) = Device's firmware is corrupt",
    "avrdude -c usbtiny -p m2560 -B 32 -U flash:w:x.hex:i",
    "avrdude: Device signature = 0x1e9587 (probably m32u4)",
    "Device signature = 1E 95 0F (ATmega328P)",
    "avrdude: verification error, first mismatch at byte 0x0000",
    "         0xfd != 0x05",
    "        device 0xfd != input 0x05 at addr 0x0000 (error)",
    "avrdude error: cannot find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'",
    "avrdude: initialization failed, rc=-1",
    "avrdude: 32730 bytes of flash verified",
    "Bus 001 Device 005: ID 2e8a:0003 Raspberry Pi RP2 Boot",
    "/:  Bus 01.Port 1: Dev 1, Class=root_hub, Driver=xhci_hcd/4p, 480M",
    "    |__ Port 1: Dev 2, If 0, Class=Hub, Driver=hub/4p, 480M",
    "        |__ Port 3: Dev 5, If 0, Class=Communications, Driver=cdc_acm, 12M",
    "        ID 1d50:614e OpenMoko, Inc.",
    "  idVendor           0x0483 STMicroelectronics",
    "      bInterfaceNumber        0",
    "      iInterface              4 @Internal Flash  /0x08000000/04*016Kg",
    "Flashing out/klipper.uf2 to 2e8a:0003",
    "Failed to flash to 2e8a:0003: Error running rp2040_flash",
    "Command reboot failed with status 1: unknown command",
    "Found rp2040 device on USB bus 1 address 5",
    "*** [upload] Error 74",
    "CURRENT: upload_protocol = dfu",
    "10:39:20 warning OpenDevices: libusb: bad access [code -3]",
    "10:39:21 info Waiting for a DFU capable device",
]

_lines = st.sampled_from(SAMPLES)


@st.composite
def mangled(draw: st.DrawFn) -> str:
    """A real line cut short, spliced with junk, or with characters replaced."""
    line = draw(_lines)
    how = draw(st.sampled_from(["cut", "splice", "replace", "junk", "repeat"]))
    if how == "cut":
        return line[: draw(st.integers(0, len(line)))]
    if how == "splice":
        at = draw(st.integers(0, len(line)))
        return line[:at] + draw(st.text(max_size=20)) + line[at:]
    if how == "replace":
        chars = list(line)
        for _ in range(draw(st.integers(1, 5))):
            if chars:
                chars[draw(st.integers(0, len(chars) - 1))] = draw(st.characters())
        return "".join(chars)
    if how == "repeat":
        return line * draw(st.integers(2, 30))
    return draw(st.text(max_size=80))


def _feed_all(lines: list[str]) -> None:
    """Every parser gets every line (not only those the splitter would give it) and must not raise."""
    for cls in PARSERS:
        parser = cls("fuzz.txt")
        for i, line in enumerate(lines, 1):
            parser.feed(i, line)
        out = parser.finish()
        json.dumps(out)  # facts stay JSON-serialisable


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(mangled(), max_size=25))
def test_parsers_never_raise_on_mangled_lines(lines: list[str]) -> None:
    _feed_all(lines)


@FUZZ
@given(st.binary(max_size=2000))
def test_parsers_never_raise_on_binary_junk(data: bytes) -> None:
    lines = reader_lines(data)
    _feed_all(lines)
    facts = parse_stream(iter(lines), "junk.bin", [*PARSERS])
    assert not facts.get("parse_errors")


@FUZZ
@given(st.lists(st.tuples(_lines, st.sampled_from(["utf-8", "latin-1", "utf-16-le", "cp1252"])), max_size=20))
def test_parsers_never_raise_on_mixed_encodings(items: list[tuple[str, str]]) -> None:
    blob = b"".join(line.encode(enc, errors="replace") + b"\r\n" for line, enc in items)
    lines = reader_lines(blob)
    load_all()
    facts = parse_stream(iter(lines), "mixed.txt")
    assert not [e for e in facts.get("parse_errors", []) if e["parser"] in {p.name for p in PARSERS}]
    json.dumps(facts)


def test_enormous_line_is_cut_not_fatal() -> None:
    blob = (b"avrdude: Device signature = 0x" + b"f" * 200_000 + b"\n") * 3
    facts = parse_stream(iter(reader_lines(blob)), "big.txt", [*PARSERS])
    assert not facts.get("parse_errors")
