"""klipper-can round, session 10: message families of the Klipper / Katapult host side, read from the tools' sources
(Klipper scripts/ and klippy/serialhdl.py via pyserial, Katapult scripts/flashtool.py 2023-2025) and checked against
real pastes.

- an image the build never wrote, named by any tool or wrapper in the C/shell "<path>: No such file or directory"
  form (a board vendor's flash script running sb/XMODEM, ls, cat, dd): FW005 (PandaPi#47 "Run Klipper mode");
- pyserial's "could not open port <by-id link>" quoted without its errno: a udev link that cannot be opened is most
  often missing (SER005, a warning that GEN001's quote stays behind), while an errno the line shows still decides;
- Katapult's own CAN query ("Detected UUID: <uuid>, Application: Katapult") beside a Klipper that cannot connect:
  the node runs its bootloader (BOOT009), as canbus_query.py's "Application: Katapult" already did; a query or a
  flash alone is the normal first half of an update;
- the STM32 ROM DFU device (0483:df11) in a pasted lsusb while Klipper cannot connect: the chip runs its ROM
  bootloader (BOOT004: BOOT0 still set), unless a dfu-util run in the same paste is the flash in progress.
"""

from __future__ import annotations

import pytest

from textkit import facts, first, serious


def _build_events(text: str) -> list[dict]:
    snap = facts(text)
    return [e for r in ((snap.get("klipper") or {}).get("build") or {}).get("runs", []) for e in r.get("events", [])]


# --- an image that is not there, in any tool's wording -----------------------------------------------------------------

PANDAPI = """flash MCU firmware for klipper..
Failed to stop klipper.service: Unit klipper.service not loaded.
sb: no process found
open port
start flash .. / / /klipper/out/klipper.bin
 sb: cannot open /home/pi/klipper/out/klipper.bin : No such file or directory

Can't open any requested files.

Transfer incomplete"""


@pytest.mark.parametrize("line,path", [
    # PandaPi "Run Klipper mode" (sb from lrzsz, a space before the colon)
    (" sb: cannot open /home/pi/klipper/out/klipper.bin : No such file or directory", "/home/pi/klipper/out/klipper.bin"),
    # coreutils ls / cat / dd on an image the build did not write
    ("ls: cannot access 'out/klipper.uf2': No such file or directory", "out/klipper.uf2"),
    ("cat: /home/biqu/katapult/out/katapult.bin: No such file or directory", "/home/biqu/katapult/out/katapult.bin"),
    ("dd: failed to open '/home/pi/klipper/out/klipper.bin': No such file or directory", "/home/pi/klipper/out/klipper.bin"),
])
def test_image_missing_any_tool(line: str, path: str) -> None:
    evs = [e for e in _build_events(line) if e["kind"] == "image_missing"]
    assert evs, _build_events(line)
    assert evs[0]["path"] == path
    assert first(line) == "FW005"


def test_pandapi_run_klipper_mode_is_fw005() -> None:
    assert first(PANDAPI) == "FW005"


def test_image_written_is_not_missing() -> None:
    text = "  Linking out/klipper.elf\n  Creating bin file out/klipper.bin\n"
    assert not [e for e in _build_events(text) if e["kind"] == "image_missing"]
    assert "FW005" not in serious(text)


# --- a by-id link quoted without its errno ----------------------------------------------------------------------------

def test_by_id_open_without_errno_is_ser005_warning() -> None:
    text = "could not open port /dev/serial/by-id/usb-Klipper_rp2040_E66198F1CF336429-if00"
    assert first(text) == "SER005"


@pytest.mark.parametrize("text,fault", [
    # the errno on the line decides: permission (SER004), lock held (SER003)
    ("mcu 'mcu': Unable to open serial port: [Errno 13] could not open port /dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00: "
     "[Errno 13] Permission denied: '/dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00'", "SER004"),
    ("mcu 'mcu': Unable to open serial port: [Errno 11] Could not exclusively lock port /dev/serial/by-id/usb-Klipper_stm32f446xx_1-if00: "
     "[Errno 11] Resource temporarily unavailable", "SER003"),
])
def test_by_id_open_with_errno_keeps_its_cause(text: str, fault: str) -> None:
    assert first(text) == fault


def test_plain_tty_open_without_errno_is_not_ser005() -> None:
    # a /dev/ttyUSB0 that cannot be opened (no errno) is not a udev link: no rule of this round claims it
    assert first("could not open port /dev/ttyUSB0") != "SER005"


# --- Katapult's CAN query beside a Klipper that cannot connect --------------------------------------------------------

KATAPULT_QUERY = """Resetting all bootloader node IDs...
Checking for Katapult nodes...
Detected UUID: 4220d6e9e9f9, Application: Katapult
Query Complete"""


def test_katapult_query_lists_bootloader_and_klipper_times_out() -> None:
    text = KATAPULT_QUERY + "\nmcu 'EBBCan': Timeout on connect\nmcu 'EBBCan': Wait for identify_response"
    assert first(text) == "BOOT009"


def test_katapult_query_alone_is_quiet() -> None:
    assert "BOOT009" not in serious(KATAPULT_QUERY)


def test_katapult_flash_that_succeeded_is_not_a_node_in_its_bootloader() -> None:
    text = """Sending bootloader jump command...
Resetting all bootloader node IDs...
Checking for canboot nodes...
Detected UUID: 3266f8206791, Application: CanBoot
Attempting to connect to bootloader
CanBoot Connected
Flashing '/home/pi/klipper/out/klipper.bin'...
Write complete: 13 pages
Verification Complete: SHA = 68F2BECD8F5259EC79195152106770D87BCD6D4D
CAN Flash Success
mcu 'EBBCan': Timeout on connect"""
    assert "BOOT009" not in serious(text)


# --- ROM DFU on the bus while Klipper cannot connect ------------------------------------------------------------------

LSUSB_DFU = "Bus 001 Device 005: ID 0483:df11 STMicroelectronics STM Device in DFU Mode"


def test_rom_dfu_beside_klipper_unable_to_connect_is_boot004() -> None:
    text = LSUSB_DFU + "\nKlipper reports: ERROR\nmcu 'mcu': Unable to connect"
    assert first(text) == "BOOT004"


def test_rom_dfu_alone_is_not_boot004() -> None:
    assert "BOOT004" not in serious(LSUSB_DFU)


def test_rom_dfu_with_a_dfu_util_flash_is_not_boot004() -> None:
    text = LSUSB_DFU + """
dfu-util 0.9
Opening DFU capable USB device...
ID 0483:df11
Downloading to address = 0x08008000, size = 32640
Download done.
File downloaded successfully
mcu 'mcu': Unable to connect"""
    assert first(text) != "BOOT004"
