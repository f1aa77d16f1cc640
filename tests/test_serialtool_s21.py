"""(serial-tool s21) Families the round's unseen serial/tool threads showed missing: a Rust serial console (ravedude, the
runner of avr-hal projects) that stops on the bytes of a sketch read at another baud rate. Texts are written from the
source's format (Rahix/avr-hal ravedude/src/console.rs up to 0.1.7: `stdout.write(&buf[..count]).unwrap()`, Rust std's
Windows console error), not copied from the threads."""

from __future__ import annotations

from textkit import findings, first

# from the source's format: the panic of ravedude's console thread (console.rs `.unwrap()` on Rust std's Windows stdio
# error); the path and line vary with the installed version (0.1.5-0.1.7)
_RAVEDUDE_PANIC = (
    "       Board Arduino Uno\n"
    " Programming target\\avr-atmega328p\\debug\\blink.elf => COM4\n"
    "avrdude: 178 bytes of flash verified\n"
    "  Console COM4 at 57600 baud\n"
    "  CTRL+C to exit.\n"
    "\n"
    "thread '<unnamed>' panicked at C:\\Users\\me\\.cargo\\registry\\src\\index.crates.io-6f17d22bba15001f\\ravedude-0.1.6"
    "\\src\\console.rs:34:32:\n"
    "called `Result::unwrap()` on an `Err` value: Error { kind: InvalidData, message: \"Windows stdio in console mode does "
    "not support writing non-UTF-8 byte sequences\" }\n"
    "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n"
)


def test_ravedude_console_panic_on_non_utf8_bytes_is_a_baud_mismatch() -> None:
    assert first(_RAVEDUDE_PANIC) == "SER007"


def test_ravedude_panic_line_alone_is_a_baud_mismatch_not_printrun() -> None:
    # from the source's format: the two lines of the panic, as a reporter pastes them without the upload above
    text = ("thread '<unnamed>' panicked at [...]\\ravedude-0.1.6\\src\\console.rs:34:32:\n"
            "called `Result::unwrap()` on an `Err` value: Error { kind: InvalidData, message: \"Windows stdio in console "
            "mode does not support writing non-UTF-8 byte sequences\" }\n")
    found = findings(text)
    assert found and found[0].id == "SER007"
    # the console's own wording, not Printrun's (Pronterface's baud box)
    assert "Pronterface" not in (found[0].ask or "") and "Printrun" not in found[0].message


def test_printrun_undecodable_reply_keeps_its_own_advice() -> None:
    # from the source's format: Printrun printcore.py _readline() on a reply that is no UTF-8
    found = findings("Connecting...\nGot rubbish reply from COM7 at baudrate 250000:\nMaybe a bad baudrate?\n")
    assert found and found[0].id == "SER007" and "Pronterface" in (found[0].ask or "")


# --- Arduino IDE upload output whose line breaks a web page dropped with nothing in their place (avrdude's lines glued to
# the IDE's and to each other, no space between): avrdude's own lines are still read

def test_glued_avrdude_lines_after_the_ide_size_line_are_read() -> None:
    # from the source's format: Arduino IDE 2 (German) size lines, avrdude 6.3's -v header and ser_win32.c's open error with
    # the localised FormatMessage text, every line break removed
    text = ('Der Sketch verwendet 4136 Bytes (12%) des Programmspeicherplatzes. Das Maximum sind 32256 Bytes.'
            '"C:\\\\Users\\\\me\\\\AppData\\\\Local\\\\Arduino15\\\\packages\\\\arduino\\\\tools\\\\avrdude\\\\6.3.0-arduino17/bin/avrdude" '
            '-patmega328p -carduino "-PCOM7" -b115200 -D "-Uflash:w:C:\\\\Temp\\\\x.ino.hex:i"'
            'avrdude: Version 6.3-20190619Copyright (c) 2000-2005 Brian Dean, http://www.bdmicro.com/'
            'Using Port                    : COM7Using Programmer              : arduino'
            'avrdude: ser_open(): can\'t open device "\\\\.\\COM7": Zugriff verweigert'
            'avrdude done.  Thank you.Fehlgeschlagenes Hochladen: Hochladefehler: exit status 1\n')
    assert first(text) == "SER003"


def test_glued_split_keeps_the_loader_line_about_the_avrdude_binary() -> None:
    # a path separator before "avrdude:" is the binary's path (the dynamic loader's message), not one of avrdude's lines
    from doctor.parsers.arduino import _AVRDUDE_GLUED

    assert _AVRDUDE_GLUED.search("/usr/bin/avrdude: error while loading shared libraries: libftdi.so.1") is None
    assert _AVRDUDE_GLUED.search("C:\\\\tools\\\\avrdude: x") is None
    assert _AVRDUDE_GLUED.search('Bytes."x:i"avrdude: Version 6.3') is not None


def test_glued_avrdude_only_paste_reads_the_open_error() -> None:
    # from the source's format: avrdude 6.3 -v lines with no line breaks between them (no IDE line before them)
    text = ('Using Port                    : COM12Using Programmer              : arduinoOverriding Baud Rate          : '
            '115200avrdude: ser_open(): can\'t open device "\\\\.\\COM12": Access is denied.avrdude done.  Thank you.\n')
    assert first(text) == "SER003"
    # and the loader's line about the binary's path stays one line
    from doctor.parsers.avrdude import _RUN_ON

    assert _RUN_ON.search("/usr/bin/avrdude: error while loading shared libraries: libftdi.so.1") is None


# --- Thonny 3.x-4.1 (plugins/micropython/serial_connection.py) rewrites pyserial's Windows FileNotFoundError as "port not found"

def test_thonny_port_not_found_on_a_com_port_is_the_port_path() -> None:
    # from the source's format: message = "Unable to connect to " + port + ": " + "port not found", then the backend line
    text = ("Unable to connect to COM7: port not found\n"
            "Backend terminated or disconnected. Use 'Stop/Restart' to restart.\n")
    assert first(text) == "SER005"


def test_thonny_permission_form_stays_the_group() -> None:
    # from the source's format: errno 13 on Linux keeps pyserial's text and adds the group advice
    text = ("Unable to connect to /dev/ttyACM0: [Errno 13] could not open port /dev/ttyACM0: [Errno 13] Permission denied: "
            "'/dev/ttyACM0'\n\nTry adding yourself to the 'dialout' group:\n> sudo usermod -a -G dialout <username>\n"
            "(NB! You may need to reboot your system after this!)\n")
    assert first(text) == "SER004"


def test_wrapped_node_serialport_lock_refusal_is_the_port_held() -> None:
    # from the source's format: @serialport/bindings-cpp serialport_unix.cpp "Error %s Cannot lock port" (flock LOCK_EX|LOCK_NB)
    # behind a wrapper's own "Failed to open serial port: " (toptensoftware/flashy serial.js FlashyError)
    text = ("Opening /dev/ttyUSB0 at 921.600 baud... ok\n"
            "FlashyError: Failed to open serial port: Error Resource temporarily unavailable Cannot lock port\n")
    assert first(text) == "SER003"


def test_port_not_found_beside_a_code10_device_is_not_a_wrong_name() -> None:
    # from the source's format: Device Manager's device status and Thonny's / pyserial's open error for the same port
    for opener in ("Unable to connect to COM5: port not found",
                   "serial.serialutil.SerialException: could not open port 'COM5': FileNotFoundError(2, 'The system cannot "
                   "find the file specified.', None, 2)"):
        assert first("This device cannot start. (Code 10)\n\nA device which does not exist was specified.\n\n" + opener + "\n") != "SER005"
