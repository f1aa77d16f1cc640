"""Session 25, second wave, area wrappers-healthy: families found by unseen threads (heldout28/wrappers-healthy).

- OpenOCD's reset sequence failed ("timed out while waiting for target halted" then "** Unable to reset target **") in a
  paste that holds no examination lines (west flash, PlatformIO): firmware that sleeps -> SWD004 (zephyr#53437, #50590).
- an upload pointed at /dev/tty (the command's own terminal), which opens and then answers nothing -> SER005
  (arduino-cli#881).
- prose: "to get the board to work, the bootloader option must be set for no bootloader" -> FW001 (HermitCrab#12).

Texts marked "from the source's format" are built from the tools' printf formats, not pasted by anyone.
"""

from __future__ import annotations

from textkit import findings


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def first(text: str) -> str | None:
    got = ids(text)
    return got[0] if got else None


# zephyr#53437 (XNUCLEO-F411RE, west flash with the openocd runner), as pasted
ZEPHYR_RESET = """The bug is easily reproduced by flashing zephyr unto the board once, and then after this, the board is unable to reset.
If the on-board reset button is physically pressed and released with the right timing, the flashing will succeed. If not, it will give the error message:
Error: timed out while waiting for target halted
embedded:startup.tcl:1070: Error: ** Unable to reset target **
"""

# from the source's format: OpenOCD 0.12 target.c / startup.tcl under `program ... verify reset exit`
OPENOCD_PAIR = """Open On-Chip Debugger 0.12.0
Licensed under GNU GPL v2
Info : clock speed 2000 kHz
Info : STLINK V2J39S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.245211
Error: timed out while waiting for target halted
embedded:startup.tcl:1070: Error: ** Unable to reset target **
in procedure 'program'
in procedure 'program_error' called at file "embedded:startup.tcl", line 1131
"""


def test_openocd_reset_halt_failure_is_connect_under_reset():
    assert first(ZEPHYR_RESET) == "SWD004"
    assert first(OPENOCD_PAIR) == "SWD004"


def test_openocd_reset_halt_failure_not_at_low_voltage():
    low = OPENOCD_PAIR.replace("Info : Target voltage: 3.245211", "Info : Target voltage: 0.012345")
    assert first(low) != "SWD004"


def test_openocd_reset_halt_failure_not_when_already_under_reset():
    # from the source's format: with connect_assert_srst configured the reset line is what to check (SWD005), not this row
    under = OPENOCD_PAIR.replace("Info : clock speed 2000 kHz",
                                 "srst_only separate srst_nogate srst_open_drain connect_assert_srst\nInfo : clock speed 2000 kHz")
    assert first(under) != "SWD004"


def test_openocd_halt_timeout_alone_is_not_this_row():
    # the halt time-out without the failed reset (a gdb attach) stays with the other rows
    alone = OPENOCD_PAIR.replace("embedded:startup.tcl:1070: Error: ** Unable to reset target **\n", "")
    assert "SWD004" not in ids(alone)


# arduino-cli#881, trimmed (avrdude 6.3 via arduino-cli on a Raspberry Pi)
AVRDUDE_DEV_TTY = """pi@raspi:~/my_sketch $ arduino-cli upload -v --log-file log.txt -p /dev/tty --fqbn CONTROLLINO_Boards:avr:controllino_maxi_automation
avrdude: Version 6.3-20190619
         Copyright (c) 2000-2005 Brian Dean, http://www.bdmicro.com/
         Copyright (c) 2007-2014 Joerg Wunsch

         System wide configuration file is "/home/pi/.arduino15/packages/arduino/tools/avrdude/6.3.0-arduino17/etc/avrdude.conf"

         Using Port                    : /dev/tty
         Using Programmer              : wiring
         Overriding Baud Rate          : 115200
ioctl("TIOCMGET"): Invalid argument
                                   ioctl("TIOCMGET"): Invalid argument
                                                                      vrdude: stk500v2_ReceiveMessage(): timeout
                                                                                                                vrdude: stk500v2_ReceiveMessage(): timeout
"""


def test_avrdude_on_dev_tty_is_wrong_port():
    assert first(AVRDUDE_DEV_TTY) == "SER005"


def test_avrdude_on_a_real_port_is_not_this_row():
    real = AVRDUDE_DEV_TTY.replace("/dev/tty\n", "/dev/ttyACM0\n").replace("-p /dev/tty ", "-p /dev/ttyACM0 ")
    assert "Using Port                    : /dev/ttyACM0" in real
    assert first(real) != "SER005"


def test_avrdude_success_on_dev_tty_named_port_is_not_judged():
    # from the source's format: a run that verified is not judged by its port name
    # (wrappers review s25) on /dev/tty itself: with /dev/ttyUSB0 the test could not fail
    ok = """avrdude: Version 6.3-20190619
         Using Port                    : /dev/tty
         Using Programmer              : arduino
avrdude: AVR device initialized and ready to accept instructions
avrdude: Device signature = 0x1e950f (probably m328p)
avrdude: 924 bytes of flash written
avrdude: 924 bytes of flash verified

avrdude done.  Thank you.
"""
    assert "SER005" not in ids(ok)


# bigtreetech/HermitCrab#12, as posted
HERMITCRAB = ("The current Klipper menuconfig shows the bootloader option when the current instructions does not show this option. "
              "To get the HC CAN board to work and provide a CAN bus ID, the bootloader option must be set for no bootloader.\n")


def test_prose_offset_had_to_be_no_bootloader_is_fw001():
    assert "FW001" in ids(HERMITCRAB)


def test_prose_offset_question_or_still_failing_is_not_fw001():
    for line in (
        "To get the board to work, does the bootloader option have to be set to no bootloader?\n",
        "To get the board to work the bootloader option must be set for no bootloader, but it still does not connect.\n",
        "If you want to get it working, the bootloader option has to be set to no bootloader.\n",
        "I tried everything. To make it run the offset must be set to no bootloader, tried that too.\n",
    ):
        assert "FW001" not in ids(line), line


# from the source's format: OpenOCD 0.10 target/startup.tcl ocd_process_reset_inner under a direct `-c "reset halt"`
OPENOCD_RESET_HALT = """Open On-Chip Debugger 0.10.0
Info : STLINK v2 JTAG v29 API v2 SWIM v18 VID 0x0483 PID 0x374B
Info : Target voltage: 3.262673
Error: timed out while waiting for target halted
TARGET: stm32f4x.cpu - Not halted
in procedure 'reset'
"""


def test_openocd_direct_reset_halt_not_halted_is_connect_under_reset():
    assert first(OPENOCD_RESET_HALT) == "SWD004"


def test_gdb_helper_not_halted_is_not_a_reset():
    # ST's gdb_helper.tcl raises the same words at a gdb attach, which is no reset sequence
    attach = OPENOCD_RESET_HALT.replace("TARGET: stm32f4x.cpu - Not halted\nin procedure 'reset'\n",
                                        "C:/ST/openocd/st_scripts/gdb_helper.tcl:18: Error: TARGET: stm32f4x.cpu - Not halted\n")
    assert first(attach) != "SWD004"


# --- (wrappers review s25) ---

# STMicroelectronics/OpenOCD#9 (ST's OpenOCD 0.11 fork, Nucleo-H753ZI, a gdb attach), trimmed as pasted: its gdb-attach handler
# raises "TARGET: <t> - Not halted" one line under "Error executing event gdb-attach": no reset sequence ran
ST_GDB_ATTACH = """Open On-Chip Debugger 0.11.0+dev-00438-ga75fc63 (2021-11-03-15:27)
Info : STLINK V3J9M3 (API v3) VID:PID 0483:374E
Info : Target voltage: 3.281275
Info : clock speed 8000 kHz
Info : stlink_dap_op_connect(connect)
Info : SWD DPIDR 0x6ba02477
Info : STM32H753ZITx.cm7: Cortex-M7 r1p1 processor detected
Info : STM32H753ZITx.cm7: target has 8 breakpoints, 4 watchpoints
Info : starting gdb server for STM32H753ZITx.cm7 on 3333
Info : accepting 'gdb' connection on tcp/3333
Error: timed out while waiting for target halted
Error executing event gdb-attach on target STM32H753ZITx.cm7:
TARGET: STM32H753ZITx.cm7 - Not halted
Info : Device: STM32H74x/75x
Info : flash size probed value 2048k
"""


def test_st_fork_gdb_attach_not_halted_is_no_failed_reset():
    said = [f.message for f in findings(ST_GDB_ATTACH)]
    assert not any("reset the target and then could not halt it" in m for m in said), said


def test_reset_halt_retried_and_halted_is_not_this_row():
    # from the source's format (0.10 telnet): the first `reset halt` timed out, the second halted the core
    retried = OPENOCD_RESET_HALT + """> reset halt
target halted due to debug-request, current mode: Thread
xPSR: 0x01000000 pc: 0x08000130 msp: 0x20005000
"""
    assert "SWD004" not in ids(retried)
    # 0.12's form of the halt line
    retried12 = OPENOCD_RESET_HALT + "[stm32f4x.cpu] halted due to debug-request, current mode: Thread\n"
    assert "SWD004" not in ids(retried12)


def test_program_that_finished_after_a_failed_reset_is_not_this_row():
    # from the source's format (0.12 `program`): a first run's reset failed, the next one (same paste) programmed the chip
    ok = OPENOCD_PAIR + """Info : STLINK V2J39S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.245211
** Programming Started **
Info : flash size = 64 KiB
** Programming Finished **
** Resetting Target **
shutdown command invoked
"""
    assert "SWD004" not in ids(ok)


def test_prose_offset_set_as_told_and_still_failing_is_not_fw001():
    for line in (
        "To get the board to work the bootloader option must be set for no bootloader, which I did, but it does not connect.\n",
        "To get it running the bootloader option must be set for no bootloader, but it doesn't work for me.\n",
    ):
        assert "FW001" not in ids(line), line


# from the source's format: esptool 4.x under arduino-cli/PlatformIO with `-p /dev/tty`
ESPTOOL_DEV_TTY = """esptool.py v4.5.1
Serial port /dev/tty
Connecting......................................
A fatal error occurred: Failed to connect to ESP32: No serial data received.
"""


def test_esptool_on_dev_tty_is_wrong_port():
    assert first(ESPTOOL_DEV_TTY) == "SER005"
    assert "SER005" not in ids(ESPTOOL_DEV_TTY.replace("/dev/tty\n", "/dev/ttyUSB0\n"))
