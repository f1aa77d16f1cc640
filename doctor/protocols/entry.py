"""Asking a running application to enter its bootloader, in one place: the USB CDC 1200-baud touch, Klipper's serial
request string on a UART, and the CAN admin request. Katapult's flash driver, avrdude's Caterina entry, `doctor
recover` and `doctor watch --request` all send it through here (each decides what a failure means to it: the
functions raise `EntryError` and leave the rest to the caller).

Every request reboots the MCU it reaches (a print in progress stops): callers send it only as a step of a plan the
person saw and confirmed, never during --dry-run.
"""

from __future__ import annotations

import time
from typing import Any

from doctor.errors import DoctorError
from doctor.protocols import transport

USB_REQUEST_BAUD = 1200  # opened at this rate, DTR dropped: Klipper, Katapult and Arduino (Caterina) reset to the bootloader
SERIAL_BL_BLOCK = b" \x1c Request Serial Bootloader!! ~"  # the 32-byte block Klipper's serial code checks
SERIAL_BL_REQ = b"~" + SERIAL_BL_BLOCK  # what the host sends: Klipper's sync byte "~", then the block


class EntryError(DoctorError):
    """The request could not be sent (the port cannot be opened, the bus is down)."""


def touch_1200(port: str) -> None:
    """The USB CDC request: open the port at 1200 baud with DTR set, drop DTR, close. A pty has no modem lines:
    the baud rate alone (closing drops DTR on a real port anyway, HUPCL)."""
    import serial

    try:
        ser = serial.Serial()
        ser.port = port
        ser.baudrate = USB_REQUEST_BAUD
        ser.dtr = True
        ser.open()
    except (serial.SerialException, OSError, ValueError) as exc:
        raise EntryError(f"cannot open {port} at 1200 baud: {exc}", "is it the board's port? (ls /dev/serial/by-id/)") from exc
    try:
        try:
            ser.dtr = False
        except (serial.SerialException, OSError):
            pass
        time.sleep(0.05)
    finally:
        try:
            ser.close()
        except (serial.SerialException, OSError):
            pass


def uart_request(port: str, baud: int) -> None:
    """Send the serial bootloader request ("~" + the 32-byte block) at the application's baud, and wait until it has
    left the UART."""
    try:
        link = transport.SerialTransport(port, baud)
    except transport.TransportError as exc:
        raise EntryError(exc.message, exc.hint) from exc
    try:
        link.write(SERIAL_BL_REQ)
        time.sleep(len(SERIAL_BL_REQ) * 10 / baud + 0.02)
    except transport.TransportError as exc:
        raise EntryError(exc.message, exc.hint) from exc
    finally:
        link.close()


def can_request(iface: str, uuid: str, bus: Any = None, *, interface: str | None = None, wait: float = 0.0) -> None:
    """The CAN admin request: 0x02 + the node's UUID to 0x3f0 (then `wait` seconds, as Katapult's tool waits 1 s)."""
    if not uuid or len(uuid) != 12:
        raise EntryError("a CAN bootloader request needs the node's UUID (12 hex digits, its canbus_uuid)", "add --uuid")
    own = bus is None
    try:
        bus = bus if bus is not None else transport.open_can_bus(iface, interface=interface)
        try:
            transport.can_admin(bus, bytes([transport.CAN_REQUEST_BOOTLOADER]) + bytes.fromhex(uuid))
        finally:
            if own:
                bus.shutdown()
    except EntryError:
        raise
    except DoctorError as exc:
        raise EntryError(exc.message, exc.hint) from exc
    except Exception as exc:  # noqa: BLE001 - python-can raises several types; all mean "not sent"
        raise EntryError(f"could not send the bootloader request on {iface}: {exc}", None) from exc
    if wait:
        time.sleep(wait)
