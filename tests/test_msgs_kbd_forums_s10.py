"""keyboards-forums, session 10: keyboard flashers from the less-mined communities. mdloader's applet file missing where
it runs (TOOL001), dfu-util waiting for a vendor's own bootloader id that never came (BOOT001, not BOOT0), the old
lower-case DFU suffix warning (harmless), Input Club's configurator seeing no keyboard in flash mode (USB004), and
dfu-programmer's "Error opening" on a path the command line quoted (the file, not its name). Texts are real pastes
(sources in comments); a few variants change one field to show the signal decides."""

from __future__ import annotations

from textkit import events, facts, findings as found, serious as errors


def ids(text: str) -> list[str]:
    return [f.id for f in found(text)]


# --- mdloader: the flashing applet is a file of the release, loaded from the current directory ----------------------------

# github.com/Massdrop/mdloader/issues/46 (run from the folder holding mdloader and the applet: fixed)
MD_APPLET_46 = """
C:\\Users\\mrkai\\Downloads>mdloader_windows.exe --first --download massdrop_ctrl_md_configurator_1611350148_397892225.bin --restart
Massdrop Loader 1.05

Massdrop Loader  Copyright (C) 2018-2020 Massdrop Inc.
This program is Free Software and has ABSOLUTELY NO WARRANTY

Scanning for device for 60 seconds
.......
Device port: COM8 (SAMD51J18A)

Opening port 'COM8'... Success!
Found MCU: SAMD51J18A
Bootloader version: v2.20 Mar 27 2019 10:04:47 [ctrl]
Applet file: applet-mdflash.bin
Error: Could not open applet file: applet-mdflash.bin
Closing port... Success!
"""

# github.com/Massdrop/mdloader/issues/41 (1.04: the release lacked the j19a applet)
MD_APPLET_41 = """
Massdrop Loader 1.04
Scanning for device for 60 seconds
..........
Device port: COM7 (SAMD51J19A)

Opening port 'COM7'... Success!
Found MCU: SAMD51J19A
Bootloader version: v2.18Sep  4 2018 16:48:28
Applet file: applet-flash-samd51j19a.bin
Error: Could not open applet file: applet-flash-samd51j19a.bin
Closing port... Success!
"""


def test_applet_missing_row() -> None:
    ev = next(e for e in events(MD_APPLET_46, "flash") if e["kind"] == "md_applet_missing")
    assert ev["name"] == "applet-mdflash.bin" and ev.get("fail")


def test_applet_missing_is_tool001() -> None:
    assert ids(MD_APPLET_46)[0] == "TOOL001"
    assert ids(MD_APPLET_41)[0] == "TOOL001"


def test_applet_broken_copy_is_tool001() -> None:
    text = MD_APPLET_46.replace("Error: Could not open applet file: applet-mdflash.bin", "Error: Applet binary too small!")
    ev = next(e for e in events(text, "flash") if e["kind"] == "md_applet_missing")
    assert ev.get("bad") is True
    assert ids(text)[0] == "TOOL001"


def test_applet_send_failure_stays_apart() -> None:
    # the applet was found and the transfer itself failed (mdloader#54): not the missing file
    text = MD_APPLET_46.replace("Error: Could not open applet file: applet-mdflash.bin", "Error: Could not send applet!")
    assert "md_applet_missing" not in [e["kind"] for e in events(text, "flash")]
    assert ids(text)[0] != "TOOL001"


# --- dfu-util waiting for a vendor's own bootloader (no BOOT0 on such boards) --------------------------------------------

# community.keyboard.io/t/model-100-current-default-firmware-might-be-buggy/5333 (PROG held while plugging in: flashed)
MODEL100 = """
/home/firstname.lastname/.arduino15/packages/keyboardio/tools/dfu-util/0.10.0-arduino1/dfu-util --device 0x3496:0x0005 -D /tmp/arduino_build_356093/Model100.ino.bin -R 
dfu-util 0.10-dev

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

dfu-util: Warning: Invalid DFU suffix signature
dfu-util: A valid DFU suffix will be required in a future dfu-util release
dfu-util: No DFU capable USB device available
"""


def test_vendor_bootloader_not_entered_is_boot001() -> None:
    assert ids(MODEL100)[0] == "BOOT001"


def test_rom_dfu_id_keeps_boot003() -> None:
    # the same text waiting for the STM32 ROM (0483:df11): BOOT0 is the step that was missed
    text = MODEL100.replace("0x3496:0x0005", "0483:df11")
    assert ids(text)[0] == "BOOT003"


def test_vendor_bootloader_windows_left_to_driver_rules() -> None:
    text = MODEL100.replace("/home/firstname.lastname/.arduino15/packages/keyboardio/tools/dfu-util/0.10.0-arduino1/dfu-util",
                            "C:\\Users\\me\\AppData\\Local\\Arduino15\\packages\\keyboardio\\tools\\dfu-util\\0.10.0-arduino1\\dfu-util.exe")
    assert not any(f.id == "BOOT001" and "board's own bootloader" in (f.message or "") for f in found(text))


# --- dfu-util's suffix warning in lower case (older/vendor builds) ----------------------------------------------------------

# github.com/qmk/qmk_firmware/issues/1789 (maintainer: the warnings are normal)
SUFFIX_LOWER = """
dfu-util: invalid DFU suffix signature
dfu-util: A valid DFU suffix will be required in a future dfu-util release
"""


def test_lower_case_suffix_warning_benign() -> None:
    assert "invalid_suffix" in [e["kind"] for e in events(SUFFIX_LOWER, "dfu")]
    assert errors(SUFFIX_LOWER) == []


# --- Input Club configurator: no keyboard in flash mode --------------------------------------------------------------------

# github.com/kiibohd/configurator/issues/110 (Zadig driver for the flash-mode device fixed it)
KIIBOHD = "No Keyboard Found in flash mode. Press the reset button on the bottom of your keyboard to enter flash mode.\n"


def test_kiibohd_no_flash_device_row() -> None:
    ev = next(e for e in events(KIIBOHD, "flash") if e["kind"] == "app_no_flash_device")
    assert ev.get("fail")


def test_kiibohd_no_flash_device_is_usb004() -> None:
    assert ids(KIIBOHD)[0] == "USB004"


# --- dfu-programmer "Error opening": a quoted path is passed whole ---------------------------------------------------------

# github.com/qmk/qmk_firmware/issues/11509 (the downloaded hex was not there; a later retry flashed)
OPEN_QUOTED = """
>>> dfu-programmer.exe atmega32u4 erase --force
    Erasing flash...  Success
    Checking memory from 0x0 to 0x6FFF...  Empty.
>>> dfu-programmer.exe atmega32u4 flash --force "C:\\Users\\Ethan Zhou\\Downloads\\dztech_dz65rgb_v2_default_3c4ddde8.hex"
    Error opening C:\\Users\\Ethan Zhou\\Downloads\\dztech_dz65rgb_v2_default_3c4ddde8.hex
    See --debug=51 or greater for more information.
>>> dfu-programmer.exe atmega32u4 reset
"""


def test_quoted_path_with_space_is_missing_file() -> None:
    ev = next(e for e in events(OPEN_QUOTED, "dfu") if e["kind"] == "image_unreadable")
    assert not ev.get("odd_name")
    assert ids(OPEN_QUOTED)[0] == "FW005"


def test_unquoted_path_with_space_keeps_odd_name() -> None:
    text = OPEN_QUOTED.replace('flash --force "C:\\Users\\Ethan Zhou\\Downloads\\dztech_dz65rgb_v2_default_3c4ddde8.hex"',
                               "flash --force C:\\Users\\Ethan Zhou\\Downloads\\dztech_dz65rgb_v2_default_3c4ddde8.hex")
    ev = next(e for e in events(text, "dfu") if e["kind"] == "image_unreadable")
    assert ev.get("odd_name") is True
