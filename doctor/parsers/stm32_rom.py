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
        # (stm32-swd-dfu s10) AN3155 Read Memory: read-out protection NACKs the command byte itself ("READ command not
        # acknowledged" above); a NACK only at the byte count, after the command and the address were ACKed, is the ROM
        # refusing the range: an address this part does not have (STM32CubeProgrammer 2.3.0 read an F407's flash size at
        # the F1 address 0x1FFFF7CC over UART; 2.2.0 worked: ST community 0D50X0000C9h1fV), not protection
        Msg("rom_read_range_nack", r"Error: Number of bytes to be (?:be )?read at address: (?P<address>0x[0-9a-fA-F]+) not acknowledged",
            "strong", fail=True, convert=(("address", lambda v: int(v, 16)),),
            example="Error: Number of bytes to be be read at address: 0x40023C1C not acknowledged!"),
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
    event_kinds = ("rom_link_error", "rom_sync_retried")

    # the session's state: the bootloader answered the 0x7F sync ("Activating device: OK")
    s_synced = False
    s_session = 0  # line of the session's "Serial Port ... is successfully opened"

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        dev = m.groupdict().get("device")
        if ev is None and dev:
            self.s_device = dev.rstrip(".")
            self.s_synced = False  # a new connection: a new session
            self.s_session = lineno
        name = m.groupdict().get("name")
        if ev is not None and name:
            ev.pop("name", None)
            ev["command"] = _COMMANDS.get(name.upper(), "")
        if ev is None:
            return
        kind = ev["kind"]
        if kind == "rom_answered":
            self.s_synced = True
            for e in self.events:
                if e is not ev and e["kind"] == "rom_no_answer" and e["lineno"] > self.s_session and e.get("fail"):
                    e["kind"] = "rom_sync_retried"  # the sync was answered after all (the GUI retries it): overcome
                    e["retried"] = True
                    e["fail"] = False
        elif kind == "rom_no_answer" and self.s_synced and "Activating device: KO" not in line:
            # (st-community s9) the bootloader ACKed the sync (it runs: BOOT0 and the wiring worked) and a later command's
            # ACK never came: bytes lost or mangled between the adapter and the chip (a USB-UART bridge that cannot do 8E1,
            # ST community 334291: an MCP2200 failed where an FT232R worked; an echoing line; noise), not BOOT0
            ev["kind"] = "rom_link_error"

    def summary(self) -> dict[str, Any]:
        if not any(e["kind"] == "rom_no_answer" and "Activating device: KO" in e["line"] for e in self.events) \
                and any(e["kind"] in ("rom_nack", "rom_read_range_nack") for e in self.events):
            # (st-community s9) a block that starts after the sync (the download lines between belong to another block:
            # ST community 651146, GETID NACKs and timeouts after "Start operation achieved successfully"): a NACK is the
            # bootloader's own reply, so it ran; the acknowledgement timeouts around it are not a bootloader that never
            # answered (BOOT0), and no "Activating device: KO" says so
            for e in self.events:
                if e["kind"] == "rom_no_answer":
                    e["kind"] = "rom_link_error"
        s: dict[str, Any] = {"interface": "uart"}
        dev = getattr(self, "s_device", None)
        if dev:
            s["device"] = dev
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        return s

# (fc-dfu s9) every locale of the configurator's own strings (locales/*/messages.json of betaflight-configurator 10.x-2025.x:
# stm32ResponseBootloaderFailed, serialPortOpenFail, usbDeviceOpenFail, deviceRebooting_romBootloader; INAV shares them):
# the same failure pasted from a German, Spanish, Russian or Chinese UI
_NO_ANSWER_LOCALES = (
    r"Keine Antwort des Bootloaders|Sin respuesta del gestor de arranque|Aucune r\u00e9ponse du bootloader|Nessuna risposta dal bootloader"
    r"|Sem resposta do bootloader|Geen reactie van de bootloader|Brak odpowiedzi z b\w*otloadera|Sense resposta del bootloader"
    r"|Intet svar fra bootloader|\u0417\u0430\u0433\u0440\u0443\u0437\u0447\u0438\u043a \u043d\u0435 \u043e\u0442\u0432\u0435\u0447\u0430\u0435\u0442"
    r"|\u30d6\u30fc\u30c8\u30ed\u30fc\u30c0\u30fc\u304b\u3089\u306e\u5fdc\u7b54\u304c\u3042\u308a\u307e\u305b\u3093|Bootloader \u65e0\u54cd\u5e94"
    r"|\u5f15\u5c0e\u7a0b\u5f0f\u7121\u97ff\u61c9|\ubd80\ud2b8\ub85c\ub354\ub85c\ubd80\ud130 \uc751\ub2f5\uc774 \uc5c6\uc74c"
)
_SERIAL_OPEN_LOCALES = (
    r"Zugriff auf den seriellen Port fehlgeschlagen|Error abriendo puerto serie|Echec d'ouverture du port s\u00e9rie"
    r"|Impossibile connettersi alla porta seriale|Falha ao abrir porta serial|Mislukt om serial port te openen"
    r"|\u041d\u0435 \u0443\u0434\u0430\u043b\u043e\u0441\u044c \u043e\u0442\u043a\u0440\u044b\u0442\u044c \u043f\u043e\u0441\u043b\u0435\u0434\u043e\u0432\u0430\u0442\u0435\u043b\u044c\u043d\u044b\u0439 \u043f\u043e\u0440\u0442"
    r"|\u30b7\u30ea\u30a2\u30eb\u30dd\u30fc\u30c8\u306b\u63a5\u7d9a\u3067\u304d\u307e\u305b\u3093|\u6253\u5f00\u4e32\u53e3 ?\u5931\u8d25|\u6253\u958b\u4e32\u53e3 ?\u5931\u6557"
    r"|\uc2dc\ub9ac\uc5bc \ud3ec\ud2b8 \uc5f4\uae30 ?\uc2e4\ud328"
)
_USB_OPEN_LOCALES = (
    r"Zugriff auf das USB Ger\u00e4t fehlgeschlagen|Error al abrir el dispositivo USB|Echec de la connexion USB"
    r"|Impossibile connettersi al dispositivo USB|Falha ao abrir dispositivo USB|Mislukt om USB-apparaat te openen"
    r"|\u0421\u0431\u043e\u0439 \u043f\u043e\u0434\u043a\u043b\u044e\u0447\u0435\u043d\u0438\u044f \u043a USB \u0443\u0441\u0442\u0440\u043e\u0439\u0441\u0442\u0432\u0443"
    r"|USB\u30c7\u30d0\u30a4\u30b9\u306b\u63a5\u7d9a\u3067\u304d\u307e\u305b\u3093|\u6253\u5f00 USB \u8bbe\u5907 ?\u5931\u8d25|\u6253\u958b USB \u8a2d\u5099 ?\u5931\u6557"
    r"|USB \uc7a5\uce58 \uc5f4\uae30 ?\uc2e4\ud328"
)

CONFIGURATOR = rows_of(
    group(
        "Betaflight / INAV / Cleanflight / Emuflight Configurator firmware flasher (src/js/protocols/stm32.js, usb_dfu.js, "
        "locales/en/messages.json: stm32*, usb*; 10.x-11.x, INAV 2.x-8.x): the progress label and log",
        # the serial STM32 protocol (AN3155 over the COM port) got another byte than the ROM's ACK (0x79): used when the
        # configurator did not get a DFU device after its reboot-to-bootloader, or for boards behind a USB-serial chip.
        # (fc-dfu s9) any case ("STM32 communication failed" as retyped on medium/CSDN) and every locale (the German
        # "STM32 Kommunikation fehlgeschlagen. Falsche Antwort. Erwartet: 121 (0x79) Empfangen: 0 (0x0)", the Chinese
        # full-width colons): the two numbers and "STM32" are what all of them share. What came back decides (on_event)
        # retyped forms too ("expected;121 (0+79) receiver:0 (0+0)", betaflight-configurator #870)
        Msg("serial_protocol_bad_ack", r"(?i:STM32)[^:;\uff1a\n]{0,70}[:;\uff1a] ?(?P<expected>\d+) ?\(0 ?[xX+][0-9a-fA-F]{1,2}\)[^:;\uff1a\n]{0,40}[:;\uff1a] ?"
            r"(?P<received>\d+)(?: ?\(0 ?[xX+][0-9a-fA-F]{1,2}\))?", "strong", fail=True, convert=(("expected", int), ("received", int)),
            example="STM32 Communication failed, wrong response, expected: 121 (0x79) received: 0 (0x0)"),
        Msg("rom_no_answer", r"(?i)No response from (?:the )?bootloader,? programming:? ?FAILED", "strong", fail=True,
            example="No response from the bootloader, programming: FAILED"),
        Msg("rom_no_answer", r"(?i:" + _NO_ANSWER_LOCALES + r")", "strong", fail=True,
            example="Keine Antwort des Bootloaders. Programmierung fehlgeschlagen"),
        Msg("serial_protocol_bad_ack", r"^Communication with bootloader failed\s*$", "weak", fail=True,
            example="Communication with bootloader failed"),
        Msg("rom_timeout", r"STM32 - timed out, programming: ?FAILED", "strong", fail=True,
            example="STM32 - timed out, programming: FAILED"),
        Msg("reboot_to_bootloader_failed", r"Rebooting device to bootloader: ?FAILED", "strong", fail=True,
            example="Rebooting device to bootloader: FAILED"),
        # usb_dfu.js (the DFU path, chrome.usb / WebUSB): the DFU device was listed but could not be opened
        Msg("usb_open_failed", r"Failed to open USB device!?", "strong", fail=True, example="2023-03-16 @12:26:30 -- Failed to open USB device!"),
        Msg("usb_open_failed", r"(?i:" + _USB_OPEN_LOCALES + r")", "strong", fail=True, example="Zugriff auf das USB Ger\u00e4t fehlgeschlagen"),
        Msg(None, r"Are udev rules installed correctly\?", "strong", example="Are udev rules installed correctly? See docs for instructions"),
        Msg("no_dfu_device", r"\bUSB DFU not found\b", "strong", fail=True, example="USB DFU not found"),
        Msg(None, r"USB device successfully (?:opened with ID|closed)", "strong", example="USB device successfully opened with ID: 21"),
        # (fc-dfu s9) the reboot request before the flash (deviceRebooting_romBootloader / _flashBootloader, stm32RebootingToBootloader;
        # "ROM BOOTLOADER" is kept untranslated by most locales): what comes after it is judged knowing the board was sent
        # to its bootloader
        Msg("reboot_requested", r"(?:Rebooting to|Red\u00e9marrage en|Riavvio in|Reiniciando para o modo|Ponowne uruchomienie do|genstarter til) "
            r"(?:ROM|FLASH) BOOTLOADER|Initiating reboot to bootloader|Sending ascii \"R\" to reboot|\u91cd\u542f\u5e76\u8fdb\u5165ROM Bootloader", "strong",
            example="2025-05-09 @00:49:55 -- Device - Rebooting to ROM BOOTLOADER"),
        Msg(None, r"Contacting bootloader \.\.\.", "strong", example="Contacting bootloader ..."),
        # (fc-dfu s9) serialPortOpenFail: the GUI log's own words (no port after them; serialport-rs's "Failed to open serial
        # port /dev/ttyUSB0" and Web Serial's "Failed to execute 'open' on 'SerialPort'" are other parsers'); right after a
        # reboot to the ROM bootloader it means no usable DFU device appeared and the configurator fell back to the COM port
        # the reboot had removed. chrome.serial's own "Chrome API Error: Failed to connect to the port.." comes with it
        Msg("serial_open_failed", r"^(?:\d{4}-\d\d-\d\d @ ?\d\d:\d\d:\d\d -- )?(?i:Failed to open serial port)\.?\s*$", "weak", fail=True,
            example="2025-05-09 @00:50:05 -- Failed to open serial port"),
        Msg("serial_open_failed", r"(?i:" + _SERIAL_OPEN_LOCALES + r")", "strong", fail=True,
            example="Zugriff auf den seriellen Port fehlgeschlagen"),
        # INAV Configurator 2.x-8.x names the same failure after its MSP link (serialPortOpenFail)
        Msg("serial_open_failed", r"^(?:\d{4}-\d\d-\d\d @ ?\d\d:\d\d:\d\d -- )?Failed to open MSP connection", "strong", fail=True,
            example="2024-10-31 @ 12:00:00 -- Failed to open MSP connection"),
        Msg("image_unreadable", r"^(?:\d{4}-\d\d-\d\d @ ?\d\d:\d\d:\d\d -- )?Invalid hex\s*$", "weak", fail=True, example="Invalid hex"),
        Msg("chip_info_failed", r"Address load for option bytes sector failed with unknown error", "strong", fail=True,
            example="Address load for option bytes sector failed with unknown error. Aborting."),
        Msg("serial_open_failed", r"Chrome API Error: Failed to connect to the port", "strong", fail=True,
            example="2025-05-09 @00:50:08 -- Chrome API Error: Failed to connect to the port.."),
        # read protection (usb_dfu.js and stm32.js, stm32AddressLoadFailed / stm32ReadProtected / stm32UnprotectFailed): the
        # configurator found the option bytes protected and tries to lift it itself
        Msg("readout_protected", r"Address load for option bytes sector failed\. Very likely due to read protection", "strong", fail=True,
            example="Address load for option bytes sector failed. Very likely due to read protection."),
        Msg("readout_protected", r"Board seems read protected\. Unprotecting", "strong",
            example="Board seems read protected. Unprotecting. Do not disconnect/unplug!"),
        Msg("unprotect_failed", r"Failed to (?:unprotect board|initiate unprotect routine)", "strong", fail=True,
            example="Failed to unprotect board"),
        Msg(None, r"ACTION REQUIRED: Unplug and re-connect flight controller in DFU mode", "strong",
            example="ACTION REQUIRED: Unplug and re-connect flight controller in DFU mode to try flashing again!"),
        Msg("address_not_writeable", r"Firmware image contains addresses not found on target device", "strong", fail=True,
            example="Firmware image contains addresses not found on target device"),
        Msg("image_too_large", r"Supplied image is larger then flash available on the chip! Image: (?P<size>\d+) KiB", "strong", fail=True,
            convert=(("size", int),), example="Error: Supplied image is larger then flash available on the chip! Image: 1024 KiB, limit = 512 KiB"),
        Msg(None, r"Detected device with total flash size \d+ [kK]iB", "strong", example="Detected device with total flash size 1024 kiB"),
        # console (stm32usbdfu.js / usbdfu.js): a control transfer to the DFU device failed or timed out mid-operation
        Msg("dfu_transfer_failed", r"(?:stm32usbdfu|usbdfu)\.js:\d+ (?:Transfer timed out|USB transfer failed)|\[USB DFU\] USB controlTransfer (?:IN|OUT) failed",
            "strong", fail=True, example="stm32usbdfu.js:105 Transfer timed out."),
        Msg("flash_succeeded", r"Programming: ?SUCCESSFUL|\u70e7\u5f55\u6210\u529f", "strong", example="Programming: SUCCESSFUL"),
        Msg("flash_failed", r"^(?:\d{4}-\d\d-\d\d @ ?\d\d:\d\d:\d\d -- )?Programming: ?FAILED\s*$", "weak", fail=True,
            example="Programming: FAILED"),
        # the GUI log header names the OS ("Running - OS: Windows, Chrome: 72.0.3626.121, Configurator: 10.5.1")
        Msg("configurator_env", r"Running - OS: (?P<os>[A-Za-z]+)(?:, Chrome: (?P<version>[\d.]+))?", "strong",
            example="2019-09-17 @ 18:10:15 -- Running - OS: MacOS, Chrome: 72.0.3626.121, Configurator: 10.5.1"),
    ),
)


@register
class ConfiguratorFlasherParser(TableParser):
    """The firmware flasher of the flight-controller configurators (Betaflight, INAV, Cleanflight, Emuflight): its
    progress label and log lines (`2023-03-16 @12:26:30 -- ...`). Facts: one run per block under `flash.runs`, tool
    "configurator": `serial_protocol_bad_ack` (its serial STM32 protocol got nothing, 0x00, where the ROM's ACK 0x79
    belongs), `rom_nack` (it got the ROM's NACK 0x1F: the bootloader runs and refuses), `serial_protocol_garbled` (any
    other byte: a garbled line), `rom_no_answer` (no answer at all), `usb_open_failed` (the DFU device could not be
    opened), `no_dfu_device` ("USB DFU not found"), `serial_open_failed` (with phase "after_reboot" when the board had
    just been sent to its bootloader), `readout_protected` / `unprotect_failed`, `address_not_writeable`, `image_too_large`."""

    name = "configurator"
    namespace = "flash"
    hints = ("stm32", "no response from", "timed out, programming",
             "rebooting device to bootloader", "failed to open usb device", "udev rules installed", "usb dfu not found",
             "usb device successfully", "initiating reboot", "contacting bootloader", "programming: successful", "programming:successful",
             "bootloader", "failed to open serial port", "chrome api error", "read protect", "unprotect", "action required",
             "addresses not found", "supplied image", "total flash size", "usbdfu.js", "[usb dfu]", "programming: failed",
             "programming:failed", "running - os", "fehlgeschlagen", "gestor de arranque", "bootloader,", "erro", "echec", "impossibile",
             "falha", "mislukt", "\u0437\u0430\u0433\u0440\u0443\u0437\u0447\u0438\u043a", "\u043d\u0435 \u0443\u0434\u0430\u043b\u043e\u0441\u044c", "\u0441\u0431\u043e\u0439", "\u30d6\u30fc\u30c8\u30ed\u30fc\u30c0\u30fc", "\u63a5\u7d9a\u3067\u304d\u307e\u305b\u3093",
             "\u65e0\u54cd\u5e94", "\u7121\u97ff\u61c9", "\u4e32\u53e3", "usb \u8bbe\u5907", "usb \u8a2d\u5099", "\ubd80\ud2b8\ub85c\ub354", "\uc5f4\uae30", "\u70e7\u5f55", "brak odpowiedzi", "sense resposta",
             "intet svar", "rom bootloader", "flash bootloader", "sending ascii", "msp connection", "invalid hex", "option bytes")
    messages = CONFIGURATOR
    event_kinds = ("serial_protocol_bad_ack", "rom_timeout", "reboot_to_bootloader_failed", "usb_open_failed", "rom_nack",
                   "serial_protocol_garbled")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        kind = ev["kind"]
        if kind == "serial_protocol_bad_ack" and isinstance(ev.get("received"), int) and ev.get("expected") == 0x79:
            # (fc-dfu s9) the byte that came back is the ROM's answer (AN3155): 0x00 is silence on a port where no
            # bootloader listens (the board sat in USB DFU, or its bridge gave nothing: the driver threads, INAV
            # configurator #930); 0x1F is the ROM's own NACK, so the bootloader runs and refuses (read-out protection:
            # the SPRacing F3 clones on medium/CSDN, cleared with ST's Flash Loader; a second sync to an already synced
            # ROM NACKs too); any other byte is a garbled line (STM32F103 INAV #3: 0xB9)
            if ev["received"] == 0x1F:
                ev["kind"] = "rom_nack"
            elif ev["received"] != 0:
                ev["kind"] = "serial_protocol_garbled"
        elif kind == "serial_open_failed" and any(e["kind"] == "reboot_requested" for e in self.events):
            ev["phase"] = "after_reboot"

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if any(e.get("fail") for e in self.events):
            out["success"] = False
        elif any(e["kind"] == "flash_succeeded" for e in self.events):
            out["success"] = True
        return out
