"""avr-arduino, session 6: the Arduino IDE 1.x verdict spliced into avrdude's output (stdout and stderr merged as
they arrive), the IDE's translated verdicts, and avrdude runs the Arduino tools started (their avrdude or
avrdude.conf path). Texts are real pastes (sources in the comments)."""

from __future__ import annotations

from typing import Any

import pytest

from doctor import engine
from doctor.parsers import parse_stream


def facts(text: str) -> dict[str, Any]:
    return parse_stream(iter(text.strip("\n").splitlines()), "t")


def runs(text: str, ns: str) -> list[dict[str, Any]]:
    return facts(text).get(ns, {}).get("runs", [])


def events(text: str, ns: str) -> list[dict[str, Any]]:
    return [e for run in runs(text, ns) for e in run["events"]]


def first_id(text: str) -> str | None:
    found = engine.evaluate(facts(text))
    return found[0].id if found else None


# forum.arduino.cc/t/problem-burning-bootloader-did-not-finerror-while-burning-bootloader/853567
SPLICED = '''
C:\\Program Files (x86)\\Arduino\\hardware\\tools\\avr/bin/avrdude -CC:\\Program Files (x86)\\Arduino\\hardware\\tools\\avr/etc/avrdude.conf -v -patmega328p -cstk500v2 -Pusb -e -Ulock:w:0x3F:m

avrdude: Version 6.3-20190619
         System wide configuration file is "C:\\Program Files (x86)\\Arduino\\hardware\\tools\\avr/etc/avrdude.conf"

         Using Port                    : usb
         Using Programmer              : stk500v2
avrdude: usbdev_open(): did not finError while burning bootloader.
d any USB device "usb" (0x03eb:0x2104)

avrdude done.  Thank you.
'''


def test_spliced_verdict_rejoins_avrdudes_line() -> None:
    evs = events(SPLICED, "avrdude")
    found = [e for e in evs if e["kind"] == "usb_programmer_not_found"]
    assert found and found[0]["vid"] == "03eb" and found[0]["pid"] == "2104"
    assert 'did not find any USB device "usb"' in found[0]["line"]
    assert any(e["kind"] == "ide_verdict" and e["line"].startswith("Error while burning bootloader") for e in evs)
    assert runs(SPLICED, "avrdude")[0].get("wrapper") == "arduino"


def test_spliced_avrispmkii_not_found_is_the_wrong_programmer_entry() -> None:
    assert first_id(SPLICED) == "BOOT006"


def test_spliced_inside_the_verbose_header() -> None:
    # github.com/arduino/Arduino/issues/4368 (IDE 1.8.5, Atmel-ICE)
    text = '''
         Using Port                    : usb
         Using ProgrammeError while burning bootloader.
r              : atmelice_isp
avrdude: jtag3_open_common(): Did not find any device matching VID 0x03eb and PID list: 0x2141
'''
    run = runs(text, "avrdude")[0]
    assert run.get("programmer") == "atmelice_isp"
    assert [e["kind"] for e in run["events"]].count("usb_programmer_not_found") == 1


def test_verdict_after_a_whole_line_is_not_joined_to_the_next() -> None:
    # forum.arduino.cc/t/burning-a-bootloader-onto-my-ender-3-pro-using-a-cheap-uno-clone/573546 (German IDE 1.8.5)
    text = '''
avrdude: Yikes!  Invalid device signature.
Double check connections and try again, or use -F to override
this check.Fehler beim Brennen des Bootloaders.
avrdude done.  Thank you.
'''
    evs = events(text, "avrdude")
    assert [e["kind"] for e in evs][:2] == ["signature_invalid", "ide_verdict"]
    assert any(e["kind"] == "avrdude_done" for e in evs)
    assert first_id(text) == "AVR005"


def test_a_verdict_at_the_start_of_a_line_is_no_splice() -> None:
    text = "avrdude: initialization failed, rc=-1\nError while burning bootloader."
    assert "ide_verdict" not in [e["kind"] for e in events(text, "avrdude")]


@pytest.mark.parametrize("line, mode", [
    ("Fehler beim Brennen des Bootloaders.", "burn-bootloader"),                     # de_DE
    ("Errore durante la scrittura del bootloader", "burn-bootloader"),               # it_IT (forum.arduino.cc/t/.../701795)
    ("Error quemando bootloader", "burn-bootloader"),                                # es
    ("Erreur lors de la gravure de la s\u00e9quence d'initialisation.", "burn-bootloader"),  # fr
    ("Errore durante il caricamento dello sketch", None),                            # it_IT
    ("Problem beim Hochladen auf das Board. Hilfestellung dazu unter http://www.arduino.cc/en/Guide/Troubleshooting#upload.", "upload"),
    ("Probl\u00e8me de t\u00e9l\u00e9versement vers la carte. Voir http://www.arduino.cc/en/Guide/Troubleshooting#upload pour suggestions.", "upload"),
])
def test_translated_ide_verdicts(line: str, mode: str | None) -> None:
    evs = [e for e in events(line, "flash") if e["kind"] == "upload_failed"]
    assert evs and evs[0].get("fail") is True
    assert evs[0].get("mode") == mode


def test_translated_verdict_after_not_in_sync_is_never_silent() -> None:
    # forum.arduino.cc/t/arduino-nano-hochladen-nicht-moglich/688075
    text = '''
avrdude: stk500_recv(): programmer is not responding
avrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x70
avrdude: stk500_getsync() attempt 10 of 10: not in sync: resp=0x01
Problem beim Hochladen auf das Board. Hilfestellung dazu unter http://www.arduino.cc/en/Guide/Troubleshooting#upload.
'''
    assert first_id(text) is not None


@pytest.mark.parametrize("line, wrapper", [
    ('System wide configuration file is "C:\\Users\\macie\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\avrdude\\6.3.0-arduino17/etc/avrdude.conf"', "arduino"),
    ('System wide configuration file is "/Applications/Arduino.app/Contents/Java/hardware/tools/avr/etc/avrdude.conf"', "arduino"),
    ('System wide configuration file is "/Users/tauran/.platformio/packages/tool-avrdude@1.60300.200527/avrdude.conf"', None),
])
def test_wrapper_from_the_config_path(line: str, wrapper: str | None) -> None:
    text = "avrdude: Version 6.3-20190619\n         " + line + "\navrdude: stk500_getsync() attempt 1 of 10: not in sync: resp=0x00"
    assert runs(text, "avrdude")[0].get("wrapper") == wrapper


def test_mkii_seen_but_not_openable_stays_usb004() -> None:
    # github.com/MCUdude/MegaCore/issues/200 (avrdude 7.1-arduino.1, Windows)
    text = '''
"C:\\Users\\Peter\\AppData\\Local\\arduino15\\packages\\MegaCore\\tools\\avrdude\\7.1-arduino.1/bin/avrdude" -v -patmega2560 -cavrispmkii -Pusb
         Using Port                    : usb
         Using Programmer              : avrispmkii
avrdude usbdev_open() error: cannot open device: Permission denied
avrdude: usbdev_open(): did not find any USB device "usb" (0x03eb:0x2104)
avrdude main() error: unable to open programmer avrispmkii on port usb
'''
    assert runs(text, "avrdude")[0].get("wrapper") == "arduino"
    assert first_id(text) == "USB004"


@pytest.mark.parametrize("text, kind, first", [
    # arduino-cli 0.x-1.x / IDE 2.x (support.arduino.cc article 360020831120, help-center-content#127)
    ("Failed uploading: no upload port provided", "no_upload_port", "USB001"),
    # IDE 1.8 with an empty Port menu (github.com/joelsernamoreno/EvilCrow-RF/issues/16)
    ("Sketch uses 782554 bytes (59%) of program storage space. Maximum is 1310720 bytes.\nSerial port not selected.", "no_upload_port", "USB001"),
    # IDE 1.8 with a selected port that is gone (Editor.java serialPrompt)
    ("Serial port COM3 not found.", "serial_no_such_port", "SER005"),
])
def test_no_port_selected_wordings(text: str, kind: str, first: str) -> None:
    assert kind in [e["kind"] for e in events(text, "flash")]
    assert first_id(text) == first


def test_no_port_after_a_1200_baud_touch_is_not_usb001() -> None:
    text = "Performing 1200-bps touch reset on serial port COM5\nWaiting for upload port...\nFailed uploading: no upload port provided"
    assert first_id(text) != "USB001"


# sysprogs.com/w/forums/topic/nanoevery-upload-fails/ (VisualGDB ran the IDE's avrdude command without the 1200-baud touch)
NANO_EVERY_NO_TOUCH = '''
C:\\Users\\Joe\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\avrdude\\6.3.0-arduino17\\bin\\avrdude "-CC:\\Users\\Joe\\AppData\\Local\\Arduino15\\packages\\arduino\\tools\\avrdude\\6.3.0-arduino17/etc/avrdude.conf" -patmega4809 -cjtag2updi -PCOM28 -b115200 -e -D "-Uflash:w:C:\\Users\\Joe\\Documents\\Blinker.ino.hex:i" "-Ufuse2:w:0x01:m"

avrdude: jtagmkII_getsync(): sign-on command: status -1
avrdude: jtagmkII_getsync(): sign-on command: status -1
'''


def test_command_line_with_quoted_first_option_is_read() -> None:
    run = runs(NANO_EVERY_NO_TOUCH, "avrdude")[0]
    assert run.get("programmer") == "jtag2updi" and run.get("part") == "atmega4809"


def test_nano_every_without_the_1200_baud_touch() -> None:
    assert first_id(NANO_EVERY_NO_TOUCH) == "BOOT008"


def test_nano_every_rule_needs_the_missing_touch() -> None:
    text = "Forcing reset using 1200bps open/close on port COM28\n" + NANO_EVERY_NO_TOUCH.strip("\n")
    found = engine.evaluate(facts(text))
    assert not any("1200-baud touch the Arduino tools do" in (f.message or "") for f in found)


def test_uno_wifi_rev2_debugger_missing_is_the_wrong_board() -> None:
    # support.arduino.cc "'Error: avrdude' when uploading" (arduino/help-center-content)
    text = '''
avrdude: usbhid_open(): No device found
avrdude: jtag3_open_common(): Did not find any device matching VID 0x03eb and PID list: 0x2145
An error occurred while uploading the sketch
'''
    assert first_id(text) == "BOOT006"


def test_mEDBG_missing_outside_the_arduino_tools_is_not_a_board_choice() -> None:
    # github.com/avrdudes/avrdude/issues/920 (FreeBSD, avrdude 6.4 by hand)
    text = "hexagon% avrdude -c xplainedmini -p t416 -P usb:/dev/cuaU0\navrdude: jtag3_open_common(): Did not find any device matching VID 0x03eb and PID list: 0x2145"
    assert first_id(text) != "BOOT006"


@pytest.mark.parametrize("line, kind", [
    ("Upload port found on /dev/ttyACM1", "upload_port"),
    ("Skipping 1200-bps touch reset: no serial port selected!", "touch_skipped"),
])
def test_arduino_cli_port_lines(line: str, kind: str) -> None:
    assert kind in [e["kind"] for e in events(line, "flash")]


def test_platformio_upload_tool_without_a_build_for_this_host_is_tool001() -> None:
    # platformio-core platformio/package/exception.py UnknownPackageError
    text = ("Tool Manager: Installing platformio/tool-avrdude @ ~1.60300.0\n"
            "Error: Could not find the package with 'platformio/tool-avrdude @ ~1.60300.0' requirements for your system 'linux_aarch64'")
    assert "tool_missing" in [e["kind"] for e in events(text, "flash")]
    assert first_id(text) == "TOOL001"


def test_platformio_unknown_library_is_not_a_missing_tool() -> None:
    text = "Error: Could not find the package with 'platformio/unknown_library' requirements for your system 'linux_x86_64'"
    assert first_id(text) != "TOOL001"


@pytest.mark.parametrize("line", [
    "User configuration file /Users/hans/.avrduderc does not exist",                  # 8.x (avrdudes/avrdude#2009)
    "         User configuration file does not exist or is not a regular file, skipping",  # 5.x-7.x
])
def test_absent_avrduderc_is_no_failure(line: str) -> None:
    text = "Avrdude version 8.1\n" + line + "\navrdude: 924 bytes of flash verified\n\nAvrdude done.  Thank you."
    found = engine.evaluate(facts(text))
    assert not any(f.severity in ("error", "warning") for f in found)


@pytest.mark.parametrize("line, kind, first", [
    ("Error opening serial port '/dev/ttyACM0'. Try consulting the documentation at http://playground.arduino.cc/Linux/All#Permission",
     "serial_permission_denied", "SER004"),
    ("Serial port 'COM3' not found. Did you select the right one from the Tools > Serial Port menu?", "serial_no_such_port", "SER005"),
])
def test_ide18_serial_java_wordings(line: str, kind: str, first: str) -> None:
    evs = [e for e in events(line, "flash") if e["kind"] == kind]
    assert evs and evs[0]["port"] in line
    assert first_id(line) == first


def test_ide_cannot_run_program_in_a_run_together_paste() -> None:
    # forum.seeedstudio.com (Seeeduino Femto, IDE 1.8): the size report and the Java trace pasted as one line
    text = ('Sketch uses 10676 bytes (4%) of program storage space. Maximum is 262144 bytes. java.io.IOException: Cannot run program '
            '"{runtime.tools.bossac-1.7.0.path}/bossac": CreateProcess error=2, The system cannot find the file specified at '
            'java.lang.ProcessBuilder.start(ProcessBuilder.java:1048) ... 9 more An error occurred while uploading the sketch')
    evs = [e for e in events(text, "flash") if e["kind"] == "tool_missing"]
    assert evs and evs[0]["name"] == "{runtime.tools.bossac-1.7.0.path}/bossac"
    assert first_id(text) == "TOOL001"
