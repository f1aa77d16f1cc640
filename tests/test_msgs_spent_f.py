"""spent-f, session 10: the held-out set's misses fixed as message families (OpenOCD's J-Link/SVF lines, the 0.4 and
0.7-0.9 wordings of a skipped flash bank and a failed ST-Link attach, a core whose debug units read 0/0, stlink-tools
skipping an ST-Link probe they do not know, the Arduino 1200-bps touch followed by a refused new port, a page write
failing past an AVR's boot-section start). Each test can fail: it checks the row or rule the fix added."""

from __future__ import annotations

from typing import Any

from test_msgs_swd_s6b import STLINK_UTILITY_V3
from textkit import events, facts, findings, first, kinds


def runs(text: str, ns: str) -> list[dict[str, Any]]:
    return facts(text).get(ns, {}).get("runs", [])


def found(text: str) -> list[tuple[str, str]]:
    return [(f.id, f.severity) for f in findings(text)]


# github.com/q3k/chubby75 #43: OpenOCD 0.10 with an old J-Link programming an ECP5 over JTAG from an SVF file
SVF_OK = """
Open On-Chip Debugger 0.10.0
adapter speed: 250 kHz
Info : No device selected, using first device.
Info : J-Link ARM V8 compiled May 27 2009 17:31:22
Info : Hardware version: 8.00
Info : VTarget = 3.319 V
Info : clock speed 250 kHz
Info : JTAG tap: lfe5u25.tap tap/device found: 0x41111043 (mfg: 0x021 (Lattice Semi.), part: 0x1111, ver: 0x4)
Warn : gdb services need one or more targets defined
svf processing file: "top.svf"
Time used: 0m20s782ms
svf file programmed successfully for 620 commands with 0 errors
shutdown command invoked
"""


def test_jlink_first_device_line_and_svf_success_are_healthy() -> None:
    assert "program_finished" in kinds(SVF_OK, "openocd")
    assert runs(SVF_OK, "openocd")[0].get("success") is True
    assert not [f for f in found(SVF_OK) if f[1] in ("error", "warning")]


def test_svf_unsuccessful_is_a_failure() -> None:
    text = "Open On-Chip Debugger 0.11.0\nsvf file programmed unsuccessfully for 620 commands with 3 errors\n"
    assert "program_failed" in kinds(text, "openocd")


# stackoverflow 32445721 (OpenOCD 0.9, STM32F3 Discovery): an ELF (.axf) linked at 0 by another MCU's linker script
AXF_AT_0 = """
Info : STLINK v2 JTAG v21 API v2 SWIM v0 VID 0x0483 PID 0x3748
Info : Target voltage: 2.883108
** Programming Started **
auto erase enabled
Info : device id = 0x10036422
Info : flash size = 256kbytes
Warn : no flash bank found for address 0
Warn : no flash bank found for address 704
wrote 0 bytes from file main.axf in 0.001628s (0.000 KiB/s)
** Programming Finished **
"""


def test_elf_on_no_flash_bank_is_built_for_another_mcu() -> None:
    assert [e.get("file") for e in events(AXF_AT_0, "openocd") if e["kind"] == "nothing_written"] == ["main.axf"]
    assert first(AXF_AT_0) == "FW002"


def test_bin_on_no_flash_bank_is_a_missing_address_not_fw002() -> None:
    text = AXF_AT_0.replace("main.axf", "build/firmware.bin")
    assert first(text) == "GEN001"


def test_openocd_04_no_flash_at_address_wording() -> None:
    text = ("auto erase enabled\nInfo : device id = 0x20036410\nError: No flash at address 0x00000000\n"
            "wrote 0 bytes from file out/app.elf in 0.004079s (0.000 kb/s)\n")
    assert [e.get("address") for e in events(text, "openocd") if e["kind"] == "no_flash_bank"] == ["0x00000000"]
    assert first(text) == "FW002"


# electronics.stackexchange 146505: OpenOCD 0.8/0.9 with an ST-Link/V2 and an Olimex STM32-H103
H103 = """
Info : This adapter doesn't support configurable speed
Info : STLINK v2 JTAG v23 API v2 SWIM v4 VID 0x0483 PID 0x3748
Info : Target voltage: 2.038896
Error: init mode failed
in procedure 'transport'
in procedure 'init'
...
Info : STLINK v2 JTAG v23 API v2 SWIM v4 VID 0x0483 PID 0x3748
Info : Target voltage: 2.054665
Info : stm32f1x.cpu: hardware has 0 breakpoints, 0 watchpoints
> flash probe 0
Cannot identify target as a stm32x
auto_probe failed
"""


def test_bare_init_mode_failed_of_openocd_09() -> None:
    assert "init_mode_failed" in kinds("Error: init mode failed\n", "openocd")
    debug = "Error: 258 47 stlink_usb.c:1779 stlink_usb_open(): init mode failed\n"
    assert "init_mode_failed" in kinds(debug, "openocd")


def test_zero_breakpoints_and_watchpoints_is_no_cortex_m0_and_no_clone() -> None:
    run = runs(H103, "openocd")[0]
    assert run.get("debug_units_zero") is True
    assert not run.get("config_mismatch")
    assert first(H103) == "SWD004"


def test_four_breakpoints_still_read_as_a_small_core() -> None:
    text = "Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748\nInfo : stm32f1x.cpu: hardware has 4 breakpoints, 2 watchpoints\n"
    assert runs(text, "openocd")[0].get("config_mismatch")


# github.com/stlink-org/stlink #1274: stlink-tools 1.7.0 on Windows skipping an STLINK-V3MINIE
V3MINIE = """
st-info --probe
2022-09-30T16:19:57 WARN usb.c: skipping ST device : 0x483:0x3754)
Found 0 stlink programmers
"""


def test_skipped_stlink_probe_pid_is_a_tool_too_old() -> None:
    ids = [i for i, _ in found(V3MINIE)]
    assert ids[0] == "GEN001"
    assert "BOOT006" not in ids and "SWD001" not in ids


def test_skipped_dfu_board_stays_boot006() -> None:
    text = V3MINIE.replace("0x3754", "0xdf11")
    assert first(text) == "BOOT006"


def test_no_probe_at_all_stays_swd001() -> None:
    assert first("st-info --probe\nFound 0 stlink programmers\n") == "SWD001"


# github.com/arduino/Arduino #11797: Arduino IDE 1.8 on Linux, Leonardo, the new ttyACM0 briefly root:root
LEONARDO = """
Forcing reset using 1200bps open/close on port /dev/ttyACM0
PORTS {/dev/ttyACM0, /dev/ttyS0, } / {/dev/ttyS0, } => {}
PORTS {/dev/ttyS0, } / {/dev/ttyACM0, /dev/ttyS0, } => {/dev/ttyACM0, }
Found upload port: /dev/ttyACM0
/usr/bin/avrdude -C/etc/avrdude.conf -v -patmega32u4 -cavr109 -P/dev/ttyACM0 -b57600 -D -Uflash:w:/tmp/build/sketch.ino.hex:i

avrdude: Version 7.0
         Using Port                    : /dev/ttyACM0
         Using Programmer              : avr109
avrdude: ser_open(): can't open device "/dev/ttyACM0": Permission denied
avrdude: opening programmer "avr109" on port "/dev/ttyACM0" failed
"""


def test_denied_after_a_working_touch_is_the_udev_race() -> None:
    ids = [i for i, _ in found(LEONARDO)]
    assert ids[0] == "GEN001", ids
    assert "SER004" not in ids and "BOOT008" not in ids


def test_denied_after_a_failed_touch_stays_the_groups() -> None:
    text = LEONARDO.replace("Found upload port: /dev/ttyACM0\n", "Cannot perform port reset: TOUCH: error during reset: opening port at 1200bps: Permission denied\n")
    assert first(text) == "SER004"


def test_denied_without_a_touch_stays_the_groups() -> None:
    text = 'avrdude: ser_open(): can\'t open device "/dev/ttyACM0": Permission denied\n'
    assert first(text) == "SER004"


# forum.arduino.cc topic 65703: IDE 0022, an Uno whose page writes fail once the sketch passes 0x7000
UNO_28K = """
Binary sketch size: 28676 bytes (of a 32256 byte maximum)

avrdude: stk500_paged_write(): (a) protocol error, expect=0x14, resp=0x54
avrdude: failed to write flash memory, rc=-4
avrdude: stk500_disable(): protocol error, expect=0x14, resp=0x61
"""


def test_page_write_failing_past_the_boot_section_start_is_fw004() -> None:
    assert first(UNO_28K) == "FW004"


def test_page_write_failing_low_in_flash_is_not_fw004() -> None:
    text = UNO_28K.replace("28676", "12000")
    assert first(text) != "FW004"


def test_ram_linked_elf_is_not_fw002() -> None:
    text = AXF_AT_0.replace("address 0\n", "address 0x20000000\n").replace("Warn : no flash bank found for address 704\n", "")
    assert first(text) != "FW002"


# arduino-cli 0.x-1.x (IDE 2) wording of the same sequence (commands/service_upload.go): touch, wait, new port, refusal
IDE2_LEONARDO = """
Performing 1200-bps touch reset on serial port /dev/ttyACM0
Waiting for upload port...
Upload port found on /dev/ttyACM1
"/home/u/.arduino15/packages/arduino/tools/avrdude/6.3.0-arduino17/bin/avrdude" -v -V -patmega32u4 -cavr109 "-P/dev/ttyACM1" -b57600 -D "-Uflash:w:/tmp/sketch.ino.hex:i"
avrdude: Version 6.3-20190619
         Using Port                    : /dev/ttyACM1
         Using Programmer              : avr109
avrdude: ser_open(): can't open device "/dev/ttyACM1": Permission denied
Failed uploading: uploading error: exit status 1
"""


def test_arduino_cli_touch_then_refused_new_port_is_the_udev_race() -> None:
    assert first(IDE2_LEONARDO) == "GEN001"


def test_onboard_probe_failing_in_normal_mode_stays_swd004() -> None:
    # the NUCLEO-H723ZG log of tests/test_msgs_swd_s6b.py (community.st.com 181430), in Normal mode
    text = STLINK_UTILITY_V3.replace("Connect Under Reset.", "Normal.")
    assert first(text) == "SWD004"
