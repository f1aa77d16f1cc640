"""Session 5, the Klipper side of the misses left in older held-out sets (issue 9): each family fixed for one of them,
tried in more than the one wording its case shows. Every test can fail (a rule removed or loosened breaks it).

- `ls /dev/*` listing every folder of /dev without /dev/serial: no USB serial device (USB001), as
  `ls: cannot access '/dev/serial/by-id/'` says (klipper.discourse.group/t/mcu-unable-to-connect/16763).
- ENXIO, `[Errno 6] No such device or address`: the node exists with no device behind it, so it is not a wrong path
  (SER005); prind#34 (Docker mapped the tty before the printer was switched on).
- a usb-Klipper_<mcu>_ link whose MCU part no Klipper build prints (knowledge/klipper_mcus.toml, from every version of
  Klipper's src/*/Kconfig): typed by hand (SER005), Klipper#3223 (stm32f100xe for stm32f103xe).
- "mis-match" spelled with a hyphen is a failure word like "mismatch" (Klipper PR #3792's report): never silent.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from doctor.derive import derive, klipper_name_impossible
from tests.textkit import events, facts, first, serious

ROOT = Path(__file__).resolve().parents[1]

DEV_LISTING = """ls /dev/*
/dev/disk:
by-id  by-label  by-partuuid  by-path  by-uuid
/dev/dri:
by-path  card0  renderD128
/dev/input:
mice
/dev/net:
tun
/dev/pts:
0  1  ptmx
/dev/snd:
by-path  controlC0  seq  timer
/dev/v4l:
by-path
"""


# --- `ls /dev/*` without /dev/serial -------------------------------------------------------------------------------

def test_dev_listing_without_serial_folder_is_a_missing_serial_folder() -> None:
    missing = (facts(DEV_LISTING).get("serial") or {}).get("missing") or []
    assert [m["path"] for m in missing] == ["/dev/serial"]
    assert first(DEV_LISTING) == "USB001"


def test_dev_listing_with_the_serial_folder_concludes_nothing() -> None:
    text = DEV_LISTING.replace("/dev/snd:", "/dev/serial:\nby-id  by-path\n/dev/snd:")
    assert not (facts(text).get("serial") or {}).get("missing")
    assert "USB001" not in serious(text)


@pytest.mark.parametrize("headers", [
    ["/dev/disk:", "/dev/dri:", "/dev/input:"],  # three folders: a chosen few, not all of /dev
    ["/dev/disk:", "/dev/dri:", "/dev/input:", "/dev/net:", "/dev/pts:"],  # all before "serial": the listing may stop there
    ["/dev/snd:", "/dev/v4l:", "/dev/vfio:", "/dev/shm:"],  # not in ls's sorted order: folders given by hand
])
def test_a_partial_dev_listing_concludes_nothing(headers: list[str]) -> None:
    text = "\n".join(f"{h}\nx  y" for h in headers)
    assert not (facts(text).get("serial") or {}).get("missing")


def test_dev_listing_next_to_a_by_path_miss_still_says_no_serial_folder() -> None:
    # both texts of the case in one post: ls's own "cannot access" for by-path must not hide the listing's fact
    text = DEV_LISTING + "\nls: cannot access '/dev/serial/by-path/*': No such file or directory\n"
    paths = [m["path"] for m in (facts(text).get("serial") or {}).get("missing") or []]
    assert "/dev/serial" in paths and first(text) == "USB001"


def test_by_path_alone_stays_unjudged() -> None:
    # klippy-unable-connect-sv04-usb-vcc-backfeed: by-path missing alone is not USB001 (a board can have no by-path)
    assert first("mcu 'mcu': Unable to connect\nls: cannot access '/dev/serial/by-path/*': No such file or directory") != "USB001"


# --- ENXIO is not a wrong path -------------------------------------------------------------------------------------

ENXIO_KLIPPY = ("mcu 'mcu': Unable to open serial port: [Errno 6] could not open port /dev/ttyACM0: "
                "[Errno 6] No such device or address: '/dev/ttyACM0'")


@pytest.mark.parametrize("text", [
    ENXIO_KLIPPY,
    "crw-rw---- 1 root    dialout 166, 1 Sep  3 01:01 ttyACM0\n\n" + ENXIO_KLIPPY,
    # pyserial in OctoPrint, and a shell's glibc strerror without a number
    "Unexpected error while connecting to serial port: /dev/ttyUSB0 SerialException: '[Errno 6] could not open port /dev/ttyUSB0: "
    "[Errno 6] No such device or address: '/dev/ttyUSB0'' @ comm.py:_openSerial:2691 (hook default)",
    "minicom: cannot open /dev/ttyACM0: No such device or address",
])
def test_enxio_is_not_a_wrong_path_but_is_never_silent(text: str) -> None:
    found = serious(text)
    assert "SER005" not in found
    assert found, "a failed open must not be silent"


def test_enxio_without_a_number_gets_errno_6() -> None:
    evs = [e for e in events("minicom: cannot open /dev/ttyACM0: No such device or address", "serial") if e["kind"] == "serial_no_such_port"]
    assert evs and evs[0]["errno"] == 6


def test_enoent_is_still_a_wrong_path() -> None:
    text = ("mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/ttyACM0: "
            "[Errno 2] No such file or directory: '/dev/ttyACM0'")
    assert first(text) == "SER005"


# --- a Klipper link no build can print -----------------------------------------------------------------------------

def test_klipper_mcu_names_come_from_kconfig() -> None:
    data = tomllib.loads((ROOT / "knowledge" / "klipper_mcus.toml").read_text())
    names = set(data["names"])
    for real in ("stm32f103xe", "stm32f446xx", "stm32g0b1xx", "rp2040", "lpc1769", "samd21g18a", "atmega2560", "stm32h723xx"):
        assert real in names
    assert "stm32f100xe" not in names and data["source"]
    assert data["names"] == sorted(data["names"])


@pytest.mark.parametrize("text", [
    # the case's wording: the link quoted on its own line in a post
    '"/dev/serial/by-id/usb-Klipper_stm32f100xe_35FFD6054246303613811057-if00"',
    # printer.cfg
    "[mcu]\nserial: /dev/serial/by-id/usb-Klipper_stm32f466xx_2E0027000851383531393138-if00\nrestart_method: command",
    # klippy trying it
    "mcu 'mcu': Unable to open serial port: [Errno 2] could not open port /dev/serial/by-id/usb-Klipper_stm32g0b1_1234ABCD-if00: "
    "[Errno 2] No such file or directory: '/dev/serial/by-id/usb-Klipper_stm32g0b1_1234ABCD-if00'",
])
def test_a_klipper_link_no_build_prints_is_a_typed_path(text: str) -> None:
    hits = derive(facts(text))["klipper_name_impossible"]
    assert hits and hits[0]["mcu"] in ("stm32f100xe", "stm32f466xx", "stm32g0b1")
    assert first(text) == "SER005"


@pytest.mark.parametrize("name", [
    "usb-Klipper_stm32f103xe_35FFD6054246303613811057-if00",
    "usb-Klipper_rp2040_E66138935F447B28-if00",
    "usb-Klipper_HC32F460_0123456789-if00",
    "usb-Klipper_lpc1769_1234567890-if00",
    "usb-katapult_stm32f100xe_35FF-if00",  # Katapult names are not Klipper's (judged elsewhere, BOOT009)
    "usb-Klipper_Beacon_ABC123-if00",  # not an MCU-shaped name: another product's own string, left alone
])
def test_real_klipper_links_are_not_judged(name: str) -> None:
    assert klipper_name_impossible(facts(f"/dev/serial/by-id/{name}")) == []


# --- "mis-match" is a failure word ---------------------------------------------------------------------------------

def test_hyphenated_mismatch_is_not_silent() -> None:
    text = "It successfully uploads the firmware file to the SD card, however it will report a mis-match after resetting the MCU."
    assert (facts(text).get("text") or {}).get("failures")
    assert first(text) == "GEN001"


def test_no_mismatch_stays_healthy() -> None:
    assert not serious("Verification Complete: SHA = 0A1B2C3D\nFlash Success")
