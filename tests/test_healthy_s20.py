"""(healthy s20) A successful run is never a fault: warnings and error-looking lines that a tool prints on a run that
worked stand down when the run itself, or a later line of the same text, shows the step worked. The failure forms
still fire.

Every text here is written "from the source's format" (the tools' printf/format strings at the versions named), not
pasted by anyone."""

from __future__ import annotations

from textkit import events, findings, serious

# --- pyOCD 0.2x-0.3x: the libusb warning on a run that reached a probe anyway (a CMSIS-DAPv1 HID probe) -----------------
PYOCD_WARN = "0000367 W STLink, CMSIS-DAPv2 and PicoProbe probes are not supported because no libusb library was found. [common]"
PYOCD_LOAD = PYOCD_WARN + """
0000547 I Loading /home/me/build/blink.hex [load_cmd]
[==================================================] 100%
0001983 I Erased 4096 bytes (2 sectors), programmed 4096 bytes (2 pages), skipped 0 bytes (0 pages) at 3.04 kB/s [loader]
"""
PYOCD_CONNECT = "0000671:WARNING:common:STLink and CMSIS-DAPv2 probes are not supported because no libusb library was found.\n" \
    "0000912:INFO:dap:DP IDR = 0x2ba01477 (v2 rev2)\n"


def test_pyocd_libusb_warning_moot_after_a_load_or_a_connect() -> None:
    for text in (PYOCD_LOAD, PYOCD_CONNECT):
        assert serious(text) == [], text
        assert "libusb_missing" not in [e["kind"] for e in events(text, "openocd")]


def test_pyocd_libusb_warning_with_no_probe_still_fires() -> None:
    text = PYOCD_WARN + "\n0000775 C No available debug probes are connected [__main__]\n"
    assert "SWD001" in serious(text)
    assert "SWD001" in serious(PYOCD_WARN)


# --- Linux hub.c: an enumeration try that failed, then the same port enumerated (kernel 4.x-6.x dmesg) -------------------
DMESG_RETRIED = """[  812.113240] usb 3-2: new full-speed USB device number 7 using xhci_hcd
[  812.241377] usb 3-2: device descriptor read/64, error -71
[  812.477402] usb 3-2: device descriptor read/64, error -71
[  812.713391] usb 3-2: new full-speed USB device number 8 using xhci_hcd
[  812.842598] usb 3-2: New USB device found, idVendor=1d50, idProduct=614e, bcdDevice= 1.00
[  812.842605] usb 3-2: New USB device strings: Mfr=1, Product=2, SerialNumber=3
[  812.842608] usb 3-2: Product: stm32f103xe
[  812.842610] usb 3-2: Manufacturer: Klipper
[  812.842612] usb 3-2: SerialNumber: 32FFD8054246303138611843
[  812.845931] cdc_acm 3-2:1.0: ttyACM0: USB ACM device
"""


def test_enumeration_retry_then_clean_enumeration_is_no_warning() -> None:
    assert serious(DMESG_RETRIED) == []
    found = findings(DMESG_RETRIED)
    assert found and found[0].id == "USB002" and found[0].severity == "info"


def test_enumeration_errors_with_no_recovery_still_fire() -> None:
    text = "\n".join(DMESG_RETRIED.splitlines()[:4]) + "\n[  813.100000] usb 3-2: device descriptor read/64, error -71\n" \
        "[  813.300000] usb usb3-port2: unable to enumerate USB device\n"
    assert serious(text)[:1] == ["USB002"]


def test_enumeration_error_on_another_port_still_stands() -> None:
    # port 3-1 failed and never came back; 3-2 enumerating does not overcome it
    text = "[  811.241377] usb 3-1: device descriptor read/64, error -71\n" + DMESG_RETRIED
    assert serious(text)


# --- esptool 2.x-5.x loader.py get_crystal_freq(): the estimate's warning on a flash that verified -----------------------
ESPTOOL_XTAL = """esptool.py v3.3
Serial port /dev/ttyUSB0
Connecting....
WARNING: Detected crystal freq 41.01MHz is quite different to normalized freq 40MHz. Unsupported crystal in use?
Chip is ESP32-D0WDQ6 (revision 1)
Features: WiFi, BT, Dual Core, 240MHz, VRef calibration in efuse, Coding Scheme None
Crystal is 40MHz
MAC: 24:6f:28:11:22:33
Uploading stub...
Running stub...
Stub running...
Configuring flash size...
Auto-detected Flash size: 4MB
Compressed 884112 bytes to 567891...
Wrote 884112 bytes (567891 compressed) at 0x00010000 in 13.5 seconds (effective 524.1 kbit/s)...
Hash of data verified.

Leaving...
Hard resetting via RTS pin...
"""


def test_esptool_crystal_estimate_warning_is_not_a_failure() -> None:
    assert serious(ESPTOOL_XTAL) == []
    v5 = ESPTOOL_XTAL.replace("WARNING: Detected crystal freq 41.01MHz is quite different to normalized freq 40MHz.",
                              "Warning: Detected crystal freq 41.01 MHz is quite different to normalized freq 40 MHz.")
    assert serious(v5) == []


def test_esptool_crystal_warning_beside_a_real_failure_leaves_the_failure_to_speak() -> None:
    text = "\n".join(ESPTOOL_XTAL.splitlines()[:11]) + "\nA fatal error occurred: Timed out waiting for packet header\n"
    assert serious(text)


# --- stlink-tools 1.5-1.8 usb.c: another ST device skipped on a run whose write verified ---------------------------------
STFLASH_SKIP = """st-flash 1.7.0
2022-11-05T18:00:01 WARN usb.c: skipping ST device : 0x483:0xdf11)
2022-11-05T18:00:01 INFO common.c: F4xx: 128 KiB SRAM, 512 KiB flash in at least 16 KiB pages.
2022-11-05T18:00:01 INFO common.c: Attempting to write 24020 (0x5dd4) bytes to stm32 address: 134217728 (0x8000000)
2022-11-05T18:00:02 INFO common.c: Finished erasing 2 pages of 16384 (0x4000) bytes
2022-11-05T18:00:02 INFO common.c: Starting Flash write for F2/F4/F7/L4
2022-11-05T18:00:02 INFO flash_loader.c: Successfully loaded flash loader in sram
2022-11-05T18:00:02 INFO common.c: Target voltage (2890 mV) too low for 32-bit flash, using 8-bit flash writes
2022-11-05T18:00:03 INFO common.c: Starting verification of write complete
2022-11-05T18:00:03 INFO common.c: Flash written and verified! jolly good!
"""


def test_stflash_skipping_a_dfu_board_beside_a_verified_write_is_healthy() -> None:
    assert serious(STFLASH_SKIP) == []
    assert "skipping_st_device" not in [e["kind"] for e in events(STFLASH_SKIP, "stlink")]


def test_stflash_skipping_the_dfu_board_it_was_pointed_at_still_fires() -> None:
    text = "\n".join(STFLASH_SKIP.splitlines()[:2]) + "\n2022-11-05T18:00:01 WARN usb.c: Couldn't find any ST-Link devices\n"
    assert serious(text)[:1] == ["BOOT006"]


# --- OpenOCD 0.10-0.12 target.c / stlink_usb.c: a target lost during a session (board reset) and examined again -----------
OPENOCD_SESSION = """Open On-Chip Debugger 0.12.0
Info : clock speed 1000 kHz
Info : STLINK V2J37S7 (API v2) VID:PID 0483:3748
Info : Target voltage: 3.238283
Info : [stm32f1x.cpu] Cortex-M3 r1p1 processor detected
Info : [stm32f1x.cpu] target has 6 breakpoints, 4 watchpoints
Info : starting gdb server for stm32f1x.cpu on 3333
Info : Listening on port 3333 for gdb connections
Info : accepting 'gdb' connection on tcp/3333
Info : Previous state query failed, trying to reconnect
Polling target stm32f1x.cpu failed, trying to reexamine
Info : [stm32f1x.cpu] Cortex-M3 r1p1 processor detected
Info : [stm32f1x.cpu] target has 6 breakpoints, 4 watchpoints
[stm32f1x.cpu] halted due to debug-request, current mode: Thread 
xPSR: 0x01000000 pc: 0x08000144 msp: 0x20005000
Info : dropped 'gdb' connection
"""


def test_openocd_target_lost_then_examined_again_is_healthy() -> None:
    assert serious(OPENOCD_SESSION) == []
    v010 = OPENOCD_SESSION.replace("Info : [stm32f1x.cpu] target has 6 breakpoints, 4 watchpoints",
                                   "Info : stm32f1x.cpu: hardware has 6 breakpoints, 4 watchpoints")
    assert serious(v010) == []


def test_openocd_target_lost_for_good_still_fires() -> None:
    cut = OPENOCD_SESSION.split("Polling target")[0] + "Polling target stm32f1x.cpu failed, trying to reexamine\n" \
        "Error: jtag status contains invalid mode value - communication failure\nExamination failed, GDB will be halted. Polling again in 100ms\n"
    assert serious(cut)[:1] in (["SWD004"], ["SWD002"])
    # lost again after coming back: the last loss has no examine after it
    again = OPENOCD_SESSION.replace("Info : dropped 'gdb' connection", "Polling target stm32f1x.cpu failed, trying to reexamine")
    assert serious(again)


# --- Arduino IDE 1.6-1.8 arduino-builder / arduino-cli: the library architecture note on a build that uploads ---------------
ARDUINO_LIB_NOTE = ("WARNING: library LiquidCrystal_I2C claims to run on avr architecture(s) and may be incompatible with your current "
                    "board which runs on esp32 architecture(s).")


def test_arduino_library_architecture_note_is_not_a_failure() -> None:
    text = ARDUINO_LIB_NOTE + "\n" + ESPTOOL_XTAL.replace(
        "WARNING: Detected crystal freq 41.01MHz is quite different to normalized freq 40MHz. Unsupported crystal in use?\n", "")
    assert serious(text) == []
    fail = ARDUINO_LIB_NOTE + "\nesptool.py v4.5.1\nSerial port COM5\nConnecting......................................\n\n" \
        "A fatal error occurred: Failed to connect to ESP32: Timed out waiting for packet header\n"
    assert serious(fail)


# --- the rows added this round: each example matches its own row first; a strong row starts its parser's block -------------
def test_new_rows_match_their_examples() -> None:
    from doctor.parsers import arduino, openocd, parse_stream
    rows = [(openocd.OpenocdParser, r) for r in openocd.MESSAGES if r.kind == "state_query_failed"] + \
        [(arduino.ArduinoParser, r) for r in arduino.MESSAGES if "claims to run on" in r.pattern]
    assert len(rows) == 2
    for cls, row in rows:
        assert row.example and row.src
        matched = cls.table.match(row.example.strip())
        assert matched and matched[0][0] is row, row.example
        if row.strength == "strong":
            blocks = parse_stream(iter(["some prose before the paste", "", row.example]), "t")["sources"][0]["blocks"]
            assert blocks and blocks[-1]["tool"] == cls.name


# --- probe-rs-cli 0.1x-0.2x run: the RTT attach error record that ends "Continuing without RTT" after a finished flash -------
PROBE_RS_RUN = """     Erasing sectors ✔ [00:00:00] [#############################]  6.00KiB/ 6.00KiB @  5.25KiB/s (eta 0s )
 Programming pages   ✔ [00:00:01] [#############################]  5.75KiB/ 5.75KiB @  2.03KiB/s (eta 0s )
    Finished in 2.262s
 ERROR probe_rs_cli::run > Error attempting to attach to RTT: RTT control block not found in target memory.
- Make sure RTT is initialized on the target, AND that there are NO target breakpoints before RTT initalization.
- Depending on the target, sleep modes can interfere with RTT. Continuing without RTT..
"""


def test_probe_rs_run_continuing_without_rtt_is_healthy() -> None:
    assert serious(PROBE_RS_RUN) == []


def test_rtt_attach_error_that_does_not_continue_still_fires() -> None:
    cut = "\n".join(PROBE_RS_RUN.splitlines()[:5]) + "\n"
    assert serious(cut)[:1] == ["GEN001"]
    embed = "Finished flashing in 1.964s\n       Error Error attaching to RTT: RTT control block not found in target memory.\n"
    assert serious(embed)[:1] == ["GEN001"]


# --- avrdude 5.x-8.x usbasp.c usbOpenDevice: another device with the programmer's VID:PID it could not open or query ---------
USBASP_OTHER = """avrdude: Warning: cannot query manufacturer for device: Operation not permitted
avrdude: Warning: cannot query product for device: Operation not permitted
avrdude: AVR device initialized and ready to accept instructions

Reading | ################################################## | 100% 0.00s

avrdude: Device signature = 0x1e9307 (probably m8)
avrdude: reading input file "firmware.hex"
avrdude: writing flash (2048 bytes):

Writing | ################################################## | 100% 1.35s

avrdude: 2048 bytes of flash written
avrdude: verifying flash memory against firmware.hex:
avrdude: reading on-chip flash data:

Reading | ################################################## | 100% 0.75s

avrdude: verifying ...
avrdude: 2048 bytes of flash verified

avrdude done.  Thank you.
"""


def test_usbasp_warning_about_another_device_beside_a_verified_write_is_healthy() -> None:
    assert serious(USBASP_OTHER) == []
    denied = USBASP_OTHER.replace("Warning: cannot query manufacturer for device: Operation not permitted",
                                  "Warning: cannot open USB device: Permission denied")
    assert serious(denied) == []


def test_usbasp_access_warning_with_no_programmer_reached_still_fires() -> None:
    text = "avrdude: Warning: cannot open USB device: Permission denied\n" \
           "avrdude: error: could not find USB device with vid=0x16c0 pid=0x5dc vendor='www.fischl.de' product='USBasp'\n"
    assert serious(text)[:1] == ["USB004"]
    zeros = USBASP_OTHER.split("avrdude: Device signature")[0] + "avrdude: Device signature = 0x000000\n" \
        "avrdude: Yikes!  Invalid device signature.\n"
    assert serious(zeros)


# --- picotool 2.x load -v: several families in the UF2, the first one accepted by the device's ROM -------------------------
PICOTOOL_MULTI = """Tracking device serial number 8E2A6B1C4D3F2E10 for reboot
The device was asked to reboot into BOOTSEL mode so the command can be executed.

WARNING: Multiple family IDs in a single UF2 file - only using first one
Family ID 'rp2350-arm-s' can be downloaded in partition 0:
  00002000->00200000
Loading into Flash:   [==============================]  100%
Verifying Flash:      [==============================]  100%
  OK

The device was rebooted to start the application.
"""


def test_picotool_multiple_families_with_the_first_accepted_by_the_rom_is_healthy() -> None:
    assert serious(PICOTOOL_MULTI) == []


def test_picotool_multiple_families_without_the_roms_word_still_warns() -> None:
    assert serious(PICOTOOL_MULTI.replace("'rp2350-arm-s'", "'absolute'"))[:1] == ["RP003"]
    no_v = "\n".join(line for line in PICOTOOL_MULTI.splitlines() if "can be downloaded" not in line and "->" not in line)
    assert serious(no_v)[:1] == ["RP003"]
