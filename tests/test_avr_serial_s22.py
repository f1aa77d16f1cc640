"""(avr-serial s22) Families the first-contact threads of the AVR / serial round showed:

- QMK Toolbox naming only the board's application ids "Caterina" (2341:8037...) while avrdude.exe got an empty -P, the two
  quoted as separate texts -> BOOT008 (the Toolbox saw no bootloader), as when "Attempting to flash" is in the log;
- a wrapper whose 1200-baud touch worked and that saw the bootloader's new port (Arduino IDE 1.x / Sloeber "PORTS {..} /
  {..} => {COM5, }", Sloeber's 'Using port "COM5" from now onwards'), then ran avrdude on the old, vanished port -> SER005
  (derived.upload_on_vanished_port), above BOOT008's window reading; Sloeber's touch line with " : \"COM1\"" or the port
  glued on is the touch;
- SerialUPDI (pymcuprog -t uart -u PORT, prog.py "Using serial port X") on the host's own UART (/dev/serial0/1, ttyAMA*,
  ttyS*) failing, and pymcuprog's "Operation failed with <serial exception>: ..." line -> SER006.

Texts marked "from the source's format" are written from the tools' sources, the others are lines of real threads."""

from __future__ import annotations

from doctor import derive, engine
from doctor.facts import merge, new
from textkit import events, facts, findings, first


def _first_of(*texts: str) -> str | None:
    snap = merge(new("analyze"), facts(texts[0], "1.txt"))
    for i, text in enumerate(texts[1:], start=2):
        snap = merge(snap, facts(text, f"{i}.txt"))
    found = engine.evaluate(snap)
    return found[0].id if found else None


# from the source's format: QMK Toolbox 0.0.x MainWindow ("*** Caterina device connected: <name> (<vid>:<pid>:<rev>)")
_TOOLBOX_APP_ONLY = (
    "*** Caterina device connected: (Standard system devices) USB Input Device (2341:8037:0100)\n"
    "*** Caterina device connected: Arduino LLC (www.arduino.cc) Arduino Micro (COM3) (2341:8037:0100)\n")


def test_toolbox_app_ids_and_an_empty_port_apart_are_the_missed_bootloader() -> None:
    assert _first_of(_TOOLBOX_APP_ONLY, "avrdude.exe: option requires an argument -- P\n") == "BOOT008"


def test_toolbox_with_a_bootloader_id_and_no_port_is_left_to_the_driver_rules() -> None:
    # from the source's format: a bootloader id (2341:0037) connected without a COM port is USB004's (driver) reading, not this
    toolbox = ("*** Caterina device connected (libusb0): Arduino SA Arduino Micro (2341:0037:0001)\n")
    snap = merge(merge(new("analyze"), facts(toolbox, "1.txt")), facts("avrdude.exe: option requires an argument -- P\n", "2.txt"))
    fired = [f for f in engine.evaluate(snap) if f.id == "BOOT008" and "saw only the board's running firmware" in f.message]
    assert not fired


# Sloeber#856 (2017 build: the port glued onto the touch and "Using comport" lines)
_SLOEBER_2017 = """Starting upload
using arduino loader
Forcing reset using 1200bps open/close on portCOM1
PORTS { COM1,} / { COM1,} => {}
PORTS { COM1,} / { COM1, COM5,} => { COM5,}
Comport reset took500ms
Using comportCOM5 from now onwards
Ending reset


LaunchingC:\\sloeber\\/arduinoPlugin/packages/arduino/tools/avrdude/6.3.0-arduino9/bin/avrdude -CC:\\sloeber\\/arduinoPlugin/packages/arduino/tools/avrdude/6.3.0-arduino9/etc/avrdude.conf -patmega32u4 -cavr109 -PCOM1 -b57600 -D -Uflash:w:C:\\Users\\x\\sensor_v1/Release/sensor_v1.hex:i 
Output:
avrdude: ser_open(): can't open device "\\\\.\\COM1": The system cannot find the file specified.



avrdude done.  Thank you.
"""


def test_sloeber_touch_and_new_port_lines_are_read() -> None:
    evs = events(_SLOEBER_2017, "flash")
    assert [e["kind"] for e in evs][:1] == ["touch_1200"] and evs[0]["port"] == "COM1"
    assert [e["device"] for e in evs if e["kind"] == "upload_port"] == ["COM5", "COM5"]
    # from the source's format: Sloeber 2018+ messages.properties ('... on port : "{PORT}"', 'Using port "{PORT}" from now onwards')
    new_form = ('Forcing reset using 1200bps open/close on port : "COM7"\n'
                "PORTS { COM7,} / { COM7, COM9,} => { COM9,}\n"
                'Using port "COM9" from now onwards\n')
    evs = events(new_form, "flash")
    assert evs[0]["kind"] == "touch_1200" and evs[0]["port"] == "COM7"
    assert {e["device"] for e in evs if e["kind"] == "upload_port"} == {"COM9"}


def test_upload_on_the_vanished_old_port_is_the_wrong_port() -> None:
    snap = facts(_SLOEBER_2017)
    found = derive.upload_on_vanished_port(snap)
    assert found and found[0]["new_port"] == "COM5" and "COM1" in found[0]["port"]
    assert first(_SLOEBER_2017) == "SER005"


def test_upload_on_the_new_port_is_not_the_wrong_port() -> None:
    # from the source's format: Arduino IDE 1.8 SerialUploader found the new port and avrdude used it (the bootloader then
    # did not answer): no stale port, the window reading stays
    text = ("Forcing reset using 1200bps open/close on port /dev/ttyACM0\n"
            "PORTS {/dev/ttyACM0, } / {} => {}\n"
            "PORTS {} / {/dev/ttyACM1, } => {/dev/ttyACM1, }\n"
            "Found upload port: /dev/ttyACM1\n"
            "avrdude -C/etc/avrdude.conf -v -patmega32u4 -cavr109 -P/dev/ttyACM1 -b57600 -D -Uflash:w:/tmp/b.hex:i\n"
            "avrdude: ser_open(): can't open device \"/dev/ttyACM1\": No such file or directory\n")
    assert derive.upload_on_vanished_port(facts(text)) == []


# microchip-pic-avr-tools/pymcuprog#30 (Raspberry Pi 4 GPIO UART to a Nano Every)
_PYMCUPROG_PI = """$ sudo pymcuprog ping -d atmega4809 -t uart -u  /dev/serial1 
Connecting to SerialUPDI
^CTraceback (most recent call last):
  File "/usr/local/bin/pymcuprog", line 8, in <module>
    sys.exit(main())
pymcuprog.pymcuprog - ERROR - Operation failed with error: (22, 'Invalid argument')
"""


def test_pymcuprog_port_and_serial_failure_are_read() -> None:
    snap = facts(_PYMCUPROG_PI)
    run = snap["flash"]["runs"][0]
    assert run["device"] == "/dev/serial1"
    assert [(e["kind"], e.get("exc")) for e in run["events"]] == [("serial_io_error", "error")]


def test_serialupdi_on_the_hosts_own_uart_is_the_uart_path() -> None:
    assert first(_PYMCUPROG_PI) == "SER006"
    # from the source's format: megaTinyCore prog.py's port line and pymcuprog_main's generic error, on an SBC's ttyS1
    text = ("Using serial port /dev/ttyS1 at 230400 baud.\n"
            "pymcuprog.pymcuprog - ERROR - Operation failed with SerialException: read failed: [Errno 5] Input/output error\n")
    assert first(text) == "SER006"


def test_serialupdi_on_a_usb_adapter_is_not_the_hosts_uart() -> None:
    # from the source's format: the same failure through a USB-serial adapter is no onboard-UART finding
    text = ("$ pymcuprog ping -d attiny1614 -t uart -u /dev/ttyUSB0\n"
            "Connecting to SerialUPDI\n"
            "pymcuprog.pymcuprog - ERROR - Operation failed with error: (22, 'Invalid argument')\n")
    # (review s22) no entry reads a USB adapter's SerialUPDI failure yet: GEN001 quotes it; an open it refused is SER004's
    assert first(text) == "GEN001"
    assert first(_PERM.format(port="/dev/ttyUSB0")) == "SER004"


# (review s22) from the source's format (pyserial's open errors as pymcuprog_main logs them), written by the reviewer
_PERM = ("$ pymcuprog ping -d avr128da28 -t uart -u {port}\n"
         "Connecting to SerialUPDI\n"
         "pymcuprog.pymcuprog - ERROR - Operation failed with SerialException: [Errno 13] could not open port {port}: "
         "[Errno 13] Permission denied: '{port}'\n")
_BUSY = ("$ pymcuprog ping -d attiny1614 -t uart -u {port}\n"
         "pymcuprog.pymcuprog - ERROR - Operation failed with SerialException: [Errno 16] could not open port {port}: "
         "[Errno 16] Device or resource busy: '{port}'\n")
_NOSUCH = ("$ pymcuprog ping -d attiny1614 -t uart -u {port}\n"
           "pymcuprog.pymcuprog - ERROR - Operation failed with SerialException: [Errno 2] could not open port {port}: "
           "[Errno 2] No such file or directory: '{port}'\n")


def test_serialupdi_port_open_refusals_are_the_open_error_kinds() -> None:
    assert [e["kind"] for e in events(_PERM.format(port="/dev/ttyS0"), "flash")] == ["serial_permission_denied"]
    assert [e["kind"] for e in events(_BUSY.format(port="/dev/ttyS0"), "flash")] == ["serial_port_busy"]
    assert [e["kind"] for e in events(_NOSUCH.format(port="/dev/serial0"), "flash")] == ["serial_no_such_port"]
    assert first(_PERM.format(port="/dev/ttyS0")) == "SER004"
    assert first(_BUSY.format(port="/dev/ttyS0")) == "SER003"
    assert not [f for f in findings(_NOSUCH.format(port="/dev/serial0")) if "no UPDI answer" in f.message]


def test_a_manual_avrdude_on_an_untouched_port_is_not_the_stale_port() -> None:
    # (review s22) from the source's format: a manual avrdude on COM7 fails, then an IDE run touches COM4 and uploads on the
    # new COM5, which fails: COM7 was never the touched port, so no stale-port reading
    text = ("C:\\> avrdude -p atmega32u4 -c avr109 -P COM7 -U flash:w:kb.hex:i\n"
            "avrdude: ser_open(): can't open device \"\\\\.\\COM7\": The system cannot find the file specified.\n\n"
            "Forcing reset using 1200bps open/close on port COM4\n"
            "PORTS {COM1, COM4, } / {COM1, } => {}\n"
            "PORTS {COM1, } / {COM1, COM5, } => {COM5, }\n"
            "Found upload port: COM5\n"
            "C:\\arduino\\hardware\\tools\\avr/bin/avrdude -CC:\\arduino\\hardware\\tools\\avr/etc/avrdude.conf -v -patmega32u4 "
            "-cavr109 -PCOM5 -b57600 -D -Uflash:w:C:\\tmp\\b.hex:i\n"
            "avrdude: ser_open(): can't open device \"\\\\.\\COM5\": The system cannot find the file specified.\n")
    assert derive.upload_on_vanished_port(facts(text)) == []
    assert first(text) == "BOOT008"


def test_the_stale_port_finding_names_com_ports_plainly_and_fills_the_command() -> None:
    found = derive.upload_on_vanished_port(facts(_SLOEBER_2017))
    assert found[0]["port"] == "COM1" and found[0]["new_port"] == "COM5"
    f = findings(_SLOEBER_2017)[0]
    assert f.id == "SER005" and "-P COM5 " in " ".join(f.remediation["commands"])


def test_a_pymcuprog_command_named_in_prose_sets_no_port() -> None:
    # (review s22) from the source's format: a question naming the command, then an adapter's failure
    text = ("I followed the guide that says to run pymcuprog ping -d attiny1614 -t uart -u /dev/ttyS0 on the Orange Pi, but I'm using a CH340 instead.\n"
            "Connecting to SerialUPDI\n"
            "pymcuprog.pymcuprog - ERROR - Operation failed with PymcuprogSerialUpdiError: UPDI initialisation failed\n")
    assert not facts(text)["flash"]["runs"][0].get("device")
    assert first(text) != "SER006"
    for cmd in ("pi@raspberrypi:~ $ sudo pymcuprog ping -d attiny1614 -t uart -u /dev/ttyAMA0",
                "(venv) C:\\Users\\me> python -m pymcuprog ping -d attiny1614 -t uart -u COM5",
                "  pymcuprog write -t uart -u /dev/ttyAMA0 -d attiny1614 -f a.hex"):
        assert facts(cmd + "\nConnecting to SerialUPDI\n")["flash"]["runs"][0].get("device") in ("/dev/ttyAMA0", "COM5"), cmd


def test_megatinycore_prog_py_command_line_is_read() -> None:
    # (review s22) from the source's format: megaTinyCore's IDE upload through prog.py (python's own -u before the script)
    text = ('"/home/pi/.arduino15/packages/megaTinyCore/tools/python3/3.7.2-post1/python3" -u '
            '"/home/pi/.arduino15/packages/megaTinyCore/hardware/megaavr/2.6.10/tools/prog.py" -t uart -u /dev/ttyAMA0 -b 230400 '
            "-d attiny1614 --fuses 0:0b00000000 2:0x02 6:0x04 8:0x00 -f/tmp/arduino/sketches/ABC/Blink.ino.hex -a write -v\n"
            "pymcuprog.serialupdi.link - ERROR - UPDI initialisation failed\n"
            "Error: Cannot connect, 'UPDI initialisation failed'\n")
    assert facts(text)["flash"]["runs"][0]["device"] == "/dev/ttyAMA0"
    assert first(text) == "SER006"


def test_serialupdi_on_another_ttys_is_not_read_as_a_raspberry_pi() -> None:
    # (review s22) from the source's format: under WSL1 /dev/ttyS5 is COM5, usually a USB adapter
    text = ("$ pymcuprog write -d attiny1614 -t uart -u {port} -f blink.hex --erase --verify\n"
            "Connecting to SerialUPDI\n"
            "pymcuprog.serialupdi.link - ERROR - UPDI initialisation failed\n"
            "pymcuprog.pymcuprog - ERROR - Operation failed with PymcuprogSerialUpdiError: UPDI initialisation failed\n")
    f = findings(text.format(port="/dev/ttyS5"))[0]
    assert f.id == "SER006" and f.confidence < 0.7 and "Raspberry Pi" not in f.message and "WSL" in f.message
    f = findings(text.format(port="/dev/ttyAMA0"))[0]
    assert f.id == "SER006" and f.confidence == 0.7 and "Raspberry Pi" in f.message
