"""Rows and rules added for the maker-boards-misc round (session 17): SparkFun's Artemis SVL uploader (svl.py 1.7), the
CH55x uploader's verify mismatch (vnproch551 main.cpp), and esptool's invalid head when the same output names the chip."""

from __future__ import annotations

from tests.textkit import first, serious

# platform-apollo3blue#17: PlatformIO's svl at 921600 on a RedBoard Artemis (CH340)
SVL_921600 = """/home/u/.platformio/packages/framework-arduinoapollo3/tools/uploaders/svl/dist/linux/svl /dev/ttyUSB0 -b 921600 -f .pio/build/SparkFun_RedBoard_Artemis/firmware.bin -v


Artemis SVL Bootloader
Script version 1.7

Phase:  Setup
        Cleared startup blip
Failed to enter bootload phase
Target failed to enter bootload mode. Verify the right COM port is selected and that your board has the SVL bootloader."""

# svl.py main(): the verdict alone, no rate shown
SVL_BARE = "Target failed to enter bootload mode. Verify the right COM port is selected and that your board has the SVL bootloader."

# svl.py without -v: the verdict follows the progress bar on its line
SVL_OK = """Artemis SVL Bootloader
Got SVL Bootloader Version: 5
[##############################]Upload complete"""

# ch55xduino#74: vnproch55x wrote the CH552G, then the read-back of the first packet differed
CH55X_VERIFY = """Found Device CH552
Bootloader: 2.4.0
Write 8099 bytes from bin file.
Write complete!!!
Verify chip

Packet 0 doesn't match."""

# forum.m5stack.com 1044: an earlier try's text byte, then a connect that broke at 921600
ESP_INVALID_HEAD_THEN_CHIP = """A fatal error occurred: Failed to connect to Espressif device: Invalid head of packet (0x0D)
esptool.py v2.6
Serial port COM1
Connecting........_____....._
Chip is ESP32D0WDQ6 (revision 1)
Stub running...
Changing baud rate to 921600
Changed.
A fatal error occurred: Timed out waiting for packet content"""


def test_svl_no_answer_at_921600_is_baud():
    assert first(SVL_921600) == "SER007"


def test_svl_no_answer_without_rate_is_no_bootloader():
    assert first(SVL_BARE) == "BOOT001"


def test_svl_upload_complete_is_healthy():
    assert serious(SVL_OK) == []


def test_ch55x_packet_mismatch_is_reported():
    assert first(CH55X_VERIFY) == "GEN001"


def test_esptool_invalid_head_before_a_connect_is_not_download_mode():
    assert first(ESP_INVALID_HEAD_THEN_CHIP) == "SER007"
