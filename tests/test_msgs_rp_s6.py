"""rp2040-misc, session 6: adafruit-nrfutil's serial DFU (where the bootloader's acknowledgement stopped), a board core's
tool with no build for this OS (arduino-cli, Arduino IDE 1.x), and the UF2 family a file carries (file(1), uf2conv.py
--info) against the chip the person names."""

from __future__ import annotations

from typing import Any

import pytest

from doctor.parsers._messages import Msg
from doctor.parsers import bossac, nrfutil, uf2_drive
from textkit import events as _events, facts as parse, findings, first, serious


def events(text: str, tool: str | None = None) -> list[dict[str, Any]]:
    return _events(parse(text), "flash", tool)


# ---- every new row: its example matches it and parses to its kind -------------------------------------------------

_NEW_ROWS = [r for r in nrfutil.MESSAGES] + [r for r in bossac.TOOLS] + \
    [r for r in uf2_drive.MESSAGES if r.kind in ("uf2_file_family", "said_chip")]


@pytest.mark.parametrize("row", _NEW_ROWS, ids=[f"{r.kind}:{r.example[:40]}" for r in _NEW_ROWS])
def test_new_row_example_matches_and_yields_its_kind(row: Msg) -> None:
    import re
    assert row.example and re.search(row.pattern, row.example.strip()), row.pattern
    if row.kind and row.strength == "strong":
        assert row.kind in {e["kind"] for e in events(row.example)}, (row.example, parse(row.example).get("flash"))


# ---- adafruit-nrfutil ---------------------------------------------------------------------------------------------

# Adafruit_nRF52_nrfutil#13 (Linux, Arduino IDE): no --touch, the board ran its sketch
_NO_TOUCH = """\
Upgrading target on /dev/ttyACM0 with DFU package /tmp/arduino_build_772392/blinky.ino.zip. Flow control is disabled, Single bank, Touch disabled
Timed out waiting for acknowledgement from device.

Failed to upgrade target. Error is: No data received on serial port. Not able to proceed.
Traceback (most recent call last):
  File "/home/user/workspace/tools/Adafruit_nRF52_nrfutil/nordicsemi/__main__.py", line 294, in serial
    dfu.dfu_send_images()
"""

# SparkFun forum (Windows, Adafruit core's binary): the frames name send_start_dfu; the core's "Possible causes" follow
_START_FRAME = """\
Upgrading target on COM3 with DFU package C:\\Users\\c\\AppData\\Local\\Temp\\arduino_build_610844\\blinky_ota.ino.zip. Flow control is disabled, Single bank, Touch disabled
Timed out waiting for acknowledgement from device.
Failed to upgrade target. Error is: No data received on serial port. Not able to proceed.
Traceback (most recent call last):
File "__main__.py", line 296, in serial
File "dfu\\dfu.py", line 199, in _dfu_send_image
File "dfu\\dfu_transport_serial.py", line 179, in send_start_dfu
File "dfu\\dfu_transport_serial.py", line 282, in get_ack_nr
nordicsemi.exceptions.NordicSemiException: No data received on serial port. Not able to proceed.
Possible causes:
- Selected Bootloader version does not match the one on Bluefruit device.
Please upgrade the Bootloader or select correct version in Tools->Bootloader.
- Baud rate must be 115200, Flow control must be off.
- Target is not in DFU mode. Ground DFU pin and RESET and release both to enter DFU mode.
"""

# platform-nordicnrf52#29: the start packet was taken, the init packet was not (an older bootloader/SoftDevice)
_INIT_FRAME = """\
Timed out waiting for acknowledgement from device.

Failed to upgrade target. Error is: No data received on serial port. Not able to proceed.
Traceback (most recent call last):
  File "nordicsemi\\__main__.py", line 294, in serial
  File "nordicsemi\\dfu\\dfu.py", line 203, in _dfu_send_image
  File "nordicsemi\\dfu\\dfu_transport_serial.py", line 155, in send_init_packet
  File "nordicsemi\\dfu\\dfu_transport_serial.py", line 282, in get_ack_nr
nordicsemi.exceptions.NordicSemiException: No data received on serial port. Not able to proceed.
"""

# Seeed forum (XIAO nRF52840): --verbose says the start packet timed out; the later init frame is the port closing
_VERBOSE_START = """\
Upgrading target on COM4 with DFU package C:\\Users\\U\\AppData\\Local\\arduino\\sketches\\5D\\Blink.ino.zip. Flow control is disabled, Single bank, Touch disabled
Opened serial port COM4
Starting DFU upgrade of type 4, SoftDevice size: 0, bootloader size: 0, application size: 21092
Sending DFU start packet
Timed out waiting for acknowledgement from device.
Sending DFU init packet
Failed to upgrade target. Error is: Attempting to use a port that is not open
Traceback (most recent call last):
File "dfu\\dfu_transport_serial.py", line 155, in send_init_packet
serial.serialutil.PortNotOpenError: Attempting to use a port that is not open
"""

# platform-nordicnrf52#80: it stopped in the middle of the firmware ('#' row and the timeout on one line)
_MID_TRANSFER = """\
Upgrading target on /dev/ttyACM1 with DFU package firmware.zip. Flow control is disabled, Single bank, Touch disabled
########################################
#######Timed out waiting for acknowledgement from device.

Failed to upgrade target. Error is: No data received on serial port. Not able to proceed.
"""

_PROGRAMMED = """\
Upgrading target on /dev/cu.usbmodem14101 with DFU package firmware.zip. Flow control is disabled, Single bank, Touch disabled
Opened serial port /dev/cu.usbmodem14101
Starting DFU upgrade of type 4, SoftDevice size: 0, bootloader size: 0, application size: 375820
Sending DFU start packet
Sending DFU init packet
Sending firmware file
########################################
Activating new firmware

DFU upgrade took 20.12s
Device programmed.
"""


def _no_ack(text: str) -> list[dict[str, Any]]:
    return [e for e in events(text, "adafruit-nrfutil") if e["kind"] == "dfu_no_ack"]


@pytest.mark.parametrize("text", [_NO_TOUCH, _START_FRAME], ids=["no-touch", "start-frame"])
def test_no_answer_to_the_first_dfu_packet_is_the_board_not_in_its_bootloader(text: str) -> None:
    acks = _no_ack(text)
    assert len(acks) == 1 and acks[0]["state"] == "start", acks
    assert first(text) == "BOOT001"



# Adafruit_nRF52_nrfutil#31 (Pitaya Go, Linux, no --verbose): the timeout closes the port, the next packet's write fails
_CLOSED_AFTER_TIMEOUT = """\
Upgrading target on /dev/ttyACM0 with DFU package pitaya_go_bootloader-0.6.1_s140_6.1.1.zip. Flow control is disabled, Dual bank, Touch disabled
Timed out waiting for acknowledgement from device.

Failed to upgrade target. Error is: Attempting to use a port that is not open
Traceback (most recent call last):
  File "/home/r/.local/lib/python3.9/site-packages/nordicsemi/dfu/dfu.py", line 203, in _dfu_send_image
    self.dfu_transport.send_init_packet(init_packet)
  File "/home/r/.local/lib/python3.9/site-packages/nordicsemi/dfu/dfu_transport_serial.py", line 155, in send_init_packet
    self.send_packet(packet)
"""


def test_a_port_closed_by_the_timeout_puts_the_stop_one_packet_before_the_frame() -> None:
    assert _no_ack(_CLOSED_AFTER_TIMEOUT)[0]["state"] == "start"


@pytest.mark.parametrize("text", [_VERBOSE_START, _CLOSED_AFTER_TIMEOUT], ids=["verbose-start", "closed-port"])
def test_a_timeout_with_bytes_back_is_a_slow_answer_not_silence(text: str) -> None:
    # (s10) get_ack_nr() raises "No data received" below two bytes; with more, the next packet meets the port the
    # timeout closed: something answered, too slowly (Adafruit_nRF52_nrfutil #34), named with BOOT001 as the alternative
    acks = _no_ack(text)
    assert acks[0]["state"] == "start" and acks[0].get("answered") is True, acks
    found = [f for f in findings(text)]
    assert found[0].id == "GEN001" and "too slowly" in found[0].message and "BOOT001" in found[0].message


def test_the_port_and_an_asked_touch_are_kept() -> None:
    text = _NO_TOUCH.replace("Touch disabled", "Touch 1200")
    ack = _no_ack(text)[0]
    assert ack["port"] == "/dev/ttyACM0" and ack["baud"] == 1200
    assert "baud" not in _no_ack(_NO_TOUCH)[0]


def test_an_acknowledged_start_and_a_refused_init_packet_is_the_bootloader_refusing_the_image() -> None:
    assert _no_ack(_INIT_FRAME)[0]["state"] == "init"
    assert first(_INIT_FRAME) == "FW001"


def test_a_stop_in_the_middle_of_the_firmware_is_not_called_a_bootloader_fault() -> None:
    assert _no_ack(_MID_TRANSFER)[0]["state"] == "firmware"
    assert first(_MID_TRANSFER) not in ("BOOT001", "FW001")
    assert serious(_MID_TRANSFER)  # but never silent


def test_a_programmed_device_is_healthy() -> None:
    runs = [r for r in parse(_PROGRAMMED)["flash"]["runs"] if r["tool"] == "adafruit-nrfutil"]
    assert runs and runs[0].get("success") is True
    assert not serious(_PROGRAMMED)


@pytest.mark.parametrize("text", [
    'Usage: adafruit-nrfutil dfu [OPTIONS] COMMAND [ARGS]...\nTry "adafruit-nrfutil dfu --help" for help.\n\nError: No such command "genpkg".\n',
    "adafruit-nrfutil dfu serial --package bl.zip -p /dev/ttyACM0 -b 115200 --singlebank --touch 1200\nError: no such option: --singlebank\n",
], ids=["no-genpkg", "no-singlebank"])
def test_another_or_old_nrfutil_on_the_path_is_the_tool_to_install(text: str) -> None:
    missing = [e for e in events(text) if e["kind"] == "tool_missing"]
    assert missing and missing[0]["name"].startswith("adafruit-nrfutil"), events(text)
    assert first(text) == "TOOL001"


def test_a_port_that_cannot_be_opened_stays_with_the_serial_error_table() -> None:
    text = ("Upgrading target on 4 with DFU package dfu-package.zip. Flow control is disabled, Single bank, Touch 1200\n"
            "Failed to upgrade target. Error is: Serial port could not be opened on 4. Reason: could not open port '4': "
            "FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)\n")
    assert "dfu_failed" not in {e["kind"] for e in events(text)}
    assert first(text) == "SER005"


# ---- a board core's tool with no build for this host ----------------------------------------------------------------

@pytest.mark.parametrize("line,name", [
    ("Error during install: Error downloading tool Seeeduino:bossac@1.8.0-48-gb176eee: no versions available for the current OS",
     "Seeeduino:bossac@1.8.0-48-gb176eee"),
    ("Error downloading tool arduino:bossac@1.7.0-arduino3: no versions available for the current OS, try contacting info@arduino.cc",
     "arduino:bossac@1.7.0-arduino3"),
    ("Tool arduino:bossac@1.7.0-arduino3 is not available for your operating system.", "arduino:bossac@1.7.0-arduino3"),
])
def test_a_core_tool_without_a_build_for_this_os_is_a_missing_tool(line: str, name: str) -> None:
    missing = [e for e in events(line) if e["kind"] == "tool_missing"]
    assert missing and missing[0]["name"] == name
    assert first(line) == "TOOL001"


# ---- the UF2 family a file carries against the chip named -----------------------------------------------------------

_FILE_RP2040_ON_PICO2 = """\
blink.uf2: UF2 firmware image, family Raspberry Pi RP2040, address 0x10000000, 26 total blocks

While pressing the boot loader button i connected the pico 2. it's shown as rp2350. Copied the .uf2 on it.
"""


def test_an_rp2040_image_beside_a_pico_2_is_the_family_mismatch() -> None:
    mism = [e for e in events(_FILE_RP2040_ON_PICO2) if e["kind"] == "uf2_family_mismatch"]
    assert mism and mism[0]["family"] == "rp2040" and mism[0]["mcu"] == "rp2350"
    assert first(_FILE_RP2040_ON_PICO2) == "RP003"


@pytest.mark.parametrize("text", [
    # an RP2040 image copied to the RP2040's own drive (a French tutorial)
    "rp2-pico-w-latest.uf2: UF2 firmware image, family Raspberry Pi RP2040, address 0x10000000, 3134 total blocks\n"
    "$ cp rp2-pico-w-latest.uf2 /media/tv/RPI-RP2/\n",
    # an RP2350 image for a Pico 2
    "blink.uf2: UF2 firmware image, family Raspberry Pi RP2350, Secure Arm image, address 0x10000000, 40 total blocks\n"
    "copied it to my Pico 2\n",
    # no chip named at all
    "build/skelett.uf2:     UF2 firmware image, family Raspberry Pi RP2040, address 0x10000000, 35 total blocks\n",
], ids=["rp2040-on-rpi-rp2", "rp2350-on-pico2", "no-chip"])
def test_a_family_that_fits_the_chip_or_no_chip_named_is_no_mismatch(text: str) -> None:
    assert "uf2_family_mismatch" not in {e["kind"] for e in events(text)}
    assert "RP003" not in serious(text)


@pytest.mark.parametrize("line,family", [
    ("x.uf2: UF2 firmware image, family Raspberry Pi RP2350, RISC-V image, address 0x10000000, 9 total blocks", "rp2350-riscv"),
    ("Family ID is RP2040, hex value is 0xe48bff56", "rp2040"),
    ("Family ID is RP2350_ARM_S, hex value is 0xe48bff59", "rp2350-arm-s"),
])
def test_file_and_uf2conv_family_names_become_picotool_s_names(line: str, family: str) -> None:
    fam = [e for e in events(line) if e["kind"] == "uf2_file_family"]
    assert fam and fam[0]["family"] == family
