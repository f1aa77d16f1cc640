"""Session 9, st-community: STM32CubeProgrammer (GUI log, CLI) and ST-LINK Utility messages from ST community, stm32duino
and GitHub threads: option-byte verification of a write/PCROP protection, a target that answers only a Hot Plug connect,
and the UART bootloader's acknowledgement timeouts after the sync was answered. Lines are the tools' own (from the cases
named in the comments); a few are the same formats with one value changed to test a condition."""

from __future__ import annotations

from textkit import events, facts, first, kinds, serious

# ---------------------------------------------------------------------------------------------------------------------
# option bytes: a write/PCROP protection byte that did not change (tests/cases/cubeprogrammer-l433-pcrop-...)

PCROP = """\
18:45:49 : UPLOADING OPTION BYTES DATA ...
18:45:49 : Bank : 0x00
18:45:49 : Address : 0x40022020
18:45:49 : Size : 20 Bytes
18:45:49 : OPTION BYTE PROGRAMMING VERIFICATION:
18:45:49 : Error: Expected value for Option Byte "PCROP1_END": 0x0, found: 0xFF
18:45:49 : Error: Expected value for Option Byte "PCROP1_STRT": 0xFFFF, found: 0xFF
18:45:49 : Error: Option Byte Programming failed Or modified by application after OB_LAUNCH
"""


def test_pcrop_option_byte_unchanged_is_protection() -> None:
    assert kinds(PCROP, "stlink").count("protection_ob_unchanged") == 2
    assert first(PCROP) == "SWD006"


def test_wrp_option_byte_unchanged_is_protection() -> None:
    # qa-community 111224 (Black Pill F411): the WRP lines of the same verification
    text = ('16:26:41:386 : Error: Expected value for Option Byte "WRP0": 0x0, found: 0x1\n'
            "16:26:41:441 : Error: Option Byte Programming failed Or modified by application after OB_LAUNCH\n")
    assert "protection_ob_unchanged" in kinds(text, "stlink")
    assert first(text) == "SWD006"


def test_rdp_raise_refused_is_not_protection() -> None:
    # ST community 724771 (H753): RDP 0 -> 1 refused, the chip reads back level 0: not a protection in the way
    text = 'Error: Expected value for Option Byte "RDP": 0xBB, found: 0xAA\n'
    assert "protection_ob_unchanged" not in kinds(text, "stlink")
    assert first(text) != "SWD006"


def test_rdp_stuck_protected_stays_readout_protected() -> None:
    text = '16:24:25:038 : Error: Expected value for Option Byte "RDP": 0xAA, found: 0xFF\n'
    assert first(text) == "SWD006"


# ---------------------------------------------------------------------------------------------------------------------
# a connect that resets the target fails, a Hot Plug one identifies it (tests/cases/cubeprogrammer-wl55-...)

NORMAL_FAIL = """\
 14:23:09 : ST-LINK SN : 002900213431511631343632
 14:23:09 : ST-LINK FW : V3J10M3
 14:23:09 : Board      : STLINK-V3MINIE
 14:23:09 : Voltage    : 1,78V
 14:23:09 : Error: Cannot connect to access port 1! If you are trying to connect to a device with TrustZone enabled please try to connect with HotPlug mode.
"""

HOTPLUG_OK = """\
 14:19:28 : ST-LINK SN : 002900213431511631343632
 14:19:28 : ST-LINK FW : V3J10M3
 14:19:28 : Board      : STLINK-V3MINIE
 14:19:28 : Voltage    : 1,79V
 14:19:28 : SWD freq   : 1000 KHz
 14:19:28 : Connect mode: Hot Plug
 14:19:28 : Reset mode : Hardware reset
 14:19:28 : Device ID  : 0x497
 14:19:28 : Revision ID : Rev Y
 14:19:28 : UPLOADING ...
 14:19:28 :  Size         : 1024 Bytes
 14:19:28 :  Address      : 0x8000000
 14:19:28 : Read progress:
 14:19:28 : Data read successfully
"""


def test_hot_plug_only_in_one_log_is_reset_held() -> None:
    text = NORMAL_FAIL + HOTPLUG_OK
    runs = facts(text)["stlink"]["runs"]
    assert any(r.get("hot_plug_only") for r in runs)
    assert first(text) == "SWD008"


def test_hot_plug_answered_first_then_normal_fails() -> None:
    assert first(HOTPLUG_OK + NORMAL_FAIL) == "SWD008"


def test_trustzone_part_in_hot_plug_is_not_reset_held() -> None:
    # an STM32U585 (0x482) with TZEN set connects in Hot Plug by design
    text = NORMAL_FAIL + HOTPLUG_OK.replace("Device ID  : 0x497", "Device ID  : 0x482")
    assert "SWD008" not in serious(text)


def test_under_reset_success_is_not_hot_plug() -> None:
    # the reverse (a firmware that answers only under reset) must stay with SWD004's rules
    text = NORMAL_FAIL + HOTPLUG_OK.replace("Connect mode: Hot Plug", "Connect mode: Under Reset")
    assert not any(r.get("hot_plug_only") for r in facts(text)["stlink"]["runs"])
    assert first(text) != "SWD008"


def test_hot_plug_field() -> None:
    runs = facts(HOTPLUG_OK)["stlink"]["runs"]
    assert runs[0].get("hot_plug") is True and runs[0].get("chipid") == "0x0497"


# ---------------------------------------------------------------------------------------------------------------------
# the UART bootloader: timeouts after the sync was answered (tests/cases/cubeprogrammer-uart-mcp2200-bridge-getid-nack)

SYNCED = """\
08:20:49 : Serial Port COM3 is successfully opened.
08:20:49 : Port configuration: parity = even, baudrate = 115200, data-bit = 8, stop-bit = 1.0, flow-control = off
08:20:50 : Activating device: OK
08:20:50 : Chip ID: 0x422
08:20:50 : BootLoader protocol version: 3.1
08:20:50 : Response received from device: NACK
08:20:50 : Error: GETID command not acknowledged!
08:20:50 : Reemission of GetID command
08:20:54 : Timeout error occured while waiting for acknowledgement.
08:20:54 : Error: GETID command not acknowledged!
"""


def test_timeout_after_sync_is_a_link_error_not_boot0() -> None:
    ks = kinds(SYNCED, "flash")
    assert "rom_link_error" in ks and "rom_no_answer" not in ks
    assert first(SYNCED) == "GEN001"


def test_sync_timeouts_then_ok_are_overcome() -> None:
    text = ("15:01:02 : Serial Port COM6 is successfully opened.\n"
            "15:01:04 : Timeout error occured while waiting for acknowledgement.\n"
            "15:01:05 : Activating device: OK\n"
            "15:01:05 : Chip ID: 0x413\n")
    ks = kinds(text, "flash")
    assert "rom_sync_retried" in ks and "rom_no_answer" not in ks
    assert "BOOT003" not in serious(text)


def test_activation_ko_stays_boot0() -> None:
    # ST community 778264 (F103 over UART): no answer to the sync at all
    text = ("14:12:16 : Serial Port COM3 is successfully opened.\n"
            "14:12:16 : Port configuration: parity = even, baudrate = 115200, data-bit = 8, stop-bit = 1.0, flow-control = off\n"
            "14:12:18 : Timeout error occured while waiting for acknowledgement.\n"
            "14:12:18 : Timeout error occured while waiting for acknowledgement.\n"
            "14:12:18 : Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port"
            " configuration. Reset your device then try again...\n")
    assert "rom_no_answer" in kinds(text, "flash")
    assert first(text) == "BOOT003"


def test_nacks_without_sync_in_block_are_not_boot0() -> None:
    # ST community 651146 (F103 over UART): after "Start operation achieved successfully" the GUI's polls get NACKs and
    # timeouts; the download lines between belong to another block, so this block never saw the sync
    text = ("13:11:57 : Error: GETID command not acknowledged!\n"
            "13:11:57 : Reemission of GetID command\n"
            "13:11:58 : Timeout error occured while waiting for acknowledgement.\n"
            "13:11:58 : Error: GETID command not acknowledged!\n")
    ev = events(text, "flash")
    assert not any(e["kind"] == "rom_no_answer" for e in ev)
    assert first(text) != "BOOT003"
