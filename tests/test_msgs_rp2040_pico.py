"""rp2040-pico round, session 9: the REPL tools of MicroPython boards (Thonny, mpremote, rshell, ampy/pyboard.py), picotool's
targeted search (--bus/--address), rp2040load's dots alone, UF2 copiers that find no mounted drive, a CMSIS-DAP probe the
kernel enumerated but the debug tool could not open, OpenOCD's obsolete picoprobe driver, and what people say about an
RP2040 that needs RESET after the host boots or a firmware whose USB fails where another works.

Each family is recognised in several wordings (tool versions, wrappers, posts) and, where no catalogue id names the cause
(a program holding MicroPython's REPL, an unmounted drive, a stale USB address, a firmware USB regression), doctor says
GEN001 with the family's question rather than a specific id on weak evidence.
"""

from __future__ import annotations

import pytest

from textkit import events, first, serious

# --- MicroPython REPL tools ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,kind", [
    # Thonny 3.3-4.x shell and firmware installer
    ("Couldn't find the device automatically. ", "mp_device_not_found"),
    ('"Couldn\'t find the device automatically.', "mp_device_not_found"),
    ("Warning: Could not find port in 10 seconds", "mp_device_not_found"),
    ("Device is busy or does not respond. Your options:", "mp_repl_unresponsive"),
    ("Device is busy -- can't perform this action now.", "mp_repl_unresponsive"),
    ("Device is busy or not response . please wait or cancel current work.", "mp_repl_unresponsive"),
    ("PROBLEM IN THONNY'S BACK-END: Internal error (serial.serialutil.SerialTimeoutException: Write timeout).", "mp_backend_error"),
    # pyboard.py as mpremote, ampy, rshell and PyCharm's microupload raise it
    ("mpremote.transport.TransportError: could not enter raw repl", "mp_repl_unresponsive"),
    ("ampy.pyboard.PyboardError: could not enter raw repl", "mp_repl_unresponsive"),
    ("mpremote.pyboard.PyboardError: could not enter raw repl", "mp_repl_unresponsive"),
    ("!!PyboardError!!", None),
    ("mpremote: failed to access /dev/ttyACM0 (it may be in use by another program)", None),  # serial_errors.py's
    ("mpremote: no device found", "mp_device_not_found"),
    # rshell
    ("Trying to connect to REPL ....................Unable to connect to REPL", "mp_repl_unresponsive"),
    ("No MicroPython boards connected - use the connect command to add one", "mp_device_not_found"),
    # Mu editor's dialog and log (mu-editor#2341, #2312)
    ("Could not find an attached device.", "mp_device_not_found"),
    ("2022-07-19 12:14:33,682 - mu.interface.main:723(show_message) DEBUG: Could not find an attached device.", "mp_device_not_found"),
])
def test_repl_tool_rows(line: str, kind: str | None) -> None:
    got = [e["kind"] for e in events(line, "serial", "micropython-tools")]
    if kind is None:
        assert got == []
    else:
        assert got == [kind]


@pytest.mark.parametrize("line,board,chip", [
    ("MicroPython v1.20.0 on 2023-04-26; Raspberry Pi Pico W with RP2040", "Raspberry Pi Pico W", "rp2040"),
    ("MicroPython v1.25.0, picow v1.25.0 on 2025-05-12; Raspberry Pi Pico W with RP2040", "Raspberry Pi Pico W", "rp2040"),
    ("MicroPython v1.24.0-preview.224.g6c3dc0c0b on 2024-08-22; Raspberry Pi Pico 2 with RP2350", "Raspberry Pi Pico 2", "rp2350"),
    ("Adafruit CircuitPython 9.2.0-beta.0 on 2024-09-17; Raspberry Pi Pico 2 with rp2350a", "Raspberry Pi Pico 2", "rp2350a"),
])
def test_banner_is_healthy(line: str, board: str, chip: str) -> None:
    evs = events(line + '\nType "help()" for more information.\n>>>', "serial", "micropython-tools")
    assert evs and evs[0]["kind"] == "mp_banner" and evs[0]["board"] == board and evs[0]["chip"] == chip
    assert serious(line) == []


def test_keyboardinterrupt_traceback_before_the_banner_is_no_failure() -> None:
    # Thonny interrupts the running main.py when it connects: the traceback is the interrupt, then the prompt
    text = "\n".join([
        "Traceback (most recent call last):",
        '  File "main.py", line 1, in <module>',
        '  File "follow_line.py", line 37, in <module>',
        "KeyboardInterrupt:",
        "MicroPython v1.20.0 on 2023-04-26; Raspberry Pi Pico W with RP2040",
        'Type "help()" for more information.',
        ">>>",
    ])
    assert serious(text) == []


def test_rshell_file_answer_is_no_failure() -> None:
    text = "\n".join([
        "Connecting to /dev/ttyACM0 (buffer-size 512)...",
        "Trying to connect to REPL  connected",
        "Retrieving sysname ... rp2",
        "Retrieving time epoch ... Jan 01, 1970",
        "File '/pyboard/this.machine.cfg' doesn't exist",
        "took 0.047 seconds",
    ])
    assert serious(text) == []


@pytest.mark.parametrize("text", [
    "Device is busy or does not respond. Your options:\n\n  - wait until it completes current work;\n  - use Ctrl+C to interrupt current work;",
    "Traceback (most recent call last):\n  File \"/usr/bin/ampy\", line 11, in <module>\n"
    "    raise PyboardError('could not enter raw repl')\nampy.pyboard.PyboardError: could not enter raw repl",
    "Connecting to COM3 (buffer-size 32)...\nTrying to connect to REPL ....................Unable to connect to REPL",
])
def test_repl_unresponsive_is_gen001_with_its_question(text: str) -> None:
    found = [f for f in __import__("textkit").findings(text) if f.severity in ("error", "warning")]
    assert found and found[0].id == "GEN001"
    assert "main.py" in found[0].message and "flash_nuke" in (found[0].ask or "")
    assert "raise " not in found[0].message


def test_thonny_no_port_beats_a_missing_tty_path() -> None:
    # hkgoldenmra 2021: ttyACM0 gone, the installer's port wait failed, no device found: the board never came up as a port
    text = "\n".join([
        "Unable to connect to /dev/ttyACM0: [Errno 2] could not open port /dev/ttyACM0: [Errno 2] No such file or directory: '/dev/ttyACM0'",
        "",
        "Backend terminated or disconnected. Use 'Stop/Restart' to restart.",
        "...",
        "Could not find port in 10 seconds",
    ])
    assert first(text) == "GEN001"
    assert "SER005" not in serious(text)


def test_thonny_permission_denied_stays_ser004() -> None:
    text = ("Unable to connect to /dev/ttyACM0: [Errno 13] could not open port /dev/ttyACM0: [Errno 13] Permission denied: "
            "'/dev/ttyACM0'\n\nTry adding yourself to the 'dialout' group:\n> sudo usermod -a -G dialout <username>\n"
            "(NB! You may need to reboot your system after this!)")
    assert first(text) == "SER004"


# --- picotool's targeted search and rp2040load's dots ---------------------------------------------------------------------

@pytest.mark.parametrize("line,bus,address", [
    ("No accessible RP2040 device in BOOTSEL mode was found at bus 2, address 12.", 2, 12),
    ("No accessible RP-series device in BOOTSEL mode was found at bus 1, address 21.", 1, 21),
    ('When I run .\\picotool.exe load firmware.uf2 --bus 2 --address 12 I get back "No accessible RP2040 device in BOOTSEL '
     'mode was found at bus 2, address 12."', 2, 12),
])
def test_picotool_missing_at_bus_address(line: str, bus: int, address: int) -> None:
    evs = [e for e in events(line, "flash", "picotool") if e["kind"] == "rp2040_not_found"]
    assert evs and evs[0]["bus"] == bus and evs[0]["address"] == address and evs[0]["fail"] is True
    assert first(line) == "GEN001"


def test_picotool_unable_to_connect_at_address_stays_usb004() -> None:
    text = "\n".join([
        "pi@raspberrypi:~/pico/picotool $ picotool info --bus 1 --address 21",
        "No accessible RP2040 device in BOOTSEL mode was found at bus 1, address 21.",
        "",
        "but:",
        "",
        "Device at bus 1, address 21 appears to be a RP2040 device in BOOTSEL mode, but picotool was unable to connect",
    ])
    assert first(text) == "USB004"


def test_rp2040load_dots_alone_after_a_localized_ide() -> None:
    text = "\n".join([
        'Arduino:1.8.13 (Linux), ボード:"Raspberry Pi Pico"',
        "最大16777216バイトのフラッシュメモリのうち、スケッチが13932バイト(0%)を使っています。",
        ".....................",
        "スケッチの書き込み中にエラーが発生しました",
    ])
    assert [e["state"] for e in events(text, "flash", "picotool")] == ["rp2040load"]
    assert first(text) == "USB004"


def test_twenty_dots_alone_do_not_start_rp2040load() -> None:
    assert events("....................", "flash", "picotool") == []


# --- UF2 copiers with the BOOTSEL device on the bus -----------------------------------------------------------------------

@pytest.mark.parametrize("failure", [
    "Error: \"Unable to find mounted pico\"",
    "No drive to deploy.",
])
def test_bootsel_on_the_bus_but_no_drive_is_an_unmounted_drive(failure: str) -> None:
    text = "Bus 003 Device 014: ID 2e8a:0003 Raspberry Pi RP2 Boot\n" + failure
    assert first(text) == "GEN001"
    assert "USB004" not in serious(text) and "BOOT003" not in serious(text)


def test_no_drive_without_the_bus_stays_boot003() -> None:
    assert first("Resetting COM13\nConverting to uf2, output size: 130560, start address: 0x2000\nNo drive to deploy.") == "BOOT003"


# --- debug probes -----------------------------------------------------------------------------------------------------------

def test_cmsis_dap_enumerated_but_not_found_is_usb004() -> None:
    text = "\n".join([
        "[ 6598.233024] usb 1-5.2: New USB device found, idVendor=2e8a, idProduct=000c, bcdDevice= 2.23",
        "[ 6598.233032] usb 1-5.2: Product: Debugprobe on Pico (CMSIS-DAP)",
        "openocd -f interface/cmsis-dap.cfg -f target/rp2350.cfg -c \"adapter speed 5000\"",
        "Open On-Chip Debugger 0.12.0+dev-00002-gcd4873400 (2025-10-18-05:11)",
        "Error: unable to find a matching CMSIS-DAP device",
    ])
    assert first(text) == "USB004"


def test_cmsis_dap_not_found_without_the_bus_stays_swd001() -> None:
    text = "Open On-Chip Debugger 0.12.0\nInfo : Listening on port 4444 for telnet connections\nError: unable to find a matching CMSIS-DAP device"
    assert first(text) != "USB004"


def test_picoprobe_cfg_alone_is_boot006() -> None:
    text = "\n".join([
        "$ openocd -f interface/picoprobe.cfg -f target/rp2040.cfg -s tcl",
        "Open On-Chip Debugger 0.11.0-g228ede43d (2022-11-11-01:03)",
        "Info : RP2040 Flash Bank Command",
        "Error: Failed to open or find the device",
        "Error: Can't find a picoprobe device! Please check device connections and permissions.",
    ])
    assert first(text) == "BOOT006"


# --- what people say ------------------------------------------------------------------------------------------------------

def test_rp2040_needs_reset_after_host_boot_with_stall_is_rp002() -> None:
    text = "\n".join([
        "Like the title says, something prevents the pico zero from intializing if I turn on the host with it connected. "
        "I have to press the reset button for the uart devices to show up on /dev . Also happens with reboots.",
        "[    3.220567] usb 1-4: new full-speed USB device number 3 using xhci_hcd",
        "[    3.373131] usb 1-4: New USB device found, idVendor=3171, idProduct=0060, bcdDevice= 1.00",
        "[    3.487179] usb 1-4: can't set config #1, error -32",
    ])
    assert first(text) == "RP002"


@pytest.mark.parametrize("claim", [
    "Returning to a standard micropython firmware mounts the device correctly again.",
    "The board works fine with the official MicroPython firmware.",
    "Standard micropython 1.28 firmware flashes properly and Thonny connects as expected afterwards.",
])
def test_other_firmware_enumerates_is_not_the_cable(claim: str) -> None:
    text = "\n".join([
        "[  917.908240] usb 2-2: device descriptor read/64, error -110",
        "[  986.852237] usb 2-2: device not accepting address 20, error -62",
        "[  986.852309] usb usb2-port2: unable to enumerate USB device",
        claim,
    ])
    assert first(text) == "GEN001"
    assert "USB002" not in serious(text)


def test_enumeration_failure_alone_stays_usb002() -> None:
    text = "[  917.908240] usb 2-2: device descriptor read/64, error -110\n[  986.852309] usb usb2-port2: unable to enumerate USB device"
    assert first(text) == "USB002"


def test_windows_device_manager_without_a_driver_is_usb004() -> None:
    text = ("As soon as the first sketch is uploaded, the Pi board shows up in Device Manager without a driver.\n"
            "If I load the same sketch without change again, I get an error message and it does not upload.")
    assert first(text) == "USB004"


# --- UF2 file names that name their board -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,family", [
    ("RPI_PICO_W-20240222-v1.22.2.uf2", "rp2040"),
    ("rp2-pico-20210618-v1.16.uf2", "rp2040"),
    ("RPI_PICO2_W-20260824-v1.29.0.uf2", "rp2350-arm-s"),
    ("picow-v1.25.0-pimoroni-micropython.uf2", "rp2040"),
    ("pico2_w-v1.29.0-1-pimoroni-micropython.uf2", "rp2350-arm-s"),
    ("adafruit-circuitpython-raspberry_pi_pico_w-en_US-9.2.1.uf2", "rp2040"),
    ("adafruit-circuitpython-raspberry_pi_pico2_w-en_US-9.2.4.uf2", "rp2350-arm-s"),
])
def test_uf2_file_name_names_the_family(name: str, family: str) -> None:
    evs = [e for e in events(f"I copied {name} onto the drive", "flash", "uf2-drive") if e["kind"] == "uf2_file_family"]
    assert evs and evs[0]["family"] == family


def test_pico_w_build_on_a_pico_2_w_is_rp003() -> None:
    text = ("Pico 2 W won't reboot after flashing with pimoroni udf2\n"
            "when I drag and drop the file into the bootloader, neither picow-v1.25.0-pimoroni-micropython.uf2 nor "
            "picow-v1.25.0-beta1-pimoroni-micropython.uf2 will cause it to reboot")
    assert first(text) == "RP003"


def test_matching_build_is_no_family_mismatch() -> None:
    text = "Pico 2 W: I copied RPI_PICO2_W-20260824-v1.29.0.uf2 to the drive and Thonny connects fine"
    assert "RP003" not in serious(text)
