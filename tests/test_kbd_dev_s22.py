"""(kbd-dev s22) Keyboard and maker-board states read from their own output formats:

- the nRF52 UF2 bootloader's INFO_UF2.TXT (Adafruit_nRF52_Bootloader src/usb/uf2/ghostfat.c and its nice!nano / XIAO / OTAFIX
  builds) saying "SoftDevice: not found", in a text that reports a failure: FW001 (an image linked behind the S140 SoftDevice
  is never started by a bootloader without one; rmk#799);
- QMK Toolbox's log holding only the keyboard's running firmware ("HID console connected"), no bootloader device: BOOT001
  (qmk_toolbox#424);
- prose setting the two RP boards side by side ("works on the pico but isn't flashing on the pico 2"): RP003 (qmk_firmware#25302).

Texts marked "from the source's format" are built from the tools' printf formats, not pasted by anyone."""

from __future__ import annotations

from textkit import events, findings, first, serious

# from the source's format: ghostfat.c 0.6.2+ (no "version" word), a board whose SoftDevice is gone
INFO_NOSD = """UF2 Bootloader 0.9.2-OTAFIX2.1-BP1.2 lib/nrfx (v2.0.0) lib/tinyusb (0.12.0-145-g9775e7691) lib/uf2 (remotes/origin/configupdate-9-gadbb8c7)
Model: nice!nano
Board-ID: nRF52840-nicenano
Date: Dec 22 2025
SoftDevice: not found"""

# from the source's format: ghostfat.c 0.3.2-0.6.1 (sprintf "S%lu version %lu.%lu.%lu")
INFO_SD_OLD = """UF2 Bootloader 0.3.2 lib/nrfx (v2.0.0) lib/tinyusb (legacy-755-g55874813) lib/uf2 (heads/master)
Model: Adafruit Feather nRF52840 Express
Board-ID: nRF52840-Feather-revD
SoftDevice: S140 version 6.1.1
Date: May 13 2020"""

FAILS = "After copying zmk.uf2 onto the drive I am unable to get the keyboard running, it does not show up in dmesg."


def test_info_uf2_softdevice_lines_are_read():
    assert [e["kind"] for e in events(INFO_NOSD, "flash", "uf2-copy")] == ["uf2_no_softdevice"]
    assert events(INFO_SD_OLD, "flash", "uf2-copy") == []
    assert events("SoftDevice: S140 6.1.1", "flash", "uf2-copy") == []


def test_no_softdevice_with_a_failure_is_fw001():
    assert first(INFO_NOSD + "\n\n" + FAILS) == "FW001"
    assert first(FAILS + "\n\n" + INFO_NOSD) == "FW001"


def test_no_softdevice_alone_or_with_a_softdevice_is_not_fw001():
    # a board without SoftDevice that runs a nosd build (MicroPython, RMK) is healthy: the state alone says nothing failed
    assert serious(INFO_NOSD) == []
    assert "FW001" not in serious(INFO_SD_OLD + "\n\n" + FAILS)
    assert "FW001" not in serious(INFO_SD_OLD.replace("version 6.1.1", "6.1.1") + "\n\n" + FAILS)


def test_info_uf2_keeps_finders_benign_copy_errors():
    # the INFO lines start the uf2-copy block, so macOS 14.5's spurious "device disappeared" after them stays benign
    text = INFO_SD_OLD + "\n...\nThe operation can’t be completed because the device disappeared.\n"
    assert serious(text) == []


# QMK Toolbox 0.2-0.3 log lines (from the source's format: MainWindow's "HID console connected: {name} ({vid}:{pid}:{rev})")
def test_toolbox_only_hid_console_is_boot001():
    assert first("HID console connected: Keychron Keychron Q1 (3434:0107:0205)") == "BOOT001"
    assert first("*** HID console connected: TMK  - WhiteFox (FEED:0F0F:0001)\nHID console disconnected: TMK  - WhiteFox (FEED:0F0F:0001)") == "BOOT001"


def test_toolbox_hid_console_beside_a_bootloader_is_not_boot001():
    text = """HID console connected: Keychron Keychron Q1 (3434:0107:0205)
STM32 DFU device connected (WinUSB): STMicroelectronics STM32  BOOTLOADER (0483:DF11:2200)
Attempting to flash, please don't remove device
> Download done.
Flash complete
STM32 DFU device disconnected (WinUSB): STMicroelectronics STM32  BOOTLOADER (0483:DF11:2200)"""
    assert "BOOT001" not in serious(text)
    # EEPROM clear also needs the bootloader
    text2 = "HID console connected: Keychron Keychron Q1 (3434:0107:0205)\nCaterina device connected (usbser): Microsoft USB Serial Device (COM8) (2341:0037:0001) [COM8]\nAttempting to clear EEPROM, please don't remove device\nEEPROM clear complete"
    assert "BOOT001" not in serious(text2)


def test_two_rp_boards_side_by_side_is_rp003():
    assert first("It works on original pi pico 2040 but it isn't flashing on pi pico 2 (2350)") == "RP003"
    assert first("The same uf2 works fine on my Pico W but doesn't boot on the Pico 2 W.") == "RP003"
    assert first("Flashed it on an RP2040 and it runs, but it will not run on the RP2350.") != "RP003"  # no "works on <pico>" said


def test_two_rp_boards_not_said_as_a_fact_is_quiet():
    for text in (
        "Does it work on the pico but not flash on the pico 2?",                      # asked
        "It works on the pico but isn't flashing on the pico 2, any idea why?",       # asked
        "Make sure it works on the pico but does not flash on the pico 2 first.",     # advice
        "It doesn't work on the pico but it isn't flashing on the pico 2 either.",    # negated before the works
        "If it works on the pico but won't flash on the pico 2, build it for the rp2350.",  # a condition
        "It works on the pico but isn't flashing on the ESP32.",                       # another board
        "QMK does not support it yet; it works on the pico but cannot run on the pico 2.",  # a capability statement
    ):
        assert "RP003" not in serious(text), text


# (review s22) 1. the HID console in use is no Toolbox waiting for a bootloader: the keyboard's console output right under the
# line (the Toolbox prints it after "> ", which a Markdown-quoted paste or the splitter strips), or a text saying the console is
# used to debug or that flashing works. From the source's format (Toolbox 0.2-0.3 MainWindow, QMK's console output)
def test_toolbox_hid_console_in_use_is_not_boot001():
    for text in (
        "*** HID console connected: possiblyneil janck (DEAD:BEEF:0001)\n  > KL: kc: 43, col: 0, row: 0, pressed: 1\n"
        "    keyboard_report: 00 00 2B 00 00 00 00 00\n\nThere is nada from column 3 when keys are pressed.",
        "HID console connected: Drop Planck (03A8:A4F9:0007)\n> V\n> raw 0->338\n> ENC QWV",
        "I am using the QMK Toolbox HID console to debug my matrix, output below:\n"
        "HID console connected: Keychron Keychron Q1 (3434:0107:0205)",
        "Flash works fine, but my encoder does nothing. Console:\nHID console connected: Keychron Keychron Q1 (3434:0107:0205)",
    ):
        assert "BOOT001" not in serious(text), text
    # the bare line (qmk_toolbox#424), and prose under it after a blank line or as a sentence, still fire
    assert first("HID console connected: Keychron Keychron C2 Pro (3434:0520:0101)") == "BOOT001"
    assert first("HID console connected: Keychron Keychron Q1 (3434:0107:0205)\n"
                 "The Flash button stays greyed out and nothing else shows up.") == "BOOT001"


# (review s22) 2. decided over the paste: another QMK Toolbox log of it that saw a bootloader and flashed
def test_toolbox_hid_console_beside_another_logs_flash_is_not_boot001():
    from doctor import engine
    from doctor.facts import merge, new
    from textkit import facts
    a1 = facts("HID console connected: Keychron Keychron Q1 (3434:0107:0205)", "a1.txt")
    dfu = facts("""HID console connected: Keychron Keychron Q1 (3434:0107:0205)
STM32 DFU device connected (WinUSB): STMicroelectronics STM32  BOOTLOADER (0483:DF11:2200)
Attempting to flash, please don't remove device
> Download done.
Flash complete""", "dfu.txt")
    ids = [f.id for f in engine.evaluate(merge(merge(new("analyze"), a1), dfu))]
    assert "BOOT001" not in ids
    assert "BOOT001" in [f.id for f in engine.evaluate(merge(new("analyze"), a1))]


# (review s22) 3. "SoftDevice: not found" is a warning, and quiet beside a no-SoftDevice build or firmware said to run
def test_no_softdevice_is_a_warning_and_quiet_for_nosd_builds():
    assert [f.severity for f in findings(INFO_NOSD + "\n\n" + FAILS) if f.id == "FW001"] == ["warning"]
    for tail in (
        "Flashed peripheral-right.uf2 and the keys work over USB, but the right half fails to connect to the dongle over BLE.",
        "west build -b nice_nano_v2 -S nrf52840-nosd\nRMK runs fine. Only the battery LED failed to light, error: LED not found in devicetree.",
        "It is linked at 0x1000 but the keyboard is not detected after copying.",
    ):
        assert "FW001" not in serious(INFO_NOSD + "\n\n" + tail), tail
    assert first(INFO_NOSD + "\nI cannot get it to boot, nothing happens after copying the uf2.") == "FW001"


# (review s22) 4. solved stories and a build already made for the RP2350 are no RP003
def test_two_rp_boards_solved_or_built_for_rp2350_is_quiet():
    for text in (
        "It works on my Pico but it isn't flashing on the Pico 2 because I had the BOOTSEL button wrong, now it's fine.",
        "It works on the pico but it isn't flashing on pi pico 2 (2350) — turned out my USB cable was bad.",
        "I thought it works on the pico but does not run on the pico 2, turns out it does run on both.",
        "Works on the Pico, but it's not flashing on the Pico 2 until I hold BOOTSEL, then it works.",
        "It works on the pico but isn't flashing on the pico 2 (I built it for rp2350 with PICO_BOARD=pico2).",
        "It works on the Pico 2 but not on the Pico.",
        "It works on the pico but not sure if it runs on the pico 2 yet.",
    ):
        assert "RP003" not in serious(text), text


# (review s22) 5. "doesnt", a bare "but not on", a negation far before the "works"
def test_two_rp_boards_more_wordings_are_rp003():
    for text in (
        "It works on pico w but doesnt work on pico 2 w",
        "Works on the Pico but not on the Pico 2",
        "Not sure why, it works on the pico but won't boot on the pico 2.",
    ):
        assert first(text) == "RP003", text
