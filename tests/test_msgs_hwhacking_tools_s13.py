"""Rows and rules of the hwhacking-tools helper (session 13): rfcat's bootloader tool (YARD Stick One), cfloader (Crazyflie),
ChipWhisperer's naeusb and firmware update, systemd-udevd ignoring a rule's group, SDCC's compiler diagnostics."""

from __future__ import annotations

import pytest

from doctor.parsers import cfloader, chipwhisperer, rfcat, udev_rules
from doctor.parsers._messages import Msg
from tests.textkit import events, facts, first, kinds, serious


_TABLES = ((rfcat.MESSAGES, rfcat.RfcatParser), (cfloader.MESSAGES, cfloader.CfloaderParser),
           (chipwhisperer.MESSAGES, chipwhisperer.ChipWhispererParser), (udev_rules.MESSAGES, udev_rules.UdevRulesParser))


@pytest.mark.parametrize("row,parser", [(r, p) for rows, p in _TABLES for r in rows], ids=lambda x: getattr(x, "example", "")[:60])
def test_every_row_example_gives_its_kind(row: Msg, parser: type) -> None:
    snap = facts(row.example)
    assert [r for r in (snap.get("flash") or {}).get("runs", []) if r.get("tool") == parser.name], row.example
    if row.kind:
        assert events(snap, "flash", parser.name)[0]["kind"] == row.kind


# --- rfcat (atlas0fd00m/rfcat CC-Bootloader/rfcat_bootloader) ---------------------------------------------------------------


def test_rfcat_bootloader_bare_retry_line_is_udev_rule_not_modemmanager() -> None:
    text = ("Something is talking to the RfCat dongle (Modem Manager, most likely).  Retrying again after 5 seconds.  "
            "This can take a minute, please be patient.\n")
    assert "rfcat_bl_port_retry" in kinds(text, "flash")
    assert first(text) == "USB004"
    assert "SER002" not in serious(text)


def test_rfcat_bootloader_retry_with_pyserial_errno_2_is_the_missing_path() -> None:
    text = ("Something is talking to the RfCat dongle (Modem Manager, most likely).  Retrying again after 5 seconds.  This can "
            "take a minute, please be patient.  (error: SerialException(2, \"could not open port /dev/RFCAT_BL_YS1: [Errno 2] "
            "No such file or directory: '/dev/RFCAT_BL_YS1'\"))\n")
    assert "rfcat_bl_port_retry" not in kinds(text, "flash")
    assert first(text) == "SER005"


def test_rfcat_bootloader_healthy_download_has_no_finding() -> None:
    text = ("rfcat_bootloader /dev/RFCAT_BL_YS1 erase_all\nRC = 0 (OK)\n"
            "rfcat_bootloader /dev/RFCAT_BL_YS1 download bins/RfCatYS1CCBootloader.hex\n"
            "Writing :0614000002148B024B3FB9  RC = 0 (OK)\nWriting :01140B0032AE  RC = 0 (OK)\n"
            "Skipping non data record: ':00000001FF'\n")
    assert serious(text) == []


def test_rfcat_bootloader_write_refused_is_a_failure() -> None:
    text = "Writing :0600000002017B02140363 RC = 3(Bad Address)\nError downloading code!\n"
    assert {"rfcat_bl_write_failed", "rfcat_bl_failed"} <= set(kinds(text, "flash"))
    assert serious(text)


# --- cfloader (bitcraze/crazyflie-clients-python src/cfloader, crazyflie-lib-python cflib/bootloader) ----------------------


@pytest.mark.parametrize("line", ["Cannot connect the bootloader!", "Failed to warmboot",
                                  "Failed to flash: Could not connect to bootloader"])
def test_cfloader_no_bootloader_answer_is_not_in_bootloader(line: str) -> None:
    text = f"python3 -m cfloader flash cf2.bin stm32-fw\nRestart the Crazyflie you want to bootload in the next\n 10 seconds ...\n{line}\n"
    assert "bootloader_no_answer" in kinds(text, "flash")
    assert first(text) == "BOOT001"


def test_cfloader_under_make_cload_is_not_in_bootloader() -> None:
    text = ("python3 -m cfloader  flash  cf2.bin stm32-fw\nRestart the Crazyflie you want to bootload in the next\n 10 seconds ...\n"
            "Cannot connect the bootloader!\nMakefile:411: recipe for target 'cload' failed\nmake: *** [cload] Error 255\n")
    assert first(text) == "BOOT001"


def test_cfloader_image_missing_is_fw005() -> None:
    text = ("python3 -m cfloader flash cf2.bin stm32-fw\n"
            "Could not open file 'cf2.bin': [Errno 2] No such file or directory: 'cf2.bin'\n")
    assert first(text) == "FW005"


def test_cfloader_healthy_flash_has_no_finding() -> None:
    text = ("python3 -m cfloader flash cf2.bin stm32-fw -w radio://0/80/2M/E7E7E7E7E7\nReset to bootloader mode ...\n"
            "Connected to bootloader on Crazyflie 2.1 (version=0x10)\nReset in firmware mode ...\n")
    assert serious(text) == []


# --- SDCC (src/SDCCerr.c): compile errors of an 8051 firmware build ------------------------------------------------------------


def test_sdcc_error_in_make_is_build_failure() -> None:
    text = ("==RfCatYS1CCBootloader.hex building==\n"
            "sdcc -Iinclude -DBUILD_VERSION=`../revision.sh` --xram-loc 0xF000  --code-loc 0x1400 appFHSSNIC.c chipcon_usb.rel\n"
            "tee: .revision: Permission denied\n"
            "appFHSSNIC.c:1371: error 4: 'fopen' failed on file 'appFHSSNIC.asm'\n"
            "Makefile:98: recipe for target 'RfCatYS1CCBootloader.hex' failed\n"
            "make: *** [RfCatYS1CCBootloader.hex] Error 1\n")
    assert first(text) == "FW005"


@pytest.mark.parametrize("line", ["chipcon_dma.c:27: error 226: no type specifier for 'dma_channels'",
                                  "main.c(12) : error 20: Undefined identifier 'x'",
                                  "at 1: error 119: don't know what to do with file 'foo.x'. file extension unsupported"])
def test_sdcc_error_forms_are_build_errors(line: str) -> None:
    assert first(line + "\n") == "FW005"


def test_sdcc_warnings_alone_are_no_failure() -> None:
    text = ("sdcc -Iinclude -DYARDSTICKONE -DCC1111 -DUSBDEVICE -c chipcon_usb.c\n"
            "chipcon_usb.c:680: warning 110: conditional flow changed by optimizer: so said EVELYN the modified DOG\n"
            "chipcon_usb.c:1328: warning 230: label without statement\n"
            "global.c:36: warning 94: comparison is always true due to limited range of data type\n")
    assert serious(text) == []


# --- ChipWhisperer (newaetech/chipwhisperer naeusb.py, ChipWhispererSAM3Update.py) ----------------------------------------------


def test_chipwhisperer_found_but_unreachable_is_usb_permission() -> None:
    for text in ("Unable to communicate with found ChipWhisperer. Check that another process isn't connected to it and that you "
                 "have permission to communicate with it.\n",
                 "OSError: Unable to communicate with found ChipWhisperer. Check that \n"
                 "another process isn't connected to it and that you have permission to communicate with it.\n"):
        assert "cw_open_failed" in kinds(text, "flash")
        assert first(text) == "USB004", text


def test_chipwhisperer_not_found_stays_unexplained() -> None:
    text = "OSError: USB Device not found. Did you connect it first?\n"
    assert "cw_not_found" in kinds(text, "flash")
    assert first(text) == "GEN001"


def test_chipwhisperer_healthy_firmware_update_has_no_finding() -> None:
    text = ("Entering bootloader mode...\nDetected com port /dev/ttyACM0\nLoading cwlite firmware...\nOpened!\nConnecting...\n"
            "Connected!\nErasing...\nErased!\nProgramming file SAM3U_CW1173.bin...\nProgrammed!\nVerifying...\nVerify OK!\n"
            "Resetting...\nUpgrade successful\n")
    assert serious(text) == []


# --- systemd-udevd (src/udev/udev-rules.c rule_resolve_group) ------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "systemd-udevd[252]: /etc/udev/rules.d/99-newae.rules:5 Unknown group 'plugdev', ignoring",
    'Nov 08 10:12:01 arch systemd-udevd[312]: /etc/udev/rules.d/50-newae.rules:3 Unknown group "chipwhisperer", ignoring.',
    "/etc/udev/rules.d/20-rfcat.rules:5 Unknown group \"dialout\", ignoring.",
])
def test_udev_unknown_group_is_usb_permission(line: str) -> None:
    assert "udev_rule_name_unknown" in kinds(line + "\n", "flash")
    assert first(line + "\n") == "USB004"


def test_udev_default_rules_group_is_no_tool_permission() -> None:
    text = "systemd-udevd[88]: /usr/lib/udev/rules.d/50-udev-default.rules:51 Unknown group 'xgrp', ignoring.\n"
    assert "USB004" not in serious(text)
