"""sbc-hosts round, session 11: the host computer's side (Raspberry Pi and other SBCs, containers, VMs, SBC kernels).

- two pasted avrdude runs of one upload that differ only in -b: the run at one baud never got the bootloader's sync, the
  other read the chip. The bootloader listens at the second speed (SER007, derived.baud_retry_worked), whatever the
  single-run rules would say about a bare resp=0x00 (deanmao/avrdude-rpi#1);
- a host whose only USB board is a USB-CAN adapter (gs_usb 1d50:606f) has no /dev/serial/by-id, by-path or ttyUSB:
  those listings alone are no fault (an info note, no GEN001 warning; Klipper3d/klipper#5523).
"""

from __future__ import annotations

from textkit import first, serious

NANO_115200 = """\
root@raspberrypi:~# avrdude -p m328p -c arduino -P /dev/ttyUSB0 -b 115200

avrdude-original: stk500_getsync(): not in sync: resp=0x00
"""

NANO_57600 = """\
root@raspberrypi:~# avrdude -p m328p -carduino -P /dev/ttyUSB0 -b 57600
avrdude-original: AVR device initialized and ready to accept instructions

Reading | ################################################## | 100% 0.01s

avrdude-original: Device signature = 0x1e950f

avrdude-original: safemode: Fuses OK
"""


def fenced(*texts: str) -> str:
    """Each text in its own Markdown code block, as a post quotes two attempts (a fence ends a parser block)."""
    return "".join("```\n" + t + "```\n" for t in texts)


def test_baud_retry_that_reads_the_chip_is_the_bootloader_speed():
    assert first(fenced(NANO_115200, NANO_57600)) == "SER007"
    assert first(fenced(NANO_57600, NANO_115200)) == "SER007"  # pasted in any order


def test_baud_retry_on_another_port_is_not_the_same_upload():
    other_port = NANO_57600.replace("/dev/ttyUSB0", "/dev/ttyUSB1")
    assert first(fenced(NANO_115200, other_port)) != "SER007"


def test_a_failed_run_alone_is_judged_as_before():
    assert first(NANO_115200) != "SER007"
    assert serious(NANO_57600) == []


def test_usb_programmer_success_is_no_bootloader_speed():
    isp_fail = NANO_115200.replace("-c arduino", "-c stk500v2").replace(
        "stk500_getsync(): not in sync: resp=0x00", "stk500v2_ReceiveMessage(): timeout")
    isp_ok = NANO_57600.replace("-carduino", "-c usbasp")
    assert first(fenced(isp_fail, isp_ok)) != "SER007"


CAN_ONLY_HOST = """\
pi@xxx:~ $ ls /dev/serial/by-id/
ls: cannot access '/dev/serial/by-id/': No such file or directory

pi@xxx:~ $ lsusb
Bus 001 Device 006: ID 05a3:9331 ARC International Camera
Bus 001 Device 004: ID 1d50:606f OpenMoko, Inc.
Bus 001 Device 005: ID 0424:7800 Standard Microsystems Corp.
Bus 001 Device 003: ID 0424:2514 Standard Microsystems Corp. USB 2.0 Hub
Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub

pi@xxx:~ $ ls -l /dev/ttyUSB*
ls: cannot access '/dev/ttyUSB*': No such file or directory
"""


def test_can_adapter_host_without_serial_ports_is_no_fault():
    assert serious(CAN_ONLY_HOST) == []


def test_a_usb_serial_board_listed_keeps_the_missing_by_id_a_question():
    with_ch340 = CAN_ONLY_HOST.replace("Bus 001 Device 005: ID 0424:7800 Standard Microsystems Corp.",
                                       "Bus 001 Device 005: ID 1a86:7523 QinHeng Electronics CH340 serial converter")
    assert serious(with_ch340) != []


def test_both_attempts_quoted_in_one_block():
    post = "I tried everything, here is what I got:\n\n" + "".join(
        "\n".join(f"> {line}" if line else ">" for line in t.splitlines()) + "\n\nand then:\n\n" for t in (NANO_115200, NANO_57600))
    assert first(post) == "SER007"
    assert first(NANO_115200 + "\n" + NANO_57600) == "SER007"  # one block, no fence between the two commands
