"""Source-coverage audit, session 8: avrdude (5.11.1, 6.3, 6.4, 7.0-7.3, 8.0, 8.1), dfu-programmer (0.5.4-1.1.0) and
BOSSA's bossac (1.3a-arduino to 1.9.1). Every message these print that no row read before and that bears on connecting or
flashing got a row; the lines below are the sources' formats filled in (marked so in the rows' examples)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from textkit import events, facts, serious


def ids(text: str) -> list[str]:
    return [f.id for f in engine.evaluate(facts(text))]


AVRDUDE_CMD = "avrdude -c stk500v1 -p m328p -P /dev/ttyUSB0 -b 19200 -U flash:w:blink.hex:i"


# --- avrdude ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,kind,attrs", [
    ("avrdude: stk500_program_enable(): failed to enter programming mode", "init_failed", {"via": "stk500 program enable"}),
    ("avrdude stk500_program_enable() error: unable to enter programming mode", "init_failed", {"via": "stk500 program enable"}),
    ("Error: unable to enter programming mode", "init_failed", {"via": "stk500 program enable"}),
    ("Error enabling TPI external programming mode:Target does not reply", "init_failed", {"via": "TPI"}),
    ("avrdude avr_tpi_program_enable() error: target does not reply when enabling TPI external programming mode", "init_failed", {"via": "TPI"}),
    ("Error: unable to switch chip into TPI mode", "init_failed", {"via": "usbtiny TPI"}),
    ("MOSI->MISO check failed (got 0x00 0x00 0x00 0x00)", "init_failed", {"via": "usbtiny TPI"}),
    ("Error: stk500v2_getsync() failed; try -x delay=n with some n in [-80, 100]", "programmer_not_responding", {"func": "stk500v2"}),
    ("Error: timeout communicating with programmer", "programmer_not_responding", {"func": "stk500v2"}),
    ("avrdude stk500v2_getsync() error: unable to communicate with programmer (-4)", "programmer_not_responding", {"code": -4}),
    ("avrdude: failed to sync with the AVR Dragon in ISP mode", "programmer_not_responding", {"func": "stk500v2_jtag_isp"}),
    ("Error: unable to sync with the JTAGICE3 in ISP mode", "programmer_not_responding", {"func": "stk500v2_jtag_isp"}),
    ("Connection FAILED.", "bootloader_wrong_protocol", {}),
    ("avrdude butterfly_initialize() error: connection failed", "bootloader_wrong_protocol", {}),
    ("avrdude usbhid_open() error: No USB HID devices found", "usb_programmer_not_found", {}),
    ("Error: no matching device found", "usb_programmer_not_found", {}),
    ("avrdude: usbdev_open(): error claiming interface 0: Device or resource busy", "usb_claim_failed", {"text": "Device or resource busy"}),
    ("avrdude usbdev_open() error: unable to claim interface 0: LIBUSB_ERROR_BUSY", "usb_claim_failed", {}),
    # a real avrdude 8.x paste (EDBG/UPDI programmer on Linux as a normal user)
    ("avrdude error: unable to claim interface 0: could not claim interface 0: Operation not permitted", "usb_access_denied", {}),
    ("avrdude warning: unable to set configuration 1: could not set config 1: Operation not permitted", "usb_access_denied", {}),
    ('avrdude: ser_open(): can\'t set attributes for device "/dev/ttyS0": Inappropriate ioctl for device', "serial_open_failed",
     {"port": "/dev/ttyS0"}),
    ("OS error: cannot set attributes for port /dev/ttyS4: Inappropriate ioctl for device", "serial_open_failed", {"port": "/dev/ttyS4"}),
    ("*** page 3 (addresses 0x0180 - 0x01ff) failed to write", "byte_write_failed", {}),
    (" *** failed to write page 3 [0x0180, 0x01ff]", "byte_write_failed", {}),
    ('avrdude: AVR Part "atmega328pb" not found.', "usage_error", {"part": "atmega328pb"}),
    ("Error: AVR part m328pbb not found", "usage_error", {"part": "m328pbb"}),
    ("avrdude main() error: no port has been specified on the command line or in the config file", "usage_error", {}),
    ("Error: programmer usbasp and part ATtiny416 have no programming modes in common", "usage_error", {}),
    ("Error: -c usbasp cannot program ATtiny1614 for lack of a common programming mode", "usage_error", {}),
    ("Error: device is locked; chip erase required to unlock", "target_locked", {}),
    ("avrdude serialupdi_initialize() error: unable to enter NVM programming mode: device is locked", "target_locked", {}),
    ("avrdude ser_recv() OS error: unable to read: Device not configured", "serial_io_error", {"text": "Device not configured"}),
    ("OS error: unable to write: Input/output error", "serial_io_error", {}),
    ("Error: unable to read: The I/O operation has been aborted because of either a thread exit or an application request.", "serial_io_error", {}),
    ("Error: cannot initialize the programmer", "tool_error", {}),
])
def test_avrdude_rows(line: str, kind: str, attrs: dict[str, Any]) -> None:
    evs = [e for e in events(AVRDUDE_CMD + "\n" + line, "avrdude") if e["lineno"] == 2]
    assert evs and evs[0]["kind"] == kind, evs
    for key, value in attrs.items():
        assert evs[0].get(key) == value, evs[0]
    assert evs[0].get("fail") is True


@pytest.mark.parametrize("line", [
    'avrdude: WARNING: ignoring mismatch in unused bits of "efuse"',
    "avrdude avr_verify() warning: ignoring mismatch in unused bits of efuse",
    "avrdude usbasp_open() error: found USB device USBasp with old VID/PID; please update firmware of USBasp",
    'avrdude: Warning: Found USB device "USBasp" with old VID/PID! Please update firmware of USBasp!',
])
def test_avrdude_benign_warnings_keep_a_good_run_quiet(line: str) -> None:
    text = "\n".join([
        "avrdude -c usbasp -p m328p -U flash:w:blink.hex:i",
        line,
        "avrdude: AVR device initialized and ready to accept instructions",
        "avrdude: Device signature = 0x1e950f (probably m328p)",
        "avrdude: 924 bytes of flash written",
        "avrdude: 924 bytes of flash verified",
        "avrdude done.  Thank you.",
    ])
    f = facts(text)
    assert not f.get("text", {}).get("failures"), f.get("text")
    assert f["avrdude"]["runs"][0].get("success") is True
    # (thin-mid s15) avrdude 7.x's "ignoring mismatch in unused bits" gets AVR004's note saying why it is harmless; never
    # an error or warning
    assert not [i for i in ids(text) if i not in ("none", "AVR004")]
    assert not serious(text)


def test_avrdude_stk500_program_enable_failure_is_the_target_not_answering() -> None:
    text = "\n".join([AVRDUDE_CMD,
                      "avrdude: stk500_program_enable(): failed to enter programming mode",
                      "avrdude: initialization failed, rc=-1",
                      "         Double check connections and try again, or use -F to override",
                      "         this check."])
    assert ids(text)[0] == "AVR005"


def test_avrdude_wiring_getsync_failure_is_the_mega_bootloader_silent() -> None:
    text = "\n".join(["avrdude -c wiring -p atmega2560 -P /dev/ttyACM0 -b 115200 -D -U flash:w:Marlin.hex:i",
                      "avrdude wiring_open() error: stk500v2_getsync() failed; try -xdelay=n with some n in [-80, 100]"])
    assert ids(text)[0] == "BOOT001"


def test_avrdude_claim_refused_for_permissions_is_usb004() -> None:
    text = "\n".join(["$ avrdude  -p atmega4808 -c xplainedmini_updi -t", "",
                      "avrdude warning: unable to set configuration 1: could not set config 1: Operation not permitted",
                      "avrdude error: unable to claim interface 0: could not claim interface 0: Operation not permitted",
                      "avrdude warning: no usable interface found",
                      "avrdude error: unable to open port usb for programmer xplainedmini_updi"])
    assert ids(text)[0] == "USB004"


def test_avrdude_lone_new_lines_are_not_silent() -> None:
    for line in ("avrdude: usbdev_open(): error claiming interface 0: Device or resource busy",
                 "avrdude serialupdi_initialize() error: unable to enter NVM programming mode: device is locked"):
        assert ids(line), line


# --- dfu-programmer ---------------------------------------------------------------------------------------------------

DFU_CMD = "dfu-programmer atmega32u4 flash planck_rev6_default.hex"


@pytest.mark.parametrize("line,kind", [
    ("The target memory for the program is not blank.", "flash_not_blank"),
    ("Memory did not validate. Did you erase?", "dfu_write_failed"),
    ("Image did not validate.", "dfu_write_failed"),
    ("User flash did not validate. Did you erase first?", "dfu_write_failed"),
    ("Device is write protected.", "dfu_write_failed"),
    ("Device is unresponsive.", "dfu_write_failed"),
    ("Erasing flash...  ERROR", "dfu_write_failed"),
    ("[>>>>>>>>>>                      ]  ERROR", "dfu_write_failed"),
    ("Unknown error.  Try enabling debug.", "dfu_write_failed"),
    ("Unsupported target 'atmega32u4rc'.", "usage_printed"),
])
def test_dfu_programmer_rows(line: str, kind: str) -> None:
    evs = [e for e in events(DFU_CMD + "\n" + line, "dfu") if e["lineno"] == 2]
    assert evs and evs[0]["kind"] == kind and evs[0].get("fail") is True, evs


def test_dfu_programmer_not_blank_is_not_silent() -> None:
    text = "\n".join([DFU_CMD, "The target memory for the program is not blank.", "Use --force flag to override this error check."])
    f = facts(text)
    assert f["dfu"]["runs"][0].get("success") is False
    assert ids(text)


def test_dfu_programmer_chip_already_blank_is_benign() -> None:
    text = "\n".join(["dfu-programmer atmega32u4 erase", "Chip already blank, to force erase use --force.",
                      DFU_CMD, "Checking memory from 0x0 to 0x6FFF...  Empty.", "0%                            100%  Programming 0x5000 bytes...",
                      "[>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>]  Success", "0%                            100%  Reading 0x7000 bytes...",
                      "[>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>]  Success", "Validating...  Success"])
    f = facts(text)
    assert not f.get("text", {}).get("failures"), f.get("text")


# --- bossac -----------------------------------------------------------------------------------------------------------

BOSSAC_CMD = "bossac -i -d --port=ttyACM0 -U true -e -w -v -b out/klipper.bin -R"


@pytest.mark.parametrize("line,kind", [
    ("Cannot clear Boot Flash. No ROM boot option available for this device", "flash_write_failed"),
    ("Unable to open file", "image_unreadable"),
    ("File I/O operation failed", "image_unreadable"),
    ("No such file or directory", "image_unreadable"),
    ("Unhandled exception", "flash_write_failed"),
])
def test_bossac_rows(line: str, kind: str) -> None:
    evs = [e for e in events(BOSSAC_CMD + "\n" + line, "flash") if e["lineno"] == 2]
    assert evs and evs[0]["kind"] == kind and evs[0].get("fail") is True, evs


def test_bossac_missing_image_is_fw005() -> None:
    text = "\n".join([BOSSAC_CMD, "", "No such file or directory"])
    assert ids(text)[0] == "FW005"


def test_bossac_reset_unsupported_after_a_verified_write_stays_a_quoted_failure() -> None:
    # bossac exits 1 on it although the image is written: GEN001 quotes it (as the real case in tests/cases expects)
    text = "\n".join(["bossac -e -w -v -b firmware.bin -R", "Erase flash", "done in 0.812 seconds",
                      "Write 60000 bytes to flash (938 pages)", "[==============================] 100% (938/938 pages)",
                      "done in 8.123 seconds", "Verify 60000 bytes of flash", "[==============================] 100% (938/938 pages)",
                      "Verify successful", "done in 7.331 seconds", "Reset not supported for this CPU."])
    f = facts(text)
    assert [x["line"] for x in f["text"]["failures"]] == ["Reset not supported for this CPU."]
    assert ids(text)[0] == "GEN001"


def test_avrdude_7x_read_error_device_not_configured_is_the_caterina_port_going_away() -> None:
    text = "\n".join(["avrdude -v -p atmega32u4 -c avr109 -P /dev/cu.usbmodem14101 -b 57600 -D -U flash:w:kb.hex:i",
                      "Connecting to programmer: .avrdude ser_recv() OS error: unable to read: Device not configured",
                      "avrdude butterfly_recv() error: programmer is not responding"])
    evs = events(text, "avrdude")
    assert "serial_io_error" in [e["kind"] for e in evs]
    assert ids(text)[0] == "BOOT008"
