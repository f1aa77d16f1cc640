"""(byid-fw-boot s16) Rows and rules from the session-16 round on the FW/BOOT/DFU fault ids: esptool's write address read
against the chip's bootloader offset (an ESP32-S3/C3/C6 image written at the classic ESP32's 0x1000), and ESP-IDF's
second-stage bootloader finding no application in the partition table's app slot."""

from __future__ import annotations

from textkit import events, first, serious

# --- esptool: the lowest write at 0x1000 on a chip that boots from 0x0 / 0x2000 ------------------------------------------

S3_AT_1000 = """esptool.py v4.5.1
Serial port /dev/ttyACM0
Connecting...
Chip is ESP32-S3 (revision v0.2)
Features: WiFi, BLE
Crystal is 40MHz
Uploading stub...
Running stub...
Stub running...
Configuring flash size...
Flash will be erased from 0x00001000 to 0x00004fff...
Compressed 15104 bytes to 10401...
Wrote 15104 bytes (10401 compressed) at 0x00001000 in 0.4 seconds (effective 302.1 kbit/s)...
Hash of data verified.
Compressed 3072 bytes to 146...
Wrote 3072 bytes (146 compressed) at 0x00008000 in 0.1 seconds (effective 245.6 kbit/s)...
Hash of data verified.
Compressed 1583792 bytes to 1050433...
Wrote 1583792 bytes (1050433 compressed) at 0x00010000 in 12.3 seconds (effective 1030.1 kbit/s)...
Hash of data verified.

Leaving...
Hard resetting via RTS pin...
"""


def test_esptool_s3_bootloader_written_at_0x1000_is_wrong_offset() -> None:
    ev = [e for e in events(S3_AT_1000, "flash", "esptool") if e["kind"] == "esp_write_boot_offset"]
    assert ev and ev[0]["chip"] == "ESP32-S3" and ev[0]["expected"] == "0x0" and "0x00001000" in ev[0]["line"]
    assert first(S3_AT_1000) == "FW001"
    # followed by the ROM's loop on the console, the same cause
    assert first(S3_AT_1000 + "invalid header: 0xffffffff\ninvalid header: 0xffffffff\n") == "FW001"


def test_esptool_classic_esp32_at_0x1000_and_s3_at_0x0_are_healthy() -> None:
    esp32 = S3_AT_1000.replace("Chip is ESP32-S3 (revision v0.2)", "Chip is ESP32-D0WD-V3 (revision v3.1)")
    assert not [e for e in events(esp32, "flash", "esptool") if e["kind"] == "esp_write_boot_offset"]
    assert serious(esp32) == []
    s3_merged = S3_AT_1000.replace("at 0x00001000 in", "at 0x00000000 in").replace("from 0x00001000", "from 0x00000000")
    assert serious(s3_merged) == []
    # an app-only update at 0x10000 writes no bootloader at all
    app_only = ("esptool.py v4.5.1\nChip is ESP32-S3 (revision v0.2)\nCompressed 1583792 bytes to 1050433...\n"
                "Wrote 1583792 bytes (1050433 compressed) at 0x00010000 in 12.3 seconds (effective 1030.1 kbit/s)...\n"
                "Hash of data verified.\n\nLeaving...\nHard resetting via RTS pin...\n")
    assert serious(app_only) == []


def test_esptool_5x_and_esphome_flasher_wordings() -> None:
    # esptool 5.x cmds.py: "Connected to <chip> on <port>:" and "Wrote N bytes (M compressed) at 0x... in t seconds (r kbit/s)."
    v5 = ("esptool v5.0.1\nConnected to ESP32-C6 on /dev/cu.usbmodem1101:\nChip type:          ESP32-C6 (QFN40) (revision v0.1)\n"
          "Stub flasher running.\nWrote 20480 bytes (12888 compressed) at 0x00001000 in 0.5 seconds (330.2 kbit/s).\n"
          "Hash of data verified.\n\nHard resetting via RTS pin...\n")
    assert first(v5) == "FW001"
    # ESPHome-Flasher prints the "Wrote" right after the last progress line
    esphome = ("Detecting chip type... ESP32-C3\nConnecting...\n\nChip Info:\n - Chip Family: ESP32\n"
               "Compressed 15856 bytes to 10276...\n"
               "Writing at 0x00001000... (100 %)Wrote 15856 bytes (10276 compressed) at 0x00001000 in 0.4 seconds (effective 357.5 kbit/s)...\n"
               "Hash of data verified.\n")
    ev = [e for e in events(esphome, "flash", "esptool") if e["kind"] == "flash_written"]
    assert ev and ev[0]["addr"] == "0x00001000"
    assert first(esphome) == "FW001"


# --- ESP-IDF second-stage bootloader: no application in the table's app slot ---------------------------------------------

NO_APP = """I (104) boot: End of partition table
E (24) boot: ota data partition invalid and no factory, will try all partitions
E (25) esp_image: image at 0x20000 has invalid magic byte (nothing flashed here?)
E (30) boot: OTA app partition slot 0 is not bootable
E (35) esp_image: image at 0x3f0000 has invalid magic byte (nothing flashed here?)
E (42) boot: OTA app partition slot 1 is not bootable
E (47) boot: No bootable app partitions in the partition table
"""


def test_idf_bootloader_no_app_in_slot_is_wrong_offset() -> None:
    ev = [e for e in events(NO_APP, "flash", "esptool") if e["kind"] == "esp_app_missing"]
    assert ev and ev[0]["reason"] == "no_image"
    assert first(NO_APP) == "FW001"
    merged = ("E esp_image: Segment 0 0x3fce2820-0x3fce3d34 invalid: overlaps bootloader stack\n"
              "E boot: OTA app partition slot 0 is not bootable\nE boot: No bootable app partitions in the partition table\n")
    assert first(merged) == "FW001"
    # older ESP-IDF without "(nothing flashed here?)"
    assert first("E (543) esp_image: image at 0x110000 has invalid magic byte\nW (549) esp_image: image at 0x110000 has invalid SPI mode 204\n"
                 "E (556) boot: OTA app partition slot 0 is not bootable\n") == "FW001"


def test_idf_bootloader_app_too_large_or_fallback_slot() -> None:
    too_large = ("E (553) esp_image: Image length 1723008 doesn't fit in partition length 1310720\n"
                 "E (553) boot: OTA app partition slot 0 is not bootable\nE (554) boot: No bootable app partitions in the partition table\n")
    assert first(too_large) == "FW004"
    # one slot empty, the other one loaded: the bootloader fell back and the chip booted
    fallback = ("I (31) esp_image: segment 0: paddr=01000020 vaddr=3fce2820 size=01700h (5888) load\n"
                "E (31) esp_image: Segment 0 0x3fce2820-0x3fce3f20 invalid: overlaps bootloader stack\n"
                "E (32) boot: OTA app partition slot 1 is not bootable\n"
                "I (861) boot: Loaded app from partition at offset 0xa00000\n")
    assert serious(fallback) == []
