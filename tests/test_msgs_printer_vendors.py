"""printer-vendors, session 9: two message families from held-out printer threads.

- flash-sdcard.sh (spi_flash.py run_verify): "Firmware Upload Complete", the board reset, then "SD Card Flash Error:
  Unable to connect to MCU". The bootloader applied the new image, which no longer talks on the host's port: built for
  USB while the host is wired to the UART (or the reverse, other pins or baud) -> FW002. The same error before any upload
  is the running Klipper not answering (no cause of its own).
- dfu-util's "Error during download get_status" quoted alone (no download lines before it), with Klipper's make flash
  "Failed to flash to ...: Error running dfu-util" under it: the harmless error after :leave -> DFU001. The same line
  after a progress bar that stopped short stays a real failure.

Texts are real pastes (sources in comments) or lines in the tools' own wording."""

from __future__ import annotations

from textkit import events, findings, first

# A Japanese blog (Hugo repo, 2024-01): SKR v1.3 on the Pi's GPIO UART, firmware rebuilt with USB communication
SD_AFTER_UPLOAD = """
$ ./scripts/flash-sdcard.sh /dev/ttyAMA0 btt-skr-v1.3
Flashing /home/pi/klipper/out/klipper.bin to /dev/ttyAMA0
Checking FatFS CFFI Build...
Connecting to MCU...Connected
Checking Current MCU Configuration...Trying fallback...Done
MCU needs restart: is_config=1, is_shutdown=1
Attempting MCU Reset...Done
Waiting for device to reconnect...Done
Connecting to MCU...Connected
Trying fallback...Initializing SD Card and Mounting file system...
Uploading Klipper Firmware to SD Card...Done
Validating Upload...Done
Firmware Upload Complete: firmware.bin, Size: 27656, Checksum (SHA1): 73FCDF5209F2DC55E8A110880C93F6EE87E27E55
Attempting MCU Reset...Done
Waiting for device to reconnect...Done
Connecting to MCU...............................................................................................

SD Card Flash Error: Unable to connect to MCU
"""

# FreeDi #531 (Qidi Q1 Pro, /dev/ttyS0): the first connection already fails, nothing was uploaded
SD_BEFORE_UPLOAD = """
Flashing /home/mks/klipper/out/qd_mcu.bin to /dev/ttyS0
Checking FatFS CFFI Build...
Building FatFS shared library...Done
Connecting to MCU...............................................................................................

SD Card Flash Error: Unable to connect to MCU
"""

# Manta M4P setup notes: make flash on the by-id path, the paste starts at the error
DFU_BARE = """
dfu-util: Error during download get_status

Failed to flash to /dev/serial/by-id/usb-Klipper_stm32g0b1xx_430030001050415833323520-if00: Error running dfu-util
"""

# dfu-util 0.9 wording, a transfer that broke mid-way: the progress bar did not reach 100%
DFU_MIDWAY = """
Downloading to address = 0x08002000, size = 29824
Download        [=========                ]  36%        10240 bytes
dfu-util: Error during download get_status
"""


def test_sd_connect_failure_after_upload_is_marked() -> None:
    ev = [e for e in events(SD_AFTER_UPLOAD, "sdcard") if e["kind"] == "sd_connect_failed"]
    assert ev and all(e.get("state") == "after_upload" for e in ev)


def test_sd_connect_failure_before_upload_is_not_marked() -> None:
    ev = [e for e in events(SD_BEFORE_UPLOAD, "sdcard") if e["kind"] == "sd_connect_failed"]
    assert ev and not any(e.get("state") == "after_upload" for e in ev)


def test_sd_no_answer_after_upload_is_a_wrong_interface_build() -> None:
    assert first(SD_AFTER_UPLOAD) == "FW002"


def test_sd_no_answer_before_upload_is_not_blamed_on_the_build() -> None:
    ids = [f.id for f in findings(SD_BEFORE_UPLOAD)]
    assert ids and "FW002" not in ids


def test_bare_get_status_line_is_the_download_not_shown() -> None:
    ev = [e for e in events(DFU_BARE, "dfu") if e["kind"] == "get_status_error"]
    assert ev and ev[0]["state"] == "unseen_download" and not ev[0].get("fail")


def test_get_status_after_a_short_progress_bar_is_a_failure() -> None:
    ev = [e for e in events(DFU_MIDWAY, "dfu") if e["kind"] == "get_status_error"]
    assert ev and ev[0]["state"] == "during_download" and ev[0].get("fail")


def test_bare_get_status_with_make_flash_wrapper_is_dfu001() -> None:
    assert first(DFU_BARE) == "DFU001"


def test_get_status_mid_transfer_is_not_dfu001() -> None:
    assert first(DFU_MIDWAY) != "DFU001"


# the same error under a progress bar alone (a paste cut just above it): the bar says how far the transfer got
BAR_SHORT = """
Download        [=========                ]  36%        10240 bytes
dfu-util: Error during download get_status
"""

BAR_FULL = """
Download\t[=========================] 100%        29824 bytes
dfu-util: Error during download get_status
"""


def test_get_status_under_a_short_bar_is_during_the_download() -> None:
    ev = [e for e in events(BAR_SHORT, "dfu") if e["kind"] == "get_status_error"]
    assert ev and ev[0]["state"] == "during_download" and ev[0].get("fail")
    assert first(BAR_SHORT) != "DFU001"


def test_get_status_under_a_full_bar_is_after_the_download() -> None:
    ev = [e for e in events(BAR_FULL, "dfu") if e["kind"] == "get_status_error"]
    assert ev and ev[0]["state"] == "after_download" and not ev[0].get("fail")
    assert first(BAR_FULL) == "DFU001"


# spi_flash.py _wait_for_reconnect(): the USB device never came back within 30 s after the upload and reset
SD_USB_GONE = """
Flashing /home/pi/klipper/out/klipper.bin to /dev/serial/by-id/usb-Klipper_lpc1769_0A400015C09869AF2C7E5A5EC52000F5-if00
Checking FatFS CFFI Build...
Connecting to MCU...Connected
Initializing SD Card and Mounting file system...
Uploading Klipper Firmware to SD Card...Done
Validating Upload...Done
Firmware Upload Complete: firmware.bin, Size: 31564, Checksum (SHA1): 1D9B6A3C0E0A6E8F0B53F5C5A0C4D2F8E6B7A9C1
Attempting MCU Reset...Done
Waiting for device to reconnect..............................Error

SD Card Flash Error: Unable to reconnect
"""


def test_sd_usb_device_not_back_after_upload_is_a_wrong_interface_build() -> None:
    ev = [e for e in events(SD_USB_GONE, "sdcard") if e["kind"] == "sd_connect_failed"]
    assert ev and ev[0].get("state") == "after_upload"
    assert first(SD_USB_GONE) == "FW002"
