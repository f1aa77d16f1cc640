"""healthy s7: harmless lines of successful runs that read like failures (each test fails without its row).

- OpenOCD flash/nor/nrf5.c: "Flash protection of this nRF device is not supported" (protect_check on parts without
  BPROT/CLENR0) and, before 491636c8b, "Failed to check chip's write protection" after a successful mass erase;
- J-Link Commander on a host without a display: "JLinkGUIServerExe: cannot connect to X server", Qt's
  "Unable to load library icui18n";
- Zephyr's `west flash` pyocd runner: "hex file (...) does not exist; falling back on .bin";
- STM32CubeProgrammer on TrustZone / multi-core parts: "Connection to AP 0 requested and failed, Connection
  established with AP 1" (a failure that follows still counts).
"""

from __future__ import annotations

from typing import Any

from doctor import engine
from doctor.facts import collapse_repeats, merge, new
from doctor.parsers import parse_stream


def parse(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste.txt")


def findings(text: str) -> list[Any]:
    return engine.evaluate(collapse_repeats(merge(new("analyze"), parse(text))))  # as `doctor analyze` does


def alarms(text: str) -> list[tuple[str, str]]:
    return [(f.id, f.severity) for f in findings(text) if f.severity in ("error", "warning")]


# lists.kde.org openocd-development 2020-03 (OpenOCD dev01138, nRF52 from gdb): the reporter says it works fine
OPENOCD_NRF52_MASS_ERASE = """(gdb) monitor nrf5 mass_erase
Flash protection of this nRF device is not supported
Failed to check chip's write protection
(gdb) monitor flash erase_check 0
successfully checked erase state
Bank is erased
(gdb) monitor program "C:/Users/Kristof/nordic_test/build/myApp.elf"
target halted due to debug-request, current mode: Thread
xPSR: 0x01000000 pc: 0xfffffffe msp: 0xfffffffc
** Programming Started **
Adding extra erase range, 0x0000387c .. 0x00003fff
** Programming Finished **
"""

OPENOCD_NRF_FLASH_INFO = """Open On-Chip Debugger 0.12.0
Info : nRF52840-xxAA(build code: D0) 1024kB Flash, 256kB RAM
Warn : Flash protection of this nRF device is not supported
** Programming Started **
** Programming Finished **
** Verify Started **
** Verified OK **
"""


def test_openocd_nrf5_protection_not_supported_is_harmless() -> None:
    assert alarms(OPENOCD_NRF52_MASS_ERASE) == []
    assert alarms(OPENOCD_NRF_FLASH_INFO) == []


def test_openocd_nrf5_real_failure_still_counts() -> None:
    text = OPENOCD_NRF_FLASH_INFO.replace("** Verified OK **", "Error: checksum mismatch - attempting binary compare\n"
                                          "** Verify Failed **")
    assert alarms(text)


# OpenThread border router guide (EFR32MG12, JLinkExe on a headless Raspberry Pi)
JLINK_HEADLESS = """J-Link>loadfile ./bootloader-storage-internal-single-combined-BRD4166A.s37
Downloading file [./bootloader-storage-internal-single-combined-BRD4166A.s37]...
Unable to load library icui18n "Cannot load library icui18n: (icui18n: cannot open shared object file: No such file or directory)"
JLinkGUIServerExe: cannot connect to X server
J-Link: Flash download: Bank 3 @ 0x0FE10000: 1 range affected (14336 bytes)
J-Link: Flash download: Total: 0.523s (Prepare: 0.190s, Compare: 0.005s, Erase: 0.000s, Program & Verify: 0.270s, Restore: 0.055s)
J-Link: Flash download: Program & Verify speed: 52 KB/s
O.K.
J-Link>
"""


def test_jlink_headless_gui_server_lines_are_harmless() -> None:
    assert alarms(JLINK_HEADLESS) == []


def test_jlink_headless_lines_do_not_hide_a_failed_connect() -> None:
    text = """SEGGER J-Link Commander V7.94e (Compiled Jan 15 2024 15:19:18)
JLinkGUIServerExe: cannot connect to X server
Connecting to target via SWD
Cannot connect to target.
"""
    assert alarms(text)


# Zephyr getting-started notes: west flash with the pyocd runner, no .hex built
WEST_PYOCD_BIN = """-- west flash: rebuilding
ninja: no work to do.
-- west flash: using runner pyocd
WARNING: runners.pyocd: hex file (/home/linux/zephyrproject/zephyr/build/zephyr/zephyr.hex) does not exist; falling back on .bin (/home/linux/zephyrproject/zephyr/build/zephyr/zephyr.bin). Consider enabling CONFIG_BUILD_OUTPUT_HEX.
-- runners.pyocd: Flashing file: /home/linux/zephyrproject/zephyr/build/zephyr/zephyr.bin
[====================] 100%
0002238:INFO:loader:Erased 0 bytes (0 sectors), programmed 0 bytes (0 pages), skipped 16384 bytes (4 pages) at 19.10 kB/s
"""


def test_west_pyocd_hex_fallback_is_harmless() -> None:
    assert alarms(WEST_PYOCD_BIN) == []


# STM32CubeProgrammer on an STM32H563 (ST-LINK V3): a note, then the session goes on
CUBEPROG_AP1 = """ST-LINK SN  : 0026002C3235511137333439
ST-LINK FW  : V3J17M11
Board       : NUCLEO-H563ZI
Voltage     : 3.27V
Warning: Connection to AP 0 requested and failed, Connection established with AP 1
Device name : STM32H5xx
Device CPU  : Cortex-M33
Flash size  : 2 MBytes
"""


def test_cubeprog_connection_on_another_ap_is_harmless() -> None:
    assert alarms(CUBEPROG_AP1) == []


def test_cubeprog_failure_after_ap_note_still_counts() -> None:
    # tinyuf2 STM32C5 notes: an old CubeProgrammer cannot identify the part after the AP note
    text = """Cannot connect to access port 0
Warning: Connection to AP 0 requested and Failed, Connection established with AP 1
Error: Unable to read device id from ROM table
Error: Cannot identify the device
"""
    assert alarms(text)


# Keebio Iris rev4 notes (qmk_firmware 0.9.5 make ...:flash, dfu-programmer 0.6-era output): the make target waits for
# the bootloader, the author presses reset, "Validating..." on its own line and "N bytes used" only after the read-back
QMK_09_LOOP_THEN_OK = """dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again in 5s.
dfu-programmer: no device present.
ERROR: Bootloader not found. Trying again in 5s.
Bootloader Version: 0x00 (0)
Validating...
27000 bytes used (94.17%)
"""


def test_dfu_programmer_06_bytes_used_is_a_validated_flash() -> None:
    assert "flash_validated" in [e["kind"] for r in parse(QMK_09_LOOP_THEN_OK)["dfu"]["runs"] for e in r["events"]]
    assert alarms(QMK_09_LOOP_THEN_OK) == []


def test_dfu_programmer_loop_without_success_still_fails() -> None:
    text = "\n".join(QMK_09_LOOP_THEN_OK.splitlines()[:4]) + "\n"
    assert alarms(text)


def test_dfu_programmer_06_validation_mismatch_is_a_failure() -> None:
    text = """Bootloader Version: 0x00 (0)
Validating...
Flash did not validate. Did you erase first?
"""
    assert "dfu_write_failed" in [e["kind"] for r in parse(text)["dfu"]["runs"] for e in r["events"]]
    assert alarms(text)


# MicroPython on a LOLIN S2 Mini (esptool.py v4.6.2): the ESP32-S2 ROM lacks GET_SECURITY_INFO, esptool falls back
ESPTOOL_S2_DETECTION_FALLBACK = """$ esptool.py -p /dev/ttyACM1 --after no_reset chip_id
esptool.py v4.6.2
Serial port /dev/ttyACM1
Connecting...
Detecting chip type... Unsupported detection protocol, switching and trying again...
Detecting chip type... ESP32-S2
Chip is ESP32-S2FNR2 (revision v0.0)
Crystal is 40MHz
MAC: 48:27:e2:5d:fb:36
Uploading stub...
Running stub...
Stub running...
Warning: ESP32-S2 has no Chip ID. Reading MAC instead.
MAC: 48:27:e2:5d:fb:36
Staying in bootloader.
"""


def test_esptool_detection_protocol_fallback_is_harmless() -> None:
    assert alarms(ESPTOOL_S2_DETECTION_FALLBACK) == []


# pico-swift-display README: OpenOCD's telnet console, IPv6 refused, IPv4 connected, program ... verify
OPENOCD_TELNET_PROGRAM = """$ telnet localhost 4444
Trying ::1...
telnet: connect to address ::1: Connection refused
Trying 127.0.0.1...
Connected to localhost.
Escape character is '^]'.
Open On-Chip Debugger
> program build/pico-swift-display.elf verify
** Programming Started **
keep_alive() was not invoked in the 1000 ms timelimit. GDB alive packet not sent! (8905 ms). Workaround: increase "set remotetimeout" in GDB
** Programming Finished **
** Verify Started **
** Verified OK **
"""


def test_telnet_refusal_of_one_address_is_harmless() -> None:
    assert alarms(OPENOCD_TELNET_PROGRAM) == []


def test_telnet_that_reaches_no_address_still_fails() -> None:
    text = """$ telnet localhost 4444
Trying ::1...
telnet: connect to address ::1: Connection refused
Trying 127.0.0.1...
telnet: connect to address 127.0.0.1: Connection refused
telnet: Unable to connect to remote host: Connection refused
"""
    assert alarms(text)
