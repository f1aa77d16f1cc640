"""Katapult's host tool: flashtool.py and the older flash_can.py (verbose and quiet, old and new wordings).

Facts: one run per block under `katapult.runs` (tool "flashtool"). Summary fields: `interface` ("can" or
"serial"), `uuid`, `device`, `baud`, `mcu` / `version` / `address` / `block_size` (what CONNECT reported),
`binary_mcu` / `binary_version` (what flashtool read from klipper.bin), `failed_command` (the command
that ran out of retries), `success` (the run's final "complete" line, and no error), `written`,
`verified`. Events carry the evidence lines.

Wordings covered: `ERROR:root:Flash Tool Error` (2024-08 and later), `ERROR:root:Flash Error` and
`FlashCanError: Error sending command [X] to Can Device` (before), `FlashError: ... to Device`,
`Response for command X timed out, N tries remaining` (-v only), the reconnect and detection lines of
USB and CAN bootloader requests, and the final lines of every mode.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import Parser, register

_LEVEL = r"(?:(?:INFO|ERROR|WARNING|DEBUG):root:)?"

_RX: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rx))
    for name, rx in [
        ("timeout", _LEVEL + r"Response for command (\w+) timed out(?:, (\d+) tries remaining)?"),
        ("send_error", r"Error sending command \[(\w+)\] to (Can )?Device"),
        ("mismatch", r"MCU returned by Katapult does not match"),
        ("tool_error", r"^ERROR:root:(Flash Tool Error|Flash Error|Can Flash Error|Can Read Error|Device Read Error|Can Socket Read Error)"),
        ("flash_can", r"^(?:Flashing|Connecting to) CAN UUID ([0-9a-fA-F]{12})(?: on interface (\S+))?"),
        ("flash_serial", r"^(?:Flashing|Connecting to) Serial Device (\S+?),?(?:\s+baud (\d+))?\s*$"),
        ("mcu_pair", r"^(Katapult MCU|Klipper Binary MCU): (\S+)"),
        ("image_missing", r"Invalid firmware path '([^']*)'|No such file or directory: '([^']*\.(?:bin|uf2|elf))'"),
        ("connected", r"^(Katapult|CanBoot) Connected"),
        ("sw_version", r"^Software Version: (\S+)"),
        ("proto", r"^Protocol Version: (\S+)"),
        ("block_size", r"^Block Size: (\d+)"),
        ("app_start", r"^Application Start: (0x[0-9a-fA-F]+)"),
        ("mcu_type", r"^MCU type: (\S+)"),
        ("binary", r"^Detected Klipper binary version (.+?), MCU: (\S+)"),
        ("jump", r"^Sending bootloader jump command"),
        ("reset_ids", r"^Resetting all bootloader node IDs"),
        ("request", r"^Requesting (USB|serial) bootloader for (?:device )?(\S+?)\.*$"),
        ("reconnect_timeout", r"^(?:Waiting for USB Reconnect|Requesting USB bootloader for )\S*.*timed out\s*$"),
        ("katapult_usb", r"^Detected USB device running (?:Katapult|Klipper)"),
        ("waiting", r"^Waiting for USB Reconnect"),
        ("bridge", r"^Canbus Bridge detected at (\S+)"),
        ("new_usb", r"^Detected new USB Device:?\s*(.*)"),
        ("detected_at", r"^Katapult detected (?:at serial port|on) (\S+)"),
        ("not_katapult", r"^Device is not Katapult"),
        ("reconnect_timeout", r"(?i:timed out waiting for (?:usb )?(?:reconnect|device))|^USB Reconnect timed out|^timed out$"),
        ("uuid", r"^Detected UUID: ([0-9a-fA-F]{12}), Application: (\S+)"),
        ("write_complete", r"^Write complete: (\d+) pages"),
        ("verified", r"^Verification Complete"),
        ("complete", r"^(Programming Complete|Flash Success|(?:CANBus UUID )?Query Complete|Bootloader Request Complete|Status Request Complete)"),
        ("checksum", r"Checksum mismatch"),
        ("write_failed", r"Flash write failed|Block write mismatch|Block Request Error|Invalid Block Size|Frame CRC Mismatch|Received NACK|Received Error Response|Acknowledged wrong command"),
        ("bind", r"Unable to bind socket to (\S+)"),
        ("busy", r"Serial device (\S+) in use(?: by another program)?"),
        ("holder", r"^Process ID: (\d+)"),
        ("no_device", r"No Serial Device found at (\S+)"),
        ("no_permission", r"No permission to access device (\S+)"),
        ("uuid_mismatch", r"UUID mismatch"),
        ("exception", r"^(?:[\w.]*(?:FlashError|FlashCanError|Error|Exception)): (.*)"),
    ]
]


@register
class KatapultParser(Parser):
    name = "flashtool"
    namespace = "katapult"
    strong = (
        r"Response for command \w+ timed out",
        r"Error sending command \[\w+\] to (?:Can )?Device",
        r"MCU returned by Katapult does not match",
        r"^ERROR:root:(?:Flash Tool Error|Flash Error|Can Read Error)",
        r"^(?:Flashing|Connecting to) CAN UUID [0-9a-fA-F]{12}",
        r"^(?:Flashing|Connecting to) Serial Device \S+, baud",
        r"^Detected USB device running (?:Katapult|Klipper)",
        r"^Waiting for USB Reconnect",
        r"^Canbus Bridge detected at ",
        r"Katapult build not reporting software version",
        r"^ERROR:root:(?:Can Flash Error|Device Read Error|Can Socket Read Error)",
        r"^(?:Katapult MCU|Klipper Binary MCU): ",
        r"^(?:Katapult|CanBoot) Connected",
        r"^Attempting to connect to bootloader",
        r"^Detected Klipper binary version ",
        r"^Sending bootloader jump command",
        r"^Resetting all bootloader node IDs",
        r"^Detected USB device running Katapult",
        r"^Katapult detected (?:at serial port|on) ",
        r"^Device is not Katapult",
        r"^Detected UUID: [0-9a-fA-F]{12}, Application:",
        r"^(?:CANBus UUID Query|Bootloader Request|Status Request) Complete",
        r"^Verification Complete: SHA",
        r"FlashCanError: ",
        r"^Requesting (?:USB|serial) bootloader for ",
        r"^Checking for (?:Katapult|[Cc]an[Bb]oot) nodes",
    )
    weak = (
        r"^Software Version: ",
        r"^Protocol Version: ",
        r"^Block Size: \d+ bytes",
        r"^Application Start: 0x",
        r"^MCU type: ",
        r"^Write complete: \d+ pages",
        r"^Flash Success",
        r"^Programming Complete",
        r"^Detected new USB Device",
        r"^FlashError: ",
        r"File \".*(?:flashtool|flash_can)\.py\"",
    )
    event_kinds = (
        "katapult_timeout",
        "katapult_command_failed",
        "katapult_mcu_mismatch",
        "katapult_error",
        "katapult_can_read_error",
        "katapult_connected",
        "katapult_binary",
        "katapult_jump",
        "katapult_request",
        "katapult_usb_reconnect",
        "katapult_not_katapult",
        "katapult_reconnect_timeout",
        "katapult_uuid",
        "katapult_write_error",
        "katapult_bind_error",
        "katapult_device_busy",
        "katapult_no_device",
        "katapult_permission_denied",
        "katapult_complete",
        "katapult_exception",
        "katapult_image_missing",
        "katapult_bridge",
    )

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.summary: dict[str, Any] = {}
        self.failed: str | None = None
        self.errors = 0
        self.complete = False

    def feed(self, lineno: int, line: str) -> None:
        text = line.strip()
        if not text:
            return
        s = self.summary
        for name, rx in _RX:
            m = rx.search(text)
            if m is None:
                continue
            if name == "timeout":
                tries = int(m.group(2)) if m.group(2) is not None else None
                self.event("katapult_timeout", lineno, text, command=m.group(1), tries=tries)
                if tries == 0 or tries is None:
                    self.failed = self.failed or m.group(1)
            elif name == "send_error":
                self.failed = m.group(1)
                self.errors += 1
                self.event("katapult_command_failed", lineno, text, command=m.group(1))
            elif name == "mismatch":
                self.errors += 1
                self.event("katapult_mcu_mismatch", lineno, text)
            elif name == "tool_error":
                if m.group(1) in ("Can Read Error", "Can Socket Read Error"):
                    s["interface"] = "can"
                    self.event("katapult_can_read_error", lineno, text)
                elif m.group(1) == "Device Read Error":
                    self.event("katapult_can_read_error", lineno, text)
                else:
                    self.errors += 1
                    self.event("katapult_error", lineno, text)
            elif name == "flash_can":
                s["interface"] = "can"
                s["uuid"] = m.group(1).lower()
                if m.group(2):
                    s["device"] = m.group(2)
            elif name == "flash_serial":
                s["interface"] = "serial"
                s["device"] = m.group(1)
                if m.group(2):
                    s["baud"] = int(m.group(2))
            elif name == "mcu_pair":
                s["mcu" if m.group(1) == "Katapult MCU" else "binary_mcu"] = m.group(2)
            elif name == "image_missing":
                self.errors += 1
                self.event("katapult_image_missing", lineno, text, path=m.group(1) or m.group(2))
            elif name == "bridge":
                self.event("katapult_bridge", lineno, text, device=m.group(1))
            elif name == "connected":
                self.event("katapult_connected", lineno, text)
            elif name == "sw_version":
                s["version"] = m.group(1)
            elif name == "block_size":
                s["block_size"] = int(m.group(1))
            elif name == "app_start":
                s["address"] = int(m.group(1), 16)
            elif name == "mcu_type":
                s["mcu"] = m.group(1)
            elif name == "binary":
                s["binary_version"] = m.group(1)
                s["binary_mcu"] = m.group(2)
                self.event("katapult_binary", lineno, text, version=m.group(1), mcu=m.group(2))
            elif name == "jump":
                self.event("katapult_jump", lineno, text)
            elif name == "request":
                self.event("katapult_request", lineno, text, mode=m.group(1).lower(), device=m.group(2))
            elif name in ("katapult_usb", "waiting", "new_usb", "detected_at"):
                self.event("katapult_usb_reconnect", lineno, text, device=m.group(1) if name == "detected_at" else None)
                if name == "detected_at":
                    s["device"] = m.group(1)
            elif name == "not_katapult":
                self.errors += 1
                self.event("katapult_not_katapult", lineno, text)
            elif name == "reconnect_timeout":
                self.errors += 1
                self.event("katapult_reconnect_timeout", lineno, text)
            elif name == "uuid":
                self.event("katapult_uuid", lineno, text, uuid=m.group(1).lower(), application=m.group(2))
            elif name == "write_complete":
                s["written"] = True
            elif name == "verified":
                s["verified"] = True
            elif name == "complete":
                self.complete = True
                self.event("katapult_complete", lineno, text)
            elif name in ("checksum", "write_failed", "uuid_mismatch"):
                self.errors += 1
                self.event("katapult_write_error", lineno, text)
            elif name == "bind":
                s["interface"] = "can"
                self.errors += 1
                self.event("katapult_bind_error", lineno, text, interface=m.group(1).rstrip(".:"))
            elif name == "busy":
                self.errors += 1
                self.event("katapult_device_busy", lineno, text, device=m.group(1).rstrip(".:"))
            elif name == "holder":
                for ev in reversed(self.events):
                    if ev["kind"] == "katapult_device_busy":
                        ev["pid_holder"] = int(m.group(1))
                        break
            elif name == "no_device":
                self.errors += 1
                self.event("katapult_no_device", lineno, text, device=m.group(1).rstrip(".:"))
            elif name == "no_permission":
                self.errors += 1
                self.event("katapult_permission_denied", lineno, text, device=m.group(1).rstrip(".:"))
            elif name == "exception":
                if not any(e["kind"] == "katapult_command_failed" and e["lineno"] == lineno for e in self.events[-2:]):
                    self.event("katapult_exception", lineno, text, text=m.group(1)[:300])
            break

    def finish(self) -> dict[str, Any]:
        s = dict(self.summary)
        if self.failed:
            s["failed_command"] = self.failed
        s["success"] = self.complete and not self.errors and not self.failed
        return {"katapult": {"runs": [self.run(**s)]}}
