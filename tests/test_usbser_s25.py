"""Session 25, usb-serial gathering: Chromium's serial service's open failures (parsers/serial_errors.py), and what people
say in prose about brltty, a baud mismatch, a USB link that drops under load, a host that made no plug-in sound
(parsers/usbser_prose_s25.py) and ModemManager writing AT commands (parsers/uart_prose_s24.py). Positives are the gathered
threads' sentences (named beside them) and a few from the rows' formats ("from the source's format" / "from the row's
format"); negatives are questions, advice, conditionals, negations, general knowledge and other links."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "claims")]


# ---- Chromium's serial service (Betaflight/INAV configurators, Web Serial): FILE_ERROR_* ---------------------------------

def test_chromium_in_use_is_a_held_port() -> None:
    # betaflight/betaflight-configurator#1730 (the configurator's auto-connect raced for the port after a reboot)
    text = "[24876:24895:1009/223854.455217:ERROR:serial_io_handler.cc(149)] Failed to open serial port: FILE_ERROR_IN_USE\n"
    assert [e["kind"] for e in events(text, "serial")] == ["serial_port_busy"]
    assert first(text) == "SER003"


def test_chromium_not_found_is_a_missing_port() -> None:
    # from the source's format (base::File::ErrorToString of ENOENT)
    text = "[5176:5203:0212/101532.112014:ERROR:serial_io_handler.cc(155)] Failed to open serial port: FILE_ERROR_NOT_FOUND\n"
    assert [e["kind"] for e in events(text, "serial")] == ["serial_no_such_port"]
    assert "SER003" not in ids(text)


def test_chromium_access_denied_stays_generic() -> None:
    # from the source's format: EACCES on Linux, a held COM port on Windows; the row does not guess which
    text = "[77:88:0101/000000.000000:ERROR:serial_io_handler.cc(149)] Failed to open serial port: FILE_ERROR_ACCESS_DENIED\n"
    assert "serial_port_busy" not in [e["kind"] for e in events(text, "serial")]


# ---- SER001: brltty said to take the adapter --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "brltty silently blocks CH340 USB driver under Linux Mint 20/21",  # arduino/arduino-ide#1788
    "Arduino conflicts with Braille support\n\nArduino can't find a USB port for the plugged-in Arduino board.",  # elementary/files#2444
    "Turns out brltty grabbed my CP2102 adapter and the ttyUSB0 port vanished.",  # from the row's format
    "Uninstalling brltty fixed it, the CH340 port is back in the IDE.",  # from the row's format
])
def test_brltty_said(text: str) -> None:
    assert any(k in ("said_brltty_claims", "said_brltty_removed_fixed") for k in kinds(text)), kinds(text)
    assert first(text) == "SER001", ids(text)


@pytest.mark.parametrize("text", [
    "Could brltty be blocking my CH340 adapter?",  # a question
    "Make sure brltty is not grabbing the serial port.",  # advice and a negation
    "Remove brltty, it grabs generic USB serial adapters.",  # advice opening the sentence
    "brltty can take over CH340 adapters on some distros.",  # general knowledge
    "It's not brltty blocking the port, I already checked.",  # a negation
    "If brltty grabs the USB serial adapter, remove it.",  # a condition
    "Removing brltty did not help, the board still has no ttyUSB0.",  # a cure that did not work
    "brltty drives my braille display perfectly.",  # no serial adapter, no taking
])
def test_brltty_not_said(text: str) -> None:
    assert not any(k in ("said_brltty_claims", "said_brltty_removed_fixed") for k in kinds(text)), kinds(text)


# ---- SER007: the baud rates said not to match ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    ("When using 115200 this tool would never show an error message and just get stuck waiting for synchronization\n"
     "I ran into this problem when trying to get your bootloader and flashing tool working together. The baud rate doesn't "
     "match and so it just gets stuck silently."),  # usedbytes/serial-flash#1
    "Turned out to be a baud rate mismatch between the bootloader and flashtool.",  # from the row's format
])
def test_baud_mismatch_said(text: str) -> None:
    assert "said_baud_mismatch" in kinds(text), kinds(text)
    assert first(text) == "SER007", ids(text)


@pytest.mark.parametrize("text", [
    "Does the baud rate not match?",  # a question
    "Make sure the baud rates match on both ends.",  # advice
    "If the baud rates don't match you get garbage.",  # a condition
    "It is not a baud rate mismatch, both are 250000.",  # denied
    "The CAN bitrate doesn't match the can0 interface.",  # a CAN bus
    "A baud mismatch can cause this.",  # general knowledge
])
def test_baud_mismatch_not_said(text: str) -> None:
    assert "said_baud_mismatch" not in kinds(text), kinds(text)


# ---- USB003: the USB link said to drop under load -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Losing USB connection during Heat-Up",  # mcheah/Marlin4MPMD#59 (a 10 A supply fixed it)
    "The printer loses the USB connection as soon as the heated bed turns on.",  # from the row's format
    "Every time I home the printer the USB disconnects.",  # from the row's format
])
def test_usb_drops_under_load_said(text: str) -> None:
    assert "said_usb_drops_under_load" in kinds(text), kinds(text)
    assert first(text) == "USB003", ids(text)


@pytest.mark.parametrize("text", [
    "Does it lose the USB connection when the bed heats?",  # a question
    "If it disconnects when the bed heats up, check the supply.",  # a condition
    "It no longer disconnects during heat-up since I got a new PSU.",  # a negation (solved)
    "The Pi loses its WiFi connection while the bed heats.",  # another link
    "Make sure the printer does not lose the USB connection during homing.",  # advice
])
def test_usb_drops_under_load_not_said(text: str) -> None:
    assert "said_usb_drops_under_load" not in kinds(text), kinds(text)


# ---- USB001: no plug-in sound, no trace in Device Manager ---------------------------------------------------------------

def test_no_beep_no_trace_is_no_usb_event() -> None:
    # jamesmckay.net 2023-11 (two power-only micro-USB leads on an Arduino Micro)
    text = ("I tried unplugging and replugging it. The computer didn't beep as it normally does when you plug something in. "
            "I tried looking in the Windows device manager ... not a trace of it.")
    assert "said_not_seen_on_plug" in kinds(text) and "said_not_in_device_manager" in kinds(text), kinds(text)
    assert first(text) == "USB001", ids(text)


@pytest.mark.parametrize("text", [
    "Does the computer beep when you plug it in?",  # a question
    "If the computer doesn't beep when you plug it in, try another cable.",  # a condition (advice)
    "The computer didn't beep at first, but with the other cable it works when I plug it in.",  # an exception told
    "There is no trace of the error in the log.",  # not Device Manager
])
def test_no_beep_no_trace_not_said(text: str) -> None:
    assert "said_not_seen_on_plug" not in kinds(text) and "said_not_in_device_manager" not in kinds(text), kinds(text)


# ---- SER002: ModemManager said to write AT commands to the port ---------------------------------------------------------

def test_modemmanager_writes_at_commands() -> None:
    # nordicsemi/nRF-Sniffer-for-802.15.4#15
    text = ("During setup of the sniffer on Linux, i found that `ModemManager` tries to write AT commands on the serial \n"
            "of the sniffer device, which caused the initialization fault.")
    assert "said_modemmanager_holds" in kinds(text), kinds(text)
    assert first(text) == "SER002", ids(text)


@pytest.mark.parametrize("text", [
    "Disable ModemManager: it writes AT commands to every ttyACM port.",  # advice
    "ModemManager does not write anything to the port here.",  # a negation
])
def test_modemmanager_writes_not_said(text: str) -> None:
    assert "said_modemmanager_holds" not in kinds(text), kinds(text)


# ---- SER006: the UART link said to work only once both sides shared ground ----------------------------------------------

@pytest.mark.parametrize("text", [
    "I only had success after having the Pi and the Mini share ground off the same power supply.",  # gist metaquanta/6103fb77
    "The FTDI adapter only worked once I connected the grounds of both boards.",  # from the row's format
])
def test_common_ground_said(text: str) -> None:
    assert "said_common_ground_fixed" in kinds(text), kinds(text)
    assert first(text) == "SER006", ids(text)


@pytest.mark.parametrize("text", [
    "Does it only work after you share ground between the Pi and the board?",  # a question
    "Make sure the Pi and the board share ground.",  # advice
    "It did not work even after I connected the grounds of the Pi and the board.",  # a negation
    "The CAN bus only worked after I connected the grounds of both nodes.",  # a CAN bus
    "The ST-Link only worked once I connected the ground to the target.",  # an SWD probe
])
def test_common_ground_not_said(text: str) -> None:
    assert "said_common_ground_fixed" not in kinds(text), kinds(text)


# ---- SER003: OctoPrint's "multiple access on port?" while the printer runs Klipper ----------------------------------------

_OCTO = ("Error: SerialException: 'device reports readiness to read but returned no data (device disconnected or multiple access "
         "on port?)' @ comm.py:_readline:2581\n")


def test_octoprint_multiple_access_with_klipper_is_a_held_port() -> None:
    # Klipper3d/klipper#839 (CR-10S, the OctoKlipper plugin installed)
    text = _OCTO + "\nI also have the OctoKlipper plugin installed on my octroprint server.\n"
    assert "said_klipper_host" in kinds(text), kinds(text)
    assert first(text) == "SER003", ids(text)


@pytest.mark.parametrize("extra", [
    "",  # OctoPrint with Marlin: a cable, noise or the supply (USB003's rule)
    "\nI don't use Klipper on this printer.\n",  # a negation
    "\nShould I switch to Klipper?\n",  # a question
    "\nI am thinking about installing Klipper before the next print.\n",  # a plan
])
def test_octoprint_multiple_access_without_klipper(extra: str) -> None:
    text = _OCTO + extra
    assert "said_klipper_host" not in kinds(text), kinds(text)
    assert first(text) == "USB003", ids(text)


# ---- SER007: a link said to fail at a named rate ------------------------------------------------------------------------

def test_fails_at_named_rate() -> None:
    # LONGER3D/klipper-for-longer-3d-printers#5 (the fork's default rate, typed as 225000; 115200 on both ends worked)
    text = "Klipper was unable to flash the board at the default speed of 225000 baud. To get it to work one has to:\n"
    evs = [e for e in events(text, "claims") if e["kind"] == "said_baud_only"]
    assert evs and evs[0]["baud"] == 225000, kinds(text)
    assert first(text) == "SER007", ids(text)


@pytest.mark.parametrize("text", [
    "Is it unable to connect at 250000 baud?",  # a question
    "If it fails to connect at 250000 baud, try 115200.",  # a condition
    "avrdude failed to sync at a bitclock of 1000 kHz with my USBasp.",  # an ISP clock
    "The node was unable to communicate at the CAN bus speed of 500000.",  # a CAN bus
])
def test_fails_at_named_rate_not_said(text: str) -> None:
    assert "said_baud_only" not in kinds(text), kinds(text)


# ---- review s25: what the rows took that they should not --------------------------------------------------------------
# (from the rows' formats: sentences a forum reply or a thread's later post would hold)

@pytest.mark.parametrize("text", [
    "I uninstalled brltty and the board still fails to show up in the port list.",  # a cure that did not help
    "Removed brltty, rebooted, the ttyUSB0 appears for a second and then disappears again.",  # a cure that did not hold
    "After removing brltty it worked for a moment, then the port vanished again.",
    "I tried removing brltty, which fixed it for others, but my ttyUSB0 stays missing.",  # someone else's cure
    "Someone on reddit said removing brltty fixed it for the CH340.",  # hearsay
    "Removing brltty usually fixes it for the CH340.",  # general knowledge
    "Removing brltty should fix it, the CH340 port will appear.",  # a prediction
    "You need to remove brltty, that fixed it for me and the CH340 appears.",  # advice to someone else
    "Removing brltty fixed the CH340 issue but now I get permission denied on the port.",  # cured, and another fault now
    "I thought brltty was blocking my CH340 port, but it was the cable.",  # a guess dropped
])
def test_brltty_cure_not_told(text: str) -> None:
    assert not any(k in ("said_brltty_claims", "said_brltty_removed_fixed") for k in kinds(text)), kinds(text)
    assert "SER001" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "I purged brltty and the CH340 works now.",
    "sudo apt remove brltty fixed it for my CH340.",
    "Removing brltty fixed it, now /dev/ttyUSB0 shows up.",
])
def test_brltty_cure_told(text: str) -> None:
    assert "said_brltty_removed_fixed" in kinds(text), kinds(text)
    assert first(text) == "SER001", ids(text)


@pytest.mark.parametrize("extra", [
    "\nI installed Klipper on my other printer, this one runs Marlin.\n",  # another printer
    "\nI was running Klipper last year but went back to Marlin.\n",  # a setup given up
    "\nI uninstalled the OctoKlipper plugin, it still happens.\n",  # Klipper taken away
    "\nI installed Klipper but the klipper service is stopped.\n",  # klippy not running
    "\nI'm using the Klipper firmware and OctoPrint is connected to /tmp/printer.\n",  # already on klippy's port
])
def test_octoprint_multiple_access_klipper_not_holding(extra: str) -> None:
    text = _OCTO + extra
    assert "said_klipper_host" not in kinds(text), kinds(text)
    assert first(text) == "USB003", ids(text)


def test_octoprint_multiple_access_printer_runs_klipper() -> None:
    # from the row's format: the family's own wording ("runs Klipper")
    text = _OCTO + "\nOctoPrint on a Pi 4, the printer runs Klipper.\n"
    assert "said_klipper_host" in kinds(text), kinds(text)
    assert first(text) == "SER003", ids(text)


@pytest.mark.parametrize("text", [
    "The machine didn't beep when I plugged the power in, the buzzer seems dead.",  # a printer's own beeper
    "The CNC machine didn't beep when I plugged in the spindle.",
    "The host didn't beep when I plugged the board in, but it showed up as COM5 anyway.",  # found anyway
    "The computer didn't beep when I plugged it in because I have sounds turned off.",
    "I checked device manager, no trace of the COM port error anymore, it works now.",  # an error gone
    "There is no trace of the board in Device Manager until I press reset twice.",  # there after all
    "In device manager there was no trace of it, but after installing the CH340 driver it showed up.",
])
def test_no_plug_event_not_said(text: str) -> None:
    assert "said_not_seen_on_plug" not in kinds(text) and "said_not_in_device_manager" not in kinds(text), kinds(text)
    assert "USB001" not in ids(text), ids(text)


def test_no_plug_sound_said_without_beep() -> None:
    # from the row's format: its "make a sound" branch had no hint to reach it
    text = "Windows didn't make the usual sound when I plugged the Arduino in."
    assert "said_not_seen_on_plug" in kinds(text), kinds(text)
    assert first(text) == "USB001", ids(text)


@pytest.mark.parametrize("text", [
    "I checked and the baud rates don't match, so I changed it, but it still fails.",  # a cure that did not help
    "The baud rate doesn't match the one in the datasheet but it works fine.",  # did not matter
    "The baud rate mismatch was fixed in v2.1, so that is not it.",  # a fixed bug
    "I was sure the baud rates did not match, but both are 115200.",  # a guess dropped
    "I set a different baud rate than the default in menuconfig, then it flashed fine.",  # a success story
])
def test_baud_mismatch_not_told(text: str) -> None:
    assert "said_baud_mismatch" not in kinds(text), kinds(text)
    assert "SER007" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "The hotend thermistor disconnects during heat up, causing a thermal runaway on the printer.",  # a part comes loose
    "The endstop wire disconnects while homing on the printer.",
    "The display disconnects every time I home, USB is fine.",
])
def test_usb_drops_not_a_part(text: str) -> None:
    assert "said_usb_drops_under_load" not in kinds(text), kinds(text)
    assert "USB003" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "The board works after adding a ground wire to the heated bed, serial is fine.",  # an earth, not the UART's ground
    "The UART link worked after I tied the grounds together, then died again after an hour.",  # did not hold
])
def test_common_ground_not_told(text: str) -> None:
    assert "said_common_ground_fixed" not in kinds(text), kinds(text)
    assert "SER006" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    "I checked what ModemManager writes to the journal, nothing about the port.",  # its log, not the port
    "ModemManager writes its state to the log when I plug the board in.",
])
def test_modemmanager_writes_its_log_not_the_port(text: str) -> None:
    assert "said_modemmanager_holds" not in kinds(text), kinds(text)


def test_modemmanager_writes_to_the_port() -> None:
    # from the row's format
    text = "ModemManager is writing to the ttyACM0 port while avrdude flashes."
    assert "said_modemmanager_holds" in kinds(text), kinds(text)
