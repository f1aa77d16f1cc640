"""intl-forums, session 11: avrdude 7.1-8.x messages run together on one line by a forum or reddit copy (main.c
avrdude_message2() prefixes "avrdude warning: " / "avrdude error: "), and `-c arduino` (the serial-bootloader protocol)
reading an Uno's own ATmega328P signature 0x1e950f where another part was meant: the tool talked to the board on the port
(BOOT006), not another fitted chip (FW002). Texts are real pastes (sources in comments); the negative variants say so."""

from __future__ import annotations

import textkit
from textkit import first, kinds, serious

# reddit r/arduino 1l42iuo "Avrdude errors" (MakerBot 8U2 reflash through an Uno): the mirror ran the messages together
COMMAND = "avrdude -p at90usb82 -F -P /dev/ttyACM0 -c arduino -U flash:w:Makerbot-usbserial.hex -U lfuse:w:0xFF:m -U hfuse:w:0xD9:m -U efuse:w:0xF4:m -U lock:w:0x0F:m"
RUN_ON = (
    "avrdude: AVR device initialized and ready to accept instructions avrdude: device signature = 0x1e950f (probably m328p) "
    "avrdude warning: expected signature for AT90USB82 is 1E 93 82 avrdude: Note: flash memory has been specified, an erase "
    "cycle will be performed. To disable this feature, specify the -D option. avrdude: erasing chip avrdude: reading input file "
    "Makerbot-usbserial.hex for flash with 4064 bytes in 1 section within [0, 0xfdf] using 32 pages and 32 pad bytes avrdude: "
    "writing 4064 bytes flash ...\n"
    "Writing | ################################################## | 100% 0.76 s\n"
    "avrdude: 4064 bytes of flash written avrdude: verifying flash memory against Makerbot-usbserial.hex\n"
    "Reading | ################################################## | 100% 0.56 s\n"
    "avrdude: 4064 bytes of flash verified avrdude: reading input file 0xFF for lfuse with 1 byte in 1 section within [0, 0] "
    "avrdude: writing 1 byte lfuse ... ***failed; avrdude: 1 byte of lfuse written avrdude: verifying lfuse memory against 0xFF "
    "avrdude warning: verification mismatch device 0x00 != input 0xff at addr 0x0000 (error) avrdude error: verification mismatch\n"
    "avrdude done. Thank you.\n"
)


def test_run_on_cuts_before_avrdude_warning_and_error_prefixes() -> None:
    k = kinds(RUN_ON, "avrdude")
    assert "avr_signature" in k and "signature_mismatch" in k and "bytes_verified" in k
    mism = [e for e in textkit.events(RUN_ON, "avrdude") if e["kind"] == "signature_mismatch"]
    assert mism[0]["read"] == "0x1e950f" and mism[0]["part"] == "AT90USB82"


def test_c_arduino_reading_the_unos_own_328p_is_the_wrong_device() -> None:
    text = COMMAND + "\n\n" + RUN_ON
    assert first(text) == "BOOT006"
    assert "FW002" not in serious(text)


def test_same_read_without_the_programmer_named_stays_another_part() -> None:
    # no command line pasted: nothing says avrdude spoke to a bootloader, so a 328P answering is another chip (FW002)
    assert first(RUN_ON) == "FW002"


def test_c_arduino_with_a_328_variant_expected_stays_another_part() -> None:
    # negative variant (constructed from the paste above): -p atmega328 (1E 95 14) answered by a 328P is the
    # 328 / 328P mix-up of FW002, whatever the protocol
    text = (COMMAND.replace("at90usb82", "atmega328") + "\n\n"
            + RUN_ON.replace("AT90USB82 is 1E 93 82", "ATmega328 is 1E 95 14"))
    assert first(text) == "FW002"
