"""Klipper's serial protocol: framing, VLQ, dictionary, and the identify exchange against the MCU responder."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doctor.protocols import klipper as k


class Loopback:
    """A transport wired straight to a responder, with optional noise and a byte corrupter."""

    def __init__(self, responder: k.KlipperMcuResponder | None, noise: bytes = b"", corrupt_first: int = 0) -> None:
        self.responder = responder
        self.pending = bytearray(noise)
        self.corrupt_first = corrupt_first  # corrupt this many host frames (one byte each)
        self.writes: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))
        if self.corrupt_first and len(data) > 3:
            self.corrupt_first -= 1
            data = data[:2] + bytes([data[2] ^ 0xFF]) + data[3:]
        if self.responder is not None:
            self.pending += self.responder.feed(data)

    def read(self, timeout: float) -> bytes:
        if not self.pending:
            time.sleep(min(timeout, 0.01))
            return b""
        out = bytes(self.pending[:17])  # arrives in odd-sized pieces
        del self.pending[:17]
        return out

    def close(self) -> None:
        pass


def test_crc_check_value() -> None:
    assert k.crc16(b"123456789") == 0x6F91


@pytest.mark.parametrize(
    ("value", "wire"),
    [(0, b"\x00"), (0x5F, b"\x5f"), (0x60, b"\x80\x60"), (-1, b"\x7f"), (-0x20, b"\x60"), (-0x21, b"\xff\x5f"), (0x3000, b"\x80\xe0\x00")],
)
def test_vlq_known_encodings(value: int, wire: bytes) -> None:
    assert k.encode_vlq(value) == wire
    assert k.decode_vlq(wire, 0, signed=True) == (value, len(wire))


@given(st.integers(min_value=-(1 << 31), max_value=(1 << 32) - 1))
def test_vlq_round_trip(value: int) -> None:
    wire = k.encode_vlq(value)
    assert len(wire) <= 5
    assert k.decode_vlq(wire, 0)[0] == value & 0xFFFFFFFF


def test_identify_frame_layout() -> None:
    payload = k.MessageTable().encode("identify", offset=0, count=40)
    assert payload == b"\x01\x00\x28"
    frame = k.encode_frame(payload, 3)
    assert frame[0] == len(frame) == 8 and frame[1] == 0x13 and frame[-1] == 0x7E
    crc = k.crc16(frame[:-3])
    assert frame[-3:-1] == bytes([crc >> 8, crc & 0xFF])  # big-endian, unlike Katapult
    assert k.FrameReader().feed(b"\x7e\x00junk~" + frame) == [k.Frame(3, payload)]


def test_identify_reads_the_whole_dictionary() -> None:
    dictionary = k.example_dictionary("stm32h723xx", "v0.12.0-400-gabcdef", clock_freq=400_000_000, serial_baud=None, canbus_frequency=1_000_000)
    client = k.KlipperClient(Loopback(k.KlipperMcuResponder(dictionary)))
    ident = client.identify(timeout=2.0)
    assert (ident.mcu, ident.version, ident.clock_freq) == ("stm32h723xx", "v0.12.0-400-gabcdef", 400_000_000)
    assert ident.canbus_frequency == 1_000_000 and ident.serial_baud is None
    assert ident.dictionary == dictionary
    assert ident.dictionary_size == len(k.encode_dictionary(dictionary)) > 40  # several identify chunks
    fact = ident.to_fact()
    assert fact["protocol"] == "klipper" and fact["config"]["MCU"] == "stm32h723xx"


def test_client_adopts_the_mcus_sequence_and_skips_noise() -> None:
    responder = k.KlipperMcuResponder(k.example_dictionary())
    responder.next_seq = 0x10 | 9  # an MCU a previous klippy session left at sequence 9
    client = k.KlipperClient(Loopback(responder, noise=b"\x00\xff garbage \x13\x37"))
    assert client.identify().mcu == "stm32f446xx"
    assert client.stats.naks >= 1 and client.stats.discarded > 0


def test_corrupted_request_is_nacked_once_and_retransmitted() -> None:
    responder = k.KlipperMcuResponder(k.example_dictionary())
    client = k.KlipperClient(Loopback(responder, corrupt_first=1))
    assert client.identify(timeout=2.0, retry_every=0.1).version == "v0.12.0-302-g87ac69363"
    assert responder.naks_sent == 1


def test_responder_naks_once_per_error_burst_and_ignores_leading_sync() -> None:
    r = k.KlipperMcuResponder(k.example_dictionary())
    assert r.feed(b"~~~") == b""  # leading sync bytes: silently dropped
    first = r.feed(b"\x09\x99garbage~")
    assert k.FrameReader().feed(first) == [k.Frame(0, b"")]  # one NAK naming sequence 0
    assert r.feed(b"\x09\x99more garbage~") == b""  # same burst: no second NAK
    good = r.feed(k.encode_frame(k.MessageTable().encode("identify", offset=0, count=8), 0))
    frames = k.FrameReader().feed(good)
    assert [f.seq for f in frames] == [1, 1] and frames[1].payload == b""  # response, then the ack
    name, args = k.MessageTable().decode_payload(frames[0].payload)[0]
    assert name == "identify_response" and args["offset"] == 0 and len(args["data"]) == 8


def test_responder_answers_get_config_from_its_dictionary() -> None:
    d = k.example_dictionary()
    r = k.KlipperMcuResponder(d)
    table = k.MessageTable.from_dictionary(d)
    frames = k.FrameReader().feed(r.feed(k.encode_frame(table.encode("get_config"), 0)))
    assert table.decode_payload(frames[0].payload) == [("config", {"is_config": 0, "crc": 0, "is_shutdown": 0, "move_count": 0})]


def test_uart_bootloader_request_is_recognised() -> None:
    calls: list[int] = []
    r = k.KlipperMcuResponder(k.example_dictionary(), on_bootloader_request=lambda: calls.append(1))
    r.feed(k.SERIAL_BOOTLOADER_REQUEST_WIRE)
    assert calls == [1] and r.bootloader_requested
    assert len(k.SERIAL_BOOTLOADER_REQUEST) == 32


def test_nothing_answers_times_out_in_time() -> None:
    client = k.KlipperClient(Loopback(None))
    start = time.monotonic()
    with pytest.raises(k.IdentifyTimeout):
        client.identify(timeout=0.3)
    assert time.monotonic() - start < 0.6
    assert not client.received_any


def test_garbage_only_times_out_and_says_bytes_came() -> None:
    class Noise(Loopback):
        def read(self, timeout: float) -> bytes:
            time.sleep(0.005)
            return b"\x55\xaa\x01\x80"

    client = k.KlipperClient(Noise(None))
    with pytest.raises(k.IdentifyTimeout):
        client.identify(timeout=0.2)
    assert client.received_any and client.stats.discarded > 0


def test_non_dictionary_data_is_a_protocol_error() -> None:
    with pytest.raises(k.ProtocolError):
        k.decode_dictionary(b"not zlib")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_frame_reader_and_responder_never_raise(data: bytes) -> None:
    k.FrameReader().feed(data)
    k.KlipperMcuResponder(k.example_dictionary()).feed(data)
