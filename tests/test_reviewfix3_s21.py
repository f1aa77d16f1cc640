"""(reviewfix3 s21) The review of f146848c: rows and rules that fired on texts outside their family. Each test is a text the
review wrote in the tool's or the family's wording (from the source's format where it quotes a tool), must-not-fire or
positive."""

from __future__ import annotations

from textkit import findings, first


def _ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def _conf(text: str, fid: str) -> float:
    return max((f.confidence for f in findings(text) if f.id == fid), default=0.0)


# --- 1. OpenTX/EdgeTX radio popups (SER006): the bare reason line is the radio's only beside a radio word

def test_bare_device_not_responding_alone_is_not_ser006() -> None:
    assert "SER006" not in _ids("Device not responding\n")
    assert "SER006" not in _ids("  Device not responding.\n")


def test_bare_device_not_responding_after_a_traceback_is_not_ser006() -> None:
    assert "SER006" not in _ids('Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n    main()\n'
                                "IOError: read failed\nDevice not responding\n")


def test_bare_device_not_responding_after_dmesg_is_not_ser006() -> None:
    assert "SER006" not in _ids("usb 1-1: device not accepting address 5, error -71\nDevice not responding\n")


def test_firmware_update_error_in_other_tools_sentences_is_not_ser006() -> None:
    assert "SER006" not in _ids("OTA firmware update error: not responding to ping\n")
    assert "SER006" not in _ids('The ELRS Configurator shows "Firmware update error - not responding" when flashing over WiFi\n')


def test_radio_popup_still_ser006() -> None:
    assert first("FW update error Not responding\n") == "SER006"
    assert "SER006" in _ids("Flashing the R9M module from my EdgeTX radio:\nDevice not responding\n")


# --- 2/3. ESP ROM download boot (BOOT004): not when download mode was entered on purpose

_ROM_DL = "rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\nwaiting for download\n"
_WRITE = ("esptool.py v4.5.1\nSerial port /dev/ttyUSB0\nConnecting....\nChip is ESP32-D0WD-V3 (revision v3.0)\nUploading stub...\n"
          "Running stub...\nStub running...\nCompressed 1000000 bytes to 600000...\n"
          "Wrote 1000000 bytes (600000 compressed) at 0x00010000 in 10.0 seconds (effective 800.0 kbit/s)...\n"
          "Hash of data verified.\n\nLeaving...\nHard resetting via RTS pin...\n")


def test_download_mode_held_on_purpose_then_flashed_is_not_boot004() -> None:
    assert "BOOT004" not in _ids("I hold BOOT on purpose to put it in download mode, the monitor shows:\n" + _ROM_DL
                                 + "Then esptool flashes fine:\n" + _WRITE)


def test_esptool_note_placed_into_download_mode_is_not_boot004() -> None:
    # from the source's format (esptool loader.py's notes, the S3 ROM lines)
    assert "BOOT004" not in _ids("WARNING: ESP32-S3 chip was placed into download mode using GPIO0.\n"
                                 "esptool.py can not exit the download mode over USB. To run the app, reset the chip manually.\n"
                                 "ESP-ROM:esp32s3-20210327\nrst:0x1 (POWERON),boot:0x0 (DOWNLOAD(USB/UART0))\nwaiting for download\n")


def test_download_detected_no_sync_is_not_boot004() -> None:
    assert "BOOT004" not in _ids(_ROM_DL + "esptool.py v4.7.0\nSerial port /dev/ttyUSB0\nConnecting......\n"
                                 "A fatal error occurred: Failed to connect to ESP32: Download mode successfully detected, but getting "
                                 "no sync reply: The serial TX path seems to be down.\n")


def test_usb_side_reset_into_download_is_not_boot004() -> None:
    # from the source's format (ESP32-S3 / C3 ROM after esptool's reset over the chip's USB)
    assert "BOOT004" not in _ids("ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\nrst:0x15 (USB_UART_CHIP_RESET),boot:0x0 (DOWNLOAD(USB/UART0))\n"
                                 "Saved PC:0x40041a76\nwaiting for download\n")
    assert "BOOT004" not in _ids("ESP-ROM:esp32c3-api1-20210207\nBuild: Feb  7 2021\n"
                                 "rst:0x15 (USB_UART_CHIP_RESET),boot:0x7 (DOWNLOAD(USB/UART0/1))\nwait usb download\n")


def test_rom_download_boot_alone_still_boot004() -> None:
    assert first("ets Jun  8 2016 00:22:57\n\n" + _ROM_DL) == "BOOT004"


# --- 4. RP002 said: the bare outcome needs its subject; reaching it means over USB; not a question

def test_rp002_new_forms_do_not_fire_outside_their_family() -> None:
    for text in ("Reconnect the board, then flash; not starting is normal in BOOTSEL mode on the Pico.",
                 "After power cycling my Pico W it joins WiFi, but I can't connect to it over MQTT",
                 "When the pico W disconnects from the access point I cannot reach it over ping",
                 "Disconnect the Pico's SWD wires, otherwise openocd can't connect to the board.",
                 "Pico: reconnect it and then it is not possible to see the drive? No, it shows up fine."):
        assert "RP002" not in _ids(text + "\n"), text


def test_rp002_lost_over_usb_still_fires() -> None:
    assert first("After I unplug the Pico and plug it back in, it is not possible to reach the RP from the PC over USB.\n") == "RP002"


# --- 5. BOOT009 said: not the bootloader entered on purpose, not a question

def test_boot009_on_purpose_or_question_does_not_fire() -> None:
    for text in ("Hold the button and it will start directly into the bootloader for flashing.",
                 "The receiver boots straight into the bootloader only if you hold the button, otherwise it runs the app.",
                 "the MCU jumps directly to the bootloader when you send the reboot command, that's expected.",
                 "Does it boot directly into the bootloader? No, it starts the app."):
        assert "BOOT009" not in _ids(text + "\n"), text


def test_boot009_goes_straight_into_the_bootloader() -> None:
    assert first("After flashing, my receiver goes straight into the bootloader every time it powers up.\n") == "BOOT009"


# --- 6. BOOT005 said: "not a DFU board", "kein DFU nötig", a board that works are not DFU absent

def test_boot005_not_a_dfu_board_does_not_fire() -> None:
    for text in ("USB-SERIAL CH340 (COM3): not a DFU board, it's an Arduino Nano clone, uploads fine.",
                 "Not a DFU problem: the CH340 driver was missing, after installing it the FC works.",
                 "Kein DFU nötig, der FC hat einen CP2102"):
        assert "BOOT005" not in _ids(text + "\n"), text


# --- 7. probe-rs locked core (SWD006): not when the erase ran or another failure names the cause

_LOCKED = "WARN probe_rs::session: Core 0 is locked. Erase procedure will be started to unlock it.\n"


def test_locked_then_erase_done_then_attach_failed_is_not_swd006() -> None:
    # from the source's format (probe-rs 0.2x progress bar)
    assert "SWD006" not in _ids(_LOCKED + "      Erasing ✔ 100% [####################] 1.00 MiB @ 50 KiB/s (took 2s)\n"
                                "Error: Connecting to the chip was unsuccessful.\n")


def test_locked_then_no_probe_is_swd001() -> None:
    text = _LOCKED + "Error: No probe found.\n"
    assert first(text) == "SWD001" and "SWD006" not in _ids(text)


def test_locked_then_probe_without_jtag_is_not_swd006() -> None:
    text = _LOCKED + "Error: Failed to attach\n\nCaused by:\n    The probe does not support the JTAG protocol\n"
    assert "SWD006" not in _ids(text)


def test_locked_then_attach_failed_still_swd006() -> None:
    assert first(_LOCKED + "Error: Connecting to the chip was unsuccessful.\n") == "SWD006"


# --- 9. pylink without a J-Link library (TOOL001)

def test_pylink_no_valid_dll_is_tool001() -> None:
    # from the source's format (pylink jlink.py JLink.__init__)
    assert first("Traceback (most recent call last):\n  File \"runners/jlink.py\", line 200, in do_run\n"
                 "    lib = pylink.Library(dllpath=self.dll_path)\nTypeError: Expected to be given a valid DLL.\n") == "TOOL001"
