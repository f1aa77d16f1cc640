"""Session 13, board-vendors: printer mainboard trackers (BTT, Mellow, Klipper/Katapult flashing of vendor boards).

Families fixed: a Katapult bootloader request that the running firmware ignored (the next query still lists the node
as Klipper), Klipper's make flash aimed at a board still running Marlin, Katapult written over DFU onto a chip that
still holds Klipper (the application starts, no usb-katapult_ device), flash-sdcard.sh on a board Klipper marks
skip_verify (power cycle needed) whose output shows no result, a paste wrapped in one Markdown inline-code span or bold
mark, and the `ls /dev/serial/by-id` command line after a prompt."""

from __future__ import annotations

from tests.textkit import facts, first, serious

REQUEST_IGNORED = """
james@MicronPi:~/katapult/scripts $ python3 flashtool.py -i can0 -r -u 1bcff81feaf9
Connecting to CAN UUID 1bcff81feaf9 on interface can0
Sending bootloader jump command...
Bootloader Request Complete
james@MicronPi:~/katapult/scripts $ python3 flashtool.py -i can0 -q
Resetting all bootloader node IDs...
Checking for Katapult nodes...
Detected UUID: 1bcff81feaf9, Application: Klipper
CANBus UUID Query Complete
"""


def test_request_then_query_still_klipper_is_boot001() -> None:
    runs = facts(REQUEST_IGNORED)["katapult"]["runs"]
    assert runs[0].get("request_ignored") is True
    assert not runs[0].get("left_waiting")
    assert first(REQUEST_IGNORED) == "BOOT001"


def test_request_then_query_in_katapult_is_not_ignored() -> None:
    text = REQUEST_IGNORED.replace("Application: Klipper", "Application: Katapult")
    runs = facts(text)["katapult"]["runs"]
    assert not runs[0].get("request_ignored")
    assert "BOOT001" not in serious(text)


def test_request_flash_then_query_klipper_is_not_ignored() -> None:
    text = REQUEST_IGNORED.replace(
        "james@MicronPi:~/katapult/scripts $ python3 flashtool.py -i can0 -q",
        "james@MicronPi:~/katapult/scripts $ python3 flashtool.py -i can0 -u 1bcff81feaf9 -f ~/klipper/out/klipper.bin\n"
        "Flashing '/home/james/klipper/out/klipper.bin'...\n"
        "Flash Success\n"
        "james@MicronPi:~/katapult/scripts $ python3 flashtool.py -i can0 -q")
    runs = facts(text)["katapult"]["runs"]
    assert not runs[0].get("request_ignored")


MARLIN_MAKE_FLASH = """
`Failed to flash to /dev/serial/by-id/usb-marlinfw.org_Marlin_USB_Device_10004010AF4A1C885D68A692F50020C0-if00: Error running dfu-util

If flashing Klipper to a Smoothieboard for the first time it may be
necessary to manually place the board into "bootloader mode" - press
and hold the "Play button" and then press and release the "Reset
button".
"""


def test_make_flash_to_marlin_device_is_boot001() -> None:
    assert first(MARLIN_MAKE_FLASH) == "BOOT001"
    assert first(MARLIN_MAKE_FLASH.replace("`Failed", "Failed")) == "BOOT001"


def test_make_flash_to_klipper_device_is_not_the_marlin_rule() -> None:
    text = MARLIN_MAKE_FLASH.replace("usb-marlinfw.org_Marlin_USB_Device_10004010AF4A1C885D68A692F50020C0-if00",
                                     "usb-Klipper_lpc1769_10400010881C4AAF92A6685DC02000F5-if00")
    found = facts(text)
    assert found["flash"]["runs"][0]["events"][0]["kind"] == "flash_failed"
    from doctor.derive import flash_to_other_firmware
    assert flash_to_other_firmware(found) == []


KATAPULT_DFU_THEN_KLIPPER = """
pi@micron:~/katapult$ sudo dfu-util -R -a 0 -s 0x08000000:leave -D ~/katapult/out/katapult.bin -d 0483:df11
dfu-util 0.9

dfu-util: Invalid DFU suffix signature
dfu-util: A valid DFU suffix will be required in a future dfu-util release!!!
Opening DFU capable USB device...
ID 0483:df11
Run-time device DFU version 011a
Claiming USB DFU Interface...
Setting Alternate Setting #0 ...
Determining device status: state = dfuIDLE, status = 0
dfuIDLE, continuing
DFU mode device DFU version 011a
Device returned transfer size 1024
DfuSe interface name: "Internal Flash   "
Downloading to address = 0x08000000, size = 4727
Download        [=========================] 100%         4727 bytes
Download done.
File downloaded successfully
dfu-util: Error during download get_status
pi@micron:~/katapult$ ls /dev/serial/by-id
usb-Klipper_stm32g0b1xx_m8p-if00
"""


def test_katapult_over_dfu_then_klipper_listed_is_boot001() -> None:
    snap = facts(KATAPULT_DFU_THEN_KLIPPER)
    assert [e["name"] for e in snap["serial"]["by_id"]] == ["usb-Klipper_stm32g0b1xx_m8p-if00"]
    assert first(KATAPULT_DFU_THEN_KLIPPER) == "BOOT001"


def test_katapult_over_dfu_then_katapult_listed_is_healthy() -> None:
    text = KATAPULT_DFU_THEN_KLIPPER.replace("usb-Klipper_stm32g0b1xx_m8p-if00", "usb-katapult_stm32g0b1xx_3E0009000A504B4633373520-if00")
    assert serious(text) == []


def test_katapult_over_dfu_with_mass_erase_is_not_boot001() -> None:
    text = KATAPULT_DFU_THEN_KLIPPER.replace("0x08000000:leave", "0x08000000:mass-erase:force:leave")
    assert "BOOT001" not in serious(text)


def test_markdown_bold_and_italics_around_a_paste_are_read_past() -> None:
    text = ("_pi@micron:~/katapult$ ls /**dev/serial/by-id\n"
            "usb-Klipper_stm32g0b1xx_m8p-if00_**\n")
    assert [e["name"] for e in facts(text)["serial"]["by_id"]] == ["usb-Klipper_stm32g0b1xx_m8p-if00"]


def test_make_error_stars_are_kept() -> None:
    text = ("Failed to flash to 0483:df11: Error running dfu-util\n"
            "make: *** [src/stm32/Makefile:75: flash] Error 255\n")
    ev = [e for r in facts(text)["flash"]["runs"] for e in r["events"] if e["kind"] == "make_error"]
    assert ev and ev[0]["code"] == 255


SDIO_BOARD_CUT = """
$ ./scripts/flash-sdcard.sh /dev/ttyACM0 btt-octopus
Flashing /home/pi/klipper/out/klipper.bin to /dev/ttyACM0
Checking FatFS CFFI Build...
Connecting to MCU...Connected
Checking Current MCU Configuration...Done
MCU needs restart: is_config=1, is_shutdown=0
Attempting MCU Reset...Done
Waiting for device to reconnect....Done
Connecting to MCU...Connected
Initializing SD Card and Mounting file system...

SD Card Information:
Version: 2.0
SDHC/SDXC: True
fs_type: FAT32
"""


def test_sdcard_flash_on_skip_verify_board_without_result_is_sd002_warning() -> None:
    found = [f for f in __import__("tests.textkit", fromlist=["findings"]).findings(SDIO_BOARD_CUT)]
    assert found and found[0].id == "SD002" and found[0].severity == "warning"


def test_sdcard_flash_on_spi_board_without_result_is_silent() -> None:
    text = SDIO_BOARD_CUT.replace("btt-octopus", "btt-skr-mini-e3-v3")
    assert first(text) is None


def test_sdcard_flash_on_skip_verify_board_success_is_healthy() -> None:
    text = SDIO_BOARD_CUT.replace("btt-octopus", "btt-octopus-f446-v1") + "Verifying Flash...Version matched...Done\nFirmware Flash Successful\n"
    assert serious(text) == []
