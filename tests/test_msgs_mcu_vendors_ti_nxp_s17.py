"""(mcu-vendors-ti-nxp s17) Rows and rules from the session-17 round on TI and NXP tools: lm4flash (Tiva C / Stellaris
ICDI), mspdebug's FET firmware message, LPCXpresso's redlinkserv launch error and pyMBoot's mboot (MCU bootloader protocol)."""

from __future__ import annotations

from textkit import events, first, serious

# --- lm4flash -------------------------------------------------------------------------------------------------------


def test_lm4flash_no_icdi_with_tiva_rom_dfu_on_the_bus_is_the_wrong_device() -> None:
    lsusb = ("$ lsusb\nBus 001 Device 011: ID 1cbe:00ff Luminary Micro Inc. Stellaris ROM DFU Bootloader\n"
             "Bus 001 Device 001: ID 1d6b:0002 Linux Foundation 2.0 root hub\n")
    run = "$ lm4flash -v app.bin\nUnable to open USB device: LIBUSB_ERROR_ACCESS\nUnable to find any ICDI devices\n"
    assert [e["pid"] for e in events(run, "openocd", "lm4flash") if e["kind"] == "adapter_not_found"] == ["00fd"]
    assert first(lsusb + "\n" + run) == "BOOT006"
    # without the bus listing the access error is what the text shows
    assert first(run) == "USB004"


def test_lm4flash_icdi_found_but_unreadable_is_not_a_missing_probe() -> None:
    # OS X before lm4tools 99d501b: the ICDI is there, its serial number could not be read (lm4tools#8)
    text = "$ ./lm4flash project0.bin\nUnable to get device serial number: LIBUSB_ERROR_OTHER\nUnable to find any ICDI devices\n"
    assert first(text) == "GEN001"
    assert first("$ lm4flash blinky.bin\nUnable to open USB device: LIBUSB_ERROR_NOT_SUPPORTED\nUnable to find any ICDI devices\n") == "USB004"


def test_lm4flash_healthy_run_is_quiet() -> None:
    text = ("$ lm4flash main.bin\nFound ICDI device with serial: 0E200FBE\nICDI version: 9270\n")
    assert serious(text) == []


# --- mspdebug -------------------------------------------------------------------------------------------------------


def test_mspdebug_fet_firmware_update_required_is_not_an_st_tool_problem() -> None:
    text = ("MSPDebug version 0.20 - debugging tool for MSP430 MCUs\nMSP430_GetNumberOfUsbIfs\nMSP430_GetNameOfUsbIf\n"
            "Found FET: ttyACM0\nMSP430_Initialize: ttyACM0\nFET firmware update is required.\n"
            "Re-run with --allow-fw-update to perform a firmware update.\ntilib: device initialization failed\n")
    assert "SWD009" not in serious(text)
    assert first(text) == "GEN001"


# --- LPCXpresso / LinkServer ----------------------------------------------------------------------------------------


def test_lpcxpresso_redlinkserv_status_fail_is_lost_debug_access() -> None:
    text = ("Error in final launch sequence\nError: Error reported by server (redlinkserv.exe):\nStatus fail\n"
            "LinkServer has been terminated and will be restarted.\n")
    assert first(text) == "SWD004"


# --- pyMBoot (mboot) ------------------------------------------------------------------------------------------------


def test_mboot_timeout_on_imxrt_serial_downloader_is_the_wrong_protocol() -> None:
    text = "$ mboot reset\n\n DEVICE: SE Blank RT Family  (0x1FC9, 0x0135)\n\n [Errno 110] Operation timed out\n"
    ev = [e for e in events(text, "flash", "blhost") if e["kind"] == "blhost_no_response"]
    assert ev and (ev[0]["vid"], ev[0]["pid"]) == ("1fc9", "0135")
    assert first(text) == "BOOT006"
