"""(devboards s21) Families the first-contact threads of the dev-board / IDE round showed:

- the ESP ROM's serial download boot at reset ("boot:0x3 (DOWNLOAD_BOOT(UART0/...))", "waiting for download"; S2/S3
  "boot:0x0 (DOWNLOAD(USB/UART0))") with no boot from flash in the texts: GPIO0 held low, the ESP form of BOOT004
  (derive.esp_download_boot_held); not the C3's SPI_DOWNLOAD_BOOT, not a text that also shows a normal boot;
- pylink (Zephyr's west jlink runner) failing to open SEGGER's J-Link library (FileNotFoundError naming JLink_x64.dll,
  libjlinkarm.so, libjlinkarm.dylib) -> TOOL001;
- Adafruit WebSerial ESPTool's baud change that gets no whole reply ("Attempting to change baud rate to N...",
  "Didn't get enough status bytes", "Unable to change the baud rate ...") -> SER007;
- probe-rs finding the nRF core locked and the attach then failing -> SWD006; `probe-rs info`'s JTAG-first attempt on a
  probe without JTAG is not a probe fault.

Texts marked "from the source's format" are written from the tools' sources, the others are lines of real threads."""

from __future__ import annotations

from textkit import findings, first


def _ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def test_esp_rom_download_boot_with_no_flash_boot_is_gpio0_held() -> None:
    # espressif/arduino-esp32#2278 (a relay circuit on GPIO0 of a custom carrier board)
    text = ("rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\n"
            "waiting for download\n")
    assert first(text) == "BOOT004"
    # from the source's format: the ESP32-S3 ROM's banner and reset line in download boot
    s3 = ("ESP-ROM:esp32s3-20210327\nBuild:Mar 27 2021\nrst:0x1 (POWERON),boot:0x0 (DOWNLOAD(USB/UART0))\n"
          "waiting for download\n")
    assert first(s3) == "BOOT004"


def test_esp_download_boot_after_a_written_image_is_gpio0_held() -> None:
    # espressif/arduino-esp32#577 (upload verified, then the reset came back to the ROM's download mode)
    text = ("esptool.py v2.0-dev\nConnecting...\nUploading stub...\nRunning stub...\nStub running...\n"
            "Compressed 10128 bytes to 6242...\n\nWriting at 0x00001000... (100 %) \n"
            "Wrote 10128 bytes (6242 compressed) at 0x00001000 in 0.6 seconds (effective 146.0 kbit/s)...\n"
            "Hash of data verified.\n\nets Jun  8 2016 00:22:57\n\n"
            "rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\nwaiting for download\n")
    hits = [f for f in findings(text) if f.id == "BOOT004"]
    assert hits and "upload finished" in hits[0].message


def test_esp_download_boot_beside_a_normal_boot_is_on_purpose() -> None:
    # the healthy case's two texts (qiita yamori813): a plain reset boots from flash, BOOT held shows download mode
    text = ("ets Jun 8 2016 00:22:57\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
            "configsip: 0, SPIWP:0xee\nmode:DIO, clock div:2\nload:0x3fff0018,len:4\nentry 0x400806ac\n\n"
            "ets Jun 8 2016 00:22:57\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\n"
            "waiting for download\n")
    assert "BOOT004" not in _ids(text)
    # the C3's SPI download boot is another strap (GPIO8), not this one
    c3 = "ESP-ROM:esp32c3-api1-20210207\nBuild:Feb  7 2021\nrst:0x1 (POWERON),boot:0x1 (SPI_DOWNLOAD_BOOT)\nwait spi download\n"
    assert "BOOT004" not in _ids(c3)


def test_pylink_without_the_segger_library_is_a_missing_tool() -> None:
    # zephyrproject-rtos/zephyr#51825 (OpenJDK's jlink.exe on PATH, the library sought in the JDK's bin)
    text = ("packages\\pylink\\library.py\", line 286, in __init__\n    self.load(dllpath)\n"
            "  File \"C:\\Python310\\lib\\site-packages\\pylink\\library.py\", line 392, in load\n"
            "    with open(self._path, 'rb') as inputfile:\n"
            "FileNotFoundError: [Errno 2] No such file or directory: "
            "'C:\\\\Program Files\\\\Eclipse Adoptium\\\\jdk-11.0.16.101-hotspot\\\\bin\\\\JLink_x64.dll'\n")
    assert first(text) == "TOOL001"
    # from the source's format: the Linux and macOS library names pylink opens (zephyr#48626)
    assert first("FileNotFoundError: [Errno 2] No such file or directory: '/opt/SEGGER/JLink_V768b/jlinkarm.so'\n") == "TOOL001"
    assert first("FileNotFoundError: [Errno 2] No such file or directory: '/opt/SEGGER/JLink/libjlinkarm.so.7'\n") == "TOOL001"
    assert first("FileNotFoundError: [Errno 2] No such file or directory: "
                 "'/Applications/SEGGER/JLink/libjlinkarm.dylib'\n") == "TOOL001"


def test_web_flasher_baud_change_without_a_whole_reply_is_the_rate() -> None:
    # adafruit/Adafruit_WebSerial_ESPTool#8 (CH340 on macOS; only 115200 worked)
    text = ("Adafruit WebSerial ESPTool loaded.\nConnecting...\nConnected successfully.\nTry to reset.\n"
            "Timed out after 100 milliseconds\nTimed out after 100 milliseconds\n"
            "Attempting to change baud rate to 460800...\nTimed out after 3000 milliseconds\n"
            "Error: Didn't get enough status bytes\n")
    assert first(text) == "SER007"
    # from the source's format: js/esptool.js setBaudrate() and dist/esp_loader.js setBaudrate()
    assert first("Attempting to change baud rate to 921600...\nUnable to change the baud rate, please try setting the "
                 "connection speed from 921600 to 115200 and reconnecting.\n") == "SER007"
    assert first("Attempting to change baud rate to 921600...\nError: Unable to change the baud rate to 921600: "
                 "No response from set baud rate command.\n") == "SER007"


def test_probe_rs_locked_core_then_no_attach_is_protection() -> None:
    # probe-rs/probe-rs#3053 (nRF5340, Raspberry Pi Debug Probe), the cause lines not pasted
    text = ("WARN probe_rs::vendor::nordicsemi::sequences::nrf: Core 1 is locked. Erase procedure will be started to unlock it.\n"
            "Error: Connecting to the chip was unsuccessful.\n")
    assert first(text) == "SWD006"
    # the erase went through (--allow-erase-all): no failure left
    ok = (" WARN probe_rs::vendor::nordicsemi::sequences::nrf52: Core is locked. Erase procedure will be started to unlock it.\n"
          "      Erasing ✔ 100% [####################] 156.00 KiB @  29.21 KiB/s (took 5s)\n"
          "  Programming ✔ 100% [####################] 156.00 KiB @  18.35 KiB/s (took 9s)\n"
          "     Finished in 14.32s\n")
    assert "SWD006" not in _ids(ok)


def test_probe_rs_info_jtag_first_attempt_is_not_a_probe_fault() -> None:
    # probe-rs/probe-rs#3053: `probe-rs info` with a CMSIS-DAP debugprobe (no JTAG) goes on with SWD
    text = ("Probing target via JTAG\n\n"
            "Error identifying target using protocol JTAG: The probe does not support the JTAG protocol.\n\n"
            "Probing target via SWD\n\nARM Chip with debug port Default:\n"
            "Debug Port: DPv2, Designer: Nordic VLSI ASA, Part: 0x70, Revision: 0x5, Instance: 0x00\n")
    assert "SWD008" not in _ids(text)
