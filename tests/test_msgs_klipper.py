"""Message tables of the Klipper / Katapult area: Katapult's flashtool.py (and CanBoot's flash_can.py) and
Klipper's state messages as Mainsail, Fluidd and OctoPrint show them. Lines are real (from the tools' sources
and from pasted threads); each test can fail."""

from __future__ import annotations

import re
import shlex
from typing import Any

import pytest

from doctor.parsers import parse_stream
from doctor.parsers.katapult import MESSAGES as KATAPULT_ROWS, KatapultParser
from doctor.parsers.klipper_console import MESSAGES as CONSOLE_ROWS, KlipperConsoleParser


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste")


def runs(text: str) -> list[dict[str, Any]]:
    return facts(text)["katapult"]["runs"]


def log_events(text: str) -> list[dict[str, Any]]:
    return facts(text)["klipper"]["log"]["events"]


@pytest.mark.parametrize("row", [r for r in (*KATAPULT_ROWS, *CONSOLE_ROWS) if r.example], ids=lambda r: r.pattern[:40])
def test_every_row_matches_its_example(row: Any) -> None:
    parser = KatapultParser if row in KATAPULT_ROWS else KlipperConsoleParser
    matched = [r for r, _ in parser.table.match(row.example.strip(), all_matches=True)]
    assert row in matched


@pytest.mark.parametrize(
    "text,command",
    [
        # flashtool.py 2024-2025, the exception line present
        ("Attempting to connect to bootloader\nERROR:root:Flash Tool Error\nFlashError: Error sending command [CONNECT] to Device", "CONNECT"),
        # CanBoot's flash_can.py: Can Read Error during CONNECT, the `finally` clause's COMPLETE fails last
        ("Attempting to connect to bootloader\nERROR:root:Can Read Error\nTraceback (most recent call last):\n…\n"
         "FlashCanError: Error sending command [COMPLETE] to Can Device", "CONNECT"),
        # a traceback cut off before its exception line: the last send_command frame tells
        ("Katapult Connected\nFlashing '/home/admin/klipper/out/klipper.bin'...\n\n[ERROR:root:Flash Tool Error\n"
         "Traceback (most recent call last):\n  File \"/home/admin/katapult/scripts/flashtool.py\", line 427, in send_file\n"
         "    resp = await self.send_command('SEND_BLOCK', prefix +\n...", "SEND_BLOCK"),
        # 2025-07 and later: the write failure names the address
        ("Katapult Connected\nFlashError: Flash write failed, flash address 0x8020000", "SEND_BLOCK"),
    ],
)
def test_failed_command_in_every_wording(text: str, command: str) -> None:
    run = runs(text)[-1]
    assert run["failed_command"] == command
    assert run["success"] is False


def test_progress_bar_glued_to_the_error_line() -> None:
    run = runs("Katapult Connected\nMCU type: stm32h723xx\n[######ERROR:root:Flash Tool Error")[0]
    assert "katapult_error" in [e["kind"] for e in run["events"]]
    assert run["mcu"] == "stm32h723xx"


def test_one_run_per_invocation_with_arguments() -> None:
    text = """~/klipper $ ~/katapult/scripts/flashtool.py -i can0 -q -v
Resetting all bootloader node IDs…
Detected UUID: fc7c3907fd17, Application: Klipper
Query Complete
~/klipper $ ~/katapult/scripts/flashtool.py -i can0 -u fc7c3907fd17 -f ~/klipper/out/klipper.bin
Sending bootloader jump command…
Attempting to connect to bootloader
ERROR:root:Can Read Error
FlashCanError: Error sending command [COMPLETE] to Can Device"""
    query, flash = runs(text)
    assert query["mode"] == "query" and query["success"] is True
    assert (flash["interface"], flash["uuid"], flash["device"]) == ("can", "fc7c3907fd17", "can0")
    assert flash["failed_command"] == "CONNECT"


def test_canboot_flash_can_success_and_usb_request() -> None:
    ok = runs("CanBoot Connected\nBlock Size: 64 bytes\nApplication Start: 0x8002000\nWrite complete: 13 pages\n"
              "Verification Complete: SHA = 68F2BECD8F5259EC79195152106770D87BCD6D4D\nCAN Flash Success")[0]
    assert ok["success"] is True and ok["address"] == 0x8002000 and ok["block_size"] == 64 and ok["verified"]
    req = runs("Flashing Serial Device /dev/serial/by-id/usb-Klipper_stm32h723xx_37-if00, baud 250000\n"
               "Detected USB device running Klipper\nRequesting USB bootloader for /dev/serial/by-id/usb-Klipper_stm32h723xx_37-if00...\n"
               "Waiting for USB Reconnect...Katapult detected\nFlash Success")[0]
    assert req["success"] is True and req["interface"] == "serial" and req["baud"] == 250000


def test_device_errors_carry_the_device() -> None:
    parser = KatapultParser("paste")
    for n, line in enumerate(["Connecting to Serial Device /dev/serial/by-id/usb-Katapult_rp2040_E6-if00, baud 250000",
                              "FlashError: No Serial Device found at /dev/serial/by-id/usb-Katapult_rp2040_E6-if00"], start=1):
        parser.feed(n, line)
    run = parser.finish()["katapult"]["runs"][0]
    ev = [e for e in run["events"] if e["kind"] == "serial_no_such_port"][0]  # serial_errors' kind: one wording, one kind
    assert ev["port"] == "/dev/serial/by-id/usb-Katapult_rp2040_E6-if00"
    assert len([e for e in run["events"] if e.get("fail")]) == 1  # the exception line is not counted twice


BANNER_NEW = """Klipper reports: ERROR

MCU Protocol error

This is frequently caused by running an older version of the
firmware on the MCU(s). Fix by recompiling and flashing the
firmware.

Your Klipper version is: v0.12.0-166-g957475421
MCU(s) which should be updated:
mcu: Current version v0.12.0-178-g7e8c7f46
eddy: Current version v0.12.0-206-g3078912f
Up-to-date MCU(s):
<none>

mcu 'eddy': Unknown command: ldc1612_ng_start_stop"""

BANNER_OLD = """mcu 'mcu': Command format mismatch: config is_config=%c crc=%u vs config is_config=%c crc=%u move_count=%hu

This type of error is frequently caused by running an older
version of the firmware on the micro-controller (fix by
recompiling and flashing the firmware).

Known versions: host=v0.10.0-130-g68c92991, mcu=v0.10.0-112-g9ecddd1b
Protocol error connecting to printer"""


@pytest.mark.parametrize("text", [BANNER_NEW, BANNER_OLD, "> " + BANNER_NEW.replace("\n", "\n> ")], ids=["2022+", "v0.10", "quoted"])
def test_protocol_error_banner_in_both_wordings(text: str) -> None:
    events = log_events(text)
    kinds = [e["kind"] for e in events]
    assert "mcu_protocol_error" in kinds and "mcu_command_mismatch" in kinds
    stale = [e for e in events if e["kind"] == "mcu_version" and e.get("state") == "stale"]
    assert stale and all(e["expected"] for e in stale)


def test_console_prefixes_are_recognised() -> None:
    events = log_events("!! MCU 'mcu' shutdown: Timer too close\n// Klipper state: Shutdown\n!! Lost communication with MCU 'nhk'")
    shut = [e for e in events if e["kind"] == "mcu_shutdown"]
    assert shut and shut[0]["reason"] == "Timer too close" and shut[0]["name"] == "mcu"
    assert [e["name"] for e in events if e["kind"] == "mcu_lost_communication"] == ["nhk"]


def test_healthy_banner_says_nothing() -> None:
    out = facts("Printer is ready\nKlipper state: Ready")
    events = (out.get("klipper", {}).get("log", {}) or {}).get("events", [])
    assert not [e for e in events if e.get("fail")]


# ---- klippy.log, make flash, .config / menuconfig, printer.cfg: the rows ----------------------------------------

from doctor.parsers.kconfig import MESSAGES as KCONFIG_ROWS, KconfigParser  # noqa: E402
from doctor.parsers.klipper_build import MESSAGES as BUILD_ROWS, KlipperBuildParser  # noqa: E402
from doctor.parsers.klippy_log import MESSAGES as KLIPPY_ROWS, KlippyLogParser  # noqa: E402
from doctor.parsers.make_flash import MESSAGES as MAKE_FLASH_ROWS, MakeFlashParser  # noqa: E402
from doctor.parsers.printer_cfg import MESSAGES as PRINTER_CFG_ROWS, PrinterCfgParser  # noqa: E402

MY_TABLES = [(KlippyLogParser, KLIPPY_ROWS), (MakeFlashParser, MAKE_FLASH_ROWS), (KconfigParser, KCONFIG_ROWS), (PrinterCfgParser, PRINTER_CFG_ROWS),
             (KlipperBuildParser, BUILD_ROWS)]
MY_ROWS = [(cls, row) for cls, rows in MY_TABLES for row in rows]


@pytest.mark.parametrize("cls,row", MY_ROWS, ids=[f"{c.name}-{i}" for i, (c, _r) in enumerate(MY_ROWS)])
def test_my_rows_match_their_examples_and_strong_ones_start_their_block(cls: Any, row: Any) -> None:
    assert row.example, f"{row.pattern} has no example"
    assert row in [r for r, _ in cls.table.match(row.example.strip(), all_matches=True)], row.example
    if row.strength == "strong":
        blocks = facts(row.example)["sources"][0]["blocks"]
        assert blocks and blocks[0]["tool"] == cls.name, (row.example, blocks)


@pytest.mark.parametrize("cls,row", [(c, r) for c, r in MY_ROWS if r.kind and c is not KlippyLogParser], ids=lambda x: getattr(x, "pattern", "")[:30])
def test_my_rows_give_their_kind(cls: Any, row: Any) -> None:
    parser = cls("paste")
    parser.feed(1, row.example)
    kinds = [e["kind"] for e in parser.events]
    assert row.kind in kinds or (row.kind == "command_failed" and "reboot_failed" in kinds), (row.example, kinds)


def klippy(text: str) -> dict[str, Any]:
    parser = KlippyLogParser("klippy.log")
    for n, line in enumerate(text.splitlines(), start=1):
        parser.feed(n, line)
    return parser.finish()["klipper"]


@pytest.mark.parametrize(
    "line,kind,name",
    [
        # serialhdl.py 2021 and later
        ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0: [Errno 2] No such file or directory: '/dev/ttyACM0'",
         "serial_no_such_port", "mcu"),
        ("mcu 'rpi': Unable to open port: [Errno 13] Permission denied: '/tmp/klipper_host_mcu'", "serial_permission_denied", "rpi"),
        ("mcu 'EBBCan': Unable to open CAN port: [Errno 19] No such device", "mcu_can_open_failed", "EBBCan"),
        ("mcu 'mcu': Timeout on connect", "mcu_connect_timeout", "mcu"),
        ("serialhdl.error: mcu 'mcu': Serial connection closed", "mcu_serial_closed", "mcu"),
        ("error: mcu 'mcu': Serial connection closed", "mcu_serial_closed", "mcu"),  # python 2 era
        ("serialhdl.error: mcu 'mcu': Unable to connect", "mcu_unable_to_connect", "mcu"),
        # serialhdl.py 2016-2021: no MCU name
        ("Unable to open port: [Errno 2] could not open port /dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0: [Errno 2] "
         "No such file or directory: '/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0'", "serial_no_such_port", "mcu"),
        ("Timeout on serial connect", "mcu_connect_timeout", "mcu"),
        # shutdowns in every wording
        ("MCU 'mcu' shutdown: Timer too close", "mcu_shutdown", "mcu"),
        ("Previous MCU 'nhk' shutdown: Move queue overflow", "mcu_shutdown", "nhk"),
        ("Transition to shutdown state: MCU 'mcu' shutdown: Rescheduled timer in the past", "mcu_shutdown", "mcu"),
        ("Transition to shutdown state: Lost communication with MCU 'EBBCan'", "mcu_lost_communication", "EBBCan"),
        ("Timeout with MCU 'mcu' (eventtime=3525.102371)", "mcu_lost_communication", "mcu"),
        ("MCU 'toolhead' configured for 64Mhz but running at 96Mhz!", "mcu_clock_mismatch", "toolhead"),
        ("mcu 'rpi': Command format mismatch: query_adxl345 oid=%c rest_ticks=%u vs query_adxl345 oid=%c clock=%u rest_ticks=%u",
         "mcu_command_mismatch", "rpi"),
    ],
)
def test_klippy_messages_in_every_wording(line: str, kind: str, name: str) -> None:
    log = klippy(line)["log"]
    assert [(e["kind"], e.get("name")) for e in log["events"]] == [(kind, name)]


def test_clock_mismatch_carries_both_frequencies() -> None:
    ev = klippy("MCU 'mcu' configured for 72Mhz but running at 108Mhz!")["log"]["events"][0]
    assert (ev["expected"], ev["received"]) == (72, 108)


def test_a_shutdown_reported_twice_is_one_event() -> None:
    log = klippy("Transition to shutdown state: MCU 'mcu' shutdown: Timer too close\nMCU 'mcu' shutdown: Timer too close")["log"]
    assert log["counts"] == {"mcu_shutdown": 1}


RESTART = """Starting Klippy...
Args: ['/home/pi/klipper/klippy/klippy.py', '/home/pi/printer_data/config/printer.cfg']
Git version: 'v0.12.0-85-gd785b396'
Start printer at Sat Feb  4 10:24:01 2023 (1675502641.2 41.7)
===== Config file =====
[mcu]
serial: /dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00
=======================
mcu 'mcu': Starting serial connect
mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00: [Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00'
MCU error during connect
serialhdl.error: mcu 'mcu': Unable to connect
Build file /home/pi/klipper/klippy/../.config(2434): Tue Jun 24 10:11:12 2025
========= Last MCU build config =========
CONFIG_MCU="stm32f446xx"
CONFIG_FLASH_APPLICATION_ADDRESS=0x8008000
=======================
Restarting printer
"""


def test_restarts_are_counted_from_start_lines_and_the_build_dump_stays_in_the_log() -> None:
    text = RESTART * 3
    out = facts(text)
    assert [b["tool"] for b in out["sources"][0]["blocks"]] == ["klippy.log"]  # the .config dump did not split the log
    log = out["klipper"]["log"]
    assert log["starts"] == 3
    assert log["counts"] == {"serial_no_such_port": 3, "mcu_unable_to_connect": 3}
    assert out["klipper"]["config"]["mcu"] == "stm32f446xx"
    assert out["klipper"]["printer_cfg"]["mcus"][0]["serial"].endswith("2E00-if00")
    # a config dump fed once (the splitter leaves out identical repeats) does not change the count
    once = RESTART + RESTART.replace("===== Config file =====\n[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f446xx_2E00-if00\n=======================\n", "")
    assert klippy(once)["log"]["starts"] == 2


def test_repeated_lines_are_matched_once() -> None:
    parser = KlippyLogParser("klippy.log")
    line = "mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0: [Errno 2] No such file or directory: '/dev/ttyACM0'"
    for n in range(1, 2001):
        parser.feed(n, line)
    assert len(parser._cache) == 1
    log = parser.finish()["klipper"]["log"]
    assert log["counts"] == {"serial_no_such_port": 2000}
    assert len(log["events"]) <= 101  # the first one and the last MAX_RECENT


def test_klippy_advice_lines_are_not_quoted_as_failures() -> None:
    out = facts("MCU 'mcu' shutdown: Timer too close\nThis often indicates the host computer is overloaded. Check\n"
                "for other processes consuming excessive CPU time, high swap\nusage, disk errors, overheating, unstable voltage, or\n"
                "similar system problems on the host computer.\nOnce the underlying issue is corrected, use the\n"
                "\"FIRMWARE_RESTART\" command to reset the firmware, reload the\nconfig, and restart the host software.\nPrinter is shutdown")
    assert [f["line"] for f in out["text"]["failures"]] == ["MCU 'mcu' shutdown: Timer too close"]


def test_octoprint_recv_prefix_is_klipper_console() -> None:
    out = facts("Recv: // Klipper state: Shutdown\nRecv: // MCU 'ercf' shutdown: Timer too close\nRecv: // Printer is shutdown")
    # (s8) "Printer is shutdown" closes the message: a state event of its own, benign (the failure is the shutdown)
    assert [e["kind"] for e in out["klipper"]["log"]["events"]] == ["klipper_state", "mcu_shutdown", "klipper_state"]
    assert [f["line"] for f in out["text"]["failures"]] == ["Recv: // MCU 'ercf' shutdown: Timer too close"]


def test_make_flash_helper_missing_and_tty_usb_wording() -> None:
    run = facts("Flashing out/klipper.bin to /dev/ttyACM0\nFailed to flash to /dev/ttyACM0: Unable to find tty usb device")["flash"]["runs"][0]
    kinds = [e["kind"] for e in run["events"]]
    # (audit-swd-rp-klipper s18) "tty usb device": the tty exists but is on no USB bus, unlike "Unable to find tty device"
    assert kinds == ["flash_target", "flash_failed", "serial_tty_not_usb"] and run["success"] is False


def test_kconfig_screen_and_file() -> None:
    screen = facts("(Top) Klipper Firmware Configuration\n[*] Enable extra low-level configuration options\n"
                   "    Micro-controller Architecture (STMicroelectronics STM32)  --->\n    Processor model (STM32F446)  --->\n"
                   "    Bootloader offset (32KiB bootloader)  --->\n    Clock Reference (12 MHz crystal)  --->\n"
                   "    Communication interface (USB (on PA11/PA12))  --->")["klipper"]["config"]
    assert (screen["arch"], screen["mcu"], screen["bootloader_offset"], screen["clock_ref_freq"], screen["comm"]) == (
        "stm32", "stm32f446", 32768, 12_000_000, "usb")
    cfg = facts('# Klipper Firmware Configuration\nCONFIG_MACH_STM32=y\nCONFIG_MCU="stm32f103xe"\nCONFIG_CLOCK_REF_FREQ=1\n'
                "# CONFIG_USBSERIAL is not set\nCONFIG_SERIAL=y\nCONFIG_SERIAL_BAUD=250000")["klipper"]["config"]
    assert (cfg["mcu"], cfg["clock_ref_freq"], cfg["comm"], cfg["values"]["CONFIG_USBSERIAL"]) == ("stm32f103xe", 1, "serial", "n")


# ---- the knowledge of this area: what its entries print --------------------------------------------------------

MY_ENTRIES = ("SER005", "SER007", "FW002", "FW003", "FW004", "FW005")


def _doctor_lines(entry: Any) -> list[str]:
    texts = [entry.ask or "", entry.explanation or "", str(entry.remediation.get("text", "")), *entry.remediation.get("commands", [])]
    texts += [(w.ask or "") + " " + (w.message or "") for w in entry.when]
    if entry.actions:
        texts.append(f"`doctor fix {entry.id}`")
    lines = []
    for t in texts:
        for m in re.finditer(r"`(doctor [^`]+)`|^(doctor [^#\n]+)", t, re.M):
            lines.append((m.group(1) or m.group(2)).strip())
    return lines


@pytest.mark.parametrize("fid", MY_ENTRIES)
def test_every_doctor_command_an_entry_prints_parses(fid: str) -> None:
    from doctor.cli import build_parser
    from doctor.knowledge import load

    entry = next(e for e in load() if e.id == fid)
    parser, _ = build_parser()
    for line in _doctor_lines(entry):
        argv = [a if a not in ("PORT", "ID") else "/dev/ttyACM0" for a in shlex.split(line)[1:]]
        try:
            parser.parse_args(argv)
        except SystemExit as exc:
            pytest.fail(f"{fid}: `{line}` is rejected by doctor's own parser (exit {exc.code})")


def test_doctor_lines_are_found() -> None:
    from doctor.knowledge import load

    entries = {e.id: e for e in load()}
    assert "doctor fix SER005" in _doctor_lines(entries["SER005"])
    assert any(line.startswith("doctor identify") for line in _doctor_lines(entries["SER007"]))


def test_fw003_lists_the_crystals_klipper_offers() -> None:
    from doctor.knowledge import load

    text = next(e for e in load() if e.id == "FW003").explanation
    for mhz in ("8, 12, 16, 20, 24 or 25 MHz", "Internal clock", "32.768 kHz", "Enable extra low-level configuration options"):
        assert mhz in text


def test_host_mcu_socket_missing_is_not_a_wrong_serial_path(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from doctor.cli import main

    f = tmp_path / "1.txt"
    f.write_text("mcu 'rpi': Starting connect\nmcu 'rpi': Unable to open port: [Errno 2] No such file or directory: '/tmp/klipper_host_mcu'\n")
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    ids = [x["id"] for x in json.loads(capsys.readouterr().out)["findings"]]
    assert ids == ["GEN001"]


@pytest.mark.parametrize(
    "text,kind",
    [
        ("make: arm-none-eabi-gcc: Command not found\nmake: *** [Makefile:64: out/src/sched.o] Error 127", "toolchain_missing"),
        ("make: arm-none-eabi-gcc: No such file or directory\nmake: *** [Makefile:64: out/src/sched.o] Error 127", "toolchain_missing"),
        ("  Linking out/klipper.elf\n/usr/lib/gcc/avr/5.4.0/../../../avr/bin/ld: region `text' overflowed by 4546 bytes", "build_overflow"),
        ("make: *** No rule to make target 'out/src/generic/timer_irq.o', needed by 'out/katapult.elf'.  Stop.", "build_error"),
    ],
)
def test_build_failures_in_every_wording(text: str, kind: str) -> None:
    run = facts(text)["klipper"]["build"]["runs"][0]
    assert kind in [e["kind"] for e in run["events"]] and run["success"] is False


def test_build_success() -> None:
    run = facts("  Compiling out/src/sched.o\n  Linking out/klipper.elf\n  Creating bin file out/klipper.bin")["klipper"]["build"]["runs"][0]
    assert run["success"] is True


def test_clock_mismatch_is_fw003(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from doctor.cli import main

    f = tmp_path / "1.txt"
    f.write_text("Loaded MCU 'mcu' 117 commands (v0.12.0-85-gd785b396 / gcc)\nMCU 'mcu' configured for 72Mhz but running at 108Mhz!\n")
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    assert [x["id"] for x in json.loads(capsys.readouterr().out)["findings"]][:1] == ["FW003"]


@pytest.mark.parametrize(
    "text,quoted",
    [
        ("Klipper reports: Shutdown\nMCU 'mcu' shutdown: Missed scheduling of next digital out event\n"
         "This is generally indicative of an intermittent\ncommunication failure between micro-controller and host.",
         ["MCU 'mcu' shutdown: Missed scheduling of next digital out event"]),
        ("Klipper reports: ERROR\nmcu 'mcu': Unable to connect\nOnce the underlying issue is corrected, use the\n"
         "\"FIRMWARE_RESTART\" command to reset the firmware, reload the\nconfig, and restart the host software.\nError configuring printer",
         ["mcu 'mcu': Unable to connect"]),
        ("12:15:02 Lost communication with MCU 'mcu'\nOnce the underlying issue is corrected, use the\nPrinter is shutdown",
         ["12:15:02 Lost communication with MCU 'mcu'"]),
    ],
)
def test_the_quote_is_the_message_not_the_banner(text: str, quoted: list[str]) -> None:
    assert [f["line"] for f in facts(text)["text"]["failures"]] == quoted


def test_klipper_state_keeps_its_word() -> None:
    ev = log_events("Klipper reports: SHUTDOWN\nMCU 'mcu' shutdown: Timer too close")[0]
    assert ev["kind"] == "klipper_state" and ev["state"] == "SHUTDOWN"
    assert log_events("Klipper reports: Shutdown\nLost communication with MCU 'mcu'")[0]["state"] == "Shutdown"


@pytest.mark.parametrize(
    "line,plausible",
    [
        ("MCU 'mcu' configured for 72Mhz but running at 108Mhz!", True),  # an F103 built for 8 MHz on a 12 MHz crystal
        ("MCU 'mcu' configured for 168Mhz but running at 54Mhz!", True),  # 25 MHz build, 8 MHz crystal
        ("MCU 'mcu' configured for 180Mhz but running at 59Mhz!", False),  # a host that was swapping (Kalico issue 427)
        ("mcu 'MKS_THR' configured for 12Mhz but running at 5MHZ!", False),  # retyped by the poster, an RP2040 (no crystal choice)
    ],
)
def test_clock_mismatch_says_whether_a_crystal_explains_it(line: str, plausible: bool) -> None:
    ev = klippy(line)["log"]["events"][0]
    assert ev["kind"] == "mcu_clock_mismatch" and ev["plausible"] is plausible


def test_autoconf_h_reads_like_the_config() -> None:
    cfg = facts('#define CONFIG_MACH_STM32 1\n#define CONFIG_MCU "stm32f103xe"\n#define CONFIG_CLOCK_REF_FREQ 1\n'
                "#define CONFIG_FLASH_APPLICATION_ADDRESS 0x8007000\n#define CONFIG_FLASH_BOOT_ADDRESS 0x8000000\n"
                "#define CONFIG_USBSERIAL 1\n")["klipper"]["config"]
    assert (cfg["arch"], cfg["mcu"], cfg["clock_ref_freq"], cfg["bootloader_offset"], cfg["comm"]) == ("stm32", "stm32f103xe", 1, 0x7000, "usb")


# An MCU shutdown quoted in the shapes people paste besides Klipper's own line (reasons from Klipper src/sched.c,
# stepper.c, gpiocmds.c, adccmds.c, basecmd.c): each must become an mcu_shutdown event with its reason.
@pytest.mark.parametrize(
    "text,reason",
    [
        ("[MCU shutdown: move queue overflow]", "move queue overflow"),  # FlashForge AD5M issue, bracketed, lower case
        ("Prints failing because of Error MCU shutdown: Timer too close", "Timer too close"),  # inside a sentence
        ("Error running _MMU_EVENT: MCU 'mmu' shutdown: Move queue overflow", "Move queue overflow"),  # Happy Hare macro
        ("mcu shutdown: Rescheduled timer in the past", "Rescheduled timer in the past"),
        ("MCU 'EBBCan' is_shutdown: Missed scheduling of next digital out event", "Missed scheduling of next digital out event"),
        ("Timer too close", "Timer too close"),  # the reason alone
    ],
)
def test_mcu_shutdown_in_loose_wordings(text: str, reason: str) -> None:
    evs = [e for e in log_events(text) if e["kind"] == "mcu_shutdown"]
    assert evs and evs[0]["reason"] == reason


def test_loose_shutdown_row_does_not_take_an_unrelated_sentence() -> None:
    rows = [r for r, _ in KlipperConsoleParser.table.match("the printer shutdown: I pressed the button", all_matches=True)]
    assert not [r for r in rows if r.kind == "mcu_shutdown"]


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Klipper reports: SHUTDOWN MCU 'EBBCan' shutdown: Timer too close", "mcu_shutdown"),
        ("Klipper reports: ERROR mcu 'mcu': Unable to connect", "mcu_unable_to_connect"),
        ("Klipper reports: SHUTDOWN Lost communication with MCU 'mcu'", "mcu_lost_communication"),
    ],
)
def test_banner_flattened_onto_one_line(text: str, kind: str) -> None:
    evs = log_events(text)
    assert [e["state"] for e in evs if e["kind"] == "klipper_state"] in (["SHUTDOWN"], ["ERROR"])
    assert [e for e in evs if e["kind"] == kind]


def test_flattened_banner_is_a_failure_line_not_benign() -> None:
    # the header alone is advice (benign); with the message on the same line the failure scan must quote it (GEN001)
    assert KlipperConsoleParser.table.benign("Klipper reports: SHUTDOWN")
    assert not KlipperConsoleParser.table.benign("Klipper reports: ERROR mcu 'mcu': Unable to connect")


def test_lost_communication_inside_a_macro_error() -> None:
    # Happy Hare wraps the MCU's loss in its macro error: the event must still name the MCU
    evs = log_events("Error running _MMU_ACTION_CHANGED: Lost communication with MCU 'mmu'")
    assert [e["name"] for e in evs if e["kind"] == "mcu_lost_communication"] == ["mmu"]


@pytest.mark.parametrize(
    "line,section",
    [
        ("Option 'canbus_uuid' in section 'mcu EBBCan' must be specified", "mcu EBBCan"),
        ("Error: Unable to parse option 'serial' in section 'mcu'", "mcu"),
        ("Section 'mcu ebb' is not a valid config section", "mcu ebb"),
        ("Option 'canbus_interface' is not valid in section 'mcu'", "mcu"),
    ],
)
def test_printer_cfg_errors_klipper_stops_on(line: str, section: str) -> None:
    evs = [e for e in log_events(line) if e["kind"] == "config_error"]
    assert evs and evs[0]["name"] == section and evs[0]["fail"] is True


def test_config_errors_are_quoted_not_silent() -> None:
    # "must be specified" holds none of the generic failure words: the console's run carries it to GEN001
    f = facts("Option 'serial' in section 'mcu' must be specified")
    runs_ = f["klipper"]["runs"]
    assert runs_[0]["success"] is False and runs_[0]["events"][0]["kind"] == "config_error"


# ---- held-out round 4 (fixer s4): klippy, make flash, Katapult and OctoPrint families ------------------------

def found_ids(tmp_path: Any, capsys: pytest.CaptureFixture[str], text: str) -> list[str]:
    import json

    from doctor.cli import main

    f = tmp_path / "1.txt"
    f.write_text(text)
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    return [x["id"] for x in json.loads(capsys.readouterr().out)["findings"]]


@pytest.mark.parametrize(
    "line,errno",
    [
        ("Got error 0 in read: (0)Success", 0),  # serialqueue.c report_errno: read() returned 0 (end of file)
        ("b'Got error -1 in read: (5)Input/output error'", 5),
        ("Got EOF when reading from device", 0),  # the same end of file, serialqueue.c 2020 and later
    ],
)
def test_klippy_serial_read_errors(line: str, errno: int) -> None:
    evs = klippy(line)["log"]["events"]
    assert [(e["kind"], e["errno"]) for e in evs] == [("serial_read_error", errno)]


def test_klippy_read_eof_then_timeout_is_usb003(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert found_ids(tmp_path, capsys, "Got error 0 in read: (0)Success\nTimeout with MCU 'mcu'\n")[0] == "USB003"


@pytest.mark.parametrize(
    "line",
    [
        "Unknown value 'P0.24' in enumeration 'pin'",
        "!! Unknown value 'P2.00' in enumeration 'pin'",
        "Pin PA1 reserved for stepper_x - can't reserve for extruder",
        "Shared pin PB2 must have same polarity",
    ],
)
def test_klipper_pin_errors_are_config_errors_quoted(tmp_path: Any, capsys: pytest.CaptureFixture[str], line: str) -> None:
    assert [e["kind"] for e in log_events(line)] == ["config_error"]
    text = line + "\nThis type of error is frequently caused by running an older\nversion of the firmware on the micro-controller (fix by\n"
    assert found_ids(tmp_path, capsys, text) == ["GEN001"]


def test_octoprint_on_the_mcu_port_with_klipper_is_ser003(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("Recv: // Klipper state: Shutdown\nConnection closed, closing down monitor\n"
            "Connecting to: /dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0\n"
            'Changing monitoring state from "Offline" to "Opening serial port"\n')
    assert found_ids(tmp_path, capsys, text)[0] == "SER003"
    # OctoPrint on /tmp/printer is how Klipper wants it
    fine = ("Connecting to: /tmp/printer\n"
            "Connected to: Serial<id=0x6bbf1cd0, open=True>(port='/tmp/printer', baudrate=250000, bytesize=8, parity='N')\n")
    assert "SER003" not in found_ids(tmp_path, capsys, fine)


@pytest.mark.parametrize(
    "cfg",
    [
        "===== Config file =====\n[mcu]\nserial = /dev/serial/by-id/\n=======================\n",
        "[mcu]\nserial: /dev/serial/by-id/usb-Klipper_<your-mcu-id>-if00\n[printer]\nkinematics: cartesian\n",
        "mcu 'mcu': Unable to open serial port: [Errno 21] could not open port /dev/serial/by-id/: [Errno 21] Is a directory: '/dev/serial/by-id/'\n",
    ],
)
def test_a_serial_path_that_can_never_name_a_port_is_ser005(tmp_path: Any, capsys: pytest.CaptureFixture[str], cfg: str) -> None:
    assert found_ids(tmp_path, capsys, cfg)[0] == "SER005"


def test_make_flash_on_a_usb_serial_bridge_is_boot005(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("pi@octopi:~/klipper $ make flash FLASH_DEVICE=/dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0\n"
            "  Flashing out/klipper.bin to /dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0\n\n"
            "Failed to flash to /dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0: Unable to find tty device\n\n"
            "make: *** [src/stm32/Makefile:68: flash] Error 255\n")
    assert found_ids(tmp_path, capsys, text)[0] == "BOOT005"
    # the MCU's own USB (Klipper's by-id name): not a bridge
    own = text.replace("usb-1a86_USB2.0-Serial-if00-port0", "usb-Klipper_stm32f446xx_2E0029000951363131363530-if00")
    assert "BOOT005" not in found_ids(tmp_path, capsys, own)


def test_a_bootloader_request_left_alone_is_a_boot009_note() -> None:
    alone = runs("python3 ~/katapult/scripts/flashtool.py -i can0 -u 0123456789ab -r\n")
    assert alone[0].get("left_waiting") is True
    followed = runs("python3 ~/katapult/scripts/flashtool.py -i can0 -u 0123456789ab -r\n"
                    "python3 ~/katapult/scripts/flashtool.py -d /dev/serial/by-id/usb-katapult_stm32f446xx_37001A-if00 -f ~/klipper/out/klipper.bin\n")
    assert not followed[0].get("left_waiting")


# --- session 5, klipper-host: forum-quoted messages, a paste that ends not ready, a device name without its folder ---

def _analyze_ids(tmp_path: Any, capsys: pytest.CaptureFixture[str], text: str) -> list[str]:
    import json

    from doctor.cli import main

    f = tmp_path / "1.txt"
    f.write_text(text, encoding="utf-8")
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    return [x["id"] for x in json.loads(capsys.readouterr().out)["findings"]]


@pytest.mark.parametrize(
    "text",
    [
        # Klipper Discourse: the banner quoted in typographic quotes (folded to ASCII by the reader)
        "\u201cmcu \u2018mcu\u2019: Unable to connect\nOnce the underlying issue is corrected, use the\nError configuring printer\u201d",
        '"mcu \'mcu\': Unable to connect',
        "`MCU 'mcu' shutdown: Timer too close`",
    ],
)
def test_a_quoted_klipper_message_is_still_klippers(text: str) -> None:
    from doctor.parsers._reader import _plain  # the reader folds forum typography before the splitter sees a line

    kinds = [e["kind"] for e in log_events(_plain(text))]
    assert kinds and kinds[0] in ("mcu_unable_to_connect", "mcu_shutdown")


def test_a_paste_that_ends_not_ready_is_a_failure_and_ready_clears_it() -> None:
    stuck = log_events("16:31:38 Klipper state: Disconnect\nPrinter is not ready\nThe klippy host software is attempting to connect. Please\n"
                       "retry in a few moments.\nKlipper state: Not ready\n16:31:38 Printer is not ready")
    assert [e.get("fail") for e in stuck if e["kind"] == "klipper_state"][-1] is True
    ready = log_events("Send: firmware_restart\nRecv: ok\nRecv: // Klipper state: Disconnect\nRecv: // Printer is not ready\nRecv: // Klipper state: Ready")
    assert not any(e.get("fail") for e in ready)


def test_not_ready_alone_is_never_silent(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Send: status\nRecv: // Printer is not ready\nRecv: // The klippy host software is attempting to connect.  Please\nRecv: // Klipper state: Not ready\n"
    assert _analyze_ids(tmp_path, capsys, text) == ["GEN001"]


@pytest.mark.parametrize(
    "text",
    [
        # klippy given the by-id name without /dev/serial/by-id/ (Klipper Discourse, SKR 1.4 Turbo)
        "mcu 'mcu': Unable to open serial port: [Errno 2] could not open port usb-Klipper_lpc1769_1C10011425813AAFCED76B5CC22000F5-if00: "
        "[Errno 2] No such file or directory: 'usb-Klipper_lpc1769_1C10011425813AAFCED76B5CC22000F5-if00'",
        "mcu 'mcu': Unable to open serial port: [Errno 2] could not open port ttyACM0: [Errno 2] No such file or directory: 'ttyACM0'",
    ],
)
def test_a_device_name_without_its_folder_is_ser005(tmp_path: Any, capsys: pytest.CaptureFixture[str], text: str) -> None:
    assert log_events(text)[0]["kind"] == "serial_no_such_port"
    assert _analyze_ids(tmp_path, capsys, text)[:1] == ["SER005"]


def test_unable_to_connect_with_the_board_enumerated_as_klipper_is_the_serial_path(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    banner = "Klipper reports: ERROR\nmcu 'mcu': Unable to connect\nOnce the underlying issue is corrected, use the\nError configuring printer\n\n"
    listed = "pi@host:~ $ lsusb\nBus 001 Device 006: ID 1d50:614e OpenMoko, Inc. stm32g0b1xx\nBus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n"
    assert _analyze_ids(tmp_path, capsys, banner + listed)[:1] == ["SER005"]
    assert _analyze_ids(tmp_path, capsys, banner)[:1] == ["GEN001"]  # without the listing nothing tells the path from the board
    timeout = "mcu 'mcu': Starting serial connect\nmcu 'mcu': Timeout on connect\nmcu 'mcu': Unable to connect\n"
    assert "SER005" not in _analyze_ids(tmp_path, capsys, timeout + listed)  # the port opened: the path is right


@pytest.mark.parametrize(
    "text,taken",
    [
        ("Firmware.bin doesn't change to FIRMWARE.CUR.", False),
        ("but it does not update and the files on the SD card never get renamed to .CUR", False),
        ("I didn't get firmware.cur file on SD card", False),
        ("Flashing via SD card (firmware.bin does not change to FIRMWARE.CUR)", False),
        ("the firmware update seemed to work ok and the firmware.bin was renamed firmware.cur, so I suppose it was flashed correctly", True),
        ("Flashing via SD card: the LED blinks and it renames the file from firmware.bin to FIRMWARE.CUR", True),
    ],
)
def test_the_sd_bootloader_not_taking_the_file_is_sd001(tmp_path: Any, capsys: pytest.CaptureFixture[str], text: str, taken: bool) -> None:
    said = [e["kind"] for r in facts(text).get("claims", {}).get("runs", []) for e in r.get("events", [])]
    assert ("said_sd_not_taken" in said) is not taken
    if not taken:
        assert _analyze_ids(tmp_path, capsys, text)[:1] == ["SD001"]


def test_deprecated_mcu_code_warning_is_a_stale_firmware(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text = (" Klipper warnings found.\n    MCU 'mcu' has deprecated code (it is missing feature 'STEPPER_STEP_BOTH_EDGE'). Recompiling and "
            "flashing is recommended (MCU version '047b8fe-dirty-20230703_160308-mkspi', host version 'v0.13.0-593-g2f05309d').")
    ev = log_events(text)[0]
    assert (ev["kind"], ev["name"], ev["feature"]) == ("mcu_deprecated_code", "mcu", "STEPPER_STEP_BOTH_EDGE")
    assert _analyze_ids(tmp_path, capsys, text) == ["FW005"]


def test_a_can_node_that_cannot_connect_is_not_blamed_on_the_serial_path(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("Klipper reports: ERROR\nmcu 'EBBCan': Unable to connect\n\n$ lsusb\nBus 001 Device 004: ID 1d50:606f OpenMoko, Inc. "
            "Geschwister Schneider CAN adapter\nBus 001 Device 003: ID 1d50:614e OpenMoko, Inc. rp2040\n")
    assert "SER005" not in _analyze_ids(tmp_path, capsys, text)


@pytest.mark.parametrize(
    "text",
    [
        "Flashing /home/pi/klipper/out/klipper.bin to /dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00\n"
        "No device found at '/dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00'",
        "No device found at 'usb-Klipper_stm32f446xx_300056000E51313133353932-if00'",
    ],
)
def test_flash_sdcard_given_a_device_that_is_not_there_is_ser005(tmp_path: Any, capsys: pytest.CaptureFixture[str], text: str) -> None:
    assert _analyze_ids(tmp_path, capsys, text)[:1] == ["SER005"]


def test_octoprint_connect_timeout_quotes_the_failure_not_the_serial_settings() -> None:
    text = ("Connecting to: /dev/ttyACM0\nChanging monitoring state from \"Offline\" to \"Opening serial port\"\n"
            "Connected to: Serial<id=0x6ec49eb0, open=True>(port='/dev/ttyACM0', baudrate=115200, bytesize=8, parity='N', stopbits=1, "
            "timeout=40.0, xonxoff=False, rtscts=False, dsrdtr=False), starting monitor\nHandshake attempt #1 with timeout 2.0s\n"
            "Send: N0 M110 N0*125\nThere was a timeout while trying to connect to the printer\n")
    quoted = [f["line"] for f in facts(text)["text"]["failures"]]
    assert quoted == ["There was a timeout while trying to connect to the printer"]


def test_stuck_not_ready_with_the_board_enumerated_as_klipper_is_the_serial_path(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    text = ("Send: status\nRecv: // Printer is not ready\nRecv: // The klippy host software is attempting to connect.  Please\n"
            "Recv: // Klipper state: Not ready\n\n$ lsusb\nBus 001 Device 004: ID 1d50:614e OpenMoko, Inc. stm32f103xe\n")
    assert _analyze_ids(tmp_path, capsys, text)[:1] == ["SER005"]
