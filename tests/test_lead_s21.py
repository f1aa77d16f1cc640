"""Lead's fixes of session 21 (texts written from the tools' own output formats, not pasted by anyone)."""

from __future__ import annotations

from pathlib import Path

from doctor import engine
from doctor.parsers import analyze_files


def _firsts(tmp_path: Path, text: str) -> list[str]:
    p = tmp_path / "paste.txt"
    p.write_text(text)
    return [f.id for f in engine.evaluate(analyze_files([str(p)]))]


# OpenOCD 0.10's interface/stlink-v2.cfg names only 0483:3748; an ST-Link/V2 of the 32L Discovery (0483:374a) is
# one more probe it cannot open. The deriver reads the device table's role instead of its own copy of the ids.
_OLD_OPENOCD_374A = """\
$ lsusb
Bus 001 Device 007: ID 0483:374a STMicroelectronics ST-LINK/V2.1 (Audio)
$ openocd -f interface/stlink-v2.cfg -f target/stm32l1.cfg
Open On-Chip Debugger 0.10.0
Licensed under GNU GPL v2
Info : auto-selecting first available session transport "hla_swd". To override use 'transport select <transport>'.
adapter speed: 300 kHz
Info : Unable to match requested speed 300 kHz, using 240 kHz
Info : clock speed 240 kHz
Error: open failed
in procedure 'init'
in procedure 'ocd_bouncer'
"""


def test_old_openocd_cfg_misses_an_stlink_the_table_knows(tmp_path):
    ids = _firsts(tmp_path, _OLD_OPENOCD_374A)
    assert ids and ids[0] == "SWD001", ids


# glibc's ENOENT in every language is one pattern (doctor/parsers/_glibc.py) shared by the shell's missing program and
# the tty rows: a Ukrainian or Turkish `stty`/`cat` on a port that is not there names the missing port, as German did.
def test_translated_enoent_on_a_tty_is_a_missing_port(tmp_path):
    for line in ("stty: /dev/ttyUSB0: Немає такого файла або каталогу",
                 "cat: /dev/ttyACM0: Böyle bir dosya ya da dizin yok",
                 "stty: /dev/ttyUSB0: Datei oder Verzeichnis nicht gefunden"):
        ids = _firsts(tmp_path, line + "\n")
        assert ids and ids[0] == "SER005", (line, ids)


# OpenOCD 0.11's tcl/interface/stlink.cfg stops at 0483:3753 (0.12 added 3754, the V3 without mass storage): the
# release's list decides without a -d3 log, and a -d3 log's "stlink_usb_open(): transport: .. vid: .. pid: .." lines
# decide for any build. A probe the list names is no config problem (the permission rule keeps it).
_OPENOCD_011 = """\
$ lsusb
Bus 002 Device 004: ID 0483:{pid} STMicroelectronics STLINK-V3
$ openocd -f interface/stlink.cfg -f target/stm32h7x.cfg
Open On-Chip Debugger 0.11.0
Licensed under GNU GPL v2
Info : auto-selecting first available session transport "hla_swd". To override use 'transport select <transport>'.
Info : Listening on port 6666 for tcl connections
Info : Listening on port 4444 for telnet connections
Error: open failed
"""

_OPENOCD_D3 = """\
Bus 001 Device 009: ID 0483:3757 STMicroelectronics STLINK-V3PWR
Debug: 77 8 stlink_usb.c:3705 stlink_usb_open(): transport: 4 vid: 0x0483 pid: 0x3753 serial:
Debug: 78 8 stlink_usb.c:3705 stlink_usb_open(): transport: 4 vid: 0x0483 pid: 0x3754 serial:
Error: 79 27 stlink_usb.c:3723 stlink_usb_open(): open failed
"""


def test_openocd_011_stlink_cfg_does_not_name_3754(tmp_path):
    ids = _firsts(tmp_path, _OPENOCD_011.format(pid="3754"))
    assert ids and ids[0] == "SWD001", ids


def test_openocd_011_stlink_cfg_names_374e_so_not_the_config(tmp_path):
    ids = _firsts(tmp_path, _OPENOCD_011.format(pid="374e"))
    assert ids and ids[0] != "SWD001", ids


def test_openocd_d3_list_of_ids_decides(tmp_path):
    ids = _firsts(tmp_path, _OPENOCD_D3)
    assert ids and ids[0] == "SWD001", ids
    ids = _firsts(tmp_path, _OPENOCD_D3.replace("0483:3757", "0483:3754"))
    assert ids and ids[0] != "SWD001", ids
