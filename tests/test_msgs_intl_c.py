"""Round intl-c (session 7, third wave): Arduino/avrdude, keyboards, RP2040 and USB as pasted in non-English forums and blogs.

avrdude's STK500v1 dialogue (Arduino bootloaders, ArduinoISP) reports a reply byte other than STK_INSYNC (0x14) or
STK_OK (0x10) in three wordings: 5.x-7.0 `stk500_paged_write(): (a) protocol error, expect=0x14, resp=0x64`, 7.1-7.3
`avrdude stk500_paged_write() error: protocol expects sync byte 0x14 but got 0x64`, 8.x `Error: protocol expects OK byte
0x10 but got 0x14`, followed by `stk500_cmd(): programmer is out of sync`. During the page writes and reads (loadaddr,
paged_write, paged_load) the board had answered the sync and the link broke mid-transfer (phase "transfer"): a bad USB
cable (forum.arduino.cc 155986), "solved by rebooting everything" (nortd/driveboardapp #1), on a Linux ttyACM port
ModemManager (SER002). These lines were unrecognised before; each must become its event, never silence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doctor.cli import main
from doctor.facts import iter_events
from doctor.parsers import parse_stream


def events(text: str) -> list[dict]:
    facts = parse_stream(iter(text.strip("\n").splitlines()), "paste")
    return [e for _ns, e in iter_events(facts)]


def findings(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    f = tmp_path / "1.txt"
    f.write_text(text, encoding="utf-8")
    capsys.readouterr()
    main(["analyze", "--json", str(f)])
    return [x["id"] for x in json.loads(capsys.readouterr().out)["findings"]]


TRANSFER_ERRORS = [
    # avrdude 5.x-7.0 (forum.arduino.cc 155986, a Nano with a bad USB cable; nortd/driveboardapp #1)
    ("avrdude: stk500_paged_write(): (a) protocol error, expect=0x14, resp=0x64", "0x64"),
    ("avrdude: stk500_loadaddr(): (a) protocol error, expect=0x14, resp=0xf8", "0xf8"),
    ("avrdude: stk500_paged_load(): (a) protocol error, expect=0x14, resp=0x00", "0x00"),
    # avrdude 7.1-7.3 (pmsg_error: progname, function, "error:")
    ("avrdude stk500_paged_write() error: protocol expects sync byte 0x14 but got 0x64", "0x64"),
]


@pytest.mark.parametrize("line,resp", TRANSFER_ERRORS)
def test_mid_transfer_protocol_errors_are_transfer_phase(line: str, resp: str) -> None:
    evs = [e for e in events(line) if e["kind"] == "stk500_protocol_error"]
    assert evs, line
    assert evs[0].get("phase") == "transfer" and evs[0]["resp"] == resp and evs[0]["expect"] in ("0x14", "0x10")


START_ERRORS = [
    "avrdude: stk500_program_enable(): protocol error, expect=0x14, resp=0x50",
    "avrdude: stk500_disable(): protocol error, expect=0x14, resp=0x51",
    "avrdude: stk500_initialize(): (a) protocol error, expect=0x14, resp=0x10",
    # avrdude 8.x prints neither progname nor function (MCUdude/MiniCore #365): recognised inside its run
    "Using port            : COM6\nUsing programmer      : stk500v1\nSetting baud rate     : 19200\n\n"
    "Error: protocol expects OK byte 0x10 but got 0x14",
]


@pytest.mark.parametrize("line", START_ERRORS)
def test_other_protocol_errors_are_recognised_without_transfer_phase(line: str) -> None:
    evs = [e for e in events(line) if e["kind"] == "stk500_protocol_error"]
    assert evs, line
    assert not evs[0].get("phase")


def test_out_of_sync_is_a_failure_event() -> None:
    evs = [e for e in events("avrdude: stk500_cmd(): programmer is out of sync") if e["kind"] == "stk500_out_of_sync"]
    assert evs and evs[0].get("fail")


MID_WRITE = """\
avrdude: stk500_paged_write(): (a) protocol error, expect=0x14, resp=0x64
avrdude: stk500_cmd(): programmer is out of sync
"""


def test_mid_write_break_on_windows_or_unknown_port_is_quoted_with_the_link_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = findings(tmp_path, MID_WRITE, capsys)
    assert ids and ids[0] == "GEN001"


def test_mid_write_break_on_linux_ttyacm_points_at_modemmanager(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "         Using Port                    : /dev/ttyACM0\n         Using Programmer              : arduino\n" + MID_WRITE
    ids = findings(tmp_path, text, capsys)
    assert ids and ids[0] == "SER002"


def test_mid_write_break_on_com_port_is_not_modemmanager(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "         Using Port                    : COM5\n         Using Programmer              : arduino\n" + MID_WRITE
    ids = findings(tmp_path, text, capsys)
    assert "SER002" not in ids and ids[0] == "GEN001"


def test_message_glued_to_the_progress_bar_is_read_as_the_message() -> None:
    # nortd/driveboardapp #1: the paste lost the newline between the bar's time and avrdude's message
    line = "Writing | #####                                              | 9% 0.16savrdude: stk500_loadaddr(): (a) protocol error, expect=0x14, resp=0xf8"
    evs = [e for e in events(line) if e["kind"] == "stk500_protocol_error"]
    assert evs and evs[0]["resp"] == "0xf8" and evs[0].get("phase") == "transfer"


def test_plain_progress_bar_stays_unclaimed_and_silent() -> None:
    text = "Writing | ################################################## | 100% 0.12s\navrdude done.  Thank you.\n"
    assert not [e for e in events(text) if e.get("fail")]


# avrdude 7.1-7.2 (Arduino IDE 2's 7.1-arduino, MiniCore's 7.2-arduino.1): the Windows com-state failure and main()'s
# summary in their 7.x wordings (MCUdude/MiniCore #281) are the same serial-open failure as 6.x's "can't set com-state"
COM_STATE_7X = [
    ("avrdude ser_open() error: cannot set com-state for \\\\.\\COM3", "\\\\.\\COM3"),
    ("avrdude main() error: unable to open programmer urclock on port COM3", "COM3"),
    ("avrdude: ser_open(): can't set com-state for \"\\\\.\\COM8\"", "\\\\.\\COM8"),
]


@pytest.mark.parametrize("line,port", COM_STATE_7X)
def test_com_state_failures_of_every_version_are_serial_open_failures(line: str, port: str) -> None:
    evs = [e for e in events(line) if e["kind"] == "serial_open_failed"]
    assert evs and evs[0]["port"] == port


def test_usb_programmer_summary_line_is_not_a_serial_port() -> None:
    assert not [e for e in events("avrdude error: unable to open programmer usbasp on port usb") if e["kind"] == "serial_open_failed"]
