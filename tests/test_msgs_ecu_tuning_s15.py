"""Session 15, area ecu-tuning: the rows and rules added for the threads gathered in /work/heldout16/ecu-tuning
(rusEFI/FOME consoles, OpenBLT's BootCommander, ELM327 tools, a newer JDK's "Exec failed" wording, an OpenOCD
target file for another STM32 generation)."""

from __future__ import annotations

from tests.textkit import events, first, serious

BANNER = """
--------------------------------------------------------------------------
BootCommander version 1.04.03. Performs firmware updates on a micro-
controller based system that runs the OpenBLT bootloader.

Copyright (c) 2017 by Feaser  http://www.feaser.com
-------------------------------------------------------------------------
Processing command line parameters...[OK]
Detected firmware file: deliver/rusefi_update.srec
Detected session protocol: XCP version 1.0
Using session protocol settings:
  -> Timeout T1: 1000 ms
  -> Timeout T3: 2000 ms
  -> Timeout T4: 10000 ms
  -> Timeout T5: 1000 ms
  -> Timeout T6: 50 ms
  -> Timeout T7: 2000 ms
  -> Seed/Key file: None
  -> Connection mode: 0
Detected transport layer: XCP on USB
Using transport layer settings:
  -> No additional settings required.
"""

# rusefi/rusefi#5365: the first CONNECT times out while the application runs; the backdoor entry then reaches OpenBLT
BACKDOOR_OK = BANNER + """Loading firmware data from file...[OK]
  -> Number of segments: 3
  -> Base memory address: 0x08008000
  -> Total data size: 525370 bytes
Connecting to target bootloader...[TIMEOUT]
Attempting backdoor entry (reset system if this takes too long)...libusb: error [udev_hotplug_event] ignoring udev action bind
[OK]
Erasing 520 bytes starting at 0x08008000...[OK]  
Programming 520 bytes starting at 0x08008000...[OK]
Finishing programming session...[OK]
"""


def test_a_bootcommander_run_through_the_backdoor_entry_is_healthy() -> None:
    assert serious(BACKDOOR_OK) == []
    assert any(e["kind"] == "flash_succeeded" for e in events(BACKDOOR_OK, "flash", "bootcommander"))


def test_bootcommander_left_waiting_at_the_backdoor_entry_never_reached_openblt() -> None:
    text = BANNER + "Loading firmware data from file...[OK]\nConnecting to target bootloader...[TIMEOUT]\n" \
        "Attempting backdoor entry (reset system if this takes too long)...\n"
    assert first(text) == "BOOT001"


def test_bootcommander_step_failures() -> None:
    assert first(BANNER + "Loading firmware data from file...[ERROR]\n") == "FW005"
    assert first("Connecting to target bootloader...[OK]\nPerforming info table check...[ABORT]\n") == "FW002"
    # an erase that failed inside the session is not explained by an entry, but is never silent
    assert first("Connecting to target bootloader...[OK]\nErasing 520 bytes starting at 0x08008000...[ERROR]\n") == "GEN001"


# rusefi/rusefi#3286: the console's block after DfuSeCommand's 0x12340005
DFUSE_DRIVER = """
ERROR: Maybe DFU device not attached? Please check Device Manager.
ERROR: Maybe ST DFU Driver is missing?
ERROR: Maybe driver conflict with STM32Cube?
ERROR: Reminder about 'Install Drivers' button on top of rusEFI splash screen
Windows 10 10.0 amd64
"""


def test_the_ecu_consoles_dfu_driver_checks_point_at_the_windows_driver() -> None:
    assert first(DFUSE_DRIVER) == "USB004"
    assert first("*** DRIVER ERROR? *** Did you have a chance to try 'Install Drivers' button on top of FOME console start screen?") == "USB004"
    assert first("************* YOU NEED TO REMOVE LEGACY DFU DRIVER ***************") == "USB004"


def test_the_rusefi_openblt_update_messages() -> None:
    # rusefi/rusefi#8597: no new OpenBLT port appeared (a console bug there): quoted, never silent
    assert first("Waiting for new OpenBlt port to appear.......\nLooks like your ECU disappeared during the update process. Please try again.") == "GEN001"
    assert first("Reboot command [reboot_openblt] sent into serial=COM14!\nLooks like your ECU still haven't rebooted to OpenBLT") == "BOOT001"


# brendan-w/python-OBD#26: the adapter runs at 115200, opened at the default 38400
OBD_GARBLED = """
[obd] Serial port successfully opened on /dev/ttyUSB1
[obd] write: 'ATZ\\r\\n'
[obd] wait: 1 seconds
[obd] __read() found nothing
[obd] __read() never recieved prompt character
[obd] read: '~f\\xfa\\x9e'
"""

OBD_AUTO_GARBLED = """
[obd.elm327] Initializing ELM327: PORT=/dev/ttyUSB0 BAUD=auto PROTOCOL=auto
[obd.elm327] Response from baud 38400: ''
[obd.elm327] Response from baud 9600: ''
[obd.elm327] Response from baud 230400: '\\x7f\\xff\\xf8'
[obd.elm327] Response from baud 115200: '\\xff\\xff'
[obd.elm327] Failed to choose baud
[obd.elm327] closing port
[obd.elm327] Failed to set baudrate
[obd.obd] Cannot load commands: No connection to car
"""

OBD_SILENT = """
[obd.elm327] Initializing ELM327: PORT=\\.\\COM5 BAUD=auto PROTOCOL=auto
[obd.elm327] Response from baud 38400: b''
[obd.elm327] Response from baud 9600: b''
[obd.elm327] Failed to choose baud
[obd.elm327] Failed to set baudrate
[obd.obd] Cannot load commands: No connection to car
"""

OBD_OK = """
[obd.elm327] Initializing ELM327: PORT=/dev/rfcomm0 BAUD=auto PROTOCOL=auto
[obd.elm327] Response from baud 38400: b'\\x7f\\x7f\\r?\\r\\r>'
[obd.elm327] Choosing baud 38400
[obd.elm327] write: b'ATZ\\r'
[obd.elm327] read: b'ATZ\\r\\r\\rELM327 v2.1\\r\\r>'
"""


def test_python_obd_bytes_with_no_elm_text_are_a_baud_mismatch() -> None:
    assert first(OBD_GARBLED) == "SER007"
    assert first(OBD_AUTO_GARBLED) == "SER007"


def test_python_obd_with_no_reply_at_all_is_not_called_a_baud_mismatch() -> None:
    assert first(OBD_SILENT) == "GEN001"
    assert serious(OBD_OK) == []


# cedricp/ddt4all#695: an OBDLink SX that Renolink switched to 1000000 baud
DDT4ALL = """
Initilizing ELM with speed 115200...
Trying to open portCOM4 @ 115200
Checking port speed: 500000
ELM not responding
Port closed
"""


def test_ddt4all_with_no_prompt_at_any_speed() -> None:
    assert first(DDT4ALL) == "SER007"
    assert first("Trying to open port COM3 @ 38400\nChecking port speed:\n38400\n\nStart COM speed: 38400") is None


def test_a_newer_jdks_exec_failed_wording_is_a_missing_program() -> None:
    line = ('I 260714 195151.002 [class com.rusefi.maintenance.DfuFlasher thread] ExecHelper - executeCommand java.io.IOException: '
            'Cannot run program "./STM32_Programmer_CLI/bin/STM32_Programmer_CLI.exe" (in directory "./STM32_Programmer_CLI/bin"): '
            'Exec failed, error: 2 (No such file or directory) ')
    assert first(line) == "TOOL001"


# rusefi/rusefi#5486: an STM32H7 (DPv2 0x6ba02477) under stm32f4discovery.cfg, which expects the F4's DPv1
H7_UNDER_F4 = """
Info : STLINK V3J7M2 (API v3) VID:PID 0483:374E
Info : Target voltage: 3.270839
Warn : UNEXPECTED idcode: 0x6ba02477
Error: expected 1 of 1: 0x2ba01477
in procedure 'program'
** OpenOCD init failed **
"""


def test_an_idcode_of_another_debug_port_generation_is_the_wrong_target_file() -> None:
    assert first(H7_UNDER_F4) == "GEN001"
    # a clone's other DPv1 revision under the F1 file stays a clone
    clone = "Warn : UNEXPECTED idcode: 0x2ba01477\nError: expected 1 of 1: 0x1ba01477\n"
    assert first(clone) == "SWD007"
