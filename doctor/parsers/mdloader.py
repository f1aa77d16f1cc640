"""Massdrop Loader (mdloader 1.0.x, Massdrop/mdloader, also shipped by QMK as the flasher of Drop ALT, CTRL, SHIFT and
other SAMD51 keyboards) as a message table.

mdloader looks for the keyboard's SAM-BA bootloader among the serial ports (mdloader.c: `--list` prints "Bootloader port
listing" then one "Device port: PORT (SAMD51J18A)" per bootloader found or "No devices found!"; `--first`/`--port`
scan for 60 seconds, "Scanning for device for 60 seconds", then "Error: Could not find a valid device port!"). The
keyboard only appears there while it sits in its bootloader (Fn+B held for 3 s, or the reset button on the back); on
Linux a port it may not open (group dialout/uucp, QMK's udev rules missing) is skipped the same way, so the same
words cover both. The binary's name says the host (mdloader_linux, mdloader_mac, mdloader_windows.exe), and so does
the port form (COMn, /dev/cu.*, /dev/ttyACM*).

Facts: one run per block under `flash.runs` (tool "mdloader"). `md_no_device` carries `host` (linux, mac, windows)
when the text shows it, and `sudo` when the command ran as root.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "mdloader 1.0.x mdloader.c main(), os/*.c (Massdrop/mdloader 2018-2022)",
        Msg(None, r"^Massdrop Loader(?: \d+\.\d+)?\s*(?:Copyright.*)?$", "strong", example="Massdrop Loader 1.05"),
        Msg(None, r"(?:^|[\s/\\.])mdloader(?:_(?P<host>linux|mac|windows))?(?:\.exe)?\s+-", "strong", example="./mdloader_mac -l"),
        Msg(None, r"^Bootloader port listing", "strong", example="Bootloader port listing"),
        Msg(None, r"^Scanning for device for \d+ seconds", "strong", example="Scanning for device for 60 seconds"),
        Msg("md_device_found", r"^Device port: (?P<port>\S+) \((?P<chip>[^)]+)\)", "strong", example="Device port: /dev/cu.usbmodem1433201 (SAMD51J18A)"),
        Msg("md_no_device", r"^No devices found!", "strong", fail=True, example="No devices found!"),
        Msg("md_no_device", r"^Error: Could not find a valid device port!", "strong", fail=True, example="Error: Could not find a valid device port!"),
        Msg("md_applet_failed", r"^Error: Could not send applet!", "strong", fail=True, example="Error: Could not send applet!"),
        # (kbd-forums s10) mdloader_common.c: the applet (applet-mdflash.bin from 1.0.6 on, applet-flash-<mcu>.bin before) is a
        # file of the tool's own release that it loads from the CURRENT directory before writing; not found there (run from
        # another folder, not unzipped, or a release without the chip's applet, mdloader#41/#46) or unusable (empty, short, no
        # applet info: a wrong or truncated download) stops the flash before the keyboard is touched
        Msg("md_applet_missing", r"^Error: Could not open applet file: (?P<name>\S.{0,200})$", "strong", fail=True,
            example="Error: Could not open applet file: applet-mdflash.bin"),
        Msg("md_applet_missing", r"^Error: (?:Applet file is empty|Applet read error|Applet binary too small|Applet info not found)!",
            "strong", fail=True, attrs={"bad": True}, example="Error: Applet binary too small!"),
        # (audit-kbd s8) mdloader 1.0.3-1.0.5 mdloader_unix.c / mdloader_win32.c open_port(): a port named with -p (or any port
        # with -v) that fails to open names the OS reason in parentheses: EACCES / "Access is denied." is the tty's permission,
        # EBUSY a port another program holds (classified in on_event); the bare "Failed!" of the scan is the benign row below
        Msg("md_port_open_failed", r"^Opening port '(?P<port>[^']+)'\.\.\. Failed! \((?P<text>[^)]{1,120})\)", "strong", fail=True,
            example="Opening port '/dev/ttyACM0'... Failed! (Permission denied) (from the source's format)"),
        # (audit-kbd s8) mdloader_common.c main(): the write's progress and result, and the boot after it
        Msg("flash_succeeded", r"^Writing firmware\.\.\. (?:\(test mode disables writes\) )?Complete!", "strong",
            example="Writing firmware... Complete!"),
        Msg("flash_started", r"^Writing firmware\.\.\.\s*$", "strong", example="Writing firmware... "),
        Msg(None, r"^Booting device\.\.\. (?:Success!|\(test mode disables restart\))", "strong", example="Booting device... Success!"),
        Msg("tool_error", r"^Booting device\.\.\. Failed! \((?P<text>[^)]{1,120})\)", "strong", fail=True,
            example="Booting device... Failed! (Input/output error) (from the source's format)"),
        # the loaded applet refused an image that starts inside the bootloader (an image built for another bootloader offset)
        Msg("md_bootloader_section", r"^(?:Error: )?Attempt to write to bootloader section(?: denied)?!", "strong", fail=True,
            example="Attempt to write to bootloader section denied!"),
        Msg("md_applet_failed", r"^RUN: (?:Error running applet|Applet return ERROR!)", "strong", fail=True,
            example="RUN: Applet return ERROR!"),
        Msg(None, r"^(?:Serial Number: |Found supported device ID: |Device ID: [0-9A-Fa-f]|Applet (?:size|Version): \d|Bootloader length: 0x)", "weak",
            example="Found supported device ID: 60060305"),
        Msg(None, r"^(?:Found MCU|Bootloader version|Applet file|Opening port '[^']+'\.\.\.|Closing port\.\.\.)", "weak",
            example="Opening port 'COM3'... Success!"),
    ),
    group(
        "mdloader 1.0.x mdloader_common.c test_port()/list_devices(), mdloader_win32.c and mdloader_unix.c set_normal_mode()",
        # (keyboards s7) the scan opens every serial port and talks SAM-BA to it: "Setting normal mode... " then the reply.
        # A port that opens but does not answer SAM-BA ("Error writing 2 bytes!", "Error reading N bytes!", with -v), or that
        # answers without a known chip id, is not the keyboard's bootloader: the keyboard's own (application) port or another
        # device. With no "Device port:" line the keyboard was not in its bootloader (Massdrop/mdloader#35, #57).
        Msg("md_port_no_samba", r"^Setting normal mode\.\.\. (?:Error (?:writing|reading) (?P<bytes>\d+) bytes|Failed! \()", "strong", fail=True,
            example="Setting normal mode... Error writing 2 bytes! [0](0)"),
        Msg("md_port_no_samba", r"^Error: Could not (?:communicate with device|find matching device ID)!", "strong", fail=True,
            example="Error: Could not communicate with device! (Correct port?)"),
        Msg("md_port_open_failed", r"^Error: Could not (?:open|configure) port! \(Correct port\?\)", "strong", fail=True,
            example="Error: Could not open port! (Correct port?)"),
        # while listing, every COMn / tty that does not exist or is not a serial port fails to open: scan noise, not a fault
        # (a port named with -p fails with its reason in parentheses and is not this row)
        Msg(None, r"^Opening port '[^']+'\.\.\. Failed!$", "weak", benign=True, example="Opening port 'COM2'... Failed!"),
        # (audit-kbd s8) mdloader_unix.c read_data/write_data/send_file (-v): a port that stopped answering mid-transfer
        Msg("md_port_io_error", r"^(?:Version: )?Error (?:writing|reading) (?:port \[[^\]]*\]|\d+ bytes!? \[-?\d+\])(?:\[[0-9a-f-]+\])*(?:\((?P<text>[^)]{1,120})\))?", "weak", fail=True,
            example="Error writing port [W41000000,#](Input/output error) (from the source's format)"),
        Msg("md_port_io_error", r"^(?:Version: Error retrieving!|Error writing goto address!|No retries remain!)", "weak", fail=True,
            example="Version: Error retrieving!"),
        Msg(None, r"^(?:NOTICE: Test mode is active|Notice: Could not read device ID at )", "weak", benign=True,
            example="Notice: Could not read device ID at 41002018!"),
        # (keyboards2 s9) a port that answered SAM-BA ("Setting normal mode... Success!") and whose chip id mdloader then read
        # (-v of 1.0.0-1.0.3 echoes the read: "Write: [w41002018,#]", the SAMD5x/E5x DSU DID register) without ever listing it
        # ("Device port: ...", "Found MCU") is the keyboard's bootloader with a chip id this mdloader does not know: new Drop
        # CTRL/ALT batches in 2020 (Massdrop/mdloader#24, #26, #29, #32, #33, #36) until a newer mdloader (1.0.4 die-revision mask,
        # later ids) -> on_event/finish: `md_chip_unknown`
        Msg(None, r"^Setting normal mode\.\.\. Success!", "strong", example="Setting normal mode... Success!"),
        Msg(None, r"^Write: \[w41002018,#\]", "strong", example="Write: [w41002018,#]"),
    ),
)

_PORT_HOST = (("windows", re.compile(r"\bCOM\d+\b")), ("mac", re.compile(r"/dev/cu\.|/dev/tty\.usbmodem")),
              ("linux", re.compile(r"/dev/tty(?:ACM|USB)\d")))


@register
class MdloaderParser(TableParser):
    name = "mdloader"
    namespace = "flash"
    messages = MESSAGES
    event_kinds = ("serial_permission_denied", "serial_port_busy", "md_chip_unknown")
    hints = ("massdrop", "mdloader", "bootloader port listing", "scanning for device", "device port", "no devices found",
             "valid device port", "applet", "found mcu", "opening port", "closing port", "bootloader version", "setting normal mode",
             "correct port", "matching device id", "writing firmware", "booting device", "bootloader section", "applet",
             "serial number", "supported device id", "device id", "bootloader length", "error writing", "error reading",
             "version: error", "no retries remain", "test mode is active", "could not read device id", "write: [w41002018")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.host: str | None = None
        self.sudo = False
        self.samba_ok = False  # the port being tested answered SAM-BA's normal-mode command
        self.chip_read: tuple[int, str] | None = None  # where mdloader first read the chip id of such a port
        self.chip_known = False  # a port was listed or its MCU named: the chip id was one mdloader knows

    def feed(self, lineno: int, line: str) -> None:
        if self.host is None:
            for host, rx in _PORT_HOST:
                if rx.search(line):
                    self.host = host
                    break
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        text = line.strip()
        if text.startswith("Setting normal mode... Success"):
            self.samba_ok = True
        elif text.startswith("Write: [w41002018,") and self.samba_ok and self.chip_read is None:
            self.chip_read = (lineno, line)
        elif text.startswith(("Opening port", "Closing port")):
            self.samba_ok = False
        elif text.startswith(("Found MCU", "Found supported device ID")) or (ev is not None and ev["kind"] == "md_device_found"):
            self.chip_known = True
        host = m.groupdict().get("host")
        if host:
            self.host = host
        if host is not None or "mdloader" in m.group(0):
            if re.search(r"(?:^|[\s$#>])sudo\s", line[: m.start() + 1]):
                self.sudo = True
        if ev is not None:
            ev.pop("host", None)
            if ev["kind"] == "md_port_open_failed" and ev.get("text"):
                why = ev["text"].lower()
                if "access is denied" in why and str(ev.get("port", "")).upper().startswith("COM"):
                    ev["kind"] = "serial_port_busy"  # Windows opens a COM port exclusively: another program holds it
                elif "permission denied" in why or "access is denied" in why:
                    ev["kind"] = "serial_permission_denied"
                elif "busy" in why:
                    ev["kind"] = "serial_port_busy"

    def finish(self) -> dict[str, Any]:
        if self.chip_read is not None and not self.chip_known:
            self.event("md_chip_unknown", self.chip_read[0], self.chip_read[1], fail=True)
        for ev in self.events:
            if ev["kind"] == "md_no_device":
                if self.host:
                    ev["host"] = self.host
                if self.sudo:
                    ev["sudo"] = True  # run as root: the port's permissions are not what hid the keyboard
        return super().finish()
