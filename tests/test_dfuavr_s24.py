"""Session 24, area dfu-avr: families met in the gathering round's misses.

- Windows names a device's problem by its cfgmgr32 constant or number in pnputil, Get-PnpDevice and WMI
  (CM_PROB_FAILED_INSTALL = Device Manager's Code 28 ...): the same status rows as Device Manager's sentence.
- STM32CubeProgrammer's USB port field "No DFU detected" retold unquoted in a sentence naming the program.
- A board said to sit in its boot/DFU mode so the application never runs, beside the STM32 ROM DFU device listed (BOOT004).
"""

from __future__ import annotations

import pytest

from tests.textkit import first, kinds, serious

# --- Windows problem codes by name or number (from the source's format: Microsoft's Device Manager error list maps Code 28
# to CM_PROB_FAILED_INSTALL; pnputil /enum-devices /problem, Get-PnpDevice | Format-List, Win32_PnPEntity print them so)
PNPUTIL_28 = """Instance ID:                USB\\VID_0483&PID_DF11\\FFFFFFFEFFFF
Device Description:         DFU in FS Mode
Class Name:                 Other devices
Status:                     Problem
Problem Code:               28 (0x1C) [CM_PROB_FAILED_INSTALL]"""


@pytest.mark.parametrize("line", [
    "Problem Code:               28 (0x1C) [CM_PROB_FAILED_INSTALL]",
    "Problem                     : CM_PROB_FAILED_INSTALL",
    "ConfigManagerErrorCode      : 28",
    "USB\\VID_0483&PID_DF11\\FFFFFFFEFFFF  DEVPKEY_Device_ProblemCode  UInt32  28",
    # OffbandMesh/meshcore-firmware#966 (a tinySA's DFU device before Zadig bound WinUSB)
    "1. **Zadig → WinUSB** bound to `VID_0483&PID_DF11`. Before that the device sat at **ProblemCode 28 (CM_PROB_FAILED_INSTALL)** with no driver and dfu-util could not see it at all.",
])
def test_problem_code_28_by_name_or_number_is_no_driver(line: str) -> None:
    assert "driver_not_installed" in kinds(line, "windows"), line


def test_pnputil_problem_listing_of_the_dfu_device_is_usb004() -> None:
    assert first(PNPUTIL_28) == "USB004"


def test_retold_problem_code_28_is_usb004() -> None:
    line = ("1. **Zadig → WinUSB** bound to `VID_0483&PID_DF11`. Before that the device sat at **ProblemCode 28 "
            "(CM_PROB_FAILED_INSTALL)** with no driver and dfu-util could not see it at all.")
    assert first(line) == "USB004"


@pytest.mark.parametrize("line,kind", [
    ("Problem                     : CM_PROB_FAILED_START", "device_cannot_start"),
    ("Problem Code:               10 (0xA) [CM_PROB_FAILED_START]", "device_cannot_start"),
    ("Problem Code:               39 (0x27) [CM_PROB_DRIVER_FAILED_LOAD]", "driver_load_failed"),
    ("Problem                     : CM_PROB_FAILED_ADD", "driver_load_failed"),
    ("ConfigManagerErrorCode      : 43", "usb_device_stopped"),
])
def test_other_problem_codes_by_name_or_number(line: str, kind: str) -> None:
    assert kind in kinds(line, "windows"), line


@pytest.mark.parametrize("line", [
    "ConfigManagerErrorCode      : 0",
    "Problem Code:               280",
    "Problem Code: 28.5 percent of the time",
])
def test_no_problem_or_other_numbers_are_not_code_28(line: str) -> None:
    assert "driver_not_installed" not in kinds(line, "windows"), line


# --- STM32CubeProgrammer's "No DFU detected" retold in a sentence (Sienci-Labs/gsender#765, Ubuntu)
GSENDER = """I also tried using STM32CubeProgrammer. It shows the message No DFU detected on the port select widget. Pressing the retry button to the right of that message has no effect. It shows PID 0xDF11 and VID 0x0483. lsusb shows

Bus 001 Device 019: ID 0483:df11 STMicroelectronics STM Device in DFU Mode"""


def test_cubeprogrammer_no_dfu_detected_retold_is_read() -> None:
    line = "I also tried using STM32CubeProgrammer. It shows the message No DFU detected on the port select widget."
    assert "dfu_not_found" in kinds(line, "stlink")


def test_cubeprogrammer_no_dfu_beside_lsusb_df11_is_usb004() -> None:
    assert first(GSENDER) == "USB004"


@pytest.mark.parametrize("line", [
    "Does STM32CubeProgrammer show No DFU detected for you?",
    "If STM32CubeProgrammer shows No DFU detected, install the DFU driver from its Drivers folder.",
    "Make sure STM32CubeProgrammer does not show No DFU detected before you press Connect.",
    "After the udev rule STM32CubeProgrammer no longer shows No DFU detected.",
    "It shows the message No DFU detected on the port select widget.",  # the program is not named
])
def test_cubeprogrammer_no_dfu_not_read_when_asked_advised_negated_or_unnamed(line: str) -> None:
    assert "dfu_not_found" not in kinds(line, "stlink"), line


# --- BOOT004: the board sits in boot mode so the application never runs (JUMA-IO/STM32_Platform#10, Windows)
JUMA = """With J-Link plugged, no matter powered by USB port or not, connecting host with USB port will get a STM32 Bootloader device in PC's `device manager` list.

Seems Cannon it's under Boot mode with this setup that results APP code cannot run.
How to resolve?"""


@pytest.mark.parametrize("line", [
    "Seems Cannon it's under Boot mode with this setup that results APP code cannot run.",
    "My app never runs, the board goes into boot mode on every power-up.",
    "It seems to be in bootloader mode all the time, my program can't run.",
])
def test_app_held_in_boot_mode_is_said(line: str) -> None:
    assert "said_app_held_in_bootloader" in kinds(line, "claims"), line


@pytest.mark.parametrize("line", [
    "Is it stuck in boot mode so the app cannot run?",
    "If it stays in DFU mode the application won't start, so remove the jumper.",
    "Make sure it is not in boot mode, otherwise the app cannot run.",
    "It was in boot mode so the app couldn't run, fixed by grounding BOOT0.",
    "The ESP32 is stuck in download mode and my code does not run.",
    "It is not in boot mode and the app does not run either.",
    "The Pro Micro goes into bootloader mode and my sketch does not run.",
    "The app will not run while the chip is in boot mode.",  # a general statement, not a report
])
def test_app_held_in_boot_mode_not_said(line: str) -> None:
    assert "said_app_held_in_bootloader" not in kinds(line, "claims"), line


def test_boot_mode_beside_stm32_bootloader_listed_is_boot004() -> None:
    assert first(JUMA) == "BOOT004"


def test_boot_mode_claim_alone_is_not_boot004() -> None:
    assert "BOOT004" not in serious("Seems it's under Boot mode with this setup that results APP code cannot run.")


def test_boot_mode_beside_lsusb_rom_dfu_is_boot004() -> None:
    text = ("Bus 001 Device 007: ID 0483:df11 STMicroelectronics STM Device in DFU Mode\n"
            "After flashing it seems to be in bootloader mode all the time, my program can't run.")
    assert first(text) == "BOOT004"


# --- (dfu-avr s24 review) the reviewer's texts: each a negative (or, where marked, a positive) of the rows above

@pytest.mark.parametrize("line", [
    "Why does STM32CubeProgrammer say No DFU detected? I have the board in DFU mode.",
    "STM32CubeProgrammer says No DFU detected? Strange.",
    "STM32CubeProgrammer says No DFU detected. Does that mean the driver is missing",
    "STM32CubeProgrammer shows No DFU detected until I press the BOOT0 button, then it connects fine.",
    "With STM32CubeProgrammer you get No DFU detected if the driver is missing",
    "STM32CubeProgrammer will show No DFU detected unless the BOOT0 jumper is set.",
    "The guide says STM32CubeProgrammer shows No DFU detected when the board is not in DFU mode.",
    "Before I installed the driver, STM32CubeProgrammer showed No DFU detected. Now it works.",
    "STM32CubeProgrammer showed No DFU detected at first, but after installing the driver it connects and the download works.",
    "Used STM32CubeProgrammer: it said No DFU detected, fixed it by installing the STM32 DFU driver.",
    "STM32CubeProgrammer says No DFU detected but I am using the ST-LINK anyway and programming works fine.",
    "In STM32CubeProgrammer the USB port field gets No DFU detected while the board is connected over ST-Link, which is expected since I use SWD.",
])
def test_review_cubeprogrammer_no_dfu_asked_conditional_or_solved_is_not_read(line: str) -> None:
    assert "dfu_not_found" not in kinds(line, "stlink"), line
    assert "BOOT003" not in serious(line), line


def test_review_cubeprogrammer_no_dfu_plain_report_still_read() -> None:
    line = "STM32CubeProgrammer always says No DFU detected on my Mac with the H743."
    assert "dfu_not_found" in kinds(line, "stlink")


LSUSB_DF11 = "Bus 001 Device 007: ID 0483:df11 STMicroelectronics STM Device in DFU Mode\n"


@pytest.mark.parametrize("line", [
    "It is not stuck in boot mode, but my app doesn't run after flashing.",
    "My app doesn't start, and the board is not always in boot mode.",
    "It doesn't go into boot mode, and the app doesn't run either.",
    "I can't get it into DFU mode and my firmware doesn't run.",
    "Never goes into bootloader mode; the user code won't start.",
    "It is never in boot mode, yet the application does not start.",
    "I put the board in DFU mode to flash it, obviously my app doesn't run then, but STM32CubeProgrammer won't connect.",
    "I put it in DFU mode on purpose with the BOOT0 button, so the app doesn't run, that is expected. dfu-util then says Error: No DFU capable USB device available",
    "I held BOOT0 and it went into DFU mode, the firmware doesn't run of course. Now dfu-util -a 0 -D fw.bin fails with LIBUSB_ERROR_ACCESS",
    "The Arduino Nano is in bootloader mode and my sketch does not run.",
    "The ESP32-S3 enters boot mode and my code doesn't run.",
    "Windows shows STM32 BOOTLOADER when I hold BOOT0. After I release it and reset, it doesn't go into boot mode, but my app doesn't start either.",
])
def test_review_boot_mode_negated_on_purpose_or_other_chip_not_said(line: str) -> None:
    assert "said_app_held_in_bootloader" not in kinds(line, "claims"), line
    assert "BOOT004" not in serious(LSUSB_DF11 + line), line


def test_review_boot_mode_on_purpose_beside_dfu_util_no_device_stays_usb004() -> None:
    text = LSUSB_DF11 + ("I put it in DFU mode on purpose with the BOOT0 button, so the app doesn't run, that is expected. "
                         "dfu-util then says Error: No DFU capable USB device available")
    assert first(text) == "USB004"


def test_review_boot_mode_plain_report_beside_df11_still_boot004() -> None:
    assert first(LSUSB_DF11 + "The board is in boot mode, the application never starts after the update.") == "BOOT004"


# pnputil /enum-devices /problem lists every problem device (from the source's format): a GPU's Code 43 and a Bluetooth
# adapter's Code 10 beside the board's USB device that started are not the board's
PNPUTIL_GPU = """Instance ID:                PCI\\VEN_10DE&DEV_1C82&SUBSYS_00000000&REV_A1\\4&1234
Device Description:         NVIDIA GeForce GTX 1050 Ti
Class Name:                 Display
Status:                     Problem
Problem Code:               43 (0x2B) [CM_PROB_FAILED_POST_START]

Instance ID:                USB\\VID_0483&PID_DF11\\FFFFFFFEFFFF
Device Description:         STM32 BOOTLOADER
Class Name:                 USBDevice
Status:                     Started
Driver Name:                oem12.inf"""
PNPUTIL_BTH = """Instance ID:                BTH\\MS_BTHPAN\\7&1
Device Description:         Bluetooth Device (Personal Area Network)
Status:                     Problem
Problem Code:               10 (0xA) [CM_PROB_FAILED_START]

Instance ID:                USB\\VID_2341&PID_0043\\75735
Device Description:         Arduino Uno (COM5)
Status:                     Started"""
GET_PNPDEVICE_GPU = """Status                      : Error
Class                       : Display
FriendlyName                : NVIDIA GeForce RTX 3060
InstanceId                  : PCI\\VEN_10DE&DEV_2503
Problem                     : CM_PROB_FAILED_POST_START
ConfigManagerErrorCode      : CM_PROB_FAILED_POST_START"""


@pytest.mark.parametrize("text", [PNPUTIL_GPU, PNPUTIL_BTH, GET_PNPDEVICE_GPU])
def test_review_problem_of_a_non_usb_device_in_a_listing_is_dropped(text: str) -> None:
    ks = kinds(text, "windows")
    assert not {"usb_device_stopped", "device_cannot_start"} & set(ks), ks
    assert "USB002" not in serious(text)


def test_review_problem_of_the_usb_record_in_a_listing_is_kept() -> None:
    text = PNPUTIL_BTH.replace("BTH\\MS_BTHPAN\\7&1", "USB\\VID_0483&PID_DF11\\FFFFFFFEFFFF", 1)
    assert "device_cannot_start" in kinds(text, "windows")


@pytest.mark.parametrize("line", [
    "Does Get-PnpDevice show CM_PROB_FAILED_INSTALL for you?",
    "It is not CM_PROB_FAILED_INSTALL anymore, the driver is installed now.",
    "If you see CM_PROB_FAILED_POST_START, reinstall the driver.",
    "My GPU shows Problem Code 43 in pnputil, unrelated. The Arduino flashes fine.",
    "Problem Code 10 at line 43 of the script",
    "Problem Code 43 means Windows stopped it; mine shows Status OK though.",
    "The device had Problem Code 43 but after replugging it is fine, ConfigManagerErrorCode is now 0.",
])
def test_review_problem_code_prose_asked_advised_negated_or_unrelated_is_not_read(line: str) -> None:
    ks = set(kinds(line, "windows"))
    assert not {"driver_not_installed", "device_cannot_start", "driver_load_failed", "usb_device_stopped"} & ks, (line, ks)


@pytest.mark.parametrize("line,kind", [
    ("ProblemCode: 10", "device_cannot_start"),
    ("ProblemCode: 31", "driver_load_failed"),
    ("ProblemCode: 37", "driver_load_failed"),
    ("ProblemCode: 39", "driver_load_failed"),
    ("ProblemCode=10", "device_cannot_start"),
])
def test_review_problemcode_field_without_space_is_read(line: str, kind: str) -> None:
    assert kind in kinds(line, "windows"), line
