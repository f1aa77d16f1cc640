"""healthy2 s9: lines of healthy runs that carry a failure word, read from the tools' sources; each test fails without
its row or state.

- klippy.log (Klipper klippy/extras/tmc.py, webhooks.py): "Unable to obtain tmc %s phase" (logging.info: the driver
  is not queried while its motor is disabled) and "webhooks: socket write error %d" (an API client closed its socket)
  are notes of a normal run, not failures to quote (GEN001);
- klippy.log (klippy/serialhdl.py connect_uart/connect_canbus): the connect loop retries for 90 s; its "Timeout on
  connect", "Wait for identify_response" tracebacks ("Serial connection closed") and "Unable to open serial port" that
  the same MCU's identification ("Loaded MCU 'x'") ends in the same session were overcome (a board powered after the
  host); a loop that gave up ("Unable to connect") or a session that ended before the identification keeps them;
- dfu-util 0.9-0.11 (src/dfu_util.c get_utf8_string_descriptor): "Failed to retrieve language identifiers" and its
  siblings only lose a serial string; the rows that know it are written for the message after "dfu-util: ", and the
  splitter asks with the line as printed;
- avrdude (src/stk500.c stk500_getsync): "attempt N of M: not in sync" is a warning per failed attempt; the chip's
  signature or written/verified memory after it in the same run means a later attempt synced (no fault), while an
  exhausted sync (N == M) or a run that ended ("avrdude done") keeps the failure;
- avrdude 7.1+ micronucleus/teensy programmers (src/micronucleus.c, src/teensy.c): "no device found, waiting for
  device to be plugged in ..." is the wait for the board, not a failure.
"""

from __future__ import annotations

from typing import Any

from textkit import facts, kinds, serious

_TRACEBACK = """mcu 'mcu': Wait for identify_response
Traceback (most recent call last):
  File "/home/pi/klipper/klippy/serialhdl.py", line 68, in _get_identify_data
    params = self.send_with_response(msg, 'identify_response')
  File "/home/pi/klipper/klippy/serialhdl.py", line 262, in send_with_response
    return src.get_response([cmd], self.default_cmd_queue)
  File "/home/pi/klipper/klippy/serialhdl.py", line 319, in get_response
    self.serial.raw_send_wait_ack(cmds[-1], minclock, reqclock,
  File "/home/pi/klipper/klippy/serialhdl.py", line 254, in raw_send_wait_ack
    self._error("Serial connection closed")
  File "/home/pi/klipper/klippy/serialhdl.py", line 61, in _error
    raise error(self.warn_prefix + (msg % params))
serialhdl.error: mcu 'mcu': Serial connection closed
mcu 'mcu': Timeout on connect"""

_START = """Starting Klippy...
Args: ['/home/pi/klipper/klippy/klippy.py', '/home/pi/printer_data/config/printer.cfg', '-l', '/home/pi/printer_data/logs/klippy.log']
Git version: 'v0.12.0-302-g87ac6936'
Start printer at Mon Jan  1 10:00:00 2024 (1704103200.0 12.3)
mcu 'mcu': Starting serial connect"""

_IDENTIFIED = """Loaded MCU 'mcu' 120 commands (v0.12.0-302-g87ac6936 / gcc: (15:10.3-2021.07-4) 10.3.1 20210621 (release) binutils: (2.38-4+b1) 2.38)
MCU 'mcu' config: ADC_MAX=4095 CLOCK_FREQ=180000000 MCU=stm32f446xx RECEIVE_WINDOW=192 SERIAL_BAUD=250000
Sending MCU 'mcu' printer configuration...
Configured MCU 'mcu' (1024 moves)"""


def _log_kinds(text: str) -> list[str]:
    snap: dict[str, Any] = facts(text)
    return [e["kind"] for e in ((snap.get("klipper") or {}).get("log") or {}).get("events", [])]


def test_klippy_tmc_phase_and_webhooks_notes_are_no_failure() -> None:
    text = "\n".join((_START, _IDENTIFIED, "Unable to obtain tmc stepper_x phase", "webhooks: socket write error 547945040528",
                      "Exiting (print time 100.000s)"))
    assert serious(text) == []
    # a TMC failure the driver reports in its own words is still one
    assert "GEN001" in serious("\n".join((_START, _IDENTIFIED, "TMC stepper_x failed to init: Unable to read tmc uart 'stepper_x' register IFCNT")))


def test_klippy_connect_retries_the_identification_ended_are_overcome() -> None:
    text = "\n".join((_START, _TRACEBACK, _TRACEBACK, _IDENTIFIED))
    assert "mcu_connect_timeout" not in _log_kinds(text)
    assert "mcu_serial_closed" not in _log_kinds(text)
    assert serious(text) == []


def test_klippy_unable_to_open_port_then_identified_is_overcome() -> None:
    opened = ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00: "
              "[Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00'")
    text = "\n".join((_START, opened, opened, _IDENTIFIED))
    assert serious(text) == []


def test_klippy_connect_loop_that_gave_up_keeps_its_failures() -> None:
    text = "\n".join((_START, _TRACEBACK, "mcu 'mcu': Unable to connect", "Once the underlying issue is corrected, use the",
                      "\"FIRMWARE_RESTART\" command to reset the firmware, reload the", "config, and restart the host software.",
                      "Error configuring printer"))
    assert "mcu_connect_timeout" in _log_kinds(text)
    assert serious(text) != []


def test_klippy_connect_failures_of_an_earlier_session_stand() -> None:
    # the first session ended (a restart) before the MCU answered: a later session's identification does not undo them
    text = "\n".join((_START, _TRACEBACK, "Restarting printer", "Start printer at Mon Jan  1 10:05:00 2024 (1704103500.0 312.3)",
                      "mcu 'mcu': Starting serial connect", _IDENTIFIED))
    assert "mcu_connect_timeout" in _log_kinds(text)


def test_dfu_util_prefixed_string_descriptor_note_is_benign() -> None:
    text = """dfu-util 0.11

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

dfu-util: Failed to retrieve language identifiers
Found DFU: [28e9:0189] ver=0100, devnum=5, cfg=1, intf=0, path="2-1.2", alt=0, name="@Internal Flash  /0x08000000/128*001Kg", serial="UNKNOWN\""""
    assert serious(text) == []
    assert serious(text.replace("dfu-util: Failed to retrieve language identifiers", "dfu-util: Cannot claim interface")) != []


_AVR_RUN = """avrdude: Version 6.3-20190619
         Using Port                    : /dev/ttyUSB0
         Using Programmer              : arduino
         Overriding Baud Rate          : 115200
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00
         AVR Part                      : ATmega328P
avrdude: AVR device initialized and ready to accept instructions

Reading | ################################################## | 100% 0.00s

avrdude: Device signature = 0x1e950f (probably m328p)
avrdude: reading input file "blink.hex"
avrdude: writing flash (924 bytes):

Writing | ################################################## | 100% 0.15s

avrdude: 924 bytes of flash written
avrdude: verifying flash memory against blink.hex:
avrdude: 924 bytes of flash verified

avrdude done.  Thank you."""


def test_avrdude_sync_attempt_then_the_chip_answers_is_retried() -> None:
    assert "sync_retried" in kinds(_AVR_RUN, "avrdude")
    assert "not_in_sync" not in kinds(_AVR_RUN, "avrdude")
    assert serious(_AVR_RUN) == []


def test_avrdude_exhausted_sync_stands_even_before_a_good_run() -> None:
    failed = "avrdude: Version 6.3-20190619\n" + "".join(
        f"avrdude: stk500_recv(): programmer is not responding\navrdude: stk500_getsync() attempt {i} of 10: not in sync: resp=0x00\n"
        for i in range(1, 11)) + "\navrdude done.  Thank you.\n\n"
    assert "not_in_sync" in kinds(failed, "avrdude")
    assert "AVR005" in serious(failed)
    assert "not_in_sync" in kinds(failed + _AVR_RUN.replace("attempt 1 of 10", "attempt 3 of 10"), "avrdude")


def test_avrdude_waiting_for_the_board_is_no_failure() -> None:
    text = """avrdude: no device found, waiting for device to be plugged in ...
avrdude: AVR device initialized and ready to accept instructions
avrdude: device signature = 0x1e930b (probably t85)
avrdude: 652 bytes of flash written

avrdude done.  Thank you."""
    assert serious(text) == []


def test_kernel_dtr_rts_after_the_device_left_is_no_modemmanager() -> None:
    # cdc-acm.c acm_port_dtr_rts(): a program closing the tty of a device that just left the bus (it rebooted into its
    # bootloader for a flash); with no disconnect before it, the line still reports a port that did not answer
    gone = """[  123.456789] usb 1-1.4: USB disconnect, device number 5
[  123.460000] cdc_acm 1-1.4:1.0: failed to set dtr/rts
[  124.100000] usb 1-1.4: new full-speed USB device number 6 using dwc_otg
[  124.250000] usb 1-1.4: New USB device found, idVendor=0483, idProduct=df11, bcdDevice=22.00
[  124.250010] usb 1-1.4: Product: STM32  BOOTLOADER"""
    assert "acm_dtr_rts_after_disconnect" in [e["kind"] for e in facts(gone)["kernel"]["events"]]
    assert serious(gone) == []
    held = """[  123.000000] usb 1-1.4: new full-speed USB device number 5 using dwc_otg
[  123.460000] cdc_acm 1-1.4:1.0: failed to set dtr/rts"""
    assert serious(held) != []


def test_openocd_gdb_unwinding_read_fault_is_no_failure() -> None:
    # arm_adi_v5.c mem_ap_read: GDB reading past an exception frame (EXC_RETURN 0xFFFFFFFx) in a debug session
    session = """Open On-Chip Debugger 0.12.0
Info : Listening on port 3333 for gdb connections
Info : accepting 'gdb' connection on tcp/3333
Info : device id = 0x10016420
Info : flash size = 128kbytes
Error: Failed to read memory at 0xfffffffe
Info : dropped 'gdb' connection"""
    assert serious(session) == []
    # the same fault at a flash address is one
    assert serious(session.replace("0xfffffffe", "0x08001000")) != []


_CUBE = """ST-LINK SN  : 066DFF555185754867103034
ST-LINK FW  : V2J29M18
Board       : NUCLEO-F411RE
Voltage     : 3.25V
SWD freq    : 4000 KHz
Connect mode: Under Reset
Reset mode  : Hardware reset
Device ID   : 0x431
Revision ID : Rev A
Warning: Old ST-LINK firmware version. Upgrade ST-LINK firmware
Device name : STM32F411xC/E
Flash size  : 512 KBytes
Device type : MCU
Device CPU  : Cortex-M4

Memory Programming ...
Opening and parsing file: blink.elf
File download complete
Time elapsed during download operation: 00:00:00.415

Verifying ...
Download verified successfully"""


def test_cubeprogrammer_old_firmware_warning_it_went_past_is_a_note() -> None:
    assert serious(_CUBE) == []
    # refused (CubeProgrammer's error form, nothing read after it): the probe's firmware is the fault
    refused = "\n".join(("ST-LINK SN  : 066DFF555185754867103034", "ST-LINK FW  : V2J29M18",
                         "Error: Old ST-LINK firmware version. Upgrade ST-LINK firmware"))
    assert "SWD009" in serious(refused)


def test_cubeprogrammer_low_power_debug_note_is_no_failure() -> None:
    text = """12:06:46:555 : ST-LINK SN  : 48FF6E066770545657271967
12:06:46:555 : ST-LINK FW  : V2J39S7
12:06:46:576 : Device ID   : 0x410
12:06:46:588 : Debug in Low Power mode is not supported for this device.
12:06:46:589 : Reading data..."""
    assert serious(text) == []


def test_lsusb_verbose_without_root_notes_are_no_failure() -> None:
    # usbutils lsusb.c: -v run as a user cannot open the device; the listing goes on with what the kernel cached
    text = """pi@klipper:~ $ lsusb -v -d 1d50:614e

Bus 001 Device 004: ID 1d50:614e OpenMoko, Inc. stm32f446xx
Couldn't open device, some information will be missing
Device Descriptor:
  bLength                18
  bDescriptorType         1
  bcdUSB               2.00
  idVendor           0x1d50 OpenMoko, Inc.
  idProduct          0x614e
  bcdDevice            1.00
can't get device qualifier: Resource temporarily unavailable
can't get debug descriptor: Resource temporarily unavailable"""
    assert serious(text) == []
    assert serious(text.replace("Couldn't open device, some information will be missing", "Couldn't open device: fatal USB error")) != []


def test_pyocd_unknown_board_id_and_rom_table_notes_are_no_failure() -> None:
    # pyocd board/mbed_board.py and coresight/rom_table.py warn and go on (the target came from -t)
    text = """$ pyocd flash -t stm32f103rc build/app.hex
0000415 W Board ID 0720 is not recognized [mbed_board]
0000532 W Invalid coresight component, cidr=0x0 [rom_table]
0000612 I Loading /home/user/build/app.hex [load_cmd]
[==================================================] 100%
0003221 I Erased 16384 bytes (8 sectors), programmed 15360 bytes (15 pages), skipped 0 bytes (0 pages) at 5.18 kB/s [loader]"""
    assert serious(text) == []
    assert serious(text.replace("Board ID 0720 is not recognized", "Target type stm32f103rc not recognized")) != []


def test_jlink_gdb_server_unwinding_read_is_no_failure() -> None:
    text = """SEGGER J-Link GDB Server V7.88j Command Line Version
Connecting to J-Link...
J-Link is connected.
Firmware: J-Link V11 compiled Jun 26 2023 14:45:21
Checking target voltage...
Target voltage: 3.30 V
Listening on TCP/IP port 2331
Connecting to target...
Connected to target
Waiting for GDB connection...Connected to 127.0.0.1
Reading all registers
WARNING: Failed to read memory @ address 0xFFFFFFFE
Downloading 12288 bytes @ address 0x00000000 - Verified OK
Starting target CPU..."""
    assert serious(text) == []
    assert serious(text.replace("0xFFFFFFFE", "0x00003000")) != []


def test_avrdude_warnings_it_goes_on_after_are_no_failure() -> None:
    # src/pickit5.c, src/stk500v2.c, src/usb_libusb.c: warnings after which the run continues by design
    run = """avrdude: Version 7.3
{line}
avrdude: AVR device initialized and ready to accept instructions
avrdude: 1006 bytes of flash written
avrdude: 1006 bytes of flash verified

avrdude done.  Thank you."""
    for line in ("avrdude warning: failed to set UPDI speed, continuing",
                 "avrdude warning: cannot read silicon revision; is avrdude.conf up to date?",
                 "avrdude warning: SET_IDLE failed"):
        assert serious(run.format(line=line)) == [], line
    assert serious(run.format(line="avrdude error: failed to set UPDI speed")) != []


def test_st_flash_speed_note_is_no_failure() -> None:
    # stlink usb.c (--freq): ILOG "Unable to match requested speed %d kHz, using %d kHz"
    text = """st-flash 1.7.0
2023-01-01T10:00:00 INFO usb.c: Unable to match requested speed 4000 kHz, using 1800 kHz
2023-01-01T10:00:00 INFO common.c: F1xx Medium-density: 20 KiB SRAM, 64 KiB flash in at least 1 KiB pages.
2023-01-01T10:00:00 INFO common_flash.c: Attempting to write 7088 (0x1bb0) bytes to stm32 address: 134217728 (0x8000000)
2023-01-01T10:00:01 INFO common_flash.c: Starting verification of write complete
2023-01-01T10:00:01 INFO common_flash.c: Flash written and verified! jolly good!"""
    assert serious(text) == []
