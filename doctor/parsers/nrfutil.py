"""adafruit-nrfutil (Adafruit_nRF52_nrfutil 0.5.x, a fork of Nordic's pc-nrfutil 0.5 legacy serial DFU) as a message
table: the uploader of the Adafruit nRF52 Arduino core (Feather/ItsyBitsy nRF52832/nRF52840, SparkFun Pro nRF52840 Mini,
Seeed XIAO nRF52840, nRF52840-DK with Adafruit's bootloader), PlatformIO's nordicnrf52 platform, nRF5 SDK makefiles and
Zephyr/RIOT wrappers.

What it prints, in order (nordicsemi/__main__.py serial(), dfu/dfu.py, dfu/dfu_transport_serial.py): "Upgrading target on
PORT with DFU package ZIP. Flow control is disabled, Single bank, Touch 1200|disabled", with --verbose "Touched serial
port", "Opened serial port", "Starting DFU upgrade of type N, ...", "Sending DFU start packet", "Sending DFU init packet",
"Sending firmware file" and a row of '#', then "Activating new firmware", "DFU upgrade took Ns", "Device programmed.".
Every HCI packet waits for the bootloader's acknowledgement; none within the timeout prints "Timed out waiting for
acknowledgement from device." and raises "No data received on serial port. Not able to proceed.", which __main__ prints as
"Failed to upgrade target. Error is: ...", a traceback and (Arduino builds) "Possible causes:".

Facts: one run per block under `flash.runs` (tool "adafruit-nrfutil"). Where the acknowledgement stopped is the signal
(`dfu_no_ack`, `state`):
- "start": no answer to the very first packet (the traceback's transport frame is send_start_dfu, or no later step was
  printed): nothing on the port speaks the serial DFU protocol, the board runs its application (no --touch 1200, no
  double reset; `baud` holds the touch rate when one was asked), or the port is another device;
- "init": the start packet was acknowledged, the init packet (the image's SoftDevice requirement and type) was not: the
  bootloader refuses the image, an older bootloader/SoftDevice than the one the image was built for;
- "firmware" / "activate": it stopped during the transfer or the activation (a reset, a port another process opened).
Port opening failures ("Serial port could not be opened on PORT. Reason: could not open port ...") and pyserial's
"device reports readiness to read but returned no data" are read by the serial-error table (serial_errors.py); this
table leaves their lines to it. click's "Error: No such command "genpkg"" / "no such option: --singlebank" (another
nrfutil, Nordic's 5.x/6.x, or an old adafruit-nrfutil on the PATH) and a missing adafruit-nrfutil are `tool_missing`.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_NAME = "adafruit-nrfutil (a current release from pip: adafruit-nrfutil 0.5.3.post16 or later)"
# the transport frames of a traceback: where the acknowledgement was awaited
_FRAME_PHASE = {"send_start_dfu": "start", "send_init_packet": "init", "send_firmware": "firmware",
                "send_activate_firmware": "activate", "send_validate_firmware": "activate"}
_PHASE_ORDER = ("start", "init", "firmware", "activate")
# messages serial_errors.py reads (the port could not be opened, another process on the port)
_SERIAL_OWNED = r"(?!Serial port could not be opened|device reports readiness to read|could not open port)"

MESSAGES = rows_of(
    group(
        "adafruit-nrfutil 0.5.x nordicsemi/__main__.py serial() (also Nordic pc-nrfutil 0.5 legacy serial DFU)",
        Msg("flash_command",
            r"^Upgrading target on (?P<port>\S+) with DFU package (?P<path>.+?)\. Flow control is (?:enabled|disabled), "
            r"(?:Single|Dual) bank, Touch (?P<touch>\d+|disabled)", "strong",
            example="Upgrading target on /dev/ttyACM0 with DFU package /tmp/arduino_build_772392/blinky.ino.zip. "
                    "Flow control is disabled, Single bank, Touch disabled"),
        # (audit-esp-nrf-updi s11) the header of adafruit-nrfutil 0.5.2d-0.5.3.post8 ("..., Dual bank mode", no touch) and of
        # Nordic pc-nrfutil 0.5.x ("Flow control is disabled.")
        Msg("flash_command", r"^Upgrading target on (?P<port>\S+) with DFU package (?P<path>.+?)\. Flow control is (?:enabled|disabled)(?:, (?:Single|Dual) bank mode|\.)\s*$",
            "strong", example="Upgrading target on COM7 with DFU package C:\\Temp\\Blink.ino.zip. Flow control is disabled, Dual bank mode"),
        # click's check of -pkg/--package (click 7 double quotes, 8 single; 8.0 says File): the package the IDE built is not there
        Msg("image_missing", r"""Error: Invalid value for ["']-pkg["'] / ["']--package["']: (?:Path|File) ["'](?P<path>[^"']+)["'] does not exist""", "strong", fail=True,
            example='Error: Invalid value for "-pkg" / "--package": Path "/tmp/arduino_build_7/sketch.ino.zip" does not exist.'),
        Msg("image_missing", r"NordicSemiException: Package (?P<path>\S+) not found\.", "strong", fail=True,
            example="nordicsemi.exceptions.NordicSemiException: Package /tmp/x.zip not found. (from the source's format)"),
        Msg("flash_command", r"(?:^|[\s/\\\"'])adafruit-nrfutil(?:\.exe)?[\"']?\s+(?:--verbose\s+)?dfu\s+(?:serial|genpkg)\b", "strong",
            example='"C:\\Users\\User\\AppData\\Local\\Arduino15\\packages\\Seeeduino\\hardware\\nrf52\\1.1.10/tools/adafruit-nrfutil/win32/'
                    'adafruit-nrfutil.exe" --verbose dfu serial -pkg "Blink.ino.zip" -p COM4 -b 115200 --singlebank'),
        Msg(None, r"^Usage: adafruit-nrfutil(?:\.exe)? ", "strong", example="Usage: adafruit-nrfutil dfu [OPTIONS] COMMAND [ARGS]..."),
        Msg("dfu_failed", rf"^Failed to upgrade target\. Error is: {_SERIAL_OWNED}(?!No data received)(?P<text>.+)$", "strong", fail=True,
            example="Failed to upgrade target. Error is: Attempting to use a port that is not open"),
        Msg("dfu_no_ack", r"^Failed to upgrade target\. Error is: No data received on serial port", "strong", fail=True,
            example="Failed to upgrade target. Error is: No data received on serial port. Not able to proceed."),
        Msg("flash_done", r"^Device programmed\.?\s*$", "weak", example="Device programmed."),
        # the Adafruit core's advice after a failure: not failures of their own
        Msg(None, r"^(?:Possible causes:|- Selected Bootloader version does not match the one on Bluefruit device"
            r"|Please upgrade the Bootloader or select correct version in Tools->Bootloader|- Baud rate must be 115200, Flow control must be off"
            r"|- Target is not in DFU mode\. Ground DFU pin and RESET"
            # pc-nrfutil 0.5.x's advice
            r"|- bootloader, SoftDevice or application on target does not match|- baud rate or flow control is not the same as in the target"
            r"|- target is not in DFU mode\. If using the SDK examples)", "none", benign=True,
            example="- Target is not in DFU mode. Ground DFU pin and RESET and release both to enter DFU mode."),
    ),
    group(
        "adafruit-nrfutil 0.5.x nordicsemi/dfu/dfu.py and dfu_transport_serial.py (the steps, the acknowledgement wait)",
        Msg(None, r"^(?P<what>Touched|Opened) serial port (?P<port>\S+)", "strong", example="Touched serial port /dev/ttyUSB0"),
        Msg(None, r"^Starting DFU upgrade of type \d+, SoftDevice size: \d+", "strong",
            example="Starting DFU upgrade of type 4, SoftDevice size: 0, bootloader size: 0, application size: 22876"),
        Msg(None, r"^Sending (?P<step>DFU start packet|DFU init packet|firmware file)", "strong", example="Sending DFU init packet"),
        # a row of '#' is the firmware being sent; the timeout may follow on the same line ("####Timed out waiting...")
        Msg(None, r"^#{8,}", "none", attrs={"step": "firmware file"}, example="########################################"),
        Msg("dfu_no_ack", r"(?:^|#)Timed out waiting for acknowledgement from device", "strong", fail=True,
            example="#######Timed out waiting for acknowledgement from device."),
        Msg(None, r"^Activating new firmware", "strong", attrs={"step": "activate"}, example="Activating new firmware"),
        Msg("flash_done", r"^DFU upgrade took [\d.]+\s*s", "strong", example="DFU upgrade took 3.2546350955963135s"),
        Msg(None, r"NordicSemiException: No data received on serial port", "none",
            example="nordicsemi.exceptions.NordicSemiException: No data received on serial port. Not able to proceed."),
        Msg(None, r"^Failed to open transport backend", "none", example="Failed to open transport backend"),
        # (healthy-misc s8) nordicsemi/dfu/package.py unpack_package() (adafruit-nrfutil 0.5.x, pc-nrfutil 0.5-6.x): the zip
        # given as the DFU package is unpacked into a temporary nrf_dfu_*/unpacked_zip and its manifest.json read; none there
        # (Python 3 FileNotFoundError, Python 2 IOError [Errno 2]) means the file is not a DFU package (a release bundle that
        # holds the packages, a plain zip of a hex): the image the tool needs was not given (Adafruit_nRF52_nrfutil #35)
        Msg("image_missing", r"""No such file or directory: ['"][^'"]*unpacked_zip[\\/]+manifest\.json""", "strong", fail=True,
            attrs={"text": "the zip given is not a DFU package (no manifest.json)"},
            example="FileNotFoundError: [Errno 2] No such file or directory: 'C:\\\\Users\\\\X\\\\AppData\\\\Local\\\\Temp\\\\nrf_dfu_djy9e8ah\\\\unpacked_zip\\\\manifest.json'"),
        Msg(None, r"""package\.py["“”]?, line \d+, in unpack_package\b""", "none", example='  File "dfu\\package.py", line 364, in unpack_package'),
        # a traceback's transport frame names the packet whose acknowledgement never came
        Msg(None, r"""dfu_transport_serial\.py["“”]?, line \d+, in (?P<frame>send_start_dfu|send_init_packet|send_firmware|send_activate_firmware|send_validate_firmware)\b""",
            "none", example='  File "nordicsemi\\dfu\\dfu_transport_serial.py", line 155, in send_init_packet'),
    ),
    group(
        "Nordic pc-nrfutil 1.x-6.x nordicsemi/dfu/dfu_transport_serial.py, dfu.py, __main__.py (secure serial DFU: `nrfutil dfu serial` / "
        "`dfu usb-serial`; uncaught NordicSemiException tracebacks; source audit s11, from the source's format)",
        # the bootloader never answered the ping (--ping / usb-serial): nothing on the port speaks serial DFU
        Msg("dfu_no_ack", r"NordicSemiException: No ping response after opening COM port", "strong", fail=True,
            example="pc_ble_driver_py.exceptions.NordicSemiException: No ping response after opening COM port"),
        Msg("dfu_failed", r"NordicSemiException: (?P<text>Failed to send (?:init packet|firmware)|Did not receive checksum response from DFU target|"
            r"Writing to serial port failed: .{1,120}?(?=\. If MSD|$)|Extended Error 0x[0-9A-Fa-f]{2}: .{1,200}|Response Code \w+|No Response: 0x[0-9A-Fa-f]{2}|"
            r"Unexpected Executed OP_CODE|A device with serial number \S+ is not connected|Board not found)", "strong", fail=True,
            example="pc_ble_driver_py.exceptions.NordicSemiException: Response Code InvalidObject"),
        Msg("dfu_failed", r"ValidationException: (?P<text>Failed (?:CRC|offset) validation)", "strong", fail=True,
            example="nordicsemi.dfu.dfu_transport.ValidationException: Failed CRC validation."),
        Msg(None, r"^Serial: (?:Waiting \d+ ms for device to enter bootloader|DFU bootloader was triggered|Device is either not in bootloader mode, "
            r"or using an unsupported bootloader)", "strong", example="Serial: Device is either not in bootloader mode, or using an unsupported bootloader."),
        Msg(None, r"^(?:Using board at serial port: \S+|Resolved serial number \S+ to port \S+|Sending (?:init packet|firmware file)\.\.\.|Image sent in [\d.]+s|"
            r"Sending (?:SoftDevice\+Bootloader|SoftDevice|Bootloader|Application) image)", "strong", example="Using board at serial port: /dev/ttyACM0"),
    ),
    group(
        "click 7.x usage errors of the nrfutil on the PATH (Nordic's nrfutil 5.x/6.x or an old adafruit-nrfutil lacks the "
        "Adafruit options and commands)",
        Msg("tool_missing", r"""^Error: No such command ["'“]?(?P<command>genpkg)\b""", "strong", fail=True,
            attrs={"name": _NAME, "text": "the nrfutil on the PATH has no dfu genpkg: another nrfutil or an old release"},
            example='Error: No such command "genpkg".'),
        # (daplink-mbed-particle s14) the upload step `nrfutil pkg generate` (PlatformIO's n-able and nordicnrf52 platforms,
        # Zephyr/nRF5 SDK makefiles: Nordic's nrfutil 5.x/6.x) found an nrfutil whose click has no 'pkg' (adafruit-nrfutil's
        # commands are dfu/keys/version; nrfutil 7's launcher needs `nrfutil install nrf5sdk-tools` for pkg)
        Msg("tool_missing", r"""^Error: No such command ["'“]?(?P<command>pkg)["'”]?\.?\s*$""", "strong", fail=True,
            attrs={"name": "Nordic's nrfutil with its pkg command (pip nrfutil 6.x, or nrfutil 7 with `nrfutil install nrf5sdk-tools`)",
                   "text": "the nrfutil on the PATH has no pkg command: another nrfutil, or nrfutil 7 without the nRF5 SDK tools"},
            example="Error: No such command 'pkg'."),
        Msg(None, r"^Usage: nrfutil(?:\.exe)? \[OPTIONS\] COMMAND", "strong", example="Usage: nrfutil [OPTIONS] COMMAND [ARGS]..."),
        Msg("tool_missing", r"^Error: no such option: (?P<option>--singlebank|--touch|-sb)\b", "strong", fail=True,
            attrs={"name": _NAME, "text": "the nrfutil on the PATH lacks the Adafruit serial DFU options: another nrfutil or an old release"},
            example="Error: no such option: --singlebank"),
        Msg("tool_missing", r"\badafruit-nrfutil(?:\.exe)?(?:: command not found|: not found|' is not recognized)", "strong", fail=True,
            attrs={"name": _NAME}, example="bash: adafruit-nrfutil: command not found"),
    ),
    group(
        # (firmware-build s22) the secure DFU bootloader's extended errors, in the sentences of pc-nrfutil's EXT_ERROR_CODE table
        # (nordicsemi/dfu/dfu_transport.py @16cb5a3, raised as "Extended Error 0x07: <sentence>" by the serial, BLE and ANT
        # transports) that nRF Connect Programmer and the DFU libraries quote as well ("DFU failed: Error message for known
        # extended error code from DFU target: <sentence>"), and for the first the name nrfutil 7.x prints in its task summary
        # ("Error: One or more program tasks failed: * <serial>:  (SdfuExtSdVersionFailure)", as pasted). The init packet's
        # requirements do not fit the device: the SoftDevice the image was built to sit behind (its start address follows that
        # SoftDevice), the board's hardware version, or the room the bootloader has for the image
        "Nordic pc-nrfutil 1.x-6.x dfu_transport.py EXT_ERROR_CODE 0x06/0x07/0x0D (also quoted by nRF Connect Programmer)",
        Msg("dfu_sd_mismatch", r"The array of supported SoftDevices for the update does not contain the FWID of the current SoftDevice"
            r"|\bSdfuExtSdVersionFailure\b", "strong", fail=True,
            example="DFU failed: Error message for known extended error code from DFU target: The array of supported SoftDevices "
                    "for the update does not contain the FWID of the current SoftDevice."),
        Msg("dfu_hw_mismatch", r"The hardware version of the device does not match the required hardware version for the update", "strong", fail=True,
            example="pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x06: The hardware version of the device does "
                    "not match the required hardware version for the update. (from the source's format)"),
        Msg("dfu_no_space", r"The available space on the device is insufficient to hold the firmware", "strong", fail=True,
            example="pc_ble_driver_py.exceptions.NordicSemiException: Extended Error 0x0D: The available space on the device is "
                    "insufficient to hold the firmware. (from the source's format)"),
    ),
)


@register
class NrfutilParser(TableParser):
    name = "adafruit-nrfutil"
    namespace = "flash"
    messages = MESSAGES
    all_matches = True  # a row of '#' and the timeout share a line
    hints = ("nrfutil", "upgrading target", "serial port", "dfu upgrade", "dfu start", "dfu init", "firmware file", "#####",
             "acknowledgement", "no data received", "failed to upgrade", "transport", "dfu_transport_serial", "device programmed",
             "activating new firmware", "possible causes", "bootloader", "baud rate", "dfu mode", "no such command",
             "no such option", "manifest.json", "unpack_package",
             # (audit-esp-nrf-updi s11) pc-nrfutil 0.5-6.x, old adafruit headers, click's -pkg check
             "--package", "not found.", "ping response", "failed to send", "checksum response", "writing to serial port", "extended error",
             "response code", "no response:", "op_code", "serial number", "board not found", "validation", "serial:", "using board",
             "resolved serial", "sending", "image sent", "flow control", "softdevice", "dfu mode",
             # (firmware-build s22) the extended errors' sentences
             "hardware version", "insufficient to hold", "sdfuext")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.phase: str | None = None
        self.frame_phase: str | None = None
        self.touch: int | None = None
        self.port: str | None = None
        self.stepped: set[int] = set()
        self.step_lines: list[int] = []

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        step = g.get("step") or dict(row.attrs).get("step")  # type: ignore[arg-type]
        if step:
            self.step_lines.append(lineno)
            self.phase = {"DFU start packet": "start", "DFU init packet": "init", "firmware file": "firmware",
                          "activate": "activate"}.get(str(step), self.phase)
        frame = g.get("frame")
        if frame:
            p = _FRAME_PHASE.get(frame)
            if p and (self.frame_phase is None or _PHASE_ORDER.index(p) > _PHASE_ORDER.index(self.frame_phase)):
                self.frame_phase = p
        if ev is None:
            return
        if ev["kind"] == "flash_command":
            touch = ev.pop("touch", None)
            if touch and str(touch).isdigit():
                self.touch = int(touch)
            if ev.get("port"):
                self.port = ev["port"]
        elif ev["kind"] == "dfu_no_ack":
            # one failure prints the timeout, the "Failed to upgrade target" line and the exception: one event
            earlier = [e for e in self.events if e is not ev and e["kind"] == "dfu_no_ack"]
            if earlier:
                self.events.remove(ev)
                return
            ev["state"] = self.phase or "start"
            if self.phase:
                self.stepped.add(id(ev))  # --verbose named the packet being sent: that is where it stopped
            if self.port:
                ev["port"] = self.port

    def finish(self) -> dict[str, Any]:
        # 0.5.x closes the port when the acknowledgement times out and goes on with the next packet, whose write then
        # fails ("Attempting to use a port that is not open"): the traceback's frame is one packet past the timeout
        port_closed = any(e["kind"] == "dfu_failed" and str(e.get("text", "")).startswith("Attempting to use a port that is not open")
                          for e in self.events)
        frame_phase = self.frame_phase
        if frame_phase and port_closed:
            frame_phase = _PHASE_ORDER[max(0, _PHASE_ORDER.index(frame_phase) - 1)]
        for ev in self.events:
            if ev["kind"] != "dfu_no_ack":
                continue
            # (boot-dfu s10) get_ack_nr() raises "No data received" only when fewer than two bytes came back; with some bytes
            # it returns, the tool goes on to the next packet on the port its timeout handler closed ("Attempting to use a
            # port that is not open"). A step printed after the timeout, or that closed-port failure, means a bootloader did
            # answer, too slowly (adafruit-nrfutil's 1 s ACK timeout on an nRF52840 MDK dongle, Adafruit_nRF52_nrfutil #34)
            if port_closed or any(n > ev["lineno"] for n in self.step_lines):
                ev["answered"] = True
            if frame_phase and id(ev) not in self.stepped:
                ev["state"] = frame_phase  # without --verbose the traceback's transport frame says where
            if self.touch:
                ev["baud"] = self.touch
        return super().finish()

    def summary(self) -> dict[str, Any]:
        kinds = {e["kind"] for e in self.events}
        if any(e.get("fail") for e in self.events):
            return {"success": False}
        return {"success": True} if "flash_done" in kinds else {}
