"""Session 14, ide-debuggers: the connect and flash errors of IDEs and their debug launchers.

Families fixed: VS Code Cortex-Debug's check for the gdb it launches ('GDB executable "X" was not found', 2018-2022 with
the server's name before it), NXP MCUXpresso IDE / LinkServer's connect failures ("Ee(42). Could not connect to core",
"Em(04). Cannot provide power to DAP bus", "Wire Ack Fault - target connected?"), IAR C-SPY's "CPU did not halt" and the
I-jet driver's "Reading CPU status failed", Keil uVision's Build Output verdict
("Target not created.", '"x.axf" - 1 Error(s)', an armcc "Internal fault") and its Flash download's missing image
("*** error 56: cannot open file", "Could not load file '...axf'")."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

CORTEX_DEBUG_OLD = """
OpenOCD GDB executable "arm-none-eabi-gdb" was not found. Please configure "cortex-debug.armToolchainPath" correctly.
"""

CORTEX_DEBUG_NEW = """
GDB executable "C:\\Tools\\arm\\bin\\arm-none-eabi-gdb.exe" was not found.
Please configure "cortex-debug.armToolchainPath" or "cortex-debug.gdbPath" correctly.
"""


def test_cortex_debug_gdb_not_found_is_tool001() -> None:
    for text in (CORTEX_DEBUG_OLD, CORTEX_DEBUG_NEW):
        assert "tool_missing" in kinds(text, "shell")
        assert first(text) == "TOOL001"


LINKSERVER_EE42 = """
Reconnected to existing LinkServer process.
Connecting to probe 1 core 0 (using server started externally) reports:
'Ee(42). Could not connect to core.'
Retrying...
Server OK but no connection to probe 1 core 0 (after 3 attempts) - Ee(42). Could not connect to core.
Failed on connect: Ee(42). Could not connect to core.
No connection to chip's debug port
(100) Target Operation Failed
Unable to perform operation!
Command failed with exit code 1
"""

LINKSERVER_EM04 = """
Probe Firmware: MCU-LINK on-board (r0E2) CMSIS-DAP V2.250 (NXP Semiconductors)
VID:PID: 1FC9:0143
connection failed - Em(04). Cannot provide power to DAP bus... Retrying
Failed on connect: Em(04). Cannot provide power to DAP bus.
Connected&Reset. Was: NotConnected. DpID: 6BA02477. CpuID: 00000000. Info: <None>
Debug protocol: SWD. RTCK: Disabled. Vector catch: Disabled
"""

LPCXPRESSO_OLD = """
02: Failed on connect
Could not connect to core.
Emu(0): Connected&Reset. Was: Not Connected. DpID. CpuID: 000000. Info <None>
"""

WIRE_ACK = """
============= SCRIPT: RT1170_connect_M7_wake_M4.scp =============
RT1170 Connect M7 and Wake M4 Script
DpID = 6BA02477
Error: Wire Ack Fault - target connected?
Error: Wire Ack Fault - target connected?
============= END SCRIPT ========================================
"""


def test_linkserver_connect_failures_are_swd004() -> None:
    for text in (LINKSERVER_EE42, LINKSERVER_EM04, LPCXPRESSO_OLD, WIRE_ACK):
        evs = [e for e in events(text, "stlink") if e["kind"] == "target_connect_failed"]
        assert evs and all(e.get("via") == "linkserver" for e in evs)
        assert first(text) == "SWD004"


def test_linkserver_codes_are_read() -> None:
    codes = {e.get("code") for e in events(LINKSERVER_EE42, "stlink") if e["kind"] == "target_connect_failed"}
    assert 42 in codes


KEIL_BUILD_FAILED = """
Build started: Project: ble_freertos_watch
*** Using Compiler 'V5.06 update 7 (build 960)', folder: 'C:\\Keil_v5\\ARM\\ARMCC\\Bin'
Build target 'ble_freertos_watch'
compiling elk.c...
Internal fault: [0xd365b7:5060960] in js_call_params
Please contact your supplier.
linking...
.\\bin\\ble_freertos_watch.axf: error: L6002U: Could not open file .\\bin\\elk.o: No such file or directory
Finished: 0 information, 0 warning, 0 error and 1 fatal error messages.
".\\bin\\ble_freertos_watch.axf" - 1 Error(s), 0 Warning(s).
Target not created.
Build Time Elapsed:  00:00:04
"""

KEIL_IMAGE_MISSING = """
Load "FreeJoy\\\\FreeJoy.axf"
*** error 56: cannot open file
Error: Flash Download failed  -  Could not load file 'FreeJoy\\FreeJoy.axf'
Flash Load finished at 17:08:24
"""

KEIL_BUILD_OK = """
Build target 'Target 1'
compiling main.c...
linking...
Program Size: Code=1432 RO-data=424 RW-data=12 ZI-data=1636
".\\Objects\\blinky.axf" - 0 Error(s), 0 Warning(s).
Build Time Elapsed:  00:00:02
"""


def test_keil_build_failed_is_fw005() -> None:
    assert "build_error" in kinds(KEIL_BUILD_FAILED, "stlink")
    assert first(KEIL_BUILD_FAILED) == "FW005"


def test_keil_image_missing_is_fw005() -> None:
    evs = [e for e in events(KEIL_IMAGE_MISSING, "stlink") if e["kind"] == "image_missing"]
    assert any(e.get("path") == "FreeJoy\\FreeJoy.axf" for e in evs)
    assert first(KEIL_IMAGE_MISSING) == "FW005"


def test_keil_clean_build_is_quiet() -> None:
    assert "build_error" not in kinds(KEIL_BUILD_OK, "stlink")
    assert serious(KEIL_BUILD_OK) == []


IAR_IJET = """
Wed Oct 16, 2013 08:30:17: Probe: I-jet FW ver 2, HW rev A
Wed Oct 16, 2013 08:30:18: Chain detected: 1 device, total IR length 4. BoardCfg=!Cortex
Wed Oct 16, 2013 08:30:18: Reading CPU status failed
Wed Oct 16, 2013 08:30:18: LowLevelReset(script, delay 200)
"""


def test_iar_cpu_status_and_halt_failures_are_swd004() -> None:
    for text in (IAR_IJET, "Fatal error: CPU did not halt\n"):
        evs = [e for e in events(text, "stlink") if e["kind"] == "target_connect_failed"]
        assert evs and evs[0].get("via") == "iar"
        assert first(text) == "SWD004"
