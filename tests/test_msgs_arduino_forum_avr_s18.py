"""Rows changed for the arduino-forum-avr round (session 18): arduino-cli's upload-port fallback after the 1200-bps touch
("No upload port found, using X as fallback", 0.18+; "No new serial port detected.", 0.13-0.17) is an info line
(commands/service_upload.go logs it with Infof and goes on with the old port): the generic failure scan must not quote it
as an unexplained failure when the uploader then succeeds, while the BOOT008 rules still read its event."""

from __future__ import annotations

from tests.textkit import first, kinds, serious

# F2HEAL/VHP-Vibro-Glove2 README: arduino-cli to a Feather nRF52840, no new port after the touch, nrfutil programs it
FALLBACK_THEN_OK = """Performing 1200-bps touch reset on serial port /dev/ttyACM0
Waiting for upload port...
No upload port found, using /dev/ttyACM0 as fallback
"adafruit-nrfutil" --verbose dfu serial -pkg "/tmp/arduino/sketches/4AEB/VHP-Vibro-Glove2.ino.zip" -p /dev/ttyACM0 -b 115200 --singlebank
Upgrading target on /dev/ttyACM0 with DFU package /tmp/arduino/sketches/4AEB/VHP-Vibro-Glove2.ino.zip. Flow control is disabled, Single bank, Touch disabled
Opened serial port /dev/ttyACM0
Sending DFU start packet
Activating new firmware

DFU upgrade took 5.993805170059204s
Device programmed."""

# arduino-cli internal/integrationtest/upload_mock (Leonardo): the same fallback, then the Caterina bootloader never answers
FALLBACK_THEN_CATERINA_SILENT = """Performing 1200-bps touch reset on serial port /dev/ttyACM0
Waiting for upload port...
No upload port found, using /dev/ttyACM0 as fallback
"/home/u/.arduino15/packages/arduino/tools/avrdude/6.3.0-arduino17/bin/avrdude" "-C/home/u/.arduino15/packages/arduino/tools/avrdude/6.3.0-arduino17/etc/avrdude.conf" -v -V -patmega32u4 -cavr109 "-P/dev/ttyACM0" -b57600 -D "-Uflash:w:/tmp/b/sketch.ino.hex:i"
Connecting to programmer: .avrdude: butterfly_recv(): programmer is not responding"""


def test_upload_port_fallback_then_success_is_healthy():
    assert "upload_port_fallback" in kinds(FALLBACK_THEN_OK, "flash")
    assert serious(FALLBACK_THEN_OK) == []


def test_upload_port_fallback_then_silent_bootloader_is_still_caterina_window():
    assert first(FALLBACK_THEN_CATERINA_SILENT) == "BOOT008"
