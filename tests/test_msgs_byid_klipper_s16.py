"""Wordings checked for the byid-klipper round (session 16): SocketCAN failures as other tools than Klipper print them.

No new rows were needed this round; these pin the wordings of the gathered threads (python-can 4.x, iproute2, can-utils)
to the CAN ids so a later table change cannot drop them."""

from __future__ import annotations

from tests.textkit import first, serious

# python-can 4.x socketcan.py _send_once: CanOperationError(f"Failed to transmit: {error.strerror}", error.errno),
# printed as "<message> [Error Code <errno>]" (canopen-python/canopen#670)
PYCAN4_ENOBUFS = "can.exceptions.CanOperationError: Failed to transmit: No buffer space available [Error Code 105]"


def test_python_can_4_enobufs_is_a_small_tx_queue() -> None:
    assert first(PYCAN4_ENOBUFS) == "CAN006"


def test_can_utils_enobufs_wordings_are_a_small_tx_queue() -> None:
    # can-utils cansend.c perror("write"), canplayer.c perror("sendto")
    assert first("write: No buffer space available") == "CAN006"
    assert first("sendto: No buffer space available") == "CAN006"


def test_missing_can0_wordings() -> None:
    # iproute2: 'Cannot find device "%s"' (ip link set, ip/iplink.c) and 'Device "%s" does not exist.' (ip link show)
    assert first('Cannot find device "can0"') == "CAN002"
    assert first('Device "can0" does not exist.') == "CAN002"
    # older can-utils candump.c/cansend.c: perror("SIOCGIFINDEX") on an absent interface
    assert first("SIOCGIFINDEX: No such device") == "CAN002"


def test_down_interface_wordings() -> None:
    assert first("write: Network is down") == "CAN001"
    assert first("can.exceptions.CanOperationError: Failed to transmit: Network is down [Error Code 100]") == "CAN001"


def test_busy_bitrate_change_is_not_a_can_fault() -> None:
    # changing the bitrate of an interface that is up: a usage slip, none of the CAN catalogue causes
    text = "$ sudo ip link set can0 type can bitrate 500000\nRTNETLINK answers: Device or resource busy"
    assert not [i for i in serious(text) if i.startswith("CAN")]
