"""The Katapult bootloader protocol (host side): framing, CRC, commands, CONNECT parsing and a client.

Written from the specification in shared/reference/upstream-tools.md section B (Katapult's firmware wins
where its protocol.md differs). A frame is

    01 88 | CMD | LEN (payload length in 32-bit words) | PAYLOAD (LEN*4 bytes) | CRC lo | CRC hi | 99 03

with the CRC-16/MCRF4XX (init 0xFFFF, reflected polynomial 0x8408) computed over CMD, LEN and PAYLOAD.
All integers are little-endian. Replies: ACK 0xa0 whose first word echoes the command, NACK 0xf1 (one per
burst of framing errors), command error 0xf2, busy 0xf3 (current firmware never sends it).

`encode`/`decode`/`FrameReader` are pure. `KatapultClient` does the I/O over a `Transport` (a serial port
through pyserial, or any object with the same three methods) with flashtool-compatible retries; it is
what `doctor identify` uses for a CONNECT probe and what drivers/katapult.py builds its flash on.
"""

from __future__ import annotations

import struct
import time
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Iterator

from doctor.protocols.entry import SERIAL_BL_BLOCK, SERIAL_BL_REQ, USB_REQUEST_BAUD  # noqa: F401 - this protocol's names for them
from doctor.protocols.transport import (  # noqa: F401 - the links and the CAN admin protocol, under this module's names too
    CAN_ADMIN_ID,
    CAN_ADMIN_REPLY_ID,
    CAN_APP_KATAPULT,
    CAN_APP_KLIPPER,
    CAN_CLEAR_KATAPULT_NODEID,
    CAN_FLASH_NODEID,
    CAN_KLIPPER_SET_NODEID,
    CAN_QUERY_UNASSIGNED,
    CAN_REQUEST_BOOTLOADER,
    CAN_RESP_NEED_NODEID,
    CAN_SET_KATAPULT_NODEID,
    SerialTransport,
    Transport,
    TransportError,
    TransportVanished,
    crc16,
)

HEADER = b"\x01\x88"
TRAILER = b"\x99\x03"
FRAME_OVERHEAD = 8  # header 2 + cmd 1 + len 1 + crc 2 + trailer 2
MESSAGE_MIN = 8  # the firmware's receive limits per frame
MESSAGE_MAX = 128


class Cmd(IntEnum):
    """Commands host -> bootloader."""

    CONNECT = 0x11
    SEND_BLOCK = 0x12
    SEND_EOF = 0x13
    REQUEST_BLOCK = 0x14
    COMPLETE = 0x15
    GET_CANBUS_ID = 0x16


class Resp(IntEnum):
    """Replies bootloader -> host."""

    ACK = 0xA0
    NACK = 0xF1
    CMD_ERROR = 0xF2
    BUSY = 0xF3


PRIME_CMD = 0x90  # an invalid command sent to "prime" double-buffered STM32 USBFS (its reply is discarded)
PROTO_VERSION = 0x00010100  # "1.1.0", what current firmware reports
VALID_BLOCK_SIZES = (64, 128, 256, 512)

# The bootloader's buffers per transport (Katapult 902f335: generic/serial_irq.c, usb_cdc.c, canserial.c). What does
# not fit the receive buffer is lost on a UART and on CAN; over USB the OUT endpoint NAKs until the firmware has
# room for a whole 64-byte packet. A reply that does not fit the transmit buffer is dropped (console_sendf).
RX_BUFFER = {"uart": 192, "usb": 128, "can": 192}
TX_BUFFER = {"uart": 96, "usb": 192, "can": 96}
USB_PACKET = 64  # full-speed bulk endpoint size
CAN_TX_MAILBOXES = 3  # bxCAN's transmit mailboxes (FDCAN: a three-element FIFO), 8 bytes each

# Bootloader entry from a running Klipper: doctor.protocols.entry sends it.
REQUEST_CANBOOT = 0x5984E3FA6CA1589B  # the word at the end of RAM that keeps Katapult in the bootloader
REQUEST_START_APP = 0x7B06EC45A9A8243D
CANBOOT_SIGNATURE = 0x21746F6F426E6143  # "CanBoot!"

# The CAN admin protocol's ids and commands are doctor.protocols.transport's (imported above).

# Katapult's USB identity.
KATAPULT_USB_ID = ("1d50", "6177")
KLIPPER_USB_ID = ("1d50", "614e")


class FrameError(ValueError):
    """Bytes that are not one valid Katapult frame."""


@dataclass(frozen=True)
class Frame:
    cmd: int
    payload: bytes = b""

    @property
    def words(self) -> tuple[int, ...]:
        return struct.unpack(f"<{len(self.payload) // 4}I", self.payload)

    def word(self, index: int) -> int | None:
        if len(self.payload) < 4 * (index + 1):
            return None
        return int(struct.unpack_from("<I", self.payload, 4 * index)[0])

    def encode(self) -> bytes:
        return encode(self.cmd, self.payload)


def encode(cmd: int, payload: bytes = b"") -> bytes:
    """One frame. `payload` must be a whole number of 32-bit words (at most 255)."""
    if len(payload) % 4 or len(payload) > 255 * 4:
        raise ValueError(f"payload of {len(payload)} bytes is not a whole number of words (max 255)")
    body = bytes((cmd & 0xFF, len(payload) // 4)) + payload
    return HEADER + body + struct.pack("<H", crc16(body)) + TRAILER


def decode(data: bytes) -> Frame:
    """Exactly one frame; raises FrameError saying what is wrong (header, length, trailer, CRC)."""
    if len(data) < FRAME_OVERHEAD:
        raise FrameError(f"frame of {len(data)} bytes is shorter than {FRAME_OVERHEAD}")
    if data[:2] != HEADER:
        raise FrameError(f"bad header {data[:2].hex(' ')}")
    size = data[3] * 4 + FRAME_OVERHEAD
    if len(data) != size:
        raise FrameError(f"length byte says {size} bytes, got {len(data)}")
    if data[-2:] != TRAILER:
        raise FrameError(f"bad trailer {data[-2:].hex(' ')}")
    body = data[2:-4]
    (received,) = struct.unpack("<H", data[-4:-2])
    expected = crc16(body)
    if received != expected:
        raise FrameError(f"Frame CRC Mismatch, expected: {expected:#06x}, received {received:#06x}")
    return Frame(body[0], bytes(body[2:]))


def u32(*values: int) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)


def words_of(text: str) -> bytes:
    """A string zero-padded to whole words (DIV_ROUND_UP(strlen, 4) words), as the firmware lays it out."""
    raw = text.encode("ascii", errors="replace")
    return raw + b"\x00" * (-len(raw) % 4)


# --- frames the host sends -------------------------------------------------------------------------


def connect_frame() -> bytes:
    return encode(Cmd.CONNECT)


def send_block_frame(address: int, block: bytes) -> bytes:
    return encode(Cmd.SEND_BLOCK, u32(address) + block)


def request_block_frame(address: int) -> bytes:
    return encode(Cmd.REQUEST_BLOCK, u32(address))


def send_block_size(block_size: int) -> int:
    """Bytes on the wire of one SEND_BLOCK frame (76 for 64-byte blocks)."""
    return FRAME_OVERHEAD + 4 + block_size


def request_reply_size(block_size: int) -> int:
    """Bytes on the wire of one REQUEST_BLOCK reply (84 for 64-byte blocks)."""
    return FRAME_OVERHEAD + 8 + block_size


# --- replies the bootloader sends (the emulator builds them with these) -------------------------------


def ack(cmd: int, extra: bytes = b"") -> bytes:
    return encode(Resp.ACK, u32(cmd) + extra)


def connect_payload(app_start: int, block_size: int, mcu: str, version: str, proto: int = PROTO_VERSION) -> bytes:
    """CONNECT's ACK payload exactly as the firmware builds it: a full zero word between MCU and version."""
    return u32(Cmd.CONNECT, proto, app_start, block_size) + words_of(mcu) + b"\x00" * 4 + words_of(version)


@dataclass(frozen=True)
class ConnectInfo:
    """What CONNECT reports about the bootloader."""

    proto_version: tuple[int, int, int]
    app_start: int
    block_size: int
    mcu: str
    version: str | None  # None: "Katapult build not reporting software version!"

    @property
    def proto_text(self) -> str:
        return ".".join(str(v) for v in self.proto_version)

    def to_fact(self) -> dict[str, object]:
        return {
            "proto_version": self.proto_text,
            "app_start": self.app_start,
            "block_size": self.block_size,
            "mcu": self.mcu,
            "version": self.version,
        }


def parse_connect(frame: Frame) -> ConnectInfo:
    """Parse CONNECT's ACK (payload: 0x11, proto, app_start, block_size, MCU, zero word, version)."""
    if frame.cmd != Resp.ACK or frame.word(0) != Cmd.CONNECT or len(frame.payload) < 16:
        raise FrameError(f"not a CONNECT acknowledgement: cmd {frame.cmd:#04x}, {len(frame.payload)} payload bytes")
    proto_raw = frame.payload[4:8]
    proto = (proto_raw[2], proto_raw[1], proto_raw[0])
    app_start, block_size = struct.unpack_from("<II", frame.payload, 8)
    info = frame.payload[16:]
    if proto >= (1, 1, 0):
        text = info.rstrip(b"\x00")
        mcu_raw, _, ver_raw = text.partition(b"\x00")
        mcu = mcu_raw.decode("ascii", errors="replace")
        version = ver_raw.lstrip(b"\x00").decode("ascii", errors="replace") or None
    else:
        mcu = info.rstrip(b"\x00").decode("ascii", errors="replace")
        version = None
    return ConnectInfo(proto, app_start, block_size, mcu, version)


# --- a streaming reader --------------------------------------------------------------------------------


@dataclass
class FrameReader:
    """Cuts a byte stream into frames the way the host tool does.

    Bytes before `01 88` are dropped; a frame is complete when LEN*4+8 bytes are there (so `99 03`
    inside a payload is fine). A frame with a bad trailer or CRC is reported as a FrameError and the
    reader resynchronises on the next header. `feed()` then iterate `frames()`.
    """

    buffer: bytearray = field(default_factory=bytearray)
    dropped: int = 0  # bytes discarded while resynchronising

    def feed(self, data: bytes) -> None:
        self.buffer += data

    def frames(self) -> Iterator[Frame | FrameError]:
        while True:
            start = self.buffer.find(HEADER)
            if start < 0:
                keep = 1 if self.buffer[-1:] == HEADER[:1] else 0
                self.dropped += len(self.buffer) - keep
                del self.buffer[: len(self.buffer) - keep]
                return
            if start:
                self.dropped += start
                del self.buffer[:start]
            if len(self.buffer) < 4:
                return
            size = self.buffer[3] * 4 + FRAME_OVERHEAD
            if len(self.buffer) < size:
                return
            raw = bytes(self.buffer[:size])
            try:
                frame = decode(raw)
            except FrameError as exc:
                del self.buffer[:2]  # skip this header, look for the next one
                self.dropped += 2
                yield exc
                continue
            del self.buffer[:size]
            yield frame


# --- I/O -----------------------------------------------------------------------------------------------


# The links (serial, USB CDC, CAN) are doctor.protocols.transport's; their errors are this protocol's errors.
KatapultError = TransportError  # the bootloader did not answer as the protocol requires (after the retries)
KatapultVanished = TransportVanished  # the port disappeared (USB re-enumeration, unplugged) while in use


@dataclass
class Exchange:
    """Counters of one client's traffic (for logs, facts and the benchmark)."""

    sent: int = 0
    received: int = 0
    retries: int = 0
    errors: list[str] = field(default_factory=list)


class KatapultClient:
    """Host side of the protocol over one transport, with the host tool's retry rules.

    `KatapultClient("/dev/ttyACM0").connect()` opens the port, sends CONNECT and returns ConnectInfo.
    `prime=True` sends the invalid command 0x90 first and discards its reply (double-buffered STM32 USBFS).
    Every method raises KatapultError (a DoctorError with a hint) when the board does not answer.
    """

    def __init__(
        self,
        port: str | Transport,
        baud: int = 250000,
        *,
        timeout: float = 2.0,
        tries: int = 5,
        prime: bool = False,
    ) -> None:
        self.port_name = port if isinstance(port, str) else getattr(port, "port", "transport")
        self._port_arg = port
        self.baud = baud
        self.timeout = timeout
        self.tries = tries
        self.prime = prime
        self.transport: Transport | None = None if isinstance(port, str) else port
        self.reader = FrameReader()
        self.stats = Exchange()
        self.info: ConnectInfo | None = None

    # lifecycle
    def open(self) -> "KatapultClient":
        if self.transport is None:
            assert isinstance(self._port_arg, str)
            self.transport = SerialTransport(self._port_arg, self.baud)
        return self

    def close(self) -> None:
        if self.transport is not None and isinstance(self._port_arg, str):
            self.transport.close()
            self.transport = None

    def __enter__(self) -> "KatapultClient":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # raw I/O
    def write(self, data: bytes) -> None:
        self.open()
        assert self.transport is not None
        self.transport.write(data)
        self.stats.sent += len(data)

    def read_frame(self, timeout: float) -> Frame | FrameError | None:
        """The next complete frame (or framing error) within `timeout` seconds; None on timeout."""
        self.open()
        assert self.transport is not None
        for item in self.reader.frames():
            return item
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            data = self.transport.read(min(left, 0.5))
            if data:
                self.stats.received += len(data)
                self.reader.feed(data)
                for item in self.reader.frames():
                    return item

    def drain(self, quiet: float = 0.05, limit: float = 0.25) -> bytes:
        """Discard input until the line has been quiet for `quiet` s (at most `limit` s)."""
        self.open()
        assert self.transport is not None
        got = bytearray(self.reader.buffer)
        self.reader.buffer.clear()
        end = time.monotonic() + limit
        while time.monotonic() < end:
            data = self.transport.read(min(quiet, end - time.monotonic()))
            if not data:
                break
            self.stats.received += len(data)
            got += data
        return bytes(got)

    # commands
    def command(self, cmd: int, payload: bytes = b"", *, tries: int | None = None, timeout: float | None = None, echo: tuple[int, ...] = ()) -> Frame:
        """Send one command and return its ACK. Retries (drain, resend) on timeout, CRC error, NACK,
        command error, wrong echoed command, or when the ACK's words after the command differ from `echo`."""
        tries = self.tries if tries is None else tries
        timeout = self.timeout if timeout is None else timeout
        name = _name(cmd)
        problem = "no reply"
        for attempt in range(tries):
            if attempt:
                self.stats.retries += 1
                self.drain()
            self.write(encode(cmd, payload))
            problem = self._await_ack(cmd, timeout, echo)
            if not problem:
                assert self._last is not None
                return self._last
            self.stats.errors.append(f"{name}: {problem}")
        raise KatapultError(
            f"Error sending command [{name}] to the bootloader: {problem} after {tries} tries on {self.port_name}",
            "the board is not in Katapult, or the baud rate or port is wrong: double-tap RESET to enter Katapult, "
            "then `doctor identify`",
        )

    _last: Frame | None = None

    def _await_ack(self, cmd: int, timeout: float, echo: tuple[int, ...]) -> str:
        deadline = time.monotonic() + timeout
        while True:
            item = self.read_frame(max(deadline - time.monotonic(), 0.0))
            if item is None:
                return f"Response for command {_name(cmd)} timed out"
            if self._discard:
                self._discard -= 1
                continue
            if isinstance(item, FrameError):
                return str(item)
            if item.cmd == Resp.CMD_ERROR:
                return "Received Error Response"
            if item.cmd == Resp.BUSY:
                time.sleep(1.5)
                return "Received busy signal"
            if item.cmd != Resp.ACK:
                return "Received NACK"
            if item.word(0) != cmd:
                got = item.word(0)
                return f"Acknowledged wrong command, expected: {cmd:02x}, received: {got if got is None else f'{got:02x}'}"
            for i, value in enumerate(echo, start=1):
                if item.word(i) != value:
                    got = item.word(i)
                    return f"acknowledged the wrong address: expected {value:#x}, received {got if got is None else f'{got:#x}'}"
            self._last = item
            return ""

    _discard = 0

    def send_prime(self) -> None:
        """Send 0x90; the first complete reply that comes back afterwards is discarded (on double-buffered STM32
        USBFS it is the one stuck in the other buffer, which only comes out behind the next reply)."""
        self.write(encode(PRIME_CMD))
        self._discard = 1

    def connect(self) -> ConnectInfo:
        """CONNECT; returns what the bootloader reports. Raises KatapultError if nothing answers."""
        if self.prime:
            self.send_prime()
        frame = self.command(Cmd.CONNECT)
        info = parse_connect(frame)
        if info.block_size not in VALID_BLOCK_SIZES:
            raise KatapultError(f"Invalid Block Size: {info.block_size}", "this is not a Katapult bootloader doctor knows")
        self.info = info
        return info

    def get_canbus_id(self) -> str:
        """GET_CANBUS_ID: the node's UUID as 12 hex digits (only bootloaders built for CAN answer)."""
        frame = self.command(Cmd.GET_CANBUS_ID)
        return frame.payload[4:10].hex()


def _name(cmd: int) -> str:
    try:
        return Cmd(cmd).name
    except ValueError:
        return f"{cmd:#04x}"


def needs_prime(usb_product: str | None) -> bool:
    """The host tool primes STM32 USBFS parts whose family is not f2/f4/h7 (double-buffered endpoints)."""
    product = (usb_product or "").lower()
    return product.startswith("stm32") and product[5:7] not in ("f2", "f4", "h7")
