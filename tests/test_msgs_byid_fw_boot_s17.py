"""Rows and rules added for the byid-fw-boot round (session 17): ESP-IDF's OTA/boot chip-id check and the ESP8266
boot_v1.x console, over-the-air updates refused for lack of room (Arduino cores' Updater, ESPHome), MCUboot's console
and imgtool / west sign."""

from __future__ import annotations

from tests.textkit import first, kinds, serious

# ESP32Marauder#145: ESP-IDF bootloader_common_check_chip_validity() on an OTA of the ESP32-S2 build to an ESP32
OTA_CHIP_MISMATCH = """Update: esp32_marauder_v0_9_13_20220806_flipper.bin
E (75435) boot_comm: mismatch chip ID, expected 0, found 2
Could Not Activate The Firmware"""

# esp-idf#14187: the "image" fetched was no firmware at all (18242 is no chip id): not a wrong-chip build
OTA_NOT_AN_IMAGE = """E (8826) esp_https_ota: Mismatch chip id, expected 0, found 18242
E (8836) simple_ota_example: Firmware upgrade failed"""

# jeelabs/esp-link#94: boot_v1.4 jumps to user1 at 0x1000, user1.bin was written at 0x10000
ESP8266_NO_USER1 = """2nd boot version : 1.4(b1)
  SPI Speed      : 40MHz
  SPI Mode       : DIO
  SPI Flash Size & Map: 32Mbit(512KB+512KB)
jump to run user1 @ 1000

backup boot failed.

user code done"""

# ESPEasy#5132 and esphome/issues#592: the update does not fit beside the running firmware
OTA_NO_SPACE = "09:42:58 [ERROR]: Bad Answer: ERR: ERROR[4]: Not Enough Space"
ESPHOME_NO_SPACE = """INFO Uploading /data/x/.pioenvs/x/firmware.bin (330624 bytes)
ERROR Error binary size: Error: ESP does not have enough space to store OTA file. Please try flashing a minimal firmware (remove everything except ota)"""

# mcuboot#1845: swap-using-move, image plus trailer larger than the slot
MCUBOOT_SWAP_NO_SPACE = """I: Starting bootloader
I: Swap type: test
I: Starting swap using move algorithm.
W: Not enough free space to run swap upgrade
W: required 1048576 bytes but only 917504 are available
E: panic!"""

MCUBOOT_NO_IMAGE = """*** Booting MCUboot v2.1.0 ***
I: Starting bootloader
I: Primary   slot: version=0.0.0+0
I: Image 0 Secondary slot: Image not found
E: Image in the primary slot is not valid!
E: Unable to find bootable image"""

MCUBOOT_HEALTHY = """*** Booting Zephyr OS build v2.3.0-rc1-138-gc46b138453a2  ***
[00:00:00.005,000] <inf> mcuboot: Starting bootloader
[00:00:00.006,000] <inf> mcuboot: Primary image: magic=unset, swap_type=0x1, copy_done=0x3, image_ok=0x3
[00:00:00.006,000] <inf> mcuboot: Boot source: primary slot
[00:00:00.013,000] <inf> mcuboot: Swap type: none
*** Booting Zephyr OS build v2.3.0-rc1-138-gc46b138453a2  ***
Hello World! disco_l475_iot1"""

# zephyr#25597: west sign passed the application's text-section offset 0 as imgtool's header size
WEST_SIGN_HEADER_0 = """=== image configuration:
partition offset: 49152 (0xc000)
partition size: 421888 (0x67000)
text section offset: 0 (0x0)
=== signed binaries:
Usage: imgtool sign [OPTIONS] INFILE OUTFILE

Error: Invalid value for "-H" / "--header-size": Minimum value for -H/--header-size is 32
FATAL ERROR: command exited with status 2: /usr/local/bin/imgtool sign --version 0.0.0+0 --align 4 --header-size 0 --slot-size 421888"""


def test_esp_idf_chip_id_mismatch_is_a_build_for_another_chip():
    assert first(OTA_CHIP_MISMATCH) == "FW002"
    assert "FW002" not in serious(OTA_NOT_AN_IMAGE)


def test_esp8266_boot_v1_backup_boot_failed_is_user1_at_the_wrong_address():
    assert first(ESP8266_NO_USER1) == "FW001"


def test_ota_refused_for_lack_of_room_is_an_image_that_does_not_fit():
    assert first(OTA_NO_SPACE) == "FW004"
    assert first(ESPHOME_NO_SPACE) == "FW004"


def test_mcuboot_console():
    assert first(MCUBOOT_SWAP_NO_SPACE) == "FW004"
    assert first(MCUBOOT_NO_IMAGE) == "BOOT009"
    assert "mcuboot_start" in kinds(MCUBOOT_HEALTHY, "flash")
    assert serious(MCUBOOT_HEALTHY) == []


def test_imgtool_header_size_zero_is_an_app_not_built_for_mcuboot():
    assert first(WEST_SIGN_HEADER_0) == "FW001"


def test_new_rows_match_their_examples_and_give_their_kind():
    import re

    from doctor.parsers import esp_ota, mcuboot
    from tests.textkit import events

    for table, tool in ((esp_ota.MESSAGES, "esp-ota"), (mcuboot.MESSAGES, "mcuboot"), (mcuboot.IMGTOOL, "imgtool")):
        for m in table:
            assert re.search(m.pattern, m.example), (m.pattern, m.example)
            if m.kind and not m.benign:
                assert m.kind in [e["kind"] for e in events(m.example, "flash", tool)], (tool, m.example)


def test_esphome_ota_flash_size_refusal_is_a_build_for_another_board():
    assert first("ERROR Error: ESP does not have the requested flash size (wrong board). Please choose the correct 'board' option "
                 "(esp01_1m always works) and try uploading again.") == "FW002"
