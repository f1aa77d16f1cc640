"""Klipper `make flash` / scripts/flash_usb.py, and the rp2040_flash (picoboot) step it runs.

Facts: one run per block under `flash.runs` (tool "make-flash"): the image and FLASH_DEVICE it flashed
(`flash_target`, with the device table's role when FLASH_DEVICE is a VID:PID), bootloader entry and
reconnect lines, rp2040_flash's progress (`flash_step`: erasing, flashing, rebooting) and its
failures (`reboot_failed`: the image was written, only the final reboot command failed, in both report_error
wordings; `image_missing`: the UF2 could not be opened or read; `usb_error`: libusb could not start), the final
`Failed to flash to DEVICE: REASON` line (`flash_failed`, with the failing helper in `command`), and the
per-family help texts flash_usb.py prints. The dfu-util step inside make flash is parsed by the
dfu-util parser (its block follows), so `dfu.runs` holds what dfu-util said about the same device.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._flashlog import classify_usb, id4
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_VIDPID = re.compile(r"^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$")
_RUNNING = re.compile(r"Error running (\S+)")

MESSAGES = rows_of(
    group(
        "Klipper scripts/flash_usb.py (2018-2026) and the Makefiles' flash targets",
        Msg("flash_target", r"^Flashing (?P<path>\S+\.(?:bin|uf2|elf|hex)) to (?P<device>\S+)\s*$", strength="strong",
            example="Flashing out/klipper.bin to 0483:df11"),
        Msg("flash_target", r"^Flashing (?P<path>\S+) to (?P<device>\S+)(?: via (?P<command>avrdude))?\s*$", strength="strong",
            example="Flashing out/klipper.elf.hex to 0483:df11 via avrdude"),  # src/avr/Makefile and others name their helper
        Msg("flash_failed", r"^Failed to flash to (?P<device>\S+):\s+(?P<text>.*)$", strength="strong", fail=True,
            example="Failed to flash to /dev/serial/by-id/usb-1a86_USB2.0-Serial-if00-port0: Error running dfu-util"),
        Msg("entering_bootloader", r"^Entering bootloader on (?P<device>\S+)", strength="strong",
            example="Entering bootloader on /dev/serial/by-id/usb-Klipper_stm32f446xx_2E0029000951363131363530-if00"),
        Msg("device_reconnect", r"^Device reconnect on (?:\S+ )*(?P<path>\S+)\s*$", strength="strong",
            example="Device reconnect on /sys/devices/platform/soc/3f980000.usb/usb1/1-1/1-1.3/1-1.3:1.0"),
        Msg("mcu_unsupported", r"USB flashing is not supported for MCU '(?P<mcu>[^']*)'", strength="strong", fail=True,
            example="USB flashing is not supported for MCU 'stm32f103xe'"),
        # (audit-swd-rp-klipper s18) flash_usb.py v0.10.0-master translate_serial_to_usb_path(): "Unable to find tty device"
        # is a tty /sys/class/tty does not know (the path does not exist); "Unable to find tty usb device" is a tty that exists
        # but hangs off no USB bus (/dev/ttyAMA0, /dev/ttyS0: an MCU on the host's UART pins), which make flash cannot reach
        Msg("serial_tty_not_usb", r"Unable to find tty usb device", strength="strong", fail=True, example="Unable to find tty usb device"),
        Msg("serial_tty_not_found", r"Unable to find tty ", strength="strong", fail=True, example="Unable to find tty device"),
        # (deepen-serial s19) translate_serial_to_tty() (2021-2026): /dev/serial/by-path is missing, so this host has no USB
        # serial device at all and the FLASH_DEVICE given is not there (the board not enumerating, or sitting in DFU)
        Msg("serial_tty_not_found", r"Unable to find serial 'by-path' folder", strength="strong", fail=True,
            example="Failed to flash to /dev/serial/by-id/usb-Klipper_stm32f446xx_12345-if00: Unable to find serial 'by-path' folder"),
        Msg("flash_help", r"If the device is already in bootloader mode it can be flashed", strength="strong",
            example="If the device is already in bootloader mode it can be flashed with the"),
        Msg("flash_help", r"If attempting to flash via 3\.3V serial", strength="weak", example="If attempting to flash via 3.3V serial, then use:"),
        # (deepen-precision s19) flash_usb.py SMOOTHIE_HELP (2018-2026), printed only by flash_lpc176x() when its dfu-util step
        # failed: the board is an LPC176x whose DFU bootloader is the Smoothieware one in flash, entered by Klipper's request or
        # the board's reset/play buttons; it has no BOOT0 and no ROM DFU bootloader
        Msg("lpc176x_help", r"If flashing Klipper to a Smoothieboard for the first time", strength="strong",
            example="If flashing Klipper to a Smoothieboard for the first time it may be"),
        Msg(None, r"^\s*make (?:flash|serialflash) FLASH_DEVICE=", strength="strong", example="  make flash FLASH_DEVICE=1eaf:0003"),
        Msg(None, r"^\S*[$#] +make flash FLASH_DEVICE=", strength="strong", example="$ make flash FLASH_DEVICE=0483:df11"),
        # (review s21) the command alone in backticks, or a run told in a sentence ("I ran make flash FLASH_DEVICE=2e8a:0003"): a flash was run (BOOT009 then reads the ROM
        # device as the flash's own first step); not advice ("run make flash ...", "try make flash ...")
        Msg(None, r"^\s*`(?:sudo +)?make (?:flash|serialflash) FLASH_DEVICE=[^`\s]+`\s*$", strength="strong",
            example="`make flash FLASH_DEVICE=2e8a:0003`"),
        Msg(None, r"(?i)\bI(?: have|'ve)? (?:ran|did|tried|used|typed|executed|run)\s+`?(?:sudo +)?make (?:flash|serialflash) FLASH_DEVICE=\S",
            strength="strong", example="I ran make flash FLASH_DEVICE=2e8a:0003 and it printed Flashing out/klipper.bin to 2e8a:0003"),
        Msg(None, r"scripts/flash_usb\.py", strength="strong", example="./scripts/flash_usb.py -t stm32f446xx -d /dev/ttyACM0 -s 0x8008000 out/klipper.bin"),
        Msg("make_error", r"^make(?:\[\d+\])?: \*\*\* \[(?P<name>[^\]]*)\] Error (?P<code>\d+)", strength="weak", convert=(("code", int),),
            example="make: *** [src/stm32/Makefile:55: flash] Error 255"),
        # (riscv-wch-gd32 s13) GNU make 3.81-4.4 commands.c fatal_error_signal(): the recipe was stopped by Ctrl-C ("Interrupt",
        # strsignal's SIGINT). A flash recipe stopped by hand did not finish: most often the flasher hung (ch32fun#504)
        Msg("make_interrupted", r"^make(?:\[\d+\])?: \*\*\* \[(?P<name>[^\]]*)\] Interrupt$", strength="strong", fail=True,
            example="make: *** [cv_flash] Interrupt"),
    ),
    group(
        "Klipper lib/rp2040_flash (picoboot) 2021-2026, run by make flash for an RP2040/RP2350 in BOOTSEL",
        Msg("uf2_loaded", r"^Loaded UF2 image with (?P<count>\d+) pages", strength="strong", convert=(("count", int),),
            example="Loaded UF2 image with 210 pages"),
        Msg("rp2040_found", r"^Found (?P<mcu>rp2040|rp2350|RP2040|RP2350) device on USB bus \d+ address (?P<address>\d+)", strength="strong",
            convert=(("mcu", str.lower), ("address", int)), example="Found rp2040 device on USB bus 1 address 7"),
        Msg("command_failed", r"^Command (?P<command>\w+) failed with status (?P<code>-?\d+)(?::\s*(?P<text>.*))?$", strength="strong",
            convert=(("code", int),), example="Command reboot failed with status -1: LIBUSB_ERROR_IO"),
        # report_error() when the status query itself fails: typical after "reboot", when the ROM has already left the bus
        Msg("command_failed", r"^Command (?P<command>\w+) failed, and it was not possible to query PICOBOOT status", strength="strong",
            example="Command reboot failed, and it was not possible to query PICOBOOT status"),
        Msg("image_missing", r"^(?:Could not open image file (?P<path>\S+)|Unexpected EOF reading image|Could not load flash image)",
            strength="strong", fail=True, example="Could not open image file out/klipper.uf2"),
        Msg("usb_error", r"^(?:Could not initialize libusb|Failed to enumerate USB devices: ?(?P<text>.*))", fail=True,
            example="Failed to enumerate USB devices: LIBUSB_ERROR_NO_MEM"),
        # anchored: picotool 2.x's "Despite the reboot attempt, no accessible RP-series devices ..." is picotool's own line
        Msg("rp2040_not_found", r"(?i)^No (?:rp2040|rp2350) in BOOTSEL mode was found|^No accessible RP(?:2040|2350|-series) devices in BOOTSEL mode",
            strength="strong", fail=True, example="No rp2040 in BOOTSEL mode was found"),
        Msg("usb_access_denied", r"appears to be in BOOTSEL mode, but picotool was unable to connect", strength="strong",
            example="RP2040 device at bus 1, address 5 appears to be in BOOTSEL mode, but picotool was unable to connect"),
        Msg("usb_access_denied", r"picotool was unable to connect", example="    picotool was unable to connect."),
        Msg("usb_access_denied", r"BOOTSEL.*check your permissions|LIBUSB_ERROR_ACCESS", example="Unable to open device: LIBUSB_ERROR_ACCESS"),
        Msg("flash_step", r"^(?P<name>Resetting interface|Locking|Exiting XIP mode|Erasing|Flashing|Rebooting device|Verifying)(?:\.\.\.)?\s*$",
            strength="weak", example="Rebooting device"),
        # (audit s8) lib/rp2040_flash main.c print_usage(): FLASH_DEVICE gave it a bus/address it cannot read (before the row below)
        Msg("tool_error", r"^Usage: \S*rp2040_flash <uf2 image>", fail=True,
            example="Usage: lib/rp2040_flash/rp2040_flash <uf2 image> [bus addr]", src="Klipper lib/rp2040_flash main.c, picoboot_connection.c 2022-2024 (from the source's format)"),
        Msg(None, r"lib/rp2040_flash/rp2040_flash", strength="strong", example="lib/rp2040_flash/rp2040_flash out/klipper.uf2"),
        # (audit s8) lib/rp2040_flash/picoboot_connection.c (picotool's, 2022-2024) prints these whatever the verbosity: a PICOBOOT
        # command or its data transfer failed on the bus (libusb's code: -7 time-out, -4 no device, -9 pipe), or the status query
        # after it (the "Command ... failed" line that always follows carries the failure, and says whether it was the reboot)
        Msg(None, r"^(?:Get status failed|\.\.\.\s*failed(?: to (?:send command|receive data|send data) -?\d+)?)",
            example="...failed to send command -7", src="Klipper lib/rp2040_flash main.c, picoboot_connection.c 2022-2024 (from the source's format)"),
    ),
    group(
        "KIAUH (kiauh/scripts/flash_mcu.sh, v4-v5): the lines around the make flash it runs",
        Msg(None, r"^#+ Stop klipper\.service \.\.\.", strength="weak", example="###### Stop klipper.service ..."),
        Msg(None, r"^(?:>+ ?)?Flashing failed!", strength="strong", example=">>>>>> Flashing failed!"),
        Msg(None, r"^(?:>+ ?)?Please read the console output above!", example=">>>>>> Please read the console output above!"),
        Msg("make_error", r"^make(?:\[\d+\])?: \*\*\* No rule to make target '(?P<name>flash|serialflash)'", strength="strong", fail=True,
            example="make: *** No rule to make target 'flash'.  Stop."),
    ),
    group(
        # (audit s8) flash_usb.py's own complaint when `make flash` is run without FLASH_DEVICE (stderr, all versions)
        "Klipper scripts/flash_usb.py v0.10.0-master",
        Msg("flash_usage_error", r"^(?P<text>Please specify FLASH_DEVICE)\s*$", strength="strong", fail=True, example="Please specify FLASH_DEVICE"),
    ),
    group(
        # (audit s8) lib/hidflash (the HID bootloader's host tool, which flash_usb.py runs for `make flash` on STM32F1/F4
        # boards with the hid bootloader), v0.10.0-master main.c / rs232.c: "> " before every line (a Markdown quote mark
        # to a forum, which may have eaten it)
        "Klipper lib/hidflash main.c, rs232.c v0.10.0-master",
        Msg(None, r"^(?:> ?)?Searching for \[(?:[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}|\S+)\] (?:device)?\.\.\.", strength="strong",
            example="> Searching for [1209:BEBA] device..."),  # (from the source's format)
        Msg(None, r"^(?:> ?)?(?:Sending <(?:reset pages|reboot mcu)> command\.\.\.|Flashing firmware\.\.\.|Toggling DTR\.\.\.|"
            r"Trying to open the \[|\[\S+\] is found !)", strength="strong", example="> Sending <reset pages> command..."),  # (from the source's format)
        Msg(None, r"^> ?Finish\s*$", strength="weak", example="> Finish"),  # (from the source's format)
        Msg("flash_failed", r"^(?:> ?)?(?P<text>Error while (?:flashing firmware data|sending <(?:reset pages|reboot mcu)> command)|"
            r"Error opening firmware file: \S*|Unable to open the \[[^\]]*\]|Unable to (?:read|write)\(\)(?: \(2\))?|"
            r"[Uu]nable to open (?:device|comport)(?=\s*$)|Comport is not found|unable to set comport \w+ (?:cfg )?settings)",
            strength="strong", fail=True, example="> Unable to open the [/dev/ttyACM0]"),  # (from the source's format)
        # (dfu-usb s11) HID-Flash v2.2.1 main.c: the HID bootloader never came up on the bus (printed after a row of '#',
        # hence the leading newline in the source: "\nError - [%04X:%04X] device is not found :(")
        Msg("hid_device_not_found", r"^(?:> ?)?#*\s*Error - \[(?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4})\] device is not found",
            strength="strong", fail=True, convert=(("vid", str.lower), ("pid", str.lower)),
            example="Error - [1209:BEBA] device is not found :("),  # (from the source's format)
        # (arduino-boards s11) Serasidis STM32_HID_Bootloader cli v2.2.1 (stm32duino's hid-flash): main.c prints "device is
        # found !" even when hid_open() returned NULL (its check is `i == 10 && handle != NULL`), then writes <reset pages>
        # through the NULL handle and the process dies (PR #30). On Linux hid_open fails for want of access to the hidraw/usb
        # node: no udev rule for 1209:beba (STM32_HID_Bootloader #36, Raspberry Pi 4: fixed by the udev rule)
        Msg("hid_device_found", r"^(?:> ?)?\[(?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4})\] device is found !",
            strength="strong", convert=(("vid", str.lower), ("pid", str.lower)),
            example="> [1209:BEBA] device is found !", src="STM32_HID_Bootloader cli/main.c v2.2.1"),
        # rs232.c RS232_OpenComport (Linux): open() of the serial port failed (errno not printed); main.c then says
        # "> Unable to open the [ttyACM0]" and goes on to search for the HID device
        Msg(None, r"^error, counldn't open \[[^\]]*\]", strength="strong",
            example="error, counldn't open [/dev/ttyACM0]", src="STM32_HID_Bootloader cli/rs232.c v2.2.1"),
        Msg("tool_crashed", r"^(?:\S+: line \d+: +\d+ )?Segmentation fault(?: +\(core dumped\))?(?: +\S+.*)?$", strength="weak", fail=True,
            example="Segmentation fault", src="the shell's report of hid-flash's SIGSEGV (bash, dash)"),
    ),
    group(
        # (dfu-usb s11) WeAct Studio's WeAct_HID_Flash (Windows .NET, v1.0.0.0, for the WeAct HID bootloader 0483:572A of
        # its MiniSTM32H7xx/F4 boards; WeActStudio/MiniSTM32H7xx #22): the same search as HID-Flash, with its own words.
        # The board enters that bootloader only when its key (K1) is held while it is powered or reset
        "WeAct Studio WeAct_HID_Flash v1.0.0.0 console lines",
        Msg(None, r"^(?:> ?)?(?:MCU Enter The Bootloader Method|Hold down the KEY to Repower or Reboot)\s*$", strength="strong",
            example="> Hold down the KEY to Repower or Reboot"),
        Msg(None, r"^(?:> ?)?Searching for HID Device \[[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}\]", strength="strong",
            example="> Searching for HID Device [0483:572A] ..."),
        Msg("hid_device_not_found", r"^(?:> ?)?Error - HID Device \[(?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4})\] is not found",
            strength="strong", fail=True, convert=(("vid", str.lower), ("pid", str.lower)),
            example="> Error - HID Device [0483:572A] is not found"),
    ),
    group(
        "Klipper scripts/flash-linux.sh (the Linux host MCU's `make flash`; before 2023-02 it restarted klipper_mcu, since then klipper-mcu)",
        Msg(None, r"^Attempting host MCU restart", strength="strong", example="Attempting host MCU restart..."),
        Msg("host_mcu_restart_failed", r"^Failed to restart (?P<unit>klipper[_-]mcu(?:\.service)?)", fail=True,
            example="Failed to restart klipper_mcu.service: Unit klipper_mcu.service not found."),
    ),
    group(
        "the shell, when make flash runs a helper that is not installed (Debian/Raspberry Pi OS bash, dash)",
        Msg("tool_missing", r"\b(?P<name>dfu-util|rp2040_flash|hid-flash|bossac|flashtool\.py|picotool|sudo)(?:: command not found|: not found|: No such file or directory)",
            fail=True, example="sudo: dfu-util: command not found"),
        Msg("tool_missing", r"^(?:FileNotFoundError|OSError): \[Errno 2\] No such file or directory: '(?:[^'/]*/)*(?P<name>[\w.+-]+)'", fail=True,
            example="FileNotFoundError: [Errno 2] No such file or directory: 'dfu-util'"),
    ),
)

# (nrf-lora-zmk s12) RIOT makefiles/tools/targets.inc.mk (2019-2025): `make flash` fetching or building a flasher it does not
# have yet (uf2conv.py, cc2538-bsl.py, elf2uf2, pioasm from GitHub; bossac, edbg, bt, setsid... built from source): the
# "not found" is the build noting a missing helper it is about to get, not a failure
MESSAGES = MESSAGES + group(
    "RIOT makefiles/tools/targets.inc.mk 2019-2025 (a flasher fetched or built on first use)",
    Msg(None, r"^\[INFO\] [\w.+-]+(?: \S+)?(?: binary)? not found - (?:fetching it from GitHub|building it from source)(?: now)?\s*$",
        strength="strong", benign=True, example="[INFO] uf2conv.py not found - fetching it from GitHub now"),
    Msg(None, r"^\[INFO\] [\w.+-]+(?: \S+)?(?: binary)? successfully (?:fetched|built)!", strength="strong",
        example="[INFO] uf2conv.py successfully fetched!"),
    # (vendor-flash-utils s14) RIOT's makefiles, the check_cmd macro (2016-2025): `$(2) $(1) is required but not found in
    # PATH.  Aborting.` before make flash, debug-server, debug or term runs the program ("Flash program", "Debug server
    # program", "Compiler", ...), in red ANSI colour when the terminal has it
    Msg("tool_missing", r"(?<!\S)(?P<name>\S+) is required but not found in PATH\.\s+Aborting",
        strength="strong", fail=True, src="RIOT makefiles check_cmd macro 2016-2025",
        example="Debug server program /opt/ti/uniflash_5.2.0/ccs_base/common/uscif/gdb_agent_console is required but not found in PATH.  Aborting."),
)


@register
class MakeFlashParser(TableParser):
    name = "make-flash"
    namespace = "flash"
    frame = True  # (framing s21) its header and verdict stand around an uploader's output (Parser.frame)
    messages = MESSAGES
    hints = ("flashing", "flash", "bootloader", "reconnect", "uf2", "rp2040", "rp2350", "command ", "make", "tty device", "bootsel",
             "xip", "erasing", "locking", "resetting interface", "rebooting", "tty ", "host mcu", "failed to restart", "klipper.service", "no rule", "not found", "no such file", "libusb", "denied",
             "searching for [", "sending <", "comport", "toggling dtr", "> finish", "is found !", "unable to open", "unable to read()",
             "unable to write()", "error while", "error opening firmware", "trying to open the [", "flash_device",
             # (dfu-usb s11) HID-Flash's and WeAct_HID_Flash's search for the HID bootloader
             "device is not found", "hid device", "hold down the key", "enter the bootloader method",
             # (arduino-boards s11) hid-flash 2.2.1's found device, rs232.c's open failure, and the crash that follows
             "device is found", "counldn't open", "segmentation fault",
             # (nrf-lora-zmk s12) RIOT's build fetching or building a flasher
             "successfully fetched", "successfully built", "is required but not found")
    event_kinds = ("reboot_failed",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.state: dict[str, Any] = {}
        self.steps: list[str] = []

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            if "Flashing firmware..." in line and self.state.get("hid_stage") == "found":
                self.state["hid_stage"] = "flashing"  # (arduino-boards s11) the HID handle wrote <reset pages>: it was open
            return
        s = self.state
        kind = ev["kind"]
        if kind == "hid_device_found":
            s["hid_stage"] = "found"
        elif kind == "tool_crashed" and s.get("hid_stage") == "found":
            ev["hid_open_failed"] = True  # hid-flash 2.2.1 crashed on the NULL handle hid_open() gave it
        if kind == "flash_target":
            s.setdefault("extra", {})["image"] = ev["path"]
            s["device"] = ev["device"]
            vm = _VIDPID.match(ev["device"])
            info = classify_usb(id4(vm.group(1)) if vm else None, id4(vm.group(2)) if vm else None)
            for key, value in (("vid", id4(vm.group(1)) if vm else None), ("pid", id4(vm.group(2)) if vm else None),
                               ("role", info.get("role")), ("role_name", info.get("role_name")), ("mcu", info.get("mcu"))):
                if value is not None:
                    ev[key] = value
        elif kind == "flash_failed":
            ev["text"] = ev["text"].strip()[:200]
            rm = _RUNNING.search(ev["text"])
            if rm:
                ev["command"] = rm.group(1)
            ev.pop("fail", None)
            if "Unable to find tty usb device" in ev["text"]:
                self.event("serial_tty_not_usb", lineno, line, device=ev["device"], port=ev["device"])
            elif "Unable to find tty " in ev["text"] or "Unable to find serial 'by-path' folder" in ev["text"]:
                self.event("serial_tty_not_found", lineno, line, device=ev["device"], port=ev["device"])
            s["success"] = False
        elif kind in ("mcu_unsupported", "serial_tty_not_found", "serial_tty_not_usb", "rp2040_not_found"):
            ev.pop("fail", None)
            s["success"] = False
        elif kind == "flash_help":
            if sum(1 for e in self.events if e["kind"] == "flash_help") > 1:
                self.events.remove(ev)  # the help text once
        elif kind == "uf2_loaded":
            s.setdefault("tool", "rp2040_flash")
        elif kind == "command_failed":
            # (thin-rp s15) rp2040_flash main.c picoboot_flash() sends "reboot" only after every erase and write succeeded (any
            # failure before returns at once), so the reboot's failure says the image is written even where the paste starts at
            # "Rebooting device" or at the failure itself; a paste that shows the start (the image loaded, the device found) but
            # not the erase and write is read as not written
            # (deepen-rp-can s19) "Flashing" then "Rebooting device" before it (the paste cut above the erase) is as written
            if ev.get("command") == "reboot" and (self._written() or s.get("written") or (not (set(self.steps) - {"rebooting device"})
                                                                     and not any(e["kind"] in ("uf2_loaded", "rp2040_found") for e in self.events))):
                ev["kind"] = "reboot_failed"
                s["written"] = True
        elif kind == "flash_step":
            step = ev["name"].lower()
            ev["name"] = step
            self.steps.append(step)
            if step == "rebooting device" and "flashing" in self.steps:
                s["written"] = True
        elif kind == "tool_missing":
            ev.pop("fail", None)
            if row.pattern.startswith("^(?:FileNotFoundError") and "/dev/" in line:
                self.events.remove(ev)  # a missing device path, not a missing program

    def _written(self) -> bool:
        """rp2040_flash erased and flashed before this line (its steps come in a fixed order)."""
        if "erasing" not in self.steps:
            return False
        return "flashing" in self.steps[self.steps.index("erasing") + 1:]

    def finish(self) -> dict[str, Any]:
        s = self.state
        if self._written():
            s["written"] = True
        run = self.run(**{k: v for k, v in s.items() if k not in ("tool", "hid_stage")})
        if s.get("tool"):
            run["extra"] = {**(run.get("extra") or {}), "helper": s["tool"]}
        return {self.namespace: {"runs": [run]}}
