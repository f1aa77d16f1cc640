"""Source audit, session 11: Klipper and Katapult as they changed after the session-8 audit (git log 2024-01 to
Klipper3d/klipper 84104bbbd of 2026-08-07 and Arksine/katapult 902f335 of 2025-10-07: klippy's mcu.py, serialhdl.py,
configfile.py, extras/canbus_ids.py, extras/canbus_stats.py, extras/error_mcu.py, scripts/flash_usb.py,
scripts/spi_flash, the MCU's shutdown reasons, the Makefiles; flashtool.py), KIAUH's flash menu (dw-0/kiauh b90a8f1, v6,
and v5's scripts/flash_klipper.sh) and Moonraker's CAN query (Arksine/moonraker d5ee171, moonraker/utils/cansocket.py).

Each row the audit added is checked on a line in the tool's own format (the source's format filled in), the healthy
lines of the new versions on whole runs. The words of the rows are the project's own.
"""

from __future__ import annotations

from typing import Any

import pytest

from textkit import events, facts, first, kinds, serious


def claimed(line: str, parser_name: str) -> list[Any]:
    from doctor.parsers import registry_order

    parser = next(p for p in registry_order() if p.name == parser_name)
    return [row for row, _ in parser.table.match(line, True)]


LOG_HEAD = "Start printer at Sat Feb  4 10:24:01 2026 (1675502641.2 41.7)\n"


# ---- klippy in the console: printer.cfg errors mcu.py / configfile.py / canbus_ids.py stop on -------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "!! Pin 'PA99' is not a valid pin name on mcu 'mcu'",
        "!! ADC sample_count=8 too large for MCU",
        "!! Choice 'linux' for option 'restart_method' in section 'mcu' is not a valid choice",
        "!! Recursive include of config file '/home/pi/printer_data/config/printer.cfg'",
        "!! Unknown canbus_uuid 0e0d81e4210c",
    ],
)
def test_console_config_errors_are_quoted(line: str) -> None:
    assert "config_error" in kinds(line, "klipper"), kinds(line, "klipper")
    assert first(line) == "GEN001"


def test_pin_name_error_in_a_klippy_log_traceback() -> None:
    text = (LOG_HEAD + "Config error\nTraceback (most recent call last):\n"
            '  File "/home/pi/klipper/klippy/klippy.py", line 131, in _connect\n    cb()\n'
            "configparser.Error: Pin 'gpio30' is not a valid pin name on mcu 'EBBCan'\n")
    assert first(text) == "GEN001"


@pytest.mark.parametrize("line", ["!! Communication timeout during homing", "!! Communication timeout during homing probe"])
def test_homing_communication_timeout_is_claimed_and_quoted(line: str) -> None:
    assert any(r.fail for r in claimed(line.removeprefix("!! "), "klipper-console"))
    assert first(line) == "GEN001"


@pytest.mark.parametrize("line", ["!! mcu 'mcu': Serial connection closed", "mcu 'mcu': Serial connection closed"])
def test_console_serial_connection_closed_is_a_failure(line: str) -> None:
    evs = [e for e in events(line, "klipper") if e["kind"] == "mcu_serial_closed"]
    assert evs and evs[0]["name"] == "mcu"
    assert first(line) == "GEN001"


# ---- klippy.log: the automated restart on a config change is no failure ------------------------------------------------------


@pytest.mark.parametrize("reason", ["CRC mismatch", "full reset before config"])
def test_automated_restart_is_context(reason: str) -> None:
    assert not serious(LOG_HEAD + f"Attempting automated MCU 'mcu' restart: {reason}")


# ---- Katapult flashtool.py: checks of CONNECT's and GET_CANBUS_ID's answers are not write errors ------------------------------

CAN_HEAD = "Connecting to CAN UUID 0e0d81e4210c on interface can0\n"
TB = ('ERROR:root:Flash Tool Error\nTraceback (most recent call last):\n'
      '  File "/home/pi/katapult/scripts/flashtool.py", line 1105, in main\n    await sock.run()\n')


@pytest.mark.parametrize("msg", ["UUID mismatch (15452330553612 vs 15452330553613)", "Invalid Block Size: 1024"])
def test_katapult_protocol_checks(msg: str) -> None:
    text = CAN_HEAD + TB + "FlashError: " + msg + "\n"
    ks = kinds(text, "katapult")
    assert "katapult_protocol_error" in ks and "katapult_write_error" not in ks
    assert first(text) == "GEN001"  # no CAN adapter limit (CAN007): no block was written


# ---- Moonraker's CAN query (moonraker/utils/cansocket.py) ----------------------------------------------------------------------


def test_moonraker_bind_error_names_the_interface() -> None:
    line = "Unable to bind socket to interface 'can0'"
    evs = [e for e in events(line, "katapult") if e["kind"] == "katapult_bind_error"]
    assert evs and evs[0]["interface"] == "can0"
    assert first(line) == "CAN002"
    assert [e["interface"] for e in events("FlashError: Unable to bind socket to can0", "katapult")
            if e["kind"] == "katapult_bind_error"] == ["can0"]


# ---- KIAUH's flash menu ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("via, expected", [("USB in DFU mode", "BOOT003"), ("USB in RP2 Boot mode", "BOOT003"),
                                           ("USB", "USB001"), ("UART", "GEN001")])
def test_kiauh_empty_search_by_connection_type(via: str, expected: str) -> None:
    head = "possibly connected via UART" if via == "UART" else f"connected via {via}"
    text = f"###### Identifying MCU {head} ...\n[WARN] No MCUs found!\n[WARN] Make sure they are connected and repeat this step.\n"
    assert first(text) == expected


def test_kiauh_dfu_search_that_failed_itself_stays_gen001() -> None:
    # dw-0/kiauh#545 (v6 alpha): the lsusb pipeline run as one quoted word, exit 127; the board was in DFU all along
    text = ("[ERROR] Unable to find a USB DFU device!\n"
            "Command '\"lsusb | grep \"DFU\" | cut -d \" \" -f 6 2>/dev/null\"' returned non-zero exit status 127.\n"
            "[WARN] No MCUs found!\n[WARN] Make sure they are connected and repeat this step.\n")
    evs = [e for e in events(text, "serial", "kiauh") if e["kind"] == "kiauh_no_mcu"]
    assert evs and evs[0]["search_failed"] is True and evs[0]["via"] == "USB in DFU mode"
    assert first(text) == "GEN001"


@pytest.mark.parametrize("text", [
    "Unable to find a compiled firmware file!",
    "╟───────────────────────────────────────────────────────╢\n║ Unable to find a compiled firmware file!               ║\n"
    "║                                                       ║\n║ Make sure, that:                                      ║\n",
])
def test_kiauh_no_compiled_firmware_is_fw005(text: str) -> None:
    build = facts(text)["klipper"]["build"]["runs"]
    assert [e["kind"] for r in build for e in r["events"]] == ["image_missing"]
    assert first(text) == "FW005"


# ---- healthy runs in the 2024-2026 wordings ----------------------------------------------------------------------------------

KATAPULT_BRIDGE_OK = """Connecting to CAN UUID 0e0d81e4210c on interface can0
Canbus Bridge detected at /sys/bus/usb/devices/1-1.3
Sending bootloader jump command...
Waiting for USB Reconnect...done
Detected new USB Device: 1d50:6177 katapult stm32g0b1xx
Katapult detected at serial port /dev/ttyACM0
Connecting to Serial Device /dev/ttyACM0, baud 250000
Detected USB device running Katapult
Attempting to connect to bootloader
Katapult Connected
Software Version: v0.0.1-95-g902f335
Protocol Version: 1.1.0
Block Size: 64 bytes
Application Start: 0x8002000
MCU type: stm32g0b1xx
Flashing '/home/pi/klipper/out/klipper.bin'...

[##################################################]

Write complete: 412 pages
Verifying (block count = 412)...

[##################################################]

Verification Complete: SHA = 1A2B3C4D5E6F7A8B9C0D1A2B3C4D5E6F7A8B9C0D
Programming Complete
"""

SDCARD_OK = """Connecting to MCU..Connected
Checking Current MCU Configuration...Done
Requested SPI Clock Frequency: 4000000
Initializing SD Card and Mounting file system...

SD Card FW Directory Contents:
Old firmware file 20250101120000firmware.bin found and deleted
Uploading Klipper Firmware to SD Card...Done
Validating Upload...Done
Firmware Upload Complete: 20260806101500firmware.bin, Size: 34560, Checksum (SHA1): ABCDEF0123456789ABCDEF0123456789ABCDEF01
Attempting MCU Reset...Done
Waiting for device to reconnect....Done
Verifying Flash...Version matched...Checksum skipped...Done
Firmware Flash Successful
Current Firmware: v0.13.0-350-g84104bbb
"""

KIAUH_OK = """###### Flashing '0483:df11' ...
Flashing out/klipper.bin to 0483:df11
dfu-util -d ,0483:df11 -R -a 0 -s 0x8000000:leave -D out/klipper.bin
Download	[=========================] 100%        26112 bytes
Download done.
File downloaded successfully

[OK] Flashing successful!
"""


@pytest.mark.parametrize("text", [KATAPULT_BRIDGE_OK, SDCARD_OK, KIAUH_OK,
                                  LOG_HEAD + "USB CANBUS bridge 'mcu' is no longer discarding.",
                                  "  Linking out/klipper.elf\n  Creating bin file out/klipper.bin\n  Creating uf2 file out/klipper.uf2\n"])
def test_healthy_new_wordings_are_silent(text: str) -> None:
    assert not serious(text), serious(text)


def test_katapult_bridge_run_is_read_as_one_success() -> None:
    snap = facts(KATAPULT_BRIDGE_OK)
    assert "katapult_complete" in kinds(snap, "katapult")
