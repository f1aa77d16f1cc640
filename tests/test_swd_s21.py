"""Session 21 gathering round, area swd (SWD probes: st-flash/st-info, OpenOCD, CubeProgrammer, J-Link, pyOCD, probe-rs).

J-Link DLL 4.x-6.x auto-detection lines ("No device found on SWD.", "Did not find any core.", "No devices found on JTAG
chain", "Failed to identify target") are the probe saying no debug port answered: the same meaning as "Cannot connect
to target.". bossac's "No device found on <port>" must not claim J-Link's "No device found on SWD." (it did, and a
J-Link paste got bossac's not-in-bootloader answer). Lines quoted from real pastes (SEGGER forum thread 1345, Nordic
DevZone 1304); the one-line form is how J-Link Commander V4.78 printed them in the DevZone thread.
"""

from __future__ import annotations

import pytest

from textkit import events, first as first_id

JLINK_LINES = [
    "No device found on SWD.",
    "Did not find any core.",
    "No devices found on JTAG chain. Trying to find device on SWD. No device found on SWD. Did not find any core. "
    "Failed to identify target. Trying again with slow (4 kHz) speed.",
    # (reviewfix s21) the retry line alone goes on ("Trying again with slow (4 kHz) speed."): a failure only when it ends so
    "Failed to identify target.",
]


@pytest.mark.parametrize("line", JLINK_LINES)
def test_jlink_autodetect_lines_are_dp_connect_failed(line: str) -> None:
    text = "SEGGER J-Link Commander V4.78 ('?' for help)\n" + line + "\n"
    kinds = [e["kind"] for e in events(text, "openocd", "jlink")]
    assert "dp_connect_failed" in kinds, kinds
    assert not events(text, "flash", "bossac")


def test_reset_pin_warning_and_no_core_is_wiring_at_normal_voltage() -> None:
    # SEGGER forum 1345 (EFM32 DK with the probe routed to the external connector): the lines as pasted
    text = ("WARNING: RESET (pin 15) high, but should be low. Please check target hardware.\n"
            "No device found on SWD.\nDid not find any core.\n")
    assert first_id(text) == "SWD002"


def test_no_core_with_no_target_voltage_is_unpowered() -> None:
    text = ("SEGGER J-Link Commander V4.78 ('?' for help)\nVTarget = 0.000V\n"
            "No devices found on JTAG chain. Trying to find device on SWD. No device found on SWD. Did not find any core.\n")
    assert first_id(text) == "SWD003"


def test_no_core_with_normal_target_voltage_is_wiring() -> None:
    # Nordic DevZone 1304 (J-Link OB, VTarget 3.3 V), without its TCK pin-check line
    text = ("SEGGER J-Link Commander V4.78 ('?' for help) Compiled Oct 4 2013 19:17:43\nVTarget = 3.300V\n"
            "No devices found on JTAG chain. Trying to find device on SWD. No device found on SWD. Did not find any core. "
            "Failed to identify target. Trying again with slow (4 kHz) speed.\n")
    assert first_id(text) == "SWD002"


@pytest.mark.parametrize("line", ["No device found on /dev/ttyACM0", "No device found on COM5", "No device found on cu.usbmodem1421"])
def test_bossac_no_device_on_a_port_is_still_bossac(line: str) -> None:
    kinds = [e["kind"] for e in events(line + "\n", "flash", "bossac")]
    assert kinds == ["bootloader_not_found"]
    assert first_id(line + "\n") == "BOOT001"


# ST-LINK Utility 4.x lines that were silent (no finding): quoted from qa-community.st.com 17963 (PCROP / sector read
# protection) and 39062 (the Utility lost an F103 it had just identified)
def test_stlink_utility_sector_read_protection_is_flash_protected() -> None:
    assert first_id("Some flash sectors are read protected.\n") == "SWD006"


def test_stlink_utility_connection_lost_is_not_silent() -> None:
    text = ("17:52:11 : Device ID:0x414\n"
            "17:52:12 : Disconnected from device.\n"
            "17:52:12 : Connection to device is lost: check power supply and debug connection.\n"
            "17:52:12 : If the target is in low power mode, please enable \"Debug in Low Power mode\" option from Target->settings menu.\n")
    kinds = [e["kind"] for e in events(text, "stlink")]
    assert "target_error_unknown" in kinds, kinds
    assert first_id(text) == "GEN001"
