"""Rows and rules of the byid-swd-avr round (session 16): the ST-Link/V1 SCSI backend's numeric libusb codes, st-info's
probe count with no device block, st-info's small chip ids, OpenOCD's refused `flash protect`, BMDA's DPIDR and its
ST-Link "No device connected"."""

from __future__ import annotations

from textkit import facts, first, kinds, serious


def test_stlink_v1_scsi_receiving_failed_minus9_is_a_pipe_stall() -> None:
    text = """\
    2013-07-11T18:18:50 WARN src/stlink-sg.c: Receiving failed: -9
    2013-07-11T18:18:50 INFO src/stlink-common.c: Loading device parameters....
    2013-07-11T18:18:50 WARN src/stlink-common.c: unknown chip id! 0x3744"""
    assert "libusb_pipe" in kinds(text, "stlink")
    assert first(text) == "SWD008"
    # the other wordings of sg.c, and -7 (LIBUSB_ERROR_TIMEOUT)
    assert kinds("WARN sg.c: sending failed: -9", "stlink") == ["libusb_pipe"]
    assert kinds("WARN sg.c: receiving status failed: -9", "stlink") == ["libusb_pipe"]
    assert kinds("WARN sg.c: sending failed: -7", "stlink") == ["usb_timeout"]


def test_st_info_probe_count_without_device_block_then_a_read_under_reset() -> None:
    text = """\
./st-info --probe
Found 1 stlink programmers
./st-info --chipid
./st-info --chipid
0x0437"""
    run = facts(text)["stlink"]["runs"][0]
    assert "chip_id_missing" in kinds(text, "stlink")
    assert run.get("answered_after_failure") is True
    assert first(text) == "SWD004"


def test_st_info_probe_with_its_device_block_is_no_failed_read() -> None:
    text = """\
$ st-info --probe
Found 1 stlink programmers
 serial: 303030303030303030303031
openocd: "\\x30\\x30\\x30\\x30\\x30\\x30\\x30\\x30\\x30\\x30\\x30\\x31"
  flash: 65536 (pagesize: 1024)
   sram: 20480
 chipid: 0x0410
  descr: F1 Medium-density device
$ st-info --chipid
0x0410"""
    assert "chip_id_missing" not in kinds(text, "stlink")
    assert serious(text) == []


def test_st_info_small_chip_id_is_a_sleeping_core_first() -> None:
    text = """\
serial:     303636364646333233383331353234313537313834353437
flash:      0 (pagesize: 0)
sram:       0
chipid:     0x0004"""
    assert first(text) == "SWD004"
    assert "SWD002" in serious(text)


def test_openocd_flash_protect_unsupported() -> None:
    text = """\
Info : STM32L flash size is 64kb, base address is 0x8000000
Error: Flash protection is not supported."""
    assert "protect_unsupported" in kinds(text, "openocd")
    assert first(text) == "SWD006"


def test_bmda_stlink_no_device_connected_after_a_dpidr_is_the_probe() -> None:
    text = """\
Black Magic Debug App v2.0.0-7-gd3fee6fe
 for Black Magic Probe, ST-Link v2 and v3, CMSIS-DAP, J-Link and FTDI (MPSSE)
Using 0483:3748 070517189116303030303032 STMicroelectronics
ST-Link firmware version: V2J37S7
Target voltage: 3.10V
DP DPIDR 0x2ba01477 (v1 rev2) designer 0x43b partno 0xba
No device connected
No device connected
No target found"""
    assert facts(text)["openocd"]["runs"][0].get("chipid") == "0x2ba01477"
    assert first(text) == "SWD008"
    # without the DPIDR read nothing proves the wires: wiring stays first
    bare = """\
Black Magic Debug App v2.0.0-7-gd3fee6fe
Target voltage: 3.10V
No device connected
No target found"""
    assert first(bare) != "SWD008"


def test_st_info_18_probe_block_then_another_command_is_no_failed_read() -> None:
    text = """\
$ st-info --probe
Found 1 stlink programmers
  version:    V2J43S28
  serial:     066BFF485671664867182946
  flash:      131072 (pagesize: 2048)
  sram:       36864
  chipid:     0x0467
  dev-type:   STM32G0Bx_G0Cx
$ st-flash --reset write firmware.bin 0x8000000"""
    assert "chip_id_missing" not in kinds(text, "stlink")
