"""Rows and rules of the proxmark-sec helper (session 13): HackRF host tools, the Proxmark3 flasher's port errors, nitropy's
bootloader connection, ModemManager's probe bytes in a console, objcopy refusing an image, ChameleonMini's upgrade script."""

from __future__ import annotations

from tests.textkit import events, first, kinds, serious

# --- HackRF host tools (greatscottgadgets/hackrf hackrf_info.c, hackrf_spiflash.c, libhackrf hackrf_error_name) -----------


def test_hackrf_open_access_denied_is_usb_permission() -> None:
    text = "hackrf_info version: 2023.01.1\nlibhackrf version: 2023.01.1 (0.8)\nFound HackRF\nIndex: 0\n" \
           "hackrf_open() failed: Access denied (insufficient permissions) (-1000)\n"
    assert "usb_access_denied" in kinds(text, "flash")
    assert first(text) == "USB004"


def test_hackrf_old_libusb_error_after_listing_is_usb_permission() -> None:
    text = "Found HackRF board 0:\nhackrf_open() failed: HACKRF_ERROR_LIBUSB (-1000)\n"
    assert first(text) == "USB004"


def test_hackrf_resource_busy_is_port_held() -> None:
    for text in ("hackrf_operacake -m manual -a 0 -b 4\nhackrf_open() failed: Resource busy (-1000)\n",
                 "hackrf_open() failed: HackRF busy (-6)\n"):
        assert first(text) == "SER003", text


def test_hackrf_no_boards_is_not_on_bus() -> None:
    for text in ("hackrf_info version: 2021.03.1\nlibhackrf version: 2021.03.1 (0.6)\nNo HackRF boards found.\n",
                 "hackrf_info version unknown\nlibhackrf version unkown (0.5)\nNo hackrf boards found\n"):
        assert first(text) == "USB001", text


def test_hackrf_spiflash_image_file_missing() -> None:
    for text in ("$hackrf_spiflash -w hackrf_one_usb_rom_to_ram.bin\nError to open file hackrf_one_usb_rom_to_ram.bin\n",
                 "hackrf_spiflash -w firmware-bin/hackrf_one_usb.bin\nError opening file firmware-bin/hackrf_one_usb.bin\n"):
        assert first(text) == "FW005", text


def test_hackrf_spiflash_read_output_file_is_no_missing_image() -> None:
    text = "hackrf_spiflash -r dump.bin\nError to open file dump.bin\n"
    assert "image_missing" not in kinds(text, "flash")
    assert first(text) != "FW005"


def test_hackrf_spiflash_incompatible_image() -> None:
    text = "File size 42500 bytes.\nChecking target device compatibility\nCompatibility test failed.\n"
    assert first(text) == "FW002"


def test_hackrf_healthy_spiflash_write_has_no_finding() -> None:
    text = "File size 35444 bytes.\nChecking target device compatibility\nErasing SPI flash.\nWriting 35444 bytes at 0x000000.\n"
    assert serious(text) == []


# --- Proxmark3 flasher (RfidResearchGroup/proxmark3 client/src/comms.c, flash.c) -------------------------------------------


def test_pm3_port_claimed_by_another_process_is_held_port() -> None:
    text = "[!] ERROR: serial port /dev/ttyACM0  is claimed by another process\n"
    ev = events(text, "flash", "proxmark3")
    assert ev and ev[0]["kind"] == "serial_port_busy" and ev[0]["port"] == "/dev/ttyACM0"
    assert first(text) == "SER003"


_WIN_REAPPEAR = """[+] Waiting for Proxmark3 to appear on COM5
[\\] 56 found
[+] Entering bootloader...
[+] (Press and release the button only to abort)
[+] Waiting for Proxmark3 to appear on COM5
[|]  0
[!] ERROR: invalid serial port COM5

[!!] Error: Proxmark3 not found.
[!] Sending bytes to Proxmark3 failed.offline
[+] All done

Have a nice day!
"""


def test_pm3_windows_bootloader_not_back_on_same_com_port() -> None:
    ev = events(_WIN_REAPPEAR, "flash", "proxmark3")
    assert any(e["kind"] == "pm3_invalid_port" and e.get("stage") == "reappear" for e in ev)
    assert not any(e["kind"] == "flash_succeeded" for e in ev)  # "All done" after a flash that never started
    assert first(_WIN_REAPPEAR) == "BOOT001"


def test_pm3_macos_waits_forever_for_usbmodem_to_reappear() -> None:
    text = "Waiting for Proxmark to reappear on /dev/tty.usbmodem881..................\n"
    ev = events(text, "flash", "proxmark3")
    assert ev[-1]["port"] == "/dev/tty.usbmodem881" and ev[-1].get("unfinished")
    assert first(text) == "SER005"


def test_pm3_reappear_found_is_no_renamed_port() -> None:
    text = ("Waiting for Proxmark to appear on /dev/tty.usbmodem1411. Found.\nEntering bootloader...\n"
            "(Press and release the button only to abort)\nWaiting for Proxmark to reappear on /dev/tty.usbmodem1411....... Found.\n"
            "Flashing...\nWriting segments for file: fullimage.elf\n 0x00102000..0x00130ddf [0x2ede0 / 375 blocks]..... OK\n"
            "Resetting hardware...\nAll done.\nHave a nice day!\n")
    assert serious(text) == []


# --- nitropy (Nitrokey/pynitrokey cli/trussed/update.py, helpers.py) --------------------------------------------------------


def test_nitropy_bootloader_connection_error_is_udev() -> None:
    text = """Command line tool to interact with Nitrokey devices 0.12.3
Current firmware version:  v1.8.1
Updated firmware version:  v1.8.3

Please press the touch button to reboot the device into bootloader mode ...

Critical error:
An unhandled exception occurred
\tException encountered: SPSDKConnectionError()
"""
    assert first(text) == "USB004"


def test_nitropy_mcuboot_unable_to_open_bootloader_hidraw() -> None:
    text = ("psdk.mboot.exceptions.McuBootConnectionError: MBoot: Connection issue -> Unable to open device "
            "'b'/dev/hidraw7'' VID=8352 PID=17117 SN=''\n")
    assert first(text) == "USB004"


# --- ModemManager's probe bytes echoed by a device console ----------------------------------------------------------------


def test_modemmanager_probe_echo_in_console() -> None:
    for text in ("ATE1 E0 ATE1 E0 ATE1 E0 ~x~~x~\nSyntax error at char 2\n",
                 ">>> AT+GCAP\nTraceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name 'AT' is not defined\n"):
        assert first(text) == "SER002", text


# --- objcopy refusing the image a flash script converts --------------------------------------------------------------------


def test_objcopy_file_format_not_recognized_is_bad_image() -> None:
    for text in (r"B:\Downloads\avr-objcopy.exe:B:\Downloads\Chameleon-Mini.hex: File format not recognized",
                 "arm-none-eabi-objcopy: build/firmware.elf: file format not recognized",
                 "arm-none-eabi-objcopy: 'build/firmware.elf': No such file"):
        assert first(text) == "FW005", text


# --- ChameleonMini's Windows upgrade script (emsec/ChameleonMini ChameleonFirmwareUpgrade.bat) ------------------------------


def test_chameleon_bat_no_device_present_is_windows_driver() -> None:
    text = ("dfu-programmer: no device present.\n"
            "There was an error with executing this command. Maybe your ChameleonMini is not in bootloader mode?\n")
    assert first(text) == "USB004"


def test_chameleon_bat_missing_files() -> None:
    assert first("Cannot find dfu-programmer.exe. Please run this .bat script in the same directory where dfu-programmer.exe is saved.") == "TOOL001"
    assert first("Cannot find Chameleon-Mini.hex. Please run this .bat script in the same directory where Chameleon-Mini.eep "
                 "and Chameleon-Mini.hex are saved.") == "FW005"


# --- qFlipper's log (flipperdevices/qFlipper usbdevicedetector.cpp, serialinithelper.cpp) --------------------------------


def test_qflipper_usb_access_denied_is_udev() -> None:
    text = ("202 [APP] qFlipper version 1.3.3 commit bfce851d 2023-11-10T02:40:31\n"
            "204 [USB] Failed to open device: Access denied (insufficient permissions)\n"
            "224 [USB] Failed to open device: Access denied (insufficient permissions)\n")
    assert first(text) == "USB004"


def test_qflipper_serial_port_busy_takes_the_port_it_used() -> None:
    text = ("971 [DBG] Using  serial port  at /dev/ttyUSB0\n"
            "2020 [RPC] Failed to start RPC session: Failed to open serial port: Device or resource busy\n")
    ev = [e for e in events(text, "flash", "qflipper") if e["kind"] == "serial_port_busy"]
    assert ev and ev[0]["port"] == "/dev/ttyUSB0"
    assert first(text) == "SER003"


def test_qflipper_healthy_start_has_no_finding() -> None:
    text = ("1701 [APP] qFlipper version 1.3.2 commit 7b0839e1 2023-06-08T04:58:22\n"
            "1717 [REG] Detected new device: VID_0x483:PID_0x5740\n"
            "1896 [DBG] Using  serial port flip_Ryol at /dev/ttyACM0\n")
    assert serious(text) == []
