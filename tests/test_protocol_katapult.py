"""Katapult framing: the test vectors of upstream-tools.md B.5, CONNECT parsing, the streaming reader."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from doctor.protocols import katapult as k


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace("\n", " "))


VECTORS = [
    (k.encode(k.Cmd.CONNECT), "01 88 11 00 f1 7c 99 03"),
    (k.encode(k.Cmd.SEND_EOF), "01 88 13 00 41 4f 99 03"),
    (k.encode(k.Cmd.COMPLETE), "01 88 15 00 91 1b 99 03"),
    (k.encode(k.Cmd.GET_CANBUS_ID), "01 88 16 00 f9 31 99 03"),
    (k.encode(k.PRIME_CMD), "01 88 90 00 e5 e9 99 03"),
    (k.request_block_frame(0x08002000), "01 88 14 01 00 20 00 08 5b de 99 03"),
    (k.encode(k.Resp.NACK), "01 88 f1 00 68 95 99 03"),
    (k.encode(k.Resp.CMD_ERROR), "01 88 f2 00 00 bf 99 03"),
    (k.encode(k.Resp.BUSY), "01 88 f3 00 d8 a6 99 03"),
    (k.ack(k.Cmd.COMPLETE), "01 88 a0 01 15 00 00 00 00 2e 99 03"),
    (k.ack(k.Cmd.SEND_BLOCK, k.u32(0x08002000)), "01 88 a0 02 12 00 00 00 00 20 00 08 5a d6 99 03"),
    (k.ack(k.Cmd.SEND_EOF, k.u32(3)), "01 88 a0 02 13 00 00 00 03 00 00 00 5b fd 99 03"),
    (
        k.ack(k.Cmd.GET_CANBUS_ID, bytes.fromhex("0123456789ab") + b"\0\0"),
        "01 88 a0 03 16 00 00 00 01 23 45 67 89 ab 00 00 01 56 99 03",
    ),
]

CONNECT_ACK = h(
    "01 88 a0 0d 11 00 00 00 00 01 01 00 00 20 00 08 40 00 00 00 73 74 6d 33 32 66 31 30 33 78 65 00 "
    "00 00 00 00 76 30 2e 30 2e 31 2d 31 30 34 2d 67 66 63 62 32 66 38 34 00 87 73 99 03"
)


def test_crc_check_value() -> None:
    assert k.crc16(b"123456789") == 0x6F91


@pytest.mark.parametrize(("frame", "expected"), VECTORS, ids=[v[1][:14] for v in VECTORS])
def test_vectors(frame: bytes, expected: str) -> None:
    assert frame == h(expected)
    decoded = k.decode(frame)
    assert decoded.encode() == frame


def test_send_block_vector() -> None:
    frame = k.send_block_frame(0x08002000, b"\xff" * 64)
    assert len(frame) == 76 == k.send_block_size(64)
    assert frame[:8] == h("01 88 12 11 00 20 00 08")
    assert frame[-4:] == h("07 ea 99 03")


def test_connect_reply_built_and_parsed() -> None:
    built = k.encode(k.Resp.ACK, k.connect_payload(0x08002000, 64, "stm32f103xe", "v0.0.1-104-gfcb2f84"))
    assert built == CONNECT_ACK and len(built) == 60
    info = k.parse_connect(k.decode(CONNECT_ACK))
    assert info == k.ConnectInfo((1, 1, 0), 0x08002000, 64, "stm32f103xe", "v0.0.1-104-gfcb2f84")
    assert info.proto_text == "1.1.0"


def test_connect_without_version_and_old_protocol() -> None:
    payload = k.u32(k.Cmd.CONNECT, 0x00010100, 0x10004000, 64) + k.words_of("rp2040") + b"\0" * 4
    assert k.parse_connect(k.Frame(k.Resp.ACK, payload)).version is None
    old = k.u32(k.Cmd.CONNECT, 0x00010000, 0x4000, 64) + k.words_of("lpc1769")
    info = k.parse_connect(k.Frame(k.Resp.ACK, old))
    assert info.proto_version == (1, 0, 0) and info.mcu == "lpc1769" and info.version is None


def test_decode_rejects_corruption() -> None:
    good = bytearray(k.ack(k.Cmd.COMPLETE))
    good[5] ^= 0x01
    with pytest.raises(k.FrameError, match="CRC"):
        k.decode(bytes(good))
    with pytest.raises(k.FrameError, match="trailer"):
        k.decode(k.ack(k.Cmd.COMPLETE)[:-1] + b"\x00")
    with pytest.raises(ValueError):
        k.encode(0x11, b"abc")


def test_reader_resyncs_and_tolerates_trailer_inside_payload() -> None:
    reader = k.FrameReader()
    inner = k.ack(k.Cmd.REQUEST_BLOCK, k.u32(0x8002000) + b"\x99\x03" * 32)
    corrupt = bytearray(k.ack(k.Cmd.COMPLETE))
    corrupt[6] ^= 0xFF
    stream = b"garbage\x01" + bytes(corrupt) + inner + CONNECT_ACK
    for i in range(0, len(stream), 7):  # arrives in pieces
        reader.feed(stream[i : i + 7])
    items = list(reader.frames())
    frames = [i for i in items if isinstance(i, k.Frame)]
    assert any(isinstance(i, k.FrameError) for i in items)
    assert [f.word(0) for f in frames] == [k.Cmd.REQUEST_BLOCK, k.Cmd.CONNECT]
    assert frames[0].payload[8:] == b"\x99\x03" * 32


@given(st.binary(max_size=400))
def test_reader_never_raises(data: bytes) -> None:
    reader = k.FrameReader()
    reader.feed(data)
    for item in reader.frames():
        assert isinstance(item, (k.Frame, k.FrameError))


@given(st.integers(0, 255), st.binary(max_size=64).map(lambda b: b[: len(b) - len(b) % 4]))
def test_roundtrip(cmd: int, payload: bytes) -> None:
    assert k.decode(k.encode(cmd, payload)) == k.Frame(cmd, payload)


def test_needs_prime() -> None:
    assert k.needs_prime("stm32f103xe") and k.needs_prime("stm32g0b1xx")
    assert not k.needs_prime("stm32f446xx") and not k.needs_prime("stm32h723xx") and not k.needs_prime("rp2040")
    assert len(k.SERIAL_BL_BLOCK) == 32 and k.SERIAL_BL_REQ == b"~" + k.SERIAL_BL_BLOCK
