"""Serial port listings of the IDEs' own device commands: `pio device list` (PlatformIO core 4.x-6.x
platformio/device/list/command.py; 3.x `platformio device list` / `platformio serialports list`, the same lines):

    /dev/ttyACM3
    ------------
    Hardware ID: USB VID:PID=2341:0042 SER=55736303631351816002 LOCATION=2-2.1:1.0
    Description: Arduino Mega 2560

-> serial.ports [{device, description, usb: {vid, pid, serial}, origin "pasted", lineno}]: which port is which device
(the Hardware ID is pyserial's `hwid`, the Description its `description`: the USB product string, or the driver's name
on Windows). A /dev/ port line is `ls`'s (ls_dev claims it and keeps it in serial.nodes with its line number); the
record takes that name in `settle`. (platformio-community s18) PlatformIO's upload port auto-detection picks a
mobile-broadband modem's or another adapter's port while the board sits on another one (platformio-core#1904, #15):
the listing says so. (deepen-serial s19) `arduino-cli board list` rows ("/dev/ttyACM0 serial Serial Port (USB) Arduino Uno
arduino:avr:uno arduino:avr") go to the same records, the board name as the description.
"""

from __future__ import annotations

import re
from typing import Any

from doctor.parsers import register
from doctor.parsers._messages import Msg, TableParser, group, rows_of

_HWID_USB = re.compile(r"VID:PID=(?P<vid>[0-9A-Fa-f]{4}):(?P<pid>[0-9A-Fa-f]{4})(?:\s+SER=(?P<serial>\S+))?")

MESSAGES = rows_of(
    group(
        "PlatformIO core 3.x-6.x `pio device list` (platformio/device/list/command.py; pyserial's hwid and description)",
        Msg("port_listed", r"^Hardware ID:\s+(?P<hwid>(?:USB VID:PID=|n/a\b|PCI\\|ACPI\\|BTHENUM\\|FTDIBUS\\|USB\\|SERENUM\\|ROOT\\)\S*(?:\s.{0,200})?)$",
            "strong", example="Hardware ID: USB VID:PID=2341:0042 SER=55736303631351816002 LOCATION=2-2.1:1.0"),
        Msg(None, r"^Description:\s+(?P<description>\S.{0,200})$", "none", example="Description: Arduino Mega 2560"),
        # the port line of a Windows or macOS port before its record (a /dev/tty* line is ls_dev's, see `settle`)
        Msg(None, r"^(?P<port>COM\d{1,3}|/dev/cu\.[\w.\-]+)$", "weak", example="COM4"),
        Msg(None, r"^-{4,}$", "none", example="------------"),
        Msg(None, r"^Serial Ports$", "weak", example="Serial Ports"),
    ),
    group(
        # (deepen-serial s19) `arduino-cli board list` (the Arduino IDE 2's CLI): one row per port the discoveries see, a known
        # board's name and FQBN or "Unknown" (a /dev/ttyS*, a Bluetooth port, a clone's USB-serial bridge). 0.14+ print a
        # Protocol column ("serial"), older ones only the Type ("Serial Port (USB)"). Which port holds the board, against the
        # port an upload was given (SER005)
        "arduino-cli 0.x-1.x internal/cli/board/list.go listResult.String (Port, Protocol, Type, Board Name, FQBN, Core)",
        Msg("port_listed", r"^(?P<port>/dev/[\w./+:-]+|COM\d{1,3})\s+(?:serial\s+)?Serial Port(?: \(USB\))?(?:\s+(?P<board>\S.{0,200}?))?$",
            "strong", example="/dev/ttyACM0 serial   Serial Port (USB) Arduino Uno arduino:avr:uno arduino:avr"),
        Msg(None, r"^Port\s+(?:Protocol\s+)?Type\s+Board Name(?:\s+FQBN(?:\s+Core)?)?$", "strong",
            example="Port         Protocol Type              Board Name  FQBN            Core"),
    ),
)


@register
class DeviceListParser(TableParser):
    name = "pio-device-list"
    namespace = "serial"
    messages = MESSAGES
    hints = ("hardware id:", "description:", "serial ports", "com", "/dev/cu.", "----", "serial port", "board name")

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.ports: list[dict[str, Any]] = []
        self._port: str | None = None

    def on_event(self, ev: dict[str, Any] | None, row: Msg, m: re.Match[str], lineno: int, line: str) -> None:
        g = m.groupdict()
        if ev is not None and ev["kind"] == "port_listed" and g.get("port"):  # an `arduino-cli board list` row names its port
            rec: dict[str, Any] = {"origin": "pasted", "source": self.source, "line": line.strip()[:500], "lineno": lineno, "device": g["port"]}
            if g.get("board"):
                rec["description"] = g["board"].strip()[:200]
            if len(self.ports) < 200:
                self.ports.append(rec)
            return
        if g.get("port"):
            self._port = g["port"]
            return
        if ev is not None and ev["kind"] == "port_listed":
            rec = {"origin": "pasted", "source": self.source, "line": line.strip()[:500], "lineno": lineno}
            if self._port:
                rec["device"] = self._port
            u = _HWID_USB.search(ev.get("hwid") or "")
            if u:
                rec["usb"] = {k: v.lower() if k != "serial" else v for k, v in u.groupdict().items() if v}
            self._port = None
            if len(self.ports) < 200:
                self.ports.append(rec)
            return
        if g.get("description") and self.ports and "description" not in self.ports[-1] and self.ports[-1]["lineno"] == lineno - 1:
            self.ports[-1]["description"] = g["description"].strip()[:200]

    def finish(self) -> dict[str, Any]:
        out = super().finish()
        # the events only claimed the lines; the listing is the fact
        out.pop(self.namespace, None)
        if self.ports:
            out["serial"] = {"ports": self.ports}
        return out

    @staticmethod
    def settle(out: dict[str, Any]) -> None:
        """A record without a port name follows a /dev/ line that ls_dev read (the port line, then the dashes, then
        Hardware ID): it takes that node's name; one that finds none is dropped."""
        serial = out.get("serial") or {}
        ports = serial.get("ports")
        if not isinstance(ports, list):
            return
        nodes = [n for n in serial.get("nodes") or [] if isinstance(n, dict) and isinstance(n.get("lineno"), int)]
        kept = []
        for p in ports:
            if not isinstance(p, dict):
                continue
            if p.get("device") is None and isinstance(p.get("lineno"), int) and p.get("origin") == "pasted":
                n = next((n for n in nodes if n.get("source") == p.get("source") and 1 <= p["lineno"] - n["lineno"] <= 2), None)
                if n is None:
                    continue
                p["device"] = n["device"]
            kept.append(p)
        serial["ports"] = kept
