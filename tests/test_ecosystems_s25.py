"""Session 25, ecosystems gathering: what people in flight-controller, DroneCAN/VESC, Marlin, RP2040 and Arduino/PlatformIO
threads say in prose about the cause (parsers/eco_prose_s25.py): the CAN termination named as cause or cure (CAN004), the
RP2040 crystal said to start too slowly (RP002), the SD-card bootloader taking the file while the board then does not start
(FW001), and the serial output garbage at one baud rate and readable at another (SER007). Positives are the gathered threads'
sentences (named beside them) and some from the rows' formats; negatives are questions, advice, guesses, negations, cures that
ended another fault, other buses and other chips."""

from __future__ import annotations

import pytest

from textkit import events, facts, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "claims")]


# ---- CAN004: the termination ----

@pytest.mark.parametrize("text", [
    # dronecan/gui_tool#70
    "CubeOrange running Ardupilot (main) with two ARK_RTK_GPS on CAN1 running AP_Periph or PX4-cannode.\n"
    "The dronecan_gui_tool fails to detect any nodes when there are two ARK RTK devices connected on CAN1.\n"
    "Termination resistor was not enabled. Whoopsie!",
    # vedderb/bldc#100
    "After further test comes out that the problem is somehow my hardware (Trampa VESC) , the canbus termination resistor have "
    "wrong value and this cause the problems",
    # from the rows' format
    # (review s25: "The problem was the missing termination on the CAN bus, ..." is klipper-prose-s23's said_can_termination line,
    # test_termination_older_row_keeps_its_lines below)
    "The issue turned out to be a bad termination resistor on the CAN bus.",
    "I forgot to enable the 120 ohm terminator on the EBB36 CAN bus, after that both nodes show up.",
    "After enabling the termination jumper on the U2C both boards answer on can0.",
    "The 120R terminator wasn't fitted on the far end of the CAN bus.",
])
def test_can_termination_said(text: str) -> None:
    assert "said_can_termination_cause" in kinds(text), kinds(text)
    assert first(text) == "CAN004", ids(text)


@pytest.mark.parametrize("text", [
    # Seeed-Studio/pi-hats#4: the termination said to be on (a state, no cause)
    "Everything setup according to your instructions, terminators are turned on, power is applied via Raspberry PI's USB port. can0 errors.",
    # questions, advice, guesses
    "Is the termination resistor not enabled on the CAN bus?",
    "Make sure the 120 ohm termination is enabled on both ends of the CAN bus.",
    "Maybe the termination resistor was not enabled on can0.",
    "Check whether the CAN termination jumper is missing.",
    # ruled out, or still failing with it
    "The CAN termination was not the problem, it measures 60 ohm.",
    "can0 still shows bus-off even though the termination resistor is enabled.",
    "I enabled the termination on the CAN bus but it still does not find the node.",
    # another bus: RS-485/Modbus
    "The RS485 termination resistor was not enabled on the Modbus line.",
    # no CAN in the text at all
    "Termination resistor was not enabled. Whoopsie!",
])
def test_can_termination_not_said(text: str) -> None:
    assert "said_can_termination_cause" not in kinds(text), kinds(text)
    # (review s25: a second assert here, "CAN004 not first or no said_can_termination_cause", held whenever the first did: removed)


# ---- RP002: the crystal starts too slowly ----

def test_xosc_slow_start_said() -> None:
    # a custom RP2040 board's debug notes (notes.petrock.site)
    text = ("custom RP2040 board\nseems as though the problem was the oscillator not starting quick enough and the problem was solved with "
            "correct placement of XOSC STARTUP MULTIPLIER thingy (put it in cmakelists as per the docs) the descrepencies were probably "
            "caused by manufacturing tolerances with the oscillator etc.")
    assert "said_xosc_slow_start" in kinds(text), kinds(text)
    assert first(text) == "RP002", ids(text)
    # from the row's format
    text = "On my Pico clone the issue was that the crystal takes too long to stabilise, fixed with a longer start-up delay."
    assert "said_xosc_slow_start" in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    # a guess, a question, ruled out
    "I suspect the crystal on my RP2040 board is not starting quick enough, the problem was not solved yet.",
    "Could the problem be that the RP2040 crystal takes too long to start?",
    "The problem was not the crystal: the RP2040 oscillator was not starting fast enough was ruled out.",
    # another chip: no RP chip, Pico or XOSC named
    "The problem was the oscillator not starting quick enough on my STM32 board, fixed with a 25 MHz HSE setting.",
])
def test_xosc_slow_start_not_said(text: str) -> None:
    assert "said_xosc_slow_start" not in kinds(text), kinds(text)


# ---- FW001: .CUR but no start ----

def test_cur_but_no_boot_said() -> None:
    # MarlinFirmware/Marlin#15767 (two lines)
    text = ("SKR mini E3 wont boot up (screen stays blank) if selfcompiled.\n"
            "**Actual behavior:** [What actually happens]\nFirmware flashes (firmware.cur gets created/renamed)\nbut screen stays blank.\n")
    assert "said_cur_but_no_boot" in kinds(text), kinds(text)
    assert first(text) == "FW001", ids(text)
    # from the row's format (one line)
    text = "The FIRMWARE.CUR file is created every time, but the board doesn't boot and Windows shows no COM port."
    assert "said_cur_but_no_boot" in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    # a success story, a question, a condition, a file that was not renamed
    "The file was renamed to FIRMWARE.CUR and the printer boots fine with the new version.",
    "firmware.bin gets renamed to FIRMWARE.CUR but the screen stays blank, now it works after I fixed the display setting.",
    "If the .cur file is created but the screen stays blank, what does that mean?",
    "firmware.bin doesn't change to FIRMWARE.CUR and the board doesn't boot the new firmware.",
])
def test_cur_but_no_boot_not_said(text: str) -> None:
    assert "said_cur_but_no_boot" not in kinds(text), kinds(text)


# ---- SER007: garbage at one rate, readable at another ----

def test_baud_garbage_other_works_said() -> None:
    # openenergymonitor/guide#31
    text = ("It seems that when I followed the guide to connect the emonTH to Atom/PlatformIO with the 'official' programmer on Windows, "
            "the baud rate at 9600 did not give any human readable results. Only when I set it on 115200 it gave some proper response.")
    evs = [e for e in events(text, "claims") if e["kind"] == "said_baud_garbage_other_works"]
    assert evs and evs[0]["baud"] == 115200 and evs[0]["garbage_baud"] == 9600, evs
    assert first(text) == "SER007", ids(text)
    # from the rows' format, over two lines
    text = "At 9600 the monitor shows only junk.\nWhen I changed the monitor to 115200 it prints the text correctly."
    assert "said_baud_garbage_other_works" in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    # the same rate both times, a question, advice, only one half
    "Gibberish at 115200. When I set it to 115200 it works after a reset.",
    "Why is the output garbage at 9600? When I set it to 115200 it works.",
    "The output is garbage at 9600, it stays garbage at every rate I try.",
    "When I set it to 115200 it works fine.",
    # an ESP's boot ROM printing at its own rate before the sketch (another cause)
    "There might be some garbage at 74880 because the bootloader outputs at that rate. When I set it to 115200 it works.",
])
def test_baud_garbage_other_works_not_said(text: str) -> None:
    assert "said_baud_garbage_other_works" not in kinds(text), kinds(text)


# ---- BOOT004: ROM DFU at every power-up, said with the battery or the USB cable ----

@pytest.mark.parametrize("text", [
    # r/Multicopter 16jgks2 (one long line, as posted)
    "Hey, Maybe someone smarter than me could help me. My SpeedyBee F405V3 always goes into DFU / Bootloader when I connect it to Bat "
    "or to USB. I can, however get it out of DFU with Betaflight. I already tested on continuity of the boot button and it is not shorted.",
    "But obviously I can't fly with it because it is in DFU on every start.",
    # from the rows' format
    "The flight controller keeps booting into DFU whenever I plug the battery in.",
])
def test_dfu_every_power_up_said(text: str) -> None:
    assert "said_dfu_after_power_cycle" in kinds(text), kinds(text)
    assert first(text) == "BOOT004", ids(text)


@pytest.mark.parametrize("text", [
    # DFU entered on purpose, a question, never entering DFU, a cure
    "I hold the boot button and it always goes into DFU when I connect it to USB.",
    "Does it always go into DFU when I connect it to USB?",
    "It never goes into DFU when I connect it, even with the boot button.",
    "It always went into DFU when I connected the battery, until I cleaned the boot pads; now it works.",
])
def test_dfu_every_power_up_not_said(text: str) -> None:
    assert "said_dfu_after_power_cycle" not in kinds(text), kinds(text)


# ---- USB001: "doesn't even show up in device manager" (claims.py) ----

def test_not_even_in_device_manager() -> None:
    # opentx#8242 (a charge-only cable)
    text = ("hi all, i bought a tx12 rc and my computers don't react when i connect it via usb.\n"
            "  I've read about others who had to update their drivers but, to me, it doesn't even show up in device manager.\n"
            " It's like you don't connect it. Yet the tx12, just connected via usb, asks me whether to use it as a joystick or sdcard.")
    assert "said_not_in_device_manager" in kinds(text), kinds(text)
    assert first(text) == "USB001", ids(text)
    assert "said_not_in_device_manager" not in kinds("It even shows up in device manager as COM5, but Betaflight cannot open it.")


# ---- FW003: the clock set-up named as what made USB enumerate ----

def test_clock_setup_fixed_usb_said() -> None:
    # libopencm3-examples#192
    text = ('rcc_clock_setup_in_hsi_out_48mhz() produces a "USB Device not recognized" error.\n\n'
            "rcc_clock_setup_in_hse_8mhz_out_72mhz(); fixes it.\n")
    assert "said_clock_setup_fixed_usb" in kinds(text), kinds(text)
    assert first(text) == "FW003", ids(text)


@pytest.mark.parametrize("text", [
    # no USB failure anywhere: a clock change that fixed something else (FW003's rule stays quiet)
    "Switching SystemClock_Config to the HSE fixed it, the UART baud rate is right now.",
    # not fixed, a question, advice
    'USB Device not recognized.\nChanging the HSE to 8 MHz did not fix it.',
    'USB Device not recognized.\nDoes setting HSE_VALUE to 25 MHz fix it?',
    'USB Device not recognized.\nYou should check that the clock configuration fixes it.',
])
def test_clock_setup_fixed_usb_not_said(text: str) -> None:
    assert first(text) != "FW003", ids(text)


# ---- CAN004: PX4's `uavcan status` counters (parsers/px4_uavcan.py) ----

_PX4_7334 = """nsh> uavcan info
Pool allocator status:
\tCapacity hard/soft: 500/250 blocks
\tReserved:  3 blocks
\tAllocated: 3 blocks
UAVCAN node status:
\tInternal failures: 0
\tTransfer errors:   0
\tRX transfers:      0
\tTX transfers:      691
CAN1 status:
\tHW errors: 55619
\tIO errors: 55619
\tRX frames: 0
\tTX frames: 461
CAN2 status:
\tHW errors: 43
\tIO errors: 43
\tRX frames: 287
\tTX frames: 461
"""


def test_px4_uavcan_errors_without_rx() -> None:
    # PX4-Autopilot#7334: CAN1 errors, CAN2 (a few errors beside frames received) is no fault
    evs = [e for e in facts(_PX4_7334)["can"]["events"] if e["kind"] == "can_iface_errors"]
    assert [(e["interface"], e["count"]) for e in evs] == [("CAN1", 55619)], evs
    assert first(_PX4_7334) == "CAN004", ids(_PX4_7334)


def test_px4_uavcan_healthy_block() -> None:
    # PX4-Autopilot#21486's `uavcan status` (a DroneCAN GPS answering): no bus fault
    text = ("nsh> uavcan status\nUAVCAN node status:\n    Internal failures: 0\n    Transfer errors:   213\n    RX transfers:      52\n"
            "    TX transfers:      13\n\nCAN1 status:\n    HW errors: 0\n    IO errors: 0\n    RX frames: 4157\n    TX frames: 23\n")
    assert not [e for e in (facts(text).get("can") or {}).get("events", []) if e["kind"] == "can_iface_errors"]
    assert "CAN004" not in ids(text)


# ---- SER001: the brltty removal command in the steps, the success below ----

def test_brltty_command_then_success() -> None:
    # Ultimaker/Cura#15821
    text = ("### Reproduction steps\n\n1 install cura and try to connect to printer 3D , ender3\n2 no printer was detected \n"
            "3 remove brltty services : sudo apt-get autoremove brltty\n\n### Actual results\n\nsuccess : cura detected the printer \n")
    assert "said_brltty_removed_fixed" in kinds(text), kinds(text)
    assert first(text) == "SER001", ids(text)


@pytest.mark.parametrize("text", [
    # still failing, advice, a question
    "sudo apt remove brltty\nthe printer is still not detected",
    "You can try sudo apt remove brltty.\nThen it works.",
    "Should I run sudo systemctl disable brltty?\nIt works on my other PC.",
])
def test_brltty_command_not_a_cure(text: str) -> None:
    assert "said_brltty_removed_fixed" not in kinds(text), kinds(text)


# ---- review s25 ------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # klipper-prose-s23's said_can_termination lines (tests/test_klipper_s23.py): this parser comes first in the splitter's order,
    # and its strong row took them, then dropped its event for want of a CAN word ("toolhead", "EBB36" name the bus there)
    "The problem was a missing termination resistor on the toolhead.",
    "The problem was a missing termination jumper on the EBB36.",
    "The problem was the missing termination on the CAN bus, the toolhead had no 120 ohm resistor.",
])
def test_termination_older_row_keeps_its_lines(text: str) -> None:
    assert "said_can_termination" in kinds(text), kinds(text)
    assert first(text) == "CAN004", ids(text)


@pytest.mark.parametrize("text", [
    # the image started (the board runs, a host connects), only the screen is dark, or the display's setting named (row's format)
    "firmware.cur was created. The board runs, octoprint connects. Only the screen stays black.",
    "Firmware flashes (firmware.cur gets created/renamed) but screen stays blank, it was the wrong display selected in Configuration.h.",
])
def test_cur_but_the_board_runs(text: str) -> None:
    assert "said_cur_but_no_boot" not in kinds(text), kinds(text)
    assert "FW001" not in ids(text), ids(text)


@pytest.mark.parametrize("text", [
    # the readable rate taken back in its own sentence
    "The output is garbage at 9600. When I set it to 115200 it shows text, but still garbage.",
    # 74880: the ESP8266 ROM's boot log, whatever the firmware's rate
    "The serial monitor shows garbage at 115200. The bootloader prints at 74880, when I set it to 74880 it shows the boot messages.",
    # someone else's or anyone's garbage
    "You get gibberish at 9600; when we set it to 115200 it works fine.",
    "Other people get garbage at 9600. When I set it to 115200 it works for me.",
])
def test_baud_pair_not_said(text: str) -> None:
    assert "said_baud_garbage_other_works" not in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    # the boot (bind) button held on purpose, named before its holding
    "With the boot button held down it always goes into DFU when I connect the USB.",
    "The flight controller always goes to DFU when I plug it in, I'm holding the bind button.",
    # an AVR keyboard's Atmel DFU bootloader (no BOOT0 there)
    "My Planck keyboard always goes into DFU mode when I plug it in, QMK Toolbox shows Atmel DFU device connected.",
])
def test_dfu_on_purpose_not_boot004(text: str) -> None:
    assert "said_dfu_after_power_cycle" not in kinds(text), kinds(text)
    assert "BOOT004" not in ids(text), ids(text)


def test_px4_uavcan_unused_port_beside_a_working_one() -> None:
    # from the source's format (PX4 uavcan_main.cpp print_info): the node receives transfers through CAN1; CAN2 has nothing on it,
    # so PX4's NodeStatus there is never acknowledged and counts errors: no bus fault, and the counter is no failure line
    text = _PX4_7334.replace("RX transfers:      0", "RX transfers:      1520").replace("HW errors: 43", "HW errors: 0").replace(
        "IO errors: 43", "IO errors: 0")
    assert not [e for e in (facts(text).get("can") or {}).get("events", []) if e["kind"] == "can_iface_errors"]
    assert "CAN004" not in ids(text), ids(text)
    assert "GEN001" not in ids(text), ids(text)


def test_clock_tried_without_effect_keeps_usb002() -> None:
    # a clock change tried that fixed nothing is no cure told: USB002's Windows rule must not step aside (row's format)
    text = "Windows says USB device not recognized. I tried rcc_clock_setup_in_hse_8mhz_out_72mhz() but that fixes nothing."
    assert "said_clock_setup_fixed_usb" not in kinds(text), kinds(text)
    assert first(text) == "USB002", ids(text)
