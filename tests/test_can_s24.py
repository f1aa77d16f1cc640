"""Session 24, can gathering: what CAN users say in prose about the state of their bus (parsers/can_prose_s24.py): the interface
brought up by hand (CAN001), the bit rate set differing from the one on the wire (CAN005), the bus failing whenever a part is
connected (CAN004). Positives are the gathered threads' sentences (named beside them) and a few from the rows' formats;
negatives are questions, advice, guesses, negations, needs that ended, hypotheticals, other buses and file sizes."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str) -> list[str]:
    return [e["kind"] for e in events(text, "claims")]


# ---- CAN001: the interface brought up by hand ------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "EBB36 and octopus on CAN all works fine but i need to manualy up the can0. I have file in interfaces for hot-plug:",  # katapult#91
    "the (hopefully) only problem I am having right now is, every time  I boot up the orange pi, I need to run "
    "`sudo ip link set up can0 type can bitrate 1000000` to bring up the can0 interface,",  # Esoterical/voron_canbus#116
    "After every reboot I have to bring can0 up by hand before Klipper can connect.",  # from the row's format
    "can0 does not come up automatically after a reboot, only when I run the ip link command.",  # from the row's format
    # (review s24) must/gotta, won't, a bare "after boot" (from the rows' format)
    "I must bring can0 up manually after every reboot.",
    "Every time I reboot I must run sudo ifup can0 to get Klipper talking.",
    "I gotta bring can0 up by hand every boot.",
    "My can0 won't come up after reboot without me running the command.",
    "I always have to type ip link set can0 up after boot.",
])
def test_can_manual_up_said(text: str) -> None:
    assert "said_can_manual_up" in kinds(text), kinds(text)
    assert first(text) == "CAN001", ids(text)


@pytest.mark.parametrize("text", [
    "Do I need to manually bring up can0 after every reboot?",  # a question
    "You need to bring can0 up manually after each reboot until the file is fixed.",  # advice
    "I no longer need to bring can0 up by hand since I added auto can0.",  # the need ended
    "I used to have to run ip link set up can0 every boot, now it comes up on its own.",  # the need ended
    "I don't have to bring can0 up manually, it is up at every boot.",  # negated
    "The guide says I have to bring can0 up manually once to test it.",  # the docs' word
    "I need to manually bring up wlan0 every time the router restarts.",  # another interface
    "Maybe I need to bring can0 up by hand every boot?",  # a guess and a question
    # (review s24) a cure ended the need, in the sentence or the next one
    "I had to bring can0 up manually after every reboot until I added auto can0 to the file.",
    "I had to bring can0 up by hand every boot, but since I enabled systemd-networkd it works.",
    "Previously I had to bring can0 up manually after every reboot. Adding allow-hotplug can0 fixed it.",
    # (review s24) another interface is the one brought up, the CAN word elsewhere
    "I need to bring the Wi-Fi up manually every boot, CAN works fine.",
    "Every reboot I need to bring my wlan0 up by hand, the can0 comes up automatically.",
    "I have to bring up the network manually every time; can0 is fine.",
    # (review s24) a car's CAN bus, someone else's words, a question without "?"
    "I need to bring up can0 manually after every boot for my Elm327 OBD reader on the car.",
    "I need to bring can0 up manually every boot, said my friend.",
    "Every reboot I need to manually run ip link set can0 up, which is how the BTT manual describes it.",
    "I need to manually up the can0 on every boot, is that normal",
])
def test_can_manual_up_not_said(text: str) -> None:
    assert "said_can_manual_up" not in kinds(text), kinds(text)


def test_can_manual_up_not_when_the_interface_is_shown_up() -> None:
    # ip link shows can0 UP: the statement is about the past; the interface shown is the fact (no CAN001)
    text = ("I need to manually bring up can0 after each boot.\n"
            "4: can0: <NOARP,UP,LOWER_UP,ECHO> mtu 16 qdisc pfifo_fast state UP mode DEFAULT group default qlen 128\n"
            "    link/can  promiscuity 0 minmtu 0 maxmtu 0\n"
            "    can state ERROR-ACTIVE restart-ms 0\n"
            "\t  bitrate 1000000 sample-point 0.750")
    assert "said_can_manual_up" in kinds(text), kinds(text)
    assert "CAN001" not in ids(text), ids(text)


# ---- CAN005: set at one rate, running at another ---------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Setting 500 kbps on the Arduino is actually transmitting at 250 kbps.",  # Longan-Labs/Arduino_CAN_BUS_MCP2515#16
    "but it is not 1Mb! It is more like ~140Kb  (UPDATED: it is 500000bps)",  # Seeed-Studio/Seeed_Arduino_CAN#67
    "I configured can0 with bitrate 1000000 but the scope shows it is really running at 500 kbit/s.",  # from the row's format
    "I set the CAN speed to 500k, but the logic analyzer measures 250k.",  # (review s24) an instrument's reading, the row's format
])
def test_can_rate_differs_said(text: str) -> None:
    assert "said_can_rate_differs" in kinds(text), kinds(text)
    assert first(text) == "CAN005", ids(text)


@pytest.mark.parametrize("text", [
    "Is setting 500 kbps actually transmitting at 250 kbps with an 8 MHz crystal?",  # a question
    "If you set 500 kbps with the 16 MHz setting on an 8 MHz module it will actually run at 250 kbps.",  # advice, hypothetical
    "I set the UART to 250k baud but it actually runs at 125k baud.",  # a UART
    "The firmware file is not 1Mb, it is 500Kb.",  # a file size
    "Setting 500 kbps is not actually transmitting at 250 kbps, I measured 500.",  # negated
    "Maybe setting 500 kbps is actually sending at 250 kbps.",  # a guess
    # (review s24) the two rates equal once written alike
    "I set the bitrate to 500k in the interfaces file and it actually works at 500 kbps.",
    "After I set the bitrate to 500k in the interfaces file it actually works at 500k.",
    "I set the bitrate to 1M in the EBB firmware and actually set 1000000 on can0 too.",
    # (review s24) a car's CAN bus, SPI, a misreading owned up to
    "I set my ELM327 to 500k for the OBD bus and the car actually uses 250k CAN.",
    "My ELM327 OBD-II adapter: I set it to 500 kbps for the car, the ECU actually talks at 250 kbps.",
    "I set the SPI to 1M but it is actually 500k on the CAN module.",
    "It's not 1M, it's 500k, I misread my own printer.cfg - the CAN bus is fine.",
])
def test_can_rate_differs_not_said(text: str) -> None:
    assert "said_can_rate_differs" not in kinds(text), kinds(text)


# ---- CAN004: the bus fails whenever a part is connected --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "As long as the front face of the stealthburner is not hooked up, I get the Canbus UUID with no issue, and thus can proceed to "
    "flash Klipper to the sb2209.\n"
    "If I connect the ebb0000 (be it with or without the fans and rgb leds connected onto it), the query returns 0 Canbus UUID, "
    "and I cannot flash anything to the sb2209.",  # bigtreetech/EBB#190
    "When I connect the EBB36 it disappears from the bus.",  # (review s24) "the bus", the row's format
    "As soon as I plug in the second toolhead, both boards disappear from the CAN bus.",  # from the row's format
    "Whenever we attach the front PCB, the EBB drops off the CAN bus and Klipper loses communication with it.",  # from the row's format
])
def test_can_fails_with_part_said(text: str) -> None:
    assert "said_can_fails_with_part" in kinds(text), kinds(text)
    assert first(text) == "CAN004", ids(text)


@pytest.mark.parametrize("text", [
    "If you connect a third terminator, the query will return 0 UUIDs.",  # advice, hypothetical
    "What happens if I connect the ebb0000, does the query return 0 UUIDs?",  # a question
    "When I connect the USB cable the printer is found and Klipper starts.",  # no loss
    "Maybe when I connect the daughter board the toolhead disappears?",  # a guess and a question
    "When I connected the fan, the hotend heater stopped working.",  # no CAN and no loss of the bus
    "When I connect the USB cable to the Pi, Klipper can't connect to the mcu over can0.",  # the host's USB cable
    "When I add the canbus_uuid to printer.cfg, Klipper can't find the CAN node.",  # a configuration line
    "When I connect the toolhead over USB, Klipper can't connect to the mcu.",  # no CAN bus named
    "When I connected the EBB it disappeared from the CAN bus, but after reflashing Katapult it works.",  # another cure ended it
    # (review s24) another cause stated in the sentence
    "When I connect the EBB the query returns 0 UUIDs because Klipper is running; after stopping klipper it finds it.",
    "When I connect the EBB, the query found no uuids since it was already configured in printer.cfg.",
    "If I connect the EBB the query returns no new uuids, as expected, it is already assigned.",
    "When I connect the EBB the query returns 0 uuids, I had the wrong bitrate on can0.",
    "When I connect the EBB over CAN the query returns no uuid, the firmware was built for USB.",
    # (review s24) negated or over
    "When I connect the EBB it doesn't disappear from the CAN bus anymore.",
    "When I connect the EBB the query does not return 0 uuids anymore.",
    # (review s24) a loss from another list than the bus, or the host connected
    "When I connect the display, the printer disappears from OctoPrint, my can0 is fine.",
    "When I connect my phone it disappears from the Wi-Fi, the CAN bus works.",
    "When I connect the EBB via the CAN cable, the Octopus disappears from lsusb.",
    "When I connect the BTT U2C to the Pi, can0 disappears.",
    "When I connect to the printer over SSH I lose the connection to can0.",
    # (review s24) a car's CAN bus
    "When I connect the ELM327 to the car's OBD port, the CAN bus goes bus-off.",
    # (review s24) the query's 0 UUIDs alone, no contrast with the part removed anywhere in the text
    "When I connect the EBB, the query returns 0 uuids.",
])
def test_can_fails_with_part_not_said(text: str) -> None:
    assert "said_can_fails_with_part" not in kinds(text), kinds(text)


def test_can_fails_with_part_not_with_a_uuid_in_printer_cfg() -> None:
    # (review s24) printer.cfg names the node's canbus_uuid: an assigned node does not answer the query (no CAN004)
    text = ("[mcu EBBCan]\ncanbus_uuid: 61755fe321ac\ncanbus_interface: can0\n\n"
            "When I connect the EBB the query returns 0 uuids, without it the Octopus answers.")
    assert "said_can_fails_with_part" in kinds(text), kinds(text)
    assert "CAN004" not in ids(text), ids(text)


def test_can_fails_with_part_uuid_form_with_contrast() -> None:
    # (review s24) the 0-UUID form with the part's absence named beside it (from the row's format)
    text = "When I connect the toolhead the query returns 0 uuids, but when I removed the 120 ohm jumper it works."
    assert "said_can_fails_with_part" in kinds(text), kinds(text)
    assert first(text) == "CAN004", ids(text)


def test_can_fails_with_part_not_while_klipper_runs() -> None:
    # (review s24) Klipper shown active: it holds the nodes, the query finds none (CAN003's cause, no CAN004)
    text = ("$ sudo systemctl status klipper\n     Active: active (running) since Mon 2024-01-01 10:00:00 UTC\n\n"
            "When I connect the EBB the query returns 0 uuids, without it the Octopus answers.")
    assert "CAN004" not in ids(text), ids(text)
