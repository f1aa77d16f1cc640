"""Klipper's MCU serial protocol: framing, VLQ, the `identify` exchange, and both ends of it.

Written from the protocol description (reference/upstream-tools.md, "klippy identification"):

    frame = <len> <0x10 | seq> <message blocks...> <crc16 hi> <crc16 lo> <0x7e>

`len` counts the whole frame (MESSAGE_MIN 5 = an empty frame, MESSAGE_MAX 64); the CRC is
CRC-16/MCRF4XX over len, seq and the payload, sent big-endian. A message block is a VLQ message id
followed by its arguments: integers as VLQ, `%c` as VLQ, buffers (`%*s`, `%.*s`, `%s`) as one length
byte plus the bytes. Message ids 0 (`identify_response offset=%u data=%.*s`) and 1
(`identify offset=%u count=%c`) are fixed; every other id comes from the zlib-compressed JSON data
dictionary that the MCU hands out through `identify`.

- `KlipperClient(transport).identify()` is the host side: it talks to an already-open byte
  transport (doctor.protocols.katapult's Transport: `write(bytes)`, `read(timeout) -> bytes`; the
  same SerialTransport serves both protocols) and returns an `Identity`: version, MCU, clock and
  build config.
- `KlipperMcuResponder(dictionary)` is the MCU side, used by emulators (doctor.sim): feed it the
  bytes the host sent, it returns the bytes the MCU answers. It resynchronises like the firmware:
  a framing error discards bytes up to the next 0x7e sync byte and NAKs once per error burst; a
  frame with an unexpected sequence number is NAKed; leading sync bytes are ignored silently.
"""

from __future__ import annotations

import json
import time
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

from doctor.protocols.entry import SERIAL_BL_BLOCK, SERIAL_BL_REQ
from doctor.protocols.transport import Transport, crc16  # the same CRC-16/MCRF4XX (sent big-endian here)

MESSAGE_MIN = 5
MESSAGE_MAX = 64
MESSAGE_HEADER_SIZE = 2
MESSAGE_TRAILER_SIZE = 3
MESSAGE_PAYLOAD_MAX = MESSAGE_MAX - MESSAGE_MIN
MESSAGE_SEQ_MASK = 0x0F
MESSAGE_DEST = 0x10
MESSAGE_SYNC = 0x7E

IDENTIFY_RESPONSE_ID = 0
IDENTIFY_ID = 1
IDENTIFY_RESPONSE = "identify_response offset=%u data=%.*s"
IDENTIFY = "identify offset=%u count=%c"
IDENTIFY_CHUNK = 40  # bytes of dictionary the host asks for per identify (as klippy does)

# The 32-byte block a running Klipper recognises on a UART as a request to enter its bootloader;
# the host sends it behind one sync byte ("~" + this), so it arrives as one resynchronised block.
SERIAL_BOOTLOADER_REQUEST = SERIAL_BL_BLOCK  # what the firmware checks (doctor.protocols.entry sends it)
SERIAL_BOOTLOADER_REQUEST_WIRE = SERIAL_BL_REQ

BUFFER_TYPES = ("%s", "%*s", "%.*s")
INT_TYPES = ("%u", "%i", "%hu", "%hi", "%c")


class ProtocolError(Exception):
    """A frame or message that does not follow the protocol (bad CRC, truncated VLQ, unknown id...)."""


class IdentifyTimeout(ProtocolError):
    """Nothing (or nothing valid) answered `identify` within the time allowed."""


# ---------------------------------------------------------------------------------------------
# VLQ integers and message encoding


def encode_vlq(value: int) -> bytes:
    """Klipper's variable-length integer: 7 bits per byte, most significant first, high bit = more.

    The first byte carries the sign: a value whose top data bits (0x60) are both set in the first
    byte decodes as negative, so positive values from 0x60 up take one byte more.
    """
    if not -(1 << 31) <= value < (1 << 32):
        raise ValueError(f"{value} does not fit in 32 bits")
    if value >= 1 << 31:
        value -= 1 << 32  # unsigned 32-bit values travel as their signed twin
    out = bytearray()
    if value >= 0xC000000 or value < -0x4000000:
        out.append(((value >> 28) & 0x7F) | 0x80)
    if value >= 0x180000 or value < -0x80000:
        out.append(((value >> 21) & 0x7F) | 0x80)
    if value >= 0x3000 or value < -0x1000:
        out.append(((value >> 14) & 0x7F) | 0x80)
    if value >= 0x60 or value < -0x20:
        out.append(((value >> 7) & 0x7F) | 0x80)
    out.append(value & 0x7F)
    return bytes(out)


def decode_vlq(data: bytes, pos: int, *, signed: bool = False) -> tuple[int, int]:
    """Decode one VLQ at `pos`; returns (value, next position). Raises ProtocolError when truncated."""
    if pos >= len(data):
        raise ProtocolError("message ends inside an integer")
    c = data[pos]
    pos += 1
    value = c & 0x7F
    if (c & 0x60) == 0x60:
        value |= -0x20
    count = 1
    while c & 0x80:
        if pos >= len(data) or count >= 5:
            raise ProtocolError("message ends inside an integer")
        c = data[pos]
        pos += 1
        count += 1
        value = (value << 7) | (c & 0x7F)
    if not signed:
        value &= 0xFFFFFFFF
    else:
        value = ((value + (1 << 31)) & 0xFFFFFFFF) - (1 << 31)
    return value, pos


@dataclass(frozen=True)
class MessageFormat:
    """One message of the dictionary: `name arg=%u arg2=%.*s ...` and its id."""

    msgid: int
    name: str
    params: tuple[tuple[str, str], ...]  # (argument name, type) in wire order
    text: str

    @classmethod
    def parse(cls, msgid: int, text: str) -> "MessageFormat":
        parts = text.split()
        if not parts:
            raise ProtocolError(f"empty message format for id {msgid}")
        params = []
        for part in parts[1:]:
            name, sep, kind = part.partition("=")
            if not sep or kind not in INT_TYPES + BUFFER_TYPES:
                raise ProtocolError(f"unsupported parameter {part!r} in {text!r}")
            params.append((name, kind))
        return cls(msgid, parts[0], tuple(params), text)

    def encode(self, **args: Any) -> bytes:
        out = bytearray(encode_vlq(self.msgid))
        for name, kind in self.params:
            value = args[name]
            if kind in BUFFER_TYPES:
                raw = value.encode() if isinstance(value, str) else bytes(value)
                if len(raw) > 255:
                    raise ValueError(f"{name}: buffer of {len(raw)} bytes is too long")
                out.append(len(raw))
                out.extend(raw)
            else:
                out.extend(encode_vlq(int(value)))
        return bytes(out)

    def decode(self, data: bytes, pos: int) -> tuple[dict[str, Any], int]:
        """Decode the arguments that follow the id at `pos`; returns (args, next position)."""
        args: dict[str, Any] = {}
        for name, kind in self.params:
            if kind in BUFFER_TYPES:
                if pos >= len(data):
                    raise ProtocolError(f"{self.name}: message ends before {name}")
                size = data[pos]
                if pos + 1 + size > len(data):
                    raise ProtocolError(f"{self.name}: buffer {name} runs past the frame")
                args[name] = bytes(data[pos + 1 : pos + 1 + size])
                pos += 1 + size
            else:
                args[name], pos = decode_vlq(data, pos, signed=kind in ("%i", "%hi"))
        return args, pos


DEFAULT_MESSAGES = {
    IDENTIFY_RESPONSE_ID: MessageFormat.parse(IDENTIFY_RESPONSE_ID, IDENTIFY_RESPONSE),
    IDENTIFY_ID: MessageFormat.parse(IDENTIFY_ID, IDENTIFY),
}


class MessageTable:
    """Message formats by id and by name; starts with the two fixed identify messages."""

    def __init__(self, formats: dict[int, MessageFormat] | None = None) -> None:
        self.by_id: dict[int, MessageFormat] = dict(DEFAULT_MESSAGES if formats is None else formats)
        self.by_name: dict[str, MessageFormat] = {f.name: f for f in self.by_id.values()}

    @classmethod
    def from_dictionary(cls, dictionary: dict[str, Any]) -> "MessageTable":
        """Every command, response and output of a data dictionary (`{"commands": {text: id}, ...}`)."""
        formats = dict(DEFAULT_MESSAGES)
        for section in ("commands", "responses"):
            for text, msgid in (dictionary.get(section) or {}).items():
                try:
                    formats[int(msgid)] = MessageFormat.parse(int(msgid), str(text))
                except (ProtocolError, ValueError):
                    continue  # a format this decoder does not know: the id stays unknown
        return cls(formats)

    def encode(self, name: str, **args: Any) -> bytes:
        return self.by_name[name].encode(**args)

    def decode_payload(self, payload: bytes) -> list[tuple[str, dict[str, Any]]]:
        """All messages in one frame's payload. An unknown id ends the decoding (its length is unknown)."""
        out = []
        pos = 0
        while pos < len(payload):
            msgid, pos = decode_vlq(payload, pos, signed=True)
            fmt = self.by_id.get(msgid)
            if fmt is None:
                out.append(("#unknown", {"msgid": msgid}))
                break
            args, pos = fmt.decode(payload, pos)
            out.append((fmt.name, args))
        return out


# ---------------------------------------------------------------------------------------------
# Framing


def encode_frame(payload: bytes, seq: int) -> bytes:
    """One frame around `payload` (at most MESSAGE_PAYLOAD_MAX bytes) with sequence number `seq`."""
    if len(payload) > MESSAGE_PAYLOAD_MAX:
        raise ValueError(f"payload of {len(payload)} bytes exceeds {MESSAGE_PAYLOAD_MAX}")
    head = bytes([len(payload) + MESSAGE_MIN, MESSAGE_DEST | (seq & MESSAGE_SEQ_MASK)]) + payload
    crc = crc16(head)
    return head + bytes([crc >> 8, crc & 0xFF, MESSAGE_SYNC])


@dataclass
class Frame:
    seq: int
    payload: bytes


class FrameReader:
    """Host-side frame extraction from a byte stream: skips noise, resynchronises on 0x7e."""

    def __init__(self) -> None:
        self.buf = bytearray()
        self.discarded = 0  # bytes dropped as noise (garbage, wrong baud, a bad CRC)
        self.bad_frames = 0

    def feed(self, data: bytes) -> list[Frame]:
        self.buf.extend(data)
        frames: list[Frame] = []
        while len(self.buf) >= MESSAGE_MIN:
            size = self.buf[0]
            if size == MESSAGE_SYNC:
                del self.buf[0]
                continue
            if size < MESSAGE_MIN or size > MESSAGE_MAX or (self.buf[1] & ~MESSAGE_SEQ_MASK) != MESSAGE_DEST:
                self._resync()
                continue
            if len(self.buf) < size:
                break
            frame = bytes(self.buf[:size])
            crc = crc16(frame[:-MESSAGE_TRAILER_SIZE])
            if frame[-1] != MESSAGE_SYNC or frame[-3] != crc >> 8 or frame[-2] != crc & 0xFF:
                self.bad_frames += 1
                self._resync()
                continue
            del self.buf[:size]
            frames.append(Frame(frame[1] & MESSAGE_SEQ_MASK, frame[MESSAGE_HEADER_SIZE:-MESSAGE_TRAILER_SIZE]))
        return frames

    def _resync(self) -> None:
        idx = self.buf.find(bytes([MESSAGE_SYNC]))
        drop = len(self.buf) if idx < 0 else idx + 1
        self.discarded += drop
        del self.buf[:drop]


# ---------------------------------------------------------------------------------------------
# The data dictionary


@dataclass
class Identity:
    """What a Klipper MCU said about itself in its data dictionary."""

    version: str | None
    build_versions: str | None
    mcu: str | None
    clock_freq: int | None
    serial_baud: int | None
    canbus_frequency: int | None
    config: dict[str, Any]
    app: str | None
    commands: int
    responses: int
    dictionary_size: int  # compressed bytes received
    dictionary: dict[str, Any] = field(repr=False, default_factory=dict)

    def to_fact(self) -> dict[str, Any]:
        """The identity as facts (the dictionary itself is left out: it is large)."""
        fact = {
            "protocol": "klipper",
            "app": self.app or "Klipper",
            "version": self.version,
            "build_versions": self.build_versions,
            "mcu": self.mcu,
            "clock_freq": self.clock_freq,
            "serial_baud": self.serial_baud,
            "canbus_frequency": self.canbus_frequency,
            "config": self.config,
            "commands": self.commands,
            "responses": self.responses,
            "dictionary_size": self.dictionary_size,
        }
        return {k: v for k, v in fact.items() if v is not None}


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def identity_from_dictionary(dictionary: dict[str, Any], compressed_size: int = 0) -> Identity:
    config = dictionary.get("config") or {}
    if not isinstance(config, dict):
        config = {}
    return Identity(
        version=dictionary.get("version"),
        build_versions=dictionary.get("build_versions"),
        mcu=config.get("MCU"),
        clock_freq=_int_or_none(config.get("CLOCK_FREQ")),
        serial_baud=_int_or_none(config.get("SERIAL_BAUD")),
        canbus_frequency=_int_or_none(config.get("CANBUS_FREQUENCY")),
        config=dict(config),
        app=dictionary.get("app"),
        commands=len(dictionary.get("commands") or {}),
        responses=len(dictionary.get("responses") or {}),
        dictionary_size=compressed_size,
        dictionary=dictionary,
    )


def decode_dictionary(compressed: bytes) -> dict[str, Any]:
    """zlib-decompress and parse the identify data; ProtocolError when it is not a dictionary."""
    try:
        data = json.loads(zlib.decompress(compressed))
    except (zlib.error, ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"identify data is not a zlib-compressed JSON dictionary: {exc}") from exc
    if not isinstance(data, dict):
        raise ProtocolError("identify data is not a JSON object")
    return data


def encode_dictionary(dictionary: dict[str, Any]) -> bytes:
    return zlib.compress(json.dumps(dictionary, separators=(",", ":"), sort_keys=True).encode())


# ---------------------------------------------------------------------------------------------
# Host side


@dataclass
class IdentifyStats:
    frames: int = 0
    naks: int = 0
    retransmits: int = 0
    discarded: int = 0
    bad_frames: int = 0
    other_messages: int = 0
    seconds: float = 0.0


class KlipperClient:
    """Host side of the identify exchange over an open transport. Never writes anything but `identify`."""

    def __init__(self, transport: Transport, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.transport = transport
        self.clock = clock
        self.reader = FrameReader()
        self.messages = MessageTable()
        self.seq = 0
        self.pending: list[Frame] = []
        self.stats = IdentifyStats()
        self.received_any = False  # any byte at all came back (noise included)

    def _send(self, payload: bytes) -> None:
        self.transport.write(encode_frame(payload, self.seq))

    def _request(self, offset: int, count: int, deadline: float, retry_every: float) -> bytes:
        """One identify request; returns the data for `offset` (retransmitting and re-sequencing on NAK)."""
        payload = self.messages.encode("identify", offset=offset, count=count)
        # A leading sync byte ends whatever partial frame the MCU may hold (as klippy does on retransmit).
        self.transport.write(bytes([MESSAGE_SYNC]))
        self._send(payload)
        sent_at = self.clock()
        while True:
            now = self.clock()
            if now >= deadline:
                raise IdentifyTimeout(f"no identify_response for offset {offset}")
            if now - sent_at >= retry_every:
                self.stats.retransmits += 1
                self.transport.write(bytes([MESSAGE_SYNC]))
                self._send(payload)
                sent_at = now
            if not self.pending:
                data = self.transport.read(min(0.05, max(0.0, deadline - now)))
                if not data:
                    continue
                self.received_any = True
                self.pending.extend(self.reader.feed(data))
            while self.pending:
                frame = self.pending.pop(0)
                self.stats.frames += 1
                if not frame.payload:
                    # An empty frame is an ack or a NAK and carries the MCU's next expected sequence
                    # number. identify's response always precedes its ack, so while waiting for the
                    # response any empty frame not naming our own sequence is a NAK: adopt its number
                    # and send again. One naming our sequence is the previous request's late ack.
                    if frame.seq != self.seq:
                        self.stats.naks += 1
                        self.seq = frame.seq
                        self._send(payload)
                        sent_at = self.clock()
                    continue
                try:
                    messages = self.messages.decode_payload(frame.payload)
                except ProtocolError:
                    self.stats.bad_frames += 1
                    continue
                for name, args in messages:
                    if name == "identify_response" and args["offset"] == offset:
                        self.seq = frame.seq
                        return bytes(args["data"])
                    self.stats.other_messages += 1

    def identify(self, timeout: float = 2.0, *, retry_every: float = 0.4, first_reply: float | None = None) -> Identity:
        """Fetch and decode the data dictionary (offset += len until an empty chunk), within `timeout` s.

        `first_reply`: give up after this many seconds if no identify_response has come back yet (so
        a caller can try another protocol), while a dictionary that is arriving may use all of `timeout`.
        """
        start = self.clock()
        deadline = start + timeout
        chunks = bytearray()
        try:
            while True:
                first = start + first_reply if first_reply is not None and not chunks else deadline
                data = self._request(len(chunks), IDENTIFY_CHUNK, min(deadline, first), retry_every)
                if not data:
                    break
                chunks.extend(data)
                if len(chunks) > 1 << 20:
                    raise ProtocolError("identify data exceeds 1 MiB")
        finally:
            self.stats.discarded = self.reader.discarded
            self.stats.bad_frames += self.reader.bad_frames
            self.stats.seconds = self.clock() - start
        dictionary = decode_dictionary(bytes(chunks))
        self.messages = MessageTable.from_dictionary(dictionary)
        return identity_from_dictionary(dictionary, len(chunks))


# ---------------------------------------------------------------------------------------------
# MCU side (for emulators)


class KlipperMcuResponder:
    """The MCU end of the protocol: `feed(host bytes) -> reply bytes`, resynchronising like the firmware.

    Answers `identify` from `dictionary` (compressed once), `get_config`, `get_clock` and
    `get_uptime` when the dictionary declares them and their responses. A valid frame is acknowledged
    with an empty frame carrying the next expected sequence number; a framing error NAKs once per
    error burst and discards bytes up to the next sync byte; a frame out of sequence is NAKed.
    `on_bootloader_request` is called when the UART bootloader request block arrives.
    """

    def __init__(
        self,
        dictionary: dict[str, Any],
        *,
        on_bootloader_request: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.dictionary = dictionary
        self.data = encode_dictionary(dictionary)
        self.messages = MessageTable.from_dictionary(dictionary)
        self.on_bootloader_request = on_bootloader_request
        self.clock = clock
        self.started = clock()
        self.freq = _int_or_none((dictionary.get("config") or {}).get("CLOCK_FREQ")) or 1_000_000
        self.next_seq = MESSAGE_DEST
        self.buf = bytearray()
        self.need_sync = False
        self.need_valid = False
        self.bootloader_requested = False
        self.received_frames = 0
        self.naks_sent = 0

    def feed(self, data: bytes) -> bytes:
        self.buf.extend(data)
        out = bytearray()
        while True:
            status, pop = self._find_block()
            if status == 0:
                break
            block = bytes(self.buf[:pop])
            del self.buf[:pop]
            if status > 0:
                self.received_frames += 1
                out.extend(self._dispatch(block[MESSAGE_HEADER_SIZE:-MESSAGE_TRAILER_SIZE]))
                out.extend(self._ack())
            elif status == -2:
                self.naks_sent += 1
                out.extend(self._ack())
            if status < 0 and pop == len(SERIAL_BOOTLOADER_REQUEST) and block == SERIAL_BOOTLOADER_REQUEST:
                self.bootloader_requested = True
                if self.on_bootloader_request is not None:
                    self.on_bootloader_request()
        return bytes(out)

    def _find_block(self) -> tuple[int, int]:
        """(1, n): a valid frame of n bytes; (-1, n): drop n bytes; (-2, n): drop n and NAK; (0, 0): need more."""
        buf = self.buf
        if not buf:
            return 0, 0
        if not self.need_sync:
            if len(buf) < MESSAGE_MIN:
                return 0, 0
            size, seq = buf[0], buf[1]
            error = size < MESSAGE_MIN or size > MESSAGE_MAX or (seq & ~MESSAGE_SEQ_MASK) != MESSAGE_DEST
            if not error:
                if len(buf) < size:
                    return 0, 0
                crc = crc16(bytes(buf[: size - MESSAGE_TRAILER_SIZE]))
                error = buf[size - 1] != MESSAGE_SYNC or buf[size - 3] != crc >> 8 or buf[size - 2] != crc & 0xFF
            if not error:
                self.need_valid = False
                if seq != self.next_seq:
                    return -2, size  # lost or repeated message: NAK so the host retransmits
                self.next_seq = ((seq + 1) & MESSAGE_SEQ_MASK) | MESSAGE_DEST
                return 1, size
            if buf[0] == MESSAGE_SYNC:
                return -1, 1  # leading sync bytes are ignored, never NAKed
            self.need_sync = True
        idx = buf.find(bytes([MESSAGE_SYNC]))
        if idx >= 0:
            self.need_sync = False
            pop = idx + 1
        else:
            pop = len(buf)
        if self.need_valid:
            return -1, pop
        self.need_valid = True
        return -2, pop

    def _ack(self) -> bytes:
        return encode_frame(b"", self.next_seq)

    def _clock_ticks(self) -> int:
        return int((self.clock() - self.started) * self.freq)

    def _dispatch(self, payload: bytes) -> bytes:
        out = bytearray()
        try:
            messages = self.messages.decode_payload(payload)
        except ProtocolError:
            return b""
        for name, args in messages:
            reply: bytes | None = None
            if name == "identify":
                offset, count = int(args["offset"]), min(int(args["count"]), MESSAGE_PAYLOAD_MAX - 8)
                chunk = self.data[offset : offset + count]
                reply = self.messages.encode("identify_response", offset=offset, data=chunk)
            elif name == "get_config" and "config" in self.messages.by_name:
                reply = self.messages.encode("config", is_config=0, crc=0, is_shutdown=0, move_count=0)
            elif name == "get_clock" and "clock" in self.messages.by_name:
                reply = self.messages.encode("clock", clock=self._clock_ticks() & 0xFFFFFFFF)
            elif name == "get_uptime" and "uptime" in self.messages.by_name:
                ticks = self._clock_ticks()
                reply = self.messages.encode("uptime", high=(ticks >> 32) & 0xFFFFFFFF, clock=ticks & 0xFFFFFFFF)
            if reply is not None:
                out.extend(encode_frame(reply, self.next_seq))
        return bytes(out)


def example_dictionary(
    mcu: str = "stm32f446xx",
    version: str = "v0.12.0-302-g87ac69363",
    *,
    clock_freq: int = 180_000_000,
    serial_baud: int | None = 250_000,
    canbus_frequency: int | None = None,
    extra_config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A data dictionary in Klipper's real format (the fields and shapes klippy reads), for emulators and tests."""
    config: dict[str, Any] = {
        "MCU": mcu,
        "CLOCK_FREQ": clock_freq,
        "STATS_SUMSQ_BASE": 256,
        "ADC_MAX": 4095,
        "RECEIVE_WINDOW": 192,
        "BUS_PINS_spi1": "PA6,PA7,PA5",
        "RESERVE_PINS_USB": "PA11,PA12",
    }
    if serial_baud is not None:
        config["SERIAL_BAUD"] = serial_baud
    if canbus_frequency is not None:
        config["CANBUS_FREQUENCY"] = canbus_frequency
    config.update(extra_config or {})
    return {
        "app": "Klipper",
        "version": version,
        "build_versions": "gcc: (15:12.2.rel1-1) 12.2.1 20221205 binutils: (2.40-2+18+b1) 2.40",
        "license": "GNU GPLv3",
        "config": config,
        "commands": {
            IDENTIFY: IDENTIFY_ID,
            "get_uptime": 2,
            "get_clock": 3,
            "get_config": 4,
            "finalize_config crc=%u": 5,
            "allocate_oids count=%c": 6,
            "emergency_stop": 7,
            "reset": 8,
            "config_digital_out oid=%c pin=%u value=%c default_value=%c max_duration=%u": 9,
        },
        "responses": {
            IDENTIFY_RESPONSE: IDENTIFY_RESPONSE_ID,
            "uptime high=%u clock=%u": 80,
            "clock clock=%u": 81,
            "config is_config=%c crc=%u is_shutdown=%c move_count=%hu": 82,
            "shutdown clock=%u static_string_id=%hu": 83,
            "is_shutdown static_string_id=%hu": 84,
            "stats count=%u sum=%u sumsq=%u": 85,
        },
        "enumerations": {
            "pin": {"PA0": [0, 16], "PB0": [16, 16], "PC0": [32, 16]},
            "static_string_id": {"Shutdown cleared when not shutdown": 2, "Timer too close": 3},
        },
    }
