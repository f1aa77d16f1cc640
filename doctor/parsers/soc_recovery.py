"""Tools that flash a single-board computer's SoC through its USB recovery (boot ROM) mode (sbc-usbboot s15), each as a
message table. All of them open the raw USB device through libusb, so on Linux a missing udev rule shows as "not found"
or an open failure while lsusb lists the device (USB004), and a board not started in its recovery mode shows as the same
"not found" with nothing on the bus (BOOT003).

- Raspberry Pi `rpiboot` (raspberrypi/usbboot main.c, bootfiles.c, 2018-2026): "Waiting for BCM2835/6/7/2711/2712..."
  until a Compute Module / Zero in its USB boot mode (0a5c:2763/2764/2711/2712) appears, "Sending bootcode.bin" /
  "Successful read 4 bytes" (first stage), the device re-enumerates, "Second stage boot server", "File read: start4.elf",
  "Second stage boot server done". "Cannot open file config.txt" is the second stage asking for optional files. It loops
  on its own: a "Failed control transfer (-7,24)" / "Failed to write correct length" that a later "Second stage boot
  server done" follows was retried. A run that sent bootcode and then only waits never got its second stage
  (`second_stage_missing`); a run that only waits never saw a device (`recovery_device_not_found`). "Permission to access
  USB device denied. Make sure you are a member of the plugdev group." (libusb_open's LIBUSB_ERROR_ACCESS) ->
  `usb_access_denied`. Without `-d`, 2024+ builds use /usr/share/rpiboot/mass-storage-gadget64/ (installed by the rpiboot
  package); bootfiles.c's "read_file: Failed to read ... - No such file or directory" there, or "Failed to open second
  stage bootloader", means those files are not installed -> `tool_files_missing` (TOOL001).
- Rockchip `rkdeveloptool` (rockchip-linux/rkdeveloptool main.cpp, RKComm.cpp; 2017-2025) and the closed-source
  `upgrade_tool`: "DevNo=1 Vid=0x2207,Pid=0x330c,LocationID=101 Maskrom" (`ld`). "Creating Comm Object failed!" and
  "<command> quit, creating comm object failed!" are CRKUsbComm's libusb_open/claim failing: the user may not open the
  device (USB004) unless the command ran as root (sudo, a `#` prompt) -> `comm_object_failed` with `sudo`. A command's own
  "... failed!" (Read LBA, Write LBA, Test Device, Reset Device...) -> `command_failed`: in Maskrom the loader must be
  downloaded first (`db`). "not found any devices!" / "Did not find any rockusb device" -> `recovery_device_not_found`.
- Allwinner `sunxi-fel` (linux-sunxi/sunxi-tools fel.c, fel_lib.c, 1.4-2026) and `xfel` (xboot/xfel main.c, fel.c):
  "ERROR: Allwinner USB FEL device not found!" (libusb_open_device_with_vid_pid gave nothing; 2021+ says "ERROR: You
  don't have permission to access Allwinner USB FEL device" for EACCES), xfel "ERROR: Can't found any FEL device"
  (2021) / "ERROR: No FEL device found!", "ERROR: Can't connect to device" (libusb_open of 1f3a:efe8 failed);
  "usb_bulk_send() ERROR -7: Operation timed out" (usb_error). CHIP-tools' flash scripts (NextThingCo, as the Flash-CHIP
  wrapper runs them) stop with "Error: Unable to locate sunxi-fel utility." -> `tool_missing`.
- NXP `uuu` (nxp-imx/mfgtools uuu.cpp, libuuu usbhotplug.cpp, 1.2-1.5): "Connected Known USB Devices" with an empty
  table (uuu -lsusb: no i.MX in serial download mode) -> `recovery_device_not_found`; "Failure open usb device,Try sudo
  uuu" -> `usb_access_denied`; "Error: Timeout: Wait for Known USB Device"; "N:M>Fail ..."; "Success 1 Failure 0".
- Android `fastboot` / `adb` (AOSP system/core diagnose_usb.cpp, fastboot.cpp; adb transport): a device the user may not
  open is listed as "no permissions (missing udev rules? user is in the plugdev group); see [URL]" (older: "no
  permissions; see [URL]", "(verify udev rules)"), or "insufficient permissions for device" -> `usb_access_denied`;
  fastboot waits for a device it can use with "< waiting for any device >" -> `waiting_for_device`, and a paste that ends
  there is `recovery_device_not_found` (not in fastboot mode, or not usable: USB004).

Facts: one run per block under `flash.runs` (tools "rpiboot", "rkdeveloptool", "sunxi-fel", "uuu", "fastboot").
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_WAITING_BCM = r"^Waiting for B(?:CM|MC)283(?:5/6/7(?:/2711)?(?:/2712)?|x)\b"

RPIBOOT_MESSAGES = rows_of(
    group(
        "raspberrypi/usbboot main.c 2018-2026 (banner, device search, first stage)",
        Msg(None, r"^RPIBOOT: build-date ", "strong", example="RPIBOOT: build-date Feb 24 2025 version 20240422~085300 e3e95450"),
        Msg(None, r"^Please fit the EMMC_DISABLE / nRPIBOOT jumper", "strong",
            example="Please fit the EMMC_DISABLE / nRPIBOOT jumper before connecting the power and USB cables to the target device."),
        Msg(None, r"^If the device fails to connect then please see \S*rpiboot", "strong",
            example="If the device fails to connect then please see https://rpltd.co/rpiboot for debugging tips."),
        Msg("device_waiting", _WAITING_BCM, "strong", example="Waiting for BCM2835/6/7/2711/2712..."),
        Msg(None, r"^Load(?:ing|ed) embedded: \S+", "strong", example="Loading embedded: bootcode4.bin"),
        Msg(None, r"^Loading: \S+/(?:bootcode\d?\.bin|bootfiles\.bin|start\d?\.elf|config\.txt|boot\.img)\b", "weak",
            example="Loading: msd/bootcode4.bin"),
        Msg(None, r"^(?:(?:\d{4}: )?Directory not specified(?: -)? (?:trying|using) default |Trying local path |Boot directory '|Using \S*bootfiles\.bin)", "strong",
            example="Directory not specified - trying default /usr/share/rpiboot/mass-storage-gadget64/"),
        # the command line (a Windows prompt or rpiboot.exe: the installer's copy, whose boot directories sit beside it)
        Msg("command", r"(?:^|[\s>$#/\\])rpiboot(?:\.exe)?(?:\s+-\S.*)?$",
            example="PS C:\\Program Files (x86)\\Raspberry Pi> .\\rpiboot.exe"),
        Msg(None, r"^(?:Device located successfully|Initialised device correctly|Found candidate Compute Module)", "strong",
            example="Device located successfully"),
        Msg(None, r"^Found serial number \d+", "strong", example="Found serial number 3"),
        Msg(None, r"^Found device \d+ idVendor=0x[0-9a-fA-F]{4} idProduct=0x[0-9a-fA-F]{4}", "strong",
            example="Found device 2 idVendor=0x04b3 idProduct=0x310b"),
        Msg(None, r"^Bus: \d+, Device: \d+ Path: \S+", "strong", example="Bus: 1, Device: 3 Path: 1-1.4"),
        Msg(None, r"^last_serial -?\d+ serial \d+", "strong", example="last_serial -1 serial 3"),
        Msg(None, r"^Device port / path does not match", "strong", example="Device port / path does not match, trying again"),
        Msg("bootcode_sending", r"^Sending bootcode\.bin", "strong", example="Sending bootcode.bin"),
        Msg(None, r"^libusb_bulk_transfer (?:sent -?\d+ bytes; )?returned -?\d+", "strong",
            example="libusb_bulk_transfer sent 24 bytes; returned 0"),
        Msg(None, r"^Writing \d+ bytes$", example="Writing 106008 bytes"),
        Msg("bootcode_sent", r"^Successful(?:ly)? read \d+ bytes", "strong", example="Successful read 4 bytes "),
        # pre-2020 Windows builds
        Msg(None, r"^Found serial = \d+: writing file ", "strong", example="Found serial = 0: writing file ./usbbootcode.bin"),
    ),
    group(
        "raspberrypi/usbboot main.c 2018-2026 (second stage file server)",
        Msg("second_stage", r"^Second stage boot server$", "strong", example="Second stage boot server"),
        Msg("flash_succeeded", r"^Second stage boot server done", "strong", example="Second stage boot server done"),
        Msg(None, r"^Received message (?:GetFileSize|ReadFile|Done): ", "strong", example="Received message GetFileSize: config.txt"),
        Msg(None, r"^File size = \d+ bytes", example="File size = 301628 bytes"),
        Msg("file_served", r"^File read: \S+", "strong", example="File read: start4.elf"),
        # the second stage asks for optional files (config.txt, pieeprom.sig, recovery.elf...) and boots without them
        # unquoted, as rpiboot's main.c prints it: stm32flash's 'Cannot open file "x"' (quoted) is a missing image
        Msg(None, r"^Cannot open file [^\"\s]+\s*$", "strong", benign=True, example="Cannot open file config.txt"),
        Msg(None, r"^No file \S+ found$", benign=True, example="No file autoboot.txt found"),
        Msg(None, r"^(?:Loading bootfiles\.bin overlay: |Completed file-read |CMD exit$|Created metadata file: )", "strong",
            example="Completed file-read start4.elf in archive mass-storage-gadget64/bootfiles.bin length 2253888"),
        Msg(None, r"^File \S+ not found in \S+", "strong", benign=True, example="File 2712/config.txt not found in bootfiles.bin"),
        Msg(None, r"^WARNING: \S+ is empty$", example="WARNING: config.txt is empty"),
    ),
    group(
        "raspberrypi/usbboot main.c, bootfiles.c 2018-2026 (failures)",
        Msg("usb_access_denied", r"^Permission to access USB device denied\. Make sure you are a member of the plugdev group", "strong",
            fail=True, example="Permission to access USB device denied. Make sure you are a member of the plugdev group."),
        Msg("usb_open_failed", r"^Failed to open the requested device", "strong", fail=True, example="Failed to open the requested device"),
        Msg("usb_claim_failed", r"^Failed to claim interface$", "weak", fail=True, example="Failed to claim interface"),
        Msg("transfer_failed", r"^Failed control transfer \((?P<code>-?\d+),\d+\)", "strong", fail=True, convert=(("code", int),),
            example="Failed control transfer (-7,24)"),
        Msg("transfer_failed", r"^Failed to (?:write|read) correct length, returned (?P<code>-?\d+)", "strong", fail=True,
            convert=(("code", int),), example="Failed to write correct length, returned -7"),
        Msg("transfer_failed", r"^Failed : 0x[0-9a-fA-F]+$", "weak", fail=True, example="Failed : 0x0"),
        Msg("transfer_failed", r"^Failed to write complete file to USB device", "strong", fail=True,
            example="Failed to write complete file to USB device"),
        Msg("transfer_failed", r"^Failed to read config descriptor", "weak", fail=True, example="Failed to read config descriptor"),
        # the default directory (the rpiboot package's /usr/share/rpiboot) is not installed
        Msg("tool_files_missing", r'^read_file: Failed to read "[^"]+" from "(?P<path>/usr/share/rpiboot/[^"]+)" - No such file or directory',
            "strong", fail=True,
            example='read_file: Failed to read "2711/bootcode4.bin" from "/usr/share/rpiboot/mass-storage-gadget64/bootfiles.bin" - No such file or directory'),
        Msg("image_unreadable", r'^read_file: Failed to read "[^"]+" from "(?P<path>[^"]+)" - ', "strong", fail=True,
            example='read_file: Failed to read "2711/start4.elf" from "msd/bootfiles.bin" - No such file or directory'),
        Msg("tool_files_missing", r"^Failed to open second stage bootloader \((?P<path>[^)]*)\)", "strong", fail=True,
            example="Failed to open second stage bootloader (/usr/share/rpiboot/mass-storage-gadget64/bootcode4.bin)"),
        # 2024 builds (20240422): the same, per SoC prefix ("2712: Directory not specified using default ...")
        Msg("tool_files_missing", r"^Failed to open (?P<path>\S*bootcode\d?\.bin)$", "strong", fail=True, example="Failed to open bootcode5.bin"),
        Msg(None, r"^Please try specifying the directory e\.g\. rpiboot -d ", "strong",
            example="Please try specifying the directory e.g. rpiboot -d mass-storage-gadget64"),
        Msg("image_unreadable", r"^No 'bootcode' files found in '(?P<path>[^']*)'", "strong", fail=True,
            example="No 'bootcode' files found in 'mass-storage-gadget'"),
        Msg("tool_error", r"^(?:Unknown Raspberry Pi Product, wanted |Failed to initialise libUSB|Failed to prepare the second stage bootcode)",
            "strong", fail=True, example="Failed to initialise libUSB"),
    ),
)


@register
class RpibootParser(TableParser):
    name = "rpiboot"
    namespace = "flash"
    messages = RPIBOOT_MESSAGES
    event_kinds = ("second_stage_missing", "recovery_device_not_found")
    hints = ("rpiboot", "waiting for b", "embedded:", "loading:", "directory not specified", "trying local path", "boot directory",
             "bootfiles.bin", "device located", "initialised device", "candidate compute module", "found serial", "found device",
             "bus:", "last_serial", "port / path", "bootcode", "libusb_bulk_transfer", "writing", "read", "second stage",
             "received message", "file size", "cannot open file", "no file", "completed file-read", "cmd exit", "metadata",
             "not found in", "warning:", "permission to access usb", "failed", "please try specifying", "unknown raspberry pi",
             "nrpiboot", "fails to connect")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "command" and (".exe" in m.group(0).lower() or re.match(r"^\s*(?:PS )?[A-Za-z]:\\", line)):
            ev["host"] = "windows"

    def summary(self) -> dict[str, Any]:
        evs = self.events
        if any(e["kind"] == "command" and e.get("host") == "windows" for e in evs):
            # rpiboot_setup.exe installs the boot directories beside rpiboot.exe: a default Linux path it cannot read there
            # means the command lacked -d (or the start-menu shortcut), not a package to install
            for e in evs:
                if e["kind"] == "tool_files_missing":
                    e["host"] = "windows"
        done = [i for i, e in enumerate(evs) if e["kind"] == "flash_succeeded"]
        if done and not any(e.get("fail") for e in evs[done[-1] + 1:]):
            return {"success": True}
        sent = [i for i, e in enumerate(evs) if e["kind"] in ("bootcode_sent", "bootcode_sending")]
        waits = [i for i, e in enumerate(evs) if e["kind"] == "device_waiting"]
        if sent and waits and waits[-1] > sent[-1] and evs[sent[-1]]["kind"] == "bootcode_sent" \
                and not any(e["kind"] in ("second_stage", "file_served") or e.get("fail") for e in evs[sent[-1] + 1:]):
            # the first stage went through and the device never came back for its second stage
            last = evs[waits[-1]]
            self.event("second_stage_missing", last["lineno"], last["line"], fail=True)
            return {"success": False}
        if waits and not any(e["kind"] != "device_waiting" for e in evs):
            last = evs[waits[-1]]
            self.event("recovery_device_not_found", last["lineno"], last["line"], fail=True)
            return {"success": False}
        return super().summary()


_RK_CMD = r"(?:^|[\s>$#:/])(?:rkdeveloptool|upgrade_tool)(?:\.exe)?\s+(?P<command>[A-Za-z]{1,4})\b"

ROCKUSB_MESSAGES = rows_of(
    group(
        "rockchip-linux/rkdeveloptool main.cpp 1.0-1.32 (2017-2025), and Rockchip's upgrade_tool 1.2x-1.6x (closed source, from pastes)",
        Msg("command", _RK_CMD, "strong", example="me@host:~/$ sudo rkdeveloptool rfi"),
        Msg("device_listed", r"^DevNo=\d+\s+Vid=0x(?P<vid>[0-9a-fA-F]{1,4}),Pid=0x(?P<pid>[0-9a-fA-F]{1,4}),LocationID=\w+\s+(?:Mode=)?(?P<mode>Maskrom|Loader|MSC|Unknown)\b",
            "strong", example="DevNo=1\tVid=0x2207,Pid=0x330c,LocationID=101\tMaskrom"),
        Msg(None, r"^(?:List of rockusb connected|Found \d+ rockusb,Select input DevNo|Not found config\.ini|Program Data in |Upgrade Tool v\d"
            r"|Loading loader\.\.\.|Support Type:\S+|Test Device (?:Start|Success)|Check Chip Start|Download Boot (?:Start|Success)"
            r"|Wait For Maskrom (?:Start|Success)|Starting to erase flash\.\.\.|rkdeveloptool ver \d)", "strong",
            example="Found 1 rockusb,Select input DevNo,Rescan press <R>,Quit press <Q>:"),
        Msg("loader_downloaded", r"^Downloading bootloader succeeded", "strong", example="Downloading bootloader succeeded."),
        Msg(None, r"^(?:Upgrading loader|Writing (?:parameter|gpt)) succeeded|^Erasing flash complete", "strong",
            example="Erasing flash complete."),
        Msg(None, r"^(?:Write|Read) LBA (?:from|to) file \(\d+%\)", "strong", example="Write LBA from file (25%)"),
        # CRKUsbComm: libusb_open / libusb_claim_interface failed
        Msg("comm_object_failed", r"(?i)(?:^|quit, )creating comm object failed ?!", "strong", fail=True,
            example="Read capability quit, creating comm object failed!"),
        Msg("comm_object_failed", r"^Creating device object failed!", "strong", fail=True, example="Creating device object failed!"),
        Msg("command_failed", r"^(?P<what>Reset Device|Test Device|Read LBA|Write LBA|Read Flash Info|Read Chip Info|Read GPT|Read parameter"
            r"|Reading flash ID|Reading Flash Info|Change Storage|Getting flash info from device|Downloading bootloader|Upgrading loader"
            r"|Writing parameter|Writing master gpt|Writing backup gpt|Parse parameter|Parsing parameter|Loading partition image"
            r"|Generating parameter|Erase ubi) failed\b", "strong", fail=True, example="Read LBA failed!"),
        Msg("command_failed", r"^Read capability Fail!|^Check Chip Fail|^Download Boot Fail|^Test Device Fail", "strong", fail=True,
            example="Read capability Fail!"),
        Msg("command_failed", r"^Not found any partition table!", "strong", fail=True, example="Not found any partition table!"),
        # db/ul work only in Maskrom; a device in Loader (rockusb) mode refuses them
        Msg("wrong_mode", r"^(?:The device does not support this operation!|Device not support to upgrade the loader!)", "strong", fail=True,
            example="The device does not support this operation!"),
        Msg("image_unreadable", r"^Opening loader failed, exiting (?:download boot|upgrade loader)!", "strong", fail=True,
            example="Opening loader failed, exiting download boot!"),
        Msg("recovery_device_not_found", r"^(?:not found any devices!|Did not find any rockusb device, please plug device in!)", "strong", fail=True,
            example="not found any devices!"),
    ),
)


@register
class RockusbParser(TableParser):
    name = "rkdeveloptool"
    namespace = "flash"
    messages = ROCKUSB_MESSAGES
    hints = ("rkdeveloptool", "upgrade_tool", "devno=", "rockusb", "config.ini", "program data", "upgrade tool", "loading loader",
             "support type", "test device", "check chip", "download boot", "wait for maskrom", "erase flash", "downloading bootloader",
             "succeeded", "erasing flash", "lba", "comm object", "device object", "failed", "fail", "partition table",
             "does not support", "not support to upgrade", "opening loader", "not found any devices")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.as_root = False

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev["kind"] == "command":
            text = line.strip()
            self.as_root = bool(re.search(r"(?:^|\s)sudo\s", line[:m.start() + 1])) or text.startswith("#") or text.startswith("root@")
            ev["sudo"] = self.as_root
        elif ev["kind"] == "comm_object_failed":
            ev["sudo"] = self.as_root


SUNXI_MESSAGES = rows_of(
    group(
        "linux-sunxi/sunxi-tools fel_lib.c, fel.c 1.4-2026",
        Msg("usb_access_denied", r"^ERROR: You don't have permission to access Allwinner USB FEL device", "strong", fail=True,
            example="ERROR: You don't have permission to access Allwinner USB FEL device"),
        Msg("recovery_device_not_found", r"^ERROR: Allwinner USB FEL device not found", "strong", fail=True,
            example="ERROR: Allwinner USB FEL device not found!"),
        Msg("recovery_device_not_found", r"^No Allwinner devices in FEL mode detected", "strong", fail=True,
            example="No Allwinner devices in FEL mode detected."),
        Msg("recovery_device_not_found", r"^ERROR: Bus \d+ Device \d+ not found in libusb device list", "strong", fail=True,
            example="ERROR: Bus 001 Device 005 not found in libusb device list"),
        Msg("wrong_device", r"^ERROR: Bus \d+ Device \d+ not a FEL device", "strong", fail=True,
            example="ERROR: Bus 001 Device 003 not a FEL device (expected 1f3a:efe8, got 0bda:8153)"),
        Msg("usb_io_error", r"^(?P<what>usb_bulk_send|usb_bulk_recv|libusb_open|libusb_claim_interface|libusb_get_device_list|libusb_init)\(\) ERROR (?P<code>-?\d+)",
            "strong", fail=True, convert=(("code", int),), example="usb_bulk_send() ERROR -7: Operation timed out"),
        Msg("device_found", r"^AWUSBFEX soc=[0-9a-fA-F]{8}\(", "strong",
            example="AWUSBFEX soc=00001728(H6) 00000001 ver=0001 44 08 scratchpad=00007e00 00000000 00000000"),
        Msg("device_listed", r"^USB device \d{3}:\d{3}\s+Allwinner\b", "strong", example="USB device 001:014   Allwinner H6      82c00003:0c004708:0140cf59:3c772351"),
        Msg(None, r"^(?:Stack pointers: sp_irq=0x|MMU is not enabled by BROM|=> Executing the SPL\.\.\.|found DT name in SPL header:"
            r"|Passing boot info via sunxi SPL:|Writing image \"|Warning: no 'soc_sram_info' data for your SoC)", "strong",
            example="=> Executing the SPL... done."),
        Msg("flash_succeeded", r"^Starting U-Boot \(0x[0-9A-Fa-f]+\)", "strong", example="Starting U-Boot (0x4A000000)."),
        Msg("image_rejected", r"^(?:SPL: (?:eGON header is not found|bad length in the eGON header|checksum check failed|Unsupported SoC type"
            r"|too large|failure code)|sunxi SPL version mismatch|Invalid U-Boot image|U-Boot (?:image type|header CRC|data CRC) mismatch)",
            "strong", fail=True, example="SPL: eGON header is not found"),
    ),
    group(
        "xboot/xfel main.c, fel.c 2021-2026",
        Msg("recovery_device_not_found", r"^ERROR: (?:Can't found any FEL device|No FEL device found)", "strong", fail=True,
            example="ERROR: Can't found any FEL device"),
        Msg("usb_open_failed", r"^ERROR: Can't connect to device", "strong", fail=True, example="ERROR: Can't connect to device"),
        Msg("usb_io_error", r"^usb bulk (?:send|recv) error", "strong", fail=True, example="usb bulk send error"),
        Msg("unsupported_device", r"^WARNING: Not yet support this device ID 0x", "strong", fail=True,
            example="WARNING: Not yet support this device ID 0x00188300"),
    ),
    group(
        "NextThingCo CHIP-tools flash scripts (chip-update-firmware.sh, as the Flash-CHIP wrapper runs it; from the paste)",
        Msg("tool_missing", r"^Error: Unable to locate (?P<name>[\w.+-]+) utility\.?", "strong", fail=True,
            example="Error: Unable to locate sunxi-fel utility."),
        Msg(None, r"^Install [\w.+-]+ with:$", example="  Install sunxi-fel with:"),
        Msg(None, r"^CHIP-SDK setup script\s+\[", example="  CHIP-SDK setup script      [github.com/NextThingCo/CHIP-SDK]"),
    ),
)


@register
class SunxiFelParser(TableParser):
    name = "sunxi-fel"
    namespace = "flash"
    messages = SUNXI_MESSAGES
    hints = ("fel", "allwinner", "error", "awusbfex", "stack pointers", "mmu is not", "executing the spl", "dt name", "passing boot info",
             "writing image", "soc_sram_info", "u-boot", "spl", "usb bulk", "not yet support", "unable to locate", "install", "chip-sdk")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "usb_io_error" and ev.get("what") in ("libusb_open", "libusb_claim_interface"):
            # LIBUSB_ERROR_ACCESS (-3): the user may not open 1f3a:efe8
            ev["kind"] = "usb_access_denied" if ev.get("code") == -3 else "usb_open_failed"


UUU_MESSAGES = rows_of(
    group(
        "nxp-imx/mfgtools uuu/uuu.cpp, libuuu/usbhotplug.cpp, buffer.cpp 1.2-1.5",
        Msg(None, r"^uuu \(Universal Update Utility\) for nxp imx chips", "strong",
            example="uuu (Universal Update Utility) for nxp imx chips -- libuuu_1.3.124-0-gee3f09a"),
        Msg("device_list_header", r"^Connected Known USB Devices", "strong", example="Connected Known USB Devices"),
        Msg(None, r"^Path\s+Chip\s+Pro\s+Vid\s+Pid\s+BcdVersion", "strong", example="Path\t Chip\t Pro\t Vid\t Pid\t BcdVersion\t Serial_no"),
        Msg(None, r"^={20,}$", example="=================================================="),
        Msg("device_listed", r"^\d+:[\w.-]+\s+\w+\s+(?:SDP[SUV]?|FBK?):\s+0x(?P<vid>[0-9A-Fa-f]{4})\s+0x(?P<pid>[0-9A-Fa-f]{4})", "strong",
            example="1:1342   MX93    SDPS:   0x1FC9 0x014E   0x0001"),
        Msg("waiting_for_device", r"Wait for Known USB Device Appear\.\.\.", "strong", example="Wait for Known USB Device Appear..."),
        Msg("device_found", r"^New USB Device Attached at \S+", "strong", example="New USB Device Attached at 1:2"),
        Msg(None, r"^\S+>Start Cmd:", "strong", example="1:2>Start Cmd:SDP: boot -f u-boot.imx"),
        Msg(None, r"^\S+>Okay \(", "strong", example="1:12>Okay (1s)"),
        Msg("command_failed", r"^\S+>Fail (?P<text>.+)", "strong", fail=True, example="1:2>Fail HID(W):LIBUSB_ERROR_TIMEOUT(1s)"),
        Msg("usb_access_denied", r"Failure open usb device,\s*Try sudo uuu", "strong", fail=True,
            example="1:3 1/ 2 [Failure open usb device,Try sudo uuu] SDP: boot -f flash.bin"),
        # libuuu/trans.cpp USBTrans::ensure_interface_claimed (1.4-1.5): libusb_detach_kernel_driver / libusb_claim_interface
        # return codes in the status line; -3 is LIBUSB_ERROR_ACCESS (no root on macOS, no udev rule on Linux: mfgtools#474
        # "detach kernel driver failure (-3)" without sudo, "Success 1" with it). Other codes stay transfer_failed below.
        Msg("usb_access_denied", r"\[\s*(?:detach kernel driver failure|Failure claim interface) \(-3\)", "strong", fail=True,
            example="1:1-         1/ 2 [detach kernel driver failure (-3)     ] SDP: boot -f \"u-boot-dtb.imx\""),
        Msg("recovery_device_not_found", r"^Error: Timeout: Wait for (?:Known |next )?USB Device", "strong", fail=True,
            example="Error: Timeout: Wait for USB Device Appear"),
        Msg("image_unreadable", r"^(?:Error: )?(?:xx )?[Ff]a(?:il|ilure) open file:", "strong", fail=True,
            example="Error: fail open file: >mymy_image.bin.bin"),
        # the status line: a transfer error in its brackets fails the run (a plain step name is progress)
        Msg("transfer_failed", r"^\S+\s+\d+/\s*\d+\s+\[(?P<text>[^\]]*)\]", "strong", fail=True,
            example="3:3 1/ 8 [Bulk(R):LIBUSB_ERROR_TIMEOUT ] FB: ucmd setenv fastboot_dev mmc"),
        Msg("result", r"^Success (?P<value>\d+)\s+Failure (?P<count>\d+)", "strong", convert=(("value", int), ("count", int)),
            example="Success 0    Failure 1"),
    ),
)


@register
class UuuParser(TableParser):
    name = "uuu"
    namespace = "flash"
    messages = UUU_MESSAGES
    event_kinds = ("flash_succeeded", "progress")
    hints = ("uuu", "universal update", "connected known", "path", "====", "sdp", "fb:", "fbk:", "wait for known", "new usb device",
             "start cmd", "okay", "fail", "timeout", "success")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is not None and ev["kind"] == "transfer_failed" and not re.search(r"ERROR|[Ff]ail|[Tt]imeout", ev.get("text") or ""):
            ev["kind"] = "progress"
            ev.pop("fail", None)

    def summary(self) -> dict[str, Any]:
        evs = self.events
        for ev in evs:
            if ev["kind"] == "result":
                if ev.get("count"):
                    ev["fail"] = True
        headers = [e for e in evs if e["kind"] == "device_list_header"]
        if headers and not any(e["kind"] == "device_listed" for e in evs):
            # `uuu -lsusb` listed no i.MX in serial download mode
            self.event("recovery_device_not_found", headers[-1]["lineno"], headers[-1]["line"], fail=True)
        results = [e for e in evs if e["kind"] == "result"]
        if results and results[-1].get("value") and not results[-1].get("count"):
            return {"success": True}
        return super().summary()


ANDROID_MESSAGES = rows_of(
    group(
        "AOSP system/core diagnose_usb/diagnose_usb.cpp (adb and fastboot, 2016-2025) and older adb transport_usb",
        Msg("usb_access_denied", r"\bno permissions(?: \((?P<reason>[^)]*)\))?; see \[", "strong", fail=True,
            example="no permissions (missing udev rules? user is in the plugdev group); see [http://developer.android.com/tools/device.html]  fastboot"),
        Msg("usb_access_denied", r"^\?{8,}\s+no permissions\s*$", "strong", fail=True, example="????????????\tno permissions"),
        Msg("usb_access_denied", r"\b[Ii]nsufficient permissions for device\b", "strong", fail=True,
            example="error: insufficient permissions for device: user in plugdev group; are your udev rules wrong?"),
        Msg(None, r"^See \[\S+\] for more information", example="See [http://developer.android.com/tools/device.html] for more information"),
        Msg(None, r"^List of devices attached", "strong", example="List of devices attached"),
        Msg("device_listed", r"^(?P<serial>\S+)\s+(?P<state>device|fastboot|sideload|recovery|bootloader|rescue)\s*$", example="5d5015ff\tfastboot"),
    ),
    group(
        "AOSP system/core fastboot/fastboot.cpp (2016-2025)",
        Msg("waiting_for_device", r"^< waiting for (?:any device|device|[^>]{1,60}) ?>", "strong", example="< waiting for any device >"),
        Msg(None, r"^(?:Sending|Writing|Erasing) '[^']+'\s+(?:\(\d+ KB\)\s+)?", "weak", example="Sending 'boot' (32768 KB)"),
        Msg(None, r"^OKAY \[\s*[\d.]+s\]", example="OKAY [  0.801s]"),
        Msg("command_failed", r"^FAILED \((?P<text>[^)]+)\)", "weak", fail=True, example="FAILED (remote: 'unknown command')"),
        Msg("flash_succeeded", r"^Finished\. Total time: ", "strong", example="Finished. Total time: 1.523s"),
    ),
)


@register
class AndroidUsbParser(TableParser):
    name = "fastboot"
    namespace = "flash"
    messages = ANDROID_MESSAGES
    event_kinds = ("recovery_device_not_found",)
    hints = ("no permissions", "insufficient permissions", "see [", "list of devices", "device", "fastboot", "sideload", "recovery",
             "bootloader", "rescue", "waiting for", "sending", "writing", "erasing", "okay", "failed", "finished")

    def summary(self) -> dict[str, Any]:
        evs = self.events
        waits = [i for i, e in enumerate(evs) if e["kind"] == "waiting_for_device"]
        if waits and not any(e["kind"] in ("flash_succeeded", "device_listed") or e.get("fail") for e in evs[waits[-1] + 1:]):
            # fastboot never found a device it could use (a paste that ends while it waits)
            last = evs[waits[-1]]
            self.event("recovery_device_not_found", last["lineno"], last["line"], fail=True)
            return {"success": False}
        return super().summary()
