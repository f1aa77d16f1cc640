"""insideGadgets' GBxCart RW command-line programs (the console interface, flashers and firmware updater for the Game
Boy / GBA cartridge reader, a CH340 USB-serial device) and the RS-232 library they bundle, as a message table
(retro-console-tools s16).

Sources read: insidegadgets/GBxCart-RW (2017-2021) Interface_Programs/GBxCart_RW_Console_Interface_v1.36 (setup.c
com_test_port(), gbxcart_rw_console_v1.36.c main()), Firmware_Update/gbxcart_rw_firmware_update.c, and the bundled
rs232.c (Teunis van Beelen's RS-232 library). The programs find the cartridge reader by opening the configured port and
then every port of the library's list in turn (/dev/ttyS0.., /dev/ttyUSB0.., macOS /dev/tty.usbserial-*): on
Linux/macOS the library reports each port it cannot open with `perror("unable to open comport ")`, so a working run
prints `unable to open comport : No such file or directory` for the ports that do not exist before
`Connected on COM port: N` (insidegadgets/GBxCart-RW#11). Those probes failed harmlessly; only a run that ends in
`Device not connected and couldn't be auto detected. Please make sure the COM port isn't open elsewhere. If you are
using Linux/Mac, make sure you use "sudo".` (the firmware updater: the first sentence alone) found no reader, and then
the strerror of its probes says why (Permission denied: the tty's group; busy: another program holds it).

Facts: one run per block under `serial.runs`, tool "gbxcart". A probe that a later connection in the same block made
moot becomes `comport_probe_skipped` (no failure).
"""

from __future__ import annotations

from typing import Any

from doctor.facts import overcome_event
from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

MESSAGES = rows_of(
    group(
        "Teunis van Beelen's RS-232 library rs232.c (bundled by the GBxCart RW programs) RS232_OpenComport(): POSIX "
        "`perror(\"unable to open comport \")` (so `unable to open comport : <strerror>`), `perror(\"Another process has locked "
        "the comport.\")`, the settings' perror()s; Windows `printf(\"unable to open comport\\n\")`",
        Msg("serial_permission_denied", r"^unable to open comport ?: Permission denied", "strong", fail=True, attrs={"errno": 13},
            example="unable to open comport : Permission denied"),
        Msg("serial_port_busy", r"^unable to open comport ?: (?:Device or resource busy|Resource busy)", "strong", fail=True,
            attrs={"errno": 16}, example="unable to open comport : Device or resource busy"),
        Msg("serial_no_such_port", r"^unable to open comport ?: (?:No such file or directory|No such device)", "strong", fail=True,
            attrs={"errno": 2}, example="unable to open comport : No such file or directory"),
        Msg("serial_open_failed", r"^unable to open comport\b", "strong", fail=True, example="unable to open comport"),
        Msg("serial_port_locked", r"^Another process has locked the comport\.", "strong", fail=True,
            example="Another process has locked the comport.: Resource temporarily unavailable"),
        Msg("serial_config_failed", r"^unable to (?:read|adjust) portsettings|^unable to set high speed baud|^unable to set comport "
            r"(?:dcb|cfg|time-out) settings", "strong", fail=True, example="unable to adjust portsettings : Invalid argument"),
    ),
    group(
        "insidegadgets/GBxCart-RW console interface v1.x gbxcart_rw_console_*.c main() and Firmware_Update/"
        "gbxcart_rw_firmware_update.c (banner, `Connected on COM port: %i at %i baud`, the auto-detection failure)",
        Msg(None, r"^GBxCart RW (?:v\d+(?:\.\d+)* by insideGadgets|Firmware Update)\b", "strong", example="GBxCart RW v1.25 by insideGadgets"),
        Msg("comport_connected", r"^Connected on COM port: ?(?P<port>\S+?)(?: at \d+|\s*$)", "strong",
            example="Connected on COM port: 46"),
        Msg(None, r"^Detected (?:GBxCart|GBxMAS) RW: |^Detected Firmware: \d+", "strong", example="Detected GBxCart RW: v1.3 PCB version"),
        Msg("gbxcart_not_detected", r"^Device not connected and couldn't be auto detected", "strong", fail=True,
            example="Device not connected and couldn't be auto detected. Please make sure the COM port isn't open elsewhere. "
                    "If you are using Linux/Mac, make sure you use \"sudo\"."),
    ),
)

_PROBE_KINDS = ("serial_permission_denied", "serial_port_busy", "serial_no_such_port", "serial_open_failed", "serial_port_locked")


@register
class GbxcartParser(TableParser):
    name = "gbxcart"
    namespace = "serial"
    messages = MESSAGES
    hints = ("comport", "gbxcart", "insidegadgets", "connected on com port", "auto detected", "gbxmas", "detected firmware", "portsettings",
             "high speed baud")
    event_kinds = ("comport_probe_skipped",)

    def summary(self) -> dict[str, Any]:
        connected = [e["lineno"] for e in self.events if e["kind"] == "comport_connected"]
        last_connect = max(connected) if connected else -1
        last_line = max((e["lineno"] for e in self.events), default=-1)
        for ev in self.events:
            # a probe before the connection was moot; so is a port of the library's fixed list that does not exist when the
            # scan went on (another probe, the connection or the give-up follows): only the other probes' errors say why
            if ev["kind"] in _PROBE_KINDS and (ev["lineno"] < last_connect
                                               or (ev["kind"] == "serial_no_such_port" and ev["lineno"] < last_line)):
                overcome_event(ev, "comport_probe_skipped")
        if connected and not any(e.get("fail") for e in self.events):
            return {"success": True}
        return super().summary()
