"""(stuck-boot s22) A board that starts its ROM loader where the program should run, read from the chip's own boot lines and
from what a post says.

- The ESP8266 ROM's reset line ("ets Jan  8 2013,rst cause:%d, boot mode:(%d,%d)"; esp8266/Arduino doc/boards.rst): boot mode
  (3,x) boots the flash, (1,x) is the UART loader (GPIO0 low), (0|2,x) GPIO2 low, (4..7,x) SDIO (GPIO15 high): BOOT004; a
  software or watchdog restart (rst cause 3/4) back into (1,x) is the state after a serial upload with no physical reset
  (doc/faq.rst): BOOT009.
- An ESP32 ROM that booted from flash at one reset and started its download mode at a later one: the strap read low at some
  resets (BOOT004, LilyGo-EPD47#88), also with a post's Markdown bold around the boot field.
- An ESP32-C6/S3/C3 back in download boot after a completed flash, reset over its own USB (USB_UART_HPSYS,
  USB_UART_CHIP_RESET): the flasher's reset left it in the ROM loader (BOOT009, espflash#556).
- Prose: PA10 named "A10" (a Black Pill's silkscreen), a receiver taken off before flashing (BOOT007); dfu-util not finding a
  board whose only port is a USB-serial bridge's (BOOT005); an STM32 that stays in ROM DFU at reset and runs the new firmware
  only after a power cycle (BOOT009, the empty-flash check).

Texts marked "from the source's format" are written from the tool's message format, not pasted by anyone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from doctor import engine
from doctor.parsers import analyze_files
from tests.textkit import events, facts, first, serious


def _first_of_files(tmp_path: Path, *texts: str) -> str | None:
    paths = []
    for i, text in enumerate(texts, 1):
        p = tmp_path / f"{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    found = [f for f in engine.evaluate(analyze_files(paths)) if f.severity in ("error", "warning")]
    return found[0].id if found else None


# --- the ESP8266 ROM line (from the source's format: esp8266/Arduino doc/boards.rst "Boot Messages and Modes") ---------------

@pytest.mark.parametrize("line, strap", [
    ("ets Jan  8 2013,rst cause:2, boot mode:(1,7)", "GPIO0 low"),
    ("ets Jan  8 2013,rst cause:1, boot mode:(1,6)", "GPIO0 low"),
    (" rst cause:2, boot mode:(7,7)", "GPIO15 high"),
    ("ets Jan  8 2013,rst cause:2, boot mode:(2,6)", "GPIO2 low"),
    ("12:01:33.101 -> ets Jan  8 2013,rst cause:2, boot mode:(1,7)", "GPIO0 low"),
])
def test_esp8266_strap_read_wrong_is_boot004(line: str, strap: str) -> None:
    found = [f for f in engine.evaluate(facts(line)) if f.severity in ("error", "warning")]
    assert found and found[0].id == "BOOT004"
    assert strap in found[0].message


def test_esp8266_flash_boot_is_healthy() -> None:
    # from the source's format: the ROM line in boot mode 3, then the NONOS second-stage loader's banner
    text = "ets Jan  8 2013,rst cause:2, boot mode:(3,7)\n\n2nd boot version : 1.6\n  SPI Speed      : 80MHz\njump to run user1 @ 1000\n"
    assert serious(text) == []
    assert "esp_flash_boot" in [e["kind"] for e in events(text, "flash")]


def test_esp8266_soft_restart_into_uart_loader_is_boot009() -> None:
    # from the source's format: a software/watchdog restart after a serial upload (doc/faq.rst "ESP.restart() doesn't work")
    text = "ets Jan  8 2013,rst cause:2, boot mode:(1,6)\n\nets Jan  8 2013,rst cause:4, boot mode:(1,6)\n\nwdt reset\n"
    assert first(text) == "BOOT009"


def test_esp8266_download_then_upload_is_not_a_fault() -> None:
    # the chip put into its UART loader on purpose and flashed from it: an esptool session after the ROM line
    text = ("ets Jan  8 2013,rst cause:2, boot mode:(1,7)\n"
            "esptool.py v3.0\nSerial port /dev/ttyUSB0\nConnecting....\nChip is ESP8266EX\n"
            "Wrote 262144 bytes (190000 compressed) at 0x00000000 in 16.8 seconds (effective 124.6 kbit/s)...\n"
            "Hash of data verified.\n")
    assert "BOOT004" not in serious(text) and "BOOT009" not in serious(text)


# --- the ESP32 ROM: a boot from flash, then a download boot at a later reset ------------------------------------------------

NORMAL = ("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nconfigsip: 0, SPIWP:0xee\n"
          "clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\nmode:DIO, clock div:2\n")
STUCK = "rst:0x1 (POWERON_RESET),boot:0x1 (DOWNLOAD_BOOT(UART0/UART1/SDIO_FEI_REO_V2))\nwaiting for download\n"


def test_esp32_download_boots_after_a_flash_boot_are_boot004(tmp_path: Path) -> None:
    # (review s22) some resets and not others: two download boots after the boot from flash, or one and the post saying so
    assert _first_of_files(tmp_path, NORMAL, STUCK + "\n" + STUCK) == "BOOT004"
    assert _first_of_files(tmp_path, NORMAL + "\n" + STUCK + "\n" + STUCK) == "BOOT004"
    said = "Pressing Reset, quite often the board comes up in download mode instead of the sketch.\n"
    assert _first_of_files(tmp_path, said, NORMAL, STUCK) == "BOOT004"


def test_esp32_one_download_boot_after_a_flash_boot_is_no_fault(tmp_path: Path) -> None:
    # (review s22) a normal boot, then BOOT held to show download mode (tests/cases/cu-macos-esp32-boot-log-and-download-mode-healthy
    # given as `cu.txt cu-gpio0.txt`, or both in one paste): file order alone is no intermittent strap
    assert _first_of_files(tmp_path, NORMAL, STUCK) is None
    assert _first_of_files(tmp_path, NORMAL + "\n" + STUCK) is None


def test_esp32_normal_download_normal_in_one_text_is_no_fault() -> None:
    # (review s22) the parser keeps the LAST boot from flash of a text: a normal boot after the download boot ends it
    text = ("ets Jun  8 2016 00:22:57\n\n" + NORMAL + "load:0x3fff0030,len:1344\nentry 0x400805f0\n\n"
            "ets Jun  8 2016 00:22:57\n\n" + STUCK + "\nets Jun  8 2016 00:22:57\n\n" + NORMAL + "entry 0x400805f0\n")
    assert serious(text) == []


def test_esp32_flash_boot_after_the_download_boot_is_on_purpose(tmp_path: Path) -> None:
    # BOOT held at one reset, a plain reset after it (tests/cases/cu-macos-esp32-boot-log-and-download-mode-healthy)
    assert _first_of_files(tmp_path, STUCK, NORMAL) is None


def test_esp32_markdown_bold_boot_field_is_read() -> None:
    line = "rst:0x1 (POWERON_RESET),**boot:0x1** (DOWNLOAD_BOOT(UART0/UART1/SDIO_FEI_REO_V2))"
    assert "esp_rom_download_boot" in [e["kind"] for e in events(line + "\nwaiting for download\n", "flash")]


# --- a USB-side reset into download boot after a completed flash (ESP32-C6 / S3 / C3) --------------------------------------

FLASHED = "[2024-01-19T18:00:02Z INFO ] Flashing has completed!\nCommands:\n    CTRL+R    Reset chip\n    CTRL+C    Exit\n\n"


@pytest.mark.parametrize("rom", [
    "ESP-ROM:esp32c6-20220919\nBuild:Sep 19 2022\nrst:0x15 (USB_UART_HPSYS),boot:0x4 (DOWNLOAD(USB/UART0/SDIO_FEI_FEO))\nwaiting for download\n",
    "ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\nrst:0x15 (USB_UART_CHIP_RESET),boot:0x0 (DOWNLOAD(USB/UART0))\nwaiting for download\n",
])
def test_left_in_download_after_flash_is_boot009(rom: str) -> None:
    assert first(FLASHED + rom) == "BOOT009"


def test_usb_reset_into_download_then_flash_boot_after_a_flash_is_no_fault() -> None:
    # (review s22) an S3 re-flashed over USB (idf.py flash monitor): the app booted, a USB reset into download, then a boot from
    # flash again: the last boot from flash comes after the download boot (from the source's format)
    boot = "ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\nrst:0x15 (USB_UART_CHIP_RESET),boot:0x8 (SPI_FAST_FLASH_BOOT)\nentry 0x403c98b8\n"
    dl = "ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\nrst:0x15 (USB_UART_CHIP_RESET),boot:0x0 (DOWNLOAD(USB/UART0))\nwaiting for download\n"
    text = ("Wrote 937712 bytes (601934 compressed) at 0x00010000 in 4.3 seconds (effective 1524.6 kbit/s)...\nHash of data verified.\n\n"
            "Leaving...\nHard resetting via RTS pin...\n" + boot + dl + boot)
    assert "BOOT009" not in [f.id for f in engine.evaluate(facts(text))]


def test_usb_reset_into_download_without_flash_is_no_fault() -> None:
    # esptool's and espflash's own way into download mode over the chip's USB: no strap fault
    rom = "ESP-ROM:esp32c6-20220919\nBuild:Sep 19 2022\nrst:0x15 (USB_UART_HPSYS),boot:0x4 (DOWNLOAD(USB/UART0/SDIO_FEI_FEO))\nwaiting for download\n"
    assert serious(rom) == []


# --- what a post says ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Solution: Tying A10 to GND successfully makes it enter DFU bootloader mode 100% of the time (though just not leaving PA10 floating is probably sufficient).",
    "I placed a 10K pulldown resistor at A10. I can now use my finger to press the BOOT0 and RST buttons and reliably boot the DFU bootloader.",
    "It would be great if there was no need to take off ELRS from the wing before flashing software.",
    "I always have to unplug the GPS before flashing, otherwise the configurator finds no DFU device.",
])
def test_said_usart_rx_kept_dfu_away_is_boot007(text: str) -> None:
    assert first(text) == "BOOT007"


def test_a10_alone_is_not_boot007() -> None:
    assert first("My Allwinner A10 board runs the bootloader fine.") != "BOOT007"
    # (review s22) an Arduino Mega's analog pin: A10 only beside an STM32 board's name, BOOT0 or PA10
    assert first("I pulled A10 high in my sketch on the Mega, and flashed the 16u2 with dfu-programmer.") != "BOOT007"


@pytest.mark.parametrize("text", [
    "Disconnect the GPS from the FC before updating its firmware in u-center.",
    "You don't need to remove the receiver before flashing, the CLI passthrough handles it.",
    "Unplug the ELRS receiver before flashing it over WiFi, then plug it back.",
    "Do I have to unplug the GPS before flashing?",
])
def test_receiver_off_for_its_own_update_or_not_needed_is_not_boot007(text: str) -> None:
    # (review s22) advice about the receiver's own update, a negation, a question
    assert first(text) != "BOOT007"


@pytest.mark.parametrize("text", [
    "However, it cannot find my board while using `ls /dev/tty*` the device can be found as `/dev/tty.SLAB_USBtoUART`.",
    "dfu-util can't find the board, the only device is /dev/ttyUSB0.",
])
def test_said_dfu_util_finds_only_a_bridge_port_is_boot005(text: str) -> None:
    assert first("I installed dfu-util. " + text) == "BOOT005"


def test_said_dfu_until_power_cycle_is_boot009() -> None:
    text = ("Even if I return the boot pin to low and reset, it still appears as a DFU device with lsusb. However, when I power "
            "cycle the device it behaves as if it has the new firmware.")
    assert first(text) == "BOOT009"


@pytest.mark.parametrize("text", [
    "After a reset it still shows up as DFU, and even a power cycle does not start the new firmware.",
    "After a reset it still shows up as DFU, and a power cycle doesn't help either, the new firmware never runs.",
])
def test_dfu_surviving_a_power_cycle_is_not_boot009(text: str) -> None:
    # (review s22) the negation points the other way: BOOT0 held (BOOT004), not the empty-flash latch
    assert first(text) != "BOOT009"


# --- (review s22) the ESP8266 ROM line read only as a log line, its intermittent form in ESP8266 words -------------------------

def test_esp8266_rom_line_in_prose_is_not_read() -> None:
    text = "It no longer prints rst cause:2, boot mode:(1,6), now it boots fine."
    assert "esp_rom_download_boot" not in [e["kind"] for e in events(text, "flash")]
    assert first(text) != "BOOT004"


def test_esp8266_download_boots_after_a_flash_boot_use_esp8266_words() -> None:
    # from the source's format: a boot from flash (3,6), then the UART loader (1,6) at two later resets
    text = (" ets Jan  8 2013,rst cause:2, boot mode:(3,6)\n~ld\nhello\n ets Jan  8 2013,rst cause:2, boot mode:(1,6)\n\n"
            " ets Jan  8 2013,rst cause:2, boot mode:(1,6)\n")
    found = [f for f in engine.evaluate(facts(text)) if f.severity in ("error", "warning")]
    assert found and found[0].id == "BOOT004"
    assert "GPIO0 low" in found[0].message and "GPIO9" not in found[0].message and "SPI_FAST_FLASH_BOOT" not in found[0].message
