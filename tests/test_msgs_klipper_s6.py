"""Klipper host messages as people paste them from the web consoles and from Creality's Klipper (session 6,
klipper-host): klippy's "Unable to open serial port: [Errno N] ..." under a Mainsail/Fluidd time stamp, in a
post's quotes or back-ticks, or in curly quotes, judged as the log's own line is; Repetier-Server's console time
stamps; Creality's JSON-wrapped messages (K1 series, Sonic Pad). Lines are real (threads or the tools' sources);
each test fails without the change it covers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from doctor import engine
from doctor.parsers import analyze_files, parse_stream
from doctor.parsers.klipper_console import KlipperConsoleParser


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste")


def events(f: dict[str, Any]) -> list[dict[str, Any]]:
    return f.get("klipper", {}).get("log", {}).get("events", [])


def first_id(f: dict[str, Any]) -> str | None:
    findings = engine.evaluate(f)
    return findings[0].id if findings else None


@pytest.mark.parametrize(
    "text,kind,errno,expected",
    [
        # Mainsail's console copies each message behind its time stamp (pyserial 3.x wording, Klipper 2021+)
        ("14:02:11 mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0: [Errno 2] No such "
         "file or directory: '/dev/ttyACM0'", "serial_no_such_port", 2, "SER005"),
        # a post quotes the log line (Klipper Discourse, GitHub prose): Rappetor/Sovol-SV08-Mainline#170
        ("\"mcu 'mcu': Unable to open serial port: [Errno 11] Could not exclusively lock port /dev/serial/by-id/"
         "usb-katapult_stm32f103xe_36FFDA05334D413235740451-if00: [Errno 11] Resource temporarily unavailable\"",
         "serial_port_locked", 11, "SER003"),
        # in back-ticks (GitHub inline code): mkuf/prind#33's line (since s9 the ticks are read past and the line is
        # klippy.log's own: the origin check below takes either)
        ("`mcu 'mcu': Unable to open serial port: [Errno 13] could not open port /dev/ttyUSB0: [Errno 13] Permission "
         "denied: '/dev/ttyUSB0'`", "serial_permission_denied", 13, "SER004"),
    ],
)
def test_console_open_errors_are_judged_like_the_log(text: str, kind: str, errno: int, expected: str) -> None:
    f = facts(text)
    evs = [e for e in events(f) if e.get("origin") == "console" or (text.startswith("`") and e.get("kind") == kind)]
    assert [e["kind"] for e in evs] == [kind]
    assert evs[0]["errno"] == errno and evs[0]["name"] == "mcu"
    assert first_id(f) == expected


def test_console_can_port_error_keeps_its_kind() -> None:
    f = facts("14:02:11 mcu 'EBBCan': Unable to open CAN port: [Errno 19] No such device")
    assert [(e["kind"], e.get("errno")) for e in events(f)] == [("mcu_can_open_failed", 19)]


def test_curly_quoted_console_line_from_a_forum(tmp_path: Path) -> None:
    # Discourse turns straight quotes into curly ones; the reader folds them, the console parser judges the line
    p = tmp_path / "post.txt"
    p.write_text("“mcu ‘mcu’: Unable to open serial port: [Errno 11] Could not exclusively lock port /dev/ttyACM0: "
                 "[Errno 11] Resource temporarily unavailable”\n", encoding="utf-8")
    f = analyze_files([str(p)])
    assert [e["kind"] for e in events(f)] == ["serial_port_locked"]
    assert first_id(f) == "SER003"


def test_repetier_server_time_stamps_are_a_console_prefix() -> None:
    # Klipper#2281: Repetier-Server's log, "H:MM:SS.mmm: " before OctoPrint-style "// " replies; the paste ends with
    # Klipper not ready: a failure (GEN001 asks for klippy.log), never "no faults"
    text = ("9:48:02.932: // Printer is not ready\n9:48:02.932: // The klippy host software is attempting to connect. Please\n"
            "9:48:02.932: // retry in a few moments.\n9:48:02.933: !! Printer is not ready")
    f = facts(text)
    states = [e for e in events(f) if e["kind"] == "klipper_state"]
    assert states and states[-1].get("fail") is True
    assert first_id(f) == "GEN001"


@pytest.mark.parametrize(
    "line,kind,name",
    [
        # coprint/configs#3 (K1 Max, Creality serialhdl.py key344: its own word order)
        ('{"code": "key344", "msg": "Unable to connect mcu \'nozzle_mcu\': ", "values":["mcu \'nozzle_mcu\': "]}',
         "mcu_unable_to_connect", "nozzle_mcu"),
        # Creality mcu.py key560-563
        ('{"code":"key560","msg":"Lost communication with MCU \'nozzle_mcu\'"}', "mcu_lost_communication", "nozzle_mcu"),
        # Creality mcu.py key90: the shutdown reason and Klipper's advice, joined by \n inside the JSON string
        ('{"code": "key90", "msg":"MCU \'mcu\' shutdown: Timer too close\\nThis often indicates the host computer is '
         'overloaded. Check", "values": []}', "mcu_shutdown", "mcu"),
    ],
)
def test_creality_json_messages(line: str, kind: str, name: str) -> None:
    evs = events(facts(line))
    assert [(e["kind"], e.get("name")) for e in evs] == [(kind, name)]
    if kind == "mcu_shutdown":
        assert evs[0]["reason"] == "Timer too close"


def test_creality_json_row_is_strong() -> None:
    line = '{"code": "key344", "msg": "Unable to connect mcu \'nozzle_mcu\': ", "values":["mcu \'nozzle_mcu\': "]}'
    import re

    assert any(re.search(p, line) for p in KlipperConsoleParser.strong)


# Klipper#1963 (Duet, OctoPrint pointed at /dev/ttyACM0): Klipper's binary blocks in OctoPrint's terminal
_KLIPPER_FRAMES = (
    "Connecting to: /dev/ttyACM0\n"
    "Changing monitoring state from \"Offline\" to \"Opening serial port\"\n"
    "Connected to: Serial<id=0x7f93d39ed0, open=True>(port='/dev/ttyACM0', baudrate=250000, bytesize=8, parity='N', "
    "stopbits=1, timeout=10.0, xonxoff=False, rtscts=False, dsrdtr=False), starting monitor\n"
    "Changing monitoring state from \"Opening serial port\" to \"Connecting\"\n"
    "Recv: \n"
    "\\x10?M\ufffd\ufffdW\ufffd\ufffd\\x12\ufffd\ufffd~\\x0b\\x10?3\ufffd\\x08\ufffd&\ufffd\ufffd~\\x0b\\x10?3\ufffdp\ufffd\n"
    "Recv: \ufffd\\x18~\\x0b\\x10?3\ufffdg\ufffd]\ufffd\ufffd~\\x0b\\x10?3\ufffdp\ufffd\n"
    "Connection closed, closing down monitor\n"
)


def test_octoprint_reading_klipper_frames_is_the_wrong_port() -> None:
    f = facts(_KLIPPER_FRAMES)
    assert any(e["kind"] == "klipper_protocol_frames" for e in events(f))
    findings = engine.evaluate(f)
    assert findings and findings[0].id == "SER003" and "/tmp/printer" in findings[0].message


def test_marlin_at_the_wrong_baud_is_no_klipper_frame() -> None:
    # OctoPrint#102 (RAMPS with Marlin at a wrong baud rate): noise, but no Klipper block ends ("~<len>\x1<seq>")
    text = ("Connecting to: /dev/ttyACM0\n"
            "Connected to: Serial<id=0x25a3f10, open=True>(port='/dev/ttyACM0', baudrate=115200, bytesize=8, parity='N', "
            "stopbits=1, timeout=2, xonxoff=False, rtscts=False, dsrdtr=False), starting monitor\n"
            "Recv: ?n|Hn?6ba8&?I?'\nRecv: pONv??Zqjz><y?N\n")
    assert not any(e["kind"] == "klipper_protocol_frames" for e in events(facts(text)))


@pytest.mark.parametrize(
    "text,via,by_id_missing",
    [
        # KIAUH v5 (scripts/flash_klipper.sh print_error: the message between two rules, one space in)
        ("#=======================================================#\n No MCU found!\n MCU either not connected or not detected!\n"
         "#=======================================================#", "USB", True),
        # KIAUH v6 (firmware_utils.find_usb_device_by_id, klipper_flash_menu.get_mcu_list)
        ("\n###### Identifying MCU connected via USB ...\n[ERROR] Unable to find a USB device!\n"
         "Command 'find /dev/serial/by-id/*' returned non-zero exit status 1.\n[WARN] No MCUs found!\n"
         "[WARN] Make sure they are connected and repeat this step.", "USB", True),
        # a DFU search finds nothing: no by-id fact; lsusb listed no DFU device, BOOT003 (audit s11)
        ("###### Identifying MCU connected via USB in DFU mode ...\n[WARN] No MCUs found!\n"
         "[WARN] Make sure they are connected and repeat this step.", "USB in DFU mode", False),
    ],
)
def test_kiauh_no_mcu_found(text: str, via: str, by_id_missing: bool) -> None:
    f = facts(text)
    serial = f.get("serial", {})
    evs = [e for r in serial.get("runs", []) if r.get("tool") == "kiauh" for e in r.get("events", [])]
    assert [(e["kind"], e["via"], e["fail"]) for e in evs] == [("kiauh_no_mcu", via, True)]
    missing = [m for m in serial.get("missing", []) if m.get("via") == "kiauh"]
    assert bool(missing) is by_id_missing
    assert first_id(f) == ("USB001" if by_id_missing else "BOOT003")


def test_lower_case_klipper_by_id_names_no_device() -> None:
    # Rappetor/Sovol-SV08-Mainline#102: printer.cfg named usb-klipper_...; Klipper's USB manufacturer string is "Klipper"
    bad = "[mcu]\nserial = /dev/serial/by-id/usb-klipper_stm32f103xe_34FFD805334D593515530651-if00\nrestart_method = command"
    findings = engine.evaluate(facts(bad))
    assert findings and findings[0].id == "SER005" and "capital" not in findings[0].message and "lower-case k" in findings[0].message
    good = bad.replace("usb-klipper_", "usb-Klipper_")
    assert not [f for f in engine.evaluate(facts(good)) if f.id == "SER005"]


def test_creality_json_behind_the_console_prefix_and_malformed_code() -> None:
    # Mainsail's time stamp and "!! " before the JSON; mikeinredding/K1Max-Klipper-Eddy#6 shows Creality's own typo
    # ("key61, with no closing quote): the message is still read, and a G-code "Unknown command:X" is no protocol error
    evs = events(facts("10:43:36 !! {\"code\":\"key560\",\"msg\":\"Lost communication with MCU 'nozzle_mcu'\"}"))
    assert [(e["kind"], e.get("name")) for e in evs] == [("mcu_lost_communication", "nozzle_mcu")]
    f = facts('10:43:36 !! {"code":"key61, "msg":"Unknown command:NOZZLE_CLEAR", "values": ["NOZZLE_CLEAR HOT_MIN_TEMP=125"]}')
    assert [b["tool"] for s in f["sources"] for b in s["blocks"]] == ["klipper-console"]
    assert not [e for e in events(f) if e["kind"] == "mcu_command_mismatch"]


def test_flash_sdcard_missing_dictionary_is_a_missing_build() -> None:
    # Klipper scripts/spi_flash/spi_flash.py SPIFlash.__init__: out/klipper.dict is read before anything is sent
    f = facts("Flashing /home/pi/klipper/out/klipper.bin to /dev/ttyACM0\n\n"
              "SD Card Flash Error: Missing or invalid dictionary at '/home/pi/klipper/out/klipper.dict'")
    evs = [e for r in f.get("sdcard", {}).get("runs", []) for e in r.get("events", [])]
    assert [(e["kind"], e.get("path")) for e in evs] == [("sd_image_missing", "/home/pi/klipper/out/klipper.dict")]
    assert first_id(f) == "FW005"


@pytest.mark.parametrize(
    "line",
    [
        "Timeout on wait for 'identify_response' response",  # klippy/serialhdl.py 2017-03 to 2020-02
        "error: Timeout during identify",  # the same years, Python 2's exception line
        "serialhdl.error: Unable to obtain 'identify_response' response",  # SerialRetryCommand, 2020-02 and later
    ],
)
def test_identify_query_giving_up_is_a_connect_timeout(line: str) -> None:
    evs = events(facts("Starting serial connect\n" + line))
    assert [(e["kind"], e["name"]) for e in evs] == [("mcu_connect_timeout", "mcu")]


def test_identify_timeout_on_a_host_uart_points_at_the_uart() -> None:
    f = facts("[mcu]\nserial: /dev/ttyAMA0\n\nmcu 'mcu': Starting serial connect\n"
              "serialhdl.error: Unable to obtain 'identify_response' response")
    assert first_id(f) == "SER006"
