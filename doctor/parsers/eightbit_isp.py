"""Cheap 8-bit and Asian microcontrollers flashed with the community tools, as message tables: stm8flash (STM8 over SWIM
with an ST-Link), stcgal (STC 8051 parts over their UART ISP bootloader), nuvoprog (Nuvoton N76E003/N76E616/N76E885 over a
Nu-Link's ICP), sinowealth-kb-tool / sinowisp (Sinowealth SH68F90 keyboards over their HID ISP bootloader) and easypdkprog
(Padauk parts with the Easy PDK programmer).

Sources read (session 14): stm8flash main.c, stlinkv2.c, try.h, ihex.c, srec.c (2014-2026; before 2019 the write line read
"Writing Intel hex file N bytes at 0x8000... ", since then "N bytes at 0x8000... "; every SWIM command that never completes
ends in try.h's "Tries exceeded"); stcgal stcgal/frontend.py, protocols.py, models.py, options.py (1.4-1.10: the progress
lines are printed without a newline, so a result follows on the same line: "Erasing flash: Serial port error: read timeout");
nuvoprog cmd/connection.go, cmd/root.go, protocol/commands.go (2020-2022: the device id is 0x00CCDDDD, CC the company id,
0xDA for Nuvoton; the N76E003's ICP reads the company id as 0xFF while the chip is locked); sinowisp (formerly
sinowealth-kb-tool) src/isp.rs, src/device_selector.rs, src/main.rs (0.0.x-1.x, simple_logger lines "INFO  [module] msg");
easy-pdk-programmer-software easypdkprog.c (1.2-1.3).

Facts: stm8flash and nuvoprog are debug-probe tools, runs under `openocd.runs` (tools "stm8flash", "nuvoprog") with the
event kinds OpenOCD's runs use where the meaning is the same (dp_connect_failed for a target that does not answer on SWIM,
flash_protected, adapter_open_failed for a probe the host cannot open). stcgal, sinowealth-kb-tool and easypdkprog are flash
tools: runs under `flash.runs`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of


def _hex(value: str) -> int:
    return int(value, 16)


_STM8FLASH = rows_of(
    group(
        "stm8flash main.c 2014-2026 (command line, memory area, file format, the read/write/verify/unlock results)",
        Msg(None, r"stm8flash(?<![\w'-]stm8flash)(?:\.exe)?\s+-[a-zA-Z]", strength="strong",
            example="stm8flash -c stlinkv2 -p stm8s103f3 -w blinky.ihx"),
        Msg(None, r"^Determine (?P<memory>RAM|EEPROM|FLASH|OPT) area", strength="strong", example="Determine FLASH area"),
        Msg(None, r"^Due to its file extension \(or lack thereof\), \".*\" is considered as (?:INTEL HEX|MOTOROLA S-RECORD|RAW BINARY) format!",
            strength="strong", example='Due to its file extension (or lack thereof), "opt.bin" is considered as RAW BINARY format!'),
        # the SWIM command loop of try.h gave up: the ST-Link never reported the command done. On a write to flash or EEPROM
        # whose reads work, the option bytes' read-out protection is the usual cause (stm8flash#38, xForth#61); on reads and on
        # the option bytes it is the connection or the target (stm8flash#119: a missing decoupling capacitor)
        Msg("swim_tries_exceeded", r"^(?:(?:(?P<op>Reading|Verifing)|Writing (?:Intel hex|binary|Motorola S-record|\S+) file)?\s*\d+ bytes at "
            r"0x(?P<address>[0-9a-fA-F]+)\.\.\.\s*)?Tries exceeded", strength="strong", fail=True, convert=(("address", _hex),),
            example="Writing Intel hex file 194 bytes at 0x8000... Tries exceeded"),
        Msg(None, r"^(?:Writing (?:Intel hex|binary|Motorola S-record|\S+) file )?\d+ bytes at 0x[0-9a-fA-F]+\.\.\.\s*OK\s*$",
            example="640 bytes at 0x4000... OK"),
        Msg(None, r"^(?:Reading|Verifing) \d+ bytes at 0x[0-9a-fA-F]+\.\.\.\s*OK\s*$", strength="strong", example="Reading 64 bytes at 0x4800... OK"),
        Msg("verify_failed", r"^Verifing \d+ bytes at 0x[0-9a-fA-F]+\.\.\.\s*FAILED", strength="strong", fail=True,
            example="Verifing 1024 bytes at 0x8000... FAILED"),
        Msg("flash_succeeded", r"^(?:Bytes written: \d+|Unlocked device\. Option bytes reset to default state\.)\s*$", strength="strong",
            example="Bytes written: 640"),
        Msg(None, r"^Bytes (?:received|verified): \d+\s*$", strength="strong", example="Bytes received: 64"),
        Msg(None, r"^Resetting board\.\.\.", example="Resetting board..."),
        Msg("adapter_open_failed", r"^Could not open USB device\.\s*$", strength="strong", fail=True, example="Could not open USB device."),
        Msg("adapter_open_failed", r"^(?:Couldn't initialize stlink|ERROR: No programmer with serial number \S+ found\.)", strength="strong",
            fail=True, example="Couldn't initialize stlink"),
        Msg("dp_connect_failed", r"^Error communicating with MCU\. Please check your SWIM connection\.", strength="strong", fail=True,
            example="Error communicating with MCU. Please check your SWIM connection."),
        Msg(None, r"^(?:No valid (?:part|programmer) specified|Invalid memory type or location specified|No part has been specified|"
            r"No programmer has been specified|No unlocking mode defined for this device|Unimplemented unlocking mode|Failed to read MCU|"
            r"Requested \d+ bytes but received only \d+)", strength="strong", fail=True,
            example="No valid part specified. Use -l to see the list of supported devices."),
    ),
    group(
        "stm8flash ihex.c, srec.c 2014-2026 (the image does not fit the memory area chosen with -s)",
        Msg("image_out_of_range", r"^Address [0-9a-fA-F]+ (?:\+ \d+ )?is out of range at line \d+", strength="strong", fail=True,
            example="Address 8000 + 4 is out of range at line 1"),
        Msg("image_invalid", r"^(?:Error while parsing (?:IHEX|SREC|S5 Record) at line \d+|Invalid checksum at line \d+)", strength="strong", fail=True,
            example="Error while parsing IHEX at line 12"),
    ),
    group(
        "stm8flash stlinkv2.c 2016-2026 (ST-Link/V2 over SWIM)",
        Msg(None, r"^STLink: v\d+, JTAG: v\d+, SWIM: v\d+, VID: [0-9a-fA-F]{4}, PID: [0-9a-fA-F]{4}", strength="strong",
            example="STLink: v2, JTAG: v29, SWIM: v7, VID: 8304, PID: 4837"),
        Msg(None, r"^Target voltage: \d+\.\d+V\s*$", example="Target voltage: 3.24V"),
        # the SWIM status never turned OK after the probe answered: the target does not answer on SWIM (stm8flash#152: GND and
        # SWIM swapped on the header)
        Msg("dp_connect_failed", r"^SWIM error 0x(?P<code>[0-9a-fA-F]{2})", strength="strong", fail=True, convert=(("code", _hex),),
            attrs={"state": "swim"}, example="SWIM error 0x16"),
        Msg("flash_protected", r"target page is write protected \(UBC\) or read-out protection is enabled", strength="strong", fail=True,
            example="target page is write protected (UBC) or read-out protection is enabled"),
        Msg(None, r"^IO error: expected \d+ bytes but \d+ bytes transferred", strength="strong", fail=True,
            example="IO error: expected 16 bytes but 0 bytes transferred"),
        # a libusb transfer came back short and an assert() of stlink.c (ST-Link/V1, the SCSI pass-through) or stlinkv2.c aborted
        Msg(None, r"^stm8flash: (?:stlink|stlinkv2|main)\.c:\d+: \w+: Assertion .* failed\.", strength="strong", fail=True,
            example="stm8flash: stlink.c:162: stlink_send_cbw: Assertion `actual == USB_CBW_SIZE' failed."),
    ),
)


@register
class Stm8flashParser(TableParser):
    fail_wins = True
    name = "stm8flash"
    namespace = "openocd"
    messages = _STM8FLASH
    hints = ("stm8flash", "determine", "file extension", "tries exceeded", "bytes at 0x", "bytes written", "bytes received",
             "bytes verified", "unlocked device", "resetting board", "could not open usb device", "couldn't initialize",
             "no programmer with serial", "error communicating", "no valid", "invalid memory type", "no part has",
             "no programmer has", "unlocking mode", "failed to read mcu", "requested", "out of range at line", "error while parsing",
             "invalid checksum", "stlink: v", "target voltage", "swim error", "write protected (ubc)", "io error", "assertion")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.memory: str | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        area = m.groupdict().get("memory")
        if area and ev is None:
            self.memory = area
        if ev is None or ev["kind"] != "swim_tries_exceeded":
            return
        if self.memory and "memory" not in ev:
            ev["memory"] = self.memory
        op = ev.get("op")
        if op == "Reading":
            ev["op"] = "read"
        elif op == "Verifing":
            ev["op"] = "verify"
        elif " bytes at 0x" in line:
            ev["op"] = "write"


_NUVOPROG = rows_of(
    group(
        "nuvoprog cmd/connection.go, cmd/root.go, protocol/commands.go 2020-2022 (Nu-Link ICP; log lines 'YYYY/MM/DD hh:mm:ss ...')",
        Msg(None, r"nuvoprog(?<![\w'-]nuvoprog)(?:\.exe)?\s+(?:read|program|config|devices|image)\b", strength="strong",
            example="./nuvoprog read -t n76e003  blink.ihx -v"),
        Msg(None, r"Checking device ID\s*$", strength="strong", example="2020/07/07 15:25:26 Checking device ID"),
        # the ICP reads the company id 0xFF while the N76E's lock bit is set (a locked chip answers 0x00ff3650 where an unlocked
        # N76E003 answers 0x00da3650): nuvoprog then refuses it as "Unsupported device" (nuvoprog#3, #5); programming it erases
        # the chip and clears the lock
        Msg("flash_protected", r"OK, Device ID\s+(?P<value>0x00ff[0-9a-fA-F]{4})(?![0-9a-fA-F])", strength="strong",
            example="2020/07/07 15:25:26 OK, Device ID  0x00ff3650"),
        Msg(None, r"OK, Device ID\s+(?:N76E\w+|0x[0-9a-fA-F]{8})", strength="strong", example="2020/07/07 15:25:26 OK, Device ID  N76E003"),
        Msg("unsupported_device", r"^(?:Error: )?Unsupported device\s*$", strength="strong", fail=True, example="Error: Unsupported device"),
        Msg("adapter_open_failed", r"^Error: (?:No programmer found|Multiple programmers found - you must specify one)\s*$", strength="strong",
            fail=True, example="Error: No programmer found"),
        Msg(None, r"^Error: (?:Your programmer's firmware is out of date|Target device '\S+' not found|Target device not specified)",
            strength="strong", fail=True, example="Error: Your programmer's firmware is out of date"),
        Msg(None, r"(?:Communications error |Response error |Invalid response command [0-9a-f]{8}, expected )", strength="strong", fail=True,
            example="2020/07/07 15:25:26 Response error Invalid response command 000000a3, expected 000000a3"),
    ),
)


@register
class NuvoprogParser(TableParser):
    fail_wins = True
    name = "nuvoprog"
    namespace = "openocd"
    messages = _NUVOPROG
    hints = ("nuvoprog", "checking device id", "device id", "unsupported device", "error: ", "communications error", "response error",
             "invalid response command")


_STCGAL = rows_of(
    group(
        "stcgal 1.4-1.10 stcgal/protocols.py, frontend.py, models.py, options.py (connecting, the target's status, erase and write)",
        Msg(None, r"stcgal(?<![\w'-]stcgal)(?:\.py|\.exe)?\s+-[a-zA-Z]", strength="strong", example="stcgal -P stc15 -p /dev/ttyUSB0 main.ihx"),
        # the bootloader only runs right after a power-on: stcgal waits for its status packet until the MCU is power-cycled
        Msg(None, r"^Waiting for MCU(?:, please cycle power)?:", strength="strong", example="Waiting for MCU, please cycle power: done"),
        Msg(None, r"^Cycling power(?: via shell cmd)?: ", strength="strong", example="Cycling power: done"),
        Msg(None, r"^Protocol detected: \w+", strength="strong", example="Protocol detected: stc89"),
        Msg(None, r"^Target (?:model:|frequency: |BSL version: |wakeup frequency: |ref\. voltage: |mfg\. date: |options:|UID: )", strength="strong",
            example="Target BSL version: 7.2.5T"),
        Msg(None, r"^(?:Name|Magic|Code flash|EEPROM flash): ", example="Magic: F514"),
        Msg(None, r"^(?:reset_pin|clock|watchdog|low_voltage|eeprom|bsl_pindetect|por_reset|rstout|uart\d|cpu|program_eeprom|epwm|ale|xram|"
            r"oscillator)\w*=\w+\s*$", example="reset_pin_enabled=False"),
        Msg(None, r"^(?:Loading (?:flash|EEPROM): \d+ bytes|Trimming frequency: |Switching to \d+ baud: |Erasing (?:flash|\d+ blocks|All blocks): done|"
            r"Writing flash: |Writing \d+ bytes: |Setting options: |Option \w+=)", strength="strong", example="Switching to 19200 baud: done"),
        Msg(None, r"^[<-]-? ?>? ?Packet data: ", example="<- Packet data: 46 B9 68 00 34 50"),
        Msg("flash_succeeded", r"^Finishing write: done", strength="strong", example="Finishing write: done"),
        Msg(None, r"^Disconnected!\s*$", strength="strong", example="Disconnected!"),
        Msg(None, r"^interrupted\s*$", example="interrupted"),
        # the model's magic is not in this stcgal's table: the release predates the part (stcgal#76: an STC8G2K with 1.6; the
        # answer pointed at the stcgal-patched fork that knows the newer STC8G/STC8H parts)
        Msg("tool_too_old", r"^WARNING: Unknown model (?P<value>[0-9A-F]{4})!", strength="strong", example="WARNING: Unknown model F7D4!"),
        Msg(None, r"^WARNING: baudrate error is [\d.]+%\. You may need to set a slower rate\.", strength="strong",
            example="WARNING: baudrate error is 2.13%. You may need to set a slower rate."),
        # the run's own failures: printed after the step in progress, often on the same line
        Msg("isp_protocol_error", r"(?:^|\s)(?P<what>Protocol error|Serial port error|I/O error|Option error|Unexpected error): (?P<state>.+?)"
            r"(?: Disconnected!)?$", fail=True, example="Erasing flash: Serial port error: read timeout"),
        Msg(None, r"^(?:Invalid input file\. MCU is an MCS-251, input file MUST specify a linear|WARNING: (?:code_image|eeprom_image) )",
            strength="strong", fail=True, example="Invalid input file. MCU is an MCS-251, input file MUST specify a linear"),
    ),
)


@register
class StcgalParser(TableParser):
    fail_wins = True
    name = "stcgal"
    namespace = "flash"
    messages = _STCGAL
    all_matches = True  # a progress line and the error printed after it share a line ("Erasing flash: Serial port error: ...")
    hints = ("stcgal", "waiting for mcu", "cycling power", "protocol detected", "target model", "target frequency", "target bsl",
             "target wakeup", "target ref.", "target mfg.", "target options", "target uid", "name: ", "magic: ", "code flash",
             "eeprom flash", "reset_pin", "clock", "watchdog", "low_voltage", "eeprom", "bsl_pindetect", "por_reset", "rstout", "uart",
             "cpu", "program_eeprom", "epwm", "ale_", "xram", "oscillator", "loading flash", "loading eeprom", "trimming frequency",
             "switching to", "erasing ", "writing flash", "writing ", "setting options", "option ", "packet data", "finishing write",
             "disconnected!", "interrupted", "unknown model", "baudrate error", "error: ", "invalid input file", "warning: code_image",
             "warning: eeprom_image")


_SINOWEALTH = rows_of(
    group(
        "sinowisp / sinowealth-kb-tool src/isp.rs, src/device_selector.rs, src/main.rs 0.0.x-1.x (simple_logger 'LEVEL [module] msg')",
        Msg(None, r"sinowealth-kb-tool(?<![\w'-]sinowealth-kb-tool)(?:\.exe)?\s+(?:read|write|list|convert)\b",
            strength="strong", example="sinowealth-kb-tool read --vendor_id 0x258a --product_id 0x002a --firmware_size 61440 xm-rf68.hex"),
        Msg(None, r"sinowisp(?<![\w'-]sinowisp)(?:\.exe)?\s+(?:read|write|list)\b", strength="strong",
            example="sinowisp list --vendor_id 0x258a --product_id 0x003a"),
        # looking for the keyboard, asking it into its ISP bootloader and waiting for the bootloader's device: the tool retries
        # while the keyboard re-enumerates, so "not found" and "didn't come up" lines are waits, not failures
        Msg(None, r"^INFO\s+\[sinowealth_kb_tool(?:::\w+)*\] (?:Looking for vId:|Found [Rr]egular (?:d)?evice\. Entering ISP mode|"
            r"Waiting for ISP device|Waiting\.\.\.|Retrying\.\.\. Attempt \d+/\d+|(?:Regular |ISP )?[Dd]evice didn't come up|"
            r"(?:Regular d|D)evice not found\. Trying ISP device|Listing all connected HID devices|Found \d+ devices)", strength="strong",
            benign=True, example="INFO  [sinowealth_kb_tool::isp] Regular device not found. Trying ISP device..."),
        Msg(None, r"^INFO\s+\[sinowealth_kb_tool(?:::\w+)*\] (?:Connected!|Enabling firmware|Reading\.\.\.|Erasing\.\.\.|Writing\.\.\.|"
            r"Verifying\.\.\.|Finalizing\.\.\.|Rebooting\.\.\.)", strength="strong", example="INFO  [sinowealth_kb_tool::isp] Connected!"),
        Msg("flash_succeeded", r"^INFO\s+\[sinowealth_kb_tool(?:::\w+)*\] MD5: [0-9a-f]{32}", strength="strong",
            example="INFO  [sinowealth_kb_tool] MD5: d580483b3e9f214ab96f65dcfb4ef795"),
        # a hidapi error the tool expects while the keyboard switches to its bootloader, logged at debug level and retried
        Msg(None, r"^DEBUG\s+\[sinowealth_kb_tool(?:::\w+)*\] ", strength="strong", benign=True,
            example="DEBUG [sinowealth_kb_tool::isp] Error: hidapi error: hid_error is not implemented yet"),
        Msg(None, r"^WARN\s+\[sinowealth_kb_tool(?:::\w+)*\] ", strength="strong",
            example="WARN  [sinowealth_kb_tool::isp] Duplicate device found. Only the first one will be used"),
        Msg("isp_not_found", r"^ERROR\s+\[sinowealth_kb_tool(?:::\w+)*\] (?:Device not found|DeviceNotFound)", strength="strong", fail=True,
            example="ERROR [sinowealth_kb_tool] Device not found"),
        Msg(None, r"^ERROR\s+\[sinowealth_kb_tool(?:::\w+)*\] ", strength="strong", fail=True,
            example="ERROR [sinowealth_kb_tool::isp] Unexpected error: hidapi error: Failed to open a device with path '1-5:1.1': Permission denied"),
    ),
)


@register
class SinowealthParser(TableParser):
    name = "sinowealth-kb-tool"
    namespace = "flash"
    messages = _SINOWEALTH
    hints = ("sinowealth", "sinowisp")


_EASYPDK = rows_of(
    group(
        "easy-pdk-programmer-software easypdkprog.c 1.2-1.3 (Padauk parts with the Easy PDK programmer)",
        Msg(None, r"easypdkprog(?<![\w'-]easypdkprog)(?:\.exe)?\s+(?:-\S+\s+)*(?:probe|list|read|write|erase|start|-V)\b",
            strength="strong", example="easypdkprog probe"),
        Msg(None, r"^easypdkprog \d+\.\d+\s*$", strength="strong", example="easypdkprog 1.3"),
        Msg(None, r"^Searching programmer\.\.\.(?: found: \S+)?", strength="strong", example="Searching programmer... found: COM3"),
        Msg(None, r"^FREE-PDK EASY PROG - Hardware:\d+\.\d+ Firmware:\d+\.\d+ Protocol:\d+\.\d+", strength="strong",
            example="FREE-PDK EASY PROG - Hardware:1.2 Firmware:1.3 Protocol:1.3"),
        # no serial port of the programmer (0483:5740, "...55AA") answered the auto search
        Msg("adapter_open_failed", r"^No programmer found\s*$", strength="weak", fail=True, example="No programmer found"),
        Msg("adapter_open_failed", r"^Error -?\d+ (?:\([^)]*\) )?connecting to programmer on port: ", strength="strong", fail=True,
            example="Error -1 connecting to programmer on port: com13"),
        Msg(None, r"^Probing IC\.\.\. found\.", strength="strong", example="Probing IC... found."),
        Msg(None, r"^TYPE:(?:FLASH|OTP) RSP:0x[0-9A-F]+ VPP=[\d.]+ VDD=[\d.]+", strength="strong", example="TYPE:FLASH RSP:0xEA2 VPP=4.50 VDD=2.00"),
        Msg(None, r"^IC is supported: ", strength="strong", example="IC is supported: PFS173 ICID:0xEA2"),
        Msg(None, r"^Probing IC\.\.\. Nothing found\.", strength="strong", fail=True, example="Probing IC... Nothing found."),
        Msg(None, r"^Unsupported IC\s*$", strength="weak", fail=True, example="Unsupported IC"),
        Msg(None, r"^(?:FPDK_ERROR: |ERROR: (?:Erase|Write|Verify|Read|Blank check) failed\.|ERROR: Could not (?:send|read) data (?:to|from) programmer)",
            strength="strong", fail=True, example="FPDK_ERROR: verify failed"),
        Msg(None, r"^(?:Erasing IC\.\.\. done\.|Writing IC \(\d+ words\)\.\.\. done\.|Calibrating IC|\* IHRC SYSCLK=)", strength="strong",
            example="Writing IC (184 words)... done."),
    ),
)


@register
class EasypdkParser(TableParser):
    name = "easypdkprog"
    namespace = "flash"
    messages = _EASYPDK
    hints = ("easypdkprog", "searching programmer", "free-pdk", "no programmer found", "connecting to programmer", "probing ic", "type:",
             "ic is supported", "unsupported ic", "fpdk_error", "error: ", "erasing ic", "writing ic", "calibrating ic", "ihrc sysclk")


_LIBRECH551 = rows_of(
    group(
        "librech551 (rgwan/librech551) usbisp/main.c 2018-2022, the 'wchisptool' binary of ch554_sdcc and mogenson/ch551 builds",
        Msg(None, r"^Libre CH551 Flasher \d{4}", strength="strong", example="Libre CH551 Flasher 2018"),
        Msg(None, r"^(?:Detected device CH55\d|Device rom capacity \d+, data flash capacity \d+|Binary length \d+|Device bootloader version: -?\d+\.-?\d+|"
            r"Now performing erase\.\.\.|Erase done|Writing Flash|Write done|Verifying Flash|Read from chip data flash)\s*$", example="Detected device CH551"),
        Msg("flash_succeeded", r"^Verify done\s*$", example="Verify done"),
        # the ISP bootloader answered with a chip id this flasher does not know: the CH55x parts with bootloader 2.3.x and later
        # answer the old identify command so (librech551#11: "now bootloader version is 2.3.1", use vnproch551)
        Msg("tool_too_old", r"^The chip id 0x[0-9A-F]+ is currently not support in this program", strength="strong", fail=True,
            example="The chip id 0xFFFFFFA2 is currently not support in this program"),
        Msg(None, r"^Error while bulking (?:in|out): LIBUSB_\w+", strength="strong", fail=True, example="Error while bulking in: LIBUSB_ERROR_OVERFLOW"),
        Msg("isp_not_found", r"^Can't find any suitable USB device!", strength="strong", fail=True, example="Can't find any suitable USB device!"),
        Msg(None, r"^(?:Erase|Write|Verify) failed!\s*$", fail=True, example="Erase failed!"),
    ),
)


@register
class Librech551Parser(TableParser):
    name = "librech551"
    namespace = "flash"
    messages = _LIBRECH551
    hints = ("libre ch551", "detected device", "device rom capacity", "binary length", "bootloader version", "performing erase", "erase done",
             "writing flash", "write done", "verifying flash", "verify done", "chip data flash", "chip id", "bulking", "suitable usb device",
             "failed!")
