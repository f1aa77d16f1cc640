"""prusa-sovol, session 8: avrdude 5.x-6.4 safemode's after-write fuse checks (main.c: "<fuse> changed! Was %x, and is
now %x", "Sorry, reading back fuses was unreliable"), OctoPrint Firmware Updater's pop-up copied onto one line
("Flashing failed - bossac returned code 1"), a sandboxed slicer's EPERM on the tty (not the dialout group's EACCES),
and a healthy avrdude read-back. Texts are real pastes (sources in comments)."""

from __future__ import annotations


import pytest

from textkit import events, findings


# forum.prusa3d.com "mmu2 firmware upgrade stuck" (MMU2S from Linux; the same flash worked from Windows)
MMU_STUCK = """
avrdude-slic3r: safemode: efuse reads as FF
avrdude-slic3r: safemode: hfuse changed! Was d8, and is now ff
"""


@pytest.mark.parametrize("line, memory", [
    ("avrdude-slic3r: safemode: hfuse changed! Was d8, and is now ff", "hfuse"),  # forum.prusa3d.com (MMU2S)
    ("avrdude: safemode: lfuse changed! Was ff, and is now 0", "lfuse"),           # avrdude 6.3 main.c format
    ("avrdude: safemode: fuse changed! Was 62, and is now ff", "fuse"),
])
def test_safemode_fuse_changed_is_an_unreliable_read(line: str, memory: str) -> None:
    ev = [e for e in events(line, "avrdude") if e["kind"] == "safemode_unreliable"]
    assert ev and ev[0]["memory"] == memory and ev[0]["fail"]


def test_safemode_reading_back_unreliable() -> None:
    line = "avrdude: safemode: Sorry, reading back fuses was unreliable. I have given up and exited programming mode"
    ev = [e for e in events(line, "avrdude") if e["kind"] == "safemode_unreliable"]
    assert ev and ev[0]["fail"]


def test_mmu_flash_with_fuses_read_as_ff_is_not_silent_and_names_no_cause() -> None:
    fs = findings(MMU_STUCK)
    assert fs and fs[0].id == "GEN001"


@pytest.mark.parametrize("line, name, code", [
    ('"Flashing failed - bossac returned code 1"', "bossac", 1),  # anet3d-forum.de (Arduino Due, OctoPrint pop-up)
    ("Flashing failed: Avrdude returned code 1", "Avrdude", 1),
    ("2022-01-10 06:38:16,849 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Avrdude returned code 1.", "Avrdude", 1),
])
def test_firmwareupdater_tool_exit_in_log_and_popup_forms(line: str, name: str, code: int) -> None:
    ev = [e for e in events(line, "flash") if e["kind"] == "tool_exit"]
    assert ev and ev[0]["name"] == name and ev[0]["code"] == code and ev[0]["fail"]


# github.com/prusa3d/PrusaSlicer/issues/7882: the snap of PrusaSlicer, the user in dialout: EPERM, not EACCES
SNAP_EPERM = """
avrdude-slic3r -v -p atmega2560 -c wiring -P /dev/ttyACM0 -b 115200 -D -U flash:w:0:/home/smichaelsmith/Downloads/prusa3d_fw_MK3S_MK3S+_3_10_1_4697.hex:i

avrdude-slic3r: Version 6.3-20160220-prusa3d, compiled on Jan 30 2022 at 15:49:14
                Using Port                    : /dev/ttyACM0
                Using Programmer              : wiring
                Overriding Baud Rate          : 115200
avrdude-slic3r: ser_open(): can't open device "/dev/ttyACM0": Operation not permitted
avrdude-slic3r: Could not open port: /dev/ttyACM0

avrdude-slic3r done.  Thank you.
"""


def test_eperm_on_the_tty_is_not_the_dialout_group() -> None:
    fs = findings(SNAP_EPERM)
    assert fs and fs[0].id == "GEN001" and "SER004" not in [f.id for f in fs]


def test_eacces_on_the_tty_is_the_dialout_group() -> None:
    fs = findings(SNAP_EPERM.replace("Operation not permitted", "Permission denied"))
    assert fs and fs[0].id == "SER004"


# wiki.hacdcserver.org Lulzbot_TAZ_1.0: RAMBo flash backed up through its bootloader
TAZ_READ = """
$ avrdude -C /etc/avrdude.conf -p m2560 -c wiring -P /dev/TAZ -b 115200 -U flash:r:flash-2019-02-14.hex:i
avrdude: AVR device initialized and ready to accept instructions
Reading | ################################################## | 100% 0.01s
avrdude: Device signature = 0x1e9801 (probably m2560)
avrdude: reading flash memory:
Reading | ################################################## | 100% 33.56s
avrdude: writing output file "flash-2019-02-14.hex"
avrdude: safemode: Fuses OK (E:FD, H:D0, L:FF)
avrdude done.  Thank you.
"""


def test_healthy_read_back_gives_no_error_or_warning() -> None:
    assert not [f for f in findings(TAZ_READ) if f.severity in ("error", "warning")]


# --- Prusa Buddy bootloader error screens (github.com/prusa3d/Prusa-Error-Codes yaml/buddy-error-codes.yaml XX6xx) ---

@pytest.mark.parametrize("line, kind", [
    ("No FW on USB #13604", "buddy_no_fw_on_usb"),  # forum.prusa3d.com "No FW on USB #13604" (MK4)
    ("USB drive not connected! Please insert a USB drive with a valid firmware file.", "buddy_no_fw_on_usb"),
    ("FIRMWARExPRINTER MISMATCH", "buddy_fw_mismatch"),
    ("Firmware/printer types do not match. Make sure you have the right firmware file for your printer model.", "buddy_fw_mismatch"),
    ("File system error! Try a different USB drive or format the drive with FAT32 filesystem (all data will be lost)!",
     "buddy_usb_mount_failed"),
    ("Firmware hash verification failed! Firmware file is damaged.", "buddy_fw_file_invalid"),
    ("IMPOSTER! FAKE SIGNATURE", "buddy_fw_file_invalid"),
    ("Firmware in the internal flash corrupted! Please reflash the firmware.", "buddy_internal_fw"),
])
def test_buddy_bootloader_screens(line: str, kind: str) -> None:
    ev = events(line, "flash")
    assert [e["kind"] for e in ev] == [kind] and ev[0]["fail"]


@pytest.mark.parametrize("text, fid", [
    ("Firmware and hardware versions do not match. Make sure you have the right firmware file for your printer.", "FW002"),
    ("USB FLASH ERROR\nFile system error! Try a different USB drive or format the drive with FAT32 filesystem", "SD001"),
    ("No FW on USB #13604", "GEN001"),
])
def test_buddy_bootloader_screens_diagnosis(text: str, fid: str) -> None:
    fs = findings(text)
    assert fs and fs[0].id == fid


# --- OctoPrint Firmware Updater, methods/avrdude.py: the MMU/CW1 bootloader port did not appear after the 1200-baud reset

def test_firmwareupdater_mmu_reboot_to_bootloader_failed_is_the_missed_window() -> None:
    line = "2021-10-04 11:55:20,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Reboot MMU to bootloader failed."
    ev = [e for e in events(line, "flash") if e["kind"] == "mmu_bootloader_missing"]
    assert ev and ev[0]["name"] == "MMU" and ev[0]["fail"]
    assert findings(line)[0].id == "BOOT008"


def test_firmwareupdater_patching_mmu_file_failed_is_a_failure() -> None:
    line = "2021-10-04 11:55:20,000 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. Patching MMU firmware file failed."
    ev = [e for e in events(line, "flash") if e["kind"] == "flash_failed"]
    assert ev and ev[0]["fail"]


# --- PrusaSlicer 2.x src/slic3r/GUI/FirmwareDialog.cpp --------------------------------------------------------------

def test_prusaslicer_model_mismatch_is_the_wrong_image() -> None:
    text = "This firmware hex file does not match the printer model.\nThe hex file is intended for: MK3S\nPrinter reported: MK3\n"
    ev = [e for e in events(text, "flash") if e["kind"] == "model_mismatch"]
    assert ev and ev[0]["fail"]
    assert findings(text)[0].id == "FW002"


@pytest.mark.parametrize("line", [
    "The Original Prusa Multi Material 2 & 3 Upgrade (bootloader) device could not have been found",  # PrusaSlicer #12187 era
    "Flashing failed: The Original Prusa Multi Material 2 & 3 Upgrade (bootloader) device could not have been found",
])
def test_prusaslicer_bootloader_could_not_have_been_found(line: str) -> None:
    assert [e["kind"] for e in events(line, "flash")] == ["bootloader_not_found"]
    assert findings(line)[0].id == "BOOT008"


def test_prusaslicer_error_accessing_port_is_a_failure() -> None:
    ev = events("Error accessing port at COM3: open: Access is denied.", "flash")
    assert [e["kind"] for e in ev] == ["port_access_failed"] and ev[0]["port"] == "COM3" and ev[0]["fail"]


_MMU_LOG = """Flashing Original Prusa MMU 2.0 Control, looking for VID/PID 0x2c99/3 or 0x2c99/4 ...
Found VID/PID 0x2c99/4 at `/dev/cu.usbmodem1441401`, rebooting the device ...
Found VID/PID 0x2c99/3 at `/dev/cu.usbmodem1441401`, flashing ...
avrdude-slic3r -v -p atmega32u4 -c avr109 -P /dev/cu.usbmodem1441401 -b 57600 -D -U flash:w:0:fw.hex:i
avrdude-slic3r: Version 6.3-20160220-prusa3d, compiled on Sep 16 2019 at 02:08:32
Using Programmer : avr109
Programmer Type : butterfly
Connecting to programmer: avrdude-slic3r: butterfly_recv(): programmer is not responding
"""


def test_a_bootloader_prusaslicer_found_and_flashed_to_is_not_a_missed_bootloader_window() -> None:
    """PrusaSlicer saw the Caterina bootloader (2c99/3) and started avrdude on it: the avr109 silence after that is not
    the 1200-baud entry window missed (BOOT008); with the same avrdude lines alone, BOOT008 still leads."""
    from textkit import first

    assert first(_MMU_LOG) != "BOOT008"
    alone = "\n".join(line for line in _MMU_LOG.splitlines() if not line.startswith(("Found VID/PID", "Flashing Original")))
    assert first(alone) == "BOOT008"
