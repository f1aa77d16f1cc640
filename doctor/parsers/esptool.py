"""The Espressif serial flashers as a message table: esptool (esptool.py 1.x-4.x, esptool 5.x, as run by the Arduino
ESP32/ESP8266 cores, PlatformIO, ESP-IDF's idf.py, Thonny, ESPHome and web front ends), espflash / cargo-espflash
(esp-rs, 1.x-4.x) and esptool-ck (igrr's C uploader of the Arduino ESP8266 core before 2.4).

How esptool reaches a chip (esptool/loader.py connect()): it resets the chip into its ROM download mode (DTR/RTS on
EN and GPIO0: `--before default_reset`; USB-Serial/JTAG and USB-OTG have their own sequences) and sends SYNC until
the ROM answers, printing a dot per try ("Connecting......."). When no try succeeds it raises FatalError
"Failed to connect to <chip>: <last error>" (2.x-5.x; <chip> is "ESP8266", "ESP32", "ESP32-S3"... or, before the
chip is known, "Espressif device"), printed as "A fatal error occurred: ..." or, when a wrapper calls esptool.main,
as a traceback ending "esptool.FatalError: ..." / "esptool.util.FatalError: ...". The last error is the signal:
- "No serial data received." / "Timed out waiting for packet header" (2.x-3.x): nothing answered the SYNC at all:
  the chip is not in download mode (the auto-reset did not pull GPIO0 low: no BOOT press on boards without the
  DTR/RTS circuit, a DIP switch or jumper, a slow EN capacitor), the port is another device, or TX/RX are not
  connected (external adapters);
- "Wrong boot mode detected (0xNN)! The chip needs to be in download mode." (4.x-5.x): esptool read the ROM's boot
  banner ("boot:0x13 (SPI_FAST_FLASH_BOOT)"): the chip reset but its strapping pins chose flash boot, GPIO0 was high;
- "Invalid head of packet (0xNN): Possible serial noise or corruption." (3.x-5.x; "Invalid head of packet (0xNN)"
  in 2.x): a byte other than SLIP's 0xC0 came back; a printable ASCII byte is text from the running application or
  the ROM's boot log, so the chip was not in download mode; a binary byte is line noise or a wrong baud;
- "Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down." (4.x-5.x):
  the ROM's banner was read, so the chip IS in download mode and its output reaches the host, but the host's SYNC
  does not reach the chip: the host TX to chip RX line (wiring, level shifter, a device on U0RXD).
espflash's equivalent is the miette error espflash::connection_failed, "Error while connecting to device" /
"Failed to connect to the device" (help: "Ensure that the device is connected and the reset and boot pins are not
being held down"). esptool-ck prints "warning: espcomm_sync failed" / "error: espcomm_open failed" and, when the
port cannot be opened, "error: Failed to open COM1".

Port opening failures ("Could not open /dev/ttyUSB0, the port is busy or doesn't exist", "could not open port ...",
espflash's serial_not_found) are read by the serial-error table (serial_errors.py); this table leaves them to it.

Facts: one run per block under `flash.runs` (tool "esptool"). `esp_connect_failed` carries `reason` (no_data,
boot_mode, invalid_head, no_sync, stream_stopped, other), `value` (the boot mode or the packet's first byte, 0xNN)
and `printable` (that byte is printable ASCII), `chip` the chip named. The healthy path (Chip is ..., Wrote ...,
Hash of data verified, Hard resetting via RTS pin) is recorded so a clean upload is a success.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.facts import clear_run_failure, mark_overcome, overcome_event
from doctor.parsers import register
from doctor.parsers._common import split_path_fragment, split_path_shown
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# (esp-wrappers s12) ESPHome 1.x-2024.x util.py run_external_command() logs esptool's FatalError as "Running command failed: %s"
# ("ERROR Running command failed: Failed to connect to ESP32: No serial data received.")
_FATAL = r"(?:A fatal error occurred: |(?:esptool\.(?:util\.)?)?FatalError: |esptool\.FatalError: |Exception: |Running command failed: |^)"

MESSAGES = rows_of(
    group(
        "esptool 2.x-5.x esptool/__init__.py main(), loader.py connect() (the header and progress of a run)",
        Msg(None, r"^esptool(?:\.py)? v\d+\.\d+", "strong", example="esptool.py v4.5.1"),
        # (esp-wrappers s12) not argparse's "esptool write_flash: error: ..." (the usage error names the command with a colon)
        Msg(None, r"(?:^|[\s/\\\"'])esptool(?:\.py|\.exe)?[\"']? +(?:--chip|-c|--port|-p|--baud|-b|--before|--trace|write_flash|write-flash|erase_flash|erase-flash|chip_id|flash_id|read_mac|read-mac)\b(?!:)",
            "strong", example='"C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\esp32\\tools\\esptool_py\\4.5.1/esptool.exe" --chip esp32 --port "COM6" --baud 115200 write_flash -z 0x1000 a.bin'),
        # (deepen-boot006 s19) the port is kept for the connect failure below it (a Mac's Bluetooth-Incoming-Port picked by the IDE)
        Msg(None, r"^Serial port (?P<esp_port>COM\d+|/dev/\S+)$", "weak", example="Serial port /dev/ttyUSB0"),
        Msg(None, r"^Connecting\.\.", "weak", example="Connecting........_____....._____....._____"),
        # (healthy s7) esptool 4.x cmds.py detect_chip(): ROMs without GET_SECURITY_INFO (ESP8266, ESP32, ESP32-S2) make the
        # first detection step fail; esptool says so and falls back to the magic-register check (removed in 5.0, 05553a4)
        Msg(None, r"Detecting chip type\.\.\. Unsupported detection protocol, switching and trying again", "strong", benign=True,
            example="Detecting chip type... Unsupported detection protocol, switching and trying again..."),
        Msg("esp_chip", r"^(?:Chip is (?P<chip>ESP\S+)|Detecting chip type\.\.\. (?P<chip2>ESP\S+)|Chip type:\s+(?P<chip3>ESP\S+)|Connected to (?P<chip4>ESP\S+) on \S+:)",
            "strong", example="Chip is ESP8266EX"),
        # (firmware-build s22) the crystal the ROM's clock measured (esptool 2.x-4.x "Crystal is 40MHz", 5.x "Crystal frequency:  40MHz",
        # espflash "Crystal frequency: 26MHz"); on_event attaches the chip named above it. An ESP32 or ESP32-C2 with a 26 MHz
        # crystal runs an image built for the 40 MHz default with every UART rate off by 26/40 (FW003)
        # (firmware-build s22) an ESP Web Tools manifest (esphome/esp-web-tools README "manifest.json": builds[].chipFamily
        # "ESP32" / "ESP32-S2" / "ESP32-S3" / "ESP32-C3" / ..., builds[].parts[] {"path", "offset"} with the offset in bytes):
        # the web installer writes each part at its offset. finish() reads a bootloader part against its chip's offset
        Msg(None, r'"chipFamily"\s*:\s*"(?P<mchip>ESP[\w-]*)"', "strong",
            src="esphome/esp-web-tools README (manifest.json)", example='      "chipFamily": "ESP32-S3",'),
        # (firmware-build s22 review) weak: a "path" key is in any JSON (a JSON log line's "path":"/dev/hidraw4", openlinkhub#267);
        # only the manifest's "chipFamily" claims a block, and on_event keeps parts only after one
        Msg(None, r'"path"\s*:\s*"(?P<mpath>[^"]{1,300})"(?:\s*,\s*"offset"\s*:\s*(?P<moff>\d+|"?0x[0-9a-fA-F]+"?))?', "weak",
            src="esphome/esp-web-tools README (manifest.json)",
            example='        { "path": "../bootloader/esp32_s3_bootloader.bin", "offset": 4096  },'),
        Msg(None, r'^\s*"offset"\s*:\s*(?P<moff>\d+|"?0x[0-9a-fA-F]+"?)\s*,?\s*\}?,?\s*$', "weak",
            src="esphome/esp-web-tools README (manifest.json)", example='          "offset": 4096'),
        Msg("esp_crystal", r"^(?:Crystal is|Crystal frequency:)\s*(?P<value>\d+) ?MHz\s*$", "strong", convert=(("value", int),),
            src="esptool 2.x-5.x cmds.py/esptool.py (get_crystal_freq), espflash 2.x-3.x connection info",
            example="Crystal frequency: 26MHz"),
        # (devboards s21) Adafruit WebSerial ESPTool (js/esptool.js 2021-2023, dist/esp_loader.js) logs its rate change as
        # "Attempting to change baud rate to 460800..."; read like esptool's for the run's rate
        Msg(None, r"^(?:Changing baud rate to|Attempting to change baud rate to) (?P<baud>\d+)", "weak", example="Changing baud rate to 921600"),
        # (devboards s21) the web flasher's reply to the rate change never came whole: js/esptool.js checkCommand() throws
        # "Didn't get enough status bytes", setBaudrate() "Unable to change the baud rate, please try setting the connection
        # speed from 460800 to 115200 and reconnecting."; the TypeScript loader (esp_loader.js) "Unable to change the baud rate
        # to 460800: No response from set baud rate command." Adafruit_WebSerial_ESPTool#8: only 115200 worked (CH340, macOS)
        Msg("esp_link_failed", r"Didn't get enough status bytes|Unable to change the baud rate(?:, please try setting the connection speed from \d+ to \d+| to \d+: No response from set baud rate command)",
            "strong", fail=True, src="Adafruit WebSerial ESPTool js/esptool.js checkCommand()/setBaudrate(), dist/esp_loader.js setBaudrate()",
            example="Error: Didn't get enough status bytes"),
        Msg(None, r"^(?:Uploading stub\.\.\.|Running stub\.\.\.|Stub running\.\.\.|Stub flasher running\.|Stub is already running\. No upload is necessary\.|Configuring flash size\.\.\.|Auto-detected Flash size:|Flash will be erased from|Compressed \d+ bytes to \d+\.\.\.|Writing at 0x[0-9a-fA-F]+\.\.\. \(\d+ ?%\)(?!\s*Wrote )|Leaving\.\.\.|Staying in bootloader\.)",
            "weak", example="Compressed 320400 bytes to 231688..."),
        # (byid-fw-boot s16) the address each image went to (esptool 1.x-5.x cmds.py write_flash: "Wrote {uncsize} bytes
        # ({bytes_sent} compressed) at {orig_address:#010x} in {t:.1f} seconds"), read by finish() against the chip's
        # bootloader offset; ESPHome-Flasher prints it after the last progress line without a line break
        Msg("flash_written", r"^(?:Writing at 0x[0-9a-fA-F]+\.\.\. \(\d+ ?%\)\s*)?Wrote \d+ bytes(?: \(\d+ compressed\))? at (?P<addr>0x[0-9a-fA-F]+) in [\d.]+ seconds", "strong",
            example="Wrote 320400 bytes (231688 compressed) at 0x00000000 in 5.7 seconds (effective 448.1 kbit/s)..."),
        Msg("flash_verified", r"^Hash of data verified\.", "strong", example="Hash of data verified."),
        Msg("flash_done", r"^Hard resetting (?:via RTS pin|with RTC WDT|with a watchdog)\.\.\.", "strong", example="Hard resetting via RTS pin..."),
    ),
    group(
        "esptool 2.x-5.x loader.py connect()/_connect_attempt(): FatalError 'Failed to connect to <chip>: <last error>'",
        Msg("esp_connect_failed",
            _FATAL + r"Failed to connect to (?P<chip>ESP\w*(?:-\w+)?(?:\(beta\d*\))?|Espressif device)(?:: (?P<text>.*))?$", "strong", fail=True,
            example="A fatal error occurred: Failed to connect to ESP32: No serial data received."),
        # (micropython-circuitpy s11) mpflash 1.x (flash/__init__.py, flash/builtins/esp) logs esptool's FatalError inside its own
        # line: log.error(f"Failed to flash {mcu.board} on {mcu.serialport}: {e}") (older releases: "... on COM38 : ...")
        Msg("esp_connect_failed", r"Failed to flash \S+ on (?P<port>\S+?) ?: Failed to connect to (?P<chip>ESP\w*(?:-\w+)?(?:\(beta\d*\))?|Espressif device)(?:: (?P<text>.*))?$",
            "strong", fail=True, src="mpflash 1.x flash/__init__.py log.error('Failed to flash {board} on {port}: {e}')",
            example="11:33:38 | ❌ Failed to flash ESP32_GENERIC_S2 on COM38 : Failed to connect to ESP32-S2: Invalid head of packet (0x08):"),
        Msg(None, r"Failed to flash \S+ on (?:COM\d+|/dev/\S+)\s*$|\bNo boards were flashed\s*$", "strong",
            example="11:33:38 | ❌ Failed to flash ESP32_GENERIC_S2 on COM38"),
        Msg("esp_connect_failed", r"^(?:Exception|esptool\.FatalError): Failed to connect\s*$", "strong", fail=True,
            src="esptool 0.x-1.x (2014-2016): raise Exception('Failed to connect')", example="Exception: Failed to connect"),
        Msg("esp_link_failed", _FATAL + r"(?:Invalid head of packet \((?P<text>[^)]{1,12})\)|Serial data stream stopped|Packet content transfer stopped)", "strong", fail=True,
            src="esptool 1.x-5.x loader.py read()/command(): a reply that is not SLIP after the connection (during the stub upload or the "
                "transfer, often right after 'Changing baud rate to 921600')",
            example="A fatal error occurred: Invalid head of packet (0x01)"),
        # (fc-esp-nrf s11) esptool 4.x __init__.py main() / 5.x cmds.py: `except FatalError as e: raise FatalError(f"Unable to
        # verify flash chip connection ({e}).")` around esp.flash_id(): the FLASH_ID command itself got no valid reply, so the
        # wrapped text is a link error (the flash answering 0/0xFFFFFF is the separate "Failed to communicate" warning below).
        # It is the first command after "Changing baud rate to 921600": gaggiuino-esp32-loader#1 and arduino-littlefs-upload#38
        # worked at 115200. Read as the link failure it wraps (the SER007 rule reads esp_link_failed with the run's baud)
        Msg("esp_link_failed", r"Unable to verify flash chip connection \((?P<text>(?:Invalid head of packet \([^)]{1,12}\)|No serial data received|"
            r"Timed out waiting for packet|Serial data stream stopped|Packet content transfer stopped)[^\n]*)\)", "strong", fail=True,
            src="esptool 4.x-5.x esptool/__init__.py main() / cmds.py: FatalError 'Unable to verify flash chip connection ({e})' around flash_id()",
            example="A fatal error occurred: Unable to verify flash chip connection (Invalid head of packet (0xE0): Possible serial noise or corruption.)."),
        Msg("esp_flash_unverified", r"Unable to verify flash chip connection(?: \((?P<text>[^)]*)\))?", "strong", fail=True,
            src="esptool 4.x-5.x esptool/__init__.py: FatalError 'Unable to verify flash chip connection ({e})' around flash_id() (other wrapped errors)",
            example="A fatal error occurred: Unable to verify flash chip connection (No serial data received.)."),
        Msg("esp_wrong_chip", r"This chip is (?P<chip>ESP[\w-]+(?:\(beta\d*\))?),? not (?P<value>ESP[\w-]+(?:\(beta\d*\))?)\. Wrong (?:--)?chip argument\?", "strong", fail=True,
            src="esptool 3.x-5.x loader.py check_chip_id() (4.9+: a comma after the chip; 5.x: 'Wrong chip argument?'; pre-release targets' CHIP_NAME carries a suffix: ESP32-S3(beta2), ESP32-S3(beta3), ESP32-C6(beta), ESP32-H2(beta1), ESP32-C5(beta3))",
            example="A fatal error occurred: This chip is ESP32-S3 not ESP32. Wrong --chip argument?"),
    ),
    group(
        "espflash 1.x-4.x src/error.rs (miette code espflash::connection_failed)",
        # (audit s11) the code alone is also "Serial port not found" (the port never opened): the cause line decides (finish())
        Msg("esp_connect_failed", r"\bespflash::connection_failed\b", "strong", fail=True, attrs={"reason": "code", "flasher": "espflash"},
            example="Error: espflash::connection_failed"),
        Msg("esp_connect_failed", r"Failed to connect to the device\s*$", "none", fail=True,
            attrs={"reason": "no_data", "flasher": "espflash"}, example="    ╰─▶ Failed to connect to the device"),
        # (fw-build s10b) espflash 3.x-4.x error.rs ChipMismatch / FirmwareChipMismatch (miette code espflash::chip_mismatch):
        # the chip given with -c/--chip, or the one the ELF was built for, is not the chip that answered
        Msg("esp_wrong_chip", r"Chip provided \((?P<value>esp[\w-]+)\) with `-c/--chip` does not match the detected chip \((?P<chip>esp[\w-]+)\)",
            "strong", fail=True, attrs={"flasher": "espflash"}, src="espflash 3.x src/error.rs ChipMismatch",
            example="  × Chip provided (esp32) with `-c/--chip` does not match the detected chip (esp32s3)"),
        Msg("esp_wrong_chip", r"Chip provided with `-c/--chip` \((?P<value>esp[\w-]+)\) does not match the detected chip \((?P<chip>esp[\w-]+)\)",
            "strong", fail=True, attrs={"flasher": "espflash"}, src="espflash 4.x src/error.rs ChipMismatch",
            example="  × Chip provided with `-c/--chip` (esp32) does not match the detected chip (esp32c3)"),
        Msg("esp_wrong_chip", r"The firmware was built for (?P<value>esp[\w-]+), but the detected chip is (?P<chip>esp[\w-]+)",
            "strong", fail=True, attrs={"flasher": "espflash"}, src="espflash 4.x src/error.rs FirmwareChipMismatch",
            example="  × The firmware was built for esp32c6, but the detected chip is esp32c3"),
        Msg(None, r"(?:Error while connecting to device|Unable to connect, retrying with (?:extra|default) delay)", "strong",
            example="    × Error while connecting to device"),
        Msg(None, r"Ensure that the device is connected and (?:the )?reset and boot pins are not being held down", "strong", benign=True,
            example="  help: Ensure that the device is connected and the reset and boot pins are not being held down"),
    ),
    # (audit-esp-nrf-updi s11) espflash / cargo-espflash v1.0.0-v4.5.0 (espflash/src/error.rs, cli/mod.rs, flasher/mod.rs,
    # connection/mod.rs, target/mod.rs; cargo-espflash/src/error.rs, main.rs), as miette renders them ("Error: espflash::<code>",
    # "  × <error>", "  ├─▶/╰─▶ <cause>", "  help: ..."); the log lines carry env_logger's "[<time> INFO ] " (2.x-4.x).
    # Examples are the source's format filled in.
    group(
        "espflash 1.x-4.x error.rs ConnectionError / RomError (the link after the port opened; source audit s11, from the source's format)",
        # a command the ROM or stub never answered (1.0: 'Timeout while running command', later with the command's name)
        Msg("esp_link_failed", r"Timeout while running (?:\w+ )?command\b", "strong", fail=True, attrs={"flasher": "espflash"},
            example="  ╰─▶ Timeout while running FlashDetect command"),
        Msg("esp_link_failed", r"Received packet has invalid SLIP framing|Received packet too? large for buffer|Invalid stub handshake response received|"
            r"Failed to read the available bytes on the serial port|Incorrect response from the stub/ROM loader|Expected MD5 digest \(16 bytes\), received",
            "strong", fail=True, attrs={"flasher": "espflash"}, example="  ╰─▶ Received packet has invalid SLIP framing"),
        Msg(None, r"Communication error while flashing device|The bootloader returned an error|Error while running \w+ command", "strong",
            example="  × Communication error while flashing device"),
        Msg(None, r"Try hard-resetting the device and try again, if the error persists your (?:ROM|rom) (?:may|might) be corrupted|"
            r"Ensure that the device is connected and your host recognizes the serial adapter", "strong", benign=True,
            example="  help: Try hard-resetting the device and try again, if the error persists your ROM may be corrupted"),
        # "Serial port not found" (ConnectionError::DeviceNotFound) shares the code connection_failed: the port is the serial table's
        Msg(None, r"^\W*Serial port not found\s*$", "none", attrs={"port_missing": True}, example="  ╰─▶ Serial port not found"),
        # RomErrorKind: the ROM/stub's own status after a command
        Msg("esp_write_failed", r"Bootloader failed to (?:write to|read from) flash|NAND (?:program|erase) failed", "strong", fail=True,
            attrs={"flasher": "espflash"}, example="  ╰─▶ Bootloader failed to write to flash"),
        Msg("esp_fatal", r"(?P<text>Bootloader failed to execute command|Received message has invalid (?:CRC|crc)|SPI (?:operation|unlock) failed|Not in flash mode|"
            r"Error when uncompressing the data|Malformed compressed data received|Bad data (?:length|checksum)|Bad block size|Didn't receive enough data|Received too much data|"
            r"Invalid length for flash read)\s*$", "strong", fail=True, attrs={"flasher": "espflash"}, example="  ╰─▶ SPI operation failed"),
    ),
    group(
        "espflash 1.x-4.x error.rs Error, cli/mod.rs, flasher/mod.rs (the chip, its flash, the image; source audit s11, from the source's format)",
        Msg("esp_flash_unverified", r"Failed to connect to on-device flash|Flash chip not supported, (?:unrecognized flash ID: 0x[0-9a-fA-F]+|flash sizes from 1 to 16MB are supported)",
            "strong", fail=True, attrs={"flasher": "espflash"}, example="  × Failed to connect to on-device flash"),
        # ChipDetectError (2.x 'Unrecognized magic value', 3.x-4.x 'unrecognized magic value'/'unrecognized chip ID'), 1.x UnrecognizedChip
        Msg("esp_unknown_chip", r"(?i:^\W*unrecognized magic value: 0x[0-9a-f]+\s*$)|^\W*unrecognized chip ID: \d+\s*$|Chip not recognized, supported chip types are",
            "strong", fail=True, attrs={"flasher": "espflash"}, example="  × unrecognized magic value: 0xdeadbeef"),
        Msg(None, r"^\W*help: Supported chips are: |^\s*If your chip is supported, try hard-resetting the device and try again", "strong",
            example="  help: Supported chips are: esp32, esp32c2, esp32c3, esp32c6, esp32h2, esp32p4, esp32s2, esp32s3"),
        Msg("esp_verify_failed", r"Verification of flash content failed|MD5 digest mismatch: expected", "strong", fail=True, attrs={"flasher": "espflash"},
            example="  × Verification of flash content failed"),
        Msg("esp_image_too_large", r"Supplied ELF image of (?P<size>\d+)B is too big, and doesn't fit configured app partition of (?P<limit>\d+)B", "strong", fail=True,
            convert=(("size", int), ("limit", int)), attrs={"flasher": "espflash"},
            example="  × Supplied ELF image of 1703936B is too big, and doesn't fit configured app partition of 1048576B"),
        Msg("esp_image_too_large", r"Supplied elf image is too big and doesn't fit configured app partition|The partition table does not fit into the flash",
            "strong", fail=True, attrs={"flasher": "espflash"}, example="  × Supplied elf image is too big and doesn't fit configured app partition"),
        Msg("esp_image_wrong_chip", r"Minimum supported revision is \d+\.\d+, connected device's revision is \d+\.\d+|Target \S+ is not supported by the (?:ESP|esp)\w+",
            "strong", fail=True, attrs={"flasher": "espflash"},
            example="  × Minimum supported revision is 0.3, connected device's revision is 0.1. Use --force to override this check. Use with caution!"),
        Msg("esp_image_invalid", r"Supplied (?:ELF|elf) image is not valid|Failed to open image \S+|Supplied ELF image can not be run from RAM|"
            r"Supplied elf image can not be ran from ram|No executable artifact found|Multiple build artifacts found|Failed to build project",
            "strong", fail=True, attrs={"flasher": "espflash"}, example="  × Supplied ELF image is not valid"),
        Msg("esp_secure_refused", r"Tried to write to address < 0x8000 with Secure Download enabled", "strong", fail=True, attrs={"flasher": "espflash"},
            example="  × Tried to write to address < 0x8000 with Secure Download enabled"),
        Msg("esp_usage", r"No serial port was provided|Chip argument not provided, this is required when using|(?:This command|Erase commands) requires? using the RAM stub|"
            r"Incorrect serial port configuration|The (?:ESP|esp)\w+ does not support \w", "strong", fail=True, attrs={"flasher": "espflash"},
            example="  × No serial port was provided"),
        Msg(None, r"Secure Download Mode is enabled on this chip|Secure Download Mode enabled: `--verify` and `--skip` options are not available|"
            r"Stub is not supported in Secure Download Mode|Setting baud rate higher than 115,?200 can cause issues|"
            r"(?:Warning: c|C)ould not detect flash size \(FlashID=0x[0-9A-Fa-f]+, SizeID=0x[0-9A-Fa-f]+\), defaulting to 4MB|"
            r"A new version of (?:cargo-)?espflash is available|New version of (?:cargo-)?espflash is available", "strong", benign=True,
            example="[2024-03-01T10:00:00Z WARN ] Setting baud rate higher than 115,200 can cause issues"),
    ),
    group(
        "espflash 1.x-4.x cli/mod.rs, connection/mod.rs, flasher/mod.rs: the healthy run (source audit s11, from the source's format)",
        # the command line (its -B/--baud is the rate a broken link ran at)
        Msg(None, r"(?:^|[\s/\\\"'])(?:cargo[- ])?espflash(?:\.exe)?[\"']? +(?:flash|board-info|write-bin|erase-flash|erase-parts|erase-region|read-flash|monitor|save-image|checksum-md5)\b",
            "strong", example="$ espflash flash -B 921600 --monitor target/riscv32imc-unknown-none-elf/release/app"),
        Msg(None, r"^(?:\[[^\]]{1,40}\] )?Serial port: '?(?:COM\d+|/dev/\S+?)'?\s*$", "weak", example="[2024-03-01T10:00:00Z INFO ] Serial port: '/dev/ttyACM0'"),
        Msg(None, r"^\[[^\]]{1,40}\] (?:Connecting\.\.\.|Using flash stub|Erasing Flash\.\.\.|Resetting target device|Staying in (?:bootloader|flasher stub)|"
            r"Resetting device with watchdog|Erasing the following partitions)", "weak", example="[2024-03-01T10:00:00Z INFO ] Using flash stub"),
        Msg("esp_chip", r"^Chip type:\s+(?P<chip>esp\w+)(?: \(revision v?\d+(?:\.\d+)?\))?\s*$", "strong", example="Chip type:         esp32c3 (revision v0.4)"),
        # (astronomy s15) not GCC's context line for a sketch tab named Features ("Features: In function 'void featuresPoll()':",
        # OnStep's Features.ino under Arduino IDE 1.8 / Teensyduino): a chip's features never start with "In " or "At "
        Msg(None, r"^(?:Crystal frequency|Flash size|Features|MAC address|App/part\. size):\s+(?!In (?:static )?(?:member )?(?:function|constructor|destructor|instantiation)\b|At (?:global scope|top level)\b)\S",
            "weak", example="App/part. size:    236,768/4,128,768 bytes, 5.74%"),
        Msg("flash_done", r"(?:^|\] )(?:Flashing has completed!|Binary successfully written to flash!|Flash has been erased!|Specified partitions successfully erased!)",
            "strong", example="[2024-03-01T10:00:05Z INFO ] Flashing has completed!"),
    ),
    group(
        "esptool-ck 0.4.x espcomm/espcomm.c (Arduino ESP8266 core 1.6-2.3 uploader)",
        Msg("esp_port_open_failed", r"^error: Failed to open (?P<port>COM\d+|/dev/\S+)\s*$", "strong", fail=True,
            example="error: Failed to open COM1"),
        Msg(None, r"^error: espcomm_open failed\s*$", "strong", fail=True, example="error: espcomm_open failed"),
        Msg("esp_connect_failed", r"^(?:warning|error): espcomm_sync failed\s*$", "strong", fail=True, attrs={"reason": "no_data", "flasher": "esptool-ck"},
            example="warning: espcomm_sync failed"),
    ),
    # (esp-wrappers s12) the browser flashers: NabuCasa esp-web-flasher (ESP Web Tools before esptool-js; the "ESP Web Flasher"
    # pages of Adafruit, Marauder, NMMiner...) and Espressif's esptool-js (ESP Web Tools, web.esphome.io, Meshtastic's flasher)
    group(
        "esp-web-flasher 1.x-5.x src/esp_loader.ts sync()/hardReset(), src/index.ts (NabuCasa, 2021-2022)",
        # sync() sends SYNC five times after the reset into the ROM and throws when nothing answered: the chip did not enter
        # download mode (Marauder-CYD#93, NMMiner#56: holding BOOT while connecting fixed it)
        Msg("esp_connect_failed", r"Couldn'?t sync to ESP\. Try resetting\.?", "strong", fail=True, attrs={"reason": "no_data", "flasher": "esp-web-flasher"},
            example="Error: Couldn't sync to ESP. Try resetting."),
        Msg(None, r"^ESP Web Flasher loaded\.$|^Try hard reset\.$|^Connected successfully\.$|^(?:\[\S+\] )?Finished read loop$", "weak",
            example="Try hard reset."),
    ),
    group(
        "esptool-js 0.1-0.6 src/esploader.ts connect() (Espressif)",
        # every connect attempt (both reset strategies, 7 tries) got no SYNC reply
        Msg("esp_connect_failed", r"Failed to connect with the device\b", "strong", fail=True, attrs={"reason": "no_data", "flasher": "esptool-js"},
            example="Error: Failed to connect with the device"),
        Msg(None, r"^esptool\.js(?: v\S+)?$|^Serial port WebSerial VendorID 0x[0-9a-fA-F]+ ProductID 0x[0-9a-fA-F]+", "strong",
            example="Serial port WebSerial VendorID 0x10c4 ProductID 0xea60"),
    ),
    group(
        "espflash 1.x-4.x src/error.rs Error::Connection(ConnectionError::ConnectionFailed) as Rust's Debug prints it (a front end "
        "that unwraps espflash's Result, e.g. esp-workbench: \"called `Result::unwrap()` on an `Err` value: Connection(ConnectionFailed)\")",
        Msg("esp_connect_failed", r"\bConnection\((?:Connection\()?ConnectionFailed\)", "strong", fail=True, attrs={"reason": "no_data", "flasher": "espflash"},
            example="called `Result::unwrap()` on an `Err` value: Connection(ConnectionFailed)"),
    ),
    group(
        "esphome-flasher 1.0-1.4 esphomeflasher/__main__.py, common.py (ESPHome-Flasher, its GUI prints 'Unexpected error: <err>')",
        Msg(None, r"^Using '(?:COM\d+|/dev/\S+?)' as serial port\.$", "strong", example="Using 'COM4' as serial port."),
        Msg(None, r"^Chip Info:$|^ - (?:Chip Family|Chip Model|Number of Cores|Max CPU Frequency|Has Bluetooth|Has Embedded Flash|"
            r"Has Factory-Calibrated ADC|Chip ID|MAC Address|Flash Size|Flash Mode|Flash Frequency): ", "weak", example=" - Chip Family: ESP32"),
        Msg("flash_done", r"^Done! Flashing is complete!$", "strong", example="Done! Flashing is complete!"),
        Msg(None, r"^Hard Resetting\.\.\.$|^Showing logs:$", "weak", example="Hard Resetting..."),
        # detect_chip(): esptool's connect failed ("Wrong boot mode detected" is rewritten to its own hint)
        Msg("esp_connect_failed", r"ESP is not in flash boot mode\. If your board has a flashing pin", "strong", fail=True, attrs={"reason": "boot_mode"},
            example="Unexpected error: ESP is not in flash boot mode. If your board has a flashing pin, try again while keeping it pressed."),
        Msg("esp_connect_failed", r"(?:ESP Chip Auto-Detection failed|Error connecting to ESP): (?:Failed to connect to (?P<chip>ESP\w*(?:-\w+)?|Espressif device): )?(?P<text>.+)$",
            "strong", fail=True,
            example="Unexpected error: ESP Chip Auto-Detection failed: Failed to connect to Espressif device: No serial data received."),
        # after the connect: reading the chip (right after "Changing baud rate to 460800", its default upload rate), changing
        # the rate, starting the stub; esphome-flasher#51/#96: --upload-baud-rate 115200 flashed the same boards
        Msg("esp_link_failed", r"(?:Reading chip details failed|Error changing ESP upload baud rate|Error putting ESP in stub flash mode): (?P<text>.+)$",
            "strong", fail=True, example="Unexpected error: Reading chip details failed: Timed out waiting for packet header"),
        Msg(None, r"^Chip does not support baud rate \d+, changing to 115200$", "strong", benign=True,
            example="Chip does not support baud rate 460800, changing to 115200"),
        # read_firmware_info(): the file's first byte is not the ESP image magic 0xE9 (a YAML, an ELF, a zip given as the .bin)
        Msg("esp_image_invalid", r"The firmware binary is invalid \(magic byte=(?P<value>[0-9A-Fa-f]{2}), should be E9\)", "strong", fail=True,
            example="Unexpected error: The firmware binary is invalid (magic byte=65, should be E9)"),
        Msg("image_missing", r"Error opening binary(?: '(?P<name>[^']+)')?: (?P<text>.+)$", "strong", fail=True,
            example="Unexpected error: Error opening binary 'firmware.bin': [Errno 2] No such file or directory: 'firmware.bin'"),
        Msg("no_upload_port", r"(?:^|Unexpected error: )No serial port found!$", "strong", fail=True, example="Unexpected error: No serial port found!"),
    ),
    group(
        "ESPHome 1.x-2024.x esphome/__main__.py, espota2.py, util.py, api/client.py (the CLI and dashboard log of an upload)",
        Msg("flash_done", r"^(?:INFO )?(?:Successfully uploaded program\.|OTA successful)$", "strong", example="INFO Successfully uploaded program."),
        Msg(None, r"^(?:INFO )?(?:Uploading \S+ \(\d+ bytes\)|Upload took [\d.]+ seconds, waiting for result\.\.\.|Waiting for result\.\.\.|Compressed to \d+ bytes|"
            r"Starting log output from \S+|Successfully connected to \S+|Successfully compiled program\.|Connecting to \S+ port \d+\.\.\.)", "weak",
            example="INFO Upload took 15.18 seconds, waiting for result..."),
        Msg(None, r"^Uploading: \[=*\s*\] \d+% Done", "weak", example="Uploading: [============================================================] 100% Done..."),
        Msg(None, r"^(?:INFO )?Upload with baud rate \d+ failed\. Trying again with baud rate 115200\.$", "strong",
            example="INFO Upload with baud rate 460800 failed. Trying again with baud rate 115200."),
        Msg(None, r"^(?:ERROR )?Please try running .{1,400} locally\.$", "strong", benign=True,
            example="ERROR Please try running esptool.py --before default_reset --after hard_reset --baud 460800 --port /dev/ttyUSB0 --chip esp8266 write_flash 0x0 firmware.bin locally."),
        # 1.x api/client.py run_logs(): the first API connection after an upload while the ESP is still rebooting and joining
        # Wi-Fi; it retries and connects (esphome/issues#565)
        Msg(None, r"Initial connection failed\. The ESP might not be connected to WiFi yet \(.{0,200}\)\. Re-Trying in \d+ seconds", "strong", benign=True,
            example="WARNING Initial connection failed. The ESP might not be connected to WiFi yet (Error connecting to 192.168.1.101: timed out). Re-Trying in 1 seconds"),
    ),
    group(
        "littlefs 2.x lfs.c LFS_ERROR (\"<file>:<line>:error: Corrupted dir pair at {0x0, 0x1}\"), esp_littlefs 1.x src/esp_littlefs.c "
        "(\"mount failed, <errno> (-84)\", \"Failed to initialize LittleFS\"): the first boot after a flash or erase",
        # (esp-wrappers s12) the firmware's first mount of a LittleFS partition that was erased (or never formatted): the
        # superblock pair {0x0, 0x1} holds no valid metadata (LFS_ERR_CORRUPT, -84); the firmware then formats it (Tasmota
        # "UFS: FlashFS mounted", esp_littlefs format_if_mount_failed). Not a flashing fault (arendst/Tasmota#10994: the
        # maintainer's healthy flash of Tasmota32 shows exactly these three lines)
        Msg(None, r"lfs\.c:\d+:error: Corrupted dir pair at \{0x0, 0x1\}|esp_littlefs: mount failed,\s+(?:\S+ )?\(-84\)|esp_littlefs: Failed to initialize LittleFS",
            "strong", benign=True, example="lib/libesp32/LITTLEFS/src/lfs.c:1003:error: Corrupted dir pair at {0x0, 0x1}"),
    ),
    # (esptool audit s8) messages of esptool v2.8, v3.3, v4.0-v4.11, v5.0-v5.3 (esptool.py; esptool/__init__.py, loader.py,
    # cmds.py, util.py, bin_image.py) no row knew; /work/notes/audit8-esptool lists them. Examples are the source's format
    # filled in unless a real paste is quoted.
    group(
        "esptool 4.x-5.x esptool/__init__.py get_default_connected_device(): no --port, every serial port tried in turn (source audit s8; examples: the source's format filled in)",
        # each port that failed prints '<port> failed to connect: <error>' (a port that cannot even be opened is the serial
        # table's), then the FatalError below: no port had a chip in download mode
        Msg("esp_connect_failed", r"^(?P<port>COM\d+|/dev/\S+) failed to connect: (?P<text>(?:Failed to connect to |No serial data received|Wrong boot mode detected|"
            r"Invalid head of packet|Download mode successfully detected|Timed out waiting for packet|Serial data stream stopped|Unexpected (?:CHIP|UART)).*)$", "strong", fail=True,
            example="/dev/ttyUSB0 failed to connect: No serial data received."),
        # (esp-wrappers s12) no --port and no serial port at all on this host: the loop over ports is empty and the FatalError
        # says "... on any of the 0 available serial ports" (nodemcu-pyflasher#62: a charge-only cable)
        Msg("no_upload_port", r"^Found 0 serial ports?(?:\.\.\.)?$|Could not connect to an Espressif device on any of the 0 available serial ports", "strong", fail=True,
            src="esptool 4.x-5.x esptool/__init__.py get_default_connected_device() with an empty port list (esp-wrappers s12)",
            example="Found 0 serial ports"),
        Msg("esp_connect_failed", r"Could not connect to an Espressif device on any of the \d+ available serial ports", "strong", fail=True,
            # its own cause is the per-port lines above it (no data: BOOT001; a port held or denied: the serial rows); alone it
            # cannot say which (the one resolved case, win-esptool-com17-..., was the port held by another program)
            attrs={"chip": "Espressif device", "reason": "all_ports"},
            example="A fatal error occurred: Could not connect to an Espressif device on any of the 3 available serial ports."),
        Msg(None, r"^Found \d+ serial ports?(?:\.\.\.)?$", "weak", example="Found 3 serial ports"),
    ),
    group(
        "esptool 3.x-5.x loader.py connect(): the last error of a failed connect printed on a line of its own (a wrapper or a "
        "pasted screen that broke the 'Failed to connect to <chip>: ' line) (source audit s8; examples: the source's format filled in)",
        Msg("esp_connect_failed", r"(?P<text>Wrong boot mode detected \(0x[0-9a-fA-F]{1,4}\)! The chip needs to be in download mode)", "strong", fail=True,
            example="Wrong boot mode detected (0x13)! The chip needs to be in download mode."),
        Msg("esp_connect_failed", r"(?P<text>Download mode successfully detected, but getting no sync reply)", "strong", fail=True,
            example="Download mode successfully detected, but getting no sync reply: The serial TX path seems to be down."),
        Msg("esp_connect_failed", r"(?P<text>No serial data received)\. Failed to autodetect chip type", "strong", fail=True,
            example="A fatal error occurred: No serial data received. Failed to autodetect chip type."),
        # the ROM answered with a magic/datecode esptool does not know: an esptool older than the chip, or not an Espressif ROM
        Msg("esp_unknown_chip", r"Unexpected (?:CHIP magic|UART datecode) value 0x[0-9a-fA-F]+\. Failed to autodetect chip type", "strong", fail=True,
            example="A fatal error occurred: Unexpected CHIP magic value 0x0000000c. Failed to autodetect chip type."),
        Msg(None, r"^(?:Retrying failed connection|Autodetection failed, trying again|Lost connection, retrying|Waiting for the chip to reconnect)",
            "strong", benign=True, example="Autodetection failed, trying again..."),
        # --before no_reset / usb_reset: esptool warns that it will not reset the chip into download mode itself
        Msg("esp_no_reset", r"Pre-connection option [\"']?(?P<value>[\w-]+)[\"']? was selected", "strong", benign=True,
            example='WARNING: Pre-connection option "no_reset" was selected. Connection may fail if the chip is not in bootloader or flasher stub mode.'),
        # healthy end of a run over the chip's own USB (USB-OTG / USB-Serial/JTAG): the chip stays in download mode.
        # (micropython-circuitpy s11) esptool 3.0-3.2 printed it as "ERROR: ESP32-S2 chip was placed into download mode using
        # GPIO0. ... To suppress this error, set --after option to 'no_reset'." (loader.py, commits 1500dd1/4a1e87d; 4a1d104
        # made it a note): esptool#631, the maintainer agrees it is no error
        # (reviewfix3 s21) its own kind: the chip was put into download mode on purpose (derive.esp_download_boot_held: no BOOT004)
        Msg("esp_download_mode_note", r"can not exit the download mode over USB|chip was placed into download mode using GPIO0", "strong", benign=True,
            example="WARNING: ESP32-S3 chip was placed into download mode using GPIO0."),
        Msg(None, r"To suppress this (?:note|error), set --after option|"
            r"not possible to reset the chip over a TCP socket|using standard reset sequence|Device PID identification is only supported",
            "strong", benign=True, example="To suppress this note, set --after option to 'no_reset'."),
        # esptool 5.x cmds.py: running the stub failed on macOS through a WCH CH9102 bridge (PID 55D4)
        Msg("esp_driver_hint", r"try installing the WCH USB-to-Serial MacOS driver", "strong", attrs={"host": "mac"},
            example="Note: If issues persist, try installing the WCH USB-to-Serial MacOS driver."),
    ),
    group(
        "esptool 2.8-5.x loader.py read()/command()/run_stub()/flash_md5sum(), __init__.py _main(): the link broke after the connect (source audit s8; examples: the source's format filled in)",
        Msg("esp_link_failed", r"The chip stopped responding|No more data to read from the serial port|^(?:A fatal error occurred: )?Timed out waiting for packet (?:header|content)|"
            r"Serial errors\?|Corrupt data, expected 0x[0-9a-fA-F]+ bytes|Read more than expected|Response doesn't match request|Invalid SLIP escape|"
            r"Only got \d+ byte status response|Expected digest, got|MD5Sum command returned unexpected result|"
            r"Failed to start stub(?: flasher)?\. (?:There was no response|Unexpected response)|Packet content transfer stopped",
            "strong", fail=True, example="A fatal error occurred: The chip stopped responding."),
        # (deepen-ser-usb-fw s18) loader.py slip_reader(): "No serial data received." when a read after the connect gets no
        # byte at all; change_baud() calls flush_input(), which makes a new reader, so the first command at the new rate
        # (after "Changing baud rate to 921600" / "Changed.") fails with this bare text when the bridge cannot carry it.
        # During the connect the same text comes wrapped ("Failed to connect to ESP32: No serial data received."), read above
        Msg("esp_link_failed", r"^(?:A fatal error occurred: |(?:esptool\.(?:util\.)?)?FatalError: )?No serial data received\.?\s*$", "strong", fail=True,
            src="esptool 4.x-5.x loader.py slip_reader() after change_baud()/flush_input()",
            example="A fatal error occurred: No serial data received."),
        Msg("esp_baud_failed", r"Failed to set baud rate (?P<baud>\d+)\. The driver may not support this rate", "strong", fail=True, convert=(("baud", int),),
            example="A fatal error occurred: Failed to set baud rate 921600. The driver may not support this rate."),
        # (healthy s20) notes, not failures: esptool 2.x-5.x loader.py get_crystal_freq() estimates the crystal from the ROM's
        # UART divider and warns when it is off by more than 1 MHz (a bridge, a socket:// link or a clone skews the
        # estimate), then goes on and flashes; the ROM's "keeping initial baud rate" goes on too. Printed before the "Chip
        # is" line that opens the run's events, so the failure scan would otherwise count them
        Msg(None, r"ROM doesn't support changing baud rate|Detected crystal freq [\d. ]+MHz is quite different", "strong", benign=True,
            example="WARNING: ROM doesn't support changing baud rate. Keeping initial baud rate 115200"),
        # v5 __init__.py: a pyserial SerialException (the serial table reads the known texts after the colon)
        Msg("esp_serial_exception", r"^A serial exception error occurred: (?P<text>.{1,200})$", "strong", fail=True,
            example="A serial exception error occurred: Write timeout"),
        Msg(None, r"This error originates from pySerial\.|For troubleshooting steps visit: https://docs\.espressif\.com|"
            r"Try increasing timeouts, for more information see", "strong", benign=True,
            example="Note: This error originates from pySerial. It is likely not a problem with esptool, but with the hardware connection or drivers."),
    ),
    group(
        "esptool 2.8-5.x cmds.py write_flash()/verify_flash(), loader.py: the flash chip, the written data (source audit s8; examples: the source's format filled in)",
        Msg("esp_flash_unverified", r"Failed to communicate with the flash chip, read/write operations will fail", "strong", fail=True,
            example="WARNING: Failed to communicate with the flash chip, read/write operations will fail. Try checking the chip connections or removing any other hardware connected to IOs."),
        Msg(None, r"Could not auto-detect Flash size \(FlashID=|Could not auto-detect flash size, defaulting|"
            r"is larger than the available flash size of|Flash size arguments in megabits", "strong",
            example="WARNING: Could not auto-detect Flash size (FlashID=0xffffff, SizeID=0xff), defaulting to 4MB"),
        Msg("esp_verify_failed", r"Digest mismatch: expected|MD5 of file does not match data in flash|^(?:A fatal error occurred: )?Verif(?:y|ication) failed\b|"
            r"^-- verify FAILED", "strong", fail=True, example="A fatal error occurred: MD5 of file does not match data in flash!"),
        Msg("esp_write_failed", r"Write failed, the written flash region is empty", "strong", fail=True,
            example="A fatal error occurred: Write failed, the written flash region is empty."),
        Msg(None, r"^(?:Verifying written data\.\.\.|Verifying just-written flash|Verification successful|-- verify OK|Verifying 0x[0-9a-fA-F]+ \(\d+\) bytes)|"
            r"^(?:Chip erase|Erase|Flash memory(?: region)?) (?:completed|erased) successfully in|^Took [\d.]+s to erase flash block|^(?:Detected|Auto-detected) flash size: \d|"
            r"^Will flash \S*\s*uncompressed|^(?:Uploading|Running) stub flasher\.\.\.|^Stub flasher is already running|^Staying in flasher stub|^Soft resetting\.\.\.|"
            r"^(?:File|Flash) md5: |^Detecting chip type\.\.\.$",
            "weak", example="Verification successful (digest matched)."),
    ),
    group(
        "esptool 2.8-5.x cmds.py write_flash(), bin_image.py LoadFirmwareImage(): the image file (source audit s8; examples: the source's format filled in)",
        Msg("esp_image_too_large", r"(?:^|: )(?:File )?\S+ \(length \d+\) at offset \S+ will not fit in (?P<limit>\d+) bytes of flash", "strong", fail=True,
            convert=(("limit", int),),
            example="A fatal error occurred: File firmware.bin (length 1310720) at offset 65536 will not fit in 1048576 bytes of flash. Use --flash_size argument, or change flashing address."),
        # (fw-build s10b) ESP-IDF 3.x-5.x second-stage bootloader (bootloader_support/src/esp_image_format.c, printed on the
        # serial console at boot): the app in the OTA/factory slot is longer than the partition the table on the chip
        # gives it (built for "Huge APP" but the default table flashed, or another flash size): it never boots
        Msg("esp_image_too_large", r"esp_image: Image length (?P<size>\d+) doesn't fit in partition length (?P<limit>\d+)", "strong", fail=True,
            convert=(("size", int), ("limit", int)),
            example="E (553) esp_image: Image length 1723008 doesn't fit in partition length 1310720"),
        # (esp-espressif s12) ESP-IDF 4.1-5.x components/partition_table/check_sizes.py, run by every idf.py build (target
        # app_check_size / bootloader_check_size): SystemExit('Error: ' + msg) when the app is larger than every app
        # partition ("app partition is" for one, "All app partitions are" for several), or the bootloader reaches the
        # partition table; "Warning: 1/2 app partitions are too small" when some slot still fits (OTA tables) goes on
        Msg("esp_partition_overflow", r"^Error: (?:All )?(?P<ptype>app|\w+(?: \(\w+\))?) partitions? (?:is|are) too small for binary (?P<name>\S+) size (?P<size>0x[0-9a-fA-F]+):?",
            "strong", fail=True, src="ESP-IDF 4.1-5.x partition_table/check_sizes.py check_partition()",
            example="Error: app partition is too small for binary esp_hid_device.bin size 0x130230:"),
        Msg("esp_partition_overflow", r"^Error: Bootloader binary size (?P<size>0x[0-9a-fA-F]+) bytes is too large for partition table offset (?P<limit>0x[0-9a-fA-F]+)",
            "strong", fail=True, attrs={"ptype": "bootloader"}, src="ESP-IDF 4.1-5.x partition_table/check_sizes.py check_bootloader()",
            example="Error: Bootloader binary size 0x8170 bytes is too large for partition table offset 0x8000. Bootloader binary can be maximum 0x7000 (28672) bytes unless the partition table offset is increased in the Partition Table section of the project configuration menu."),
        Msg(None, r"^\s*-? ?Part '[^']+' \d+/\d+ @ 0x[0-9a-fA-F]+ size 0x[0-9a-fA-F]+ \(overflow 0x[0-9a-fA-F]+\)", "weak",
            example="  - Part 'factory' 0/0 @ 0x10000 size 0x100000 (overflow 0x30230)"),
        Msg(None, r"^Warning: \d+/\d+ \w+(?: \(\w+\))? partitions are too small for binary|binary size 0x[0-9a-fA-F]+ bytes\. Smallest \w+(?: \(\w+\))? partition is 0x[0-9a-fA-F]+ bytes\.|"
            r"^Bootloader binary size 0x[0-9a-fA-F]+ bytes\. 0x[0-9a-fA-F]+ bytes \(\d+%\) free\.",
            "strong", benign=True, example="hello_world.bin binary size 0x25f10 bytes. Smallest app partition is 0x100000 bytes. 0xda0f0 bytes (85%) free."),
        # (fw-build s10b) the ROM and ESP-IDF's startup on the serial console: the image was built for another chip or for
        # another board's flash and PSRAM (the Arduino board menu's Flash Size / PSRAM, another board definition):
        # "Invalid chip id. Expected 9 read 4. Bootloader for wrong chip?" (ROM, esp32s3), "spi_flash: Detected
        # size(4096k) smaller than the size in the binary image header(16384k). Probe failed.", "octal_psram: PSRAM chip
        # is not connected, or wrong PSRAM line mode"
        # (micropython-circuitpy s11) the ROM found no valid second-stage bootloader header at the bootloader offset (ESP32
        # ROM "flash read err, 1000" then "ets_main.c 371" / "Falling back to built-in command interpreter."; ESP32-S2/S3/C3
        # ROMs "invalid header: 0xffffffff"): esptool docs advanced-topics/boot-mode-selection.rst "Early Flash Read Error":
        # no bootloader there (an image written at the wrong offset, e.g. MicroPython's ESP32 image at 0x0 instead of 0x1000,
        # or an erased flash), else the flash's wiring/power or VDDSDIO. One such line followed by a normal boot (entry 0x...)
        # is a power-on glitch (esp-idf#3735), see finish()
        Msg("esp_boot_header_invalid", r"^(?:\S.{0,40}\s)?(?:flash read err, (?P<addr>[0-9a-fA-F]{1,8})|[Ii]nvalid header: (?P<value>0x[0-9a-fA-F]{8}))\s*$", "strong", fail=True,
            src="ESP32/ESP8266 ROM (ets_main.c), ESP32-S2/S3/C3 ROM: esptool docs boot-mode-selection.rst 'Early Flash Read Error'",
            example="flash read err, 1000"),
        Msg(None, r"^ets_main\.c \d+\s*$|^Falling back to built-in command interpreter\.", "weak", example="ets_main.c 371"),
        # (esp-rp-serial s20) ESP-IDF's brownout detector on the serial console: the supply of the chip sagged below the BOD
        # threshold and the chip reset itself (esp-idf 3.x-4.x esp32/brownout.c and esp_system/port/brownout.c
        # ets_printf/esp_rom_printf "\r\nBrownout detector was triggered\r\n\r\n"; 5.x esp_hw_support/power_supply/brownout.c
        # ESP_DRAM_LOGE(TAG "BOD", "Brownout detector was triggered"), i.e. "E BOD: ..." or "E (1234) BOD: ..."), usually when
        # WiFi starts; the ROM's reset reason of the next boot names it too (reset_reasons.h 0x0F SYS_BROWN_OUT: ESP32 ROM
        # "rst:0xf (RTCWDT_BROWN_OUT_RESET)", S2/S3/C3 ROMs "rst:0xf (BROWNOUT_RST)"). A boot loop repeats it: finish keeps one
        Msg("esp_brownout", r"Brownout detector was triggered", "strong", fail=True,
            src="ESP-IDF 3.x-5.x brownout.c (esp32/, esp_system/port/, esp_hw_support/power_supply/)",
            example="Brownout detector was triggered"),
        Msg("esp_brownout", r"^(?:\S.{0,40}\s)?rst:0x[0-9a-fA-F]{1,2} \(\w*BROWN_?OUT\w*\),boot:0x[0-9a-fA-F]{1,2}\b", "strong", fail=True,
            attrs={"reason": "rom_reset"}, src="ESP32 / ESP32-S2/S3/C3 ROM reset line, reset reason 0x0F (soc/*/reset_reasons.h SYS_BROWN_OUT)",
            example="rst:0xf (BROWNOUT_RST),boot:0xc (SPI_FAST_FLASH_BOOT)"),
        # (esp-rp-serial s20) ESP-IDF's clock init measured another crystal than the build's sdkconfig names (esp-idf 3.x-4.4
        # soc/esp32/rtc_clk_init.c, esp_hw_support/port/esp32/rtc_clk_init.c SOC_LOGW "Possibly invalid CONFIG_ESP32_XTAL_FREQ
        # setting (%dMHz). Detected %d MHz."; 5.x ESP_HW_LOGW "Possibly invalid CONFIG_XTAL_FREQ setting (%dMHz). Detected
        # %dMHz."): a 26 MHz module (SparkFun ESP32 Thing, Heltec WiFi Kit 32 V1/V2) with a 40 MHz build: the UART after it runs
        # at 26/40 of its rate (115200 -> 74880), so the rest of the log is garbage and WiFi may fail (micropython#4434)
        # (firmware-build s22) the same warning with equal numbers ("(40MHz). Detected 40 MHz.", esp-idf#1129, IDF 3.0 of 2017-10):
        # the early rtc_clk_init compared the estimate against the setting in another form and warned although they agree. The
        # build's crystal is the module's: no mismatch, nothing failed
        Msg(None, r"Possibly invalid CONFIG_(?:ESP32_)?XTAL_FREQ setting \((?P<value>\d+) ?MHz\)\. Detected (?P=value) ?MHz", "strong", benign=True,
            src="ESP-IDF 3.0 rtc_clk_init.c (esp32): the warning printed although setting and estimate agree (esp-idf#1129)",
            example="W (71) rtc_clk: Possibly invalid CONFIG_ESP32_XTAL_FREQ setting (40MHz). Detected 40 MHz."),
        Msg("esp_xtal_mismatch", r"Possibly invalid CONFIG_(?:ESP32_)?XTAL_FREQ setting \((?P<value>\d+) ?MHz\)\. Detected (?P<received>\d+) ?MHz",
            "strong", fail=True, convert=(("value", int), ("received", int)),
            src="ESP-IDF 3.x-5.x rtc_clk_init.c (esp32) rtc_clk_init()",
            example="W (56) rtc_clk_init: Possibly invalid CONFIG_ESP32_XTAL_FREQ setting (40MHz). Detected 26 MHz."),
        # (devboards s21) the ROM read its boot strap low at reset (ESP32 GPIO0, ESP32-S2/S3 GPIO0, C3/C6 GPIO9) and started its
        # serial download mode instead of the flash: ESP32 ROM "rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/
        # SDIO_REI_REO_V2))" then "waiting for download"; S2/S3/C3 ROMs "boot:0x0 (DOWNLOAD(USB/UART0))" (esptool docs
        # boot-mode-selection.rst). Not the C3's "boot:0x1 (SPI_DOWNLOAD_BOOT)" / "wait spi download" (another strap, GPIO8).
        # derive.esp_download_boot_held reads them against the rest of the text (BOOT004)
        # (reviewfix3 s21) not after a reset from the USB side (USB_UART_CHIP_RESET, USB_JTAG_CHIP_RESET): esptool's own reset
        # into download mode over the chip's USB, the documented normal entry (S3 "boot:0x0", C3 "boot:0x7" + "wait usb download")
        # (stuck-boot s22) the C6/H2 ROMs name the same USB-side reset USB_UART_HPSYS / USB_JTAG_HPSYS (esp32c6 rom rtc.h, 0x15/0x16);
        # a post's Markdown bold around the boot field ("**boot:0x1**", LilyGo-EPD47#88) is read past
        Msg("esp_rom_download_boot", r"^(?:\S.{0,40}\s)?rst:0x[0-9a-fA-F]{1,2} \((?!USB_(?:UART|JTAG)_(?:CHIP_RESET|HPSYS)\))[A-Z0-9_]+\),\*{0,2}boot:0x[0-9a-fA-F]{1,2}\*{0,2} \(DOWNLOAD(?:_BOOT)?\((?:USB|UART)", "strong",
            src="ESP32 / ESP32-S2/S3/C3 ROM reset line in UART/USB download boot (esptool docs boot-mode-selection.rst)",
            example="rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))"),
        # (stuck-boot s22) the same download boot after a reset the host asked for over the chip's own USB-Serial/JTAG
        # (USB_UART_CHIP_RESET / USB_JTAG_CHIP_RESET on S3/C3, USB_UART_HPSYS / USB_JTAG_HPSYS on C6/H2): esptool's and espflash's
        # normal way into download mode, so no strap fault; after a completed flash in the same text it is the chip left in its ROM
        # loader instead of the new program (derive.esp_left_in_download, BOOT009; espflash#556)
        Msg("esp_rom_usb_download_boot", r"^(?:\S.{0,40}\s)?rst:0x[0-9a-fA-F]{1,2} \((?P<reset>USB_(?:UART|JTAG)_(?:CHIP_RESET|HPSYS))\),\*{0,2}boot:0x[0-9a-fA-F]{1,2}\*{0,2} \(DOWNLOAD(?:_BOOT)?\((?:USB|UART)", "strong",
            src="ESP32-S3/C3 (USB_*_CHIP_RESET), ESP32-C6/H2 (USB_*_HPSYS) ROM reset line: a USB-side reset into download boot",
            example="rst:0x15 (USB_UART_HPSYS),boot:0x4 (DOWNLOAD(USB/UART0/SDIO_FEI_FEO))"),
        # (stuck-boot s22) the ESP8266/ESP8285 ROM's reset line (every ESP8266 ROM: "ets Jan  8 2013,rst cause:%d, boot mode:(%d,%d)",
        # often pasted without the date). The first boot-mode digit is the strap pins the ROM read at reset, (GPIO15 << 2) |
        # (GPIO0 << 1) | GPIO2 (esp8266/Arduino doc/boards.rst "Boot Messages and Modes"): 3 boots the flash; 1 is the UART download
        # loader (GPIO0 low); 0 and 2 are not valid (GPIO2 low, 0 with GPIO0 low too); 4-7 boot SDIO (GPIO15 high). rst cause: 1
        # power-on, 2 reset pin, 3 software reset, 4 watchdog. Before it only a monitor's timestamp or "> "/"-> " (review s22: not a
        # post's prose, "It no longer prints rst cause:2, boot mode:(1,6)")
        Msg("esp_rom_download_boot", r"^\s*(?:\[?\d[\d:.,\-T ]{3,28}\]?\s*(?:-?>|\|)?\s*|-?>\s*)?(?:ets Jan\s+8 2013,\s*)?rst cause:\s?(?P<rst>\d),\s*boot mode:?\s?\((?P<mode>[0-24-7]),\s?\d+\)", "strong",
            attrs={"chip": "esp8266"}, convert=(("rst", int), ("mode", int)),
            src="ESP8266 ROM reset line (esp8266/Arduino doc/boards.rst Boot Messages and Modes): boot mode 1 UART, 0/2 invalid, 4-7 SDIO",
            example="ets Jan  8 2013,rst cause:2, boot mode:(1,7)"),
        Msg("esp_rom_boot", r"^\s*(?:\[?\d[\d:.,\-T ]{3,28}\]?\s*(?:-?>|\|)?\s*|-?>\s*)?(?:ets Jan\s+8 2013,\s*)?rst cause:\s?(?P<rst>\d),\s*boot mode:?\s?\((?P<mode>3),\s?\d+\)", "strong",
            attrs={"chip": "esp8266"}, convert=(("rst", int), ("mode", int)),
            src="ESP8266 ROM reset line, boot mode 3: from the SPI flash", example="ets Jan  8 2013,rst cause:2, boot mode:(3,6)"),
        Msg("esp_rom_download_wait", r"^(?:\S.{0,40}\s)?waiting for download\s*$", "strong",
            src="ESP32 / ESP32-S2/S3/C3 ROM download-mode banner", example="waiting for download"),
        # (lead s11) the ROM's own reset line and banner (ESP32 "rst:0x10 (RTCWDT_RTC_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)",
        # S2/S3/C3 "ESP-ROM:esp32s3-20210327"): the boot-header error above came from the chip's ROM booting (finish: rom_boot)
        Msg("esp_rom_boot", r"^(?:\S.{0,40}\s)?(?:rst:0x[0-9a-fA-F]{1,2} \([A-Z0-9_]+\),\*{0,2}boot:0x[0-9a-fA-F]{1,2}\b|ESP-ROM:esp32\w*)", "strong",
            src="ESP32 ROM reset line, ESP32-S2/S3/C3 ROM banner", example="rst:0x1 (POWERON),boot:0x8 (SPI_FAST_FLASH_BOOT)"),
        # the ROM handed over to the second-stage bootloader: the boot went on
        Msg("esp_boot_entry", r"^entry 0x[0-9a-fA-F]{8}\s*$", "none", example="entry 0x400806b0"),
        # (firmware-build s22) the ESP8266's hand-over: the Arduino core's eboot prints "~ld" as it loads the application
        # (after the ROM's "load 0x4010f000, len ..." lines and eboot's "v<hash>"); what follows is the application's output
        Msg("esp_boot_entry", r"^~ld\s*$", "weak", attrs={"chip": "esp8266"}, src="esp8266/Arduino bootloaders/eboot/eboot.c (ets_putc('~'), 'l', 'd')",
            example="~ld"),
        # (firmware-build s22) the ESP8266 ROM loader's lines between its reset line and the hand-over ("load 0x4010f000, len
        # 1384, room 16", "tail 8", "chksum 0x2d", "ho 0 tail 12 room 4", "csum 0x2d") and eboot's version ("v09826c6d"): part of
        # the boot log, so a blank line after the reset line does not end its block
        Msg(None, r"^(?:load 0x[0-9a-fA-F]{8}, len \d+, room \d+|tail \d+|chksum 0x[0-9a-fA-F]{1,2}|csum 0x[0-9a-fA-F]{1,2}|ho \d+ tail \d+ room \d+"
            r"|v[0-9a-f]{8})\s*$", "weak", src="ESP8266 ROM loader boot log (mode 3), esp8266/Arduino eboot version",
            example="load 0x4010f000, len 1384, room 16 "),
        # (deepen-ser-usb-fw s18) undecodable bytes after the boot log: the ROM's log was readable at the monitor's rate (the
        # ESP32 family's ROM prints at 115200), then the application's own output is not: its Serial.begin() (or the IDF
        # console's CONFIG_ESP_CONSOLE_UART_BAUDRATE) is another rate than the monitor's (SER007). Kept only after an
        # `entry 0x...` line (on_event), as the Serial Monitor / miniterm draw the bytes (U+FFFD, U+2E2E)
        Msg("esp_app_output_garbled", r"\ufffd[^\ufffd\n]{0,3}\ufffd[^\ufffd\n]{0,3}\ufffd[^\ufffd\n]{0,3}\ufffd|⸮[^⸮\n]{0,3}⸮[^⸮\n]{0,3}⸮[^⸮\n]{0,3}⸮", "none",
            fail=True, src="ESP32/S2/S3/C3 ROM boot log read at 115200, then the application's output at another rate",
            example="\ufffd\u2400\u2400\ufffd\u2400\ufffd\ufffd\u2400\ufffd"),
        # (esp-espressif s12) the ROM loads the second-stage bootloader's segments into internal RAM only (ESP32
        # 0x3fff0018, 0x40078000, 0x40080400; S2/S3/C3 0x3ffe..., 0x3fce..., 0x403c...). A segment address in the
        # flash-mapped windows (ESP32 DROM 0x3f400000-0x3f7fffff and IROM 0x400d0000-0x400fffff, S2 DROM 0x3f000000-,
        # S3/C3/C6 DROM 0x3c000000-, IROM 0x42000000-) is an application image's: the app sits at the bootloader offset
        # and the ROM hangs there (lexxvir/esp32-hello#4: app written without bootloader and partition table)
        Msg("esp_boot_app_at_bootloader", r"^load:0x(?P<addr>3[fF][0-7][0-9a-fA-F]{5}|3[cC][0-9a-fA-F]{6}|4[23][0-9a-fA-F]{6}|400[d-fD-F][0-9a-fA-F]{4}),\s?len:\s?(?:0x)?[0-9a-fA-F]+\s*$",
            "strong", fail=True, src="ESP32/ESP32-S2/S3/C3 ROM boot log 'load:0x<addr>,len:<n>' (ets_main.c) against the chips' memory maps (TRM)",
            example="load:0x3f400020,len:30732"),
        # (byid-fw-boot s16) ESP-IDF's second-stage bootloader found no application where the partition table puts one:
        # bootloader_support esp_image_format.c process_image_header() FAIL_LOAD("image at 0x%x has invalid magic byte"
        # (4.x-5.x add " (nothing flashed here?)"), verify_segment_header() "Segment %d 0x%08x-0x%08x invalid: overlaps
        # bootloader stack" (the slot holds a bootloader's image: a merged image written at the app offset), then
        # bootloader_utility.c "Factory app partition is not bootable" / "OTA app partition slot %d is not bootable" /
        # "No bootable app partitions in the partition table". In the threads the app went to another offset than the
        # table's slot (WireStudio#208: a merged image at 0x10000; amazon-freertos#158: the app at 0x10000, ota_0 at
        # 0x20000; GhostESP#374: app merged at 0x10000, table at 0x20000). "Loaded app from partition" later: another slot
        # booted (finish)
        # (deepen-ser-usb-fw s18) also the line cut by the paste right after "has in" ("image at 0x20000 has in...",
        # amazon-freertos#158): the function prints nothing else after "image at 0x%x has "
        Msg("esp_app_missing", r"esp_image: image at (?P<addr>0x[0-9a-fA-F]+) has (?:invalid magic byte|in[a-z]{0,6}(?:\.\.\.|…)\s*$)", "strong", fail=True,
            attrs={"reason": "no_image"}, src="ESP-IDF 3.x-5.x bootloader_support esp_image_format.c process_image_header()",
            example="E (25) esp_image: image at 0x20000 has invalid magic byte (nothing flashed here?)"),
        Msg("esp_app_missing", r"esp_image: Segment \d+ 0x[0-9a-fA-F]+-0x[0-9a-fA-F]+ invalid: overlaps bootloader stack", "strong", fail=True,
            attrs={"reason": "bootloader_image"}, src="ESP-IDF 4.x-5.x bootloader_support esp_image_format.c verify_segment_header()",
            example="E (91) esp_image: Segment 0 0x3fce2820-0x3fce3d10 invalid: overlaps bootloader stack"),
        Msg("esp_no_bootable_app", r"boot: (?:(?:Factory|Test) app partition|OTA app partition slot \d+) is not bootable|boot: No bootable app partitions in the partition table",
            "strong", fail=True, src="ESP-IDF 3.x-5.x bootloader_support bootloader_utility.c bootloader_utility_load_boot_image()",
            example="E (47) boot: No bootable app partitions in the partition table"),
        Msg("esp_app_loaded", r"boot: Loaded app from partition at offset 0x[0-9a-fA-F]+", "none",
            example="I (861) boot: Loaded app from partition at offset 0xa00000"),
        Msg("esp_build_board_mismatch", r"Invalid chip id\. Expected (?P<expected>\d+) read (?P<read>\d+)\. Bootloader for wrong chip\?", "strong", fail=True,
            attrs={"what": "chip"}, src="ESP32-S2/S3/C3 ROM (ets_main.c): the second-stage bootloader's header names another chip id",
            example="Invalid chip id. Expected 9 read 4. Bootloader for wrong chip?"),
        # (byid-fw-boot s17) ESP-IDF checks a new image's header chip id against the running chip's before it accepts an
        # update: bootloader_support bootloader_common_loader.c bootloader_common_check_chip_validity() "mismatch chip ID,
        # expected %d, found %d" (ESP-IDF 4.x-5.x, also reached from Arduino-ESP32's Update.end() and ESPHome's OTA), and
        # esp_https_ota.c esp_ota_verify_chip_id() "Mismatch chip id, expected %d, found %d" (5.x); expected is the running
        # chip (0 ESP32, 2 S2, 5 C3, 9 S3, 12 C2, 13 C6, 16 H2, 18 P4...), found the image's: an image built for another
        # chip (ESP32Marauder#145: the S2 build on an ESP32; Jarolift-Controller#40: the C3 file on an ESP32). A "found"
        # beyond the chip ids (esp-idf#14187: 18242) is no image at all (an HTML page, an encrypted file) and is left out
        Msg("esp_build_board_mismatch", r"[Mm]ismatch chip (?:ID|id), expected (?P<expected>\d{1,2}), found (?P<read>\d{1,2})(?!\d)", "strong", fail=True,
            attrs={"what": "chip"}, src="ESP-IDF 4.x-5.x bootloader_common_loader.c bootloader_common_check_chip_validity(), esp_https_ota.c esp_ota_verify_chip_id()",
            example="E (75435) boot_comm: mismatch chip ID, expected 0, found 2"),
        Msg("esp_build_board_mismatch", r"can't run on lower chip revision, expected (?P<expected>\d{1,3}), found (?P<read>\d{1,3})(?!\d)", "strong", fail=True,
            attrs={"what": "chip revision"}, src="ESP-IDF 4.x bootloader_common_loader.c bootloader_common_check_chip_validity()",
            example="E (83) boot_comm: can't run on lower chip revision, expected 1, found 3"),
        # (byid-fw-boot s17) the ESP8266 NONOS SDK second-stage bootloader boot_v1.x (an Espressif binary; text as it prints
        # on the 74880-baud console): it jumps to user1 at 0x1000 ("jump to run user1 @ 1000") and, finding no image there
        # or in user2, gives up ("backup boot failed.", then the ROM's "user code done"): user1.bin was not written at 0x1000
        # (jeelabs/esp-link#94: user1.bin at 0x10000)
        Msg("esp8266_user_missing", r"^\s*backup boot failed\.?\s*$", "strong", fail=True,
            src="ESP8266 NONOS SDK boot_v1.4-1.7 (binary) console", example="backup boot failed."),
        Msg(None, r"^\s*(?:jump to run user[12] @ [0-9a-fA-F]+|2nd boot version : \S+)\s*$", "weak",
            example="jump to run user1 @ 1000"),
        Msg("esp_build_board_mismatch", r"spi_flash: Detected size\((?P<size>\d+)k\) smaller than the size in the binary image header\((?P<limit>\d+)k\)", "strong", fail=True,
            attrs={"what": "flash size"}, src="ESP-IDF 4.x-5.x spi_flash esp_flash_init_default_chip()",
            example="E (123) spi_flash: Detected size(4096k) smaller than the size in the binary image header(16384k). Probe failed."),
        Msg("esp_build_board_mismatch", r"(?:octal|quad)_psram: PSRAM chip is not connected, or wrong PSRAM line mode", "strong", fail=True,
            attrs={"what": "PSRAM"}, src="ESP-IDF 5.x esp_psram (octal_psram / quad_psram)",
            example="E (89) octal_psram: PSRAM chip is not connected, or wrong PSRAM line mode"),
        # (fw-rp s25) the other wordings of the same start-up failure: ESP-IDF 3.x-4.x esp32/spiram_psram.c "psram: PSRAM ID read
        # error: 0x%08x", 5.x esp_psram octal/quad "PSRAM ID read error: 0x%08x, PSRAM chip not found or not supported, or wrong
        # PSRAM line mode", the start code's "cpu_start: Failed to init external RAM!" (then abort(); the "; continuing without
        # it." form of a build that tolerates a missing PSRAM is left alone, and so is its "(SPI RAM|PSRAM) enabled but
        # initialization failed. Bailing out."): the build enables a PSRAM the module does not have (a WROVER / N8R8 build on a
        # WROOM / N8), or another PSRAM line mode
        # (reviewfix s25) not the ID warning of a boot that goes on with the PSRAM it found (ESP-IDF 5.5+ esp_psram_impl_ap_*:
        # "W ... PSRAM ID read error: 0x..., fallback to use default driver pattern"), nor a W-level line (5.5+
        # PSRAM_LOG_NOTFOUND is a warning in a CONFIG_SPIRAM_IGNORE_NOTFOUND build, which boots on); "... enabled but
        # initialization failed. Bailing out." is printed only by such a build (3.x-5.x, under #if CONFIG_SPIRAM_IGNORE_NOTFOUND):
        # a benign row below, which with "continuing without it" marks the run's PSRAM lines as tolerated (finish)
        Msg("esp_build_board_mismatch", r"^(?![^\n]*\bW \(\d+\) )(?![^\n]*\bfallback to use default)[^\n]*?\bPSRAM ID read error: (?:0x)?[0-9a-fA-F]+\b"
            r"|\bcpu_start: Failed to init external RAM(?:!|, needed for external \.bss segment)", "strong", fail=True,
            attrs={"what": "PSRAM"}, src="ESP-IDF 3.x-5.x spiram_psram.c / esp_psram (octal_psram, quad_psram), cpu_start.c",
            example="E (89) psram: PSRAM ID read error: 0xffffffff"),
        Msg(None, r"\b(?:SPI RAM|PSRAM) enabled but initiali[sz]ation failed\. Bailing out|\bFailed to init external RAM; continuing without it"
            r"|\bPSRAM ID read error: (?:0x)?[0-9a-fA-F]+, fallback to use default driver pattern", "strong", benign=True, src="ESP-IDF 3.x-5.x spiram.c / esp_psram.c, cpu_start.c (CONFIG_SPIRAM_IGNORE_NOTFOUND)",
            example="I (447) cpu_start: Failed to init external RAM; continuing without it."),
        Msg("esp_image_wrong_chip", r" is not an? (?P<chip>ESP[\w-]*) image\. Use (?:--force|the force argument) to flash anyway|"
            r"requires chip revision \S+ or higher \(this chip is revision|Unexpected chip (?:ID|id) in image\. Expected (?:(?P<chip2>ESP[\w-]*)|\d+) but value was",
            "strong", fail=True, example="A fatal error occurred: firmware.bin is not an ESP32-S3 image. Use --force to flash anyway."),
        Msg("esp_image_invalid", r"Invalid (?:firmware )?image magic(?: number)?[=:]|This is not a valid image \(invalid magic number|"
            r"^(?:A fatal error occurred: )?(?:File|Image) is empty\b|^(?:WARNING|Warning): File \S+ is empty", "strong", fail=True,
            example="A fatal error occurred: Invalid image magic number: 127"),
        Msg(None, r"Image file at 0x[0-9a-fA-F]+ (?:doesn't look like an image file|is not a valid \S+ image|is protected with a hash checksum)|"
            r"is not aligned to a 0x[0-9a-fA-F]+ byte flash sector", "strong",
            example="Warning: Image file at 0x0 doesn't look like an image file, so not changing any flash settings."),
    ),
    group(
        "esptool 3.x-5.x cmds.py, loader.py: security features refuse the write (Secure Boot, Flash Encryption, Secure Download Mode) (source audit s8; examples: the source's format filled in)",
        Msg("esp_secure_refused", r"Secure Boot (?:V1 )?detected, writing to flash regions < 0x8000 is disabled|Active security features detected, erasing flash is disabled|"
            r"Can't perform encrypted flash write|Detected flash encryption (?:and secure download mode enabled|enabled and download manual encrypt disabled)|"
            r"encrypt functionality in UART download mode disabled|is not available in Secure Download Mode|Flashing plaintext (?:binary|data) may brick your device|"
            r"Unsupported Command Error received\. Probably this means Secure Download Mode",
            "strong", fail=True,
            example="A fatal error occurred: Secure Boot detected, writing to flash regions < 0x8000 is disabled to protect the bootloader. Use --force to override, please use with caution, otherwise it may brick your device!"),
        Msg(None, r"Stub (?:flasher|loader) (?:is not supported in Secure Download Mode|has been disabled for compatibility|is not (?:yet )?supported on)", "strong", benign=True,
            example="WARNING: Stub loader is not supported in Secure Download Mode, setting --no-stub"),
    ),
    group(
        "esptool 2.8-5.x: usage and setup errors (the chip, the port list, the files) (source audit s8; examples: the source's format filled in)",
        Msg("esp_usage", r"Specify the --chip argument|Invalid chip choice: |Number of specified files does not match number of specified addresses|"
            r"Listing all serial ports is currently not available|Stub flasher JSON file for \S+ not found|Flasher stub data is missing",
            "strong", fail=True, example="A fatal error occurred: Listing all serial ports is currently not available. Please try to specify the port when running esptool.py or update the pyserial package to the latest version"),
        # (esp-wrappers s12) the image path of a write_flash pair does not open: 2.x-4.x argparse AddrFilenamePairAction
        # ("esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: 'x.bin'"), 5.x click
        # AddrFilenamePairType (BadParameter(str(e)), "Invalid value for '<address> <filename>': [Errno 2] ..."): no image to
        # write (Meshtastic-gui-installer#94: the firmware download was incomplete)
        # (esp-espressif s12) the path on the next line when a console wrapped it (arduino-esp32#4723), " :" retyped by hand
        Msg("image_missing", r"(?:argument <address> <filename>|Invalid value for '?<address> <filename>'?) ?: (?P<text>\[Errno 2\] No such file or directory:(?: '(?P<name>[^']+)'|\s*$))",
            "strong", fail=True, src="esptool 2.x-4.x AddrFilenamePairAction (argparse), 5.x cli_util.py AddrFilenamePairType (click) (esp-wrappers s12)",
            example="esptool write_flash: error: argument <address> <filename>: [Errno 2] No such file or directory: '1.2.55.9db7c62/system-info.bin'"),
        # a command name esptool 5.0 introduced (write-flash, erase-flash, read-mac...; 4.x and older take only the underscore
        # names) refused by an older esptool's argparse: the script was written for esptool 5, the esptool that ran is older
        # (meshtastic/firmware#8824 with esptool 4.8.1, FluidNC#1645: upgrade esptool)
        Msg("esp_tool_too_old", r"invalid choice: '(?P<value>(?:load|dump|read|write)-(?:ram|mem)|(?:write|read|verify|erase)-flash|image-info|merge-bin|read-mac|chip-id|flash-id|"
            r"(?:read|write)-flash-status|erase-region|read-flash-sfdp|get-security-info)'", "strong", fail=True,
            src="esptool 2.x-4.x argparse subparsers (dest 'operation') against the 5.0 command names of esptool/__init__.py (esp-wrappers s12)",
            example="esptool: error: argument operation: invalid choice: 'erase-flash' (choose from load_ram, dump_mem, read_mem, write_mem, write_flash, run, image_info, make_image, elf2image, read_mac, chip_id, flash_id, read_flash_status, write_flash_status, read_flash, verify_flash, erase_flash, erase_region, read_flash_sfdp, merge_bin, get_security_info, version)"),
        # esptool.py 2.8-4.x / esptool 4.x-5.x start-up: no usable pyserial in the Python that runs it (TOOL001 reads tool_missing)
        Msg("tool_missing", r"(?P<text>[Pp]y[Ss]erial) is not installed for |depends on (?P<text2>py[Ss]erial), but there is a conflict with a currently installed package named 'serial'|"
            r"The installed version \([^)]{0,40}\) of (?P<text3>py[Ss]erial) appears to be too old", "strong", fail=True,
            example="Pyserial is not installed for /usr/bin/python3. Check the README for installation instructions."),
        Msg(None, r"^You may work around this by 'pip uninstall serial; pip install pyserial'", "strong",
            example="You may work around this by 'pip uninstall serial; pip install pyserial' but this may break other installed Python software that depends on 'serial'."),
        # warnings and notes of a run that goes on (they say "failed"/"failure" but are not the run's end)
        Msg(None, r"XMC flash (?:chip boot-up failure detected|boot-up fix failed)|Verification failed after fast reflash|Failed to mark block as bad|"
            r"Cannot verify written data if encrypted|cannot verify encrypted files|In case of failure, please set a specific flash size|"
            r"Flash sizes larger than than 16MB|doesn't fully support flash size larger than 16MB|Watchdog hard reset is not supported|"
            r"is not supported with .{1,60}\. Will flash all data|Fast reflashing encrypted images is not supported|Data not found in flash, flashing the whole image|"
            r"^Unsupported detection protocol, switching and trying again", "strong", benign=True,
            example="Note: Verification failed after fast reflash (flash content did not match the expected data). Reflashing the whole image..."),
        Msg(None, r"^(?:Flash Encryption|Secure Boot): (?:Enabled|Disabled)$|^No changed sectors found|^Writing \S+ at 0x[0-9a-fA-F]+\.\.\.$|^(?:Flash|File) MD5: ",
            "weak", example="Flash Encryption: Disabled"),
        # any other FatalError: GEN001 quotes it
        Msg("esp_fatal", r"^A fatal error occurred: (?!Could not (?:open|exclusively)|could not open port)(?P<text>\S.{0,200})$", "strong", fail=True,
            example="A fatal error occurred: SPI command did not complete in time"),
    ),
)

_REASONS = (
    ("boot_mode", re.compile(r"Wrong boot mode detected \((?P<v>0x[0-9a-fA-F]+)\)")),
    ("invalid_head", re.compile(r"Invalid head of packet \((?:b?'?)?(?P<v>0x[0-9a-fA-F]+|\\[rnt]|\\x[0-9a-fA-F]{2}|.)'?\)")),
    ("no_sync", re.compile(r"getting no sync reply|TX path seems to be down")),
    ("stream_stopped", re.compile(r"Serial data stream stopped")),
    ("no_data", re.compile(r"No serial data received|Timed out waiting for packet header|Timed out waiting for packet content")),
)


_CMD_BAUD = re.compile(r"(?:\s-[bB]|--baud)[\s=]+(\d{4,7})\b")
# (other-tools s25) an esptool command line (not a log line quoting a rate) and the end of a whole write
_CMD_LINE = re.compile(r"(?:^|[\s/\\\"'$>])esptool(?:\.py|\.exe)?[\"']?\s")
_WROTE_ALL = re.compile(r"Writing at 0x[0-9a-fA-F]+\.\.\. \(100 ?%\)|^Wrote \d+ bytes|Hash of data verified\.")
# (other-tools review s25) the port of an attempt: its command line's --port/-p, else esptool's own "Serial port X" line
_CMD_PORT = re.compile(r"(?:\s-p|--port)[\s=]+[\"']?(COM\d+|/dev/[^\s\"']+|rfc2217://[^\s\"']+)", re.I)
_SERIAL_PORT = re.compile(r"^Serial port (COM\d+|/dev/\S+)\s*$")
# (fw-tool review s23) the ROM's own "invalid header: 0x..." line: lowercase, after nothing but a serial monitor's
# timestamp ("12:34:56.789 -> "); not an application's log line of the same words (ESPHome "[12:34:58][W][ld2402:088]:
# Invalid header: 0x0a0bf1f2", ESP-IDF "W (1234) ld2402: Invalid header: ...", "mcuboot: invalid header: ...": a tag
# and a colon before it), which reads a sensor's frame or another image, not the bootloader offset
_ROM_HEADER_LINE = re.compile(r"^(?:(?!.*[\w\])-]:\s*invalid header)\S.{0,40}\s)?invalid header: 0x")
# an application's log line (ESPHome "[..][I][tag:n]:", ESP-IDF/Arduino-ESP32 "I (123) tag:", "[   123][I][file.cpp:45]"):
# an app ran in this text, so a header word in it is not what the ROM read at a boot that found no bootloader
_APP_LOG = re.compile(r"^\s*(?:\[[\d:.\s]+\])?\[[VDIWE]\]\[[^\]\s]{1,40}\]:?\s|^\s*[VDIWE] \(\d+\) [\w.-]{1,30}:\s")
# (deepen-ser-usb-fw s18) write_flash's address/file pairs on a command line, and MicroPython's ESP32 / ESP32-S2 image names
_CMD_WRITE = re.compile(r"(?:^|\s)(?P<addr>0x[0-9a-fA-F]{1,8}|\d{1,8})\s+[\"']?(?P<file>[^\s\"']{1,300}?\.bin)\b")
_MPY_ESP32_IMAGE = re.compile(r"(?i)(?:^|[/\\])(?:esp32(?:spiram|-spiram|s2|-s2)?(?:-idf[34])?(?:-ota)?-\d{8}-v\d[\w.-]*|ESP32_GENERIC(?:_S2)?(?:-[A-Z0-9]+)*-\d{8}-v\d[\w.-]*)\.bin$")


def _byte(text: str) -> int | None:
    if text.startswith("0x"):
        return int(text, 16)
    if text.startswith("\\x"):
        return int(text[2:], 16)
    if text in ("\\r", "\\n", "\\t"):
        return {"\\r": 13, "\\n": 10, "\\t": 9}[text]
    return ord(text) if len(text) == 1 else None


@register
class EsptoolParser(TableParser):
    name = "esptool"
    namespace = "flash"
    messages = MESSAGES

    @staticmethod
    def settle(out: dict[str, Any]) -> None:
        settle_port_scan(out)  # (cnc-laser s12) the scan's per-port failures sit in the serial table's blocks too
        settle_retried_open(out)  # (desktop-os-forms s17) a busy open that a later attempt of the same text got past

    hints = ("fatal error occurred", "enough status bytes", "fatalerror", "esptool", "espflash", "espcomm", "failed to connect", "serial port", "connecting", "chip is", "chip type", "detecting chip", "connected to esp",
             "stub", "baud rate", "flash", "rst:0x", "esp-rom:", "compressed", "writing at", "wrote", "hash of data", "hard resetting", "leaving", "staying",
             "error while connecting", "unable to connect", "ensure that the device", "wrong --chip", "failed to open",
             # (esptool audit s8)
             "could not connect", "serial ports", "download mode", "autodetect", "retrying", "autodetection", "lost connection",
             "reconnect", "pre-connection", "reset", "pid identification", "wch", "stopped responding", "no more data", "timed out",
             "serial errors", "corrupt data", "read more", "doesn't match", "slip", "status response", "digest", "md5", "baud",
             "crystal", "serial exception", "pyserial", "troubleshooting", "timeouts", "flash chip", "flash size", "megabits",
             "verif", "write failed", "erase", "took", "uncompressed", "staying", "soft resetting", "detecting", "will not fit",
             "image", "chip revision", "magic", "is empty", "aligned", "secure", "encrypt", "security", "plaintext", "unsupported command",
             "--chip", "chip choice", "specified files", "listing all", "json file", "stub",
             "not installed for", "serial", "xmc", "mark block", "failure", "16mb", "watchdog", "will flash all", "fast reflashing",
             "data not found", "unsupported detection", "flash encryption", "secure boot", "no changed sectors", "writing", "flash md5",
             # (fw-build s10b) the ROM's and ESP-IDF's boot log, espflash's chip mismatch
             "wrong chip", "chip id", "psram", "partition length", "detected chip",
             # (fw-rp s25) ESP-IDF 3.x-4.3's "SPI RAM enabled but initialization failed", 3.x-5.x "Failed to init external RAM!"
             "spi ram", "external ram",
             # (esp-rp-serial s20) ESP-IDF's brownout detector and the ROM's brownout reset reason, the clock init's crystal check
             "brownout", "brown_out", "xtal_freq",
             # (reviewfix3 s21) the ROM's download-mode banner (esp_rom_download_wait)
             "waiting for download",
             # (stuck-boot s22) the ESP8266 ROM's reset line
             "rst cause",
             # (byid-fw-boot s17) ESP-IDF's OTA chip-id check, the ESP8266 boot_v1.x console
             "mismatch chip", "lower chip revision", "backup boot", "jump to run user", "2nd boot version",
             # (micropython-circuitpy s11) the ROM's boot-header error
             "flash read err", "invalid header", "failed to flash", "load:0x", "too small for binary", "overflow 0x", "too large for partition table", "binary size 0x", "boards were flashed", "ets_main", "built-in command interpreter",
             # (byid-fw-boot s16) ESP-IDF's second-stage bootloader finds no app in the table's slots
             "bootable app", "app partition", "loaded app from partition",
             # (audit-esp-nrf-updi s11) espflash / cargo-espflash 1.x-4.x
             "timeout while running", "packet", "handshake", "available bytes", "incorrect response", "communication error",
             "bootloader returned", "error while running", "hard-resetting", "host recognizes", "serial port not found", "bootloader failed",
             "nand", "execute command", "invalid crc", "spi operation", "spi unlock", "not in flash mode", "uncompressing", "malformed compressed",
             "bad data", "bad block", "enough data", "too much data", "invalid length", "magic value", "chip not recognized", "supported chips",
             "if your chip", "elf image", "minimum supported revision", "is not supported by the", "failed to open image", "artifact",
             "failed to build project", "secure download", "serial port was provided", "chip argument", "ram stub", "does not support",
             "can cause issues", "new version of", "chip type", "crystal frequency", "features:", "mac address", "app/part", "has completed",
             "successfully written", "has been erased", "successfully erased", "connecting...",
             # (esp-wrappers s12) the browser flashers, espflash's Debug form, esphome-flasher, ESPHome's CLI, argparse, LittleFS
             "couldn't sync", "couldnt sync", "try hard reset", "connected successfully", "read loop", "web flasher", "connect with the device",
             "esptool.js", "webserial", "connectionfailed", "as serial port", "chip info", "chip family", "chip model", "number of cores", "max cpu", "has bluetooth", "has embedded", "has factory", "flashing is complete", "showing logs",
             "flash boot mode", "auto-detection", "error connecting to esp", "chip details", "upload baud rate", "stub flash mode",
             "does not support baud rate", "magic byte", "opening binary", "no serial port found", "successfully uploaded", "ota successful",
             "uploading", "upload took", "waiting for result", "compressed to", "log output", "successfully connected", "successfully compiled",
             "connecting to", "upload with baud rate", "please try running", "initial connection failed", "<address> <filename>",
             "invalid choice", "corrupted dir pair", "esp_littlefs", "0 serial ports", "0 available serial ports",
             # (firmware-build s22) ESP Web Tools manifest.json; the ESP8266 ROM loader's boot log and eboot's hand-over
             "chipfamily", '"offset"', '"path"', ", room ", "chksum", "csum", "~ld", "tail ")

    # (cnc-laser s12) a port of esptool's scan that had no chip, when a later port connected: see settle_port_scan()
    event_kinds = ("port_scan_skipped", "esp_write_boot_offset", "port_busy_retried", "esp_image_offset_wrong", "esp_flash_boot",
                   "esp_manifest_boot_offset")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.baud: int | None = None
        self.cmd_writes: list[tuple[int, str, int, str]] = []  # (deepen-ser-usb-fw s18) write_flash's (address, file) pairs
        # (firmware-build s22) an ESP Web Tools manifest's parts: (chipFamily, path, offset, lineno, line)
        self.manifest_chip: str | None = None
        self.manifest_path: tuple[str, int, str] | None = None
        self.manifest_off: int | None = None
        self.boot_header_err = False  # (firmware-build s22 review) the ROM's "invalid header" / "flash read err, 1000" in the text
        self.app_log = False  # (fw-tool review s23) an application's log line in the text (_APP_LOG)
        self.path_lines: list[str] = []  # (fw-tool review s23) the latest lines naming a path (split_path_shown)
        self.manifest_parts: list[tuple[str, str, int, int, str]] = []
        # (other-tools s25) each esptool command line of the paste with its --baud: [lineno, baud, wrote, port]; "wrote" when its
        # attempt reached the end of a write ("Writing at 0x... (100 %)", "Wrote N bytes", "Hash of data verified.")
        self.attempts: list[list[Any]] = []

    def feed(self, lineno: int, line: str) -> None:
        if "esptool" in line or "espflash" in line:
            b = _CMD_BAUD.search(line)
            if b:
                if self.baud is None:
                    self.baud = int(b.group(1))
                if len(self.attempts) < 20 and _CMD_LINE.search(line):
                    p = _CMD_PORT.search(line)
                    self.attempts.append([lineno, int(b.group(1)), False, p.group(1).upper() if p else None])
        if self.attempts and _WROTE_ALL.search(line):
            self.attempts[-1][2] = True
        if self.attempts and self.attempts[-1][3] is None and "Serial port " in line:
            p = _SERIAL_PORT.match(line.strip())
            if p:
                self.attempts[-1][3] = p.group(1).upper()
        if ("write_flash" in line or "write-flash" in line) and len(self.cmd_writes) < 20:
            for w in _CMD_WRITE.finditer(line[line.find("write"):][:2000]):
                a = w.group("addr")
                self.cmd_writes.append((int(a, 16) if a.startswith("0x") else int(a), w.group("file"), lineno, line.strip()[:500]))
        if "invalid header" in line or "flash read err, 1000" in line:
            self.boot_header_err = True
        if not self.app_log and ("][" in line or " (" in line) and _APP_LOG.match(line):
            self.app_log = True
        if ("\\" in line or "/" in line) and " " in line:
            self.path_lines.append(line[:2000])
            if len(self.path_lines) > 40:
                self.path_lines.pop(0)
        super().feed(lineno, line)
        if "}" in line and self.manifest_chip:
            self.manifest_path = self.manifest_off = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None and row.benign and ("Bailing out" in line or "continuing without it" in line):
            self.psram_tolerated = True  # (reviewfix s25) CONFIG_SPIRAM_IGNORE_NOTFOUND's lines: read in finish
        if g.get("baud"):
            self.baud = int(g["baud"])
        if g.get("esp_port"):
            # a port scan (no --port: one "Serial port X" per candidate) names no single port
            self.esp_port = g["esp_port"] if getattr(self, "esp_port", g["esp_port"]) == g["esp_port"] else ""
        if g.get("mchip"):
            self.manifest_chip = g["mchip"]
        # (firmware-build s22 review) a part's "path" and "offset" pair within one {...} object, in either order (a pending
        # path or a pending offset waits for the other; feed clears both at the object's "}")
        if (g.get("mpath") is not None or g.get("moff") is not None) and self.manifest_chip:
            if g.get("mpath") is not None:
                self.manifest_path = (g["mpath"], lineno, line)
            if g.get("moff") is not None:
                off = g["moff"].strip('"')
                self.manifest_off = int(off, 16) if off.lower().startswith("0x") else int(off)
            if self.manifest_path is not None and self.manifest_off is not None and len(self.manifest_parts) < 40:
                path, pl, pline = self.manifest_path
                self.manifest_parts.append((self.manifest_chip, path, self.manifest_off, pl, pline))
                self.manifest_path = self.manifest_off = None
        if ev is None:
            return
        if ev["kind"] == "esp_app_output_garbled":
            # (deepen-ser-usb-fw s18) only once, and only after the ROM handed over (`entry 0x...`) with no readable line since
            if any(e["kind"] == "esp_app_output_garbled" for e in self.events if e is not ev) or not any(e["kind"] == "esp_boot_entry" for e in self.events):
                self.events.remove(ev)
                return
            # (firmware-build s22) the hand-over's chip (ESP8266's "~ld"): its ROM prints at 115200 x crystal / 40 (74880 on 26 MHz)
            chip = next((e.get("chip") for e in reversed(self.events) if e["kind"] == "esp_boot_entry" and e.get("chip")), None)
            if chip:
                ev["chip"] = chip
            return
        if "chip2" in ev:
            ev["chip"] = ev.pop("chip2")
        for k in ("text2", "text3"):
            if k in ev:
                ev["text"] = ev.pop(k)
        if ev["kind"] == "esp_chip":
            ev["chip"] = next((g[k] for k in ("chip", "chip2", "chip3", "chip4") if g.get(k)), None)
            for k in ("chip2", "chip3", "chip4"):
                ev.pop(k, None)
        elif ev["kind"] == "esp_crystal":
            chips = [e.get("chip") for e in self.events if e["kind"] == "esp_chip" and e.get("chip")]
            if chips:
                ev["chip"] = chips[-1]
        elif ev["kind"] == "esp_connect_failed":
            # one failure can print twice (the FatalError and a wrapper's copy): keep the first
            earlier = [e for e in self.events if e is not ev and e["kind"] == "esp_connect_failed"]
            if earlier and earlier[0].get("reason") == "code":
                # (audit s11) espflash's code line came first: the cause line under it says which error it was
                self.events.remove(earlier[0])
            elif earlier:
                self.events.remove(ev)
                return
            text = ev.pop("text", None) or ""
            if getattr(self, "esp_port", None):
                ev.setdefault("port", self.esp_port)  # (deepen-boot006 s19) the "Serial port X" line above it
            ev.setdefault("chip", "ESP chip")  # espflash and esptool-ck do not name it
            if "reason" not in ev:
                ev["reason"] = "other"
                for reason, rx in _REASONS:
                    r = rx.search(text)
                    if r:
                        ev["reason"] = reason
                        v = r.groupdict().get("v")
                        if v:
                            b = _byte(v)
                            if b is not None:
                                ev["value"] = f"0x{b:02X}"
                                if reason == "invalid_head":
                                    ev["printable"] = 0x20 <= b < 0x7F or b in (9, 10, 13)
                        break
        elif ev["kind"] == "esp_link_failed":
            t = ev.pop("text", None) or ""
            v = _REASONS[1][1].search(t if t.startswith(("Invalid head", "No serial", "Timed out", "Serial data", "Packet content"))
                                      else "Invalid head of packet (" + t + ")")
            b = _byte(v.group("v")) if v else None
            if b is not None:
                ev["value"] = f"0x{b:02X}"
                ev["printable"] = 0x20 <= b < 0x7F or b in (9, 10, 13)
        elif ev["kind"] == "esp_flash_unverified":
            ev.pop("text", None)

    def finish(self) -> dict[str, Any]:
        # (reviewfix s25) a build that tolerates a missing PSRAM said so (CONFIG_SPIRAM_IGNORE_NOTFOUND: "Bailing out",
        # "continuing without it"): its PSRAM lines are not a failed start, the app boots on without it
        if getattr(self, "psram_tolerated", False):
            self.events[:] = [e for e in self.events if not (e["kind"] == "esp_build_board_mismatch" and e.get("what") == "PSRAM")]
        # (audit s11) espflash's code connection_failed with no cause line in this block ("Serial port not found" went to the
        # serial table, or the paste stops at the code): read as no answer, marked so a rule can see the port did not open
        for e in self.events:
            if e["kind"] == "esp_connect_failed" and e.get("reason") == "code":
                e["reason"], e["code_only"] = "no_data", True
            elif e["kind"] == "image_missing" and (split_path_fragment(e.get("name"))
                                                  or split_path_shown(e.get("name"), self.path_lines)):
                # (fw-tool s23) the image path is a folder cut at a space (_common.SPLIT_PATH_FRAGMENT), or (review) it
                # and a space begin a longer path the text shows (a project folder "ESP32 Wifi Controller"): the
                # wrapper's command line was split, nothing is missing (platformio/platform-espressif32#118)
                e["reason"] = "path_split"
        self._baud_retry()
        for ev in self.events:
            if ev["kind"] == "esp_link_failed" and self.baud and not ev.get("retry_ok_baud"):
                ev["baud"] = self.baud  # the rate the link ran at when the reply broke
            elif ev["kind"] == "esp_connect_failed" and self.baud and self.baud < 115200:
                # (esp-wrappers s12) esptool connects at min(115200, --baud) (2.x-5.x __init__.py initial_baud): a lower
                # --baud is the rate the SYNC itself ran at
                ev["baud"] = self.baud
        # (micropython-circuitpy s11) the ROM's boot-header error: a boot loop repeats it (keep the first); when a later
        # reset of the same paste reached "entry 0x..." the second-stage bootloader was found after all (a power-on
        # glitch, esp-idf#3735): no failure then
        bad = [e for e in self.events if e["kind"] == "esp_boot_header_invalid"]
        entries = [e for e in self.events if e["kind"] == "esp_boot_entry"]
        roms = [e for e in self.events if e["kind"] == "esp_rom_boot"]
        # (esp-rp-serial s20) a brownout loop prints the detector's line (and the ROM's brownout reset) every boot: keep the first
        bods = [e for e in self.events if e["kind"] == "esp_brownout"]
        if len(bods) > 1:
            # one boot prints the detector's line and then the ROM's brownout reset: count boots by one of the two (review s20)
            detector = [e for e in bods if e.get("reason") != "rom_reset"]
            bods[0]["repeats"] = len(detector) or len(bods)
        if bad and (roms or any(e.get("reason") == "rom_reset" for e in bods)):
            bad[0]["rom_boot"] = True  # a boot log of the chip's ROM, not two loose lines
        # (fw-tool s23) the first word the ROM read at the bootloader offset: four equal bytes (0xffffffff erased, 0x00000000,
        # a stuck line such as 0x15151515) say the flash is blank or was not read; distinct bytes are some other image's data
        # (an app or a merged image written at the wrong offset: Fr4nkFletcher/ESP32-Marauder-Cheap-Yellow-Display#149,
        # "invalid header: 0x53004d41" after writing the app at 0x0), which names the cause without the ROM's reset line
        # (review s23) only the ROM's own line (_ROM_HEADER_LINE) in a text where no application logged (_APP_LOG); at most two
        # 0xff bytes (0xffffff3f is a near-erased word, not data); not a known file's magic read as a word (a raw ELF
        # 0x464c457f, a UF2 block 0x0a324655, a web page's "<..." markup): another kind of mistake, left unjudged here
        value = str(bad[0].get("value") or "").lower() if bad else ""
        words = [value[i:i + 2] for i in range(2, 10, 2)]
        if (re.fullmatch(r"0x[0-9a-f]{8}", value) and len(set(words)) > 1 and words.count("ff") <= 2
                and value not in ("0x464c457f", "0x0a324655") and not (words[3] == "3c" and all(0x20 < int(b, 16) < 0x7f for b in words[:3]))
                and not self.app_log and _ROM_HEADER_LINE.match(str(bad[0].get("line") or "").strip())):
            bad[0]["foreign_header"] = True
        if bad:
            first = bad[0]
            first["repeats"] = len(bad)
            if any(x["lineno"] > first["lineno"] for x in entries):
                first.pop("fail", None)
                first["recovered"] = True
        # (esp-espressif s12) an app image at the bootloader offset: once per boot, and not when a later boot of the paste
        # reached its entry point
        apps = [e for e in self.events if e["kind"] == "esp_boot_app_at_bootloader"]
        if apps and any(x["lineno"] > apps[-1]["lineno"] for x in entries):
            apps[0].pop("fail", None)
            apps[0]["recovered"] = True
        # (byid-fw-boot s16) the lowest image went to 0x1000, the ESP32/ESP32-S2 bootloader offset, on a chip whose ROM reads
        # its bootloader elsewhere (0x0 on S3/C2/C3/C6/H2, 0x2000 on C5/P4): the bootloader, or a merged image, lies 4 KiB off
        # and the ROM finds no header ("invalid header: 0xffffffff"). SO "ESP32-S3-WROOM-1 + Micropython" (write_flash -z
        # 0x1000 GENERIC_S3.bin), SolaxModbusGateway#91 (bootloader at 0x1000 on a Feather ESP32-S3)
        offset = next((o for o in (_boot_offset(e.get("chip")) for e in self.events if e["kind"] == "esp_chip") if o), None)
        writes = [e for e in self.events if e["kind"] == "flash_written" and e.get("addr")]
        if offset and writes:
            low = min(writes, key=lambda e: int(e["addr"], 16))
            if int(low["addr"], 16) == 0x1000 and offset[1] != 0x1000:
                self.event("esp_write_boot_offset", low["lineno"], low["line"], fail=True, chip=offset[0],
                           at="0x1000", expected=f"{offset[1]:#x}")
        # (firmware-build s22) an ESP Web Tools manifest puts a part named as the bootloader at another offset than its
        # chipFamily's ROM reads it from: 0x1000 (4096) on an S3/C2/C3/C6/H2 (0x0) or C5/P4 (0x2000), 0x0 on an ESP32/ESP32-S2
        # (0x1000): the installer writes it there, and the ROM loops on "invalid header" / "flash read err, 1000"
        # (PlummersSoftwareLLC/NightDriverStrip#274: esp32_s3_bootloader.bin at 4096)
        for chip, path, off, pl, pline in self.manifest_parts:
            if not re.search(r"(?i)boot_?loader", path.rsplit("/", 1)[-1]) or re.search(r"(?i)boot_app0", path):
                continue
            known = _boot_offset(chip)
            expected = known[1] if known else (0x1000 if re.fullmatch(r"(?i)esp32(?:-?s2)?", chip) else None)
            # (firmware-build s22 review) a bootloader above its chip's offset (0x1000 / 0x2000 on a chip that reads it at 0x0)
            # is the fault; at 0x0 on an ESP32/S2 it is usually a merged image (bootloader + table + app, WLED's
            # esp32_bootloader_v4.bin), right there: only with the ROM's missing-header loop in the text
            if expected is not None and (off > expected or (off < expected and self.boot_header_err)):
                self.event("esp_manifest_boot_offset", pl, pline, fail=True, chip=chip, at=f"{off:#x}", expected=f"{expected:#x}",
                           file=path.rsplit("/", 1)[-1])
                break
        # (deepen-ser-usb-fw s18) MicroPython's ESP32 and ESP32-S2 downloads (esp32-20220117-v1.18.bin, esp32spiram-...,
        # ESP32_GENERIC-20240602-v1.23.0.bin, ESP32_GENERIC_S2-...) are bootloader + table + app to be written at 0x1000, the
        # ROM's bootloader offset on those chips (micropython.org/download: "esptool.py --chip esp32 ... write_flash -z 0x1000");
        # written at 0x0 the ROM finds nothing at 0x1000 ("flash read err, 1000": yaleman.org, MicroPython forum t=3945,
        # micropython#3642, wled#441). Not on a chip that boots from 0x0 (an S3/C3 gets esp_write_boot_offset above), and
        # not other projects' factory images, which are built for 0x0 (ESPHome, Tasmota, CircuitPython)
        chips = [e.get("chip") for e in self.events if e["kind"] == "esp_chip"]
        if not any(_boot_offset(c) or "8266" in str(c) for c in chips):
            for addr, file, lineno, line in self.cmd_writes:
                if addr == 0 and _MPY_ESP32_IMAGE.search(file):
                    self.event("esp_image_offset_wrong", lineno, line, fail=True, at="0x0", expected="0x1000", file=file.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
                    break
        # an app slot that failed while a later one loaded: the bootloader fell back and the chip booted
        last_loaded = max((e["lineno"] for e in self.events if e["kind"] == "esp_app_loaded"), default=-1)
        for e in self.events:
            if e["kind"] in ("esp_app_missing", "esp_no_bootable_app") and last_loaded > e["lineno"]:
                e.pop("fail", None)
                e["recovered"] = e["benign"] = True  # benign: the failure scan's copy of the line is overcome too
        # (devboards s21) a boot from flash in this block (the ROM's SPI boot line, or its handover "entry 0x..."): kept as one
        # event for derive.esp_download_boot_held, which reads a ROM download boot against every text of the snapshot
        # (stuck-boot s22) and the ESP8266 ROM's line in boot mode 3 (from flash: the only mode esp_rom_boot takes for it)
        flash_boot = [e for e in roms if ("rst:0x" in str(e.get("line") or "") or e.get("chip") == "esp8266")
                      and "DOWNLOAD" not in str(e.get("line") or "")] + entries
        if flash_boot:
            # (stuck-boot s22 review) the LAST boot from flash of the block: a normal boot, a download boot (BOOT held), then a
            # normal boot again is download mode entered on purpose and left; the first would read as a boot before a stuck one
            last_boot = max(flash_boot, key=lambda e: e["lineno"])
            self.event("esp_flash_boot", last_boot["lineno"], last_boot["line"])
        # the ROM and entry lines only informed the above; a boot loop's repeats keep their first. One pass over the
        # events (a list.remove per event made a long boot loop quadratic: 4.7 s of 7.4 s on 20,000 boots)
        drop = {id(e) for e in (*roms, *bad[1:], *apps[1:], *entries, *bods[1:])}
        if drop:
            self.events = [e for e in self.events if id(e) not in drop]
        return super().finish()

    def _baud_retry(self) -> None:
        """(other-tools s25) Several esptool commands of one paste that differ in --baud: an attempt that failed to connect
        or lost the link, and a later or earlier one at another rate that wrote the image to its end. The link (the
        USB-serial bridge, the cable, the ESP's own UART) carries one rate and not the other (SER007): esptool#19, an
        ESP8266 'Failed to connect' at --baud 115200 and written at --baud 9600. Marks the failed attempt's event with
        its own baud and the rate that worked."""
        if len(self.attempts) < 2:
            return
        bounds = [a[0] for a in self.attempts[1:]] + [None]
        for (start, baud, wrote, port), end in zip(self.attempts, bounds):
            if wrote or port is None:
                continue
            # a failed connect counts when its SYNC ran at this --baud: esptool 2.x-5.x syncs at min(115200, --baud) and
            # changes rate after, esptool.py 1.x ("Exception: Failed to connect") synced at --baud itself. (review s25) Not
            # a connect that got no byte at all ("No serial data received": nothing answered, at any rate) or a ROM that
            # said it was not in download mode ("Wrong boot mode detected"): those are the reset/boot mode, and a later
            # attempt may have worked because the button was held by hand
            bad = next((e for e in self.events if e["lineno"] > start and (end is None or e["lineno"] < end)
                        and (e["kind"] == "esp_link_failed" or (e["kind"] == "esp_connect_failed"
                                                                 and e.get("reason") != "boot_mode"
                                                                 and "No serial data received" not in e["line"]
                                                                 and (baud <= 115200 or e["line"].startswith("Exception:"))))), None)
            if bad is None:
                continue
            # (review s25) the same port (another port is another adapter or board), and a slower rate that worked: a
            # link that fails at a rate and carries a faster one says nothing about the rate
            good = next((b for (_, b, w, p) in self.attempts if w and b < baud and p == port), None)
            if good is not None:
                bad["baud"], bad["retry_ok_baud"] = baud, good

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if kinds & {"flash_verified", "flash_done", "flash_written"} else {}


# (byid-fw-boot s16) esptool targets/*.py BOOTLOADER_FLASH_OFFSET by chip (ESP32 and ESP32-S2: 0x1000, not listed: the
# offset a 0x1000 write is right for); the chip names as esptool prints them ("Chip is ESP32-S3 (QFN56)", "Chip type:
# esp32c3", "Connected to ESP32-C6 on ...")
# (firmware-build s22 review) esptool @bb72741 targets/esp32s31.py: 0x2000, before the esp32s3 prefix it starts with;
# esp32e22.py: 0x0 (esp32h21 inherits esp32h2's 0x0)
_BOOT_OFFSETS = (("esp32s31", 0x2000), ("esp32e22", 0x0), ("esp32s3", 0x0), ("esp32c61", 0x0), ("esp32c6", 0x0), ("esp32c5", 0x2000), ("esp32c3", 0x0), ("esp32c2", 0x0),
                 ("esp32h2", 0x0), ("esp32h4", 0x2000), ("esp32p4", 0x2000))


def _boot_offset(chip: Any) -> tuple[str, int] | None:
    """(chip, bootloader offset) for a chip whose ROM does not read its bootloader at 0x1000, else None."""
    name = re.sub(r"[^a-z0-9]", "", str(chip or "").lower())
    for prefix, off in _BOOT_OFFSETS:
        if name.startswith(prefix):
            return str(chip), off
    return None


# (cnc-laser s12) esptool 3.x-5.x esptool/__init__.py get_default_connected_device(): with no --port it tries every serial
# port in turn ("Serial port X", "Connecting...") and prints "<port> failed to connect: <error>" for each one that had no
# chip in download mode; a port it could not even open gives pyserial's words after the colon (the serial table's row).
# When a later port of the same paste then connects ("Chip is ..."), the failed ones were other devices' ports (FluidNC
# #643: the Mac's /dev/cu.wlan-debug "Resource busy", then /dev/cu.usbserial-0001 connected and the install ran): those
# lines are not the run's failure. With no chip found after them they stay what they say (win-esptool-com17: the one
# port held by another program).
_SCAN_FAILED = re.compile(r"^(?:COM\d+|/dev/\S+) failed to connect: ")


def settle_port_scan(out: dict[str, Any]) -> None:
    """Mark the per-port failures of esptool's port scan that a later connection in the same text made moot."""
    runs = (out.get("flash") or {}).get("runs") or []
    chips = [e.get("lineno") or 0 for run in runs if run.get("tool") == "esptool" for e in run.get("events") or []
             if e.get("kind") == "esp_chip"]
    if not chips:
        return
    last = max(chips)
    for ns in ("flash", "serial"):
        for run in (out.get(ns) or {}).get("runs") or []:
            moved = False
            for ev in run.get("events") or []:
                if ev.get("fail") and (ev.get("lineno") or 0) < last and _SCAN_FAILED.match(ev.get("line") or ""):
                    overcome_event(ev, "port_scan_skipped")
                    moved = True
            if moved:
                clear_run_failure(run)
    # the failure scan's copies of those lines (a repeated scan line is one event, many lines)
    mark_overcome(out, ((r.get("source"), r.get("lineno")) for r in (out.get("text") or {}).get("failures") or []
                        if (r.get("lineno") or 0) < last and _SCAN_FAILED.match(r.get("line") or "")))


# (desktop-os-forms s17) the esptool replies that need the port open: the chip was asked and answered wrongly or not at all
_OPENED = ("no_data", "invalid_head", "no_sync", "stream_stopped", "boot_mode")


def settle_retried_open(out: dict[str, Any]) -> None:
    """Mark a busy or refused open of a port moot when a later attempt of the same text opened that port and talked to
    the chip: the holder was gone by then, and the later failure is the one that counts.

    (desktop-os-forms s17) esphome-flasher's GUI prints one "Unexpected error: <err>" per click, each click its own open
    (esphomeflasher/gui.py run(), common.py detect_chip): esphome-flasher#46 showed `could not open port 'COM17':
    PermissionError(13, 'Zugriff verweigert', ...)` and, on the next try, `ESP Chip Auto-Detection failed: ... Timed out
    waiting for packet header`; the BOOT button fixed it. A port still held refuses every later open, so a later SYNC
    timeout on it means the refusal was a moment's holder (a monitor or the flasher's own log view closed since). An
    attempt that names another port (esptool's port scan) says nothing about this one."""
    talked = [(e.get("source"), e.get("lineno") or 0, e.get("port"))
              for run in (out.get("flash") or {}).get("runs") or [] if run.get("tool") == "esptool"
              for e in run.get("events") or []
              if (e.get("kind") == "esp_connect_failed" and e.get("reason") in _OPENED and not e.get("code_only"))
              or e.get("kind") in ("esp_chip", "esp_link_failed")]
    if not talked:
        return
    moot: set[tuple[Any, int]] = set()
    for run in (out.get("serial") or {}).get("runs") or []:
        for ev in run.get("events") or []:
            if ev.get("kind") != "serial_port_busy" or not ev.get("fail"):
                continue
            port, n = ev.get("port"), ev.get("lineno") or 0
            if any(src == ev.get("source") and ln > n and (not p or not port or p == port) for src, ln, p in talked):
                overcome_event(ev, "port_busy_retried")
                moot.add((ev.get("source"), n))
        if moot:
            clear_run_failure(run)
    mark_overcome(out, moot)

