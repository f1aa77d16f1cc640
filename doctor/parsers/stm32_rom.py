"""The STM32 serial (USART) ROM bootloader seen through other tools than stm32flash: stm32loader (jsnyder's
original script and florisla/stm32loader 0.5-0.7) and STM32CubeProgrammer's UART connection, as a message table.

Facts: one run per block under `flash.runs` (tool "stm32loader", "stm32flashloader" for ST's Flash Loader
Demonstrator, or "stm32cubeprogrammer"), with the same
event kinds as the stm32flash parser, so one rule judges every client of the ROM bootloader:
`rom_no_answer` (no ACK to the 0x7F sync: BOOT0, wiring, port), `rom_bad_reply` (an answer that is not the
bootloader's), `rom_answered` (the bootloader identified the chip), `verify_mismatch`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

LOADER = rows_of(
    group(
        "stm32loader (jsnyder/stm32loader stm32loader.py; florisla/stm32loader 0.5-0.7 bootloader.py, main.py)",
        # (intl-stm32 s7) jsnyder's older stm32loader.py words it "Can't init. Ensure BOOT0=1, BOOT1=0, and reset device"
        Msg("rom_no_answer", r"Can't init(?: into bootloader)?\. Ensure (?:that BOOT0 is enabled|BOOT0=1, BOOT1=0,) and reset (?:the )?device", "strong", fail=True,
            example="Can't init. Ensure that BOOT0 is enabled and reset device"),
        Msg("rom_no_answer", r"^(?:ERROR: )?(?:Failed to (?:reset|activate) (?:the )?(?:device|bootloader)|Can't read port or timeout)", "strong",
            fail=True, example="Can't read port or timeout"),
        Msg("rom_bad_reply", r"(?:CmdException: )?(?:Unknown response|NACK)\. (?:(?P<command>0x[0-9a-fA-F]+|[\w ]+)): (?P<value>0x[0-9a-fA-F]+)",
            "strong", fail=True, example="__main__.CmdException: Unknown response. 0x0: 0xf8"),
        Msg("rom_answered", r"^(?:Chip id|Chip ID): (?P<value>0x[0-9a-fA-F]+)(?: \((?P<text>[^)]*)\))?", "strong",
            example="Chip id: 0x410 (STM32F10x Medium-density)"),
        Msg(None, r"^(?:Bootloader version|Bootloader version:) ?(?:0x[0-9a-fA-F]+|[\d.]+)", "strong", example="Bootloader version: 0x31"),
        Msg(None, r"^Activating bootloader \(select UART\)", "strong", example="Activating bootloader (select UART)"),
        Msg("verify_mismatch", r"^Verification FAILED", "strong", fail=True, example="Verification FAILED"),
        Msg(None, r"File \"[^\"]*stm32loader[^\"]*\", line \d+", "strong",
            example='  File "./stm32loader.py", line 436, in <module>'),
    ),
)

CUBEPROG = rows_of(
    group(
        "STM32CubeProgrammer 2.x CLI and GUI log, UART (serial bootloader) connection",
        Msg(None, r"Serial Port (?P<device>\S+) is successfully opened", "strong", example="Serial Port COM6 is successfully opened."),
        Msg("rom_no_answer", r"Timeout error occured while waiting for acknowledgement", "strong", fail=True,
            example="Timeout error occured while waiting for acknowledgement."),
        # (intl-stm32 s7) forum posts quote it without "Error: " and the comma ("Activating device: KO. Please verify the boot mode")
        Msg("rom_no_answer", r"Activating device: KO\.? ?Please,? verify the boot mode configuration", "strong", fail=True,
            example="Error: Activating device: KO. Please, verify the boot mode configuration and check the serial port configuration. Reset your device then try again..."),
        Msg(None, r"Port configuration: parity = ", "weak",
            example="Port configuration: parity = none, baudrate = 9600, data-bit = 8,                     stop-bit = 1.0, flow-control = off"),
        Msg("rom_answered", r"Activating device: OK", "strong", example="Activating device: OK"),
        # the ROM bootloader answers NACK to a command it refuses: READ/WRITE/ERASE/GO under read-out protection
        # level 1, GETID on some parts; CubeProgrammer names the command (AN3155's codes in `command`)
        Msg("rom_nack", r"Error: (?P<name>GETID|GET|READ|WRITE|ERASE|EXTENDED ERASE|GO|Write Unprotect|Readout Unprotect) command not acknowledged",
            "strong", fail=True, example="Error: GETID command not acknowledged!"),
        Msg("rom_nack", r"Error: Number of bytes to be (?:be )?read at address: \S+ not acknowledged", "strong", fail=True,
            attrs={"command": "0x11"}, example="Error: Number of bytes to be be read at address: 0x40023C1C not acknowledged!"),
        Msg("readout_protected", r"Error: RDP is set to level [12]|try using Read UnProtect|remove the Read Out Protection", "strong", fail=True,
            example="Error: RDP is set to level 1, try using Read UnProtect (-rdu) command in order to remove the Read Out Protection."),
    ),
)

# (intl-stm32 s7) ST's Flash Loader Demonstrator (FLASHER-STM32, 2.x): the GUI's popup and STMFlashLoader.exe's console
# (STMFlashLoader.cpp: `write_debug_info("Activating device", ..., KO)` then the printf below) when the ROM bootloader
# never answered the 0x7F sync; forum posts retype it ("no response from the target the bootloader cannot be started")
FLASHLOADER = rows_of(
    group(
        "ST Flash Loader Demonstrator 2.x (Flash Loader Demo GUI, STMFlashLoader.exe command line), USART bootloader",
        Msg("rom_no_answer", r"(?i)no response from the target,? the boot ?loader can ?not be started", "strong", fail=True,
            example="No response from the target, the Boot loader can not be started."),
        Msg(None, r"(?i)^\s*Please, verify the boot mode configuration", "weak",
            example="Please, verify the boot mode configuration, reset your device then try again."),
    ),
)

# (stm32-dfu-serial s8) FlyMcu (mcuisp.com, the Chinese serial ISP tool for the STM32 USART bootloader; closed source,
# rows from its printed log: blog.csdn.net/ghhhh233/article/details/146228392). It toggles DTR/RTS for the one-key download
# circuit, sends 0x7F and prints the attempt count and the bytes it got back ("开始连接...5, 接收到:79 1F": 0x79 is the
# bootloader's ACK; anything else is not the bootloader), then the connection ("在串口COM5连接成功@115200bps"), the
# bootloader version and chip PID, the option bytes it read and what it did. Its read-protection verdict comes from an
# STM32F1 reading of the option bytes (RDP byte 0xA5 = unprotected): on other families (an F4 reads "FFAA0055...", RDP
# 0xAA = level 0) it says "芯片已设置读保护" for a chip that is not protected, so that line counts only for an F1 PID.
_F1_PIDS = {"410", "412", "414", "418", "420", "428", "430"}
FLYMCU = rows_of(
    group(
        "FlyMcu (mcuisp) 0.188 serial ISP log, STM32 USART ROM bootloader (AN3155)",
        Msg(None, r"^DTR电平(?:置低|变高)|^RTS(?:置高|维持高)|^\.\.\.延时\d+毫秒", "weak", example="DTR电平置低(-3--12V),复位"),
        Msg("rom_answered", r"^开始连接\.\.\.(?P<tries>\d+), 接收到:(?P<value>79)\b", "strong", example="开始连接...5, 接收到:79 1F"),
        Msg("rom_bad_reply", r"^开始连接\.\.\.(?P<tries>\d+), 接收到:(?P<value>(?!79)[0-9A-Fa-f]{2})\b", "strong", fail=True,
            example="开始连接...5, 接收到:00 00 00 00"),
        Msg("rom_answered", r"^在串口(?P<device>COM\d+|\S+?)连接成功@(?P<value>\d+)bps", "strong", example="在串口COM5连接成功@115200bps,耗时937毫秒"),
        Msg(None, r"^芯片内BootLoader版本号:", "strong", example="芯片内BootLoader版本号:3.1"),
        Msg("chip_id", r"^芯片PID:0*(?P<value>[0-9A-Fa-f]{3})\b\s*(?P<text>\S*)", "strong", example="芯片PID:00000413 STM32F40xx_41xx"),
        Msg(None, r"^读出的选项字节:|^开始全片擦除|^全片擦除成功|^开始去除写保护|^去除写保护成功|^开始编程芯片", "weak", example="全片擦除成功"),
        Msg("readout_protected", r"^芯片已设置读保护", "strong", fail=True, example="芯片已设置读保护"),
        Msg("write_failed", r"^写入出错在(?P<value>\d+)KB", "strong", fail=True, example="写入出错在0KB,进度0%,耗时1047毫秒"),
        Msg(None, r"^调试信息:-?\d+ \w+", "weak", example="调试信息:-4 STM_WriteMemory"),
    ),
)


# AN3155 (USART bootloader protocol) command codes, as stm32flash reports them
_COMMANDS = {"GET": "0x00", "GETID": "0x02", "READ": "0x11", "GO": "0x21", "WRITE": "0x31", "ERASE": "0x43", "EXTENDED ERASE": "0x44",
             "WRITE UNPROTECT": "0x73", "READOUT UNPROTECT": "0x92"}


@register
class Stm32loaderParser(TableParser):
    name = "stm32loader"
    namespace = "flash"
    hints = ("boot0", "stm32loader", "unknown response", "nack", "chip id", "bootloader", "verification", "can't read port",
             "failed to reset", "failed to activate")
    messages = LOADER

    def summary(self) -> dict[str, Any]:
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {}


@register
class FlashLoaderDemoParser(TableParser):
    name = "stm32flashloader"
    namespace = "flash"
    hints = ("boot loader", "bootloader", "no response from the target")
    messages = FLASHLOADER

    def summary(self) -> dict[str, Any]:
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {}


@register
class FlyMcuParser(TableParser):
    name = "flymcu"
    namespace = "flash"
    hints = ("rts置高", "rts维持高", "延时", "读出的选项字节", "全片擦除", "去除写保护", "开始编程芯片", "调试信息", "开始连接", "接收到", "连接成功", "bootloader版本号", "芯片pid", "读保护", "写入出错", "dtr电平")
    messages = FLYMCU

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "chip_id":
            self.s_pid = str(ev.get("value", "")).lower().lstrip("0") or "0"
            self.events.remove(ev)
        elif ev["kind"] == "readout_protected":
            pid = getattr(self, "s_pid", None)
            if pid is not None and pid not in _F1_PIDS:
                # FlyMcu judged an F1 option-byte layout on another family: not evidence of protection
                ev["kind"] = "protection_unverified"
                ev.pop("fail", None)
        elif ev["kind"] == "rom_answered" and ev.get("device"):
            self.s_device = ev["device"]

    def summary(self) -> dict[str, Any]:
        s: dict[str, Any] = {"interface": "uart"}
        if getattr(self, "s_device", None):
            s["device"] = self.s_device
        if getattr(self, "s_pid", None):
            s["chip"] = "0x" + self.s_pid
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s


@register
class CubeProgrammerUartParser(TableParser):
    name = "stm32cubeprogrammer"
    namespace = "flash"
    hints = ("serial port", "acknowledgement", "activating device", "port configuration", "not acknowledged", "rdp is set",
             "read unprotect", "read out protection")
    messages = CUBEPROG

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        dev = m.groupdict().get("device")
        if ev is None and dev:
            self.s_device = dev.rstrip(".")
        name = m.groupdict().get("name")
        if ev is not None and name:
            ev.pop("name", None)
            ev["command"] = _COMMANDS.get(name.upper(), "")

    def summary(self) -> dict[str, Any]:
        s: dict[str, Any] = {"interface": "uart"}
        dev = getattr(self, "s_device", None)
        if dev:
            s["device"] = dev
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s

CONFIGURATOR = rows_of(
    group(
        "Betaflight / INAV / Cleanflight / Emuflight Configurator firmware flasher (src/js/protocols/stm32.js, usb_dfu.js, "
        "locales/en/messages.json: stm32*, usb*; 10.x-11.x, INAV 2.x-8.x): the progress label and log",
        # the serial STM32 protocol (AN3155 over the COM port) got another byte than the ROM's ACK (0x79): used when the
        # configurator did not get a DFU device after its reboot-to-bootloader, or for boards behind a USB-serial chip
        Msg("serial_protocol_bad_ack", r"STM32 Communication failed, wrong response, expected: (?P<expected>\d+) \(0x[0-9a-fA-F]+\)"
            r" received: (?P<received>\d+)", "strong", fail=True, convert=(("expected", int), ("received", int)),
            example="STM32 Communication failed, wrong response, expected: 121 (0x79) received: 0 (0x0)"),
        Msg("rom_no_answer", r"No response from the bootloader, programming: ?FAILED", "strong", fail=True,
            example="No response from the bootloader, programming: FAILED"),
        Msg("serial_protocol_bad_ack", r"^Communication with bootloader failed\s*$", "weak", fail=True,
            example="Communication with bootloader failed"),
        Msg("rom_timeout", r"STM32 - timed out, programming: ?FAILED", "strong", fail=True,
            example="STM32 - timed out, programming: FAILED"),
        Msg("reboot_to_bootloader_failed", r"Rebooting device to bootloader: ?FAILED", "strong", fail=True,
            example="Rebooting device to bootloader: FAILED"),
        # usb_dfu.js (the DFU path, chrome.usb / WebUSB): the DFU device was listed but could not be opened
        Msg("usb_open_failed", r"Failed to open USB device!?", "strong", fail=True, example="2023-03-16 @12:26:30 -- Failed to open USB device!"),
        Msg(None, r"Are udev rules installed correctly\?", "strong", example="Are udev rules installed correctly? See docs for instructions"),
        Msg("no_dfu_device", r"\bUSB DFU not found\b", "strong", fail=True, example="USB DFU not found"),
        Msg(None, r"USB device successfully (?:opened with ID|closed)", "strong", example="USB device successfully opened with ID: 21"),
        Msg(None, r"Initiating reboot to bootloader|Contacting bootloader \.\.\.", "strong", example="Initiating reboot to bootloader ..."),
        Msg("flash_succeeded", r"Programming: ?SUCCESSFUL", "strong", example="Programming: SUCCESSFUL"),
    ),
)


@register
class ConfiguratorFlasherParser(TableParser):
    """The firmware flasher of the flight-controller configurators (Betaflight, INAV, Cleanflight, Emuflight): its
    progress label and log lines (`2023-03-16 @12:26:30 -- ...`). Facts: one run per block under `flash.runs`, tool
    "configurator": `serial_protocol_bad_ack` (its serial STM32 protocol got no 0x79 ACK), `rom_no_answer` (no answer at
    all), `usb_open_failed` (the DFU device could not be opened), `no_dfu_device` ("USB DFU not found")."""

    name = "configurator"
    namespace = "flash"
    hints = ("stm32 communication failed", "wrong response", "no response from the bootloader", "timed out, programming",
             "rebooting device to bootloader", "failed to open usb device", "udev rules installed", "usb dfu not found",
             "usb device successfully", "initiating reboot", "contacting bootloader", "programming: successful", "programming:successful")
    messages = CONFIGURATOR
    event_kinds = ("serial_protocol_bad_ack", "rom_timeout", "reboot_to_bootloader_failed", "usb_open_failed")

    def summary(self) -> dict[str, Any]:
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        if any(e["kind"] == "flash_succeeded" for e in self.events):
            return {"success": True}
        return {}
