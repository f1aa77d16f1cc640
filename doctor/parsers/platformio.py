"""PlatformIO `pio run -t upload` output (the wrapper; the uploader it runs, dfu-util, st-flash, avrdude or
openocd, is parsed by that tool's own parser in the block that follows), as a message table.

Facts: one run per block under `flash.runs` (tool "platformio"): the upload protocol and port, the board's
MCU from the HARDWARE line, the image, and the result (`[SUCCESS]` / `[FAILED]`, `*** [upload] Error N`,
`*** [upload] Explicit exit, status N`); events for PlatformIO's own hints: its udev rules missing or outdated
(Linux) and no upload port found; `image_too_large` when the size check stops the build. PlatformIO core 3.x-6.x wordings (platformio/builder/tools/pioupload.py,
platformio/run/processor.py, platformio/exception.py), the SCons error line, and the platforms' builders
(platform-atmelavr, -ststm32: "Looking for upload port...").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_HOST_UART = re.compile(r"^(?:/dev/tty(?:S|AMA)\d{1,3}|COM[12])$")

MESSAGES = rows_of(
    group(
        "PlatformIO core 3.x-6.x platformio/run/processor.py, builder/tools/pioplatform.py (header and verdict)",
        Msg(None, r"^Processing (?P<env>\S+) \((?:platform|board|framework): ", "strong",
            example="Processing uno (platform: atmelavr; board: uno; framework: arduino)"),
        Msg(None, r"^HARDWARE:\s*(?P<mcu>[A-Z0-9]\S*)", "weak", example="HARDWARE: ATMEGA328P 16MHz, 2KB RAM, 31.50KB Flash"),
        Msg(None, r"^PLATFORM:\s", "weak", example="PLATFORM: Atmel AVR (3.4.0) > Arduino Uno"),
        # (healthy s17) builder/tools/piolib.py (3.x-6.x) the Library Dependency Finder's count: 0 is a project with no
        # libraries beyond its framework's, not a failure (the session-15 cue "found 0" would quote it)
        Msg(None, r"^Found \d+ compatible librar(?:y|ies)\s*$", "weak", benign=True, example="Found 0 compatible libraries"),
        Msg("upload_succeeded", r"^=+\s*\[SUCCESS\]\s*Took", "strong",
            example="========================= [SUCCESS] Took 5.31 seconds ========================="),
        Msg("run_failed", r"^=+\s*\[(?:FAILED|ERROR)\]\s*Took", "strong", fail=True,
            example="=========================== [FAILED] Took 20.27 seconds ==========================="),
        # (se-wrappers s8) PlatformIO 2.x-3.x: the run header carries a time stamp ("[Sun Dec 20 12:09:15 2015] Processing
        # digispark-tiny (platform: atmelavr, ...)") and SCons' own prefix stands before the verdict ("scons: *** [upload]
        # Error 127"; platformio-core#394, #82)
        Msg(None, r"^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} +\d{1,2} \d\d:\d\d:\d\d \d{4}\] Processing (?P<env>\S+) \((?:platform|board|framework): ",
            "strong", example="[Sun Dec 20 12:09:15 2015] Processing digispark-tiny (platform: atmelavr, board: digispark-tiny, framework: arduino)"),
        Msg("upload_failed", r"^scons: \*\*\* \[(?P<target>upload|program|uploadfs|upload_bootloader)\] (?:Error (?P<code>-?\d+)|Explicit exit, status (?P<status>-?\d+))",
            "strong", fail=True, example="scons: *** [upload] Error 127"),
        Msg("upload_failed", r"^\*\*\* \[(?P<target>upload|program|uploadfs|upload_bootloader)\] (?:Error (?P<code>-?\d+)|Explicit exit, status (?P<status>-?\d+))",
            "strong", fail=True, example="*** [upload] Error 1"),
        # (platformio s9) SCons prints an exception raised inside the upload action (PlatformIO's 1200-baud touch, a disk
        # copy, the uploader's Python) as "*** [upload] <message>": "Broken pipe" (the port went away under it: an Arduino
        # Opta already switched to DFU), pyserial's "Cannot configure port, something went wrong..." (platform-ststm32#839),
        # "[Errno 2] No such file or directory": the upload failed before or without the uploader's own output
        Msg("upload_failed", r"^(?:scons: )?\*\*\* \[(?P<target>upload|program|uploadfs|upload_bootloader|bootloader|fuses)\] (?P<text>(?!Error -?\d|Explicit exit)\S.{0,300})$",
            "strong", fail=True, example="*** [upload] Broken pipe"),
    ),
    group(
        "PlatformIO core 3.x-6.x builder/tools/pioupload.py (protocol, port, image)",
        Msg(None, r"^Configuring upload protocol\.\.\.", "strong", example="Configuring upload protocol..."),
        Msg(None, r"^AVAILABLE:\s*\w+", "strong", example="AVAILABLE: arduino"),
        Msg("upload_protocol", r"^CURRENT:\s*upload_protocol\s*=\s*(?P<name>\S+)", "strong",
            example="CURRENT: upload_protocol = arduino"),
        Msg(None, r"^Looking for upload port\.\.\.", "strong", example="Looking for upload port..."),
        # (platformio s9) the platforms' builder/main.py (platform-ststm32, -atmelavr, -nordicnrf52... 2016-2025): an
        # upload_protocol the platform has no upload action for; the upload target then does nothing and the run can
        # still end [SUCCESS] (platform-ststm32#155: "serial" with the stm32cube framework of that time)
        Msg("upload_protocol_unknown", r"^Warning! Unknown upload protocol (?P<name>\S+)", "strong", fail=True,
            example="Warning! Unknown upload protocol serial",
            src="platform-ststm32 (and the other platforms') builder/main.py"),
        Msg("upload_port", r"^(?:Auto-detected|Using manually specified)(?: UPLOAD_PORT(?:/DISK)?)?:\s*(?P<device>\S+)", "weak",
            example="Auto-detected: /dev/ttyACM0"),
        # PlatformIO core 3.x-5.x printed "Use manually specified: COM4" before the wording above
        Msg("upload_port", r"^Use manually specified:\s*(?P<device>\S+)", "weak", example="Use manually specified: COM4",
            src="PlatformIO core 3.x-5.x builder/tools/pioupload.py (AutodetectUploadPort)"),
        Msg("waiting_new_port", r"^Waiting for the new upload port\.\.\.", "strong", example="Waiting for the new upload port...",
            src="PlatformIO core 3.x-6.x builder/tools/pioupload.py WaitForNewSerialPort (after a 1200-baud touch)"),
        Msg("no_upload_port", r"Please specify `?upload_port`? for environment or use global `?--upload-port`? option", "strong", fail=True,
            example="Error: Please specify `upload_port` for environment or use global `--upload-port` option."),
        Msg(None, r"^Uploading\s+(?P<image>\S+\.(?:bin|hex|elf|uf2))", "weak", example="Uploading .pio/build/uno/firmware.hex"),
        # (healthy-misc s8) Wiz-IO wizio-pico (platform for the RP2040, 2021-2022) builder/uploader: with upload to the UF2 drive
        # it looks for a mounted RPI-RP2 volume; none found, it warns and the run still ends [SUCCESS]: nothing was written
        Msg("uf2_drive_missing", r"WARNING No Pico drive to deploy", "strong", fail=True, example="  WARNING No Pico drive to deploy."),
        Msg("image_too_large", r"The program size \((?P<size>\d+) bytes\) is greater than maximum allowed \((?P<limit>\d+) bytes\)", "strong",
            fail=True, convert=(("size", int), ("limit", int)),
            example="Error: The program size (34056 bytes) is greater than maximum allowed (32256 bytes)",
            src="PlatformIO core 3.x-6.x builder/tools/pioupload.py CheckUploadSize (the build stops)"),
    ),
    group(
        "PlatformIO core 5.x-6.x platformio/package/exception.py UnknownPackageError (a tool package with no build for this host)",
        # the uploader itself (tool-avrdude, tool-openocd, tool-dfuutil...) cannot be installed for this OS/CPU (linux_aarch64,
        # darwin_arm64 before the registry had builds, a 32-bit Raspberry Pi OS): the upload tool is missing (a library that
        # does not exist says the same about its own name: not a tool, left to the generic failure scan)
        Msg("tool_missing", r"Could not find the package with '(?P<name>[^'\n]{0,100}tool(?:chain)?-[^'\n]{1,100})' requirements for your system '", "strong", fail=True,
            attrs={"via": "pio-package"},
            example="Error: Could not find the package with 'platformio/tool-avrdude @ ~1.60300.0' requirements for your system 'linux_aarch64'"),
        # (platformio s9) 5.x-6.x package/manager/_install.py: the registry answered but no usable package arrived for this
        # host ("Could not install package '%s' for '%s' system"); a tool package so missing leaves the upload without its tool
        Msg("tool_missing", r"Could not install package '(?P<name>[^'\n]{0,100}tool(?:chain)?-[^'\n]{1,100})' for '[^'\n]{1,40}' system", "strong", fail=True,
            attrs={"via": "pio-package"},
            example="PackageException: Could not install package 'platformio/tool-openocd @ ~3.1200.0' for 'linux_armv7l' system"),
        Msg("package_failed", r"Could not install package '[^'\n]{1,200}' for '[^'\n]{1,40}' system", "strong", fail=True,
            example="PackageException: Could not install package 'platformio/framework-arduinoststm32 @ ~4.20600.0' for 'linux_armv7l' system"),
        # (platformio s9) 3.x-4.x exception.py UnknownPackage "Detected unknown package '{0}'": the registry knows no such
        # package, or (update/uninstall, PIO Home's platform update) the package folder under ~/.platformio/packages has no
        # usable manifest: a broken or half-installed tool package (platformio-core#3030: removing the tool-openocd* folders
        # and letting PlatformIO install it again fixed it). A tool's name in it: the uploader's package is what is missing
        Msg("tool_missing", r"Detected unknown package '(?:[^'\n]{0,200}[/\\])?(?P<name>tool(?:chain)?-[^'/\\\n]{1,100})'", "strong", fail=True,
            attrs={"via": "pio-package", "broken": True},
            example="Error: Detected unknown package 'C:\\Users\\tekno\\.platformio\\packages\\tool-openocd @ ~2.1000.0'"),
    ),
    group(
        # (wrappers audit s8) platformio-core tags v3.6.7, v4.3.4, v5.2.5, v6.1.17: builder/tools/pioupload.py,
        # device/finder.py, exception.py, managers/package.py / package/exception.py, platform/exception.py
        "PlatformIO core 3.x-6.x port finder, upload verdicts, package and platform errors (source audit s8; examples: the source's format filled in)",
        # 6.1 device/finder.py: no port matched the board's HWIDs nor a known USB-UART bridge (the board is not on the bus
        # as a serial device, or it is in a bootloader without one)
        Msg("no_upload_port", r"Could not automatically find serial port (?:for the `[^`\n]{1,80}` board based on the declared HWIDs|based on the known UART bridges)",
            "strong", fail=True,
            example="TimeoutError: Could not automatically find serial port for the `esp32dev` board based on the declared HWIDs=['10C4:EA60']"),
        Msg("upload_succeeded", r"^Firmware has been successfully uploaded\.", "strong",
            example="Firmware has been successfully uploaded.", src="PlatformIO core 3.x-6.x builder/tools/pioupload.py (uf2/mbed disk copy)"),
        # the RAM check only warns (the program check stops the build)
        # (fw-build s10b) printed inside the RAM bar when the terminal is not wide ("RAM:   [========Warning! The data size
        # (7243 bytes) is greater than maximum allowed (2560 bytes)", platform-atmelavr#333)
        Msg("data_too_large", r"(?:^|^RAM: +\[=*)Warning! The data size \((?P<size>\d+) bytes\) is greater than maximum allowed \((?P<limit>\d+) bytes\)", "strong",
            convert=(("size", int), ("limit", int)),
            example="Warning! The data size (2300 bytes) is greater than maximum allowed (2048 bytes)"),
        # 4.x-6.x run/cli.py: the summary after the environments (the table, then "N failed, M succeeded in ...")
        Msg(None, r"^Environment\s+Status\s+Duration$", "strong", example="Environment    Status    Duration"),
        Msg("run_failed", r"^(?P<env>\S+)\s+FAILED\s+\d\d:\d\d:\d\d\.\d+$", fail=True, example="uno           FAILED    00:00:02.331"),
        Msg("run_failed", r"^=+ \d+ failed, \d+ succeeded in \d\d:\d\d:\d\d", "strong", fail=True,
            example="========================= 1 failed, 0 succeeded in 00:00:02.331 ========================="),
        Msg("upload_succeeded", r"^=+ \d+ succeeded in \d\d:\d\d:\d\d", "strong",
            example="========================= 1 succeeded in 00:00:05.162 ========================="),
        # (spent-d s10) the program-memory bar as an image size against the board's limit (upload_maximum_size), as the
        # Arduino IDE's size report: what a verify failure high in flash is compared with (derived.image_into_boot_section)
        Msg("image_size_ok", r"^(?:Flash|PROGRAM):\s+\[[= ]{0,40}\]\s+\d+\.\d%\s+\(used (?P<size>\d+) bytes from (?P<limit>\d+) bytes\)", "strong",
            convert=(("size", int), ("limit", int)),
            example="Flash: [==========]  98.2% (used 31688 bytes from 32256 bytes)"),
        # 3.x-6.x CheckUploadSize's usage bars (3.x "DATA:"/"PROGRAM:", 4.x+ "RAM:"/"Flash:"): the build got that far
        Msg(None, r"^(?:RAM|Flash|DATA|PROGRAM):\s+\[[= ]{0,40}\]\s+\d+\.\d%\s+\(used \d+ bytes from \d+ bytes\)", "strong",
            example="RAM:   [===       ]  34.9% (used 22904 bytes from 65536 bytes)"),
        # 3.x-4.x package manager: an uploader tool package that cannot be had for this host (5.x+ wording above)
        Msg("tool_missing", r"Could not (?:install|find a version that satisfies the requirement) '(?P<name>[^'\n]{0,100}tool(?:chain)?-[^'\n]{1,100})' (?:with version requirements '[^'\n]*' )?for your system '",
            "strong", fail=True, attrs={"via": "pio-package"},
            example="Error: Could not install 'tool-avrdude' with version requirements '~1.60300.0' for your system 'linux_armv6l'."),
        Msg("package_failed", r"Could not install '[^'\n]+' with version requirements|^(?:Error: )?Detected unknown package '|Could not extract `[^`\n]+` to `"
            r"|^(?:Error: )?Unknown development platform '|The platform '[^'\n]+' has not been installed yet|Could not find one of '[^'\n]+' manifest files",
            "strong", fail=True,
            example="Error: Unknown development platform 'ststm32x'"),
        Msg("package_failed", r"^(?:Error: )?You are not connected to the Internet\.", "strong", fail=True, attrs={"reason": "offline"},
            example="Error: You are not connected to the Internet. PlatformIO needs the Internet connection to download dependent packages or to work with PIO Account."),
        # (platformio s9) 3.x-6.x exception.py / platform/exception.py UnknownBoard "Unknown board ID '{0}'": the board id in
        # platformio.ini is not one of the platform's boards (a typo, a board of another platform, a custom board json
        # not found): a configuration error before any build or upload, no SD-card board definition (Klipper's SD003)
        Msg("board_unknown", r"^(?:UnknownBoard: |Error: )?Unknown board ID '(?P<board>[^'\n]{1,80})'", "strong", fail=True,
            example="UnknownBoard: Unknown board ID 'esp32-s3-devkitc'",
            src="PlatformIO core 3.x-6.x exception.py / platform/exception.py UnknownBoard (platformio s9)"),
        # 6.1 device monitor: no port given and none found
        Msg("no_upload_port", r"^(?:Error: )?(?:User aborted and port|Port) is not given$", "strong", fail=True, attrs={"via": "monitor"},
            example="Error: Port is not given"),
    ),
    group(
        # (platformio s9) Marlin's LPC176x upload step (Marlin/src/HAL/LPC1768/upload_extra_script.py 2018-2020, then
        # buildroot/share/PlatformIO/scripts/upload_extra_script.py / lpc176x upload script): it copies firmware.bin to the
        # board's SD card as a USB drive (a volume labelled REARM, or one holding FIRMWARE.CUR) and prints the exception in
        # parentheses when it finds none: "Autodetect Error" (no such volume mounted), a Python error of the script itself
        # (a bytes-like object is required), a failed drive listing (fsutil on Windows without elevation; /media/<user> missing)
        "Marlin LPC176x upload_extra_script.py (Re-ARM, SKR 1.3/1.4, MKS SGen: firmware.bin copied to the board's SD drive)",
        Msg("sd_drive_not_found", r"^Unable to find destination disk \((?P<reason>[^\n]{0,200})\)\s*$", "strong", fail=True,
            example="Unable to find destination disk (Autodetect Error)"),
        Msg(None, r"^Please select it in platformio\.ini using the upload_port keyword", "strong",
            example="Please select it in platformio.ini using the upload_port keyword (https://docs.platformio.org/en/latest/projectconf/section_env_upload.html)"),
        Msg(None, r"^(?:or copy )?the firmware \(\.pio(?:envs)?/[^)\n]{1,80}/firmware\.bin\) manually to the appropriate disk", "weak",
            example="the firmware (.pio/build/LPC1769/firmware.bin) manually to the appropriate disk"),
    ),
    group(
        # (fw-sd s12) Marlin's pre-build check of the PlatformIO environment against MOTHERBOARD (the environments pins.h lists
        # for that board): the env builds for another MCU/board family (mega2560 for a Melzi's ATmega1284P, an STM32 env with
        # the default RAMPS board still in Configuration.h) or is not one of the board's; the build stops before compiling.
        # 2.0.x buildroot/share/PlatformIO/scripts/preflight-checks.py "Error: Build environment '%s' is incompatible with %s.
        # Use one of these: %s" (2.1.x+ "... Use one of these environments: %s", Marlin PR 25915); 2.0.5-2.0.7
        # common-dependencies.py "Error: your selected build environment '%s' is not compatible with MOTHERBOARD=%s in
        # Configuration.h. Please use one of compatible build environments for this board: %s"
        "Marlin 2.0.x-2.1.x buildroot/share/PlatformIO/scripts preflight-checks.py / common-dependencies.py (environment vs MOTHERBOARD)",
        Msg("build_env_mismatch", r"Build environment '(?P<env>[^'\n]{1,80})' is incompatible with (?P<board>BOARD_\w{1,80})",
            "strong", fail=True,
            example="Error: Build environment 'mega2560' is incompatible with BOARD_MELZI_CREALITY. Use one of these: melzi_optiboot_optimized, melzi_optiboot, melzi_optimized, melzi"),
        Msg("build_env_mismatch", r"your selected build environment '(?P<env>[^'\n]{1,80})' is not compatible with MOTHERBOARD=(?P<board>\w{1,80})",
            "strong", fail=True,
            example="Error: your selected build environment 'STM32F103RET6_creality' is not compatible with MOTHERBOARD=BOARD_RAMPS_14_EFB in Configuration.h. Please use one of compatible build environments for this board: mega1280,mega2560"),
    ),
    group(
        "POSIX sh/bash and cmd.exe inside PlatformIO's upload (SCons runs the platform's upload command through the shell)",
        # (se-wrappers s8) the upload command names a program the host does not have: sh "sh: line 1: maple_upload: command
        # not found" (then "*** [upload] Error 127"), dash "sh: 1: dfu-util: not found", cmd.exe "'stm32flash' is not
        # recognized as an internal or external command": a platform/package that no longer ships the uploader
        # (platform-ststm32#855 dropped tool-stm32duino's maple_upload), a tool package that failed to install
        Msg("tool_missing", r"^(?:/usr)?(?:/bin/)?(?:sh|bash|dash)(?:: line \d+|: \d+)?: (?P<name>[^\s:'\"]+): (?:command )?not found\s*$",
            fail=True, example="sh: line 1: maple_upload: command not found"),
        Msg("tool_missing", r"^'(?P<name>[^'\s]+)' is not recognized as an internal or external command", fail=True,
            example="'maple_upload' is not recognized as an internal or external command,"),
    ),
    group(
        "PlatformIO core 4.x-6.x platformio/exception.py, util.py (udev rules on Linux)",
        Msg("udev_rules_missing", r"Please install `?99-platformio-udev\.rules`?", "strong",
            example="Warning! Please install `99-platformio-udev.rules`. "),
        Msg("udev_rules_missing", r"99-platformio-udev\.rules`? (?:are|is) outdated", "strong", attrs={"outdated": True},
            example="Warning! Your `/etc/udev/rules.d/99-platformio-udev.rules` are outdated. Please update or reinstall them."),
    ),
    group(
        "PlatformIO core 3.6-6.1.17 platformio/project/exception.py, exception.py (audit-wrappers s18): the project or the "
        "installation refused before any build",
        # PlatformIO's own "Error: ..." lines (claimed here, so the next step is PlatformIO's, not OpenOCD's for its "Error:"
        # prefix): a wrong -e name, no platformio.ini, a Cygwin shell, a ~/.platformio the user does not own, a board not given
        Msg(None, r"^(?:Error: )?(?:Unknown environment names '|Not a PlatformIO project\. `platformio\.ini` file has not been found"
            r"|PlatformIO does not work within Cygwin environment|The directory `[^`\n]{1,300}` or its parent directory is not owned by the current user"
            r"|Please specify platform for '|Please setup environments in `platformio\.ini` file|Invalid '[^'\n]{1,300}' \(project configuration file\)"
            r"|Can't find PlatformIO build environments|You need to specify board ID using `-b`)", "strong", fail=True,
            example="Error: Unknown environment names 'uno'. Valid names are 'nanoatmega328'"),  # (from the source's format)
    ),
)


@register
class PlatformioParser(TableParser):
    name = "platformio"
    namespace = "flash"
    frame = True  # (framing s21) its header and verdict stand around an uploader's output (Parser.frame)
    messages = MESSAGES
    # (audit-wrappers s18) the 1200-baud touch's pyserial error inside "*** [upload] ..." (on_event)
    event_kinds = ("serial_permission_denied", "serial_port_busy", "serial_no_such_port")
    hints = ("upload", "program]", "platformio", "processing ", "hardware:", "platform:", "took", "configuring", "available:",
             "current:", "auto-detected", "manually specified", "explicit exit", "program size", "requirements for your system",
             "pico drive", "find serial port", "successfully uploaded", "data size", "version requirements", "satisfies the requirement",
             "unknown package", "could not extract", "development platform", "has not been installed", "manifest files", "connected to the internet",
             "is not given", "environment", "failed", "succeeded in", "bytes from", "destination disk", "appropriate disk", "unknown upload protocol", "unknown board id",
             "install package", "compatible librar",
             # (audit-wrappers s18) project/exception.py
             "environment names", "cygwin", "not owned by", "project configuration file", "build environments", "board id using")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        # (arduino-ide2 s12) the block's last claimed line so far is "Waiting for the new upload port..." (prose the person
        # wrote after the paste, "it hangs here", does not end the wait; the next PlatformIO line, "Uploading ...", does)
        self._waiting = False

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        s = self.fields
        self._waiting = ev is not None and ev["kind"] == "waiting_new_port"
        if g.get("mcu"):
            s.setdefault("mcu", g["mcu"].lower())
        if g.get("image"):
            s.setdefault("extra", {})["image"] = g["image"]
        if ev is None:
            return
        kind = ev["kind"]
        if kind == "upload_protocol":
            s["interface"] = ev["name"]
        elif kind == "upload_port":
            s["device"] = ev["device"]
            # (platformio s9) a port that is the host's own UART (Linux /dev/ttyS*, a Pi's /dev/ttyAMA*, Windows COM1/COM2 of
            # the motherboard) was picked because no board port with a USB id was there: the upload, and a 1200-baud touch
            # meant to reboot the board into its bootloader, went to a port with no board behind it
            if _HOST_UART.match(ev["device"]):
                ev["host_uart"] = True
            # (platformio-community s18) chosen by PlatformIO's own search, not given in platformio.ini or --upload-port
            if line.lstrip().startswith("Auto-detected"):
                ev["auto_detected"] = True
        elif kind == "upload_failed":
            code = ev.pop("status", None) if ev.get("code") is None else ev.get("code")
            if code is not None:
                ev["code"] = s["returncode"] = int(code)
            elif ev.get("text"):
                # (audit-wrappers s18) pioupload.py's 1200-baud touch (TouchSerialPort, core 3.x-6.x) opens the port with
                # pyserial inside the upload action, so its SerialException is SCons' "*** [upload] could not open port ...":
                # one wording, one serial event everywhere (serial_errors.classify)
                from doctor.parsers.serial_errors import classify
                shared = classify(ev["text"])
                # (the open's own three causes only: an I/O error on a port that opened is the upload's failure)
                if shared is not None and shared[0] in ("serial_permission_denied", "serial_port_busy", "serial_no_such_port"):
                    self.event(shared[0], lineno, line, fail=True, **shared[1])
        elif kind == "upload_succeeded":
            s.setdefault("success", True)

    def summary(self) -> dict[str, Any]:
        s = dict(self.fields)
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        # (arduino-ide2 s12) WaitForNewSerialPort (builder/tools/pioupload.py, core 3.x-6.x) polls at most 5 s for the
        # bootloader's new port, opens it once (pyserial) and returns; the upload action then prints "Uploading <image>" (or
        # the wait ends in "Error: Couldn't find a board ..."): output that stops right after "Waiting for the new upload
        # port..." with no verdict is an upload stuck there (gimasi/TUINO_ZERO_96#2), not a trimmed success
        if self._waiting and "success" not in s:
            s["stalled"] = "new_port"
        return s
