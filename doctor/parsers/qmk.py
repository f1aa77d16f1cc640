"""QMK: the build and flash output of `qmk compile` / `qmk flash` / `make <kb>:<km>[:flash|:dfu|:avrdude]`
(qmk_firmware builddefs/ and tmk_core/ rules, platforms/avr/flash.mk, lib/python/qmk/flashers.py) and the
log pane of QMK Toolbox (Windows and macOS).

Facts: one run per block under `flash.runs` (tool "qmk" or "qmk-toolbox"):
- the size check: "The firmware is too large! 28698/28672 (26 bytes over)" -> `image_too_large` with size, limit
  and over (the same fact as a linker's region overflow: the image does not fit the flash the bootloader leaves);
  "The firmware size is fine" -> `image_size_ok`;
- waiting for a bootloader: "Bootloader not found. Make sure the board is in bootloader mode" (CLI) and
  "Error: Bootloader not found. Trying again in 5s." (older make targets) -> `bootloader_not_found`;
  "Device /dev/tty.usbmodem14101 has appeared; assuming it is the controller." -> `upload_port`;
- QMK Toolbox: "Caterina device connected (usbser): ... (2341:0036:0001) [COM4]", "*** DFU device connected:
  ATm32U4DFU -- 03EB:2FF4:0001" -> `bootloader_connected` (and the device under usb.devices, so the device
  table's role applies); "(NO DRIVER)" or "has X driver assigned but should be Y" -> `driver_missing`.
- build failures (builddefs/message.mk): a step's " [ERRORS]" status, the compiler's " | " log, make's report of a
  .build/ product, the CLI's "☒" data checks, a checkout without its submodules -> `build_error` (FW005);
  "☒ Can't find avr-gcc in your path" -> `tool_missing`;
- the caterina target's "Waiting for USB serial port - reset your controller now...." -> `serial_port_wait`, marked
  `unfinished` when the paste ends in it;
- QMK Toolbox's own errors: "COM port not found!" -> `com_port_not_found`, "File does not exist!" -> `image_missing`,
  "Could not start process: X" -> `tool_missing`; "Flash complete" right after "Attempting to flash" with nothing of
  the flasher's output between -> `flash_succeeded` with `empty` (Toolbox 0.3.2 on Caterina boards wrote nothing).
- (keyboard-b s6) a compiler error on a file of QMK's tree (keyboards/, quantum/, tmk_core/, users/) is QMK's build even
  without its banner -> `build_error`; "Device /dev/ttyS0 /dev/ttyS7 has appeared" (two new ports at once) ->
  `upload_port` with `several`, "Remapped [MSYS2 ]USB port to COM7" -> `upload_port` with `remapped`; tmk_core/avr.mk's
  refusal inside WSL -> `wsl_no_usb`; QMK Toolbox's "Only firmware files in .bin format can be flashed with dfu-util!"
  -> `image_format_mismatch` (format, flasher); the macOS Toolbox crash "launch path not accessible" (its bundled
  flasher missing or not executable) -> `tool_missing` via the launcher.
The tools these run (avrdude, dfu-programmer, dfu-util) are parsed by their own parsers.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._flashlog import classify_usb, id4
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_INT = (("size", int), ("limit", int), ("over", int))
def _app_pid(vid: str, pid: str) -> bool:
    """An ATmega32U4 board's application id beside its Caterina bootloader's: Arduino (2341, 2a03) set bit 0x8000 of the
    bootloader's PID for the sketch (0036 -> 8036, 0037 -> 8037); SparkFun's Pro Micro uses the next PID (9203 -> 9204,
    9205 -> 9206; boards.txt of the SparkFun AVR core)."""
    try:
        n = int(pid, 16)
    except ValueError:
        return False
    return (vid in ("2341", "2a03") and bool(n & 0x8000)) or (vid == "1b4f" and pid in ("9204", "9206"))


_PORT = re.compile(r"\((COM\d+)\)|\[(COM\d+|/dev/[^\]\s]+)\]")

# (spent-c s10) the driver a bootloader needs on Windows, from QMK Toolbox's own table (windows/QMK Toolbox/Usb/Bootloader/
# *Device.cs, PreferredDriver; 0.2+ prints "has X driver assigned but should be Y" itself): only the classes whose driver is
# fixed by what the flasher opens, a COM port (usbser: avrdude's avr109/arduino, mdloader) or a HID device (HidUsb). The DFU
# classes are left out: their preferred driver changed between releases (libusb0, then WinUSB) and either works.
_NEEDS_DRIVER = {"caterina": "usbser", "atmel sam-ba": "usbser", "avrisp": "usbser",
                 "halfkay": "HidUsb", "bootloadhid": "HidUsb", "lufa hid": "HidUsb"}

MESSAGES = rows_of(
    group(
        "qmk_firmware builddefs/build_keyboard.mk, common_rules.mk, tmk_core/rules.mk (0.6-0.2x): build and size check",
        Msg(None, r"^QMK Firmware \d+\.\d+\.\d+", "strong", example="QMK Firmware 0.14.29"),
        # `make <kb>:all` ends each keymap's line with its status (builddefs/message.mk): before the plain Making row
        Msg("build_error", r"^Making \S+ with keymap \S+.*\s\[ERRORS\]$", "strong", fail=True,
            example="Making keebio/viterbi/rev2 with keymap pmc222                                                          [ERRORS]"),
        Msg(None, r"^Making (?P<keyboard>\S+) with keymap (?P<keymap>\S+)(?: and target (?P<target>\S+))?", "strong",
            example="Making crkbd/rev1 with keymap default and target flash"),
        Msg(None, r"^Ψ Compiling keymap with ", "strong", example="Ψ Compiling keymap with make --jobs=1 crkbd:waples"),
        Msg(None, r"^Checking file size of \S+", "strong", example="Checking file size of crkbd_rev1_default.hex"),
        Msg("image_too_large", r"The firmware is too large! (?P<size>\d+)/(?P<limit>\d+) \((?P<over>\d+) bytes over\)", "strong", fail=True,
            convert=_INT, example=" * The firmware is too large! 28698/28672 (26 bytes over)"),
        # (gather-wrappers s20) message.mk wraps "The firmware is too large!" (and "[OK]"/"[ERRORS]") in ERROR_COLOR..NO_COLOR;
        # the QMK Configurator's compile log drops the coloured spans whole, leaving " *  24800/24576 (224 bytes over)" after
        # "Checking file size of ..." (qmk/qmk_firmware#16565)
        Msg("image_too_large", r"^\s*\*\s+(?P<size>\d+)/(?P<limit>\d+) \((?P<over>\d+) bytes over\)", "strong", fail=True,
            convert=_INT, example=" *  24800/24576 (224 bytes over)",
            src="qmk_firmware builddefs/message.mk MSG_FILE_TOO_BIG with its coloured text stripped (QMK Configurator log)"),
        Msg("image_size_ok", r"The firmware size is (?:fine|approaching the maximum) - (?P<size>\d+)/(?P<limit>\d+)", "strong",
            convert=(("size", int), ("limit", int)), example=" * The firmware size is fine - 24856/28672 (3816 bytes free)"),
    ),
    group(
        "qmk_firmware builddefs/message.mk, build_keyboard.mk, common_rules.mk (0.7-0.2x): build failures",
        # BUILD_CMD prints a step's status after its name: " [ERRORS]" when the command failed, then the command's log,
        # each line prefixed " | " (TAB_LOG); CATASTROPHIC_ERROR prints " * <reason>  [ERRORS]" on one line
        Msg("build_error", r"^(?:Compiling|Linking|Assembling|Creating load file for flashing|Creating binary load file for flashing"
            r"|Creating library|Generating):\s.*\[ERRORS\]$", "strong", fail=True,
            example="Compiling: keyboards/crkbd/keymaps/waples/keymap.c                                    [ERRORS]"),
        Msg("build_error", r"^\s*\|\s+\S+\.(?:c|h|cpp|S|s|inc|mk|json|hjson):\d+(?::\d+)?: (?:fatal )?error: (?P<text>.*)$", "none", fail=True,
            example=" | keyboards/crkbd/keymaps/waples/keymap.c:42:5: error: 'KC_FOO' undeclared here (not in a function)"),
        # newer trees print the compiler's own lines first, then the status alone on its line; `make all` of a keyboard
        # ends each keymap's line with it
        Msg("build_error", r"^\s*\[ERRORS\]$", "strong", fail=True, example=" [ERRORS]"),
        Msg("build_error", r"^\s*\|\s+.{0,300}?(?:undefined reference to |collect2(?:\.exe)?: error: |ld(?:\.exe)?: error: )", "none", fail=True,
            example=" | collect2.exe: error: ld returned 1 exit status"),
        # (keyboard-b s6) the compiler's error on a file of QMK's own tree (keyboards/<kb>/keymaps/, quantum/, tmk_core/,
        # users/): QMK's build even when the paste holds only these lines (a CONVERT_TO build, an IDE's problem pane)
        Msg("build_error", r"^(?:\./)?(?:keyboards|quantum|tmk_core|users)/\S+\.(?:c|h|cpp|inc):\d+(?::\d+)?: (?:fatal )?error: (?P<text>.*)$",
            "strong", fail=True,
            example="./keyboards/cheapis/keymaps/default/keymap.c:15:11: error: implicit declaration of function 'LAYOUT_ortho_4x10' [-Werror=implicit-function-declaration]"),
        # any other gcc error line inside a QMK block (the form is gcc's; this example is from a picotool build)
        Msg("build_error", r"^\S+\.(?:c|h|cpp|inc):\d+(?::\d+)?: (?:fatal )?error: (?P<text>.*)$", "none", fail=True,
            example="main.c:1:10: fatal error: libusb.h: No such file or directory"),
        # make's own report of the QMK object or generated header that failed (.build/obj_<kb>_<km>/...)
        Msg("build_error", r"^\w*make(?:\[\d+\])?: \*\*\* \[(?:[^\]\s]*:\d+: )?(?P<target>\.build/[^\]\s]+)\] Error \d+", "none", fail=True,
            example="make[1]: *** [tmk_core/rules.mk:372: .build/obj_ergodox_ez_default/keyboards/ergodox_ez/keymaps/default/keymap.o] Error 1"),
        # the CLI's own checks of info.json / keymap.json (lib/python/qmk): milc logs errors with a ballot-box mark
        Msg("build_error", r"^☒ (?P<text>(?:Matrix data out of bounds|Invalid (?:keyboard|keymap|layout)|Could not find keymap|"
            r"Keymap .{1,80} not found|.{1,120}\.json.{0,80}(?:failed|invalid|Invalid)).*)$", "strong", fail=True,
            example="☒ Matrix data out of bounds for layout LAYOUT_split_3x6_3 at index 6 (k4A): 4, 0"),
        # (keyboards s7) lib/python/qmk/info.py: a keyboard's info.json / keyboard.json that this tree's schema refuses is left
        # out ("Not including data from file: F" then "<json path>: <jsonschema message>"), a config.h option this tree no
        # longer knows, a data file that is not an object: the keyboard definition and the checkout do not match (a vial-qmk
        # or vendor fork older than the keyboard, foostan/kbd_firmware#13), so the build goes wrong
        Msg("build_error", r"^☒ (?P<text>Not including data from file: .{1,240})$", "strong", fail=True,
            example="☒ Not including data from file: keyboards/tmp/crkbd/rev4_1/info.json"),
        Msg("build_error", r"^☒ (?P<text>Invalid file .{1,240}, root object should be a dictionary\.?)$", "strong", fail=True,
            example="☒ Invalid file keyboards/foo/info.json, root object should be a dictionary."),
        Msg("build_error", r"^☒ (?P<text>.{1,160} is no longer a valid option.{0,200})$", "strong", fail=True,
            example="☒ tmp/crkbd/rev4_1/mini: RGB_DISABLE_WHEN_USB_SUSPENDED in config.h is no longer a valid option and should be replaced with RGB_MATRIX_SLEEP"),
        Msg("tool_missing", r"^☒ Can't find (?P<text>[\w.+-]{2,40}) in your path", "strong", fail=True,
            example="☒ Can't find avr-gcc in your path."),
        # (keyboards s7) the toolchain missing inside a make run (tmk_core/rules.mk, builddefs/common_rules.mk run $(CC)
        # through sh): the shell's "X: command not found", make's own "X: Command not found" / "No such file or
        # directory" when it execs a tool directly, and the gccversion step's exit status 127 (command not found)
        Msg("tool_missing", r"^(?:/usr)?(?:/bin/)?(?:-?bash|sh|dash)(?:: line \d+)?: (?P<text>[\w.+-]{2,40}): (?:command )?not found", "none",
            fail=True, example="/bin/sh: arm-none-eabi-gcc: command not found"),
        Msg("tool_missing", r"^\w*make(?:\[\d+\])?: (?P<text>[\w.+-]*(?:gcc|g\+\+|objcopy|objdump|size|avrdude|dfu-util|dfu-programmer|teensy_loader_cli"
            r"|hid_bootloader_cli|bootloadHID|mdloader|wb32-dfu-updater_cli))(?:\.exe)?: (?:Command not found|No such file or directory)", "none",
            fail=True, example="make[1]: avr-gcc: Command not found"),
        # weak: QMK's own line (tmk_core's gccversion target), kept in qmk's block inside its frame (Parser.frame)
        Msg("tool_missing", r"\*\*\* \[(?:[^\]\s]*:\d+: )?gccversion\] Error 127", "weak", fail=True,
            attrs={"text": "the compiler (avr-gcc / arm-none-eabi-gcc)"},
            example="make[1]: *** [tmk_core/rules.mk:242: gccversion] Error 127"),
        Msg("build_error", r"^\s*\* .{3,200}\s\[ERRORS\]$", "weak", fail=True,
            example=" * Cannot find keymap file for 'waples'                                                         [ERRORS]"),
        # a checkout without its git submodules (a zip download, a clone without --recurse-submodules): LUFA, ChibiOS...
        # are empty folders and make stops at their makefiles (MSG_SUBMODULE_DIRTY warned before it)
        # (keyboards s25) GNU make 4.x quotes the target 'X'; make 3.81 (macOS's /usr/bin/make, old MSYS) quotes it `X'
        Msg("build_error", r"No rule to make target [`'](?P<path>lib/[^'`]+)'", "strong", fail=True,
            example="make[1]: *** No rule to make target 'lib/lufa/LUFA/makefile'.  Stop."),
        # (firmware-build s22) QMK's make targets are <keyboard>:<keymap>[:<target>] (docs/getting_started_make_guide.md); a
        # keyboard this checkout does not hold (a keyboard kept in a fork or on another branch, a folder outside keyboards/,
        # a misspelt name) leaves make with no rule for the whole target before anything is built (mattdibi/yampad#9)
        Msg("build_error", r"^make(?:\[\d+\])?: \*\*\* No rule to make target [`'](?P<path>[\w.+/-]+:[\w.+-]+(?::[\w-]+)?)'\.", "strong", fail=True,
            attrs={"what": "keyboard"},
            # (s22) the example carries a QMK flash target: a bare <a>:<b> target counts only with QMK's context (finish())
            example="make: *** No rule to make target 'yampad:default:flash'.  Stop."),
        # (keyboards s25) GNU make (remake.c, 3.81-4.4: "No rule to make target 'X', needed by 'Y'", 3.81 with `X') when a file the
        # build needs neither exists nor has a rule. tmk and QMK before 2017 used the WinAVR makefile template, whose phony
        # elf/hex/eep/lss/sym targets need <TARGET>.elf...: a KEYMAP or keyboard named on the command line that the tree does
        # not hold leaves that file without a rule (qmk_firmware#54, KEYMAP=keymap_default). (keyboards s25 review) the template is
        # every WinAVR-era AVR project's, not only tmk's: without QMK's context summary() marks it a plain make build (what "make").
        # Windows' make names itself make.exe / mingw32-make (WinAVR's Programmers Notepad: "make.exe: *** ...")
        Msg("build_error", r"^[\w-]*make(?:\.exe)?(?:\[\d+\])?: \*\*\* No rule to make target [`'](?P<path>[^'`]+\.(?:elf|hex|eep|lss|sym|o))', needed by "
            r"[`'](?P<needed>elf|hex|eep|lss|sym)'", "weak", fail=True,
            example="make: *** No rule to make target 'ergodox_ez.elf', needed by 'elf'.  Stop."),
        # (keyboards s25) the same refusal inside a QMK build: a source or keymap file the keyboard's rules name is missing (a
        # keyboard folder copied in incomplete or misnamed: LeafCutterLabs/bigKNOB#4, bigknob.o needed by the .elf); nothing is built
        Msg("build_error", r"^[\w-]*make(?:\.exe)?(?:\[\d+\])?: \*\*\* No rule to make target [`'](?P<path>[^'`]+)', needed by [`'](?P<needed>[^'`]+)'",
            "none", fail=True,
            example="make[1]: *** No rule to make target '.build/obj_leafcutterlabs_bigknob_default/keyboards/leafcutterlabs/bigknob/bigknob.o', "
                    "needed by '.build/leafcutterlabs_bigknob_default.elf'.  Stop."),
        Msg("build_error", r"\.mk:\d+: (?P<path>lib/\S+): No such file or directory", "strong", fail=True,
            example="tmk_core/protocol/lufa.mk:14: lib/lufa/LUFA/makefile: No such file or directory"),
        Msg("build_error", r"RAM usage \(not including stack\) exceeds available RAM by (?P<over>\d+) bytes", "strong", fail=True,
            example="RAM usage (not including stack) exceeds available RAM by 112 bytes"),
        Msg("submodules_dirty", r"WARNING:\s+Some git submodules are out of date or modified", "strong",
            example="WARNING: Some git submodules are out of date or modified."),
        Msg("tool_missing", r"ERROR:\s+Cannot run \"qmk hello\"", "strong", fail=True, attrs={"text": "qmk"},
            example='ERROR: Cannot run "qmk hello"!'),
        Msg("flash_target_unsupported", r"This board's (?:bootloader is not specified or is not supported|architecture is not supported) by the "
            r"\":flash\" target", "strong", fail=True,
            example='WARNING: This board\'s bootloader is not specified or is not supported by the ":flash" target at this time.'),
    ),
    group(
        "qmk_firmware platforms/avr/flash.mk, lib/python/qmk/flashers.py: waiting for the bootloader",
        Msg("bootloader_not_found", r"Bootloader not found\.", "strong", fail=True,
            example="Bootloader not found. Make sure the board is in bootloader mode. See https://docs.qmk.fm/#/newbs_flashing"),
        Msg(None, r"Trying again every [\d.]+s \(Ctrl\+C to cancel\)", "strong", example=" Trying again every 0.5s (Ctrl+C to cancel)..."),
        Msg(None, r"^Flashing for bootloader: (?P<bootloader>\S+)", "strong", example="Flashing for bootloader: caterina"),
        # the caterina/avrdude targets wait here, printing dots, until a new serial port appears; a paste that ends in this
        # wait (no port appeared, no uploader ran) hung there: the board never showed a bootloader's serial port
        Msg("serial_port_wait", r"^(?:Detecting USB port, reset your controller now|Waiting for USB serial port - reset your controller now)", "strong",
            example="Detecting USB port, reset your controller now.........."),
        Msg("upload_port", r"^Device (?P<device>\S+) has appeared; assuming it is the controller", "strong",
            example="Device /dev/tty.usbmodem14101 has appeared; assuming it is the controller."),
        # (keyboard-b s6) the wait compares two `ls /dev/tty*` (WSL: wmic's COM list as /dev/ttyS<n-1>) and takes every new
        # name: when two ports appear at once the target goes on with both and avrdude opens the first, which may not be
        # the bootloader (a Bluetooth or WSL COM port); `several` marks it
        Msg("upload_port", r"^Device (?P<device>\S+(?: /dev/\S+)+) has appeared; assuming it is the controller", "strong", attrs={"several": True},
            example="Device /dev/ttyS0 /dev/ttyS7 has appeared; assuming it is the controller."),
        # MSYS2 (tmk_core/avr.mk 2019-2021: "Remapped MSYS2 USB port to COM7") and MSYS/WSL (platforms/avr/flash.mk 2021+):
        # /dev/ttyS<n> renamed COM<n+1> for avrdude.exe
        Msg("upload_port", r"^Remapped (?:MSYS2 )?USB port to (?P<device>COM\d+(?: \S+)*)$", "strong", attrs={"remapped": True},
            example="Remapped USB port to COM7"),
        # tmk_core/avr.mk 2018-2020 under WSL (/proc/version says Microsoft): the caterina/avrdude target refuses; WSL 1/2
        # has no USB devices of its own, so the keyboard must be flashed from Windows
        Msg("wsl_no_usb", r"AVR flashing cannot be automated within the Windows Subsystem for Linux", "strong", fail=True,
            example="ERROR: AVR flashing cannot be automated within the Windows Subsystem for Linux (WSL) currently. Instead, take the .hex "
                    "file generated and flash it using AVRDUDE, AVRDUDESS, or XLoader."),
        # platforms/avr/flash.mk (tmk_core avr.mk 2019+): after the port appears, the make target loops printing dots until the
        # user may write to it; a paste that ends in that loop hung there (the port stays unwritable: its group or udev rule)
        Msg("port_wait_writable", r"^Waiting for (?P<device>\S+) to become writable", "strong",
            example="Waiting for /dev/tty.usbmodem14101 to become writable."),
        Msg("bootloader_not_writable", r"The Caterina bootloader was found but is not writable", "strong", fail=True,
            example="The Caterina bootloader was found but is not writable. Check 'qmk doctor' output for advice."),
    ),
    group(
        "qmk_toolbox windows/QMK Toolbox/MainWindow.cs, Usb/*.cs; macos/QMK Toolbox (0.0.x-0.3.x): device log",
        Msg("bootloader_connected", r"^(?:\*\*\* )?(?P<bootloader>[\w/ ]{1,40}?) device connected(?: \((?P<driver>[^)]*)\))?:? .*?"
            r"(?:\((?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4}):[0-9A-Fa-f]{4}\)|-- (?P<vid2>[0-9A-Fa-f]{4}):(?P<pid2>[0-9A-Fa-f]{4}):[0-9A-Fa-f]{4})",
            "strong", example="Caterina device connected (usbser): Microsoft Serieel USB-apparaat (COM4) (2341:0036:0001) [COM4]"),
        Msg("driver_missing", r"device has (?P<driver>\S+) driver assigned but should be (?P<preferred>\S+)", "strong", fail=True,
            example="STM32 DFU device has HidUsb driver assigned but should be WinUSB. Flashing may not succeed."),
        # macOS Toolbox 0.0.x: the device line has no ids, and the port it picked follows on its own line (it may pick
        # /dev/cu.Bluetooth-Incoming-Port when the bootloader's port is not there yet)
        Msg("bootloader_connected", r"^(?:\*\*\* )?(?P<bootloader>Caterina|DFU|Atmel DFU|Halfkay|HalfKay|STM32|STM32 DFU|Kiibohd|BootloadHID|APM32 DFU"
            r"|STM32duino|Atmel SAM-BA|LUFA HID|LUFA MS|USBasp|USBTiny|AVRISP) device connected$", "strong",
            example="*** Caterina device connected"),
        Msg("upload_port", r"^Found port: (?P<device>\S+)$", "weak", example="Found port: /dev/cu.usbmodem14101"),
        Msg("flash_attempt", r"^(?:\*\*\* )?Attempting to flash, please don't remove device", "strong",
            example="*** Attempting to flash, please don't remove device"),
        Msg(None, r"^(?:\*\*\* |\* )QMK Toolbox", "strong", example="* QMK Toolbox 0.3.1 (https://qmk.fm/toolbox)"),
        # (byid-common s16) Windows Toolbox 0.0.x MainWindow.cs (da93e73, 2019): the keyboard list for the keymap boxes is
        # fetched from QMK.FM at start; without a network it prints this as an Error-type response and greys the boxes out.
        # Flashing a local .hex/.bin does not use the list (qmk_firmware#5699: the flash that followed it went through)
        Msg(None, r"^(?:\*\*\* )?Something went wrong when trying to get the keyboard list from QMK\.FM", "strong", benign=True,
            example="Something went wrong when trying to get the keyboard list from QMK.FM, you might not have a internet connection or the servers are down."),
        # Usb/Bootloader/*.cs, MainWindow.cs (0.1-0.3) errors. Caterina: the bootloader's USB device arrived but its COM
        # port was not found (Windows creates the port separately and late; reset again and it usually is found)
        Msg("com_port_not_found", r"^(?:\*\*\* )?COM port not found!", "strong", fail=True, example="COM port not found!"),
        # (avr-qmk s11) macOS 0.0.x (osx/qmk_toolbox/USB.m, up to 0.0.13): the Caterina device arrived but the Toolbox looked
        # for its /dev/cu.usbmodem* port after too short a delay and gave up; it never ran avrdude (qmk_toolbox#127 lengthened
        # the wait, 0.0.14+ keeps looking). The Toolbox's own timing, not the board: update the Toolbox, or reset again
        Msg("toolbox_error", r"^\s*(?:\*\*\* )?No modem port found, try again\.?$", "strong", fail=True,
            example="No modem port found, try again."),
        Msg("image_missing", r"^(?:\*\*\* )?(?:File does not exist!?|Please select a file)$", "strong", fail=True, example="File does not exist!"),
        Msg("tool_missing", r"^(?:\*\*\* )?Could not start process: (?P<text>.{1,200})$", "strong", fail=True,
            example="Could not start process: avrdude.exe"),
        # (keyboard-b s6) Usb/Bootloader/*Device.cs / *Device.swift (0.1-0.3): the file's extension is not what the bootloader's
        # flasher takes (dfu-util: .bin; LUFA MS: .bin; wb32-dfu-updater_cli: .bin/.hex): usually a .hex built for an AVR
        # revision of the board while the board has an STM32/APM32 bootloader, or the wrong download
        # (firmware-build s22) Toolbox 0.0.x-0.1.x (Printing.cs format(), 2017-2022) put "  ! " before an error line; a paste may
        # drop the closing "!" (qmk_toolbox#372)
        Msg("image_format_mismatch", r"^(?:\*\*\* |\s*! )?Only firmware files in (?P<format>\.\w+(?: or \.\w+)?) format can be flashed with "
            r"(?P<flasher>this bootloader|[\w.-]*\w)(?:!|\s*$)", "strong", fail=True,
            example="Only firmware files in .bin format can be flashed with dfu-util!"),
        # macOS Toolbox 0.0.x crash report: NSTask could not launch the bundled flasher (dfu-util without its executable bit,
        # or missing): Foundation's "launch path not accessible"
        Msg("tool_missing", r"reason: 'launch path not accessible'", "strong", fail=True,
            attrs={"text": "the flasher QMK Toolbox runs (missing or not executable)", "name": "the flasher QMK Toolbox runs", "via": "launcher"},
            example="*** Terminating app due to uncaught exception 'NSInvalidArgumentException', reason: 'launch path not accessible'"),
        Msg("toolbox_error", r"^(?:\*\*\* )?(?:Please select a microcontroller|USB device enumeration failed\.|Mount point not found!"
            r"|Only firmware files in \.bin format can be flashed with this bootloader!|Could not download file: .{1,200}|IO ERROR: .{1,200})$",
            "strong", fail=True, example="Mount point not found!"),
        Msg("flash_succeeded", r"^(?:\*\*\* )?Flash complete", "strong", example="*** Flash complete"),
    ),
    # ---- (serial s8 audit): messages of QMK's flashers, CLI, doctor and Toolbox no row knew (examples marked "(from the
    # source's format)" are the format filled in; the others are real pasted lines) ----
    group(
        "qmk_firmware lib/python/qmk/flashers.py flasher() (2022-2025) and cli/flash.py (2019-2025): errors milc logs with its "
        "ballot-box mark; the flasher a bootloader needs is not installed, or the command lacks what it needs",
        # (from the source's format) the HalfKay / QMK HID / WB32 flasher missing from PATH: nothing was flashed
        Msg("tool_missing", r"^☒ Please make sure '(?P<text>[\w.-]{2,40})'(?: or '[\w.-]{2,40}')? is available on your system", "strong", fail=True,
            example="☒ Please make sure 'teensy_loader_cli' or 'hid_bootloader_cli' is available on your system."),
        # (from the source's format) `qmk flash` found a HalfKay/HID or USBasp/USBtiny bootloader but was not told the MCU (-m)
        Msg("flash_usage_error", r"^☒ Specifying the MCU with '-m' is necessary for (?P<text>HalfKay/HID bootloaders|ISP flashing)", "strong", fail=True,
            example="☒ Specifying the MCU with '-m' is necessary for HalfKay/HID bootloaders!"),
        # (from the source's format) a bootloader it knows by id, with no flasher written for it
        Msg("flash_target_unsupported", r"^☒ Known bootloader found but flashing not currently supported", "strong", fail=True,
            example="☒ Known bootloader found but flashing not currently supported!"),
        # (from the source's format) cli/flash.py: no keyboard/keymap given and none found from the working directory
        Msg("flash_usage_error", r"^☒ (?P<text>Could not determine (?:keyboard|keymap)!|You must supply a configurator export, both `--keyboard` and `--keymap`)",
            "strong", fail=True, example="☒ Could not determine keyboard!"),
        # (vial-hid-kb s13) lib/python/qmk/keyboard.py (2021-2025): the -kb value's argparse type, keyboard_folder() /
        # keyboard_folder_or_all(), raises ValueError('Invalid keyboard: ...') when no folder of this checkout (alias resolved)
        # is that keyboard, and argparse prints "invalid <type> value": a typo, or a board this checkout (qmk_firmware vs
        # vial-qmk, older or newer than the instructions) does not have under that name (foostan/kbd_firmware#5, crkbd rev4
        # split into rev4_0/rev4_1). Nothing was built.
        Msg("build_error", r"error: argument -kb/--keyboard: invalid (?P<what>keyboard_folder(?:_or_all)?) value: '(?P<text>[^']{1,160})'",
            "strong", fail=True,
            example="qmk compile: error: argument -kb/--keyboard: invalid keyboard_folder_or_all value: 'tmp/crkbd/rev4/standard'"),
        # lib/python/qmk/info.py / json_schema.py (2021-2025): the keyboard's info.json or keymap.json fails this tree's schema; milc
        # logs the jsonschema message ("<path>: <value> is not one of [...]", "... is not of type ...", "Additional properties
        # are not allowed"): the keyboard definition and the checkout do not match, the build goes wrong
        Msg("build_error", r"^☒\s+(?P<text>[\w.\[\]-]{1,120}: .{1,200}? is not (?:one of|of type|valid under any of) .{0,200})$", "strong", fail=True,
            example="☒       split.transport.protocol: 'serial_usart' is not one of ['custom', 'i2c', 'serial']"),
        Msg(None, r"^Ψ Wrote keymap to \S+", "strong", example="Ψ Wrote keymap to /home/me/qmk_firmware/keyboards/crkbd/keymaps/mine/keymap.c"),
    ),
    group(
        "qmk_firmware lib/python/qmk/cli/flash.py _flash_binary (2021-2025): `qmk flash FILE` (audit-wrappers s18)",
        # `qmk flash FILE.hex|.bin` prints these three lines, then flashers.py polls USB for a known bootloader's VID:PID for up
        # to 10 minutes without a word; the flasher's own output follows once one appears. A paste that ends at the wait (or at
        # Ctrl-C) saw no bootloader appear
        Msg(None, r"^Flashing binary firmware\.\.\.", "strong", example="Flashing binary firmware..."),
        Msg("bootloader_wait", r"^Please reset your keyboard into bootloader mode now!", "strong",
            example="Please reset your keyboard into bootloader mode now!"),
        Msg(None, r"^Press Ctrl-C to exit\.$", "weak", example="Press Ctrl-C to exit."),
        Msg("wait_cancelled", r"^(?:Ψ )?Ctrl-C was pressed, exiting\.\.\.", "strong", example="Ψ Ctrl-C was pressed, exiting..."),
    ),
    group(
        "qmk_cli qmk_cli/subcommands/console.py (1.0-1.2): `qmk console` (audit-wrappers s18)",
        # hidapi's open_path refused the keyboard's console interface (cython-hidapi raises OSError/IOError "open failed"): on
        # Linux a /dev/hidraw node the user may not open without QMK's udev rules (50-qmk.rules' hidraw lines, or TAG+="uaccess")
        Msg("hid_open_denied", r"^(?:☒ )?Could not connect to .{1,160}? \((?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4}):\d+\): (?:OSError|IOError): open failed",
            "strong", fail=True, example="☒ Could not connect to Keychron Keychron Q1 (3434:0107:1): OSError: open failed"),  # (from the source's format)
    ),
    group(
        "qmk_firmware lib/python/qmk/cli/doctor.py (2019-2021) check_submodules (audit-wrappers s18)",
        # an uncloned submodule (LUFA, ChibiOS...) is an incomplete checkout, whose build stops at the submodule's makefiles;
        # one "not up to date" is only a warning sign
        Msg("build_error", r"^(?:☒ )?(?P<text>Submodule \S{2,80} has not yet been cloned!)", "strong", fail=True,
            example="☒ Submodule lib/chibios has not yet been cloned!"),  # (from the source's format)
        Msg("submodules_dirty", r"^(?:☒ )?Submodule \S{2,80} is not up to date!", "strong",
            example="☒ Submodule lib/lufa is not up to date!"),  # (from the source's format)
    ),
    group(
        "qmk_firmware lib/python/qmk/cli/doctor/linux.py (2021-2025; check_udev_rules, check_modem_manager, os_test_linux): "
        "`qmk doctor` warnings about this Linux host",
        # (from the source's format) no 50-qmk.rules (or an outdated one) for that bootloader family: on Linux the user may not
        # open the bootloader's raw USB device, so the flasher cannot use it (dfu-programmer/dfu-util find nothing, or fail)
        # (audit-wrappers s18) lib/python/qmk/cli/doctor.py 2019-2021 said "Missing udev rules for 'dfu' boards. You'll need to use
        # `sudo` in order to flash them." (families dfu, input_club, stm32, bootloadhid, caterina)
        Msg("udev_rules_missing", r"^(?:⚠ )?Missing (?:or outdated )?udev rules for '(?P<bootloader>[\w-]{2,30})' boards", "strong",
            example="⚠ Missing or outdated udev rules for 'atmel-dfu' boards. Run 'sudo cp /home/me/qmk_firmware/util/udev/50-qmk.rules /etc/udev/rules.d/'."),
        Msg(None, r"^(?:⚠ )?Found old, deprecated udev rules for '[\w-]{2,30}' boards", "strong",
            example="⚠ Found old, deprecated udev rules for 'stm32' boards. The new rules on https://docs.qmk.fm/#/faq_build?id=linux-udev-rules offer better security with the same functionality."),
        # (from the source's format) ModemManager.service is active and no rule tells it to leave Caterina's port alone: it opens
        # and probes the Pro Micro's bootloader port in the 8 s the bootloader waits
        Msg("modemmanager_detected", r"^(?:⚠ )?Detected ModemManager without (?:the necessary )?udev rules", "strong",
            example="⚠ Detected ModemManager without the necessary udev rules. Please either disable it or set the appropriate udev rules if you are using a Pro Micro."),
        Msg(None, r"^(?:⚠ )?Can't find udev rules, skipping udev rule checking", "strong", benign=True,
            example="⚠ Can't find udev rules, skipping udev rule checking..."),
        Msg(None, r"^Ψ Detected (?:Linux(?: \(WSL\))?|macOS|Windows)\b", "strong", example="Ψ Detected Linux (WSL)."),
        Msg(None, r"^(?:⚠ )?I/O performance on /mnt may be extremely slow", "strong", benign=True,
            example="⚠ I/O performance on /mnt may be extremely slow."),
    ),
    group(
        "qmk_firmware builddefs/message.mk (2021-2025; tmk_core/rules.mk before): the size check, the build's step status and summary",
        # (from the source's format) the size check found an empty or truncated image (MSG_FILE_TOO_SMALL)
        Msg("build_error", r"The firmware is too small! (?P<size>\d+)/(?P<limit>\d+)", "strong", fail=True, convert=(("size", int), ("limit", int)),
            example=" * The firmware is too small! 0/28672"),
        # a build step that ended with warnings, or fine, or skipped (BUILD_CMD's status column): a normal line of a build
        Msg(None, r"^(?:Compiling|Linking|Assembling|Creating [\w ]{3,40}?|Copying \S+ to qmk_firmware folder|Generating|Cleaning project|Checking stack size of \S+)"
            r":?\s.{0,240}?\[(?:OK|WARNINGS|SKIPPED)\]$", "strong", benign=True,
            example="Compiling: keyboards/crkbd/keymaps/waples/keymap.c                                                [WARNINGS]"),
        # MSG_ERRORS after a failed step: the failing step's own lines carry the cause (a ':dfu' run prints it when only the
        # flasher's exit status was non-zero, so it is no build failure by itself)
        Msg(None, r"^Make finished with errors", "weak", example="Make finished with errors"),
        Msg(None, r"^Available stack size: -?\d+ bytes", "strong", example="Available stack size: 112 bytes"),
        # MSG_NOT_REPO: a zip download instead of a clone: no git submodules (LUFA, ChibiOS...), so the build stops at their makefiles
        Msg("submodules_dirty", r"WARNING:\s+Target folder is not a git repo, you probably downloaded a zip file", "strong",
            example="WARNING: Target folder is not a git repo, you probably downloaded a zip file instead of cloning."),
        Msg(None, r"^Flashing '\S+' for EE_HANDS split keyboard support", "strong",
            example="Flashing 'eeprom-lefthand.eep' for EE_HANDS split keyboard support."),
    ),
    group(
        "qmk_toolbox windows 0.0.6-0.3.4 (MainWindow.cs, Usb/*.cs, Flashing.cs), macos 0.0.x-0.3.4: device log lines no row knew",
        # 0.1+: "<bootloader> device disconnected (<driver>): <manufacturer> <product> (VID:PID:REV) [COMn]" (the device left:
        # a flash's reset, a replug, or Caterina's 8-second window ending)
        Msg("device_disconnected", r"^(?:\*\*\* )?(?P<bootloader>[\w/ ]{1,40}?) device disconnected(?: \((?P<driver>[^)]*)\))?:? .*?"
            r"\((?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4}):[0-9A-Fa-f]{4}\)", "strong",
            example="Caterina device disconnected (usbser): Microsoft USB Serial Device (COM13) (2341:0037:0001) [COM13]"),
        # 0.0.7-0.0.8: "*** DFU device connected: ATm32U4DFU -- 0x03EB:0x2FF4" (from the source's format)
        Msg("bootloader_connected", r"^(?:\*\*\* )?(?P<bootloader>[\w/ ]{1,40}?) device connected: .{0,120}? -- 0x(?P<vid>[0-9A-Fa-f]{4}):0x(?P<pid>[0-9A-Fa-f]{4})\b",
            "strong", example="*** DFU device connected: ATm32U4DFU -- 0x03EB:0x2FF4"),
        Msg("device_disconnected", r"^(?:\*\*\* )?(?P<bootloader>[\w/ ]{1,40}?) device disconnected: .{0,120}? -- 0x(?P<vid>[0-9A-Fa-f]{4}):0x(?P<pid>[0-9A-Fa-f]{4})\b",
            "strong", example="*** DFU device disconnected: ATm32U4DFU -- 0x03EB:0x2FF4"),
        # macOS 0.0.x: the bare "*** Caterina device disconnected" (no ids), the partner of the bare connected line
        Msg("device_disconnected", r"^(?:\*\*\* )?(?P<bootloader>Caterina|DFU|Atmel DFU|Halfkay|HalfKay|STM32|STM32 DFU|Kiibohd|BootloadHID|APM32 DFU"
            r"|STM32duino|Atmel SAM-BA|LUFA HID|LUFA MS|USBasp|USBTiny|AVRISP) device disconnected$", "strong",
            example="*** Caterina device disconnected"),
        # (kbd-dev s22) qmk_toolbox windows/QMK Toolbox/Hid/HidConsoleWindow.cs and macos/.../HIDConsoleViewController.swift (0.2-0.3):
        # "HID console connected: {device}" is the keyboard's running firmware (its Console endpoint), not a bootloader: a Toolbox
        # log with only these lines saw no flashable device (qmk_toolbox#424: "The HID console connected line is unrelated")
        Msg("app_console", r"^(?:\*\*\* )?HID console connected(?::| \()", "strong", example="HID console connected: Keychron Keychron Q1 (3434:0107:0205)"),
        Msg(None, r"^(?:\*\*\* )?HID console disconnected(?::| \()", "strong", example="HID console disconnected: Keychron Keychron Q1 (3434:0107:0205)"),
        Msg(None, r"^(?:\*\*\* )?(?:Attempting to (?:clear EEPROM|set handedness), please don't remove device|EEPROM (?:clear|write) complete"
            r"|Please reflash device with firmware now|Done, please eject drive now\.|Device has been erased - please reflash)", "strong",
            example="EEPROM clear complete"),
        # 0.0.6-0.1.1 (from the source's format): no bootloader connected when Flash or Reset was pressed
        Msg("bootloader_not_found", r"^(?:\*\*\* )?(?:There are no devices available|No (?:flashable|resettable) device connected|No \"[\w]{2,30}\" DFU device connected)",
            "strong", fail=True, example="*** There are no devices available"),
        # 0.0.6-0.1.1 (from the source's format): the image is bigger than the selected MCU's flash
        Msg("image_too_large", r"^(?:\*\*\* )?File is too large for device", "strong", fail=True, example="*** File is too large for device"),
        # macOS 0.1-0.3 (from the source's format): the LUFA Mass Storage copy failed, or its volume was not found
        Msg("toolbox_error", r"^(?:\*\*\* )?(?:IO Error: .{1,200}|Could not find mount path for device!)$", "strong", fail=True,
            example="IO Error: The file \"FLASH.BIN\" couldn't be saved in the folder \"KEYBOARD\"."),
    ),
)


# (firmware-build s22 review) QMK's context: a qmk_firmware path, a keyboards/ path, the build's banner ("QMK Firmware 0.x",
# "Making <kb> with keymap <km>"), `qmk compile` / `qmk flash`, or a typed `make <keyboard>:<keymap>` (with a prompt or alone
# on its line: not a sentence quoting make's refusal)
_QMK_CONTEXT = re.compile(r"qmk_firmware|(?:^|[\s/\\])keyboards/\w|QMK Firmware \d|^\s*Making \S+ with keymap |\bqmk (?:compile|flash)\b"
                          r"|^\s*(?:(?:\S+\s)?\S*[$#>%]\s*)?(?:sudo\s+)?(?:make|qmk)\s+(?:-\S+\s+)*[\w.+/-]+:[\w.+-]+(?::[\w-]+)?\s*$"
                          # a <keyboard>:<keymap>:<flash target> of QMK's own (docs/getting_started_make_guide.md) in make's refusal
                          r"|No rule to make target [`'][\w.+/-]+:[\w.+-]+:(?:flash|dfu|dfu-util|dfu-split-\w+|avrdude|avrdude-split-\w+|teensy|bootloadhid|uf2|uf2-split-\w+)'")

# (kbd-dev s22 review) a text that says the HID console is used to debug, or that flashing works: "HID console connected" is
# then the console in use, not a Toolbox waiting for a bootloader
_CONSOLE_USED = re.compile(r"\b(?:(?:using|use|used|open(?:ed)?|in|from|via|with) (?:the )?(?:QMK Toolbox'?s? )?(?:HID )?console\b|debug(?:ging)?\b"
                          r"|\bconsole (?:output|log|shows|says|prints)\b"
                          r"|\bflash(?:ing|ed)? (?:works|worked|is fine|was fine|went fine|succeeded|is ok)\b|\bflashes fine\b)", re.I)
_SENTENCE = re.compile(r"[A-Z][a-z']*(?: [\w',]+){3,}.*[.?!]$")


@register
class QmkParser(TableParser):
    name = "qmk"
    namespace = "flash"
    frame = True  # (framing s21) its header and verdict stand around an uploader's output (Parser.frame)
    messages = MESSAGES
    hints = ("compiling keymap", "qmk", "making ", "firmware is too large", "firmware size is", "checking file size", "bootloader not found", "trying again",
             "flashing for bootloader", "reset your controller", "has appeared", "become writable", "caterina", "device connected",
             "driver assigned", "attempting to flash", "flash complete", "no modem port found", "[errors]", "no rule to make target", ".mk:", "ram usage",
             "submodules", "qmk hello", ":flash", "found port", "error: ", "undefined reference", ".build/", "☒", "com port not found",
             "file does not exist", "please select", "could not start process", "enumeration failed", "mount point", ".bin format",
             "could not download", "io error", "only firmware files", "launch path", "remapped", "windows subsystem for linux",
             "keyboards/", "quantum/", "tmk_core/", "users/", "gccversion]",
             " bytes over)",  # (gather-wrappers s20) the size line with its coloured text stripped (QMK Configurator)
             # (serial s8 audit)
             "available on your system", "specifying the mcu", "known bootloader", "could not determine", "you must supply", "wrote keymap",
             "udev rules", "modemmanager", "detected", "i/o performance", "too small", "[ok]", "[warnings]", "[skipped]", "make finished",
             "stack size", "not a git repo", "ee_hands", "disconnected", "hid console", "eeprom", "reflash", "eject drive",
             "no devices available", "device connected", "too large for device", "io error", "mount path", "attempting to", "is not ",
             # (audit-wrappers s18) `qmk flash FILE`
             "flashing binary firmware", "into bootloader mode", "press ctrl-c to exit", "ctrl-c was pressed", "could not connect to")
    event_kinds = ("image_too_large",)

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.fields: dict[str, Any] = {}
        self.devices: list[dict[str, Any]] = []
        self.lines_seen = 0
        self.attempt_at: int | None = None
        self.qmk_context = False  # (firmware-build s22 review) a line only QMK prints or takes (_QMK_CONTEXT)
        self.console_at: int | None = None  # (kbd-dev s22 review) the line of the last "HID console connected"
        self.console_used = False  # the keyboard's console output followed it, or the text says the console is in use

    def feed(self, lineno: int, line: str) -> None:
        if line.strip():
            self.lines_seen += 1
        if not self.qmk_context and _QMK_CONTEXT.search(line):
            self.qmk_context = True
        if not self.console_used and _CONSOLE_USED.search(line):
            self.console_used = True
        super().feed(lineno, line)

    def on_unmatched(self, lineno: int, line: str) -> None:
        # (kbd-dev s22 review) the Toolbox prints the keyboard's console output ("> KL: kc: 43, ...", "> raw 0->338"; the
        # splitter strips the "> ") right under "HID console connected": the console is being used, not a flash looked for.
        # A sentence (prose after the paste) is not such output
        if self.console_at is not None and lineno == self.console_at + 1 and not _SENTENCE.match(line.strip()):
            self.console_used = True

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is None:
            for key in ("keyboard", "target", "bootloader"):
                if g.get(key):
                    self.fields.setdefault("extra", {})[key] = g[key]
            return
        if ev["kind"] == "bootloader_connected":
            self.name_as("qmk-toolbox")
            vid, pid = id4(ev.pop("vid2", None) or ev.get("vid")), id4(ev.pop("pid2", None) or ev.get("pid"))
            ev["vid"], ev["pid"] = vid, pid
            if ev.get("driver") and ev["driver"].upper() == "NO DRIVER":
                ev["fail"] = True
                self.event("driver_missing", lineno, line, vid=vid, pid=pid, fail=True)
            elif ev.get("driver") and (need := _NEEDS_DRIVER.get(str(ev.get("bootloader") or "").strip().lower())) \
                    and ev["driver"].strip().lower() not in (need.lower(), "usbccgp") and not _app_pid(vid or "", pid or ""):
                # an older Toolbox (0.0.x-0.1.x) names the driver but does not check it: a Caterina bound to libusb0/WinUSB
                # (Zadig) has no COM port for avrdude (qmk_toolbox#334), a HalfKay without HidUsb is no HID device. Not the
                # composite parent (usbccgp: the port is on its child) nor a running sketch's id taken for Caterina
                self.event("driver_missing", lineno, line, vid=vid, pid=pid, driver=ev["driver"], preferred=need, fail=True)
            # (keyboards s7) the serial port the Toolbox found for it: "(COM4)" in the caption, "[COM4]" or "[/dev/cu.usbmodem1101]"
            # after the ids. A Caterina line without one: Windows made no COM port for it (no usbser driver bound: an old
            # Windows, a vendor or libusb driver), so the Toolbox starts avrdude with an empty -P (qmk_toolbox#203, #334)
            pm = _PORT.search(line)
            if pm:
                ev["port"] = next(g for g in pm.groups() if g)
            if vid and pid:
                dev: dict[str, Any] = {"vid": vid, "pid": pid, "origin": "pasted", "line": line.strip()[:300]}
                role = classify_usb(vid, pid)
                dev.update(role)
                self.devices.append(dev)
                # Toolbox 0.0.x took any Arduino-VID device for Caterina: an id the table does not know as a Caterina
                # bootloader (2341:8037 is the Micro's running sketch / keyboard firmware, 0x8000 set) is the application
                if (ev.get("bootloader") or "").lower() == "caterina" and role.get("role") != "caterina" and _app_pid(vid, pid):
                    ev["app_id"] = True
        if ev["kind"] == "app_console":
            self.console_at = lineno
        if ev["kind"] == "flash_attempt":
            self.attempt_at = self.lines_seen
        elif ev["kind"] == "flash_succeeded" and self.attempt_at is not None and self.lines_seen - self.attempt_at == 1:
            # QMK Toolbox said "Flash complete" right after "Attempting to flash" with not one line of the flasher's output
            # between them: the flasher did not run or its output was lost (Toolbox 0.3.2 with Caterina boards)
            ev["empty"] = True
        if ev["kind"] in ("driver_missing", "flash_succeeded", "com_port_not_found", "toolbox_error", "image_format_mismatch") or (
                ev["kind"] in ("image_missing", "tool_missing") and row.src.startswith("qmk_toolbox")):
            self.name_as("qmk-toolbox")
        elif ev["kind"] == "image_too_large":
            self.fields["success"] = False

    def name_as(self, tool: str) -> None:
        self.fields["tool"] = tool

    def summary(self) -> dict[str, Any]:
        # (firmware-build s22 review) "No rule to make target 'a:b'" is QMK's keyboard:keymap only beside QMK's own context;
        # any other make's target with a colon ('install:local') stays an unexplained failed line
        if not self.qmk_context:
            self.events = [e for e in self.events if not (e["kind"] == "build_error" and e.get("what") == "keyboard")]
            # (keyboards s25 review) "needed by 'elf'" without QMK's context: any WinAVR-template makefile (an AVR project, an old
            # tmk tree): FW005 reads it as a plain make build, without QMK's advice
            for e in self.events:
                if e["kind"] == "build_error" and e.get("needed"):
                    e["what"] = "make"
        s = dict(self.fields)
        if self.console_used:
            for e in self.events:
                if e["kind"] == "app_console":
                    e["console_used"] = True  # BOOT001's "nothing to flash" skips it
        if self.events and self.events[-1]["kind"] == "serial_port_wait":
            self.events[-1]["unfinished"] = True  # no port appeared before the paste ends (the rules also ask for no uploader run)
        # (audit-wrappers s18) `qmk flash FILE`'s silent wait for a bootloader, last in the block or ended by Ctrl-C: the rules
        # also ask that no flasher ran (its output is another parser's block)
        tail = [e["kind"] for e in self.events[-2:]]
        if tail[-1:] == ["bootloader_wait"] or tail == ["bootloader_wait", "wait_cancelled"]:
            next(e for e in reversed(self.events) if e["kind"] == "bootloader_wait")["unfinished"] = True
        if self.events and self.events[-1]["kind"] == "port_wait_writable":
            # nothing of QMK's after the wait: the port never became writable, unless the uploader's own output follows
            # (another parser's block: the rules look for an avrdude run)
            self.events[-1]["unfinished"] = True
        if any(e.get("fail") for e in self.events):
            s["success"] = False
        elif any(e["kind"] == "flash_succeeded" and not e.get("empty") for e in self.events):
            s["success"] = True
        return s

    def finish(self) -> dict[str, Any]:
        out: dict[str, Any] = {self.namespace: {"runs": [self.run(**self.summary())]}}
        if self.devices:
            out["usb"] = {"devices": self.devices}
        return out
