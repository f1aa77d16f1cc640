"""stm32flash (0.4 to 0.7, sourceforge and stm32duino/stm32flash, the Arduino_STM32 "0.9" copy): the STM32 serial
(USART) ROM bootloader client, as a message table; Klipper's `make serialflash` runs it.

Facts: one run per block under `flash.runs` (tool "stm32flash"), with the port, the baud rate and the
interface; events:
- `rom_no_answer`: the ROM bootloader never answered the 0x7F sync ("Failed to init device.", "Failed to read
  ACK byte"): BOOT0 was not set at reset, TX/RX are not crossed, or the wrong port.
- `rom_bad_reply`: something answered, but not the bootloader's ACK ("Got byte 0x00 instead of ACK",
  "Unexpected reply from device on command 0x01"): noise on a floating line, another program or a console
  on the port, a wrong baud rate.
- `rom_nack`: the bootloader refused a command (read-out protection usually: "Got NACK from device on command
  0x43", "Can't initiate chip mass erase!").
- `rom_answered`: the bootloader identified the chip ("Device ID    : 0x0410 (Medium-density)").
- `port_open_failed` / `wrong_tool_for_device`: the port could not be opened; when the "port" is a USB
  VID:PID (`make serialflash FLASH_DEVICE=0483:df11`), the board is in USB DFU and needs dfu-util instead.
- `chip_unknown`, `write_failed`, `erase_failed`, `verify_mismatch`, and the progress lines.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._flashlog import classify_usb, id4
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_VIDPID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")

MESSAGES = rows_of(
    group(
        "stm32flash 0.4-0.7 main.c, serial_posix.c, serial_w32.c (banner, port)",
        Msg(None, r"^stm32flash(?:\.exe)?\s+(?P<version>\S*\d\.\d+\S*)\s*$", "strong", example="stm32flash 0.5"),
        Msg("stm32flash_command", r"^(?>.*?(?:^|[\s$#>/\\])stm32flash(?:\.exe)?\s)(?:.*\s)?(?P<device>/dev/\S+|COM\d+)\s*$",
            "strong", example="$ sudo ./stm32flash -w generic_boot20_pc13.bin -v -g 0x0 /dev/ttyUSB0"),
        Msg(None, r"^(?:https?://stm32flash\.sourceforge\.net|https?://github\.com/stm32duino/stm32flash|https?://github\.com/rogerclarkmelbourne/arduino_stm32)",
            "strong", example="http://stm32flash.sourceforge.net/"),
        Msg("flash_target", r"^\s*Flashing (?P<path>\S+) to (?P<device>\S+) via stm32flash", "strong",
            example="Flashing out/klipper.bin to /dev/ttyAMA0 via stm32flash"),
        Msg(None, r"^Using Parser : ", "weak", example="Using Parser : Raw BINARY"),
        Msg("serial_interface", r"^Interface (?P<interface>serial_posix|serial_w32|i2c): (?P<baud>\d+)? ?(?P<mode>\w+)?", "strong",
            convert=(("baud", int),), example="Interface serial_posix: 57600 8E1"),
        Msg("port_open_failed", r"^Failed to open port: (?P<device>.+?)\s*$", "weak", fail=True, example="Failed to open port: /dev/ttyUSB0"),
        Msg(None, r"^Error probing interface \"", "strong", example='Error probing interface "serial_posix"'),
        # (audit-avr-dfu s18) port.c port_open(): no interface could open the name; a USB VID:PID there is a board in USB DFU
        Msg(None, r"^Cannot handle device \"(?P<handle>[^\"]{0,120})", "strong", example='Cannot handle device "0483:df11"'),
        # (audit-avr-dfu s18) serial_posix.c 0.4-0.7: open() worked but lockf(F_TLOCK) did not: another process holds the port
        Msg("serial_port_busy", r"^Error: (?P<port>\S+) is already open", "weak", fail=True, example="Error: /dev/ttyS0 is already open",
            src="stm32flash 0.4-0.7 serial_posix.c serial_open (lockf)"),
        # (audit-avr-dfu s18) serial_w32.c 0.4-0.7: CreateFile() on the port gave ERROR_FILE_NOT_FOUND: no such COM port
        Msg("serial_no_such_port", r"^File not found: (?P<port>\S+)", "strong", fail=True, example="File not found: COM5",
            src="stm32flash 0.4-0.7 serial_w32.c serial_open"),
        Msg("tool_missing", r"\bstm32flash(?:\.exe)?(?:: [Cc]ommand not found|: not found|' is not recognized)", "strong", fail=True,
            attrs={"name": "stm32flash"}, example="make: stm32flash: Command not found"),
    ),
    group(
        "stm32flash 0.4-0.7 stm32.c (talking to the ROM bootloader)",
        # (intl-stm32 s7) blogs and forum posts retype it in lower case ("failed to init device"): the same ROM sync that got no ACK
        Msg("rom_no_answer", r"^(?i:Failed to init device)\.?", "strong", fail=True, example="Failed to init device."),
        # (audit s11) main.c 0.5-0.7 prints "Failed to send boot enter sequence" only when the -i sequence itself failed on
        # the host (a GPIO it could not export or drive, a port without RTS/DTR, a bad character in the sequence), before a
        # byte went to the chip: not a bootloader that stayed silent
        Msg("tool_error", r"^Failed to send boot enter sequence", "strong", fail=True,
            attrs={"text": "the -i GPIO/RTS/DTR entry sequence failed on the host"}, example="Failed to send boot enter sequence"),
        Msg("rom_no_answer", r"^Failed to (?:read ACK byte|send init to device)", "strong", fail=True,
            example="Failed to read ACK byte"),
        Msg("rom_bad_reply", r"^Got byte (?P<value>0x[0-9a-fA-F]{2}) instead of ACK", "strong", fail=True,
            example="Got byte 0x00 instead of ACK"),
        Msg("rom_bad_reply", r"^Unexpected reply from device on command (?P<command>0x[0-9a-fA-F]{2})", "strong", fail=True,
            example="Unexpected reply from device on command 0x01"),
        Msg("rom_bad_reply", r"^Error: bootloader did not returned correct information from GET command|^Re sync \(len = \d+\)", "strong", fail=True,
            example="Error: bootloader did not returned correct information from GET command"),
        Msg("rom_nack", r"^Got NACK from device on command (?P<command>0x[0-9a-fA-F]{2})", "strong", fail=True,
            example="Got NACK from device on command 0x43"),
        # stm32flash (main.c, 0.4-0.7) always names the part after the id: "Device ID    : 0x%04x (%s)". A bare
        # "Device ID   : 0x0413" is STM32CubeProgrammer's field (its DFU/SWD header): taking it would split that run
        Msg("rom_answered", r"^Device ID\s*: (?P<value>0x[0-9a-fA-F]+) \((?P<text>[^)]*)\)?", "strong",
            example="Device ID    : 0x0410 (Medium-density)"),
        Msg(None, r"^(?:Version|Option [12]|BL version)\s*: 0x[0-9a-fA-F]+", "weak", example="Version      : 0x22"),
        Msg(None, r"^- (?:RAM|Flash|Option RAM|System RAM)\s*: ", "weak", example="- Flash      : 128KiB (size first sector: 4x1024)"),
        Msg("chip_unknown", r"Unknown/unsupported device(?: \(Device ID: (?P<value>0x[0-9a-fA-F]+)\))?", "strong", fail=True,
            example="Unknown/unsupported device (Device ID: 0x440)"),
        Msg("chip_unknown", r"^Only \d+ bytes sent in the PID, unknown/unsupported device", "strong", fail=True,
            example="Only 1 bytes sent in the PID, unknown/unsupported device"),
    ),
    group(
        "stm32flash 0.4-0.7 main.c (erase, write, verify, go)",
        # (audit s8) 0.4 stm32.c says "Can't initiate chip erase!", 0.5 and later "Can't initiate chip mass erase!" (0.6 also "page erase")
        Msg("erase_failed", r"^(?:Failed to erase memory|(?:Extended e|E)rase failed|Mass erase (?:error|failed)|Page-by-page erase (?:error|failed)|Can't initiate chip (?:mass |page )?erase)",
            "strong", fail=True, example="Can't initiate chip mass erase!"),
        # (audit-avr-dfu s18) main.c writes its progress with a leading \r and no line end: a log that lost the \r keeps the
        # failure on the progress line ("Wrote address 0x08000100 (0.80%) Failed to write memory at address 0x08000100")
        Msg("write_failed", r"(?:^|\(\d{1,3}\.\d\d%\) )Failed to write memory at address (?P<address>0x[0-9a-fA-F]+)", "strong", fail=True,
            convert=(("address", lambda v: int(v, 16)),), example="Failed to write memory at address 0x08000000"),
        # (avr-swd-tools s24w2) the same lost \r as the write's: "Read address 0x08000100 (0.39%) Failed to read memory at ...".
        # main.c prints that progress only after a chunk was read: the chip was readable, so SWD006 never takes that form
        Msg("read_failed", r"(?:^|\(\d{1,3}\.\d\d%\) )Failed to read memory at address (?P<address>0x[0-9a-fA-F]+)", "strong", fail=True,
            convert=(("address", lambda v: int(v, 16)),), example="Failed to read memory at address 0x08000000, target write-protected?"),
        Msg("verify_mismatch", r"(?:^|\(\d{1,3}\.\d\d%\) )Failed to verify at address (?P<address>0x[0-9a-fA-F]+)", "strong", fail=True,
            convert=(("address", lambda v: int(v, 16)),),
            example="Failed to verify at address 0x08000400, expected 0x2c and found 0xff"),
        Msg("write_progress", r"Wrote (?P<verified>and verified )?address (?P<address>0x[0-9a-fA-F]+) \((?P<value>[\d.]+)%\)", "strong",
            convert=(("address", lambda v: int(v, 16)),), example="Wrote and verified address 0x08001c14 (100.00%) Done."),
        Msg(None, r"^(?:Write to memory|Erasing memory|Erasing flash|Read-UnProtecting flash|Write-unprotecting flash)\s*$", "weak",
            example="Write to memory"),
        Msg("execution_started", r"^Starting execution at address (?P<address>0x[0-9a-fA-F]+)\.\.\. (?P<text>done|failed)", "strong",
            convert=(("address", lambda v: int(v, 16)),), example="Starting execution at address 0x08000000... done."),
        Msg("protect_failed", r"^(?:Error: )?Failed to (?:READOUT |WRITE )?(?:UN)?PROTECT|^Failed to (?:read|write)-(?:un)?protect flash", "strong",
            fail=True, example="Failed to read-unprotect flash"),
    ),
    group(
        "stm32flash 0.5-0.7 main.c, stm32.c (what the bootloader's GET answer lacks; addresses; the port)",
        # the GET answer did not list the command: not the STM32 ROM answering, or a bootloader that lacks it
        Msg("rom_command_missing", r"^Error: (?P<command>[A-Z ]+) command not implemented in bootloader", "strong", fail=True,
            example="Error: ERASE command not implemented in bootloader."),
        Msg("address_out_of_range", r"^Address range exceeds flash size|^Specified start & length are invalid", "strong", fail=True,
            example="Address range exceeds flash size."),
        # the image named by -w: parser_open of the raw-binary / Intel-hex parsers (main.c, binary.c, hex.c)
        Msg("image_missing", r'^(?:Cannot open file "(?P<file>[^"]*)"|Error reading in file "[^"]*"|\S+ Parser failed to initialize)',
            "strong", fail=True, example='Cannot open file "out/klipper.bin"'),
        Msg("port_open_failed", r"^Failed to set terminal flags|^Warning: Not a tty: (?P<device>\S+)", "strong", fail=True,
            example="Failed to set terminal flags"),
        Msg("tool_error", r"^Failed to send command|^Failed to read CRC|^Failed to read input file|^ERROR: (?P<text>.+)$", "none", fail=True,
            example="ERROR: Invalid parameter specified"),
    ),
    # (audit s8) what a source audit of stm32flash 0.4 (ARMinARM, stm32duino v0.4), 0.5 (stm32duino v0.5), STM32duino_0.5.1, 0.5.2
    # and a 0.6 pre-release (slyshykO, synced with sourceforge 2020-12) (main.c, stm32.c, init.c, i2c.c, utils.c, parsers/parser.h) found that no row above knew; examples fill in the formats
    group(
        "stm32flash 0.4-0.6 main.c, parsers/parser.h, win32/getopt.c (the image file, the port settings, reset and execution); examples from the source's formats",
        # the parser (raw binary or Intel HEX) could not open the -w file: "System Error" is the C library's (perror() of the
        # file name follows: no such file), "Invalid File" a HEX file it cannot read
        Msg("image_missing", r"^(?:Raw BINARY|Intel HEX) ERROR: (?P<text>System Error)", "strong", fail=True,
            example="Intel HEX ERROR: System Error"),
        Msg("image_invalid", r"^(?:Raw BINARY|Intel HEX) ERROR: (?P<text>Invalid File|Parser can only (?:write|read))", "strong", fail=True,
            example="Intel HEX ERROR: Invalid File"),
        Msg("image_missing", r"^(?P<name>\S+\.(?:bin|hex|ihex)): (?P<text>No such file or directory|Permission denied|Is a directory)$", "none",
            fail=True, example="out/klipper.bin: No such file or directory"),
        # options it refuses: a baud rate the port layer does not list, a serial mode other than 8e1-like, two actions at once,
        # a -i GPIO/DTR/RTS sequence it cannot read
        Msg("tool_error", r"^(?:Invalid baud rate, valid options are|Invalid serial mode|Can't execute \"\w+\" and \"\w+\" at the same time"
            r"|ERROR: Invalid options|Character '.' is not a (?:digit|separator|valid signal)|Invalid sequence \S"
            r"|GPIO control only available in Linux|GPIO \d+ not available|Error writing in file \""
            r"|Unable to open special file \"|I2C ioctl\(\w+\) error|Error: controller is not I2C|I2C address out of range"
            r"|illegal option -- \S|option requires an argument -- \S)", "none", fail=True,
            example="Invalid baud rate, valid options are:"),
        # the ROM's reply limits (a bootloader answering another protocol, or a build that asks what the ROM does not do)
        Msg("tool_error", r"^(?:Error: (?:READ length limit|WRITE address(?: and length)? must be|code address must be)|Start and end addresses must be 4 byte aligned"
            r"|Buffer length must be multiple of 4|Failed to write data to file|Reset failed\.|Caught signal \d+|Out of memory)", "none", fail=True,
            example="Error: WRITE address must be 4 byte aligned"),
        Msg(None, r"^(?:Memory read|Read address 0x[0-9a-fA-F]+ \(|Done\.\s*$|Read-Protecting flash|CRC computation|CRC\(0x[0-9a-fA-F]+-0x"
            r"|CRC address 0x|Resetting device\.\.\.|Reset done\.|GPIO sequence (?:start|end)|setting (?:port signal \w+|gpio \d+) to|delay \d+ us"
            r"|min\(RX\) = \d+)", "none", example="Resetting device..."),
        Msg(None, r"^(?:Warning: the interface was not closed properly|WARNING: Ignore (?:RX|TX) length in option -F|GET returns unknown commands"
            r"|This bootloader returns \d+ extra bytes in PID|Attention !!!|This \w+ error could be caused by your I2C|controller not accepting \"clock stretching\""
            r"|as required by bootloader\.|Check \"I2C\.txt\")", "none", benign=True,
            example="Warning: the interface was not closed properly."),
        Msg(None, r"^https?://stm32flash\.googlecode\.com", "strong", example="http://stm32flash.googlecode.com/"),
    ),

)


_ELF_IMAGE = re.compile(r"(?:^|\s)-w\s*\"?([^\s\"]+\.(?:elf|axf|out))\"?(?=\s|$)", re.IGNORECASE)


@register
class Stm32flashParser(TableParser):
    name = "stm32flash"
    namespace = "flash"
    hints = ("stm32flash", "arduino_stm32", "device", "ack", "interface", "port", "parser", "memory", "erase", "address", "nack", "wrote",
             "protect", "version", "option", "ram", "flash", "execution", "re sync", "only", "bootloader", "erase", "error",
             "address range", "specified start", "failed", "cannot open file", "file not found", "reading in file", "terminal flags", "not a tty")
    messages = MESSAGES
    event_kinds = ("wrong_tool_for_device", "elf_written_raw")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.s: dict[str, Any] = {}

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        groups = m.groupdict()
        if row.kind is None:
            if groups.get("version"):
                self.s.setdefault("version", groups["version"])
            elif groups.get("handle"):
                # (trim s22) the device as the command gave it (port.c: every interface refused it): it names the port in a
                # paste cut below the command line
                if groups["handle"].startswith(("/dev/", "COM", "\\\\.\\")) and not self.s.get("device"):
                    self.s["device"] = groups["handle"]
                vm = _VIDPID.match(groups["handle"])
                if vm and not any(e["kind"] == "wrong_tool_for_device" for e in self.events):
                    vid, pid = id4(vm.group(1)), id4(vm.group(2))
                    info = classify_usb(vid, pid)
                    self.s.setdefault("device", groups["handle"])
                    self.event("wrong_tool_for_device", lineno, line, command="stm32flash", vid=vid, pid=pid, device=groups["handle"],
                               role=info.get("role"), role_name=info.get("role_name"), expected="serial port")
            return
        if ev is None:
            return
        kind = ev["kind"]
        s = self.s
        if kind == "serial_interface":
            s["interface"] = ev.get("interface")
            if ev.get("baud"):
                s["baud"] = ev["baud"]
        elif kind == "stm32flash_command":
            s.setdefault("device", ev.get("device"))
            elf = _ELF_IMAGE.search(line)
            if elf:
                # stm32flash 0.4-0.7 parses Intel HEX (a file starting with ':') and otherwise writes the file byte for byte
                # ("Using Parser : Raw BINARY"): an ELF is written with its headers at the start address and never runs
                self.event("elf_written_raw", lineno, line, path=elf.group(1), fail=True,
                           text="an ELF file written as a raw binary image: convert it first (arm-none-eabi-objcopy -O binary)")
        elif kind in ("flash_target", "port_open_failed"):
            device = ev.get("device", "")
            s.setdefault("device", device)
            vm = _VIDPID.match(device)
            if vm:  # a USB VID:PID where a serial port belongs: the board is on USB (DFU), not on its ROM's USART
                vid, pid = id4(vm.group(1)), id4(vm.group(2))
                info = classify_usb(vid, pid)
                if not any(e["kind"] == "wrong_tool_for_device" for e in self.events):
                    self.event("wrong_tool_for_device", lineno, line, command="stm32flash", vid=vid, pid=pid, device=device,
                               role=info.get("role"), role_name=info.get("role_name"), expected="serial port")
        elif kind == "rom_answered":
            s["chipid"] = ev.get("value")
        elif kind in ("rom_no_answer", "rom_bad_reply") and s.get("written"):
            # an earlier run of this paste reached the ROM on the same port and wrote: the wiring and the baud rate work
            ev["after_success"] = True
        elif kind == "write_progress":
            if ev.get("value") == "100.00":
                s["written"] = True
                if groups.get("verified"):
                    s["verified"] = True
        elif kind == "execution_started" and ev.get("text") == "failed":
            ev["fail"] = True

    def finish(self) -> dict[str, Any]:
        device = self.s.get("device") or ""
        failed = next((e for e in self.events if e["kind"] == "rom_no_answer"), None)
        if failed is not None and re.search(r"/ttyACM\d+$|/cu\.usbmodem", device):
            # the STM32 ROM speaks on a USART; a CDC-ACM port is a running application's (or a USB bootloader's) serial port
            self.event("wrong_tool_for_device", failed["lineno"], failed["line"], command="stm32flash", device=device,
                       expected="serial port (USART)")
        return super().finish()

    def summary(self) -> dict[str, Any]:
        s = dict(self.s)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        elif s.get("written"):
            s["success"] = True
        return s
