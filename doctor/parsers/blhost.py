"""NXP blhost (the MCUBoot / Kinetis bootloader host, 2.x; MCUXpresso Secure Provisioning and spsdk's Python blhost print
the same words) as a message table.

blhost talks the MCU bootloader protocol (framed packets, a ping first on UART/I2C/SPI, HID reports on USB) to the
Kinetis/LPC ROM bootloader, a flash-resident MCUBoot or the i.MX RT flashloader. When nothing answers it prints
"Error: Initial ping failure: No response received for ping command." (UART) or, on USB HID and after a ping,
"Response status = 10004 (0x2714) No response packet from target device." (and "Error: UsbHidPeripheral() cannot
open USB HID device (vid=0x.., pid=0x.., sn=)" when the device is not there). Usually the chip is not in its ISP/ROM
bootloader (ISP pin not held at reset, the application runs). An i.MX RT in its serial downloader (USB 1fc9:0130,
0135, 013d, 0145: "SE Blank RT Family") is a special case: its ROM speaks SDP, not blhost's protocol; sdphost must
first load the flashloader (which then enumerates as 15a2:0073) before blhost can talk (NXP community answers).

Facts: one run per block under `flash.runs` (tool "blhost", also for pyMBoot's `mboot`, the same protocol); `blhost_no_response`
carries the `vid`/`pid` given with `-u` when the command line is in the paste, or the device pyMBoot names (`mboot_device`).
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "blhost 2.x (NXP MCU bootloader host, blhost/src/blhost.cpp, blfwk Bootloader.cpp; spsdk blhost)",
        Msg("blhost_command", r"\s--?u(?:sb)?[\s=]+(?P<vid>0x[0-9a-fA-F]{4}),\s*(?P<pid>0x[0-9a-fA-F]{4})", "none",
            example="sudo ./blhost --u 0x1FC9,0x0135 -- get-property 1"),
        Msg(None, r"(?:^|[\s/\\.])blhost(?:\.exe)?\s+-", "strong", example="blhost -p COM1 -- get-property 10"),
        Msg(None, r"^Inject command '[\w-]+'", "strong", example="Inject command 'get-property'"),
        Msg(None, r"^Ping responded in \d+ attempt", "strong", example="Ping responded in 1 attempt(s)"),
        Msg("blhost_no_response", r"Initial ping failure: No response received for ping command", "strong", fail=True,
            example="Error: Initial ping failure: No response received for ping command."),
        Msg("blhost_no_response", r"Response status = 10004 \(0x2714\) No response packet from target device", "strong", fail=True,
            example="Response status = 10004 (0x2714) No response packet from target device."),
        Msg(None, r"^sendCommandGetResponse\.(?:read|write)Packet error \d+|^Error: read_start_byte\(\) timeout|^usb hid write, time left", "strong",
            example="sendCommandGetResponse.readPacket error 5."),
        # (vendor-flash-utils s14) status 10001 (0x2711, kStatus_SecurityViolation): the flash is secured (Kinetis FSEC, LPC CRP...)
        # and the bootloader refuses the command; blhost 2.x prints the status text "Command disallowed when security is
        # enabled.", spsdk's blhost (mboot/error_codes.py) "Security Violation", MCUXpresso Secure Provisioning the JSON form
        Msg("flash_protected", r"(?:Response status ?= ?|\"description\" ?: ?\")10001 ?[(<]0x2711[)>] ?(?:Command disallowed when security is enabl|Security Violation)",
            "strong", fail=True, example="Response status = 10001 (0x2711) Command disallowed when security is enabled."),
        # get-property 17 (kPropertyTag_FlashSecurityState): blhost and spsdk print the state as SECURE or UNSECURE
        Msg("flash_secure", r"^Flash Security State = (?P<state>SECURE|UNSECURE)\b", "strong", example="Flash Security State = SECURE"),
        Msg("blhost_no_device", r"UsbHidPeripheral\(\) cannot open USB HID device \(vid=(?P<vid>0x[0-9a-fA-F]+), pid=(?P<pid>0x[0-9a-fA-F]+)", "strong", fail=True,
            example="Error: UsbHidPeripheral() cannot open USB HID device (vid=0x2504, pid=0x0200, sn=)."),
    ),
    group(
        "pyMBoot 0.3 (molejar/pyMBoot mboot/__main__.py, the Python MCU-bootloader host spsdk grew from): the same protocol "
        "as blhost; it names the USB device it opened (' DEVICE: <product> (0x<vid>, 0x<pid>)') and prints an exception's "
        "text as the error (a USB read that timed out: '[Errno 110] Operation timed out')",
        Msg(None, r"(?:^|[\s$#>])mboot\s+(?:-[\w-]+(?:\s+[\w.-]+)?\s+)*(?:info|reset|write|read|fill|erase|unlock|efuse|otp|mem|call|execute|keyblob|kp)\b",
            "strong", example="(base) caleb@bat:~/pyMBoot$ mboot reset"),
        Msg("mboot_device", r"^DEVICE: (?P<name>.+?)\s+\(0x(?P<vid>[0-9a-fA-F]{4}), 0x(?P<pid>[0-9a-fA-F]{4})\)", "strong",
            example=" DEVICE: SE Blank RT Family  (0x1FC9, 0x0135)"),
        Msg("blhost_no_response", r"^\[Errno (?:110|60)\] Operation timed out|^Operation timed out\s*$", "none", fail=True,
            example="[Errno 110] Operation timed out"),
        Msg(None, r"^Writen Successfully\.|^Erased Successfully\.", "strong", example=" Writen Successfully."),
    ),
)


def _id4(text: str | None) -> str | None:
    try:
        return f"{int(str(text), 16):04x}"
    except (TypeError, ValueError):
        return None


@register
class BlhostParser(TableParser):
    name = "blhost"
    namespace = "flash"
    messages = MESSAGES
    hints = ("blhost", "inject command", "ping", "response status", "sendcommandgetresponse", "read_start_byte", "usb hid",
             "usbhidperipheral", "security", "mboot", "device: ", "timed out", "successfully")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.usb: tuple[str, str] | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        if ev is None:
            return
        if ev.get("vid"):
            ev["vid"], ev["pid"] = _id4(ev.get("vid")), _id4(ev.get("pid"))
            if ev["kind"] in ("blhost_command", "mboot_device") and ev["vid"] and ev["pid"]:
                self.usb = (ev["vid"], ev["pid"])

    def finish(self) -> dict[str, Any]:
        for ev in self.events:
            if ev["kind"] == "blhost_no_response" and self.usb:
                ev["vid"], ev["pid"] = self.usb
        return super().finish()
