"""Session 11, serial-host-tools: rows and rules for held-out misses of the host side of serial ports.

- Taylor UUCP cu's `Line in use` / `All matching ports in use` (cu.c: its lock of the line failed; `-l ttyUSB0` as typed,
  `./cu` as run): the cause is hidden, the resolved thread was the tty's permissions (SER004 first, a holder the
  alternative); its `<line>: Permission denied` and `Access to port denied` after the lock (SER004).
- A tty named without its /dev/ folder in pyserial's message (`could not open port ttyUSB0: [Errno 2] ... 'ttyUSB0'`):
  the relative-path case of SER005.
- QGroundControl's Linux start-up check of /etc/group (`The current user does not have the correct permissions to access
  serial devices`): the user is not in dialout (SER004).
- The Proxmark3 flasher (Proxmark/proxmark3 and RRG clients) stalling mid-write on `Waiting for a response from the
  proxmark...`: ModemManager (SER002); its healthy run stays quiet.
Lines are real pastes (tests/cases) where one exists, else the source's format filled in."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import proxmark3, serial_errors
from textkit import events, first, serious

S11_SERIAL = [row for row in serial_errors.MESSAGES if "(serial-host-tools s11)" in row.src or "QGCApplication.cc" in row.src]


def test_the_new_rows_are_there() -> None:
    assert len(S11_SERIAL) == 5
    assert len(proxmark3.MESSAGES) >= 14


@pytest.mark.parametrize("row", S11_SERIAL + list(proxmark3.MESSAGES), ids=lambda r: r.pattern[:40])
def test_every_new_row_matches_its_example(row: Any) -> None:
    table = serial_errors.TABLE if row in S11_SERIAL else proxmark3.Proxmark3FlasherParser.table
    assert row.example
    assert any(r is row for r, _ in table.match(row.example.strip(), all_matches=True))


# --- Taylor UUCP cu: "Line in use" is a failed lock, not EBUSY ------------------------------------------------------------

@pytest.mark.parametrize("line, port", [
    ("./cu: ttyUSB0: Line in use", "ttyUSB0"),  # real: fedoraforum t=194322 (sudo cu -l ttyUSB0 -s 9600)
    ("cu: /dev/ttyS0: Line in use", "/dev/ttyS0"),
    ("/usr/bin/cu: /dev/ttyUSB1: Line in use", "/dev/ttyUSB1"),
])
def test_cu_line_in_use_is_an_open_failure_with_a_hidden_cause(line: str, port: str) -> None:
    evs = events(line, "serial")
    assert [e["kind"] for e in evs] == ["serial_open_failed"]
    assert evs[0]["port"] == port and evs[0]["via"] == "cu-lock"
    assert first(line) == "SER004"


def test_cu_open_permission_denied_is_still_ser004() -> None:
    assert first("cu: open (/dev/ttyUSB0): Permission denied") == "SER004"


@pytest.mark.parametrize("line, kind", [
    ("cu: ttyUSB0: Permission denied", "serial_permission_denied"),  # fsysdep_port_access() after the lock, -l as typed
    ("cu: Access to port denied", "serial_permission_denied"),
    ("cu: All matching ports in use", "serial_open_failed"),
])
def test_other_taylor_cu_messages(line: str, kind: str) -> None:
    assert [e["kind"] for e in events(line, "serial")] == [kind]
    assert first(line) == "SER004"


# --- a tty given without /dev/ -------------------------------------------------------------------------------------------

PHY = """PHY62x2 Utility version 11.03.24
---------------------------------------------------------
Error: Open ttyUSB0, 9600 baud! Error: [Errno 2] could not open port ttyUSB0: [Errno 2] No such file or directory: 'ttyUSB0'"""


def test_pyserial_port_without_dev_folder_is_a_relative_path() -> None:
    evs = events(PHY, "serial")
    assert [(e["kind"], e["port"]) for e in evs] == [("serial_no_such_port", "ttyUSB0")]
    assert first(PHY) == "SER005"


@pytest.mark.parametrize("line", [
    "serial.serialutil.SerialException: [Errno 2] could not open port ttyACM0: [Errno 2] No such file or directory: 'ttyACM0'",
    "FileNotFoundError: [Errno 2] No such file or directory: 'ttyUSB1'",
    "picocom: FATAL: cannot open ttyUSB0: No such file or directory",  # picocom.c: "cannot open %s: %s"
    "minicom: cannot open ttyACM0: No such file or directory",
])
def test_other_bare_tty_names(line: str) -> None:
    assert first(line) == "SER005"


def test_a_full_dev_path_is_untouched() -> None:
    line = "serial.serialutil.SerialException: [Errno 2] could not open port /dev/ttyUSB0: [Errno 2] No such file or directory: '/dev/ttyUSB0'"
    assert [e["port"] for e in events(line, "serial")] == ["/dev/ttyUSB0"]


def test_a_bare_name_in_prose_without_an_open_failure_is_not_an_event() -> None:
    assert events("the board shows up as ttyUSB0 and blinks", "serial") == []


# --- QGroundControl's dialout check -------------------------------------------------------------------------------------

QGC = """The current user does not have the correct permissions to access serial devices. You should
remove modemmanager since it also interfaces"""  # real: qgroundcontrol#10851


def test_qgc_dialout_check_is_ser004() -> None:
    evs = events(QGC, "serial")
    assert [e["kind"] for e in evs] == ["serial_permission_denied"]
    assert evs[0]["via"] == "qgc-dialout-check"
    assert first(QGC) == "SER004"


def test_qgc_dialout_check_source_wording() -> None:
    line = ("The current user does not have the correct permissions to access serial devices. You should also remove modemmanager "
            "since it also interferes.<br/><br/>If you are using Ubuntu, execute the following commands to fix these issues:<br/>")
    assert first(line) == "SER004"


# --- the Proxmark3 flasher ----------------------------------------------------------------------------------------------

PM3_STUCK = """./client/flasher /dev/ttyACM1 armsrc/obj/fullimage.elf
Loading ELF file 'armsrc/obj/fullimage.elf'...
Loading usable ELF segments:
0: V 0x00102000 P 0x00102000 (0x0002b660->0x0002b660) [R X] @0x94
1: V 0x00200000 P 0x0012d660 (0x00001928->0x00001928) [RW ] @0x2b6f4
Note: Extending previous segment from 0x2b660 to 0x2cf88 bytes

Waiting for Proxmark to appear on /dev/ttyACM1 ......
 Found.
Entering bootloader...
(Press and release the button only to abort)
Waiting for Proxmark to appear on /dev/ttyACM1 ..
 Found.

Flashing...
Writing segments for file: armsrc/obj/fullimage.elf
 0x00102000..0x0012ef87 [0x2cf88 / 360 blocks].....................Waiting for a response from the proxmark...          
You can cancel this operation by pressing the pm3 button   """  # real: Proxmark/proxmark3#707

PM3_OK = """ah@host:~/Tools/proxmark3$ sudo client/flasher /dev/ttyACM1 armsrc/obj/fullimage.elf 
Loading ELF file armsrc/obj/fullimage.elf
Loading usable ELF segments:
0: V 0x00102000 P 0x00102000 (0x00037a48->0x00037a48) [R X] @0x94
1: V 0x00200000 P 0x00139a48 (0x000012bc->0x000012bc) [RW ] @0x37adc
Note: Extending previous segment from 0x37a48 to 0x38d04 bytes

[+] Waiting for Proxmark to appear on /dev/ttyACM1           
[=] UART Setting serial baudrate 460800
.Found 

Flashing... 
Writing segments for file: armsrc/obj/fullimage.elf
 0x00102000..0x0013ad03 [0x38d04 / 455 blocks].................................... OK 

Resetting hardware... 
All done. 

Have a nice day!"""  # real: RfidResearchGroup/proxmark3#35, after removing ModemManager


def test_proxmark3_flasher_stalled_mid_write_is_modemmanager() -> None:
    kinds = [e["kind"] for e in events(PM3_STUCK, "flash", "proxmark3")]
    assert "pm3_writing" in kinds and "pm3_wait_response" in kinds
    assert first(PM3_STUCK) == "SER002"


def test_proxmark3_flasher_healthy_run_is_quiet() -> None:
    assert "flash_succeeded" in [e["kind"] for e in events(PM3_OK, "flash", "proxmark3")]
    assert serious(PM3_OK) == []


def test_proxmark3_client_waiting_outside_a_flash_is_not_modemmanager() -> None:
    text = "[usb] pm3 --> hf mf autopwn\nWaiting for a response from the Proxmark3...\nYou can cancel this operation by pressing the pm3 button"
    assert "SER002" not in serious(text)


# --- missing tools: more wordings (TOOL001) -----------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    # glibc ld.so, printed with the tool's own name first (its parser would otherwise keep the line)
    "dfu-util: error while loading shared libraries: libusb-1.0.so.0: cannot open shared object file: No such file or directory",
    "avrdude: error while loading shared libraries: libusb-0.1.so.4: cannot open shared object file: No such file or directory",
    "/usr/bin/avrdude: error while loading shared libraries: libftdi1.so.2: cannot open shared object file: No such file or directory",
    # Ubuntu's command-not-found handler
    "Command 'st-flash' not found, but can be installed with:",
    "Command 'esptool' not found, did you mean:",
    # CPython runpy (`python -m esptool`) and main.c (`python esptool.py`)
    "/usr/bin/python3: No module named esptool",
    "/usr/bin/python3: Error while finding module specification for 'esptool.py' (ModuleNotFoundError: No module named 'esptool')",
    "python: can't open file 'esptool.py': [Errno 2] No such file or directory",
])
def test_missing_tool_wordings(line: str) -> None:
    assert first(line) == "TOOL001"


def test_katapult_script_missing_stays_katapults() -> None:
    line = "python3: can't open file '/home/pi/katapult/scripts/flashtool.py': [Errno 2] No such file or directory"
    assert events(line, "shell") == []
    assert first(line) == "TOOL001"


def test_a_tty_in_file_not_found_is_not_a_program() -> None:
    line = "FileNotFoundError: [Errno 2] No such file or directory: 'ttyUSB1'"
    assert events(line, "shell") == []


def test_proxmark3_long_command_notice_is_not_a_failure() -> None:
    text = "[usb] pm3 --> hf mf autopwn\nWaiting for a response from the Proxmark3...\nYou can cancel this operation by pressing the pm3 button"
    assert serious(text) == []
