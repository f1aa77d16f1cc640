"""winmac, session 6 round c: Windows and macOS forms of the catalogue's faults.

- A program that is there but cannot run on this computer (built for another CPU or OS): macOS EBADARCH 'Bad CPU type
  in executable' (zsh, sh/bash, Go fork/exec, Python errno 86), Linux ENOEXEC 'Exec format error', Windows 193 '%1 is
  not a valid Win32 application' (Java CreateProcess, Python WinError). Upload tools -> TOOL001; a cross compiler that
  cannot run -> FW005 first (the build produced nothing), TOOL001 beside it.
- avrdude's FTDI programmers (libftdi over libusb) found but not openable: USB004 (WinUSB via Zadig on Windows).
- A healthy Arduino IDE run on Windows: touch on COM18, 'Found upload port: COM8' is the bootloader's new port, not
  'the port never changed' (BOOT008 must stay silent).
- An avrdude command line glued to the next line (`...hex:iavrdude.exe: ser_open(): ...`) is split.
Texts are real pastes (sources in the comments)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return [e for run in facts(text).get(ns, {}).get("runs", []) for e in run["events"]]


def findings(text: str) -> list[Any]:
    return engine.evaluate(facts(text))


def first_id(text: str) -> str | None:
    found = findings(text)
    return found[0].id if found else None


WRONG_ARCH = [
    # avrdudes/avrdude #492 (CrossPack avrdude 6.0.1 on Catalina)
    ("zsh: bad CPU type in executable: avrdude", "avrdude"),
    # Safecast/bGeigieNanoKit #72 (the uploader app's script)
    ("/private/var/folders/f1/T/AppTranslocation/07AD/d/bGeigeiNano_V1.4.5_uploader.app/Contents/Resources/script: line 175: "
     "/private/var/folders/f1/T/AppTranslocation/07AD/d/bGeigeiNano_V1.4.5_uploader.app/Contents/Resources/bin/avrdude: Bad CPU type in executable",
     "avrdude"),
    # arduino/arduino-create-agent #496
    ("Start command: fork/exec /Users/Username/.arduino-create/arduino/avrdude/6.3.0-arduino14/bin/avrdude: bad CPU type in executable",
     "avrdude"),
    # toitlang/jaguar #292
    ("Error: fork/exec /Users/lukasmalkmus/.cache/jaguar/sdk/tools/assets: bad CPU type in executable", "assets"),
    # stm32duino/Arduino_Tools #40 (x86-64 dfu-util on 32-bit Linux)
    ("/home/gigi/Arduino/hardware/Arduino_STM32/tools/linux/maple_upload: line 40: "
     "/home/gigi/Arduino/hardware/Arduino_STM32/tools/linux/dfu-util/dfu-util: cannot execute binary file: Exec format error", "dfu-util"),
    # GrumpyOldPizza/ArduinoCore-stm32l0 #158 (x86 dfu-suffix on a Raspberry Pi)
    ("Error during build: fork/exec /root/.arduino15/packages/TleraCorp/hardware/stm32l0/0.0.10/tools/linux/dfu-suffix: exec format error",
     "dfu-suffix"),
    # arduino/Arduino #7598
    ('java.io.IOException: Cannot run program "C:\\Users\\dcetin01\\Arduino\\hardware\\tools\\avr/bin/avrdude": CreateProcess error=193, '
     "%1 is not a valid Win32 application", "avrdude"),
    # platformio/platform-ststm32 #808
    ("OSError: [Errno 86] Bad CPU type in executable: '~/.platformio/packages/tool-cppcheck/cppcheck'", "cppcheck"),
]


@pytest.mark.parametrize("line,name", WRONG_ARCH)
def test_wrong_arch_rows_name_the_program(line: str, name: str) -> None:
    evs = [e for e in events(line, "shell") if e["kind"] == "tool_missing"]
    assert evs and evs[0].get("reason") == "wrong_arch" and evs[0]["name"] == name


@pytest.mark.parametrize("line,name", WRONG_ARCH)
def test_wrong_arch_upload_tools_are_tool001(line: str, name: str) -> None:
    found = findings(line)
    assert found and found[0].id == "TOOL001"
    assert "cannot run on this computer" in found[0].message and "not installed" not in found[0].message


def test_windows_incompatible_version_row() -> None:
    line = "This version of C:\\tools\\dfu-util.exe is not compatible with the version of Windows you're running."
    evs = events(line, "shell")
    assert evs and evs[0]["reason"] == "wrong_arch" and evs[0]["name"] == "dfu-util.exe"


def test_node_spawn_ebadarch_row() -> None:
    evs = events("Error: spawn Unknown system error -86", "shell")
    assert evs and evs[0]["reason"] == "wrong_arch" and evs[0]["name"] == "the program"


# lightaprs/LightAPRS-2.0 #1 (Arduino IDE 2.3.6, Apple M2): the IDE's own line, owned by the arduino parser
IDE2 = ("Failed uploading: cannot execute upload tool: fork/exec "
        "/Users/alastair/Library/Arduino15/packages/arduino/tools/avrdude/6.3.0-arduino9/bin/avrdude: bad CPU type in executable")


def test_arduino_ide2_bad_cpu_upload_tool() -> None:
    evs = [e for e in events(IDE2, "flash") if e["kind"] == "tool_missing"]
    assert evs and evs[0]["reason"] == "wrong_arch" and evs[0]["via"] == "launcher"
    found = findings(IDE2)
    assert found[0].id == "TOOL001" and "cannot run on this computer" in found[0].message


# platformio/platformio-core #4507 (M1 without Rosetta 2): the compiler -> FW005 first, TOOL001 beside it
PIO_M1 = """
Building in release mode
Compiling .pio/build/STM32F1/FrameworkArduinoVariant/board.cpp.o
sh: /Users/[xxx]/.platformio/packages/toolchain-gccarmnoneeabi/bin/arm-none-eabi-g++: Bad CPU type in executable
"""

# MCUdude/MiniCore #116 (32-bit avr-gcc 5.4.0-atmel3.6.1-arduino2 on Catalina)
MINICORE = """
fork/exec .../Library/Arduino15/packages/arduino/tools/avr-gcc/5.4.0-atmel3.6.1-arduino2/bin/avr-g++: bad CPU type in executable
Error compiling for board ATmega328.
"""


@pytest.mark.parametrize("text", [PIO_M1, MINICORE])
def test_wrong_arch_compiler_is_a_failed_build_first(text: str) -> None:
    ids = [f.id for f in findings(text)]
    assert ids[0] == "FW005" and "TOOL001" in ids


def test_home_redacted_path_no_such_file() -> None:
    # platformio/platform-atmelavr #208 (armhf avrdude_bin on aarch64: the missing loader reads as ENOENT)
    line = "$HOME/.platformio/packages/tool-avrdude/avrdude: line 6: $HOME/.platformio/packages/tool-avrdude/avrdude_bin: No such file or directory"
    evs = events(line, "shell")
    assert evs and evs[0]["kind"] == "tool_missing" and evs[0]["name"] == "avrdude_bin"
    assert first_id(line) == "TOOL001"


def test_plain_missing_tool_keeps_its_message() -> None:
    found = findings("zsh: command not found: avrdude")
    assert found[0].id == "TOOL001" and "not installed" in found[0].message


# mariusgreuel/avrdude #13 (MinGW avrdude 7.2 on Windows, -c arduino-ft232r with FTDI's driver bound)
FTDI = """
avrdude error: cannot open ftdi device: usb_open() failed
avrdude error: unable to open programmer arduino-ft232r on port usb
"""


def test_ftdi_open_failed_is_usb004() -> None:
    evs = [e for e in events(FTDI, "avrdude") if e["kind"] == "ftdi_open_failed"]
    assert evs and evs[0]["reason"] == "usb_open() failed"
    found = findings(FTDI)
    assert found[0].id == "USB004" and "libftdi" in found[0].message


def test_ftdi_claim_failed_row() -> None:
    line = "avrdude: unable to claim usb device. Make sure the default FTDI driver is not in use"
    assert any(e["kind"] == "ftdi_open_failed" for e in events(line, "avrdude"))


# avrdudes/avrdude #788 (a maintainer's Windows run: touch on COM18, the bootloader appears as COM8)
HEALTHY_WIN_TOUCH = """
Forcing reset using 1200bps open/close on port COM18
PORTS {COM18, } / {} => {}
PORTS {} / {} => {}
PORTS {} / {COM8, } => {COM8, }
Found upload port: COM8
C:\\Users\\xiaof\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\avrdude\\6.3.0-arduino17/bin/avrdude -CC:\\Users\\xiaof\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\avrdude\\6.3.0-arduino17/etc/avrdude.conf -v -patmega32u4 -cavr109 -PCOM8 -b57600 -D -Uflash:w:C:\\Users\\xiaof\\AppData\\Local\\Temp\\arduino_build_628741/Blink_Every.ino.hex:i

avrdude: Version 6.3-20190619
         Using Port                    : COM8
         Using Programmer              : avr109
"""


def test_port_found_after_touch_is_not_the_old_port() -> None:
    from doctor import derive

    assert derive.upload_port_unchanged(facts(HEALTHY_WIN_TOUCH)) == []
    assert not [f for f in findings(HEALTHY_WIN_TOUCH) if f.severity in ("error", "warning")]


def test_upload_to_the_touched_port_still_is_boot008() -> None:
    text = HEALTHY_WIN_TOUCH.replace("{COM8, } => {COM8, }", "{COM18, } => {}").replace("Found upload port: COM8", "Found upload port: COM18")
    text = text.replace("-PCOM8", "-PCOM18").replace("Using Port                    : COM8", "Using Port                    : COM18")
    text += "avrdude: butterfly_recv(): programmer is not responding\n"
    assert first_id(text) == "BOOT008"


# MegaPirateNG/ardupilot-mpng #198 (a macOS flashTool log: the command's '...hex:i' ran into avrdude's error)
GLUED = ("/Applications/flashTool.app/Contents/MacOS/external/avrdude.exe -C/Applications/flashTool.app/Contents/MacOS/external/avrdude.conf "
         "-patmega2560 -cwiring -Pusbserial-A8005M4z -b115200 -D -Uflash:w:/Applications/flashTool.app/Contents/MacOS/firmwares/bf2a.hex:i"
         'avrdude.exe: ser_open(): can\'t open device "usbserial-A8005M4z": No such file or directory')


def test_glued_command_and_error_are_split() -> None:
    evs = events(GLUED, "avrdude")
    assert any(e["kind"] == "serial_open_failed" and e.get("port") == "usbserial-A8005M4z" for e in evs)
    assert first_id(GLUED) == "SER005"
