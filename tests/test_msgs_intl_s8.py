"""Round intl-mixed s8: rows and rules added for non-English threads gathered in /work/heldout9/intl-mixed.

- ST-LINK Utility's read-out protection popup retyped on one line without its "!" ("Can not read memory Disable Read Out
  Protection and retry", ST China community);
- Keil MDK "Flash Timeout. Reset the Target and try it again." (both spacings): the flash algorithm timed out, resolved
  threads point at flash protection (SWD006);
- ST-LINK Utility's Full Chip Erase refused ("The elf loader Mass Erase function fails." / "Error occured during flash mass
  erase!"): a protection in the option bytes (SWD006);
- Keil's "Invalid ROM Table": the debug driver could not read the target's ROM table (connect under reset, SWD004);
- avrdude looked for a USB programmer by VID:PID while the pasted bus shows other devices and none with it
  (derived.programmer_absent): no udev rule can help, so not USB004 (GEN001 names what the bus shows).
"""

from __future__ import annotations


import pytest

from doctor import engine
from doctor.derive import derive
from doctor.facts import merge, new
from textkit import events, facts as parse, first as first_id


@pytest.mark.parametrize("line", [
    "Can not read memory Disable Read Out Protection and retry",
    "Cannot read memory! Disable Read Out Protection and retry.",
])
def test_readout_protection_popup_on_one_line(line: str) -> None:
    assert "readout_protected" in [e["kind"] for e in events(line, "stlink")]
    assert first_id(line) == "SWD006"


@pytest.mark.parametrize("line", [
    "Flash Timeout. Reset the Target and try it again.",
    "Flash Timeout.Reset Target and try it again",
    "Flash Timeout.Reset the Target and try it again.",
])
def test_keil_flash_timeout_every_spacing(line: str) -> None:
    ev = [e for e in events(line, "stlink") if e["kind"] == "program_failed"]
    assert ev and ev[0]["via"] == "keil" and ev[0]["what"] == "flash_timeout" and ev[0]["fail"]
    assert first_id(line) == "SWD006"


def test_stlink_utility_mass_erase_refused_is_protection() -> None:
    text = "17:04:55 : The elf loader Mass Erase function fails.\n17:04:55 : Error occured during flash mass erase!\n"
    assert [e["kind"] for e in events(text, "stlink")].count("flash_erase_failed") == 2
    assert first_id(text) == "SWD006"


def test_keil_invalid_rom_table_is_a_connect_failure() -> None:
    ev = events("Invalid ROM Table", "stlink")
    assert ev and ev[0]["kind"] == "target_connect_failed" and ev[0]["via"] == "keil"
    assert first_id("Invalid ROM Table") == "SWD004"


DMESG_OTHER = (
    "[283553.253147] usb 5-2: New USB device found, idVendor=03eb, idProduct=c8b4\n"
    "[283553.253151] usb 5-2: New USB device strings: Mfr=1, Product=2, SerialNumber=0\n"
    "[283553.253154] usb 5-2: Product: USBHID\n"
    "[283553.253156] usb 5-2: Manufacturer: zhifengsoft\n"
)
AVRDUDE_NOT_FOUND = (
    "$ avrdude -p m328p -c usbasp -U flash:r:foo.dat:i\n"
    'avrdude: error: could not find USB device "USBasp" with vid=0x16c0 pid=0x5dc\n'
    "avrdude done.  Thank you.\n"
)


def test_programmer_absent_when_the_bus_shows_other_devices() -> None:
    facts = merge(new("analyze"), parse(DMESG_OTHER + "\n" + AVRDUDE_NOT_FOUND))
    absent = derive(facts)["programmer_absent"]
    assert absent and absent[0]["vid"] == "16c0" and absent[0]["pid"] == "05dc" and "03eb:c8b4" in absent[0]["seen"]
    ids = [f.id for f in engine.evaluate(facts)]
    assert ids[0] == "GEN001" and "USB004" not in ids


def test_programmer_present_on_the_bus_keeps_usb004() -> None:
    lsusb = "Bus 003 Device 024: ID 16c0:05dc Van Ooijen Technische Informatica shared ID for use with libusb\n"
    facts = merge(new("analyze"), parse(lsusb + "\n" + AVRDUDE_NOT_FOUND))
    assert not derive(facts)["programmer_absent"]
    assert first_id(lsusb + "\n" + AVRDUDE_NOT_FOUND) != "GEN001"


def test_root_hubs_alone_do_not_rule_out_usb004() -> None:
    lsusb = "Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n"
    facts = merge(new("analyze"), parse(lsusb + "\n" + AVRDUDE_NOT_FOUND))
    assert not derive(facts)["programmer_absent"]


def test_bare_not_found_still_says_usb004() -> None:
    assert first_id(AVRDUDE_NOT_FOUND) == "USB004"
