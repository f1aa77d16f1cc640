"""avr-keyboards, session 10: Keyboardio Kaleidoscope's Linux port finder (bin/find-device-port-linux-udev, 2018-2021)
and its ModemManager-candidate warning (SER002), and avrdude 5.x-6.x safemode's unreliable fuse read through an ISP
programmer whose clock -B sets (AVR001), kept apart from the same lines through a serial bootloader (GEN001) and from
"efuse changed" (AVR004). Texts are real pastes (sources in comments)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
import textkit
from textkit import facts


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return textkit.events(text, ns)


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(facts(text))]


# --- Kaleidoscope bin/find-device-port-linux-udev, bin/kaleidoscope-builder ------------------------------------------------

# github.com/keyboardio/Model01-Firmware/issues/58 (Debian: "Device or resource busy" on /dev/ttyACM1 after this warning)
KALEIDOSCOPE_MM = """
Looking for USB device with vid=1209 and pid=2301
Examining usb-FIBOCOM_L830-EB-00_004999010640000-if02
  ID_VENDOR_ID 2cb7 != 1209
Examining usb-Keyboardio_Model_01_CDkbio01-if00
  Found keyboard!

WARNING: your udev rules are currently configured to suggest
that your keyboard is suitable for use by ModemManager.  This
means that there is a risk of ModemManager interfering.  To avoid
this, copy
"""


def test_kaleidoscope_modemmanager_candidate_row() -> None:
    ev = events(KALEIDOSCOPE_MM, "flash")
    assert [e["kind"] for e in ev] == ["modemmanager_candidate"]
    assert facts(KALEIDOSCOPE_MM)["flash"]["runs"][0]["tool"] == "kaleidoscope"


def test_kaleidoscope_modemmanager_candidate_alone_is_a_ser002_warning() -> None:
    found = engine.evaluate(facts(KALEIDOSCOPE_MM))
    assert found and found[0].id == "SER002" and found[0].severity == "warning"


def test_kaleidoscope_modemmanager_candidate_with_a_failed_avrdude_is_ser002_first() -> None:
    text = KALEIDOSCOPE_MM + '\navrdude: ser_open(): can\'t open device "/dev/ttyACM1": Device or resource busy\n'
    found = engine.evaluate(facts(text))
    assert found[0].id == "SER002" and found[0].confidence >= 0.85


def test_kaleidoscope_mm_ignore_is_benign() -> None:
    # bin/find-device-port-linux-udev: the keyboard's node carries ID_MM_DEVICE_IGNORE (the project's rule is installed)
    text = "Looking for USB device with vid=1209 and pid=2301\n  Found keyboard!\n  ID_MM_DEVICE_IGNORE is set - good!\n"
    assert not [f for f in engine.evaluate(facts(text)) if f.severity in ("error", "warning")]


# github.com/keyboardio/Kaleidoscope/issues/686 (built and flashed from WSL: no USB device under /dev/serial/by-id)
@pytest.mark.parametrize("line", [
    "ERROR: I couldn't find a USB device matching the keyboard's USB Vendor and Device IDs",
    "I couldn't autodetect the keyboard's serial port.",
    "Couldn't autodetect the keyboard's serial port.",  # kaleidoscope-builder 2018
])
def test_kaleidoscope_port_not_found_is_a_failure_never_silent(line: str) -> None:
    ev = events(line, "flash")
    assert [e["kind"] for e in ev] == ["keyboard_port_not_found"] and ev[0]["fail"]
    assert ids(line)  # never "No faults found"


# --- avrdude safemode: unreliable fuse reads ----------------------------------------------------------------------------

# github.com/nerdralph/usbasp/issues/3 (an ATtiny13 on its 128 kHz oscillator; the USBasp picked ~32 kHz SCK)
USBASP_T13 = """
$ avrdude -C/Users/hans/Documents/Arduino/hardware/MicroCore/avr/avrdude.conf -c usbasp -p t13 -U flash:r:dump.hex:i

avrdude: AVR device initialized and ready to accept instructions
avrdude: Device signature = 0x1e9007 (probably t13a)
avrdude: reading flash memory:
avrdude: writing output file "dump.hex"

avrdude: safemode: Verify error - unable to read lfuse properly. Programmer may not be reliable.
avrdude: safemode: Verify error - unable to read lfuse properly. Programmer may not be reliable.
avrdude: safemode: Sorry, reading back fuses was unreliable. I have given up and exited programming mode

avrdude done.  Thank you.
"""


def test_unreliable_fuse_read_through_an_isp_programmer_is_its_clock() -> None:
    assert ids(USBASP_T13)[0] == "AVR001"


def test_unreliable_fuse_read_through_a_serial_bootloader_is_not_the_isp_clock() -> None:
    # tech.margula.pl 2018 (a Mega clone's CH341 dropping bytes): the same lines through the wiring bootloader
    text = USBASP_T13.replace("-c usbasp", "-c wiring -P /dev/ttyUSB0").replace("-p t13", "-p m2560")
    assert ids(text)[0] == "GEN001"


def test_efuse_changed_is_not_the_isp_clock() -> None:
    # github.com/ddiakopoulos/hiduino/issues/23: the 16U2's efuse unused bits (AVR004), through an ISP programmer too
    text = ("avrdude -p ATmega16U2 -F -P /dev/tty.usbserial-A9SZZT51 -c avrisp -b 19200 -U efuse:w:0xF4:m\n"
            "avrdude: verification error, first mismatch at byte 0x0000\n         0xfc != 0xf4\n"
            "avrdude: verification error; content mismatch\n\navrdude: safemode: efuse changed! Was f4, and is now fc\n")
    assert "AVR001" not in ids(text)[:1]


# github.com/keyboardio/Kaleidoscope/issues/686 (kaleidoscope-builder flash inside WSL on Windows 10 1809)
KALEIDOSCOPE_WSL = """
ls: cannot access /dev/serial/by-id/: No such file or directory
Looking for USB device with vid=1209 and pid=2301
ERROR: I couldn't find a USB device matching the keyboard's USB Vendor and Device IDs

I couldn't autodetect the keyboard's serial port.
"""


def test_kaleidoscope_flash_without_any_usb_serial_is_another_host() -> None:
    # the flash is started from the keyboard itself, so it is plugged in: no /dev/serial/by-id at all means this shell
    # does not see its USB (WSL, a container, a VM)
    assert ids(KALEIDOSCOPE_WSL)[0] == "BOOT006"


def test_kaleidoscope_keyboard_not_found_alone_is_not_another_host() -> None:
    text = "Looking for USB device with vid=1209 and pid=2301\nI couldn't autodetect the keyboard's serial port.\n"
    assert "BOOT006" not in ids(text)[:1]


# community.keyboard.io/t/trouble-flashing-the-model-01-from-ubuntu/473 (resolved: ModemManager removed)
KALEIDOSCOPE_BUILDER_LINUX = """
albx@garak:~/Arduino/Model01-Firmware$ make flash
BOARD_HARDWARE_PATH="/home/albx/Arduino/hardware" /home/albx/Arduino/hardware/keyboardio/avr/libraries/Kaleidoscope/bin//kaleidoscope-builder flash
Building output/Model01-Firmware/Model01-Firmware (0.0.0-gv1.13-55-g8ab1) ...
Press ENTER when ready...

avrdude: ser_open(): can't open device "/dev/ttyACM0": No such file or directory
Connecting to programmer: .avrdude: butterfly_recv(): programmer is not responding
"""


def test_kaleidoscope_builder_rows_name_the_flasher() -> None:
    assert facts(KALEIDOSCOPE_BUILDER_LINUX)["flash"]["runs"][0]["tool"] == "kaleidoscope"
    text = "To update your keyboard's firmware, hold down the 'Prog' key on your keyboard,\nand then press 'Enter'.\n"
    assert facts(text)["flash"]["runs"][0]["tool"] == "kaleidoscope"


def test_kaleidoscope_flash_failing_on_a_linux_ttyacm_is_modemmanager_first() -> None:
    assert ids(KALEIDOSCOPE_BUILDER_LINUX)[0] == "SER002"


def test_the_same_failure_without_kaleidoscope_stays_the_missed_window() -> None:
    text = KALEIDOSCOPE_BUILDER_LINUX.split("Press ENTER when ready...")[1]
    assert ids(text)[0] != "SER002"


def test_kaleidoscope_bootloader_not_found_is_a_failure() -> None:
    # bin/kaleidoscope-builder 2020-2021 (after the reset, no bootloader port appeared)
    line = "Unable to detect a keyboard in bootloader mode. You may need to hold the 'Prog' key or hit a reset button"
    ev = events(line, "flash")
    assert [e["kind"] for e in ev] == ["keyboard_bootloader_not_found"] and ev[0]["fail"] and ids(line)
