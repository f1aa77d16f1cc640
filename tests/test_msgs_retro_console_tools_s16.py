"""Rows added for game-console and cartridge-reader tools (retro-console-tools s16)."""

from __future__ import annotations

from tests.textkit import events, first, serious

# insidegadgets/GBxCart-RW#11: the console interface probes its port list (the RS-232 library's perror() for each port that
# is not there), then finds the reader on a later port and reads the header: a working run
GBX_OK = """GBxCart RW v1.25 by insideGadgets
################################
unable to open comport : No such file or directory
unable to open comport : No such file or directory
Connected on COM port: 46

Please select a mode:
1. GB/GBC
2. GBA
"""

# the same program finding no reader because every probe was refused (setup.c com_test_port() gives up)
GBX_DENIED = """GBxCart RW v1.36 by insideGadgets
#################################
unable to open comport : Permission denied
unable to open comport : No such file or directory
Device not connected and couldn't be auto detected. Please make sure the COM port isn't open elsewhere. If you are using Linux/Mac, make sure you use "sudo".
"""

GBX_BUSY = """GBxCart RW Firmware Update
##########################
unable to open comport : Device or resource busy
Device not connected and couldn't be auto detected
"""

# TheArcadeStriker/flycast-wiki#8: Flycast's DreamPicoPort adapter on Linux, the tty root:dialout and the user not in it
FLYCAST_DENIED = """sdl/dreampicoport.cpp:114 W[INPUT]: DreamPicoPort serial connection failed: Permission denied"""
FLYCAST_BUSY = """sdl/dreampicoport.cpp:145 W[INPUT]: DreamPicoPort serial connection failed: Device or resource busy"""


def test_gbxcart_probes_before_a_connection_are_moot():
    evs = events(GBX_OK, "serial", "gbxcart")
    assert [e["kind"] for e in evs] == ["comport_probe_skipped", "comport_probe_skipped", "comport_connected"]
    assert not any(e.get("fail") for e in evs)
    assert serious(GBX_OK) == []


def test_gbxcart_no_reader_with_refused_probes_is_the_ttys_group():
    kinds = [e["kind"] for e in events(GBX_DENIED, "serial", "gbxcart")]
    assert "serial_permission_denied" in kinds and "gbxcart_not_detected" in kinds
    assert first(GBX_DENIED) == "SER004"
    assert serious(GBX_DENIED) == ["SER004"]  # the probe of a port of the list that does not exist says nothing


def test_gbxcart_busy_probe_is_a_port_held_elsewhere():
    assert "serial_port_busy" in [e["kind"] for e in events(GBX_BUSY, "serial", "gbxcart")]
    assert first(GBX_BUSY) == "SER003"


def test_flycast_dreampicoport_permission_denied():
    assert [e["kind"] for e in events(FLYCAST_DENIED, "serial")] == ["serial_permission_denied"]
    assert first(FLYCAST_DENIED) == "SER004"


def test_flycast_dreampicoport_busy():
    assert [e["kind"] for e in events(FLYCAST_BUSY, "serial")] == ["serial_port_busy"]
    assert first(FLYCAST_BUSY) == "SER003"


def _new_rows():
    from doctor.parsers import gbxcart, serial_errors
    rows = list(gbxcart.MESSAGES)
    rows += [r for r in serial_errors.MESSAGES if "dreampicoport" in r.src.lower()]
    return rows


def test_every_new_row_matches_its_example_and_yields_its_kind():
    import re

    rows = _new_rows()
    assert len(rows) >= 14
    for row in rows:
        assert row.example and re.search(row.pattern, row.example.strip()), row.pattern
        if row.kind and row.strength == "strong":
            ns = "serial"
            assert row.kind in [e["kind"] for e in events(row.example, ns)], row.example
