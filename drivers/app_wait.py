"""After a flash: wait for the application as long as its transport needs, say what is awaited, and what silence means.

A bootloader hands over to the application in a way each transport shows differently, so the wait is sized by
the transport, not by one fixed timeout:
- **uart**: nothing re-enumerates: the port stays, and a Klipper application answers `identify` as soon as it
  runs (its first reply within `first_reply` s; the dictionary may then take the rest of `dictionary` s at a low
  baud rate). Silence: nothing runs at that baud rate (not started, or built for another baud or interface).
- **usb**: the bootloader leaves the bus and the application enumerates under its own name: on a
  /dev/serial/by-id port the same serial number comes back with the application's prefix
  (`usb-katapult_<mcu>_<serial>` becomes `usb-Klipper_<mcu>_<serial>`). The wait is for that link (up to
  `reenumerate` s: USB enumeration and udev's links), then `identify` on it. The new by-id name is reported.
  The bootloader's name coming back means the application did not start (the bootloader found no valid image).
- **can**: nothing re-enumerates and no port exists: the application proves itself by answering Klipper's UUID
  query (admin 0x00 on 0x3f0, the frames of checks.can_query) with the node's UUID and "Klipper", asked every
  `can_every` s for up to `can_wait` s and ended by the node's first answer. "Katapult" answering means the
  bootloader is back (a node answers only while it has no node id); silence means the node is not on the bus
  as an unassigned Klipper node.

`AppWait.awaited()` is the sentence announced before the wait starts (the person sees what is waited for and
for how long), `run()` returns the outcome: {status: answered | bootloader | no answer, transport, waited
(seconds), ...identify facts, by_id (the new name), meaning (what silence or the bootloader means)}.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable

_BY_ID = re.compile(r"^usb-(?P<maker>[^_]+)_(?P<product>.*)_(?P<serial>[^_]+)-if(?P<iface>[0-9a-fA-F]{2})(?:-port\d+)?$")
BOOTLOADER_MAKERS = ("katapult", "canboot")  # by-id prefixes of the bootloaders (case-insensitive)

Announce = Callable[[str], None]
Progress = Callable[[float, float], None]


def by_id_parts(path: str) -> dict[str, str] | None:
    """maker, product and serial of a /dev/serial/by-id name (None for any other name)."""
    m = _BY_ID.match(os.path.basename(path))
    return m.groupdict() if m else None


@dataclass
class AppWait:
    transport: str  # uart | usb | can
    port: str | None = None
    baud: int = 250000
    can_iface: str | None = None
    uuid: str | None = None
    can_interface: str | None = None  # python-can's interface (None: DOCTOR_CAN_BUS_INTERFACE or socketcan)
    reenumerate: float = 8.0  # USB: enumeration and udev's by-id link
    first_reply: float = 2.0  # identify: an application that runs answers within this
    dictionary: float = 5.0  # identify: the whole data dictionary (a slow UART)
    can_wait: float = 4.0  # CAN: the node's answer to the UUID query
    can_every: float = 0.25  # a query frame every 250 ms: nothing on a 1 Mbit/s bus, an answer within 0.25 s of the start
    poll: float = 0.05
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)

    # --- what is awaited ----------------------------------------------------------------------------------------

    def _usb_names(self) -> tuple[str, str | None]:
        """The by-id directory and the serial number to follow (None when the port is not a by-id name)."""
        port = self.port or ""
        parts = by_id_parts(port)
        return os.path.dirname(port) or ".", (parts or {}).get("serial")

    def limit(self) -> float:
        """The longest this wait can take, in seconds."""
        if self.transport == "can":
            return self.can_wait
        if self.transport == "usb":
            return self.reenumerate + self.first_reply
        return self.first_reply

    def awaited(self) -> str:
        """The sentence announced when the wait starts."""
        if self.transport == "can":
            return (f"waiting up to {self.can_wait:g} s for node {self.uuid} on {self.can_iface} to answer Klipper's UUID query "
                    "as Klipper (CAN: the application answers as soon as it runs)")
        if self.transport == "usb":
            folder, serial = self._usb_names()
            what = (f"a USB serial port with serial number {serial} to appear in {folder} under the application's name"
                    if serial else f"{self.port} to come back")
            return (f"waiting up to {self.reenumerate:g} s for {what} (USB: the bootloader leaves the bus and the application "
                    f"enumerates), then up to {self.first_reply:g} s for an answer to Klipper's identify")
        return (f"waiting up to {self.first_reply:g} s for the application to answer Klipper's identify on {self.port} at "
                f"{self.baud} baud (UART: it answers as soon as it runs)")

    # --- the wait ---------------------------------------------------------------------------------------------------

    def run(self, announce: Announce | None = None, progress: Progress | None = None) -> dict[str, Any]:
        start = self.clock()
        if announce is not None:
            announce(self.awaited())
        tick = _ticker(self.clock, start, self.limit(), progress)
        if self.transport == "can":
            result = self._can(start, tick)
        elif self.transport == "usb":
            result = self._usb(start, tick)
        else:
            result = self._identify(self.port or "", start, tick)
            if result["status"] != "answered":
                result["meaning"] = (f"nothing answered Klipper's identify at {self.baud} baud within {self.first_reply:g} s: the "
                                     "application is not running (the bootloader found no valid image: check the build's "
                                     "bootloader offset), or it was built for another interface or baud rate "
                                     "(CONFIG_SERIAL_BAUD, the UART pins in `make menuconfig`)")
        result.setdefault("transport", self.transport)
        result["waited"] = round(self.clock() - start, 3)
        return result

    def _identify(self, port: str, start: float, tick: Callable[[], None]) -> dict[str, Any]:
        from doctor.protocols import katapult as kp
        from doctor.protocols import klipper

        try:
            transport = kp.SerialTransport(port, self.baud)
        except kp.KatapultError as exc:
            return {"status": "no answer", "port": port, "reason": exc.message}
        try:
            tick()
            # asked again every 0.15 s: a request sent while the bootloader was still handing over is lost
            ident = klipper.KlipperClient(transport).identify(timeout=self.dictionary, first_reply=self.first_reply, retry_every=0.15)
        except (klipper.ProtocolError, kp.KatapultError, OSError) as exc:
            return {"status": "no answer", "port": port, "reason": f"no answer to Klipper's identify ({exc})"}
        finally:
            transport.close()
        return {"status": "answered", "port": port, **ident.to_fact()}

    def _usb(self, start: float, tick: Callable[[], None]) -> dict[str, Any]:
        folder, serial = self._usb_names()
        deadline = start + self.reenumerate
        if serial is None:  # a /dev/ttyACMn name: the same name is all there is to follow, gone and back
            port = self.port or ""
            gone_by = min(deadline, start + 2.0)
            while os.path.exists(port) and self.clock() < gone_by:  # the bootloader leaving the bus
                tick()
                time.sleep(self.poll)
            while not os.path.exists(port):
                if self.clock() >= deadline:
                    return {"status": "no answer", "port": port, "reason": f"{port} did not come back within {self.reenumerate:g} s",
                            "meaning": self._usb_silence()}
                tick()
                time.sleep(self.poll)
            result = self._identify(port, start, tick)
            if result["status"] != "answered":
                result["meaning"] = self._no_identify()
            return result
        gone = False  # the bootloader's link went away (the board reset into the application)
        while True:
            names = _links(folder, serial)
            app = [n for n in names if n[1].lower() not in BOOTLOADER_MAKERS]
            boot = [n for n in names if n[1].lower() in BOOTLOADER_MAKERS]
            if app:
                name = app[0][0]
                port = os.path.join(folder, name)
                result = self._identify(port, start, tick)
                result["by_id"] = name
                if result["status"] != "answered":
                    result["meaning"] = self._no_identify()
                return result
            if not boot:
                gone = True
            elif gone:  # the bootloader came back instead of the application
                return {"status": "bootloader", "by_id": boot[0][0], "port": os.path.join(folder, boot[0][0]),
                        "reason": f"the board came back as {boot[0][0]}",
                        "meaning": "the bootloader started again instead of the application: it found no valid image at its "
                                   "application start (the build's bootloader offset is not Katapult's, or the image is not "
                                   "for this board), or a bootloader request is still pending (BOOT009)"}
            if self.clock() >= deadline:
                still = f"; {boot[0][0]} is still there: the board did not leave the bootloader" if boot and not gone else ""
                return {"status": "no answer", "reason": f"no port with serial number {serial} appeared in {folder} within "
                                                         f"{self.reenumerate:g} s{still}", "meaning": self._usb_silence()}
            tick()
            time.sleep(self.poll)

    def _usb_silence(self) -> str:
        return ("no USB serial port came back: the application does not start its USB (built for another interface, e.g. "
                "a UART or CAN, or for another bootloader offset so it crashes at start), or the board needs a reset; "
                "`ls /dev/serial/by-id/` and `doctor scan` show what is there now")

    def _no_identify(self) -> str:
        return ("the port came back but nothing answered Klipper's identify: the application is not Klipper, or it "
                "is busy or crashed after enumerating")

    def _can(self, start: float, tick: Callable[[], None]) -> dict[str, Any]:
        iface, uuid = self.can_iface or "can0", (self.uuid or "").lower()
        deadline = start + self.can_wait
        app, error = _await_node(iface, uuid, self.can_interface, deadline, self.can_every, self.clock, tick)
        if app == "Klipper":
            return {"status": "answered", "uuid": uuid, "interface": iface, "app": "Klipper"}
        if app == "Katapult":  # a node answers the query only without a node id: Katapult started again
            return {"status": "bootloader", "uuid": uuid, "interface": iface, "reason": f"node {uuid} answers as Katapult",
                    "meaning": "the bootloader started again instead of the application: no valid image at its application "
                               "start (the build's bootloader offset is not Katapult's), or a bootloader request is pending"}
        return {"status": "no answer", "uuid": uuid, "interface": iface,
                "reason": error or f"node {uuid} did not answer the UUID query within {self.can_wait:g} s",
                "meaning": "no unassigned node with this UUID is on the bus: the application is not running on CAN (built "
                           "for USB or a UART, for another CAN bitrate than the bus (CONFIG_CANBUS_FREQUENCY), or another "
                           "bootloader offset), or a running Klipper already assigned it a node id (it then answers no query)"}


def _await_node(iface: str, uuid: str, interface: str | None, deadline: float, every: float, clock: Callable[[], float],
                tick: Callable[[], None]) -> tuple[str | None, str | None]:
    """Klipper's UUID query (checks.can_query's frames) every `every` s until `uuid` answers: (its application,
    None), or (None, the error) / (None, None) at the deadline. Returns at the first answer from that node."""
    from doctor.checks.can_query import node_reply, query_bus, send_query

    bus, error = query_bus(iface, interface)
    if bus is None:
        return None, error
    import can

    try:
        while clock() < deadline:
            tick()
            send_query(bus)
            until = min(deadline, clock() + every)
            while (left := until - clock()) > 0:
                msg = bus.recv(timeout=left)
                if msg is None:
                    break
                reply = node_reply(msg)
                if reply is not None and reply[0] == uuid and reply[1] is not None:
                    return reply[1], None
    except (OSError, can.CanError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    finally:
        bus.shutdown()
    return None, None


def _links(folder: str, serial: str) -> list[tuple[str, str]]:
    """(name, maker) of the by-id links in `folder` with this serial number."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    out = []
    for name in names:
        parts = by_id_parts(name)
        if parts and parts["serial"] == serial:
            out.append((name, parts["maker"]))
    return out


def _ticker(clock: Callable[[], float], start: float, limit: float, progress: Progress | None) -> Callable[[], None]:
    def tick() -> None:
        if progress is not None:
            progress(min(clock() - start, limit), limit)

    return tick
