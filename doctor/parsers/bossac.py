"""bossac (BOSSA 1.3-1.9 and Arduino's 1.6.1-arduino/1.7.0 builds): the SAM-BA flasher of the Arduino Due,
Zero/MKR and SAMD/SAME/SAM3/SAM4 boards, as Klipper's `make flash`, the Arduino IDE and PlatformIO run it.

Facts: one run per block under `flash.runs` (tool "bossac"). "No device found on PORT" means nothing answered
the SAM-BA monitor's auto-baud on that port: the board runs its application (no 1200-baud touch or ERASE
reset reached it, or the port changed on the reset) rather than its bootloader (`bootloader_not_found`); 1.3a-1.7
without a port say "Auto scan for device failed". Before 1.7.0 bossac opened "/dev/" + the port it was given, so a
full path (--port=/dev/ttyACM0 with Arduino's 1.6.1-arduino) fails the same way: such an event carries
`dev_path_doubled`. "Device unsupported" (1.8+), "Unsupported processor" (1.3a-1.7): something answered with a chip
id bossac does not know, most often the application (not SAM-BA) answering on the port.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "BOSSA 1.3-1.9 src/bossac.cpp, Samba.cpp, Flasher.cpp",
        Msg("flash_command", r"(?:^|[\s>$#\"])(?:sudo\s+)?(?:\S*[/\\])?bossac(?:\.exe)?\"?\s+-", "strong",
            example="./bossac -i -d -p /dev/ttyACM0 -U true -e -w -v -b zephyr.bin -R"),
        # not J-Link's "No device found on SWD." / "... on JTAG chain" (swd s21): bossac names a serial port there
        Msg("bootloader_not_found", r"^No device found on (?!(?:SWD|JTAG)\b)(?P<port>\S+)", "strong", fail=True, example="No device found on /dev/ttyACM0"),
        # (misc-b s6) OctoPrint Firmware Updater's bossac method passes the line on as its reason: "Flashing failed. No device found on X."
        Msg("bootloader_not_found", r"Flashing failed\.? No device found on (?P<port>[^\s.]+(?:\.[^\s.]+)*)", "strong", fail=True,
            example="2018-07-06 08:17:26,280 - octoprint.plugins.firmwareupdater - ERROR - Flashing failed. No device found on /dev/ttyACM0."),
        Msg("device_unsupported", r"^Device unsupported", "strong", fail=True, example="Device unsupported"),
        # (arduino-boards s11) with -d, Samba::version() prints what answered the "V#" query: on an UNO R4 WiFi the USB port
        # belongs to the ESP32-S3 bridge, and "ESP-ROM:esp32s3-..." is that chip's ROM boot banner, i.e. the bridge is in its
        # ROM (boot loop, download mode, a failed bridge-firmware update) instead of passing the upload on to the RA4M1
        # (forum.arduino.cc 1206191: "Device unsupported" after a failed connectivity-firmware update)
        Msg("bridge_rom_answered", r"^version\(\)=ESP-ROM:(?P<chip>esp32\w*)", "strong",
            example="version()=ESP-ROM:esp32s3-20210327", src="BOSSA 1.9 src/Samba.cpp (-d trace), Arduino UNO R4 WiFi bridge"),
        # 1.3a-1.7 (Arduino's 1.6.1-arduino, 1.7.0-arduino3) said the same of an unknown chip id in Samba/Device code
        Msg("device_unsupported", r"^Unsupported (?:processor|device|ARM7TDMI architecture|ARM920T architecture|Cortex-M\d\+? architecture)\s*$",
            "strong", fail=True, example="Unsupported processor"),
        # 1.3a-1.7 without -p/--port probe every serial port: none answered the auto-baud
        Msg("bootloader_not_found", r"^Auto scan for device failed", "strong", fail=True, example="Auto scan for device failed"),
        Msg("port_open_failed", r"^Failed to open port at 1200bps", "strong", fail=True, example="Failed to open port at 1200bps"),
        Msg("port_open_failed", r"^No serial ports available", "strong", fail=True, example="No serial ports available"),
        Msg(None, r"^Arduino (?:1200 baud reset|reset done)", "strong", example="Arduino 1200 baud reset"),
        Msg("flash_write_failed", r"^(?:Flash command timeout|Flash page is locked|Invalid flash page|Invalid lock region|Flash erase failed"
            r"|Flash offset is invalid|Unable to clear boot flash for this device)", "strong", fail=True, example="Flash page is locked"),
        Msg("image_too_large", r"^[Ff]ile operation exceeds flash size", "strong", fail=True, example="File operation exceeds flash size"),
        Msg("usage_error", r"^bossac(?:\.exe)?: (?:extra arguments found|missing file|you must specify at least one option|read option is exclusive)",
            "strong", fail=True, example="bossac.exe: extra arguments found"),
        Msg("device_found", r"^(?:Atmel SMART device|Device\s*:) ?(?P<name>ATSAM\w*|0x[0-9a-fA-F]+)", "weak", example="Atmel SMART device 0x285e0a60 found"),
        Msg(None, r"^(?:Set binary mode|Send auto-baud|Connected at \d+ baud)", "strong", example="Send auto-baud"),
        Msg("flash_erased", r"^(?:Erase flash|Flash is erased)", "weak", example="Erase flash"),
        Msg(None, r"^Write \d+ bytes to flash \(\d+ pages\)", "strong", example="Write 93760 bytes to flash (184 pages)"),
        # (misc-b s6) the progress bar: pages already went to SAM-BA
        Msg("write_progress", r"\] *\d{1,3}% \(\d+/\d+ pages\)", "weak", example="[==                            ] 8% (32/373 pages)"),
        # (misc-b s6) FlashCmdError: the flash controller's status register reported a command error (the chip refused the
        # command: a locked region, a wrong flash algorithm or a corrupted command). With -d the debug trace runs into it on
        # one line ("readWord(addr=0x400e0c08)=0x469c4662Flash command failed"), so it is not anchored.
        Msg("flash_write_failed", r"Flash command failed", "strong", fail=True, example="Flash command failed"),
        # (misc-b s6) SambaError (Samba.cpp): a read or write on the serial port returned short, i.e. the link to SAM-BA broke
        # in the middle of the transfer (cable, hub, connector, the board resetting or dropping off USB): `link_lost`
        Msg("flash_write_failed", r"SAM-BA operation failed", "strong", fail=True, attrs={"link_lost": True},
            example="SAM-BA operation failed"),
        # (misc-b s6) bossac 1.3a-1.9 without -p/--port scan every port and name the one that answered, bare ("ttyACM0"):
        # the same text failing on -p /dev/ttyACM0 then shows a port given in a form this bossac cannot open
        Msg("device_autofound", r"^Device found on (?P<port>\S+)", "strong", example="Device found on ttyACM0"),
        Msg("verify_failed", r"^Verify failed", "strong", fail=True, example="Verify failed"),
        Msg("flash_verified", r"^Verify successful", "strong", example="Verify successful"),
        Msg("flash_written", r"^Write successful", "weak", example="Write successful"),
        # (firmware-sd-rp s21) BOSSA 1.7-1.9 src/bossac.cpp, `-b`/`--boot`: "Set boot flash true" after setting GPNVM1 so a SAM3/SAM4
        # starts from flash rather than its ROM's SAM-BA monitor; a write without it leaves the chip booting the ROM
        Msg("boot_flash_set", r"^Set boot flash (?P<value>true|false)\b", "weak", example="Set boot flash true"),
        Msg("tool_missing", r"bossac(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            example="bash: bossac: command not found"),
    ),
    group(
        # (audit s8) messages of BOSSA 1.3a-arduino to 1.9.1 no row read before (exception what() strings and printf at each tag)
        "BOSSA 1.3a-1.9.1 src/bossac.cpp, Flash.h, FileError.h, Samba.cpp, Flasher.cpp (audit s8)",
        # 1.6.1-arduino Flash.h: the older wording of "Unable to clear boot flash for this device"
        Msg("flash_write_failed", r"^Cannot clear Boot Flash\. No ROM boot option", "strong", fail=True,
            example="Cannot clear Boot Flash. No ROM boot option available for this device",
            src="BOSSA 1.6.1-arduino src/Flash.h (from the source's format)"),
        # FileError.h: the image could not be read. Without an errno "Unable to open file" / "File I/O operation failed" /
        # "short write" (1.8+ "Operation ended with a short write"); with one, bossac.cpp prints strerror() alone on its line,
        # which inside a bossac run can only be the file's (a port that fails prints "No device found on ...")
        Msg("image_unreadable", r"^(?:Unable to open file|File I/O operation failed)\s*$", "weak", fail=True,
            example="Unable to open file", src="BOSSA 1.3a-1.9.1 src/FileError.h (from the source's format)"),
        Msg("image_unreadable", r"^(?P<text>No such file or directory|Is a directory|Permission denied)\s*$", fail=True,
            example="No such file or directory", src="BOSSA 1.3a-1.9.1 src/bossac.cpp main (FileOpenError with errno; from the source's format)"),
        # bossac.cpp main: any other exception
        Msg("flash_write_failed", r"^Unhandled exception\s*$", fail=True, example="Unhandled exception",
            src="BOSSA 1.3a-1.9.1 src/bossac.cpp main (from the source's format)"),
        # Samba.cpp: -R on a chip bossac cannot reset: the image was already written (and verified with -v), bossac exits 1
        # (a failure GEN001 quotes: tests/cases/arduino-samd-bossac-samd21e18-verify-ok-reset-not-supported-old-bossac)
        Msg(None, r"^Reset not supported for this CPU", "strong", example="Reset not supported for this CPU.",
            src="BOSSA 1.3a-1.9.1 src/Samba.cpp reset (from the source's format)"),
        # the end of a run that got through: 1.7 "done in 1.234 seconds", 1.8+ "Done in 1.234 seconds"; older writes without pages
        Msg(None, r"^[Dd]one in \d+\.\d+ seconds\s*$", "weak", example="Done in 5.123 seconds"),
        Msg(None, r"^(?:Write|Verify|Read) \d+ bytes (?:to|of|from) flash\b", "strong", example="Verify 93760 bytes of flash with checksum."),
        Msg(None, r"^Try specifying a serial port with the '-p' option", "strong", example="Try specifying a serial port with the '-p' option"),
        Msg(None, r"^(?:Page|Byte) errors: \d+", "strong", example="Page errors: 12"),
    ),
)


# a board core's tools (bossac, and any other its package names) that the Arduino installer cannot fetch for this host: no
# build for the OS/architecture (a Raspberry Pi's arm64 or armhf, an old core without macOS arm64): nothing can upload
TOOLS = group(
    "arduino-cli 0.x-1.x internal/arduino/cores/packagemanager/download.go and Arduino IDE 1.6-1.8 ContributionInstaller "
    "(installing a board core whose tool has no build for this OS)",
    Msg("tool_missing", r"Error downloading tool (?P<name>[\w.-]{1,100}:[\w.-]{1,100}@[^\s:]{1,100}): no versions available for the current OS", "strong",
        fail=True, attrs={"text": "the board core's tool has no build for this OS or architecture"},
        example="Error during install: Error downloading tool Seeeduino:bossac@1.8.0-48-gb176eee: no versions available for the current OS"),
    Msg("tool_missing", r"\bTool (?P<name>[\w.-]{1,100}(?::[\w.-]{1,100})?(?:@[^\s:]{1,100})?) is not available for your operating system", "strong",
        fail=True, attrs={"text": "the board core's tool has no build for this OS or architecture"},
        example="Tool arduino:bossac@1.7.0-arduino3 is not available for your operating system."),
)
MESSAGES = MESSAGES + TOOLS

_VERSION_IN_PATH = re.compile(r"[/\\]bossac[/\\](\d+\.\d+[\w.]*(?:-arduino\d*)?)[/\\]bossac(?:\.exe)?\b")
_DEBUG_ARG = re.compile(r"\s(?:-d|--debug)(?=\s|$)|\s-[a-zA-Z]*d[a-zA-Z]*(?=\s|$)")
# what BOSSA 1.3a-1.9 prints with -d once the port is open (Samba::init, connect, the debug trace of the first reads)
_HANDSHAKE = ("Send auto-baud", "Set binary mode", "Connected at ", "version()=", "readWord(", "readByte(", "write(addr", "go(addr")
_MALFORMED_PORT = re.compile(r"^[=:'\"]")
_PORT_ARG = re.compile(r"(?:--port[= ]|\s-p\s*)(\"?[^\s\"]+\"?)")


def _old_bossac(version: str) -> bool:
    nums = [int(n) for n in re.findall(r"\d+", version)[:2]]
    return len(nums) == 2 and (nums[0], nums[1]) < (1, 7)


@register
class BossacParser(TableParser):
    name = "bossac"
    namespace = "flash"
    messages = MESSAGES
    hints = ("pages)", ": atsam", "atmel smart device", "set binary mode", "send auto-baud", "connected at ", "bossac", "no device found on", "device unsupported", "version()=esp-rom", "auto-baud", "binary mode", "bytes to flash", "flash command failed",
             "sam-ba", "verify", "write successful", "atmel smart device", "erase flash", "flash is erased", "unsupported",
             "auto scan", "1200", "serial ports", "flash page", "flash command", "flash erase", "flash offset", "lock region",
             "boot flash", "exceeds flash", "arduino reset", "extra arguments", "missing file", "at least one option", "exclusive",
             "downloading tool", "not available for your operating system", "device found on",
             # (audit s8)
             "boot flash", "unable to open file", "file i/o", "reset not supported", "done in ", "bytes of flash", "bytes from flash",
             "serial port with", "page errors", "byte errors")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.tool_version: str | None = None
        self.port_arg: str | None = None
        # (healthy-misc s8) one bossac command at a time: was it run with -d/--debug, did its port open (with -d, Samba::init()
        # prints "Send auto-baud" / "Set binary mode" as soon as the port is open, and the debug trace follows), and its
        # "No device found" events
        self.seg_debug = False
        self.seg_opened = False
        self.seg_not_found: list[dict[str, Any]] = []

    def _close_segment(self) -> None:
        """BOSSA 1.3a-1.9 Samba::connect(): "No device found on X" follows both a port that opened and did not answer and a
        port that could not be opened at all. With -d they differ: an opened port always printed the handshake first
        (stdout, possibly after the stderr line in a paste); none printed means the open itself failed: the port is held
        by another program (Windows allows one), missing, or not allowed."""
        if self.seg_debug and not self.seg_opened:
            for e in self.seg_not_found:
                e.setdefault("reason", "port_not_opened")
        self.seg_debug = self.seg_opened = False
        self.seg_not_found = []

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if text.startswith(_HANDSHAKE):
            self.seg_opened = True
        super().feed(lineno, line)

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "flash_command":
            self._close_segment()
            self.seg_debug = bool(_DEBUG_ARG.search(line))
            v = _VERSION_IN_PATH.search(line)
            p = _PORT_ARG.search(line)
            if v:
                ev["version"] = self.tool_version = v.group(1)
            if p:
                ev["port"] = self.port_arg = p.group(1).strip('"')
        elif ev["kind"] == "bootloader_not_found":
            ev["device"] = ev.get("port")
            # bossac 1.3a-1.6.1 (Arduino's 1.6.1-arduino, the Due's bossac until 2018) opens "/dev/" + the name it was
            # given: a full path becomes /dev//dev/ttyACM0 and fails exactly as a board that does not answer (1.7.0 first
            # tries the name as given). A Windows COMn is not affected.
            port = str(ev.get("port") or self.port_arg or "")
            if self.tool_version and _old_bossac(self.tool_version) and port.startswith("/dev/"):
                ev["dev_path_doubled"] = True
                ev["version"] = self.tool_version
            # bossac parses its options with getopt_long: `-p=COM3` (or `-p:COM3`, a quoted "COM3" from a script) hands
            # the '=' on as part of the port, and bossac reports the name it tried: "No device found on =COM3". No
            # serial device name on Windows, Linux or macOS starts so; the port was given in a form nothing can open
            if _MALFORMED_PORT.match(port):
                ev["reason"] = "malformed_port"
            self.seg_not_found.append(ev)

    def _link_found_ports(self) -> None:
        """(misc-b s6) A scan without -p that found the board as a bare name ("Device found on ttyACM0") after (or before)
        "No device found on /dev/ttyACM0" for -p with the full path: the port exists and answers; the full path is the
        form this bossac (before 1.7, which opens "/dev/" + the name) cannot open."""
        found = {str(e.get("port")) for e in self.events if e["kind"] == "device_autofound" and e.get("port")}
        if not found:
            return
        for e in self.events:
            port = str(e.get("port") or "")
            if e["kind"] == "bootloader_not_found" and port.startswith("/dev/") and port[len("/dev/"):] in found:
                e["dev_path_doubled"] = True
                e.setdefault("version", self.tool_version or "before 1.7")

    def summary(self) -> dict[str, Any]:
        self._close_segment()
        self._link_found_ports()
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if "flash_verified" in kinds or "flash_written" in kinds else {}
