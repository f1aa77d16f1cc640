"""Keyboard firmware tools that have no parser of their own (keyboards s7), each as a message table:

- ZMK's build (`west build -s zmk/app -b <board> -- -DSHIELD=...`, locally or in the zmk-config GitHub Actions workflow,
  build-user-config.yml): Zephyr's CMake stage reports a bad keymap or shield as "devicetree error: <file>:<line> ...",
  "CMake Error at .../dts.cmake:NNN (message): gen_defines.py failed", Kconfig as "error: Aborting due to Kconfig
  warnings"; west ends with "FATAL ERROR: command exited with status 1: ...cmake..." and Actions with "Error: Process
  completed with exit code 1." -> `build_error` (FW005: the firmware build failed). Tool "zmk".
- Copying a .uf2 onto a UF2 bootloader's drive (nice!nano, Adafruit nRF52, the Kinesis 360's ADV360PRO) from macOS: the
  bootloader writes the image and resets, the volume vanishes under Finder, and Finder reports an error although the
  board was flashed: macOS 13.0 "unexpected error occurred (error code 100093)" (kPOSIXErrorENOATTR, the extended
  attributes it writes after the data), macOS 14 "(Error code -36)" on the .uf2 and `cp`'s "fcopyfile failed:
  Input/output error" (ZMK docs, troubleshooting; zmk#1510, #2189; Adv360-Pro-ZMK#43, #261, #453) -> `uf2_copy_os_error`,
  benign: the copy reached the board. Tool "uf2-copy".
- The Sonix SN32 "USB MCU ISP Tool" (XONiX/Sonix, used by SonixQMK for Womier, Keychron K-series and other SN32F2xx
  keyboards): "Command Responce :FW Version is not for this chip. Failed!!" -> `isp_chip_mismatch` (FW002: the image is
  for another SN32 part); a handshake or "Get Firmware Version" failure on an id that is not Sonix's bootloader (0C45) ->
  `isp_no_bootloader` (the keyboard's own firmware answered, not its bootloader). Tool "sonix-isp".
- Keyboard configurator apps that run dfu-util and report only its exit status: Keyboardio's Chrysalis ("dfu-util exited
  abnormally with an error code of 74") and Input Club's configurator ("Exited with code 74 (dfu-util could not find device
  in flash mode)"). dfu-util exits 74 (EX_IOERR) when it finds or opens no DFU device -> `dfu_util_exit` with `code`.
  Tools "chrysalis", "kiibohd-configurator".
- (vial-hid-kb s13) HID apps on Linux refused a /dev/hidraw node (EACCES: no udev rule for the user): hidapi's "Failed to
  open a device with path '/dev/hidrawN': Permission denied" as the apps built on it quote it, HidSharp's "Not permitted
  to open HID class device at ...", keyleds' "not opening device ...: Permission denied", OpenLinkHub's "Invalid
  permissions" -> `usb_access_denied`; OpenLinkHub's "Unable to open HID device" on a hidraw path -> `hid_open_denied`
  (USB004). VIA's "Fetching v2/v3 definition failed" -> `via_definition_missing` (the keyboard answered; VIA lacks its
  definition). Tools "hidapi", "hidsharp", "keyleds", "openlinkhub".
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of
from doctor.parsers.claims import _FW_RUNS, _NOSD_BUILD

_NOSD_OR_RUNS = re.compile(f"(?i)(?:{_NOSD_BUILD.removeprefix('(?i)')})|(?:{_FW_RUNS.removeprefix('(?i)')})")

_CODE = (("code", int),)

ZMK_MESSAGES = rows_of(
    group(
        "Zephyr 2.5-3.5 west build / cmake (cmake/dts.cmake, scripts/dts, west commands), ZMK app/ and build-user-config.yml",
        Msg(None, r"^(?:Run |\+ )?west build -s (?:zmk/)?app\b", "strong", example="+ west build -s zmk/app -d /tmp/tmp.ytW6hHu9nt -b nice_nano_v2 -- -DSHIELD=corne_left"),
        Msg(None, r"^-- west build: (?:generating a build system|building application)", "strong", example="-- west build: generating a build system"),
        Msg(None, r"^-- (?:ZMK Config directory|ZMK Config Kconfig|Using keymap file|Zephyr version): ", "strong",
            example="-- Using keymap file: /__w/zmk-config/zmk-config/config/corne.keymap"),
        Msg("build_error", r"^devicetree error: (?P<text>.{1,300})$", "strong", fail=True,
            example="devicetree error: /tmp/zmk-config/zmk/app/boards/shields/corne/corne.dtsi:76 (column 1): parse error: undefined node label 'pro_micro_i2c'"),
        Msg("build_error", r"^error: Aborting due to Kconfig warnings", "strong", fail=True, example="error: Aborting due to Kconfig warnings"),
        Msg("build_error", r"^FATAL ERROR: command exited with status (?P<code>\d+): \S*(?:cmake|ninja)", "strong", fail=True, convert=_CODE,
            example="FATAL ERROR: command exited with status 1: /usr/local/bin/cmake -DWEST_PYTHON=/usr/bin/python3 -B/__w/zmk-config/zmk-config/build"),
        # (keyboards s8) Zephyr cmake/modules/shields.cmake and boards.cmake (2.x-4.x; cmake/app/boot.cmake before 2.7): a SHIELD or
        # BOARD that no board root or module provides is named first ("No shield named 'X' found", "No board named 'X' found"),
        # the known ones listed, then the configure step stops ("Invalid SHIELD; see above." / "Invalid BOARD; see above.").
        # In a zmk-config: a shield in a repository that is not set up as a module (zephyr/module.yml with board_root, or
        # listed in west.yml), a typo in build.yaml, a board name another ZMK/Zephyr version renamed (englmaxi/zmk-config#8,
        # carrefinho/prospector-zmk-module#13). The build fails; nothing is flashed.
        Msg("build_error", r"^No (?P<what>shield|board) named '(?P<name>[^']{1,120})' found", "strong", fail=True,
            example="No shield named 'prospector_adapter' found"),
        Msg("build_error", r"^\s*Invalid (?P<what>SHIELD|BOARD); see above\.", "strong", fail=True,
            example="  Invalid SHIELD; see above."),
        # ZMK's reusable workflow (build-user-config.yml) from `@main` (Zephyr 4.1, hardware model v2) checks a board it cannot
        # identify with `west boards --format "{qualifiers}"`; a config whose west.yml pins ZMK v0.1-v0.3 (Zephyr 3.5) has a
        # boards.py without that field and west dies with this KeyError: the workflow and the pinned ZMK are of different
        # eras (many zmk-config notes: pin both to the same tag, or move both to main with board//zmk names)
        Msg("build_error", r"^KeyError: 'qualifiers'$", "strong", fail=True, attrs={"text": "workflow-zmk-mismatch"},
            example="KeyError: 'qualifiers'"),
        Msg(None, r"^Please choose from among the following (?:shields|boards)", "strong",
            example="Please choose from among the following shields:"),
        # a CMake error raised by Zephyr's own cmake modules (the path names zephyr/cmake/): Zephyr's configure step failed
        Msg("build_error", r"^CMake Error at (?P<path>\S*zephyr\S*/cmake/\S+\.cmake):\d+", "strong", fail=True,
            example="CMake Error at /tmp/zmk-config/zephyr/cmake/modules/shields.cmake:134 (message):"),
        Msg("build_error", r"^CMake Error at (?P<path>\S+)", "none", fail=True,
            example="CMake Error at /__w/zmk-config/zmk-config/zephyr/cmake/dts.cmake:205 (message):"),
        Msg("build_error", r"^\S+\.(?:c|h|keymap|dtsi|dts|overlay|conf):\d+(?::\d+)?: (?:fatal )?error: (?P<text>.{1,300})$", "none", fail=True,
            example="/__w/zmk-config/zmk-config/config/corne.keymap:42:5: error: 'KC_FOO' undeclared"),
        Msg(None, r"^ninja: build stopped: subcommand failed", "none", fail=True, example="ninja: build stopped: subcommand failed."),
        Msg(None, r"^Error: Process completed with exit code (?P<code>\d+)", "none", fail=True, convert=_CODE,
            example="Error: Process completed with exit code 1."),
    ),
)

UF2_MESSAGES = rows_of(
    group(
        "macOS Finder and cp copying onto a UF2 bootloader's FAT volume (macOS 13.0, 14.x), as ZMK documents them",
        # the volume resets as soon as the image is written: Finder's follow-up (extended attributes, metadata) fails
        Msg("uf2_copy_os_error", r"(?:can.t be completed|can.t complete the operation).{0,120}\(error code (?P<code>100093|-36)\)", "strong",
            benign=True, attrs={"os": "macos"},
            example="The operation can’t be completed because an unexpected error occurred (error code 100093)."),
        Msg("uf2_copy_os_error", r"^The Finder can.t complete the operation because some data in .{1,200}\.uf2.{0,4} can.t be read or written", "strong",
            benign=True, attrs={"os": "macos"},
            example="The Finder can’t complete the operation because some data in “left.uf2” can’t be read or written."),
        Msg("uf2_copy_os_error", r"^\(Error code (?P<code>-36|100093)\)$", "none", benign=True, attrs={"os": "macos"}, example="(Error code -36)"),
        # (keyboards2 s9) the same Finder errors as people quote them: inside their own sentence ("results in MacOS generating
        # (error code -36)"), the Finder dialog in quotes with the file name replaced ('filename'), and macOS 14.5+'s "the
        # device disappeared" when the bootloader resets before Finder is done (Adafruit_nRF52_Bootloader#330: spurious,
        # the update is applied; Adv360-Pro-ZMK#294)
        Msg("uf2_copy_os_error", r"\([Ee]rror code (?P<code>-36|100093)\)", "weak", benign=True, attrs={"os": "macos"},
            example="results in MacOS generating (error code -36)."),
        Msg("uf2_copy_os_error", r"^[\"'“]?The Finder can.t complete the operation because some data in .{1,200} can.t be read or written", "weak",
            benign=True, attrs={"os": "macos"},
            example="\"The Finder can't complete the operation because some data in 'filename' can't be read or written\""),
        Msg("uf2_copy_os_error", r"^The operation can.t be completed because the device disappeared\.?$", "weak", benign=True,
            attrs={"os": "macos"}, example="The operation can’t be completed because the device disappeared."),
        Msg("uf2_copy_os_error", r"^(?:cp|rsync): .{0,200}\.uf2.{0,80}fcopyfile failed: Input/output error", "strong", benign=True,
            attrs={"os": "macos"}, example="cp: /Volumes/NICENANO/zmk.uf2: fcopyfile failed: Input/output error"),
    ),
    # (kbd-dev s22) The nRF52 UF2 bootloader's INFO_UF2.TXT (adafruit/Adafruit_nRF52_Bootloader src/usb/uf2/ghostfat.c, and the
    # nice!nano, Seeed XIAO, OTAFIX builds of it): "UF2 Bootloader <version> lib/nrfx (...) lib/tinyusb (...) lib/uf2 (...)",
    # "Model:", "Board-ID:", "Date:", and since 0.3.2 (2020) a "SoftDevice:" line: "S140 version 6.1.1" (0.3.2-0.6.1, sprintf),
    # "S140 6.1.1" (0.6.2 on), or "not found". Without a SoftDevice the bootloader starts the application right after the MBR
    # (0x1000): an image linked to sit behind a SoftDevice (ZMK's default nRF52840 boards, the Adafruit/Seeed Arduino cores) never
    # runs there (rmk#799: ZMK after RMK, fixed by the nrf52840-nosd build). Only the state is read; FW001 pairs it with a failure.
    group(
        "Adafruit_nRF52_Bootloader src/usb/uf2/ghostfat.c 0.2.x-0.9.x: INFO_UF2.TXT of the nRF52 UF2 drive",
        Msg(None, r"^\s*UF2 Bootloader \d+\.\d+\.\d+[\w.+-]* lib/nrfx \(", "strong",
            example="UF2 Bootloader 0.6.2-12-g459adc9-dirty lib/nrfx (v2.0.0) lib/tinyusb (0.10.1-293-gaf8e5a90) lib/uf2 (remotes/origin/configupdate-9-gadbb8c7)"),
        Msg(None, r"^\s*SoftDevice:\s*S1\d\d (?:version )?\d+\.\d+\.\d+\s*$", "strong", example="SoftDevice: S140 version 6.1.1"),
        Msg("uf2_no_softdevice", r"^\s*SoftDevice:\s*not found\s*$", "strong", benign=True, example="SoftDevice: not found"),
    ),
)

SONIX_MESSAGES = rows_of(
    group(
        "Sonix USB MCU ISP Tool 2.x (XONiX) log pane, as SonixQMK users paste it",
        Msg(None, r"^Bin File Check Sum ?: [0-9A-Fa-f]{4}", "strong", example="Bin File Check Sum : DB60"),
        Msg(None, r"^Open USB HID Device\.\.\.", "weak", example="Open USB HID Device..."),
        Msg("isp_device", r"^-+VID: ?(?P<vid>[0-9A-Fa-f]{4}) PID: ?(?P<pid>[0-9A-Fa-f]{4})-+ No\. ?\d+", "strong",
            example="----VID: 0C45 PID: 7687----- No. 001"),
        Msg("isp_chip_mismatch", r"FW Version is not for this chip", "strong", fail=True,
            example="Command Responce :FW Version is not for this chip. Failed!!"),
        Msg("isp_handshake_failed", r"(?:Protocol Handshake Error|Command Header ?:Get Firmware Version \(0x01\) Failed)", "strong", fail=True,
            example="Command Header :Get Firmware Version (0x01) Failed!!"),
    ),
)

APP_MESSAGES = rows_of(
    group(
        # (avr-keyboards s10) Keyboardio Kaleidoscope's Linux port finder (bin/find-device-port-linux-udev, perl, 2018-2021,
        # run by kaleidoscope-builder / `make flash` for the Model 01): it walks /dev/serial/by-id, asks udevadm for each
        # node's properties and, when the keyboard's node carries ID_MM_CANDIDATE=1, warns that ModemManager may probe it
        # (the node is not covered by the project's 60-/99-kaleidoscope.rules, which set ID_MM_DEVICE_IGNORE). That
        # property is udev's own statement that ModemManager will open the port; keyboardio/Model01-Firmware#58 failed
        # with "Device or resource busy" right after it. kaleidoscope-builder then stops with "(I c|C)ouldn't autodetect
        # the keyboard's serial port" when no node matched (keyboard not on this host's USB, e.g. under WSL: Kaleidoscope#686)
        "Keyboardio Kaleidoscope bin/find-device-port-linux-udev and bin/kaleidoscope-builder (2018-2021)",
        Msg("modemmanager_candidate", r"your udev rules are currently configured to suggest", "strong", attrs={"app": "kaleidoscope"},
            example="WARNING: your udev rules are currently configured to suggest"),
        Msg(None, r"^that your keyboard is suitable for use by ModemManager\.", "strong", attrs={"app": "kaleidoscope"},
            example="that your keyboard is suitable for use by ModemManager.  This"),
        Msg(None, r"ID_MM_DEVICE_IGNORE is set - good!", "strong", benign=True, attrs={"app": "kaleidoscope"},
            example="  ID_MM_DEVICE_IGNORE is set - good!"),
        Msg(None, r"^Looking for USB device with vid=(?P<vid>[0-9a-fA-F]{4}) and pid=(?P<pid>[0-9a-fA-F]{4})\s*$", "strong",
            attrs={"app": "kaleidoscope"}, example="Looking for USB device with vid=1209 and pid=2301"),
        Msg("keyboard_port_not_found", r"I couldn't find a USB device matching the keyboard's USB Vendor and Device IDs", "strong", fail=True,
            attrs={"app": "kaleidoscope"}, example="ERROR: I couldn't find a USB device matching the keyboard's USB Vendor and Device IDs"),
        Msg("keyboard_port_not_found", r"^(?:I c|C)ouldn't autodetect the keyboard's serial port", "strong", fail=True,
            attrs={"app": "kaleidoscope"}, example="I couldn't autodetect the keyboard's serial port."),
        # kaleidoscope-builder's flash step (2017-2021): the command `make flash` runs and its prompts; the keyboard itself
        # starts it (PROG held, Enter pressed), and after the reset it looks for the bootloader's port (2020+)
        Msg(None, r"/kaleidoscope-builder\"? flash\b", "strong", attrs={"app": "kaleidoscope"},
            example='BOARD_HARDWARE_PATH="/home/albx/Arduino/hardware" /home/albx/Arduino/hardware/keyboardio/avr/libraries/Kaleidoscope/bin//kaleidoscope-builder flash'),
        Msg(None, r"^To update your keyboard's firmware, hold down the 'Prog' key", "strong", attrs={"app": "kaleidoscope"},
            example="To update your keyboard's firmware, hold down the 'Prog' key on your keyboard,"),
        Msg("keyboard_bootloader_not_found", r"Unable to detect a keyboard in bootloader mode", "strong", fail=True, attrs={"app": "kaleidoscope"},
            example="Unable to detect a keyboard in bootloader mode. You may need to hold the 'Prog' key or hit a reset button"),
    ),
    group(
        "Keyboardio Chrysalis 0.11-0.13 (flash via dfu-util for the Model 100) log",
        Msg("dfu_util_exit", r"dfu-util exited abnormally(?: with an error code of (?P<code>\d+))?", "strong", fail=True, convert=_CODE,
            attrs={"app": "chrysalis"}, example='error: "dfu-util exited abnormally with an error code of 74"'),
        Msg(None, r"^Error while uploading firmware", "weak", example="Error while uploading firmware"),
    ),
    group(
        # (keyboards-arduino s21) keyboard apps that reset the keyboard, or one module of it, into its bootloader and then wait
        # for that bootloader: when it never answers, the entry did not happen (the module has to be replugged to catch its
        # bootloader, or the board put in bootloader mode by hand) -> `keyboard_bootloader_not_found`.
        # UHK Agent (UltimateHackingKeyboard/agent packages/uhk-usb/src/uhk-operations.ts, 1.2-8.x): waitForKbootIdle() logs
        # "[DeviceOperation] Cannot ping the bootloader. Please remove the "<module>" module, and keep reconnecting it until you
        # (do not) see this message (anymore)." every second, updateModuleWithKboot() then "[UhkOperations] Couldn't connect to
        # the "<module>"." (agent#1558: the left half unbricked by reconnecting it during the update)
        "UHK Agent uhk-operations.ts module update (kboot over I2C); Dygma Bazecor 0.3-1.x src/api/flash (Raise/Defy)",
        # (review s21) the ping line is Agent's routine prompt while it waits (a healthy module update prints it every second until
        # the module is replugged), so it is no failure by itself: a later progress line ("Waiting for buspal", "Try to connect to
        # the ...") or '"<module>" firmware successfully flashed' marks it answered (KeyboardAppParser.on_event); BOOT001 reads
        # only a ping left unanswered. Only the log's own line (a prefix in brackets at most), not a sentence quoting it
        Msg("keyboard_bootloader_not_found", r"^(?:[^\s\]]{0,40}\]\s*)?Cannot ping the bootloader\.", "strong", benign=True,
            attrs={"app": "uhk-agent"},
            example='[DeviceOperation] Cannot ping the bootloader. Please remove the "Left keyboard half" module, and keep reconnecting it until you see this message.'),
        Msg("keyboard_bootloader_answered", r"^\[UhkOperations\] (?:Waiting for buspal|Try to connect to the \S)", "weak",
            attrs={"app": "uhk-agent"}, example='[UhkOperations] Try to connect to the "Left keyboard half"'),
        Msg("keyboard_module_flashed", r'^\[UhkOperations\] "(?P<module>[^"]{1,80})" firmware successfully flashed', "strong",
            attrs={"app": "uhk-agent"}, example='[UhkOperations] "Left keyboard half" firmware successfully flashed'),
        # updateModuleWithKboot()'s other wording of the failed connection (the error Agent shows once it gave up)
        Msg("keyboard_bootloader_not_found", r'\bCan not connect to the "[^"]{1,80}"', "strong", fail=True,
            attrs={"app": "uhk-agent"}, example='Error: Can not connect to the "Left keyboard half"'),
        Msg("keyboard_bootloader_not_found", r"\[UhkOperations\] Couldn't connect to the \S", "strong", fail=True,
            attrs={"app": "uhk-agent"}, example='[UhkOperations] Couldn\'t connect to the "Left keyboard half".'),
        Msg(None, r"^\[(?:UhkHidDevice|DeviceOperation|UhkOperations|DeviceService)\] ", "weak", attrs={"app": "uhk-agent"},
            example="[UhkHidDevice] Device communication closing."),
        # Bazecor 0.3.x src/api/flash/index.js resetKeyboard() logs "Waiting for bootloader", then "Bootloader didn't detect" and
        # throws "The firmware update couldn't start because the Raise Bootloader wasn't found. ..."; 1.x RaiseTools.ts,
        # raiseFlasher/flash.js and defyFlasher/flash.ts keep the error for the Raise and the Defy (Bazecor#207: the update
        # worked once the keyboard was put in bootloader mode by hand)
        Msg("keyboard_bootloader_not_found", r"The firmware update couldn't start because the \w[\w ]{0,20}? Bootloader wasn't found",
            "strong", fail=True, attrs={"app": "bazecor"},
            example="Reset keyboard: Error: The firmware update couldn't start because the Raise Bootloader wasn't found. Please check our Help Center for more details or schedule a video call with us."),
        Msg(None, r"^Bootloader didn't detect\s*$", "strong", attrs={"app": "bazecor"}, example="Bootloader didn't detect"),
        Msg(None, r"^(?:Neuron detected|Resetting neuron|Waiting for bootloader|Settings backed up OK)\s*$", "weak", attrs={"app": "bazecor"},
            example="Resetting neuron"),
    ),
    group(
        # (vial-hid-kb s13) libusb/hidapi linux/hid.c hid_open_path() (0.12-0.15, hid_error improvements #428):
        # register_global_error_format("Failed to open a device with path '%s': %s", path, strerror(errno)), quoted by the
        # apps built on it (Rust hidapi's HidApiError, Python hid, node-hid). A /dev/hidraw node refused with EACCES: Linux,
        # no udev rule gives the user that node (nekename/OpenDeck#174, a Stream Deck XL: fixed by the rule's MODE)
        "hidapi 0.12-0.15 linux/hid.c hid_open_path() error text, as the apps built on it quote it",
        Msg("usb_access_denied", r"Failed to open a device with path '(?P<path>/dev/hidraw\d+)': Permission denied", "strong", fail=True,
            attrs={"app": "hidapi"},
            example="[opendeck::elgato][WARN] Failed to connect to Elgato device: HidError(HidApiError { message: \"Failed to open a device with path '/dev/hidraw0': Permission denied\" })"),
        # the same EACCES as other HID stacks word it: HidSharp 2.x (Platform/Linux/LinuxHidStream.cs, OpenTabletDriver's
        # DeviceUnauthorizedAccessException) "Not permitted to open HID class device at <devnode>." (its other errno is
        # "Unable to open HID class device (...)"); keyleds' daemon (keyledsd/src/service/Service.cxx) "not opening device
        # <devnode>: <strerror>", the strerror in the user's language (keyleds#19 "Permesso negato", #41)
        Msg("usb_access_denied", r"Not permitted to open HID class device at (?P<path>/dev/hidraw\d+)", "strong", fail=True,
            attrs={"app": "hidsharp"},
            example="[DeviceUnauthorizedAccessException:Error]\tNot permitted to open HID class device at /dev/hidraw8."),
        Msg("usb_access_denied", r"\bnot opening device (?P<path>/dev/hidraw\d+): (?:Permission denied|Permesso negato|Keine Berechtigung"
            r"|Permiso denegado|Permission non accord\u00e9e)", "strong", fail=True, attrs={"app": "keyleds"},
            example="<E>service: not opening device /dev/hidraw4: Permission denied"),
    ),
    group(
        # (keyboards s8) VIA (usevia.app, the-via/app src/store/devicesThunks.ts, usb-hid.ts) in a Chromium browser: WebHID's
        # open()/sendReport() refused ("NotAllowedError: Failed to open the device." / "Failed to write the report."), then
        # no answer to the protocol-version request; Chromium's own chrome://device-log names the node ("Failed to open
        # '/dev/hidraw2': FILE_ERROR_ACCESS_DENIED", "Access denied opening device read-write"). On Linux the hidraw node
        # is root-only without a udev rule (Keychron Q11 / K10 Pro / Rainy75 notes, the-via/app#236). Each error is followed
        # by "Device: <name>", "Vid: 0x....", "Pid: 0x...." lines.
        "VIA (web and desktop) error pane; Chromium device-log",
        Msg("hid_open_denied", r"NotAllowedError: Failed to (?P<op>open the device|write the report)\.?$", "strong", fail=True,
            attrs={"app": "via"}, example="NotAllowedError: Failed to open the device."),
        # the same refusal as VIA's error pane shows it without the exception name: generic words, so only weak
        Msg("hid_open_denied", r"^Failed to (?P<op>open the device|write the report)\.?$", "weak", fail=True, attrs={"app": "via"},
            example="Failed to open the device."),
        Msg("via_bad_protocol", r"Received invalid protocol version from device", "strong", fail=True, attrs={"app": "via"},
            example="Received invalid protocol version from device"),
        # (vial-hid-kb s13) the-via/app src/store/devicesThunks.ts reloadConnectedDevices() asks each authorized keyboard its
        # protocol version; definitionsSlice.ts reloadDefinitions() then fetches the v2 (protocol < 11) or v3 definition of
        # those that answered. "Fetching v3 definition failed" so proves the raw HID channel worked: VIA has no definition for
        # that VID/PID (a board not in VIA's repository; its JSON is loaded in the Design tab) and forgets the device, and
        # the "The device must be opened first" / "Received invalid protocol version" that follow are no OS refusal
        # (Envious-Data/Env-MCRO#5: fixed by the board's corrected VIA JSON)
        Msg("via_definition_missing", r"^Fetching (?P<version>v[23]) definition failed$", "strong", fail=True, attrs={"app": "via"},
            example="Fetching v3 definition failed"),
        Msg(None, r"^The device must be opened first\.?$", "weak", attrs={"app": "via"}, example="The device must be opened first."),
        Msg("hid_open_denied", r"Failed to open '(?P<path>/dev/hidraw\d+)': FILE_ERROR_ACCESS_DENIED", "strong", fail=True,
            attrs={"app": "via"}, example="Failed to open '/dev/hidraw1': FILE_ERROR_ACCESS_DENIED"),
        Msg("hid_open_denied", r"Access denied opening device read-write", "strong", fail=True, attrs={"app": "via"},
            example="[12:01:02] Access denied opening device read-write, trying read-only."),
        Msg(None, r"^(?:Device: \S.{0,120}|Vid: 0x[0-9A-Fa-f]{4}|Pid: 0x[0-9A-Fa-f]{4})$", "none", example="Vid: 0x3434"),
    ),
    group(
        "Chromium 89-140 WebHID (blink/modules/hid/hid_device.cc) open() refusal as other WebHID pages print it",
        # (web-flashers s14) the same WebHID refusal (Chromium blink/modules/hid/hid_device.cc, open(): NotAllowedError
        # "Failed to open the device.") as other WebHID pages print it: Chrome's console form of an uncaught DOMException
        # ("Uncaught (in promise) DOMException: Failed to open the device.", vial.rocks: vial-kb/vial-web#2) or the page's
        # own log with the exception object after it ("... NotAllowedError: Failed to open the device. {stack: ...}",
        # MicrochipTech/veryVerilog#22); both resolved by a udev rule for the /dev/hidraw node (VIA's pane: the group above)
        Msg("hid_open_denied", r"\b(?:NotAllowedError|DOMException): Failed to (?P<op>open the device|write the report)\b", "strong",
            fail=True, attrs={"app": "webhid"}, example="Uncaught (in promise) DOMException: Failed to open the device."),
    ),
    group(
        # (keyboards2 s9) Vial's desktop GUI 0.4-0.7 (vial-kb/vial-gui src/main/python: main_window.py, util.py,
        # editor/firmware_flasher.py). "Unsupported protocol version!" is the dialog shown when the keyboard answers the
        # VIA/Vial id request with a protocol the GUI cannot use: in threads the keyboard runs VIA (or stock) firmware,
        # not a Vial build (vial-gui#138, #219, vial-qmk#377): no catalogue fault, GEN001 quotes it. The frozen app's
        # tracebacks name bare module files ("main_window.py", "editor\\keymap_editor.py"). util.py logs each HID
        # interface it tries: the usage-page mismatches are normal (only the raw-HID interface 0xFF60 is the keyboard's
        # VIA/Vial channel), "open_path error" is the one it could not open (Linux: no udev rule for /dev/hidraw*).
        # The Vial bootloader flasher (firmware_flasher.py) checks the .vfw package and the keyboard's UID first.
        "Vial GUI 0.4-0.7 (main_window.py, util.py, editor/firmware_flasher.py)",
        # the bare words are also MQTT brokers' and game servers' (CONNACK 0x01/0x84): weak, the next line names Vial
        Msg("vial_bad_protocol", r"^Unsupported protocol version!$", "weak", fail=True, attrs={"app": "vial"},
            example="Unsupported protocol version!"),
        Msg(None, r"Please download latest Vial from https?://get\.vial\.today", "strong", attrs={"app": "vial"},
            example="Please download latest Vial from https://get.vial.today/"),
        Msg(None, r"^\s*File \"(?:main_window|keycodes|keymaps|vial_device|util|keyboard_comm|autorefresh|(?:editor|protocol|keycodes|widgets)[\\/]\w+)\.py\", line \d+, in \w+",
            "strong", attrs={"app": "vial"}, example='File "main_window.py", line 284, in on_device_selected'),
        Msg("vial_exception", r"^(?P<exc>AttributeError|KeyError|TypeError|ValueError|RuntimeError|IndexError|ProtocolError|OSError): (?P<text>.{1,200})$",
            "none", fail=True, attrs={"app": "vial"}, example="AttributeError: 'Keyboard' object has no attribute 'tap_dance_count'"),
        Msg(None, r"is_rawhid: b?'[^']{0,200}' does not match - usage_page=[0-9A-Fa-f]{4} usage=[0-9A-Fa-f]{2}", "strong", benign=True,
            attrs={"app": "vial"}, example="WARNING:root:is_rawhid: b'/dev/hidraw0' does not match - usage_page=0001 usage=06"),
        Msg("hid_open_denied", r"is_rawhid: b?'(?P<path>[^']{0,200})' does not match - open_path error (?P<text>.{1,120})$", "strong", fail=True,
            attrs={"app": "vial"}, example="WARNING:root:is_rawhid: b'/dev/hidraw3' does not match - open_path error open failed"),
        Msg(None, r"Matching VID=[0-9A-Fa-f]{4}, PID=[0-9A-Fa-f]{4}, serial=\S*, path=\S+ - (?:vial serial magic|vibl serial magic|VIA stack|sideload)",
            "strong", attrs={"app": "vial"}, example="INFO:root:Matching VID=586A, PID=0040, serial=vial:f64c2b3c, path=b'/dev/hidraw0' - vial serial magic"),
        Msg("vial_wrong_device", r"^Error: (?:Firmware package was built for different device|Firmware UID does not match keyboard UID)", "strong",
            fail=True, attrs={"app": "vial"}, example="Error: Firmware package was built for different device"),
        Msg("vial_not_package", r"^Error: (?:Invalid signature|Firmware failed integrity check|Firmware is too large\. Check you've selected the correct file)",
            "strong", fail=True, attrs={"app": "vial"}, example="Error: Invalid signature"),
        Msg("tool_error", r"^Error(?: while sending data, firmware is corrupted|: Unsupported bootloader version)", "strong", fail=True,
            attrs={"app": "vial"}, example="Error: Unsupported bootloader version"),
        Msg(None, r"^(?:Found Vial Bootloader device at |\* Vial ID: [0-9a-f]{16}|\* Firmware build date: |Restarting in bootloader mode\.\.\.)", "strong",
            attrs={"app": "vial"}, example="Found Vial Bootloader device at /dev/hidraw5"),
    ),
    group(
        # (vial-hid-kb s13) OpenLinkHub (jurkovic-nikola/OpenLinkHub src/devices/devices.go, src/devices/*/*.go, 2024-2026) logs
        # logrus JSON with sorted keys: devices.go warns "Invalid permissions" when checkDevicePermission finds the hidraw
        # node's mode wrong; each device's Init() logs "Unable to open HID device" when hid.OpenPath fails (the Go error
        # prints as {}). On Linux a /dev/hidraw node it may not open: its udev rules (99-openlinkhub.rules) not applied
        # (OpenLinkHub#267, K65 PLUS receiver)
        "OpenLinkHub src/devices (logrus JSON lines)",
        Msg("usb_access_denied", r'"message":"Invalid permissions","path":"(?P<path>/dev/hidraw\d+)"', "strong", fail=True,
            attrs={"app": "openlinkhub"},
            example='{"device":"K65 PLUS Wireless Receiver","level":"warning","message":"Invalid permissions","path":"/dev/hidraw4","productId":11015} (from the source\'s format)'),
        Msg("hid_open_denied", r'"message":"Unable to open HID device",.{0,40}?"path":"(?P<path>/dev/hidraw\d+)"', "strong", fail=True,
            attrs={"app": "openlinkhub"},
            example='{"error":{},"level":"error","message":"Unable to open HID device","path":"/dev/hidraw4","productId":11015,"vendorId":6940}'),
    ),
    group(
        "Input Club kiibohd configurator 1.x flash pane",
        Msg("dfu_util_exit", r"^Exited with code (?P<code>\d+) \((?P<text>dfu-util [^)]{1,120})\)", "strong", fail=True, convert=_CODE,
            attrs={"app": "kiibohd-configurator"}, example="Exited with code 74 (dfu-util could not find device in flash mode)"),
        # (kbd-forums s10) src/renderer/flash/flash.tsx: the flash pane's own USB scan saw no keyboard in flash mode (Input
        # Club's bootloader ids 1c11:b007 / 1209:01cb / 308f:...), so the Flash button never runs dfu-util. Resolved threads
        # (configurator#110 WhiteFox, Kira; #187 Gemini Dawn): the flash-mode device had no driver on Windows (Zadig/kiidrv)
        Msg("app_no_flash_device", r"^No Keyboard Found in flash mode\. Press the reset button", "strong", fail=True,
            attrs={"app": "kiibohd-configurator"},
            example="No Keyboard Found in flash mode. Press the reset button on the bottom of your keyboard to enter flash mode."),
    ),
)

# (audit-kbd s8) WestberryTech wb32-dfu-updater_cli 0.0.1-1.0.0 (QMK's flasher for WB32F3G71/WB32FQ95 keyboards, `:flash` with
# BOOTLOADER = wb32-dfu): src_common/main.c, dfufw.c, dfufwdevice.c, hex2bin.c. Its errx()/warx() print the bare message (no
# program prefix). "No DFU capable USB device available" is dfu-util's own wording and is left to that parser.
_WB32_LIBUSB = r"(?P<libusb>LIBUSB_ERROR_[A-Z_]+)"
WB32_MESSAGES = rows_of(
    group(
        "wb32-dfu-updater_cli 0.0.1-1.0.0 src_common/main.c, dfufw.c, dfufwdevice.c, hex2bin.c",
        Msg(None, r"^wb32-dfu-updater(?:_cli)? (?:ver:|version )", "strong", example="wb32-dfu-updater_cli version 1.0.0"),
        Msg(None, r"^(?:\S*[/\\])?wb32-dfu-updater_cli(?:\.exe)? (?:.{0,200} )?-D \S+", "strong", example="wb32-dfu-updater_cli -D .build/kb_default.bin"),
        Msg(None, r"^Usage: wb32-dfu-updater(?:_cli)? \[options\]", "strong", example="Usage: wb32-dfu-updater_cli [options] ..."),
        Msg("device_found", r"^Found DFU: \[0x(?P<vid>[0-9A-Fa-f]{4}):0x(?P<pid>[0-9A-Fa-f]{4})\] ver=0x[0-9a-fA-F]+, devnum=\d+", "strong",
            example="Found DFU: [0x342D:0xDFA0] ver=0x0100, devnum=12, cfg=1, intf=0"),
        Msg("bootloader_found", r"^The device bootloader ver(?:sion)?: V?(?P<version>\d+\.\d+)", "strong",
            example="The device bootloader version: 1.2 (from the source's format)"),
        Msg(None, r"^(?:Flash|Sram) size: (?:\d+ KBytes|0x[0-9A-Fa-f]+)$", "weak", example="Flash size: 256 KBytes"),
        Msg("flash_started", r"^Start Download ?\.\.\.", "strong", example="Start Download ..."),
        Msg(None, r"^(?:Download block (?:start address|size): |Writing ?\.\.\.)", "weak", example="Download block size: 49152 Bytes"),
        Msg("flash_succeeded", r"^(?:Download completed!|Upload successed!)", "strong", example="Download completed!"),
        Msg(None, r"^Reset device completed!", "strong", example="Reset device completed!"),
        Msg(None, r"^Waiting for device, exit with ctrl-C", "weak", benign=True, example="Waiting for device, exit with ctrl-C"),
        Msg(None, r"^The MCU is in read protection mode,|^Read protection mode is disabled,", "strong", benign=True,
            example="The MCU is in read protection mode, (from the source's format)"),
        # opening the bootloader's USB device: ACCESS is the Linux udev rule / permission; NOT_SUPPORTED / NOT_FOUND on Windows
        # is no WinUSB driver bound to it (the project ships a driver zip; QMK Toolbox installs one) -> on_event
        Msg("usb_open_failed", r"^Cannot open device: " + _WB32_LIBUSB, "strong", fail=True,
            example="Cannot open device: LIBUSB_ERROR_ACCESS (from the source's format)"),
        Msg("usb_open_failed", r"^Cannot open DFU device (?P<vid>[0-9a-f]{4}):(?P<pid>[0-9a-f]{4}) found on devnum \d+ \(" + _WB32_LIBUSB + r"\)",
            "strong", fail=True, example="Cannot open DFU device 342d:dfa0 found on devnum 9 (LIBUSB_ERROR_ACCESS) (from the source's format)"),
        Msg("usb_open_failed", r"^open usb fail$", "weak", fail=True, example="open usb fail"),
        Msg("usb_open_failed", r"^(?:Couldn't detach kernel driver!|Cannot Claim Interface$)", "strong", fail=True,
            example="Cannot Claim Interface"),
        Msg("usb_open_failed", r"^Failed to get (?:product|manufacturer) name: " + _WB32_LIBUSB, "strong", fail=True,
            example="Failed to get product name: LIBUSB_ERROR_ACCESS (from the source's format)"),
        Msg("bootloader_not_found", r"^(?:Not found device!|The device whose devnu is \d+ was not found!)", "strong", fail=True,
            example="Not found device!"),
        Msg("tool_error", r"^More than one DFU capable USB device found! Try `--list'", "weak", fail=True,
            example="More than one DFU capable USB device found! Try `--list' and specify the device number or disconnect all but one device"),
        Msg("write_failed", r"^(?:DFU_CMD_(?:ERASE|GO|READ|RESET|GET_INFO) command (?:failed! \(error code: 0x[0-9A-Fa-f]+\)|response length error! \(-?\d+\))"
            r"|The (?:read|write) transmission error: " + _WB32_LIBUSB + r"|Check Failed in page address 0x)", "strong", fail=True,
            example="The write transmission error: LIBUSB_ERROR_PIPE (from the source's format)"),
        # "Could not open file ... for reading", "More than one DFU capable USB device found!", "unable to initialize libusb" and
        # "Cannot open DFU device ..." are dfu-util's words too (wb32's main.c follows dfu-util's): weak here or left to dfu-util
        Msg("image_missing", r"^(?:Error parsing hex file, |The file isn't bin file, no support!)", "strong", fail=True,
            example="Error parsing hex file, checksum error (from the source's format)"),
        Msg("image_missing", r"^Could not open file \S.{0,200} for reading", "weak", fail=True,
            example="Could not open file qmk_firmware/.build/x.bin for reading (from the source's format)"),
        # dfufwdevice.c reading the image (1.0.0): the file is there but cannot be read whole
        Msg("image_missing", r"^(?:File size is too big|Could not seek to beginning|File too large for memory allocation on this platform"
            r"|Could only read \d+ of \d+ bytes from )", "weak", fail=True, example="Could only read 0 of 49152 bytes from x.bin (from the source's format)"),
        Msg(None, r"^(?:Device ID [0-9a-f]{4}:[0-9a-f]{4}$|Found DFU$|libusb version \d+\.\d+\.\d+)", "weak", example="Device ID 342d:dfa0"),
        Msg("tool_error", r"^(?:The set address is not supported\.|You need to specify one of -D or -U|(?:No digits were found from|Something went wrong with) the argument of --)",
            "strong", fail=True, example="You need to specify one of -D or -U"),
    ),
)

# (keyboards-stm32-rp s11) QMK's debug console (`qmk console`, hid_listen, QMK Toolbox's HID console) on a split keyboard's
# master half. `qmk console` prefixes each line with "<manufacturer>:<product>:<n>: ". None of these rows fails by itself:
# a half that boots before the other prints failures and then "Target connected" (harite's build guide shows exactly that);
# the SER006 rule fires only when the link never connects in the paste.
_QMK_CON = r"^(?:[^:\n]{1,80}:[^:\n]{1,80}:\d+: )?"
QMK_CONSOLE_MESSAGES = rows_of(
    group(
        "qmk_firmware 0.20-0.30: lib/python/qmk/cli/console.py, drivers/serial.c + platforms/chibios/drivers/serial_protocol.c "
        "(serial_dprintf), quantum/split_common/transactions.c, transport.c (dprintln)",
        Msg(None, r"^Ψ Console Connected: ", "strong", example="Ψ Console Connected: Dane Lipscombe harite (FEED:0000:1)"),
        # initiate_transaction(): the master's handshake byte or a transaction buffer did not go out or came back wrong
        Msg("split_transport_failed", _QMK_CON + r"SPLIT: (?P<step>sending|receiving) (?P<what>handshake|buffer) failed$", "strong",
            example="SPLIT: receiving handshake failed"),
        Msg("split_transport_failed", _QMK_CON + r"Failed to execute (?P<transaction>[a-z_]{3,40})$", "strong",
            example="Failed to execute slave_matrix"),
        Msg("split_target_disconnected", _QMK_CON + r"Target disconnected, throttling connection attempts$", "strong",
            example="Target disconnected, throttling connection attempts"),
        Msg("split_target_connected", _QMK_CON + r"Target connected$", "strong", benign=True,
            example="Dane Lipscombe:harite:1: Target connected"),
    ),
)

@register
class ZmkBuildParser(TableParser):
    name = "zmk"
    namespace = "flash"
    messages = ZMK_MESSAGES
    hints = ("west build", "devicetree error", "zmk config", "using keymap file", "zephyr version", "kconfig", "fatal error: command exited",
             "cmake error", "ninja: build stopped", "process completed with exit code", ".keymap", ".dtsi", ".overlay", ".conf:",
             "shield named", "board named", "invalid shield", "invalid board", "choose from among", "qualifiers")

    def summary(self) -> dict[str, Any]:
        return {"success": False} if any(e["kind"] == "build_error" for e in self.events) else {}


@register
class Uf2CopyParser(TableParser):
    name = "uf2-copy"
    namespace = "flash"
    messages = UF2_MESSAGES
    hints = ("error code", ".uf2", "fcopyfile", "read or written", "device disappeared",
             "softdevice:", "lib/nrfx")  # (kbd-dev s22) the nRF52 UF2 bootloader's INFO_UF2.TXT

    def on_unmatched(self, lineno: int, line: str) -> None:
        # (kbd-dev s22 review) prose in the block naming a no-SoftDevice build or saying the firmware runs (claims.py's rows,
        # which read it when it stands in its own block): "SoftDevice: not found" is then the board's normal state
        if _NOSD_OR_RUNS.search(line.strip()):
            self.nosd_said = True

    def summary(self) -> dict[str, Any]:
        if getattr(self, "nosd_said", False):
            for e in self.events:
                if e["kind"] == "uf2_no_softdevice":
                    e["nosd_said"] = True
        return {}


@register
class SonixIspParser(TableParser):
    name = "sonix-isp"
    namespace = "flash"
    messages = SONIX_MESSAGES
    hints = ("check sum", "open usb hid device", "vid:", "not for this chip", "handshake", "get firmware version")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "isp_device":
            ev["vid"], ev["pid"] = ev["vid"].lower(), ev["pid"].lower()
            self.vid = ev["vid"]
        elif ev["kind"] == "isp_handshake_failed" and getattr(self, "vid", None):
            # Sonix's own vendor id (0C45) is the SN32 boot loader; another id (the keyboard maker's) is its firmware
            ev["vid"] = self.vid
            ev["bootloader_id"] = self.vid == "0c45"


@register
class Wb32DfuParser(TableParser):
    name = "wb32-dfu-updater"
    namespace = "flash"
    messages = WB32_MESSAGES
    event_kinds = ("usb_access_denied", "usb_no_driver")
    hints = ("wb32-dfu-updater", "found dfu: [0x", "bootloader ver", "flash size", "sram size", "start download", "download block", "writing",
             "download completed", "upload successed", "reset device completed", "waiting for device", "read protection mode",
             "cannot open device", "cannot open dfu device", "open usb fail", "detach kernel driver", "claim interface", "failed to get",
             "not found device", "devnu", "more than one dfu", "dfu_cmd_", "transmission error", "check failed in page", "could not open file",
             "parsing hex file", "isn't bin file", "one of -d or -u", "the argument of --", "file size is too big",
             "could not seek", "file too large", "could only read", "device id", "found dfu", "libusb version", "set address is not")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None or ev["kind"] != "usb_open_failed":
            return
        err = ev.get("libusb") or ""
        if err == "LIBUSB_ERROR_ACCESS":
            ev["kind"] = "usb_access_denied"
        elif err in ("LIBUSB_ERROR_NOT_SUPPORTED", "LIBUSB_ERROR_NOT_FOUND") or "Claim Interface" in line:
            ev["kind"] = "usb_no_driver"

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if "flash_succeeded" in kinds:
            return {"success": True}
        return {"success": False} if any(e.get("fail") for e in self.events) else {}


class _AppParser(TableParser):
    namespace = "flash"
    messages = APP_MESSAGES


@register
class KeyboardAppParser(_AppParser):
    name = "keyboard-app"
    hints = ("dfu-util exited", "error while uploading", "exited with code", "failed to open the device", "failed to write the report",
             "invalid protocol version", "must be opened first", "file_error_access_denied", "access denied opening device",
             "unsupported protocol version", "get.vial.today", ".py\", line", "error: ", "is_rawhid", "matching vid=", "firmware package",
             "firmware uid", "invalid signature", "integrity check", "firmware is too large", "unsupported bootloader version",
             "firmware is corrupted", "vial bootloader", "vial id", "firmware build date", "restarting in bootloader mode",
             "your udev rules are currently configured", "suitable for use by modemmanager", "id_mm_device_ignore",
             "looking for usb device with vid=", "couldn't find a usb device matching", "couldn't autodetect the keyboard",
             "kaleidoscope-builder", "hold down the 'prog' key", "unable to detect a keyboard in bootloader mode",
             "no keyboard found in flash mode", "definition failed", "failed to open a device with path", "unable to open hid device",
             "invalid permissions", "not permitted to open hid class device", "not opening device",
             "cannot ping the bootloader", "can not connect to the", "[uhkoperations]", "[uhkhiddevice]", "[deviceoperation]", "[deviceservice]",
             "bootloader wasn't found", "bootloader didn't detect", "resetting neuron", "waiting for bootloader", "neuron detected", "settings backed up ok")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev.get("kind") in ("keyboard_bootloader_answered", "keyboard_module_flashed"):
            for e in self.events:  # UHK Agent's routine ping prompts before it: the bootloader answered after all
                if e is not ev and e.get("kind") == "keyboard_bootloader_not_found" and not e.get("fail"):
                    e["answered"] = True
        if ev is not None and ev.get("app"):
            self.app = ev["app"]
        elif ev is None and dict(row.attrs).get("app"):  # a row that names the app without an event (a prompt, a command)
            self.app = dict(row.attrs)["app"]

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"success": False} if any(e.get("fail") for e in self.events) else {}
        if getattr(self, "app", None):
            out["tool"] = self.app
        return out


@register
class QmkConsoleParser(TableParser):
    name = "qmk-console"
    namespace = "flash"
    messages = QMK_CONSOLE_MESSAGES
    hints = ("console connected", "split: ", "failed to execute", "target disconnected", "target connected")

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if "split_target_connected" in kinds:  # the link came up: the failures before it were the other half booting
            return {"success": True}
        return {"success": False} if kinds & {"split_transport_failed", "split_target_disconnected"} else {}
