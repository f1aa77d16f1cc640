"""Session 14, vendor-flash-utils: chip vendors' own flashing utilities.

Families fixed: NXP blhost's security refusal (status 10001, "Command disallowed when security is enabled", spsdk's
"Security Violation", get-property 17 "SECURE") and Renesas Flash Programmer's E100000C (serial programming prohibited)
as flash protection; nRF Connect Programmer's "Unsupported device ... neither JLink device nor Nordic USB device" as a
device whose bootloader the Programmer does not speak; RIOT's check_cmd "X is required but not found in PATH",
Nuvoton NuLink's "Failed to Parse the Flash Algorithm" and OpenOCD's missing vendor-only scripts (kitprog3.cfg,
wlink.cfg) as a missing tool; Simplicity Commander's retried "ERROR: DP write failed" followed by "Success after N
attempts" as a healthy run."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

BLHOST_SECURED = """
$ blhost -u -- read-memory 0 32
Inject command 'read-memory'
Response status = 10001 (0x2711) Command disallowed when security is enabled.
Response word 1 = 0 (0x0)
Read 0 of 32 bytes.
"""


def test_blhost_security_violation_is_swd006() -> None:
    assert "flash_protected" in kinds(BLHOST_SECURED, "flash")
    assert first(BLHOST_SECURED) == "SWD006"


def test_blhost_security_violation_other_wordings() -> None:
    spsdk = "blhost -p COM3 -- flash-erase-all\nResponse status = 10001 (0x2711) Security Violation.\n"
    assert first(spsdk) == "SWD006"
    compact = ("blhost.exe --p com47,38400 -- flash-erase-all\nInject command 'flash-erase-all'\n"
               "Response status=10001 <0x2711>Command disallowed when security is enabled\n")
    assert first(compact) == "SWD006"
    json_form = ('blhost -u 0x15A2,0x0073 -j -- flash-erase-all\n{\n"command" : "flash-erase-all",\n"response" : [],\n"status" : {\n'
                 '"description" : "10001 (0x2711) Command disallowed when security is enabled.",\n"value" : 10001\n}\n}\n')
    assert first(json_form) == "SWD006"


def test_blhost_security_state() -> None:
    secure = "blhost -p COM1 -- get-property 17\nPing responded in 1 attempt(s)\nInject command 'get-property'\nFlash Security State = SECURE\n"
    assert first(secure) == "SWD006"
    unsecure = secure.replace("= SECURE", "= UNSECURE")
    assert "SWD006" not in serious(unsecure)


RFP_PROHIBITED = """
Disconnecting the tool
Error(E100000C): A serial programming connection is prohibited for this device. (Command: 00, Response: DC)
Operation failed.
"""


def test_rfp_serial_programming_prohibited_is_swd006() -> None:
    assert [e["kind"] for e in events(RFP_PROHIBITED, "flash", "rfp")] == ["flash_protected"]
    assert first(RFP_PROHIBITED) == "SWD006"
    japanese = RFP_PROHIBITED.replace("Error(E100000C): A serial programming connection is prohibited for this device.",
                                      "エラー(E100000C): このデバイスに対するシリアルプログラミング接続は禁止されています。")
    assert first(japanese) == "SWD006"


def test_rfp_other_error_is_quoted_not_protection() -> None:
    text = "Error(E1000006): A frequency error occurred in the device. (Command: 32, Response: D2)\nOperation failed.\n"
    assert "tool_error" in kinds(text, "flash")
    assert serious(text) == ["GEN001"]


NRFCONNECT_UNSUPPORTED = """
09:33:32.463	Application data folder: C:\\Users\\me\\AppData\\Roaming\\nrfconnect\\pc-nrfconnect-programmer
09:33:32.644	Using nrfjprog library 10.12.1, pc-nrfjprog-js 1.7.6
09:34:12.431	Unsupported device. The detected device could not be recognized as neither JLink device nor Nordic USB device.
"""


def test_nrfconnect_programmer_unsupported_device_is_boot006() -> None:
    assert first(NRFCONNECT_UNSUPPORTED) == "BOOT006"
    assert first("18:19:06.675\tUnsupported device. The detected device could not be recognized as neither JLink device nor Nordic USB device.") == "BOOT006"


def test_riot_check_cmd_is_tool001() -> None:
    debug = ("Debug server program /home/me/ti/uniflash_5.2.0/ccs_base/common/uscif/gdb_agent_console is required but not found in PATH.  Aborting.\n"
             "make: *** [debug-server] Error 1\n")
    assert first(debug) == "TOOL001"
    flash = "\x1b[1;31mFlash program edbg is required but not found in PATH.  Aborting.\x1b[0m\nmake: *** [flash] Error 1\n"
    assert first(flash) == "TOOL001"


NULINK = """
$ NuLink_M2354 -W APROM ./build/bin/bl2.bin 0

>>> ERROR: Failed to Parse the Flash Algorithm!!! <<<

********************    Execute operation ending    ********************
CAxf: open file erro
"""


def test_nulink_flash_algorithm_missing_is_tool001() -> None:
    assert "flash_algorithm_missing" in kinds(NULINK, "flash")
    assert first(NULINK) == "TOOL001"


def test_nulink_other_error_is_gen001() -> None:
    text = "$ NuLink_M2354 -C\n>>> ERROR: Failed to connect to the target!!! <<<\n"
    assert serious(text) == ["GEN001"]


OPENOCD_KITPROG3 = """
Open On-Chip Debugger 0.12.0
Licensed under GNU GPL v2
For bug reports, read
	http://openocd.org/doc/doxygen/bugs.html
openocd.cfg:7: Error: Can't find interface/kitprog3.cfg
in procedure 'script'
at file "embedded:startup.tcl", line 28
"""


def test_openocd_vendor_only_script_is_tool001() -> None:
    assert first(OPENOCD_KITPROG3) == "TOOL001"
    wch = OPENOCD_KITPROG3.replace("interface/kitprog3.cfg", "interface/wlink.cfg")
    assert first(wch) == "TOOL001"


def test_openocd_other_missing_script_is_not_tool001() -> None:
    other = OPENOCD_KITPROG3.replace("interface/kitprog3.cfg", "board/my_custom_board.cfg")
    assert "TOOL001" not in serious(other)


COMMANDER_RECOVER = """
λ commander device recover
Recovering "bricked" device...
Resetting device...
Attempting to connect to DCI...
ERROR: DP write failed
Success after 2 attempts (5 ms)
Running device erase command...
Success after 1 attempts (208 ms)
Resetting device...
DONE
"""


def test_commander_retried_dp_write_is_healthy() -> None:
    evs = events(COMMANDER_RECOVER, "flash", "commander")
    assert [e.get("retried") for e in evs if e["kind"] == "tool_error"] == [True]
    assert serious(COMMANDER_RECOVER) == []


def test_commander_error_without_success_is_a_failure() -> None:
    text = ("commander flash app.hex --device EFR32MG24B210F1536IM48\nERROR: Unable to connect with device with given serial number\n"
            "ERROR: Could not open J-Link connection.\nDONE\n")
    assert serious(text) == ["GEN001"]
