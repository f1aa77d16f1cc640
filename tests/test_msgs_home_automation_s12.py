"""Session 12, home-automation: the flashers of Zigbee radio sticks (cc2538-bsl, universal-silabs-flasher, GCFFlasher)
and zigbee-herdsman's MAC channel access failure, as message tables and rules."""

from __future__ import annotations

import pytest

from doctor.parsers import zigbee_flashers as zf
from textkit import events, first, kinds, serious

TABLES = [(zf.Cc2538BslParser, r) for r in zf.CC2538_MESSAGES] + [(zf.SilabsFlasherParser, r) for r in zf.USF_MESSAGES] \
    + [(zf.GcfFlasherParser, r) for r in zf.GCF_MESSAGES] + [(zf.ZigbeeHerdsmanParser, r) for r in zf.HERDSMAN_MESSAGES]


@pytest.mark.parametrize("parser, row", TABLES, ids=lambda x: getattr(x, "pattern", getattr(x, "name", ""))[:40])
def test_every_row_matches_its_example(parser, row) -> None:  # type: ignore[no-untyped-def]
    assert any(r is row for r, _ in parser.table.match(row.example.strip(), all_matches=True))


SYNCH = """./cc2538-bsl.py -p /dev/ttyUSB0 -evw ~/CC2652RB_coordinator_20211114/CC2652RB_coordinator_20211114.hex
Opening port /dev/ttyUSB0, baud 500000
Reading data from ~/CC2652RB_coordinator_20211114/CC2652RB_coordinator_20211114.hex
Your firmware looks like an Intel Hex file
Connecting to target...
ERROR: Timeout waiting for ACK/NACK after 'Synch (0x55 0x55)'"""


def test_cc2538_bsl_no_synch_is_not_in_bootloader() -> None:
    assert "cc_no_sync" in kinds(SYNCH, "flash")
    assert first(SYNCH) == "BOOT001"


def test_cc2538_bsl_cant_connect_wording_and_traceback_form() -> None:
    assert first("Connecting to target...\nERROR: Can't connect to target. Ensure boot loader is started. (no answer on synch sequence)") == "BOOT001"
    tb = """Traceback (most recent call last):
  File "/home/js/code/cc2538-bsl/cc2538-bsl.py", line 277, in _wait_for_ack
    raise CmdException("Timeout waiting for ACK/NACK after '%s'"
CmdException: Timeout waiting for ACK/NACK after 'Synch (0x55 0x55)'"""
    assert first(tb) == "BOOT001"


def test_cc2538_bsl_a_later_command_timeout_is_not_the_synch() -> None:
    text = """Opening port /dev/ttyUSB0, baud 500000
Connecting to target...
CC1350 PG2.0 (7x7mm): 352KB Flash, 20KB SRAM, CCFG.BL_CONFIG at 0x00057FD8
*** Send Data (0x24)0x0000D710
ERROR: Timeout waiting for ACK/NACK after 'Send data (0x24)'"""
    assert "cc_cmd_timeout" in kinds(text, "flash") and "cc_no_sync" not in kinds(text, "flash")
    assert "BOOT001" not in serious(text)


def test_cc2538_bsl_intelhex_missing_is_tool001() -> None:
    text = """Opening port /dev/tty.usbserial-1410, baud 500000
Reading data from CC26X2R1_20201026.hex
Your firmware looks like an Intel Hex file
ERROR: Firmware is Intel Hex, but the IntelHex library could not be imported.
Install IntelHex in site-packages or program your device with a raw binary (.bin) file."""
    assert first(text) == "TOOL001"


def test_cc2538_bsl_verified_flash_is_healthy() -> None:
    text = """sonoff
Opening port /dev/tty.usbserial-1460, baud 500000
Reading data from ./CC1352P2_CC2652P_launchpad_coordinator_20211217.hex
Your firmware looks like an Intel Hex file
Connecting to target...
CC1350 PG2.0 (7x7mm): 352KB Flash, 20KB SRAM, CCFG.BL_CONFIG at 0x00057FD8
Primary IEEE Address: 00:12:4B:00:24:C1:6E:4E
    Performing mass erase
Erasing all main bank flash sectors
    Erase done
Writing 360448 bytes starting at address 0x00000000
Write 104 bytes at 0x00057F980
    Write done
Verifying by comparing CRC32 calculations.
    Verified (match: 0xba5c19c5)"""
    assert serious(text) == []


USF = """universal-silabs-flasher --device /dev/ttyUSB0 flash --allow-cross-flashing --firmware /data/firmware/NabuCasa_SkyConnect_RCP_v4.3.1_rcp-uart-hw-802154_460800.gbl
2024-04-19 07:42:26.031 oxyhome universal_silabs_flasher.flasher INFO Probing ApplicationType.GECKO_BOOTLOADER at 115200 baud
2024-04-19 07:42:28.036 oxyhome universal_silabs_flasher.flasher INFO Probing ApplicationType.CPC at 460800 baud
2024-04-19 07:42:40.976 oxyhome universal_silabs_flasher.flasher INFO Probing ApplicationType.EZSP at 115200 baud
Error: Failed to probe running application type"""


def test_usf_probe_failed_is_not_in_bootloader() -> None:
    evs = [e for e in events(USF, "flash") if e["kind"] == "usf_probe_failed"]
    assert evs and not evs[0].get("pinned_baud")
    assert first(USF) == "BOOT001"


def test_usf_probe_failed_with_a_pinned_baudrate_is_ser007() -> None:
    text = """$ universal-silabs-flasher --device /dev/ttyACM0 \\
    --baudrate 115200 --bootloader-baudrate 115200 \\
    flash --allow-cross-flashing --firmware NabuCasa_SkyConnect_EZSP_v7.1.4.0_ncp-uart-hw_115200.gbl
2023-02-08 13:17:45 host universal_silabs_flasher.flasher[42821] INFO Probing ApplicationType.GECKO_BOOTLOADER
2023-02-08 13:17:51 host universal_silabs_flasher.flasher[42821] INFO Probing ApplicationType.EZSP
Error: Failed to probe running application type"""
    evs = [e for e in events(text, "flash") if e["kind"] == "usf_probe_failed"]
    assert evs and evs[0]["pinned_baud"] and evs[0]["baud"] == 115200
    assert first(text) == "SER007"


def test_usf_successful_flash_is_healthy() -> None:
    text = """INFO Triggering yellow bootloader
INFO Probing ApplicationType.GECKO_BOOTLOADER at 115200 baud
WARNING No application can be launched
INFO Detected bootloader version '2.4.2'
INFO Detected ApplicationType.GECKO_BOOTLOADER, version '2.4.2' at 115200 baudrate (bootloader baudrate 115200)
yellow_ncp-uart-hw_7.4.2.0.gbl  [####################################]  100%"""
    assert serious(text) == []


@pytest.mark.parametrize("device, fw, wrong", [
    ("reset FTDI DM01H1J8 (dev: 0)", "sudo GCFFlasher_internal -d 0 -f deCONZ_ConBeeII_0x26490700.bin.GCF", True),
    ("reset FTDI DM01H1J8 (dev: 0)", "sudo GCFFlasher_internal -d 0 -f deCONZ_Rpi_0x26330500.bin.GCF", False),
    ("Reboot device /dev/ttyACM0 (ConBee II)", "read file success: deCONZ_ConBeeIII_0x26450900.bin.GCF (174270 bytes)", True),
    ("Reboot device /dev/ttyACM0 (ConBee II)", "sudo GCFFlasher_internal -d /dev/ttyACM0 -t 60 -f deCONZ_ConBeeII_0x26580700.bin.GCF", False),
    ("COM3              | DE2654380   | ConBee III", "read file success: deCONZ_ConBeeII_0x26720700.bin.GCF (164241 bytes)", True),
])
def test_gcfflasher_image_of_another_stick_is_fw002(device: str, fw: str, wrong: bool) -> None:
    text = fw + "\nGCFFlasher V3_03 (c) dresden elektronik ingenieurtechnik gmbh\n" + device + "\nFlash update failed, invalid CRC. Please try again."
    assert ("FW002" in serious(text)) == wrong


@pytest.mark.parametrize("line", [
    "Publish 'set' 'state' to '0x7cb03eaa0a01b20d' failed: 'Error: Data request failed with error: 'MAC channel access failure' (225)'",
    "z2m: Publish 'set' 'state' to 'Lamp' failed: 'Error: Data request failed with error: 'MAC_CHANNEL_ACCESS_FAILURE' (0xe1)'",
])
def test_herdsman_mac_channel_access_failure_is_interference(line: str) -> None:
    assert first(line) == "USB003"
