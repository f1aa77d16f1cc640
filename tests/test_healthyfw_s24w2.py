"""(healthy-fw s24w2) Families found by the second wave's healthy-runs / FW / RP / SER002 gathering.

- probe-rs `info`'s per-architecture notes ("Debugging RISC-V targets over SWD is not supported ...") are no probe fault;
- avrdude's closing "USB access errors detected" note and micronucleus's wait lines stand down on a run that wrote memory;
- avrdude's own "is likely to work when run as root" is not a person saying it works only as root;
- more of the words people use for ModemManager taking the port;
- an image absent from the build's output, said in prose (FW005).

Tool texts are written "from the source's format" (probe-rs-tools cmd/info.rs, avrdude main.c / micronucleus.c) unless a
comment names the thread a sentence was pasted in."""

from __future__ import annotations

from textkit import events, serious
from textkit import findings as findings_of

# --- probe-rs-tools src/bin/probe-rs/cmd/info.rs (0.2x-0.3x), from the source's format ----------------------------------
PROBE_RS_INFO_OK = """Probing target via JTAG

Error identifying target using protocol JTAG: The probe does not support the JTAG protocol.

Probing target via SWD

ARM Chip with debug port Default:
Debug Port: DPv2, MINDP, Designer: Raspberry Pi Trading Ltd, Part: 0x1002, Revision: 0x0, Instance: 0x00
└── 0 MemoryAP
    └── ROM Table (Class 1), Designer: ARM Ltd

Debugging RISC-V targets over SWD is not supported. For these targets, JTAG is the only supported protocol. RISC-V specific information cannot be printed.
Debugging Xtensa targets over SWD is not supported. Xtensa specific information cannot be printed.
No JTAG interface was found on the connected probe. RISC-V specific information cannot be printed.
"""


def test_probe_rs_info_architecture_notes_are_no_fault() -> None:
    assert serious(PROBE_RS_INFO_OK) == []


def test_probe_rs_probe_unsupported_still_fires() -> None:
    # (review s24) the same words as a download's own error, or in its "Caused by:" chain, are that command's failure
    for text in ("$ probe-rs download --chip esp32c3 --protocol swd target/riscv32imc-unknown-none-elf/release/app\n"
                 "Error: Debugging RISC-V targets over SWD is not supported. For these targets, JTAG is the only supported protocol.",
                 "$ probe-rs run --chip ESP32C3 --protocol swd app\nError: Failed to attach to chip\nCaused by:\n"
                 "    0: Connecting to the chip was unsuccessful.\n    1: Debugging RISC-V targets over SWD is not supported."):
        assert "probe_unsupported" in [e["kind"] for e in events(text, "openocd", tool="probe-rs")], text
        assert "SWD008" in serious(text), text
    # the notes beside a probe-rs failure leave the failure its own finding
    assert "SWD002" in serious("Debugging RISC-V targets over SWD is not supported. For these targets, JTAG is the only supported "
                               "protocol. RISC-V specific information cannot be printed.\nError: Failed to attach probe to target")


# --- avrdude 7.1-main src/main.c (closing note) and src/micronucleus.c (-x wait), from the source's format ---------------
MICRONUCLEUS_WROTE = """avrdude -p attiny85 -c micronucleus -x wait -V -U flash:w:Blink2.elf
Warning: unresponsive Micronucleus device detected, please reconnect ...
Error: no device found, waiting for device to be plugged in ...
Error: press CTRL-C to terminate
Reading 588 bytes for flash from input file Blink2.elf
Writing 588 bytes to flash
Writing | ################################################## | 100% 0.14 s 
588 bytes of flash written

USB access errors detected; this could have many reasons; if it is
USB permission problems, avrdude is likely to work when run as root
but this is not good practice; instead you might want to
check out USB port permissions on your OS and set them correctly

Avrdude done.  Thank you.
"""


def test_avrdude_usb_access_note_after_a_write_is_no_fault() -> None:
    assert serious(MICRONUCLEUS_WROTE) == []
    kinds = [e["kind"] for e in events(MICRONUCLEUS_WROTE, "avrdude")]
    assert "usb_access_denied" not in kinds and "usb_open_overcome" in kinds


def test_avrdude_usb_access_note_without_a_write_still_fires() -> None:
    failed = """avrdude -p attiny85 -c micronucleus -x wait -U flash:w:Blink2.elf
Error: no device found, waiting for device to be plugged in ...
Error: press CTRL-C to terminate
Error: cannot find device with Micronucleus bootloader (16D0:0753)

USB access errors detected; this could have many reasons; if it is
USB permission problems, avrdude is likely to work when run as root
but this is not good practice; instead you might want to
check out USB port permissions on your OS and set them correctly

Avrdude done.  Thank you.
"""
    kinds = [e["kind"] for e in events(failed, "avrdude") if e.get("fail")]
    assert "usb_access_denied" in kinds
    assert serious(failed)


# (review s24) a5/a8: the wait the device never ended (^C), and a first run's failure a later run (with sudo) does not undo
MICRONUCLEUS_NEVER_CAME = """avrdude -C avrdude.conf -v -p attiny85 -c micronucleus -x wait -U flash:w:Blink.ino.hex:i
avrdude: Version 7.1
Using Programmer              : micronucleus
avrdude micronucleus_open() error: no device found, waiting for device to be plugged in ...
avrdude micronucleus_open() error: press CTRL-C to terminate
^C
"""

TWO_RUNS_SUDO_WROTE = """$ avrdude -p attiny85 -c micronucleus -x wait -U flash:w:Blink2.elf
Error: no device found, waiting for device to be plugged in ...
Error: press CTRL-C to terminate
Warning: unresponsive Micronucleus device detected, please reconnect ...
Error: cannot find device with Micronucleus bootloader (16D0:0753)

USB access errors detected; this could have many reasons; if it is
USB permission problems, avrdude is likely to work when run as root
but this is not good practice; instead you might want to
check out USB port permissions on your OS and set them correctly

Avrdude done.  Thank you.

$ sudo avrdude -p attiny85 -c micronucleus -x wait -U flash:w:Blink2.elf
Reading 588 bytes for flash from input file Blink2.elf
Writing 588 bytes to flash
Writing | ################################################## | 100% 0.14 s 
588 bytes of flash written

Avrdude done.  Thank you.
"""


def test_micronucleus_wait_that_never_found_the_device_is_a_failure() -> None:
    assert [e for e in events(MICRONUCLEUS_NEVER_CAME, "avrdude") if e.get("fail")]
    assert serious(MICRONUCLEUS_NEVER_CAME)


def test_avrdude_write_in_a_later_run_leaves_the_first_runs_usb_note() -> None:
    failing = [e["kind"] for e in events(TWO_RUNS_SUDO_WROTE, "avrdude") if e.get("fail")]
    assert "usb_access_denied" in failing and "tool_error" in failing
    found = findings_of(TWO_RUNS_SUDO_WROTE)
    assert found and found[0].id == "USB004" and found[0].severity == "error"
    # the same run, write before its own closing note (and the wait before the write): no fault (the heldout case's form)
    one_run = TWO_RUNS_SUDO_WROTE.split("$ sudo ")[1]
    assert serious(one_run.replace("Reading 588", "Error: press CTRL-C to terminate\nReading 588")) == []


def test_avrdude_likely_to_work_as_root_is_not_a_claim() -> None:
    assert "said_works_only_as_root" not in [e["kind"] for e in events(
        "USB permission problems, avrdude is likely to work when run as root", "claims")]
    # a person's own account still counts
    assert "said_works_only_as_root" in [e["kind"] for e in events("It works when I run it as root.", "claims")]


# --- prose: ModemManager taking the port ------------------------------------------------------------------------------
MM_SAID = [
    "Modem manager in Ubuntu GNU/Linux gets in the way.",  # mlt/schwinn810#26
    "After some debugging i found out, the process ModemManager is blocking the device while octoprint starts up.",  # guysoft/OctoPi#570
    "the Ubuntu ModemManager is trying to open the serial port /dev/ttyACM0 and as this is no modem an error get logged",  # Pulse-Eight/libcec#193
    "ModemManager probes the new ttyACM0 every time I plug the board in.",
    # guysoft/OctoPi#570's line: the cure (apt remove) in the next sentence leaves the cause told
    "After some debugging i found out, the process ModemManager is blocking the device while octoprint starts up. removing that "
    "package ( apt remove modemmanager ) solved it.",
]
MM_NOT = [
    "ModemManager is not blocking the port.",
    "Could ModemManager be blocking the port?",
    "Make sure ModemManager is not probing the device.",
    "If ModemManager opens the port, stop it.",
    "I checked and ModemManager never opened the port.",
    "ModemManager opens the modem connection to my LTE stick just fine.",
    "ModemManager doesn't get in the way here.",
    "Disable ModemManager: it blocks every new ttyACM port.",
    "ModemManager is known to block serial ports, so I removed it before flashing.",
    "ModemManager is not trying to open the port, this board is no modem.",
    "Without these changes, ModemManager would open /dev/ttyACM0.",
    # (review s24) advice, guesses, general knowledge, a service ruled out, a ModemManager denied
    "Just uninstall ModemManager, it gets in the way of flashing.",
    "On Ubuntu, ModemManager gets in the way: sudo systemctl disable ModemManager.",
    "ModemManager blocking the port is a common problem with Arduino on Ubuntu.",
    "ModemManager gets in the way for the first 30 seconds, so wait before you flash.",
    "I thought ModemManager was blocking the device, but it was the brltty service.",
    "It's probably ModemManager blocking the device.",
    "Please try: sudo apt remove modemmanager, modemmanager gets in the way of ttyACM devices.",
    "There is no modem-manager installed here, so nothing else opens the port /dev/ttyACM0.",
]


def test_modemmanager_taking_the_port_said() -> None:
    for s in MM_SAID:
        assert "said_modemmanager_holds" in [e["kind"] for e in events(s, "claims")], s
    assert "SER002" in serious(MM_SAID[0] + " SerialException details say \"Device or resource busy\". "
                               "PID of modem-manager can be found using `sudo fuser /dev/ttyUSB0` when this happens.")


def test_modemmanager_not_said() -> None:
    for s in MM_NOT:
        assert "said_modemmanager_holds" not in [e["kind"] for e in events(s, "claims")], s


# --- prose: the image absent from the build's output (DiSlord/NanoVNA-D#3) ---------------------------------------------
def test_image_absent_from_build_output_said() -> None:
    for s in ("The dfu-util -d 0483:df11 -a 0 -s 0x08000000:leave -D build/ch.bin fails with no ch.bin in the build directory.",
              "That is my point.  I run make and the file ch.bin is not there."):
        assert "said_image_not_built" in [e["kind"] for e in events(s, "claims")], s
    for s in ("Is there no ch.bin in the build directory?",
              "Make sure there is no ch.bin in the build directory before you run make.",
              "After flashing, the file firmware.bin is not there on the SD card, it was renamed.",
              "ch.bin is a product of the build, run make and you will get ch.bin in the build folder.",
              # (review s24) elsewhere, not yet, or left out on purpose: the build worked
              "I compiled it and the file firmware.bin is not there in /tmp, it's in out/.",
              "Run make; the file klipper.bin is not there until the build finishes.",
              "ls build/ shows ch.elf ch.hex ch.map, no ch.bin in the build directory because USE_BIN is off."):
        assert "said_image_not_built" not in [e["kind"] for e in events(s, "claims")], s


# --- prose: the image said not to fit into the chip (FW004) -------------------------------------------------------------
def test_image_said_not_to_fit() -> None:
    said = "Unfortunately, Katapult + Klipper do not fit into this microcontroller version."  # RobertLorincz/Orbiter-Toolboards#8
    assert "said_image_too_big" in [e["kind"] for e in events(said, "claims")]
    assert "FW004" in serious(said)
    for s in ("The firmware won't fit in the flash of the STM32F103C6.",
              # (review s24) "display" names the image's feature, not what it should fit into; "too big to fit"
              "The firmware with display support doesn't fit into the flash of the STM32F103C8.",
              "The firmware is too big to fit into the flash of the STM32F042."):
        assert "said_image_too_big" in [e["kind"] for e in events(s, "claims")], s
    for s in ("Does the firmware fit into the flash?",
              "If the firmware does not fit into the flash, disable some features.",
              "The firmware does not fit into RAM.",
              "Make sure the firmware does not fit into the bootloader area.",
              "The board doesn't fit into the case.",
              "The firmware fits into the flash with room to spare.",
              # (review s24) a condition, a cure or advice in the sentence
              "The binary can't fit into the flash at 0x08000000 if you keep the bootloader, so use 8KiB offset.",
              "The firmware did not fit into the flash until I disabled the LCD support.",
              "Klipper doesn't fit into the flash once I enable the LCD.",
              "This program won't fit on an ATtiny13, use an ATtiny85 instead.",
              "The firmware does not fit into the 8 KB of RAM of this chip."):
        assert "said_image_too_big" not in [e["kind"] for e in events(s, "claims")], s
