"""(8bit-asia-mcus s14) Rows and rules from the session-14 round on cheap 8-bit and Asian MCUs: stm8flash (STM8 over SWIM),
stcgal (STC 8051 ISP), nuvoprog (Nuvoton N76E003 over a Nu-Link), sinowealth-kb-tool (Sinowealth keyboards), easypdkprog
(Padauk) and librech551's wchisptool (CH55x)."""

from __future__ import annotations

from textkit import events, first, serious

# --- stm8flash ------------------------------------------------------------------------------------------------------


def test_stm8flash_write_tries_exceeded_is_readout_protection() -> None:
    text = ("./stm8flash -c stlinkv2 -p stm8s103?3 -w ../sdcc-examples-stm8/blinky.ihx\nDetermine FLASH area\n"
            "Writing Intel hex file 194 bytes at 0x8000... Tries exceeded\n")
    ev = [e for e in events(text, "openocd", "stm8flash") if e["kind"] == "swim_tries_exceeded"]
    assert ev and ev[0]["op"] == "write" and ev[0]["memory"] == "FLASH" and ev[0]["address"] == 0x8000
    assert first(text) == "SWD006"
    # the newer wording, without "Writing ... file", from the Arduino core (sduino)
    assert first("Determine FLASH area\nDue to its file extension (or lack thereof), \"Blink.ino.hex\" is considered as INTEL HEX format!\n"
                 "1823 bytes at 0x8000... Tries exceeded\n") == "SWD006"


def test_stm8flash_tries_exceeded_on_option_bytes_or_reads_is_not_protection() -> None:
    unlock = ("$ stm8flash -c stlinkv2 -p stm8l151?4 -u\nDetermine OPT area\n"
              "Due to its file extension (or lack thereof), \"Workaround\" is considered as RAW BINARY format!\nTries exceeded\n")
    assert first(unlock) == "GEN001"
    read = ("$ stm8flash -c stlinkv2 -p stm8l151?4 -s opt -r opt.bin\nDetermine OPT area\n"
            "Due to its file extension (or lack thereof), \"opt.bin\" is considered as RAW BINARY format!\n"
            "Reading 128 bytes at 0x4800... Tries exceeded\n")
    assert first(read) == "GEN001"
    # a write that fails beside a read that fails too is the link, not the protection
    assert first(read + "Determine FLASH area\n1194 bytes at 0x8000... Tries exceeded\n") == "GEN001"


def test_stm8flash_swim_error_is_wiring() -> None:
    text = ("> stm8flash -c stlinkv2 -p stm8l050j3 -w build/main.ihx\nDetermine FLASH area\n"
            "STLink: v2, JTAG: v29, SWIM: v7, VID: 8304, PID: 4837\nSWIM error 0x16\n")
    assert [e["code"] for e in events(text, "openocd", "stm8flash") if e["kind"] == "dp_connect_failed"] == [0x16]
    assert first(text) == "SWD002"


def test_stm8flash_could_not_open_usb_device_with_the_stlink_listed_is_usb004() -> None:
    text = "$ lsusb\nBus 001 Device 007: ID 0483:3748 STMicroelectronics ST-LINK/V2\n\nDetermine FLASH area\nCould not open USB device.\n"
    assert first(text) == "USB004"


def test_stm8flash_image_out_of_range_is_quoted_not_silent() -> None:
    text = ('$ ./stm8flash -c stlinkv2 -p stm8af528? -s flash2 -w ./myprog.hex\nDetermine RAM area\n'
            'Due to its file extension (or lack thereof), "./myprog.hex" is considered as INTEL HEX format!\n'
            "Address 8000 + 4 is out of range at line 1\n")
    assert first(text) == "GEN001"


def test_stm8flash_healthy_reads_and_writes_raise_nothing() -> None:
    text = ("./stm8flash -c stlinkv2 -p stm8s103?3 -s eeprom -w 103_eeprom.bin\nDetermine EEPROM area\n"
            'Due to its file extension (or lack thereof), "103_eeprom.bin" is considered as RAW BINARY format!\n'
            "640 bytes at 0x4000... OK\nBytes written: 640\n"
            "stm8flash -c stlinkv2 -p stm8s003f3 -s opt -r x.bin\nDetermine OPT area\nReading 64 bytes at 0x4800... OK\nBytes received: 64\n")
    assert serious(text) == []


# --- nuvoprog -------------------------------------------------------------------------------------------------------


def test_nuvoprog_locked_n76e003_device_id_is_swd006() -> None:
    text = ("./nuvoprog read -t n76e003  blink.ihx -v\n2020/07/07 15:25:26 Checking device ID\n"
            "2020/07/07 15:25:26 OK, Device ID  0x00ff3650\nError: Unsupported device\n")
    assert first(text) == "SWD006"
    # the id line alone (the reporter bypassed the check), as pasted in Markdown italics
    assert first("_2020/11/20 02:45:19 Checking device ID\n2020/11/20 02:45:19 OK, Device ID  0x00ff3650_\n") == "SWD006"


def test_nuvoprog_unlocked_id_is_not_protection() -> None:
    assert serious("2020/07/07 15:25:26 Checking device ID\n2020/07/07 15:25:26 OK, Device ID  N76E003\n") == []


# --- stcgal ---------------------------------------------------------------------------------------------------------

_STC15_INFO = ("Waiting for MCU, please cycle power: done\nProtocol detected: stc15\nTarget model:\n  Name: STC15W204S\n  Magic: F514\n"
               "  Code flash: 4.0 KB\n  EEPROM flash: 1.0 KB\nTarget frequency: 11.045 MHz\nTarget BSL version: 7.2.5T\n"
               "Target options:\n  reset_pin_enabled=True\n  clock_source=internal\n  watchdog_prescale=256\n  uart2_pin_mode=normal\n"
               "  cpu_core_voltage=unknown\n")


def test_stcgal_healthy_identify_and_write_raise_nothing() -> None:
    assert serious(_STC15_INFO + "Disconnected!\n") == []
    write = (_STC15_INFO + "Loading flash: 14301 bytes (Intel HEX)\nTrimming frequency: 11.975 MHz\nSwitching to 230400 baud: done\n"
             "Erasing flash: done\nWriting flash: 14400 Bytes [00:02, 6316.00 Bytes/s]\nFinishing write: done\nSetting options: done\n"
             "Target UID: F408C553150AC1\nDisconnected!\n")
    assert serious(write) == []


def test_stcgal_checksum_mismatch_is_its_own_failure_not_an_sd_card() -> None:
    one_line = "Waiting for MCU, please cycle power: done Protocol detected: stc89 Protocol error: packet checksum mismatch Disconnected!\n"
    assert [e["what"] for e in events(one_line, "flash", "stcgal") if e["kind"] == "isp_protocol_error"] == ["Protocol error"]
    assert first(one_line) == "GEN001"
    lines = "Waiting for MCU, please cycle power: done\nProtocol detected: stc89\nProtocol error: packet checksum mismatch\nDisconnected!\n"
    assert first(lines) == "GEN001"


def test_stcgal_unknown_model_then_failure_names_the_old_release() -> None:
    text = ("Cycling power: done\nWaiting for MCU: done\nWARNING: Unknown model F7D4!\nTarget model:\n  Name: UNKNOWN\n  Magic: F7D4\n"
            "Loading flash: 311 bytes (Intel HEX)\nTrimming frequency: 11.054 MHz\nSwitching to 19200 baud: done\n"
            "Erasing flash: Serial port error: read timeout\n")
    found = [e for e in events(text, "flash", "stcgal") if e["kind"] == "isp_protocol_error"]
    assert found and found[0]["state"] == "read timeout"
    assert first(text) == "GEN001"


# --- sinowealth-kb-tool ---------------------------------------------------------------------------------------------


def test_sinowealth_retries_while_the_keyboard_reenumerates_are_not_failures() -> None:
    text = ("$ ./sinowealth-kb-tool read --vendor_id 0x258a --product_id 0x002a --firmware_size 61440 xm-rf68.hex\n"
            "INFO  [sinowealth_kb_tool::isp] Looking for vId:0x258a pId:0x002a\n"
            "INFO  [sinowealth_kb_tool::isp] Found regular device. Entering ISP mode...\n"
            "INFO  [sinowealth_kb_tool::isp] Regular device not found. Trying ISP device...\n"
            "INFO  [sinowealth_kb_tool::isp] Retrying... Attempt 2/10\n"
            "INFO  [sinowealth_kb_tool::isp] Regular device didn't come up...\n"
            "INFO  [sinowealth_kb_tool::isp] Connected!\nINFO  [sinowealth_kb_tool::isp] Reading...\n"
            "INFO  [sinowealth_kb_tool] MD5: d580483b3e9f214ab96f65dcfb4ef795\n")
    assert serious(text) == []


def test_sinowealth_error_line_is_quoted() -> None:
    assert first("INFO  [sinowealth_kb_tool::isp] Looking for vId:0x258a pId:0x0049\nERROR [sinowealth_kb_tool] Device not found\n") == "GEN001"


# --- easypdkprog, librech551 ----------------------------------------------------------------------------------------


def test_easypdkprog_no_programmer_is_not_silent() -> None:
    text = "$ easypdkprog -V\neasypdkprog 1.2\n$ easypdkprog probe\nNo programmer found\n"
    assert [e["kind"] for e in events(text, "flash", "easypdkprog")] == ["adapter_open_failed"]
    assert first(text) == "GEN001"
    assert serious("easypdkprog probe\nProbing IC... found.\nTYPE:FLASH RSP:0xEA2 VPP=4.50 VDD=2.00\nIC is supported: PFS173 ICID:0xEA2\n") == []


def test_librech551_unknown_chip_id_is_quoted() -> None:
    text = ("wchisptool -f pwm.bin -g\nError while bulking in: LIBUSB_ERROR_OVERFLOW\nLibre CH551 Flasher 2018\n"
            "The chip id 0xFFFFFFD0 is currently not support in this program\n")
    assert [e["kind"] for e in events(text, "flash", "librech551") if e["kind"] == "tool_too_old"] == ["tool_too_old"]
    assert first(text) == "GEN001"


# --- VS Code's terminal: a task's shell could not find the command (exit code 127) -----------------------------------


def test_vscode_task_shell_exit_127_is_a_missing_tool() -> None:
    zh = ("终端进程“/bin/bash '-c', 'stcgal  -P auto -b 115200 -p /dev/ttyUSB0 \"/mnt/f/MCU-8051/test2/build/Debug/test2.hex\"'”"
          "启动失败(退出代码: 127)。 \n")
    assert [e["name"] for e in events(zh, "shell") if e["kind"] == "tool_missing"] == ["stcgal"]
    assert first(zh) == "TOOL001"
    en = "The terminal process \"/bin/bash '-c', 'stm8flash -c stlinkv2 -p stm8s103f3 -w main.ihx'\" terminated with exit code: 127.\n"
    assert first(en) == "TOOL001"
    # another exit code is the tool's own failure, not a missing one
    assert first("The terminal process \"/bin/bash '-c', 'stcgal -P auto main.ihx'\" terminated with exit code: 1.\n") != "TOOL001"


def test_stm8flash_assertion_is_claimed_and_quoted() -> None:
    text = "Determine FLASH area\nstm8flash: stlink.c:162: stlink_send_cbw: Assertion `actual == USB_CBW_SIZE' failed.\nAborted (core dumped)\n"
    assert first(text) == "GEN001"
