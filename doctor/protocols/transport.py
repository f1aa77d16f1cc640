"""The links to a board, in one place: a serial port (a UART or USB CDC, through pyserial), a CAN bus (python-can)
with Klipper's CAN admin protocol, and the CRC-16 both Klipper's and Katapult's framing use.

Katapult's client (doctor.protocols.katapult), Klipper's (doctor.protocols.klipper), `doctor identify`, the flash
driver and bootloader entry (doctor.protocols.entry) all open their links here. Errors: `TransportError` (the
link cannot be opened), `TransportVanished` (it went away while in use); doctor.protocols.katapult's KatapultError
and KatapultVanished are the same classes.

The simulators (doctor/sim) keep their own side of each link.
"""

from __future__ import annotations

import os
import time
from typing import Any, Protocol

from doctor.errors import DoctorError, UsageError

# --- CRC ----------------------------------------------------------------------------------------------------------


def crc16(data: bytes) -> int:
    """CRC-16/MCRF4XX: init 0xFFFF, reflected poly 0x8408, no final xor. check(b"123456789") == 0x6F91.
    Katapult sends it little-endian, Klipper big-endian."""
    crc = 0xFFFF
    for byte in data:
        byte ^= crc & 0xFF
        byte ^= (byte & 0x0F) << 4
        byte &= 0xFF
        crc = ((byte << 8) | (crc >> 8)) ^ (byte >> 4) ^ (byte << 3)
        crc &= 0xFFFF
    return crc


# --- errors and the byte-stream interface ------------------------------------------------------------------------------


class TransportError(DoctorError):
    """The link to the board failed, or the board did not answer as its protocol requires."""


class TransportVanished(TransportError):
    """The port disappeared (USB re-enumeration, unplugged) while in use."""


class Transport(Protocol):
    """A byte stream to the board."""

    def write(self, data: bytes) -> None: ...

    def read(self, timeout: float) -> bytes:
        """Whatever arrives within `timeout` seconds (returns as soon as anything arrived; b"" if nothing)."""
        ...

    def close(self) -> None: ...


# --- serial: UART and USB CDC ----------------------------------------------------------------------------------------


class SerialTransport:
    """A serial port (UART or USB CDC) through pyserial, opened exclusively."""

    def __init__(self, port: str, baud: int = 250000, *, exclusive: bool = True) -> None:
        import serial

        try:
            self.serial = serial.Serial(port, baud, timeout=0, write_timeout=10, exclusive=exclusive)
        except serial.SerialException as exc:
            raise TransportError(
                f"cannot open {port}: {exc}",
                "check that the port exists, that you may open it (doctor scan), and that no other program holds it",
            ) from exc
        self.port = port

    def write(self, data: bytes) -> None:
        import serial

        try:
            self.serial.write(data)
        except (serial.SerialException, OSError) as exc:
            raise TransportVanished(f"{self.port} went away while writing: {exc}") from exc

    def read(self, timeout: float) -> bytes:
        import serial

        try:
            waiting = self.serial.in_waiting
            if waiting:
                return bytes(self.serial.read(waiting))
            self.serial.timeout = max(timeout, 0.0)
            first = self.serial.read(1)
            self.serial.timeout = 0
            if not first:
                return b""
            more = self.serial.in_waiting
            return bytes(first + (self.serial.read(more) if more else b""))
        except (serial.SerialException, OSError, TypeError) as exc:
            raise TransportVanished(f"{self.port} went away while reading: {exc}") from exc

    def close(self) -> None:
        try:
            self.serial.close()
        except OSError:
            pass


# --- CAN: the bus, the admin protocol, Katapult's byte stream ------------------------------------------------------

# Klipper's CAN admin protocol (classic 11-bit ids; Klipper's canbus_query.py, Katapult's flashtool.py).
CAN_ADMIN_ID = 0x3F0
CAN_ADMIN_REPLY_ID = 0x3F1
CAN_QUERY_UNASSIGNED = 0x00
CAN_KLIPPER_SET_NODEID = 0x01
CAN_REQUEST_BOOTLOADER = 0x02
CAN_SET_KATAPULT_NODEID = 0x11
CAN_CLEAR_KATAPULT_NODEID = 0x12
CAN_RESP_NEED_NODEID = 0x20
CAN_APP_KLIPPER = 0x01
CAN_APP_KATAPULT = 0x11
CAN_FLASH_NODEID = 129  # flashtool's choice: host tx 0x202, rx 0x203


def can_interface(interface: str | None = None) -> str:
    """python-can's backend: socketcan, or DOCTOR_CAN_BUS_INTERFACE (tests and benchmarks: "virtual")."""
    return interface or os.environ.get("DOCTOR_CAN_BUS_INTERFACE", "socketcan")


def open_can_bus(iface: str, *, interface: str | None = None, wrap_errors: bool = True, **kwargs: Any) -> Any:
    """A python-can bus on `iface` (kwargs: python-can's, e.g. can_filters). A missing python-can or an interface
    that is down is a clear DoctorError, or python-can's own exception with `wrap_errors=False` (a probe that
    records it as a fact)."""
    try:
        import can
    except ImportError as exc:
        raise DoctorError("python-can is not installed", "pip install 'mcu-doctor[can]'") from exc
    try:
        return can.Bus(interface=can_interface(interface), channel=iface, **kwargs)
    except (OSError, can.CanError) as exc:
        if not wrap_errors:
            raise
        raise DoctorError(f"Unable to bind socket to {iface}: {exc}", f"bring it up: sudo ip link set {iface} up type can bitrate 1000000") from exc


def can_admin(bus: Any, data: bytes) -> None:
    """One admin frame (to 0x3f0)."""
    import can

    bus.send(can.Message(arbitration_id=CAN_ADMIN_ID, data=data, is_extended_id=False))


class CanTransport:
    """The Katapult byte stream over CAN: host -> node on 0x202, node -> host on 0x203 (node id 129), chopped in
    8-byte frames. Assigns the node id first (clear 0x12, then 0x11 + UUID + id on the admin id 0x3f0)."""

    def __init__(self, iface: str, uuid: str | None, *, bus: Any = None, node_id: int = CAN_FLASH_NODEID, interface: str = "socketcan") -> None:
        if not uuid:
            raise UsageError("a CAN flash needs the node's UUID", "add --uuid (doctor scan lists the CAN nodes)")
        self.bus = bus if bus is not None else open_can_bus(iface, interface=interface)
        self.port = f"{iface}:{uuid}"
        self.tx_id = node_id * 2 + 0x100
        self.rx_id = self.tx_id + 1
        self._admin(bytes([CAN_CLEAR_KATAPULT_NODEID]))
        self._admin(bytes([CAN_SET_KATAPULT_NODEID]) + bytes.fromhex(uuid) + bytes([node_id]))
        # canserial takes data frames for the new id only once its task has handled the admin frames (microseconds
        # on the node; the two frames need 0.3 ms of a 1 Mbit/s bus, 2.5 ms at 125 kbit/s)
        time.sleep(0.01)

    def _admin(self, data: bytes) -> None:
        can_admin(self.bus, data)

    def write(self, data: bytes) -> None:
        import can

        for i in range(0, len(data), 8):
            self.bus.send(can.Message(arbitration_id=self.tx_id, data=data[i : i + 8], is_extended_id=False))

    def read(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        out = bytearray()
        while True:
            msg = self.bus.recv(max(0.0, deadline - time.monotonic()) if not out else 0.0)
            if msg is None:
                return bytes(out)
            if msg.arbitration_id == self.rx_id:
                out += bytes(msg.data)

    def close(self) -> None:
        try:
            self.bus.shutdown()
        except Exception:  # noqa: BLE001 - closing a bus that is already gone
            pass
