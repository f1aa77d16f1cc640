"""arduino-forum round, session 9: message families read from avrdude's source (5.x-8.x) and the Arduino platform
recipes, checked against real pastes from forum.arduino.cc, MCUdude/SpenceKonde cores and other Arduino threads.

- a board-package placeholder ('{upload.speed}', '{bootloader.unlock_bits}') that reached avrdude unexpanded: the core's
  definition, not the chip, the port or the image (GEN001 with its own message; a tool path placeholder is TOOL001);
- jtagmkII's 'Cannot locate flash and boot memories in description' (every Nano Every / jtag2updi upload, 6.3-arduino to
  8.x wordings) is a harmless warning: a good run stays quiet;
- avrdude typed by hand for a serial bootloader without -b talks at its default 115200 (arduino.c, stk500.c, urclock.c):
  a bootloader at 57600/19200 never syncs (SER007);
- avrdude's STK500 sync failing with macOS 'Device not configured' is a USB-serial adapter's port, not a Caterina window.
"""

from __future__ import annotations

import pytest

from textkit import events, facts, first, serious

IDE_CMD = ("C:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\avrdude\\6.3.0-arduino17/bin/avrdude "
           "-CC:\\Users\\u\\AppData\\Local\\Arduino15\\packages\\megaTinyCore\\hardware\\megaavr\\2.6.1/avrdude.conf "
           "-v -pattiny1616 -carduino -PCOM5 -b{upload.speed} -Uflash:w:Blink.ino.hex:i")


# --- unexpanded board-package properties --------------------------------------------------------------------------------

@pytest.mark.parametrize("line,prop", [
    # avrdude 5.x-7.1 main.c / fileio.c (megaTinyCore#1030, TCWORLD ATTinyCore#31)
    ("avrdude: invalid baud rate specified '{upload.speed}'", "upload.speed"),
    ("avrdude: invalid byte value ({bootloader.unlock_bits}) specified for immediate mode", "bootloader.unlock_bits"),
    ("avrdude: read from file '{bootloader.unlock_bits}' failed", "bootloader.unlock_bits"),
    ('avrdude: reading input file "{bootloader.lock_bits}"', "bootloader.lock_bits"),
    # avrdude 7.2-8.x wordings of the same (pmsg_error; 8.x without the program name)
    ("avrdude error: invalid baud rate {upload.speed} specified: invalid argument", "upload.speed"),
    ("Error: invalid data {bootloader.high_fuses} in immediate mode: not a number", "bootloader.high_fuses"),
])
def test_unexpanded_property_rows(line: str, prop: str) -> None:
    evs = [e for e in events(IDE_CMD + "\n" + line, "avrdude") if e["lineno"] == 2]
    assert evs and evs[0]["kind"] == "unexpanded_property", evs
    assert evs[0]["property"] == prop
    assert evs[0].get("fail") is True


def test_unexpanded_property_is_the_core_not_the_image() -> None:
    # TCWORLD ATTinyCore#31: the chip answered (signature read), then the lock value was the literal placeholder
    text = "\n".join([
        "avrdude: Device signature = 0x1e930b",
        "avrdude: erasing chip",
        'avrdude: reading input file "{bootloader.unlock_bits}"',
        "avrdude: invalid byte value ({bootloader.unlock_bits}) specified for immediate mode",
        "avrdude: read from file '{bootloader.unlock_bits}' failed",
    ])
    assert first(text) == "GEN001"
    assert "FW005" not in serious(text)


def test_unexpanded_baud_placeholder_is_gen001_with_the_property() -> None:
    text = IDE_CMD + "\navrdude: invalid baud rate specified '{upload.speed}'\nAn error occurred while uploading the sketch"
    assert first(text) == "GEN001"


def test_unexpanded_tool_path_in_avrdude_is_a_missing_tool() -> None:
    text = "\n".join([
        "avrdude -C{runtime.tools.avrdude.path}/etc/avrdude.conf -v -patmega328p -carduino -P/dev/ttyUSB0 -b115200 -Uflash:w:b.hex:i",
        'avrdude: can\'t open config file "{runtime.tools.avrdude.path}/etc/avrdude.conf": No such file or directory',
    ])
    assert first(text) == "TOOL001"


def test_ordinary_braces_are_not_a_placeholder() -> None:
    # a path with braces that are not an Arduino recipe property stays an unreadable image
    text = "avrdude -c usbasp -p m328p -U flash:w:{fw}.hex:i\navrdude: read from file '{fw}.hex' failed"
    assert not [e for e in events(text, "avrdude") if e["kind"] == "unexpanded_property"]


# --- jtagmkII 'Cannot locate flash and boot memories' is benign ----------------------------------------------------------

@pytest.mark.parametrize("line", [
    'avrdude: jtagmkII_initialize(): Cannot locate "flash" and "boot" memories in description',  # 6.3.0-arduino, 7.0-7.1
    "avrdude jtagmkII_initialize() error: cannot locate flash or boot memories in description",  # 7.2-7.3
    "Error: cannot locate flash or boot memories in description",  # 8.x
])
def test_cannot_locate_flash_boot_keeps_a_good_every_upload_quiet(line: str) -> None:
    text = "\n".join([
        "avrdude -v -patmega4809 -cjtag2updi -P/dev/ttyACM0 -b115200 -e -D -Uflash:w:Blink.ino.hex:i",
        line,
        "avrdude: AVR device initialized and ready to accept instructions",
        "avrdude: Device signature = 0x1e9651 (probably m4809)",
        "avrdude: 1234 bytes of flash written",
        "avrdude done.  Thank you.",
    ])
    assert not serious(text), serious(text)


def test_cannot_locate_alone_is_not_a_failure() -> None:
    # Thinary Nano Every clone (ThinaryArduino#7): the only avrdude line after a good upload
    assert not serious('avrdude: jtagmkII_initialize(): Cannot locate "flash" and "boot" memories in description')


# --- avrdude typed without -b for a serial bootloader -----------------------------------------------------------------

@pytest.mark.parametrize("cmd,reply", [
    # grbl/grbl#95: a Duemilanove (57600) with -carduino and no -b
    ("avrdude -C/etc/avrdude.conf -pm328p -carduino -P/dev/ttyUSB0 -D -Uflash:w:grbl.hex", "avrdude: stk500_recv(): programmer is not responding"),
    ("avrdude.exe -p atmega328p -c arduino -P COM7 -U flash:w:firmware.hex:i",
     "avrdude.exe: stk500_getsync() attempt 10 of 10: not in sync: resp=0x00"),
    # an ArduinoISP (19200) addressed without -b
    ("avrdude -c stk500v1 -p t85 -P /dev/ttyACM0 -U flash:w:blink.hex:i", "avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x15"),
    # avrdude 8.x urclock wording
    ("avrdude -c urclock -p m328p -P /dev/ttyUSB0 -U flash:w:blink.hex:i", "Warning: attempt 10 of 10: not in sync"),
])
def test_hand_typed_serial_upload_without_baud_is_the_baud(cmd: str, reply: str) -> None:
    assert first(cmd + "\n" + reply) == "SER007"


def test_baud_given_does_not_take_the_default_baud_reading() -> None:
    text = ("avrdude -c arduino -p m328p -P /dev/ttyUSB0 -b 57600 -U flash:w:blink.hex:i\n"
            "avrdude: stk500_recv(): programmer is not responding")
    f = facts(text)
    assert f["avrdude"]["runs"][0].get("baud") == 57600
    # the no -b message is not the one given
    from textkit import findings
    assert not [x for x in findings(text) if "no -b" in (x.message or "")]


# --- macOS 'Device not configured' during an STK500 sync is not a Caterina window ---------------------------------------

def test_device_not_configured_with_stk500_sync_is_not_boot008() -> None:
    # MegaCore#89: an ATmega128 through a CH340 dongle on macOS
    text = "\n".join(["avrdude: stk500_recv(): programmer is not responding",
                      "avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00",
                      "avrdude: ser_recv(): read error: Device not configured"])
    assert first(text) != "BOOT008"
    assert first(text) is not None


def test_device_not_configured_with_butterfly_is_still_boot008() -> None:
    text = "\n".join(["Connecting to programmer: .avrdude: ser_recv(): read error: Device not configured",
                      "avrdude: butterfly_recv(): programmer is not responding"])
    assert first(text) == "BOOT008"


# --- a bare 'stk500_recv(): programmer is not responding' ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "avrdude: stk500_recv(): programmer is not responding",
    "avrdude.exe: stk500_recv(): programmer is not responding\nProblem uploading to board.  See http://www.arduino.cc/en/Guide/Troubleshooting#upload for suggestions.",
])
def test_bare_stk500_recv_is_the_bootloader_not_the_isp_target(text: str) -> None:
    # held-out threads with only this line: a broken bootloader (BOOT001), the ISP programmer's port used for a plain
    # upload (BOOT006), Apple's FTDI driver (GEN001); never the ISP target (AVR005)
    assert first(text) == "BOOT001"


# --- arduino-cli stacks its verdicts: 'Error during Upload: ' + 'Failed uploading: ' + the cause ---------------------------

@pytest.mark.parametrize("line", [
    "Failed uploading: no upload port provided",  # Arduino IDE 2 notification
    "Error during Upload: Failed uploading: no upload port provided",  # arduino-cli 0.3x-1.x (upload.go wraps service_upload.go)
    "Error during Upload: no upload port provided",  # arduino-cli 0.x
])
def test_no_upload_port_in_every_wrapper_wording(line: str) -> None:
    assert [e["kind"] for e in events(line, "flash")] == ["no_upload_port"]


# --- an Arduino-as-ISP programmer answering the first parameter requests out of step --------------------------------------

@pytest.mark.parametrize("lines", [
    # 5.x-7.0 (Arduino#8293, #368, #730)
    ["avrdude: stk500_getparm(): (a) protocol error, expect=0x14, resp=0x14",
     "avrdude: stk500_getparm(): (a) protocol error, expect=0x14, resp=0x01",
     "avrdude: stk500_initialize(): (a) protocol error, expect=0x14, resp=0x10",
     "avrdude: initialization failed, rc=-1"],
    # 7.1-7.3 wording of the same
    ["avrdude stk500_getparm() error: protocol expects sync byte 0x14 but got 0x14",
     "avrdude stk500_initialize() error: protocol expects sync byte 0x14 but got 0x10",
     "avrdude main() error: initialization failed, rc=-1"],
])
def test_init_phase_protocol_errors_are_the_isp_programmer(lines: list[str]) -> None:
    assert first("\n".join(lines)) == "AVR005"


def test_mid_transfer_protocol_error_is_not_the_isp_programmer() -> None:
    text = "\n".join(["avrdude: stk500_paged_write(): (a) protocol error, expect=0x14, resp=0x64",
                      "avrdude: stk500_cmd(): programmer is out of sync"])
    assert first(text) != "AVR005"


# --- pyupdi (the SerialUPDI predecessor): no UPDI reply is the UPDI link to the chip ---------------------------------------

def test_pyupdi_initialisation_failed_is_the_updi_link() -> None:
    text = "\n".join([
        "INFO:phy receive : []",
        "INFO:link UPDI not OK - reinitialisation required",
        "Traceback (most recent call last):",
        '  File "pyupdi.py", line 178, in <module>',
        "    _main()",
        '  File "/home/pi/piupdi/pyupdi/updi/link.py", line 31, in __init__',
        '    raise Exception("UPDI initialisation failed")',
        "Exception: UPDI initialisation failed",
    ])
    assert [e["kind"] for e in events(text, "flash")] == ["target_link_failed"]
    assert first(text) == "AVR005"


def test_pyupdi_reinitialisation_that_then_succeeds_is_quiet() -> None:
    text = "\n".join(["INFO:phy receive : []", "INFO:link UPDI not OK - reinitialisation required",
                      "INFO:phy Sending double break", "INFO:phy receive : [0x40]", "INFO:link UPDI init OK"])
    assert not serious(text)
