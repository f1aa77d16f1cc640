"""RP2040/RP2350 uploads (held-out round 6): uf2conv.py's drive listing (wmic, PowerShell, udisksctl), rp2040load's
silent retries, and picotool's "Despite the reboot attempt" after a forced reboot, in the wordings real threads show."""

from __future__ import annotations

from typing import Any

import pytest

from textkit import events as _events, facts as parse, findings, first, serious


def events(snap: dict[str, Any], ns: str = "flash") -> list[dict[str, Any]]:
    return _events(snap, ns)


# ---- uf2conv.py get_drives(): the Windows drive list needs wmic (or PowerShell's Get-WmiObject) ---------------------

_WIN_TB = (
    "Resetting COM11\n"
    "Converting to uf2, output size: 131584, start address: 0x2000\n"
    "Traceback (most recent call last):\n"
    '  File "C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\rp2040\\hardware\\rp2040\\1.9.2/tools/uf2conv.py", line 360, in main\n'
    "    drives = get_drives()\n"
    '  File "C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\rp2040\\hardware\\rp2040\\1.9.2/tools/uf2conv.py", line 233, in get_drives\n'
    '    "FileSystem,", "DriveType"])\n'
    '  File "D:\\obj\\Windows-Release\\37win32_Release\\msi_python\\zip_win32\\subprocess.py", line 395, in check_output\n'
    '  File "D:\\obj\\Windows-Release\\37win32_Release\\msi_python\\zip_win32\\subprocess.py", line 1178, in _execute_child\n'
    "FileNotFoundError: [WinError 2] The system cannot find the file specified\n"
)

_QMK_TB_CUT = (
    "Flashing for bootloader: rp2040\n"
    "Traceback (most recent call last):\n"
    '  File "./qmk_firmware/util/uf2conv.py", line 213, in get_drives\n'
    '    r = subprocess.check_output(["wmic", "PATH", "Win32_LogicalDisk",\n'
    '  File "C:/QMK_MSYS/mingw64/lib/python3.12/subprocess.py", line 1538, in _execute_child\n'
    "    hp, ht, pid, tid = _winapi.CreateProcess(executable, args,\n"
    "...\n"
)

_QUOTED_TB_CUT = (
    "> Resetting COM7\n"
    "> Traceback (most recent call last):\n"
    '>   File "C:\\Users\\x\\AppData\\Local\\Arduino15\\packages\\rp2040\\hardware\\rp2040\\1.10.0/tools/uf2conv.py", line 233, in get_drives\n'
    '>     "FileSystem,", "DriveType"])\n'
    '>   File "D:\\obj\\Windows-Release\\37win32_Release\\msi_python\\zip_win32\\subprocess.py", line 395, in check_output\n'
    "...\n"
)


@pytest.mark.parametrize("text", [_WIN_TB, _QMK_TB_CUT, _QUOTED_TB_CUT], ids=["winerror2", "cut-at-createprocess", "quoted-cut"])
def test_uf2conv_get_drives_failing_to_start_its_program_is_a_missing_tool(text: str) -> None:
    missing = [e for e in events(parse(text)) if e["kind"] == "tool_missing"]
    assert missing and missing[0]["name"] == "wmic", events(parse(text))
    assert first(text) == "TOOL001"


@pytest.mark.parametrize("text", [
    # arduino-pico #116: the drive list was read, its bytes are not UTF-8 (an uploader bug, fixed upstream)
    "Traceback (most recent call last):\n"
    '  File "C:\\a\\rp2040\\1.1.0/tools/uf2conv.py", line 233, in get_drives\n'
    "    for line in to_str(r).split('\\n'):\n"
    '  File "C:\\a\\rp2040\\1.1.0/tools/uf2conv.py", line 225, in to_str\n'
    '    return b.decode("utf-8")\n'
    "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xd0 in position 129: invalid continuation byte\n",
    # arduino-pico #420: a missing mount directory on Linux, no program involved
    "Traceback (most recent call last):\n"
    '  File "/home/c/.arduino15/packages/rp2040/hardware/rp2040/1.9.13/tools/uf2conv.py", line 250, in get_drives\n'
    "    for d in os.listdir(rootpath):\n"
    "FileNotFoundError: [Errno 2] No such file or directory: '/opt/media'\n",
    # the program ran and failed
    "Traceback (most recent call last):\n"
    '  File "C:/q/util/uf2conv.py", line 213, in get_drives\n'
    '    r = subprocess.check_output(["wmic", "PATH", "Win32_LogicalDisk",\n'
    '  File "C:/q/lib/python3.12/subprocess.py", line 466, in check_output\n'
    "subprocess.CalledProcessError: Command '['wmic', 'PATH']' returned non-zero exit status 2.\n",
], ids=["unicode", "opt-media", "called-process-error"])
def test_other_get_drives_failures_are_not_a_missing_tool(text: str) -> None:
    assert "tool_missing" not in {e["kind"] for e in events(parse(text))}
    assert first(text) != "TOOL001"
    assert serious(text), "a failure must not be silent"


@pytest.mark.parametrize("text", [
    "Converting to uf2, output size: 114176, start address: 0x2000\nUnable to build drive list\nUne erreur est survenue lors du transfert du croquis\n",
    "Scanning for RP2040 devices\nGet-WmiObject: The term 'Get-WmiObject' is not recognized as a name of a cmdlet, function, script file, "
    "or executable program.\nUnable to build drive list\nFailed uploading: uploading error: exit status 1\n",
], ids=["french-ide", "pwsh7"])
def test_unable_to_build_drive_list_is_the_windows_drive_lister_missing(text: str) -> None:
    assert first(text) == "TOOL001"


def test_a_missing_udisksctl_is_harmless_when_the_uf2_was_written() -> None:
    text = (
        "Resetting /dev/ttyACM0\nConverting to uf2, output size: 140800, start address: 0x2000\nScanning for RP2040 devices\n"
        "Exception executing udisksctl. Exception: [Errno 2] No such file or directory: 'udisksctl'\n"
        "Flashing /run/media/dw/RPI-RP2 (RPI-RP2)\nWrote 140800 bytes to /run/media/dw/RPI-RP2/NEW.UF2\n"
    )
    assert serious(text) == []


# ---- rp2040load (arduino/rp2040tools): one dot per failed `picotool info` ----------------------------------------------

@pytest.mark.parametrize("text", [
    "/home/x/.arduino15/packages/arduino/tools/rp2040tools/1.0.2/rp2040load -v -D /tmp/arduino_build_1/Blink.ino.elf \n"
    "rp2040load 1.0.1 - compiled with go1.15.8\n.....................\nAn error occurred while uploading the sketch\n",
    "Forcing reset using 1200bps open/close on port COM9\nUploading .pio\\build\\pico\\firmware.elf\n"
    "rp2040load 1.0.1 - compiled with go1.15.8\n.....................\n*** [upload] Error 1\n",
    '"C:\\U\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\rp2040tools\\1.0.6/rp2040load" -v -D "C:\\U\\Temp\\Blink.ino.elf"\n'
    "rp2040load 1.0.6 - compiled with go1.16.2\n.....................\nFailed uploading: uploading error: exit status 1\n",
], ids=["mbed-linux", "platformio-windows", "arduino-ide-2-windows"])
def test_rp2040load_retrying_picotool_for_ten_seconds_is_access_first_bootsel_second(text: str) -> None:
    ids = [f.id for f in findings(text)]
    assert ids[0] == "USB004", ids
    assert "BOOT003" in ids, "not being in BOOTSEL stays the alternative"
    ev = next(e for e in events(parse(text)) if e["kind"] == "rp2040_not_found")
    assert ev["state"] == "rp2040load"


def test_rp2040load_that_found_the_board_on_its_last_try_is_not_a_failure() -> None:
    text = ("rp2040load 1.0.6 - compiled with go1.16.2\n.....................\n"
            "Loading into Flash: [==============================]  100%\n")
    assert "rp2040_not_found" not in {e["kind"] for e in events(parse(text))}
    assert "USB004" not in serious(text)


def test_a_few_dots_are_not_rp2040load_giving_up() -> None:
    text = "rp2040load 1.0.6 - compiled with go1.16.2\n...\n"
    assert "rp2040_not_found" not in {e["kind"] for e in events(parse(text))}


# ---- picotool 2.x: the forced reboot worked, the board is not found under the serial number tracked -------------------

@pytest.mark.parametrize("text", [
    "Tracking device serial number DF609C8067295728 for reboot\n"
    "The device was asked to reboot into BOOTSEL mode so the command can be executed.\n"
    "Waiting for device to reboot.........\n\n"
    "Despite the reboot attempt, no accessible RP-series devices in BOOTSEL mode were found found with serial number "
    "DF609C8067295728. It is possible the device is not responding, and will have to be manually entered into BOOTSEL mode.\n",
    "Tracking device serial number EEEEEEEEEEEEEEEE for reboot The device was asked to reboot into BOOTSEL mode so the command can be executed.\n\n"
    "Despite the reboot attempt, no accessible RP2040/RP2350 devices in BOOTSEL mode were found. It is possible the device is not "
    "responding, and will have to be manually entered into BOOTSEL mode.\n",
], ids=["2.2-with-serial", "2.0-no-flash-binary"])
def test_not_found_after_a_forced_reboot_is_not_a_missed_bootsel_button(text: str) -> None:
    evs = [e for e in events(parse(text)) if e["kind"] == "rp2040_not_found_after_reboot"]
    assert evs and evs[0]["state"] == "after_reboot"
    ids = [f.id for f in findings(text)]
    assert "BOOT003" not in ids
    assert ids and ids[0] == "GEN001", "the failure is quoted, not silent"


def test_the_tracked_serial_is_kept() -> None:
    text = ("Despite the reboot attempt, no accessible RP-series devices in BOOTSEL mode were found found with serial number "
            "DF609C8067295728. It is possible the device is not responding.\n")
    ev = next(e for e in events(parse(text)) if e["kind"] == "rp2040_not_found_after_reboot")
    assert ev["serial"] == "DF609C8067295728"


@pytest.mark.parametrize("line", ["No rp2040 in BOOTSEL mode was found", "No accessible RP2040 devices in BOOTSEL mode were found."])
def test_a_plain_not_found_is_still_the_bootsel_finding(line: str) -> None:
    text = f"Loaded UF2 image with 21 pages\n{line}\n"
    assert "rp2040_not_found" in {e["kind"] for e in events(parse(text))}
    assert first(text) in ("BOOT003", "USB004")


# ---- picotool built without libusb-1.0's development files (1.x stops, 2.x leaves out its USB commands) ---------------

@pytest.mark.parametrize("text", [
    "Using PICO_SDK_PATH from environment ('/home/pi/pico/pico-sdk')\n"
    "-- Could NOT find PkgConfig (missing: PKG_CONFIG_EXECUTABLE) \n-- Could NOT find LIBUSB (missing: LIBUSB_INCLUDE_DIR) \n"
    "CMake Error at CMakeLists.txt:34 (message):\n  picotool cannot be built because libUSB is not found\n",
    "-- Could NOT find LIBUSB (missing: LIBUSB_INCLUDE_DIR) \n",
    "picotool help load\n\nERROR: Unknown command: load\n\nCOMMANDS:\n    info        Display information from the target device(s) or file.\n",
    "CMake Error at CMakeLists.txt:223 (message):\n  No LibUSB found, please install libusb-1.0-dev to build picotool with USB support.\n",
], ids=["1.x-fatal", "cmake-find", "2.x-no-load", "riot-patch"])
def test_picotool_without_libusb_development_files_is_a_missing_library(text: str) -> None:
    missing = [e for e in events(parse(text)) if e["kind"] == "tool_missing"]
    assert len(missing) == 1, missing  # one missing library, however many lines say so
    assert missing[0]["text"].startswith("development files of libusb")
    found = findings(text)
    assert found and found[0].id == "TOOL001" and "libusb-1.0-0-dev" in found[0].message


def test_an_unknown_command_that_is_not_a_usb_command_is_not_a_missing_library() -> None:
    text = "picotool help lod\n\nERROR: Unknown command: lod\n"
    assert "tool_missing" not in {e["kind"] for e in events(parse(text))}


# ---- picotool -f on an application without picotool's reset interface ------------------------------------------------

def test_no_reset_interface_under_a_wrapper_is_the_board_not_in_bootsel() -> None:
    text = (
        "Sketch uses 52324 bytes (2%) of program storage space. Maximum is 2093056 bytes.\n"
        '"/Users/u/Library/Arduino15/packages/rp2040/tools/pqt-picotool/1.5.0-b-03f2812/picotool" load "/tmp/s.ino.uf2" -f\n'
        "ERROR: Unable to locate reset interface on the device\n"
        "Failed uploading: uploading error: exit status 250\n"
    )
    assert "rp2040_app_mode" in {e["kind"] for e in events(parse(text))}
    assert first(text) == "BOOT003"


def test_not_found_after_a_forced_reboot_wrapped_at_the_terminal_width() -> None:
    # picotool #144 as pasted: 80 columns
    text = ("Tracking device serial number EEEEEEEEEEEEEEEE for reboot\n"
            "The device was asked to reboot into BOOTSEL mode so the command can be executed.\n\n"
            "Despite the reboot attempt, no accessible RP2040/RP2350 devices in BOOTSEL mode\n"
            "were found. It is possible the device is not responding, and will have to be\n"
            "manually entered into BOOTSEL mode.\n")
    assert "rp2040_not_found_after_reboot" in {e["kind"] for e in events(parse(text))}
    assert "BOOT003" not in [f.id for f in findings(text)]


@pytest.mark.parametrize("text", [
    "Despite the reboot attempt, no accessible RP2040 devices in BOOTSEL mode were found. You may need to install a driver via Zadig. "
    "See Zadig in the README (https://github.com/raspberrypi/picotool#zadig) for more information. It is possible the device is not "
    "responding, and will have to be manually entered into BOOTSEL mode.\n",
    "Despite the reboot attempt, no accessible RP2040 devices in BOOTSEL mode\n"
    "were found. You may need to install a driver via Zadig. See Zadig in the README\n"
    "(https://github.com/raspberrypi/picotool#zadig) for more information. It is\n",
], ids=["one-line", "wrapped"])
def test_windows_forced_rp2040_reboot_with_the_zadig_note_is_the_driver(text: str) -> None:
    # picotool 2.x main.cpp: on Windows, after forcing an RP2040 into BOOTSEL, the note names the missing driver
    ev = [e for e in events(parse(text)) if e["kind"] == "usb_access_denied"]
    assert ev and ev[0]["text"] == "zadig"
    assert first(text) == "USB004"


# ---- PlatformIO (maxgerhardt/platform-raspberrypi): the 1200-baud touch watched with `picotool info -d` ----------------

def test_platformio_touch_that_never_brought_up_a_bootsel_device_is_not_silent() -> None:
    text = ("Forcing reset using 1200bps open/close on port COM18\n" + "No new RPxxxx device found yet, waiting..\n" * 12
            + "Warning: Picotool did not detect any RPxxxx devices in BOOTSEL mode. Upload might fail.\n")
    ev = [e for e in events(parse(text)) if e["kind"] == "rp2040_not_found"]
    assert ev and ev[0]["state"] == "pio_touch"
    assert serious(text), "a failed touch must not be silent"


def test_platformio_warning_followed_by_a_load_that_worked_is_healthy() -> None:
    text = ("Warning: Picotool did not detect any RPxxxx devices in BOOTSEL mode. Upload might fail.\n"
            '"/home/u/.platformio/packages/tool-picotool-rp2040-earlephilhower/picotool" load -v -x ".pio/build/pico/firmware.elf"\n'
            "Loading into Flash: [==============================]  100%\n"
            "Verifying Flash:    [==============================]  100%\n  OK\n")
    assert "rp2040_not_found" not in {e["kind"] for e in events(parse(text))}
    assert serious(text) == []


def test_platformio_touch_that_worked_is_healthy() -> None:
    text = "Forcing reset using 1200bps open/close on port /dev/ttyACM0\nNo new RPxxxx device found yet, waiting..\nDevice rebooted into BOOTSEL mode successfully.\n"
    assert serious(text) == []


# ---- QMK Toolbox has no RP2040 flasher: "RP2 Boot (NO DRIVER)" is expected, the .uf2 goes onto the drive ---------------

@pytest.mark.parametrize("text", [
    "USB device connected (NO DRIVER):  RP2 Boot (2E8A:0003:0100)\n",
    'the software detected the controller "USB device connected (NO DRIVER):  RP2 Boot (2E8A:0003:0100)" but it didn\'t let me flash the controller.\n',
    "USB device connected (NO DRIVER):  RP2350 Boot (2E8A:000F:0100)\n",
], ids=["toolbox-log", "quoted-in-prose", "rp2350"])
def test_qmk_toolbox_listing_an_rp2_in_bootsel_is_the_wrong_tool_not_a_driver(text: str) -> None:
    found = findings(text)
    assert found and found[0].id == "BOOT006", [f.id for f in found]


def test_qmk_toolbox_no_driver_for_another_bootloader_stays_a_driver_problem() -> None:
    text = "*** DFU device connected (NO DRIVER): STMicroelectronics STM32  BOOTLOADER (0483:DF11:2200)\n"
    assert first(text) != "BOOT006"
