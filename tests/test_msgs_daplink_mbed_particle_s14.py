"""Session 14, daplink-mbed-particle: boards flashed through DAPLink's drive or a vendor bootloader, Mbed CLI, Particle.

Families fixed: DAPLink's flash-decoder FAIL.TXT lines (drag-n-drop/flash_decoder.c: an application image refused on the
MAINTENANCE drive, BOOT006; an image the board's incompatible-image check refuses, FW002); a DAPLink interface firmware file
(<version>_<hic>_<board>_0x8000.bin) named beside a target error: it went to the target instead of the MAINTENANCE drive
(BOOT006); DETAILS.TXT's settings lines ("Overflow detection: 0") are no failure; Mbed OS tools' "Could not find executable
for <toolchain>" (TOOL001); particle-usb's "Unable to open USB device" (USB004); OpenOCD 0.7-0.9's "Cannot find jlink
Interface!" (no J-Link opened); pyOCD's pywinusb open timeout (the probe held by another program)."""

from __future__ import annotations

import pytest

from tests.textkit import events, first, kinds, serious

DETAILS = """
# DAPLink Firmware - see https://daplink.io
Build ID: v0257-beta1 (gcc)
Unique ID: 9904360258994e45001290120000005c000000009796990b
HIC ID: 9796990b
Auto Reset: 1
Automation allowed: 1
Overflow detection: 0
Incompatible image detection: 1
Page erasing: 0
Daplink Mode: Interface
Interface Version: 0257
Bootloader Version: 0255
Git SHA: 6ff1ee547b47c2da1a8ba291f1b8475aa874d2f5
Local Mods: 0
USB Interfaces: MSD, CDC, HID, WebUSB
Bootloader CRC: 0x828c6069
Interface CRC: 0x6804f20e
Remount count: 6
URL: https://microbit.org/device/?id=9904&v=0257
"""


def test_details_txt_is_healthy() -> None:
    assert serious(DETAILS) == []


def test_details_txt_after_a_pyocd_load_is_healthy() -> None:
    text = """
$ pyocd load -u 9904360258994e45001290120000005c000000009796990b CALL_ME_MICROBIT.hex
0009404:INFO:load_cmd:Loading CALL_ME_MICROBIT.hex
[==================================================] 100%
0032812:INFO:loader:Erased 463872 bytes (114 sectors), programmed 463872 bytes (114 pages), skipped 0 bytes (0 pages) at 19.73 kB/s
""" + DETAILS
    assert serious(text) == []


@pytest.mark.parametrize("line", [
    "error: The starting address for the interface update is wrong.",
    "The starting address for the interface update is wrong.",
])
def test_interface_update_address_is_wrong_mode(line: str) -> None:
    assert "daplink_wrong_mode" in kinds(line, "openocd")
    assert first(line + "\ntype: user") == "BOOT006"


@pytest.mark.parametrize("line", [
    "error: The application image is not compatible with the target.",
    "error: The starting address for the bootloader update is wrong.",
])
def test_incompatible_image_is_fw002(line: str) -> None:
    assert "daplink_incompatible_image" in kinds(line, "openocd")
    assert first(line + "\ntype: user") == "FW002"


def test_interface_firmware_sent_to_the_target() -> None:
    text = """
fail.txt
error: The interface firmware FAILED to uninitialize the target MCU
type: target
firmware name: 0254_k20dx_frdmkl25z_0x8000.bin
"""
    assert first(text) == "BOOT006"


def test_interface_firmware_name_on_the_error_line() -> None:
    text = "error: The interface firmware FAILED to uninitialize the target MCU type: targetfirmware name: 0254_k20dx_frdmkl25z_0x8000.bin"
    ev = [e for e in events(text, "openocd") if e["kind"] == "daplink_error"]
    assert ev and ev[0]["image"] == "0254_k20dx_frdmkl25z_0x8000.bin"
    assert first(text) == "BOOT006"


def test_target_error_without_an_interface_image_is_not_boot006() -> None:
    text = "error: Flash algorithm write command FAILURE\ntype: target"
    assert first(text) != "BOOT006"


@pytest.mark.parametrize(("text", "name"), [
    ("make.py: error: Could not find executable for GCC_ARM.\nCurrently set search path: No path set", "GCC_ARM"),
    ("Could not find executable for ARMC5.\nCurrently set search path: /Users/user/Documents/MBED_LIBS/GCC/bin/", "ARMC5"),
    ("test.py: error: Could not find executable for ARM.\nCurrently set search path: No path set", "ARM"),
])
def test_mbed_toolchain_missing(text: str, name: str) -> None:
    ev = [e for e in events(text, "shell") if e["kind"] == "tool_missing"]
    assert ev and ev[0]["name"] == name
    assert first(text) == "TOOL001"


def test_particle_usb_open_failed() -> None:
    text = """
PS C:\\Users\\me> particle usb dfu
Unable to open USB device
"""
    assert "usb_open_failed" in kinds(text, "dfu")
    assert first(text) == "USB004"


def test_particle_usb_open_failed_with_libusb_cause() -> None:
    assert first("Unable to open USB device: LIBUSB_ERROR_NOT_FOUND") == "USB004"


def test_particle_reconnect_failed_is_a_failure() -> None:
    text = """
PS C:\\Users\\me> particle update
Updating argon e00fce681885451c74454197 to latest Device OS version
[██████████████░░░░░░░░░░░] 57% | Flash failed.
Unable to reconnect to the device. Try again or run particle update to repair the device
"""
    assert "reconnect_failed" in kinds(text, "dfu")
    assert serious(text)


def test_openocd_09_jlink_not_found() -> None:
    text = """
Open On-Chip Debugger 0.9.0 (2015-05-19-12:06)
Info : JLink SWD mode enabled
Error: Cannot find jlink Interface! Please check connection and permissions.
Error: No Valid JTAG Interface Configured.
"""
    ev = [e for e in events(text, "openocd") if e["kind"] == "adapter_open_failed"]
    assert ev and ev[0]["wanted"] == "jlink"
    assert first(text) != "GEN001"


def test_pyocd_pywinusb_open_timeout() -> None:
    old = """
uncaught exception:
Traceback (most recent call last):
  File "build\\bdist.win32\\egg\\pyOCD\\pyDAPAccess\\dap_access_cmsis_dap.py", line 513, in open
    self._interface.open()
  File "build\\bdist.win32\\egg\\pyOCD\\pyDAPAccess\\interface\\pywinusb_backend.py", line 93, in open
    assert False
AssertionError
"""
    assert "probe_busy" in kinds(old, "openocd")
    new = "0000507:CRITICAL:__main__:Timed out attempting to open device 0240000034544e45001b00038b6c0003e0d1"
    assert "probe_busy" in kinds(new, "openocd")


def test_assert_false_elsewhere_is_not_probe_busy() -> None:
    text = """
Traceback (most recent call last):
  File "/usr/lib/python3/site-packages/pyocd/probe/cmsis_dap_probe.py", line 297, in read_ap_result_callback
    assert False
AssertionError
"""
    assert "probe_busy" not in kinds(text, "openocd")


def test_nrfutil_without_pkg_command() -> None:
    text = """
Usage: nrfutil [OPTIONS] COMMAND [ARGS]...
Try 'nrfutil --help' for help.

Error: No such command 'pkg'.
*** [.pio/build/xiao-nf52sense/firmware.zip] Error 2
"""
    assert first(text) == "TOOL001"


def test_reset_halt_alone_stays_swd004() -> None:
    assert first("error: The interface firmware FAILED to reset/halt the target MCU") == "SWD004"
