"""(probes-vendors s22) Families the first-contact threads of the debug-probe / vendor-toolchain round showed:

- MPLAB X / IPE / MPLAB 8 with a PICkit, ICD or Snap finding no voltage on the target's VDD ("Target device was not found
  (could not detect target voltage VDD)", MPLAB 8's "PK3Err0045: You must connect to a target device", newer builds'
  "Target Vdd not detected") -> SWD003; the device id read back as 0 or all ones with voltage present -> SWD002 (ICSP
  wiring, MCLR), a real id of another part is not that; a good run ("Programming/Verify complete") is healthy;
- a secured NXP Kinetis part: MCUXpresso/LinkServer's Kinetis connect script ("Part is secured", "Mass Erase Required")
  before its Wire ACK faults, OpenOCD's kinetis driver "Your Kinetis MCU is in secured state" -> SWD006, above the
  connect failure's SWD004/SWD002.

Texts marked "from the source's format" are written from the tools' sources (OpenOCD) or from their wording in other
real pastes (MPLAB is closed source); the others are lines of real threads."""

from __future__ import annotations

from textkit import events, findings, first


# real pastes (ecomodder 548486-post3121; electro-tech-online 161504; forum.cytron.io t=11004)
_MPLABX_NO_VDD = "Target device was not found (could not detect target voltage VDD). You must connect to a target device to use PICkit 3.\n"
_MPLABX_NO_VDD_BLOCK = (
    "Connecting to MPLAB PICkit 3...\n"
    "Currently loaded firmware on PICkit 3\n"
    "Firmware Suite Version.....01.56.07\n"
    "Firmware type..............Enhanced Midrange\n"
    "Target device was not found (could not detect target voltage VDD). You must connect to a target device to use PICkit 3.\n")
_MPLAB8_PK3ERR = (
    "PICkit 3 detected\n"
    "Connecting to PICkit 3...\n"
    "Firmware Suite Version...... 01.26.33\n"
    "Firmware type......................Midrange\n"
    "PICkit 3 Connected.\n"
    "PK3Err0045: You must connect to a target device to use PICkit 3.\n")
# real paste (edaboard 397535, MPLAB IPE with a PICkit 3)
_IPE_TARGET_VDD = "Failed to program device\nTarget Vdd not detected. Please ensure the target device is connected.\n"
# from real pastes' wording (MPLAB X with a PICkit 4; the line broken after the parenthesis)
_PK4_SPLIT = ("Target device was not found (could not detect target voltage VDD).\n"
              "You must connect to a target device to use MPLAB PICkit 4.\n")


def test_mplab_no_target_vdd_is_an_unpowered_target_in_every_wording() -> None:
    for text in (_MPLABX_NO_VDD, _MPLABX_NO_VDD_BLOCK, _MPLAB8_PK3ERR, _IPE_TARGET_VDD, _PK4_SPLIT):
        assert first(text) == "SWD003", text


def test_mplab_no_vdd_finding_gives_the_pic_programmer_fix_not_openocd() -> None:
    found = findings(_MPLABX_NO_VDD_BLOCK)
    assert found[0].id == "SWD003"
    assert "openocd" not in (found[0].remediation.get("text", "") if isinstance(found[0].remediation, dict) else str(found[0].remediation)).lower()


# real paste (Microchip forum m959462 and picmicro: PICkit 3, MPLAB X); from real pastes' wording for the others
_ID_ZERO = ("Connecting to MPLAB PICkit 3...\nTarget voltage detected\n"
            "Target Device ID (0x0) is an Invalid Device ID. Please check your connections to the Target Device.\n")
_ID_ZERO_MPLAB8 = "Target Device ID (00000000) does not match expected Device\nID (00000e20).\n"
_ID_ALL_ONES = "Target Device ID (0x3fff) is an Invalid Device ID. Please check your connections to the Target Device.\n"
_ICD2_READ_ZERO = ("Connecting to MPLAB ICD 2\n...Connected\nSetting Vdd source to MPLAB ICD 2\n"
                   "ICDWarn0020: Invalid target device id (expected=0xA3, read=0x0)\n")


def test_mplab_device_id_zero_with_voltage_is_the_icsp_wiring() -> None:
    for text in (_ID_ZERO, _ID_ZERO_MPLAB8, _ID_ALL_ONES, _ICD2_READ_ZERO):
        assert first(text) == "SWD002", text
    ev = [e for e in events(_ID_ZERO_MPLAB8, "openocd", "mplab") if e["kind"] == "device_id_invalid"]
    assert ev and ev[0]["value"] == "0x0" and ev[0]["blank"] is True
    one_line = [e for e in events("Target Device ID (00000000) does not match expected Device ID (00000e20).\n", "openocd", "mplab")
                if e["kind"] == "device_id_invalid"]
    assert one_line and one_line[0]["expected"] == "0xe20"


def test_mplab_a_real_id_of_another_part_is_not_the_wiring() -> None:
    # from real pastes' wording: the id read is a real one (another PIC than the one selected)
    text = "Target Device ID (0x2c30000) does not match expected Device ID (0x2c20000).\n"
    assert "SWD002" not in [f.id for f in findings(text)]
    ev = [e for e in events(text, "openocd", "mplab") if e["kind"] == "device_id_invalid"]
    assert ev and ev[0]["blank"] is False


def test_no_vdd_outranks_the_id_read_when_both_are_pasted() -> None:
    assert first(_MPLAB8_PK3ERR + _ID_ZERO_MPLAB8) == "SWD003"


def test_mplab_programming_verify_complete_is_healthy() -> None:
    # real paste (ElderlyPirate/Bus_Pirate#193, MPLAB X 6.05 with a PICkit 3)
    text = ("*****************************************************\n\nConnecting to MPLAB PICkit 3...\n"
            "Currently loaded firmware on PICkit 3\nFirmware Suite Version.....01.56.09\nFirmware type..............dsPIC33F/24F/24H\n\n"
            "Target voltage detected\nTarget device PIC24FJ256GB106 found.\nDevice Revision ID = 4\n\nDevice Erased...\n\nProgramming...\n\n"
            "The following memory area(s) will be programmed:\nprogram memory: start address = 0x0, end address = 0x17ff\n"
            "configuration memory\nProgramming/Verify complete\n")
    assert [f.id for f in findings(text) if f.severity in ("error", "warning")] == []


def test_mplab_supply_the_tool_cannot_hold_is_still_reported() -> None:
    # real paste (jrainimo.com PicFix: a PICkit 3 clone whose regulator divider was off): the cause is not in the text,
    # so it stays an unexplained failure rather than silence or a supply verdict
    text = ("PICkit 3 is trying to supply 3.250000 volts from the USB port, but\n the target VDD is measured to be 2.875000 volts.\n"
            "The target circuit may require more power than the debug tool\n can provide. An external power supply might be necessary.\n"
            "Connection Failed.\n")
    ids = [f.id for f in findings(text)]
    assert ids and "SWD003" not in ids


# real paste (NXP community "Wire ACK Fault in DAP access", m-p/869395: MCUXpresso 10.3, FRDM-K64F)
_REDLINK_SECURED = (
    "MCUXpresso IDE RedlinkMulti Driver v10.3 (Feb  7 2019 22:50:02 - crt_emu_cm_redlink build 760)\n"
    "============= SCRIPT: kinetisconnect.scp =============\nKinetis Connect Script\nDpID = 2BA01477\nAssert NRESET\n"
    "MDM-AP Status (Flash Ready) : 0x00000036\nPart is secured\nMass Erase Required\n"
    "============= END SCRIPT =============================\n"
    "Probe Firmware: DAPLink CMSIS-DAP (ARM)\n"
    "connection failed - Nn(05). Wire ACK Fault in DAP access.. Retrying\n"
    "Failed on connect: Nn(05). Wire ACK Fault in DAP access\n"
    "(100) Target Connection Failed\n")

# from the source's format: OpenOCD 0.9-0.12 src/flash/nor/kinetis.c kinetis_check_flash_security_status()
_OPENOCD_KINETIS_SECURED = (
    "Info : SWD DPIDR 0x2ba01477\n"
    "Warn : *********** ATTENTION! ATTENTION! ATTENTION! ATTENTION! **********\n"
    "Warn : **** Your Kinetis MCU is in secured state, which means that,  ****\n"
    "Warn : **** with exception for very basic communication, JTAG/SWD    ****\n"
    "Warn : **** interface will NOT work. In order to restore its         ****\n")


def test_secured_kinetis_is_flash_protection_above_the_connect_failure() -> None:
    assert first(_REDLINK_SECURED) == "SWD006"
    assert first(_OPENOCD_KINETIS_SECURED) == "SWD006"


def test_linkserver_wire_fault_without_the_secured_line_is_not_protection() -> None:
    text = _REDLINK_SECURED.replace("Part is secured\nMass Erase Required\n", "")
    assert "SWD006" not in [f.id for f in findings(text)]


def test_a_sentence_about_a_secured_part_is_not_the_script_line() -> None:
    # (review s22) starts like the script line, so only the row's end anchor keeps it out
    text = "Part is secured with two screws to the enclosure.\nFailed on connect: Nn(05). Wire ACK Fault in DAP access\n"
    assert "SWD006" not in [f.id for f in findings(text)]
