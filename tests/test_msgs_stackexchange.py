"""stackexchange, session 9: what Q&A threads paste about boards that will not enumerate, open or flash.

- avrdude's ser_open() text quoted without its "avrdude: ser_open(): " prefix, in a rendered page's quotes;
  a pyserial PermissionError naming 'dev/ttyACM0' without its slash (serial_errors.py)
- VS Code's Serial Monitor "Fail to open the serial port" (errno hidden, several resolved causes: GEN001)
- macOS kextd refusing a USB-serial driver (serial_driver_not_loaded)
- the Arduino Serial Monitor's rows of undecodable bytes at the wrong baud rate (serial_monitor.py, SER007)
- the hub driver's enumeration failures quoted in a post's prose (kernel_log.py)
- a USB-serial bridge or CDC-ACM board that enumerates but gets no driver and no tty (derive.serial_bridge_no_tty)

Texts are real pastes (sources in the comments) or the tools' own wordings."""

from __future__ import annotations

from typing import Any

from doctor import engine
from doctor.derive import derive
from doctor.parsers import serial_errors
from textkit import events as _events, facts, serious


def events(text: str, ns: str = "serial") -> list[dict[str, Any]]:
    return _events(text, ns)


def ids(text: str) -> list[str]:
    return serious(text)


# --- serial_errors.py ---------------------------------------------------------------------------------------------

def test_bare_ser_open_text_with_page_quotes_is_serial_permission_denied() -> None:
    # notes.georgboe.com (Fedora): the avrdude message as a blog renders it, GNU-style `...' quotes (the reader folds
    # the page's curly ones to these)
    assert ids("can't open device `/dev/ttyUSB0': Permission denied")[:1] == ["SER004"]
    # the same on Windows: a COM port quoted without the prefix is another program holding it
    assert ids('can\'t open device "\\\\.\\COM4": Access is denied.')[:1] == ["SER003"]


def test_quoted_tty_without_its_slash_still_names_the_port() -> None:
    # duinocoin.de: PermissionError: [Errno 13] Permission denied: 'dev/ttyACM0'
    kind, attrs = serial_errors.classify("PermissionError: [Errno 13] Permission denied: 'dev/ttyACM0'") or ("", {})
    assert kind == "serial_permission_denied" and attrs["port"] == "dev/ttyACM0"
    assert ids("PermissionError: [Errno 13] Permission denied: 'dev/ttyACM0'")[:1] == ["SER004"]
    # a relative path that is no tty is no serial event
    assert serial_errors.classify("PermissionError: [Errno 13] Permission denied: 'dev/null'") is None


def test_vscode_serial_monitor_open_failure_is_read_and_quoted() -> None:
    # vscode-serial-monitor#41 (dialout), #32 (extension bug, its path HTML-escaped: the reader decodes &#x2F;), vscode-arduino#1635
    # (port kept open): no single cause
    for line, port in (("Fail to open the serial port /dev/ttyUSB0.", "/dev/ttyUSB0"),
                       ("**** Failed to open the serial port COM7 ****", "COM7"),
                       ("**** Failed to open the serial port /dev/ttyUSB0. ****", "/dev/ttyUSB0")):
        evs = [e for e in events(line) if e["kind"] == "serial_open_failed"]
        assert evs and evs[0]["port"] == port and evs[0].get("via") == "vscode-serial-monitor", line
        assert ids(line)[:1] == ["GEN001"], line


def test_macos_kext_refusals_are_read_and_quoted() -> None:
    # qiita stastaka (OS X Yosemite, FTDI VCP driver 2.2.18)
    text = "ERROR: invalid signature for com.FTDI.driver.FTDIUSBSerialDriver, will not load"
    evs = events(text)
    assert [e["kind"] for e in evs] == ["serial_driver_not_loaded"]
    assert evs[0]["kext"] == "com.FTDI.driver.FTDIUSBSerialDriver"
    found = engine.evaluate(facts(text))
    assert found[0].id == "GEN001" and "com.FTDI.driver.FTDIUSBSerialDriver" in found[0].message
    rejected = ('kextd[94]: Kext rejected due to system policy: <OSKext 0x7f9b4e5b5d80 [0x7fff8e3c2c60]> '
                '{ URL = "file:///Library/Extensions/usbserial.kext/", ID = "com.wch.usbserial" }')
    assert [e.get("kext") for e in events(rejected)] == ["com.wch.usbserial"]
    # another driver's refusal is not about a serial bridge
    assert not events("ERROR: invalid signature for com.example.driver.Foo, will not load")


# --- serial_monitor.py -------------------------------------------------------------------------------------------

def test_reversed_question_marks_at_the_wrong_baud_rate_are_ser007() -> None:
    # arduino12/rdm6300#1: the example prints at 115200, the monitor was at another rate
    assert ids("only strange characters appear on my serial monitor (like this: $\u2e2e\u2e2e\u2e2e\u2e2e).")[:1] == ["SER007"]
    assert ids("\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\n\u2e2e\u2e2e\u2e2e\u2e2e")[:1] == ["SER007"]


def test_latin1_garbage_of_an_old_monitor_is_ser007_but_accented_prose_is_not() -> None:
    # arduino.stackexchange 30593: Serial.println("Wait...!") read at another rate by IDE 1.x
    assert ids("\u00f6\u2019\u00f6\u2019\u0192\u00d5\u2022\u00ac\u0192 \u0301\u00bd\u00d5\u0192\u00f6\"\u0192\u0032\u0192\u0192\u0192\u00ac\u2018")[:1] == ["SER007"]
    assert "SER007" not in ids("Fehler beim \u00d6ffnen der Datei \u00bb/dev/ttyACM0\u00ab: Eingabe-/Ausgabefehler")
    assert "SER007" not in ids("R\u00e9sum\u00e9: la carte \u00e9tait d\u00e9j\u00e0 reli\u00e9e, \u00e7a marche tr\u00e8s bien")


def test_replacement_characters_of_ide2_with_time_stamps_are_ser007() -> None:
    # MCUdude/MiniCore#313: an internal-8 MHz ATmega328P read at another rate, IDE 2.x time stamps on
    text = "23:32:20.581 -> I\ufffd\ufffdi\ufffd5\ufffd\ufffd\u06f1\ufffdW5\n23:32:22.490 -> \ufffd\ufffd\ufffd\ufffdW5\ufffdI[\ufffd\ufffdW5"
    assert ids(text)[:1] == ["SER007"]
    # a localized Windows error mis-decoded inside an English exception is no monitor garbage (boardor.com, CH340 3.9)
    mojibake = ("A serial exception error occurred: Cannot configure port, something went wrong. Original message: "
                "PermissionError(13, '\ufffd\ufffd\ufffd\ufffd\u03f5\u0373\ufffd\u03f5\ufffd\ufffd\u8c78\u00fb\ufffd\u0437\ufffd\ufffd\ufffd\ufffd\u00e1\ufffd', None, 31)")
    assert "SER007" not in ids(mojibake)


def test_boot_garbage_followed_by_readable_output_is_no_baud_mismatch() -> None:
    # an ESP8266's ROM prints at 74880 baud: one garbled line at reset, then the sketch's clean output
    text = "\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\u2e2e\nConnecting to WiFi network\nConnected, IP address: 192.168.1.5"
    assert "SER007" not in ids(text)


# --- kernel_log.py -----------------------------------------------------------------------------------------------

def test_hub_failures_quoted_in_prose_are_kernel_events() -> None:
    # stm32-rs/stm32f4xx-hal#326: 'In Linux, it says "device not responding to setup address" and "device not
    # accepting address 4, error -71".'
    text = 'In Linux, it says "device not responding to setup address" and "device not accepting address 4, error -71".'
    kinds = [e["kind"] for e in facts(text).get("kernel", {}).get("events", [])]
    assert "usb_address_error" in kinds
    assert ids(text)[:1] == ["USB002"]
    assert ids("my board shows device descriptor read/64, error -71 every time")[:1] == ["USB002"]


# --- derive.serial_bridge_no_tty -----------------------------------------------------------------------------------

# gumstix/linux#4: an Overo kernel built without cdc_acm
NO_DRIVER = """
[ 2243.645111] usb 1-2.4: new full-speed USB device number 6 using ehci-omap
[ 2243.777465] usb 1-2.4: New USB device found, idVendor=2341, idProduct=0010
[ 2243.784942] usb 1-2.4: New USB device strings: Mfr=1, Product=2, SerialNumber=220
[ 2243.792968] usb 1-2.4: Product: Arduino Mega 2560
[ 2243.798065] usb 1-2.4: Manufacturer: Arduino (www.arduino.cc)
[ 2243.804199] usb 1-2.4: SerialNumber: A4830363438351314041
"""


def test_a_serial_board_without_a_driver_is_quoted() -> None:
    f = facts(NO_DRIVER)
    got = derive(f)["serial_bridge_no_tty"]
    assert [(g["vid"], g["pid"], g["port"]) for g in got] == [("2341", "0010", "1-2.4")]
    found = engine.evaluate(f)
    assert found[0].id == "GEN001" and "no driver bound it" in found[0].message


def test_a_serial_board_with_its_tty_or_its_driver_loading_is_fine() -> None:
    healthy = NO_DRIVER + "[ 2243.900000] cdc_acm 1-2.4:1.0: ttyACM0: USB ACM device\n"
    assert derive(facts(healthy))["serial_bridge_no_tty"] == []
    assert ids(healthy) == []
    # askubuntu 1044237 (an answer's reference paste, cut while the usbserial drivers register)
    cut = """
usb 2-1.2: new full-speed USB device number 8 using ehci-pci
usb 2-1.2: New USB device found, idVendor=1a86, idProduct=7523
usb 2-1.2: New USB device strings: Mfr=0, Product=2, SerialNumber=0
usb 2-1.2: Product: USB2.0-Serial
usbcore: registered new interface driver usbserial
usbcore: registered new interface driver usbserial_generic
"""
    assert derive(facts(cut))["serial_bridge_no_tty"] == []
    # a device without a tty by design (the RP2040's BOOTSEL drive) is not judged
    bootsel = NO_DRIVER.replace("idVendor=2341, idProduct=0010", "idVendor=2e8a, idProduct=0003")
    assert derive(facts(bootsel))["serial_bridge_no_tty"] == []
