"""The `misc-b` area (session 6): 3D-printer firmware flashing outside Klipper's scripts. OctoPrint's Firmware Updater
plugin, PrusaSlicer's firmware flasher (and its avrdude-slic3r), bossac as Duet and Arduino Due users run it, and what
avrdude reads back from a printer board that is not in a bootloader. Real lines from the threads (and the tools' own
source for the rows) become the events the knowledge reads, and the entries they feed name the cause."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import bossac, octoprint_fwupdater, prusaslicer
from doctor.parsers._messages import TableParser
from textkit import events, first, serious

PARSERS: list[type[TableParser]] = [bossac.BossacParser, prusaslicer.PrusaSlicerParser,
                                    octoprint_fwupdater.OctoPrintFirmwareUpdaterParser]
ROWS = [(cls, row) for cls in PARSERS for row in cls.messages]


@pytest.mark.parametrize(("cls", "row"), [r for r in ROWS if r[1].example], ids=lambda x: getattr(x, "name", None) or x.pattern[:40])
def test_every_row_matches_its_example(cls: type[TableParser], row: Any) -> None:
    assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True))


# --- bossac: where in the transfer it broke --------------------------------------------------------------------------

DUET3_CABLE = """pi@duet3:~ $ ~/BOSSA/bin/bossac -i
Device : ATSAME70x20
Version : v1.2 Jan 6 2016 09:57:32
pi@duet3:~ $ ~/BOSSA/bin/bossac -e -w -v -b /opt/dsf/sd/sys/Duet3Firmware_MB6HC.bin -R
Erase flash
Done in 3.753 seconds
Write 655036 bytes to flash (1280 pages)
[ ] 0% (0/1280 pages)
SAM-BA operation failed"""


def test_sam_ba_operation_failed_after_the_chip_answered_is_the_link() -> None:
    ev = [e for e in events(DUET3_CABLE, "flash", "bossac") if e["kind"] == "flash_write_failed"]
    assert ev and ev[0]["link_lost"]
    assert first(DUET3_CABLE) == "USB003"


def test_sam_ba_operation_failed_mid_write_on_macos_is_the_link() -> None:
    text = """[==                            ] 8% (32/373 pages)
SAM-BA operation failed
write(addr=0x20004034,size=0x1000)
An error occurred while uploading the sketch"""
    assert first(text) == "USB003"


def test_sam_ba_operation_failed_at_once_is_not_called_a_cable() -> None:
    # bossac on a Nano 33 BLE (an nRF52840, no SAM-BA at all): nothing answered before the failure
    text = """% /opt/homebrew/bin/bossac -p /dev/cu.usbmodem21101 -R -e -w -v -b /Users/m/zephyr.bin

SAM-BA operation failed"""
    assert "USB003" not in serious(text)
    assert serious(text)  # still a failure


def test_flash_command_failed_glued_to_the_debug_trace_is_read() -> None:
    text = """$ sudo bossac -e -w -v -b -d -U -p cu.usbmodem144201 ./Duet3Firmware_MB6HC.bin -R
[= ] 6% (68/1110 pages)write(addr=0x20401034,size=0x200)
readWord(addr=0x400e0c08)=0x469c4662Flash command failed"""
    ev = [e for e in events(text, "flash", "bossac") if e["kind"] == "flash_write_failed"]
    assert ev and not ev[0].get("link_lost")
    assert first(text) != "USB003"


def test_a_full_port_path_that_fails_while_the_scan_finds_the_bare_name_is_the_path_form() -> None:
    text = """root@b:~# /usr/bin/bossac -i -p /dev/ttyACM0 -U false -e -w -v -b /tmp/firmware.bin -R
No device found on /dev/ttyACM0
root@b:~# /usr/bin/bossac -i  -U false -e -w -v -b /tmp/firmware.bin -R
Device found on ttyACM0
Erase flash
Verify successful"""
    ev = [e for e in events(text, "flash", "bossac") if e["kind"] == "bootloader_not_found"]
    assert ev and ev[0]["dev_path_doubled"]
    assert first(text) == "SER005"


def test_no_device_found_without_a_scan_stays_a_board_outside_its_bootloader() -> None:
    assert first("No device found on /dev/ttyACM0") == "BOOT001"


def test_the_firmware_updaters_bossac_reason_is_bossacs_line() -> None:
    line = "2018-07-06 08:17:26,280 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. No device found on /dev/ttyACM0."
    ev = [e for e in events(line, "flash", "bossac") if e["kind"] == "bootloader_not_found"]
    assert ev and ev[0]["port"] == "/dev/ttyACM0"


# --- avrdude: what a printer board that is not in a bootloader sends back ---------------------------------------------

def _sync(*resp: str, prefix: str = "avrdude: ") -> str:
    return "\n".join(f"{prefix}stk500_getsync() attempt {i} of 10: not in sync: resp={r}" for i, r in enumerate(resp, 1))


def test_the_boot_line_start_read_after_the_reset_is_a_bootloader_at_another_baud() -> None:
    # OctoPrint Firmware Updater on an Anet 1284p: fixed with -b 57600
    text = "         Using Programmer              : arduino\n" + _sync("0x73", "0x74", "0x61", "0x72", "0x74")
    assert first(text) == "SER007"


def test_echo_lines_read_after_the_reset_are_a_board_without_bootloader() -> None:
    text = _sync("0x65", "0x63", "0x68", "0x6f", "0x3a", "0x53", "0x44", "0x20", "0x63", "0x61")
    assert first(text) == "BOOT001"


def test_a_lone_0x65_is_marlins_echo() -> None:
    assert first("avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x65") == "BOOT001"


def test_a_running_temperature_report_is_a_32_bit_board_avrdude_cannot_flash() -> None:
    # SKR Mini E3 V2 through the Firmware Updater's avrdude method: " T:25.03 /"
    text = "Avrdude says: 'not in sync: resp=0x20\n" + "\n".join(
        f"avrdude: stk500_getsync() attempt {i} of 10: not in sync: resp={r}"
        for i, r in enumerate(["0x54", "0x3a", "0x32", "0x35", "0x2e", "0x30", "0x33", "0x20", "0x2f"], 2))
    assert first(text) == "BOOT006"


def test_no_answer_on_com1_is_not_the_board() -> None:
    text = """avrdude-slic3r -v -p atmega2560 -c wiring -P COM1 -b 115200 -D -U flash:w:0:C:\\fw.hex:i
                Using Port                    : COM1
                Using Programmer              : wiring
                Overriding Baud Rate          : 115200
avrdude-slic3r: stk500v2_recv(): timeout
avrdude-slic3r: stk500v2_getsync(): timeout communicating with programmer
avrdude-slic3r: Could not open port: COM1"""
    assert first(text) == "BOOT006"


def test_the_same_timeout_on_com5_is_not_called_the_wrong_port() -> None:
    text = """         Using Port                    : COM5
         Using Programmer              : wiring
avrdude: stk500v2_getsync(): timeout communicating with programmer"""
    assert first(text) != "BOOT006"


# --- PrusaSlicer's firmware flasher --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Original Prusa MMU 2.0 control device could not be found",                      # Slic3r PE / PrusaSlicer 2.0
    """Flashing Original Prusa Multi Material 2 & 3 Upgrade (bootloader), looking for VID/PID 0x2c99/3 or 0x2c99/4 ...
The Original Prusa Multi Material 2 & 3 Upgrade (bootloader) device was not found.
Original Prusa Multi Material 2 & 3 Upgrade (bootloader) not found""",             # PrusaSlicer 2.7
])
def test_the_mmu_bootloader_window_missed(text: str) -> None:
    ev = [e for e in events(text, "flash", "prusaslicer") if e["kind"] == "bootloader_not_found"]
    assert ev and ev[0]["device"].startswith("Original Prusa")
    assert first(text) == "BOOT008"


def test_a_found_and_flashing_mmu_is_no_failure() -> None:
    text = """Flashing Original Prusa MMU 2.0 Control, looking for VID/PID 0x2c99/3 or 0x2c99/4 ...
Found VID/PID 0x2c99/4 at `/dev/cu.usbmodem145401`, rebooting the device ...
Found VID/PID 0x2c99/3 at `/dev/cu.usbmodem145401`, flashing ..."""
    assert not serious(text)


def test_the_mk3_external_flash_step_is_never_silent() -> None:
    text = "avrdude-slic3r: prusa_init_external_flash(): MK3 printer emitted incorrect start code: `start\\n`"
    ev = [e for e in events(text, "flash", "prusaslicer") if e["kind"] == "external_flash_failed"]
    assert ev and ev[0]["fail"]
    assert serious(text)


# --- OctoPrint's Firmware Updater ----------------------------------------------------------------------------------------

def test_avrdude_returned_code_127_is_a_tool_that_cannot_start() -> None:
    line = "2023-03-19 01:18:20,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Avrdude returned code 127."
    ev = [e for e in events(line, "flash", "octoprint-firmwareupdater") if e["kind"] == "tool_exit"]
    assert ev and ev[0]["code"] == 127 and ev[0]["name"] == "Avrdude"
    assert first(line) == "TOOL001"


def test_avrdude_returned_code_1_alone_is_not_a_missing_tool() -> None:
    line = "2020-04-13 15:34:19,394 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Avrdude returned code 1."
    assert first(line) == "GEN001"


def test_stm32flash_cannot_enter_bootloader_is_the_rom_bootloader_not_answering() -> None:
    text = """2020-12-02 20:31:31,010 - octoprint.plugins.firmwareupdater - INFO - Running '/usr/bin/stm32flash -v -i dtr,-rts,rts,-dtr -g 0x8000000 -w /tmp/tmp037qdizc /dev/ttyACM0' in /usr/bin
2020-12-02 20:31:32,477 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Cannot enter bootloader, check your BOOT0/Reset pins settings and try again."""
    assert [e for e in events(text, "flash", "octoprint-firmwareupdater") if e["kind"] == "rom_no_answer"]
    # (octoprint s9) through a USB-serial bridge the ROM answers once BOOT0 is set (BOOT003); on /dev/ttyACM0, the board's own
    # USB served by its firmware, stm32flash can never reach the ROM's USART bootloader: the wrong tool for the port (BOOT006)
    assert first(text.replace("/dev/ttyACM0", "/dev/ttyUSB0")) == "BOOT003"
    assert first(text) == "BOOT006"


def test_the_plugins_not_in_sync_reason_stays_avrdudes() -> None:
    text = """2020-01-12 11:26:11,287 - octoprint.plugins.firmwareupdater - INFO - Running '/usr/bin/avrdude -v -q -p m1284p -c arduino -P /dev/ttyUSB0 -D -V -U flash:w:/tmp/tmpztFufS:i' in /usr/bin
2020-01-12 11:26:16,696 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Avrdude says: 'not in sync: resp=0x65
avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0x63
avrdude: stk500_getsync() attempt 3 of 10: not in sync: resp=0x68
avrdude: stk500_getsync() attempt 4 of 10: not in sync: resp=0x6f
avrdude: stk500_getsync() attempt 5 of 10: not in sync: resp=0x3a"""
    resp = [e.get("resp") for e in events(text, "avrdude") if e["kind"] == "not_in_sync"]
    assert resp[:2] == ["0x65", "0x63"]
    assert first(text) == "BOOT001"


@pytest.mark.parametrize(("line", "kind"), [
    ("2021-04-27 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Firmware folder path is not writeable: /media/usb", "sd_copy_failed"),
    ("2023-09-20 10:00:00,000 - octoprint.plugins.firmwareupdater - ERROR - Board reset too quickly - firmware could not have updated", "not_applied"),
    ("2024-10-26 22:35:30,621 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Timeout communicating with programmer.", "programmer_timeout"),
])
def test_the_plugins_other_reasons_are_failures(line: str, kind: str) -> None:
    ev = [e for e in events(line, "flash", "octoprint-firmwareupdater") if e["kind"] == kind]
    assert ev and ev[0]["fail"]
    assert serious(line)


def test_a_successful_plugin_run_is_healthy() -> None:
    text = """2022-08-17 11:24:00,420 - octoprint.plugins.firmwareupdater - INFO - Flash method: avrdude
2022-08-17 11:24:00,464 - octoprint.plugins.firmwareupdater - INFO - Firmware update started
2022-08-17 11:24:02,305 - octoprint.plugins.firmwareupdater - INFO - Writing memory...
2022-08-17 11:24:45,243 - octoprint.plugins.firmwareupdater - INFO - Verifying memory...
2022-08-17 11:25:52,714 Flashing successful."""
    assert not serious(text)


# --- Klipper's flash-sdcard.sh: a card that mounted but would not take the file ------------------------------------------

@pytest.mark.parametrize("line", [
    "SD Card Flash Error: Error Uploading Firmware",
    "SD Card Flash Error: Error reading /firmware.bin from SD",
])
def test_a_write_or_read_back_failure_on_a_mounted_card_is_the_card(line: str) -> None:
    assert first(line) == "SD001"


def test_an_fr_code_still_names_the_card_first() -> None:
    text = """OSError: flash_sdcard: failed to mount SD Card, returned FR_NO_FILESYSTEM
SD Card Flash Error: Error Uploading Firmware"""
    assert first(text) == "SD001"


# --- avrdude as the Firmware Updater runs it ------------------------------------------------------------------------------

RAMPS_ARDUINO = """2018-02-04 04:45:18,218 - octoprint.plugins.firmwareupdater - INFO - Running '/usr/bin/avrdude -v -q -p m2560 -c arduino -P /dev/ttyUSB0 -D -U flash:w:/tmp/tmpeu721d:i' in /usr/bin
2018-02-04 04:45:29,394 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Avrdude says: 'not in sync: resp=0x00
avrdude: stk500_getsync() attempt 2 of 10: not in sync: resp=0x00
avrdude: stk500_getsync() attempt 3 of 10: not in sync: resp=0x00"""


def test_the_plugins_quoted_command_line_gives_part_programmer_and_port() -> None:
    from textkit import facts
    run = facts(RAMPS_ARDUINO)["avrdude"]["runs"][0]
    assert (run["part"], run["programmer"], run["device"]) == ("m2560", "arduino", "/dev/ttyUSB0")


def test_stk500v1_to_an_atmega2560_is_the_wrong_protocol() -> None:
    # RAMPS 1.4 through the Firmware Updater: fixed by programmer type wiring
    assert first(RAMPS_ARDUINO) == "BOOT006"


def test_the_same_sync_failure_with_wiring_is_not_called_the_wrong_protocol() -> None:
    assert first(RAMPS_ARDUINO.replace("-c arduino", "-c wiring")) != "BOOT006"
