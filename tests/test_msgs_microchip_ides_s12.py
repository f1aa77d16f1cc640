"""Session 12, microchip-ides: Atmel Studio 7 / Microchip Studio device programming and atprogram (a new message table:
ispEnterProgMode 0xc0, ispSetBaud refused, debugWIRE that could not be enabled, a device id of another part, the generic
"Unable to enter programming mode"), and avrdude's Vtarg switch of Microchip kits set to off."""

from __future__ import annotations

import pytest

from textkit import events, first, kinds, serious

ISP_C0 = ("Failed to enter programming mode. ispEnterProgMode: Error status received: Got 0xc0, expected 0x00 "
          "(Command has failed to execute on the tool)")

DETAILS = """Unable to enter programming mode.
Please verify device selection, interface settings, target power, security bit, and connections to the target device. Look in the details section for more information.
Timestamp: 2016-03-29 17:36:23.990
Severity: INFO
ComponentId: 20000
StatusCode: 0
Failed to enter programming mode. ispEnterProgMode: Error status received: Got 0xc0, expected 0x00 (Command has failed to execute on the tool)
Unable to enter programming mode. Verify device selection, interface settings, target power, security bit, and connections to the target device."""


@pytest.mark.parametrize("text", [
    ISP_C0,
    DETAILS,
    "Failed to enable DW. Failed to enter programming mode.Error status received: Got 0xC0. Expected 0x00.",
    "Setting debugWire fuse seems to have failed. Check your clock and fuse settings",
    "[ERROR] Could not establish connection to device. Please check input parameters, hardware connections, security bit, "
    "target power, and clock values. Failed to enter programming mode. ispEnterProgMode: Error status received: Got 0xc0, "
    "expected 0x00 (Command has failed to execute on the tool). (TCF Error code: 1)",
    "Unable to enter programming mode.   Please verify device selection, interface settings, target power, security bit, "
    "and connections to the target device. Look in the details section for more information.",
])
def test_studio_isp_enter_failures_are_avr005(text: str) -> None:
    assert any(k in kinds(text, "avrdude") for k in ("isp_enter_failed", "debugwire_failed", "prog_mode_failed"))
    assert first(text) == "AVR005"


def test_studio_isp_status_byte_is_kept() -> None:
    evs = [e for e in events(ISP_C0, "avrdude", "atmel-studio") if e["kind"] == "isp_enter_failed"]
    assert evs and evs[0]["status"] == "0xc0"


def test_atprogram_isp_clock_refused_is_avr001() -> None:
    text = ("[ERROR] ispSetBaud: Error status received: Got 0xcd, expected 0x00 (Unknown status message). (TCF Error code: 1)\n"
            "[ERROR] Could not establish connection to device. Please check input parameters, hardware connections, security "
            "bit, target power, and clock values. Failed to enter programming mode. ispEnterProgMode: Error status received: "
            "Got 0xc0, expected 0x00 (Command has failed to execute on the tool). (TCF Error code: 1)")
    assert "isp_clock_rejected" in kinds(text, "avrdude")
    assert first(text) == "AVR001"


def test_studio_chip_identifier_of_another_part_is_fw002() -> None:
    text = """Unable to enter programming mode. The read device ID does not match the selected device or any other supported devices.
Please verify device selection, interface settings, target power and connections to the target device.
Timestamp: 2016-10-14 15:37:50.949
Severity: ERROR
ComponentId: 20100
StatusCode: 131101
ModuleName: TCF (TCF command: Device:startSession failed.)
Unexpected Chip Identifier 0x10010205 (expected 0x1001000a).
Reading device ID...Failed!"""
    evs = [e for e in events(text, "avrdude", "atmel-studio") if e.get("value")]
    assert evs and evs[0]["value"] == "0x10010205" and evs[0]["expected"] == "0x1001000a"
    assert first(text) == "FW002"


def test_studio_chip_identifier_of_zeros_is_not_another_part() -> None:
    text = "Unexpected Chip Identifier 0x00000000 (expected 0x1001000a)."
    assert "chip_id_mismatch" in kinds(text, "avrdude")
    assert first(text) != "FW002"


@pytest.mark.parametrize("text", [
    """avrdude -cxplainedmini_isp -patmega328pb -xvtarg_switch=0

                Vtarg switch setting changed from 1 to 0
avrdude error: command failed
avrdude error: device is locked; chip erase required to unlock""",
    """avrdude -c pkobn_updi -p avr128da48 -x vtarg_switch=0
Vtarg switch setting changed from 1 to 0
avrdude jtag3_initialize() info: turn on the Vtarg switch to establish connection with the target""",
])
def test_avrdude_vtarg_switched_off_is_swd003(text: str) -> None:
    assert "vtarg_switch" in kinds(text, "avrdude")
    assert first(text) == "SWD003"


def test_avrdude_vtarg_switched_on_alone_is_no_fault() -> None:
    text = "Vtarg switch setting changed from 0 to 1\navrdude done.  Thank you."
    assert "vtarg_switch" in kinds(text, "avrdude")
    assert not serious(text)
