"""The flashers of Zigbee / Thread radio sticks (home-automation coordinators), as message tables.

- cc2538-bsl.py (JelmerT/cc2538-bsl, 2014-2025): the TI CC26xx/CC13xx/CC2538 serial bootloader (BSL) client that
  flashes Sonoff ZBDongle-P, zzh!, slae.sh CC2652RB, TubesZB and other TI sticks. It opens the port, toggles the
  BSL lines (`--bootloader-sonoff-usb`, `--bootloader-active-high`...) and sends the BSL's 0x55 0x55 synch; a chip
  not sitting in its ROM bootloader (the line toggle did not reach it, the BSL backdoor is disabled, the button was
  not held), a port another program holds (zigbee2mqtt, ZHA), or a stick that is not a TI chip at all (an EFR32
  ZBDongle-E) never answers: `ERROR: Timeout waiting for ACK/NACK after 'Synch (0x55 0x55)'`.
- universal-silabs-flasher (NabuCasa, 2022-2025): flashes Silicon Labs EFR32 sticks (SkyConnect/ZBT-1, Yellow,
  Sonoff ZBDongle-E) through their Gecko bootloader. It probes the running application (Gecko bootloader, CPC,
  EZSP, Spinel) at each application's baud rates; when none answers it stops with `Failed to probe running
  application type` (flasher.py). Until 0.0.x `--baudrate N` pinned every probe to one rate (later versions refuse
  the flag: "The `--baudrate` flag is deprecated"), so firmware built for another rate could not be found.
- GCFFlasher (dresden elektronik, V3_x closed GCFFlasher_internal and V4 open source): flashes ConBee I/II/III and
  RaspBee I/II. Each stick takes its own image family: deCONZ_Rpi_0x26xx0500 (AVR: ConBee I, RaspBee I),
  deCONZ_ConBeeII_0x26xx0700, deCONZ_RaspBeeII_0x26xx0700, deCONZ_ConBeeIII_0x26xx0900. V3 resets a ConBee I through
  its FTDI chip ("reset FTDI <serial> (dev: N)"; V4 gcf.c: "FTDI reset applies only to ConBee I").

Facts: one run per block under `flash.runs` (tool cc2538-bsl, universal-silabs-flasher, gcfflasher). `cc_no_sync`:
the BSL never answered the synch. `usf_probe_failed` carries `pinned_baud` when the block's command line pinned
`--baudrate`. GCFFlasher's `gcf_device` names the stick (`stick`: conbee1, conbee2, conbee3) and `gcf_firmware` the
image family a file name names (`family`: avr, conbee2, raspbee2, conbee3); a command line's `-d` path is the firmware
event's `device`. `-l` prints `gcf_list` (its header; V4 also "no devices found") and one `gcf_device` per stick with its
`path` and `listed`; V2 names the RaspBee it defaults to ("no device specified use RaspBee (/dev/ttyS0)") the same way.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

# --- cc2538-bsl ------------------------------------------------------------------------------------------------------

CC2538_MESSAGES = rows_of(
    group(
        "cc2538-bsl 2.x cc2538-bsl.py main() and CommandInterface (JelmerT/cc2538-bsl 2014-2025)",
        Msg(None, r"^Opening port (?P<port>\S+?) ?, baud (?P<baud>\d+)\s*$", "strong", example="Opening port /dev/ttyUSB0, baud 500000"),
        Msg(None, r"(?:^|[\s/\\])cc2538[-_]bsl(?:\.py)?\s+-", "strong",
            example="python3 cc2538-bsl.py -p /dev/ttyUSB0 -evw CC1352P2_CC2652P_launchpad_coordinator_20211217.hex"),
        Msg(None, r"^(?:Your firmware looks like an Intel Hex file|Firmware file: (?:Intel Hex|Raw Binary)\s*$)", "strong",
            example="Your firmware looks like an Intel Hex file"),
        Msg(None, r"^Connecting to target\.\.\.\s*$", "weak", example="Connecting to target..."),
        Msg(None, r"^Reading data from \S", "weak", example="Reading data from CC26X2R1_20201026.hex"),
        # FirmwareFile: a .hex needs the intelhex package (an ImportError is caught and reworded); `serial` likewise at start-up
        Msg("tool_missing", r"Firmware is Intel Hex, but the IntelHex library could not be imported", "strong", fail=True,
            attrs={"name": "intelhex"}, example="ERROR: Firmware is Intel Hex, but the IntelHex library could not be imported."),
        Msg("tool_missing", r"cc2538-bsl(?:\.py)? requires the Python serial library", "strong", fail=True, attrs={"name": "pyserial"},
            example="cc2538-bsl.py requires the Python serial library"),
        # _wait_for_ack("Synch (0x55 0x55)", 2) raised, or sendSynch() returned False: the ROM bootloader never answered
        Msg("cc_no_sync", r"Timeout waiting for ACK/NACK after 'Synch \(0x55 0x55\)?", "strong", fail=True,
            example="ERROR: Timeout waiting for ACK/NACK after 'Synch (0x55 0x55)'"),
        Msg("cc_no_sync", r"Can't connect to target\. Ensure boot loader is started", "strong", fail=True,
            example="ERROR: Can't connect to target. Ensure boot loader is started. (no answer on synch sequence)"),
        # a later command's ACK timed out: the bootloader answered the synch, then the link stopped mid-way
        Msg("cc_cmd_timeout", r"Timeout waiting for ACK/NACK after '(?P<cmd>(?!Synch)[^']+)'", "strong", fail=True,
            example="ERROR: Timeout waiting for ACK/NACK after 'Send data (0x24)'"),
        Msg("flash_target", r"^(?P<chip>CC\d{4}\w*) PG\d+\.\d+(?: \([^)]*\))?: \d+KB Flash", "strong",
            example="CC1350 PG2.0 (7x7mm): 352KB Flash, 20KB SRAM, CCFG.BL_CONFIG at 0x00057FD8"),
        Msg(None, r"^Primary IEEE Address: [0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){7}", "weak", example="Primary IEEE Address: 00:12:4B:00:23:90:D5:3B"),
        Msg(None, r"^\s*(?:Performing mass erase|Erasing all main bank flash sectors|Erase done|Write done|Verifying by comparing CRC32 calculations\.)",
            "none", example="    Performing mass erase"),
        Msg(None, r"^\s*Write \d+ bytes at 0x[0-9A-Fa-f]+|^Writing \d+ bytes starting at address 0x[0-9A-Fa-f]+", "none",
            example="Writing 360448 bytes starting at address 0x00000000"),
        Msg("flash_succeeded", r"^\s*Verified \(match: 0x[0-9a-fA-F]+\)", "none", example="    Verified (match: 0xba5c19c5)"),
        Msg("cc_verify_failed", r"NO CRC32 match: Local = 0x[0-9a-fA-F]+, Target = 0x[0-9a-fA-F]+", "strong", fail=True,
            example="ERROR: NO CRC32 match: Local = 0xba5c19c5, Target = 0x0"),
    ),
)

# --- universal-silabs-flasher -----------------------------------------------------------------------------------------

USF_MESSAGES = rows_of(
    group(
        "universal-silabs-flasher 0.0.x-0.1.x flash.py main()/flash(), flasher.py probe_app_type() (NabuCasa 2022-2025)",
        Msg(None, r"(?:^|[\s/\\$>])universal[-_]silabs[-_]flasher(?:\.exe)?\s+(?:-|\S+\s+-)", "strong",
            example="universal-silabs-flasher --device /dev/ttyUSB0 flash --firmware ncp-uart-hw-v7.4.3.0-zbdonglee-115200.gbl"),
        Msg(None, r"\buniversal_silabs_flasher\.(?:flash|flasher|common|gecko_bootloader|cpc|spinel|emberznet|xmodemcrc)\b", "strong",
            example="2024-04-19 07:42:26.031 oxyhome universal_silabs_flasher.flasher INFO Probing ApplicationType.GECKO_BOOTLOADER at 115200 baud"),
        Msg(None, r"\bProbing ApplicationType\.(?:GECKO_BOOTLOADER|CPC|EZSP|SPINEL|ROUTER)\b", "strong",
            example="INFO Probing ApplicationType.GECKO_BOOTLOADER at 115200 baud"),
        Msg("usf_detected", r"\bDetected ApplicationType\.(?P<app>\w+), version ", "strong",
            example="INFO Detected ApplicationType.GECKO_BOOTLOADER, version '2.4.2' at 115200 baudrate (bootloader baudrate 115200)"),
        # no application answered at any probed rate, and no bootloader either
        Msg("usf_probe_failed", r"(?:^|Error: |RuntimeError: |ClickException: )Failed to probe running application type", "strong", fail=True,
            example="Error: Failed to probe running application type"),
        Msg(None, r"--(?:bootloader-)?baudrate\b", "none", example="    --baudrate 115200 --bootloader-baudrate 115200 \\"),
        Msg("tool_option_unknown", r"The `--baudrate` flag is deprecated", "strong", fail=True,
            example="Error: The `--baudrate` flag is deprecated. Remove it to rely on auto baudrate probing, or replace it with an application-specific baudrate flag (see `--help`)"),
        Msg(None, r"\.gbl\s+\[#+\s*\]\s+100%", "weak", example="yellow_ncp-uart-hw_7.4.2.0.gbl  [####################################]  100%"),
        Msg(None, r"\bNo application can be launched\b|\bTriggering \w+ bootloader\b", "none", benign=True,
            example="WARNING No application can be launched"),
    ),
)

# --- zigbee-herdsman (Zigbee2MQTT) ------------------------------------------------------------------------------------

HERDSMAN_MESSAGES = rows_of(
    group(
        "zigbee-herdsman 0.13-4.x src/adapter/z-stack/adapter/zStackAdapter.ts DataConfirmError (Zigbee2MQTT 1.x-2.x)",
        # ZnpCommandStatus 0xE1 (225) MAC_CHANNEL_ACCESS_FAILURE: the coordinator's radio found the 2.4 GHz channel busy on every
        # CSMA try (herdsman retries it once after 2 s). Old wording 'MAC channel access failure' (225), new 'MAC_CHANNEL_ACCESS_FAILURE' (0xe1)
        Msg("zigbee_channel_busy", r"(?i)\bMAC[ _]channel[ _]access[ _]failure\b", "strong", fail=True,
            example="Publish 'set' 'state' to '0x7cb03eaa0a01b20d' failed: 'Error: Data request failed with error: 'MAC channel access failure' (225)'"),
    ),
)

# --- GCFFlasher --------------------------------------------------------------------------------------------------------

_FAMILIES = (("conbee3", re.compile(r"deCONZ_ConBeeIII_", re.I)), ("conbee2", re.compile(r"deCONZ_ConBeeII_", re.I)),
             ("raspbee2", re.compile(r"deCONZ_RaspBeeII_", re.I)), ("avr", re.compile(r"deCONZ_Rpi_", re.I)))
_STICKS = (("conbee3", re.compile(r"\bConBee ?III\b", re.I)), ("conbee2", re.compile(r"\bConBee ?II\b", re.I)),
           ("conbee1", re.compile(r"\bConBee(?: ?I)?\b(?! ?I)", re.I)))

GCF_MESSAGES = rows_of(
    group(
        "GCFFlasher V3_x (GCFFlasher_internal, dresden elektronik 2017-2022; messages from real pastes)",
        Msg(None, r"^GCFFlasher V\d+_\d+ \(c\) dresden elektronik", "strong", example="GCFFlasher V3_13 (c) dresden elektronik ingenieurtechnik gmbh"),
        Msg("gcf_firmware", r"(?:^|\s)(?:sudo\s+)?\S*GCFFlasher(?:_internal)?(?:\.exe)?\s(?:\S+\s+){0,16}?-f\s*(?P<file>\S.*)$", "strong",
            example="sudo GCFFlasher_internal -d /dev/ttyACM0 -t 60 -f deCONZ_ConBeeII_0x26580700.bin.GCF"),
        Msg("gcf_firmware", r"^using firmware file: (?P<file>\S+)", "strong", example="using firmware file: ../firmware/deCONZ_Rpi_0x26350500.bin.GCF"),
        Msg("gcf_device", r"^Reboot device \S+ \((?P<name>[^)]+)\)", "strong", example="Reboot device /dev/ttyACM0 (ConBee II)"),
        Msg("gcf_device", r"^reset FTDI \S+ \(dev: \d+\)", "strong", attrs={"stick": "conbee1"}, example="reset FTDI DM01H1J8 (dev: 0)"),
        # `-l` lists the sticks it finds (V3: path, USB ids, serial, type); a header with no row under it found none
        Msg("gcf_list", r"^Path\s+\|\s*Vendor\s*\|\s*Product\s*\|\s*Serial\s*\|\s*Type\s*$", "strong",
            example="Path             | Vendor | Product | Serial     | Type"),
        Msg("gcf_device", r"^(?P<path>\S+)\s*\|\s*0x[0-9A-Fa-f]{4}\s*\|\s*0x[0-9A-Fa-f]{4}\s*\|\s*\S*\s*\|\s*(?P<name>(?:ConBee|RaspBee)[\w ]*?)\s*$", "weak",
            attrs={"listed": True}, example="/dev/ttyACM0     | 0x1CF1 | 0x0030  | DE1964343  | ConBee II"),
        Msg(None, r"^(?:R21B18 Bootloader|Vers: \d|build: \w{3} \d|action: update firmware after \d+ ms|deCONZ firmware version [0-9A-Fa-f]{8}|verify: \.)", "weak",
            example="R21B18 Bootloader"),
        Msg(None, r"^flashing \d+ bytes: \|=*\|?\s*$", "weak", example="flashing 158985 bytes: |==============================|"),
        Msg("gcf_flash_failed", r"Flash update failed, invalid CRC", "strong", fail=True, example="Flash update failed, invalid CRC. Please try again."),
        Msg("gcf_flash_failed", r"error: timeout flashing firmware after \d+ ms", "strong", fail=True,
            example="flashing 160930 bytes: |==============error: timeout flashing firmware after 3007 ms"),
        Msg("gcf_no_bootloader", r"(?<!\d)\d+: Error: uart reset failed, check retry|error: bootloader not res", "strong", fail=True,
            example="2139: Error: uart reset failed, check retry"),
        # V3 gave up on the device it was given (-d) before any bootloader answer: retries exhausted (-t)
        Msg("gcf_connect_failed", r"^retry, failed\s*$", "weak", fail=True, example="retry, failed"),
    ),
    group(
        "GCFFlasher V2_x (GCFFlasher wrapper + GCFFlasher_internal, 2016-2018; messages from real pastes)",
        # V2 without -d takes the RaspBee on the Pi's UART and says so
        Msg("gcf_device", r"^no device specified use (?P<name>RaspBee) \((?P<path>/dev/\S+)\)", "strong", benign=True,
            example="no device specified use RaspBee (/dev/ttyS0)"),
        Msg(None, r"^(?:reset target|RaspBee Bootloader premium|Vers\. \d+\.\d+|build \d{4}/\d\d/\d\d)\s*$", "weak",
            example="RaspBee Bootloader premium"),
        Msg("flash_succeeded", r"^SUCCESS\s*$", "weak", example="SUCCESS"),
        # the V2 wrapper script unloads the FTDI serial drivers (ConBee I) before flashing; on a RaspBee or a host without
        # them kmod's rmmod (tools/rmmod.c + tools/log.c "%s: ERROR: ") says they were not loaded: harmless
        Msg(None, r"^rmmod: ERROR: Module (?:ftdi_sio|usbserial) is not currently loaded\s*$", "weak", benign=True,
            example="rmmod: ERROR: Module ftdi_sio is not currently loaded"),
    ),
    group(
        "GCFFlasher V4.x gcf.c (dresden-elektronik/gcfflasher 2022-2025)",
        Msg("gcf_firmware", r"^read file success: (?P<file>\S+)", "strong", example="read file success: deCONZ_ConBeeIII_0x26450900.bin.GCF (174270 bytes)"),
        # ST_ListDevices(): "no devices found" (devCount 0: linux_get_usb_devices.c reads udevadm's database), then the header
        Msg("gcf_list", r"^Path\s+\|\s*Serial\s*\|\s*Type\s*$|^no devices found\s*$", "strong", example="Path              | Serial      | Type"),
        Msg("gcf_device", r"^(?P<path>\S+)\s*\|\s*\S*\s*\|\s*(?P<name>(?:ConBee|RaspBee)[\w ]*?)\s*$", "weak", attrs={"listed": True},
            example="COM3              | DE2654380   | ConBee II"),
        Msg(None, r"^(?:flash firmware|command UART reset done|command reset timeout|query bootloader id V\d|bootloader detected|bootloader synced: )", "weak",
            example="query bootloader id V3"),
        Msg("gcf_no_bootloader", r"^(?:query bootloader failed|failed to sync bootloader)", "strong", fail=True, example="query bootloader failed"),
        Msg(None, r"^retry connect bootloader \S+", "weak", example="retry connect bootloader /dev/ttyACM0"),
    ),
)


def _family(text: str) -> str | None:
    return next((name for name, rx in _FAMILIES if rx.search(text)), None)


def _stick(text: str) -> str | None:
    return next((name for name, rx in _STICKS if rx.search(text)), None)


@register
class Cc2538BslParser(TableParser):
    name = "cc2538-bsl"
    namespace = "flash"
    messages = CC2538_MESSAGES
    hints = ("opening port", "cc2538", "firmware", "connecting to target", "reading data from", "intelhex", "serial library",
             "synch", "boot loader", "ack/nack", "kb flash", "ieee address", "erase", "write", "verif", "crc32")


@register
class SilabsFlasherParser(TableParser):
    name = "universal-silabs-flasher"
    namespace = "flash"
    messages = USF_MESSAGES
    hints = ("silabs", "probing applicationtype", "detected applicationtype", "failed to probe running application type", "baudrate",
             ".gbl", "no application can be launched", "bootloader")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.pinned: int | None = None  # the --baudrate the command line pinned every probe to

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev and ev["kind"] == "usf_probe_failed" and self.pinned:
            ev["pinned_baud"] = True
            ev["baud"] = self.pinned

    def feed(self, lineno: int, line: str) -> None:
        pin = re.search(r"--baudrate[= ](\d{4,7})\b", line)
        if pin:
            self.pinned = int(pin.group(1))
        super().feed(lineno, line)


@register
class GcfFlasherParser(TableParser):
    name = "gcfflasher"
    namespace = "flash"
    messages = GCF_MESSAGES
    hints = ("gcfflasher", "firmware", "reboot device", "reset ftdi", "conbee", "raspbee", "bootloader", "vers:", "build:",
             "flashing", "verify:", "invalid crc", "uart reset", "read file success", "query bootloader", "flash firmware",
             "command reset", "command uart", "retry connect", "path ", "no devices found", "retry, failed", "reset target",
             "vers.", "build 2", "success", "not currently loaded")

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if not ev:
            return
        if ev["kind"] == "gcf_firmware":
            fam = _family(line)
            if fam:
                ev["family"] = fam
            dev = re.search(r"\s-d\s*(/dev/\S+|COM\d+)", line)  # the device the command line named (-d)
            if dev:
                ev["device"] = dev.group(1)
        elif ev["kind"] == "gcf_device" and not ev.get("stick"):
            stick = _stick(ev.get("name") or "")
            if stick:
                ev["stick"] = stick


@register
class ZigbeeHerdsmanParser(TableParser):
    name = "zigbee-herdsman"
    namespace = "serial"
    messages = HERDSMAN_MESSAGES
    hints = ("channel access", "channel_access")
