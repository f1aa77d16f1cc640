"""(deepen-swd s18) Rows and rules from the session-18 deepening of SWD004 (firmware that sleeps or turns SWD off),
SWD008 (faulty or incompatible probe) and SWD009 (STM32CubeProgrammer's own problems) against SWD002/SWD003."""

from __future__ import annotations

from textkit import first, kinds


def test_openocd_012_cortex_m_partno_zero_is_a_core_that_does_not_answer() -> None:
    # OpenOCD 0.12 src/target/cortex_m.c cortex_m_examine ("Cortex-M PARTNO 0x%x is unrecognized"): the output of an
    # STM32H7 through an ST-Link at 3.1 V as posted in STMicroelectronics/OpenOCD#38
    text = ("Info : clock speed 1800 kHz\nInfo : STLINK V2J37S7 (API v2) VID:PID 0483:3748\nInfo : Target voltage: 3.120154\n"
            "Error: [stm32h7x.cpu0] Cortex-M PARTNO 0x0 is unrecognized\nWarn : target stm32h7x.cpu0 examination failed\n"
            "Info : starting gdb server for stm32h7x.cpu0 on 3333\nInfo : Listening on port 3333 for gdb connections\n"
            "Error: Target not examined yet\n")
    assert "core_cpuid_zero" in kinds(text, "openocd")
    assert first(text) == "SWD004"
    # a low target voltage beside it is the supply (SWD003), as everywhere
    low = text.replace("Target voltage: 3.120154", "Target voltage: 0.012345")
    assert first(low) == "SWD003"
    # a PARTNO OpenOCD does not know but that is not 0 is another core, not this (0.12 on an EFM32G, openocd ticket #377)
    other = "Info : SWD DPIDR 0x2ba01477\nError: [efm32.cpu] Cortex-M PARTNO 0x3 is unrecognized\n"
    assert "core_cpuid_zero" not in kinds(other, "openocd")


def test_openocd_dpidr_read_then_cpuid_read_fault_is_the_core_not_the_wires() -> None:
    # OpenOCD 0.12 through a CMSIS-DAP probe: adi_v5_swd.c "SWD DPIDR 0x%08x", then arm_adi_v5.c mem_ap_read "Failed to read
    # memory at 0x%8.8x" on CPUID (0xE000ED00, cortex_m_examine's first read) and target.c "examination failed"
    text = ("Info : CMSIS-DAP: Interface Initialised (SWD)\nInfo : CMSIS-DAP: Interface ready\nInfo : clock speed 1000 kHz\n"
            "Info : SWD DPIDR 0x1ba01477\nError: Failed to read memory at 0xe000ed00\n"
            "Warn : target stm32f1x.cpu examination failed\nInfo : starting gdb server for stm32f1x.cpu on 3333\n")
    assert first(text) == "SWD004"
    # without the DPIDR line nothing shows that the wires carry data: not this rule
    assert first(text.replace("Info : SWD DPIDR 0x1ba01477\n", "")) != "SWD004"


def test_cubeprogrammer_log_read_the_device_once_and_then_found_no_target() -> None:
    # STM32CubeProgrammer 2.10 log as posted in stackoverflow 71809859 (clone ST-Link, Blue Pill; the id read only while
    # the reporter held RESET), cut to one failed USB attempt and the two connects
    text = ("10:00:59 : STM32CubeProgrammer API v2.10.0 | Windows-64Bits\n10:01:09 : ST-LINK error (DEV_USB_COMM_ERR)\n"
            "10:01:09 : Error: Problem occured while trying to connect\n10:02:15 : ST-LINK SN : 3544170029135147324D4E00\n"
            "10:02:15 : ST-LINK FW : V2J29S7\n10:02:15 : Board : --\n10:02:15 : Voltage : 3.17V\n10:02:17 : SWD freq : 4000 KHz\n"
            "10:02:17 : Connect mode: Normal\n10:02:17 : Reset mode : Core reset\n10:02:17 : Device ID : 0x412\n"
            "10:02:17 : Revision ID : Rev A\n10:02:17 : ST-LINK SN : 3544170029135147324D4E00\n10:02:17 : ST-LINK FW : V2J29S7\n"
            "10:02:17 : Board : --\n10:02:17 : Voltage : 3.15V\n10:02:17 : Error: No STM32 target found!\n")
    assert first(text) == "SWD004"
    # the failed connect alone (no device id read anywhere) stays the bare reading
    alone = "10:02:17 : ST-LINK SN : 3544170029135147324D4E00\n10:02:17 : ST-LINK FW : V2J29S7\n10:02:17 : Board : --\n" \
            "10:02:17 : Voltage : 3.15V\n10:02:17 : Error: No STM32 target found!\n"
    assert first(alone) == "SWD002"


def test_pyocd_dp_idr_read_then_cpuid_transfer_fault_is_the_core_not_the_wires() -> None:
    # pyOCD 0.3x log lines (dap.py "DP IDR = 0x%08x (...)", coresight/ap.py TransferFaultError.__str__ "Memory transfer
    # fault (read) @ 0x%08x-0x%08x") for an STM32L0 whose CPUID read faulted
    text = ("0000673 I Target type is stm32l073rz [board]\n0000712 I DP IDR = 0x0bc11477 (v1 MINDP rev0) [dap]\n"
            "0000738 I AHB-AP#0 IDR = 0x04770031 (AHB-AP var3 rev0) [ap]\n"
            "0000790 C Memory transfer fault (read) @ 0xe000ed00-0xe000ed03 [__main__]\n")
    assert first(text) == "SWD004"
    # a fault on flash (0x08000000) is not the core's registers: not this rule
    assert first(text.replace("0xe000ed00-0xe000ed03", "0x08000000-0x0800003f")) != "SWD004"


def test_stflash_18_usb_timeouts_before_the_connect_under_reset_hint_are_the_probe() -> None:
    # stlink 1.8 src/stlink-lib/usb.c send_recv ELOG("%s read reply failed: %s") and common.c stlink_chip_id's hint, which
    # 1.7-1.8 print whenever the CPUID read fails: here it failed because the probe's USB replies timed out
    text = ("st-flash 1.8.0\n2024-02-11T21:03:17 ERROR usb.c: READDEBUGREG read reply failed: LIBUSB_ERROR_TIMEOUT\n"
            "2024-02-11T21:03:18 ERROR usb.c: GETLASTRWSTATUS2 read reply failed: LIBUSB_ERROR_TIMEOUT\n"
            "2024-02-11T21:03:18 ERROR common.c: Can not connect to target. Please use 'connect under reset' and try again\n"
            "Failed to connect to target\n")
    assert first(text) == "SWD008"
    # the hint alone (1.7.0) stays the firmware reading
    assert first("st-flash 1.7.0\n2021-05-01T18:22:03 ERROR common.c: Can not connect to target. Please use 'connect under "
                 "reset' and try again\nFailed to connect to target\n") == "SWD004"


def test_jlink_dp_id_read_then_cannot_connect_is_behind_the_debug_port() -> None:
    # J-Link Commander 7.x connect output built from the DLL's own messages ("Found SW-DP with ID 0x%08X", "Failed to power
    # up DAP", "Cannot connect to target.") with realistic values, at VTref 3.3 V
    text = ("VTref=3.297V\nJ-Link>connect\nDevice \"STM32L476RG\" selected.\n\nConnecting to target via SWD\n"
            "Found SW-DP with ID 0x2BA01477\nFailed to power up DAP\nFound SW-DP with ID 0x2BA01477\nFailed to power up DAP\n"
            "Cannot connect to target.\n")
    assert first(text) == "SWD004"


def test_openocd_dpidr_read_then_dp_initialisation_failed_is_the_power_up_not_the_wires() -> None:
    # OpenOCD 0.12: adi_v5_swd.c "SWD DPIDR 0x%08x", cortex_m.c "Cortex-M4 r0p1 processor detected", then at the reset of
    # a program/reset command cortex_m_deassert_reset's LOG_TARGET_ERROR "DP initialisation failed", via a CMSIS-DAP probe
    text = ("Info : CMSIS-DAP: Interface Initialised (SWD)\nInfo : CMSIS-DAP: Interface ready\nInfo : clock speed 1000 kHz\n"
            "Info : SWD DPIDR 0x2ba01477\nInfo : [stm32f4x.cpu] Cortex-M4 r0p1 processor detected\n"
            "Info : [stm32f4x.cpu] target has 6 breakpoints, 4 watchpoints\nInfo : starting gdb server for stm32f4x.cpu on 3333\n"
            "Error: [stm32f4x.cpu] DP initialisation failed\n")
    assert first(text) == "SWD004"
