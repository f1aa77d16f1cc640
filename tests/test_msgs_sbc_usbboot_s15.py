"""Session 15, sbc-usbboot: flashing single-board computers and SoCs through their USB recovery (boot ROM) modes.

Families fixed (doctor/parsers/soc_recovery.py, knowledge/devices.toml role soc-recovery): Raspberry Pi rpiboot (a run
that ends "Second stage boot server done" worked, its retried "Failed control transfer" and the optional files it
"Cannot open" are no fault; a first stage then only waiting is GEN001; the rpiboot package's boot files missing is
TOOL001); Rockchip rkdeveloptool/upgrade_tool ("creating comm object failed" as a normal user is USB004, as root it is
not); Allwinner sunxi-fel/xfel and CHIP-tools; NXP uuu (-lsusb with an empty table); Android fastboot/adb ("no
permissions ...; see [URL]"). A recovery-mode tool that finds nothing is BOOT003, USB004 when the text lists the device."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers import parse_stream
from doctor.parsers.soc_recovery import (ANDROID_MESSAGES, ROCKUSB_MESSAGES, RPIBOOT_MESSAGES, SUNXI_MESSAGES, UUU_MESSAGES,
                                         AndroidUsbParser, RockusbParser, RpibootParser, SunxiFelParser, UuuParser)
from tests.textkit import first, kinds, serious

MY_TABLES = [(RpibootParser, RPIBOOT_MESSAGES), (RockusbParser, ROCKUSB_MESSAGES), (SunxiFelParser, SUNXI_MESSAGES),
             (UuuParser, UUU_MESSAGES), (AndroidUsbParser, ANDROID_MESSAGES)]
MY_ROWS = [(cls, row) for cls, rows in MY_TABLES for row in rows]


def _facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "paste")


@pytest.mark.parametrize("cls,row", MY_ROWS, ids=[f"{c.name}-{i}" for i, (c, _r) in enumerate(MY_ROWS)])
def test_rows_match_their_examples_and_strong_ones_start_their_block(cls: Any, row: Any) -> None:
    assert row.example, f"{row.pattern} has no example"
    assert row in [r for r, _ in cls.table.match(row.example.strip(), all_matches=True)], row.example
    if row.strength == "strong":
        blocks = _facts(row.example)["sources"][0]["blocks"]
        assert blocks and blocks[0]["tool"] == cls.name, (row.example, blocks)


@pytest.mark.parametrize("cls,row", [(c, r) for c, r in MY_ROWS if r.kind], ids=lambda x: getattr(x, "pattern", "")[:30])
def test_rows_give_their_kind(cls: Any, row: Any) -> None:
    parser = cls("paste")
    parser.feed(1, row.example)
    assert row.kind in [e["kind"] for e in parser.events] or row.kind == "usb_io_error", row.example


RPIBOOT_OK = """
RPIBOOT: build-date Sep 24 2022 version 20220815~145439 2472aaf9
Waiting for BCM2835/6/7/2711...
Loading embedded: bootcode4.bin
Sending bootcode.bin
Failed control transfer (-1,24)
Failed to write correct length, returned -1
Waiting for BCM2835/6/7/2711...
Loading embedded: bootcode4.bin
Sending bootcode.bin
Successful read 4 bytes
Waiting for BCM2835/6/7/2711...
Loading embedded: bootcode4.bin
Second stage boot server
Cannot open file config.txt
Cannot open file pieeprom.sig
Loading embedded: start4.elf
File read: start4.elf
Second stage boot server done
"""


def test_rpiboot_run_that_ends_done_is_healthy_with_its_retries() -> None:
    assert serious(RPIBOOT_OK) == []


def test_rpiboot_first_stage_then_waiting_is_unexplained() -> None:
    text = RPIBOOT_OK.split("Waiting for BCM2835/6/7/2711...\nLoading embedded: bootcode4.bin\nSecond stage")[0] + "Waiting for BCM2835/6/7/2711...\n"
    assert "second_stage_missing" in kinds(text, "flash")
    assert first(text) == "GEN001"


def test_rpiboot_loop_of_transfer_failures_is_a_failure() -> None:
    text = "Waiting for BCM2835/6/7/2711...\nLoading embedded: bootcode4.bin\nSending bootcode.bin\n" \
           "Failed control transfer (-7,24)\nFailed to write correct length, returned -7\n" * 3
    assert first(text) == "GEN001"


def test_rpiboot_that_never_sees_a_device_is_not_in_usb_boot_mode() -> None:
    text = "RPIBOOT: build-date Dec 16 2022 version 20221215~105525 1afa26c5\nWaiting for BCM2835/6/7/2711...\n"
    assert first(text) == "BOOT003"


def test_rpiboot_permission_message_is_access() -> None:
    assert first("Waiting for BCM2835/6/7/2711...\nPermission to access USB device denied. Make sure you are a member of the plugdev group.\n") == "USB004"


def test_rpiboot_default_directory_not_installed_is_tool_missing() -> None:
    text = ('Directory not specified - trying default /usr/share/rpiboot/mass-storage-gadget64/\n'
            'read_file: Failed to read "2711/bootcode4.bin" from "/usr/share/rpiboot/mass-storage-gadget64/bootfiles.bin" - No such file or directory\n'
            'Loading embedded: bootcode4.bin\nSending bootcode.bin\nSuccessful read 4 bytes\n')
    assert first(text) == "TOOL001"


def test_rkdeveloptool_comm_object_failed_as_user_is_access() -> None:
    text = "./rkdeveloptool rcb\nRead capability quit, creating comm object failed!\n"
    assert first(text) == "USB004"


@pytest.mark.parametrize("cmd", ["#rkdeveloptool db rk3399_loader_spinor_v1.15.114.bin", "$ sudo rkdeveloptool db loader.bin",
                                 "root@host:~# rkdeveloptool db loader.bin"])
def test_rkdeveloptool_comm_object_failed_as_root_is_not_access(cmd: str) -> None:
    text = f"{cmd}\nCreating Comm Object failed !\n"
    assert "USB004" not in serious(text)
    assert first(text) == "GEN001"


def test_rkdeveloptool_maskrom_commands_failing_are_unexplained() -> None:
    text = "./rkdeveloptool ld\nDevNo=1\tVid=0x2207,Pid=0x330c,LocationID=102\tMaskrom\n./rkdeveloptool rd 3\nReset Device failed!\n"
    assert first(text) == "GEN001"


def test_rkdeveloptool_not_found_is_not_in_maskrom() -> None:
    assert first("$ rkdeveloptool ld\nnot found any devices!\n") == "BOOT003"


def test_rkdeveloptool_not_found_with_the_rockchip_device_listed_is_access() -> None:
    text = "$ rkdeveloptool ld\nnot found any devices!\n$ lsusb\nBus 003 Device 006: ID 2207:330c Fuzhou Rockchip Electronics Company\n"
    assert first(text) == "USB004"


def test_sunxi_fel_not_found_alone_is_not_in_fel_mode() -> None:
    assert first("$ sunxi-fel ver\nERROR: Allwinner USB FEL device not found!\n") == "BOOT003"


def test_xfel_not_found_with_fel_device_in_lsusb_is_access() -> None:
    text = ("$ ./xfel version\nERROR: Can't found any FEL device\n\n$ lsusb\n"
            "Bus 002 Device 008: ID 1f3a:efe8 Allwinner Technology sunxi SoC OTG connector in FEL/flashing mode\n")
    assert first(text) == "USB004"


@pytest.mark.parametrize("line", ["ERROR: You don't have permission to access Allwinner USB FEL device",
                                  "libusb_open() ERROR -3: Access denied (insufficient permissions)"])
def test_sunxi_fel_access_wordings(line: str) -> None:
    assert first(line) == "USB004"


def test_sunxi_fel_bulk_timeout_is_unexplained() -> None:
    text = ("./sunxi-fel ver\nAWUSBFEX soc=00001667(A33) 00000001 ver=0001 44 08 scratchpad=00007e00 00000000 00000000\n"
            "./sunxi-fel -v uboot u-boot-sunxi-with-spl.bin\n=> Executing the SPL... done.\nusb_bulk_send() ERROR -7: Operation timed out\n")
    assert first(text) == "GEN001"


def test_chip_tools_sunxi_fel_missing_is_tool_missing() -> None:
    assert first("Error: Unable to locate sunxi-fel utility.\n  Install sunxi-fel with:\n") == "TOOL001"


def test_uuu_lsusb_with_no_device_is_not_in_serial_download() -> None:
    text = ("./uuu -lsusb\nuuu (Universal Update Utility) for nxp imx chips -- lib1.3.124-0-gee3f09a\n\n"
            "Connected Known USB Devices\n        Path     Chip    Pro     Vid     Pid     BcdVersion\n"
            "        ==================================================\n")
    assert first(text) == "BOOT003"


def test_uuu_lsusb_with_a_device_says_nothing() -> None:
    text = ("Connected Known USB Devices\n        Path     Chip    Pro     Vid     Pid     BcdVersion\n"
            "        ==================================================\n        1:1342   MX93    SDPS:   0x1FC9 0x014E   0x0001\n")
    assert serious(text) == []


def test_uuu_try_sudo_is_access() -> None:
    assert first("Success 0    Failure 1\n\n1:3 1/ 2 [Failure open usb device,Try sudo uuu] SDP: boot -f flash.bin\n") == "USB004"


@pytest.mark.parametrize("line", [
    "no permissions (missing udev rules? user is in the plugdev group); see [http://developer.android.com/tools/device.html]  fastboot",
    "no permissions; see [http://developer.android.com/tools/device.html]\t fastboot",
    "1fXXXX9        no permissions; see [http://developer.android.com/tools/device.html]",
    "no permissions (verify udev rules); see [http://developer.android.com/tools/device.html]\tfastboot",
])
def test_fastboot_adb_no_permissions_is_access(line: str) -> None:
    assert first(line) == "USB004"


def test_fastboot_waiting_that_ends_the_paste_is_not_found() -> None:
    assert first("$fastboot oem unlock\n< waiting for any device >\n") == "BOOT003"


def test_fastboot_waiting_then_flashing_is_healthy() -> None:
    text = "< waiting for any device >\nSending 'boot' (32768 KB)                          OKAY [  0.801s]\nFinished. Total time: 1.523s\n"
    assert serious(text) == []


def test_rpiboot_exe_without_d_on_windows_is_not_a_missing_package() -> None:
    text = ("PS C:\\Program Files (x86)\\Raspberry Pi> .\\rpiboot.exe\n"
            "RPIBOOT: build-date Nov 13 2024 version 20240422~085300 e3e0fa29\nWaiting for BCM2835/6/7/2711/2712...\n"
            "2712: Directory not specified using default /usr/share/rpiboot/mass-storage-gadget64/\n"
            'read_file: Failed to read "2712/bootcode5.bin" from "/usr/share/rpiboot/mass-storage-gadget64//bootfiles.bin" - No such file or directory\n'
            "Failed to open bootcode5.bin\n")
    assert "TOOL001" not in serious(text)
    assert first(text) == "GEN001"
    assert first(text.split("\n", 1)[1]) == "TOOL001"  # the same lines from a Linux source build without the package


def test_adb_insufficient_permissions_capitalised_by_a_wrapper() -> None:
    text = ("Error: error: Insufficient permissions for device: user in plugdev group: are your udev rules wrong?\n"
            "See [https://developer.android.com/tools/device.html] for more information\n")
    assert first(text) == "USB004"
