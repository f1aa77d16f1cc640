"""The keyboards2 area, session 9: QMK's bootloader wait that a later dfu-util download ended, macOS Finder's spurious
errors on a UF2 drive as people quote them, Vial GUI's dialogs, log lines and bootloader-flasher refusals, and
dfu-programmer failing to open a .hex whose name has spaces, %20 or brackets. Texts are real pastes (their threads are
named in each test) or lines of them."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.facts import collapse_repeats, merge, new
from doctor.parsers import dfu_programmer, keyboard_tools
from doctor.parsers._messages import TableParser
from textkit import events, facts, first, kinds, serious


def analyzed(text: str) -> list[str]:
    """The serious findings as `doctor analyze` reaches them (its snapshot folds repeats and drops waits a later write
    ended, facts.collapse_repeats), which the plain parse of textkit does not."""
    snap = collapse_repeats(merge(new("analyze"), facts(text)))
    return [f.id for f in engine.evaluate(snap) if f.severity in ("error", "warning")]

NEW_ROWS = [(cls, row) for cls in (keyboard_tools.Uf2CopyParser, keyboard_tools.KeyboardAppParser) for row in cls.messages
            if ("app", "vial") in tuple(row.attrs) or "read or written" in row.pattern and "^[" in row.pattern
            or "device disappeared" in row.pattern or row.pattern.startswith(r"\([Ee]rror code")]


def test_the_new_rows_are_there() -> None:
    assert len(NEW_ROWS) >= 12


@pytest.mark.parametrize(("cls", "row"), NEW_ROWS, ids=lambda x: getattr(x, "name", None) or x.pattern[:40])
def test_every_new_row_matches_its_example(cls: type[TableParser], row: Any) -> None:
    assert row.example
    assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True))


# --- QMK's wait for the bootloader, ended by a dfu-util download ----------------------------------------------------------

# keyboard notes (acheron/apollo/87hlarc2): qmk flash waits, Fn-Esc, dfu-util clears the ROM's dfuERROR and downloads
APOLLO = """Flashing for bootloader: stm32-dfu
Bootloader not found. Make sure the board is in bootloader mode. See https://docs.qmk.fm/#/newbs_flashing
Trying again every 0.5s (Ctrl+C to cancel)..........
dfu-util 0.11

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

Opening DFU capable USB device...
Device ID 0483:df11
Device DFU version 011a
Claiming USB DFU Interface...
Setting Alternate Interface #0 ...
Determining device status...
DFU state(10) = dfuERROR, status(10) = Device's firmware is corrupt. It cannot return to run-time (non-DFU) operations
Clearing status
Determining device status...
DFU state(2) = dfuIDLE, status(0) = No error condition is present
DFU mode device DFU version 011a
Device returned transfer size 2048
DfuSe interface name: "Internal Flash  "
Downloading element to address = 0x08000000, size = 64520
Erase           [=========================] 100%        64520 bytes
Erase    done.
Download        [=========================] 100%        64520 bytes
Download done.
File downloaded successfully
Submitting leave request...
Transitioning to dfuMANIFEST state"""


def test_a_wait_that_a_download_ended_is_healthy() -> None:
    assert analyzed(APOLLO) == []
    assert "BOOT001" not in serious(APOLLO)  # the rule itself also sees the successful dfu-util run


def test_the_wait_alone_is_still_the_missing_bootloader() -> None:
    waiting = APOLLO.split("dfu-util 0.11")[0]
    # (deepen-stm32 s19) QMK flashing for stm32-dfu that finds no DFU device: BOOT0 / the ROM bootloader not entered
    # (BOOT003) first, the bootloader request that never reached it (BOOT001) second
    assert analyzed(waiting)[:2] == ["BOOT003", "BOOT001"]


def test_a_wait_followed_by_a_download_that_never_completed_is_not_healthy() -> None:
    # the same paste cut before "Download done.": no completed write, so nothing shows the wait ended
    cut = APOLLO.split("Erase    done.")[0]
    assert "BOOT001" in analyzed(cut)


# --- macOS Finder on a UF2 drive, as people quote it -----------------------------------------------------------------------

# Adafruit_nRF52_Bootloader#330 (macOS 14.5): spurious, the board resets before Finder is done; the update is applied
NRF52 = """The operation can’t be completed because the device disappeared.
...
The Finder can’t complete the operation because some data in “adafruit-circuitpython-circuitplayground_bluefruit-en_US-9.0.5.uf2” can’t be read or written.
(Error code -36)"""

# Adv360-Pro-ZMK#294 (macOS Sonoma): the poster's own sentence and the dialog quoted with the file name replaced
ADV360 = """The installation of any settings_reset file, or firmware version results in MacOS generating (error code -36). 
"The Finder can't complete the operation because some data in 'filename' can't be read or written\""""


@pytest.mark.parametrize("text", [NRF52, ADV360], ids=["device-disappeared", "quoted-in-prose"])
def test_finder_errors_on_a_uf2_drive_are_benign(text: str) -> None:
    assert kinds(text, "flash").count("uf2_copy_os_error") >= 2
    assert serious(text) == []


def test_the_disappeared_line_is_benign_alone() -> None:
    assert serious("The operation can't be completed because the device disappeared.") == []


# --- Vial GUI ---------------------------------------------------------------------------------------------------------

# vial-gui#138: VIA firmware opened in Vial 0.6 (the dialog, then this traceback): not Vial firmware, no catalogue fault
VIAL_TRACEBACK = """File "main_window.py", line 270, in on_devices_updated
File "main_window.py", line 284, in on_device_selected
File "main_window.py", line 304, in rebuild
File "editor\\keymap_editor.py", line 125, in rebuild
File "keycodes.py", line 870, in recreate_keyboard_keycodes

AttributeError: 'Keyboard' object has no attribute 'tap_dance_count'"""


def test_a_vial_traceback_is_not_silent() -> None:
    evs = events(VIAL_TRACEBACK, "flash", "vial")
    assert [e["kind"] for e in evs] == ["vial_exception"]
    assert first(VIAL_TRACEBACK) == "GEN001"


def test_vial_unsupported_protocol_dialog_is_a_failure() -> None:
    text = "Unsupported protocol version!\nPlease download latest Vial from https://get.vial.today/"
    assert "vial_bad_protocol" in kinds(text, "flash")
    assert first(text) == "GEN001"


def test_a_python_exception_alone_is_not_taken_for_vial() -> None:
    # the exception row only reads inside Vial's own block: a bare OSError (a klippy log's) is not Vial's
    assert events("OSError: [Errno 5] Input/output error", "flash", "vial") == []


# vial-qmk#613 / nixpkgs#193619: util.py's scan of each HID interface; usage-page mismatches are normal
VIAL_SCAN = """INFO:root:Matching VID=3297, PID=1969, serial=, path=b'/dev/hidraw3' - VIA stack
WARNING:root:is_rawhid: b'/dev/hidraw3' does not match - usage_page=0001 usage=06
INFO:root:Matching VID=3297, PID=1969, serial=, path=b'/dev/hidraw4' - VIA stack
WARNING:root:is_rawhid: b'/dev/hidraw4' does not match - usage_page=0001 usage=02"""


def test_usage_page_mismatches_are_not_failures() -> None:
    assert serious(VIAL_SCAN) == []


def test_a_hidraw_node_vial_cannot_open_is_the_udev_rule() -> None:
    text = VIAL_SCAN + "\nWARNING:root:is_rawhid: b'/dev/hidraw5' does not match - open_path error open failed"
    ev = [e for e in events(text, "flash", "vial") if e["kind"] == "hid_open_denied"]
    assert ev and ev[0]["path"] == "/dev/hidraw5"
    assert first(text) == "USB004"


@pytest.mark.parametrize(("line", "kind"), [
    ("Error: Firmware package was built for different device", "vial_wrong_device"),
    ("Error: Firmware UID does not match keyboard UID. Check that you have the correct file", "vial_wrong_device"),
    ("Error: Invalid signature", "vial_not_package"),
    ("Error: Firmware is too large. Check you've selected the correct file", "vial_not_package"),
])
def test_vial_flasher_refusals(line: str, kind: str) -> None:
    text = "Found Vial Bootloader device at /dev/hidraw5\n" + line
    assert kind in kinds(text, "flash")
    assert first(text) == ("FW002" if kind == "vial_wrong_device" else "GEN001")


# --- dfu-programmer and a file name it cannot open --------------------------------------------------------------------

# modelfkeyboards.com "QMK Toolbox PSA": a re-download named "...%20(3).hex"; renaming the file fixed it
XWHATSIT = """>>> dfu-programmer atmega32u2 erase –force

Erasing flash…Success

Checking memory from 0x0 to 0x6FFF…Empty.

>>> dfu-programmer atmega32u2 flash /Users/<user>/Downloads/xwhatsit_brand_new_model_f_f62_wcass_default_6523a7c%20(3).hex

Error opening /Users/<user>/Downloads/xwhatsit_brand_new_model_f_f62_wcass_default_6523a7c%20(3).hex

See –debug=51 or greater for more information."""


def test_an_odd_file_name_is_named_not_a_missing_image() -> None:
    ev = [e for e in events(XWHATSIT, "dfu") if e["kind"] == "image_unreadable"]
    assert ev and ev[0].get("odd_name") is True
    assert first(XWHATSIT) == "GEN001"


def test_a_plain_name_that_cannot_be_opened_stays_fw005() -> None:
    text = XWHATSIT.replace("xwhatsit_brand_new_model_f_f62_wcass_default_6523a7c%20(3).hex", "f62.hex")
    ev = [e for e in events(text, "dfu") if e["kind"] == "image_unreadable"]
    assert ev and not ev[0].get("odd_name")
    assert first(text) == "FW005"


def test_the_dfu_programmer_parser_is_the_one_reading_it() -> None:
    assert any(row.kind == "image_unreadable" for row in dfu_programmer.DfuProgrammerParser.messages)


# --- mdloader: the bootloader answered, its chip id is unknown to this mdloader ----------------------------------------

# Massdrop/mdloader#33 (macOS, a 2020 Drop ALT): the port answers SAM-BA and its chip id is read, again and again
MD_UNKNOWN = """.Opening port '/dev/cu.usbmodem141201'... Success!
Configuring port... 
  Get config... Success!
  Set config... Success!
Setting normal mode... Success!
Write: [w41002018,#]
Closing port... Success!
.Opening port '/dev/cu.usbmodem141201'... Success!
Configuring port... 
  Get config... Success!
  Set config... Success!
Setting normal mode... Success!
Write: [w41002018,#]
Closing port... Success!"""


def test_a_samba_port_whose_chip_id_is_not_listed_is_an_unknown_chip() -> None:
    evs = events(MD_UNKNOWN, "flash", "mdloader")
    assert [e["kind"] for e in evs] == ["md_chip_unknown"]
    assert first(MD_UNKNOWN) == "GEN001"
    assert first(MD_UNKNOWN + "\nError: Could not find a valid device port!") == "GEN001"


def test_a_port_that_does_not_answer_samba_is_still_not_the_bootloader() -> None:
    # Massdrop/mdloader#24's COM1: opens, fails at normal mode, no chip id read: the keyboard is not in its bootloader
    text = """Opening port 'COM1'... Success!
Configuring port...
 Get config... Success!
 Set config... Success!
 Set timeouts... Success!
Setting normal mode... Error reading 2 bytes! [0][0000](0)
Closing port... Success!
Error: Could not find a valid device port!"""
    assert "md_chip_unknown" not in kinds(text, "flash")
    assert first(text) == "BOOT001"


def test_a_listed_device_after_the_chip_read_is_known() -> None:
    text = MD_UNKNOWN.split(".Opening port", 2)[1].join([".Opening port", ""]) + "\nDevice port: /dev/cu.usbmodem141201 (SAMD51J18A)"
    assert "md_chip_unknown" not in kinds(text, "flash")
