"""Source audit, session 18: avrdude 6.3-8.1 (the 7.1-7.3 and 8.x message prefixes: "avrdude error:", "avrdude func() OS
error:" with -v, "Error:" / "Error func() file.c N:" with -vv), dfu-util 0.9-0.11, dfu-programmer 0.7-1.1 and stm32flash
0.4-0.7. Each family the audit fixed is checked on a short text in the tool's own format (the source's format filled in)."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

CMD = "avrdude -c arduino -p m328p -P /dev/ttyUSB0 -U flash:w:Blink.ino.hex:i"


# --- avrdude 7.1-7.3 with -v: ser_open()'s pmsg_ext_error is "OS error" -------------------------------------------------

@pytest.mark.parametrize("reason,fid", [
    ("Permission denied", "SER004"),
    ("Device or resource busy", "SER003"),
    ("No such file or directory", "SER005"),
])
def test_ser_open_os_error_with_function(reason: str, fid: str) -> None:
    text = f"{CMD}\navrdude ser_open() OS error: cannot open port /dev/ttyUSB0: {reason}\n" \
           "avrdude main() error: unable to open port /dev/ttyUSB0 for programmer arduino"
    assert first(text) == fid


# --- avrdude 8.x with -vv: "Error func() file.c N: text" is read with its function ---------------------------------------

def test_vv_form_read_with_its_function() -> None:
    text = "avrdude -c avr109 -p m32u4 -P /dev/ttyACM0 -U flash:w:kb.hex:i\nError butterfly_initialize() butterfly.c 198: connection failed"
    assert "bootloader_wrong_protocol" in kinds(text, "avrdude")
    assert first(text) == "BOOT008"
    text = "avrdude -c stk500v2 -p m2560 -P /dev/ttyUSB0 -U flash:w:kb.hex:i\n" \
           "Error stk500v2_getsync() stk500v2.c 766: timeout communicating with programmer"
    ev = [e for e in events(text, "avrdude") if e["kind"] == "programmer_not_responding"]
    assert ev and ev[0]["line"].startswith("Error stk500v2_getsync()")  # the line as pasted is what is quoted


# --- 7.1-7.3 without -v, 8.x without -vv: the message has no function; -c names whose it is -----------------------------

def test_not_responding_without_function_is_the_programmers_protocol() -> None:
    text = f"{CMD}\navrdude error: programmer is not responding"
    assert events(text, "avrdude")[0]["func"] == "stk500_recv"
    assert first(text) == "SER007"  # as 6.3's "stk500_recv(): programmer is not responding" without -b
    text = "avrdude -c urclock -p m328p -P /dev/ttyUSB0 -U flash:w:Blink.ino.hex:i\n" \
           "avrdude urclock_recv() warning: programmer is not responding; try -xstrict and/or vary -xdelay=100"
    assert first(text) == "SER007"


@pytest.mark.parametrize("line,fid", [
    ("avrdude error: connection failed", "BOOT008"),
    ("avrdude error: No USB HID devices found", "USB004"),
    ("avrdude error: no matching device found", "USB004"),
])
def test_7x_errors_without_function(line: str, fid: str) -> None:
    text = f"avrdude -c avr109 -p m32u4 -P /dev/ttyACM0 -U flash:w:kb.hex:i\n{line}" if fid == "BOOT008" else \
        f"avrdude -c atmelice_updi -p avr128db28 -U flash:w:kb.hex:i\n{line}"
    assert first(text) == fid


# --- dfu.c (-c flip1 / flip2): the Atmel DFU bootloader not on the bus, or not openable -----------------------------------

@pytest.mark.parametrize("text", [
    "avrdude -c flip1 -p m32u4 -U flash:w:kb.hex:i\navrdude: Error: No matching USB device found\navrdude: initialization failed, rc=-1",
    "avrdude -c flip1 -p m32u4 -U flash:w:kb.hex:i\nError: no matching USB device found\nError: initialization failed  (rc = -1)",
])
def test_flip_no_matching_device(text: str) -> None:
    ev = [e for e in events(text, "avrdude") if e["kind"] == "usb_programmer_not_found"]
    assert ev and (ev[0]["vid"], ev[0]["pid"]) == ("03eb", "2ff4")
    assert serious(text) == ["USB004"]  # not AVR005's "the target does not answer"


def test_flip_usb_open_permission() -> None:
    assert first("avrdude -c flip1 -p m32u4 -U flash:w:kb.hex:i\navrdude: Error: USB device at 001:012: Permission denied") == "USB004"


# --- stm32flash 0.4-0.7 ---------------------------------------------------------------------------------------------------

BANNER = "stm32flash 0.7\n\nhttp://stm32flash.sourceforge.net/\n\n"


def test_stm32flash_port_locked_missing_or_usb() -> None:
    # (a Pi's own /dev/ttyAMA0 busy is SER006's serial console; a USB adapter's port is another program's)
    assert first(BANNER + "Error: /dev/ttyUSB0 is already open\nFailed to open port: /dev/ttyUSB0") == "SER003"
    assert first(BANNER + "File not found: COM5\nFailed to open port: COM5") == "SER005"
    assert first(BANNER + 'Cannot handle device "0483:df11"\nFailed to open port: 0483:df11') == "BOOT006"


def test_stm32flash_failure_on_the_progress_line() -> None:
    text = BANNER + "Interface serial_posix: 57600 8E1\nDevice ID    : 0x0410 (STM32F10xxx Medium-density)\nWrite to memory\n" \
        "Wrote address 0x08000100 (0.80%) Failed to write memory at address 0x08000100"
    assert "write_failed" in [e["kind"] for e in events(text, "flash", "stm32flash")]


# --- 7.0-8.x main.c's open line after a failed sync is no port that failed to open ------------------------------------------

@pytest.mark.parametrize("timeouts,last", [
    ("avrdude: stk500v2_ReceiveMessage(): timeout\navrdude: stk500v2_getsync(): timeout communicating with programmer", ""),
    ("Error: timeout\nError: timeout communicating with programmer", "Error: unable to open port /dev/ttyACM0 for programmer wiring"),
    ("avrdude stk500v2_ReceiveMessage() error: timeout\navrdude stk500v2_getsync() error: timeout communicating with programmer",
     "avrdude main() error: unable to open port /dev/ttyACM0 for programmer wiring"),
])
def test_open_line_after_failed_sync(timeouts: str, last: str) -> None:
    text = f"avrdude -c wiring -p m2560 -P /dev/ttyACM0 -b 115200 -D -U flash:w:Marlin.hex:i\n{timeouts}\n{last}".strip()
    assert first(text) == "BOOT001"  # 6.3, 7.x and 8.x alike
    opened = [e for e in events(text, "avrdude") if e["kind"] == "serial_open_failed"]
    assert all(e.get("after_sync") for e in opened)


def test_open_line_after_an_os_error_is_the_ports() -> None:
    text = f"{CMD}\nOS error: cannot open port /dev/ttyUSB0: Permission denied\nError: unable to open port /dev/ttyUSB0 for programmer arduino"
    assert not any(e.get("after_sync") for e in events(text, "avrdude"))
    assert first(text) == "SER004"


# --- smaller wordings ------------------------------------------------------------------------------------------------------

def test_edbg_port_name_is_not_silent() -> None:
    text = 'avrdude -c xplainedmini -p m328pb -P /dev/ttyACM0\navrdude: jtag3_open_common(): JTAGICE3/EDBG port names must start with "usb"'
    assert "usage_error" in kinds(text, "avrdude")
    assert first(text) == "GEN001"


def test_dfu_util_claim_not_supported_dash_form() -> None:
    text = "dfu-util 0.11\n\nOpening DFU capable USB device...\nID 0483:df11\nClaiming USB DFU Interface...\n" \
           "dfu-util: Cannot claim interface - LIBUSB_ERROR_NOT_SUPPORTED"
    assert first(text) == "USB004"


def test_64_hidapi_capitalised_and_reselecting_benign() -> None:
    assert first("avrdude -c atmelice_isp -p m328p -U flash:w:kb.hex:i\navrdude: usbhid_open(): No matching device found") == "USB004"
    assert first("avrdude -c atmelice_isp -p m328p -U flash:w:kb.hex:i\navrdude: usbhid_open(): Found device, but hid_open_path() failed") == "USB004"
    text = f"{CMD}\navrdude: ser_drain(): programmer is not responding, reselecting\navrdude: AVR device initialized and ready to accept instructions"
    assert serious(text) == []
