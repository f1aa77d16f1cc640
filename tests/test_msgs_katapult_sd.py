"""Katapult's flashtool.py and Klipper's SD-card updater (flash-sdcard.sh / spi_flash.py): the message rows,
the facts they give in several wordings, and the advice of the entries these tools feed (issue 15).

Lines are real: from the tools' sources (Katapult scripts/flashtool.py 2023-2025, Klipper scripts/spi_flash/
spi_flash.py and scripts/flash-sdcard.sh) or pasted in public threads. Each test can fail."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import knowledge
from doctor.engine import evaluate
from doctor.parsers import parse_stream
from doctor.parsers.katapult import KatapultParser
from doctor.parsers.sdflash import MESSAGES as SD_ROWS, SdFlashParser


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.splitlines()), "paste")


def sd_run(text: str) -> dict[str, Any]:
    return facts(text)["sdcard"]["runs"][0]


def kinds(run: dict[str, Any]) -> list[str]:
    return [e["kind"] for e in run["events"]]


def entry(fault: str) -> Any:
    return knowledge.get(fault)


def advice(fault: str) -> str:
    e = entry(fault)
    rem = e.remediation
    return "\n".join([e.explanation, rem.get("text", ""), *rem.get("commands", [])])


# --- flash-sdcard.sh / spi_flash.py rows ------------------------------------------------------------------

@pytest.mark.parametrize("row", [r for r in SD_ROWS if r.example], ids=lambda r: r.pattern[:40])
def test_every_sd_row_matches_its_example(row: Any) -> None:
    matched = [r for r, _ in SdFlashParser.table.match(row.example.strip(), all_matches=True)]
    assert row in matched


@pytest.mark.parametrize("row", [r for r in SD_ROWS if r.example and r.strength == "strong" and r.kind and r.kind not in ("sd_invocation", "sd_target")], ids=lambda r: r.pattern[:40])
def test_strong_sd_rows_are_claimed_by_the_sd_parser(row: Any) -> None:
    run = sd_run(row.example)
    assert row.kind in kinds(run)


@pytest.mark.parametrize(
    "line,kind,attr,value",
    [
        ("OSError: flash_sdcard: failed to mount SD Card, returned FR_NO_FILESYSTEM", "sd_fatfs_error", "text", "FR_NO_FILESYSTEM"),
        ("SD Card Flash Error: Failed to mount SD Card: FR_NOT_READY", "sd_fatfs_error", "text", "FR_NOT_READY"),
        ("Unable to find definition for board: btt-skr-2", "sd_board_unknown", "board", "btt-skr-2"),
        ("SD Card Flash Error: Invalid CS Pin: PA4", "sd_board_pins", "text", "Invalid CS Pin"),
        ("SD Card Flash Error: Invalid Software SPI Pins: PC8,PD2", "sd_board_pins", "text", "Invalid Software SPI Pins"),
        ("SD Card Flash Error: MCU Type mismatch: Build MCU = stm32f407xx, Connected MCU = stm32f429xx", "sd_mcu_mismatch", "mcu", "stm32f429xx"),
        ("SD Card Flash Error: Version Mismatch: Got 'v0.9.1-628-gb4fec850-dirty-20210724_232904-fluiddpi...', "
         "expected 'v0.9.1-629-g0075b290-dirty-20210724_233606-fluiddpi...'", "sd_version_mismatch", "expected",
         "v0.9.1-629-g0075b290-dirty-20210724_233606-fluiddpi"),
        ("SD Card Flash Error: Unable to connect to MCU", "sd_connect_failed", None, None),
        ("No device found at '/dev/ttyACM0'", "sd_device_missing", "device", "/dev/ttyACM0"),
        ("No file found at '/home/pi/klipper/out/klipper.bin'", "sd_image_missing", "path", "/home/pi/klipper/out/klipper.bin"),
    ],
)
def test_sd_messages_in_their_wordings(line: str, kind: str, attr: str | None, value: str | None) -> None:
    run = sd_run("Checking FatFS CFFI Build...\n" + line)
    ev = [e for e in run["events"] if e["kind"] == kind]
    assert ev, kinds(run)
    if attr:
        assert ev[0][attr] == value
    assert run["success"] is False


def test_sd_traceback_repeat_is_one_error() -> None:
    text = ("SD Card Flash Error: Version Mismatch: Got 'v0.11.0-105-g1e7057e9...', expected 'v0.11.0-110-gaca0c71a...'\n"
            "Traceback (most recent call last):\n"
            "SPIFlashError: Version Mismatch: Got 'v0.11.0-105-g1e7057e9...', expected 'v0.11.0-110-gaca0c71a...'")
    assert kinds(sd_run(text)).count("sd_version_mismatch") == 1


def test_sd_card_block_and_arguments() -> None:
    text = """pi@fluiddpi:~/klipper $ ./scripts/flash-sdcard.sh -b 250000 /dev/serial/by-id/usb-Klipper_stm32f407xx_2B00-if00 btt-skr-2
Checking FatFS CFFI Build...
Initializing SD Card and Mounting file system...
SD Card Information:
Version: 2.0
SDHC/SDXC: True
Write Protected: False
Sectors: 62333952
capacity: 29.7 GiB
fs_type: FAT32
Uploading Klipper Firmware to SD Card...Done
Firmware Upload Complete: firmware.bin, Size: 22328, Checksum (SHA1): 34545302815A304DC43B8A1AFE60146C95E9E0EB
Firmware Flash Successful"""
    run = sd_run(text)
    assert run["board"] == "btt-skr-2"
    assert run["device"] == "/dev/serial/by-id/usb-Klipper_stm32f407xx_2B00-if00"
    assert run["card"]["fs_type"] == "FAT32" and run["card"]["sdhc"] is True and run["card"]["sectors"] == 62333952
    assert run["card"]["capacity_gib"] == 29.7
    assert run["written"] is True and run["success"] is True and run["verified"] is True


def test_sd_board_list() -> None:
    run = sd_run("Available Boards:\nbtt-skr-2\nbtt-octopus-f446-v1\nmonster8\n")
    assert run["boards"] == ["btt-skr-2", "btt-octopus-f446-v1", "monster8"]


# --- flashtool.py: what a failure belongs to -------------------------------------------------------------

def katapult_runs(text: str) -> list[dict[str, Any]]:
    return facts(text)["katapult"]["runs"]


def test_bare_flash_error_while_writing_is_send_block() -> None:
    # the M8P paste of Katapult issue 128: the traceback was cut after the first line
    run = katapult_runs("Attempting to connect to bootloader\nKatapult Connected\nMCU type: stm32h723xx\n"
                        "Flashing '/home/slacks/klipper/out/klipper.bin'...\n\n[ERROR:root:Flash Error")[-1]
    assert run["failed_command"] == "SEND_BLOCK"


def test_forum_quotes_around_the_flashing_line() -> None:
    run = katapult_runs("Katapult Connected\nFlashing \u2018/home/pi/klipper/out/klipper.bin\u2019\u2026\n[####ERROR:root:Flash Error")[-1]
    assert run["failed_command"] == "SEND_BLOCK"


def test_python_error_in_connect_is_not_a_silent_bootloader() -> None:
    # Katapult issue 159: the reply came, flashtool.py failed to parse it
    text = ("Attempting to connect to bootloader\nERROR:root:Flash Tool Error\nTraceback (most recent call last):\n"
            '  File "/root/CanBoot/scripts/flashtool.py", line 288, in connect_btl\n'
            'ValueError: not enough values to unpack (expected 2, got 1)')
    run = katapult_runs(text)[-1]
    assert run.get("failed_command") != "CONNECT"
    assert run["crashed"].startswith("ValueError")


def test_node_missing_after_jump() -> None:
    run = katapult_runs("Sending bootloader jump command...\nResetting all bootloader node IDs...\nChecking for Katapult nodes...\n"
                        "ERROR:root:Flash Error\nFlashCanError: Unable to find node matching UUID: 28b14df6273c")[-1]
    assert run["failed_command"] == "CONNECT"
    assert [e["uuid"] for e in run["events"] if e["kind"] == "katapult_node_missing"] == ["28b14df6273c"]


def test_node_that_vanished_after_a_completed_flash() -> None:
    text = """pi@mainsail:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -u b07717dda10f -f ~/klipper/out/klipper.bin
Attempting to connect to bootloader
Katapult Connected
Flashing '/home/pi/klipper/out/klipper.bin'...
Write complete: 14 pages
Verification Complete: SHA = 45576FC974FC4F9694A7F32515AC2D497817CA70
Flash Success
pi@mainsail:~ $ python3 ~/katapult/scripts/flashtool.py -i can0 -q
Resetting all bootloader node IDs...
Checking for Katapult nodes...
Query Complete"""
    runs = katapult_runs(text)
    assert runs[0]["vanished_after_flash"] is True
    back = text.replace("Query Complete", "Detected UUID: b07717dda10f, Application: Klipper\nQuery Complete")
    assert "vanished_after_flash" not in katapult_runs(back)[0]


# --- issue 15: the advice of the entries must be right ------------------------------------------------------

def test_kat001_erase_command_is_valid_on_dfu_util_0_9() -> None:
    cmds = entry("KAT001").remediation["commands"]
    erases = [c for c in cmds if "mass-erase" in c]
    assert erases, cmds
    for c in erases:
        assert " -D " in c, f"dfu-util 0.9 rejects :mass-erase:force without -D: {c}"
    assert "0.9" in advice("KAT001")


def test_kat001_says_the_cause_is_unconfirmed() -> None:
    text = advice("KAT001").lower()
    assert "not confirmed" in text
    assert any("issues/149" in link for link in entry("KAT001").links)


def test_boot002_names_the_katapult_versions_that_flash_a_bridge_in_one_step() -> None:
    text = advice("BOOT002")
    assert "v0.0.1-87" in text and "March 2025" in text
    assert "-d /dev/serial/by-id/usb-katapult_" in text  # the way that works with every version


def test_sd001_format_command_warns_and_finds_the_device_first() -> None:
    e = entry("SD001")
    cmds = e.remediation["commands"]
    mkfs = [i for i, c in enumerate(cmds) if "mkfs" in c]
    lsblk = [i for i, c in enumerate(cmds) if c.startswith("lsblk")]
    assert mkfs and lsblk and lsblk[0] < mkfs[0], cmds
    assert "ERASES" in cmds[mkfs[0]]
    assert "ERASES EVERYTHING" in e.remediation["text"]
    assert e.severity == "error"


def test_fw001_offset_comes_from_facts() -> None:
    rem = entry("FW001").remediation
    text = "\n".join([rem["text"], *rem["commands"]])
    assert "Application Start" in text
    assert "CONFIG_LAUNCH_APP_ADDRESS" in text and "CONFIG_FLASH_APPLICATION_ADDRESS" in text
    assert "{bootloader_offset}" not in text  # no placeholder left for a guess


def test_fw001_for_a_node_that_vanished_after_flashing() -> None:
    f = {"katapult": {"runs": [{"tool": "flashtool", "interface": "can", "uuid": "b07717dda10f", "written": True,
                                "success": True, "vanished_after_flash": True, "events": []}]}}
    found = [x.id for x in evaluate(f, knowledge.load())]
    assert found and found[0] == "FW001"


def test_serial_port_messages_are_serial_errors_kinds() -> None:
    # flashtool.py's validate_device block: the port words are serial_errors' table, not a copy of it
    f = facts("Connecting to Serial Device /dev/ttyACM0, baud 250000\n"
              "Serial device /dev/ttyACM0 in use by another program.\nProcess ID: 1234\n"
              "ERROR:root:Flash Tool Error\nFlashError: Serial device /dev/ttyACM0 in use")
    events = [e for r in f["serial"]["runs"] + f["katapult"]["runs"] for e in r["events"]]
    assert {e["kind"] for e in events} >= {"serial_in_use", "katapult_error"}
    assert not any(e["kind"] == "katapult_device_busy" for e in events)
    assert all(e.get("port") == "/dev/ttyACM0" for e in events if e["kind"] == "serial_in_use")
    # inside a Katapult block (a line no other parser takes first) the same table is used
    parser = KatapultParser("paste")
    parser.feed(1, "Connecting to Serial Device /dev/ttyACM0, baud 250000")
    parser.feed(2, "FlashError: No permission to access device /dev/ttyACM0")
    run = parser.finish()["katapult"]["runs"][0]
    assert [e["kind"] for e in run["events"]] == ["serial_permission_denied"]


# --- held-out round (issue 9): the SD card was not applied on the reset; flashtool.py with an empty path ------

_SD_NOT_APPLIED_2021 = """Uploading Klipper Firmware to SD Card...Done
Validating Upload...Done
Firmware Upload Complete: firmware.bin, Size: 22988, Checksum (SHA1): F87FC224CA05640C89A6598423E5F0E9E9CA1793
Attempting MCU Reset...Done
Waiting for device to reconnect....Done
Connecting to MCU...Connected
Verifying Flash...
SD Card Flash Error: Failed to read file FIRMWARE.CUR
Traceback (most recent call last):
  File "/home/pi/klipper/scripts/spi_flash/spi_flash.py", line 1105, in main"""


@pytest.mark.parametrize(
    "tail",
    [
        # spi_flash.py 2021: the unreadable current-firmware file is raised as the error
        "Verifying Flash...\nSD Card Flash Error: Failed to read file FIRMWARE.CUR",
        # board definitions with another file name (current_firmware_path)
        "Verifying Flash...\nSD Card Flash Error: Failed to read file firmware.cur",
        # spi_flash.py 2022 on: the checksum is skipped and the validation fails
        "Verifying Flash...Version unchanged...Checksum skipped...\nSD Card Flash Error: Validation failure.",
        "SPIFlashError: Validation failure.",
    ],
)
def test_sd_card_not_applied_in_both_wordings(tail: str) -> None:
    run = sd_run("Checking FatFS CFFI Build...\nFirmware Upload Complete: firmware.bin, Size: 22988, Checksum (SHA1): F87F\n" + tail)
    assert "sd_not_applied" in kinds(run), kinds(run)
    assert run["written"] is True and run["success"] is False


def test_sd_card_not_applied_is_sd002_not_unexplained() -> None:
    findings = evaluate(facts(_SD_NOT_APPLIED_2021))
    assert findings and findings[0].id == "SD002", [(f.id, f.message) for f in findings]
    assert "FIRMWARE.CUR" in findings[0].message


def test_failed_to_read_file_outside_an_sd_run_is_not_sd() -> None:
    # the words alone are common (a Java or Rust tool): without spi_flash.py around them they are no SD finding
    findings = evaluate(facts("[ WARN] Failed to read file config.properties"))
    assert not any(f.id.startswith("SD") for f in findings)


@pytest.mark.parametrize(
    "line,device,baud",
    [
        ("Connecting to Serial Device /dev/ttyS0, baud 500000", "/dev/ttyS0", "500000"),
        ("Flashing Serial Device /dev/ttyACM0, baud 250000", "/dev/ttyACM0", "250000"),
        ("Connecting to Serial Device /dev/serial/by-id/usb-katapult_rp2040_E6625C48931D7F23-if00", "/dev/serial/by-id/usb-katapult_rp2040_E6625C48931D7F23-if00", None),
        # a wrapper script that found no port calls flashtool.py with an empty -d
        ("Connecting to Serial Device , baud 250000", None, "250000"),
    ],
)
def test_flashtool_serial_target_line(line: str, device: str | None, baud: str | None) -> None:
    row, m = next(iter(KatapultParser.table.match(line)))
    assert row.kind == "katapult_target"
    assert m.group("device") == device
    assert m.group("baud") == baud


PAD7_QUERY_THEN_CONNECT = """biqu@btt-pad7:~/katapult/scripts $ python3 flashtool.py -i can0 -q -v
Resetting all bootloader node IDs...
Checking for Katapult nodes...
Detected UUID: 4220d6e9e9f9, Application: Katapult
Query Complete
biqu@btt-pad7:~/katapult/scripts $ python3 flashtool.py -i can0 -b 1000000 -v -f ~/klipper/out/klipper.bin -u 4220d6e9e9f9
Sending bootloader jump command...
Resetting all bootloader node IDs...
Attempting to connect to bootloader
INFO:root:Response for command CONNECT timed out, 4 tries remaining
INFO:root:Response for command CONNECT timed out, 0 tries remaining
ERROR:root:Flash Error
"""


def test_connect_lost_to_a_node_the_query_listed_in_katapult_is_the_link_not_bootloader_entry() -> None:
    # katapult#114 / Klipper Discourse 14870 (BTT Pad7, MCP2515 can0): the node answered as Katapult, then CONNECT
    # got no answer, so "not in the bootloader" does not fit
    found = [f.id for f in evaluate(facts(PAD7_QUERY_THEN_CONNECT)) if f.severity in ("error", "warning")]
    assert found[0] == "CAN007" and "BOOT001" in found
    # a flash to a UUID no query listed (klipper discourse 12474: two digits missing) stays BOOT001
    typo = PAD7_QUERY_THEN_CONNECT.replace("-u 4220d6e9e9f9", "-u 4220d6e9e9")
    assert [f.id for f in evaluate(facts(typo)) if f.severity in ("error", "warning")][0] == "BOOT001"


def test_katapult_verify_checksum_mismatch_is_katapult_not_the_sd_updater() -> None:
    # flashtool.py verify_file(): "Checksum mismatch: Expected <sha>, Received <sha>"; Klipper's SD updater's own
    # wording is "Checksum Mismatch: Got ..., expected ..."
    text = """Flashing '/home/pi/klipper/out/klipper.bin'...
Write complete: 14 pages
Verifying (block count = 444)...
ERROR:root:Flash Tool Error
Traceback (most recent call last):
  File "/home/pi/katapult/scripts/flashtool.py", line 471, in verify_file
FlashError: Checksum mismatch: Expected 45576FC974FC4F9694A7F32515AC2D497817CA70, Received 0000
"""
    f = facts(text)
    assert "sdcard" not in f
    (run,) = f["katapult"]["runs"]
    assert "katapult_write_error" in kinds(run)
    assert "SD001" not in [x.id for x in evaluate(f)]
    block = facts("ERROR:root:Flash Tool Error\nFlashError: Block Request Error, block: 12\n")["katapult"]["runs"][0]
    assert [e.get("command") for e in block["events"] if e["kind"] == "katapult_write_error"] == ["REQUEST_BLOCK"]
