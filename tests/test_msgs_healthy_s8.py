"""healthy-misc s8: rows and rules of the misc flashers' families (probe-rs, bossac, picotool, nrfutil, teensy_loader_cli,
wizio-pico) and the benign OpenOCD debug echo; each test fails without its row or rule.

- probe-rs 0.2x-0.3x on Linux: the io::Error "Permission denied (os error 13)" under "Failed to open the debug probe", and
  ProbeCreationError::NotFound ("Probe was not found.", probe-rs src/probe.rs: "This can be due to permissions") after the
  lister had seen the probe: USB004 (udev), not SWD001;
- bossac (BOSSA 1.3a-1.9 Samba::connect): "No device found on =COM3" (getopt kept the '=' of -p=COM3) is a malformed port
  (SER005); with -d, a port that opened always printed "Send auto-baud"/"Set binary mode" first, so none printed means the
  open failed (Windows: a program holds the COM port, SER003); "SAM-BA operation failed" right after the chip id, before
  any erase or write, is no broken link (USB003 wants the transfer started);
- OpenOCD -d3 script_debug() echoes each command ("command - shutdown ocd_shutdown"): the words are the command, not a result;
- picotool "ERROR: Could not open '<file>'" and nrfutil's missing unpacked_zip/manifest.json: the image given (FW005);
- wizio-pico "WARNING No Pico drive to deploy." then [SUCCESS]: nothing was written, never silence;
- teensy_loader_cli 'Device is in use by "dummy" driver' (libusb-compat's name, the Linux back end built on macOS): not USB004;
- probe-rs: its own WAIT retries are no verdict (SWD004 wants the final failure), and its WARN-level log lines are not
  failures (a core found in lock-up, an NXP FlexSPI block it cannot check: it went on and flashed).
"""

from __future__ import annotations

import pytest

from doctor.parsers import bossac, nrfutil, openocd, picotool, platformio, probe_rs, teensy
from textkit import events, first, serious

PROBE_RS_PERMISSION = """Error: Failed to open the debug probe.

Caused by:
    0: USB Communication Error
    1: error while opening the USB device: Permission denied (os error 13)"""

PROBE_RS_030_PERMISSION = """WARN probe_rs::probe::list::linux: Make sure you have reloaded udev rules after setting everything up
 WARN probe_rs::probe::list::linux: Read more under https://probe.rs/docs/getting-started/probe-setup/
Error: Failed to open probe: Failed to open the debug probe.

Caused by:
    0: The debug probe could not be created.
    1: A USB error occurred.
    2: Permission denied (os error 13)"""

PROBE_RS_NOT_FOUND_ON_OPEN = """Error: Failed to open the debug probe.

Caused by:
    0: Probe could not be created
    1: Probe was not found."""


@pytest.mark.parametrize("text", [PROBE_RS_PERMISSION, PROBE_RS_030_PERMISSION])
def test_probe_rs_usb_permission_denied_is_udev(text: str) -> None:
    assert "usb_access_denied" in [e["kind"] for e in events(text, "openocd")]
    assert first(text) == "USB004"


def test_probe_rs_listed_probe_not_found_on_open_is_access() -> None:
    assert first(PROBE_RS_NOT_FOUND_ON_OPEN) == "USB004"
    # an empty list is another matter: no probe at all
    assert first("$ probe-rs info\nError: No probe was found.") != "USB004"


def test_probe_rs_outdated_probe_firmware_stays_swd009() -> None:
    text = PROBE_RS_NOT_FOUND_ON_OPEN.replace("1: Probe was not found.", "1: The firmware on the probe is outdated, and not supported by probe-rs.")
    assert first(text) == "SWD009"


def test_bossac_port_with_getopt_equals_is_malformed() -> None:
    text = 'C:\\Users\\u>"C:\\Program Files (x86)\\BOSSA\\bossac.exe" -p=Com3\nNo device found on =Com3'
    ev = [e for e in events(text, "flash", "bossac") if e["kind"] == "bootloader_not_found"]
    assert ev and ev[0].get("reason") == "malformed_port"
    assert first(text) == "SER005"
    assert first('"C:\\Program Files (x86)\\BOSSA\\bossac.exe" -p COM3\nNo device found on COM3') == "BOOT001"


CMD = '"%programfiles(x86)%\\BOSSA\\bossac" --port=COM3 -d -e -w -v -b Duet3Firmware_MB6HC.bin -R'


def test_bossac_debug_without_handshake_is_a_port_it_could_not_open() -> None:
    assert first(f"{CMD}\nNo device found on COM3") == "SER003"


@pytest.mark.parametrize("middle", ["Send auto-baud\nSet binary mode\n", "Set binary mode\n"])
def test_bossac_debug_with_handshake_opened_the_port(middle: str) -> None:
    assert first(f"{CMD}\n{middle}No device found on COM3") == "BOOT001"
    # stdout (handshake) after stderr (the verdict) in a captured paste
    assert first(f"{CMD}\nNo device found on COM3\n{middle}") == "BOOT001"


def test_bossac_debug_without_handshake_after_a_1200_touch_is_not_busy() -> None:
    text = f"Forcing reset using 1200bps open/close on port COM3\n{CMD}\nNo device found on COM3"
    assert first(text) != "SER003"


def test_bossac_sam_ba_failure_before_any_transfer_is_no_broken_link() -> None:
    early = "Uploading .pioenvs\\sodaq_autonomo\\firmware.bin\n \nSAM-BA operation failed\nAtmel SMART device 0x10010000 found\n*** [upload] Error 1"
    assert first(early) != "USB003"
    during = "bossac -e -w -v -b fw.bin -R\nErase flash\nDone in 3.753 seconds\nWrite 655036 bytes to flash (1280 pages)\n[ ] 0% (0/1280 pages)\nSAM-BA operation failed"
    assert first(during) == "USB003"


def test_openocd_debug_command_echo_is_not_a_failure() -> None:
    text = """User : 29351 21254 command.c:763 jim_echo(): ** Verified OK **
Debug: 29352 21254 command.c:145 script_debug(): command - ocd_command ocd_command type ocd_shutdown
Debug: 29353 21255 command.c:145 script_debug(): command - shutdown ocd_shutdown
User : 29358 21256 server.c:588 handle_shutdown_command(): shutdown command invoked"""
    assert serious(text) == []


def test_picotool_could_not_open_the_image() -> None:
    text = "$ picotool load build/test_project.elf -fx\n\nERROR: Could not open 'build/test_project.elf'"
    assert "image_missing" in [e["kind"] for e in events(text, "flash", "picotool")]
    assert first(text) == "FW005"


def test_nrfutil_zip_without_manifest_is_no_dfu_package() -> None:
    text = """Traceback (most recent call last):
  File "__main__.py", line 290, in serial
  File "dfu\\dfu.py", line 66, in __init__
  File "dfu\\package.py", line 364, in unpack_package
FileNotFoundError: [Errno 2] No such file or directory: 'C:\\\\Users\\\\J\\\\AppData\\\\Local\\\\Temp\\\\nrf_dfu_djy9e8ah\\\\unpacked_zip\\\\manifest.json'"""
    assert "image_missing" in [e["kind"] for e in events(text, "flash")]
    assert first(text) == "FW005"
    # Python 2's wording of the same
    assert first("IOError: [Errno 2] No such file or directory: '/tmp/nrf_dfu_x1/unpacked_zip/manifest.json'") == "FW005"


def test_wizio_pico_no_drive_is_not_silent() -> None:
    text = """Uploading...
  Converting to UF2 ( 0x10000000 )
  Wrote 86528 bytes to C:/p/.pio/build/raspberry-pi-pico\\APPLICATION.uf2
  WARNING No Pico drive to deploy.
  DONE
========================= [SUCCESS] Took 4.24 seconds ========================="""
    assert serious(text) == ["GEN001"]


def test_teensy_dummy_driver_is_a_wrong_build_not_permissions() -> None:
    assert "USB004" not in serious('Device is in use by "dummy" driver')
    assert serious('Device is in use by "dummy" driver') == ["GEN001"]
    assert first('Teensy Loader, Command Line, Version 2.2\nDevice is in use by "usbhid" driver') == "USB004"


def test_probe_rs_retried_wait_alone_is_no_verdict() -> None:
    text = """$ probe-rs run --chip STM32C071RB fw
 WARN probe_rs::probe::stlink: send_jtag_command 242 failed: SwdDpWait
 WARN probe_rs::probe::stlink: got SwdDpWait/SwdApWait, retrying.
 WARN probe_rs::probe::stlink: send_jtag_command 242 failed: SwdApWait"""
    assert serious(text) == []
    # the driver giving up is the verdict
    assert first(text + "\nError: An error with the usage of the probe occurred\n\nCaused by:\n    1: Command failed with status SwdDpWait") == "SWD004"


def test_probe_rs_warn_lines_are_not_failures() -> None:
    text = """ WARN probe_rs::architecture::arm::core::armv8m: The core is in locked up status as a result of an unrecoverable exception
 WARN probe_rs::vendor::nxp::sequences::nxp_armv8m: FlexSPI0 NOR flash config block starts with 0x00000001 (valid blocks start with 0x42464346)
  Programming ✔ [00:00:06] [####] 22.00 KiB/22.00 KiB @ 3.42 KiB/s (eta 0s )    Finished in 6.9505053s"""
    assert serious(text) == []


@pytest.mark.parametrize("cls", [bossac.BossacParser, nrfutil.NrfutilParser, openocd.OpenocdParser, picotool.PicotoolParser,
                                 platformio.PlatformioParser, probe_rs.ProbeRsParser, teensy.TeensyParser])
def test_rows_match_their_examples(cls: type) -> None:
    for row in cls.messages:
        if row.example:
            assert any(r is row for r, _ in cls.table.match(row.example.strip(), all_matches=True)), row.pattern
