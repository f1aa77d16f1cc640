"""(firmware-build s22) Families the first-contact threads of the firmware-build round (FW001-FW005) showed:

- ESP-IDF's crystal warning with equal numbers ("(40MHz). Detected 40 MHz.", esp-idf#1129): no mismatch, nothing failed;
- QMK Toolbox's refusal of a .hex for a dfu-util bootloader in the 0.0.x-0.1.x form ("  ! " before the line) and pasted
  without its closing "!" -> FW002 (the file was built for another, AVR, board);
- Nordic's secure DFU extended errors (pc-nrfutil dfu_transport.py EXT_ERROR_CODE, quoted by nRF Connect): SoftDevice
  mismatch -> FW001, hardware version -> FW002, no room -> FW004;
- QMK `make <keyboard>:<keymap>` with no rule for the target: the keyboard is not in this checkout -> FW005;
- st-flash `write <file>.elf <addr>`: the ELF written as raw bytes -> FW005 (not when the run failed before writing);
- a 26 MHz crystal measured on an ESP32/ESP32-C2 and a garbled console after the flash -> FW003 (never on an ESP8266);
- an ESP Web Tools manifest placing the bootloader at another offset than its chipFamily's ROM reads it from -> FW001;
- the ESP8266 boot log (ROM loader lines, eboot's "~ld") then garbage: the ESP8266 form of SER007, naming the crystal.

Texts marked "from the source's format" are written from the tools' sources, the others are lines of real threads."""

from __future__ import annotations

from pathlib import Path

from textkit import events, facts, findings, first, serious


def test_crystal_warning_with_equal_numbers_is_healthy() -> None:
    # espressif/esp-idf#1129
    assert findings("W (71) rtc_clk: Possibly invalid CONFIG_ESP32_XTAL_FREQ setting (40MHz). Detected 40 MHz.\n") == []
    # the mismatch itself stays FW003 (espressif/esp-idf#1117)
    assert first("W (51) rtc_clk: Possibly invalid CONFIG_ESP32_XTAL_FREQ setting (40MHz). Detected 26 MHz.\n") == "FW003"


def test_toolbox_hex_refusal_in_old_and_trimmed_forms() -> None:
    # qmk/qmk_firmware#6634 (Toolbox 0.0.x printed errors after "  ! ")
    assert first("! Only firmware files in .bin format can be flashed with dfu-util!\n") == "FW002"
    assert first("  ! Only firmware files in .bin format can be flashed with dfu-util!\n") == "FW002"
    # qmk/qmk_toolbox#372 (pasted without the closing "!")
    assert first("Only firmware files in .bin format can be flashed with dfu-util\n") == "FW002"
    # from the source's format: Wb32DfuDevice.cs
    assert first("Only firmware files in .bin or .hex format can be flashed with wb32-dfu-updater_cli!\n") == "FW002"


def test_nordic_extended_errors() -> None:
    # Matheus-Garbelini/sweyntooth_bluetooth_low_energy_attacks#3 (nRF Connect Programmer)
    text = ("DFU failed: Error message for known extended error code from DFU target: The array of supported SoftDevices for the "
            "update does not contain the FWID of the current SoftDevice.\n16:58:27.693\tDevice not found due to failure during DFU\n")
    assert first(text) == "FW001"
    # from the source's format: pc-nrfutil dfu_transport_serial.py "Extended Error 0x{:02X}: {}"
    assert first("pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x07: The array of supported SoftDevices for the "
                 "update does not contain the FWID of the current SoftDevice.\n") == "FW001"
    assert first("pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x06: The hardware version of the device does not "
                 "match the required hardware version for the update.\n") == "FW002"
    assert first("pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x0D: The available space on the device is "
                 "insufficient to hold the firmware.\n") == "FW004"


def test_qmk_target_without_a_rule_is_a_keyboard_missing_from_the_checkout() -> None:
    # mattdibi/yampad#9
    assert first("make yampad:default\nmake: *** No rule to make target 'yampad:default'.  Stop.\n") == "FW005"
    # from the source's format: a keyboard with a revision and the :flash target
    assert first("make: *** No rule to make target 'handwired/foo/rev2:via:flash'.  Stop.\n") == "FW005"
    # (review s22) another make's target with a colon, with no QMK in sight, is not a QMK keyboard (from the source's format)
    kinds = [e.get("what") for e in events("cc -c foo.c\nmake: *** No rule to make target 'install:local'.  Stop.\n", "flash")]
    assert "keyboard" not in kinds
    assert "FW005" not in serious("cc -c foo.c\nmake: *** No rule to make target 'install:local'.  Stop.\n")
    # ... nor a sentence quoting make's refusal; the typed command in a prompt is QMK's context
    assert "FW005" not in serious("I tried make planck/rev6:default and it printed make: *** No rule to make target 'planck/rev6:default'.  Stop.\n")
    assert first("~/qmk_firmware$ make planck/rev6:default\nmake: *** No rule to make target 'planck/rev6:default'.  Stop.\n") == "FW005"


def test_st_flash_given_an_elf() -> None:
    # stlink-org/stlink#203 (the two error lines joined by the paste)
    text = ("$ ./st-flash write v1 project.elf 0x08000000\n"
            "2013-12-30T19:28:23 INFO src/stlink-common.c: Loading device parameters....\n"
            "2013-12-30T19:28:23 INFO src/stlink-common.c: Attempting to write 717947 (0xaf47b) bytes to stm32 address: 134217728 (0x8000000)\n"
            "2013-12-30T19:28:23 ERROR src/stlink-common.c: addr too high stlink_fwrite_flash() == -1\n")
    assert first(text) == "FW005"
    # the .bin of the same build: the size refusal alone is FW004 (from the source's format)
    text_bin = text.replace("project.elf", "project.bin")
    assert first(text_bin) == "FW004"
    # (review s22) a question naming the command is no run of it; a prompt with sudo is, and so is a sentence with st-flash's output
    assert "FW005" not in serious("Should I use st-flash write main.elf 0x8000000 or the bin? I'm not sure st-flash takes elf.\n")
    assert first("pi@raspberrypi:~ $ sudo st-flash write main.elf 0x8000000\n") == "FW005"
    assert first("I ran st-flash write main.elf 0x8000000 and got:\nst-flash 1.7.0\n"
                 "2020-01-01T10:00:00 INFO common.c: Flash written and verified! jolly good!\n") == "FW005"
    # from the source's format: no probe at all: that comes first, not the file
    assert first("$ st-flash write build/app.elf 0x8000000\nst-flash 1.7.0\n"
                 "2020-01-01T10:00:00 WARN usb.c: Couldn't find any ST-Link devices\n") == "SWD001"


def test_26_mhz_crystal_and_garbage_on_an_esp32_family_chip() -> None:
    # esp-rs/espflash#526 (ESP32-C2 26 MHz board)
    text = (Path(__file__).parent / "data" / "firmwarebuild_s22_espflash526.txt").read_text(encoding="utf-8")
    assert first(text) == "FW003"
    # from the source's format: an ESP8266's 26 MHz crystal is the one its builds assume
    assert "FW003" not in serious(text.replace("Chip type:         esp32c2 (revision v1.0)", "Chip is ESP8266EX"))
    # a 40 MHz chip with the same garbage stays a monitor-rate question
    assert first(text.replace("26MHz", "40MHz")) != "FW003"


def test_web_installer_manifest_bootloader_offset() -> None:
    # PlummersSoftwareLLC/NightDriverStrip#274
    manifest = ('{\n  "builds": [\n    {\n      "chipFamily": "ESP32-S3",\n      "parts": [\n'
                '        { "path": "../bootloader/esp32_s3_bootloader.bin", "offset": 4096  },\n'
                '        { "path": "../firmware/project/partitions.bin", "offset": 32768 },\n'
                '        { "path": "../firmware/project/firmware.bin", "offset": 65536 }\n      ]\n    }\n  ]\n}\n')
    assert first("invalid header: 0xffffffff\n\n" + manifest) == "FW001"
    # from the source's format: the classic ESP32 reads it at 4096, and the S3 at 0 on separate lines
    assert "FW001" not in serious(manifest.replace('"ESP32-S3"', '"ESP32"'))
    split = manifest.replace('{ "path": "../bootloader/esp32_s3_bootloader.bin", "offset": 4096  },',
                             '{\n          "path": "../bootloader/esp32_s3_bootloader.bin",\n          "offset": 0\n        },')
    assert "FW001" not in serious(split)
    assert first(split.replace('"offset": 0\n', '"offset": 4096\n')) == "FW001"
    # (review s22) "offset" before "path": each offset pairs with the path of its own object (from the source's format)
    offfirst = ('{\n  "builds": [\n    {\n      "chipFamily": "ESP32-S3",\n      "parts": [\n'
                '        {\n          "offset": 0,\n          "path": "bootloader.bin"\n        },\n'
                '        {\n          "offset": 32768,\n          "path": "partitions.bin"\n        },\n'
                '        {\n          "offset": 65536,\n          "path": "firmware.bin"\n        }\n      ]\n    }\n  ]\n}\n')
    assert "FW001" not in serious(offfirst)
    assert first(offfirst.replace('"offset": 0,', '"offset": 4096,')) == "FW001"
    # (review s22) WLED's installer: a merged esp32_bootloader_v4.bin at 0 on a classic ESP32 is right; only the ROM's
    # missing-header loop beside it makes 0 a wrong offset there
    wled = ('{\n  "name": "WLED",\n  "builds": [\n    {\n      "chipFamily": "ESP32",\n      "parts": [\n'
            '        { "path": "esp32_bootloader_v4.bin", "offset": 0 },\n'
            '        { "path": "WLED_0.15.0_ESP32.bin", "offset": 65536 }\n      ]\n    }\n  ]\n}\n')
    assert "FW001" not in serious(wled)
    assert first("flash read err, 1000\n" + wled) == "FW001"
    # (review s22) a JSON log line's "path" is no manifest part and no esptool line (openlinkhub#267 stays the HID open failure)
    line = ('{"error":{},"level":"error","message":"Unable to open HID device","path":"/dev/hidraw4","productId":11015,'
            '"timestamp":"2025-11-27T10:08:47+01:00","vendorId":6940}\n')
    assert [r.get("tool") for r in facts(line)["flash"]["runs"]] == ["openlinkhub"]
    assert findings(line)[0].id == "USB004" and findings(line)[0].severity == "error"


def test_esp8266_boot_log_then_garbage() -> None:
    # arendst/Tasmota#816 (a blank line after the ROM's reset line, then eboot's "~ld" and the application's garbage)
    text = (" ets Jan  8 2013,rst cause:2, boot mode:(3,7)\n\nload 0x4010f000, len 1384, room 16 \ntail 8\nchksum 0x2d\ncsum 0x2d\n"
            "v09826c6d\n~ld\n\ufffd,5\ufffd!{x\ufffd.\n7\ufffd*\ufffd(\ufffd)\ufffd9H\ufffd\n")
    found = findings(text)
    # Tasmota#816's own answer was a 40 MHz crystal (FW003), but the paste does not show the rate the monitor read the boot
    # log at, which is what separates it from a monitor at another rate (SER007, the corpus majority): both must be offered,
    # with the crystal named in the first one's question. Not a pin on SER007 as the goal
    assert {f.id for f in found[:2]} == {"SER007", "FW003"} and "40 MHz" in (found[0].ask or "")


def test_dfu_util_given_an_elf() -> None:
    # from the source's format: dfu-util 0.11 DfuSe download of an .elf (written as raw bytes)
    text = ("$ dfu-util -a 0 -s 0x08000000:leave -D build/blinky.elf\ndfu-util 0.11\nOpening DFU capable USB device...\n"
            "Device ID 0483:df11\nDevice DFU version 011a\nClaiming USB DFU Interface...\nSetting Alternate Interface #0 ...\n"
            "Determining device status...\nDFU state(2) = dfuIDLE, status(0) = No error condition is present\n"
            "DFU mode device DFU version 011a\nDevice returned transfer size 1024\nDfuSe interface name: \"Internal Flash  \"\n"
            "Downloading element to address = 0x08000000, size = 181244\n"
            "Erase           [=========================] 100%       181244 bytes\nErase    done.\n"
            "Download        [=========================] 100%       181244 bytes\nDownload done.\nFile downloaded successfully\n"
            "Submitting leave request...\nTransitioning to dfuMANIFEST state\n")
    assert first(text) == "FW005"
    assert serious(text.replace("blinky.elf", "blinky.bin")) == []
    # no device: that comes first, not the file
    assert first("$ dfu-util -a 0 -s 0x08000000:leave -D build/blinky.elf\ndfu-util 0.11\n"
                 "dfu-util: No DFU capable USB device available\n") != "FW005"


def test_crystal_reading_yields_to_a_monitor_at_another_rate() -> None:
    # (review s22) from the source's format: pyserial's miniterm banner names the rate; at 9600 the garbage is the monitor's
    text = ("Chip is ESP32-D0WDQ6 (revision 1)\nCrystal is 26MHz\nHash of data verified.\nLeaving...\nHard resetting via RTS pin...\n"
            "--- Miniterm on /dev/ttyUSB0  9600,8,N,1 ---\nets Jun  8 2016 00:22:57\n"
            "rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nentry 0x400806b0\n\ufffdx\ufffd\ufffdx\ufffdx\ufffd\ufffd\n")
    assert first(text) == "SER007"
    assert first(text.replace("9600,8", "115200,8")) == "FW003"


def test_new_forms_carry_their_own_fix() -> None:
    # (review s22) each new form names its own fix, not the entry's Klipper one, and plans no Klipper action
    texts = {
        "FW002": "pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x06: The hardware version of the device does not "
                 "match the required hardware version for the update.\n",
        "FW004": "pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x0D: The available space on the device is "
                 "insufficient to hold the firmware.\n",
        "FW003": (Path(__file__).parent / "data" / "firmwarebuild_s22_espflash526.txt").read_text(encoding="utf-8"),
        "FW005": "$ st-flash write build/app.elf 0x8000000\nst-flash 1.7.0\n"
                 "2020-01-01T10:00:00 INFO common.c: Flash written and verified! jolly good!\n",
        "FW005 qmk": "make yampad:default\nmake: *** No rule to make target 'yampad:default'.  Stop.\n",
    }
    for key, text in texts.items():
        f = findings(text)[0]
        assert f.id == key.split()[0], key
        fix = (f.remediation.get("text", "") + " ".join(f.remediation.get("commands", []))).lower()
        assert fix and "klipper" not in fix and "make menuconfig" not in fix, key
        assert f.actions == [], key


def test_boot_offsets_follow_esptool_targets() -> None:
    # esptool @bb72741 targets/esp32s31.py BOOTLOADER_FLASH_OFFSET = 0x2000: not the esp32s3 prefix's 0x0
    from doctor.parsers.esptool import _boot_offset
    assert _boot_offset("ESP32-S31") == ("ESP32-S31", 0x2000)
    assert _boot_offset("ESP32-S3 (QFN56)") == ("ESP32-S3 (QFN56)", 0x0)
