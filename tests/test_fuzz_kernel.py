"""Fuzzing the kernel-log, serial-port and host parsers: whatever the text, feed() and finish() never raise,
and what they return stays within the facts shapes (lists of dicts with string `line`s)."""

from __future__ import annotations

import json
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doctor.parsers import Parser, parse_stream
from doctor.parsers.boot_cmdline import BootCmdlineParser
from doctor.parsers.fuser import FuserParser
from doctor.parsers.id_groups import IdGroupsParser
from doctor.parsers.kernel_log import KernelLogParser, parse_message, split_prefix
from doctor.parsers.ls_dev import LsDevParser
from doctor.parsers.serial_errors import SerialErrorsParser, classify
from doctor.parsers.systemctl import SystemctlParser

PARSERS: list[type[Parser]] = [KernelLogParser, SerialErrorsParser, LsDevParser, IdGroupsParser, SystemctlParser, FuserParser, BootCmdlineParser]

# Real lines of every family the parsers know: the fuzzer mutates, cuts and mixes them.
SEEDS = [
    "[  123.456789] usb 1-1.4: new full-speed USB device number 26 using xhci_hcd",
    "usb 1-1.4: device descriptor read/64, error -32",
    "Jun 03 12:34:56 raspberrypi kernel: usb 2-1-port2: disabled by hub (EMI?), re-enabling...",
    "usb 1-4: New USB device found, idVendor=1a86, idProduct=7523, bcdDevice= 2.64",
    "usb 1-4: Product: USB Serial",
    "usb 3-4.2: usbfs: interface 0 claimed by ch341 while 'brltty' sets config #1",
    "ch341-uart ttyUSB0: ch341-uart converter now disconnected from ttyUSB0",
    "cdc_acm 1-1.4:1.0: ttyACM0: USB ACM device",
    "hub 2-1:1.0: port 2 disabled by hub (EMI?), re-enabling...",
    "6,1234,5678901,-;usb 1-1: USB disconnect, device number 3",
    "Under-voltage detected! (0x00050005)",
    "ModemManager[1242]: <warn>  (ttyACM0) could not open serial device (2)",
    "Serial error: could not open port /dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'",
    "Serial device /dev/ttyACM0 in use by another program.",
    "Process ID: 812",
    "Process Systemd Unit Name: klipper.service",
    "Command Line: /usr/bin/python3 klippy.py",
    "crw-rw---- 1 root dialout 166, 0 Jun  2 22:02 /dev/ttyACM0",
    "lrwxrwxrwx 1 root root 13 Jun  2 22:02 usb-Klipper_stm32f446xx_2E00-if00 -> ../../ttyACM0",
    "ls: cannot access '/dev/serial/by-id/': No such file or directory",
    "/dev/ttyUSB0  /dev/ttyUSB1",
    "uid=1000(pi) gid=1000(pi) groups=1000(pi),20(dialout)",
    "pi : pi adm dialout sudo",
    "● ModemManager.service - Modem Manager",
    "     Active: active (running) since Wed 2022-07-20 11:50:04 MSK; 8h ago",
    "             └─1242 /usr/sbin/ModemManager",
    "$ systemctl is-active ModemManager brltty",
    "active",
    "                     USER        PID ACCESS COMMAND",
    "/dev/ttyACM0:        pi          812 F.... python",
    "python3  812   pi    7u   CHR  166,0      0t0  530 /dev/ttyACM0",
    "console=serial0,115200 console=tty1 root=PARTUUID=738a4d67-02 rootfstype=ext4 fsck.repair=yes rootwait",
]

_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
ALPHABET = st.characters(codec="utf-8", exclude_categories=_SURROGATES)
junk = st.text(ALPHABET, max_size=120)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A real line, cut, spliced with junk, or with characters swapped."""
    line = draw(st.sampled_from(SEEDS))
    how = draw(st.sampled_from(["cut", "splice", "swap", "junk", "repeat"]))
    if how == "cut":
        i = draw(st.integers(0, len(line)))
        return line[:i]
    if how == "splice":
        i = draw(st.integers(0, len(line)))
        return line[:i] + draw(junk) + line[i:]
    if how == "swap":
        chars = list(line)
        for _ in range(draw(st.integers(1, 5))):
            chars[draw(st.integers(0, len(chars) - 1))] = draw(st.sampled_from(list("-:,()[]'\"/ 0123456789aA\t\x00\u00e9\ufffd")))
        return "".join(chars)
    if how == "repeat":
        return line * draw(st.integers(2, 30))
    return draw(junk)


lines = st.lists(st.one_of(mutated(), junk), min_size=1, max_size=25)
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _check_shapes(fragment: dict[str, Any]) -> None:
    json.dumps(fragment)  # JSON-serialisable, like every snapshot
    for ns in ("kernel", "serial", "host", "usb"):
        value = fragment.get(ns)
        if value is None:
            continue
        assert isinstance(value, dict)
        for key in ("events", "ports", "by_id", "by_path", "nodes", "missing", "devices", "runs"):
            items = value.get(key)
            if items is not None:
                assert isinstance(items, list) and all(isinstance(i, dict) for i in items)
                for item in items:
                    if "line" in item and item["line"] is not None:
                        assert isinstance(item["line"], str)


@pytest.mark.parametrize("cls", PARSERS, ids=[p.name for p in PARSERS])
@FUZZ
@given(text=lines)
def test_parser_never_raises(cls: type[Parser], text: list[str]) -> None:
    parser = cls("fuzz")
    for i, line in enumerate(text, start=1):
        parser.feed(i, line)
    _check_shapes(parser.finish())


@FUZZ
@given(text=lines)
def test_splitter_with_these_parsers_never_records_errors(text: list[str]) -> None:
    fragment = parse_stream(iter(text), "fuzz", parsers=PARSERS)
    assert not fragment.get("parse_errors"), fragment.get("parse_errors")
    _check_shapes(fragment)


@FUZZ
@given(line=st.one_of(mutated(), junk))
def test_line_classifiers_never_raise(line: str) -> None:
    proc, msg, t = split_prefix(line)
    assert isinstance(msg, str) and (t is None or isinstance(t, float))
    parse_message(proc, msg)
    classify(line)


def test_enormous_and_binary_lines() -> None:
    """Very long lines, NULs and undecodable bytes (what the file reader hands over) are survived quickly."""
    big = ["usb 1-1: " + "A" * 100_000, "\x00\x01\x02" * 1000, "[" * 5000, "uid=" + "9" * 5000, "/dev/tty" + "U" * 10_000,
           "crw-rw---- 1 " + "root " * 2000, "\ufffd" * 4000, "Process ID: " + "1" * 5000]
    for cls in PARSERS:
        parser = cls("big")
        for i, line in enumerate(big, start=1):
            parser.feed(i, line)
        _check_shapes(parser.finish())
