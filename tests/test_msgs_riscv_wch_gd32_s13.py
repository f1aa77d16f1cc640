"""(riscv-wch-gd32 s13) Rows and rules from the session-13 round on WCH, GD32 and other vendors' MCUs: minichlink (ch32fun),
WCH's OpenOCD fork, wchisp, the CH55x uploaders (vnproch55x, ch55xtool), blisp (Bouffalo), and two OpenOCD readings
(a command line's `shutdown` is no outcome; a protection unlocked in the same run is not SWD006)."""

from __future__ import annotations

from textkit import events, first, serious

# --- minichlink -----------------------------------------------------------------------------------------------------

_LINKE = "Found WCH Link\nWCH Programmer is LinkE version 2.16\n"
_NO_TARGET = ("link error, nothing connected to linker (4 = [81 55 01 01]).  Trying to put processor in hold and retrying.\n" * 3
              + "Unknown chip type.  Report as bug with picture of chip.\nmarchid : ffffffff\nHARTINFO: ffffffff\nCould not setup interface.\n")


def test_minichlink_linke_no_target_is_swd004() -> None:
    text = _LINKE + _NO_TARGET
    assert [e["kind"] for e in events(text, "openocd", "minichlink")][:2] == ["adapter_found", "adapter_found"]
    assert first(text) == "SWD004"


def test_minichlink_old_wording_without_reply_bytes_is_swd004() -> None:
    text = "> minichlink.exe\nFound WCH Link\nWCH Programmer is LinkE version 2.8\nlink error, nothing connected to linker\nCould not setup interface.\n"
    assert first(text) == "SWD004"


def test_minichlink_unbrick_all_ones_is_swd004() -> None:
    text = ("minichlink -u\nFound WCH Link\nEntering Unbrick Mode\nConnection starting\nProgrammer wasn't initialized? Fixing\n\n"
            "DMStatus After Halt: /0/ffffffff\nFault on op (DMABSTRACTS = ffffffff) (-1) (Other Error) DMSTATUS: ffffffff\n"
            "Error: Flash is not unlocked (CTLR = ffffffff)\n")
    assert first(text) == "SWD004"


def test_minichlink_ch549_or_unknown_programmer_is_swd008() -> None:
    ch549 = "Found WCH Link\nWCH Programmer is CH549 version 2.7\nlink error, nothing connected to linker\nCould not setup interface.\n"
    assert first(ch549) == "SWD008"
    unknown = "Found WCH Link\nUnknown WCH Programmer 00 (Ver 2.1)\n" + _NO_TARGET
    assert first(unknown) == "SWD008"


def test_minichlink_failed_usb_command_is_wiring_not_swd004() -> None:
    text = "Found WCH Link\nWCH Programmer is LinkE version 2.8\nError sending WCH command (on recv): 81 0d 01 02 \n"
    assert first(text) == "SWD002"


def test_minichlink_read_locked_part_is_swd006() -> None:
    text = (_LINKE + "Detected CH32V203\nRead protection: enabled\nInterface Setup\nWriting image\n"
            "WARNING: Your part appears to have flash [read] locked.  Cannot program unless unlocked.\n"
            "Fault on op (DMABSTRACTS = 08000302) (100) (Exception executing Abstract Command) DMSTATUS: 000c0382\n\nImage written.\n")
    assert first(text) == "SWD006"


def test_minichlink_hid_programmer_feature_reports_fail_is_usb004() -> None:
    text = ("Error: Got error -1 when sending hid feature report.\nFound ESP32S2-Style Programmer\n"
            "Error: Got error -1 when sending hid feature report.\nError: Could not read dmstatus.\nCould not setup interface.\n")
    assert first(text) == "USB004"


def test_minichlink_cannot_open_the_link_is_usb004() -> None:
    assert first("Found WCH Link\nError: couldn't open wch link device (libusb_open() = -3)\n") == "USB004"


def test_minichlink_unknown_chip_fallback_then_written_is_healthy() -> None:
    text = (_LINKE + "Already Connected\nFull Chip Type Reply: [4] 81-55-01-01-00-00-00-00-00\nUnknown chip fallback\nNo detected chip.\n"
            "Setup success\nInterface Setup\nWriting image\nChip Type: 006\nAutodetected a SWDIO chip (Enum: 26 from 00630620)\n\nImage written.\n")
    assert serious(text) == []


# --- WCH's OpenOCD ------------------------------------------------------------------------------------------------

_WCH_OCD = ("Open On-Chip Debugger 0.11.0+dev-02415-gfad123a16-dirty (2023-05-05-13:43)\nLicensed under GNU GPL v2\n"
            "Info : only one transport option; autoselect 'sdi'\nWarn : Transport \"sdi\" was already selected\nReady for Remote Connections\n")


def test_wch_openocd_failed_to_connect_with_riscvchip_on_a_linke_is_swd004() -> None:
    text = (_WCH_OCD + "Info : WCH-LinkE  mode:RV version 2.10 \nError:  WCH-Link failed to connect with riscvchip\n"
            "Error:  1.Make sure the two-line debug interface has been opened. If not, set board to boot mode then use ISP tool to open it\n"
            "Error:  2.Please check your physical link connection\n")
    assert first(text) == "SWD004"


def test_wch_openocd_ch549_link_says_it_cannot_do_ch32v00x_is_swd008() -> None:
    text = (_WCH_OCD + "Info : WCH-Link-CH549  mode:RV version 2.7 \nError:  WCH-Link failed to connect with riscvchip\n"
            "Error:  1.Make sure the two-line debug interface has been opened. If not, set board to boot mode then use ISP tool to open it\n"
            "Error:  2.Please check your physical link connection\n"
            "Error:  if your chip is CH32V00X,WCH-Link-CH549 does not support this chip, please use WCH-LinkE\n")
    assert first(text) == "SWD008"


def test_wch_openocd_read_protect_enabled_is_swd006() -> None:
    text = (_WCH_OCD + "Info : WCH-LinkE  mode:RV version 2.12 \nInfo : wlink_init ok\n** Programming Started **\n"
            "Info : device id = 0x06beabcd\nError: Read-Protect Status Currently Enabled\nError: failed erasing sectors 0 to 5\n")
    assert first(text) == "SWD006"


def test_wch_openocd_debug_interface_open_reminder_is_benign() -> None:
    text = (_WCH_OCD + "Info : WCH-LinkE  mode:RV version 2.11 \n"
            "Warn :  The debug interface has been opened,there is a risk of code leakage ,ensure that the debug interface has been closed before leaving factory !\n"
            "Info : wlink_init ok\n")
    assert serious(text) == []


# --- wchisp ---------------------------------------------------------------------------------------------------------


def test_wchisp_rusb_access_denied_is_usb004() -> None:
    assert first("Error: Access denied (insufficient permissions)\n") == "USB004"


def test_wchisp_newer_permission_and_driver_messages_are_usb004() -> None:
    assert first("12:00:01 [INFO] Opening USB device #0\nError: Failed to open USB device on Linux due to no enough permission\n") == "USB004"
    assert first("12:00:01 [INFO] Opening USB device #0\nError: Failed to open USB device on Windows\n") == "USB004"


def test_wchisp_no_isp_device_is_boot003() -> None:
    text = "10:00:00 [INFO] Opening USB device #0\nError: No WCH ISP USB device found(4348:55e0 or 1a86:55e0 device not found at index #0)\n"
    assert first(text) == "BOOT003"


def test_wchisp_config_dump_with_error_meaning_is_healthy() -> None:
    text = ("19:48:49 [INFO] Chip: CH592[0x9222] (Code Flash: 448KiB, Data EEPROM: 32KiB)\n19:48:49 [INFO] BTVER(bootloader ver): 02.30\n"
            "19:48:49 [INFO] Current config registers: ffffffffffffffff4d0fff4f00020300df364f10535c81a3\nUSER_CFG: 0x4FFF0F4D\n"
            "  [7:0]   CFG_ROM_READ 0x0 (0b0)\n    `- Disable the programmer to read out, and keep the program secret\n"
            "  [27:8]  RESERVED 0xFFF0F (0b11111111111100001111)\n    `- Error\n19:48:50 [INFO] Verify OK\n")
    assert serious(text) == []


# --- CH55x uploaders ------------------------------------------------------------------------------------------------

_VNPRO = ("------------------------------------------------------------------\nCH55x Programmer by Deqing\n"
          "------------------------------------------------------------------\nLoad file as hex\n   Loaded 4074 bytes between: 0000 to 1034\n"
          "ch375Version 35\nCH375GetUsbID 0\n")


def test_vnproch55x_found_no_ch55x_is_boot003() -> None:
    text = _VNPRO + "No CH55x USB Found, retry...\n" * 3 + "Found no CH55x USB\n"
    assert [e["kind"] for e in events(text, "flash", "vnproch55x")] == ["isp_not_found"]
    assert first(text) == "BOOT003"


def test_vnproch55x_send_detect_fail_is_usb004() -> None:
    assert first(_VNPRO + "DeviceVersion of CH55x: 2.50 \nSend Detect: Fail\n") == "USB004"


def test_vnproch55x_not_support_is_never_silent() -> None:
    text = _VNPRO + "Found Device CH552\nBootloader: 2.4.0\nID: 97 62 F0 60\nNot support\n"
    assert first(text) == "GEN001"


def test_vnproch55x_found_after_retries_and_verified_is_healthy() -> None:
    text = (_VNPRO + "No CH55x USB Found, retry...\nDeviceVersion of CH55x: 2.50 \nFound Device CH552\nBootloader: 2.5.0\n"
            "Write 4074 bytes from bin file.\n\nWrite complete!!!\nVerify chip\n\nVerify complete!!!\n"
            "------------------------------------------------------------------\nReset OK\n")
    assert serious(text) == []


def test_ch55xtool_no_device_is_boot003() -> None:
    assert first("Failed to get device, please check your libusb installation.\n") == "BOOT003"


# --- blisp ----------------------------------------------------------------------------------------------------------

_BLISP_HEAD = "Sending a handshake...\nHandshake successful!\nGetting chip info...\nBootROM version 1.0.2.7, ChipID: 0000271821A890C8\n"
_LOADER = "0b / 59200 (0.00%)\n29600b / 59200 (50.00%)\n59200b / 59200 (100.00%)\n"


def test_blisp_loader_taken_then_silent_is_usb002() -> None:
    text = _BLISP_HEAD + _LOADER + "Sending a handshake...\nReceived no response from chip.\nFailed to handshake with device.\n"
    assert first(text) == "USB002"


def test_blisp_rom_never_answering_is_not_usb002() -> None:
    text = "Sending a handshake...\nReceived no response from chip.\nFailed to handshake with device.\n"
    assert "USB002" not in serious(text)
    assert serious(text)  # never silent


def test_blisp_retries_then_flash_complete_is_healthy() -> None:
    text = ("Testing if we can skip the handshake...\nFailed to receive response, ret: 0\nWe can't; ignore the previous error.\n"
            "Sending a handshake...\nReceived incorrect handshake response from chip (attempt 1/5).\nCould not find 0x4F 0x4B ('O', 'K') in:\n"
            + _BLISP_HEAD.split("\n", 1)[1] + _LOADER
            + "Sending a handshake...\nHandshake with eflash_loader successful.\nInput file identified as a .bin file\n"
            "Erasing flash to flash boot header\nFlashing boot header...\nErasing flash for firmware, this might take a while...\n"
            "Flashing the firmware 194508 bytes @ 0x00002000...\nChecking program...\nProgram OK!\nResetting the chip.\nFlash complete!\n")
    assert serious(text) == []


# --- OpenOCD --------------------------------------------------------------------------------------------------------


def test_openocd_command_line_with_shutdown_is_no_failure() -> None:
    text = ('openocd -d2 -s C:\\Users\\Max\\.platformio\\packages\\tool-openocd-gd32/scripts -f interface/cmsis-dap.cfg '
            '-c "transport select swd" -c "set CPUTAPID 0x2ba01477" -f target/stm32f1x.cfg -c "program {fw.elf}  verify reset; shutdown;"\n'
            "xPack OpenOCD x86_64 Open On-Chip Debugger 0.11.0+dev (2021-12-07-17:33)\nInfo : SWD DPIDR 0x2ba01477\n"
            "Info : stm32f1x.cpu: Cortex-M4 r0p1 processor detected\n")
    assert serious(text) == []


def test_openocd_protection_unlocked_in_the_same_run_is_not_swd006() -> None:
    text = ("> stm32f4x unlock 0\ndevice id = 0x70050242\nCannot identify target as a STM32 family.\nauto_probe failed\n\n"
            "> stm32f2x unlock 1\nflash size = 512 bytes\nDevice Security Bit Set\nstm32f2x unlocked.\n"
            "INFO: a reset or power cycle is required for the new settings to take effect.\n")
    assert first(text) == "SWD007"


# --- batch 2: MounRiver's flash console, vnproch55x's target check ----------------------------------------------------


def test_mounriver_failed_to_configure_mcu_is_swd002() -> None:
    text = ('------------ Begin flash process of "obj\\gps_rec_v0.hex" ------------ \n'
            "20:10:52:656 >> Current project vendor is WCH, debugger is WCH-Link\n\n"
            "20:10:52:753 >> Link Device is CH32V305. Already the latest version v2.9, no need to upgrade\n\n"
            "20:10:52:797 >> Starting to Handle Operations...\n20:10:52:858 >> Failed to configure mcu.\n"
            'Failed to configure mcu. Please refer to "WCH-LinkUserManual.pdf" for more help.\n\n'
            "20:10:52:858 >> Starting to Close Link...\n20:10:52:858 >> Close Link Success\n")
    assert [e["kind"] for e in events(text, "openocd", "mounriver")][:2] == ["adapter_found", "dp_connect_failed"]
    assert first(text) == "SWD002"


def test_vnproch55x_board_for_another_chip_is_fw002() -> None:
    text = (_VNPRO + "MCU ID: 54 11\nFound Device CH554\nTarget in argument CH552 doesn't match detected target CH554\n"
            "Failed uploading: uploading error: exit status 1\n")
    assert first(text) == "FW002"


# --- lpc21isp -------------------------------------------------------------------------------------------------------


def test_lpc21isp_no_answer_on_question_mark_is_boot003() -> None:
    text = ("$ lpc21isp -control -detectonly /dev/tty.usbserial-AI03CNY6 115200 120000\nlpc21isp version 1.97\n"
            "Synchronizing (ESC to abort).................................................................................... no answer on '?'\n")
    assert [e["kind"] for e in events(text, "flash", "lpc21isp")] == ["isp_no_answer"]
    assert first(text) == "BOOT003"


def test_lpc21isp_verified_download_is_healthy() -> None:
    text = ("lpc21isp version 1.97\nFile firmware.hex:\n\tloaded...\nStart Address = 0x000000D5\n"
            "Synchronizing (ESC to abort). OK\nRead bootcode version: 4\n13\nRead part ID: LPC1768, 512 kiB FLASH / 64 kiB SRAM (0x26013F37)\n"
            "Will start programming at Sector 1 if possible, and conclude with Sector 0 to ensure that checksum is written last.\n"
            "Erasing sector 0 first, to invalidate checksum. OK \nSector 1: ...............................\n"
            "Download Finished and Verified correct... taking 3 seconds\nNow launching the brand new code\n")
    assert serious(text) == []


# --- wlink ----------------------------------------------------------------------------------------------------------


def test_wlink_not_attached_is_swd004() -> None:
    text = ("17:48:52 [INFO] Connected to WCH-Link v2.11(v31) (WCH-LinkE-CH32V305)\n"
            "Error: Probe is not attached to an MCU, or debug is not enabled. (hint: use wchisp to enable debug)\n")
    assert first(text) == "SWD004"


def test_wlink_ch549_link_not_attached_or_chip_unsupported_is_swd008() -> None:
    assert first("10:00:00 [INFO] WCH-Link v2.7 (WCH-Link-CH549)\n"
                 "Error: Probe is not attached to an MCU, or debug is not enabled. (hint: use wchisp to enable debug)\n") == "SWD008"
    assert first("10:00:00 [INFO] WCH-Link v2.7 (WCH-Link-CH549)\nError: WCH-Link doesn't support current chip: CH32V003\n") == "SWD008"


def test_wlink_flash_done_is_healthy() -> None:
    text = ("04:22:22 [INFO] Connected to WCH-Link v2.11(v31) (WCH-LinkE-CH32V305)\n"
            "04:22:22 [INFO] Attached chip: CH32V20X [CH32V203C8T6] (ChipID: 0x20310510)\n04:22:22 [INFO] Flash protected: false\n"
            "04:22:22 [INFO] Read target/blinky as ELF format\n04:22:22 [INFO] Flashing 4096 bytes to 0x00000000\n"
            "04:22:23 [INFO] Flash done\n04:22:23 [INFO] Now reset...\n")
    assert serious(text) == []


def test_wlink_usb_timeout_is_not_silent() -> None:
    text = ("22:13:47 [INFO] WCH-Link v2.9 (WCH-LinkE-CH32V305)\n22:13:48 [INFO] Attached chip: CH32V003(0x00300500)\n"
            "22:13:48 [INFO] Flashing 1604 bytes to 0x08000000\nError: USB error: Operation timed out\n\nCaused by:\n    Operation timed out\n")
    assert first(text) == "GEN001"


# --- batch 3: make stopped by hand, lpc21isp's older success line ------------------------------------------------------


def test_make_interrupt_after_a_hang_is_never_silent() -> None:
    text = ("Found WCH Link\nWCH Programmer is CH32V307 version 2.12\nChip Type: 003\nSetup success\nFlash Storage: 16 kB\n"
            "Read protection: disabled\nInterface Setup\nmake: *** [cv_flash] Interrupt\n")
    assert first(text) == "GEN001"


def test_lpc21isp_older_download_finished_wording_is_success() -> None:
    text = ("lpc21isp version 1.97\nSynchronizing (ESC to abort)........... OK\nRead part ID: LPC824M201JHI33, 32 kiB FLASH / 8 kiB SRAM (0x00008241)\n"
            "Sector 1: ...\nSector 0: ..\nDownload Finished... taking 3 seconds\nNow launching the brand new code\n")
    assert [e["kind"] for e in events(text, "flash", "lpc21isp")] == ["flash_succeeded"]
    assert serious(text) == []


# --- mspdebug -------------------------------------------------------------------------------------------------------

_MSPDEBUG = ("MSPDebug version 0.20 - debugging tool for MSP430 MCUs\nCopyright (C) 2009-2012 Daniel Beer dlbeer@gmail.com\n"
             "This is free software; see the source for copying conditions.  There is NO\n"
             "warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n")


def test_mspdebug_no_fet_found_is_swd001() -> None:
    assert first(_MSPDEBUG + "usbutil: unable to find a device matching 0451:f432\n") == "SWD001"
    assert first(_MSPDEBUG + "Using new (SLAC460L+) API\nMSP430_GetNumberOfUsbIfs\nNo unused FET found.\n") == "SWD001"


def test_mspdebug_tilib_upload_done_is_healthy() -> None:
    text = ("MSP430_GetNumberOfUsbIfs\nMSP430_GetNameOfUsbIf\nFound FET: HID0011:COM9\nMSP430_Initialize: HID0011:COM9\n"
            "Firmware version is 20409001\nMSP430_VCC: 3000 mV\nMSP430_OpenDevice\nMSP430_GetFoundDevice\nDevice: MSP430G2xx3 (id = 0x00de)\n"
            "2 breakpoints available\nMSP430_EEM_Init\nChip ID data: 25 53\nErasing...\nProgramming...\nWriting 2526 bytes at c000...\n"
            "Writing   32 bytes at ffe0...\nDone, 2558 bytes total\nMSP430_Run\nMSP430_Close\n")
    assert serious(text) == []
