"""Source audit, session 18, of the wrappers people run instead of the flashers: QMK's CLI (lib/python/qmk/cli/flash.py,
flashers.py, cli/doctor/, platforms/*/flash.mk), QMK Toolbox 0.0.x-0.3.4, arduino-cli 0.13-1.5.2-rc.1, the Arduino IDE 1.8.19
and 2.0-2.3.8, PlatformIO core 3.6-6.1.17 and KIAUH v5.1-v6.2.1. Lines are the sources' formats filled in."""

from __future__ import annotations

from textkit import first, kinds, serious

QMK_WAIT = "Flashing binary firmware...\nPlease reset your keyboard into bootloader mode now!\nPress Ctrl-C to exit.\n"


def test_qmk_flash_file_that_ends_in_its_silent_wait_is_no_bootloader() -> None:
    assert first(QMK_WAIT) == "BOOT001"
    assert first(QMK_WAIT + "\n^CΨ Ctrl-C was pressed, exiting...") == "BOOT001"
    assert "bootloader_wait" in kinds(QMK_WAIT, "flash")


def test_qmk_flash_file_wait_then_a_flasher_ran_is_not_the_wait() -> None:
    ok = QMK_WAIT + "\nConverting to uf2, output size: 109568, start address: 0x10000000\nFlashing E: (RPI-RP2)\nWrote 109568 bytes to E:/NEW.UF2"
    assert serious(ok) == []


def test_qmk_flash_file_dfu_programmer_no_device_after_the_cli_saw_it_is_access() -> None:
    text = QMK_WAIT + "\n" + "dfu-programmer: no device present.\n" * 3
    assert first(text) == "USB004"
    assert first("dfu-programmer: no device present.") == "BOOT006"  # run by hand: unchanged


def test_kiauh_v6_build_failure_is_a_failed_build() -> None:
    text = ("[ERROR] Command 'make PYTHON=python3 KCONFIG_CONFIG=/home/pi/klipper/.config' returned non-zero exit status 2.\n"
            "[ERROR] Building Klipper Firmware failed!")
    assert first(text) == "FW005"


def test_arduino_ide18_missing_tool_and_programmer() -> None:
    assert first("Could not find tool avrdude from package arduino") == "TOOL001"
    assert first("Could not find tool bossac") == "TOOL001"
    assert first("Please select a programmer from Tools->Programmer menu") == "GEN001"
    assert "programmer_required" in kinds("Please select a programmer from Tools->Programmer menu", "flash")


def test_arduino_ide2_monitor_open_errors_name_their_cause() -> None:
    head = "Port monitor error: command 'open' failed: "
    assert first(head + "Serial port busy. Could not connect to COM5 serial port.") == "SER003"
    assert first(head + "Serial port not found. Could not connect to COM10 serial port.") == "SER005"
    assert first(head + "Permission denied. Could not connect to /dev/ttyACM0 serial port.") == "SER004"


def test_arduino_ide18_core_missing_and_bootloader_file_are_not_silent() -> None:
    # (deepen-generic s19) the board's core, and so its compiler and upload tool, is not installed: TOOL001
    assert first("Selected board depends on 'arduino' core (not installed).") == "TOOL001"
    assert first("Bootloader file specified but missing: /home/me/.arduino15/packages/x/hardware/avr/1.0/bootloaders/b.hex") == "GEN001"


def test_1200_touch_wait_on_a_32u4_board_is_the_caterina_window() -> None:
    head = "Sketch uses 3956 bytes (13%) of program storage space. Maximum is {} bytes.\n"
    wait = "Performing 1200-bps touch reset on serial port COM4\nWaiting for upload port...\n"
    assert first(head.format(28672) + wait) == "BOOT008"
    assert first(head.format(262144) + wait) == "BOOT001"  # a SAMD board: its sketch did not take the touch
    ide18 = ('Arduino: 1.8.19 (Windows 10), Board: "Arduino Leonardo"\nForcing reset using 1200bps open/close on port COM4\n'
             "PORTS {COM4, } / {} => {}\nPORTS {} / {} => {}\n")
    assert first(ide18) == "BOOT008"


def test_qmk_doctor_old_udev_wording_and_uncloned_submodules() -> None:
    assert "udev_rules_missing" in kinds("⚠ Missing udev rules for 'dfu' boards. You'll need to use `sudo` in order to flash them.", "flash")
    assert first("☒ Submodule lib/chibios has not yet been cloned!\nΨ Problems detected, please fix these problems before proceeding.") == "FW005"


def test_qmk_console_hid_open_refused_is_access() -> None:
    assert first("☒ Could not connect to Keychron Keychron Q1 (3434:0107:1): OSError: open failed") == "USB004"
    assert first("Error: open failed") == "SWD001"  # OpenOCD's adapter open: unchanged


def test_scons_failed_build_product_is_a_failed_build() -> None:
    assert first("scons: *** [.pio/build/uno/src/main.cpp.o] Error 1\nscons: building terminated because of errors.") == "FW005"
    assert first("*** [.pioenvs/uno/firmware.elf] Error 1") == "FW005"
    assert "upload_failed" in kinds("*** [upload] Error 1", "flash")


def test_platformio_touch_serial_errors_inside_the_upload_action() -> None:
    head = "*** [upload] could not open port "
    assert first(head + "'COM3': PermissionError(13, 'Access is denied.', None, 5)") == "SER003"
    assert first(head + "/dev/ttyACM0: [Errno 13] Permission denied: '/dev/ttyACM0'") == "SER004"
    assert first(head + "/dev/ttyUSB0: [Errno 2] No such file or directory: '/dev/ttyUSB0'") == "SER005"


def test_platformio_project_errors_are_platformios_own_next_step() -> None:
    from textkit import findings
    line = "Error: Unknown environment names 'uno'. Valid names are 'nanoatmega328'"
    found = findings(line)
    assert found[0].id == "GEN001"
    assert "pio run -t upload -v" in (found[0].remediation or {}).get("text", "")


def test_kiauh_search_command_missing_is_a_missing_tool() -> None:
    text = ("###### Identifying MCU connected via USB in DFU mode ...\n[ERROR] Unable to find a USB DFU device!\n"
            "Command 'lsusb' returned non-zero exit status 127.\n[WARN] No MCUs found!")
    assert first(text) == "TOOL001"
