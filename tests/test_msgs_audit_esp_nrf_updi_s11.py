"""audit-esp-nrf-updi, session 11: espflash / cargo-espflash 1.x-4.x, adafruit-nrfutil 0.5.x and Nordic pc-nrfutil 0.5-6.x
serial DFU, pymcuprog 3.x and megaTinyCore/DxCore's SerialUPDI (tools/prog.py and its pymcuprog copy), avrdude's
jtagmkII.c as a jtag2updi run prints it, and micronucleus 2.x, read whole from their source. Every text is the source's
format filled in (a real port, a real id), not a quoted paste."""

from __future__ import annotations

from textkit import events, first, kinds, serious

# --- espflash ------------------------------------------------------------------------------------------------------

ESPFLASH_SERIAL_NOT_FOUND_UNDER_CONNECTION_FAILED = """
[2024-03-01T10:00:00Z INFO ] Serial port: 'COM3'
[2024-03-01T10:00:00Z INFO ] Connecting...
Error: espflash::connection_failed

  × Failed to open serial port COM3
  ├─▶ Error while connecting to device
  ╰─▶ Serial port not found
  help: Ensure that the device is connected and your host recognizes the serial adapter
"""

ESPFLASH_NO_SYNC = """
[2024-03-01T10:00:00Z INFO ] Serial port: '/dev/ttyUSB0'
[2024-03-01T10:00:00Z INFO ] Connecting...
Error: espflash::connection_failed

  × Error while connecting to device
  ╰─▶ Failed to connect to the device
  help: Ensure that the device is connected and the reset and boot pins are not being held down
"""


def test_espflash_connection_failed_code_follows_its_cause_line():
    # the cause line went to the serial table: the code line alone is flagged, and the port error decides
    assert [e.get("code_only") for e in events(ESPFLASH_SERIAL_NOT_FOUND_UNDER_CONNECTION_FAILED, "flash")
            if e["kind"] == "esp_connect_failed"] == [True]
    assert first(ESPFLASH_SERIAL_NOT_FOUND_UNDER_CONNECTION_FAILED) == "SER005"
    assert "BOOT001" not in serious(ESPFLASH_SERIAL_NOT_FOUND_UNDER_CONNECTION_FAILED)
    assert first(ESPFLASH_NO_SYNC) == "BOOT001"
    assert first("Error: espflash::connection_failed\n") == "BOOT001"


def _espflash_open(cause: str, port: str = "/dev/ttyACM0") -> str:
    return (f"[2024-03-01T10:00:00Z INFO ] Serial port: '{port}'\n[2024-03-01T10:00:00Z INFO ] Connecting...\n"
            f"Error: espflash::serial_error\n\n  × Failed to open serial port {port}\n  ├─▶ Error while connecting to device\n"
            f"  ╰─▶ IO error while using serial port: {cause}\n")


def test_espflash_serial_io_error_names_the_os_cause():
    assert first(_espflash_open("Permission denied")) == "SER004"
    assert first(_espflash_open("Device or resource busy")) == "SER003"
    assert first(_espflash_open("Access is denied.", "COM4")) == "SER003"
    assert "serial_no_ports" in kinds("Error: espflash::no_serial\n\n  × No serial ports could be detected\n", "serial")


def test_espflash_link_and_rom_errors_are_claimed():
    slip = ("Error: espflash::slip_framing\n\n  × Communication error while flashing device\n"
            "  ╰─▶ Received packet has invalid SLIP framing\n")
    assert "esp_link_failed" in kinds(slip, "flash")
    assert first(slip) == "GEN001"
    assert first("$ espflash flash -B 921600 target/riscv32imc-unknown-none-elf/release/app\n" + slip) == "SER007"
    timeout = "Error: espflash::timeout\n\n  × Error while connecting to device\n  ╰─▶ Timeout while running FlashDetect command\n"
    assert "esp_link_failed" in kinds(timeout, "flash")
    rom = ("Error: espflash::rom::flash_write\n\n  × The bootloader returned an error\n  ├─▶ Error while running FlashData command\n"
           "  ╰─▶ Bootloader failed to write to flash\n")
    assert "esp_write_failed" in kinds(rom, "flash")
    assert first(rom) == "GEN001"


def test_espflash_image_chip_and_flash_errors():
    big = ("Error: espflash::image_too_big\n\n  × Supplied ELF image of 1703936B is too big, and doesn't fit configured app "
           "partition of 1048576B\n")
    assert first(big) == "FW004"
    assert first("Error:\n  × Supplied elf image is too big and doesn't fit configured app partition\n") == "FW004"
    assert first("Error: espflash::invalid_elf\n\n  × Supplied ELF image is not valid\n") == "FW005"
    assert first("Error: espflash::unsupported_chip_revision\n\n  × Minimum supported revision is 0.3, connected device's "
                 "revision is 0.1. Use --force to override this check. Use with caution!\n") == "FW002"
    for text, kind in (("  × Verification of flash content failed", "esp_verify_failed"),
                       ("  × Failed to connect to on-device flash", "esp_flash_unverified"),
                       ("  × Flash chip not supported, unrecognized flash ID: 0xff", "esp_flash_unverified"),
                       ("  × unrecognized magic value: 0xdeadbeef", "esp_unknown_chip"),
                       ("  × Chip not recognized, supported chip types are esp32, esp32-c3, esp32-s2, esp32-s3, and esp8266", "esp_unknown_chip"),
                       ("  × No serial port was provided", "esp_usage")):
        t = "Error: espflash::x\n\n" + text + "\n"
        assert kind in kinds(t, "flash"), text
        assert first(t) == "GEN001", text


def test_espflash_healthy_runs_are_quiet():
    v3 = """
[2024-03-01T10:00:00Z WARN ] Pre-connection option 'NoReset' was selected. Connection may fail if the chip is not in bootloader or flasher stub mode.
[2024-03-01T10:00:00Z INFO ] Serial port: '/dev/ttyACM0'
[2024-03-01T10:00:00Z INFO ] Connecting...
[2024-03-01T10:00:00Z INFO ] Using flash stub
[2024-03-01T10:00:00Z WARN ] Setting baud rate higher than 115,200 can cause issues
[2024-03-01T10:00:00Z WARN ] Could not detect flash size (FlashID=0x00, SizeID=0x00), defaulting to 4MB
Chip type:         esp32c3 (revision v0.4)
Crystal frequency: 40 MHz
Flash size:        4MB
Features:          WiFi, BLE
MAC address:       60:55:f9:c0:39:7c
App/part. size:    236,768/4,128,768 bytes, 5.74%
[2024-03-01T10:00:05Z INFO ] Flashing has completed!
"""
    assert serious(v3) == []
    assert "flash_done" in kinds(v3, "flash")
    v1 = "Serial port: /dev/ttyUSB0\nConnecting...\n\nChip type:         ESP32 (revision 1)\n\nFlashing has completed!\n"
    assert serious(v1) == []


# --- adafruit-nrfutil / Nordic pc-nrfutil ----------------------------------------------------------------------------

def test_nrfutil_old_headers_and_click_package_check():
    old = ("Upgrading target on COM7 with DFU package C:\\Temp\\Blink.ino.zip. Flow control is disabled, Dual bank mode\n"
           "########################################\nActivating new firmware\nDevice programmed.\n")
    assert "flash_command" in kinds(old, "flash")
    assert serious(old) == []
    pkg = ('Usage: adafruit-nrfutil dfu serial [OPTIONS]\n\nError: Invalid value for "-pkg" / "--package": '
           'Path "/tmp/arduino_build_7/sketch.ino.zip" does not exist.\n')
    assert first(pkg) == "FW005"


def test_pc_nrfutil_serial_dfu_exceptions():
    assert first("pc_ble_driver_py.exceptions.NordicSemiException: No ping response after opening COM port\n") == "BOOT001"
    for text in ("pc_ble_driver_py.exceptions.NordicSemiException: Response Code InvalidObject",
                 "pc_ble_driver_py.exceptions.NordicSemiException: A device with serial number 683456789 is not connected.",
                 "pc_ble_driver_py.exceptions.NordicSemiException: Did not receive checksum response from DFU target. If MSD is "
                 "enabled on the target device, try to disable it ref. https://wiki.segger.com/index.php?title=J-Link-OB_SAM3U"):
        assert "dfu_failed" in kinds(text + "\n", "flash"), text
        assert first(text + "\n") == "GEN001", text
    # (firmware-build s22) extended error 0x07, the SoftDevice mismatch, has its own row and rule now (tests/test_firmwarebuild_s22.py)
    text = ("pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x07: The array of supported SoftDevices for the "
            "update does not contain the FWID of the current SoftDevice.\n")
    assert "dfu_failed" in kinds(text, "flash") and "dfu_sd_mismatch" in kinds(text, "flash")
    assert first(text) == "FW001"


def test_pc_nrfutil_port_open_reason_is_the_os_text():
    assert first("pc_ble_driver_py.exceptions.NordicSemiException: Serial port could not be opened on /dev/ttyACM0. "
                 "Reason: Permission denied\n") == "SER004"
    assert "serial_no_such_port" in kinds("NordicSemiException: Serial port could not be opened on /dev/ttyACM1. "
                                          "Reason: No such file or directory\n", "serial")


# --- pymcuprog / SerialUPDI -------------------------------------------------------------------------------------------

def test_serialupdi_sib_unreadable_is_the_updi_link():
    text = ("pymcuprog.serialupdi.application - WARNING - Unable to read SIB from device; attempting double-break recovery...\n"
            "pymcuprog.serialupdi.application - ERROR - Double-break recovery failed.  Unable to contact device.\n"
            "pymcuprog.pymcuprog_errors.PymcuprogSerialUpdiError: Failed to read device info.\n")
    assert first(text) == "AVR005"
    # the CS-register warning alone is the tool retrying: not a failure of its own
    # (avr-swd-tools s24w2) one failed check, then the double break: serialupdi/link.py _check_datalink logs one line per
    # check (the warning or "UPDI not OK"), so the two lines together were both checks failing, which init_datalink
    # follows with the raise (tests/test_avrswd_s24w2.py)
    retry = ("pymcuprog.serialupdi.link - WARNING - UPDI init failed: Can't read CS register. likely wiring error.\n"
             "pymcuprog.serialupdi.physical - INFO - Sending double break\n")
    assert first(retry) is None


def test_pymcuprog_device_id_and_lock():
    mismatch = ("pymcuprog.pymcuprog_main - ERROR - Operation failed with PymcuprogSessionError: Device ID mismatch: "
                "read out '1E9221'; expected '1E9223'.\n")
    assert first(mismatch) == "FW002"
    locked = ("Connecting to SerialUPDI\nPinging device...\n"
              "The device is in a locked state and is not accessible; a chip erase is required.\nLocked AVR UPDI devices can:\n"
              " - be unlocked using command: erase --chip-erase-locked-device\nDone.\n")
    assert "target_locked" in kinds(locked, "flash")
    assert first(locked) == "GEN001"


def test_pymcuprog_and_prog_py_failures_are_never_silent():
    for text in ("pymcuprog.pymcuprog_errors.PymcuprogSerialUpdiError: Key not accepted",
                 "pymcuprog.pymcuprog_main - ERROR - Operation failed with PymcuprogSerialUpdiNvmTimeout: Timeout waiting for "
                 "NVM controller to be ready after page write",
                 "Error: Cannot connect, 'Unable to connect to USB device'",
                 "__main__.PyMcuException: Cannot start session!",
                 "Unable to setup stack for device attiny1616x"):
        assert "updi_failed" in kinds(text + "\n", "flash"), text
        assert first(text + "\n") == "GEN001", text
    ok = ("SerialUPDI\nUPDI programming for Arduino using a serial adapter\nBased on pymcuprog, with significant modifications\n"
          "By Quentin Bolsee and Spence Konde\nVersion 1.3.1 - Aug 2025\nUsing serial port /dev/ttyUSB0 at 230400 baud.\n"
          "Target: attiny1614\nAction: write\nSetting fuse 0x2=0x2\nFinished writing fuses.\nAction took 1.23s\n")
    assert serious(ok) == []


# --- jtag2updi through avrdude's jtagmkII.c -----------------------------------------------------------------------------

def test_jtagmkii_wrong_programmer_and_failed_commands_are_claimed():
    neither = ("avrdude: jtagmkII_getsync(): got 6 bytes, expected 1 or more\n"
               "avrdude: Programmer is neither JTAG ICE mkII nor AVR Dragon\n")
    assert "programmer_wrong_type" in kinds(neither, "avrdude")
    assert first(neither) == "GEN001"
    rsp = ("avrdude: jtagmkII_paged_write(): bad response to write memory command: RSP_FAILED\n"
           "avrdude: failed to write flash memory, rc=-1\n")
    assert "jtag_command_failed" in kinds(rsp, "avrdude")
    assert first(rsp) == "GEN001"


# --- micronucleus ----------------------------------------------------------------------------------------------------------

def test_micronucleus_reset_vector_refusal():
    text = ("> Starting to upload ...\nThe reset vector of the user program does not contain a branch instruction,\n"
            "therefore the bootloader can not be inserted. Please rearrange your code.\n"
            ">> Flash write error: Exec format error has occured ...\n>> Please unplug the device and restart the program.\n")
    assert "image_rejected" in kinds(text, "flash")
    assert first(text) == "GEN001"
