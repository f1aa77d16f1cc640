"""(deepen-stm32 s19) Rows and rules from the session-19 deepening of SWD003 (target voltage as ST's GDB server and
ST-LINK_CLI print it), SWD006 (protection: OpenOCD's bare erase failure, ST-LINK Utility's erase and option-byte popups),
SWD007 (an id the tool does not know: st-info's flash 0 without a device type, STM32CubeProgrammer's "unknown or
unsupported device"), DFU001 (arduino-cli's exit status 74) and BOOT007 (DFU said to come only sometimes)."""

from __future__ import annotations

from textkit import first, kinds


def test_stinfo_unknown_id_with_flash_0_and_no_device_type_is_an_id_the_tool_lacks() -> None:
    # stlink-tools 1.8 src/st-info/info.c stlink_print_info: "dev-type:" only for an id in its chip table; flash stays 0
    # when stlink_load_device_params refused the id (common.c "unknown chip id!", on stderr). Values as st-info prints them
    text = ("Found 1 stlink programmers\n  version:    V2J37S7\n  serial:     303030303030303030303031\n"
            "  flash:      0 (pagesize: 0)\n  sram:       0\n  chipid:     0x4c3\n")
    assert first(text) == "SWD007"
    # a known part with flash 0 (its dev-type printed) stays the protection reading (tests/cases/stinfo-f411-flash-0-locked)
    known = text.replace("chipid:     0x4c3\n", "chipid:     0x431\n  dev-type:   STM32F411xC_xE\n")
    assert first(known) == "SWD006"
    # nothing read (chip id 0) stays the wiring reading
    assert first(text.replace("0x4c3", "0x000")) == "SWD002"


def test_cubeprogrammer_unknown_or_unsupported_device() -> None:
    # STM32CubeProgrammer 2.2 run by STM32CubeIDE's GDB server (community.st.com 312806), the DevID as 2.x prints it
    text = ("ST-LINK SN : 002F001F3137511233333639\nST-LINK FW : V3J4M2\nVoltage : 3.28V\nSWD freq : 24000 KHz\n"
            "Connect mode: Under Reset\nReset mode : Hardware reset\nCannot identify the device\n"
            "Error: unknown or unsupported device (DevID = 0x04c3)\n")
    assert "chip_id_unknown" in kinds(text, "stlink")
    assert first(text) == "SWD007"
    # DevID 0x0000 (the thread's own value) is nothing read: the chip id 0 reading, not a clone
    assert first(text.replace("0x04c3", "0x0000")) != "SWD007"


def test_openocd_failed_erasing_sectors_alone_is_protection() -> None:
    # OpenOCD 0.12 src/flash/nor/core.c flash_driver_erase "failed erasing sectors %u to %u", pasted without the driver's
    # reason line, inside a `program` run (tcl/target.tcl "** Programming Failed **")
    text = "** Programming Started **\nError: failed erasing sectors 0 to 7\nembedded:startup.tcl:1187: Error: ** Programming Failed **\n"
    assert first(text) == "SWD006"
    # with another reason in the same run (target.c "Target not halted") it is not this reading
    assert first("Error: Target not halted\nError: failed erasing sectors 0 to 7\n") != "SWD006"


def test_stlink_utility_erase_and_option_byte_popups() -> None:
    # ST-LINK Utility 4.x log (community.st.com "STM32F103RET6 can't disable read out protection", RDP level 1)
    assert first("17:53:43 : Memory-Loader error\n17:53:43 : Error occured during erase operation!\n") == "SWD006"
    # its popup pasted alone (same thread)
    assert first("Could not set Option bytes!\nPlease reset the target and retry.\n") == "SWD006"


def test_gdbserver_and_stlink_cli_target_voltage() -> None:
    # STM32CubeIDE ST-LINK GDB server log (tests/cases/cubeide-gdbserver-523-...: "ST-LINK detects target voltage = 3.17 V"),
    # here with the reading of an unpowered target
    gdb = ("ST-LINK Firmware version : V2J37S7\nDevice ID: 0x0000\nPC: 0x0\nST-LINK device status: UNKNOWN\n"
           "ST-LINK detects target voltage = 0.00 V\nError in initializing ST-LINK device.\nReason: No device found on target.\n")
    assert first(gdb) == "SWD003"
    # ST-LINK_CLI 3.6 (community.st.com, "Target voltage = 1.9 V" as it prints it), connect refused at 0.0 V
    cli = ("STM32 ST-LINK CLI v3.6.0.0\nSTM32 ST-LINK Command Line Interface\nST-LINK SN: 39FF6E064D42343842212543\n"
           "ST-LINK Firmware version: V2J29S7\nConnected via SWD.\nSWD Frequency = 4000K.\nTarget voltage = 0.0 V\n"
           "Connection mode: Normal\nReset mode: Hardware reset\nCan not connect to target!\n")
    assert first(cli) == "SWD003"
    assert first(cli.replace("Target voltage = 0.0 V", "Target voltage = 3.2 V")) != "SWD003"


def test_arduino_exit_status_74_after_dfu_leave() -> None:
    # dfu-util 0.11 after a :leave download, then arduino-cli's verdict with dfu-util's exit code (EX_IOERR 74)
    text = ("Download\t[=========================] 100%        21000 bytes\nDownload done.\nFile downloaded successfully\n"
            "Transitioning to dfuMANIFEST state\ndfu-util: Error during download get_status\n"
            "Failed uploading: uploading error: exit status 74\n")
    assert first(text) == "DFU001"


def test_dfu_said_intermittent_beside_no_dfu_device() -> None:
    # the answer BOOT007's question asks for, beside dfu-util 0.9-0.11 main.c "No DFU capable USB device available"
    text = ("DFU mode only works sometimes, even though I hold BOOT0 every time.\n$ dfu-util -l\n"
            "dfu-util: No DFU capable USB device available\n")
    assert first(text) == "BOOT007"
    assert first("$ dfu-util -l\ndfu-util: No DFU capable USB device available\n") == "BOOT003"


def test_qmk_waits_for_rom_dfu_bootloader() -> None:
    # QMK CLI (`qmk flash` on an STM32 keyboard) waiting for the ROM DFU device that BOOT0 at reset starts
    text = "Flashing for bootloader: stm32-dfu\nBootloader not found. Trying again every 0.5s (Ctrl+C to cancel)..........\n"
    assert first(text) == "BOOT003"
    # an AVR keyboard's wait stays the general one (BOOT001)
    assert first(text.replace("stm32-dfu", "caterina")) == "BOOT001"


def test_dfu_hijack_said_with_wont_or_unsolder() -> None:
    # prose as flight-controller threads word it (betaflight#4122, ExpressLRS#2051 style): the contraction and "unsolder"
    assert first("With the ELRS receiver connected the FC won't go into DFU.\n") == "BOOT007"
    assert first("I have to unsolder the RX wire to get into bootloader mode.\n") == "BOOT007"
