"""Source-coverage audit, session 11, of the upload wrappers: stm32duino/Arduino_Tools (STM32Tools-2017.1.19, 1.3.0-2.4.0 and
master: maple_upload(.sh), dfu-util.sh, hid-flash.sh, upload_router, upload_reset, massStorageCopy, stm32CubeProg),
Arduino's ArduinoCore-mbed / ArduinoCore-renesas upload paths (platform.txt's dfu-util, bossac, rp2040load recipes; Arduino's
BOSSA fork; rp2040tools), arduino-fwuploader 0.1.10-2.4.1 with its uno-r4-wifi and nina plugins and plugin helper, and what
arduino-cli after 1.5.1 and PlatformIO core 6.1.17..develop changed (nothing about uploads). Lines are the sources' formats
filled in."""

from __future__ import annotations

import pytest

from doctor.parsers import arduino, dfu_util, serial_errors, stm32cubeprog
from textkit import events, first, kinds, serious

S11 = "source audit s11"


def _rows(module, marker: str):
    return [r for r in module.MESSAGES if S11 in r.src and marker in r.src]


NEW = {"arduino": _rows(arduino, "arduino-fwuploader"), "dfu-util": _rows(dfu_util, "stm32duino Arduino_Tools"),
       "serial": _rows(serial_errors, "fwuploader"), "stm32cubeprogrammer": _rows(stm32cubeprog, "stm32duino Arduino_Tools")}
TABLES = {"arduino": arduino.ArduinoParser.table, "dfu-util": dfu_util.DfuUtilParser.table,
          "serial": serial_errors.TABLE, "stm32cubeprogrammer": stm32cubeprog.Stm32CubeProgParser.table}


def test_the_new_rows_are_there() -> None:
    assert len(NEW["arduino"]) == 3
    assert len(NEW["dfu-util"]) == 10
    assert len(NEW["serial"]) == 3
    assert len(NEW["stm32cubeprogrammer"]) == 5


@pytest.mark.parametrize("name,row", [(n, r) for n, rows in NEW.items() for r in rows], ids=lambda v: v if isinstance(v, str) else v.pattern[:40])
def test_every_new_row_matches_its_example(name: str, row) -> None:
    assert row.example
    assert any(r is row for r, _ in TABLES[name].match(row.example.strip(), all_matches=True))


# --- stm32duino Arduino_Tools: maple_upload(.sh), dfu-util.sh, hid-flash.sh, upload_router, upload_reset

TOOL_MISSING = [
    "/home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.2.1/dfu-util.sh: error: cannot find "
    "/home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.2.1/linux/x86_64/dfu-util",
    "/home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.4.0/hid-flash.sh: error: cannot find "
    "/home/u/.arduino15/packages/STMicroelectronics/tools/STM32Tools/2.4.0/linux/aarch64/hid-flash",
    "/home/u/Arduino/hardware/Arduino_STM32/tools/linux/maple_upload: error: cannot find /home/u/Arduino/hardware/Arduino_STM32/tools/linux/dfu-util/dfu-util",
    "Unsupported Linux architecture: armv7l.",
]


@pytest.mark.parametrize("line", TOOL_MISSING, ids=lambda v: v[-40:])
def test_stm32tools_without_its_own_tool_is_tool001(line: str) -> None:
    assert first(line) == "TOOL001"
    assert "tool_missing" in kinds(line, "dfu")


def test_stm32tools_unknown_host_os_is_not_silent() -> None:
    assert first("Unknown host OS: MINGW64_NT-10.0-19045.") == "GEN001"


MAPLE_RESET_BOX = """Failed to open serial device.
****************************************
* Could not automatically reset device *
* Please manually reset device!        *
****************************************"""

BANNER = """dfu-util 0.11

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/
"""

DOWNLOAD_OK = """Opening DFU capable USB device...
Device ID 1eaf:0003
Device DFU version 0110
Claiming USB DFU Interface...
Setting Alternate Interface #2 ...
Determining device status...
DFU state(2) = dfuIDLE, status(0) = No error condition is present
DFU mode device DFU version 0110
Device returned transfer size 1024
Copying data from PC to DFU device
Download	[=========================] 100%        22832 bytes
Download done.
DFU state(8) = dfuMANIFEST-WAIT-RESET, status(0) = No error condition is present
Done!
Resetting USB to switch back to Run-Time mode
Waiting for /dev/ttyACM0 serial... Done."""


def test_maple_upload_reset_failure_is_a_note_when_the_download_then_works() -> None:
    text = MAPLE_RESET_BOX + "\n" + BANNER + "\n" + DOWNLOAD_OK
    assert "maple_reset_failed" in kinds(text, "dfu")
    assert serious(text) == []
    assert serious("setRTS(): TIOCMGET: Inappropriate ioctl for device") == []


def test_maple_upload_reset_failure_then_no_dfu_device_is_the_missed_bootloader() -> None:
    text = MAPLE_RESET_BOX + "\n" + BANNER + "\ndfu-util: No DFU capable USB device available\nTrying 4 more time(s)\n" + BANNER + \
        "\ndfu-util: No DFU capable USB device available\nFailed uploading: uploading error: exit status 74"
    assert first(text) == "BOOT001"  # as maple_loader's "Reset via USB Serial Failed!" then no DFU device


def test_maple_upload_retry_that_then_finds_the_bootloader_is_healthy() -> None:
    text = BANNER + "\ndfu-util: No DFU capable USB device available\nTrying 4 more time(s)\n" + BANNER + "\n" + DOWNLOAD_OK
    assert "no_dfu_device_retried" in kinds(text, "dfu")
    assert "no_dfu_device" not in kinds(text, "dfu")
    assert serious(text) == []


def test_maple_upload_serial_wait_lines_are_healthy() -> None:
    for line in ("Waiting for /dev/ttyACM0 serial... Done.", "Waiting for COM5 serial.... Done.",
                 "Waiting for /dev/ttyACM0 serial........................................ Timed out."):
        assert serious(line) == [], line


def test_upload_router_no_maple_board_is_quoted_not_guessed() -> None:
    line = "STM32 Maple Bootloader compatible board not found."
    assert "maple_not_found" in kinds(line, "dfu")
    assert first(line) == "GEN001"


# --- stm32duino Arduino_Tools stm32CubeProg.sh

def test_stm32cubeprog_sh_getopt_warning_is_a_note() -> None:
    text = "Warning: long options not supported due to getopt from FreeBSD usage.\nSelected interface: swd"
    assert serious(text) == []


def test_stm32cubeprog_sh_missing_image_is_fw005() -> None:
    assert first("Error /tmp/arduino/sketches/4C3E/Blink.ino.bin does not exist!") == "FW005"


@pytest.mark.parametrize("line", [
    "Missing mandatory arguments for serial mode: serial identifier!",
    "Missing mandatory arguments for DFU mode (VID/PID)!",
    "Protocol unknown!",
    "Not enough arguments!",
    "Error missing interface!",
    "Wrong parity value waiting none, even or odd instead of MARK",
])
def test_stm32cubeprog_sh_usage_errors_are_not_silent(line: str) -> None:
    assert first(line) == "GEN001"


# --- massStorageCopy (left as the generic failure scan reads it: ambiguous)

def test_mass_storage_copy_lines() -> None:
    assert first("NODE_F411RE,NOD_F411RE not found.\nPlease ensure the device is correctly connected and mounted.") == "GEN001"
    assert first("NODE_L476RG not found. Please ensure the device is correctly connected.") == "GEN001"
    for ok in ("Found 'NODE_F411RE' at '/media/u/NODE_F411RE'\nCopying /tmp/b/Blink.ino.bin to /media/u/NODE_F411RE...",
               "Upload complete on NODE_F411RE (E:)"):
        assert serious(ok) == [], ok


# --- ArduinoCore-mbed / ArduinoCore-renesas upload paths (dfu-util, bossac: already right; pinned here)

def test_mbed_renesas_dfu_paths() -> None:
    assert first("dfu-util: No DFU capable USB device available") == "BOOT003"
    assert first("dfu-util: Cannot open DFU device 2341:0369 found on devnum 8 (LIBUSB_ERROR_ACCESS)\n"
                 "dfu-util: No DFU capable USB device available\nFailed uploading: uploading error: exit status 74") == "USB004"
    ok = ("Opening DFU capable USB device...\nID 2341:035b\nRun-time device DFU version 011a\nClaiming USB DFU Interface...\n"
          "Setting Alternate Setting #0 ...\nDetermining device status: state = dfuIDLE, status = 0\ndfuIDLE, continuing\n"
          "DFU mode device DFU version 011a\nDevice returned transfer size 4096\nDfuSe interface name: \"Internal Flash   \"\n"
          "Downloading element to address = 0x08040000, size = 329544\nErase   \t[=========================] 100%       329544 bytes\n"
          "Erase    done.\nDownload\t[=========================] 100%       329544 bytes\nDownload done.\nFile downloaded successfully\n"
          "Transitioning to dfuMANIFEST state\ndfu-util: Error during download get_status")
    assert serious(ok) == []
    touch = ("Performing 1200-bps touch reset on serial port COM5\nWaiting for upload port...\nUpload port found on COM6")
    assert serious(touch) == []


# --- arduino-fwuploader and its plugins

@pytest.mark.parametrize("line,fault", [
    ("Error during firmware flashing: Permission denied", "SER004"),
    ("Error: reboot mode: opening port /dev/ttyACM0 at 1200bps, err: Permission denied", "SER004"),
    ("Error: reboot mode: opening port COM9 at 1200bps, err: Serial port not found", "SER005"),
    ("Error during firmware flashing: Serial port busy", "SER003"),
])
def test_fwuploader_serial_open_errors_name_their_cause(line: str, fault: str) -> None:
    assert first(line) == fault


def test_fwuploader_plugin_invalid_port_is_a_missing_port() -> None:
    evs = [e for e in events("Error: reboot mode: opening port /dev/ttyACM0 at 1200bps, err: Invalid serial port\n", "serial")
           if e["kind"] == "serial_no_such_port"]
    assert evs and evs[0].get("port") == "/dev/ttyACM0"


def test_fwuploader_verdicts() -> None:
    assert first("2021/03/02 10:12:30 Programmer reports 256 as maximum payload size (1024 is needed)") == "GEN001"
    assert first('time="2023-01-10T10:00:00+01:00" level=fatal msg="Operation failed. :-("') == "GEN001"
    assert "upload_succeeded" in kinds("INFO[0012] Operation completed: success! :-)", "flash")
    assert serious("INFO[0012] Operation completed: success! :-)") == []
