"""Session 23, klipper gathering: what Klipper and CAN users say in prose about the cause a thread resolved
(parsers/klipper_prose_s23.py), and two wordings added to older rows (rp_claims.py: the boards as "they" starting after a
RESET press; uf2_drive.py: a named .uf2 copied onto "the drive" that "just copies it"). Positives are the gathered threads'
sentences (named beside them) and a few from the rows' formats; negatives are questions, advice, conditionals, negations,
tries that did not help, setups told, and the tools' own printed rows (which their parsers read)."""

from __future__ import annotations

import pytest

from textkit import events, findings, first


def ids(text: str) -> list[str]:
    return [f.id for f in findings(text)]


def kinds(text: str, ns: str = "claims") -> list[str]:
    return [e["kind"] for e in events(text, ns)]


# ---- CAN006: the host CAN queue at the kernel's default of 10 ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I'm still getting the qlen=10 instead of qlen=1024",  # linux-can/can-utils#470
    "> The default queue length of 10 is unexpectedly set in spite of 10-can.rules content",  # Esoterical/voron_canbus#104
    "After the reboot the interface came back with txqueuelen 10 again and the toolhead timed out.",  # from the row's format
])
def test_small_txqueuelen_said(text: str) -> None:
    assert "said_small_txqueuelen" in kinds(text), kinds(text)
    assert first(text) == "CAN006", ids(text)


@pytest.mark.parametrize("text", [
    "Is the qlen=10 a problem here?",  # a question
    "You should make sure the qlen is not 10 but 128.",  # advice
    "If qlen is 10 the queue fills up quickly.",  # a conditional
    "        RX errors 0  dropped 0  overruns 0  frame 0\n        TX packets 2  bytes 2 (2.0 B)\n        collisions:0 txqueuelen:10",  # ifconfig's row
    "can0      Link encap:UNSPEC  HWaddr 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00\n          collisions:0 txqueuelen:10",
    "    up ifconfig $IFACE txqueuelen 10",  # an ifupdown line (can_config's)
    "sudo ip link set can0 txqueuelen 10",  # a command
    "The default queue length of 10 packets is fine for the logger.",  # no CAN word
])
def test_small_txqueuelen_not_said(text: str) -> None:
    # this session's rows (claims.py's older row has its own tests)
    assert "said_small_txqueuelen" not in [e["kind"] for e in events(text, "claims", tool="klipper-prose-s23")], kinds(text)


# ---- CAN002: the kernel said not to have the USB-CAN driver -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I got an AD5M as a platform to mod. Found out the kernel did not have the proper can module so I cross compiled my own.",  # xblax/flashforge_ad5m_klipper_mod#368
    "The Armbian image doesn't include the gs_usb driver, so can0 never appears.",  # from the row's format
])
def test_can_driver_missing_said(text: str) -> None:
    assert "said_can_driver_missing" in kinds(text), kinds(text)
    assert first(text) == "CAN002", ids(text)


@pytest.mark.parametrize("text", [
    "Does the kernel not have the gs_usb module?",  # a question
    "If the kernel does not have the can module, rebuild it.",  # a conditional
    "Make sure the image does not ship without the gs_usb driver.",  # advice
])
def test_can_driver_missing_not_said(text: str) -> None:
    # this session's row (claims.py's older row has its own tests)
    assert "said_can_driver_missing" not in [e["kind"] for e in events(text, "claims", tool="klipper-prose-s23")], kinds(text)


# ---- SD002: the board takes the new firmware.bin only after a hard power cycle ----------------------------------------

@pytest.mark.parametrize("text", [
    "Only caveat is the the Octopus board doesn't seem to pick up the new firmware.bin after a soft-reset and I had to power-cycle it before it loaded the new firmware.",  # Klipper PR 5642
    "Specifically, it was found that these boards require a hard power reset after a flash in order to reset the sdcard.",  # Klipper PR 5715
    "But no, just a hardware reset signal on the main board isn't enough.  The SD Card itself needs to be power cycled so that it can switch modes.",  # PR 5715
])
def test_sd_power_cycle_said(text: str) -> None:
    assert "said_sd_power_cycle_needed" in kinds(text), kinds(text)
    assert first(text) == "SD002", ids(text)


@pytest.mark.parametrize("text", [
    "Do I need to power cycle the board after copying firmware.bin to the SD card?",  # a question
    "You need to power cycle the board after the SD card flash.",  # advice
    "If it needs a power cycle to load firmware.bin, the bootloader uses SDIO.",  # a conditional
    "I didn't need to power cycle it, firmware.bin was renamed after the reset.",  # negated
    "I had to power-cycle the Raspberry Pi after the update.",  # no card or firmware.bin
])
def test_sd_power_cycle_not_said(text: str) -> None:
    assert "said_sd_power_cycle_needed" not in kinds(text), kinds(text)


# ---- SD001: the card's format was what made the bootloader take the firmware ------------------------------------------

@pytest.mark.parametrize("text", [
    "yes, i could not flash firmware to my SV06 until i formatted it to FAT32 with 4096 byte allocation unit size",  # Sovol-SV06-firmware#44
    "The fix is to format the SD card in FAT32 with a cluster size of 512 bytes.",  # BIGTREETECH-SKR-V1.3#52
])
def test_sd_format_fixed_said(text: str) -> None:
    assert "said_sd_format_fixed" in kinds(text), kinds(text)
    assert first(text) == "SD001", ids(text)


@pytest.mark.parametrize("text", [
    "Should I format the card to FAT32 with 4096 byte clusters?",  # a question
    "Make sure you format the SD card FAT32 with 4096 byte allocation before you copy firmware.bin.",  # advice
    "The fix is to format the Raspberry Pi SD card with the imager.",  # the host's card
    "I could not flash it until I formatted the card FAT32, I think.",  # a guess
])
def test_sd_format_fixed_not_said(text: str) -> None:
    assert "said_sd_format_fixed" not in kinds(text), kinds(text)


# ---- CAN007: the USB-CAN adapter's firmware blocks CAN flashing -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Everyone please see issue 44 on the canboot github for a fix for the u2c not allowing CAN flashing to the EBB. BTT has an updated firmware that I tested and verified working.",  # Voron forum 323
    "After updating the U2C firmware, flashing the EBB over CAN works now.",  # from the row's format
])
def test_can_adapter_fw_said(text: str) -> None:
    assert "said_can_adapter_fw" in kinds(text), kinds(text)
    assert first(text) == "CAN007", ids(text)


@pytest.mark.parametrize("text", [
    "Could the U2C be blocking the flashing?",  # a question
    "Maybe the u2c is not allowing CAN flashing.",  # a guess
    "I updated the U2C firmware but it still fails at SEND_BLOCK.",  # a try that did not help
    "If the u2c fails during flashing, update its firmware.",  # a conditional
])
def test_can_adapter_fw_not_said(text: str) -> None:
    assert "said_can_adapter_fw" not in kinds(text), kinds(text)


# ---- CAN004: termination said, or a bus resistance under 50 ohms --------------------------------------------------------

@pytest.mark.parametrize("text", [
    # (review s23: a resistor put in counts only with a CAN word and a cure; busmaster#1180's "I put a 120 Ohm Resistence in
    # Busmaster Bus. so can it work" says neither and is no longer a positive)
    "I added a 120 ohm termination resistor at the EBB end of the CAN bus and the errors are gone.",  # from the row's format
    "The problem was a missing termination resistor on the toolhead.",  # from the row's format
    "The problem was a missing termination jumper on the EBB36.",  # (review s23: the jumper branch, reached by "terminat")
])
def test_can_termination_said(text: str) -> None:
    assert "said_can_termination" in kinds(text), kinds(text)
    assert first(text) == "CAN004", ids(text)


@pytest.mark.parametrize("text", [
    "The Vbus jumper I took out and I put a jumper on the 120R resistor, as the EBB is my only board connected to the CANBUS.",  # discourse 3913, a setup
    "I added a 120 ohm resistor but still get bus errors.",  # a try that did not help
    "Should I put a 120 ohm resistor on the bus?",  # a question
    "If you add a 120 ohm resistor at each end it works.",  # a conditional
])
def test_can_termination_not_said(text: str) -> None:
    assert "said_can_termination" not in kinds(text), kinds(text)


@pytest.mark.parametrize("text", [
    "I checked the wiring, the jumpers on the 120Ohms and I can measure 117 Ohms at both connectors, but measuring only 40 over all.",  # r/VORONDesign 1k9evs0
    "With the power off I measure 38 ohms between CANH and CANL.",  # from the row's format
])
def test_can_low_resistance_said(text: str) -> None:
    assert "said_can_low_resistance" in kinds(text), kinds(text)
    assert first(text) == "CAN004", ids(text)


@pytest.mark.parametrize("text", [
    "Termination: 2× 120Ω, one at U2C, one at moar_can. Measured 64Ω across bus, power off. Correct.",  # discourse 26031: right
    "I measure 117 Ohms at both connectors.",  # one terminator each
    "You should measure 60 ohms between CANH and CANL.",  # advice
    "If you measure 40 ohms there are three terminators on the bus.",  # a conditional
    "The thermistor reads 4.7 kΩ at room temperature on the bus board.",  # kilo-ohms
])
def test_can_low_resistance_not_said(text: str) -> None:
    assert "said_can_low_resistance" not in kinds(text), kinds(text)


# ---- CAN001: interfaces.d not sourced ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "interfaces.d is not sourced in /etc/network/interfaces",  # Rat-OS/RatOS#73
    "[RatOS Specific] Mention /etc/networks/interfaces.d/ is not parsed by default",  # Esoterical/voron_canbus#81
    "My /etc/network/interfaces doesn't source interfaces.d so the can0 file was ignored.",  # from the row's format
])
def test_can_config_not_read_said(text: str) -> None:
    assert "said_can_config_not_read" in kinds(text), kinds(text)
    assert first(text) == "CAN001", ids(text)


@pytest.mark.parametrize("text", [
    "Is interfaces.d not sourced on RatOS?",  # a question
    "Make sure interfaces.d is not ignored: /etc/network/interfaces must source it.",  # advice
    "If interfaces.d is not sourced, can0 stays down.",  # a conditional
])
def test_can_config_not_read_not_said(text: str) -> None:
    assert "said_can_config_not_read" not in kinds(text), kinds(text)


# ---- CAN005: different sample points / bit timing --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "I found my problem. Different sample rate on sender and receiver. From what I understand your library is targeting a sample rate of 80%, is this customizable ?",  # Emandhal/MCP251XFD#6
    "The sample points did not match between the two nodes, 87.5% against 75%.",  # from the row's format
])
def test_can_timing_mismatch_said(text: str) -> None:
    assert "said_can_timing_mismatch" in kinds(text), kinds(text)
    assert first(text) == "CAN005", ids(text)


@pytest.mark.parametrize("text", [
    "Could a different sample point on the receiver cause this?",  # a question
    "Maybe a different sample point on the nodes.",  # a guess
    "Make sure there is no different sample point between the nodes.",  # advice
])
def test_can_timing_mismatch_not_said(text: str) -> None:
    assert "said_can_timing_mismatch" not in kinds(text), kinds(text)


# ---- KAT001: Katapult said to fail at SEND_BLOCK on an H723 -------------------------------------------------------------

def test_send_block_said_h723() -> None:
    text = ("On an STM32H723, Katapult returned ACK_ERROR on the first SEND_BLOCK at 0x08020000 whenever the 128 KiB application "
            "sector already contained firmware. Increasing the host timeout did not change the result.")  # Arksine/katapult PR 187
    evs = [e for e in events(text, "claims") if e["kind"] == "said_send_block_failed"]
    assert evs and evs[0].get("mcu") == "STM32H723", evs
    assert first(text) == "KAT001", ids(text)


@pytest.mark.parametrize("text", [
    "On an STM32F446, Katapult returned ACK_ERROR on the first SEND_BLOCK.",  # another chip: not KAT001
    "Does SEND_BLOCK fail on the STM32H723 too?",  # a question
])
def test_send_block_not_kat001(text: str) -> None:
    assert "KAT001" not in ids(text), ids(text)


def test_send_block_tool_line_is_katapults() -> None:
    # flashtool's own line is the katapult parser's, not a statement
    assert "said_send_block_failed" not in kinds("FlashError: Error sending command [SEND_BLOCK] to Device")


# ---- RP002 / RP003: older rows, new wordings ---------------------------------------------------------------------------

def test_rp_needs_reset_they_boot() -> None:
    text = ("So while testing my electronics, I’ve found that the RPI has to power up before the SKR Pico and Picobilical board "
            "otherwise neither MCU will star. I have to press reset in both and then restart the firmware and they boot.")  # SKR-Pico#25
    assert "said_needs_reset" in kinds(text)
    assert first(text) == "RP002", ids(text)


def test_rp_needs_reset_not_bootloader() -> None:
    text = "I have to press reset on the SKR Pico twice and then they boot into the bootloader."
    assert "said_needs_reset" not in kinds(text), kinds(text)


def test_uf2_onto_the_drive_just_copies() -> None:
    text = ("I think I damaged the loader. When I plug the cable in with the button down it shows me a drive g with INFO_UF2.TXT and "
            "INDEX.HTM in it . When I copy the file PicoCalc_PicoMite_v1.0.uf2 onto the drive it just copies it.")  # clockworkpi 18162
    assert {"said_uf2_copied", "said_uf2_not_applied"} <= set(kinds(text, "flash")), kinds(text, "flash")
    assert first(text) == "RP003", ids(text)


@pytest.mark.parametrize("text", [
    "When I copy the file blink.uf2 onto the drive it just copies it and the board reboots into the program.",  # it worked
    "Windows just copies it over, then the Pico flashes and restarts.",
])
def test_uf2_just_copies_not_failure(text: str) -> None:
    assert "said_uf2_not_applied" not in kinds(text, "flash"), kinds(text, "flash")


# ---- review: negations -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,kind", [
    ("The u2c is not blocking the flashing, the EBB just never enters Katapult.", "said_can_adapter_fw"),
    ("With the power off I no longer measure 40 ohms between CANH and CANL.", "said_can_low_resistance"),
    ("There was no different sample point on the nodes, both at 87.5%.", "said_can_timing_mismatch"),
    ("After the full chip erase SEND_BLOCK no longer fails on my STM32H723.", "said_send_block_failed"),
    ("On the STM32H723 Katapult never returned an error on SEND_BLOCK.", "said_send_block_failed"),
])
def test_negated_claims(text: str, kind: str) -> None:
    assert kind not in kinds(text), kinds(text)


def test_small_txqueuelen_working_link_not_said() -> None:
    text = "Klipper on can0 with txqueuelen 10 works without errors for months."  # (tests/test_swdcan_s22.py's review negative)
    assert "said_small_txqueuelen" not in kinds(text), kinds(text)


# ---- review s23: the reviewer's texts (the fixed rows' false positives; "..." cuts filled from the row's format) ----------

@pytest.mark.parametrize("text,fault", [
    # CAN004, the measured row: another part, another bus, a wire's continuity
    ("I measured 14 ohms across the heater cartridge, resistance looks fine.", "CAN004"),
    ("The fan measures 25 ohms between the connector pins.", "CAN004"),
    ("I measured 47 ohms across the RS485 bus terminals.", "CAN004"),
    ("I measured the CAN cable end to end and got 0.4 ohms on CANH and 0.5 ohms on CANL.", "CAN004"),
    # CAN004, the termination rows: no CAN word, or a setup told without a cure
    ("I put a 120 ohm resistor in series with the LED.", "CAN004"),
    ("I soldered a 120 ohm resistor on the RS485 bus and it fixed the Modbus errors.", "CAN004"),
    ("It was a wrong resistor on the thermistor input of my custom board.", "CAN004"),
    ("I installed the 120 ohm termination jumper on the EBB and the U2C as per the guide.", "CAN004"),
    ("I enabled the 120R termination jumper on the EBB36 and on the U2C. Klipper still stops with Timer too close.", "CAN004"),
    # SD002: the host's card, another chip, a try that did not help, the docs' general rule
    ("I had to power cycle the Pi because the SD card image was corrupted.", "SD002"),
    ("The ESP32 doesn't load the new firmware after a soft reset, I need to unplug it.", "SD002"),
    ("I had to power cycle it to load firmware.bin but it still shows the old version.", "SD002"),
    ("SDIO mode to access their SD Card require a power-cycle of the board,", "SD002"),
    ("Boards that use SDIO need a power cycle after flashing, mine uses SPI so a reset is enough.", "SD002"),
    # CAN006: a link fine at 10, a negation, a try that did not help
    ("Mine runs at txqueuelen 10 and has no issues.", "CAN006"),
    ("qlen 10 was fine for me for two years on the Voron.", "CAN006"),
    ("It's not that the txqueuelen is 10, I already use 1024.", "CAN006"),
    ("I don't think the txqueuelen of 10 matters here.", "CAN006"),
    ("The txqueuelen was 10, I raised it to 1024, still getting Timer too close.", "CAN006"),
    # CAN007: a guess ruled out, setup steps, Klipper's usb-can bridge firmware on a main board
    ("I thought the u2c was blocking the flashing, but it was the wiring.", "CAN007"),
    ("I suspected the u2c was blocking the flashing, but it was the wiring.", "CAN007"),
    ("Step 3: Flash the U2C firmware and verify it works.", "CAN007"),
    ("I flashed the usb-can bridge firmware to the Octopus and it works.", "CAN007"),
    # CAN005: a negation, an accelerometer's sample rate
    ("It wasn't different sample points on the nodes, it was the cable.", "CAN005"),
    ("The resonance test shows different sample rates between the two accelerometers.", "CAN005"),
    # CAN001: can0 brought up by systemd-networkd
    ("interfaces.d is not read on my system because I use systemd-networkd, and can0 comes up fine via 80-can.network.", "CAN001"),
    # KAT001: a failure the wiring fixed
    ("SEND_BLOCK failed on my H723 yesterday but after fixing the wiring it works.", "KAT001"),
    # CAN002: a problem, not a missing driver
    ("The kernel never had a problem with the can driver, it is the wiring.", "CAN002"),
    # RP003: the copy that worked, another family's UF2 drive
    ("When I copy the file klipper.uf2 onto the drive it just copies it, no errors, and the Pico shows up as "
     "usb-Klipper_rp2040_E6625C05E3543A2B-if00.", "RP003"),
    ("When I copy the file klipper.uf2 onto the drive it just copies it and works.", "RP003"),
    ("When I copy the file klipper.uf2 onto the drive of my nRF52840 it just copies it.", "RP003"),
])
def test_review_s23_not_said(text: str, fault: str) -> None:
    assert fault not in ids(text), ids(text)


def test_review_s23_can005_not_the_same_still_said() -> None:
    # the negation guard keeps "not the same" as the claim's own words (from the row's format)
    text = "Not the same sample point on the sender and the receiver, 87.5% against 75%."
    assert "said_can_timing_mismatch" in kinds(text), kinds(text)


def test_review_s23_sd002_host_guard_keeps_board() -> None:
    # a chore with the board's card still counts (from the row's format)
    text = "I had to power-cycle the Octopus before it loaded the new firmware.bin from the SD card."
    assert first(text) == "SD002", ids(text)


def test_rp_needs_reset_shows_up_again() -> None:
    # (review s23) rp_claims.py's "show up" widened to "shows up" (from the row's format)
    text = "I have to press reset on the SKR Pico and then it shows up again."
    assert "said_needs_reset" in kinds(text), kinds(text)
    assert first(text) == "RP002", ids(text)
