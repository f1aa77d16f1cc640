"""spent-c round, session 10: the misses of a spent held-out set fixed as message families.

- QMK Toolbox 0.0.x-0.1.x names the driver Windows bound to a bootloader without checking it; the parser compares it
  with the Toolbox's own PreferredDriver table (windows/QMK Toolbox/Usb/Bootloader/*Device.cs) for the classes whose
  driver is fixed by what the flasher opens: a serial bootloader (Caterina, Atmel SAM-BA, AVRISP) needs usbser for a COM
  port, a HID one (HalfKay, BootloadHID, LUFA HID) HidUsb. A Caterina on libusb0 has no COM port (qmk_toolbox#334): USB004;
- STM32CubeProgrammer's USB DFU interface log (DfuSe set-address / erase commands): "sending a page erase request",
  "erasing sector 0008 @: 0x08100000 done|failed", "an error occured during the flash sector erase"; a refused sector
  erase over the ST ROM DFU is CubeProgrammer's DFU handling (H745 bank 2, fixed by 2.2.1): SWD009; 2.2's wording of the
  libusb failure "libusb control transfer error: -1" is the same event as the later "[-9] : LIBUSB_ERROR_PIPE".
"""

from __future__ import annotations

import pytest

from textkit import events, facts, first, serious

TOOLBOX_HEAD = "*** QMK Toolbox 0.1.1 (https://qmk.fm/toolbox)\n"


# --- QMK Toolbox: a bootloader bound to the wrong driver ------------------------------------------------------------------

@pytest.mark.parametrize("line,driver,preferred", [
    # qmk_toolbox#334 (Windows 10, Toolbox 0.1.1): the Caterina bootloader with libusb0 bound by Zadig
    ("*** Caterina device connected (libusb0): Arduino SA Arduino Micro (2341:0037:0001)", "libusb0", "usbser"),
    ("*** Caterina device connected (WinUSB): SparkFun Pro Micro (1B4F:9205:0001)", "WinUSB", "usbser"),
    ("*** HalfKay device connected (libusbK): PJRC Teensy (16C0:0478:0100)", "libusbK", "HidUsb"),
])
def test_toolbox_driver_mismatch_rows(line: str, driver: str, preferred: str) -> None:
    evs = [e for e in events(TOOLBOX_HEAD + line, "flash") if e["kind"] == "driver_missing"]
    assert evs, events(TOOLBOX_HEAD + line, "flash")
    assert evs[0]["driver"] == driver and evs[0]["preferred"] == preferred
    assert evs[0].get("fail") is True


@pytest.mark.parametrize("line", [
    "*** Caterina device connected (usbser): Arduino LLC (www.arduino.cc) Arduino Micro bootloader (COM4) (2341:0037:0001)",
    "Caterina device connected (usbser): Microsoft Serieel USB-apparaat (COM4) (2341:0036:0001) [COM4]",
    # the composite parent of a running sketch, and DFU classes (their preferred driver changed between releases)
    "*** Caterina device connected (usbccgp): (Standard USB Host Controller) USB Composite Device (2341:8037:0100)",
    "*** Atmel DFU device connected (libusb0): Atmel Corp. ATm32U4DFU (03EB:2FF4:0000)",
    "*** HalfKay device connected (HidUsb): (Standard system devices) USB Input Device (16C0:0478:0100)",
])
def test_toolbox_right_driver_is_no_mismatch(line: str) -> None:
    assert not [e for e in events(TOOLBOX_HEAD + line, "flash") if e["kind"] == "driver_missing"]


def test_toolbox_caterina_on_libusb0_is_usb004() -> None:
    text = (TOOLBOX_HEAD + "*** Caterina device connected (libusb0): Arduino SA Arduino Micro (2341:0037:0001)\n"
            "*** Attempting to flash, please don't remove device\n")
    assert first(text) == "USB004"


# --- STM32CubeProgrammer over USB DFU: the DfuSe erase log ---------------------------------------------------------------

H745 = """11:08:30:432 : sending a page erase request @: 0x08000000
11:08:31:410 : erasing sector 0000 @: 0x08000000 done
11:08:41:626 : sending a page erase request @: 0x08100000
11:13:41:673 : an error occured during the flash sector erase
11:13:41:673 : erasing sector 0008 @: 0x08100000 failed
"""


def test_cubeprog_dfu_erase_rows() -> None:
    f = facts(H745)
    runs = f["stlink"]["runs"]
    assert runs and runs[0]["tool"] == "stm32cubeprogrammer" and runs[0].get("dfu") is True
    evs = [e for e in runs[0]["events"] if e["kind"] == "dfu_erase_failed"]
    assert [e["lineno"] for e in evs] == [4, 5]
    assert evs[1]["sector"] == 8 and evs[1]["address"] == 0x08100000


def test_cubeprog_dfu_erase_failed_is_swd009() -> None:
    assert first(H745) == "SWD009"


def test_cubeprog_dfu_erase_done_is_healthy() -> None:
    # 2.2.1 on the same board: the mass erase of both banks went through (ST community 255371)
    text = """10:39:26 : MASS ERASE ...
10:39:27 : erasing sector 0000 @: 0x08000000 done
10:39:36 : erasing sector 0008 @: 0x08100000 done
10:39:50 : erasing sector 0015 @: 0x081e0000 done
10:39:50 : Mass erase command correctly executed.
"""
    assert not serious(text)


def test_cubeprog_22_libusb_control_transfer_wording() -> None:
    # ST community 315451: STM32CubeProgrammer 2.2.0 on Linux Mint, F405 ROM DFU, erase of sector 0
    text = """      -------------------------------------------------------------------
                        STM32CubeProgrammer v2.2.0
      -------------------------------------------------------------------
USB speed  : Full Speed (12MBit/s)
Manuf. ID  : STMicroelectronics
Product ID : STM32 BOOTLOADER
setting the address pointer to address: 0x08000000
Erase sector(s) ...
sending a clear status request
libusb control transfer error: -1
"""
    evs = [e for e in events(text, "stlink") if e["kind"] == "dfu_transfer_error"]
    assert evs and evs[0]["code"] == -1
    assert first(text) == "SWD009"
