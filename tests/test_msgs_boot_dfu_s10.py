"""boot-dfu, session 10: the board not in its bootloader across loaders that have no BOOT0 step (Arduino's DFU boards
via their dfu-util, the STM32duino/Maple window, Teensy HalfKay, the Adafruit nRF52 serial DFU), and tool timeouts kept
apart from link faults (teensy_loader_cli before 2.3 on a Teensy 4.x/MicroMod). Texts are real pastes (sources in
comments); a few variants change one field to show the signal decides."""

from __future__ import annotations

from textkit import events, facts, findings as found, serious as errors


def ids(text: str) -> list[str]:
    return [f.id for f in found(text)]


# --- dfu-util in run-time mode: SET_INTERFACE on the application's DFU run-time interface --------------------------------

# forum.arduino.cc/t/uno-r4-minima-upload-error/1269620 (double reset, then the upload worked)
R4_RUNTIME = """
dfu-util 0.11-arduino4
Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to dfu-util / Tickets
dfu-util: Failed to retrieve language identifiers
dfu-util: Failed to retrieve language identifiers
Opening DFU capable USB device...
Device ID 2341:0069
Run-Time device DFU version 0101
Claiming USB DFU (Run-Time) Interface...
Setting Alternate Interface zero...
dfu-util: Cannot set alternate interface zero: LIBUSB_ERROR_OTHER
dfu-util: Cannot set alternate interface zero: LIBUSB_ERROR_OTHER
"""


def test_runtime_alt_failed_row() -> None:
    kinds = [e["kind"] for e in events(R4_RUNTIME, "dfu")]
    assert "runtime_alt_failed" in kinds
    ev = next(e for e in events(R4_RUNTIME, "dfu") if e["kind"] == "runtime_alt_failed")
    assert ev["text"] == "LIBUSB_ERROR_OTHER" and ev.get("fail")


def test_runtime_alt_failed_is_boot001() -> None:
    assert ids(R4_RUNTIME)[0] == "BOOT001"


# --- Arduino's dfu-util (or the IDE's exit status 74) found no board: double reset, not BOOT0 ------------------------------

# jh4vaj.com/archives/39710 (UNO R4 Minima: a double tap of reset, 'Santiago DFU', the upload worked)
R4_EXIT74 = """
No DFU capable USB device available
Failed uploading: uploading error: exit status 74
"""

# community.platformio.org/t/giga-dfu-issues/41982 (GIGA R1, PlatformIO with Arduino's dfu-util 0.11-arduino4)
GIGA_PIO = """
Forcing reset using 1200bps open/close on port COM3
Waiting for the new upload port...
Uploading .pio\\build\\giga_r1_m7\\firmware.bin
dfu-util 0.11-arduino4

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

No DFU capable USB device available
*** [upload] Error 74
"""

# forum.arduino.cc/t/cannot-upload-sketch-on-arduino-giga-r1-wifi/1190886 (German IDE: the verdict is localised)
GIGA_DE = """
dfu-util 0.10-dev

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2021 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to dfu-util / Tickets

Warning: Invalid DFU suffix signature
A valid DFU suffix will be required in a future dfu-util release
No DFU capable USB device available
Fehlgeschlagenes Hochladen: Hochladefehler: exit status 74
"""

# github.com/platformio/platform-ststm32/issues/794 (Nicla Vision; nothing in the text names Arduino's dfu-util)
BARE_PIO = """
dfu-util: No DFU capable USB device available
*** [upload] Error 74
"""


def test_arduino_ide_exit_74_no_device_is_boot001() -> None:
    assert ids(R4_EXIT74)[0] == "BOOT001"


def test_arduino_dfu_util_version_no_device_is_boot001() -> None:
    assert ids(GIGA_PIO)[0] == "BOOT001"


def test_localised_arduino_verdict_is_boot001() -> None:
    assert ids(GIGA_DE)[0] == "BOOT001"


def test_bare_no_device_stays_boot0() -> None:
    got = ids(BARE_PIO)
    assert got[0] == "BOOT003" and "BOOT001" not in got


def test_arduino_no_device_with_an_open_failure_is_not_boot001() -> None:
    # the bootloader was there but could not be opened: access, not entry (USB004 is the cause)
    text = GIGA_PIO.replace("No DFU capable USB device available",
                            "dfu-util: Cannot open DFU device 2341:0366 found on devnum 21 (LIBUSB_ERROR_ACCESS)\n"
                            "dfu-util: No DFU capable USB device available")
    assert ids(text)[0] == "USB004"


# --- an open that failed and was overcome (the same device opened, the download started) -----------------------------------

# github.com/platformio/platform-ststm32/issues/511 (Portenta H7 in boot mode, "it works perfectly")
PORTENTA_OK = """
dfu-util 0.9

Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2020 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/

Invalid DFU suffix signature
A valid DFU suffix will be required in a future dfu-util release!!!
Cannot open DFU device 2341:035b
Opening DFU capable USB device...
ID 2341:035b
Run-time device DFU version 011a
Claiming USB DFU Interface...
Setting Alternate Setting #0 ...
Determining device status: state = dfuIDLE, status = 0
dfuIDLE, continuing
DFU mode device DFU version 011a
Device returned transfer size 4096
DfuSe interface name: "Internal Flash   "
Downloading to address = 0x08040000, size = 114704
Download        [=========================] 100%       114704 bytes
"""


def test_open_failure_overcome_is_not_a_failure() -> None:
    ev = [e for e in events(PORTENTA_OK, "dfu") if e["line"].startswith("Cannot open DFU device")]
    assert ev and ev[0]["kind"] == "dfu_open_other" and ev[0].get("retried") and not ev[0].get("fail")
    assert errors(PORTENTA_OK) == []


def test_open_failure_without_a_download_is_still_usb004() -> None:
    text = PORTENTA_OK.split("Opening DFU capable USB device...")[0]
    assert ids(text)[0] == "USB004"


# --- STM32duino / Maple: the sketch (1eaf:0004) runs, the bootloader's DFU window passed ----------------------------------

# github.com/rogerclarkmelbourne/STM32duino-bootloader/issues/117
MAPLE_DMESG = """
[25760.232130] usb 2-2: new full-speed USB device number 7 using xhci_hcd
[25760.385437] usb 2-2: New USB device found, idVendor=1eaf, idProduct=0004, bcdDevice= 2.00
[25760.385444] usb 2-2: New USB device strings: Mfr=1, Product=2, SerialNumber=0
[25760.385447] usb 2-2: Product: Maple
[25760.385449] usb 2-2: Manufacturer: LeafLabs
[25760.424009] cdc_acm 2-2:1.0: ttyACM0: USB ACM device
"""
MAPLE_LIST = """
dfu-util --list
dfu-util 0.9
Copyright 2005-2009 Weston Schmidt, Harald Welte and OpenMoko Inc.
Copyright 2010-2016 Tormod Volden and Stefan Schmidt
This program is Free Software and has ABSOLUTELY NO WARRANTY
Please report bugs to http://sourceforge.net/p/dfu-util/tickets/
"""


def test_maple_sketch_running_and_no_dfu_is_boot001() -> None:
    assert ids(MAPLE_DMESG + MAPLE_LIST)[0] == "BOOT001"


def test_maple_bootloader_last_on_the_bus_is_not_the_window() -> None:
    # 1eaf:0004 then 1eaf:0003 (perpetual bootloader): the DFU device is there, the window rule stays out
    later = MAPLE_DMESG + """
[25790.100000] usb 2-2: USB disconnect, device number 7
[25790.400000] usb 2-2: new full-speed USB device number 8 using xhci_hcd
[25790.550000] usb 2-2: New USB device found, idVendor=1eaf, idProduct=0003, bcdDevice= 2.01
[25790.550004] usb 2-2: Product: Maple 003
"""
    got = found(later + MAPLE_LIST)
    assert not any(f.id == "BOOT001" and "1eaf:0004" in f.message for f in got)


# --- teensy_loader_cli: what the Teensy's flash and the failing block say ---------------------------------------------------

# github.com/PaulStoffregen/teensy_loader_cli/issues/73 (MicroMod, 2.2: the 0.5 s timeout on early blocks; 2.3 waits 45 s)
MICROMOD = """
Teensy Loader, Command Line, Version 2.2
Read "GEVCU7.hex": 272384 bytes, 1.6% usage
Error opening USB device: No error
Waiting for Teensy device...
(hint: press the reset button)
Found HalfKay Bootloader
Read "GEVCU7.hex": 272384 bytes, 1.6% usage
Programming...error writing to Teensy
"""

# a variant on an AVR Teensy (32 KB of flash; the write line is the parser's real example): PJRC's answer to it (forum
# thread 65929, a Teensy++ 2.0) is the USB link or the board's power
TEENSY2PP = """
Teensy Loader, Command Line, Version 2.1
Read "kinesis.hex": 30976 bytes, 24.3% usage
Found HalfKay Bootloader
Programming.error writing to Teensy
"""


def test_teensy_flash_size_and_block_attrs() -> None:
    ev = events(MICROMOD, "flash")
    read = next(e for e in ev if e["kind"] == "image_read")
    assert read["flash_size"] > 15_000_000
    fail = next(e for e in ev if e["kind"] == "write_failed")
    assert fail["block"] == 3


def test_teensy4_early_block_timeout_old_loader_is_gen001() -> None:
    got = ids(MICROMOD)
    assert got[0] == "GEN001" and "USB003" not in got


def test_teensy4_with_loader_23_is_the_link_again() -> None:
    assert ids(MICROMOD.replace("Version 2.2", "Version 2.3"))[0] == "USB003"


def test_teensy4_late_block_is_the_link() -> None:
    text = MICROMOD.replace("Programming...error", "Programming" + "." * 40 + "error")
    assert ids(text)[0] == "USB003"


def test_avr_teensy_write_error_stays_usb003() -> None:
    assert ids(TEENSY2PP)[0] == "USB003"


# github.com/PaulStoffregen/teensy_loader_cli/issues/40 (uploads only when the button is pressed)
TEENSY_WAITING = """
>teensy_loader_cli.exe --mcu=mk66fx1m0 -v -w teensy_firmware_update.ino.hex
Teensy Loader, Command Line, Version 2.1
Read "teensy_firmware_update.ino.hex": 12672 bytes, 1.2% usage
Waiting for Teensy device...
 (hint: press the reset button)
"""


def test_teensy_waiting_alone_is_boot001_warning() -> None:
    got = found(TEENSY_WAITING)
    assert got and got[0].id == "BOOT001" and got[0].severity == "warning"


def test_teensy_waiting_then_found_is_healthy() -> None:
    text = TEENSY_WAITING + 'Found HalfKay Bootloader\nRead "teensy_firmware_update.ino.hex": 12672 bytes, 1.2% usage\nProgramming.....\nBooting\n'
    assert errors(text) == []


# --- adafruit-nrfutil: a start packet that timed out although the device sent bytes ----------------------------------------

# github.com/adafruit/Adafruit_nRF52_nrfutil/issues/34 (ACK_PACKET_TIMEOUT raised to 2.0 s: reliable)
NRF_SLOW = """
Upgrading target on com7 with DFU package C:\\temp\\nrf52840-mdk\\uf2_bootloader-0.2.13-44-gb2b4284-nosd.hex.zip. Flow control is disabled, Single bank, Touch disabled
Opened serial port com7
Starting DFU upgrade of type 2, SoftDevice size: 0, bootloader size: 30336, application size: 0
Sending DFU start packet
Timed out waiting for acknowledgement from device.
Sending DFU init packet

Failed to upgrade target. Error is: Attempting to use a port that is not open
"""

# github.com/adafruit/Adafruit_nRF52_nrfutil/issues/13 shape: nothing came back to the start packet
NRF_SILENT = """
Upgrading target on /dev/ttyACM0 with DFU package /tmp/arduino_build_772392/blinky.ino.zip. Flow control is disabled, Single bank, Touch disabled
Timed out waiting for acknowledgement from device.

Failed to upgrade target. Error is: No data received on serial port. Not able to proceed.
"""


def test_nrfutil_answered_start_timeout_is_not_boot001() -> None:
    ev = next(e for e in events(NRF_SLOW, "flash") if e["kind"] == "dfu_no_ack")
    assert ev["state"] == "start" and ev.get("answered")
    got = ids(NRF_SLOW)
    assert "BOOT001" not in got and got[0] == "GEN001"


def test_nrfutil_silent_start_timeout_stays_boot001() -> None:
    ev = next(e for e in events(NRF_SILENT, "flash") if e["kind"] == "dfu_no_ack")
    assert not ev.get("answered")
    assert ids(NRF_SILENT)[0] == "BOOT001"


# forum.pjrc.com/threads/66942 (Teensy 4.0, Ubuntu, PJRC's blink_slow_Teensy40.hex: it works when the button is pushed)
TEENSY_SOFT = """
mike@ubuntu:~/Downloads/teensy_loader_cli-master$ teensy_loader_cli --mcu=TEENSY40 blink_slow_Teensy40.hex -vs
Teensy Loader, Command Line, Version 2.2
Read "blink_slow_Teensy40.hex": 12132 bytes, 0.6% usage
Error opening USB device: No error
Waiting for Teensy device...
 (hint: press the reset button)
"""


def test_teensy_soft_reboot_found_no_usb_serial_is_boot001() -> None:
    got = found(TEENSY_SOFT)
    assert got[0].id == "BOOT001" and got[0].confidence >= 0.6 and "USB Serial" in got[0].message
