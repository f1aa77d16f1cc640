"""Session 14, attiny-vusb: ATtiny and V-USB devices (micronucleus/Digispark, Trinket/Gemma, USBtiny, USBasp).

Families fixed: a USB transfer to the opened USBtiny/USBasp that failed with an error other than a refusal (usbtiny.c's
usbtiny_transmit/receive/send, 7.1+ usb_control()/usb_in()/usb_out(), usbasp_transmit): the chip was never reached, so
the "initialization failed" after it is not the target's (GEN001 with the V-USB step, not AVR005); an unprinted
"Expected signature" on a tinyAVR part (no P/PB variants to confuse: a missed ISP wire, AVR005, not FW002); an ISP
programmer avrdude could not find while the same text shows the board's own micronucleus bootloader (BOOT006)."""

from __future__ import annotations

import pytest

from tests.textkit import events, first, kinds, serious

TRINKET_IO = """
An error occurred while uploading the sketch
avrdude: error: usbtiny_transmit: Input/output error
avrdude: initialization failed, rc=-1
         Double check connections and try again, or use -F to override
         this check.


avrdude: error: usbtiny_transmit: Input/output error
"""


@pytest.mark.parametrize("line", [
    "avrdude: error: usbtiny_transmit: Input/output error",
    "avrdude: error: usbtiny_receive: Input/output error (expected 4, got -5)",
    "avrdude: error: usbtiny_send: libusb0-dll:err [control_msg] sending control message failed, win error: The I/O operation has been aborted",
    "avrdude usb_in() error: Input/output error (expected 4, got -5)",
    "avrdude usb_control() error: Connection timed out",
    "Error usb_out() usbtiny.c 170: Input/output error (expected 64, got -5)",
    "avrdude: error: usbasp_transmit: Input/output error",
    "avrdude usbasp_transmit() error: Broken pipe",
])
def test_usb_transfer_error_rows(line: str) -> None:
    assert "usb_io_error" in kinds(line, "avrdude")


def test_operation_not_permitted_stays_access_denied() -> None:
    text = "avrdude: error: usbtiny_transmit: error sending control message: Operation not permitted\n" \
           "avrdude: initialization failed, rc=-1\n"
    assert "usb_io_error" not in kinds(text, "avrdude")
    assert first(text) == "USB004"


def test_transfer_error_before_init_failed_is_not_the_target() -> None:
    assert "AVR005" not in serious(TRINKET_IO)
    assert first(TRINKET_IO) == "GEN001"


def test_init_failed_alone_is_still_the_target() -> None:
    text = "avrdude: initialization failed, rc=-1\n         Double check connections and try again, or use -F to override\n"
    assert first(text) == "AVR005"


TINY_UNPRINTED = """
avrdude: Expected signature for ATtiny85 is 1E 93 0B
         Double check chip, or use -F to override this check.
Error while burning bootloader.
"""


def test_unprinted_mismatch_on_attiny_is_wiring() -> None:
    assert first(TINY_UNPRINTED) == "AVR005"


def test_unprinted_mismatch_on_328p_stays_variant() -> None:
    text = TINY_UNPRINTED.replace("ATtiny85 is 1E 93 0B", "ATmega328P is 1E 95 0F")
    assert first(text) == "FW002"


USBASP_ON_DIGISPARK = """
Charless-MacBook-Air:t100-firmware charles$ make program
avrdude -c usbasp -p attiny85  -U flash:w:main.hex:i
avrdude: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'

avrdude done.  Thank you.

make: *** [flash] Error 1
"""

DIGISPARK_FOUND = """
Running Digispark Uploader...
Plug in device now... (will timeout in 60 seconds)
> Please plug in the device ...
> Press CTRL+C to terminate the program.
> Device is found!
connecting: 16% complete
"""


def test_programmer_absent_with_micronucleus_found_is_boot006() -> None:
    assert first(USBASP_ON_DIGISPARK + "\n" + DIGISPARK_FOUND) == "BOOT006"


def test_programmer_absent_with_digispark_on_bus_is_boot006() -> None:
    lsusb = "Bus 005 Device 005: ID 16d0:0753 MCS Digistump DigiSpark\n"
    assert first(lsusb + USBASP_ON_DIGISPARK) == "BOOT006"


def test_programmer_absent_alone_stays_avr002() -> None:
    assert first(USBASP_ON_DIGISPARK) == "AVR002"
    assert events(DIGISPARK_FOUND, "flash", "micronucleus")


def test_programmer_absent_with_digispark_in_kernel_log_is_boot006() -> None:
    dmesg = ("[60001.234567] usb 1-2: new low-speed USB device number 69 using xhci_hcd\n"
             "[60001.234568] usb 1-2: New USB device found, idVendor=16d0, idProduct=0753\n")
    assert first(dmesg + USBASP_ON_DIGISPARK) == "BOOT006"


def test_unprinted_mismatch_on_updi_tiny_stays_variant() -> None:
    text = TINY_UNPRINTED.replace("ATtiny85 is 1E 93 0B", "ATtiny1614 is 1E 94 22")
    assert first(text) == "FW002"
