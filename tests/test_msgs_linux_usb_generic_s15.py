"""Session 15, linux-usb-generic: host-side texts from Linux and Raspberry Pi threads.

Families fixed: PyTmcStepper (TMC2209_Raspberry_Pi) reporting that the stepper driver on the Pi's UART never answered
(0.1-0.2 `did not get the expected 4 data bytes`, 0.3+ `UART Communication Error: N data bytes | M total bytes`, one line
or split by its logger, the debug script's `received only the sent bytes`): SER006; its working debug exchange is
healthy. wmbusmeters finding no dongle on the tty as the user while the same dongle starts under sudo: SER004."""

from __future__ import annotations

from tests.textkit import events, first, serious

# PyTmcStepper #1 (Pi Zero W, TMC2209 lines crossed on a board labelled from the driver's side)
TMC_OLD = """
pi@pi:~/TMC2209_Raspberry_Pi $ python3 test_script_01_uart_connection.py 
---
SCRIPT START
---
TMC2209: Init
TMC2209: GPIO Init finished
TMC2209: did not get the expected 4 data bytes. Instead got 0 Bytes
TMC2209: did not get the expected 4 data bytes. Instead got 0 Bytes
TMC2209: after 10 tries not valid answer. exiting
TMC2209: Deinit
TMC2209: Motor output active: False
"""

# PyTmcStepper #147 (Pi Zero W, 2026): the logger of 0.6+ splits the f-string over three lines
TMC_NEW = """
2026-04-02 10:49:08,109 - TMC2209 0 - INFO - Init
2026-04-02 10:49:08,113 - TMC2209 0 - DEBUG - STEP Pin: 16
2026-04-02 10:49:08,130 - TMC2209 0 - ERROR - UART Communication Error:
                                    0 data bytes |
                                    4 total bytes
2026-04-02 10:49:08,135 - TMC2209 0 - ERROR - UART Communication Error:
                                    0 data bytes |
                                    4 total bytes
"""

# PyTmcStepper #7: the author's reference output of a working link
TMC_OK = """
TMC2209_0: ---
TMC2209_0: TEST UART
received 12 bytes; 96 bits
hex: 550006e805ff0621000041c6
TMC2209_0: length snd: 4
TMC2209_0: length rtn: 12
TMC2209_0: the Raspberry Pi received the sended bits and the answer from the TMC
TMC2209_0: the Raspberry Pi received exactly the bits it has send. the first 4 bits are the same
TMC2209_0: complete
TMC2209_0: ---
"""


def test_pytmcstepper_old_no_answer_is_ser006() -> None:
    assert "uart_no_answer" in [e["kind"] for e in events(TMC_OLD, "serial", "pytmcstepper")]
    assert first(TMC_OLD) == "SER006"


def test_pytmcstepper_new_split_communication_error_is_ser006() -> None:
    assert first(TMC_NEW) == "SER006"


def test_pytmcstepper_readme_one_line_and_debug_forms() -> None:
    assert first("TMC2209: UART Communication Error: 0 data bytes | 0 total bytes\n") == "SER006"
    assert first("TMC2209_0: the Raspberry Pi received only the sended bits\n") == "SER006"


def test_pytmcstepper_working_exchange_is_healthy() -> None:
    assert serious(TMC_OK) == []


# wmbusmeters #222: an iM871A on ttyUSB0 not detected as the user, started under sudo
WMBUS_SUDO = """
alvaro@host:~$ wmbusmeters --debug  /dev/ttyUSB0:im871a:c1
(wmbusmeters) version: _
(config) using device: /dev/ttyUSB0:im871a:c1 
(serial) EVENT thread interrupted
Expected im871a on /dev/ttyUSB0 but found unknown instead, ignoring it!
No wmbus device detected, waiting for a device to be plugged in.

alvaro@host:~$ sudo wmbusmeters --logtelegrams auto:c1
Started auto im871a[00101517] on /dev/ttyUSB0 listening on c1
No meters configured. Printing id:s of all telegrams heard!
"""


def test_wmbusmeters_fails_as_user_works_with_sudo_is_ser004() -> None:
    assert first(WMBUS_SUDO) == "SER004"


def test_wmbusmeters_not_detected_alone_is_not_a_permission_claim() -> None:
    # wmbusmeters #1317 (WSL, the tty crw-rw-rw-): the dongle did not answer; nothing says the user may not open it
    text = "Expected im871a on /dev/ttyUSB0 but did not find it! Ignoring tty!\nNo wmbus device detected, waiting for a device to be plugged in.\n"
    assert first(text) != "SER004"


def test_wmbusmeters_verbose_permission_line_is_ser004() -> None:
    text = "(serial) you do not have the correct permissions to open the tty /dev/ttyUSB0 and you do not share the same access group.\n"
    assert first(text) == "SER004"


def test_wmbusmeters_started_is_healthy() -> None:
    assert serious("[2024-08-28_14:41:59] Started auto iu880b[00062dbe] on /dev/ttyACM0 listening on t1\n") == []
