"""Hamlib (rigctl, rigctld, rotctl and the programs built on libhamlib: WSJT-X's rigctl-wsjtx, fldigi, flrig, JS8Call,
CQRLOG) as a message table: how it opens the radio's port.

A rig on a serial CAT port (a USB-serial cable, or the radio's own CP210x/FTDI/CDC-ACM bridge) goes through
src/serial.c serial_open(), which logs `serial_open: Unable to open <path> - <strerror>` before rig_open returns
`IO error`: Permission denied is the tty group (SER004), Device or resource busy another program holding the port
(SER003), No such file or directory a path that does not exist (SER005). A rig that is a raw USB device (SoftRock /
KTH-SDR Si570 kits, FUNcube, the 16c0:05dc V-USB family, some Elecraft and Peaberry boards) goes through
src/usb_port.c find_and_open_device(), which lists every device's VID:PID and, for the one it wants, logs
`find_and_open_device: Warning: Cannot open USB device: <libusb_error_name()>`: LIBUSB_ERROR_ACCESS is the user's
access to the raw node (no udev rule; USB004), LIBUSB_ERROR_NOT_SUPPORTED a device Windows binds no WinUSB/libusb
driver to (Zadig; USB004). GitHub's Markdown eats the underscores of these names when the output is pasted outside a
code block (`findandopendevice: ... LIBUSBERRORACCESS`), so the rows accept them with or without.
Facts: one run per block under `flash.runs` (tool "hamlib"). iofunc.c port_open() repeats serial_open's failure as
`port_open: serial_open(<path>) status=-6, err=<strerror>` (the only line of it at the default verbosity).

k5prog (Quansheng UV-K5/K6 EEPROM programmer, k5prog.c) opens its serial port (default /dev/ttyUSB0, the Linux name:
there is none on macOS or Windows) and on failure prints `open error <errno> <strerror>` then `Open <path> failed`;
the pair reads like serial_open's. Once the port is open it reports the radio's replies it rejects (k5_receive's `bad magic
number`, `bad crc ... (should be ...)` at -vvv, wait_flash_message's `no flash message from radio`), `Failed to init radio`
and its own `Successfully read EEPROM` (0.1-0.5: `Sucessfuly read eeprom`). Facts: tool "k5prog".

K5TOOL (qrp73/K5TOOL) is the same radio's C# tool: `Handshake...`, `WARN: Decode: crc=...`, and its exceptions as `[ERROR]
<Type>: <Message>` (`Unexpected response PacketHelloReq`: its own hello came back). Facts: tool "k5tool".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_U = "_?"  # an underscore Markdown may have eaten
_ERR = r"(?P<text>LIBUSB" + _U + r"ERROR" + _U + r"[A-Z_]+)"


def _usb_kind(err: str) -> str:
    name = err.replace("_", "")
    if name == "LIBUSBERRORACCESS":
        return "usb_access_denied"
    if name == "LIBUSBERRORNOTSUPPORTED":
        return "usb_no_driver"
    return "tool_error"


def _serial_kind(text: str) -> str:
    low = text.lower()
    if "permission denied" in low:
        return "serial_permission_denied"
    if "resource busy" in low:
        return "serial_port_busy"
    if "no such file or directory" in low:
        return "serial_no_such_port"
    return "serial_open_failed"


MESSAGES = rows_of(
    group(
        "Hamlib 3.x-4.7 src/usb_port.c find_and_open_device() (`%s: Warning: Cannot open USB device: %s`, "
        "libusb_error_name()) and usb_port_open() (`%s:libusb_claim_interface: failed interface %d: %s`, Windows "
        "`%s: libusb_set_configuration: failed conf %d: %s`)",
        Msg("usb_open_failed", r"\bfind" + _U + "and" + _U + "open" + _U + r"device: Warning: Cannot open USB device: " + _ERR,
            "strong", fail=True,
            example="find_and_open_device: Warning: Cannot open USB device: LIBUSB_ERROR_ACCESS"),
        Msg("usb_open_failed", r"\blibusb" + _U + "claim" + _U + r"interface: failed interface \d+: " + _ERR, "strong", fail=True,
            example="usb_port_open:libusb_claim_interface: failed interface 0: LIBUSB_ERROR_BUSY"),
        Msg("usb_open_failed", r"\blibusb" + _U + "set" + _U + r"configuration: failed conf \d+: " + _ERR, "strong", fail=True,
            example="usb_port_open: libusb_set_configuration: failed conf 1: LIBUSB_ERROR_NOT_SUPPORTED"),
    ),
    group(
        "Hamlib 3.x-4.7 src/serial.c serial_open() (`%s: Unable to open %s - %s`, strerror(errno)) and its checks "
        "(`%s: serial port %s is already open`, `%s: serial port %s does not exist`)",
        Msg("serial_open", r"\bserial" + _U + r"open: Unable to open (?P<port>\S+) - (?P<text>.+?)\s*$", "strong", fail=True,
            example="serial_open: Unable to open /dev/ttyUSB0 - Device or resource busy"),
        Msg("serial_port_busy", r"\bserial" + _U + r"open: serial port (?P<port>\S+) is already open", "strong", fail=True,
            example="serial_open: serial port /dev/ttyUSB0 is already open"),
        Msg("serial_no_such_port", r"\bserial" + _U + r"open: serial port (?P<port>\S+) does not exist", "strong", fail=True,
            attrs={"errno": 2}, example="serial_open: serial port /dev/ttyUSB1 does not exist"),
    ),
    group(
        "Hamlib 4.x src/iofunc.c port_open() (`%s: serial_open(%s) status=%d, err=%s`)",
        Msg("serial_open", r"\bport" + _U + r"open: serial" + _U + r"open\((?P<port>[^)\s]*)\) status=-?\d+, err=(?P<text>.+?)\s*$", "strong",
            fail=True, example="port_open: serial_open(/dev/ttyUSB0) status=-6, err=No such file or directory"),
    ),
    group(
        "Hamlib 3.x-4.7 tests/rigctl.c / rigctld.c / rotctl.c version banner (`%s Hamlib %s %s SHA=%s`, 3.x `%s, %s`)",
        Msg(None, r"^(?:rigctld?|rotctld?|ampctld?)(?:-wsjtx)?,? Hamlib \d+\.\d", "strong",
            example="rigctl Hamlib 4.5.4 Jan 10 01:31:41Z 2023 SHA=921cc5"),
    ),
)


@register
class HamlibParser(TableParser):
    name = "hamlib"
    namespace = "flash"
    messages = MESSAGES
    hints = ("hamlib", "open" + "device", "open_device", "claim", "setconfiguration", "set_configuration", "serial_open", "serialopen")
    event_kinds = ("usb_access_denied", "usb_no_driver", "tool_error", "serial_permission_denied", "serial_port_busy",
                   "serial_no_such_port", "serial_open_failed")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "usb_open_failed":
            ev["kind"] = _usb_kind(ev.get("text", ""))
            if ev["kind"] == "usb_no_driver":
                ev["os"] = "windows"  # libusb_open gives NOT_SUPPORTED only where Windows binds no WinUSB/libusb driver
        elif ev["kind"] == "serial_open":
            ev["kind"] = _serial_kind(ev.get("text", ""))


K5_MESSAGES = rows_of(
    group(
        "k5prog 0.9 k5prog.c openport() (`open error %d %s`, errno and strerror) and main() (`Open %s failed`), banner "
        "`Quansheng UV-K5 EEPROM programmer v%s`",
        Msg(None, r"^Quansheng UV-K5 EEPROM programmer v\d", "strong",
            example="Quansheng UV-K5 EEPROM programmer v0.9 (c) 2023 Jacek Lipkowski <sq5bpf@lipkowski.org>"),
        Msg(None, r"^open error (?P<errno>\d+) (?P<text>\S.*?)\s*$", "weak", example="open error 2 No such file or directory"),
        Msg("serial_open", r"^Open (?P<port>/dev/\S+|COM\d+) failed\s*$", "weak", fail=True, example="Open /dev/ttyUSB0 failed"),
    ),
    group(
        # (retro-radio-power s16) what k5prog says of the radio's replies once the port is open: k5_receive() (stderr) and
        # k5_parse_command() (at -vvv) reject a reply whose header, CRC or footer is wrong, wait_flash_message() one that is
        # not the bootloader's beacon; each is retried, so a later "Successfully read EEPROM" makes them moot. Garbled
        # replies were a PL2303TA cable that a CP210x one replaced (sq5bpf/k5prog#6) and an LSENG clone bootloader's shorter
        # beacon that k5prog 0.9 did not accept (#9, fixed in 0365f94): no catalogue cause, GEN001 quotes them
        "k5prog 0.1-0.9 k5prog.c k5_receive() (`k5_receive: bad magic number`, `k5_receive: err read1`, "
        "`k5_receive: got %d expected %ld`, `k5_receive err read1 len=%i wanted=%i`, `read_timeout`), k5_parse_command() "
        "(`bad header`, `bad footer`, `bad crc 0x%4.4x (should be 0x%4.4x)`), wait_flash_message() and main()",
        Msg("k5_reply_garbled", r"^k5_receive: bad magic number", "strong", fail=True, example="k5_receive: bad magic number"),
        Msg("k5_reply_garbled", r"^bad crc 0x[0-9a-f]{4} \(should be 0x[0-9a-f]{4}\)", "strong", fail=True,
            example="bad crc 0x6ed1 (should be 0x7f14)"),
        Msg("k5_reply_garbled", r"^bad (?:header|footer)\s*$", "none", fail=True, example="bad header"),
        Msg("k5_reply_garbled", r"^wait_flash_message: (?:received malformed packet|got unexpected (?:command type|command length|packet contents))",
            "strong", fail=True, example="wait_flash_message: got unexpected command length 22"),
        Msg("k5_no_reply", r"^k5_receive:? (?:err read1|got \d+ expected \d+)", "strong", fail=True, example="k5_receive: err read1"),
        Msg("k5_no_reply", r"^read_timeout\s*$", "none", fail=True, example="read_timeout"),
        Msg("k5_no_reply", r"^wait_flash_message: (?:no flash message from radio|timeout)", "strong", fail=True,
            example="wait_flash_message: no flash message from radio"),
        Msg("k5_no_reply", r"^Failed to init radio\s*$", "strong", fail=True, example="Failed to init radio"),
        Msg("k5_block_failed", r"^(?:Failed to (?:read|write) block 0x[0-9A-Fa-f]{4}|bad write confirmation|ERROR: no confirmation for flash block"
            r"|Stopping flash due to ERROR)", "strong", fail=True, example="Failed to read block 0x0080"),
        Msg(None, r"^k5_prepare: try \d+", "strong", example="k5_prepare: try 0"),
        Msg(None, r"^wait_flash_message try \d+", "strong", example="wait_flash_message try 9999"),
        Msg(None, r"^\*+\s+Connected to firmware version: \[", "strong", example="******  Connected to firmware version: [2.01.31]"),
        Msg(None, r"^Flasher version is: \[", "strong", example="Flasher version is: [2.00.06]"),
        Msg(None, r"^\*+\s+k5 command hexdump \[obf_len:", "strong", example="********  k5 command hexdump [obf_len:16 clear_len:8 crc_ok:1 **********"),
        Msg("flash_succeeded", r"^(?:Successfully (?:read|wrote) EEPROM|Sucessfuly (?:read|wrote) eeprom)\s*$", "strong",
            example="Sucessfuly read eeprom"),
    ),
)


@register
class K5progParser(TableParser):
    name = "k5prog"
    namespace = "flash"
    messages = K5_MESSAGES
    hints = ("uv-k5 eeprom", "open error", "failed", "k5_", "bad crc", "bad header", "bad footer", "read_timeout", "wait_flash_message",
             "bad write confirmation", "no confirmation for flash", "stopping flash", "firmware version: [", "flasher version is",
             "k5 command hexdump", "eeprom")
    event_kinds = ("serial_permission_denied", "serial_port_busy", "serial_no_such_port", "serial_open_failed")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self._error = ""  # the strerror of the last `open error` line

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if "errno" in m.groupdict():
                self._error = m.group("text")
            return
        if ev["kind"] != "serial_open":
            return
        ev["kind"] = _serial_kind(self._error)
        if ev["kind"] == "serial_no_such_port":
            ev["errno"] = 2

    def summary(self) -> dict[str, Any]:
        """A read or write succeeded when its success line comes after the last failure: a garbled reply k5prog retried
        is then moot, while a second invocation's failure after an earlier one's success still counts."""
        last_ok = max((k for k, e in enumerate(self.events) if e["kind"] == "flash_succeeded"), default=-1)
        last_fail = max((k for k, e in enumerate(self.events) if e.get("fail")), default=-1)
        if last_ok > last_fail:
            return {"success": True}
        return {"success": False} if last_fail >= 0 else {}


K5TOOL_MESSAGES = rows_of(
    group(
        # (retro-radio-power s16) K5TOOL (qrp73/K5TOOL, C#, 2024-2025) talks to the Quansheng UV-K5/K6/K5(8) over the same
        # K-plug serial cable. Its handshake sends PacketHelloReq (0x0514, timestamp 0x6457396a) and expects PacketHelloAck;
        # getting its own PacketHelloReq back is the cable's echo with no radio answering (K5TOOL#13: the plug was not making
        # contact; the same cable programmed another radio). Logger.Error(ex) prints `[ERROR] <Type>: <Message>`
        "qrp73/K5TOOL 1.x Device.cs (`Opening {0}`, `Recv: invalid protocol header {0}`), Packets/ProtocolBase.cs Hello() "
        "(`Handshake...`, `Unexpected response {0}`), Packets/Envelope.cs (`WARN: Decode: crc=0x{0:x4}, expected=0x{1:x4}`) and "
        "Logger.cs (`[ERROR] {0}: {1}`)",
        Msg("k5_hello_echo", r"^(?:\[ERROR\] \w+: )?Unexpected response PacketHelloReq\b", "strong", fail=True,
            example="[ERROR] InvalidOperationException: Unexpected response PacketHelloReq {"),
        Msg("k5_reply_garbled", r"^(?:\[ERROR\] \w+: )?(?:Recv: invalid protocol header [0-9a-f]+|Unexpected response Packet\w+)", "strong",
            fail=True, example="[ERROR] InvalidOperationException: Recv: invalid protocol header 4013032d"),
        Msg("k5_no_reply", r"^\[ERROR\] TimeoutException\b", "strong", fail=True, example="[ERROR] TimeoutException: The operation has timed out."),
        Msg(None, r"^WARN: Decode: crc=0x[0-9a-f]{4}, expected=0x[0-9a-f]{4}", "strong", example="WARN: Decode: crc=0xcade, expected=0x9c98"),
        Msg(None, r"^Handshake\.\.\.\s*$", "weak", example="Handshake..."),
        Msg(None, r"^Waiting for bootloader beacon\.\.\.", "strong", example="Waiting for bootloader beacon..."),
        Msg(None, r"^Opening (?:/dev/\S+|COM\d+)\s*$", "weak", example="Opening /dev/ttyUSB0"),
    ),
)


@register
class K5toolParser(TableParser):
    name = "k5tool"
    namespace = "flash"
    messages = K5TOOL_MESSAGES
    hints = ("packethello", "unexpected response", "invalid protocol header", "timeoutexception", "decode: crc", "handshake",
             "bootloader beacon", "opening ")
