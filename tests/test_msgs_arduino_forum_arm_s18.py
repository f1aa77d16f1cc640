"""Rows and rules added for the arduino-forum-arm round (session 18): SparkFun's Apollo3 uploaders (the 1.0.x cores' older
artemis_svl.py wording, the Ambiq Secure Bootloader uploader ambiq_bin2board, both tools' port-not-found help) and
dfu-util's final-reset "can't detach" pasted without the transfer before it."""

from __future__ import annotations

from tests.textkit import first, serious

# Arduino_Apollo3 tools/artemis/artemis_svl.py (977cad9, cores 1.0.x): no version packet, then phase_bootload's error
OLD_SVL_NO_ANSWER = """Artemis SVL Bootloader

	error receiving packet
{'len': 0, 'cmd': 0, 'data': 0, 'crc': 1, 'timeout': 1}"""

# the same script at a rate shown: 115200 is not the fast rate, so the bootloader itself is the question
OLD_SVL_SLOW = """artemis_svl.exe COM3 -f Blink.ino.bin -b 115200
Artemis SVL Bootloader
error receiving packet
{'len': 0, 'cmd': 0, 'data': 0, 'crc': 1, 'timeout': 1}
unknown error
Upload failed"""

# Arduino_Apollo3 tools/ambiq/ambiq_bin2board.py (977cad9): three tries with no answer to Hello
ASB_NO_ANSWER = """Image from 0x0 to 0x270c will be loaded at 0x20000
Connecting over serial port COM5...
Fail
Fail
Fail
Tries = 3
Upload failed"""

ASB_PORT_MISSING = """Connecting over serial port COM7...
Detected Serial Ports:
USB-SERIAL CH340 (COM5)
The port you selected was not found. But we did detect a CH340 on COM5 so you might try again on that port."""

SVL_PORT_MISSING = """Artemis SVL Bootloader
COM7 not found but we detected the following serial ports:
USB-SERIAL CH340 (COM5): Likely an Arduino or derivative. Try COM5."""

# dfu-util main.c 0.5-0.11: "can't detach" comes only from the final reset after the whole file went down
DFU_CANT_DETACH = """Invalid DFU suffix signature.
A valid DFU suffix will be required in a future dfu-util release!!!
can't detach"""


def test_old_svl_no_version_packet_without_a_rate_is_the_cores_921600_default():
    assert first(OLD_SVL_NO_ANSWER) == "SER007"


def test_old_svl_no_answer_at_a_slow_rate_is_the_bootloader():
    assert first(OLD_SVL_SLOW) == "BOOT001"


def test_asb_no_answer_to_hello_is_not_in_bootloader():
    assert first(ASB_NO_ANSWER) == "BOOT001"
    assert "GEN001" not in serious(ASB_NO_ANSWER)


def test_sparkfun_uploaders_port_not_found_is_serial_path():
    assert first(ASB_PORT_MISSING) == "SER005"
    assert first(SVL_PORT_MISSING) == "SER005"


def test_cant_detach_alone_is_the_harmless_final_reset():
    assert serious(DFU_CANT_DETACH) == []
